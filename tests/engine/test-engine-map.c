/* bulkhead engine's mapping, cmocka (TAP): inspect JSON fixtures written for
 * these tests (Docker- and Podman-shaped) -> the model, /info and /version ->
 * the engine model, the /proc status parser, and BH4110 on models with
 * matching and differing kernel state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
/* cmocka.h needs the headers above first */
#include <cmocka.h>

#include "../../src/frontend/engine/engine.h"
#include "../../src/rules/rules.h"
#include "../../src/util/limits.h"

#include "../../src/util/bh-banned.h"

static const char *fixdir;

static json_t *fx(const char *name)
{
        char path[1024];
        json_error_t je;
        json_t *j;

        snprintf(path, sizeof(path), "%s/%s", fixdir, name);
        j = json_load_file(path, 0, &je);
        if (!j)
                fail_msg("%s: %s", path, je.text);
        return j;
}

struct mapped {
        struct bh_doc doc;
        struct bh_container *c;
};

static void map(struct mapped *m, enum bh_engine_kind kind, bool nnp, const char *inspect,
                const char *image, const char *libpod)
{
        struct bh_engine_ctx x = {.kind = kind, .daemon_nnp = nnp};
        json_t *i = fx(inspect), *im = image ? fx(image) : NULL, *lp = libpod ? fx(libpod) : NULL;

        bh_doc_init(&m->doc, "container/x", BH_SURFACE_ENGINE, NULL, 0);
        m->c = bh_engine_map_container(&m->doc, &x, i, im, lp);
        json_decref(i);
        json_decref(im);
        json_decref(lp);
}

/* The summary line a location points at. */
static void assert_line(const struct bh_doc *d, struct bh_loc loc, const char *want)
{
        const char *l;
        size_t n;

        assert_true(bh_doc_line(d, loc.line, &l, &n));
        assert_int_equal(n, strlen(want));
        assert_memory_equal(l, want, n);
}

static bool has_cap(const struct bh_container *c, bool add, const char *name)
{
        size_t n = add ? c->cap_add.n : c->cap_drop.n;
        for (size_t i = 0; i < n; i++)
                if (strcmp((add ? c->cap_add.v : c->cap_drop.v)[i].name, name) == 0)
                        return true;
        return false;
}

static void test_docker_web(void **state)
{
        struct mapped m;
        const struct bh_container *c;

        (void)state;
        map(&m, BH_ENGINE_DOCKER, false, "docker-web.json", "image-root.json", NULL);
        c = m.c;
        assert_non_null(c);
        assert_string_equal(c->name, "web");
        assert_int_equal(c->origin, BH_ORIGIN_LIVE);
        assert_line(&m.doc, c->loc,
                    "Id: a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1");
        /* no user anywhere: the engine runs it as root */
        assert_string_equal(c->user.s, "root");
        assert_int_equal(c->privileged, BH_FALSE);
        assert_true(has_cap(c, true, "NET_ADMIN") && has_cap(c, true, "SYS_ADMIN"));
        assert_line(&m.doc, c->cap_add.v[1].loc, "HostConfig.CapAdd[1]: sys_admin");
        assert_string_equal(c->seccomp.s, "unconfined");
        assert_string_equal(c->apparmor.s, "unconfined");
        assert_string_equal(c->network_mode.s, "host");
        assert_string_equal(c->pid_mode.s, "host");
        assert_false(c->uts_mode.set); /* "" is the default, not a setting */
        assert_int_equal(c->systempaths_unconfined, BH_TRUE);
        assert_int_equal(c->read_only_rootfs, BH_FALSE);
        assert_false(c->mem_limit.set);
        assert_int_equal(c->devices.n, 1);
        assert_string_equal(c->devices.v[0].host_path, "/dev/sda");
        assert_int_equal(c->mounts.n, 2);
        assert_int_equal(c->mounts.v[0].kind, BH_MOUNT_BIND);
        assert_string_equal(c->mounts.v[0].source, "/var/run/docker.sock");
        assert_int_equal(c->mounts.v[0].read_only, BH_FALSE);
        assert_int_equal(c->mounts.v[1].kind, BH_MOUNT_VOLUME);
        assert_string_equal(c->mounts.v[1].source, "webdata");
        assert_int_equal(c->ports.n, 1);
        assert_true(c->ports.v[0].published);
        assert_null(c->ports.v[0].host_ip);
        assert_int_equal(c->ports.v[0].container_port, 8080);
        assert_int_equal(c->env.n, 2);
        assert_string_equal(c->env.v[1].name, "DOCKER_HOST");
        /* the summary never shows an environment value */
        assert_null(strstr(m.doc.text, "10.0.0.1"));
        assert_null(c->proc); /* not running */
        bh_doc_release(&m.doc);
}

static void test_docker_hard(void **state)
{
        struct mapped m;
        const struct bh_container *c;

        (void)state;
        map(&m, BH_ENGINE_DOCKER, false, "docker-hard.json", NULL, NULL);
        c = m.c;
        assert_string_equal(c->user.s, "10001:10001");
        assert_true(has_cap(c, false, "ALL"));
        assert_int_equal(c->no_new_privileges, BH_TRUE);
        assert_int_equal(c->read_only_rootfs, BH_TRUE);
        assert_string_equal(c->mem_limit.s, "268435456");
        assert_string_equal(c->cpu_limit.s, "500000000");
        assert_string_equal(c->pids_limit.s, "100");
        assert_int_equal(c->systempaths_unconfined, BH_UNSET);
        assert_string_equal(c->apparmor.s, "docker-default");
        assert_string_equal(c->ports.v[0].host_ip, "127.0.0.1");
        assert_int_equal(c->mounts.v[0].kind, BH_MOUNT_TMPFS);
        bh_doc_release(&m.doc);
}

/* Podman lists --cap-drop ALL as 13 drops relative to its default set; the
 * libpod effective set makes it what it is: drop ALL (+ NET_BIND_SERVICE). */
static void test_podman_caps(void **state)
{
        struct mapped m;

        (void)state;
        map(&m, BH_ENGINE_PODMAN, false, "podman-hard.json", NULL, "podman-hard-libpod.json");
        assert_true(has_cap(m.c, false, "ALL"));
        assert_int_equal(m.c->cap_drop.n, 1);
        assert_int_equal(m.c->cap_add.n, 1);
        assert_string_equal(m.c->cap_add.v[0].name, "NET_BIND_SERVICE");
        assert_line(&m.doc, m.c->cap_drop.v[0].loc, "EffectiveCaps (libpod): NET_BIND_SERVICE");
        assert_false(m.c->pid_mode.set && strcmp(m.c->pid_mode.s, "host") == 0);
        assert_int_equal(m.c->systempaths_unconfined, BH_UNSET); /* MaskedPaths null */
        bh_doc_release(&m.doc);

        /* without libpod's answer: the compat drops as reported */
        map(&m, BH_ENGINE_PODMAN, false, "podman-hard.json", NULL, NULL);
        assert_false(has_cap(m.c, false, "ALL"));
        assert_int_equal(m.c->cap_drop.n, 13);
        bh_doc_release(&m.doc);

        /* --cap-add SYS_ADMIN keeps the default set */
        map(&m, BH_ENGINE_PODMAN, false, "podman-capadd.json", "image-root.json",
            "podman-capadd-libpod.json");
        assert_false(has_cap(m.c, false, "ALL"));
        assert_true(has_cap(m.c, true, "SYS_ADMIN"));
        assert_int_equal(m.c->cap_add.n, 1);
        bh_doc_release(&m.doc);
}

static uint64_t bit(const char *n)
{
        return UINT64_C(1) << bh_cap_bit(n);
}

static void test_claims(void **state)
{
        struct mapped m;
        json_t *j = fx("docker-running.json");
        struct bh_engine_ctx x = {.kind = BH_ENGINE_DOCKER};

        (void)state;
        bh_doc_init(&m.doc, "container/running", BH_SURFACE_ENGINE, NULL, 0);
        m.c = bh_engine_map_container(&m.doc, &x, j, NULL, NULL);
        json_decref(j);
        assert_non_null(m.c->proc);
        assert_int_equal(m.c->proc->pid, 1);
        assert_true(m.c->proc->api_caps_known);
        /* drop ALL, add NET_BIND_SERVICE */
        assert_true(m.c->proc->api_caps == bit("NET_BIND_SERVICE"));
        assert_int_equal(m.c->proc->api_no_new_privs, 1);
        assert_int_equal(m.c->proc->api_seccomp, 1);
        assert_line(&m.doc, m.c->proc->loc, "State.Pid: 1");
        bh_doc_release(&m.doc);
}

static void test_proc_parse(void **state)
{
        static const char st[] =
                "Name:\tsleep\nUid:\t0\t0\t0\t0\nNoNewPrivs:\t1\nCapInh:\t0000000000000000\n"
                "CapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\nSeccomp:\t2\n"
                "Seccomp_filters:\t1\n";
        struct bh_proc_state p = {0};

        (void)state;
        assert_true(bh_engine_proc_parse(st, sizeof(st) - 1, &p));
        assert_true(p.cap_eff == UINT64_C(0xa80425fb));
        assert_true(p.cap_bnd == UINT64_C(0xa80425fb));
        assert_int_equal(p.no_new_privs, 1);
        assert_int_equal(p.seccomp, 2);
        /* no CapEff: nothing to compare */
        memset(&p, 0, sizeof(p));
        assert_false(bh_engine_proc_parse("Name:\tx\nCapEff:\tzz\n", 17, &p));
        /* an old kernel without NoNewPrivs/Seccomp lines */
        assert_true(bh_engine_proc_parse("CapEff:\t0\n", 10, &p));
        assert_int_equal(p.no_new_privs, -1);
        assert_int_equal(p.seccomp, -1);
        /* the Docker default set is what a root container holds */
        uint64_t dflt = 0;
        static const char *const d[] = {"CHOWN",   "DAC_OVERRIDE", "FSETID",           "FOWNER",
                                        "MKNOD",   "NET_RAW",      "SETGID",           "SETUID",
                                        "SETFCAP", "SETPCAP",      "NET_BIND_SERVICE", "SYS_CHROOT",
                                        "KILL",    "AUDIT_WRITE"};
        for (size_t i = 0; i < BH_ELEMENTSOF(d); i++)
                dflt |= bit(d[i]);
        assert_true(dflt == UINT64_C(0xa80425fb));
        assert_string_equal(bh_cap_name(21), "SYS_ADMIN");
        assert_int_equal(bh_cap_bit("NOPE"), -1);
}

/* BH4110 over a model: the frontend fills both sides, the rule compares. */
static size_t run_4110(struct bh_proc_state *p, struct bh_findings *f)
{
        struct bh_doc d;
        struct bh_container *c;
        bool enabled[BH_RULE__COUNT] = {0};
        size_t n;
        const struct bh_rule *t = bh_rules_table(&n);

        enabled[bh_rules_find("BH4110") - t] = true;
        bh_doc_init(&d, "container/x", BH_SURFACE_ENGINE, NULL, 0);
        c = bh_doc_add_container(&d, BH_ORIGIN_LIVE);
        c->name = "x";
        p->loc = (struct bh_loc){.line = 3, .col = 1};
        c->proc = p;
        bh_findings_init(f);
        bh_rules_run(&d, enabled, f);
        bh_doc_release(&d);
        return f->items.n;
}

static void test_rule_4110(void **state)
{
        struct bh_findings f;
        struct bh_proc_state p = {.checked = true,
                                  .pid = 42,
                                  .cap_mask = (UINT64_C(1) << 41) - 1,
                                  .api_caps_known = true,
                                  .api_no_new_privs = 1,
                                  .api_seccomp = 1};

        (void)state;
        p.api_caps = p.cap_eff = p.cap_bnd = bit("NET_BIND_SERVICE");
        p.no_new_privs = 1;
        p.seccomp = 2;
        assert_int_equal(run_4110(&p, &f), 0); /* matches */
        bh_findings_release(&f);

        p.cap_bnd |= bit("SYS_ADMIN");
        assert_int_equal(run_4110(&p, &f), 1);
        assert_int_equal(f.items.v[0].severity, BH_SEV_HIGH);
        assert_non_null(strstr(f.items.v[0].message, "does not report: SYS_ADMIN"));
        bh_findings_release(&f);

        p.cap_bnd = p.cap_eff = 0; /* fewer than claimed */
        p.no_new_privs = 0;
        p.seccomp = 0;
        assert_int_equal(run_4110(&p, &f), 3);
        bh_findings_release(&f);

        /* stricter than claimed is not reported */
        p.cap_bnd = p.cap_eff = p.api_caps;
        p.no_new_privs = 1;
        p.seccomp = 2;
        p.api_no_new_privs = 0;
        p.api_seccomp = 0;
        assert_int_equal(run_4110(&p, &f), 0);
        bh_findings_release(&f);

        /* not checked: an info finding with the reason */
        struct bh_proc_state q = {.pid = 7, .why = "the engine is reached over TCP"};
        assert_int_equal(run_4110(&q, &f), 1);
        assert_int_equal(f.items.v[0].severity, BH_SEV_INFO);
        assert_non_null(strstr(f.items.v[0].message, "reached over TCP"));
        bh_findings_release(&f);
}

static void test_engine_info(void **state)
{
        struct bh_doc d;
        struct bh_host *h;
        json_t *info = fx("docker-info.json"), *ver = fx("docker-version.json");
        json_t *nets = fx("docker-networks.json");

        (void)state;
        bh_doc_init(&d, "engine", BH_SURFACE_HOST, NULL, 0);
        h = bh_arena_alloc(&d.arena, sizeof(*h));
        d.surface_model = h;
        bh_engine_map_engine(&d, h, BH_ENGINE_DOCKER, info, ver, nets);
        assert_true(h->docker.present);
        assert_true(h->docker.no_new_privileges.set && !h->docker.no_new_privileges.b);
        assert_string_equal(h->docker.seccomp_profile.s, "unconfined");
        assert_non_null(h->docker.defaults); /* every container without a profile: unconfined */
        assert_true(h->docker.live_restore.b);
        assert_string_equal(h->docker.log_driver.s, "journald");
        assert_int_equal(h->docker.authz_plugins.n, 1);
        assert_int_equal(h->docker.hosts.n, 1);
        assert_string_equal(h->docker.hosts.v[0].s, "tcp://0.0.0.0:2375");
        assert_int_equal(h->docker.insecure_registries.n, 2);
        assert_true(h->docker.icc.set && h->docker.icc.b);
        /* components for the CVE matcher: Engine, containerd, runc (not docker-init) */
        assert_int_equal(h->pkgs.n, 3);
        assert_string_equal(h->pkgs.v[2].name, "runc");
        assert_string_equal(h->pkgs.v[2].version, "1.1.11");
        json_decref(info);
        json_decref(ver);
        json_decref(nets);
        bh_doc_release(&d);
}

static void test_malformed(void **state)
{
        struct bh_doc d;
        struct bh_engine_ctx x = {0};
        char msg[200];
        json_t *j;

        (void)state;
        bh_doc_init(&d, "container/x", BH_SURFACE_ENGINE, NULL, 0);
        j = json_pack("{s:s}", "Name", "/x");
        assert_null(bh_engine_map_container(&d, &x, j, NULL, NULL));
        assert_int_equal(d.diags.n, 1);
        assert_int_equal(d.diags.v[0].rule, 9010);
        json_decref(j);
        bh_doc_release(&d);

        /* the depth limit: exactly at it parses, one past does not */
        char deep[2 * BH_LIMIT_ENGINE_JSON_DEPTH + 4];
        size_t n = 0;
        for (unsigned i = 0; i < BH_LIMIT_ENGINE_JSON_DEPTH; i++)
                deep[n++] = '[';
        for (unsigned i = 0; i < BH_LIMIT_ENGINE_JSON_DEPTH; i++)
                deep[n++] = ']';
        j = bh_engine_json_parse(deep, n, msg, sizeof(msg));
        assert_non_null(j);
        json_decref(j);
        memmove(deep + 1, deep, n);
        deep[0] = '[';
        deep[n + 1] = ']';
        assert_null(bh_engine_json_parse(deep, n + 2, msg, sizeof(msg)));
        assert_non_null(strstr(msg, "BH_LIMIT_ENGINE_JSON_DEPTH"));
        /* brackets inside strings do not count */
        assert_non_null(j = bh_engine_json_parse("[\"[[[[[[\"]", 10, msg, sizeof(msg)));
        json_decref(j);
        assert_null(bh_engine_json_parse("{\"Id\": ", 7, msg, sizeof(msg)));
        assert_non_null(strstr(msg, "not JSON"));
}

int main(int argc, char **argv)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_docker_web),  cmocka_unit_test(test_docker_hard),
                cmocka_unit_test(test_podman_caps), cmocka_unit_test(test_claims),
                cmocka_unit_test(test_proc_parse),  cmocka_unit_test(test_rule_4110),
                cmocka_unit_test(test_engine_info), cmocka_unit_test(test_malformed),
        };

        fixdir = argc > 1 ? argv[1] : "tests/engine/fixtures";
        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
