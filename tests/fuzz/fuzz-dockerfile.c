/* libFuzzer target: the Dockerfile frontend (reader, expansion, shell
 * tokenizer, run command lines) on arbitrary bytes.  Everything it allocates
 * is released, so leaks show up under LeakSanitizer. */
#include <stdint.h>

#include "../../src/frontend/frontend.h"

#include "../../src/util/bh-banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char *const build_args[] = { "A=1", "UID=0", "EMPTY=" };
        struct bh_df_options opt = { NULL, build_args, BH_ELEMENTSOF(build_args) };
        struct bh_error *err = NULL;
        struct bh_doc doc;
        char *text;

        /* the model promises frontends a NUL-terminated text */
        text = malloc(size + 1);
        if (!text)
                return 0;
        if (size)
                memcpy(text, data, size);
        text[size] = '\0';
        /* let the input pick a --target so that path is fuzzed too */
        if (size && (data[0] & 1))
                opt.target = "build";
        bh_doc_init(&doc, "fuzz", BH_SURFACE_DOCKERFILE, text, size);
        bh_frontend_dockerfile(&doc, &opt, &err);
        bh_error_free(err);
        /* the tokenizer alone, on text that need not be NUL-terminated */
        bh_sh_parse(&doc.arena, (const char *)data, size);
        bh_doc_release(&doc);
        free(text);
        return 0;
}
