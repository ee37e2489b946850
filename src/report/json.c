#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../util/error.h"
#include "bh-config.h"
#include "report-int.h"

#include "../util/bh-banned.h"

/* A JSON string for untrusted text (invalid UTF-8 -> U+FFFD), null for NULL. */
static json_t *bh_json_str(const char *s)
{
        char *clean;
        json_t *j;

        if (!s)
                return json_null();
        clean = bh_report_utf8_clean(s);
        j = json_string(clean);
        free(clean);
        return j ? j : json_null();
}

/* A 1-based position, or null when unknown (0). */
static json_t *bh_json_pos(uint32_t n)
{
        return n ? json_integer(n) : json_null();
}

static json_t *bh_json_suppression(const struct bh_finding *f)
{
        json_t *o;

        if (f->suppressed == BH_SUPP_NONE)
                return json_null();
        o = json_object();
        json_object_set_new(o, "kind", json_string(bh_report_supp_kind_name(f->suppressed)));
        json_object_set_new(o, "reason", bh_json_str(f->supp_reason));
        json_object_set_new(o, "source", bh_json_str(f->supp_source));
        return o;
}

static json_t *bh_json_finding(const struct bh_finding *f)
{
        const struct bh_rule *rule = bh_report_rule(f);
        json_t *o = json_object();

        json_object_set_new(o, "rule", bh_json_str(f->rule_id));
        json_object_set_new(o, "slug", bh_json_str(rule ? rule->slug : NULL));
        json_object_set_new(o, "title", bh_json_str(rule ? rule->title : NULL));
        json_object_set_new(o, "severity", json_string(bh_severity_name(f->severity)));
        json_object_set_new(o, "path", bh_json_str(f->path));
        json_object_set_new(o, "line", bh_json_pos(f->loc.line));
        json_object_set_new(o, "column", bh_json_pos(f->loc.col));
        json_object_set_new(o, "end_line", bh_json_pos(f->loc.end_line));
        json_object_set_new(o, "end_column", bh_json_pos(f->loc.end_col));
        json_object_set_new(o, "message", bh_json_str(f->message ? f->message : ""));
        json_object_set_new(o, "hint", bh_json_str(rule ? rule->hint : NULL));
        json_object_set_new(o, "source", bh_json_str(f->loc.line ? f->source_line : NULL));
        json_object_set_new(o, "suppressed", bh_json_suppression(f));
        return o;
}

static json_t *bh_json_summary(const struct bh_report *r)
{
        struct bh_report_counts c;
        json_t *o = json_object(), *sev = json_object();

        bh_report_count(r, &c);
        json_object_set_new(o, "total", json_integer((json_int_t)c.total));
        for (int s = BH_SEV__COUNT - 1; s >= 0; s--)
                json_object_set_new(sev, bh_severity_name((enum bh_severity)s),
                                    json_integer((json_int_t)c.by_sev[s]));
        json_object_set_new(o, "by_severity", sev);
        json_object_set_new(o, "suppressed", json_integer((json_int_t)c.suppressed));
        json_object_set_new(o, "files", json_integer((json_int_t)r->nfiles));
        json_object_set_new(o, "files_failed", json_integer((json_int_t)c.files_failed));
        return o;
}

int bh_report_json(FILE *out, const struct bh_report *r)
{
        json_t *root = json_object(), *tool = json_object(), *files = json_array(),
               *findings = json_array(), *warnings = json_array();
        int ret = 0;

        json_object_set_new(root, "schema_version", json_integer(BH_REPORT_JSON_SCHEMA_VERSION));
        json_object_set_new(tool, "name", json_string("bulkhead"));
        json_object_set_new(tool, "version",
                            bh_json_str(r->tool_version ? r->tool_version : BH_VERSION));
        json_object_set_new(root, "tool", tool);
        json_object_set_new(root, "profile", bh_json_str(r->profile ? r->profile : "default"));
        json_object_set_new(root, "fail_on", json_string(bh_severity_name(r->fail_on)));
        json_object_set_new(root, "exit_code", json_integer(r->exit_code));

        for (size_t i = 0; i < r->nfiles; i++) {
                json_t *o = json_object();

                json_object_set_new(o, "path", bh_json_str(r->files[i].path));
                json_object_set_new(o, "surface", bh_json_str(r->files[i].surface));
                json_object_set_new(o, "failed", json_boolean(r->files[i].failed));
                json_array_append_new(files, o);
        }
        json_object_set_new(root, "files", files);

        for (size_t i = 0; i < r->nfindings; i++)
                json_array_append_new(findings, bh_json_finding(&r->findings[i]));
        json_object_set_new(root, "findings", findings);
        json_object_set_new(root, "summary", bh_json_summary(r));

        for (size_t i = 0; i < r->nwarnings; i++)
                json_array_append_new(warnings, bh_json_str(r->warnings[i]));
        json_object_set_new(root, "warnings", warnings);

        if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
                ret = BH_EIO;
        json_decref(root);
        if (fputc('\n', out) == EOF || fflush(out) != 0 || ferror(out))
                ret = BH_EIO;
        return ret;
}
