/* Internal to src/frontend/engine: the summary every mapped document gets
 * (one "Field: value" line per value read, which locations point at) and
 * type-checked JSON accessors. */
#pragma once

#include "../../util/buf.h"
#include "engine.h"

/* Longest value shown on a summary line. */
#define BH_ESUM_VALUE 300u

struct bh_esum {
        struct bh_buf b;
        uint32_t line;
        struct bh_doc *doc;
};

void bh_esum_init(struct bh_esum *s, struct bh_doc *doc);
/* doc->text = the summary (arena copy). */
void bh_esum_finish(struct bh_esum *s);
/* Append "key: value" (printable, bounded) and return its location. */
struct bh_loc bh_esum_add(struct bh_esum *s, const char *key, const char *fmt, ...) BH_PRINTF(3, 4);

/* o[key] when o is an object (NULL otherwise), and typed reads of it. */
json_t *bh_j(json_t *o, const char *key);
const char *bh_js(json_t *o, const char *key);
bool bh_jtrue(json_t *o, const char *key);
json_int_t bh_jint(json_t *o, const char *key);
