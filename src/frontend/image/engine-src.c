/* bulkhead image --engine: an image exported by the engine (GET
 * /images/{name}/get, read-only) and read as it streams: libcurl pushes the
 * body from a thread into a socket pair, the one-pass archive reader pulls
 * it.  Nothing is written to disk. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../util/limits.h"
#include "../engine/http.h"
#include "image-int.h"

#include "../../util/bh-banned.h"

struct bh_export {
        struct bh_engine_conn *conn;
        const char *path;
        int fd; /* write end */
        long status;
        int r;
        struct bh_error *err;
};

static int bh_export_sink(void *ud, const void *buf, size_t n)
{
        struct bh_export *x = ud;
        const char *p = buf;

        while (n) {
                ssize_t w = send(x->fd, p, n, MSG_NOSIGNAL);
                if (w < 0 && errno == EINTR)
                        continue;
                if (w <= 0)
                        return 1; /* the reader stopped: stop the transfer */
                p += w;
                n -= (size_t)w;
        }
        return 0;
}

static void *bh_export_thread(void *ud)
{
        struct bh_export *x = ud;

        x->r = bh_engine_get_stream(x->conn, x->path, BH_LIMIT_IMAGE_UNPACKED, bh_export_sink, x,
                                    &x->status, &x->err);
        close(x->fd);
        return NULL;
}

static long bh_sock_read(struct bh_blob *b, void *buf, size_t n)
{
        ssize_t r;

        do
                r = recv(b->fd, buf, n, 0);
        while (r < 0 && errno == EINTR);
        if (r < 0)
                return BH_EIO;
        b->pos += (uint64_t)r;
        return (long)r;
}

/* "/images/<name>/get" with the name percent-encoded ('/' included). */
static char *bh_export_path(const char *name)
{
        static const char hex[] = "0123456789ABCDEF";
        size_t n = strlen(name);
        char *out = bh_xmalloc(n * 3 + 16), *o = out;

        memcpy(o, "/images/", 8);
        o += 8;
        for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
                if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || strchr("-._~:@", *p)) {
                        *o++ = (char)*p;
                } else {
                        *o++ = '%';
                        *o++ = hex[*p >> 4];
                        *o++ = hex[*p & 15];
                }
        }
        memcpy(o, "/get", 5);
        return out;
}

int bh_frontend_image_engine(struct bh_doc *doc, struct bh_engine_conn *conn, const char *name,
                             const struct bh_image_opts *o, struct bh_error **err)
{
        struct bh_export x = {.conn = conn};
        struct bh_blob in = {.read = bh_sock_read, .size = UINT64_MAX};
        int sv[2], r;
        pthread_t th;
        size_t before = doc->diags.n;
        bh_autofree char *path = bh_export_path(name);

        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
                return bh_error_set_errno(err, BH_EIO, errno, "socketpair: %s", strerror(errno));
        x.fd = sv[1];
        x.path = path;
        in.fd = sv[0];
        if (pthread_create(&th, NULL, bh_export_thread, &x) != 0) {
                close(sv[0]);
                close(sv[1]);
                return bh_error_set(err, BH_EIO, "cannot start the export reader");
        }
        r = bh_frontend_image_stream(doc, o, &in, err);
        if (r >= 0) {
                /* The archive ended before the body did (tar end blocks and
                 * record padding follow): read the rest so that the transfer
                 * completes, instead of failing it on a closed socket when
                 * the reader happens to finish first.  The transfer itself is
                 * bounded (BH_LIMIT_IMAGE_UNPACKED, the stall timeout). */
                char rest[16384];
                ssize_t n;
                do
                        n = recv(sv[0], rest, sizeof(rest), 0);
                while (n > 0 || (n < 0 && errno == EINTR));
        }
        /* unblock the transfer if the reader stopped early, then wait */
        shutdown(sv[0], SHUT_RDWR);
        pthread_join(th, NULL);
        close(sv[0]);
        if (x.r < 0 || (x.status && x.status != 200)) {
                /* what was read was an error body, not an image */
                doc->diags.n = before;
                r = x.r < 0 ? x.r : x.status == 404 ? BH_ENOENT : BH_EIO;
                if (x.r < 0)
                        bh_error_set(err, r, "%s", x.err ? x.err->msg : "export failed");
                else
                        bh_error_set(err, r, "the engine has no image %s (HTTP %ld)", name,
                                     x.status);
        }
        bh_error_free(x.err);
        return r;
}
