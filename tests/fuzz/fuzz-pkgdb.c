/* libFuzzer target: the package-database readers.  The first byte picks the
 * reader (dpkg status, a status.d/ file, apk installed, an rpm header blob
 * parsed directly, an rpm database file through the format detection and
 * SQLite, os-release); the rest is the file. */
#include <stdint.h>

#include "../../src/frontend/pkgdb/pkgdb-int.h"

#include "../../src/util/bh-banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char *const paths[] = {"var/lib/dpkg/status",      "var/lib/dpkg/status.d/pkg",
                                            "lib/apk/db/installed",     NULL,
                                            "var/lib/rpm/rpmdb.sqlite", "etc/os-release"};
        struct bh_doc doc;
        struct bh_osinfo os = {0};
        struct bh_pkg_list pkgs = {0};
        unsigned which;
        char *copy;

        if (!size)
                return 0;
        which = data[0] % BH_ELEMENTSOF(paths);
        /* an exact-size copy, so that ASan sees any read past the input */
        copy = malloc(size - 1 ? size - 1 : 1);
        if (!copy)
                return 0;
        memcpy(copy, data + 1, size - 1);
        bh_doc_init(&doc, "/", BH_SURFACE_HOST, NULL, 0);
        if (!paths[which]) {
                struct bh_rpmhdr h;
                const char *why;
                bh_pkgdb_rpm_header((const unsigned char *)copy, size - 1, &h, &why);
        } else {
                struct bh_pkgdb_file f = {.path = paths[which], .data = copy, .len = size - 1};
                bh_pkgdb_read(&doc.arena, &doc, &f, 1, &os, &pkgs);
        }
        free(pkgs.v);
        bh_doc_release(&doc);
        free(copy);
        return 0;
}
