/* Small macros shared by every layer: cleanup attributes, ownership hand-over,
 * array sizes and aborting allocators (OOM is not recoverable, as in crun/git). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BH_ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))
#define BH_UNUSED        __attribute__((unused))
#define BH_PRINTF(a, b)  __attribute__((format(printf, a, b)))
#define BH_NORETURN      __attribute__((noreturn))
#define BH_MIN(a, b)     ((a) < (b) ? (a) : (b))
#define BH_MAX(a, b)     ((a) > (b) ? (a) : (b))

static inline void bh_freep(void *p)
{
        free(*(void **)p);
}
#define bh_autofree __attribute__((cleanup(bh_freep)))

/* Return *pp and set *pp to NULL: the explicit ownership hand-over. */
static inline void *bh_steal_ptr_(void *pp)
{
        void **ptr = pp;
        void *ret = *ptr;

        *ptr = NULL;
        return ret;
}
#define BH_STEAL(pp) (0 ? (*(pp)) : (bh_steal_ptr_)(pp))

#define BH_DEFINE_AUTOPTR(T, freefn)                    \
        static inline void T##_autofreep(struct T **p) \
        {                                               \
                freefn(*p);                             \
        }
#define bh_autoptr(T) __attribute__((cleanup(T##_autofreep))) struct T *

void *bh_xmalloc(size_t n);
void *bh_xcalloc(size_t nmemb, size_t size);
void *bh_xrealloc(void *p, size_t n);
/* reallocarray that aborts on overflow or OOM */
void *bh_xreallocarray(void *p, size_t nmemb, size_t size);
char *bh_xstrdup(const char *s);
char *bh_xstrndup(const char *s, size_t n);
char *bh_xasprintf(const char *fmt, ...) BH_PRINTF(1, 2);

/* Growable array of T: BH_VEC(T) v = {0}; BH_VEC_PUSH(&v, x); free(v.v). */
#define BH_VEC(T)          \
        struct {           \
                T *v;      \
                size_t n;  \
                size_t cap; \
        }
/* Make room for one more element; returns the (possibly moved) array. */
static inline void *bh_vec_grow_(void *v, size_t n, size_t *cap, size_t elem)
{
        if (n < *cap)
                return v;
        *cap = *cap ? *cap * 2 : 8;
        return bh_xreallocarray(v, *cap, elem);
}
#define BH_VEC_GROW(vec) \
        ((vec)->v = bh_vec_grow_((vec)->v, (vec)->n, &(vec)->cap, sizeof(*(vec)->v)))
#define BH_VEC_PUSH(vec, x)                 \
        do {                                \
                BH_VEC_GROW(vec);           \
                (vec)->v[(vec)->n++] = (x); \
        } while (0)
/* Push a zeroed element and return a pointer to it. */
#define BH_VEC_NEW(vec) \
        (BH_VEC_GROW(vec), memset(&(vec)->v[(vec)->n], 0, sizeof(*(vec)->v)), &(vec)->v[(vec)->n++])
