/* bulkhead host sections of the reports: the per-check verdicts grouped by
 * theme, the facts read from the host, and the score. */
#include <stdio.h>
#include <string.h>

#include "jsonw.h"
#include "report-int.h"

#include "../util/bh-banned.h"

struct bh_host_score {
        size_t n[BH_VERDICT__COUNT];
        int percent; /* -1: nothing decided */
};

static void bh_host_score(const struct bh_report *r, struct bh_host_score *s)
{
        memset(s, 0, sizeof(*s));
        for (size_t i = 0; i < r->nhost; i++)
                s->n[r->host[i].verdict]++;
        size_t decided = s->n[BH_VERDICT_PASS] + s->n[BH_VERDICT_FAIL];
        s->percent = decided ? (int)((s->n[BH_VERDICT_PASS] * 100 + decided / 2) / decided) : -1;
}

void bh_report_host_json(struct bh_jsonw *w, const struct bh_report *r)
{
        struct bh_host_score sc;

        bh_host_score(r, &sc);
        bh_jsonw_key(w, "host");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "root", r->host_root);
        bh_jsonw_key(w, "facts");
        bh_jsonw_obj_begin(w);
        for (size_t i = 0; i < r->nhost_facts; i++) {
                bh_jsonw_key(w, r->host_facts[i].name);
                if (r->host_facts[i].value)
                        bh_jsonw_str(w, r->host_facts[i].value);
                else
                        bh_jsonw_null(w);
        }
        bh_jsonw_obj_end(w);
        bh_jsonw_key(w, "checks");
        bh_jsonw_arr_begin(w);
        for (size_t i = 0; i < r->nhost; i++) {
                const struct bh_host_verdict *v = &r->host[i];

                bh_jsonw_obj_begin(w);
                bh_jsonw_kstr(w, "rule", v->rule->id);
                bh_jsonw_kstr(w, "slug", v->rule->slug);
                bh_jsonw_kstr(w, "theme", bh_rules_theme_name(v->rule->theme));
                bh_jsonw_kstr(w, "title", v->rule->title);
                bh_jsonw_kstr(w, "verdict", bh_verdict_name(v->verdict));
                bh_jsonw_kstr(w, "evidence", v->evidence ? v->evidence : "");
                bh_jsonw_key(w, "path");
                if (v->path)
                        bh_jsonw_str(w, v->path);
                else
                        bh_jsonw_null(w);
                bh_jsonw_kint(w, "line", v->loc.line);
                bh_jsonw_kint(w, "column", v->loc.col);
                bh_jsonw_obj_end(w);
        }
        bh_jsonw_arr_end(w);
        bh_jsonw_key(w, "score");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kint(w, "pass", (long long)sc.n[BH_VERDICT_PASS]);
        bh_jsonw_kint(w, "fail", (long long)sc.n[BH_VERDICT_FAIL]);
        bh_jsonw_kint(w, "unknown", (long long)sc.n[BH_VERDICT_UNKNOWN]);
        bh_jsonw_kint(w, "not_applicable", (long long)sc.n[BH_VERDICT_NA]);
        bh_jsonw_key(w, "percent");
        if (sc.percent >= 0)
                bh_jsonw_int(w, sc.percent);
        else
                bh_jsonw_null(w);
        bh_jsonw_obj_end(w);
        bh_jsonw_obj_end(w);
}

static const char *bh_host_label(enum bh_verdict v)
{
        switch (v) {
        case BH_VERDICT_PASS:
                return "PASS";
        case BH_VERDICT_FAIL:
                return "FAIL";
        case BH_VERDICT_NA:
                return "N/A ";
        case BH_VERDICT_UNKNOWN:
        default:
                return "UNKN";
        }
}

static void bh_host_str(FILE *out, const char *s)
{
        if (s)
                bh_report_term_write(out, s, strlen(s), false, 0);
}

void bh_report_host_text(FILE *out, const struct bh_report *r)
{
        struct bh_host_score sc;
        unsigned theme = 0;

        bh_host_score(r, &sc);
        fputs("Host audit of ", out);
        bh_host_str(out, r->host_root);
        fputc('\n', out);
        for (size_t i = 0; i < r->nhost_facts; i++) {
                fprintf(out, "  %-18s ", r->host_facts[i].name);
                bh_host_str(out, r->host_facts[i].value ? r->host_facts[i].value : "(unknown)");
                fputc('\n', out);
        }
        for (size_t i = 0; i < r->nhost; i++) {
                const struct bh_host_verdict *v = &r->host[i];

                if (v->rule->theme != theme) {
                        theme = v->rule->theme;
                        fprintf(out, "\n[%u] %s\n", theme, bh_rules_theme_name(theme));
                }
                if (r->color)
                        fputs(v->verdict == BH_VERDICT_FAIL      ? "\033[31m"
                              : v->verdict == BH_VERDICT_PASS    ? "\033[32m"
                              : v->verdict == BH_VERDICT_UNKNOWN ? "\033[33m"
                                                                 : "\033[2m",
                              out);
                fputs(bh_host_label(v->verdict), out);
                if (r->color)
                        fputs("\033[0m", out);
                fprintf(out, " %s %s: ", v->rule->id, v->rule->slug);
                bh_host_str(out, v->evidence);
                fputc('\n', out);
        }
        fprintf(out, "\nscore: %zu passed, %zu failed, %zu unknown, %zu not applicable",
                sc.n[BH_VERDICT_PASS], sc.n[BH_VERDICT_FAIL], sc.n[BH_VERDICT_UNKNOWN],
                sc.n[BH_VERDICT_NA]);
        if (sc.percent >= 0)
                fprintf(out, " (%d%% of the decided checks pass)", sc.percent);
        fputs("\n\n", out);
}

void bh_report_facts_json(struct bh_jsonw *w, const struct bh_report_fact *f, size_t n)
{
        bh_jsonw_key(w, "facts");
        bh_jsonw_obj_begin(w);
        for (size_t i = 0; i < n; i++) {
                bh_jsonw_key(w, f[i].name);
                if (f[i].value)
                        bh_jsonw_str(w, f[i].value);
                else
                        bh_jsonw_null(w);
        }
        bh_jsonw_obj_end(w);
}

void bh_report_file_facts_text(FILE *out, const struct bh_report *r)
{
        for (size_t i = 0; i < r->nfiles; i++) {
                const struct bh_report_file *file = &r->files[i];
                if (!file->nfacts)
                        continue;
                fputs(file->surface && strcmp(file->surface, "image") == 0 ? "Image " : "Input ",
                      out);
                bh_host_str(out, file->path);
                fputc('\n', out);
                for (size_t k = 0; k < file->nfacts; k++) {
                        fprintf(out, "  %-18s ", file->facts[k].name);
                        bh_host_str(out, file->facts[k].value ? file->facts[k].value : "(unknown)");
                        fputc('\n', out);
                }
        }
}
