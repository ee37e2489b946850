/* Bounded TOML subset parser (see toml.h).  A hand-written recursive-descent
 * reader whose recursion is bounded by BH_LIMIT_TOML_DEPTH. */
#include <stdio.h>

#include "../../util/buf.h"
#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "toml.h"

#include "../../util/bh-banned.h"

struct bh_tcur {
        struct bh_arena *a;
        const char *p, *end;
        uint32_t line, col;
        struct bh_toml *t;
        BH_VEC(struct bh_toml_entry) entries;
        bool failed;
};

/* [[name]] element counters */
struct bh_tcount {
        const char *name;
        uint32_t n;
};

static bool bh_tfail(struct bh_tcur *c, unsigned rule, const char *msg)
{
        if (!c->failed) {
                c->failed = true;
                c->t->error_rule = rule;
                c->t->error_msg = bh_arena_strdup(c->a, msg);
                c->t->error_loc = (struct bh_loc){c->line, c->col, c->line, c->col};
        }
        return false;
}

static int bh_tpeek(const struct bh_tcur *c, size_t off)
{
        return c->p + off < c->end ? (unsigned char)c->p[off] : -1;
}

static bool bh_tnext(struct bh_tcur *c)
{
        if (c->p >= c->end)
                return false;
        if (*c->p == '\n') {
                c->line++;
                c->col = 1;
        } else if (++c->col > BH_LIMIT_LINE_LENGTH) {
                return bh_tfail(c, 9003, "line longer than the limit");
        }
        c->p++;
        return true;
}

static struct bh_loc bh_tloc(const struct bh_tcur *c)
{
        return (struct bh_loc){c->line, c->col, c->line, c->col};
}

static void bh_tskip_ws(struct bh_tcur *c)
{
        while (bh_tpeek(c, 0) == ' ' || bh_tpeek(c, 0) == '\t')
                bh_tnext(c);
}

static void bh_tskip_comment(struct bh_tcur *c)
{
        if (bh_tpeek(c, 0) == '#')
                while (c->p < c->end && *c->p != '\n')
                        bh_tnext(c);
}

/* Whitespace, comments and newlines (inside arrays). */
static void bh_tskip_all(struct bh_tcur *c)
{
        for (;;) {
                bh_tskip_ws(c);
                bh_tskip_comment(c);
                if (bh_tpeek(c, 0) == '\r' && bh_tpeek(c, 1) == '\n')
                        bh_tnext(c);
                if (bh_tpeek(c, 0) != '\n')
                        return;
                bh_tnext(c);
        }
}

/* End of a line: whitespace, an optional comment, a newline or the end. */
static bool bh_tline_end(struct bh_tcur *c)
{
        bh_tskip_ws(c);
        bh_tskip_comment(c);
        if (bh_tpeek(c, 0) == '\r' && bh_tpeek(c, 1) == '\n')
                bh_tnext(c);
        if (c->p >= c->end)
                return true;
        if (*c->p != '\n')
                return bh_tfail(c, 9001, "expected the end of the line");
        bh_tnext(c);
        return true;
}

static void bh_tput_utf8(struct bh_buf *b, uint32_t cp)
{
        if (cp < 0x80) {
                bh_buf_addc(b, (char)cp);
        } else if (cp < 0x800) {
                bh_buf_addc(b, (char)(0xc0 | (cp >> 6)));
                bh_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
        } else if (cp < 0x10000) {
                bh_buf_addc(b, (char)(0xe0 | (cp >> 12)));
                bh_buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
                bh_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
        } else {
                bh_buf_addc(b, (char)(0xf0 | (cp >> 18)));
                bh_buf_addc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
                bh_buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
                bh_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
        }
}

static bool bh_tescape(struct bh_tcur *c, struct bh_buf *b)
{
        int ch = bh_tpeek(c, 0);
        unsigned ndig = 0;
        uint32_t cp = 0;

        switch (ch) {
        case 'b':
                bh_buf_addc(b, '\b');
                break;
        case 't':
                bh_buf_addc(b, '\t');
                break;
        case 'n':
                bh_buf_addc(b, '\n');
                break;
        case 'f':
                bh_buf_addc(b, '\f');
                break;
        case 'r':
                bh_buf_addc(b, '\r');
                break;
        case 'e':
                bh_buf_addc(b, '\033');
                break;
        case '"':
                bh_buf_addc(b, '"');
                break;
        case '\\':
                bh_buf_addc(b, '\\');
                break;
        case 'u':
                ndig = 4;
                break;
        case 'U':
                ndig = 8;
                break;
        default:
                return bh_tfail(c, 9001, "invalid escape in a string");
        }
        bh_tnext(c);
        for (unsigned i = 0; i < ndig; i++) {
                int h = bh_tpeek(c, 0);
                unsigned v = h >= '0' && h <= '9'   ? (unsigned)(h - '0')
                             : h >= 'a' && h <= 'f' ? (unsigned)(h - 'a' + 10)
                             : h >= 'A' && h <= 'F' ? (unsigned)(h - 'A' + 10)
                                                    : 16u;
                if (v == 16)
                        return bh_tfail(c, 9001, "invalid \\u escape");
                cp = cp * 16 + v;
                bh_tnext(c);
        }
        if (ndig) {
                if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0)
                        return bh_tfail(c, 9001, "invalid code point in a \\u escape");
                bh_tput_utf8(b, cp);
        }
        return true;
}

/* A string starting at the quote; *ret is the value in the arena. */
static bool bh_tstring(struct bh_tcur *c, const char **ret)
{
        char q = *c->p;
        bool multi = bh_tpeek(c, 1) == q && bh_tpeek(c, 2) == q;
        struct bh_buf b;

        bh_buf_init(&b, BH_LIMIT_HOST_FILE);
        for (int i = 0; i < (multi ? 3 : 1); i++)
                bh_tnext(c);
        /* a newline right after the opening delimiter is trimmed */
        if (multi && bh_tpeek(c, 0) == '\r' && bh_tpeek(c, 1) == '\n')
                bh_tnext(c);
        if (multi && bh_tpeek(c, 0) == '\n')
                bh_tnext(c);
        for (;;) {
                int ch = bh_tpeek(c, 0);
                if (ch < 0 || (!multi && ch == '\n')) {
                        bh_buf_release(&b);
                        return bh_tfail(c, 9001, "unterminated string");
                }
                if (ch == q) {
                        if (!multi) {
                                bh_tnext(c);
                                break;
                        }
                        if (bh_tpeek(c, 1) == q && bh_tpeek(c, 2) == q) {
                                /* up to two quotes may end the content ("""a"""") */
                                int extra = 0;
                                while (extra < 2 && bh_tpeek(c, 3 + (size_t)extra) == q)
                                        extra++;
                                for (int i = 0; i < extra; i++) {
                                        bh_buf_addc(&b, q);
                                        bh_tnext(c);
                                }
                                for (int i = 0; i < 3; i++)
                                        bh_tnext(c);
                                break;
                        }
                }
                if (ch == 0) {
                        bh_buf_release(&b);
                        return bh_tfail(c, 9001, "NUL byte in a string");
                }
                if (q == '"' && ch == '\\') {
                        bh_tnext(c);
                        if (multi && (bh_tpeek(c, 0) == '\n' || bh_tpeek(c, 0) == ' ' ||
                                      bh_tpeek(c, 0) == '\t' || bh_tpeek(c, 0) == '\r')) {
                                /* line-ending backslash: trim to the next non-blank */
                                while (bh_tpeek(c, 0) == ' ' || bh_tpeek(c, 0) == '\t' ||
                                       bh_tpeek(c, 0) == '\n' || bh_tpeek(c, 0) == '\r')
                                        bh_tnext(c);
                                continue;
                        }
                        if (!bh_tescape(c, &b)) {
                                bh_buf_release(&b);
                                return false;
                        }
                        continue;
                }
                bh_buf_addc(&b, (char)ch);
                if (!bh_tnext(c)) {
                        bh_buf_release(&b);
                        return false;
                }
        }
        size_t n;
        char *s = bh_buf_detach(&b, &n);
        *ret = bh_arena_strndup(c->a, s, n);
        free(s);
        return true;
}

static bool bh_tbare_char(int ch)
{
        return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
               ch == '_' || ch == '-';
}

/* A dotted key ("a.b", "\"x.y\".z"), joined with '.' (a quoted part that
 * holds a dot keeps its double quotes); *ret_loc at its start. */
static bool bh_tkey(struct bh_tcur *c, const char **ret, struct bh_loc *ret_loc)
{
        struct bh_buf b;

        bh_buf_init(&b, BH_LIMIT_HOST_FILE);
        *ret_loc = bh_tloc(c);
        for (;;) {
                int ch = bh_tpeek(c, 0);
                if (ch == '"' || ch == '\'') {
                        const char *s;
                        if (bh_tpeek(c, 1) == ch && bh_tpeek(c, 2) == ch) {
                                bh_buf_release(&b);
                                return bh_tfail(c, 9001, "multi-line string used as a key");
                        }
                        if (!bh_tstring(c, &s)) {
                                bh_buf_release(&b);
                                return false;
                        }
                        /* a quoted part holding a dot stays quoted, so
                         * plugins."io.containerd.grpc.v1.cri" is not read as
                         * five parts */
                        if (strchr(s, '.')) {
                                bh_buf_addc(&b, '"');
                                bh_buf_adds(&b, s);
                                bh_buf_addc(&b, '"');
                        } else {
                                bh_buf_adds(&b, s);
                        }
                } else if (bh_tbare_char(ch)) {
                        while (bh_tbare_char(bh_tpeek(c, 0))) {
                                bh_buf_addc(&b, *c->p);
                                bh_tnext(c);
                        }
                } else {
                        bh_buf_release(&b);
                        return bh_tfail(c, 9001, "expected a key");
                }
                bh_tskip_ws(c);
                if (bh_tpeek(c, 0) != '.')
                        break;
                bh_tnext(c);
                bh_tskip_ws(c);
                bh_buf_addc(&b, '.');
        }
        size_t n;
        char *s = bh_buf_detach(&b, &n);
        *ret = bh_arena_strndup(c->a, s, n);
        free(s);
        return true;
}

static bool bh_tvalue(struct bh_tcur *c, unsigned depth, struct bh_toml_val **ret);

static bool bh_tscalar_token(struct bh_tcur *c, struct bh_toml_val *v)
{
        const char *start = c->p;
        bool digits = true, colon = false, dash_date = false;
        size_t n;

        while (c->p < c->end) {
                int ch = (unsigned char)*c->p;
                /* "1979-05-27 07:32:00": a space between a date and a time */
                if (ch == ' ' && c->p - start == 10 && dash_date && c->p + 1 < c->end &&
                    c->p[1] >= '0' && c->p[1] <= '9') {
                        bh_tnext(c);
                        continue;
                }
                if (!(bh_tbare_char(ch) || ch == '+' || ch == '.' || ch == ':'))
                        break;
                if (ch == ':')
                        colon = true;
                if (!((ch >= '0' && ch <= '9') || ch == '_' || (ch == '-' && c->p == start) ||
                      (ch == '+' && c->p == start)))
                        digits = false;
                if (ch == '-' && c->p - start == 4)
                        dash_date = true;
                bh_tnext(c);
        }
        n = (size_t)(c->p - start);
        if (n == 0)
                return bh_tfail(c, 9001, "expected a value");
        v->s = bh_arena_strndup(c->a, start, n);
        if (strcmp(v->s, "true") == 0 || strcmp(v->s, "false") == 0) {
                v->kind = BH_TOML_BOOL;
                v->b = v->s[0] == 't';
        } else if (digits || (n > 2 && v->s[0] == '0' && strchr("xob", v->s[1]))) {
                v->kind = BH_TOML_INTEGER;
        } else if (colon || dash_date) {
                v->kind = BH_TOML_DATETIME;
        } else if (strspn(v->s, "+-0123456789_.eE") == n || strstr(v->s, "inf") ||
                   strstr(v->s, "nan")) {
                v->kind = BH_TOML_FLOAT;
        } else {
                return bh_tfail(c, 9001, "invalid value (strings need quotes)");
        }
        return true;
}

static bool bh_tarray(struct bh_tcur *c, unsigned depth, struct bh_toml_val *v)
{
        BH_VEC(struct bh_toml_val *) items = {0};

        v->kind = BH_TOML_ARRAY;
        bh_tnext(c); /* [ */
        for (;;) {
                struct bh_toml_val *item;
                bh_tskip_all(c);
                if (bh_tpeek(c, 0) == ']') {
                        bh_tnext(c);
                        break;
                }
                if (!bh_tvalue(c, depth + 1, &item)) {
                        free(items.v);
                        return false;
                }
                BH_VEC_PUSH(&items, item);
                bh_tskip_all(c);
                if (bh_tpeek(c, 0) == ',') {
                        bh_tnext(c);
                        continue;
                }
                if (bh_tpeek(c, 0) == ']') {
                        bh_tnext(c);
                        break;
                }
                free(items.v);
                return bh_tfail(c, 9001, "expected ',' or ']' in an array");
        }
        v->n = items.n;
        v->items = items.n ? bh_arena_memdup(c->a, items.v, items.n * sizeof(*items.v)) : NULL;
        free(items.v);
        return true;
}

static bool bh_tinline(struct bh_tcur *c, unsigned depth, struct bh_toml_val *v)
{
        BH_VEC(struct bh_toml_val *) vals = {0};
        BH_VEC(const char *) keys = {0};
        bool ok = false;

        v->kind = BH_TOML_TABLE;
        bh_tnext(c); /* { */
        bh_tskip_ws(c);
        if (bh_tpeek(c, 0) == '}') {
                bh_tnext(c);
                ok = true;
                goto done;
        }
        for (;;) {
                const char *key;
                struct bh_loc kloc;
                struct bh_toml_val *val;

                bh_tskip_ws(c);
                if (!bh_tkey(c, &key, &kloc))
                        goto done;
                if (bh_tpeek(c, 0) != '=') {
                        bh_tfail(c, 9001, "expected '=' after a key");
                        goto done;
                }
                bh_tnext(c);
                bh_tskip_ws(c);
                if (!bh_tvalue(c, depth + 1, &val))
                        goto done;
                BH_VEC_PUSH(&keys, key);
                BH_VEC_PUSH(&vals, val);
                bh_tskip_ws(c);
                if (bh_tpeek(c, 0) == ',') {
                        bh_tnext(c);
                        continue;
                }
                if (bh_tpeek(c, 0) == '}') {
                        bh_tnext(c);
                        ok = true;
                        goto done;
                }
                bh_tfail(c, 9001, "expected ',' or '}' in an inline table");
                goto done;
        }
done:
        v->n = vals.n;
        if (vals.n) {
                v->items = bh_arena_memdup(c->a, vals.v, vals.n * sizeof(*vals.v));
                v->keys = bh_arena_memdup(c->a, keys.v, keys.n * sizeof(*keys.v));
        }
        free(vals.v);
        free(keys.v);
        return ok;
}

static bool bh_tvalue(struct bh_tcur *c, unsigned depth, struct bh_toml_val **ret)
{
        struct bh_toml_val *v = bh_arena_alloc(c->a, sizeof(*v));
        int ch = bh_tpeek(c, 0);

        if (depth > BH_LIMIT_TOML_DEPTH)
                return bh_tfail(c, 9003, "arrays or inline tables nested too deeply");
        v->loc = bh_tloc(c);
        *ret = v;
        if (ch == '"' || ch == '\'') {
                v->kind = BH_TOML_STRING;
                return bh_tstring(c, &v->s);
        }
        if (ch == '[')
                return bh_tarray(c, depth, v);
        if (ch == '{')
                return bh_tinline(c, depth, v);
        return bh_tscalar_token(c, v);
}

struct bh_toml *bh_toml_parse(struct bh_arena *a, const char *text, size_t len)
{
        struct bh_toml *t = bh_arena_alloc(a, sizeof(*t));
        struct bh_tcur c = {.a = a, .p = text, .end = text + len, .line = 1, .col = 1, .t = t};
        BH_VEC(struct bh_tcount) counts = {0};
        const char *table = "";
        uint32_t index = 0;
        bool array_table = false;
        struct bh_loc tloc = {0};

        if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
                c.p += 3;
        while (!c.failed) {
                bh_tskip_all(&c);
                if (c.p >= c.end)
                        break;
                if (*c.p == '[') {
                        bool arr = bh_tpeek(&c, 1) == '[';
                        struct bh_loc hloc = bh_tloc(&c);
                        const char *name;
                        struct bh_loc kloc;

                        bh_tnext(&c);
                        if (arr)
                                bh_tnext(&c);
                        bh_tskip_ws(&c);
                        if (!bh_tkey(&c, &name, &kloc))
                                break;
                        if (bh_tpeek(&c, 0) != ']' || (arr && bh_tpeek(&c, 1) != ']')) {
                                bh_tfail(&c, 9001, arr ? "expected ']]'" : "expected ']'");
                                break;
                        }
                        bh_tnext(&c);
                        if (arr)
                                bh_tnext(&c);
                        if (!bh_tline_end(&c))
                                break;
                        table = name;
                        tloc = hloc;
                        array_table = arr;
                        index = 0;
                        if (arr) {
                                size_t k = 0;
                                while (k < counts.n && strcmp(counts.v[k].name, name) != 0)
                                        k++;
                                if (k == counts.n)
                                        BH_VEC_PUSH(&counts, ((struct bh_tcount){name, 0}));
                                index = counts.v[k].n++;
                        }
                        continue;
                }
                struct bh_toml_entry *e;
                const char *key;
                struct bh_loc kloc;
                struct bh_toml_val *val;

                if (!bh_tkey(&c, &key, &kloc))
                        break;
                if (bh_tpeek(&c, 0) != '=') {
                        bh_tfail(&c, 9001, "expected '=' after a key");
                        break;
                }
                bh_tnext(&c);
                bh_tskip_ws(&c);
                if (!bh_tvalue(&c, 0, &val) || !bh_tline_end(&c))
                        break;
                if (c.entries.n == BH_LIMIT_TOML_ENTRIES) {
                        bh_tfail(&c, 9003, "more key/value pairs than the limit");
                        break;
                }
                e = BH_VEC_NEW(&c.entries);
                e->table = table;
                e->table_index = index;
                e->array_table = array_table;
                e->table_loc = tloc;
                e->key = key;
                e->key_loc = kloc;
                e->val = val;
        }
        t->n = c.entries.n;
        t->entries = c.entries.n
                             ? bh_arena_memdup(a, c.entries.v, c.entries.n * sizeof(*c.entries.v))
                             : NULL;
        free(c.entries.v);
        free(counts.v);
        return t;
}

const struct bh_toml_entry *bh_toml_get(const struct bh_toml *t, const char *table, const char *key)
{
        for (size_t i = t->n; i-- > 0;)
                if (strcmp(t->entries[i].table, table) == 0 && strcmp(t->entries[i].key, key) == 0)
                        return &t->entries[i];
        return NULL;
}
