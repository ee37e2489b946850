#include <stdarg.h>
#include <stdio.h>

#include "bh-macro.h"

#include "bh-banned.h"

BH_NORETURN static void bh_oom(void)
{
        fputs("bulkhead: out of memory\n", stderr);
        abort();
}

void *bh_xmalloc(size_t n)
{
        void *p = malloc(n ? n : 1);

        if (!p)
                bh_oom();
        return p;
}

void *bh_xcalloc(size_t nmemb, size_t size)
{
        void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

        if (!p)
                bh_oom();
        return p;
}

void *bh_xrealloc(void *p, size_t n)
{
        void *q = realloc(p, n ? n : 1);

        if (!q)
                bh_oom();
        return q;
}

void *bh_xreallocarray(void *p, size_t nmemb, size_t size)
{
        if (size && nmemb > SIZE_MAX / size)
                bh_oom();
        return bh_xrealloc(p, nmemb * size);
}

char *bh_xstrdup(const char *s)
{
        return bh_xstrndup(s, strlen(s));
}

char *bh_xstrndup(const char *s, size_t n)
{
        size_t len = strnlen(s, n);
        char *p = bh_xmalloc(len + 1);

        memcpy(p, s, len);
        p[len] = '\0';
        return p;
}

char *bh_xasprintf(const char *fmt, ...)
{
        va_list ap;
        char *p = NULL;
        int r;

        va_start(ap, fmt);
        r = vasprintf(&p, fmt, ap);
        va_end(ap);
        if (r < 0)
                bh_oom();
        return p;
}
