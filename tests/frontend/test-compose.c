/* Compose frontend: interpolation (every form, unknown values), .env and
 * --env-file, override files and -f merging with !reset/!override, extends
 * (same file, other file), include, anchors and merge keys, every field
 * mapping, bind/named/anonymous volume decisions, service:X namespaces,
 * networks, and the compose limits.  Other files come from an in-memory
 * read callback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
/* cmocka.h needs the headers above first */
#include <cmocka.h>

#include "../../src/frontend/compose/compose-int.h"
#include "../../src/frontend/frontend.h"
#include "../../src/util/limits.h"

#include "../../src/util/bh-banned.h"

struct ct_file {
        const char *path;
        const char *text;
};

static struct ct_file ct_files[64];
static size_t ct_nfiles;
static unsigned ct_reads;
static struct bh_doc cd;
static bool cd_live;
static char *cd_text;
static struct bh_frontend_opts ct_opts;

static int ct_read(void *ctx, const char *path, char **ret_data, size_t *ret_len)
{
        (void)ctx;
        ct_reads++;
        for (size_t i = 0; i < ct_nfiles; i++) {
                if (strcmp(ct_files[i].path, path) == 0) {
                        *ret_data = bh_xstrdup(ct_files[i].text);
                        *ret_len = strlen(ct_files[i].text);
                        return 0;
                }
        }
        return BH_ENOENT;
}

static void ct_file(const char *path, const char *text)
{
        assert_true(ct_nfiles < BH_ELEMENTSOF(ct_files));
        ct_files[ct_nfiles].path = path;
        ct_files[ct_nfiles].text = text;
        ct_nfiles++;
}

static void ct_reset(void)
{
        if (cd_live)
                bh_doc_release(&cd);
        free(cd_text);
        cd_text = NULL;
        cd_live = false;
}

static int setup(void **state)
{
        (void)state;
        ct_nfiles = 0;
        ct_reads = 0;
        memset(&ct_opts, 0, sizeof(ct_opts));
        ct_opts.read_file = ct_read;
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        ct_reset();
        return 0;
}

static struct bh_doc *cparse_at(const char *path, const char *text)
{
        struct bh_error *err = NULL;

        ct_reset();
        cd_text = bh_xstrdup(text);
        bh_doc_init(&cd, path, BH_SURFACE_COMPOSE, cd_text, strlen(text));
        cd_live = true;
        assert_int_equal(bh_frontend_compose(&cd, &ct_opts, &err), 0);
        assert_null(err);
        return &cd;
}

static struct bh_doc *cparse(const char *text)
{
        return cparse_at("p/compose.yaml", text);
}

static const struct bh_container *svc(const char *name)
{
        for (size_t i = 0; i < cd.containers.n; i++)
                if (strcmp(cd.containers.v[i]->name, name) == 0)
                        return cd.containers.v[i];
        fail_msg("no service %s", name);
        return NULL;
}

static size_t ndiag(unsigned rule)
{
        size_t n = 0;

        for (size_t i = 0; i < cd.diags.n; i++)
                if (cd.diags.v[i].rule == rule)
                        n++;
        return n;
}

static const struct bh_diag *diag(unsigned rule)
{
        for (size_t i = 0; i < cd.diags.n; i++)
                if (cd.diags.v[i].rule == rule)
                        return &cd.diags.v[i];
        fail_msg("no BH%u diagnostic", rule);
        return NULL;
}

/* The diagnostic of rule whose message holds text. */
static const struct bh_diag *diag_with(unsigned rule, const char *text)
{
        for (size_t i = 0; i < cd.diags.n; i++)
                if (cd.diags.v[i].rule == rule && strstr(cd.diags.v[i].message, text))
                        return &cd.diags.v[i];
        fail_msg("no BH%u diagnostic with \"%s\"", rule, text);
        return NULL;
}

static void assert_loc(struct bh_loc l, uint32_t line, uint32_t col)
{
        if (l.line != line || l.col != col)
                fail_msg("location %u:%u, expected %u:%u", l.line, l.col, line, col);
}

static void assert_note(struct bh_loc l, const char *want)
{
        if (!l.note || !strstr(l.note, want))
                fail_msg("note \"%s\", expected it to hold \"%s\"", l.note ? l.note : "(none)",
                         want);
}

static const char *user_of(const char *text)
{
        cparse(text);
        return svc("s")->user.s;
}

/* ---- interpolation ---- */

static void test_interp_forms(void **state)
{
        static const char *const env[] = {"SET=val", "EMPTY=", NULL};
        (void)state;

        ct_opts.process_env = env;
        assert_string_equal(user_of("services:\n  s:\n    user: ${SET}\n"), "val");
        assert_string_equal(user_of("services:\n  s:\n    user: $SET-x\n"), "val-x");
        assert_string_equal(user_of("services:\n  s:\n    user: ${UNSET:-d}\n"), "d");
        assert_string_equal(user_of("services:\n  s:\n    user: ${EMPTY:-d}\n"), "d");
        assert_string_equal(user_of("services:\n  s:\n    user: x${EMPTY-d}y\n"), "xy");
        assert_string_equal(user_of("services:\n  s:\n    user: ${UNSET-d}\n"), "d");
        assert_string_equal(user_of("services:\n  s:\n    user: a${SET:+alt}\n"), "aalt");
        assert_string_equal(user_of("services:\n  s:\n    user: a${EMPTY:+alt}\n"), "a");
        assert_string_equal(user_of("services:\n  s:\n    user: a${EMPTY+alt}\n"), "aalt");
        assert_string_equal(user_of("services:\n  s:\n    user: a${UNSET+alt}\n"), "a");
        assert_string_equal(user_of("services:\n  s:\n    user: $$SET\n"), "$SET");
        assert_string_equal(user_of("services:\n  s:\n    user: ${UNSET:-${SET}}\n"), "val");
        assert_string_equal(user_of("services:\n  s:\n    user: ${SET:?need it}\n"), "val");
        assert_int_equal(cd.diags.n, 0);
        /* a default is only evaluated when used */
        assert_string_equal(user_of("services:\n  s:\n    user: ${SET:-${NOPE}}\n"), "val");
        assert_int_equal(ndiag(9005), 0);
}

static void test_interp_unknown(void **state)
{
        (void)state;
        cparse("services:\n  s:\n    user: ${WHO}\n    image: \"app:${TAG}\"\n");
        const struct bh_container *c = svc("s");
        assert_true(c->user.set);
        assert_false(c->user.known);
        assert_string_equal(c->user.s, "${WHO}");
        assert_false(c->image.known);
        assert_string_equal(c->image.s, "app:${TAG}");
        assert_int_equal(ndiag(9005), 2);
        assert_loc(diag_with(9005, "${WHO}")->loc, 3, 11);
        assert_loc(diag_with(9005, "${TAG}")->loc, 4, 12);
        /* an unknown image stays unknown in doc->images too */
        assert_int_equal(cd.images.n, 1);
        assert_false(cd.images.v[0].ref.known);
}

static void test_interp_errors(void **state)
{
        (void)state;
        cparse("services:\n  s:\n    user: ${WHO:?set WHO first}\n");
        assert_int_equal(ndiag(9002), 1);
        assert_non_null(strstr(diag(9002)->message, "required variable WHO"));
        assert_non_null(strstr(diag(9002)->message, "set WHO first"));
        assert_false(svc("s")->user.known);
        cparse("services:\n  s:\n    user: ${WHO?}\n");
        assert_int_equal(ndiag(9002), 1);
        cparse("services:\n  s:\n    user: cost $5\n");
        assert_int_equal(ndiag(9002), 1);
        assert_non_null(strstr(diag(9002)->message, "invalid interpolation"));
        cparse("services:\n  s:\n    user: ${A\n");
        assert_int_equal(ndiag(9002), 1);
        cparse("services:\n  s:\n    user: ${A:x}\n");
        assert_int_equal(ndiag(9002), 1);
        /* keys are never interpolated */
        cparse("services:\n  s:\n    environment:\n      $X: 1\n");
        assert_int_equal(cd.diags.n, 0);
        assert_string_equal(svc("s")->env.v[0].name, "$X");
}

static void test_interp_nesting_limit(void **state)
{
        struct bh_buf b;
        (void)state;

        bh_buf_init(&b, 1 << 20);
        bh_buf_adds(&b, "services:\n  s:\n    user: ");
        for (unsigned i = 0; i <= BH_LIMIT_COMPOSE_INTERP_NESTING + 1; i++)
                bh_buf_adds(&b, "${U:-");
        bh_buf_adds(&b, "x");
        for (unsigned i = 0; i <= BH_LIMIT_COMPOSE_INTERP_NESTING + 1; i++)
                bh_buf_adds(&b, "}");
        bh_buf_adds(&b, "\n");
        cparse(b.buf);
        assert_int_equal(ndiag(9002), 1);
        assert_non_null(strstr(diag(9002)->message, "nested deeper"));
        assert_false(svc("s")->user.known);
        /* one level less is fine */
        bh_buf_reset(&b);
        bh_buf_adds(&b, "services:\n  s:\n    user: ");
        for (unsigned i = 0; i < BH_LIMIT_COMPOSE_INTERP_NESTING; i++)
                bh_buf_adds(&b, "${U:-");
        bh_buf_adds(&b, "x");
        for (unsigned i = 0; i < BH_LIMIT_COMPOSE_INTERP_NESTING; i++)
                bh_buf_adds(&b, "}");
        bh_buf_adds(&b, "\n");
        cparse(b.buf);
        assert_int_equal(cd.diags.n, 0);
        assert_string_equal(svc("s")->user.s, "x");
        bh_buf_release(&b);
}

static void test_dotenv(void **state)
{
        static const char *const env[] = {"B=from-process", NULL};
        (void)state;

        ct_file("p/.env", "# comment\nA=one\nexport B=dotenv\nC='lit ${A}'\nD=\"q ${A}\\n\"\n"
                          "E=plain # comment\nF=${A}-x\n");
        ct_opts.process_env = env;
        cparse("services:\n  s:\n    user: ${A}:${B}\n    environment:\n      - C=${C}\n"
               "      - D=${D}\n      - E=${E}\n      - F=${F}\n");
        const struct bh_container *c = svc("s");
        assert_string_equal(c->user.s, "one:from-process");
        assert_string_equal(c->env.v[0].value, "lit ${A}");
        assert_string_equal(c->env.v[1].value, "q one\n");
        assert_string_equal(c->env.v[2].value, "plain");
        assert_string_equal(c->env.v[3].value, "one-x");
        /* --env-file replaces .env */
        static const char *const files[] = {"other.env"};
        ct_file("other.env", "A=two\n");
        ct_opts.env_files = files;
        ct_opts.nenv_files = 1;
        cparse("services:\n  s:\n    user: ${A}\n    image: x:${C}\n");
        assert_string_equal(svc("s")->user.s, "two");
        assert_false(svc("s")->image.known);
        /* an unreadable --env-file is a BH9004 */
        static const char *const missing[] = {"nope.env"};
        ct_opts.env_files = missing;
        cparse("services:\n  s:\n    user: \"1000\"\n");
        assert_int_equal(ndiag(9004), 1);
}

/* ---- booleans ---- */

static void test_booleans(void **state)
{
        static const char *const env[] = {"PRIV=true", NULL};
        (void)state;

        ct_opts.process_env = env;
        cparse("services:\n  a:\n    privileged: true\n  b:\n    privileged: \"${PRIV}\"\n"
               "  c:\n    privileged: \"${NOPE:-false}\"\n  d:\n    privileged: yes\n"
               "  e:\n    privileged: TRUE\n  f:\n    read_only: false\n"
               "  g:\n    privileged: ${UNSET}\n  h:\n    use_api_socket: true\n");
        assert_int_equal(svc("a")->privileged, BH_TRUE);
        assert_loc(svc("a")->privileged_loc, 3, 5);
        assert_int_equal(svc("b")->privileged, BH_TRUE);
        assert_int_equal(svc("c")->privileged, BH_FALSE);
        /* YAML 1.2: yes is a string, and compose refuses it */
        assert_int_equal(svc("d")->privileged, BH_UNSET);
        assert_int_equal(ndiag(9002), 1);
        assert_loc(diag(9002)->loc, 9, 5);
        assert_int_equal(svc("e")->privileged, BH_TRUE);
        assert_int_equal(svc("f")->read_only_rootfs, BH_FALSE);
        assert_int_equal(svc("g")->privileged, BH_UNSET);
        assert_int_equal(ndiag(9005), 1);
        assert_int_equal(svc("h")->use_api_socket, BH_TRUE);
        assert_loc(svc("h")->use_api_socket_loc, 17, 5);
}

/* ---- fields ---- */

static void test_fields(void **state)
{
        (void)state;
        cparse("services:\n"                                            /* 1 */
               "  web:\n"                                               /* 2 */
               "    image: nginx:1.27\n"                                /* 3 */
               "    user: \"0:0\"\n"                                    /* 4 */
               "    cap_add: [SYS_ADMIN, cap_net_raw]\n"                /* 5 */
               "    cap_drop:\n      - ALL\n"                           /* 6-7 */
               "    security_opt:\n"                                    /* 8 */
               "      - seccomp:unconfined\n"                           /* 9 */
               "      - no-new-privileges=true\n"                       /* 10 */
               "      - apparmor=unconfined\n"                          /* 11 */
               "    pid: host\n    ipc: host\n    uts: host\n"          /* 12-14 */
               "    userns_mode: host\n    cgroup: host\n"              /* 15-16 */
               "    devices:\n"                                         /* 17 */
               "      - /dev/sda:/dev/xvda:rwm\n"                       /* 18 */
               "      - source: /dev/kmsg\n        target: /dev/kmsg\n" /* 19-20 */
               "      - vendor.com/gpu=all\n"                           /* 21 */
               "    device_cgroup_rules: ['a *:* rwm']\n"               /* 22 */
               "    read_only: true\n"                                  /* 23 */
               "    tmpfs: /run:size=64m\n"                             /* 24 */
               "    sysctls:\n      net.core.somaxconn: 1024\n"         /* 25-26 */
               "    mem_limit: 512m\n"                                  /* 27 */
               "    deploy:\n      resources:\n        limits:\n"       /* 28-30 */
               "          cpus: '0.5'\n          pids: 100\n"           /* 31-32 */
               "    environment:\n      DB_PASSWORD: hunter2\n"         /* 33-34 */
               "      EMPTY:\n"                                         /* 35 */
               "  other:\n"                                             /* 36 */
               "    sysctls:\n      - kernel.msgmax=65536\n"            /* 37-38 */
               "    environment:\n      - A=1\n      - PASSTHRU\n");    /* 39-41 */
        const struct bh_container *c = svc("web");
        assert_int_equal(c->origin, BH_ORIGIN_SERVICE);
        assert_loc(c->owner_loc, 2, 3);
        assert_string_equal(c->image.s, "nginx:1.27");
        assert_loc(c->image.loc, 3, 5);
        assert_int_equal(cd.images.n, 1);
        assert_int_equal(cd.images.v[0].role, BH_IMGREF_RUN);
        assert_string_equal(c->user.s, "0:0");
        assert_int_equal(c->cap_add.n, 2);
        assert_string_equal(c->cap_add.v[1].name, "NET_RAW");
        assert_loc(c->cap_add.v[1].loc, 5, 26);
        assert_string_equal(c->cap_drop.v[0].name, "ALL");
        assert_loc(c->cap_drop.v[0].loc, 7, 9);
        assert_int_equal(c->security_opt.n, 3);
        assert_string_equal(c->seccomp.s, "unconfined");
        assert_loc(c->seccomp.loc, 9, 9);
        assert_int_equal(c->no_new_privileges, BH_TRUE);
        assert_string_equal(c->apparmor.s, "unconfined");
        assert_string_equal(c->pid_mode.s, "host");
        assert_string_equal(c->ipc_mode.s, "host");
        assert_string_equal(c->uts_mode.s, "host");
        assert_string_equal(c->userns_mode.s, "host");
        assert_string_equal(c->cgroupns_mode.s, "host");
        assert_loc(c->cgroupns_mode.loc, 16, 5);
        assert_int_equal(c->devices.n, 3);
        assert_string_equal(c->devices.v[0].host_path, "/dev/sda");
        assert_string_equal(c->devices.v[0].container_path, "/dev/xvda");
        assert_string_equal(c->devices.v[0].perms, "rwm");
        assert_string_equal(c->devices.v[1].host_path, "/dev/kmsg");
        assert_loc(c->devices.v[1].loc, 19, 9);
        assert_string_equal(c->devices.v[2].host_path, "vendor.com/gpu=all");
        assert_string_equal(c->device_cgroup_rules.v[0].s, "a *:* rwm");
        assert_int_equal(c->read_only_rootfs, BH_TRUE);
        assert_int_equal(c->mounts.n, 1);
        assert_int_equal(c->mounts.v[0].kind, BH_MOUNT_TMPFS);
        assert_string_equal(c->mounts.v[0].target, "/run");
        assert_string_equal(c->sysctls.v[0].name, "net.core.somaxconn");
        assert_string_equal(c->sysctls.v[0].value, "1024");
        assert_loc(c->sysctls.v[0].loc, 26, 7);
        assert_string_equal(c->mem_limit.s, "512m");
        assert_string_equal(c->cpu_limit.s, "0.5");
        assert_string_equal(c->pids_limit.s, "100");
        assert_loc(c->pids_limit.loc, 32, 11);
        assert_int_equal(c->env.n, 2);
        assert_string_equal(c->env.v[0].name, "DB_PASSWORD");
        assert_string_equal(c->env.v[0].value, "hunter2");
        assert_true(c->env.v[0].value_known);
        assert_false(c->env.v[1].value_known);
        c = svc("other");
        assert_string_equal(c->sysctls.v[0].name, "kernel.msgmax");
        assert_string_equal(c->sysctls.v[0].value, "65536");
        assert_string_equal(c->env.v[0].value, "1");
        assert_string_equal(c->env.v[1].name, "PASSTHRU");
        assert_false(c->env.v[1].value_known);
        /* services that are built do not pull their image: */
        cparse("services:\n  s:\n    build: .\n    image: myapp\n");
        assert_int_equal(cd.images.n, 0);
        assert_string_equal(svc("s")->image.s, "myapp");
}

static void test_env_file(void **state)
{
        (void)state;
        ct_file("p/app.env", "TOKEN=abc\nOVERRIDDEN=file\n");
        cparse("services:\n  s:\n    env_file:\n      - app.env\n      - path: opt.env\n"
               "        required: false\n    environment:\n      OVERRIDDEN: env\n");
        const struct bh_container *c = svc("s");
        assert_int_equal(c->env.n, 2);
        assert_string_equal(c->env.v[0].name, "TOKEN");
        assert_string_equal(c->env.v[0].value, "abc");
        assert_loc(c->env.v[0].loc, 4, 9);
        assert_string_equal(c->env.v[1].value, "env");
        assert_int_equal(cd.diags.n, 0);
        cparse("services:\n  s:\n    env_file: missing.env\n");
        assert_int_equal(ndiag(9004), 1);
        assert_loc(diag(9004)->loc, 3, 15);
}

static void test_ports(void **state)
{
        (void)state;
        cparse("services:\n  s:\n    ports:\n"
               "      - 80\n"                        /* 4 */
               "      - \"8080:80\"\n"               /* 5 */
               "      - 127.0.0.1:9000:90/udp\n"     /* 6 */
               "      - \"[::1]:7000-7001:70-71\"\n" /* 7 */
               "      - target: 443\n        host_ip: 0.0.0.0\n        published: \"8443\"\n"
               "    expose: [\"3000\"]\n");
        const struct bh_container *c = svc("s");
        assert_int_equal(c->ports.n, 6);
        assert_true(c->ports.v[0].published);
        assert_int_equal(c->ports.v[0].container_port, 80);
        assert_null(c->ports.v[0].host_ip);
        assert_int_equal(c->ports.v[1].container_port, 80);
        assert_null(c->ports.v[1].host_ip);
        assert_string_equal(c->ports.v[2].host_ip, "127.0.0.1");
        assert_string_equal(c->ports.v[2].proto, "udp");
        assert_int_equal(c->ports.v[2].container_port, 90);
        assert_string_equal(c->ports.v[3].host_ip, "::1");
        assert_int_equal(c->ports.v[3].container_port, 70);
        assert_int_equal(c->ports.v[3].container_port_end, 71);
        assert_string_equal(c->ports.v[4].host_ip, "0.0.0.0");
        assert_int_equal(c->ports.v[4].container_port, 443);
        assert_loc(c->ports.v[4].loc, 8, 9);
        /* expose: not published */
        assert_false(c->ports.v[5].published);
        assert_int_equal(c->ports.v[5].container_port, 3000);
}

/* ---- volumes ---- */

static const struct bh_mount *vol(const char *spec)
{
        char text[512];

        snprintf(text, sizeof(text), "services:\n  s:\n    volumes:\n      - '%s'\n", spec);
        cparse(text);
        assert_int_equal(svc("s")->mounts.n, 1);
        return &svc("s")->mounts.v[0];
}

static void test_volume_short(void **state)
{
        const struct bh_mount *m;
        (void)state;

        m = vol("/var/run/docker.sock:/var/run/docker.sock:ro");
        assert_int_equal(m->kind, BH_MOUNT_BIND);
        assert_string_equal(m->source, "/var/run/docker.sock");
        assert_int_equal(m->read_only, BH_TRUE);
        assert_loc(m->loc, 4, 9);
        assert_int_equal(vol("./data:/data")->kind, BH_MOUNT_BIND);
        assert_int_equal(vol("~/.docker:/root/.docker")->kind, BH_MOUNT_BIND);
        assert_int_equal(vol("..:/up:rw")->kind, BH_MOUNT_BIND);
        assert_int_equal(vol("..:/up:rw")->read_only, BH_FALSE);
        m = vol("C:\\data:/data");
        assert_int_equal(m->kind, BH_MOUNT_BIND);
        assert_string_equal(m->source, "C:\\data");
        m = vol("dbdata:/var/lib/db");
        assert_int_equal(m->kind, BH_MOUNT_VOLUME);
        assert_string_equal(m->source, "dbdata");
        /* a single path is an anonymous volume, not a bind */
        m = vol("/var/run/docker.sock");
        assert_int_equal(m->kind, BH_MOUNT_ANONYMOUS);
        assert_string_equal(m->target, "/var/run/docker.sock");
        assert_null(m->source);
        assert_int_equal(vol("/x")->kind, BH_MOUNT_ANONYMOUS);
        /* compose refuses these */
        assert_int_equal(vol("/a:/b:ro:extra")->kind, BH_MOUNT_UNKNOWN);
        assert_int_equal(ndiag(9002), 1);
        assert_int_equal(vol("/a::/b")->kind, BH_MOUNT_UNKNOWN);
        /* unresolved sources: a path once resolved when it has a slash */
        m = vol("${XDG_RUNTIME_DIR}/docker.sock:/var/run/docker.sock");
        assert_int_equal(m->kind, BH_MOUNT_BIND);
        assert_false(m->source_known);
        assert_string_equal(m->source, "${XDG_RUNTIME_DIR}/docker.sock");
        assert_string_equal(m->target, "/var/run/docker.sock");
        assert_int_equal(ndiag(9005), 1);
        m = vol("${SRC:-/var/run}:/x");
        assert_int_equal(m->kind, BH_MOUNT_BIND);
        assert_true(m->source_known);
        assert_string_equal(m->source, "/var/run");
        assert_int_equal(vol("${V}:/x")->kind, BH_MOUNT_UNKNOWN);
}

static void test_volume_long(void **state)
{
        (void)state;
        cparse("services:\n  s:\n    volumes:\n"
               "      - type: bind\n        source: /etc\n        target: /host-etc\n"
               "        read_only: true\n"
               "      - type: volume\n        source: data\n        target: /data\n"
               "      - type: volume\n        target: /anon\n"
               "      - type: tmpfs\n        target: /tmp\n"
               "      - source: /var/run/docker.sock\n        target: /s\n"
               "      - type: npipe\n        source: \\\\.\\pipe\\docker_engine\n"
               "        target: \\\\.\\pipe\\docker_engine\n");
        const struct bh_container *c = svc("s");
        assert_int_equal(c->mounts.n, 6);
        assert_int_equal(c->mounts.v[0].kind, BH_MOUNT_BIND);
        assert_string_equal(c->mounts.v[0].source, "/etc");
        assert_int_equal(c->mounts.v[0].read_only, BH_TRUE);
        assert_loc(c->mounts.v[0].loc, 4, 9);
        assert_int_equal(c->mounts.v[1].kind, BH_MOUNT_VOLUME);
        assert_int_equal(c->mounts.v[2].kind, BH_MOUNT_ANONYMOUS);
        assert_int_equal(c->mounts.v[3].kind, BH_MOUNT_TMPFS);
        /* no type: compose refuses it, judged like the short syntax */
        assert_int_equal(c->mounts.v[4].kind, BH_MOUNT_BIND);
        assert_int_equal(ndiag(9002), 1);
        assert_int_equal(c->mounts.v[5].kind, BH_MOUNT_BIND);
}

static void test_volume_named_bind(void **state)
{
        (void)state;
        cparse("services:\n  s:\n    volumes:\n      - sock:/sock\n      - plain:/p\n"
               "      - type: volume\n        source: sock\n        target: /l\n"
               "volumes:\n  sock:\n    driver_opts:\n      type: none\n      o: bind\n"
               "      device: /var/run\n  plain: {}\n");
        const struct bh_container *c = svc("s");
        assert_int_equal(c->mounts.v[0].kind, BH_MOUNT_BIND);
        assert_string_equal(c->mounts.v[0].source, "/var/run");
        assert_loc(c->mounts.v[0].loc, 4, 9);
        assert_note(c->mounts.v[0].loc, "named volume sock is a bind mount of /var/run, line 14");
        assert_int_equal(c->mounts.v[1].kind, BH_MOUNT_VOLUME);
        assert_int_equal(c->mounts.v[2].kind, BH_MOUNT_BIND);
}

/* ---- anchors, merge keys ---- */

static void test_anchors(void **state)
{
        (void)state;
        cparse("x-common: &common\n"          /* 1 */
               "  privileged: true\n"         /* 2 */
               "  user: root\n"               /* 3 */
               "x-caps: &caps\n"              /* 4 */
               "  - SYS_ADMIN\n"              /* 5 */
               "x-more: &more\n"              /* 6 */
               "  user: nobody\n"             /* 7 */
               "  read_only: true\n"          /* 8 */
               "services:\n"                  /* 9 */
               "  a:\n"                       /* 10 */
               "    <<: *common\n"            /* 11 */
               "    cap_add: *caps\n"         /* 12 */
               "  b:\n"                       /* 13 */
               "    <<: [*more, *common]\n"   /* 14 */
               "    privileged: false\n");    /* 15 */
        assert_int_equal(cd.containers.n, 2); /* x- keys are not services */
        const struct bh_container *a = svc("a");
        assert_int_equal(a->privileged, BH_TRUE);
        assert_loc(a->privileged_loc, 11, 9);
        assert_note(a->privileged_loc, "from anchor &common at line 2");
        assert_string_equal(a->cap_add.v[0].name, "SYS_ADMIN");
        assert_loc(a->cap_add.v[0].loc, 12, 14);
        assert_note(a->cap_add.v[0].loc, "from anchor &caps at line 5");
        const struct bh_container *b = svc("b");
        /* explicit keys win, then the earlier merge source */
        assert_int_equal(b->privileged, BH_FALSE);
        assert_null(b->privileged_loc.note);
        assert_string_equal(b->user.s, "nobody");
        assert_int_equal(b->read_only_rootfs, BH_TRUE);
        assert_int_equal(cd.diags.n, 0);
        /* duplicate keys: compose refuses the file */
        cparse("services:\n  a:\n    user: a\n    user: b\n");
        assert_int_equal(ndiag(9002), 1);
}

/* ---- override files, -f, !reset, !override ---- */

static void test_override(void **state)
{
        (void)state;
        ct_file("p/compose.override.yml",
                "services:\n"                                     /* 1 */
                "  web:\n"                                        /* 2 */
                "    privileged: true\n"                          /* 3 */
                "    cap_add: [NET_ADMIN, SYS_TIME]\n"            /* 4 */
                "    security_opt: !reset []\n"                   /* 5 */
                "    ports: !override\n      - 127.0.0.1:80:80\n" /* 6-7 */
                "    volumes:\n      - /srv:/data\n"              /* 8-9 */
                "  extra:\n    image: alpine\n");                 /* 10-11 */
        cparse("services:\n"                                      /* 1 */
               "  web:\n"                                         /* 2 */
               "    image: nginx:1.27\n"                          /* 3 */
               "    privileged: false\n"                          /* 4 */
               "    cap_add: [NET_ADMIN]\n"                       /* 5 */
               "    security_opt: [no-new-privileges]\n"          /* 6 */
               "    ports: ['80:80']\n"                           /* 7 */
               "    volumes:\n      - data:/data\n"               /* 8-9 */
               "      - /logs:/logs\n");                          /* 10 */
        assert_int_equal(cd.containers.n, 2);
        const struct bh_container *c = svc("web");
        assert_int_equal(c->privileged, BH_TRUE);
        assert_loc(c->privileged_loc, 4, 5);
        assert_note(c->privileged_loc, "from compose.override.yml:3");
        /* unique by value: NET_ADMIN once */
        assert_int_equal(c->cap_add.n, 2);
        assert_string_equal(c->cap_add.v[1].name, "SYS_TIME");
        assert_loc(c->cap_add.v[1].loc, 5, 5);
        assert_note(c->cap_add.v[1].loc, "compose.override.yml:4");
        /* !reset removed no-new-privileges */
        assert_int_equal(c->security_opt.n, 0);
        assert_int_equal(c->no_new_privileges, BH_UNSET);
        /* !override replaced the ports */
        assert_int_equal(c->ports.n, 1);
        assert_string_equal(c->ports.v[0].host_ip, "127.0.0.1");
        /* volumes are unique by target: /data is now the bind */
        assert_int_equal(c->mounts.n, 2);
        assert_int_equal(c->mounts.v[0].kind, BH_MOUNT_BIND);
        assert_string_equal(c->mounts.v[0].source, "/srv");
        const struct bh_container *x = svc("extra");
        assert_loc(x->owner_loc, 1, 1);
        assert_note(x->owner_loc, "from compose.override.yml:10");
        /* the override file alone is not merged into itself */
        cparse_at("p/compose.override.yml", "services:\n  o:\n    image: a\n");
        assert_int_equal(cd.containers.n, 1);
}

static void test_compose_files(void **state)
{
        static const char *const files[] = {"p/base.yml", "q/prod.yml"};
        (void)state;

        ct_opts.compose_files = files;
        ct_opts.ncompose_files = 2;
        ct_file("q/prod.yml", "services:\n  app:\n    user: root\n    environment:\n"
                              "      - MODE=prod\n");
        /* no automatic override file with -f */
        ct_file("p/compose.override.yml", "services:\n  app:\n    privileged: true\n");
        cparse_at("p/base.yml", "services:\n  app:\n    image: a:1\n    user: app\n"
                                "    environment:\n      MODE: dev\n      KEEP: 1\n");
        const struct bh_container *c = svc("app");
        assert_string_equal(c->user.s, "root");
        assert_note(c->user.loc, "from q/prod.yml:3");
        assert_int_equal(c->privileged, BH_UNSET);
        /* environment merges by name whatever the syntax */
        assert_int_equal(c->env.n, 2);
        assert_string_equal(c->env.v[0].name, "MODE");
        assert_string_equal(c->env.v[0].value, "prod");
        /* a file that is not the first one: scanned alone, and without the
         * override file, which compose adds only beside a default name */
        cparse_at("p/other.yml", "services:\n  app:\n    user: x\n");
        assert_string_equal(svc("app")->user.s, "x");
        assert_int_equal(svc("app")->privileged, BH_UNSET);
        /* a missing -f file is a BH9004 */
        static const char *const bad[] = {"p/base.yml", "nope.yml"};
        ct_opts.compose_files = bad;
        cparse_at("p/base.yml", "services:\n  app:\n    user: x\n");
        assert_int_equal(ndiag(9004), 1);
}

/* ---- extends ---- */

static void test_extends_same_file(void **state)
{
        (void)state;
        cparse("services:\n"                          /* 1 */
               "  base:\n"                            /* 2 */
               "    image: app:1\n"                   /* 3 */
               "    cap_add: [SYS_ADMIN]\n"           /* 4 */
               "    environment: [A=1, B=2]\n"        /* 5 */
               "    command: [run, base]\n"           /* 6 */
               "  web:\n"                             /* 7 */
               "    extends: base\n"                  /* 8 */
               "    cap_add: [NET_ADMIN]\n"           /* 9 */
               "    environment:\n      B: 3\n"       /* 10-11 */
               "    command: [run, web]\n"            /* 12 */
               "  deep:\n"                            /* 13 */
               "    extends:\n      service: web\n"); /* 14-15 */
        const struct bh_container *w = svc("web");
        assert_string_equal(w->image.s, "app:1");
        assert_loc(w->image.loc, 8, 5);
        assert_note(w->image.loc, "extended from line 3");
        assert_int_equal(w->cap_add.n, 2);
        assert_string_equal(w->cap_add.v[0].name, "SYS_ADMIN");
        assert_loc(w->cap_add.v[0].loc, 8, 5);
        assert_string_equal(w->cap_add.v[1].name, "NET_ADMIN");
        assert_loc(w->cap_add.v[1].loc, 9, 15);
        assert_null(w->cap_add.v[1].loc.note);
        assert_int_equal(w->env.n, 2);
        assert_string_equal(w->env.v[1].value, "3");
        const struct bh_container *d = svc("deep");
        assert_int_equal(d->cap_add.n, 2);
        assert_loc(d->cap_add.v[0].loc, 14, 5);
        assert_int_equal(cd.diags.n, 0);
        /* a cycle and a missing base */
        cparse("services:\n  a:\n    extends: b\n  b:\n    extends: a\n  c:\n    extends: nope\n");
        assert_int_equal(ndiag(9002), 2);
}

static void test_extends_file(void **state)
{
        (void)state;
        ct_file("p/common/base.yaml", "services:\n  tmpl:\n    privileged: true\n    extends:\n"
                                      "      service: inner\n  inner:\n    user: root\n"
                                      "    volumes: [./x:/x]\n");
        cparse("services:\n  app:\n    extends:\n      file: common/base.yaml\n"
               "      service: tmpl\n    image: a:1\n  app2:\n    extends:\n"
               "      file: common/base.yaml\n      service: tmpl\n");
        const struct bh_container *c = svc("app");
        assert_int_equal(c->privileged, BH_TRUE);
        assert_loc(c->privileged_loc, 3, 5);
        assert_note(c->privileged_loc, "extended from common/base.yaml:3");
        assert_string_equal(c->user.s, "root");
        assert_note(c->user.loc, "extended from common/base.yaml:7");
        assert_int_equal(c->mounts.v[0].kind, BH_MOUNT_BIND);
        assert_int_equal(svc("app2")->privileged, BH_TRUE);
        /* .env, base.yaml once for both services, the four override names */
        assert_int_equal(ct_reads, 6);
        cparse("services:\n  app:\n    extends:\n      file: missing.yaml\n      service: x\n");
        assert_int_equal(ndiag(9004), 1);
        assert_loc(diag(9004)->loc, 3, 5);
}

static void test_extends_depth_limit(void **state)
{
        struct bh_buf b;
        (void)state;

        /* written from the top of the chain down, so that nothing is
         * resolved before the longest chain is followed */
        bh_buf_init(&b, 1 << 20);
        bh_buf_adds(&b, "services:\n");
        for (unsigned i = BH_LIMIT_COMPOSE_EXTENDS_DEPTH + 1; i >= 1; i--)
                bh_buf_addf(&b, "  s%u:\n    extends: s%u\n", i, i - 1);
        bh_buf_adds(&b, "  s0:\n    user: root\n");
        cparse(b.buf);
        assert_int_equal(ndiag(9003), 1);
        assert_non_null(strstr(diag(9003)->message, "extends chain"));
        /* at the limit: followed to the end */
        bh_buf_reset(&b);
        bh_buf_adds(&b, "services:\n");
        for (unsigned i = BH_LIMIT_COMPOSE_EXTENDS_DEPTH; i >= 1; i--)
                bh_buf_addf(&b, "  s%u:\n    extends: s%u\n", i, i - 1);
        bh_buf_adds(&b, "  s0:\n    user: root\n");
        cparse(b.buf);
        assert_int_equal(ndiag(9003), 0);
        char last[16];
        snprintf(last, sizeof(last), "s%u", BH_LIMIT_COMPOSE_EXTENDS_DEPTH);
        assert_string_equal(svc(last)->user.s, "root");
        bh_buf_release(&b);
}

/* ---- include ---- */

static void test_include(void **state)
{
        static const char *const env[] = {NULL};
        (void)state;

        ct_opts.process_env = env;
        ct_file("p/db/compose.yaml", "services:\n  db:\n    image: postgres:${PG}\n"
                                     "    privileged: true\nnetworks:\n  back:\n"
                                     "    internal: true\n");
        ct_file("p/db/.env", "PG=16\n");
        cparse("include:\n  - db/compose.yaml\n  - path: https://example.com/x.yaml\n"
               "services:\n  web:\n    image: a:1\n");
        const struct bh_container *c = svc("db");
        assert_string_equal(c->image.s, "postgres:16"); /* the included project's .env */
        assert_int_equal(c->privileged, BH_TRUE);
        assert_loc(c->privileged_loc, 2, 5);
        assert_note(c->privileged_loc, "included from db/compose.yaml:4");
        assert_int_equal(cd.networks.n, 2); /* back, and the default one web uses */
        assert_string_equal(cd.networks.v[0].name, "back");
        assert_int_equal(cd.networks.v[0].internal, BH_TRUE);
        assert_int_equal(ndiag(9005), 1); /* the remote include */
        /* a clash with the including file */
        cparse("include: [db/compose.yaml]\nservices:\n  db:\n    image: a:1\n");
        assert_int_equal(ndiag(9002), 1);
        assert_string_equal(svc("db")->image.s, "a:1");
        cparse("include: [missing.yaml]\nservices: {}\n");
        assert_int_equal(ndiag(9004), 1);
}

static void test_include_depth_limit(void **state)
{
        (void)state;
        /* a file that includes itself stops at the include depth limit */
        ct_file("p/compose.yaml", "include: [compose.yaml]\nservices: {}\n");
        cparse("include: [compose.yaml]\nservices: {}\n");
        assert_int_equal(ndiag(9003), 1);
        assert_non_null(strstr(diag(9003)->message, "include nested deeper"));
        /* each level: the file and its project's .env */
        assert_true(ct_reads <= 2 * BH_LIMIT_COMPOSE_INCLUDE_DEPTH + 8);
}

static void test_files_limit(void **state)
{
        struct bh_buf b;
        (void)state;

        /* env_file entries each cost a read: the project stops at the limit */
        bh_buf_init(&b, 1 << 20);
        bh_buf_adds(&b, "services:\n  s:\n    env_file:\n");
        for (unsigned i = 0; i < BH_LIMIT_COMPOSE_FILES + 1; i++)
                bh_buf_addf(&b, "      - f%u.env\n", i);
        ct_file("p/f0.env", "A=1\n");
        cparse(b.buf);
        assert_true(ndiag(9003) >= 1);
        assert_true(ct_reads <= BH_LIMIT_COMPOSE_FILES);
        bh_buf_release(&b);
}

/* ---- namespaces, networks ---- */

static void test_service_namespaces(void **state)
{
        (void)state;
        cparse("services:\n"
               "  host:\n    network_mode: host\n    pid: host\n" /* 2-4 */
               "  mid:\n    network_mode: service:host\n"         /* 5-6 */
               "  leaf:\n    network_mode: \"service:mid\"\n"     /* 7-8 */
               "    pid: service:host\n"                          /* 9 */
               "  plain:\n    image: a:1\n"                       /* 10-11 */
               "  joins:\n    network_mode: service:plain\n"      /* 12-13 */
               "  ctr:\n    network_mode: container:abc\n"        /* 14-15 */
               "  bad:\n    network_mode: service:nope\n");       /* 16-17 */
        const struct bh_container *l = svc("leaf");
        assert_string_equal(l->network_mode.s, "host");
        assert_loc(l->network_mode.loc, 8, 5);
        assert_note(l->network_mode.loc, "network_mode of service mid");
        assert_string_equal(l->pid_mode.s, "host");
        assert_string_equal(svc("mid")->network_mode.s, "host");
        /* X's namespace is the default one: kept as written */
        assert_string_equal(svc("joins")->network_mode.s, "service:plain");
        assert_string_equal(svc("ctr")->network_mode.s, "container:abc");
        assert_int_equal(ndiag(9002), 1);
}

static void test_networks(void **state)
{
        (void)state;
        cparse("services:\n  a:\n    networks: [front]\n  b:\n    image: x\n"
               "networks:\n"
               "  front:\n    driver_opts:\n      com.docker.network.bridge.enable_icc: "
               "\"false\"\n"
               "  back:\n    internal: true\n    driver: overlay\n"
               "  ext:\n    external: true\n");
        assert_int_equal(cd.networks.n, 4);
        const struct bh_network *n = &cd.networks.v[0];
        assert_string_equal(n->name, "front");
        assert_string_equal(n->driver, "bridge");
        assert_int_equal(n->enable_icc, BH_FALSE);
        assert_loc(n->enable_icc_loc, 9, 7);
        assert_loc(n->loc, 7, 3);
        assert_int_equal(cd.networks.v[1].internal, BH_TRUE);
        assert_string_equal(cd.networks.v[1].driver, "overlay");
        assert_true(cd.networks.v[2].external);
        /* b uses the implicit default network: a bridge, at services: */
        assert_string_equal(cd.networks.v[3].name, "default");
        assert_string_equal(cd.networks.v[3].driver, "bridge");
        assert_int_equal(cd.networks.v[3].enable_icc, BH_UNSET);
        assert_loc(cd.networks.v[3].loc, 1, 1);
        /* nobody on the default network: none added */
        cparse("services:\n  a:\n    network_mode: host\n  b:\n    networks: [x]\n"
               "networks:\n  x: {}\n");
        assert_int_equal(cd.networks.n, 1);
}

/* ---- shapes, discovery helpers ---- */

static void test_shapes(void **state)
{
        (void)state;
        cparse("- not\n- a map\n");
        assert_int_equal(ndiag(9002), 1);
        assert_int_equal(cd.containers.n, 0);
        cparse("services:\n  a: [1]\n");
        assert_int_equal(ndiag(9002), 1);
        cparse("services: [a]\n");
        assert_int_equal(ndiag(9002), 1);
        cparse("services:\n  a:\n    user: [x]\n");
        assert_int_equal(ndiag(9002), 1);
        cparse("services:\n  a: {image: 'x\n");
        assert_int_equal(ndiag(9001), 1);
        /* profiles do not hide a service */
        cparse("services:\n  dbg:\n    profiles: [debug]\n    privileged: true\n");
        assert_int_equal(svc("dbg")->privileged, BH_TRUE);
        /* several documents are merged in order */
        cparse("services:\n  a:\n    user: x\n---\nservices:\n  a:\n    user: y\n");
        assert_string_equal(svc("a")->user.s, "y");
}

static void test_names(void **state)
{
        (void)state;
        assert_true(bh_compose_is_name("compose.yaml"));
        assert_true(bh_compose_is_name("docker-compose.yml"));
        assert_true(bh_compose_is_name("podman-compose.yaml"));
        assert_true(bh_compose_is_name("compose.override.yml"));
        assert_false(bh_compose_is_name("compose.prod.yaml"));
        assert_true(bh_compose_is_override_name("docker-compose.override.yaml"));
        assert_false(bh_compose_is_override_name("compose.yaml"));
        assert_true(bh_compose_sniff("version: '3'\nservices:\n  a: {}\n", 30));
        assert_true(bh_compose_sniff("services: # x\n", 14));
        assert_false(bh_compose_sniff("  services:\n", 12));
        assert_false(bh_compose_sniff("apiVersion: v1\nkind: Pod\n", 25));
        assert_false(bh_compose_sniff("FROM x\n", 7));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_interp_forms, setup, teardown),
                cmocka_unit_test_setup_teardown(test_interp_unknown, setup, teardown),
                cmocka_unit_test_setup_teardown(test_interp_errors, setup, teardown),
                cmocka_unit_test_setup_teardown(test_interp_nesting_limit, setup, teardown),
                cmocka_unit_test_setup_teardown(test_dotenv, setup, teardown),
                cmocka_unit_test_setup_teardown(test_booleans, setup, teardown),
                cmocka_unit_test_setup_teardown(test_fields, setup, teardown),
                cmocka_unit_test_setup_teardown(test_env_file, setup, teardown),
                cmocka_unit_test_setup_teardown(test_ports, setup, teardown),
                cmocka_unit_test_setup_teardown(test_volume_short, setup, teardown),
                cmocka_unit_test_setup_teardown(test_volume_long, setup, teardown),
                cmocka_unit_test_setup_teardown(test_volume_named_bind, setup, teardown),
                cmocka_unit_test_setup_teardown(test_anchors, setup, teardown),
                cmocka_unit_test_setup_teardown(test_override, setup, teardown),
                cmocka_unit_test_setup_teardown(test_compose_files, setup, teardown),
                cmocka_unit_test_setup_teardown(test_extends_same_file, setup, teardown),
                cmocka_unit_test_setup_teardown(test_extends_file, setup, teardown),
                cmocka_unit_test_setup_teardown(test_extends_depth_limit, setup, teardown),
                cmocka_unit_test_setup_teardown(test_include, setup, teardown),
                cmocka_unit_test_setup_teardown(test_include_depth_limit, setup, teardown),
                cmocka_unit_test_setup_teardown(test_files_limit, setup, teardown),
                cmocka_unit_test_setup_teardown(test_service_namespaces, setup, teardown),
                cmocka_unit_test_setup_teardown(test_networks, setup, teardown),
                cmocka_unit_test_setup_teardown(test_shapes, setup, teardown),
                cmocka_unit_test_setup_teardown(test_names, setup, teardown),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
