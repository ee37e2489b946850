#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "error.h"
#include "strutil.h"

#include "bh-banned.h"

int bh_parse_u64n(const char *s, size_t n, uint64_t min, uint64_t max, uint64_t *ret)
{
        uint64_t v = 0;

        if (n == 0)
                return BH_EINVAL;
        for (size_t i = 0; i < n; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return BH_EINVAL;
                unsigned d = (unsigned)(s[i] - '0');
                if (v > (UINT64_MAX - d) / 10)
                        return BH_ELIMIT;
                v = v * 10 + d;
        }
        if (v < min || v > max)
                return BH_ELIMIT;
        *ret = v;
        return 0;
}

int bh_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *ret)
{
        return bh_parse_u64n(s, strlen(s), min, max, ret);
}

bool bh_str_startswith(const char *s, const char *prefix)
{
        return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool bh_str_endswith(const char *s, const char *suffix)
{
        size_t ls = strlen(s), lx = strlen(suffix);

        return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

bool bh_str_eq_ci(const char *a, const char *b)
{
        return strcasecmp(a, b) == 0;
}

bool bh_str_startswith_ci(const char *s, const char *prefix)
{
        return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

const char *bh_path_basename(const char *s)
{
        const char *slash = strrchr(s, '/');

        return slash ? slash + 1 : s;
}

/* [...] class at p (after '['); sets *end past ']'; false if malformed. */
static bool bh_glob_class(const char *p, char c, const char **end, bool *matched)
{
        bool neg = false, ok = false;

        if (*p == '!' || *p == '^') {
                neg = true;
                p++;
        }
        const char *start = p;
        while (*p && (*p != ']' || p == start)) {
                if (p[1] == '-' && p[2] && p[2] != ']') {
                        if (c >= p[0] && c <= p[2])
                                ok = true;
                        p += 3;
                } else {
                        if (c == *p)
                                ok = true;
                        p++;
                }
        }
        if (*p != ']')
                return false;
        *end = p + 1;
        *matched = ok != neg;
        return true;
}

static bool bh_glob_rec(const char *p, const char *s, unsigned depth)
{
        if (depth > 64)
                return false;
        for (;;) {
                if (*p == '\0')
                        return *s == '\0';
                if (p[0] == '*' && p[1] == '*') {
                        const char *rest = p + 2;
                        bool slash = *rest == '/';
                        if (slash)
                                rest++;
                        /* '**' matches zero or more whole components */
                        if (bh_glob_rec(rest, s, depth + 1))
                                return true;
                        for (const char *q = s; *q; q++) {
                                if ((!slash || *q == '/') && bh_glob_rec(rest, q + 1, depth + 1))
                                        return true;
                        }
                        return false;
                }
                if (*p == '*') {
                        p++;
                        for (const char *q = s;; q++) {
                                if (bh_glob_rec(p, q, depth + 1))
                                        return true;
                                if (*q == '\0' || *q == '/')
                                        return false;
                        }
                }
                if (*s == '\0')
                        return false;
                if (*p == '?') {
                        if (*s == '/')
                                return false;
                } else if (*p == '[') {
                        const char *end;
                        bool m;
                        if (bh_glob_class(p + 1, *s, &end, &m)) {
                                if (!m || *s == '/')
                                        return false;
                                p = end;
                                s++;
                                continue;
                        }
                        if (*s != '[')
                                return false;
                } else if (*p == '\\' && p[1]) {
                        p++;
                        if (*p != *s)
                                return false;
                } else if (*p != *s) {
                        return false;
                }
                p++;
                s++;
        }
}

bool bh_glob_match(const char *pattern, const char *path)
{
        return bh_glob_rec(pattern, path, 0);
}

/* Days from civil (Howard Hinnant's algorithm). */
static int64_t bh_days_from_civil(int64_t y, unsigned m, unsigned d)
{
        y -= m <= 2;
        const int64_t era = (y >= 0 ? y : y - 399) / 400;
        const unsigned yoe = (unsigned)(y - era * 400);
        const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + (int64_t)doe - 719468;
}

bool bh_parse_date(const char *s, int64_t *ret_days)
{
        uint64_t y, m, d;

        if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
                return false;
        if (bh_parse_u64n(s, 4, 1970, 9999, &y) < 0 || bh_parse_u64n(s + 5, 2, 1, 12, &m) < 0 ||
            bh_parse_u64n(s + 8, 2, 1, 31, &d) < 0)
                return false;
        static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (d > mdays[m - 1])
                return false;
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (m == 2 && d == 29 && !leap)
                return false;
        *ret_days = bh_days_from_civil((int64_t)y, (unsigned)m, (unsigned)d);
        return true;
}

int64_t bh_today(void)
{
        const char *o = getenv("BULKHEAD_TODAY");
        int64_t days;

        if (o && bh_parse_date(o, &days))
                return days;
        return (int64_t)(time(NULL) / 86400);
}

/* Append s[0..n) to buf (capacity cap, used *len), truncating as vsnprintf
 * does; *total counts what the full output would be. */
static void bh_fmt_put(char *buf, size_t cap, size_t *len, size_t *total, const char *s, size_t n)
{
        if (*len + 1 < cap) {
                size_t k = BH_MIN(n, cap - 1 - *len);
                memcpy(buf + *len, s, k);
                *len += k;
        }
        *total += n;
}

size_t bh_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
        va_list ap2;
        size_t len = 0, total = 0;
        const char *f = fmt;

        va_copy(ap2, ap);
        while (*f) {
                const char *pct = strchr(f, '%');
                if (!pct) {
                        bh_fmt_put(buf, cap, &len, &total, f, strlen(f));
                        break;
                }
                bh_fmt_put(buf, cap, &len, &total, f, (size_t)(pct - f));
                f = pct + 1;
                if (f[0] == 's') {
                        const char *a = va_arg(ap, const char *);
                        if (!a)
                                a = "(null)";
                        bh_fmt_put(buf, cap, &len, &total, a, strlen(a));
                        f++;
                } else if (f[0] == '.' && f[1] == '*' && f[2] == 's') {
                        int prec = va_arg(ap, int);
                        const char *a = va_arg(ap, const char *);
                        if (!a || prec < 0)
                                goto fallback;
                        bh_fmt_put(buf, cap, &len, &total, a, strnlen(a, (size_t)prec));
                        f += 3;
                } else if (f[0] == 'u') {
                        char num[16];
                        unsigned v = va_arg(ap, unsigned);
                        size_t i = sizeof(num);
                        do
                                num[--i] = (char)('0' + v % 10);
                        while (v /= 10);
                        bh_fmt_put(buf, cap, &len, &total, num + i, sizeof(num) - i);
                        f++;
                } else if (f[0] == '%') {
                        bh_fmt_put(buf, cap, &len, &total, "%", 1);
                        f++;
                } else {
                        goto fallback;
                }
        }
        va_end(ap2);
        if (cap)
                buf[len] = '\0';
        return total;
fallback:
        /* a conversion this fast path does not know: let libc do all of it */
        {
                int r = vsnprintf(buf, cap, fmt, ap2);
                va_end(ap2);
                return r < 0 ? 0 : (size_t)r;
        }
}
