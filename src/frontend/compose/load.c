/* Loading compose files: YAML (through the shared hardened loader) into the
 * compose tree, with aliases and merge keys (<<) resolved and values
 * interpolated, as compose does before it merges anything.  Every node keeps
 * where it was written, and where it was reached from (the alias, the file). */
#include <stdarg.h>
#include <stdio.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "compose-int.h"

#include "../../util/bh-banned.h"

struct bh_cpairv {
        struct bh_cpair *v;
        size_t n;
        size_t cap;
};

struct bh_conv {
        struct bh_compose *cx;
        const char *label; /* NULL: the scanned document */
        struct bh_loc at;  /* where problems of another file are reported */
        bool in_extension; /* under a top-level x- key: not interpolated */
        bool over;         /* a limit was crossed (reported once) */
        /* the note of the last alias, shared by every node under it */
        const struct bh_ynode *how_alias;
        const char *how;
};

static uint64_t bh_cidx_hash(const char *s)
{
        uint64_t h = 1469598103934665603ull; /* FNV-1a */

        for (; *s; s++)
                h = (h ^ (unsigned char)*s) * 1099511628211ull;
        return h;
}

void bh_cidx_init(struct bh_cidx *x, size_t nkeys)
{
        x->cap = 16;
        while (x->cap < 2 * nkeys + 2)
                x->cap *= 2;
        if (x->cap <= BH_CIDX_INLINE) {
                memset(x->slot_inline, 0, x->cap * sizeof(*x->slot));
                x->slot = x->slot_inline;
                x->key = x->key_inline;
                return;
        }
        x->slot = bh_xcalloc(x->cap, sizeof(*x->slot));
        x->key = bh_xcalloc(x->cap, sizeof(*x->key));
}

static size_t bh_cidx_probe(const struct bh_cidx *x, const char *k)
{
        size_t i = (size_t)bh_cidx_hash(k) & (x->cap - 1);

        while (x->slot[i] && strcmp(x->key[i], k) != 0)
                i = (i + 1) & (x->cap - 1);
        return i;
}

size_t bh_cidx_get(const struct bh_cidx *x, const char *k)
{
        size_t i = bh_cidx_probe(x, k);

        return x->slot[i] ? x->slot[i] - 1 : SIZE_MAX;
}

void bh_cidx_put(struct bh_cidx *x, const char *k, size_t pos)
{
        size_t i = bh_cidx_probe(x, k);

        /* callers size the index for every key they put: never full */
        x->slot[i] = pos + 1;
        x->key[i] = k;
}

void bh_cidx_release(struct bh_cidx *x)
{
        if (x->slot != x->slot_inline) {
                free(x->slot);
                free(x->key);
        }
        x->slot = NULL;
        x->key = NULL;
        x->cap = 0;
}

struct bh_cnode *bh_cn_new(struct bh_compose *cx, enum bh_cn_kind kind)
{
        struct bh_cnode *n = bh_arena_alloc(cx->a, sizeof(*n));

        n->kind = kind;
        n->known = true;
        return n;
}

struct bh_cnode *bh_cn_copy(struct bh_compose *cx, const struct bh_cnode *n, unsigned depth)
{
        struct bh_cnode *c;

        if (!n || depth > BH_LIMIT_YAML_DEPTH)
                return NULL;
        c = bh_arena_memdup(cx->a, n, sizeof(*n));
        if (n->kind == BH_CN_SEQ) {
                c->items = bh_arena_alloc(cx->a, (n->n ? n->n : 1) * sizeof(*c->items));
                for (size_t i = 0; i < n->n; i++)
                        c->items[i] = bh_cn_copy(cx, n->items[i], depth + 1);
        } else if (n->kind == BH_CN_MAP) {
                c->pairs = bh_arena_alloc(cx->a, (n->n ? n->n : 1) * sizeof(*c->pairs));
                for (size_t i = 0; i < n->n; i++) {
                        c->pairs[i].key = bh_cn_copy(cx, n->pairs[i].key, depth + 1);
                        c->pairs[i].val = bh_cn_copy(cx, n->pairs[i].val, depth + 1);
                }
        }
        return c;
}

const struct bh_cpair *bh_cn_pair(const struct bh_cnode *map, const char *key)
{
        if (!map || map->kind != BH_CN_MAP)
                return NULL;
        /* the first byte rejects most keys without a call */
        for (size_t i = 0; i < map->n; i++)
                if (map->pairs[i].key && map->pairs[i].key->s &&
                    map->pairs[i].key->s[0] == key[0] && strcmp(map->pairs[i].key->s, key) == 0)
                        return &map->pairs[i];
        return NULL;
}

struct bh_cnode *bh_cn_get(const struct bh_cnode *map, const char *key)
{
        const struct bh_cpair *p = bh_cn_pair(map, key);

        return p && p->val && p->val->tag != BH_CN_TAG_RESET ? p->val : NULL;
}

const char *bh_cn_str(const struct bh_cnode *n)
{
        return n && n->kind == BH_CN_SCALAR && n->tag != BH_CN_TAG_RESET ? n->s : NULL;
}

/* The note "<how> <file>:<line>" (file) or "<how> line <line>", assembled
 * by hand: a compose file with includes or extends asks for one per
 * located node, and printf was most of the cost. */
static const char *bh_cn_note(struct bh_arena *a, const char *how, const char *file, uint32_t line)
{
        char buf[512], num[10];
        size_t hn = strlen(how), fn = file ? strlen(file) : 0, nn = 0, len = 0;

        if (hn + fn + sizeof(" line ") + sizeof(num) > sizeof(buf))
                return file ? bh_arena_printf(a, "%s %s:%u", how, file, (unsigned)line)
                            : bh_arena_printf(a, "%s line %u", how, (unsigned)line);
        do {
                num[sizeof(num) - ++nn] = (char)('0' + line % 10);
                line /= 10;
        } while (line);
        memcpy(buf, how, hn);
        len = hn;
        if (file) {
                buf[len++] = ' ';
                memcpy(buf + len, file, fn);
                len += fn;
                buf[len++] = ':';
        } else {
                memcpy(buf + len, " line ", 6);
                len += 6;
        }
        memcpy(buf + len, num + sizeof(num) - nn, nn);
        len += nn;
        return bh_arena_strndup(a, buf, len);
}

struct bh_loc bh_cn_loc(struct bh_compose *cx, const struct bh_cnode *n)
{
        struct bh_loc l;

        if (!n)
                return cx->services_loc;
        if (!n->file && !n->via.line)
                return n->loc;
        l = n->via.line ? n->via : cx->services_loc;
        l.note = bh_cn_note(cx->a, n->how ? n->how : "from", n->file, n->loc.line);
        return l;
}

static void bh_conv_diag(struct bh_conv *v, unsigned rule, struct bh_loc loc, const char *fmt, ...)
        BH_PRINTF(4, 5);
static void bh_conv_diag(struct bh_conv *v, unsigned rule, struct bh_loc loc, const char *fmt, ...)
{
        char msg[768];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        if (v->label)
                bh_doc_add_diag(v->cx->doc, rule, v->at, "%s:%u:%u: %s", v->label, loc.line,
                                loc.col, msg);
        else
                bh_doc_add_diag(v->cx->doc, rule, loc, "%s", msg);
}

static enum bh_cn_tag bh_conv_tag(const char *tag)
{
        if (!tag)
                return BH_CN_TAG_NONE;
        if (strcmp(tag, "!reset") == 0)
                return BH_CN_TAG_RESET;
        if (strcmp(tag, "!override") == 0)
                return BH_CN_TAG_OVERRIDE;
        return BH_CN_TAG_NONE;
}

static struct bh_cnode *bh_conv(struct bh_conv *v, const struct bh_ynode *y, bool is_key,
                                const struct bh_ynode *alias, unsigned depth);

/* Stamp a node reached through an alias of the scanned document. */
static void bh_conv_via(struct bh_conv *v, struct bh_cnode *n, const struct bh_ynode *alias)
{
        n->file = v->label;
        if (!alias || v->label)
                return;
        n->via = alias->loc;
        if (v->how_alias != alias) {
                v->how_alias = alias;
                v->how = bh_arena_printf(v->cx->a, "from anchor &%s at",
                                         alias->target && alias->target->anchor
                                                 ? alias->target->anchor
                                                 : "?");
        }
        n->how = v->how;
}

static void bh_conv_scalar(struct bh_conv *v, const struct bh_ynode *y, bool is_key,
                           struct bh_cnode *n)
{
        n->raw = y->value;
        n->s = y->value;
        n->plain = y->style == BH_YSTYLE_PLAIN && !y->tag;
        if (is_key || v->in_extension)
                return;
        bool known;
        const char *unres, *error;
        const char *s = bh_compose_interpolate(v->cx, v->cx->env, y->value, &known, &unres, &error);
        if (error)
                bh_conv_diag(v, 9002, v->label ? y->loc : bh_cn_loc(v->cx, n), "%s", error);
        n->known = known && s;
        n->unres = unres;
        if (n->known)
                n->s = s;
}

/* Append a pair; the caller sized pairs and index for every key it can get. */
static void bh_conv_pair_add(struct bh_cpairv *pairs, struct bh_cidx *idx, struct bh_cpair p)
{
        if (pairs->n == pairs->cap)
                return;
        bh_cidx_put(idx, p.key->s, pairs->n);
        pairs->v[pairs->n++] = p;
}

/* Add the pairs of a merge key's source (a mapping, or a sequence of them;
 * earlier sources win) that the mapping does not set itself. */
static void bh_conv_merge_src(struct bh_conv *v, const struct bh_ynode *src,
                              const struct bh_ynode *alias, unsigned depth, struct bh_cpairv *out,
                              struct bh_cidx *idx)
{
        const struct bh_ynode *m = src;

        if (m && m->kind == BH_Y_ALIAS) {
                alias = alias ? alias : m;
                m = bh_y_deref(m);
        }
        if (!m || m->kind != BH_Y_MAP) {
                bh_conv_diag(v, 9002, src ? src->loc : (struct bh_loc){0},
                             "a merge key (<<) needs a mapping or a list of mappings");
                return;
        }
        for (size_t i = 0; i < m->n; i++) {
                const char *k = bh_y_str(m->pairs[i].key);
                if (!k || bh_cidx_get(idx, k) != SIZE_MAX)
                        continue;
                struct bh_cpair p = {
                        .key = bh_conv(v, m->pairs[i].key, true, alias, depth + 1),
                        .val = bh_conv(v, m->pairs[i].value, false, alias, depth + 1),
                };
                if (p.key)
                        bh_conv_pair_add(out, idx, p);
        }
}

static void bh_conv_map(struct bh_conv *v, const struct bh_ynode *y, const struct bh_ynode *alias,
                        unsigned depth, struct bh_cnode *n)
{
        struct bh_cpairv pairs;
        struct bh_cidx idx;

        /* merge sources can add as many keys as they hold */
        size_t room = y->n;
        for (size_t i = 0; i < y->n; i++) {
                const struct bh_ynode *src = bh_y_deref(y->pairs[i].value);
                const char *k = bh_y_str(y->pairs[i].key);
                if (!k || strcmp(k, "<<") != 0 || !src)
                        continue;
                if (src->kind == BH_Y_MAP)
                        room += src->n;
                for (size_t j = 0; src->kind == BH_Y_SEQ && j < src->n; j++) {
                        const struct bh_ynode *m = bh_y_deref(src->items[j]);
                        room += m && m->kind == BH_Y_MAP ? m->n : 0;
                }
        }
        bh_cidx_init(&idx, room);
        /* the pairs go straight to the arena: room bounds them */
        pairs = (struct bh_cpairv){
                .v = bh_arena_alloc(v->cx->a, (room ? room : 1) * sizeof(*pairs.v)),
                .cap = room,
        };
        for (size_t i = 0; i < y->n; i++) {
                const struct bh_ynode *ky = bh_y_deref(y->pairs[i].key);
                const char *k = bh_y_str(ky);
                if (!k) {
                        bh_conv_diag(v, 9002, y->pairs[i].key->loc,
                                     "a mapping key must be a scalar");
                        continue;
                }
                if (strcmp(k, "<<") == 0 && ky->style == BH_YSTYLE_PLAIN)
                        continue;
                size_t j = bh_cidx_get(&idx, k);
                if (j != SIZE_MAX) {
                        bh_conv_diag(v, 9002, y->pairs[i].key->loc,
                                     "key %s is already defined in this mapping (line %u); "
                                     "compose refuses the file",
                                     k, pairs.v[j].key->loc.line);
                        pairs.v[j].val = bh_conv(v, y->pairs[i].value, false, alias, depth + 1);
                        continue;
                }
                bool ext = depth == 0 && !v->in_extension && bh_str_startswith(k, "x-");
                if (ext)
                        v->in_extension = true;
                struct bh_cpair p = {
                        .key = bh_conv(v, y->pairs[i].key, true, alias, depth + 1),
                        .val = bh_conv(v, y->pairs[i].value, false, alias, depth + 1),
                };
                if (ext)
                        v->in_extension = false;
                if (p.key)
                        bh_conv_pair_add(&pairs, &idx, p);
        }
        /* merge keys: explicit keys win wherever they are written */
        for (size_t i = 0; i < y->n; i++) {
                const struct bh_ynode *ky = bh_y_deref(y->pairs[i].key);
                const char *k = bh_y_str(ky);
                if (!k || strcmp(k, "<<") != 0 || ky->style != BH_YSTYLE_PLAIN)
                        continue;
                const struct bh_ynode *val = y->pairs[i].value;
                const struct bh_ynode *dv = bh_y_deref(val);
                if (dv && dv->kind == BH_Y_SEQ) {
                        for (size_t j = 0; j < dv->n; j++)
                                bh_conv_merge_src(v, dv->items[j], alias, depth, &pairs, &idx);
                } else {
                        bh_conv_merge_src(v, val, alias, depth, &pairs, &idx);
                }
        }
        n->n = pairs.n;
        n->pairs = pairs.v;
        bh_cidx_release(&idx);
}

static struct bh_cnode *bh_conv(struct bh_conv *v, const struct bh_ynode *y, bool is_key,
                                const struct bh_ynode *alias, unsigned depth)
{
        struct bh_cnode *n;

        if (!y)
                return NULL;
        if (depth > BH_LIMIT_YAML_DEPTH) {
                if (!v->over)
                        bh_conv_diag(v, 9003, y->loc,
                                     "compose file nested deeper than %u levels once aliases "
                                     "are expanded; the rest was not read",
                                     BH_LIMIT_YAML_DEPTH);
                v->over = true;
                return NULL;
        }
        if (y->kind == BH_Y_ALIAS) {
                /* the outermost alias is where the value is used */
                const struct bh_ynode *t = bh_y_deref(y);
                return bh_conv(v, t, is_key, alias ? alias : y, depth);
        }
        n = bh_cn_new(v->cx, BH_CN_NULL);
        n->loc = y->loc;
        n->tag = bh_conv_tag(y->tag);
        bh_conv_via(v, n, alias);
        switch (y->kind) {
        case BH_Y_SCALAR:
                if (!is_key && bh_y_is_null(y)) {
                        n->raw = y->value;
                        break;
                }
                n->kind = BH_CN_SCALAR;
                bh_conv_scalar(v, y, is_key, n);
                break;
        case BH_Y_SEQ:
                n->kind = BH_CN_SEQ;
                n->items = bh_arena_alloc(v->cx->a, (y->n ? y->n : 1) * sizeof(*n->items));
                for (size_t i = 0; i < y->n; i++) {
                        struct bh_cnode *c = bh_conv(v, y->items[i], false, alias, depth + 1);
                        if (c)
                                n->items[n->n++] = c;
                }
                break;
        case BH_Y_MAP:
                n->kind = BH_CN_MAP;
                bh_conv_map(v, y, alias, depth, n);
                break;
        case BH_Y_ALIAS:
        default:
                break;
        }
        return n;
}

const char *bh_compose_join(struct bh_arena *a, const char *dir, const char *rel)
{
        if (rel[0] == '/' || !dir || !*dir)
                return bh_arena_strdup(a, rel);
        return bh_arena_printf(a, "%s/%s", dir, rel);
}

const char *bh_compose_dirname(struct bh_arena *a, const char *path)
{
        const char *slash = strrchr(path, '/');

        if (!slash)
                return "";
        if (slash == path)
                return "/";
        return bh_arena_strndup(a, path, (size_t)(slash - path));
}

int bh_compose_read(struct bh_compose *cx, const char *path, char **ret_data, size_t *ret_len)
{
        if (!cx->o || !cx->o->read_file)
                return BH_ENOENT;
        if (cx->nfiles >= BH_LIMIT_COMPOSE_FILES)
                return BH_ELIMIT;
        cx->nfiles++;
        return cx->o->read_file(cx->o->read_ctx, path, ret_data, ret_len);
}

struct bh_cnode *bh_compose_load_text(struct bh_compose *cx, const char *text, size_t len,
                                      const char *label, struct bh_loc at)
{
        struct bh_conv v = {.cx = cx, .label = label, .at = at};
        struct bh_ystream *ys = bh_yaml_load(cx->a, text, len);
        struct bh_cnode *root = NULL;

        if (ys->error)
                bh_conv_diag(&v, ys->error_rule ? ys->error_rule : 9001, ys->error_loc, "%s",
                             ys->error_msg ? ys->error_msg : "YAML error");
        /* several documents in one file are merged in order, as compose-go does */
        for (size_t i = 0; i < ys->ndocs; i++) {
                const struct bh_ynode *r = bh_y_deref(ys->docs[i].root);
                if (!r)
                        continue;
                if (r->kind != BH_Y_MAP) {
                        bh_conv_diag(&v, 9002, r->loc,
                                     "not a compose file: the top level is not a mapping");
                        continue;
                }
                struct bh_cnode *n = bh_conv(&v, r, false, NULL, 0);
                root = root ? bh_compose_merge(cx, root, n, "", (struct bh_loc){0}) : n;
        }
        return root;
}

struct bh_cnode *bh_compose_load_file(struct bh_compose *cx, const char *path, const char *label,
                                      struct bh_loc at)
{
        bh_autofree char *data = NULL;
        size_t len = 0;
        int r = bh_compose_read(cx, path, &data, &len);

        if (r == BH_ELIMIT) {
                bh_doc_add_diag(cx->doc, 9003, at,
                                "%s not read: over the %u-byte file limit or the %u files a "
                                "project may read",
                                label, BH_LIMIT_FILE_SIZE, BH_LIMIT_COMPOSE_FILES);
                return NULL;
        }
        if (r < 0) {
                bh_doc_add_diag(cx->doc, 9004, at, "cannot read %s%s", label,
                                r == BH_ENOENT ? ": no such file" : "");
                return NULL;
        }
        return bh_compose_load_text(cx, data, len, label, at);
}
