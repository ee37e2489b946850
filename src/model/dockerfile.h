/* The typed Dockerfile / Containerfile model (what BuildKit parses).  Filled by
 * src/frontend/dockerfile/; Dockerfile-specific rules read it.  All arrays and
 * strings live in the document arena. */
#pragma once

#include "model.h"
#include "shell.h"

enum bh_df_kind {
        BH_DF_UNKNOWN = 0,
        BH_DF_ADD,
        BH_DF_ARG,
        BH_DF_CMD,
        BH_DF_COPY,
        BH_DF_ENTRYPOINT,
        BH_DF_ENV,
        BH_DF_EXPOSE,
        BH_DF_FROM,
        BH_DF_HEALTHCHECK,
        BH_DF_LABEL,
        BH_DF_MAINTAINER,
        BH_DF_ONBUILD,
        BH_DF_RUN,
        BH_DF_SHELL,
        BH_DF_STOPSIGNAL,
        BH_DF_USER,
        BH_DF_VOLUME,
        BH_DF_WORKDIR,
        BH_DF__COUNT,
};

const char *bh_df_kind_name(enum bh_df_kind k); /* "RUN" ... */

/* --name=value (or --name alone, has_value=false) */
struct bh_df_flag {
        const char *name;  /* without the dashes, lower case */
        struct bh_value value; /* expanded where BuildKit expands it */
        const char *raw;
        struct bh_loc loc;
};

struct bh_df_heredoc {
        const char *delim;
        const char *body;      /* after <<- tab stripping; ends with "\n" unless empty */
        bool strip_tabs;       /* <<- */
        bool quoted;           /* <<'EOF' / <<"EOF": no expansion in the body */
        uint32_t first_line;   /* line of the first body line */
        /* The body as a shell script when a shell runs it (RUN <<EOF, RUN sh <<EOF,
         * RUN bash -e <<EOF, a #!/bin/sh shebang); NULL when another program reads it
         * (RUN python3 <<EOF) or for COPY/ADD. */
        struct bh_sh_script *script;
};

/* ENV / LABEL / ARG pair.  For ARG without a default, value.set = false. */
struct bh_df_kv {
        const char *key;
        struct bh_value value; /* expanded (LABEL, ENV, ARG default) */
        const char *raw_value;
        struct bh_loc loc;
};

struct bh_df_instr {
        enum bh_df_kind kind;
        const char *keyword;   /* as written */
        struct bh_loc loc;     /* line/col of the keyword; end_line = last physical line */
        const char *args_raw;  /* everything after the keyword and flags, continuations joined */

        struct bh_df_flag *flags;
        size_t nflags;

        /* Exec (JSON) form when json is true; otherwise the shell-form words,
         * split on whitespace with quotes honoured, each expanded for the
         * instructions BuildKit expands (ADD COPY ENV EXPOSE FROM LABEL STOPSIGNAL
         * USER VOLUME WORKDIR ONBUILD-less).  RUN/CMD/ENTRYPOINT shell form: argv
         * holds the one raw command string. */
        bool json;
        struct bh_value *argv;
        size_t argc;

        struct bh_df_kv *kvs;  /* ENV, LABEL, ARG */
        size_t nkvs;

        struct bh_df_heredoc *heredocs;
        size_t nheredocs;

        /* RUN (shell form), also inside ONBUILD: the parsed command line.
         * Exec form: the -c string of a shell (["sh", "-c", "..."]), else NULL. */
        struct bh_sh_script *script;

        struct bh_df_instr *onbuild; /* ONBUILD: the wrapped instruction */

        int stage;             /* index into stages, -1 before the first FROM */
};

struct bh_df_stage {
        int index;
        const char *name;      /* AS name (lower-cased as BuildKit does), or NULL */
        struct bh_value base;  /* image or stage reference after ARG expansion */
        const char *base_raw;
        int parent;            /* stage index when FROM names an earlier stage, else -1 */
        bool scratch;
        struct bh_value platform; /* --platform */
        size_t first_instr;    /* index of the FROM instruction */
        size_t end_instr;      /* one past the last instruction of the stage */
        bool in_final_chain;   /* the target stage or a stage it inherits FROM */
        /* Last USER in effect at the end of the stage, following FROM <stage>
         * inheritance; unset when no USER anywhere in its chain. */
        struct bh_value user;
        size_t user_instr;     /* index of that USER instruction (when user.set) */
};

struct bh_dockerfile {
        char escape;           /* '\\' or '`' */
        const char *syntax;    /* # syntax= */
        const char *check;     /* # check= */
        struct bh_df_instr *instrs;
        size_t ninstrs;
        struct bh_df_stage *stages;
        size_t nstages;
        int target;            /* index of the stage being built (--target or last), -1 if none */
};
