/* One OSV record (https://ossf.github.io/osv-schema/), parsed from untrusted
 * JSON into the few fields bulkhead stores: identity, CVE, related
 * advisories, severity and the affected (ecosystem, package) entries with
 * their ECOSYSTEM/SEMVER ranges and explicit version lists.  GIT ranges are
 * ignored (bulkhead matches installed OS packages, not commits). */
#pragma once

#include "../model/model.h"
#include "../util/error.h"

/* Event kinds, in the letters stored in the database. */
#define BH_OSV_INTRODUCED    'i'
#define BH_OSV_FIXED         'f'
#define BH_OSV_LAST_AFFECTED 'l'
#define BH_OSV_LIMIT         'L'

struct bh_osv_affected {
        const char *ecosystem;
        const char *name;
        /* Ranges as stored: ranges separated by '\n', events by ' ', each
         * event its kind letter then its version ("i0 f3.0.9-1").  Versions
         * never hold whitespace (records with such a version are refused).
         * "" when only versions[] is given. */
        const char *events;
        /* versions[] separated by ' ' ("" none). */
        const char *versions;
        int severity;                /* enum bh_severity, -1 none at this level */
        const char *severity_source; /* "cvss:7.5", "database"; NULL with -1 */
};

struct bh_osv_record {
        const char *id;
        const char *modified; /* as written (RFC 3339) */
        bool withdrawn;
        const char *summary; /* summary, else details (truncated); NULL none */
        const char *cves;    /* upstream CVE-*, else aliases CVE-* (", "-joined); NULL none */
        const char *related; /* ", "-joined; NULL none */
        int severity;        /* record level, -1 none */
        const char *severity_source;
        struct bh_osv_affected *affected; /* arena */
        size_t naffected;
};

/* Parse one record (len bytes, need not be NUL-terminated) into *out, every
 * string in arena a.  Fails with BH_EPARSE and a one-line reason for what is
 * not an OSV record bulkhead can use: invalid JSON, no id / modified, an id
 * or package with control characters, a range with no event or an event
 * version with whitespace, more than BH_LIMIT_OSV_AFFECTED affected entries
 * or BH_LIMIT_OSV_EVENTS events in a range (BH_ELIMIT).  Summaries are cut
 * at BH_LIMIT_OSV_SUMMARY bytes. */
int bh_osv_parse(const char *data, size_t len, struct bh_arena *a, struct bh_osv_record *out,
                 struct bh_error **err);

/* CVSS v3.0/v3.1 base score of a vector "CVSS:3.1/AV:N/AC:L/..." (every base
 * metric required, once).  0 and the score (0.0-10.0) in *ret_score, or
 * BH_EINVAL for anything else (v2, v4, a missing metric). */
int bh_cvss_v3_score(const char *vector, double *ret_score);
/* The CVSS v3 qualitative band: 0.0 none (info), 0.1-3.9 low, 4.0-6.9
 * medium, 7.0-8.9 high, 9.0-10.0 critical. */
enum bh_severity bh_cvss_severity(double score);
/* A severity word as feeds write it ("HIGH", "Moderate", "important",
 * "negligible", "unimportant"...); -1 when not one. */
int bh_osv_severity_word(const char *s);
