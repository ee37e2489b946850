/* The text package databases: dpkg's status file and distroless status.d/
 * (deb822 stanzas) and apk's installed database (K:value blocks).  Both are
 * read line by line, bounded by BH_LIMIT_LINE_LENGTH; a NUL byte ends the
 * reading (binary data is not a text database). */
#include <stdio.h>
#include <strings.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "pkgdb-int.h"

#include "../../util/bh-banned.h"

struct bh_tdb_lines {
        const char *p, *end;
        uint32_t line;
        bool stop; /* stopped on a problem (already reported) */
};

/* The next line (without its newline or a trailing CR); false at the end or
 * on a problem: a NUL byte (BH9021) or an over-long line (BH9003). */
static bool bh_tdb_next(struct bh_pkgdb_ctx *x, const char *display, struct bh_tdb_lines *it,
                        const char **ret, size_t *ret_len)
{
        const char *nl;
        size_t n;

        if (it->stop || it->p >= it->end)
                return false;
        nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
        n = nl ? (size_t)(nl - it->p) : (size_t)(it->end - it->p);
        it->line++;
        if (memchr(it->p, '\0', n)) {
                bh_doc_add_diag(x->doc, 9021, bh_pkgdb_loc(display, it->line),
                                "binary data (a NUL byte) at line %u; the rest of %s is not read",
                                it->line, display);
                it->stop = true;
                return false;
        }
        if (n > BH_LIMIT_LINE_LENGTH) {
                bh_doc_add_diag(x->doc, 9003, bh_pkgdb_loc(display, it->line),
                                "line %u is longer than %u bytes; the rest of %s is not read",
                                it->line, BH_LIMIT_LINE_LENGTH, display);
                it->stop = true;
                return false;
        }
        *ret = it->p;
        it->p = nl ? nl + 1 : it->end;
        if (n && (*ret)[n - 1] == '\r')
                n--;
        *ret_len = n;
        return true;
}

/* A field value: trimmed of blanks on both sides. */
struct bh_tdb_val {
        const char *s;
        size_t n;
};

static struct bh_tdb_val bh_tdb_trim(const char *s, size_t n)
{
        while (n && (*s == ' ' || *s == '\t'))
                s++, n--;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
                n--;
        return (struct bh_tdb_val){s, n};
}

static const char *bh_tdb_dup(struct bh_arena *a, struct bh_tdb_val v)
{
        return v.s ? bh_arena_strndup(a, v.s, v.n) : NULL;
}

/* ---- dpkg ---- */

struct bh_dpkg_stanza {
        struct bh_tdb_val pkg, ver, arch, src, status;
        uint32_t line;     /* first line of the stanza */
        uint32_t pkg_line; /* the Package: line */
};

/* Is "want flag state" an installed package?  want install or hold (a held
 * package is installed software too), flag ok, state installed. */
static bool bh_dpkg_installed(struct bh_tdb_val st)
{
        char w[3][32];
        size_t k = 0, i = 0;

        while (k < 3) {
                while (i < st.n && st.s[i] == ' ')
                        i++;
                size_t b = i;
                while (i < st.n && st.s[i] != ' ')
                        i++;
                if (i == b || i - b >= sizeof(w[0]))
                        return false;
                memcpy(w[k], st.s + b, i - b);
                w[k][i - b] = '\0';
                k++;
        }
        return (strcmp(w[0], "install") == 0 || strcmp(w[0], "hold") == 0) &&
               strcmp(w[1], "ok") == 0 && strcmp(w[2], "installed") == 0;
}

static void bh_dpkg_flush(struct bh_pkgdb_ctx *x, const struct bh_pkgdb_file *f,
                          const char *display, bool status_d, const struct bh_dpkg_stanza *st)
{
        struct bh_pkg *p;

        if (!st->line)
                return;
        if (!st->status.s && !status_d) {
                bh_doc_add_diag(x->doc, 9021, bh_pkgdb_loc(display, st->line),
                                "the entry at line %u has no Status field; not listed", st->line);
                return;
        }
        if (st->status.s && !bh_dpkg_installed(st->status))
                return;
        if (!st->pkg.n || !st->ver.n) {
                bh_doc_add_diag(x->doc, 9021, bh_pkgdb_loc(display, st->line),
                                "the entry at line %u has no %s; not listed", st->line,
                                st->pkg.n ? "Version" : "Package name");
                return;
        }
        p = bh_pkgdb_add(x, f, display, BH_PKGFMT_DPKG, st->pkg_line);
        if (!p)
                return;
        p->name = bh_tdb_dup(x->a, st->pkg);
        p->version = bh_tdb_dup(x->a, st->ver);
        p->arch = st->arch.n ? bh_tdb_dup(x->a, st->arch) : NULL;
        p->source = p->name;
        if (st->src.n) {
                /* "Source: name" or "Source: name (version)" when the source
                 * version differs (binNMUs, separately versioned binaries) */
                size_t sp = 0;
                while (sp < st->src.n && st->src.s[sp] != ' ' && st->src.s[sp] != '(')
                        sp++;
                if (sp)
                        p->source = bh_arena_strndup(x->a, st->src.s, sp);
                const char *open = memchr(st->src.s, '(', st->src.n);
                const char *close =
                        open ? memchr(open, ')', st->src.n - (size_t)(open - st->src.s)) : NULL;
                if (close) {
                        struct bh_tdb_val sv = bh_tdb_trim(open + 1, (size_t)(close - open - 1));
                        if (sv.n && !(sv.n == st->ver.n && memcmp(sv.s, st->ver.s, sv.n) == 0))
                                p->source_version = bh_tdb_dup(x->a, sv);
                }
        }
}

/* Field name match, case-insensitive as deb822 says: "Name:" at the start. */
static bool bh_dpkg_field(const char *l, size_t n, const char *name, struct bh_tdb_val *ret)
{
        size_t k = strlen(name);

        if (n <= k || l[k] != ':' || strncasecmp(l, name, k) != 0)
                return false;
        *ret = bh_tdb_trim(l + k + 1, n - k - 1);
        return true;
}

void bh_pkgdb_dpkg(struct bh_pkgdb_ctx *x, const struct bh_pkgdb_file *f, const char *display,
                   bool status_d)
{
        struct bh_tdb_lines it = {.p = f->data, .end = f->data + f->len};
        struct bh_dpkg_stanza st = {0};
        const char *l;
        size_t n;

        while (bh_tdb_next(x, display, &it, &l, &n)) {
                if (n == 0 || bh_tdb_trim(l, n).n == 0) {
                        bh_dpkg_flush(x, f, display, status_d, &st);
                        memset(&st, 0, sizeof(st));
                        continue;
                }
                if (!st.line)
                        st.line = it.line;
                /* continuation lines of multi-line fields (Description,
                 * Conffiles) and comments carry nothing bulkhead reads */
                if (l[0] == ' ' || l[0] == '\t' || l[0] == '#')
                        continue;
                if (bh_dpkg_field(l, n, "Package", &st.pkg))
                        st.pkg_line = it.line;
                else if (!bh_dpkg_field(l, n, "Version", &st.ver) &&
                         !bh_dpkg_field(l, n, "Architecture", &st.arch) &&
                         !bh_dpkg_field(l, n, "Source", &st.src))
                        bh_dpkg_field(l, n, "Status", &st.status);
        }
        /* the last stanza, also when a problem stopped the reading: what was
         * read of it is whole */
        bh_dpkg_flush(x, f, display, status_d, &st);
}

/* ---- apk ---- */

struct bh_apk_entry {
        struct bh_tdb_val name, ver, arch, origin, license;
        uint32_t line;
};

static void bh_apk_flush(struct bh_pkgdb_ctx *x, const struct bh_pkgdb_file *f, const char *display,
                         const struct bh_apk_entry *e)
{
        struct bh_pkg *p;

        if (!e->line)
                return;
        if (!e->name.n || !e->ver.n) {
                bh_doc_add_diag(x->doc, 9021, bh_pkgdb_loc(display, e->line),
                                "the entry at line %u has no %s; not listed", e->line,
                                e->name.n ? "V: version" : "P: package name");
                return;
        }
        p = bh_pkgdb_add(x, f, display, BH_PKGFMT_APK, e->line);
        if (!p)
                return;
        p->name = bh_tdb_dup(x->a, e->name);
        p->version = bh_tdb_dup(x->a, e->ver);
        p->arch = e->arch.n ? bh_tdb_dup(x->a, e->arch) : NULL;
        p->source = e->origin.n ? bh_tdb_dup(x->a, e->origin) : p->name;
        p->license = e->license.n ? bh_tdb_dup(x->a, e->license) : NULL;
}

void bh_pkgdb_apk(struct bh_pkgdb_ctx *x, const struct bh_pkgdb_file *f, const char *display)
{
        struct bh_tdb_lines it = {.p = f->data, .end = f->data + f->len};
        struct bh_apk_entry e = {0};
        bool bad = false;
        const char *l;
        size_t n;

        while (bh_tdb_next(x, display, &it, &l, &n)) {
                if (n == 0) {
                        bh_apk_flush(x, f, display, &e);
                        memset(&e, 0, sizeof(e));
                        continue;
                }
                if (n < 2 || l[1] != ':') {
                        /* apk writes nothing but K:value lines: say so once */
                        if (!bad)
                                bh_doc_add_diag(x->doc, 9021, bh_pkgdb_loc(display, it.line),
                                                "line %u is not a K:value line of an apk "
                                                "database; such lines are skipped",
                                                it.line);
                        bad = true;
                        continue;
                }
                struct bh_tdb_val v = bh_tdb_trim(l + 2, n - 2);
                switch (l[0]) {
                case 'P':
                        e.name = v;
                        e.line = it.line;
                        break;
                case 'V':
                        e.ver = v;
                        break;
                case 'A':
                        e.arch = v;
                        break;
                case 'o':
                        e.origin = v;
                        break;
                case 'L':
                        e.license = v;
                        break;
                default:
                        break;
                }
                if (!e.line)
                        e.line = it.line;
        }
        bh_apk_flush(x, f, display, &e);
}
