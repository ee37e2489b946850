/* The host CVE matcher: the running kernel and the installed engine and
 * runtime packages of a struct bh_host against embedded tables of
 * container-relevant CVEs, each with its first fixed version per stable
 * stream and, where known, the Debian package version that fixed it.
 * Verdicts are three-state: vulnerable, not vulnerable, unknown.  A distro
 * build is never called vulnerable from an upstream number alone (distros
 * backport fixes): that is "unknown, check the distro advisory" unless the
 * table has that distro's fixed package version. */
#pragma once

#include "../model/host.h"

/* Fill h->cves (arena a), h->cve_data_date and h->cves_done. */
void bh_vuln_host_cves(struct bh_arena *a, struct bh_host *h);

/* The engine/runtime verdicts of one component version that is not a
 * package (bulkhead engine: the engine API's /version): component "docker",
 * "podman", "runc", "crun" or "containerd", label what to call it ("runc
 * (engine API)"), upstream false when the version carries a distribution
 * suffix (+dfsg, +ds, -N): a version the distribution may have patched is
 * then "unknown", never "vulnerable".  Appended to h->cves (arena a); sets
 * h->cve_data_date and h->cves_done. */
void bh_vuln_component_cves(struct bh_arena *a, struct bh_host *h, const char *component,
                            const char *label, const char *version, bool upstream,
                            struct bh_loc loc);

/* Date (YYYY-MM-DD) the embedded tables were compiled. */
const char *bh_vuln_host_cve_date(void);

/* The upstream version inside a package version: epoch, Debian revision and
 * +dfsg/+ds suffixes removed ("5:27.1.0-1~debian.12~bookworm" -> "27.1.0",
 * "1.0.0~rc93+ds1-5" -> "1.0.0~rc93").  Written into buf (size cap). */
const char *bh_vuln_host_upstream(const char *pkgver, char *buf, size_t cap);

/* The generic stream rule for upstream numbering (exported for tests):
 * intro "" unknown, "0" every version; fixes "a.b.c d.e.f ..." the first
 * fixed release per stream (x.y); mainline the first release of the
 * mainline fix ("" when the fixes list covers it).  *ret_why is static. */
enum bh_cve_state bh_vuln_host_stream_verdict(const char *ver, const char *intro, const char *fixes,
                                              const char *mainline, const char **ret_why);
