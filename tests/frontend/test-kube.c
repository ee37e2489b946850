/* Kubernetes frontend: every workload kind, List dumps, JSON, multi-document
 * streams with a broken document, YAML 1.1 booleans, securityContext
 * merging field by field, annotations, hostPath joins, helm Source comments,
 * init and ephemeral containers, and the limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* cmocka needs the headers above first */
#include <cmocka.h>

#include "../../src/frontend/frontend.h"
#include "../../src/model/kube.h"
#include "../../src/util/buf.h"
#include "../../src/util/limits.h"

#include "../../src/util/bh-banned.h"

static struct bh_doc kd;
static bool kd_live;
static char *kd_text;

static void kd_reset(void)
{
        if (kd_live)
                bh_doc_release(&kd);
        free(kd_text);
        kd_text = NULL;
        kd_live = false;
}

static struct bh_doc *kparse(const char *text)
{
        struct bh_error *err = NULL;
        size_t len = strlen(text);

        kd_reset();
        kd_text = bh_xstrdup(text);
        bh_doc_init(&kd, "-", BH_SURFACE_KUBERNETES, kd_text, len);
        kd_live = true;
        assert_int_equal(bh_frontend_kube(&kd, &err), 0);
        assert_null(err);
        assert_non_null(kd.surface_model);
        return &kd;
}

static const struct bh_kube_set *kset(void)
{
        return kd.surface_model;
}

static int teardown(void **state)
{
        (void)state;
        kd_reset();
        return 0;
}

static size_t ndiag(unsigned rule, uint32_t line)
{
        size_t n = 0;

        for (size_t i = 0; i < kd.diags.n; i++)
                if (kd.diags.v[i].rule == rule && (!line || kd.diags.v[i].loc.line == line))
                        n++;
        return n;
}

static const struct bh_container *cont(const char *name)
{
        for (size_t i = 0; i < kd.containers.n; i++)
                if (strcmp(kd.containers.v[i]->name, name) == 0)
                        return kd.containers.v[i];
        fail_msg("no container %s", name);
        return NULL;
}

#define POD_SPEC              \
        "    spec:\n"         \
        "      containers:\n" \
        "      - name: app\n" \
        "        image: nginx:1.27\n"

static void test_every_kind(void **state)
{
        (void)state;
        kparse("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
               "  containers:\n  - name: app\n    image: a:1\n"
               "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"
               "spec:\n  template:\n" POD_SPEC
               "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\n"
               "spec:\n  template:\n" POD_SPEC
               "---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds}\n"
               "spec:\n  template:\n" POD_SPEC
               "---\napiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\n"
               "spec:\n  template:\n" POD_SPEC
               "---\napiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\n"
               "spec:\n  template:\n" POD_SPEC
               "---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n"
               "spec:\n  template:\n" POD_SPEC
               "---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\n"
               "spec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n"
               "        spec:\n          containers:\n          - name: app\n"
               "            image: busybox:1\n"
               "---\napiVersion: v1\nkind: PodTemplate\nmetadata: {name: pt}\n"
               "template:\n  spec:\n    containers:\n    - name: app\n      image: a:2\n"
               "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {a: b}\n"
               "---\napiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: crd}\n"
               "spec: 3\n");
        assert_int_equal(kset()->nobjects, 9);
        assert_int_equal(kd.containers.n, 9);
        assert_int_equal(kd.diags.n, 0);
        cont("Pod/p container app");
        cont("Deployment/d container app");
        cont("StatefulSet/s container app");
        cont("DaemonSet/ds container app");
        cont("ReplicaSet/rs container app");
        cont("ReplicationController/rc container app");
        cont("Job/j container app");
        const struct bh_container *c = cont("CronJob/cj container app");
        assert_string_equal(c->image.s, "busybox:1");
        assert_int_equal(c->image.loc.line, 80);
        assert_int_equal(c->image.loc.col, 13);
        assert_int_equal(c->owner_loc.line, 79);
        assert_int_equal(c->owner_loc.col, 13);
        cont("PodTemplate/pt container app");
        assert_int_equal(kd.images.n, 9);
        assert_int_equal(kd.images.v[0].role, BH_IMGREF_RUN);
        assert_string_equal(kd.images.v[0].ref.s, "a:1");
        assert_int_equal(kd.images.v[0].loc.line, 7);
}

static void test_list_and_typed_list(void **state)
{
        (void)state;
        kparse("apiVersion: v1\nitems:\n"
               "- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n"
               "    managedFields: [{manager: kubectl}]\n"
               "  spec:\n    template:\n      spec:\n        containers:\n"
               "        - name: app\n          image: web:1\n"
               "  status: {replicas: 1}\n"
               "- apiVersion: v1\n  kind: ServiceAccount\n  metadata: {name: default}\n"
               "  automountServiceAccountToken: false\n"
               "kind: List\nmetadata: {resourceVersion: ''}\n"
               "---\napiVersion: apps/v1\nkind: DeploymentList\nitems:\n"
               "- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: two}\n"
               "  spec:\n    template:\n      spec:\n        containers:\n"
               "        - {name: x, image: 'x:1'}\n");
        assert_int_equal(kset()->nobjects, 3);
        assert_int_equal(kset()->objects[0].okind, BH_KO_WORKLOAD);
        assert_int_equal(kset()->objects[0].loc.line, 3);
        assert_int_equal(kset()->objects[0].last_line, 14);
        assert_int_equal(kset()->objects[1].okind, BH_KO_SERVICE_ACCOUNT);
        assert_int_equal(kset()->objects[1].automount_sa_token.v, BH_FALSE);
        const struct bh_container *c = cont("Deployment/web container app");
        /* the ServiceAccount of the pod ("default") is in the set */
        assert_int_equal(c->automount_sa_token, BH_FALSE);
        assert_int_equal(c->automount_sa_token_loc.line, 18);
        cont("Deployment/two container x");
        assert_int_equal(kd.diags.n, 0);
}

static void test_json(void **state)
{
        (void)state;
        kparse("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n"
               "  \"metadata\": {\"name\": \"j\"},\n  \"spec\": {\n"
               "    \"hostPID\": true,\n    \"containers\": [\n"
               "      {\"name\": \"c\", \"image\": \"i:1\",\n"
               "       \"securityContext\": {\"privileged\": true, \"runAsUser\": 0}}\n"
               "    ]\n  }\n}\n");
        const struct bh_container *c = cont("Pod/j container c");
        assert_int_equal(c->privileged, BH_TRUE);
        assert_int_equal(c->privileged_loc.line, 9);
        assert_string_equal(c->user.s, "0");
        assert_string_equal(c->pid_mode.s, "host");
        assert_int_equal(c->pid_mode.loc.line, 6);
        assert_int_equal(c->pid_mode.loc.col, 5);
        assert_int_equal(c->no_new_privileges, BH_FALSE);
}

static void test_broken_doc_in_middle(void **state)
{
        (void)state;
        /* a broken workload in the middle: BH9002, the others are read */
        kparse("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n"
               "  containers:\n  - {name: a, image: 'a:1'}\n"
               "---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n"
               "  containers: nope\n"
               "---\napiVersion: v1\nkind: Pod\nmetadata: {name: c}\nspec:\n"
               "  containers:\n  - image: 'c:1'\n  - name: noimage\n"
               "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: []\n"
               "---\napiVersion: v1\nkind: Pod\nmetadata: {name: e}\nspec:\n"
               "  containers:\n  - {name: e, image: 'e:1'}\n");
        assert_int_equal(ndiag(9002, 12), 1); /* containers not a list */
        assert_int_equal(ndiag(9002, 19), 1); /* no name */
        assert_int_equal(ndiag(9002, 20), 1); /* no image */
        assert_int_equal(ndiag(9002, 25), 1); /* spec not a mapping */
        assert_int_equal(ndiag(9002, 0), 4);
        cont("Pod/a container a");
        cont("Pod/e container e");
}

static void test_yaml_error_keeps_earlier_docs(void **state)
{
        (void)state;
        kparse("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n"
               "  containers:\n  - {name: a, image: 'a:1'}\n"
               "---\napiVersion: v1\nkind: Pod\nmetadata: [unclosed\n");
        assert_int_equal(ndiag(9001, 0), 1);
        assert_true(kd.diags.v[0].loc.line >= 10);
        cont("Pod/a container a");
}

static void test_yaml11_booleans(void **state)
{
        (void)state;
        kparse("apiVersion: v1\nkind: Pod\nmetadata: {name: y}\nspec:\n"
               "  hostNetwork: yes\n  hostIPC: off\n  automountServiceAccountToken: On\n"
               "  containers:\n  - name: c\n    image: i:1\n    securityContext:\n"
               "      privileged: NO\n      allowPrivilegeEscalation: n\n"
               "      readOnlyRootFilesystem: Y\n      runAsNonRoot: 'true'\n");
        const struct bh_container *c = cont("Pod/y container c");
        assert_string_equal(c->network_mode.s, "host");
        assert_false(c->ipc_mode.set);
        assert_int_equal(c->automount_sa_token, BH_TRUE);
        assert_int_equal(c->privileged, BH_FALSE);
        assert_int_equal(c->no_new_privileges, BH_TRUE);
        assert_int_equal(c->read_only_rootfs, BH_TRUE);
        /* a quoted 'true' is a string: the API rejects it */
        assert_int_equal(c->run_as_non_root, BH_UNSET);
        assert_int_equal(ndiag(9002, 15), 1);
}

static void test_merge_semantics(void **state)
{
        (void)state;
        kparse("apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n"
               "  securityContext:\n"
               "    runAsUser: 1000\n"                                            /* 6 */
               "    runAsNonRoot: true\n"                                         /* 7 */
               "    seLinuxOptions: {type: spc_t}\n"                              /* 8 */
               "    seccompProfile: {type: RuntimeDefault}\n"                     /* 9 */
               "    appArmorProfile: {type: Localhost, localhostProfile: prof}\n" /* 10 */
               "    sysctls:\n    - {name: kernel.msgmax, value: '65536'}\n"      /* 11-12 */
               "  containers:\n"
               "  - name: inherits\n    image: i:1\n"  /* 14-15 */
               "  - name: overrides\n    image: i:2\n" /* 16-17 */
               "    securityContext:\n"
               "      runAsUser: 0\n"                        /* 19 */
               "      runAsNonRoot: false\n"                 /* 20 */
               "      seLinuxOptions: {user: u}\n"           /* 21 */
               "      seccompProfile: {type: Unconfined}\n"  /* 22 */
               "      appArmorProfile: {type: Unconfined}\n" /* 23 */
               "      procMount: Unmasked\n"                 /* 24 */
               "      capabilities:\n        add: [sys_admin]\n        drop: [ALL]\n");
        const struct bh_container *a = cont("Pod/m container inherits");
        assert_string_equal(a->user.s, "1000");
        assert_int_equal(a->user.loc.line, 6);
        assert_int_equal(a->user.loc.col, 5);
        assert_int_equal(a->run_as_non_root, BH_TRUE);
        assert_int_equal(a->run_as_non_root_loc.line, 7);
        assert_string_equal(a->selinux_type.s, "spc_t");
        assert_string_equal(a->seccomp.s, "runtime/default");
        assert_int_equal(a->seccomp.loc.line, 9);
        assert_string_equal(a->apparmor.s, "localhost/prof");
        assert_int_equal(a->sysctls.n, 1);
        assert_string_equal(a->sysctls.v[0].name, "kernel.msgmax");
        assert_int_equal(a->sysctls.v[0].loc.line, 12);
        assert_int_equal(a->no_new_privileges, BH_UNSET);
        assert_int_equal(a->systempaths_unconfined, BH_UNSET);

        const struct bh_container *b = cont("Pod/m container overrides");
        assert_string_equal(b->user.s, "0");
        assert_int_equal(b->user.loc.line, 19);
        assert_int_equal(b->run_as_non_root, BH_FALSE);
        /* seLinuxOptions is replaced as a whole: no type */
        assert_false(b->selinux_type.set);
        assert_string_equal(b->seccomp.s, "unconfined");
        assert_int_equal(b->seccomp.loc.line, 22);
        assert_string_equal(b->apparmor.s, "unconfined");
        assert_int_equal(b->systempaths_unconfined, BH_TRUE);
        assert_int_equal(b->systempaths_loc.line, 24);
        assert_int_equal(b->cap_add.n, 1);
        assert_string_equal(b->cap_add.v[0].name, "SYS_ADMIN");
        assert_string_equal(b->cap_add.v[0].raw, "sys_admin");
        assert_int_equal(b->cap_drop.n, 1);
        /* SYS_ADMIN implies privilege escalation */
        assert_int_equal(b->no_new_privileges, BH_FALSE);
        assert_int_equal(b->no_new_privileges_loc.line, 26);
        assert_int_equal(b->sysctls.n, 1);

        /* the typed model keeps both levels exactly as written */
        const struct bh_kpod *pod = kset()->objects[0].pod;
        assert_int_equal(pod->sc.run_as_user.v, 1000);
        assert_int_equal(pod->containers[1].sc.run_as_user.v, 0);
        assert_string_equal(pod->containers[1].cap_add[0].s, "sys_admin");
        assert_string_equal(pod->containers[1].proc_mount.s, "Unmasked");
        assert_string_equal(pod->sc.seccomp.type.s, "RuntimeDefault");
}

static void test_annotations(void **state)
{
        (void)state;
        kparse("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: an\n"
               "  annotations:\n    bulkhead.dev/ignore: \"BH4001 reason=test\"\n"
               "spec:\n  template:\n    metadata:\n      annotations:\n"
               "        seccomp.security.alpha.kubernetes.io/pod: runtime/default\n"    /* 11 */
               "        container.seccomp.security.alpha.kubernetes.io/b: unconfined\n" /* 12 */
               "        container.apparmor.security.beta.kubernetes.io/a: unconfined\n" /* 13 */
               "      labels: {app: an}\n"
               "    spec:\n      containers:\n      - {name: a, image: 'a:1'}\n"
               "      - name: b\n        image: b:1\n"
               "        securityContext: {appArmorProfile: {type: RuntimeDefault}}\n");
        const struct bh_container *a = cont("Deployment/an container a");
        assert_string_equal(a->seccomp.s, "runtime/default");
        assert_int_equal(a->seccomp.loc.line, 11);
        assert_string_equal(a->apparmor.s, "unconfined");
        assert_int_equal(a->apparmor.loc.line, 13);
        assert_int_equal(a->apparmor.loc.col, 9);
        const struct bh_container *b = cont("Deployment/an container b");
        assert_string_equal(b->seccomp.s, "unconfined");
        assert_int_equal(b->seccomp.loc.line, 12);
        /* the field wins over the annotation */
        assert_string_equal(b->apparmor.s, "runtime/default");
        const struct bh_kobject *o = &kset()->objects[0];
        assert_int_equal(o->nannotations, 1);
        assert_int_equal(o->pod->nannotations, 3);
        assert_int_equal(o->pod->nlabels, 1);
        assert_string_equal(o->pod->label_values[0], "an");
        /* the ignore annotation is a part covering the object */
        assert_int_equal(kd.nparts, 1);
        assert_string_equal(kd.parts[0].ignore, "BH4001 reason=test");
        assert_int_equal(kd.parts[0].ignore_loc.line, 6);
        assert_int_equal(kd.parts[0].first_line, 1);
        assert_non_null(bh_doc_part_at(&kd, 19));
}

static void test_hostpath_join(void **state)
{
        (void)state;
        kparse("apiVersion: v1\nkind: Pod\nmetadata: {name: h}\nspec:\n"
               "  volumes:\n"
               "  - name: sock\n    hostPath:\n      path: /var/run/docker.sock\n" /* 6-8 */
               "  - name: unused\n    hostPath: {path: /etc}\n"                    /* 9-10 */
               "  - name: cache\n    emptyDir: {}\n"
               "  containers:\n  - name: a\n    image: a:1\n"
               "    volumeMounts:\n    - {name: sock, mountPath: /s, readOnly: true}\n"
               "    - {name: cache, mountPath: /c}\n"
               "  - name: b\n    image: b:1\n");
        const struct bh_container *a = cont("Pod/h container a");
        assert_int_equal(a->mounts.n, 2);
        assert_int_equal(a->mounts.v[0].kind, BH_MOUNT_BIND);
        assert_string_equal(a->mounts.v[0].source, "/var/run/docker.sock");
        assert_string_equal(a->mounts.v[0].target, "/s");
        assert_int_equal(a->mounts.v[0].read_only, BH_TRUE);
        assert_int_equal(a->mounts.v[0].loc.line, 8);
        assert_int_equal(a->mounts.v[0].loc.col, 7);
        assert_string_equal(a->mounts.v[1].source, "/etc");
        assert_null(a->mounts.v[1].target);
        const struct bh_container *b = cont("Pod/h container b");
        assert_int_equal(b->mounts.n, 1);
        assert_string_equal(b->mounts.v[0].source, "/etc");
        const struct bh_kpod *pod = kset()->objects[0].pod;
        assert_int_equal(pod->nvolumes, 3);
        assert_string_equal(pod->volumes[0].source, "hostPath");
        assert_string_equal(pod->volumes[2].source, "emptyDir");
}

static void test_ports_env_limits(void **state)
{
        (void)state;
        kparse("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
               "  containers:\n  - name: a\n    image: a:1\n"
               "    ports:\n    - containerPort: 80\n      hostPort: 8080\n" /* 9-10 */
               "    - {containerPort: 53, protocol: UDP, hostPort: 53, hostIP: 127.0.0.1}\n"
               "    - containerPort: 2375\n" /* 12 */
               "    env:\n    - {name: A, value: x}\n"
               "    - name: S\n      valueFrom: {secretKeyRef: {name: s, key: k}}\n"
               "    resources:\n      limits: {memory: 128Mi, cpu: 500m}\n");
        const struct bh_container *c = cont("Pod/p container a");
        assert_int_equal(c->ports.n, 3);
        assert_true(c->ports.v[0].published);
        assert_null(c->ports.v[0].host_ip);
        assert_int_equal(c->ports.v[0].loc.line, 10);
        assert_string_equal(c->ports.v[1].proto, "udp");
        assert_string_equal(c->ports.v[1].host_ip, "127.0.0.1");
        assert_false(c->ports.v[2].published);
        assert_int_equal(c->ports.v[2].container_port, 2375);
        assert_int_equal(c->env.n, 1);
        assert_string_equal(c->env.v[0].name, "A");
        assert_string_equal(c->mem_limit.s, "128Mi");
        assert_string_equal(c->cpu_limit.s, "500m");
        assert_int_equal(kset()->objects[0].pod->containers[0].nenv, 2);
        assert_true(kset()->objects[0].pod->containers[0].env[1].value_from);
}

static void test_helm_source(void **state)
{
        (void)state;
        kparse("---\n# Source: chart/templates/sa.yaml\napiVersion: v1\nkind: ServiceAccount\n"
               "metadata: {name: app}\n"
               "---\n# Source: chart/templates/deploy.yaml\n"
               "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\n"
               "spec:\n  template:\n    spec:\n      serviceAccountName: app\n"
               "      containers:\n      - {name: app, image: 'app:1'}\n"
               "---\napiVersion: v1\nkind: Pod\nmetadata: {name: nosrc}\nspec:\n"
               "  containers: [{name: a, image: 'a:1'}]\n");
        assert_string_equal(kset()->objects[0].source, "chart/templates/sa.yaml");
        assert_string_equal(kset()->objects[1].source, "chart/templates/deploy.yaml");
        assert_null(kset()->objects[2].source);
        assert_int_equal(kd.nparts, 2);
        const struct bh_doc_part *p = bh_doc_part_at(&kd, 16);
        assert_non_null(p);
        assert_string_equal(p->source, "chart/templates/deploy.yaml");
        assert_null(bh_doc_part_at(&kd, 20));
        /* the ServiceAccount says nothing about the token: unset */
        assert_int_equal(cont("Deployment/app container app")->automount_sa_token, BH_UNSET);
}

static void test_init_ephemeral(void **state)
{
        (void)state;
        kparse("apiVersion: v1\nkind: Pod\nmetadata: {name: e}\nspec:\n"
               "  initContainers:\n  - {name: init, image: 'i:1'}\n"
               "  containers:\n  - {name: main, image: 'm:1'}\n"
               "  ephemeralContainers:\n  - name: debug\n    image: busybox:1\n"
               "    securityContext: {privileged: true}\n");
        assert_int_equal(cont("Pod/e initContainer init")->privileged, BH_UNSET);
        cont("Pod/e container main");
        assert_int_equal(cont("Pod/e ephemeralContainer debug")->privileged, BH_TRUE);
        const struct bh_kpod *pod = kset()->objects[0].pod;
        assert_int_equal(pod->ncontainers, 3);
        /* containers, then initContainers, then ephemeralContainers */
        assert_int_equal(pod->containers[0].kind, BH_KC_CONTAINER);
        assert_int_equal(pod->containers[1].kind, BH_KC_INIT);
        assert_int_equal(pod->containers[2].kind, BH_KC_EPHEMERAL);
}

static void test_netpol_and_hostusers(void **state)
{
        (void)state;
        kparse("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
               "metadata: {name: np, namespace: prod}\n"
               "spec:\n  podSelector:\n    matchLabels: {app: web}\n"
               "  policyTypes: [Ingress, Egress]\n"
               "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
               "metadata: {name: ex}\nspec:\n  podSelector:\n"
               "    matchExpressions: [{key: app, operator: In, values: [a]}]\n"
               "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n"
               "---\napiVersion: v1\nkind: Pod\nmetadata: {name: u}\nspec:\n"
               "  hostUsers: false\n  containers: [{name: a, image: 'a:1'}]\n");
        const struct bh_kobject *np = &kset()->objects[0];
        assert_int_equal(np->okind, BH_KO_NETWORK_POLICY);
        assert_string_equal(np->namespace_, "prod");
        assert_int_equal(np->nselector, 1);
        assert_string_equal(np->selector_keys[0], "app");
        assert_true(np->policy_ingress && np->policy_egress);
        assert_true(kset()->objects[1].selector_unsupported);
        assert_true(kset()->objects[1].policy_ingress);
        assert_false(kset()->objects[1].policy_egress);
        assert_int_equal(kset()->objects[2].okind, BH_KO_NAMESPACE);
        const struct bh_container *c = cont("Pod/u container a");
        assert_string_equal(c->userns_mode.s, "private");
        assert_false(c->network_mode.set);
}

static void test_list_depth_limit(void **state)
{
        struct bh_buf b;

        (void)state;
        bh_buf_init(&b, 1u << 20);
        /* Lists nested one level deeper than the limit */
        for (unsigned i = 0; i <= BH_LIMIT_KUBE_LIST_DEPTH; i++)
                assert_int_equal(bh_buf_addf(&b, "{apiVersion: v1, kind: List, items: ["), 0);
        assert_int_equal(bh_buf_addf(&b, "{apiVersion: v1, kind: Pod, metadata: {name: x}, "
                                         "spec: {containers: [{name: a, image: b}]}}"),
                         0);
        for (unsigned i = 0; i <= BH_LIMIT_KUBE_LIST_DEPTH; i++)
                assert_int_equal(bh_buf_addf(&b, "]}"), 0);
        assert_int_equal(bh_buf_addf(&b, "\n"), 0);
        kparse(b.buf);
        assert_int_equal(ndiag(9003, 0), 1);
        assert_int_equal(kd.containers.n, 0);
        bh_buf_release(&b);

        /* at the limit: read */
        bh_buf_init(&b, 1u << 20);
        for (unsigned i = 0; i + 1 < BH_LIMIT_KUBE_LIST_DEPTH; i++)
                assert_int_equal(bh_buf_addf(&b, "{apiVersion: v1, kind: List, items: ["), 0);
        assert_int_equal(bh_buf_addf(&b, "{apiVersion: v1, kind: Pod, metadata: {name: x}, "
                                         "spec: {containers: [{name: a, image: b}]}}"),
                         0);
        for (unsigned i = 0; i + 1 < BH_LIMIT_KUBE_LIST_DEPTH; i++)
                assert_int_equal(bh_buf_addf(&b, "]}"), 0);
        kparse(b.buf);
        assert_int_equal(ndiag(9003, 0), 0);
        assert_int_equal(kd.containers.n, 1);
        bh_buf_release(&b);
}

static void test_sniff_and_match(void **state)
{
        (void)state;
        assert_true(bh_frontend_kube_sniff("apiVersion: v1\nkind: Pod\n", 26));
        assert_true(bh_frontend_kube_sniff("---\n# Source: x\napiVersion: v1\nkind: Pod\n", 41));
        assert_true(bh_frontend_kube_sniff(
                "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n", 50));
        assert_true(bh_frontend_kube_sniff("  {\"kind\": \"Pod\", \"apiVersion\": \"v1\"}", 38));
        assert_false(bh_frontend_kube_sniff("services:\n  web:\n    image: x\n", 30));
        assert_false(bh_frontend_kube_sniff("FROM debian\nRUN echo kind: x\n", 29));
        assert_false(bh_frontend_kube_sniff("{\"name\": \"pkg\"}", 15));
        assert_true(bh_frontend_kube_match("x/a.k8s.yaml", "a.k8s.yaml"));
        assert_true(bh_frontend_kube_match("x/a.k8s.json", "a.k8s.json"));
        assert_false(bh_frontend_kube_match("x/compose.yaml", "compose.yaml"));
        assert_false(bh_frontend_kube_match("r/.github/workflows/k.yml", "k.yml"));
        assert_false(bh_frontend_kube_match(".gitlab-ci.yml", ".gitlab-ci.yml"));
        assert_false(bh_frontend_kube_match("/nonexistent/a.yaml", "a.yaml"));
        assert_false(bh_frontend_kube_match("x/Dockerfile", "Dockerfile"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_teardown(test_every_kind, teardown),
                cmocka_unit_test_teardown(test_list_and_typed_list, teardown),
                cmocka_unit_test_teardown(test_json, teardown),
                cmocka_unit_test_teardown(test_broken_doc_in_middle, teardown),
                cmocka_unit_test_teardown(test_yaml_error_keeps_earlier_docs, teardown),
                cmocka_unit_test_teardown(test_yaml11_booleans, teardown),
                cmocka_unit_test_teardown(test_merge_semantics, teardown),
                cmocka_unit_test_teardown(test_annotations, teardown),
                cmocka_unit_test_teardown(test_hostpath_join, teardown),
                cmocka_unit_test_teardown(test_ports_env_limits, teardown),
                cmocka_unit_test_teardown(test_helm_source, teardown),
                cmocka_unit_test_teardown(test_init_ephemeral, teardown),
                cmocka_unit_test_teardown(test_netpol_and_hostusers, teardown),
                cmocka_unit_test_teardown(test_list_depth_limit, teardown),
                cmocka_unit_test_teardown(test_sniff_and_match, teardown),
        };

        cmocka_set_message_output(CM_OUTPUT_TAP);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
