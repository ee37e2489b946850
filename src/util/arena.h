/* Bump allocator for per-document model strings: freed all at once. */
#pragma once

#include "bh-macro.h"

struct bh_arena_chunk;
struct bh_arena {
        struct bh_arena_chunk *head;
};

void *bh_arena_alloc(struct bh_arena *a, size_t n); /* zeroed, 16-byte aligned */
/* A copy of s[0..n) (16-byte aligned, not zeroed past n). */
void *bh_arena_memdup(struct bh_arena *a, const void *s, size_t n);
char *bh_arena_strdup(struct bh_arena *a, const char *s);
char *bh_arena_strndup(struct bh_arena *a, const char *s, size_t n);
char *bh_arena_printf(struct bh_arena *a, const char *fmt, ...) BH_PRINTF(2, 3);
void bh_arena_release(struct bh_arena *a);
