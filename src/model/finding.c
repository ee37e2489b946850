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
                free(x->message); /* the path lives in the same block */
                free(x->source_line);
                free(x->supp_reason);
                free(x->supp_source);
                free(x->field);
                bh_finding_vuln_free(x->vuln);
        }
        free(f->items.v);
        memset(f, 0, sizeof(*f));
}

/* The message and the path in one block, the path after the message's NUL:
 * one allocation per finding instead of two. */
static void bh_finding_store(struct bh_finding *x, const char *message, const char *path)
{
        size_t m = strlen(message) + 1, p = strlen(path) + 1;
        char *block = bh_xmalloc(m + p);

        memcpy(block, message, m);
        memcpy(block + m, path, p);
        x->message = block;
        x->path = block + m;
}

void bh_finding_set_message(struct bh_finding *x, const char *message)
{
        char *old = x->message;

        bh_finding_store(x, message, x->path);
        free(old);
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
        x->loc = loc;
        bh_finding_store(x, message, path ? path : "");
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

/* The order within one path. */
static int bh_finding_cmp_in_path(const void *a, const void *b)
{
        const struct bh_finding *x = a, *y = b;

        if (x->loc.line != y->loc.line)
                return x->loc.line < y->loc.line ? -1 : 1;
        if (x->loc.col != y->loc.col)
                return x->loc.col < y->loc.col ? -1 : 1;
        if (x->rule_num != y->rule_num)
                return x->rule_num < y->rule_num ? -1 : 1;
        return strcmp(x->message, y->message);
}

static int bh_finding_cmp(const void *a, const void *b)
{
        const struct bh_finding *x = a, *y = b;
        int c = strcmp(x->path, y->path);

        if (c)
                return c;
        return bh_finding_cmp_in_path(a, b);
}

void bh_findings_sort(struct bh_findings *f)
{
        bool one_path = true;

        if (f->items.n < 2)
                return;
        /* the list of one file (the usual case): compare paths once here
         * rather than in every comparison */
        for (size_t i = 1; i < f->items.n && one_path; i++)
                one_path = strcmp(f->items.v[0].path, f->items.v[i].path) == 0;
        qsort(f->items.v, f->items.n, sizeof(f->items.v[0]),
              one_path ? bh_finding_cmp_in_path : bh_finding_cmp);
}
