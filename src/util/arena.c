#include <stdarg.h>
#include <stdio.h>

#include "arena.h"

#include "bh-banned.h"

struct bh_arena_chunk {
        struct bh_arena_chunk *next;
        size_t used;
        size_t size;
        _Alignas(16) unsigned char data[];
};

#define BH_ARENA_CHUNK (64u * 1024u)

/* n bytes at alignment align (1 or 16), not initialised. */
static void *bh_arena_take(struct bh_arena *a, size_t n, size_t align)
{
        struct bh_arena_chunk *c = a->head;
        size_t at = 0;

        if (n > SIZE_MAX - 16u)
                abort();
        if (c)
                at = (c->used + align - 1) & ~(align - 1);
        if (!c || at > c->size || c->size - at < n) {
                size_t need = (n + 15u) & ~(size_t)15u;
                size_t size = need > BH_ARENA_CHUNK / 4 ? need : BH_ARENA_CHUNK;
                c = bh_xmalloc(sizeof(*c) + size);
                c->size = size;
                c->used = 0;
                if (size == need && a->head) {
                        /* big allocation: keep the current chunk in front for small ones */
                        c->next = a->head->next;
                        a->head->next = c;
                } else {
                        c->next = a->head;
                        a->head = c;
                }
                at = 0;
        }
        c->used = at + n;
        return c->data + at;
}

void *bh_arena_alloc(struct bh_arena *a, size_t n)
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

char *bh_arena_strndup(struct bh_arena *a, const char *s, size_t n)
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
}
