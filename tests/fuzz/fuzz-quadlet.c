/* libFuzzer target: the Quadlet frontend (unit syntax, word splitting, the
 * keys through the run-flag parser).  The first byte picks the unit type, so
 * every kind of unit is fuzzed. */
#include <stdint.h>

#include "../../src/frontend/frontend.h"

#include "../../src/util/bh-banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char *const names[] = {"a.container", "a.pod",    "a.kube",
                                            "a.network",   "a.volume", "unit.txt"};
        struct bh_error *err = NULL;
        struct bh_doc doc;
        char *text;

        if (!size)
                return 0;
        text = malloc(size);
        if (!text)
                return 0;
        /* the rest of the input, NUL-terminated as the model promises */
        memcpy(text, data + 1, size - 1);
        text[size - 1] = '\0';
        bh_doc_init(&doc, names[data[0] % BH_ELEMENTSOF(names)], BH_SURFACE_QUADLET, text,
                    size - 1);
        bh_frontend_quadlet(&doc, &err);
        bh_error_free(err);
        bh_doc_release(&doc);
        free(text);
        return 0;
}
