/* Vulnerability matching for the commands that audit installed packages
 * (bulkhead host, bulkhead image): open the store read-only, match, and hang
 * the results on the document before its rules run. */
#include <stdio.h>

#include "../model/vuln.h"
#include "../util/strutil.h"
#include "../vuln/db.h"
#include "../vuln/match.h"
#include "cli.h"

#include "../util/bh-banned.h"

bool bh_cli_parse_db_max_age(const char *cmd, const char *arg, unsigned *ret)
{
        uint64_t v;

        if (bh_parse_u64(arg, 0, 36500, &v) < 0) {
                bh_cli_usage_error(
                        cmd, "--db-max-age: expected a number of days (0-36500), not '%s'", arg);
                return false;
        }
        *ret = (unsigned)v;
        return true;
}

int bh_cli_vuln_opt(const char *cmd, int c, const char *arg, struct bh_cli_vuln_opts *v)
{
        switch (c) {
        case BH_CLI_OPT_DB:
                if (!*arg) {
                        bh_cli_usage_error(cmd, "--db: empty path");
                        return -1;
                }
                v->db_path = arg;
                return 1;
        case BH_CLI_OPT_IGNORE_UNFIXED:
                v->ignore_unfixed = true;
                return 1;
        case BH_CLI_OPT_DB_MAX_AGE:
                return bh_cli_parse_db_max_age(cmd, arg, &v->max_age_days) ? 1 : -1;
        case BH_CLI_OPT_NO_VULN:
                v->no_vuln = true;
                return 1;
        default:
                return 0;
        }
}

int bh_cli_vuln_attach(struct bh_doc *doc, const struct bh_cli_vuln_opts *o,
                       const struct bh_osinfo *os, const struct bh_pkg_list *pkgs,
                       struct bh_cli_strv *warnings)
{
        struct bh_vuln_report *rep = bh_arena_alloc(&doc->arena, sizeof(*rep));
        bh_autofree char *path = o->db_path ? bh_xstrdup(o->db_path) : bh_vuln_db_default_path();
        bh_autoptr(bh_vuln_db) db = NULL;
        bh_autoptr(bh_error) err = NULL;
        struct bh_vuln_db_status st;
        int r;

        rep->ignore_unfixed = o->ignore_unfixed;
        rep->max_age_days = o->max_age_days;
        rep->age_days = -1;
        rep->packages = pkgs->n;
        doc->vulns = rep;
        if (!path) {
                rep->skipped = "no database path (set --db, BULKHEAD_DB or HOME)";
                bh_cli_strv_addf(warnings, "vulnerability matching skipped: %s", rep->skipped);
                return 0;
        }
        rep->db_path = bh_arena_strdup(&doc->arena, path);
        r = bh_vuln_db_open(path, false, &db, &err);
        if (r == BH_ENOENT) {
                rep->skipped = bh_arena_printf(&doc->arena,
                                               "no vulnerability database at %s (run 'bulkhead db "
                                               "update' or 'bulkhead db import')",
                                               path);
                bh_cli_strv_addf(warnings, "vulnerability matching skipped: %s", rep->skipped);
                return 0;
        }
        if (r < 0) {
                fprintf(stderr, "bulkhead: %s\n", err->msg);
                return r;
        }
        if ((r = bh_vuln_db_status(db, &st, &err)) < 0) {
                fprintf(stderr, "bulkhead: %s\n", err->msg);
                bh_vuln_db_status_release(&st);
                return r;
        }
        int64_t day;
        if (st.last_update_date && bh_parse_date(st.last_update_date, &day)) {
                rep->age_days = bh_today() - day;
                if (rep->age_days < 0)
                        rep->age_days = 0;
                rep->last_update = bh_arena_strdup(&doc->arena, st.last_update_date);
        }
        bh_vuln_db_status_release(&st);
        if (rep->age_days < 0 || (uint64_t)rep->age_days > rep->max_age_days)
                bh_cli_strv_addf(warnings,
                                 "the vulnerability database %s was last updated %s (more than "
                                 "%u days ago): run 'bulkhead db update'",
                                 path, rep->last_update ? rep->last_update : "never",
                                 rep->max_age_days);
        r = bh_vuln_match(db, os, pkgs, &doc->arena, rep, &err);
        if (r < 0) {
                fprintf(stderr, "bulkhead: %s\n", err->msg);
                return r;
        }
        for (size_t i = 0; i < rep->undecided.n; i++) {
                const struct bh_diag *d = &rep->undecided.v[i];
                bh_doc_add_diag(doc, d->rule, d->loc, "%s", d->message);
        }
        return 0;
}
