/* Internal interface of the host frontend (src/frontend/host/): the engine
 * configuration readers shared by `bulkhead host` and `bulkhead scan`. */
#pragma once

#include "../../model/host.h"
#include "../frontend.h"

/* Parse daemon.json text into cfg.  file is the display path for locations
 * (NULL: the document itself, i.e. bulkhead scan).  Diagnostics go to doc:
 * 9001 not JSON, 9002 a known key with a value of the wrong type (dockerd
 * refuses to start). */
void bh_enginecfg_daemon_json(struct bh_doc *doc, const char *file, const char *text, size_t len,
                              struct bh_engine_cfg *cfg);

/* dockerd command-line words (words[0] is the program) into cfg; locs[i] is
 * where word i is.  A setting also present in daemon.json (origin FILE) adds
 * a 9007 diagnostic: dockerd refuses to start with both.  Returns the value
 * of --config-file, or NULL. */
const char *bh_enginecfg_dockerd_flags(struct bh_doc *doc, const char *const *words,
                                       const struct bh_loc *locs, size_t n,
                                       enum bh_cfg_origin origin, struct bh_engine_cfg *cfg);

/* containers.conf / registries.conf TOML into cfg (later files override
 * earlier ones, key by key, as Podman merges its stack).  Diagnostics: 9001
 * syntax, 9002 a known key of the wrong type, 9003 limits. */
void bh_enginecfg_containers_conf(struct bh_doc *doc, const char *file, const char *text,
                                  size_t len, struct bh_engine_cfg *cfg);
void bh_enginecfg_registries_conf(struct bh_doc *doc, const char *file, const char *text,
                                  size_t len, struct bh_engine_cfg *cfg);

/* /etc/containerd/config.toml (version 1, 2 or 3) into cfg (kind
 * BH_ENGINE_CONTAINERD): [grpc] listeners, socket owner, the CRI plugin's
 * LSM switches, sysctls and runtimes.  CRI settings given every container
 * (AppArmor off, unprivileged ports / ICMP) go to cfg->defaults.
 * Diagnostics: 9001 syntax, 9002 a known key of the wrong type, 9003 limits. */
void bh_enginecfg_containerd_toml(struct bh_doc *doc, const char *file, const char *text,
                                  size_t len, struct bh_engine_cfg *cfg);

/* Helpers shared by the configuration readers (enginecfg.c): record a
 * file setting (origin FILE), add a list item, open a file of kind into cfg,
 * the shared-defaults container, set a model value. */
void bh_enginecfg_set(struct bh_doc *doc, struct bh_engine_cfg *cfg, struct bh_cfg_val *v,
                      const char *name, const char *s, struct bh_loc loc);
struct bh_cfg_item *bh_enginecfg_add_item(struct bh_engine_cfg *cfg, void *vecp, const char *s,
                                          const char *extra, struct bh_loc loc);
void bh_enginecfg_open(struct bh_doc *doc, const char *file, enum bh_engine_kind kind,
                       struct bh_engine_cfg *cfg);
struct bh_container *bh_enginecfg_defaults(struct bh_doc *doc, struct bh_engine_cfg *cfg);
void bh_enginecfg_value(struct bh_value *v, const char *s, struct bh_loc loc);

/* The unit file reader for docker.service and its drop-ins: ExecStart= of
 * [Service] (an empty one resets), split into words with their locations.
 * Returns the number of words of the effective command (arena arrays). */
size_t bh_enginecfg_unit_execstart(struct bh_doc *doc, const char *file, const char *text,
                                   size_t len, const char ***ret_words, struct bh_loc **ret_locs,
                                   struct bh_loc *ret_line);

/* Environment= of a unit's [Service]: the value of var as systemd sets it
 * (later assignments win, an empty Environment= resets), located at the
 * assignment.  *io_value / *io_loc carry over from the unit to its drop-ins. */
void bh_enginecfg_unit_env(struct bh_doc *doc, const char *file, const char *text, size_t len,
                           const char *var, const char **io_value, struct bh_loc *io_loc);

/* ---- host facts (sysinfo.c): pure parsers, unit-tested ---- */

/* /etc/os-release: ID, VERSION_ID, VERSION_CODENAME, PRETTY_NAME (quotes and
 * backslash escapes removed), each located at its line in file. */
void bh_hostinfo_os_release(struct bh_arena *a, const char *file, const char *text, size_t len,
                            struct bh_host *h);

/* Is a package one the host audit tracks (kernels, engines, runtimes)?  The
 * package list holds every installed package; this picks the engine ones. */
bool bh_hostinfo_pkg_wanted(const char *name);

/* From h->kernel_release, kernel_version and kernel_signature: the flavour,
 * the upstream x.y.z it is based on, and the distro package version (also
 * from the installed linux-image-<release> package of h->pkgs). */
void bh_hostinfo_kernel(struct bh_arena *a, struct bh_host *h);

/* /etc/group: the entry with this gid.  Its name, members (comma list as
 * written, "" when none) and 1-based line.  False when not found. */
bool bh_hostinfo_group(struct bh_arena *a, const char *text, size_t len, uint32_t gid,
                       const char **ret_name, const char **ret_members, uint32_t *ret_line);
/* /etc/passwd: the name of uid, or NULL. */
const char *bh_hostinfo_user(struct bh_arena *a, const char *text, size_t len, uint32_t uid);
/* /etc/passwd: the users whose primary group (4th field) is gid, as a comma
 * list ("" when none).  They have the group's access without being listed
 * in /etc/group. */
const char *bh_hostinfo_primary_members(struct bh_arena *a, const char *text, size_t len,
                                        uint32_t gid);

/* ---- the host reader (host.c), shared with hostusers.c ---- */

#include "rootfs.h"

struct bh_hctx {
        struct bh_doc *doc;
        struct bh_host *h;
        struct bh_rootfs fs;
        const char *root;
        char *passwd;
        size_t passwd_len;
        char *group;
        size_t group_len;
};

/* The path as shown in the report (the root prefixed); arena string. */
const char *bh_hostrd_display(struct bh_hctx *x, const char *path);
/* Record what could not be read in h->notes. */
void bh_hostrd_note(struct bh_hctx *x, const char *fmt, ...) BH_PRINTF(2, 3);
/* "no such file", "permission denied" ... for a negative errno. */
const char *bh_hostrd_errstr(int e);
/* Read a file inside the root (at most max bytes): 0 or -errno; *ret heap. */
int bh_hostrd_read(struct bh_hctx *x, const char *path, size_t max, char **ret, size_t *ret_len);
/* List a directory (BH_LIMIT_HOST_DIR_ENTRIES; more is a 9003 diagnostic). */
int bh_hostrd_list(struct bh_hctx *x, const char *dir, char ***ret_names, size_t *ret_n);
bool bh_hostrd_exists(struct bh_hctx *x, const char *path);
/* Read files, then dropdir's *.conf in name order, into cfg as a Podman
 * stack (registries: registries.conf syntax).  An unreadable one makes cfg
 * unknown (cfg->unreadable, 9004).  Returns how many exist. */
size_t bh_hostrd_toml_stack(struct bh_hctx *x, const char *const *files, size_t nfiles,
                            const char *dropdir, bool registries, struct bh_engine_cfg *cfg);
extern const char *const bh_hostrd_podman_system[2];

/* ---- hostusers.c ---- */

/* Per-user configurations of /root and /home/<user> into h->user_cfgs:
 * rootless Docker's daemon.json, the user's effective Podman stack, a
 * rootless containerd's config.toml; an unreadable one is an engine of that
 * user whose checks are unknown. */
void bh_hostrd_users(struct bh_hctx *x);
/* The hosts.toml directories of a containerd configuration (config_path, or
 * /etc/containerd/certs.d) into cfg->insecure_registries. */
void bh_hostrd_containerd_hosts(struct bh_hctx *x, struct bh_engine_cfg *cfg,
                                const char *default_dir);
/* CONTAINERS_CONF / CONTAINERS_CONF_OVERRIDE in podman.service's or
 * podman.socket's Environment=: the API service's own configuration, read
 * as Podman reads it, as one more engine configuration. */
void bh_hostrd_podman_service(struct bh_hctx *x);

/* A containerd hosts.toml (certs.d/<host>/hosts.toml) into
 * cfg->insecure_registries: skip_verify = true and http:// servers/hosts. */
void bh_enginecfg_containerd_hosts(struct bh_doc *doc, const char *file, const char *host,
                                   const char *text, size_t len, struct bh_engine_cfg *cfg);
