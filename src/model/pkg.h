/* Installed OS packages and the OS release, as read from a package database
 * (a host's root, an image's merged filesystem).  Shared by `bulkhead host`,
 * `bulkhead image`, the SBOM writers and the vulnerability matcher, so that
 * every package source fills one struct.  Strings are owned by an arena. */
#pragma once

#include "model.h"

/* The package database a package was read from. */
enum bh_pkg_format {
        BH_PKGFMT_DPKG = 0, /* /var/lib/dpkg/status, status.d/ (distroless) */
        BH_PKGFMT_APK,      /* lib/apk/db/installed, usr/lib/apk/db/installed */
        BH_PKGFMT_RPM,      /* rpmdb.sqlite (BDB / NDB detected, not read) */
        BH_PKGFMT__COUNT,
};

/* An installed package. */
struct bh_pkg {
        const char *name;
        /* As the database records it: dpkg "1:2.3-4", apk "1.2.3-r4", rpm
         * "[epoch:]version-release" (epoch only when set). */
        const char *version;
        const char *arch;   /* "amd64", "x86_64", "noarch"; NULL when not recorded */
        /* The source package vulnerability data is keyed on: Debian Source:
         * without its version, apk origin, rpm source RPM name; the binary
         * name when the database names none. */
        const char *source;
        /* The source version when it differs (Debian "Source: x (1.2-3)",
         * rpm source RPM version); NULL: same as version. */
        const char *source_version;
        const char *license; /* NULL when not recorded (dpkg does not) */
        const char *db;      /* "dpkg", "apk", "rpm" (bh_pkg_format_name) */
        enum bh_pkg_format format;
        /* Image: digest of the layer that last wrote the database file the
         * package was read from; NULL on a host. */
        const char *layer;
        struct bh_loc loc; /* its first line in the database file (loc.file: the file) */
};

/* /etc/os-release (or /usr/lib/os-release), with the distro's own release
 * files as fallback (alpine-release, debian_version, redhat-release). */
struct bh_osinfo {
        const char *id;          /* "debian", "alpine", "ubuntu", "rhel" ...; NULL unknown */
        const char *id_like;     /* "debian", "rhel fedora" ... */
        const char *version_id;  /* "12", "3.19.1", "22.04" */
        const char *codename;    /* "bookworm" */
        const char *pretty_name;
        const char *from_file;   /* the file these came from */
        struct bh_loc loc;       /* the VERSION_ID value (else ID's) in from_file */
};

const char *bh_pkg_format_name(enum bh_pkg_format f);

/* A package list (a named BH_VEC so that it can be passed between layers):
 * BH_VEC_NEW(&l) adds one; free(l.v) releases it (strings are arena-owned). */
struct bh_pkg_list {
        struct bh_pkg *v;
        size_t n;
        size_t cap;
};
