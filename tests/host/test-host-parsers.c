/* The host frontend's parsers and resolver: TOML subset, daemon.json and
 * dockerd flags merged (conflicts), containers.conf into the shared
 * container, dpkg status, os-release, kernel version mapping, /etc/group,
 * the root-confined resolver in both modes, and the CVE stream rule. */
/* cmocka.h needs these first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
/* clang-format on */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/frontend/host/host-int.h"
#include "../../src/frontend/host/rootfs.h"
#include "../../src/frontend/host/toml.h"
#include "../../src/frontend/pkgdb/pkgdb.h"
#include "../../src/util/buf.h"
#include "../../src/util/limits.h"
#include "../../src/vuln/hostcve.h"

#include "../../src/util/bh-banned.h"

static struct bh_arena A;

static int teardown(void **state)
{
        (void)state;
        bh_arena_release(&A);
        return 0;
}

static struct bh_toml *toml(const char *s)
{
        return bh_toml_parse(&A, s, strlen(s));
}

static void test_toml_basic(void **state)
{
        (void)state;
        struct bh_toml *t =
                toml("# top\n"
                     "title = \"a \\\"q\\\" \\u00e9\"\n"
                     "[containers]\n"
                     "seccomp_profile = 'C:\\raw'\n"
                     "default_capabilities = [\n  \"CHOWN\", # c\n  \"NET_RAW\",\n]\n"
                     "pids_limit = 2048\n"
                     "label = false\n"
                     "[engine.runtimes]\n"
                     "kata = [\"/usr/bin/kata-runtime\"]\n"
                     "\"quoted.key\" = { a = 1, b = \"x\" }\n"
                     "text = \"\"\"\nline1\n  line2\"\"\"\n"
                     "when = 1979-05-27 07:32:00Z\n"
                     "[[registry]]\nlocation = \"a\"\n[[registry]]\nlocation = \"b\"\n");
        const struct bh_toml_entry *e;

        assert_int_equal(t->error_rule, 0);
        e = bh_toml_get(t, "", "title");
        assert_non_null(e);
        assert_string_equal(e->val->s, "a \"q\" \xc3\xa9");
        e = bh_toml_get(t, "containers", "seccomp_profile");
        assert_string_equal(e->val->s, "C:\\raw");
        assert_int_equal(e->key_loc.line, 4);
        assert_int_equal(e->key_loc.col, 1);
        e = bh_toml_get(t, "containers", "default_capabilities");
        assert_int_equal(e->val->kind, BH_TOML_ARRAY);
        assert_int_equal(e->val->n, 2);
        assert_string_equal(e->val->items[1]->s, "NET_RAW");
        assert_int_equal(e->val->items[1]->loc.line, 7);
        assert_int_equal(e->val->items[1]->loc.col, 3);
        assert_int_equal(bh_toml_get(t, "containers", "pids_limit")->val->kind, BH_TOML_INTEGER);
        assert_false(bh_toml_get(t, "containers", "label")->val->b);
        assert_int_equal(bh_toml_get(t, "containers", "label")->val->kind, BH_TOML_BOOL);
        e = bh_toml_get(t, "engine.runtimes", "kata");
        assert_string_equal(e->val->items[0]->s, "/usr/bin/kata-runtime");
        /* a quoted part holding a dot keeps its quotes in the joined key */
        e = bh_toml_get(t, "engine.runtimes", "\"quoted.key\"");
        assert_int_equal(e->val->kind, BH_TOML_TABLE);
        assert_int_equal(e->val->n, 2);
        assert_string_equal(e->val->keys[1], "b");
        assert_string_equal(bh_toml_get(t, "engine.runtimes", "text")->val->s, "line1\n  line2");
        assert_int_equal(bh_toml_get(t, "engine.runtimes", "when")->val->kind, BH_TOML_DATETIME);
        e = bh_toml_get(t, "registry", "location");
        assert_true(e->array_table);
        assert_int_equal(e->table_index, 1);
        assert_string_equal(e->val->s, "b");
}

static void test_toml_errors(void **state)
{
        (void)state;
        struct bh_toml *t = toml("a = 1\nb = bare\nc = 2\n");
        assert_int_equal(t->error_rule, 9001);
        assert_int_equal(t->error_loc.line, 2);
        assert_int_equal(t->n, 1); /* entries before the problem are kept */
        assert_int_equal(toml("a = \"open\n")->error_rule, 9001);
        assert_int_equal(toml("[t\n")->error_rule, 9001);
        assert_int_equal(toml("a = [1, 2\n")->error_rule, 9001);
        assert_int_equal(toml("a = 1 b = 2\n")->error_rule, 9001);
        assert_int_equal(toml("a = \"\\q\"\n")->error_rule, 9001);
        assert_int_equal(toml("a = \"\\ud800\"\n")->error_rule, 9001);
        assert_int_equal(toml("a = {x = 1\n")->error_rule, 9001);
}

static void test_toml_limits(void **state)
{
        (void)state;
        struct bh_buf b;
        char *s;

        /* nesting one past BH_LIMIT_TOML_DEPTH */
        bh_buf_init(&b, 1u << 20);
        bh_buf_adds(&b, "a = ");
        for (unsigned i = 0; i <= BH_LIMIT_TOML_DEPTH + 1; i++)
                bh_buf_addc(&b, '[');
        s = bh_buf_detach(&b, NULL);
        assert_int_equal(toml(s)->error_rule, 9003);
        free(s);
        /* exactly at the limit is fine */
        bh_buf_init(&b, 1u << 20);
        bh_buf_adds(&b, "a = ");
        for (unsigned i = 0; i < BH_LIMIT_TOML_DEPTH; i++)
                bh_buf_addc(&b, '[');
        for (unsigned i = 0; i < BH_LIMIT_TOML_DEPTH; i++)
                bh_buf_addc(&b, ']');
        s = bh_buf_detach(&b, NULL);
        assert_int_equal(toml(s)->error_rule, 0);
        free(s);
        /* one entry past BH_LIMIT_TOML_ENTRIES */
        bh_buf_init(&b, 16u << 20);
        for (unsigned i = 0; i <= BH_LIMIT_TOML_ENTRIES; i++)
                bh_buf_addf(&b, "k%u = 1\n", i);
        s = bh_buf_detach(&b, NULL);
        struct bh_toml *t = toml(s);
        assert_int_equal(t->error_rule, 9003);
        assert_int_equal(t->n, BH_LIMIT_TOML_ENTRIES);
        free(s);
        /* a line longer than BH_LIMIT_LINE_LENGTH */
        bh_buf_init(&b, 2 * BH_LIMIT_LINE_LENGTH + 64);
        bh_buf_adds(&b, "a = \"");
        for (unsigned i = 0; i < BH_LIMIT_LINE_LENGTH + 1; i++)
                bh_buf_addc(&b, 'x');
        bh_buf_adds(&b, "\"\n");
        s = bh_buf_detach(&b, NULL);
        assert_int_equal(toml(s)->error_rule, 9003);
        free(s);
}

static bool has_diag(const struct bh_doc *d, unsigned rule)
{
        for (size_t i = 0; i < d->diags.n; i++)
                if (d->diags.v[i].rule == rule)
                        return true;
        return false;
}

static void test_daemon_json_and_flags(void **state)
{
        (void)state;
        static const char json[] = "{\n  \"icc\": false,\n  \"hosts\": [\"tcp://0.0.0.0:2375\"],\n"
                                   "  \"tlsverify\": \"yes\",\n"
                                   "  \"runtimes\": {\"runsc\": {\"path\": \"/usr/bin/runsc\"}},\n"
                                   "  \"seccomp-profile\": \"unconfined\"\n}\n";
        struct bh_doc d;
        struct bh_engine_cfg cfg = {0};
        const char *words[] = {"/usr/bin/dockerd",
                               "-H",
                               "fd://",
                               "--data-root",
                               "/srv/docker",
                               "--icc=false",
                               "--userland-proxy=false",
                               "--no-new-privileges",
                               "-Hunix:///run/docker.sock",
                               "--config-file=/etc/d.json"};
        struct bh_loc locs[BH_ELEMENTSOF(words)];

        for (size_t i = 0; i < BH_ELEMENTSOF(words); i++)
                locs[i] = (struct bh_loc){1, (uint32_t)i + 1, 1, 1, NULL, "docker.service"};
        bh_doc_init(&d, "daemon.json", BH_SURFACE_ENGINECONF, json, strlen(json));
        bh_enginecfg_daemon_json(&d, NULL, json, strlen(json), &cfg);
        assert_true(cfg.icc.set);
        assert_false(cfg.icc.b);
        assert_int_equal(cfg.icc.loc.line, 2);
        assert_int_equal(cfg.icc.loc.col, 3);
        assert_int_equal(cfg.hosts.n, 1);
        assert_false(cfg.tlsverify.set); /* a string, not a boolean: dockerd refuses it */
        assert_true(has_diag(&d, 9002));
        assert_int_equal(cfg.runtimes.n, 1);
        assert_string_equal(cfg.runtimes.v[0].extra, "/usr/bin/runsc");
        assert_true(bh_engine_runtime_is_sandbox(cfg.runtimes.v[0].s, cfg.runtimes.v[0].extra));
        /* seccomp-profile goes to the shared defaults, where BH6001 sees it */
        assert_non_null(cfg.defaults);
        assert_int_equal(cfg.defaults->origin, BH_ORIGIN_SHARED);
        assert_string_equal(cfg.defaults->seccomp.s, "unconfined");

        const char *cf = bh_enginecfg_dockerd_flags(&d, words, locs, BH_ELEMENTSOF(words),
                                                    BH_CFG_UNIT, &cfg);
        assert_string_equal(cf, "/etc/d.json");
        assert_true(has_diag(&d, 9007)); /* icc both in the file and as a flag */
        assert_int_equal(cfg.hosts.n, 3);
        assert_string_equal(cfg.hosts.v[2].s, "unix:///run/docker.sock");
        assert_true(cfg.userland_proxy.set && !cfg.userland_proxy.b);
        assert_true(cfg.no_new_privileges.set && cfg.no_new_privileges.b);
        assert_int_equal(cfg.no_new_privileges.origin, BH_CFG_UNIT);
        /* --data-root's value is not taken for a flag */
        assert_false(cfg.userns_remap.set);
        free(cfg.hosts.v);
        free(cfg.runtimes.v);
        free(cfg.files.v);
        free(cfg.insecure_registries.v);
        free(cfg.authz_plugins.v);
        bh_doc_release(&d);

        /* not JSON: 9001, nothing set */
        struct bh_engine_cfg c2 = {0};
        bh_doc_init(&d, "daemon.json", BH_SURFACE_ENGINECONF, "{\"icc\": ", 8);
        bh_enginecfg_daemon_json(&d, NULL, "{\"icc\": ", 8, &c2);
        assert_true(has_diag(&d, 9001));
        assert_false(c2.icc.set);
        free(c2.files.v);
        bh_doc_release(&d);
}

static void test_unit_execstart(void **state)
{
        (void)state;
        static const char unit[] = "[Service]\nExecStart=/usr/bin/dockerd -H fd://\n"
                                   "ExecStart=\nExecStart=-/usr/bin/dockerd --icc=false \\\n"
                                   "  --userland-proxy=false\n";
        struct bh_doc d;
        const char **w = NULL;
        struct bh_loc *l = NULL, line;

        bh_doc_init(&d, "x", BH_SURFACE_HOST, NULL, 0);
        size_t n = bh_enginecfg_unit_execstart(&d, "/lib/systemd/system/docker.service", unit,
                                               strlen(unit), &w, &l, &line);
        assert_int_equal(n, 3);
        assert_string_equal(w[0], "/usr/bin/dockerd"); /* the '-' prefix dropped */
        assert_string_equal(w[2], "--userland-proxy=false");
        assert_int_equal(l[2].line, 5);
        assert_int_equal(l[2].col, 3);
        assert_string_equal(l[2].file, "/lib/systemd/system/docker.service");
        bh_doc_release(&d);
}

static void test_containers_conf(void **state)
{
        (void)state;
        static const char conf[] = "[containers]\nnetns = \"host\"\nlabel = false\n"
                                   "default_capabilities = [\"CHOWN\", \"SYS_ADMIN\"]\n"
                                   "volumes = [\"/var/run/docker.sock:/var/run/docker.sock\"]\n"
                                   "pids_limit = \"x\"\n"
                                   "[engine]\nruntime = \"crun\"\n"
                                   "[engine.runtimes]\nkrun = [\"/usr/bin/krun\"]\n";
        struct bh_doc d;
        struct bh_engine_cfg cfg = {0};

        bh_doc_init(&d, "containers.conf", BH_SURFACE_ENGINECONF, conf, strlen(conf));
        bh_enginecfg_containers_conf(&d, NULL, conf, strlen(conf), &cfg);
        const struct bh_container *c = cfg.defaults;
        assert_non_null(c);
        assert_string_equal(c->network_mode.s, "host");
        assert_int_equal(c->network_mode.loc.line, 2);
        assert_int_equal(c->selinux_disabled, BH_TRUE);
        assert_int_equal(c->cap_add.n, 2);
        assert_string_equal(c->cap_add.v[1].name, "SYS_ADMIN");
        assert_int_equal(c->mounts.n, 1);
        assert_string_equal(c->mounts.v[0].source, "/var/run/docker.sock");
        assert_true(has_diag(&d, 9002)); /* pids_limit must be an integer */
        assert_string_equal(cfg.default_runtime.s, "crun");
        assert_int_equal(cfg.runtimes.n, 1);
        assert_true(bh_engine_runtime_is_sandbox(cfg.runtimes.v[0].s, NULL));
        free(cfg.runtimes.v);
        free(cfg.files.v);
        bh_doc_release(&d);
}

static void test_containerd_toml(void **state)
{
        (void)state;
        /* version 2: the CRI plugin's table name is quoted and dotted */
        static const char v2[] =
                "version = 2\n"
                "[grpc]\n  address = \"/run/cd/cd.sock\"\n  tcp_address = \"0.0.0.0:2376\"\n"
                "  gid = 998\n"
                "[plugins.\"io.containerd.grpc.v1.cri\"]\n  enable_selinux = false\n"
                "  disable_apparmor = true\n  enable_unprivileged_ports = true\n"
                "  restrict_oom_score_adj = true\n"
                "[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n"
                "  default_runtime_name = \"runc\"\n"
                "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]\n"
                "  runtime_type = \"io.containerd.runc.v2\"\n"
                "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]\n"
                "  SystemdCgroup = true\n  BinaryName = \"runc\"\n"
                "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.kata]\n"
                "  runtime_type = \"io.containerd.kata.v2\"\n";
        /* version 3: runtime settings moved to io.containerd.cri.v1.runtime;
         * dotted keys inside a table reach the same paths */
        static const char v3[] = "version = 3\n"
                                 "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n"
                                 "[plugins.'io.containerd.cri.v1.runtime']\n"
                                 "  enable_selinux = true\n"
                                 "  containerd.runtimes.gvisor.runtime_type = "
                                 "\"io.containerd.runsc.v1\"\n"
                                 "[grpc]\n  uid = \"x\"\n";
        struct bh_doc d;
        struct bh_engine_cfg cfg = {0};

        bh_doc_init(&d, "config.toml", BH_SURFACE_ENGINECONF, v2, strlen(v2));
        bh_enginecfg_containerd_toml(&d, NULL, v2, strlen(v2), &cfg);
        assert_int_equal(cfg.kind, BH_ENGINE_CONTAINERD);
        assert_string_equal(cfg.config_version.s, "2");
        assert_string_equal(cfg.grpc_address.s, "/run/cd/cd.sock");
        assert_string_equal(cfg.grpc_gid.s, "998");
        assert_int_equal(cfg.hosts.n, 1);
        assert_string_equal(cfg.hosts.v[0].s, "tcp://0.0.0.0:2376");
        assert_int_equal(cfg.hosts.v[0].loc.line, 4);
        assert_false(cfg.tls.b);
        assert_false(cfg.selinux_enabled.b);
        assert_int_equal(cfg.selinux_enabled.loc.line, 7);
        assert_true(cfg.restrict_oom_score_adj.b);
        assert_string_equal(cfg.default_runtime.s, "runc");
        assert_true(cfg.systemd_cgroup.b);
        assert_int_equal(cfg.runtimes.n, 2);
        assert_string_equal(cfg.runtimes.v[0].s, "runc");
        assert_string_equal(cfg.runtimes.v[0].path, "runc");
        assert_string_equal(cfg.runtimes.v[0].extra, "io.containerd.runc.v2");
        assert_true(bh_engine_runtime_is_sandbox(cfg.runtimes.v[1].s, cfg.runtimes.v[1].extra));
        assert_non_null(cfg.defaults);
        assert_string_equal(cfg.defaults->apparmor.s, "unconfined");
        assert_int_equal(cfg.defaults->sysctls.n, 1);
        assert_string_equal(cfg.defaults->sysctls.v[0].name, "net.ipv4.ip_unprivileged_port_start");
        assert_false(cfg.cri_disabled);
        bh_engine_cfg_release(&cfg);
        bh_doc_release(&d);

        memset(&cfg, 0, sizeof(cfg));
        bh_doc_init(&d, "config.toml", BH_SURFACE_ENGINECONF, v3, strlen(v3));
        bh_enginecfg_containerd_toml(&d, NULL, v3, strlen(v3), &cfg);
        assert_string_equal(cfg.config_version.s, "3");
        assert_true(cfg.cri_disabled);
        assert_true(cfg.selinux_enabled.b);
        assert_int_equal(cfg.runtimes.n, 1);
        assert_string_equal(cfg.runtimes.v[0].s, "gvisor");
        assert_true(bh_engine_runtime_is_sandbox(cfg.runtimes.v[0].s, cfg.runtimes.v[0].extra));
        assert_int_equal(cfg.hosts.n, 0);
        assert_true(has_diag(&d, 9002)); /* [grpc] uid must be an integer */
        bh_engine_cfg_release(&cfg);
        bh_doc_release(&d);
}

static void test_dpkg_osrelease(void **state)
{
        (void)state;
        static const char st[] =
                "Package: linux-image-6.1.0-18-amd64\nStatus: install ok installed\n"
                "Source: linux (6.1.76-1)\nVersion: 6.1.76-1\nDescription: x\n y\n\n"
                "Package: runc\nStatus: deinstall ok config-files\nVersion: 1.1.5\n\n"
                "Package: vim\nStatus: install ok installed\nVersion: 9\n\n"
                "Package: containerd.io\r\nStatus: install ok installed\r\n"
                "Version: 1.7.13-1\r\n";
        static const char os[] = "# c\nNAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"12\"\n"
                                 "PRETTY_NAME='Debian 12'\nVERSION_CODENAME=bookworm\n";
        struct bh_host h = {0};

        /* the host reads its packages through src/frontend/pkgdb: every
         * installed one is kept (vim too), the config-files runc is not */
        struct bh_pkgdb_file pf = {.path = "var/lib/dpkg/status", .data = st, .len = strlen(st),
                                   .display = "/s"};
        struct bh_doc pd;
        bh_doc_init(&pd, "/", BH_SURFACE_HOST, NULL, 0);
        assert_int_equal(bh_pkgdb_read(&A, &pd, &pf, 1, NULL, &h.pkgs), 3);
        assert_int_equal(pd.diags.n, 0);
        bh_doc_release(&pd);
        assert_int_equal(h.pkgs.n, 3);
        assert_string_equal(h.pkgs.v[0].source, "linux");
        assert_string_equal(h.pkgs.v[0].version, "6.1.76-1");
        assert_int_equal(h.pkgs.v[0].loc.line, 1);
        assert_string_equal(h.pkgs.v[1].name, "vim");
        assert_string_equal(h.pkgs.v[2].name, "containerd.io");
        assert_string_equal(h.pkgs.v[2].version, "1.7.13-1");
        assert_int_equal(h.pkgs.v[2].loc.line, 16);
        bh_hostinfo_os_release(&A, "/etc/os-release", os, strlen(os), &h);
        assert_string_equal(h.os_id.s, "debian");
        assert_string_equal(h.os_version_id.s, "12");
        assert_int_equal(h.os_version_id.loc.line, 4);
        assert_string_equal(h.os_pretty.s, "Debian 12");
        assert_string_equal(h.os_codename.s, "bookworm");

        /* the kernel package maps the release to a Debian version */
        h.kernel_release = (struct bh_fact){.set = true, .s = "6.1.0-18-amd64"};
        h.kernel_version = (struct bh_fact){.set = true, .s = "Linux version 6.1.0-18-amd64 #1"};
        bh_hostinfo_kernel(&A, &h);
        assert_int_equal(h.kflavour, BH_KFLAV_DEBIAN);
        assert_string_equal(h.kernel_pkgver, "6.1.76-1");
        assert_string_equal(h.kernel_upstream, "6.1.76");
        free(h.pkgs.v);
}

static void test_kernel_flavours(void **state)
{
        (void)state;
        struct bh_host h = {0};

        h.kernel_release = (struct bh_fact){.set = true, .s = "5.10.0-28-amd64"};
        h.kernel_version = (struct bh_fact){
                .set = true,
                .s = "Linux version 5.10.0-28-amd64 (gcc) #1 SMP Debian 5.10.209-2 (2024-01-31)"};
        bh_hostinfo_kernel(&A, &h);
        assert_int_equal(h.kflavour, BH_KFLAV_DEBIAN);
        assert_string_equal(h.kernel_pkgver, "5.10.209-2");
        assert_string_equal(h.kernel_upstream, "5.10.209");

        h.kernel_release.s = "5.15.0-91-generic";
        h.kernel_version.s = "Linux version 5.15.0-91-generic #101-Ubuntu SMP";
        h.kernel_signature =
                (struct bh_fact){.set = true, .s = "Ubuntu 5.15.0-91.101-generic 5.15.131"};
        bh_hostinfo_kernel(&A, &h);
        assert_int_equal(h.kflavour, BH_KFLAV_UBUNTU);
        assert_string_equal(h.kernel_upstream, "5.15.131");
        assert_string_equal(h.kernel_pkgver, "5.15.0-91.101");

        h.kernel_signature = (struct bh_fact){0};
        h.kernel_release.s = "4.18.0-513.5.1.el8_9.x86_64";
        h.kernel_version.s = "Linux version 4.18.0-513.5.1.el8_9.x86_64 (Red Hat 8.5.0-20)";
        bh_hostinfo_kernel(&A, &h);
        assert_int_equal(h.kflavour, BH_KFLAV_RHEL);

        h.kernel_release.s = "6.8";
        h.kernel_version.s = "Linux version 6.8 (me@box) #1 SMP";
        bh_hostinfo_kernel(&A, &h);
        assert_int_equal(h.kflavour, BH_KFLAV_UPSTREAM);
        assert_string_equal(h.kernel_upstream, "6.8.0");
}

static void test_group_passwd(void **state)
{
        (void)state;
        static const char grp[] = "root:x:0:\nbad line\ndocker:x:998:alice,bob\n";
        static const char pw[] = "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/h:/bin/sh\n";
        const char *name, *members;
        uint32_t line;

        assert_true(bh_hostinfo_group(&A, grp, strlen(grp), 998, &name, &members, &line));
        assert_string_equal(name, "docker");
        assert_string_equal(members, "alice,bob");
        assert_int_equal(line, 3);
        assert_false(bh_hostinfo_group(&A, grp, strlen(grp), 5, &name, &members, &line));
        assert_string_equal(bh_hostinfo_user(&A, pw, strlen(pw), 1000), "alice");
        assert_null(bh_hostinfo_user(&A, pw, strlen(pw), 7));

        /* primary group: the 4th field, not the uid (3rd) nor a prefix of it */
        static const char pw2[] = "root:x:0:0::/root:/bin/sh\nci:x:1002:998::/h:/bin/sh\n"
                                  "x:x:998:1000::/h:/bin/sh\nbad\nops:x:1003:998::/h:/bin/sh\n"
                                  "n:x:1004:9980::/h:/bin/sh\n";
        assert_string_equal(bh_hostinfo_primary_members(&A, pw2, strlen(pw2), 998), "ci,ops");
        assert_string_equal(bh_hostinfo_primary_members(&A, pw2, strlen(pw2), 5), "");
}

static void test_stream_verdicts(void **state)
{
        (void)state;
        const char *why;
        char buf[64];

        /* CVE-2022-0847: intro 5.8, mainline 5.17 */
        const char *dp = "5.10.102 5.15.25 5.16.11";
        assert_int_equal(bh_vuln_host_stream_verdict("5.10.101", "5.8", dp, "5.17.0", &why),
                         BH_CVE_VULNERABLE);
        assert_int_equal(bh_vuln_host_stream_verdict("5.10.102", "5.8", dp, "5.17.0", &why),
                         BH_CVE_NOT_VULNERABLE);
        assert_int_equal(bh_vuln_host_stream_verdict("5.4.300", "5.8", dp, "5.17.0", &why),
                         BH_CVE_NOT_VULNERABLE); /* before the bug */
        assert_int_equal(bh_vuln_host_stream_verdict("5.13.19", "5.8", dp, "5.17.0", &why),
                         BH_CVE_VULNERABLE); /* an end-of-life stream never fixed */
        assert_int_equal(bh_vuln_host_stream_verdict("6.1.0", "5.8", dp, "5.17.0", &why),
                         BH_CVE_NOT_VULNERABLE);
        assert_int_equal(bh_vuln_host_stream_verdict("5.13.19", "", dp, "5.17.0", &why),
                         BH_CVE_UNKNOWN);
        /* runc: pre-releases sort before the release */
        assert_int_equal(bh_vuln_host_stream_verdict("1.0.0~rc6", "0", "1.0.0~rc7", "", &why),
                         BH_CVE_VULNERABLE);
        assert_int_equal(
                bh_vuln_host_stream_verdict("1.5.0", "0", "1.2.8 1.3.3 1.4.0~rc.3", "", &why),
                BH_CVE_NOT_VULNERABLE);
        assert_string_equal(
                bh_vuln_host_upstream("5:27.1.0-1~debian.12~bookworm", buf, sizeof(buf)), "27.1.0");
        assert_string_equal(bh_vuln_host_upstream("1.0.0~rc93+ds1-5", buf, sizeof(buf)),
                            "1.0.0~rc93");
}

static void test_host_cves(void **state)
{
        (void)state;
        struct bh_host h = {0};

        h.os_id = (struct bh_fact){.set = true, .s = "debian"};
        h.os_version_id = (struct bh_fact){.set = true, .s = "12"};
        h.kernel_release = (struct bh_fact){.set = true, .s = "6.1.0-10-amd64"};
        h.kflavour = BH_KFLAV_DEBIAN;
        h.kernel_pkgver = "6.1.38-1";
        h.kernel_upstream = "6.1.38";
        h.userns_max = (struct bh_fact){.set = true, .s = "0"};
        bh_vuln_host_cves(&A, &h);
        assert_true(h.cves_done);
        bool saw_1086 = false, saw_3390 = false;
        for (size_t i = 0; i < h.cves.n; i++) {
                const struct bh_cve_verdict *v = &h.cves.v[i];
                if (strcmp(v->cve, "CVE-2024-1086") == 0) {
                        /* no Debian data: a Debian kernel below the upstream fix is unknown */
                        assert_int_equal(v->state, BH_CVE_UNKNOWN);
                        assert_int_equal(v->severity, BH_SEV_LOW); /* userns disabled */
                        saw_1086 = true;
                }
                if (strcmp(v->cve, "CVE-2023-3390") == 0) {
                        assert_int_equal(v->state, BH_CVE_NOT_VULNERABLE); /* 6.1.37-1 fixed */
                        saw_3390 = true;
                }
        }
        assert_true(saw_1086 && saw_3390);
        free(h.cves.v);
}

/* The verdict of one package for one CVE; fails the test when absent. */
static const struct bh_cve_verdict *verdict(const struct bh_host *h, const char *pkg,
                                            const char *cve)
{
        for (size_t i = 0; i < h->cves.n; i++)
                if (strcmp(h->cves.v[i].package, pkg) == 0 && strcmp(h->cves.v[i].cve, cve) == 0)
                        return &h->cves.v[i];
        fail_msg("no verdict for %s %s", pkg, cve);
        return NULL;
}

static void addpkg(struct bh_host *h, const char *name, const char *version,
                   enum bh_pkg_format fmt)
{
        struct bh_pkg *p = BH_VEC_NEW(&h->pkgs);
        p->name = name;
        p->version = version;
        p->format = fmt;
}

/* rpm: Fedora and Docker's repositories follow upstream numbering (rpm
 * ordering decides both ways); RHEL-family and SUSE builds backport, so only
 * "not vulnerable" is decided there. */
static void test_host_cves_rpm(void **state)
{
        (void)state;
        struct bh_host h = {0};
        const struct bh_cve_verdict *v;

        h.os.id = "fedora";
        h.os.version_id = "40";
        addpkg(&h, "runc", "2:1.1.11-1.fc40", BH_PKGFMT_RPM);
        addpkg(&h, "containerd", "1.7.20-3.fc40", BH_PKGFMT_RPM);
        addpkg(&h, "moby-engine", "27.1.1-1.fc40", BH_PKGFMT_RPM);
        addpkg(&h, "crun", "1.4.4~rc1-1.fc40", BH_PKGFMT_RPM);
        addpkg(&h, "buildah", "1.0.0-0.2.rc93.fc40", BH_PKGFMT_RPM);
        bh_vuln_host_cves(&A, &h);
        v = verdict(&h, "runc", "CVE-2024-21626");
        assert_int_equal(v->state, BH_CVE_VULNERABLE); /* 1.1.11 < 1.1.12, epoch ignored */
        assert_non_null(strstr(v->why, "Fedora package: runc 1.1.11"));
        assert_int_equal(verdict(&h, "runc", "CVE-2022-29162")->state, BH_CVE_NOT_VULNERABLE);
        assert_int_equal(verdict(&h, "containerd", "CVE-2024-40635")->state, BH_CVE_VULNERABLE);
        assert_int_equal(verdict(&h, "containerd", "CVE-2022-23648")->state,
                         BH_CVE_NOT_VULNERABLE);
        assert_int_equal(verdict(&h, "moby-engine", "CVE-2024-41110")->state,
                         BH_CVE_NOT_VULNERABLE);
        /* rpm's '~': 1.4.4~rc1 is before the 1.4.4 fix */
        assert_int_equal(verdict(&h, "crun", "CVE-2022-27650")->state, BH_CVE_VULNERABLE);
        /* Release 0.N: a pre-release whose tag is not in the version: unknown */
        v = verdict(&h, "buildah", "CVE-2022-27651");
        assert_int_equal(v->state, BH_CVE_UNKNOWN);
        assert_non_null(strstr(v->why, "pre-release"));
        free(h.cves.v);
        free(h.pkgs.v);

        struct bh_host r = {0};
        r.os.id = "almalinux";
        r.os.version_id = "9.4";
        addpkg(&r, "runc", "4:1.1.12-1.el9", BH_PKGFMT_RPM);
        addpkg(&r, "podman", "2:4.9.4-10.el9_4", BH_PKGFMT_RPM);
        addpkg(&r, "docker-ce", "3:27.1.0-1.el9", BH_PKGFMT_RPM);
        addpkg(&r, "containerd.io", "1.7.20-3.1.el9", BH_PKGFMT_RPM);
        bh_vuln_host_cves(&A, &r);
        assert_int_equal(verdict(&r, "runc", "CVE-2024-21626")->state, BH_CVE_NOT_VULNERABLE);
        v = verdict(&r, "runc", "CVE-2025-31133");
        assert_int_equal(v->state, BH_CVE_UNKNOWN); /* 1.1 never got the upstream fix */
        assert_non_null(strstr(v->why, "RHEL-family build (4:1.1.12-1.el9)"));
        assert_non_null(strstr(v->why, "Red Hat"));
        assert_int_equal(verdict(&r, "podman", "CVE-2022-27649")->state, BH_CVE_NOT_VULNERABLE);
        /* Docker's own repositories build upstream releases, also for .el9 */
        assert_int_equal(verdict(&r, "docker-ce", "CVE-2024-41110")->state, BH_CVE_VULNERABLE);
        assert_int_equal(verdict(&r, "containerd.io", "CVE-2024-40635")->state,
                         BH_CVE_VULNERABLE);
        free(r.cves.v);
        free(r.pkgs.v);

        struct bh_host su = {0};
        su.os.id = "sles";
        su.os.version_id = "15.6";
        addpkg(&su, "containerd", "1.7.21-150000.117.1", BH_PKGFMT_RPM);
        addpkg(&su, "docker", "24.0.7_ce-150000.198.2", BH_PKGFMT_RPM);
        bh_vuln_host_cves(&A, &su);
        v = verdict(&su, "containerd", "CVE-2024-40635");
        assert_int_equal(v->state, BH_CVE_UNKNOWN);
        assert_non_null(strstr(v->why, "SUSE"));
        assert_int_equal(verdict(&su, "docker", "CVE-2024-41110")->state, BH_CVE_UNKNOWN);
        /* runtime introduced later than the build: unknown on a backporting distro */
        free(su.cves.v);
        free(su.pkgs.v);
}

/* apk: Alpine's secdb fixed versions per branch decide where the table has
 * them (backports included); elsewhere upstream's number before -rN. */
static void test_host_cves_apk(void **state)
{
        (void)state;
        struct bh_host h = {0};
        const struct bh_cve_verdict *v;
        size_t ndocker = 0;

        h.os.id = "alpine";
        h.os.version_id = "3.15.4";
        addpkg(&h, "podman", "3.4.6-r0", BH_PKGFMT_APK);
        addpkg(&h, "runc", "1.1.11-r0", BH_PKGFMT_APK);
        addpkg(&h, "docker", "20.10.16-r2", BH_PKGFMT_APK);
        addpkg(&h, "docker-engine", "20.10.16-r2", BH_PKGFMT_APK);
        addpkg(&h, "containerd", "1.5.9-r0", BH_PKGFMT_APK);
        bh_vuln_host_cves(&A, &h);
        /* Alpine v3.15 fixed CVE-2022-27649 in 3.4.6-r0 (a backport; upstream 4.0.3) */
        v = verdict(&h, "podman", "CVE-2022-27649");
        assert_int_equal(v->state, BH_CVE_NOT_VULNERABLE);
        assert_non_null(strstr(v->why, "Alpine v3.15 package 3.4.6-r0 is at or past the fixed "
                                       "3.4.6-r0"));
        v = verdict(&h, "containerd", "CVE-2022-23648");
        assert_int_equal(v->state, BH_CVE_VULNERABLE); /* v3.15 fixed it in 1.5.10-r0 */
        /* no v3.15 entry for CVE-2024-21626: upstream 1.1.11 < 1.1.12 */
        v = verdict(&h, "runc", "CVE-2024-21626");
        assert_int_equal(v->state, BH_CVE_VULNERABLE);
        assert_non_null(strstr(v->why, "runc 1.1.11 is older"));
        assert_int_equal(verdict(&h, "docker-engine", "CVE-2024-41110")->state, BH_CVE_VULNERABLE);
        for (size_t i = 0; i < h.cves.n; i++)
                ndocker += strcmp(h.cves.v[i].package, "docker") == 0;
        assert_int_equal(ndocker, 0); /* the metapackage is not judged twice */
        free(h.cves.v);
        free(h.pkgs.v);

        /* an old branch without secdb rows: apk's _rc pre-releases against the table's ~rc */
        struct bh_host o = {0};
        o.os.id = "alpine";
        o.os.version_id = "3.9.6";
        addpkg(&o, "runc", "1.0.0_rc93-r0", BH_PKGFMT_APK);
        addpkg(&o, "crun", "1.0.0_rc92-r0", BH_PKGFMT_APK);
        bh_vuln_host_cves(&A, &o);
        assert_int_equal(verdict(&o, "runc", "CVE-2021-30465")->state, BH_CVE_VULNERABLE);
        assert_int_equal(verdict(&o, "runc", "CVE-2024-21626")->state, BH_CVE_VULNERABLE);
        /* v3.9's own row: 1.0.0_rc6-r1 fixed CVE-2019-5736 */
        assert_int_equal(verdict(&o, "runc", "CVE-2019-5736")->state, BH_CVE_NOT_VULNERABLE);
        free(o.cves.v);
        free(o.pkgs.v);

        struct bh_host e = {0};
        e.os.id = "alpine";
        e.os.version_id = "3.9.6";
        addpkg(&e, "runc", "1.0.0_rc92-r0", BH_PKGFMT_APK);
        addpkg(&e, "runc", "1.0.0_rc6-r0", BH_PKGFMT_APK);
        bh_vuln_host_cves(&A, &e);
        /* rc92 is before rc93, which introduced CVE-2024-21626 */
        assert_int_equal(e.cves.v[3].state, BH_CVE_NOT_VULNERABLE);
        assert_string_equal(e.cves.v[3].cve, "CVE-2024-21626");
        assert_int_equal(e.cves.v[8].state, BH_CVE_VULNERABLE); /* rc6-r0 < rc6-r1 */
        assert_string_equal(e.cves.v[8].cve, "CVE-2019-5736");
        free(e.cves.v);
        free(e.pkgs.v);
}

/* ---- the resolver ---- */

static char tmpdir[256];

static void mkfile(const char *rel, const char *content)
{
        char p[512];
        snprintf(p, sizeof(p), "%s/%s", tmpdir, rel);
        int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        assert_true(fd >= 0);
        assert_true(write(fd, content, strlen(content)) == (ssize_t)strlen(content));
        close(fd);
}

static void mklink(const char *target, const char *rel)
{
        char p[512];
        snprintf(p, sizeof(p), "%s/%s", tmpdir, rel);
        assert_int_equal(symlink(target, p), 0);
}

static void test_rootfs(void **state)
{
        (void)state;
        char p[512];

        snprintf(tmpdir, sizeof(tmpdir), "/tmp/bh-rootfs-XXXXXX");
        assert_non_null(mkdtemp(tmpdir));
        mkfile("secret", "outside\n");
        snprintf(p, sizeof(p), "%s/root", tmpdir);
        assert_int_equal(mkdir(p, 0755), 0);
        snprintf(p, sizeof(p), "%s/root/etc", tmpdir);
        assert_int_equal(mkdir(p, 0755), 0);
        mkfile("root/etc/inside", "inside\n");
        mkfile("root/secret", "root-secret\n");
        mklink("../../secret", "root/etc/up"); /* .. past the root: clamped */
        mklink("/secret", "root/etc/abs");     /* absolute: inside the root */
        mklink("/etc/../../../etc/inside", "root/etc/dots");
        mklink("self", "root/etc/self"); /* a loop */
        mklink("/etc", "root/etclink");

        for (int mode = 0; mode < 2; mode++) {
                struct bh_rootfs fs;
                struct bh_error *err = NULL;
                char *data = NULL;
                size_t len;
                struct stat st;

                snprintf(p, sizeof(p), "%s/root", tmpdir);
                assert_int_equal(bh_rootfs_open(&fs, p, mode == 1, &err), 0);
                assert_int_equal(bh_rootfs_read(&fs, "/etc/up", 1024, &data, &len), 0);
                assert_string_equal(data, "root-secret\n"); /* never the file outside */
                free(data);
                assert_int_equal(bh_rootfs_read(&fs, "/etc/abs", 1024, &data, &len), 0);
                assert_string_equal(data, "root-secret\n");
                free(data);
                assert_int_equal(bh_rootfs_read(&fs, "/etc/dots", 1024, &data, &len), 0);
                assert_string_equal(data, "inside\n");
                free(data);
                assert_int_equal(bh_rootfs_read(&fs, "/etclink/inside", 1024, &data, &len), 0);
                assert_string_equal(data, "inside\n");
                free(data);
                assert_int_equal(bh_rootfs_read(&fs, "/etc/self", 1024, &data, &len), -ELOOP);
                assert_int_equal(bh_rootfs_read(&fs, "/etc/nope", 1024, &data, &len), -ENOENT);
                assert_int_equal(bh_rootfs_read(&fs, "/etc/inside", 3, &data, &len), -EFBIG);
                assert_int_equal(bh_rootfs_read(&fs, "/etc", 1024, &data, &len), -EINVAL);
                assert_int_equal(bh_rootfs_stat(&fs, "/etc/abs", &st), 0);
                assert_true(S_ISREG(st.st_mode));
                char **names;
                size_t n;
                bool trunc;
                assert_int_equal(bh_rootfs_list(&fs, "/etc", 100, &names, &n, &trunc), 0);
                assert_int_equal(n, 5);
                assert_string_equal(names[0], "abs");
                bh_rootfs_names_free(names, n);
                assert_int_equal(bh_rootfs_list(&fs, "/etc", 2, &names, &n, &trunc), 0);
                assert_true(trunc);
                bh_rootfs_names_free(names, n);
                /* a path one byte past BH_LIMIT_HOST_PATH */
                char *longp = bh_xmalloc(BH_LIMIT_HOST_PATH + 2);
                memset(longp, 'a', BH_LIMIT_HOST_PATH + 1);
                longp[0] = '/';
                longp[BH_LIMIT_HOST_PATH + 1] = '\0';
                assert_int_equal(bh_rootfs_read(&fs, longp, 1024, &data, &len), -ENAMETOOLONG);
                free(longp);
                bh_rootfs_close(&fs);
        }
        /* more than BH_LIMIT_HOST_SYMLINKS links in a chain */
        for (unsigned i = 0; i <= BH_LIMIT_HOST_SYMLINKS; i++) {
                char t[32], l[48];
                snprintf(t, sizeof(t), "c%u", i + 1);
                snprintf(l, sizeof(l), "root/etc/c%u", i);
                mklink(t, l);
        }
        mkfile(bh_arena_printf(&A, "root/etc/c%u", BH_LIMIT_HOST_SYMLINKS + 1), "end\n");
        for (int mode = 0; mode < 2; mode++) {
                struct bh_rootfs fs;
                struct bh_error *err = NULL;
                char *data = NULL;
                size_t len;
                snprintf(p, sizeof(p), "%s/root", tmpdir);
                assert_int_equal(bh_rootfs_open(&fs, p, mode == 1, &err), 0);
                assert_int_equal(bh_rootfs_read(&fs, "/etc/c0", 1024, &data, &len), -ELOOP);
                assert_int_equal(bh_rootfs_read(&fs, "/etc/c1", 1024, &data, &len), 0);
                free(data);
                bh_rootfs_close(&fs);
        }
        snprintf(p, sizeof(p), "rm -rf '%s'", tmpdir);
        /* no shell: remove what we made */
        for (unsigned i = 0; i <= BH_LIMIT_HOST_SYMLINKS + 1; i++) {
                snprintf(p, sizeof(p), "%s/root/etc/c%u", tmpdir, i);
                unlink(p);
        }
        static const char *const rm[] = {"root/etc/up",   "root/etc/abs", "root/etc/dots",
                                         "root/etc/self", "root/etclink", "root/etc/inside",
                                         "root/secret",   "secret"};
        for (size_t i = 0; i < BH_ELEMENTSOF(rm); i++) {
                snprintf(p, sizeof(p), "%s/%s", tmpdir, rm[i]);
                unlink(p);
        }
        snprintf(p, sizeof(p), "%s/root/etc", tmpdir);
        rmdir(p);
        snprintf(p, sizeof(p), "%s/root", tmpdir);
        rmdir(p);
        rmdir(tmpdir);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_teardown(test_toml_basic, teardown),
                cmocka_unit_test_teardown(test_toml_errors, teardown),
                cmocka_unit_test_teardown(test_toml_limits, teardown),
                cmocka_unit_test_teardown(test_daemon_json_and_flags, teardown),
                cmocka_unit_test_teardown(test_unit_execstart, teardown),
                cmocka_unit_test_teardown(test_containers_conf, teardown),
                cmocka_unit_test_teardown(test_containerd_toml, teardown),
                cmocka_unit_test_teardown(test_dpkg_osrelease, teardown),
                cmocka_unit_test_teardown(test_kernel_flavours, teardown),
                cmocka_unit_test_teardown(test_group_passwd, teardown),
                cmocka_unit_test_teardown(test_stream_verdicts, teardown),
                cmocka_unit_test_teardown(test_host_cves, teardown),
                cmocka_unit_test_teardown(test_host_cves_rpm, teardown),
                cmocka_unit_test_teardown(test_host_cves_apk, teardown),
                cmocka_unit_test_teardown(test_rootfs, teardown),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
