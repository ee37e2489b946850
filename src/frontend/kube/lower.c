/* The typed Kubernetes model into the cross-surface one: one struct
 * bh_container per container, init container and ephemeral container, with
 * the pod and container security contexts merged as the API defines them
 * (container wins for the fields both have; pod-only and container-only
 * fields from their level), and every value located at its key. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>

#include "kube-int.h"

#include "../../util/bh-banned.h"

static const char *bh_kube_list_word(enum bh_kcontainer_kind k)
{
        switch (k) {
        case BH_KC_INIT:
                return "initContainer";
        case BH_KC_EPHEMERAL:
                return "ephemeralContainer";
        case BH_KC_CONTAINER:
        default:
                return "container";
        }
}

static void bh_kube_value(struct bh_value *v, const char *s, struct bh_loc loc)
{
        v->s = s;
        v->set = true;
        v->known = true;
        v->loc = loc;
}

static const char *bh_kube_annotation(const struct bh_kpod *pod, const char *key,
                                      struct bh_loc *ret_loc)
{
        for (size_t i = 0; i < pod->nannotations; i++)
                if (strcmp(pod->annotations[i].key, key) == 0) {
                        *ret_loc = pod->annotations[i].loc;
                        return pod->annotations[i].value;
                }
        return NULL;
}

/* A seccompProfile / appArmorProfile type in the spelling the other
 * surfaces use: "unconfined", "runtime/default", "localhost/<profile>";
 * other values as written. */
static const char *bh_kube_profile(struct bh_arena *a, const char *type, const char *localhost)
{
        if (strcmp(type, "Unconfined") == 0)
                return "unconfined";
        if (strcmp(type, "RuntimeDefault") == 0)
                return "runtime/default";
        if (strcmp(type, "Localhost") == 0)
                return localhost ? bh_arena_printf(a, "localhost/%s", localhost) : "localhost";
        return type;
}

/* Effective seccomp: container field, container annotation, pod field, pod
 * annotation (the deprecated annotations lose to the fields). */
static void bh_kube_seccomp(struct bh_arena *a, const struct bh_kpod *pod,
                            const struct bh_kcontainer *kc, struct bh_container *c)
{
        char key[512];
        struct bh_loc loc = {0};
        const char *v;

        if (kc->sc.seccomp.type.s) {
                bh_kube_value(&c->seccomp,
                              bh_kube_profile(a, kc->sc.seccomp.type.s,
                                              kc->sc.seccomp.localhost_profile.s),
                              kc->sc.seccomp.type.loc);
                return;
        }
        snprintf(key, sizeof(key), "container.seccomp.security.alpha.kubernetes.io/%s",
                 kc->name.s ? kc->name.s : "");
        if (kc->name.s && (v = bh_kube_annotation(pod, key, &loc))) {
                bh_kube_value(&c->seccomp, v, loc);
                return;
        }
        if (pod->sc.seccomp.type.s) {
                bh_kube_value(&c->seccomp,
                              bh_kube_profile(a, pod->sc.seccomp.type.s,
                                              pod->sc.seccomp.localhost_profile.s),
                              pod->sc.seccomp.type.loc);
                return;
        }
        if ((v = bh_kube_annotation(pod, "seccomp.security.alpha.kubernetes.io/pod", &loc)))
                bh_kube_value(&c->seccomp, v, loc);
}

/* Effective AppArmor: container field, container annotation, pod field. */
static void bh_kube_apparmor(struct bh_arena *a, const struct bh_kpod *pod,
                             const struct bh_kcontainer *kc, struct bh_container *c)
{
        char key[512];
        struct bh_loc loc = {0};
        const char *v;

        if (kc->sc.apparmor_type.s) {
                bh_kube_value(
                        &c->apparmor,
                        bh_kube_profile(a, kc->sc.apparmor_type.s, kc->sc.apparmor_localhost.s),
                        kc->sc.apparmor_type.loc);
                return;
        }
        snprintf(key, sizeof(key), "container.apparmor.security.beta.kubernetes.io/%s",
                 kc->name.s ? kc->name.s : "");
        if (kc->name.s && (v = bh_kube_annotation(pod, key, &loc))) {
                bh_kube_value(&c->apparmor, v, loc);
                return;
        }
        if (pod->sc.apparmor_type.s)
                bh_kube_value(
                        &c->apparmor,
                        bh_kube_profile(a, pod->sc.apparmor_type.s, pod->sc.apparmor_localhost.s),
                        pod->sc.apparmor_type.loc);
}

static void bh_kube_caps(struct bh_arena *a, const struct bh_kname_loc *in, size_t n,
                         struct bh_container *c, bool add)
{
        for (size_t i = 0; i < n; i++) {
                struct bh_cap *cap = add ? BH_VEC_NEW(&c->cap_add) : BH_VEC_NEW(&c->cap_drop);
                cap->raw = in[i].s;
                cap->name = bh_cap_normalize(a, in[i].s);
                cap->loc = in[i].loc;
        }
}

/* allowPrivilegeEscalation is always true for a privileged container and one
 * that adds SYS_ADMIN (API field doc), whatever it says. */
static void bh_kube_nnp(const struct bh_kcontainer *kc, struct bh_container *c)
{
        if (kc->privileged.v == BH_TRUE) {
                c->no_new_privileges = BH_FALSE;
                c->no_new_privileges_loc = kc->privileged.loc;
                return;
        }
        for (size_t i = 0; i < c->cap_add.n; i++)
                if (strcmp(c->cap_add.v[i].name, "SYS_ADMIN") == 0) {
                        c->no_new_privileges = BH_FALSE;
                        c->no_new_privileges_loc = c->cap_add.v[i].loc;
                        return;
                }
        if (kc->allow_privilege_escalation.v != BH_UNSET) {
                c->no_new_privileges =
                        kc->allow_privilege_escalation.v == BH_FALSE ? BH_TRUE : BH_FALSE;
                c->no_new_privileges_loc = kc->allow_privilege_escalation.loc;
        }
}

static void bh_kube_host_ns(const struct bh_kbool *b, struct bh_value *v)
{
        if (b->v == BH_TRUE)
                bh_kube_value(v, "host", b->loc);
}

/* hostPath volumes joined to the container's volumeMounts.  A hostPath that
 * no container of the pod mounts is still given to every container (target
 * NULL): the volume alone is what PSS forbids. */
static void bh_kube_mounts(const struct bh_kpod *pod, const struct bh_kcontainer *kc,
                           struct bh_container *c)
{
        for (size_t i = 0; i < pod->nvolumes; i++) {
                const struct bh_kvolume *vol = &pod->volumes[i];
                bool any = false;
                struct bh_loc loc;

                if (!vol->host_path.s || !vol->name.s)
                        continue;
                loc = vol->host_path.loc.line ? vol->host_path.loc : vol->loc;
                for (size_t j = 0; j < pod->ncontainers; j++)
                        for (size_t m = 0; m < pod->containers[j].nmounts; m++) {
                                const struct bh_kvolume_mount *vm = &pod->containers[j].mounts[m];
                                if (vm->name.s && strcmp(vm->name.s, vol->name.s) == 0)
                                        any = true;
                        }
                for (size_t m = 0; m < kc->nmounts; m++) {
                        const struct bh_kvolume_mount *vm = &kc->mounts[m];
                        if (!vm->name.s || strcmp(vm->name.s, vol->name.s) != 0)
                                continue;
                        struct bh_mount *mt = BH_VEC_NEW(&c->mounts);
                        mt->kind = BH_MOUNT_BIND;
                        mt->source = vol->host_path.s;
                        mt->source_known = true;
                        mt->target = vm->mount_path.s;
                        mt->target_known = vm->mount_path.s != NULL;
                        mt->read_only = vm->read_only.v;
                        mt->loc = loc;
                }
                if (!any) {
                        struct bh_mount *mt = BH_VEC_NEW(&c->mounts);
                        mt->kind = BH_MOUNT_BIND;
                        mt->source = vol->host_path.s;
                        mt->source_known = true;
                        mt->loc = loc;
                }
        }
}

static void bh_kube_ports(struct bh_arena *a, const struct bh_kcontainer *kc,
                          struct bh_container *c)
{
        for (size_t i = 0; i < kc->nports; i++) {
                const struct bh_kport *kp = &kc->ports[i];
                struct bh_port *p = BH_VEC_NEW(&c->ports);
                char *proto = bh_arena_strdup(a, kp->protocol.s ? kp->protocol.s : "tcp");

                for (char *q = proto; *q; q++)
                        *q = (char)tolower((unsigned char)*q);
                p->proto = proto;
                p->known = kp->container_port.set && kp->container_port.v > 0 &&
                           kp->container_port.v <= 65535;
                p->container_port = p->known ? (uint32_t)kp->container_port.v : 0;
                p->loc = kp->container_port.loc.line ? kp->container_port.loc : kp->loc;
                if (kp->host_port.set && kp->host_port.v != 0) {
                        p->published = true;
                        p->host_ip = kp->host_ip.s && *kp->host_ip.s ? kp->host_ip.s : NULL;
                        p->loc = kp->host_port.loc;
                }
        }
}

/* automountServiceAccountToken: the pod's, else its ServiceAccount's when
 * that object is in the same file (same namespace). */
static void bh_kube_automount(const struct bh_kube_set *set, const struct bh_kobject *o,
                              struct bh_container *c)
{
        const struct bh_kpod *pod = o->pod;
        const char *sa = pod->service_account.s ? pod->service_account.s : "default";
        const char *ns = o->namespace_ ? o->namespace_ : "default";

        if (pod->automount_sa_token.v != BH_UNSET) {
                c->automount_sa_token = pod->automount_sa_token.v;
                c->automount_sa_token_loc = pod->automount_sa_token.loc;
                return;
        }
        for (size_t i = 0; i < set->nobjects; i++) {
                const struct bh_kobject *x = &set->objects[i];
                if (x->okind != BH_KO_SERVICE_ACCOUNT || !x->name || strcmp(x->name, sa) != 0 ||
                    strcmp(x->namespace_ ? x->namespace_ : "default", ns) != 0)
                        continue;
                if (x->automount_sa_token.v != BH_UNSET) {
                        c->automount_sa_token = x->automount_sa_token.v;
                        c->automount_sa_token_loc = x->automount_sa_token.loc;
                }
        }
}

static void bh_kube_lower_container(struct bh_doc *doc, const struct bh_kube_set *set,
                                    const struct bh_kobject *o, struct bh_kcontainer *kc)
{
        struct bh_arena *a = &doc->arena;
        const struct bh_kpod *pod = o->pod;
        struct bh_container *c = bh_doc_add_container(doc, BH_ORIGIN_SERVICE);
        const struct bh_kint *uid;
        const struct bh_kbool *nonroot;
        const struct bh_kselinux *se;

        kc->model = c;
        c->name =
                bh_arena_printf(a, "%s/%s %s %s", o->kind, o->name ? o->name : "(unnamed)",
                                bh_kube_list_word(kc->kind), kc->name.s ? kc->name.s : "(unnamed)");
        c->loc = kc->loc;
        c->owner_loc = kc->loc;
        if (kc->image.s) {
                bh_kube_value(&c->image, kc->image.s, kc->image.loc);
                struct bh_imgref *im = BH_VEC_NEW(&doc->images);
                im->role = BH_IMGREF_RUN;
                bh_kube_value(&im->ref, kc->image.s, kc->image.loc);
                im->raw = kc->image.s;
                im->loc = kc->image.loc;
        }

        /* fields both levels have: the container's wins */
        uid = kc->sc.run_as_user.set ? &kc->sc.run_as_user : &pod->sc.run_as_user;
        if (uid->set)
                bh_kube_value(&c->user, bh_arena_printf(a, "%" PRId64, uid->v), uid->loc);
        nonroot = kc->sc.run_as_non_root.v != BH_UNSET ? &kc->sc.run_as_non_root
                                                       : &pod->sc.run_as_non_root;
        c->run_as_non_root = nonroot->v;
        c->run_as_non_root_loc = nonroot->loc;
        se = kc->sc.selinux.set ? &kc->sc.selinux : &pod->sc.selinux;
        if (se->type.s && *se->type.s)
                bh_kube_value(&c->selinux_type, se->type.s, se->type.loc);
        bh_kube_seccomp(a, pod, kc, c);
        bh_kube_apparmor(a, pod, kc, c);

        /* container-only fields */
        c->privileged = kc->privileged.v;
        c->privileged_loc = kc->privileged.loc;
        bh_kube_caps(a, kc->cap_add, kc->ncap_add, c, true);
        bh_kube_caps(a, kc->cap_drop, kc->ncap_drop, c, false);
        bh_kube_nnp(kc, c);
        c->read_only_rootfs = kc->read_only_root_fs.v;
        c->read_only_rootfs_loc = kc->read_only_root_fs.loc;
        if (kc->proc_mount.s) {
                if (strcmp(kc->proc_mount.s, "Unmasked") == 0)
                        c->systempaths_unconfined = BH_TRUE;
                else if (strcmp(kc->proc_mount.s, "Default") == 0)
                        c->systempaths_unconfined = BH_FALSE;
                c->systempaths_loc = kc->proc_mount.loc;
        }
        if (kc->mem_limit.s)
                bh_kube_value(&c->mem_limit, kc->mem_limit.s, kc->mem_limit.loc);
        if (kc->cpu_limit.s)
                bh_kube_value(&c->cpu_limit, kc->cpu_limit.s, kc->cpu_limit.loc);
        for (size_t i = 0; i < kc->nenv; i++) {
                const struct bh_kenv *e = &kc->env[i];
                /* valueFrom is a reference (secretKeyRef ...), not a literal */
                if (!e->name.s || e->value_from)
                        continue;
                struct bh_env *v = BH_VEC_NEW(&c->env);
                v->name = e->name.s;
                v->value = e->value.s ? e->value.s : "";
                v->value_known = true;
                v->loc = e->loc;
        }
        bh_kube_ports(a, kc, c);
        bh_kube_mounts(pod, kc, c);

        /* pod-only fields */
        bh_kube_host_ns(&pod->host_network, &c->network_mode);
        bh_kube_host_ns(&pod->host_pid, &c->pid_mode);
        bh_kube_host_ns(&pod->host_ipc, &c->ipc_mode);
        /* hostUsers true or unset is the Kubernetes default: not reported */
        if (pod->host_users.v == BH_FALSE)
                bh_kube_value(&c->userns_mode, "private", pod->host_users.loc);
        for (size_t i = 0; i < pod->nsysctls; i++) {
                if (!pod->sysctls[i].name.s)
                        continue;
                struct bh_sysctl *s = BH_VEC_NEW(&c->sysctls);
                s->name = pod->sysctls[i].name.s;
                s->value = pod->sysctls[i].value.s;
                s->value_known = s->value != NULL;
                s->loc = pod->sysctls[i].name.loc;
        }
        bh_kube_automount(set, o, c);
}

void bh_kube_lower(struct bh_doc *doc, const struct bh_kube_set *set)
{
        for (size_t i = 0; i < set->nobjects; i++) {
                const struct bh_kobject *o = &set->objects[i];
                if (o->okind != BH_KO_WORKLOAD || !o->pod)
                        continue;
                for (size_t j = 0; j < o->pod->ncontainers; j++)
                        bh_kube_lower_container(doc, set, o, &o->pod->containers[j]);
        }
}
