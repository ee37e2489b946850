/* Helpers shared by the reporters; not part of the public API (tests use
 * them to pin the escaping and URI rules). */
#pragma once

#include <stdio.h>

#include "report.h"

/* Counts for summaries: unsuppressed findings only, except `suppressed`. */
struct bh_report_counts {
        size_t total;
        size_t by_sev[BH_SEV__COUNT];
        size_t suppressed;
        size_t files_failed;
};

void bh_report_count(const struct bh_report *r, struct bh_report_counts *ret);

/* The rule of a finding, or NULL when the ID is not in the registry. */
const struct bh_rule *bh_report_rule(const struct bh_finding *f);

/* "inline", "stage", "file", "config"; NULL for BH_SUPP_NONE. */
const char *bh_report_supp_kind_name(enum bh_supp_kind k);

/* Decode one UTF-8 sequence of s[0..len): its length (1-4) and *ret_cp, or 0
 * when s does not start with a valid, shortest-form, non-surrogate sequence. */
size_t bh_report_utf8_decode(const char *s, size_t len, uint32_t *ret_cp);

/* Write s[0..len) for a terminal, starting at display cell `cell`, and return
 * the display cell after it.  C0 controls and DEL become \xNN (\t \n \r by
 * name), C1 controls, bidi controls and other invisible format characters
 * become \uXXXX, invalid UTF-8 bytes become \xNN; everything else is copied
 * and counts one cell per code point.  With expand_tabs, a tab becomes spaces
 * up to the next multiple of 8 cells.  Write errors are left in ferror(out). */
size_t bh_report_term_write(FILE *out, const char *s, size_t len, bool expand_tabs, size_t cell);

/* A copy of s that is valid UTF-8 (invalid bytes replaced by U+FFFD).  The
 * caller frees it. */
char *bh_report_utf8_clean(const char *s);

/* A SARIF artifact URI for a path: a relative reference with everything but
 * unreserved characters and '/' percent-encoded, or "file://" + the encoded
 * path for an absolute path.  The caller frees it.  *ret_relative (may be
 * NULL) tells which. */
char *bh_report_path_uri(const char *path, bool *ret_relative);

/* 64-bit FNV-1a, continued from h (start with BH_REPORT_FNV_INIT). */
#define BH_REPORT_FNV_INIT 0xcbf29ce484222325ull
uint64_t bh_report_fnv1a(uint64_t h, const void *p, size_t n);

/* Convert a 1-based byte column of line into a 1-based UTF-16 code unit
 * column.  Columns past the end of line keep their distance from it. */
uint32_t bh_report_utf16_col(const char *line, uint32_t col);

/* The --fail-on level's name; "none" past the last severity (never fail). */
const char *bh_report_fail_on_name(enum bh_severity s);

/* bulkhead host sections (host.c): the "host" object of JSON and of SARIF's
 * run properties, and the text block grouped by theme with the score.
 * Score: passed / (passed + failed), unknown and not-applicable checks
 * not counted. */
struct bh_jsonw;
void bh_report_host_json(struct bh_jsonw *w, const struct bh_report *r);
void bh_report_host_text(FILE *out, const struct bh_report *r);

struct bh_jsonw;
/* The "admitted" and "failures" members of a PSS workload verdict (JSON and SARIF). */
void bh_report_pss_verdict_json(struct bh_jsonw *w, const struct bh_pss_verdict *v);

/* Facts of a file (struct bh_report_file.facts, host.c): the "facts" member
 * of a JSON file entry and of a SARIF artifact's properties (null for a fact
 * that could not be read); and the text block "Image PATH" with one
 * "  name  value" line each, for every file that has facts. */
void bh_report_facts_json(struct bh_jsonw *w, const struct bh_report_fact *f, size_t n);
void bh_report_file_facts_text(FILE *out, const struct bh_report *r);
