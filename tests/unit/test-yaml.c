/* Unit tests for the shared YAML loader (src/frontend/yamltree.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "../../src/frontend/yamltree.h"
#include "../../src/util/buf.h"
#include "../../src/util/limits.h"

static struct bh_ystream *load(struct bh_arena *a, const char *s)
{
        return bh_yaml_load(a, s, strlen(s));
}

static void test_tree_and_locations(void **state)
{
        struct bh_arena a = {0};
        struct bh_ystream *y = load(&a, "services:\n"
                                        "  web:\n"
                                        "    image: nginx:1.27\n"
                                        "    ports:\n"
                                        "      - \"80:80\"\n"
                                        "      - 443\n");

        (void)state;
        assert_false(y->error);
        assert_int_equal(y->ndocs, 1);
        const struct bh_ynode *web = bh_y_get(bh_y_get(y->docs[0].root, "services"), "web");
        assert_non_null(web);
        assert_int_equal(web->loc.line, 3);
        assert_int_equal(web->loc.col, 5);
        const struct bh_ypair *img = bh_y_get_pair(web, "image");
        assert_string_equal(bh_y_str(img->value), "nginx:1.27");
        assert_int_equal(img->key->loc.line, 3);
        assert_int_equal(img->value->loc.col, 12);
        const struct bh_ynode *ports = bh_y_get(web, "ports");
        assert_int_equal(ports->kind, BH_Y_SEQ);
        assert_int_equal(ports->n, 2);
        assert_int_equal(ports->items[0]->style, BH_YSTYLE_QUOTED);
        assert_int_equal(ports->items[1]->loc.line, 6);
        int64_t v;
        assert_true(bh_y_int(ports->items[1], 0, 65535, &v));
        assert_int_equal(v, 443);
        assert_false(bh_y_int(ports->items[0], 0, 65535, &v)); /* quoted: a string */
        assert_null(bh_y_get(web, "missing"));
        bh_arena_release(&a);
}

static void test_aliases_and_merge_keys(void **state)
{
        struct bh_arena a = {0};
        struct bh_ystream *y = load(&a, "x-base: &base\n"
                                        "  privileged: true\n"
                                        "services:\n"
                                        "  a:\n"
                                        "    <<: *base\n"
                                        "  b: *base\n");

        (void)state;
        assert_false(y->error);
        const struct bh_ynode *svc = bh_y_get(y->docs[0].root, "services");
        const struct bh_ynode *b = bh_y_get(svc, "b");
        assert_int_equal(b->kind, BH_Y_ALIAS);
        assert_int_equal(b->loc.line, 6); /* where *base is used */
        assert_int_equal(bh_y_deref(b)->loc.line, 1); /* where &base is defined */
        bool t;
        assert_true(bh_y_bool(bh_y_get(b, "privileged"), false, &t));
        assert_true(t);
        const struct bh_ypair *merge = bh_y_get_pair(bh_y_get(svc, "a"), "<<");
        assert_non_null(merge);
        assert_string_equal(bh_y_deref(merge->value)->anchor, "base");
        bh_arena_release(&a);
}

static void test_alias_bomb_is_refused(void **state)
{
        struct bh_arena a = {0};
        struct bh_buf b;

        (void)state;
        bh_buf_init(&b, 1u << 20);
        bh_buf_adds(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++)
                bh_buf_addf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, "
                                "*a%d, *a%d]\n",
                            i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
                            i - 1);
        struct bh_ystream *y = bh_yaml_load(&a, b.buf, b.len);
        /* 10^10 nodes once expanded: refused early, with a location */
        assert_true(y->error);
        assert_int_equal(y->error_rule, 9003);
        assert_non_null(strstr(y->error_msg, "alias"));
        assert_true(y->error_loc.line >= 5 && y->error_loc.line <= 7);
        bh_buf_release(&b);
        bh_arena_release(&a);
}

static void test_many_aliases_are_fine(void **state)
{
        struct bh_arena a = {0};
        struct bh_buf b;

        (void)state;
        /* a real compose file uses an anchor hundreds of times */
        bh_buf_init(&b, 1u << 20);
        bh_buf_adds(&b, "x-env: &env {A: 1, B: 2, C: 3}\nservices:\n");
        for (int i = 0; i < 500; i++)
                bh_buf_addf(&b, "  s%d: {environment: *env}\n", i);
        struct bh_ystream *y = bh_yaml_load(&a, b.buf, b.len);
        assert_false(y->error);
        assert_int_equal(bh_y_get(y->docs[0].root, "services")->n, 500);
        bh_buf_release(&b);
        bh_arena_release(&a);
}

static void test_depth_limit(void **state)
{
        struct bh_arena a = {0};
        struct bh_buf b;

        (void)state;
        bh_buf_init(&b, 1u << 20);
        for (unsigned i = 0; i < BH_LIMIT_YAML_DEPTH + 1; i++)
                bh_buf_addc(&b, '[');
        for (unsigned i = 0; i < BH_LIMIT_YAML_DEPTH + 1; i++)
                bh_buf_addc(&b, ']');
        struct bh_ystream *y = bh_yaml_load(&a, b.buf, b.len);
        assert_true(y->error);
        assert_int_equal(y->error_rule, 9003);
        assert_non_null(strstr(y->error_msg, "deeper"));
        bh_buf_release(&b);
        bh_arena_release(&a);
        /* one level less is accepted */
        bh_buf_init(&b, 1u << 20);
        for (unsigned i = 0; i < BH_LIMIT_YAML_DEPTH; i++)
                bh_buf_addc(&b, '[');
        for (unsigned i = 0; i < BH_LIMIT_YAML_DEPTH; i++)
                bh_buf_addc(&b, ']');
        y = bh_yaml_load(&a, b.buf, b.len);
        assert_false(y->error);
        bh_buf_release(&b);
        bh_arena_release(&a);
}

static void test_node_limit(void **state)
{
        struct bh_arena a = {0};
        struct bh_buf b;

        (void)state;
        bh_buf_init(&b, 8u << 20);
        bh_buf_adds(&b, "[");
        for (unsigned i = 0; i <= BH_LIMIT_YAML_NODES; i++)
                bh_buf_adds(&b, "1,");
        bh_buf_adds(&b, "1]");
        struct bh_ystream *y = bh_yaml_load(&a, b.buf, b.len);
        assert_true(y->error);
        assert_int_equal(y->error_rule, 9003);
        bh_buf_release(&b);
        bh_arena_release(&a);
}

static void test_syntax_error_and_documents(void **state)
{
        struct bh_arena a = {0};
        struct bh_ystream *y = load(&a, "kind: Pod\n---\nkind: Service\n---\na: [b\nc: d\n");

        (void)state;
        assert_true(y->error);
        assert_int_equal(y->error_rule, 9001);
        assert_true(y->error_loc.line >= 5);
        assert_int_equal(y->ndocs, 2); /* the documents before the error are kept */
        assert_string_equal(bh_y_str(bh_y_get(y->docs[1].root, "kind")), "Service");
        assert_int_equal(y->docs[1].start_line, 2);
        y = load(&a, "a: *nope\n");
        assert_true(y->error);
        assert_int_equal(y->error_rule, 9001);
        assert_non_null(strstr(y->error_msg, "nope"));
        bh_arena_release(&a);
}

static void test_scalars(void **state)
{
        struct bh_arena a = {0};
        struct bh_ystream *y = load(&a, "a: yes\nb: 'true'\nc: False\nd: ~\ne:\nf: !reset []\n"
                                        "g: 0x1F\nh: on\n");
        const struct bh_ynode *r;
        bool t;
        int64_t v;

        (void)state;
        assert_false(y->error);
        r = y->docs[0].root;
        assert_false(bh_y_bool(bh_y_get(r, "a"), false, &t)); /* YAML 1.2: a string */
        assert_true(bh_y_bool(bh_y_get(r, "a"), true, &t));   /* YAML 1.1: true */
        assert_true(t);
        assert_false(bh_y_bool(bh_y_get(r, "b"), true, &t));  /* quoted */
        assert_true(bh_y_bool(bh_y_get(r, "c"), false, &t));
        assert_false(t);
        assert_true(bh_y_is_null(bh_y_get(r, "d")));
        assert_true(bh_y_is_null(bh_y_get(r, "e")));
        assert_string_equal(bh_y_get(r, "f")->tag, "!reset");
        assert_true(bh_y_int(bh_y_get(r, "g"), 0, 100, &v));
        assert_int_equal(v, 31);
        assert_true(bh_y_bool(bh_y_get(r, "h"), true, &t));
        assert_true(t);
        y = load(&a, "{\"json\": [1, 2, {\"k\": null}]}");
        assert_false(y->error);
        assert_int_equal(bh_y_get(y->docs[0].root, "json")->n, 3);
        bh_arena_release(&a);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_tree_and_locations),
                cmocka_unit_test(test_aliases_and_merge_keys),
                cmocka_unit_test(test_alias_bomb_is_refused),
                cmocka_unit_test(test_many_aliases_are_fine),
                cmocka_unit_test(test_depth_limit),
                cmocka_unit_test(test_node_limit),
                cmocka_unit_test(test_syntax_error_and_documents),
                cmocka_unit_test(test_scalars),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
