/* The Dockerfile line reader and instruction splitter, following BuildKit's
 * parser (frontend/dockerfile/parser): parser directives at the top, line
 * continuations with comments and blank lines inside them, heredocs, flags,
 * JSON exec form with fallback to shell form.  One pass over the text; each
 * logical instruction is handed to build.c as soon as it is complete. */
#include <ctype.h>
#include <jansson.h>
#include <strings.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "df-internal.h"

#include "../../util/bh-banned.h"

struct bh_loc bh_df_map_loc_search(const struct bh_df_map *m, size_t off)
{
        struct bh_loc l = { 0 };
        size_t lo = 0, hi = m->n;

        if (m->n == 0)
                return l;
        /* last segment whose off <= off */
        while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                if (m->v[mid].off <= off)
                        lo = mid;
                else
                        hi = mid;
        }
        const struct bh_df_seg *s = &m->v[lo];
        l.line = s->line;
        l.col = s->col + (uint32_t)(off >= s->off ? off - s->off : 0);
        l.end_line = l.line;
        l.end_col = l.col;
        return l;
}

static void bh_df_map_add(struct bh_df_map *m, size_t off, uint32_t line, uint32_t col)
{
        if (m->n == m->cap) {
                m->cap = m->cap ? m->cap * 2 : 16;
                m->v = bh_xreallocarray(m->v, m->cap, sizeof(*m->v));
        }
        m->v[m->n++] = (struct bh_df_seg){ (uint32_t)off, line, col };
}

struct bh_df_kw {
        const char *name;
        enum bh_df_kind kind;
        size_t len;
};

/* Most frequent first: the lookup stops at the first match. */
static const struct bh_df_kw bh_df_kws[] = {
        { "run", BH_DF_RUN, 3 },       { "copy", BH_DF_COPY, 4 },
        { "from", BH_DF_FROM, 4 },     { "env", BH_DF_ENV, 3 },
        { "arg", BH_DF_ARG, 3 },       { "workdir", BH_DF_WORKDIR, 7 },
        { "expose", BH_DF_EXPOSE, 6 }, { "user", BH_DF_USER, 4 },
        { "cmd", BH_DF_CMD, 3 },       { "entrypoint", BH_DF_ENTRYPOINT, 10 },
        { "add", BH_DF_ADD, 3 },       { "label", BH_DF_LABEL, 5 },
        { "volume", BH_DF_VOLUME, 6 }, { "healthcheck", BH_DF_HEALTHCHECK, 11 },
        { "shell", BH_DF_SHELL, 5 },   { "stopsignal", BH_DF_STOPSIGNAL, 10 },
        { "onbuild", BH_DF_ONBUILD, 7 }, { "maintainer", BH_DF_MAINTAINER, 10 },
};

static enum bh_df_kind bh_df_kind_lookup(const char *s, size_t n)
{
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_df_kws); i++) {
                const struct bh_df_kw *k = &bh_df_kws[i];
                size_t j = 0;
                if (k->len != n)
                        continue;
                /* ASCII case folding: the names are lower-case letters, and
                 * c | 0x20 is one of them only for that letter in either case */
                while (j < n && (s[j] | 0x20) == k->name[j])
                        j++;
                if (j == n)
                        return k->kind;
        }
        return BH_DF_UNKNOWN;
}

bool bh_df_kind_has_heredocs(enum bh_df_kind k)
{
        return k == BH_DF_RUN || k == BH_DF_COPY || k == BH_DF_ADD;
}

/* Flags BuildKit accepts, per instruction ('b': boolean). */
struct bh_df_flagdef {
        enum bh_df_kind kind;
        const char *name;
        bool boolean;
};

static const struct bh_df_flagdef bh_df_flagdefs[] = {
        { BH_DF_FROM, "platform", false },
        { BH_DF_RUN, "mount", false },
        { BH_DF_RUN, "network", false },
        { BH_DF_RUN, "security", false },
        { BH_DF_RUN, "device", false },
        { BH_DF_COPY, "from", false },
        { BH_DF_COPY, "chown", false },
        { BH_DF_COPY, "chmod", false },
        { BH_DF_COPY, "link", true },
        { BH_DF_COPY, "parents", true },
        { BH_DF_COPY, "exclude", false },
        { BH_DF_ADD, "chown", false },
        { BH_DF_ADD, "chmod", false },
        { BH_DF_ADD, "checksum", false },
        { BH_DF_ADD, "keep-git-dir", true },
        { BH_DF_ADD, "link", true },
        { BH_DF_ADD, "exclude", false },
        { BH_DF_ADD, "unpack", true },
        { BH_DF_ADD, "parents", true },
        { BH_DF_HEALTHCHECK, "interval", false },
        { BH_DF_HEALTHCHECK, "timeout", false },
        { BH_DF_HEALTHCHECK, "start-period", false },
        { BH_DF_HEALTHCHECK, "start-interval", false },
        { BH_DF_HEALTHCHECK, "retries", false },
};

static const struct bh_df_flagdef *bh_df_flag_lookup(enum bh_df_kind k, const char *name)
{
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_df_flagdefs); i++)
                if (bh_df_flagdefs[i].kind == k && strcmp(bh_df_flagdefs[i].name, name) == 0)
                        return &bh_df_flagdefs[i];
        return NULL;
}

/* Collects the words of bh_df_split into a vector of spans. */
typedef struct bh_df_spans bh_df_spans;

static void bh_df_span_push(size_t start, size_t len, void *ud)
{
        bh_df_spans *v = ud;
        struct bh_df_span sp = { start, len };

        BH_VEC_PUSH(v, sp);
}

struct bh_df_pi {
        struct bh_df_ctx *x;
        const char *line;
        size_t len;
        const struct bh_df_map *map;
        size_t base;
        struct bh_df_instr *in;
};

static struct bh_loc bh_df_pi_loc(const struct bh_df_pi *pi, size_t i)
{
        return bh_df_map_loc(pi->map, pi->base + i);
}

static size_t bh_df_skip_ws(const char *s, size_t n, size_t i)
{
        while (i < n && bh_df_is_space(s[i]))
                i++;
        return i;
}

/* End of a flag word starting at i (whitespace outside quotes). */
static size_t bh_df_flag_end(const char *s, size_t n, size_t i, char esc)
{
        char q = 0;

        while (i < n) {
                char c = s[i];
                if (q) {
                        if (c == q)
                                q = 0;
                        else if (c == esc && i + 1 < n)
                                i++;
                } else if (c == '\'' || c == '"') {
                        q = c;
                } else if (c == esc && i + 1 < n) {
                        i++;
                } else if (bh_df_is_space(c)) {
                        break;
                }
                i++;
        }
        return i;
}

/* Leading --flags; returns the offset where the arguments start. */
static size_t bh_df_parse_flags(struct bh_df_pi *pi, size_t i)
{
        struct bh_df_ctx *x = pi->x;
        BH_VEC(struct bh_df_flag) flags = { 0 };

        for (;;) {
                i = bh_df_skip_ws(pi->line, pi->len, i);
                if (i + 1 >= pi->len || pi->line[i] != '-' || pi->line[i + 1] != '-')
                        break;
                size_t e = bh_df_flag_end(pi->line, pi->len, i, x->escape);
                if (e - i == 2) {
                        i = e; /* "--" ends the flags */
                        break;
                }
                const char *w = pi->line + i + 2;
                size_t wl = e - i - 2;
                const char *eq = memchr(w, '=', wl);
                size_t nl = eq ? (size_t)(eq - w) : wl;
                struct bh_loc loc = bh_df_pi_loc(pi, i);
                if (nl == 0) {
                        bh_df_diag(x, 9002, loc, "%s: bad flag syntax '%.*s': expected --name or --name=value",
                                   pi->in->keyword, (int)BH_MIN(e - i, 60u), pi->line + i);
                        i = e;
                        continue;
                }
                struct bh_df_flag *f = BH_VEC_NEW(&flags);
                char *name = bh_arena_strndup(x->a, w, nl);
                for (char *p = name; *p; p++)
                        *p = (char)tolower((unsigned char)*p);
                f->name = name;
                f->raw = bh_arena_strndup(x->a, pi->line + i, e - i);
                f->loc = loc;
                if (eq) {
                        f->value.set = true;
                        f->value.known = true;
                        f->value.s = bh_arena_strndup(x->a, eq + 1, wl - nl - 1);
                        f->value.loc = bh_df_pi_loc(pi, i + 3 + nl);
                }
                const struct bh_df_flagdef *d = bh_df_flag_lookup(pi->in->kind, name);
                if (pi->in->kind != BH_DF_UNKNOWN && !d) {
                        bh_df_diag(x, 9002, loc, "%s: unknown flag --%.40s", pi->in->keyword,
                                   name);
                } else if (d && !d->boolean && !eq) {
                        bh_df_diag(x, 9002, loc,
                                   "%s: flag --%s needs a value: expected --%s=value",
                                   pi->in->keyword, name, name);
                }
                i = e;
        }
        if (flags.n) {
                pi->in->flags = bh_arena_memdup(x->a, flags.v, flags.n * sizeof(*flags.v));
                pi->in->nflags = flags.n;
        }
        free(flags.v);
        return i;
}

static bool bh_df_json_ws(char c)
{
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The common exec form, an array of printable-ASCII strings without escapes,
 * read without a JSON library.  Anything else (escapes, other bytes, invalid
 * JSON) returns false for jansson to decide, so the result is the same. */
static bool bh_df_parse_json_simple(struct bh_df_pi *pi, size_t ai)
{
        struct bh_df_instr *in = pi->in;
        const char *s = pi->line + ai;
        size_t n = pi->len - ai, i = 1, cnt = 0;
        struct { size_t start, len; } el[16];

        for (;;) {
                while (i < n && bh_df_json_ws(s[i]))
                        i++;
                if (i < n && s[i] == ']' && cnt == 0) {
                        i++;
                        break;
                }
                if (i >= n || s[i] != '"' || cnt == BH_ELEMENTSOF(el))
                        return false;
                size_t st = ++i;
                while (i < n && s[i] != '"') {
                        unsigned char c = (unsigned char)s[i];
                        if (c < 0x20 || c >= 0x7f || c == '\\')
                                return false;
                        i++;
                }
                if (i >= n)
                        return false;
                el[cnt].start = st;
                el[cnt].len = i - st;
                cnt++;
                i++;
                while (i < n && bh_df_json_ws(s[i]))
                        i++;
                if (i < n && s[i] == ',') {
                        i++;
                        continue;
                }
                if (i < n && s[i] == ']') {
                        i++;
                        break;
                }
                return false;
        }
        while (i < n && bh_df_json_ws(s[i]))
                i++;
        if (i != n)
                return false;
        struct bh_loc loc = bh_df_pi_loc(pi, ai);
        in->json = true;
        in->argc = cnt;
        in->argv = cnt ? bh_arena_alloc(pi->x->a, cnt * sizeof(*in->argv)) : NULL;
        for (size_t k = 0; k < cnt; k++) {
                in->argv[k].s = bh_arena_strndup(pi->x->a, s + el[k].start, el[k].len);
                in->argv[k].set = true;
                in->argv[k].known = true;
                in->argv[k].loc = loc;
        }
        return true;
}

/* Try the JSON exec form on args; true when it is a JSON array of strings. */
static bool bh_df_parse_json(struct bh_df_pi *pi, size_t ai)
{
        struct bh_df_instr *in = pi->in;
        const char *s = pi->line + ai;
        size_t n = pi->len - ai;
        json_error_t jerr;

        if (n < 2 || s[0] != '[')
                return false;
        if (bh_df_parse_json_simple(pi, ai))
                return true;
        json_t *j = json_loadb(s, n, 0, &jerr);
        if (!j)
                return false;
        bool ok = json_is_array(j);
        size_t cnt = ok ? json_array_size(j) : 0;
        for (size_t k = 0; ok && k < cnt; k++)
                ok = json_is_string(json_array_get(j, k));
        if (ok) {
                struct bh_loc loc = bh_df_pi_loc(pi, ai);
                in->json = true;
                in->argc = cnt;
                in->argv = cnt ? bh_arena_alloc(pi->x->a, cnt * sizeof(*in->argv)) : NULL;
                for (size_t k = 0; k < cnt; k++) {
                        json_t *e = json_array_get(j, k);
                        in->argv[k].s = bh_arena_strndup(pi->x->a, json_string_value(e),
                                                         json_string_length(e));
                        in->argv[k].set = true;
                        in->argv[k].known = true;
                        in->argv[k].loc = loc;
                }
        }
        json_decref(j);
        return ok;
}

/* Shell-form words of args as raw values (build.c expands them). */
static void bh_df_parse_words(struct bh_df_pi *pi, size_t ai)
{
        struct bh_df_instr *in = pi->in;
        bh_df_spans *sp = &pi->x->spans;

        sp->n = 0; /* scratch shared by the word splitters, kept across instructions */

        bh_df_split(pi->line + ai, pi->len - ai, pi->x->escape, bh_df_span_push, sp);
        in->argc = sp->n;
        in->argv = sp->n ? bh_arena_alloc(pi->x->a, sp->n * sizeof(*in->argv)) : NULL;
        for (size_t k = 0; k < sp->n; k++) {
                in->argv[k].s = bh_arena_strndup(pi->x->a, pi->line + ai + sp->v[k].start,
                                                 sp->v[k].len);
                in->argv[k].set = true;
                in->argv[k].known = true;
                in->argv[k].loc = bh_df_pi_loc(pi, ai + sp->v[k].start);
        }
}

static void bh_df_one_arg(struct bh_df_pi *pi, size_t ai, const char *raw)
{
        struct bh_df_instr *in = pi->in;

        in->argc = 1;
        in->argv = bh_arena_alloc(pi->x->a, sizeof(*in->argv));
        in->argv[0].s = raw;
        in->argv[0].set = true;
        in->argv[0].known = true;
        in->argv[0].loc = bh_df_pi_loc(pi, ai);
}

/* ENV / LABEL (name=value pairs, or the legacy "name value" form) and ARG
 * (name or name=value). */
static void bh_df_parse_kvs(struct bh_df_pi *pi, size_t ai)
{
        struct bh_df_ctx *x = pi->x;
        struct bh_df_instr *in = pi->in;
        const char *s = pi->line + ai;
        size_t n = pi->len - ai;
        bh_df_spans *sp = &pi->x->spans;

        sp->n = 0; /* scratch shared by the word splitters, kept across instructions */

        bh_df_split(s, n, x->escape, bh_df_span_push, sp);
        if (sp->n == 0) {
                return;
        }
        bool legacy = in->kind != BH_DF_ARG && !memchr(s + sp->v[0].start, '=', sp->v[0].len);
        if (legacy) {
                struct bh_df_kv *kv = bh_arena_alloc(x->a, sizeof(*kv));
                kv->key = bh_arena_strndup(x->a, s + sp->v[0].start, sp->v[0].len);
                kv->loc = bh_df_pi_loc(pi, ai + sp->v[0].start);
                if (sp->n < 2) {
                        bh_df_diag(x, 9002, kv->loc, "%s %.60s: expected a value after the name",
                                   in->keyword, kv->key);
                } else {
                        size_t vs = sp->v[1].start, ve = n;
                        while (ve > vs && bh_df_is_space(s[ve - 1]))
                                ve--;
                        kv->raw_value = bh_arena_strndup(x->a, s + vs, ve - vs);
                        kv->value.set = true;
                        kv->value.known = true;
                        kv->value.s = kv->raw_value;
                        kv->value.loc = bh_df_pi_loc(pi, ai + vs);
                }
                in->kvs = kv;
                in->nkvs = 1;
                return;
        }
        in->kvs = bh_arena_alloc(x->a, sp->n * sizeof(*in->kvs));
        for (size_t k = 0; k < sp->n; k++) {
                const char *w = s + sp->v[k].start;
                size_t wl = sp->v[k].len;
                const char *eq = memchr(w, '=', wl);
                struct bh_loc loc = bh_df_pi_loc(pi, ai + sp->v[k].start);
                if (!eq && in->kind != BH_DF_ARG) {
                        bh_df_diag(x, 9002, loc,
                                   "%s: can't find = in '%.60s': expected name=value",
                                   in->keyword, bh_arena_strndup(x->a, w, wl));
                        continue;
                }
                size_t kl = eq ? (size_t)(eq - w) : wl;
                if (kl == 0) {
                        bh_df_diag(x, 9002, loc, "%s: empty name: expected name=value",
                                   in->keyword);
                        continue;
                }
                struct bh_df_kv *kv = &in->kvs[in->nkvs++];
                kv->key = bh_arena_strndup(x->a, w, kl);
                kv->loc = loc;
                if (eq) {
                        kv->raw_value = bh_arena_strndup(x->a, eq + 1, wl - kl - 1);
                        kv->value.set = true;
                        kv->value.known = true;
                        kv->value.s = kv->raw_value;
                        kv->value.loc = bh_df_pi_loc(pi, ai + sp->v[k].start + kl + 1);
                }
        }
}

/* Heredoc delimiters among the shell-form words (BuildKit's ^\d*<<(-?)name$). */
static void bh_df_find_heredocs(struct bh_df_pi *pi, size_t ai)
{
        struct bh_df_ctx *x = pi->x;
        const char *s = pi->line + ai;
        bh_df_spans *sp = &pi->x->spans;

        sp->n = 0; /* scratch shared by the word splitters, kept across instructions */

        /* memchr for '<' then a look at the next byte: far cheaper than memmem */
        const char *q = s, *end = pi->line + pi->len;
        while ((q = memchr(q, '<', (size_t)(end - q))) && q + 1 < end && q[1] != '<')
                q++;
        if (!q || q + 1 >= end)
                return;
        bh_df_split(s, pi->len - ai, x->escape, bh_df_span_push, sp);
        for (size_t k = 0; k < sp->n; k++) {
                const char *w = s + sp->v[k].start;
                size_t wl = sp->v[k].len, i = 0;
                while (i < wl && isdigit((unsigned char)w[i]))
                        i++;
                if (wl - i < 3 || w[i] != '<' || w[i + 1] != '<')
                        continue;
                i += 2;
                bool strip = false;
                if (w[i] == '-') {
                        strip = true;
                        i++;
                }
                if (i >= wl || memchr(w + i, '<', wl - i))
                        continue;
                const char *nm = w + i;
                size_t nl = wl - i;
                bool quoted = false;
                char *name = bh_arena_alloc(x->a, nl + 1);
                size_t o = 0;
                for (size_t j = 0; j < nl; j++) {
                        if (nm[j] == '\'' || nm[j] == '"' || nm[j] == x->escape) {
                                quoted = true;
                                continue;
                        }
                        name[o++] = nm[j];
                }
                if (o == 0) {
                        bh_df_diag(x, 9002, bh_df_pi_loc(pi, ai + sp->v[k].start),
                                   "%s: heredoc without a delimiter name: expected <<NAME",
                                   pi->in->keyword);
                        continue;
                }
                struct bh_df_heredoc *h = BH_VEC_NEW(&x->hd);
                h->delim = name;
                h->strip_tabs = strip;
                h->quoted = quoted;
        }
}

size_t bh_df_parse_instr(struct bh_df_ctx *x, const char *line, size_t len,
                         const struct bh_df_map *map, size_t base, struct bh_df_instr *out)
{
        struct bh_df_pi pi = { x, line, len, map, base, out };
        size_t i = bh_df_skip_ws(line, len, 0), ks = i;

        while (i < len && !bh_df_is_space(line[i]))
                i++;
        out->keyword = bh_arena_strndup(x->a, line + ks, i - ks);
        out->kind = bh_df_kind_lookup(line + ks, i - ks);
        out->loc = bh_df_pi_loc(&pi, ks);
        struct bh_loc end = bh_df_pi_loc(&pi, len);
        out->loc.end_line = end.line;
        out->loc.end_col = end.col;
        out->stage = -1;
        if (out->kind == BH_DF_UNKNOWN) {
                bh_df_diag(x, 9002, out->loc, "unknown instruction '%.40s'", out->keyword);
                out->args_raw = bh_arena_strndup(x->a, line + i, len - i);
                return base + i;
        }
        size_t ai = bh_df_parse_flags(&pi, i);
        ai = bh_df_skip_ws(line, len, ai);
        size_t ae = len;
        while (ae > ai && bh_df_is_space(line[ae - 1]))
                ae--;
        pi.len = ae;
        out->args_raw = bh_arena_strndup(x->a, line + ai, ae - ai);
        bool empty = ai >= ae;

        switch (out->kind) {
        case BH_DF_RUN:
        case BH_DF_CMD:
        case BH_DF_ENTRYPOINT:
                if (empty && out->kind == BH_DF_RUN) {
                        bh_df_diag(x, 9002, out->loc, "RUN: expected a command");
                        break;
                }
                if (!bh_df_parse_json(&pi, ai) && !empty) {
                        bh_df_one_arg(&pi, ai, out->args_raw);
                        if (out->kind == BH_DF_RUN)
                                bh_df_find_heredocs(&pi, ai);
                }
                break;
        case BH_DF_SHELL:
                if (!bh_df_parse_json(&pi, ai) || out->argc == 0)
                        bh_df_diag(x, 9002, out->loc,
                                   "SHELL: expected a JSON array of strings, e.g. [\"/bin/sh\", \"-c\"]");
                break;
        case BH_DF_COPY:
        case BH_DF_ADD:
        case BH_DF_VOLUME:
                if (!bh_df_parse_json(&pi, ai)) {
                        bh_df_parse_words(&pi, ai);
                        if (out->kind != BH_DF_VOLUME)
                                bh_df_find_heredocs(&pi, ai);
                }
                if (out->kind != BH_DF_VOLUME && out->argc < 2)
                        bh_df_diag(x, 9002, out->loc,
                                   "%s: expected at least a source and a destination",
                                   out->keyword);
                if (out->kind == BH_DF_VOLUME && out->argc == 0)
                        bh_df_diag(x, 9002, out->loc, "VOLUME: expected at least one path");
                break;
        case BH_DF_FROM:
        case BH_DF_EXPOSE:
                bh_df_parse_words(&pi, ai);
                if (out->argc == 0)
                        bh_df_diag(x, 9002, out->loc, "%s: expected %s", out->keyword,
                                   out->kind == BH_DF_FROM ? "an image name"
                                                           : "at least one port");
                break;
        case BH_DF_USER:
        case BH_DF_WORKDIR:
        case BH_DF_STOPSIGNAL:
        case BH_DF_MAINTAINER:
                if (empty)
                        bh_df_diag(x, 9002, out->loc, "%s: expected exactly one argument",
                                   out->keyword);
                else
                        bh_df_one_arg(&pi, ai, out->args_raw);
                break;
        case BH_DF_ENV:
        case BH_DF_LABEL:
        case BH_DF_ARG:
                bh_df_parse_kvs(&pi, ai);
                if (out->nkvs == 0 && empty)
                        bh_df_diag(x, 9002, out->loc, "%s: expected %s", out->keyword,
                                   out->kind == BH_DF_ARG ? "a name" : "name=value");
                break;
        case BH_DF_HEALTHCHECK: {
                size_t we = ai;
                while (we < ae && !bh_df_is_space(line[we]))
                        we++;
                if (we - ai == 4 && strncasecmp(line + ai, "NONE", 4) == 0) {
                        bh_df_one_arg(&pi, ai, "NONE");
                        if (bh_df_skip_ws(line, ae, we) < ae)
                                bh_df_diag(x, 9002, out->loc,
                                           "HEALTHCHECK NONE: expected no arguments");
                } else if (we - ai == 3 && strncasecmp(line + ai, "CMD", 3) == 0) {
                        size_t ci = bh_df_skip_ws(line, ae, we);
                        struct bh_df_instr tmp = { 0 };
                        pi.in = &tmp;
                        if (ci >= ae) {
                                bh_df_diag(x, 9002, out->loc, "HEALTHCHECK CMD: expected a command");
                        } else if (!bh_df_parse_json(&pi, ci)) {
                                bh_df_one_arg(&pi, ci,
                                              bh_arena_strndup(x->a, line + ci, ae - ci));
                        }
                        pi.in = out;
                        out->json = tmp.json;
                        out->argc = tmp.argc + 1;
                        out->argv = bh_arena_alloc(x->a, out->argc * sizeof(*out->argv));
                        out->argv[0] = (struct bh_value){ "CMD", true, true, bh_df_pi_loc(&pi, ai) };
                        if (tmp.argc)
                                memcpy(out->argv + 1, tmp.argv, tmp.argc * sizeof(*tmp.argv));
                } else {
                        bh_df_diag(x, 9002, out->loc, "HEALTHCHECK: expected CMD or NONE");
                }
                break;
        }
        case BH_DF_ONBUILD: {
                if (empty) {
                        bh_df_diag(x, 9002, out->loc, "ONBUILD: expected an instruction");
                        break;
                }
                struct bh_df_instr *sub = bh_arena_alloc(x->a, sizeof(*sub));
                size_t nhd = x->hd.n;
                x->onbuild_args_off = bh_df_parse_instr(x, line + ai, ae - ai, map, base + ai, sub);
                /* BuildKit reads heredoc bodies for ONBUILD RUN/COPY/ADD (its
                 * allowHeredoc looks through ONBUILD); they belong to sub */
                if (!bh_df_kind_has_heredocs(sub->kind))
                        x->hd.n = nhd;
                if (sub->kind == BH_DF_ONBUILD || sub->kind == BH_DF_FROM ||
                    sub->kind == BH_DF_MAINTAINER)
                        bh_df_diag(x, 9002, sub->loc, "ONBUILD %s is not allowed",
                                   bh_df_kind_name(sub->kind));
                out->onbuild = sub;
                break;
        }
        default:
                break;
        }
        return base + ai;
}

/* ---- the line reader ---- */

struct bh_df_rd {
        const char *s;
        size_t n;
        size_t pos;
        uint32_t line;
};

/* Next physical line without its newline and trailing CR. */
static inline bool bh_df_rd_next(struct bh_df_rd *r, const char **ret, size_t *ret_len)
{
        if (r->pos >= r->n)
                return false;
        const char *ls = r->s + r->pos;
        const char *nl = memchr(ls, '\n', r->n - r->pos);
        size_t ll = nl ? (size_t)(nl - ls) : r->n - r->pos;
        r->pos += ll + (nl ? 1 : 0);
        if (ll && ls[ll - 1] == '\r')
                ll--;
        r->line++;
        *ret = ls;
        *ret_len = ll;
        return true;
}

static size_t bh_df_lskip(const char *s, size_t n)
{
        size_t i = 0;

        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\v' || s[i] == '\f'))
                i++;
        return i;
}

/* "# key = value" at the top of the file. */
static bool bh_df_directive(struct bh_df_ctx *x, const char *s, size_t n, uint32_t line,
                            bool seen[3])
{
        static const char *const keys[] = { "syntax", "escape", "check" };
        size_t i = bh_df_lskip(s, n);

        if (i >= n || s[i] != '#')
                return false;
        i++;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
        size_t ks = i;
        if (i >= n || !isalpha((unsigned char)s[i]))
                return false;
        while (i < n && isalnum((unsigned char)s[i]))
                i++;
        size_t kl = i - ks;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
        if (i >= n || s[i] != '=')
                return false;
        i++;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
        size_t ve = n;
        while (ve > i && (s[ve - 1] == ' ' || s[ve - 1] == '\t'))
                ve--;
        if (ve <= i)
                return false;
        int k = -1;
        for (int j = 0; j < 3; j++)
                if (strlen(keys[j]) == kl && strncasecmp(s + ks, keys[j], kl) == 0)
                        k = j;
        if (k < 0)
                return false; /* an unknown directive is a comment and ends the directives */
        struct bh_loc loc = { line, (uint32_t)ks + 1, line, (uint32_t)ks + 1 };
        if (seen[k]) {
                bh_df_diag(x, 9002, loc, "only one %s parser directive can be used", keys[k]);
                return true;
        }
        seen[k] = true;
        const char *v = bh_arena_strndup(x->a, s + i, ve - i);
        if (k == 0) {
                x->df->syntax = v;
        } else if (k == 2) {
                x->df->check = v;
        } else if (strcmp(v, "\\") == 0 || strcmp(v, "`") == 0) {
                x->escape = v[0];
                x->df->escape = v[0];
        } else {
                bh_df_diag(x, 9002, loc,
                           "invalid escape directive '%.20s': expected \\ or `", v);
        }
        return true;
}

/* Does b end with the escape character plus optional blanks?  Strips them. */
static bool bh_df_strip_cont(struct bh_buf *b, size_t from, char esc)
{
        size_t e = b->len;

        while (e > from && (b->buf[e - 1] == ' ' || b->buf[e - 1] == '\t'))
                e--;
        if (e > from && b->buf[e - 1] == esc) {
                b->len = e - 1;
                b->buf[b->len] = '\0';
                return true;
        }
        return false;
}

/* Read the bodies of the heredocs the instruction just read declared. */
static uint32_t bh_df_read_heredocs(struct bh_df_ctx *x, struct bh_df_rd *r,
                                    struct bh_df_instr *in)
{
        size_t keep = BH_MIN(x->hd.n, (size_t)BH_LIMIT_HEREDOCS_PER_INSTR);
        struct bh_buf body;

        if (x->hd.n > BH_LIMIT_HEREDOCS_PER_INSTR)
                bh_df_diag(x, 9003, in->loc,
                           "%s has %zu heredocs, more than the limit of %u: the extra ones "
                           "were not analysed",
                           in->keyword, x->hd.n, BH_LIMIT_HEREDOCS_PER_INSTR);
        bh_buf_init(&body, BH_LIMIT_HEREDOC_SIZE);
        for (size_t h = 0; h < x->hd.n; h++) {
                struct bh_df_heredoc *hd = &x->hd.v[h];
                struct bh_df_map *m = h < keep ? &x->hd_maps[h] : NULL;
                size_t dl = strlen(hd->delim);
                bool done = false, big = false;
                const char *ls;
                size_t ll;

                bh_buf_reset(&body);
                if (m)
                        m->n = 0;
                hd->first_line = r->line + 1;
                while (bh_df_rd_next(r, &ls, &ll)) {
                        size_t k = 0;
                        if (hd->strip_tabs)
                                while (k < ll && ls[k] == '\t')
                                        k++;
                        if (ll - k == dl && memcmp(ls + k, hd->delim, dl) == 0) {
                                done = true;
                                break;
                        }
                        if (big)
                                continue;
                        if (m)
                                bh_df_map_add(m, body.len, r->line, (uint32_t)k + 1);
                        if (bh_buf_add(&body, ls + k, ll - k) < 0 ||
                            bh_buf_addc(&body, '\n') < 0)
                                big = true;
                }
                if (big) {
                        bh_df_diag(x, 9003, in->loc,
                                   "heredoc %.40s is larger than the limit of %u bytes: its "
                                   "body was not analysed",
                                   hd->delim, BH_LIMIT_HEREDOC_SIZE);
                        bh_buf_reset(&body);
                        if (m)
                                m->n = 0;
                }
                hd->body = bh_arena_strndup(x->a, body.buf, body.len);
                if (!done) {
                        bh_df_diag(x, 9001, in->loc,
                                   "unterminated heredoc: expected a line '%.40s' before the "
                                   "end of the file",
                                   hd->delim);
                        break;
                }
        }
        bh_buf_release(&body);
        if (keep) {
                in->heredocs = bh_arena_memdup(x->a, x->hd.v, keep * sizeof(*in->heredocs));
                in->nheredocs = keep;
        }
        return r->line;
}

void bh_df_read(struct bh_df_ctx *x)
{
        struct bh_df_rd r = { x->doc->text, x->doc->text_len, 0, 0 };
        struct bh_df_map map = { 0 };
        struct bh_buf lb;
        bool seen[3] = { false, false, false };
        const char *ls;
        size_t ll;

        bh_buf_init(&lb, x->doc->text_len + 1);
        if (!x->instrs.v) {
                /* room for a typical file's instructions in one allocation */
                x->instrs.cap = 32;
                x->instrs.v = bh_xreallocarray(NULL, x->instrs.cap, sizeof(*x->instrs.v));
        }
        if (r.n >= 3 && memcmp(r.s, "\xef\xbb\xbf", 3) == 0)
                r.pos = 3;
        for (;;) {
                struct bh_df_rd save = r;
                if (!bh_df_rd_next(&r, &ls, &ll))
                        break;
                if (!bh_df_directive(x, ls, ll, r.line, seen)) {
                        r = save;
                        break;
                }
        }
        while (!x->stop && bh_df_rd_next(&r, &ls, &ll)) {
                bool too_long = false;
                uint32_t first = r.line;
                if (ll > BH_LIMIT_LINE_LENGTH) {
                        bh_df_diag(x, 9003, (struct bh_loc){ r.line, 1, r.line, 1 },
                                   "line is longer than the limit of %u bytes: the instruction "
                                   "was not analysed",
                                   BH_LIMIT_LINE_LENGTH);
                        too_long = true;
                }
                size_t k = bh_df_lskip(ls, ll);
                if (k >= ll || ls[k] == '#')
                        continue;
                bh_buf_reset(&lb);
                map.n = 0;
                bh_df_map_add(&map, 0, r.line, (uint32_t)k + 1);
                bh_buf_add(&lb, ls + k, ll - k);
                bool cont = bh_df_strip_cont(&lb, 0, x->escape);
                while (cont && bh_df_rd_next(&r, &ls, &ll)) {
                        if (ll > BH_LIMIT_LINE_LENGTH && !too_long) {
                                bh_df_diag(x, 9003, (struct bh_loc){ r.line, 1, r.line, 1 },
                                           "line is longer than the limit of %u bytes: the "
                                           "instruction was not analysed",
                                           BH_LIMIT_LINE_LENGTH);
                                too_long = true;
                        }
                        size_t j = bh_df_lskip(ls, ll);
                        /* BuildKit skips comment and blank lines inside a continuation */
                        if (j >= ll || ls[j] == '#')
                                continue;
                        size_t from = lb.len;
                        bh_df_map_add(&map, from, r.line, 1);
                        bh_buf_add(&lb, ls, ll);
                        cont = bh_df_strip_cont(&lb, from, x->escape);
                }
                if (too_long)
                        continue;
                if (x->instrs.n >= BH_LIMIT_DF_INSTRUCTIONS) {
                        bh_df_diag(x, 9003, (struct bh_loc){ first, (uint32_t)k + 1, first, 0 },
                                   "more than %u instructions: the rest of the file was not "
                                   "analysed",
                                   BH_LIMIT_DF_INSTRUCTIONS);
                        x->stop = true;
                        break;
                }
                size_t idx = x->instrs.n;
                struct bh_df_instr *in = BH_VEC_NEW(&x->instrs);
                x->hd.n = 0;
                size_t args_off = bh_df_parse_instr(x, lb.buf, lb.len, &map, 0, in);
                struct bh_df_instr *hin = in->kind == BH_DF_ONBUILD && in->onbuild ? in->onbuild : in;
                if (x->hd.n && bh_df_kind_has_heredocs(hin->kind)) {
                        uint32_t last = bh_df_read_heredocs(x, &r, hin);
                        in->loc.end_line = last;
                        in->loc.end_col = 0;
                        hin->loc.end_line = last;
                        hin->loc.end_col = 0;
                }
                bh_df_build_instr(x, idx, &map, args_off);
        }
        bh_buf_release(&lb);
        free(map.v);
}
