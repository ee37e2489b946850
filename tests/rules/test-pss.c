/* Pod Security Standards controls over hand-built Kubernetes models: every
 * control, the pod/container inheritance of each check, the overrides, and
 * each version boundary (v1.18/19 seccomp, v1.21/22 capabilities, v1.22/23
 * runAsUser, v1.24/25 Windows, v1.30/31 SELinux, v1.33/34 probes, v1.34/35
 * hostUsers and procMount, the sysctl lists), plus the workload verdicts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* after the headers it needs */
#include <cmocka.h>

#include "../../src/model/finding.h"
#include "../../src/rules/pss.h"
#include "../../src/util/strutil.h"

#define T_MAX 8

/* A document with up to T_MAX objects, each pod with up to T_MAX containers,
 * volumes, annotations and sysctls (arrays in the arena). */
struct t_doc {
        struct bh_doc doc;
        struct bh_kube_set ks;
        struct bh_findings f;
};

static struct t_doc *t_new(void)
{
        struct t_doc *t = calloc(1, sizeof(*t));

        assert_non_null(t);
        bh_doc_init(&t->doc, "t.k8s.yaml", BH_SURFACE_KUBERNETES, "", 0);
        t->ks.objects = bh_arena_alloc(&t->doc.arena, T_MAX * sizeof(struct bh_kobject));
        t->doc.surface_model = &t->ks;
        bh_findings_init(&t->f);
        return t;
}

static void t_free(struct t_doc *t)
{
        bh_findings_release(&t->f);
        bh_doc_release(&t->doc);
        free(t);
}

static struct bh_loc L(uint32_t line) {
        return (struct bh_loc){.line = line, .col = 3};
}

static struct bh_kobject *
t_object(struct t_doc *t, enum bh_kobject_kind ok, const char *kind, const char *name,
         uint32_t line)
{
        struct bh_kobject *o;

        assert_true(t->ks.nobjects < T_MAX);
        o = &t->ks.objects[t->ks.nobjects++];
        o->okind = ok;
        o->kind = kind;
        o->name = name;
        o->loc = (struct bh_loc){.line = line, .col = 1};
        return o;
}

/* A workload whose pod spec starts at line+5; its first container at line+10. */
static struct bh_kpod *t_pod(struct t_doc *t, const char *kind, const char *name, uint32_t line)
{
        struct bh_kobject *o = t_object(t, BH_KO_WORKLOAD, kind, name, line);
        struct bh_kpod *p = bh_arena_alloc(&t->doc.arena, sizeof(*p));

        p->spec_loc = L(line + 5);
        p->containers = bh_arena_alloc(&t->doc.arena, T_MAX * sizeof(struct bh_kcontainer));
        p->volumes = bh_arena_alloc(&t->doc.arena, T_MAX * sizeof(struct bh_kvolume));
        p->annotations = bh_arena_alloc(&t->doc.arena, T_MAX * sizeof(struct bh_kannotation));
        p->sysctls = bh_arena_alloc(&t->doc.arena, T_MAX * sizeof(struct bh_ksysctl));
        o->pod = p;
        return p;
}

static struct bh_kcontainer *t_container(struct bh_kpod *p, enum bh_kcontainer_kind kind,
                                         const char *name, uint32_t line)
{
        struct bh_kcontainer *c;

        assert_true(p->ncontainers < T_MAX);
        c = &p->containers[p->ncontainers++];
        c->kind = kind;
        c->name = (struct bh_kstr){name, L(line)};
        c->loc = (struct bh_loc){.line = line, .col = 5};
        return c;
}

/* A container that passes every restricted check on its own. */
static struct bh_kcontainer *t_good(struct t_doc *t, struct bh_kpod *p, const char *name,
                                    uint32_t line)
{
        struct bh_kcontainer *c = t_container(p, BH_KC_CONTAINER, name, line);
        struct bh_kname_loc *drop = bh_arena_alloc(&t->doc.arena, sizeof(*drop));

        c->sc.run_as_non_root = (struct bh_kbool){BH_TRUE, L(line + 1)};
        c->allow_privilege_escalation = (struct bh_kbool){BH_FALSE, L(line + 2)};
        c->sc.seccomp.type = (struct bh_kstr){"RuntimeDefault", L(line + 3)};
        drop->s = "ALL";
        drop->loc = L(line + 4);
        c->cap_drop = drop;
        c->ncap_drop = 1;
        c->capabilities_present = true;
        c->capabilities_loc = L(line + 4);
        return c;
}

static void t_add_cap(struct t_doc *t, struct bh_kcontainer *c, bool add, const char *name,
                      uint32_t line)
{
        size_t n = add ? c->ncap_add : c->ncap_drop;
        struct bh_kname_loc *v = bh_arena_alloc(&t->doc.arena, (n + 1) * sizeof(*v));

        if (n)
                memcpy(v, add ? c->cap_add : c->cap_drop, n * sizeof(*v));
        v[n] = (struct bh_kname_loc){name, L(line)};
        if (add) {
                c->cap_add = v;
                c->ncap_add = n + 1;
        } else {
                c->cap_drop = v;
                c->ncap_drop = n + 1;
        }
        c->capabilities_present = true;
}

/* Run one rule at level/minor; the number of its findings. */
static size_t t_run(struct t_doc *t, const char *id, enum bh_pss_level level, unsigned minor)
{
        size_t n;
        const struct bh_rule *tab = bh_rules_table(&n);
        bool *enabled = calloc(n, sizeof(bool));
        struct bh_rules_opts o = {.pss_level = level, .pss_minor = minor};

        assert_non_null(enabled);
        for (size_t i = 0; i < n; i++)
                enabled[i] = strcmp(tab[i].id, id) == 0;
        bh_findings_release(&t->f);
        bh_rules_run_opts(&t->doc, enabled, &o, &t->f);
        bh_findings_sort(&t->f); /* as the CLI does */
        free(enabled);
        return t->f.items.n;
}

static const struct bh_finding *t_at(const struct t_doc *t, size_t i)
{
        assert_true(i < t->f.items.n);
        return &t->f.items.v[i];
}

#define R BH_PSS_RESTRICTED
#define B BH_PSS_BASELINE

/* ---- the table, versions, profiles ---- */

static void test_parse_version(void **state)
{
        unsigned m = 99;

        (void)state;
        assert_int_equal(bh_pss_parse_version("latest", &m), 0);
        assert_int_equal(m, BH_PSS_MINOR_MAX);
        assert_true(BH_PSS_MINOR_MAX >= 35);
        assert_int_equal(bh_pss_parse_version("v1.0", &m), 0);
        assert_int_equal(m, 0);
        assert_int_equal(bh_pss_parse_version("v1.25", &m), 0);
        assert_int_equal(m, 25);
        assert_int_equal(bh_pss_parse_version("v1.37", &m), 0);
        assert_int_equal(m, 37);
        m = 7;
        assert_int_equal(bh_pss_parse_version("v1.38", &m), -1);
        assert_int_equal(bh_pss_parse_version("v1.01", &m), -1);
        assert_int_equal(bh_pss_parse_version("v1.", &m), -1);
        assert_int_equal(bh_pss_parse_version("v1.2x", &m), -1);
        assert_int_equal(bh_pss_parse_version("1.25", &m), -1);
        assert_int_equal(bh_pss_parse_version("v2.0", &m), -1);
        assert_int_equal(bh_pss_parse_version("Latest", &m), -1);
        assert_int_equal(bh_pss_parse_version("v1.99999999999999999999", &m), -1);
        assert_int_equal(bh_pss_parse_version("", &m), -1);
        assert_int_equal(m, 7); /* untouched on failure */
}

static void test_parse_profile(void **state)
{
        enum bh_pss_level l = BH_PSS_RESTRICTED;

        (void)state;
        assert_int_equal(bh_pss_parse_profile("default", &l), 0);
        assert_int_equal(l, BH_PSS_NONE);
        assert_int_equal(bh_pss_parse_profile("pss-baseline", &l), 0);
        assert_int_equal(l, BH_PSS_BASELINE);
        assert_int_equal(bh_pss_parse_profile("pss-restricted", &l), 0);
        assert_int_equal(l, BH_PSS_RESTRICTED);
        assert_int_equal(bh_pss_parse_profile("restricted", &l), -1);
        assert_int_equal(bh_pss_parse_profile("pss-privileged", &l), -1);
}

static const char *t_check(unsigned rule, enum bh_pss_level level, unsigned minor)
{
        const struct bh_pss_check *c = bh_pss_check_for(rule, level, minor);
        return c ? c->id : "-";
}

static void test_table_overrides(void **state)
{
        (void)state;
        /* restrictedVolumes overrides hostPathVolumes at every version */
        assert_string_equal(t_check(5102, B, 35), "hostPathVolumes");
        assert_string_equal(t_check(5102, R, 0), "-");
        assert_string_equal(t_check(5105, R, 0), "restrictedVolumes");
        assert_string_equal(t_check(5105, B, 35), "-");
        /* capabilities_restricted from v1.22 */
        assert_string_equal(t_check(4103, R, 21), "capabilities_baseline");
        assert_string_equal(t_check(4104, R, 21), "-");
        assert_string_equal(t_check(4103, R, 22), "-");
        assert_string_equal(t_check(4104, R, 22), "capabilities_restricted");
        /* seccompProfile_restricted from v1.19 */
        assert_string_equal(t_check(6104, R, 18), "seccompProfile_baseline");
        assert_string_equal(t_check(6105, R, 18), "-");
        assert_string_equal(t_check(6104, R, 19), "-");
        assert_string_equal(t_check(6105, R, 19), "seccompProfile_restricted");
        /* procMount_restricted from v1.35 */
        assert_string_equal(t_check(6103, R, 34), "procMount");
        assert_string_equal(t_check(6103, R, 35), "procMount_restricted");
        assert_string_equal(t_check(6103, B, 37), "procMount");
        /* first versions */
        assert_string_equal(t_check(5104, B, 33), "-");
        assert_string_equal(t_check(5104, B, 34), "hostProbesAndHostLifecycle");
        assert_string_equal(t_check(3102, R, 22), "-");
        assert_string_equal(t_check(3102, R, 23), "runAsUser");
        assert_string_equal(t_check(4105, R, 7), "-");
        assert_string_equal(t_check(4105, R, 8), "allowPrivilegeEscalation");
        assert_string_equal(t_check(3101, R, 0), "runAsNonRoot");
        assert_string_equal(t_check(3101, B, 37), "-");
        assert_string_equal(t_check(4102, BH_PSS_NONE, 37), "-");
        /* what the CLI enables */
        assert_true(bh_pss_rule_in_level(4102, B));
        assert_true(bh_pss_rule_in_level(4102, R));
        assert_false(bh_pss_rule_in_level(3101, B));
        assert_true(bh_pss_rule_in_level(3101, R));
        assert_true(bh_pss_rule_in_level(6107, B));
        assert_false(bh_pss_rule_in_level(4102, BH_PSS_NONE));
        assert_false(bh_pss_rule_in_level(4001, R));
}

static void test_table_rules_flagged(void **state)
{
        size_t n, nchecks;
        const struct bh_rule *tab = bh_rules_table(&n);
        const struct bh_pss_check *checks = bh_pss_checks(&nchecks);

        (void)state;
        /* every check names a BH_RF_PSS rule; every BH_RF_PSS rule is in a level */
        for (size_t i = 0; i < nchecks; i++) {
                const struct bh_rule *r = bh_rules_find_num(checks[i].rule);
                assert_non_null(r);
                assert_true(r->flags & BH_RF_PSS);
                /* baseline controls high, restricted-only medium */
                assert_int_equal(r->severity, bh_pss_rule_in_level(checks[i].rule, B)
                                                      ? BH_SEV_HIGH
                                                      : BH_SEV_MEDIUM);
        }
        for (size_t i = 0; i < n; i++)
                if (tab[i].flags & BH_RF_PSS)
                        assert_true(bh_pss_rule_in_level(tab[i].num, R));
}

static void test_sysctl_versions(void **state)
{
        (void)state;
        assert_true(bh_pss_sysctl_allowed("kernel.shm_rmid_forced", 0));
        assert_true(bh_pss_sysctl_allowed("net.ipv4.ip_unprivileged_port_start", 0));
        assert_false(bh_pss_sysctl_allowed("net.ipv4.ip_local_reserved_ports", 26));
        assert_true(bh_pss_sysctl_allowed("net.ipv4.ip_local_reserved_ports", 27));
        assert_false(bh_pss_sysctl_allowed("net.ipv4.tcp_keepalive_time", 28));
        assert_true(bh_pss_sysctl_allowed("net.ipv4.tcp_keepalive_time", 29));
        assert_true(bh_pss_sysctl_allowed("net.ipv4.tcp_fin_timeout", 29));
        assert_true(bh_pss_sysctl_allowed("net.ipv4.tcp_keepalive_intvl", 29));
        assert_true(bh_pss_sysctl_allowed("net.ipv4.tcp_keepalive_probes", 29));
        assert_false(bh_pss_sysctl_allowed("net.ipv4.tcp_rmem", 31));
        assert_true(bh_pss_sysctl_allowed("net.ipv4.tcp_rmem", 32));
        assert_true(bh_pss_sysctl_allowed("net.ipv4.tcp_wmem", 32));
        assert_false(bh_pss_sysctl_allowed("net.ipv4.tcp_slow_start_after_idle", 36));
        assert_true(bh_pss_sysctl_allowed("net.ipv4.tcp_slow_start_after_idle", 37));
        assert_false(bh_pss_sysctl_allowed("net.ipv4.tcp_notsent_lowat", 36));
        assert_true(bh_pss_sysctl_allowed("net.ipv4.tcp_notsent_lowat", 37));
        /* exact names only: no slash form, no case folding, unsafe ones never */
        assert_false(bh_pss_sysctl_allowed("net/ipv4/tcp_syncookies", 37));
        assert_false(bh_pss_sysctl_allowed("KERNEL.SHM_RMID_FORCED", 37));
        assert_false(bh_pss_sysctl_allowed("kernel.msgmax", 37));
        assert_false(bh_pss_sysctl_allowed("net.core.somaxconn", 37));
}

static void test_selinux_and_caps_data(void **state)
{
        (void)state;
        assert_true(bh_pss_selinux_type_allowed("", 0));
        assert_true(bh_pss_selinux_type_allowed("container_t", 0));
        assert_true(bh_pss_selinux_type_allowed("container_init_t", 0));
        assert_true(bh_pss_selinux_type_allowed("container_kvm_t", 0));
        assert_false(bh_pss_selinux_type_allowed("container_engine_t", 30));
        assert_true(bh_pss_selinux_type_allowed("container_engine_t", 31));
        assert_false(bh_pss_selinux_type_allowed("spc_t", 37));
        assert_true(bh_pss_cap_baseline_allowed("CHOWN"));
        assert_true(bh_pss_cap_baseline_allowed("SYS_CHROOT"));
        assert_false(bh_pss_cap_baseline_allowed("NET_RAW"));
        assert_false(bh_pss_cap_baseline_allowed("chown"));
        assert_false(bh_pss_cap_baseline_allowed("CAP_CHOWN"));
        assert_true(bh_pss_volume_allowed("persistentVolumeClaim"));
        assert_false(bh_pss_volume_allowed("hostPath"));
        assert_false(bh_pss_volume_allowed("nfs"));
        assert_false(bh_pss_volume_allowed(NULL));
}

/* ---- BH3101 runAsNonRoot ---- */

static void test_run_as_non_root(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "Deployment", "web", 1);
        struct bh_kcontainer *a = t_container(p, BH_KC_CONTAINER, "app", 20);
        struct bh_kcontainer *i0 = t_container(p, BH_KC_INIT, "init", 30);

        (void)state;
        /* neither level sets it: each container fails, at its entry */
        assert_int_equal(t_run(t, "BH3101", R, 35), 2);
        assert_int_equal(t_at(t, 0)->loc.line, 20);
        assert_int_equal(t_at(t, 0)->severity, BH_SEV_MEDIUM);
        assert_string_equal(t_at(t, 0)->field,
                            "spec.template.spec.containers[0].securityContext.runAsNonRoot");
        assert_non_null(strstr(t_at(t, 0)->message, "Deployment/web"));
        assert_non_null(strstr(t_at(t, 0)->message, "\"app\""));
        assert_string_equal(t_at(t, 1)->field,
                            "spec.template.spec.initContainers[0].securityContext.runAsNonRoot");
        /* not under baseline, not under the default profile */
        assert_int_equal(t_run(t, "BH3101", B, 35), 0);
        assert_int_equal(t_run(t, "BH3101", BH_PSS_NONE, 35), 0);

        /* pod true covers unset containers */
        p->sc.run_as_non_root = (struct bh_kbool){BH_TRUE, L(8)};
        assert_int_equal(t_run(t, "BH3101", R, 35), 0);
        /* an explicit container false fails even under pod true */
        a->sc.run_as_non_root = (struct bh_kbool){BH_FALSE, L(22)};
        assert_int_equal(t_run(t, "BH3101", R, 35), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 22);

        /* an explicit pod false fails even when every container says true */
        a->sc.run_as_non_root = (struct bh_kbool){BH_TRUE, L(22)};
        i0->sc.run_as_non_root = (struct bh_kbool){BH_TRUE, L(32)};
        p->sc.run_as_non_root = (struct bh_kbool){BH_FALSE, L(8)};
        assert_int_equal(t_run(t, "BH3101", R, 35), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 8);
        assert_string_equal(t_at(t, 0)->field, "spec.template.spec.securityContext.runAsNonRoot");

        /* hostUsers: false skips the check from v1.35 only */
        p->host_users = (struct bh_kbool){BH_FALSE, L(7)};
        assert_int_equal(t_run(t, "BH3101", R, 35), 0);
        assert_int_equal(t_run(t, "BH3101", R, 34), 1);
        p->host_users = (struct bh_kbool){BH_TRUE, L(7)};
        assert_int_equal(t_run(t, "BH3101", R, 37), 1);
        t_free(t);
}

/* ---- BH3102 runAsUser ---- */

static void test_run_as_user(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "Pod", "p", 1);
        struct bh_kcontainer *a = t_container(p, BH_KC_CONTAINER, "app", 20);

        (void)state;
        assert_int_equal(t_run(t, "BH3102", R, 37), 0); /* unset is fine */
        /* 0 on the pod fails even though the container overrides it */
        p->sc.run_as_user = (struct bh_kint){true, 0, L(9)};
        a->sc.run_as_user = (struct bh_kint){true, 1000, L(21)};
        assert_int_equal(t_run(t, "BH3102", R, 37), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 9);
        assert_string_equal(t_at(t, 0)->field, "spec.securityContext.runAsUser");
        /* 0 on the container */
        p->sc.run_as_user = (struct bh_kint){true, 1000, L(9)};
        a->sc.run_as_user = (struct bh_kint){true, 0, L(21)};
        assert_int_equal(t_run(t, "BH3102", R, 37), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 21);
        /* the check exists from v1.23 */
        assert_int_equal(t_run(t, "BH3102", R, 22), 0);
        assert_int_equal(t_run(t, "BH3102", R, 23), 1);
        /* hostUsers: false, v1.35 */
        p->host_users = (struct bh_kbool){BH_FALSE, L(7)};
        assert_int_equal(t_run(t, "BH3102", R, 34), 1);
        assert_int_equal(t_run(t, "BH3102", R, 35), 0);
        t_free(t);
}

/* ---- BH4101 .. BH4105 ---- */

static void test_host_process_privileged(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "Pod", "win", 1);
        struct bh_kcontainer *a = t_container(p, BH_KC_CONTAINER, "app", 20);
        struct bh_kcontainer *e = t_container(p, BH_KC_EPHEMERAL, "debug", 30);

        (void)state;
        assert_int_equal(t_run(t, "BH4101", B, 0), 0);
        p->sc.windows_host_process = (struct bh_kbool){BH_TRUE, L(10)};
        e->sc.windows_host_process = (struct bh_kbool){BH_TRUE, L(31)};
        a->sc.windows_host_process = (struct bh_kbool){BH_FALSE, L(21)};
        assert_int_equal(t_run(t, "BH4101", B, 0), 2);
        assert_int_equal(t_at(t, 0)->severity, BH_SEV_HIGH);
        assert_string_equal(
                t_at(t, 1)->field,
                "spec.ephemeralContainers[0].securityContext.windowsOptions.hostProcess");
        assert_int_equal(t_run(t, "BH4101", R, 37), 2);

        assert_int_equal(t_run(t, "BH4102", B, 37), 0);
        a->privileged = (struct bh_kbool){BH_FALSE, L(22)};
        assert_int_equal(t_run(t, "BH4102", B, 37), 0);
        e->privileged = (struct bh_kbool){BH_TRUE, L(32)};
        assert_int_equal(t_run(t, "BH4102", B, 37), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 32);
        assert_string_equal(t_at(t, 0)->field,
                            "spec.ephemeralContainers[0].securityContext.privileged");
        t_free(t);
}

static void test_caps_baseline(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "DaemonSet", "ds", 1);
        struct bh_kcontainer *a = t_container(p, BH_KC_CONTAINER, "app", 20);

        (void)state;
        t_add_cap(t, a, true, "CHOWN", 21);
        t_add_cap(t, a, true, "NET_BIND_SERVICE", 22);
        assert_int_equal(t_run(t, "BH4103", B, 37), 0);
        /* exact comparison: lower case and the CAP_ prefix are not in the list */
        t_add_cap(t, a, true, "chown", 23);
        t_add_cap(t, a, true, "CAP_SYS_ADMIN", 24);
        t_add_cap(t, a, true, "NET_RAW", 25);
        assert_int_equal(t_run(t, "BH4103", B, 37), 3);
        assert_int_equal(t_at(t, 0)->loc.line, 23);
        assert_string_equal(t_at(t, 2)->field,
                            "spec.template.spec.containers[0].securityContext.capabilities.add[4]");
        /* overridden by capabilities_restricted from v1.22 */
        assert_int_equal(t_run(t, "BH4103", R, 21), 3);
        assert_int_equal(t_run(t, "BH4103", R, 22), 0);
        t_free(t);
}

static void test_caps_restricted(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "Deployment", "web", 1);
        struct bh_kcontainer *a = t_good(t, p, "app", 20);
        struct bh_kcontainer *b = t_container(p, BH_KC_CONTAINER, "side", 40);

        (void)state;
        /* b has no capabilities at all: missing drop ALL, at the container */
        assert_int_equal(t_run(t, "BH4104", R, 22), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 40);
        assert_int_equal(t_at(t, 0)->severity, BH_SEV_MEDIUM);
        assert_string_equal(t_at(t, 0)->field,
                            "spec.template.spec.containers[1].securityContext.capabilities.drop");
        /* drop: ["all"] is not "ALL" for PSA */
        t_add_cap(t, b, false, "all", 42);
        b->capabilities_loc = L(41);
        assert_int_equal(t_run(t, "BH4104", R, 37), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 41);
        assert_non_null(strstr(t_at(t, 0)->message, "upper case"));
        t_add_cap(t, b, false, "ALL", 43);
        assert_int_equal(t_run(t, "BH4104", R, 37), 0);
        /* add: only NET_BIND_SERVICE; a baseline one is medium, beyond it high */
        t_add_cap(t, a, true, "NET_BIND_SERVICE", 25);
        assert_int_equal(t_run(t, "BH4104", R, 37), 0);
        t_add_cap(t, a, true, "CHOWN", 26);
        t_add_cap(t, a, true, "SYS_ADMIN", 27);
        assert_int_equal(t_run(t, "BH4104", R, 37), 2);
        assert_int_equal(t_at(t, 0)->severity, BH_SEV_MEDIUM);
        assert_int_equal(t_at(t, 1)->severity, BH_SEV_HIGH);
        assert_string_equal(t_at(t, 1)->field,
                            "spec.template.spec.containers[0].securityContext.capabilities.add[2]");
        /* before v1.22 the check does not exist */
        assert_int_equal(t_run(t, "BH4104", R, 21), 0);
        /* Windows pods are exempt from v1.25 */
        p->os_name = (struct bh_kstr){"windows", L(6)};
        assert_int_equal(t_run(t, "BH4104", R, 24), 2);
        assert_int_equal(t_run(t, "BH4104", R, 25), 0);
        p->os_name = (struct bh_kstr){"Windows", L(6)}; /* exact */
        assert_int_equal(t_run(t, "BH4104", R, 25), 2);
        t_free(t);
}

static void test_privilege_escalation(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "Job", "j", 1);
        struct bh_kcontainer *a = t_container(p, BH_KC_CONTAINER, "app", 20);

        (void)state;
        assert_int_equal(t_run(t, "BH4105", R, 37), 1); /* unset fails */
        assert_int_equal(t_at(t, 0)->loc.line, 20);
        assert_int_equal(t_run(t, "BH4105", R, 7), 0); /* from v1.8 */
        assert_int_equal(t_run(t, "BH4105", B, 37), 0);
        a->allow_privilege_escalation = (struct bh_kbool){BH_TRUE, L(23)};
        assert_int_equal(t_run(t, "BH4105", R, 37), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 23);
        p->os_name = (struct bh_kstr){"windows", L(6)};
        assert_int_equal(t_run(t, "BH4105", R, 24), 1);
        assert_int_equal(t_run(t, "BH4105", R, 25), 0);
        p->os_name = (struct bh_kstr){"linux", L(6)};
        a->allow_privilege_escalation = (struct bh_kbool){BH_FALSE, L(23)};
        assert_int_equal(t_run(t, "BH4105", R, 37), 0);
        t_free(t);
}

/* ---- BH5101 .. BH5105 ---- */

static void test_host_namespaces_ports(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "Pod", "p", 1);
        struct bh_kcontainer *a = t_container(p, BH_KC_CONTAINER, "app", 20);
        struct bh_kport ports[2] = {
                {.container_port = {true, 80, L(21)}, .host_port = {true, 0, L(22)}, .loc = L(21)},
                {.container_port = {true, 443, L(23)},
                 .host_port = {true, 8443, L(24)},
                 .loc = L(23)},
        };

        (void)state;
        p->host_network = (struct bh_kbool){BH_FALSE, L(6)};
        assert_int_equal(t_run(t, "BH5101", B, 37), 0);
        p->host_network = (struct bh_kbool){BH_TRUE, L(6)};
        p->host_pid = (struct bh_kbool){BH_TRUE, L(7)};
        p->host_ipc = (struct bh_kbool){BH_TRUE, L(8)};
        assert_int_equal(t_run(t, "BH5101", B, 0), 3);
        assert_string_equal(t_at(t, 1)->field, "spec.hostPID");

        a->ports = ports;
        a->nports = 1;
        assert_int_equal(t_run(t, "BH5103", B, 37), 0); /* hostPort 0 is allowed */
        a->nports = 2;
        assert_int_equal(t_run(t, "BH5103", R, 37), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 24);
        assert_string_equal(t_at(t, 0)->field, "spec.containers[0].ports[1].hostPort");
        t_free(t);
}

static void test_volumes(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "CronJob", "cj", 1);

        (void)state;
        t_container(p, BH_KC_CONTAINER, "app", 20);
        p->volumes[0] =
                (struct bh_kvolume){.name = {"cfg", L(40)}, .source = "configMap", .loc = L(40)};
        p->volumes[1] =
                (struct bh_kvolume){.name = {"tmp", L(42)}, .source = "emptyDir", .loc = L(42)};
        p->nvolumes = 2;
        assert_int_equal(t_run(t, "BH5102", B, 37), 0);
        assert_int_equal(t_run(t, "BH5105", R, 37), 0);
        p->volumes[2] = (struct bh_kvolume){.name = {"host", L(44)},
                                            .source = "hostPath",
                                            .host_path = {"/var/log", L(45)},
                                            .loc = L(44)};
        p->volumes[3] =
                (struct bh_kvolume){.name = {"share", L(46)}, .source = "nfs", .loc = L(46)};
        p->volumes[4] = (struct bh_kvolume){.name = {"odd", L(48)}, .source = NULL, .loc = L(48)};
        p->nvolumes = 5;
        assert_int_equal(t_run(t, "BH5102", B, 37), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 44);
        assert_string_equal(t_at(t, 0)->field,
                            "spec.jobTemplate.spec.template.spec.volumes[2].hostPath");
        /* under restricted: hostPathVolumes is overridden by restrictedVolumes */
        assert_int_equal(t_run(t, "BH5102", R, 37), 0);
        assert_int_equal(t_run(t, "BH5105", R, 0), 3);
        assert_int_equal(t_at(t, 0)->severity, BH_SEV_HIGH);   /* hostPath */
        assert_int_equal(t_at(t, 1)->severity, BH_SEV_MEDIUM); /* nfs */
        assert_int_equal(t_at(t, 2)->severity, BH_SEV_MEDIUM); /* unknown source */
        assert_string_equal(t_at(t, 1)->field,
                            "spec.jobTemplate.spec.template.spec.volumes[3].nfs");
        assert_string_equal(t_at(t, 2)->field, "spec.jobTemplate.spec.template.spec.volumes[4]");
        assert_int_equal(t_run(t, "BH5105", B, 37), 0);
        t_free(t);
}

static void test_host_probes(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "StatefulSet", "db", 1);
        struct bh_kcontainer *a = t_container(p, BH_KC_CONTAINER, "db", 20);
        struct bh_khost_field h[2] = {
                {"livenessProbe.httpGet.host", {"", L(25)}},
                {"lifecycle.preStop.tcpSocket.host", {"10.0.0.1", L(27)}},
        };

        (void)state;
        a->host_fields = h;
        a->nhost_fields = 1;
        assert_int_equal(t_run(t, "BH5104", B, 37), 0); /* "" is allowed */
        a->nhost_fields = 2;
        assert_int_equal(t_run(t, "BH5104", B, 33), 0); /* the check starts at v1.34 */
        assert_int_equal(t_run(t, "BH5104", B, 34), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 27);
        assert_string_equal(t_at(t, 0)->field,
                            "spec.template.spec.containers[0].lifecycle.preStop.tcpSocket.host");
        assert_int_equal(t_run(t, "BH5104", R, 35), 1);
        t_free(t);
}

/* ---- BH6101 .. BH6106 ---- */

static void test_apparmor(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "Deployment", "web", 1);
        struct bh_kcontainer *a = t_container(p, BH_KC_CONTAINER, "app", 20);

        (void)state;
        p->annotations[0] = (struct bh_kannotation){
                "container.apparmor.security.beta.kubernetes.io/app", "runtime/default", L(4)};
        p->annotations[1] = (struct bh_kannotation){
                "container.apparmor.security.beta.kubernetes.io/x", "localhost/prof", L(5)};
        p->annotations[2] = (struct bh_kannotation){"other.io/x", "unconfined", L(6)};
        p->nannotations = 3;
        p->sc.apparmor_type = (struct bh_kstr){"RuntimeDefault", L(9)};
        a->sc.apparmor_type = (struct bh_kstr){"Localhost", L(22)};
        assert_int_equal(t_run(t, "BH6101", B, 37), 0);
        p->annotations[3] = (struct bh_kannotation){
                "container.apparmor.security.beta.kubernetes.io/gone", "unconfined", L(7)};
        p->nannotations = 4;
        a->sc.apparmor_type = (struct bh_kstr){"Unconfined", L(22)};
        assert_int_equal(t_run(t, "BH6101", B, 0), 2);
        assert_int_equal(t_at(t, 0)->loc.line, 7);
        assert_string_equal(
                t_at(t, 0)->field,
                "spec.template.metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/gone\"]");
        assert_string_equal(
                t_at(t, 1)->field,
                "spec.template.spec.containers[0].securityContext.appArmorProfile.type");
        t_free(t);
}

static void test_selinux(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "Pod", "p", 1);
        struct bh_kcontainer *a = t_container(p, BH_KC_CONTAINER, "app", 20);

        (void)state;
        p->sc.selinux = (struct bh_kselinux){.type = {"container_t", L(10)},
                                             .level = {"s0:c1,c2", L(11)},
                                             .set = true,
                                             .loc = L(9)};
        assert_int_equal(t_run(t, "BH6102", B, 37), 0);
        a->sc.selinux = (struct bh_kselinux){
                .type = {"container_engine_t", L(23)}, .set = true, .loc = L(22)};
        assert_int_equal(t_run(t, "BH6102", B, 30), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 23);
        assert_int_equal(t_run(t, "BH6102", B, 31), 0);
        a->sc.selinux.user = (struct bh_kstr){"system_u", L(24)};
        a->sc.selinux.role = (struct bh_kstr){"system_r", L(25)};
        p->sc.selinux.type = (struct bh_kstr){"spc_t", L(10)};
        assert_int_equal(t_run(t, "BH6102", R, 37), 3);
        assert_string_equal(t_at(t, 0)->field, "spec.securityContext.seLinuxOptions.type");
        assert_string_equal(t_at(t, 2)->field,
                            "spec.containers[0].securityContext.seLinuxOptions.role");
        /* empty user/role are allowed */
        a->sc.selinux.user.s = "";
        a->sc.selinux.role.s = "";
        p->sc.selinux.type.s = "";
        assert_int_equal(t_run(t, "BH6102", R, 37), 0);
        t_free(t);
}

static void test_proc_mount(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "Pod", "p", 1);
        struct bh_kcontainer *a = t_container(p, BH_KC_CONTAINER, "app", 20);

        (void)state;
        a->proc_mount = (struct bh_kstr){"Default", L(24)};
        assert_int_equal(t_run(t, "BH6103", R, 37), 0);
        a->proc_mount = (struct bh_kstr){"Unmasked", L(24)};
        assert_int_equal(t_run(t, "BH6103", B, 0), 1);
        assert_int_equal(t_at(t, 0)->severity, BH_SEV_HIGH);
        assert_string_equal(t_at(t, 0)->field, "spec.containers[0].securityContext.procMount");
        assert_non_null(strstr(t_at(t, 0)->message, "(PSS baseline v1.0: procMount)"));
        /* hostUsers: false: baseline allows it from v1.35 */
        p->host_users = (struct bh_kbool){BH_FALSE, L(6)};
        assert_int_equal(t_run(t, "BH6103", B, 34), 1);
        assert_int_equal(t_run(t, "BH6103", B, 35), 0);
        /* restricted v1.35 forbids it unconditionally (medium: baseline passes) */
        assert_int_equal(t_run(t, "BH6103", R, 34), 1);
        assert_int_equal(t_run(t, "BH6103", R, 35), 1);
        assert_int_equal(t_at(t, 0)->severity, BH_SEV_MEDIUM);
        assert_non_null(strstr(t_at(t, 0)->message, "procMount_restricted"));
        p->host_users = (struct bh_kbool){BH_UNSET, L(0)};
        assert_int_equal(t_run(t, "BH6103", R, 35), 1);
        assert_int_equal(t_at(t, 0)->severity, BH_SEV_HIGH);
        t_free(t);
}

static void test_seccomp_baseline(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "Pod", "p", 1);
        struct bh_kcontainer *a = t_container(p, BH_KC_CONTAINER, "app", 20);

        (void)state;
        assert_int_equal(t_run(t, "BH6104", B, 37), 0); /* unset is fine in baseline */
        a->sc.seccomp.type = (struct bh_kstr){"Unconfined", L(25)};
        p->sc.seccomp.type = (struct bh_kstr){"RuntimeDefault", L(9)};
        assert_int_equal(t_run(t, "BH6104", B, 19), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 25);
        /* before v1.19 only the annotations count */
        assert_int_equal(t_run(t, "BH6104", B, 18), 0);
        p->annotations[0] = (struct bh_kannotation){"seccomp.security.alpha.kubernetes.io/pod",
                                                    "unconfined", L(4)};
        p->annotations[1] = (struct bh_kannotation){
                "container.seccomp.security.alpha.kubernetes.io/app", "", L(5)};
        p->annotations[2] = (struct bh_kannotation){
                "container.seccomp.security.alpha.kubernetes.io/nosuch", "unconfined", L(6)};
        p->nannotations = 3;
        assert_int_equal(t_run(t, "BH6104", B, 18), 2);
        assert_int_equal(t_at(t, 0)->loc.line, 4);
        assert_int_equal(t_at(t, 1)->loc.line, 5);
        assert_string_equal(t_at(t, 0)->field,
                            "metadata.annotations[\"seccomp.security.alpha.kubernetes.io/pod\"]");
        p->annotations[0].value = "docker/default";
        p->annotations[1].value = "localhost/my.json";
        assert_int_equal(t_run(t, "BH6104", B, 18), 0);
        /* restricted from v1.19 overrides it */
        assert_int_equal(t_run(t, "BH6104", R, 19), 0);
        assert_int_equal(t_run(t, "BH6104", R, 18), 0);
        t_free(t);
}

static void test_seccomp_restricted(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "Deployment", "web", 1);
        struct bh_kcontainer *a = t_container(p, BH_KC_CONTAINER, "app", 20);
        struct bh_kcontainer *b = t_container(p, BH_KC_INIT, "init", 30);

        (void)state;
        /* nothing set: each container fails */
        assert_int_equal(t_run(t, "BH6105", R, 37), 2);
        assert_int_equal(t_at(t, 0)->severity, BH_SEV_MEDIUM);
        assert_int_equal(t_at(t, 0)->loc.line, 20);
        /* a valid pod value covers unset containers */
        p->sc.seccomp.type = (struct bh_kstr){"RuntimeDefault", L(9)};
        assert_int_equal(t_run(t, "BH6105", R, 37), 0);
        /* pod unset is fine when every container sets it */
        p->sc.seccomp.type.s = NULL;
        a->sc.seccomp.type = (struct bh_kstr){"Localhost", L(25)};
        b->sc.seccomp.type = (struct bh_kstr){"RuntimeDefault", L(35)};
        assert_int_equal(t_run(t, "BH6105", R, 37), 0);
        /* Unconfined fails baseline too: high */
        b->sc.seccomp.type.s = "Unconfined";
        assert_int_equal(t_run(t, "BH6105", R, 19), 1);
        assert_int_equal(t_at(t, 0)->severity, BH_SEV_HIGH);
        assert_int_equal(t_at(t, 0)->loc.line, 35);
        assert_int_equal(t_run(t, "BH6105", R, 18), 0);
        /* an invalid pod value does not cover anything */
        b->sc.seccomp.type.s = NULL;
        p->sc.seccomp.type = (struct bh_kstr){"Unconfined", L(9)};
        assert_int_equal(t_run(t, "BH6105", R, 37), 2);
        /* Windows from v1.25 */
        p->os_name = (struct bh_kstr){"windows", L(6)};
        assert_int_equal(t_run(t, "BH6105", R, 24), 2);
        assert_int_equal(t_run(t, "BH6105", R, 25), 0);
        t_free(t);
}

static void test_sysctls(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "Pod", "p", 1);

        (void)state;
        t_container(p, BH_KC_CONTAINER, "app", 20);
        p->sysctls[0] = (struct bh_ksysctl){{"kernel.shm_rmid_forced", L(10)}, {"1", L(11)}};
        p->sysctls[1] = (struct bh_ksysctl){{"net.ipv4.tcp_rmem", L(12)}, {"4096", L(13)}};
        p->sysctls[2] = (struct bh_ksysctl){{"net.ipv4.tcp_notsent_lowat", L(14)}, {"1", L(15)}};
        p->nsysctls = 3;
        assert_int_equal(t_run(t, "BH6106", B, 37), 0);
        assert_int_equal(t_run(t, "BH6106", B, 36), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 14);
        assert_string_equal(t_at(t, 0)->field, "spec.securityContext.sysctls[2].name");
        assert_int_equal(t_run(t, "BH6106", B, 31), 2);
        p->sysctls[3] = (struct bh_ksysctl){{"kernel.msgmax", L(16)}, {"1", L(17)}};
        p->nsysctls = 4;
        assert_int_equal(t_run(t, "BH6106", R, 37), 1);
        t_free(t);
}

/* ---- BH6107 namespace labels ---- */

static void test_namespace_label(void **state)
{
        struct t_doc *t = t_new();
        static const char *const k1[] = {"team"};
        static const char *const v1[] = {"a"};
        static const char *const k2[] = {"pod-security.kubernetes.io/enforce"};
        static const char *const v2b[] = {"baseline"};
        static const char *const v2r[] = {"restricted"};
        static const char *const v2x[] = {"strict"};
        static const char *const k3[] = {"pod-security.kubernetes.io/enforce",
                                         "pod-security.kubernetes.io/enforce-version"};
        static const char *const v3old[] = {"restricted", "v1.25"};
        static const char *const v3latest[] = {"restricted", "latest"};
        struct bh_kobject *ns = t_object(t, BH_KO_NAMESPACE, "Namespace", "apps", 1);

        (void)state;
        ns->label_keys = k1;
        ns->label_values = v1;
        ns->nlabels = 1;
        assert_int_equal(t_run(t, "BH6107", B, 37), 1);
        assert_int_equal(t_at(t, 0)->loc.line, 1);
        assert_non_null(strstr(t_at(t, 0)->message, "Namespace/apps"));
        assert_int_equal(t_run(t, "BH6107", BH_PSS_NONE, 37), 0);
        ns->label_keys = k2;
        ns->label_values = v2b;
        assert_int_equal(t_run(t, "BH6107", B, 37), 0);
        assert_int_equal(t_run(t, "BH6107", R, 37), 1);
        ns->label_values = v2r;
        assert_int_equal(t_run(t, "BH6107", R, 37), 0);
        ns->label_values = v2x; /* invalid: PSA enforces restricted */
        assert_int_equal(t_run(t, "BH6107", R, 37), 0);
        ns->label_keys = k3;
        ns->label_values = v3old;
        ns->nlabels = 2;
        assert_int_equal(t_run(t, "BH6107", R, 35), 1);
        assert_non_null(strstr(t_at(t, 0)->message, "v1.25"));
        assert_int_equal(t_run(t, "BH6107", R, 25), 0);
        ns->label_values = v3latest;
        assert_int_equal(t_run(t, "BH6107", R, 37), 0);
        t_free(t);
}

/* ---- the pieces together ---- */

static void test_clean_pod_passes_everything(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "Deployment", "web", 1);
        size_t n;
        const struct bh_rule *tab = bh_rules_table(&n);

        (void)state;
        t_good(t, p, "app", 20);
        for (size_t i = 0; i < n; i++) {
                if (!(tab[i].flags & BH_RF_PSS) || tab[i].num == 6107)
                        continue;
                for (unsigned m = 0; m <= BH_PSS_MINOR_MAX; m++)
                        assert_int_equal(t_run(t, tab[i].id, R, m), 0);
        }
        t_free(t);
}

static void test_verdicts(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p1 = t_pod(t, "Deployment", "web", 1);
        struct bh_kpod *p2 = t_pod(t, "Pod", "ok", 100);
        struct bh_pss_objects objs = {0};
        struct bh_pss_verdicts v = {0};
        struct bh_findings all;
        size_t n;
        const struct bh_rule *tab = bh_rules_table(&n);
        bool *enabled = calloc(n, sizeof(bool));
        struct bh_rules_opts o = {.pss_level = R, .pss_minor = 35};

        (void)state;
        assert_non_null(enabled);
        t_object(t, BH_KO_NAMESPACE, "Namespace", "apps", 200);
        t_container(p1, BH_KC_CONTAINER, "app", 20);
        t_good(t, p2, "app", 120);
        p2->sc.run_as_non_root = (struct bh_kbool){BH_TRUE, L(108)};
        for (size_t i = 0; i < n; i++)
                enabled[i] = (tab[i].flags & BH_RF_PSS) != 0;
        bh_findings_init(&all);
        bh_rules_run_opts(&t->doc, enabled, &o, &all);
        bh_findings_sort(&all);
        bh_pss_objects_collect(&t->doc, &objs);
        assert_int_equal(objs.n, 3);
        assert_false(objs.v[2].workload);
        bh_pss_verdicts_add("t.k8s.yaml", &objs, all.items.v, all.items.n, R, 35, &v);
        assert_int_equal(v.n, 2);
        assert_string_equal(v.v[0].kind, "Deployment");
        assert_string_equal(v.v[0].name, "web");
        /* runAsNonRoot, allowPrivilegeEscalation, seccomp, capabilities */
        assert_int_equal(v.v[0].nfails, 4);
        assert_string_equal(v.v[0].fails[0].check, "runAsNonRoot");
        assert_string_equal(v.v[0].fails[0].rule_id, "BH3101");
        assert_string_equal(v.v[0].fails[0].field,
                            "spec.template.spec.containers[0].securityContext.runAsNonRoot");
        assert_string_equal(v.v[0].fails[1].check, "capabilities_restricted");
        assert_string_equal(v.v[0].fails[2].check, "allowPrivilegeEscalation");
        assert_string_equal(v.v[0].fails[3].check, "seccompProfile_restricted");
        assert_int_equal(v.v[1].nfails, 0);
        assert_int_equal(v.v[1].loc.line, 100);
        /* a baseline verdict of the same findings: the restricted ones do not count */
        bh_pss_verdicts_release(&v);
        bh_pss_verdicts_add("t.k8s.yaml", &objs, all.items.v, all.items.n, B, 35, &v);
        assert_int_equal(v.v[0].nfails, 0);
        /* another file's findings do not count */
        bh_pss_verdicts_release(&v);
        bh_pss_verdicts_add("other.yaml", &objs, all.items.v, all.items.n, R, 35, &v);
        assert_int_equal(v.v[0].nfails, 0);
        bh_pss_verdicts_release(&v);
        bh_pss_objects_release(&objs);
        bh_findings_release(&all);
        free(enabled);
        t_free(t);
}

/* Findings go to the object whose lines hold them; none to objects that are
 * not workloads, or past an object's last line. */
static void test_verdict_attribution(void **state)
{
        char k1[] = "Pod", n1[] = "a", k2[] = "Namespace", n2[] = "ns", k3[] = "Job", n3[] = "j";
        struct bh_pss_object o[3] = {
                {k1, n1, {.line = 1, .col = 1}, 10, true},
                {k2, n2, {.line = 12, .col = 1}, 15, false},
                {k3, n3, {.line = 20, .col = 1}, 30, true},
        };
        struct bh_pss_objects objs = {o, 3, 3};
        char f1[] = "spec.hostPID", f2[] = "spec.template.spec.hostIPC";
        struct bh_finding f[] = {
                {.rule_id = "BH5101",
                 .rule_num = 5101,
                 .path = "x.yaml",
                 .loc = {.line = 5},
                 .field = f1},
                {.rule_id = "BH5101", .rule_num = 5101, .path = "x.yaml", .loc = {.line = 13}},
                {.rule_id = "BH5101",
                 .rule_num = 5101,
                 .path = "x.yaml",
                 .loc = {.line = 25},
                 .field = f2},
                {.rule_id = "BH5101",
                 .rule_num = 5101,
                 .path = "x.yaml",
                 .loc = {.line = 25},
                 .field = f2,
                 .suppressed = BH_SUPP_INLINE}, /* same field: listed once */
                {.rule_id = "BH5101", .rule_num = 5101, .path = "x.yaml", .loc = {.line = 31}},
                {.rule_id = "BH4001", .rule_num = 4001, .path = "x.yaml", .loc = {.line = 6}},
        };
        struct bh_pss_verdicts v = {0};

        (void)state;
        bh_pss_verdicts_add("x.yaml", &objs, f, BH_ELEMENTSOF(f), B, 37, &v);
        assert_int_equal(v.n, 2);
        assert_int_equal(v.v[0].nfails, 1);
        assert_string_equal(v.v[0].fails[0].field, "spec.hostPID");
        assert_string_equal(v.v[0].fails[0].check, "hostNamespaces");
        assert_int_equal(v.v[1].nfails, 1);
        assert_string_equal(v.v[1].kind, "Job");
        assert_string_equal(v.v[1].fails[0].field, "spec.template.spec.hostIPC");
        bh_pss_verdicts_release(&v);
        /* the default profile decides nothing */
        bh_pss_verdicts_add("x.yaml", &objs, f, BH_ELEMENTSOF(f), BH_PSS_NONE, 37, &v);
        assert_int_equal(v.v[0].nfails + v.v[1].nfails, 0);
        bh_pss_verdicts_release(&v);
}

static void test_not_kubernetes(void **state)
{
        struct t_doc *t = t_new();
        struct bh_kpod *p = t_pod(t, "Pod", "p", 1);

        (void)state;
        t_container(p, BH_KC_CONTAINER, "app", 20)->privileged = (struct bh_kbool){BH_TRUE, L(21)};
        assert_int_equal(t_run(t, "BH4102", B, 37), 1);
        t->doc.surface = BH_SURFACE_COMPOSE; /* the kube set is read only on its own surface */
        assert_int_equal(t_run(t, "BH4102", B, 37), 0);
        t_free(t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse_version),
                cmocka_unit_test(test_parse_profile),
                cmocka_unit_test(test_table_overrides),
                cmocka_unit_test(test_table_rules_flagged),
                cmocka_unit_test(test_sysctl_versions),
                cmocka_unit_test(test_selinux_and_caps_data),
                cmocka_unit_test(test_run_as_non_root),
                cmocka_unit_test(test_run_as_user),
                cmocka_unit_test(test_host_process_privileged),
                cmocka_unit_test(test_caps_baseline),
                cmocka_unit_test(test_caps_restricted),
                cmocka_unit_test(test_privilege_escalation),
                cmocka_unit_test(test_host_namespaces_ports),
                cmocka_unit_test(test_volumes),
                cmocka_unit_test(test_host_probes),
                cmocka_unit_test(test_apparmor),
                cmocka_unit_test(test_selinux),
                cmocka_unit_test(test_proc_mount),
                cmocka_unit_test(test_seccomp_baseline),
                cmocka_unit_test(test_seccomp_restricted),
                cmocka_unit_test(test_sysctls),
                cmocka_unit_test(test_namespace_label),
                cmocka_unit_test(test_clean_pod_passes_everything),
                cmocka_unit_test(test_verdicts),
                cmocka_unit_test(test_verdict_attribution),
                cmocka_unit_test(test_not_kubernetes),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
