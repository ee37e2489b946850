/* bulkhead scan over engine configuration files: daemon.json, the
 * containers.conf / registries.conf files and containerd's config.toml found
 * in a tree. */
#include "../../util/strutil.h"
#include "host-int.h"

#include "../../util/bh-banned.h"

bool bh_frontend_daemon_match(const char *path, const char *base)
{
        (void)path;
        return strcmp(base, "daemon.json") == 0 || bh_str_endswith(base, ".daemon.json");
}

static struct bh_engine_cfg *bh_scanfe_cfg(struct bh_doc *doc, enum bh_engine_kind kind)
{
        struct bh_engine_cfg *cfg = bh_arena_alloc(&doc->arena, sizeof(*cfg));

        cfg->kind = kind;
        doc->surface_model = cfg;
        return cfg;
}

int bh_frontend_daemon(struct bh_doc *doc, const struct bh_frontend_opts *o, struct bh_error **err)
{
        (void)o;
        (void)err;
        bh_enginecfg_daemon_json(doc, NULL, doc->text, doc->text_len,
                                 bh_scanfe_cfg(doc, BH_ENGINE_DOCKER));
        return 0;
}

static bool bh_scanfe_is_registries(const char *path, const char *base)
{
        return strcmp(base, "registries.conf") == 0 || bh_str_endswith(base, ".registries.conf") ||
               (strstr(path, "registries.conf.d/") && bh_str_endswith(base, ".conf"));
}

bool bh_frontend_containers_conf_match(const char *path, const char *base)
{
        return strcmp(base, "containers.conf") == 0 ||
               strcmp(base, "containers.rootless.conf") == 0 ||
               bh_str_endswith(base, ".containers.conf") ||
               ((strstr(path, "containers.conf.d/") || strstr(path, "containers.rootless.d/")) &&
                bh_str_endswith(base, ".conf")) ||
               bh_scanfe_is_registries(path, base);
}

int bh_frontend_containers_conf(struct bh_doc *doc, const struct bh_frontend_opts *o,
                                struct bh_error **err)
{
        struct bh_engine_cfg *cfg = bh_scanfe_cfg(doc, BH_ENGINE_PODMAN);

        (void)o;
        (void)err;
        if (bh_scanfe_is_registries(doc->path, bh_path_basename(doc->path)))
                bh_enginecfg_registries_conf(doc, NULL, doc->text, doc->text_len, cfg);
        else
                bh_enginecfg_containers_conf(doc, NULL, doc->text, doc->text_len, cfg);
        return 0;
}

bool bh_frontend_containerd_conf_match(const char *path, const char *base)
{
        return bh_str_endswith(path, "containerd/config.toml") ||
               bh_str_endswith(base, ".containerd.toml");
}

int bh_frontend_containerd_conf(struct bh_doc *doc, const struct bh_frontend_opts *o,
                                struct bh_error **err)
{
        (void)o;
        (void)err;
        bh_enginecfg_containerd_toml(doc, NULL, doc->text, doc->text_len,
                                     bh_scanfe_cfg(doc, BH_ENGINE_CONTAINERD));
        return 0;
}
