/* Reporters: findings (with locations) -> text, JSON, SARIF.  They see only
 * findings and rule metadata, never the model.
 *
 * Conventions every reporter follows (docs/json-format.md has the details):
 * - Lines and columns are 1-based; 0 means unknown.  A column counts bytes of
 *   the source line (what a byte-oriented parser produces); end_col is
 *   exclusive (one past the last byte of the range), as SARIF's endColumn.
 *   SARIF output converts columns to UTF-16 code units when the source line
 *   is known; text output converts them to display cells.
 * - Every string that comes from the input (paths, messages, source lines,
 *   suppression reasons, warnings) is untrusted: text output escapes control
 *   characters, C1 controls and bidi overrides; JSON and SARIF replace invalid
 *   UTF-8 with U+FFFD and let the JSON encoder escape control characters.
 * - Output is deterministic: same report, same bytes.
 * - Reporters write only to `out` (never stdout/stderr directly) and return
 *   0, or BH_EIO when writing or flushing `out` failed, or BH_EINVAL. */
#pragma once

#include <stdio.h>

#include "../model/finding.h"
#include "../rules/hostcheck.h"
#include "../rules/pss.h"
#include "../rules/rules.h"

enum bh_format {
        BH_FORMAT_TEXT = 0,
        BH_FORMAT_JSON,
        BH_FORMAT_SARIF,
        BH_FORMAT__COUNT,
};

/* Parse "text|json|sarif" (exact, lower case); -1 when unknown. */
int bh_report_format_parse(const char *s);
/* "text", "json", "sarif"; "?" when out of range.  Static string. */
const char *bh_report_format_name(enum bh_format fmt);

struct bh_report_fact;

/* A file the scan looked at. */
struct bh_report_file {
        const char *path;
        const char *surface; /* "dockerfile" */
        bool failed;         /* could not be fully scanned (a BH_RF_INPUT_ERROR finding) */
        /* Facts read from it, in display order (bulkhead image: format, OS,
         * package count ...); NULL and 0 for other inputs.  Added fields: an
         * initializer that leaves them out has none. */
        const struct bh_report_fact *facts;
        size_t nfacts;
};

/* A fact bulkhead host read (kernel release, LSMs ...), for the report. */
struct bh_report_fact {
        const char *name;
        const char *value;
};

/* Everything a reporter needs; the reporter only reads it.  All pointers are
 * borrowed for the duration of the call. */
struct bh_report {
        const struct bh_finding *findings; /* sorted: file order of `files`, then line, col */
        size_t nfindings;
        const struct bh_report_file *files;
        size_t nfiles;
        enum bh_severity fail_on;
        bool color;               /* ANSI colours (text only) */
        bool quiet;               /* text: finding lines only: no source, hint, warnings, summary */
        bool show_suppressed;     /* text: list suppressed findings too (JSON/SARIF always do) */
        const char *tool_version; /* NULL: BH_VERSION */
        const char *profile;      /* "default"; NULL is written as "default" */
        const char *const *warnings; /* scan-level warnings (expired suppressions ...) */
        size_t nwarnings;
        int exit_code; /* the exit code bulkhead will return */
        /* --profile pss-*: the level ("baseline", "restricted"; NULL under
         * other profiles), the policy version ("v1.35", latest resolved), and
         * one verdict per workload, in file order then text order. */
        const char *pss_level;
        const char *pss_version;
        const struct bh_pss_verdict *pss;
        size_t npss;
        /* bulkhead host: the audited root (NULL for other commands), facts
         * read from it (name, value pairs in display order) and one verdict
         * per host/daemon check.  Additive: absent from scan reports. */
        const char *host_root;
        const struct bh_report_fact *host_facts;
        size_t nhost_facts;
        const struct bh_host_verdict *host;
        size_t nhost;
};

/* Write the report to out in one format.  Return 0, or BH_EIO when a write to
 * out (or the final fflush) failed, BH_EINVAL for an unknown format.  Nothing
 * is printed anywhere but out. */
int bh_report_text(FILE *out, const struct bh_report *r);
int bh_report_json(FILE *out, const struct bh_report *r);
int bh_report_sarif(FILE *out, const struct bh_report *r);
int bh_report_write(FILE *out, enum bh_format fmt, const struct bh_report *r);

/* Documentation page of a rule; the argument is the rule ID ("BH3001"). */
#define BH_RULE_HELP_URI_FMT          "https://bulkhead.dev/rules/%s"
/* SARIF tool.driver.informationUri. */
#define BH_REPORT_INFORMATION_URI     "https://bulkhead.dev/"
/* Version of the JSON format (docs/json-format.md). */
#define BH_REPORT_JSON_SCHEMA_VERSION 1
