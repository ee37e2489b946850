/* Merging compose files (override files, -f files), extends and include, with
 * the compose-spec merge rules: mappings merge, sequences append, some
 * sequences are unique by a key (volumes by target, ports, capabilities...),
 * command/entrypoint/healthcheck.test are replaced, !reset drops a value and
 * !override replaces it. */
#include <stdio.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "compose-int.h"

#include "../../util/bh-banned.h"

void bh_compose_stamp(struct bh_cnode *n, struct bh_loc via, const char *how, bool force,
                      unsigned depth)
{
        if (!n || depth > BH_LIMIT_YAML_DEPTH || !via.line)
                return;
        if (force || (n->file && !n->via.line)) {
                via.note = NULL;
                n->via = via;
                n->how = how;
        }
        if (n->kind == BH_CN_SEQ)
                for (size_t i = 0; i < n->n; i++)
                        bh_compose_stamp(n->items[i], via, how, force, depth + 1);
        else if (n->kind == BH_CN_MAP)
                for (size_t i = 0; i < n->n; i++) {
                        bh_compose_stamp(n->pairs[i].key, via, how, force, depth + 1);
                        bh_compose_stamp(n->pairs[i].val, via, how, force, depth + 1);
                }
}

/* Where a key of the merged result is, for nodes of another file merged at it. */
static struct bh_loc bh_merge_at(struct bh_compose *cx, const struct bh_cnode *key,
                                 struct bh_loc fallback)
{
        struct bh_loc l;

        if (!key || (key->file && !key->via.line))
                return fallback;
        l = bh_cn_loc(cx, key);
        l.note = NULL;
        return l;
}

static const char *const bh_merge_to_map[] = {
        "service.environment", "service.labels",   "service.annotations",
        "service.sysctls",     "service.networks", "service.build",
};

static bool bh_in(const char *s, const char *const *set, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(s, set[i]) == 0)
                        return true;
        return false;
}

/* The context of key inside a node of context ctx. */
static const char *bh_merge_child(struct bh_compose *cx, const char *ctx, const char *key)
{
        if (!*ctx)
                return strcmp(key, "services") == 0 ? "services" : "top";
        if (strcmp(ctx, "services") == 0)
                return "service";
        if (strcmp(ctx, "service") == 0)
                return bh_arena_printf(cx->a, "service.%s", key);
        if (strcmp(ctx, "service.healthcheck") == 0 && strcmp(key, "test") == 0)
                return "replace";
        if (strcmp(ctx, "service.deploy") == 0)
                return "map";
        return "map";
}

/* environment/labels/sysctls ["K=V"] and networks [name] as a mapping. */
static struct bh_cnode *bh_merge_as_map(struct bh_compose *cx, struct bh_cnode *n)
{
        struct bh_cnode *m;

        if (!n || n->kind != BH_CN_SEQ)
                return n;
        m = bh_cn_new(cx, BH_CN_MAP);
        *m = *n;
        m->kind = BH_CN_MAP;
        m->items = NULL;
        m->n = 0;
        m->pairs = bh_arena_alloc(cx->a, (n->n ? n->n : 1) * sizeof(*m->pairs));
        for (size_t i = 0; i < n->n; i++) {
                const struct bh_cnode *it = n->items[i];
                const char *s = bh_cn_str(it);
                if (!s)
                        continue;
                const char *eq = strchr(s, '=');
                struct bh_cnode *k = bh_cn_copy(cx, it, 0);
                struct bh_cnode *v = bh_cn_copy(cx, it, 0);
                k->s = eq ? bh_arena_strndup(cx->a, s, (size_t)(eq - s)) : s;
                k->known = true;
                if (eq) {
                        v->s = eq + 1;
                        /* an unknown "K=${X}" keeps the text as written */
                        if (!it->known && it->raw && strchr(it->raw, '='))
                                v->s = strchr(it->raw, '=') + 1;
                } else {
                        v->kind = BH_CN_NULL;
                        v->s = NULL;
                }
                for (size_t j = 0; j < m->n; j++) {
                        if (strcmp(m->pairs[j].key->s, k->s) == 0) {
                                m->pairs[j].val = v;
                                k = NULL;
                                break;
                        }
                }
                if (k) {
                        m->pairs[m->n].key = k;
                        m->pairs[m->n].val = v;
                        m->n++;
                }
        }
        return m;
}

/* The identity of a sequence item for the fields compose keeps unique. */
static const char *bh_merge_item_key(struct bh_compose *cx, const char *ctx,
                                     const struct bh_cnode *it)
{
        const char *s = bh_cn_str(it);

        if (strcmp(ctx, "service.volumes") == 0) {
                struct bh_cvol v;
                if (s)
                        return bh_compose_volume_spec(cx->a, s, &v) ? v.target : s;
                return bh_cn_str(bh_cn_get(it, "target"));
        }
        if (strcmp(ctx, "service.devices") == 0) {
                if (s) {
                        const char *c = strchr(s, ':');
                        if (!c)
                                return s;
                        const char *c2 = strchr(c + 1, ':');
                        return c2 ? bh_arena_strndup(cx->a, c + 1, (size_t)(c2 - c - 1)) : c + 1;
                }
                return bh_cn_str(bh_cn_get(it, "target"));
        }
        if (strcmp(ctx, "service.ports") == 0) {
                if (s)
                        return s;
                const char *ip = bh_cn_str(bh_cn_get(it, "host_ip"));
                const char *pub = bh_cn_str(bh_cn_get(it, "published"));
                const char *tgt = bh_cn_str(bh_cn_get(it, "target"));
                const char *proto = bh_cn_str(bh_cn_get(it, "protocol"));
                return bh_arena_printf(cx->a, "%s:%s:%s/%s", ip ? ip : "0.0.0.0", pub ? pub : "",
                                       tgt ? tgt : "", proto ? proto : "tcp");
        }
        if (strcmp(ctx, "service.env_file") == 0)
                return s ? s : bh_cn_str(bh_cn_get(it, "path"));
        static const char *const by_value[] = {
                "service.cap_add",    "service.cap_drop",
                "service.dns",        "service.dns_opt",
                "service.dns_search", "service.tmpfs",
                "service.profiles",   "service.expose",
                "service.links",      "service.device_cgroup_rules",
        };
        if (bh_in(ctx, by_value, BH_ELEMENTSOF(by_value)))
                return s;
        return NULL;
}

static bool bh_merge_unique(const char *ctx)
{
        static const char *const uniq[] = {
                "service.volumes",    "service.devices",  "service.ports",    "service.env_file",
                "service.cap_add",    "service.cap_drop", "service.dns",      "service.dns_opt",
                "service.dns_search", "service.tmpfs",    "service.profiles", "service.expose",
                "service.links",
        };
        return bh_in(ctx, uniq, BH_ELEMENTSOF(uniq));
}

/* A copy of the node itself; its children are shared. */
static struct bh_cnode *bh_cn_shallow(struct bh_compose *cx, const struct bh_cnode *n)
{
        return bh_arena_memdup(cx->a, n, sizeof(*n));
}

static struct bh_cnode *bh_merge_seq(struct bh_compose *cx, struct bh_cnode *a, struct bh_cnode *b,
                                     const char *ctx, struct bh_loc at)
{
        struct bh_cnode *r = bh_cn_shallow(cx, b);
        size_t cap = a->n + b->n;
        bool uniq = bh_merge_unique(ctx);
        bh_autofree const char **keys = NULL;

        /* the sequence itself is where b writes it (its tag, its key) */
        r->n = 0;
        r->items = bh_arena_alloc(cx->a, (cap ? cap : 1) * sizeof(*r->items));
        if (uniq)
                keys = bh_xcalloc(cap ? cap : 1, sizeof(*keys));
        for (size_t i = 0; i < a->n; i++) {
                if (uniq)
                        keys[r->n] = bh_merge_item_key(cx, ctx, a->items[i]);
                r->items[r->n++] = a->items[i];
        }
        for (size_t i = 0; i < b->n; i++) {
                struct bh_cnode *it = b->items[i];
                const char *k = uniq ? bh_merge_item_key(cx, ctx, it) : NULL;
                bool replaced = false;
                bh_compose_stamp(it, at, "from", false, 0);
                for (size_t j = 0; k && j < r->n && !replaced; j++) {
                        if (keys[j] && strcmp(k, keys[j]) == 0) {
                                r->items[j] = it;
                                replaced = true;
                        }
                }
                if (!replaced) {
                        if (uniq)
                                keys[r->n] = k;
                        r->items[r->n++] = it;
                }
        }
        return r;
}

static struct bh_cnode *bh_merge_map(struct bh_compose *cx, struct bh_cnode *a, struct bh_cnode *b,
                                     const char *ctx, struct bh_loc at)
{
        struct bh_cnode *r = bh_cn_shallow(cx, b);
        size_t cap = a->n + b->n, o = 0;
        struct bh_cidx idx;

        r->n = 0;
        r->pairs = bh_arena_alloc(cx->a, (cap ? cap : 1) * sizeof(*r->pairs));
        /* the mapping keeps a's place unless b brings it from elsewhere */
        r->loc = a->loc;
        r->file = a->file;
        r->via = a->via;
        r->how = a->how;
        bh_cidx_init(&idx, cap);
        for (size_t i = 0; i < a->n; i++) {
                if (a->pairs[i].key && a->pairs[i].key->s)
                        bh_cidx_put(&idx, a->pairs[i].key->s, r->n);
                r->pairs[r->n++] = a->pairs[i];
        }
        for (size_t i = 0; i < b->n; i++) {
                struct bh_cpair bp = b->pairs[i];
                const char *k = bp.key ? bp.key->s : NULL;
                size_t j;

                if (!k)
                        continue;
                j = bh_cidx_get(&idx, k);
                const char *cctx = bh_merge_child(cx, ctx, k);
                bool to_map = bh_in(cctx, bh_merge_to_map, BH_ELEMENTSOF(bh_merge_to_map));
                if (j == SIZE_MAX || !r->pairs[j].val) {
                        if (bp.val && bp.val->tag == BH_CN_TAG_RESET)
                                continue;
                        bh_compose_stamp(bp.key, at, "from", false, 0);
                        bh_compose_stamp(bp.val, at, "from", false, 0);
                        if (j == SIZE_MAX) {
                                bh_cidx_put(&idx, k, r->n);
                                r->pairs[r->n++] = bp;
                        } else {
                                r->pairs[j] = bp;
                        }
                        continue;
                }
                struct bh_loc kat = bh_merge_at(cx, r->pairs[j].key, at);
                bh_compose_stamp(bp.key, kat, "from", false, 0);
                struct bh_cnode *av = r->pairs[j].val, *bv = bp.val, *m;
                if (to_map) {
                        av = bh_merge_as_map(cx, av);
                        bv = bh_merge_as_map(cx, bv);
                }
                if (strcmp(cctx, "replace") == 0 || strcmp(cctx, "service.command") == 0 ||
                    strcmp(cctx, "service.entrypoint") == 0) {
                        bh_compose_stamp(bv, kat, "from", false, 0);
                        m = bv && bv->tag == BH_CN_TAG_RESET ? NULL : bv;
                } else {
                        m = bh_compose_merge(cx, av, bv, cctx, kat);
                }
                /* a reset value: dropped below (its place stays taken) */
                r->pairs[j].key = bp.key;
                r->pairs[j].val = m;
        }
        bh_cidx_release(&idx);
        for (size_t i = 0; i < r->n; i++)
                if (r->pairs[i].val)
                        r->pairs[o++] = r->pairs[i];
        r->n = o;
        return r;
}

struct bh_cnode *bh_compose_merge(struct bh_compose *cx, struct bh_cnode *a, struct bh_cnode *b,
                                  const char *ctx, struct bh_loc fallback)
{
        if (!b)
                return a;
        if (b->tag == BH_CN_TAG_RESET)
                return NULL;
        if (!a || a->tag == BH_CN_TAG_RESET || b->tag == BH_CN_TAG_OVERRIDE || a->kind != b->kind ||
            (b->kind != BH_CN_MAP && b->kind != BH_CN_SEQ)) {
                bh_compose_stamp(b, fallback, "from", false, 0);
                return b;
        }
        if (b->kind == BH_CN_MAP)
                return bh_merge_map(cx, a, b, ctx, fallback);
        return bh_merge_seq(cx, a, b, ctx, fallback);
}

/* ---- extends ---- */

struct bh_ext_frame {
        const char *path;
        const char *service;
};

struct bh_ext {
        struct bh_compose *cx;
        const struct bh_cnode *indexed; /* the services the index is of */
        struct bh_cidx idx;
        struct bh_ext_frame stack[BH_LIMIT_COMPOSE_EXTENDS_DEPTH];
        unsigned depth;
};

/* A path as shown in messages: relative to the project directory when below it. */
static const char *bh_compose_label(struct bh_compose *cx, const char *path)
{
        size_t dl = strlen(cx->dir);

        if (dl && strncmp(path, cx->dir, dl) == 0 && path[dl] == '/')
                return path + dl + 1;
        return path;
}

/* Load path once per project (extends of many services from one file). */
static struct bh_cfile *bh_compose_file(struct bh_compose *cx, const char *path, struct bh_loc at)
{
        for (size_t i = 0; i < cx->files.n; i++)
                if (strcmp(cx->files.v[i].path, path) == 0)
                        return cx->files.v[i].root ? &cx->files.v[i] : NULL;
        struct bh_cfile *f = BH_VEC_NEW(&cx->files);
        f->path = bh_arena_strdup(cx->a, path);
        f->label = bh_compose_label(cx, f->path);
        f->dir = bh_compose_dirname(cx->a, f->path);
        f->root = bh_compose_load_file(cx, f->path, f->label, at);
        return f->root ? f : NULL;
}

static struct bh_cnode *bh_ext_resolve(struct bh_ext *x, struct bh_cnode *services, size_t idx,
                                       const char *path, const char *dir);

static void bh_ext_drop(struct bh_compose *cx, struct bh_cnode *svc)
{
        struct bh_cpair *np = bh_arena_alloc(cx->a, (svc->n ? svc->n : 1) * sizeof(*np));
        size_t o = 0;

        for (size_t i = 0; i < svc->n; i++)
                if (!svc->pairs[i].key->s || strcmp(svc->pairs[i].key->s, "extends") != 0)
                        np[o++] = svc->pairs[i];
        svc->pairs = np;
        svc->n = o;
}

static size_t bh_ext_find(const struct bh_ext *x, const struct bh_cnode *services, const char *name)
{
        if (services == x->indexed)
                return bh_cidx_get(&x->idx, name);
        for (size_t i = 0; services && services->kind == BH_CN_MAP && i < services->n; i++)
                if (services->pairs[i].key->s && strcmp(services->pairs[i].key->s, name) == 0)
                        return i;
        return SIZE_MAX;
}

static struct bh_cnode *bh_ext_resolve(struct bh_ext *x, struct bh_cnode *services, size_t idx,
                                       const char *path, const char *dir)
{
        struct bh_compose *cx = x->cx;
        struct bh_cnode *svc = services->pairs[idx].val;
        const char *name = services->pairs[idx].key->s;
        const struct bh_cpair *ep = bh_cn_pair(svc, "extends");

        if (!svc || svc->kind != BH_CN_MAP || !ep)
                return svc;
        struct bh_loc at = bh_cn_loc(cx, ep->key);
        const char *base_name = bh_cn_str(ep->val);
        const char *file = NULL;
        if (ep->val && ep->val->kind == BH_CN_MAP) {
                base_name = bh_cn_str(bh_cn_get(ep->val, "service"));
                file = bh_cn_str(bh_cn_get(ep->val, "file"));
        }
        for (unsigned i = 0; i < x->depth; i++) {
                if (strcmp(x->stack[i].service, name) == 0 && strcmp(x->stack[i].path, path) == 0) {
                        bh_doc_add_diag(cx->doc, 9002, at,
                                        "service %s extends itself through a cycle", name);
                        bh_ext_drop(cx, svc);
                        return svc;
                }
        }
        if (x->depth >= BH_LIMIT_COMPOSE_EXTENDS_DEPTH) {
                bh_doc_add_diag(cx->doc, 9003, at,
                                "extends chain of service %s longer than %u; not followed", name,
                                BH_LIMIT_COMPOSE_EXTENDS_DEPTH);
                bh_ext_drop(cx, svc);
                return svc;
        }
        if (!base_name) {
                bh_doc_add_diag(cx->doc, 9002, at,
                                "extends of service %s names no service (extends: NAME or "
                                "extends: {service: NAME, file: FILE})",
                                name);
                bh_ext_drop(cx, svc);
                return svc;
        }
        x->stack[x->depth].path = path;
        x->stack[x->depth].service = name;
        x->depth++;
        struct bh_cnode *base = NULL;
        if (file) {
                const char *fpath = bh_compose_join(cx->a, dir, file);
                struct bh_cfile *f = bh_compose_file(cx, fpath, at);
                if (f) {
                        struct bh_cnode *fs = bh_cn_get(f->root, "services");
                        size_t bi = bh_ext_find(x, fs, base_name);
                        if (bi == SIZE_MAX)
                                bh_doc_add_diag(cx->doc, 9002, at, "extends: no service %s in %s",
                                                base_name, f->label);
                        else
                                base = bh_ext_resolve(x, fs, bi, f->path, f->dir);
                }
        } else {
                size_t bi = bh_ext_find(x, services, base_name);
                if (bi == SIZE_MAX)
                        bh_doc_add_diag(cx->doc, 9002, at, "extends: no service %s in this file",
                                        base_name);
                else
                        base = bh_ext_resolve(x, services, bi, path, dir);
        }
        x->depth--;
        bh_ext_drop(cx, svc);
        if (!base || base->kind != BH_CN_MAP)
                return svc;
        struct bh_cnode *copy = bh_cn_copy(cx, base, 0);
        /* values from the base point at the extends key, naming where they are */
        if (!ep->key->file)
                bh_compose_stamp(copy, at, "extended from", true, 0);
        struct bh_loc fb = ep->key->file ? (struct bh_loc){0} : at;
        struct bh_cnode *m = bh_compose_merge(cx, copy, svc, "service", fb);
        if (m) {
                /* the service keeps its own place */
                m->loc = svc->loc;
                m->file = svc->file;
                m->via = svc->via;
                m->how = svc->how;
                services->pairs[idx].val = m;
        }
        return services->pairs[idx].val;
}

void bh_compose_extends(struct bh_compose *cx, struct bh_cnode *root, const char *dir,
                        const char *path)
{
        struct bh_cnode *services = bh_cn_get(root, "services");
        struct bh_ext *x;

        if (!services || services->kind != BH_CN_MAP)
                return;
        x = bh_xcalloc(1, sizeof(*x));
        x->cx = cx;
        /* resolving only replaces values, so the positions stay valid */
        x->indexed = services;
        bh_cidx_init(&x->idx, services->n);
        for (size_t i = 0; i < services->n; i++)
                if (services->pairs[i].key->s)
                        bh_cidx_put(&x->idx, services->pairs[i].key->s, i);
        for (size_t i = 0; i < services->n; i++)
                bh_ext_resolve(x, services, i, path ? path : "", dir);
        bh_cidx_release(&x->idx);
        free(x);
}

/* ---- include ---- */

static bool bh_inc_remote(const char *p)
{
        return strstr(p, "://") || bh_str_startswith(p, "git@");
}

/* Read the env files of an include entry (or the included project's .env). */
static void bh_inc_env(struct bh_compose *cx, const struct bh_cnode *ef, const char *dir,
                       const char *project_dir, struct bh_cenv *env, struct bh_loc at)
{
        const struct bh_cnode *one[1] = {ef};
        const struct bh_cnode *const *list = one;
        size_t n = 1;

        if (ef && ef->kind == BH_CN_SEQ) {
                list = (const struct bh_cnode *const *)ef->items;
                n = ef->n;
        }
        if (!ef) {
                bh_autofree char *data = NULL;
                size_t len;
                if (bh_compose_read(cx, bh_compose_join(cx->a, project_dir, ".env"), &data, &len) ==
                    0)
                        bh_compose_dotenv(cx, env, data, len);
                return;
        }
        for (size_t i = 0; i < n; i++) {
                const char *p = bh_cn_str(list[i]);
                bh_autofree char *data = NULL;
                size_t len;
                if (!p)
                        continue;
                const char *fp = bh_compose_join(cx->a, dir, p);
                if (bh_compose_read(cx, fp, &data, &len) == 0)
                        bh_compose_dotenv(cx, env, data, len);
                else
                        bh_doc_add_diag(cx->doc, 9004, at, "cannot read env_file %s of include",
                                        bh_compose_label(cx, fp));
        }
}

static void bh_inc_add(struct bh_compose *cx, struct bh_cnode *root, struct bh_cnode *sub,
                       const char *key, struct bh_loc at)
{
        struct bh_cnode *from = bh_cn_get(sub, key);
        struct bh_cnode *into;

        if (!from || from->kind != BH_CN_MAP || !from->n)
                return;
        into = bh_cn_get(root, key);
        if (!into || into->kind != BH_CN_MAP) {
                /* the including file has none: add an empty mapping to fill */
                struct bh_cpair *rp = bh_arena_alloc(cx->a, (root->n + 1) * sizeof(*rp));
                size_t o = 0;
                for (size_t i = 0; i < root->n; i++)
                        if (strcmp(root->pairs[i].key->s, key) != 0)
                                rp[o++] = root->pairs[i];
                struct bh_cnode *k = bh_cn_new(cx, BH_CN_SCALAR);
                k->s = k->raw = key;
                k->loc = at;
                into = bh_cn_new(cx, BH_CN_MAP);
                into->loc = at;
                rp[o].key = k;
                rp[o].val = into;
                root->pairs = rp;
                root->n = o + 1;
        }
        struct bh_cpair *np = bh_arena_alloc(cx->a, (into->n + from->n) * sizeof(*np));
        size_t nn = into->n;
        struct bh_cidx idx;
        if (into->n)
                memcpy(np, into->pairs, into->n * sizeof(*np));
        bh_cidx_init(&idx, into->n);
        for (size_t j = 0; j < into->n; j++)
                bh_cidx_put(&idx, into->pairs[j].key->s, j);
        for (size_t i = 0; i < from->n; i++) {
                const char *name = from->pairs[i].key->s;
                if (bh_cidx_get(&idx, name) != SIZE_MAX) {
                        bh_doc_add_diag(cx->doc, 9002, at,
                                        "%s %s of an included file is also defined by the "
                                        "including file; compose refuses the project",
                                        strcmp(key, "services") == 0 ? "service" : key, name);
                        continue;
                }
                np[nn++] = from->pairs[i];
        }
        bh_cidx_release(&idx);
        into->pairs = np;
        into->n = nn;
}

void bh_compose_include(struct bh_compose *cx, struct bh_cnode *root, const char *dir)
{
        struct bh_cnode *inc = bh_cn_get(root, "include");

        if (!inc || inc->kind != BH_CN_SEQ)
                return;
        if (cx->include_depth >= BH_LIMIT_COMPOSE_INCLUDE_DEPTH) {
                bh_doc_add_diag(cx->doc, 9003, bh_cn_loc(cx, inc),
                                "include nested deeper than %u files; not followed",
                                BH_LIMIT_COMPOSE_INCLUDE_DEPTH);
                return;
        }
        for (size_t i = 0; i < inc->n; i++) {
                struct bh_cnode *e = inc->items[i];
                struct bh_loc at = bh_cn_loc(cx, e);
                const struct bh_cnode *paths = e, *ef = NULL;
                const char *pdir = NULL;

                if (e->kind == BH_CN_MAP) {
                        paths = bh_cn_get(e, "path");
                        ef = bh_cn_get(e, "env_file");
                        pdir = bh_cn_str(bh_cn_get(e, "project_directory"));
                }
                const struct bh_cnode *first =
                        paths && paths->kind == BH_CN_SEQ && paths->n ? paths->items[0] : paths;
                const char *p = bh_cn_str(first);
                if (!p || !first->known) {
                        bh_doc_add_diag(cx->doc, 9005, at,
                                        "include path %s cannot be resolved; not scanned",
                                        first && first->raw ? first->raw : "(none)");
                        continue;
                }
                if (bh_inc_remote(p)) {
                        bh_doc_add_diag(cx->doc, 9005, at,
                                        "remote include %s is not fetched; scan it separately", p);
                        continue;
                }
                const char *fpath = bh_compose_join(cx->a, dir, p);
                const char *fdir = bh_compose_dirname(cx->a, fpath);
                const char *proj = pdir ? bh_compose_join(cx->a, dir, pdir) : fdir;
                struct bh_cenv env = {0};
                struct bh_cenv *saved = cx->env;

                bh_inc_env(cx, ef, dir, proj, &env, at);
                cx->env = &env;
                cx->include_depth++;
                struct bh_cnode *sub =
                        bh_compose_load_file(cx, fpath, bh_compose_label(cx, fpath), at);
                for (size_t k = 1; sub && paths->kind == BH_CN_SEQ && k < paths->n; k++) {
                        const char *op = bh_cn_str(paths->items[k]);
                        if (!op)
                                continue;
                        const char *opath = bh_compose_join(cx->a, dir, op);
                        struct bh_cnode *o =
                                bh_compose_load_file(cx, opath, bh_compose_label(cx, opath), at);
                        if (o) {
                                bh_compose_extends(cx, o, bh_compose_dirname(cx->a, opath), opath);
                                sub = bh_compose_merge(cx, sub, o, "", (struct bh_loc){0});
                        }
                }
                if (sub) {
                        bh_compose_include(cx, sub, fdir);
                        bh_compose_extends(cx, sub, fdir, fpath);
                }
                cx->include_depth--;
                cx->env = saved;
                bh_cenv_release(&env);
                if (!sub)
                        continue;
                if (!e->file)
                        bh_compose_stamp(sub, at, "included from", false, 0);
                bh_inc_add(cx, root, sub, "services", at);
                bh_inc_add(cx, root, sub, "networks", at);
                bh_inc_add(cx, root, sub, "volumes", at);
        }
}
