/* BH1006-BH1009: vulnerable OS packages, read from the matcher's results in
 * doc->vulns (src/model/vuln.h).  The matching itself (database, version
 * ordering) happened before the rules ran; these only turn its results into
 * findings, so they fire the same way for a host and for an image. */
#include <stdio.h>

#include "../model/vuln.h"
#include "checks.h"

#include "../util/bh-banned.h"

/* ", related DSA-1-1" or "" */
static void bh_cv_related(const struct bh_vuln_match *m, char *buf, size_t cap)
{
        buf[0] = '\0';
        if (m->related && *m->related)
                snprintf(buf, cap, "; related %s", m->related);
}

/* "openssl 3.0.8-1" or "libssl3 3.0.8-1 (source openssl)" */
static void bh_cv_pkg(const struct bh_vuln_match *m, char *buf, size_t cap)
{
        if (m->source && strcmp(m->source, m->package) != 0)
                snprintf(buf, cap, "%s %s (source %s)", m->package, m->installed, m->source);
        else
                snprintf(buf, cap, "%s %s", m->package, m->installed);
}

static const char *bh_cv_cve(const struct bh_vuln_match *m)
{
        return m->cve && strcmp(m->cve, m->id) != 0 ? m->cve : NULL;
}

void bh_check_vuln_fixed(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        const struct bh_vuln_report *v = doc->vulns;
        char pkg[400], rel[200];

        (void)r;
        if (!v || v->skipped)
                return;
        for (size_t i = 0; i < v->matches.n; i++) {
                const struct bh_vuln_match *m = &v->matches.v[i];
                if (!m->fixed)
                        continue;
                bh_cv_pkg(m, pkg, sizeof(pkg));
                bh_cv_related(m, rel, sizeof(rel));
                const char *cve = bh_cv_cve(m);
                bh_emit_vuln(e, m->severity, m, "%s%s%s%s: %s is vulnerable, fixed in %s (%s%s)",
                             m->id, cve ? " (" : "", cve ? cve : "", cve ? ")" : "", pkg, m->fixed,
                             m->ecosystem, rel);
        }
}

void bh_check_vuln_unfixed(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        const struct bh_vuln_report *v = doc->vulns;
        char pkg[400], rel[200];

        if (!v || v->skipped || v->ignore_unfixed)
                return;
        for (size_t i = 0; i < v->matches.n; i++) {
                const struct bh_vuln_match *m = &v->matches.v[i];
                if (m->fixed)
                        continue;
                /* no fix to install: low, or info when the record itself says low */
                enum bh_severity sev = m->severity <= BH_SEV_LOW ? BH_SEV_INFO : r->severity;
                bh_cv_pkg(m, pkg, sizeof(pkg));
                bh_cv_related(m, rel, sizeof(rel));
                const char *cve = bh_cv_cve(m);
                bh_emit_vuln(e, sev, m, "%s%s%s%s: %s is vulnerable, no fix yet (%s%s)", m->id,
                             cve ? " (" : "", cve ? cve : "", cve ? ")" : "", pkg, m->ecosystem,
                             rel);
        }
}

void bh_check_vuln_not_covered(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        const struct bh_vuln_report *v = doc->vulns;

        (void)r;
        if (!v || v->skipped || v->covered || v->packages == 0)
                return;
        if (!v->ecosystem)
                bh_emit(e, v->os_loc,
                        "%s: no vulnerability data source is known for this OS release; "
                        "%zu packages were not checked",
                        v->os_name ? v->os_name : "unknown OS", v->packages);
        else
                bh_emit(e, v->os_loc,
                        "%s (%s) is not covered by the vulnerability database: it holds no "
                        "advisory for it; %zu packages were not checked",
                        v->os_name ? v->os_name : "this OS", v->ecosystem, v->packages);
}

void bh_check_vuln_db_stale(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        const struct bh_vuln_report *v = doc->vulns;
        struct bh_loc loc = {0};

        (void)r;
        if (!v)
                return;
        loc.file = v->db_path;
        if (v->skipped) {
                bh_emit_sev(e, BH_SEV_INFO, loc, "vulnerability matching skipped: %s", v->skipped);
                return;
        }
        if (v->age_days < 0)
                bh_emit(e, loc, "the vulnerability database records no update date");
        else if ((uint64_t)v->age_days > v->max_age_days)
                bh_emit(e, loc,
                        "the vulnerability database was last updated %lld days ago (%s), more "
                        "than --db-max-age %u",
                        (long long)v->age_days, v->last_update ? v->last_update : "?",
                        v->max_age_days);
}
