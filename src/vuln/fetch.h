/* Downloading an OSV feed (<source>/<Ecosystem>/all.zip) with libcurl:
 * a conditional GET (If-None-Match with the stored ETag, If-Modified-Since
 * with the stored Last-Modified) streamed into a file descriptor. */
#pragma once

#include <stdint.h>

#include "../util/error.h"

struct bh_vuln_fetch_result {
        long status;         /* 200, 304 ... */
        uint64_t bytes;      /* body bytes written */
        char *etag;          /* the response's ETag (heap), or NULL */
        char *last_modified; /* the response's Last-Modified (heap), or NULL */
};

/* GET url into fd.  Only https://, and http:// to a loopback address (a
 * test server, a local mirror), are allowed (BH_EINVAL otherwise); no
 * redirects to another scheme.  A body over max_bytes (0: the
 * BH_LIMIT_OSV_DOWNLOAD default) fails with BH_ELIMIT; a status other than
 * 200 or 304 fails with BH_EIO.  On 304 nothing is written. */
int bh_vuln_fetch(const char *url, const char *etag, const char *last_modified, int fd,
                  uint64_t max_bytes, struct bh_vuln_fetch_result *out, struct bh_error **err);
void bh_vuln_fetch_result_release(struct bh_vuln_fetch_result *r);
