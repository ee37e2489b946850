/* libFuzzer target: one image layer (plain, gzip or zstd tar) streamed
 * through the layer reader into the merged view (whiteouts, opaque
 * directories, hostile paths, limits), then the content parsers over the
 * files it kept. */
#include <stdint.h>
#include <sys/stat.h>

#include "../../src/frontend/image/layer.h"

#include "../../src/util/bh-banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct bh_fuzz_mem {
        const uint8_t *p;
        size_t n;
};

static long bh_fuzz_read(struct bh_blob *b, void *buf, size_t n)
{
        const struct bh_fuzz_mem *m = b->ctx;

        if (b->pos >= m->n)
                return 0;
        if (n > m->n - b->pos)
                n = m->n - (size_t)b->pos;
        memcpy(buf, m->p + b->pos, n);
        b->pos += n;
        return (long)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct bh_doc doc;
        struct bh_image img = {0};
        struct bh_img_merge m;
        struct bh_fuzz_mem mem = {data, size};
        struct bh_blob b = {.size = size, .read = bh_fuzz_read, .ctx = &mem};
        struct bh_image_layer *l;
        size_t n;

        bh_doc_init(&doc, "fuzz.tar", BH_SURFACE_IMAGE, NULL, 0);
        bh_img_merge_init(&m, &doc.arena);
        /* two passes over the same bytes: the second layer's whiteouts apply
         * to the first */
        for (uint32_t i = 0; i < 2; i++) {
                l = BH_VEC_NEW(&img.layers);
                l->digest = "sha256:fuzz";
                struct bh_img_layer_ctx c = {
                        .doc = &doc, .img = &img, .merge = &m, .layer = l, .index = i};
                b.pos = 0;
                bh_img_layer_read(&c, &b, "sha256:0", false);
                if (c.stop)
                        break;
        }
        struct bh_img_entry **v = bh_img_merge_sorted(&m, &n);
        for (size_t i = 0; i < n; i++)
                if (v[i]->data)
                        bh_img_content_parse(&doc, &img, v[i]->f.path, v[i]->data, v[i]->len,
                                             (struct bh_loc){0});
        free(v);
        bh_img_merge_release(&m);
        bh_image_release(&img);
        bh_doc_release(&doc);
        return 0;
}
