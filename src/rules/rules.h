/* The rule registry: rules.def expanded into a table, and the engine that runs
 * every enabled rule over a document.  Rules are pure functions of the model. */
#pragma once

#include "../model/finding.h"
#include "../model/model.h"

enum bh_subject {
        BH_SUBJ_CONTAINER = 0, /* reads struct bh_container (every surface) */
        BH_SUBJ_IMAGE_REF,     /* reads struct bh_imgref (every surface) */
        BH_SUBJ_DOCKERFILE,    /* reads struct bh_dockerfile */
        BH_SUBJ_INPUT,         /* input problems (BH9xxx), from doc->diags */
        BH_SUBJ_KUBERNETES,    /* reads struct bh_kube_set (doc->surface_model) */
        /* needs every document of the scan (Kubernetes objects of other files):
         * no per-document check; the CLI evaluates it (src/cli/kube-set.c) */
        BH_SUBJ_SCAN,
        BH_SUBJ_DAEMON,        /* reads struct bh_engine_cfg (daemon.json, containers.conf, the host's) */
        BH_SUBJ_HOST,          /* reads struct bh_host (bulkhead host only) */
        BH_SUBJ_PACKAGE,       /* reads struct bh_vuln_report (doc->vulns: host, image) */
        BH_SUBJ_IMAGE,         /* reads struct bh_image (bulkhead image only) */
        BH_SUBJ__COUNT,
};

enum bh_rule_flags {
        /* A finding of this rule means the input could not be fully scanned:
         * exit code 2 whatever --fail-on says. */
        BH_RF_INPUT_ERROR = 1 << 0,
        /* A Pod Security Standards control (src/rules/pss.h): runs only under
         * --profile pss-baseline|pss-restricted, at the levels its table says. */
        BH_RF_PSS = 1 << 1,
};

/* Pod Security Standards levels (src/rules/pss.h has the control table). */
enum bh_pss_level {
        BH_PSS_NONE = 0, /* the default profile: PSS controls do not run */
        BH_PSS_BASELINE,
        BH_PSS_RESTRICTED,
};

/* What a scan asks of the rules beyond the model.  Zeroed: the default profile. */
struct bh_rules_opts {
        enum bh_pss_level pss_level;
        unsigned pss_minor; /* the policy version v1.N (N), already resolved from "latest" */
};

struct bh_rule;
struct bh_emit;
typedef void (*bh_check_fn)(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e);

struct bh_rule {
        const char *id;   /* "BH3001" */
        unsigned num;     /* 3001 */
        const char *slug; /* "user-root" */
        unsigned theme;   /* first digit */
        enum bh_severity severity;
        enum bh_subject subject;
        unsigned flags;
        bh_check_fn check; /* NULL for BH9xxx (from diagnostics) */
        const char *title; /* one line */
        const char *hint;  /* one-line fix hint */
};

enum bh_rule_id {
#define BH_RULE(id, num, slug, sev, subj, flags, fn, title, hint) BH_RULE_##id,
#include "rules.def"
#undef BH_RULE
        BH_RULE__COUNT
};

/* The table, in rules.def order (sorted by ID). */
const struct bh_rule *bh_rules_table(size_t *ret_count);
/* Look up "BH3001" (case-insensitive); NULL when unknown. */
const struct bh_rule *bh_rules_find(const char *id);
const struct bh_rule *bh_rules_find_num(unsigned num);
const char *bh_rules_theme_name(unsigned theme);
const char *bh_rules_subject_name(enum bh_subject s);

/* Run the enabled rules (enabled[i] for table index i; NULL: all) over doc,
 * turning doc->diags into BH9xxx findings too.  Findings get path doc->path,
 * the offending source line, and are deduplicated (same rule, line, col,
 * message). */
void bh_rules_run(const struct bh_doc *doc, const bool *enabled, struct bh_findings *out);
/* Same under a profile (o NULL: the default profile). */
void bh_rules_run_opts(const struct bh_doc *doc, const bool *enabled, const struct bh_rules_opts *o,
                       struct bh_findings *out);

/* Used by check functions: add a finding of e's rule at loc. */
void bh_emit(struct bh_emit *e, struct bh_loc loc, const char *fmt, ...) BH_PRINTF(3, 4);
/* Same with a severity other than the rule's default (e.g. capability tiers). */
void bh_emit_sev(struct bh_emit *e, enum bh_severity sev, struct bh_loc loc, const char *fmt, ...)
        BH_PRINTF(4, 5);

/* Same, also recording the input field the finding is about
 * ("spec.containers[0].securityContext.privileged"), copied into the finding. */
void bh_emit_field(struct bh_emit *e, enum bh_severity sev, struct bh_loc loc, const char *field,
                   const char *fmt, ...) BH_PRINTF(5, 6);
struct bh_vuln_match;
/* Same for a vulnerable package: the finding also carries m's advisory,
 * CVE, package and versions (struct bh_finding_vuln). */
void bh_emit_vuln(struct bh_emit *e, enum bh_severity sev, const struct bh_vuln_match *m,
                  const char *fmt, ...) BH_PRINTF(4, 5);
/* The options of the current run (never NULL). */
const struct bh_rules_opts *bh_emit_opts(const struct bh_emit *e);

/* Date (YYYY-MM-DD) the embedded end-of-life table was compiled. */
const char *bh_rules_eol_compiled(void);
