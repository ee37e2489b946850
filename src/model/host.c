/* Small pure helpers of the host model. */
#include "host.h"
#include "../util/strutil.h"

#include "../util/bh-banned.h"

bool bh_engine_runtime_is_sandbox(const char *name, const char *extra)
{
        static const char *const words[] = {"kata",        "runsc", "gvisor",          "krun",
                                            "firecracker", "clh",   "cloud-hypervisor"};

        for (size_t i = 0; i < BH_ELEMENTSOF(words); i++)
                if ((name && strstr(name, words[i])) || (extra && strstr(extra, words[i])))
                        return true;
        return false;
}

static bool bh_fact_is(const struct bh_fact *f, const char *s)
{
        return f->set && f->s && strcmp(f->s, s) == 0;
}

enum bh_tristate bh_host_userns_unprivileged(const struct bh_host *h, const char **ret_why)
{
        if (bh_fact_is(&h->userns_max, "0")) {
                *ret_why = "user.max_user_namespaces = 0";
                return BH_FALSE;
        }
        if (bh_fact_is(&h->userns_clone, "0")) {
                *ret_why = "kernel.unprivileged_userns_clone = 0";
                return BH_FALSE;
        }
        if (bh_fact_is(&h->userns_aa_restrict, "1")) {
                *ret_why = "kernel.apparmor_restrict_unprivileged_userns = 1";
                return BH_FALSE;
        }
        if (!h->userns_max.set) {
                *ret_why = "user.max_user_namespaces could not be read";
                return BH_UNSET;
        }
        *ret_why = bh_fact_is(&h->userns_clone, "1") ? "kernel.unprivileged_userns_clone = 1"
                                                     : "user.max_user_namespaces > 0";
        return BH_TRUE;
}

const char *bh_verdict_name(enum bh_verdict v)
{
        switch (v) {
        case BH_VERDICT_PASS:
                return "pass";
        case BH_VERDICT_FAIL:
                return "fail";
        case BH_VERDICT_NA:
                return "n/a";
        case BH_VERDICT_UNKNOWN:
                return "unknown";
        case BH_VERDICT__COUNT:
        default:
                return "?";
        }
}

void bh_engine_cfg_release(struct bh_engine_cfg *c)
{
        free(c->hosts.v);
        free(c->insecure_registries.v);
        free(c->runtimes.v);
        free(c->authz_plugins.v);
        free(c->files.v);
}

void bh_host_release(struct bh_host *h)
{
        bh_engine_cfg_release(&h->docker);
        bh_engine_cfg_release(&h->podman);
        bh_engine_cfg_release(&h->containerd);
        for (size_t i = 0; i < h->user_cfgs.n; i++)
                bh_engine_cfg_release(h->user_cfgs.v[i]);
        free(h->user_cfgs.v);
        free(h->pkgs.v);
        free(h->files.v);
        free(h->notes.v);
        free(h->cves.v);
}

const char *bh_pkg_format_name(enum bh_pkg_format f)
{
        switch (f) {
        case BH_PKGFMT_DPKG:
                return "dpkg";
        case BH_PKGFMT_APK:
                return "apk";
        case BH_PKGFMT_RPM:
                return "rpm";
        case BH_PKGFMT__COUNT:
        default:
                return "?";
        }
}
