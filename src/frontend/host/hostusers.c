/* Per-user engine configurations (rootless Docker, Podman, containerd) of
 * /root and /home/<user>, read through the host frontend's root-confined
 * reader (host.c). */
#include <errno.h>
#include <stdio.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "host-int.h"
#include "rootfs.h"

#include "../../util/bh-banned.h"

/* ---- rootless engines: per-user configuration ---- */

/* A per-user file whose mode matters (BH2007), expected to belong to uid. */
static void bh_h_user_perm(struct bh_hctx *x, const char *path, enum bh_hostfile_kind kind,
                           const char *engine, uint32_t uid)
{
        if (!bh_hostrd_exists(x, path))
                return;
        BH_VEC_PUSH(&x->h->files, ((struct bh_hostfile){.kind = kind,
                                                        .path = path,
                                                        .engine = engine,
                                                        .per_user = true,
                                                        .owner_uid = uid}));
}

/* A file that exists but could not be read: noted, 9003 (over the limit) or
 * 9004 (anything else). */
static void bh_hu_read_error(struct bh_hctx *x, const char *path, int r)
{
        bh_hostrd_note(x, "%s: %s", path, bh_hostrd_errstr(r));
        if (r == -EFBIG)
                bh_doc_add_diag(x->doc, 9003, (struct bh_loc){.file = bh_hostrd_display(x, path)},
                                "%s is larger than the %u-byte limit; not read", path,
                                BH_LIMIT_HOST_FILE);
        else
                bh_doc_add_diag(x->doc, 9004, (struct bh_loc){.file = bh_hostrd_display(x, path)},
                                "cannot read %s: %s", path, bh_hostrd_errstr(r));
}

/* A user's engine whose configuration could not be read: its checks are
 * unknown for that user, with the error as the evidence, never judged on the
 * engine's defaults. */
static void bh_hu_unreadable(struct bh_hctx *x, enum bh_engine_kind kind, const char *path,
                             const char *user, bool rootless, int r)
{
        struct bh_engine_cfg *cfg = bh_arena_alloc(&x->doc->arena, sizeof(*cfg));
        const char *disp = bh_hostrd_display(x, path);

        cfg->kind = kind;
        cfg->rootless = rootless;
        cfg->user = user;
        cfg->present = true;
        cfg->path = disp;
        cfg->loc = (struct bh_loc){.file = disp};
        cfg->unreadable = bh_arena_printf(&x->doc->arena, "cannot read %s: %s (%s's engine)", disp,
                                          bh_hostrd_errstr(r), user);
        cfg->unreadable_loc = cfg->loc;
        BH_VEC_PUSH(&cfg->files, disp);
        BH_VEC_PUSH(&x->h->user_cfgs, cfg);
}

/* Rootless dockerd reads only ~/.config/docker/daemon.json (moby's
 * rootless mode: no /etc/docker fallback), so that file is judged alone. */
static void bh_h_user_docker(struct bh_hctx *x, const char *home, const char *user, uint32_t uid)
{
        const char *path = bh_arena_printf(&x->doc->arena, "%s/.config/docker/daemon.json", home);
        bh_autofree char *data = NULL;
        size_t len;
        int r = bh_hostrd_read(x, path, BH_LIMIT_HOST_FILE, &data, &len);

        bh_h_user_perm(x, bh_arena_printf(&x->doc->arena, "%s/.docker/key.pem", home), BH_HF_TLSKEY,
                       "Docker client", uid);
        if (r < 0) {
                if (r != -ENOENT && r != -ENOTDIR) {
                        bh_hu_read_error(x, path, r);
                        bh_hu_unreadable(x, BH_ENGINE_DOCKER, path, user, true, r);
                }
                return;
        }
        bh_h_user_perm(x, path, BH_HF_CONFIG, "Docker (rootless)", uid);
        struct bh_engine_cfg *cfg = bh_arena_alloc(&x->doc->arena, sizeof(*cfg));
        cfg->kind = BH_ENGINE_DOCKER;
        cfg->rootless = true;
        cfg->user = user;
        bh_enginecfg_daemon_json(x->doc, bh_hostrd_display(x, path), data, len, cfg);
        if (!cfg->present) {
                bh_engine_cfg_release(cfg);
                return;
        }
        if (cfg->tlskey.set && cfg->tlskey.s[0] == '/')
                bh_h_user_perm(x, cfg->tlskey.s, BH_HF_TLSKEY, "Docker (rootless)", uid);
        BH_VEC_PUSH(&x->h->user_cfgs, cfg);
}

/* A user's effective Podman configuration: the system stack, the rootless
 * files (not for root), then ~/.config/containers/containers.conf and its
 * .d drop-ins, merged key by key as Podman does (CONTAINERS_CONF, which
 * would replace the stack, is an environment variable of a session bulkhead
 * cannot see).  Only built when the user has files of their own: without
 * them the user runs with the system configuration, judged already. */
static void bh_h_user_podman(struct bh_hctx *x, const char *home, const char *user, uint32_t uid,
                             bool is_root)
{
        const char *conf =
                bh_arena_printf(&x->doc->arena, "%s/.config/containers/containers.conf", home);
        const char *dropdir =
                bh_arena_printf(&x->doc->arena, "%s/.config/containers/containers.conf.d", home);
        const char *own[] = {conf};
        char **names = NULL;
        size_t n = 0;
        struct stat st;
        int r = bh_rootfs_stat(&x->fs, conf, &st);
        bool any = r == 0;

        /* ~/.config not searchable: the user's configuration is unknown */
        if (r < 0 && r != -ENOENT && r != -ENOTDIR) {
                bh_hu_read_error(x, conf, r);
                bh_hu_unreadable(x, BH_ENGINE_PODMAN, conf, user, !is_root, r);
                return;
        }
        if (bh_rootfs_list(&x->fs, dropdir, BH_LIMIT_HOST_DIR_ENTRIES, &names, &n, &(bool){0}) == 0)
                for (size_t k = 0; k < n; k++)
                        if (bh_str_endswith(names[k], ".conf")) {
                                any = true;
                                bh_h_user_perm(
                                        x,
                                        bh_arena_printf(&x->doc->arena, "%s/%s", dropdir, names[k]),
                                        BH_HF_CONFIG, "Podman (rootless)", uid);
                        }
        bh_rootfs_names_free(names, n);
        if (!any)
                return;
        bh_h_user_perm(x, conf, BH_HF_CONFIG, "Podman (rootless)", uid);

        struct bh_engine_cfg *cfg = bh_arena_alloc(&x->doc->arena, sizeof(*cfg));
        cfg->kind = BH_ENGINE_PODMAN;
        cfg->rootless = !is_root;
        cfg->user = user;
        bh_hostrd_toml_stack(x, bh_hostrd_podman_system, BH_ELEMENTSOF(bh_hostrd_podman_system),
                             "/etc/containers/containers.conf.d", false, cfg);
        if (!is_root) {
                static const char *const rl[] = {"/etc/containers/containers.rootless.conf"};
                bh_hostrd_toml_stack(x, rl, 1, "/etc/containers/containers.rootless.d", false, cfg);
                bh_hostrd_toml_stack(x, NULL, 0,
                                     bh_arena_printf(&x->doc->arena,
                                                     "/etc/containers/containers.rootless.d/%u",
                                                     uid),
                                     false, cfg);
        }
        bh_hostrd_toml_stack(x, own, 1, dropdir, false, cfg);
        if (!cfg->present) {
                bh_engine_cfg_release(cfg);
                return;
        }
        /* absent keys point at the user's own first file */
        for (size_t i = 0; i < cfg->files.n; i++)
                if (bh_str_startswith(cfg->files.v[i], bh_hostrd_display(x, home))) {
                        cfg->path = cfg->files.v[i];
                        cfg->loc = (struct bh_loc){1, 1, 1, 1, NULL, cfg->files.v[i]};
                        if (cfg->defaults) {
                                cfg->defaults->loc = cfg->loc;
                                cfg->defaults->owner_loc = cfg->loc;
                        }
                        break;
                }
        BH_VEC_PUSH(&x->h->user_cfgs, cfg);
}

/* A rootless containerd (containerd-rootless.sh, nerdctl) reads
 * $XDG_CONFIG_HOME/containerd/config.toml like the system one; its hosts
 * directory defaults to ~/.config/containerd/certs.d.  Judged against its
 * owner: the file, its TLS key and its socket belong to that user. */
static void bh_h_user_containerd(struct bh_hctx *x, const char *home, const char *user,
                                 uint32_t uid, bool is_root)
{
        const char *path =
                bh_arena_printf(&x->doc->arena, "%s/.config/containerd/config.toml", home);
        bh_autofree char *data = NULL;
        size_t len;
        int r = bh_hostrd_read(x, path, BH_LIMIT_HOST_FILE, &data, &len);

        if (r < 0) {
                if (r != -ENOENT && r != -ENOTDIR) {
                        bh_hu_read_error(x, path, r);
                        bh_hu_unreadable(x, BH_ENGINE_CONTAINERD, path, user, !is_root, r);
                }
                return;
        }
        bh_h_user_perm(x, path, BH_HF_CONFIG, "containerd (rootless)", uid);
        struct bh_engine_cfg *cfg = bh_arena_alloc(&x->doc->arena, sizeof(*cfg));
        cfg->rootless = !is_root;
        cfg->user = user;
        bh_enginecfg_containerd_toml(x->doc, bh_hostrd_display(x, path), data, len, cfg);
        bh_hostrd_containerd_hosts(
                x, cfg, bh_arena_printf(&x->doc->arena, "%s/.config/containerd/certs.d", home));
        if (cfg->tlskey.set && cfg->tlskey.s[0] == '/')
                bh_h_user_perm(x, cfg->tlskey.s, BH_HF_TLSKEY, "containerd (rootless)", uid);
        if (cfg->grpc_address.set && cfg->grpc_address.s[0] == '/' &&
            bh_hostrd_exists(x, cfg->grpc_address.s))
                BH_VEC_PUSH(&x->h->files, ((struct bh_hostfile){.kind = BH_HF_SOCKET,
                                                                .path = cfg->grpc_address.s,
                                                                .engine = "containerd (rootless)",
                                                                .per_user = true,
                                                                .owner_uid = uid,
                                                                .loc = cfg->grpc_address.loc}));
        BH_VEC_PUSH(&x->h->user_cfgs, cfg);
}

/* The uid a home directory belongs to: its owner (stat), which is also who
 * its files should belong to. */
static uint32_t bh_h_home_uid(struct bh_hctx *x, const char *home)
{
        struct stat st;
        return bh_rootfs_stat(&x->fs, home, &st) == 0 ? (uint32_t)st.st_uid : 0;
}

/* $XDG_CONFIG_HOME defaults to ~/.config; the homes are /root and /home/<user>
 * (the environment of each user's session cannot be read from the disk). */
void bh_hostrd_users(struct bh_hctx *x)
{
        char **names = NULL;
        size_t n = 0;

        bh_h_user_docker(x, "/root", "root", 0);
        bh_h_user_podman(x, "/root", "root", 0, true);
        bh_h_user_containerd(x, "/root", "root", 0, true);
        if (bh_hostrd_list(x, "/home", &names, &n) == 0)
                for (size_t i = 0; i < n; i++) {
                        const char *home = bh_arena_printf(&x->doc->arena, "/home/%s", names[i]);
                        const char *user = bh_arena_strdup(&x->doc->arena, names[i]);
                        uint32_t uid = bh_h_home_uid(x, home);
                        bh_h_user_docker(x, home, user, uid);
                        bh_h_user_podman(x, home, user, uid, false);
                        bh_h_user_containerd(x, home, user, uid, false);
                }
        bh_rootfs_names_free(names, n);
}

/* ---- containerd's registry hosts ---- */

void bh_hostrd_containerd_hosts(struct bh_hctx *x, struct bh_engine_cfg *cfg,
                                const char *default_dir)
{
        const char *dirs =
                cfg->registry_config_path.set ? cfg->registry_config_path.s : default_dir;

        if (cfg->unreadable)
                return;
        for (const char *p = dirs; *p;) {
                size_t n = strcspn(p, ":");
                const char *dir = bh_arena_strndup(&x->doc->arena, p, n);
                char **names = NULL;
                size_t nn = 0;

                p += n + (p[n] == ':');
                if (dir[0] != '/')
                        continue; /* relative to containerd's working directory: unknown */
                if (bh_hostrd_list(x, dir, &names, &nn) < 0)
                        continue;
                for (size_t k = 0; k < nn; k++) {
                        const char *f =
                                bh_arena_printf(&x->doc->arena, "%s/%s/hosts.toml", dir, names[k]);
                        bh_autofree char *data = NULL;
                        size_t len;
                        int r = bh_hostrd_read(x, f, BH_LIMIT_HOST_FILE, &data, &len);
                        if (r == 0)
                                bh_enginecfg_containerd_hosts(x->doc, bh_hostrd_display(x, f),
                                                              names[k], data, len, cfg);
                        else if (r != -ENOENT && r != -ENOTDIR)
                                bh_hu_read_error(x, f, r);
                }
                bh_rootfs_names_free(names, nn);
        }
}

/* ---- the Podman API service's environment ---- */

static int bh_hu_cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* podman.service and its drop-ins (the socket unit's Environment= applies to
 * the socket's own commands, not to the service it starts): CONTAINERS_CONF
 * replaces the whole stack with one file, CONTAINERS_CONF_OVERRIDE is read
 * last (containers.conf(5)).  The service runs as root, so no user files. */
void bh_hostrd_podman_service(struct bh_hctx *x)
{
        static const char *const units[] = {
                "/etc/systemd/system/podman.service", "/run/systemd/system/podman.service",
                "/lib/systemd/system/podman.service", "/usr/lib/systemd/system/podman.service"};
        static const char *const dropdirs[] = {
                "/usr/lib/systemd/system/podman.service.d", "/lib/systemd/system/podman.service.d",
                "/run/systemd/system/podman.service.d", "/etc/systemd/system/podman.service.d"};
        BH_VEC(char *) files = {0};
        const char *conf = NULL, *over = NULL, *unit = NULL;
        struct bh_loc conf_loc = {0}, over_loc = {0};

        for (size_t i = 0; i < BH_ELEMENTSOF(units); i++)
                if (bh_hostrd_exists(x, units[i])) {
                        BH_VEC_PUSH(&files, bh_xstrdup(units[i]));
                        break;
                }
        for (size_t i = 0; i < BH_ELEMENTSOF(dropdirs); i++) {
                char **names = NULL;
                size_t n = 0;
                if (bh_hostrd_list(x, dropdirs[i], &names, &n) < 0)
                        continue;
                for (size_t k = 0; k < n; k++)
                        if (bh_str_endswith(names[k], ".conf"))
                                BH_VEC_PUSH(&files, bh_xasprintf("%s/%s", dropdirs[i], names[k]));
                bh_rootfs_names_free(names, n);
        }
        /* the unit first, then every drop-in by name whatever its directory */
        if (files.n > 1) {
                size_t first = bh_str_endswith(files.v[0], ".service") ? 1 : 0;
                qsort(files.v + first, files.n - first, sizeof(char *), bh_hu_cmp_str);
        }
        for (size_t i = 0; i < files.n; i++) {
                bh_autofree char *data = NULL;
                size_t len;
                int r = bh_hostrd_read(x, files.v[i], BH_LIMIT_HOST_FILE, &data, &len);
                if (r < 0) {
                        bh_hu_read_error(x, files.v[i], r);
                        continue;
                }
                const char *disp = bh_hostrd_display(x, files.v[i]);
                const char *c0 = conf, *o0 = over;
                bh_enginecfg_unit_env(x->doc, disp, data, len, "CONTAINERS_CONF", &conf, &conf_loc);
                bh_enginecfg_unit_env(x->doc, disp, data, len, "CONTAINERS_CONF_OVERRIDE", &over,
                                      &over_loc);
                if (conf != c0 || over != o0)
                        unit = disp;
        }
        for (size_t i = 0; i < files.n; i++)
                free(files.v[i]);
        free(files.v);
        if ((!conf || !*conf) && (!over || !*over))
                return;

        struct bh_engine_cfg *cfg = bh_arena_alloc(&x->doc->arena, sizeof(*cfg));
        cfg->kind = BH_ENGINE_PODMAN;
        cfg->user = "podman.service";
        cfg->env_loc = conf && *conf ? conf_loc : over_loc;
        cfg->env_unit = cfg->env_loc.file;
        /* a relative path is relative to the service's working directory, / */
        if (conf && *conf) {
                const char *f[] = {conf[0] == '/' ? conf
                                                  : bh_arena_printf(&x->doc->arena, "/%s", conf)};
                if (!bh_hostrd_toml_stack(x, f, 1, NULL, false, cfg) && !cfg->unreadable) {
                        /* Podman refuses to start without the file it names */
                        cfg->unreadable = bh_arena_printf(
                                &x->doc->arena, "CONTAINERS_CONF names %s, which does not exist",
                                f[0]);
                        cfg->unreadable_loc = conf_loc;
                }
        } else {
                bh_hostrd_toml_stack(x, bh_hostrd_podman_system, 2,
                                     "/etc/containers/containers.conf.d", false, cfg);
        }
        if (over && *over) {
                const char *f[] = {over[0] == '/' ? over
                                                  : bh_arena_printf(&x->doc->arena, "/%s", over)};
                if (!bh_hostrd_toml_stack(x, f, 1, NULL, false, cfg) && !cfg->unreadable) {
                        cfg->unreadable = bh_arena_printf(
                                &x->doc->arena,
                                "CONTAINERS_CONF_OVERRIDE names %s, which does not exist", f[0]);
                        cfg->unreadable_loc = over_loc;
                }
        }
        cfg->kind = BH_ENGINE_PODMAN;
        cfg->present = true;
        /* absent keys point at the file the environment names */
        for (size_t i = 0; i < cfg->files.n && !cfg->path; i++)
                if (bh_str_endswith(cfg->files.v[i], conf && *conf ? conf : over)) {
                        cfg->path = cfg->files.v[i];
                        cfg->loc = (struct bh_loc){1, 1, 1, 1, NULL, cfg->files.v[i]};
                }
        if (!cfg->path) {
                cfg->path = unit;
                cfg->loc = cfg->env_loc;
        }
        if (cfg->defaults && cfg->path) {
                cfg->defaults->loc = cfg->loc;
                cfg->defaults->owner_loc = cfg->loc;
        }
        BH_VEC_PUSH(&x->h->user_cfgs, cfg);
}
