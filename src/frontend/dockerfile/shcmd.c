/* What a simple command of the shell tokenizer runs: leading assignments
 * and wrappers (sudo, env, nice, xargs ...) skipped to the program, and the
 * command string of sh -c / su -c.  Split from shell.c, which reads the
 * words; this file only interprets them. */
#include "../../util/strutil.h"
#include "df-internal.h"

#include "../../util/bh-banned.h"

static bool sh_is_digit(char c)
{
        return (unsigned char)(c - '0') < 10;
}

static bool sh_is_alpha(char c)
{
        return (unsigned char)((c | 0x20) - 'a') < 26;
}

static bool sh_is_name_char(char c)
{
        return sh_is_alpha(c) || sh_is_digit(c) || c == '_';
}

static bool sh_is_assignment(const char *raw)
{
        size_t i = 0;

        if (!sh_is_alpha(raw[0]) && raw[0] != '_')
                return false;
        while (sh_is_name_char(raw[i]))
                i++;
        if (raw[i] == '[') {
                const char *e = strchr(raw + i, ']');
                if (!e)
                        return false;
                i = (size_t)(e - raw) + 1;
        }
        if (raw[i] == '+')
                i++;
        return raw[i] == '=';
}

static bool sh_word_is(const struct bh_sh_word *w, const char *s)
{
        return strcmp(w->text, s) == 0;
}

/* Does option word t take the next word as its argument?  opts lists the
 * single letters whose argument is separate; longs the long options. */
static bool sh_opt_takes_arg(const char *t, const char *opts, const char *const *longs)
{
        if (t[0] != '-')
                return false;
        if (t[1] == '-') {
                if (strchr(t, '='))
                        return false;
                for (size_t i = 0; longs && longs[i]; i++)
                        if (strcmp(t + 2, longs[i]) == 0)
                                return true;
                return false;
        }
        /* a cluster like -Eu: the argument follows when the last letter takes one,
         * and is attached (-uroot) when a letter with an argument is not last */
        for (size_t i = 1; t[i]; i++) {
                if (strchr(opts, t[i]))
                        return t[i + 1] == '\0';
        }
        return false;
}

struct sh_wrapper {
        const char *name;
        const char *opts;          /* short options with a separate argument */
        const char *const *longs;  /* long options with a separate argument */
        unsigned positional;       /* words consumed after the options (timeout DURATION) */
        bool assignments;          /* VAR=value may follow the options */
        bool sudo;
};

static const char *const sh_sudo_longs[] = { "user", "group", "host", "prompt", "close-from",
                                             "chdir", "role", "type", "command-timeout",
                                             "other-user", NULL };
static const char *const sh_env_longs[] = { "unset", "chdir", "split-string", NULL };
static const char *const sh_nice_longs[] = { "adjustment", NULL };
static const char *const sh_stdbuf_longs[] = { "input", "output", "error", NULL };
static const char *const sh_xargs_longs[] = { "arg-file", "delimiter", "max-lines", "max-args",
                                              "max-procs", "max-chars", "process-slot-var",
                                              NULL };
static const char *const sh_timeout_longs[] = { "signal", "kill-after", NULL };

enum { SH_WRAPPER_COMMAND = 7 }; /* index of "command" below */

static const struct sh_wrapper sh_wrappers[] = {
        { "sudo", "ugpCDhrtTUR", sh_sudo_longs, 0, true, true },
        { "doas", "uC", NULL, 0, false, true },
        { "env", "uCS", sh_env_longs, 0, true, false },
        { "exec", "a", NULL, 0, false, false },
        { "nohup", "", NULL, 0, false, false },
        { "time", "fo", NULL, 0, false, false },
        { "nice", "n", sh_nice_longs, 0, false, false },
        { "command", "", NULL, 0, false, false },
        { "stdbuf", "ioe", sh_stdbuf_longs, 0, false, false },
        { "xargs", "aEILnPsd", sh_xargs_longs, 0, false, false },
        { "timeout", "sk", sh_timeout_longs, 1, false, false },
};

static const struct sh_wrapper *sh_find_wrapper(const char *name)
{
        /* the wrappers' first letters: most names stop here */
        switch (name[0]) {
        case 'c': case 'd': case 'e': case 'n': case 's': case 't': case 'x':
                break;
        default:
                return NULL;
        }
        for (size_t i = 0; i < BH_ELEMENTSOF(sh_wrappers); i++)
                if (sh_wrappers[i].name[0] == name[0] && strcmp(sh_wrappers[i].name, name) == 0)
                        return &sh_wrappers[i];
        return NULL;
}

void bh_shcmd_resolve(struct bh_sh_cmd *c)
{
        size_t i = 0, n = c->nwords;
        long last_wrapper = -1, sudo_idx = -1;

        while (i < n && sh_is_assignment(c->words[i].raw))
                i++;
        for (;;) {
                if (i >= n) {
                        /* only wrappers: the last one is what runs (a bare sudo) */
                        i = last_wrapper >= 0 ? (size_t)last_wrapper : n;
                        break;
                }
                const char *nm = bh_path_basename(c->words[i].text);
                const struct sh_wrapper *w = sh_find_wrapper(nm);
                if (!w)
                        break;
                if (w == &sh_wrappers[SH_WRAPPER_COMMAND] && i + 1 < n &&
                    (sh_word_is(&c->words[i + 1], "-v") || sh_word_is(&c->words[i + 1], "-V")))
                        break; /* command -v only looks the name up */
                if (w->sudo)
                        sudo_idx = (long)i;
                last_wrapper = (long)i++;
                while (i < n && c->words[i].text[0] == '-' && c->words[i].text[1]) {
                        const char *t = c->words[i].text;
                        if (strcmp(t, "--") == 0) {
                                i++;
                                break;
                        }
                        /* nice -10 and xargs -0 are options, not commands */
                        i += sh_opt_takes_arg(t, w->opts, w->longs) ? 2 : 1;
                }
                for (unsigned k = 0; k < w->positional && i < n; k++)
                        i++;
                if (w->assignments)
                        while (i < n && sh_is_assignment(c->words[i].raw))
                                i++;
        }
        c->argv0 = i;
        c->name = i < n ? bh_path_basename(c->words[i].text) : NULL;
        c->via_sudo = sudo_idx >= 0 && i < n && (long)i != sudo_idx;
        c->sudo_off = c->via_sudo ? c->words[sudo_idx].off : 0;
        c->prog = c->name ? bh_sh_prog_of(c->name) : BH_SH_PROG_OTHER;
        if (c->prog == BH_SH_PROG_BUSYBOX && i + 1 < n)
                c->prog = bh_sh_prog_of(bh_path_basename(c->words[i + 1].text));
}

static bool sh_is_shell_name(const char *n)
{
        static const char *const shells[] = { "sh", "bash", "ash", "dash", "zsh", "ksh", "mksh" };

        /* every shell name ends in "sh" */
        size_t l = strlen(n);
        if (l < 2 || l > 4 || n[l - 2] != 's' || n[l - 1] != 'h')
                return false;
        for (size_t i = 0; i < BH_ELEMENTSOF(shells); i++)
                if (strcmp(n, shells[i]) == 0)
                        return true;
        return false;
}

long bh_shcmd_c_string(const struct bh_sh_cmd *c)
{
        size_t n = c->nwords;

        if (!c->name || c->argv0 >= n)
                return -1;
        if (c->prog == BH_SH_PROG_SHELL && sh_is_shell_name(c->name)) {
                bool has_c = false;
                size_t j = c->argv0 + 1;
                while (j < n) {
                        const char *t = c->words[j].text;
                        if (strcmp(t, "--") == 0 || strcmp(t, "-") == 0) {
                                j++;
                                break;
                        }
                        if (t[0] == '-' && t[1] == '-') {
                                if (strcmp(t, "--rcfile") == 0 || strcmp(t, "--init-file") == 0)
                                        j++;
                                j++;
                                continue;
                        }
                        if ((t[0] == '-' || t[0] == '+') && t[1]) {
                                if (t[0] == '-' && strchr(t, 'c'))
                                        has_c = true;
                                if (t[strlen(t) - 1] == 'o' || strcmp(t, "-O") == 0 ||
                                    strcmp(t, "+O") == 0)
                                        j++; /* -o pipefail */
                                j++;
                                continue;
                        }
                        break;
                }
                return has_c && j < n ? (long)j : -1;
        }
        if ((c->name[0] == 's' || c->name[0] == 'r') &&
            (strcmp(c->name, "su") == 0 || strcmp(c->name, "runuser") == 0)) {
                for (size_t j = c->argv0 + 1; j < n; j++) {
                        const char *t = c->words[j].text;
                        if (strcmp(t, "--command") == 0 || strcmp(t, "--session-command") == 0)
                                return j + 1 < n ? (long)(j + 1) : -1;
                        if (t[0] == '-' && t[1] != '-' && t[1] && t[strlen(t) - 1] == 'c')
                                return j + 1 < n ? (long)(j + 1) : -1;
                }
        }
        return -1;
}

long bh_shcmd_exec_c_string(const struct bh_value *argv, size_t argc)
{
        struct bh_sh_cmd c;
        long j;

        if (argc < 3 || !argv[0].s || !sh_is_shell_name(bh_path_basename(argv[0].s)))
                return -1;
        for (size_t i = 0; i < argc; i++)
                if (!argv[i].s)
                        return -1;
        memset(&c, 0, sizeof(c));
        c.words = bh_xcalloc(argc, sizeof(*c.words));
        for (size_t i = 0; i < argc; i++)
                c.words[i].text = c.words[i].raw = argv[i].s;
        c.nwords = argc;
        c.name = bh_path_basename(argv[0].s);
        c.prog = bh_sh_prog_of(c.name);
        j = bh_shcmd_c_string(&c);
        free(c.words);
        return j;
}
