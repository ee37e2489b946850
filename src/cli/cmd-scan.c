/* bulkhead scan [options] PATH... */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "../util/file.h"
#include "../util/limits.h"
#include "../util/strutil.h"
#include "bh-config.h"
#include "cli.h"

#include "../util/bh-banned.h"

struct bh_scan_args {
        struct bh_cli_report_opts rep;
        const char *target;
        BH_VEC(const char *) build_args;
        BH_VEC(const char *) excludes;
        BH_VEC(const char *) env_files;     /* --env-file */
        BH_VEC(const char *) compose_files; /* -f/--compose-file */
        unsigned jobs;
        size_t max_files;
        bool complete; /* --complete */
        const char *stdin_name;
        const struct bh_frontend_desc *type; /* --type, NULL: by name/content */
        const char *profile;     /* --profile as given ("default") */
        const char *pss_version; /* --pss-version as given ("latest") */
        struct bh_rules_opts ropts;
};

void bh_cli_help_scan(FILE *out)
{
        fputs("Usage: bulkhead scan [OPTIONS] PATH...\n"
              "\n"
              "Scan Dockerfiles and Containerfiles.  A directory is searched recursively for\n"
              "Dockerfile*, *.Dockerfile, *.dockerfile, Containerfile*, *.Containerfile (skipping\n"
              ".git, node_modules and vendor); a file named explicitly is scanned whatever its\n"
              "name; - reads standard input.  Kubernetes manifests: *.k8s.yaml, *.k8s.yml,\n"
              "*.k8s.json, and other *.yaml, *.yml, *.json whose first 4 KiB hold apiVersion:\n"
              "and kind: (standard input too, e.g. helm template ... | bulkhead scan -).\n"
              "Compose: compose.yaml, compose.yml, docker-compose.y(a)ml, podman-compose.y(a)ml\n"
              "with their compose.override.y(a)ml merged in, and YAML files named explicitly\n"
              "that hold a top-level services: mapping.  Engine configuration: daemon.json,\n"
              "containers.conf (and containers.conf.d/), registries.conf.\n"
              "\n"
              "Options:\n"
              "  --format FORMAT         text (default), json or sarif\n"
              "  -o, --output FILE       write the report to FILE instead of standard output\n"
              "  --fail-on LEVEL         exit 1 on a finding at or above LEVEL: critical, high,\n"
              "                          medium (default), low, info, none\n"
              "  --only RULE[,RULE]      run only these rules (repeatable)\n"
              "  --ignore RULE[,RULE]    do not run these rules (repeatable)\n"
              "  --config FILE           use FILE instead of the nearest .bulkhead.yaml\n"
              "  --color WHEN            always, never or auto (default: only on a terminal\n"
              "                          and when NO_COLOR is unset)\n"
              "  --no-color              same as --color=never\n"
              "  -q, --quiet             print findings only: no summary, no warnings\n"
              "  --profile NAME          default, or pss-baseline / pss-restricted: only the\n"
              "                          Kubernetes Pod Security Standards controls, decided as\n"
              "                          the pod-security admission controller does, with a\n"
              "                          pass/fail verdict per workload\n"
              "  --pss-version VERSION   PSS policy version: latest (default) or v1.0 .. v1.37\n"
              "  --target STAGE          the stage being built (default: the last one)\n"
              "  --build-arg NAME=VALUE  a build argument value (repeatable)\n"
              "  --exclude GLOB          skip files and directories matching GLOB (repeatable)\n"
              "  -f, --compose-file FILE merge compose files in order into one project, scanned\n"
              "                          as the first one (repeatable)\n"
              "  --env-file FILE         compose interpolation variables instead of .env\n"
              "                          (repeatable)\n"
              "  --type TYPE             input type: dockerfile (default), compose, kubernetes,\n"
              "                          quadlet, runline, daemon, containers-conf\n"
              "  --stdin-name NAME       path reported for standard input (default: -)\n"
              "  --complete              the Kubernetes files scanned are everything that is\n"
              "                          deployed: report workloads no NetworkPolicy selects\n"
              "                          (BH5010) even when the scan holds no policy\n"
              "  -j, --jobs N            files scanned in parallel (default: online CPUs)\n"
              "  --max-files N           stop discovering files after N (default and maximum:\n"
              "                          1000000); the rest is reported as BH9003\n"
              "  --show-suppressed       list suppressed findings too (text output)\n"
              "  -h, --help              show this help\n"
              "\n"
              "Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,\n"
              "2 usage error or an input that could not be scanned.\n",
              out);
}

enum {
        OPT_PROFILE = 256,
        OPT_TARGET,
        OPT_BUILD_ARG,
        OPT_EXCLUDE,
        OPT_TYPE,
        OPT_MAX_FILES,
        OPT_STDIN_NAME,
        OPT_ENV_FILE,
        OPT_PSS_VERSION,
        OPT_COMPLETE,
};

static const struct option bh_scan_options[] = {
        {"format", required_argument, NULL, BH_CLI_OPT_FORMAT},
        {"output", required_argument, NULL, 'o'},
        {"fail-on", required_argument, NULL, BH_CLI_OPT_FAIL_ON},
        {"only", required_argument, NULL, BH_CLI_OPT_ONLY},
        {"ignore", required_argument, NULL, BH_CLI_OPT_IGNORE},
        {"config", required_argument, NULL, BH_CLI_OPT_CONFIG},
        {"no-color", no_argument, NULL, BH_CLI_OPT_NO_COLOR},
        {"color", required_argument, NULL, BH_CLI_OPT_COLOR},
        {"quiet", no_argument, NULL, 'q'},
        {"profile", required_argument, NULL, OPT_PROFILE},
        {"pss-version", required_argument, NULL, OPT_PSS_VERSION},
        {"target", required_argument, NULL, OPT_TARGET},
        {"build-arg", required_argument, NULL, OPT_BUILD_ARG},
        {"exclude", required_argument, NULL, OPT_EXCLUDE},
        {"type", required_argument, NULL, OPT_TYPE},
        {"jobs", required_argument, NULL, 'j'},
        {"max-files", required_argument, NULL, OPT_MAX_FILES},
        {"show-suppressed", no_argument, NULL, BH_CLI_OPT_SHOW_SUPPRESSED},
        {"stdin-name", required_argument, NULL, OPT_STDIN_NAME},
        {"complete", no_argument, NULL, OPT_COMPLETE},
        {"env-file", required_argument, NULL, OPT_ENV_FILE},
        {"compose-file", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
};

/* 0: parsed; 1: --help printed; BH_EXIT_USAGE: error printed. */
static int bh_scan_parse(int argc, char **argv, struct bh_scan_args *a)
{
        int c, r;
        uint64_t v;
        long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

        a->rep.fail_on = -1;
        a->stdin_name = "-";
        a->profile = "default";
        a->pss_version = "latest";
        a->ropts.pss_minor = BH_PSS_MINOR_MAX;
        a->jobs = ncpu > 0 ? (unsigned)BH_MIN(ncpu, 1024) : 1;
        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":o:qj:f:h", bh_scan_options, NULL)) != -1) {
                r = bh_cli_report_opt("scan", c, optarg, &a->rep);
                if (r < 0)
                        return BH_EXIT_USAGE;
                if (r > 0)
                        continue;
                switch (c) {
                case OPT_PROFILE:
                        if (bh_pss_parse_profile(optarg, &a->ropts.pss_level) < 0)
                                return bh_cli_usage_error("scan",
                                                          "--profile: unknown profile '%s' "
                                                          "(default, pss-baseline, "
                                                          "pss-restricted)",
                                                          optarg);
                        a->profile = optarg;
                        break;
                case OPT_PSS_VERSION:
                        if (bh_pss_parse_version(optarg, &a->ropts.pss_minor) < 0)
                                return bh_cli_usage_error("scan",
                                                          "--pss-version: expected latest or "
                                                          "v1.0 to v1.%u, not '%s'",
                                                          BH_PSS_MINOR_MAX, optarg);
                        a->pss_version = optarg;
                        break;
                case OPT_TARGET:
                        a->target = optarg;
                        break;
                case OPT_BUILD_ARG:
                        if (!strchr(optarg, '=') || optarg[0] == '=')
                                return bh_cli_usage_error("scan",
                                                          "--build-arg: expected "
                                                          "NAME=VALUE, not '%s'",
                                                          optarg);
                        BH_VEC_PUSH(&a->build_args, optarg);
                        break;
                case OPT_EXCLUDE:
                        BH_VEC_PUSH(&a->excludes, optarg);
                        break;
                case OPT_TYPE:
                        a->type = bh_frontend_find(optarg);
                        if (!a->type) {
                                char known[256] = "";
                                size_t nfe, len = 0;
                                const struct bh_frontend_desc *fe = bh_frontend_table(&nfe);
                                for (size_t i = 0; i < nfe && len + 1 < sizeof(known); i++) {
                                        int n = snprintf(known + len, sizeof(known) - len,
                                                         "%s%s", i ? ", " : "", fe[i].type);
                                        if (n < 0)
                                                break;
                                        len += (size_t)n;
                                }
                                return bh_cli_usage_error("scan",
                                                          "--type: unknown type '%s' "
                                                          "(known: %s)",
                                                          optarg, known);
                        }
                        break;
                case 'j':
                        if (bh_parse_u64(optarg, 1, 1024, &v) < 0)
                                return bh_cli_usage_error("scan",
                                                          "--jobs: expected a number "
                                                          "from 1 to 1024, not '%s'",
                                                          optarg);
                        a->jobs = (unsigned)v;
                        break;
                case OPT_MAX_FILES:
                        if (bh_parse_u64(optarg, 1, BH_LIMIT_SCAN_FILES, &v) < 0)
                                return bh_cli_usage_error("scan",
                                                          "--max-files: expected a number "
                                                          "from 1 to %u, not '%s'",
                                                          BH_LIMIT_SCAN_FILES, optarg);
                        a->max_files = (size_t)v;
                        break;
                case OPT_COMPLETE:
                        a->complete = true;
                        break;
                case OPT_STDIN_NAME:
                        if (!*optarg)
                                return bh_cli_usage_error("scan", "--stdin-name: empty name");
                        a->stdin_name = optarg;
                        break;
                case OPT_ENV_FILE:
                        BH_VEC_PUSH(&a->env_files, optarg);
                        break;
                case 'f':
                        BH_VEC_PUSH(&a->compose_files, optarg);
                        break;
                case 'h':
                        bh_cli_help_scan(stdout);
                        return 1;
                case ':':
                        return bh_cli_usage_error("scan", "option '%s' needs a value",
                                                  argv[optind - 1]);
                case '?':
                default:
                        if (optopt && optopt < 256)
                                return bh_cli_usage_error("scan", "unknown option '-%c'", optopt);
                        return bh_cli_usage_error("scan", "unknown option '%s'", argv[optind - 1]);
                }
        }
        return 0;
}

/* Command line first, then the config file: --only replaces the config's
 * only, ignores add up. */
static void bh_scan_enabled(const struct bh_scan_args *a, const struct bh_cli_config *c,
                            bool *enabled)
{
        bh_cli_enabled_rules(a->rep.has_only ? a->rep.only : NULL, a->rep.ignore, c, a->ropts.pss_level,
                             enabled);
}

static int bh_scan_fail(const char *msg)
{
        fprintf(stderr, "bulkhead: %s\n", msg);
        return BH_EXIT_USAGE;
}

/* Attach each item's config (explicit or nearest) and its path relative to
 * the config's directory. */
static int bh_scan_configs(struct bh_cli_scan *s, struct bh_cli_config *explicit_cfg,
                           struct bh_cli_config_cache *cc, struct bh_error **err)
{
        bh_autofree char *cwd = bh_cli_abspath(".");

        for (size_t i = 0; i < s->items.n; i++) {
                struct bh_cli_item *it = &s->items.v[i];
                bh_autofree char *abs = NULL;
                bh_autofree char *dir = NULL;
                int r;

                if (it->is_stdin) {
                        abs = bh_cli_abspath(it->path);
                        dir = bh_xstrdup(cwd);
                } else {
                        abs = bh_cli_abspath(it->path);
                        dir = bh_cli_dirname(abs);
                }
                if (explicit_cfg) {
                        it->config = explicit_cfg;
                } else if ((r = bh_cli_config_find(cc, dir, &it->config, err)) < 0) {
                        return r;
                }
                if (it->config)
                        it->config_rel = bh_cli_relpath(it->config->dir, abs);
        }
        return 0;
}

static void bh_scan_read_stdin(struct bh_cli_scan *s)
{
        for (size_t i = 0; i < s->items.n; i++) {
                struct bh_cli_item *it = &s->items.v[i];
                bh_autoptr(bh_error) err = NULL;
                int r;

                if (!it->is_stdin)
                        continue;
                r = bh_fd_read(STDIN_FILENO, BH_LIMIT_FILE_SIZE, &it->data, &it->len, &err);
                if (r == BH_ELIMIT) {
                        it->pre_rule = 9003;
                        it->pre_msg = bh_xasprintf("input is larger than the %u-byte limit; "
                                                   "not scanned",
                                                   BH_LIMIT_FILE_SIZE);
                } else if (r < 0) {
                        it->pre_rule = 9004;
                        it->pre_msg = bh_xasprintf("standard input: %s", err->msg);
                }
        }
}

static int bh_scan_exit_code(const struct bh_cli_scan *s, int fail_on)
{
        int code = BH_EXIT_OK;

        for (size_t i = 0; i < s->items.n; i++) {
                const struct bh_cli_item *it = &s->items.v[i];
                if (it->failed)
                        return BH_EXIT_USAGE;
                for (size_t j = 0; j < it->findings.items.n; j++) {
                        const struct bh_finding *f = &it->findings.items.v[j];
                        if (!f->suppressed && (int)f->severity >= fail_on)
                                code = BH_EXIT_FINDINGS;
                }
        }
        return code;
}

static int bh_scan_report(const struct bh_scan_args *a, struct bh_cli_scan *s,
                          struct bh_cli_config_cache *cc, struct bh_cli_config *explicit_cfg,
                          int fail_on)
{
        BH_VEC(struct bh_finding) findings = {0};
        BH_VEC(struct bh_report_file) files = {0};
        BH_VEC(const char *) warnings = {0};
        struct bh_cli_config **cfgs = &explicit_cfg;
        size_t ncfgs = explicit_cfg ? 1 : 0;
        struct bh_report rep = {0};
        struct bh_pss_verdicts pss = {0};
        char pss_version[16];
        int exit_code = bh_scan_exit_code(s, fail_on);

        if (!explicit_cfg)
                cfgs = bh_cli_config_cache_list(cc, &ncfgs);
        for (size_t i = 0; i < ncfgs; i++)
                for (size_t j = 0; j < cfgs[i]->warnings.n; j++)
                        BH_VEC_PUSH(&warnings, cfgs[i]->warnings.v[j]);
        for (size_t i = 0; i < s->items.n; i++) {
                const struct bh_cli_item *it = &s->items.v[i];
                struct bh_report_file *rf = BH_VEC_NEW(&files);
                rf->path = it->path;
                rf->surface = it->fe ? it->fe->type : "unknown";
                rf->failed = it->failed;
                for (size_t j = 0; j < it->findings.items.n; j++)
                        BH_VEC_PUSH(&findings, it->findings.items.v[j]);
                for (size_t j = 0; j < it->warnings.n; j++)
                        BH_VEC_PUSH(&warnings, it->warnings.v[j]);
                if (a->ropts.pss_level != BH_PSS_NONE)
                        bh_pss_verdicts_add(it->path, &it->pss_objects, it->findings.items.v,
                                            it->findings.items.n, a->ropts.pss_level,
                                            a->ropts.pss_minor, &pss);
        }

        if (s->items.n == 0)
                BH_VEC_PUSH(&warnings, "no Dockerfile or Containerfile found to scan");
        rep.findings = findings.v;
        rep.nfindings = findings.n;
        rep.files = files.v;
        rep.nfiles = files.n;
        rep.fail_on = (enum bh_severity)fail_on;
        rep.quiet = a->rep.quiet;
        rep.show_suppressed = a->rep.show_suppressed;
        rep.tool_version = BH_VERSION;
        rep.profile = a->profile;
        if (a->ropts.pss_level != BH_PSS_NONE) {
                snprintf(pss_version, sizeof(pss_version), "v1.%u", a->ropts.pss_minor);
                rep.pss_level = bh_pss_level_name(a->ropts.pss_level);
                rep.pss_version = pss_version;
                rep.pss = pss.v;
                rep.npss = pss.n;
        }
        rep.warnings = warnings.v;
        rep.nwarnings = warnings.n;
        rep.exit_code = exit_code;
        exit_code = bh_cli_write_report(a->rep.output, a->rep.format, a->rep.color, &rep);
        free(findings.v);
        free(files.v);
        free(warnings.v);
        bh_pss_verdicts_release(&pss);
        return exit_code;
}

int bh_cli_cmd_scan(int argc, char **argv)
{
        struct bh_scan_args a = {0};
        struct bh_cli_scan s = {0};
        bh_autoptr(bh_error) err = NULL;
        struct bh_cli_config *explicit_cfg = NULL;
        struct bh_cli_config_cache *cc = NULL;
        bool base_enabled[BH_RULE__COUNT];
        size_t nstdin = 0;
        int r, fail_on, ret = BH_EXIT_USAGE;

        r = bh_scan_parse(argc, argv, &a);
        if (r != 0) {
                ret = r == 1 ? BH_EXIT_OK : r;
                goto out;
        }
        if (optind >= argc && !a.compose_files.n) {
                ret = bh_cli_usage_error("scan", "no PATH given (use . for the current "
                                                 "directory, - for standard input)");
                goto out;
        }
        for (int i = optind; i < argc; i++)
                nstdin += strcmp(argv[i], "-") == 0;
        if (nstdin > 1) {
                ret = bh_cli_usage_error("scan", "standard input (-) given more than once");
                goto out;
        }

        s.today = bh_today();
        s.fo.df.target = a.target;
        s.fo.df.build_args = a.build_args.v;
        s.fo.df.nbuild_args = a.build_args.n;
        s.fo.profile = a.profile;
        s.fo.pss_version = a.pss_version;
        s.fo.env_files = a.env_files.v;
        s.fo.nenv_files = a.env_files.n;
        s.fo.compose_files = a.compose_files.v;
        s.fo.ncompose_files = a.compose_files.n;
        s.fo.process_env = (const char *const *)environ;
        s.fo.read_file = bh_cli_read_file;
        s.ropts = a.ropts;
        s.forced_fe = a.type;
        s.jobs = a.jobs;
        s.kube_complete = a.complete;

        if (a.rep.config) {
                r = bh_cli_config_load(a.rep.config, a.rep.config, s.today, &explicit_cfg, &err);
                if (r < 0) {
                        ret = r == BH_ENOENT ? bh_cli_usage_error("scan", "--config: %s", err->msg)
                                             : bh_scan_fail(err->msg);
                        goto out;
                }
        } else {
                cc = bh_cli_config_cache_new(s.today);
        }

        struct bh_cli_discover_opts dopts = {
                .excludes = a.excludes.v,
                .nexcludes = a.excludes.n,
                .stdin_name = a.stdin_name,
                .max_files = a.max_files,
        };
        bh_cli_discover((const char *const *)argv + optind, (size_t)(argc - optind), &dopts, &s,
                        &err);
        /* -f: the first compose file is the project's document, whatever its name */
        if (a.compose_files.n)
                bh_cli_discover_compose(&s, a.compose_files.v[0]);
        if (bh_scan_configs(&s, explicit_cfg, cc, &err) < 0) {
                ret = bh_scan_fail(err->msg);
                goto out;
        }
        bh_cli_discover_config_excludes(&s);

        bh_scan_enabled(&a, NULL, base_enabled);
        s.enabled = base_enabled;
        if (explicit_cfg) {
                bh_scan_enabled(&a, explicit_cfg, explicit_cfg->enabled);
        } else {
                size_t n;
                struct bh_cli_config **list = bh_cli_config_cache_list(cc, &n);
                for (size_t i = 0; i < n; i++)
                        bh_scan_enabled(&a, list[i], list[i]->enabled);
        }

        /* --fail-on, else the config of the first file (or --config), else medium. */
        fail_on = a.rep.fail_on;
        if (fail_on < 0 && explicit_cfg)
                fail_on = explicit_cfg->fail_on;
        if (fail_on < 0 && s.items.n && s.items.v[0].config)
                fail_on = s.items.v[0].config->fail_on;
        if (fail_on < 0)
                fail_on = BH_SEV_MEDIUM;

        bh_scan_read_stdin(&s);
        bh_cli_scan_run(&s);
        bh_cli_kube_pass(&s);
        ret = bh_scan_report(&a, &s, cc, explicit_cfg, fail_on);
out:
        bh_cli_scan_release(&s);
        bh_cli_config_cache_free(cc);
        bh_cli_config_free(explicit_cfg);
        free(a.build_args.v);
        free(a.excludes.v);
        free(a.env_files.v);
        free(a.compose_files.v);
        return ret;
}
