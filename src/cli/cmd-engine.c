/* bulkhead engine: audit the live containers of a Docker or Podman engine
 * through its API (GET only, src/frontend/engine), with the same rules as
 * every other surface, and report them like scan: one "file" per container
 * (container/<name>), per network (network/<name>) and one for the engine
 * itself (engine: /info, /version). */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "../frontend/engine/audit.h"
#include "../util/limits.h"
#include "../util/strutil.h"
#include "../vuln/hostcve.h"
#include "bh-config.h"
#include "cli.h"

#include "../util/bh-banned.h"

extern char **environ;

struct bh_engine_args {
        struct bh_cli_report_opts rep;
        struct bh_engine_opts eo;
        bool running;
};

void bh_cli_help_engine(FILE *out)
{
        fputs("Usage: bulkhead engine [OPTIONS]\n"
              "\n"
              "Audit the containers of a running Docker or Podman engine through its API,\n"
              "read-only (bulkhead sends only GET requests): every container (all states),\n"
              "with the rules every other surface gets (privileged, capabilities, engine\n"
              "sockets and sensitive mounts, user, seccomp/AppArmor/SELinux, namespaces,\n"
              "read-only root, devices, resources, ports); the daemon's security options\n"
              "(/info), engine and runtime versions against the CVE tables (/version) and\n"
              "bridge networks (/networks).  On the engine's host it also compares each\n"
              "running container's capabilities, no_new_privs and seccomp mode in\n"
              "/proc/<pid>/status with what the API claims (BH4110).\n"
              "\n"
              "Findings are located at container/<name>, network/<name> or engine, and the\n"
              "line of the field they are about in a summary of what was read.\n"
              "\n"
              "Options:\n"
              "  -H, --host URL          unix:///path/to/socket, or tcp://host:port with TLS\n"
              "                          client certificates (default: DOCKER_HOST, then\n"
              "                          CONTAINER_HOST, then /var/run/docker.sock,\n"
              "                          /run/podman/podman.sock,\n"
              "                          $XDG_RUNTIME_DIR/podman/podman.sock)\n"
              "  --running               only running containers\n"
              "  --tlscacert FILE        CA certificate of a TCP engine\n"
              "  --tlscert FILE          client certificate (TCP)\n"
              "  --tlskey FILE           client key (TCP); DOCKER_TLS_VERIFY=1 takes the three\n"
              "                          from DOCKER_CERT_PATH (~/.docker) instead\n"
              "  --timeout SECONDS       time allowed for one request (default 30)\n"
              "  --format FORMAT         text (default), json or sarif\n"
              "  -o, --output FILE       write the report to FILE\n"
              "  --fail-on LEVEL         exit 1 on a finding at or above LEVEL: critical, high,\n"
              "                          medium (default), low, info, none\n"
              "  --only RULE[,RULE]      run only these rules (repeatable)\n"
              "  --ignore RULE[,RULE]    do not run these rules (repeatable)\n"
              "  --config FILE           a .bulkhead.yaml (fail-on, only, ignore, and\n"
              "                          suppressions; a path glob names containers:\n"
              "                          container/web-*)\n"
              "  --profile NAME          default (the Pod Security profiles apply to\n"
              "                          Kubernetes manifests only)\n"
              "  --color WHEN            always, never or auto\n"
              "  --no-color              same as --color=never\n"
              "  -q, --quiet             findings only: no warnings, no summary\n"
              "  --show-suppressed       list suppressed findings too (text output)\n"
              "  -h, --help              show this help\n"
              "\n"
              "Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,\n"
              "2 usage error, no engine reachable (socket missing, permission denied,\n"
              "engine down, plain TCP), or an engine answer that could not be read (BH9010).\n",
              out);
}

enum {
        OPT_RUNNING = 256,
        OPT_TLSCACERT,
        OPT_TLSCERT,
        OPT_TLSKEY,
        OPT_TIMEOUT,
        OPT_PROFILE,
};

static const struct option bh_engine_options[] = {
        {"host", required_argument, NULL, 'H'},
        {"running", no_argument, NULL, OPT_RUNNING},
        {"tlscacert", required_argument, NULL, OPT_TLSCACERT},
        {"tlscert", required_argument, NULL, OPT_TLSCERT},
        {"tlskey", required_argument, NULL, OPT_TLSKEY},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"format", required_argument, NULL, BH_CLI_OPT_FORMAT},
        {"output", required_argument, NULL, 'o'},
        {"fail-on", required_argument, NULL, BH_CLI_OPT_FAIL_ON},
        {"only", required_argument, NULL, BH_CLI_OPT_ONLY},
        {"ignore", required_argument, NULL, BH_CLI_OPT_IGNORE},
        {"config", required_argument, NULL, BH_CLI_OPT_CONFIG},
        {"profile", required_argument, NULL, OPT_PROFILE},
        {"color", required_argument, NULL, BH_CLI_OPT_COLOR},
        {"no-color", no_argument, NULL, BH_CLI_OPT_NO_COLOR},
        {"quiet", no_argument, NULL, 'q'},
        {"show-suppressed", no_argument, NULL, BH_CLI_OPT_SHOW_SUPPRESSED},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
};

/* 0 parsed, 1 help printed, BH_EXIT_USAGE error printed. */
static int bh_engine_parse(int argc, char **argv, struct bh_engine_args *a)
{
        uint64_t secs;
        int c, r;

        a->rep.fail_on = -1;
        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":H:o:qh", bh_engine_options, NULL)) != -1) {
                r = bh_cli_report_opt("engine", c, optarg, &a->rep);
                if (r < 0)
                        return BH_EXIT_USAGE;
                if (r > 0)
                        continue;
                switch (c) {
                case 'H':
                        if (!*optarg)
                                return bh_cli_usage_error("engine", "--host: empty URL");
                        a->eo.host = optarg;
                        break;
                case OPT_RUNNING:
                        a->running = true;
                        break;
                case OPT_TLSCACERT:
                        a->eo.tlscacert = optarg;
                        break;
                case OPT_TLSCERT:
                        a->eo.tlscert = optarg;
                        break;
                case OPT_TLSKEY:
                        a->eo.tlskey = optarg;
                        break;
                case OPT_TIMEOUT:
                        if (bh_parse_u64(optarg, 1, BH_LIMIT_ENGINE_REQUEST_MAX_MS / 1000, &secs) <
                            0)
                                return bh_cli_usage_error("engine",
                                                          "--timeout: expected 1 to %u seconds, "
                                                          "not '%s'",
                                                          BH_LIMIT_ENGINE_REQUEST_MAX_MS / 1000,
                                                          optarg);
                        a->eo.timeout_ms = (unsigned)secs * 1000u;
                        break;
                case OPT_PROFILE:
                        if (strcmp(optarg, "default") != 0)
                                return bh_cli_usage_error("engine",
                                                          "--profile: '%s' does not apply to a "
                                                          "live engine (only 'default'; the Pod "
                                                          "Security profiles are for Kubernetes "
                                                          "manifests)",
                                                          optarg);
                        break;
                case 'h':
                        bh_cli_help_engine(stdout);
                        return 1;
                case ':':
                        return bh_cli_usage_error("engine", "option '%s' needs a value",
                                                  argv[optind - 1]);
                case '?':
                default:
                        if (optopt && optopt < 256)
                                return bh_cli_usage_error("engine", "unknown option '-%c'", optopt);
                        return bh_cli_usage_error("engine", "unknown option '%s'",
                                                  argv[optind - 1]);
                }
        }
        if (optind < argc)
                return bh_cli_usage_error("engine", "unexpected argument '%s' (use --host URL)",
                                          argv[optind]);
        return 0;
}

/* The engine document runs the daemon rules, the engine CVE rule, the
 * container rules (its shared defaults) and the input problems.  Left out:
 * the host's own checks (bulkhead host does them) and what the API does not
 * show (the userland proxy). */
static void bh_engine_doc_rules(const bool *enabled, bool *out)
{
        size_t n;
        const struct bh_rule *t = bh_rules_table(&n);

        for (size_t i = 0; i < n; i++)
                out[i] = enabled[i] && ((t[i].subject == BH_SUBJ_DAEMON && t[i].num != 5012) ||
                                        t[i].subject == BH_SUBJ_CONTAINER ||
                                        t[i].subject == BH_SUBJ_INPUT || t[i].num == 1005);
}

/* /version's components through the host CVE matcher. */
static void bh_engine_cves(struct bh_doc *d)
{
        struct bh_host *h = d->surface_model;

        for (size_t i = 0; i < h->pkgs.n; i++) {
                const struct bh_pkg *p = &h->pkgs.v[i];
                /* +dfsg, +ds, ~deb, -1ubuntu...: a distribution build */
                bool upstream = !strpbrk(p->version, "+~-");

                if (p->db && strcmp(p->db, "engine API") == 0)
                        bh_vuln_component_cves(
                                &d->arena, h, p->name,
                                bh_arena_printf(&d->arena, "%s (engine API)", p->name), p->version,
                                upstream, p->loc);
        }
        h->cves_done = true;
        h->cve_data_date = bh_vuln_host_cve_date();
}

static int bh_engine_file_cmp(const void *a, const void *b)
{
        const struct bh_report_file *x = a, *y = b;
        return strcmp(x->path, y->path);
}

int bh_cli_cmd_engine(int argc, char **argv)
{
        struct bh_engine_args a = {0};
        struct bh_engine_conn *conn = NULL;
        struct bh_engine_audit au = {0};
        struct bh_engine_audit_opts ao = {0};
        struct bh_findings f;
        struct bh_report rep = {0};
        struct bh_report_file *files = NULL;
        struct bh_cli_config *cfg = NULL;
        bh_autoptr(bh_error) err = NULL;
        bool enabled[BH_RULE__COUNT], engine_rules[BH_RULE__COUNT];
        BH_VEC(const char *) warnings = {0};
        int r, fail_on, code = BH_EXIT_OK;
        int64_t today = bh_today();
        bool failed_any = false;

        r = bh_engine_parse(argc, argv, &a);
        if (r != 0)
                return r == 1 ? BH_EXIT_OK : r;
        r = bh_cli_report_setup("engine", &a.rep, today, &cfg, enabled, &fail_on);
        if (r != 0)
                return r;
        bh_engine_doc_rules(enabled, engine_rules);
        bh_findings_init(&f);
        a.eo.env = (const char *const *)environ;
        r = bh_engine_connect(&a.eo, &conn, &err);
        if (r < 0) {
                fprintf(stderr, "bulkhead: %s\n", err->msg);
                code = BH_EXIT_USAGE;
                goto done;
        }
        ao.running_only = a.running;
        r = bh_engine_audit_run(conn, &ao, &au, &err);
        if (r < 0) {
                fprintf(stderr, "bulkhead: %s\n", err->msg);
                code = BH_EXIT_USAGE;
                goto done;
        }
        if (bh_engine_conn_warning(conn))
                BH_VEC_PUSH(&warnings, bh_engine_conn_warning(conn));
        for (size_t i = 0; i < au.notes.n; i++)
                BH_VEC_PUSH(&warnings, au.notes.v[i]);
        for (size_t i = 0; cfg && i < cfg->warnings.n; i++)
                BH_VEC_PUSH(&warnings, cfg->warnings.v[i]);

        files = bh_xcalloc(au.docs.n ? au.docs.n : 1, sizeof(*files));
        for (size_t i = 0; i < au.docs.n; i++) {
                struct bh_doc *d = au.docs.v[i];
                struct bh_findings one;

                bh_findings_init(&one);
                if (d->surface == BH_SURFACE_HOST)
                        bh_engine_cves(d);
                bh_rules_run(d, d->surface == BH_SURFACE_HOST ? engine_rules : enabled, &one);
                bh_cli_suppress_config(cfg, d->path, today, &one);
                files[i].path = d->path;
                files[i].surface = "engine";
                for (size_t j = 0; j < one.items.n; j++) {
                        const struct bh_finding *x = &one.items.v[j];
                        const struct bh_rule *rule = bh_rules_find_num(x->rule_num);
                        if (x->suppressed)
                                continue;
                        if (rule && (rule->flags & BH_RF_INPUT_ERROR))
                                files[i].failed = true;
                        if ((int)x->severity >= fail_on && code == BH_EXIT_OK)
                                code = BH_EXIT_FINDINGS;
                }
                failed_any |= files[i].failed;
                bh_findings_move(&f, &one);
                bh_findings_release(&one);
        }
        if (failed_any)
                code = BH_EXIT_USAGE;
        bh_findings_sort(&f);
        qsort(files, au.docs.n, sizeof(*files), bh_engine_file_cmp);
        rep.findings = f.items.v;
        rep.nfindings = f.items.n;
        rep.files = files;
        rep.nfiles = au.docs.n;
        rep.fail_on = (enum bh_severity)fail_on;
        rep.quiet = a.rep.quiet;
        rep.show_suppressed = a.rep.show_suppressed;
        rep.tool_version = BH_VERSION;
        rep.profile = "default";
        rep.warnings = warnings.v;
        rep.nwarnings = warnings.n;
        rep.exit_code = code;
        code = bh_cli_write_report(a.rep.output, a.rep.format, a.rep.color, &rep);
done:
        free(files);
        free(warnings.v);
        bh_findings_release(&f);
        bh_engine_audit_release(&au);
        bh_engine_conn_free(conn);
        bh_cli_config_free(cfg);
        return code;
}
