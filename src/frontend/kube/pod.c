/* Pod specs into struct bh_kpod, exactly as written: no defaults, no case
 * folding (the Pod Security checks compare values exactly).  Values of the
 * wrong type are BH9002 diagnostics; the rest of the pod is still read. */
#include <stdio.h>

#include "kube-int.h"

#include "../../util/bh-banned.h"

struct bh_khost_vec {
        struct bh_khost_field *v;
        size_t n;
        size_t cap;
};

static const char *bh_kube_what(const struct bh_kctx *k)
{
        return k->what ? k->what : "object";
}

struct bh_loc bh_kube_key_loc(const struct bh_ynode *map, const char *key, struct bh_loc fallback)
{
        const struct bh_ypair *p = bh_y_get_pair(map, key);

        return p && p->key ? p->key->loc : fallback;
}

/* The value of key, NULL when absent or null; *ret_loc its key's location. */
static const struct bh_ynode *bh_kube_value(const struct bh_ynode *map, const char *key,
                                            struct bh_loc *ret_loc)
{
        const struct bh_ypair *p = bh_y_get_pair(map, key);

        if (!p || bh_y_is_null(p->value))
                return NULL;
        *ret_loc = p->key->loc;
        return bh_y_deref(p->value);
}

static void bh_kube_bad(struct bh_kctx *k, struct bh_loc loc, const char *path, const char *want)
{
        bh_doc_add_diag(k->doc, 9002, loc, "%s: %s must be %s", bh_kube_what(k), path, want);
}

bool bh_kube_get_str(struct bh_kctx *k, const struct bh_ynode *map, const char *key,
                     const char *path, struct bh_kstr *ret)
{
        struct bh_loc loc = {0};
        const struct bh_ynode *v = bh_kube_value(map, key, &loc);

        if (!v)
                return true;
        if (v->kind != BH_Y_SCALAR) {
                bh_kube_bad(k, loc, path, "a string");
                return false;
        }
        ret->s = v->value;
        ret->loc = loc;
        return true;
}

bool bh_kube_get_bool(struct bh_kctx *k, const struct bh_ynode *map, const char *key,
                      const char *path, struct bh_kbool *ret)
{
        struct bh_loc loc = {0};
        const struct bh_ynode *v = bh_kube_value(map, key, &loc);
        bool b;

        if (!v)
                return true;
        /* Kubernetes reads YAML 1.1: yes/no/on/off are booleans */
        if (!bh_y_bool(v, true, &b)) {
                bh_kube_bad(k, loc, path, "true or false");
                return false;
        }
        ret->v = b ? BH_TRUE : BH_FALSE;
        ret->loc = loc;
        return true;
}

bool bh_kube_get_int(struct bh_kctx *k, const struct bh_ynode *map, const char *key,
                     const char *path, struct bh_kint *ret)
{
        struct bh_loc loc = {0};
        const struct bh_ynode *v = bh_kube_value(map, key, &loc);
        int64_t x;

        if (!v)
                return true;
        if (!bh_y_int(v, INT64_MIN, INT64_MAX, &x)) {
                bh_kube_bad(k, loc, path, "an integer");
                return false;
        }
        ret->set = true;
        ret->v = x;
        ret->loc = loc;
        return true;
}

static const struct bh_ynode *bh_kube_get_kind(struct bh_kctx *k, const struct bh_ynode *map,
                                               const char *key, const char *path,
                                               enum bh_ykind kind, const char *want)
{
        struct bh_loc loc = {0};
        const struct bh_ynode *v = bh_kube_value(map, key, &loc);

        if (!v)
                return NULL;
        if (v->kind != kind) {
                bh_kube_bad(k, loc, path, want);
                return NULL;
        }
        return v;
}

const struct bh_ynode *bh_kube_get_map(struct bh_kctx *k, const struct bh_ynode *map,
                                       const char *key, const char *path)
{
        return bh_kube_get_kind(k, map, key, path, BH_Y_MAP, "a mapping");
}

const struct bh_ynode *bh_kube_get_seq(struct bh_kctx *k, const struct bh_ynode *map,
                                       const char *key, const char *path)
{
        return bh_kube_get_kind(k, map, key, path, BH_Y_SEQ, "a list");
}

void bh_kube_annotations(struct bh_kctx *k, const struct bh_ynode *meta,
                         struct bh_kannotation **ret, size_t *ret_n)
{
        const struct bh_ynode *m =
                meta ? bh_kube_get_map(k, meta, "annotations", "metadata.annotations") : NULL;
        BH_VEC(struct bh_kannotation) v = {0};

        for (size_t i = 0; m && i < m->n; i++) {
                const char *key = bh_y_str(m->pairs[i].key);
                const struct bh_ynode *val = bh_y_deref(m->pairs[i].value);
                if (!key)
                        continue;
                if (!val || val->kind != BH_Y_SCALAR) {
                        bh_kube_bad(k, m->pairs[i].key->loc, "metadata.annotations values",
                                    "strings");
                        continue;
                }
                struct bh_kannotation *an = BH_VEC_NEW(&v);
                an->key = key;
                an->value = val->value;
                an->loc = m->pairs[i].key->loc;
        }
        BH_KUBE_FREEZE(k->a, &v, ret, ret_n);
}

void bh_kube_labels(struct bh_kctx *k, const struct bh_ynode *meta, const char *key,
                    const char *const **ret_keys, const char *const **ret_values, size_t *ret_n)
{
        const struct bh_ynode *m = meta ? bh_kube_get_map(k, meta, key, key) : NULL;
        const char **keys, **values;
        size_t n = 0;

        *ret_keys = *ret_values = NULL;
        *ret_n = 0;
        if (!m || m->n == 0)
                return;
        keys = bh_arena_alloc(k->a, m->n * sizeof(*keys));
        values = bh_arena_alloc(k->a, m->n * sizeof(*values));
        for (size_t i = 0; i < m->n; i++) {
                const char *kk = bh_y_str(m->pairs[i].key);
                const char *vv = bh_y_str(m->pairs[i].value);
                if (!kk || !vv)
                        continue;
                keys[n] = kk;
                values[n++] = vv;
        }
        *ret_keys = keys;
        *ret_values = values;
        *ret_n = n;
}

/* The fields PodSecurityContext and SecurityContext share. */
static void bh_kube_sc_common(struct bh_kctx *k, const struct bh_ynode *sc,
                              struct bh_ksecctx_common *c)
{
        const struct bh_ynode *m;

        bh_kube_get_bool(k, sc, "runAsNonRoot", "securityContext.runAsNonRoot",
                         &c->run_as_non_root);
        bh_kube_get_int(k, sc, "runAsUser", "securityContext.runAsUser", &c->run_as_user);
        bh_kube_get_int(k, sc, "runAsGroup", "securityContext.runAsGroup", &c->run_as_group);
        if ((m = bh_kube_get_map(k, sc, "seLinuxOptions", "securityContext.seLinuxOptions"))) {
                c->selinux.set = true;
                c->selinux.loc = bh_kube_key_loc(sc, "seLinuxOptions", m->loc);
                bh_kube_get_str(k, m, "type", "seLinuxOptions.type", &c->selinux.type);
                bh_kube_get_str(k, m, "user", "seLinuxOptions.user", &c->selinux.user);
                bh_kube_get_str(k, m, "role", "seLinuxOptions.role", &c->selinux.role);
                bh_kube_get_str(k, m, "level", "seLinuxOptions.level", &c->selinux.level);
        }
        if ((m = bh_kube_get_map(k, sc, "seccompProfile", "securityContext.seccompProfile"))) {
                bh_kube_get_str(k, m, "type", "seccompProfile.type", &c->seccomp.type);
                bh_kube_get_str(k, m, "localhostProfile", "seccompProfile.localhostProfile",
                                &c->seccomp.localhost_profile);
        }
        if ((m = bh_kube_get_map(k, sc, "appArmorProfile", "securityContext.appArmorProfile"))) {
                bh_kube_get_str(k, m, "type", "appArmorProfile.type", &c->apparmor_type);
                bh_kube_get_str(k, m, "localhostProfile", "appArmorProfile.localhostProfile",
                                &c->apparmor_localhost);
        }
        if ((m = bh_kube_get_map(k, sc, "windowsOptions", "securityContext.windowsOptions")))
                bh_kube_get_bool(k, m, "hostProcess", "windowsOptions.hostProcess",
                                 &c->windows_host_process);
}

/* The securityContext mapping of owner (pod spec or container), or NULL. */
static const struct bh_ynode *bh_kube_sc(struct bh_kctx *k, const struct bh_ynode *owner,
                                         struct bh_ksecctx_common *c)
{
        const struct bh_ynode *sc = bh_kube_get_map(k, owner, "securityContext", "securityContext");

        c->loc = bh_kube_key_loc(owner, "securityContext", owner->loc);
        if (!sc)
                return NULL;
        c->present = true;
        bh_kube_sc_common(k, sc, c);
        return sc;
}

static void bh_kube_names(struct bh_kctx *k, const struct bh_ynode *caps, const char *key,
                          struct bh_kname_loc **ret, size_t *ret_n)
{
        const struct bh_ynode *seq = bh_kube_get_seq(
                k, caps, key, key[0] == 'a' ? "capabilities.add" : "capabilities.drop");
        BH_VEC(struct bh_kname_loc) v = {0};

        for (size_t i = 0; seq && i < seq->n; i++) {
                const char *s = bh_y_str(seq->items[i]);
                if (!s) {
                        bh_kube_bad(k, seq->items[i]->loc, "capabilities entries", "strings");
                        continue;
                }
                struct bh_kname_loc *n = BH_VEC_NEW(&v);
                n->s = s;
                n->loc = seq->items[i]->loc;
        }
        BH_KUBE_FREEZE(k->a, &v, ret, ret_n);
}

static void bh_kube_ports(struct bh_kctx *k, const struct bh_ynode *c, struct bh_kcontainer *kc)
{
        const struct bh_ynode *seq = bh_kube_get_seq(k, c, "ports", "ports");
        BH_VEC(struct bh_kport) v = {0};

        for (size_t i = 0; seq && i < seq->n; i++) {
                const struct bh_ynode *e = bh_y_deref(seq->items[i]);
                if (!e || e->kind != BH_Y_MAP) {
                        bh_kube_bad(k, seq->items[i]->loc, "ports entries", "mappings");
                        continue;
                }
                struct bh_kport *p = BH_VEC_NEW(&v);
                p->loc = e->loc;
                bh_kube_get_int(k, e, "containerPort", "ports.containerPort", &p->container_port);
                bh_kube_get_int(k, e, "hostPort", "ports.hostPort", &p->host_port);
                bh_kube_get_str(k, e, "hostIP", "ports.hostIP", &p->host_ip);
                bh_kube_get_str(k, e, "protocol", "ports.protocol", &p->protocol);
        }
        BH_KUBE_FREEZE(k->a, &v, &kc->ports, &kc->nports);
}

/* httpGet.host / tcpSocket.host of the probes and lifecycle handlers. */
static void bh_kube_handler_hosts(struct bh_kctx *k, const struct bh_ynode *h, const char *name,
                                  struct bh_khost_vec *v)
{
        static const char *const kinds[] = {"httpGet", "tcpSocket"};

        for (size_t i = 0; i < BH_ELEMENTSOF(kinds); i++) {
                const struct bh_ynode *m = bh_kube_get_map(k, h, kinds[i], kinds[i]);
                struct bh_kstr host = {0};
                if (!m || !bh_y_get_pair(m, "host"))
                        continue;
                bh_kube_get_str(k, m, "host", "host", &host);
                struct bh_khost_field *f = BH_VEC_NEW(v);
                f->where = bh_arena_printf(k->a, "%s.%s.host", name, kinds[i]);
                f->host = host;
                if (!f->host.loc.line)
                        f->host.loc = bh_kube_key_loc(m, "host", m->loc);
        }
}

static void bh_kube_hosts(struct bh_kctx *k, const struct bh_ynode *c, struct bh_kcontainer *kc)
{
        static const char *const probes[] = {"livenessProbe", "readinessProbe", "startupProbe"};
        static const char *const hooks[] = {"postStart", "preStop"};
        struct bh_khost_vec v = {0};
        const struct bh_ynode *m;

        for (size_t i = 0; i < BH_ELEMENTSOF(probes); i++)
                if ((m = bh_kube_get_map(k, c, probes[i], probes[i])))
                        bh_kube_handler_hosts(k, m, probes[i], &v);
        const struct bh_ynode *lc = bh_kube_get_map(k, c, "lifecycle", "lifecycle");
        for (size_t i = 0; lc && i < BH_ELEMENTSOF(hooks); i++) {
                if ((m = bh_kube_get_map(k, lc, hooks[i], hooks[i]))) {
                        char name[32];
                        snprintf(name, sizeof(name), "lifecycle.%s", hooks[i]);
                        bh_kube_handler_hosts(k, m, name, &v);
                }
        }
        BH_KUBE_FREEZE(k->a, &v, &kc->host_fields, &kc->nhost_fields);
}

static void bh_kube_mounts(struct bh_kctx *k, const struct bh_ynode *c, struct bh_kcontainer *kc)
{
        const struct bh_ynode *seq = bh_kube_get_seq(k, c, "volumeMounts", "volumeMounts");
        BH_VEC(struct bh_kvolume_mount) v = {0};

        for (size_t i = 0; seq && i < seq->n; i++) {
                const struct bh_ynode *e = bh_y_deref(seq->items[i]);
                if (!e || e->kind != BH_Y_MAP) {
                        bh_kube_bad(k, seq->items[i]->loc, "volumeMounts entries", "mappings");
                        continue;
                }
                struct bh_kvolume_mount *m = BH_VEC_NEW(&v);
                m->loc = e->loc;
                bh_kube_get_str(k, e, "name", "volumeMounts.name", &m->name);
                bh_kube_get_str(k, e, "mountPath", "volumeMounts.mountPath", &m->mount_path);
                bh_kube_get_bool(k, e, "readOnly", "volumeMounts.readOnly", &m->read_only);
        }
        BH_KUBE_FREEZE(k->a, &v, &kc->mounts, &kc->nmounts);
}

static void bh_kube_env(struct bh_kctx *k, const struct bh_ynode *c, struct bh_kcontainer *kc)
{
        const struct bh_ynode *seq = bh_kube_get_seq(k, c, "env", "env");
        BH_VEC(struct bh_kenv) v = {0};

        for (size_t i = 0; seq && i < seq->n; i++) {
                const struct bh_ynode *e = bh_y_deref(seq->items[i]);
                if (!e || e->kind != BH_Y_MAP) {
                        bh_kube_bad(k, seq->items[i]->loc, "env entries", "mappings");
                        continue;
                }
                struct bh_kenv *x = BH_VEC_NEW(&v);
                x->loc = e->loc;
                bh_kube_get_str(k, e, "name", "env.name", &x->name);
                bh_kube_get_str(k, e, "value", "env.value", &x->value);
                x->value_from = bh_y_get_pair(e, "valueFrom") != NULL;
        }
        BH_KUBE_FREEZE(k->a, &v, &kc->env, &kc->nenv);
}

static void bh_kube_container(struct bh_kctx *k, const struct bh_ynode *c,
                              enum bh_kcontainer_kind kind, const char *list,
                              struct bh_kcontainer *kc)
{
        const struct bh_ynode *sc, *m;

        kc->kind = kind;
        kc->loc = c->loc;
        bh_kube_get_str(k, c, "name", "name", &kc->name);
        bh_kube_get_str(k, c, "image", "image", &kc->image);
        if (!kc->name.s)
                bh_doc_add_diag(k->doc, 9002, c->loc, "%s: an entry of %s has no name",
                                bh_kube_what(k), list);
        if (!kc->image.s)
                bh_doc_add_diag(k->doc, 9002, c->loc, "%s: %s %s has no image", bh_kube_what(k),
                                list, kc->name.s ? kc->name.s : "(unnamed)");

        if ((sc = bh_kube_sc(k, c, &kc->sc))) {
                bh_kube_get_bool(k, sc, "privileged", "securityContext.privileged",
                                 &kc->privileged);
                bh_kube_get_bool(k, sc, "allowPrivilegeEscalation",
                                 "securityContext.allowPrivilegeEscalation",
                                 &kc->allow_privilege_escalation);
                bh_kube_get_bool(k, sc, "readOnlyRootFilesystem",
                                 "securityContext.readOnlyRootFilesystem", &kc->read_only_root_fs);
                bh_kube_get_str(k, sc, "procMount", "securityContext.procMount", &kc->proc_mount);
                if ((m = bh_kube_get_map(k, sc, "capabilities", "securityContext.capabilities"))) {
                        kc->capabilities_present = true;
                        kc->capabilities_loc = bh_kube_key_loc(sc, "capabilities", m->loc);
                        bh_kube_names(k, m, "add", &kc->cap_add, &kc->ncap_add);
                        bh_kube_names(k, m, "drop", &kc->cap_drop, &kc->ncap_drop);
                }
        }
        bh_kube_ports(k, c, kc);
        bh_kube_hosts(k, c, kc);
        bh_kube_mounts(k, c, kc);
        bh_kube_env(k, c, kc);
        if ((m = bh_kube_get_map(k, c, "resources", "resources")) &&
            (m = bh_kube_get_map(k, m, "limits", "resources.limits"))) {
                kc->has_limits = true;
                kc->limits_loc = m->loc;
                bh_kube_get_str(k, m, "memory", "resources.limits.memory", &kc->mem_limit);
                bh_kube_get_str(k, m, "cpu", "resources.limits.cpu", &kc->cpu_limit);
        }
}

/* Volume source keys of the API (PSA calls a volume with none of them
 * "unknown"). */
static const char *const bh_kube_volume_sources[] = {
        "hostPath",
        "emptyDir",
        "gcePersistentDisk",
        "awsElasticBlockStore",
        "gitRepo",
        "secret",
        "nfs",
        "iscsi",
        "glusterfs",
        "persistentVolumeClaim",
        "rbd",
        "flexVolume",
        "cinder",
        "cephfs",
        "flocker",
        "downwardAPI",
        "fc",
        "azureFile",
        "configMap",
        "vsphereVolume",
        "quobyte",
        "azureDisk",
        "photonPersistentDisk",
        "projected",
        "portworxVolume",
        "scaleIO",
        "storageos",
        "csi",
        "ephemeral",
        "image",
};

static void bh_kube_volumes(struct bh_kctx *k, const struct bh_ynode *spec, struct bh_kpod *pod)
{
        const struct bh_ynode *seq = bh_kube_get_seq(k, spec, "volumes", "volumes");
        BH_VEC(struct bh_kvolume) v = {0};

        for (size_t i = 0; seq && i < seq->n; i++) {
                const struct bh_ynode *e = bh_y_deref(seq->items[i]);
                if (!e || e->kind != BH_Y_MAP) {
                        bh_kube_bad(k, seq->items[i]->loc, "volumes entries", "mappings");
                        continue;
                }
                struct bh_kvolume *vol = BH_VEC_NEW(&v);
                vol->loc = e->loc;
                bh_kube_get_str(k, e, "name", "volumes.name", &vol->name);
                for (size_t j = 0; j < e->n && !vol->source; j++) {
                        const char *key = bh_y_str(e->pairs[j].key);
                        for (size_t s = 0; key && s < BH_ELEMENTSOF(bh_kube_volume_sources); s++)
                                if (strcmp(key, bh_kube_volume_sources[s]) == 0)
                                        vol->source = bh_kube_volume_sources[s];
                }
                const struct bh_ynode *hp = bh_kube_get_map(k, e, "hostPath", "volumes.hostPath");
                if (hp) {
                        bh_kube_get_str(k, hp, "path", "hostPath.path", &vol->host_path);
                        bh_kube_get_str(k, hp, "type", "hostPath.type", &vol->host_path_type);
                }
        }
        BH_KUBE_FREEZE(k->a, &v, &pod->volumes, &pod->nvolumes);
}

static void bh_kube_sysctls(struct bh_kctx *k, const struct bh_ynode *sc, struct bh_kpod *pod)
{
        const struct bh_ynode *seq = bh_kube_get_seq(k, sc, "sysctls", "securityContext.sysctls");
        BH_VEC(struct bh_ksysctl) v = {0};

        for (size_t i = 0; seq && i < seq->n; i++) {
                const struct bh_ynode *e = bh_y_deref(seq->items[i]);
                if (!e || e->kind != BH_Y_MAP) {
                        bh_kube_bad(k, seq->items[i]->loc, "sysctls entries", "mappings");
                        continue;
                }
                struct bh_ksysctl *s = BH_VEC_NEW(&v);
                bh_kube_get_str(k, e, "name", "sysctls.name", &s->name);
                bh_kube_get_str(k, e, "value", "sysctls.value", &s->value);
                if (!s->name.loc.line)
                        s->name.loc = e->loc;
        }
        BH_KUBE_FREEZE(k->a, &v, &pod->sysctls, &pod->nsysctls);
}

static void bh_kube_groups(struct bh_kctx *k, const struct bh_ynode *sc, struct bh_kpod *pod)
{
        const struct bh_ynode *seq =
                bh_kube_get_seq(k, sc, "supplementalGroups", "securityContext.supplementalGroups");
        BH_VEC(struct bh_kint) v = {0};
        int64_t x;

        for (size_t i = 0; seq && i < seq->n; i++) {
                if (!bh_y_int(seq->items[i], INT64_MIN, INT64_MAX, &x)) {
                        bh_kube_bad(k, seq->items[i]->loc, "supplementalGroups entries",
                                    "integers");
                        continue;
                }
                struct bh_kint *g = BH_VEC_NEW(&v);
                g->set = true;
                g->v = x;
                g->loc = seq->items[i]->loc;
        }
        BH_KUBE_FREEZE(k->a, &v, &pod->supplemental_groups, &pod->nsupplemental_groups);
}

struct bh_kpod *bh_kube_pod(struct bh_kctx *k, const struct bh_ynode *meta,
                            const struct bh_ynode *spec)
{
        static const struct {
                const char *key;
                enum bh_kcontainer_kind kind;
        } lists[] = {
                {"containers", BH_KC_CONTAINER},
                {"initContainers", BH_KC_INIT},
                {"ephemeralContainers", BH_KC_EPHEMERAL},
        };
        struct bh_kpod *pod = bh_arena_alloc(k->a, sizeof(*pod));
        BH_VEC(struct bh_kcontainer) cs = {0};
        const struct bh_ynode *sc, *m;

        pod->spec_loc = spec->loc;
        bh_kube_get_bool(k, spec, "hostNetwork", "hostNetwork", &pod->host_network);
        bh_kube_get_bool(k, spec, "hostPID", "hostPID", &pod->host_pid);
        bh_kube_get_bool(k, spec, "hostIPC", "hostIPC", &pod->host_ipc);
        bh_kube_get_bool(k, spec, "hostUsers", "hostUsers", &pod->host_users);
        bh_kube_get_bool(k, spec, "automountServiceAccountToken", "automountServiceAccountToken",
                         &pod->automount_sa_token);
        bh_kube_get_str(k, spec, "serviceAccountName", "serviceAccountName", &pod->service_account);
        if (!pod->service_account.s) /* the deprecated alias */
                bh_kube_get_str(k, spec, "serviceAccount", "serviceAccount", &pod->service_account);
        if ((m = bh_kube_get_map(k, spec, "os", "os")))
                bh_kube_get_str(k, m, "name", "os.name", &pod->os_name);
        if ((sc = bh_kube_sc(k, spec, &pod->sc))) {
                bh_kube_sysctls(k, sc, pod);
                bh_kube_get_int(k, sc, "fsGroup", "securityContext.fsGroup", &pod->fs_group);
                bh_kube_groups(k, sc, pod);
        }
        if (meta) {
                bh_kube_annotations(k, meta, &pod->annotations, &pod->nannotations);
                bh_kube_labels(k, meta, "labels", &pod->label_keys, &pod->label_values,
                               &pod->nlabels);
        }
        bh_kube_volumes(k, spec, pod);

        for (size_t l = 0; l < BH_ELEMENTSOF(lists); l++) {
                const struct bh_ynode *seq = bh_kube_get_seq(k, spec, lists[l].key, lists[l].key);
                if (!seq && l == 0 && !bh_y_get_pair(spec, "containers"))
                        bh_doc_add_diag(k->doc, 9002, spec->loc,
                                        "%s: the pod spec has no containers", bh_kube_what(k));
                for (size_t i = 0; seq && i < seq->n; i++) {
                        const struct bh_ynode *c = bh_y_deref(seq->items[i]);
                        if (!c || c->kind != BH_Y_MAP) {
                                bh_doc_add_diag(k->doc, 9002, seq->items[i]->loc,
                                                "%s: entries of %s must be mappings",
                                                bh_kube_what(k), lists[l].key);
                                continue;
                        }
                        bh_kube_container(k, c, lists[l].kind, lists[l].key, BH_VEC_NEW(&cs));
                }
        }
        BH_KUBE_FREEZE(k->a, &cs, &pod->containers, &pod->ncontainers);
        return pod;
}
