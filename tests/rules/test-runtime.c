/* Run-time rules over hand-built models: the fields no Dockerfile runlabel
 * fills (doc->networks, use_api_socket, the Kubernetes surface), the
 * service:X namespace references, and the socket/path helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../src/model/finding.h"
#include "../../src/rules/rules.h"
#include "../../src/rules/ruleutil.h"

#include "../../src/util/bh-banned.h"

static struct bh_doc doc;
static struct bh_findings out;

static int setup(void **state)
{
        (void)state;
        bh_doc_init(&doc, "x.compose.yaml", BH_SURFACE_COMPOSE, "a\nb\nc\nd\ne\nf\n", 12);
        bh_findings_init(&out);
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        bh_findings_release(&out);
        bh_doc_release(&doc);
        return 0;
}

static struct bh_loc L(uint32_t line, uint32_t col)
{
        struct bh_loc l = {line, col, line, col};
        return l;
}

static struct bh_container *service(const char *name, uint32_t line)
{
        struct bh_container *c = bh_doc_add_container(&doc, BH_ORIGIN_SERVICE);
        c->name = name;
        c->loc = L(line, 3);
        c->owner_loc = L(line, 3);
        return c;
}

static struct bh_value val(const char *s, uint32_t line, uint32_t col)
{
        struct bh_value v = {s, true, true, L(line, col)};
        return v;
}

/* Run one rule; returns how many findings it made. */
static size_t run(const char *id)
{
        size_t count;
        const struct bh_rule *tab = bh_rules_table(&count);
        bool *en = calloc(count, sizeof(bool));

        assert_non_null(en);
        for (size_t i = 0; i < count; i++)
                en[i] = strcmp(tab[i].id, id) == 0;
        bh_findings_release(&out);
        bh_findings_init(&out);
        bh_rules_run(&doc, en, &out);
        free(en);
        return out.items.n;
}

static void test_icc(void **state)
{
        struct bh_network *n;

        (void)state;
        n = BH_VEC_NEW(&doc.networks); /* default driver, icc unset */
        n->name = "front";
        n->loc = L(2, 3);
        n = BH_VEC_NEW(&doc.networks); /* explicitly true: at the option */
        n->name = "back";
        n->driver = "bridge";
        n->enable_icc = BH_TRUE;
        n->loc = L(3, 3);
        n->enable_icc_loc = L(4, 9);
        assert_int_equal(run("BH5007"), 2);
        assert_int_equal(out.items.v[0].loc.line, 2);
        assert_int_equal(out.items.v[0].severity, BH_SEV_LOW);
        assert_non_null(strstr(out.items.v[0].message, "NET_RAW"));
        assert_non_null(strstr(out.items.v[0].message, "front"));
        assert_int_equal(out.items.v[1].loc.line, 4);
        assert_int_equal(out.items.v[1].loc.col, 9);

        /* icc off, internal, external, another driver: nothing */
        doc.networks.v[0].enable_icc = BH_FALSE;
        doc.networks.v[1].internal = BH_TRUE;
        n = BH_VEC_NEW(&doc.networks);
        n->name = "shared";
        n->external = true;
        n = BH_VEC_NEW(&doc.networks);
        n->name = "swarm";
        n->driver = "overlay";
        assert_int_equal(run("BH5007"), 0);
}

static void test_use_api_socket(void **state)
{
        struct bh_container *c;

        (void)state;
        c = service("agent", 2);
        c->use_api_socket = BH_TRUE;
        c->use_api_socket_loc = L(3, 5);
        c = service("other", 5);
        c->use_api_socket = BH_FALSE;
        c->use_api_socket_loc = L(6, 5);
        assert_int_equal(run("BH2001"), 1);
        assert_int_equal(out.items.v[0].loc.line, 3);
        assert_int_equal(out.items.v[0].loc.col, 5);
        assert_int_equal(out.items.v[0].severity, BH_SEV_CRITICAL);
        assert_non_null(strstr(out.items.v[0].message, "agent"));
}

static void test_kube_seccomp(void **state)
{
        struct bh_container *c;

        (void)state;
        doc.surface = BH_SURFACE_KUBERNETES;
        c = service("app", 2); /* unset: low, at the owner */
        c = service("dbg", 4);
        c->seccomp = val("Unconfined", 5, 11);
        c = service("ok", 6);
        c->seccomp = val("RuntimeDefault", 6, 11);
        assert_int_equal(run("BH6001"), 2);
        assert_int_equal(out.items.v[0].loc.line, 2);
        assert_int_equal(out.items.v[0].severity, BH_SEV_LOW);
        assert_int_equal(out.items.v[1].loc.line, 5);
        assert_int_equal(out.items.v[1].severity, BH_SEV_HIGH);
        /* on other surfaces unset seccomp is the engine default */
        doc.surface = BH_SURFACE_COMPOSE;
        assert_int_equal(run("BH6001"), 1);
}

/* service:X follows X; a cycle ends. */
static void test_ns_reference(void **state)
{
        struct bh_container *a, *b, *c;

        (void)state;
        a = service("vpn", 1);
        a->network_mode = val("host", 1, 9);
        b = service("app", 2);
        b->network_mode = val("service:vpn", 2, 9);
        c = service("loop1", 3);
        c->pid_mode = val("service:loop2", 3, 9);
        c = service("loop2", 4);
        c->pid_mode = val("container:loop1", 4, 9);
        assert_int_equal(run("BH5001"), 2);
        assert_non_null(strstr(out.items.v[1].message, "vpn"));
        assert_int_equal(out.items.v[1].loc.line, 2);
        assert_int_equal(run("BH5002"), 0);
}

/* The k8s frontend maps runAsNonRoot: true: no BH3003 then. */
static void test_user_unset_run_as_non_root(void **state)
{
        struct bh_container *c;

        (void)state;
        c = service("a", 1);
        c->run_as_non_root = BH_TRUE;
        c = service("b", 2);
        c->run_as_non_root = BH_FALSE;
        c = bh_doc_add_container(&doc, BH_ORIGIN_IMAGE_BUILD); /* BH3002's */
        c->loc = L(3, 1);
        assert_int_equal(run("BH3003"), 1);
        assert_int_equal(out.items.v[0].loc.line, 2);
        assert_int_equal(out.items.v[0].severity, BH_SEV_INFO);
}

static void test_socket_helpers(void **state)
{
        char buf[64];

        (void)state;
        assert_true(bh_ruleutil_socket_norm("/var/run//docker.sock", buf, sizeof(buf)));
        assert_string_equal(buf, "/run/docker.sock");
        assert_string_equal(bh_ruleutil_socket_file(buf), "Docker");
        assert_non_null(bh_ruleutil_socket_dir("/run/user/1000"));
        assert_non_null(bh_ruleutil_socket_dir("/var"));
        assert_null(bh_ruleutil_socket_dir("/srv"));
        assert_null(bh_ruleutil_socket_dir("/run/user/abc"));
        assert_false(bh_ruleutil_socket_norm("/a/very/long/path/that/does/not/fit/in/the/buffer/x",
                                             buf, 16));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_icc, setup, teardown),
                cmocka_unit_test_setup_teardown(test_use_api_socket, setup, teardown),
                cmocka_unit_test_setup_teardown(test_kube_seccomp, setup, teardown),
                cmocka_unit_test_setup_teardown(test_ns_reference, setup, teardown),
                cmocka_unit_test_setup_teardown(test_user_unset_run_as_non_root, setup, teardown),
                cmocka_unit_test_setup_teardown(test_socket_helpers, setup, teardown),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests_name("runtime-rules", tests, NULL, NULL);
}
