/* The model: what a frontend understood of one input document, with where each
 * value came from.  Rules read only this.  All strings are owned by doc->arena
 * unless stated otherwise. */
#pragma once

#include "../util/arena.h"
#include "../util/bh-macro.h"

struct bh_dockerfile;

/* A source location: 1-based line and column, 0 when unknown. */
struct bh_loc {
        uint32_t line;
        uint32_t col;
        uint32_t end_line;
        uint32_t end_col;
        /* Where the value really is when this location only brings it in (a
         * compose alias, extends key, include entry or override): "from
         * anchor &base at line 3".  Appended to a finding's message in
         * parentheses.  NULL: none (arena string). */
        const char *note;
        /* The file line/col are in when it is not the document's own (the
         * host audit: evidence in daemon.json, a unit, /proc).  A finding then
         * carries this path and no source line.  NULL: the document. */
        const char *file;
};

/* Unset, explicitly false and explicitly true are three different states. */
enum bh_tristate {
        BH_UNSET = 0,
        BH_FALSE,
        BH_TRUE,
};

enum bh_severity {
        BH_SEV_INFO = 0,
        BH_SEV_LOW,
        BH_SEV_MEDIUM,
        BH_SEV_HIGH,
        BH_SEV_CRITICAL,
        BH_SEV__COUNT,
};

const char *bh_severity_name(enum bh_severity s);
/* Parse "critical|high|medium|low|info"; -1 when unknown. */
int bh_severity_parse(const char *s);

/* A string value that may be unknown (depends on a build argument without a
 * default, an unset variable...).  set=false: the field was not given at all.
 * set=true, known=false: given, but its value cannot be determined statically;
 * s then holds the text as written. */
struct bh_value {
        const char *s;
        bool set;
        bool known;
        struct bh_loc loc;
};

enum bh_surface {
        BH_SURFACE_DOCKERFILE = 0,
        BH_SURFACE_COMPOSE,
        BH_SURFACE_KUBERNETES,
        BH_SURFACE_QUADLET,
        BH_SURFACE_RUNCMD,
        BH_SURFACE_ENGINE,
        BH_SURFACE_IMAGE,
        BH_SURFACE_ENGINECONF, /* daemon.json, containers.conf, registries.conf (src/model/host.h) */
        BH_SURFACE_HOST,       /* bulkhead host: a root filesystem (src/model/host.h) */
        BH_SURFACE__COUNT,
};

enum bh_mount_kind {
        BH_MOUNT_UNKNOWN = 0,
        BH_MOUNT_BIND,      /* host path -> container */
        BH_MOUNT_VOLUME,    /* named volume */
        BH_MOUNT_ANONYMOUS, /* anonymous volume at target (Dockerfile VOLUME, -v /path) */
        BH_MOUNT_TMPFS,
};

struct bh_mount {
        enum bh_mount_kind kind;
        const char *source; /* host path or volume name; NULL for anonymous */
        const char *target; /* path inside the container */
        bool source_known;
        bool target_known;
        enum bh_tristate read_only;
        struct bh_loc loc;
};

struct bh_port {
        uint32_t container_port; /* 0 when unknown */
        uint32_t container_port_end;
        const char *proto; /* "tcp", "udp", "sctp" */
        bool known;
        bool published;     /* bound on the host (compose ports, -p); EXPOSE is not */
        const char *host_ip; /* NULL: all interfaces */
        struct bh_loc loc;
};

struct bh_env {
        const char *name;
        const char *value; /* as expanded; text as written when !value_known */
        bool value_known;
        bool is_build_arg; /* Dockerfile ARG rather than ENV */
        struct bh_loc loc;
};

/* A host device given to a container (--device, devices:, AddDevice=). */
struct bh_device {
        const char *host_path;
        const char *container_path;
        const char *perms;  /* "rwm" ... or NULL */
        struct bh_loc loc;
};

/* A kernel parameter set for the container (--sysctl, sysctls:). */
struct bh_sysctl {
        const char *name;
        const char *value;
        bool value_known;
        struct bh_loc loc;
};

/* A capability as written, plus its normalised name (upper case, no CAP_). */
struct bh_cap {
        const char *name;
        const char *raw;
        struct bh_loc loc;
};

enum bh_container_origin {
        BH_ORIGIN_IMAGE_BUILD = 0, /* the image a Dockerfile builds */
        BH_ORIGIN_RUNLABEL,        /* LABEL RUN="podman run ..." */
        BH_ORIGIN_SERVICE,         /* compose service, quadlet unit, k8s container */
        BH_ORIGIN_LIVE,            /* engine container */
        BH_ORIGIN_RUNLINE,         /* docker/podman run line in a script, Makefile, unit, CI file, Markdown */
        /* Settings a Quadlet .pod/.kube/.volume unit gives the containers that
         * use it: not a container of its own, so rules about hardening a
         * container leaves out (no user, no cap_drop ...) skip it, while rules
         * about what is set (host network, ports, mounts) apply. */
        BH_ORIGIN_SHARED,
};

/* One container's effective security settings.  Fields later surfaces fill
 * (namespaces, LSMs, ...) are added here, never in a surface-specific struct. */
struct bh_container {
        const char *name;
        enum bh_container_origin origin;
        struct bh_loc loc; /* where the container is defined (FROM of the final stage...) */

        struct bh_value image; /* image reference it runs */
        /* The user it runs as.  For a Dockerfile: the final stage's last USER,
         * following FROM <stage> inheritance; unset when no USER at all. */
        struct bh_value user;

        enum bh_tristate privileged;
        struct bh_loc privileged_loc;

        BH_VEC(struct bh_cap) cap_add;
        BH_VEC(struct bh_cap) cap_drop;
        BH_VEC(struct bh_mount) mounts;
        BH_VEC(struct bh_port) ports;
        BH_VEC(struct bh_env) env;

        /* Namespaces: "host" means the host's; compose service:X / container:X
         * are kept as written (the frontend also copies X's settings when it can
         * follow them, with the loc of the reference). */
        struct bh_value network_mode; /* "host", "bridge", "none", "container:x" ... */
        struct bh_value pid_mode;
        struct bh_value ipc_mode;
        struct bh_value uts_mode;
        struct bh_value userns_mode;  /* "host", "keep-id", "auto", "" ...; k8s hostUsers: false -> "private" */
        struct bh_value cgroupns_mode;
        BH_VEC(struct bh_value) security_opt; /* raw security options as given */

        /* Parsed security options (compose security_opt, --security-opt,
         * Quadlet keys, Kubernetes securityContext), every one with where it came from. */
        enum bh_tristate no_new_privileges; /* k8s: allowPrivilegeEscalation=false -> TRUE */
        struct bh_loc no_new_privileges_loc;
        struct bh_value seccomp;     /* "unconfined", "default"/"runtime/default", a profile */
        struct bh_value apparmor;    /* "unconfined", "runtime/default", a profile name */
        struct bh_value selinux_type; /* label=type:X, SecurityLabelType=, seLinuxOptions.type */
        enum bh_tristate selinux_disabled; /* label=disable, SecurityLabelDisable=true */
        struct bh_loc selinux_disabled_loc;
        /* /proc and /sys paths unmasked: systempaths=unconfined, Unmask=ALL,
         * procMount: Unmasked. */
        enum bh_tristate systempaths_unconfined;
        struct bh_loc systempaths_loc;

        enum bh_tristate read_only_rootfs;
        struct bh_loc read_only_rootfs_loc;
        BH_VEC(struct bh_device) devices;
        BH_VEC(struct bh_value) device_cgroup_rules;
        BH_VEC(struct bh_sysctl) sysctls;

        /* Resource limits as written (unset when absent). */
        struct bh_value mem_limit;
        struct bh_value cpu_limit;
        struct bh_value pids_limit;

        /* compose use_api_socket: the engine API socket and credentials. */
        enum bh_tristate use_api_socket;
        struct bh_loc use_api_socket_loc;

        /* Kubernetes: runAsNonRoot, and the service account token mount. */
        enum bh_tristate run_as_non_root;
        struct bh_loc run_as_non_root_loc;
        enum bh_tristate automount_sa_token;
        struct bh_loc automount_sa_token_loc;
        /* Where this container's pod / service / unit is, for findings about an
         * absent key (the key cannot be pointed at). */
        struct bh_loc owner_loc;

        /* A live container (bulkhead engine): its init process as the kernel
         * reports it, next to what the engine API claims.  NULL for every
         * other surface and for containers that do not run. */
        struct bh_proc_state *proc;
};

/* What the kernel says of a running container's init process
 * (/proc/<State.Pid>/status) and what the engine API claims for the same
 * settings; the frontend fills both so the rule only compares. */
struct bh_proc_state {
        bool checked;     /* /proc was read: the kernel fields are set */
        const char *why;  /* !checked: why not (another host, permission ...) */
        uint32_t pid;
        uint64_t cap_eff; /* CapEff */
        uint64_t cap_bnd; /* CapBnd: what the process can ever hold */
        uint64_t cap_mask; /* capabilities this kernel knows (cap_last_cap) */
        int no_new_privs; /* 0/1; -1 the kernel does not report it */
        int seccomp;      /* 0 off, 1 strict, 2 filter; -1 not reported */
        /* The API's claims: capabilities (api_caps_known false: not
         * computable), no-new-privileges and whether a seccomp filter
         * applies (0/1). */
        uint64_t api_caps;
        bool api_caps_known;
        int api_no_new_privs;
        int api_seccomp;
        struct bh_loc loc; /* the State.Pid line */
};

/* Capability bit numbers (linux/capability.h) by normalised name ("SYS_ADMIN"):
 * -1 when unknown.  bh_cap_name(bit) is NULL past the table. */
int bh_cap_bit(const char *name);
const char *bh_cap_name(unsigned bit);
#define BH_CAP_COUNT 41u /* CAP_CHOWN .. CAP_CHECKPOINT_RESTORE */

/* A container network (compose networks:, Quadlet .network, engine /networks). */
struct bh_network {
        const char *name;
        const char *driver;          /* "bridge" (default), "overlay", "macvlan" ... */
        enum bh_tristate enable_icc; /* com.docker.network.bridge.enable_icc */
        struct bh_loc enable_icc_loc;
        enum bh_tristate internal;
        bool external;               /* defined elsewhere: its options are unknown */
        struct bh_loc loc;
};

/* An image this document pulls (FROM, COPY --from=<image>, compose image:). */
enum bh_imgref_role {
        BH_IMGREF_BASE = 0,     /* FROM of a stage that is built */
        BH_IMGREF_COPY_FROM,    /* COPY --from / RUN --mount from= an image */
        BH_IMGREF_RUN,          /* image a container runs */
        /* bulkhead image: the image's own OS release ("debian:12", from
         * os-release), for the end-of-life rule; not a reference to pull */
        BH_IMGREF_OS,
};

struct bh_imgref {
        enum bh_imgref_role role;
        struct bh_value ref;     /* as expanded */
        const char *raw;         /* as written */
        bool in_final_chain;     /* base of the target stage or one it inherits from */
        struct bh_loc loc;
};

/* An input problem: becomes a BH9xxx finding (never a silent pass). */
struct bh_diag {
        unsigned rule;      /* e.g. 9001 */
        struct bh_loc loc;
        const char *message;
};

/* A part of a document that carries its own label or suppression: a
 * Kubernetes object (helm's "# Source: chart/templates/x.yaml" comment, the
 * workload annotation bulkhead.dev/ignore).  Findings on lines
 * [first_line, last_line] get " (from <source>)" appended to their message
 * (bh_rules_run), and the CLI applies the ignore spec to them. */
struct bh_doc_part {
        uint32_t first_line;
        uint32_t last_line;
        const char *source;    /* helm template path, or NULL */
        const char *ignore;    /* "BH4003,BH5009 reason=..." as written, or NULL */
        struct bh_loc ignore_loc;
};

/* One scanned input document. */
struct bh_doc {
        struct bh_arena arena;
        const char *path;   /* as given / found by the walk; "-" or --stdin-name for stdin */
        enum bh_surface surface;
        const char *text;   /* the whole input (NUL-terminated, owned by the caller) */
        size_t text_len;

        struct bh_dockerfile *dockerfile; /* surface == DOCKERFILE, in arena */

        BH_VEC(struct bh_container *) containers;
        BH_VEC(struct bh_imgref) images;
        BH_VEC(struct bh_diag) diags;
        BH_VEC(struct bh_network) networks;

        /* A surface's own typed model (like dockerfile above), owned by the arena
         * and read by that surface's rules: struct bh_compose_file, struct
         * bh_kube_set ... */
        void *surface_model;

        /* Labelled parts, sorted by first_line, not overlapping (arena). */
        const struct bh_doc_part *parts;
        size_t nparts;

        /* Vulnerable packages (src/model/vuln.h), filled by the command before
         * the rules run (bulkhead host, bulkhead image); NULL: not asked for.
         * In the arena; bh_doc_release frees its vectors. */
        struct bh_vuln_report *vulns;
};

void bh_doc_init(struct bh_doc *d, const char *path, enum bh_surface surface, const char *text,
                 size_t len);
void bh_doc_release(struct bh_doc *d);
struct bh_container *bh_doc_add_container(struct bh_doc *d, enum bh_container_origin origin);
void bh_doc_add_diag(struct bh_doc *d, unsigned rule, struct bh_loc loc, const char *fmt, ...)
        BH_PRINTF(4, 5);
/* The part covering line, or NULL. */
const struct bh_doc_part *bh_doc_part_at(const struct bh_doc *d, uint32_t line);
/* 1-based line n of the text, without its newline (pointer + length); false if out of range. */
bool bh_doc_line(const struct bh_doc *d, uint32_t n, const char **ret_line, size_t *ret_len);

/* Normalise a capability name: trim, upper-case, strip CAP_ (into arena). */
const char *bh_cap_normalize(struct bh_arena *a, const char *raw);
/* Normalise a path: collapse //, /./, resolve .. lexically, drop trailing /.
 * Returns an arena string. */
const char *bh_path_normalize(struct bh_arena *a, const char *path);
/* The same into out, which has room for strlen(path) + 2 bytes; returns the
 * length. */
size_t bh_path_normalize_into(char *out, const char *path);
