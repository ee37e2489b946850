/* Frontends: untrusted bytes -> model.  They never print and never exit; input
 * problems become diagnostics (bh_doc_add_diag with a BH9xxx rule number),
 * program failures negative error codes. */
#pragma once

#include "../model/dockerfile.h"
#include "../model/model.h"
#include "../model/shell.h"
#include "../util/error.h"

struct bh_df_options {
        const char *target;          /* --target: stage name, NULL for the last stage */
        const char *const *build_args; /* "NAME=value" strings (--build-arg) */
        size_t nbuild_args;
};

/* Parse doc->text as a Dockerfile/Containerfile.  Fills doc->dockerfile, and
 * the cross-surface model: one container for the image being built (final
 * stage: USER, VOLUME mounts, EXPOSE ports, ENV and ARG, capabilities from
 * LABEL io.containers.capabilities), one container per runlabel
 * (LABEL RUN/INSTALL="podman run ...") parsed as a run command line, and the
 * image references of every FROM.  Returns 0 (diagnostics may have been added),
 * negative only on program failure. */
/*
 * How values and locations are filled (what rules can rely on):
 * - Every bh_df_instr.loc is the keyword's line/column; end_line is the last
 *   physical line (continuations and heredoc terminator included).
 * - Shell-form words (argv), flags (flags[].loc at "--", value.loc at the
 *   value) and key/values (kvs[].loc at the key) carry their own line/column,
 *   also across continuation lines.  JSON-form elements all carry the
 *   location of the opening '['.
 * - Expanded values: known=false means the value depends on an ARG with no
 *   default and no --build-arg, a builder-provided ARG (TARGETARCH...), a
 *   variable never declared in the scope (it may come from the base image), a
 *   ${V#pattern}-style substitution, or crossed BH_LIMIT_EXPANSION_SIZE; s is
 *   then the text exactly as written.  RUN/CMD/ENTRYPOINT are not expanded
 *   (the shell does that); ONBUILD's wrapped instruction is not expanded
 *   either (known=false when it uses a variable).
 * - Every bh_sh_cmd.loc of instr->script (RUN shell form, also under ONBUILD)
 *   and of heredoc scripts (also ONBUILD RUN heredocs) is the line/column of
 *   the command's first word in the Dockerfile.  Commands from an sh -c
 *   string do too when the string is one quoted word without escapes on one
 *   line; otherwise they all point at the string.  A stage whose SHELL is
 *   not a POSIX shell (pwsh, cmd) gets no scripts.
 * - Exec form running a shell (RUN ["sh", "-c", "..."], any POSIX shell,
 *   flags such as -ec): instr->script is the -c string, whatever SHELL says,
 *   and every command points at the '['.  Other exec forms have no script.
 * - The image container: image = base of the root of the target's FROM
 *   chain (FROM <stage> resolved), user = the target stage's user with
 *   loc = that USER instruction (unset when no USER in the chain), env = ENV
 *   of the chain in order, then the target stage's ARGs (is_build_arg).
 * - Runlabel containers (LABEL RUN/INSTALL/UNINSTALL, exact upper-case keys):
 *   loc = the LABEL instruction, name = --name or the label key, and every
 *   field's loc is that LABEL line; an IMAGE placeholder image is known=false.
 * - doc->images: one BASE per FROM that is neither a stage nor scratch (loc =
 *   the image word), one COPY_FROM per COPY --from / RUN --mount from= that
 *   names neither a stage nor a stage index (loc = the flag value).
 * - Diagnostics: 9001 binary input (NUL byte: nothing is parsed), unterminated
 *   heredoc, and 9002 malformed/unknown instruction or flag, RUN shell syntax
 *   error, unknown --target (line 0); 9003 a limit of limits.h; 9005 (info)
 *   a FROM image or USER whose value is unknown.
 */
int bh_frontend_dockerfile(struct bh_doc *doc, const struct bh_df_options *opt,
                           struct bh_error **err);

/* Tokenize a POSIX shell script (bash-compatible subset) into simple commands.
 * Never executes anything.  text need not be NUL-terminated.  Offsets in the
 * result are relative to text.  Never returns NULL.
 * Commands come in source order, each followed by those nested in its words
 * ($(...), `...`, <(...), the string of sh/bash -c and su -c).  Keywords (if,
 * then, for ... in, case patterns, {, }) are not commands.  A bare wrapper
 * (`sudo`, `sudo -l`, `env`) is its own argv0 with via_sudo false. */
struct bh_sh_script *bh_sh_parse(struct bh_arena *a, const char *text, size_t len);

/* Parse the words of a `docker run` / `podman run` / `podman create` command
 * line (words[0] is the program, e.g. "podman") into c.  Unknown flags are
 * skipped (their argument arity taken from a table).  loc is used for every
 * field and for c->owner_loc.  Flags take every spelling docker and podman
 * accept (--flag=v, --flag v, short clusters -itdm1g, booleans --flag or
 * --flag=false); --security-opt goes through bh_secopt_apply.  Two entries
 * stand for what is unknown here: --env-file adds an env entry with name
 * NULL, value_known false and the file as value; -P adds a published port
 * with known false and no host_ip (every EXPOSEd port, all interfaces).
 * Returns false when the words are not a run/create command. */
bool bh_runcmd_parse(struct bh_doc *doc, const char *const *words, size_t nwords,
                     struct bh_loc loc, struct bh_container *c);

/* Apply one security option to c, whatever surface it came from:
 * --security-opt and compose security_opt values (both the '=' and the
 * deprecated ':' separator), and keys other surfaces rewrite into that form.
 * Always appends opt to c->security_opt (as written, loc); then fills the
 * parsed fields with loc: no-new-privileges[=|:bool], seccomp=, apparmor=,
 * label=disable|type:X|user:|role:|level:|filetype:|nested (and the legacy
 * bare "disable"), systempaths=unconfined, unmask=ALL|paths (any /proc or
 * /sys path sets systempaths_unconfined), mask=, proc-opts=,
 * writable-cgroups=.  Keys are case-sensitive as in Docker and Podman.
 * Returns false for an option it does not understand (or one holding a
 * $placeholder): it is then only in security_opt, nothing is guessed. */
bool bh_secopt_apply(struct bh_doc *doc, struct bh_container *c, const char *opt,
                     struct bh_loc loc);

/* Parse doc->text as a stream of Kubernetes manifests (YAML documents or
 * JSON; kind List and every *List with items; helm template output; podman
 * kube play files) into a struct bh_kube_set (doc->surface_model, see
 * src/model/kube.h: values exactly as written) and one struct bh_container
 * per container, init container and ephemeral container of the nine
 * workload kinds.  Returns 0; input problems are diagnostics.
 * How the containers are filled (what rules can rely on):
 * - name "Deployment/web container app" ("initContainer",
 *   "ephemeralContainer"), origin BH_ORIGIN_SERVICE, loc = owner_loc = the
 *   container's list entry; every other field has the location of its key.
 * - Pod and container securityContext merged: the container's runAsUser
 *   (user, decimal text), runAsNonRoot, seLinuxOptions (selinux_type),
 *   seccompProfile and appArmorProfile win over the pod's; seccomp and
 *   apparmor are "unconfined", "runtime/default", "localhost/<profile>" (or
 *   the type as written when unknown), falling back to the deprecated
 *   annotations (values as written, located at the annotation key):
 *   container field, container annotation, pod field, pod annotation.
 * - no_new_privileges: allowPrivilegeEscalation false -> TRUE, true ->
 *   FALSE; privileged: true or capability SYS_ADMIN added -> FALSE (the API
 *   says escalation is then always allowed).  procMount Unmasked ->
 *   systempaths_unconfined TRUE, Default -> FALSE.
 * - hostNetwork/hostPID/hostIPC true -> network/pid/ipc mode "host";
 *   hostUsers false -> userns_mode "private" (unset/true is the default and
 *   left unset).  Pod sysctls go to every container.
 * - hostPath volumes -> BIND mounts (source = hostPath.path, located there)
 *   for each volumeMount naming them (target, read_only from the mount); a
 *   hostPath no container mounts goes to every container with target NULL.
 * - ports: containerPort (known when 1..65535), published with host_ip
 *   (NULL = all interfaces) when hostPort is not 0; proto lower case.
 * - env: literal values only (valueFrom entries are references, skipped).
 * - automount_sa_token: the pod's field, else that of its ServiceAccount
 *   (serviceAccountName, "default") when that object is in the same file.
 * - doc->images: one BH_IMGREF_RUN per container image.
 * - doc->parts: one per object with a helm "# Source:" comment or a
 *   bulkhead.dev/ignore annotation (on the object or its pod template).
 * Diagnostics: 9001/9003 from the YAML loader (documents before the problem
 * are kept), 9002 for a broken workload (no pod spec, containers not a list,
 * a container without name or image, a value of the wrong type), 9003 for
 * List nesting deeper than BH_LIMIT_KUBE_LIST_DEPTH. */
int bh_frontend_kube(struct bh_doc *doc, struct bh_error **err);
/* Does text (its first 4 KiB) look like a manifest: keys apiVersion and kind? */
bool bh_frontend_kube_sniff(const char *text, size_t len);
/* Walked files: *.k8s.yaml|yml|json always; other *.yaml, *.yml, *.json
 * when they are not compose file names, CI files (.gitlab-ci.yml,
 * .github/workflows/) nor a Helm chart's templates/, and
 * their first 4 KiB pass bh_frontend_kube_sniff (the head is read here, so
 * other YAML and JSON is neither parsed nor listed as scanned). */
bool bh_frontend_kube_match(const char *path, const char *base);

/* Is this file name one bulkhead recognises as a Dockerfile/Containerfile? */
bool bh_frontend_is_dockerfile_name(const char *basename);

/* Podman Quadlet units (.container, .pod, .kube, .network, .volume; the
 * section present decides for a file named otherwise).  A .container is one
 * container (BH_ORIGIN_SERVICE, name = the unit file name, loc and owner_loc
 * = the [Container] header); every key becomes the podman run flag Quadlet
 * generates and goes through the run-flag parser, with the key's location.
 * .pod, .kube (UserNS, Network, PublishPort...) and a .volume that binds a
 * host Device= are BH_ORIGIN_SHARED entries; a .network is a doc->networks
 * entry.  Image= is a BH_IMGREF_RUN in doc->images.  Diagnostics: 9001 NUL
 * byte, 9002 malformed line, bad boolean, Group= without User=, no Image=,
 * PodmanArgs holding a non-option; 9003 limits; 9005 Image= naming another
 * unit.  A file without its Quadlet section (a Perl .pod, a networkd
 * .network) yields nothing.  Returns 0. */
int bh_frontend_quadlet(struct bh_doc *doc, struct bh_error **err);

/* docker/podman/nerdctl run|create (also `container run`) command lines in
 * shell scripts, Makefile recipes, systemd Exec*= lines, GitHub workflow
 * run: and GitLab CI script: strings, and Markdown shell code blocks; the
 * kind of file comes from doc->path.  One container per command
 * (BH_ORIGIN_RUNLINE, name "docker run (line N)", loc = the program word),
 * each field at the option word that set it; the image in doc->images.
 * Files that name no engine cost one memmem and yield nothing.  Returns 0. */
int bh_frontend_runline(struct bh_doc *doc, struct bh_error **err);

/* ---- compose (src/frontend/compose/) ---- */

struct bh_frontend_opts;

/* Parse doc->text as a compose file (docker compose, podman-compose) and the
 * project it makes: .env (or --env-file) interpolation, its override file or
 * the -f files, extends, include, anchors and merge keys, exactly as compose
 * merges them.  Other files are read only through o->read_file.  One
 * container per service (origin BH_ORIGIN_SERVICE, name = the service,
 * owner_loc = its key; every field at its key, list fields at their entry),
 * doc->networks (declared ones, and the implicit "default" bridge at the
 * services: key when a service uses it), doc->images (BH_IMGREF_RUN for
 * image: of services that are not built).  Values from an anchor, another
 * service (extends) or another file are located at the place in this
 * document that brings them in, and the location's note names where they
 * are written.  Returns 0; input problems are diagnostics. */
int bh_frontend_compose(struct bh_doc *doc, const struct bh_frontend_opts *o,
                        struct bh_error **err);
/* compose.yaml, docker-compose.yml, podman-compose.yaml ... and override files. */
bool bh_compose_is_name(const char *basename);
/* compose.override.yaml/.yml, docker-compose.override.yaml/.yml */
bool bh_compose_is_override_name(const char *basename);
/* Does content look like a compose file (a top-level services: mapping)? */
bool bh_compose_sniff(const char *text, size_t len);

/* ---- engine configuration and the host (src/frontend/host/) ---- */

struct bh_frontend_opts;

/* daemon.json (Docker): daemon.json and *.daemon.json.  doc->surface_model
 * is a struct bh_engine_cfg (src/model/host.h); settings every container
 * inherits (seccomp-profile, default-ipc-mode) also go to a BH_ORIGIN_SHARED
 * container.  Diagnostics: 9001 not JSON, 9002 a known key of the wrong type. */
bool bh_frontend_daemon_match(const char *path, const char *base);
int bh_frontend_daemon(struct bh_doc *doc, const struct bh_frontend_opts *o,
                       struct bh_error **err);
/* Podman containers.conf (containers.conf, *.containers.conf,
 * containers.conf.d/ files, containers.rootless.conf) and registries.conf
 * (registries.conf, *.registries.conf, registries.conf.d/ files), read with
 * the bounded TOML reader into a struct bh_engine_cfg; [containers] defaults
 * also go to a BH_ORIGIN_SHARED container.  Diagnostics: 9001 TOML syntax,
 * 9002 a known key of the wrong type, 9003 limits. */
bool bh_frontend_containers_conf_match(const char *path, const char *base);
int bh_frontend_containers_conf(struct bh_doc *doc, const struct bh_frontend_opts *o,
                                struct bh_error **err);
/* containerd's config.toml (any path ending in containerd/config.toml, and
 * *.containerd.toml), read into a struct bh_engine_cfg of kind
 * BH_ENGINE_CONTAINERD; CRI defaults go to a BH_ORIGIN_SHARED container.
 * Diagnostics as for containers.conf. */
bool bh_frontend_containerd_conf_match(const char *path, const char *base);
int bh_frontend_containerd_conf(struct bh_doc *doc, const struct bh_frontend_opts *o,
                                struct bh_error **err);

struct bh_host_opts {
        const char *root;    /* "/" by default */
        bool force_portable; /* never use openat2 (tests) */
};

/* bulkhead host: read the host below o->root into doc (surface
 * BH_SURFACE_HOST, surface_model = struct bh_host, containers = the engines'
 * shared defaults).  Every path is resolved inside the root; nothing is
 * executed or written.  Files that cannot be read are facts with a reason,
 * never a failure.  Fails only when the root cannot be opened. */
int bh_frontend_host(struct bh_doc *doc, const struct bh_host_opts *o, struct bh_error **err);

/* ---- the frontend registry (frontends.c): one row per surface ---- */

/* Everything a frontend may need from the command line. */
struct bh_frontend_opts {
        struct bh_df_options df;
        const char *const *env_files; /* compose --env-file, in order */
        size_t nenv_files;
        const char *profile;          /* "default", "pss-baseline", "pss-restricted" */
        const char *pss_version;      /* "latest" or "v1.N" */
        /* compose -f: files merged in order into one project; the first is
         * the document being scanned (compared with doc->path).  When the
         * scanned file is not the first, or none are given, its override
         * file (compose.override.yaml ...) is merged instead. */
        const char *const *compose_files;
        size_t ncompose_files;
        /* The process environment ("NAME=value", NULL-terminated) for compose
         * interpolation; NULL: empty. */
        const char *const *process_env;
        /* Read a file a document refers to (compose .env, override, extends,
         * include and env_file targets): 0 with a NUL-terminated heap buffer
         * the frontend frees, BH_ENOENT when it does not exist, BH_ELIMIT
         * over BH_LIMIT_FILE_SIZE, another negative code otherwise.  NULL:
         * nothing else is read (every such file is missing). */
        int (*read_file)(void *ctx, const char *path, char **ret_data, size_t *ret_len);
        void *read_ctx;
};

typedef int (*bh_frontend_parse_fn)(struct bh_doc *doc, const struct bh_frontend_opts *o,
                                    struct bh_error **err);

struct bh_frontend_desc {
        const char *type;      /* --type name and the report's "surface" */
        enum bh_surface surface;
        /* Is a file found by the directory walk one of ours?  path is as found,
         * base its last component. */
        bool (*match)(const char *path, const char *base);
        /* For a file named explicitly whose name matches no frontend: does its
         * content look like ours?  NULL: never claims by content. */
        bool (*sniff)(const char *text, size_t len);
        bh_frontend_parse_fn parse;
};

const struct bh_frontend_desc *bh_frontend_table(size_t *ret_count);
/* By --type name; NULL when unknown. */
const struct bh_frontend_desc *bh_frontend_find(const char *type);
/* For a file found by the walk; NULL when no frontend wants it. */
const struct bh_frontend_desc *bh_frontend_for_path(const char *path);
/* For a file named explicitly: by name, else by content, else the Dockerfile frontend. */
const struct bh_frontend_desc *bh_frontend_for_file(const char *path, const char *text,
                                                    size_t len);
