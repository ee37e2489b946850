/* systemd unit file syntax (systemd.syntax(7)), shared by the Quadlet
 * frontend and the run-line frontend's .service reader: sections, Key=value,
 * comments, continuation lines, and systemd's word splitting for list values.
 * Internal to src/frontend.  Everything lives in the document arena. */
#pragma once

#include "../model/model.h"

/* Where a piece of a logical value came from: value bytes from voff on are
 * the file's line/col onwards (a continuation starts a new piece). */
struct bh_unit_seg {
        uint32_t voff;
        uint32_t line;
        uint32_t col;
};

struct bh_unit_entry {
        const char *section;       /* "Container", "Service" ... */
        struct bh_loc section_loc; /* its [Header] */
        const char *key;
        struct bh_loc loc; /* the key */
        const char *value; /* continuations joined, both ends trimmed */
        size_t vlen;
        struct bh_unit_seg *segs;
        size_t nsegs;
};

struct bh_unit_section {
        const char *name;
        struct bh_loc loc;
};

struct bh_unit {
        struct bh_unit_entry *entries; /* in file order, repeated keys included */
        size_t n;
        struct bh_unit_section *sections;
        size_t nsections;
};

/* Parse doc->text as a unit file into *ret (arena).  Problems become
 * diagnostics on doc: 9001 a NUL byte (nothing parsed), 9002 a line that is
 * neither a section, a comment nor Key=value, or a key outside any section,
 * 9003 a logical line longer than BH_LIMIT_LINE_LENGTH or more than
 * BH_LIMIT_UNIT_ENTRIES entries (the rest is not read). */
void bh_unit_parse(struct bh_doc *doc, struct bh_unit *ret);

/* The file location of byte off of e's value. */
struct bh_loc bh_unit_value_loc(const struct bh_unit_entry *e, size_t off);

struct bh_unit_word {
        const char *s; /* unquoted, escapes resolved */
        uint32_t off;  /* offset of the word in the value */
};

/* Split a value into words as systemd does for list settings: whitespace
 * separates, '...' and "..." quote (anywhere in a word), backslash escapes
 * (\n \t \\ \" \' and \<char>).  Returns the number of words; *ret in arena.
 * An unterminated quote ends the last word at the end of the value and sets
 * *ret_bad. */
size_t bh_unit_split(struct bh_arena *a, const char *v, size_t len, struct bh_unit_word **ret,
                     bool *ret_bad);

/* systemd booleans: 1 yes y true t on / 0 no n false f off (any case). */
bool bh_unit_bool(const char *v, bool *ret);
