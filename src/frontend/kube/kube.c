/* The Kubernetes frontend: YAML/JSON streams of manifests (kubectl apply
 * files, `kubectl get -o yaml` dumps, `helm template` output, `podman kube
 * play` files) into struct bh_kube_set (doc->surface_model) and one struct
 * bh_container per container.  Documents that are not workloads or the
 * objects cross-document rules need are skipped quietly. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "kube-int.h"

#include "../../util/bh-banned.h"

/* Bytes of a file read to decide whether it is a manifest. */
#define BH_KUBE_SNIFF_BYTES 4096u

struct bh_kparse {
        struct bh_kctx k;
        BH_VEC(struct bh_kobject) objects;
        BH_VEC(struct bh_doc_part) parts;
};

/* The kinds kept, by API group ("" is the core group). */
static const struct {
        const char *kind;
        const char *groups[2];
        enum bh_kobject_kind okind;
} bh_kube_kinds[] = {
        {"Pod", {"", NULL}, BH_KO_WORKLOAD},
        {"ReplicationController", {"", NULL}, BH_KO_WORKLOAD},
        {"PodTemplate", {"", NULL}, BH_KO_WORKLOAD},
        {"Deployment", {"apps", "extensions"}, BH_KO_WORKLOAD},
        {"StatefulSet", {"apps", NULL}, BH_KO_WORKLOAD},
        {"DaemonSet", {"apps", "extensions"}, BH_KO_WORKLOAD},
        {"ReplicaSet", {"apps", "extensions"}, BH_KO_WORKLOAD},
        {"Job", {"batch", NULL}, BH_KO_WORKLOAD},
        {"CronJob", {"batch", NULL}, BH_KO_WORKLOAD},
        {"Namespace", {"", NULL}, BH_KO_NAMESPACE},
        {"ServiceAccount", {"", NULL}, BH_KO_SERVICE_ACCOUNT},
        {"NetworkPolicy", {"networking.k8s.io", "extensions"}, BH_KO_NETWORK_POLICY},
};

/* Which kept kind is kind/apiVersion?  -1 for anything else (CRDs with the
 * same kind name in another group included). */
static int bh_kube_classify(const char *kind, const char *api)
{
        const char *slash = strchr(api, '/');
        size_t glen = slash ? (size_t)(slash - api) : 0;

        for (size_t i = 0; i < BH_ELEMENTSOF(bh_kube_kinds); i++) {
                if (strcmp(bh_kube_kinds[i].kind, kind) != 0)
                        continue;
                for (size_t g = 0; g < 2 && bh_kube_kinds[i].groups[g]; g++) {
                        const char *want = bh_kube_kinds[i].groups[g];
                        if (strlen(want) == glen && memcmp(want, api, glen) == 0)
                                return (int)i;
                }
        }
        return -1;
}

/* The pod template of a workload: (metadata, spec) of the pod. */
static bool bh_kube_template(struct bh_kctx *k, const struct bh_ynode *root, const char *kind,
                             const struct bh_ynode **ret_meta, const struct bh_ynode **ret_spec)
{
        const struct bh_ynode *t = NULL;
        const char *path;
        size_t ndiags = k->doc->diags.n;

        if (strcmp(kind, "Pod") == 0) {
                t = root;
                path = "spec";
        } else if (strcmp(kind, "PodTemplate") == 0) {
                t = bh_kube_get_map(k, root, "template", "template");
                path = "template.spec";
        } else if (strcmp(kind, "CronJob") == 0) {
                const struct bh_ynode *s = bh_kube_get_map(k, root, "spec", "spec");
                const struct bh_ynode *j =
                        s ? bh_kube_get_map(k, s, "jobTemplate", "spec.jobTemplate") : NULL;
                const struct bh_ynode *js =
                        j ? bh_kube_get_map(k, j, "spec", "spec.jobTemplate.spec") : NULL;
                t = js ? bh_kube_get_map(k, js, "template", "spec.jobTemplate.spec.template")
                       : NULL;
                path = "spec.jobTemplate.spec.template.spec";
        } else {
                const struct bh_ynode *s = bh_kube_get_map(k, root, "spec", "spec");
                t = s ? bh_kube_get_map(k, s, "template", "spec.template") : NULL;
                path = "spec.template.spec";
        }
        *ret_spec = t ? bh_kube_get_map(k, t, "spec", path) : NULL;
        *ret_meta = t ? bh_y_deref(bh_y_get(t, "metadata")) : NULL;
        if (*ret_meta && (*ret_meta)->kind != BH_Y_MAP)
                *ret_meta = NULL;
        if (!*ret_spec) {
                /* one finding per broken workload: a wrong type was reported */
                if (k->doc->diags.n == ndiags)
                        bh_doc_add_diag(k->doc, 9002, root->loc, "%s: no pod spec (%s)", k->what,
                                        path);
                return false;
        }
        return true;
}

static void bh_kube_netpol(struct bh_kctx *k, const struct bh_ynode *root, struct bh_kobject *o)
{
        const struct bh_ynode *spec = bh_kube_get_map(k, root, "spec", "spec");
        const struct bh_ynode *sel =
                spec ? bh_kube_get_map(k, spec, "podSelector", "spec.podSelector") : NULL;
        const struct bh_ynode *types =
                spec ? bh_kube_get_seq(k, spec, "policyTypes", "spec.policyTypes") : NULL;
        const struct bh_ynode *ex;

        if (sel) {
                bh_kube_labels(k, sel, "matchLabels", &o->selector_keys, &o->selector_values,
                               &o->nselector);
                ex = bh_y_deref(bh_y_get(sel, "matchExpressions"));
                if (ex && !bh_y_is_null(ex) && !(ex->kind == BH_Y_SEQ && ex->n == 0))
                        o->selector_unsupported = true;
        }
        for (size_t i = 0; types && i < types->n; i++) {
                const char *t = bh_y_str(types->items[i]);
                o->policy_ingress |= t && strcmp(t, "Ingress") == 0;
                o->policy_egress |= t && strcmp(t, "Egress") == 0;
        }
        /* without policyTypes: Ingress always, Egress when egress rules are given */
        if (!types) {
                o->policy_ingress = true;
                o->policy_egress = spec && bh_y_get_pair(spec, "egress");
        }
}

static void bh_kube_object(struct bh_kparse *p, const struct bh_ynode *root, uint32_t last_line,
                           const char *source, unsigned depth);

static void bh_kube_list(struct bh_kparse *p, const struct bh_ynode *root, uint32_t last_line,
                         const char *source, unsigned depth)
{
        const struct bh_ynode *items = bh_y_deref(bh_y_get(root, "items"));

        if (depth + 1 >= BH_LIMIT_KUBE_LIST_DEPTH) {
                bh_doc_add_diag(p->k.doc, 9003, root->loc,
                                "List objects nested deeper than %u levels; not read",
                                BH_LIMIT_KUBE_LIST_DEPTH);
                return;
        }
        if (!items || bh_y_is_null(items))
                return;
        if (items->kind != BH_Y_SEQ) {
                p->k.what = "List";
                bh_doc_add_diag(p->k.doc, 9002, bh_kube_key_loc(root, "items", root->loc),
                                "List: items must be a list");
                return;
        }
        for (size_t i = 0; i < items->n; i++) {
                const struct bh_ynode *it = bh_y_deref(items->items[i]);
                uint32_t end = i + 1 < items->n && items->items[i + 1]->loc.line > 1
                                       ? items->items[i + 1]->loc.line - 1
                                       : last_line;
                if (it && it->kind == BH_Y_MAP)
                        bh_kube_object(p, it, end, source, depth + 1);
        }
}

static void bh_kube_object(struct bh_kparse *p, const struct bh_ynode *root, uint32_t last_line,
                           const char *source, unsigned depth)
{
        struct bh_kctx *k = &p->k;
        const char *kind = bh_y_str(bh_y_get(root, "kind"));
        const char *api = bh_y_str(bh_y_get(root, "apiVersion"));
        const struct bh_ynode *meta;
        const char *ignore = NULL;
        struct bh_loc ignore_loc = {0};
        int cls;

        if (!kind || !api)
                return; /* not a Kubernetes object */
        /* List, v1/List, and the typed lists (DeploymentList ...) of kubectl get */
        if (bh_str_endswith(kind, "List") && bh_y_get_pair(root, "items")) {
                bh_kube_list(p, root, last_line, source, depth);
                return;
        }
        if ((cls = bh_kube_classify(kind, api)) < 0)
                return;

        struct bh_kobject o = {0};
        o.okind = bh_kube_kinds[cls].okind;
        o.kind = kind;
        o.api_version = api;
        o.source = source;
        o.loc = root->loc;
        o.last_line = last_line;
        meta = bh_y_deref(bh_y_get(root, "metadata"));
        if (meta && meta->kind == BH_Y_MAP) {
                o.name = bh_y_str(bh_y_get(meta, "name"));
                if (!o.name)
                        o.name = bh_y_str(bh_y_get(meta, "generateName"));
                o.namespace_ = bh_y_str(bh_y_get(meta, "namespace"));
        } else {
                meta = NULL;
        }
        k->what = bh_arena_printf(k->a, "%s/%s", kind, o.name ? o.name : "(unnamed)");
        if (meta) {
                bh_kube_annotations(k, meta, &o.annotations, &o.nannotations);
                bh_kube_labels(k, meta, "labels", &o.label_keys, &o.label_values, &o.nlabels);
        }

        switch (o.okind) {
        case BH_KO_WORKLOAD: {
                const struct bh_ynode *pmeta, *pspec;
                if (bh_kube_template(k, root, kind, &pmeta, &pspec))
                        o.pod = bh_kube_pod(k, pmeta, pspec);
                if (!o.pod)
                        return;
                break;
        }
        case BH_KO_NETWORK_POLICY:
                bh_kube_netpol(k, root, &o);
                break;
        case BH_KO_SERVICE_ACCOUNT:
                bh_kube_get_bool(k, root, "automountServiceAccountToken",
                                 "automountServiceAccountToken", &o.automount_sa_token);
                break;
        case BH_KO_NAMESPACE:
        default:
                break;
        }

        /* bulkhead.dev/ignore on the object, else on its pod template */
        for (size_t i = 0; i < o.nannotations && !ignore; i++)
                if (strcmp(o.annotations[i].key, "bulkhead.dev/ignore") == 0) {
                        ignore = o.annotations[i].value;
                        ignore_loc = o.annotations[i].loc;
                }
        for (size_t i = 0; o.pod && i < o.pod->nannotations && !ignore; i++)
                if (strcmp(o.pod->annotations[i].key, "bulkhead.dev/ignore") == 0) {
                        ignore = o.pod->annotations[i].value;
                        ignore_loc = o.pod->annotations[i].loc;
                }
        if (source || ignore) {
                struct bh_doc_part *part = BH_VEC_NEW(&p->parts);
                part->first_line = root->loc.line;
                part->last_line = BH_MAX(last_line, root->loc.line);
                part->source = source;
                part->ignore = ignore;
                part->ignore_loc = ignore_loc;
        }
        BH_VEC_PUSH(&p->objects, o);
}

/* Lines "# Source: <path>" that helm template writes before each document. */
struct bh_kube_src {
        uint32_t line;
        const char *path;
};

struct bh_kube_srcs {
        struct bh_kube_src *v;
        size_t n;
        size_t cap;
};

static void bh_kube_helm_sources(struct bh_doc *doc, struct bh_kube_srcs *out)
{
        static const char marker[] = "# Source: ";
        const char *t = doc->text, *end = t + doc->text_len;
        uint32_t line = 1;

        if (!t || !memmem(t, doc->text_len, marker, sizeof(marker) - 1))
                return;
        for (const char *p = t; p < end; line++) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
                if (len > sizeof(marker) - 1 && memcmp(p, marker, sizeof(marker) - 1) == 0) {
                        size_t n = len - (sizeof(marker) - 1);
                        const char *s = p + sizeof(marker) - 1;
                        while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
                                n--;
                        if (n) {
                                struct bh_kube_src *src = BH_VEC_NEW(out);
                                src->line = line;
                                src->path = bh_arena_strndup(&doc->arena, s, n);
                        }
                }
                if (!nl)
                        break;
                p = nl + 1;
        }
}

static int bh_kube_part_cmp(const void *a, const void *b)
{
        const struct bh_doc_part *x = a, *y = b;

        return x->first_line < y->first_line ? -1 : x->first_line > y->first_line;
}

int bh_frontend_kube(struct bh_doc *doc, struct bh_error **err)
{
        struct bh_kparse p = {.k = {.doc = doc, .a = &doc->arena}};
        struct bh_kube_srcs srcs = {0};
        struct bh_ystream *ys;
        struct bh_kube_set *set = bh_arena_alloc(&doc->arena, sizeof(*set));
        uint32_t prev_root = 0;
        size_t si = 0;

        (void)err;
        doc->surface_model = set;
        ys = bh_yaml_load(&doc->arena, doc->text, doc->text_len);
        bh_kube_helm_sources(doc, &srcs);
        for (size_t i = 0; i < ys->ndocs; i++) {
                const struct bh_ynode *root = bh_y_deref(ys->docs[i].root);
                const char *source = NULL;
                if (!root || root->kind != BH_Y_MAP)
                        continue;
                /* the last Source comment between the previous document and this one */
                while (si < srcs.n && srcs.v[si].line < root->loc.line) {
                        if (srcs.v[si].line > prev_root)
                                source = srcs.v[si].path;
                        si++;
                }
                prev_root = root->loc.line;
                bh_kube_object(&p, root, ys->docs[i].end_line, source, 0);
        }
        if (ys->error)
                bh_doc_add_diag(doc, ys->error_rule, ys->error_loc, "%s", ys->error_msg);
        free(srcs.v);

        /* parts must be sorted and disjoint for bh_doc_part_at */
        if (p.parts.n > 1)
                qsort(p.parts.v, p.parts.n, sizeof(*p.parts.v), bh_kube_part_cmp);
        for (size_t i = 0; i + 1 < p.parts.n; i++)
                if (p.parts.v[i].last_line >= p.parts.v[i + 1].first_line)
                        p.parts.v[i].last_line = p.parts.v[i + 1].first_line - 1;
        struct bh_doc_part *parts;
        BH_KUBE_FREEZE(&doc->arena, &p.parts, &parts, &doc->nparts);
        doc->parts = parts;
        BH_KUBE_FREEZE(&doc->arena, &p.objects, &set->objects, &set->nobjects);
        bh_kube_lower(doc, set);
        return 0;
}

/* Is this the head of a manifest: keys apiVersion and kind (YAML, at any
 * indentation, also as the first key of a list item), or "apiVersion" and
 * "kind" in a JSON object? */
bool bh_frontend_kube_sniff(const char *text, size_t len)
{
        const char *end = text + BH_MIN(len, (size_t)BH_KUBE_SNIFF_BYTES);
        bool api = false, kind = false;
        const char *p = text;

        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
                p++;
        if (p < end && *p == '{') {
                size_t n = (size_t)(end - p);
                return memmem(p, n, "\"apiVersion\"", 12) && memmem(p, n, "\"kind\"", 6);
        }
        for (p = text; p < end && !(api && kind);) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                const char *e = nl ? nl : end;
                while (p < e && *p == ' ')
                        p++;
                if (e - p >= 2 && p[0] == '-' && p[1] == ' ')
                        for (p += 2; p < e && *p == ' ';)
                                p++;
                if (e - p >= 11 && memcmp(p, "apiVersion:", 11) == 0)
                        api = true;
                else if (e - p >= 5 && memcmp(p, "kind:", 5) == 0)
                        kind = true;
                p = nl ? nl + 1 : end;
        }
        return api && kind;
}

/* Compose files belong to the compose frontend and CI files to the run-line
 * one, whatever they contain (a workflow may embed a manifest in a script). */
static bool bh_kube_other_surface(const char *path, const char *base)
{
        return bh_str_startswith(base, "compose.") || bh_str_startswith(base, "compose-") ||
               bh_str_startswith(base, "docker-compose") ||
               bh_str_endswith(base, ".gitlab-ci.yml") ||
               bh_str_endswith(base, ".gitlab-ci.yaml") || strstr(path, "/.github/workflows/") ||
               bh_str_startswith(path, ".github/workflows/");
}

/* A file of a Helm chart's templates/ directory (a Chart.yaml next to it):
 * Go templates, not manifests.  Render them with helm template and pipe the
 * output to bulkhead scan -. */
static bool bh_kube_helm_template(const char *path)
{
        const char *t = NULL;
        char chart[4096];
        struct stat st;
        int n;

        for (const char *q = path; (q = strstr(q, "templates/")); q++)
                if (q == path || q[-1] == '/')
                        t = q;
        if (!t)
                return false;
        n = snprintf(chart, sizeof(chart), "%.*sChart.yaml", (int)(t - path), path);
        return n > 0 && (size_t)n < sizeof(chart) && stat(chart, &st) == 0 && S_ISREG(st.st_mode);
}

bool bh_frontend_kube_match(const char *path, const char *base)
{
        char head[BH_KUBE_SNIFF_BYTES];
        struct stat st;
        ssize_t n;
        size_t got = 0;
        int fd;

        if (bh_str_endswith(base, ".k8s.yaml") || bh_str_endswith(base, ".k8s.yml") ||
            bh_str_endswith(base, ".k8s.json"))
                return true;
        if (!bh_str_endswith(base, ".yaml") && !bh_str_endswith(base, ".yml") &&
            !bh_str_endswith(base, ".json"))
                return false;
        if (bh_kube_other_surface(path, base) || bh_kube_helm_template(path))
                return false;
        /* The content decides: read the head only, so that a tree full of other
         * YAML and JSON costs one small read per file and lists nothing. */
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return false;
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
                close(fd);
                return false;
        }
        while (got < sizeof(head) && (n = read(fd, head + got, sizeof(head) - got)) > 0)
                got += (size_t)n;
        close(fd);
        return bh_frontend_kube_sniff(head, got);
}
