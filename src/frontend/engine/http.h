/* The engine API transport: HTTP/1.1 GET over the engine's unix socket (or
 * TCP with TLS client certificates) through libcurl.  Read-only by
 * construction: one function performs requests and it only ever sends GET.
 * Shared by bulkhead engine and the image reader (GET /images/{name}/get).
 * Nothing here prints; failures are negative codes with a struct bh_error. */
#pragma once

#include "../../model/host.h"
#include "../../util/error.h"

/* The newest API version bulkhead reads fields of, and the oldest it
 * accepts (Docker's floor and Podman's minimum). */
#define BH_ENGINE_API_NEWEST "1.51"
#define BH_ENGINE_API_OLDEST "1.24"

struct bh_engine_opts {
        const char *host; /* --host: unix:///path or tcp://host:port; NULL: environment/defaults */
        const char *
                tlscacert; /* --tlscacert ... (NULL: DOCKER_CERT_PATH/ca.pem when DOCKER_TLS_VERIFY) */
        const char *tlscert;
        const char *tlskey;
        unsigned timeout_ms; /* one whole request; 0: BH_LIMIT_ENGINE_REQUEST_MS */
        /* The process environment (NAME=value, NULL-terminated) for
         * DOCKER_HOST, CONTAINER_HOST, XDG_RUNTIME_DIR, DOCKER_CERT_PATH,
         * DOCKER_TLS_VERIFY, HOME; NULL: none. */
        const char *const *env;
};

struct bh_engine_conn;

/* Decide the endpoint (--host, DOCKER_HOST, CONTAINER_HOST, then the first
 * existing default socket: /var/run/docker.sock, /run/podman/podman.sock,
 * $XDG_RUNTIME_DIR/podman/podman.sock), GET /_ping, negotiate the API
 * version (min(server Api-Version, BH_ENGINE_API_NEWEST); below
 * BH_ENGINE_API_OLDEST is refused) and tell Docker from Podman.
 * BH_ENOENT: no socket; BH_EUSAGE: a host bulkhead refuses (plain tcp://,
 * ssh://); BH_EIO: cannot connect, permission denied, engine down, not an
 * engine.  The message says which. */
int bh_engine_connect(const struct bh_engine_opts *o, struct bh_engine_conn **ret,
                      struct bh_error **err);
void bh_engine_conn_free(struct bh_engine_conn *c);

/* GET path (an API path such as "/containers/json?all=1"; "/libpod/..."
 * paths get the libpod version prefix, others the negotiated one), body
 * streamed to sink (return non-zero to stop).  *ret_status is the HTTP
 * status.  A redirect is refused (BH_EIO): bulkhead only reads the socket it
 * was given.  BH_ELIMIT when the body passes BH_LIMIT_ENGINE_RESPONSE;
 * BH_EIO on timeout or transport failure. */
int bh_engine_get(struct bh_engine_conn *c, const char *path,
                  int (*sink)(void *ud, const void *buf, size_t n), void *ud, long *ret_status,
                  struct bh_error **err);
/* bh_engine_get for a large streamed answer (an image export, GET
 * /images/{name}/get): at most max bytes (BH_ELIMIT past it), and instead
 * of the total timeout the transfer fails when it stalls for the
 * request timeout. */
int bh_engine_get_stream(struct bh_engine_conn *c, const char *path, uint64_t max,
                         int (*sink)(void *ud, const void *buf, size_t n), void *ud,
                         long *ret_status, struct bh_error **err);
/* The same into a NUL-terminated heap buffer (freed by the caller; also
 * filled for error statuses, whose body is {"message": ...}). */
int bh_engine_get_buf(struct bh_engine_conn *c, const char *path, char **ret_body, size_t *ret_len,
                      long *ret_status, struct bh_error **err);

enum bh_engine_kind bh_engine_conn_kind(const struct bh_engine_conn *c);
const char *bh_engine_conn_api(const struct bh_engine_conn *c);     /* "1.41" */
const char *bh_engine_conn_libpod(const struct bh_engine_conn *c);  /* "4.3.1" or NULL */
const char *bh_engine_conn_server(const struct bh_engine_conn *c);  /* Server header or NULL */
const char *bh_engine_conn_display(const struct bh_engine_conn *c); /* unix:///path */
bool bh_engine_conn_is_unix(const struct bh_engine_conn *c);
/* A warning the negotiation produced (no Api-Version header ...), or NULL. */
const char *bh_engine_conn_warning(const struct bh_engine_conn *c);

/* Compare "1.41"-style API versions; false when one does not parse. */
bool bh_engine_api_cmp(const char *a, const char *b, int *ret);
