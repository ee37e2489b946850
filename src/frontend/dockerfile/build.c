/* The semantic step of the Dockerfile frontend: stages, ARG/ENV scopes,
 * expansion of the instructions BuildKit expands, RUN scripts, and at the end
 * the cross-surface model (the image container, runlabel containers, image
 * references). */
#include <ctype.h>
#include <strings.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "df-internal.h"

#include "../../util/bh-banned.h"

struct bh_df_stage_state {
        struct bh_df_vars env;
        struct bh_df_vars args;
        bool shell_posix;
        bool has_user;
        struct bh_value user;
        size_t user_instr;
        BH_VEC(struct bh_env) argvals; /* effective ARG values, in order */
};

/* In the document arena (it lives as long as the parse); its vectors are
 * freed by bh_df_ss_free. */
static struct bh_df_stage_state *bh_df_ss_new(struct bh_arena *a)
{
        struct bh_df_stage_state *ss = bh_arena_alloc(a, sizeof(*ss));

        bh_df_vars_init(&ss->env);
        bh_df_vars_init(&ss->args);
        ss->shell_posix = true;
        return ss;
}

static void bh_df_ss_free(struct bh_df_stage_state *ss)
{
        if (!ss)
                return;
        bh_df_vars_release(&ss->env);
        bh_df_vars_release(&ss->args);
        free(ss->argvals.v);
}

void bh_df_ctx_release(struct bh_df_ctx *x)
{
        for (size_t i = 0; i < x->sst.n; i++)
                bh_df_ss_free(x->sst.v[i]);
        free(x->sst.v);
        free(x->instrs.v);
        free(x->stages.v);
        free(x->hd.v);
        free(x->img_stage.v);
        free(x->spans.v);
        for (size_t i = 0; i < BH_ELEMENTSOF(x->hd_maps); i++)
                free(x->hd_maps[i].v);
        bh_df_vars_release(&x->globals);
}

static int bh_df_cur(const struct bh_df_ctx *x)
{
        return (int)x->stages.n - 1;
}

static struct bh_df_scope bh_df_scope_of(struct bh_df_ctx *x, int stage)
{
        struct bh_df_scope sc = { 0 };

        if (stage < 0) {
                sc.args = &x->globals;
        } else {
                sc.env = &x->sst.v[stage]->env;
                sc.args = &x->sst.v[stage]->args;
        }
        return sc;
}

/* A --build-arg: 1 found with a value, 0 not given, -1 given without a value
 * (taken from the builder's environment: unknown here). */
static int bh_df_build_arg(const struct bh_df_ctx *x, const char *name, const char **ret)
{
        size_t nl = strlen(name);

        for (size_t i = x->opt->nbuild_args; i-- > 0;) {
                const char *b = x->opt->build_args[i];
                if (!b || strncmp(b, name, nl) != 0)
                        continue;
                if (b[nl] == '=') {
                        *ret = b + nl + 1;
                        return 1;
                }
                if (b[nl] == '\0')
                        return -1;
        }
        return 0;
}

/* Expand v in place; diagnostics for syntax errors and the size limit. */
static void bh_df_xval(struct bh_df_ctx *x, const struct bh_df_scope *sc, struct bh_value *v,
                       const char *what, struct bh_df_xres *res)
{
        struct bh_df_xres tmp;

        if (!res)
                res = &tmp;
        if (!v->s) {
                memset(res, 0, sizeof(*res));
                res->known = v->known;
                return;
        }
        const char *raw = v->s;
        v->s = bh_df_expand(x->a, sc, x->escape, raw, strlen(raw), res);
        v->known = res->known;
        if (!sc)
                return;
        if (res->error)
                bh_df_diag(x, 9002, v->loc, "%s: %s in '%.60s'", what, res->error, raw);
        else if (!res->known && res->why == BH_DF_WHY_LIMIT)
                bh_df_diag(x, 9003, v->loc,
                           "%s: expansion of '%.60s' is larger than the limit of %u bytes", what,
                           raw, BH_LIMIT_EXPANSION_SIZE);
}

/* BH9005: a value that matters could not be determined. */
static void bh_df_unknown_diag(struct bh_df_ctx *x, struct bh_loc loc, const char *what,
                               const char *raw, const struct bh_df_xres *res, bool global)
{
        const char *var = res->var ? res->var : "?";

        switch (res->why) {
        case BH_DF_WHY_NODEFAULT:
                bh_df_diag(x, 9005, loc, "%s %.80s depends on build argument %.60s, which has no default",
                           what, raw, var);
                break;
        case BH_DF_WHY_BUILDER:
                bh_df_diag(x, 9005, loc, "%s %.80s depends on %.60s, which the builder sets", what,
                           raw, var);
                break;
        case BH_DF_WHY_UNDECLARED:
                bh_df_diag(x, 9005, loc, "%s %.80s uses variable %.60s, which is not declared%s",
                           what, raw, var,
                           global ? " before the first FROM"
                                  : " in this stage (it may come from the base image)");
                break;
        case BH_DF_WHY_PATTERN:
                bh_df_diag(x, 9005, loc,
                           "%s %.80s uses a substitution of %.60s that is not evaluated", what, raw,
                           var);
                break;
        case BH_DF_WHY_DEPENDS:
                if (!res->error)
                        bh_df_diag(x, 9005, loc, "%s %.80s could not be determined", what, raw);
                break;
        default:
                break;
        }
}

static bool bh_df_is_posix_shell(const char *path)
{
        static const char *const shells[] = { "sh", "bash", "ash", "dash", "zsh", "ksh", "mksh" };
        const char *b = bh_path_basename(path);

        for (size_t i = 0; i < BH_ELEMENTSOF(shells); i++)
                if (strcmp(b, shells[i]) == 0)
                        return true;
        return false;
}

/* Index of the stage called name (case-insensitive) or numbered name, or -1. */
static int bh_df_stage_ref(const struct bh_df_ctx *x, const char *name)
{
        uint64_t n;

        if (bh_parse_u64(name, 0, UINT32_MAX, &n) == 0)
                return n < x->stages.n ? (int)n : (int)x->stages.n;
        for (size_t i = 0; i < x->stages.n; i++)
                if (x->stages.v[i].name && strcasecmp(x->stages.v[i].name, name) == 0)
                        return (int)i;
        return -1;
}

static void bh_df_add_imgref(struct bh_df_ctx *x, enum bh_imgref_role role, struct bh_value ref,
                             const char *raw, struct bh_loc loc, int stage)
{
        struct bh_imgref *r = BH_VEC_NEW(&x->doc->images);

        r->role = role;
        r->ref = ref;
        r->ref.loc = loc;
        r->raw = raw;
        r->loc = loc;
        BH_VEC_PUSH(&x->img_stage, stage);
}

static void bh_df_close_stage(struct bh_df_ctx *x, size_t end)
{
        int cur = bh_df_cur(x);

        if (cur < 0)
                return;
        struct bh_df_stage *st = &x->stages.v[cur];
        struct bh_df_stage_state *ss = x->sst.v[cur];
        st->end_instr = end;
        if (ss->has_user) {
                st->user = ss->user;
                st->user_instr = ss->user_instr;
        } else if (st->parent >= 0 && x->stages.v[st->parent].user.set) {
                st->user = x->stages.v[st->parent].user;
                st->user_instr = x->stages.v[st->parent].user_instr;
        }
}

static bool bh_df_valid_stage_name(const char *s)
{
        if (!isalpha((unsigned char)*s))
                return false;
        for (; *s; s++)
                if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
                        return false;
        return true;
}

static void bh_df_from(struct bh_df_ctx *x, size_t idx)
{
        struct bh_df_instr *in = &x->instrs.v[idx];
        struct bh_df_scope gsc = bh_df_scope_of(x, -1);
        struct bh_df_xres res;
        const char *name = NULL;

        if (x->stages.n >= BH_LIMIT_DF_STAGES) {
                bh_df_diag(x, 9003, in->loc,
                           "more than %u stages: the rest of the file was not analysed",
                           BH_LIMIT_DF_STAGES);
                x->stop = true;
                return;
        }
        if (in->argc == 3 && strcasecmp(in->argv[1].s, "as") == 0) {
                char *n = bh_arena_strdup(x->a, in->argv[2].s);
                for (char *p = n; *p; p++)
                        *p = (char)tolower((unsigned char)*p);
                if (!bh_df_valid_stage_name(n))
                        bh_df_diag(x, 9002, in->argv[2].loc,
                                   "FROM: invalid stage name '%.60s': expected a letter then "
                                   "letters, digits, '-', '_' or '.'",
                                   n);
                else if (bh_df_stage_ref(x, n) >= 0)
                        bh_df_diag(x, 9002, in->argv[2].loc, "FROM: duplicate stage name '%.60s'",
                                   n);
                name = n;
        } else if (in->argc > 1) {
                bh_df_diag(x, 9002, in->argv[1].loc,
                           "FROM: expected 'FROM image [AS name]' but found %zu arguments",
                           in->argc);
        }
        bh_df_close_stage(x, idx);
        struct bh_df_stage *st = BH_VEC_NEW(&x->stages);
        struct bh_df_stage_state *ss = bh_df_ss_new(x->a);
        BH_VEC_PUSH(&x->sst, ss);
        int cur = bh_df_cur(x);
        in = &x->instrs.v[idx];
        in->stage = cur;
        st->index = cur;
        st->name = name;
        st->parent = -1;
        st->first_instr = idx;
        st->end_instr = idx + 1;
        for (size_t f = 0; f < in->nflags; f++) {
                bh_df_xval(x, &gsc, &in->flags[f].value, "FROM --platform", NULL);
                if (strcmp(in->flags[f].name, "platform") == 0)
                        st->platform = in->flags[f].value;
        }
        if (in->argc == 0)
                return;
        st->base_raw = in->argv[0].s;
        bh_df_xval(x, &gsc, &in->argv[0], "FROM", &res);
        st->base = in->argv[0];
        if (!res.known) {
                bh_df_unknown_diag(x, in->argv[0].loc, "FROM", st->base_raw, &res, true);
        } else {
                /* the new stage itself is last: only earlier ones can be referenced */
                x->stages.n--;
                int p = bh_df_stage_ref(x, st->base.s);
                x->stages.n++;
                if (p >= 0 && (size_t)p < x->stages.n - 1 && !isdigit((unsigned char)*st->base.s))
                        st->parent = p;
                st->scratch = st->parent < 0 && strcasecmp(st->base.s, "scratch") == 0;
        }
        if (st->parent >= 0) {
                const struct bh_df_stage_state *ps = x->sst.v[st->parent];
                /* the parent is complete: its ENV table is shared, not copied */
                ss->env.parent = &ps->env;
                ss->shell_posix = ps->shell_posix;
        } else if (!st->scratch) {
                bh_df_add_imgref(x, BH_IMGREF_BASE, st->base, st->base_raw, in->argv[0].loc, cur);
        }
}

static void bh_df_arg(struct bh_df_ctx *x, size_t idx, int cur)
{
        struct bh_df_instr *in = &x->instrs.v[idx];
        struct bh_df_scope sc = bh_df_scope_of(x, cur);
        struct bh_df_vars *tab = cur < 0 ? &x->globals : &x->sst.v[cur]->args;

        for (size_t k = 0; k < in->nkvs; k++) {
                struct bh_df_kv *kv = &in->kvs[k];
                const char *val = "", *ba = NULL, *root = kv->key;
                bool known = false;
                enum bh_df_why why = BH_DF_WHY_NODEFAULT;
                struct bh_df_xres res;
                int b = bh_df_build_arg(x, kv->key, &ba);

                if (kv->value.set)
                        bh_df_xval(x, &sc, &kv->value, "ARG", &res);
                if (b > 0) {
                        val = ba;
                        known = true;
                } else if (b < 0) {
                        why = BH_DF_WHY_BUILDER;
                } else if (kv->value.set) {
                        val = kv->value.s;
                        known = kv->value.known;
                        why = res.why;
                        root = res.var;
                } else {
                        const struct bh_df_var *g =
                                cur >= 0 ? bh_df_vars_get(&x->globals, kv->key, strlen(kv->key))
                                         : NULL;
                        if (g) {
                                /* ARG NAME in a stage takes the global default */
                                val = g->value;
                                known = g->known;
                                why = g->why;
                                root = g->root ? g->root : kv->key;
                        } else if (bh_df_is_predefined_arg(kv->key)) {
                                why = BH_DF_WHY_BUILDER;
                        }
                }
                bh_df_vars_set(tab, kv->key, known ? val : (val ? val : ""), known, why, root);
                if (cur >= 0) {
                        struct bh_env *e = BH_VEC_NEW(&x->sst.v[cur]->argvals);
                        e->name = kv->key;
                        e->value = val ? val : "";
                        e->value_known = known;
                        e->is_build_arg = true;
                        e->loc = kv->loc;
                }
        }
}

/* The program that reads a heredoc: a shell (its body is a script) or not. */
static bool bh_df_shebang_is_shell(const char *body)
{
        if (body[0] != '#' || body[1] != '!')
                return true; /* no shebang: the default shell runs it */
        const char *p = body + 2;
        while (*p == ' ' || *p == '\t')
                p++;
        const char *e = p;
        while (*e && !isspace((unsigned char)*e))
                e++;
        char prog[128];
        size_t n = BH_MIN((size_t)(e - p), sizeof(prog) - 1);
        memcpy(prog, p, n);
        prog[n] = '\0';
        if (strcmp(bh_path_basename(prog), "env") == 0) {
                /* #!/usr/bin/env [-S] python3 */
                p = e;
                for (;;) {
                        while (*p == ' ' || *p == '\t')
                                p++;
                        if (*p != '-')
                                break;
                        while (*p && !isspace((unsigned char)*p))
                                p++;
                }
                e = p;
                while (*e && !isspace((unsigned char)*e))
                        e++;
                n = BH_MIN((size_t)(e - p), sizeof(prog) - 1);
                memcpy(prog, p, n);
                prog[n] = '\0';
        }
        return bh_df_is_posix_shell(prog);
}

static bool bh_df_starts_with_heredoc(const char *s)
{
        while (isdigit((unsigned char)*s))
                s++;
        return s[0] == '<' && s[1] == '<' && s[2] != '<';
}

/* bh_df_map_loc() for offsets that mostly grow (a script's commands): try
 * the segment of the previous lookup (*hint) and the next ones first. */
static struct bh_loc bh_df_map_loc_near(const struct bh_df_map *m, size_t off, size_t *hint)
{
        size_t k = *hint;

        if (k < m->n && m->v[k].off <= off) {
                while (k + 1 < m->n && m->v[k + 1].off <= off && k < *hint + 2)
                        k++;
                if (k + 1 == m->n || m->v[k + 1].off > off) {
                        uint32_t col = m->v[k].col + (uint32_t)(off - m->v[k].off);
                        *hint = k;
                        return (struct bh_loc){ m->v[k].line, col, m->v[k].line, col };
                }
        }
        return bh_df_map_loc(m, off);
}

void bh_df_script_locate(struct bh_sh_script *sc, const struct bh_df_map *map, size_t shift)
{
        size_t hint = 0;

        for (size_t i = 0; i < sc->ncmds; i++) {
                struct bh_sh_cmd *c = &sc->cmds[i];
                c->loc = bh_df_map_loc_near(map, shift + c->off, &hint);
                if (c->str_len) {
                        /* an sh -c string over several lines points at the string,
                         * as a string with escapes does */
                        struct bh_loc a = bh_df_map_loc(map, shift + c->str_off);
                        struct bh_loc z = bh_df_map_loc(map, shift + c->str_off + c->str_len - 1);
                        if (a.line != z.line)
                                c->loc = a;
                }
        }
}

/* RUN ["sh", "-c", "..."]: the string is a script the named shell runs (the
 * stage's SHELL plays no part in exec form).  Every command points at the
 * '[' (where JSON-form elements point). */
static void bh_df_exec_script(struct bh_df_ctx *x, struct bh_df_instr *in)
{
        long j = bh_shcmd_exec_c_string(in->argv, in->argc);

        if (j < 0)
                return;
        const struct bh_value *v = &in->argv[j];
        in->script = bh_sh_parse(x->a, v->s, strlen(v->s));
        for (size_t i = 0; i < in->script->ncmds; i++)
                in->script->cmds[i].loc = v->loc;
        if (in->script->truncated)
                bh_df_diag(x, 9003, in->loc,
                           "RUN: shell nesting deeper than %u or more than %u words: the rest "
                           "of the command was not analysed",
                           BH_LIMIT_SHELL_NESTING, BH_LIMIT_SHELL_WORDS);
        if (in->script->error)
                bh_df_diag(x, 9002, v->loc, "RUN: shell syntax error: %s",
                           in->script->error_msg);
}

static void bh_df_run_script(struct bh_df_ctx *x, struct bh_df_instr *in,
                             const struct bh_df_map *map, size_t args_off, bool posix)
{
        if (in->json) {
                bh_df_exec_script(x, in);
                return;
        }
        if (in->argc != 1 || !posix)
                return;
        in->script = bh_sh_parse(x->a, in->args_raw, strlen(in->args_raw));
        bh_df_script_locate(in->script, map, args_off);
        if (in->script->truncated)
                bh_df_diag(x, 9003, in->loc,
                           "RUN: shell nesting deeper than %u or more than %u words: the rest "
                           "of the command was not analysed",
                           BH_LIMIT_SHELL_NESTING, BH_LIMIT_SHELL_WORDS);
        if (in->script->error)
                bh_df_diag(x, 9002, bh_df_map_loc(map, args_off + in->script->error_off),
                           "RUN: shell syntax error: %s", in->script->error_msg);
}

static void bh_df_heredoc_scripts(struct bh_df_ctx *x, struct bh_df_instr *in, bool posix)
{
        bool first = bh_df_starts_with_heredoc(in->args_raw);

        for (size_t h = 0; h < in->nheredocs; h++) {
                struct bh_df_heredoc *hd = &in->heredocs[h];
                bool shell = false;
                if (!hd->body)
                        continue;
                if (first && h == 0) {
                        shell = posix && bh_df_shebang_is_shell(hd->body);
                } else if (in->script) {
                        /* the command whose stdin the heredoc is */
                        for (size_t c = 0; c < in->script->ncmds && !shell; c++) {
                                const struct bh_sh_cmd *cmd = &in->script->cmds[c];
                                for (size_t r = 0; r < cmd->nredirs; r++) {
                                        const char *op = cmd->redirs[r].op;
                                        while (isdigit((unsigned char)*op))
                                                op++;
                                        if ((strcmp(op, "<<") == 0 || strcmp(op, "<<-") == 0) &&
                                            strcmp(cmd->redirs[r].target, hd->delim) == 0 &&
                                            cmd->name && bh_df_is_posix_shell(cmd->name)) {
                                                bool dash_c = false;
                                                for (size_t w = cmd->argv0 + 1; w < cmd->nwords; w++) {
                                                        const char *t = cmd->words[w].text;
                                                        if (t[0] == '-' && t[1] != '-' && strchr(t, 'c'))
                                                                dash_c = true;
                                                }
                                                shell = !dash_c && bh_df_shebang_is_shell(hd->body);
                                        }
                                }
                        }
                }
                if (!shell)
                        continue;
                hd->script = bh_sh_parse(x->a, hd->body, strlen(hd->body));
                bh_df_script_locate(hd->script, &x->hd_maps[h], 0);
                if (hd->script->truncated)
                        bh_df_diag(x, 9003, in->loc,
                                   "RUN heredoc %.40s: shell nesting deeper than %u or more than "
                                   "%u words: the rest was not analysed",
                                   hd->delim, BH_LIMIT_SHELL_NESTING, BH_LIMIT_SHELL_WORDS);
        }
}

/* Does raw contain the key of one of the first k pairs of in?  (Then its
 * expansion may differ once those pairs are set.) */
static bool bh_df_names_earlier_key(const struct bh_df_instr *in, size_t k, const char *raw)
{
        for (size_t j = 0; j < k; j++)
                if (in->kvs[j].key && strstr(raw, in->kvs[j].key))
                        return true;
        return false;
}

/* COPY --from=x / RUN --mount=...,from=x naming an image rather than a stage. */
static void bh_df_copy_from(struct bh_df_ctx *x, struct bh_df_instr *in, struct bh_df_flag *f,
                            int cur)
{
        const char *v = f->value.s;
        char buf[512];

        if (!f->value.set || !v)
                return;
        if (strcmp(f->name, "mount") == 0) {
                const char *p = v;
                v = NULL;
                while (*p) {
                        const char *e = strchr(p, ',');
                        size_t l = e ? (size_t)(e - p) : strlen(p);
                        if (l > 5 && strncmp(p, "from=", 5) == 0 && l - 5 < sizeof(buf)) {
                                memcpy(buf, p + 5, l - 5);
                                buf[l - 5] = '\0';
                                v = buf;
                        }
                        p += l + (e ? 1 : 0);
                }
                if (!v)
                        return;
        }
        if (f->value.known && bh_df_stage_ref(x, v) >= 0)
                return;
        struct bh_value ref = f->value;
        ref.s = bh_arena_strdup(x->a, v);
        bh_df_add_imgref(x, BH_IMGREF_COPY_FROM, ref, f->raw, f->value.loc, cur);
        (void)in;
}

void bh_df_build_instr(struct bh_df_ctx *x, size_t idx, const struct bh_df_map *map,
                       size_t args_off)
{
        struct bh_df_instr *in = &x->instrs.v[idx];
        int cur = bh_df_cur(x);

        in->stage = cur;
        if (in->kind == BH_DF_UNKNOWN)
                return;
        if (in->kind == BH_DF_FROM) {
                bh_df_from(x, idx);
                return;
        }
        if (cur < 0 && in->kind != BH_DF_ARG)
                bh_df_diag(x, 9002, in->loc,
                           "%s before the first FROM: only ARG may come before FROM",
                           in->keyword);
        if (in->kind == BH_DF_ARG) {
                bh_df_arg(x, idx, cur);
                return;
        }
        struct bh_df_scope sc = bh_df_scope_of(x, cur);
        struct bh_df_stage_state *ss = cur >= 0 ? x->sst.v[cur] : NULL;
        bool posix = ss ? ss->shell_posix : true;
        const char *kw = bh_df_kind_name(in->kind);

        if (in->kind != BH_DF_HEALTHCHECK) {
                for (size_t f = 0; f < in->nflags; f++) {
                        bh_df_xval(x, &sc, &in->flags[f].value, kw, NULL);
                        if ((in->kind == BH_DF_COPY && strcmp(in->flags[f].name, "from") == 0) ||
                            (in->kind == BH_DF_RUN && strcmp(in->flags[f].name, "mount") == 0))
                                bh_df_copy_from(x, in, &in->flags[f], cur);
                }
        }
        switch (in->kind) {
        case BH_DF_ADD:
        case BH_DF_COPY:
        case BH_DF_EXPOSE:
        case BH_DF_VOLUME:
        case BH_DF_WORKDIR:
        case BH_DF_STOPSIGNAL:
                for (size_t k = 0; k < in->argc; k++)
                        bh_df_xval(x, &sc, &in->argv[k], kw, NULL);
                break;
        case BH_DF_USER: {
                struct bh_df_xres res;
                if (in->argc == 0)
                        break;
                const char *raw = in->argv[0].s;
                bh_df_xval(x, &sc, &in->argv[0], "USER", &res);
                if (!res.known)
                        bh_df_unknown_diag(x, in->argv[0].loc, "USER", raw, &res, false);
                if (ss) {
                        ss->has_user = true;
                        ss->user = in->argv[0];
                        ss->user_instr = idx;
                }
                break;
        }
        case BH_DF_ENV:
        case BH_DF_LABEL: {
                struct bh_df_xres vres[8]; /* value expansions of the first pairs */
                /* ENV a=1 b=$a: every value sees the variables as they were before */
                for (size_t k = 0; k < in->nkvs; k++) {
                        struct bh_df_kv *kv = &in->kvs[k];
                        struct bh_value key = { kv->key, true, true, kv->loc };
                        bh_df_xval(x, &sc, &key, kw, NULL);
                        kv->key = key.s;
                        bh_df_xval(x, &sc, &kv->value, kw,
                                   k < BH_ELEMENTSOF(vres) ? &vres[k] : NULL);
                }
                if (in->kind == BH_DF_ENV && ss) {
                        for (size_t k = 0; k < in->nkvs; k++) {
                                struct bh_df_kv *kv = &in->kvs[k];
                                struct bh_df_xres res;
                                const char *root = NULL;
                                enum bh_df_why why = BH_DF_WHY_DEPENDS;
                                if (!kv->value.known && kv->raw_value) {
                                        /* which variable made it unknown, as seen after the
                                         * earlier pairs of this ENV are set: the first
                                         * expansion tells when the value names none of them */
                                        if (k < BH_ELEMENTSOF(vres) &&
                                            !bh_df_names_earlier_key(in, k, kv->raw_value))
                                                res = vres[k];
                                        else
                                                bh_df_expand(x->a, &sc, x->escape, kv->raw_value,
                                                             strlen(kv->raw_value), &res);
                                        root = res.var;
                                        why = res.why;
                                }
                                bh_df_vars_set(&ss->env, kv->key, kv->value.s ? kv->value.s : "",
                                               kv->value.known || !kv->value.set, why, root);
                        }
                }
                break;
        }
        case BH_DF_RUN:
                bh_df_run_script(x, in, map, args_off, posix);
                bh_df_heredoc_scripts(x, in, posix);
                break;
        case BH_DF_SHELL:
                if (ss && in->json && in->argc)
                        ss->shell_posix = bh_df_is_posix_shell(in->argv[0].s);
                break;
        case BH_DF_ONBUILD: {
                struct bh_df_instr *sub = in->onbuild;
                if (!sub)
                        break;
                sub->stage = cur;
                /* run in a child build: values stay as written (unknown if they expand) */
                for (size_t k = 0; k < sub->argc; k++)
                        if (sub->kind != BH_DF_RUN && sub->kind != BH_DF_CMD &&
                            sub->kind != BH_DF_ENTRYPOINT && !sub->json)
                                bh_df_xval(x, NULL, &sub->argv[k], "ONBUILD", NULL);
                if (sub->kind == BH_DF_RUN) {
                        bh_df_run_script(x, sub, map, x->onbuild_args_off, posix);
                        bh_df_heredoc_scripts(x, sub, posix);
                }
                break;
        }
        default:
                break;
        }
}

/* ---- the cross-surface model ---- */

static void bh_df_add_port(struct bh_df_ctx *x, struct bh_container *c, const struct bh_value *v)
{
        struct bh_port *p = BH_VEC_NEW(&c->ports);
        const char *s = v->s;
        const char *slash = strchr(s, '/');
        size_t pl = slash ? (size_t)(slash - s) : strlen(s);
        const char *dash = memchr(s, '-', pl);
        uint64_t a = 0, b = 0;

        p->loc = v->loc;
        p->proto = "tcp";
        if (slash) {
                char *pr = bh_arena_strdup(x->a, slash + 1);
                for (char *q = pr; *q; q++)
                        *q = (char)tolower((unsigned char)*q);
                p->proto = pr;
        }
        if (!v->known)
                return;
        if (dash) {
                if (bh_parse_u64n(s, (size_t)(dash - s), 0, 65535, &a) < 0 ||
                    bh_parse_u64n(dash + 1, pl - (size_t)(dash - s) - 1, 0, 65535, &b) < 0)
                        return;
        } else {
                if (bh_parse_u64n(s, pl, 0, 65535, &a) < 0)
                        return;
                b = a;
        }
        p->container_port = (uint32_t)a;
        p->container_port_end = (uint32_t)b;
        p->known = true;
}

static void bh_df_add_caps(struct bh_df_ctx *x, struct bh_container *c, const struct bh_df_kv *kv)
{
        const char *p = kv->value.s;

        if (!p)
                return;
        while (*p) {
                while (*p == ',' || isspace((unsigned char)*p))
                        p++;
                const char *e = p;
                while (*e && *e != ',' && !isspace((unsigned char)*e))
                        e++;
                if (e > p) {
                        struct bh_cap *cap = BH_VEC_NEW(&c->cap_add);
                        cap->raw = bh_arena_strndup(x->a, p, (size_t)(e - p));
                        cap->name = bh_cap_normalize(x->a, cap->raw);
                        cap->loc = kv->value.loc;
                }
                p = e;
        }
}

static void bh_df_runlabel(struct bh_df_ctx *x, const struct bh_df_kv *kv)
{
        const char *v = kv->value.s;

        if (!v)
                return;
        struct bh_sh_script *sc = bh_sh_parse(x->a, v, strlen(v));
        for (size_t i = 0; i < sc->ncmds; i++) {
                const struct bh_sh_cmd *cmd = &sc->cmds[i];
                if (cmd->argv0 >= cmd->nwords)
                        continue;
                size_t n = cmd->nwords - cmd->argv0;
                const char **w = bh_xcalloc(n, sizeof(*w));
                for (size_t k = 0; k < n; k++)
                        w[k] = cmd->words[cmd->argv0 + k].text;
                struct bh_container tmp;
                memset(&tmp, 0, sizeof(tmp));
                if (bh_runcmd_parse(x->doc, w, n, kv->loc, &tmp)) {
                        struct bh_container *c = bh_doc_add_container(x->doc, BH_ORIGIN_RUNLABEL);
                        *c = tmp;
                        c->origin = BH_ORIGIN_RUNLABEL;
                        c->loc = kv->loc;
                        if (!c->name)
                                c->name = kv->key;
                }
                free(w);
        }
}

static void bh_df_model(struct bh_df_ctx *x)
{
        struct bh_dockerfile *df = x->df;
        int t = df->target;

        if (t < 0)
                return;
        /* the chain, root first */
        size_t nchain = 0;
        int *chain = bh_xcalloc(df->nstages, sizeof(*chain));
        for (int s = t; s >= 0 && nchain < df->nstages; s = df->stages[s].parent)
                chain[nchain++] = s;
        const struct bh_df_stage *ts = &df->stages[t];
        struct bh_container *c = bh_doc_add_container(x->doc, BH_ORIGIN_IMAGE_BUILD);
        c->name = ts->name ? ts->name : "image";
        c->loc = df->instrs[ts->first_instr].loc;
        /* FROM <stage> runs on that stage's base: report the image at the root */
        c->image = df->stages[chain[nchain - 1]].base;
        if (ts->user.set) {
                c->user = ts->user;
                c->user.loc = df->instrs[ts->user_instr].loc;
        }
        BH_VEC(const struct bh_df_kv *) runlabels = { 0 };
        for (size_t ci = nchain; ci-- > 0;) {
                const struct bh_df_stage *st = &df->stages[chain[ci]];
                for (size_t i = st->first_instr; i < st->end_instr && i < df->ninstrs; i++) {
                        const struct bh_df_instr *in = &df->instrs[i];
                        switch (in->kind) {
                        case BH_DF_VOLUME:
                                for (size_t k = 0; k < in->argc; k++) {
                                        struct bh_mount *m = BH_VEC_NEW(&c->mounts);
                                        m->kind = BH_MOUNT_ANONYMOUS;
                                        m->target = in->argv[k].s;
                                        m->target_known = in->argv[k].known;
                                        m->loc = in->argv[k].loc;
                                }
                                break;
                        case BH_DF_EXPOSE:
                                for (size_t k = 0; k < in->argc; k++)
                                        bh_df_add_port(x, c, &in->argv[k]);
                                break;
                        case BH_DF_ENV:
                                for (size_t k = 0; k < in->nkvs; k++) {
                                        struct bh_env *e = BH_VEC_NEW(&c->env);
                                        e->name = in->kvs[k].key;
                                        e->value = in->kvs[k].value.s ? in->kvs[k].value.s : "";
                                        e->value_known = in->kvs[k].value.known;
                                        e->loc = in->kvs[k].loc;
                                }
                                break;
                        case BH_DF_LABEL:
                                for (size_t k = 0; k < in->nkvs; k++) {
                                        const struct bh_df_kv *kv = &in->kvs[k];
                                        if (strcmp(kv->key, "io.containers.capabilities") == 0)
                                                bh_df_add_caps(x, c, kv);
                                        else if (strcmp(kv->key, "RUN") == 0 ||
                                                 strcmp(kv->key, "INSTALL") == 0 ||
                                                 strcmp(kv->key, "UNINSTALL") == 0)
                                                BH_VEC_PUSH(&runlabels, kv);
                                }
                                break;
                        default:
                                break;
                        }
                }
        }
        const struct bh_df_stage_state *tss = x->sst.v[t];
        for (size_t k = 0; k < tss->argvals.n; k++)
                BH_VEC_PUSH(&c->env, tss->argvals.v[k]);
        /* c may move in doc->containers' array of pointers, but not itself */
        for (size_t k = 0; k < runlabels.n; k++)
                bh_df_runlabel(x, runlabels.v[k]);
        free(runlabels.v);
        free(chain);
}

void bh_df_build_finish(struct bh_df_ctx *x)
{
        struct bh_dockerfile *df = x->df;

        bh_df_close_stage(x, x->instrs.n);
        if (x->instrs.n) {
                df->instrs = bh_arena_memdup(x->a, x->instrs.v, x->instrs.n * sizeof(*df->instrs));
                df->ninstrs = x->instrs.n;
        }
        if (x->stages.n) {
                df->stages = bh_arena_memdup(x->a, x->stages.v, x->stages.n * sizeof(*df->stages));
                df->nstages = x->stages.n;
        }
        df->target = (int)df->nstages - 1;
        if (x->opt->target && df->nstages) {
                int t = -1;
                for (size_t i = 0; i < df->nstages; i++)
                        if (df->stages[i].name && strcasecmp(df->stages[i].name, x->opt->target) == 0)
                                t = (int)i;
                if (t < 0)
                        bh_df_diag(x, 9002, (struct bh_loc){ 0 },
                                   "target stage '%.60s' not found: the last stage was analysed",
                                   x->opt->target);
                else
                        df->target = t;
        }
        if (df->nstages == 0 && !x->stop)
                bh_df_diag(x, 9002, (struct bh_loc){ 1, 1, 1, 1 },
                           "no FROM instruction: expected FROM image");
        for (int s = df->target; s >= 0; s = df->stages[s].parent)
                df->stages[s].in_final_chain = true;
        for (size_t i = 0; i < x->img_stage.n && x->img_base + i < x->doc->images.n; i++) {
                int s = x->img_stage.v[i];
                x->doc->images.v[x->img_base + i].in_final_chain =
                        s >= 0 && df->stages[s].in_final_chain;
        }
        bh_df_model(x);
}

int bh_frontend_dockerfile(struct bh_doc *doc, const struct bh_df_options *opt,
                           struct bh_error **err)
{
        static const struct bh_df_options none;
        struct bh_df_ctx x;

        (void)err;
        memset(&x, 0, sizeof(x));
        x.doc = doc;
        x.a = &doc->arena;
        x.opt = opt ? opt : &none;
        x.escape = '\\';
        x.img_base = doc->images.n;
        bh_df_vars_init(&x.globals);
        x.df = bh_arena_alloc(x.a, sizeof(*x.df));
        x.df->escape = '\\';
        x.df->target = -1;
        doc->dockerfile = x.df;

        const char *text = doc->text ? doc->text : "";
        size_t len = doc->text ? doc->text_len : 0;
        const char *nul = memchr(text, '\0', len);
        if (nul) {
                /* a binary file: nothing in it can be trusted to be instructions */
                uint32_t line = 1;
                const char *ls = text;
                for (const char *p = text; p < nul; p++)
                        if (*p == '\n') {
                                line++;
                                ls = p + 1;
                        }
                bh_df_diag(&x, 9001, (struct bh_loc){ line, (uint32_t)(nul - ls) + 1, line, 0 },
                           "binary file: NUL byte found, expected a text Dockerfile");
                bh_df_ctx_release(&x);
                return 0;
        }
        bh_df_read(&x);
        bh_df_build_finish(&x);
        bh_df_ctx_release(&x);
        return 0;
}

bool bh_frontend_is_dockerfile_name(const char *basename)
{
        static const char *const exact[] = { "Dockerfile", "Containerfile" };
        static const char *const prefixes[] = { "Dockerfile.", "Containerfile." };
        static const char *const suffixes[] = { ".Dockerfile", ".dockerfile", ".containerfile",
                                                ".Containerfile" };

        if (!basename || !*basename)
                return false;
        for (size_t i = 0; i < BH_ELEMENTSOF(exact); i++)
                if (strcmp(basename, exact[i]) == 0)
                        return true;
        for (size_t i = 0; i < BH_ELEMENTSOF(prefixes); i++)
                if (bh_str_startswith(basename, prefixes[i]) && strlen(basename) > strlen(prefixes[i]))
                        return true;
        for (size_t i = 0; i < BH_ELEMENTSOF(suffixes); i++)
                if (bh_str_endswith(basename, suffixes[i]) && strlen(basename) > strlen(suffixes[i]))
                        return true;
        return false;
}
