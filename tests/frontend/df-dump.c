/* Print what the Dockerfile frontend understood of a file (a debugging aid
 * for frontend work; not installed). */
#include <stdio.h>

#include "../../src/frontend/frontend.h"
#include "../../src/util/file.h"
#include "../../src/util/limits.h"

#include "../../src/util/bh-banned.h"

static void dump_script(const struct bh_sh_script *s, const char *ind)
{
        if (!s)
                return;
        if (s->error)
                printf("%s  script error: %s @%u\n", ind, s->error_msg, s->error_off);
        for (size_t i = 0; i < s->ncmds; i++) {
                const struct bh_sh_cmd *c = &s->cmds[i];
                printf("%s  cmd[%zu] %u:%u name=%s argv0=%zu sudo=%d pipe=%d/%u sep=%d ctx=%d parent=%d/%d depth=%u off=%u:",
                       ind, i, c->loc.line, c->loc.col, c->name ? c->name : "-", c->argv0, c->via_sudo,
                       c->pipeline, c->pipe_pos, c->sep, c->ctx, c->parent, c->parent_word, c->depth,
                       c->off);
                for (size_t w = 0; w < c->nwords; w++)
                        printf(" [%s]", c->words[w].text);
                for (size_t r = 0; r < c->nredirs; r++)
                        printf(" {%s %s}", c->redirs[r].op, c->redirs[r].target);
                printf("\n");
        }
}

static void dump_instr(const struct bh_df_instr *in, const char *ind)
{
        printf("%s%u:%u-%u %s stage=%d json=%d args=<%s>\n", ind, in->loc.line, in->loc.col,
               in->loc.end_line, in->keyword, in->stage, in->json, in->args_raw ? in->args_raw : "");
        for (size_t f = 0; f < in->nflags; f++)
                printf("%s  flag %s=%s known=%d\n", ind, in->flags[f].name,
                       in->flags[f].value.s ? in->flags[f].value.s : "(none)", in->flags[f].value.known);
        for (size_t a = 0; a < in->argc; a++)
                printf("%s  argv %u:%u <%s> known=%d\n", ind, in->argv[a].loc.line, in->argv[a].loc.col,
                       in->argv[a].s, in->argv[a].known);
        for (size_t k = 0; k < in->nkvs; k++)
                printf("%s  kv %s=%s known=%d set=%d\n", ind, in->kvs[k].key,
                       in->kvs[k].value.s ? in->kvs[k].value.s : "", in->kvs[k].value.known,
                       in->kvs[k].value.set);
        for (size_t h = 0; h < in->nheredocs; h++) {
                printf("%s  heredoc %s line=%u quoted=%d strip=%d script=%d body=<%s>\n", ind,
                       in->heredocs[h].delim, in->heredocs[h].first_line, in->heredocs[h].quoted,
                       in->heredocs[h].strip_tabs, in->heredocs[h].script != NULL,
                       in->heredocs[h].body);
                dump_script(in->heredocs[h].script, "    ");
        }
        dump_script(in->script, ind);
        if (in->onbuild)
                dump_instr(in->onbuild, "    ");
}

int main(int argc, char **argv)
{
        for (int i = 1; i < argc; i++) {
                char *data;
                size_t len;
                struct bh_error *err = NULL;
                struct bh_doc doc;

                if (bh_file_read(argv[i], BH_LIMIT_FILE_SIZE, &data, &len, &err) < 0) {
                        fprintf(stderr, "%s\n", err->msg);
                        bh_error_free(err);
                        return 1;
                }
                bh_doc_init(&doc, argv[i], BH_SURFACE_DOCKERFILE, data, len);
                bh_frontend_dockerfile(&doc, NULL, &err);
                const struct bh_dockerfile *df = doc.dockerfile;
                printf("escape=%c syntax=%s check=%s target=%d\n", df->escape,
                       df->syntax ? df->syntax : "-", df->check ? df->check : "-", df->target);
                for (size_t k = 0; k < df->ninstrs; k++)
                        dump_instr(&df->instrs[k], "");
                for (size_t k = 0; k < df->nstages; k++) {
                        const struct bh_df_stage *s = &df->stages[k];
                        printf("stage %zu name=%s base=%s known=%d parent=%d scratch=%d final=%d user=%s(%d) instrs=%zu..%zu\n",
                               k, s->name ? s->name : "-", s->base.s ? s->base.s : "-", s->base.known,
                               s->parent, s->scratch, s->in_final_chain,
                               s->user.set ? s->user.s : "-", s->user.known, s->first_instr, s->end_instr);
                }
                for (size_t k = 0; k < doc.images.n; k++)
                        printf("image role=%d %s known=%d final=%d at %u:%u\n", doc.images.v[k].role,
                               doc.images.v[k].ref.s, doc.images.v[k].ref.known,
                               doc.images.v[k].in_final_chain, doc.images.v[k].loc.line,
                               doc.images.v[k].loc.col);
                for (size_t k = 0; k < doc.containers.n; k++) {
                        const struct bh_container *c = doc.containers.v[k];
                        printf("container %s origin=%d image=%s user=%s@%u priv=%d\n", c->name, c->origin,
                               c->image.s ? c->image.s : "-", c->user.set ? c->user.s : "-",
                               c->user.loc.line, c->privileged);
                        for (size_t m = 0; m < c->mounts.n; m++)
                                printf("  mount kind=%d %s -> %s ro=%d\n", c->mounts.v[m].kind,
                                       c->mounts.v[m].source ? c->mounts.v[m].source : "-",
                                       c->mounts.v[m].target, c->mounts.v[m].read_only);
                        for (size_t m = 0; m < c->ports.n; m++)
                                printf("  port %u-%u/%s known=%d pub=%d\n", c->ports.v[m].container_port,
                                       c->ports.v[m].container_port_end, c->ports.v[m].proto,
                                       c->ports.v[m].known, c->ports.v[m].published);
                        for (size_t m = 0; m < c->env.n; m++)
                                printf("  env %s=%s known=%d arg=%d\n", c->env.v[m].name, c->env.v[m].value,
                                       c->env.v[m].value_known, c->env.v[m].is_build_arg);
                        for (size_t m = 0; m < c->cap_add.n; m++)
                                printf("  cap+ %s\n", c->cap_add.v[m].name);
                }
                for (size_t k = 0; k < doc.diags.n; k++)
                        printf("diag BH%u %u:%u %s\n", doc.diags.v[k].rule, doc.diags.v[k].loc.line,
                               doc.diags.v[k].loc.col, doc.diags.v[k].message);
                bh_doc_release(&doc);
                free(data);
        }
        return 0;
}
