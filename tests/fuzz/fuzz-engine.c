/* libFuzzer target: bulkhead engine's JSON -> model mapping.  The first byte
 * picks the answer the rest stands for (a container inspect as Docker or as
 * Podman with the same bytes as its libpod answer, /info with /version and
 * /networks, one network, a /proc status text), parsed through the bounded
 * JSON reader exactly as the audit does. */
#include <stdint.h>

#include "../../src/frontend/engine/engine.h"

#include "../../src/util/bh-banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct bh_doc doc;
        struct bh_host h = {0};
        struct bh_proc_state p = {0};
        char msg[256];
        unsigned which;
        json_t *j;

        if (!size)
                return 0;
        which = data[0] % 5;
        data++;
        size--;
        if (which == 4) {
                bh_engine_proc_parse((const char *)data, size, &p);
                return 0;
        }
        j = bh_engine_json_parse((const char *)data, size, msg, sizeof(msg));
        bh_doc_init(&doc, "container/fuzz", which == 2 ? BH_SURFACE_HOST : BH_SURFACE_ENGINE, NULL,
                    0);
        if (which == 0 || which == 1) {
                struct bh_engine_ctx x = {.kind = which ? BH_ENGINE_PODMAN : BH_ENGINE_DOCKER};
                bh_engine_map_container(&doc, &x, j, j, which ? j : NULL);
        } else if (which == 2) {
                doc.surface_model = &h;
                bh_engine_map_engine(&doc, &h, BH_ENGINE_DOCKER, j, j, j);
                doc.surface_model = NULL;
                bh_host_release(&h);
        } else {
                bh_engine_map_network(&doc, j);
        }
        json_decref(j);
        bh_doc_release(&doc);
        return 0;
}
