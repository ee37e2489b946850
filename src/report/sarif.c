#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../util/error.h"
#include "bh-config.h"
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

static json_t *bh_sarif_str(const char *s)
{
        char *clean;
        json_t *j;

        if (!s)
                return json_string("");
        clean = bh_report_utf8_clean(s);
        j = json_string(clean);
        free(clean);
        return j ? j : json_string("");
}

/* {"text": s} */
static json_t *bh_sarif_message(const char *s)
{
        json_t *o = json_object();

        json_object_set_new(o, "text", bh_sarif_str(s));
        return o;
}

static json_t *bh_sarif_rule(const struct bh_rule *rule)
{
        json_t *o = json_object(), *help = json_object(), *conf = json_object(),
               *props = json_object(), *tags = json_array();
        char *s;

        json_object_set_new(o, "id", json_string(rule->id));
        json_object_set_new(o, "name", json_string(rule->slug));
        json_object_set_new(o, "shortDescription", bh_sarif_message(rule->title));
        s = bh_xasprintf("%s.", rule->title);
        json_object_set_new(o, "fullDescription", bh_sarif_message(s));
        free(s);
        s = bh_xasprintf(BH_RULE_HELP_URI_FMT, rule->id);
        json_object_set_new(o, "helpUri", json_string(s));
        json_object_set_new(help, "text", json_string(rule->hint));
        free(s);
        s = bh_xasprintf("**Fix:** %s\n\nSee [%s](" BH_RULE_HELP_URI_FMT ").", rule->hint, rule->id,
                         rule->id);
        json_object_set_new(help, "markdown", json_string(s));
        free(s);
        json_object_set_new(o, "help", help);
        json_object_set_new(conf, "level", json_string(bh_sarif_level(rule->severity)));
        json_object_set_new(o, "defaultConfiguration", conf);
        json_object_set_new(props, "security-severity",
                            json_string(bh_sarif_security_severity(rule->severity)));
        json_object_set_new(props, "precision", json_string("high"));
        json_array_append_new(tags, json_string("security"));
        json_array_append_new(tags, json_string(bh_rules_theme_name(rule->theme)));
        json_object_set_new(props, "tags", tags);
        json_object_set_new(o, "properties", props);
        return o;
}

static json_t *bh_sarif_driver(const struct bh_report *r)
{
        const char *version = r->tool_version ? r->tool_version : BH_VERSION;
        json_t *o = json_object(), *rules = json_array();
        const struct bh_rule *table;
        size_t n;

        json_object_set_new(o, "name", json_string("bulkhead"));
        json_object_set_new(o, "version", bh_sarif_str(version));
        json_object_set_new(o, "semanticVersion", bh_sarif_str(version));
        json_object_set_new(o, "informationUri", json_string(BH_REPORT_INFORMATION_URI));
        table = bh_rules_table(&n);
        for (size_t i = 0; i < n; i++)
                json_array_append_new(rules, bh_sarif_rule(&table[i]));
        json_object_set_new(o, "rules", rules);
        return o;
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

static json_t *bh_sarif_artifact_location(const char *path, long index)
{
        json_t *o = json_object();
        bool relative;
        char *uri = bh_report_path_uri(path ? path : "", &relative);

        json_object_set_new(o, "uri", bh_sarif_str(uri));
        free(uri);
        if (relative)
                json_object_set_new(o, "uriBaseId", json_string(BH_SARIF_SRCROOT));
        if (index >= 0)
                json_object_set_new(o, "index", json_integer(index));
        return o;
}

static json_t *bh_sarif_region(const struct bh_finding *f)
{
        const struct bh_loc *l = &f->loc;
        const char *src = f->source_line;
        json_t *o = json_object();

        json_object_set_new(o, "startLine", json_integer(l->line));
        if (l->col)
                json_object_set_new(o, "startColumn",
                                    json_integer(src ? bh_report_utf16_col(src, l->col) : l->col));
        if (l->end_line >= l->line)
                json_object_set_new(o, "endLine", json_integer(l->end_line));
        if (l->end_col) {
                bool same_line = l->end_line == 0 || l->end_line == l->line;
                uint32_t c = src && same_line ? bh_report_utf16_col(src, l->end_col) : l->end_col;

                json_object_set_new(o, "endColumn", json_integer(c));
        }
        if (src) {
                json_t *snip = json_object();

                json_object_set_new(snip, "text", bh_sarif_str(src));
                json_object_set_new(o, "snippet", snip);
        }
        return o;
}

static json_t *bh_sarif_location(const char *path, long index, const struct bh_finding *f)
{
        json_t *loc = json_object(), *phys = json_object();

        json_object_set_new(phys, "artifactLocation", bh_sarif_artifact_location(path, index));
        if (f && f->loc.line)
                json_object_set_new(phys, "region", bh_sarif_region(f));
        json_object_set_new(loc, "physicalLocation", phys);
        return loc;
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

static json_t *bh_sarif_suppressions(const struct bh_finding *f)
{
        json_t *arr = json_array(), *o = json_object(), *props = json_object();

        json_object_set_new(o, "kind",
                            json_string(f->suppressed == BH_SUPP_CONFIG ? "external" : "inSource"));
        json_object_set_new(o, "status", json_string("accepted"));
        if (f->supp_reason)
                json_object_set_new(o, "justification", bh_sarif_str(f->supp_reason));
        json_object_set_new(props, "bulkhead-kind",
                            json_string(bh_report_supp_kind_name(f->suppressed)));
        if (f->supp_source)
                json_object_set_new(props, "source", bh_sarif_str(f->supp_source));
        json_object_set_new(o, "properties", props);
        json_array_append_new(arr, o);
        return arr;
}

static json_t *bh_sarif_result(const struct bh_finding *f, long artifact, uint64_t hash,
                               size_t occurrence)
{
        const struct bh_rule *rule = bh_report_rule(f);
        json_t *o = json_object(), *locs = json_array(), *fps = json_object(),
               *props = json_object();
        const struct bh_rule *table;
        size_t n;
        char fp[40];

        json_object_set_new(o, "ruleId", bh_sarif_str(f->rule_id));
        if (rule) {
                table = bh_rules_table(&n);
                json_object_set_new(o, "ruleIndex", json_integer(rule - table));
        }
        json_object_set_new(o, "level", json_string(bh_sarif_level(f->severity)));
        json_object_set_new(o, "message", bh_sarif_message(f->message));
        json_array_append_new(locs, bh_sarif_location(f->path, artifact, f));
        json_object_set_new(o, "locations", locs);
        snprintf(fp, sizeof(fp), "%016llx:%zu", (unsigned long long)hash, occurrence);
        json_object_set_new(fps, BH_SARIF_FINGERPRINT, json_string(fp));
        json_object_set_new(o, "partialFingerprints", fps);
        if (f->suppressed != BH_SUPP_NONE)
                json_object_set_new(o, "suppressions", bh_sarif_suppressions(f));
        json_object_set_new(props, "severity", json_string(bh_severity_name(f->severity)));
        json_object_set_new(o, "properties", props);
        return o;
}

static json_t *bh_sarif_notification(const char *level, const char *text, json_t *location)
{
        json_t *o = json_object();

        json_object_set_new(o, "level", json_string(level));
        json_object_set_new(o, "message", bh_sarif_message(text));
        if (location) {
                json_t *locs = json_array();

                json_array_append_new(locs, location);
                json_object_set_new(o, "locations", locs);
        }
        return o;
}

/* The tool run itself: findings (exit code 1) are a successful run; exit
 * code 2 means some input could not be scanned, reported as error
 * notifications. */
static json_t *bh_sarif_invocation(const struct bh_report *r)
{
        json_t *o = json_object(), *notes = json_array();
        bool ok = r->exit_code != 2;
        bool any_error = false;

        json_object_set_new(o, "executionSuccessful", json_boolean(ok));
        json_object_set_new(o, "exitCode", json_integer(r->exit_code));
        for (size_t i = 0; i < r->nfiles; i++) {
                const struct bh_report_file *file = &r->files[i];
                char *msg;

                if (!file->failed)
                        continue;
                msg = bh_xasprintf("%s could not be fully scanned", file->path ? file->path : "");
                json_array_append_new(
                        notes, bh_sarif_notification("error", msg,
                                                     bh_sarif_location(file->path, (long)i, NULL)));
                free(msg);
                any_error = true;
        }
        if (!ok && !any_error)
                json_array_append_new(
                        notes, bh_sarif_notification("error", "the scan did not complete", NULL));
        for (size_t i = 0; i < r->nwarnings; i++)
                json_array_append_new(notes,
                                      bh_sarif_notification("warning", r->warnings[i], NULL));
        if (json_array_size(notes))
                json_object_set_new(o, "toolExecutionNotifications", notes);
        else
                json_decref(notes);
        return o;
}

static json_t *bh_sarif_artifacts(const struct bh_report *r)
{
        json_t *arr = json_array();

        for (size_t i = 0; i < r->nfiles; i++) {
                json_t *o = json_object(), *roles = json_array(), *props = json_object();

                json_object_set_new(o, "location",
                                    bh_sarif_artifact_location(r->files[i].path, -1));
                json_array_append_new(roles, json_string("analysisTarget"));
                json_object_set_new(o, "roles", roles);
                json_object_set_new(props, "surface", bh_sarif_str(r->files[i].surface));
                json_object_set_new(props, "failed", json_boolean(r->files[i].failed));
                json_object_set_new(o, "properties", props);
                json_array_append_new(arr, o);
        }
        return arr;
}

int bh_report_sarif(FILE *out, const struct bh_report *r)
{
        json_t *root = json_object(), *runs = json_array(), *run = json_object(),
               *tool = json_object(), *invocations = json_array(), *results = json_array(),
               *props = json_object();
        struct bh_sarif_file *files =
                bh_xreallocarray(NULL, r->nfiles ? r->nfiles : 1, sizeof(*files));
        uint64_t *hashes = bh_xreallocarray(NULL, r->nfindings ? r->nfindings : 1, sizeof(*hashes));
        size_t *occ;
        int ret = 0;

        for (size_t i = 0; i < r->nfiles; i++)
                files[i] = (struct bh_sarif_file){.path = r->files[i].path ? r->files[i].path : "",
                                                  .index = i};
        if (r->nfiles > 1)
                qsort(files, r->nfiles, sizeof(*files), bh_sarif_file_cmp);
        occ = bh_sarif_occurrences(r, hashes);

        json_object_set_new(root, "$schema", json_string(BH_SARIF_SCHEMA));
        json_object_set_new(root, "version", json_string("2.1.0"));
        json_object_set_new(tool, "driver", bh_sarif_driver(r));
        json_object_set_new(run, "tool", tool);
        json_array_append_new(invocations, bh_sarif_invocation(r));
        json_object_set_new(run, "invocations", invocations);
        if (r->nfiles)
                json_object_set_new(run, "artifacts", bh_sarif_artifacts(r));
        for (size_t i = 0; i < r->nfindings; i++) {
                const struct bh_finding *f = &r->findings[i];
                long idx = bh_sarif_file_index(files, r->nfiles, f->path);

                json_array_append_new(results, bh_sarif_result(f, idx, hashes[i], occ[i]));
        }
        json_object_set_new(run, "results", results);
        json_object_set_new(run, "columnKind", json_string("utf16CodeUnits"));
        json_object_set_new(props, "profile", bh_sarif_str(r->profile ? r->profile : "default"));
        json_object_set_new(props, "failOn", json_string(bh_severity_name(r->fail_on)));
        json_object_set_new(run, "properties", props);
        json_array_append_new(runs, run);
        json_object_set_new(root, "runs", runs);

        if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
                ret = BH_EIO;
        json_decref(root);
        free(files);
        free(hashes);
        free(occ);
        if (fputc('\n', out) == EOF || fflush(out) != 0 || ferror(out))
                ret = BH_EIO;
        return ret;
}
