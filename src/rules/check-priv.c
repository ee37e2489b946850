/* Theme 4, privileges and capabilities. */
#include "checks.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

void bh_check_privileged(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                if (c->privileged != BH_TRUE)
                        continue;
                bh_emit(e, c->privileged_loc.line ? c->privileged_loc : c->loc,
                        "privileged container: every capability, every device and no "
                        "seccomp/AppArmor/SELinux confinement, i.e. root on the host");
        }
}

void bh_check_cap_dangerous(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];
                bool host_pid = c->pid_mode.set && c->pid_mode.known && c->pid_mode.s &&
                                strcmp(c->pid_mode.s, "host") == 0;

                for (size_t j = 0; j < c->cap_add.n; j++) {
                        const struct bh_cap *cap = &c->cap_add.v[j];
                        const char *why;
                        bool dflt;
                        enum bh_severity sev;

                        if (!cap->name || !*cap->name)
                                continue;
                        sev = bh_ruleutil_cap_tier(cap->name, &dflt, &why);
                        if (dflt)
                                continue;
                        /* ptrace over the host's processes is code execution on the host */
                        if (host_pid && strcmp(cap->name, "SYS_PTRACE") == 0) {
                                bh_emit_sev(e, BH_SEV_CRITICAL, cap->loc,
                                            "capability SYS_PTRACE added with the host PID "
                                            "namespace: it can inject code into host processes");
                                continue;
                        }
                        bh_emit_sev(e, sev, cap->loc, "capability %s added: %s", cap->name, why);
                }
        }
}
