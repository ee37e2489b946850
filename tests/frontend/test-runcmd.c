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
        free(ctr.devices.v);
        free(ctr.device_cgroup_rules.v);
        free(ctr.sysctls.v);
        memset(&ctr, 0, sizeof(ctr));
        bh_doc_release(&doc);
        return 0;
}

static void rc_again(void)
{
        rc_teardown(NULL);
        rc_setup(NULL);
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

/* Every spelling of a flag fills the same field, with owner_loc set. */
static void test_flag_spellings(void **state)
{
        (void)state;
        assert_true(R("docker run --read-only --memory=512m --cpus 1.5 --pids-limit=100 "
                      "--userns=keep-id --uts host --cgroupns=private --net=container:db img"));
        assert_int_equal(ctr.read_only_rootfs, BH_TRUE);
        assert_int_equal(ctr.read_only_rootfs_loc.line, 7);
        assert_string_equal(ctr.mem_limit.s, "512m");
        assert_string_equal(ctr.cpu_limit.s, "1.5");
        assert_string_equal(ctr.pids_limit.s, "100");
        assert_string_equal(ctr.userns_mode.s, "keep-id");
        assert_string_equal(ctr.uts_mode.s, "host");
        assert_string_equal(ctr.cgroupns_mode.s, "private");
        assert_string_equal(ctr.network_mode.s, "container:db");
        assert_int_equal(ctr.owner_loc.line, 7);
        assert_int_equal(ctr.owner_loc.col, 3);
        assert_string_equal(ctr.image.s, "img");
        rc_again();
        assert_true(R("podman run --read-only=false -m 1g --network host img"));
        assert_int_equal(ctr.read_only_rootfs, BH_FALSE);
        assert_string_equal(ctr.mem_limit.s, "1g");
        assert_string_equal(ctr.network_mode.s, "host");
        rc_again();
        assert_true(R("podman run -itdm256m img"));
        assert_string_equal(ctr.mem_limit.s, "256m");
        assert_string_equal(ctr.image.s, "img");
        rc_again();
        /* a non-boolean value is not a boolean flag: nothing is recorded */
        assert_true(R("docker run --read-only=maybe --privileged=0 img"));
        assert_int_equal(ctr.read_only_rootfs, BH_UNSET);
        assert_int_equal(ctr.privileged, BH_FALSE);
        rc_again();
        assert_true(R("docker run --privileged=True img"));
        assert_int_equal(ctr.privileged, BH_TRUE);
        /* not a run command: owner_loc stays unset */
        rc_again();
        assert_false(R("docker ps --read-only"));
        assert_int_equal(ctr.owner_loc.line, 0);
}

static void test_devices_sysctls(void **state)
{
        (void)state;
        assert_true(R("docker run --device /dev/sda --device=/dev/nvme0n1:/dev/disk0 "
                      "--device /dev/fuse:rwm --device /dev/kmsg:/dev/kmsg:r "
                      "--device nvidia.com/gpu=all --device-cgroup-rule=a_*:*_rwm "
                      "--sysctl net.ipv4.ip_forward=1 --sysctl=kernel.shm_rmid_forced=1 img"));
        assert_int_equal(ctr.devices.n, 5);
        assert_string_equal(ctr.devices.v[0].host_path, "/dev/sda");
        assert_string_equal(ctr.devices.v[0].container_path, "/dev/sda");
        assert_null(ctr.devices.v[0].perms);
        assert_string_equal(ctr.devices.v[1].host_path, "/dev/nvme0n1");
        assert_string_equal(ctr.devices.v[1].container_path, "/dev/disk0");
        assert_string_equal(ctr.devices.v[2].host_path, "/dev/fuse");
        assert_null(ctr.devices.v[2].container_path);
        assert_string_equal(ctr.devices.v[2].perms, "rwm");
        assert_string_equal(ctr.devices.v[3].container_path, "/dev/kmsg");
        assert_string_equal(ctr.devices.v[3].perms, "r");
        assert_string_equal(ctr.devices.v[4].host_path, "nvidia.com/gpu=all");
        assert_null(ctr.devices.v[4].container_path);
        assert_int_equal(ctr.device_cgroup_rules.n, 1);
        assert_string_equal(ctr.device_cgroup_rules.v[0].s, "a_*:*_rwm");
        assert_int_equal(ctr.sysctls.n, 2);
        assert_string_equal(ctr.sysctls.v[0].name, "net.ipv4.ip_forward");
        assert_string_equal(ctr.sysctls.v[0].value, "1");
        assert_true(ctr.sysctls.v[0].value_known);
        assert_string_equal(ctr.sysctls.v[1].name, "kernel.shm_rmid_forced");
        assert_string_equal(ctr.image.s, "img");
}

static void test_mount_csv_tmpfs_env_file(void **state)
{
        (void)state;
        assert_true(R("docker run --mount=Type=bind,\"Source=/srv/a,b\",DST=/data,ro=false "
                      "--mount type=bind,src=/etc,target=/h,\"readonly\" "
                      "--mount type=bind,source=\"/x\"\"y\",target=/t "
                      "--tmpfs /run:rw,size=64m --env-file ./app.env -P img"));
        assert_int_equal(ctr.mounts.n, 4);
        assert_int_equal(ctr.mounts.v[0].kind, BH_MOUNT_BIND);
        assert_string_equal(ctr.mounts.v[0].source, "/srv/a,b");
        assert_string_equal(ctr.mounts.v[0].target, "/data");
        assert_int_equal(ctr.mounts.v[0].read_only, BH_FALSE);
        assert_string_equal(ctr.mounts.v[1].source, "/etc");
        assert_int_equal(ctr.mounts.v[1].read_only, BH_TRUE);
        /* a quote that does not start the field is kept as text */
        assert_string_equal(ctr.mounts.v[2].source, "\"/x\"\"y\"");
        assert_int_equal(ctr.mounts.v[3].kind, BH_MOUNT_TMPFS);
        assert_string_equal(ctr.mounts.v[3].target, "/run");
        assert_int_equal(ctr.env.n, 1);
        assert_null(ctr.env.v[0].name);
        assert_string_equal(ctr.env.v[0].value, "./app.env");
        assert_false(ctr.env.v[0].value_known);
        assert_int_equal(ctr.ports.n, 1);
        assert_true(ctr.ports.v[0].published);
        assert_false(ctr.ports.v[0].known);
        assert_null(ctr.ports.v[0].host_ip);
        assert_string_equal(ctr.image.s, "img");
        rc_again();
        assert_true(R("docker run -dP -p 80 -p 8080:80 -p [::1]:8080:80/udp img"));
        assert_int_equal(ctr.ports.n, 4);
        assert_false(ctr.ports.v[0].known);
        assert_int_equal(ctr.ports.v[1].container_port, 80);
        assert_null(ctr.ports.v[1].host_ip);
        assert_int_equal(ctr.ports.v[2].container_port, 80);
        assert_null(ctr.ports.v[2].host_ip);
        assert_string_equal(ctr.ports.v[3].host_ip, "::1");
        assert_string_equal(ctr.ports.v[3].proto, "udp");
}

/* --security-opt goes through bh_secopt_apply: every spelling. */
static void test_security_opts(void **state)
{
        (void)state;
        assert_true(R("docker run --security-opt no-new-privileges --security-opt=seccomp:unconfined "
                      "--security-opt apparmor=unconfined --security-opt label=type:spc_t "
                      "--security-opt systempaths=unconfined --security-opt Seccomp=x img"));
        assert_int_equal(ctr.no_new_privileges, BH_TRUE);
        assert_string_equal(ctr.seccomp.s, "unconfined");
        assert_string_equal(ctr.apparmor.s, "unconfined");
        assert_string_equal(ctr.selinux_type.s, "spc_t");
        assert_int_equal(ctr.systempaths_unconfined, BH_TRUE);
        /* every option is kept as written, unknown ones only there */
        assert_int_equal(ctr.security_opt.n, 6);
        assert_string_equal(ctr.security_opt.v[5].s, "Seccomp=x");
        assert_string_equal(ctr.image.s, "img");
}

static void test_secopt(void **state)
{
        struct bh_loc l = {3, 9, 3, 9};
        (void)state;

        assert_true(bh_secopt_apply(&doc, &ctr, "no-new-privileges:true", l));
        assert_int_equal(ctr.no_new_privileges, BH_TRUE);
        assert_int_equal(ctr.no_new_privileges_loc.col, 9);
        assert_true(bh_secopt_apply(&doc, &ctr, "no-new-privileges=false", l));
        assert_int_equal(ctr.no_new_privileges, BH_FALSE);
        assert_true(bh_secopt_apply(&doc, &ctr, "no-new-privileges=1", l));
        assert_int_equal(ctr.no_new_privileges, BH_TRUE);
        assert_false(bh_secopt_apply(&doc, &ctr, "no-new-privileges=yes", l));
        assert_int_equal(ctr.no_new_privileges, BH_TRUE);
        assert_true(bh_secopt_apply(&doc, &ctr, "seccomp=/etc/docker/seccomp.json", l));
        assert_string_equal(ctr.seccomp.s, "/etc/docker/seccomp.json");
        assert_true(bh_secopt_apply(&doc, &ctr, "apparmor:docker-default", l));
        assert_string_equal(ctr.apparmor.s, "docker-default");
        assert_true(bh_secopt_apply(&doc, &ctr, "label:disable", l));
        assert_int_equal(ctr.selinux_disabled, BH_TRUE);
        assert_int_equal(ctr.selinux_disabled_loc.line, 3);
        assert_true(bh_secopt_apply(&doc, &ctr, "label=user:system_u", l));
        assert_true(bh_secopt_apply(&doc, &ctr, "label=level:s0:c100,c200", l));
        assert_true(bh_secopt_apply(&doc, &ctr, "label=nested", l));
        assert_true(bh_secopt_apply(&doc, &ctr, "label=filetype:container_file_t", l));
        assert_false(bh_secopt_apply(&doc, &ctr, "label=bogus", l));
        assert_null(ctr.selinux_type.s);
        assert_true(bh_secopt_apply(&doc, &ctr, "label=type:unconfined_t", l));
        assert_string_equal(ctr.selinux_type.s, "unconfined_t");
        assert_int_equal(ctr.systempaths_unconfined, BH_UNSET);
        assert_true(bh_secopt_apply(&doc, &ctr, "mask=/proc/acpi", l));
        assert_true(bh_secopt_apply(&doc, &ctr, "proc-opts=hidepid=2", l));
        assert_true(bh_secopt_apply(&doc, &ctr, "unmask=/opt/x", l));
        assert_int_equal(ctr.systempaths_unconfined, BH_UNSET);
        assert_false(bh_secopt_apply(&doc, &ctr, "systempaths=confined", l));
        assert_int_equal(ctr.systempaths_unconfined, BH_UNSET);
        assert_true(bh_secopt_apply(&doc, &ctr, "unmask=/opt/x:/proc/kcore", l));
        assert_int_equal(ctr.systempaths_unconfined, BH_TRUE);
        assert_false(bh_secopt_apply(&doc, &ctr, "SECCOMP=unconfined", l));
        assert_false(bh_secopt_apply(&doc, &ctr, "seccomp=${PROFILE}", l));
        assert_string_equal(ctr.seccomp.s, "/etc/docker/seccomp.json");
        assert_false(bh_secopt_apply(&doc, &ctr, "nonsense", l));
        assert_false(bh_secopt_apply(&doc, &ctr, NULL, l));
        assert_int_equal(ctr.security_opt.n, 21);
}

static void test_secopt_unmask_all(void **state)
{
        struct bh_loc l = {1, 1, 1, 1};
        (void)state;

        assert_true(bh_secopt_apply(&doc, &ctr, "unmask=ALL", l));
        assert_int_equal(ctr.systempaths_unconfined, BH_TRUE);
        rc_again();
        assert_true(bh_secopt_apply(&doc, &ctr, "unmask=/sys/firmware", l));
        assert_int_equal(ctr.systempaths_unconfined, BH_TRUE);
        rc_again();
        assert_true(bh_secopt_apply(&doc, &ctr, "unmask=/system", l));
        assert_int_equal(ctr.systempaths_unconfined, BH_UNSET);
        rc_again();
        assert_true(bh_secopt_apply(&doc, &ctr, "disable", l));
        assert_int_equal(ctr.selinux_disabled, BH_TRUE);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_full, rc_setup, rc_teardown),
                cmocka_unit_test_setup_teardown(test_subcommands, rc_setup, rc_teardown),
                cmocka_unit_test_setup_teardown(test_short_clusters, rc_setup, rc_teardown),
                cmocka_unit_test_setup_teardown(test_bool_and_unknown_flags, rc_setup, rc_teardown),
                cmocka_unit_test_setup_teardown(test_ports_mounts, rc_setup, rc_teardown),
                cmocka_unit_test_setup_teardown(test_flag_spellings, rc_setup, rc_teardown),
                cmocka_unit_test_setup_teardown(test_devices_sysctls, rc_setup, rc_teardown),
                cmocka_unit_test_setup_teardown(test_mount_csv_tmpfs_env_file, rc_setup, rc_teardown),
                cmocka_unit_test_setup_teardown(test_security_opts, rc_setup, rc_teardown),
                cmocka_unit_test_setup_teardown(test_secopt, rc_setup, rc_teardown),
                cmocka_unit_test_setup_teardown(test_secopt_unmask_all, rc_setup, rc_teardown),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests_name("runcmd", tests, NULL, NULL);
}
