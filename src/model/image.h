/* A built image as bulkhead image read it (doc->surface_model of a
 * BH_SURFACE_IMAGE document): where it came from, its layers, the merged view
 * of its final filesystem (metadata only), and the facts the image-content
 * rules read from the few files they need.  The image's configuration goes
 * into the cross-surface model (one struct bh_container, doc->dockerfile for
 * the history's RUN commands), not here.  Strings are owned by doc->arena. */
#pragma once

#include "model.h"
#include "pkg.h"

struct bh_image_layer {
        const char *digest;      /* "sha256:..." of the blob as stored */
        const char *media_type;  /* as the manifest says; NULL for docker-archive */
        const char *compression; /* "none", "gzip", "zstd": from the magic bytes */
        uint64_t size;           /* compressed bytes read */
        uint64_t entries;        /* tar entries */
        bool complete;           /* read to its end and digest verified */
};

/* One path of the final filesystem.  Paths are relative to the root, without
 * a leading '/' ("etc/shadow"). */
struct bh_image_file {
        const char *path;
        const char *link; /* symlink or hardlink target; NULL otherwise */
        uint32_t mode;    /* type and permission bits (S_IFMT | 07777) */
        uint32_t uid;
        uint32_t gid;
        uint64_t size;
        uint32_t layer; /* index into layers of the layer that last wrote it */
        bool hardlink;
        /* The first bytes are a PEM/OpenSSH private key header. */
        bool private_key;
        bool key_encrypted;
};

/* A fact read from a file's content, with where it is (loc.file is
 * "<image>:/path", loc.line the line in that file; loc.note names the layer). */
struct bh_image_account {
        const char *name;
        const char *uid; /* as written */
        struct bh_loc loc;
};

struct bh_image_shadow {
        const char *name;
        const char *hash; /* as written: "" empty, "!", "*", "$6$..." */
        struct bh_loc loc;
};

/* A sudoers line (comments and Defaults left out), joined across '\'. */
struct bh_image_sudo {
        const char *text;
        struct bh_loc loc;
};

enum bh_image_secret_kind {
        BH_IMG_SECRET_PRIVATE_KEY = 0,
        BH_IMG_SECRET_AWS,         /* .aws/credentials with a secret access key */
        BH_IMG_SECRET_DOCKER_AUTH, /* .docker/config.json auths with auth / identitytoken */
        BH_IMG_SECRET_NPM_TOKEN,   /* .npmrc _authToken / _auth / _password */
        BH_IMG_SECRET_GIT_CREDS,   /* .git-credentials with a password */
        BH_IMG_SECRET_PGPASS,      /* .pgpass */
        BH_IMG_SECRET_NETRC,       /* .netrc with a password */
        BH_IMG_SECRET_ENV_FILE,    /* .env key (the rule decides whether it looks secret) */
};

struct bh_image_secret {
        enum bh_image_secret_kind kind;
        const char *path;   /* in the image, no leading '/' */
        const char *detail; /* .env: the key name; docker: the registry; else NULL */
        bool encrypted;     /* a private key with a passphrase */
        struct bh_loc loc;
};

struct bh_image_line {
        uint32_t line;     /* line of doc->text (the configuration as a Dockerfile) */
        const char *field; /* "history[3].created_by", "config.User" ... */
};

struct bh_image {
        const char *input; /* path as given */
        const char
                *format; /* "docker-archive", "docker-archive (OCI)", "oci-archive", "oci-layout" */
        const char *name;            /* RepoTags[0] or the ref.name annotation; NULL: none */
        const char *manifest_digest; /* NULL for the legacy docker-archive */
        const char *config_digest;
        const char *os;
        const char *architecture;
        const char *variant;

        BH_VEC(struct bh_image_layer) layers;
        /* The final filesystem, sorted by path (deleted and whited-out paths
         * are gone). */
        BH_VEC(struct bh_image_file) files;
        uint64_t entries;  /* tar entries read over all layers */
        uint64_t unpacked; /* bytes the layers decompressed to */

        BH_VEC(struct bh_image_account) accounts; /* /etc/passwd */
        BH_VEC(struct bh_image_shadow) shadow;    /* /etc/shadow */
        BH_VEC(struct bh_image_sudo) sudo;        /* /etc/sudoers, /etc/sudoers.d/ */
        BH_VEC(struct bh_image_secret) secrets;

        /* The configuration as a Dockerfile (doc->text): which field each
         * line stands for. */
        BH_VEC(struct bh_image_line) lines;

        bool has_os;
        struct bh_osinfo osinfo;
        struct bh_pkg_list pkgs;
};

/* The configuration field line n of doc->text stands for; NULL: none. */
const char *bh_image_line_field(const struct bh_image *img, uint32_t line);
/* Release the heap vectors of img (not the arena strings). */
void bh_image_release(struct bh_image *img);
