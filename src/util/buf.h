/* Growable byte buffer with git strbuf's invariants (buf never NULL once
 * initialised, always NUL-terminated) plus curl dynbuf's mandatory maximum:
 * appending past max fails with BH_ELIMIT and leaves the buffer unchanged. */
#pragma once

#include "bh-macro.h"

struct bh_buf {
        char *buf;
        size_t len;
        size_t alloc;
        size_t max;
};

void bh_buf_init(struct bh_buf *b, size_t max);
void bh_buf_release(struct bh_buf *b);
void bh_buf_reset(struct bh_buf *b); /* len = 0, keeps memory */
int bh_buf_add(struct bh_buf *b, const void *data, size_t len);
int bh_buf_adds(struct bh_buf *b, const char *s);
int bh_buf_addc(struct bh_buf *b, char c);
int bh_buf_addf(struct bh_buf *b, const char *fmt, ...) BH_PRINTF(2, 3);
/* Hand the string to the caller (who frees it); the buffer is re-initialised. */
char *bh_buf_detach(struct bh_buf *b, size_t *ret_len);
