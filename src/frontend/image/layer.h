/* Reading one layer into the merged view (layer.c). */
#pragma once

#include "image-int.h"

struct bh_img_layer_ctx {
        struct bh_doc *doc;
        struct bh_image *img;
        struct bh_img_merge *merge;
        struct bh_image_layer *layer;
        uint32_t index;
        struct bh_loc loc; /* where diagnostics go */
        bool stop;         /* a limit was crossed: read no further layer */
        /* Not NULL: record the entries instead of merging them (a stream
         * whose layer order is known only at its end). */
        struct bh_img_rec *rec;
        char digest[80]; /* the blob's digest, once read */
};

/* A layer read from a stream before its place is known: its entries (with
 * the content read for checks) and what was learnt about the blob. */
struct bh_img_rec {
        BH_VEC(struct bh_img_entry) e;
        struct bh_image_layer layer; /* digest: the member name */
        char digest[80];
};
void bh_img_rec_release(struct bh_img_rec *r);
/* Apply a recorded layer as layer c->index of c->merge, verifying its
 * digest as bh_img_layer_read does. */
void bh_img_rec_replay(struct bh_img_layer_ctx *c, const struct bh_img_rec *rec, const char *expect,
                       bool expect_if_plain);

/* Stream blob b through libarchive into c->merge, verifying its SHA-256
 * against expect ("sha256:..."; NULL: not verified; expect_if_plain: only
 * when the blob is not compressed, expect being a diff_id).  Problems are
 * diagnostics; returns 0, negative only when out of memory. */
int bh_img_layer_read(struct bh_img_layer_ctx *c, struct bh_blob *b, const char *expect,
                      bool expect_if_plain);
