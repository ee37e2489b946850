/* libFuzzer target: the compose frontend (YAML, anchors and merge keys,
 * interpolation, merging, extends, include, the model) on arbitrary bytes.
 * Every file the project refers to (.env, override, extends, include,
 * env_file) reads back the same input, so the merge paths and the depth and
 * file limits are fuzzed too.  Everything is released, so leaks show up
 * under LeakSanitizer. */
#include <stdint.h>

#include "../../src/frontend/frontend.h"
#include "../../src/util/error.h"

#include "../../src/util/bh-banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fz_input {
        const uint8_t *data;
        size_t size;
};

static int fz_read(void *ctx, const char *path, char **ret_data, size_t *ret_len)
{
        const struct fz_input *in = ctx;
        char *p;

        /* odd path lengths are missing files: both branches get exercised */
        if (strlen(path) % 2)
                return BH_ENOENT;
        p = malloc(in->size + 1);
        if (!p)
                return BH_EIO;
        if (in->size)
                memcpy(p, in->data, in->size);
        p[in->size] = '\0';
        *ret_data = p;
        *ret_len = in->size;
        return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char *const env[] = {"A=1", "EMPTY=", "PRIV=true", "SOCK=/var/run/docker.sock",
                                          NULL};
        static const char *const files[] = {"fuzz/compose.yaml", "fuzz/b.yaml"};
        struct fz_input in = {data, size};
        struct bh_frontend_opts o = {0};
        struct bh_error *err = NULL;
        struct bh_doc doc;
        char *text;

        text = malloc(size + 1);
        if (!text)
                return 0;
        if (size)
                memcpy(text, data, size);
        text[size] = '\0';
        o.process_env = env;
        o.read_file = fz_read;
        o.read_ctx = &in;
        /* let the input choose between -f merging and the override file */
        if (size && (data[0] & 1)) {
                o.compose_files = files;
                o.ncompose_files = 2;
        }
        bh_doc_init(&doc, "fuzz/compose.yaml", BH_SURFACE_COMPOSE, text, size);
        bh_frontend_compose(&doc, &o, &err);
        bh_error_free(err);
        bh_doc_release(&doc);
        free(text);
        return 0;
}
