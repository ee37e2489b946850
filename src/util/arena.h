/* Bump allocator for per-document model strings: freed all at once.
 * A zeroed struct bh_arena is an empty arena. */
#pragma once

#include "bh-macro.h"

struct bh_arena_chunk;
struct bh_arena {
        struct bh_arena_chunk *head;
        /* Free space of the head chunk, kept here so that the common small
         * string copy is an inline pointer bump (bh_arena_strndup). */
        char *cur;
        char *end;
};

void *bh_arena_alloc_slow(struct bh_arena *a, size_t n);
/* n zeroed bytes, 16-byte aligned.  Inline so that the zeroing of a constant
 * size (a struct) is a few stores rather than a call to memset. */
static inline void *bh_arena_alloc(struct bh_arena *a, size_t n)
{
        uintptr_t at = ((uintptr_t)a->cur + 15u) & ~(uintptr_t)15u;

        if (a->cur && at <= (uintptr_t)a->end && (uintptr_t)a->end - at >= n) {
                a->cur = (char *)at + n;
                memset((char *)at, 0, n);
                return (char *)at;
        }
        return bh_arena_alloc_slow(a, n);
}
/* A copy of s[0..n) (16-byte aligned, not zeroed past n). */
void *bh_arena_memdup(struct bh_arena *a, const void *s, size_t n);
char *bh_arena_strdup(struct bh_arena *a, const char *s);
/* s[0..n) plus a NUL, unaligned; the bytes are copied, nothing is zeroed. */
char *bh_arena_strndup_slow(struct bh_arena *a, const char *s, size_t n);
static inline char *bh_arena_strndup(struct bh_arena *a, const char *s, size_t n)
{
        if ((size_t)(a->end - a->cur) > n) {
                char *p = a->cur;
                a->cur += n + 1;
                memcpy(p, s, n);
                p[n] = '\0';
                return p;
        }
        return bh_arena_strndup_slow(a, s, n);
}
char *bh_arena_printf(struct bh_arena *a, const char *fmt, ...) BH_PRINTF(2, 3);
void bh_arena_release(struct bh_arena *a);
