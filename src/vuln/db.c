/* The vulnerability store: schema, open, import (JSON, directories, zips
 * through libarchive), sources and status. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../util/file.h"
#include "../util/limits.h"
#include "../util/strutil.h"
#include "../util/walk.h"
#include "db-int.h"
#include "osv.h"

#include "../util/bh-banned.h"

/* Schema 1.  advisory: one row per OSV record (id unique); affected: one row
 * per (advisory, ecosystem, package) with its ranges encoded as osv.h says;
 * the (ecosystem, package) index makes the matcher's lookup one seek. */
static const char bh_vuln_schema[] =
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE advisory ("
        " rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, modified TEXT NOT NULL,"
        " summary TEXT, cves TEXT, related TEXT, severity INTEGER NOT NULL DEFAULT -1,"
        " severity_source TEXT);"
        "CREATE TABLE affected ("
        " adv INTEGER NOT NULL REFERENCES advisory(rowid), ecosystem TEXT NOT NULL,"
        " package TEXT NOT NULL, events TEXT NOT NULL, versions TEXT NOT NULL,"
        " severity INTEGER NOT NULL DEFAULT -1, severity_source TEXT);"
        "CREATE INDEX affected_pkg ON affected (ecosystem, package);"
        "CREATE INDEX affected_adv ON affected (adv);"
        "CREATE TABLE source ("
        " url TEXT PRIMARY KEY, ecosystem TEXT, etag TEXT, last_modified TEXT,"
        " fetched_at TEXT NOT NULL, records INTEGER NOT NULL DEFAULT 0);"
        "PRAGMA user_version = 1;";

int bh_vuln_db_sqlerr(struct bh_vuln_db *db, struct bh_error **err, const char *what)
{
        return bh_error_set(err, BH_EIO, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->db));
}

char *bh_vuln_db_default_path(void)
{
        const char *e = getenv("BULKHEAD_DB");
        const char *xdg = getenv("XDG_CACHE_HOME");
        const char *home = getenv("HOME");

        if (e && *e)
                return bh_xstrdup(e);
        if (xdg && xdg[0] == '/')
                return bh_xasprintf("%s/bulkhead/vuln.db", xdg);
        if (home && *home)
                return bh_xasprintf("%s/.cache/bulkhead/vuln.db", home);
        return NULL;
}

const char *bh_vuln_db_path(const struct bh_vuln_db *db)
{
        return db->path;
}

/* mkdir -p of path's directory (0700: the cache is the user's). */
static int bh_vuln_mkparents(const char *path, struct bh_error **err)
{
        bh_autofree char *d = bh_xstrdup(path);

        for (char *p = d + 1; *p; p++) {
                if (*p != '/')
                        continue;
                *p = '\0';
                if (mkdir(d, 0700) < 0 && errno != EEXIST)
                        return bh_error_set_errno(err, BH_EIO, errno, "cannot create %s", d);
                *p = '/';
        }
        return 0;
}

static int bh_vuln_int_query(struct bh_vuln_db *db, const char *sql, int64_t *ret,
                             struct bh_error **err)
{
        sqlite3_stmt *st;
        int r;

        if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
                return bh_vuln_db_sqlerr(db, err, "query");
        r = sqlite3_step(st);
        if (r == SQLITE_ROW)
                *ret = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        if (r != SQLITE_ROW && r != SQLITE_DONE)
                return bh_vuln_db_sqlerr(db, err, "query");
        return 0;
}

int bh_vuln_db_open(const char *path, bool writable, struct bh_vuln_db **ret, struct bh_error **err)
{
        struct bh_vuln_db *db = bh_xcalloc(1, sizeof(*db));
        struct stat stb;
        int64_t version = 0, tables = 0;
        int r, flags;

        db->path = bh_xstrdup(path);
        db->writable = writable;
        if (!writable && stat(path, &stb) < 0) {
                r = bh_error_set_errno(err, errno == ENOENT ? BH_ENOENT : BH_EIO, errno,
                                       "no vulnerability database at %s", path);
                goto fail;
        }
        if (writable && (r = bh_vuln_mkparents(path, err)) < 0)
                goto fail;
        flags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
        if (sqlite3_open_v2(path, &db->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
                r = bh_vuln_db_sqlerr(db, err, "cannot open");
                goto fail;
        }
        sqlite3_busy_timeout(db->db, 5000);
        if ((r = bh_vuln_int_query(db, "PRAGMA user_version", &version, err)) < 0) {
                /* not an SQLite file at all */
                bh_error_free(*err);
                *err = NULL;
                r = bh_error_set(err, BH_EINVAL, "%s is not a bulkhead vulnerability database",
                                 path);
                goto fail;
        }
        if ((r = bh_vuln_int_query(db, "SELECT count(*) FROM sqlite_master", &tables, err)) < 0)
                goto fail;
        if (version == 0 && tables == 0 && writable) {
                if (sqlite3_exec(db->db, bh_vuln_schema, NULL, NULL, NULL) != SQLITE_OK) {
                        r = bh_vuln_db_sqlerr(db, err, "cannot create the schema");
                        goto fail;
                }
                version = BH_VULN_DB_SCHEMA;
        }
        if (version == 0) {
                r = bh_error_set(err, BH_EINVAL, "%s is not a bulkhead vulnerability database%s",
                                 path, tables ? "" : " (empty: run bulkhead db import or update)");
                goto fail;
        }
        if (version != BH_VULN_DB_SCHEMA) {
                /* schema 1 is the first: nothing older to migrate from yet */
                r = bh_error_set(err, BH_EINVAL,
                                 "%s has schema version %lld, this bulkhead reads version %d: %s",
                                 path, (long long)version, BH_VULN_DB_SCHEMA,
                                 version > BH_VULN_DB_SCHEMA
                                         ? "upgrade bulkhead, or remove the file and import again"
                                         : "remove the file and import again");
                goto fail;
        }
        *ret = db;
        return 0;
fail:
        bh_vuln_db_close(db);
        return r;
}

struct bh_vuln_db *bh_vuln_db_close(struct bh_vuln_db *db)
{
        if (!db)
                return NULL;
        sqlite3_finalize(db->lookup);
        sqlite3_finalize(db->covered);
        sqlite3_close(db->db);
        free(db->path);
        free(db);
        return NULL;
}

/* ---- import ---- */

struct bh_imp {
        struct bh_vuln_db *db;
        const struct bh_vuln_import_opts *o;
        struct bh_vuln_import_stats *st;
        struct bh_error **err;
        uint64_t max_record, max_entries, max_zip, max_files;
        uint64_t records; /* records handled in this import (fail_after) */
        uint64_t path_records;
        uint64_t walked;
        sqlite3_stmt *find, *ins_adv, *upd_adv, *del_aff, *del_adv, *ins_aff;
        struct bh_arena arena; /* one record's strings, reset per record */
};

static void bh_imp_problem(struct bh_imp *x, const char *file, const char *entry, const char *why)
{
        x->st->malformed++;
        if (x->st->problems.n >= BH_VULN_IMPORT_PROBLEMS) {
                x->st->problems_dropped++;
                return;
        }
        BH_VEC_PUSH(&x->st->problems, entry ? bh_xasprintf("%s[%s]: %s", file, entry, why)
                                            : bh_xasprintf("%s: %s", file, why));
}

static void bh_imp_text(sqlite3_stmt *st, int col, const char *s)
{
        if (s)
                sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
        else
                sqlite3_bind_null(st, col);
}

static int bh_imp_step(struct bh_imp *x, sqlite3_stmt *st)
{
        int r = sqlite3_step(st);
        sqlite3_reset(st);
        if (r != SQLITE_DONE && r != SQLITE_ROW)
                return bh_vuln_db_sqlerr(x->db, x->err, "import");
        return 0;
}

/* One record's bytes. */
static int bh_imp_record(struct bh_imp *x, const char *data, size_t len, const char *file,
                         const char *entry)
{
        struct bh_osv_record rec;
        bh_autoptr(bh_error) perr = NULL;
        int64_t rowid = -1;
        bool existed = false;
        int r;

        if (x->o->fail_after && x->records >= x->o->fail_after)
                return bh_error_set(x->err, BH_EIO, "%s: injected failure after %llu records", file,
                                    (unsigned long long)x->records);
        if (x->o->on_record && (r = x->o->on_record(x->o->ctx, x->records)) < 0)
                return bh_error_set(x->err, r, "%s: import stopped after %llu records", file,
                                    (unsigned long long)x->records);
        x->records++;
        x->path_records++;
        x->st->files++;
        bh_arena_release(&x->arena);
        if (len > x->max_record) {
                char why[96];
                snprintf(why, sizeof(why), "record of %zu bytes is over the limit of %llu", len,
                         (unsigned long long)x->max_record);
                bh_imp_problem(x, file, entry, why);
                return 0;
        }
        if (bh_osv_parse(data, len, &x->arena, &rec, &perr) < 0) {
                bh_imp_problem(x, file, entry, perr->msg);
                return 0;
        }
        sqlite3_bind_text(x->find, 1, rec.id, -1, SQLITE_STATIC);
        if (sqlite3_step(x->find) == SQLITE_ROW) {
                existed = true;
                rowid = sqlite3_column_int64(x->find, 0);
                const char *mod = (const char *)sqlite3_column_text(x->find, 1);
                if (mod && strcmp(mod, rec.modified) > 0) {
                        sqlite3_reset(x->find);
                        x->st->kept++;
                        return 0;
                }
        }
        sqlite3_reset(x->find);
        if (existed) {
                sqlite3_bind_int64(x->del_aff, 1, rowid);
                if ((r = bh_imp_step(x, x->del_aff)) < 0)
                        return r;
        }
        if (rec.withdrawn) {
                if (existed) {
                        sqlite3_bind_int64(x->del_adv, 1, rowid);
                        if ((r = bh_imp_step(x, x->del_adv)) < 0)
                                return r;
                }
                x->st->withdrawn++;
                return 0;
        }
        sqlite3_stmt *st = existed ? x->upd_adv : x->ins_adv;
        sqlite3_bind_text(st, 1, rec.id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, rec.modified, -1, SQLITE_STATIC);
        bh_imp_text(st, 3, rec.summary);
        bh_imp_text(st, 4, rec.cves);
        bh_imp_text(st, 5, rec.related);
        sqlite3_bind_int(st, 6, rec.severity);
        bh_imp_text(st, 7, rec.severity_source);
        if (existed)
                sqlite3_bind_int64(st, 8, rowid);
        if ((r = bh_imp_step(x, st)) < 0)
                return r;
        if (!existed)
                rowid = sqlite3_last_insert_rowid(x->db->db);
        existed ? x->st->replaced++ : x->st->added++;
        for (size_t i = 0; i < rec.naffected; i++) {
                const struct bh_osv_affected *af = &rec.affected[i];
                sqlite3_bind_int64(x->ins_aff, 1, rowid);
                sqlite3_bind_text(x->ins_aff, 2, af->ecosystem, -1, SQLITE_STATIC);
                sqlite3_bind_text(x->ins_aff, 3, af->name, -1, SQLITE_STATIC);
                sqlite3_bind_text(x->ins_aff, 4, af->events, -1, SQLITE_STATIC);
                sqlite3_bind_text(x->ins_aff, 5, af->versions, -1, SQLITE_STATIC);
                sqlite3_bind_int(x->ins_aff, 6, af->severity);
                bh_imp_text(x->ins_aff, 7, af->severity_source);
                if ((r = bh_imp_step(x, x->ins_aff)) < 0)
                        return r;
                x->st->affected++;
        }
        return 0;
}

static int bh_imp_zip(struct bh_imp *x, const char *path)
{
        struct archive *ar = archive_read_new();
        struct archive_entry *ent;
        uint64_t entries = 0, total = 0;
        char *buf = NULL;
        size_t cap = 0;
        int r = 0, ar_r;

        archive_read_support_format_zip(ar);
        if (archive_read_open_filename(ar, path, 64 * 1024) != ARCHIVE_OK) {
                r = bh_error_set(x->err, BH_EIO, "%s: %s", path, archive_error_string(ar));
                goto out;
        }
        while ((ar_r = archive_read_next_header(ar, &ent)) == ARCHIVE_OK) {
                const char *name = archive_entry_pathname(ent);
                size_t len = 0;

                if (++entries > x->max_entries) {
                        r = bh_error_set(x->err, BH_ELIMIT, "%s: more than %llu entries", path,
                                         (unsigned long long)x->max_entries);
                        goto out;
                }
                if (archive_entry_filetype(ent) != AE_IFREG || !name ||
                    !bh_str_endswith(name, ".json"))
                        continue;
                /* read at most max_record + 1 bytes: more is refused below
                 * without buffering the rest */
                for (;;) {
                        if (cap - len < 65536) {
                                cap = cap ? cap * 2 : 256 * 1024;
                                buf = bh_xrealloc(buf, cap + 1);
                        }
                        la_ssize_t n = archive_read_data(ar, buf + len, cap - len);
                        if (n < 0) {
                                r = bh_error_set(x->err, BH_EIO, "%s[%s]: %s", path, name,
                                                 archive_error_string(ar));
                                goto out;
                        }
                        if (n == 0)
                                break;
                        len += (size_t)n;
                        total += (uint64_t)n;
                        if (total > x->max_zip) {
                                r = bh_error_set(x->err, BH_ELIMIT,
                                                 "%s: more than %llu bytes decompressed", path,
                                                 (unsigned long long)x->max_zip);
                                goto out;
                        }
                        if (len > x->max_record)
                                break;
                }
                if ((r = bh_imp_record(x, buf, len, path, name)) < 0)
                        goto out;
        }
        if (ar_r != ARCHIVE_EOF)
                r = bh_error_set(x->err, BH_EIO, "%s: %s", path, archive_error_string(ar));
out:
        free(buf);
        archive_read_free(ar);
        return r;
}

static bool bh_imp_is_zip(const char *path)
{
        unsigned char m[4] = {0};
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        ssize_t n;

        if (fd < 0)
                return false;
        n = read(fd, m, sizeof(m));
        close(fd);
        return n == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
}

static int bh_imp_file(struct bh_imp *x, const char *path)
{
        char *data = NULL;
        size_t len = 0;
        bh_autoptr(bh_error) ferr = NULL;
        int r;

        if (bh_imp_is_zip(path))
                return bh_imp_zip(x, path);
        r = bh_file_read(path, (size_t)x->max_record, &data, &len, &ferr);
        if (r == BH_ELIMIT) {
                char why[96];
                x->st->files++;
                x->records++;
                snprintf(why, sizeof(why), "record over the limit of %llu bytes",
                         (unsigned long long)x->max_record);
                bh_imp_problem(x, path, NULL, why);
                return 0;
        }
        if (r < 0)
                return bh_error_set(x->err, r, "%s", ferr->msg);
        r = bh_imp_record(x, data, len, path, NULL);
        free(data);
        return r;
}

static int bh_imp_walk_cb(const char *path, void *userdata)
{
        struct bh_imp *x = userdata;

        if (!bh_str_endswith(path, ".json") && !bh_str_endswith(path, ".zip"))
                return 0;
        if (++x->walked > x->max_files)
                return bh_error_set(x->err, BH_ELIMIT, "more than %llu files in directories",
                                    (unsigned long long)x->max_files);
        return bh_imp_file(x, path);
}

static int bh_imp_prepare(struct bh_imp *x)
{
        static const struct {
                size_t off;
                const char *sql;
        } q[] = {
                {offsetof(struct bh_imp, find),
                 "SELECT rowid, modified FROM advisory WHERE id = ?1"},
                {offsetof(struct bh_imp, ins_adv),
                 "INSERT INTO advisory (id, modified, summary, cves, related, severity,"
                 " severity_source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
                {offsetof(struct bh_imp, upd_adv),
                 "UPDATE advisory SET id = ?1, modified = ?2, summary = ?3, cves = ?4,"
                 " related = ?5, severity = ?6, severity_source = ?7 WHERE rowid = ?8"},
                {offsetof(struct bh_imp, del_aff), "DELETE FROM affected WHERE adv = ?1"},
                {offsetof(struct bh_imp, del_adv), "DELETE FROM advisory WHERE rowid = ?1"},
                {offsetof(struct bh_imp, ins_aff),
                 "INSERT INTO affected (adv, ecosystem, package, events, versions, severity,"
                 " severity_source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
        };

        for (size_t i = 0; i < BH_ELEMENTSOF(q); i++) {
                sqlite3_stmt **st = (sqlite3_stmt **)((char *)x + q[i].off);
                if (sqlite3_prepare_v3(x->db->db, q[i].sql, -1, SQLITE_PREPARE_PERSISTENT, st,
                                       NULL) != SQLITE_OK)
                        return bh_vuln_db_sqlerr(x->db, x->err, "prepare");
        }
        return 0;
}

static void bh_imp_finalize(struct bh_imp *x)
{
        sqlite3_finalize(x->find);
        sqlite3_finalize(x->ins_adv);
        sqlite3_finalize(x->upd_adv);
        sqlite3_finalize(x->del_aff);
        sqlite3_finalize(x->del_adv);
        sqlite3_finalize(x->ins_aff);
        bh_arena_release(&x->arena);
}

static void bh_vuln_now(char *buf, size_t cap)
{
        time_t t = time(NULL);
        struct tm tm;

        gmtime_r(&t, &tm);
        strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void bh_vuln_date(int64_t days, char *buf, size_t cap)
{
        time_t t = (time_t)(days * 86400);
        struct tm tm;

        gmtime_r(&t, &tm);
        strftime(buf, cap, "%Y-%m-%d", &tm);
}

static int bh_imp_source(struct bh_imp *x, const struct bh_vuln_source_info *s, uint64_t records)
{
        sqlite3_stmt *st;
        char now[32];
        int r;

        bh_vuln_now(now, sizeof(now));
        if (sqlite3_prepare_v2(x->db->db,
                               "INSERT OR REPLACE INTO source (url, ecosystem, etag, last_modified,"
                               " fetched_at, records) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                               -1, &st, NULL) != SQLITE_OK)
                return bh_vuln_db_sqlerr(x->db, x->err, "source");
        bh_imp_text(st, 1, s->url);
        bh_imp_text(st, 2, s->ecosystem);
        bh_imp_text(st, 3, s->etag);
        bh_imp_text(st, 4, s->last_modified);
        sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 6, (sqlite3_int64)records);
        r = bh_imp_step(x, st);
        sqlite3_finalize(st);
        return r;
}

static int bh_imp_meta(struct bh_vuln_db *db, const char *key, const char *value,
                       struct bh_error **err)
{
        sqlite3_stmt *st;
        int r;

        if (sqlite3_prepare_v2(db->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                               -1, &st, NULL) != SQLITE_OK)
                return bh_vuln_db_sqlerr(db, err, "meta");
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
        r = sqlite3_step(st);
        sqlite3_finalize(st);
        return r == SQLITE_DONE ? 0 : bh_vuln_db_sqlerr(db, err, "meta");
}

static int bh_imp_path(struct bh_imp *x, const char *path)
{
        struct stat stb;
        int r;

        x->path_records = 0;
        if (stat(path, &stb) < 0)
                return bh_error_set_errno(x->err, errno == ENOENT ? BH_ENOENT : BH_EIO, errno, "%s",
                                          path);
        if (S_ISDIR(stb.st_mode)) {
                static const char *const skip[] = {".git"};
                struct bh_walk_opts wo = {.skip_dirs = skip, .nskip_dirs = 1};
                r = bh_walk(path, &wo, bh_imp_walk_cb, x, x->err);
        } else {
                r = bh_imp_file(x, path);
        }
        if (r < 0)
                return r;
        if (x->o->source)
                return 0;
        bh_autofree char *abs = path[0] == '/' ? bh_xstrdup(path) : NULL;
        if (!abs) {
                bh_autofree char *cwd = getcwd(NULL, 0);
                abs = bh_xasprintf("%s/%s", cwd ? cwd : ".", path);
        }
        bh_autofree char *url = bh_xasprintf("file://%s", abs);
        struct bh_vuln_source_info si = {.url = url};
        return bh_imp_source(x, &si, x->path_records);
}

int bh_vuln_db_import(struct bh_vuln_db *db, const char *const *paths, size_t npaths,
                      const struct bh_vuln_import_opts *opts, struct bh_vuln_import_stats *stats,
                      struct bh_error **err)
{
        static const struct bh_vuln_import_opts none = {0};
        struct bh_imp x = {.db = db, .o = opts ? opts : &none, .st = stats, .err = err};
        char now[32], today[16];
        int r;

        if (!db->writable)
                return bh_error_set(err, BH_EINVAL, "%s: opened read-only", db->path);
        x.max_record = x.o->max_record ? x.o->max_record : BH_LIMIT_OSV_RECORD;
        x.max_entries = x.o->max_entries ? x.o->max_entries : BH_LIMIT_OSV_ZIP_ENTRIES;
        x.max_zip = x.o->max_zip_bytes ? x.o->max_zip_bytes : BH_LIMIT_OSV_ZIP_BYTES;
        x.max_files = x.o->max_files ? x.o->max_files : BH_LIMIT_OSV_FILES;
        sqlite3_exec(db->db, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY", NULL, NULL,
                     NULL);
        if (sqlite3_exec(db->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
                return bh_vuln_db_sqlerr(db, err, "cannot start the import");
        if ((r = bh_imp_prepare(&x)) < 0)
                goto fail;
        for (size_t i = 0; i < npaths; i++)
                if ((r = bh_imp_path(&x, paths[i])) < 0)
                        goto fail;
        if (x.o->source && (r = bh_imp_source(&x, x.o->source, x.records)) < 0)
                goto fail;
        bh_vuln_now(now, sizeof(now));
        bh_vuln_date(bh_today(), today, sizeof(today));
        if ((r = bh_imp_meta(db, "last_update", now, err)) < 0 ||
            (r = bh_imp_meta(db, "last_update_date", today, err)) < 0)
                goto fail;
        bh_imp_finalize(&x);
        if (sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
                r = bh_vuln_db_sqlerr(db, err, "cannot commit the import");
                sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
                return r;
        }
        return 0;
fail:
        bh_imp_finalize(&x);
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
        return r;
}

void bh_vuln_import_stats_release(struct bh_vuln_import_stats *s)
{
        for (size_t i = 0; i < s->problems.n; i++)
                free(s->problems.v[i]);
        free(s->problems.v);
        memset(s, 0, sizeof(*s));
}

/* ---- sources and status ---- */

static char *bh_vuln_col(sqlite3_stmt *st, int col)
{
        const unsigned char *s = sqlite3_column_text(st, col);
        return s ? bh_xstrdup((const char *)s) : NULL;
}

int bh_vuln_db_source_get(struct bh_vuln_db *db, const char *url, char **ret_etag,
                          char **ret_last_modified, struct bh_error **err)
{
        sqlite3_stmt *st;
        int r;

        *ret_etag = *ret_last_modified = NULL;
        if (sqlite3_prepare_v2(db->db, "SELECT etag, last_modified FROM source WHERE url = ?1", -1,
                               &st, NULL) != SQLITE_OK)
                return bh_vuln_db_sqlerr(db, err, "source");
        sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
        r = sqlite3_step(st);
        if (r == SQLITE_ROW) {
                *ret_etag = bh_vuln_col(st, 0);
                *ret_last_modified = bh_vuln_col(st, 1);
        }
        sqlite3_finalize(st);
        return r == SQLITE_ROW || r == SQLITE_DONE ? 0 : bh_vuln_db_sqlerr(db, err, "source");
}

int bh_vuln_db_source_touch(struct bh_vuln_db *db, const char *url, struct bh_error **err)
{
        sqlite3_stmt *st;
        char now[32];
        int r;

        bh_vuln_now(now, sizeof(now));
        if (sqlite3_prepare_v2(db->db, "UPDATE source SET fetched_at = ?1 WHERE url = ?2", -1, &st,
                               NULL) != SQLITE_OK)
                return bh_vuln_db_sqlerr(db, err, "source");
        sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, url, -1, SQLITE_STATIC);
        r = sqlite3_step(st);
        sqlite3_finalize(st);
        return r == SQLITE_DONE ? 0 : bh_vuln_db_sqlerr(db, err, "source");
}

static char *bh_vuln_meta(struct bh_vuln_db *db, const char *key)
{
        sqlite3_stmt *st;
        char *v = NULL;

        if (sqlite3_prepare_v2(db->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) !=
            SQLITE_OK)
                return NULL;
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
                v = bh_vuln_col(st, 0);
        sqlite3_finalize(st);
        return v;
}

int bh_vuln_db_status(struct bh_vuln_db *db, struct bh_vuln_db_status *out, struct bh_error **err)
{
        sqlite3_stmt *st;
        int64_t v = 0;
        int r;

        memset(out, 0, sizeof(*out));
        out->path = bh_xstrdup(db->path);
        if ((r = bh_vuln_int_query(db, "PRAGMA user_version", &v, err)) < 0)
                return r;
        out->schema = (int)v;
        out->last_update = bh_vuln_meta(db, "last_update");
        out->last_update_date = bh_vuln_meta(db, "last_update_date");
        if ((r = bh_vuln_int_query(db, "SELECT count(*) FROM advisory", &out->advisories, err)) <
                    0 ||
            (r = bh_vuln_int_query(db, "SELECT count(*) FROM affected", &out->affected, err)) < 0)
                return r;
        if (sqlite3_prepare_v2(db->db,
                               "SELECT ecosystem, count(DISTINCT adv), count(*),"
                               " sum(instr(' ' || replace(events, char(10), ' '), ' f') = 0)"
                               " FROM affected GROUP BY ecosystem ORDER BY ecosystem",
                               -1, &st, NULL) != SQLITE_OK)
                return bh_vuln_db_sqlerr(db, err, "status");
        while ((r = sqlite3_step(st)) == SQLITE_ROW) {
                struct bh_vuln_db_eco *e = BH_VEC_NEW(&out->ecosystems);
                e->name = bh_vuln_col(st, 0);
                e->advisories = sqlite3_column_int64(st, 1);
                e->affected = sqlite3_column_int64(st, 2);
                e->unfixed = sqlite3_column_int64(st, 3);
        }
        sqlite3_finalize(st);
        if (r != SQLITE_DONE)
                return bh_vuln_db_sqlerr(db, err, "status");
        if (sqlite3_prepare_v2(db->db,
                               "SELECT url, ecosystem, etag, last_modified, fetched_at, records"
                               " FROM source ORDER BY url",
                               -1, &st, NULL) != SQLITE_OK)
                return bh_vuln_db_sqlerr(db, err, "status");
        while ((r = sqlite3_step(st)) == SQLITE_ROW) {
                struct bh_vuln_db_source *s = BH_VEC_NEW(&out->sources);
                s->url = bh_vuln_col(st, 0);
                s->ecosystem = bh_vuln_col(st, 1);
                s->etag = bh_vuln_col(st, 2);
                s->last_modified = bh_vuln_col(st, 3);
                s->fetched_at = bh_vuln_col(st, 4);
                s->records = sqlite3_column_int64(st, 5);
        }
        sqlite3_finalize(st);
        return r == SQLITE_DONE ? 0 : bh_vuln_db_sqlerr(db, err, "status");
}

void bh_vuln_db_status_release(struct bh_vuln_db_status *s)
{
        for (size_t i = 0; i < s->ecosystems.n; i++)
                free(s->ecosystems.v[i].name);
        for (size_t i = 0; i < s->sources.n; i++) {
                struct bh_vuln_db_source *x = &s->sources.v[i];
                free(x->url);
                free(x->ecosystem);
                free(x->etag);
                free(x->last_modified);
                free(x->fetched_at);
        }
        free(s->ecosystems.v);
        free(s->sources.v);
        free(s->path);
        free(s->last_update);
        free(s->last_update_date);
        memset(s, 0, sizeof(*s));
}

int bh_vuln_db_base_ecosystems(struct bh_vuln_db *db, char ***ret, size_t *ret_n,
                               struct bh_error **err)
{
        sqlite3_stmt *st;
        BH_VEC(char *) v = {0};
        int r;

        if (sqlite3_prepare_v2(db->db,
                               "SELECT DISTINCT CASE WHEN instr(ecosystem, ':') > 0"
                               " THEN substr(ecosystem, 1, instr(ecosystem, ':') - 1)"
                               " ELSE ecosystem END AS base FROM affected ORDER BY base",
                               -1, &st, NULL) != SQLITE_OK)
                return bh_vuln_db_sqlerr(db, err, "ecosystems");
        while ((r = sqlite3_step(st)) == SQLITE_ROW)
                BH_VEC_PUSH(&v, bh_vuln_col(st, 0));
        sqlite3_finalize(st);
        if (r != SQLITE_DONE) {
                for (size_t i = 0; i < v.n; i++)
                        free(v.v[i]);
                free(v.v);
                return bh_vuln_db_sqlerr(db, err, "ecosystems");
        }
        *ret = v.v;
        *ret_n = v.n;
        return 0;
}

char *bh_vuln_db_explain_lookup(struct bh_vuln_db *db, struct bh_error **err)
{
        sqlite3_stmt *st;
        struct {
                char *s;
                size_t n;
        } out = {bh_xstrdup(""), 0};

        if (sqlite3_prepare_v2(db->db, "EXPLAIN QUERY PLAN " BH_VULN_DB_LOOKUP_SQL, -1, &st,
                               NULL) != SQLITE_OK) {
                free(out.s);
                bh_vuln_db_sqlerr(db, err, "explain");
                return NULL;
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
                const char *d = (const char *)sqlite3_column_text(st, 3);
                char *n = bh_xasprintf("%s%s\n", out.s, d ? d : "");
                free(out.s);
                out.s = n;
        }
        sqlite3_finalize(st);
        return out.s;
}
