/* Helpers the checks share: image references, users, file modes, secret
 * names and values, capability tiers, and walking the scripts of a
 * Dockerfile.  Pure functions of their arguments (no I/O); exported so the
 * parts that are easy to get wrong have unit tests (tests/rules/test-checks.c). */
#pragma once

#include "../model/dockerfile.h"
#include "../model/shell.h"
#include "rules.h"

/* An image reference split as the engines split it:
 * [registry[:port]/]path[:tag][@digest].  Empty strings for absent parts. */
struct bh_ref_parts {
        char registry[256];
        char path[512];
        char tag[136];
        char digest[160];
};

/* Split ref into *ret.  A ':' is a tag only after the last '/', so
 * "registry:5000/img" has no tag.  The first component is a registry when it
 * holds a '.' or ':' or is "localhost" (the docker/distribution rule).  False
 * when ref is empty or a part does not fit. */
bool bh_ruleutil_parse_ref(const char *ref, struct bh_ref_parts *ret);

/* The path without a docker.io registry and without "library/": what the
 * official image is called ("debian", "quay.io" paths are left alone).
 * Points into p->path. */
const char *bh_ruleutil_ref_short_path(const struct bh_ref_parts *p);

/* Is a user spec (user[:group]) root?  The group never matters; the user
 * part is root when it is "root" or an integer equal to 0 ("0", "00", "+0",
 * "-0"), as the runtimes parse it. */
bool bh_ruleutil_user_is_root(const char *user);

/* What a chmod-style mode (octal, or symbolic clauses "u+s,o+w") grants. */
struct bh_mode_bits {
        bool setuid;
        bool setgid;
        bool other_write; /* write for others */
        bool sticky;
        bool numeric;
};

/* Parse mode; false when it is not a mode (a --reference, a variable...). */
bool bh_ruleutil_parse_mode(const char *mode, struct bh_mode_bits *ret);

/* Does an ARG/ENV name look like it holds a secret (whole-word match, see
 * docs/rules/BH7003.md)? */
bool bh_ruleutil_secret_name(const char *name);
/* Does a literal value contain a well-known credential format?  Returns a
 * short description ("a GitHub token") or NULL. */
const char *bh_ruleutil_secret_value(const char *value);

/* Danger tier of an added capability (normalised name: upper case, no CAP_).
 * Sets *ret_default when the capability is in the engine default set (no
 * finding); *ret_why to a short reason. */
enum bh_severity bh_ruleutil_cap_tier(const char *name, bool *ret_default, const char **ret_why);

/* End-of-life lookup for an image reference (eol.c). */
struct bh_eol_entry {
        const char *distro;   /* "Debian" */
        const char *version;  /* "10" */
        const char *codename; /* "buster", or NULL */
        const char *eol;      /* YYYY-MM-DD: end of the last free security support */
};

/* Find the distribution release ref is based on (the repository itself, or a
 * distro suffix in the tag such as python:3.9-buster); NULL when unknown. */
const struct bh_eol_entry *bh_rules_eol_lookup(const char *ref);
/* Is the release past its end of life on day today (days since 1970)? */
bool bh_rules_eol_expired(const struct bh_eol_entry *e, int64_t today);

/* Walking a Dockerfile: every instruction, ONBUILD-wrapped ones included
 * (prefix "ONBUILD " for messages, "" otherwise). */
typedef void (*bh_instr_fn)(const struct bh_df_instr *in, const char *prefix, void *ctx);
void bh_ruleutil_each_instr(const struct bh_dockerfile *df, bh_instr_fn fn, void *ctx);
/* The same for the instructions whose kind is in kinds (a mask of
 * BH_RULEUTIL_KIND(k) bits): fn is not even called for the others. */
#define BH_RULEUTIL_KIND(k) (1u << (k))
void bh_ruleutil_each_instr_of(const struct bh_dockerfile *df, unsigned kinds, bh_instr_fn fn,
                               void *ctx);

/* Every shell script a RUN executes: the RUN line and its heredoc scripts. */
typedef void (*bh_script_fn)(const struct bh_df_instr *in, const char *prefix,
                             const struct bh_sh_script *s, void *ctx);
void bh_ruleutil_each_script(const struct bh_dockerfile *df, bh_script_fn fn, void *ctx);

/* The program a command runs, looking through "busybox <applet>"; sets
 * *ret_arg to the index of its first argument.  NULL for a bare assignment. */
const char *bh_ruleutil_cmd_prog(const struct bh_sh_cmd *c, size_t *ret_arg);
/* Where to report a command: its own location, else the instruction's. */
struct bh_loc bh_ruleutil_cmd_loc(const struct bh_sh_cmd *c, const struct bh_df_instr *in);
/* A flag's location, else the instruction's. */
struct bh_loc bh_ruleutil_loc_or(struct bh_loc loc, const struct bh_df_instr *in);
/* The flag --name of an instruction, or NULL. */
const struct bh_df_flag *bh_ruleutil_flag(const struct bh_df_instr *in, const char *name);

/* Engine API sockets.  Normalise a host path into buf (lexical cleanup, then
 * /var/run -> /run); false when it does not fit. */
bool bh_ruleutil_socket_norm(const char *path, char *buf, size_t cap);
/* Is a normalised path an engine API socket?  What it is ("Docker"), or NULL.
 * A known socket file name anywhere counts ($XDG_RUNTIME_DIR/podman.sock). */
const char *bh_ruleutil_socket_file(const char *norm);
/* Is a normalised path a directory holding engine sockets (/, /run,
 * /run/user/1000, /var)?  An example socket under it, or NULL. */
const char *bh_ruleutil_socket_dir(const char *norm);

/* A container the engine runs (runlabel, compose service, Quadlet unit,
 * Kubernetes container, live container), not the image a Dockerfile builds. */
bool bh_ruleutil_is_runtime(const struct bh_container *c);
/* Where to report an absent key: the owning service/unit/pod, else c->loc. */
struct bh_loc bh_ruleutil_owner_loc(const struct bh_container *c);
/* loc when it is known, else bh_ruleutil_owner_loc(c). */
struct bh_loc bh_ruleutil_loc_or_owner(struct bh_loc loc, const struct bh_container *c);
/* The container's name for messages ("(unnamed)" when it has none). */
const char *bh_ruleutil_ctr_name(const struct bh_container *c);
/* Is v set, known and equal to s (case-insensitive)? */
bool bh_ruleutil_value_is(const struct bh_value *v, const char *s);
