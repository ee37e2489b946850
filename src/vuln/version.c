/* Version ordering for dpkg, apk and rpm.  Written from the schemes'
 * documented behaviour (deb-version(7), apk-package(5), rpm's rpmvercmp
 * semantics) and checked against dpkg and rpm themselves by
 * tests/vuln/oracle.py.  Every input is read as a bounded slice; nothing is
 * copied or allocated. */
#include <string.h>

#include "../util/limits.h"
#include "version.h"

#include "../util/bh-banned.h"

/* ASCII-only classes: the schemes are defined on bytes, never on the locale. */
static bool is_digit(int c)
{
        return c >= '0' && c <= '9';
}

static bool is_alpha(int c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_lower(int c)
{
        return c >= 'a' && c <= 'z';
}

static int sign(long v)
{
        return (v > 0) - (v < 0);
}

/* Within the limit?  Reads at most BH_LIMIT_VERSION_LENGTH + 1 bytes. */
static bool within_limit(const char *v, size_t *ret_len)
{
        size_t n = strnlen(v, BH_LIMIT_VERSION_LENGTH + 1);

        *ret_len = n;
        return n <= BH_LIMIT_VERSION_LENGTH;
}

/* Compare two digit runs by magnitude, leading zeros ignored, whatever their
 * length (no integer conversion, so no overflow). */
static int cmp_digits(const char *a, size_t an, const char *b, size_t bn)
{
        while (an > 0 && *a == '0')
                a++, an--;
        while (bn > 0 && *b == '0')
                b++, bn--;
        if (an != bn)
                return an < bn ? -1 : 1;
        return sign(memcmp(a, b, an));
}

/* The rejected class: orders before every accepted version, bytewise inside. */
static int cmp_rejected(const char *a, bool a_ok, const char *b, bool b_ok)
{
        if (!a_ok && !b_ok)
                return sign(strcmp(a, b));
        return a_ok ? 1 : -1;
}

/* ---- dpkg ------------------------------------------------------------ */

struct dpkg_ver {
        unsigned long epoch;
        const char *up, *up_end;
        const char *rev, *rev_end;
};

enum dpkg_parse {
        DPKG_OK,     /* valid */
        DPKG_WARN,   /* dpkg warns but compares */
        DPKG_REJECT, /* dpkg refuses (or over the limit) */
};

static bool dpkg_is_blank(char c)
{
        return c == ' ' || c == '\t';
}

/* strtol's idea of white space in the C locale: the epoch is read with it. */
static bool dpkg_is_space(char c)
{
        return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Mirrors dpkg's parseversion: trims blanks, refuses embedded ones, reads
 * the epoch the way strtol does (sign, 0..INT_MAX), splits the revision at
 * the last '-'.  Errors reject; character problems are warnings. */
static enum dpkg_parse dpkg_parse(const char *s, struct dpkg_ver *v)
{
        const char *p, *end, *vend, *colon, *hy;
        size_t len;

        *v = (struct dpkg_ver){.up = s, .up_end = s, .rev = s, .rev_end = s};
        if (!within_limit(s, &len))
                return DPKG_REJECT;
        if (len == 0)
                return DPKG_WARN; /* the blank version: compared, never valid */
        p = s;
        end = s + len;
        while (p < end && dpkg_is_blank(*p))
                p++;
        if (p == end)
                return DPKG_REJECT; /* version string is empty */
        vend = p;
        while (vend < end && !dpkg_is_blank(*vend))
                vend++;
        for (const char *q = vend; q < end; q++)
                if (!dpkg_is_blank(*q))
                        return DPKG_REJECT; /* embedded spaces */

        colon = memchr(p, ':', (size_t)(vend - p));
        if (colon) {
                const char *q = p, *digits;
                unsigned long epoch = 0;
                bool neg = false;

                while (q < colon && dpkg_is_space(*q))
                        q++;
                if (q < colon && (*q == '+' || *q == '-'))
                        neg = *q++ == '-';
                digits = q;
                while (q < colon && is_digit(*q)) {
                        /* Saturate: anything past INT_MAX is "too big". */
                        if (epoch <= 0x7fffffffUL)
                                epoch = epoch * 10 + (unsigned long)(*q - '0');
                        q++;
                }
                if (q == digits || q != colon)
                        return DPKG_REJECT; /* epoch empty or not a number */
                if ((neg && epoch != 0) || epoch > 0x7fffffffUL)
                        return DPKG_REJECT; /* negative or too big */
                p = colon + 1;
                if (p == vend)
                        return DPKG_REJECT; /* nothing after the colon */
                v->epoch = epoch;
        }

        hy = NULL;
        for (const char *q = p; q < vend; q++)
                if (*q == '-')
                        hy = q;
        v->up = p;
        if (hy) {
                if (hy + 1 == vend)
                        return DPKG_REJECT; /* revision number is empty */
                v->up_end = hy;
                v->rev = hy + 1;
                v->rev_end = vend;
        } else {
                v->up_end = vend;
                v->rev = v->rev_end = vend;
        }
        if (v->up == v->up_end)
                return DPKG_REJECT; /* version number is empty */

        if (!is_digit(*v->up))
                return DPKG_WARN;
        for (const char *q = v->up; q < v->up_end; q++)
                if (!is_digit(*q) && !is_alpha(*q) && !strchr(".-+~:", *q))
                        return DPKG_WARN;
        for (const char *q = v->rev; q < v->rev_end; q++)
                if (!is_digit(*q) && !is_alpha(*q) && !strchr(".+~", *q))
                        return DPKG_WARN;
        return DPKG_OK;
}

/* dpkg's weight of a non-digit character: '~' lowest (below the end, which
 * weighs 0 like a digit), then letters by ASCII, then everything else.  The
 * signed-char cast reproduces dpkg on amd64 for bytes >= 0x80. */
static int dpkg_order(const char *p, const char *end)
{
        int c = p < end ? (signed char)*p : 0;

        if (c == 0 || is_digit(c))
                return 0;
        if (is_alpha(c))
                return c;
        if (c == '~')
                return -1;
        return c + 256;
}

/* verrevcmp over two slices. */
static int dpkg_verrevcmp(const char *a, const char *ae, const char *b, const char *be)
{
        while (a < ae || b < be) {
                int first_diff = 0;

                while ((a < ae && !is_digit(*a)) || (b < be && !is_digit(*b))) {
                        int ac = dpkg_order(a, ae), bc = dpkg_order(b, be);

                        if (ac != bc)
                                return sign(ac - bc);
                        /* Equal weights: neither side is at its end here. */
                        a++;
                        b++;
                }
                while (a < ae && *a == '0')
                        a++;
                while (b < be && *b == '0')
                        b++;
                while (a < ae && b < be && is_digit(*a) && is_digit(*b)) {
                        if (!first_diff)
                                first_diff = *a - *b;
                        a++;
                        b++;
                }
                if (a < ae && is_digit(*a))
                        return 1;
                if (b < be && is_digit(*b))
                        return -1;
                if (first_diff)
                        return sign(first_diff);
        }
        return 0;
}

int bh_version_cmp_dpkg(const char *a, const char *b)
{
        struct dpkg_ver va, vb;
        bool a_ok = dpkg_parse(a, &va) != DPKG_REJECT;
        bool b_ok = dpkg_parse(b, &vb) != DPKG_REJECT;
        int r;

        if (!a_ok || !b_ok)
                return cmp_rejected(a, a_ok, b, b_ok);
        /* dpkg --compare-versions: the blank version is older than any
         * other and equal only to itself. */
        if (a[0] == '\0' || b[0] == '\0')
                return (a[0] != '\0') - (b[0] != '\0');
        if (va.epoch != vb.epoch)
                return va.epoch < vb.epoch ? -1 : 1;
        r = dpkg_verrevcmp(va.up, va.up_end, vb.up, vb.up_end);
        if (r)
                return r;
        return dpkg_verrevcmp(va.rev, va.rev_end, vb.rev, vb.rev_end);
}

bool bh_version_valid_dpkg(const char *v)
{
        struct dpkg_ver pv;

        return v[0] != '\0' && dpkg_parse(v, &pv) == DPKG_OK;
}

/* ---- apk ------------------------------------------------------------- */

/* Token kinds in the order apk-tools ranks them when two versions part ways:
 * the side whose next token kind is later is the lesser version. */
enum apk_tok {
        APK_TOK_INITIAL,
        APK_TOK_DIGIT,
        APK_TOK_LETTER,
        APK_TOK_SUFFIX,
        APK_TOK_SUFFIX_NO,
        APK_TOK_HASH,
        APK_TOK_REV,
        APK_TOK_END,
        APK_TOK_INVALID,
};

/* Suffix ranks; the implicit "no suffix" sits between _rc and _cvs. */
enum apk_suffix {
        APK_SUF_ALPHA,
        APK_SUF_BETA,
        APK_SUF_PRE,
        APK_SUF_RC,
        APK_SUF_NONE,
        APK_SUF_CVS,
        APK_SUF_SVN,
        APK_SUF_GIT,
        APK_SUF_HG,
        APK_SUF_P,
        APK_SUF__COUNT,
};

static const char *const apk_suffix_names[APK_SUF__COUNT] = {
        [APK_SUF_ALPHA] = "alpha", [APK_SUF_BETA] = "beta", [APK_SUF_PRE] = "pre",
        [APK_SUF_RC] = "rc",       [APK_SUF_NONE] = NULL,   [APK_SUF_CVS] = "cvs",
        [APK_SUF_SVN] = "svn",     [APK_SUF_GIT] = "git",   [APK_SUF_HG] = "hg",
        [APK_SUF_P] = "p",
};

struct apk_cur {
        const char *p, *end;
        enum apk_tok tok;
        int suffix;
        const char *val; /* the token's text (digits, letter, hash) */
        size_t len;
};

static void apk_take_digits(struct apk_cur *c, enum apk_tok tok)
{
        c->val = c->p;
        while (c->p < c->end && is_digit(*c->p))
                c->p++;
        c->len = (size_t)(c->p - c->val);
        c->tok = c->len ? tok : APK_TOK_INVALID;
}

static void apk_first(struct apk_cur *c, const char *s, size_t len)
{
        c->p = s;
        c->end = s + len;
        c->suffix = APK_SUF_NONE;
        apk_take_digits(c, APK_TOK_INITIAL);
}

static int apk_suffix_value(const char *s, size_t n)
{
        for (int i = 0; i < APK_SUF__COUNT; i++) {
                const char *name = apk_suffix_names[i];

                if (name && strlen(name) == n && memcmp(name, s, n) == 0)
                        return i;
        }
        return -1;
}

/* The next token; which kinds may follow which is apk's grammar
 * number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}. */
static void apk_next(struct apk_cur *c)
{
        enum apk_tok prev = c->tok;
        char ch;

        if (c->p == c->end) {
                c->tok = APK_TOK_END;
                return;
        }
        ch = *c->p;
        if (is_lower(ch) && prev <= APK_TOK_DIGIT) {
                c->val = c->p++;
                c->len = 1;
                c->tok = APK_TOK_LETTER;
        } else if (ch == '.' && prev <= APK_TOK_DIGIT) {
                c->p++;
                apk_take_digits(c, APK_TOK_DIGIT);
        } else if (is_digit(ch) && prev == APK_TOK_SUFFIX) {
                apk_take_digits(c, APK_TOK_SUFFIX_NO);
        } else if (ch == '_' && prev <= APK_TOK_SUFFIX_NO) {
                const char *name = ++c->p;

                while (c->p < c->end && is_lower(*c->p))
                        c->p++;
                c->suffix = apk_suffix_value(name, (size_t)(c->p - name));
                c->tok = c->suffix < 0 ? APK_TOK_INVALID : APK_TOK_SUFFIX;
        } else if (ch == '~' && prev < APK_TOK_HASH) {
                c->val = ++c->p;
                while (c->p < c->end && (is_digit(*c->p) || (*c->p >= 'a' && *c->p <= 'f')))
                        c->p++;
                c->len = (size_t)(c->p - c->val);
                c->tok = c->len ? APK_TOK_HASH : APK_TOK_INVALID;
        } else if (ch == '-' && prev < APK_TOK_REV && c->end - c->p >= 2 && c->p[1] == 'r') {
                c->p += 2;
                apk_take_digits(c, APK_TOK_REV);
        } else {
                c->tok = APK_TOK_INVALID;
        }
}

/* Two tokens of the same kind. */
static int apk_token_cmp(const struct apk_cur *a, const struct apk_cur *b)
{
        size_t n;

        switch (a->tok) {
        case APK_TOK_DIGIT:
                /* A leading zero on either side: string order (Gentoo's
                 * rule), so 1.02 < 1.1 and 1.010 < 1.02. */
                if (a->val[0] == '0' || b->val[0] == '0')
                        break;
                return cmp_digits(a->val, a->len, b->val, b->len);
        case APK_TOK_INITIAL:
        case APK_TOK_SUFFIX_NO:
        case APK_TOK_REV:
                return cmp_digits(a->val, a->len, b->val, b->len);
        case APK_TOK_SUFFIX:
                return sign(a->suffix - b->suffix);
        case APK_TOK_LETTER:
        case APK_TOK_HASH:
        case APK_TOK_END:
        case APK_TOK_INVALID:
                break;
        }
        n = BH_MIN(a->len, b->len);
        if (memcmp(a->val, b->val, n) != 0)
                return sign(memcmp(a->val, b->val, n));
        return a->len == b->len ? 0 : (a->len < b->len ? -1 : 1);
}

static bool apk_accepts(const char *v, size_t *ret_len)
{
        struct apk_cur c;

        if (!within_limit(v, ret_len))
                return false;
        for (apk_first(&c, v, *ret_len); c.tok < APK_TOK_END; apk_next(&c))
                ;
        return c.tok == APK_TOK_END;
}

int bh_version_cmp_apk(const char *a, const char *b)
{
        struct apk_cur ta, tb;
        size_t an, bn;
        bool a_ok = apk_accepts(a, &an), b_ok = apk_accepts(b, &bn);

        if (!a_ok || !b_ok)
                return cmp_rejected(a, a_ok, b, b_ok);
        apk_first(&ta, a, an);
        apk_first(&tb, b, bn);
        while (ta.tok == tb.tok && ta.tok < APK_TOK_END) {
                int r = apk_token_cmp(&ta, &tb);

                if (r)
                        return r;
                apk_next(&ta);
                apk_next(&tb);
        }
        if (ta.tok == tb.tok)
                return 0;
        /* Equal so far: the longer version is greater, unless what it has
         * more is a pre-release suffix. */
        if (ta.tok == APK_TOK_SUFFIX && ta.suffix < APK_SUF_NONE)
                return -1;
        if (tb.tok == APK_TOK_SUFFIX && tb.suffix < APK_SUF_NONE)
                return 1;
        return ta.tok > tb.tok ? -1 : 1;
}

bool bh_version_valid_apk(const char *v)
{
        size_t n;

        return apk_accepts(v, &n);
}

/* ---- rpm ------------------------------------------------------------- */

static bool rpm_is_alnum(char c)
{
        return is_digit(c) || is_alpha(c);
}

/* rpmvercmp over two slices. */
static int rpm_vercmp(const char *a, const char *ae, const char *b, const char *be)
{
        if (ae - a == be - b && memcmp(a, b, (size_t)(ae - a)) == 0)
                return 0;
        while (a < ae || b < be) {
                const char *sa, *sb;
                bool num;
                int r;

                while (a < ae && !rpm_is_alnum(*a) && *a != '~' && *a != '^')
                        a++;
                while (b < be && !rpm_is_alnum(*b) && *b != '~' && *b != '^')
                        b++;
                /* '~' sorts before everything, the end included. */
                if ((a < ae && *a == '~') || (b < be && *b == '~')) {
                        if (a == ae || *a != '~')
                                return 1;
                        if (b == be || *b != '~')
                                return -1;
                        a++, b++;
                        continue;
                }
                /* '^' sorts after the end but before any other segment. */
                if ((a < ae && *a == '^') || (b < be && *b == '^')) {
                        if (a == ae)
                                return -1;
                        if (b == be)
                                return 1;
                        if (*a != '^')
                                return 1;
                        if (*b != '^')
                                return -1;
                        a++, b++;
                        continue;
                }
                if (a == ae || b == be)
                        break;
                sa = a;
                sb = b;
                num = is_digit(*a);
                if (num) {
                        while (a < ae && is_digit(*a))
                                a++;
                        while (b < be && is_digit(*b))
                                b++;
                } else {
                        while (a < ae && is_alpha(*a))
                                a++;
                        while (b < be && is_alpha(*b))
                                b++;
                }
                /* a's segment is never empty; b's is when the kinds differ,
                 * and a numeric segment beats an alphabetic one. */
                if (b == sb)
                        return num ? 1 : -1;
                if (num) {
                        r = cmp_digits(sa, (size_t)(a - sa), sb, (size_t)(b - sb));
                } else {
                        size_t an = (size_t)(a - sa), bn = (size_t)(b - sb);

                        r = sign(memcmp(sa, sb, BH_MIN(an, bn)));
                        if (!r && an != bn)
                                r = an < bn ? -1 : 1;
                }
                if (r)
                        return r;
        }
        if (a == ae && b == be)
                return 0;
        return a == ae ? -1 : 1;
}

struct rpm_evr {
        const char *e, *e_end; /* "0" when missing or empty */
        const char *v, *v_end;
        const char *r, *r_end; /* r == NULL: no release */
};

/* rpm's parseEVR: an epoch only when the string starts with digits and ':';
 * the release after the last '-'. */
static void rpm_parse(const char *s, size_t len, struct rpm_evr *evr)
{
        static const char zero[] = "0";
        const char *p = s, *end = s + len, *hy = NULL;

        while (p < end && is_digit(*p))
                p++;
        if (p < end && *p == ':') {
                evr->e = s;
                evr->e_end = p;
                if (p == s) {
                        evr->e = zero;
                        evr->e_end = zero + 1;
                }
                p++;
        } else {
                evr->e = zero;
                evr->e_end = zero + 1;
                p = s;
        }
        for (const char *q = p; q < end; q++)
                if (*q == '-')
                        hy = q;
        evr->v = p;
        evr->v_end = hy ? hy : end;
        evr->r = hy ? hy + 1 : NULL;
        evr->r_end = hy ? end : NULL;
}

int bh_version_cmp_rpm(const char *a, const char *b)
{
        struct rpm_evr ea, eb;
        size_t an, bn;
        bool a_ok = within_limit(a, &an), b_ok = within_limit(b, &bn);
        int r;

        if (!a_ok || !b_ok)
                return cmp_rejected(a, a_ok, b, b_ok);
        rpm_parse(a, an, &ea);
        rpm_parse(b, bn, &eb);
        r = rpm_vercmp(ea.e, ea.e_end, eb.e, eb.e_end);
        if (r)
                return r;
        r = rpm_vercmp(ea.v, ea.v_end, eb.v, eb.v_end);
        if (r)
                return r;
        if (!ea.r || !eb.r)
                return ea.r ? 1 : (eb.r ? -1 : 0);
        return rpm_vercmp(ea.r, ea.r_end, eb.r, eb.r_end);
}

static bool rpm_is_vchar(char c)
{
        return rpm_is_alnum(c) || (c && strchr("._+~^", c));
}

bool bh_version_valid_rpm(const char *v)
{
        const char *p = v, *end, *hy = NULL;
        size_t len;

        if (!within_limit(v, &len) || len == 0)
                return false;
        end = v + len;
        while (p < end && is_digit(*p))
                p++;
        if (p < end && *p == ':') {
                if (p == v)
                        return false; /* an empty epoch */
                p++;
        } else {
                p = v;
        }
        for (const char *q = p; q < end; q++) {
                if (*q == '-') {
                        if (hy)
                                return false; /* the version cannot hold '-' */
                        hy = q;
                } else if (!rpm_is_vchar(*q)) {
                        return false;
                }
        }
        if (hy)
                return hy > p && hy + 1 < end;
        return p < end;
}

/* ---- checked API ------------------------------------------------------- */

const char *bh_version_scheme_name(enum bh_version_scheme scheme)
{
        switch (scheme) {
        case BH_VERSION_SCHEME_DPKG:
                return "dpkg";
        case BH_VERSION_SCHEME_APK:
                return "apk";
        case BH_VERSION_SCHEME_RPM:
                return "rpm";
        case BH_VERSION_SCHEME__COUNT:
                break;
        }
        return "?";
}

int bh_version_check(enum bh_version_scheme scheme, const char *v, struct bh_error **err)
{
        size_t len;
        bool ok;

        if (!within_limit(v, &len))
                return bh_error_set(err, BH_ELIMIT, "%s version longer than %u bytes",
                                    bh_version_scheme_name(scheme), BH_LIMIT_VERSION_LENGTH);
        switch (scheme) {
        case BH_VERSION_SCHEME_DPKG:
                ok = bh_version_valid_dpkg(v);
                break;
        case BH_VERSION_SCHEME_APK:
                ok = bh_version_valid_apk(v);
                break;
        case BH_VERSION_SCHEME_RPM:
                ok = bh_version_valid_rpm(v);
                break;
        case BH_VERSION_SCHEME__COUNT:
        default:
                return bh_error_set(err, BH_EINVAL, "unknown version scheme %d", (int)scheme);
        }
        if (!ok) {
                /* Versions come from images and feeds: keep control bytes
                 * and non-ASCII out of a message a terminal will show. */
                char shown[BH_LIMIT_VERSION_LENGTH + 1];

                for (size_t i = 0; i <= len; i++)
                        shown[i] = i == len ? '\0' : (v[i] >= 0x20 && v[i] < 0x7f ? v[i] : '?');
                return bh_error_set(err, BH_EINVAL, "malformed %s version '%s'",
                                    bh_version_scheme_name(scheme), shown);
        }
        return 0;
}

int bh_version_compare(enum bh_version_scheme scheme, const char *a, const char *b, int *ret_cmp,
                       struct bh_error **err)
{
        int r = bh_version_check(scheme, a, err);

        if (r == 0)
                r = bh_version_check(scheme, b, err);
        if (r < 0)
                return r;
        switch (scheme) {
        case BH_VERSION_SCHEME_DPKG:
                *ret_cmp = bh_version_cmp_dpkg(a, b);
                break;
        case BH_VERSION_SCHEME_APK:
                *ret_cmp = bh_version_cmp_apk(a, b);
                break;
        case BH_VERSION_SCHEME_RPM:
        case BH_VERSION_SCHEME__COUNT:
        default:
                *ret_cmp = bh_version_cmp_rpm(a, b);
                break;
        }
        return 0;
}
