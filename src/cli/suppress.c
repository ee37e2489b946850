/* Suppressions: `bulkhead:ignore`, `bulkhead:ignore-stage` and
 * `bulkhead:ignore-file` comments in the scanned text, and the config file's
 * suppressions.  Suppressed findings stay in the list, marked, so SARIF can
 * carry them; they never count for the exit code. */
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>

#include "../util/strutil.h"
#include "cli.h"

#include "../util/bh-banned.h"

#define BH_SUPP_MARKER "bulkhead:ignore"

struct bh_supp {
        enum bh_supp_kind kind;
        bool rules[BH_RULE__COUNT];
        uint32_t line;   /* of the comment */
        uint32_t lo, hi; /* finding lines it covers */
        char *reason;
        bool expired;
};

struct bh_supp_ctx {
        const struct bh_doc *doc;
        const bool *enabled;
        int64_t today;
        struct bh_cli_strv *warnings;
        BH_VEC(struct bh_supp) supps;
        struct bh_findings errors; /* BH9006, added after the others are matched */
};

static bool bh_supp_is_space(char c)
{
        return c == ' ' || c == '\t' || c == '\r';
}

static void bh_supp_error(struct bh_supp_ctx *cx, uint32_t line, uint32_t col,
                          const char *line_text, size_t line_len, const char *fmt, ...)
        BH_PRINTF(6, 7);
static void bh_supp_error(struct bh_supp_ctx *cx, uint32_t line, uint32_t col,
                          const char *line_text, size_t line_len, const char *fmt, ...)
{
        size_t ntable;
        const struct bh_rule *table = bh_rules_table(&ntable);
        const struct bh_rule *r = bh_rules_find_num(9006);
        struct bh_finding *f;
        char msg[512];
        va_list ap;

        if (!r || (cx->enabled && !cx->enabled[r - table]))
                return;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        f = bh_findings_add(&cx->errors, r->id, r->num, r->severity, cx->doc->path,
                            (struct bh_loc){.line = line, .col = col}, msg);
        if (f)
                f->source_line = bh_xstrndup(line_text, line_len);
}

/* The dockerfile stage a stage-wide comment on line belongs to: the stage of
 * the next FROM when only comments separate them, else the enclosing stage. */
static int bh_supp_stage_of(const struct bh_dockerfile *df, uint32_t line)
{
        int last = -1;

        for (size_t i = 0; i < df->ninstrs; i++) {
                const struct bh_df_instr *in = &df->instrs[i];
                if (in->loc.line > line)
                        return in->kind == BH_DF_FROM ? in->stage : last;
                last = in->stage;
        }
        return last;
}

static void bh_supp_stage_range(const struct bh_dockerfile *df, int stage, uint32_t *lo,
                                uint32_t *hi)
{
        const struct bh_df_stage *s = &df->stages[stage];

        *lo = s->first_instr < df->ninstrs ? df->instrs[s->first_instr].loc.line : 0;
        *hi = UINT32_MAX;
        if ((size_t)stage + 1 < df->nstages) {
                const struct bh_df_stage *n = &df->stages[stage + 1];
                if (n->first_instr < df->ninstrs && df->instrs[n->first_instr].loc.line > 0)
                        *hi = df->instrs[n->first_instr].loc.line - 1;
        }
}

/* An inline comment covers its own line and the next one, widened to the
 * whole instruction that starts on either (findings may sit on a
 * continuation line). */
static void bh_supp_inline_range(const struct bh_dockerfile *df, uint32_t line, uint32_t *lo,
                                 uint32_t *hi)
{
        *lo = line;
        *hi = line + 1;
        if (!df)
                return;
        for (size_t i = 0; i < df->ninstrs; i++) {
                const struct bh_loc *l = &df->instrs[i].loc;
                if (l->line == line || l->line == line + 1)
                        *hi = BH_MAX(*hi, l->end_line);
        }
}

/* Parse the comment after the marker: "[-stage|-file] ID[,ID] [reason=...] [expires=...]".
 * part: not NULL for the value of a bulkhead.dev/ignore annotation (p is the
 * value after a blank; it covers the part's lines, and an unquoted reason
 * runs to the end of the value or to " expires="). */
static void bh_supp_parse(struct bh_supp_ctx *cx, uint32_t lineno, const char *line, size_t len,
                          const char *hash, const char *p, const struct bh_doc_part *part)
{
        size_t ntable;
        const struct bh_rule *table = bh_rules_table(&ntable);
        const char *end = line + len;
        uint32_t col = part ? part->ignore_loc.col : (uint32_t)(hash - line) + 1;
        struct bh_supp s = {.kind = BH_SUPP_INLINE, .line = lineno};
        bool any = false, bad = false, has_expires = false;
        char date[16] = "";
        int64_t expires = 0;

        if (part) {
                s.kind = BH_SUPP_ANNOTATION;
        } else if (end - p >= 6 && memcmp(p, "-stage", 6) == 0) {
                s.kind = BH_SUPP_STAGE;
                p += 6;
        } else if (end - p >= 5 && memcmp(p, "-file", 5) == 0) {
                s.kind = BH_SUPP_FILE;
                p += 5;
        }
        if (p < end && !bh_supp_is_space(*p))
                return; /* "bulkhead:ignored", "bulkhead:ignore-x": not ours */

        /* Rule IDs: comma-separated, spaces allowed after a comma. */
        for (;;) {
                while (p < end && bh_supp_is_space(*p))
                        p++;
                const char *w = p;
                while (p < end && !bh_supp_is_space(*p) && *p != ',')
                        p++;
                if (p == w || memchr(w, '=', (size_t)(p - w)))
                        break;
                bh_autofree char *id = bh_xstrndup(w, (size_t)(p - w));
                const struct bh_rule *r = bh_rules_find(id);
                if (r) {
                        s.rules[r - table] = true;
                        any = true;
                } else {
                        bh_supp_error(cx, lineno, col, line, len,
                                      "unknown rule ID '%s' in suppression", id);
                        bad = true;
                }
                if (p < end && *p == ',') {
                        p++;
                        continue;
                }
                break;
        }
        if (!any && !bad) {
                bh_supp_error(cx, lineno, col, line, len, "suppression names no rule ID");
                return;
        }

        /* key=value options */
        for (;;) {
                while (p < end && bh_supp_is_space(*p))
                        p++;
                if (p >= end)
                        break;
                const char *k = p;
                while (p < end && *p != '=' && !bh_supp_is_space(*p))
                        p++;
                size_t klen = (size_t)(p - k);
                if (p >= end || *p != '=') {
                        bh_supp_error(cx, lineno, col, line, len,
                                      "unexpected text '%.*s' in suppression (expected "
                                      "reason=\"...\" or expires=YYYY-MM-DD)",
                                      (int)BH_MIN(klen, 64), k);
                        return;
                }
                p++;
                const char *v = p;
                size_t vlen;
                if (p < end && (*p == '"' || *p == '\'')) {
                        char q = *p++;
                        v = p;
                        while (p < end && *p != q)
                                p++;
                        if (p >= end) {
                                bh_supp_error(cx, lineno, col, line, len,
                                              "unterminated %c in suppression", q);
                                return;
                        }
                        vlen = (size_t)(p - v);
                        p++;
                } else if (part && klen == 6 && memcmp(k, "reason", 6) == 0) {
                        /* an annotation value is one string: no need to quote */
                        const char *x = memmem(p, (size_t)(end - p), " expires=", 9);
                        p = x ? x : end;
                        vlen = (size_t)(p - v);
                        while (vlen && bh_supp_is_space(v[vlen - 1]))
                                vlen--;
                } else {
                        while (p < end && !bh_supp_is_space(*p))
                                p++;
                        vlen = (size_t)(p - v);
                }
                if (klen == 6 && memcmp(k, "reason", 6) == 0) {
                        free(s.reason);
                        s.reason = vlen ? bh_xstrndup(v, vlen) : NULL;
                } else if (klen == 7 && memcmp(k, "expires", 7) == 0) {
                        snprintf(date, sizeof(date), "%.*s", (int)BH_MIN(vlen, 15), v);
                        if (vlen != 10 || !bh_parse_date(date, &expires)) {
                                bh_supp_error(cx, lineno, col, line, len,
                                              "malformed expiry date '%.*s' in suppression "
                                              "(expected YYYY-MM-DD)",
                                              (int)BH_MIN(vlen, 64), v);
                                free(s.reason);
                                return;
                        }
                        has_expires = true;
                } else {
                        bh_supp_error(cx, lineno, col, line, len,
                                      "unknown option '%.*s' in suppression (expected reason "
                                      "or expires)",
                                      (int)BH_MIN(klen, 64), k);
                        free(s.reason);
                        return;
                }
        }
        if (!any) {
                free(s.reason);
                return;
        }

        char names[512];
        bh_cli_rule_names(s.rules, names, sizeof(names));
        if (!s.reason)
                bh_cli_strv_addf(cx->warnings, "%s:%u: suppression of %s has no reason",
                                 cx->doc->path, lineno, names);
        if (has_expires && cx->today > expires) {
                bh_cli_strv_addf(cx->warnings,
                                 "%s:%u: suppression of %s expired on %s and no longer applies",
                                 cx->doc->path, lineno, names, date);
                s.expired = true;
        }

        const struct bh_dockerfile *df = cx->doc->dockerfile;
        switch (s.kind) {
        case BH_SUPP_INLINE:
                bh_supp_inline_range(df, lineno, &s.lo, &s.hi);
                break;
        case BH_SUPP_STAGE: {
                int st = df ? bh_supp_stage_of(df, lineno) : -1;
                if (st < 0 || (size_t)st >= df->nstages) {
                        bh_cli_strv_addf(cx->warnings,
                                         "%s:%u: bulkhead:ignore-stage is not inside a stage "
                                         "and has no effect",
                                         cx->doc->path, lineno);
                        free(s.reason);
                        return;
                }
                bh_supp_stage_range(df, st, &s.lo, &s.hi);
                break;
        }
        case BH_SUPP_ANNOTATION:
                s.lo = part->first_line;
                s.hi = part->last_line;
                break;
        case BH_SUPP_FILE:
        case BH_SUPP_NONE:
        case BH_SUPP_CONFIG:
        default:
                s.lo = 0;
                s.hi = UINT32_MAX;
                break;
        }
        BH_VEC_PUSH(&cx->supps, s);
}

/* Is the marker at m inside a comment: '#' then blanks before it, the '#'
 * at the start of the line (after blanks) or after a blank (a shell comment
 * at the end of a RUN line)?  Returns the '#' or NULL. */
static const char *bh_supp_comment_start(const char *line, const char *m)
{
        const char *p = m;

        while (p > line && bh_supp_is_space(p[-1]))
                p--;
        if (p == line || p[-1] != '#')
                return NULL;
        p--;
        if (p == line || bh_supp_is_space(p[-1]))
                return p;
        return NULL;
}

static void bh_supp_mark(struct bh_finding *f, enum bh_supp_kind kind, const char *reason,
                         const char *src_path, unsigned src_line)
{
        f->suppressed = kind;
        free(f->supp_reason);
        f->supp_reason = reason ? bh_xstrdup(reason) : NULL;
        free(f->supp_source);
        f->supp_source = bh_xasprintf("%s:%u", src_path, src_line);
}

void bh_cli_suppress_inline(const struct bh_doc *doc, const bool *enabled, int64_t today,
                            struct bh_findings *f, struct bh_cli_strv *warnings)
{
        struct bh_supp_ctx cx = {
                .doc = doc, .enabled = enabled, .today = today, .warnings = warnings};
        const char *text = doc->text, *end;
        size_t ntable;
        const struct bh_rule *table = bh_rules_table(&ntable);
        static const enum bh_supp_kind order[] = {BH_SUPP_INLINE, BH_SUPP_ANNOTATION,
                                                   BH_SUPP_STAGE, BH_SUPP_FILE};
        bool annotations = false;

        for (size_t i = 0; i < doc->nparts; i++)
                annotations |= doc->parts[i].ignore != NULL;
        if (!text || (!annotations &&
                      !memmem(text, doc->text_len, BH_SUPP_MARKER, strlen(BH_SUPP_MARKER))))
                return;
        end = text + doc->text_len;
        bh_findings_init(&cx.errors);

        /* bulkhead.dev/ignore annotations: the whole object they are on */
        for (size_t i = 0; i < doc->nparts; i++) {
                const struct bh_doc_part *part = &doc->parts[i];
                if (!part->ignore)
                        continue;
                bh_autofree char *val = bh_xasprintf(" %s", part->ignore);
                bh_supp_parse(&cx, part->ignore_loc.line, val, strlen(val), val, val, part);
        }

        uint32_t lineno = 1;
        for (const char *line = text; line < end; lineno++) {
                const char *nl = memchr(line, '\n', (size_t)(end - line));
                size_t len = nl ? (size_t)(nl - line) : (size_t)(end - line);
                const char *m = memmem(line, len, BH_SUPP_MARKER, strlen(BH_SUPP_MARKER));
                const char *hash;

                if (m && (hash = bh_supp_comment_start(line, m)))
                        bh_supp_parse(&cx, lineno, line, len, hash, m + strlen(BH_SUPP_MARKER),
                                      NULL);
                if (!nl)
                        break;
                line = nl + 1;
        }

        for (size_t i = 0; i < f->items.n; i++) {
                struct bh_finding *x = &f->items.v[i];
                const struct bh_rule *r = bh_rules_find_num(x->rule_num);
                if (x->suppressed || !r || r->num == 9006)
                        continue;
                size_t idx = (size_t)(r - table);
                /* most specific scope first */
                for (size_t o = 0; o < BH_ELEMENTSOF(order) && !x->suppressed; o++) {
                        for (size_t j = 0; j < cx.supps.n; j++) {
                                const struct bh_supp *s = &cx.supps.v[j];
                                if (s->kind != order[o] || s->expired || !s->rules[idx] ||
                                    x->loc.line < s->lo || x->loc.line > s->hi)
                                        continue;
                                if (s->kind != BH_SUPP_FILE && x->loc.line == 0)
                                        continue;
                                bh_supp_mark(x, s->kind, s->reason, doc->path, s->line);
                                break;
                        }
                }
        }

        for (size_t i = 0; i < cx.supps.n; i++)
                free(cx.supps.v[i].reason);
        free(cx.supps.v);
        bh_findings_move(f, &cx.errors);
}

void bh_cli_suppress_config(const struct bh_cli_config *c, const char *relpath, int64_t today,
                            struct bh_findings *f)
{
        size_t ntable;
        const struct bh_rule *table = bh_rules_table(&ntable);

        if (!c || c->supps.n == 0)
                return;
        for (size_t i = 0; i < f->items.n; i++) {
                struct bh_finding *x = &f->items.v[i];
                const struct bh_rule *r = bh_rules_find_num(x->rule_num);
                if (x->suppressed || !r)
                        continue;
                size_t idx = (size_t)(r - table);
                for (size_t j = 0; j < c->supps.n; j++) {
                        const struct bh_cli_csupp *s = &c->supps.v[j];
                        if (!s->rules[idx] || (s->has_expires && today > s->expires))
                                continue;
                        if (s->advisory &&
                            (!x->vuln || ((!x->vuln->id || strcasecmp(s->advisory, x->vuln->id)) &&
                                          (!x->vuln->cve || strcasecmp(s->advisory, x->vuln->cve)))))
                                continue;
                        if (s->path_glob) {
                                if (!relpath)
                                        continue;
                                bool m = bh_glob_match(s->path_glob, relpath);
                                if (!m && !strchr(s->path_glob, '/'))
                                        m = bh_glob_match(s->path_glob, bh_path_basename(relpath));
                                if (!m)
                                        continue;
                        }
                        bh_supp_mark(x, BH_SUPP_CONFIG, s->reason, c->path, s->line);
                        break;
                }
        }
}
