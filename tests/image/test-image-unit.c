/* bulkhead image internals (cmocka): path cleaning, escaping links, the
 * whiteout/opaque-directory merge, history created_by rewriting, private
 * key headers, the configuration as a Dockerfile. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>

#include "../../src/frontend/image/image-int.h"

#include "../../src/util/bh-banned.h"

static void test_path_clean(void **state)
{
        char out[64];

        (void)state;
        assert_int_equal(bh_img_path_clean("./etc/passwd", out, sizeof(out)), 10);
        assert_string_equal(out, "etc/passwd");
        assert_int_equal(bh_img_path_clean("/usr//bin/./x/", out, sizeof(out)), 9);
        assert_string_equal(out, "usr/bin/x");
        assert_int_equal(bh_img_path_clean("./", out, sizeof(out)), 0);
        assert_int_equal(bh_img_path_clean("a/../b", out, sizeof(out)), -1);
        assert_int_equal(bh_img_path_clean("../../etc/shadow", out, sizeof(out)), -1);
        assert_int_equal(bh_img_path_clean("a/..", out, sizeof(out)), -1);
        assert_int_equal(bh_img_path_clean("a/..b/c", out, sizeof(out)), 7);
        assert_int_equal(bh_img_path_clean("0123456789", out, 8), -1); /* does not fit */
}

static void test_link_escapes(void **state)
{
        (void)state;
        assert_false(bh_img_link_escapes("bin", "usr/bin"));
        assert_false(bh_img_link_escapes("etc/mtab", "/proc/mounts"));
        assert_false(bh_img_link_escapes("usr/lib/x", "../../bin/y"));
        assert_true(bh_img_link_escapes("usr/lib/x", "../../../etc"));
        assert_true(bh_img_link_escapes("x", ".."));
        assert_false(bh_img_link_escapes("a/b/c", "./d/../../e"));
}

struct merge_fixture {
        struct bh_arena a;
        struct bh_img_merge m;
};

static void add(struct bh_img_merge *m, const char *path, uint32_t mode)
{
        struct bh_image_file f = {
                .path = bh_arena_strdup(m->arena, path), .mode = mode, .layer = m->layer};
        bh_img_merge_add(m, &f);
}

static bool has(struct bh_img_merge *m, const char *path)
{
        return bh_img_merge_find(m, path) != NULL;
}

static void test_merge(void **state)
{
        struct bh_arena a = {0};
        struct bh_img_merge m;

        (void)state;
        bh_img_merge_init(&m, &a);
        bh_img_merge_begin_layer(&m, 0);
        add(&m, "a", S_IFDIR | 0755);
        add(&m, "a/x", S_IFREG | 0644);
        add(&m, "a/sub/y", S_IFREG | 0644);
        add(&m, "b/z", S_IFREG | 0644);
        add(&m, "b/zz", S_IFREG | 0644);
        add(&m, "c", S_IFDIR | 0755);
        add(&m, "c/in", S_IFREG | 0644);
        add(&m, "d/keep", S_IFREG | 0644);
        bh_img_merge_end_layer(&m);
        assert_int_equal(m.nlive, 8);

        bh_img_merge_begin_layer(&m, 1);
        add(&m, "a/new", S_IFREG | 0644); /* before the opaque marker in the tar */
        add(&m, "a/.wh..wh..opq", S_IFREG);
        add(&m, "b/.wh.z", S_IFREG);
        add(&m, "c", S_IFREG | 0644); /* a directory replaced by a file */
        add(&m, "d/.wh.nothing", S_IFREG);
        add(&m, ".wh.e", S_IFREG); /* nothing to hide */
        bh_img_merge_end_layer(&m);
        assert_true(has(&m, "a"));
        assert_true(has(&m, "a/new"));
        assert_false(has(&m, "a/x"));
        assert_false(has(&m, "a/sub/y"));
        assert_false(has(&m, "b/z"));
        assert_true(has(&m, "b/zz"));
        assert_true(has(&m, "c"));
        assert_false(has(&m, "c/in"));
        assert_true(has(&m, "d/keep"));
        assert_false(has(&m, "a/.wh..wh..opq"));
        assert_false(has(&m, "b/.wh.z"));

        /* a whiteout hides lower layers only: the same layer's file stays */
        bh_img_merge_begin_layer(&m, 2);
        add(&m, "d/keep", S_IFREG | 0600);
        add(&m, "d/.wh.keep", S_IFREG);
        add(&m, ".wh.b", S_IFREG); /* a whole directory */
        bh_img_merge_end_layer(&m);
        assert_true(has(&m, "d/keep"));
        assert_int_equal(bh_img_merge_find(&m, "d/keep")->f.mode, S_IFREG | 0600);
        assert_false(has(&m, "b/zz"));

        /* an opaque root hides everything below */
        bh_img_merge_begin_layer(&m, 3);
        add(&m, "new", S_IFREG | 0644);
        add(&m, ".wh..wh..opq", S_IFREG);
        bh_img_merge_end_layer(&m);
        size_t n;
        struct bh_img_entry **v = bh_img_merge_sorted(&m, &n);
        assert_int_equal(n, 1);
        assert_string_equal(v[0]->f.path, "new");
        free(v);
        bh_img_merge_release(&m);
        bh_arena_release(&a);
}

static void test_merge_many(void **state)
{
        struct bh_arena a = {0};
        struct bh_img_merge m;
        char p[32];

        (void)state;
        bh_img_merge_init(&m, &a);
        bh_img_merge_begin_layer(&m, 0);
        for (int i = 0; i < 5000; i++) {
                snprintf(p, sizeof(p), "d%d/f%d", i % 50, i);
                add(&m, p, S_IFREG | 0644);
        }
        bh_img_merge_end_layer(&m);
        bh_img_merge_begin_layer(&m, 1);
        add(&m, ".wh.d7", S_IFREG);
        bh_img_merge_end_layer(&m);
        assert_int_equal(m.nlive, 4900);
        assert_true(has(&m, "d8/f8"));
        assert_false(has(&m, "d7/f7"));
        bh_img_merge_release(&m);
        bh_arena_release(&a);
}

static void test_history(void **state)
{
        struct bh_arena a = {0};

        (void)state;
        assert_string_equal(bh_img_history_script(&a, "/bin/sh -c apt-get update"),
                            "apt-get update");
        assert_null(bh_img_history_script(&a, "/bin/sh -c #(nop)  USER app"));
        assert_null(bh_img_history_script(&a, "/bin/sh -c #(nop) ADD file:abc in / "));
        assert_string_equal(bh_img_history_script(&a, "|2 A=1 B=two /bin/sh -c make install"),
                            "make install");
        assert_string_equal(bh_img_history_script(&a, "RUN /bin/sh -c curl x | sh # buildkit"),
                            "curl x | sh");
        assert_string_equal(bh_img_history_script(&a, "RUN |1 V=2 /bin/sh -c echo $V # buildkit"),
                            "echo $V");
        assert_string_equal(
                bh_img_history_script(&a, "RUN /bin/bash -o pipefail -c wget -O- x | bash"),
                "wget -O- x | bash");
        assert_string_equal(bh_img_history_script(&a, "/bin/sh -ec set -x; true"), "set -x; true");
        assert_string_equal(bh_img_history_script(&a, "RUN [\"/app\", \"--init\"] # buildkit"),
                            "[\"/app\", \"--init\"]");
        assert_null(bh_img_history_script(&a, "COPY . /app # buildkit"));
        assert_null(bh_img_history_script(&a, "ENV A=b"));
        assert_null(bh_img_history_script(&a, "/bin/sh -c "));
        bh_arena_release(&a);
}

static void test_key_header(void **state)
{
        bool enc;
        static const char rsa[] = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n";
        static const char rsa_enc[] =
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: x\n";
        static const char ssh[] =
                "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n";
        static const char ssh_enc[] =
                "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                "b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABD\n";
        static const char cert[] = "-----BEGIN CERTIFICATE-----\nMIIB\n";

        (void)state;
        assert_true(bh_img_key_header(rsa, sizeof(rsa) - 1, &enc));
        assert_false(enc);
        assert_true(bh_img_key_header(rsa_enc, sizeof(rsa_enc) - 1, &enc));
        assert_true(enc);
        assert_true(bh_img_key_header(ssh, sizeof(ssh) - 1, &enc));
        assert_false(enc);
        assert_true(bh_img_key_header(ssh_enc, sizeof(ssh_enc) - 1, &enc));
        assert_true(enc);
        assert_false(bh_img_key_header(cert, sizeof(cert) - 1, &enc));
        assert_false(bh_img_key_header("-----BEGIN", 10, &enc));
}

static void test_config_text(void **state)
{
        struct bh_doc doc;
        struct bh_image img = {0};
        struct json_t *diff = NULL;
        static const char cfg[] =
                "{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\","
                "\"rootfs\":{\"diff_ids\":[\"sha256:00\"]},"
                "\"history\":[{\"created_by\":\"/bin/sh -c #(nop) ENV A=1\"},"
                "{\"created_by\":\"/bin/sh -c cat <<EOF > /x\\nline\\nEOF\"}],"
                "\"config\":{\"User\":\"1000:1000\",\"Env\":[\"Q=it's $HOME\",\"bad name=x\"],"
                "\"ExposedPorts\":{\"22/tcp\":{}}}}";
        const char *t;

        (void)state;
        bh_doc_init(&doc, "img", BH_SURFACE_IMAGE, NULL, 0);
        t = bh_img_config_text(&doc, &img, cfg, sizeof(cfg) - 1, (struct bh_loc){0}, &diff);
        assert_non_null(t);
        assert_non_null(diff);
        assert_string_equal(img.architecture, "arm64");
        assert_string_equal(img.variant, "v8");
        assert_non_null(strstr(t, "\nRUN <<'BH_HISTORY_EOF0'\ncat <<EOF > /x\nline\nEOF\n"
                                  "BH_HISTORY_EOF0\n"));
        assert_non_null(strstr(t, "\nENV Q='it'\"'\"'s $HOME'\n"));
        assert_null(strstr(t, "bad name"));
        assert_non_null(strstr(t, "\nEXPOSE 22/tcp\nUSER 1000:1000\n"));
        /* every line of the heredoc maps to the history entry */
        assert_string_equal(bh_image_line_field(&img, 3), "history[1].created_by");
        assert_string_equal(bh_image_line_field(&img, 6), "history[1].created_by");
        assert_null(bh_image_line_field(&img, 2));
        json_decref((json_t *)diff);
        bh_image_release(&img);
        bh_doc_release(&doc);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_path_clean),  cmocka_unit_test(test_link_escapes),
                cmocka_unit_test(test_merge),       cmocka_unit_test(test_merge_many),
                cmocka_unit_test(test_history),     cmocka_unit_test(test_key_header),
                cmocka_unit_test(test_config_text),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
