/* Kubernetes-only rules of the default profile (read struct bh_kube_set). */
#include "../model/kube.h"
#include "checks.h"

#include "../util/bh-banned.h"

/* The ServiceAccount object a pod uses, when it is in the same file. */
static const struct bh_kobject *bh_kube_sa(const struct bh_kube_set *set,
                                           const struct bh_kobject *o)
{
        const char *sa = o->pod->service_account.s ? o->pod->service_account.s : "default";
        const char *ns = o->namespace_ ? o->namespace_ : "default";

        for (size_t i = 0; i < set->nobjects; i++) {
                const struct bh_kobject *x = &set->objects[i];
                if (x->okind == BH_KO_SERVICE_ACCOUNT && x->name && strcmp(x->name, sa) == 0 &&
                    strcmp(x->namespace_ ? x->namespace_ : "default", ns) == 0)
                        return x;
        }
        return NULL;
}

void bh_check_sa_token_automount(const struct bh_rule *r, const struct bh_doc *doc,
                                 struct bh_emit *e)
{
        const struct bh_kube_set *set = doc->surface_model;

        (void)r;
        for (size_t i = 0; i < set->nobjects; i++) {
                const struct bh_kobject *o = &set->objects[i];
                const struct bh_kpod *pod = o->pod;
                const char *name = o->name ? o->name : "(unnamed)";

                if (o->okind != BH_KO_WORKLOAD || !pod)
                        continue;
                if (pod->automount_sa_token.v == BH_FALSE)
                        continue;
                if (pod->automount_sa_token.v == BH_TRUE) {
                        bh_emit(e, pod->automount_sa_token.loc,
                                "%s/%s mounts its service account token into every container "
                                "(automountServiceAccountToken: true): a compromised container "
                                "can call the Kubernetes API as that account",
                                o->kind, name);
                        continue;
                }
                /* the pod says nothing: the ServiceAccount decides */
                const struct bh_kobject *sa = bh_kube_sa(set, o);
                if (sa && sa->automount_sa_token.v == BH_FALSE)
                        continue;
                bh_emit(e, pod->spec_loc,
                        "%s/%s gets a service account token in every container: "
                        "automountServiceAccountToken is not false on the pod%s%s%s: a "
                        "compromised container can call the Kubernetes API as that account",
                        o->kind, name, sa ? " nor on ServiceAccount " : "", sa ? sa->name : "",
                        sa ? "" : " (and its ServiceAccount is not in the file)");
        }
}
