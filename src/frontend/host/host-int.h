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
