/* The matcher: an OS release and its installed packages against the
 * vulnerability store, into a struct bh_vuln_report (src/model/vuln.h) that
 * the rules BH1006-BH1009 read.  Shared by bulkhead host and bulkhead image. */
#pragma once

#include "../model/pkg.h"
#include "../model/vuln.h"
#include "db.h"
#include "version.h"

/* The OSV ecosystem of an OS release and its version scheme: Debian
 * VERSION_ID "12" -> "Debian:12" (dpkg); Ubuntu "22.04" -> "Ubuntu:22.04:LTS"
 * for an LTS release (April of an even year), else "Ubuntu:23.10" (dpkg);
 * Alpine "3.19.1" -> "Alpine:v3.19" (apk); AlmaLinux "9.3" -> "AlmaLinux:9",
 * Rocky "9.3" -> "Rocky Linux:9" (rpm).  The ID decides, never ID_LIKE (a
 * derivative's release numbers are its own).  Written into buf (cap bytes);
 * false when bulkhead knows no ecosystem for the release. */
bool bh_vuln_ecosystem(const struct bh_osinfo *os, char *buf, size_t cap,
                       enum bh_version_scheme *ret_scheme);

/* Is version v affected by one stored affected entry (events and versions
 * as osv.h encodes them)?  OSV's evaluation: v in versions[], or in a range
 * where, walking the events sorted by the scheme's order (introduced "0"
 * first, limit "*" last), the last introduced <= v is not followed by a
 * fixed <= v or a last_affected < v, and v is below one of the range's
 * limits (when it has any).  *ret_fixed (may be NULL) gets the first fixed
 * version above v in the range that affects it (NULL: no fix), pointing into
 * a copy in arena a.  BH_EINVAL when v or an event version is not valid for
 * the scheme (the verdict is then unknown). */
int bh_vuln_affected(enum bh_version_scheme scheme, const char *events, const char *versions,
                     const char *v, struct bh_arena *a, bool *ret_affected, const char **ret_fixed,
                     struct bh_error **err);

/* Match pkgs (installed on os) against db into *out (whose vectors are
 * appended to; strings in arena a): for each package, the advisories of its
 * ecosystem that name its source package (bh_pkg.source, else its name),
 * compared with its source version when set, else its version.  out->covered
 * says whether the database holds that ecosystem at all; a package whose
 * version the scheme cannot order becomes a BH9025 diagnostic in
 * out->undecided.  Fails only on a database error. */
int bh_vuln_match(struct bh_vuln_db *db, const struct bh_osinfo *os, const struct bh_pkg_list *pkgs,
                  struct bh_arena *a, struct bh_vuln_report *out, struct bh_error **err);
