/* The command-line interface: the only layer that prints, reads argv or
 * decides the exit code.  Shared declarations between the files of src/cli. */
#pragma once

#include <stdio.h>

#include "../frontend/frontend.h"
#include "../model/finding.h"
#include "../report/report.h"
#include "../rules/pss.h"
#include "../rules/rules.h"
#include "../util/error.h"

/* Exit codes (DESIGN.md "Interfaces users rely on"). */
enum bh_cli_exit {
        BH_EXIT_OK = 0,
        BH_EXIT_FINDINGS = 1,
        BH_EXIT_USAGE = 2, /* also: an input could not be scanned */
};

/* --fail-on none: no severity fails the scan. */
#define BH_CLI_FAIL_NONE ((int)BH_SEV__COUNT)

/* A growable list of heap strings (usable with the BH_VEC_* macros). */
struct bh_cli_strv {
        char **v;
        size_t n;
        size_t cap;
};
void bh_cli_strv_release(struct bh_cli_strv *v);
void bh_cli_strv_addf(struct bh_cli_strv *v, const char *fmt, ...) BH_PRINTF(2, 3);

/* "BH1001, BH3002" for the rules set in set[] (indexes of the registry table),
 * truncated to size. */
void bh_cli_rule_names(const bool *set, char *buf, size_t size);

/* ---- option values shared by scan and host, opts.c ---- */

struct bh_cli_config;

enum bh_cli_color {
        BH_COLOR_AUTO = 0,
        BH_COLOR_ALWAYS,
        BH_COLOR_NEVER,
};

/* Each parses one option value for command cmd; on a bad value it prints the
 * usage error and returns false. */
bool bh_cli_parse_rules(const char *cmd, const char *opt, const char *arg, bool *set);
bool bh_cli_parse_format(const char *cmd, const char *arg, enum bh_format *ret);
bool bh_cli_parse_fail_on(const char *cmd, const char *arg, int *ret);
bool bh_cli_parse_color(const char *cmd, const char *arg, enum bh_cli_color *ret);
/* The report options every command that writes findings takes (scan, host,
 * engine, image), parsed in one place.  Commands put these codes in their
 * struct option tables (their own codes start at 256, below these). */
enum {
        BH_CLI_OPT_FORMAT = 0x400,
        BH_CLI_OPT_FAIL_ON,
        BH_CLI_OPT_ONLY,
        BH_CLI_OPT_IGNORE,
        BH_CLI_OPT_CONFIG,
        BH_CLI_OPT_COLOR,
        BH_CLI_OPT_NO_COLOR,
        BH_CLI_OPT_SHOW_SUPPRESSED,
        /* vulnerability matching (host, image): bh_cli_vuln_opt */
        BH_CLI_OPT_DB,
        BH_CLI_OPT_IGNORE_UNFIXED,
        BH_CLI_OPT_DB_MAX_AGE,
        BH_CLI_OPT_NO_VULN,
};

struct bh_cli_report_opts {
        enum bh_format format;
        const char *output; /* -o; NULL: standard output */
        int fail_on;        /* -1: not given */
        bool has_only;
        bool only[BH_RULE__COUNT];
        bool ignore[BH_RULE__COUNT];
        const char *config;
        enum bh_cli_color color;
        bool quiet;
        bool show_suppressed;
};

/* One getopt_long result c for command cmd: --format, -o, --fail-on,
 * --only, --ignore, --config, --color, --no-color, -q, --show-suppressed.
 * 1: it was one of them and is stored in r; 0: not one of them; -1: a bad
 * value (the usage error is printed). */
int bh_cli_report_opt(const char *cmd, int c, const char *arg, struct bh_cli_report_opts *r);
/* Colour for this output: text only, forced by --color, else a terminal
 * without NO_COLOR. */
bool bh_cli_use_color(enum bh_cli_color c, enum bh_format format, FILE *out);
/* Rules to run: --only (the command line's, else the config's) with the
 * input-error rules kept on so an unreadable file is never a silent pass;
 * minus both ignore lists; under a PSS level only that level's controls and
 * the input problems, under BH_PSS_NONE no PSS control. */
void bh_cli_enabled_rules(const bool *only, const bool *ignore, const struct bh_cli_config *c,
                          enum bh_pss_level level, bool *enabled);
/* Write rep to path (NULL: standard output), colour decided for that stream.
 * Returns rep->exit_code, or BH_EXIT_USAGE when the report cannot be written
 * (the message is printed). */
int bh_cli_write_report(const char *path, enum bh_format format, enum bh_cli_color color,
                        struct bh_report *rep);

/* For a command without PSS profiles (host, engine, image): load --config
 * when given, compute the rules to run (bh_cli_enabled_rules) and the
 * --fail-on level (the option, else the config's, else medium).  0, or
 * BH_EXIT_USAGE with the message printed.  *ret_cfg: NULL without --config. */
int bh_cli_report_setup(const char *cmd, const struct bh_cli_report_opts *r, int64_t today,
                        struct bh_cli_config **ret_cfg, bool *enabled, int *ret_fail_on);

/* ---- config file (.bulkhead.yaml), config.c ---- */

struct bh_cli_csupp {
        bool rules[BH_RULE__COUNT];
        char *path_glob; /* relative to the config file's directory; NULL: every file */
        char *reason;    /* NULL when missing (a warning) */
        bool has_expires;
        int64_t expires; /* days since 1970-01-01; the last day it applies */
        char *expires_str;
        unsigned line;
        /* advisory: ID or CVE of a vulnerable-package finding (BH1006/BH1008);
         * NULL: any finding of the rules */
        char *advisory;
};

struct bh_cli_config {
        char *path;  /* as displayed (relative to the working directory when below it) */
        char *dir;   /* absolute directory of the file */
        int fail_on; /* -1: not set; else enum bh_severity or BH_CLI_FAIL_NONE */
        bool has_only;
        bool only[BH_RULE__COUNT];
        bool ignore[BH_RULE__COUNT];
        struct bh_cli_strv exclude;
        BH_VEC(struct bh_cli_csupp) supps;
        struct bh_cli_strv warnings;  /* missing reasons, expired entries */
        bool enabled[BH_RULE__COUNT]; /* filled by the scan from the command line + this file */
};

/* Parse the config file at path (displayed as display_path).  Unknown keys,
 * unknown rule IDs, malformed dates, aliases and files over
 * BH_LIMIT_CONFIG_SIZE / BH_LIMIT_CONFIG_ENTRIES fail with BH_EPARSE/BH_ELIMIT
 * and a "path:line: ..." message.  today decides which entries have expired. */
int bh_cli_config_load(const char *path, const char *display_path, int64_t today,
                       struct bh_cli_config **ret, struct bh_error **err);
struct bh_cli_config *bh_cli_config_free(struct bh_cli_config *c);

/* Finds the nearest .bulkhead.yaml above a directory, parsing each file once. */
struct bh_cli_config_cache;
struct bh_cli_config_cache *bh_cli_config_cache_new(int64_t today);
struct bh_cli_config_cache *bh_cli_config_cache_free(struct bh_cli_config_cache *cc);
/* The config that applies to absdir (an absolute, normalised directory):
 * *ret is NULL when there is none.  Fails when a config file is invalid. */
int bh_cli_config_find(struct bh_cli_config_cache *cc, const char *absdir,
                       struct bh_cli_config **ret, struct bh_error **err);
/* Every config loaded so far, in load order (for warnings and rule sets). */
struct bh_cli_config **bh_cli_config_cache_list(struct bh_cli_config_cache *cc, size_t *ret_n);

/* Absolute, lexically normalised form of path (caller frees). */
char *bh_cli_abspath(const char *path);
/* The directory part of an absolute normalised path ("/" for "/x"). */
char *bh_cli_dirname(const char *abspath);
/* path relative to dir when it lies below it, else NULL (caller frees). */
char *bh_cli_relpath(const char *dir, const char *abspath);

/* ---- suppressions, suppress.c ---- */

/* Apply the inline, stage-wide and file-wide suppression comments of doc to
 * f.  A comment naming an unknown rule, or malformed, adds a BH9006 finding (if
 * enabled); missing reasons and expired comments add warnings. */
void bh_cli_suppress_inline(const struct bh_doc *doc, const bool *enabled, int64_t today,
                            struct bh_findings *f, struct bh_cli_strv *warnings);
/* Apply the config file's suppressions to f, whose file is relpath relative to
 * the config file's directory (NULL: outside it; only entries without path apply). */
void bh_cli_suppress_config(const struct bh_cli_config *c, const char *relpath, int64_t today,
                            struct bh_findings *f);

/* ---- scan pipeline, scan.c ---- */

struct bh_cli_item {
        char *path; /* displayed path */
        bool is_stdin;
        bool explicit_file; /* named on the command line */
        unsigned pre_rule;  /* not 0: report this BH9xxx finding instead of reading */
        char *pre_msg;
        char *data; /* stdin contents, read before the workers start */
        size_t len;
        struct bh_cli_config *config; /* NULL: none */
        char *config_rel;             /* path relative to the config's directory */
        /* The frontend that reads it: chosen by name during discovery, by
         * --type, or (explicit files, stdin) from the content when read. */
        const struct bh_frontend_desc *fe;

        struct bh_findings findings;
        struct bh_cli_strv warnings;
        bool failed;
        struct bh_pss_objects pss_objects; /* under a PSS profile: its Kubernetes objects */
        struct bh_cli_kube *kube; /* Kubernetes objects for scan-wide rules (BH5010), or NULL */
};

struct bh_cli_scan {
        BH_VEC(struct bh_cli_item) items;
        struct bh_frontend_opts fo;
        const struct bh_frontend_desc *forced_fe; /* --type */
        const bool *enabled; /* rules enabled when the file has no config */
        struct bh_rules_opts ropts; /* --profile, --pss-version */
        bool kube_complete;         /* --complete: the files are all that is deployed */
        int64_t today;
        unsigned jobs;
};

void bh_cli_scan_release(struct bh_cli_scan *s);
/* Scan every item (in parallel when jobs > 1 and there is more than one item).
 * Results are stored per item, so the output order is the item order. */
void bh_cli_scan_run(struct bh_cli_scan *s);
/* Scan one item (used by the workers). */
void bh_cli_scan_item(const struct bh_cli_scan *s, struct bh_cli_item *it);
/* struct bh_frontend_opts.read_file: a bounded read (BH_LIMIT_FILE_SIZE) of a
 * regular file a document refers to; BH_ENOENT when it does not exist. */
int bh_cli_read_file(void *ctx, const char *path, char **ret_data, size_t *ret_len);

/* ---- Kubernetes rules over every file of a scan (BH5010), kube-set.c ---- */

struct bh_cli_kube;
/* After the rules ran on a Kubernetes doc: keep its workloads and
 * NetworkPolicies, and append one pending BH5010 finding per workload to
 * it->findings (when the rule is enabled), so that suppressions apply to
 * them while doc is alive.  Nothing for other surfaces. */
void bh_cli_kube_collect(const struct bh_doc *doc, const bool *enabled, struct bh_cli_item *it);
/* After the suppressions: move the pending findings out of it->findings. */
void bh_cli_kube_detach(struct bh_cli_item *it);
/* Once every item is scanned: when the scan holds a NetworkPolicy or
 * s->kube_complete, put back the pending findings of workloads that no
 * policy of the same namespace selects (info "not checked" when only a
 * matchExpressions policy could); drop the others. */
void bh_cli_kube_pass(struct bh_cli_scan *s);
void bh_cli_kube_free(struct bh_cli_kube *k);

/* ---- discovery, discover.c ---- */

struct bh_cli_discover_opts {
        const char *const *excludes;
        size_t nexcludes;
        const char *stdin_name;
        size_t max_files; /* --max-files, at most BH_LIMIT_SCAN_FILES */
};
/* Turn the PATH arguments into items: directories walked, files taken as
 * named, "-" is stdin.  Problems become pre-set BH9xxx items. */
int bh_cli_discover(const char *const *paths, size_t npaths, const struct bh_cli_discover_opts *o,
                    struct bh_cli_scan *s, struct bh_error **err);
/* -f FILE: make sure path is an item, read by the compose frontend. */
void bh_cli_discover_compose(struct bh_cli_scan *s, const char *path);
/* Drop walked files that an exclude of their config file matches. */
void bh_cli_discover_config_excludes(struct bh_cli_scan *s);

/* ---- commands ---- */

/* Run the command line; returns the exit code. */
int bh_cli_main(int argc, char **argv);

int bh_cli_cmd_scan(int argc, char **argv);
int bh_cli_cmd_rules(int argc, char **argv);
int bh_cli_cmd_host(int argc, char **argv);
void bh_cli_help_host(FILE *out);
int bh_cli_cmd_engine(int argc, char **argv);
void bh_cli_help_engine(FILE *out);
int bh_cli_cmd_image(int argc, char **argv);
void bh_cli_help_image(FILE *out);
int bh_cli_cmd_version(int argc, char **argv);
void bh_cli_help_main(FILE *out);
void bh_cli_help_scan(FILE *out);
void bh_cli_help_rules(FILE *out);
void bh_cli_help_version(FILE *out);

/* Print "bulkhead: <msg>" and a --help hint to stderr; returns BH_EXIT_USAGE. */
int bh_cli_usage_error(const char *cmd, const char *fmt, ...) BH_PRINTF(2, 3);

/* ---- vulnerability matching for host and image, vulnscan.c ---- */

struct bh_osinfo;
struct bh_pkg_list;

/* Default of --db-max-age (days): older data is a BH1009 finding and a warning. */
#define BH_CLI_DB_MAX_AGE_DEFAULT 7u

struct bh_cli_vuln_opts {
        const char *db_path; /* --db; NULL: BULKHEAD_DB or the cache path */
        bool ignore_unfixed; /* --ignore-unfixed */
        unsigned max_age_days;
        bool no_vuln;        /* --no-vuln */
};

/* --db, --ignore-unfixed, --db-max-age, --no-vuln, as bh_cli_report_opt
 * (1 stored, 0 not one of them, -1 bad value printed). */
int bh_cli_vuln_opt(const char *cmd, int c, const char *arg, struct bh_cli_vuln_opts *v);

bool bh_cli_parse_db_max_age(const char *cmd, const char *arg, unsigned *ret);
/* Match pkgs (installed on os) against the vulnerability database and set
 * doc->vulns (in doc's arena) so that BH1006-BH1009 report them; packages
 * whose version cannot be ordered become BH9025 diagnostics of doc.  No
 * database: doc->vulns says matching was skipped and why (BH1009, info) and
 * a warning is added.  Stale data adds a warning.  Returns 0, or a negative
 * code after printing why (a database that cannot be read). */
int bh_cli_vuln_attach(struct bh_doc *doc, const struct bh_cli_vuln_opts *o,
                       const struct bh_osinfo *os, const struct bh_pkg_list *pkgs,
                       struct bh_cli_strv *warnings);

/* ---- bulkhead db, cmd-db.c ---- */

int bh_cli_cmd_db(int argc, char **argv);
void bh_cli_help_db(FILE *out);

/* Generated from docs/rules/BHnnnn.md by tools/gen-rule-docs.py: the page of a
 * rule ("BH3001"), or NULL when it has none. */
const char *bh_cli_rule_doc(const char *id);

/* ---- SBOM output for image (and host), sbom-out.c ---- */

struct bh_sbom_subject;
/* Write the SBOM of s (CycloneDX, or SPDX when spdx) to output (NULL:
 * standard output), dated SOURCE_DATE_EPOCH when set.  Returns code, or
 * BH_EXIT_USAGE after printing why (a bad SOURCE_DATE_EPOCH, a write that
 * failed). */
int bh_cli_write_sbom(const char *cmd, const char *output, bool spdx, struct bh_sbom_subject *s,
                      int code);
