/* Host CVE matcher and its embedded tables (see hostcve.h).
 *
 * Sources: upstream stable fixes from nluedtke/linux_kernel_cves
 * (stream_fixes.json, 2024-04-09) and the runc / containerd / moby / Podman
 * advisories as listed in shared/reference/host-engine.md §4; Debian fixed
 * package versions from the Debian security tracker's OSV export
 * (shared/data/osv/Debian/all.zip, source package "linux", ecosystems
 * Debian:10/11/12, snapshot of 2023-07-14; tools/check-kernel-cve-table.py
 * compares every Debian column with it).  Entries the reference marks
 * unverified carry no Debian column and so yield "unknown" on Debian kernels.
 * Four kernel CVEs have no Debian column because no source gives one:
 * CVE-2023-35001 is in the snapshot as affecting Debian 12 with no fix yet;
 * CVE-2023-4147, CVE-2024-0193 and CVE-2024-1086 are newer than the snapshot,
 * and the reference lists no distro versions for them.  They stay "unknown,
 * check the distro advisory" on Debian and Ubuntu kernels: never a version
 * bulkhead cannot cite. */
#include <stdio.h>

#include "../util/strutil.h"
#include "hostcve.h"
#include "version.h"

#include "../util/bh-banned.h"

#define BH_HOSTCVE_DATE "2026-11-28"

enum bh_kpre {
        BH_KPRE_NONE = 0,
        BH_KPRE_USERNS = 1 << 0,  /* needs unprivileged user namespaces (or the cap in one) */
        BH_KPRE_CGROUP1 = 1 << 1, /* needs a cgroup v1 hierarchy */
};

struct bh_kcve {
        const char *cve, *name;
        const char *intro;    /* "" unknown */
        const char *mainline; /* first mainline release with the fix */
        const char *streams;  /* first fixed release per stable stream */
        enum bh_severity sev;
        unsigned pre;
        const char *deb[3]; /* fixed source package version for Debian 10, 11, 12 */
};

static const struct bh_kcve bh_kcves[] = {
        {"CVE-2016-5195",
         "Dirty COW",
         "2.6.22",
         "4.9.0",
         "3.12.66 3.16.38 3.18.44 4.1.35 4.4.26 4.7.9 4.8.3",
         BH_SEV_CRITICAL,
         0,
         {"4.7.8-1", "4.7.8-1", "4.7.8-1"}},
        {"CVE-2017-1000112",
         "UFO packet overflow",
         "2.6.15",
         "4.13.0",
         "3.16.47 3.18.65 4.4.82 4.9.43 4.12.7",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {"4.12.6-1", "4.12.6-1", "4.12.6-1"}},
        {"CVE-2019-13272",
         "PTRACE_TRACEME",
         "4.10",
         "5.2.0",
         "3.16.71 4.4.185 4.9.185 4.14.133 4.19.58 5.1.17",
         BH_SEV_HIGH,
         0,
         {"4.19.37-5+deb10u1", "4.19.37-6", "4.19.37-6"}},
        {"CVE-2020-14386",
         "AF_PACKET overflow (CAP_NET_RAW)",
         "4.6",
         "5.9.0",
         "4.9.239 4.14.201 4.19.150 5.4.64 5.8.8",
         BH_SEV_HIGH,
         0,
         {"4.19.146-1", "5.8.7-1", "5.8.7-1"}},
        {"CVE-2021-22555",
         "netfilter x_tables heap overflow",
         "2.6.19",
         "5.12.0",
         "4.4.267 4.9.267 4.14.231 4.19.188 5.4.113 5.10.31 5.11.15",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {"4.19.194-1", "5.10.38-1", "5.10.38-1"}},
        {"CVE-2021-33909",
         "Sequoia",
         "3.16",
         "5.14.0",
         "4.4.276 4.9.276 4.14.240 4.19.198 5.4.134 5.10.52 5.12.19 5.13.4",
         BH_SEV_HIGH,
         0,
         {"4.19.194-3", "5.10.46-2", "5.10.46-2"}},
        {"CVE-2021-4154",
         "cgroup fsconfig use-after-free",
         "5.1",
         "5.14.0",
         "5.4.134 5.10.52 5.12.19 5.13.4",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {NULL, "5.10.70-1", "5.14.6-1"}},
        {"CVE-2022-0185",
         "fs_context heap overflow",
         "5.1",
         "5.17.0",
         "5.4.173 5.10.93 5.15.16 5.16.2",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {NULL, "5.10.92-1", "5.15.15-1"}},
        {"CVE-2022-0492",
         "cgroup v1 release_agent escape",
         "2.6.24",
         "5.17.0",
         "4.9.301 4.14.266 4.19.229 5.4.177 5.10.97 5.15.20 5.16.6",
         BH_SEV_HIGH,
         BH_KPRE_USERNS | BH_KPRE_CGROUP1,
         {"4.19.232-1", "5.10.103-1", "5.16.7-1"}},
        {"CVE-2022-0847",
         "Dirty Pipe",
         "5.8",
         "5.17.0",
         "5.10.102 5.15.25 5.16.11",
         BH_SEV_CRITICAL,
         0,
         {NULL, "5.10.92-2", "5.16.11-1"}},
        {"CVE-2022-1015",
         "nf_tables out-of-bounds",
         "5.12",
         "5.18.0",
         "5.15.32 5.16.18 5.17.1",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {NULL, NULL, "5.16.18-1"}},
        {"CVE-2022-23222",
         "eBPF verifier pointer arithmetic",
         "",
         "5.17.0",
         "5.15.37 5.16.11",
         BH_SEV_HIGH,
         0,
         {NULL, "5.10.92-1", "5.15.15-1"}},
        {"CVE-2022-25636",
         "nf_dup_netdev out-of-bounds write",
         "5.4",
         "5.17.0",
         "5.4.182 5.10.103 5.15.26 5.16.12",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {NULL, "5.10.103-1", "5.16.11-1"}},
        {"CVE-2022-2588",
         "cls_route use-after-free (DirtyCred)",
         "",
         "6.0.0",
         "4.9.326 4.14.291 4.19.256 5.4.211 5.10.137 5.15.61 5.18.18 5.19.2",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {"4.19.260-1", "5.10.136-1", "5.18.16-1"}},
        {"CVE-2022-2639",
         "openvswitch out-of-bounds",
         "",
         "5.18.0",
         "4.9.312 4.14.277 4.19.240 5.4.191 5.10.113 5.15.36 5.17.5",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {"4.19.249-1", "5.10.113-1", "5.17.6-1"}},
        {"CVE-2022-27666",
         "esp6 heap overflow",
         "4.11",
         "5.17.0",
         "4.14.274 4.19.237 5.4.188 5.10.108 5.15.29 5.16.15",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {"4.19.249-2", "5.10.113-1", "5.16.18-1"}},
        {"CVE-2022-32250",
         "nf_tables use-after-free",
         "4.1",
         "5.19.0",
         "4.9.318 4.14.283 4.19.247 5.4.198 5.10.120 5.15.45 5.17.13 5.18.2",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {"4.19.249-2", "5.10.120-1", "5.18.2-1"}},
        {"CVE-2022-34918",
         "nf_tables type confusion",
         "",
         "5.19.0",
         "4.14.316 4.19.284 5.4.244 5.10.130 5.15.54 5.18.11",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {NULL, "5.10.127-2", "5.18.14-1"}},
        {"CVE-2023-0179",
         "nf_tables stack overflow",
         "5.5",
         "6.2.0",
         "5.10.164 5.15.89 6.1.7",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {NULL, "5.10.162-1", "6.1.7-1"}},
        {"CVE-2023-0386",
         "overlayfs setuid copy-up",
         "5.11",
         "6.2.0",
         "5.15.91 6.1.9",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {NULL, "5.10.179-1", "6.1.11-1"}},
        {"CVE-2023-32233",
         "nf_tables anonymous set use-after-free",
         "",
         "6.4.0",
         "4.14.315 4.19.283 5.4.243 5.10.180 5.15.111 6.1.28 6.2.15 6.3.2",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {NULL, "5.10.179-1", "6.1.27-1"}},
        {"CVE-2023-3390",
         "nf_tables use-after-free",
         "3.16",
         "6.4.0",
         "4.14.322 4.19.291 5.4.251 5.10.188 5.15.118 6.1.35 6.3.9",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {NULL, NULL, "6.1.37-1"}},
        {"CVE-2023-35001",
         "nf_tables out-of-bounds",
         "3.13",
         "6.5.0",
         "4.14.322 4.19.291 5.4.251 5.10.188 5.15.121 6.1.39 6.4.4",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {NULL, NULL, NULL}},
        {"CVE-2023-4147",
         "nf_tables use-after-free",
         "5.9",
         "6.5.0",
         "5.10.190 5.15.124 6.1.43 6.4.8",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {NULL, NULL, NULL}},
        {"CVE-2024-0193",
         "nf_tables pipapo use-after-free",
         "",
         "6.7.0",
         "5.10.206 5.15.146 6.1.71 6.6.10",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {NULL, NULL, NULL}},
        {"CVE-2024-1086",
         "nf_tables verdict double free (Flipping Pages)",
         "3.15",
         "6.8.0",
         "4.19.307 5.4.269 5.10.210 5.15.149 6.1.76 6.6.15 6.7.3",
         BH_SEV_HIGH,
         BH_KPRE_USERNS,
         {NULL, NULL, NULL}},
};

struct bh_ecve {
        const char *cve, *component, *name;
        const char *intro; /* "" unknown, "0" every version */
        const char *fixes; /* first fixed release per stream (x.y), '~' for pre-releases */
        enum bh_severity sev;
        const char *deb[3]; /* Debian 10, 11, 12 fixed source package versions */
        /* Alpine's fixed apk versions per branch: "v3.16+=1.4.4-r0" for that
         * branch and later ones, "v3.15=3.4.6-r0" for one branch; NULL none */
        const char *apk;
};

static const struct bh_ecve bh_ecves[] = {
        {"CVE-2019-5736",
         "runc",
         "host runc binary overwritten through /proc/self/exe",
         "0",
         "1.0.0~rc7",
         BH_SEV_CRITICAL,
         {"1.0.0~rc6+dfsg1-2", "1.0.0~rc6+dfsg1-2", "1.0.0~rc6+dfsg1-2"},
         "v3.9=1.0.0_rc6-r1 v3.10+=1.0.0_rc7-r0 v3.11=1.0.0_rc7"},
        {"CVE-2021-30465",
         "runc",
         "symlink-exchange mount race",
         "0",
         "1.0.0~rc95",
         BH_SEV_HIGH,
         {"1.0.0~rc6+dfsg1-3+deb10u2", "1.0.0~rc93+ds1-5", "1.0.0~rc93+ds1-5"},
         "v3.12+=1.0.0_rc95-r0"},
        {"CVE-2022-29162",
         "runc",
         "non-empty inheritable capabilities",
         "0",
         "1.1.2",
         BH_SEV_MEDIUM,
         {"1.0.0~rc6+dfsg1-3+deb10u2", "1.0.0~rc93+ds1-5+deb11u2", "1.1.3+ds1-1"},
         "v3.15+=1.1.2-r0"},
        {"CVE-2024-21626",
         "runc",
         "leaked fd to the host cgroupfs (Leaky Vessels)",
         "1.0.0~rc93",
         "1.1.12",
         BH_SEV_HIGH,
         {NULL, NULL, NULL},
         "v3.18+=1.1.12-r0"},
        {"CVE-2024-45310",
         "runc",
         "empty files created on the host",
         "0",
         "1.1.14 1.2.0~rc.3",
         BH_SEV_LOW,
         {NULL, NULL, NULL},
         "v3.20+=1.1.14-r0"},
        {"CVE-2025-31133",
         "runc",
         "masked-path /dev/null symlink breakout",
         "0",
         "1.2.8 1.3.3 1.4.0~rc.3",
         BH_SEV_HIGH,
         {NULL, NULL, NULL},
         NULL},
        {"CVE-2025-52565",
         "runc",
         "/dev/console bind-mount breakout",
         "0",
         "1.2.8 1.3.3 1.4.0~rc.3",
         BH_SEV_HIGH,
         {NULL, NULL, NULL},
         NULL},
        {"CVE-2025-52881",
         "runc",
         "LSM label write redirect",
         "0",
         "1.2.8 1.3.3 1.4.0~rc.3",
         BH_SEV_HIGH,
         {NULL, NULL, NULL},
         NULL},
        {"CVE-2020-15257",
         "containerd",
         "shim API reachable from host-network containers",
         "0",
         "1.3.9 1.4.3",
         BH_SEV_MEDIUM,
         {NULL, "1.4.3~ds1-1", "1.4.3~ds1-1"},
         "v3.11=1.3.9-r0 v3.12+=1.4.3-r0"},
        {"CVE-2022-23648",
         "containerd",
         "CRI image volume path traversal",
         "0",
         "1.4.13 1.5.10 1.6.1",
         BH_SEV_HIGH,
         {NULL, "1.4.13~ds1-1~deb11u1", "1.6.1~ds1-1"},
         "v3.15=1.5.10-r0 v3.16+=1.6.1-r0"},
        {"CVE-2024-40635",
         "containerd",
         "UID:GID overflow runs as root",
         "0",
         "1.6.38 1.7.27 2.0.4",
         BH_SEV_MEDIUM,
         {NULL, NULL, NULL},
         NULL},
        {"CVE-2021-21284",
         "docker",
         "userns-remap root escalates to host root",
         "0",
         "19.03.15 20.10.3",
         BH_SEV_MEDIUM,
         {"18.09.1+dfsg1-7.1+deb10u3", "20.10.3+dfsg1-1", "20.10.3+dfsg1-1"},
         "v3.12+=20.10.3-r0"},
        {"CVE-2021-41091",
         "docker",
         "data-root permissions expose container files",
         "0",
         "20.10.9",
         BH_SEV_MEDIUM,
         {NULL, "20.10.5+dfsg1-1+deb11u1", "20.10.10+dfsg1-1"},
         "v3.14+=20.10.9-r0"},
        {"CVE-2024-41110",
         "docker",
         "authorization plugin bypass",
         "19.03.0",
         "23.0.15 26.1.5 27.1.1",
         BH_SEV_CRITICAL,
         {NULL, NULL, NULL},
         "v3.20=26.1.5-r0 v3.21+=27.1.1-r0"},
        {"CVE-2022-27649",
         "podman",
         "non-empty inheritable capabilities",
         "0",
         "4.0.3",
         BH_SEV_MEDIUM,
         {NULL, "3.0.1+dfsg1-3+deb11u2", "3.4.6+ds1-1"},
         "v3.15=3.4.6-r0 v3.16+=4.0.3-r0"},
        {"CVE-2022-27650",
         "crun",
         "non-empty inheritable capabilities",
         "0",
         "1.4.4",
         BH_SEV_MEDIUM,
         {NULL, "0.17+dfsg-1+deb11u1", "1.5+dfsg-1"},
         "v3.16+=1.4.4-r0"},
        {"CVE-2022-27651",
         "buildah",
         "non-empty inheritable capabilities",
         "0",
         "1.25.0",
         BH_SEV_MEDIUM,
         {NULL, NULL, "1.28.0+ds1-2"},
         "v3.15=1.23.4-r0"},
        {"CVE-2024-1753",
         "buildah",
         "RUN --mount=type=bind writes to the host",
         "0",
         "1.35.1",
         BH_SEV_HIGH,
         {NULL, NULL, NULL},
         "v3.20+=1.35.4-r0"},
};

const char *bh_vuln_host_cve_date(void)
{
        return BH_HOSTCVE_DATE;
}

const char *bh_vuln_host_upstream(const char *pkgver, char *buf, size_t cap)
{
        const char *colon = strchr(pkgver, ':');
        const char *v = colon ? colon + 1 : pkgver;
        size_t n = strcspn(v, "-+");

        /* "27.1.0-1~debian.12": the revision goes, "1.0.0~rc93" keeps its '~' */
        snprintf(buf, cap, "%.*s", (int)BH_MIN(n, cap - 1), v);
        return buf;
}

/* "x.y" of v into buf; false when v has no minor number. */
static bool bh_stream(const char *v, char *buf, size_t cap)
{
        const char *dot = strchr(v, '.');
        size_t n;

        if (!dot)
                return false;
        n = (size_t)(dot - v) + 1 + strspn(dot + 1, "0123456789");
        if (n >= cap)
                return false;
        memcpy(buf, v, n);
        buf[n] = '\0';
        return true;
}

static int bh_vcmp(const char *a, const char *b)
{
        return bh_version_cmp_dpkg(a, b);
}

/* A table version ('~' marks a pre-release: "1.0.0~rc7", "1.2.0~rc.3") in
 * apk's notation ("1.0.0_rc7", "1.2.0_rc3"), where '~' means a hash. */
static const char *bh_apk_notation(const char *v, char *buf, size_t cap)
{
        size_t o = 0;

        for (const char *p = v; *p && o + 1 < cap; p++) {
                if (*p == '~') {
                        buf[o++] = '_';
                        while (p[1] >= 'a' && p[1] <= 'z' && o + 1 < cap)
                                buf[o++] = *++p;
                        if (p[1] == '.') /* "rc.3" -> "rc3" */
                                p++;
                        continue;
                }
                buf[o++] = *p;
        }
        buf[o] = '\0';
        return buf;
}

/* Compare an upstream version of the scheme with a table version. */
static int bh_tcmp(enum bh_version_scheme sch, const char *ver, const char *tab)
{
        char t[64];

        switch (sch) {
        case BH_VERSION_SCHEME_RPM:
                return bh_version_cmp_rpm(ver, tab); /* rpm's '~' is a pre-release too */
        case BH_VERSION_SCHEME_APK:
                return bh_version_cmp_apk(ver, bh_apk_notation(tab, t, sizeof(t)));
        default:
                return bh_vcmp(ver, tab);
        }
}

static enum bh_cve_state bh_stream_verdict(enum bh_version_scheme sch, const char *ver,
                                           const char *intro, const char *fixes,
                                           const char *mainline, const char **ret_why)
{
        char s[32], fs[32], fix[64], maxfix[64] = "";

        if (*intro && strcmp(intro, "0") != 0 && bh_tcmp(sch, ver, intro) < 0) {
                *ret_why = "older than the release that introduced it";
                return BH_CVE_NOT_VULNERABLE;
        }
        if (!bh_stream(ver, s, sizeof(s))) {
                *ret_why = "version not in x.y numbering";
                return BH_CVE_UNKNOWN;
        }
        for (const char *p = fixes; *p;) {
                size_t n = strcspn(p, " ");
                snprintf(fix, sizeof(fix), "%.*s", (int)BH_MIN(n, sizeof(fix) - 1), p);
                p += n + (p[n] == ' ');
                if (!*maxfix || bh_vcmp(fix, maxfix) > 0)
                        snprintf(maxfix, sizeof(maxfix), "%s", fix);
                if (!bh_stream(fix, fs, sizeof(fs)) || strcmp(fs, s) != 0)
                        continue;
                if (bh_tcmp(sch, ver, fix) >= 0) {
                        *ret_why = "at or past the first fixed release of its stable stream";
                        return BH_CVE_NOT_VULNERABLE;
                }
                *ret_why = "older than the first fixed release of its stable stream";
                return BH_CVE_VULNERABLE;
        }
        if (*mainline && bh_tcmp(sch, ver, mainline) >= 0) {
                *ret_why = "at or past the mainline release with the fix";
                return BH_CVE_NOT_VULNERABLE;
        }
        if (!*mainline && *maxfix && bh_stream(maxfix, fs, sizeof(fs)) && bh_vcmp(s, fs) > 0) {
                *ret_why = "a stream newer than every fixed release";
                return BH_CVE_NOT_VULNERABLE;
        }
        if (*intro) {
                *ret_why = "its stream never received the fix";
                return BH_CVE_VULNERABLE;
        }
        *ret_why = "no fix data for its stream";
        return BH_CVE_UNKNOWN;
}

enum bh_cve_state bh_vuln_host_stream_verdict(const char *ver, const char *intro, const char *fixes,
                                              const char *mainline, const char **ret_why)
{
        return bh_stream_verdict(BH_VERSION_SCHEME_DPKG, ver, intro, fixes, mainline, ret_why);
}

static int bh_debian_index(const struct bh_host *h)
{
        if (!h->os_id.set || strcmp(h->os_id.s, "debian") != 0 || !h->os_version_id.set)
                return -1;
        if (strcmp(h->os_version_id.s, "10") == 0)
                return 0;
        if (strcmp(h->os_version_id.s, "11") == 0)
                return 1;
        if (strcmp(h->os_version_id.s, "12") == 0)
                return 2;
        return -1;
}

static const char *bh_flavour_advisory(enum bh_kernel_flavour f)
{
        switch (f) {
        case BH_KFLAV_DEBIAN:
                return "a Debian kernel: check the Debian security tracker for this package";
        case BH_KFLAV_UBUNTU:
                return "an Ubuntu kernel: check the Ubuntu security notices for this package";
        case BH_KFLAV_RHEL:
                return "a RHEL-family kernel (backports make the upstream number meaningless): "
                       "check the vendor advisory for this package";
        default:
                return "a distribution build: check the vendor advisory for this package";
        }
}

static void bh_kernel_cves(struct bh_arena *a, struct bh_host *h)
{
        const char *userns_why;
        enum bh_tristate userns = bh_host_userns_unprivileged(h, &userns_why);
        int deb = h->kflavour == BH_KFLAV_DEBIAN ? bh_debian_index(h) : -1;
        bool cg1 = h->cgroup.set && strcmp(h->cgroup.s, "v2") != 0;
        const char *ver = h->kernel_upstream;

        if (!h->kernel_release.set)
                return;
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_kcves); i++) {
                const struct bh_kcve *k = &bh_kcves[i];
                struct bh_cve_verdict *v = BH_VEC_NEW(&h->cves);
                const char *why = "";
                enum bh_cve_state st;

                v->cve = k->cve;
                v->name = k->name;
                v->component = "kernel";
                v->package = "running kernel";
                v->loc = h->kernel_release.loc;
                v->version = h->kernel_release.s;
                if (deb >= 0 && k->deb[deb] && h->kernel_pkgver) {
                        /* the distro's own fixed version decides */
                        v->version = h->kernel_pkgver;
                        v->loc = h->kernel_pkgver_loc;
                        st = bh_vcmp(h->kernel_pkgver, k->deb[deb]) >= 0 ? BH_CVE_NOT_VULNERABLE
                                                                         : BH_CVE_VULNERABLE;
                        why = bh_arena_printf(a, "Debian %s package %s %s the fixed %s",
                                              h->os_version_id.s, h->kernel_pkgver,
                                              st == BH_CVE_VULNERABLE ? "is older than"
                                                                      : "is at or past",
                                              k->deb[deb]);
                } else if (!ver) {
                        st = BH_CVE_UNKNOWN;
                        why = "the upstream version of the running kernel is unknown";
                } else {
                        const char *w;
                        st = bh_vuln_host_stream_verdict(ver, k->intro, k->streams, k->mainline,
                                                         &w);
                        if (h->kflavour == BH_KFLAV_RHEL && st == BH_CVE_NOT_VULNERABLE &&
                            *k->intro && bh_vcmp(ver, k->intro) < 0)
                                st = BH_CVE_UNKNOWN; /* RHEL backports features too */
                        if (h->kflavour == BH_KFLAV_UPSTREAM || h->kflavour == BH_KFLAV_UNKNOWN ||
                            st == BH_CVE_NOT_VULNERABLE) {
                                why = bh_arena_printf(a, "upstream %s is %s", ver, w);
                        } else {
                                st = BH_CVE_UNKNOWN;
                                why = bh_arena_printf(a, "based on upstream %s (%s), but %s", ver,
                                                      w, bh_flavour_advisory(h->kflavour));
                        }
                        if (h->kflavour == BH_KFLAV_DEBIAN || h->kflavour == BH_KFLAV_UBUNTU) {
                                v->version = h->kernel_pkgver ? h->kernel_pkgver : v->version;
                                if (h->kernel_pkgver)
                                        v->loc = h->kernel_pkgver_loc;
                        }
                }
                if (st == BH_CVE_VULNERABLE && h->livepatch.set) {
                        st = BH_CVE_UNKNOWN;
                        why = bh_arena_printf(a, "%s; a live patch (%s) is loaded and may fix it",
                                              why, h->livepatch.s);
                }
                v->state = st;
                v->severity = k->sev;
                if (k->pre & BH_KPRE_USERNS) {
                        if (userns == BH_FALSE) {
                                v->severity = BH_SEV_LOW;
                                why = bh_arena_printf(a,
                                                      "%s; needs unprivileged user namespaces, "
                                                      "disabled here (%s)",
                                                      why, userns_why);
                        } else if (userns == BH_TRUE) {
                                why = bh_arena_printf(a,
                                                      "%s; reachable through unprivileged user "
                                                      "namespaces (%s)",
                                                      why, userns_why);
                        } else if (v->severity > BH_SEV_MEDIUM) {
                                v->severity = BH_SEV_MEDIUM;
                        }
                }
                if ((k->pre & BH_KPRE_CGROUP1) && h->cgroup.set && !cg1) {
                        v->severity = BH_SEV_LOW;
                        why = bh_arena_printf(a,
                                              "%s; needs a cgroup v1 hierarchy (this host runs "
                                              "cgroup v2)",
                                              why);
                }
                v->why = why;
        }
}

/* How a package's version is judged. */
struct bh_judge {
        enum bh_version_scheme scheme;
        const char *up;     /* the upstream version inside the package version */
        bool upstream;      /* the upstream number itself: a compare decides both ways */
        bool backports;     /* RHEL / SUSE: features are backported too */
        bool prerelease;    /* rpm Release "0.N": a pre-release of up */
        int deb;            /* index into bh_ecve.deb, -1 none */
        int alp_major;      /* Alpine branch (v3.19: 3, 19); -1 not Alpine */
        int alp_minor;
        const char *who;    /* "Fedora", "Alpine v3.19", ... for the evidence */
        const char *advice; /* where to look when the verdict is unknown */
};

/* Package name -> component, and whether the package is an upstream build
 * (Docker's own repositories, deb or rpm) whose version is the upstream one. */
static const char *bh_pkg_component(const char *name, enum bh_pkg_format fmt, bool *ret_upstream)
{
        *ret_upstream = false;
        if (fmt == BH_PKGFMT_APK) {
                /* Alpine: the engine is docker-engine (origin docker) */
                if (strcmp(name, "docker-engine") == 0 || strcmp(name, "docker") == 0)
                        return "docker";
        } else if (strcmp(name, "docker-ce") == 0 || strcmp(name, "docker-ee") == 0 ||
                   strcmp(name, "docker-engine") == 0) {
                *ret_upstream = true;
                return "docker";
        }
        if (fmt != BH_PKGFMT_APK && strcmp(name, "containerd.io") == 0) {
                *ret_upstream = true;
                return "containerd";
        }
        if (strcmp(name, "docker.io") == 0 || strcmp(name, "moby-engine") == 0)
                return "docker";
        /* SUSE, Amazon Linux and CentOS 7 name the engine package "docker" */
        if (fmt == BH_PKGFMT_RPM && strcmp(name, "docker") == 0)
                return "docker";
        if (strcmp(name, "containerd") == 0 || strcmp(name, "runc") == 0 ||
            strcmp(name, "crun") == 0 || strcmp(name, "podman") == 0 ||
            strcmp(name, "buildah") == 0)
                return name;
        return NULL;
}

/* Alpine's fixed version for branch major.minor in an apk column: the
 * branch's own entry, else the "vX.Y+" entry with the newest X.Y at or
 * before it.  Written into buf; false when none applies. */
static bool bh_alpine_fix(const char *col, int major, int minor, char *buf, size_t cap)
{
        long best = -1;

        for (const char *p = col; p && *p;) {
                size_t n = strcspn(p, " ");
                unsigned ma = 0, mi = 0;
                int used = 0;
                char plus = 0;
                /* "v3.16+=1.4.4-r0" or "v3.15=3.4.6-r0" */
                if (sscanf(p, "v%u.%u%n", &ma, &mi, &used) == 2 && (size_t)used < n) {
                        const char *q = p + used;
                        if (*q == '+')
                                plus = *q++;
                        if (*q == '=') {
                                const char *v = q + 1;
                                int len = (int)(n - (size_t)(v - p));
                                long key = (long)ma * 1000 + mi;
                                long want = (long)major * 1000 + minor;
                                if (!plus && key == want) {
                                        snprintf(buf, cap, "%.*s", len, v);
                                        return true;
                                }
                                if (plus && key <= want && key > best) {
                                        best = key;
                                        snprintf(buf, cap, "%.*s", len, v);
                                }
                        }
                }
                p += n + (p[n] == ' ');
        }
        return best >= 0;
}

/* The verdicts of one component version (a package's, or one the engine API
 * reports) appended to h->cves. */
static void bh_comp_cves(struct bh_arena *a, struct bh_host *h, const char *comp,
                         const char *package, const char *version, const struct bh_judge *j,
                         struct bh_loc loc)
{
        char cmpv[136], afix[64];

        /* a pre-release of X sorts before every X release: "X~" */
        snprintf(cmpv, sizeof(cmpv), "%s%s", j->up, j->prerelease ? "~" : "");
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_ecves); i++) {
                const struct bh_ecve *c = &bh_ecves[i];
                struct bh_cve_verdict *v;
                const char *w;
                enum bh_cve_state st;

                if (strcmp(c->component, comp) != 0)
                        continue;
                v = BH_VEC_NEW(&h->cves);
                v->cve = c->cve;
                v->name = c->name;
                v->component = comp;
                v->package = package;
                v->version = version;
                v->loc = loc;
                v->severity = c->sev;
                if (!j->upstream && j->deb >= 0 && c->deb[j->deb]) {
                        st = bh_vcmp(version, c->deb[j->deb]) >= 0 ? BH_CVE_NOT_VULNERABLE
                                                                   : BH_CVE_VULNERABLE;
                        v->why = bh_arena_printf(a, "Debian %s package %s %s the fixed %s",
                                                 h->os_version_id.s, version,
                                                 st == BH_CVE_VULNERABLE ? "is older than"
                                                                         : "is at or past",
                                                 c->deb[j->deb]);
                } else if (j->alp_major >= 0 &&
                           bh_alpine_fix(c->apk, j->alp_major, j->alp_minor, afix, sizeof(afix))) {
                        st = bh_version_cmp_apk(version, afix) >= 0 ? BH_CVE_NOT_VULNERABLE
                                                                    : BH_CVE_VULNERABLE;
                        v->why = bh_arena_printf(a, "%s package %s %s the fixed %s (Alpine secdb)",
                                                 j->who, version,
                                                 st == BH_CVE_VULNERABLE ? "is older than"
                                                                         : "is at or past",
                                                 afix);
                } else {
                        st = bh_stream_verdict(j->scheme, cmpv, c->intro, c->fixes, "", &w);
                        if (st == BH_CVE_NOT_VULNERABLE && j->backports && *c->intro &&
                            strcmp(c->intro, "0") != 0 && bh_tcmp(j->scheme, cmpv, c->intro) < 0) {
                                /* an enterprise build may carry the vulnerable feature */
                                st = BH_CVE_UNKNOWN;
                                v->why = bh_arena_printf(a, "%s %s is %s, but %s backports "
                                                         "features too: %s",
                                                         comp, j->up, w, j->who, j->advice);
                        } else if (st == BH_CVE_VULNERABLE && j->prerelease) {
                                st = BH_CVE_UNKNOWN;
                                v->why = bh_arena_printf(a, "%s is a pre-release build of %s "
                                                         "(Release 0.N) and the fix is in a "
                                                         "pre-release of it: %s",
                                                         version, j->up, j->advice);
                        } else if (j->upstream || st == BH_CVE_NOT_VULNERABLE) {
                                v->why = bh_arena_printf(a, "%s%s%s %s is %s", j->who ? j->who : "",
                                                         j->who ? " package: " : "", comp, j->up,
                                                         w);
                        } else {
                                st = BH_CVE_UNKNOWN;
                                v->why = bh_arena_printf(
                                        a, "%s %s is %s, but %s may carry the fix: %s", comp,
                                        j->up, w,
                                        j->who ? j->who : "this is a distribution package that",
                                        j->advice);
                        }
                }
                v->state = st;
        }
}

/* The upstream version inside an rpm version: epoch and release removed;
 * *ret_pre when the release marks a pre-release ("0.3.rc2.fc39"). */
static const char *bh_rpm_upstream(const char *v, char *buf, size_t cap, bool *ret_pre)
{
        const char *colon = strchr(v, ':');
        const char *p = colon ? colon + 1 : v;
        size_t n = strcspn(p, "-");

        *ret_pre = p[n] == '-' && p[n + 1] == '0' && p[n + 2] == '.';
        snprintf(buf, cap, "%.*s", (int)BH_MIN(n, cap - 1), p);
        return buf;
}

/* The upstream version inside an apk version: the "-rN" package release removed. */
static const char *bh_apk_upstream(const char *v, char *buf, size_t cap)
{
        const char *r = strstr(v, "-r");
        size_t n = r ? (size_t)(r - v) : strlen(v);

        snprintf(buf, cap, "%.*s", (int)BH_MIN(n, cap - 1), v);
        return buf;
}

static bool bh_word_in(const char *list, const char *w)
{
        size_t n = strlen(w);

        for (const char *p = list; p && *p;) {
                size_t k = strcspn(p, " ");
                if (k == n && strncmp(p, w, n) == 0)
                        return true;
                p += k + (p[k] == ' ');
        }
        return false;
}

/* The OS id and version: the package reader's, else /etc/os-release's. */
static const char *bh_os_id(const struct bh_host *h)
{
        return h->os.id ? h->os.id : h->os_id.set ? h->os_id.s : "";
}

static const char *bh_os_version(const struct bh_host *h)
{
        return h->os.version_id ? h->os.version_id : h->os_version_id.set ? h->os_version_id.s : "";
}

/* ".el9", ".el8_10", ".fc40" in an rpm release: the distribution tag. */
static bool bh_rpm_tag(const char *ver, const char *tag)
{
        const char *dash = strrchr(ver, '-');
        size_t n = strlen(tag);

        for (const char *p = dash ? dash : ver; (p = strstr(p, tag)); p += n)
                if (p[n] >= '0' && p[n] <= '9')
                        return true;
        return false;
}

static void bh_rpm_judge(struct bh_arena *a, const struct bh_host *h, const struct bh_pkg *pk,
                         struct bh_judge *j)
{
        const char *id = bh_os_id(h), *like = h->os.id_like ? h->os.id_like : "";

        j->scheme = BH_VERSION_SCHEME_RPM;
        if (bh_rpm_tag(pk->version, ".fc") || (strcmp(id, "fedora") == 0 &&
                                                !bh_rpm_tag(pk->version, ".el"))) {
                /* Fedora rebases to upstream releases: its version is upstream's */
                j->upstream = true;
                j->who = "Fedora";
        } else if (bh_rpm_tag(pk->version, ".el") || bh_word_in("rhel centos almalinux rocky ol",
                                                                  id) ||
                   bh_word_in(like, "rhel")) {
                j->backports = true;
                j->who = bh_arena_printf(a, "a RHEL-family build (%s)", pk->version);
                j->advice = "check the Red Hat (or clone) advisory for this package";
        } else if (bh_str_startswith(id, "sle") || bh_str_startswith(id, "opensuse") ||
                   bh_word_in(like, "suse")) {
                j->backports = true;
                j->who = bh_arena_printf(a, "a SUSE build (%s)", pk->version);
                j->advice = "check the SUSE security advisory for this package";
        } else {
                j->who = bh_arena_printf(a, "the %s distribution build %s", *id ? id : "rpm",
                                         pk->version);
                j->advice = "check the distribution's advisory";
        }
}

static void bh_pkg_cves(struct bh_arena *a, struct bh_host *h)
{
        int deb = bh_debian_index(h);
        bool apk_engine = false;
        unsigned ma = 0, mi = 0;
        bool alpine = strcmp(bh_os_id(h), "alpine") == 0 &&
                      sscanf(bh_os_version(h), "%u.%u", &ma, &mi) == 2;

        for (size_t p = 0; p < h->pkgs.n; p++)
                if (h->pkgs.v[p].format == BH_PKGFMT_APK &&
                    strcmp(h->pkgs.v[p].name, "docker-engine") == 0)
                        apk_engine = true;
        for (size_t p = 0; p < h->pkgs.n; p++) {
                const struct bh_pkg *pk = &h->pkgs.v[p];
                struct bh_judge j = {.deb = -1, .alp_major = -1, .alp_minor = -1};
                const char *comp = bh_pkg_component(pk->name, pk->format, &j.upstream);
                char up[128];

                if (!comp)
                        continue;
                j.up = up;
                j.advice = "check the distribution's advisory";
                switch (pk->format) {
                case BH_PKGFMT_RPM:
                        bh_rpm_upstream(pk->version, up, sizeof(up), &j.prerelease);
                        if (!j.upstream)
                                bh_rpm_judge(a, h, pk, &j);
                        else
                                j.scheme = BH_VERSION_SCHEME_RPM;
                        break;
                case BH_PKGFMT_APK:
                        /* since Alpine 3.8 "docker" is a metapackage of docker-engine */
                        if (strcmp(pk->name, "docker") == 0 && apk_engine)
                                continue;
                        bh_apk_upstream(pk->version, up, sizeof(up));
                        j.scheme = BH_VERSION_SCHEME_APK;
                        /* Alpine packages carry upstream's number before -rN */
                        j.upstream = true;
                        if (alpine) {
                                j.alp_major = (int)ma;
                                j.alp_minor = (int)mi;
                                j.who = bh_arena_printf(a, "Alpine v%u.%u", ma, mi);
                        } else {
                                j.who = "apk";
                        }
                        break;
                default:
                        bh_vuln_host_upstream(pk->version, up, sizeof(up));
                        j.scheme = BH_VERSION_SCHEME_DPKG;
                        j.deb = deb;
                        break;
                }
                bh_comp_cves(a, h, comp, pk->name, pk->version, &j, pk->loc);
        }
}

void bh_vuln_component_cves(struct bh_arena *a, struct bh_host *h, const char *component,
                            const char *label, const char *version, bool upstream,
                            struct bh_loc loc)
{
        char up[128];
        struct bh_judge j = {.scheme = BH_VERSION_SCHEME_DPKG,
                             .up = bh_vuln_host_upstream(version, up, sizeof(up)),
                             .upstream = upstream,
                             .deb = -1,
                             .alp_major = -1,
                             .alp_minor = -1,
                             .advice = "check the distribution's advisory"};

        bh_comp_cves(a, h, component, label, version, &j, loc);
        h->cve_data_date = BH_HOSTCVE_DATE;
        h->cves_done = true;
}

void bh_vuln_host_cves(struct bh_arena *a, struct bh_host *h)
{
        h->cves.n = 0;
        bh_kernel_cves(a, h);
        bh_pkg_cves(a, h);
        h->cve_data_date = BH_HOSTCVE_DATE;
        h->cves_done = true;
}
