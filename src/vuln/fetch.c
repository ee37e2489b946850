/* OSV feed download with libcurl. */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <strings.h>
#include <unistd.h>

#include "../util/limits.h"
#include "../util/strutil.h"
#include "fetch.h"

#include "../util/bh-banned.h"

struct bh_fetch {
        int fd;
        uint64_t max, bytes;
        bool over;
        int werr;
        struct bh_vuln_fetch_result *out;
};

static size_t bh_fetch_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
        struct bh_fetch *f = ud;
        size_t n = size * nmemb, done = 0;

        if (f->bytes + n > f->max) {
                f->over = true;
                return 0;
        }
        while (done < n) {
                ssize_t w = write(f->fd, ptr + done, n - done);
                if (w < 0) {
                        if (errno == EINTR)
                                continue;
                        f->werr = errno;
                        return 0;
                }
                done += (size_t)w;
        }
        f->bytes += n;
        return n;
}

/* "ETag: "abc"\r\n" -> a heap copy of the value */
static char *bh_fetch_header_value(const char *buf, size_t n, const char *name)
{
        size_t nl = strlen(name);

        if (n <= nl + 1 || strncasecmp(buf, name, nl) != 0 || buf[nl] != ':')
                return NULL;
        const char *v = buf + nl + 1, *end = buf + n;
        while (v < end && (*v == ' ' || *v == '\t'))
                v++;
        while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
                end--;
        if (end - v > 512)
                return NULL;
        return bh_xstrndup(v, (size_t)(end - v));
}

static size_t bh_fetch_header(char *buf, size_t size, size_t nitems, void *ud)
{
        struct bh_fetch *f = ud;
        size_t n = size * nitems;
        char *v;

        /* a new response (after a 100 Continue): forget earlier headers */
        if (n > 5 && memcmp(buf, "HTTP/", 5) == 0) {
                free(f->out->etag);
                free(f->out->last_modified);
                f->out->etag = f->out->last_modified = NULL;
        } else if ((v = bh_fetch_header_value(buf, n, "ETag"))) {
                free(f->out->etag);
                f->out->etag = v;
        } else if ((v = bh_fetch_header_value(buf, n, "Last-Modified"))) {
                free(f->out->last_modified);
                f->out->last_modified = v;
        }
        return n;
}

static bool bh_fetch_url_ok(const char *url)
{
        static const char *const local[] = {"http://127.0.0.1:", "http://127.0.0.1/",
                                            "http://localhost:", "http://localhost/",
                                            "http://[::1]:",     "http://[::1]/"};

        if (bh_str_startswith_ci(url, "https://"))
                return true;
        for (size_t i = 0; i < BH_ELEMENTSOF(local); i++)
                if (bh_str_startswith_ci(url, local[i]))
                        return true;
        return false;
}

int bh_vuln_fetch(const char *url, const char *etag, const char *last_modified, int fd,
                  uint64_t max_bytes, struct bh_vuln_fetch_result *out, struct bh_error **err)
{
        struct bh_fetch f = {
                .fd = fd, .max = max_bytes ? max_bytes : BH_LIMIT_OSV_DOWNLOAD, .out = out};
        struct curl_slist *hdr = NULL;
        char ebuf[CURL_ERROR_SIZE] = "";
        CURL *c;
        CURLcode cr;
        int r = 0;

        memset(out, 0, sizeof(*out));
        if (!bh_fetch_url_ok(url))
                return bh_error_set(err, BH_EINVAL,
                                    "%s: only https:// sources (or http:// on loopback) are "
                                    "allowed",
                                    url);
        c = curl_easy_init();
        if (!c)
                return bh_error_set(err, BH_EIO, "cannot initialise libcurl");
        if (etag && *etag) {
                bh_autofree char *h = bh_xasprintf("If-None-Match: %s", etag);
                hdr = curl_slist_append(hdr, h);
        }
        if (last_modified && *last_modified) {
                bh_autofree char *h = bh_xasprintf("If-Modified-Since: %s", last_modified);
                hdr = curl_slist_append(hdr, h);
        }
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
        curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, bh_fetch_write);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &f);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, bh_fetch_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, &f);
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
        curl_easy_setopt(c, CURLOPT_USERAGENT, "bulkhead");
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
        /* a stalled transfer: under 1 kB/s for a minute */
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        cr = curl_easy_perform(c);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
        out->bytes = f.bytes;
        if (f.over)
                r = bh_error_set(err, BH_ELIMIT, "%s: larger than %llu bytes", url,
                                 (unsigned long long)f.max);
        else if (f.werr)
                r = bh_error_set_errno(err, BH_EIO, f.werr, "%s: cannot write the download", url);
        else if (cr != CURLE_OK)
                r = bh_error_set(err, BH_EIO, "%s: %s", url, *ebuf ? ebuf : curl_easy_strerror(cr));
        else if (out->status != 200 && out->status != 304)
                r = bh_error_set(err, BH_EIO, "%s: HTTP status %ld", url, out->status);
        curl_easy_cleanup(c);
        curl_slist_free_all(hdr);
        if (r < 0)
                bh_vuln_fetch_result_release(out);
        return r;
}

void bh_vuln_fetch_result_release(struct bh_vuln_fetch_result *r)
{
        free(r->etag);
        free(r->last_modified);
        r->etag = r->last_modified = NULL;
}
