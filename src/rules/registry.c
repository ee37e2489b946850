#include <stdarg.h>
#include <stdio.h>
#include <strings.h>

#include "../util/limits.h"
#include "../util/strutil.h"
#include "../model/vuln.h"
#include "checks.h"
#include "rules.h"

#include "../util/bh-banned.h"

static const struct bh_rule bh_rules[BH_RULE__COUNT] = {
#define BH_RULE(id_, num_, slug_, sev_, subj_, flags_, fn_, title_, hint_) \
        [BH_RULE_##id_] = {                                                 \
                .id = #id_,                                                 \
                .num = (num_),                                              \
                .slug = (slug_),                                            \
                .theme = (num_) / 1000,                                     \
                .severity = BH_SEV_##sev_,                                  \
                .subject = BH_SUBJ_##subj_,                                 \
                .flags = (flags_),                                          \
                .check = (fn_),                                             \
                .title = (title_),                                          \
                .hint = (hint_),                                            \
        },
#include "rules.def"
#undef BH_RULE
};

/* Rule number -> index + 1 in bh_rules (0: no such rule), laid out by the
 * compiler: a lookup by number per finding costs one load. */
static const unsigned short bh_rules_by_num[10000] = {
#define BH_RULE(id_, num_, slug_, sev_, subj_, flags_, fn_, title_, hint_) \
        [num_] = BH_RULE_##id_ + 1,
#include "rules.def"
#undef BH_RULE
};
_Static_assert(BH_RULE__COUNT < 65535, "rule indexes fit bh_rules_by_num");

struct bh_emit {
        const struct bh_doc *doc;
        const struct bh_rule *rule;
        struct bh_findings *out;
        const struct bh_rules_opts *opts; /* never NULL */
        size_t before;     /* findings out held before this run */
        size_t rule_first; /* index in out of the current rule's first finding */
        /* Offsets of the starts of doc->text's lines, built on the first
         * finding so that each finding's source line costs no scan. */
        uint32_t *lines;
        size_t nlines;
        bool lines_done;
};

const struct bh_rule *bh_rules_table(size_t *ret_count)
{
        *ret_count = BH_RULE__COUNT;
        return bh_rules;
}

const struct bh_rule *bh_rules_find(const char *id)
{
        /* "BHnnnn" (any case, the table's own ids too): by number, without a
         * string comparison per rule */
        if ((id[0] | 0x20) == 'b' && (id[1] | 0x20) == 'h') {
                unsigned num = 0;
                size_t i = 2;
                while (i < 6 && id[i] >= '0' && id[i] <= '9')
                        num = num * 10 + (unsigned)(id[i++] - '0');
                if (i == 6 && id[6] == '\0')
                        return bh_rules_find_num(num);
        }
        for (size_t i = 0; i < BH_RULE__COUNT; i++)
                if (bh_rules[i].id == id)
                        return &bh_rules[i];
        for (size_t i = 0; i < BH_RULE__COUNT; i++)
                if (strcasecmp(bh_rules[i].id, id) == 0)
                        return &bh_rules[i];
        return NULL;
}

const struct bh_rule *bh_rules_find_num(unsigned num)
{
        if (num >= BH_ELEMENTSOF(bh_rules_by_num) || !bh_rules_by_num[num])
                return NULL;
        return &bh_rules[bh_rules_by_num[num] - 1];
}

const char *bh_rules_theme_name(unsigned theme)
{
        static const char *const names[] = {
                [1] = "Up to date",
                [2] = "Daemon socket",
                [3] = "Unprivileged user",
                [4] = "Privileges and capabilities",
                [5] = "Isolation",
                [6] = "Linux Security Modules",
                [7] = "Build and supply chain",
                [8] = "Image contents",
                [9] = "Input problems",
        };

        return theme < BH_ELEMENTSOF(names) && names[theme] ? names[theme] : "?";
}

const char *bh_rules_subject_name(enum bh_subject s)
{
        switch (s) {
        case BH_SUBJ_CONTAINER:
                return "container";
        case BH_SUBJ_IMAGE_REF:
                return "image";
        case BH_SUBJ_DOCKERFILE:
                return "dockerfile";
        case BH_SUBJ_INPUT:
                return "input";
        case BH_SUBJ_KUBERNETES:
                return "kubernetes";
        case BH_SUBJ_SCAN:
                return "scan";
        case BH_SUBJ_DAEMON:
                return "daemon";
        case BH_SUBJ_HOST:
                return "host";
        case BH_SUBJ_PACKAGE:
                return "package";
        case BH_SUBJ_IMAGE:
                return "image-contents";
        case BH_SUBJ__COUNT:
        default:
                return "?";
        }
}

/* Only findings of the same rule can be duplicates, and a rule's findings
 * are contiguous from e->rule_first (rules run one after the other). */
static bool bh_finding_dup(const struct bh_findings *f, size_t from, size_t to,
                           const char *rule_id, struct bh_loc loc, const char *msg)
{
        for (size_t i = from; i < to; i++) {
                const struct bh_finding *x = &f->items.v[i];
                /* bulkhead host: the same message at 1:1 of two files is two findings */
                bool same_file = x->loc.file == loc.file ||
                                 (x->loc.file && loc.file && strcmp(x->loc.file, loc.file) == 0);
                if (x->rule_id == rule_id && x->loc.line == loc.line && x->loc.col == loc.col &&
                    same_file && strcmp(x->message, msg) == 0)
                        return true;
        }
        return false;
}

static void bh_emit_index_lines(struct bh_emit *e)
{
        const char *t = e->doc->text, *end = t + e->doc->text_len;
        size_t cap = 0;

        e->lines_done = true;
        if (!t)
                return;
        for (const char *p = t;;) {
                if (e->nlines == cap) {
                        cap = cap ? cap * 2 : 64;
                        e->lines = bh_xreallocarray(e->lines, cap, sizeof(*e->lines));
                }
                e->lines[e->nlines++] = (uint32_t)(p - t);
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                if (!nl)
                        break;
                p = nl + 1;
        }
}

/* bh_doc_line() through the index: line n (1-based) without its newline. */
static bool bh_emit_line(struct bh_emit *e, uint32_t n, const char **ret_line, size_t *ret_len)
{
        const char *t = e->doc->text;

        if (!e->lines_done)
                bh_emit_index_lines(e);
        if (n == 0 || n > e->nlines)
                return false;
        const char *p = t + e->lines[n - 1];
        size_t len = n < e->nlines ? e->lines[n] - e->lines[n - 1] - 1
                                   : e->doc->text_len - e->lines[n - 1];
        /* a final line after the last newline exists only when not empty */
        if (n == e->nlines && n > 1 && len == 0)
                return false;
        if (len && p[len - 1] == '\r')
                len--;
        *ret_line = p;
        *ret_len = len;
        return true;
}

static void bh_emit_add(struct bh_emit *e, enum bh_severity sev, struct bh_loc loc,
                        const char *msg)
{
        const char *line;
        size_t len;
        struct bh_finding *f;
        const struct bh_doc_part *part = e->doc->nparts ? bh_doc_part_at(e->doc, loc.line) : NULL;
        char with_src[1400];

        /* helm output on stdin: name the template the finding comes from */
        if (part && part->source) {
                snprintf(with_src, sizeof(with_src), "%s (from %s)", msg, part->source);
                msg = with_src;
        } else if (loc.note) {
                /* the value is written elsewhere (a compose anchor, extends, include) */
                snprintf(with_src, sizeof(with_src), "%s (%s)", msg, loc.note);
                msg = with_src;
        }
        if (bh_finding_dup(e->out, 0, e->before, e->rule->id, loc, msg) ||
            bh_finding_dup(e->out, e->rule_first, e->out->items.n, e->rule->id, loc, msg))
                return;
        /* host evidence lies in other files: their path, no source line */
        f = bh_findings_add(e->out, e->rule->id, e->rule->num, sev,
                            loc.file ? loc.file : e->doc->path, loc, msg);
        if (f && loc.line && !loc.file && bh_emit_line(e, loc.line, &line, &len))
                f->source_line = bh_xstrndup(line, len);
}

void bh_emit(struct bh_emit *e, struct bh_loc loc, const char *fmt, ...)
{
        va_list ap;
        char msg[1024];

        va_start(ap, fmt);
        bh_vformat(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        bh_emit_add(e, e->rule->severity, loc, msg);
}

void bh_emit_sev(struct bh_emit *e, enum bh_severity sev, struct bh_loc loc, const char *fmt, ...)
{
        va_list ap;
        char msg[1024];

        va_start(ap, fmt);
        bh_vformat(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        bh_emit_add(e, sev, loc, msg);
}

void bh_emit_field(struct bh_emit *e, enum bh_severity sev, struct bh_loc loc, const char *field,
                   const char *fmt, ...)
{
        va_list ap;
        char msg[1024];
        size_t n = e->out->items.n;

        va_start(ap, fmt);
        bh_vformat(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        bh_emit_add(e, sev, loc, msg);
        /* not added when a duplicate or over the per-file limit */
        if (field && e->out->items.n > n)
                e->out->items.v[e->out->items.n - 1].field = bh_xstrdup(field);
}

static char *bh_emit_dup(const char *s)
{
        return s ? bh_xstrdup(s) : NULL;
}

void bh_emit_vuln(struct bh_emit *e, enum bh_severity sev, const struct bh_vuln_match *m,
                  const char *fmt, ...)
{
        va_list ap;
        char msg[1024];
        size_t n = e->out->items.n;

        va_start(ap, fmt);
        bh_vformat(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        bh_emit_add(e, sev, m->loc, msg);
        if (e->out->items.n == n)
                return; /* a duplicate, or over the per-file limit */
        struct bh_finding_vuln *v = bh_xcalloc(1, sizeof(*v));
        v->id = bh_emit_dup(m->id);
        v->cve = bh_emit_dup(m->cve);
        v->related = bh_emit_dup(m->related);
        v->ecosystem = bh_emit_dup(m->ecosystem);
        v->package = bh_emit_dup(m->package);
        v->source = bh_emit_dup(m->source);
        v->installed = bh_emit_dup(m->installed);
        v->fixed = bh_emit_dup(m->fixed);
        v->severity_source = bh_emit_dup(m->severity_source);
        e->out->items.v[e->out->items.n - 1].vuln = v;
}

const struct bh_rules_opts *bh_emit_opts(const struct bh_emit *e)
{
        return e->opts;
}

void bh_rules_run(const struct bh_doc *doc, const bool *enabled, struct bh_findings *out)
{
        bh_rules_run_opts(doc, enabled, NULL, out);
}

void bh_rules_run_opts(const struct bh_doc *doc, const bool *enabled, const struct bh_rules_opts *o,
                       struct bh_findings *out)
{
        static const struct bh_rules_opts defaults = {0};
        struct bh_emit e = {
                .doc = doc, .out = out, .opts = o ? o : &defaults, .before = out->items.n};

        /* diagnostics of different rules interleave: dedupe them among all */
        for (size_t i = 0; i < doc->diags.n; i++) {
                const struct bh_diag *d = &doc->diags.v[i];
                const struct bh_rule *r = bh_rules_find_num(d->rule);
                if (!r)
                        continue;
                if (enabled && !enabled[r - bh_rules])
                        continue;
                e.rule = r;
                e.rule_first = e.before;
                bh_emit_add(&e, r->severity, d->loc, d->message);
        }
        for (size_t i = 0; i < BH_RULE__COUNT; i++) {
                const struct bh_rule *r = &bh_rules[i];
                if (!r->check || (enabled && !enabled[i]))
                        continue;
                if (r->subject == BH_SUBJ_DOCKERFILE && !doc->dockerfile)
                        continue;
                if (r->subject == BH_SUBJ_KUBERNETES &&
                    (doc->surface != BH_SURFACE_KUBERNETES || !doc->surface_model))
                        continue;
                if (r->subject == BH_SUBJ_IMAGE &&
                    (doc->surface != BH_SURFACE_IMAGE || !doc->surface_model))
                        continue;
                e.rule = r;
                e.rule_first = out->items.n;
                r->check(r, doc, &e);
        }
        free(e.lines);
}
