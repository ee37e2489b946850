/* Quadlet units: systemd unit syntax, each key into the model with its
 * location, .pod/.kube/.network/.volume units, diagnostics and limits. */
#include "fe-test.h"
#include "../../src/frontend/runline.h"
#include "../../src/frontend/unitfile.h"

#include "../../src/util/bh-banned.h"

static struct bh_doc *Q(const char *path, const char *t)
{
        return fe_parse_with(path, t, BH_SURFACE_QUADLET, bh_frontend_quadlet);
}

#define LOC(l, ln, cl)                            \
        do {                                      \
                assert_int_equal((l).line, (ln)); \
                assert_int_equal((l).col, (cl));  \
        } while (0)

static const struct bh_container *only(void)
{
        assert_int_equal(fe_doc.containers.n, 1);
        return fe_doc.containers.v[0];
}

/* ---- unit syntax ---- */

static void test_syntax(void **state)
{
        struct bh_unit u;

        (void)state;
        Q("x.service", "# comment\n; also a comment\n[Unit]\nDescription = a web server  \n"
                       "[Container]\n  Image=img:1\nExec=a \\\n# skipped\n  b \\\n   c\n"
                       "Empty=\n\n[Service]\nK=v\\\n\nAfter=x\n");
        bh_unit_parse(&fe_doc, &u);
        assert_int_equal(fe_doc.diags.n, 0);
        assert_int_equal(u.nsections, 3);
        assert_string_equal(u.sections[1].name, "Container");
        LOC(u.sections[1].loc, 5, 1);
        assert_int_equal(u.n, 6);
        assert_string_equal(u.entries[0].key, "Description");
        assert_string_equal(u.entries[0].value, "a web server");
        assert_string_equal(u.entries[1].section, "Container");
        LOC(u.entries[1].loc, 6, 3);
        /* continuation: the backslash becomes a space, comments are skipped */
        assert_string_equal(u.entries[2].value, "a  b  c");
        LOC(u.entries[2].loc, 7, 1);
        LOC(bh_unit_value_loc(&u.entries[2], 0), 7, 6);
        LOC(bh_unit_value_loc(&u.entries[2], 3), 9, 3);
        LOC(bh_unit_value_loc(&u.entries[2], 6), 10, 4);
        assert_string_equal(u.entries[3].value, "");
        /* an empty line ends a continuation */
        assert_string_equal(u.entries[4].value, "v");
        assert_string_equal(u.entries[5].key, "After");
}

static void test_syntax_errors(void **state)
{
        struct bh_unit u;

        (void)state;
        Q("x.service", "Key=outside\n[Unit\n[Unit]\njust words\n=novalue\n");
        bh_unit_parse(&fe_doc, &u);
        assert_int_equal(fe_ndiag(&fe_doc, 9002, 1), 1);
        assert_int_equal(fe_ndiag(&fe_doc, 9002, 2), 1);
        assert_int_equal(fe_ndiag(&fe_doc, 9002, 4), 1);
        assert_int_equal(fe_ndiag(&fe_doc, 9002, 5), 1);
        assert_int_equal(u.n, 0);
}

static void test_split(void **state)
{
        struct bh_arena a = {0};
        struct bh_unit_word *w;
        bool bad;
        const char *v = "a \"b c\" 'd \\n' e\\ f \"g\\\"h\"x  ";
        size_t n = bh_unit_split(&a, v, strlen(v), &w, &bad);

        (void)state;
        assert_false(bad);
        assert_int_equal(n, 5);
        assert_string_equal(w[0].s, "a");
        assert_string_equal(w[1].s, "b c");
        assert_int_equal(w[1].off, 2);
        assert_string_equal(w[2].s, "d \\n");
        assert_string_equal(w[3].s, "e f");
        assert_string_equal(w[4].s, "g\"hx");
        n = bh_unit_split(&a, "x 'open", 7, &w, &bad);
        assert_true(bad);
        assert_int_equal(n, 2);
        assert_string_equal(w[1].s, "open");
        bh_arena_release(&a);
}

static void test_bool(void **state)
{
        bool b = false;

        (void)state;
        assert_true(bh_unit_bool("Yes", &b) && b);
        assert_true(bh_unit_bool("on", &b) && b);
        assert_true(bh_unit_bool("1", &b) && b);
        assert_true(bh_unit_bool("OFF", &b) && !b);
        assert_true(bh_unit_bool("f", &b) && !b);
        assert_false(bh_unit_bool("maybe", &b));
        assert_false(bh_unit_bool("", &b));
}

/* ---- [Container] ---- */

static void test_container_keys(void **state)
{
        const struct bh_container *c;

        (void)state;
        Q("/etc/containers/systemd/web.container",
          "[Unit]\nDescription=web\n\n[Container]\n"
          "Image=quay.io/acme/web:1.2\n"                                /* 5 */
          "User=app\nGroup=app\n"                                       /* 6 7 */
          "AddCapability=SYS_ADMIN \\\n  NET_ADMIN\n"                   /* 8 9 */
          "AddCapability=CAP_CHOWN\n"                                   /* 10 */
          "DropCapability=ALL\n"                                        /* 11 */
          "NoNewPrivileges=true\n"                                      /* 12 */
          "SeccompProfile=unconfined\n"                                 /* 13 */
          "SecurityLabelDisable=yes\n"                                  /* 14 */
          "Volume=/run/docker.sock:/run/docker.sock:ro\n"               /* 15 */
          "Mount=type=bind,src=/etc,dst=/host/etc\n"                    /* 16 */
          "Network=host\n"                                              /* 17 */
          "ReadOnly=true\n"                                             /* 18 */
          "Unmask=ALL\n"                                                /* 19 */
          "UserNS=keep-id\n"                                            /* 20 */
          "AddDevice=-/dev/fuse\n"                                      /* 21 */
          "PublishPort=127.0.0.1:8080:80\n"                             /* 22 */
          "Environment=A=1 \"B=two words\"\n"                           /* 23 */
          "Sysctl=net.ipv4.ping_group_range=0\\ 1000 kernel.msgmax=1\n" /* 24 */
          "Memory=512m\n"                                               /* 25 */
          "[Service]\nRestart=always\n");
        assert_int_equal(fe_doc.diags.n, 0);
        c = only();
        assert_int_equal(c->origin, BH_ORIGIN_SERVICE);
        assert_string_equal(c->name, "web.container");
        LOC(c->owner_loc, 4, 1);
        LOC(c->loc, 4, 1);
        assert_string_equal(c->image.s, "quay.io/acme/web:1.2");
        assert_true(c->image.known);
        LOC(c->image.loc, 5, 1);
        assert_int_equal(fe_doc.images.n, 1);
        assert_int_equal(fe_doc.images.v[0].role, BH_IMGREF_RUN);
        LOC(fe_doc.images.v[0].loc, 5, 1);
        assert_string_equal(c->user.s, "app:app");
        LOC(c->user.loc, 6, 1);
        assert_int_equal(c->cap_add.n, 3);
        assert_string_equal(c->cap_add.v[1].name, "NET_ADMIN");
        LOC(c->cap_add.v[1].loc, 8, 1);
        assert_string_equal(c->cap_add.v[2].name, "CHOWN");
        LOC(c->cap_add.v[2].loc, 10, 1);
        assert_string_equal(c->cap_drop.v[0].name, "ALL");
        assert_int_equal(c->no_new_privileges, BH_TRUE);
        LOC(c->no_new_privileges_loc, 12, 1);
        assert_string_equal(c->seccomp.s, "unconfined");
        LOC(c->seccomp.loc, 13, 1);
        assert_int_equal(c->selinux_disabled, BH_TRUE);
        LOC(c->selinux_disabled_loc, 14, 1);
        assert_int_equal(c->mounts.n, 2);
        assert_int_equal(c->mounts.v[0].kind, BH_MOUNT_BIND);
        assert_int_equal(c->mounts.v[0].read_only, BH_TRUE);
        LOC(c->mounts.v[0].loc, 15, 1);
        assert_string_equal(c->mounts.v[1].source, "/etc");
        LOC(c->mounts.v[1].loc, 16, 1);
        assert_string_equal(c->network_mode.s, "host");
        LOC(c->network_mode.loc, 17, 1);
        assert_int_equal(c->read_only_rootfs, BH_TRUE);
        LOC(c->read_only_rootfs_loc, 18, 1);
        assert_int_equal(c->systempaths_unconfined, BH_TRUE);
        LOC(c->systempaths_loc, 19, 1);
        assert_string_equal(c->userns_mode.s, "keep-id");
        assert_int_equal(c->devices.n, 1);
        assert_string_equal(c->devices.v[0].host_path, "/dev/fuse");
        LOC(c->devices.v[0].loc, 21, 1);
        assert_int_equal(c->ports.n, 1);
        assert_string_equal(c->ports.v[0].host_ip, "127.0.0.1");
        assert_int_equal(c->ports.v[0].container_port, 80);
        assert_int_equal(c->env.n, 2);
        assert_string_equal(c->env.v[1].name, "B");
        assert_string_equal(c->env.v[1].value, "two words");
        LOC(c->env.v[1].loc, 23, 1);
        assert_int_equal(c->sysctls.n, 2);
        assert_string_equal(c->sysctls.v[0].value, "0 1000");
        assert_string_equal(c->sysctls.v[1].name, "kernel.msgmax");
        assert_string_equal(c->mem_limit.s, "512m");
        /* the flags Quadlet writes never leave an image behind */
        assert_int_equal(c->privileged, BH_UNSET);
}

static void test_container_resets(void **state)
{
        const struct bh_container *c;

        (void)state;
        Q("a.container", "[Container]\nImage=a:1\nDropCapability=ALL\nDropCapability=\n"
                         "AddCapability=SYS_ADMIN\nAddCapability=\nAddCapability=NET_RAW\n"
                         "Volume=/a:/a\nVolume=\nUser=1\nUser=0\nNoNewPrivileges=false\n"
                         "ReadOnly=off\n");
        c = only();
        assert_int_equal(c->cap_drop.n, 0);
        assert_int_equal(c->cap_add.n, 1);
        assert_string_equal(c->cap_add.v[0].name, "NET_RAW");
        LOC(c->cap_add.v[0].loc, 7, 1);
        assert_int_equal(c->mounts.n, 0);
        /* a single value: the last one wins */
        assert_string_equal(c->user.s, "0");
        LOC(c->user.loc, 11, 1);
        assert_int_equal(c->no_new_privileges, BH_FALSE);
        LOC(c->no_new_privileges_loc, 12, 1);
        assert_int_equal(c->read_only_rootfs, BH_FALSE);
}

static void test_specifiers(void **state)
{
        const struct bh_container *c;

        (void)state;
        Q("a.container", "[Container]\nImage=a:1\nVolume=%t/podman/podman.sock:/run/docker.sock\n"
                         "Volume=%h/data:/data\nVolume=%T:/tmp\nEnvironment=P=100%%\n"
                         "PodmanArgs=-v %t/x:/x\n");
        c = only();
        assert_int_equal(c->mounts.n, 4);
        assert_int_equal(c->mounts.v[0].kind, BH_MOUNT_BIND);
        assert_string_equal(c->mounts.v[0].source, "$XDG_RUNTIME_DIR/podman/podman.sock");
        assert_false(c->mounts.v[0].source_known);
        assert_int_equal(c->mounts.v[1].kind, BH_MOUNT_BIND);
        assert_string_equal(c->mounts.v[2].source, "/tmp");
        assert_true(c->mounts.v[2].source_known);
        assert_string_equal(c->env.v[0].value, "100%");
        assert_string_equal(c->mounts.v[3].source, "$XDG_RUNTIME_DIR/x");
        LOC(c->mounts.v[3].loc, 7, 12);
}

static void test_podman_args(void **state)
{
        const struct bh_container *c;

        (void)state;
        Q("a.container",
          "[Container]\nImage=a:1\nPodmanArgs=--pid=host \"--cap-add\" SYS_PTRACE \\\n"
          "  --privileged -v /:/host\nPodmanArgs=--ipc host\n");
        assert_int_equal(fe_doc.diags.n, 0);
        c = only();
        assert_string_equal(c->pid_mode.s, "host");
        LOC(c->pid_mode.loc, 3, 12);
        assert_string_equal(c->cap_add.v[0].name, "SYS_PTRACE");
        LOC(c->cap_add.v[0].loc, 3, 23);
        assert_int_equal(c->privileged, BH_TRUE);
        LOC(c->privileged_loc, 4, 3);
        assert_int_equal(c->mounts.n, 1);
        LOC(c->mounts.v[0].loc, 4, 16);
        assert_string_equal(c->ipc_mode.s, "host");
        LOC(c->ipc_mode.loc, 5, 12);
        /* the image stays the one of Image= */
        assert_string_equal(c->image.s, "a:1");
        assert_int_equal(fe_doc.images.n, 1);

        Q("a.container", "[Container]\nImage=a:1\nPodmanArgs=--privileged myimage --rm\n");
        assert_int_equal(fe_ndiag(&fe_doc, 9002, 3), 1);
        assert_int_equal(only()->privileged, BH_TRUE);
}

static void test_container_diags(void **state)
{
        const struct bh_container *c;

        (void)state;
        Q("a.container", "[Container]\nGroup=0\nReadOnly=maybe\nSecurityLabelDisable=perhaps\n");
        assert_int_equal(fe_ndiag(&fe_doc, 9002, 1), 1); /* no Image= */
        assert_int_equal(fe_ndiag(&fe_doc, 9002, 2), 1); /* Group= without User= */
        assert_int_equal(fe_ndiag(&fe_doc, 9002, 3), 1);
        assert_int_equal(fe_ndiag(&fe_doc, 9002, 4), 1);
        c = only();
        assert_false(c->user.set);
        assert_int_equal(c->read_only_rootfs, BH_UNSET);

        Q("a.container", "[Container]\nImage=web.image\n");
        assert_int_equal(fe_ndiag(&fe_doc, 9005, 2), 1);
        assert_false(only()->image.known);
        assert_int_equal(fe_doc.images.n, 0);

        Q("a.container", "[Container]\nImage=a:1\nAddCapability=\"SYS_ADMIN\n");
        assert_int_equal(fe_ndiag(&fe_doc, 9002, 3), 1);
        assert_string_equal(only()->cap_add.v[0].name, "SYS_ADMIN");
}

static void test_binary(void **state)
{
        struct bh_error *err = NULL;
        static const char bin[] = "[Container]\nImage=a\0b\n";

        (void)state;
        fe_reset();
        fe_text = bh_xmalloc(sizeof(bin));
        memcpy(fe_text, bin, sizeof(bin));
        bh_doc_init(&fe_doc, "a.container", BH_SURFACE_QUADLET, fe_text, sizeof(bin) - 1);
        fe_live = true;
        assert_int_equal(bh_frontend_quadlet(&fe_doc, &err), 0);
        /* a NUL byte: not a unit, and no section either, so nothing at all */
        assert_int_equal(fe_doc.containers.n, 0);
}

/* ---- the other unit types ---- */

static void test_pod_kube(void **state)
{
        const struct bh_container *c;

        (void)state;
        Q("app.pod", "[Pod]\nPodName=app\nPublishPort=8080:80\nNetwork=host\nUserNS=host\n"
                     "Volume=/srv:/srv\n");
        c = only();
        assert_int_equal(c->origin, BH_ORIGIN_SHARED);
        assert_string_equal(c->name, "app.pod");
        LOC(c->owner_loc, 1, 1);
        LOC(c->ports.v[0].loc, 3, 1);
        LOC(c->network_mode.loc, 4, 1);
        LOC(c->userns_mode.loc, 5, 1);
        assert_int_equal(c->mounts.n, 1);

        Q("app.kube", "[Unit]\nDescription=x\n[Kube]\nYaml=app.yaml\nNetwork=host\n"
                      "PublishPort=127.0.0.1:80:80\n");
        c = only();
        assert_int_equal(c->origin, BH_ORIGIN_SHARED);
        LOC(c->owner_loc, 3, 1);
        LOC(c->network_mode.loc, 5, 1);
        assert_int_equal(c->ports.n, 1);
        assert_false(c->image.set);
}

static void test_network(void **state)
{
        (void)state;
        Q("backend.network", "[Network]\nDriver=macvlan\nInternal=true\n"
                             "Options=com.docker.network.bridge.enable_icc=false\n");
        assert_int_equal(fe_doc.containers.n, 0);
        assert_int_equal(fe_doc.networks.n, 1);
        assert_string_equal(fe_doc.networks.v[0].name, "backend.network");
        assert_string_equal(fe_doc.networks.v[0].driver, "macvlan");
        assert_int_equal(fe_doc.networks.v[0].internal, BH_TRUE);
        assert_int_equal(fe_doc.networks.v[0].enable_icc, BH_FALSE);
        LOC(fe_doc.networks.v[0].enable_icc_loc, 4, 1);
        LOC(fe_doc.networks.v[0].loc, 1, 1);

        Q("front.network", "[Network]\nOptions=isolate=true,mtu=1400\n");
        assert_string_equal(fe_doc.networks.v[0].driver, "bridge");
        assert_int_equal(fe_doc.networks.v[0].enable_icc, BH_UNSET);
        assert_int_equal(fe_doc.networks.v[0].internal, BH_UNSET);

        /* systemd-networkd's .network is not ours */
        Q("eth0.network", "[Match]\nName=eth0\n[Network]\nDHCP=yes\n");
        assert_int_equal(fe_doc.networks.n, 0);
        assert_int_equal(fe_doc.diags.n, 0);
}

static void test_volume(void **state)
{
        const struct bh_container *c;

        (void)state;
        Q("sock.volume", "[Volume]\nDevice=/run/podman/podman.sock\nOptions=bind,ro\n");
        c = only();
        assert_int_equal(c->origin, BH_ORIGIN_SHARED);
        assert_int_equal(c->mounts.v[0].kind, BH_MOUNT_BIND);
        assert_string_equal(c->mounts.v[0].source, "/run/podman/podman.sock");
        assert_int_equal(c->mounts.v[0].read_only, BH_TRUE);
        LOC(c->mounts.v[0].loc, 2, 1);

        Q("data.volume", "[Volume]\nType=bind\nDevice=/srv/data\n");
        assert_int_equal(only()->mounts.v[0].kind, BH_MOUNT_BIND);
        LOC(only()->mounts.v[0].loc, 3, 1);

        Q("nfs.volume", "[Volume]\nType=nfs\nDevice=server:/export\n");
        assert_int_equal(fe_doc.containers.n, 0);
}

static void test_not_quadlet(void **state)
{
        (void)state;
        /* a Perl POD file */
        Q("lib/Foo.pod", "=head1 NAME\n\nFoo - bar\n\n=cut\n");
        assert_int_equal(fe_doc.containers.n, 0);
        assert_int_equal(fe_doc.diags.n, 0);
        /* named explicitly, any name: the section decides */
        Q("unit.txt", "[Container]\nImage=a:1\nUser=0\n");
        assert_string_equal(only()->user.s, "0");
        assert_true(bh_quadlet_match_name("web.container"));
        assert_true(bh_quadlet_match_name("x.volume"));
        assert_false(bh_quadlet_match_name("x.service"));
}

/* ---- limits ---- */

static void test_limit_entries(void **state)
{
        struct bh_buf b;

        (void)state;
        bh_buf_init(&b, 8u * 1024u * 1024u);
        assert_int_equal(bh_buf_adds(&b, "[Container]\nImage=a:1\n"), 0);
        for (unsigned i = 0; i < BH_LIMIT_UNIT_ENTRIES; i++)
                assert_int_equal(bh_buf_adds(&b, "Label=a\n"), 0);
        assert_int_equal(bh_buf_adds(&b, "User=0\n"), 0);
        Q("a.container", b.buf);
        assert_int_equal(fe_ndiag(&fe_doc, 9003, 0), 1);
        assert_false(only()->user.set); /* past the limit: not read */
        bh_buf_release(&b);
}

static void test_limit_line(void **state)
{
        size_t n = BH_LIMIT_LINE_LENGTH + 16;
        char *t = bh_xmalloc(n + 64);
        size_t k = 0;

        (void)state;
        k += (size_t)snprintf(t, 64, "[Container]\nImage=a:1\nEnvironment=A=");
        memset(t + k, 'x', n);
        k += n;
        memcpy(t + k, "\nUser=0\n", 9);
        Q("a.container", t);
        free(t);
        assert_int_equal(fe_ndiag(&fe_doc, 9003, 3), 1);
        assert_int_equal(only()->env.n, 0);
        assert_string_equal(only()->user.s, "0");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_teardown(test_syntax, fe_teardown),
                cmocka_unit_test_teardown(test_syntax_errors, fe_teardown),
                cmocka_unit_test(test_split),
                cmocka_unit_test(test_bool),
                cmocka_unit_test_teardown(test_container_keys, fe_teardown),
                cmocka_unit_test_teardown(test_container_resets, fe_teardown),
                cmocka_unit_test_teardown(test_specifiers, fe_teardown),
                cmocka_unit_test_teardown(test_podman_args, fe_teardown),
                cmocka_unit_test_teardown(test_container_diags, fe_teardown),
                cmocka_unit_test_teardown(test_binary, fe_teardown),
                cmocka_unit_test_teardown(test_pod_kube, fe_teardown),
                cmocka_unit_test_teardown(test_network, fe_teardown),
                cmocka_unit_test_teardown(test_volume, fe_teardown),
                cmocka_unit_test_teardown(test_not_quadlet, fe_teardown),
                cmocka_unit_test_teardown(test_limit_entries, fe_teardown),
                cmocka_unit_test_teardown(test_limit_line, fe_teardown),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests_name("quadlet", tests, NULL, NULL);
}
