#include <stdio.h>
#include <string.h>

#include "../util/error.h"
#include "bh-config.h"
#include "jsonw.h"
#include "report-int.h"

#include "../util/bh-banned.h"

/* A 1-based position, or null when unknown (0). */
static void bh_json_pos(struct bh_jsonw *w, const char *key, uint32_t n)
{
        bh_jsonw_key(w, key);
        if (n)
                bh_jsonw_int(w, n);
        else
                bh_jsonw_null(w);
}

static void bh_json_suppression(struct bh_jsonw *w, const struct bh_finding *f)
{
        bh_jsonw_key(w, "suppressed");
        if (f->suppressed == BH_SUPP_NONE) {
                bh_jsonw_null(w);
                return;
        }
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "kind", bh_report_supp_kind_name(f->suppressed));
        bh_jsonw_kstr(w, "reason", f->supp_reason);
        bh_jsonw_kstr(w, "source", f->supp_source);
        bh_jsonw_obj_end(w);
}

/* The texts of a rule, escaped once per report rather than per finding. */
enum { BH_JSON_SLUG, BH_JSON_TITLE, BH_JSON_HINT, BH_JSON__TEXTS };

struct bh_json_rule_text {
        bool done;
        char *v[BH_JSON__TEXTS]; /* NULL: write through bh_jsonw_str */
        size_t n[BH_JSON__TEXTS];
};

struct bh_json_cache {
        const struct bh_rule *table;
        size_t count;
        struct bh_json_rule_text *texts; /* one per rule of the table */
        struct bh_jsonw *scratch;
};

static void bh_json_cache_release(struct bh_json_cache *c)
{
        for (size_t i = 0; c->texts && i < c->count; i++)
                for (int k = 0; k < BH_JSON__TEXTS; k++)
                        free(c->texts[i].v[k]);
        free(c->texts);
        free(c->scratch);
}

static const struct bh_json_rule_text *bh_json_rule_text(struct bh_json_cache *c,
                                                         const struct bh_rule *rule)
{
        struct bh_json_rule_text *t;
        const char *src[BH_JSON__TEXTS];

        if (!c->table) {
                c->table = bh_rules_table(&c->count);
                c->texts = bh_xcalloc(c->count ? c->count : 1, sizeof(*c->texts));
                c->scratch = bh_xmalloc(sizeof(*c->scratch));
        }
        t = &c->texts[rule - c->table];
        if (t->done)
                return t;
        src[BH_JSON_SLUG] = rule->slug;
        src[BH_JSON_TITLE] = rule->title;
        src[BH_JSON_HINT] = rule->hint;
        for (int k = 0; k < BH_JSON__TEXTS; k++)
                t->v[k] = src[k] ? bh_jsonw_render(c->scratch, src[k], &t->n[k]) : NULL;
        t->done = true;
        return t;
}

/* One text of a rule: cached bytes, else (no rule, no text, too long) as usual. */
static void bh_json_rule_kstr(struct bh_jsonw *w, const char *key,
                              const struct bh_json_rule_text *t, int k, const char *s)
{
        if (t && t->v[k]) {
                bh_jsonw_key(w, key);
                bh_jsonw_raw(w, t->v[k], t->n[k]);
                return;
        }
        bh_jsonw_kstr(w, key, s);
}

static void bh_json_finding(struct bh_jsonw *w, struct bh_json_cache *c,
                            const struct bh_finding *f)
{
        const struct bh_rule *rule = bh_report_rule(f);
        const struct bh_json_rule_text *t = rule ? bh_json_rule_text(c, rule) : NULL;

        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "rule", f->rule_id);
        bh_json_rule_kstr(w, "slug", t, BH_JSON_SLUG, rule ? rule->slug : NULL);
        bh_json_rule_kstr(w, "title", t, BH_JSON_TITLE, rule ? rule->title : NULL);
        bh_jsonw_kstr(w, "severity", bh_severity_name(f->severity));
        bh_jsonw_kstr(w, "path", f->path);
        bh_json_pos(w, "line", f->loc.line);
        bh_json_pos(w, "column", f->loc.col);
        bh_json_pos(w, "end_line", f->loc.end_line);
        bh_json_pos(w, "end_column", f->loc.end_col);
        bh_jsonw_kstr(w, "message", f->message ? f->message : "");
        bh_json_rule_kstr(w, "hint", t, BH_JSON_HINT, rule ? rule->hint : NULL);
        bh_jsonw_kstr(w, "source", f->loc.line ? f->source_line : NULL);
        bh_json_suppression(w, f);
        if (f->vuln) {
                /* BH1006/BH1008: the vulnerable package's details */
                bh_jsonw_key(w, "vulnerability");
                bh_jsonw_obj_begin(w);
                bh_jsonw_kstr(w, "id", f->vuln->id);
                bh_jsonw_kstr(w, "cve", f->vuln->cve);
                bh_jsonw_kstr(w, "related", f->vuln->related);
                bh_jsonw_kstr(w, "ecosystem", f->vuln->ecosystem);
                bh_jsonw_kstr(w, "package", f->vuln->package);
                bh_jsonw_kstr(w, "source_package", f->vuln->source);
                bh_jsonw_kstr(w, "installed_version", f->vuln->installed);
                bh_jsonw_kstr(w, "fixed_version", f->vuln->fixed);
                bh_jsonw_kstr(w, "severity_source", f->vuln->severity_source);
                bh_jsonw_obj_end(w);
        }
        bh_jsonw_obj_end(w);
}

static void bh_json_summary(struct bh_jsonw *w, const struct bh_report *r)
{
        struct bh_report_counts c;

        bh_report_count(r, &c);
        bh_jsonw_key(w, "summary");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kint(w, "total", (long long)c.total);
        bh_jsonw_key(w, "by_severity");
        bh_jsonw_obj_begin(w);
        for (int s = BH_SEV__COUNT - 1; s >= 0; s--)
                bh_jsonw_kint(w, bh_severity_name((enum bh_severity)s), (long long)c.by_sev[s]);
        bh_jsonw_obj_end(w);
        bh_jsonw_kint(w, "suppressed", (long long)c.suppressed);
        bh_jsonw_kint(w, "files", (long long)r->nfiles);
        bh_jsonw_kint(w, "files_failed", (long long)c.files_failed);
        bh_jsonw_obj_end(w);
}

/* The per-workload PSS verdicts (only under a PSS profile: additive). */
static void bh_json_pss(struct bh_jsonw *w, const struct bh_report *r)
{
        bh_jsonw_key(w, "pss");
        bh_jsonw_arr_begin(w);
        for (size_t i = 0; i < r->npss; i++) {
                const struct bh_pss_verdict *v = &r->pss[i];

                bh_jsonw_obj_begin(w);
                bh_jsonw_kstr(w, "path", v->path);
                bh_json_pos(w, "line", v->loc.line);
                bh_json_pos(w, "column", v->loc.col);
                bh_jsonw_kstr(w, "kind", v->kind);
                bh_jsonw_kstr(w, "name", v->name);
                bh_jsonw_kstr(w, "level", r->pss_level);
                bh_jsonw_kstr(w, "version", r->pss_version);
                bh_report_pss_verdict_json(w, v);
                bh_jsonw_obj_end(w);
        }
        bh_jsonw_arr_end(w);
}

int bh_report_json(FILE *out, const struct bh_report *r)
{
        struct bh_jsonw *w = bh_xmalloc(sizeof(*w));
        struct bh_json_cache cache = {0};
        int ret;

        bh_jsonw_init(w, out);
        bh_jsonw_obj_begin(w);
        bh_jsonw_kint(w, "schema_version", BH_REPORT_JSON_SCHEMA_VERSION);
        bh_jsonw_key(w, "tool");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "name", "bulkhead");
        bh_jsonw_kstr(w, "version", r->tool_version ? r->tool_version : BH_VERSION);
        bh_jsonw_obj_end(w);
        bh_jsonw_kstr(w, "profile", r->profile ? r->profile : "default");
        bh_jsonw_kstr(w, "fail_on", bh_report_fail_on_name(r->fail_on));
        bh_jsonw_kint(w, "exit_code", r->exit_code);

        bh_jsonw_key(w, "files");
        bh_jsonw_arr_begin(w);
        for (size_t i = 0; i < r->nfiles; i++) {
                bh_jsonw_obj_begin(w);
                bh_jsonw_kstr(w, "path", r->files[i].path);
                bh_jsonw_kstr(w, "surface", r->files[i].surface);
                bh_jsonw_key(w, "failed");
                bh_jsonw_bool(w, r->files[i].failed);
                if (r->files[i].nfacts)
                        bh_report_facts_json(w, r->files[i].facts, r->files[i].nfacts);
                bh_jsonw_obj_end(w);
        }
        bh_jsonw_arr_end(w);

        bh_jsonw_key(w, "findings");
        bh_jsonw_arr_begin(w);
        for (size_t i = 0; i < r->nfindings; i++)
                bh_json_finding(w, &cache, &r->findings[i]);
        bh_jsonw_arr_end(w);
        bh_json_cache_release(&cache);
        bh_json_summary(w, r);

        bh_jsonw_key(w, "warnings");
        bh_jsonw_arr_begin(w);
        for (size_t i = 0; i < r->nwarnings; i++)
                bh_jsonw_str(w, r->warnings[i]);
        bh_jsonw_arr_end(w);
        if (r->pss_level)
                bh_json_pss(w, r);
        if (r->host_root)
                bh_report_host_json(w, r);
        bh_jsonw_obj_end(w);
        ret = bh_jsonw_finish(w);
        free(w);
        return ret;
}
