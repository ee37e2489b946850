/* The YAML loader: libyaml events -> an arena tree with locations.  Aliases
 * stay nodes of their own; every node records how many nodes it stands for
 * once aliases are expanded, computed bottom-up as the tree is built, so an
 * alias bomb is refused in time linear in the input. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>
#include <yaml.h>

#include "../util/limits.h"
#include "yamltree.h"

#include "../util/bh-banned.h"

struct bh_yanchor {
        const char *name;
        struct bh_ynode *node;
};

struct bh_yframe {
        struct bh_ynode *node;
        BH_VEC(struct bh_ynode *) items; /* seq items, or map keys and values alternating */
};

struct bh_yload {
        struct bh_arena *a;
        struct bh_ystream *out;
        BH_VEC(struct bh_ydoc) docs;
        BH_VEC(struct bh_yanchor) anchors; /* of the current document */
        unsigned depth;
        unsigned used;
        struct bh_ynode *root;
        uint64_t nodes;     /* parsed in this stream */
        uint64_t doc_nodes; /* parsed in this document */
        /* last: frames from `used` on were never touched, so the loader
         * neither zero-fills nor frees them (most inputs nest a few levels) */
        struct bh_yframe stack[BH_LIMIT_YAML_DEPTH + 1];
};

static struct bh_loc bh_yloc(yaml_mark_t m)
{
        return (struct bh_loc){.line = (uint32_t)m.line + 1, .col = (uint32_t)m.column + 1};
}

static void bh_yfail(struct bh_yload *l, unsigned rule, struct bh_loc loc, const char *fmt, ...)
        BH_PRINTF(4, 5);

static void bh_yfail(struct bh_yload *l, unsigned rule, struct bh_loc loc, const char *fmt, ...)
{
        va_list ap;
        char msg[512];

        if (l->out->error)
                return;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        l->out->error = true;
        l->out->error_rule = rule;
        l->out->error_msg = bh_arena_strdup(l->a, msg);
        l->out->error_loc = loc;
}

static const char *bh_ystrdup(struct bh_yload *l, const yaml_char_t *s)
{
        return s ? bh_arena_strdup(l->a, (const char *)s) : NULL;
}

static uint64_t bh_ysat_add(uint64_t a, uint64_t b)
{
        return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* Limit on what the document's nodes may expand to through aliases. */
static uint64_t bh_yexpansion_limit(const struct bh_yload *l)
{
        uint64_t rel = l->doc_nodes * BH_LIMIT_YAML_EXPANSION_FACTOR;

        return rel > BH_LIMIT_YAML_EXPANSION_MIN ? rel : BH_LIMIT_YAML_EXPANSION_MIN;
}

static struct bh_ynode *bh_ynew(struct bh_yload *l, enum bh_ykind kind, const yaml_event_t *ev)
{
        struct bh_ynode *n = bh_arena_alloc(l->a, sizeof(*n));

        n->kind = kind;
        n->loc = bh_yloc(ev->start_mark);
        n->expanded = 1;
        l->nodes++;
        l->doc_nodes++;
        if (l->nodes > BH_LIMIT_YAML_NODES)
                bh_yfail(l, 9003, n->loc, "more than %u YAML nodes; the rest was not read",
                         BH_LIMIT_YAML_NODES);
        return n;
}

static void bh_yanchor(struct bh_yload *l, const yaml_char_t *anchor, struct bh_ynode *n)
{
        if (!anchor)
                return;
        n->anchor = bh_ystrdup(l, anchor);
        /* a later anchor of the same name shadows the earlier one */
        struct bh_yanchor *x = BH_VEC_NEW(&l->anchors);
        x->name = n->anchor;
        x->node = n;
}

/* Attach a finished node to its parent (or make it the root). */
static void bh_yattach(struct bh_yload *l, struct bh_ynode *n)
{
        if (l->depth == 0) {
                l->root = n;
                return;
        }
        struct bh_yframe *f = &l->stack[l->depth - 1];
        BH_VEC_PUSH(&f->items, n);
        f->node->expanded = bh_ysat_add(f->node->expanded, n->expanded);
        if (f->node->expanded > bh_yexpansion_limit(l))
                bh_yfail(l, 9003, n->loc,
                         "YAML aliases expand to more than %" PRIu64
                         " nodes (an alias bomb?); the document was not read",
                         bh_yexpansion_limit(l));
}

static void bh_yopen(struct bh_yload *l, struct bh_ynode *n)
{
        if (l->depth >= BH_LIMIT_YAML_DEPTH) {
                bh_yfail(l, 9003, n->loc, "YAML nested deeper than %u levels; not read",
                         BH_LIMIT_YAML_DEPTH);
                return;
        }
        struct bh_yframe *f = &l->stack[l->depth++];
        if (l->depth > l->used) {
                f->items.v = NULL;
                f->items.cap = 0;
                l->used = l->depth;
        }
        f->node = n;
        f->items.n = 0;
}

static void bh_yclose(struct bh_yload *l)
{
        struct bh_yframe *f = &l->stack[--l->depth];
        struct bh_ynode *n = f->node;

        if (n->kind == BH_Y_SEQ) {
                n->n = f->items.n;
                n->items = bh_arena_alloc(l->a, (n->n ? n->n : 1) * sizeof(*n->items));
                if (n->n)
                        memcpy(n->items, f->items.v, n->n * sizeof(*n->items));
        } else {
                n->n = f->items.n / 2;
                n->pairs = bh_arena_alloc(l->a, (n->n ? n->n : 1) * sizeof(*n->pairs));
                for (size_t i = 0; i < n->n; i++) {
                        n->pairs[i].key = f->items.v[2 * i];
                        n->pairs[i].value = f->items.v[2 * i + 1];
                }
        }
        bh_yattach(l, n);
}

static void bh_yend_doc(struct bh_yload *l, const yaml_event_t *ev, uint32_t start_line)
{
        if (l->docs.n >= BH_LIMIT_YAML_DOCUMENTS) {
                bh_yfail(l, 9003, bh_yloc(ev->start_mark),
                         "more than %u YAML documents; the rest was not read",
                         BH_LIMIT_YAML_DOCUMENTS);
                return;
        }
        struct bh_ydoc *d = BH_VEC_NEW(&l->docs);
        d->root = l->root;
        d->start_line = start_line;
        d->end_line = (uint32_t)ev->end_mark.line + 1;
        l->root = NULL;
        l->anchors.n = 0;
        l->doc_nodes = 0;
}

static void bh_yevent(struct bh_yload *l, const yaml_event_t *ev, uint32_t *doc_start)
{
        struct bh_ynode *n;

        switch (ev->type) {
        case YAML_DOCUMENT_START_EVENT:
                *doc_start = (uint32_t)ev->start_mark.line + 1;
                l->root = NULL;
                break;
        case YAML_DOCUMENT_END_EVENT:
                bh_yend_doc(l, ev, *doc_start);
                break;
        case YAML_SCALAR_EVENT:
                n = bh_ynew(l, BH_Y_SCALAR, ev);
                n->len = ev->data.scalar.length;
                n->value = bh_arena_strndup(l->a, (const char *)ev->data.scalar.value, n->len);
                n->tag = bh_ystrdup(l, ev->data.scalar.tag);
                switch (ev->data.scalar.style) {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE:
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
                        n->style = BH_YSTYLE_QUOTED;
                        break;
                case YAML_LITERAL_SCALAR_STYLE:
                case YAML_FOLDED_SCALAR_STYLE:
                        n->style = BH_YSTYLE_BLOCK;
                        break;
                case YAML_ANY_SCALAR_STYLE:
                case YAML_PLAIN_SCALAR_STYLE:
                default:
                        n->style = BH_YSTYLE_PLAIN;
                        break;
                }
                bh_yanchor(l, ev->data.scalar.anchor, n);
                bh_yattach(l, n);
                break;
        case YAML_SEQUENCE_START_EVENT:
                n = bh_ynew(l, BH_Y_SEQ, ev);
                n->tag = bh_ystrdup(l, ev->data.sequence_start.tag);
                bh_yanchor(l, ev->data.sequence_start.anchor, n);
                bh_yopen(l, n);
                break;
        case YAML_MAPPING_START_EVENT:
                n = bh_ynew(l, BH_Y_MAP, ev);
                n->tag = bh_ystrdup(l, ev->data.mapping_start.tag);
                bh_yanchor(l, ev->data.mapping_start.anchor, n);
                bh_yopen(l, n);
                break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
                if (l->depth)
                        bh_yclose(l);
                break;
        case YAML_ALIAS_EVENT: {
                const char *name = (const char *)ev->data.alias.anchor;
                struct bh_ynode *target = NULL;
                for (size_t i = l->anchors.n; i-- > 0;) {
                        if (strcmp(l->anchors.v[i].name, name) == 0) {
                                target = l->anchors.v[i].node;
                                break;
                        }
                }
                n = bh_ynew(l, BH_Y_ALIAS, ev);
                if (!target) {
                        bh_yfail(l, 9001, n->loc, "YAML alias *%s names no anchor before it",
                                 name);
                        break;
                }
                n->target = target;
                /* an alias to a node still open (recursive) expands without end */
                for (unsigned d = 0; d < l->depth; d++) {
                        if (l->stack[d].node == target) {
                                bh_yfail(l, 9001, n->loc, "YAML alias *%s refers to itself",
                                         name);
                                return;
                        }
                }
                n->expanded = target->expanded;
                bh_yattach(l, n);
                break;
        }
        case YAML_NO_EVENT:
        case YAML_STREAM_START_EVENT:
        case YAML_STREAM_END_EVENT:
        default:
                break;
        }
}

struct bh_ystream *bh_yaml_load(struct bh_arena *a, const char *text, size_t len)
{
        struct bh_ystream *out = bh_arena_alloc(a, sizeof(*out));
        struct bh_yload *l = bh_xmalloc(sizeof(*l));
        yaml_parser_t parser;
        yaml_event_t ev;
        uint32_t doc_start = 1;
        bool done = false;

        memset(l, 0, offsetof(struct bh_yload, stack));
        l->a = a;
        l->out = out;
        if (!yaml_parser_initialize(&parser)) {
                bh_yfail(l, 9001, (struct bh_loc){0}, "cannot initialise the YAML parser");
                free(l);
                return out;
        }
        yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
        while (!done && !out->error) {
                if (!yaml_parser_parse(&parser, &ev)) {
                        struct bh_loc loc = bh_yloc(parser.problem_mark);
                        bh_yfail(l, 9001, loc, "YAML syntax error: %s%s%s",
                                 parser.problem ? parser.problem : "unknown problem",
                                 parser.context ? " " : "", parser.context ? parser.context : "");
                        break;
                }
                bh_yevent(l, &ev, &doc_start);
                done = ev.type == YAML_STREAM_END_EVENT;
                yaml_event_delete(&ev);
        }
        yaml_parser_delete(&parser);
        out->ndocs = l->docs.n;
        out->docs = bh_arena_alloc(a, (out->ndocs ? out->ndocs : 1) * sizeof(*out->docs));
        if (out->ndocs)
                memcpy(out->docs, l->docs.v, out->ndocs * sizeof(*out->docs));
        for (unsigned d = 0; d < l->used; d++)
                free(l->stack[d].items.v);
        free(l->docs.v);
        free(l->anchors.v);
        free(l);
        return out;
}

const struct bh_ynode *bh_y_deref(const struct bh_ynode *n)
{
        /* anchors are defined before use, so chains are short and acyclic */
        for (unsigned i = 0; n && n->kind == BH_Y_ALIAS && i < BH_LIMIT_YAML_DEPTH; i++)
                n = n->target;
        return n && n->kind == BH_Y_ALIAS ? NULL : n;
}

const char *bh_y_str(const struct bh_ynode *n)
{
        n = bh_y_deref(n);
        return n && n->kind == BH_Y_SCALAR ? n->value : NULL;
}

const struct bh_ypair *bh_y_get_pair(const struct bh_ynode *map, const char *key)
{
        const struct bh_ypair *hit = NULL;

        map = bh_y_deref(map);
        if (!map || map->kind != BH_Y_MAP)
                return NULL;
        /* the first byte rejects most keys before the call to strcmp */
        for (size_t i = 0; i < map->n; i++) {
                const char *k = bh_y_str(map->pairs[i].key);
                if (k && k[0] == key[0] && strcmp(k, key) == 0)
                        hit = &map->pairs[i];
        }
        return hit;
}

const struct bh_ynode *bh_y_get(const struct bh_ynode *map, const char *key)
{
        const struct bh_ypair *p = bh_y_get_pair(map, key);

        return p ? p->value : NULL;
}

bool bh_y_is_null(const struct bh_ynode *n)
{
        n = bh_y_deref(n);
        if (!n)
                return true;
        if (n->kind != BH_Y_SCALAR || n->style != BH_YSTYLE_PLAIN || n->tag)
                return false;
        return n->len == 0 || strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0 ||
               strcmp(n->value, "Null") == 0 || strcmp(n->value, "NULL") == 0;
}

bool bh_y_bool(const struct bh_ynode *n, bool yaml11, bool *ret)
{
        static const char *const t12[] = {"true", "True", "TRUE"};
        static const char *const f12[] = {"false", "False", "FALSE"};
        static const char *const t11[] = {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON"};
        static const char *const f11[] = {"n", "N", "no", "No", "NO", "off", "Off", "OFF"};

        n = bh_y_deref(n);
        if (!n || n->kind != BH_Y_SCALAR || n->style != BH_YSTYLE_PLAIN)
                return false;
        if (n->tag && strcmp(n->tag, "tag:yaml.org,2002:bool") != 0)
                return false;
        for (size_t i = 0; i < BH_ELEMENTSOF(t12); i++) {
                if (strcmp(n->value, t12[i]) == 0)
                        return *ret = true, true;
                if (strcmp(n->value, f12[i]) == 0)
                        return *ret = false, true;
        }
        if (!yaml11)
                return false;
        for (size_t i = 0; i < BH_ELEMENTSOF(t11); i++) {
                if (strcmp(n->value, t11[i]) == 0)
                        return *ret = true, true;
                if (strcmp(n->value, f11[i]) == 0)
                        return *ret = false, true;
        }
        return false;
}

bool bh_y_int(const struct bh_ynode *n, int64_t min, int64_t max, int64_t *ret)
{
        const char *s;
        bool neg = false;
        uint64_t v = 0;
        unsigned base = 10;

        n = bh_y_deref(n);
        if (!n || n->kind != BH_Y_SCALAR || n->style != BH_YSTYLE_PLAIN)
                return false;
        s = n->value;
        if (*s == '-' || *s == '+')
                neg = *s++ == '-';
        if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
                base = 16;
                s += 2;
        } else if (s[0] == '0' && s[1] == 'o') {
                base = 8;
                s += 2;
        }
        if (!*s)
                return false;
        for (; *s; s++) {
                unsigned d;
                if (*s >= '0' && *s <= '9')
                        d = (unsigned)(*s - '0');
                else if (base == 16 && *s >= 'a' && *s <= 'f')
                        d = (unsigned)(*s - 'a' + 10);
                else if (base == 16 && *s >= 'A' && *s <= 'F')
                        d = (unsigned)(*s - 'A' + 10);
                else if (*s == '_')
                        continue;
                else
                        return false;
                if (d >= base || v > (UINT64_MAX - d) / base)
                        return false;
                v = v * base + d;
        }
        if (v > (uint64_t)INT64_MAX)
                return false;
        int64_t x = neg ? -(int64_t)v : (int64_t)v;
        if (x < min || x > max)
                return false;
        *ret = x;
        return true;
}
