/* Shared between the Dockerfile frontend's files (parse.c, expand.c,
 * build.c); not part of the frontend's public contract. */
#pragma once

#include "../../util/buf.h"
#include "../../util/limits.h"
#include "../frontend.h"

/* Offset -> source location map of one logical line (continuation lines
 * joined) or one heredoc body: one segment per physical line piece. */
struct bh_df_seg {
        uint32_t off;  /* offset of the piece in the joined text */
        uint32_t line;
        uint32_t col;  /* column of its first byte */
};

struct bh_df_map {
        struct bh_df_seg *v;
        size_t n;
        size_t cap;
};

struct bh_loc bh_df_map_loc_search(const struct bh_df_map *m, size_t off);
static inline struct bh_loc bh_df_map_loc(const struct bh_df_map *m, size_t off)
{
        /* most instructions are one line: no search */
        if (m->n == 1 && off >= m->v[0].off) {
                uint32_t col = m->v[0].col + (uint32_t)(off - m->v[0].off);
                return (struct bh_loc){ m->v[0].line, col, m->v[0].line, col };
        }
        return bh_df_map_loc_search(m, off);
}

/* isspace() of the C locale (bulkhead never calls setlocale), without the
 * library call: the parser asks it for every byte. */
static inline bool bh_df_is_space(char c)
{
        return c == ' ' || (unsigned char)(c - '\t') <= '\r' - '\t';
}

/* One variable: an ENV or ARG entry of a scope.  value is the text as written
 * when !known. */
enum bh_df_why {
        BH_DF_WHY_KNOWN = 0,
        BH_DF_WHY_NODEFAULT,  /* ARG without default nor build argument */
        BH_DF_WHY_BUILDER,    /* predefined: TARGETARCH... set by the builder */
        BH_DF_WHY_UNDECLARED, /* never declared: may come from the base image */
        BH_DF_WHY_DEPENDS,    /* its value uses an unknown variable */
        BH_DF_WHY_PATTERN,    /* ${V#pat}, ${#V}...: not evaluated */
        BH_DF_WHY_LIMIT,      /* expansion larger than BH_LIMIT_EXPANSION_SIZE */
};

struct bh_df_var {
        const char *name;
        const char *value;
        bool known;
        enum bh_df_why why;
        const char *root; /* the variable that made it unknown */
        int next; /* older entry in the same bucket, -1 at the end */
};

#define BH_DF_VAR_BUCKETS 64u

struct bh_df_vars {
        BH_VEC(struct bh_df_var) v;
        int buckets[BH_DF_VAR_BUCKETS];
        /* FROM <stage>: the parent stage's table, searched after this one.
         * Shared rather than copied, so a thousand stages built from one big
         * stage cost no more than one. */
        const struct bh_df_vars *parent;
};

void bh_df_vars_init(struct bh_df_vars *t);
void bh_df_vars_release(struct bh_df_vars *t);
void bh_df_vars_set(struct bh_df_vars *t, const char *name, const char *value, bool known,
                    enum bh_df_why why, const char *root);
const struct bh_df_var *bh_df_vars_get(const struct bh_df_vars *t, const char *name, size_t n);

/* What an expansion can see: ENV first (it overrides ARG), then ARG. */
struct bh_df_scope {
        const struct bh_df_vars *env;
        const struct bh_df_vars *args;
};

/* Result of processing one word. */
struct bh_df_xres {
        bool known;
        enum bh_df_why why;     /* when !known */
        const char *var;        /* first unknown variable (arena), or NULL */
        const char *error;      /* syntax error (static string), or NULL */
};

/* Process one raw word as BuildKit's shell lexer does: quotes removed, the
 * escape character honoured, and $VAR / ${VAR...} expanded when sc != NULL
 * (when sc == NULL expansions stay as written and make the result unknown).
 * Returns an arena string: the expanded text, or the raw text when unknown. */
const char *bh_df_expand(struct bh_arena *a, const struct bh_df_scope *sc, char escape,
                         const char *raw, size_t n, struct bh_df_xres *res);

/* Split s[0..n) into whitespace-separated words, honouring quotes and the
 * escape character.  Calls fn(start, len, ud) for each word. */
typedef void (*bh_df_word_fn)(size_t start, size_t len, void *ud);
void bh_df_split(const char *s, size_t n, char escape, bh_df_word_fn fn, void *ud);

/* shcmd.c: compute argv0, name, prog, via_sudo and sudo_off of a command
 * whose words are read. */
void bh_shcmd_resolve(struct bh_sh_cmd *c);
/* shcmd.c: index of the word holding the command string of sh -c / su -c of
 * a resolved command, or -1. */
long bh_shcmd_c_string(const struct bh_sh_cmd *c);
/* shcmd.c: exec form ["sh", "-c", "script", ...] (any POSIX shell, flags
 * such as -ec or -o pipefail): the index of the script string, or -1 when
 * argv[0] is not a shell or there is no -c. */
long bh_shcmd_exec_c_string(const struct bh_value *argv, size_t argc);

/* Is this a predefined build argument (TARGETARCH, BUILDPLATFORM...)? */
bool bh_df_is_predefined_arg(const char *name);

/* A word of bh_df_split: s[start, start + len). */
struct bh_df_span {
        size_t start, len;
};

struct bh_df_spans {
        struct bh_df_span *v;
        size_t n;
        size_t cap;
};

/* The parse context shared by parse.c and build.c. */
struct bh_df_stage_state;

struct bh_df_ctx {
        struct bh_doc *doc;
        struct bh_arena *a;
        const struct bh_df_options *opt;
        struct bh_dockerfile *df;
        char escape;
        BH_VEC(struct bh_df_instr) instrs;
        BH_VEC(struct bh_df_stage) stages;
        BH_VEC(struct bh_df_stage_state *) sst;
        struct bh_df_vars globals;
        bool stop;        /* a limit was crossed: read no further */
        /* heredocs of the instruction being read */
        BH_VEC(struct bh_df_heredoc) hd;
        size_t onbuild_args_off;
        size_t img_base;       /* doc->images.n when we started */
        BH_VEC(int) img_stage; /* stage of each doc->images entry we added */
        struct bh_df_map hd_maps[BH_LIMIT_HEREDOCS_PER_INSTR];
        struct bh_df_spans spans; /* scratch of parse.c's word splitting */
};

/* Add a diagnostic whose message has control characters replaced. */
void bh_df_diag(struct bh_df_ctx *x, unsigned rule, struct bh_loc loc, const char *fmt, ...)
        BH_PRINTF(4, 5);

/* parse.c: split one logical instruction (line[0..len), locations from map
 * shifted by base) into out: keyword, flags, raw words, key/values, JSON form
 * and heredoc delimiters.  Values are raw here; build.c expands them.
 * Returns the offset of args_raw in map coordinates.  The heredoc delimiters
 * found (all of them, also past the per-instruction limit) are left in
 * x->hd for the line reader. */
size_t bh_df_parse_instr(struct bh_df_ctx *x, const char *line, size_t len,
                       const struct bh_df_map *map, size_t base, struct bh_df_instr *out);
/* Is this instruction one that can carry heredocs (RUN, COPY, ADD)? */
bool bh_df_kind_has_heredocs(enum bh_df_kind k);

/* build.c: the semantic step of one parsed instruction (stages, scopes,
 * expansion, scripts).  map is the instruction's location map (for the
 * shell-form script), args_off the offset of args_raw in it. */
void bh_df_build_instr(struct bh_df_ctx *x, size_t idx, const struct bh_df_map *map,
                       size_t args_off);
/* A script's command locations from a map (shift added to each offset). */
void bh_df_script_locate(struct bh_sh_script *sc, const struct bh_df_map *map, size_t shift);
/* build.c: after the last instruction: target, chains, users, the model. */
void bh_df_build_finish(struct bh_df_ctx *x);
void bh_df_ctx_release(struct bh_df_ctx *x);
/* parse.c: the line reader; fills x->instrs through the two hooks above. */
void bh_df_read(struct bh_df_ctx *x);
