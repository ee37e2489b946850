#include <stdarg.h>
#include <stdio.h>

#include "arena.h"

#include "bh-banned.h"

struct bh_arena_chunk {
        struct bh_arena_chunk *next;
        size_t size;
        _Alignas(16) unsigned char data[];
};

#define BH_ARENA_CHUNK (64u * 1024u)

/* n bytes at alignment align (1 or 16), not initialised.  The head chunk's
 * free space is [a->cur, a->end). */
static void *bh_arena_take(struct bh_arena *a, size_t n, size_t align)
{
        if (n > SIZE_MAX - 16u)
                abort();
        if (a->head) {
                uintptr_t at = ((uintptr_t)a->cur + align - 1) & ~(uintptr_t)(align - 1);
                if (at <= (uintptr_t)a->end && (uintptr_t)a->end - at >= n) {
                        a->cur = (char *)at + n;
                        return (char *)at;
                }
        }
        size_t need = (n + 15u) & ~(size_t)15u;
        size_t size = need > BH_ARENA_CHUNK / 4 ? need : BH_ARENA_CHUNK;
        struct bh_arena_chunk *c = bh_xmalloc(sizeof(*c) + size);
        c->size = size;
        if (size == need && a->head) {
                /* big allocation: keep the current chunk in front for small ones */
                c->next = a->head->next;
                a->head->next = c;
                return c->data;
        }
        c->next = a->head;
        a->head = c;
        a->cur = (char *)c->data + n;
        a->end = (char *)c->data + size;
        return c->data;
}

void *bh_arena_alloc_slow(struct bh_arena *a, size_t n)
{
        void *p = bh_arena_take(a, n, 16);

        memset(p, 0, n);
        return p;
}

void *bh_arena_memdup(struct bh_arena *a, const void *s, size_t n)
{
        void *p = bh_arena_take(a, n, 16);

        if (n)
                memcpy(p, s, n);
        return p;
}

char *bh_arena_strndup_slow(struct bh_arena *a, const char *s, size_t n)
{
        /* strings need no alignment and no zeroing: they are copied whole */
        char *p = bh_arena_take(a, n + 1, 1);

        if (n)
                memcpy(p, s, n);
        p[n] = '\0';
        return p;
}

char *bh_arena_strdup(struct bh_arena *a, const char *s)
{
        return s ? bh_arena_strndup(a, s, strlen(s)) : NULL;
}

char *bh_arena_printf(struct bh_arena *a, const char *fmt, ...)
{
        char small[256];
        va_list ap;
        int n;

        /* measure into a stack buffer (not NULL: gcc's sanitizer builds warn) */
        va_start(ap, fmt);
        n = vsnprintf(small, sizeof(small), fmt, ap);
        va_end(ap);
        if (n < 0)
                return bh_arena_strdup(a, "");
        if ((size_t)n < sizeof(small))
                return bh_arena_strndup(a, small, (size_t)n);
        char *p = bh_arena_alloc(a, (size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
        return p;
}

void bh_arena_release(struct bh_arena *a)
{
        struct bh_arena_chunk *c = a->head;

        while (c) {
                struct bh_arena_chunk *next = c->next;
                free(c);
                c = next;
        }
        a->head = NULL;
        a->cur = a->end = NULL;
}
