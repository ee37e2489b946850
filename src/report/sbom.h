/* SBOM writers: CycloneDX 1.5 JSON and SPDX 2.3 JSON of a root's OS and
 * installed packages (an image, or bulkhead host's root), with a purl per
 * package.  Streamed through jsonw.c: a list of 100,000 packages never
 * exists as a tree in memory.  The output is deterministic for a given
 * subject and creation time (serial number and document namespace are
 * name-based UUIDs, version 5). */
#pragma once

#include <stdint.h>
#include <stdio.h>

#include "../model/pkg.h"
#include "../util/error.h"

/* What the SBOM describes. */
enum bh_sbom_kind {
        BH_SBOM_IMAGE = 0, /* a container image: CycloneDX "container", SPDX CONTAINER */
        BH_SBOM_ROOTFS,    /* a host's root filesystem: CycloneDX "platform", SPDX OTHER */
};

/* Borrowed for the call.  The fields after pkgs were added later: an
 * initializer that leaves them out gets an image, created now, the build's
 * version. */
struct bh_sbom_subject {
        const char *name;               /* image reference or root path; must not be NULL */
        const char *digest;             /* "sha256:..." of the image; NULL when none */
        const struct bh_osinfo *os;     /* NULL or id NULL: unknown */
        const struct bh_pkg_list *pkgs; /* NULL: none */
        enum bh_sbom_kind kind;
        /* The creation time (seconds since the epoch, as SOURCE_DATE_EPOCH):
         * set it for reproducible output; unset: the current time. */
        bool created_set;
        int64_t created;
        const char *tool_version; /* NULL: BH_VERSION */
};

/* Write the SBOM to out.  0, or BH_EIO when a write (or the final flush)
 * failed, BH_EINVAL when s has no name; err (may be NULL) gets the message. */
int bh_report_cyclonedx(FILE *out, const struct bh_sbom_subject *s, struct bh_error *err);
int bh_report_spdx(FILE *out, const struct bh_sbom_subject *s, struct bh_error *err);

/* The package URL of p (purl-spec): pkg:deb/<os id>/NAME@VERSION?arch=..&distro=<id>-<ver>,
 * pkg:apk/<os id>/NAME@VERSION?arch=..&distro=<ver>, pkg:rpm/<os id>/NAME@VERSION-RELEASE
 * ?arch=..&distro=<id>-<ver>&epoch=N.  Components are percent-encoded as the spec says
 * (':' is never encoded; '+' is %2B).  Heap string, the caller frees. */
char *bh_sbom_purl(const struct bh_pkg *p, const struct bh_osinfo *os);
