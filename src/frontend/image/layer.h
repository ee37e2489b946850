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
};

/* Stream blob b through libarchive into c->merge, verifying its SHA-256
 * against expect ("sha256:..."; NULL: not verified; expect_if_plain: only
 * when the blob is not compressed, expect being a diff_id).  Problems are
 * diagnostics; returns 0, negative only when out of memory. */
int bh_img_layer_read(struct bh_img_layer_ctx *c, struct bh_blob *b, const char *expect,
                      bool expect_if_plain);
