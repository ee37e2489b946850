/* The compose frontend's internals.  A compose project is read in three
 * steps, as docker compose does it:
 *   load.c    every file (the scanned one, its override or -f files, extends
 *             and include targets) -> a mutable tree (struct bh_cnode) with
 *             aliases and merge keys resolved and values interpolated;
 *   merge.c   the files merged in order, extends and include applied;
 *   model.c   the merged services -> struct bh_container, networks, images.
 * interp.c holds ${VAR} interpolation and the .env reader.  Everything lives
 * in the document's arena. */
#pragma once

#include "../../util/buf.h"
#include "../frontend.h"
#include "../yamltree.h"

enum bh_cn_kind {
        BH_CN_NULL = 0,
        BH_CN_SCALAR,
        BH_CN_SEQ,
        BH_CN_MAP,
};

/* Compose's YAML tags: !reset drops the value, !override replaces instead of merging. */
enum bh_cn_tag {
        BH_CN_TAG_NONE = 0,
        BH_CN_TAG_RESET,
        BH_CN_TAG_OVERRIDE,
};

struct bh_cnode;

struct bh_cpair {
        struct bh_cnode *key; /* a scalar: its text and where the key is */
        struct bh_cnode *val;
};

/* One node of a compose file after aliases, merge keys and interpolation. */
struct bh_cnode {
        enum bh_cn_kind kind;
        enum bh_cn_tag tag;
        const char *s;     /* scalar: interpolated text; the text as written when !known */
        const char *raw;   /* scalar: as written */
        bool known;        /* scalar: interpolation resolved every variable */
        bool plain;        /* scalar: plain style (YAML booleans and numbers) */
        const char *unres; /* scalar: the first variable that could not be resolved */
        struct bh_loc loc; /* in its own file */
        /* Where the node really is when that is not the scanned document at
         * loc: file is the label of another file (NULL: the scanned one);
         * via (when via.line) is the place in the scanned document that
         * brings it in (an alias, an extends key, an include entry), how says
         * what it is ("from anchor &base at", "extended from", "included from"). */
        const char *file;
        struct bh_loc via;
        const char *how;
        struct bh_cnode **items; /* seq */
        struct bh_cpair *pairs;  /* map, in document order */
        size_t n;
};

/* One loaded file. */
struct bh_cfile {
        const char *path;  /* as read (joined with the including directory) */
        const char *label; /* as shown in messages; NULL for the scanned document */
        const char *dir;   /* its directory ("" for the working directory) */
        struct bh_cnode *root;
};

/* Variables for interpolation: the process environment first, then env files. */
struct bh_cenv {
        BH_VEC(const char *) names;
        BH_VEC(const char *) values;
};

struct bh_compose {
        struct bh_doc *doc;
        const struct bh_frontend_opts *o;
        struct bh_arena *a;
        const char *dir;     /* project directory (of the first file) */
        struct bh_cenv *env; /* of the project being loaded */
        unsigned nfiles;     /* files read, for BH_LIMIT_COMPOSE_FILES */
        unsigned include_depth;
        struct bh_loc services_loc;    /* the `services:` key of the scanned document */
        BH_VEC(struct bh_cfile) files; /* extends targets, each read once */
        struct bh_cnode *project;      /* the merged project (a map) */
};

/* ---- interp.c ---- */

/* The value of name: the process environment wins over env files.  NULL when unset. */
const char *bh_cenv_get(const struct bh_compose *cx, const struct bh_cenv *env, const char *name);
void bh_cenv_set(struct bh_arena *a, struct bh_cenv *env, const char *name, const char *value);
void bh_cenv_release(struct bh_cenv *env);

/* Interpolate s (${VAR}, $VAR, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e},
 * ${VAR:+a}, ${VAR+a}, $$).  *ret_known is false when a variable without a
 * default is unset (*ret_unres names it); *ret_error is set (an arena
 * message) for ${VAR:?err} with VAR missing and for a malformed template.
 * Returns the arena result, or NULL when it crosses BH_LIMIT_EXPANSION_SIZE
 * or nests deeper than BH_LIMIT_COMPOSE_INTERP_NESTING (*ret_error says so). */
const char *bh_compose_interpolate(struct bh_compose *cx, const struct bh_cenv *env, const char *s,
                                   bool *ret_known, const char **ret_unres, const char **ret_error);

/* Parse a .env / env_file text into env (KEY=VALUE, export KEY=VALUE,
 * quotes, # comments; values interpolated from what is defined so far). */
void bh_compose_dotenv(struct bh_compose *cx, struct bh_cenv *env, const char *text, size_t len);

/* ---- load.c ---- */

/* Read a file the project refers to through o->read_file.  0, BH_ENOENT,
 * BH_ELIMIT or another negative code (no read callback: BH_ENOENT). */
int bh_compose_read(struct bh_compose *cx, const char *path, char **ret_data, size_t *ret_len);
/* Join rel to dir (rel as is when absolute). */
const char *bh_compose_join(struct bh_arena *a, const char *dir, const char *rel);
const char *bh_compose_dirname(struct bh_arena *a, const char *path);
/* Parse text as a compose file into a tree (label NULL: the scanned document,
 * whose problems are located exactly; else they go to at with the label).
 * Returns NULL (with a diagnostic) when it is not a YAML mapping. */
struct bh_cnode *bh_compose_load_text(struct bh_compose *cx, const char *text, size_t len,
                                      const char *label, struct bh_loc at);
/* Read and parse path; a missing or unreadable file is a BH9004 at `at`. */
struct bh_cnode *bh_compose_load_file(struct bh_compose *cx, const char *path, const char *label,
                                      struct bh_loc at);

/* ---- merge.c ---- */

/* Merge b over a as compose merges files (a and b may be NULL; NULL back
 * means the value was reset).  ctx names where they are ("", "services",
 * "service" ...) for the per-field rules.  Nodes of b from another file are
 * located at the matching key of a, else at fallback. */
struct bh_cnode *bh_compose_merge(struct bh_compose *cx, struct bh_cnode *a, struct bh_cnode *b,
                                  const char *ctx, struct bh_loc fallback);
/* Apply every service's extends in the file root (read from path, in
 * directory dir; path "" for the scanned document). */
void bh_compose_extends(struct bh_compose *cx, struct bh_cnode *root, const char *dir,
                        const char *path);
/* Load the include: entries of root (in directory dir) into it. */
void bh_compose_include(struct bh_compose *cx, struct bh_cnode *root, const char *dir);
/* Set via/how on every node of n from another file that has no via yet
 * (force: on every node, also of the scanned document). */
void bh_compose_stamp(struct bh_cnode *n, struct bh_loc via, const char *how, bool force,
                      unsigned depth);

/* ---- model.c ---- */

/* A short-syntax volume, split as compose-go's ParseVolume does. */
struct bh_cvol {
        const char *source; /* NULL: an anonymous volume */
        const char *target;
        const char *options; /* after the second colon, or NULL */
        bool bind;           /* the source is a path (., /, ~, \\, a drive letter) */
};
/* False when compose rejects the spec (empty section, too many colons). */
bool bh_compose_volume_spec(struct bh_arena *a, const char *spec, struct bh_cvol *ret);

void bh_compose_model(struct bh_compose *cx);

/* ---- tree helpers (load.c) ---- */

/* A hash index of mapping keys (services of big projects), so that lookups
 * and duplicate checks stay linear in the number of keys. */
#define BH_CIDX_INLINE 32
struct bh_cidx {
        size_t *slot;     /* position + 1; 0: empty */
        const char **key; /* the key of each slot */
        size_t cap;       /* a power of two, at least twice the keys */
        /* small indexes (most mappings) live here, without an allocation */
        size_t slot_inline[BH_CIDX_INLINE];
        const char *key_inline[BH_CIDX_INLINE];
};
void bh_cidx_init(struct bh_cidx *x, size_t nkeys);
/* Position stored for k, or SIZE_MAX. */
size_t bh_cidx_get(const struct bh_cidx *x, const char *k);
/* Store (or replace) the position of k (k must outlive the index). */
void bh_cidx_put(struct bh_cidx *x, const char *k, size_t pos);
void bh_cidx_release(struct bh_cidx *x);

struct bh_cnode *bh_cn_new(struct bh_compose *cx, enum bh_cn_kind kind);
struct bh_cnode *bh_cn_copy(struct bh_compose *cx, const struct bh_cnode *n, unsigned depth);
const struct bh_cpair *bh_cn_pair(const struct bh_cnode *map, const char *key);
struct bh_cnode *bh_cn_get(const struct bh_cnode *map, const char *key);
/* Scalar text (NULL for other kinds or a !reset node). */
const char *bh_cn_str(const struct bh_cnode *n);
/* Where a finding about n should point in the scanned document (with a note
 * naming the other place when it comes from an anchor or another file). */
struct bh_loc bh_cn_loc(struct bh_compose *cx, const struct bh_cnode *n);
