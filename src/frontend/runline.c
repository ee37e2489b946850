/* docker/podman/nerdctl run and create command lines found in shell scripts,
 * Makefiles, systemd units, CI YAML (GitHub workflows, GitLab CI) and
 * Markdown code blocks.  Each place is turned into shell text with a map back
 * to the file, tokenized by the same shell tokenizer as Dockerfile RUN, and
 * every run/create command becomes one container (BH_ORIGIN_RUNLINE) through
 * the run-flag parser (runcmd.c). */
#include <ctype.h>
#include <string.h>

#include "../util/limits.h"
#include "../util/strutil.h"
#include "frontend.h"
#include "runline.h"
#include "unitfile.h"
#include "yamltree.h"

#include "../util/bh-banned.h"

/* ---- run flags with a location per word ---- */

/* Stands for the image so that bh_runcmd_parse stops after one option. */
static const char bh_rl_placeholder[] = "bulkhead.invalid/placeholder";

/* Does option opt take the next word as its value (whatever that word looks
 * like)?  Asked of bh_runcmd_parse itself on a scratch document, so that its
 * flag table is the only one. */
static bool bh_rl_takes_next(const char *prog, const char *opt)
{
        const char *w[5] = {prog, "run", opt, "x", bh_rl_placeholder};
        struct bh_doc scratch;
        struct bh_loc l = {0};
        bool taken;

        bh_doc_init(&scratch, "", BH_SURFACE_RUNCMD, "", 0);
        struct bh_container *c = bh_doc_add_container(&scratch, BH_ORIGIN_RUNLINE);
        bh_runcmd_parse(&scratch, w, 5, l, c);
        taken = c->image.s && strcmp(c->image.s, bh_rl_placeholder) == 0;
        bh_doc_release(&scratch);
        return taken;
}

size_t bh_runline_apply_flags(struct bh_doc *doc, const char *prog, const char *const *words,
                              const struct bh_loc *locs, size_t n, struct bh_container *c)
{
        struct bh_value image = c->image;
        struct bh_loc loc = c->loc, owner = c->owner_loc;
        size_t nimages = doc->images.n;
        size_t i = 0;

        while (i < n) {
                const char *w = words[i];
                const char *argv[5];
                size_t k = 0;

                if (strcmp(w, "--") == 0) {
                        i++;
                        break;
                }
                if (w[0] != '-' || w[1] == '\0')
                        break; /* the image */
                bool next = i + 1 < n && bh_rl_takes_next(prog, w);
                argv[k++] = prog;
                argv[k++] = "run";
                argv[k++] = w;
                if (next)
                        argv[k++] = words[i + 1];
                /* no value: the option is the last word, so no image is taken */
                if (next || i + 1 < n)
                        argv[k++] = bh_rl_placeholder;
                bh_runcmd_parse(doc, argv, k, locs[i], c);
                i += next ? 2 : 1;
        }
        c->image = image;
        c->loc = loc;
        c->owner_loc = owner;
        doc->images.n = nimages;
        return i;
}

/* ---- text assembled from pieces of the file, with the way back ---- */

struct bh_rl_src {
        BH_VEC(char) text;
        BH_VEC(struct bh_unit_seg) segs;
        bool fixed; /* every offset maps to the first piece's start */
};

static void bh_rl_src_add(struct bh_rl_src *s, const char *p, size_t n, uint32_t line, uint32_t col)
{
        struct bh_unit_seg seg = {(uint32_t)s->text.n, line, col};

        BH_VEC_PUSH(&s->segs, seg);
        for (size_t i = 0; i < n; i++)
                BH_VEC_PUSH(&s->text, p[i]);
}

static void bh_rl_src_reset(struct bh_rl_src *s)
{
        s->text.n = 0;
        s->segs.n = 0;
        s->fixed = false;
}

static void bh_rl_src_release(struct bh_rl_src *s)
{
        free(s->text.v);
        free(s->segs.v);
        memset(s, 0, sizeof(*s));
}

static struct bh_loc bh_rl_src_loc(const struct bh_rl_src *s, size_t off)
{
        struct bh_loc l = {0};
        size_t lo = 0, hi = s->segs.n;

        if (!s->segs.n)
                return l;
        if (s->fixed)
                off = 0;
        /* the last piece starting at or before off */
        while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                if (s->segs.v[mid].voff <= off)
                        lo = mid;
                else
                        hi = mid;
        }
        const struct bh_unit_seg *g = &s->segs.v[lo];
        l.line = l.end_line = g->line;
        l.col = l.end_col = g->col + (uint32_t)(off >= g->voff ? off - g->voff : 0);
        return l;
}

/* ---- commands into containers ---- */

struct bh_rl {
        struct bh_doc *doc;
        size_t ncontainers;
        bool limit_reported;
        bool report_syntax; /* a shell syntax error is a finding (not in Markdown) */
        bool systemd_at;    /* ExecStart=@path argv0 ...: words[1] is argv[0] */
};

static bool bh_rl_is_engine(const char *name)
{
        return name && (strcmp(name, "docker") == 0 || strcmp(name, "podman") == 0 ||
                        strcmp(name, "nerdctl") == 0);
}

/* One command: a container when it is run/create. */
static void bh_rl_command(struct bh_rl *r, const struct bh_sh_cmd *cmd, const struct bh_rl_src *src)
{
        size_t n = cmd->nwords - cmd->argv0, sub = 0;
        const char *prog;

        if (cmd->argv0 >= cmd->nwords || !bh_rl_is_engine(cmd->name) || n < 2)
                return;
        /* nerdctl takes docker's flags */
        prog = strcmp(cmd->name, "podman") == 0 ? "podman" : "docker";
        const char **w = bh_xcalloc(n, sizeof(*w));
        struct bh_loc *locs = bh_xcalloc(n, sizeof(*locs));
        size_t m = 0;
        for (size_t k = 0; k < n; k++) {
                if (r->systemd_at && k == 1)
                        continue;
                w[m] = cmd->words[cmd->argv0 + k].text;
                locs[m] = bh_rl_src_loc(src, cmd->words[cmd->argv0 + k].off);
                m++;
        }
        w[0] = prog;
        /* is it a run/create command at all (global options included)? */
        struct bh_doc scratch;
        bh_doc_init(&scratch, "", BH_SURFACE_RUNCMD, "", 0);
        bool is_run = bh_runcmd_parse(&scratch, w, m, locs[0],
                                      bh_doc_add_container(&scratch, BH_ORIGIN_RUNLINE));
        bh_doc_release(&scratch);
        for (size_t k = 1; is_run && k < m && !sub; k++)
                if (strcmp(w[k], "run") == 0 || strcmp(w[k], "create") == 0)
                        sub = k;
        if (!is_run || !sub)
                goto out;
        if (r->ncontainers >= BH_LIMIT_RUNLINES) {
                if (!r->limit_reported)
                        bh_doc_add_diag(r->doc, 9003, locs[0],
                                        "more than %u run command lines; the rest were not read",
                                        BH_LIMIT_RUNLINES);
                r->limit_reported = true;
                goto out;
        }
        r->ncontainers++;
        struct bh_container *c = bh_doc_add_container(r->doc, BH_ORIGIN_RUNLINE);
        c->loc = locs[0];
        c->owner_loc = locs[0];
        size_t img =
                sub + 1 +
                bh_runline_apply_flags(r->doc, prog, w + sub + 1, locs + sub + 1, m - sub - 1, c);
        const char *sub_name = sub >= 2 && strcmp(w[sub - 1], "container") == 0 ? "container " : "";
        c->name = bh_arena_printf(&r->doc->arena, "%s %s%s (line %u)", cmd->name, sub_name, w[sub],
                                  locs[0].line);
        if (img < m) {
                const struct bh_sh_word *iw =
                        &cmd->words[cmd->argv0 + img + (r->systemd_at ? 1 : 0)];
                c->image.s = bh_arena_strdup(&r->doc->arena, w[img]);
                c->image.set = true;
                c->image.known = iw->literal && !strchr(w[img], '$');
                c->image.loc = locs[img];
                if (c->image.known) {
                        struct bh_imgref *ref = BH_VEC_NEW(&r->doc->images);
                        ref->role = BH_IMGREF_RUN;
                        ref->ref = c->image;
                        ref->raw = c->image.s;
                        ref->loc = c->image.loc;
                }
        }
out:
        free(w);
        free(locs);
}

/* Tokenize src's text and turn every run command into a container. */
static void bh_rl_script(struct bh_rl *r, const struct bh_rl_src *src)
{
        if (!src->text.n || (!memmem(src->text.v, src->text.n, "docker", 6) &&
                             !memmem(src->text.v, src->text.n, "podman", 6) &&
                             !memmem(src->text.v, src->text.n, "nerdctl", 7)))
                return;
        char *text = bh_arena_strndup(&r->doc->arena, src->text.v, src->text.n);
        struct bh_sh_script *s = bh_sh_parse(&r->doc->arena, text, src->text.n);

        for (size_t i = 0; i < s->ncmds; i++)
                bh_rl_command(r, &s->cmds[i], src);
        if (s->truncated)
                bh_doc_add_diag(
                        r->doc, 9003, bh_rl_src_loc(src, 0),
                        "shell script too large or nested too deeply; the rest was not read");
        else if (s->error && r->report_syntax)
                bh_doc_add_diag(r->doc, 9002, bh_rl_src_loc(src, s->error_off),
                                "shell syntax error: %s; commands after it were not read",
                                s->error_msg ? s->error_msg : "unreadable");
}

/* ---- the kinds of files ---- */

/* Physical lines of the document, without their newline. */
struct bh_rl_lines {
        const char *p, *end;
        uint32_t no;
};

static bool bh_rl_next_line(struct bh_rl_lines *it, const char **ret, size_t *ret_len)
{
        if (it->p >= it->end)
                return false;
        const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
        *ret = it->p;
        *ret_len = (size_t)((nl ? nl : it->end) - it->p);
        it->p = nl ? nl + 1 : it->end;
        it->no++;
        return true;
}

static struct bh_rl_lines bh_rl_lines_of(const struct bh_doc *doc)
{
        struct bh_rl_lines it = {doc->text, doc->text + doc->text_len, 0};
        return it;
}

static void bh_rl_shell(struct bh_rl *r)
{
        struct bh_rl_src src = {0};
        struct bh_rl_lines it = bh_rl_lines_of(r->doc);
        const char *p;
        size_t len;

        while (bh_rl_next_line(&it, &p, &len)) {
                bh_rl_src_add(&src, p, len, it.no, 1);
                BH_VEC_PUSH(&src.text, '\n');
        }
        bh_rl_script(r, &src);
        bh_rl_src_release(&src);
}

/* Makefile recipes: tab-indented lines of a rule, each one a shell command
 * line of its own.  A backslash-newline is kept for the shell, the next
 * line's leading tab is not; the @ - + prefixes are make's. */
static void bh_rl_make(struct bh_rl *r)
{
        struct bh_rl_src src = {0};
        struct bh_rl_lines it = bh_rl_lines_of(r->doc);
        const char *p;
        size_t len;
        bool in_rule = false, recipe_cont = false, other_cont = false;

        while (bh_rl_next_line(&it, &p, &len)) {
                size_t l = len;
                if (l && p[l - 1] == '\r')
                        l--;
                bool more = l && p[l - 1] == '\\';
                if (recipe_cont) {
                        size_t skip = l && p[0] == '\t' ? 1 : 0;
                        BH_VEC_PUSH(&src.text, '\n');
                        bh_rl_src_add(&src, p + skip, l - skip, it.no, (uint32_t)skip + 1);
                } else if (other_cont) {
                        /* the rest of a continued variable or rule line */
                        other_cont = more;
                        continue;
                } else if (l && p[0] == '\t' && in_rule) {
                        size_t s = 1;
                        while (s < l && (p[s] == '@' || p[s] == '-' || p[s] == '+' || p[s] == ' ' ||
                                         p[s] == '\t'))
                                s++;
                        bh_rl_src_reset(&src);
                        bh_rl_src_add(&src, p + s, l - s, it.no, (uint32_t)s + 1);
                } else {
                        /* a rule line "targets: prerequisites", not an assignment */
                        const char *colon = memchr(p, ':', l);
                        if (l && p[0] != '#' && p[0] != '\t')
                                in_rule = colon && !(colon + 1 < p + l && colon[1] == '=') &&
                                          !memchr(p, '=', (size_t)(colon - p));
                        other_cont = more;
                        continue;
                }
                recipe_cont = more;
                if (!recipe_cont)
                        bh_rl_script(r, &src);
        }
        if (recipe_cont)
                bh_rl_script(r, &src);
        bh_rl_src_release(&src);
}

/* systemd .service: the Exec*= settings of [Service], after systemd's
 * special prefixes (- @ + ! !! : |). */
static void bh_rl_systemd(struct bh_rl *r)
{
        static const char *const keys[] = {
                "ExecStart",    "ExecStartPre", "ExecStartPost", "ExecStop",
                "ExecStopPost", "ExecReload",   "ExecCondition",
        };
        struct bh_unit u;
        struct bh_rl_src src = {0};

        bh_unit_parse(r->doc, &u);
        for (size_t i = 0; i < u.n; i++) {
                const struct bh_unit_entry *e = &u.entries[i];
                bool exec = false;
                for (size_t k = 0; k < BH_ELEMENTSOF(keys); k++)
                        exec = exec || strcmp(e->key, keys[k]) == 0;
                if (!exec || strcmp(e->section, "Service") != 0)
                        continue;
                size_t s = 0;
                r->systemd_at = false;
                while (s < e->vlen && strchr("-@+!:|", e->value[s])) {
                        if (e->value[s] == '@')
                                r->systemd_at = true;
                        s++;
                }
                bh_rl_src_reset(&src);
                /* one piece per continuation line, so columns stay exact */
                for (size_t g = 0; g < e->nsegs; g++) {
                        size_t from = e->segs[g].voff,
                               to = g + 1 < e->nsegs ? e->segs[g + 1].voff : e->vlen;
                        uint32_t col = e->segs[g].col;
                        if (to <= s)
                                continue;
                        if (from < s) {
                                col += (uint32_t)(s - from);
                                from = s;
                        }
                        bh_rl_src_add(&src, e->value + from, to - from, e->segs[g].line, col);
                }
                bh_rl_script(r, &src);
        }
        r->systemd_at = false;
        bh_rl_src_release(&src);
}

/* A YAML scalar holding a script: literal blocks map line by line, one-line
 * scalars column by column; folded and multi-line flow scalars point every
 * command at the scalar. */
static void bh_rl_yaml_script(struct bh_rl *r, const struct bh_ynode *n)
{
        struct bh_rl_src src = {0};
        const char *line;
        size_t llen;

        n = bh_y_deref(n);
        if (!n || n->kind != BH_Y_SCALAR || !n->len)
                return;
        bool multi = memchr(n->value, '\n', n->len) != NULL;
        char ind =
                bh_doc_line(r->doc, n->loc.line, &line, &llen) && n->loc.col && n->loc.col <= llen
                        ? line[n->loc.col - 1]
                        : 0;
        if (n->style == BH_YSTYLE_BLOCK && ind == '|') {
                /* the block's indentation: its first non-blank line */
                uint32_t indent = 0;
                for (uint32_t ln = n->loc.line + 1; bh_doc_line(r->doc, ln, &line, &llen); ln++) {
                        size_t k = 0;
                        while (k < llen && line[k] == ' ')
                                k++;
                        if (k < llen && line[k] != '\r') {
                                indent = (uint32_t)k;
                                break;
                        }
                }
                uint32_t ln = n->loc.line + 1;
                for (const char *p = n->value, *end = n->value + n->len; p < end; ln++) {
                        const char *nl = memchr(p, '\n', (size_t)(end - p));
                        size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
                        bh_rl_src_add(&src, p, l, ln, indent + 1);
                        if (nl)
                                BH_VEC_PUSH(&src.text, '\n');
                        p = nl ? nl + 1 : end;
                }
        } else {
                uint32_t col = n->loc.col + (n->style == BH_YSTYLE_QUOTED ? 1 : 0);
                bh_rl_src_add(&src, n->value, n->len, n->loc.line, col);
                src.fixed = multi || n->style == BH_YSTYLE_BLOCK;
        }
        bh_rl_script(r, &src);
        bh_rl_src_release(&src);
}

/* GitLab script lists may nest (YAML anchors of lists); bounded by the loader's depth. */
static void bh_rl_yaml_scripts(struct bh_rl *r, const struct bh_ynode *n, unsigned depth)
{
        n = bh_y_deref(n);
        if (!n || depth > BH_LIMIT_YAML_DEPTH)
                return;
        if (n->kind == BH_Y_SCALAR) {
                bh_rl_yaml_script(r, n);
                return;
        }
        if (n->kind == BH_Y_SEQ)
                for (size_t i = 0; i < n->n; i++)
                        bh_rl_yaml_scripts(r, n->items[i], depth + 1);
}

static void bh_rl_ci(struct bh_rl *r, bool gitlab)
{
        struct bh_ystream *ys = bh_yaml_load(&r->doc->arena, r->doc->text, r->doc->text_len);

        if (ys->error)
                bh_doc_add_diag(r->doc, ys->error_rule ? ys->error_rule : 9001, ys->error_loc, "%s",
                                ys->error_msg ? ys->error_msg : "YAML could not be read");
        for (size_t d = 0; d < ys->ndocs; d++) {
                const struct bh_ynode *root = bh_y_deref(ys->docs[d].root);
                if (!root || root->kind != BH_Y_MAP)
                        continue;
                if (gitlab) {
                        /* every job (and default:, hidden .templates) */
                        for (size_t j = 0; j < root->n; j++) {
                                const struct bh_ynode *job = bh_y_deref(root->pairs[j].value);
                                if (!job || job->kind != BH_Y_MAP)
                                        continue;
                                bh_rl_yaml_scripts(r, bh_y_get(job, "before_script"), 0);
                                bh_rl_yaml_scripts(r, bh_y_get(job, "script"), 0);
                                bh_rl_yaml_scripts(r, bh_y_get(job, "after_script"), 0);
                        }
                        continue;
                }
                const struct bh_ynode *jobs = bh_y_deref(bh_y_get(root, "jobs"));
                for (size_t j = 0; jobs && jobs->kind == BH_Y_MAP && j < jobs->n; j++) {
                        const struct bh_ynode *job = bh_y_deref(jobs->pairs[j].value);
                        const struct bh_ynode *steps = job && job->kind == BH_Y_MAP
                                                               ? bh_y_deref(bh_y_get(job, "steps"))
                                                               : NULL;
                        for (size_t s = 0; steps && steps->kind == BH_Y_SEQ && s < steps->n; s++) {
                                const struct bh_ynode *step = bh_y_deref(steps->items[s]);
                                if (step && step->kind == BH_Y_MAP)
                                        bh_rl_yaml_script(r, bh_y_get(step, "run"));
                        }
                }
        }
}

/* Markdown fenced code blocks: sh, bash, shell, zsh, console (only "$ " and
 * "# " prompt lines and their continuations), and unlabelled blocks that
 * start with an engine command. */
static bool bh_rl_md_starts_engine(const char *p, size_t l)
{
        static const char *const starts[] = {"docker ",      "podman ",      "nerdctl ",
                                             "sudo docker ", "sudo podman ", "$ docker ",
                                             "$ podman ",    "$ sudo ",      "$ nerdctl "};
        for (size_t i = 0; i < BH_ELEMENTSOF(starts); i++)
                if (l >= strlen(starts[i]) && memcmp(p, starts[i], strlen(starts[i])) == 0)
                        return true;
        return false;
}

static void bh_rl_markdown(struct bh_rl *r)
{
        struct bh_rl_src src = {0};
        struct bh_rl_lines it = bh_rl_lines_of(r->doc);
        const char *p;
        size_t len;
        char fch = 0;
        size_t flen = 0, findent = 0;
        enum { MD_OUT, MD_SKIP, MD_SHELL, MD_CONSOLE, MD_PROBE } st = MD_OUT;
        bool cont = false;

        while (bh_rl_next_line(&it, &p, &len)) {
                size_t l = len, ind = 0;
                if (l && p[l - 1] == '\r')
                        l--;
                while (ind < l && p[ind] == ' ')
                        ind++;
                const char *q = p + ind;
                size_t ql = l - ind;
                if (st == MD_OUT) {
                        size_t k = 0;
                        if (ql < 3 || (q[0] != '`' && q[0] != '~'))
                                continue;
                        while (k < ql && q[k] == q[0])
                                k++;
                        if (k < 3)
                                continue;
                        fch = q[0];
                        flen = k;
                        findent = ind;
                        while (k < ql && (q[k] == ' ' || q[k] == '\t'))
                                k++;
                        size_t ie = k;
                        while (ie < ql && !isspace((unsigned char)q[ie]) && q[ie] != '{' &&
                               q[ie] != ',')
                                ie++;
                        char info[32];
                        size_t il = BH_MIN(ie - k, sizeof(info) - 1);
                        for (size_t i = 0; i < il; i++)
                                info[i] = (char)tolower((unsigned char)q[k + i]);
                        info[il] = '\0';
                        if (!strcmp(info, "sh") || !strcmp(info, "bash") ||
                            !strcmp(info, "shell") || !strcmp(info, "zsh"))
                                st = MD_SHELL;
                        else if (!strcmp(info, "console") || !strcmp(info, "shell-session") ||
                                 !strcmp(info, "shellsession"))
                                st = MD_CONSOLE;
                        else if (!il)
                                st = MD_PROBE;
                        else
                                st = MD_SKIP;
                        bh_rl_src_reset(&src);
                        cont = false;
                        continue;
                }
                /* the closing fence */
                if (ql >= flen && q[0] == fch) {
                        size_t k = 0;
                        while (k < ql && q[k] == fch)
                                k++;
                        while (k < ql && (q[k] == ' ' || q[k] == '\t'))
                                k++;
                        if (k == ql) {
                                if (st != MD_SKIP && st != MD_PROBE)
                                        bh_rl_script(r, &src);
                                st = MD_OUT;
                                continue;
                        }
                }
                if (st == MD_SKIP)
                        continue;
                /* content lines lose the fence's indentation */
                size_t strip = BH_MIN(ind, findent);
                const char *c = p + strip;
                size_t cl = l - strip;
                if (st == MD_PROBE) {
                        if (!cl || ind == l)
                                continue;
                        bool engine = bh_rl_md_starts_engine(c, cl);
                        st = !engine                                   ? MD_SKIP
                             : (cl >= 2 && c[0] == '$' && c[1] == ' ') ? MD_CONSOLE
                                                                       : MD_SHELL;
                        if (st == MD_SKIP)
                                continue;
                }
                if (st == MD_CONSOLE && !cont) {
                        if (cl < 2 || (c[0] != '$' && c[0] != '#') || c[1] != ' ')
                                continue; /* output */
                        c += 2;
                        cl -= 2;
                        strip += 2;
                }
                cont = cl && c[cl - 1] == '\\';
                bh_rl_src_add(&src, c, cl, it.no, (uint32_t)strip + 1);
                BH_VEC_PUSH(&src.text, '\n');
        }
        /* an unclosed fence runs to the end of the document */
        if (st == MD_SHELL || st == MD_CONSOLE)
                bh_rl_script(r, &src);
        bh_rl_src_release(&src);
}

enum bh_rl_kind {
        BH_RL_SHELL,
        BH_RL_MAKE,
        BH_RL_SYSTEMD,
        BH_RL_GITHUB,
        BH_RL_GITLAB,
        BH_RL_MARKDOWN,
};

static enum bh_rl_kind bh_rl_kind_of(const char *path)
{
        const char *base = bh_path_basename(path);

        if (bh_str_endswith(base, ".gitlab-ci.yml") || bh_str_endswith(base, ".gitlab-ci.yaml"))
                return BH_RL_GITLAB;
        if (bh_str_endswith(base, ".workflow.yml") || bh_str_endswith(base, ".workflow.yaml") ||
            ((bh_str_endswith(base, ".yml") || bh_str_endswith(base, ".yaml")) &&
             strstr(path, ".github/workflows/")))
                return BH_RL_GITHUB;
        if (bh_str_endswith(base, ".md") || bh_str_endswith(base, ".markdown"))
                return BH_RL_MARKDOWN;
        if (bh_str_endswith(base, ".service"))
                return BH_RL_SYSTEMD;
        if (bh_str_endswith(base, "Makefile") || strcmp(base, "makefile") == 0 ||
            bh_str_endswith(base, ".mk"))
                return BH_RL_MAKE;
        return BH_RL_SHELL;
}

int bh_frontend_runline(struct bh_doc *doc, struct bh_error **err)
{
        struct bh_rl r = {.doc = doc, .report_syntax = true};
        const char *t = doc->text;
        size_t n = doc->text_len;

        (void)err;
        /* the cheap gate: most Markdown and CI files never name an engine */
        if (!memmem(t, n, "docker", 6) && !memmem(t, n, "podman", 6) && !memmem(t, n, "nerdctl", 7))
                return 0;
        if (memchr(t, '\0', n)) {
                struct bh_loc l = {1, 1, 1, 1};
                bh_doc_add_diag(doc, 9001, l, "binary file (NUL byte): not a script");
                return 0;
        }
        switch (bh_rl_kind_of(doc->path)) {
        case BH_RL_MAKE:
                bh_rl_make(&r);
                break;
        case BH_RL_SYSTEMD:
                bh_rl_systemd(&r);
                break;
        case BH_RL_GITHUB:
                bh_rl_ci(&r, false);
                break;
        case BH_RL_GITLAB:
                bh_rl_ci(&r, true);
                break;
        case BH_RL_MARKDOWN:
                r.report_syntax = false;
                bh_rl_markdown(&r);
                break;
        case BH_RL_SHELL:
        default:
                bh_rl_shell(&r);
                break;
        }
        return 0;
}

bool bh_runline_match_path(const char *path, const char *base)
{
        if (bh_str_endswith(base, ".sh") || bh_str_endswith(base, ".bash") ||
            strcmp(base, "Makefile") == 0 || strcmp(base, "GNUmakefile") == 0 ||
            strcmp(base, "makefile") == 0 || bh_str_endswith(base, ".mk") ||
            bh_str_endswith(base, ".service") || bh_str_endswith(base, ".md") ||
            bh_str_endswith(base, ".markdown") || bh_str_endswith(base, ".gitlab-ci.yml") ||
            bh_str_endswith(base, ".gitlab-ci.yaml"))
                return true;
        return (bh_str_endswith(base, ".yml") || bh_str_endswith(base, ".yaml")) &&
               (strstr(path, "/.github/workflows/") ||
                bh_str_startswith(path, ".github/workflows/"));
}

/* A file named explicitly with a #! line running a POSIX shell. */
bool bh_runline_sniff(const char *text, size_t len)
{
        static const char *const shells[] = {"sh", "bash", "dash", "ash", "ksh", "zsh"};
        char line[128];
        size_t n = 0;

        if (len < 3 || text[0] != '#' || text[1] != '!')
                return false;
        while (n < len - 2 && n < sizeof(line) - 1 && text[n + 2] != '\n')
                n++;
        memcpy(line, text + 2, n);
        line[n] = '\0';
        /* the interpreter, or the program /usr/bin/env runs */
        char *p = line, *w = NULL;
        for (int k = 0; k < 2; k++) {
                while (*p == ' ' || *p == '\t')
                        p++;
                w = p;
                while (*p && *p != ' ' && *p != '\t' && *p != '\r')
                        p++;
                if (*p)
                        *p++ = '\0';
                if (strcmp(bh_path_basename(w), "env") != 0)
                        break;
        }
        for (size_t i = 0; i < BH_ELEMENTSOF(shells); i++)
                if (strcmp(bh_path_basename(w), shells[i]) == 0)
                        return true;
        return false;
}
