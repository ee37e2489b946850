/* libFuzzer target: the engine-configuration readers (daemon.json through
 * the YAML/JSON loader, containers.conf, registries.conf and containerd's
 * config.toml through the bounded TOML parser, and dockerd flags of a unit's
 * ExecStart=).  The first
 * byte picks the reader, so every one of them is fuzzed. */
#include <stdint.h>

#include "../../src/frontend/host/host-int.h"

#include "../../src/util/bh-banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char *const names[] = {"daemon.json", "containers.conf", "registries.conf",
                                            "docker.service", "config.toml"};
        struct bh_engine_cfg cfg = {0};
        struct bh_doc doc;
        unsigned which;
        char *text;

        if (!size)
                return 0;
        which = data[0] % BH_ELEMENTSOF(names);
        text = malloc(size);
        if (!text)
                return 0;
        memcpy(text, data + 1, size - 1);
        text[size - 1] = '\0';
        bh_doc_init(&doc, names[which], BH_SURFACE_ENGINECONF, text, size - 1);
        if (which == 0) {
                bh_enginecfg_daemon_json(&doc, NULL, text, size - 1, &cfg);
        } else if (which == 1) {
                bh_enginecfg_containers_conf(&doc, NULL, text, size - 1, &cfg);
        } else if (which == 2) {
                bh_enginecfg_registries_conf(&doc, NULL, text, size - 1, &cfg);
        } else if (which == 4) {
                bh_enginecfg_containerd_toml(&doc, NULL, text, size - 1, &cfg);
        } else {
                const char **w = NULL;
                struct bh_loc *l = NULL, line;
                size_t n = bh_enginecfg_unit_execstart(&doc, "docker.service", text, size - 1, &w,
                                                       &l, &line);
                if (n)
                        bh_enginecfg_dockerd_flags(&doc, w, l, n, BH_CFG_UNIT, &cfg);
        }
        free(cfg.hosts.v);
        free(cfg.insecure_registries.v);
        free(cfg.runtimes.v);
        free(cfg.authz_plugins.v);
        free(cfg.files.v);
        bh_doc_release(&doc);
        free(text);
        return 0;
}
