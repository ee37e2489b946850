/* BH4110: a live container's init process as the kernel reports it
 * (/proc/<pid>/status, read by bulkhead engine on the engine's host)
 * against what the engine API claims for it.  The frontend fills both sides
 * (struct bh_proc_state); this only compares. */
#include <stdio.h>

#include "checks.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

/* "SYS_ADMIN,NET_ADMIN" of the bits in m (bounded, "..." when cut). */
static void bh_caps_str(uint64_t m, char *buf, size_t cap)
{
        size_t o = 0;

        buf[0] = '\0';
        for (unsigned b = 0; b < 64 && o + 4 < cap; b++) {
                if (!(m & (UINT64_C(1) << b)))
                        continue;
                const char *n = bh_cap_name(b);
                int w = n ? snprintf(buf + o, cap - o, "%s%s", o ? "," : "", n)
                          : snprintf(buf + o, cap - o, "%scap%u", o ? "," : "", b);
                if (w < 0 || o + (size_t)w >= cap - 4) {
                        snprintf(buf + o, cap - o, "...");
                        return;
                }
                o += (size_t)w;
        }
}

void bh_check_runtime_state(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];
                const struct bh_proc_state *p = c->proc;
                char list[400];

                if (!p)
                        continue;
                if (!p->checked) {
                        /* never a silent pass: say the claims could not be verified */
                        bh_emit_sev(e, BH_SEV_INFO, p->loc,
                                    "container %s runs (pid %u) but its capabilities, "
                                    "no-new-privileges and seccomp could not be checked against "
                                    "the kernel: %s",
                                    bh_ruleutil_ctr_name(c), (unsigned)p->pid,
                                    p->why ? p->why : "unknown reason");
                        continue;
                }
                if (p->api_caps_known) {
                        uint64_t held = (p->cap_eff | p->cap_bnd) & p->cap_mask;
                        uint64_t extra = held & ~p->api_caps;
                        uint64_t missing = p->api_caps & ~p->cap_bnd & p->cap_mask;
                        if (extra) {
                                bh_caps_str(extra, list, sizeof(list));
                                bh_emit(e, p->loc,
                                        "container %s (pid %u) holds capabilities the engine API "
                                        "does not report: %s (CapEff %016llx, CapBnd %016llx)",
                                        bh_ruleutil_ctr_name(c), (unsigned)p->pid, list,
                                        (unsigned long long)p->cap_eff,
                                        (unsigned long long)p->cap_bnd);
                        }
                        if (missing) {
                                bh_caps_str(missing, list, sizeof(list));
                                bh_emit_sev(e, BH_SEV_LOW, p->loc,
                                            "container %s (pid %u) lacks capabilities the engine "
                                            "API reports: %s (the API's view of this container "
                                            "is not what runs)",
                                            bh_ruleutil_ctr_name(c), (unsigned)p->pid, list);
                        }
                }
                if (p->api_no_new_privs && p->no_new_privs == 0)
                        bh_emit_sev(e, BH_SEV_MEDIUM, p->loc,
                                    "container %s (pid %u) runs without no_new_privs although "
                                    "the engine API reports no-new-privileges",
                                    bh_ruleutil_ctr_name(c), (unsigned)p->pid);
                if (p->api_seccomp && p->seccomp == 0)
                        bh_emit(e, p->loc,
                                "container %s (pid %u) runs without a seccomp filter (Seccomp: "
                                "0) although the engine API reports one",
                                bh_ruleutil_ctr_name(c), (unsigned)p->pid);
        }
}
