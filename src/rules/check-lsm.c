/* Theme 6, Linux Security Modules: seccomp, AppArmor and SELinux switched
 * off, /proc and /sys unmasked, sysctls outside the namespaced safe set. */
#include <stdio.h>

#include "../util/strutil.h"
#include "checks.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

void bh_check_seccomp_unconfined(const struct bh_rule *r, const struct bh_doc *doc,
                                 struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                if (bh_ruleutil_value_is(&c->seccomp, "unconfined"))
                        bh_emit(e, bh_ruleutil_loc_or_owner(c->seccomp.loc, c),
                                "container %s runs without a seccomp filter: every system call "
                                "of the host kernel is reachable (the default profile blocks "
                                "about 50, several of them past escape paths)",
                                bh_ruleutil_ctr_name(c));
                else if (doc->surface == BH_SURFACE_KUBERNETES && !c->seccomp.set &&
                         bh_ruleutil_is_runtime(c))
                        bh_emit_sev(e, BH_SEV_LOW, bh_ruleutil_owner_loc(c),
                                    "container %s sets no seccomp profile: the kubelet runs it "
                                    "Unconfined unless SeccompDefault is enabled; set "
                                    "seccompProfile.type: RuntimeDefault",
                                    bh_ruleutil_ctr_name(c));
        }
}

void bh_check_apparmor_unconfined(const struct bh_rule *r, const struct bh_doc *doc,
                                  struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                if (bh_ruleutil_value_is(&c->apparmor, "unconfined"))
                        bh_emit(e, bh_ruleutil_loc_or_owner(c->apparmor.loc, c),
                                "container %s runs AppArmor-unconfined: the profile that denies "
                                "mounts, /proc/sys writes and ptrace of other profiles is off",
                                bh_ruleutil_ctr_name(c));
        }
}

void bh_check_selinux_disabled(const struct bh_rule *r, const struct bh_doc *doc,
                               struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];
                const struct bh_value *t = &c->selinux_type;

                if (c->selinux_disabled == BH_TRUE)
                        bh_emit(e, bh_ruleutil_loc_or_owner(c->selinux_disabled_loc, c),
                                "container %s has SELinux labelling disabled: it runs as an "
                                "unconfined process, and SELinux no longer keeps it off host "
                                "files and other containers' data",
                                bh_ruleutil_ctr_name(c));
                else if (bh_ruleutil_value_is(t, "spc_t") || bh_ruleutil_value_is(t, "unconfined_t"))
                        bh_emit(e, bh_ruleutil_loc_or_owner(t->loc, c),
                                "container %s runs with SELinux type %s, which SELinux does not "
                                "confine (%s)",
                                bh_ruleutil_ctr_name(c), t->s,
                                bh_str_eq_ci(t->s, "spc_t") ? "the super-privileged container type"
                                                            : "the type of unconfined users");
        }
}

void bh_check_systempaths_unconfined(const struct bh_rule *r, const struct bh_doc *doc,
                                     struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                if (c->systempaths_unconfined == BH_TRUE)
                        bh_emit(e, bh_ruleutil_loc_or_owner(c->systempaths_loc, c),
                                "container %s has /proc and /sys unmasked: paths such as "
                                "/proc/kcore, /proc/sysrq-trigger and /sys/firmware are readable "
                                "or writable, which leaks host memory and controls the host kernel",
                                bh_ruleutil_ctr_name(c));
        }
}

/* The Pod Security Standards' safe set (latest version): namespaced, and
 * isolated from other pods on the node. */
static const char *const bh_safe_sysctls[] = {
        "kernel.shm_rmid_forced",       "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",    "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",  "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
        "net.ipv4.tcp_rmem",            "net.ipv4.tcp_wmem",
};

/* kernel.* sysctls that the kernel namespaces (IPC and UTS): the engines
 * accept them, the rest of kernel.* is host-wide. */
static bool bh_kernel_namespaced(const char *name)
{
        static const char *const exact[] = {"kernel.sem", "kernel.hostname", "kernel.domainname"};

        for (size_t i = 0; i < BH_ELEMENTSOF(exact); i++)
                if (strcmp(name, exact[i]) == 0)
                        return true;
        return bh_str_startswith(name, "kernel.shm") || bh_str_startswith(name, "kernel.msg");
}

void bh_check_unsafe_sysctl(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];
                bool host_net = bh_ruleutil_value_is(&c->network_mode, "host");

                for (size_t j = 0; j < c->sysctls.n; j++) {
                        const struct bh_sysctl *y = &c->sysctls.v[j];
                        char name[256];
                        bool safe = false;
                        int len;

                        if (!y->name || !*y->name || strchr(y->name, '$'))
                                continue;
                        /* Kubernetes also accepts net/ipv4/... */
                        len = snprintf(name, sizeof(name), "%s", y->name);
                        if (len < 0 || (size_t)len >= sizeof(name))
                                continue;
                        for (char *p = name; *p; p++)
                                if (*p == '/')
                                        *p = '.';
                        for (size_t k = 0; k < BH_ELEMENTSOF(bh_safe_sysctls); k++)
                                if (strcmp(name, bh_safe_sysctls[k]) == 0)
                                        safe = true;
                        if (safe && (!host_net || !bh_str_startswith(name, "net.")))
                                continue;
                        if (bh_str_startswith(name, "kernel.") && !bh_kernel_namespaced(name))
                                bh_emit_sev(e, BH_SEV_HIGH, y->loc,
                                            "container %s sets sysctl %s, which is not namespaced: "
                                            "it changes the host kernel for everything on it",
                                            bh_ruleutil_ctr_name(c), y->name);
                        else if (host_net && bh_str_startswith(name, "net."))
                                bh_emit_sev(e, BH_SEV_HIGH, y->loc,
                                            "container %s sets sysctl %s in the host's network "
                                            "namespace: it changes the host's network stack",
                                            bh_ruleutil_ctr_name(c), y->name);
                        else
                                bh_emit(e, y->loc,
                                        "container %s sets sysctl %s, outside the Pod Security "
                                        "Standards' safe set: it can weaken isolation from other "
                                        "containers or exhaust shared kernel resources",
                                        bh_ruleutil_ctr_name(c), y->name);
                }
        }
}
