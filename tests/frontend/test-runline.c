/* Run command lines in scripts, Makefiles, systemd units, CI YAML and
 * Markdown: which commands become containers, and the exact line and column
 * of every field. */
#include "fe-test.h"
#include "../../src/frontend/runline.h"

#include "../../src/util/bh-banned.h"

static struct bh_doc *RL(const char *path, const char *t)
{
        return fe_parse_with(path, t, BH_SURFACE_RUNCMD, bh_frontend_runline);
}

static const struct bh_container *C(size_t i)
{
        assert_true(i < fe_doc.containers.n);
        assert_int_equal(fe_doc.containers.v[i]->origin, BH_ORIGIN_RUNLINE);
        return fe_doc.containers.v[i];
}

#define LOC(l, ln, cl)                            \
        do {                                      \
                assert_int_equal((l).line, (ln)); \
                assert_int_equal((l).col, (cl));  \
        } while (0)

/* ---- shell scripts ---- */

static void test_shell(void **state)
{
        const struct bh_container *c;

        (void)state;
        RL("deploy.sh", "#!/bin/bash\n"
                        "docker build -t app .\n"                  /* 2: not a run */
                        "docker run -d --name web -p 8080:80 \\\n" /* 3 */
                        "    -v /var/run/docker.sock:/var/run/docker.sock:ro \\\n"    /* 4 */
                        "    --cap-add SYS_ADMIN nginx:1.27 nginx -g 'daemon off;'\n" /* 5 */
                        "if true; then sudo -E podman container run --privileged -u0 alpine:3; fi\n"
                        "sh -c 'nerdctl run --net=host busybox:1'\n"                    /* 7 */
                        "docker -H tcp://build:2376 --tls create --pid host \"$IMG\"\n" /* 8 */
                        "docker ps; podman images\n");
        assert_int_equal(fe_doc.diags.n, 0);
        assert_int_equal(fe_doc.containers.n, 4);
        c = C(0);
        assert_string_equal(c->name, "docker run (line 3)");
        LOC(c->loc, 3, 1);
        LOC(c->owner_loc, 3, 1);
        LOC(c->ports.v[0].loc, 3, 26);
        assert_int_equal(c->mounts.v[0].kind, BH_MOUNT_BIND);
        assert_int_equal(c->mounts.v[0].read_only, BH_TRUE);
        LOC(c->mounts.v[0].loc, 4, 5);
        assert_string_equal(c->cap_add.v[0].name, "SYS_ADMIN");
        LOC(c->cap_add.v[0].loc, 5, 5);
        assert_string_equal(c->image.s, "nginx:1.27");
        assert_true(c->image.known);
        LOC(c->image.loc, 5, 25);

        c = C(1);
        assert_string_equal(c->name, "podman container run (line 6)");
        LOC(c->loc, 6, 23);
        assert_int_equal(c->privileged, BH_TRUE);
        LOC(c->privileged_loc, 6, 44);
        assert_string_equal(c->user.s, "0");
        LOC(c->user.loc, 6, 57);
        assert_string_equal(c->image.s, "alpine:3");

        /* a command of an sh -c string keeps exact columns */
        c = C(2);
        assert_string_equal(c->name, "nerdctl run (line 7)");
        assert_string_equal(c->network_mode.s, "host");
        LOC(c->network_mode.loc, 7, 20);

        c = C(3);
        assert_string_equal(c->name, "docker create (line 8)");
        assert_string_equal(c->pid_mode.s, "host");
        LOC(c->pid_mode.loc, 8, 41);
        assert_false(c->image.known);

        /* doc->images: every known image, with the image word's location */
        assert_int_equal(fe_doc.images.n, 3);
        assert_int_equal(fe_doc.images.v[0].role, BH_IMGREF_RUN);
        LOC(fe_doc.images.v[0].loc, 5, 25);
}

static void test_shell_forms(void **state)
{
        const struct bh_container *c;

        (void)state;
        /* -- ends the options; combined short flags; --opt=value */
        RL("x.sh", "docker run -itd --rm=true -- alpine:3 --privileged\n");
        c = C(0);
        assert_int_equal(c->privileged, BH_UNSET);
        assert_string_equal(c->image.s, "alpine:3");
        LOC(c->image.loc, 1, 30);

        /* an option whose value starts with a dash */
        RL("x.sh", "docker run --entrypoint -x --privileged alpine:3\n");
        c = C(0);
        assert_int_equal(c->privileged, BH_TRUE);
        LOC(c->privileged_loc, 1, 28);

        /* a syntax error is reported in scripts */
        RL("x.sh", "docker run --privileged alpine:3\necho 'unterminated\n");
        assert_int_equal(fe_doc.containers.n, 1);
        assert_int_equal(fe_ndiag(&fe_doc, 9002, 2), 1);

        /* no engine named: nothing, not even a tokenizer run */
        RL("x.sh", "echo 'unterminated\n");
        assert_int_equal(fe_doc.containers.n, 0);
        assert_int_equal(fe_doc.diags.n, 0);
}

/* ---- Makefiles ---- */

static void test_make(void **state)
{
        const struct bh_container *c;

        (void)state;
        RL("Makefile", "IMG := app:$(VERSION)\n"
                       "FLAGS = --privileged \\\n"
                       "\tdocker run --privileged not-a-recipe\n" /* 3: continued variable */
                       "\n"
                       "run: build\n"               /* 5 */
                       "\t@-docker run --rm \\\n"   /* 6 */
                       "\t  -v /:/host $(IMG) \\\n" /* 7 */
                       "\t  sh\n"
                       "\t+podman run --uts=host $(IMG)\n" /* 9 */
                       "# docker run --privileged x\n"
                       "X = 1\n"
                       "\tdocker run --privileged after-assignment\n"); /* 12: not in a rule */
        assert_int_equal(fe_doc.containers.n, 2);
        c = C(0);
        assert_string_equal(c->name, "docker run (line 6)");
        LOC(c->loc, 6, 4);
        LOC(c->mounts.v[0].loc, 7, 4);
        assert_string_equal(c->image.s, "$(IMG)");
        assert_false(c->image.known);
        LOC(c->image.loc, 7, 15);
        c = C(1);
        LOC(c->loc, 9, 3);
        LOC(c->uts_mode.loc, 9, 14);
        assert_int_equal(fe_doc.images.n, 0);
}

/* ---- systemd units ---- */

static void test_systemd(void **state)
{
        const struct bh_container *c;

        (void)state;
        RL("web.service", "[Unit]\nDescription=web\n"
                          "ExecStart=/usr/bin/docker run --privileged not-service\n" /* 3 */
                          "[Service]\n"
                          "ExecStartPre=-/usr/bin/docker pull nginx:1\n"
                          "ExecStart=@/usr/bin/docker dockerd-web run \\\n" /* 6 */
                          "  --network host \\\n"                           /* 7 */
                          "  nginx:1\n"
                          "ExecStop=/usr/bin/docker stop web\n"
                          "ExecStartPost=+/usr/bin/podman run --pid=host x:1\n"); /* 10 */
        assert_int_equal(fe_doc.containers.n, 2);
        c = C(0);
        assert_string_equal(c->name, "docker run (line 6)");
        LOC(c->loc, 6, 12);
        LOC(c->network_mode.loc, 7, 3);
        assert_string_equal(c->image.s, "nginx:1");
        LOC(c->image.loc, 8, 3);
        c = C(1);
        LOC(c->loc, 10, 16);
        LOC(c->pid_mode.loc, 10, 36);
}

/* ---- CI YAML ---- */

static void test_github(void **state)
{
        const struct bh_container *c;

        (void)state;
        RL(".github/workflows/ci.yml", "on: push\n"
                                       "jobs:\n"
                                       "  test:\n"
                                       "    runs-on: ubuntu-latest\n"
                                       "    container:\n"
                                       "      image: docker:27\n"
                                       "    steps:\n"
                                       "      - run: docker run --privileged a:1\n" /* 8 */
                                       "      - name: block\n"
                                       "        run: |\n" /* 10 */
                                       "          set -e\n"
                                       "\n"
                                       "          docker run \\\n"                    /* 13 */
                                       "            --ipc=host b:1\n"                 /* 14 */
                                       "      - run: \"docker run --pid=host c:1\"\n" /* 15 */
                                       "      - run: >\n"                             /* 16 */
                                       "          docker run --uts=host\n"
                                       "          d:1\n"
                                       "  other: [1, 2]\n");
        assert_int_equal(fe_doc.diags.n, 0);
        assert_int_equal(fe_doc.containers.n, 4);
        LOC(C(0)->privileged_loc, 8, 25);
        c = C(1);
        LOC(c->loc, 13, 11);
        LOC(c->ipc_mode.loc, 14, 13);
        LOC(C(2)->pid_mode.loc, 15, 26);
        /* a folded block: every field at the scalar */
        c = C(3);
        assert_string_equal(c->uts_mode.s, "host");
        LOC(c->uts_mode.loc, 16, 14);
        assert_string_equal(c->image.s, "d:1");
}

static void test_gitlab(void **state)
{
        (void)state;
        RL("ci/deploy.gitlab-ci.yml", "default:\n"
                                      "  before_script:\n"
                                      "    - docker run --userns=host a:1\n" /* 3 */
                                      "build:\n"
                                      "  script:\n"
                                      "    - - docker run -u 0 b:1\n" /* 6: nested list */
                                      "    - |\n"
                                      "      docker run \\\n"           /* 8 */
                                      "        --device /dev/sda c:1\n" /* 9 */
                                      ".hidden:\n"
                                      "  script: docker run --cap-add ALL d:1\n" /* 11 */
                                      "variables:\n"
                                      "  script: not a job\n");
        assert_int_equal(fe_doc.containers.n, 4);
        LOC(C(0)->userns_mode.loc, 3, 18);
        LOC(C(1)->user.loc, 6, 20);
        LOC(C(2)->devices.v[0].loc, 9, 9);
        LOC(C(3)->cap_add.v[0].loc, 11, 22);

        RL(".gitlab-ci.yml", "a: [unclosed\n  docker run x\n");
        assert_int_equal(fe_doc.containers.n, 0);
        assert_int_equal(fe_ndiag(&fe_doc, 9001, 0) + fe_ndiag(&fe_doc, 9003, 0), 1);
}

/* ---- Markdown ---- */

static void test_markdown(void **state)
{
        (void)state;
        RL("README.md", "# Demo\n"
                        "\n"
                        "```bash\n"
                        "docker run --privileged a:1\n" /* 4 */
                        "```\n"
                        "\n"
                        "```console\n"
                        "$ docker run --pid=host \\\n" /* 8 */
                        "    b:1\n"
                        "docker run --privileged output-line\n"
                        "# podman run --ipc=host c:1\n" /* 11: root prompt */
                        "```\n"
                        "  ~~~\n"                       /* 13: indented, unlabelled */
                        "  podman run --uts=host d:1\n" /* 14 */
                        "  ~~~\n"
                        "```\n"
                        "echo hi\n"
                        "docker run --privileged unlabelled-not-first\n"
                        "```\n"
                        "```yaml\n"
                        "run: docker run --privileged e:1\n"
                        "```\n"
                        "Inline `docker run --privileged f` is prose.\n"
                        "```sh\n"
                        "docker run --net=host 'unclosed\n"); /* 25: fence runs to the end */
        assert_int_equal(fe_doc.containers.n, 5);
        LOC(C(0)->privileged_loc, 4, 12);
        LOC(C(1)->pid_mode.loc, 8, 14);
        assert_string_equal(C(1)->image.s, "b:1");
        LOC(C(2)->ipc_mode.loc, 11, 14);
        LOC(C(3)->uts_mode.loc, 14, 14);
        LOC(C(4)->network_mode.loc, 25, 12);
        /* no syntax diagnostics for documentation */
        assert_int_equal(fe_doc.diags.n, 0);
}

/* ---- discovery ---- */

static void test_match_sniff(void **state)
{
        (void)state;
        assert_true(bh_runline_match_path("a/run.sh", "run.sh"));
        assert_true(bh_runline_match_path("GNUmakefile", "GNUmakefile"));
        assert_true(bh_runline_match_path("mk/rules.mk", "rules.mk"));
        assert_true(bh_runline_match_path("x/app.service", "app.service"));
        assert_true(bh_runline_match_path("docs/README.md", "README.md"));
        assert_true(bh_runline_match_path("repo/.github/workflows/ci.yaml", "ci.yaml"));
        assert_true(bh_runline_match_path(".github/workflows/ci.yml", "ci.yml"));
        assert_true(bh_runline_match_path("repo/.gitlab-ci.yml", ".gitlab-ci.yml"));
        assert_true(bh_runline_match_path("ci/build.gitlab-ci.yml", "build.gitlab-ci.yml"));
        assert_false(bh_runline_match_path("k8s/deploy.yaml", "deploy.yaml"));
        assert_false(bh_runline_match_path("Dockerfile", "Dockerfile"));
        assert_true(bh_runline_sniff("#!/bin/sh\necho\n", 15));
        assert_true(bh_runline_sniff("#! /usr/bin/env bash\n", 21));
        assert_true(bh_runline_sniff("#!/bin/dash", 11));
        assert_false(bh_runline_sniff("#!/usr/bin/env python3\n", 23));
        assert_false(bh_runline_sniff("FROM alpine\n", 12));
        assert_false(bh_runline_sniff("#!", 2));
}

/* ---- limits ---- */

static void test_limit(void **state)
{
        struct bh_buf b;

        (void)state;
        bh_buf_init(&b, 8u * 1024u * 1024u);
        for (unsigned i = 0; i <= BH_LIMIT_RUNLINES; i++)
                assert_int_equal(bh_buf_adds(&b, "docker run a:1\n"), 0);
        RL("many.sh", b.buf);
        assert_int_equal(fe_doc.containers.n, BH_LIMIT_RUNLINES);
        assert_int_equal(fe_ndiag(&fe_doc, 9003, BH_LIMIT_RUNLINES + 1), 1);
        bh_buf_release(&b);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_teardown(test_shell, fe_teardown),
                cmocka_unit_test_teardown(test_shell_forms, fe_teardown),
                cmocka_unit_test_teardown(test_make, fe_teardown),
                cmocka_unit_test_teardown(test_systemd, fe_teardown),
                cmocka_unit_test_teardown(test_github, fe_teardown),
                cmocka_unit_test_teardown(test_gitlab, fe_teardown),
                cmocka_unit_test_teardown(test_markdown, fe_teardown),
                cmocka_unit_test(test_match_sniff),
                cmocka_unit_test_teardown(test_limit, fe_teardown),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests_name("runline", tests, NULL, NULL);
}
