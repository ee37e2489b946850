/* Engine configuration into the model: daemon.json and dockerd flags (one
 * Docker configuration, as dockerd merges them), the containers.conf stack
 * and registries.conf (one Podman configuration).  Settings every container
 * inherits also go to a BH_ORIGIN_SHARED container so the container rules
 * judge them exactly as they judge a compose file or a run line. */
#include <stdio.h>

#include "../../util/strutil.h"
#include "../unitfile.h"
#include "../yamltree.h"
#include "host-int.h"
#include "toml.h"

#include "../../util/bh-banned.h"

static struct bh_loc bh_ec_loc(struct bh_loc l, const char *file)
{
        l.file = file;
        return l;
}

static const char *bh_ec_origin_name(enum bh_cfg_origin o)
{
        switch (o) {
        case BH_CFG_FILE:
                return "the configuration file";
        case BH_CFG_UNIT:
                return "a dockerd flag in the systemd unit";
        case BH_CFG_PROC:
        default:
                return "a flag of the running dockerd";
        }
}

/* Record a setting; a Docker setting given both in daemon.json and as a flag
 * is a configuration dockerd refuses ("specified both as a flag and in the
 * configuration file"). */
static void bh_ec_set(struct bh_doc *doc, struct bh_engine_cfg *cfg, struct bh_cfg_val *v,
                      const char *name, const char *s, struct bh_loc loc, enum bh_cfg_origin origin)
{
        if (cfg->kind == BH_ENGINE_DOCKER && v->set &&
            (v->origin == BH_CFG_FILE) != (origin == BH_CFG_FILE)) {
                struct bh_loc fl = v->origin == BH_CFG_FILE ? v->loc : loc;
                struct bh_loc other = v->origin == BH_CFG_FILE ? loc : v->loc;
                bh_doc_add_diag(doc, 9007, fl,
                                "%s is set both in daemon.json and as %s (%s:%u): dockerd "
                                "refuses to start with a setting given both ways",
                                name,
                                bh_ec_origin_name(v->origin == BH_CFG_FILE ? origin : v->origin),
                                other.file ? other.file : doc->path, (unsigned)other.line);
        }
        v->set = true;
        v->s = s;
        v->origin = origin;
        v->loc = loc;
        v->bool_ok = bh_unit_bool(s, &v->b);
        cfg->present = true;
}

static void bh_ec_add_item(struct bh_engine_cfg *cfg, void *vecp, const char *s, const char *extra,
                           struct bh_loc loc, enum bh_cfg_origin origin)
{
        BH_VEC(struct bh_cfg_item) *vec = vecp;
        struct bh_cfg_item *it = BH_VEC_NEW(vec);

        it->s = s;
        it->extra = extra;
        it->loc = loc;
        it->origin = origin;
        cfg->present = true;
}

/* A configuration file of engine kind joins cfg: the first file read is
 * where findings about absent keys point. */
static void bh_ec_open_file(struct bh_doc *doc, const char *file, enum bh_engine_kind kind,
                            struct bh_engine_cfg *cfg)
{
        cfg->kind = kind;
        cfg->present = true;
        if (!cfg->path) {
                cfg->path = file ? file : doc->path;
                cfg->loc = bh_ec_loc((struct bh_loc){1, 1, 1, 1}, file);
        }
        BH_VEC_PUSH(&cfg->files, file ? file : doc->path);
}

static struct bh_container *bh_ec_defaults(struct bh_doc *doc, struct bh_engine_cfg *cfg)
{
        if (!cfg->defaults) {
                struct bh_container *c = bh_doc_add_container(doc, BH_ORIGIN_SHARED);
                c->name = cfg->kind == BH_ENGINE_DOCKER   ? "docker daemon defaults"
                          : cfg->kind == BH_ENGINE_PODMAN ? "podman defaults (containers.conf)"
                                                          : "containerd CRI defaults (config.toml)";
                c->loc = cfg->loc;
                c->owner_loc = cfg->loc;
                cfg->defaults = c;
        }
        return cfg->defaults;
}

static void bh_ec_value(struct bh_value *v, const char *s, struct bh_loc loc)
{
        v->s = s;
        v->set = true;
        v->known = true;
        v->loc = loc;
}

/* ---- daemon.json ---- */

enum bh_dj_kind {
        BH_DJ_BOOL,
        BH_DJ_STR,
        BH_DJ_LIST,
};

struct bh_dj_key {
        const char *key;
        enum bh_dj_kind kind;
        size_t off; /* offsetof the bh_cfg_val, or of the list */
};

#define BH_DJ_VAL(k, kind, field)                              \
        {                                                      \
                k, kind, offsetof(struct bh_engine_cfg, field) \
        }

static const struct bh_dj_key bh_dj_keys[] = {
        BH_DJ_VAL("icc", BH_DJ_BOOL, icc),
        BH_DJ_VAL("userland-proxy", BH_DJ_BOOL, userland_proxy),
        BH_DJ_VAL("no-new-privileges", BH_DJ_BOOL, no_new_privileges),
        BH_DJ_VAL("live-restore", BH_DJ_BOOL, live_restore),
        BH_DJ_VAL("selinux-enabled", BH_DJ_BOOL, selinux_enabled),
        BH_DJ_VAL("iptables", BH_DJ_BOOL, iptables),
        BH_DJ_VAL("tls", BH_DJ_BOOL, tls),
        BH_DJ_VAL("tlsverify", BH_DJ_BOOL, tlsverify),
        BH_DJ_VAL("userns-remap", BH_DJ_STR, userns_remap),
        BH_DJ_VAL("seccomp-profile", BH_DJ_STR, seccomp_profile),
        BH_DJ_VAL("tlskey", BH_DJ_STR, tlskey),
        BH_DJ_VAL("tlscert", BH_DJ_STR, tlscert),
        BH_DJ_VAL("tlscacert", BH_DJ_STR, tlscacert),
        BH_DJ_VAL("log-driver", BH_DJ_STR, log_driver),
        BH_DJ_VAL("group", BH_DJ_STR, group),
        BH_DJ_VAL("default-runtime", BH_DJ_STR, default_runtime),
        BH_DJ_VAL("hosts", BH_DJ_LIST, hosts),
        BH_DJ_VAL("insecure-registries", BH_DJ_LIST, insecure_registries),
        BH_DJ_VAL("authorization-plugins", BH_DJ_LIST, authz_plugins),
};

static void bh_dj_runtimes(struct bh_doc *doc, const char *file, const struct bh_ynode *v,
                           struct bh_engine_cfg *cfg)
{
        if (v->kind != BH_Y_MAP) {
                bh_doc_add_diag(doc, 9002, bh_ec_loc(v->loc, file),
                                "runtimes: expected an object of runtime names");
                return;
        }
        for (size_t i = 0; i < v->n; i++) {
                const struct bh_ynode *rt = bh_y_deref(v->pairs[i].value);
                const char *name = bh_y_str(v->pairs[i].key);
                const char *extra = NULL, *path = NULL;
                if (!name)
                        continue;
                if (rt && rt->kind == BH_Y_MAP) {
                        path = bh_y_str(bh_y_get(rt, "path"));
                        extra = bh_y_str(bh_y_get(rt, "runtimeType"));
                        if (!extra)
                                extra = path;
                }
                bh_ec_add_item(cfg, &cfg->runtimes, name, extra,
                               bh_ec_loc(v->pairs[i].key->loc, file), BH_CFG_FILE);
                cfg->runtimes.v[cfg->runtimes.n - 1].path = path;
        }
}

void bh_enginecfg_daemon_json(struct bh_doc *doc, const char *file, const char *text, size_t len,
                              struct bh_engine_cfg *cfg)
{
        struct bh_ystream *ys = bh_yaml_load(&doc->arena, text, len);
        const struct bh_ynode *root;

        bh_ec_open_file(doc, file, BH_ENGINE_DOCKER, cfg);
        if (ys->error) {
                bh_doc_add_diag(doc, ys->error_rule ? ys->error_rule : 9001,
                                bh_ec_loc(ys->error_loc, file), "daemon.json: %s",
                                ys->error_msg ? ys->error_msg : "not valid JSON");
                return;
        }
        if (ys->ndocs == 0 || !ys->docs[0].root)
                return; /* empty file: dockerd accepts it */
        root = bh_y_deref(ys->docs[0].root);
        if (!root || root->kind != BH_Y_MAP) {
                bh_doc_add_diag(doc, 9001, bh_ec_loc(ys->docs[0].root->loc, file),
                                "daemon.json: expected a JSON object");
                return;
        }
        for (size_t i = 0; i < root->n; i++) {
                const char *key = bh_y_str(root->pairs[i].key);
                const struct bh_ynode *v = bh_y_deref(root->pairs[i].value);
                struct bh_loc kloc = bh_ec_loc(root->pairs[i].key->loc, file);
                const struct bh_dj_key *dk = NULL;

                if (!key || !v)
                        continue;
                if (strcmp(key, "runtimes") == 0) {
                        bh_dj_runtimes(doc, file, v, cfg);
                        continue;
                }
                if (strcmp(key, "default-ipc-mode") == 0 && bh_y_str(v)) {
                        bh_ec_value(&bh_ec_defaults(doc, cfg)->ipc_mode, bh_y_str(v), kloc);
                        continue;
                }
                if (strcmp(key, "default-cgroupns-mode") == 0 && bh_y_str(v)) {
                        bh_ec_value(&bh_ec_defaults(doc, cfg)->cgroupns_mode, bh_y_str(v), kloc);
                        continue;
                }
                for (size_t k = 0; k < BH_ELEMENTSOF(bh_dj_keys); k++)
                        if (strcmp(bh_dj_keys[k].key, key) == 0)
                                dk = &bh_dj_keys[k];
                if (!dk)
                        continue;
                if (dk->kind == BH_DJ_LIST) {
                        if (v->kind != BH_Y_SEQ) {
                                bh_doc_add_diag(doc, 9002, kloc,
                                                "daemon.json: %s must be an array of strings", key);
                                continue;
                        }
                        for (size_t j = 0; j < v->n; j++) {
                                const struct bh_ynode *it = bh_y_deref(v->items[j]);
                                const char *s = bh_y_str(it);
                                if (!s) {
                                        bh_doc_add_diag(doc, 9002,
                                                        bh_ec_loc(v->items[j]->loc, file),
                                                        "daemon.json: %s must be an array of "
                                                        "strings",
                                                        key);
                                        continue;
                                }
                                bh_ec_add_item(cfg, (char *)cfg + dk->off, s, NULL,
                                               bh_ec_loc(it->loc, file), BH_CFG_FILE);
                        }
                        continue;
                }
                struct bh_cfg_val *cv = (struct bh_cfg_val *)((char *)cfg + dk->off);
                bool b;
                if (dk->kind == BH_DJ_BOOL && !bh_y_bool(v, false, &b)) {
                        bh_doc_add_diag(doc, 9002, kloc,
                                        "daemon.json: %s must be true or false (dockerd refuses "
                                        "to start)",
                                        key);
                        continue;
                }
                if (dk->kind == BH_DJ_STR &&
                    (v->kind != BH_Y_SCALAR || v->style != BH_YSTYLE_QUOTED)) {
                        bh_doc_add_diag(doc, 9002, kloc,
                                        "daemon.json: %s must be a string (dockerd refuses to "
                                        "start)",
                                        key);
                        continue;
                }
                bh_ec_set(doc, cfg, cv, key, bh_y_str(v), kloc, BH_CFG_FILE);
                if (strcmp(key, "seccomp-profile") == 0)
                        bh_ec_value(&bh_ec_defaults(doc, cfg)->seccomp, cv->s, kloc);
        }
}

/* ---- dockerd flags ---- */

struct bh_dflag {
        const char *name; /* long name without "--" */
        char shortc;      /* 0: none */
        enum bh_dj_kind kind;
        size_t off;
        const char *key; /* daemon.json key, for messages */
};

#define BH_DF(n, s, kind, field, key)                                  \
        {                                                              \
                n, s, kind, offsetof(struct bh_engine_cfg, field), key \
        }

static const struct bh_dflag bh_dflags[] = {
        BH_DF("icc", 0, BH_DJ_BOOL, icc, "icc"),
        BH_DF("userland-proxy", 0, BH_DJ_BOOL, userland_proxy, "userland-proxy"),
        BH_DF("no-new-privileges", 0, BH_DJ_BOOL, no_new_privileges, "no-new-privileges"),
        BH_DF("live-restore", 0, BH_DJ_BOOL, live_restore, "live-restore"),
        BH_DF("selinux-enabled", 0, BH_DJ_BOOL, selinux_enabled, "selinux-enabled"),
        BH_DF("iptables", 0, BH_DJ_BOOL, iptables, "iptables"),
        BH_DF("tls", 0, BH_DJ_BOOL, tls, "tls"),
        BH_DF("tlsverify", 0, BH_DJ_BOOL, tlsverify, "tlsverify"),
        BH_DF("userns-remap", 0, BH_DJ_STR, userns_remap, "userns-remap"),
        BH_DF("seccomp-profile", 0, BH_DJ_STR, seccomp_profile, "seccomp-profile"),
        BH_DF("tlskey", 0, BH_DJ_STR, tlskey, "tlskey"),
        BH_DF("tlscert", 0, BH_DJ_STR, tlscert, "tlscert"),
        BH_DF("tlscacert", 0, BH_DJ_STR, tlscacert, "tlscacert"),
        BH_DF("log-driver", 0, BH_DJ_STR, log_driver, "log-driver"),
        BH_DF("group", 'G', BH_DJ_STR, group, "group"),
        BH_DF("default-runtime", 0, BH_DJ_STR, default_runtime, "default-runtime"),
        BH_DF("host", 'H', BH_DJ_LIST, hosts, "hosts"),
        BH_DF("insecure-registry", 0, BH_DJ_LIST, insecure_registries, "insecure-registries"),
        BH_DF("authorization-plugin", 0, BH_DJ_LIST, authz_plugins, "authorization-plugins"),
};

/* Other dockerd flags that take a value (so their value is not read as a flag). */
static const char *const bh_df_value_flags[] = {
        "add-runtime",
        "config-file",
        "containerd",
        "data-root",
        "exec-root",
        "pidfile",
        "log-level",
        "storage-driver",
        "storage-opt",
        "dns",
        "dns-opt",
        "dns-search",
        "bip",
        "bridge",
        "mtu",
        "ip",
        "fixed-cidr",
        "fixed-cidr-v6",
        "default-gateway",
        "cgroup-parent",
        "exec-opt",
        "log-opt",
        "label",
        "registry-mirror",
        "default-ulimit",
        "default-ipc-mode",
        "default-cgroupns-mode",
        "max-concurrent-downloads",
        "max-concurrent-uploads",
        "shutdown-timeout",
        "default-address-pool",
        "userland-proxy-path",
        "init-path",
        "default-shm-size",
        "host-gateway-ip",
        "metrics-addr",
        "oom-score-adjust",
        "graph",
        "containerd-namespace",
        "containerd-plugins-namespace",
        "feature",
        "http-proxy",
        "https-proxy",
        "no-proxy",
        "network-control-plane-mtu",
        "swarm-default-advertise-addr",
        "cpu-rt-period",
        "cpu-rt-runtime",
        "default-network-opt",
        "allow-nondistributable-artifacts",
        "node-generic-resource",
        "max-download-attempts",
        "ip6tables",
        "cdi-spec-dir",
};

static bool bh_df_takes_value(const char *name)
{
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_df_value_flags); i++)
                if (strcmp(bh_df_value_flags[i], name) == 0)
                        return true;
        return false;
}

const char *bh_enginecfg_dockerd_flags(struct bh_doc *doc, const char *const *words,
                                       const struct bh_loc *locs, size_t n,
                                       enum bh_cfg_origin origin, struct bh_engine_cfg *cfg)
{
        const char *config_file = NULL;

        cfg->kind = BH_ENGINE_DOCKER;
        cfg->present = true;
        for (size_t i = 1; i < n; i++) {
                const char *w = words[i];
                const char *name, *val = NULL, *eq;
                char nbuf[64];
                const struct bh_dflag *f = NULL;
                struct bh_loc loc = locs[i];

                if (w[0] != '-' || strcmp(w, "-") == 0)
                        continue; /* dockerd takes no arguments; ignore strays */
                if (w[1] != '-') {
                        /* short options: -H value, -Hvalue, -G group, -D */
                        for (size_t k = 0; k < BH_ELEMENTSOF(bh_dflags); k++)
                                if (bh_dflags[k].shortc && bh_dflags[k].shortc == w[1])
                                        f = &bh_dflags[k];
                        if (!f) {
                                if ((w[1] == 'l' || w[1] == 's' || w[1] == 'g' || w[1] == 'p' ||
                                     w[1] == 'b') &&
                                    !w[2])
                                        i++;
                                continue;
                        }
                        val = w[2] ? w + 2 + (w[2] == '=') : i + 1 < n ? words[++i] : NULL;
                        if (!w[2] && val)
                                loc = locs[i];
                } else {
                        name = w + 2;
                        eq = strchr(name, '=');
                        size_t nl = eq ? (size_t)(eq - name) : strlen(name);
                        if (nl >= sizeof(nbuf))
                                continue;
                        memcpy(nbuf, name, nl);
                        nbuf[nl] = '\0';
                        for (size_t k = 0; k < BH_ELEMENTSOF(bh_dflags); k++)
                                if (strcmp(bh_dflags[k].name, nbuf) == 0)
                                        f = &bh_dflags[k];
                        if (!f) {
                                bool takes = bh_df_takes_value(nbuf);
                                const char *v = eq                   ? eq + 1
                                                : takes && i + 1 < n ? words[i + 1]
                                                                     : NULL;
                                if (!eq && takes)
                                        i++;
                                if (v && strcmp(nbuf, "config-file") == 0)
                                        config_file = v;
                                if (v && strcmp(nbuf, "add-runtime") == 0) {
                                        const char *e2 = strchr(v, '=');
                                        bh_ec_add_item(cfg, &cfg->runtimes,
                                                       e2 ? bh_arena_strndup(&doc->arena, v,
                                                                             (size_t)(e2 - v))
                                                          : v,
                                                       e2 ? e2 + 1 : NULL, locs[i], origin);
                                        cfg->runtimes.v[cfg->runtimes.n - 1].path =
                                                e2 ? e2 + 1 : NULL;
                                }
                                continue;
                        }
                        if (eq) {
                                val = eq + 1;
                        } else if (f->kind == BH_DJ_BOOL) {
                                val = "true"; /* Go booleans take no separate value */
                        } else if (i + 1 < n) {
                                val = words[++i];
                        }
                }
                if (!val)
                        continue;
                if (f->kind == BH_DJ_LIST) {
                        bh_ec_add_item(cfg, (char *)cfg + f->off, val, NULL, loc, origin);
                        continue;
                }
                struct bh_cfg_val *cv = (struct bh_cfg_val *)((char *)cfg + f->off);
                bh_ec_set(doc, cfg, cv, f->key, val, loc, origin);
                if (strcmp(f->key, "seccomp-profile") == 0)
                        bh_ec_value(&bh_ec_defaults(doc, cfg)->seccomp, cv->s, loc);
        }
        return config_file;
}

/* ---- systemd unit ExecStart ---- */

size_t bh_enginecfg_unit_execstart(struct bh_doc *doc, const char *file, const char *text,
                                   size_t len, const char ***ret_words, struct bh_loc **ret_locs,
                                   struct bh_loc *ret_line)
{
        struct bh_doc tmp;
        struct bh_unit u = {0};
        size_t nwords = 0;

        bh_doc_init(&tmp, file, BH_SURFACE_HOST, text, len);
        bh_unit_parse(&tmp, &u);
        for (size_t i = 0; i < tmp.diags.n; i++)
                bh_doc_add_diag(doc, tmp.diags.v[i].rule, bh_ec_loc(tmp.diags.v[i].loc, file), "%s",
                                tmp.diags.v[i].message);
        for (size_t i = 0; i < u.n; i++) {
                const struct bh_unit_entry *e = &u.entries[i];
                struct bh_unit_word *w;
                bool bad;
                size_t nw, skip;

                if (strcmp(e->section, "Service") != 0 || strcmp(e->key, "ExecStart") != 0)
                        continue;
                nw = bh_unit_split(&tmp.arena, e->value, e->vlen, &w, &bad);
                if (nw == 0) {
                        nwords = 0; /* an empty ExecStart= resets the list */
                        *ret_words = NULL;
                        *ret_locs = NULL;
                        continue;
                }
                /* the prefixes systemd allows before the program: - @ + ! !! : */
                skip = strspn(w[0].s, "-@+!:");
                const char **words = bh_arena_alloc(&doc->arena, nw * sizeof(*words));
                struct bh_loc *locs = bh_arena_alloc(&doc->arena, nw * sizeof(*locs));
                for (size_t k = 0; k < nw; k++) {
                        words[k] = bh_arena_strdup(&doc->arena, k == 0 ? w[0].s + skip : w[k].s);
                        locs[k] = bh_ec_loc(bh_unit_value_loc(e, w[k].off), file);
                }
                *ret_words = words;
                *ret_locs = locs;
                *ret_line = bh_ec_loc(e->loc, file);
                nwords = nw;
        }
        bh_doc_release(&tmp);
        return nwords;
}

/* ---- containers.conf, registries.conf ---- */

static void bh_cc_diag_toml(struct bh_doc *doc, const char *file, const struct bh_toml *t)
{
        if (t->error_rule)
                bh_doc_add_diag(doc, t->error_rule, bh_ec_loc(t->error_loc, file), "%s: %s",
                                bh_path_basename(file ? file : doc->path), t->error_msg);
}

static bool bh_cc_str(struct bh_doc *doc, const char *file, const struct bh_toml_entry *e,
                      const char **ret)
{
        if (e->val->kind != BH_TOML_STRING) {
                bh_doc_add_diag(doc, 9002, bh_ec_loc(e->key_loc, file), "%s must be a string",
                                e->key);
                return false;
        }
        *ret = e->val->s;
        return true;
}

static bool bh_cc_bool(struct bh_doc *doc, const char *file, const struct bh_toml_entry *e,
                       bool *ret)
{
        if (e->val->kind != BH_TOML_BOOL) {
                bh_doc_add_diag(doc, 9002, bh_ec_loc(e->key_loc, file), "%s must be true or false",
                                e->key);
                return false;
        }
        *ret = e->val->b;
        return true;
}

/* Array of strings; false (with a diagnostic) otherwise. */
static bool bh_cc_strv(struct bh_doc *doc, const char *file, const struct bh_toml_entry *e)
{
        if (e->val->kind != BH_TOML_ARRAY)
                goto bad;
        for (size_t i = 0; i < e->val->n; i++)
                if (e->val->items[i]->kind != BH_TOML_STRING)
                        goto bad;
        return true;
bad:
        bh_doc_add_diag(doc, 9002, bh_ec_loc(e->key_loc, file), "%s must be an array of strings",
                        e->key);
        return false;
}

/* An array of strings that may end with Podman's {append=true} or
 * {append=false} (containers.conf(5), Podman 4.7+).  Returns the number of
 * strings (the attribute excluded), or -1 with a diagnostic; *ret_keep:
 * append to what earlier files set (bit of cfg->podman_append, sticky). */
static long bh_cc_strv_append(struct bh_doc *doc, const char *file, const struct bh_toml_entry *e,
                              struct bh_engine_cfg *cfg, unsigned bit, bool *ret_keep)
{
        size_t n;

        if (e->val->kind != BH_TOML_ARRAY)
                goto bad;
        n = e->val->n;
        if (n && e->val->items[n - 1]->kind == BH_TOML_TABLE) {
                const struct bh_toml_val *t = e->val->items[n - 1];
                if (t->n != 1 || strcmp(t->keys[0], "append") != 0 ||
                    t->items[0]->kind != BH_TOML_BOOL)
                        goto bad;
                if (t->items[0]->b)
                        cfg->podman_append |= bit;
                else
                        cfg->podman_append &= ~bit;
                n--;
        }
        for (size_t i = 0; i < n; i++)
                if (e->val->items[i]->kind != BH_TOML_STRING)
                        goto bad;
        *ret_keep = (cfg->podman_append & bit) != 0;
        return (long)n;
bad:
        bh_doc_add_diag(doc, 9002, bh_ec_loc(e->key_loc, file),
                        "%s must be an array of strings (optionally ending with {append=true})",
                        e->key);
        return -1;
}

static void bh_cc_namespace(struct bh_doc *doc, const char *file, const struct bh_toml_entry *e,
                            struct bh_value *v)
{
        const char *s;

        if (bh_cc_str(doc, file, e, &s))
                bh_ec_value(v, s, bh_ec_loc(e->key_loc, file));
}

static void bh_cc_containers_key(struct bh_doc *doc, const char *file,
                                 const struct bh_toml_entry *e, struct bh_engine_cfg *cfg)
{
        struct bh_loc kloc = bh_ec_loc(e->key_loc, file);
        struct bh_container *c;
        const char *s;
        bool b, keep = false;
        long na;

        if (strcmp(e->key, "seccomp_profile") == 0 && bh_cc_str(doc, file, e, &s)) {
                bh_ec_set(doc, cfg, &cfg->seccomp_profile, e->key, s, kloc, BH_CFG_FILE);
                bh_ec_value(&bh_ec_defaults(doc, cfg)->seccomp, s, kloc);
        } else if (strcmp(e->key, "apparmor_profile") == 0 && bh_cc_str(doc, file, e, &s)) {
                bh_ec_set(doc, cfg, &cfg->apparmor_profile, e->key, s, kloc, BH_CFG_FILE);
                bh_ec_value(&bh_ec_defaults(doc, cfg)->apparmor, s, kloc);
        } else if (strcmp(e->key, "label") == 0 && bh_cc_bool(doc, file, e, &b)) {
                bh_ec_set(doc, cfg, &cfg->label, e->key, b ? "true" : "false", kloc, BH_CFG_FILE);
                c = bh_ec_defaults(doc, cfg);
                c->selinux_disabled = b ? BH_FALSE : BH_TRUE;
                c->selinux_disabled_loc = kloc;
        } else if (strcmp(e->key, "privileged") == 0 && bh_cc_bool(doc, file, e, &b)) {
                c = bh_ec_defaults(doc, cfg);
                c->privileged = b ? BH_TRUE : BH_FALSE;
                c->privileged_loc = kloc;
        } else if (strcmp(e->key, "read_only") == 0 && bh_cc_bool(doc, file, e, &b)) {
                c = bh_ec_defaults(doc, cfg);
                c->read_only_rootfs = b ? BH_TRUE : BH_FALSE;
                c->read_only_rootfs_loc = kloc;
        } else if (strcmp(e->key, "log_driver") == 0 && bh_cc_str(doc, file, e, &s)) {
                bh_ec_set(doc, cfg, &cfg->podman_log_driver, e->key, s, kloc, BH_CFG_FILE);
        } else if (strcmp(e->key, "userns") == 0 && bh_cc_str(doc, file, e, &s)) {
                bh_ec_set(doc, cfg, &cfg->userns, e->key, s, kloc, BH_CFG_FILE);
                bh_ec_value(&bh_ec_defaults(doc, cfg)->userns_mode, s, kloc);
        } else if (strcmp(e->key, "netns") == 0) {
                bh_cc_namespace(doc, file, e, &bh_ec_defaults(doc, cfg)->network_mode);
        } else if (strcmp(e->key, "pidns") == 0) {
                bh_cc_namespace(doc, file, e, &bh_ec_defaults(doc, cfg)->pid_mode);
        } else if (strcmp(e->key, "ipcns") == 0) {
                bh_cc_namespace(doc, file, e, &bh_ec_defaults(doc, cfg)->ipc_mode);
        } else if (strcmp(e->key, "utsns") == 0) {
                bh_cc_namespace(doc, file, e, &bh_ec_defaults(doc, cfg)->uts_mode);
        } else if (strcmp(e->key, "cgroupns") == 0) {
                bh_cc_namespace(doc, file, e, &bh_ec_defaults(doc, cfg)->cgroupns_mode);
        } else if (strcmp(e->key, "pids_limit") == 0) {
                if (e->val->kind != BH_TOML_INTEGER) {
                        bh_doc_add_diag(doc, 9002, kloc, "pids_limit must be an integer");
                        return;
                }
                bh_ec_value(&bh_ec_defaults(doc, cfg)->pids_limit, e->val->s, kloc);
        } else if (strcmp(e->key, "default_capabilities") == 0 &&
                   (na = bh_cc_strv_append(doc, file, e, cfg, 1, &keep)) >= 0) {
                c = bh_ec_defaults(doc, cfg);
                if (!keep)
                        c->cap_add.n = 0; /* a later file replaces the list */
                for (size_t i = 0; i < (size_t)na; i++) {
                        struct bh_cap *cap = BH_VEC_NEW(&c->cap_add);
                        cap->raw = e->val->items[i]->s;
                        cap->name = bh_cap_normalize(&doc->arena, cap->raw);
                        cap->loc = bh_ec_loc(e->val->items[i]->loc, file);
                }
        } else if (strcmp(e->key, "volumes") == 0 &&
                   (na = bh_cc_strv_append(doc, file, e, cfg, 2, &keep)) >= 0) {
                c = bh_ec_defaults(doc, cfg);
                if (!keep)
                        c->mounts.n = 0;
                for (size_t i = 0; i < (size_t)na; i++) {
                        const char *v = e->val->items[i]->s;
                        const char *colon = strchr(v, ':');
                        struct bh_mount *m = BH_VEC_NEW(&c->mounts);
                        m->loc = bh_ec_loc(e->val->items[i]->loc, file);
                        if (!colon) {
                                m->kind = BH_MOUNT_ANONYMOUS;
                                m->target = v;
                                m->target_known = true;
                                continue;
                        }
                        m->source = bh_arena_strndup(&doc->arena, v, (size_t)(colon - v));
                        m->kind = m->source[0] == '/' || m->source[0] == '.' ? BH_MOUNT_BIND
                                                                             : BH_MOUNT_VOLUME;
                        const char *t = colon + 1, *c2 = strchr(t, ':');
                        m->target = c2 ? bh_arena_strndup(&doc->arena, t, (size_t)(c2 - t)) : t;
                        m->source_known = m->target_known = true;
                        if (c2)
                                m->read_only = strstr(c2, "ro") ? BH_TRUE : BH_FALSE;
                }
        } else if (strcmp(e->key, "devices") == 0 &&
                   (na = bh_cc_strv_append(doc, file, e, cfg, 4, &keep)) >= 0) {
                c = bh_ec_defaults(doc, cfg);
                if (!keep)
                        c->devices.n = 0;
                for (size_t i = 0; i < (size_t)na; i++) {
                        const char *v = e->val->items[i]->s;
                        const char *colon = strchr(v, ':');
                        struct bh_device *d = BH_VEC_NEW(&c->devices);
                        d->host_path =
                                colon ? bh_arena_strndup(&doc->arena, v, (size_t)(colon - v)) : v;
                        d->loc = bh_ec_loc(e->val->items[i]->loc, file);
                }
        }
}

void bh_enginecfg_containers_conf(struct bh_doc *doc, const char *file, const char *text,
                                  size_t len, struct bh_engine_cfg *cfg)
{
        struct bh_toml *t = bh_toml_parse(&doc->arena, text, len);

        bh_ec_open_file(doc, file, BH_ENGINE_PODMAN, cfg);
        bh_cc_diag_toml(doc, file, t);
        for (size_t i = 0; i < t->n; i++) {
                const struct bh_toml_entry *e = &t->entries[i];
                struct bh_loc kloc = bh_ec_loc(e->key_loc, file);
                const char *s;

                if (strcmp(e->table, "containers") == 0) {
                        bh_cc_containers_key(doc, file, e, cfg);
                } else if (strcmp(e->table, "engine") == 0 && strcmp(e->key, "runtime") == 0 &&
                           bh_cc_str(doc, file, e, &s)) {
                        bh_ec_set(doc, cfg, &cfg->default_runtime, e->key, s, kloc, BH_CFG_FILE);
                } else if ((strcmp(e->table, "engine.runtimes") == 0 ||
                            (strcmp(e->table, "engine") == 0 &&
                             bh_str_startswith(e->key, "runtimes."))) &&
                           e->val->kind == BH_TOML_ARRAY) {
                        const char *name = strcmp(e->table, "engine") == 0 ? e->key + 9 : e->key;
                        size_t nl = strlen(name);
                        /* "my.runtime" keeps its quotes in the key */
                        if (nl >= 2 && name[0] == '"' && name[nl - 1] == '"')
                                name = bh_arena_strndup(&doc->arena, name + 1, nl - 2);
                        const char *path = e->val->n && e->val->items[0]->kind == BH_TOML_STRING
                                                   ? e->val->items[0]->s
                                                   : NULL;
                        bh_ec_add_item(cfg, &cfg->runtimes, name, path, kloc, BH_CFG_FILE);
                        cfg->runtimes.v[cfg->runtimes.n - 1].path = path;
                }
        }
}

void bh_enginecfg_registries_conf(struct bh_doc *doc, const char *file, const char *text,
                                  size_t len, struct bh_engine_cfg *cfg)
{
        struct bh_toml *t = bh_toml_parse(&doc->arena, text, len);

        bh_ec_open_file(doc, file, BH_ENGINE_PODMAN, cfg);
        bh_cc_diag_toml(doc, file, t);
        for (size_t i = 0; i < t->n; i++) {
                const struct bh_toml_entry *e = &t->entries[i];
                bool b;

                /* v2: [[registry]] location = "...", insecure = true */
                if (strcmp(e->table, "registry") == 0 && e->array_table &&
                    strcmp(e->key, "insecure") == 0 && bh_cc_bool(doc, file, e, &b) && b) {
                        const char *where = "(prefix not given)";
                        for (size_t k = 0; k < t->n; k++)
                                if (strcmp(t->entries[k].table, "registry") == 0 &&
                                    t->entries[k].table_index == e->table_index &&
                                    (strcmp(t->entries[k].key, "location") == 0 ||
                                     strcmp(t->entries[k].key, "prefix") == 0) &&
                                    t->entries[k].val->kind == BH_TOML_STRING) {
                                        where = t->entries[k].val->s;
                                        break;
                                }
                        bh_ec_add_item(cfg, &cfg->insecure_registries, where, NULL,
                                       bh_ec_loc(e->key_loc, file), BH_CFG_FILE);
                }
                /* v1: [registries.insecure] registries = [...] */
                if (strcmp(e->table, "registries.insecure") == 0 &&
                    strcmp(e->key, "registries") == 0 && bh_cc_strv(doc, file, e))
                        for (size_t k = 0; k < e->val->n; k++)
                                bh_ec_add_item(cfg, &cfg->insecure_registries, e->val->items[k]->s,
                                               NULL, bh_ec_loc(e->val->items[k]->loc, file),
                                               BH_CFG_FILE);
        }
}

/* ---- shared with containerd.c ---- */

void bh_enginecfg_set(struct bh_doc *doc, struct bh_engine_cfg *cfg, struct bh_cfg_val *v,
                      const char *name, const char *s, struct bh_loc loc)
{
        bh_ec_set(doc, cfg, v, name, s, loc, BH_CFG_FILE);
}

struct bh_cfg_item *bh_enginecfg_add_item(struct bh_engine_cfg *cfg, void *vecp, const char *s,
                                          const char *extra, struct bh_loc loc)
{
        BH_VEC(struct bh_cfg_item) *vec = vecp;

        bh_ec_add_item(cfg, vecp, s, extra, loc, BH_CFG_FILE);
        return &vec->v[vec->n - 1];
}

void bh_enginecfg_open(struct bh_doc *doc, const char *file, enum bh_engine_kind kind,
                       struct bh_engine_cfg *cfg)
{
        bh_ec_open_file(doc, file, kind, cfg);
}

struct bh_container *bh_enginecfg_defaults(struct bh_doc *doc, struct bh_engine_cfg *cfg)
{
        return bh_ec_defaults(doc, cfg);
}

void bh_enginecfg_value(struct bh_value *v, const char *s, struct bh_loc loc)
{
        bh_ec_value(v, s, loc);
}

void bh_enginecfg_unit_env(struct bh_doc *doc, const char *file, const char *text, size_t len,
                           const char *var, const char **io_value, struct bh_loc *io_loc)
{
        struct bh_doc tmp;
        struct bh_unit u = {0};
        size_t vl = strlen(var);

        bh_doc_init(&tmp, file, BH_SURFACE_HOST, text, len);
        bh_unit_parse(&tmp, &u);
        for (size_t i = 0; i < u.n; i++) {
                const struct bh_unit_entry *e = &u.entries[i];
                struct bh_unit_word *w;
                bool bad;
                size_t nw;

                if (strcmp(e->section, "Service") != 0 || strcmp(e->key, "Environment") != 0)
                        continue;
                nw = bh_unit_split(&tmp.arena, e->value, e->vlen, &w, &bad);
                if (nw == 0) {
                        *io_value = NULL; /* an empty Environment= resets the list */
                        continue;
                }
                for (size_t k = 0; k < nw; k++)
                        if (strncmp(w[k].s, var, vl) == 0 && w[k].s[vl] == '=') {
                                *io_value = bh_arena_strdup(&doc->arena, w[k].s + vl + 1);
                                *io_loc = bh_ec_loc(bh_unit_value_loc(e, w[k].off), file);
                        }
        }
        bh_doc_release(&tmp);
}
