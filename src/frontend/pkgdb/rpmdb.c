/* rpm databases.  The SQLite rpmdb (RHEL 9, Fedora, AL2023) is opened by
 * SQLite from a copy in memory (sqlite3_deserialize: the image's file is
 * never written to disk) and its Packages blobs are parsed here, as rpm's
 * header format, bounded and defensive.  Berkeley DB (RHEL <= 8, Amazon
 * Linux 2) and NDB (SUSE) databases are recognised from their magic bytes and
 * reported as unsupported, never read as an empty list. */
#include <sqlite3.h>
#include <stdio.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "pkgdb-int.h"

#include "../../util/bh-banned.h"

enum {
        BH_RPMTAG_NAME = 1000,
        BH_RPMTAG_VERSION = 1001,
        BH_RPMTAG_RELEASE = 1002,
        BH_RPMTAG_EPOCH = 1003,
        BH_RPMTAG_LICENSE = 1014,
        BH_RPMTAG_ARCH = 1022,
        BH_RPMTAG_SOURCERPM = 1044,
};

enum {
        BH_RPMTYPE_INT32 = 4,
        BH_RPMTYPE_STRING = 6,
        BH_RPMTYPE_I18NSTRING = 9,
};

static uint32_t bh_rpm_be32(const unsigned char *p)
{
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t bh_rpm_le32(const unsigned char *p)
{
        return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

int bh_pkgdb_rpm_header(const unsigned char *blob, size_t len, struct bh_rpmhdr *ret,
                        const char **ret_why)
{
        struct bh_rpmhdr h = {0};
        uint32_t il, dl;
        const unsigned char *idx, *data;

        if (!blob || len < 8) {
                *ret_why = "shorter than a header";
                return BH_RPMHDR_MALFORMED;
        }
        il = bh_rpm_be32(blob);
        dl = bh_rpm_be32(blob + 4);
        if (il > BH_LIMIT_RPM_HEADER_TAGS || dl > BH_LIMIT_RPM_HEADER_DATA) {
                *ret_why = "more index entries or data than a header may hold";
                return BH_RPMHDR_LIMIT;
        }
        if (il == 0) {
                *ret_why = "no index entries";
                return BH_RPMHDR_MALFORMED;
        }
        /* both bounded above, so no overflow */
        if (8 + (size_t)il * 16 + dl > len) {
                *ret_why = "the index or the data run past the end of the blob";
                return BH_RPMHDR_MALFORMED;
        }
        idx = blob + 8;
        data = idx + (size_t)il * 16;
        for (uint32_t i = 0; i < il; i++) {
                const unsigned char *e = idx + (size_t)i * 16;
                uint32_t tag = bh_rpm_be32(e), type = bh_rpm_be32(e + 4);
                uint32_t off = bh_rpm_be32(e + 8), cnt = bh_rpm_be32(e + 12);
                const char **s = NULL;

                if (off > dl) {
                        *ret_why = "an index entry points past the data";
                        return BH_RPMHDR_MALFORMED;
                }
                switch (tag) {
                case BH_RPMTAG_NAME:
                        s = &h.name;
                        break;
                case BH_RPMTAG_VERSION:
                        s = &h.version;
                        break;
                case BH_RPMTAG_RELEASE:
                        s = &h.release;
                        break;
                case BH_RPMTAG_LICENSE:
                        s = &h.license;
                        break;
                case BH_RPMTAG_ARCH:
                        s = &h.arch;
                        break;
                case BH_RPMTAG_SOURCERPM:
                        s = &h.sourcerpm;
                        break;
                case BH_RPMTAG_EPOCH:
                        if (type != BH_RPMTYPE_INT32 || cnt < 1 || off % 4 || dl - off < 4) {
                                *ret_why = "a malformed EPOCH entry";
                                return BH_RPMHDR_MALFORMED;
                        }
                        if (!h.has_epoch) {
                                h.epoch = bh_rpm_be32(data + off);
                                h.has_epoch = true;
                        }
                        continue;
                default:
                        continue;
                }
                if (type != BH_RPMTYPE_STRING && type != BH_RPMTYPE_I18NSTRING) {
                        *ret_why = "a string tag of another type";
                        return BH_RPMHDR_MALFORMED;
                }
                if (!memchr(data + off, '\0', dl - off)) {
                        *ret_why = "a string that is not terminated inside the data";
                        return BH_RPMHDR_MALFORMED;
                }
                if (!*s)
                        *s = (const char *)(data + off);
        }
        if (!h.name || !*h.name || !h.version || !*h.version || !h.release) {
                *ret_why = "no NAME, VERSION or RELEASE";
                return BH_RPMHDR_MALFORMED;
        }
        *ret = h;
        return BH_RPMHDR_OK;
}

bool bh_pkgdb_rpm_srcname(struct bh_arena *a, const char *srpm, const char **ret_name,
                          const char **ret_version)
{
        size_t n = strlen(srpm);
        const char *rel = NULL, *ver = NULL;

        if (bh_str_endswith(srpm, ".src.rpm"))
                n -= 8;
        else if (bh_str_endswith(srpm, ".nosrc.rpm"))
                n -= 10;
        else
                return false;
        for (size_t i = n; i-- > 0;) {
                if (srpm[i] != '-')
                        continue;
                if (!rel) {
                        rel = srpm + i;
                } else {
                        ver = srpm + i;
                        break;
                }
        }
        if (!ver || ver == srpm || rel - ver < 2 || (size_t)(rel - srpm) + 1 >= n)
                return false;
        *ret_name = bh_arena_strndup(a, srpm, (size_t)(ver - srpm));
        *ret_version = bh_arena_strndup(a, ver + 1, n - (size_t)(ver - srpm) - 1);
        return true;
}

static void bh_rpm_add(struct bh_pkgdb_ctx *x, const struct bh_pkgdb_file *f, const char *display,
                       const struct bh_rpmhdr *h)
{
        struct bh_pkg *p;
        const char *sname, *sver;

        /* imported signing keys are headers too, not software */
        if (strcmp(h->name, "gpg-pubkey") == 0 && !h->arch)
                return;
        p = bh_pkgdb_add(x, f, display, BH_PKGFMT_RPM, 0);
        if (!p)
                return;
        p->name = bh_arena_strdup(x->a, h->name);
        const char *vr = bh_arena_printf(x->a, "%s-%s", h->version, h->release);
        p->version = h->has_epoch ? bh_arena_printf(x->a, "%u:%s", h->epoch, vr) : vr;
        p->arch = h->arch ? bh_arena_strdup(x->a, h->arch) : NULL;
        p->license = h->license && *h->license ? bh_arena_strdup(x->a, h->license) : NULL;
        p->source = p->name;
        if (h->sourcerpm && bh_pkgdb_rpm_srcname(x->a, h->sourcerpm, &sname, &sver)) {
                p->source = sname;
                /* the source RPM carries no epoch: compare without it */
                if (strcmp(sver, vr) != 0)
                        p->source_version = sver;
        }
}

/* Untrusted bytes through SQLite: defensive mode, no triggers or views, no
 * schema-defined functions, cells checked, values bounded. */
static int bh_rpm_sqlite_open(const struct bh_pkgdb_file *f, sqlite3 **ret)
{
        sqlite3 *db = NULL;
        unsigned char *buf;
        int r;

        r = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
        if (r != SQLITE_OK) {
                sqlite3_close(db);
                return r;
        }
        sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
        sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
        sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
        sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
        sqlite3_limit(db, SQLITE_LIMIT_LENGTH,
                      (int)(8u + 16u * BH_LIMIT_RPM_HEADER_TAGS + BH_LIMIT_RPM_HEADER_DATA));
        buf = sqlite3_malloc64(f->len);
        if (!buf) {
                sqlite3_close(db);
                return SQLITE_NOMEM;
        }
        memcpy(buf, f->data, f->len);
        /* a WAL-mode header (file format bytes 2/2) cannot be opened in
         * memory; the content is the same in rollback mode */
        if (f->len > 19 && buf[18] == 2 && buf[19] == 2)
                buf[18] = buf[19] = 1;
        r = sqlite3_deserialize(db, "main", buf, (sqlite3_int64)f->len, (sqlite3_int64)f->len,
                                SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
        if (r == SQLITE_OK)
                r = sqlite3_exec(db, "PRAGMA cell_size_check = ON; PRAGMA query_only = ON", NULL,
                                 NULL, NULL);
        if (r != SQLITE_OK) {
                sqlite3_close(db);
                return r;
        }
        *ret = db;
        return SQLITE_OK;
}

static void bh_rpm_sqlite(struct bh_pkgdb_ctx *x, const struct bh_pkgdb_file *f,
                          const char *display)
{
        sqlite3 *db = NULL;
        sqlite3_stmt *st = NULL;
        size_t bad = 0;
        int r;

        r = bh_rpm_sqlite_open(f, &db);
        if (r == SQLITE_OK)
                r = sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages ORDER BY hnum", -1, &st,
                                       NULL);
        if (r != SQLITE_OK) {
                bh_doc_add_diag(x->doc, 9021, bh_pkgdb_loc(display, 0),
                                "%s: not a readable rpm SQLite database (%s); no rpm packages "
                                "were read",
                                display, db ? sqlite3_errmsg(db) : sqlite3_errstr(r));
                goto out;
        }
        while ((r = sqlite3_step(st)) == SQLITE_ROW && !x->full) {
                const unsigned char *blob = sqlite3_column_blob(st, 1);
                size_t n = (size_t)sqlite3_column_bytes(st, 1);
                struct bh_rpmhdr h;
                const char *why = NULL;
                int hr = bh_pkgdb_rpm_header(blob, n, &h, &why);

                if (hr == BH_RPMHDR_OK) {
                        bh_rpm_add(x, f, display, &h);
                        continue;
                }
                if (bad++ == 0)
                        bh_doc_add_diag(x->doc, hr == BH_RPMHDR_LIMIT ? 9003 : 9021,
                                        bh_pkgdb_loc(display, 0),
                                        "%s: package header %lld: %s; not listed", display,
                                        (long long)sqlite3_column_int64(st, 0), why);
        }
        if (r != SQLITE_DONE && r != SQLITE_ROW)
                bh_doc_add_diag(x->doc, 9021, bh_pkgdb_loc(display, 0),
                                "%s: reading stopped: %s; the packages after that are not listed",
                                display, sqlite3_errmsg(db));
        if (bad > 1)
                bh_doc_add_diag(x->doc, 9021, bh_pkgdb_loc(display, 0),
                                "%s: %zu more package headers could not be read", display, bad - 1);
out:
        sqlite3_finalize(st);
        sqlite3_close(db);
}

void bh_pkgdb_rpm(struct bh_pkgdb_ctx *x, const struct bh_pkgdb_file *f, const char *display)
{
        const unsigned char *d = (const unsigned char *)f->data;
        const char *what = NULL, *backend = "bdb";

        if (f->len >= 16 && memcmp(d, "SQLite format 3", 16) == 0) {
                bh_rpm_sqlite(x, f, display);
                return;
        }
        if (f->len >= 16) {
                /* a Berkeley DB meta page: the magic at byte 12, in the byte
                 * order of the machine that wrote it */
                uint32_t le = bh_rpm_le32(d + 12), be = bh_rpm_be32(d + 12);
                if (le == 0x061561 || be == 0x061561)
                        what = "a Berkeley DB hash database";
                else if (le == 0x053162 || be == 0x053162)
                        what = "a Berkeley DB btree database";
        }
        if (!what && f->len >= 4 && memcmp(d, "RpmP", 4) == 0) {
                what = "an NDB database";
                backend = "ndb";
        }
        if (what) {
                bh_doc_add_diag(x->doc, 9020, bh_pkgdb_loc(display, 0),
                                "%s is %s (rpm's %s backend), which bulkhead does not read: its "
                                "packages are not listed",
                                display, what, backend);
                return;
        }
        bh_doc_add_diag(x->doc, 9021, bh_pkgdb_loc(display, 0),
                        "%s is not a known rpm database format (SQLite, Berkeley DB, NDB); no rpm "
                        "packages were read",
                        display);
}
