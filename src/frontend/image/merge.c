/* The merged view of an image's final filesystem: layer entries applied in
 * order, whiteouts and opaque directories as the OCI image spec says
 * ("Representing Changes", "Whiteouts").  Metadata only, plus the content of
 * the few files a check reads (the final version only). */
#include <stdio.h>
#include <sys/stat.h>

#include "../../util/strutil.h"
#include "image-int.h"

#include "../../util/bh-banned.h"

long bh_img_path_clean(const char *in, char *out, size_t cap)
{
        size_t o = 0;
        const char *p = in;

        while (*p) {
                while (*p == '/')
                        p++;
                const char *s = p;
                while (*p && *p != '/')
                        p++;
                size_t n = (size_t)(p - s);
                if (n == 0 || (n == 1 && s[0] == '.'))
                        continue;
                if (n == 2 && s[0] == '.' && s[1] == '.')
                        return -1;
                if (o + n + 2 > cap)
                        return -1;
                if (o)
                        out[o++] = '/';
                memcpy(out + o, s, n);
                o += n;
        }
        if (cap)
                out[o] = '\0';
        return (long)o;
}

bool bh_img_link_escapes(const char *path, const char *target)
{
        long depth = 0;
        const char *p;

        if (target[0] == '/')
                return false;
        /* the link's directory depth, then walk the target */
        for (p = path; *p; p++)
                if (*p == '/')
                        depth++;
        for (p = target; *p;) {
                while (*p == '/')
                        p++;
                const char *s = p;
                while (*p && *p != '/')
                        p++;
                size_t n = (size_t)(p - s);
                if (n == 2 && s[0] == '.' && s[1] == '.') {
                        if (--depth < 0)
                                return true;
                } else if (n && !(n == 1 && s[0] == '.')) {
                        depth++;
                }
        }
        return false;
}

static uint64_t bh_img_hash(const char *s)
{
        uint64_t h = 1469598103934665603ull;

        for (; *s; s++)
                h = (h ^ (unsigned char)*s) * 1099511628211ull;
        return h;
}

static void bh_img_merge_rehash(struct bh_img_merge *m, size_t nslots)
{
        free(m->slots);
        m->slots = bh_xcalloc(nslots, sizeof(*m->slots));
        m->nslots = nslots;
        for (size_t i = 0; i < m->e.n; i++) {
                if (!m->e.v[i].live)
                        continue;
                size_t k = bh_img_hash(m->e.v[i].f.path) & (nslots - 1);
                while (m->slots[k])
                        k = (k + 1) & (nslots - 1);
                m->slots[k] = (uint32_t)i + 1;
        }
}

void bh_img_merge_init(struct bh_img_merge *m, struct bh_arena *a)
{
        memset(m, 0, sizeof(*m));
        m->arena = a;
        bh_img_merge_rehash(m, 1024);
}

void bh_img_merge_release(struct bh_img_merge *m)
{
        for (size_t i = 0; i < m->e.n; i++)
                free(m->e.v[i].data);
        free(m->e.v);
        free(m->slots);
        free(m->wh.v);
        free(m->opq.v);
        memset(m, 0, sizeof(*m));
}

void bh_img_merge_begin_layer(struct bh_img_merge *m, uint32_t layer)
{
        m->layer = layer;
        m->wh.n = 0;
        m->opq.n = 0;
}

static size_t bh_img_merge_slot(const struct bh_img_merge *m, const char *path)
{
        size_t k = bh_img_hash(path) & (m->nslots - 1);

        while (m->slots[k] && strcmp(m->e.v[m->slots[k] - 1].f.path, path) != 0)
                k = (k + 1) & (m->nslots - 1);
        return k;
}

struct bh_img_entry *bh_img_merge_find(struct bh_img_merge *m, const char *path)
{
        size_t k = bh_img_merge_slot(m, path);

        return m->slots[k] ? &m->e.v[m->slots[k] - 1] : NULL;
}

struct bh_img_entry *bh_img_merge_add(struct bh_img_merge *m, const struct bh_image_file *f)
{
        const char *base = bh_path_basename(f->path);
        size_t dl = (size_t)(base - f->path);

        if (bh_str_startswith(base, ".wh.")) {
                if (strcmp(base, ".wh..wh..opq") == 0)
                        BH_VEC_PUSH(&m->opq, bh_arena_strndup(m->arena, f->path, dl ? dl - 1 : 0));
                else if (base[4])
                        BH_VEC_PUSH(&m->wh, bh_arena_printf(m->arena, "%.*s%s", (int)dl, f->path,
                                                            base + 4));
                return NULL;
        }
        size_t k = bh_img_merge_slot(m, f->path);
        struct bh_img_entry *x;
        if (m->slots[k]) {
                x = &m->e.v[m->slots[k] - 1];
                /* a directory of a lower layer replaced by something else:
                 * its contents go too */
                if (S_ISDIR(x->f.mode) && !S_ISDIR(f->mode) && x->f.layer < m->layer)
                        BH_VEC_PUSH(&m->wh, f->path);
                free(x->data);
                x->data = NULL;
                x->len = 0;
                x->truncated = false;
                /* a directory entry again keeps what is below it */
                x->f = *f;
                return x;
        }
        if ((m->nlive + 1) * 2 > m->nslots) {
                bh_img_merge_rehash(m, m->nslots * 2);
                k = bh_img_merge_slot(m, f->path);
        }
        x = BH_VEC_NEW(&m->e);
        x->f = *f;
        x->live = true;
        m->slots[k] = (uint32_t)m->e.n;
        m->nlive++;
        return x;
}

static bool bh_img_in_set(struct bh_img_merge *m, char *path, size_t len, bool self,
                          const char **set, size_t nset, uint32_t *tab, size_t ntab)
{
        (void)m;
        (void)set;
        (void)nset;
        /* path itself (self) and every ancestor */
        for (size_t l = len;;) {
                if (self || l < len) {
                        char c = path[l];
                        path[l] = '\0';
                        size_t k = bh_img_hash(path) & (ntab - 1);
                        bool hit = false;
                        while (tab[k]) {
                                if (strcmp(set[tab[k] - 1], path) == 0) {
                                        hit = true;
                                        break;
                                }
                                k = (k + 1) & (ntab - 1);
                        }
                        path[l] = c;
                        if (hit)
                                return true;
                }
                while (l > 0 && path[l - 1] != '/')
                        l--;
                if (l == 0)
                        return false;
                l--; /* drop the '/' */
                if (l == 0)
                        return false;
        }
}

static uint32_t *bh_img_set_table(const char **set, size_t n, size_t *ret_n)
{
        size_t ntab = 16;
        uint32_t *tab;

        while (ntab < n * 2)
                ntab *= 2;
        tab = bh_xcalloc(ntab, sizeof(*tab));
        for (size_t i = 0; i < n; i++) {
                size_t k = bh_img_hash(set[i]) & (ntab - 1);
                while (tab[k])
                        k = (k + 1) & (ntab - 1);
                tab[k] = (uint32_t)i + 1;
        }
        *ret_n = ntab;
        return tab;
}

void bh_img_merge_end_layer(struct bh_img_merge *m)
{
        size_t nwh, nop;
        uint32_t *twh, *top;
        bool opq_root = false;
        char buf[8192];

        if (!m->wh.n && !m->opq.n)
                return;
        for (size_t i = 0; i < m->opq.n; i++)
                if (!m->opq.v[i][0])
                        opq_root = true; /* .wh..wh..opq at the root: every lower path */
        twh = bh_img_set_table(m->wh.v, m->wh.n, &nwh);
        top = bh_img_set_table(m->opq.v, m->opq.n, &nop);
        for (size_t i = 0; i < m->e.n; i++) {
                struct bh_img_entry *x = &m->e.v[i];
                size_t len;
                if (!x->live || x->f.layer >= m->layer)
                        continue;
                len = strlen(x->f.path);
                if (len >= sizeof(buf))
                        continue;
                memcpy(buf, x->f.path, len + 1);
                if (opq_root || bh_img_in_set(m, buf, len, true, m->wh.v, m->wh.n, twh, nwh) ||
                    bh_img_in_set(m, buf, len, false, m->opq.v, m->opq.n, top, nop)) {
                        x->live = false;
                        free(x->data);
                        x->data = NULL;
                        m->nlive--;
                }
        }
        free(twh);
        free(top);
        /* compact, then index again */
        size_t o = 0;
        for (size_t i = 0; i < m->e.n; i++)
                if (m->e.v[i].live)
                        m->e.v[o++] = m->e.v[i];
        m->e.n = o;
        bh_img_merge_rehash(m, m->nslots);
        m->wh.n = 0;
        m->opq.n = 0;
}

static int bh_img_entry_cmp(const void *a, const void *b)
{
        const struct bh_img_entry *x = *(const struct bh_img_entry *const *)a;
        const struct bh_img_entry *y = *(const struct bh_img_entry *const *)b;

        return strcmp(x->f.path, y->f.path);
}

struct bh_img_entry **bh_img_merge_sorted(struct bh_img_merge *m, size_t *ret_n)
{
        struct bh_img_entry **v = bh_xcalloc(m->nlive + 1, sizeof(*v));
        size_t n = 0;

        for (size_t i = 0; i < m->e.n; i++)
                if (m->e.v[i].live)
                        v[n++] = &m->e.v[i];
        qsort(v, n, sizeof(*v), bh_img_entry_cmp);
        *ret_n = n;
        return v;
}
