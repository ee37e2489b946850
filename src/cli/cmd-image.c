/* bulkhead image [OPTIONS] PATH...: read built images (docker/podman save
 * archives, OCI archives, OCI layout directories) without extracting them,
 * run the rules over their configuration, history and files, and report as
 * scan does. */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "../frontend/engine/http.h"
#include "../frontend/image/image.h"
#include "../model/vuln.h"
#include "../report/sbom.h"
#include "../util/strutil.h"
#include "bh-config.h"
#include "cli.h"

#include "../util/bh-banned.h"

enum bh_image_sbom {
        BH_IMAGE_SBOM_NONE = 0,
        BH_IMAGE_SBOM_CYCLONEDX,
        BH_IMAGE_SBOM_SPDX,
};

struct bh_image_args {
        struct bh_cli_report_opts rep;
        const char *platform;
        bool engine;      /* the PATHs are image names in the engine */
        const char *host; /* --host for --engine */
        enum bh_image_sbom sbom;
        struct bh_cli_vuln_opts vuln;
};

void bh_cli_help_image(FILE *out)
{
        fputs("Usage: bulkhead image [OPTIONS] PATH...\n"
              "       bulkhead image --engine [-H URL] [OPTIONS] NAME...\n"
              "\n"
              "Check built images without running or extracting them: docker save / podman\n"
              "save archives (legacy and Docker 25+ OCI layouts), OCI archives and OCI layout\n"
              "directories.  Every layer is streamed once and its digest verified; the\n"
              "configuration (user, exposed ports, environment, labels) and the history's RUN\n"
              "commands go through the same rules as a Dockerfile, and the final filesystem\n"
              "is checked for setuid files, world-writable paths, secret files, UID 0\n"
              "accounts, empty passwords and sudo NOPASSWD rules.\n"
              "\n"
              "Options:\n"
              "  --platform OS/ARCH[/VARIANT]\n"
              "                          the image to read from a multi-platform index\n"
              "                          (default: the host's, or the only one there is)\n"
              "  --engine                read the images NAME... from the local engine\n"
              "                          (GET /images/NAME/get, streamed, never on disk)\n"
              "  -H, --host URL          the engine for --engine: unix:///path or\n"
              "                          tcp://host:port with TLS (default: DOCKER_HOST,\n"
              "                          CONTAINER_HOST, then the usual sockets)\n"
              "  --format FORMAT         text (default), json or sarif; or an SBOM of the\n"
              "                          image's OS and installed packages (one image):\n"
              "                          cyclonedx (CycloneDX 1.5 JSON) or spdx (SPDX 2.3\n"
              "                          JSON), dated SOURCE_DATE_EPOCH when set\n"
              "  -o, --output FILE       write the report to FILE\n"
              "  --fail-on LEVEL         exit 1 on a finding at or above LEVEL: critical, high,\n"
              "                          medium (default), low, info, none\n"
              "  --only RULE[,RULE]      run only these rules (repeatable)\n"
              "  --ignore RULE[,RULE]    do not run these rules (repeatable)\n"
              "  --config FILE           a .bulkhead.yaml (fail-on, only, ignore, and\n"
              "                          suppressions)\n"
              "  --color WHEN            always, never or auto\n"
              "  --no-color              same as --color=never\n"
              "  -q, --quiet             findings only: no source, hints or summary\n"
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
              "2 usage error, or an image that could not be fully read (corrupt, truncated,\n"
              "a digest that does not match, an unsupported layout).\n",
              out);
}

enum {
        OPT_PLATFORM = 256,
        OPT_ENGINE,
};

static const struct option bh_image_options[] = {
        {"platform", required_argument, NULL, OPT_PLATFORM},
        {"engine", no_argument, NULL, OPT_ENGINE},
        {"host", required_argument, NULL, 'H'},
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
        {"db", required_argument, NULL, BH_CLI_OPT_DB},
        {"ignore-unfixed", no_argument, NULL, BH_CLI_OPT_IGNORE_UNFIXED},
        {"db-max-age", required_argument, NULL, BH_CLI_OPT_DB_MAX_AGE},
        {"no-vuln", no_argument, NULL, BH_CLI_OPT_NO_VULN},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
};

/* os/arch or os/arch/variant, each part [a-z0-9_.-]+. */
static bool bh_image_platform_ok(const char *p)
{
        unsigned parts = 1;

        if (!*p || *p == '/')
                return false;
        for (const char *c = p; *c; c++) {
                if (*c == '/') {
                        if (c[1] == '\0' || c[1] == '/')
                                return false;
                        parts++;
                } else if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
                             strchr("_.-", *c))) {
                        return false;
                }
        }
        return parts == 2 || parts == 3;
}

/* 0 parsed (*ret_first the first PATH), 1 help printed, BH_EXIT_USAGE. */
static int bh_image_parse(int argc, char **argv, struct bh_image_args *a, int *ret_first)
{
        int c, r;

        a->rep.fail_on = -1;
        a->vuln.max_age_days = BH_CLI_DB_MAX_AGE_DEFAULT;
        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":o:qhH:", bh_image_options, NULL)) != -1) {
                /* the SBOM formats are image's own; the others are a report's */
                if (c == BH_CLI_OPT_FORMAT) {
                        a->sbom = strcmp(optarg, "cyclonedx") == 0 ? BH_IMAGE_SBOM_CYCLONEDX
                                  : strcmp(optarg, "spdx") == 0    ? BH_IMAGE_SBOM_SPDX
                                                                   : BH_IMAGE_SBOM_NONE;
                        if (a->sbom != BH_IMAGE_SBOM_NONE)
                                continue;
                }
                r = bh_cli_report_opt("image", c, optarg, &a->rep);
                if (r == 0)
                        r = bh_cli_vuln_opt("image", c, optarg, &a->vuln);
                if (r < 0)
                        return BH_EXIT_USAGE;
                if (r > 0)
                        continue;
                switch (c) {
                case OPT_PLATFORM:
                        if (!bh_image_platform_ok(optarg))
                                return bh_cli_usage_error("image",
                                                          "--platform: '%s' is not "
                                                          "os/arch[/variant]",
                                                          optarg);
                        a->platform = optarg;
                        break;
                case OPT_ENGINE:
                        a->engine = true;
                        break;
                case 'H':
                        if (!*optarg)
                                return bh_cli_usage_error("image", "--host: empty URL");
                        a->host = optarg;
                        break;
                case 'h':
                        bh_cli_help_image(stdout);
                        return 1;
                case ':':
                        return bh_cli_usage_error("image", "option '%s' needs a value",
                                                  argv[optind - 1]);
                case '?':
                default:
                        if (optopt && optopt < 256)
                                return bh_cli_usage_error("image", "unknown option '-%c'", optopt);
                        return bh_cli_usage_error("image", "unknown option '%s'", argv[optind - 1]);
                }
        }
        if (a->host && !a->engine)
                return bh_cli_usage_error("image", "--host needs --engine");
        if (optind >= argc)
                return bh_cli_usage_error("image", "no image given (a docker save archive, an "
                                                   "OCI archive or an OCI layout directory)");
        if (a->sbom != BH_IMAGE_SBOM_NONE && argc - optind > 1)
                return bh_cli_usage_error("image", "--format %s describes one image, not %d",
                                          a->sbom == BH_IMAGE_SBOM_SPDX ? "spdx" : "cyclonedx",
                                          argc - optind);
        *ret_first = optind;
        return 0;
}

/* Findings about the configuration-as-Dockerfile name the field they are
 * about: "(history[3].created_by)". */
static void bh_image_name_fields(const struct bh_doc *doc, struct bh_findings *f, size_t from)
{
        const struct bh_image *img = doc->surface_model;

        for (size_t i = from; img && i < f->items.n; i++) {
                struct bh_finding *x = &f->items.v[i];
                const char *field;
                if (!x->loc.line || x->loc.file)
                        continue;
                field = bh_image_line_field(img, x->loc.line);
                if (!field)
                        continue;
                char *msg = bh_xasprintf("%s (%s)", x->message, field);
                bh_finding_set_message(x, msg);
                free(msg);
                free(x->field);
                x->field = bh_xstrdup(field);
        }
}

/* What was read of one image, for the report (heap strings: the document's
 * arena is gone when the report is written). */
#define BH_IMAGE_NFACTS 12
struct bh_image_facts {
        struct bh_report_fact f[BH_IMAGE_NFACTS];
        char *own[BH_IMAGE_NFACTS];
        size_t n;
};

static void bh_image_fact(struct bh_image_facts *x, const char *name, char *heap_value)
{
        if (x->n >= BH_IMAGE_NFACTS) {
                free(heap_value);
                return;
        }
        x->own[x->n] = heap_value;
        x->f[x->n++] = (struct bh_report_fact){name, heap_value};
}

static char *bh_image_dup(const char *s)
{
        return s ? bh_xstrdup(s) : NULL;
}

/* "dpkg (88 packages)", "apk (14 packages), dpkg (2 packages)", or "none found". */
static char *bh_image_pkgdb_fact(const struct bh_pkg_list *pkgs)
{
        size_t count[BH_PKGFMT__COUNT] = {0};
        char buf[256] = "";
        size_t bl = 0;

        for (size_t i = 0; i < pkgs->n; i++)
                if (pkgs->v[i].format < BH_PKGFMT__COUNT)
                        count[pkgs->v[i].format]++;
        for (int k = 0; k < BH_PKGFMT__COUNT; k++) {
                if (!count[k])
                        continue;
                int m = snprintf(buf + bl, sizeof(buf) - bl, "%s%s (%zu package%s)", bl ? ", " : "",
                                 bh_pkg_format_name((enum bh_pkg_format)k), count[k],
                                 count[k] == 1 ? "" : "s");
                if (m > 0 && bl + (size_t)m < sizeof(buf))
                        bl += (size_t)m;
        }
        return bh_xstrdup(bl ? buf : "none found");
}

static void bh_image_facts_fill(const struct bh_doc *doc, struct bh_image_facts *x)
{
        const struct bh_image *img = doc->surface_model;
        const struct bh_osinfo *o;

        if (!img)
                return;
        o = &img->osinfo;
        bh_image_fact(x, "format", bh_image_dup(img->format));
        bh_image_fact(x, "name", bh_image_dup(img->name));
        bh_image_fact(x, "config_digest", bh_image_dup(img->config_digest));
        bh_image_fact(x, "platform",
                      img->os ? bh_xasprintf("%s/%s%s%s", img->os,
                                             img->architecture ? img->architecture : "?",
                                             img->variant ? "/" : "",
                                             img->variant ? img->variant : "")
                              : NULL);
        bh_image_fact(x, "layers", bh_xasprintf("%zu", img->layers.n));
        bh_image_fact(x, "os",
                      !img->has_os ? NULL
                      : o->pretty_name
                              ? bh_xstrdup(o->pretty_name)
                              : bh_xasprintf("%s %s", o->id, o->version_id ? o->version_id : "?"));
        bh_image_fact(x, "package_db", bh_image_pkgdb_fact(&img->pkgs));
        bh_image_fact(x, "packages", bh_xasprintf("%zu", img->pkgs.n));
        if (doc->vulns) {
                const struct bh_vuln_report *v = doc->vulns;
                bh_image_fact(x, "vuln_db",
                              v->skipped ? bh_xstrdup("not used (see the warnings)")
                                         : bh_xasprintf("%s (updated %s)", v->db_path,
                                                        v->last_update ? v->last_update : "never"));
                if (!v->skipped)
                        bh_image_fact(
                                x, "vuln_ecosystem",
                                !v->ecosystem ? bh_xstrdup("unknown release")
                                : v->covered
                                        ? bh_xasprintf("%s: %zu packages, %zu advisory matches",
                                                       v->ecosystem, v->packages, v->matches.n)
                                        : bh_xasprintf("%s: not covered", v->ecosystem));
        }
}

static void bh_image_facts_release(struct bh_image_facts *x)
{
        for (size_t i = 0; i < x->n; i++)
                free(x->own[i]);
        x->n = 0;
}

/* Add s to the warnings unless it is there already (one per image). */
static void bh_image_warn_once(struct bh_cli_strv *w, const char *s)
{
        for (size_t i = 0; i < w->n; i++)
                if (strcmp(w->v[i], s) == 0)
                        return;
        bh_cli_strv_addf(w, "%s", s);
}

/* --format cyclonedx|spdx: the SBOM of the one image instead of the report.
 * The subject is the image's name as the image records it (RepoTags, the
 * reference annotation) or as given (--engine NAME, else the path), with
 * its configuration digest (the image ID). */
static int bh_image_write_sbom(const struct bh_image_args *a, const struct bh_doc *doc,
                               const char *given, int code)
{
        const struct bh_image *img = doc ? doc->surface_model : NULL;

        if (!img) {
                fprintf(stderr, "bulkhead: %s could not be read: no SBOM written\n", given);
                return BH_EXIT_USAGE;
        }
        /* the SBOM names files by their path in the image, not where the
         * archive lies: "/var/lib/dpkg/status" */
        struct bh_pkg_list pkgs = {.n = img->pkgs.n};
        size_t pl = strlen(doc->path);
        pkgs.v = bh_xreallocarray(NULL, pkgs.n ? pkgs.n : 1, sizeof(*pkgs.v));
        for (size_t i = 0; i < pkgs.n; i++) {
                pkgs.v[i] = img->pkgs.v[i];
                const char *f = pkgs.v[i].loc.file;
                if (f && strncmp(f, doc->path, pl) == 0 && f[pl] == ':')
                        pkgs.v[i].loc.file = f + pl + 1;
        }
        struct bh_sbom_subject s = {
                .name = !a->engine && img->name ? img->name : given,
                .digest = img->config_digest,
                .os = img->has_os ? &img->osinfo : NULL,
                .pkgs = &pkgs,
                .kind = BH_SBOM_IMAGE,
        };
        int r = bh_cli_write_sbom("image", a->rep.output, a->sbom == BH_IMAGE_SBOM_SPDX, &s, code);
        free(pkgs.v);
        return r;
}

int bh_cli_cmd_image(int argc, char **argv)
{
        struct bh_image_args a = {0};
        struct bh_findings f;
        struct bh_report rep = {0};
        struct bh_report_file *files = NULL;
        struct bh_image_facts *facts = NULL;
        struct bh_cli_config *cfg = NULL;
        bh_autoptr(bh_error) err = NULL;
        bool enabled[BH_RULE__COUNT];
        BH_VEC(const char *) warnings = {0};
        struct bh_cli_strv vwarn = {0}, vone = {0};
        struct bh_doc *sbom_doc = NULL; /* --format cyclonedx|spdx: kept for the SBOM */
        bool fatal = false;
        int r, first = 0, fail_on, code = BH_EXIT_OK;
        int64_t today = bh_today();
        struct bh_image_opts io = {0};

        r = bh_image_parse(argc, argv, &a, &first);
        if (r != 0)
                return r == 1 ? BH_EXIT_OK : r;
        r = bh_cli_report_setup("image", &a.rep, today, &cfg, enabled, &fail_on);
        if (r != 0)
                return r;
        io.platform = a.platform;
        struct bh_engine_conn *conn = NULL;
        if (a.engine) {
                extern char **environ;
                struct bh_engine_opts eo = {.host = a.host, .env = (const char *const *)environ};
                if (bh_engine_connect(&eo, &conn, &err) < 0) {
                        fprintf(stderr, "bulkhead: %s\n", err->msg);
                        bh_cli_config_free(cfg);
                        return BH_EXIT_USAGE;
                }
        }

        bh_findings_init(&f);
        files = bh_xcalloc((size_t)(argc - first), sizeof(*files));
        facts = bh_xcalloc((size_t)(argc - first), sizeof(*facts));
        for (int i = first; i < argc && !fatal; i++) {
                struct bh_report_file *file = &files[i - first];
                struct bh_doc *doc = bh_xcalloc(1, sizeof(*doc));
                size_t before = f.items.n;

                file->path = argv[i];
                file->surface = "image";
                bh_doc_init(doc, argv[i], BH_SURFACE_IMAGE, NULL, 0);
                r = conn ? bh_frontend_image_engine(doc, conn, argv[i], &io, &err)
                         : bh_frontend_image(doc, &io, &err);
                if (r < 0) {
                        struct bh_loc none = {0};
                        /* an SBOM run writes no report: say why here */
                        if (a.sbom != BH_IMAGE_SBOM_NONE)
                                fprintf(stderr, "bulkhead: %s: %s\n", argv[i],
                                        err ? err->msg : "cannot read the image");
                        bh_findings_add(&f, "BH9004", 9004, BH_SEV_HIGH, argv[i], none,
                                        err ? err->msg : "cannot read the image");
                        bh_error_free(BH_STEAL(&err));
                } else {
                        struct bh_findings one;
                        const struct bh_image *img = doc->surface_model;
                        /* nothing installed, nothing to match (and no database needed) */
                        if (!a.vuln.no_vuln && img && img->pkgs.n) {
                                if (bh_cli_vuln_attach(doc, &a.vuln, &img->osinfo, &img->pkgs,
                                                       &vone) < 0)
                                        fatal = true;
                                for (size_t k = 0; k < vone.n; k++)
                                        bh_image_warn_once(&vwarn, vone.v[k]);
                                bh_cli_strv_release(&vone);
                        }
                        bh_findings_init(&one);
                        bh_rules_run(doc, enabled, &one);
                        bh_image_name_fields(doc, &one, 0);
                        bh_cli_suppress_config(cfg, NULL, today, &one);
                        bh_findings_move(&f, &one);
                        bh_findings_release(&one);
                        bh_image_facts_fill(doc, &facts[i - first]);
                        file->facts = facts[i - first].f;
                        file->nfacts = facts[i - first].n;
                }
                /* locations point into the document's arena */
                for (size_t k = before; k < f.items.n; k++) {
                        f.items.v[k].loc.file = NULL;
                        f.items.v[k].loc.note = NULL;
                }
                if (a.sbom != BH_IMAGE_SBOM_NONE && r >= 0) {
                        sbom_doc = doc;
                } else {
                        bh_doc_release(doc);
                        free(doc);
                }
        }
        if (fatal) {
                code = BH_EXIT_USAGE;
                goto done;
        }
        bh_findings_sort(&f);
        for (size_t i = 0; cfg && i < cfg->warnings.n; i++)
                BH_VEC_PUSH(&warnings, cfg->warnings.v[i]);
        for (size_t i = 0; i < vwarn.n; i++)
                BH_VEC_PUSH(&warnings, vwarn.v[i]);

        for (size_t i = 0; i < f.items.n; i++) {
                const struct bh_finding *x = &f.items.v[i];
                const struct bh_rule *rule = bh_rules_find_num(x->rule_num);
                if (x->suppressed)
                        continue;
                if (rule && (rule->flags & BH_RF_INPUT_ERROR)) {
                        for (int k = 0; k < argc - first; k++)
                                if (bh_str_startswith(x->path, files[k].path))
                                        files[k].failed = true;
                        code = BH_EXIT_USAGE;
                }
                if ((int)x->severity >= fail_on && code == BH_EXIT_OK)
                        code = BH_EXIT_FINDINGS;
        }
        if (a.sbom != BH_IMAGE_SBOM_NONE) {
                code = bh_image_write_sbom(&a, sbom_doc, argv[first], code);
                goto done;
        }
        rep.findings = f.items.v;
        rep.nfindings = f.items.n;
        rep.files = files;
        rep.nfiles = (size_t)(argc - first);
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
        if (sbom_doc) {
                bh_doc_release(sbom_doc);
                free(sbom_doc);
        }
        for (int k = 0; k < argc - first; k++)
                bh_image_facts_release(&facts[k]);
        free(facts);
        free(warnings.v);
        bh_cli_strv_release(&vwarn);
        free(files);
        bh_engine_conn_free(conn);
        bh_findings_release(&f);
        bh_cli_config_free(cfg);
        return code;
}
