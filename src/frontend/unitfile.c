/* systemd unit file syntax: the reader shared by Quadlet units and .service
 * files.  It follows systemd's config parser: lines are stripped, '#' and ';'
 * start comments (also between continuation lines), a trailing backslash joins
 * the next line with a space, [Section] headers, Key=value. */
#include <ctype.h>

#include "../util/limits.h"
#include "../util/strutil.h"
#include "unitfile.h"

#include "../util/bh-banned.h"

static bool bh_unit_ws(char c)
{
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* The entry being read, while continuation lines are still coming. */
struct bh_unit_pending {
        BH_VEC(char) val;
        BH_VEC(struct bh_unit_seg) segs;
        struct bh_unit_entry e;
        bool active;
        bool too_long;
        bool full; /* BH_LIMIT_UNIT_ENTRIES reached: stop reading */
};

static void bh_unit_append(struct bh_unit_pending *p, const char *s, size_t n, uint32_t line,
                           uint32_t col)
{
        struct bh_unit_seg seg = {(uint32_t)p->val.n, line, col};

        if (p->too_long)
                return;
        if (p->val.n + n + 1 > BH_LIMIT_LINE_LENGTH) {
                p->too_long = true;
                return;
        }
        BH_VEC_PUSH(&p->segs, seg);
        for (size_t i = 0; i < n; i++)
                BH_VEC_PUSH(&p->val, s[i]);
}

static void bh_unit_finish(struct bh_doc *doc, struct bh_unit_pending *p, void *entries_vec)
{
        BH_VEC(struct bh_unit_entry) *out = entries_vec;

        if (!p->active)
                return;
        p->active = false;
        if (p->too_long) {
                bh_doc_add_diag(doc, 9003, p->e.loc, "setting %s is longer than %u bytes; not read",
                                p->e.key, BH_LIMIT_LINE_LENGTH);
        } else if (out->n >= BH_LIMIT_UNIT_ENTRIES) {
                bh_doc_add_diag(doc, 9003, p->e.loc,
                                "more than %u settings in one unit; the rest were not read",
                                BH_LIMIT_UNIT_ENTRIES);
                p->full = true;
        } else {
                /* the backslash of a last continuation line leaves a trailing space */
                while (p->val.n && bh_unit_ws(p->val.v[p->val.n - 1]))
                        p->val.n--;
                p->e.value = bh_arena_strndup(&doc->arena, p->val.v ? p->val.v : "", p->val.n);
                p->e.vlen = p->val.n;
                p->e.nsegs = p->segs.n;
                p->e.segs = p->segs.n ? bh_arena_memdup(&doc->arena, p->segs.v,
                                                        p->segs.n * sizeof(*p->segs.v))
                                      : NULL;
                BH_VEC_PUSH(out, p->e);
        }
        p->val.n = 0;
        p->segs.n = 0;
        p->too_long = false;
}

void bh_unit_parse(struct bh_doc *doc, struct bh_unit *ret)
{
        BH_VEC(struct bh_unit_entry) entries = {0};
        BH_VEC(struct bh_unit_section) sections = {0};
        struct bh_unit_pending p;
        const char *t = doc->text, *end = doc->text + doc->text_len;
        const char *section = NULL;
        struct bh_loc section_loc = {0};
        uint32_t lineno = 0;
        bool cont = false;

        memset(&p, 0, sizeof(p));
        memset(ret, 0, sizeof(*ret));
        if (memchr(t, '\0', doc->text_len)) {
                struct bh_loc l = {1, 1, 1, 1};
                bh_doc_add_diag(doc, 9001, l, "binary file (NUL byte): not a unit file");
                return;
        }
        while (t < end && !p.full) {
                const char *nl = memchr(t, '\n', (size_t)(end - t));
                const char *le = nl ? nl : end;
                const char *ls = t, *s = t, *e = le;
                struct bh_loc loc = {0};

                lineno++;
                t = nl ? nl + 1 : end;
                while (s < e && bh_unit_ws(*s))
                        s++;
                while (e > s && bh_unit_ws(e[-1]))
                        e--;
                loc.line = loc.end_line = lineno;
                /* columns count bytes from the start of the physical line */
                loc.col = loc.end_col = (uint32_t)(s - ls) + 1;
                if (s == e) {
                        if (cont) {
                                /* an empty line ends a continuation */
                                bh_unit_finish(doc, &p, &entries);
                                cont = false;
                        }
                        continue;
                }
                if (*s == '#' || *s == ';')
                        continue; /* comments, also between continuation lines */
                bool more = e[-1] == '\\';
                if (cont) {
                        bh_unit_append(&p, " ", p.val.n ? 1 : 0, lineno, loc.col);
                        bh_unit_append(&p, s, (size_t)(e - s) - (more ? 1 : 0), lineno, loc.col);
                        cont = more;
                        if (!cont)
                                bh_unit_finish(doc, &p, &entries);
                        continue;
                }
                if (*s == '[') {
                        const char *rb = memchr(s, ']', (size_t)(e - s));
                        if (!rb || rb + 1 != e) {
                                bh_doc_add_diag(doc, 9002, loc, "malformed section header");
                                section = NULL;
                                continue;
                        }
                        section = bh_arena_strndup(&doc->arena, s + 1, (size_t)(rb - s - 1));
                        section_loc = loc;
                        struct bh_unit_section sec = {section, loc};
                        BH_VEC_PUSH(&sections, sec);
                        continue;
                }
                const char *eq = memchr(s, '=', (size_t)(e - s));
                if (!eq) {
                        bh_doc_add_diag(doc, 9002, loc,
                                        "line is neither a [Section], a comment nor Key=value");
                        continue;
                }
                if (!section) {
                        bh_doc_add_diag(doc, 9002, loc, "setting outside any [Section]");
                        continue;
                }
                const char *ke = eq;
                while (ke > s && bh_unit_ws(ke[-1]))
                        ke--;
                if (ke == s) {
                        bh_doc_add_diag(doc, 9002, loc, "setting without a key");
                        continue;
                }
                memset(&p.e, 0, sizeof(p.e));
                p.e.section = section;
                p.e.section_loc = section_loc;
                p.e.key = bh_arena_strndup(&doc->arena, s, (size_t)(ke - s));
                p.e.loc = loc;
                p.e.loc.end_col = loc.col + (uint32_t)(ke - s) - 1;
                p.active = true;
                const char *v = eq + 1;
                while (v < e && bh_unit_ws(*v))
                        v++;
                bh_unit_append(&p, v, (size_t)(e - v) - (more && v < e ? 1 : 0), lineno,
                               loc.col + (uint32_t)(v - s));
                cont = more;
                if (!cont)
                        bh_unit_finish(doc, &p, &entries);
        }
        bh_unit_finish(doc, &p, &entries); /* a continuation at the end of the file */
        ret->n = entries.n;
        ret->entries =
                entries.n ? bh_arena_memdup(&doc->arena, entries.v, entries.n * sizeof(*entries.v))
                          : NULL;
        ret->nsections = sections.n;
        ret->sections = sections.n ? bh_arena_memdup(&doc->arena, sections.v,
                                                     sections.n * sizeof(*sections.v))
                                   : NULL;
        free(entries.v);
        free(sections.v);
        free(p.val.v);
        free(p.segs.v);
}

struct bh_loc bh_unit_value_loc(const struct bh_unit_entry *e, size_t off)
{
        struct bh_loc l = e->loc;

        for (size_t i = 0; i < e->nsegs; i++) {
                if (e->segs[i].voff > off)
                        break;
                l.line = l.end_line = e->segs[i].line;
                l.col = l.end_col = e->segs[i].col + (uint32_t)(off - e->segs[i].voff);
        }
        return l;
}

size_t bh_unit_split(struct bh_arena *a, const char *v, size_t len, struct bh_unit_word **ret,
                     bool *ret_bad)
{
        BH_VEC(struct bh_unit_word) words = {0};
        char *buf = bh_xmalloc(len + 1);
        size_t i = 0;

        *ret_bad = false;
        while (i < len) {
                while (i < len && (bh_unit_ws(v[i]) || v[i] == '\n'))
                        i++;
                if (i >= len)
                        break;
                size_t start = i, n = 0;
                char q = 0;
                while (i < len) {
                        char c = v[i];
                        if (!q && (bh_unit_ws(c) || c == '\n'))
                                break;
                        if (!q && (c == '"' || c == '\'')) {
                                q = c;
                                i++;
                                continue;
                        }
                        if (q && c == q) {
                                q = 0;
                                i++;
                                continue;
                        }
                        if (c == '\\' && i + 1 < len && q != '\'') {
                                char x = v[i + 1];
                                buf[n++] = x == 'n' ? '\n' : x == 't' ? '\t' : x;
                                i += 2;
                                continue;
                        }
                        buf[n++] = c;
                        i++;
                }
                if (q)
                        *ret_bad = true;
                struct bh_unit_word w = {bh_arena_strndup(a, buf, n), (uint32_t)start};
                BH_VEC_PUSH(&words, w);
        }
        free(buf);
        *ret = words.n ? bh_arena_memdup(a, words.v, words.n * sizeof(*words.v)) : NULL;
        size_t n = words.n;
        free(words.v);
        return n;
}

bool bh_unit_bool(const char *v, bool *ret)
{
        static const char *const yes[] = {"1", "yes", "y", "true", "t", "on"};
        static const char *const no[] = {"0", "no", "n", "false", "f", "off"};

        for (size_t i = 0; i < BH_ELEMENTSOF(yes); i++) {
                if (bh_str_eq_ci(v, yes[i])) {
                        *ret = true;
                        return true;
                }
                if (bh_str_eq_ci(v, no[i])) {
                        *ret = false;
                        return true;
                }
        }
        return false;
}
