/* Subcommand dispatch (a git/crun style table), top-level help, usage errors. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#include "../util/bh-banned.h"

struct bh_cli_cmd {
        const char *name;
        int (*run)(int argc, char **argv);
        void (*help)(FILE *out);
        const char *summary;
};

static int bh_cli_cmd_help(int argc, char **argv);

static void bh_cli_help_help(FILE *out)
{
        fputs("Usage: bulkhead help [COMMAND]\n"
              "\n"
              "Show the help of bulkhead or of one command.\n",
              out);
}

/* The core binary (BH_CLI_CORE: scan, rules, version, help) links only
 * jansson and libyaml, so that scanning one file starts in about a
 * millisecond; libcurl, libcrypto, libarchive and sqlite with their ~40
 * shared libraries cost over ten times that at every start.  The commands
 * that need them live in bulkhead-ext, which the core executes in place
 * (bh_cli_exec_ext) with the same arguments. */
#ifdef BH_CLI_CORE
#define BH_EXT(run, help) NULL, NULL
#else
#define BH_EXT(run, help) run, help
#endif

static const struct bh_cli_cmd bh_cli_cmds[] = {
        {"scan", bh_cli_cmd_scan, bh_cli_help_scan, "scan Dockerfiles and Containerfiles"},
        {"host", BH_EXT(bh_cli_cmd_host, bh_cli_help_host), "audit the host, its kernel and engine configuration"},
        {"engine", BH_EXT(bh_cli_cmd_engine, bh_cli_help_engine), "audit the live containers of a Docker or Podman engine"},
        {"db", BH_EXT(bh_cli_cmd_db, bh_cli_help_db), "import, update and inspect the vulnerability database"},
        {"image", BH_EXT(bh_cli_cmd_image, bh_cli_help_image), "check built images (save archives, OCI archives and layouts)"},
        {"rules", bh_cli_cmd_rules, bh_cli_help_rules, "list the rules, or show one rule's page"},
        {"version", bh_cli_cmd_version, bh_cli_help_version, "print the version"},
        {"help", bh_cli_cmd_help, bh_cli_help_help, "show help for a command"},
};

#ifdef BH_CLI_CORE
static char **bh_cli_full_argv; /* main's argv, for bh_cli_exec_ext */

/* Run the same command line in bulkhead-ext: first beside this binary (the
 * build tree, a relocated install), then in BH_LIBEXECDIR.  Only bulkhead's
 * own program is ever executed.  Returns only on failure. */
static int bh_cli_exec_ext(char **argv)
{
        char self[4096], path[4200];
        ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

        fflush(stdout);
        if (n > 0) {
                self[n] = '\0';
                char *slash = strrchr(self, '/');
                if (slash) {
                        *slash = '\0';
                        snprintf(path, sizeof(path), "%s/bulkhead-ext", self);
                        execv(path, argv);
                }
        }
        snprintf(path, sizeof(path), "%s/bulkhead-ext", BH_LIBEXECDIR);
        execv(path, argv);
        fprintf(stderr, "bulkhead: cannot run %s: %s\n", path, strerror(errno));
        return BH_EXIT_USAGE;
}
#endif

static const struct bh_cli_cmd *bh_cli_find_cmd(const char *name)
{
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_cli_cmds); i++)
                if (strcmp(bh_cli_cmds[i].name, name) == 0)
                        return &bh_cli_cmds[i];
        return NULL;
}

void bh_cli_help_main(FILE *out)
{
        fputs("Usage: bulkhead COMMAND [OPTIONS] [ARGS]\n"
              "\n"
              "bulkhead audits container build files against container hardening rules.\n"
              "\n"
              "Commands:\n",
              out);
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_cli_cmds); i++)
                fprintf(out, "  %-9s %s\n", bh_cli_cmds[i].name, bh_cli_cmds[i].summary);
        fputs("\n"
              "Options:\n"
              "  -h, --help     show this help\n"
              "  --version      print the version\n"
              "\n"
              "Run 'bulkhead COMMAND --help' for the options of a command, and\n"
              "'man bulkhead' for the full manual.\n",
              out);
}

int bh_cli_usage_error(const char *cmd, const char *fmt, ...)
{
        va_list ap;

        fputs("bulkhead: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        if (cmd)
                fprintf(stderr, "\nTry 'bulkhead %s --help' for more information.\n", cmd);
        else
                fputs("\nTry 'bulkhead --help' for more information.\n", stderr);
        return BH_EXIT_USAGE;
}

static int bh_cli_cmd_help(int argc, char **argv)
{
        const struct bh_cli_cmd *c;

        if (argc < 2) {
                bh_cli_help_main(stdout);
                return BH_EXIT_OK;
        }
        if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
                bh_cli_help_help(stdout);
                return BH_EXIT_OK;
        }
        c = bh_cli_find_cmd(argv[1]);
        if (!c)
                return bh_cli_usage_error(NULL, "unknown command '%s'", argv[1]);
#ifdef BH_CLI_CORE
        if (!c->help)
                return bh_cli_exec_ext(bh_cli_full_argv);
#endif
        c->help(stdout);
        return BH_EXIT_OK;
}

int bh_cli_main(int argc, char **argv)
{
        const struct bh_cli_cmd *c;
        int ret;

#ifdef BH_CLI_CORE
        bh_cli_full_argv = argv;
#endif
        if (argc < 2) {
                bh_cli_help_main(stderr);
                return BH_EXIT_USAGE;
        }
        if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
                bh_cli_help_main(stdout);
                return BH_EXIT_OK;
        }
        if (strcmp(argv[1], "--version") == 0)
                return bh_cli_cmd_version(1, argv + 1);
        c = bh_cli_find_cmd(argv[1]);
        if (!c) {
                if (argv[1][0] == '-')
                        return bh_cli_usage_error(NULL, "unknown option '%s'", argv[1]);
                return bh_cli_usage_error(NULL, "unknown command '%s'", argv[1]);
        }
#ifdef BH_CLI_CORE
        if (!c->run)
                return bh_cli_exec_ext(argv);
#endif
        ret = c->run(argc - 1, argv + 1);
        if (fflush(stdout) != 0 && ret == BH_EXIT_OK)
                ret = BH_EXIT_USAGE;
        return ret;
}
