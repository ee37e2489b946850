/* Theme 7, build and supply chain: Dockerfile instructions and the shell
 * scripts RUN executes (RUN lines, heredocs, ONBUILD RUN, sh -c strings and
 * substitutions, all already split into commands by the frontend). */
#include <ctype.h>
#include <stdio.h>
#include <strings.h>

#include "../util/strutil.h"
#include "checks.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

struct bh_build_ctx {
        const struct bh_doc *doc;
        struct bh_emit *e;
};

static const char *bh_word(const struct bh_sh_cmd *c, size_t i)
{
        return i < c->nwords && c->words[i].text ? c->words[i].text : "";
}

/* ---- BH7001 download-exec ---- */

/* What a downloader does with what it fetches. */
struct bh_dl {
        bool to_stdout;
        const char *file; /* output file (or URL whose last component names it) */
        size_t file_len;
        const char *url;
};

static bool bh_is_url(const char *w)
{
        return bh_str_startswith_ci(w, "http://") || bh_str_startswith_ci(w, "https://") ||
               bh_str_startswith_ci(w, "ftp://");
}

/* The last path component of a URL, without query or fragment. */
static void bh_url_basename(const char *url, const char **ret, size_t *ret_len)
{
        size_t n = strcspn(url, "?#");
        size_t start = 0;

        for (size_t i = 0; i < n; i++)
                if (url[i] == '/')
                        start = i + 1;
        *ret = url + start;
        *ret_len = n - start;
}

static bool bh_is_stdout_path(const char *p)
{
        return strcmp(p, "-") == 0 || strcmp(p, "/dev/stdout") == 0 || strcmp(p, "/proc/self/fd/1") == 0;
}

/* Parse a downloader's arguments.  False when prog is not a downloader. */
static bool bh_dl_parse(const struct bh_sh_cmd *c, size_t arg, struct bh_dl *ret)
{
        /* short options that take an argument, per program */
        const char *argopts;
        char out_opt;            /* -o (curl, fetch) or -O (wget) */
        char remote_opt = 0;     /* curl -O: file named after the URL */
        bool default_stdout;
        const char *output = NULL;
        bool remote = false;

        switch (c->prog) {
        case BH_SH_PROG_CURL:
                argopts = "oHdAeuxXwmTbcFKErYyzCPQDt";
                out_opt = 'o';
                remote_opt = 'O';
                default_stdout = true;
                break;
        case BH_SH_PROG_WGET:
                argopts = "oaeiBtTwQPOUlARDIX";
                out_opt = 'O';
                default_stdout = false;
                break;
        case BH_SH_PROG_FETCH:
                argopts = "oBNST";
                out_opt = 'o';
                default_stdout = false;
                break;
        case BH_SH_PROG_ARIA2C:
                argopts = "odsxkjU";
                out_opt = 'o';
                default_stdout = false;
                break;
        default:
                return false;
        }
        memset(ret, 0, sizeof(*ret));
        for (size_t i = arg; i < c->nwords; i++) {
                const char *w = bh_word(c, i);
                if (w[0] == '-' && w[1] == '-') {
                        const char *eq = strchr(w, '=');
                        size_t n = eq ? (size_t)(eq - w) : strlen(w);
                        if ((n == 8 && memcmp(w, "--output", 8) == 0) ||
                            (n == 17 && memcmp(w, "--output-document", 17) == 0)) {
                                if (eq)
                                        output = eq + 1;
                                else if (i + 1 < c->nwords)
                                        output = bh_word(c, ++i);
                        } else if (strcmp(w, "--remote-name") == 0 || strcmp(w, "--remote-name-all") == 0) {
                                remote = true;
                        }
                        continue;
                }
                if (w[0] == '-' && w[1]) {
                        for (const char *p = w + 1; *p; p++) {
                                if (remote_opt && *p == remote_opt) {
                                        remote = true;
                                        continue;
                                }
                                if (!strchr(argopts, *p))
                                        continue;
                                const char *v = p[1] ? p + 1 : (i + 1 < c->nwords ? bh_word(c, ++i) : "");
                                if (*p == out_opt)
                                        output = v;
                                break;
                        }
                        continue;
                }
                if (!ret->url && bh_is_url(w))
                        ret->url = w;
        }
        if (output) {
                ret->to_stdout = bh_is_stdout_path(output);
                if (!ret->to_stdout) {
                        ret->file = output;
                        ret->file_len = strlen(output);
                }
        } else if (remote || !default_stdout) {
                if (ret->url)
                        bh_url_basename(ret->url, &ret->file, &ret->file_len);
        } else {
                ret->to_stdout = true;
        }
        return true;
}

enum bh_interp_src {
        BH_SRC_NONE = 0, /* runs something else (a module, a file we cannot see) */
        BH_SRC_STDIN,    /* reads its program from standard input */
        BH_SRC_CODE,     /* program text in an argument (-c, -e) */
        BH_SRC_SCRIPT,   /* program in a file operand */
};

struct bh_interp {
        enum bh_interp_src src;
        size_t word; /* CODE: the argument; SCRIPT: the operand */
};

struct bh_interp_kind {
        const char *code;    /* short options whose argument is program text */
        const char *stdin_;  /* short options that read the program from stdin */
        const char *module;  /* short options that run something else (python -m) */
        const char *argopts; /* short options that take an argument */
        bool shell;          /* +o style options */
};

static const struct bh_interp_kind *bh_interp_kind(enum bh_sh_prog prog)
{
        static const struct bh_interp_kind shell = {"c", "s", "", "oO", true};
        static const struct bh_interp_kind python = {"c", "", "m", "WXQ", false};
        static const struct bh_interp_kind perl = {"eE", "", "", "IMmlx", false};
        static const struct bh_interp_kind ruby = {"e", "", "", "rIECT", false};
        static const struct bh_interp_kind node = {"ep", "", "", "r", false};
        static const struct bh_interp_kind php = {"r", "", "", "dcz", false};

        switch (prog) {
        case BH_SH_PROG_SHELL:
                return &shell;
        case BH_SH_PROG_PYTHON:
                return &python;
        case BH_SH_PROG_PERL:
                return &perl;
        case BH_SH_PROG_RUBY:
                return &ruby;
        case BH_SH_PROG_NODE:
                return &node;
        case BH_SH_PROG_PHP:
                return &php;
        default:
                return NULL;
        }
}

static bool bh_is_stdin_path(const char *p)
{
        return strcmp(p, "-") == 0 || strcmp(p, "/dev/stdin") == 0 || strcmp(p, "/dev/fd/0") == 0 ||
               strcmp(p, "/proc/self/fd/0") == 0;
}

/* Where an interpreter takes its program from.  False when c does not run
 * an interpreter.  source / . count as a shell running their operand. */
static bool bh_interp_parse(const struct bh_sh_cmd *c, size_t arg, struct bh_interp *ret)
{
        const struct bh_interp_kind *k;

        memset(ret, 0, sizeof(*ret));
        if (c->prog == BH_SH_PROG_SOURCE) {
                if (arg >= c->nwords)
                        return false;
                ret->src = bh_is_stdin_path(bh_word(c, arg)) ? BH_SRC_STDIN : BH_SRC_SCRIPT;
                ret->word = arg;
                return true;
        }
        if (!(k = bh_interp_kind(c->prog)))
                return false;
        for (size_t i = arg; i < c->nwords; i++) {
                const char *w = bh_word(c, i);
                if (strcmp(w, "-") == 0) {
                        ret->src = BH_SRC_STDIN;
                        return true;
                }
                if (strcmp(w, "--") == 0) {
                        if (i + 1 < c->nwords && !k->shell)
                                i++;
                        else if (i + 1 < c->nwords && k->shell) {
                                /* bash -s -- args was caught by -s; bash -- file runs file */
                                i++;
                        } else {
                                ret->src = BH_SRC_STDIN;
                                return true;
                        }
                        ret->src = bh_is_stdin_path(bh_word(c, i)) ? BH_SRC_STDIN : BH_SRC_SCRIPT;
                        ret->word = i;
                        return true;
                }
                if (w[0] == '-' && w[1] == '-') {
                        if (strcmp(w, "--eval") == 0 || strcmp(w, "--print") == 0 ||
                            strcmp(w, "--command") == 0) {
                                ret->src = BH_SRC_CODE;
                                ret->word = i + 1;
                                return true;
                        }
                        if (bh_str_startswith(w, "--eval=") || bh_str_startswith(w, "--print=")) {
                                ret->src = BH_SRC_CODE;
                                ret->word = i;
                                return true;
                        }
                        if (strcmp(w, "--rcfile") == 0 || strcmp(w, "--init-file") == 0 ||
                            strcmp(w, "--require") == 0 || strcmp(w, "--import") == 0)
                                i++;
                        continue;
                }
                if ((w[0] == '-' || (k->shell && w[0] == '+')) && w[1]) {
                        for (const char *p = w + 1; *p; p++) {
                                if (strchr(k->code, *p)) {
                                        ret->src = BH_SRC_CODE;
                                        ret->word = p[1] && !k->shell ? i : i + 1;
                                        return true;
                                }
                                if (strchr(k->stdin_, *p)) {
                                        ret->src = BH_SRC_STDIN;
                                        return true;
                                }
                                if (strchr(k->module, *p)) {
                                        ret->src = BH_SRC_NONE;
                                        return true;
                                }
                                if (strchr(k->argopts, *p)) {
                                        if (!p[1])
                                                i++;
                                        break;
                                }
                        }
                        continue;
                }
                ret->src = bh_is_stdin_path(w) ? BH_SRC_STDIN : BH_SRC_SCRIPT;
                ret->word = i;
                return true;
        }
        ret->src = BH_SRC_STDIN;
        return true;
}

/* Standard input of c comes from a redirection, not from the pipe. */
static bool bh_stdin_redirected(const struct bh_sh_cmd *c)
{
        for (size_t i = 0; i < c->nredirs; i++) {
                const char *op = c->redirs[i].op;
                if (op && (strcmp(op, "<") == 0 || strcmp(op, "0<") == 0 || strcmp(op, "<<") == 0 ||
                           strcmp(op, "<<-") == 0 || strcmp(op, "<<<") == 0 || strcmp(op, "<>") == 0))
                        return true;
        }
        return false;
}

/* Does word w name the downloaded file (same path, ./ ignored)? */
static bool bh_same_file(const char *w, const char *f, size_t flen)
{
        while (bh_str_startswith(w, "./"))
                w += 2;
        while (flen >= 2 && f[0] == '.' && f[1] == '/') {
                f += 2;
                flen -= 2;
        }
        return flen && strlen(w) == flen && memcmp(w, f, flen) == 0;
}

/* Follow parents to the top-level command; *ret_string is set when the way
 * up passes through an sh -c string parsed again. */
static size_t bh_top_ancestor(const struct bh_sh_script *s, size_t i, bool *ret_string)
{
        unsigned guard = 0;

        *ret_string = false;
        while (s->cmds[i].parent >= 0 && (size_t)s->cmds[i].parent < s->ncmds && guard++ < 64) {
                if (s->cmds[i].ctx == BH_SH_STRING)
                        *ret_string = true;
                i = (size_t)s->cmds[i].parent;
        }
        return i;
}

/* (b): does the command holding the substitution d sits in run its output? */
static bool bh_subst_runs(const struct bh_sh_script *s, const struct bh_sh_cmd *d,
                          const char **ret_how)
{
        const struct bh_sh_cmd *p = &s->cmds[d->parent];
        const char *pprog;
        size_t parg;
        struct bh_interp ip;
        long pw = d->parent_word;

        if (pw >= 0 && (size_t)pw == p->argv0 && p->argv0 < p->nwords) {
                *ret_how = "as a command";
                return true;
        }
        if (!(pprog = bh_ruleutil_cmd_prog(p, &parg)))
                return false;
        *ret_how = pprog;
        if (p->prog == BH_SH_PROG_EVAL)
                return pw > (long)p->argv0;
        if (!bh_interp_parse(p, parg, &ip))
                return false;
        if (ip.src == BH_SRC_CODE && pw >= 0 && (size_t)pw == ip.word)
                return true;
        if (ip.src == BH_SRC_SCRIPT && pw >= 0 && (size_t)pw == ip.word && d->ctx == BH_SH_PROCSUBST)
                return true;
        return ip.src == BH_SRC_STDIN && pw < 0 && d->ctx == BH_SH_PROCSUBST &&
               bh_stdin_redirected(p);
}

static void bh_download_exec_script(const struct bh_df_instr *in, const char *prefix,
                                    const struct bh_sh_script *s, void *ctx)
{
        struct bh_build_ctx *bc = ctx;
        /* top-level commands already reported for (b): bash -c "$(curl URL)" is
         * seen twice, once as the substitution and once inside the -c string */
        bool *reported = NULL; /* allocated on the first (b) candidate */

        bool any_dl = false; /* pass 1 only looks again at downloaders */

        for (int pass = 0; pass < 2 && (pass == 0 || any_dl); pass++) {
                for (size_t i = 0; i < s->ncmds; i++) {
                        const struct bh_sh_cmd *d = &s->cmds[i];
                        const char *dprog, *how;
                        size_t darg, top;
                        bool in_string;
                        struct bh_dl dl;

                        if (d->prog < BH_SH_PROG_CURL || d->prog > BH_SH_PROG_ARIA2C)
                                continue; /* not a downloader */
                        if (!(dprog = bh_ruleutil_cmd_prog(d, &darg)) ||
                            !bh_dl_parse(d, darg, &dl))
                                continue;
                        any_dl = true;
                        struct bh_loc loc = bh_ruleutil_cmd_loc(d, in);
                        top = bh_top_ancestor(s, i, &in_string);

                        /* (b) bash -c "$(curl URL)", sh <(curl URL), eval "$(wget -O- URL)" */
                        if (dl.to_stdout && (d->ctx == BH_SH_CMDSUBST || d->ctx == BH_SH_PROCSUBST) &&
                            d->parent >= 0 && (size_t)d->parent < s->ncmds &&
                            (pass == 1) == in_string && (!reported || !reported[top]) &&
                            bh_subst_runs(s, d, &how)) {
                                if (!reported)
                                        reported = bh_xcalloc(s->ncmds, sizeof(bool));
                                reported[top] = true;
                                if (strcmp(how, "as a command") == 0)
                                        bh_emit(bc->e, loc,
                                                "%sRUN runs what %s downloads as a command, "
                                                "without any checksum or signature check",
                                                prefix, dprog);
                                else
                                        bh_emit(bc->e, loc,
                                                "%sRUN has %s run what %s downloads, without "
                                                "any checksum or signature check",
                                                prefix, how, dprog);
                        }
                        if (pass == 1)
                                continue;

                        /* (a) curl URL | sh */
                        if (dl.to_stdout && d->sep == BH_SH_SEP_PIPE) {
                                for (size_t j = i + 1; j < s->ncmds; j++) {
                                        const struct bh_sh_cmd *x = &s->cmds[j];
                                        const char *xprog;
                                        size_t xarg;
                                        struct bh_interp ip;
                                        if (x->pipeline != d->pipeline || x->pipe_pos <= d->pipe_pos)
                                                continue;
                                        if (!(xprog = bh_ruleutil_cmd_prog(x, &xarg)) ||
                                            !bh_interp_parse(x, xarg, &ip))
                                                continue;
                                        if (ip.src != BH_SRC_STDIN || bh_stdin_redirected(x))
                                                continue;
                                        bh_emit(bc->e, loc,
                                                "%sRUN pipes what %s downloads into %s, which runs "
                                                "it without any checksum or signature check",
                                                prefix, dprog, xprog);
                                        break;
                                }
                        }

                        /* (c) curl -o f URL && sh f, with no verification in between */
                        if (!dl.to_stdout && dl.file && dl.file_len) {
                                for (size_t j = i + 1; j < s->ncmds; j++) {
                                        const struct bh_sh_cmd *x = &s->cmds[j];
                                        const char *xprog;
                                        size_t xarg;
                                        struct bh_interp ip;
                                        bool run = false;

                                        if (!(xprog = bh_ruleutil_cmd_prog(x, &xarg)))
                                                continue;
                                        if (x->prog == BH_SH_PROG_VERIFIER)
                                                break;
                                        if (bh_same_file(bh_word(x, x->argv0), dl.file, dl.file_len))
                                                run = true;
                                        else if (bh_interp_parse(x, xarg, &ip) &&
                                                 ip.src == BH_SRC_SCRIPT &&
                                                 bh_same_file(bh_word(x, ip.word), dl.file, dl.file_len))
                                                run = true;
                                        if (run) {
                                                bh_emit(bc->e, loc,
                                                        "%sRUN downloads %.*s with %s and runs it "
                                                        "without any checksum or signature check",
                                                        prefix, (int)dl.file_len, dl.file, dprog);
                                                break;
                                        }
                                }
                        }
                }
        }
        free(reported);
}

void bh_check_download_exec(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        struct bh_build_ctx bc = {.doc = doc, .e = e};

        (void)r;
        bh_ruleutil_each_script(doc->dockerfile, bh_download_exec_script, &bc);
}

/* ---- BH7002 add-url-no-checksum ---- */

static bool bh_is_git_source(const char *s)
{
        size_t n = strcspn(s, "#");

        if (bh_str_startswith(s, "git@") || bh_str_startswith_ci(s, "git://") ||
            bh_str_startswith_ci(s, "ssh://"))
                return true;
        return n >= 4 && strncasecmp(s + n - 4, ".git", 4) == 0;
}

/* A git ref that names a commit id (40 or 64 hex digits) cannot move. */
static bool bh_git_ref_pinned(const char *s)
{
        const char *h = strchr(s, '#');
        size_t n = 0;

        if (!h)
                return false;
        h++;
        while (isxdigit((unsigned char)h[n]))
                n++;
        return (n == 40 || n == 64) && (h[n] == '\0' || h[n] == ':');
}

static void bh_add_url_instr(const struct bh_df_instr *in, const char *prefix, void *ctx)
{
        struct bh_build_ctx *bc = ctx;

        if (in->kind != BH_DF_ADD || in->argc < 2 || bh_ruleutil_flag(in, "checksum"))
                return;
        for (size_t i = 0; i + 1 < in->argc; i++) {
                const struct bh_value *v = &in->argv[i];
                struct bh_loc loc = bh_ruleutil_loc_or(v->loc, in);
                bool http;

                if (!v->known || !v->s)
                        continue;
                http = bh_str_startswith_ci(v->s, "http://") || bh_str_startswith_ci(v->s, "https://");
                if (bh_is_git_source(v->s)) {
                        if (!bh_git_ref_pinned(v->s))
                                bh_emit(bc->e, loc,
                                        "%sADD of the git repository %s without a commit id or "
                                        "--checksum: the branch or tag can be moved to other code",
                                        prefix, v->s);
                } else if (http) {
                        bh_emit(bc->e, loc,
                                "%sADD downloads %s without --checksum: whatever the server "
                                "returns goes into the image",
                                prefix, v->s);
                }
        }
}

void bh_check_add_url_checksum(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        struct bh_build_ctx bc = {.doc = doc, .e = e};

        (void)r;
        bh_ruleutil_each_instr_of(doc->dockerfile, BH_RULEUTIL_KIND(BH_DF_ADD), bh_add_url_instr, &bc);
}

/* ---- BH7003 secret-in-build ---- */

/* A value that only refers to another variable ($X, ${X}, ${X:-}). */
static bool bh_is_reference(const char *v)
{
        size_t n;

        if (!v || v[0] != '$')
                return false;
        if (v[1] == '{') {
                n = strcspn(v, "}");
                return v[n] == '}' && v[n + 1] == '\0';
        }
        for (n = 1; v[n]; n++)
                if (!isalnum((unsigned char)v[n]) && v[n] != '_')
                        return false;
        return n > 1;
}

static void bh_secret_instr(const struct bh_df_instr *in, const char *prefix, void *ctx)
{
        struct bh_build_ctx *bc = ctx;
        bool arg = in->kind == BH_DF_ARG;

        if (in->kind != BH_DF_ARG && in->kind != BH_DF_ENV)
                return;
        for (size_t i = 0; i < in->nkvs; i++) {
                const struct bh_df_kv *kv = &in->kvs[i];
                const char *raw = kv->raw_value ? kv->raw_value : kv->value.s;
                const char *what = NULL;
                struct bh_loc loc = bh_ruleutil_loc_or(kv->loc, in);

                if (!kv->key)
                        continue;
                if (raw && kv->value.set && !bh_is_reference(raw))
                        what = bh_ruleutil_secret_value(raw);
                if (what) {
                        bh_emit(bc->e, loc,
                                "%s%s %s holds what looks like %s: %s; pass it with "
                                "RUN --mount=type=secret instead",
                                prefix, arg ? "ARG" : "ENV", kv->key, what,
                                arg ? "build arguments are recorded in the image history"
                                    : "ENV values are stored in the image for anyone who can pull it");
                        continue;
                }
                if (!bh_ruleutil_secret_name(kv->key))
                        continue;
                /* ENV X= clears a variable: nothing is stored */
                if (!arg && kv->value.set && kv->value.known && kv->value.s && !kv->value.s[0] &&
                    (!raw || !strchr(raw, '$')))
                        continue;
                bh_emit(bc->e, loc,
                        "%s%s %s looks like a secret: %s; pass it with "
                        "RUN --mount=type=secret,id=%s instead",
                        prefix, arg ? "ARG" : "ENV", kv->key,
                        arg ? "build argument values are recorded in the image history"
                            : "ENV values are stored in the image for anyone who can pull it",
                        kv->key);
        }
}

void bh_check_secret_build(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        struct bh_build_ctx bc = {.doc = doc, .e = e};

        (void)r;
        bh_ruleutil_each_instr_of(doc->dockerfile,
                                  BH_RULEUTIL_KIND(BH_DF_ARG) | BH_RULEUTIL_KIND(BH_DF_ENV),
                                  bh_secret_instr, &bc);
}

/* ---- BH7004 / BH7005: RUN flags ---- */

struct bh_flag_ctx {
        struct bh_emit *e;
        const char *flag;
        const char *value;
};

static void bh_run_flag_instr(const struct bh_df_instr *in, const char *prefix, void *ctx)
{
        struct bh_flag_ctx *fc = ctx;

        if (in->kind != BH_DF_RUN)
                return;
        for (size_t i = 0; i < in->nflags; i++) {
                const struct bh_df_flag *f = &in->flags[i];
                if (!f->name || strcmp(f->name, fc->flag) != 0 || !f->value.known || !f->value.s ||
                    strcasecmp(f->value.s, fc->value) != 0)
                        continue;
                if (strcmp(fc->flag, "security") == 0)
                        bh_emit(fc->e, bh_ruleutil_loc_or(f->loc, in),
                                "%sRUN --security=insecure runs the step without the build "
                                "sandbox, with full privileges on the builder host",
                                prefix);
                else
                        bh_emit(fc->e, bh_ruleutil_loc_or(f->loc, in),
                                "%sRUN --network=host gives the step the builder host's network: "
                                "local services and metadata endpoints are reachable",
                                prefix);
        }
}

void bh_check_run_insecure(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        struct bh_flag_ctx fc = {.e = e, .flag = "security", .value = "insecure"};

        (void)r;
        bh_ruleutil_each_instr_of(doc->dockerfile, BH_RULEUTIL_KIND(BH_DF_RUN), bh_run_flag_instr, &fc);
}

void bh_check_run_network_host(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        struct bh_flag_ctx fc = {.e = e, .flag = "network", .value = "host"};

        (void)r;
        bh_ruleutil_each_instr_of(doc->dockerfile, BH_RULEUTIL_KIND(BH_DF_RUN), bh_run_flag_instr, &fc);
}

/* ---- BH7006 / BH7008: modes (chmod, install -m, mkdir -m, COPY --chmod) ---- */

enum bh_mode_rule {
        BH_MODE_SETUID,
        BH_MODE_WORLD,
};

struct bh_mode_ctx {
        struct bh_emit *e;
        enum bh_mode_rule rule;
};

static void bh_mode_report(struct bh_mode_ctx *mc, struct bh_loc loc, const char *prefix,
                           const char *what, const char *mode, bool recursive, bool is_mkdir)
{
        struct bh_mode_bits b;

        if (!bh_ruleutil_parse_mode(mode, &b))
                return;
        if (mc->rule == BH_MODE_SETUID) {
                if (is_mkdir || (!b.setuid && !b.setgid))
                        return;
                bh_emit(mc->e, loc, "%s%s%s sets the %s bit%s: %s", prefix, what, mode,
                        b.setuid && b.setgid ? "setuid and setgid" : b.setuid ? "setuid" : "setgid",
                        recursive ? " (recursively)" : "",
                        b.setuid ? "a program with it runs with its owner's privileges"
                                 : "a program with it runs with its group's privileges (on a "
                                   "directory it only makes new files inherit the group)");
        } else {
                if (!b.other_write || b.sticky)
                        return;
                bh_emit(mc->e, loc, "%s%s%s makes %s writable by every user%s", prefix, what, mode,
                        is_mkdir ? "the directory" : "files",
                        recursive ? ", recursively (-R)" : "");
        }
}

/* chmod words [from, to): options, then the mode. */
static void bh_chmod_args(struct bh_mode_ctx *mc, const struct bh_sh_cmd *c, size_t from, size_t to,
                          struct bh_loc loc, const char *prefix)
{
        bool recursive = false;

        for (size_t i = from; i < to; i++) {
                const char *w = bh_word(c, i);
                if (strcmp(w, "--recursive") == 0) {
                        recursive = true;
                        continue;
                }
                if (bh_str_startswith(w, "--reference"))
                        return;
                if (strcmp(w, "--") == 0) {
                        if (i + 1 < to && c->words[i + 1].literal)
                                bh_mode_report(mc, loc, prefix, "chmod ", bh_word(c, i + 1),
                                               recursive, false);
                        return;
                }
                if (w[0] == '-' && w[1] == '-')
                        continue;
                if (w[0] == '-' && w[1] && strspn(w + 1, "Rfvc") == strlen(w + 1)) {
                        recursive |= strchr(w, 'R') != NULL;
                        continue;
                }
                /* the mode (chmod -w, -s remove bits: parse_mode finds no additions) */
                if (c->words[i].literal)
                        bh_mode_report(mc, loc, prefix, "chmod ", w, recursive, false);
                return;
        }
}

/* install -m MODE / mkdir -m MODE (also -mMODE, --mode=MODE, -Dm MODE). */
static void bh_m_option(struct bh_mode_ctx *mc, const struct bh_sh_cmd *c, size_t arg,
                        const char *prog, struct bh_loc loc, const char *prefix)
{
        bool is_mkdir = strcmp(prog, "mkdir") == 0;
        const char *argopts = is_mkdir ? "m" : "gotSm";

        for (size_t i = arg; i < c->nwords; i++) {
                const char *w = bh_word(c, i);
                const char *mode = NULL;
                bool lit = true;

                if (strcmp(w, "--") == 0)
                        return;
                if (bh_str_startswith(w, "--mode=")) {
                        mode = w + 7;
                        lit = c->words[i].literal;
                } else if (strcmp(w, "--mode") == 0 && i + 1 < c->nwords) {
                        mode = bh_word(c, ++i);
                        lit = c->words[i].literal;
                } else if (w[0] == '-' && w[1] != '-') {
                        for (const char *p = w + 1; *p; p++) {
                                if (!strchr(argopts, *p))
                                        continue;
                                if (*p == 'm') {
                                        if (p[1]) {
                                                mode = p + 1;
                                                lit = c->words[i].literal;
                                        } else if (i + 1 < c->nwords) {
                                                mode = bh_word(c, ++i);
                                                lit = c->words[i].literal;
                                        }
                                } else if (!p[1]) {
                                        i++;
                                }
                                break;
                        }
                }
                if (mode && lit) {
                        char what[32];
                        snprintf(what, sizeof(what), "%s -m ", prog);
                        bh_mode_report(mc, loc, prefix, what, mode, false, is_mkdir);
                }
        }
}

static void bh_mode_script(const struct bh_df_instr *in, const char *prefix,
                           const struct bh_sh_script *s, void *ctx)
{
        struct bh_mode_ctx *mc = ctx;

        for (size_t i = 0; i < s->ncmds; i++) {
                const struct bh_sh_cmd *c = &s->cmds[i];
                const char *prog;
                size_t arg;

                if (c->prog != BH_SH_PROG_CHMOD && c->prog != BH_SH_PROG_INSTALL &&
                    c->prog != BH_SH_PROG_MKDIR && c->prog != BH_SH_PROG_FIND)
                        continue;
                struct bh_loc loc = bh_ruleutil_cmd_loc(c, in);
                if (!(prog = bh_ruleutil_cmd_prog(c, &arg)))
                        continue;
                if (c->prog == BH_SH_PROG_CHMOD) {
                        bh_chmod_args(mc, c, arg, c->nwords, loc, prefix);
                } else if (c->prog == BH_SH_PROG_INSTALL || c->prog == BH_SH_PROG_MKDIR) {
                        bh_m_option(mc, c, arg, prog, loc, prefix);
                } else {
                        /* find ... -exec chmod MODE {} \; */
                        for (size_t j = arg; j + 1 < c->nwords; j++) {
                                const char *w = bh_word(c, j);
                                size_t end = j + 2;
                                if (strcmp(w, "-exec") != 0 && strcmp(w, "-execdir") != 0 &&
                                    strcmp(w, "-ok") != 0)
                                        continue;
                                if (strcmp(bh_path_basename(bh_word(c, j + 1)), "chmod") != 0)
                                        continue;
                                while (end < c->nwords && strcmp(bh_word(c, end), ";") != 0 &&
                                       strcmp(bh_word(c, end), "+") != 0)
                                        end++;
                                bh_chmod_args(mc, c, j + 2, end, loc, prefix);
                                j = end;
                        }
                }
        }
}

static void bh_mode_instr(const struct bh_df_instr *in, const char *prefix, void *ctx)
{
        struct bh_mode_ctx *mc = ctx;
        const struct bh_df_flag *f;

        if (in->kind != BH_DF_COPY && in->kind != BH_DF_ADD)
                return;
        if (!(f = bh_ruleutil_flag(in, "chmod")) || !f->value.known || !f->value.s)
                return;
        bh_mode_report(mc, bh_ruleutil_loc_or(f->loc, in), prefix,
                       in->kind == BH_DF_COPY ? "COPY --chmod=" : "ADD --chmod=", f->value.s, false,
                       false);
}

static void bh_mode_run(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e,
                        enum bh_mode_rule rule)
{
        struct bh_mode_ctx mc = {.e = e, .rule = rule};

        (void)r;
        bh_ruleutil_each_script(doc->dockerfile, bh_mode_script, &mc);
        bh_ruleutil_each_instr_of(doc->dockerfile,
                                  BH_RULEUTIL_KIND(BH_DF_COPY) | BH_RULEUTIL_KIND(BH_DF_ADD),
                                  bh_mode_instr, &mc);
}

void bh_check_setuid(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        bh_mode_run(r, doc, e, BH_MODE_SETUID);
}

void bh_check_world_writable(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        bh_mode_run(r, doc, e, BH_MODE_WORLD);
}

/* ---- BH7007 setcap ---- */

/* Are all capabilities named in a setcap text ("cap_net_raw,cap_chown+ep")
 * in the engine default set?  Then the file capability grants nothing the
 * container does not already allow. */
static bool bh_setcap_only_defaults(const char *text)
{
        bool any = false;

        for (const char *p = text; *p;) {
                size_t n = strcspn(p, ",=+- \t");
                if (n) {
                        char name[64];
                        bool dflt;
                        const char *why;
                        if (n >= sizeof(name))
                                return false;
                        for (size_t i = 0; i < n; i++)
                                name[i] = (char)toupper((unsigned char)p[i]);
                        name[n] = '\0';
                        if (bh_str_startswith(name, "CAP_")) {
                                bh_ruleutil_cap_tier(name + 4, &dflt, &why);
                                if (!dflt)
                                        return false;
                                any = true;
                        } else if (strcmp(name, "ALL") == 0) {
                                return false;
                        }
                }
                p += n;
                if (*p)
                        p++;
        }
        return any;
}

static void bh_setcap_script(const struct bh_df_instr *in, const char *prefix,
                             const struct bh_sh_script *s, void *ctx)
{
        struct bh_build_ctx *bc = ctx;

        for (size_t i = 0; i < s->ncmds; i++) {
                const struct bh_sh_cmd *c = &s->cmds[i];
                const char *prog, *caps = NULL;
                size_t arg;
                bool remove = false;

                if (c->prog != BH_SH_PROG_SETCAP || !(prog = bh_ruleutil_cmd_prog(c, &arg)))
                        continue;
                for (size_t j = arg; j < c->nwords; j++) {
                        const char *w = bh_word(c, j);
                        if (strcmp(w, "-r") == 0)
                                remove = true;
                        else if (strcmp(w, "-n") == 0)
                                j++;
                        else if (w[0] != '-' && !caps)
                                caps = w;
                }
                if (remove)
                        continue;
                if (caps && bh_setcap_only_defaults(caps))
                        bh_emit_sev(bc->e, BH_SEV_LOW, bh_ruleutil_cmd_loc(c, in),
                                    "%sRUN setcap gives a program the file capabilities %s: "
                                    "whoever runs it gains them, but all are in the engine's "
                                    "default set, so the risk is low (typically a non-root "
                                    "server binding a low port)",
                                    prefix, caps);
                else
                        bh_emit(bc->e, bh_ruleutil_cmd_loc(c, in),
                                "%sRUN setcap %s: a program with file capabilities gains them "
                                "whoever runs it",
                                prefix, caps ? caps : "");
        }
}

void bh_check_setcap(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        struct bh_build_ctx bc = {.doc = doc, .e = e};

        (void)r;
        bh_ruleutil_each_script(doc->dockerfile, bh_setcap_script, &bc);
}

/* ---- BH7009 sudo ---- */

static void bh_sudo_script(const struct bh_df_instr *in, const char *prefix,
                           const struct bh_sh_script *s, void *ctx)
{
        struct bh_build_ctx *bc = ctx;

        for (size_t i = 0; i < s->ncmds; i++) {
                const struct bh_sh_cmd *c = &s->cmds[i];
                const char *tool = NULL;

                if (c->via_sudo) {
                        tool = "sudo";
                        for (size_t j = 0; j < c->argv0 && j < c->nwords; j++)
                                if (strcmp(bh_path_basename(bh_word(c, j)), "doas") == 0)
                                        tool = "doas";
                } else if (c->name && (c->name[0] == 's' || c->name[0] == 'd') &&
                           (strcmp(c->name, "sudo") == 0 || strcmp(c->name, "doas") == 0)) {
                        tool = c->name;
                }
                if (!tool)
                        continue;
                bh_emit(bc->e, bh_ruleutil_cmd_loc(c, in),
                        "%sRUN uses %s: RUN already runs as the current USER; sudo in an image "
                        "needs a setuid binary and a sudoers entry that stay in it",
                        prefix, tool);
        }
}

static void bh_sudo_instr(const struct bh_df_instr *in, const char *prefix, void *ctx)
{
        struct bh_build_ctx *bc = ctx;
        const char *b;

        /* exec form: RUN ["sudo", ...] has no shell script */
        if (in->kind != BH_DF_RUN || !in->json || in->argc == 0 || !in->argv[0].s)
                return;
        b = bh_path_basename(in->argv[0].s);
        if (strcmp(b, "sudo") == 0 || strcmp(b, "doas") == 0)
                bh_emit(bc->e, bh_ruleutil_loc_or(in->argv[0].loc, in),
                        "%sRUN uses %s: RUN already runs as the current USER; sudo in an image "
                        "needs a setuid binary and a sudoers entry that stay in it",
                        prefix, b);
}

void bh_check_sudo(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        struct bh_build_ctx bc = {.doc = doc, .e = e};

        (void)r;
        bh_ruleutil_each_script(doc->dockerfile, bh_sudo_script, &bc);
        bh_ruleutil_each_instr_of(doc->dockerfile, BH_RULEUTIL_KIND(BH_DF_RUN), bh_sudo_instr, &bc);
}
