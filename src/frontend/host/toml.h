/* A bounded parser for the TOML subset containers.conf and registries.conf
 * use: comments, [table] and [[array.of.tables]] headers (dotted, quoted
 * keys), bare / quoted / dotted keys, basic and literal strings (also
 * multi-line), integers, floats, booleans, dates (kept as text), arrays
 * (nested, multi-line, trailing comma) and inline tables.  Every key and value
 * has its line and column.  Debian 12 packages no C TOML library (only C++
 * and other languages), hence this.  Everything lives in the caller's arena.
 * Internal to src/frontend. */
#pragma once

#include "../../model/model.h"

enum bh_toml_kind {
        BH_TOML_STRING = 0,
        BH_TOML_INTEGER,
        BH_TOML_FLOAT,
        BH_TOML_BOOL,
        BH_TOML_DATETIME,
        BH_TOML_ARRAY,
        BH_TOML_TABLE, /* an inline table */
};

struct bh_toml_val {
        enum bh_toml_kind kind;
        const char *s; /* strings: unescaped; other scalars: the text as written */
        bool b;
        struct bh_toml_val **items; /* ARRAY items, TABLE values */
        const char **keys;          /* TABLE keys (dotted keys joined with '.') */
        size_t n;
        struct bh_loc loc;
};

struct bh_toml_entry {
        const char *table;    /* "containers", "engine.runtimes", "" for the root table */
        uint32_t table_index; /* [[table]]: which element (0-based); 0 otherwise */
        bool array_table;
        struct bh_loc table_loc; /* its header; line 0 for the root table */
        /* dotted keys joined with '.'; a quoted part holding a dot keeps its
         * double quotes: [plugins."io.containerd.grpc.v1.cri".containerd]
         * is table plugins."io.containerd.grpc.v1.cri".containerd */
        const char *key;
        struct bh_loc key_loc;
        struct bh_toml_val *val;
};

struct bh_toml {
        struct bh_toml_entry *entries; /* in file order */
        size_t n;
        /* The first problem (parsing stops there; entries before it are kept):
         * rule 9001 syntax, 9003 a limit.  0 when none. */
        unsigned error_rule;
        const char *error_msg;
        struct bh_loc error_loc;
};

/* Parse text[0..len).  Never returns NULL. */
struct bh_toml *bh_toml_parse(struct bh_arena *a, const char *text, size_t len);

/* The last entry with this table and key (table_index ignored), or NULL. */
const struct bh_toml_entry *bh_toml_get(const struct bh_toml *t, const char *table,
                                        const char *key);
