/* Blob sources for bulkhead image: an uncompressed archive (docker save,
 * podman save, OCI archive) indexed once by its tar headers, every member
 * then read as a window over the file (a layer inside the archive is never
 * buffered); or an OCI layout directory.  Nothing is extracted or written. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "layer.h"

#include "../../util/bh-banned.h"

long bh_blob_read(struct bh_blob *b, void *buf, size_t n)
{
        ssize_t r;

        if (b->read)
                return b->read(b, buf, n);
        if (b->pos >= b->size)
                return 0;
        if (n > b->size - b->pos)
                n = (size_t)(b->size - b->pos);
        do
                r = pread(b->fd, buf, n, (off_t)(b->off + b->pos));
        while (r < 0 && errno == EINTR);
        if (r < 0)
                return BH_EIO;
        if (r == 0)
                return BH_EIO; /* the file is shorter than the window: truncated */
        b->pos += (uint64_t)r;
        return (long)r;
}

int bh_blob_read_all(struct bh_blob *b, size_t max, char **ret, size_t *ret_len, char *digest,
                     struct bh_error **err)
{
        struct bh_img_sha sha = {0};
        char *buf;
        size_t len = 0;
        long r;

        if (b->size > max)
                return bh_error_set(err, BH_ELIMIT, "%llu bytes, over the limit of %zu",
                                    (unsigned long long)b->size, max);
        buf = bh_xmalloc((size_t)b->size + 1);
        if (digest && bh_img_sha_init(&sha) < 0) {
                free(buf);
                return bh_error_set(err, BH_ENOMEM, "cannot start SHA-256");
        }
        while ((r = bh_blob_read(b, buf + len, (size_t)b->size - len)) > 0)
                len += (size_t)r;
        if (r < 0 || len != b->size) {
                bh_img_sha_free(&sha);
                free(buf);
                return bh_error_set(err, BH_EIO, "truncated: %zu of %llu bytes", len,
                                    (unsigned long long)b->size);
        }
        buf[len] = '\0';
        if (digest) {
                bh_img_sha_update(&sha, buf, len);
                bh_img_sha_final(&sha, digest);
        }
        *ret = buf;
        *ret_len = len;
        return 0;
}

/* ---- archives ---- */

struct bh_tar_member {
        char *name; /* clean */
        char *link; /* link target as written, or NULL */
        char type;  /* '0' file, '2' symlink, '1' hardlink, '5' dir ... */
        uint64_t off;
        uint64_t size;
        /* read from a stream: the content of a small JSON member, or the
         * recording of a layer */
        char *data;
        struct bh_img_rec *rec;
};

struct bh_tarsrc {
        struct bh_blobsrc base;
        int fd; /* -1: read from a stream */
        BH_VEC(struct bh_tar_member) m;
        uint64_t buffered; /* bytes of the JSON members kept from a stream */
};

static void bh_tar_member_free(struct bh_tar_member *m)
{
        free(m->name);
        free(m->link);
        free(m->data);
        if (m->rec) {
                bh_img_rec_release(m->rec);
                free(m->rec);
        }
}

static uint64_t bh_tar_num(const unsigned char *p, size_t n, bool *ok)
{
        uint64_t v = 0;

        if (p[0] & 0x80) { /* base-256 (GNU) */
                for (size_t i = 1; i < n; i++) {
                        if (v >> 55)
                                *ok = false;
                        v = (v << 8) | p[i];
                }
                return v;
        }
        size_t i = 0;
        while (i < n && p[i] == ' ')
                i++;
        for (; i < n && p[i] >= '0' && p[i] <= '7'; i++) {
                if (v >> 60)
                        *ok = false;
                v = (v << 3) | (uint64_t)(p[i] - '0');
        }
        if (i < n && p[i] != '\0' && p[i] != ' ')
                *ok = false;
        return v;
}

static bool bh_tar_checksum_ok(const unsigned char *h)
{
        bool ok = true;
        uint64_t want = bh_tar_num(h + 148, 8, &ok);
        uint64_t sum = 0;

        for (size_t i = 0; i < 512; i++)
                sum += (i >= 148 && i < 156) ? ' ' : h[i];
        return ok && sum == want;
}

static char *bh_tar_str(const unsigned char *p, size_t n)
{
        size_t l = 0;

        while (l < n && p[l])
                l++;
        return bh_xstrndup((const char *)p, l);
}

/* One PAX extended header: "len key=value\n" records; path, linkpath, size. */
static void bh_tar_pax(const char *d, size_t n, char **path, char **link, uint64_t *size,
                       bool *has_size)
{
        size_t i = 0;

        while (i < n) {
                uint64_t len = 0;
                size_t j = i;
                while (j < n && d[j] >= '0' && d[j] <= '9' && len < 1u << 30)
                        len = len * 10 + (uint64_t)(d[j++] - '0');
                if (j >= n || d[j] != ' ' || len == 0 || len > n - i)
                        return;
                const char *kv = d + j + 1, *end = d + i + len - 1; /* end at '\n' */
                const char *eq = memchr(kv, '=', (size_t)(end - kv));
                if (eq) {
                        size_t kl = (size_t)(eq - kv), vl = (size_t)(end - eq - 1);
                        if (kl == 4 && memcmp(kv, "path", 4) == 0) {
                                free(*path);
                                *path = bh_xstrndup(eq + 1, vl);
                        } else if (kl == 8 && memcmp(kv, "linkpath", 8) == 0) {
                                free(*link);
                                *link = bh_xstrndup(eq + 1, vl);
                        } else if (kl == 4 && memcmp(kv, "size", 4) == 0) {
                                char tmp[32];
                                uint64_t v;
                                if (vl < sizeof(tmp)) {
                                        memcpy(tmp, eq + 1, vl);
                                        tmp[vl] = '\0';
                                        if (bh_parse_u64(tmp, 0, UINT64_MAX, &v) == 0) {
                                                *size = v;
                                                *has_size = true;
                                        }
                                }
                        }
                }
                i += (size_t)len;
        }
}

static void bh_tarsrc_free(struct bh_blobsrc *s)
{
        struct bh_tarsrc *t = (struct bh_tarsrc *)s;

        if (!t)
                return;
        for (size_t i = 0; i < t->m.n; i++)
                bh_tar_member_free(&t->m.v[i]);
        free(t->m.v);
        if (t->fd >= 0)
                close(t->fd);
        free(t);
}

static const struct bh_tar_member *bh_tar_lookup(struct bh_tarsrc *t, const char *name)
{
        /* the last member of a name wins, as when extracting */
        for (size_t i = t->m.n; i-- > 0;)
                if (strcmp(t->m.v[i].name, name) == 0)
                        return &t->m.v[i];
        return NULL;
}

/* Follow symlinked and hardlinked members (docker save links a layer it has
 * already written), inside the archive only. */
static const struct bh_tar_member *bh_tar_resolve(struct bh_tarsrc *t, const char *name,
                                                  struct bh_error **err)
{
        char cur[BH_LIMIT_IMAGE_PATH], tmp[BH_LIMIT_IMAGE_PATH * 2 + 2];
        const struct bh_tar_member *m;

        if (bh_img_path_clean(name, cur, sizeof(cur)) <= 0) {
                bh_error_set(err, BH_EINVAL, "%s: not a path inside the archive", name);
                return NULL;
        }
        for (unsigned hop = 0;; hop++) {
                m = bh_tar_lookup(t, cur);
                if (!m) {
                        bh_error_set(err, BH_ENOENT, "%s: not in the archive", name);
                        return NULL;
                }
                if (m->type != '2' && m->type != '1')
                        return m;
                if (hop >= BH_LIMIT_IMAGE_LINK_HOPS) {
                        bh_error_set(err, BH_ELIMIT,
                                     "%s: more than %u links between archive members", name,
                                     BH_LIMIT_IMAGE_LINK_HOPS);
                        return NULL;
                }
                if (!m->link || m->link[0] == '/') {
                        bh_error_set(err, BH_EINVAL, "%s: a link out of the archive (%s)", name,
                                     m->link ? m->link : "");
                        return NULL;
                }
                if (m->type == '2') { /* relative to the link's directory */
                        const char *slash = strrchr(cur, '/');
                        int dl = slash ? (int)(slash - cur) : 0;
                        snprintf(tmp, sizeof(tmp), "%.*s%s%s", dl, cur, dl ? "/" : "", m->link);
                } else {
                        snprintf(tmp, sizeof(tmp), "%s", m->link);
                }
                /* resolve ".." lexically, never above the archive root */
                char norm[sizeof(tmp) + 2];
                bh_path_normalize_into(norm, tmp[0] == '/' ? tmp : tmp);
                const char *p = norm;
                if (bh_str_startswith(p, "../") || strcmp(p, "..") == 0 ||
                    bh_img_path_clean(p, cur, sizeof(cur)) <= 0) {
                        bh_error_set(err, BH_EINVAL, "%s: a link out of the archive (%s)", name,
                                     m->link);
                        return NULL;
                }
        }
}

static long bh_mem_read(struct bh_blob *b, void *buf, size_t n)
{
        if (b->pos >= b->size)
                return 0;
        if (n > b->size - b->pos)
                n = (size_t)(b->size - b->pos);
        memcpy(buf, (const char *)b->ctx + b->pos, n);
        b->pos += n;
        return (long)n;
}

static int bh_tarsrc_open_member(struct bh_blobsrc *s, const char *name, struct bh_blob *ret,
                                 struct bh_error **err)
{
        struct bh_tarsrc *t = (struct bh_tarsrc *)s;
        const struct bh_tar_member *m = bh_tar_resolve(t, name, err);

        if (!m)
                return (*err)->code;
        if (m->type != '0' && m->type != '\0' && m->type != '7')
                return bh_error_set(err, BH_EINVAL, "%s: not a regular file in the archive", name);
        if (t->fd < 0) {
                if (!m->data)
                        return bh_error_set(err, BH_EINVAL, "%s: not a JSON document", name);
                *ret = (struct bh_blob){
                        .fd = -1, .size = m->size, .ctx = m->data, .read = bh_mem_read};
                return 0;
        }
        *ret = (struct bh_blob){.fd = t->fd, .off = m->off, .size = m->size};
        return 0;
}

static struct bh_img_rec *bh_tarsrc_recorded(struct bh_blobsrc *s, const char *name,
                                             struct bh_error **err)
{
        const struct bh_tar_member *m = bh_tar_resolve((struct bh_tarsrc *)s, name, err);

        if (m && !m->rec)
                bh_error_set(err, BH_EINVAL, "%s: not a layer (no tar in it)", name);
        return m ? m->rec : NULL;
}

static bool bh_tarsrc_exists(struct bh_blobsrc *s, const char *name)
{
        return bh_tar_lookup((struct bh_tarsrc *)s, name) != NULL;
}

static bool bh_pread_full(int fd, void *buf, size_t n, uint64_t off)
{
        size_t done = 0;

        while (done < n) {
                ssize_t r = pread(fd, (char *)buf + done, n - done, (off_t)(off + done));
                if (r < 0 && errno == EINTR)
                        continue;
                if (r <= 0)
                        return false;
                done += (size_t)r;
        }
        return true;
}

/* Index every member; a problem is a diagnostic and an empty index. */
static void bh_tarsrc_index(struct bh_doc *doc, struct bh_tarsrc *t, uint64_t fsize)
{
        unsigned char h[512];
        uint64_t off = 0;
        char *lname = NULL, *llink = NULL;
        uint64_t psize = 0;
        bool has_psize = false;
        struct bh_loc loc = {0};

        for (;;) {
                if (off + 512 > fsize) {
                        bh_doc_add_diag(doc, 9001, loc,
                                        "archive truncated: no end-of-archive marker after "
                                        "%zu members",
                                        t->m.n);
                        goto fail;
                }
                if (!bh_pread_full(t->fd, h, 512, off)) {
                        bh_doc_add_diag(doc, 9004, loc, "cannot read the archive at %llu",
                                        (unsigned long long)off);
                        goto fail;
                }
                bool zero = true;
                for (size_t i = 0; i < 512 && zero; i++)
                        zero = h[i] == 0;
                if (zero)
                        break;
                if (!bh_tar_checksum_ok(h)) {
                        bh_doc_add_diag(doc, 9001, loc,
                                        "not a tar archive, or a corrupt header at byte %llu",
                                        (unsigned long long)off);
                        goto fail;
                }
                bool ok = true;
                uint64_t size = bh_tar_num(h + 124, 12, &ok);
                char type = (char)h[156];
                if (has_psize)
                        size = psize;
                uint64_t data = off + 512, next = data + ((size + 511) & ~(uint64_t)511);
                if (!ok || next < data || data + size > fsize) {
                        bh_doc_add_diag(doc, 9001, loc,
                                        "archive truncated: member at byte %llu needs %llu bytes",
                                        (unsigned long long)off, (unsigned long long)size);
                        goto fail;
                }
                if (type == 'L' || type == 'K' || type == 'x') {
                        if (size > BH_LIMIT_IMAGE_PATH * 4) {
                                bh_doc_add_diag(doc, 9003, loc,
                                                "archive member header of %llu bytes, over "
                                                "the limit",
                                                (unsigned long long)size);
                                goto fail;
                        }
                        char *d = bh_xmalloc((size_t)size + 1);
                        if (!bh_pread_full(t->fd, d, (size_t)size, data)) {
                                free(d);
                                goto fail;
                        }
                        d[size] = '\0';
                        if (type == 'x') {
                                bh_tar_pax(d, (size_t)size, &lname, &llink, &psize, &has_psize);
                                free(d);
                        } else if (type == 'L') {
                                free(lname);
                                lname = d;
                        } else {
                                free(llink);
                                llink = d;
                        }
                        off = next;
                        continue;
                }
                if (type == 'g') {
                        off = next;
                        continue;
                }
                if (t->m.n >= BH_LIMIT_IMAGE_ARCHIVE_MEMBERS) {
                        bh_doc_add_diag(doc, 9003, loc, "archive has more than %u members",
                                        BH_LIMIT_IMAGE_ARCHIVE_MEMBERS);
                        goto fail;
                }
                char *name = lname;
                lname = NULL;
                if (!name) {
                        char *n = bh_tar_str(h, 100), *pre = bh_tar_str(h + 345, 155);
                        bool ustar = memcmp(h + 257, "ustar", 5) == 0;
                        name = ustar && *pre ? bh_xasprintf("%s/%s", pre, n) : bh_xstrdup(n);
                        free(n);
                        free(pre);
                }
                char *link = llink                          ? llink
                             : (type == '1' || type == '2') ? bh_tar_str(h + 157, 100)
                                                            : NULL;
                llink = NULL;
                char clean[BH_LIMIT_IMAGE_PATH];
                long cl = bh_img_path_clean(name, clean, sizeof(clean));
                free(name);
                if (cl > 0) {
                        struct bh_tar_member *m = BH_VEC_NEW(&t->m);
                        m->name = bh_xstrdup(clean);
                        m->link = link;
                        m->type = type;
                        m->off = data;
                        m->size = size;
                } else {
                        free(link);
                }
                has_psize = false;
                off = next;
        }
        free(lname);
        free(llink);
        return;
fail:
        free(lname);
        free(llink);
        for (size_t i = 0; i < t->m.n; i++)
                bh_tar_member_free(&t->m.v[i]);
        t->m.n = 0;
}

/* ---- OCI layout directories ---- */

struct bh_dirsrc {
        struct bh_blobsrc base;
        int dfd;
        BH_VEC(int) fds; /* opened blobs, closed with the source */
};

static int bh_dirsrc_openfd(struct bh_dirsrc *d, const char *name, struct stat *st)
{
        char clean[BH_LIMIT_IMAGE_PATH];
        int fd;

        if (bh_img_path_clean(name, clean, sizeof(clean)) <= 0)
                return BH_EINVAL;
        /* no link leads out of the layout: blobs are regular files in it */
        fd = openat(d->dfd, clean, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0)
                return errno == ENOENT ? BH_ENOENT : BH_EIO;
        if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
                close(fd);
                return BH_EINVAL;
        }
        return fd;
}

static int bh_dirsrc_open(struct bh_blobsrc *s, const char *name, struct bh_blob *ret,
                          struct bh_error **err)
{
        struct bh_dirsrc *d = (struct bh_dirsrc *)s;
        struct stat st;
        int fd = bh_dirsrc_openfd(d, name, &st);

        if (fd == BH_ENOENT)
                return bh_error_set(err, BH_ENOENT, "%s: not in the layout", name);
        if (fd < 0)
                return bh_error_set(err, fd, "%s: not a regular file in the layout", name);
        BH_VEC_PUSH(&d->fds, fd);
        *ret = (struct bh_blob){.fd = fd, .off = 0, .size = (uint64_t)st.st_size};
        return 0;
}

static bool bh_dirsrc_exists(struct bh_blobsrc *s, const char *name)
{
        struct stat st;
        int fd = bh_dirsrc_openfd((struct bh_dirsrc *)s, name, &st);

        if (fd < 0)
                return false;
        close(fd);
        return true;
}

static void bh_dirsrc_free(struct bh_blobsrc *s)
{
        struct bh_dirsrc *d = (struct bh_dirsrc *)s;

        if (!d)
                return;
        for (size_t i = 0; i < d->fds.n; i++)
                close(d->fds.v[i]);
        free(d->fds.v);
        close(d->dfd);
        free(d);
}

int bh_blobsrc_open(struct bh_doc *doc, const char *path, struct bh_blobsrc **ret,
                    struct bh_error **err)
{
        struct stat st;
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        unsigned char magic[4] = {0};
        struct bh_loc loc = {0};

        *ret = NULL;
        if (fd < 0)
                return bh_error_set_errno(err, BH_EIO, errno, "%s: %s", path, strerror(errno));
        if (fstat(fd, &st) < 0) {
                int e = errno;
                close(fd);
                return bh_error_set_errno(err, BH_EIO, e, "%s: %s", path, strerror(e));
        }
        if (S_ISDIR(st.st_mode)) {
                struct bh_dirsrc *d = bh_xcalloc(1, sizeof(*d));
                d->base = (struct bh_blobsrc){"directory", bh_dirsrc_open, bh_dirsrc_exists,
                                              bh_dirsrc_free, NULL};
                d->dfd = fd;
                *ret = &d->base;
                return 0;
        }
        if (!S_ISREG(st.st_mode)) {
                close(fd);
                return bh_error_set(err, BH_EINVAL, "%s: not a file or a directory", path);
        }
        if (bh_pread_full(fd, magic, sizeof(magic), 0) &&
            ((magic[0] == 0x1f && magic[1] == 0x8b) ||
             (magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd))) {
                close(fd);
                bh_doc_add_diag(doc, 9017, loc,
                                "compressed image archive: decompress it first (docker save "
                                "output piped through gzip or zstd); members of a compressed "
                                "archive cannot be read in place");
                return 0;
        }
        struct bh_tarsrc *t = bh_xcalloc(1, sizeof(*t));
        t->base = (struct bh_blobsrc){"archive", bh_tarsrc_open_member, bh_tarsrc_exists,
                                      bh_tarsrc_free, NULL};
        t->fd = fd;
        size_t before = doc->diags.n;
        bh_tarsrc_index(doc, t, (uint64_t)st.st_size);
        if (doc->diags.n > before) {
                bh_tarsrc_free(&t->base);
                return 0;
        }
        *ret = &t->base;
        return 0;
}

/* ---- an archive read from a stream, in one pass ---- */

/* The rest of one member: first the bytes already peeked, then the stream
 * up to the member's end. */
struct bh_chain {
        struct bh_blob *in;
        const unsigned char *head;
        size_t hlen;
        uint64_t left; /* bytes of the member still in the stream */
};

static long bh_chain_read(struct bh_blob *b, void *buf, size_t n)
{
        struct bh_chain *ch = b->ctx;
        long r;

        if (b->pos < ch->hlen) {
                size_t k = BH_MIN(n, ch->hlen - (size_t)b->pos);
                memcpy(buf, ch->head + b->pos, k);
                b->pos += k;
                return (long)k;
        }
        if (!ch->left)
                return 0;
        r = bh_blob_read(ch->in, buf, (size_t)BH_MIN((uint64_t)n, ch->left));
        if (r > 0) {
                ch->left -= (uint64_t)r;
                b->pos += (uint64_t)r;
        } else if (r == 0) {
                return BH_EIO; /* the stream ended inside the member */
        }
        return r;
}

/* Read exactly n bytes of the stream (false at its end or on an error). */
static bool bh_stream_full(struct bh_blob *in, void *buf, size_t n)
{
        size_t done = 0;

        while (done < n) {
                long r = bh_blob_read(in, (char *)buf + done, n - done);
                if (r <= 0)
                        return false;
                done += (size_t)r;
        }
        return true;
}

static bool bh_stream_skip(struct bh_blob *in, uint64_t n)
{
        char buf[16384];

        while (n) {
                long r = bh_blob_read(in, buf, (size_t)BH_MIN(n, (uint64_t)sizeof(buf)));
                if (r <= 0)
                        return false;
                n -= (uint64_t)r;
        }
        return true;
}

/* One regular member of size bytes: kept (JSON), recorded (a tar), or
 * skipped.  False when the stream broke. */
static bool bh_stream_member(struct bh_doc *doc, struct bh_image *img, struct bh_tarsrc *t,
                             struct bh_tar_member *m, struct bh_blob *in, bool *stop)
{
        unsigned char head[512];
        size_t hlen = (size_t)BH_MIN(m->size, (uint64_t)sizeof(head));
        struct bh_loc loc = {0};
        size_t i = 0;

        if (!bh_stream_full(in, head, hlen))
                return false;
        while (i < hlen &&
               (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
                i++;
        if (i < hlen && (head[i] == '{' || head[i] == '[') && m->size <= BH_LIMIT_IMAGE_JSON) {
                if (t->buffered + m->size > BH_LIMIT_IMAGE_STREAM_JSON) {
                        bh_doc_add_diag(doc, 9003, loc,
                                        "the image stream holds more than %u bytes of JSON "
                                        "documents",
                                        BH_LIMIT_IMAGE_STREAM_JSON);
                        *stop = true;
                        return bh_stream_skip(in, m->size - hlen);
                }
                t->buffered += m->size;
                m->data = bh_xmalloc((size_t)m->size + 1);
                memcpy(m->data, head, hlen);
                m->data[m->size] = '\0';
                return bh_stream_full(in, m->data + hlen, (size_t)(m->size - hlen));
        }
        bool tar = hlen == sizeof(head) && memcmp(head + 257, "ustar", 5) == 0;
        bool gz = hlen >= 2 && head[0] == 0x1f && head[1] == 0x8b;
        bool zst = hlen >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f &&
                   head[3] == 0xfd;
        if (!tar && !gz && !zst)
                return bh_stream_skip(in, m->size - hlen);
        struct bh_chain ch = {.in = in, .head = head, .hlen = hlen, .left = m->size - hlen};
        struct bh_blob b = {.fd = -1, .size = m->size, .read = bh_chain_read, .ctx = &ch};
        m->rec = bh_xcalloc(1, sizeof(*m->rec));
        m->rec->layer.digest = bh_arena_strdup(&doc->arena, m->name);
        struct bh_img_layer_ctx lc = {
                .doc = doc, .img = img, .layer = &m->rec->layer, .rec = m->rec, .loc = loc};
        bh_img_layer_read(&lc, &b, NULL, false);
        memcpy(m->rec->digest, lc.digest, sizeof(m->rec->digest));
        if (lc.stop)
                *stop = true;
        return bh_stream_skip(in, ch.left);
}

void bh_blobsrc_stream(struct bh_doc *doc, struct bh_image *img, struct bh_blob *in,
                       struct bh_blobsrc **ret)
{
        unsigned char h[512];
        struct bh_tarsrc *t = bh_xcalloc(1, sizeof(*t));
        char *lname = NULL, *llink = NULL;
        uint64_t psize = 0;
        bool has_psize = false, stop = false;
        struct bh_loc loc = {0};

        t->base = (struct bh_blobsrc){"stream", bh_tarsrc_open_member, bh_tarsrc_exists,
                                      bh_tarsrc_free, bh_tarsrc_recorded};
        t->fd = -1;
        *ret = NULL;
        for (;;) {
                if (!bh_stream_full(in, h, 512)) {
                        bh_doc_add_diag(doc, 9001, loc,
                                        "image stream truncated: no end-of-archive marker after "
                                        "%zu members",
                                        t->m.n);
                        goto fail;
                }
                bool zero = true;
                for (size_t i = 0; i < 512 && zero; i++)
                        zero = h[i] == 0;
                if (zero)
                        break;
                if (!bh_tar_checksum_ok(h)) {
                        bh_doc_add_diag(doc, 9001, loc, "the image stream is not a tar archive");
                        goto fail;
                }
                bool ok = true;
                uint64_t size = has_psize ? psize : bh_tar_num(h + 124, 12, &ok);
                char type = (char)h[156];
                uint64_t pad = ((size + 511) & ~(uint64_t)511) - size;
                if (!ok) {
                        bh_doc_add_diag(doc, 9001, loc, "corrupt member size in the image stream");
                        goto fail;
                }
                if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
                        if (size > BH_LIMIT_IMAGE_PATH * 4) {
                                bh_doc_add_diag(doc, 9003, loc,
                                                "archive member header of %llu bytes, over "
                                                "the limit",
                                                (unsigned long long)size);
                                goto fail;
                        }
                        char *d = bh_xmalloc((size_t)size + 1);
                        if (!bh_stream_full(in, d, (size_t)size) || !bh_stream_skip(in, pad)) {
                                free(d);
                                bh_doc_add_diag(doc, 9001, loc, "image stream truncated");
                                goto fail;
                        }
                        d[size] = '\0';
                        if (type == 'x') {
                                bh_tar_pax(d, (size_t)size, &lname, &llink, &psize, &has_psize);
                                free(d);
                        } else if (type == 'L') {
                                free(lname);
                                lname = d;
                        } else if (type == 'K') {
                                free(llink);
                                llink = d;
                        } else {
                                free(d);
                        }
                        continue;
                }
                if (t->m.n >= BH_LIMIT_IMAGE_ARCHIVE_MEMBERS) {
                        bh_doc_add_diag(doc, 9003, loc, "archive has more than %u members",
                                        BH_LIMIT_IMAGE_ARCHIVE_MEMBERS);
                        goto fail;
                }
                bool ext_name = lname != NULL;
                char *name = lname ? lname : bh_tar_str(h, 100);
                lname = NULL;
                if (!ext_name && !memcmp(h + 257, "ustar", 5) && h[345]) {
                        char *pre = bh_tar_str(h + 345, 155);
                        char *full = bh_xasprintf("%s/%s", pre, name);
                        free(pre);
                        free(name);
                        name = full;
                }
                char *link = llink                          ? llink
                             : (type == '1' || type == '2') ? bh_tar_str(h + 157, 100)
                                                            : NULL;
                llink = NULL;
                has_psize = false;
                char clean[BH_LIMIT_IMAGE_PATH];
                long cl = bh_img_path_clean(name, clean, sizeof(clean));
                free(name);
                if (cl <= 0) {
                        free(link);
                        if (!bh_stream_skip(in, size + pad))
                                goto trunc;
                        continue;
                }
                struct bh_tar_member *m = BH_VEC_NEW(&t->m);
                m->name = bh_xstrdup(clean);
                m->link = link;
                m->type = type;
                m->size = size;
                bool reg = type == '0' || type == '\0' || type == '7';
                if (reg && !stop) {
                        if (!bh_stream_member(doc, img, t, m, in, &stop))
                                goto trunc;
                } else if (!bh_stream_skip(in, size)) {
                        goto trunc;
                }
                if (!bh_stream_skip(in, pad))
                        goto trunc;
        }
        free(lname);
        free(llink);
        *ret = &t->base;
        return;
trunc:
        bh_doc_add_diag(doc, 9001, loc, "image stream truncated inside member %zu", t->m.n);
fail:
        free(lname);
        free(llink);
        bh_tarsrc_free(&t->base);
}
