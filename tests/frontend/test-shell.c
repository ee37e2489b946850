/* The shell tokenizer: quoting, operators, substitutions, keywords,
 * sh -c strings, wrappers, pipelines, errors and limits. */
#include "fe-test.h"

#include "../../src/util/bh-banned.h"

static struct bh_arena arena;

static int sh_teardown(void **state)
{
        (void)state;
        bh_arena_release(&arena);
        return 0;
}

static const struct bh_sh_script *P(const char *s)
{
        return bh_sh_parse(&arena, s, strlen(s));
}

static const struct bh_sh_cmd *C(const struct bh_sh_script *s, const char *name)
{
        const struct bh_sh_cmd *c = fe_cmd(s, name);
        if (!c)
                fail_msg("no command %s", name);
        return c;
}

/* The tokenizer must never read past len: texts handed to it are slices of a
 * larger document (found by fuzzing: a keyword peek at the very end read one
 * byte too far).  Each text is copied into a buffer of exactly its length so
 * that AddressSanitizer and valgrind see any read past the end. */
static void test_unterminated_buffers(void **state)
{
        static const char *const texts[] = {
                "i", "if", "a; i", "echo $(i", "x | { i", "`i", "sh -c 'i", "a && f", "case",
                "for x in", "echo \\", "a <<", "$((", "${", "'", "\"",
        };

        (void)state;
        for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
                size_t n = strlen(texts[i]);
                char *exact = malloc(n);
                assert_non_null(exact);
                memcpy(exact, texts[i], n);
                const struct bh_sh_script *sc = bh_sh_parse(&arena, exact, n);
                assert_non_null(sc);
                free(exact);
        }
}

static void test_quotes(void **state)
{
        (void)state;
        const struct bh_sh_script *s = P("echo 'a b' \"c $X\" d\\ e $'f\\tg' \"q\\\"\" x\"y\"'z' *.c");
        assert_int_equal(s->ncmds, 1);
        const struct bh_sh_cmd *c = &s->cmds[0];
        assert_int_equal(c->nwords, 8);
        assert_string_equal(c->words[1].text, "a b");
        assert_string_equal(c->words[1].raw, "'a b'");
        assert_true(c->words[1].literal);
        assert_string_equal(c->words[2].text, "c $X");
        assert_false(c->words[2].literal);
        assert_string_equal(c->words[3].text, "d e");
        assert_string_equal(c->words[4].text, "f\tg");
        assert_string_equal(c->words[5].text, "q\"");
        assert_string_equal(c->words[6].text, "xyz");
        assert_false(c->words[7].literal);
        assert_int_equal(c->words[2].off, 11);
        assert_false(s->error);
}

static void test_operators(void **state)
{
        (void)state;
        const struct bh_sh_script *s = P("a && b || c; d | e |& f & g\nh");
        assert_int_equal(s->ncmds, 8);
        enum bh_sh_sep want[] = { BH_SH_SEP_AND, BH_SH_SEP_OR,   BH_SH_SEP_SEMI, BH_SH_SEP_PIPE,
                                  BH_SH_SEP_PIPE, BH_SH_SEP_BG, BH_SH_SEP_SEMI, BH_SH_SEP_END };
        for (size_t i = 0; i < 8; i++)
                assert_int_equal(s->cmds[i].sep, want[i]);
        assert_int_equal(s->cmds[7].off, 28);
}

static void test_comments(void **state)
{
        (void)state;
        const struct bh_sh_script *s = P("a # sudo x; b\nc#notcomment d\n  # full line\ne");
        assert_int_equal(s->ncmds, 3);
        assert_int_equal(s->cmds[0].nwords, 1);
        assert_string_equal(s->cmds[1].words[0].text, "c#notcomment");
        assert_string_equal(s->cmds[2].name, "e");
}

static void test_subshell_group(void **state)
{
        (void)state;
        const struct bh_sh_script *s = P("(cd x && make) ; { a; sudo b; } && c");
        assert_int_equal(s->ncmds, 5);
        assert_int_equal(C(s, "make")->ctx, BH_SH_SUBSHELL);
        assert_int_equal(C(s, "make")->parent, -1);
        assert_int_equal(C(s, "make")->depth, 1);
        assert_int_equal(C(s, "b")->ctx, BH_SH_SUBSHELL);
        assert_true(C(s, "b")->via_sudo);
        assert_int_equal(C(s, "c")->ctx, BH_SH_TOP);
}

static void test_cmdsubst(void **state)
{
        (void)state;
        const struct bh_sh_script *s = P("echo $(curl -s x | sh) `id -u` \"$(a $(b))\"");
        const struct bh_sh_cmd *echo = C(s, "echo");
        int ei = (int)(echo - s->cmds);
        assert_int_equal(echo->nwords, 4);
        assert_string_equal(echo->words[1].text, "$(curl -s x | sh)");
        const struct bh_sh_cmd *curl = C(s, "curl");
        assert_int_equal(curl->ctx, BH_SH_CMDSUBST);
        assert_int_equal(curl->parent, ei);
        assert_int_equal(curl->parent_word, 1);
        assert_int_equal(curl->off, 7);
        assert_int_equal(C(s, "sh")->pipe_pos, 1);
        assert_int_equal(C(s, "sh")->pipeline, curl->pipeline);
        assert_int_equal(C(s, "id")->parent_word, 2);
        assert_int_equal(C(s, "id")->ctx, BH_SH_CMDSUBST);
        const struct bh_sh_cmd *b = C(s, "b");
        assert_int_equal(b->depth, 2);
        assert_int_equal(b->parent, (int)(C(s, "a") - s->cmds));
        assert_int_equal(C(s, "a")->parent, ei);
        assert_int_equal(C(s, "a")->parent_word, 3);
}

static void test_procsubst_arith(void **state)
{
        (void)state;
        const struct bh_sh_script *s = P("diff <(ls a) <(ls b) ; echo $((1+2)) ; ((i++)); x=$((3*(4+5)))");
        assert_int_equal(C(s, "ls")->ctx, BH_SH_PROCSUBST);
        assert_int_equal(C(s, "ls")->parent_word, 1);
        assert_string_equal(C(s, "diff")->words[2].text, "<(ls b)");
        assert_int_equal(C(s, "echo")->nwords, 2);
        assert_int_equal(s->ncmds, 5);
        assert_null(s->cmds[4].name);
        assert_int_equal(s->cmds[4].argv0, 1);
}

static void test_redirections(void **state)
{
        (void)state;
        const struct bh_sh_script *s = P("cmd >out 2>&1 <in &>/dev/null >> log 2> err; cat <<<str");
        const struct bh_sh_cmd *c = C(s, "cmd");
        assert_int_equal(c->nwords, 1);
        assert_int_equal(c->nredirs, 6);
        assert_string_equal(c->redirs[0].op, ">");
        assert_string_equal(c->redirs[0].target, "out");
        assert_string_equal(c->redirs[1].op, "2>&");
        assert_string_equal(c->redirs[1].target, "1");
        assert_string_equal(c->redirs[3].op, "&>");
        assert_string_equal(c->redirs[4].op, ">>");
        assert_string_equal(c->redirs[4].target, "log");
        assert_string_equal(C(s, "cat")->redirs[0].op, "<<<");
}

static void test_heredoc_in_script(void **state)
{
        (void)state;
        const struct bh_sh_script *s = P("cat <<EOF >f\nrm -rf /\nEOF\necho done\n"
                                         "cat <<-'X'\n\tsudo y\n\tX\nz");
        assert_int_equal(s->ncmds, 4);
        assert_null(fe_cmd(s, "rm"));
        assert_null(fe_cmd(s, "y"));
        assert_non_null(fe_cmd(s, "echo"));
        assert_non_null(fe_cmd(s, "z"));
}

static void test_keywords(void **state)
{
        (void)state;
        const struct bh_sh_script *s =
                P("if curl -fsSL x | sh; then echo ok; elif true; then :; else sudo y; fi\n"
                  "for i in 1 $(seq 2); do wget $i; done\n"
                  "while read l; do echo $l; done < f\n"
                  "until false; do break; done\n"
                  "case $x in a) apt-get install y;; b|c) rm z;; (d) touch w;; *) ;; esac; echo after\n"
                  "! grep q f\n");
        assert_int_equal(C(s, "sh")->pipe_pos, 1);
        assert_int_equal(C(s, "curl")->sep, BH_SH_SEP_PIPE);
        assert_true(C(s, "y")->via_sudo);
        assert_non_null(C(s, "seq"));
        assert_non_null(C(s, "wget"));
        assert_non_null(C(s, "read"));
        assert_non_null(C(s, "break"));
        assert_non_null(C(s, "apt-get"));
        assert_non_null(C(s, "rm"));
        assert_non_null(C(s, "touch"));
        assert_non_null(C(s, "grep"));
        assert_string_equal(C(s, "rm")->words[1].text, "z");
        const struct bh_sh_cmd *after = &s->cmds[s->ncmds - 2];
        assert_string_equal(after->words[1].text, "after");
        assert_null(fe_cmd(s, "then"));
        assert_null(fe_cmd(s, "fi"));
        assert_null(fe_cmd(s, "esac"));
        assert_null(fe_cmd(s, "do"));
        assert_false(s->error);
}

static void test_function_def(void **state)
{
        (void)state;
        const struct bh_sh_script *s = P("f() { curl x; }; function g { wget y; }; f");
        assert_non_null(C(s, "curl"));
        assert_non_null(C(s, "wget"));
        assert_int_equal(s->ncmds, 3);
}

static void test_sh_c(void **state)
{
        (void)state;
        const struct bh_sh_script *s = P("sh -c \"curl x | bash\" && bash -lc 'a && sudo b'");
        const struct bh_sh_cmd *curl = C(s, "curl");
        assert_int_equal(curl->ctx, BH_SH_STRING);
        assert_int_equal(curl->parent, 0);
        assert_int_equal(curl->parent_word, 2);
        assert_int_equal(curl->off, 7); /* its own offset: the string is verbatim */
        assert_int_equal(curl->str_off, 6);
        assert_int_equal(curl->str_len, 15);
        assert_int_equal(curl->depth, 1);
        assert_int_equal(C(s, "bash")->pipe_pos, 1); /* the first bash is inside the string */
        assert_int_equal(C(s, "bash")->ctx, BH_SH_STRING);
        const struct bh_sh_cmd *b = C(s, "b");
        assert_true(b->via_sudo);
        assert_int_equal(b->ctx, BH_SH_STRING);
        assert_int_equal(b->off, 40);
        s = P("su -c 'id' root; su root -c \"whoami\"; sudo sh -c 'apt-get x'; "
              "bash -o pipefail -c 'tar x'; sh script.sh -c notparsed");
        assert_int_equal(C(s, "id")->ctx, BH_SH_STRING);
        assert_int_equal(C(s, "whoami")->ctx, BH_SH_STRING);
        assert_int_equal(C(s, "apt-get")->ctx, BH_SH_STRING);
        assert_int_equal(C(s, "tar")->ctx, BH_SH_STRING);
        assert_null(fe_cmd(s, "notparsed"));
}

static void test_sh_c_offsets(void **state)
{
        (void)state;
        /* nested verbatim strings keep exact offsets; the outermost string is recorded */
        const struct bh_sh_script *s = P("bash -c 'x; sh -c \"curl u | sh\"'");
        const struct bh_sh_cmd *c = C(s, "curl");
        assert_int_equal(c->off, 19);
        assert_int_equal(c->str_off, 8);
        assert_int_equal(c->str_len, 24);
        assert_int_equal(C(s, "x")->off, 9);
        /* an escape inside: every command keeps the string's offset */
        s = P("sh -c \"echo \\\"a\\\"; curl u\"");
        assert_int_equal(C(s, "curl")->off, 6);
        assert_int_equal(C(s, "curl")->str_len, 0);
        /* ... and so do strings nested in one */
        s = P("sh -c \"bash -c 'id' \\$x\"");
        assert_int_equal(C(s, "id")->off, 6);
        /* concatenated quotes are not one verbatim string */
        s = P("sh -c 'ls '\"-l\"");
        assert_int_equal(C(s, "ls")->off, 6);
        /* substitutions inside a verbatim string */
        s = P("sh -c 'echo $(wget -O- u)'");
        assert_int_equal(C(s, "wget")->off, 14);
}

static void test_sh_c_nesting_limit(void **state)
{
        (void)state;
        struct bh_buf b;
        bh_buf_init(&b, SIZE_MAX / 2);
        /* subshells nested past the limit ("( (" : "((" would be arithmetic) */
        for (unsigned i = 0; i < BH_LIMIT_SHELL_NESTING + 3; i++)
                bh_buf_adds(&b, "( ");
        bh_buf_adds(&b, "deep");
        for (unsigned i = 0; i < BH_LIMIT_SHELL_NESTING + 3; i++)
                bh_buf_adds(&b, ")");
        const struct bh_sh_script *s = bh_sh_parse(&arena, b.buf, b.len);
        assert_true(s->truncated);
        assert_null(fe_cmd(s, "deep"));
        bh_buf_release(&b);
        s = P("sh -c 'sh -c \"sh -c id\"'");
        assert_int_equal(C(s, "id")->depth, 3);
        assert_false(s->truncated);
}

static void test_wrappers(void **state)
{
        (void)state;
        const struct bh_sh_script *s = P("sudo -u root -E -- apt-get install x");
        const struct bh_sh_cmd *c = &s->cmds[0];
        assert_string_equal(c->name, "apt-get");
        assert_int_equal(c->argv0, 5);
        assert_true(c->via_sudo);
        assert_int_equal(c->sudo_off, 0);
        struct {
                const char *script;
                const char *name;
                size_t argv0;
                bool sudo;
        } cases[] = {
                { "env -i A=1 B=2 make all", "make", 4, false },
                { "FOO=1 BAR=2 /usr/bin/cmd", "cmd", 2, false },
                { "nice -n 10 make", "make", 3, false },
                { "exec nohup time stdbuf -oL cmd", "cmd", 5, false },
                { "xargs -I {} -n 1 rm", "rm", 5, false },
                { "doas -u x y", "y", 3, true },
                { "sudo", "sudo", 0, false },
                { "sudo -l", "sudo", 0, false },
                { "command -v foo", "command", 0, false },
                { "command curl x", "curl", 1, false },
                { "timeout -s KILL 5 curl x", "curl", 4, false },
                { "X=1 sudo -u app env Y=2 nohup id", "id", 7, true },
                { "sudo -uroot id", "id", 2, true },
                { "nice -10 id", "id", 2, false },
        };
        for (size_t i = 0; i < BH_ELEMENTSOF(cases); i++) {
                s = P(cases[i].script);
                c = &s->cmds[0];
                if (!c->name || strcmp(c->name, cases[i].name) != 0 || c->argv0 != cases[i].argv0 ||
                    c->via_sudo != cases[i].sudo)
                        fail_msg("%s: name=%s argv0=%zu sudo=%d", cases[i].script,
                                 c->name ? c->name : "(null)", c->argv0, c->via_sudo);
        }
        s = P("A=1 B=2");
        assert_null(s->cmds[0].name);
        assert_int_equal(s->cmds[0].argv0, 2);
}

static void test_pipelines(void **state)
{
        (void)state;
        const struct bh_sh_script *s = P("a | b | c && d | e; f");
        assert_int_equal(s->ncmds, 6);
        assert_int_equal(s->cmds[0].pipeline, s->cmds[2].pipeline);
        assert_int_equal(s->cmds[2].pipe_pos, 2);
        assert_int_not_equal(s->cmds[3].pipeline, s->cmds[0].pipeline);
        assert_int_equal(s->cmds[3].pipeline, s->cmds[4].pipeline);
        assert_int_equal(s->cmds[4].pipe_pos, 1);
        assert_int_equal(s->cmds[5].pipe_pos, 0);
        assert_int_not_equal(s->cmds[5].pipeline, s->cmds[4].pipeline);
        s = P("curl x |\n  sh");
        assert_int_equal(s->cmds[1].pipe_pos, 1);
}

static void test_unterminated(void **state)
{
        (void)state;
        const struct bh_sh_script *s = P("echo ok; echo \"abc");
        assert_true(s->error);
        assert_non_null(s->error_msg);
        assert_int_equal(s->error_off, 14);
        assert_int_equal(s->ncmds, 2);
        assert_string_equal(s->cmds[1].words[1].text, "abc");
        s = P("echo 'x");
        assert_true(s->error);
        s = P("echo $(ls");
        assert_true(s->error);
        assert_non_null(C(s, "ls"));
}

static void test_words_limit(void **state)
{
        (void)state;
        struct bh_buf b;
        bh_buf_init(&b, SIZE_MAX / 2);
        for (size_t i = 0; i < BH_LIMIT_SHELL_WORDS + 10; i++)
                bh_buf_adds(&b, "a ");
        const struct bh_sh_script *s = bh_sh_parse(&arena, b.buf, b.len);
        assert_true(s->truncated);
        bh_buf_release(&b);
}

static void test_empty_and_odd(void **state)
{
        (void)state;
        const struct bh_sh_script *s = bh_sh_parse(&arena, NULL, 0);
        assert_non_null(s);
        assert_int_equal(s->ncmds, 0);
        s = P("   \n\n ; ; ");
        assert_int_equal(s->ncmds, 0);
        s = P(") ) a");
        assert_true(s->error);
        assert_non_null(C(s, "a"));
        s = P("arr=(a b c) cmd x");
        assert_string_equal(s->cmds[0].name, "cmd");
        s = P("echo a\\\nb");
        assert_string_equal(s->cmds[0].words[1].text, "ab");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_teardown(test_quotes, sh_teardown),
                cmocka_unit_test_teardown(test_operators, sh_teardown),
                cmocka_unit_test_teardown(test_comments, sh_teardown),
                cmocka_unit_test_teardown(test_subshell_group, sh_teardown),
                cmocka_unit_test_teardown(test_cmdsubst, sh_teardown),
                cmocka_unit_test_teardown(test_procsubst_arith, sh_teardown),
                cmocka_unit_test_teardown(test_redirections, sh_teardown),
                cmocka_unit_test_teardown(test_heredoc_in_script, sh_teardown),
                cmocka_unit_test_teardown(test_keywords, sh_teardown),
                cmocka_unit_test_teardown(test_function_def, sh_teardown),
                cmocka_unit_test_teardown(test_sh_c, sh_teardown),
                cmocka_unit_test_teardown(test_sh_c_offsets, sh_teardown),
                cmocka_unit_test_teardown(test_sh_c_nesting_limit, sh_teardown),
                cmocka_unit_test_teardown(test_wrappers, sh_teardown),
                cmocka_unit_test_teardown(test_pipelines, sh_teardown),
                cmocka_unit_test_teardown(test_unterminated, sh_teardown),
                cmocka_unit_test_teardown(test_words_limit, sh_teardown),
                cmocka_unit_test_teardown(test_empty_and_odd, sh_teardown),
                cmocka_unit_test_teardown(test_unterminated_buffers, sh_teardown),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests_name("shell", tests, NULL, sh_teardown);
}
