/* A shell script as a list of simple commands (what a RUN line or a heredoc
 * body executes).  Filled by the shell tokenizer in src/frontend/dockerfile/;
 * rules read it.  Everything lives in the document arena. */
#pragma once

#include "model.h"

enum bh_sh_ctx {
        BH_SH_TOP = 0,    /* directly in the script */
        BH_SH_SUBSHELL,   /* ( ... ) or { ...; } */
        BH_SH_CMDSUBST,   /* $( ... ) or ` ... ` */
        BH_SH_PROCSUBST,  /* <( ... ) or >( ... ) */
        BH_SH_STRING,     /* the string of sh -c / bash -c / su -c, parsed again */
};

/* The operator that follows a command. */
enum bh_sh_sep {
        BH_SH_SEP_END = 0, /* end of script / group */
        BH_SH_SEP_SEMI,    /* ; or newline */
        BH_SH_SEP_AND,     /* && */
        BH_SH_SEP_OR,      /* || */
        BH_SH_SEP_PIPE,    /* | or |& */
        BH_SH_SEP_BG,      /* & */
};

/* Programs rules look for, recognised once by the tokenizer so that checks
 * switch on an ID instead of comparing names (bh_sh_cmd.prog). */
enum bh_sh_prog {
        BH_SH_PROG_OTHER = 0,
        BH_SH_PROG_CURL,
        BH_SH_PROG_WGET,
        BH_SH_PROG_FETCH,
        BH_SH_PROG_ARIA2C,
        BH_SH_PROG_SHELL,    /* sh bash dash ash zsh ksh mksh yash fish */
        BH_SH_PROG_PYTHON,   /* python, python3, python3.12, pypy3 ... */
        BH_SH_PROG_PERL,
        BH_SH_PROG_RUBY,
        BH_SH_PROG_NODE,     /* node, nodejs */
        BH_SH_PROG_PHP,
        BH_SH_PROG_SOURCE,   /* source, . */
        BH_SH_PROG_EVAL,
        BH_SH_PROG_VERIFIER, /* sha256sum, gpg, cosign ...: checks a download */
        BH_SH_PROG_CHMOD,
        BH_SH_PROG_INSTALL,
        BH_SH_PROG_MKDIR,
        BH_SH_PROG_FIND,
        BH_SH_PROG_SETCAP,
        BH_SH_PROG_SUDO,
        BH_SH_PROG_DOAS,
        BH_SH_PROG_BUSYBOX,
        BH_SH_PROG__COUNT,
};

struct bh_sh_word {
        const char *text;  /* quotes removed, escapes resolved, expansions kept as written */
        const char *raw;   /* exactly as in the source */
        bool literal;      /* no $-expansion, command substitution or glob in it */
        uint32_t off;      /* byte offset of the word in the top-level script text */
};

struct bh_sh_redir {
        const char *op;    /* ">", ">>", "<", "<<", "<<<", "2>", "&>" ... */
        const char *target; /* word after the operator (text form) */
};

struct bh_sh_cmd {
        struct bh_sh_word *words; /* all words, assignments and wrappers included */
        size_t nwords;
        struct bh_sh_redir *redirs;
        size_t nredirs;
        /* Index of the word that names the program actually run, after leading
         * VAR=value assignments and wrappers (sudo, env, exec, nohup, time,
         * nice, command, doas, chroot-less su -c is not a wrapper); nwords when
         * there is none (a bare assignment). */
        size_t argv0;
        const char *name;  /* basename of words[argv0].text, or NULL */
        bool via_sudo;     /* a sudo/doas wrapper precedes argv0 */
        uint32_t sudo_off; /* offset of that sudo word */
        int pipeline;      /* commands of one pipeline share this id */
        unsigned pipe_pos; /* 0-based position in the pipeline */
        enum bh_sh_sep sep;
        enum bh_sh_ctx ctx;
        int parent;        /* index of the command whose word holds this one (substitutions,
                            * sh -c strings), -1 at top level and for subshells */
        int parent_word;   /* index of that word in parent, -1 if none */
        unsigned depth;    /* nesting depth, 0 at top */
        uint32_t off;      /* byte offset of the first word in the top-level script */
        struct bh_loc loc; /* filled by the caller from off */
        /* Commands of an sh -c string quoted verbatim ('...', or "..." without
         * escapes) have exact offsets; str_off/str_len is then the outermost
         * such string word, quotes included (str_len 0 otherwise).  Strings
         * with escapes keep every offset at the string word. */
        uint32_t str_off;
        uint32_t str_len;
        /* What name is, looking through "busybox <applet>" (the applet's ID
         * then); BH_SH_PROG_OTHER for programs not in the list or no name. */
        enum bh_sh_prog prog;
};

struct bh_sh_script {
        struct bh_sh_cmd *cmds;
        size_t ncmds;
        bool error;        /* syntax error (unterminated quote...): cmds holds what was read */
        const char *error_msg;
        uint32_t error_off;
        bool truncated;    /* a limit was crossed */
};

/* The bh_sh_prog of a program's basename ("curl", "python3.12"). */
enum bh_sh_prog bh_sh_prog_of(const char *name);
