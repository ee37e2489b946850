/* containerd's /etc/containerd/config.toml into the engine-configuration
 * model.  Versions 1 ([plugins.cri]), 2 ([plugins."io.containerd.grpc.v1.cri"])
 * and 3 ([plugins."io.containerd.cri.v1.runtime"]) name the CRI plugin
 * differently; each key is read by its path below whichever plugin table
 * holds it, so one reader serves the three.  Values the CRI plugin gives
 * every container go to the shared-defaults container, where the container
 * rules judge them as they judge a pod or a compose service. */
#include <stdio.h>

#include "../../util/strutil.h"
#include "host-int.h"
#include "toml.h"

#include "../../util/bh-banned.h"

static struct bh_loc bh_cd_loc(struct bh_loc l, const char *file)
{
        l.file = file;
        return l;
}

/* The CRI plugin's table, by config version; the rest of the path follows. */
static const char *const bh_cd_cri[] = {
        "plugins.cri.", "plugins.\"io.containerd.grpc.v1.cri\".",
        "plugins.\"io.containerd.cri.v1.runtime\".",
        "plugins.\"io.containerd.cri.v1.images\".", /* version 3's registry settings */
};

static const char *bh_cd_cri_rest(const char *full)
{
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_cd_cri); i++)
                if (bh_str_startswith(full, bh_cd_cri[i]))
                        return full + strlen(bh_cd_cri[i]);
        return NULL;
}

/* A runtime's name as written in the path (quotes dropped). */
static const char *bh_cd_name(struct bh_arena *a, const char *s, size_t n)
{
        if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
                return bh_arena_strndup(a, s + 1, n - 2);
        return bh_arena_strndup(a, s, n);
}

static struct bh_cfg_item *bh_cd_runtime(struct bh_doc *doc, struct bh_engine_cfg *cfg,
                                         const char *name, struct bh_loc loc)
{
        for (size_t i = 0; i < cfg->runtimes.n; i++)
                if (strcmp(cfg->runtimes.v[i].s, name) == 0)
                        return &cfg->runtimes.v[i];
        (void)doc;
        return bh_enginecfg_add_item(cfg, &cfg->runtimes, name, NULL, loc);
}

static bool bh_cd_bool(struct bh_doc *doc, const char *file, const struct bh_toml_entry *e,
                       const char *what, bool *ret)
{
        if (e->val->kind != BH_TOML_BOOL) {
                bh_doc_add_diag(doc, 9002, bh_cd_loc(e->key_loc, file),
                                "config.toml: %s must be true or false", what);
                return false;
        }
        *ret = e->val->b;
        return true;
}

static bool bh_cd_str(struct bh_doc *doc, const char *file, const struct bh_toml_entry *e,
                      const char *what, const char **ret)
{
        if (e->val->kind != BH_TOML_STRING) {
                bh_doc_add_diag(doc, 9002, bh_cd_loc(e->key_loc, file),
                                "config.toml: %s must be a string", what);
                return false;
        }
        *ret = e->val->s;
        return true;
}

static bool bh_cd_int(struct bh_doc *doc, const char *file, const struct bh_toml_entry *e,
                      const char *what, const char **ret)
{
        if (e->val->kind != BH_TOML_INTEGER) {
                bh_doc_add_diag(doc, 9002, bh_cd_loc(e->key_loc, file),
                                "config.toml: %s must be an integer", what);
                return false;
        }
        *ret = e->val->s;
        return true;
}

/* A key below containerd.runtimes.<name>. */
static void bh_cd_runtime_key(struct bh_doc *doc, const char *file, const struct bh_toml_entry *e,
                              const char *rest, struct bh_engine_cfg *cfg)
{
        struct bh_loc kloc = bh_cd_loc(e->key_loc, file);
        const char *name_end, *name, *sub, *s;
        struct bh_cfg_item *it;
        bool b;

        /* the name: a bare part, or a quoted one that may hold dots */
        if (rest[0] == '"') {
                const char *q = strchr(rest + 1, '"');
                if (!q)
                        return;
                name_end = q + 1;
        } else {
                name_end = rest + strcspn(rest, ".");
        }
        if (*name_end != '.')
                return; /* a table with no key of its own */
        name = bh_cd_name(&doc->arena, rest, (size_t)(name_end - rest));
        sub = name_end + 1;
        it = bh_cd_runtime(doc, cfg, name, kloc);
        if (strcmp(sub, "runtime_type") == 0 && bh_cd_str(doc, file, e, "runtime_type", &s)) {
                it->extra = s;
        } else if (strcmp(sub, "options.BinaryName") == 0 &&
                   bh_cd_str(doc, file, e, "BinaryName", &s)) {
                it->path = s;
                it->loc = kloc; /* findings about the executable point here */
                if (!it->extra)
                        it->extra = s;
        } else if (strcmp(sub, "options.SystemdCgroup") == 0 &&
                   bh_cd_bool(doc, file, e, "SystemdCgroup", &b)) {
                bh_enginecfg_set(
                        doc, cfg, &cfg->systemd_cgroup, "SystemdCgroup",
                        bh_arena_printf(&doc->arena, "%s (%s)", b ? "true" : "false", name), kloc);
                cfg->systemd_cgroup.b = b;
                cfg->systemd_cgroup.bool_ok = true;
        }
}

static void bh_cd_bool_val(struct bh_doc *doc, const char *file, const struct bh_toml_entry *e,
                           const char *what, struct bh_engine_cfg *cfg, struct bh_cfg_val *v)
{
        bool b;

        if (bh_cd_bool(doc, file, e, what, &b))
                bh_enginecfg_set(doc, cfg, v, what, b ? "true" : "false",
                                 bh_cd_loc(e->key_loc, file));
}

/* A namespaced sysctl the CRI plugin sets in every container. */
static void bh_cd_sysctl(struct bh_doc *doc, struct bh_engine_cfg *cfg, const char *name,
                         const char *value, struct bh_loc loc)
{
        struct bh_container *c = bh_enginecfg_defaults(doc, cfg);
        struct bh_sysctl *s = BH_VEC_NEW(&c->sysctls);

        s->name = name;
        s->value = value;
        s->value_known = true;
        s->loc = loc;
}

/* A registry's name ("docker.io", "https://r.example:5000/v2") as shown:
 * quotes, scheme and path removed, so that loopback addresses are known. */
static const char *bh_cd_registry(struct bh_arena *a, const char *s, size_t n)
{
        const char *name = bh_cd_name(a, s, n);
        const char *p = strstr(name, "://");

        if (p)
                name = p + 3;
        return bh_arena_strndup(a, name, strcspn(name, "/"));
}

/* The name part of "<name>.<rest>" (a quoted name may hold dots); NULL when
 * no rest follows. */
static const char *bh_cd_split(const char *s, const char **ret_rest)
{
        const char *end;

        if (s[0] == '"') {
                const char *q = strchr(s + 1, '"');
                if (!q)
                        return NULL;
                end = q + 1;
        } else {
                end = s + strcspn(s, ".");
        }
        if (*end != '.')
                return NULL;
        *ret_rest = end + 1;
        return end;
}

/* registry.configs.<host>.tls.insecure_skip_verify (versions 1 and 2) and
 * registry.mirrors.<host>.endpoint with http:// URLs: deprecated by
 * config_path, still honoured by containerd 1.x. */
static void bh_cd_registry_key(struct bh_doc *doc, const char *file, const struct bh_toml_entry *e,
                               const char *rest, bool mirrors, struct bh_engine_cfg *cfg)
{
        const char *sub = NULL, *end = bh_cd_split(rest, &sub);
        bool b;

        if (!end)
                return;
        if (!mirrors && strcmp(sub, "tls.insecure_skip_verify") == 0 &&
            bh_cd_bool(doc, file, e, "insecure_skip_verify", &b) && b) {
                bh_enginecfg_add_item(cfg, &cfg->insecure_registries,
                                      bh_cd_registry(&doc->arena, rest, (size_t)(end - rest)),
                                      "insecure_skip_verify", bh_cd_loc(e->key_loc, file));
        } else if (mirrors && strcmp(sub, "endpoint") == 0 && e->val->kind == BH_TOML_ARRAY) {
                for (size_t k = 0; k < e->val->n; k++) {
                        const struct bh_toml_val *v = e->val->items[k];
                        if (v->kind == BH_TOML_STRING && bh_str_startswith(v->s, "http://"))
                                bh_enginecfg_add_item(
                                        cfg, &cfg->insecure_registries,
                                        bh_cd_registry(&doc->arena, v->s, strlen(v->s)), "http://",
                                        bh_cd_loc(v->loc, file));
                }
        }
}

static void bh_cd_cri_key(struct bh_doc *doc, const char *file, const struct bh_toml_entry *e,
                          const char *rest, struct bh_engine_cfg *cfg)
{
        struct bh_loc kloc = bh_cd_loc(e->key_loc, file);
        const char *s;

        if (strcmp(rest, "enable_selinux") == 0) {
                bh_cd_bool_val(doc, file, e, "enable_selinux", cfg, &cfg->selinux_enabled);
        } else if (strcmp(rest, "disable_apparmor") == 0) {
                bh_cd_bool_val(doc, file, e, "disable_apparmor", cfg, &cfg->disable_apparmor);
                /* the CRI plugin then applies no profile, whatever a pod asks */
                if (cfg->disable_apparmor.set && cfg->disable_apparmor.b)
                        bh_enginecfg_value(&bh_enginecfg_defaults(doc, cfg)->apparmor, "unconfined",
                                           kloc);
        } else if (strcmp(rest, "restrict_oom_score_adj") == 0) {
                bh_cd_bool_val(doc, file, e, "restrict_oom_score_adj", cfg,
                               &cfg->restrict_oom_score_adj);
        } else if (strcmp(rest, "enable_unprivileged_ports") == 0) {
                bh_cd_bool_val(doc, file, e, "enable_unprivileged_ports", cfg,
                               &cfg->unprivileged_ports);
                if (cfg->unprivileged_ports.set && cfg->unprivileged_ports.b)
                        bh_cd_sysctl(doc, cfg, "net.ipv4.ip_unprivileged_port_start", "0", kloc);
        } else if (strcmp(rest, "enable_unprivileged_icmp") == 0) {
                bh_cd_bool_val(doc, file, e, "enable_unprivileged_icmp", cfg,
                               &cfg->unprivileged_icmp);
                if (cfg->unprivileged_icmp.set && cfg->unprivileged_icmp.b)
                        bh_cd_sysctl(doc, cfg, "net.ipv4.ping_group_range", "0 2147483647", kloc);
        } else if (strcmp(rest, "device_ownership_from_security_context") == 0) {
                bh_cd_bool_val(doc, file, e, "device_ownership_from_security_context", cfg,
                               &cfg->device_ownership);
        } else if (strcmp(rest, "containerd.default_runtime_name") == 0 &&
                   bh_cd_str(doc, file, e, "default_runtime_name", &s)) {
                bh_enginecfg_set(doc, cfg, &cfg->default_runtime, "default_runtime_name", s, kloc);
        } else if (strcmp(rest, "registry.config_path") == 0 &&
                   bh_cd_str(doc, file, e, "config_path", &s)) {
                bh_enginecfg_set(doc, cfg, &cfg->registry_config_path, "config_path", s, kloc);
        } else if (bh_str_startswith(rest, "registry.configs.")) {
                bh_cd_registry_key(doc, file, e, rest + strlen("registry.configs."), false, cfg);
        } else if (bh_str_startswith(rest, "registry.mirrors.")) {
                bh_cd_registry_key(doc, file, e, rest + strlen("registry.mirrors."), true, cfg);
        } else if (bh_str_startswith(rest, "containerd.runtimes.")) {
                bh_cd_runtime_key(doc, file, e, rest + strlen("containerd.runtimes."), cfg);
        } else if (bh_str_startswith(rest, "containerd.untrusted_workload_runtime.")) {
                /* version 1's single sandbox runtime slot */
                struct bh_cfg_item *it =
                        bh_cd_runtime(doc, cfg, "untrusted_workload_runtime", kloc);
                if (strcmp(rest + strlen("containerd.untrusted_workload_runtime."),
                           "runtime_type") == 0 &&
                    bh_cd_str(doc, file, e, "runtime_type", &s))
                        it->extra = s;
        }
}

static void bh_cd_grpc_key(struct bh_doc *doc, const char *file, const struct bh_toml_entry *e,
                           struct bh_engine_cfg *cfg, const char **ret_tcp,
                           struct bh_loc *ret_tcp_loc)
{
        struct bh_loc kloc = bh_cd_loc(e->key_loc, file);
        const char *s;

        if (strcmp(e->key, "address") == 0 && bh_cd_str(doc, file, e, "[grpc] address", &s)) {
                bh_enginecfg_set(doc, cfg, &cfg->grpc_address, "address", s, kloc);
        } else if (strcmp(e->key, "tcp_address") == 0 &&
                   bh_cd_str(doc, file, e, "[grpc] tcp_address", &s)) {
                *ret_tcp = s;
                *ret_tcp_loc = bh_cd_loc(e->val->loc, file);
        } else if (strcmp(e->key, "tcp_tls_cert") == 0 &&
                   bh_cd_str(doc, file, e, "tcp_tls_cert", &s)) {
                bh_enginecfg_set(doc, cfg, &cfg->tlscert, "tcp_tls_cert", s, kloc);
        } else if (strcmp(e->key, "tcp_tls_key") == 0 &&
                   bh_cd_str(doc, file, e, "tcp_tls_key", &s)) {
                bh_enginecfg_set(doc, cfg, &cfg->tlskey, "tcp_tls_key", s, kloc);
        } else if (strcmp(e->key, "tcp_tls_ca") == 0 && bh_cd_str(doc, file, e, "tcp_tls_ca", &s)) {
                bh_enginecfg_set(doc, cfg, &cfg->tlscacert, "tcp_tls_ca", s, kloc);
        } else if (strcmp(e->key, "uid") == 0 && bh_cd_int(doc, file, e, "[grpc] uid", &s)) {
                bh_enginecfg_set(doc, cfg, &cfg->grpc_uid, "uid", s, kloc);
        } else if (strcmp(e->key, "gid") == 0 && bh_cd_int(doc, file, e, "[grpc] gid", &s)) {
                bh_enginecfg_set(doc, cfg, &cfg->grpc_gid, "gid", s, kloc);
        }
}

void bh_enginecfg_containerd_toml(struct bh_doc *doc, const char *file, const char *text,
                                  size_t len, struct bh_engine_cfg *cfg)
{
        struct bh_toml *t = bh_toml_parse(&doc->arena, text, len);
        const char *tcp = NULL;
        struct bh_loc tcp_loc = {0};

        bh_enginecfg_open(doc, file, BH_ENGINE_CONTAINERD, cfg);
        if (t->error_rule)
                bh_doc_add_diag(doc, t->error_rule, bh_cd_loc(t->error_loc, file),
                                "config.toml: %s", t->error_msg);
        for (size_t i = 0; i < t->n; i++) {
                const struct bh_toml_entry *e = &t->entries[i];
                struct bh_loc kloc = bh_cd_loc(e->key_loc, file);
                const char *full = e->table[0]
                                           ? bh_arena_printf(&doc->arena, "%s.%s", e->table, e->key)
                                           : e->key;
                const char *rest, *s;

                if (strcmp(full, "version") == 0) {
                        if (bh_cd_int(doc, file, e, "version", &s))
                                bh_enginecfg_set(doc, cfg, &cfg->config_version, "version", s,
                                                 kloc);
                } else if (strcmp(full, "disabled_plugins") == 0 && e->val->kind == BH_TOML_ARRAY) {
                        for (size_t k = 0; k < e->val->n; k++) {
                                const struct bh_toml_val *v = e->val->items[k];
                                if (v->kind == BH_TOML_STRING &&
                                    (strcmp(v->s, "cri") == 0 ||
                                     strcmp(v->s, "io.containerd.grpc.v1.cri") == 0)) {
                                        cfg->cri_disabled = true;
                                        cfg->cri_disabled_loc = bh_cd_loc(v->loc, file);
                                }
                        }
                } else if (strcmp(e->table, "grpc") == 0) {
                        bh_cd_grpc_key(doc, file, e, cfg, &tcp, &tcp_loc);
                } else if ((rest = bh_cd_cri_rest(full))) {
                        bh_cd_cri_key(doc, file, e, rest, cfg);
                }
        }
        if (tcp && *tcp) {
                /* containerd serves TLS when a certificate is given, and
                 * requires client certificates when a CA is given */
                bh_enginecfg_add_item(cfg, &cfg->hosts,
                                      bh_arena_printf(&doc->arena, "tcp://%s", tcp), NULL, tcp_loc);
                bh_enginecfg_set(doc, cfg, &cfg->tls, "tcp_tls_cert",
                                 cfg->tlscert.set ? "true" : "false",
                                 cfg->tlscert.set ? cfg->tlscert.loc : tcp_loc);
                bh_enginecfg_set(doc, cfg, &cfg->tlsverify, "tcp_tls_ca",
                                 cfg->tlscacert.set ? "true" : "false",
                                 cfg->tlscacert.set ? cfg->tlscacert.loc : tcp_loc);
        }
        /* with the CRI plugin off, its settings reach no container */
        if (cfg->cri_disabled && cfg->defaults) {
                cfg->defaults->apparmor = (struct bh_value){0};
                cfg->defaults->sysctls.n = 0;
        }
}

void bh_enginecfg_containerd_hosts(struct bh_doc *doc, const char *file, const char *host,
                                   const char *text, size_t len, struct bh_engine_cfg *cfg)
{
        struct bh_toml *t = bh_toml_parse(&doc->arena, text, len);
        const char *server = NULL, *last_table = NULL;
        struct bh_loc server_loc = {0};

        if (t->error_rule)
                bh_doc_add_diag(doc, t->error_rule, bh_cd_loc(t->error_loc, file), "hosts.toml: %s",
                                t->error_msg);
        BH_VEC_PUSH(&cfg->files, file);
        for (size_t i = 0; i < t->n; i++) {
                const struct bh_toml_entry *e = &t->entries[i];
                struct bh_loc kloc = bh_cd_loc(e->key_loc, file);
                const char *name = NULL;
                bool b;

                if (!e->table[0] && strcmp(e->key, "server") == 0 &&
                    bh_cd_str(doc, file, e, "server", &server)) {
                        server_loc = bh_cd_loc(e->val->loc, file);
                        if (bh_str_startswith(server, "http://"))
                                bh_enginecfg_add_item(
                                        cfg, &cfg->insecure_registries,
                                        bh_cd_registry(&doc->arena, server, strlen(server)),
                                        "http://", server_loc);
                        continue;
                }
                if (bh_str_startswith(e->table, "host.")) {
                        const char *h = e->table + 5;
                        name = bh_cd_registry(&doc->arena, h, strlen(h));
                        /* [host."http://..."]: plain HTTP, once per table */
                        if (bh_str_startswith(h, "\"http://") &&
                            (!last_table || strcmp(last_table, e->table) != 0))
                                bh_enginecfg_add_item(cfg, &cfg->insecure_registries, name,
                                                      "http://", bh_cd_loc(e->table_loc, file));
                        last_table = e->table;
                } else if (e->table[0]) {
                        continue;
                }
                if (strcmp(e->key, "skip_verify") == 0 &&
                    bh_cd_bool(doc, file, e, "skip_verify", &b) && b) {
                        /* top level: the server's (the directory's host when none) */
                        if (!name)
                                name = server ? bh_cd_registry(&doc->arena, server, strlen(server))
                                       : strcmp(host, "_default") == 0
                                               ? "_default (every registry without its own "
                                                 "directory)"
                                               : host;
                        bh_enginecfg_add_item(cfg, &cfg->insecure_registries, name, "skip_verify",
                                              kloc);
                }
        }
}
