/* A streaming JSON writer for the reporters: values go straight to the
 * stream through a fixed buffer, so a report of 100,000 findings never exists
 * as a tree in memory.  The layout matches jansson's JSON_INDENT(2) (golden
 * files depend on it).  Strings are written as valid UTF-8: invalid bytes
 * become U+FFFD; '"', '\\' and control characters are escaped. */
#pragma once

#include <stdio.h>
#include <string.h>

#include "../util/bh-macro.h"

#define BH_JSONW_MAX_DEPTH 32

struct bh_jsonw {
        FILE *out;
        size_t len;
        unsigned depth;
        bool items[BH_JSONW_MAX_DEPTH]; /* the container at this depth has members */
        bool after_key;
        bool err;
        char buf[65536];
};

void bh_jsonw_init(struct bh_jsonw *w, FILE *out);
void bh_jsonw_obj_begin(struct bh_jsonw *w);
void bh_jsonw_obj_end(struct bh_jsonw *w);
void bh_jsonw_arr_begin(struct bh_jsonw *w);
void bh_jsonw_arr_end(struct bh_jsonw *w);
/* The key of the next object member: trusted ASCII that needs no escaping
 * (a literal, so the inline wrappers below fold its length). */
void bh_jsonw_key_n(struct bh_jsonw *w, const char *key, size_t n);
/* A string; NULL writes null. */
void bh_jsonw_str(struct bh_jsonw *w, const char *s);
/* A value rendered before by bh_jsonw_render: written as it is. */
void bh_jsonw_raw(struct bh_jsonw *w, const char *v, size_t n);
/* Render s (not NULL) as a JSON string value into a heap copy, through the
 * writer `scratch` (its stream is never touched): for text written many
 * times, escaped once.  NULL when s is too long to render in one buffer. */
char *bh_jsonw_render(struct bh_jsonw *scratch, const char *s, size_t *ret_len);
void bh_jsonw_int(struct bh_jsonw *w, long long v);
void bh_jsonw_bool(struct bh_jsonw *w, bool v);
void bh_jsonw_null(struct bh_jsonw *w);

static inline void bh_jsonw_key(struct bh_jsonw *w, const char *key)
{
        bh_jsonw_key_n(w, key, strlen(key));
}

/* Shorthands for object members. */
static inline void bh_jsonw_kstr(struct bh_jsonw *w, const char *key, const char *s)
{
        bh_jsonw_key(w, key);
        bh_jsonw_str(w, s);
}

static inline void bh_jsonw_kint(struct bh_jsonw *w, const char *key, long long v)
{
        bh_jsonw_key(w, key);
        bh_jsonw_int(w, v);
}
/* Flush with a final newline; 0, or BH_EIO when any write failed. */
int bh_jsonw_finish(struct bh_jsonw *w);
