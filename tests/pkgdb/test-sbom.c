/* Unit tests of the SBOM writers (src/report/sbom.c): purls per the purl
 * spec for each package format, and the writers' determinism, dates and
 * edge cases (no OS, no packages, duplicate purls, a failing stream). */
/* cmocka.h needs these first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
/* clang-format on */

#include "../../src/report/sbom.h"

#include "../../src/util/bh-banned.h"

static void purl_is(const struct bh_pkg *p, const struct bh_osinfo *os, const char *want)
{
        char *got = bh_sbom_purl(p, os);
        assert_string_equal(got, want);
        free(got);
}

static void test_purl(void **state)
{
        (void)state;
        struct bh_osinfo deb = {.id = "debian", .version_id = "12"};
        struct bh_osinfo alp = {.id = "alpine", .version_id = "3.19.1"};
        struct bh_osinfo rh = {.id = "rhel", .version_id = "9.3"};
        struct bh_osinfo sid = {.id = "Debian", .codename = "trixie"};
        struct bh_pkg p = {.name = "attr",
                           .version = "1:2.4.47-2+b1",
                           .arch = "amd64",
                           .format = BH_PKGFMT_DPKG};

        /* deb: the epoch stays in the version; '+' is encoded, ':' never */
        purl_is(&p, &deb, "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64&distro=debian-12");
        purl_is(&p, &sid, "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64&distro=Debian-trixie");
        purl_is(&p, NULL, "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64");
        p = (struct bh_pkg){
                .name = "libstdc++6", .version = "12.2.0-14~x y", .format = BH_PKGFMT_DPKG};
        purl_is(&p, &deb, "pkg:deb/debian/libstdc%2B%2B6@12.2.0-14~x%20y?distro=debian-12");
        /* apk: distro is the release alone */
        p = (struct bh_pkg){.name = "busybox",
                            .version = "1.36.1-r15",
                            .arch = "x86_64",
                            .format = BH_PKGFMT_APK};
        purl_is(&p, &alp, "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=3.19.1");
        purl_is(&p, NULL, "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64");
        /* rpm: the epoch is a qualifier, after arch and distro */
        p = (struct bh_pkg){.name = "openssl-libs",
                            .version = "1:3.0.7-25.el9",
                            .arch = "x86_64",
                            .format = BH_PKGFMT_RPM};
        purl_is(&p, &rh,
                "pkg:rpm/rhel/openssl-libs@3.0.7-25.el9?arch=x86_64&distro=rhel-9.3&epoch=1");
        p.version = "3.0.7-25.el9";
        purl_is(&p, NULL, "pkg:rpm/openssl-libs@3.0.7-25.el9?arch=x86_64");
}

/* Write with fn into memory; returns the text (caller frees). */
static char *write_mem(int (*fn)(FILE *, const struct bh_sbom_subject *, struct bh_error *),
                       const struct bh_sbom_subject *s, int *ret)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        struct bh_error err = {0};

        *ret = fn(f, s, &err);
        fclose(f);
        return buf;
}

static void test_writers(void **state)
{
        (void)state;
        struct bh_osinfo os = {.id = "alpine", .version_id = "3.19.1", .pretty_name = "Alpine"};
        struct bh_pkg v[] = {
                {.name = "musl",
                 .version = "1.2.4-r2",
                 .arch = "x86_64",
                 .license = "MIT",
                 .source = "musl",
                 .db = "apk",
                 .format = BH_PKGFMT_APK},
                {.name = "musl",
                 .version = "1.2.4-r2",
                 .arch = "x86_64",
                 .source = "musl",
                 .db = "apk",
                 .format = BH_PKGFMT_APK},
        };
        struct bh_pkg_list pkgs = {.v = v, .n = 2, .cap = 2};
        struct bh_sbom_subject s = {.name = "registry.local/app:1",
                                    .digest = "sha256:0123",
                                    .os = &os,
                                    .pkgs = &pkgs,
                                    .created_set = true,
                                    .created = 951782400, /* 2000-02-29 */
                                    .tool_version = "9.9"};
        int r;
        char *a = write_mem(bh_report_cyclonedx, &s, &r);
        char *b = write_mem(bh_report_cyclonedx, &s, &r);

        assert_int_equal(r, 0);
        assert_string_equal(a, b); /* deterministic */
        assert_non_null(strstr(a, "\"timestamp\": \"2000-02-29T00:00:00Z\""));
        assert_non_null(strstr(
                a, "\"bom-ref\": \"pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=3.19.1#2\""));
        assert_non_null(strstr(a, "\"type\": \"container\""));
        assert_non_null(strstr(a, "\"name\": \"MIT\""));
        free(b);
        s.created = 4102444799; /* 2099-12-31T23:59:59Z */
        b = write_mem(bh_report_cyclonedx, &s, &r);
        assert_non_null(strstr(b, "2099-12-31T23:59:59Z"));
        assert_string_not_equal(a, b); /* a new serial number for a new time */
        free(a);
        free(b);

        a = write_mem(bh_report_spdx, &s, &r);
        assert_int_equal(r, 0);
        assert_non_null(strstr(a, "\"created\": \"2099-12-31T23:59:59Z\""));
        assert_non_null(strstr(
                a, "\"documentNamespace\": \"https://bulkhead.dev/spdx/registry.local-app-1-"));
        assert_non_null(strstr(a, "\"SPDXID\": \"SPDXRef-Package-2-musl\""));
        assert_non_null(strstr(a, "\"licenseComments\": \"as recorded by apk: MIT\""));
        assert_non_null(strstr(a, "\"relatedSpdxElement\": \"SPDXRef-OperatingSystem-alpine\""));
        /* the namespace depends on the digest only, not on the time */
        s.created = 0;
        b = write_mem(bh_report_spdx, &s, &r);
        const char *na = strstr(a, "documentNamespace"), *nb = strstr(b, "documentNamespace");
        assert_memory_equal(na, nb, 120);
        free(a);
        free(b);

        /* no OS, no packages: still a valid shape */
        s = (struct bh_sbom_subject){.name = "/", .kind = BH_SBOM_ROOTFS, .created_set = true};
        a = write_mem(bh_report_spdx, &s, &r);
        assert_int_equal(r, 0);
        assert_non_null(strstr(a, "\"primaryPackagePurpose\": \"OTHER\""));
        assert_null(strstr(a, "OperatingSystem"));
        free(a);
        a = write_mem(bh_report_cyclonedx, &s, &r);
        assert_non_null(strstr(a, "\"type\": \"platform\""));
        assert_non_null(strstr(a, "\"timestamp\": \"1970-01-01T00:00:00Z\""));
        free(a);
        /* no name: refused */
        s.name = NULL;
        struct bh_error err = {0};
        assert_int_equal(bh_report_spdx(stdout, &s, &err), BH_EINVAL);
        assert_int_equal(err.code, BH_EINVAL);
        assert_int_equal(bh_report_cyclonedx(stdout, NULL, NULL), BH_EINVAL);
}

static void test_write_error(void **state)
{
        (void)state;
        struct bh_sbom_subject s = {.name = "x", .created_set = true};
        struct bh_error err = {0};
        FILE *f = fopen("/dev/full", "w");

        if (!f)
                skip();
        assert_int_equal(bh_report_cyclonedx(f, &s, &err), BH_EIO);
        assert_int_equal(err.code, BH_EIO);
        fclose(f);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_purl),
                cmocka_unit_test(test_writers),
                cmocka_unit_test(test_write_error),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
