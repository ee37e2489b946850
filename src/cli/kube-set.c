/* BH5010 networkpolicy-missing: a rule over every Kubernetes file of a scan.
 * Files are scanned in parallel and their documents released, so each
 * worker keeps what the rule needs (workloads with their pod labels,
 * NetworkPolicy selectors) and one pending finding per workload, which goes
 * through the inline, annotation and config suppressions with the other
 * findings while the document is still there.  Once every file is scanned,
 * bh_cli_kube_pass() keeps the pending findings of workloads that no policy
 * selects and drops the others. */
#include <stdio.h>

#include "../model/kube.h"
#include "../util/arena.h"
#include "cli.h"

#include "../util/bh-banned.h"

struct bh_kset_workload {
        const char *kind, *name, *ns;
        const char *const *keys, *const *values; /* pod template labels */
        size_t nlabels;
        const char *source; /* helm template, or NULL */
};

struct bh_kset_policy {
        const char *name, *ns;
        const char *const *keys, *const *values;
        size_t nselector;
        bool unsupported; /* matchExpressions */
};

struct bh_cli_kube {
        struct bh_arena arena;
        BH_VEC(struct bh_kset_workload) workloads;
        BH_VEC(struct bh_kset_policy) policies;
        size_t first; /* index in the item's findings of the first pending finding */
        size_t npending;
        BH_VEC(struct bh_finding) pending; /* one per workload once detached */
};

static const char *bh_kset_ns(const char *ns)
{
        /* an object without a namespace lands in the one it is applied to:
         * "default" unless kubectl -n says otherwise */
        return ns ? ns : "default";
}

static const char *const *bh_kset_dup_strv(struct bh_arena *a, const char *const *v, size_t n)
{
        const char **out = n ? bh_arena_alloc(a, n * sizeof(*out)) : NULL;

        for (size_t i = 0; i < n; i++)
                out[i] = bh_arena_strdup(a, v[i]);
        return out;
}

static const char *bh_kset_dup(struct bh_arena *a, const char *s)
{
        return s ? bh_arena_strdup(a, s) : NULL;
}

void bh_cli_kube_collect(const struct bh_doc *doc, const bool *enabled, struct bh_cli_item *it)
{
        const struct bh_kube_set *set = doc->surface_model;
        size_t ntable;
        const struct bh_rule *table = bh_rules_table(&ntable);
        const struct bh_rule *r = bh_rules_find_num(5010);
        struct bh_cli_kube *k;

        if (doc->surface != BH_SURFACE_KUBERNETES || !set || !r || (enabled && !enabled[r - table]))
                return;
        k = bh_xcalloc(1, sizeof(*k));
        it->kube = k;
        k->first = it->findings.items.n;
        for (size_t i = 0; i < set->nobjects; i++) {
                const struct bh_kobject *o = &set->objects[i];

                if (o->okind == BH_KO_NETWORK_POLICY) {
                        struct bh_kset_policy *p = BH_VEC_NEW(&k->policies);
                        p->name = bh_kset_dup(&k->arena, o->name ? o->name : "(unnamed)");
                        p->ns = bh_kset_dup(&k->arena, bh_kset_ns(o->namespace_));
                        p->keys = bh_kset_dup_strv(&k->arena, o->selector_keys, o->nselector);
                        p->values = bh_kset_dup_strv(&k->arena, o->selector_values, o->nselector);
                        p->nselector = o->nselector;
                        p->unsupported = o->selector_unsupported;
                        continue;
                }
                /* a PodTemplate runs no pods */
                if (o->okind != BH_KO_WORKLOAD || !o->pod || strcmp(o->kind, "PodTemplate") == 0)
                        continue;
                struct bh_finding *f = bh_findings_add(&it->findings, r->id, r->num, r->severity,
                                                       doc->path, o->loc, "(pending)");
                if (!f)
                        break;
                const char *line;
                size_t len;
                if (bh_doc_line(doc, o->loc.line, &line, &len))
                        f->source_line = bh_xstrndup(line, len);
                const struct bh_doc_part *part = bh_doc_part_at(doc, o->loc.line);
                struct bh_kset_workload *w = BH_VEC_NEW(&k->workloads);
                w->kind = bh_kset_dup(&k->arena, o->kind);
                w->name = bh_kset_dup(&k->arena, o->name ? o->name : "(unnamed)");
                w->ns = bh_kset_dup(&k->arena, bh_kset_ns(o->namespace_));
                w->keys = bh_kset_dup_strv(&k->arena, o->pod->label_keys, o->pod->nlabels);
                w->values = bh_kset_dup_strv(&k->arena, o->pod->label_values, o->pod->nlabels);
                w->nlabels = o->pod->nlabels;
                w->source = part && part->source ? bh_kset_dup(&k->arena, part->source) : NULL;
                k->npending++;
        }
}

void bh_cli_kube_detach(struct bh_cli_item *it)
{
        struct bh_cli_kube *k = it->kube;
        struct bh_findings *f = &it->findings;

        if (!k || !k->npending)
                return;
        /* suppressions only mark findings and append theirs after: the
         * pending ones are still at [first, first + npending) */
        for (size_t i = 0; i < k->npending; i++)
                BH_VEC_PUSH(&k->pending, f->items.v[k->first + i]);
        memmove(&f->items.v[k->first], &f->items.v[k->first + k->npending],
                (f->items.n - k->first - k->npending) * sizeof(*f->items.v));
        f->items.n -= k->npending;
}

/* Does policy p select the pods of w? */
static bool bh_kset_selects(const struct bh_kset_policy *p, const struct bh_kset_workload *w)
{
        if (strcmp(p->ns, w->ns) != 0)
                return false;
        for (size_t i = 0; i < p->nselector; i++) {
                bool found = false;
                for (size_t j = 0; j < w->nlabels && !found; j++)
                        found = strcmp(p->keys[i], w->keys[j]) == 0 &&
                                strcmp(p->values[i], w->values[j]) == 0;
                if (!found)
                        return false;
        }
        return true;
}

static void bh_kset_labels(const struct bh_kset_workload *w, char *buf, size_t size)
{
        size_t len = 0;

        buf[0] = '\0';
        for (size_t i = 0; i < w->nlabels && len + 1 < size; i++) {
                int n = snprintf(buf + len, size - len, "%s%s=%s", i ? "," : "", w->keys[i],
                                 w->values[i]);
                if (n < 0)
                        break;
                len += (size_t)n;
        }
        if (len >= size)
                snprintf(buf + size - 4, 4, "...");
}

void bh_cli_kube_pass(struct bh_cli_scan *s)
{
        BH_VEC(const struct bh_kset_policy *) policies = {0};
        bool run = s->kube_complete;

        for (size_t i = 0; i < s->items.n; i++) {
                const struct bh_cli_kube *k = s->items.v[i].kube;
                for (size_t j = 0; k && j < k->policies.n; j++)
                        BH_VEC_PUSH(&policies, &k->policies.v[j]);
        }
        run |= policies.n > 0;

        for (size_t i = 0; i < s->items.n; i++) {
                struct bh_cli_item *it = &s->items.v[i];
                struct bh_cli_kube *k = it->kube;
                struct bh_findings drop;

                if (!k || !k->pending.n)
                        continue;
                bh_findings_init(&drop);
                for (size_t j = 0; j < k->pending.n; j++) {
                        struct bh_finding f = k->pending.v[j];
                        const struct bh_kset_workload *w = &k->workloads.v[j];
                        const struct bh_kset_policy *maybe = NULL;
                        bool selected = false;
                        char labels[256], msg[1024];

                        for (size_t p = 0; run && p < policies.n && !selected; p++) {
                                if (policies.v[p]->unsupported) {
                                        if (!maybe && strcmp(policies.v[p]->ns, w->ns) == 0)
                                                maybe = policies.v[p];
                                        continue;
                                }
                                selected = bh_kset_selects(policies.v[p], w);
                        }
                        if (!run || selected) {
                                BH_VEC_PUSH(&drop.items, f);
                                continue;
                        }
                        bh_kset_labels(w, labels, sizeof(labels));
                        if (maybe) {
                                f.severity = BH_SEV_INFO;
                                snprintf(msg, sizeof(msg),
                                         "%s/%s: coverage not checked: NetworkPolicy %s in "
                                         "namespace %s selects pods with matchExpressions, which "
                                         "bulkhead does not evaluate%s%s%s",
                                         w->kind, w->name, maybe->name, w->ns,
                                         w->source ? " (from " : "", w->source ? w->source : "",
                                         w->source ? ")" : "");
                        } else {
                                snprintf(msg, sizeof(msg),
                                         "%s/%s: no NetworkPolicy of the scan selects its pods "
                                         "(namespace %s, labels %s): every pod can reach them "
                                         "and they can reach every pod%s%s%s",
                                         w->kind, w->name, w->ns, *labels ? labels : "none",
                                         w->source ? " (from " : "", w->source ? w->source : "",
                                         w->source ? ")" : "");
                        }
                        bh_finding_set_message(&f, msg);
                        BH_VEC_PUSH(&it->findings.items, f);
                }
                k->pending.n = 0;
                bh_findings_release(&drop);
                bh_findings_sort(&it->findings);
        }
        free(policies.v);
}

void bh_cli_kube_free(struct bh_cli_kube *k)
{
        struct bh_findings rest;

        if (!k)
                return;
        bh_findings_init(&rest);
        for (size_t i = 0; i < k->pending.n; i++)
                BH_VEC_PUSH(&rest.items, k->pending.v[i]);
        bh_findings_release(&rest);
        free(k->pending.v);
        free(k->workloads.v);
        free(k->policies.v);
        bh_arena_release(&k->arena);
        free(k);
}
