/* One layer, streamed once through libarchive (plain, gzip or zstd tar; the
 * compression is recognised from the magic bytes), hashed as it streams,
 * applied to the merged view.  Nothing is extracted: entries are metadata,
 * and only the files a check needs are read, each with a size limit. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "layer.h"

#include "../../util/bh-banned.h"

#define BH_IMG_READ_CHUNK (256u * 1024u)

struct bh_img_lread {
        struct bh_blob *blob;
        struct bh_img_sha sha;
        char *buf;
        bool ioerr;
};

static la_ssize_t bh_img_lread_cb(struct archive *a, void *ud, const void **out)
{
        struct bh_img_lread *r = ud;
        long n = bh_blob_read(r->blob, r->buf, BH_IMG_READ_CHUNK);

        (void)a;
        if (n < 0) {
                r->ioerr = true;
                archive_set_error(a, EIO, "blob truncated or unreadable");
                return -1;
        }
        bh_img_sha_update(&r->sha, r->buf, (size_t)n);
        *out = r->buf;
        return n;
}

static const char *bh_img_compression(struct archive *a)
{
        switch (archive_filter_code(a, 0)) {
        case ARCHIVE_FILTER_NONE:
                return "none";
        case ARCHIVE_FILTER_GZIP:
                return "gzip";
        case ARCHIVE_FILTER_ZSTD:
                return "zstd";
        default:
                return "other";
        }
}

/* Read the data of the current entry: up to max bytes into a heap buffer. */
static char *bh_img_read_data(struct archive *a, uint64_t size, size_t max, size_t *ret_len,
                              bool *ret_trunc)
{
        size_t want = size > max ? max : (size_t)size, len = 0;
        char *buf = bh_xmalloc(want + 1);

        while (len < want) {
                la_ssize_t n = archive_read_data(a, buf + len, want - len);
                if (n <= 0)
                        break;
                len += (size_t)n;
        }
        buf[len] = '\0';
        *ret_len = len;
        *ret_trunc = size > max;
        return buf;
}

static void bh_img_layer_diag(struct bh_img_layer_ctx *c, unsigned rule, const char *fmt, ...)
        BH_PRINTF(3, 4);
static void bh_img_layer_diag(struct bh_img_layer_ctx *c, unsigned rule, const char *fmt, ...)
{
        va_list ap;
        char msg[1024];

        va_start(ap, fmt);
        bh_vformat(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        bh_doc_add_diag(c->doc, rule, c->loc, "layer %u (%s): %s", c->index + 1,
                        c->layer->digest ? c->layer->digest : "?", msg);
}

/* One entry: false to stop reading the image (a limit). */
static bool bh_img_entry(struct bh_img_layer_ctx *c, struct archive *a, struct archive_entry *ent)
{
        const char *raw = archive_entry_pathname(ent);
        char clean[BH_LIMIT_IMAGE_PATH + 2];
        struct bh_image_file f = {0};
        long cl;

        if (++c->img->entries > BH_LIMIT_IMAGE_ENTRIES) {
                bh_img_layer_diag(c, 9003,
                                  "more than %u entries in the image's layers: the "
                                  "rest is not read",
                                  BH_LIMIT_IMAGE_ENTRIES);
                return false;
        }
        c->layer->entries++;
        if (!raw) {
                bh_img_layer_diag(c, 9002, "an entry without a path");
                return true;
        }
        if (strlen(raw) > BH_LIMIT_IMAGE_PATH) {
                bh_img_layer_diag(c, 9003,
                                  "a path of %zu bytes, over the limit of %u: entry "
                                  "not applied",
                                  strlen(raw), BH_LIMIT_IMAGE_PATH);
                return true;
        }
        int64_t sz = archive_entry_size(ent);
        uint64_t size = sz > 0 ? (uint64_t)sz : 0;
        if (size > BH_LIMIT_IMAGE_UNPACKED - BH_MIN(c->img->unpacked, BH_LIMIT_IMAGE_UNPACKED)) {
                bh_img_layer_diag(c, 9003,
                                  "%s would make the layers decompress to more than %llu bytes "
                                  "(a decompression bomb?): the rest is not read",
                                  raw, (unsigned long long)BH_LIMIT_IMAGE_UNPACKED);
                return false;
        }
        c->img->unpacked += size + 512;
        cl = bh_img_path_clean(raw, clean, sizeof(clean));
        if (cl < 0) {
                bh_img_layer_diag(c, 9015,
                                  "entry path %s has a '..' component: not applied, "
                                  "never resolved",
                                  raw);
                return true;
        }
        if (cl == 0)
                return true; /* the root directory itself */
        f.path = bh_arena_strndup(&c->doc->arena, clean, (size_t)cl);
        f.mode = (uint32_t)archive_entry_mode(ent);
        f.uid = (uint32_t)archive_entry_uid(ent);
        f.gid = (uint32_t)archive_entry_gid(ent);
        f.size = size;
        f.layer = c->index;
        const char *hl = archive_entry_hardlink(ent), *sl = archive_entry_symlink(ent);
        if (hl) {
                char t[BH_LIMIT_IMAGE_PATH + 2];
                long tl = bh_img_path_clean(hl, t, sizeof(t));
                if (tl <= 0) {
                        bh_img_layer_diag(c, 9015,
                                          "hardlink %s -> %s leads out of the image "
                                          "root: not applied",
                                          raw, hl);
                        return true;
                }
                f.link = bh_arena_strndup(&c->doc->arena, t, (size_t)tl);
                f.hardlink = true;
                f.mode = (f.mode & 07777u) | S_IFREG;
        } else if (sl) {
                if (bh_img_link_escapes(f.path, sl))
                        bh_img_layer_diag(c, 9015,
                                          "symlink %s -> %s leads out of the image "
                                          "root: never followed",
                                          raw, sl);
                f.link = bh_arena_strdup(&c->doc->arena, sl);
        }
        struct bh_img_entry *x;
        if (c->rec) {
                x = BH_VEC_NEW(&c->rec->e);
                x->f = f;
                x->live = true;
        } else {
                x = bh_img_merge_add(c->merge, &f);
        }
        if (!x || !S_ISREG(f.mode) || f.hardlink)
                return true;
        switch (bh_img_wanted(f.path, size)) {
        case BH_IMG_WANT_CONTENT:
                x->data =
                        bh_img_read_data(a, size, BH_LIMIT_IMAGE_FILE_READ, &x->len, &x->truncated);
                break;
        case BH_IMG_WANT_PKGDB:
                x->data = bh_img_read_data(a, size, BH_LIMIT_IMAGE_PKGDB, &x->len, &x->truncated);
                break;
        case BH_IMG_WANT_SNIFF: {
                char head[256];
                la_ssize_t n = archive_read_data(a, head, sizeof(head));
                bool enc = false;
                x->f.private_key = n > 0 && bh_img_key_header(head, (size_t)n, &enc);
                x->f.key_encrypted = enc;
                if (x->f.private_key) /* keep it: the secret is reported with its line */
                        x->data = bh_img_read_data(a, size, BH_LIMIT_IMAGE_FILE_READ, &x->len,
                                                   &x->truncated);
                if (x->data && (size_t)n <= BH_LIMIT_IMAGE_FILE_READ) {
                        /* put the head back in front */
                        char *all = bh_xmalloc((size_t)n + x->len + 1);
                        memcpy(all, head, (size_t)n);
                        memcpy(all + n, x->data, x->len + 1);
                        free(x->data);
                        x->data = all;
                        x->len += (size_t)n;
                }
                break;
        }
        case BH_IMG_WANT_NONE:
        default:
                break;
        }
        return true;
}

int bh_img_layer_read(struct bh_img_layer_ctx *c, struct bh_blob *b, const char *expect,
                      bool expect_if_plain)
{
        struct bh_img_lread r = {.blob = b};
        struct archive *a = archive_read_new();
        struct archive_entry *ent;
        bool go_on = true, complete = false;
        char digest[80] = "";
        int ret;

        if (!a)
                return BH_ENOMEM;
        if (bh_img_sha_init(&r.sha) < 0) {
                archive_read_free(a);
                return BH_ENOMEM;
        }
        r.buf = bh_xmalloc(BH_IMG_READ_CHUNK);
        archive_read_support_format_tar(a);
        archive_read_support_filter_gzip(a);
        /* ARCHIVE_WARN would mean an external zstd program: never run one */
        if (archive_read_support_filter_zstd(a) != ARCHIVE_OK) {
                archive_read_free(a);
                a = archive_read_new();
                archive_read_support_format_tar(a);
                archive_read_support_filter_gzip(a);
        }
        if (!c->rec)
                bh_img_merge_begin_layer(c->merge, c->index);
        ret = archive_read_open2(a, &r, NULL, bh_img_lread_cb, NULL, NULL);
        if (ret != ARCHIVE_OK) {
                bh_img_layer_diag(c, r.ioerr ? 9004 : 9001, "not a tar layer: %s",
                                  archive_error_string(a) ? archive_error_string(a) : "?");
                go_on = false;
        }
        while (go_on) {
                ret = archive_read_next_header(a, &ent);
                if (ret == ARCHIVE_EOF) {
                        complete = true;
                        break;
                }
                if (ret < ARCHIVE_WARN) {
                        bh_img_layer_diag(c, r.ioerr ? 9004 : 9001, "corrupt or truncated: %s",
                                          archive_error_string(a) ? archive_error_string(a) : "?");
                        break;
                }
                if (!bh_img_entry(c, a, ent)) {
                        c->stop = true;
                        break;
                }
        }
        c->layer->compression = bh_img_compression(a);
        if (complete) {
                /* what libarchive did not need (end blocks, padding) counts too */
                long n;
                while ((n = bh_blob_read(b, r.buf, BH_IMG_READ_CHUNK)) > 0)
                        bh_img_sha_update(&r.sha, r.buf, (size_t)n);
                if (n < 0) {
                        bh_img_layer_diag(c, 9004, "blob truncated or unreadable");
                        complete = false;
                }
        }
        c->layer->size = b->pos;
        bh_img_sha_final(&r.sha, digest);
        if (complete && expect &&
            (!expect_if_plain || strcmp(c->layer->compression, "none") == 0) &&
            strcmp(expect, digest) != 0) {
                bh_img_layer_diag(c, 9016,
                                  "content has digest %s, not %s: corrupt or tampered with (its "
                                  "findings are reported anyway)",
                                  digest, expect);
                complete = false;
        }
        c->layer->complete = complete;
        memcpy(c->digest, digest, sizeof(c->digest));
        if (!c->rec)
                bh_img_merge_end_layer(c->merge);
        archive_read_free(a);
        free(r.buf);
        return 0;
}

void bh_img_rec_release(struct bh_img_rec *r)
{
        for (size_t i = 0; i < r->e.n; i++)
                free(r->e.v[i].data);
        free(r->e.v);
        r->e.v = NULL;
        r->e.n = r->e.cap = 0;
}

void bh_img_rec_replay(struct bh_img_layer_ctx *c, const struct bh_img_rec *rec, const char *expect,
                       bool expect_if_plain)
{
        bh_img_merge_begin_layer(c->merge, c->index);
        for (size_t i = 0; i < rec->e.n; i++) {
                const struct bh_img_entry *r = &rec->e.v[i];
                struct bh_image_file f = r->f;
                f.layer = c->index;
                struct bh_img_entry *x = bh_img_merge_add(c->merge, &f);
                if (!x || !r->data)
                        continue;
                /* a layer listed twice is replayed twice: copy */
                x->data = bh_xmalloc(r->len + 1);
                memcpy(x->data, r->data, r->len + 1);
                x->len = r->len;
                x->truncated = r->truncated;
        }
        bh_img_merge_end_layer(c->merge);
        c->layer->compression = rec->layer.compression;
        c->layer->size = rec->layer.size;
        c->layer->entries = rec->layer.entries;
        c->layer->complete = rec->layer.complete;
        if (c->layer->complete && expect &&
            (!expect_if_plain || strcmp(c->layer->compression, "none") == 0) &&
            strcmp(expect, rec->digest) != 0) {
                bh_img_layer_diag(c, 9016,
                                  "content has digest %s, not %s: corrupt or tampered with (its "
                                  "findings are reported anyway)",
                                  rec->digest, expect);
                c->layer->complete = false;
        }
}
