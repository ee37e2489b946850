/* Version ordering: hand-written cases per scheme (each checked both ways),
 * validity, the length limit, and antisymmetry / transitivity over generated
 * sets.  tests/vuln/oracle.py compares with dpkg and rpm themselves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka.h needs the four headers above first. */
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/util/limits.h"
#include "../../src/vuln/version.h"

#include "../../src/util/bh-banned.h"

struct vcase {
        const char *a;
        char op; /* '<', '=' or '>': the order of a relative to b */
        const char *b;
};

typedef int (*cmp_fn)(const char *, const char *);

static int expected_sign(char op)
{
        return op == '<' ? -1 : (op == '>' ? 1 : 0);
}

/* Every case both ways; print all failures before failing. */
static void run_cases(const char *scheme, cmp_fn cmp, const struct vcase *cases, size_t n)
{
        unsigned bad = 0;

        for (size_t i = 0; i < n; i++) {
                int want = expected_sign(cases[i].op);
                int got = cmp(cases[i].a, cases[i].b);
                int back = cmp(cases[i].b, cases[i].a);

                if (got != want || back != -want) {
                        print_message("# %s: '%s' %c '%s': got %d, reversed %d\n", scheme,
                                      cases[i].a, cases[i].op, cases[i].b, got, back);
                        bad++;
                }
        }
        assert_int_equal(bad, 0);
}

/* ---- dpkg ---- */

static const struct vcase dpkg_cases[] = {
        /* deb-version(7) and the reference's tricky cases */
        {"1.0~rc1", '<', "1.0"},
        {"1.0~~", '<', "1.0~"},
        {"1.0~~a", '<', "1.0~"},
        {"1.0~", '<', "1.0"},
        {"1.0a", '<', "1.0+b1"},
        {"1.0", '<', "1.0a"},
        {"1.09", '=', "1.9"},
        {"3.0.11-1~deb12u2", '<', "3.0.11-1"},
        {"2.36-9+deb12u4", '>', "2.36-9"},
        {"1.0", '=', "1.0-0"},
        {"1.0-0", '=', "1.0-00"},
        {"1.0", '<', "1.0-1"},
        /* epochs */
        {"1:1.0", '>', "2.0"},
        {"0:1.0", '=', "1.0"},
        {"1:0", '>', "0:9"},
        {"10:1", '>', "9:1"},
        {"02:1", '=', "2:1"},
        {"+1:2", '=', "1:2"},
        {"-0:1", '=', "1"},
        {"2147483647:1", '>', "2147483646:9"},
        {"1:2:3", '>', "1:2:2"},
        {"1:2:3", '<', "2:3"},
        /* revisions */
        {"1.0-1", '<', "1.0-2"},
        {"1.0-10", '>', "1.0-9"},
        {"1.0-1", '<', "1.0-1.0"},
        {"1-2-3", '<', "1-2-4"},
        {"1-2-3", '>', "1-2"},
        {"1.0~rc1-1", '<', "1.0-1"},
        {"1.0-1~bpo1", '<', "1.0-1"},
        {"7.88.1-10+deb12u5", '<', "7.88.1-10+deb12u6"},
        {"7.88.1-10+deb12u12", '>', "7.88.1-10+deb12u5"},
        {"2.7.4-0ubuntu1", '<', "2.7.4-0ubuntu1.1"},
        {"1.2.3-1+b1", '>', "1.2.3-1"},
        {"1:2.30-1", '<', "1:2.30-1+b1"},
        {"5.10.0-28", '<', "5.10.0-28+deb11u1"},
        /* upstream digit and non-digit runs */
        {"1.2.3", '<', "1.2.10"},
        {"1.0", '<', "1.0.0"},
        {"1.0.0", '=', "1.0.00"},
        {"1.0+b1", '>', "1.0+1"},
        {"1.0.a", '>', "1.0a"},
        {"0.0.1", '<', "0.1"},
        {"1.0", '=', "1.00"},
        {"1.001", '=', "1.1"},
        {"000001", '=', "1"},
        {"1.0+~", '<', "1.0++"},
        {"1:1.0", '>', "1:1.0~"},
        {"1.1.1", '<', "1.1.1a"},
        {"1.10", '>', "1.9"},
        {"99999999999999999999999", '>', "99999999999999999999998"},
        {"099999999999999999999999", '=', "99999999999999999999999"},
        {"1.", '>', "1"},
        {"1~", '<', "1"},
        {"1~~", '<', "1~a"},
        {"1~a", '<', "1~b"},
        {"1a", '<', "1b"},
        {"1Z", '<', "1a"},
        {"1a", '<', "1."},
        {"1a", '<', "1+"},
        {"1+", '>', "1-0"},
        {"1.0a~", '<', "1.0a"},
        {"4.19.0+dfsg-2", '<', "4.19.0+dfsg1-1"},
        {"2.2.53-10", '=', "2.2.53-010"},
        /* blanks around the version are trimmed */
        {" 1.0 ", '=', "1.0"},
        {"\t1.0", '=', "1.0"},
        /* the blank version and warning-level versions are compared */
        {"", '=', ""},
        {"", '<', "0"},
        {"", '<', "~"},
        {"~", '<', "0"},
        {"a1", '>', "1"},
        {"1_0", '>', "1.0"},
        {"\xc3\xa9", '<', "+"},
        /* rejected versions sort first, bytewise among themselves */
        {"1:", '<', ""},
        {"a:1", '<', "0"},
        {":1", '<', "1"},
        {"1.0-", '<', "1.0"},
        {"-1", '<', "0"},
        {"1 0", '<', "0"},
        {"2147483648:1", '<', "1"},
        {"-1:1", '<', "1"},
        {"1:", '<', "a:1"},
        {"1.0-", '<', "1:"},
};

static void test_dpkg_cases(void **state)
{
        (void)state;
        run_cases("dpkg", bh_version_cmp_dpkg, dpkg_cases, BH_ELEMENTSOF(dpkg_cases));
}

static void test_dpkg_valid(void **state)
{
        static const char *const good[] = {
                "1.0",   "0",     "1:1.0-1", "1.0~rc1-1~bpo11+1", "2:1.2.3+dfsg-4+deb12u1",
                "1.0-a", "1:2:3", "1.0-1-1", "2147483647:0",      "+1:2",
                "1.",
        };
        static const char *const bad[] = {
                "",        " ",   "1:",           "a:1",  ":1", "1.0-",
                "-1",      "1 0", "2147483648:1", "-1:1", "a1", /* warning: does not start with a digit */
                "1_0",                                          /* warning: invalid character */
                "1.0-1_1", /* warning: invalid character in the revision */
                "1.0-1:1", /* ':' is not allowed in the revision */
                "~1",
        };

        (void)state;
        for (size_t i = 0; i < BH_ELEMENTSOF(good); i++) {
                if (!bh_version_valid_dpkg(good[i]))
                        fail_msg("'%s' should be a valid dpkg version", good[i]);
        }
        for (size_t i = 0; i < BH_ELEMENTSOF(bad); i++) {
                if (bh_version_valid_dpkg(bad[i]))
                        fail_msg("'%s' should be an invalid dpkg version", bad[i]);
        }
}

/* ---- apk ---- */

static const struct vcase apk_cases[] = {
        {"1.0", '<', "1.0.1"},
        {"1.0", '<', "1.0-r1"},
        {"1.0", '<', "1.0-r0"},
        {"1.0_rc1", '<', "1.0"},
        {"1.0", '<', "1.0_p1"},
        {"1.0_alpha1", '<', "1.0_alpha2"},
        {"1.0_alpha", '<', "1.0_alpha1"},
        {"1.0_alpha10", '>', "1.0_alpha9"},
        {"1.0_alpha0", '>', "1.0_alpha"},
        {"1.0_rc", '<', "1.0_rc1"},
        {"1.0_p", '<', "1.0_p1"},
        /* leading zeros: string order after the first number */
        {"1.02", '<', "1.1"},
        {"1.010", '<', "1.02"},
        {"1.01", '<', "1.1"},
        {"1.0", '<', "1.00"},
        {"1.001", '<', "1.01"},
        {"1.09", '<', "1.1"},
        {"1.10", '>', "1.9"},
        {"01", '=', "1"},
        {"001.2", '=', "1.2"},
        {"2.0", '>', "1.99"},
        {"1.99999999999999999999", '>', "1.99999999999999999998"},
        {"1.2.3", '=', "1.2.3"},
        /* letters */
        {"1.2a", '<', "1.2b"},
        {"1.2", '<', "1.2a"},
        {"1.2a", '<', "1.2.1"},
        {"1.2z", '<', "1.3"},
        {"1a", '>', "1"},
        {"1.2_p1", '<', "1.2a"},
        {"1.2a_rc1", '<', "1.2a"},
        {"1.2a_rc1", '>', "1.2"},
        /* suffix numbers, chains and revisions */
        {"1.0_alpha_beta", '<', "1.0_alpha"},
        {"1.0_alpha_p", '>', "1.0_alpha"},
        {"1.0_alpha1_beta", '<', "1.0_alpha1"},
        {"1.0_rc1-r1", '<', "1.0-r0"},
        {"1.0_p1-r1", '<', "1.0_p2"},
        {"1.0_p1-r1", '>', "1.0_p1"},
        {"1.0-r1", '<', "1.0-r2"},
        {"1.0-r10", '>', "1.0-r9"},
        {"1.0-r01", '=', "1.0-r1"},
        {"1.0-r1", '<', "1.0_p1"},
        {"1.0-r1", '<', "1.0.1"},
        {"1.0-r5", '<', "1.0a"},
        {"1.0_git20240101", '<', "1.0_git20240102"},
        {"1.0_git20240101", '>', "1.0_svn20250101"},
        {"1.0_pre1", '>', "1.0_beta9"},
        {"1_p", '>', "1"},
        /* commit hashes (apk-tools v3) */
        {"1.0~abc", '>', "1.0"},
        {"1.0~abc", '<', "1.0~abd"},
        {"1.0~ab", '<', "1.0~abc"},
        {"1.0~abc-r1", '>', "1.0~abc"},
        {"1.0~abc", '>', "1.0-r1"},
        {"1.0~abc", '<', "1.0_p1"},
        {"1.0_rc1~ff", '<', "1.0"},
        /* real Alpine versions */
        {"3.0.12-r0", '<', "3.0.12-r1"},
        {"1.36.1-r15", '>', "1.36.1-r2"},
        {"8.5.0-r0", '>', "8.4.0-r2"},
        {"2.40.1-r0", '<', "2.40.1-r1"},
        {"3.22.0_alpha20250108", '<', "3.22.0"},
        {"1.1.1w-r1", '>', "1.1.1t-r3"},
        {"1.1.1w-r1", '<', "1.1.2-r0"},
        /* rejected: sort first, bytewise among themselves */
        {"", '<', "0"},
        {"3.3.3p1-r3", '<', "0"},
        {"3.3.3p1-r2", '<', "3.3.3p1-r3"},
        {"1.0A", '<', "0.1"},
        {"1.", '<', "1"},
        {"1.0-r", '<', "1.0"},
        {"1.0_foo", '<', "1.0"},
        {"1.0~", '<', "1.0"},
        {"1.0~xyz", '<', "1.0"},
        {"v1.0", '<', "1.0"},
};

/* The whole suffix chain, pairwise (with the plain version in its place). */
static void test_apk_suffix_chain(void **state)
{
        static const char *const chain[] = {
                "1.0_alpha", "1.0_beta", "1.0_pre", "1.0_rc", "1.0",   "1.0_cvs",
                "1.0_svn",   "1.0_git",  "1.0_hg",  "1.0_p",  "1.0.1",
        };
        char a[64], b[64];

        (void)state;
        for (size_t i = 0; i < BH_ELEMENTSOF(chain); i++) {
                for (size_t j = 0; j < BH_ELEMENTSOF(chain); j++) {
                        int want = (i > j) - (i < j);

                        assert_int_equal(bh_version_cmp_apk(chain[i], chain[j]), want);
                        /* A number after every suffix keeps the order. */
                        snprintf(a, sizeof(a), "%s%s", chain[i], i == 4 || i == 10 ? "" : "3");
                        snprintf(b, sizeof(b), "%s%s", chain[j], j == 4 || j == 10 ? "" : "3");
                        assert_int_equal(bh_version_cmp_apk(a, b), want);
                }
        }
}

static void test_apk_cases(void **state)
{
        (void)state;
        run_cases("apk", bh_version_cmp_apk, apk_cases, BH_ELEMENTSOF(apk_cases));
}

static void test_apk_valid(void **state)
{
        static const char *const good[] = {
                "1",
                "1.0",
                "1.2.3a",
                "1.0_alpha",
                "1.0_alpha1_beta2_pre3_rc4_cvs_svn_git_hg_p5",
                "1a_p1~ff-r0",
                "1~0123456789abcdef",
                "1.0-r0",
                "01.02",
                "1_p",
                "1.0a-r1",
        };
        static const char *const bad[] = {
                "",        "a1",         "1.",        "1..2",      "1.0a.b", "1.0ab",
                "1.0a1",   "1.0_foo",    "1.0_",      "1.0-r",     "1.0-1",  "1.0~",
                "1.0~xyz", "1.0~ABC",    "1.0-r1-r2", "1.0-r1_p1", "1.0A",   "v1.0",
                "1.0 ",    "3.3.3p1-r3", "1.0~ab_p1", "1.0-r1~ab", "1._p",   "1_1",
        };

        (void)state;
        for (size_t i = 0; i < BH_ELEMENTSOF(good); i++) {
                if (!bh_version_valid_apk(good[i]))
                        fail_msg("'%s' should be a valid apk version", good[i]);
        }
        for (size_t i = 0; i < BH_ELEMENTSOF(bad); i++) {
                if (bh_version_valid_apk(bad[i]))
                        fail_msg("'%s' should be an invalid apk version", bad[i]);
        }
}

/* ---- rpm ---- */

static const struct vcase rpm_cases[] = {
        /* the reference's cases (checked with rpm 4.18) */
        {"1.0^", '>', "1.0"},
        {"1.0^git1", '<', "1.01"},
        {"2_0", '=', "2.0"},
        {"1b.fc17", '<', "1.fc17"},
        {"10.0001", '=', "10.1"},
        /* tilde */
        {"1.0~rc1", '<', "1.0"},
        {"1.0~~", '<', "1.0~"},
        {"1.0~rc1", '<', "1.0~rc2"},
        {"1.0~rc1", '>', "1.0~beta"},
        {"1.0~", '<', "1.0"},
        {"1.0~rc1", '<', "1.0.1~rc1"},
        {"1.0~rc1", '>', "0.9"},
        {"1.0~1", '>', "1.0~a1"},
        /* caret */
        {"1.0^^", '>', "1.0^"},
        {"1.0^", '<', "1.0.1"},
        {"1.0^git2", '>', "1.0^git1"},
        {"1.0^git1", '>', "1.0~rc1"},
        {"1.0^", '<', "1.0a"},
        {"1.0~rc1^git1", '<', "1.0~rc2"},
        {"1.0~rc1^git1", '>', "1.0~rc1"},
        /* segments */
        {"1.0", '=', "1.0"},
        {"1.0", '<', "1.0.1"},
        {"1.0a", '>', "1.0"},
        {"1.0a", '<', "1.0.1"},
        {"1.a", '=', "1a"},
        {"1.0", '=', "1..0"},
        {"1.0", '=', "1+0"},
        {"a", '<', "b"},
        {"A", '<', "a"},
        {"abc", '<', "abd"},
        {"ab", '<', "abc"},
        {"1", '>', "a"},
        {"1.1", '>', "1.a"},
        {"10", '>', "9"},
        {"010", '=', "10"},
        {"1.0.0", '>', "1.0"},
        {"0.9.8", '<', "0.9.8a"},
        {"2.0.1a", '>', "2.0.1"},
        {"1e", '<', "2"},
        {"99999999999999999999999", '>', "99999999999999999999998"},
        {"1.0\xc3\xa9", '=', "1.0"},
        {"\xc3\xa9", '<', "1"},
        /* epoch and release */
        {"1:1.0", '>', "2.0"},
        {":1", '=', "0:1"},
        {"00:1", '=', "0:1"},
        {"0:1.0-1", '=', "1.0-1"},
        {"2:0.1", '>', "1:9.9"},
        {"1.0", '<', "1.0-0"},
        {"1.0", '<', "1.0-"},
        {"1.0-", '<', "1.0-0"},
        {"1.0-1", '<', "1.0-2"},
        {"1.0-1", '>', "1.0"},
        {"1.0-a", '>', "1.0"},
        {"1-2-3", '<', "1-2-4"},
        {"1:2:3", '<', "1:2:4"},
        {"x:1", '<', "x:1.0"},
        {"a:1", '<', "1"},
        {"-1", '<', "1"},
        {":-", '>', ":"},
        {"", '<', "0"},
        {"", '=', ""},
        /* real RPM versions */
        {"5.14.0-362.8.1.el9_3", '<', "5.14.0-362.13.1.el9_3"},
        {"2.17-326.el7_9", '>', "2.17-326.el7"},
        {"1:3.0.7-25.el9_3", '<', "1:3.0.7-27.el9"},
        {"1:1.1.1k-9.el8_7", '<', "1:1.1.1k-12.el8_9"},
        {"3.0.7-24.el9", '<', "1:3.0.7-1.el9"},
        {"2.9.13-5.el9_2", '>', "2.9.13-5.el9"},
        {"7.76.1-26.el9_3.2", '>', "7.76.1-26.el9_3"},
        {"0.23.0-1.fc39", '>', "0.23.0~rc1-1.fc40"},
};

static void test_rpm_cases(void **state)
{
        (void)state;
        run_cases("rpm", bh_version_cmp_rpm, rpm_cases, BH_ELEMENTSOF(rpm_cases));
}

static void test_rpm_valid(void **state)
{
        static const char *const good[] = {
                "1.0", "1:1.0-1.el9", "1.0~rc1^git2+foo_bar-3", "0:1", "1.0-1", "a",
        };
        static const char *const bad[] = {
                "", ":1", "1.0-", "-1", "1-2-3", "1.0 ", "1.0-1:2", "1.0/1", "1.0\xc3\xa9", "a:1",
        };

        (void)state;
        for (size_t i = 0; i < BH_ELEMENTSOF(good); i++) {
                if (!bh_version_valid_rpm(good[i]))
                        fail_msg("'%s' should be a valid rpm version", good[i]);
        }
        for (size_t i = 0; i < BH_ELEMENTSOF(bad); i++) {
                if (bh_version_valid_rpm(bad[i]))
                        fail_msg("'%s' should be an invalid rpm version", bad[i]);
        }
}

/* ---- the limit and the checked API ---- */

static void test_limit(void **state)
{
        static const cmp_fn cmps[] = {bh_version_cmp_dpkg, bh_version_cmp_apk, bh_version_cmp_rpm};
        char at[BH_LIMIT_VERSION_LENGTH + 1], over[BH_LIMIT_VERSION_LENGTH + 2];
        struct bh_error *err = NULL;
        int cmp = 42;

        (void)state;
        /* "1.000...0": valid in all three schemes at exactly the limit. */
        memset(at, '0', sizeof(at));
        at[0] = '1';
        at[1] = '.';
        at[BH_LIMIT_VERSION_LENGTH] = '\0';
        memset(over, '0', sizeof(over));
        over[0] = '1';
        over[1] = '.';
        over[BH_LIMIT_VERSION_LENGTH + 1] = '\0';
        for (int s = 0; s < BH_VERSION_SCHEME__COUNT; s++) {
                assert_int_equal(bh_version_check((enum bh_version_scheme)s, at, &err), 0);
                assert_int_equal(
                        bh_version_compare((enum bh_version_scheme)s, at, "1.1", &cmp, &err), 0);
                assert_int_equal(cmp, -1);
                cmp = 42;
                assert_int_equal(bh_version_check((enum bh_version_scheme)s, over, &err),
                                 BH_ELIMIT);
                assert_non_null(strstr(err->msg, "longer than 256 bytes"));
                assert_int_equal(
                        bh_version_compare((enum bh_version_scheme)s, "1", over, &cmp, &err),
                        BH_ELIMIT);
                assert_int_equal(cmp, 42); /* untouched on failure */
                /* Over the limit: the rejected class, before every version. */
                assert_int_equal(cmps[s](over, "0"), -1);
                assert_int_equal(cmps[s]("0", over), 1);
                assert_int_equal(cmps[s](over, over), 0);
        }
        assert_true(bh_version_valid_dpkg(at) && bh_version_valid_apk(at) &&
                    bh_version_valid_rpm(at));
        assert_false(bh_version_valid_dpkg(over) || bh_version_valid_apk(over) ||
                     bh_version_valid_rpm(over));
        bh_error_free(err);
}

static void test_checked_api(void **state)
{
        struct bh_error *err = NULL;
        int cmp = 42;

        (void)state;
        assert_int_equal(
                bh_version_compare(BH_VERSION_SCHEME_DPKG, "1.0-1", "1.0-1+b1", &cmp, &err), 0);
        assert_int_equal(cmp, -1);
        assert_int_equal(bh_version_compare(BH_VERSION_SCHEME_APK, "1.0_rc1", "1.0", &cmp, &err),
                         0);
        assert_int_equal(cmp, -1);
        assert_int_equal(bh_version_compare(BH_VERSION_SCHEME_RPM, "1:1", "2", &cmp, &err), 0);
        assert_int_equal(cmp, 1);
        cmp = 42;
        assert_int_equal(bh_version_compare(BH_VERSION_SCHEME_DPKG, "1.0", "1:", &cmp, &err),
                         BH_EINVAL);
        assert_string_equal(err->msg, "malformed dpkg version '1:'");
        assert_int_equal(bh_version_compare(BH_VERSION_SCHEME_APK, "3.3.3p1-r3", "1", &cmp, &err),
                         BH_EINVAL);
        assert_string_equal(err->msg, "malformed apk version '3.3.3p1-r3'");
        assert_int_equal(bh_version_check(BH_VERSION_SCHEME_RPM, "1.0\x1b[2J\xc3", &err),
                         BH_EINVAL);
        assert_string_equal(err->msg, "malformed rpm version '1.0?[2J?'");
        assert_int_equal(bh_version_check(BH_VERSION_SCHEME__COUNT, "1", &err), BH_EINVAL);
        assert_int_equal(cmp, 42);
        assert_string_equal(bh_version_scheme_name(BH_VERSION_SCHEME_RPM), "rpm");
        assert_string_equal(bh_version_scheme_name(BH_VERSION_SCHEME__COUNT), "?");
        /* No error object wanted: the code alone. */
        assert_int_equal(bh_version_check(BH_VERSION_SCHEME_RPM, "", NULL), BH_EINVAL);
        bh_error_free(err);
}

/* ---- order properties over generated sets ---- */

#define GEN_COUNT 160
#define GEN_LEN   12

static uint64_t rng_state;

static unsigned rng(unsigned n)
{
        /* xorshift64*: deterministic, so a failure reproduces. */
        rng_state ^= rng_state >> 12;
        rng_state ^= rng_state << 25;
        rng_state ^= rng_state >> 27;
        return (unsigned)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

/* Half the strings are built from the scheme's pieces (mostly valid), half
 * are random over its alphabet (often rejected), so both classes and their
 * boundary are exercised. */
static void gen_version(char *out, size_t cap, const char *const *pieces, size_t npieces,
                        const char *alphabet)
{
        size_t len = 0, want = 1 + rng(GEN_LEN);

        out[0] = '\0';
        if (rng(2) == 0) {
                len = (size_t)snprintf(out, cap, "%u", rng(4));
                while (len < want && len + 8 < cap) {
                        const char *p = pieces[rng((unsigned)npieces)];

                        len += (size_t)snprintf(out + len, cap - len, "%s", p);
                }
                return;
        }
        for (; len < want && len + 1 < cap; len++)
                out[len] = alphabet[rng((unsigned)strlen(alphabet))];
        out[len] = '\0';
}

static char gen_set[GEN_COUNT][32];

static void fill_set(const char *const *pieces, size_t npieces, const char *alphabet)
{
        rng_state = 0x9e3779b97f4a7c15ULL;
        for (size_t i = 0; i < GEN_COUNT; i++)
                gen_version(gen_set[i], sizeof(gen_set[i]), pieces, npieces, alphabet);
}

static cmp_fn sort_cmp;

static int qsort_cmp(const void *a, const void *b)
{
        return sort_cmp(a, b);
}

static void check_order(cmp_fn cmp)
{
        unsigned bad = 0;

        /* Reflexive and antisymmetric. */
        for (size_t i = 0; i < GEN_COUNT; i++) {
                if (cmp(gen_set[i], gen_set[i]) != 0)
                        bad++;
                for (size_t j = 0; j < GEN_COUNT; j++)
                        if (cmp(gen_set[i], gen_set[j]) != -cmp(gen_set[j], gen_set[i]))
                                bad++;
        }
        assert_int_equal(bad, 0);
        /* Transitive: every triple, for <, = and > alike. */
        for (size_t i = 0; i < GEN_COUNT; i++) {
                for (size_t j = 0; j < GEN_COUNT; j++) {
                        int ij = cmp(gen_set[i], gen_set[j]);

                        for (size_t k = 0; k < GEN_COUNT; k++) {
                                int jk = cmp(gen_set[j], gen_set[k]);
                                int ik = cmp(gen_set[i], gen_set[k]);

                                if (ij == jk && ik != ij) {
                                        print_message("# not transitive: '%s' '%s' '%s'\n",
                                                      gen_set[i], gen_set[j], gen_set[k]);
                                        bad++;
                                } else if ((ij <= 0 && jk <= 0 && ik > 0) ||
                                           (ij >= 0 && jk >= 0 && ik < 0)) {
                                        bad++;
                                }
                        }
                }
        }
        assert_int_equal(bad, 0);
        /* And sorting with it leaves every pair in order. */
        sort_cmp = cmp;
        qsort(gen_set, GEN_COUNT, sizeof(gen_set[0]), qsort_cmp);
        for (size_t i = 0; i < GEN_COUNT; i++)
                for (size_t j = i + 1; j < GEN_COUNT; j++)
                        if (cmp(gen_set[i], gen_set[j]) > 0)
                                bad++;
        assert_int_equal(bad, 0);
}

static void test_dpkg_order(void **state)
{
        static const char *const pieces[] = {".", "0", "1", "9",  "10", "~",       "~rc", "+",
                                             "a", "b", "-", "-1", ":",  "+deb12u", "~bpo"};

        (void)state;
        fill_set(pieces, BH_ELEMENTSOF(pieces), "0129.+~-:abZ ");
        check_order(bh_version_cmp_dpkg);
}

static void test_apk_order(void **state)
{
        static const char *const pieces[] = {".0",     ".1",  ".01", ".10",  "a",
                                             "_alpha", "_rc", "_p",  "_git", "1",
                                             "2",      "~ab", "-r0", "-r1",  "_pre"};

        (void)state;
        fill_set(pieces, BH_ELEMENTSOF(pieces), "0129._~-rapf");
        check_order(bh_version_cmp_apk);
}

static void test_rpm_order(void **state)
{
        static const char *const pieces[] = {".", "0", "1", "9",  "10", "~",   "^",  "a",
                                             "b", "_", "-", "-1", ":",  "el9", "git"};

        (void)state;
        fill_set(pieces, BH_ELEMENTSOF(pieces), "0129.~^-:_ab");
        check_order(bh_version_cmp_rpm);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_dpkg_cases),
                cmocka_unit_test(test_dpkg_valid),
                cmocka_unit_test(test_dpkg_order),
                cmocka_unit_test(test_apk_cases),
                cmocka_unit_test(test_apk_suffix_chain),
                cmocka_unit_test(test_apk_valid),
                cmocka_unit_test(test_apk_order),
                cmocka_unit_test(test_rpm_cases),
                cmocka_unit_test(test_rpm_valid),
                cmocka_unit_test(test_rpm_order),
                cmocka_unit_test(test_limit),
                cmocka_unit_test(test_checked_api),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
