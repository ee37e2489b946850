/* The package-database entry point: which files are wanted, the order they
 * are read in, the package limit, and the OS release files. */
#include <stdio.h>
#include <stdlib.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "pkgdb-int.h"

#include "../../util/bh-banned.h"

static const char *const bh_pkgdb_rpmdirs[] = {"var/lib/rpm/", "usr/lib/sysimage/rpm/",
                                               "usr/share/rpm/"};
static const char *const bh_pkgdb_rpmfiles[] = {"rpmdb.sqlite", "Packages", "Packages.db"};

#define BH_PKGDB_STATUS_D "var/lib/dpkg/status.d/"
#define BH_PKGDB_APK_V2   "lib/apk/db/installed"
#define BH_PKGDB_APK_V3   "usr/lib/apk/db/installed"

static bool bh_pkgdb_is_rpm(const char *p)
{
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_pkgdb_rpmdirs); i++) {
                if (!bh_str_startswith(p, bh_pkgdb_rpmdirs[i]))
                        continue;
                const char *base = p + strlen(bh_pkgdb_rpmdirs[i]);
                for (size_t k = 0; k < BH_ELEMENTSOF(bh_pkgdb_rpmfiles); k++)
                        if (strcmp(base, bh_pkgdb_rpmfiles[k]) == 0)
                                return true;
        }
        return false;
}

/* A file directly in status.d/ (one package each). */
static bool bh_pkgdb_is_status_d(const char *p)
{
        if (!bh_str_startswith(p, BH_PKGDB_STATUS_D))
                return false;
        p += strlen(BH_PKGDB_STATUS_D);
        return *p && *p != '.' && !strchr(p, '/');
}

bool bh_pkgdb_wanted(const char *p)
{
        static const char *const exact[] = {
                "etc/os-release",     "usr/lib/os-release", "etc/alpine-release",
                "etc/debian_version", "etc/redhat-release", "var/lib/dpkg/status",
                BH_PKGDB_APK_V2,      BH_PKGDB_APK_V3,
        };

        if (!p)
                return false;
        for (size_t i = 0; i < BH_ELEMENTSOF(exact); i++)
                if (strcmp(p, exact[i]) == 0)
                        return true;
        return bh_pkgdb_is_status_d(p) || bh_pkgdb_is_rpm(p);
}

struct bh_loc bh_pkgdb_loc(const char *display, uint32_t line)
{
        return (struct bh_loc){.line = line,
                               .col = line ? 1 : 0,
                               .end_line = line,
                               .end_col = line ? 1 : 0,
                               .file = display};
}

struct bh_pkg *bh_pkgdb_add(struct bh_pkgdb_ctx *x, const struct bh_pkgdb_file *f,
                            const char *display, enum bh_pkg_format fmt, uint32_t line)
{
        struct bh_pkg *p;

        if (x->added >= BH_LIMIT_PKGDB_PACKAGES) {
                if (!x->full)
                        bh_doc_add_diag(x->doc, 9003, bh_pkgdb_loc(display, line),
                                        "more than %u packages in the package databases; the "
                                        "rest are not listed",
                                        BH_LIMIT_PKGDB_PACKAGES);
                x->full = true;
                return NULL;
        }
        p = BH_VEC_NEW(x->pkgs);
        x->added++;
        p->format = fmt;
        p->db = bh_pkg_format_name(fmt);
        p->layer = f->layer;
        p->loc = bh_pkgdb_loc(display, line);
        return p;
}

/* ---- OS release ---- */

/* A shell-like value of os-release(5): "..." (with \ escapes of $ " \ `),
 * '...' and unquoted text with \ escapes, concatenated; unquoted blanks end
 * it.  Into the arena. */
static char *bh_pkgdb_unquote(struct bh_arena *a, const char *v, size_t n)
{
        char *out = bh_arena_alloc(a, n + 1);
        size_t o = 0, i = 0;

        while (i < n) {
                char c = v[i];
                if (c == '"') {
                        for (i++; i < n && v[i] != '"'; i++) {
                                if (v[i] == '\\' && i + 1 < n && strchr("$\"\\`", v[i + 1]))
                                        i++;
                                out[o++] = v[i];
                        }
                        i++;
                } else if (c == '\'') {
                        for (i++; i < n && v[i] != '\''; i++)
                                out[o++] = v[i];
                        i++;
                } else if (c == '\\' && i + 1 < n) {
                        out[o++] = v[i + 1];
                        i += 2;
                } else if (c == ' ' || c == '\t') {
                        break;
                } else {
                        out[o++] = c;
                        i++;
                }
        }
        out[o] = '\0';
        return out;
}

bool bh_pkgdb_os_release(struct bh_arena *a, const char *display, const char *text, size_t len,
                         struct bh_osinfo *os)
{
        const char *p = text, *end = text + len;
        uint32_t line = 0;
        struct bh_osinfo o = {0};
        struct bh_loc vloc = {0};

        while (p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                const char *ls = p, *l = p, *le = nl ? nl : end;
                p = nl ? nl + 1 : end;
                line++;
                while (l < le && (*l == ' ' || *l == '\t'))
                        l++;
                if (le > l && le[-1] == '\r')
                        le--;
                const char *eq = memchr(l, '=', (size_t)(le - l));
                if (l == le || *l == '#' || !eq)
                        continue;
                size_t kl = (size_t)(eq - l);
                const char *v = bh_pkgdb_unquote(a, eq + 1, (size_t)(le - eq - 1));
#define BH_OS_KEY(k) (kl == sizeof(k) - 1 && memcmp(l, k, kl) == 0)
                if (BH_OS_KEY("ID")) {
                        o.id = v;
                        o.loc = (struct bh_loc){.line = line,
                                                .col = (uint32_t)(eq - ls) + 2,
                                                .end_line = line,
                                                .end_col = (uint32_t)(le - ls) + 1,
                                                .file = display};
                } else if (BH_OS_KEY("ID_LIKE")) {
                        o.id_like = v;
                } else if (BH_OS_KEY("VERSION_ID")) {
                        o.version_id = v;
                        vloc = (struct bh_loc){.line = line,
                                               .col = (uint32_t)(eq - ls) + 2,
                                               .end_line = line,
                                               .end_col = (uint32_t)(le - ls) + 1,
                                               .file = display};
                } else if (BH_OS_KEY("VERSION_CODENAME")) {
                        o.codename = v;
                } else if (BH_OS_KEY("PRETTY_NAME")) {
                        o.pretty_name = v;
                }
#undef BH_OS_KEY
        }
        if (!o.id || !*o.id)
                return false;
        o.from_file = display;
        /* The release is what findings about the OS are about (end of
         * life, a release the vulnerability data does not cover). */
        if (o.version_id && vloc.line)
                o.loc = vloc;
        *os = o;
        return true;
}

/* The first line of a release file, trimmed (arena); NULL when empty. */
static const char *bh_pkgdb_first_line(struct bh_arena *a, const struct bh_pkgdb_file *f)
{
        size_t n = 0;

        while (n < f->len && f->data[n] != '\n' && f->data[n] != '\0')
                n++;
        while (n && (f->data[n - 1] == ' ' || f->data[n - 1] == '\r' || f->data[n - 1] == '\t'))
                n--;
        if (n == 0 || n > 256)
                return NULL;
        return bh_arena_strndup(a, f->data, n);
}

/* "Rocky Linux release 9.3 (Blue Onyx)" -> rocky, 9.3. */
static void bh_pkgdb_redhat_release(struct bh_arena *a, const char *s, struct bh_osinfo *o)
{
        static const struct {
                const char *prefix, *id;
        } ids[] = {
                {"Red Hat Enterprise Linux", "rhel"},
                {"CentOS Stream", "centos"},
                {"CentOS", "centos"},
                {"Fedora", "fedora"},
                {"Rocky Linux", "rocky"},
                {"AlmaLinux", "almalinux"},
                {"Oracle Linux", "ol"},
                {"Amazon Linux", "amzn"},
        };
        const char *rel = strstr(s, " release ");

        for (size_t i = 0; i < BH_ELEMENTSOF(ids); i++)
                if (bh_str_startswith(s, ids[i].prefix)) {
                        o->id = ids[i].id;
                        break;
                }
        if (rel) {
                rel += 9;
                o->version_id = bh_arena_strndup(a, rel, strcspn(rel, " ("));
        }
        o->pretty_name = s;
}

static const struct bh_pkgdb_file *bh_pkgdb_find(const struct bh_pkgdb_file *const *v, size_t n,
                                                 const char *path)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(v[i]->path, path) == 0)
                        return v[i];
        return NULL;
}

static const char *bh_pkgdb_display(struct bh_arena *a, const struct bh_pkgdb_file *f)
{
        return f->display ? f->display : bh_arena_printf(a, "/%s", f->path);
}

static void bh_pkgdb_os(struct bh_arena *a, const struct bh_pkgdb_file *const *v, size_t n,
                        struct bh_osinfo *os)
{
        static const char *const osr[] = {"etc/os-release", "usr/lib/os-release"};
        const struct bh_pkgdb_file *f;
        struct bh_osinfo o = {0};
        const char *s;

        for (size_t i = 0; i < BH_ELEMENTSOF(osr); i++) {
                f = bh_pkgdb_find(v, n, osr[i]);
                if (f && bh_pkgdb_os_release(a, bh_pkgdb_display(a, f), f->data, f->len, &o))
                        goto found;
        }
        if ((f = bh_pkgdb_find(v, n, "etc/alpine-release")) && (s = bh_pkgdb_first_line(a, f))) {
                o.id = "alpine";
                o.version_id = s;
                o.pretty_name = bh_arena_printf(a, "Alpine Linux v%s", s);
        } else if ((f = bh_pkgdb_find(v, n, "etc/debian_version")) &&
                   (s = bh_pkgdb_first_line(a, f))) {
                /* "12.5" is Debian 12; "trixie/sid" is testing, with no number */
                o.id = "debian";
                if (*s >= '0' && *s <= '9')
                        o.version_id = bh_arena_strndup(a, s, strcspn(s, "."));
                else
                        o.codename = bh_arena_strndup(a, s, strcspn(s, "/"));
                o.pretty_name = bh_arena_printf(a, "Debian GNU/Linux %s", s);
        } else if ((f = bh_pkgdb_find(v, n, "etc/redhat-release")) &&
                   (s = bh_pkgdb_first_line(a, f))) {
                bh_pkgdb_redhat_release(a, s, &o);
        } else {
                return;
        }
        o.from_file = bh_pkgdb_display(a, f);
        o.loc = bh_pkgdb_loc(o.from_file, 1);
found:
#define BH_OS_SET(fld)                   \
        do {                             \
                if (o.fld)               \
                        os->fld = o.fld; \
        } while (0)
        BH_OS_SET(id);
        BH_OS_SET(id_like);
        BH_OS_SET(version_id);
        BH_OS_SET(codename);
        BH_OS_SET(pretty_name);
        BH_OS_SET(from_file);
#undef BH_OS_SET
        os->loc = o.loc;
}

static int bh_pkgdb_cmp_path(const void *a, const void *b)
{
        const struct bh_pkgdb_file *x = *(const struct bh_pkgdb_file *const *)a;
        const struct bh_pkgdb_file *y = *(const struct bh_pkgdb_file *const *)b;
        return strcmp(x->path, y->path);
}

/* A database file within its size limit?  Otherwise BH9003. */
static bool bh_pkgdb_size_ok(struct bh_pkgdb_ctx *x, const struct bh_pkgdb_file *f,
                             const char *display, size_t max)
{
        if (f->len <= max)
                return true;
        bh_doc_add_diag(x->doc, 9003, bh_pkgdb_loc(display, 0),
                        "%s is larger than the %zu-byte package database limit; not read", display,
                        max);
        return false;
}

int bh_pkgdb_read(struct bh_arena *a, struct bh_doc *doc, const struct bh_pkgdb_file *files,
                  size_t nfiles, struct bh_osinfo *os, struct bh_pkg_list *pkgs)
{
        struct bh_pkgdb_ctx x = {.a = a, .doc = doc, .pkgs = pkgs};
        const struct bh_pkgdb_file **v;
        size_t n = 0;
        bool apk_v2 = false;

        if (!nfiles)
                return 0;
        v = bh_xreallocarray(NULL, nfiles, sizeof(*v));
        for (size_t i = 0; i < nfiles; i++)
                if (files[i].path && (files[i].data || !files[i].len))
                        v[n++] = &files[i];
        qsort(v, n, sizeof(*v), bh_pkgdb_cmp_path);
        if (os)
                bh_pkgdb_os(a, v, n, os);
        apk_v2 = bh_pkgdb_find(v, n, BH_PKGDB_APK_V2) != NULL;

        for (size_t i = 0; i < n; i++) {
                const struct bh_pkgdb_file *f = v[i];
                const char *p = f->path;
                bool status = strcmp(p, "var/lib/dpkg/status") == 0;
                bool status_d = bh_pkgdb_is_status_d(p);
                bool apk = strcmp(p, BH_PKGDB_APK_V2) == 0 ||
                           (!apk_v2 && strcmp(p, BH_PKGDB_APK_V3) == 0);
                bool rpm = bh_pkgdb_is_rpm(p);

                /* status.d/<pkg>.md5sums lists the package's files, not a package */
                if (status_d && bh_str_endswith(p, ".md5sums"))
                        continue;
                if (!status && !status_d && !apk && !rpm)
                        continue;
                const char *display = bh_pkgdb_display(a, f);
                if (!bh_pkgdb_size_ok(&x, f, display,
                                      rpm ? BH_LIMIT_RPMDB_SIZE : BH_LIMIT_PKGDB_SIZE))
                        continue;
                if (status || status_d)
                        bh_pkgdb_dpkg(&x, f, display, status_d);
                else if (apk)
                        bh_pkgdb_apk(&x, f, display);
                else
                        bh_pkgdb_rpm(&x, f, display);
        }
        free(v);
        return (int)x.added;
}
