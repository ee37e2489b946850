/* Vulnerable OS packages: what the matcher (src/vuln/match.c) found for one
 * package list (a host's package database, an image's), stored in the model
 * before the rules run so that BH1006-BH1009 stay pure functions of it.
 * Reachable from a document through struct bh_doc.vulns (NULL: the command
 * did not ask for vulnerability matching).  Strings are owned by the arena
 * the report was filled in (the document's). */
#pragma once

#include "model.h"

/* One (advisory, installed package) pair the advisory says is affected. */
struct bh_vuln_match {
        const char *id;        /* "DEBIAN-CVE-2023-0464" */
        const char *cve;       /* upstream CVE, else an aliases CVE-*, else id */
        const char *related;   /* "DSA-5417-1, DLA-3449-1"; NULL: none */
        const char *summary;   /* summary, else the start of details; NULL: none */
        const char *ecosystem; /* "Debian:12" */
        const char *package;   /* the installed (binary) package */
        const char *source;    /* the source package the advisory names */
        const char *installed; /* the version compared (source version when set) */
        const char *fixed;     /* first fixed version above it; NULL: no fix yet */
        enum bh_severity severity;
        /* Where the severity came from: "cvss:7.5" (a CVSS v3 vector's base
         * score), "database" (database_specific / ecosystem severity), or
         * "default" (the record has none: BH_VULN_DEFAULT_SEVERITY). */
        const char *severity_source;
        struct bh_loc loc; /* the package's entry in its database file */
};

/* Severity of a vulnerable package whose record carries none (documented in
 * docs/rules/BH1006.md): the real Debian and Alpine feeds carry none at all. */
#define BH_VULN_DEFAULT_SEVERITY BH_SEV_MEDIUM

struct bh_vuln_report {
        /* Matching did not run: why ("no vulnerability database at PATH").
         * NULL when it ran. */
        const char *skipped;
        const char *db_path;
        /* The OS release matched and the ecosystem it maps to ("Debian:12");
         * ecosystem NULL: bulkhead does not know the release's ecosystem. */
        const char *os_name;
        const char *ecosystem;
        /* The database holds advisories for that ecosystem.  false: every
         * package is unchecked, which BH1007 says once (never a clean pass). */
        bool covered;
        struct bh_loc os_loc; /* os-release line, for BH1007 */
        size_t packages;      /* packages looked up */
        /* Age of the data: days since the last import/update (-1 unknown),
         * and the --db-max-age the command was given (BH1009). */
        int64_t age_days;
        unsigned max_age_days;
        const char *last_update; /* "2026-11-28T10:00:00Z" */
        /* --ignore-unfixed: BH1008 reports nothing. */
        bool ignore_unfixed;
        BH_VEC(struct bh_vuln_match) matches;
        /* Packages whose version the ecosystem's scheme cannot order: BH9025
         * diagnostics the command adds to the document. */
        BH_VEC(struct bh_diag) undecided;
};

/* Free the heap vectors (strings stay in their arena).  NULL-safe. */
void bh_vuln_report_release(struct bh_vuln_report *r);
