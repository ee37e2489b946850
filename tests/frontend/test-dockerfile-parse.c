/* The Dockerfile reader: directives, continuations, heredocs, JSON form,
 * flags, ONBUILD, diagnostics and limits. */
#include "fe-test.h"

#include "../../src/util/bh-banned.h"

static void test_directives(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("# syntax=docker/dockerfile:1.7\n# ESCAPE = `\n"
                                    "#check=skip=all\nFROM a\nRUN echo `\n  hi\n");
        assert_int_equal(d->dockerfile->escape, '`');
        assert_string_equal(d->dockerfile->syntax, "docker/dockerfile:1.7");
        assert_string_equal(d->dockerfile->check, "skip=all");
        assert_int_equal(d->dockerfile->ninstrs, 2);
        assert_string_equal(fe_instr(d, 1)->args_raw, "echo   hi");
        assert_int_equal(d->diags.n, 0);
}

static void test_directive_after_comment_ignored(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("# hello\n# escape=`\nFROM a\nRUN a `\nRUN b\n");
        assert_int_equal(d->dockerfile->escape, '\\');
        assert_int_equal(d->dockerfile->ninstrs, 3);
        assert_string_equal(fe_instr(d, 1)->args_raw, "a `");
}

static void test_directive_after_blank_ignored(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("\n# escape=`\nFROM a\n");
        assert_int_equal(d->dockerfile->escape, '\\');
        d = fe_parse("FROM a\n# syntax=x\n");
        assert_null(d->dockerfile->syntax);
}

static void test_directive_invalid_escape(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("# escape=x\nFROM a\n");
        assert_int_equal(fe_ndiag(d, 9002, 1), 1);
        assert_int_equal(d->dockerfile->escape, '\\');
        d = fe_parse("# escape=`\n# escape=\\\nFROM a\n");
        assert_int_equal(fe_ndiag(d, 9002, 2), 1);
}

static void test_backtick_escape(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("# escape=`\nFROM mcr/windows\nCOPY c:\\src\\app d:\\app\n"
                                    "RUN dir `\n    c:\\\n");
        const struct bh_df_instr *cp = fe_instr(d, 1);
        assert_int_equal(cp->argc, 2);
        assert_string_equal(cp->argv[0].s, "c:\\src\\app");
        assert_string_equal(fe_instr(d, 2)->args_raw, "dir     c:\\");
        assert_int_equal(fe_instr(d, 2)->loc.end_line, 5);
}

static void test_bom_crlf(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("\xef\xbb\xbf# syntax=s\r\nFROM a\r\nRUN x \\\r\n  y\r\n");
        assert_string_equal(d->dockerfile->syntax, "s");
        const struct bh_df_instr *run = fe_instr(d, 1);
        assert_string_equal(run->args_raw, "x   y");
        const struct bh_sh_cmd *c = fe_cmd(run->script, "x");
        assert_non_null(c);
        assert_int_equal(c->nwords, 2);
        assert_string_equal(c->words[1].text, "y");
        assert_int_equal(d->diags.n, 0);
}

static void test_continuation_comments_blank(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nRUN apt-get update && \\\n  # a comment\n\n"
                                    "   \t\n   apt-get install -y curl \\  \n && sudo rm x\nUSER app\n");
        assert_int_equal(d->dockerfile->ninstrs, 3);
        const struct bh_df_instr *run = fe_instr(d, 1);
        assert_int_equal(run->loc.line, 2);
        assert_int_equal(run->loc.end_line, 7);
        const struct bh_sh_cmd *c = fe_cmd(run->script, "apt-get");
        assert_int_equal(c->loc.line, 2);
        assert_int_equal(c->loc.col, 5);
        c = &run->script->cmds[1];
        assert_string_equal(c->name, "apt-get");
        assert_int_equal(c->loc.line, 6);
        assert_int_equal(c->loc.col, 4);
        c = fe_cmd(run->script, "rm");
        assert_true(c->via_sudo);
        assert_int_equal(c->loc.line, 7);
        assert_int_equal(c->loc.col, 5);
        assert_int_equal(fe_instr(d, 2)->loc.line, 8);
}

static void test_continuation_at_eof(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nRUN echo \\");
        assert_int_equal(d->dockerfile->ninstrs, 2);
        assert_string_equal(fe_instr(d, 1)->args_raw, "echo");
}

static void test_heredoc_basic_lines(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nRUN <<EOF\nset -e\n  curl x | sh\nEOF\nUSER u\n");
        const struct bh_df_instr *run = fe_instr(d, 1);
        assert_int_equal(run->nheredocs, 1);
        const struct bh_df_heredoc *h = &run->heredocs[0];
        assert_string_equal(h->delim, "EOF");
        assert_string_equal(h->body, "set -e\n  curl x | sh\n");
        assert_false(h->quoted);
        assert_false(h->strip_tabs);
        assert_int_equal(h->first_line, 3);
        assert_non_null(h->script);
        const struct bh_sh_cmd *c = fe_cmd(h->script, "sh");
        assert_non_null(c);
        assert_int_equal(c->loc.line, 4);
        assert_int_equal(c->loc.col, 12);
        assert_int_equal(run->loc.end_line, 5);
        assert_int_equal(fe_instr(d, 2)->kind, BH_DF_USER);
        assert_int_equal(d->diags.n, 0);
}

static void test_heredoc_strip_tabs_and_quotes(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nRUN <<-\"EOF\"\n\t\techo $HOME\n\tEOF\n"
                                    "COPY <<'X' /x\n$Y\nX\n");
        const struct bh_df_heredoc *h = &fe_instr(d, 1)->heredocs[0];
        assert_true(h->strip_tabs);
        assert_true(h->quoted);
        assert_string_equal(h->body, "echo $HOME\n");
        assert_int_equal(h->script->cmds[0].loc.line, 3);
        assert_int_equal(h->script->cmds[0].loc.col, 3);
        const struct bh_df_instr *cp = fe_instr(d, 2);
        assert_int_equal(cp->kind, BH_DF_COPY);
        assert_true(cp->heredocs[0].quoted);
        assert_string_equal(cp->heredocs[0].body, "$Y\n");
        assert_null(cp->heredocs[0].script);
        assert_int_equal(d->diags.n, 0);
}

static void test_heredoc_several(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nCOPY <<A <<B /dst/\na1\nA\nb1\nb2\nB\nRUN x\n");
        const struct bh_df_instr *cp = fe_instr(d, 1);
        assert_int_equal(cp->nheredocs, 2);
        assert_string_equal(cp->heredocs[0].body, "a1\n");
        assert_string_equal(cp->heredocs[1].body, "b1\nb2\n");
        assert_int_equal(cp->heredocs[1].first_line, 5);
        assert_int_equal(cp->argc, 3);
        assert_int_equal(d->dockerfile->ninstrs, 3);
        assert_int_equal(fe_instr(d, 2)->loc.line, 8);
}

static void test_heredoc_after_continuation(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nRUN \\\n  cat <<EOF > /etc/x\nhello\nEOF\n");
        const struct bh_df_instr *run = fe_instr(d, 1);
        assert_int_equal(run->nheredocs, 1);
        assert_string_equal(run->heredocs[0].body, "hello\n");
        assert_int_equal(run->heredocs[0].first_line, 4);
        assert_null(run->heredocs[0].script); /* cat reads it, not a shell */
        assert_non_null(fe_cmd(run->script, "cat"));
}

static void test_heredoc_who_reads(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nRUN python3 <<EOF\nimport os\nEOF\n"
                                    "RUN bash -e <<EOF\nid\nEOF\n"
                                    "RUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n"
                                    "RUN <<EOF\n#!/bin/bash\nwhoami\nEOF\n"
                                    "RUN sh -c 'x' <<EOF\ny\nEOF\n");
        assert_null(fe_instr(d, 1)->heredocs[0].script);
        assert_non_null(fe_cmd(fe_instr(d, 2)->heredocs[0].script, "id"));
        assert_null(fe_instr(d, 3)->heredocs[0].script);
        assert_non_null(fe_cmd(fe_instr(d, 4)->heredocs[0].script, "whoami"));
        assert_null(fe_instr(d, 5)->heredocs[0].script);
}

static void test_heredoc_unterminated(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nRUN <<EOF\necho hi\n");
        assert_int_equal(fe_ndiag(d, 9001, 2), 1);
        assert_string_equal(fe_instr(d, 1)->heredocs[0].body, "echo hi\n");
}

static void test_json_form(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n"
                                    "ENTRYPOINT [\"/bin/sh\",\"-c\"]\nRUN [\"apt-get\", \"update\"]\n");
        const struct bh_df_instr *cmd = fe_instr(d, 1);
        assert_true(cmd->json);
        assert_int_equal(cmd->argc, 3);
        assert_string_equal(cmd->argv[2].s, "daemon off;");
        assert_true(fe_instr(d, 3)->json);
        assert_null(fe_instr(d, 3)->script);
}

static void test_json_invalid_fallback(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nRUN [\"a\", ]\nCMD [1, 2]\nENTRYPOINT [\"x\"] trailing\n");
        const struct bh_df_instr *run = fe_instr(d, 1);
        assert_false(run->json);
        assert_int_equal(run->argc, 1);
        assert_string_equal(run->argv[0].s, "[\"a\", ]");
        assert_non_null(run->script);
        assert_false(fe_instr(d, 2)->json);
        assert_false(fe_instr(d, 3)->json);
        assert_int_equal(d->diags.n, 0);
}

static void test_json_forms_decoded(void **state)
{
        (void)state;
        /* simple arrays and those with escapes, non-ASCII or odd spacing must
         * decode the same whichever reader handles them */
        struct bh_doc *d = fe_parse("FROM a\n"
                                    "CMD []\n"
                                    "CMD [ \"a\" ,\t\"b c\" ]  \n"
                                    "CMD [\"q\\\"x\", \"\\u00e9\", \"\xc3\xa9\", \"t\\tx\"]\n"
                                    "CMD [\"a\"] [\"b\"]\n"
                                    "CMD [\"a\" \"b\"]\n"
                                    "CMD [\"\xff\"]\n"
                                    "CMD [\"a\",]\n");
        const struct bh_df_instr *in = fe_instr(d, 1);
        assert_true(in->json);
        assert_int_equal(in->argc, 0);
        in = fe_instr(d, 2);
        assert_true(in->json);
        assert_int_equal(in->argc, 2);
        assert_string_equal(in->argv[1].s, "b c");
        in = fe_instr(d, 3);
        assert_true(in->json);
        assert_int_equal(in->argc, 4);
        assert_string_equal(in->argv[0].s, "q\"x");
        assert_string_equal(in->argv[1].s, "\xc3\xa9");
        assert_string_equal(in->argv[2].s, "\xc3\xa9");
        assert_string_equal(in->argv[3].s, "t\tx");
        for (size_t i = 4; i < 8; i++)
                assert_false(fe_instr(d, i)->json); /* invalid JSON (or UTF-8): shell form */
}

static void test_shell_needs_json(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nSHELL /bin/bash -c\n");
        assert_int_equal(fe_ndiag(d, 9002, 2), 1);
}

static void test_flags(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM --platform=linux/amd64 a\n"
                                    "COPY --from=build --chown=1:1 --chmod=755 --link a b\n"
                                    "RUN --mount=type=secret,id=x --network=host --security=insecure make\n"
                                    "ADD --checksum=sha256:abc --keep-git-dir https://x /y\n"
                                    "HEALTHCHECK --interval=5s --retries=3 CMD curl -f x\n");
        const struct bh_df_instr *cp = fe_instr(d, 1);
        assert_int_equal(cp->nflags, 4);
        assert_string_equal(cp->flags[0].name, "from");
        assert_string_equal(cp->flags[0].value.s, "build");
        assert_string_equal(cp->flags[2].value.s, "755");
        assert_string_equal(cp->flags[3].name, "link");
        assert_false(cp->flags[3].value.set);
        assert_int_equal(cp->flags[1].loc.col, 19);
        assert_int_equal(cp->argc, 2);
        const struct bh_df_instr *run = fe_instr(d, 2);
        assert_int_equal(run->nflags, 3);
        assert_string_equal(run->flags[1].value.s, "host");
        assert_string_equal(run->flags[2].value.s, "insecure");
        assert_string_equal(run->args_raw, "make");
        assert_string_equal(fe_instr(d, 3)->flags[1].name, "keep-git-dir");
        const struct bh_df_instr *hc = fe_instr(d, 4);
        assert_int_equal(hc->nflags, 2);
        assert_string_equal(hc->argv[0].s, "CMD");
        assert_string_equal(hc->argv[1].s, "curl -f x");
        assert_string_equal(d->dockerfile->stages[0].platform.s, "linux/amd64");
        assert_int_equal(d->diags.n, 0);
}

static void test_flag_errors(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nCOPY --=x a b\nCOPY --bogus=1 a b\nCOPY --from a b\n");
        assert_int_equal(fe_ndiag(d, 9002, 2), 1);
        assert_int_equal(fe_ndiag(d, 9002, 3), 1);
        assert_int_equal(fe_ndiag(d, 9002, 4), 1);
        assert_int_equal(fe_diag(d, 9002)->loc.col, 6);
}

static void test_kvs(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nENV A=1 B=\"two words\" C=x\\ y\nENV LEGACY some value here\n"
                                    "LABEL \"com.x\"=\"v\" k=v2\nARG N M=3\nENV BAD\nLABEL nokey\n");
        const struct bh_df_instr *e = fe_instr(d, 1);
        assert_int_equal(e->nkvs, 3);
        assert_string_equal(e->kvs[1].value.s, "two words");
        assert_string_equal(e->kvs[1].raw_value, "\"two words\"");
        assert_string_equal(e->kvs[2].value.s, "x y");
        assert_int_equal(e->kvs[1].loc.col, 9);
        const struct bh_df_instr *l = fe_instr(d, 2);
        assert_string_equal(l->kvs[0].key, "LEGACY");
        assert_string_equal(l->kvs[0].value.s, "some value here");
        assert_string_equal(fe_instr(d, 3)->kvs[0].key, "com.x");
        const struct bh_df_instr *a = fe_instr(d, 4);
        assert_int_equal(a->nkvs, 2);
        assert_false(a->kvs[0].value.set);
        assert_string_equal(a->kvs[1].value.s, "3");
        assert_int_equal(fe_ndiag(d, 9002, 6), 1);
        assert_int_equal(fe_ndiag(d, 9002, 7), 1);
}

static void test_exec_form_shell_script(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\n"
                                    "RUN [\"sh\", \"-c\", \"curl -fsSL u | sh\"]\n"
                                    "RUN  [\"/bin/bash\", \"-ec\", \"sudo make\", \"arg0\"]\n"
                                    "RUN [\"bash\", \"-o\", \"pipefail\", \"-lc\", \"id\"]\n"
                                    "RUN [\"sudo\", \"sh\", \"-c\", \"id\"]\n"
                                    "RUN [\"sh\", \"script.sh\", \"-c\"]\n"
                                    "RUN [\"sh\", \"-c\", \"echo 'x\"]\n"
                                    "ONBUILD RUN [\"dash\", \"-c\", \"wget u\"]\n");
        const struct bh_df_instr *in = fe_instr(d, 1);
        assert_true(in->json);
        assert_non_null(in->script);
        const struct bh_sh_cmd *c = fe_cmd(in->script, "sh");
        assert_non_null(c);
        assert_int_equal(c->ctx, BH_SH_TOP);
        assert_int_equal(c->pipe_pos, 1);
        assert_int_equal(c->loc.line, 2);
        assert_int_equal(c->loc.col, 5);
        c = fe_cmd(fe_instr(d, 2)->script, "make");
        assert_non_null(c);
        assert_true(c->via_sudo);
        assert_int_equal(c->loc.line, 3);
        assert_int_equal(c->loc.col, 6);
        assert_non_null(fe_cmd(fe_instr(d, 3)->script, "id"));
        /* not a shell, or no -c: exec form stays without a script */
        assert_null(fe_instr(d, 4)->script);
        assert_null(fe_instr(d, 5)->script);
        /* a syntax error in the string points at the '[' */
        assert_non_null(fe_instr(d, 6)->script);
        assert_int_equal(fe_ndiag(d, 9002, 7), 1);
        assert_int_equal(fe_diag(d, 9002)->loc.col, 5);
        c = fe_cmd(fe_instr(d, 7)->onbuild->script, "wget");
        assert_non_null(c);
        assert_int_equal(c->loc.line, 8);
        assert_int_equal(c->loc.col, 13);
        assert_int_equal(d->diags.n, 1);
}

static void test_sh_c_string_columns(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\n"
                                    "RUN sh -c 'apt-get x && sudo make' && bash -c \"curl u | sh\"\n"
                                    "RUN bash -c \"echo \\\"a\\\" && wget u\"\n"
                                    "RUN bash -c 'set -e; \\\n  curl u | sh'\n"
                                    "RUN echo x && \\\n    sh -c 'wget u'\n"
                                    "RUN <<EOF\n"
                                    "  sh -c 'chmod 777 /x'\n"
                                    "EOF\n");
        const struct bh_sh_script *s = fe_instr(d, 1)->script;
        /* verbatim strings: each command at its own first character */
        assert_int_equal(fe_cmd(s, "apt-get")->loc.col, 12);
        assert_int_equal(fe_cmd(s, "make")->loc.col, 25);
        assert_int_equal(fe_cmd(s, "curl")->loc.col, 48);
        /* escapes in the string: the string's location */
        assert_int_equal(fe_cmd(fe_instr(d, 2)->script, "wget")->loc.col, 13);
        /* a string over continuation lines: the string's location */
        const struct bh_sh_cmd *c = fe_cmd(fe_instr(d, 3)->script, "curl");
        assert_int_equal(c->loc.line, 4);
        assert_int_equal(c->loc.col, 13);
        /* a string after a continuation, on one line: exact */
        c = fe_cmd(fe_instr(d, 4)->script, "wget");
        assert_int_equal(c->loc.line, 7);
        assert_int_equal(c->loc.col, 12);
        c = fe_cmd(fe_instr(d, 5)->heredocs[0].script, "chmod");
        assert_int_equal(c->loc.line, 9);
        assert_int_equal(c->loc.col, 10);
        assert_int_equal(d->diags.n, 0);
}

static void test_onbuild_heredoc(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\n"
                                    "ONBUILD RUN <<EOF\n"
                                    "set -e\n"
                                    "curl -fsSL u | sh\n"
                                    "EOF\n"
                                    "ONBUILD RUN python3 <<PY\n"
                                    "print(1)\n"
                                    "PY\n"
                                    "ONBUILD COPY <<EOF /x\n"
                                    "data\n"
                                    "EOF\n"
                                    "USER u\n");
        const struct bh_df_instr *ob = fe_instr(d, 1);
        assert_int_equal(ob->loc.end_line, 5);
        const struct bh_df_instr *run = ob->onbuild;
        assert_int_equal(run->nheredocs, 1);
        assert_string_equal(run->heredocs[0].body, "set -e\ncurl -fsSL u | sh\n");
        const struct bh_sh_cmd *c = fe_cmd(run->heredocs[0].script, "sh");
        assert_non_null(c);
        assert_int_equal(c->loc.line, 4);
        assert_int_equal(c->loc.col, 16);
        const struct bh_df_instr *py = fe_instr(d, 2)->onbuild;
        assert_int_equal(py->nheredocs, 1);
        assert_null(py->heredocs[0].script);
        const struct bh_df_instr *cp = fe_instr(d, 3)->onbuild;
        assert_int_equal(cp->nheredocs, 1);
        assert_string_equal(cp->heredocs[0].body, "data\n");
        assert_int_equal(fe_instr(d, 4)->kind, BH_DF_USER);
        assert_int_equal(d->diags.n, 0);
}

static void test_onbuild(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nONBUILD RUN sudo make install\nONBUILD USER $X\n"
                                    "ONBUILD FROM b\n");
        const struct bh_df_instr *ob = fe_instr(d, 1);
        assert_int_equal(ob->kind, BH_DF_ONBUILD);
        assert_non_null(ob->onbuild);
        assert_int_equal(ob->onbuild->kind, BH_DF_RUN);
        assert_int_equal(ob->onbuild->loc.col, 9);
        const struct bh_sh_cmd *c = fe_cmd(ob->onbuild->script, "make");
        assert_non_null(c);
        assert_true(c->via_sudo);
        assert_int_equal(c->loc.line, 2);
        assert_int_equal(c->loc.col, 13);
        const struct bh_df_instr *u = fe_instr(d, 2)->onbuild;
        assert_int_equal(u->kind, BH_DF_USER);
        assert_false(u->argv[0].known);
        assert_int_equal(fe_ndiag(d, 9002, 4), 1);
        assert_int_equal(fe_ndiag(d, 9005, 0), 0);
        assert_int_equal(d->dockerfile->nstages, 1);
}

static void test_diag_unknown_instruction(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\n  FORM b\nRUN ok\n");
        const struct bh_diag *g = fe_diag(d, 9002);
        assert_non_null(g);
        assert_int_equal(g->loc.line, 2);
        assert_int_equal(g->loc.col, 3);
        assert_non_null(strstr(g->message, "FORM"));
        assert_int_equal(d->dockerfile->ninstrs, 3);
        assert_non_null(fe_instr(d, 2)->script);
}

static void test_diag_malformed(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("ARG X=1\nRUN early\nFROM\nFROM a b\nCOPY onlyone\nFROM c AS x y\n"
                                    "USER\nRUN\nEXPOSE\nFROM d AS 1bad\n");
        assert_int_equal(fe_ndiag(d, 9002, 1), 0);
        assert_int_equal(fe_ndiag(d, 9002, 2), 1);
        assert_int_equal(fe_ndiag(d, 9002, 3), 1);
        assert_int_equal(fe_ndiag(d, 9002, 4), 1);
        assert_int_equal(fe_ndiag(d, 9002, 5), 1);
        assert_int_equal(fe_ndiag(d, 9002, 6), 1);
        assert_int_equal(fe_ndiag(d, 9002, 7), 1);
        assert_int_equal(fe_ndiag(d, 9002, 8), 1);
        assert_int_equal(fe_ndiag(d, 9002, 9), 1);
        assert_int_equal(fe_ndiag(d, 9002, 10), 1);
}

static void test_diag_no_from(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("# only a comment\n");
        assert_int_equal(fe_ndiag(d, 9002, 0), 1);
        assert_int_equal(d->dockerfile->target, -1);
        assert_int_equal(d->containers.n, 0);
}

static void test_diag_binary(void **state)
{
        (void)state;
        static const char bin[] = "FROM a\nRU\0N x\n";
        struct bh_doc *d = fe_parse_opt(bin, sizeof(bin) - 1, NULL);
        assert_int_equal(d->diags.n, 1);
        assert_int_equal(d->diags.v[0].rule, 9001);
        assert_int_equal(d->diags.v[0].loc.line, 2);
        assert_int_equal(d->diags.v[0].loc.col, 3);
        assert_int_equal(d->dockerfile->ninstrs, 0);
}

static void test_diag_message_printable(void **state)
{
        (void)state;
        struct bh_doc *d = fe_parse("FROM a\nFO\x01\x1b[31mO x\n");
        const struct bh_diag *g = fe_diag(d, 9002);
        assert_non_null(g);
        for (const char *p = g->message; *p; p++)
                assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
}

static void test_limit_line_length(void **state)
{
        (void)state;
        struct bh_buf b;
        bh_buf_init(&b, SIZE_MAX / 2);
        bh_buf_adds(&b, "FROM a\nRUN echo ");
        for (size_t i = 0; i < BH_LIMIT_LINE_LENGTH; i++)
                bh_buf_addc(&b, 'x');
        bh_buf_adds(&b, "\nUSER app\n");
        struct bh_doc *d = fe_parse_opt(b.buf, b.len, NULL);
        assert_int_equal(fe_ndiag(d, 9003, 2), 1);
        assert_int_equal(d->dockerfile->ninstrs, 2);
        assert_int_equal(fe_instr(d, 1)->kind, BH_DF_USER);
        bh_buf_release(&b);
}

static void test_limit_instructions(void **state)
{
        (void)state;
        struct bh_buf b;
        bh_buf_init(&b, SIZE_MAX / 2);
        bh_buf_adds(&b, "FROM a\n");
        for (size_t i = 0; i < BH_LIMIT_DF_INSTRUCTIONS + 5; i++)
                bh_buf_adds(&b, "ENV A=1\n");
        struct bh_doc *d = fe_parse_opt(b.buf, b.len, NULL);
        assert_int_equal(fe_ndiag(d, 9003, 0), 1);
        assert_int_equal(d->dockerfile->ninstrs, BH_LIMIT_DF_INSTRUCTIONS);
        assert_int_equal(fe_diag(d, 9003)->loc.line, BH_LIMIT_DF_INSTRUCTIONS + 1);
        bh_buf_release(&b);
}

static void test_limit_heredoc_size(void **state)
{
        (void)state;
        struct bh_buf b;
        bh_buf_init(&b, SIZE_MAX / 2);
        bh_buf_adds(&b, "FROM a\nRUN <<EOF\n");
        for (size_t i = 0; i < BH_LIMIT_HEREDOC_SIZE / 16 + 2; i++)
                bh_buf_adds(&b, "echo 0123456789\n");
        bh_buf_adds(&b, "EOF\nUSER app\n");
        struct bh_doc *d = fe_parse_opt(b.buf, b.len, NULL);
        assert_int_equal(fe_ndiag(d, 9003, 2), 1);
        assert_int_equal(fe_ndiag(d, 9001, 0), 0);
        assert_int_equal(d->dockerfile->ninstrs, 3);
        assert_int_equal(fe_instr(d, 2)->kind, BH_DF_USER);
        bh_buf_release(&b);
}

static void test_limit_heredoc_count(void **state)
{
        (void)state;
        struct bh_buf b;
        bh_buf_init(&b, SIZE_MAX / 2);
        bh_buf_adds(&b, "FROM a\nCOPY");
        for (unsigned i = 0; i < BH_LIMIT_HEREDOCS_PER_INSTR + 2; i++)
                bh_buf_addf(&b, " <<H%u", i);
        bh_buf_adds(&b, " /d/\n");
        for (unsigned i = 0; i < BH_LIMIT_HEREDOCS_PER_INSTR + 2; i++)
                bh_buf_addf(&b, "body\nH%u\n", i);
        bh_buf_adds(&b, "USER app\n");
        struct bh_doc *d = fe_parse_opt(b.buf, b.len, NULL);
        assert_int_equal(fe_ndiag(d, 9003, 2), 1);
        assert_int_equal(fe_instr(d, 1)->nheredocs, BH_LIMIT_HEREDOCS_PER_INSTR);
        assert_int_equal(d->dockerfile->ninstrs, 3);
        assert_int_equal(d->diags.n, 1);
        bh_buf_release(&b);
}

static void test_limit_stages(void **state)
{
        (void)state;
        struct bh_buf b;
        bh_buf_init(&b, SIZE_MAX / 2);
        for (unsigned i = 0; i < BH_LIMIT_DF_STAGES + 3; i++)
                bh_buf_adds(&b, "FROM scratch\n");
        struct bh_doc *d = fe_parse_opt(b.buf, b.len, NULL);
        assert_int_equal(fe_ndiag(d, 9003, BH_LIMIT_DF_STAGES + 1), 1);
        assert_int_equal(d->dockerfile->nstages, BH_LIMIT_DF_STAGES);
        bh_buf_release(&b);
}

static void test_limit_shell_nesting(void **state)
{
        (void)state;
        struct bh_buf b;
        bh_buf_init(&b, SIZE_MAX / 2);
        bh_buf_adds(&b, "FROM a\nRUN echo ");
        for (unsigned i = 0; i < BH_LIMIT_SHELL_NESTING + 4; i++)
                bh_buf_adds(&b, "$(echo ");
        for (unsigned i = 0; i < BH_LIMIT_SHELL_NESTING + 4; i++)
                bh_buf_addc(&b, ')');
        bh_buf_adds(&b, "\n");
        struct bh_doc *d = fe_parse_opt(b.buf, b.len, NULL);
        assert_int_equal(fe_ndiag(d, 9003, 2), 1);
        assert_true(fe_instr(d, 1)->script->truncated);
        bh_buf_release(&b);
}

static void test_limit_expansion(void **state)
{
        (void)state;
        struct bh_buf b;
        bh_buf_init(&b, SIZE_MAX / 2);
        bh_buf_adds(&b, "FROM a\nARG A=");
        for (size_t i = 0; i < BH_LIMIT_EXPANSION_SIZE / 2 + 8; i++)
                bh_buf_addc(&b, 'x');
        bh_buf_adds(&b, "\nENV B=$A$A\n");
        struct bh_doc *d = fe_parse_opt(b.buf, b.len, NULL);
        assert_int_equal(fe_ndiag(d, 9003, 3), 1);
        assert_false(fe_instr(d, 2)->kvs[0].value.known);
        assert_string_equal(fe_instr(d, 2)->kvs[0].value.s, "$A$A");
        bh_buf_release(&b);
}

static void test_file_names(void **state)
{
        (void)state;
        const char *yes[] = { "Dockerfile", "Containerfile", "Dockerfile.dev", "Containerfile.prod",
                              "app.Dockerfile", "app.dockerfile", "x.containerfile",
                              "x.Containerfile" };
        const char *no[] = { "dockerfile", "Dockerfile.", ".dockerfile", "Dockerfiles",
                             "README.md", "", "docker-compose.yml", "Containerfile-x" };
        for (size_t i = 0; i < BH_ELEMENTSOF(yes); i++)
                assert_true(bh_frontend_is_dockerfile_name(yes[i]));
        for (size_t i = 0; i < BH_ELEMENTSOF(no); i++)
                assert_false(bh_frontend_is_dockerfile_name(no[i]));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_teardown(test_directives, fe_teardown),
                cmocka_unit_test_teardown(test_directive_after_comment_ignored, fe_teardown),
                cmocka_unit_test_teardown(test_directive_after_blank_ignored, fe_teardown),
                cmocka_unit_test_teardown(test_directive_invalid_escape, fe_teardown),
                cmocka_unit_test_teardown(test_backtick_escape, fe_teardown),
                cmocka_unit_test_teardown(test_bom_crlf, fe_teardown),
                cmocka_unit_test_teardown(test_continuation_comments_blank, fe_teardown),
                cmocka_unit_test_teardown(test_continuation_at_eof, fe_teardown),
                cmocka_unit_test_teardown(test_heredoc_basic_lines, fe_teardown),
                cmocka_unit_test_teardown(test_heredoc_strip_tabs_and_quotes, fe_teardown),
                cmocka_unit_test_teardown(test_heredoc_several, fe_teardown),
                cmocka_unit_test_teardown(test_heredoc_after_continuation, fe_teardown),
                cmocka_unit_test_teardown(test_heredoc_who_reads, fe_teardown),
                cmocka_unit_test_teardown(test_heredoc_unterminated, fe_teardown),
                cmocka_unit_test_teardown(test_json_form, fe_teardown),
                cmocka_unit_test_teardown(test_json_invalid_fallback, fe_teardown),
                cmocka_unit_test_teardown(test_json_forms_decoded, fe_teardown),
                cmocka_unit_test_teardown(test_shell_needs_json, fe_teardown),
                cmocka_unit_test_teardown(test_flags, fe_teardown),
                cmocka_unit_test_teardown(test_flag_errors, fe_teardown),
                cmocka_unit_test_teardown(test_kvs, fe_teardown),
                cmocka_unit_test_teardown(test_onbuild, fe_teardown),
                cmocka_unit_test_teardown(test_onbuild_heredoc, fe_teardown),
                cmocka_unit_test_teardown(test_exec_form_shell_script, fe_teardown),
                cmocka_unit_test_teardown(test_sh_c_string_columns, fe_teardown),
                cmocka_unit_test_teardown(test_diag_unknown_instruction, fe_teardown),
                cmocka_unit_test_teardown(test_diag_malformed, fe_teardown),
                cmocka_unit_test_teardown(test_diag_no_from, fe_teardown),
                cmocka_unit_test_teardown(test_diag_binary, fe_teardown),
                cmocka_unit_test_teardown(test_diag_message_printable, fe_teardown),
                cmocka_unit_test_teardown(test_limit_line_length, fe_teardown),
                cmocka_unit_test_teardown(test_limit_instructions, fe_teardown),
                cmocka_unit_test_teardown(test_limit_heredoc_size, fe_teardown),
                cmocka_unit_test_teardown(test_limit_heredoc_count, fe_teardown),
                cmocka_unit_test_teardown(test_limit_stages, fe_teardown),
                cmocka_unit_test_teardown(test_limit_shell_nesting, fe_teardown),
                cmocka_unit_test_teardown(test_limit_expansion, fe_teardown),
                cmocka_unit_test(test_file_names),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests_name("dockerfile-parse", tests, NULL, fe_teardown);
}
