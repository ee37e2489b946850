/* The vulnerability store: OSV advisories in an SQLite database (Debian's
 * libsqlite3), imported from OSV JSON files, directories of them and the
 * per-ecosystem all.zip archives of the OSV bucket (read through libarchive,
 * never extracted).  Schema in db.c (PRAGMA user_version = BH_VULN_DB_SCHEMA).
 *
 * Default location: $BULKHEAD_DB, else $XDG_CACHE_HOME/bulkhead/vuln.db, else
 * ~/.cache/bulkhead/vuln.db.  Scans open it read-only; imports run in one
 * transaction, so a failed or interrupted import leaves the previous data
 * exactly as it was.  Never prints (results and problems are returned). */
#pragma once

#include <stdint.h>

#include "../util/bh-macro.h"
#include "../util/error.h"

#define BH_VULN_DB_SCHEMA 1

struct bh_vuln_db;

/* The default path (caller frees), or NULL when neither BULKHEAD_DB,
 * XDG_CACHE_HOME nor HOME is set. */
char *bh_vuln_db_default_path(void);

/* Open path.  Read-only: the file must exist and hold schema
 * BH_VULN_DB_SCHEMA (BH_ENOENT when it does not exist; BH_EINVAL with a
 * message for another schema or a file that is not a bulkhead database).
 * Writable: created (with its parent directory) when missing; an empty
 * database gets the schema.  *ret is set only on success. */
int bh_vuln_db_open(const char *path, bool writable, struct bh_vuln_db **ret,
                    struct bh_error **err);
/* Close (NULL-safe); returns NULL. */
struct bh_vuln_db *bh_vuln_db_close(struct bh_vuln_db *db);
BH_DEFINE_AUTOPTR(bh_vuln_db, bh_vuln_db_close)
const char *bh_vuln_db_path(const struct bh_vuln_db *db);

/* Where an import's data came from, recorded in the sources table (update:
 * the feed URL with its ETag and Last-Modified; import: the path). */
struct bh_vuln_source_info {
        const char *url;
        const char *ecosystem; /* NULL: not tied to one */
        const char *etag;
        const char *last_modified;
};

struct bh_vuln_import_opts {
        /* Limits (0: the BH_LIMIT_OSV_* default); tests lower them to cross. */
        uint64_t max_record;    /* bytes of one record */
        uint64_t max_entries;   /* entries of one zip */
        uint64_t max_zip_bytes; /* bytes decompressed from one zip */
        uint64_t max_files;     /* files read from directories */
        /* Tests: fail the import with BH_EIO after this many records (0: never),
         * to prove that nothing of a failed import is kept. */
        uint64_t fail_after;
        /* Called before each record with the number handled so far (NULL:
         * none); a negative return fails the import with that code.  The
         * CLI's crash test kills the process from here, mid-transaction. */
        int (*on_record)(void *ctx, uint64_t records);
        void *ctx;
        /* Recorded for the paths imported (NULL: one source row per path). */
        const struct bh_vuln_source_info *source;
};

struct bh_vuln_import_stats {
        uint64_t files;     /* JSON files and zip entries read */
        uint64_t added;     /* new advisories */
        uint64_t replaced;  /* advisories replaced by a record modified at or after them */
        uint64_t kept;      /* records older than the stored advisory: not imported */
        uint64_t withdrawn; /* withdrawn records (an older copy, if any, removed) */
        uint64_t malformed; /* records skipped as unusable */
        uint64_t affected;  /* affected entries stored */
        /* "file[entry]: why" of the first BH_VULN_IMPORT_PROBLEMS malformed
         * records (heap strings); problems_dropped counts the rest. */
        BH_VEC(char *) problems;
        uint64_t problems_dropped;
};
#define BH_VULN_IMPORT_PROBLEMS 50u

/* Import every path (a JSON record, a zip of records, a directory walked for
 * *.json and *.zip) in ONE transaction.  Malformed records are counted and
 * described in stats and the import goes on; a path that cannot be read, a
 * crossed zip limit, a database error or the injected failure rolls back
 * everything and fails (BH_EIO, BH_ELIMIT, BH_ENOENT) with "path: why".
 * Records replace stored advisories of the same id unless those were
 * modified later; withdrawn records remove them. */
int bh_vuln_db_import(struct bh_vuln_db *db, const char *const *paths, size_t npaths,
                      const struct bh_vuln_import_opts *opts, struct bh_vuln_import_stats *stats,
                      struct bh_error **err);
void bh_vuln_import_stats_release(struct bh_vuln_import_stats *s);

/* A stored feed's validators for a conditional request (heap strings, NULL
 * when unknown); 0 also when the URL was never fetched. */
int bh_vuln_db_source_get(struct bh_vuln_db *db, const char *url, char **ret_etag,
                          char **ret_last_modified, struct bh_error **err);
/* Record a fetch that changed nothing (304): fetched_at is updated. */
int bh_vuln_db_source_touch(struct bh_vuln_db *db, const char *url, struct bh_error **err);

struct bh_vuln_db_eco {
        char *name; /* "Debian:12" */
        int64_t advisories;
        int64_t affected; /* affected entries */
        int64_t unfixed;  /* affected entries without a fixed event */
};

struct bh_vuln_db_source {
        char *url, *ecosystem, *etag, *last_modified, *fetched_at;
        int64_t records;
};

struct bh_vuln_db_status {
        int schema;
        char *path;
        char *last_update;      /* "2026-11-28T10:00:00Z", NULL never */
        char *last_update_date; /* "2026-11-28" (BULKHEAD_TODAY in tests) */
        int64_t advisories;
        int64_t affected;
        BH_VEC(struct bh_vuln_db_eco) ecosystems; /* sorted by name */
        BH_VEC(struct bh_vuln_db_source) sources; /* sorted by url */
};

int bh_vuln_db_status(struct bh_vuln_db *db, struct bh_vuln_db_status *out, struct bh_error **err);
void bh_vuln_db_status_release(struct bh_vuln_db_status *s);

/* The base ecosystems the database holds ("Alpine", "Debian": the names of
 * the OSV bucket's directories), sorted; heap strings in a heap array. */
int bh_vuln_db_base_ecosystems(struct bh_vuln_db *db, char ***ret, size_t *ret_n,
                               struct bh_error **err);

/* The query plan SQLite chose for the matcher's lookup, one line per step
 * ("SEARCH f USING INDEX affected_pkg (ecosystem=? AND package=?)"), for
 * the test that proves the lookup is one index seek.  Caller frees. */
char *bh_vuln_db_explain_lookup(struct bh_vuln_db *db, struct bh_error **err);
