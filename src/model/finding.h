/* Findings: what rules produce and reporters print. */
#pragma once

#include "model.h"

enum bh_supp_kind {
        BH_SUPP_NONE = 0,
        BH_SUPP_INLINE,      /* comment on the line or the line above */
        BH_SUPP_STAGE,       /* stage-wide comment */
        BH_SUPP_FILE,        /* file-wide comment */
        BH_SUPP_CONFIG,      /* .bulkhead.yaml */
        BH_SUPP_ANNOTATION,  /* workload annotation bulkhead.dev/ignore (Kubernetes) */
};

/* What a vulnerable-package finding carries besides its message (every
 * string heap-owned by the finding; NULL when unknown / none). */
struct bh_finding_vuln {
        char *id;        /* advisory ID */
        char *cve;
        char *related;   /* "DSA-5417-1, DLA-3449-1" */
        char *ecosystem; /* "Debian:12" */
        char *package;
        char *source;
        char *installed;
        char *fixed;     /* NULL: no fix yet */
        char *severity_source;
};

struct bh_finding {
        const char *rule_id;       /* "BH3001", static */
        unsigned rule_num;         /* 3001 */
        enum bh_severity severity;
        const char *path;          /* heap: in the block of message, never freed on its own */
        struct bh_loc loc;
        char *message;             /* heap, also holds path: change it with bh_finding_set_message */
        char *source_line;         /* heap copy of the offending line, or NULL */
        enum bh_supp_kind suppressed;
        char *supp_reason;         /* heap, may be NULL */
        char *supp_source;         /* heap: where the suppression is ("Dockerfile:3", ".bulkhead.yaml:5") */
        char *field;               /* heap: the input field it is about ("spec.hostPID"), or NULL */
        struct bh_finding_vuln *vuln; /* heap: a vulnerable package's details (BH1006/BH1008), or NULL */
};

struct bh_findings {
        BH_VEC(struct bh_finding) items;
        size_t dropped; /* over BH_LIMIT_FINDINGS_PER_FILE */
};

void bh_findings_init(struct bh_findings *f);
/* Free a struct bh_finding_vuln and its strings (NULL-safe). */
void bh_finding_vuln_free(struct bh_finding_vuln *v);
void bh_findings_release(struct bh_findings *f);
/* Add a finding; copies path/message; returns it, or NULL when over the limit. */
struct bh_finding *bh_findings_add(struct bh_findings *f, const char *rule_id, unsigned rule_num,
                                   enum bh_severity sev, const char *path, struct bh_loc loc,
                                   const char *message);
/* Replace the message of a finding (keeps its path). */
void bh_finding_set_message(struct bh_finding *x, const char *message);
/* Move all items of src to the end of dst (src is left empty). */
void bh_findings_move(struct bh_findings *dst, struct bh_findings *src);
/* Sort by path, line, col, rule. */
void bh_findings_sort(struct bh_findings *f);
