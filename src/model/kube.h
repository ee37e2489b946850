/* The typed Kubernetes model: what the Pod Security admission controller and
 * the Kubernetes-only rules look at, exactly as written (no normalisation:
 * PSA compares capability names and enum values exactly).  Filled by
 * src/frontend/kube/; read by the PSS rules and the Kubernetes rules.  The
 * cross-surface rules read the struct bh_container the frontend also fills
 * (one per container, with pod and container securityContext merged).
 * Everything lives in the document arena. */
#pragma once

#include "model.h"

/* A field that may be absent, with where it is. */
struct bh_kstr {
        const char *s;   /* NULL when absent (explicit null counts as absent) */
        struct bh_loc loc;
};

struct bh_kbool {
        enum bh_tristate v;
        struct bh_loc loc;
};

struct bh_kint {
        bool set;
        int64_t v;
        struct bh_loc loc;
};

struct bh_kseccomp {
        struct bh_kstr type;             /* RuntimeDefault | Localhost | Unconfined | other */
        struct bh_kstr localhost_profile;
};

struct bh_kselinux {
        struct bh_kstr type, user, role, level;
        bool set;                         /* seLinuxOptions present */
        struct bh_loc loc;
};

/* Fields both PodSecurityContext and SecurityContext have. */
struct bh_ksecctx_common {
        struct bh_kbool run_as_non_root;
        struct bh_kint run_as_user;
        struct bh_kint run_as_group;
        struct bh_kselinux selinux;
        struct bh_kseccomp seccomp;
        struct bh_kstr apparmor_type;     /* appArmorProfile.type */
        struct bh_kstr apparmor_localhost;
        struct bh_kbool windows_host_process; /* windowsOptions.hostProcess */
        bool present;                     /* the securityContext key exists */
        struct bh_loc loc;                /* of the securityContext key (or the owner) */
};

struct bh_kname_loc {
        const char *s;                    /* exactly as written */
        struct bh_loc loc;
};

struct bh_kport {
        struct bh_kint container_port;
        struct bh_kint host_port;
        struct bh_kstr host_ip;
        struct bh_kstr protocol;
        struct bh_loc loc;
};

/* A probe or lifecycle handler's host field (httpGet.host / tcpSocket.host). */
struct bh_khost_field {
        const char *where;                /* "livenessProbe.httpGet.host" ... */
        struct bh_kstr host;
};

struct bh_kvolume_mount {
        struct bh_kstr name;
        struct bh_kstr mount_path;
        struct bh_kbool read_only;
        struct bh_loc loc;
};

/* An env entry: a literal value, or valueFrom (a reference, not a literal). */
struct bh_kenv {
        struct bh_kstr name;
        struct bh_kstr value;             /* NULL when absent or valueFrom */
        bool value_from;
        struct bh_loc loc;                /* the list entry */
};

enum bh_kcontainer_kind {
        BH_KC_CONTAINER = 0,
        BH_KC_INIT,
        BH_KC_EPHEMERAL,
};

struct bh_kcontainer {
        enum bh_kcontainer_kind kind;
        struct bh_kstr name;
        struct bh_kstr image;
        struct bh_loc loc;                /* the list entry */
        struct bh_ksecctx_common sc;      /* container securityContext (as written) */
        struct bh_kbool privileged;
        struct bh_kbool allow_privilege_escalation;
        struct bh_kbool read_only_root_fs;
        struct bh_kstr proc_mount;
        struct bh_kname_loc *cap_add;     /* exactly as written */
        size_t ncap_add;
        struct bh_kname_loc *cap_drop;
        size_t ncap_drop;
        bool capabilities_present;
        struct bh_loc capabilities_loc;
        struct bh_kport *ports;
        size_t nports;
        struct bh_khost_field *host_fields; /* probes and lifecycle handlers */
        size_t nhost_fields;
        struct bh_kvolume_mount *mounts;
        size_t nmounts;
        bool has_limits;                  /* resources.limits present */
        struct bh_kstr mem_limit, cpu_limit;
        struct bh_container *model;       /* the cross-surface container filled from it */
        struct bh_kenv *env;              /* env, in order */
        size_t nenv;
        struct bh_loc limits_loc;         /* resources.limits key, when has_limits */
};

struct bh_kvolume {
        struct bh_kstr name;
        /* The volume source key as written: "hostPath", "configMap", "nfs" ...
         * NULL when none of the known keys is present (PSA: "unknown"). */
        const char *source;
        struct bh_kstr host_path;         /* hostPath.path */
        struct bh_kstr host_path_type;    /* hostPath.type */
        struct bh_loc loc;
};

struct bh_kannotation {
        const char *key;
        const char *value;
        struct bh_loc loc;
};

struct bh_ksysctl {
        struct bh_kstr name;
        struct bh_kstr value;
};

/* One pod template (a Pod, or the template of a workload). */
struct bh_kpod {
        struct bh_kbool host_network, host_pid, host_ipc, host_users;
        struct bh_ksecctx_common sc;      /* pod securityContext */
        struct bh_ksysctl *sysctls;
        size_t nsysctls;
        struct bh_kint fs_group;
        struct bh_kint *supplemental_groups;
        size_t nsupplemental_groups;
        struct bh_kstr os_name;           /* spec.os.name */
        struct bh_kbool automount_sa_token;
        struct bh_kstr service_account;
        struct bh_kannotation *annotations; /* the pod template's metadata.annotations */
        size_t nannotations;
        const char *const *label_keys;    /* pod template labels (for NetworkPolicy selection) */
        const char *const *label_values;
        size_t nlabels;
        struct bh_kvolume *volumes;
        size_t nvolumes;
        struct bh_kcontainer *containers; /* containers, initContainers, ephemeralContainers */
        size_t ncontainers;
        struct bh_loc spec_loc;           /* the pod spec mapping */
};

enum bh_kobject_kind {
        BH_KO_WORKLOAD = 0,   /* Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
                               * ReplicationController, Job, CronJob, PodTemplate */
        BH_KO_NAMESPACE,
        BH_KO_NETWORK_POLICY,
        BH_KO_SERVICE_ACCOUNT,
};

struct bh_kobject {
        enum bh_kobject_kind okind;
        const char *kind;         /* as written: "Deployment" */
        const char *api_version;
        const char *name;
        const char *namespace_;   /* metadata.namespace, NULL when absent */
        const char *source;       /* helm "# Source: chart/templates/x.yaml", or NULL */
        struct bh_loc loc;        /* the document's first key */
        uint32_t last_line;       /* last line of the object (document or List item) */
        struct bh_kannotation *annotations; /* the object's metadata.annotations */
        size_t nannotations;
        const char *const *label_keys;      /* the object's metadata.labels */
        const char *const *label_values;
        size_t nlabels;
        struct bh_kpod *pod;      /* BH_KO_WORKLOAD */
        /* BH_KO_NETWORK_POLICY: spec.podSelector (matchLabels; matchExpressions kept
         * as "unsupported" so coverage stays unknown rather than guessed) */
        const char *const *selector_keys;
        const char *const *selector_values;
        size_t nselector;
        bool selector_unsupported;
        bool policy_ingress;      /* policyTypes include Ingress (or ingress rules given) */
        bool policy_egress;
        /* BH_KO_SERVICE_ACCOUNT */
        struct bh_kbool automount_sa_token;
};

/* doc->surface_model for BH_SURFACE_KUBERNETES. */
struct bh_kube_set {
        struct bh_kobject *objects;
        size_t nobjects;
};
