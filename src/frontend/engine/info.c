/* Engine-wide answers -> the model: /info into the engine configuration the
 * daemon rules read, /version's components for the CVE matcher, /networks
 * into bh_network, and the /proc status text of a container's process. */
#include <stdio.h>

#include "../../util/strutil.h"
#include "engine-int.h"

#include "../../util/bh-banned.h"

static struct bh_value bh_val(struct bh_doc *doc, const char *s, struct bh_loc loc)
{
        return (struct bh_value){
                .s = bh_arena_strdup(&doc->arena, s), .set = true, .known = true, .loc = loc};
}

/* ---- networks ---- */

static void bh_map_one_network(struct bh_doc *doc, struct bh_esum *s, json_t *net)
{
        const char *name = bh_js(net, "Name"), *driver = bh_js(net, "Driver");
        const char *icc = bh_js(bh_j(net, "Options"), "com.docker.network.bridge.enable_icc");
        struct bh_network *n;

        if (!name)
                return;
        n = BH_VEC_NEW(&doc->networks);
        n->name = bh_arena_strdup(&doc->arena, name);
        n->loc = bh_esum_add(s, "Name", "%s", name);
        n->driver = driver ? bh_arena_strdup(&doc->arena, driver) : NULL;
        bh_esum_add(s, "Driver", "%s", driver ? driver : "");
        if (json_is_boolean(bh_j(net, "Internal"))) {
                bool in = bh_jtrue(net, "Internal");
                n->internal = in ? BH_TRUE : BH_FALSE;
                bh_esum_add(s, "Internal", "%s", in ? "true" : "false");
        }
        if (icc) {
                n->enable_icc = bh_str_eq_ci(icc, "false") ? BH_FALSE : BH_TRUE;
                n->enable_icc_loc =
                        bh_esum_add(s, "Options[com.docker.network.bridge.enable_icc]", "%s", icc);
        }
}

void bh_engine_map_network(struct bh_doc *doc, json_t *net)
{
        struct bh_esum s;

        bh_esum_init(&s, doc);
        if (json_is_object(net))
                bh_map_one_network(doc, &s, net);
        else
                bh_doc_add_diag(doc, 9010, (struct bh_loc){0}, "a network entry is not an object");
        bh_esum_finish(&s);
}

/* ---- the engine: /info, /version, the default bridge ---- */

static void bh_cfg_bool(struct bh_cfg_val *v, struct bh_doc *doc, bool b, const char *s,
                        struct bh_loc loc)
{
        v->set = true;
        v->b = b;
        v->bool_ok = true;
        v->s = bh_arena_strdup(&doc->arena, s);
        v->origin = BH_CFG_FILE;
        v->loc = loc;
}

static void bh_map_secopts(struct bh_doc *doc, struct bh_esum *s, json_t *info,
                           struct bh_engine_cfg *cfg)
{
        size_t i;
        json_t *e;
        bool nnp = false, userns = false, selinux = false;
        struct bh_loc first = {0};
        const char *seccomp = NULL;
        struct bh_loc seccomp_loc = {0};

        json_array_foreach(bh_j(info, "SecurityOptions"), i, e)
        {
                const char *o = json_string_value(e);
                char k[80];
                struct bh_loc l;
                if (!o || i >= 64)
                        continue;
                snprintf(k, sizeof(k), "SecurityOptions[%zu]", i);
                l = bh_esum_add(s, k, "%s", o);
                if (!first.line)
                        first = l;
                if (strcmp(o, "name=no-new-privileges") == 0)
                        nnp = true;
                else if (strcmp(o, "name=userns") == 0)
                        userns = true;
                else if (strcmp(o, "name=rootless") == 0)
                        cfg->rootless = true;
                else if (strcmp(o, "name=selinux") == 0)
                        selinux = true;
                else if (bh_str_startswith(o, "name=seccomp,profile=")) {
                        seccomp = o + 21;
                        seccomp_loc = l;
                }
        }
        if (!first.line)
                first = bh_esum_add(s, "SecurityOptions", "(none)");
        cfg->loc = first;
        if (cfg->kind == BH_ENGINE_DOCKER)
                bh_cfg_bool(&cfg->no_new_privileges, doc, nnp,
                            nnp ? "true" : "false (no name=no-new-privileges in /info)", first);
        if (userns)
                bh_cfg_bool(&cfg->userns_remap, doc, true, "(name=userns in /info)", first);
        bh_cfg_bool(&cfg->selinux_enabled, doc, selinux, selinux ? "true" : "false", first);
        if (seccomp) {
                cfg->seccomp_profile.set = true;
                cfg->seccomp_profile.s = bh_arena_strdup(&doc->arena, seccomp);
                cfg->seccomp_profile.loc = seccomp_loc;
                if (strcmp(seccomp, "unconfined") == 0) {
                        /* every container that does not choose a profile runs unfiltered */
                        struct bh_container *d = bh_doc_add_container(doc, BH_ORIGIN_SHARED);
                        d->name = "(engine default)";
                        d->loc = d->owner_loc = seccomp_loc;
                        d->seccomp = bh_val(doc, "unconfined", seccomp_loc);
                        cfg->defaults = d;
                }
        }
}

/* "API is accessible on http://0.0.0.0:2375 without encryption" -> tcp://0.0.0.0:2375 */
static void bh_map_warnings(struct bh_doc *doc, struct bh_esum *s, json_t *info,
                            struct bh_engine_cfg *cfg)
{
        size_t i;
        json_t *e;

        json_array_foreach(bh_j(info, "Warnings"), i, e)
        {
                const char *w = json_string_value(e), *p;
                char k[80];
                struct bh_loc l;
                if (!w || i >= 64)
                        continue;
                snprintf(k, sizeof(k), "Warnings[%zu]", i);
                l = bh_esum_add(s, k, "%s", w);
                p = strstr(w, "API is accessible on ");
                if (!p || cfg->kind != BH_ENGINE_DOCKER)
                        continue;
                p += 21;
                bool https = bh_str_startswith(p, "https://");
                if (!https && !bh_str_startswith(p, "http://"))
                        continue;
                p += https ? 8 : 7;
                size_t n = strcspn(p, " ");
                struct bh_cfg_item *it = BH_VEC_NEW(&cfg->hosts);
                it->s = bh_arena_printf(&doc->arena, "tcp://%.*s", (int)n, p);
                it->loc = l;
                if (https)
                        bh_cfg_bool(&cfg->tls, doc, true, "true", l);
        }
}

static void bh_map_registries(struct bh_doc *doc, struct bh_esum *s, json_t *info,
                              struct bh_engine_cfg *cfg)
{
        json_t *rc = bh_j(info, "RegistryConfig"), *e;
        const char *key;
        size_t i;

        json_array_foreach(bh_j(rc, "InsecureRegistryCIDRs"), i, e)
        {
                const char *r = json_string_value(e);
                char k[64];
                if (!r || i >= 256)
                        continue;
                snprintf(k, sizeof(k), "RegistryConfig.InsecureRegistryCIDRs[%zu]", i);
                struct bh_cfg_item *it = BH_VEC_NEW(&cfg->insecure_registries);
                it->s = bh_arena_strdup(&doc->arena, r);
                it->loc = bh_esum_add(s, k, "%s", r);
        }
        json_object_foreach(bh_j(rc, "IndexConfigs"), key, e)
        {
                char k[300];
                if (!json_is_false(bh_j(e, "Secure")))
                        continue;
                snprintf(k, sizeof(k), "RegistryConfig.IndexConfigs[%s].Secure", key);
                struct bh_cfg_item *it = BH_VEC_NEW(&cfg->insecure_registries);
                it->s = bh_arena_strdup(&doc->arena, key);
                it->loc = bh_esum_add(s, k, "false");
        }
}

static void bh_map_info(struct bh_doc *doc, struct bh_esum *s, json_t *info,
                        struct bh_engine_cfg *cfg)
{
        const char *v;
        size_t i;
        json_t *e;

        v = bh_js(info, "Name");
        bh_esum_add(s, "Name", "%s", v ? v : "");
        v = bh_js(info, "OperatingSystem");
        bh_esum_add(s, "OperatingSystem", "%s", v ? v : "");
        v = bh_js(info, "KernelVersion");
        bh_esum_add(s, "KernelVersion", "%s", v ? v : "");
        bh_map_secopts(doc, s, info, cfg);
        if (json_is_boolean(bh_j(info, "LiveRestoreEnabled")) && cfg->kind == BH_ENGINE_DOCKER) {
                bool lr = bh_jtrue(info, "LiveRestoreEnabled");
                bh_cfg_bool(&cfg->live_restore, doc, lr, lr ? "true" : "false",
                            bh_esum_add(s, "LiveRestoreEnabled", "%s", lr ? "true" : "false"));
        }
        v = bh_js(info, "LoggingDriver");
        if (v && *v) {
                cfg->log_driver.set = true;
                cfg->log_driver.s = bh_arena_strdup(&doc->arena, v);
                cfg->log_driver.loc = bh_esum_add(s, "LoggingDriver", "%s", v);
        }
        json_array_foreach(bh_j(bh_j(info, "Plugins"), "Authorization"), i, e)
        {
                char k[80];
                if (!json_is_string(e) || i >= 64)
                        continue;
                snprintf(k, sizeof(k), "Plugins.Authorization[%zu]", i);
                struct bh_cfg_item *it = BH_VEC_NEW(&cfg->authz_plugins);
                it->s = bh_arena_strdup(&doc->arena, json_string_value(e));
                it->loc = bh_esum_add(s, k, "%s", it->s);
        }
        bh_map_registries(doc, s, info, cfg);
        bh_map_warnings(doc, s, info, cfg);
}

/* "crun version 1.8.1\ncommit: ..." -> "1.8.1"; a bare version stays. */
static const char *bh_component_version(struct bh_doc *doc, const char *v)
{
        const char *p = strstr(v, "version ");

        if (p)
                v = p + 8;
        size_t n = strcspn(v, " \n,");
        return bh_arena_strndup(&doc->arena, v, BH_MIN(n, 64u));
}

static void bh_map_version(struct bh_doc *doc, struct bh_esum *s, json_t *ver, struct bh_host *h)
{
        size_t i;
        json_t *e;

        json_array_foreach(bh_j(ver, "Components"), i, e)
        {
                const char *name = bh_js(e, "Name"), *v = bh_js(e, "Version"), *comp = NULL;
                char k[80];
                if (!name || !v || i >= 32)
                        continue;
                if (strcmp(name, "Engine") == 0)
                        comp = "docker";
                else if (strcmp(name, "Podman Engine") == 0)
                        comp = "podman";
                else if (strcmp(name, "runc") == 0 || strstr(name, "(runc)"))
                        comp = "runc";
                else if (strcmp(name, "containerd") == 0)
                        comp = "containerd";
                else if (strstr(name, "(crun)"))
                        comp = "crun";
                snprintf(k, sizeof(k), "Components[%zu]", i);
                const char *ver_s = bh_component_version(doc, v);
                struct bh_loc l = bh_esum_add(s, k, "%s %s", name, ver_s);
                if (!comp || !*ver_s)
                        continue;
                /* matched against the CVE tables by the caller (src/vuln) */
                struct bh_pkg *pk = BH_VEC_NEW(&h->pkgs);
                pk->name = comp;
                pk->version = ver_s;
                pk->db = "engine API";
                pk->loc = l;
        }
}

void bh_engine_map_engine(struct bh_doc *doc, struct bh_host *h, enum bh_engine_kind kind,
                          json_t *info, json_t *version, json_t *networks)
{
        struct bh_esum s;
        struct bh_engine_cfg *cfg = kind == BH_ENGINE_PODMAN ? &h->podman : &h->docker;
        size_t i;
        json_t *n;

        bh_esum_init(&s, doc);
        cfg->kind = kind;
        cfg->present = true;
        cfg->path = "engine API /info";
        bh_esum_add(&s, "Engine", "%s", kind == BH_ENGINE_PODMAN ? "Podman" : "Docker");
        if (json_is_object(info))
                bh_map_info(doc, &s, info, cfg);
        else
                cfg->loc = bh_esum_add(&s, "Info", "(not available)");
        /* Docker's icc is the default bridge's enable_icc option */
        json_array_foreach(networks, i, n)
        {
                const char *icc = bh_js(bh_j(n, "Options"), "com.docker.network.bridge.enable_icc");
                const char *name = bh_js(n, "Name");
                if (kind != BH_ENGINE_DOCKER || !name || strcmp(name, "bridge") != 0 || !icc)
                        continue;
                bh_cfg_bool(
                        &cfg->icc, doc, !bh_str_eq_ci(icc, "false"), icc,
                        bh_esum_add(
                                &s,
                                "Networks[bridge].Options[com.docker.network.bridge.enable_icc]",
                                "%s", icc));
        }
        /* the versions come from the API, not a package database */
        h->pkgdb.set = true;
        h->pkgdb.s = "engine API /version";
        h->pkgdb.loc =
                bh_esum_add(&s, "Version", "%s",
                            json_is_object(version) ? "(engine API /version)" : "(not available)");
        if (json_is_object(version))
                bh_map_version(doc, &s, version, h);
        bh_esum_finish(&s);
}

/* ---- /proc/<pid>/status ---- */

static bool bh_proc_field(const char *text, size_t len, const char *key, const char **ret,
                          size_t *ret_n)
{
        size_t kl = strlen(key);

        for (const char *p = text, *end = text + len; p < end;) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
                if (n > kl && memcmp(p, key, kl) == 0 && p[kl] == ':') {
                        const char *v = p + kl + 1;
                        size_t vn = n - kl - 1;
                        while (vn && (*v == ' ' || *v == '\t'))
                                v++, vn--;
                        *ret = v;
                        *ret_n = vn;
                        return true;
                }
                p += n + 1;
        }
        return false;
}

static bool bh_proc_hex(const char *text, size_t len, const char *key, uint64_t *ret)
{
        const char *v;
        size_t n;
        uint64_t m = 0;

        if (!bh_proc_field(text, len, key, &v, &n) || n == 0 || n > 16)
                return false;
        for (size_t i = 0; i < n; i++) {
                char ch = v[i];
                unsigned d = ch >= '0' && ch <= '9'   ? (unsigned)(ch - '0')
                             : ch >= 'a' && ch <= 'f' ? (unsigned)(ch - 'a' + 10)
                             : ch >= 'A' && ch <= 'F' ? (unsigned)(ch - 'A' + 10)
                                                      : 16u;
                if (d > 15)
                        return false;
                m = m << 4 | d;
        }
        *ret = m;
        return true;
}

static int bh_proc_small(const char *text, size_t len, const char *key)
{
        const char *v;
        size_t n;
        uint64_t x;

        if (!bh_proc_field(text, len, key, &v, &n) || bh_parse_u64n(v, n, 0, 2, &x) < 0)
                return -1;
        return (int)x;
}

bool bh_engine_proc_parse(const char *text, size_t len, struct bh_proc_state *p)
{
        if (!bh_proc_hex(text, len, "CapEff", &p->cap_eff))
                return false;
        if (!bh_proc_hex(text, len, "CapBnd", &p->cap_bnd))
                p->cap_bnd = p->cap_eff;
        p->no_new_privs = bh_proc_small(text, len, "NoNewPrivs");
        p->seccomp = bh_proc_small(text, len, "Seccomp");
        return true;
}
