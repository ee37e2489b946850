#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

#include "bh-banned.h"

BH_PRINTF(4, 0)
static int bh_error_vset(struct bh_error **err, int code, int errnum, const char *fmt, va_list ap)
{
        struct bh_error *e;
        size_t len;

        if (!err)
                return code;
        if (!*err)
                *err = bh_xcalloc(1, sizeof(**err));
        e = *err;
        e->code = code;
        e->errnum = errnum;
        vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
        if (errnum) {
                len = strlen(e->msg);
                snprintf(e->msg + len, sizeof(e->msg) - len, ": %s", strerror(errnum));
        }
        return code;
}

int bh_error_set(struct bh_error **err, int code, const char *fmt, ...)
{
        va_list ap;
        int r;

        va_start(ap, fmt);
        r = bh_error_vset(err, code, 0, fmt, ap);
        va_end(ap);
        return r;
}

int bh_error_set_errno(struct bh_error **err, int code, int errnum, const char *fmt, ...)
{
        va_list ap;
        int r;

        va_start(ap, fmt);
        r = bh_error_vset(err, code, errnum, fmt, ap);
        va_end(ap);
        return r;
}

int bh_error_wrap(struct bh_error **err, const char *fmt, ...)
{
        char prefix[256];
        char old[sizeof((*err)->msg)];
        va_list ap;

        if (!err || !*err)
                return BH_EINVAL;
        va_start(ap, fmt);
        vsnprintf(prefix, sizeof(prefix), fmt, ap);
        va_end(ap);
        memcpy(old, (*err)->msg, sizeof(old));
        /* prefix ": " old, truncated to the message size */
        size_t cap = sizeof((*err)->msg) - 1, o = 0;
        size_t lp = BH_MIN(strlen(prefix), cap);
        memcpy((*err)->msg, prefix, lp);
        o = lp;
        for (const char *s = ": "; *s && o < cap; s++)
                (*err)->msg[o++] = *s;
        size_t lo = BH_MIN(strlen(old), cap - o);
        memcpy((*err)->msg + o, old, lo);
        (*err)->msg[o + lo] = '\0';
        return (*err)->code;
}

void bh_error_free(struct bh_error *err)
{
        free(err);
}
