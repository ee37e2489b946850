/* docker/podman run and create command lines. */
#include "fe-test.h"

#include "../../src/util/bh-banned.h"

static struct bh_doc doc;
static struct bh_container ctr;

static int rc_setup(void **state)
{
        (void)state;
        bh_doc_init(&doc, "x", BH_SURFACE_RUNCMD, "", 0);
        memset(&ctr, 0, sizeof(ctr));
        return 0;
}

static int rc_teardown(void **state)
{
        (void)state;
        free(ctr.cap_add.v);
        free(ctr.cap_drop.v);
        free(ctr.mounts.v);
        free(ctr.ports.v);
        free(ctr.env.v);
        free(ctr.security_opt.v);
        memset(&ctr, 0, sizeof(ctr));
        bh_doc_release(&doc);
        return 0;
}

/* Split a command line on spaces (tests use no quoting) and parse it. */
static bool R(const char *line)
{
        const char *w[64];
        size_t n = 0;
        char *copy = bh_arena_strdup(&doc.arena, line);
        for (char *p = copy; *p && n < 64;) {
                while (*p == ' ')
                        *p++ = '\0';
                if (!*p)
                        break;
                w[n++] = p;
                while (*p && *p != ' ')
                        p++;
        }
        struct bh_loc loc = { 7, 3, 7, 3 };
        return bh_runcmd_parse(&doc, w, n, loc, &ctr);
}

static void test_full(void **state)
{
        (void)state;
        assert_true(R("podman run --privileged --cap-add=SYS_ADMIN,net_admin --cap-drop ALL "
                      "-v /:/host:ro -v data:/data -v /anon "
                      "--mount type=bind,src=/run/docker.sock,dst=/var/run/docker.sock,readonly "
                      "-u 0 --network=host --pid host --ipc=host --uts=host --userns=host "
                      "--security-opt seccomp=unconfined -p 127.0.0.1:8080:80/udp -p 9000 "
                      "-e A=1 -it --name web alpine:3 sh -c id"));
        assert_int_equal(ctr.privileged, BH_TRUE);
        assert_int_equal(ctr.privileged_loc.line, 7);
        assert_int_equal(ctr.cap_add.n, 2);
        assert_string_equal(ctr.cap_add.v[1].name, "NET_ADMIN");
        assert_string_equal(ctr.cap_add.v[1].raw, "net_admin");
        assert_string_equal(ctr.cap_drop.v[0].name, "ALL");
        assert_int_equal(ctr.mounts.n, 4);
        assert_int_equal(ctr.mounts.v[0].kind, BH_MOUNT_BIND);
        assert_string_equal(ctr.mounts.v[0].source, "/");
        assert_string_equal(ctr.mounts.v[0].target, "/host");
        assert_int_equal(ctr.mounts.v[0].read_only, BH_TRUE);
        assert_int_equal(ctr.mounts.v[1].kind, BH_MOUNT_VOLUME);
        assert_int_equal(ctr.mounts.v[1].read_only, BH_UNSET);
        assert_int_equal(ctr.mounts.v[2].kind, BH_MOUNT_ANONYMOUS);
        assert_string_equal(ctr.mounts.v[2].target, "/anon");
        assert_int_equal(ctr.mounts.v[3].kind, BH_MOUNT_BIND);
        assert_string_equal(ctr.mounts.v[3].source, "/run/docker.sock");
        assert_string_equal(ctr.mounts.v[3].target, "/var/run/docker.sock");
        assert_int_equal(ctr.mounts.v[3].read_only, BH_TRUE);
        assert_string_equal(ctr.user.s, "0");
        assert_string_equal(ctr.network_mode.s, "host");
        assert_string_equal(ctr.pid_mode.s, "host");
        assert_string_equal(ctr.ipc_mode.s, "host");
        assert_string_equal(ctr.uts_mode.s, "host");
        assert_string_equal(ctr.userns_mode.s, "host");
        assert_int_equal(ctr.security_opt.n, 1);
        assert_string_equal(ctr.security_opt.v[0].s, "seccomp=unconfined");
        assert_int_equal(ctr.ports.n, 2);
        assert_int_equal(ctr.ports.v[0].container_port, 80);
        assert_string_equal(ctr.ports.v[0].proto, "udp");
        assert_string_equal(ctr.ports.v[0].host_ip, "127.0.0.1");
        assert_true(ctr.ports.v[0].published);
        assert_int_equal(ctr.ports.v[1].container_port, 9000);
        assert_null(ctr.ports.v[1].host_ip);
        assert_string_equal(ctr.env.v[0].name, "A");
        assert_string_equal(ctr.env.v[0].value, "1");
        assert_string_equal(ctr.name, "web");
        assert_string_equal(ctr.image.s, "alpine:3");
        assert_true(ctr.image.known);
}

static void test_subcommands(void **state)
{
        (void)state;
        assert_true(R("docker container create img"));
        assert_string_equal(ctr.image.s, "img");
        rc_teardown(NULL);
        rc_setup(NULL);
        assert_true(R("/usr/bin/docker run img"));
        assert_true(R("podman container run img"));
        assert_true(R("docker -H tcp://x:2375 --log-level debug run --rm img2"));
        assert_string_equal(ctr.image.s, "img2");
        assert_false(R("docker ps"));
        assert_false(R("kubectl run x --image=y"));
        assert_false(R("docker"));
        assert_false(R("podman build -t x ."));
        assert_false(R("docker container ls"));
}

static void test_short_clusters(void **state)
{
        (void)state;
        assert_true(R("docker run -itv /a:/b -p80:80 -eFOO=bar -uapp -d img"));
        assert_int_equal(ctr.mounts.n, 1);
        assert_string_equal(ctr.mounts.v[0].source, "/a");
        assert_int_equal(ctr.ports.v[0].container_port, 80);
        assert_string_equal(ctr.env.v[0].value, "bar");
        assert_string_equal(ctr.user.s, "app");
        assert_string_equal(ctr.image.s, "img");
}

static void test_bool_and_unknown_flags(void **state)
{
        (void)state;
        assert_true(R("docker run --privileged=false --foo=bar --some-bool img cmd"));
        assert_int_equal(ctr.privileged, BH_FALSE);
        assert_string_equal(ctr.image.s, "img");
        rc_teardown(NULL);
        rc_setup(NULL);
        assert_true(R("podman run --env X --user=$UID --hostname h -- img"));
        assert_false(ctr.env.v[0].value_known);
        assert_false(ctr.user.known);
        assert_string_equal(ctr.image.s, "img");
}

static void test_ports_mounts(void **state)
{
        (void)state;
        assert_true(R("podman run -p [::1]:8080:80 -p 0.0.0.0::53/udp -p 7000-7005:7000-7005 "
                      "--mount type=tmpfs,target=/t --mount type=volume,target=/x "
                      "--mount type=volume,source=v,target=/y,readonly=false -v ./rel:/r:rw IMAGE"));
        assert_string_equal(ctr.ports.v[0].host_ip, "::1");
        assert_int_equal(ctr.ports.v[0].container_port, 80);
        assert_string_equal(ctr.ports.v[1].host_ip, "0.0.0.0");
        assert_int_equal(ctr.ports.v[1].container_port, 53);
        assert_int_equal(ctr.ports.v[2].container_port, 7000);
        assert_int_equal(ctr.ports.v[2].container_port_end, 7005);
        assert_int_equal(ctr.mounts.v[0].kind, BH_MOUNT_TMPFS);
        assert_int_equal(ctr.mounts.v[1].kind, BH_MOUNT_ANONYMOUS);
        assert_int_equal(ctr.mounts.v[2].kind, BH_MOUNT_VOLUME);
        assert_int_equal(ctr.mounts.v[2].read_only, BH_FALSE);
        assert_int_equal(ctr.mounts.v[3].kind, BH_MOUNT_BIND);
        assert_int_equal(ctr.mounts.v[3].read_only, BH_FALSE);
        assert_false(ctr.image.known);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_full, rc_setup, rc_teardown),
                cmocka_unit_test_setup_teardown(test_subcommands, rc_setup, rc_teardown),
                cmocka_unit_test_setup_teardown(test_short_clusters, rc_setup, rc_teardown),
                cmocka_unit_test_setup_teardown(test_bool_and_unknown_flags, rc_setup, rc_teardown),
                cmocka_unit_test_setup_teardown(test_ports_mounts, rc_setup, rc_teardown),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests_name("runcmd", tests, NULL, NULL);
}
