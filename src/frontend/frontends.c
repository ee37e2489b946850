/* The frontend registry: which surfaces exist, which files each one reads,
 * and how.  The CLI discovers and dispatches through this table only. */
#include "../util/strutil.h"
#include "frontend.h"
#include "runline.h"

#include "../util/bh-banned.h"

static bool bh_dockerfile_match(const char *path, const char *base)
{
        (void)path;
        return bh_frontend_is_dockerfile_name(base);
}

static int bh_kube_parse(struct bh_doc *doc, const struct bh_frontend_opts *o,
                         struct bh_error **err)
{
        (void)o;
        return bh_frontend_kube(doc, err);
}

static bool bh_quadlet_match(const char *path, const char *base)
{
        (void)path;
        return bh_quadlet_match_name(base);
}

static int bh_quadlet_parse(struct bh_doc *doc, const struct bh_frontend_opts *o,
                            struct bh_error **err)
{
        (void)o;
        return bh_frontend_quadlet(doc, err);
}

static int bh_runline_parse(struct bh_doc *doc, const struct bh_frontend_opts *o,
                            struct bh_error **err)
{
        (void)o;
        return bh_frontend_runline(doc, err);
}

static bool bh_compose_match(const char *path, const char *base)
{
        (void)path;
        return bh_compose_is_name(base);
}

static int bh_dockerfile_parse(struct bh_doc *doc, const struct bh_frontend_opts *o,
                               struct bh_error **err)
{
        return bh_frontend_dockerfile(doc, &o->df, err);
}

/* Most specific first: the first row whose match (or sniff) says yes wins.
 * The Dockerfile row is last: it is the default for files named explicitly. */
static const struct bh_frontend_desc bh_frontends[] = {
        {"daemon", BH_SURFACE_ENGINECONF, bh_frontend_daemon_match, NULL, bh_frontend_daemon},
        {"containers-conf", BH_SURFACE_ENGINECONF, bh_frontend_containers_conf_match, NULL,
         bh_frontend_containers_conf},
        {"containerd-conf", BH_SURFACE_ENGINECONF, bh_frontend_containerd_conf_match, NULL,
         bh_frontend_containerd_conf},
        {"compose", BH_SURFACE_COMPOSE, bh_compose_match, bh_compose_sniff, bh_frontend_compose},
        {"kubernetes", BH_SURFACE_KUBERNETES, bh_frontend_kube_match, bh_frontend_kube_sniff,
         bh_kube_parse},
        {"quadlet", BH_SURFACE_QUADLET, bh_quadlet_match, NULL, bh_quadlet_parse},
        {"runline", BH_SURFACE_RUNCMD, bh_runline_match_path, bh_runline_sniff, bh_runline_parse},
        {"dockerfile", BH_SURFACE_DOCKERFILE, bh_dockerfile_match, NULL, bh_dockerfile_parse},
};

const struct bh_frontend_desc *bh_frontend_table(size_t *ret_count)
{
        *ret_count = BH_ELEMENTSOF(bh_frontends);
        return bh_frontends;
}

const struct bh_frontend_desc *bh_frontend_find(const char *type)
{
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_frontends); i++)
                if (strcmp(bh_frontends[i].type, type) == 0)
                        return &bh_frontends[i];
        return NULL;
}

const struct bh_frontend_desc *bh_frontend_for_path(const char *path)
{
        const char *base = bh_path_basename(path);

        for (size_t i = 0; i < BH_ELEMENTSOF(bh_frontends); i++)
                if (bh_frontends[i].match(path, base))
                        return &bh_frontends[i];
        return NULL;
}

const struct bh_frontend_desc *bh_frontend_for_file(const char *path, const char *text,
                                                    size_t len)
{
        const struct bh_frontend_desc *fe = bh_frontend_for_path(path);

        if (fe)
                return fe;
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_frontends); i++)
                if (bh_frontends[i].sniff && bh_frontends[i].sniff(text, len))
                        return &bh_frontends[i];
        return bh_frontend_find("dockerfile");
}
