/* One hardened YAML loader for every YAML surface (compose, Kubernetes, CI
 * files).  It builds a tree with the line and column of every node, keeps
 * aliases as nodes that point at their anchor (so a finding can name both the
 * alias and the anchor), and bounds nodes, depth and what aliases expand to
 * (src/util/limits.h).  Everything lives in the caller's arena. */
#pragma once

#include "../model/model.h"

enum bh_ykind {
        BH_Y_SCALAR = 0,
        BH_Y_SEQ,
        BH_Y_MAP,
        BH_Y_ALIAS, /* *name: target is the anchored node */
};

enum bh_ystyle {
        BH_YSTYLE_PLAIN = 0,
        BH_YSTYLE_QUOTED,  /* single or double quoted */
        BH_YSTYLE_BLOCK,   /* literal | or folded > */
};

struct bh_ynode;

struct bh_ypair {
        struct bh_ynode *key;
        struct bh_ynode *value;
};

struct bh_ynode {
        enum bh_ykind kind;
        enum bh_ystyle style;  /* scalars */
        const char *tag;       /* explicit tag as written ("!reset", "!!str"), or NULL */
        const char *anchor;    /* &name, or NULL */
        const char *value;     /* scalar text (NUL-terminated, may contain NUL: use len) */
        size_t len;
        struct bh_loc loc;     /* start of the node (for an alias: where *name is) */
        struct bh_ynode **items; /* BH_Y_SEQ */
        struct bh_ypair *pairs;  /* BH_Y_MAP, in document order */
        size_t n;              /* items or pairs */
        struct bh_ynode *target; /* BH_Y_ALIAS */
        uint64_t expanded;     /* nodes this node stands for once aliases are expanded */
};

struct bh_ydoc {
        struct bh_ynode *root; /* NULL for an empty document */
        uint32_t start_line;   /* line of the document start ("---" or first content) */
        uint32_t end_line;
};

struct bh_ystream {
        struct bh_ydoc *docs;
        size_t ndocs;
        /* Set when the stream could not be read to the end: the documents before
         * the problem are kept. */
        bool error;
        unsigned error_rule;   /* 9001 syntax, 9003 limit */
        const char *error_msg;
        struct bh_loc error_loc;
};

/* Parse text (YAML 1.1/1.2 stream, JSON included).  Never returns NULL; on a
 * problem, ret->error is set and the documents read so far are kept. */
struct bh_ystream *bh_yaml_load(struct bh_arena *a, const char *text, size_t len);

/* Follow aliases (bounded). */
const struct bh_ynode *bh_y_deref(const struct bh_ynode *n);
/* Value of key in a mapping (after deref of the map; the key compared as a
 * scalar), or NULL.  The last occurrence wins, as in most loaders. */
const struct bh_ynode *bh_y_get(const struct bh_ynode *map, const char *key);
/* The pair for key (to locate the key itself), or NULL. */
const struct bh_ypair *bh_y_get_pair(const struct bh_ynode *map, const char *key);
/* Scalar text after deref, or NULL for non-scalars. */
const char *bh_y_str(const struct bh_ynode *n);
/* YAML 1.2 core schema null / bool (true|false, any case form of the core schema). */
bool bh_y_is_null(const struct bh_ynode *n);
/* Booleans: 1.2 core (true/True/TRUE/false/...) with yaml11 = false; YAML 1.1
 * (y|Y|yes|Yes|YES|n|N|no|No|NO|true|...|on|On|ON|off|Off|OFF) with yaml11 = true.
 * Only plain scalars are booleans.  Returns false when n is not a boolean. */
bool bh_y_bool(const struct bh_ynode *n, bool yaml11, bool *ret);
/* Integer scalar (decimal, optional sign; 0x/0o when yaml11 or core) in
 * [min,max]; false otherwise. */
bool bh_y_int(const struct bh_ynode *n, int64_t min, int64_t max, int64_t *ret);
