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

/* Is this file name one bulkhead recognises as a Dockerfile/Containerfile? */
bool bh_frontend_is_dockerfile_name(const char *basename);

/* ---- the frontend registry (frontends.c): one row per surface ---- */

/* Everything a frontend may need from the command line. */
struct bh_frontend_opts {
        struct bh_df_options df;
        const char *const *env_files; /* compose --env-file, in order */
        size_t nenv_files;
        const char *profile;          /* "default", "pss-baseline", "pss-restricted" */
        const char *pss_version;      /* "latest" or "v1.N" */
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
