/* ARG/ENV expansion, scopes, stages, --target, the USER chain and the
 * cross-surface model a Dockerfile yields. */
#include "fe-test.h"

#include "../../src/util/bh-banned.h"

static const struct bh_df_kv *kv_of(const struct bh_doc *d, size_t instr, const char *key)
{
        const struct bh_df_instr *in = fe_instr(d, instr);
        for (size_t i = 0; i < in->nkvs; i++)
                if (strcmp(in->kvs[i].key, key) == 0)
                        return &in->kvs[i];
        fail_msg("no key %s", key);
        return NULL;
}

static void expect_kv(const struct bh_doc *d, size_t instr, const char *key, const char *val,
                      bool known)
{
        const struct bh_df_kv *kv = kv_of(d, instr, key);
        if (strcmp(kv->value.s, val) != 0 || kv->value.known != known)
                fail_msg("%s: got '%s' known=%d, want '%s' known=%d", key, kv->value.s,
                         kv->value.known, val, known);
}

static void test_expand_forms(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse(
                "FROM a\nARG V=x E=\n"
                "LABEL a=$V b=${V} c=${V:-d} d=${E:-d} e=${E-d} f=${V:+a} g=${E:+a} h=${E+a}\n"
                "LABEL i=${V:?err} j=\\$V k='$V' l=\"$V\" m=pre${V}post n=\"a b $V\" o=$ p=${V}${V}\n"
                "LABEL q=\"\\$V\" r=${E:-${V}} s=$V/$E/end\n");
        expect_kv(d, 2, "a", "x", true);
        expect_kv(d, 2, "b", "x", true);
        expect_kv(d, 2, "c", "x", true);
        expect_kv(d, 2, "d", "d", true);
        expect_kv(d, 2, "e", "", true);
        expect_kv(d, 2, "f", "a", true);
        expect_kv(d, 2, "g", "", true);
        expect_kv(d, 2, "h", "a", true);
        expect_kv(d, 3, "i", "x", true);
        expect_kv(d, 3, "j", "$V", true);
        expect_kv(d, 3, "k", "$V", true);
        expect_kv(d, 3, "l", "x", true);
        expect_kv(d, 3, "m", "prexpost", true);
        expect_kv(d, 3, "n", "a b x", true);
        expect_kv(d, 3, "o", "$", true);
        expect_kv(d, 3, "p", "xx", true);
        expect_kv(d, 4, "q", "$V", true);
        expect_kv(d, 4, "r", "x", true);
        expect_kv(d, 4, "s", "x//end", true);
        assert_int_equal(d->diags.n, 0);
}

static void test_expand_required_error(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nARG E=\nLABEL x=${E:?required}\nLABEL y=${}\n");
        assert_int_equal(fe_ndiag(d, 9002, 3), 1);
        assert_int_equal(fe_ndiag(d, 9002, 4), 1);
        expect_kv(d, 2, "x", "${E:?required}", false);
}

static void test_expand_unknown(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nARG N\nARG TARGETARCH\n"
                                    "LABEL a=$N b=${N:-d} c=$UNDECLARED d=$TARGETARCH e=${N#x} f=lit\n"
                                    "ENV G=pre-$N\nLABEL h=$G\n");
        expect_kv(d, 3, "a", "$N", false);
        expect_kv(d, 3, "b", "${N:-d}", false);
        expect_kv(d, 3, "c", "$UNDECLARED", false);
        expect_kv(d, 3, "d", "$TARGETARCH", false);
        expect_kv(d, 3, "e", "${N#x}", false);
        expect_kv(d, 3, "f", "lit", true);
        expect_kv(d, 5, "h", "$G", false);
        assert_int_equal(d->diags.n, 0);
}

static void test_build_args_override(void **state)
{
        (void)state;
        const char *ba[] = { "V=fromcli", "N=5", "TAG=3.20" };
        struct bh_df_options opt = { NULL, ba, 3 };
        const char *t = "ARG TAG=3.19\nFROM alpine:$TAG\nARG V=default\nARG N\nLABEL v=$V\nUSER $N\n";
        struct bh_doc *d = fe_parse_opt(t, strlen(t), &opt);
        expect_kv(d, 4, "v", "fromcli", true);
        assert_string_equal(d->dockerfile->stages[0].base.s, "alpine:3.20");
        assert_string_equal(d->dockerfile->stages[0].user.s, "5");
        assert_true(d->dockerfile->stages[0].user.known);
        assert_int_equal(fe_ndiag(d, 9005, 0), 0);
        const struct bh_df_kv *v = kv_of(d, 2, "V");
        assert_string_equal(v->value.s, "default"); /* the default as written */
}

static void test_global_arg_scope(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("ARG G=1\nARG H\nFROM a\nLABEL x=$G\nARG G\nLABEL y=$G\n"
                                    "ARG H\nLABEL z=$H\nFROM b\nLABEL w=$G\n");
        expect_kv(d, 3, "x", "$G", false);
        expect_kv(d, 5, "y", "1", true);
        expect_kv(d, 7, "z", "$H", false);
        expect_kv(d, 9, "w", "$G", false);
}

static void test_from_expansion(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("ARG REG=docker.io\nARG TAG\nFROM $REG/library/alpine:3 AS a\n"
                                    "FROM debian:${TAG}\nFROM --platform=$BUILDPLATFORM golang\n");
        const struct bh_df_stage *s = d->dockerfile->stages;
        assert_string_equal(s[0].base.s, "docker.io/library/alpine:3");
        assert_string_equal(s[0].base_raw, "$REG/library/alpine:3");
        assert_false(s[1].base.known);
        assert_string_equal(s[1].base.s, "debian:${TAG}");
        assert_false(s[2].platform.known);
        assert_int_equal(d->images.n, 3);
        assert_string_equal(d->images.v[0].ref.s, "docker.io/library/alpine:3");
        assert_string_equal(d->images.v[0].raw, "$REG/library/alpine:3");
        assert_int_equal(d->images.v[0].loc.line, 3);
        assert_int_equal(d->images.v[0].loc.col, 6);
        assert_false(d->images.v[1].ref.known);
        const struct bh_diag *g = fe_diag(d, 9005);
        assert_non_null(g);
        assert_int_equal(g->loc.line, 4);
        assert_non_null(strstr(g->message, "TAG"));
        assert_int_equal(fe_ndiag(d, 9005, 0), 1);
}

static void test_env_scope_and_inheritance(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a AS one\nENV E=1\nARG A=2\nFROM one\nLABEL x=$E y=$A\n"
                                    "FROM a\nLABEL z=$E\n");
        expect_kv(d, 4, "x", "1", true);
        expect_kv(d, 4, "y", "$A", false);
        expect_kv(d, 6, "z", "$E", false);
}

static void test_env_order(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nENV A=1\nENV B=$A\nENV C=2 D=$C\nARG X=arg\nENV X=env\n"
                                    "LABEL l=$X\nARG X=arg2\nLABEL m=$X\n");
        expect_kv(d, 2, "B", "1", true);
        expect_kv(d, 3, "D", "$C", false);
        expect_kv(d, 6, "l", "env", true);
        expect_kv(d, 8, "m", "env", true);
}

static void test_expanded_instructions(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nARG D=/srv P=8080 U=app\nWORKDIR $D/app\n"
                                    "COPY --chown=$U:$U --chmod=${M:-644} src $D/\nEXPOSE $P/udp\n"
                                    "VOLUME $D/data\nSTOPSIGNAL SIG${S:-TERM}\nRUN echo $D\n");
        assert_string_equal(fe_instr(d, 2)->argv[0].s, "/srv/app");
        const struct bh_df_instr *cp = fe_instr(d, 3);
        assert_string_equal(cp->flags[0].value.s, "app:app");
        assert_false(cp->flags[1].value.known);
        assert_string_equal(cp->argv[1].s, "/srv/");
        assert_string_equal(fe_instr(d, 4)->argv[0].s, "8080/udp");
        assert_string_equal(fe_instr(d, 5)->argv[0].s, "/srv/data");
        assert_false(fe_instr(d, 6)->argv[0].known);
        assert_string_equal(fe_instr(d, 7)->argv[0].s, "echo $D"); /* the shell expands RUN */
}

static void test_stages(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM golang:1.22 AS Build\nRUN go build\nFROM BUILD AS test\n"
                                    "FROM scratch\nCOPY --from=build /app /app\nCOPY --from=0 /x /x\n"
                                    "COPY --from=nginx:1 /etc/nginx /etc/nginx\n");
        const struct bh_dockerfile *df = d->dockerfile;
        assert_int_equal(df->nstages, 3);
        assert_string_equal(df->stages[0].name, "build");
        assert_int_equal(df->stages[1].parent, 0);
        assert_true(df->stages[2].scratch);
        assert_int_equal(df->stages[2].parent, -1);
        assert_int_equal(df->target, 2);
        assert_int_equal(df->stages[0].first_instr, 0);
        assert_int_equal(df->stages[0].end_instr, 2);
        assert_int_equal(df->stages[2].end_instr, 7);
        assert_true(df->stages[2].in_final_chain);
        assert_false(df->stages[0].in_final_chain);
        assert_int_equal(d->images.n, 2);
        assert_int_equal(d->images.v[0].role, BH_IMGREF_BASE);
        assert_false(d->images.v[0].in_final_chain);
        assert_int_equal(d->images.v[1].role, BH_IMGREF_COPY_FROM);
        assert_string_equal(d->images.v[1].ref.s, "nginx:1");
        assert_true(d->images.v[1].in_final_chain);
        assert_int_equal(d->images.v[1].loc.line, 7);
        for (size_t i = 0; i < df->ninstrs; i++)
                assert_int_equal(df->instrs[i].stage, i < 2 ? 0 : i < 3 ? 1 : 2);
}

static void test_run_mount_from(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a AS b\nRUN --mount=type=bind,from=b,target=/x true\n"
                                    "RUN --mount=type=cache,target=/c,from=busybox:1 true\n");
        assert_int_equal(d->images.n, 2);
        assert_string_equal(d->images.v[1].ref.s, "busybox:1");
        assert_int_equal(d->images.v[1].role, BH_IMGREF_COPY_FROM);
}

static void test_target(void **state)
{
        (void)state;
        const char *t = "FROM alpine AS base\nUSER app\nFROM base AS dev\nUSER root\n"
                        "FROM debian AS prod\nFROM base AS final\n";
        struct bh_df_options opt = { "DEV", NULL, 0 };
        struct bh_doc *d = fe_parse_opt(t, strlen(t), &opt);
        const struct bh_dockerfile *df = d->dockerfile;
        assert_int_equal(df->target, 1);
        assert_true(df->stages[0].in_final_chain);
        assert_true(df->stages[1].in_final_chain);
        assert_false(df->stages[2].in_final_chain);
        assert_false(df->stages[3].in_final_chain);
        assert_true(d->images.v[0].in_final_chain);
        assert_false(d->images.v[1].in_final_chain);
        const struct bh_container *c = fe_container(d, BH_ORIGIN_IMAGE_BUILD, 0);
        assert_string_equal(c->name, "dev");
        assert_string_equal(c->user.s, "root");
        assert_string_equal(c->image.s, "alpine");
        assert_int_equal(c->loc.line, 3);

        opt.target = "nope";
        d = fe_parse_opt(t, strlen(t), &opt);
        assert_int_equal(fe_ndiag(d, 9002, 0), 1);
        assert_int_equal(d->dockerfile->target, 3);
}

static void test_user_chain(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a AS base\nUSER app:app\nFROM base AS mid\nRUN x\n"
                                    "FROM mid\nFROM a AS other\n");
        const struct bh_dockerfile *df = d->dockerfile;
        assert_string_equal(df->stages[0].user.s, "app:app");
        assert_int_equal(df->stages[0].user_instr, 1);
        assert_string_equal(df->stages[2].user.s, "app:app");
        assert_int_equal(df->stages[2].user_instr, 1);
        assert_false(df->stages[3].user.set);
        const struct bh_container *c = fe_container(d, BH_ORIGIN_IMAGE_BUILD, 0);
        assert_string_equal(c->name, "other");
        assert_false(c->user.set);

        d = fe_parse("FROM a AS base\nUSER app\nFROM base\nUSER 0\n");
        c = fe_container(d, BH_ORIGIN_IMAGE_BUILD, 0);
        assert_string_equal(c->user.s, "0");
        assert_int_equal(c->user.loc.line, 4);
        assert_string_equal(c->name, "image");
}

static void test_user_unknown_diag(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nARG UID\nUSER $UID\n");
        const struct bh_diag *g = fe_diag(d, 9005);
        assert_non_null(g);
        assert_int_equal(g->loc.line, 3);
        assert_int_equal(g->loc.col, 6);
        assert_string_equal(g->message,
                            "USER $UID depends on build argument UID, which has no default");
        const struct bh_container *c = fe_container(d, BH_ORIGIN_IMAGE_BUILD, 0);
        assert_true(c->user.set);
        assert_false(c->user.known);
        assert_string_equal(c->user.s, "$UID");

        d = fe_parse("ARG U\nFROM a\nARG U\nENV X=$U\nUSER ${X}\n");
        g = fe_diag(d, 9005);
        assert_non_null(g);
        assert_non_null(strstr(g->message, "build argument U,"));
}

static void test_container_model(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse(
                "FROM alpine:3 AS base\nENV A=1\nVOLUME /base\nEXPOSE 22\n"
                "FROM base\nARG B=2\nARG C\nENV D=$B\n"
                "VOLUME [\"/data\", \"/var/run/docker.sock\"]\nVOLUME /x /y\n"
                "EXPOSE 80 443/TCP 8000-8010/udp $P\n"
                "LABEL io.containers.capabilities=\"chown, CAP_SYS_ADMIN,net_raw\"\n");
        const struct bh_container *c = fe_container(d, BH_ORIGIN_IMAGE_BUILD, 0);
        assert_non_null(c);
        assert_int_equal(d->containers.n, 1);
        assert_string_equal(c->image.s, "alpine:3");
        assert_int_equal(c->mounts.n, 5);
        assert_string_equal(c->mounts.v[0].target, "/base");
        assert_string_equal(c->mounts.v[2].target, "/var/run/docker.sock");
        assert_int_equal(c->mounts.v[2].kind, BH_MOUNT_ANONYMOUS);
        assert_true(c->mounts.v[2].target_known);
        assert_int_equal(c->mounts.v[4].loc.line, 10);
        assert_int_equal(c->mounts.v[4].loc.col, 11);
        assert_int_equal(c->ports.n, 5);
        assert_int_equal(c->ports.v[0].container_port, 22);
        assert_int_equal(c->ports.v[2].container_port, 443);
        assert_string_equal(c->ports.v[2].proto, "tcp");
        assert_int_equal(c->ports.v[3].container_port, 8000);
        assert_int_equal(c->ports.v[3].container_port_end, 8010);
        assert_string_equal(c->ports.v[3].proto, "udp");
        assert_false(c->ports.v[3].published);
        assert_false(c->ports.v[4].known);
        assert_int_equal(c->env.n, 4);
        assert_string_equal(c->env.v[0].name, "A");
        assert_string_equal(c->env.v[1].name, "D");
        assert_string_equal(c->env.v[1].value, "2");
        assert_true(c->env.v[2].is_build_arg);
        assert_string_equal(c->env.v[2].name, "B");
        assert_false(c->env.v[3].value_known);
        assert_int_equal(c->cap_add.n, 3);
        assert_string_equal(c->cap_add.v[0].name, "CHOWN");
        assert_string_equal(c->cap_add.v[1].name, "SYS_ADMIN");
        assert_string_equal(c->cap_add.v[2].name, "NET_RAW");
        assert_int_equal(c->cap_add.v[0].loc.line, 12);
}

static void test_runlabels(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse(
                "FROM a AS build\nLABEL RUN=\"podman run --privileged -d IMAGE\"\n"
                "FROM fedora\n"
                "LABEL RUN=\"podman run -it --privileged -v /:/host:ro --name \\${NAME} IMAGE /bin/sh\" "
                "INSTALL=\"docker run --rm -v /etc:/host/etc \\${IMAGE} /install.sh\"\n"
                "LABEL run=\"podman run --privileged x\" UNINSTALL=\"echo nothing\"\n");
        assert_int_equal(d->containers.n, 3);
        const struct bh_container *c = fe_container(d, BH_ORIGIN_RUNLABEL, 0);
        assert_int_equal(c->privileged, BH_TRUE);
        assert_int_equal(c->loc.line, 4);
        assert_string_equal(c->name, "${NAME}");
        assert_string_equal(c->image.s, "IMAGE");
        assert_false(c->image.known);
        assert_int_equal(c->mounts.n, 1);
        assert_int_equal(c->mounts.v[0].kind, BH_MOUNT_BIND);
        assert_int_equal(c->mounts.v[0].read_only, BH_TRUE);
        c = fe_container(d, BH_ORIGIN_RUNLABEL, 1);
        assert_string_equal(c->name, "INSTALL");
        assert_int_equal(c->privileged, BH_UNSET);
        assert_string_equal(c->mounts.v[0].source, "/etc");
}

static void test_shell_instruction(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a AS w\nSHELL [\"pwsh\", \"-Command\"]\nRUN Get-Item x\n"
                                    "FROM w\nRUN y\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
                                    "RUN z | w\n");
        assert_null(fe_instr(d, 2)->script);
        assert_null(fe_instr(d, 4)->script);
        assert_non_null(fe_instr(d, 6)->script);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_teardown(test_expand_forms, fe_teardown),
                cmocka_unit_test_teardown(test_expand_required_error, fe_teardown),
                cmocka_unit_test_teardown(test_expand_unknown, fe_teardown),
                cmocka_unit_test_teardown(test_build_args_override, fe_teardown),
                cmocka_unit_test_teardown(test_global_arg_scope, fe_teardown),
                cmocka_unit_test_teardown(test_from_expansion, fe_teardown),
                cmocka_unit_test_teardown(test_env_scope_and_inheritance, fe_teardown),
                cmocka_unit_test_teardown(test_env_order, fe_teardown),
                cmocka_unit_test_teardown(test_expanded_instructions, fe_teardown),
                cmocka_unit_test_teardown(test_stages, fe_teardown),
                cmocka_unit_test_teardown(test_run_mount_from, fe_teardown),
                cmocka_unit_test_teardown(test_target, fe_teardown),
                cmocka_unit_test_teardown(test_user_chain, fe_teardown),
                cmocka_unit_test_teardown(test_user_unknown_diag, fe_teardown),
                cmocka_unit_test_teardown(test_container_model, fe_teardown),
                cmocka_unit_test_teardown(test_runlabels, fe_teardown),
                cmocka_unit_test_teardown(test_shell_instruction, fe_teardown),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests_name("dockerfile-model", tests, NULL, fe_teardown);
}
