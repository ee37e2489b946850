#include <stdarg.h>
#include <stdio.h>

#include "buf.h"
#include "error.h"

#include "bh-banned.h"

/* Shared empty string so an initialised buffer needs no allocation (git strbuf). */
static char bh_buf_slop[1];

void bh_buf_init(struct bh_buf *b, size_t max)
{
        b->buf = bh_buf_slop;
        b->len = 0;
        b->alloc = 0;
        b->max = max;
}

void bh_buf_release(struct bh_buf *b)
{
        if (b->alloc)
                free(b->buf);
        bh_buf_init(b, b->max);
}

void bh_buf_reset(struct bh_buf *b)
{
        b->len = 0;
        if (b->alloc)
                b->buf[0] = '\0';
}

static int bh_buf_grow(struct bh_buf *b, size_t extra)
{
        size_t need;

        if (extra > b->max || b->len > b->max - extra)
                return BH_ELIMIT;
        need = b->len + extra + 1;
        if (need <= b->alloc)
                return 0;
        size_t n = b->alloc ? b->alloc : 64;
        while (n < need)
                n *= 2;
        if (b->alloc) {
                b->buf = bh_xrealloc(b->buf, n);
        } else {
                b->buf = bh_xmalloc(n);
                b->buf[0] = '\0';
        }
        b->alloc = n;
        return 0;
}

int bh_buf_add(struct bh_buf *b, const void *data, size_t len)
{
        /* room already (and within max): no call to grow */
        if (!(b->alloc && len < b->alloc - b->len && len <= b->max - b->len)) {
                int r = bh_buf_grow(b, len);
                if (r < 0)
                        return r;
        }
        if (len == 0)
                return 0;
        memcpy(b->buf + b->len, data, len);
        b->len += len;
        b->buf[b->len] = '\0';
        return 0;
}

int bh_buf_adds(struct bh_buf *b, const char *s)
{
        return bh_buf_add(b, s, strlen(s));
}

int bh_buf_addc(struct bh_buf *b, char c)
{
        return bh_buf_add(b, &c, 1);
}

int bh_buf_addf(struct bh_buf *b, const char *fmt, ...)
{
        va_list ap;
        char small[256];
        int n;

        va_start(ap, fmt);
        n = vsnprintf(small, sizeof(small), fmt, ap);
        va_end(ap);
        if (n < 0)
                return BH_EINVAL;
        if ((size_t)n < sizeof(small))
                return bh_buf_add(b, small, (size_t)n);
        int r = bh_buf_grow(b, (size_t)n);
        if (r < 0)
                return r;
        va_start(ap, fmt);
        vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
        b->len += (size_t)n;
        return 0;
}

char *bh_buf_detach(struct bh_buf *b, size_t *ret_len)
{
        char *s;

        if (ret_len)
                *ret_len = b->len;
        s = b->alloc ? b->buf : bh_xstrdup("");
        bh_buf_init(b, b->max);
        return s;
}
