/* Unit tests for the rule helpers that are easy to get wrong, and for checks
 * run over hand-built models (independent of the Dockerfile frontend). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../src/model/finding.h"
#include "../../src/rules/ruleutil.h"
#include "../../src/util/strutil.h"

/* ---- image references ---- */

static void test_parse_ref(void **state)
{
        struct bh_ref_parts p;

        (void)state;
        assert_true(bh_ruleutil_parse_ref("debian", &p));
        assert_string_equal(p.path, "debian");
        assert_string_equal(p.tag, "");
        assert_string_equal(p.registry, "");

        assert_true(bh_ruleutil_parse_ref("debian:12.8-slim", &p));
        assert_string_equal(p.tag, "12.8-slim");

        /* a ':' before the last '/' is a port, not a tag */
        assert_true(bh_ruleutil_parse_ref("registry:5000/img", &p));
        assert_string_equal(p.registry, "registry:5000");
        assert_string_equal(p.path, "img");
        assert_string_equal(p.tag, "");

        assert_true(bh_ruleutil_parse_ref("registry:5000/team/img:1.2", &p));
        assert_string_equal(p.path, "team/img");
        assert_string_equal(p.tag, "1.2");

        assert_true(bh_ruleutil_parse_ref("localhost/img:latest", &p));
        assert_string_equal(p.registry, "localhost");
        assert_string_equal(p.tag, "latest");

        assert_true(bh_ruleutil_parse_ref("myorg/img", &p));
        assert_string_equal(p.registry, "");
        assert_string_equal(p.path, "myorg/img");

        assert_true(bh_ruleutil_parse_ref("docker.io/library/debian:10", &p));
        assert_string_equal(bh_ruleutil_ref_short_path(&p), "debian");
        assert_true(bh_ruleutil_parse_ref("library/debian:10", &p));
        assert_string_equal(bh_ruleutil_ref_short_path(&p), "debian");
        assert_true(bh_ruleutil_parse_ref("quay.io/library/debian:10", &p));
        assert_string_equal(bh_ruleutil_ref_short_path(&p), "library/debian");

        assert_true(bh_ruleutil_parse_ref("alpine@sha256:0123abcd", &p));
        assert_string_equal(p.tag, "");
        assert_string_equal(p.digest, "sha256:0123abcd");
        assert_true(bh_ruleutil_parse_ref("alpine:3.20@sha256:0123abcd", &p));
        assert_string_equal(p.tag, "3.20");

        assert_false(bh_ruleutil_parse_ref("", &p));
        assert_false(bh_ruleutil_parse_ref("@sha256:00", &p));
}

/* ---- users ---- */

static void test_user_root(void **state)
{
        (void)state;
        assert_true(bh_ruleutil_user_is_root("root"));
        assert_true(bh_ruleutil_user_is_root("0"));
        assert_true(bh_ruleutil_user_is_root("00"));
        assert_true(bh_ruleutil_user_is_root("+0"));
        assert_true(bh_ruleutil_user_is_root("-0"));
        assert_true(bh_ruleutil_user_is_root("root:root"));
        assert_true(bh_ruleutil_user_is_root("0:1000"));
        assert_true(bh_ruleutil_user_is_root("root:1000"));
        assert_false(bh_ruleutil_user_is_root("1000:0"));
        assert_false(bh_ruleutil_user_is_root("app:root"));
        assert_false(bh_ruleutil_user_is_root("rootless"));
        assert_false(bh_ruleutil_user_is_root("10"));
        assert_false(bh_ruleutil_user_is_root("+"));
        assert_false(bh_ruleutil_user_is_root(""));
        assert_false(bh_ruleutil_user_is_root("0x0"));
        assert_false(bh_ruleutil_user_is_root("ROOT"));
}

/* ---- modes ---- */

static struct bh_mode_bits mode(const char *m)
{
        struct bh_mode_bits b;

        assert_true(bh_ruleutil_parse_mode(m, &b));
        return b;
}

static void test_parse_mode(void **state)
{
        struct bh_mode_bits b;

        (void)state;
        assert_true(mode("4755").setuid);
        assert_false(mode("4755").setgid);
        assert_true(mode("2755").setgid);
        assert_false(mode("2755").setuid);
        assert_true(mode("6755").setuid && mode("6755").setgid);
        assert_true(mode("04755").setuid);
        assert_false(mode("0755").setuid || mode("0755").other_write);
        assert_true(mode("777").other_write);
        assert_true(mode("0666").other_write);
        assert_true(mode("757").other_write);
        assert_false(mode("775").other_write);
        assert_true(mode("1777").sticky);
        assert_true(mode("u+s").setuid);
        assert_true(mode("g+s").setgid && !mode("g+s").setuid);
        assert_true(mode("+s").setuid && mode("+s").setgid);
        assert_true(mode("a+s").setuid);
        assert_true(mode("ug+s").setuid && mode("ug+s").setgid);
        assert_true(mode("u=rwxs").setuid);
        assert_false(mode("u-s").setuid);
        assert_false(mode("a-s").setuid || mode("a-s").setgid);
        assert_false(mode("o+s").setuid || mode("o+s").setgid);
        assert_true(mode("o+w").other_write);
        assert_true(mode("a+w").other_write);
        assert_false(mode("+w").other_write); /* the umask filters it */
        assert_true(mode("a=rwx").other_write);
        assert_true(mode("o=rwx").other_write);
        assert_true(mode("ugo+rwx").other_write);
        assert_true(mode("u+x,o+w").other_write);
        assert_true(mode("a+rwxt").sticky);
        assert_false(mode("go-w").other_write);
        assert_false(bh_ruleutil_parse_mode("12345", &b)); /* > 07777 */
        assert_false(bh_ruleutil_parse_mode("9", &b));
        assert_false(bh_ruleutil_parse_mode("xyz", &b));
        assert_false(bh_ruleutil_parse_mode("$MODE", &b));
        assert_false(bh_ruleutil_parse_mode("", &b));
}

/* ---- secrets ---- */

static void test_secret_name(void **state)
{
        static const char *const yes[] = {
                "PASSWORD",   "DB_PASSWORD",   "dbPassword",     "GITHUB_TOKEN",
                "API_KEY",    "OPENAI_API_KEY", "AWS_SECRET_ACCESS_KEY", "apiKey",
                "APIKey",     "MYSQL_PWD",     "SECRET_KEY_BASE", "AUTH_TOKEN",
                "SSH_PRIVATE_KEY", "ACCESS_KEY", "NPM_CONFIG__AUTH", "client-secret",
                "app.secret", "DOCKER_AUTH_CONFIG", "REGISTRY_CREDENTIALS",
        };
        static const char *const no[] = {
                "GPG_KEY",    "PYTHON_GPG_KEY", "NODE_KEYS",     "KEYRING",
                "KEY_ID",     "PASSWORD_FILE",  "TOKEN_URL",     "PUBLIC_KEY",
                "TOKENIZER_PATH", "PRIVATE_REGISTRY_URL", "PWD", "VERSION",
                "PASS_MAX_DAYS", "AWS_ACCESS_KEY_ID", "SECRET_NAME", "AUTH_ENABLED",
                "KEYSERVER",  "GOSU_VERSION",   "PASSWORD_MIN_LENGTH",
        };

        (void)state;
        for (size_t i = 0; i < BH_ELEMENTSOF(yes); i++) {
                if (!bh_ruleutil_secret_name(yes[i]))
                        fail_msg("%s should look like a secret", yes[i]);
        }
        for (size_t i = 0; i < BH_ELEMENTSOF(no); i++) {
                if (bh_ruleutil_secret_name(no[i]))
                        fail_msg("%s should not look like a secret", no[i]);
        }
}

static void test_secret_value(void **state)
{
        (void)state;
        assert_non_null(bh_ruleutil_secret_value("AKIAIOSFODNN7EXAMPLE"));
        assert_null(bh_ruleutil_secret_value("xAKIAIOSFODNN7EXAMPLE"));
        assert_null(bh_ruleutil_secret_value("AKIA1234"));
        assert_non_null(bh_ruleutil_secret_value("ghp_0123456789abcdefghijklmnopqrstuvwxyz"));
        assert_non_null(bh_ruleutil_secret_value("github_pat_11ABCDEFG0123456789_abcdefghij"));
        assert_non_null(bh_ruleutil_secret_value("glpat-0123456789abcdefghij"));
        assert_non_null(bh_ruleutil_secret_value("xoxb-1234567890-abcdef"));
        assert_non_null(bh_ruleutil_secret_value("-----BEGIN RSA PRIVATE KEY-----\nMIIE"));
        assert_null(bh_ruleutil_secret_value("-----BEGIN PUBLIC KEY-----"));
        assert_non_null(bh_ruleutil_secret_value("sk_live_0123456789abcdefABCD"));
        assert_non_null(bh_ruleutil_secret_value("AIzaSyA0123456789abcdefghijklmnopqrstuv"));
        assert_non_null(bh_ruleutil_secret_value(
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl"));
        assert_non_null(bh_ruleutil_secret_value("postgres://app:hunter2@db:5432/app"));
        assert_null(bh_ruleutil_secret_value("postgres://app:${DB_PASS}@db/app"));
        assert_null(bh_ruleutil_secret_value("https://example.com/path"));
        assert_null(bh_ruleutil_secret_value("https://user@example.com/"));
        assert_null(bh_ruleutil_secret_value("B42F6819007F00F88E364FD4036A9C25BF357DD4"));
        assert_null(bh_ruleutil_secret_value("hello"));
}

/* ---- capabilities ---- */

static void test_cap_tier(void **state)
{
        bool d;
        const char *why;

        (void)state;
        assert_int_equal(bh_ruleutil_cap_tier("SYS_ADMIN", &d, &why), BH_SEV_CRITICAL);
        assert_false(d);
        assert_int_equal(bh_ruleutil_cap_tier("ALL", &d, &why), BH_SEV_CRITICAL);
        assert_int_equal(bh_ruleutil_cap_tier("NET_ADMIN", &d, &why), BH_SEV_HIGH);
        assert_int_equal(bh_ruleutil_cap_tier("DAC_READ_SEARCH", &d, &why), BH_SEV_HIGH);
        assert_int_equal(bh_ruleutil_cap_tier("SYS_PTRACE", &d, &why), BH_SEV_MEDIUM);
        assert_int_equal(bh_ruleutil_cap_tier("AUDIT_CONTROL", &d, &why), BH_SEV_MEDIUM);
        assert_false(d);
        bh_ruleutil_cap_tier("NET_RAW", &d, &why);
        assert_true(d);
        bh_ruleutil_cap_tier("CHOWN", &d, &why);
        assert_true(d);
}

/* ---- end of life ---- */

static void eol_is(const char *ref, const char *distro, const char *version)
{
        const struct bh_eol_entry *e = bh_rules_eol_lookup(ref);

        if (!e)
                fail_msg("%s: no EOL entry", ref);
        if (strcmp(e->distro, distro) != 0 || strcmp(e->version, version) != 0)
                fail_msg("%s: got %s %s, want %s %s", ref, e->distro, e->version, distro, version);
}

static void test_eol_lookup(void **state)
{
        (void)state;
        eol_is("debian:10", "Debian", "10");
        eol_is("debian:10.13", "Debian", "10");
        eol_is("debian:buster-slim", "Debian", "10");
        eol_is("debian:buster-backports", "Debian", "10");
        eol_is("debian:stretch-20220622", "Debian", "9");
        eol_is("docker.io/library/debian:10", "Debian", "10");
        eol_is("library/debian:9", "Debian", "9");
        eol_is("ubuntu:18.04", "Ubuntu", "18.04");
        eol_is("ubuntu:focal", "Ubuntu", "20.04");
        eol_is("ubuntu:21.10", "Ubuntu", "21.10");
        eol_is("ubuntu:kinetic-20230126", "Ubuntu", "22.10");
        eol_is("alpine:3.15", "Alpine", "3.15");
        eol_is("alpine:3.15.4", "Alpine", "3.15");
        eol_is("alpine:3.1", "Alpine", "3.1");
        eol_is("centos:7", "CentOS", "7");
        eol_is("centos:centos7", "CentOS", "7");
        eol_is("centos:7.9.2009", "CentOS", "7");
        eol_is("quay.io/centos/centos:stream8", "CentOS Stream", "8");
        eol_is("fedora:38", "Fedora", "38");
        eol_is("amazonlinux:2", "Amazon Linux", "2");
        eol_is("amazonlinux:2.0.20240610.1", "Amazon Linux", "2");
        eol_is("amazonlinux:2018.03", "Amazon Linux", "1 (2018.03)");
        eol_is("amazonlinux:2023", "Amazon Linux", "2023");
        eol_is("python:3.9-buster", "Debian", "10");
        eol_is("python:3.9-slim-bullseye", "Debian", "11");
        eol_is("node:16-alpine3.15", "Alpine", "3.15");
        eol_is("golang:1.20-bullseye", "Debian", "11");
        eol_is("openjdk:8-jdk-slim-stretch", "Debian", "9");
        eol_is("ruby:2.7-buster", "Debian", "10");
        eol_is("eclipse-temurin:11-jre-focal", "Ubuntu", "20.04");
        eol_is("nvidia/cuda:11.0-base-ubuntu18.04", "Ubuntu", "18.04");
        eol_is("registry.access.redhat.com/ubi7/ubi", "Red Hat Enterprise Linux (UBI)", "7");
        eol_is("redhat/ubi7-minimal:7.9", "Red Hat Enterprise Linux (UBI)", "7");
        eol_is("gcr.io/distroless/base-debian10", "Debian", "10");
        assert_null(bh_rules_eol_lookup("debian"));
        assert_null(bh_rules_eol_lookup("debian:stable-slim"));
        assert_null(bh_rules_eol_lookup("python:3.12"));
        assert_null(bh_rules_eol_lookup("node:20-alpine"));
        assert_null(bh_rules_eol_lookup("nginx:latest"));
        assert_null(bh_rules_eol_lookup("myorg/ubiquity:1"));
}

static void test_eol_expired(void **state)
{
        int64_t d;

        (void)state;
        setenv("BULKHEAD_TODAY", "2026-11-28", 1);
        assert_true(bh_rules_eol_expired(bh_rules_eol_lookup("debian:11"), bh_today()));
        assert_true(bh_rules_eol_expired(bh_rules_eol_lookup("amazonlinux:2"), bh_today()));
        assert_true(bh_rules_eol_expired(bh_rules_eol_lookup("alpine:3.21"), bh_today()));
        assert_false(bh_rules_eol_expired(bh_rules_eol_lookup("debian:12"), bh_today()));
        assert_false(bh_rules_eol_expired(bh_rules_eol_lookup("ubuntu:22.04"), bh_today()));
        assert_false(bh_rules_eol_expired(bh_rules_eol_lookup("alpine:3.22"), bh_today()));
        assert_false(bh_rules_eol_expired(NULL, bh_today()));
        /* the EOL day itself is still supported */
        setenv("BULKHEAD_TODAY", "2026-08-31", 1);
        assert_false(bh_rules_eol_expired(bh_rules_eol_lookup("debian:bullseye"), bh_today()));
        setenv("BULKHEAD_TODAY", "2026-09-01", 1);
        assert_true(bh_rules_eol_expired(bh_rules_eol_lookup("debian:bullseye"), bh_today()));
        unsetenv("BULKHEAD_TODAY");
        assert_true(bh_parse_date(bh_rules_eol_compiled(), &d));
}

/* ---- checks over hand-built models ---- */

struct tcmd {
        const char *w[12];
        int pipeline;
        unsigned pos;
        enum bh_sh_sep sep;
        enum bh_sh_ctx ctx;
        int parent;
        int parent_word;
        const char *redir; /* "<" ... */
};

struct tdoc {
        struct bh_doc doc;
        struct bh_findings f;
};

static struct bh_sh_script *tscript(struct bh_arena *a, const struct tcmd *cmds, size_t n)
{
        struct bh_sh_script *s = bh_arena_alloc(a, sizeof(*s));

        s->cmds = bh_arena_alloc(a, n * sizeof(*s->cmds));
        s->ncmds = n;
        for (size_t i = 0; i < n; i++) {
                struct bh_sh_cmd *c = &s->cmds[i];
                size_t nw = 0;
                while (nw < 12 && cmds[i].w[nw])
                        nw++;
                c->words = bh_arena_alloc(a, (nw ? nw : 1) * sizeof(*c->words));
                for (size_t j = 0; j < nw; j++) {
                        c->words[j].text = cmds[i].w[j];
                        c->words[j].raw = cmds[i].w[j];
                        c->words[j].literal = cmds[i].w[j][0] != '$';
                }
                c->nwords = nw;
                c->argv0 = 0;
                if (nw && strcmp(cmds[i].w[0], "sudo") == 0 && nw > 1) {
                        c->argv0 = 1;
                        c->via_sudo = true;
                }
                c->name = nw ? bh_path_basename(cmds[i].w[c->argv0]) : NULL;
                c->prog = c->name ? bh_sh_prog_of(c->name) : BH_SH_PROG_OTHER;
                if (c->prog == BH_SH_PROG_BUSYBOX && c->argv0 + 1 < nw)
                        c->prog = bh_sh_prog_of(bh_path_basename(cmds[i].w[c->argv0 + 1]));
                c->pipeline = cmds[i].pipeline;
                c->pipe_pos = cmds[i].pos;
                c->sep = cmds[i].sep;
                c->ctx = cmds[i].ctx;
                c->parent = cmds[i].parent;
                c->parent_word = cmds[i].parent_word;
                c->loc.line = 1;
                c->loc.col = (uint32_t)(i + 1);
                if (cmds[i].redir) {
                        c->redirs = bh_arena_alloc(a, sizeof(*c->redirs));
                        c->redirs[0].op = cmds[i].redir;
                        c->redirs[0].target = "file";
                        c->nredirs = 1;
                }
        }
        return s;
}

static void tdoc_init(struct tdoc *t)
{
        static const char text[] = "FROM x\n";

        bh_doc_init(&t->doc, "Dockerfile", BH_SURFACE_DOCKERFILE, text, sizeof(text) - 1);
        bh_findings_init(&t->f);
        t->doc.dockerfile = bh_arena_alloc(&t->doc.arena, sizeof(*t->doc.dockerfile));
}

static void tdoc_run_instr(struct tdoc *t, const struct tcmd *cmds, size_t n)
{
        struct bh_dockerfile *df = t->doc.dockerfile;
        struct bh_df_instr *in = bh_arena_alloc(&t->doc.arena, sizeof(*in));

        in->kind = BH_DF_RUN;
        in->loc.line = 1;
        in->loc.col = 1;
        in->script = tscript(&t->doc.arena, cmds, n);
        df->instrs = in;
        df->ninstrs = 1;
}

static size_t tdoc_check(struct tdoc *t, const char *rule_id)
{
        size_t count;
        const struct bh_rule *tab = bh_rules_table(&count);
        bool *enabled = calloc(count, sizeof(bool));

        assert_non_null(enabled);
        for (size_t i = 0; i < count; i++)
                enabled[i] = strcmp(tab[i].id, rule_id) == 0;
        bh_findings_release(&t->f);
        bh_findings_init(&t->f);
        bh_rules_run(&t->doc, enabled, &t->f);
        free(enabled);
        return t->f.items.n;
}

static void tdoc_release(struct tdoc *t)
{
        bh_findings_release(&t->f);
        bh_doc_release(&t->doc);
}

static size_t dl_exec(const struct tcmd *cmds, size_t n)
{
        struct tdoc t;
        size_t r;

        tdoc_init(&t);
        tdoc_run_instr(&t, cmds, n);
        r = tdoc_check(&t, "BH7001");
        tdoc_release(&t);
        return r;
}

#define PIPE BH_SH_SEP_PIPE
#define AND BH_SH_SEP_AND
#define TOP(...) {.w = {__VA_ARGS__}, .parent = -1, .parent_word = -1}

static void test_download_exec(void **state)
{
        (void)state;
        {       /* curl -fsSL url | sh */
                struct tcmd c[] = {
                        {.w = {"curl", "-fsSL", "https://x/i.sh"}, .pipeline = 1, .sep = PIPE, .parent = -1, .parent_word = -1},
                        {.w = {"sh"}, .pipeline = 1, .pos = 1, .parent = -1, .parent_word = -1},
                };
                assert_int_equal(dl_exec(c, 2), 1);
        }
        {       /* wget -qO- url | sudo bash -s -- --yes */
                struct tcmd c[] = {
                        {.w = {"wget", "-qO-", "https://x/i.sh"}, .pipeline = 1, .sep = PIPE, .parent = -1, .parent_word = -1},
                        {.w = {"sudo", "bash", "-s", "--", "--yes"}, .pipeline = 1, .pos = 1, .parent = -1, .parent_word = -1},
                };
                assert_int_equal(dl_exec(c, 2), 1);
        }
        {       /* wget url | sh: wget writes a file, not stdout */
                struct tcmd c[] = {
                        {.w = {"wget", "https://x/i.sh"}, .pipeline = 1, .sep = PIPE, .parent = -1, .parent_word = -1},
                        {.w = {"sh"}, .pipeline = 1, .pos = 1, .parent = -1, .parent_word = -1},
                };
                assert_int_equal(dl_exec(c, 2), 0);
        }
        {       /* curl url | tar xz; curl url | gpg --dearmor; curl | sh -c 'cat > f' */
                struct tcmd c[] = {
                        {.w = {"curl", "-fsSL", "https://x/a.tgz"}, .pipeline = 1, .sep = PIPE, .parent = -1, .parent_word = -1},
                        {.w = {"tar", "xz"}, .pipeline = 1, .pos = 1, .sep = AND, .parent = -1, .parent_word = -1},
                        {.w = {"curl", "-fsSL", "https://x/k.asc"}, .pipeline = 2, .sep = PIPE, .parent = -1, .parent_word = -1},
                        {.w = {"gpg", "--dearmor"}, .pipeline = 2, .pos = 1, .sep = AND, .parent = -1, .parent_word = -1},
                        {.w = {"curl", "https://x/y"}, .pipeline = 3, .sep = PIPE, .parent = -1, .parent_word = -1},
                        {.w = {"sh", "-c", "cat > f"}, .pipeline = 3, .pos = 1, .parent = -1, .parent_word = -1},
                        {.w = {"curl", "https://x/y"}, .pipeline = 4, .sep = PIPE, .parent = -1, .parent_word = -1},
                        {.w = {"python3", "-m", "json.tool"}, .pipeline = 4, .pos = 1, .parent = -1, .parent_word = -1},
                };
                assert_int_equal(dl_exec(c, BH_ELEMENTSOF(c)), 0);
        }
        {       /* bash -c "$(curl -fsSL url)" */
                struct tcmd c[] = {
                        {.w = {"bash", "-c", "$(curl -fsSL https://x/i.sh)"}, .pipeline = 1, .parent = -1, .parent_word = -1},
                        {.w = {"curl", "-fsSL", "https://x/i.sh"}, .pipeline = 2, .ctx = BH_SH_CMDSUBST, .parent = 0, .parent_word = 2},
                };
                assert_int_equal(dl_exec(c, 2), 1);
        }
        {       /* sh <(curl url), eval "$(wget -O- url)", python3 -c "$(curl url)", . <(curl) */
                struct tcmd c[] = {
                        {.w = {"sh", "<(curl https://x)"}, .pipeline = 1, .parent = -1, .parent_word = -1},
                        {.w = {"curl", "https://x"}, .pipeline = 2, .ctx = BH_SH_PROCSUBST, .parent = 0, .parent_word = 1},
                        {.w = {"eval", "$(wget -O- https://x)"}, .pipeline = 3, .parent = -1, .parent_word = -1},
                        {.w = {"wget", "-O-", "https://x"}, .pipeline = 4, .ctx = BH_SH_CMDSUBST, .parent = 2, .parent_word = 1},
                        {.w = {"python3", "-c", "$(curl https://x)"}, .pipeline = 5, .parent = -1, .parent_word = -1},
                        {.w = {"curl", "https://x"}, .pipeline = 6, .ctx = BH_SH_CMDSUBST, .parent = 4, .parent_word = 2},
                        {.w = {".", "<(curl https://x)"}, .pipeline = 7, .parent = -1, .parent_word = -1},
                        {.w = {"curl", "https://x"}, .pipeline = 8, .ctx = BH_SH_PROCSUBST, .parent = 6, .parent_word = 1},
                };
                assert_int_equal(dl_exec(c, BH_ELEMENTSOF(c)), 4);
        }
        {       /* VERSION=$(curl url) and echo "$(curl url)": not executed */
                struct tcmd c[] = {
                        {.w = {"echo", "$(curl https://x/v)"}, .pipeline = 1, .parent = -1, .parent_word = -1},
                        {.w = {"curl", "https://x/v"}, .pipeline = 2, .ctx = BH_SH_CMDSUBST, .parent = 0, .parent_word = 1},
                        {.w = {"bash", "install.sh", "$(curl https://x/v)"}, .pipeline = 3, .parent = -1, .parent_word = -1},
                        {.w = {"curl", "https://x/v"}, .pipeline = 4, .ctx = BH_SH_CMDSUBST, .parent = 2, .parent_word = 2},
                };
                assert_int_equal(dl_exec(c, BH_ELEMENTSOF(c)), 0);
        }
        {       /* curl -o f url && sh f */
                struct tcmd c[] = {
                        {.w = {"curl", "-fsSLo", "/tmp/i.sh", "https://x/i.sh"}, .pipeline = 1, .sep = AND, .parent = -1, .parent_word = -1},
                        {.w = {"sh", "/tmp/i.sh"}, .pipeline = 2, .parent = -1, .parent_word = -1},
                };
                assert_int_equal(dl_exec(c, 2), 1);
        }
        {       /* curl -O url && chmod +x; ./i.sh */
                struct tcmd c[] = {
                        {.w = {"curl", "-fsSLO", "https://x/i.sh?raw=1"}, .pipeline = 1, .sep = AND, .parent = -1, .parent_word = -1},
                        {.w = {"chmod", "+x", "i.sh"}, .pipeline = 2, .sep = AND, .parent = -1, .parent_word = -1},
                        {.w = {"./i.sh"}, .pipeline = 3, .parent = -1, .parent_word = -1},
                };
                assert_int_equal(dl_exec(c, 3), 1);
        }
        {       /* curl -o f url && sha256sum -c && sh f */
                struct tcmd c[] = {
                        {.w = {"curl", "-o", "i.sh", "https://x/i.sh"}, .pipeline = 1, .sep = AND, .parent = -1, .parent_word = -1},
                        {.w = {"sha256sum", "-c", "i.sh.sha256"}, .pipeline = 2, .sep = AND, .parent = -1, .parent_word = -1},
                        {.w = {"sh", "i.sh"}, .pipeline = 3, .parent = -1, .parent_word = -1},
                };
                assert_int_equal(dl_exec(c, 3), 0);
        }
}

static size_t mode_findings(const char *rule, const struct tcmd *cmds, size_t n)
{
        struct tdoc t;
        size_t r;

        tdoc_init(&t);
        tdoc_run_instr(&t, cmds, n);
        r = tdoc_check(&t, rule);
        tdoc_release(&t);
        return r;
}

static void test_modes_in_scripts(void **state)
{
        (void)state;
        {
                struct tcmd c[] = {
                        TOP("chmod", "u+s", "/usr/bin/x"),
                        TOP("chmod", "-R", "4755", "/opt/x"),
                        TOP("install", "-Dm4755", "a", "/usr/bin/a"),
                        TOP("find", "/", "-perm", "/6000", "-exec", "chmod", "a-s", "{}", ";"),
                        TOP("chmod", "u-s", "/usr/bin/x"),
                        TOP("chmod", "0755", "/usr/bin/x"),
                        TOP("mkdir", "-m", "2775", "/srv"),
                };
                assert_int_equal(mode_findings("BH7006", c, BH_ELEMENTSOF(c)), 3);
        }
        {
                struct tcmd c[] = {
                        TOP("chmod", "-R", "777", "/app"),
                        TOP("chmod", "a+w", "/data"),
                        TOP("mkdir", "-pm", "0777", "/cache"),
                        TOP("find", "/app", "-exec", "chmod", "o+w", "{}", "+"),
                        TOP("chmod", "1777", "/tmp"),
                        TOP("chmod", "775", "/app"),
                        TOP("chmod", "+w", "/app"),
                        TOP("chmod", "$MODE", "/app"),
                };
                assert_int_equal(mode_findings("BH7008", c, BH_ELEMENTSOF(c)), 4);
        }
        {
                struct tcmd c[] = {
                        TOP("setcap", "cap_sys_admin+ep", "/usr/bin/x"),
                        TOP("setcap", "-r", "/usr/bin/y"),
                };
                assert_int_equal(mode_findings("BH7007", c, BH_ELEMENTSOF(c)), 1);
        }
        {
                struct tcmd c[] = {
                        TOP("sudo", "apt-get", "update"),
                        TOP("apt-get", "install", "sudo"),
                };
                assert_int_equal(mode_findings("BH7009", c, BH_ELEMENTSOF(c)), 1);
        }
}

/* Containers: socket mounts, ports, DOCKER_HOST, users, capabilities. */
static void test_container_checks(void **state)
{
        struct tdoc t;
        struct bh_container *c;
        static const struct {
                enum bh_mount_kind kind;
                const char *src;
                const char *dst;
                bool fire;
        } mounts[] = {
                {BH_MOUNT_BIND, "/var/run/docker.sock", "/var/run/docker.sock", true},
                {BH_MOUNT_BIND, "//run/./docker.sock/", "/s", true},
                {BH_MOUNT_BIND, "/run/user/1000/podman/podman.sock", "/s", true},
                {BH_MOUNT_BIND, "/var/run", "/host-run", true},
                {BH_MOUNT_BIND, "/", "/host", true},
                {BH_MOUNT_BIND, "/run/user/1000", "/r", true},
                {BH_MOUNT_BIND, "/run/systemd/private", "/p", true},
                {BH_MOUNT_BIND, "/srv/data", "/var/run/docker.sock", false},
                {BH_MOUNT_BIND, "/run/user/abc", "/r", false},
                {BH_MOUNT_BIND, "/run/lock", "/r", false},
                {BH_MOUNT_VOLUME, "docker.sock", "/d", false},
                {BH_MOUNT_ANONYMOUS, NULL, "/var/run/docker.sock", true},
                {BH_MOUNT_ANONYMOUS, NULL, "/run", false},
        };
        size_t want = 0;

        (void)state;
        tdoc_init(&t);
        c = bh_doc_add_container(&t.doc, BH_ORIGIN_IMAGE_BUILD);
        for (size_t i = 0; i < BH_ELEMENTSOF(mounts); i++) {
                struct bh_mount *m = BH_VEC_NEW(&c->mounts);
                m->kind = mounts[i].kind;
                m->source = mounts[i].src;
                m->source_known = mounts[i].src != NULL;
                m->target = mounts[i].dst;
                m->target_known = true;
                m->loc.line = 1;
                m->loc.col = (uint32_t)i + 1;
                want += mounts[i].fire;
        }
        assert_int_equal(tdoc_check(&t, "BH2001"), want);

        struct bh_port *p = BH_VEC_NEW(&c->ports);
        p->known = true;
        p->container_port = 2370;
        p->container_port_end = 2380;
        p = BH_VEC_NEW(&c->ports);
        p->known = true;
        p->container_port = 2377;
        assert_int_equal(tdoc_check(&t, "BH2002"), 1);

        struct bh_env *v = BH_VEC_NEW(&c->env);
        v->name = "DOCKER_HOST";
        v->value = "tcp://docker:2375";
        v->value_known = true;
        v = BH_VEC_NEW(&c->env);
        v->name = "DOCKER_HOST";
        v->value = "unix:///run/docker.sock";
        v->value_known = true;
        assert_int_equal(tdoc_check(&t, "BH2003"), 1);
        assert_int_equal(t.f.items.v[0].severity, BH_SEV_HIGH);

        /* no USER: BH3002; USER +0: BH3001 */
        assert_int_equal(tdoc_check(&t, "BH3002"), 1);
        c->user.set = c->user.known = true;
        c->user.s = "+0:1000";
        assert_int_equal(tdoc_check(&t, "BH3002"), 0);
        assert_int_equal(tdoc_check(&t, "BH3001"), 1);
        c->user.s = "1000:0";
        assert_int_equal(tdoc_check(&t, "BH3001"), 0);

        static const char *const caps[] = {"SYS_ADMIN", "NET_RAW", "SYS_PTRACE", "CHOWN", "BPF"};
        for (size_t i = 0; i < BH_ELEMENTSOF(caps); i++) {
                struct bh_cap *k = BH_VEC_NEW(&c->cap_add);
                k->name = caps[i];
                k->loc.line = 1;
                k->loc.col = (uint32_t)i + 1;
        }
        assert_int_equal(tdoc_check(&t, "BH4002"), 3);
        assert_int_equal(t.f.items.v[0].severity, BH_SEV_CRITICAL);
        c->pid_mode.set = c->pid_mode.known = true;
        c->pid_mode.s = "host";
        tdoc_check(&t, "BH4002");
        assert_int_equal(t.f.items.v[1].severity, BH_SEV_CRITICAL);
        tdoc_release(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse_ref),
                cmocka_unit_test(test_user_root),
                cmocka_unit_test(test_parse_mode),
                cmocka_unit_test(test_secret_name),
                cmocka_unit_test(test_secret_value),
                cmocka_unit_test(test_cap_tier),
                cmocka_unit_test(test_eol_lookup),
                cmocka_unit_test(test_eol_expired),
                cmocka_unit_test(test_download_exec),
                cmocka_unit_test(test_modes_in_scripts),
                cmocka_unit_test(test_container_checks),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
