/* Pod Security Standards as the Kubernetes pod-security-admission controller
 * (PSA) decides them: the control table (which PSA check each rule
 * implements, at which level, since which policy version, overriding which
 * check), the per-version allowed values, and the per-workload verdict
 * derived from findings.  Pure data and pure functions: no I/O.
 *
 * Versions are the policy versions PSA accepts ("v1.N" or "latest"); each
 * check decides with its newest variant whose minimum version is <= the
 * requested one (policy/registry.go).  docs/rules/BH3101.md ... BH6107.md
 * describe each check and its version history. */
#pragma once

#include "../model/finding.h"
#include "../model/kube.h"
#include "rules.h"

/* Policy versions accepted: v1.0 .. v1.BH_PSS_MINOR_MAX; "latest" is the
 * newest one implemented (the sysctls added in v1.37 are the latest data). */
#define BH_PSS_MINOR_MAX 37u

/* One PSA check. */
struct bh_pss_check {
        const char *id;          /* PSA check ID: "runAsNonRoot" */
        unsigned rule;           /* the bulkhead rule that implements it */
        enum bh_pss_level level; /* the lowest level it belongs to */
        unsigned since;          /* first policy version (minor of v1.N) */
        const char *overrides;   /* check ID it replaces when both apply, or NULL */
};

/* Version-dependent behaviour inside a check, each with the first policy
 * version that has it. */
enum bh_pss_feature {
        BH_PSS_F_SECCOMP_FIELDS = 0, /* v1.19: seccomp fields instead of annotations */
        BH_PSS_F_WINDOWS_EXEMPT,     /* v1.25: spec.os.name windows exempts restricted checks */
        BH_PSS_F_SELINUX_ENGINE,     /* v1.31: container_engine_t allowed */
        BH_PSS_F_USERNS_RELAX,       /* v1.35: hostUsers: false relaxes runAsNonRoot,
                                      * runAsUser and baseline procMount */
        BH_PSS_F__COUNT,
};

/* The whole table, in PSA's order (baseline first). */
const struct bh_pss_check *bh_pss_checks(size_t *ret_count);
/* The check of rule `rule` that decides at level/minor: NULL when none does
 * (the rule is not at this level, its check is newer than minor, or it is
 * overridden by another check that applies). */
const struct bh_pss_check *bh_pss_check_for(unsigned rule, enum bh_pss_level level, unsigned minor);
/* Does the check with this ID decide at level/minor? */
bool bh_pss_check_active(const char *id, enum bh_pss_level level, unsigned minor);
/* Does rule belong to level (at any version)?  What the CLI enables. */
bool bh_pss_rule_in_level(unsigned rule, enum bh_pss_level level);
bool bh_pss_has(enum bh_pss_feature f, unsigned minor);

/* "default" -> BH_PSS_NONE, "pss-baseline", "pss-restricted"; -1 when unknown. */
int bh_pss_parse_profile(const char *name, enum bh_pss_level *ret);
/* "latest" or "v1.N" (N from 0 to BH_PSS_MINOR_MAX, decimal without leading
 * zeros, as PSA's ParseVersion); -1 otherwise. */
int bh_pss_parse_version(const char *s, unsigned *ret_minor);
/* "privileged", "baseline", "restricted". */
const char *bh_pss_level_name(enum bh_pss_level l);

/* Allowed values (exact comparison, as PSA). */
bool bh_pss_cap_baseline_allowed(const char *cap);
bool bh_pss_sysctl_allowed(const char *name, unsigned minor);
bool bh_pss_selinux_type_allowed(const char *type, unsigned minor);
bool bh_pss_volume_allowed(const char *source);

/* ---- per-workload verdicts ---- */

/* A Kubernetes object of a scanned file, copied out of the document so the
 * verdict can be made after the document is gone.  Heap strings. */
struct bh_pss_object {
        char *kind;
        char *name;
        struct bh_loc loc;  /* the document's first key */
        uint32_t last_line; /* its last line; 0 when unknown */
        bool workload;      /* has a pod spec PSA evaluates */
};

struct bh_pss_objects {
        struct bh_pss_object *v;
        size_t n;
        size_t cap;
};

/* Append every object of doc (a Kubernetes document), in text order. */
void bh_pss_objects_collect(const struct bh_doc *doc, struct bh_pss_objects *out);
void bh_pss_objects_release(struct bh_pss_objects *o);

/* A failing control of a workload.  Strings are borrowed (static or from the
 * findings). */
struct bh_pss_fail {
        const char *check;   /* PSA check ID */
        const char *rule_id; /* "BH3101" */
        const char *field;   /* input field, or NULL when the finding has none */
};

/* Would this workload be admitted?  pass == (nfails == 0). */
struct bh_pss_verdict {
        const char *path; /* borrowed */
        const char *kind; /* borrowed from the objects */
        const char *name;
        struct bh_loc loc;
        struct bh_pss_fail *fails; /* heap */
        size_t nfails;
        size_t cap;
};

struct bh_pss_verdicts {
        struct bh_pss_verdict *v;
        size_t n;
        size_t cap;
};

/* Append a verdict for each workload of objs (the objects of the file at
 * path, in text order) from that file's findings: each finding of a PSS
 * control that decides at level/minor fails the object it lies in (the last
 * object starting at or before it and ending at or after it).  Suppressed findings count too: a
 * suppression does not change what admission decides.  Controls disabled
 * with --only/--ignore produce no findings and so cannot fail a workload. */
void bh_pss_verdicts_add(const char *path, const struct bh_pss_objects *objs,
                         const struct bh_finding *findings, size_t nfindings,
                         enum bh_pss_level level, unsigned minor, struct bh_pss_verdicts *out);
void bh_pss_verdicts_release(struct bh_pss_verdicts *v);
