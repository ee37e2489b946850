/* bulkhead image [OPTIONS] PATH...: read built images (docker/podman save
 * archives, OCI archives, OCI layout directories) without extracting them,
 * run the rules over their configuration, history and files, and report as
 * scan does. */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "../frontend/engine/http.h"
#include "../frontend/image/image.h"
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
        const char *platform;
        bool engine;      /* the PATHs are image names in the engine */
        const char *host; /* --host for --engine */
        enum bh_format format;
        enum bh_image_sbom sbom;
        const char *output;
        int fail_on; /* -1: not given */
        bool has_only;
        bool only[BH_RULE__COUNT];
        bool ignore[BH_RULE__COUNT];
        const char *config;
        enum bh_cli_color color;
        bool quiet;
        bool show_suppressed;
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
              "  --format FORMAT         text (default), json, sarif, cyclonedx or spdx\n"
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
        OPT_FORMAT,
        OPT_FAIL_ON,
        OPT_ONLY,
        OPT_IGNORE,
        OPT_CONFIG,
        OPT_COLOR,
        OPT_NO_COLOR,
        OPT_SHOW_SUPPRESSED,
};

static const struct option bh_image_options[] = {
        {"platform", required_argument, NULL, OPT_PLATFORM},
        {"engine", no_argument, NULL, OPT_ENGINE},
        {"host", required_argument, NULL, 'H'},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"output", required_argument, NULL, 'o'},
        {"fail-on", required_argument, NULL, OPT_FAIL_ON},
        {"only", required_argument, NULL, OPT_ONLY},
        {"ignore", required_argument, NULL, OPT_IGNORE},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"color", required_argument, NULL, OPT_COLOR},
        {"no-color", no_argument, NULL, OPT_NO_COLOR},
        {"quiet", no_argument, NULL, 'q'},
        {"show-suppressed", no_argument, NULL, OPT_SHOW_SUPPRESSED},
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
        int c;

        a->fail_on = -1;
        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":o:qhH:", bh_image_options, NULL)) != -1) {
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
                case OPT_FORMAT:
                        if (strcmp(optarg, "cyclonedx") == 0) {
                                a->sbom = BH_IMAGE_SBOM_CYCLONEDX;
                                break;
                        }
                        if (strcmp(optarg, "spdx") == 0) {
                                a->sbom = BH_IMAGE_SBOM_SPDX;
                                break;
                        }
                        a->sbom = BH_IMAGE_SBOM_NONE;
                        if (!bh_cli_parse_format("image", optarg, &a->format))
                                return BH_EXIT_USAGE;
                        break;
                case 'o':
                        a->output = optarg;
                        break;
                case OPT_FAIL_ON:
                        if (!bh_cli_parse_fail_on("image", optarg, &a->fail_on))
                                return BH_EXIT_USAGE;
                        break;
                case OPT_ONLY:
                        a->has_only = true;
                        if (!bh_cli_parse_rules("image", "--only", optarg, a->only))
                                return BH_EXIT_USAGE;
                        break;
                case OPT_IGNORE:
                        if (!bh_cli_parse_rules("image", "--ignore", optarg, a->ignore))
                                return BH_EXIT_USAGE;
                        break;
                case OPT_CONFIG:
                        a->config = optarg;
                        break;
                case OPT_COLOR:
                        if (!bh_cli_parse_color("image", optarg, &a->color))
                                return BH_EXIT_USAGE;
                        break;
                case OPT_NO_COLOR:
                        a->color = BH_COLOR_NEVER;
                        break;
                case 'q':
                        a->quiet = true;
                        break;
                case OPT_SHOW_SUPPRESSED:
                        a->show_suppressed = true;
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

/* ADAPTER (branch pkg): --format cyclonedx|spdx writes the SBOM of each
 * image through bh_report_cyclonedx()/bh_report_spdx() (src/report/sbom.h)
 * with { img->name, img->manifest_digest, &img->osinfo, &img->pkgs } once
 * those writers are in main. */
static int bh_image_sbom_unavailable(enum bh_image_sbom s)
{
        return bh_cli_usage_error("image", "--format %s: the SBOM writers are not in this build",
                                  s == BH_IMAGE_SBOM_CYCLONEDX ? "cyclonedx" : "spdx");
}

int bh_cli_cmd_image(int argc, char **argv)
{
        struct bh_image_args a = {0};
        struct bh_findings f;
        struct bh_report rep = {0};
        struct bh_report_file *files = NULL;
        struct bh_cli_config *cfg = NULL;
        bh_autoptr(bh_error) err = NULL;
        bool enabled[BH_RULE__COUNT];
        BH_VEC(const char *) warnings = {0};
        int r, first = 0, fail_on, code = BH_EXIT_OK;
        int64_t today = bh_today();
        struct bh_image_opts io = {0};

        r = bh_image_parse(argc, argv, &a, &first);
        if (r != 0)
                return r == 1 ? BH_EXIT_OK : r;
        if (a.sbom != BH_IMAGE_SBOM_NONE)
                return bh_image_sbom_unavailable(a.sbom);
        if (a.config) {
                r = bh_cli_config_load(a.config, a.config, today, &cfg, &err);
                if (r < 0) {
                        if (r == BH_ENOENT)
                                return bh_cli_usage_error("image", "--config: %s", err->msg);
                        fprintf(stderr, "bulkhead: %s\n", err->msg);
                        return BH_EXIT_USAGE;
                }
        }
        bh_cli_enabled_rules(a.has_only ? a.only : NULL, a.ignore, cfg, BH_PSS_NONE, enabled);
        fail_on = a.fail_on >= 0             ? a.fail_on
                  : cfg && cfg->fail_on >= 0 ? cfg->fail_on
                                             : BH_SEV_MEDIUM;
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
        for (int i = first; i < argc; i++) {
                struct bh_report_file *file = &files[i - first];
                struct bh_doc doc;
                size_t before = f.items.n;

                file->path = argv[i];
                file->surface = "image";
                bh_doc_init(&doc, argv[i], BH_SURFACE_IMAGE, NULL, 0);
                r = conn ? bh_frontend_image_engine(&doc, conn, argv[i], &io, &err)
                         : bh_frontend_image(&doc, &io, &err);
                if (r < 0) {
                        struct bh_loc none = {0};
                        bh_findings_add(&f, "BH9004", 9004, BH_SEV_HIGH, argv[i], none,
                                        err ? err->msg : "cannot read the image");
                        bh_error_free(BH_STEAL(&err));
                } else {
                        struct bh_findings one;
                        bh_findings_init(&one);
                        bh_rules_run(&doc, enabled, &one);
                        bh_image_name_fields(&doc, &one, 0);
                        bh_cli_suppress_config(cfg, NULL, today, &one);
                        bh_findings_move(&f, &one);
                        bh_findings_release(&one);
                }
                /* locations point into the document's arena */
                for (size_t k = before; k < f.items.n; k++) {
                        f.items.v[k].loc.file = NULL;
                        f.items.v[k].loc.note = NULL;
                }
                bh_doc_release(&doc);
        }
        bh_findings_sort(&f);
        for (size_t i = 0; cfg && i < cfg->warnings.n; i++)
                BH_VEC_PUSH(&warnings, cfg->warnings.v[i]);

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
        rep.findings = f.items.v;
        rep.nfindings = f.items.n;
        rep.files = files;
        rep.nfiles = (size_t)(argc - first);
        rep.fail_on = (enum bh_severity)fail_on;
        rep.quiet = a.quiet;
        rep.show_suppressed = a.show_suppressed;
        rep.tool_version = BH_VERSION;
        rep.profile = "default";
        rep.warnings = warnings.v;
        rep.nwarnings = warnings.n;
        rep.exit_code = code;
        code = bh_cli_write_report(a.output, a.format, a.color, &rep);
        free(warnings.v);
        free(files);
        bh_engine_conn_free(conn);
        bh_findings_release(&f);
        bh_cli_config_free(cfg);
        return code;
}
