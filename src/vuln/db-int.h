/* Internals of the vulnerability store shared by db.c and match.c. */
#pragma once

#include <sqlite3.h>

#include "db.h"

struct bh_vuln_db {
        sqlite3 *db;
        char *path;
        bool writable;
        sqlite3_stmt *lookup;  /* affected rows of (ecosystem, package), prepared once */
        sqlite3_stmt *covered; /* any affected row of an ecosystem */
};

/* The matcher's lookup: ?1 ecosystem, ?2 package. */
#define BH_VULN_DB_LOOKUP_SQL                                                       \
        "SELECT a.id, a.cves, a.related, a.summary, a.severity, a.severity_source," \
        " f.events, f.versions, f.severity, f.severity_source"                      \
        " FROM affected AS f JOIN advisory AS a ON a.rowid = f.adv"                 \
        " WHERE f.ecosystem = ?1 AND f.package = ?2"

int bh_vuln_db_sqlerr(struct bh_vuln_db *db, struct bh_error **err, const char *what);
