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
int bh_frontend_dockerfile(struct bh_doc *doc, const struct bh_df_options *opt,
                           struct bh_error **err);

/* Tokenize a POSIX shell script (bash-compatible subset) into simple commands.
 * Never executes anything.  text need not be NUL-terminated.  Offsets in the
 * result are relative to text.  Never returns NULL. */
struct bh_sh_script *bh_sh_parse(struct bh_arena *a, const char *text, size_t len);

/* Parse the words of a `docker run` / `podman run` / `podman create` command
 * line (words[0] is the program, e.g. "podman") into c.  Unknown flags are
 * skipped (their argument arity taken from a table).  loc is used for every
 * field.  Returns false when the words are not a run/create command. */
bool bh_runcmd_parse(struct bh_doc *doc, const char *const *words, size_t nwords,
                     struct bh_loc loc, struct bh_container *c);

/* Is this file name one bulkhead recognises as a Dockerfile/Containerfile? */
bool bh_frontend_is_dockerfile_name(const char *basename);
