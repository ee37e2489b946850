/* The matcher: ecosystems of OS releases, OSV range evaluation, and the
 * per-package lookup in the store. */
#include <stdio.h>

#include "../util/strutil.h"
#include "db-int.h"
#include "match.h"
#include "osv.h"

#include "../util/bh-banned.h"

bool bh_vuln_ecosystem(const struct bh_osinfo *os, char *buf, size_t cap,
                       enum bh_version_scheme *ret_scheme)
{
        const char *id = os ? os->id : NULL, *ver = os ? os->version_id : NULL;
        unsigned maj = 0, min = 0;
        int n = -1;

        if (!id || !ver || !*ver || strlen(ver) > 32)
                return false;
        for (const char *p = ver; *p; p++)
                if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
                      (*p >= 'a' && *p <= 'z')))
                        return false;
        if (sscanf(ver, "%u.%u", &maj, &min) < 1)
                return false;
        if (strcmp(id, "debian") == 0) {
                *ret_scheme = BH_VERSION_SCHEME_DPKG;
                n = snprintf(buf, cap, "Debian:%u", maj);
        } else if (strcmp(id, "ubuntu") == 0) {
                *ret_scheme = BH_VERSION_SCHEME_DPKG;
                bool lts = maj % 2 == 0 && min == 4;
                n = snprintf(buf, cap, "Ubuntu:%u.%02u%s", maj, min, lts ? ":LTS" : "");
        } else if (strcmp(id, "alpine") == 0) {
                if (!strchr(ver, '.'))
                        return false;
                *ret_scheme = BH_VERSION_SCHEME_APK;
                n = snprintf(buf, cap, "Alpine:v%u.%u", maj, min);
        } else if (strcmp(id, "almalinux") == 0) {
                *ret_scheme = BH_VERSION_SCHEME_RPM;
                n = snprintf(buf, cap, "AlmaLinux:%u", maj);
        } else if (strcmp(id, "rocky") == 0) {
                *ret_scheme = BH_VERSION_SCHEME_RPM;
                n = snprintf(buf, cap, "Rocky Linux:%u", maj);
        }
        return n > 0 && (size_t)n < cap;
}

/* ---- OSV range evaluation ---- */

struct bh_ev {
        char kind;
        const char *v; /* NUL-terminated copy */
};

/* Order of two events: introduced "0" before everything, limit "*" after. */
static int bh_ev_cmp(enum bh_version_scheme s, const struct bh_ev *a, const struct bh_ev *b)
{
        bool amin = a->kind == 'i' && strcmp(a->v, "0") == 0;
        bool bmin = b->kind == 'i' && strcmp(b->v, "0") == 0;
        bool amax = a->kind == 'L' && strcmp(a->v, "*") == 0;
        bool bmax = b->kind == 'L' && strcmp(b->v, "*") == 0;

        if (amin || bmax)
                return amin && bmin ? 0 : amax && bmax ? 0 : -1;
        if (bmin || amax)
                return 1;
        switch (s) {
        case BH_VERSION_SCHEME_DPKG:
                return bh_version_cmp_dpkg(a->v, b->v);
        case BH_VERSION_SCHEME_APK:
                return bh_version_cmp_apk(a->v, b->v);
        case BH_VERSION_SCHEME_RPM:
        default:
                return bh_version_cmp_rpm(a->v, b->v);
        }
}

static int bh_ver_cmp(enum bh_version_scheme s, const char *a, const char *b)
{
        struct bh_ev x = {'f', a}, y = {'f', b};
        return bh_ev_cmp(s, &x, &y);
}

/* One range "i0 f1.2 ..." (n bytes): affected?  *ret_fixed: its fix above v. */
static int bh_range_eval(enum bh_version_scheme s, const char *r, size_t n, const char *v,
                         struct bh_arena *a, bool *ret_aff, const char **ret_fixed,
                         struct bh_error **err)
{
        struct bh_ev evs[64], *ev = evs, tmp;
        size_t cnt = 0, cap = BH_ELEMENTSOF(evs);
        bool vulnerable = false, before_limit = true, has_limit = false;
        int ret = 0;

        *ret_aff = false;
        *ret_fixed = NULL;
        for (size_t i = 0; i < n;) {
                size_t j = i;
                while (j < n && r[j] != ' ')
                        j++;
                if (j - i >= 2) {
                        if (cnt == cap) {
                                cap *= 2;
                                struct bh_ev *nv = bh_xreallocarray(NULL, cap, sizeof(*nv));
                                memcpy(nv, ev, cnt * sizeof(*nv));
                                if (ev != evs)
                                        free(ev);
                                ev = nv;
                        }
                        ev[cnt].kind = r[i];
                        ev[cnt].v = bh_arena_strndup(a, r + i + 1, j - i - 1);
                        bool special = (r[i] == 'i' && strcmp(ev[cnt].v, "0") == 0) ||
                                       (r[i] == 'L' && strcmp(ev[cnt].v, "*") == 0);
                        if (!special && bh_version_check(s, ev[cnt].v, err) < 0) {
                                ret = bh_error_wrap(err, "advisory version");
                                goto out;
                        }
                        cnt++;
                }
                i = j + 1;
        }
        /* insertion sort: ranges have a handful of events */
        for (size_t i = 1; i < cnt; i++) {
                tmp = ev[i];
                size_t j = i;
                while (j > 0 && bh_ev_cmp(s, &ev[j - 1], &tmp) > 0) {
                        ev[j] = ev[j - 1];
                        j--;
                }
                ev[j] = tmp;
        }
        for (size_t i = 0; i < cnt; i++) {
                const struct bh_ev *e = &ev[i];
                bool zero = e->kind == 'i' && strcmp(e->v, "0") == 0;
                switch (e->kind) {
                case 'i':
                        if (zero || bh_ver_cmp(s, v, e->v) >= 0)
                                vulnerable = true;
                        break;
                case 'f':
                        if (bh_ver_cmp(s, v, e->v) >= 0)
                                vulnerable = false;
                        break;
                case 'l':
                        if (bh_ver_cmp(s, v, e->v) > 0)
                                vulnerable = false;
                        break;
                case 'L':
                        if (!has_limit)
                                before_limit = false;
                        has_limit = true;
                        if (strcmp(e->v, "*") == 0 || bh_ver_cmp(s, v, e->v) < 0)
                                before_limit = true;
                        break;
                default:
                        break;
                }
        }
        *ret_aff = vulnerable && before_limit;
        if (*ret_aff) {
                /* the first event above v closes v's interval: a fix only if it is "fixed" */
                for (size_t i = 0; i < cnt; i++) {
                        const struct bh_ev *e = &ev[i];
                        if (e->kind == 'L')
                                continue;
                        int c = bh_ver_cmp(s, e->v, v);
                        if (e->kind == 'i' && strcmp(e->v, "0") == 0)
                                continue;
                        if (c > 0 || (e->kind == 'l' && c == 0)) {
                                if (e->kind == 'f')
                                        *ret_fixed = e->v;
                                break;
                        }
                }
        }
out:
        if (ev != evs)
                free(ev);
        return ret;
}

/* bh_vuln_affected without the check of v (the matcher checks each installed
 * version once, not once per advisory). */
static int bh_vuln_affected_v(enum bh_version_scheme scheme, const char *events,
                              const char *versions, const char *v, struct bh_arena *a,
                              bool *ret_affected, const char **ret_fixed, struct bh_error **err)
{
        const char *fixed = NULL;
        bool aff = false;
        int r;

        for (const char *p = events; p && *p && !aff;) {
                const char *nl = strchr(p, '\n');
                size_t n = nl ? (size_t)(nl - p) : strlen(p);
                if ((r = bh_range_eval(scheme, p, n, v, a, &aff, &fixed, err)) < 0)
                        return r;
                p = nl ? nl + 1 : p + n;
        }
        for (const char *p = versions; p && *p && !aff;) {
                const char *sp = strchr(p, ' ');
                size_t n = sp ? (size_t)(sp - p) : strlen(p);
                const char *x = bh_arena_strndup(a, p, n);
                /* a listed version matches when equal in the scheme's order too */
                if (strcmp(x, v) == 0 ||
                    (bh_version_check(scheme, x, NULL) == 0 && bh_ver_cmp(scheme, x, v) == 0))
                        aff = true;
                p = sp ? sp + 1 : p + n;
        }
        *ret_affected = aff;
        if (ret_fixed)
                *ret_fixed = aff ? fixed : NULL;
        return 0;
}

int bh_vuln_affected(enum bh_version_scheme scheme, const char *events, const char *versions,
                     const char *v, struct bh_arena *a, bool *ret_affected, const char **ret_fixed,
                     struct bh_error **err)
{
        int r;

        if ((r = bh_version_check(scheme, v, err)) < 0)
                return r;
        return bh_vuln_affected_v(scheme, events, versions, v, a, ret_affected, ret_fixed, err);
}

/* ---- matching a package list ---- */

static const char *bh_vm_text(struct bh_arena *a, sqlite3_stmt *st, int col)
{
        const unsigned char *s = sqlite3_column_text(st, col);
        return s ? bh_arena_strdup(a, (const char *)s) : NULL;
}

static int bh_vm_prepare(struct bh_vuln_db *db, struct bh_error **err)
{
        if (!db->lookup &&
            sqlite3_prepare_v3(db->db, BH_VULN_DB_LOOKUP_SQL, -1, SQLITE_PREPARE_PERSISTENT,
                               &db->lookup, NULL) != SQLITE_OK)
                return bh_vuln_db_sqlerr(db, err, "prepare");
        if (!db->covered &&
            sqlite3_prepare_v3(db->db, "SELECT 1 FROM affected WHERE ecosystem = ?1 LIMIT 1", -1,
                               SQLITE_PREPARE_PERSISTENT, &db->covered, NULL) != SQLITE_OK)
                return bh_vuln_db_sqlerr(db, err, "prepare");
        return 0;
}

static int bh_vm_cmp_id(const void *a, const void *b)
{
        return strcmp(((const struct bh_vuln_match *)a)->id, ((const struct bh_vuln_match *)b)->id);
}

static bool bh_vm_format_fits(enum bh_pkg_format f, enum bh_version_scheme s)
{
        return (f == BH_PKGFMT_DPKG && s == BH_VERSION_SCHEME_DPKG) ||
               (f == BH_PKGFMT_APK && s == BH_VERSION_SCHEME_APK) ||
               (f == BH_PKGFMT_RPM && s == BH_VERSION_SCHEME_RPM);
}

static int bh_vm_package(struct bh_vuln_db *db, const char *eco, enum bh_version_scheme scheme,
                         const struct bh_pkg *p, struct bh_arena *a, struct bh_vuln_report *out,
                         struct bh_error **err)
{
        const char *src = p->source && *p->source ? p->source : p->name;
        const char *ver = p->source_version && *p->source_version ? p->source_version : p->version;
        sqlite3_stmt *st = db->lookup;
        int r;

        if (!src || !ver)
                return 0;
        if (bh_version_check(scheme, ver, NULL) < 0) {
                struct bh_diag *d = BH_VEC_NEW(&out->undecided);
                d->rule = 9025;
                d->loc = p->loc;
                d->message = bh_arena_printf(
                        a,
                        "%s %s: not a valid %s version, so its vulnerabilities in %s are unknown",
                        p->name, ver, bh_version_scheme_name(scheme), eco);
                return 0;
        }
        size_t first = out->matches.n;
        sqlite3_bind_text(st, 1, eco, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, src, -1, SQLITE_STATIC);
        while ((r = sqlite3_step(st)) == SQLITE_ROW) {
                const char *events = (const char *)sqlite3_column_text(st, 6);
                const char *versions = (const char *)sqlite3_column_text(st, 7);
                const char *fixed = NULL;
                bool aff = false;
                bh_autoptr(bh_error) verr = NULL;

                if (bh_vuln_affected_v(scheme, events, versions, ver, a, &aff, &fixed, &verr) < 0) {
                        struct bh_diag *d = BH_VEC_NEW(&out->undecided);
                        d->rule = 9025;
                        d->loc = p->loc;
                        d->message = bh_arena_printf(a, "%s %s against %s: %s", p->name, ver,
                                                     sqlite3_column_text(st, 0), verr->msg);
                        continue;
                }
                if (!aff)
                        continue;
                struct bh_vuln_match *m = BH_VEC_NEW(&out->matches);
                m->id = bh_vm_text(a, st, 0);
                m->cve = bh_vm_text(a, st, 1);
                if (m->cve) {
                        /* the first CVE names the finding */
                        char *comma = strchr(m->cve, ',');
                        if (comma)
                                *comma = '\0';
                } else {
                        m->cve = m->id;
                }
                m->related = bh_vm_text(a, st, 2);
                m->summary = bh_vm_text(a, st, 3);
                m->ecosystem = bh_arena_strdup(a, eco);
                m->package = bh_arena_strdup(a, p->name);
                m->source = bh_arena_strdup(a, src);
                m->installed = bh_arena_strdup(a, ver);
                m->fixed = fixed;
                m->loc = p->loc;
                int sev = sqlite3_column_int(st, 8);
                int col = 9;
                if (sev < 0) {
                        sev = sqlite3_column_int(st, 4);
                        col = 5;
                }
                if (sev >= 0 && sev < BH_SEV__COUNT) {
                        m->severity = (enum bh_severity)sev;
                        m->severity_source = bh_vm_text(a, st, col);
                }
                if (!m->severity_source) {
                        m->severity = BH_VULN_DEFAULT_SEVERITY;
                        m->severity_source = "default";
                }
        }
        sqlite3_reset(st);
        if (r != SQLITE_DONE)
                return bh_vuln_db_sqlerr(db, err, "lookup");
        /* by advisory ID, whatever order the rows were imported in */
        if (out->matches.n > first) /* qsort's base must not be NULL, even for 0 */
                qsort(out->matches.v + first, out->matches.n - first, sizeof(*out->matches.v),
                      bh_vm_cmp_id);
        return 0;
}

int bh_vuln_match(struct bh_vuln_db *db, const struct bh_osinfo *os, const struct bh_pkg_list *pkgs,
                  struct bh_arena *a, struct bh_vuln_report *out, struct bh_error **err)
{
        enum bh_version_scheme scheme = BH_VERSION_SCHEME_DPKG;
        char eco[64];
        int r;

        out->db_path = bh_arena_strdup(a, db->path);
        out->packages = pkgs->n;
        out->os_loc = os ? os->loc : (struct bh_loc){0};
        if (os && os->pretty_name)
                out->os_name = os->pretty_name;
        else if (os && os->id)
                out->os_name = bh_arena_printf(a, "%s %s", os->id,
                                               os->version_id ? os->version_id : "(no VERSION_ID)");
        if (!bh_vuln_ecosystem(os, eco, sizeof(eco), &scheme))
                return 0;
        out->ecosystem = bh_arena_strdup(a, eco);
        if ((r = bh_vm_prepare(db, err)) < 0)
                return r;
        sqlite3_bind_text(db->covered, 1, eco, -1, SQLITE_STATIC);
        r = sqlite3_step(db->covered);
        sqlite3_reset(db->covered);
        if (r != SQLITE_ROW && r != SQLITE_DONE)
                return bh_vuln_db_sqlerr(db, err, "lookup");
        out->covered = r == SQLITE_ROW;
        if (!out->covered)
                return 0;
        for (size_t i = 0; i < pkgs->n; i++) {
                if (!bh_vm_format_fits(pkgs->v[i].format, scheme))
                        continue;
                if ((r = bh_vm_package(db, eco, scheme, &pkgs->v[i], a, out, err)) < 0)
                        return r;
        }
        return 0;
}
