/* Pod Security Standards: the control table, per-version data and verdicts
 * (see pss.h).  Every table here mirrors pod-security-admission's
 * policy/check_*.go; the version numbers are the MinimumVersion of each
 * VersionedCheck. */
#include <stdio.h>

#include "pss.h"

#include "../util/bh-banned.h"

static const struct bh_pss_check bh_pss_table[] = {
        /* baseline */
        {"windowsHostProcess", 4101, BH_PSS_BASELINE, 0, NULL},
        {"hostNamespaces", 5101, BH_PSS_BASELINE, 0, NULL},
        {"privileged", 4102, BH_PSS_BASELINE, 0, NULL},
        {"capabilities_baseline", 4103, BH_PSS_BASELINE, 0, NULL},
        {"hostPathVolumes", 5102, BH_PSS_BASELINE, 0, NULL},
        {"hostPorts", 5103, BH_PSS_BASELINE, 0, NULL},
        {"hostProbesAndHostLifecycle", 5104, BH_PSS_BASELINE, 34, NULL},
        {"appArmorProfile", 6101, BH_PSS_BASELINE, 0, NULL},
        {"seLinuxOptions", 6102, BH_PSS_BASELINE, 0, NULL},
        {"procMount", 6103, BH_PSS_BASELINE, 0, NULL},
        {"seccompProfile_baseline", 6104, BH_PSS_BASELINE, 0, NULL},
        {"sysctls", 6106, BH_PSS_BASELINE, 0, NULL},
        /* restricted */
        {"restrictedVolumes", 5105, BH_PSS_RESTRICTED, 0, "hostPathVolumes"},
        {"allowPrivilegeEscalation", 4105, BH_PSS_RESTRICTED, 8, NULL},
        {"runAsNonRoot", 3101, BH_PSS_RESTRICTED, 0, NULL},
        {"runAsUser", 3102, BH_PSS_RESTRICTED, 23, NULL},
        {"seccompProfile_restricted", 6105, BH_PSS_RESTRICTED, 19, "seccompProfile_baseline"},
        {"capabilities_restricted", 4104, BH_PSS_RESTRICTED, 22, "capabilities_baseline"},
        {"procMount_restricted", 6103, BH_PSS_RESTRICTED, 35, "procMount"},
};

/* Not a PSA check: the namespace labels that decide which level PSA
 * enforces.  It runs at every level. */
#define BH_PSS_RULE_NAMESPACE 6107u

static const unsigned bh_pss_feature_since[BH_PSS_F__COUNT] = {
        [BH_PSS_F_SECCOMP_FIELDS] = 19,
        [BH_PSS_F_WINDOWS_EXEMPT] = 25,
        [BH_PSS_F_SELINUX_ENGINE] = 31,
        [BH_PSS_F_USERNS_RELAX] = 35,
};

const struct bh_pss_check *bh_pss_checks(size_t *ret_count)
{
        *ret_count = BH_ELEMENTSOF(bh_pss_table);
        return bh_pss_table;
}

static bool bh_pss_applies(const struct bh_pss_check *c, enum bh_pss_level level, unsigned minor)
{
        return level != BH_PSS_NONE && c->level <= level && c->since <= minor;
}

bool bh_pss_check_active(const char *id, enum bh_pss_level level, unsigned minor)
{
        const struct bh_pss_check *c = NULL;

        for (size_t i = 0; i < BH_ELEMENTSOF(bh_pss_table); i++)
                if (strcmp(bh_pss_table[i].id, id) == 0)
                        c = &bh_pss_table[i];
        if (!c || !bh_pss_applies(c, level, minor))
                return false;
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_pss_table); i++) {
                const struct bh_pss_check *o = &bh_pss_table[i];
                if (o->overrides && strcmp(o->overrides, id) == 0 &&
                    bh_pss_applies(o, level, minor))
                        return false;
        }
        return true;
}

const struct bh_pss_check *bh_pss_check_for(unsigned rule, enum bh_pss_level level, unsigned minor)
{
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_pss_table); i++) {
                const struct bh_pss_check *c = &bh_pss_table[i];
                if (c->rule == rule && bh_pss_check_active(c->id, level, minor))
                        return c;
        }
        return NULL;
}

bool bh_pss_rule_in_level(unsigned rule, enum bh_pss_level level)
{
        if (level == BH_PSS_NONE)
                return false;
        if (rule == BH_PSS_RULE_NAMESPACE)
                return true;
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_pss_table); i++)
                if (bh_pss_table[i].rule == rule && bh_pss_table[i].level <= level)
                        return true;
        return false;
}

bool bh_pss_has(enum bh_pss_feature f, unsigned minor)
{
        return (unsigned)f < BH_PSS_F__COUNT && minor >= bh_pss_feature_since[f];
}

int bh_pss_parse_profile(const char *name, enum bh_pss_level *ret)
{
        if (strcmp(name, "default") == 0)
                *ret = BH_PSS_NONE;
        else if (strcmp(name, "pss-baseline") == 0)
                *ret = BH_PSS_BASELINE;
        else if (strcmp(name, "pss-restricted") == 0)
                *ret = BH_PSS_RESTRICTED;
        else
                return -1;
        return 0;
}

int bh_pss_parse_version(const char *s, unsigned *ret_minor)
{
        unsigned v = 0;
        const char *p;

        if (strcmp(s, "latest") == 0) {
                *ret_minor = BH_PSS_MINOR_MAX;
                return 0;
        }
        if (strncmp(s, "v1.", 3) != 0)
                return -1;
        p = s + 3;
        /* ^v1\.(0|[1-9][0-9]*)$ (PSA api.ParseVersion) */
        if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] != '\0'))
                return -1;
        for (; *p; p++) {
                if (*p < '0' || *p > '9')
                        return -1;
                v = v * 10 + (unsigned)(*p - '0');
                if (v > BH_PSS_MINOR_MAX)
                        return -1;
        }
        *ret_minor = v;
        return 0;
}

const char *bh_pss_level_name(enum bh_pss_level l)
{
        switch (l) {
        case BH_PSS_BASELINE:
                return "baseline";
        case BH_PSS_RESTRICTED:
                return "restricted";
        case BH_PSS_NONE:
        default:
                return "privileged";
        }
}

static bool bh_pss_in(const char *s, const char *const *list, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(s, list[i]) == 0)
                        return true;
        return false;
}

bool bh_pss_cap_baseline_allowed(const char *cap)
{
        /* check_capabilities_baseline.go: the Docker default set minus NET_RAW */
        static const char *const allowed[] = {
                "AUDIT_WRITE", "CHOWN",  "DAC_OVERRIDE",     "FOWNER",  "FSETID",
                "KILL",        "MKNOD",  "NET_BIND_SERVICE", "SETFCAP", "SETGID",
                "SETPCAP",     "SETUID", "SYS_CHROOT",
        };

        return bh_pss_in(cap, allowed, BH_ELEMENTSOF(allowed));
}

bool bh_pss_sysctl_allowed(const char *name, unsigned minor)
{
        /* check_sysctls.go: each version adds to the previous list */
        static const struct {
                const char *name;
                unsigned since;
        } safe[] = {
                {"kernel.shm_rmid_forced", 0},
                {"net.ipv4.ip_local_port_range", 0},
                {"net.ipv4.tcp_syncookies", 0},
                {"net.ipv4.ping_group_range", 0},
                {"net.ipv4.ip_unprivileged_port_start", 0},
                {"net.ipv4.ip_local_reserved_ports", 27},
                {"net.ipv4.tcp_keepalive_time", 29},
                {"net.ipv4.tcp_fin_timeout", 29},
                {"net.ipv4.tcp_keepalive_intvl", 29},
                {"net.ipv4.tcp_keepalive_probes", 29},
                {"net.ipv4.tcp_rmem", 32},
                {"net.ipv4.tcp_wmem", 32},
                {"net.ipv4.tcp_slow_start_after_idle", 37},
                {"net.ipv4.tcp_notsent_lowat", 37},
        };

        for (size_t i = 0; i < BH_ELEMENTSOF(safe); i++)
                if (safe[i].since <= minor && strcmp(name, safe[i].name) == 0)
                        return true;
        return false;
}

bool bh_pss_selinux_type_allowed(const char *type, unsigned minor)
{
        static const char *const allowed[] = {"", "container_t", "container_init_t",
                                              "container_kvm_t"};

        if (bh_pss_in(type, allowed, BH_ELEMENTSOF(allowed)))
                return true;
        return bh_pss_has(BH_PSS_F_SELINUX_ENGINE, minor) &&
               strcmp(type, "container_engine_t") == 0;
}

bool bh_pss_volume_allowed(const char *source)
{
        /* check_restrictedVolumes.go; "image" volumes are read-only OCI content */
        static const char *const allowed[] = {
                "configMap", "csi",   "downwardAPI",           "emptyDir",
                "ephemeral", "image", "persistentVolumeClaim", "projected",
                "secret",
        };

        return source && bh_pss_in(source, allowed, BH_ELEMENTSOF(allowed));
}

/* ---- verdicts ---- */

void bh_pss_objects_collect(const struct bh_doc *doc, struct bh_pss_objects *out)
{
        const struct bh_kube_set *ks = doc->surface_model;

        if (doc->surface != BH_SURFACE_KUBERNETES || !ks)
                return;
        for (size_t i = 0; i < ks->nobjects; i++) {
                const struct bh_kobject *o = &ks->objects[i];
                struct bh_pss_object *x = BH_VEC_NEW(out);

                x->kind = bh_xstrdup(o->kind ? o->kind : "?");
                x->name = bh_xstrdup(o->name ? o->name : "");
                x->loc = o->loc;
                x->last_line = o->last_line;
                x->workload = o->okind == BH_KO_WORKLOAD && o->pod;
        }
}

void bh_pss_objects_release(struct bh_pss_objects *o)
{
        for (size_t i = 0; i < o->n; i++) {
                free(o->v[i].kind);
                free(o->v[i].name);
        }
        free(o->v);
        memset(o, 0, sizeof(*o));
}

static bool bh_pss_loc_le(struct bh_loc a, struct bh_loc b)
{
        return a.line < b.line || (a.line == b.line && a.col <= b.col);
}

static void bh_pss_fail_add(struct bh_pss_verdict *v, const char *check, const char *rule_id,
                            const char *field)
{
        for (size_t i = 0; i < v->nfails; i++) {
                const struct bh_pss_fail *f = &v->fails[i];
                bool same_field = (!f->field && !field) ||
                                  (f->field && field && strcmp(f->field, field) == 0);
                if (strcmp(f->check, check) == 0 && same_field)
                        return;
        }
        if (v->nfails == v->cap) {
                v->cap = v->cap ? v->cap * 2 : 4;
                v->fails = bh_xreallocarray(v->fails, v->cap, sizeof(*v->fails));
        }
        v->fails[v->nfails++] = (struct bh_pss_fail){check, rule_id, field};
}

void bh_pss_verdicts_add(const char *path, const struct bh_pss_objects *objs,
                         const struct bh_finding *findings, size_t nfindings,
                         enum bh_pss_level level, unsigned minor, struct bh_pss_verdicts *out)
{
        size_t first = out->n;

        for (size_t i = 0; i < objs->n; i++) {
                const struct bh_pss_object *o = &objs->v[i];
                struct bh_pss_verdict *v;

                if (!o->workload)
                        continue;
                v = BH_VEC_NEW(out);
                v->path = path;
                v->kind = o->kind;
                v->name = o->name;
                v->loc = o->loc;
        }
        for (size_t i = 0; i < nfindings; i++) {
                const struct bh_finding *f = &findings[i];
                const struct bh_pss_check *c = bh_pss_check_for(f->rule_num, level, minor);
                const struct bh_pss_object *owner = NULL;

                if (!c || strcmp(f->path, path) != 0)
                        continue;
                /* the object starting last at or before the finding */
                for (size_t j = 0; j < objs->n; j++) {
                        const struct bh_pss_object *o = &objs->v[j];
                        if (bh_pss_loc_le(o->loc, f->loc) &&
                            (!o->last_line || f->loc.line <= o->last_line) &&
                            (!owner || bh_pss_loc_le(owner->loc, o->loc)))
                                owner = o;
                }
                if (!owner || !owner->workload)
                        continue;
                for (size_t j = first; j < out->n; j++)
                        if (out->v[j].kind == owner->kind)
                                bh_pss_fail_add(&out->v[j], c->id, f->rule_id, f->field);
        }
}

void bh_pss_verdicts_release(struct bh_pss_verdicts *v)
{
        for (size_t i = 0; i < v->n; i++)
                free(v->v[i].fails);
        free(v->v);
        memset(v, 0, sizeof(*v));
}
