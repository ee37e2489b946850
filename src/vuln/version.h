/* Package version ordering for the three OS package schemes bulkhead matches
 * against vulnerability data: dpkg (Debian, Ubuntu), apk (Alpine, Wolfi) and
 * rpm (RHEL, Fedora, SUSE...).
 *
 * Two layers:
 *  - bh_version_cmp_<scheme>(a, b) is a total order over every C string,
 *    equal to the package manager's own ordering for every version it
 *    accepts, so it can sort and deduplicate anything.  Versions the scheme
 *    rejects (and versions longer than BH_LIMIT_VERSION_LENGTH bytes) form
 *    one class that sorts BEFORE every accepted version and is ordered
 *    bytewise (strcmp) within itself.  That keeps antisymmetry and
 *    transitivity, but the answer for such a version means nothing: callers
 *    that decide "vulnerable or not" use the checked API below.
 *  - bh_version_valid_<scheme>(v) / bh_version_check() / bh_version_compare()
 *    say whether a version is well formed and within the limit, and refuse
 *    to compare one that is not (BH_EINVAL / BH_ELIMIT with a message), so
 *    the matcher can turn it into a diagnostic instead of a silent verdict.
 *
 * All functions are pure: no allocation, no recursion, no locale, O(length)
 * time; digit runs of any length are compared by magnitude without
 * overflow.  Results are <0, 0 or >0 (always -1, 0 or 1). */
#pragma once

#include <stdbool.h>

#include "../util/error.h"

enum bh_version_scheme {
        BH_VERSION_SCHEME_DPKG,
        BH_VERSION_SCHEME_APK,
        BH_VERSION_SCHEME_RPM,
        BH_VERSION_SCHEME__COUNT,
};

/* dpkg: [epoch:]upstream[-revision] ordered exactly as dpkg's
 * dpkg_version_compare / verrevcmp (deb-version(7)): epoch numerically, then
 * upstream, then revision; in each, non-digit runs compare char by char with
 * '~' before everything (even the end), letters before non-letters, digit
 * runs numerically with leading zeros ignored; a missing revision equals
 * "0".  "Accepted" means what `dpkg --compare-versions` compares: parsing
 * without error (warnings such as a non-digit first character are
 * accepted); "" is dpkg's blank version, older than every other accepted
 * version (as --compare-versions treats it).  Bytes >= 0x80 order
 * as on amd64 dpkg (signed char). */
int bh_version_cmp_dpkg(const char *a, const char *b);
/* True when dpkg parses v without error AND without warning (upstream starts
 * with a digit, only [A-Za-z0-9.+~:-] in upstream and [A-Za-z0-9.+~] in the
 * revision), and v is at most BH_LIMIT_VERSION_LENGTH bytes. */
bool bh_version_valid_dpkg(const char *v);

/* apk: apk-tools v3 ordering of number{.number}...{letter}{_suffix{N}}...
 * {~hash}{-rN}: the first number numerically; later numbers numerically
 * unless either side starts with '0', then as strings (1.02 < 1.1); a single
 * letter; suffixes _alpha < _beta < _pre < _rc < (none) < _cvs < _svn <
 * _git < _hg < _p, each with an optional number; ~hash bytewise; -rN
 * numerically.  A version with more tokens is greater unless the extra
 * token is a pre-release suffix.  "Accepted" = apk_version_validate.
 * Deliberate difference: apk-tools accumulates numbers in a wrapping uint64;
 * here numbers above 2^64-1 keep their magnitude. */
int bh_version_cmp_apk(const char *a, const char *b);
/* True when apk-tools' tokenizer accepts all of v and v is within the limit. */
bool bh_version_valid_apk(const char *v);

/* rpm: [epoch:]version[-release] ordered as rpm 4.18's rpmverCmp: epoch (the
 * leading digits before ':'; missing or empty = 0), then version, then
 * release, each with rpmvercmp: alphanumeric segments, numeric beats alpha,
 * leading zeros ignored, separators all equivalent, '~' before everything
 * (even the end), '^' after the end but before any further segment.  A
 * missing release is older than any release (1.0 < 1.0-0), as in rpm.
 * rpm accepts every non-empty string; here every string up to the limit is
 * accepted ("" as an empty version). */
int bh_version_cmp_rpm(const char *a, const char *b);
/* True for the version strings an rpm spec file can produce: optional decimal
 * epoch and ':', a non-empty version and optional '-' non-empty release made
 * of [A-Za-z0-9._+~^], within the limit. */
bool bh_version_valid_rpm(const char *v);

/* The scheme's name ("dpkg", "apk", "rpm"), or "?" for an unknown value. */
const char *bh_version_scheme_name(enum bh_version_scheme scheme);

/* The checked API.  bh_version_check returns 0 when v is valid for the
 * scheme, BH_ELIMIT when it is longer than BH_LIMIT_VERSION_LENGTH bytes,
 * BH_EINVAL when it is malformed (or the scheme is unknown), with a one-line
 * message in *err.  bh_version_compare checks both sides the same way and
 * only then stores the order in *ret_cmp (untouched on failure). */
int bh_version_check(enum bh_version_scheme scheme, const char *v, struct bh_error **err);
int bh_version_compare(enum bh_version_scheme scheme, const char *a, const char *b, int *ret_cmp,
                       struct bh_error **err);
