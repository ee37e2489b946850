/* bulkhead host [--root DIR]: audit the host, its kernel and its engine
 * configuration.  Reads the root read-only (src/frontend/host), decides the
 * CVE verdicts (src/vuln/hostcve.c), runs the rules over the host model and
 * reports the findings plus one verdict per host/daemon check. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "../model/pkg.h"
#include "../model/vuln.h"
#include "../report/sbom.h"
#include "../util/strutil.h"
#include "../vuln/hostcve.h"
#include "bh-config.h"
#include "cli.h"

#include "../util/bh-banned.h"

struct bh_host_args {
        struct bh_cli_report_opts rep;
        const char *root;
        bool portable; /* --portable-resolver (tests) */
        struct bh_cli_vuln_opts vuln;
        int sbom;      /* --format cyclonedx (1) or spdx (2): the root's packages */
};

void bh_cli_help_host(FILE *out)
{
        fputs("Usage: bulkhead host [OPTIONS]\n"
              "\n"
              "Audit the host, its kernel and its container engines' configuration, read-only\n"
              "and without running anything: the kernel release and packages against embedded\n"
              "CVE tables, LSMs, seccomp, user namespaces, cgroups, engine sockets (mode, owner,\n"
              "group members), daemon.json with the dockerd flags of its systemd unit or of the\n"
              "running dockerd, and the containers.conf / registries.conf stack.  Each check\n"
              "reports pass, fail, not applicable or unknown with its evidence.\n"
              "\n"
              "Options:\n"
              "  --root DIR              audit the filesystem below DIR (a mounted image, a\n"
              "                          fixture tree) instead of /; every path, /proc and\n"
              "                          /sys included, is resolved inside DIR and links never\n"
              "                          lead out of it\n"
              "  --format FORMAT         text (default), json or sarif; or an SBOM of the\n"
              "                          root's OS and installed packages: cyclonedx\n"
              "                          (CycloneDX 1.5 JSON) or spdx (SPDX 2.3 JSON), dated\n"
              "                          SOURCE_DATE_EPOCH when set\n"
              "  -o, --output FILE       write the report to FILE\n"
              "  --fail-on LEVEL         exit 1 on a finding at or above LEVEL: critical, high,\n"
              "                          medium (default), low, info, none\n"
              "  --only RULE[,RULE]      run only these rules (repeatable)\n"
              "  --ignore RULE[,RULE]    do not run these rules (repeatable)\n"
              "  --config FILE           a .bulkhead.yaml (fail-on, only, ignore, and\n"
              "                          suppressions without a path)\n"
              "  --color WHEN            always, never or auto\n"
              "  --no-color              same as --color=never\n"
              "  -q, --quiet             findings and verdicts only: no warnings, no summary\n"
              "  --show-suppressed       list suppressed findings too (text output)\n"
              "  --db PATH               the vulnerability database the installed packages\n"
              "                          are matched against (default: $BULKHEAD_DB, else\n"
              "                          ~/.cache/bulkhead/vuln.db; see bulkhead db)\n"
              "  --ignore-unfixed        do not report vulnerabilities without a fix (BH1008)\n"
              "  --db-max-age DAYS       warn (BH1009) when the database is older (default 7)\n"
              "  --no-vuln               do not match packages against the database\n"
              "  -h, --help              show this help\n"
              "\n"
              "Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,\n"
              "2 usage error, a root that cannot be opened, or a file that could not be read.\n",
              out);
}

enum {
        OPT_ROOT = 256,
        OPT_PORTABLE,
};

static const struct option bh_host_options[] = {
        {"root", required_argument, NULL, OPT_ROOT},
        {"format", required_argument, NULL, BH_CLI_OPT_FORMAT},
        {"output", required_argument, NULL, 'o'},
        {"fail-on", required_argument, NULL, BH_CLI_OPT_FAIL_ON},
        {"only", required_argument, NULL, BH_CLI_OPT_ONLY},
        {"ignore", required_argument, NULL, BH_CLI_OPT_IGNORE},
        {"config", required_argument, NULL, BH_CLI_OPT_CONFIG},
        {"color", required_argument, NULL, BH_CLI_OPT_COLOR},
        {"no-color", no_argument, NULL, BH_CLI_OPT_NO_COLOR},
        {"quiet", no_argument, NULL, 'q'},
        {"show-suppressed", no_argument, NULL, BH_CLI_OPT_SHOW_SUPPRESSED},
        {"portable-resolver", no_argument, NULL, OPT_PORTABLE},
        {"db", required_argument, NULL, BH_CLI_OPT_DB},
        {"ignore-unfixed", no_argument, NULL, BH_CLI_OPT_IGNORE_UNFIXED},
        {"db-max-age", required_argument, NULL, BH_CLI_OPT_DB_MAX_AGE},
        {"no-vuln", no_argument, NULL, BH_CLI_OPT_NO_VULN},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
};

/* 0 parsed, 1 help printed, BH_EXIT_USAGE error printed. */
static int bh_host_parse(int argc, char **argv, struct bh_host_args *a)
{
        int c, r;

        a->root = "/";
        a->rep.fail_on = -1;
        a->vuln.max_age_days = BH_CLI_DB_MAX_AGE_DEFAULT;
        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":o:qh", bh_host_options, NULL)) != -1) {
                /* the SBOM formats are host's own; the others are a report's */
                if (c == BH_CLI_OPT_FORMAT) {
                        a->sbom = strcmp(optarg, "cyclonedx") == 0 ? 1
                                  : strcmp(optarg, "spdx") == 0    ? 2
                                                                   : 0;
                        if (a->sbom)
                                continue;
                }
                r = bh_cli_report_opt("host", c, optarg, &a->rep);
                if (r == 0)
                        r = bh_cli_vuln_opt("host", c, optarg, &a->vuln);
                if (r < 0)
                        return BH_EXIT_USAGE;
                if (r > 0)
                        continue;
                switch (c) {
                case OPT_ROOT:
                        if (!*optarg)
                                return bh_cli_usage_error("host", "--root: empty path");
                        a->root = optarg;
                        break;
                case OPT_PORTABLE:
                        a->portable = true;
                        break;
                case 'h':
                        bh_cli_help_host(stdout);
                        return 1;
                case ':':
                        return bh_cli_usage_error("host", "option '%s' needs a value",
                                                  argv[optind - 1]);
                case '?':
                default:
                        if (optopt && optopt < 256)
                                return bh_cli_usage_error("host", "unknown option '-%c'", optopt);
                        return bh_cli_usage_error("host", "unknown option '%s'", argv[optind - 1]);
                }
        }
        if (optind < argc)
                return bh_cli_usage_error("host", "unexpected argument '%s' (use --root DIR)",
                                          argv[optind]);
        return 0;
}

static const char *bh_host_fact(const struct bh_fact *f)
{
        return f->set ? f->s : NULL;
}

/* containerd's CRI settings that are reported, not judged (no hardening
 * rule turns on them): the cgroup driver, OOM score restriction, device
 * ownership, unprivileged ports and ICMP.  NULL when none is set. */
static const char *bh_host_cri_fact(struct bh_doc *doc, const struct bh_engine_cfg *c)
{
        const struct bh_cfg_val *v[] = {&c->systemd_cgroup, &c->restrict_oom_score_adj,
                                        &c->device_ownership, &c->unprivileged_ports,
                                        &c->unprivileged_icmp};
        static const char *const name[] = {"SystemdCgroup", "restrict_oom_score_adj",
                                           "device_ownership_from_security_context",
                                           "enable_unprivileged_ports", "enable_unprivileged_icmp"};
        char buf[512] = "";
        size_t bl = 0;

        if (!c->present)
                return NULL;
        if (c->cri_disabled)
                return "CRI plugin disabled";
        for (size_t i = 0; i < BH_ELEMENTSOF(v); i++) {
                if (!v[i]->set)
                        continue;
                int m = snprintf(buf + bl, sizeof(buf) - bl, "%s%s=%s", bl ? ", " : "", name[i],
                                 v[i]->s);
                if (m > 0 && bl + (size_t)m < sizeof(buf))
                        bl += (size_t)m;
        }
        return bl ? bh_arena_strdup(&doc->arena, buf) : NULL;
}

/* Rootless engines found: their sockets under /run/user/<uid>/ and the users
 * with a rootless configuration of their own.  NULL when none (rootful only). */
static const char *bh_host_rootless_fact(struct bh_doc *doc, const struct bh_host *h)
{
        char buf[512] = "";
        size_t bl = 0;
        int m;

        for (size_t i = 0; i < h->files.n; i++) {
                const struct bh_hostfile *f = &h->files.v[i];
                if (f->kind != BH_HF_SOCKET || !strstr(f->engine, "rootless"))
                        continue;
                m = snprintf(buf + bl, sizeof(buf) - bl, "%s%s socket %s", bl ? ", " : "",
                             f->engine, f->path);
                if (m > 0 && bl + (size_t)m < sizeof(buf))
                        bl += (size_t)m;
        }
        for (size_t i = 0; i < h->user_cfgs.n; i++) {
                const struct bh_engine_cfg *c = h->user_cfgs.v[i];
                if (!c->rootless)
                        continue;
                m = snprintf(buf + bl, sizeof(buf) - bl, "%s%s configuration of %s",
                             bl ? ", " : "",
                             c->kind == BH_ENGINE_DOCKER   ? "Docker"
                             : c->kind == BH_ENGINE_PODMAN ? "Podman"
                                                           : "containerd",
                             c->user ? c->user : "?");
                if (m > 0 && bl + (size_t)m < sizeof(buf))
                        bl += (size_t)m;
        }
        return bl ? bh_arena_strdup(&doc->arena, buf) : NULL;
}

/* The facts shown above the verdicts (arena strings or static). */
static size_t bh_host_facts(struct bh_doc *doc, const struct bh_host *h, struct bh_report_fact *out,
                            size_t cap)
{
        size_t n = 0;
        const char *why;
        enum bh_tristate userns = bh_host_userns_unprivileged(h, &why);
        static const char *const flav[] = {"unknown", "upstream",    "Debian",
                                           "Ubuntu",  "RHEL family", "distribution build"};
        char runtimes[256] = "";
        size_t rl = 0;

        static const char *const tag[] = {" [docker]", " [podman]", " [containerd]"};
        for (int k = 0; k < 3; k++) {
                const struct bh_engine_cfg *c = k == 2 ? &h->containerd
                                                : k    ? &h->podman
                                                       : &h->docker;
                for (size_t i = 0; i < c->runtimes.n; i++) {
                        const struct bh_cfg_item *it = &c->runtimes.v[i];
                        int m = snprintf(
                                runtimes + rl, sizeof(runtimes) - rl, "%s%s%s%s", rl ? ", " : "",
                                it->s,
                                bh_engine_runtime_is_sandbox(it->s, it->extra) ? " (sandbox)" : "",
                                tag[k]);
                        if (m > 0 && rl + (size_t)m < sizeof(runtimes))
                                rl += (size_t)m;
                }
        }
#define BH_FACT(nm, val)                                             \
        do {                                                         \
                if (n < cap)                                         \
                        out[n++] = (struct bh_report_fact){nm, val}; \
        } while (0)
        BH_FACT("os", h->os_pretty.set ? h->os_pretty.s : bh_host_fact(&h->os_id));
        BH_FACT("kernel", bh_host_fact(&h->kernel_release));
        BH_FACT("kernel_build", flav[h->kflavour]);
        BH_FACT("kernel_upstream", h->kernel_upstream);
        BH_FACT("kernel_package", h->kernel_pkgver);
        BH_FACT("lsm", bh_host_fact(&h->lsm));
        BH_FACT("selinux_enforce", bh_host_fact(&h->selinux_enforce));
        BH_FACT("seccomp", bh_host_fact(&h->seccomp));
        BH_FACT("userns_unprivileged",
                userns == BH_UNSET
                        ? NULL
                        : bh_arena_printf(&doc->arena, "%s (%s)",
                                          userns == BH_TRUE ? "enabled" : "disabled", why));
        BH_FACT("cgroup", bh_host_fact(&h->cgroup));
        BH_FACT("vm", bh_host_fact(&h->vm));
        BH_FACT("in_container", h->in_container.set ? h->in_container.s : "no");
        BH_FACT("package_db", h->pkgdb.set ? h->pkgdb.s : h->pkgdb.why);
        BH_FACT("packages", bh_arena_printf(&doc->arena, "%zu", h->pkgs.n));
        BH_FACT("docker_config", h->docker.present ? h->docker.path : NULL);
        BH_FACT("podman_config", h->podman.present ? h->podman.path : NULL);
        BH_FACT("rootless_engines", bh_host_rootless_fact(doc, h));
        for (size_t i = 0; i < h->user_cfgs.n; i++)
                if (h->user_cfgs.v[i]->env_unit)
                        BH_FACT("podman_service_config",
                                bh_arena_printf(&doc->arena, "%s (environment set in %s:%u)",
                                                h->user_cfgs.v[i]->path,
                                                h->user_cfgs.v[i]->env_unit,
                                                (unsigned)h->user_cfgs.v[i]->env_loc.line));
        BH_FACT("containerd_config", h->containerd.present ? h->containerd.path : NULL);
        BH_FACT("containerd_cri", bh_host_cri_fact(doc, &h->containerd));
        BH_FACT("runtimes", rl ? bh_arena_strdup(&doc->arena, runtimes) : NULL);
        BH_FACT("cve_tables", h->cve_data_date);
        if (doc->vulns) {
                const struct bh_vuln_report *v = doc->vulns;
                BH_FACT("vuln_db",
                        v->skipped ? "not used (see the warnings)"
                                   : bh_arena_printf(&doc->arena, "%s (updated %s)", v->db_path,
                                                     v->last_update ? v->last_update : "never"));
                if (!v->skipped)
                        BH_FACT("vuln_ecosystem",
                                !v->ecosystem ? "unknown release"
                                : v->covered
                                        ? bh_arena_printf(&doc->arena,
                                                          "%s: %zu packages, %zu advisory matches",
                                                          v->ecosystem, v->packages, v->matches.n)
                                        : bh_arena_printf(&doc->arena, "%s: not covered",
                                                          v->ecosystem));
        }
#undef BH_FACT
        return n;
}

/* The root's packages as an SBOM instead of the report; the exit code stays
 * the report's (findings, or 2 for a database that could not be read). */
static int bh_host_write_sbom(const struct bh_host_args *a, const struct bh_host *h, int code)
{
        struct bh_sbom_subject s = {
                .name = a->root, .os = &h->os, .pkgs = &h->pkgs, .kind = BH_SBOM_ROOTFS};

        return bh_cli_write_sbom("host", a->rep.output, a->sbom == 2, &s, code);
}

int bh_cli_cmd_host(int argc, char **argv)
{
        struct bh_host_args a = {0};
        struct bh_doc doc;
        struct bh_findings f;
        struct bh_host_verdicts verdicts = {0};
        struct bh_report rep = {0};
        struct bh_report_file file = {0};
        struct bh_report_fact facts[32];
        struct bh_cli_config *cfg = NULL;
        bh_autoptr(bh_error) err = NULL;
        struct bh_host_opts ho = {0};
        bool enabled[BH_RULE__COUNT];
        BH_VEC(const char *) warnings = {0};
        struct bh_cli_strv vwarn = {0};
        int r, fail_on, code = BH_EXIT_OK;
        int64_t today = bh_today();

        r = bh_host_parse(argc, argv, &a);
        if (r != 0)
                return r == 1 ? BH_EXIT_OK : r;
        r = bh_cli_report_setup("host", &a.rep, today, &cfg, enabled, &fail_on);
        if (r != 0)
                return r;

        bh_doc_init(&doc, a.root, BH_SURFACE_HOST, NULL, 0);
        bh_findings_init(&f);
        ho.root = a.root;
        ho.force_portable = a.portable;
        r = bh_frontend_host(&doc, &ho, &err);
        if (r < 0) {
                fprintf(stderr, "bulkhead: cannot audit %s\n", err ? err->msg : a.root);
                code = BH_EXIT_USAGE;
                goto done;
        }
        struct bh_host *h = doc.surface_model;
        bh_vuln_host_cves(&doc.arena, h);
        if (!a.vuln.no_vuln) {
                /* The package reader's OS (os-release with the distro
                 * release files as fallback), else the host's facts. */
                struct bh_osinfo os = h->os.id ? h->os : (struct bh_osinfo){
                        .id = bh_host_fact(&h->os_id),
                        .version_id = bh_host_fact(&h->os_version_id),
                        .codename = bh_host_fact(&h->os_codename),
                        .pretty_name = bh_host_fact(&h->os_pretty),
                        .from_file = h->os_id.loc.file,
                        .loc = h->os_version_id.set ? h->os_version_id.loc : h->os_id.loc,
                };
                if (bh_cli_vuln_attach(&doc, &a.vuln, &os, &h->pkgs, &vwarn) < 0) {
                        code = BH_EXIT_USAGE;
                        goto done;
                }
                for (size_t i = 0; i < vwarn.n; i++)
                        BH_VEC_PUSH(&warnings, vwarn.v[i]);
        }
        bh_rules_run(&doc, enabled, &f);
        bh_cli_suppress_config(cfg, NULL, today, &f);
        bh_findings_sort(&f);
        bh_rules_host_verdicts(&doc, enabled, &verdicts);
        for (size_t i = 0; i < h->notes.n; i++)
                BH_VEC_PUSH(&warnings, h->notes.v[i]);
        if (h->in_container.set)
                BH_VEC_PUSH(&warnings, "this looks like a container, not a host (found "
                                       "/.dockerenv or /run/.containerenv): host facts may be "
                                       "the container's");
        for (size_t i = 0; cfg && i < cfg->warnings.n; i++)
                BH_VEC_PUSH(&warnings, cfg->warnings.v[i]);

        for (size_t i = 0; i < f.items.n; i++) {
                const struct bh_finding *x = &f.items.v[i];
                const struct bh_rule *rule = bh_rules_find_num(x->rule_num);
                if (x->suppressed)
                        continue;
                if (rule && (rule->flags & BH_RF_INPUT_ERROR))
                        file.failed = true;
                if ((int)x->severity >= fail_on && code == BH_EXIT_OK)
                        code = BH_EXIT_FINDINGS;
        }
        if (file.failed)
                code = BH_EXIT_USAGE;
        file.path = a.root;
        file.surface = "host";
        rep.findings = f.items.v;
        rep.nfindings = f.items.n;
        rep.files = &file;
        rep.nfiles = 1;
        rep.fail_on = (enum bh_severity)fail_on;
        rep.quiet = a.rep.quiet;
        rep.show_suppressed = a.rep.show_suppressed;
        rep.tool_version = BH_VERSION;
        rep.profile = "default";
        rep.warnings = warnings.v;
        rep.nwarnings = warnings.n;
        rep.exit_code = code;
        rep.host_root = a.root;
        rep.host_facts = facts;
        rep.nhost_facts = bh_host_facts(&doc, h, facts, BH_ELEMENTSOF(facts));
        rep.host = verdicts.v.v;
        rep.nhost = verdicts.v.n;
        if (a.sbom)
                code = bh_host_write_sbom(&a, h, code);
        else
                code = bh_cli_write_report(a.rep.output, a.rep.format, a.rep.color, &rep);
done:
        free(warnings.v);
        bh_cli_strv_release(&vwarn);
        bh_host_verdicts_release(&verdicts);
        bh_findings_release(&f);
        bh_doc_release(&doc);
        bh_cli_config_free(cfg);
        return code;
}
