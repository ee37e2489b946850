/* bulkhead image internals: the blob source, SHA-256, the merged
 * filesystem, the history-command rewriting.  Shared by the files of
 * src/frontend/image and its unit tests; nothing here prints. */
#pragma once

#include <stdio.h>

#include "../../model/image.h"
#include "../../util/error.h"
#include "image.h"

/* ---- SHA-256 (OpenSSL libcrypto EVP), sha.c ---- */

struct bh_img_sha {
        void *ctx; /* EVP_MD_CTX */
};
int bh_img_sha_init(struct bh_img_sha *s);
void bh_img_sha_update(struct bh_img_sha *s, const void *p, size_t n);
/* "sha256:<64 hex>" into out (at least 72 bytes); frees the context. */
void bh_img_sha_final(struct bh_img_sha *s, char *out);
void bh_img_sha_free(struct bh_img_sha *s);

/* ---- blob sources, blobsrc.c ---- */

/* A readable blob: a window [off, off + size) over a file descriptor (a
 * member of an uncompressed archive, or a file of a layout directory).
 * Other sources (a registry) would fill read instead. */
struct bh_blob {
        int fd;
        uint64_t off;
        uint64_t size;
        uint64_t pos;
        /* When not NULL, used instead of the window. */
        long (*read)(struct bh_blob *b, void *buf, size_t n);
        void *ctx;
};
/* Read up to n bytes; 0 at the end, negative on an I/O error. */
long bh_blob_read(struct bh_blob *b, void *buf, size_t n);

/* Where blobs come from: an archive (docker save, OCI archive) or an OCI
 * layout directory.  Names are paths inside it ("manifest.json",
 * "blobs/sha256/<hex>"). */
struct bh_blobsrc {
        const char *kind; /* "archive", "directory" */
        int (*open)(struct bh_blobsrc *s, const char *name, struct bh_blob *ret,
                    struct bh_error **err); /* BH_ENOENT when absent */
        bool (*exists)(struct bh_blobsrc *s, const char *name);
        void (*free)(struct bh_blobsrc *s);
        /* A stream read in one pass keeps its layers as recordings: the
         * one a name leads to, or NULL (an error set).  NULL for sources
         * read in place. */
        struct bh_img_rec *(*recorded)(struct bh_blobsrc *s, const char *name,
                                       struct bh_error **err);
};

/* Open path: a directory is an OCI layout, anything else an archive.  Input
 * problems (not a tar, truncated, a compressed archive, too many members, a
 * member link loop) are diagnostics in doc; *ret is then NULL and 0 is
 * returned.  Negative only when path cannot be opened at all. */
int bh_blobsrc_open(struct bh_doc *doc, const char *path, struct bh_blobsrc **ret,
                    struct bh_error **err);
/* Read a docker save archive from a sequential stream in one pass (the
 * engine's GET /images/{name}/get): small JSON members are kept, every
 * member that is a tar is read as a layer into a recording (img counts its
 * entries and limits), the rest skipped.  Problems are diagnostics; *ret
 * is NULL when nothing usable was read. */
void bh_blobsrc_stream(struct bh_doc *doc, struct bh_image *img, struct bh_blob *in,
                       struct bh_blobsrc **ret);
/* Read a whole blob of at most max bytes into a NUL-terminated heap buffer,
 * computing its digest ("sha256:...", 72 bytes) when digest is not NULL. */
int bh_blob_read_all(struct bh_blob *b, size_t max, char **ret, size_t *ret_len, char *digest,
                     struct bh_error **err);

/* bulkhead image over a sequential stream holding a docker save archive
 * (the engine's export): read in one pass, layers recorded then applied in
 * the manifest's order. */
int bh_frontend_image_stream(struct bh_doc *doc, const struct bh_image_opts *o, struct bh_blob *in,
                             struct bh_error **err);

/* ---- paths and the merged filesystem, merge.c ---- */

/* Clean a layer entry path into out (cap bytes): strip "./" and leading
 * '/', collapse "//" and "/./", drop a trailing '/'.  Returns the length,
 * 0 for the root itself, -1 when a ".." component appears (never resolved)
 * or the result does not fit. */
long bh_img_path_clean(const char *in, char *out, size_t cap);
/* Does a symlink at path (clean) with this target climb above the root?
 * Absolute targets stay inside the image root (they are resolved there). */
bool bh_img_link_escapes(const char *path, const char *target);

/* A path of the merged view while layers are applied. */
struct bh_img_entry {
        struct bh_image_file f;
        char *data; /* heap: the content read for a check, or NULL */
        size_t len;
        bool truncated;
        bool live;
};

struct bh_img_merge {
        struct bh_arena *arena;
        BH_VEC(struct bh_img_entry) e;
        uint32_t *slots; /* open addressing: entry index + 1, 0 empty */
        size_t nslots;
        size_t nlive;
        uint32_t layer;
        /* whiteouts of the current layer, applied to lower layers at its end */
        BH_VEC(const char *) wh;
        BH_VEC(const char *) opq;
};

void bh_img_merge_init(struct bh_img_merge *m, struct bh_arena *a);
void bh_img_merge_release(struct bh_img_merge *m);
void bh_img_merge_begin_layer(struct bh_img_merge *m, uint32_t layer);
/* Add one entry of the current layer (f->path clean, arena string).  A
 * whiteout (".wh.name", ".wh..wh..opq") is recorded, not added: returns
 * NULL then.  Otherwise the entry now standing at that path (its old data
 * freed). */
struct bh_img_entry *bh_img_merge_add(struct bh_img_merge *m, const struct bh_image_file *f);
/* Apply the current layer's whiteouts and opaque directories to the lower
 * layers (OCI image spec, "Whiteouts"). */
void bh_img_merge_end_layer(struct bh_img_merge *m);
struct bh_img_entry *bh_img_merge_find(struct bh_img_merge *m, const char *path);
/* Live entries sorted by path (pointers into m, valid until the next add):
 * returns a heap array of *ret_n pointers. */
struct bh_img_entry **bh_img_merge_sorted(struct bh_img_merge *m, size_t *ret_n);

/* ---- the configuration, config.c ---- */

/* The shell script a history created_by ran, or NULL when the entry is not
 * a RUN (metadata, COPY, ADD).  Handles "/bin/sh -c #(nop) X" (not a RUN),
 * "/bin/sh -c CMD", "|N A=1 B=2 /bin/sh -c CMD", BuildKit "RUN /bin/sh -c
 * CMD # buildkit", other POSIX shells with flags before -c, and BuildKit
 * exec forms "RUN [...]" (returned with a leading '[' for the Dockerfile
 * frontend).  Returns an arena string. */
const char *bh_img_history_script(struct bh_arena *a, const char *created_by);

struct json_t;
/* Parse the configuration JSON into img (os, architecture, variant) and
 * return the Dockerfile text standing for it (arena), img->lines filled;
 * *ret_diff_ids: rootfs.diff_ids (a new reference) or NULL.  NULL when the
 * JSON is not an object (a diagnostic at loc). */
const char *bh_img_config_text(struct bh_doc *doc, struct bh_image *img, const char *json,
                               size_t len, struct bh_loc loc, struct json_t **ret_diff_ids);

/* ---- file contents, content.c ---- */

enum bh_img_want {
        BH_IMG_WANT_NONE = 0,
        BH_IMG_WANT_SNIFF,   /* the first bytes: a private key header? */
        BH_IMG_WANT_CONTENT, /* up to BH_LIMIT_IMAGE_FILE_READ */
        BH_IMG_WANT_PKGDB,   /* up to BH_LIMIT_IMAGE_PKGDB, for the package readers */
};
/* What to read of a regular file at path (clean) of size bytes. */
enum bh_img_want bh_img_wanted(const char *path, uint64_t size);
/* Do the first bytes of a file hold a private key header (PEM, OpenSSH)? */
bool bh_img_key_header(const char *data, size_t len, bool *ret_encrypted);
/* Turn the final version of a read file into facts of img (accounts,
 * shadow, sudoers, secrets); loc is the file's location.  The OS release
 * and the packages come from bh_pkgdb_read() over the same files. */
void bh_img_content_parse(struct bh_doc *doc, struct bh_image *img, const char *path,
                          const char *data, size_t len, struct bh_loc loc);
