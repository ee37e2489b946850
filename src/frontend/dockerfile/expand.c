/* ARG/ENV substitution with BuildKit's shell-lexer semantics, made
 * three-state: a value that depends on a build argument without a default,
 * on a builder-provided argument or on a variable the Dockerfile never
 * declares (it may come from the base image) is unknown, never guessed. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>

#include "../../util/limits.h"
#include "df-internal.h"

#include "../../util/bh-banned.h"

/* Bounds ${a:-${b:-...}} recursion independently of the line length. */
#define BH_DF_EXPAND_DEPTH 32u

static unsigned bh_df_hash(const char *s, size_t n)
{
        uint32_t h = 2166136261u;

        for (size_t i = 0; i < n; i++)
                h = (h ^ (unsigned char)s[i]) * 16777619u;
        return h % BH_DF_VAR_BUCKETS;
}

void bh_df_vars_init(struct bh_df_vars *t)
{
        memset(t, 0, sizeof(*t));
        for (size_t i = 0; i < BH_DF_VAR_BUCKETS; i++)
                t->buckets[i] = -1;
}

void bh_df_vars_release(struct bh_df_vars *t)
{
        free(t->v.v);
        bh_df_vars_init(t);
}

void bh_df_vars_set(struct bh_df_vars *t, const char *name, const char *value, bool known,
                    enum bh_df_why why, const char *root)
{
        unsigned h = bh_df_hash(name, strlen(name));
        struct bh_df_var *v = BH_VEC_NEW(&t->v);

        v->name = name;
        v->value = value;
        v->known = known;
        v->why = known ? BH_DF_WHY_KNOWN : why;
        v->root = known ? NULL : root;
        v->next = t->buckets[h];
        t->buckets[h] = (int)(t->v.n - 1);
}

const struct bh_df_var *bh_df_vars_get(const struct bh_df_vars *t, const char *name, size_t n)
{
        unsigned h = bh_df_hash(name, n);

        for (; t; t = t->parent) {
                for (int i = t->buckets[h]; i >= 0; i = t->v.v[i].next) {
                        const struct bh_df_var *v = &t->v.v[i];
                        if (strncmp(v->name, name, n) == 0 && v->name[n] == '\0')
                                return v;
                }
        }
        return NULL;
}

/* 1: white space, 2: a quote; 0 for the rest (the escape is checked apart). */
static const unsigned char bh_df_split_cls[256] = {
        [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1,
        ['\''] = 2, ['"'] = 2,
};

bool bh_df_is_predefined_arg(const char *name)
{
        static const char *const names[] = {
                "TARGETPLATFORM", "TARGETOS",     "TARGETARCH",   "TARGETVARIANT",
                "BUILDPLATFORM",  "BUILDOS",      "BUILDARCH",    "BUILDVARIANT",
                "BUILDKIT_SYNTAX", "TARGETSTAGE", "HTTP_PROXY",   "HTTPS_PROXY",
                "FTP_PROXY",      "NO_PROXY",     "ALL_PROXY",    "http_proxy",
                "https_proxy",    "ftp_proxy",    "no_proxy",     "all_proxy",
                "SOURCE_DATE_EPOCH",
        };

        /* first letter before strcmp: most names are none of these */
        for (size_t i = 0; i < BH_ELEMENTSOF(names); i++)
                if (names[i][0] == name[0] && strcmp(names[i], name) == 0)
                        return true;
        return false;
}

struct bh_df_x {
        struct bh_arena *a;
        const struct bh_df_scope *sc;
        char esc;
        const char *s;
        size_t n;
        size_t pos;
        unsigned depth;
        struct bh_df_xres *res;
};

static void bh_df_x_unknown(struct bh_df_x *x, enum bh_df_why why, const char *name, size_t n)
{
        if (!x->res->known)
                return;
        x->res->known = false;
        x->res->why = why;
        x->res->var = name ? bh_arena_strndup(x->a, name, n) : NULL;
}

static void bh_df_x_error(struct bh_df_x *x, const char *msg)
{
        if (!x->res->error)
                x->res->error = msg;
        bh_df_x_unknown(x, BH_DF_WHY_DEPENDS, NULL, 0);
}

static void bh_df_x_put(struct bh_df_x *x, struct bh_buf *out, const char *s, size_t n)
{
        if (bh_buf_add(out, s, n) < 0)
                bh_df_x_unknown(x, BH_DF_WHY_LIMIT, NULL, 0);
}

static void bh_df_x_word(struct bh_df_x *x, struct bh_buf *out, char stop);

/* Look name up; returns the value when known, NULL (and marks unknown) otherwise. */
static const char *bh_df_x_lookup(struct bh_df_x *x, const char *name, size_t n, bool *ret_set)
{
        const struct bh_df_var *v = NULL;

        *ret_set = false;
        if (!x->sc) {
                bh_df_x_unknown(x, BH_DF_WHY_DEPENDS, name, n);
                return NULL;
        }
        v = bh_df_vars_get(x->sc->env, name, n);
        if (!v)
                v = bh_df_vars_get(x->sc->args, name, n);
        if (!v) {
                char tmp[64];
                bool pre = n < sizeof(tmp);
                if (pre) {
                        memcpy(tmp, name, n);
                        tmp[n] = '\0';
                        pre = bh_df_is_predefined_arg(tmp);
                }
                bh_df_x_unknown(x, pre ? BH_DF_WHY_BUILDER : BH_DF_WHY_UNDECLARED, name, n);
                return NULL;
        }
        if (!v->known) {
                /* report the root variable, not the intermediate one */
                if (v->root)
                        bh_df_x_unknown(x, v->why, v->root, strlen(v->root));
                else
                        bh_df_x_unknown(x, v->why, name, n);
                return NULL;
        }
        *ret_set = true;
        return v->value;
}

static size_t bh_df_x_name(struct bh_df_x *x)
{
        size_t st = x->pos;

        if (x->pos < x->n && isdigit((unsigned char)x->s[x->pos])) {
                while (x->pos < x->n && isdigit((unsigned char)x->s[x->pos]))
                        x->pos++;
                return x->pos - st;
        }
        while (x->pos < x->n && (isalnum((unsigned char)x->s[x->pos]) || x->s[x->pos] == '_'))
                x->pos++;
        return x->pos - st;
}

/* At '$'. */
static void bh_df_x_dollar(struct bh_df_x *x, struct bh_buf *out)
{
        bool set;

        x->pos++;
        if (x->pos >= x->n || x->s[x->pos] != '{') {
                size_t st = x->pos, nl = bh_df_x_name(x);
                if (nl == 0 && x->pos < x->n && strchr("@*#?-$!", x->s[x->pos])) {
                        x->pos++;
                        bh_df_x_unknown(x, BH_DF_WHY_UNDECLARED, x->s + st, 1);
                        return;
                }
                if (nl == 0) {
                        bh_df_x_put(x, out, "$", 1);
                        return;
                }
                const char *v = bh_df_x_lookup(x, x->s + st, nl, &set);
                if (v)
                        bh_df_x_put(x, out, v, strlen(v));
                return;
        }
        x->pos++; /* { */
        if (x->pos < x->n && x->s[x->pos] == '#') {
                /* ${#V}: a length we do not evaluate */
                x->pos++;
                size_t st = x->pos, nl = bh_df_x_name(x);
                bh_df_x_unknown(x, BH_DF_WHY_PATTERN, x->s + st, nl);
                if (x->pos < x->n && x->s[x->pos] == '}')
                        x->pos++;
                else
                        bh_df_x_error(x, "missing '}' in variable substitution");
                return;
        }
        size_t st = x->pos, nl = bh_df_x_name(x);
        if (nl == 0) {
                bh_df_x_error(x, "bad substitution: expected a variable name after '${'");
                x->pos = x->n;
                return;
        }
        if (x->pos >= x->n) {
                bh_df_x_error(x, "missing '}' in variable substitution");
                return;
        }
        char op = x->s[x->pos++];
        if (op == '}') {
                const char *v = bh_df_x_lookup(x, x->s + st, nl, &set);
                if (v)
                        bh_df_x_put(x, out, v, strlen(v));
                return;
        }
        bool colon = false;
        if (op == ':') {
                colon = true;
                op = x->pos < x->n ? x->s[x->pos++] : '\0';
        }
        if (op != '-' && op != '+' && op != '?' && !(!colon && strchr("#%/", op))) {
                bh_df_x_error(x, "unsupported modifier in variable substitution");
                x->pos = x->n;
                return;
        }
        if (++x->depth > BH_DF_EXPAND_DEPTH) {
                bh_df_x_error(x, "variable substitution nested too deeply");
                x->pos = x->n;
                return;
        }
        /* look the variable up first so the unknown reason names it */
        const char *v = bh_df_x_lookup(x, x->s + st, nl, &set);
        bool unknown = !set; /* never declared is unknown too, not empty */
        struct bh_buf word;
        bh_buf_init(&word, BH_LIMIT_EXPANSION_SIZE);
        bh_df_x_word(x, &word, '}');
        x->depth--;
        if (x->pos < x->n && x->s[x->pos] == '}')
                x->pos++;
        else
                bh_df_x_error(x, "missing '}' in variable substitution");
        if (strchr("#%/", op)) {
                bh_df_x_unknown(x, BH_DF_WHY_PATTERN, x->s + st, nl);
        } else if (!unknown) {
                bool empty = !v || !*v;
                bool cond_unset = colon ? empty : !set;
                if (op == '-') {
                        if (cond_unset)
                                bh_df_x_put(x, out, word.buf, word.len);
                        else
                                bh_df_x_put(x, out, v, strlen(v));
                } else if (op == '+') {
                        if (!cond_unset)
                                bh_df_x_put(x, out, word.buf, word.len);
                } else if (cond_unset) {
                        bh_df_x_error(x, "required variable is not set");
                } else {
                        bh_df_x_put(x, out, v, strlen(v));
                }
        }
        bh_buf_release(&word);
}

/* Inside "...": the escape character only escapes ", $ and itself. */
static void bh_df_x_dquote(struct bh_df_x *x, struct bh_buf *out)
{
        x->pos++;
        while (x->pos < x->n) {
                char c = x->s[x->pos];
                if (c == '"') {
                        x->pos++;
                        return;
                }
                if (c == x->esc && x->pos + 1 < x->n &&
                    (x->s[x->pos + 1] == '"' || x->s[x->pos + 1] == '$' ||
                     x->s[x->pos + 1] == x->esc)) {
                        bh_df_x_put(x, out, &x->s[x->pos + 1], 1);
                        x->pos += 2;
                        continue;
                }
                if (c == '$') {
                        bh_df_x_dollar(x, out);
                        continue;
                }
                bh_df_x_put(x, out, &c, 1);
                x->pos++;
        }
        bh_df_x_error(x, "unexpected end of statement while looking for matching double-quote");
}

static void bh_df_x_word(struct bh_df_x *x, struct bh_buf *out, char stop)
{
        while (x->pos < x->n) {
                char c = x->s[x->pos];
                if (stop && c == stop)
                        return;
                if (c == '\'') {
                        const char *q = memchr(x->s + x->pos + 1, '\'', x->n - x->pos - 1);
                        if (!q) {
                                bh_df_x_error(x, "unexpected end of statement while looking "
                                                 "for matching single-quote");
                                x->pos = x->n;
                                return;
                        }
                        size_t e = (size_t)(q - x->s);
                        bh_df_x_put(x, out, x->s + x->pos + 1, e - x->pos - 1);
                        x->pos = e + 1;
                } else if (c == '"') {
                        bh_df_x_dquote(x, out);
                } else if (c == '$') {
                        bh_df_x_dollar(x, out);
                } else if (c == x->esc) {
                        if (x->pos + 1 < x->n)
                                bh_df_x_put(x, out, &x->s[x->pos + 1], 1);
                        x->pos += 2;
                } else {
                        bh_df_x_put(x, out, &c, 1);
                        x->pos++;
                }
        }
}

const char *bh_df_expand(struct bh_arena *a, const struct bh_df_scope *sc, char escape,
                         const char *raw, size_t n, struct bh_df_xres *res)
{
        struct bh_df_x x = { .a = a, .sc = sc, .esc = escape, .s = raw, .n = n, .res = res };
        struct bh_buf out;
        const char *ret;

        memset(res, 0, sizeof(*res));
        res->known = true;
        /* fast path: nothing to process */
        size_t i = 0;
        while (i < n && raw[i] != '$' && raw[i] != '\'' && raw[i] != '"' && raw[i] != escape)
                i++;
        if (i == n)
                return bh_arena_strndup(a, raw, n);
        bh_buf_init(&out, BH_LIMIT_EXPANSION_SIZE);
        bh_df_x_word(&x, &out, '\0');
        ret = res->known ? bh_arena_strndup(a, out.buf, out.len) : bh_arena_strndup(a, raw, n);
        bh_buf_release(&out);
        return ret;
}


void bh_df_split(const char *s, size_t n, char escape, bh_df_word_fn fn, void *ud)
{
        size_t i = 0;

        while (i < n) {
                while (i < n && bh_df_split_cls[(unsigned char)s[i]] == 1)
                        i++;
                if (i >= n)
                        break;
                size_t st = i;
                char q = 0;
                while (i < n) {
                        char c = s[i];
                        if (q) {
                                if (c == escape && q == '"' && i + 1 < n)
                                        i++;
                                else if (c == q)
                                        q = 0;
                        } else if (!bh_df_split_cls[(unsigned char)c] && c != escape) {
                                /* an ordinary character: nothing to decide */
                        } else if (c == '\'' || c == '"') {
                                q = c;
                        } else if (c == escape && i + 1 < n) {
                                i++;
                        } else if (bh_df_split_cls[(unsigned char)c] == 1) {
                                break;
                        }
                        i++;
                }
                fn(st, i - st, ud);
        }
}

void bh_df_diag(struct bh_df_ctx *x, unsigned rule, struct bh_loc loc, const char *fmt, ...)
{
        char msg[512];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        /* messages quote input text: keep them on one printable line */
        for (char *p = msg; *p; p++)
                if ((unsigned char)*p < 0x20 || *p == 0x7f)
                        *p = '?';
        bh_doc_add_diag(x->doc, rule, loc, "%s", msg);
}
