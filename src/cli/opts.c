/* Option values shared by the commands that report findings (scan, host):
 * one parser each, so every command accepts and rejects them the same way. */
#include <errno.h>
#include <stdio.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

#include "../util/bh-banned.h"

bool bh_cli_parse_rules(const char *cmd, const char *opt, const char *arg, bool *set)
{
        size_t ntable;
        const struct bh_rule *table = bh_rules_table(&ntable);
        bh_autofree char *copy = bh_xstrdup(arg);

        for (char *p = copy; p;) {
                char *comma = strchr(p, ',');
                if (comma)
                        *comma = '\0';
                while (*p == ' ')
                        p++;
                const struct bh_rule *r = bh_rules_find(p);
                if (!r) {
                        bh_cli_usage_error(cmd, "%s: unknown rule ID '%s' (see 'bulkhead rules')",
                                           opt, p);
                        return false;
                }
                set[r - table] = true;
                p = comma ? comma + 1 : NULL;
        }
        return true;
}

bool bh_cli_parse_format(const char *cmd, const char *arg, enum bh_format *ret)
{
        int f = bh_report_format_parse(arg);

        if (f < 0) {
                bh_cli_usage_error(cmd, "--format: unknown format '%s' (text, json, sarif)", arg);
                return false;
        }
        *ret = (enum bh_format)f;
        return true;
}

bool bh_cli_parse_fail_on(const char *cmd, const char *arg, int *ret)
{
        int s = strcmp(arg, "none") == 0 ? BH_CLI_FAIL_NONE : bh_severity_parse(arg);

        if (s < 0) {
                bh_cli_usage_error(cmd,
                                   "--fail-on: unknown level '%s' "
                                   "(critical, high, medium, low, info, none)",
                                   arg);
                return false;
        }
        *ret = s;
        return true;
}

bool bh_cli_parse_color(const char *cmd, const char *arg, enum bh_cli_color *ret)
{
        if (strcmp(arg, "always") == 0)
                *ret = BH_COLOR_ALWAYS;
        else if (strcmp(arg, "never") == 0)
                *ret = BH_COLOR_NEVER;
        else if (strcmp(arg, "auto") == 0)
                *ret = BH_COLOR_AUTO;
        else {
                bh_cli_usage_error(cmd, "--color: expected always, never or auto, not '%s'", arg);
                return false;
        }
        return true;
}

int bh_cli_report_opt(const char *cmd, int c, const char *arg, struct bh_cli_report_opts *r)
{
        switch (c) {
        case BH_CLI_OPT_FORMAT:
                return bh_cli_parse_format(cmd, arg, &r->format) ? 1 : -1;
        case 'o':
                r->output = arg;
                return 1;
        case BH_CLI_OPT_FAIL_ON:
                return bh_cli_parse_fail_on(cmd, arg, &r->fail_on) ? 1 : -1;
        case BH_CLI_OPT_ONLY:
                r->has_only = true;
                return bh_cli_parse_rules(cmd, "--only", arg, r->only) ? 1 : -1;
        case BH_CLI_OPT_IGNORE:
                return bh_cli_parse_rules(cmd, "--ignore", arg, r->ignore) ? 1 : -1;
        case BH_CLI_OPT_CONFIG:
                r->config = arg;
                return 1;
        case BH_CLI_OPT_COLOR:
                return bh_cli_parse_color(cmd, arg, &r->color) ? 1 : -1;
        case BH_CLI_OPT_NO_COLOR:
                r->color = BH_COLOR_NEVER;
                return 1;
        case 'q':
                r->quiet = true;
                return 1;
        case BH_CLI_OPT_SHOW_SUPPRESSED:
                r->show_suppressed = true;
                return 1;
        default:
                return 0;
        }
}

int bh_cli_report_setup(const char *cmd, const struct bh_cli_report_opts *r, int64_t today,
                        struct bh_cli_config **ret_cfg, bool *enabled, int *ret_fail_on)
{
        struct bh_cli_config *cfg = NULL;

        if (r->config) {
                bh_autoptr(bh_error) err = NULL;
                int k = bh_cli_config_load(r->config, r->config, today, &cfg, &err);
                if (k < 0) {
                        if (k == BH_ENOENT)
                                return bh_cli_usage_error(cmd, "--config: %s", err->msg);
                        fprintf(stderr, "bulkhead: %s\n", err->msg);
                        return BH_EXIT_USAGE;
                }
        }
        bh_cli_enabled_rules(r->has_only ? r->only : NULL, r->ignore, cfg, BH_PSS_NONE, enabled);
        *ret_fail_on = r->fail_on >= 0       ? r->fail_on
                       : cfg && cfg->fail_on >= 0 ? cfg->fail_on
                                                  : BH_SEV_MEDIUM;
        *ret_cfg = cfg;
        return 0;
}

bool bh_cli_use_color(enum bh_cli_color c, enum bh_format format, FILE *out)
{
        const char *nc = getenv("NO_COLOR");

        if (format != BH_FORMAT_TEXT)
                return false;
        if (c != BH_COLOR_AUTO)
                return c == BH_COLOR_ALWAYS;
        if (nc && *nc)
                return false;
        return isatty(fileno(out));
}

void bh_cli_enabled_rules(const bool *only, const bool *ignore, const struct bh_cli_config *c,
                          enum bh_pss_level level, bool *enabled)
{
        size_t ntable;
        const struct bh_rule *table = bh_rules_table(&ntable);

        if (!only && c && c->has_only)
                only = c->only;
        for (size_t i = 0; i < ntable; i++) {
                bool pss = table[i].flags & BH_RF_PSS;

                enabled[i] = !only || only[i] || (table[i].flags & BH_RF_INPUT_ERROR);
                if (ignore[i] || (c && c->ignore[i]))
                        enabled[i] = false;
                /* a PSS profile runs its level's controls and the input problems only;
                 * the default profile none of them */
                if (level == BH_PSS_NONE ? pss
                                         : table[i].theme != 9 &&
                                                   !(pss && bh_pss_rule_in_level(table[i].num,
                                                                                 level)))
                        enabled[i] = false;
        }
}

int bh_cli_write_report(const char *path, enum bh_format format, enum bh_cli_color color,
                        struct bh_report *rep)
{
        FILE *out = stdout;
        int r;

        if (path) {
                out = fopen(path, "we");
                if (!out) {
                        fprintf(stderr, "bulkhead: cannot write '%s': %s\n", path,
                                strerror(errno));
                        return BH_EXIT_USAGE;
                }
        }
        rep->color = bh_cli_use_color(color, format, out);
        r = bh_report_write(out, format, rep);
        if (fflush(out) != 0 || ferror(out))
                r = r < 0 ? r : BH_EIO;
        if (out != stdout && fclose(out) != 0)
                r = r < 0 ? r : BH_EIO;
        if (r < 0) {
                fprintf(stderr, "bulkhead: cannot write the report to %s\n",
                        path ? path : "standard output");
                return BH_EXIT_USAGE;
        }
        return rep->exit_code;
}
