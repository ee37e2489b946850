/* Read-only access to files inside an audited root directory (bulkhead host
 * --root DIR).  Every path, /proc and /sys included, is resolved inside the
 * root: absolute symlinks and ".." are taken relative to it, so a link never
 * leads out (openat2 RESOLVE_IN_ROOT where the kernel has it, else a
 * component-by-component resolver with the same semantics).  Nothing is
 * written, nothing is executed.  Internal to src/frontend/host. */
#pragma once

#include <sys/stat.h>

#include "../../util/error.h"

struct bh_rootfs {
        int fd;           /* the root directory (O_PATH) */
        bool use_openat2; /* false: the portable resolver */
};

/* Open root (a directory).  force_portable: never use openat2 (tests).
 * BH_ENOENT / BH_EIO with a message when it cannot be opened. */
int bh_rootfs_open(struct bh_rootfs *r, const char *root, bool force_portable,
                   struct bh_error **err);
void bh_rootfs_close(struct bh_rootfs *r);

/* Resolve path (absolute or relative to the root) and open it with flags
 * (O_RDONLY, O_PATH, O_DIRECTORY...; O_CLOEXEC|O_NOCTTY|O_NONBLOCK added).
 * Returns the fd, or -errno (ENOENT, EACCES, ELOOP past
 * BH_LIMIT_HOST_SYMLINKS links, ENAMETOOLONG past BH_LIMIT_HOST_PATH). */
int bh_rootfs_openat(const struct bh_rootfs *r, const char *path, int flags);

/* stat the resolved path (symlinks followed inside the root).  0 or -errno. */
int bh_rootfs_stat(const struct bh_rootfs *r, const char *path, struct stat *ret);

/* Read a regular file (or a /proc, /sys pseudo-file) of at most max bytes
 * into a NUL-terminated heap buffer.  0, or -errno; -EFBIG when larger than
 * max, -EINVAL when it is not a regular file. */
int bh_rootfs_read(const struct bh_rootfs *r, const char *path, size_t max, char **ret_data,
                   size_t *ret_len);

/* The names in a directory (no "." / ".."), sorted, at most max of them
 * (heap array of heap strings; free with bh_rootfs_names_free).  0 or -errno;
 * *ret_truncated when there were more. */
int bh_rootfs_list(const struct bh_rootfs *r, const char *dir, size_t max, char ***ret_names,
                   size_t *ret_n, bool *ret_truncated);
void bh_rootfs_names_free(char **names, size_t n);
