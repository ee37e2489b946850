#include "../util/limits.h"
#include "finding.h"

#include "../util/bh-banned.h"

void bh_findings_init(struct bh_findings *f)
{
        memset(f, 0, sizeof(*f));
}

void bh_findings_release(struct bh_findings *f)
{
        for (size_t i = 0; i < f->items.n; i++) {
                struct bh_finding *x = &f->items.v[i];
                free((char *)x->path);
                free(x->message);
                free(x->source_line);
                free(x->supp_reason);
                free(x->supp_source);
                free(x->field);
        }
        free(f->items.v);
        memset(f, 0, sizeof(*f));
}

struct bh_finding *bh_findings_add(struct bh_findings *f, const char *rule_id, unsigned rule_num,
                                   enum bh_severity sev, const char *path, struct bh_loc loc,
                                   const char *message)
{
        if (f->items.n >= BH_LIMIT_FINDINGS_PER_FILE) {
                f->dropped++;
                return NULL;
        }
        struct bh_finding *x = BH_VEC_NEW(&f->items);
        x->rule_id = rule_id;
        x->rule_num = rule_num;
        x->severity = sev;
        x->path = bh_xstrdup(path ? path : "");
        x->loc = loc;
        x->message = bh_xstrdup(message);
        return x;
}

void bh_findings_move(struct bh_findings *dst, struct bh_findings *src)
{
        for (size_t i = 0; i < src->items.n; i++)
                BH_VEC_PUSH(&dst->items, src->items.v[i]);
        dst->dropped += src->dropped;
        free(src->items.v);
        memset(src, 0, sizeof(*src));
}

static int bh_finding_cmp(const void *a, const void *b)
{
        const struct bh_finding *x = a, *y = b;
        int c = strcmp(x->path, y->path);

        if (c)
                return c;
        if (x->loc.line != y->loc.line)
                return x->loc.line < y->loc.line ? -1 : 1;
        if (x->loc.col != y->loc.col)
                return x->loc.col < y->loc.col ? -1 : 1;
        if (x->rule_num != y->rule_num)
                return x->rule_num < y->rule_num ? -1 : 1;
        return strcmp(x->message, y->message);
}

void bh_findings_sort(struct bh_findings *f)
{
        if (f->items.n > 1)
                qsort(f->items.v, f->items.n, sizeof(f->items.v[0]), bh_finding_cmp);
}
