/* Shell model helpers shared by the frontend (which fills bh_sh_cmd.prog)
 * and by code that builds scripts by hand (tests). */
#include "shell.h"

#include "../util/bh-banned.h"

static bool sh_is_python(const char *n)
{
        const char *rest;

        if (strncmp(n, "python", 6) == 0)
                rest = n + 6;
        else if (strncmp(n, "pypy", 4) == 0)
                rest = n + 4;
        else
                return false;
        for (; *rest; rest++)
                if ((unsigned char)(*rest - '0') >= 10 && *rest != '.')
                        return false;
        return true;
}

static bool sh_in(const char *n, const char *const *list, size_t count)
{
        for (size_t i = 0; i < count; i++)
                if (strcmp(n, list[i]) == 0)
                        return true;
        return false;
}

#define SH_IN(n, ...) \
        sh_in((n), (const char *const[]){ __VA_ARGS__ }, \
              sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

/* A switch on the first character: an unknown name costs a few comparisons
 * at most, and the tokenizer calls this once per command. */
enum bh_sh_prog bh_sh_prog_of(const char *n)
{
        switch (n[0]) {
        case '.':
                return n[1] == '\0' ? BH_SH_PROG_SOURCE : BH_SH_PROG_OTHER;
        case 'a':
                if (strcmp(n, "aria2c") == 0)
                        return BH_SH_PROG_ARIA2C;
                return strcmp(n, "ash") == 0 ? BH_SH_PROG_SHELL : BH_SH_PROG_OTHER;
        case 'b':
                if (strcmp(n, "bash") == 0)
                        return BH_SH_PROG_SHELL;
                if (strcmp(n, "busybox") == 0)
                        return BH_SH_PROG_BUSYBOX;
                return strcmp(n, "b2sum") == 0 ? BH_SH_PROG_VERIFIER : BH_SH_PROG_OTHER;
        case 'c':
                if (strcmp(n, "curl") == 0)
                        return BH_SH_PROG_CURL;
                if (strcmp(n, "chmod") == 0)
                        return BH_SH_PROG_CHMOD;
                return SH_IN(n, "cksum", "cosign") ? BH_SH_PROG_VERIFIER : BH_SH_PROG_OTHER;
        case 'd':
                if (strcmp(n, "dash") == 0)
                        return BH_SH_PROG_SHELL;
                return strcmp(n, "doas") == 0 ? BH_SH_PROG_DOAS : BH_SH_PROG_OTHER;
        case 'e':
                return strcmp(n, "eval") == 0 ? BH_SH_PROG_EVAL : BH_SH_PROG_OTHER;
        case 'f':
                if (strcmp(n, "fetch") == 0)
                        return BH_SH_PROG_FETCH;
                if (strcmp(n, "find") == 0)
                        return BH_SH_PROG_FIND;
                return strcmp(n, "fish") == 0 ? BH_SH_PROG_SHELL : BH_SH_PROG_OTHER;
        case 'g':
                return SH_IN(n, "gpg", "gpg2", "gpgv") ? BH_SH_PROG_VERIFIER : BH_SH_PROG_OTHER;
        case 'i':
                return strcmp(n, "install") == 0 ? BH_SH_PROG_INSTALL : BH_SH_PROG_OTHER;
        case 'k':
                return strcmp(n, "ksh") == 0 ? BH_SH_PROG_SHELL : BH_SH_PROG_OTHER;
        case 'm':
                if (strcmp(n, "mkdir") == 0)
                        return BH_SH_PROG_MKDIR;
                if (strcmp(n, "mksh") == 0)
                        return BH_SH_PROG_SHELL;
                return SH_IN(n, "md5sum", "minisign") ? BH_SH_PROG_VERIFIER : BH_SH_PROG_OTHER;
        case 'n':
                return SH_IN(n, "node", "nodejs") ? BH_SH_PROG_NODE : BH_SH_PROG_OTHER;
        case 'o':
                return strcmp(n, "openssl") == 0 ? BH_SH_PROG_VERIFIER : BH_SH_PROG_OTHER;
        case 'p':
                if (sh_is_python(n))
                        return BH_SH_PROG_PYTHON;
                if (strcmp(n, "perl") == 0)
                        return BH_SH_PROG_PERL;
                return strcmp(n, "php") == 0 ? BH_SH_PROG_PHP : BH_SH_PROG_OTHER;
        case 'r':
                if (strcmp(n, "ruby") == 0)
                        return BH_SH_PROG_RUBY;
                return strcmp(n, "rekor-cli") == 0 ? BH_SH_PROG_VERIFIER : BH_SH_PROG_OTHER;
        case 's':
                if (strcmp(n, "sh") == 0)
                        return BH_SH_PROG_SHELL;
                if (strcmp(n, "sudo") == 0)
                        return BH_SH_PROG_SUDO;
                if (strcmp(n, "source") == 0)
                        return BH_SH_PROG_SOURCE;
                if (strcmp(n, "setcap") == 0)
                        return BH_SH_PROG_SETCAP;
                return SH_IN(n, "sha256sum", "sha512sum", "sha384sum", "sha224sum", "sha1sum",
                             "shasum", "signify", "slsa-verifier", "sigstore")
                               ? BH_SH_PROG_VERIFIER
                               : BH_SH_PROG_OTHER;
        case 'w':
                return strcmp(n, "wget") == 0 ? BH_SH_PROG_WGET : BH_SH_PROG_OTHER;
        case 'y':
                return strcmp(n, "yash") == 0 ? BH_SH_PROG_SHELL : BH_SH_PROG_OTHER;
        case 'z':
                return strcmp(n, "zsh") == 0 ? BH_SH_PROG_SHELL : BH_SH_PROG_OTHER;
        default:
                return BH_SH_PROG_OTHER;
        }
}

