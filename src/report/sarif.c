#include <stdio.h>
#include <string.h>

#include "../util/error.h"
#include "bh-config.h"
#include "jsonw.h"
#include "report-int.h"

#include "../util/bh-banned.h"

#define BH_SARIF_SCHEMA \
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
/* Relative artifact URIs are relative to the directory bulkhead ran in,
 * which CI systems (GitHub code scanning) take as the source root. */
#define BH_SARIF_SRCROOT     "%SRCROOT%"
#define BH_SARIF_FINGERPRINT "bulkhead/v1"

static const char *bh_sarif_level(enum bh_severity s)
{
        switch (s) {
        case BH_SEV_CRITICAL:
        case BH_SEV_HIGH:
                return "error";
        case BH_SEV_MEDIUM:
                return "warning";
        case BH_SEV_LOW:
        case BH_SEV_INFO:
        case BH_SEV__COUNT:
        default:
                return "note";
        }
}

/* GitHub code scanning maps security-severity to its levels: over 9.0
 * critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.  Each value sits well
 * inside its band; info is 0.0, i.e. no security severity. */
static const char *bh_sarif_security_severity(enum bh_severity s)
{
        switch (s) {
        case BH_SEV_CRITICAL:
                return "9.5";
        case BH_SEV_HIGH:
                return "8.0";
        case BH_SEV_MEDIUM:
                return "5.5";
        case BH_SEV_LOW:
                return "3.0";
        case BH_SEV_INFO:
        case BH_SEV__COUNT:
        default:
                return "0.0";
        }
}

/* {"text": s} as the value of key */
static void bh_sarif_message(struct bh_jsonw *w, const char *key, const char *s)
{
        bh_jsonw_key(w, key);
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "text", s ? s : "");
        bh_jsonw_obj_end(w);
}

static void bh_sarif_rule(struct bh_jsonw *w, const struct bh_rule *rule)
{
        char *s;

        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "id", rule->id);
        bh_jsonw_kstr(w, "name", rule->slug);
        bh_sarif_message(w, "shortDescription", rule->title);
        s = bh_xasprintf("%s.", rule->title);
        bh_sarif_message(w, "fullDescription", s);
        free(s);
        s = bh_xasprintf(BH_RULE_HELP_URI_FMT, rule->id);
        bh_jsonw_kstr(w, "helpUri", s);
        free(s);
        bh_jsonw_key(w, "help");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "text", rule->hint);
        s = bh_xasprintf("**Fix:** %s\n\nSee [%s](" BH_RULE_HELP_URI_FMT ").", rule->hint, rule->id,
                         rule->id);
        bh_jsonw_kstr(w, "markdown", s);
        free(s);
        bh_jsonw_obj_end(w);
        bh_jsonw_key(w, "defaultConfiguration");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "level", bh_sarif_level(rule->severity));
        bh_jsonw_obj_end(w);
        bh_jsonw_key(w, "properties");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "security-severity", bh_sarif_security_severity(rule->severity));
        bh_jsonw_kstr(w, "precision", "high");
        bh_jsonw_key(w, "tags");
        bh_jsonw_arr_begin(w);
        bh_jsonw_str(w, "security");
        bh_jsonw_str(w, bh_rules_theme_name(rule->theme));
        bh_jsonw_arr_end(w);
        bh_jsonw_obj_end(w);
        bh_jsonw_obj_end(w);
}

static void bh_sarif_driver(struct bh_jsonw *w, const struct bh_report *r)
{
        const char *version = r->tool_version ? r->tool_version : BH_VERSION;
        const struct bh_rule *table;
        size_t n;

        bh_jsonw_key(w, "driver");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "name", "bulkhead");
        bh_jsonw_kstr(w, "version", version);
        bh_jsonw_kstr(w, "semanticVersion", version);
        bh_jsonw_kstr(w, "informationUri", BH_REPORT_INFORMATION_URI);
        table = bh_rules_table(&n);
        bh_jsonw_key(w, "rules");
        bh_jsonw_arr_begin(w);
        for (size_t i = 0; i < n; i++)
                bh_sarif_rule(w, &table[i]);
        bh_jsonw_arr_end(w);
        bh_jsonw_obj_end(w);
}

/* Artifact index by path: files sorted by path, searched with bsearch. */
struct bh_sarif_file {
        const char *path;
        size_t index;
};

static int bh_sarif_file_cmp(const void *a, const void *b)
{
        const struct bh_sarif_file *x = a, *y = b;

        return strcmp(x->path, y->path);
}

static long bh_sarif_file_index(const struct bh_sarif_file *files, size_t n, const char *path)
{
        struct bh_sarif_file key = {.path = path};
        const struct bh_sarif_file *hit;

        if (!path || n == 0)
                return -1;
        hit = bsearch(&key, files, n, sizeof(*files), bh_sarif_file_cmp);
        return hit ? (long)hit->index : -1;
}

static void bh_sarif_artifact_location(struct bh_jsonw *w, const char *path, long index)
{
        bool relative;
        char *uri = bh_report_path_uri(path ? path : "", &relative);

        bh_jsonw_key(w, "artifactLocation");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "uri", uri);
        free(uri);
        if (relative)
                bh_jsonw_kstr(w, "uriBaseId", BH_SARIF_SRCROOT);
        if (index >= 0)
                bh_jsonw_kint(w, "index", index);
        bh_jsonw_obj_end(w);
}

static void bh_sarif_region(struct bh_jsonw *w, const struct bh_finding *f)
{
        const struct bh_loc *l = &f->loc;
        const char *src = f->source_line;

        bh_jsonw_key(w, "region");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kint(w, "startLine", l->line);
        if (l->col)
                bh_jsonw_kint(w, "startColumn", src ? bh_report_utf16_col(src, l->col) : l->col);
        if (l->end_line >= l->line)
                bh_jsonw_kint(w, "endLine", l->end_line);
        if (l->end_col) {
                bool same_line = l->end_line == 0 || l->end_line == l->line;
                uint32_t c = src && same_line ? bh_report_utf16_col(src, l->end_col) : l->end_col;

                bh_jsonw_kint(w, "endColumn", c);
        }
        if (src) {
                bh_jsonw_key(w, "snippet");
                bh_jsonw_obj_begin(w);
                bh_jsonw_kstr(w, "text", src);
                bh_jsonw_obj_end(w);
        }
        bh_jsonw_obj_end(w);
}

static void bh_sarif_location(struct bh_jsonw *w, const char *path, long index,
                              const struct bh_finding *f)
{
        bh_jsonw_obj_begin(w);
        bh_jsonw_key(w, "physicalLocation");
        bh_jsonw_obj_begin(w);
        bh_sarif_artifact_location(w, path, index);
        if (f && f->loc.line)
                bh_sarif_region(w, f);
        bh_jsonw_obj_end(w);
        bh_jsonw_obj_end(w);
}

/* Hash of what identifies a finding across edits: rule, path and the
 * offending line without its indentation (the message when the line is not
 * known).  The line number is left out so findings survive lines moving. */
static uint64_t bh_sarif_fingerprint(const struct bh_finding *f)
{
        const char *t = f->source_line ? f->source_line : f->message ? f->message : "";
        size_t len;
        uint64_t h = BH_REPORT_FNV_INIT;

        while (*t == ' ' || *t == '\t')
                t++;
        len = strlen(t);
        while (len && (t[len - 1] == ' ' || t[len - 1] == '\t' || t[len - 1] == '\r'))
                len--;
        h = bh_report_fnv1a(h, f->rule_id ? f->rule_id : "",
                            strlen(f->rule_id ? f->rule_id : "") + 1);
        h = bh_report_fnv1a(h, f->path ? f->path : "", strlen(f->path ? f->path : "") + 1);
        return bh_report_fnv1a(h, t, len);
}

struct bh_sarif_fp {
        uint64_t hash;
        size_t index;
};

static int bh_sarif_fp_cmp(const void *a, const void *b)
{
        const struct bh_sarif_fp *x = a, *y = b;

        if (x->hash != y->hash)
                return x->hash < y->hash ? -1 : 1;
        return x->index < y->index ? -1 : x->index > y->index;
}

/* Number equal hashes 1, 2, ... in report order (as GitHub's
 * primaryLocationLineHash does), so identical lines stay distinct. */
static size_t *bh_sarif_occurrences(const struct bh_report *r, uint64_t *hashes)
{
        struct bh_sarif_fp *fp =
                bh_xreallocarray(NULL, r->nfindings ? r->nfindings : 1, sizeof(*fp));
        size_t *occ = bh_xreallocarray(NULL, r->nfindings ? r->nfindings : 1, sizeof(*occ));

        for (size_t i = 0; i < r->nfindings; i++) {
                hashes[i] = bh_sarif_fingerprint(&r->findings[i]);
                fp[i] = (struct bh_sarif_fp){.hash = hashes[i], .index = i};
        }
        if (r->nfindings > 1)
                qsort(fp, r->nfindings, sizeof(*fp), bh_sarif_fp_cmp);
        for (size_t i = 0; i < r->nfindings; i++)
                occ[fp[i].index] =
                        i > 0 && fp[i - 1].hash == fp[i].hash ? occ[fp[i - 1].index] + 1 : 1;
        free(fp);
        return occ;
}

static void bh_sarif_suppressions(struct bh_jsonw *w, const struct bh_finding *f)
{
        bh_jsonw_key(w, "suppressions");
        bh_jsonw_arr_begin(w);
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "kind", f->suppressed == BH_SUPP_CONFIG ? "external" : "inSource");
        bh_jsonw_kstr(w, "status", "accepted");
        if (f->supp_reason)
                bh_jsonw_kstr(w, "justification", f->supp_reason);
        bh_jsonw_key(w, "properties");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "bulkhead-kind", bh_report_supp_kind_name(f->suppressed));
        if (f->supp_source)
                bh_jsonw_kstr(w, "source", f->supp_source);
        bh_jsonw_obj_end(w);
        bh_jsonw_obj_end(w);
        bh_jsonw_arr_end(w);
}

static void bh_sarif_result(struct bh_jsonw *w, const struct bh_finding *f, long artifact,
                            uint64_t hash, size_t occurrence)
{
        const struct bh_rule *rule = bh_report_rule(f);
        const struct bh_rule *table;
        size_t n;
        char fp[40];

        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "ruleId", f->rule_id ? f->rule_id : "");
        if (rule) {
                table = bh_rules_table(&n);
                bh_jsonw_kint(w, "ruleIndex", rule - table);
        }
        bh_jsonw_kstr(w, "level", bh_sarif_level(f->severity));
        bh_sarif_message(w, "message", f->message);
        bh_jsonw_key(w, "locations");
        bh_jsonw_arr_begin(w);
        bh_sarif_location(w, f->path, artifact, f);
        bh_jsonw_arr_end(w);
        snprintf(fp, sizeof(fp), "%016llx:%zu", (unsigned long long)hash, occurrence);
        bh_jsonw_key(w, "partialFingerprints");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, BH_SARIF_FINGERPRINT, fp);
        bh_jsonw_obj_end(w);
        if (f->suppressed != BH_SUPP_NONE)
                bh_sarif_suppressions(w, f);
        bh_jsonw_key(w, "properties");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "severity", bh_severity_name(f->severity));
        if (f->vuln) {
                /* BH1006/BH1008: what code-scanning UIs show next to the package */
                bh_jsonw_kstr(w, "advisory", f->vuln->id);
                bh_jsonw_kstr(w, "cve", f->vuln->cve);
                bh_jsonw_kstr(w, "package", f->vuln->package);
                bh_jsonw_kstr(w, "installedVersion", f->vuln->installed);
                bh_jsonw_kstr(w, "fixedVersion", f->vuln->fixed);
        }
        bh_jsonw_obj_end(w);
        bh_jsonw_obj_end(w);
}

static void bh_sarif_notification(struct bh_jsonw *w, const char *level, const char *text,
                                  const char *path, long index)
{
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "level", level);
        bh_sarif_message(w, "message", text);
        if (path) {
                bh_jsonw_key(w, "locations");
                bh_jsonw_arr_begin(w);
                bh_sarif_location(w, path, index, NULL);
                bh_jsonw_arr_end(w);
        }
        bh_jsonw_obj_end(w);
}

/* The tool run itself: findings (exit code 1) are a successful run; exit
 * code 2 means some input could not be scanned, reported as error
 * notifications. */
static void bh_sarif_invocation(struct bh_jsonw *w, const struct bh_report *r)
{
        bool ok = r->exit_code != 2;
        bool any_error = false, any = r->nwarnings > 0 || !ok;

        for (size_t i = 0; i < r->nfiles && !any; i++)
                any = r->files[i].failed;
        bh_jsonw_obj_begin(w);
        bh_jsonw_key(w, "executionSuccessful");
        bh_jsonw_bool(w, ok);
        bh_jsonw_kint(w, "exitCode", r->exit_code);
        if (any) {
                bh_jsonw_key(w, "toolExecutionNotifications");
                bh_jsonw_arr_begin(w);
                for (size_t i = 0; i < r->nfiles; i++) {
                        const struct bh_report_file *file = &r->files[i];
                        char *msg;

                        if (!file->failed)
                                continue;
                        msg = bh_xasprintf("%s could not be fully scanned",
                                           file->path ? file->path : "");
                        bh_sarif_notification(w, "error", msg, file->path ? file->path : "",
                                              (long)i);
                        free(msg);
                        any_error = true;
                }
                if (!ok && !any_error)
                        bh_sarif_notification(w, "error", "the scan did not complete", NULL, -1);
                for (size_t i = 0; i < r->nwarnings; i++)
                        bh_sarif_notification(w, "warning", r->warnings[i], NULL, -1);
                bh_jsonw_arr_end(w);
        }
        bh_jsonw_obj_end(w);
}

static void bh_sarif_artifacts(struct bh_jsonw *w, const struct bh_report *r)
{
        bh_jsonw_key(w, "artifacts");
        bh_jsonw_arr_begin(w);
        for (size_t i = 0; i < r->nfiles; i++) {
                bh_jsonw_obj_begin(w);
                bh_jsonw_key(w, "location");
                bh_jsonw_obj_begin(w);
                /* same members as an artifactLocation, without the index */
                bool relative;
                char *uri = bh_report_path_uri(r->files[i].path ? r->files[i].path : "",
                                               &relative);
                bh_jsonw_kstr(w, "uri", uri);
                free(uri);
                if (relative)
                        bh_jsonw_kstr(w, "uriBaseId", BH_SARIF_SRCROOT);
                bh_jsonw_obj_end(w);
                bh_jsonw_key(w, "roles");
                bh_jsonw_arr_begin(w);
                bh_jsonw_str(w, "analysisTarget");
                bh_jsonw_arr_end(w);
                bh_jsonw_key(w, "properties");
                bh_jsonw_obj_begin(w);
                bh_jsonw_kstr(w, "surface", r->files[i].surface ? r->files[i].surface : "");
                bh_jsonw_key(w, "failed");
                bh_jsonw_bool(w, r->files[i].failed);
                if (r->files[i].nfacts)
                        bh_report_facts_json(w, r->files[i].facts, r->files[i].nfacts);
                bh_jsonw_obj_end(w);
                bh_jsonw_obj_end(w);
        }
        bh_jsonw_arr_end(w);
}

/* Run property "pss": the PSS level, version and a verdict per workload. */
static void bh_sarif_pss(struct bh_jsonw *w, const struct bh_report *r)
{
        bh_jsonw_key(w, "pss");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "level", r->pss_level);
        bh_jsonw_kstr(w, "version", r->pss_version);
        bh_jsonw_key(w, "workloads");
        bh_jsonw_arr_begin(w);
        for (size_t i = 0; i < r->npss; i++) {
                const struct bh_pss_verdict *v = &r->pss[i];

                bh_jsonw_obj_begin(w);
                bh_jsonw_kstr(w, "path", v->path);
                bh_jsonw_kint(w, "line", v->loc.line);
                bh_jsonw_kstr(w, "kind", v->kind);
                bh_jsonw_kstr(w, "name", v->name);
                bh_report_pss_verdict_json(w, v);
                bh_jsonw_obj_end(w);
        }
        bh_jsonw_arr_end(w);
        bh_jsonw_obj_end(w);
}

int bh_report_sarif(FILE *out, const struct bh_report *r)
{
        struct bh_sarif_file *files =
                bh_xreallocarray(NULL, r->nfiles ? r->nfiles : 1, sizeof(*files));
        uint64_t *hashes = bh_xreallocarray(NULL, r->nfindings ? r->nfindings : 1, sizeof(*hashes));
        struct bh_jsonw *w = bh_xmalloc(sizeof(*w));
        size_t *occ;
        int ret;

        for (size_t i = 0; i < r->nfiles; i++)
                files[i] = (struct bh_sarif_file){.path = r->files[i].path ? r->files[i].path : "",
                                                  .index = i};
        if (r->nfiles > 1)
                qsort(files, r->nfiles, sizeof(*files), bh_sarif_file_cmp);
        occ = bh_sarif_occurrences(r, hashes);

        bh_jsonw_init(w, out);
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "$schema", BH_SARIF_SCHEMA);
        bh_jsonw_kstr(w, "version", "2.1.0");
        bh_jsonw_key(w, "runs");
        bh_jsonw_arr_begin(w);
        bh_jsonw_obj_begin(w);
        bh_jsonw_key(w, "tool");
        bh_jsonw_obj_begin(w);
        bh_sarif_driver(w, r);
        bh_jsonw_obj_end(w);
        bh_jsonw_key(w, "invocations");
        bh_jsonw_arr_begin(w);
        bh_sarif_invocation(w, r);
        bh_jsonw_arr_end(w);
        if (r->nfiles)
                bh_sarif_artifacts(w, r);
        bh_jsonw_key(w, "results");
        bh_jsonw_arr_begin(w);
        for (size_t i = 0; i < r->nfindings; i++) {
                const struct bh_finding *f = &r->findings[i];
                long idx = bh_sarif_file_index(files, r->nfiles, f->path);

                bh_sarif_result(w, f, idx, hashes[i], occ[i]);
        }
        bh_jsonw_arr_end(w);
        bh_jsonw_kstr(w, "columnKind", "utf16CodeUnits");
        bh_jsonw_key(w, "properties");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "profile", r->profile ? r->profile : "default");
        bh_jsonw_kstr(w, "failOn", bh_report_fail_on_name(r->fail_on));
        if (r->pss_level)
                bh_sarif_pss(w, r);
        if (r->host_root)
                bh_report_host_json(w, r);
        bh_jsonw_obj_end(w);
        bh_jsonw_obj_end(w);
        bh_jsonw_arr_end(w);
        bh_jsonw_obj_end(w);
        ret = bh_jsonw_finish(w);
        free(w);
        free(files);
        free(hashes);
        free(occ);
        return ret;
}
