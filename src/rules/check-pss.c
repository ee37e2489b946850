/* The Pod Security Standards controls (BH3101 ... BH6107), one function per
 * rule, each deciding exactly as the matching pod-security-admission check
 * (policy/check_*.go) at the level and version of the run.  They read the
 * typed Kubernetes model as written (struct bh_kube_set): PSA compares
 * strings exactly and resolves pod/container inheritance per check, so the
 * merged cross-surface container is not used here. */
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>

#include "../util/strutil.h"
#include "checks.h"
#include "pss.h"

#include "../util/bh-banned.h"

/* Longest field path a finding records ("spec.jobTemplate.spec.template.spec.
 * ephemeralContainers[12].lifecycle.preStop.httpGet.host"); longer is cut. */
#define BH_PSS_FIELD_MAX 512u

/* One workload being checked. */
struct bh_pss_ctx {
        const struct bh_rule *rule;
        struct bh_emit *e;
        const struct bh_pss_check *check;
        enum bh_pss_level level;
        unsigned minor;
        const struct bh_kobject *o;
        const struct bh_kpod *p;
        const char *spec; /* field path of the pod spec */
        const char *meta; /* field path of the pod metadata */
        char who[256];    /* "Deployment/web" */
};

typedef void (*bh_pss_pod_fn)(struct bh_pss_ctx *x);

static void bh_pss_fmt(char *buf, size_t size, const char *fmt, ...) BH_PRINTF(3, 4);

/* snprintf that cuts silently: field paths and names are bounded on purpose. */
static void bh_pss_fmt(char *buf, size_t size, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        bh_vformat(buf, size, fmt, ap);
        va_end(ap);
}

/* Where the pod spec and its metadata sit in each workload kind
 * (pod-security-admission admission.go's PodSpecExtractor). */
static void bh_pss_paths(const char *kind, const char **ret_spec, const char **ret_meta)
{
        if (kind && strcmp(kind, "Pod") == 0) {
                *ret_spec = "spec";
                *ret_meta = "metadata";
        } else if (kind && strcmp(kind, "PodTemplate") == 0) {
                *ret_spec = "template.spec";
                *ret_meta = "template.metadata";
        } else if (kind && strcmp(kind, "CronJob") == 0) {
                *ret_spec = "spec.jobTemplate.spec.template.spec";
                *ret_meta = "spec.jobTemplate.spec.template.metadata";
        } else {
                *ret_spec = "spec.template.spec";
                *ret_meta = "spec.template.metadata";
        }
}

/* Run fn over every workload when the rule's check decides at this level
 * and version. */
static void bh_pss_run(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e,
                       bh_pss_pod_fn fn)
{
        const struct bh_rules_opts *opt = bh_emit_opts(e);
        const struct bh_kube_set *ks = doc->surface_model;
        struct bh_pss_ctx x = {.rule = r, .e = e, .level = opt->pss_level, .minor = opt->pss_minor};

        x.check = bh_pss_check_for(r->num, x.level, x.minor);
        if (!x.check || !ks)
                return;
        for (size_t i = 0; i < ks->nobjects; i++) {
                const struct bh_kobject *o = &ks->objects[i];

                if (o->okind != BH_KO_WORKLOAD || !o->pod)
                        continue;
                x.o = o;
                x.p = o->pod;
                bh_pss_paths(o->kind, &x.spec, &x.meta);
                bh_pss_fmt(x.who, sizeof(x.who), "%s/%s", o->kind ? o->kind : "?",
                           o->name ? o->name : "?");
                fn(&x);
        }
}

static struct bh_loc bh_pss_at(struct bh_loc loc, struct bh_loc fallback)
{
        return loc.line ? loc : fallback;
}

/* Where a pod-level finding about an absent key points. */
static struct bh_loc bh_pss_pod_loc(const struct bh_pss_ctx *x)
{
        return x->p->spec_loc.line ? x->p->spec_loc : x->o->loc;
}

static const char *bh_pss_list_name(enum bh_kcontainer_kind k)
{
        switch (k) {
        case BH_KC_INIT:
                return "initContainers";
        case BH_KC_EPHEMERAL:
                return "ephemeralContainers";
        case BH_KC_CONTAINER:
        default:
                return "containers";
        }
}

/* "spec.template.spec.initContainers[1]": the index within its own list. */
static void bh_pss_cpath(const struct bh_pss_ctx *x, const struct bh_kcontainer *c, char *buf,
                         size_t size)
{
        size_t idx = 0;

        for (const struct bh_kcontainer *k = x->p->containers; k < c; k++)
                idx += k->kind == c->kind;
        bh_pss_fmt(buf, size, "%s.%s[%zu]", x->spec, bh_pss_list_name(c->kind), idx);
}

static const char *bh_pss_cname(const struct bh_kcontainer *c)
{
        return c->name.s ? c->name.s : "?";
}

static void bh_pss_emit(const struct bh_pss_ctx *x, enum bh_severity sev, struct bh_loc loc,
                        const char *field, const char *fmt, ...) BH_PRINTF(5, 6);

/* A finding: "<Kind>/<name>: <what> (PSS <level> <check>)", the field kept
 * for the workload verdict. */
static void bh_pss_emit(const struct bh_pss_ctx *x, enum bh_severity sev, struct bh_loc loc,
                        const char *field, const char *fmt, ...)
{
        char what[768];
        va_list ap;

        va_start(ap, fmt);
        bh_vformat(what, sizeof(what), fmt, ap);
        va_end(ap);
        bh_emit_field(x->e, sev, loc, field, "%s: %s (PSS %s v1.%u: %s)", x->who, what,
                      bh_pss_level_name(x->check->level), x->minor, x->check->id);
}

/* spec.os.name: windows exempts the restricted checks that have no meaning
 * on Windows (allowPrivilegeEscalation, seccomp, capabilities), since v1.25. */
static bool bh_pss_windows_exempt(const struct bh_pss_ctx *x)
{
        return bh_pss_has(BH_PSS_F_WINDOWS_EXEMPT, x->minor) && x->p->os_name.s &&
               strcmp(x->p->os_name.s, "windows") == 0;
}

/* spec.hostUsers: false relaxes runAsNonRoot, runAsUser and baseline
 * procMount since v1.35 (PSA relaxPolicyForUserNamespacePod). */
static bool bh_pss_userns_relaxed(const struct bh_pss_ctx *x)
{
        return bh_pss_has(BH_PSS_F_USERNS_RELAX, x->minor) && x->p->host_users.v == BH_FALSE;
}

/* ---- BH3101 runAsNonRoot (restricted) ---- */

static void bh_pss_run_as_non_root(struct bh_pss_ctx *x)
{
        const struct bh_kpod *p = x->p;
        char field[BH_PSS_FIELD_MAX], cp[BH_PSS_FIELD_MAX];
        bool pod_true = p->sc.run_as_non_root.v == BH_TRUE;

        if (bh_pss_userns_relaxed(x))
                return;
        /* an explicit pod-level false fails even when every container says true */
        if (p->sc.run_as_non_root.v == BH_FALSE) {
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.runAsNonRoot", x->spec);
                bh_pss_emit(x, x->rule->severity,
                            bh_pss_at(p->sc.run_as_non_root.loc, bh_pss_pod_loc(x)), field,
                            "pod sets securityContext.runAsNonRoot: false");
        }
        for (size_t i = 0; i < p->ncontainers; i++) {
                const struct bh_kcontainer *c = &p->containers[i];

                bh_pss_cpath(x, c, cp, sizeof(cp));
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.runAsNonRoot", cp);
                if (c->sc.run_as_non_root.v == BH_FALSE)
                        bh_pss_emit(x, x->rule->severity,
                                    bh_pss_at(c->sc.run_as_non_root.loc, c->loc), field,
                                    "container \"%s\" sets runAsNonRoot: false", bh_pss_cname(c));
                else if (c->sc.run_as_non_root.v == BH_UNSET && !pod_true)
                        bh_pss_emit(x, x->rule->severity, c->loc, field,
                                    "container \"%s\": runAsNonRoot is not true on the container "
                                    "nor on the pod",
                                    bh_pss_cname(c));
        }
}

void bh_check_pss_run_as_non_root(const struct bh_rule *r, const struct bh_doc *doc,
                                  struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_run_as_non_root);
}

/* ---- BH3102 runAsUser (restricted) ---- */

static void bh_pss_run_as_user(struct bh_pss_ctx *x)
{
        const struct bh_kpod *p = x->p;
        char field[BH_PSS_FIELD_MAX], cp[BH_PSS_FIELD_MAX];

        if (bh_pss_userns_relaxed(x))
                return;
        /* 0 at either level fails, even where the other level overrides it */
        if (p->sc.run_as_user.set && p->sc.run_as_user.v == 0) {
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.runAsUser", x->spec);
                bh_pss_emit(x, x->rule->severity,
                            bh_pss_at(p->sc.run_as_user.loc, bh_pss_pod_loc(x)), field,
                            "pod sets securityContext.runAsUser: 0 (root)");
        }
        for (size_t i = 0; i < p->ncontainers; i++) {
                const struct bh_kcontainer *c = &p->containers[i];

                if (!c->sc.run_as_user.set || c->sc.run_as_user.v != 0)
                        continue;
                bh_pss_cpath(x, c, cp, sizeof(cp));
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.runAsUser", cp);
                bh_pss_emit(x, x->rule->severity, bh_pss_at(c->sc.run_as_user.loc, c->loc), field,
                            "container \"%s\" sets runAsUser: 0 (root)", bh_pss_cname(c));
        }
}

void bh_check_pss_run_as_user(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_run_as_user);
}

/* ---- BH4101 windowsHostProcess (baseline) ---- */

static void bh_pss_host_process(struct bh_pss_ctx *x)
{
        const struct bh_kpod *p = x->p;
        char field[BH_PSS_FIELD_MAX], cp[BH_PSS_FIELD_MAX];

        if (p->sc.windows_host_process.v == BH_TRUE) {
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.windowsOptions.hostProcess",
                           x->spec);
                bh_pss_emit(x, x->rule->severity,
                            bh_pss_at(p->sc.windows_host_process.loc, bh_pss_pod_loc(x)), field,
                            "pod sets windowsOptions.hostProcess: true");
        }
        for (size_t i = 0; i < p->ncontainers; i++) {
                const struct bh_kcontainer *c = &p->containers[i];

                if (c->sc.windows_host_process.v != BH_TRUE)
                        continue;
                bh_pss_cpath(x, c, cp, sizeof(cp));
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.windowsOptions.hostProcess",
                           cp);
                bh_pss_emit(x, x->rule->severity, bh_pss_at(c->sc.windows_host_process.loc, c->loc),
                            field, "container \"%s\" sets windowsOptions.hostProcess: true",
                            bh_pss_cname(c));
        }
}

void bh_check_pss_host_process(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_host_process);
}

/* ---- BH4102 privileged (baseline) ---- */

static void bh_pss_privileged(struct bh_pss_ctx *x)
{
        char field[BH_PSS_FIELD_MAX], cp[BH_PSS_FIELD_MAX];

        for (size_t i = 0; i < x->p->ncontainers; i++) {
                const struct bh_kcontainer *c = &x->p->containers[i];

                if (c->privileged.v != BH_TRUE)
                        continue;
                bh_pss_cpath(x, c, cp, sizeof(cp));
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.privileged", cp);
                bh_pss_emit(x, x->rule->severity, bh_pss_at(c->privileged.loc, c->loc), field,
                            "container \"%s\" is privileged", bh_pss_cname(c));
        }
}

void bh_check_pss_privileged(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_privileged);
}

/* ---- BH4103 capabilities_baseline ---- */

static void bh_pss_caps_baseline(struct bh_pss_ctx *x)
{
        char field[BH_PSS_FIELD_MAX], cp[BH_PSS_FIELD_MAX];

        for (size_t i = 0; i < x->p->ncontainers; i++) {
                const struct bh_kcontainer *c = &x->p->containers[i];

                bh_pss_cpath(x, c, cp, sizeof(cp));
                for (size_t j = 0; j < c->ncap_add; j++) {
                        const struct bh_kname_loc *cap = &c->cap_add[j];
                        if (cap->s && bh_pss_cap_baseline_allowed(cap->s))
                                continue;
                        bh_pss_fmt(field, sizeof(field), "%s.securityContext.capabilities.add[%zu]",
                                   cp, j);
                        bh_pss_emit(x, x->rule->severity, bh_pss_at(cap->loc, c->loc), field,
                                    "container \"%s\" adds capability \"%s\", which is not in the "
                                    "baseline set (names are compared exactly)",
                                    bh_pss_cname(c), cap->s ? cap->s : "");
                }
        }
}

void bh_check_pss_caps_baseline(const struct bh_rule *r, const struct bh_doc *doc,
                                struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_caps_baseline);
}

/* ---- BH4104 capabilities_restricted ---- */

static void bh_pss_caps_restricted(struct bh_pss_ctx *x)
{
        char field[BH_PSS_FIELD_MAX], cp[BH_PSS_FIELD_MAX];

        if (bh_pss_windows_exempt(x))
                return;
        for (size_t i = 0; i < x->p->ncontainers; i++) {
                const struct bh_kcontainer *c = &x->p->containers[i];
                bool dropped_all = false, lower_all = false;

                bh_pss_cpath(x, c, cp, sizeof(cp));
                for (size_t j = 0; j < c->ncap_drop; j++) {
                        const char *d = c->cap_drop[j].s;
                        if (d && strcmp(d, "ALL") == 0)
                                dropped_all = true;
                        else if (d && strcasecmp(d, "ALL") == 0)
                                lower_all = true;
                }
                if (!dropped_all) {
                        bh_pss_fmt(field, sizeof(field), "%s.securityContext.capabilities.drop",
                                   cp);
                        bh_pss_emit(x, BH_SEV_MEDIUM,
                                    c->capabilities_present ? bh_pss_at(c->capabilities_loc, c->loc)
                                                            : c->loc,
                                    field, "container \"%s\" does not drop \"ALL\" capabilities%s",
                                    bh_pss_cname(c),
                                    lower_all ? " (PSA compares exactly: write ALL in upper case)"
                                              : "");
                }
                for (size_t j = 0; j < c->ncap_add; j++) {
                        const struct bh_kname_loc *cap = &c->cap_add[j];
                        const char *name = cap->s ? cap->s : "";
                        if (strcmp(name, "NET_BIND_SERVICE") == 0)
                                continue;
                        /* a capability outside the baseline set fails baseline too */
                        bh_pss_fmt(field, sizeof(field), "%s.securityContext.capabilities.add[%zu]",
                                   cp, j);
                        bh_pss_emit(x,
                                    bh_pss_cap_baseline_allowed(name) ? BH_SEV_MEDIUM : BH_SEV_HIGH,
                                    bh_pss_at(cap->loc, c->loc), field,
                                    "container \"%s\" adds capability \"%s\" (only "
                                    "NET_BIND_SERVICE may be added)",
                                    bh_pss_cname(c), name);
                }
        }
}

void bh_check_pss_caps_restricted(const struct bh_rule *r, const struct bh_doc *doc,
                                  struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_caps_restricted);
}

/* ---- BH4105 allowPrivilegeEscalation (restricted) ---- */

static void bh_pss_privilege_escalation(struct bh_pss_ctx *x)
{
        char field[BH_PSS_FIELD_MAX], cp[BH_PSS_FIELD_MAX];

        if (bh_pss_windows_exempt(x))
                return;
        for (size_t i = 0; i < x->p->ncontainers; i++) {
                const struct bh_kcontainer *c = &x->p->containers[i];

                if (c->allow_privilege_escalation.v == BH_FALSE)
                        continue;
                bh_pss_cpath(x, c, cp, sizeof(cp));
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.allowPrivilegeEscalation", cp);
                if (c->allow_privilege_escalation.v == BH_TRUE)
                        bh_pss_emit(x, x->rule->severity,
                                    bh_pss_at(c->allow_privilege_escalation.loc, c->loc), field,
                                    "container \"%s\" sets allowPrivilegeEscalation: true",
                                    bh_pss_cname(c));
                else
                        bh_pss_emit(x, x->rule->severity, c->loc, field,
                                    "container \"%s\" does not set allowPrivilegeEscalation: false",
                                    bh_pss_cname(c));
        }
}

void bh_check_pss_privilege_escalation(const struct bh_rule *r, const struct bh_doc *doc,
                                       struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_privilege_escalation);
}

/* ---- BH5101 hostNamespaces (baseline) ---- */

static void bh_pss_host_namespaces(struct bh_pss_ctx *x)
{
        const struct {
                const struct bh_kbool *b;
                const char *key;
        } ns[] = {
                {&x->p->host_network, "hostNetwork"},
                {&x->p->host_pid, "hostPID"},
                {&x->p->host_ipc, "hostIPC"},
        };
        char field[BH_PSS_FIELD_MAX];

        for (size_t i = 0; i < BH_ELEMENTSOF(ns); i++) {
                if (ns[i].b->v != BH_TRUE)
                        continue;
                bh_pss_fmt(field, sizeof(field), "%s.%s", x->spec, ns[i].key);
                bh_pss_emit(x, x->rule->severity, bh_pss_at(ns[i].b->loc, bh_pss_pod_loc(x)), field,
                            "pod sets %s: true", ns[i].key);
        }
}

void bh_check_pss_host_namespaces(const struct bh_rule *r, const struct bh_doc *doc,
                                  struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_host_namespaces);
}

/* ---- BH5102 hostPathVolumes (baseline) ---- */

static bool bh_pss_is_host_path(const struct bh_kvolume *v)
{
        return (v->source && strcmp(v->source, "hostPath") == 0) || v->host_path.s;
}

static void bh_pss_host_path(struct bh_pss_ctx *x)
{
        char field[BH_PSS_FIELD_MAX];

        for (size_t i = 0; i < x->p->nvolumes; i++) {
                const struct bh_kvolume *v = &x->p->volumes[i];

                if (!bh_pss_is_host_path(v))
                        continue;
                bh_pss_fmt(field, sizeof(field), "%s.volumes[%zu].hostPath", x->spec, i);
                bh_pss_emit(x, x->rule->severity, bh_pss_at(v->loc, bh_pss_pod_loc(x)), field,
                            "volume \"%s\" is a hostPath volume (%s)", v->name.s ? v->name.s : "?",
                            v->host_path.s ? v->host_path.s : "path not given");
        }
}

void bh_check_pss_host_path(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_host_path);
}

/* ---- BH5103 hostPorts (baseline) ---- */

static void bh_pss_host_ports(struct bh_pss_ctx *x)
{
        char field[BH_PSS_FIELD_MAX], cp[BH_PSS_FIELD_MAX];

        for (size_t i = 0; i < x->p->ncontainers; i++) {
                const struct bh_kcontainer *c = &x->p->containers[i];

                bh_pss_cpath(x, c, cp, sizeof(cp));
                for (size_t j = 0; j < c->nports; j++) {
                        const struct bh_kport *port = &c->ports[j];
                        if (!port->host_port.set || port->host_port.v == 0)
                                continue;
                        bh_pss_fmt(field, sizeof(field), "%s.ports[%zu].hostPort", cp, j);
                        bh_pss_emit(x, x->rule->severity,
                                    bh_pss_at(port->host_port.loc, bh_pss_at(port->loc, c->loc)),
                                    field, "container \"%s\" binds hostPort %lld", bh_pss_cname(c),
                                    (long long)port->host_port.v);
                }
        }
}

void bh_check_pss_host_ports(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_host_ports);
}

/* ---- BH5104 hostProbesAndHostLifecycle (baseline, v1.34) ---- */

static void bh_pss_host_probes(struct bh_pss_ctx *x)
{
        char field[BH_PSS_FIELD_MAX], cp[BH_PSS_FIELD_MAX];

        for (size_t i = 0; i < x->p->ncontainers; i++) {
                const struct bh_kcontainer *c = &x->p->containers[i];

                bh_pss_cpath(x, c, cp, sizeof(cp));
                for (size_t j = 0; j < c->nhost_fields; j++) {
                        const struct bh_khost_field *h = &c->host_fields[j];
                        if (!h->host.s || !*h->host.s)
                                continue;
                        bh_pss_fmt(field, sizeof(field), "%s.%s", cp, h->where ? h->where : "?");
                        bh_pss_emit(x, x->rule->severity, bh_pss_at(h->host.loc, c->loc), field,
                                    "container \"%s\": %s is \"%s\"", bh_pss_cname(c),
                                    h->where ? h->where : "host", h->host.s);
                }
        }
}

void bh_check_pss_host_probes(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_host_probes);
}

/* ---- BH5105 restrictedVolumes ---- */

static void bh_pss_volume_types(struct bh_pss_ctx *x)
{
        char field[BH_PSS_FIELD_MAX];

        for (size_t i = 0; i < x->p->nvolumes; i++) {
                const struct bh_kvolume *v = &x->p->volumes[i];
                bool host_path = bh_pss_is_host_path(v);

                if (!host_path && bh_pss_volume_allowed(v->source))
                        continue;
                if (host_path || v->source)
                        bh_pss_fmt(field, sizeof(field), "%s.volumes[%zu].%s", x->spec, i,
                                   host_path ? "hostPath" : v->source);
                else
                        bh_pss_fmt(field, sizeof(field), "%s.volumes[%zu]", x->spec, i);
                /* hostPath fails baseline too (the check this one overrides) */
                bh_pss_emit(x, host_path ? BH_SEV_HIGH : x->rule->severity,
                            bh_pss_at(v->loc, bh_pss_pod_loc(x)), field,
                            "volume \"%s\" is of type %s%s%s", v->name.s ? v->name.s : "?",
                            v->source || host_path ? "\"" : "",
                            host_path   ? "hostPath"
                            : v->source ? v->source
                                        : "unknown",
                            v->source || host_path ? "\"" : "");
        }
}

void bh_check_pss_volume_types(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_volume_types);
}

/* ---- BH6101 appArmorProfile (baseline) ---- */

#define BH_PSS_APPARMOR_PREFIX "container.apparmor.security.beta.kubernetes.io/"

static bool bh_pss_apparmor_type_ok(const char *t)
{
        return strcmp(t, "RuntimeDefault") == 0 || strcmp(t, "Localhost") == 0;
}

static bool bh_pss_apparmor_annotation_ok(const char *v)
{
        return !*v || strcmp(v, "runtime/default") == 0 || bh_str_startswith(v, "localhost/");
}

static void bh_pss_apparmor(struct bh_pss_ctx *x)
{
        const struct bh_kpod *p = x->p;
        char field[BH_PSS_FIELD_MAX], cp[BH_PSS_FIELD_MAX];

        if (p->sc.apparmor_type.s && !bh_pss_apparmor_type_ok(p->sc.apparmor_type.s)) {
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.appArmorProfile.type",
                           x->spec);
                bh_pss_emit(x, x->rule->severity,
                            bh_pss_at(p->sc.apparmor_type.loc, bh_pss_pod_loc(x)), field,
                            "pod sets appArmorProfile.type \"%s\"", p->sc.apparmor_type.s);
        }
        for (size_t i = 0; i < p->ncontainers; i++) {
                const struct bh_kcontainer *c = &p->containers[i];

                if (!c->sc.apparmor_type.s || bh_pss_apparmor_type_ok(c->sc.apparmor_type.s))
                        continue;
                bh_pss_cpath(x, c, cp, sizeof(cp));
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.appArmorProfile.type", cp);
                bh_pss_emit(x, x->rule->severity, bh_pss_at(c->sc.apparmor_type.loc, c->loc), field,
                            "container \"%s\" sets appArmorProfile.type \"%s\"", bh_pss_cname(c),
                            c->sc.apparmor_type.s);
        }
        /* every annotation with the prefix, whether or not a container has that name */
        for (size_t i = 0; i < p->nannotations; i++) {
                const struct bh_kannotation *a = &p->annotations[i];

                if (!a->key || !bh_str_startswith(a->key, BH_PSS_APPARMOR_PREFIX) ||
                    bh_pss_apparmor_annotation_ok(a->value ? a->value : ""))
                        continue;
                bh_pss_fmt(field, sizeof(field), "%s.annotations[\"%s\"]", x->meta, a->key);
                bh_pss_emit(x, x->rule->severity, bh_pss_at(a->loc, x->o->loc), field,
                            "annotation %s is \"%s\"", a->key, a->value ? a->value : "");
        }
}

void bh_check_pss_apparmor(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_apparmor);
}

/* ---- BH6102 seLinuxOptions (baseline) ---- */

static void bh_pss_selinux_one(struct bh_pss_ctx *x, const struct bh_kselinux *se,
                               const char *prefix, const char *who, struct bh_loc fallback)
{
        char field[BH_PSS_FIELD_MAX];

        if (!se->set)
                return;
        if (se->type.s && !bh_pss_selinux_type_allowed(se->type.s, x->minor)) {
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.seLinuxOptions.type", prefix);
                bh_pss_emit(x, x->rule->severity, bh_pss_at(se->type.loc, fallback), field,
                            "%s sets seLinuxOptions.type \"%s\"", who, se->type.s);
        }
        if (se->user.s && *se->user.s) {
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.seLinuxOptions.user", prefix);
                bh_pss_emit(x, x->rule->severity, bh_pss_at(se->user.loc, fallback), field,
                            "%s sets seLinuxOptions.user \"%s\"", who, se->user.s);
        }
        if (se->role.s && *se->role.s) {
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.seLinuxOptions.role", prefix);
                bh_pss_emit(x, x->rule->severity, bh_pss_at(se->role.loc, fallback), field,
                            "%s sets seLinuxOptions.role \"%s\"", who, se->role.s);
        }
}

static void bh_pss_selinux(struct bh_pss_ctx *x)
{
        char cp[BH_PSS_FIELD_MAX], who[320];

        bh_pss_selinux_one(x, &x->p->sc.selinux, x->spec, "pod", bh_pss_pod_loc(x));
        for (size_t i = 0; i < x->p->ncontainers; i++) {
                const struct bh_kcontainer *c = &x->p->containers[i];

                bh_pss_cpath(x, c, cp, sizeof(cp));
                bh_pss_fmt(who, sizeof(who), "container \"%s\"", bh_pss_cname(c));
                bh_pss_selinux_one(x, &c->sc.selinux, cp, who, c->loc);
        }
}

void bh_check_pss_selinux(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_selinux);
}

/* ---- BH6103 procMount (baseline) / procMount_restricted (v1.35) ---- */

static void bh_pss_proc_mount(struct bh_pss_ctx *x)
{
        bool restricted = x->check->level == BH_PSS_RESTRICTED;
        bool relaxed = bh_pss_userns_relaxed(x);
        char field[BH_PSS_FIELD_MAX], cp[BH_PSS_FIELD_MAX];

        /* baseline allows any procMount in a user namespace; restricted never does */
        if (relaxed && !restricted)
                return;
        for (size_t i = 0; i < x->p->ncontainers; i++) {
                const struct bh_kcontainer *c = &x->p->containers[i];

                if (!c->proc_mount.s || strcmp(c->proc_mount.s, "Default") == 0)
                        continue;
                bh_pss_cpath(x, c, cp, sizeof(cp));
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.procMount", cp);
                bh_pss_emit(x, relaxed ? BH_SEV_MEDIUM : BH_SEV_HIGH,
                            bh_pss_at(c->proc_mount.loc, c->loc), field,
                            "container \"%s\" sets procMount \"%s\"%s", bh_pss_cname(c),
                            c->proc_mount.s,
                            relaxed ? " (hostUsers: false relaxes only the baseline check)" : "");
        }
}

void bh_check_pss_proc_mount(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_proc_mount);
}

/* ---- BH6104 seccompProfile_baseline ---- */

#define BH_PSS_SECCOMP_POD_ANNOTATION       "seccomp.security.alpha.kubernetes.io/pod"
#define BH_PSS_SECCOMP_CONTAINER_ANNOTATION "container.seccomp.security.alpha.kubernetes.io/"

static bool bh_pss_seccomp_type_ok(const char *t)
{
        return strcmp(t, "RuntimeDefault") == 0 || strcmp(t, "Localhost") == 0;
}

static bool bh_pss_seccomp_annotation_ok(const char *v)
{
        return strcmp(v, "runtime/default") == 0 || strcmp(v, "docker/default") == 0 ||
               bh_str_startswith(v, "localhost/");
}

static const struct bh_kannotation *bh_pss_annotation(const struct bh_kpod *p, const char *key)
{
        const struct bh_kannotation *found = NULL;

        /* a repeated key: the last one wins, as in a decoded map */
        for (size_t i = 0; i < p->nannotations; i++)
                if (p->annotations[i].key && strcmp(p->annotations[i].key, key) == 0)
                        found = &p->annotations[i];
        return found;
}

/* v1.0 - v1.18: the alpha annotations, pod-wide and per container name. */
static void bh_pss_seccomp_annotations(struct bh_pss_ctx *x)
{
        const struct bh_kannotation *a = bh_pss_annotation(x->p, BH_PSS_SECCOMP_POD_ANNOTATION);
        char field[BH_PSS_FIELD_MAX], key[BH_PSS_FIELD_MAX];

        if (a && !bh_pss_seccomp_annotation_ok(a->value ? a->value : "")) {
                bh_pss_fmt(field, sizeof(field), "%s.annotations[\"%s\"]", x->meta, a->key);
                bh_pss_emit(x, x->rule->severity, bh_pss_at(a->loc, x->o->loc), field,
                            "annotation %s is \"%s\"", a->key, a->value ? a->value : "");
        }
        for (size_t i = 0; i < x->p->ncontainers; i++) {
                const struct bh_kcontainer *c = &x->p->containers[i];

                if (!c->name.s)
                        continue;
                bh_pss_fmt(key, sizeof(key), "%s%s", BH_PSS_SECCOMP_CONTAINER_ANNOTATION,
                           c->name.s);
                a = bh_pss_annotation(x->p, key);
                if (!a || bh_pss_seccomp_annotation_ok(a->value ? a->value : ""))
                        continue;
                bh_pss_fmt(field, sizeof(field), "%s.annotations[\"%s\"]", x->meta, a->key);
                bh_pss_emit(x, x->rule->severity, bh_pss_at(a->loc, x->o->loc), field,
                            "container \"%s\": annotation %s is \"%s\"", c->name.s, a->key,
                            a->value ? a->value : "");
        }
}

static void bh_pss_seccomp_baseline(struct bh_pss_ctx *x)
{
        const struct bh_kpod *p = x->p;
        char field[BH_PSS_FIELD_MAX], cp[BH_PSS_FIELD_MAX];

        if (!bh_pss_has(BH_PSS_F_SECCOMP_FIELDS, x->minor)) {
                bh_pss_seccomp_annotations(x);
                return;
        }
        if (p->sc.seccomp.type.s && !bh_pss_seccomp_type_ok(p->sc.seccomp.type.s)) {
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.seccompProfile.type", x->spec);
                bh_pss_emit(x, x->rule->severity,
                            bh_pss_at(p->sc.seccomp.type.loc, bh_pss_pod_loc(x)), field,
                            "pod sets seccompProfile.type \"%s\"", p->sc.seccomp.type.s);
        }
        for (size_t i = 0; i < p->ncontainers; i++) {
                const struct bh_kcontainer *c = &p->containers[i];

                if (!c->sc.seccomp.type.s || bh_pss_seccomp_type_ok(c->sc.seccomp.type.s))
                        continue;
                bh_pss_cpath(x, c, cp, sizeof(cp));
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.seccompProfile.type", cp);
                bh_pss_emit(x, x->rule->severity, bh_pss_at(c->sc.seccomp.type.loc, c->loc), field,
                            "container \"%s\" sets seccompProfile.type \"%s\"", bh_pss_cname(c),
                            c->sc.seccomp.type.s);
        }
}

void bh_check_pss_seccomp_baseline(const struct bh_rule *r, const struct bh_doc *doc,
                                   struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_seccomp_baseline);
}

/* ---- BH6105 seccompProfile_restricted (v1.19) ---- */

static void bh_pss_seccomp_restricted(struct bh_pss_ctx *x)
{
        const struct bh_kpod *p = x->p;
        char field[BH_PSS_FIELD_MAX], cp[BH_PSS_FIELD_MAX];
        bool pod_ok = false;

        if (bh_pss_windows_exempt(x))
                return;
        /* an invalid value fails baseline too (the check this one overrides) */
        if (p->sc.seccomp.type.s) {
                pod_ok = bh_pss_seccomp_type_ok(p->sc.seccomp.type.s);
                if (!pod_ok) {
                        bh_pss_fmt(field, sizeof(field), "%s.securityContext.seccompProfile.type",
                                   x->spec);
                        bh_pss_emit(x, BH_SEV_HIGH,
                                    bh_pss_at(p->sc.seccomp.type.loc, bh_pss_pod_loc(x)), field,
                                    "pod sets seccompProfile.type \"%s\"", p->sc.seccomp.type.s);
                }
        }
        for (size_t i = 0; i < p->ncontainers; i++) {
                const struct bh_kcontainer *c = &p->containers[i];
                const char *t = c->sc.seccomp.type.s;

                bh_pss_cpath(x, c, cp, sizeof(cp));
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.seccompProfile.type", cp);
                if (t && !bh_pss_seccomp_type_ok(t))
                        bh_pss_emit(x, BH_SEV_HIGH, bh_pss_at(c->sc.seccomp.type.loc, c->loc),
                                    field, "container \"%s\" sets seccompProfile.type \"%s\"",
                                    bh_pss_cname(c), t);
                else if (!t && !pod_ok)
                        bh_pss_emit(x, x->rule->severity, c->loc, field,
                                    "container \"%s\": no seccompProfile on the container nor a "
                                    "valid one on the pod",
                                    bh_pss_cname(c));
        }
}

void bh_check_pss_seccomp_restricted(const struct bh_rule *r, const struct bh_doc *doc,
                                     struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_seccomp_restricted);
}

/* ---- BH6106 sysctls (baseline) ---- */

static void bh_pss_sysctls(struct bh_pss_ctx *x)
{
        char field[BH_PSS_FIELD_MAX];

        for (size_t i = 0; i < x->p->nsysctls; i++) {
                const struct bh_ksysctl *s = &x->p->sysctls[i];
                const char *name = s->name.s ? s->name.s : "";

                if (bh_pss_sysctl_allowed(name, x->minor))
                        continue;
                bh_pss_fmt(field, sizeof(field), "%s.securityContext.sysctls[%zu].name", x->spec,
                           i);
                bh_pss_emit(x, x->rule->severity, bh_pss_at(s->name.loc, bh_pss_pod_loc(x)), field,
                            "sysctl \"%s\" is not in the safe set of v1.%u", name, x->minor);
        }
}

void bh_check_pss_sysctls(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        bh_pss_run(r, doc, e, bh_pss_sysctls);
}

/* ---- BH6107 the namespace's enforce label ---- */

#define BH_PSS_LABEL_ENFORCE         "pod-security.kubernetes.io/enforce"
#define BH_PSS_LABEL_ENFORCE_VERSION "pod-security.kubernetes.io/enforce-version"

static const char *bh_pss_label(const struct bh_kobject *o, const char *key)
{
        const char *v = NULL;

        for (size_t i = 0; i < o->nlabels; i++)
                if (o->label_keys[i] && strcmp(o->label_keys[i], key) == 0)
                        v = o->label_values[i] ? o->label_values[i] : "";
        return v;
}

void bh_check_pss_namespace_label(const struct bh_rule *r, const struct bh_doc *doc,
                                  struct bh_emit *e)
{
        const struct bh_rules_opts *opt = bh_emit_opts(e);
        const struct bh_kube_set *ks = doc->surface_model;
        const char *want = bh_pss_level_name(opt->pss_level);

        if (opt->pss_level == BH_PSS_NONE || !ks)
                return;
        for (size_t i = 0; i < ks->nobjects; i++) {
                const struct bh_kobject *o = &ks->objects[i];
                const char *name = o->name ? o->name : "?";
                const char *lv, *ver;
                enum bh_pss_level have;
                unsigned minor;

                if (o->okind != BH_KO_NAMESPACE)
                        continue;
                lv = bh_pss_label(o, BH_PSS_LABEL_ENFORCE);
                ver = bh_pss_label(o, BH_PSS_LABEL_ENFORCE_VERSION);
                if (!lv) {
                        bh_emit_field(e, r->severity, o->loc, "metadata.labels",
                                      "Namespace/%s has no %s label: the cluster default applies "
                                      "(privileged unless configured), not %s",
                                      name, BH_PSS_LABEL_ENFORCE, want);
                        continue;
                }
                /* PSA evaluates an invalid level or version as restricted / latest */
                if (strcmp(lv, "privileged") == 0)
                        have = BH_PSS_NONE;
                else if (strcmp(lv, "baseline") == 0)
                        have = BH_PSS_BASELINE;
                else
                        have = BH_PSS_RESTRICTED;
                if (have < opt->pss_level) {
                        bh_emit_field(e, r->severity, o->loc,
                                      "metadata.labels[\"" BH_PSS_LABEL_ENFORCE "\"]",
                                      "Namespace/%s enforces %s, weaker than %s", name, lv, want);
                        continue;
                }
                if (ver && bh_pss_parse_version(ver, &minor) == 0 && strcmp(ver, "latest") != 0 &&
                    minor < opt->pss_minor)
                        bh_emit_field(e, r->severity, o->loc,
                                      "metadata.labels[\"" BH_PSS_LABEL_ENFORCE_VERSION "\"]",
                                      "Namespace/%s pins %s to %s, older than v1.%u", name,
                                      BH_PSS_LABEL_ENFORCE_VERSION, ver, opt->pss_minor);
        }
}
