/* The engine API over libcurl: endpoint choice, /_ping negotiation, and one
 * GET function.  Limits: connect and total timeouts, the response size
 * (checked in the write callback, so an endless body stops there), no
 * redirects, no protocol but http/https. */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <strings.h>
#include <sys/stat.h>

#include "../../util/buf.h"
#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "http.h"

#include "../../util/bh-banned.h"

struct bh_engine_conn {
        CURL *curl;
        char *base;    /* "http://docker" (unix) or "https://host:port" */
        char *socket;  /* unix socket path, NULL for TCP */
        char *display; /* unix:///path or tcp://host:port */
        char api[16];
        char libpod[32];
        char server[128];
        char warning[256];
        enum bh_engine_kind kind;
        unsigned timeout_ms;
        /* TLS files (TCP only) */
        char *cacert, *cert, *key;
};

static const char *bh_env(const char *const *env, const char *name)
{
        size_t n = strlen(name);

        for (size_t i = 0; env && env[i]; i++)
                if (strncmp(env[i], name, n) == 0 && env[i][n] == '=')
                        return env[i] + n + 1;
        return NULL;
}

bool bh_engine_api_cmp(const char *a, const char *b, int *ret)
{
        unsigned long am, an, bm, bn;
        char ca, cb;

        /* "1.41" (a trailing ".0" patch level, as Podman's "1.41.0", is allowed) */
        if (sscanf(a, "%lu.%lu%c", &am, &an, &ca) < 2 || sscanf(b, "%lu.%lu%c", &bm, &bn, &cb) < 2)
                return false;
        *ret = am != bm ? (am < bm ? -1 : 1) : an != bn ? (an < bn ? -1 : 1) : 0;
        return true;
}

static bool bh_is_socket(const char *path, int *ret_errno)
{
        struct stat st;

        if (stat(path, &st) != 0) {
                *ret_errno = errno;
                return false;
        }
        *ret_errno = S_ISSOCK(st.st_mode) ? 0 : ENOTSOCK;
        return S_ISSOCK(st.st_mode);
}

/* Endpoint from --host / DOCKER_HOST / CONTAINER_HOST / defaults. */
static int bh_engine_endpoint(struct bh_engine_conn *c, const struct bh_engine_opts *o,
                              struct bh_error **err)
{
        const char *host = o->host;
        const char *from = "--host";
        int e;

        if (!host || !*host) {
                host = bh_env(o->env, "DOCKER_HOST");
                from = "DOCKER_HOST";
        }
        if (!host || !*host) {
                host = bh_env(o->env, "CONTAINER_HOST");
                from = "CONTAINER_HOST";
        }
        if (!host || !*host) {
                const char *xdg = bh_env(o->env, "XDG_RUNTIME_DIR");
                bh_autofree char *rootless =
                        xdg && *xdg ? bh_xasprintf("%s/podman/podman.sock", xdg) : NULL;
                const char *cand[] = {"/var/run/docker.sock", "/run/podman/podman.sock", rootless};

                for (size_t i = 0; i < BH_ELEMENTSOF(cand); i++) {
                        if (cand[i] && bh_is_socket(cand[i], &e)) {
                                c->socket = bh_xstrdup(cand[i]);
                                break;
                        }
                }
                if (!c->socket)
                        return bh_error_set(err, BH_ENOENT,
                                            "no engine socket found (tried /var/run/docker.sock, "
                                            "/run/podman/podman.sock%s%s); name one with --host "
                                            "unix:///path or DOCKER_HOST",
                                            rootless ? ", " : "", rootless ? rootless : "");
                c->display = bh_xasprintf("unix://%s", c->socket);
                c->base = bh_xstrdup("http://docker");
                return 0;
        }
        if (bh_str_startswith(host, "unix://")) {
                const char *p = host + 7;
                if (*p != '/')
                        return bh_error_set(err, BH_EUSAGE,
                                            "%s: '%s' is not an absolute unix socket path "
                                            "(unix:///path)",
                                            from, host);
                if (!bh_is_socket(p, &e))
                        return bh_error_set_errno(err, e == ENOENT ? BH_ENOENT : BH_EIO, e,
                                                  "engine socket %s (from %s)", p, from);
                c->socket = bh_xstrdup(p);
                c->display = bh_xstrdup(host);
                c->base = bh_xstrdup("http://docker");
                return 0;
        }
        if (bh_str_startswith(host, "tcp://")) {
                const char *hp = host + 6;
                const char *certdir = bh_env(o->env, "DOCKER_CERT_PATH");
                const char *verify = bh_env(o->env, "DOCKER_TLS_VERIFY");
                const char *home = bh_env(o->env, "HOME");
                bh_autofree char *dflt = NULL;

                if (!*hp || strpbrk(hp, "/?#@ "))
                        return bh_error_set(err, BH_EUSAGE, "%s: '%s' is not tcp://host:port", from,
                                            host);
                /* DOCKER_TLS_VERIFY=1: the client files in DOCKER_CERT_PATH (~/.docker) */
                if (verify && *verify && !o->tlscert) {
                        if (!certdir || !*certdir)
                                certdir = dflt = home ? bh_xasprintf("%s/.docker", home) : NULL;
                        if (certdir) {
                                c->cacert = bh_xasprintf("%s/ca.pem", certdir);
                                c->cert = bh_xasprintf("%s/cert.pem", certdir);
                                c->key = bh_xasprintf("%s/key.pem", certdir);
                        }
                }
                if (o->tlscacert) {
                        free(c->cacert);
                        c->cacert = bh_xstrdup(o->tlscacert);
                }
                if (o->tlscert) {
                        free(c->cert);
                        c->cert = bh_xstrdup(o->tlscert);
                }
                if (o->tlskey) {
                        free(c->key);
                        c->key = bh_xstrdup(o->tlskey);
                }
                if (!c->cacert || !c->cert || !c->key)
                        return bh_error_set(err, BH_EUSAGE,
                                            "%s: %s is plain TCP: bulkhead talks to an engine "
                                            "over TCP only with TLS client certificates "
                                            "(--tlscacert, --tlscert and --tlskey, or "
                                            "DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH)",
                                            from, host);
                c->display = bh_xstrdup(host);
                c->base = bh_xasprintf("https://%s", hp);
                return 0;
        }
        return bh_error_set(err, BH_EUSAGE,
                            "%s: '%s' is not supported (unix:///path, or tcp://host:port with "
                            "TLS client certificates)",
                            from, host);
}

struct bh_req {
        int (*sink)(void *ud, const void *buf, size_t n);
        void *ud;
        uint64_t got;
        bool over;    /* past BH_LIMIT_ENGINE_RESPONSE */
        bool stopped; /* the sink asked to stop */
        struct bh_engine_conn *c;
        bool ping; /* collect the negotiation headers */
        /* bh_engine_get_stream: its own size bound, and a stall timeout
         * instead of a total one (an image export takes minutes) */
        uint64_t max;
        bool stream;
};

static size_t bh_req_write(char *p, size_t size, size_t nmemb, void *ud)
{
        struct bh_req *r = ud;
        size_t n = size * nmemb;

        uint64_t max = r->max ? r->max : BH_LIMIT_ENGINE_RESPONSE;

        if (n > max - r->got) {
                r->over = true;
                return 0;
        }
        r->got += n;
        if (r->sink && r->sink(r->ud, p, n) != 0) {
                r->stopped = true;
                return 0;
        }
        return n;
}

/* "Name: value\r\n" -> value copied into buf when name matches. */
static void bh_header_take(const char *line, size_t n, const char *name, char *buf, size_t cap)
{
        size_t nl = strlen(name);

        if (n <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
                return;
        line += nl + 1;
        n -= nl + 1;
        while (n && (*line == ' ' || *line == '\t')) {
                line++;
                n--;
        }
        while (n && (line[n - 1] == '\r' || line[n - 1] == '\n' || line[n - 1] == ' '))
                n--;
        /* printable ASCII only: it ends up in messages */
        size_t o = 0;
        for (size_t i = 0; i < n && o + 1 < cap; i++)
                buf[o++] = line[i] >= 0x20 && line[i] < 0x7f ? line[i] : '?';
        buf[o] = '\0';
}

static size_t bh_req_header(char *p, size_t size, size_t nmemb, void *ud)
{
        struct bh_req *r = ud;
        size_t n = size * nmemb;

        if (r->ping) {
                bh_header_take(p, n, "Api-Version", r->c->api, sizeof(r->c->api));
                bh_header_take(p, n, "Libpod-Api-Version", r->c->libpod, sizeof(r->c->libpod));
                bh_header_take(p, n, "Server", r->c->server, sizeof(r->c->server));
        }
        return n;
}

/* The one place a request is made: always GET, no redirects. */
static int bh_engine_request(struct bh_engine_conn *c, const char *path, struct bh_req *r,
                             long *ret_status, struct bh_error **err)
{
        CURL *h = c->curl;
        char ebuf[CURL_ERROR_SIZE] = "";
        bh_autofree char *url = bh_xasprintf("%s%s", c->base, path);
        CURLcode cc;
        long status = 0, oserr = 0;

        curl_easy_reset(h);
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)BH_LIMIT_ENGINE_CONNECT_MS);
        if (r->stream) {
                curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
                curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, (long)(c->timeout_ms + 999) / 1000);
        } else {
                curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)c->timeout_ms);
        }
        curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                         (curl_off_t)(r->max ? r->max : BH_LIMIT_ENGINE_RESPONSE));
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, bh_req_write);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, bh_req_header);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
        curl_easy_setopt(h, CURLOPT_USERAGENT, "bulkhead");
        /* no proxy from the environment may see engine traffic */
        curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
        if (c->socket) {
                curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, c->socket);
        } else {
                curl_easy_setopt(h, CURLOPT_CAINFO, c->cacert);
                curl_easy_setopt(h, CURLOPT_SSLCERT, c->cert);
                curl_easy_setopt(h, CURLOPT_SSLKEY, c->key);
                curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
                curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
        }
        cc = curl_easy_perform(h);
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &oserr);
        if ((r->over || cc == CURLE_FILESIZE_EXCEEDED) && r->max)
                return bh_error_set(err, BH_ELIMIT, "GET %s: the answer is larger than %llu bytes",
                                    path, (unsigned long long)r->max);
        if (r->over || cc == CURLE_FILESIZE_EXCEEDED)
                return bh_error_set(err, BH_ELIMIT,
                                    "GET %s: the answer is larger than %u bytes "
                                    "(BH_LIMIT_ENGINE_RESPONSE)",
                                    path, BH_LIMIT_ENGINE_RESPONSE);
        if (r->stopped)
                return bh_error_set(err, BH_EIO, "GET %s: stopped by the reader", path);
        if (cc == CURLE_OPERATION_TIMEDOUT)
                return bh_error_set(err, BH_EIO, "GET %s: no complete answer within %u ms", path,
                                    c->timeout_ms);
        if (cc == CURLE_COULDNT_CONNECT && c->socket) {
                if (oserr == EACCES || oserr == EPERM)
                        return bh_error_set(err, BH_EIO,
                                            "permission denied on %s: bulkhead needs the "
                                            "access the engine's own clients have (that access "
                                            "is root-equivalent)",
                                            c->socket);
                if (oserr == ECONNREFUSED)
                        return bh_error_set(err, BH_EIO,
                                            "nothing listens on %s: is the engine running?",
                                            c->socket);
                if (oserr == ENOENT)
                        return bh_error_set(err, BH_ENOENT, "engine socket %s does not exist",
                                            c->socket);
        }
        if (cc != CURLE_OK)
                return bh_error_set(err, BH_EIO, "GET %s on %s: %s", path, c->display,
                                    *ebuf ? ebuf : curl_easy_strerror(cc));
        if (status >= 300 && status < 400)
                return bh_error_set(err, BH_EIO,
                                    "GET %s: the engine answered with a redirect (HTTP %ld), "
                                    "which bulkhead does not follow",
                                    path, status);
        *ret_status = status;
        return 0;
}

/* "/containers/json" -> "/v1.41/containers/json"; "/libpod/..." -> "/v4.3.1/libpod/..." */
static char *bh_engine_path(const struct bh_engine_conn *c, const char *path)
{
        if (bh_str_startswith(path, "/libpod/"))
                return bh_xasprintf("/v%s%s", c->libpod, path);
        return bh_xasprintf("/v%s%s", c->api, path);
}

int bh_engine_get(struct bh_engine_conn *c, const char *path,
                  int (*sink)(void *ud, const void *buf, size_t n), void *ud, long *ret_status,
                  struct bh_error **err)
{
        struct bh_req r = {.sink = sink, .ud = ud, .c = c};
        bh_autofree char *full = NULL;

        if (path[0] != '/' || (bh_str_startswith(path, "/libpod/") && !c->libpod[0]))
                return bh_error_set(err, BH_EINVAL, "GET %s: not an API path of this engine", path);
        full = bh_engine_path(c, path);
        return bh_engine_request(c, full, &r, ret_status, err);
}

int bh_engine_get_stream(struct bh_engine_conn *c, const char *path, uint64_t max,
                         int (*sink)(void *ud, const void *buf, size_t n), void *ud,
                         long *ret_status, struct bh_error **err)
{
        struct bh_req r = {.sink = sink, .ud = ud, .c = c, .max = max, .stream = true};
        bh_autofree char *full = NULL;

        if (path[0] != '/')
                return bh_error_set(err, BH_EINVAL, "GET %s: not an API path", path);
        full = bh_engine_path(c, path);
        return bh_engine_request(c, full, &r, ret_status, err);
}

static int bh_buf_sink(void *ud, const void *buf, size_t n)
{
        return bh_buf_add(ud, buf, n);
}

int bh_engine_get_buf(struct bh_engine_conn *c, const char *path, char **ret_body, size_t *ret_len,
                      long *ret_status, struct bh_error **err)
{
        struct bh_buf b;
        int r;

        bh_buf_init(&b, BH_LIMIT_ENGINE_RESPONSE + 1);
        r = bh_engine_get(c, path, bh_buf_sink, &b, ret_status, err);
        if (r < 0) {
                bh_buf_release(&b);
                return r;
        }
        *ret_body = bh_buf_detach(&b, ret_len);
        return 0;
}

static int bh_engine_ping(struct bh_engine_conn *c, struct bh_error **err)
{
        struct bh_req r = {.c = c, .ping = true};
        long status = 0;
        int cmp, rr;

        rr = bh_engine_request(c, "/_ping", &r, &status, err);
        if (rr < 0)
                return rr;
        if (status != 200)
                return bh_error_set(err, BH_EIO,
                                    "%s: GET /_ping answered HTTP %ld: not an engine API",
                                    c->display, status);
        c->kind = c->libpod[0] || bh_str_startswith_ci(c->server, "Libpod") ? BH_ENGINE_PODMAN
                                                                            : BH_ENGINE_DOCKER;
        if (!c->api[0]) {
                snprintf(c->warning, sizeof(c->warning),
                         "%s sent no Api-Version header on /_ping: using API %s", c->display,
                         BH_ENGINE_API_OLDEST);
                snprintf(c->api, sizeof(c->api), "%s", BH_ENGINE_API_OLDEST);
                return 0;
        }
        if (!bh_engine_api_cmp(c->api, BH_ENGINE_API_NEWEST, &cmp))
                return bh_error_set(err, BH_EIO, "%s: unreadable Api-Version '%s' on /_ping",
                                    c->display, c->api);
        if (cmp > 0) {
                snprintf(c->api, sizeof(c->api), "%s", BH_ENGINE_API_NEWEST);
                return 0;
        }
        bh_engine_api_cmp(c->api, BH_ENGINE_API_OLDEST, &cmp);
        if (cmp < 0)
                return bh_error_set(err, BH_EIO,
                                    "%s speaks engine API %s, older than %s, the oldest bulkhead "
                                    "reads: upgrade the engine",
                                    c->display, c->api, BH_ENGINE_API_OLDEST);
        /* Podman says "1.41.0": keep major.minor */
        char *dot = strchr(c->api, '.');
        dot = dot ? strchr(dot + 1, '.') : NULL;
        if (dot)
                *dot = '\0';
        return 0;
}

int bh_engine_connect(const struct bh_engine_opts *o, struct bh_engine_conn **ret,
                      struct bh_error **err)
{
        struct bh_engine_conn *c = bh_xcalloc(1, sizeof(*c));
        int r;

        c->timeout_ms = o->timeout_ms ? o->timeout_ms : BH_LIMIT_ENGINE_REQUEST_MS;
        r = bh_engine_endpoint(c, o, err);
        if (r < 0)
                goto fail;
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
                r = bh_error_set(err, BH_EIO, "libcurl could not be initialised");
                goto fail;
        }
        c->curl = curl_easy_init();
        if (!c->curl) {
                r = bh_error_set(err, BH_ENOMEM, "libcurl could not be initialised");
                goto fail;
        }
        r = bh_engine_ping(c, err);
        if (r < 0)
                goto fail;
        *ret = c;
        return 0;
fail:
        bh_engine_conn_free(c);
        return r;
}

void bh_engine_conn_free(struct bh_engine_conn *c)
{
        if (!c)
                return;
        if (c->curl) {
                curl_easy_cleanup(c->curl);
                curl_global_cleanup();
        }
        free(c->base);
        free(c->socket);
        free(c->display);
        free(c->cacert);
        free(c->cert);
        free(c->key);
        free(c);
}

enum bh_engine_kind bh_engine_conn_kind(const struct bh_engine_conn *c)
{
        return c->kind;
}

const char *bh_engine_conn_api(const struct bh_engine_conn *c)
{
        return c->api;
}

const char *bh_engine_conn_libpod(const struct bh_engine_conn *c)
{
        return c->libpod[0] ? c->libpod : NULL;
}

const char *bh_engine_conn_server(const struct bh_engine_conn *c)
{
        return c->server[0] ? c->server : NULL;
}

const char *bh_engine_conn_display(const struct bh_engine_conn *c)
{
        return c->display;
}

bool bh_engine_conn_is_unix(const struct bh_engine_conn *c)
{
        return c->socket != NULL;
}

const char *bh_engine_conn_warning(const struct bh_engine_conn *c)
{
        return c->warning[0] ? c->warning : NULL;
}
