/* Pure parsers of host facts: os-release, kernel version strings, /etc/group
 * and /etc/passwd.  (The package databases are read by src/frontend/pkgdb.) */
#include <stdio.h>

#include "../../util/buf.h"
#include "../../util/strutil.h"
#include "host-int.h"

#include "../../util/bh-banned.h"

static struct bh_loc bh_si_loc(uint32_t line, uint32_t col, const char *file)
{
        return (struct bh_loc){
                .line = line, .col = col, .end_line = line, .end_col = col, .file = file};
}

/* Iterate lines: *p advances; returns false at the end. */
static bool bh_si_line(const char **p, const char *end, const char **ret, size_t *ret_len)
{
        const char *nl;

        if (*p >= end)
                return false;
        nl = memchr(*p, '\n', (size_t)(end - *p));
        *ret = *p;
        *ret_len = nl ? (size_t)(nl - *p) : (size_t)(end - *p);
        if (*ret_len && (*ret)[*ret_len - 1] == '\r')
                (*ret_len)--;
        *p = nl ? nl + 1 : end;
        return true;
}

static void bh_si_fact(struct bh_fact *f, const char *s, struct bh_loc loc)
{
        f->set = true;
        f->s = s;
        f->loc = loc;
}

/* os-release values: shell-like quoting ("..." with \" \\ \$ \`, or '...'). */
static char *bh_si_unquote(struct bh_arena *a, const char *v, size_t n)
{
        char *out = bh_arena_alloc(a, n + 1);
        size_t o = 0;

        if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
                char q = v[0];
                for (size_t i = 1; i + 1 < n; i++) {
                        if (q == '"' && v[i] == '\\' && i + 2 < n)
                                i++;
                        out[o++] = v[i];
                }
        } else {
                memcpy(out, v, n);
                o = n;
        }
        out[o] = '\0';
        return out;
}

void bh_hostinfo_os_release(struct bh_arena *a, const char *file, const char *text, size_t len,
                            struct bh_host *h)
{
        const char *p = text, *end = text + len, *l;
        size_t n;
        uint32_t line = 0;

        while (bh_si_line(&p, end, &l, &n)) {
                const char *eq = memchr(l, '=', n);
                struct bh_fact *f = NULL;
                size_t kl;

                line++;
                if (!eq || l[0] == '#')
                        continue;
                kl = (size_t)(eq - l);
                if (kl == 2 && memcmp(l, "ID", 2) == 0)
                        f = &h->os_id;
                else if (kl == 10 && memcmp(l, "VERSION_ID", 10) == 0)
                        f = &h->os_version_id;
                else if (kl == 16 && memcmp(l, "VERSION_CODENAME", 16) == 0)
                        f = &h->os_codename;
                else if (kl == 11 && memcmp(l, "PRETTY_NAME", 11) == 0)
                        f = &h->os_pretty;
                if (f)
                        bh_si_fact(f, bh_si_unquote(a, eq + 1, n - kl - 1),
                                   bh_si_loc(line, (uint32_t)kl + 2, file));
        }
}

bool bh_hostinfo_pkg_wanted(const char *name)
{
        static const char *const exact[] = {
                "docker-ce",   "docker-ee",  "docker-engine", "docker.io",
                "moby-engine", "containerd", "containerd.io", "runc",
                "crun",        "podman",     "buildah",       "cri-o",
        };

        for (size_t i = 0; i < BH_ELEMENTSOF(exact); i++)
                if (strcmp(name, exact[i]) == 0)
                        return true;
        /* linux-image-5.10.0-28-amd64 (not the -dbg / meta packages' docs) */
        return bh_str_startswith(name, "linux-image-") && !bh_str_endswith(name, "-dbg") &&
               !bh_str_endswith(name, "-dbgsym");
}

/* Leading "x.y" or "x.y.z" of s: copied into the arena, NULL when none. */
static const char *bh_si_xyz(struct bh_arena *a, const char *s)
{
        size_t n = 0;
        unsigned dots = 0;

        while (s[n] && ((s[n] >= '0' && s[n] <= '9') || (s[n] == '.' && dots < 2))) {
                if (s[n] == '.') {
                        if (!(s[n + 1] >= '0' && s[n + 1] <= '9'))
                                break;
                        dots++;
                }
                n++;
        }
        if (dots == 0)
                return NULL;
        /* "5.10" means 5.10.0 */
        return dots == 1 ? bh_arena_printf(a, "%.*s.0", (int)n, s) : bh_arena_strndup(a, s, n);
}

static bool bh_si_contains_word(const char *s, const char *w)
{
        return s && strstr(s, w) != NULL;
}

void bh_hostinfo_kernel(struct bh_arena *a, struct bh_host *h)
{
        const char *rel = h->kernel_release.set ? h->kernel_release.s : NULL;
        const char *ver = h->kernel_version.set ? h->kernel_version.s : NULL;
        const char *deb = ver ? strstr(ver, " Debian ") : NULL;

        h->kflavour = BH_KFLAV_UNKNOWN;
        h->kernel_upstream = NULL;
        h->kernel_pkgver = NULL;
        if (!rel)
                return;
        if (h->kernel_signature.set && bh_str_startswith(h->kernel_signature.s, "Ubuntu ")) {
                /* "Ubuntu 5.15.0-91.101-generic 5.15.131": the last word is mainline */
                const char *sig = h->kernel_signature.s;
                const char *last = strrchr(sig, ' ');
                const char *first = sig + 7;
                size_t fl = strcspn(first, " ");
                h->kflavour = BH_KFLAV_UBUNTU;
                h->kernel_upstream = last ? bh_si_xyz(a, last + 1) : NULL;
                /* package version: 5.15.0-91.101 (without the flavour) */
                const char *dash2 = NULL;
                for (size_t i = 0, d = 0; i < fl; i++)
                        if (first[i] == '-' && ++d == 2)
                                dash2 = first + i;
                h->kernel_pkgver = bh_arena_strndup(a, first, dash2 ? (size_t)(dash2 - first) : fl);
                h->kernel_pkgver_loc = h->kernel_signature.loc;
                return;
        }
        if (deb) {
                const char *v = deb + 8;
                size_t vn = strcspn(v, " ");
                h->kflavour = BH_KFLAV_DEBIAN;
                h->kernel_pkgver = bh_arena_strndup(a, v, vn);
                h->kernel_upstream = bh_si_xyz(a, h->kernel_pkgver);
                h->kernel_pkgver_loc = h->kernel_version.loc;
                h->kernel_pkgver_loc.col = (uint32_t)(v - ver) + 1;
                return;
        }
        if (strstr(rel, ".el") && strstr(rel, "-")) {
                h->kflavour = BH_KFLAV_RHEL;
                h->kernel_upstream = bh_si_xyz(a, rel);
                return;
        }
        /* an installed Debian/Ubuntu kernel package for this release */
        for (size_t i = 0; i < h->pkgs.n; i++) {
                const struct bh_pkg *pk = &h->pkgs.v[i];
                if (bh_str_startswith(pk->name, "linux-image-") &&
                    strcmp(pk->name + 12, rel) == 0) {
                        h->kflavour = bh_si_contains_word(h->os_id.s, "ubuntu") ? BH_KFLAV_UBUNTU
                                                                                : BH_KFLAV_DEBIAN;
                        h->kernel_pkgver = pk->version;
                        h->kernel_pkgver_loc = pk->loc;
                        h->kernel_upstream =
                                h->kflavour == BH_KFLAV_DEBIAN ? bh_si_xyz(a, pk->version) : NULL;
                        return;
                }
        }
        if (bh_si_contains_word(ver, "Ubuntu") || bh_si_contains_word(ver, "Red Hat") ||
            bh_si_contains_word(ver, "SUSE") || bh_si_contains_word(ver, "Debian") ||
            bh_si_contains_word(rel, "-generic") || bh_si_contains_word(rel, "-amd64") ||
            bh_si_contains_word(rel, "-arm64") || strstr(rel, ".fc") ||
            bh_si_contains_word(rel, "-default") || bh_si_contains_word(rel, "-azure") ||
            bh_si_contains_word(rel, "-aws")) {
                h->kflavour = BH_KFLAV_OTHER;
                h->kernel_upstream = bh_si_xyz(a, rel);
                return;
        }
        h->kflavour = BH_KFLAV_UPSTREAM;
        h->kernel_upstream = bh_si_xyz(a, rel);
}

/* Field k (0-based) of a colon-separated line. */
static bool bh_si_field(const char *l, size_t n, unsigned k, const char **ret, size_t *ret_len)
{
        const char *p = l, *end = l + n;

        for (unsigned i = 0; i < k; i++) {
                const char *c = memchr(p, ':', (size_t)(end - p));
                if (!c)
                        return false;
                p = c + 1;
        }
        const char *c = memchr(p, ':', (size_t)(end - p));
        *ret = p;
        *ret_len = c ? (size_t)(c - p) : (size_t)(end - p);
        return true;
}

static bool bh_si_field_is_id(const char *l, size_t n, unsigned k, uint32_t id)
{
        const char *f;
        size_t fl;
        uint64_t v;

        return bh_si_field(l, n, k, &f, &fl) && bh_parse_u64n(f, fl, 0, UINT32_MAX, &v) == 0 &&
               v == id;
}

bool bh_hostinfo_group(struct bh_arena *a, const char *text, size_t len, uint32_t gid,
                       const char **ret_name, const char **ret_members, uint32_t *ret_line)
{
        const char *p = text, *end = text + len, *l;
        size_t n;
        uint32_t line = 0;

        while (bh_si_line(&p, end, &l, &n)) {
                const char *f;
                size_t fl;

                line++;
                if (!bh_si_field_is_id(l, n, 2, gid))
                        continue;
                bh_si_field(l, n, 0, &f, &fl);
                *ret_name = bh_arena_strndup(a, f, fl);
                if (bh_si_field(l, n, 3, &f, &fl))
                        *ret_members = bh_arena_strndup(a, f, fl);
                else
                        *ret_members = "";
                *ret_line = line;
                return true;
        }
        return false;
}

const char *bh_hostinfo_user(struct bh_arena *a, const char *text, size_t len, uint32_t uid)
{
        const char *p = text, *end = text + len, *l;
        size_t n;

        while (bh_si_line(&p, end, &l, &n)) {
                const char *f;
                size_t fl;
                if (bh_si_field_is_id(l, n, 2, uid) && bh_si_field(l, n, 0, &f, &fl))
                        return bh_arena_strndup(a, f, fl);
        }
        return NULL;
}

const char *bh_hostinfo_primary_members(struct bh_arena *a, const char *text, size_t len,
                                        uint32_t gid)
{
        const char *p = text, *end = text + len, *l;
        size_t n;
        struct bh_buf b;

        bh_buf_init(&b, len + 1);
        while (bh_si_line(&p, end, &l, &n)) {
                const char *f;
                size_t fl;
                if (!bh_si_field_is_id(l, n, 3, gid) || !bh_si_field(l, n, 0, &f, &fl) || !fl)
                        continue;
                if ((b.len && bh_buf_add(&b, ",", 1) < 0) || bh_buf_add(&b, f, fl) < 0)
                        break;
        }
        const char *r = bh_arena_strndup(a, b.buf ? b.buf : "", b.len);
        bh_buf_release(&b);
        return r;
}
