/* The merged compose project -> the model: one container per service, the
 * networks, the images.  Values are judged as compose judges them after
 * interpolation (booleans are true/false only, as compose-go's toBoolean);
 * a value that depends on an unset variable is unknown (BH9005), never
 * guessed. */
#include <ctype.h>
#include <strings.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "compose-int.h"

#include "../../util/bh-banned.h"

struct bh_cm {
        struct bh_compose *cx;
        struct bh_doc *doc;
        struct bh_container *c;
        const char *name; /* service */
        const struct bh_cnode *svc;
        const struct bh_cnode *volumes; /* top-level volumes: */
};

static void bh_cm_unknown(struct bh_cm *m, const struct bh_cnode *n, const char *field)
{
        if (!n || n->known || !n->unres)
                return;
        bh_doc_add_diag(m->doc, 9005, bh_cn_loc(m->cx, n),
                        "%s of service %s uses ${%s}, which is not set: the value cannot be "
                        "checked",
                        field, m->name, n->unres);
}

/* A scalar field as a model value located at its key. */
static struct bh_value bh_cm_value(struct bh_cm *m, const struct bh_cpair *p, const char *field)
{
        struct bh_value v = {0};

        if (!p || !p->val || p->val->tag == BH_CN_TAG_RESET)
                return v;
        v.loc = bh_cn_loc(m->cx, p->key);
        if (p->val->kind != BH_CN_SCALAR) {
                if (p->val->kind != BH_CN_NULL)
                        bh_doc_add_diag(m->doc, 9002, v.loc, "%s of service %s must be a string",
                                        field, m->name);
                return v;
        }
        v.set = true;
        v.known = p->val->known;
        v.s = p->val->known ? p->val->s : p->val->raw;
        bh_cm_unknown(m, p->val, field);
        return v;
}

/* A boolean field (booleans or strings after interpolation: true/false, any case). */
static void bh_cm_bool(struct bh_cm *m, const char *key, enum bh_tristate *ret,
                       struct bh_loc *ret_loc)
{
        const struct bh_cpair *p = bh_cn_pair(m->svc, key);
        const struct bh_cnode *n = p ? p->val : NULL;

        if (!n || n->tag == BH_CN_TAG_RESET || n->kind == BH_CN_NULL)
                return;
        struct bh_loc loc = bh_cn_loc(m->cx, p->key);
        if (n->kind != BH_CN_SCALAR || !n->known) {
                if (n->kind != BH_CN_SCALAR)
                        bh_doc_add_diag(m->doc, 9002, loc, "%s of service %s must be a boolean",
                                        key, m->name);
                bh_cm_unknown(m, n, key);
                return;
        }
        if (strcasecmp(n->s, "true") == 0) {
                *ret = BH_TRUE;
        } else if (strcasecmp(n->s, "false") == 0) {
                *ret = BH_FALSE;
        } else {
                bh_doc_add_diag(m->doc, 9002, loc,
                                "%s of service %s is \"%s\", not a boolean (compose accepts only "
                                "true or false)",
                                key, m->name, n->s);
                return;
        }
        *ret_loc = loc;
}

/* Call fn for every entry of a list field (or the field's one scalar). */
static void bh_cm_each(struct bh_cm *m, const char *key,
                       void (*fn)(struct bh_cm *m, const struct bh_cnode *it))
{
        const struct bh_cnode *n = bh_cn_get(m->svc, key);

        if (!n || n->kind == BH_CN_NULL)
                return;
        if (n->kind != BH_CN_SEQ) {
                fn(m, n);
                return;
        }
        for (size_t i = 0; i < n->n; i++)
                fn(m, n->items[i]);
}

static struct bh_value bh_cm_item_value(struct bh_cm *m, const struct bh_cnode *it,
                                        const char *field)
{
        struct bh_value v = {0};

        if (!it || it->kind != BH_CN_SCALAR)
                return v;
        v.set = true;
        v.known = it->known;
        v.s = it->known ? it->s : it->raw;
        v.loc = bh_cn_loc(m->cx, it);
        bh_cm_unknown(m, it, field);
        return v;
}

/* ---- capabilities, security options ---- */

static void bh_cm_cap(struct bh_cm *m, const struct bh_cnode *it, bool add)
{
        struct bh_value v = bh_cm_item_value(m, it, add ? "cap_add" : "cap_drop");
        struct bh_cap *cap;

        if (!v.set || !v.known)
                return;
        cap = add ? BH_VEC_NEW(&m->c->cap_add) : BH_VEC_NEW(&m->c->cap_drop);
        cap->raw = v.s;
        cap->name = bh_cap_normalize(&m->doc->arena, v.s);
        cap->loc = v.loc;
}

static void bh_cm_cap_add(struct bh_cm *m, const struct bh_cnode *it)
{
        bh_cm_cap(m, it, true);
}

static void bh_cm_cap_drop(struct bh_cm *m, const struct bh_cnode *it)
{
        bh_cm_cap(m, it, false);
}

static void bh_cm_secopt(struct bh_cm *m, const struct bh_cnode *it)
{
        struct bh_value v = bh_cm_item_value(m, it, "security_opt");

        if (v.set)
                bh_secopt_apply(m->doc, m->c, v.s, v.loc);
}

static void bh_cm_cgroup_rule(struct bh_cm *m, const struct bh_cnode *it)
{
        struct bh_value v = bh_cm_item_value(m, it, "device_cgroup_rules");

        if (v.set)
                BH_VEC_PUSH(&m->c->device_cgroup_rules, v);
}

/* ---- volumes ---- */

/* The end of the next colon-separated section, treating ${...} as opaque
 * (only unresolved specs still hold one). */
static const char *bh_vol_colon(const char *p)
{
        unsigned nest = 0;

        for (; *p; p++) {
                if (p[0] == '$' && p[1] == '{') {
                        nest++;
                        p++;
                } else if (*p == '}' && nest) {
                        nest--;
                } else if (*p == ':' && !nest) {
                        return p;
                }
        }
        return NULL;
}

static bool bh_vol_is_path(const char *s)
{
        if (!s || !*s)
                return false;
        if (s[0] == '.' || s[0] == '/' || s[0] == '~')
                return true;
        if (s[0] == '\\' && s[1] == '\\')
                return true;
        return isalpha((unsigned char)s[0]) && s[1] == ':';
}

bool bh_compose_volume_spec(struct bh_arena *a, const char *spec, struct bh_cvol *ret)
{
        const char *sect[3] = {NULL, NULL, NULL};
        size_t n = 0;
        const char *p = spec;

        memset(ret, 0, sizeof(*ret));
        if (!*spec)
                return false;
        if (strlen(spec) <= 2) {
                ret->target = spec;
                return true;
        }
        while (p) {
                const char *q = p;
                /* a drive letter "C:" is part of the path, not a separator */
                if (isalpha((unsigned char)q[0]) && q[1] == ':')
                        q += 2;
                const char *c = bh_vol_colon(q);
                size_t len = c ? (size_t)(c - p) : strlen(p);
                if (!len)
                        return false; /* empty section between colons */
                if (n == 3)
                        return false; /* too many colons */
                sect[n++] = bh_arena_strndup(a, p, len);
                p = c ? c + 1 : NULL;
                if (n == 3 && p)
                        return false;
        }
        if (n == 1) {
                ret->target = sect[0];
                return true;
        }
        ret->source = sect[0];
        ret->target = sect[1];
        ret->options = sect[2];
        ret->bind = bh_vol_is_path(ret->source);
        return true;
}

static bool bh_vol_has_opt(const char *opts, const char *o)
{
        size_t ol = strlen(o);

        for (const char *p = opts; p && *p;) {
                const char *e = strchr(p, ',');
                size_t l = e ? (size_t)(e - p) : strlen(p);
                if (l == ol && strncmp(p, o, l) == 0)
                        return true;
                p = e ? e + 1 : NULL;
        }
        return false;
}

/* A named volume that the top-level volumes: turns into a bind mount
 * (driver local, driver_opts type none, o bind, device PATH). */
static void bh_cm_named(struct bh_cm *m, struct bh_mount *mt)
{
        const struct bh_cpair *vp = bh_cn_pair(m->volumes, mt->source);
        const struct bh_cnode *def = vp ? vp->val : NULL;
        const struct bh_cnode *opts = bh_cn_get(def, "driver_opts");
        const char *driver = bh_cn_str(bh_cn_get(def, "driver"));
        const char *type = bh_cn_str(bh_cn_get(opts, "type"));
        const char *o = bh_cn_str(bh_cn_get(opts, "o"));
        const struct bh_cnode *dev = bh_cn_get(opts, "device");

        if (!opts || (driver && strcmp(driver, "local") != 0) || !type || !o || !dev)
                return;
        if (strcmp(type, "none") != 0 || !(bh_vol_has_opt(o, "bind") || bh_vol_has_opt(o, "rbind")))
                return;
        mt->kind = BH_MOUNT_BIND;
        mt->source_known = dev->known && dev->kind == BH_CN_SCALAR;
        mt->source = dev->known ? dev->s : dev->raw;
        if (!mt->loc.note)
                mt->loc.note = bh_arena_printf(
                        &m->doc->arena, "named volume %s is a bind mount of %s, line %u",
                        vp->key->s, mt->source ? mt->source : "?", bh_cn_loc(m->cx, dev).line);
        if (!mt->source_known)
                bh_cm_unknown(m, dev, "the device of a named volume");
}

static enum bh_mount_kind bh_vol_kind_unknown(const char *src)
{
        if (bh_vol_is_path(src))
                return BH_MOUNT_BIND;
        /* a source with a slash can only be a path once resolved */
        if (src[0] == '$')
                return strchr(src, '/') ? BH_MOUNT_BIND : BH_MOUNT_UNKNOWN;
        return BH_MOUNT_VOLUME;
}

static void bh_cm_volume_short(struct bh_cm *m, const struct bh_cnode *it, struct bh_mount *mt)
{
        const char *spec = it->known ? it->s : it->raw;
        struct bh_cvol v;

        if (!bh_compose_volume_spec(&m->doc->arena, spec, &v)) {
                bh_doc_add_diag(m->doc, 9002, mt->loc,
                                "volume \"%s\" of service %s is malformed (empty section or too "
                                "many colons); compose refuses it",
                                spec, m->name);
                mt->kind = BH_MOUNT_UNKNOWN;
                return;
        }
        mt->target = v.target;
        mt->target_known = it->known;
        if (!v.source) {
                mt->kind = BH_MOUNT_ANONYMOUS;
                return;
        }
        mt->source = v.source;
        mt->source_known = it->known || !strchr(v.source, '$');
        if (!it->known)
                mt->target_known = !strchr(v.target, '$');
        if (mt->source_known)
                mt->kind = v.bind ? BH_MOUNT_BIND : BH_MOUNT_VOLUME;
        else
                mt->kind = bh_vol_kind_unknown(v.source);
        if (bh_vol_has_opt(v.options, "ro"))
                mt->read_only = BH_TRUE;
        else if (bh_vol_has_opt(v.options, "rw"))
                mt->read_only = BH_FALSE;
        if (mt->kind == BH_MOUNT_VOLUME)
                bh_cm_named(m, mt);
}

static void bh_cm_volume_long(struct bh_cm *m, const struct bh_cnode *it, struct bh_mount *mt)
{
        const struct bh_cnode *src = bh_cn_get(it, "source");
        const struct bh_cnode *tgt = bh_cn_get(it, "target");
        const char *type = bh_cn_str(bh_cn_get(it, "type"));
        const struct bh_cpair *ro = bh_cn_pair(it, "read_only");

        if (src && src->kind == BH_CN_SCALAR) {
                mt->source = src->known ? src->s : src->raw;
                mt->source_known = src->known;
                bh_cm_unknown(m, src, "volume source");
        }
        if (tgt && tgt->kind == BH_CN_SCALAR) {
                mt->target = tgt->known ? tgt->s : tgt->raw;
                mt->target_known = tgt->known;
        }
        if (ro && ro->val && ro->val->kind == BH_CN_SCALAR && ro->val->known)
                mt->read_only = strcasecmp(ro->val->s, "true") == 0 ? BH_TRUE : BH_FALSE;
        if (!type) {
                bh_doc_add_diag(m->doc, 9002, mt->loc,
                                "volume of service %s has no type (bind, volume, tmpfs...); "
                                "compose refuses it",
                                m->name);
                /* judged like the short syntax so that nothing is missed */
                type = !mt->source ? "volume" : bh_vol_is_path(mt->source) ? "bind" : "volume";
        }
        if (strcmp(type, "bind") == 0 || strcmp(type, "npipe") == 0) {
                mt->kind = mt->source_known || !mt->source ? BH_MOUNT_BIND
                                                           : bh_vol_kind_unknown(mt->source);
                if (mt->kind == BH_MOUNT_VOLUME)
                        mt->kind = BH_MOUNT_BIND;
        } else if (strcmp(type, "volume") == 0) {
                mt->kind = mt->source && *mt->source ? BH_MOUNT_VOLUME : BH_MOUNT_ANONYMOUS;
                if (mt->kind == BH_MOUNT_ANONYMOUS)
                        mt->source = NULL;
                else if (mt->source_known)
                        bh_cm_named(m, mt);
        } else if (strcmp(type, "tmpfs") == 0) {
                mt->kind = BH_MOUNT_TMPFS;
                mt->source = NULL;
        } else {
                mt->kind = BH_MOUNT_UNKNOWN; /* image, cluster */
        }
}

static void bh_cm_volume(struct bh_cm *m, const struct bh_cnode *it)
{
        struct bh_mount *mt;

        if (!it || (it->kind != BH_CN_SCALAR && it->kind != BH_CN_MAP))
                return;
        mt = BH_VEC_NEW(&m->c->mounts);
        mt->loc = bh_cn_loc(m->cx, it);
        if (it->kind == BH_CN_SCALAR) {
                bh_cm_unknown(m, it, "volume");
                bh_cm_volume_short(m, it, mt);
        } else {
                bh_cm_volume_long(m, it, mt);
        }
}

static void bh_cm_tmpfs(struct bh_cm *m, const struct bh_cnode *it)
{
        struct bh_value v = bh_cm_item_value(m, it, "tmpfs");
        struct bh_mount *mt;

        if (!v.set)
                return;
        mt = BH_VEC_NEW(&m->c->mounts);
        mt->kind = BH_MOUNT_TMPFS;
        mt->loc = v.loc;
        const char *c = strchr(v.s, ':');
        mt->target = c ? bh_arena_strndup(&m->doc->arena, v.s, (size_t)(c - v.s)) : v.s;
        mt->target_known = v.known;
}

/* ---- devices ---- */

static void bh_cm_device(struct bh_cm *m, const struct bh_cnode *it)
{
        struct bh_arena *a = &m->doc->arena;
        struct bh_device *d;

        if (!it)
                return;
        if (it->kind == BH_CN_MAP) {
                d = BH_VEC_NEW(&m->c->devices);
                d->loc = bh_cn_loc(m->cx, it);
                d->host_path = bh_cn_str(bh_cn_get(it, "source"));
                d->container_path = bh_cn_str(bh_cn_get(it, "target"));
                d->perms = bh_cn_str(bh_cn_get(it, "permissions"));
                return;
        }
        struct bh_value v = bh_cm_item_value(m, it, "devices");
        if (!v.set || !v.known)
                return;
        d = BH_VEC_NEW(&m->c->devices);
        d->loc = v.loc;
        /* host[:container[:perms]]; a CDI name (vendor.com/class=name) is one word */
        const char *c1 = v.s[0] == '/' ? strchr(v.s, ':') : NULL;
        if (!c1) {
                d->host_path = v.s;
                d->container_path = v.s;
                return;
        }
        d->host_path = bh_arena_strndup(a, v.s, (size_t)(c1 - v.s));
        const char *c2 = strchr(c1 + 1, ':');
        if (c2) {
                d->container_path = bh_arena_strndup(a, c1 + 1, (size_t)(c2 - c1 - 1));
                d->perms = c2 + 1;
        } else {
                d->container_path = c1 + 1;
        }
}

/* ---- ports ---- */

static bool bh_cm_port_range(const char *s, size_t n, uint32_t *lo, uint32_t *hi)
{
        const char *dash = memchr(s, '-', n);
        uint64_t a, b;

        if (dash) {
                if (bh_parse_u64n(s, (size_t)(dash - s), 1, 65535, &a) < 0 ||
                    bh_parse_u64n(dash + 1, n - (size_t)(dash - s) - 1, 1, 65535, &b) < 0)
                        return false;
        } else {
                if (bh_parse_u64n(s, n, 1, 65535, &a) < 0)
                        return false;
                b = a;
        }
        *lo = (uint32_t)a;
        *hi = (uint32_t)b;
        return true;
}

/* [[ip:][published]:]target[-range][/proto]; ip may be [v6]. */
static void bh_cm_port_short(struct bh_cm *m, const char *s, struct bh_port *p)
{
        struct bh_arena *a = &m->doc->arena;
        const char *slash = strrchr(s, '/');
        size_t end = slash ? (size_t)(slash - s) : strlen(s);
        const char *last = NULL;
        size_t ncol = 0;

        if (slash)
                p->proto = bh_arena_strdup(a, slash + 1);
        for (size_t i = 0; i < end; i++) {
                if (s[i] == '[') {
                        const char *rb = memchr(s + i, ']', end - i);
                        if (rb)
                                i = (size_t)(rb - s);
                        continue;
                }
                if (s[i] == ':') {
                        ncol++;
                        last = s + i;
                }
        }
        const char *tgt = last ? last + 1 : s;
        if (ncol >= 2) {
                /* the host address is everything before the published port */
                const char *pub = last - 1;
                while (pub > s && *pub != ':')
                        pub--;
                size_t il = (size_t)(pub - s);
                const char *ip = s;
                if (il >= 2 && ip[0] == '[' && ip[il - 1] == ']') {
                        ip++;
                        il -= 2;
                }
                if (il)
                        p->host_ip = bh_arena_strndup(a, ip, il);
        }
        if (!bh_cm_port_range(tgt, (size_t)(s + end - tgt), &p->container_port,
                              &p->container_port_end)) {
                bh_doc_add_diag(m->doc, 9002, p->loc, "port \"%s\" of service %s is malformed", s,
                                m->name);
                return;
        }
        p->known = true;
}

static void bh_cm_port(struct bh_cm *m, const struct bh_cnode *it, bool published)
{
        struct bh_port *p;

        if (!it || (it->kind != BH_CN_SCALAR && it->kind != BH_CN_MAP))
                return;
        p = BH_VEC_NEW(&m->c->ports);
        p->loc = bh_cn_loc(m->cx, it);
        p->proto = "tcp";
        p->published = published;
        if (it->kind == BH_CN_MAP) {
                const struct bh_cnode *t = bh_cn_get(it, "target");
                const char *ip = bh_cn_str(bh_cn_get(it, "host_ip"));
                const char *proto = bh_cn_str(bh_cn_get(it, "protocol"));
                if (ip && *ip)
                        p->host_ip = ip;
                if (proto)
                        p->proto = proto;
                if (t && t->kind == BH_CN_SCALAR && t->known)
                        p->known = bh_cm_port_range(t->s, strlen(t->s), &p->container_port,
                                                    &p->container_port_end);
                else
                        bh_cm_unknown(m, t, "port target");
                return;
        }
        if (!it->known) {
                bh_cm_unknown(m, it, "port");
                return;
        }
        bh_cm_port_short(m, it->s, p);
}

static void bh_cm_port_pub(struct bh_cm *m, const struct bh_cnode *it)
{
        bh_cm_port(m, it, true);
}

static void bh_cm_port_expose(struct bh_cm *m, const struct bh_cnode *it)
{
        bh_cm_port(m, it, false);
}

/* ---- sysctls, environment ---- */

static void bh_cm_sysctl(struct bh_cm *m, const struct bh_cnode *key, const char *name,
                         const struct bh_cnode *val, const char *value)
{
        struct bh_sysctl *s = BH_VEC_NEW(&m->c->sysctls);

        s->name = name;
        s->loc = bh_cn_loc(m->cx, key);
        s->value = value                              ? value
                   : val && val->kind == BH_CN_SCALAR ? (val->known ? val->s : val->raw)
                                                      : "";
        s->value_known = !val || val->known;
        bh_cm_unknown(m, val, "sysctl");
}

static void bh_cm_sysctls(struct bh_cm *m)
{
        const struct bh_cnode *n = bh_cn_get(m->svc, "sysctls");

        if (!n)
                return;
        if (n->kind == BH_CN_MAP) {
                for (size_t i = 0; i < n->n; i++)
                        bh_cm_sysctl(m, n->pairs[i].key, n->pairs[i].key->s, n->pairs[i].val, NULL);
                return;
        }
        for (size_t i = 0; n->kind == BH_CN_SEQ && i < n->n; i++) {
                const struct bh_cnode *it = n->items[i];
                const char *s = it->known ? bh_cn_str(it) : it->raw;
                if (!s)
                        continue;
                const char *eq = strchr(s, '=');
                bh_cm_sysctl(m, it, eq ? bh_arena_strndup(&m->doc->arena, s, (size_t)(eq - s)) : s,
                             it, eq ? eq + 1 : "");
        }
}

static void bh_cm_env_set(struct bh_cm *m, const char *name, const char *value, bool known,
                          struct bh_loc loc)
{
        struct bh_env *e = NULL;

        for (size_t i = 0; i < m->c->env.n; i++)
                if (m->c->env.v[i].name && strcmp(m->c->env.v[i].name, name) == 0)
                        e = &m->c->env.v[i];
        if (!e)
                e = BH_VEC_NEW(&m->c->env);
        e->name = name;
        e->value = value ? value : "";
        e->value_known = known;
        e->loc = loc;
}

static void bh_cm_env_pass(struct bh_cm *m, const char *name, struct bh_loc loc)
{
        /* NAME alone: taken from the environment compose runs in */
        const char *v = bh_cenv_get(m->cx, m->cx->env, name);

        bh_cm_env_set(m, name, v, v != NULL, loc);
}

static void bh_cm_env_file(struct bh_cm *m, const struct bh_cnode *it)
{
        const char *path = bh_cn_str(it);
        bool required = true;

        if (it && it->kind == BH_CN_MAP) {
                const char *req = bh_cn_str(bh_cn_get(it, "required"));
                path = bh_cn_str(bh_cn_get(it, "path"));
                required = !req || strcasecmp(req, "false") != 0;
        }
        if (!path)
                return;
        struct bh_loc loc = bh_cn_loc(m->cx, it);
        if (!it->known && it->kind == BH_CN_SCALAR) {
                bh_cm_unknown(m, it, "env_file");
                return;
        }
        const char *fp = bh_compose_join(&m->doc->arena, it->file ? NULL : m->cx->dir, path);
        bh_autofree char *data = NULL;
        size_t len = 0;
        int r = bh_compose_read(m->cx, fp, &data, &len);
        if (r < 0) {
                if (required)
                        bh_doc_add_diag(m->doc, r == BH_ELIMIT ? 9003 : 9004, loc,
                                        "cannot read env_file %s of service %s%s", path, m->name,
                                        r == BH_ENOENT ? ": no such file" : "");
                return;
        }
        struct bh_cenv fenv = {0};
        bh_compose_dotenv(m->cx, &fenv, data, len);
        for (size_t i = 0; i < fenv.names.n; i++)
                bh_cm_env_set(m, fenv.names.v[i], fenv.values.v[i], true, loc);
        bh_cenv_release(&fenv);
}

static void bh_cm_environment(struct bh_cm *m)
{
        const struct bh_cnode *n = bh_cn_get(m->svc, "environment");

        bh_cm_each(m, "env_file", bh_cm_env_file);
        if (!n)
                return;
        if (n->kind == BH_CN_MAP) {
                for (size_t i = 0; i < n->n; i++) {
                        const struct bh_cnode *k = n->pairs[i].key, *v = n->pairs[i].val;
                        struct bh_loc loc = bh_cn_loc(m->cx, k);
                        if (!v || v->kind == BH_CN_NULL)
                                bh_cm_env_pass(m, k->s, loc);
                        else if (v->kind == BH_CN_SCALAR)
                                bh_cm_env_set(m, k->s, v->known ? v->s : v->raw, v->known, loc);
                }
                return;
        }
        for (size_t i = 0; n->kind == BH_CN_SEQ && i < n->n; i++) {
                const struct bh_cnode *it = n->items[i];
                const char *s = it->known ? bh_cn_str(it) : it->raw;
                struct bh_loc loc = bh_cn_loc(m->cx, it);
                if (!s)
                        continue;
                const char *eq = strchr(s, '=');
                if (!eq)
                        bh_cm_env_pass(m, s, loc);
                else
                        bh_cm_env_set(m, bh_arena_strndup(&m->doc->arena, s, (size_t)(eq - s)),
                                      eq + 1, it->known, loc);
        }
}

/* ---- limits ---- */

static void bh_cm_limit(struct bh_cm *m, struct bh_value *dst, const char *key,
                        const struct bh_cnode *limits, const char *lkey)
{
        const struct bh_cpair *p = bh_cn_pair(m->svc, key);

        if (p && p->val && p->val->kind == BH_CN_SCALAR)
                *dst = bh_cm_value(m, p, key);
        if (!dst->set && limits) {
                p = bh_cn_pair(limits, lkey);
                if (p && p->val && p->val->kind == BH_CN_SCALAR)
                        *dst = bh_cm_value(m, p, lkey);
        }
}

/* ---- one service ---- */

static void bh_cm_service(struct bh_compose *cx, const struct bh_cpair *sp)
{
        struct bh_cm m = {.cx = cx, .doc = cx->doc, .svc = sp->val};
        struct bh_container *c = bh_doc_add_container(cx->doc, BH_ORIGIN_SERVICE);

        m.c = c;
        m.name = sp->key->s;
        m.volumes = bh_cn_get(cx->project, "volumes");
        c->name = m.name;
        c->loc = c->owner_loc = bh_cn_loc(cx, sp->key);
        if (!m.svc || m.svc->kind != BH_CN_MAP) {
                if (m.svc && m.svc->kind != BH_CN_NULL)
                        bh_doc_add_diag(cx->doc, 9002, c->loc, "service %s must be a mapping",
                                        m.name);
                return;
        }

        c->image = bh_cm_value(&m, bh_cn_pair(m.svc, "image"), "image");
        if (c->image.set && !bh_cn_pair(m.svc, "build")) {
                struct bh_imgref *im = BH_VEC_NEW(&cx->doc->images);
                const struct bh_cnode *iv = bh_cn_get(m.svc, "image");
                im->role = BH_IMGREF_RUN;
                im->ref = c->image;
                im->raw = iv && iv->raw ? iv->raw : c->image.s;
                im->loc = c->image.loc;
        }
        c->user = bh_cm_value(&m, bh_cn_pair(m.svc, "user"), "user");
        bh_cm_bool(&m, "privileged", &c->privileged, &c->privileged_loc);
        bh_cm_bool(&m, "read_only", &c->read_only_rootfs, &c->read_only_rootfs_loc);
        bh_cm_bool(&m, "use_api_socket", &c->use_api_socket, &c->use_api_socket_loc);
        bh_cm_each(&m, "cap_add", bh_cm_cap_add);
        bh_cm_each(&m, "cap_drop", bh_cm_cap_drop);
        bh_cm_each(&m, "security_opt", bh_cm_secopt);
        bh_cm_each(&m, "volumes", bh_cm_volume);
        bh_cm_each(&m, "tmpfs", bh_cm_tmpfs);
        bh_cm_each(&m, "devices", bh_cm_device);
        bh_cm_each(&m, "device_cgroup_rules", bh_cm_cgroup_rule);
        bh_cm_each(&m, "ports", bh_cm_port_pub);
        bh_cm_each(&m, "expose", bh_cm_port_expose);
        bh_cm_sysctls(&m);
        bh_cm_environment(&m);

        c->network_mode = bh_cm_value(&m, bh_cn_pair(m.svc, "network_mode"), "network_mode");
        c->pid_mode = bh_cm_value(&m, bh_cn_pair(m.svc, "pid"), "pid");
        c->ipc_mode = bh_cm_value(&m, bh_cn_pair(m.svc, "ipc"), "ipc");
        c->uts_mode = bh_cm_value(&m, bh_cn_pair(m.svc, "uts"), "uts");
        c->userns_mode = bh_cm_value(&m, bh_cn_pair(m.svc, "userns_mode"), "userns_mode");
        c->cgroupns_mode = bh_cm_value(&m, bh_cn_pair(m.svc, "cgroup"), "cgroup");

        const struct bh_cnode *limits =
                bh_cn_get(bh_cn_get(bh_cn_get(m.svc, "deploy"), "resources"), "limits");
        bh_cm_limit(&m, &c->mem_limit, "mem_limit", limits, "memory");
        bh_cm_limit(&m, &c->cpu_limit, "cpus", limits, "cpus");
        bh_cm_limit(&m, &c->pids_limit, "pids_limit", limits, "pids");
        /* profiles: every service is scanned, whatever profile it is in */
}

/* ---- namespaces shared with another service ---- */

static struct bh_container *bh_cm_find(struct bh_doc *doc, const struct bh_cidx *names,
                                       const char *name, size_t first)
{
        size_t i = bh_cidx_get(names, name);

        return i == SIZE_MAX ? NULL : doc->containers.v[first + i];
}

/* network_mode/pid/ipc "service:X": X's namespace, followed to its end. */
static void bh_cm_follow(struct bh_compose *cx, const struct bh_cidx *names, size_t first,
                         struct bh_container *c, size_t off, const char *what)
{
        struct bh_value *v = (struct bh_value *)((char *)c + off);
        const struct bh_container *x = c;
        const struct bh_value *xv = v;
        const char *via = NULL;

        if (!v->set || !v->known || !bh_str_startswith(v->s, "service:"))
                return;
        for (unsigned hop = 0; hop < 16; hop++) {
                if (!xv->set || !xv->known || !bh_str_startswith(xv->s, "service:"))
                        break;
                const char *name = xv->s + 8;
                const struct bh_container *nx = bh_cm_find(cx->doc, names, name, first);
                if (!nx) {
                        bh_doc_add_diag(cx->doc, 9002, xv->loc,
                                        "%s of service %s names service %s, which does not exist",
                                        what, x->name, name);
                        return;
                }
                if (nx == c) {
                        bh_doc_add_diag(cx->doc, 9002, v->loc,
                                        "%s of service %s shares namespaces in a cycle", what,
                                        c->name);
                        return;
                }
                via = name;
                x = nx;
                xv = (const struct bh_value *)((const char *)nx + off);
        }
        if (!via || !xv->set || bh_str_startswith(xv->s, "service:"))
                return;
        struct bh_loc loc = v->loc;
        loc.note = bh_arena_printf(&cx->doc->arena, "%s of service %s, which has %s: %s at line %u",
                                   what, via, what, xv->s, xv->loc.line);
        v->s = xv->s;
        v->known = xv->known;
        v->loc = loc;
}

/* ---- networks ---- */

static void bh_cm_networks(struct bh_compose *cx, size_t first)
{
        const struct bh_cnode *nets = bh_cn_get(cx->project, "networks");
        bool uses_default = false;

        const struct bh_cnode *services = bh_cn_get(cx->project, "services");

        /* one container per service, in the same order */
        for (size_t i = first; i < cx->doc->containers.n && i - first < services->n; i++) {
                const struct bh_container *c = cx->doc->containers.v[i];
                const struct bh_cnode *svc = services->pairs[i - first].val;
                const struct bh_cnode *sn = bh_cn_get(svc, "networks");
                if (!svc || c->network_mode.set)
                        continue;
                if (!sn || (sn->kind == BH_CN_MAP && bh_cn_pair(sn, "default")))
                        uses_default = true;
                for (size_t j = 0; sn && sn->kind == BH_CN_SEQ && j < sn->n; j++)
                        if (bh_cn_str(sn->items[j]) && strcmp(sn->items[j]->s, "default") == 0)
                                uses_default = true;
        }
        for (size_t i = 0; nets && nets->kind == BH_CN_MAP && i < nets->n; i++) {
                const struct bh_cnode *k = nets->pairs[i].key, *def = nets->pairs[i].val;
                struct bh_network *n = BH_VEC_NEW(&cx->doc->networks);
                n->name = k->s;
                n->loc = bh_cn_loc(cx, k);
                n->driver = "bridge";
                const struct bh_cnode *ext = bh_cn_get(def, "external");
                if (ext && (ext->kind == BH_CN_MAP ||
                            (bh_cn_str(ext) && strcasecmp(ext->s, "true") == 0))) {
                        n->external = true;
                        n->driver = NULL;
                        continue;
                }
                const char *drv = bh_cn_str(bh_cn_get(def, "driver"));
                if (drv)
                        n->driver = drv;
                const char *internal = bh_cn_str(bh_cn_get(def, "internal"));
                if (internal)
                        n->internal = strcasecmp(internal, "true") == 0 ? BH_TRUE : BH_FALSE;
                const struct bh_cpair *icc = bh_cn_pair(bh_cn_get(def, "driver_opts"),
                                                        "com.docker.network.bridge.enable_icc");
                const char *iv = icc ? bh_cn_str(icc->val) : NULL;
                if (iv) {
                        n->enable_icc = strcasecmp(iv, "false") == 0 || strcmp(iv, "0") == 0
                                                ? BH_FALSE
                                                : BH_TRUE;
                        n->enable_icc_loc = bh_cn_loc(cx, icc->key);
                }
        }
        if (uses_default && !bh_cn_pair(nets, "default")) {
                struct bh_network *n = BH_VEC_NEW(&cx->doc->networks);
                n->name = "default";
                n->driver = "bridge";
                n->loc = cx->services_loc;
        }
}

void bh_compose_model(struct bh_compose *cx)
{
        const struct bh_cnode *services = bh_cn_get(cx->project, "services");
        size_t first = cx->doc->containers.n;

        if (!services)
                return;
        if (services->kind != BH_CN_MAP) {
                bh_doc_add_diag(cx->doc, 9002, cx->services_loc, "services must be a mapping");
                return;
        }
        struct bh_cidx names;
        bh_cidx_init(&names, services->n);
        for (size_t i = 0; i < services->n; i++) {
                bh_cm_service(cx, &services->pairs[i]);
                bh_cidx_put(&names, services->pairs[i].key->s, i);
        }
        for (size_t i = first; i < cx->doc->containers.n; i++) {
                struct bh_container *c = cx->doc->containers.v[i];
                bh_cm_follow(cx, &names, first, c, offsetof(struct bh_container, network_mode),
                             "network_mode");
                bh_cm_follow(cx, &names, first, c, offsetof(struct bh_container, pid_mode), "pid");
                bh_cm_follow(cx, &names, first, c, offsetof(struct bh_container, ipc_mode), "ipc");
        }
        bh_cidx_release(&names);
        bh_cm_networks(cx, first);
}
