/* Unit tests for src/util and src/model helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <unistd.h>

#include "../../src/model/finding.h"
#include "../../src/model/model.h"
#include "../../src/util/arena.h"
#include "../../src/util/buf.h"
#include "../../src/util/error.h"
#include "../../src/util/file.h"
#include "../../src/util/limits.h"
#include "../../src/util/strutil.h"

static size_t fmt(char *buf, size_t cap, const char *f, ...) BH_PRINTF(3, 4);
static size_t fmt(char *buf, size_t cap, const char *f, ...)
{
        va_list ap;

        va_start(ap, f);
        size_t n = bh_vformat(buf, cap, f, ap);
        va_end(ap);
        return n;
}

/* bh_vformat must match vsnprintf, truncation included. */
static void test_vformat(void **state)
{
        char a[64], b[64], small[8];

        (void)state;
        assert_int_equal(fmt(a, sizeof(a), "%sRUN %s: %u%% %.*s|", "ONBUILD ", "x", 42u, 3, "abcdef"),
                         (size_t)snprintf(b, sizeof(b), "%sRUN %s: %u%% %.*s|", "ONBUILD ", "x", 42u,
                                          3, "abcdef"));
        assert_string_equal(a, b);
        assert_int_equal(fmt(small, sizeof(small), "%s-%s", "abcdef", "ghij"), 11);
        assert_string_equal(small, "abcdef-");
        assert_int_equal(fmt(a, sizeof(a), "%.*s", 10, "ab"), 2);
        assert_string_equal(a, "ab");
        /* conversions outside the fast path go to vsnprintf */
        fmt(a, sizeof(a), "%s %zu %5d", "n", (size_t)7, -3);
        assert_string_equal(a, "n 7    -3");
        assert_int_equal(fmt(a, 1, "abc"), 3);
        assert_string_equal(a, "");
}

static void test_buf_limit(void **state)
{
        struct bh_buf b;

        (void)state;
        bh_buf_init(&b, 8);
        assert_string_equal(b.buf, "");
        assert_int_equal(bh_buf_adds(&b, "abcd"), 0);
        assert_int_equal(bh_buf_addf(&b, "%d", 123), 0);
        assert_string_equal(b.buf, "abcd123");
        assert_int_equal(bh_buf_addc(&b, 'x'), 0);
        /* the ninth byte crosses the limit and leaves the buffer unchanged */
        assert_int_equal(bh_buf_addc(&b, 'y'), BH_ELIMIT);
        assert_string_equal(b.buf, "abcd123x");
        assert_int_equal(b.len, 8);
        size_t len;
        char *s = bh_buf_detach(&b, &len);
        assert_int_equal(len, 8);
        assert_string_equal(s, "abcd123x");
        free(s);
        assert_string_equal(b.buf, "");
        bh_buf_release(&b);
}

static void test_buf_addf_long(void **state)
{
        struct bh_buf b;
        char big[1000];

        (void)state;
        memset(big, 'a', sizeof(big) - 1);
        big[sizeof(big) - 1] = '\0';
        bh_buf_init(&b, 4096);
        assert_int_equal(bh_buf_addf(&b, "<%s>", big), 0);
        assert_int_equal(b.len, 1001);
        assert_int_equal(b.buf[0], '<');
        assert_int_equal(b.buf[1000], '>');
        bh_buf_release(&b);
        assert_int_equal(b.len, 0);
}

static void test_arena(void **state)
{
        struct bh_arena a = {0};

        (void)state;
        char *s = bh_arena_strdup(&a, "hello");
        assert_string_equal(s, "hello");
        assert_string_equal(bh_arena_printf(&a, "%s-%d", s, 7), "hello-7");
        /* a large allocation gets its own chunk and small ones keep working */
        char *big = bh_arena_alloc(&a, 1u << 20);
        assert_non_null(big);
        assert_int_equal(big[12345], 0);
        for (int i = 0; i < 10000; i++)
                assert_non_null(bh_arena_strndup(&a, "abcdef", 3));
        assert_true(((uintptr_t)bh_arena_alloc(&a, 3) & 15u) == 0);
        bh_arena_release(&a);
        assert_null(a.head);
}

static void test_parse_u64(void **state)
{
        uint64_t v = 0;

        (void)state;
        assert_int_equal(bh_parse_u64("0", 0, 10, &v), 0);
        assert_int_equal(v, 0);
        assert_int_equal(bh_parse_u64("65535", 0, 65535, &v), 0);
        assert_int_equal(v, 65535);
        assert_int_equal(bh_parse_u64("65536", 0, 65535, &v), BH_ELIMIT);
        assert_int_equal(bh_parse_u64("", 0, 10, &v), BH_EINVAL);
        assert_int_equal(bh_parse_u64("12a", 0, 100, &v), BH_EINVAL);
        assert_int_equal(bh_parse_u64("-1", 0, 100, &v), BH_EINVAL);
        assert_int_equal(bh_parse_u64("99999999999999999999999", 0, UINT64_MAX, &v), BH_ELIMIT);
}

static void test_glob(void **state)
{
        (void)state;
        assert_true(bh_glob_match("*.Dockerfile", "api.Dockerfile"));
        assert_false(bh_glob_match("*.Dockerfile", "a/api.Dockerfile"));
        assert_true(bh_glob_match("**/Dockerfile", "Dockerfile"));
        assert_true(bh_glob_match("**/Dockerfile", "a/b/c/Dockerfile"));
        assert_true(bh_glob_match("legacy/**", "legacy/x/Dockerfile"));
        assert_true(bh_glob_match("services/*/Dockerfile", "services/api/Dockerfile"));
        assert_false(bh_glob_match("services/*/Dockerfile", "services/a/b/Dockerfile"));
        assert_true(bh_glob_match("Dockerfile.[ab]", "Dockerfile.a"));
        assert_false(bh_glob_match("Dockerfile.[!ab]", "Dockerfile.a"));
        assert_true(bh_glob_match("Dockerfile.?", "Dockerfile.x"));
        assert_false(bh_glob_match("Dockerfile.?", "Dockerfile.xy"));
        assert_true(bh_glob_match("a\\*b", "a*b"));
        assert_false(bh_glob_match("a\\*b", "axb"));
        assert_true(bh_glob_match("a/**/z", "a/z"));
        assert_true(bh_glob_match("a/**/z", "a/b/c/z"));
        assert_false(bh_glob_match("a/**/z", "a/b/c/zz"));
}

static void test_dates(void **state)
{
        int64_t d;

        (void)state;
        assert_true(bh_parse_date("1970-01-01", &d));
        assert_int_equal(d, 0);
        assert_true(bh_parse_date("2024-02-29", &d));
        assert_false(bh_parse_date("2023-02-29", &d));
        assert_false(bh_parse_date("2024-13-01", &d));
        assert_false(bh_parse_date("2024-1-01", &d));
        assert_true(bh_parse_date("2026-11-28", &d));
        assert_int_equal(d, 20785);
        setenv("BULKHEAD_TODAY", "2000-01-01", 1);
        assert_true(bh_parse_date("2000-01-01", &d));
        assert_int_equal(bh_today(), d);
        unsetenv("BULKHEAD_TODAY");
}

static void test_path_normalize(void **state)
{
        struct bh_arena a = {0};

        (void)state;
        assert_string_equal(bh_path_normalize(&a, "/var//run/./docker.sock/"), "/var/run/docker.sock");
        assert_string_equal(bh_path_normalize(&a, "/run/../var/run/docker.sock"), "/var/run/docker.sock");
        assert_string_equal(bh_path_normalize(&a, "/../.."), "/");
        assert_string_equal(bh_path_normalize(&a, "/"), "/");
        assert_string_equal(bh_path_normalize(&a, "a/../../b"), "../b");
        assert_string_equal(bh_path_normalize(&a, "./x"), "x");
        bh_arena_release(&a);
}

static void test_cap_normalize(void **state)
{
        struct bh_arena a = {0};

        (void)state;
        assert_string_equal(bh_cap_normalize(&a, " cap_sys_admin "), "SYS_ADMIN");
        assert_string_equal(bh_cap_normalize(&a, "NET_RAW"), "NET_RAW");
        assert_string_equal(bh_cap_normalize(&a, "all"), "ALL");
        bh_arena_release(&a);
}

static void test_severity(void **state)
{
        (void)state;
        assert_int_equal(bh_severity_parse("HIGH"), BH_SEV_HIGH);
        assert_int_equal(bh_severity_parse("info"), BH_SEV_INFO);
        assert_int_equal(bh_severity_parse("severe"), -1);
        assert_string_equal(bh_severity_name(BH_SEV_CRITICAL), "critical");
}

static void test_doc_line(void **state)
{
        static const char text[] = "FROM a\r\nUSER root\n\nRUN x";
        struct bh_doc d;
        const char *l;
        size_t n;

        (void)state;
        bh_doc_init(&d, "Dockerfile", BH_SURFACE_DOCKERFILE, text, sizeof(text) - 1);
        assert_true(bh_doc_line(&d, 1, &l, &n));
        assert_int_equal(n, 6); /* CR dropped */
        assert_true(bh_doc_line(&d, 2, &l, &n));
        assert_memory_equal(l, "USER root", n);
        assert_true(bh_doc_line(&d, 3, &l, &n));
        assert_int_equal(n, 0);
        assert_true(bh_doc_line(&d, 4, &l, &n));
        assert_memory_equal(l, "RUN x", n);
        assert_false(bh_doc_line(&d, 5, &l, &n));
        assert_false(bh_doc_line(&d, 0, &l, &n));
        bh_doc_add_diag(&d, 9001, (struct bh_loc){.line = 2, .col = 1}, "bad %s", "thing");
        assert_int_equal(d.diags.n, 1);
        assert_string_equal(d.diags.v[0].message, "bad thing");
        struct bh_container *c = bh_doc_add_container(&d, BH_ORIGIN_IMAGE_BUILD);
        BH_VEC_PUSH(&c->cap_add, ((struct bh_cap){.name = "SYS_ADMIN"}));
        bh_doc_release(&d);
}

static void test_findings_limit_and_sort(void **state)
{
        struct bh_findings f;

        (void)state;
        bh_findings_init(&f);
        for (unsigned i = 0; i < BH_LIMIT_FINDINGS_PER_FILE + 5; i++) {
                struct bh_loc loc = {.line = BH_LIMIT_FINDINGS_PER_FILE + 10 - i, .col = 1};
                bh_findings_add(&f, "BH3001", 3001, BH_SEV_HIGH, "f", loc, "m");
        }
        /* the limit is crossed: the extra findings are counted, not stored */
        assert_int_equal(f.items.n, BH_LIMIT_FINDINGS_PER_FILE);
        assert_int_equal(f.dropped, 5);
        bh_findings_sort(&f);
        assert_true(f.items.v[0].loc.line < f.items.v[1].loc.line);
        struct bh_findings g;
        bh_findings_init(&g);
        bh_findings_move(&g, &f);
        assert_int_equal(g.items.n, BH_LIMIT_FINDINGS_PER_FILE);
        assert_int_equal(f.items.n, 0);
        bh_findings_release(&g);
        bh_findings_release(&f);
}

static void test_file_read_limit(void **state)
{
        char path[] = "/tmp/bh-test-XXXXXX";
        int fd = mkstemp(path);
        char *data = NULL;
        size_t len = 0;
        struct bh_error *err = NULL;

        (void)state;
        assert_true(fd >= 0);
        assert_int_equal(write(fd, "0123456789", 10), 10);
        close(fd);
        assert_int_equal(bh_file_read(path, 10, &data, &len, &err), 0);
        assert_int_equal(len, 10);
        assert_string_equal(data, "0123456789");
        free(data);
        data = NULL;
        /* one byte over the limit */
        assert_int_equal(bh_file_read(path, 9, &data, &len, &err), BH_ELIMIT);
        assert_null(data);
        assert_non_null(err);
        assert_non_null(strstr(err->msg, "limit"));
        unlink(path);
        assert_int_equal(bh_file_read(path, 9, &data, &len, &err), BH_ENOENT);
        assert_int_equal(bh_file_read("/tmp", 9, &data, &len, &err), BH_EIO);
        bh_error_wrap(&err, "reading %s", "x");
        assert_true(bh_str_startswith(err->msg, "reading x: "));
        bh_error_free(err);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_buf_limit),
                cmocka_unit_test(test_buf_addf_long),
                cmocka_unit_test(test_arena),
                cmocka_unit_test(test_parse_u64),
                cmocka_unit_test(test_glob),
                cmocka_unit_test(test_dates),
                cmocka_unit_test(test_path_normalize),
                cmocka_unit_test(test_cap_normalize),
                cmocka_unit_test(test_severity),
                cmocka_unit_test(test_vformat),
                cmocka_unit_test(test_doc_line),
                cmocka_unit_test(test_findings_limit_and_sort),
                cmocka_unit_test(test_file_read_limit),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
