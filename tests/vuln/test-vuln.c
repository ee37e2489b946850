/* The vulnerability layer: CVSS scores, the OSV parser, range evaluation
 * (every event kind, several ranges, versions lists, epochs, apk suffixes),
 * ecosystems, the store (import, replace, withdraw, atomicity, limits, the
 * lookup's query plan, schema versions), the matcher against small OSV files
 * written here and against the real ../shared/data/osv/sample records, and
 * the rules BH1006-BH1009 over its results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka.h needs the four headers above first. */
#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/model/finding.h"
#include "../../src/model/pkg.h"
#include "../../src/model/vuln.h"
#include "../../src/rules/rules.h"
#include "../../src/util/buf.h"
#include "../../src/util/limits.h"
#include "../../src/vuln/db.h"
#include "../../src/vuln/match.h"
#include "../../src/vuln/osv.h"

#include "../../src/util/bh-banned.h"

static char tmpdir[256];
static const char *sample_dir; /* ../shared/data/osv/sample, NULL when absent */

static void write_file(const char *name, const char *text)
{
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
}

static char *tpath(const char *name)
{
        return bh_xasprintf("%s/%s", tmpdir, name);
}

/* ---- CVSS ---- */

static void test_cvss(void **state)
{
        static const struct {
                const char *v;
                double score;
                enum bh_severity sev;
        } cases[] = {
                {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, BH_SEV_CRITICAL},
                {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, BH_SEV_CRITICAL},
                {"CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9, BH_SEV_MEDIUM},
                {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, BH_SEV_HIGH},
                {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, BH_SEV_MEDIUM},
                {"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6, BH_SEV_LOW},
                {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, BH_SEV_INFO},
                /* temporal metrics do not change the base score */
                {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O", 9.8, BH_SEV_CRITICAL},
        };
        double s;

        (void)state;
        for (size_t i = 0; i < BH_ELEMENTSOF(cases); i++) {
                assert_int_equal(bh_cvss_v3_score(cases[i].v, &s), 0);
                if (s < cases[i].score - 0.001 || s > cases[i].score + 0.001)
                        fail_msg("%s: %.1f, want %.1f", cases[i].v, s, cases[i].score);
                assert_int_equal(bh_cvss_severity(s), cases[i].sev);
        }
        assert_true(bh_cvss_v3_score("AV:N/AC:L/Au:N/C:P/I:P/A:P", &s) < 0);
        assert_true(bh_cvss_v3_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", &s) < 0);
        assert_true(bh_cvss_v3_score("CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", &s) < 0);
        assert_true(
                bh_cvss_v3_score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                                 &s) < 0);
        assert_int_equal(bh_osv_severity_word("Moderate"), BH_SEV_MEDIUM);
        assert_int_equal(bh_osv_severity_word("unimportant"), BH_SEV_INFO);
        assert_int_equal(bh_osv_severity_word("not yet assigned"), -1);
}

/* ---- the parser ---- */

static const char rec_full[] =
        "{\"id\":\"TEST-1\",\"modified\":\"2024-01-02T00:00:00Z\","
        "\"aliases\":[\"GHSA-x\",\"CVE-2024-0001\"],\"related\":[\"DSA-1-1\",\"DLA-2-1\"],"
        "\"summary\":\"a bug\","
        "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],"
        "\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"foo\"},"
        "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.2-1\"}]},"
        "{\"type\":\"GIT\",\"repo\":\"x\",\"events\":[{\"introduced\":\"abc\"}]}],"
        "\"versions\":[\"0.9-1\",\"0.9-2\"],"
        "\"ecosystem_specific\":{\"urgency\":\"low\"}},"
        "{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"gitonly\"},"
        "\"ranges\":[{\"type\":\"GIT\",\"repo\":\"x\",\"events\":[{\"introduced\":\"abc\"}]}]}]}";

static void test_osv_parse(void **state)
{
        struct bh_arena a = {0};
        struct bh_osv_record r;
        bh_autoptr(bh_error) err = NULL;

        (void)state;
        assert_int_equal(bh_osv_parse(rec_full, strlen(rec_full), &a, &r, &err), 0);
        assert_string_equal(r.id, "TEST-1");
        assert_string_equal(r.cves, "CVE-2024-0001"); /* aliases, CVE-* only */
        assert_string_equal(r.related, "DSA-1-1, DLA-2-1");
        assert_int_equal(r.severity, BH_SEV_CRITICAL);
        assert_string_equal(r.severity_source, "cvss:9.8");
        assert_int_equal(r.naffected, 1); /* the GIT-only entry is dropped */
        assert_string_equal(r.affected[0].events, "i0 f1.2-1");
        assert_string_equal(r.affected[0].versions, "0.9-1 0.9-2");
        assert_int_equal(r.affected[0].severity, BH_SEV_LOW);
        assert_false(r.withdrawn);
        bh_arena_release(&a);

        /* upstream wins over aliases; withdrawn */
        static const char up[] =
                "{\"id\":\"X\",\"modified\":\"m\",\"withdrawn\":\"2024-01-01T00:00:00Z\","
                "\"upstream\":[\"CVE-1\",\"CVE-2\"],\"aliases\":[\"CVE-3\"]}";
        assert_int_equal(bh_osv_parse(up, strlen(up), &a, &r, &err), 0);
        assert_string_equal(r.cves, "CVE-1, CVE-2");
        assert_true(r.withdrawn);
        bh_arena_release(&a);

        static const char *const bad[] = {
                "{",
                "[]",
                "{\"modified\":\"m\"}",
                "{\"id\":\"X\"}",
                "{\"id\":\"a b\",\"modified\":\"m\"}",
                "{\"id\":\"X\",\"modified\":\"m\",\"affected\":{}}",
                "{\"id\":\"X\",\"modified\":\"m\",\"affected\":[{\"package\":{\"ecosystem\":\"E\"}}]}",
                "{\"id\":\"X\",\"modified\":\"m\",\"affected\":[{\"package\":{\"ecosystem\":\"E\",\"name\":\"n\"},"
                "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1 2\"}]}]}]}",
                "{\"id\":\"X\",\"modified\":\"m\",\"affected\":[{\"package\":{\"ecosystem\":\"E\",\"name\":\"n\"},"
                "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"fixed\":\"1\"}]}]}]}",
                "{\"id\":\"X\",\"modified\":\"m\",\"id\":\"Y\"}",
        };
        for (size_t i = 0; i < BH_ELEMENTSOF(bad); i++) {
                if (bh_osv_parse(bad[i], strlen(bad[i]), &a, &r, &err) != BH_EPARSE)
                        fail_msg("accepted %s", bad[i]);
                bh_arena_release(&a);
        }
}

/* BH_LIMIT_OSV_EVENTS and BH_LIMIT_OSV_AFFECTED are crossed; the summary is cut. */
static void test_osv_limits(void **state)
{
        struct bh_arena a = {0};
        struct bh_osv_record r;
        bh_autoptr(bh_error) err = NULL;
        struct bh_buf b;

        (void)state;
        bh_buf_init(&b, 64u * 1024u * 1024u);
        bh_buf_adds(&b,
                    "{\"id\":\"X\",\"modified\":\"m\",\"affected\":[{\"package\":{\"ecosystem\":"
                    "\"E\",\"name\":\"n\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
                    "{\"introduced\":\"0\"}");
        for (unsigned i = 0; i < BH_LIMIT_OSV_EVENTS; i++)
                bh_buf_addf(&b, ",{\"fixed\":\"%u\"}", i + 1);
        bh_buf_adds(&b, "]}]}]}");
        assert_int_equal(bh_osv_parse(b.buf, b.len, &a, &r, &err), BH_ELIMIT);
        bh_arena_release(&a);

        bh_buf_reset(&b);
        bh_buf_adds(&b, "{\"id\":\"X\",\"modified\":\"m\",\"affected\":[");
        for (unsigned i = 0; i <= BH_LIMIT_OSV_AFFECTED; i++)
                bh_buf_addf(&b,
                            "%s{\"package\":{\"ecosystem\":\"E\",\"name\":\"n%u\"},"
                            "\"versions\":[\"1\"]}",
                            i ? "," : "", i);
        bh_buf_adds(&b, "]}");
        assert_int_equal(bh_osv_parse(b.buf, b.len, &a, &r, &err), BH_ELIMIT);
        bh_arena_release(&a);

        bh_buf_reset(&b);
        bh_buf_adds(&b, "{\"id\":\"X\",\"modified\":\"m\",\"details\":\"");
        for (unsigned i = 0; i < BH_LIMIT_OSV_SUMMARY + 50; i++)
                bh_buf_addc(&b, 'x');
        bh_buf_adds(&b, "\"}");
        assert_int_equal(bh_osv_parse(b.buf, b.len, &a, &r, &err), 0);
        assert_int_equal(strlen(r.summary), BH_LIMIT_OSV_SUMMARY);
        bh_arena_release(&a);

        /* BH_LIMIT_OSV_RECORD: refused before parsing */
        assert_int_equal(bh_osv_parse(b.buf, BH_LIMIT_OSV_RECORD + 1u, &a, &r, &err), BH_ELIMIT);
        bh_buf_release(&b);
}

/* ---- range evaluation ---- */

struct acase {
        enum bh_version_scheme s;
        const char *events, *versions, *v;
        bool affected;
        const char *fixed; /* NULL: none */
};

static void test_affected(void **state)
{
        static const struct acase cases[] = {
                /* introduced / fixed */
                {BH_VERSION_SCHEME_DPKG, "i0 f3.0.9-1", "", "3.0.8-1", true, "3.0.9-1"},
                {BH_VERSION_SCHEME_DPKG, "i0 f3.0.9-1", "", "3.0.9-1", false, NULL},
                {BH_VERSION_SCHEME_DPKG, "i0 f3.0.9-1", "", "3.0.9-1+deb12u1", false, NULL},
                {BH_VERSION_SCHEME_DPKG, "i0 f3.0.9-1", "", "3.0.9~rc1-1", true, "3.0.9-1"},
                {BH_VERSION_SCHEME_DPKG, "i2.0 f3.0", "", "1.9", false, NULL},
                {BH_VERSION_SCHEME_DPKG, "i2.0 f3.0", "", "2.0", true, "3.0"},
                /* events in any order are sorted first */
                {BH_VERSION_SCHEME_DPKG, "f3.0 i2.0", "", "2.5", true, "3.0"},
                /* epochs: 1:1.2.11 is newer than 1.2.13 */
                {BH_VERSION_SCHEME_DPKG, "i0 f1:1.2.11.dfsg-4.1", "", "1:1.2.11.dfsg-4", true,
                 "1:1.2.11.dfsg-4.1"},
                {BH_VERSION_SCHEME_DPKG, "i0 f1:1.2.11.dfsg-4.1", "", "1.2.13.dfsg-1", true,
                 "1:1.2.11.dfsg-4.1"},
                {BH_VERSION_SCHEME_DPKG, "i0 f1:1.2.11.dfsg-4.1", "", "1:1.2.13.dfsg-1", false,
                 NULL},
                /* unfixed: introduced only */
                {BH_VERSION_SCHEME_DPKG, "i0", "", "1:1.35.0-4", true, NULL},
                /* last_affected: affected up to and including it, no fix known */
                {BH_VERSION_SCHEME_DPKG, "i0 l2.0", "", "2.0", true, NULL},
                {BH_VERSION_SCHEME_DPKG, "i0 l2.0", "", "2.0-1", false, NULL},
                {BH_VERSION_SCHEME_DPKG, "i1.0 l2.0", "", "0.5", false, NULL},
                /* limit: only below it */
                {BH_VERSION_SCHEME_DPKG, "i0 L2.0", "", "1.5", true, NULL},
                {BH_VERSION_SCHEME_DPKG, "i0 L2.0", "", "2.0", false, NULL},
                {BH_VERSION_SCHEME_DPKG, "i0 f1.5 L*", "", "1.0", true, "1.5"},
                /* several intervals in one range, and several ranges */
                {BH_VERSION_SCHEME_DPKG, "i1.0 f1.2 i2.0 f2.3", "", "1.1", true, "1.2"},
                {BH_VERSION_SCHEME_DPKG, "i1.0 f1.2 i2.0 f2.3", "", "1.5", false, NULL},
                {BH_VERSION_SCHEME_DPKG, "i1.0 f1.2 i2.0 f2.3", "", "2.1", true, "2.3"},
                {BH_VERSION_SCHEME_DPKG, "i1.0 f1.2 i2.0 f2.3", "", "2.3", false, NULL},
                {BH_VERSION_SCHEME_DPKG, "i1.0 f1.2\ni2.0 f2.3", "", "2.1", true, "2.3"},
                {BH_VERSION_SCHEME_DPKG, "i1.0 f1.2\ni2.0 f2.3", "", "3.0", false, NULL},
                {BH_VERSION_SCHEME_DPKG, "i0 l1.0 i2.0 f3.0", "", "1.0", true, NULL},
                {BH_VERSION_SCHEME_DPKG, "i0 l1.0 i2.0 f3.0", "", "1.5", false, NULL},
                /* versions[] lists, alone or beside ranges */
                {BH_VERSION_SCHEME_DPKG, "", "1.0-1 1.0-2", "1.0-2", true, NULL},
                {BH_VERSION_SCHEME_DPKG, "", "1.0-1 1.0-2", "1.0-3", false, NULL},
                {BH_VERSION_SCHEME_DPKG, "", "1.0-1", "0:1.0-1", true, NULL},
                {BH_VERSION_SCHEME_DPKG, "i5.0 f6.0", "1.0-1", "1.0-1", true, NULL},
                /* apk: suffixes and -rN */
                {BH_VERSION_SCHEME_APK, "i0 f1.2.2_pre2-r0", "", "1.2.2_pre1-r0", true,
                 "1.2.2_pre2-r0"},
                {BH_VERSION_SCHEME_APK, "i0 f1.2.2_pre2-r0", "", "1.2.2-r0", false, NULL},
                {BH_VERSION_SCHEME_APK, "i0 f1.2.2_pre2-r0", "", "1.2.2_rc1-r0", false, NULL},
                {BH_VERSION_SCHEME_APK, "i0 f3.1.0-r1", "", "3.1.0-r0", true, "3.1.0-r1"},
                {BH_VERSION_SCHEME_APK, "i0 f1.36.1-r1", "", "1.36.1_p1-r0", false, NULL},
                {BH_VERSION_SCHEME_APK, "i0 f1.0_alpha2", "", "1.0_alpha1", true, "1.0_alpha2"},
                /* rpm: epoch and tilde */
                {BH_VERSION_SCHEME_RPM, "i0 f1:2.0-1.el9", "", "2.5-1.el9", true, "1:2.0-1.el9"},
                {BH_VERSION_SCHEME_RPM, "i0 f2.0-1", "", "2.0~rc1-1", true, "2.0-1"},
        };
        struct bh_arena a = {0};

        (void)state;
        for (size_t i = 0; i < BH_ELEMENTSOF(cases); i++) {
                const struct acase *c = &cases[i];
                bool aff = !c->affected;
                const char *fixed = "unset";
                bh_autoptr(bh_error) err = NULL;
                int r = bh_vuln_affected(c->s, c->events, c->versions, c->v, &a, &aff, &fixed,
                                         &err);
                if (r < 0)
                        fail_msg("case %zu (%s vs '%s'): %s", i, c->v, c->events, err->msg);
                if (aff != c->affected)
                        fail_msg("case %zu: %s vs '%s' [%s]: affected %d", i, c->v, c->events,
                                 c->versions, aff);
                if ((c->fixed == NULL) != (fixed == NULL) ||
                    (c->fixed && strcmp(c->fixed, fixed) != 0))
                        fail_msg("case %zu: %s vs '%s': fixed %s, want %s", i, c->v, c->events,
                                 fixed ? fixed : "NULL", c->fixed ? c->fixed : "NULL");
        }
        /* versions the scheme cannot order: no verdict */
        bool aff;
        const char *fixed;
        bh_autoptr(bh_error) err = NULL;
        assert_int_equal(bh_vuln_affected(BH_VERSION_SCHEME_DPKG, "i0 f1.0", "", "1.0 beta", &a,
                                          &aff, &fixed, &err),
                         BH_EINVAL);
        assert_int_equal(bh_vuln_affected(BH_VERSION_SCHEME_APK, "i0 f4.8.0.-r1", "", "4.8.0-r0",
                                          &a, &aff, &fixed, &err),
                         BH_EINVAL);
        bh_arena_release(&a);
}

static void test_ecosystem(void **state)
{
        static const struct {
                const char *id, *ver, *want;
                enum bh_version_scheme s;
        } cases[] = {
                {"debian", "12", "Debian:12", BH_VERSION_SCHEME_DPKG},
                {"debian", "11", "Debian:11", BH_VERSION_SCHEME_DPKG},
                {"alpine", "3.19.1", "Alpine:v3.19", BH_VERSION_SCHEME_APK},
                {"alpine", "3.18.0", "Alpine:v3.18", BH_VERSION_SCHEME_APK},
                {"ubuntu", "22.04", "Ubuntu:22.04:LTS", BH_VERSION_SCHEME_DPKG},
                {"ubuntu", "23.10", "Ubuntu:23.10", BH_VERSION_SCHEME_DPKG},
                {"almalinux", "9.3", "AlmaLinux:9", BH_VERSION_SCHEME_RPM},
                {"rocky", "8.9", "Rocky Linux:8", BH_VERSION_SCHEME_RPM},
        };
        char buf[64];
        enum bh_version_scheme s;

        (void)state;
        for (size_t i = 0; i < BH_ELEMENTSOF(cases); i++) {
                struct bh_osinfo os = {.id = cases[i].id, .version_id = cases[i].ver};
                assert_true(bh_vuln_ecosystem(&os, buf, sizeof(buf), &s));
                assert_string_equal(buf, cases[i].want);
                assert_int_equal(s, cases[i].s);
        }
        struct bh_osinfo none[] = {
                {.id = "debian"},                          /* testing: no VERSION_ID */
                {.id = "linuxmint", .version_id = "21.3"}, /* a derivative */
                {.id = "alpine", .version_id = "3"},
                {.version_id = "12"},
                {.id = "debian", .version_id = "12; rm"},
        };
        for (size_t i = 0; i < BH_ELEMENTSOF(none); i++)
                assert_false(bh_vuln_ecosystem(&none[i], buf, sizeof(buf), &s));
}

/* ---- the store ---- */

static const char osv_a1[] =
        "{\"id\":\"T-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"upstream\":[\"CVE-2024-1\"],"
        "\"related\":[\"DSA-9-1\"],\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\","
        "\"name\":\"foo\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
        "{\"fixed\":\"1.5-1\"}]}]},{\"package\":{\"ecosystem\":\"Debian:11\",\"name\":\"foo\"},"
        "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]}]}";
/* the same advisory, modified later: Debian 12 fixed in 1.6-1 instead */
static const char osv_a1_new[] =
        "{\"id\":\"T-1\",\"modified\":\"2024-02-01T00:00:00Z\",\"upstream\":[\"CVE-2024-1\"],"
        "\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"foo\"},"
        "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
        "{\"fixed\":\"1.6-1\"}]}]}]}";
static const char osv_a1_old[] =
        "{\"id\":\"T-1\",\"modified\":\"2023-01-01T00:00:00Z\",\"affected\":[]}";
static const char osv_a2[] =
        "{\"id\":\"T-2\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":[\"CVE-2024-2\"],"
        "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],"
        "\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"foo\"},"
        "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0-1\"},"
        "{\"last_affected\":\"1.4-1\"}]}]},"
        "{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"bar\"},"
        "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
        "{\"fixed\":\"2.0-1\"}]}],\"ecosystem_specific\":{\"urgency\":\"low\"}}]}";
static const char osv_a2_withdrawn[] = "{\"id\":\"T-2\",\"modified\":\"2024-03-01T00:00:00Z\","
                                       "\"withdrawn\":\"2024-03-01T00:00:00Z\"}";

static void setup_records(void)
{
        bh_autofree char *recs = tpath("recs");
        mkdir(recs, 0700);
        write_file("recs/T-1.json", osv_a1);
        write_file("recs/T-2.json", osv_a2);
        write_file("recs/broken.json", "{\"id\": \"T-3\", \"modified\": ");
        write_file("recs/notes.txt", "not a record");
        write_file("T-1-new.json", osv_a1_new);
        write_file("T-1-old.json", osv_a1_old);
        write_file("T-2-withdrawn.json", osv_a2_withdrawn);
}

static int64_t count(struct bh_vuln_db *db)
{
        struct bh_vuln_db_status st;
        bh_autoptr(bh_error) err = NULL;
        assert_int_equal(bh_vuln_db_status(db, &st, &err), 0);
        int64_t n = st.advisories * 1000 + st.affected;
        bh_vuln_db_status_release(&st);
        return n;
}

static struct bh_vuln_db *open_new(const char *name)
{
        bh_autofree char *p = tpath(name);
        struct bh_vuln_db *db = NULL;
        bh_autoptr(bh_error) err = NULL;
        unlink(p);
        assert_int_equal(bh_vuln_db_open(p, true, &db, &err), 0);
        return db;
}

static void import_ok(struct bh_vuln_db *db, const char *name, struct bh_vuln_import_stats *st)
{
        bh_autofree char *p = tpath(name);
        const char *paths[] = {p};
        bh_autoptr(bh_error) err = NULL;
        memset(st, 0, sizeof(*st));
        if (bh_vuln_db_import(db, paths, 1, NULL, st, &err) < 0)
                fail_msg("import %s: %s", name, err->msg);
}

static void test_db_import(void **state)
{
        bh_autoptr(bh_vuln_db) db = open_new("import.db");
        struct bh_vuln_import_stats st;

        (void)state;
        import_ok(db, "recs", &st);
        assert_int_equal(st.files, 3); /* notes.txt is not read */
        assert_int_equal(st.added, 2);
        assert_int_equal(st.malformed, 1);
        assert_int_equal(st.affected, 4);
        assert_int_equal(st.problems.n, 1);
        assert_non_null(strstr(st.problems.v[0], "recs/broken.json: invalid JSON"));
        bh_vuln_import_stats_release(&st);
        assert_int_equal(count(db), 2004);

        /* re-import: replaced by id; an older copy is kept out */
        import_ok(db, "T-1-new.json", &st);
        assert_int_equal(st.replaced, 1);
        bh_vuln_import_stats_release(&st);
        assert_int_equal(count(db), 2003); /* T-1 now has one affected entry */
        import_ok(db, "T-1-old.json", &st);
        assert_int_equal(st.kept, 1);
        bh_vuln_import_stats_release(&st);
        assert_int_equal(count(db), 2003);

        /* a withdrawn record removes the advisory */
        import_ok(db, "T-2-withdrawn.json", &st);
        assert_int_equal(st.withdrawn, 1);
        bh_vuln_import_stats_release(&st);
        assert_int_equal(count(db), 1001);

        struct bh_vuln_db_status s;
        bh_autoptr(bh_error) err = NULL;
        assert_int_equal(bh_vuln_db_status(db, &s, &err), 0);
        assert_int_equal(s.schema, BH_VULN_DB_SCHEMA);
        assert_non_null(s.last_update);
        assert_int_equal(s.ecosystems.n, 1);
        assert_string_equal(s.ecosystems.v[0].name, "Debian:12");
        assert_int_equal(s.sources.n, 4); /* one per path imported */
        bh_vuln_db_status_release(&s);

        char **ecos;
        size_t n;
        assert_int_equal(bh_vuln_db_base_ecosystems(db, &ecos, &n, &err), 0);
        assert_int_equal(n, 1);
        assert_string_equal(ecos[0], "Debian");
        free(ecos[0]);
        free(ecos);
}

/* A failure in the middle of an import keeps nothing of it. */
static void test_db_atomic(void **state)
{
        bh_autoptr(bh_vuln_db) db = open_new("atomic.db");
        struct bh_vuln_import_stats st = {0};
        bh_autoptr(bh_error) err = NULL;
        bh_autofree char *recs = tpath("recs");
        bh_autofree char *newer = tpath("T-1-new.json");
        const char *paths[] = {newer, recs};
        struct bh_vuln_import_opts o = {.fail_after = 2};

        (void)state;
        import_ok(db, "T-2-withdrawn.json", &st); /* nothing stored, but a source row */
        bh_vuln_import_stats_release(&st);
        assert_int_equal(count(db), 0);
        assert_int_equal(bh_vuln_db_import(db, paths, 2, &o, &st, &err), BH_EIO);
        assert_non_null(strstr(err->msg, "injected failure"));
        bh_vuln_import_stats_release(&st);
        assert_int_equal(count(db), 0);
        struct bh_vuln_db_status s;
        assert_int_equal(bh_vuln_db_status(db, &s, &err), 0);
        assert_int_equal(s.sources.n, 1);
        bh_vuln_db_status_release(&s);

        /* a missing path fails the whole import too */
        bh_autofree char *missing = tpath("no-such-file.json");
        const char *paths2[] = {recs, missing};
        assert_int_equal(bh_vuln_db_import(db, paths2, 2, NULL, &st, &err), BH_ENOENT);
        bh_vuln_import_stats_release(&st);
        assert_int_equal(count(db), 0);
}

static void make_zip(const char *name, unsigned n, const char *pad)
{
        bh_autofree char *p = tpath(name);
        struct archive *w = archive_write_new();
        archive_write_set_format_zip(w);
        assert_int_equal(archive_write_open_filename(w, p), ARCHIVE_OK);
        for (unsigned i = 0; i < n; i++) {
                bh_autofree char *body = bh_xasprintf(
                        "{\"id\":\"Z-%u\",\"modified\":\"2024-01-01T00:00:00Z\",\"details\":\"%s\","
                        "\"affected\":[{\"package\":{\"ecosystem\":\"Alpine:v3.18\",\"name\":"
                        "\"pkg%u\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":"
                        "\"0\"},{\"fixed\":\"1.0-r1\"}]}]}]}",
                        i, pad, i);
                bh_autofree char *ename = bh_xasprintf("Z-%u.json", i);
                struct archive_entry *e = archive_entry_new();
                archive_entry_set_pathname(e, ename);
                archive_entry_set_filetype(e, AE_IFREG);
                archive_entry_set_perm(e, 0644);
                archive_entry_set_size(e, (la_int64_t)strlen(body));
                assert_int_equal(archive_write_header(w, e), ARCHIVE_OK);
                assert_int_equal(archive_write_data(w, body, strlen(body)),
                                 (la_ssize_t)strlen(body));
                archive_entry_free(e);
        }
        archive_write_close(w);
        archive_write_free(w);
}

/* Zips are streamed; entry count, decompressed size and record size are bounded. */
static void test_db_zip_limits(void **state)
{
        bh_autoptr(bh_vuln_db) db = open_new("zip.db");
        struct bh_vuln_import_stats st = {0};
        bh_autoptr(bh_error) err = NULL;
        bh_autofree char *zip = tpath("feed.zip");
        const char *paths[] = {zip};

        (void)state;
        make_zip("feed.zip", 20, "padding padding padding padding");
        import_ok(db, "feed.zip", &st);
        assert_int_equal(st.added, 20);
        bh_vuln_import_stats_release(&st);
        assert_int_equal(count(db), 20020);

        /* a fresh database: every crossed zip limit rolls back */
        bh_autoptr(bh_vuln_db) db2 = open_new("zip2.db");
        struct bh_vuln_import_opts o = {.max_entries = 19};
        assert_int_equal(bh_vuln_db_import(db2, paths, 1, &o, &st, &err), BH_ELIMIT);
        assert_non_null(strstr(err->msg, "more than 19 entries"));
        bh_vuln_import_stats_release(&st);
        assert_int_equal(count(db2), 0);
        o = (struct bh_vuln_import_opts){.max_zip_bytes = 2000};
        assert_int_equal(bh_vuln_db_import(db2, paths, 1, &o, &st, &err), BH_ELIMIT);
        assert_non_null(strstr(err->msg, "bytes decompressed"));
        bh_vuln_import_stats_release(&st);
        assert_int_equal(count(db2), 0);
        /* a record over the record limit is skipped, the rest imported */
        o = (struct bh_vuln_import_opts){.max_record = 100};
        assert_int_equal(bh_vuln_db_import(db2, paths, 1, &o, &st, &err), 0);
        assert_int_equal(st.malformed, 20);
        assert_non_null(strstr(st.problems.v[0], "feed.zip[Z-0.json]: record of"));
        bh_vuln_import_stats_release(&st);
        /* files in directories */
        bh_autofree char *recs = tpath("recs");
        const char *dpaths[] = {recs};
        o = (struct bh_vuln_import_opts){.max_files = 1};
        assert_int_equal(bh_vuln_db_import(db2, dpaths, 1, &o, &st, &err), BH_ELIMIT);
        bh_vuln_import_stats_release(&st);
        assert_int_equal(count(db2), 0);
}

static void test_db_plan_schema(void **state)
{
        bh_autofree char *p = tpath("plan.db");
        bh_autoptr(bh_error) err = NULL;
        struct bh_vuln_db *db = open_new("plan.db");
        struct bh_vuln_import_stats st;

        (void)state;
        import_ok(db, "recs", &st);
        bh_vuln_import_stats_release(&st);
        bh_autofree char *plan = bh_vuln_db_explain_lookup(db, &err);
        assert_non_null(plan);
        /* one index seek on (ecosystem, package), then the advisory by rowid */
        if (!strstr(plan, "SEARCH f USING INDEX affected_pkg (ecosystem=? AND package=?)") ||
            strstr(plan, "SCAN"))
                fail_msg("query plan:\n%s", plan);
        bh_vuln_db_close(db);

        /* read-only opens refuse other schema versions and other files */
        sqlite3 *s;
        assert_int_equal(sqlite3_open(p, &s), SQLITE_OK);
        assert_int_equal(sqlite3_exec(s, "PRAGMA user_version = 2", NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(s);
        assert_int_equal(bh_vuln_db_open(p, false, &db, &err), BH_EINVAL);
        assert_non_null(strstr(err->msg, "schema version 2"));
        write_file("junk.db", "this is not sqlite, just text long enough to be a header....\n");
        bh_autofree char *junk = tpath("junk.db");
        assert_int_equal(bh_vuln_db_open(junk, false, &db, &err), BH_EINVAL);
        bh_autofree char *none = tpath("none.db");
        assert_int_equal(bh_vuln_db_open(none, false, &db, &err), BH_ENOENT);
        assert_int_equal(access(none, F_OK), -1); /* read-only never creates */
}

/* ---- the matcher and the rules ---- */

static struct bh_pkg pkg(const char *name, const char *ver, const char *src, const char *srcver,
                         enum bh_pkg_format f, uint32_t line)
{
        struct bh_pkg p = {
                .name = name, .version = ver, .source = src, .source_version = srcver, .format = f};
        p.loc.line = line;
        p.loc.col = 1;
        p.loc.file = f == BH_PKGFMT_APK ? "lib/apk/db/installed" : "var/lib/dpkg/status";
        return p;
}

static void run_rules(struct bh_doc *doc, struct bh_findings *f)
{
        bh_findings_init(f);
        bh_rules_run(doc, NULL, f);
        bh_findings_sort(f);
}

static void test_match_own(void **state)
{
        struct bh_vuln_db *db = open_new("match.db");
        struct bh_vuln_import_stats st;
        struct bh_pkg v[] = {
                pkg("foo", "1.2-1", NULL, NULL, BH_PKGFMT_DPKG,
                    1), /* T-1 fixed 1.5-1, T-2 last_affected */
                pkg("libfoo1", "1.2-1+b1", "foo", "1.2-1", BH_PKGFMT_DPKG,
                    9), /* by source + source version */
                pkg("bar", "2.0-1", NULL, NULL, BH_PKGFMT_DPKG, 17), /* fixed */
                pkg("baz", "1 0", NULL, NULL, BH_PKGFMT_DPKG, 25),   /* unorderable */
                pkg("apkpkg", "1.0-r0", NULL, NULL, BH_PKGFMT_APK,
                    30), /* another format: skipped */
        };
        struct bh_pkg_list pl = {.v = v, .n = BH_ELEMENTSOF(v)};
        struct bh_osinfo os = {.id = "debian", .version_id = "12", .pretty_name = "Debian 12"};
        struct bh_doc doc;
        bh_autoptr(bh_error) err = NULL;
        struct bh_findings f;

        (void)state;
        import_ok(db, "recs", &st);
        bh_vuln_import_stats_release(&st);
        bh_vuln_db_close(db);
        bh_autofree char *p = tpath("match.db");
        assert_int_equal(bh_vuln_db_open(p, false, &db, &err), 0);

        bh_doc_init(&doc, "/", BH_SURFACE_HOST, NULL, 0);
        doc.vulns = bh_arena_alloc(&doc.arena, sizeof(*doc.vulns));
        doc.vulns->max_age_days = 7;
        doc.vulns->age_days = -1;
        assert_int_equal(bh_vuln_match(db, &os, &pl, &doc.arena, doc.vulns, &err), 0);
        assert_true(doc.vulns->covered);
        assert_string_equal(doc.vulns->ecosystem, "Debian:12");
        assert_int_equal(doc.vulns->matches.n, 4);
        assert_int_equal(doc.vulns->undecided.n, 1);
        assert_int_equal(doc.vulns->undecided.v[0].loc.line, 25);
        for (size_t i = 0; i < doc.vulns->undecided.n; i++)
                bh_doc_add_diag(&doc, 9025, doc.vulns->undecided.v[i].loc, "%s",
                                doc.vulns->undecided.v[i].message);
        run_rules(&doc, &f);
        static const char *const want[] = {
                "1:1 BH1006 medium T-1 (CVE-2024-1): foo 1.2-1 is vulnerable, fixed in 1.5-1 "
                "(Debian:12; related DSA-9-1)",
                "1:1 BH1008 low T-2 (CVE-2024-2): foo 1.2-1 is vulnerable, no fix yet (Debian:12)",
                "9:1 BH1006 medium T-1 (CVE-2024-1): libfoo1 1.2-1 (source foo) is vulnerable, "
                "fixed in 1.5-1 (Debian:12; related DSA-9-1)",
                "9:1 BH1008 low T-2 (CVE-2024-2): libfoo1 1.2-1 (source foo) is vulnerable, no fix "
                "yet (Debian:12)",
                "25:1 BH9025 medium baz 1 0: not a valid dpkg version, so its vulnerabilities in "
                "Debian:12 are unknown",
                "0:0 BH1009 low the vulnerability database records no update date",
        };
        size_t nwant = BH_ELEMENTSOF(want);
        char got[512];
        assert_int_equal(f.items.n, nwant);
        for (size_t i = 0; i < f.items.n; i++) {
                const struct bh_finding *x = &f.items.v[i];
                snprintf(got, sizeof(got), "%u:%u %s %s %s", x->loc.line, x->loc.col, x->rule_id,
                         bh_severity_name(x->severity), x->message);
                bool found = false;
                for (size_t k = 0; k < nwant; k++)
                        found |= strcmp(got, want[k]) == 0;
                if (!found)
                        fail_msg("unexpected finding: %s", got);
        }
        /* the vulnerability details travel with the finding */
        for (size_t i = 0; i < f.items.n; i++) {
                const struct bh_finding *x = &f.items.v[i];
                if (x->rule_num == 1006 && x->loc.line == 1) {
                        assert_non_null(x->vuln);
                        assert_string_equal(x->vuln->id, "T-1");
                        assert_string_equal(x->vuln->cve, "CVE-2024-1");
                        assert_string_equal(x->vuln->fixed, "1.5-1");
                        assert_string_equal(x->vuln->severity_source, "default");
                }
                if (x->rule_num == 1008)
                        assert_null(x->vuln->fixed);
        }
        bh_findings_release(&f);

        /* --ignore-unfixed hides BH1008; a fresh date silences BH1009 */
        doc.vulns->ignore_unfixed = true;
        doc.vulns->age_days = 1;
        bh_findings_init(&f);
        bh_rules_run(&doc, NULL, &f);
        for (size_t i = 0; i < f.items.n; i++)
                assert_true(f.items.v[i].rule_num == 1006 || f.items.v[i].rule_num == 9025);
        bh_findings_release(&f);
        bh_doc_release(&doc);

        /* a release the database does not cover: BH1007 once, nothing else */
        struct bh_osinfo os13 = {
                .id = "debian", .version_id = "13", .pretty_name = "Debian GNU/Linux 13 (trixie)"};
        os13.loc.line = 4;
        os13.loc.col = 12;
        os13.loc.file = "etc/os-release";
        bh_doc_init(&doc, "/", BH_SURFACE_HOST, NULL, 0);
        doc.vulns = bh_arena_alloc(&doc.arena, sizeof(*doc.vulns));
        doc.vulns->age_days = 0;
        doc.vulns->max_age_days = 7;
        assert_int_equal(bh_vuln_match(db, &os13, &pl, &doc.arena, doc.vulns, &err), 0);
        assert_false(doc.vulns->covered);
        run_rules(&doc, &f);
        assert_int_equal(f.items.n, 1);
        assert_string_equal(f.items.v[0].rule_id, "BH1007");
        assert_int_equal(f.items.v[0].loc.line, 4);
        assert_string_equal(f.items.v[0].message,
                            "Debian GNU/Linux 13 (trixie) (Debian:13) is not covered by the "
                            "vulnerability database: it holds no advisory for it; 5 packages "
                            "were not checked");
        bh_findings_release(&f);
        bh_doc_release(&doc);

        /* an OS bulkhead has no ecosystem for */
        struct bh_osinfo mint = {.id = "linuxmint", .version_id = "21.3"};
        bh_doc_init(&doc, "/", BH_SURFACE_HOST, NULL, 0);
        doc.vulns = bh_arena_alloc(&doc.arena, sizeof(*doc.vulns));
        doc.vulns->max_age_days = 7;
        assert_int_equal(bh_vuln_match(db, &mint, &pl, &doc.arena, doc.vulns, &err), 0);
        run_rules(&doc, &f);
        assert_int_equal(f.items.n, 1);
        assert_string_equal(f.items.v[0].message,
                            "linuxmint 21.3: no vulnerability data source is known for this OS "
                            "release; 5 packages were not checked");
        bh_findings_release(&f);
        bh_doc_release(&doc);

        /* matching skipped: one info finding */
        bh_doc_init(&doc, "/", BH_SURFACE_HOST, NULL, 0);
        doc.vulns = bh_arena_alloc(&doc.arena, sizeof(*doc.vulns));
        doc.vulns->skipped = "no vulnerability database at /x";
        run_rules(&doc, &f);
        assert_int_equal(f.items.n, 1);
        assert_string_equal(f.items.v[0].rule_id, "BH1009");
        assert_int_equal(f.items.v[0].severity, BH_SEV_INFO);
        bh_findings_release(&f);
        bh_doc_release(&doc);
        bh_vuln_db_close(db);
}

/* The real Debian and Alpine records of ../shared/data/osv/sample, with the
 * fixed versions checked by hand against the files (see the comments). */
struct want {
        const char *id, *package, *fixed; /* fixed NULL: no fix */
};

static void match_sample(const struct bh_osinfo *os, const struct bh_pkg *v, size_t n,
                         const struct want *want, size_t nwant)
{
        bh_autoptr(bh_vuln_db) db = NULL;
        bh_autoptr(bh_error) err = NULL;
        bh_autofree char *p = tpath("sample.db");
        struct bh_pkg_list pl = {.v = (struct bh_pkg *)v, .n = n};
        struct bh_vuln_report rep = {0};
        struct bh_arena a = {0};

        assert_int_equal(bh_vuln_db_open(p, false, &db, &err), 0);
        assert_int_equal(bh_vuln_match(db, os, &pl, &a, &rep, &err), 0);
        assert_true(rep.covered);
        for (size_t i = 0; i < rep.matches.n; i++)
                print_message("# %s %s %s fixed %s\n", rep.matches.v[i].id,
                              rep.matches.v[i].package, rep.matches.v[i].installed,
                              rep.matches.v[i].fixed ? rep.matches.v[i].fixed : "-");
        assert_int_equal(rep.matches.n, nwant);
        for (size_t i = 0; i < nwant; i++) {
                bool found = false;
                for (size_t k = 0; k < rep.matches.n; k++) {
                        const struct bh_vuln_match *m = &rep.matches.v[k];
                        if (strcmp(m->id, want[i].id) != 0 ||
                            strcmp(m->package, want[i].package) != 0)
                                continue;
                        found = true;
                        if ((want[i].fixed == NULL) != (m->fixed == NULL) ||
                            (m->fixed && strcmp(m->fixed, want[i].fixed) != 0))
                                fail_msg("%s %s: fixed %s", m->id, m->package,
                                         m->fixed ? m->fixed : "NULL");
                }
                if (!found)
                        fail_msg("missing %s for %s", want[i].id, want[i].package);
        }
        bh_vuln_report_release(&rep);
        bh_arena_release(&a);
}

static void test_match_sample(void **state)
{
        (void)state;
        if (!sample_dir) {
                print_message("# SKIP ../shared/data/osv/sample is absent\n");
                skip();
        }
        struct bh_vuln_db *db = open_new("sample.db");
        bh_autoptr(bh_error) err = NULL;
        struct bh_vuln_import_stats st = {0};
        const char *paths[] = {sample_dir};
        assert_int_equal(bh_vuln_db_import(db, paths, 1, NULL, &st, &err), 0);
        assert_int_equal(st.added, 10);
        assert_int_equal(st.malformed, 0);
        bh_vuln_import_stats_release(&st);
        bh_vuln_db_close(db);

        /* Debian 12 */
        const struct bh_pkg deb[] = {
                /* DEBIAN-CVE-2023-0464: Debian:12 openssl fixed 3.0.9-1 */
                pkg("openssl", "3.0.8-1", "openssl", NULL, BH_PKGFMT_DPKG, 1),
                pkg("libssl3", "3.0.8-1", "openssl", NULL, BH_PKGFMT_DPKG, 10),
                /* DEBIAN-CVE-2022-37434: zlib fixed 1:1.2.11.dfsg-4.1 (epoch 1) */
                pkg("zlib1g", "1:1.2.11.dfsg-4", "zlib", NULL, BH_PKGFMT_DPKG, 20),
                /* DEBIAN-CVE-2021-42386 fixed 1:1.35.0-1: not affected;
                 * DEBIAN-CVE-2022-28391: no fix in Debian:12 */
                pkg("busybox", "1:1.35.0-4", NULL, NULL, BH_PKGFMT_DPKG, 30),
                /* DEBIAN-CVE-2020-28928 fixed 1.2.2-1: 1.2.3-1 is not affected */
                pkg("musl", "1.2.3-1", NULL, NULL, BH_PKGFMT_DPKG, 40),
                /* binNMU: matched by the source version 3.0.8-1 */
                pkg("libssl-dev", "3.0.8-1+b1", "openssl", "3.0.8-1", BH_PKGFMT_DPKG, 50),
                pkg("openssl-fixed", "3.0.9-1", "openssl", NULL, BH_PKGFMT_DPKG, 60),
        };
        const struct want dw[] = {
                {"DEBIAN-CVE-2023-0464", "openssl", "3.0.9-1"},
                {"DEBIAN-CVE-2023-0464", "libssl3", "3.0.9-1"},
                {"DEBIAN-CVE-2022-37434", "zlib1g", "1:1.2.11.dfsg-4.1"},
                {"DEBIAN-CVE-2022-28391", "busybox", NULL},
                {"DEBIAN-CVE-2023-0464", "libssl-dev", "3.0.9-1"},
        };
        struct bh_osinfo d12 = {.id = "debian", .version_id = "12"};
        match_sample(&d12, deb, BH_ELEMENTSOF(deb), dw, BH_ELEMENTSOF(dw));

        /* Alpine 3.18 */
        const struct bh_pkg alp[] = {
                /* ALPINE-CVE-2023-0464 fixed 3.1.0-r1, ALPINE-CVE-2024-0727 fixed 3.1.4-r5 */
                pkg("libcrypto3", "3.1.0-r0", "openssl", NULL, BH_PKGFMT_APK, 1),
                /* ALPINE-CVE-2020-28928 fixed 1.2.2_pre2-r0: _pre1 is older */
                pkg("musl", "1.2.2_pre1-r0", "musl", NULL, BH_PKGFMT_APK, 10),
                /* ALPINE-CVE-2022-48174 fixed 1.36.1-r1 */
                pkg("busybox", "1.36.1-r0", "busybox", NULL, BH_PKGFMT_APK, 20),
                /* ALPINE-CVE-2022-37434 fixed 1.2.12-r2: 1.2.13-r1 is not affected */
                pkg("zlib", "1.2.13-r1", "zlib", NULL, BH_PKGFMT_APK, 30),
        };
        const struct want aw[] = {
                {"ALPINE-CVE-2023-0464", "libcrypto3", "3.1.0-r1"},
                {"ALPINE-CVE-2024-0727", "libcrypto3", "3.1.4-r5"},
                {"ALPINE-CVE-2020-28928", "musl", "1.2.2_pre2-r0"},
                {"ALPINE-CVE-2022-48174", "busybox", "1.36.1-r1"},
        };
        struct bh_osinfo a318 = {.id = "alpine", .version_id = "3.18.4"};
        match_sample(&a318, alp, BH_ELEMENTSOF(alp), aw, BH_ELEMENTSOF(aw));
}

int main(int argc, char **argv)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_cvss),           cmocka_unit_test(test_osv_parse),
                cmocka_unit_test(test_osv_limits),     cmocka_unit_test(test_affected),
                cmocka_unit_test(test_ecosystem),      cmocka_unit_test(test_db_import),
                cmocka_unit_test(test_db_atomic),      cmocka_unit_test(test_db_zip_limits),
                cmocka_unit_test(test_db_plan_schema), cmocka_unit_test(test_match_own),
                cmocka_unit_test(test_match_sample),
        };
        struct stat stb;
        int r;

        if (argc > 1 && stat(argv[1], &stb) == 0 && S_ISDIR(stb.st_mode))
                sample_dir = argv[1];
        snprintf(tmpdir, sizeof(tmpdir), "%s/bh-vuln-XXXXXX",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(tmpdir))
                return 1;
        setup_records();
        cmocka_set_message_output(CM_OUTPUT_TAP);
        r = cmocka_run_group_tests(tests, NULL, NULL);
        /* the temporary directory holds only files this test wrote */
        const char *names[] = {
                "recs/T-1.json", "recs/T-2.json", "recs/broken.json", "recs/notes.txt",
                "recs",          "T-1-new.json",  "T-1-old.json",     "T-2-withdrawn.json",
                "import.db",     "atomic.db",     "zip.db",           "zip2.db",
                "plan.db",       "junk.db",       "match.db",         "sample.db",
                "feed.zip"};
        for (size_t i = 0; i < BH_ELEMENTSOF(names); i++) {
                bh_autofree char *p = tpath(names[i]);
                if (unlink(p) < 0)
                        rmdir(p);
        }
        rmdir(tmpdir);
        return r;
}
