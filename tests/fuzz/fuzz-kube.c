/* libFuzzer target: the Kubernetes frontend (YAML/JSON streams, Lists,
 * workloads, the merge into containers, helm Source comments, annotations)
 * on arbitrary bytes, then the parts lookup the rules use.  Everything it
 * allocates is released, so leaks show up under LeakSanitizer. */
#include <stdint.h>

#include "../../src/frontend/frontend.h"
#include "../../src/model/kube.h"

#include "../../src/util/bh-banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
        bh_frontend_kube_sniff(text, size);
        bh_doc_init(&doc, "fuzz.k8s.yaml", BH_SURFACE_KUBERNETES, text, size);
        bh_frontend_kube(&doc, &err);
        bh_error_free(err);
        /* every container is named, every mount source readable (ASan checks) */
        for (size_t i = 0; i < doc.containers.n; i++) {
                const struct bh_container *c = doc.containers.v[i];
                if (!c->name || !c->name[0])
                        abort();
                for (size_t j = 0; j < c->mounts.n; j++)
                        if (c->mounts.v[j].source && strlen(c->mounts.v[j].source) > SIZE_MAX / 2)
                                abort();
        }
        for (uint32_t line = 0; line < 64; line++)
                bh_doc_part_at(&doc, line);
        bh_doc_release(&doc);
        free(text);
        return 0;
}
