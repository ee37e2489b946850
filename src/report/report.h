/* Reporters: findings (with locations) -> text, JSON, SARIF.  They see only
 * findings and rule metadata, never the model. */
#pragma once

#include <stdio.h>

#include "../model/finding.h"
#include "../rules/rules.h"

enum bh_format {
        BH_FORMAT_TEXT = 0,
        BH_FORMAT_JSON,
        BH_FORMAT_SARIF,
        BH_FORMAT__COUNT,
};

/* Parse "text|json|sarif"; -1 when unknown. */
int bh_report_format_parse(const char *s);

/* A file the scan looked at. */
struct bh_report_file {
        const char *path;
        const char *surface;    /* "dockerfile" */
        bool failed;            /* could not be fully scanned (a BH_RF_INPUT_ERROR finding) */
};

struct bh_report {
        const struct bh_finding *findings; /* sorted: file order of `files`, then line, col */
        size_t nfindings;
        const struct bh_report_file *files;
        size_t nfiles;
        enum bh_severity fail_on;
        bool color;            /* ANSI colours (text only) */
        bool quiet;            /* text: findings only, no summary */
        bool show_suppressed;  /* text: list suppressed findings too */
        const char *tool_version;
        const char *profile;   /* "default" */
        const char *const *warnings; /* scan-level warnings (expired suppressions ...) */
        size_t nwarnings;
        int exit_code;         /* the exit code bulkhead will return */
};

/* Write the report; 0 or a negative error code when writing failed. */
int bh_report_text(FILE *out, const struct bh_report *r);
int bh_report_json(FILE *out, const struct bh_report *r);
int bh_report_sarif(FILE *out, const struct bh_report *r);
int bh_report_write(FILE *out, enum bh_format fmt, const struct bh_report *r);

/* "https://github.com/bulkhead-sec/bulkhead/blob/main/docs/rules/BH3001.md" */
#define BH_RULE_HELP_URI_FMT "https://bulkhead.dev/rules/%s"
