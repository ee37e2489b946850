/* Unit tests of the package-database readers (src/frontend/pkgdb): dpkg
 * status and status.d, apk (v2 and v3 paths), rpm header blobs and SQLite
 * rpmdbs built here with the SQLite API, Berkeley DB / NDB detection, OS
 * release files, and every limit.  All fixtures are written by the tests. */
/* cmocka.h needs these first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
/* clang-format on */

#include <sqlite3.h>

#include "../../src/frontend/pkgdb/pkgdb-int.h"
#include "../../src/util/buf.h"
#include "../../src/util/limits.h"

#include "../../src/util/bh-banned.h"

struct pt {
        struct bh_doc doc;
        struct bh_osinfo os;
        struct bh_pkg_list pkgs;
        int n;
};

static struct pt T;

static int pt_setup(void **state)
{
        (void)state;
        memset(&T, 0, sizeof(T));
        bh_doc_init(&T.doc, "/", BH_SURFACE_HOST, NULL, 0);
        return 0;
}

static int pt_teardown(void **state)
{
        (void)state;
        free(T.pkgs.v);
        bh_doc_release(&T.doc);
        return 0;
}

static void pt_read(const struct bh_pkgdb_file *f, size_t n)
{
        T.n = bh_pkgdb_read(&T.doc.arena, &T.doc, f, n, &T.os, &T.pkgs);
        assert_int_equal((size_t)T.n, T.pkgs.n);
}

static void pt_read1(const char *path, const char *text)
{
        struct bh_pkgdb_file f = {.path = path, .data = text, .len = strlen(text)};
        pt_read(&f, 1);
}

static const struct bh_pkg *pt_pkg(const char *name)
{
        for (size_t i = 0; i < T.pkgs.n; i++)
                if (strcmp(T.pkgs.v[i].name, name) == 0)
                        return &T.pkgs.v[i];
        return NULL;
}

/* The diagnostic of rule at line (0: any line), or NULL. */
static const struct bh_diag *pt_diag(unsigned rule, uint32_t line)
{
        for (size_t i = 0; i < T.doc.diags.n; i++)
                if (T.doc.diags.v[i].rule == rule && (!line || T.doc.diags.v[i].loc.line == line))
                        return &T.doc.diags.v[i];
        return NULL;
}

/* ---- dpkg ---- */

static const char dpkg_status[] = "Package: libc6\n"                                   /* 1 */
                                  "Status: install ok installed\n"                     /* 2 */
                                  "Architecture: amd64\n"                              /* 3 */
                                  "Source: glibc\n"                                    /* 4 */
                                  "Version: 2.36-9+deb12u4\n"                          /* 5 */
                                  "Description: GNU C Library\n"                       /* 6 */
                                  " Contains the standard libraries.\n"                /* 7 */
                                  " .\n"                                               /* 8 */
                                  " Version: 9.9 (a continuation line, not a field)\n" /* 9 */
                                  "\n"                                                 /* 10 */
                                  "Package: nano\n"                                    /* 11 */
                                  "Status: deinstall ok config-files\n"                /* 12 */
                                  "Version: 7.2-1\n"                                   /* 13 */
                                  "\n"                                                 /* 14 */
                                  "package: libssl3\n" /* 15: field names are case-insensitive */
                                  "status: install ok installed\n"       /* 16 */
                                  "architecture: amd64\n"                /* 17 */
                                  "source: openssl (3.0.11-1~deb12u1)\n" /* 18 */
                                  "version: 3.0.11-1~deb12u1+b1\n"       /* 19 */
                                  "\n\n"                                 /* 20, 21 */
                                  "Package: broken\n"                    /* 22 */
                                  "Status: install ok installed\n"       /* 23 */
                                  "Architecture: all\n"                  /* 24 */
                                  "\n"                                   /* 25 */
                                  "Package: held\r\n"                    /* 26 */
                                  "Status: hold ok installed\r\n"        /* 27 */
                                  "Version: 1:2.0-1\r\n"                 /* 28 */
                                  "Source: held-src (1:2.0-1)\r\n"       /* 29 */
                                  "\n"                                   /* 30 */
                                  "Package: nostatus\n"                  /* 31 */
                                  "Version: 1\n"                         /* 32 */
                                  "\n"                                   /* 33 */
                                  "Package: halfway\n"                   /* 34 */
                                  "Status: install ok half-configured\n" /* 35 */
                                  "Version: 1\n"                         /* 36 */
                                  "\n"
                                  "Package: last\n" /* 38 */
                                  "Status: install ok installed\n"
                                  "Version: 0.1"; /* no final newline */

static void test_dpkg_status(void **state)
{
        (void)state;
        const struct bh_pkg *p;

        pt_read1("var/lib/dpkg/status", dpkg_status);
        assert_int_equal(T.n, 4);
        p = pt_pkg("libc6");
        assert_non_null(p);
        assert_string_equal(p->version, "2.36-9+deb12u4");
        assert_string_equal(p->arch, "amd64");
        assert_string_equal(p->source, "glibc");
        assert_null(p->source_version);
        assert_null(p->license);
        assert_string_equal(p->db, "dpkg");
        assert_int_equal(p->format, BH_PKGFMT_DPKG);
        assert_null(p->layer);
        assert_string_equal(p->loc.file, "/var/lib/dpkg/status");
        assert_int_equal(p->loc.line, 1);
        assert_null(pt_pkg("nano")); /* config-files: not installed */
        p = pt_pkg("libssl3");
        assert_non_null(p);
        assert_string_equal(p->source, "openssl");
        assert_string_equal(p->source_version, "3.0.11-1~deb12u1");
        assert_string_equal(p->version, "3.0.11-1~deb12u1+b1");
        assert_int_equal(p->loc.line, 15);
        p = pt_pkg("held");
        assert_non_null(p);
        assert_string_equal(p->version, "1:2.0-1");
        assert_string_equal(p->source, "held-src");
        assert_null(p->source_version); /* the same as the version */
        assert_null(p->arch);
        assert_int_equal(p->loc.line, 26);
        p = pt_pkg("last");
        assert_non_null(p);
        assert_string_equal(p->version, "0.1");
        assert_null(pt_pkg("halfway"));
        assert_null(pt_pkg("nostatus"));
        /* exactly two problems: no Version (line 22), no Status (line 31) */
        assert_int_equal(T.doc.diags.n, 2);
        assert_non_null(pt_diag(9021, 22));
        assert_non_null(strstr(pt_diag(9021, 22)->message, "no Version"));
        assert_string_equal(pt_diag(9021, 22)->loc.file, "/var/lib/dpkg/status");
        assert_non_null(strstr(pt_diag(9021, 31)->message, "no Status"));
}

static void test_dpkg_status_d(void **state)
{
        (void)state;
        static const char base[] = "Package: base-files\nVersion: 12.4+deb12u5\n"
                                   "Architecture: amd64\n";
        static const char tz[] = "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n"
                                 "Description: time zone\n and daylight-saving time data\n";
        static const char sums[] = "d41d8cd98f00b204e9800998ecf8427e  usr/share/x\n";
        struct bh_pkgdb_file f[] = {
                {.path = "var/lib/dpkg/status.d/tzdata",
                 .data = tz,
                 .len = sizeof(tz) - 1,
                 .layer = "sha256:bb"},
                {.path = "var/lib/dpkg/status.d/base.md5sums",
                 .data = sums,
                 .len = sizeof(sums) - 1},
                {.path = "var/lib/dpkg/status.d/base",
                 .data = base,
                 .len = sizeof(base) - 1,
                 .layer = "sha256:aa",
                 .display = "img:/var/lib/dpkg/status.d/base"},
                {.path = "var/lib/dpkg/status.d/sub/x", .data = base, .len = sizeof(base) - 1},
        };

        pt_read(f, BH_ELEMENTSOF(f));
        assert_int_equal(T.n, 2);
        assert_int_equal(T.doc.diags.n, 0);
        /* read in path order whatever the order given */
        assert_string_equal(T.pkgs.v[0].name, "base-files");
        assert_string_equal(T.pkgs.v[0].layer, "sha256:aa");
        assert_string_equal(T.pkgs.v[0].loc.file, "img:/var/lib/dpkg/status.d/base");
        assert_string_equal(T.pkgs.v[1].name, "tzdata");
        assert_string_equal(T.pkgs.v[1].version, "2024a-0+deb12u1");
        assert_string_equal(T.pkgs.v[1].layer, "sha256:bb");
        assert_string_equal(T.pkgs.v[1].loc.file, "/var/lib/dpkg/status.d/tzdata");
        assert_true(bh_pkgdb_wanted("var/lib/dpkg/status.d/base"));
        assert_false(bh_pkgdb_wanted("var/lib/dpkg/status.d/sub/x"));
        assert_false(bh_pkgdb_wanted("var/lib/dpkg/status.d/"));
        assert_false(bh_pkgdb_wanted("/var/lib/dpkg/status"));
        assert_false(bh_pkgdb_wanted("var/lib/dpkg/status-old"));
}

static void test_dpkg_nul(void **state)
{
        (void)state;
        static const char st[] = "Package: a\nStatus: install ok installed\nVersion: 1\n\n"
                                 "Package: b\nVersion: 2\0\0\0\n";
        struct bh_pkgdb_file f = {.path = "var/lib/dpkg/status", .data = st, .len = sizeof(st) - 1};

        pt_read(&f, 1);
        assert_int_equal(T.n, 1);
        assert_non_null(pt_diag(9021, 6));
        assert_non_null(strstr(pt_diag(9021, 6)->message, "NUL byte"));
}

/* ---- apk ---- */

static const char apk_db[] = "C:Q1abc=\n"                 /* 1 */
                             "P:musl\n"                   /* 2 */
                             "V:1.2.4_git20230717-r4\n"   /* 3 */
                             "A:x86_64\n"                 /* 4 */
                             "L:MIT\n"                    /* 5 */
                             "o:musl\n"                   /* 6 */
                             "F:lib\n"                    /* 7 */
                             "R:libc.musl-x86_64.so.1\n"  /* 8 */
                             "\n"                         /* 9 */
                             "P:libcrypto3\n"             /* 10 */
                             "V:3.1.4-r5\n"               /* 11 */
                             "A:x86_64\n"                 /* 12 */
                             "L:Apache-2.0\n"             /* 13 */
                             "o:openssl\n"                /* 14 */
                             "\n"                         /* 15 */
                             "P:nover\n"                  /* 16 */
                             "this line is not K:value\n" /* 17 */
                             "also not\n"                 /* 18 */
                             "\n";

static void test_apk(void **state)
{
        (void)state;
        const struct bh_pkg *p;

        pt_read1("lib/apk/db/installed", apk_db);
        assert_int_equal(T.n, 2);
        p = pt_pkg("musl");
        assert_string_equal(p->version, "1.2.4_git20230717-r4");
        assert_string_equal(p->arch, "x86_64");
        assert_string_equal(p->license, "MIT");
        assert_string_equal(p->source, "musl");
        assert_string_equal(p->db, "apk");
        assert_int_equal(p->loc.line, 2);
        p = pt_pkg("libcrypto3");
        assert_string_equal(p->source, "openssl");
        assert_string_equal(p->license, "Apache-2.0");
        assert_int_equal(p->loc.line, 10);
        /* one diagnostic for the bad lines, one for the entry without V: */
        assert_int_equal(T.doc.diags.n, 2);
        assert_non_null(pt_diag(9021, 17));
        assert_non_null(pt_diag(9021, 16));
}

static void test_apk_paths(void **state)
{
        (void)state;
        static const char v2[] = "P:a\nV:1-r0\n\n";
        static const char v3[] = "P:b\nV:2-r0\n\n";
        struct bh_pkgdb_file both[] = {
                {.path = "usr/lib/apk/db/installed", .data = v3, .len = sizeof(v3) - 1},
                {.path = "lib/apk/db/installed", .data = v2, .len = sizeof(v2) - 1},
        };

        /* the v3 path alone is read */
        pt_read(&both[0], 1);
        assert_int_equal(T.n, 1);
        assert_string_equal(T.pkgs.v[0].name, "b");
        assert_string_equal(T.pkgs.v[0].loc.file, "/usr/lib/apk/db/installed");
        /* both: one is a link to the other, only lib/apk/db/installed counts */
        T.pkgs.n = 0;
        pt_read(both, 2);
        assert_int_equal(T.n, 1);
        assert_string_equal(T.pkgs.v[0].name, "a");
}

/* ---- OS ---- */

static void test_os_release(void **state)
{
        (void)state;
        static const char osr[] = "# comment\n"
                                  "NAME=\"Debian GNU/Linux\"\n"
                                  "  ID=debian\n"
                                  "ID_LIKE='rhel fedora'\n"
                                  "VERSION_ID=\"12\"\n"
                                  "PRETTY_NAME=\"Debian \\\"bookworm\\\" \\$HOME \\\\ 'x'\"\n"
                                  "VERSION_CODENAME=book\\ worm\n"
                                  "BUG=\"a\"'b'c # trailing comment\n";
        static const char usrlib[] = "ID=other\n";
        struct bh_pkgdb_file f[] = {
                {.path = "usr/lib/os-release", .data = usrlib, .len = sizeof(usrlib) - 1},
                {.path = "etc/os-release", .data = osr, .len = sizeof(osr) - 1},
                {.path = "etc/debian_version", .data = "12.5\n", .len = 5},
        };

        pt_read(f, BH_ELEMENTSOF(f));
        assert_int_equal(T.n, 0);
        assert_string_equal(T.os.id, "debian");
        assert_string_equal(T.os.id_like, "rhel fedora");
        assert_string_equal(T.os.version_id, "12");
        assert_string_equal(T.os.pretty_name, "Debian \"bookworm\" $HOME \\ 'x'");
        assert_string_equal(T.os.codename, "book worm");
        assert_string_equal(T.os.from_file, "/etc/os-release");
        /* the location is the release: VERSION_ID's value */
        assert_int_equal(T.os.loc.line, 5);
        assert_int_equal(T.os.loc.col, 12);

        /* /etc/os-release without ID: /usr/lib/os-release */
        memset(&T.os, 0, sizeof(T.os));
        f[1].data = "NAME=x\n";
        f[1].len = 7;
        pt_read(f, BH_ELEMENTSOF(f));
        assert_string_equal(T.os.id, "other");
        assert_string_equal(T.os.from_file, "/usr/lib/os-release");
}

static void test_os_fallbacks(void **state)
{
        (void)state;
        struct bh_pkgdb_file f = {.path = "etc/alpine-release", .data = "3.19.1\n", .len = 7};

        pt_read(&f, 1);
        assert_string_equal(T.os.id, "alpine");
        assert_string_equal(T.os.version_id, "3.19.1");
        assert_string_equal(T.os.from_file, "/etc/alpine-release");

        memset(&T.os, 0, sizeof(T.os));
        f = (struct bh_pkgdb_file){.path = "etc/debian_version", .data = "12.5\n", .len = 5};
        pt_read(&f, 1);
        assert_string_equal(T.os.id, "debian");
        assert_string_equal(T.os.version_id, "12");
        assert_null(T.os.codename);

        memset(&T.os, 0, sizeof(T.os));
        f = (struct bh_pkgdb_file){.path = "etc/debian_version", .data = "trixie/sid", .len = 10};
        pt_read(&f, 1);
        assert_string_equal(T.os.id, "debian");
        assert_null(T.os.version_id);
        assert_string_equal(T.os.codename, "trixie");

        memset(&T.os, 0, sizeof(T.os));
        static const char rh[] = "Rocky Linux release 9.3 (Blue Onyx)\n";
        f = (struct bh_pkgdb_file){.path = "etc/redhat-release", .data = rh, .len = sizeof(rh) - 1};
        pt_read(&f, 1);
        assert_string_equal(T.os.id, "rocky");
        assert_string_equal(T.os.version_id, "9.3");
        assert_string_equal(T.os.pretty_name, "Rocky Linux release 9.3 (Blue Onyx)");

        /* nothing known: os untouched */
        memset(&T.os, 0, sizeof(T.os));
        T.os.id = "kept";
        f = (struct bh_pkgdb_file){.path = "etc/os-release", .data = "NAME=x\n", .len = 7};
        pt_read(&f, 1);
        assert_string_equal(T.os.id, "kept");
}

/* ---- rpm ---- */

/* A header blob built field by field (rpmdb form: il, dl, index, data). */
struct hb {
        unsigned char idx[16 * 32];
        unsigned char data[4096];
        uint32_t il, dl;
};

static void hb_be32(unsigned char *p, uint32_t v)
{
        p[0] = (unsigned char)(v >> 24);
        p[1] = (unsigned char)(v >> 16);
        p[2] = (unsigned char)(v >> 8);
        p[3] = (unsigned char)v;
}

static void hb_entry(struct hb *h, uint32_t tag, uint32_t type, uint32_t off, uint32_t cnt)
{
        unsigned char *e = h->idx + 16 * h->il++;
        hb_be32(e, tag);
        hb_be32(e + 4, type);
        hb_be32(e + 8, off);
        hb_be32(e + 12, cnt);
}

static void hb_str(struct hb *h, uint32_t tag, const char *s)
{
        size_t n = strlen(s) + 1;
        hb_entry(h, tag, 6, h->dl, 1);
        memcpy(h->data + h->dl, s, n);
        h->dl += (uint32_t)n;
}

static void hb_i32(struct hb *h, uint32_t tag, uint32_t v)
{
        h->dl = (h->dl + 3) & ~3u;
        hb_entry(h, tag, 4, h->dl, 1);
        hb_be32(h->data + h->dl, v);
        h->dl += 4;
}

static size_t hb_blob(const struct hb *h, unsigned char *out)
{
        hb_be32(out, h->il);
        hb_be32(out + 4, h->dl);
        memcpy(out + 8, h->idx, 16 * h->il);
        memcpy(out + 8 + 16 * h->il, h->data, h->dl);
        return 8 + 16 * h->il + h->dl;
}

static void hb_pkg(struct hb *h, const char *name, const char *ver, const char *rel, int epoch,
                   const char *srpm)
{
        memset(h, 0, sizeof(*h));
        hb_entry(h, 63, 7, 0, 16); /* a region tag: skipped */
        hb_str(h, 1000, name);
        hb_str(h, 1001, ver);
        hb_str(h, 1002, rel);
        hb_str(h, 1022, "x86_64");
        hb_str(h, 1014, "GPLv2+");
        if (srpm)
                hb_str(h, 1044, srpm);
        hb_str(h, 1004, "a summary"); /* another tag: skipped */
        if (epoch >= 0)
                hb_i32(h, 1003, (uint32_t)epoch);
}

static void test_rpm_header(void **state)
{
        (void)state;
        struct hb h;
        unsigned char blob[8192];
        struct bh_rpmhdr r;
        const char *why = NULL;
        size_t n;

        hb_pkg(&h, "bash", "5.1.8", "6.el9", 2, "bash-5.1.8-6.el9.src.rpm");
        n = hb_blob(&h, blob);
        assert_int_equal(bh_pkgdb_rpm_header(blob, n, &r, &why), BH_RPMHDR_OK);
        assert_string_equal(r.name, "bash");
        assert_string_equal(r.version, "5.1.8");
        assert_string_equal(r.release, "6.el9");
        assert_string_equal(r.arch, "x86_64");
        assert_string_equal(r.license, "GPLv2+");
        assert_string_equal(r.sourcerpm, "bash-5.1.8-6.el9.src.rpm");
        assert_true(r.has_epoch);
        assert_int_equal(r.epoch, 2);

        /* every truncation of the blob is refused, none is read past */
        for (size_t k = 0; k < n; k++) {
                unsigned char *cut = malloc(k ? k : 1);
                memcpy(cut, blob, k);
                assert_int_equal(bh_pkgdb_rpm_header(cut, k, &r, &why), BH_RPMHDR_MALFORMED);
                free(cut);
        }
        /* a string offset past the data */
        hb_be32(blob + 8 + 16 * 1 + 8, h.dl + 1);
        assert_int_equal(bh_pkgdb_rpm_header(blob, n, &r, &why), BH_RPMHDR_MALFORMED);
        assert_string_equal(why, "an index entry points past the data");
        /* the last string (RELEASE) without its NUL */
        memset(&h, 0, sizeof(h));
        hb_str(&h, 1000, "a");
        hb_str(&h, 1001, "1");
        hb_str(&h, 1002, "1");
        n = hb_blob(&h, blob);
        blob[n - 1] = 'x';
        assert_int_equal(bh_pkgdb_rpm_header(blob, n, &r, &why), BH_RPMHDR_MALFORMED);
        assert_string_equal(why, "a string that is not terminated inside the data");
        /* NAME of a wrong type */
        hb_pkg(&h, "a", "1", "1", -1, NULL);
        hb_be32(h.idx + 16 * 1 + 4, 4);
        n = hb_blob(&h, blob);
        assert_int_equal(bh_pkgdb_rpm_header(blob, n, &r, &why), BH_RPMHDR_MALFORMED);
        /* no RELEASE */
        memset(&h, 0, sizeof(h));
        hb_str(&h, 1000, "a");
        hb_str(&h, 1001, "1");
        n = hb_blob(&h, blob);
        assert_int_equal(bh_pkgdb_rpm_header(blob, n, &r, &why), BH_RPMHDR_MALFORMED);
        /* the limits: rpm's own bounds, one past each */
        hb_be32(blob, BH_LIMIT_RPM_HEADER_TAGS + 1);
        assert_int_equal(bh_pkgdb_rpm_header(blob, n, &r, &why), BH_RPMHDR_LIMIT);
        hb_be32(blob, 2);
        hb_be32(blob + 4, BH_LIMIT_RPM_HEADER_DATA + 1);
        assert_int_equal(bh_pkgdb_rpm_header(blob, n, &r, &why), BH_RPMHDR_LIMIT);
        hb_be32(blob + 4, BH_LIMIT_RPM_HEADER_DATA);
        assert_int_equal(bh_pkgdb_rpm_header(blob, n, &r, &why), BH_RPMHDR_MALFORMED);
        assert_int_equal(bh_pkgdb_rpm_header(NULL, 0, &r, &why), BH_RPMHDR_MALFORMED);
}

static void test_rpm_srcname(void **state)
{
        (void)state;
        const char *n = NULL, *v = NULL;

        assert_true(bh_pkgdb_rpm_srcname(&T.doc.arena, "glibc-2.34-60.el9.src.rpm", &n, &v));
        assert_string_equal(n, "glibc");
        assert_string_equal(v, "2.34-60.el9");
        assert_true(
                bh_pkgdb_rpm_srcname(&T.doc.arena, "python-pip-21.3.1-1.fc39.nosrc.rpm", &n, &v));
        assert_string_equal(n, "python-pip");
        assert_string_equal(v, "21.3.1-1.fc39");
        assert_false(bh_pkgdb_rpm_srcname(&T.doc.arena, "(none)", &n, &v));
        assert_false(bh_pkgdb_rpm_srcname(&T.doc.arena, "x-1.src.rpm", &n, &v));
        assert_false(bh_pkgdb_rpm_srcname(&T.doc.arena, "-1-2.src.rpm", &n, &v));
        assert_false(bh_pkgdb_rpm_srcname(&T.doc.arena, "a--2.src.rpm", &n, &v));
}

/* An rpmdb.sqlite built with the SQLite API, serialized to bytes. */
static unsigned char *rpmdb_build(const unsigned char *const *blobs, const size_t *lens, size_t n,
                                  size_t *ret_len)
{
        sqlite3 *db;
        sqlite3_stmt *st;
        sqlite3_int64 sz = 0;
        unsigned char *ser, *out;

        assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db,
                                      "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY "
                                      "AUTOINCREMENT, blob BLOB NOT NULL)",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
        assert_int_equal(
                sqlite3_prepare_v2(db, "INSERT INTO Packages (blob) VALUES (?)", -1, &st, NULL),
                SQLITE_OK);
        for (size_t i = 0; i < n; i++) {
                sqlite3_bind_blob(st, 1, blobs[i], (int)lens[i], SQLITE_TRANSIENT);
                assert_int_equal(sqlite3_step(st), SQLITE_DONE);
                sqlite3_reset(st);
        }
        sqlite3_finalize(st);
        ser = sqlite3_serialize(db, "main", &sz, 0);
        assert_non_null(ser);
        out = malloc((size_t)sz);
        memcpy(out, ser, (size_t)sz);
        sqlite3_free(ser);
        sqlite3_close(db);
        *ret_len = (size_t)sz;
        return out;
}

static void test_rpm_sqlite(void **state)
{
        (void)state;
        struct hb h[4];
        unsigned char b[4][8192];
        size_t lens[4];
        const unsigned char *blobs[4] = {b[0], b[1], b[2], b[3]};
        size_t len;
        const struct bh_pkg *p;

        hb_pkg(&h[0], "bash", "5.1.8", "6.el9", -1, "bash-5.1.8-6.el9.src.rpm");
        hb_pkg(&h[1], "openssl-libs", "3.0.7", "25.el9", 1, "openssl-3.0.7-24.el9.src.rpm");
        hb_pkg(&h[2], "bad", "1", "1", -1, NULL);
        hb_pkg(&h[3], "gpg-pubkey", "fd431d51", "4ae0493b", -1, NULL);
        /* gpg-pubkey headers have no ARCH: drop it (entry 4, 1022) */
        h[3].idx[16 * 4 + 2] = 0x0f;
        for (int i = 0; i < 4; i++)
                lens[i] = hb_blob(&h[i], b[i]);
        lens[2] -= 3; /* truncated */
        unsigned char *db = rpmdb_build(blobs, lens, 4, &len);
        struct bh_pkgdb_file f = {.path = "var/lib/rpm/rpmdb.sqlite",
                                  .data = (char *)db,
                                  .len = len,
                                  .layer = "sha256:cc"};

        pt_read(&f, 1);
        assert_int_equal(T.n, 2);
        p = pt_pkg("bash");
        assert_string_equal(p->version, "5.1.8-6.el9");
        assert_string_equal(p->source, "bash");
        assert_null(p->source_version);
        assert_string_equal(p->arch, "x86_64");
        assert_string_equal(p->license, "GPLv2+");
        assert_string_equal(p->db, "rpm");
        assert_string_equal(p->layer, "sha256:cc");
        assert_string_equal(p->loc.file, "/var/lib/rpm/rpmdb.sqlite");
        p = pt_pkg("openssl-libs");
        assert_string_equal(p->version, "1:3.0.7-25.el9");
        assert_string_equal(p->source, "openssl");
        assert_string_equal(p->source_version, "3.0.7-24.el9");
        assert_null(pt_pkg("gpg-pubkey"));
        assert_int_equal(T.doc.diags.n, 1);
        assert_non_null(strstr(pt_diag(9021, 0)->message, "package header 3"));

        /* the same bytes with a WAL-mode header are read as well */
        T.pkgs.n = 0;
        db[18] = db[19] = 2;
        pt_read(&f, 1);
        assert_int_equal(T.n, 2);

        /* SQLite magic, but not a database / no Packages table */
        T.pkgs.n = 0;
        memset(db + 16, 0x5a, len - 16);
        pt_read(&f, 1);
        assert_int_equal(T.n, 0);
        assert_int_equal(T.doc.diags.n, 3);
        assert_non_null(strstr(T.doc.diags.v[2].message, "not a readable rpm SQLite database"));
        free(db);
}

static void test_rpm_formats(void **state)
{
        (void)state;
        unsigned char page[64] = {0};
        struct bh_pkgdb_file f = {
                .path = "var/lib/rpm/Packages", .data = (char *)page, .len = sizeof(page)};
        static const struct {
                unsigned char m[4];
                const char *what;
        } magics[] = {
                {{0x61, 0x15, 0x06, 0x00}, "Berkeley DB hash"},
                {{0x00, 0x06, 0x15, 0x61}, "Berkeley DB hash"},
                {{0x62, 0x31, 0x05, 0x00}, "Berkeley DB btree"},
                {{0x00, 0x05, 0x31, 0x62}, "Berkeley DB btree"},
        };

        for (size_t i = 0; i < BH_ELEMENTSOF(magics); i++) {
                memcpy(page + 12, magics[i].m, 4);
                pt_read(&f, 1);
                assert_int_equal(T.n, 0);
                assert_int_equal(T.doc.diags.n, i + 1);
                assert_int_equal(T.doc.diags.v[i].rule, 9020);
                assert_non_null(strstr(T.doc.diags.v[i].message, magics[i].what));
                assert_non_null(strstr(T.doc.diags.v[i].message, "bdb backend"));
                assert_string_equal(T.doc.diags.v[i].loc.file, "/var/lib/rpm/Packages");
        }
        memset(page, 0, sizeof(page));
        memcpy(page, "RpmP", 4);
        f.path = "usr/lib/sysimage/rpm/Packages.db";
        pt_read(&f, 1);
        assert_int_equal(T.doc.diags.v[4].rule, 9020);
        assert_non_null(strstr(T.doc.diags.v[4].message, "NDB"));
        memcpy(page, "junk", 4);
        pt_read(&f, 1);
        assert_int_equal(T.doc.diags.v[5].rule, 9021);
        assert_true(bh_pkgdb_wanted("usr/share/rpm/rpmdb.sqlite"));
        assert_false(bh_pkgdb_wanted("var/lib/rpm/Basenames"));
}

/* ---- limits ---- */

static void test_limit_packages(void **state)
{
        (void)state;
        struct bh_buf b;

        bh_buf_init(&b, 64u << 20);
        for (unsigned i = 0; i < BH_LIMIT_PKGDB_PACKAGES; i++)
                bh_buf_addf(&b, "P:p%u\nV:1-r0\n\n", i);
        struct bh_pkgdb_file f = {.path = "lib/apk/db/installed", .data = b.buf, .len = b.len};
        pt_read(&f, 1);
        assert_int_equal(T.n, BH_LIMIT_PKGDB_PACKAGES);
        assert_int_equal(T.doc.diags.n, 0);
        /* one more */
        T.pkgs.n = 0;
        bh_buf_addf(&b, "P:last\nV:1-r0\n\n");
        f.data = b.buf;
        f.len = b.len;
        pt_read(&f, 1);
        assert_int_equal(T.n, BH_LIMIT_PKGDB_PACKAGES);
        assert_int_equal(T.doc.diags.n, 1);
        assert_int_equal(T.doc.diags.v[0].rule, 9003);
        assert_null(pt_pkg("last"));
        bh_buf_release(&b);
}

static void test_limit_sizes(void **state)
{
        (void)state;
        /* The lengths claim more than the buffer holds: the size check comes
         * before any read, and ASan would catch a read past the buffer. */
        static const char small[] = "P:a\nV:1\n\n";
        struct bh_pkgdb_file f[] = {
                {.path = "lib/apk/db/installed", .data = small, .len = BH_LIMIT_PKGDB_SIZE + 1},
                {.path = "var/lib/rpm/rpmdb.sqlite", .data = small, .len = BH_LIMIT_RPMDB_SIZE + 1},
        };

        pt_read(f, 2);
        assert_int_equal(T.n, 0);
        assert_int_equal(T.doc.diags.n, 2);
        assert_int_equal(T.doc.diags.v[0].rule, 9003);
        assert_int_equal(T.doc.diags.v[1].rule, 9003);
        assert_non_null(strstr(T.doc.diags.v[0].message, "package database limit"));

        /* a line of exactly BH_LIMIT_LINE_LENGTH bytes is read, one more is not */
        size_t n = BH_LIMIT_LINE_LENGTH + 64;
        char *big = malloc(n);
        int k = snprintf(big, n, "P:a\nV:1\nT:");
        memset(big + k, 'x', BH_LIMIT_LINE_LENGTH - 2);
        memcpy(big + k + BH_LIMIT_LINE_LENGTH - 2, "\n\n", 2);
        struct bh_pkgdb_file g = {.path = "lib/apk/db/installed",
                                  .data = big,
                                  .len = (size_t)k + BH_LIMIT_LINE_LENGTH};
        T.doc.diags.n = 0;
        pt_read(&g, 1);
        assert_int_equal(T.n, 1);
        assert_int_equal(T.doc.diags.n, 0);
        memset(big + k, 'x', BH_LIMIT_LINE_LENGTH - 1);
        memcpy(big + k + BH_LIMIT_LINE_LENGTH - 1, "\n\n", 2);
        g.len++;
        T.pkgs.n = 0;
        pt_read(&g, 1);
        assert_int_equal(T.n, 1); /* the entry before the long line is whole */
        assert_int_equal(T.doc.diags.n, 1);
        assert_int_equal(T.doc.diags.v[0].rule, 9003);
        assert_int_equal(T.doc.diags.v[0].loc.line, 3);
        free(big);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_dpkg_status, pt_setup, pt_teardown),
                cmocka_unit_test_setup_teardown(test_dpkg_status_d, pt_setup, pt_teardown),
                cmocka_unit_test_setup_teardown(test_dpkg_nul, pt_setup, pt_teardown),
                cmocka_unit_test_setup_teardown(test_apk, pt_setup, pt_teardown),
                cmocka_unit_test_setup_teardown(test_apk_paths, pt_setup, pt_teardown),
                cmocka_unit_test_setup_teardown(test_os_release, pt_setup, pt_teardown),
                cmocka_unit_test_setup_teardown(test_os_fallbacks, pt_setup, pt_teardown),
                cmocka_unit_test_setup_teardown(test_rpm_header, pt_setup, pt_teardown),
                cmocka_unit_test_setup_teardown(test_rpm_srcname, pt_setup, pt_teardown),
                cmocka_unit_test_setup_teardown(test_rpm_sqlite, pt_setup, pt_teardown),
                cmocka_unit_test_setup_teardown(test_rpm_formats, pt_setup, pt_teardown),
                cmocka_unit_test_setup_teardown(test_limit_packages, pt_setup, pt_teardown),
                cmocka_unit_test_setup_teardown(test_limit_sizes, pt_setup, pt_teardown),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
