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

void *bh_arena_alloc(struct bh_arena *a, size_t n)
{
        struct bh_arena_chunk *c = a->head;
        size_t need = (n + 15u) & ~(size_t)15u;

        if (need < n)
                abort();
        if (!c || c->size - c->used < need) {
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
        }
        void *p = c->data + c->used;
        c->used += need;
        memset(p, 0, n);
        return p;
}

char *bh_arena_strndup(struct bh_arena *a, const char *s, size_t n)
{
        char *p = bh_arena_alloc(a, n + 1);

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
