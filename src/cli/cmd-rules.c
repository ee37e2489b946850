/* bulkhead rules [--format text|json] [RULE] */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>

#include "cli.h"

#include "../util/bh-banned.h"

void bh_cli_help_rules(FILE *out)
{
        fputs("Usage: bulkhead rules [--format text|json] [RULE]\n"
              "\n"
              "Without RULE, list every rule (ID, severity, slug, title), grouped by theme.\n"
              "With RULE (e.g. BH3001), print its documentation page.\n"
              "\n"
              "Options:\n"
              "  --format FORMAT   text (default) or json\n"
              "  -h, --help        show this help\n",
              out);
}

static json_t *bh_rules_json(const struct bh_rule *r)
{
        json_t *o = json_object();

        json_object_set_new(o, "id", json_string(r->id));
        json_object_set_new(o, "slug", json_string(r->slug));
        json_object_set_new(o, "theme", json_integer(r->theme));
        json_object_set_new(o, "theme_name", json_string(bh_rules_theme_name(r->theme)));
        json_object_set_new(o, "severity", json_string(bh_severity_name(r->severity)));
        json_object_set_new(o, "subject", json_string(bh_rules_subject_name(r->subject)));
        json_object_set_new(o, "input_error", json_boolean(r->flags & BH_RF_INPUT_ERROR));
        json_object_set_new(o, "title", json_string(r->title));
        json_object_set_new(o, "hint", json_string(r->hint));
        return o;
}

static int bh_rules_dump(json_t *j)
{
        int r = json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

        json_decref(j);
        fputc('\n', stdout);
        return r == 0 ? BH_EXIT_OK : BH_EXIT_USAGE;
}

static int bh_rules_list(bool json)
{
        size_t n;
        const struct bh_rule *t = bh_rules_table(&n);
        unsigned theme = 0;

        if (json) {
                json_t *a = json_array();
                for (size_t i = 0; i < n; i++)
                        json_array_append_new(a, bh_rules_json(&t[i]));
                return bh_rules_dump(a);
        }
        for (size_t i = 0; i < n; i++) {
                if (t[i].theme != theme) {
                        theme = t[i].theme;
                        printf("%s%s (BH%uxxx)\n", i ? "\n" : "", bh_rules_theme_name(theme),
                               theme);
                }
                printf("  %s  %-8s  %-22s %s\n", t[i].id, bh_severity_name(t[i].severity),
                       t[i].slug, t[i].title);
        }
        return BH_EXIT_OK;
}

static int bh_rules_show(const struct bh_rule *r, bool json)
{
        const char *doc = bh_cli_rule_doc(r->id);

        if (json) {
                json_t *o = bh_rules_json(r);
                json_object_set_new(o, "doc", doc ? json_string(doc) : json_null());
                return bh_rules_dump(o);
        }
        if (doc) {
                fputs(doc, stdout);
                if (*doc && doc[strlen(doc) - 1] != '\n')
                        fputc('\n', stdout);
                return BH_EXIT_OK;
        }
        printf("%s %s (%s, %s)\n\n%s\n\nFix: %s\n\n(The documentation page docs/rules/%s.md is "
               "missing.)\n",
               r->id, r->slug, bh_severity_name(r->severity), bh_rules_theme_name(r->theme),
               r->title, r->hint, r->id);
        return BH_EXIT_OK;
}

int bh_cli_cmd_rules(int argc, char **argv)
{
        static const struct option opts[] = {
                {"format", required_argument, NULL, 'f'},
                {"help", no_argument, NULL, 'h'},
                {NULL, 0, NULL, 0},
        };
        bool json = false;
        int c;

        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
                switch (c) {
                case 'f':
                        if (strcmp(optarg, "json") == 0)
                                json = true;
                        else if (strcmp(optarg, "text") == 0)
                                json = false;
                        else
                                return bh_cli_usage_error("rules",
                                                          "--format: expected text or "
                                                          "json, not '%s'",
                                                          optarg);
                        break;
                case 'h':
                        bh_cli_help_rules(stdout);
                        return BH_EXIT_OK;
                case ':':
                        return bh_cli_usage_error("rules", "option '%s' needs a value",
                                                  argv[optind - 1]);
                case '?':
                default:
                        return bh_cli_usage_error("rules", "unknown option '%s'", argv[optind - 1]);
                }
        }
        if (optind == argc)
                return bh_rules_list(json);
        if (argc - optind > 1)
                return bh_cli_usage_error("rules", "expected at most one rule ID");
        const struct bh_rule *r = bh_rules_find(argv[optind]);
        if (!r)
                return bh_cli_usage_error("rules", "unknown rule ID '%s'", argv[optind]);
        return bh_rules_show(r, json);
}
