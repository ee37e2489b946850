/* Bounded string and number helpers. */
#pragma once

#include <stdarg.h>

#include "bh-macro.h"

/* Parse a whole decimal string into [min,max]; 0 or BH_EINVAL / BH_ELIMIT. */
int bh_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *ret);
/* Same on s[0..n). */
int bh_parse_u64n(const char *s, size_t n, uint64_t min, uint64_t max, uint64_t *ret);
bool bh_str_startswith(const char *s, const char *prefix);
bool bh_str_endswith(const char *s, const char *suffix);
bool bh_str_eq_ci(const char *a, const char *b);
bool bh_str_startswith_ci(const char *s, const char *prefix);
/* Glob match with '*', '?', '[...]' and '**' (any number of path components).
 * '*' and '?' do not match '/'. */
bool bh_glob_match(const char *pattern, const char *path);
/* Last path component (pointer into s). */
const char *bh_path_basename(const char *s);
/* Parse YYYY-MM-DD into days since 1970-01-01; false when malformed. */
bool bh_parse_date(const char *s, int64_t *ret_days);
/* Today's date as days since 1970-01-01 (UTC); BULKHEAD_TODAY=YYYY-MM-DD overrides (tests). */
int64_t bh_today(void);

/* vsnprintf for the conversions messages use (%s, %.*s, %u, %%) without
 * libc's general machinery; any other conversion is handed to vsnprintf.
 * Same output as vsnprintf; returns the length of the full output (0 when
 * vsnprintf fails). */
size_t bh_vformat(char *buf, size_t cap, const char *fmt, va_list ap) BH_PRINTF(3, 0);
