/* Reporter golden tests: one fixed finding set rendered in every format and
 * compared byte for byte with tests/report/golden/.  BH_UPDATE_GOLDEN=1
 * rewrites the golden files instead (review the diff before committing). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../src/report/report-int.h"
#include "../../src/report/report.h"
#include "../../src/util/error.h"

#include "../../src/util/bh-banned.h"

static const char *golden_dir;

/* The Dockerfile of the fixture, one string per line (index 0 = line 1). */
static const char *const df_lines[] = {
        "FROM ubuntu:latest",
        "RUN\tcurl -fsSL https://get.example.com/install.sh \\",
        "\t| sh",
        "VOLUME /var/run/docker.sock",
        "LABEL RUN=\"podman run --cap-add=NET_BIND_SERVICE IMAGE\"",
        "USER root",
        "ENV GREETING=\"h\xc3\xa9llo \x1b[0m\" API_TOKEN=abc123",
        "# bulkhead:ignore BH7009 reason=\"the legacy installer needs it\"",
        "RUN sudo apt-get install -y make",
};

static const char *const cf_lines[] = {
        "# bulkhead:ignore-file BH7008 reason=\"shared cache dir\"",
        "FROM alpine:3.19",
        "# bulkhead:ignore-stage BH7004 reason=\"CI grants the insecure entitlement\"",
        "RUN --security=insecure make install",
        "RUN chmod 777 /srv/cache",
        "USER ${APP_UID}",
};

#define DF      "Dockerfile"
#define CF      "deploy/my app/Containerfile"
#define MISSING "/srv/ci/Dockerfile.missing"

static const struct bh_report_file files[] = {
        {.path = DF, .surface = "dockerfile", .failed = false},
        {.path = CF, .surface = "dockerfile", .failed = false},
        {.path = MISSING, .surface = "dockerfile", .failed = true},
        {.path = "docker-compose.yml", .surface = "compose", .failed = false},
};

static const char *const warnings[] = {
        "suppression for BH7005 at .bulkhead.yaml:9 expired on 2024-01-31",
        "suppression at Dockerfile\x1b]0;pwned\x07:12 matches no finding",
};

static struct bh_findings fixture;

/* Add a finding on line `line` of `lines` whose range is the first `token`
 * (col 0 when token is NULL); end_token extends the range to line end_line. */
static struct bh_finding *add(const char *rule, enum bh_severity sev, const char *path,
                              const char *const *lines, uint32_t line, const char *token,
                              const char *message)
{
        const struct bh_rule *r = bh_rules_find(rule);
        struct bh_loc loc = {.line = line};
        struct bh_finding *f;

        assert_non_null(r);
        if (line && token) {
                const char *p = strstr(lines[line - 1], token);

                assert_non_null(p);
                loc.col = (uint32_t)(p - lines[line - 1]) + 1;
                loc.end_line = line;
                loc.end_col = loc.col + (uint32_t)strlen(token);
        }
        f = bh_findings_add(&fixture, r->id, r->num, sev, path, loc, message);
        assert_non_null(f);
        if (line && lines)
                f->source_line = bh_xstrdup(lines[line - 1]);
        return f;
}

static void suppress(struct bh_finding *f, enum bh_supp_kind kind, const char *reason,
                     const char *source)
{
        f->suppressed = kind;
        f->supp_reason = bh_xstrdup(reason);
        f->supp_source = bh_xstrdup(source);
}

static void build_fixture(void)
{
        struct bh_finding *f;

        bh_findings_init(&fixture);
        add("BH1001", BH_SEV_MEDIUM, DF, df_lines, 1, "ubuntu:latest",
            "image 'ubuntu:latest' uses the latest tag");
        add("BH1002", BH_SEV_INFO, DF, df_lines, 1, "ubuntu:latest",
            "image 'ubuntu:latest' is not pinned by digest");
        /* A range over two lines: from "curl" to the end of "| sh". */
        f = add("BH7001", BH_SEV_HIGH, DF, df_lines, 2, "curl",
                "output of curl is piped to sh without verification");
        f->loc.end_line = 3;
        f->loc.end_col = (uint32_t)strlen(df_lines[2]) + 1;
        add("BH2001", BH_SEV_CRITICAL, DF, df_lines, 4, "/var/run/docker.sock",
            "the engine socket /var/run/docker.sock is mounted into the container");
        add("BH4002", BH_SEV_LOW, DF, df_lines, 5, "NET_BIND_SERVICE",
            "capability NET_BIND_SERVICE added (low risk)");
        add("BH3001", BH_SEV_HIGH, DF, df_lines, 6, "USER root",
            "the container runs as root: USER root");
        /* Untrusted text: ESC (clear screen), a C1 CSI, a bidi override, an
         * invalid byte, plus ordinary UTF-8 that must pass through. */
        add("BH7003", BH_SEV_HIGH, DF, df_lines, 7, "API_TOKEN=abc123",
            "secret in ENV API_TOKEN \x1b[2J\xc2\x9b"
            "31m\xe2\x80\xaeRLO caf\xc3\xa9 \xe2\x80\x94 \xff");
        f = add("BH7009", BH_SEV_MEDIUM, DF, df_lines, 9, "sudo", "sudo used in RUN");
        suppress(f, BH_SUPP_INLINE, "the legacy installer needs it", DF ":8");

        /* A point (no range): a single caret. */
        f = add("BH3002", BH_SEV_MEDIUM, CF, cf_lines, 2, "FROM",
                "no USER in the final stage: the container runs as root");
        f->loc.end_line = 0;
        f->loc.end_col = 0;
        f = add("BH1002", BH_SEV_INFO, CF, cf_lines, 2, "alpine:3.19",
                "image 'alpine:3.19' is not pinned by digest");
        suppress(f, BH_SUPP_CONFIG, "digests are pinned by Renovate", ".bulkhead.yaml:5");
        f = add("BH7004", BH_SEV_HIGH, CF, cf_lines, 4, "--security=insecure",
                "RUN --security=insecure runs a build step with full privileges");
        suppress(f, BH_SUPP_STAGE, "CI grants the insecure entitlement", CF ":3");
        f = add("BH7008", BH_SEV_MEDIUM, CF, cf_lines, 5, "777", "chmod 777 /srv/cache");
        suppress(f, BH_SUPP_FILE, "shared cache dir", CF ":1");
        /* A line but no column: the source line without a caret. */
        add("BH9005", BH_SEV_INFO, CF, cf_lines, 6, NULL,
            "USER ${APP_UID} cannot be resolved: build argument APP_UID has no default");

        /* No location at all. */
        add("BH9004", BH_SEV_HIGH, MISSING, NULL, 0, NULL, "cannot open: Permission denied");
}

static struct bh_report base_report(void)
{
        struct bh_report r = {
                .findings = fixture.items.v,
                .nfindings = fixture.items.n,
                .files = files,
                .nfiles = BH_ELEMENTSOF(files),
                .fail_on = BH_SEV_MEDIUM,
                .tool_version = "0.1.0-test",
                .profile = "default",
                .warnings = warnings,
                .nwarnings = BH_ELEMENTSOF(warnings),
                .exit_code = 2,
        };
        return r;
}

/* Render into a heap string. */
static char *render(enum bh_format fmt, const struct bh_report *r, size_t *ret_len)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);

        assert_non_null(f);
        assert_int_equal(bh_report_write(f, fmt, r), 0);
        assert_int_equal(fclose(f), 0);
        *ret_len = len;
        return buf;
}

static char *read_all(const char *path, size_t *ret_len)
{
        FILE *f = fopen(path, "rb");
        char *buf = NULL;
        size_t len = 0, cap = 0, n;

        if (!f)
                return NULL;
        do {
                if (cap - len < 4096) {
                        cap = cap ? cap * 2 : 8192;
                        buf = bh_xrealloc(buf, cap + 1);
                }
                n = fread(buf + len, 1, cap - len, f);
                len += n;
        } while (n > 0);
        fclose(f);
        buf[len] = '\0';
        *ret_len = len;
        return buf;
}

static void write_all(const char *path, const char *data, size_t len)
{
        FILE *f = fopen(path, "wb");

        assert_non_null(f);
        assert_int_equal(fwrite(data, 1, len, f), len);
        assert_int_equal(fclose(f), 0);
}

/* Print where actual and expected first differ, save the actual output next
 * to the test binary and say how to look at it or accept it. */
static void explain_mismatch(const char *name, const char *path, const char *exp, size_t exp_len,
                             const char *act, size_t act_len)
{
        size_t i = 0, line = 1, bol = 0;
        char cwd[4096];
        char *actual_path =
                bh_xasprintf("%s/%s.actual", getcwd(cwd, sizeof(cwd)) ? cwd : ".", name);

        while (i < exp_len && i < act_len && exp[i] == act[i]) {
                if (exp[i] == '\n') {
                        line++;
                        bol = i + 1;
                }
                i++;
        }
        const char *e_eol = memchr(exp + bol, '\n', exp_len - bol);
        const char *a_eol = memchr(act + bol, '\n', act_len - bol);
        int e_n = (int)(e_eol ? (size_t)(e_eol - exp) - bol : exp_len - bol);
        int a_n = (int)(a_eol ? (size_t)(a_eol - act) - bol : act_len - bol);

        write_all(actual_path, act, act_len);
        print_message("# %s differs from the golden file at line %zu (byte %zu)\n", name, line, i);
        print_message("#   expected: %.*s\n", BH_MIN(e_n, 200), exp + bol);
        print_message("#   actual:   %.*s\n", BH_MIN(a_n, 200), act + bol);
        print_message("# see: diff -u '%s' '%s'\n", path, actual_path);
        print_message("# if the change is intended: BH_UPDATE_GOLDEN=1 meson test --suite report, "
                      "then review git diff tests/report/golden\n");
        free(actual_path);
}

static void check_golden(const char *name, const char *actual, size_t actual_len)
{
        char *path = bh_xasprintf("%s/%s", golden_dir, name);
        const char *update = getenv("BH_UPDATE_GOLDEN");
        char *expected;
        size_t expected_len = 0;

        if (update && strcmp(update, "1") == 0) {
                write_all(path, actual, actual_len);
                print_message("# updated %s\n", path);
                free(path);
                return;
        }
        expected = read_all(path, &expected_len);
        if (!expected) {
                print_message("# missing golden file %s; create it with BH_UPDATE_GOLDEN=1\n",
                              path);
                free(path);
                fail();
        }
        if (expected_len != actual_len || memcmp(expected, actual, actual_len) != 0) {
                explain_mismatch(name, path, expected, expected_len, actual, actual_len);
                free(expected);
                free(path);
                fail();
        }
        free(expected);
        free(path);
}

static void golden(const char *name, enum bh_format fmt, const struct bh_report *r)
{
        size_t len;
        char *out = render(fmt, r, &len);

        check_golden(name, out, len);
        free(out);
}

static void test_format_parse(void **state)
{
        (void)state;
        assert_int_equal(bh_report_format_parse("text"), BH_FORMAT_TEXT);
        assert_int_equal(bh_report_format_parse("json"), BH_FORMAT_JSON);
        assert_int_equal(bh_report_format_parse("sarif"), BH_FORMAT_SARIF);
        assert_int_equal(bh_report_format_parse("SARIF"), -1);
        assert_int_equal(bh_report_format_parse("junit"), -1);
        assert_int_equal(bh_report_format_parse(""), -1);
        assert_int_equal(bh_report_format_parse(NULL), -1);
        assert_string_equal(bh_report_format_name(BH_FORMAT_SARIF), "sarif");
        assert_string_equal(bh_report_format_name(BH_FORMAT__COUNT), "?");
}

static void test_text(void **state)
{
        struct bh_report r = base_report();

        (void)state;
        golden("expected.txt", BH_FORMAT_TEXT, &r);
}

static void test_text_suppressed(void **state)
{
        struct bh_report r = base_report();

        (void)state;
        r.show_suppressed = true;
        golden("expected-suppressed.txt", BH_FORMAT_TEXT, &r);
}

static void test_text_color(void **state)
{
        struct bh_report r = base_report();

        (void)state;
        r.color = true;
        r.show_suppressed = true;
        golden("expected-color.txt", BH_FORMAT_TEXT, &r);
}

static void test_text_quiet(void **state)
{
        struct bh_report r = base_report();

        (void)state;
        r.quiet = true;
        golden("expected-quiet.txt", BH_FORMAT_TEXT, &r);
}

static void test_json(void **state)
{
        struct bh_report r = base_report();

        (void)state;
        golden("expected.json", BH_FORMAT_JSON, &r);
}

static void test_sarif(void **state)
{
        struct bh_report r = base_report();

        (void)state;
        golden("expected.sarif", BH_FORMAT_SARIF, &r);
}

/* No byte from the input may reach the terminal as a control sequence: with
 * colour off there is no ESC at all, with colour on only our own SGR codes. */
static void test_text_no_raw_controls(void **state)
{
        struct bh_report r = base_report();
        size_t len;
        char *out;

        (void)state;
        r.show_suppressed = true;
        out = render(BH_FORMAT_TEXT, &r, &len);
        assert_null(memchr(out, 0x1b, len));
        assert_null(memchr(out, 0x07, len));
        assert_null(strstr(out, "\xc2\x9b"));
        assert_null(strstr(out, "\xe2\x80\xae"));
        assert_non_null(strstr(out, "caf\xc3\xa9 \xe2\x80\x94 \\xff"));
        free(out);

        r.color = true;
        out = render(BH_FORMAT_TEXT, &r, &len);
        for (const char *p = out; (p = memchr(p, 0x1b, len - (size_t)(p - out))); p++)
                assert_true(strncmp(p, "\x1b[0m", 4) == 0 || strncmp(p, "\x1b[1m", 4) == 0 ||
                            strncmp(p, "\x1b[2m", 4) == 0 || strncmp(p, "\x1b[3", 3) == 0 ||
                            strncmp(p, "\x1b[1;3", 5) == 0);
        free(out);
}

static void test_no_findings(void **state)
{
        struct bh_report r = {
                .files = files,
                .nfiles = 3,
                .fail_on = BH_SEV_MEDIUM,
        };
        size_t len;
        char *out;
        json_t *j;

        (void)state;
        out = render(BH_FORMAT_TEXT, &r, &len);
        assert_string_equal(out, "no findings in 3 files; 1 file could not be fully scanned\n");
        free(out);

        r.nfiles = 1;
        out = render(BH_FORMAT_TEXT, &r, &len);
        assert_string_equal(out, "no findings in 1 file\n");
        free(out);

        r.quiet = true;
        out = render(BH_FORMAT_TEXT, &r, &len);
        assert_string_equal(out, "");
        free(out);

        out = render(BH_FORMAT_JSON, &r, &len);
        j = json_loads(out, 0, NULL);
        assert_non_null(j);
        assert_int_equal(json_integer_value(json_object_get(j, "schema_version")), 1);
        assert_int_equal(json_array_size(json_object_get(j, "findings")), 0);
        assert_string_equal(json_string_value(json_object_get(j, "profile")), "default");
        json_decref(j);
        free(out);
}

/* A minified one-line file: the source is shown as a window around the
 * column, and the caret still points at the token. */
static void test_text_long_line(void **state)
{
        char line[2001];
        struct bh_findings fs;
        struct bh_finding *f;
        struct bh_report r = {.nfiles = 1, .files = files, .quiet = false};
        size_t len;
        char *out, *src, *caret;

        (void)state;
        memset(line, 'x', sizeof(line) - 1);
        line[sizeof(line) - 1] = '\0';
        memcpy(line + 1500, "TOKEN", 5);
        bh_findings_init(&fs);
        f = bh_findings_add(&fs, "BH3001", 3001, BH_SEV_HIGH, "a.json",
                            (struct bh_loc){.line = 1, .col = 1501, .end_line = 1, .end_col = 1506},
                            "m");
        f->source_line = bh_xstrdup(line);
        r.findings = fs.items.v;
        r.nfindings = fs.items.n;
        out = render(BH_FORMAT_TEXT, &r, &len);
        src = strstr(out, "  1 | ...");
        assert_non_null(src);
        caret = strstr(src, "\n    | ");
        assert_non_null(caret);
        caret += strlen("\n    | ");
        /* the caret sits exactly under "TOKEN" */
        size_t tok = (size_t)(strstr(src, "TOKEN") - (src + strlen("  1 | ")));
        size_t pos = strspn(caret, " ");
        assert_int_equal(pos, tok);
        assert_true(strncmp(caret + pos, "^~~~~\n", 6) == 0);
        assert_true(strcspn(src, "\n") < 400);
        free(out);
        bh_findings_release(&fs);
}

static void test_helpers(void **state)
{
        char *s;
        bool rel;

        (void)state;
        s = bh_report_path_uri("deploy/my app/Containerfile", &rel);
        assert_string_equal(s, "deploy/my%20app/Containerfile");
        assert_true(rel);
        free(s);
        s = bh_report_path_uri("/srv/a b/c:d#e?f%g", &rel);
        assert_string_equal(s, "file:///srv/a%20b/c%3Ad%23e%3Ff%25g");
        assert_false(rel);
        free(s);
        s = bh_report_path_uri("caf\xc3\xa9/Dockerfile", NULL);
        assert_string_equal(s, "caf%C3%A9/Dockerfile");
        free(s);

        s = bh_report_utf8_clean("a\xff"
                                 "b\xc3\xa9\xed\xa0\x80");
        assert_string_equal(s, "a\xef\xbf\xbd"
                               "b\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
        free(s);

        /* byte column -> UTF-16 column: é is 2 bytes / 1 unit, 😀 4 bytes / 2 units */
        assert_int_equal(bh_report_utf16_col("h\xc3\xa9x", 4), 3);
        assert_int_equal(bh_report_utf16_col("\xf0\x9f\x98\x80x", 5), 3);
        assert_int_equal(bh_report_utf16_col("ab", 5), 5);
        assert_int_equal(bh_report_utf16_col("ab", 0), 0);

        assert_true(bh_report_fnv1a(BH_REPORT_FNV_INIT, "a", 1) == 0xaf63dc4c8601ec8cull);
}

/* A failed write is reported, not ignored (/dev/full fails every flush). */
static void test_write_error(void **state)
{
        struct bh_report r = base_report();
        FILE *f;

        (void)state;
        for (int fmt = 0; fmt < BH_FORMAT__COUNT; fmt++) {
                f = fopen("/dev/full", "w");
                if (!f)
                        skip();
                assert_int_equal(bh_report_write(f, (enum bh_format)fmt, &r), BH_EIO);
                fclose(f);
        }
        assert_int_equal(bh_report_write(stdout, BH_FORMAT__COUNT, &r), BH_EINVAL);
}

static int setup(void **state)
{
        (void)state;
        build_fixture();
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        bh_findings_release(&fixture);
        return 0;
}

int main(int argc, char **argv)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_format_parse),
                cmocka_unit_test(test_helpers),
                cmocka_unit_test(test_text),
                cmocka_unit_test(test_text_suppressed),
                cmocka_unit_test(test_text_color),
                cmocka_unit_test(test_text_quiet),
                cmocka_unit_test(test_json),
                cmocka_unit_test(test_sarif),
                cmocka_unit_test(test_text_no_raw_controls),
                cmocka_unit_test(test_no_findings),
                cmocka_unit_test(test_text_long_line),
                cmocka_unit_test(test_write_error),
        };

        golden_dir = argc > 1 ? argv[1] : getenv("BH_GOLDEN_DIR");
        if (!golden_dir)
                golden_dir = "tests/report/golden";
        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests(tests, setup, teardown);
}
