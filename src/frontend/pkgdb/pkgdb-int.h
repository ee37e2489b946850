/* Internal interface of the package-database readers (src/frontend/pkgdb/),
 * also used by their unit tests and the fuzz target. */
#pragma once

#include "pkgdb.h"

struct bh_pkgdb_ctx {
        struct bh_arena *a;
        struct bh_doc *doc;
        struct bh_pkg_list *pkgs;
        size_t added;
        bool full; /* BH_LIMIT_PKGDB_PACKAGES reached (reported once) */
};

/* A new package of file f (format, db, layer and loc filled; loc.line =
 * line), or NULL once BH_LIMIT_PKGDB_PACKAGES packages were added (the first
 * refusal adds a BH9003 diagnostic). */
struct bh_pkg *bh_pkgdb_add(struct bh_pkgdb_ctx *x, const struct bh_pkgdb_file *f,
                            const char *display, enum bh_pkg_format fmt, uint32_t line);

/* A location in file `display` at line (column 1). */
struct bh_loc bh_pkgdb_loc(const char *display, uint32_t line);

/* dpkg status or one status.d/ file (status_d: entries without Status are
 * installed), and the apk installed database. */
void bh_pkgdb_dpkg(struct bh_pkgdb_ctx *x, const struct bh_pkgdb_file *f, const char *display,
                   bool status_d);
void bh_pkgdb_apk(struct bh_pkgdb_ctx *x, const struct bh_pkgdb_file *f, const char *display);

/* os-release (the freedesktop format and its shell-like quoting) into os;
 * false when it names no ID. */
bool bh_pkgdb_os_release(struct bh_arena *a, const char *display, const char *text, size_t len,
                         struct bh_osinfo *os);

/* An rpm database, whatever its format (detected from the magic bytes). */
void bh_pkgdb_rpm(struct bh_pkgdb_ctx *x, const struct bh_pkgdb_file *f, const char *display);

/* The fields bulkhead uses of one rpm header blob (the rpmdb form: no lead,
 * no magic).  The strings point into blob (checked to be NUL-terminated
 * inside the data area). */
struct bh_rpmhdr {
        const char *name;
        const char *version;
        const char *release;
        const char *arch;
        const char *license;
        const char *sourcerpm;
        uint32_t epoch;
        bool has_epoch;
};

enum bh_rpmhdr_status {
        BH_RPMHDR_OK = 0,
        BH_RPMHDR_MALFORMED = -1, /* *ret_why says what */
        BH_RPMHDR_LIMIT = -2,     /* more tags or data than the limits */
};

/* Parse a header blob, bounded: every index entry and string is checked to
 * lie inside the blob.  Returns an enum bh_rpmhdr_status; *ret_why is a
 * static string on failure. */
int bh_pkgdb_rpm_header(const unsigned char *blob, size_t len, struct bh_rpmhdr *ret,
                        const char **ret_why);

/* "name-ver-rel.src.rpm" -> name and "ver-rel" (arena); false when it has
 * not that form. */
bool bh_pkgdb_rpm_srcname(struct bh_arena *a, const char *srpm, const char **ret_name,
                          const char **ret_version);
