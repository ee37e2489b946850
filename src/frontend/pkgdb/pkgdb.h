/* The OS package databases and OS release files of a root filesystem (a
 * host's --root, an image's merged filesystem): dpkg (status and the
 * distroless status.d/), apk (v2 and v3 paths) and rpm (the SQLite rpmdb;
 * Berkeley DB and NDB are detected and reported as unsupported), plus
 * os-release with the distributions' own release files as fallback.
 *
 * The readers work on bytes the caller hands over: nothing here opens a file,
 * and an rpmdb is opened by SQLite from memory, never written to disk.  Every
 * problem is a diagnostic in the caller's document (BH9003 limit crossed,
 * BH9020 unsupported database, BH9021 malformed database), never silence. */
#pragma once

#include "../../model/model.h"
#include "../../model/pkg.h"

/* Is relpath (relative to the root, no leading '/': "var/lib/dpkg/status")
 * a file bh_pkgdb_read wants?  os-release (etc/, usr/lib/), alpine-release,
 * debian_version, redhat-release, var/lib/dpkg/status, any file of
 * var/lib/dpkg/status.d/ (the *.md5sums there are skipped by the reader),
 * lib/apk/db/installed, usr/lib/apk/db/installed, and rpmdb.sqlite,
 * Packages, Packages.db under var/lib/rpm, usr/lib/sysimage/rpm and
 * usr/share/rpm. */
bool bh_pkgdb_wanted(const char *relpath);

/* One file of the root.  All pointers are borrowed for the call. */
struct bh_pkgdb_file {
        const char *path; /* relative to the root, no leading '/' */
        const char *data; /* its bytes (need not be NUL-terminated) */
        size_t len;
        const char *layer; /* the image layer digest that last wrote it; NULL on a host */
        /* Shown as loc.file of packages and diagnostics ("/var/lib/dpkg/status",
         * "ROOT/var/lib/dpkg/status"); NULL: "/" + path.  Added field: an
         * initializer that leaves it out gets NULL. */
        const char *display;
};

/* Read the OS and the installed packages out of files (any order; unwanted
 * paths are ignored).  os is filled from the first of etc/os-release,
 * usr/lib/os-release, then the release files; fields not found stay as they
 * were.  Installed packages are appended to pkgs (free(pkgs->v) releases the
 * vector; strings are in a).  Files are read in path order, so the result
 * does not depend on the order of files.
 *
 * Only installed packages are listed: dpkg want install or hold with state
 * "installed" (status.d entries have no Status and are installed), every apk
 * and rpm entry (gpg-pubkey pseudo-packages excepted).  When both apk paths
 * are given only lib/apk/db/installed is read (one is a link to the other).
 *
 * Limits: a database file over BH_LIMIT_PKGDB_SIZE (text) or
 * BH_LIMIT_RPMDB_SIZE (rpm), more than BH_LIMIT_PKGDB_PACKAGES packages in
 * all, a line over BH_LIMIT_LINE_LENGTH, an rpm header over
 * BH_LIMIT_RPM_HEADER_TAGS / BH_LIMIT_RPM_HEADER_DATA: BH9003, and what is
 * past the limit is not read.  Returns the number of packages appended
 * (>= 0); there is no failure besides out-of-memory, which aborts. */
int bh_pkgdb_read(struct bh_arena *a, struct bh_doc *doc, const struct bh_pkgdb_file *files,
                  size_t nfiles, struct bh_osinfo *os, struct bh_pkg_list *pkgs);
