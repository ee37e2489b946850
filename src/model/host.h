/* The host model (bulkhead host) and the engine-configuration model
 * (daemon.json + dockerd flags, the containers.conf stack, registries.conf).
 * Host and daemon rules read only these.  Every string is owned by the
 * document arena.  Every value records where it was read: a location whose
 * loc.file names the file (a path inside the audited root, as displayed). */
#pragma once

#include "model.h"
#include "pkg.h"

/* ---- engine configuration ---- */

enum bh_engine_kind {
        BH_ENGINE_DOCKER = 0,
        BH_ENGINE_PODMAN,
        BH_ENGINE_CONTAINERD, /* /etc/containerd/config.toml */
};

/* Where a daemon setting came from. */
enum bh_cfg_origin {
        BH_CFG_FILE = 0, /* daemon.json, containers.conf, registries.conf */
        BH_CFG_UNIT,     /* dockerd flag in the systemd unit / drop-in ExecStart= */
        BH_CFG_PROC,     /* dockerd flag of the running process (/proc/<pid>/cmdline) */
};

/* One setting.  set=false: not given anywhere (the engine default applies).
 * For booleans b is the value; s is the text as written (also for booleans). */
struct bh_cfg_val {
        bool set;
        bool b;
        bool bool_ok; /* s parsed as a boolean */
        const char *s;
        enum bh_cfg_origin origin;
        struct bh_loc loc; /* the key, or the flag word */
};

/* One entry of a list setting (hosts, insecure registries, runtimes). */
struct bh_cfg_item {
        const char *s;
        const char *extra; /* runtimes: path or runtimeType; NULL otherwise */
        enum bh_cfg_origin origin;
        struct bh_loc loc;
        /* runtimes: the executable as written (Docker "path", --add-runtime
         * name=path, Podman's first candidate); NULL for a runtimeType shim.
         * bulkhead host stats it: path_stat_ok, path_mode (st_mode & 07777). */
        const char *path;
        bool path_stat_ok;
        uint32_t path_mode;
};

struct bh_engine_cfg {
        enum bh_engine_kind kind;
        bool present;      /* some configuration was read */
        const char *path;  /* the main file or unit (display path) */
        struct bh_loc loc; /* line 1 of it, or the ExecStart= line: absent keys point here */
        bool rootless;     /* a rootless engine's configuration */

        /* Docker (daemon.json keys, dockerd flags). */
        struct bh_cfg_val icc;
        struct bh_cfg_val userland_proxy;
        struct bh_cfg_val no_new_privileges;
        struct bh_cfg_val live_restore;
        struct bh_cfg_val userns_remap;
        struct bh_cfg_val selinux_enabled;
        struct bh_cfg_val iptables;
        struct bh_cfg_val tls;
        struct bh_cfg_val tlsverify;
        struct bh_cfg_val tlskey;
        struct bh_cfg_val tlscert;
        struct bh_cfg_val tlscacert;
        struct bh_cfg_val log_driver;
        struct bh_cfg_val group; /* the socket's group */
        /* Both: seccomp profile (seccomp-profile / seccomp_profile), default
         * runtime (default-runtime / [engine] runtime). */
        struct bh_cfg_val seccomp_profile;
        struct bh_cfg_val default_runtime;
        /* Podman ([containers] keys; Docker has no daemon-level equivalent). */
        struct bh_cfg_val label; /* SELinux labelling on (true) or off */
        struct bh_cfg_val apparmor_profile;
        struct bh_cfg_val userns; /* [containers] userns */

        BH_VEC(struct bh_cfg_item) hosts;               /* -H / "hosts" */
        BH_VEC(struct bh_cfg_item) insecure_registries; /* + registries.conf insecure=true */
        BH_VEC(struct bh_cfg_item) runtimes;            /* "runtimes" / [engine.runtimes] */
        BH_VEC(struct bh_cfg_item) authz_plugins;
        BH_VEC(const char *) files; /* every file read, in order */
        /* What the configuration gives every container (seccomp, AppArmor,
         * labels, namespaces, capabilities, volumes): a BH_ORIGIN_SHARED
         * container of doc->containers, so the container rules apply to it.
         * NULL when the configuration sets none of these. */
        struct bh_container *defaults;

        /* Podman: [containers] log_driver (Docker's is log_driver above). */
        struct bh_cfg_val podman_log_driver;
        /* Each value of a merged stack records its own file (loc.file); the
         * user whose effective configuration this is ("alice"), or NULL. */
        const char *user;

        /* containerd (config.toml, version 1, 2 or 3).  The [grpc] TCP
         * listener is hosts ("tcp://ADDR"), with tls = tcp_tls_cert given and
         * tlsverify = tcp_tls_ca given (client certificates required);
         * enable_selinux is selinux_enabled; the CRI runtimes are runtimes
         * (runtime_type in extra, options.BinaryName in path) and
         * default_runtime_name is default_runtime. */
        struct bh_cfg_val config_version;
        struct bh_cfg_val grpc_address; /* the socket ([grpc] address) */
        struct bh_cfg_val grpc_uid;
        struct bh_cfg_val grpc_gid;
        struct bh_cfg_val systemd_cgroup; /* runtimes.<name>.options.SystemdCgroup */
        struct bh_cfg_val disable_apparmor;
        struct bh_cfg_val restrict_oom_score_adj;
        struct bh_cfg_val unprivileged_ports;
        struct bh_cfg_val unprivileged_icmp;
        struct bh_cfg_val device_ownership; /* device_ownership_from_security_context */
        /* A configuration file that exists but could not be read ("permission
         * denied"): the checks of this engine are unknown, with this as the
         * evidence, never judged on defaults.  NULL when all were read. */
        const char *unreadable;
        struct bh_loc unreadable_loc;
        bool cri_disabled; /* disabled_plugins lists the CRI plugin */
        struct bh_loc cri_disabled_loc;
        /* containerd: the CRI registry's config_path (hosts.toml directories,
         * ':'-separated); its skip_verify / http:// hosts, the old
         * registry.configs.<host>.tls.insecure_skip_verify and http://
         * registry.mirrors endpoints are insecure_registries. */
        struct bh_cfg_val registry_config_path;
        /* Podman API service: the unit whose Environment= set CONTAINERS_CONF /
         * CONTAINERS_CONF_OVERRIDE (the value's location), or NULL. */
        const char *env_unit;
        struct bh_loc env_loc;
        /* Podman: the arrays a file switched to appending with {append=true}
         * (containers.conf(5): sticky for later files until {append=false});
         * 1 default_capabilities, 2 volumes, 4 devices. */
        unsigned podman_append;
};

/* A micro-VM or sandbox runtime (kata, gVisor runsc, krun, firecracker)? */
bool bh_engine_runtime_is_sandbox(const char *name, const char *extra);

/* ---- the host ---- */

/* A fact read from the host: set=false means it could not be read, with why
 * saying so ("no such file", "permission denied").  loc.file is the path. */
struct bh_fact {
        bool set;
        const char *s; /* the value, trimmed */
        const char *why;
        struct bh_loc loc;
};

/* A file or socket whose mode and owner matter. */
enum bh_hostfile_kind {
        BH_HF_SOCKET = 0, /* an engine API socket */
        BH_HF_CONFIG,     /* daemon.json, containers.conf */
        BH_HF_TLSKEY,     /* the daemon's TLS private key */
};

struct bh_hostfile {
        enum bh_hostfile_kind kind;
        const char *path;   /* inside the root ("/run/docker.sock") */
        const char *engine; /* "Docker", "Podman", "containerd" */
        bool exists;
        bool stat_ok;
        const char *why; /* when !stat_ok */
        bool is_socket;
        bool is_regular;
        uint32_t mode; /* st_mode & 07777 */
        uint32_t uid;
        uint32_t gid;
        const char *owner;       /* from /etc/passwd, or NULL */
        const char *group;       /* from /etc/group, or NULL */
        const char *members;     /* comma-separated members of that group (/etc/group), or NULL */
        struct bh_loc group_loc; /* the group's line in /etc/group */
        /* users whose primary group (4th field of /etc/passwd) is gid: they
         * use the socket too without being members in /etc/group ("" none) */
        const char *primary_members;
        struct bh_loc loc;       /* loc.file = path */
        /* A per-user file (~/.config/..., ~/.docker/, /run/user/<uid>/):
         * owner_uid is the uid it should belong to (the home's or the
         * runtime directory's owner); the file may be that user's, never
         * group- or world-writable. */
        bool per_user;
        uint32_t owner_uid;
        /* Not on disk (the engine is not running): mode, uid and gid as the
         * engine will create the socket, from its configuration at loc. */
        bool configured;
};

enum bh_kernel_flavour {
        BH_KFLAV_UNKNOWN = 0,
        BH_KFLAV_UPSTREAM, /* no distro tag: upstream stable numbering applies */
        BH_KFLAV_DEBIAN,   /* "Debian <pkgver>" in /proc/version */
        BH_KFLAV_UBUNTU,   /* /proc/version_signature */
        BH_KFLAV_RHEL,     /* .elN in the release */
        BH_KFLAV_OTHER,    /* another distro's build */
};

/* A CVE verdict for the running kernel or an installed engine/runtime package,
 * decided by the matcher (src/vuln/hostcve.c) before the rules run. */
enum bh_cve_state {
        BH_CVE_NOT_VULNERABLE = 0,
        BH_CVE_VULNERABLE,
        BH_CVE_UNKNOWN, /* a distro build whose fix data bulkhead lacks, a stream without data */
};

struct bh_cve_verdict {
        const char *cve;
        const char *name;      /* "Dirty Pipe", "runc /proc/self/fd leak" ... */
        const char *component; /* "kernel", "runc", "containerd", "docker", "podman" ... */
        const char *package;   /* the package or "running kernel" */
        const char *version;   /* the version compared */
        enum bh_cve_state state;
        enum bh_severity severity; /* after the preconditions on this host */
        const char *why;           /* how the verdict was reached */
        struct bh_loc loc;         /* where the version was read */
};

struct bh_host {
        const char *root; /* the audited root as given ("/") */

        /* /etc/os-release (or /usr/lib/os-release) */
        struct bh_fact os_id;
        struct bh_fact os_version_id;
        struct bh_fact os_codename;
        struct bh_fact os_pretty;

        /* Kernel: /proc/sys/kernel/osrelease, /proc/version, /proc/version_signature. */
        struct bh_fact kernel_release;
        struct bh_fact kernel_version;
        struct bh_fact kernel_signature;
        enum bh_kernel_flavour kflavour;
        /* x.y.z of upstream the kernel is based on ("" when unknown), and
         * the distro package version when known ("5.10.209-2"). */
        const char *kernel_upstream;
        const char *kernel_pkgver;
        struct bh_loc kernel_pkgver_loc;
        struct bh_fact livepatch; /* /sys/kernel/livepatch entries, if any */

        /* Package database. */
        struct bh_fact pkgdb; /* "dpkg (N packages)", "rpm (...)" when a database was read; why otherwise */
        struct bh_pkg_list pkgs;
        /* The OS as the package-database readers found it (os-release, then
         * alpine-release, debian_version, redhat-release): the SBOM's
         * operating system and the vulnerability matcher's ecosystem. */
        struct bh_osinfo os;

        /* Isolation features. */
        struct bh_fact lsm;              /* /sys/kernel/security/lsm */
        struct bh_fact apparmor_enabled; /* /sys/module/apparmor/parameters/enabled */
        struct bh_fact selinux_enforce;  /* /sys/fs/selinux/enforce */
        struct bh_fact seccomp;          /* "Seccomp:" line of /proc/self/status */
        struct bh_fact userns_max;       /* /proc/sys/user/max_user_namespaces */
        struct bh_fact userns_clone;     /* /proc/sys/kernel/unprivileged_userns_clone */
        struct bh_fact
                userns_aa_restrict;  /* /proc/sys/kernel/apparmor_restrict_unprivileged_userns */
        struct bh_fact cgroup;       /* "v2" / "v1" with the evidence path */
        struct bh_fact vm;           /* hypervisor / DMI vendor, "none" when bare metal */
        struct bh_fact in_container; /* /.dockerenv, /run/.containerenv */

        /* Engines. */
        struct bh_engine_cfg docker;
        struct bh_engine_cfg podman;
        struct bh_engine_cfg containerd; /* /etc/containerd/config.toml */
        /* Rootless engines' per-user configurations: a user's
         * ~/.config/docker/daemon.json alone (rootless dockerd reads only
         * that file), and a user's EFFECTIVE Podman configuration (the
         * system containers.conf stack merged with ~/.config/containers/
         * containers.conf and its .d drop-ins) when that user has files of
         * their own.  rootless = true, user set, in the document arena. */
        BH_VEC(struct bh_engine_cfg *) user_cfgs;
        BH_VEC(struct bh_hostfile) files; /* sockets, config files, TLS keys */
        BH_VEC(const char *) notes;       /* what could not be read and why (arena) */

        /* Filled by the CVE matcher (bh_vuln_host_cves); cves_done false: not run. */
        bool cves_done;
        const char *cve_data_date; /* when the embedded tables were compiled */
        BH_VEC(struct bh_cve_verdict) cves;
};

/* Unprivileged user namespaces: BH_TRUE enabled, BH_FALSE disabled, BH_UNSET
 * unknown (the sysctls could not be read). */
enum bh_tristate bh_host_userns_unprivileged(const struct bh_host *h, const char **ret_why);

/* Verdict of one host or daemon check (bulkhead host output). */
enum bh_verdict {
        BH_VERDICT_PASS = 0,
        BH_VERDICT_FAIL,
        BH_VERDICT_NA,      /* does not apply on this host */
        BH_VERDICT_UNKNOWN, /* could not be decided: the evidence says why */
        BH_VERDICT__COUNT,
};

const char *bh_verdict_name(enum bh_verdict v); /* "pass", "fail", "n/a", "unknown" */

/* Free the heap vectors of a configuration / a host (the structs themselves
 * and their strings live in the document arena).  bh_doc_release calls them
 * for BH_SURFACE_ENGINECONF / BH_SURFACE_HOST documents' surface_model. */
void bh_engine_cfg_release(struct bh_engine_cfg *c);
void bh_host_release(struct bh_host *h);
