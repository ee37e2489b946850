/* Paths resolved inside an audited root (see rootfs.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../../util/buf.h"
#include "../../util/limits.h"
#include "rootfs.h"

#include "../../util/bh-banned.h"

#define BH_ROOTFS_OFLAGS (O_CLOEXEC | O_NOCTTY | O_NONBLOCK)

int bh_rootfs_open(struct bh_rootfs *r, const char *root, bool force_portable,
                   struct bh_error **err)
{
        struct stat st;

        r->fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (r->fd < 0)
                return bh_error_set_errno(err, errno == ENOENT ? BH_ENOENT : BH_EIO, errno,
                                          "--root %s", root);
        if (fstat(r->fd, &st) < 0 || !S_ISDIR(st.st_mode)) {
                close(r->fd);
                r->fd = -1;
                return bh_error_set(err, BH_EIO, "--root %s: not a directory", root);
        }
        r->use_openat2 = false;
        if (!force_portable) {
                /* probe: ENOSYS (kernel < 5.6) or a seccomp filter that denies it */
                struct open_how how = {.flags = O_PATH | O_CLOEXEC,
                                       .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
                long fd = syscall(SYS_openat2, r->fd, ".", &how, sizeof(how));
                if (fd >= 0) {
                        close((int)fd);
                        r->use_openat2 = true;
                }
        }
        return 0;
}

void bh_rootfs_close(struct bh_rootfs *r)
{
        if (r->fd >= 0)
                close(r->fd);
        r->fd = -1;
}

struct bh_walk {
        const struct bh_rootfs *r;
        char *comps[BH_LIMIT_HOST_PATH_DEPTH]; /* resolved directories below the root */
        size_t ncomps;
        int cur; /* fd of the directory comps name (O_PATH) */
};

static void bh_walk_release(struct bh_walk *w)
{
        for (size_t i = 0; i < w->ncomps; i++)
                free(w->comps[i]);
        w->ncomps = 0;
        if (w->cur >= 0)
                close(w->cur);
        w->cur = -1;
}

/* Reopen w->cur from the root through w->comps (after ".." or an absolute link). */
static int bh_walk_reopen(struct bh_walk *w)
{
        int fd = openat(w->r->fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);

        if (fd < 0)
                return -errno;
        for (size_t i = 0; i < w->ncomps; i++) {
                int next = openat(fd, w->comps[i], O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                int e = errno;
                close(fd);
                if (next < 0)
                        return -e;
                fd = next;
        }
        if (w->cur >= 0)
                close(w->cur);
        w->cur = fd;
        return 0;
}

/* Prepend link target to the unresolved rest (rest = "a/b" after the link). */
static int bh_walk_splice(char *rest, size_t cap, const char *target, const char *after)
{
        struct bh_buf b;
        char *s;
        size_t n;

        bh_buf_init(&b, cap - 1);
        if (bh_buf_adds(&b, target) < 0 ||
            (*after && (bh_buf_addc(&b, '/') < 0 || bh_buf_adds(&b, after) < 0))) {
                bh_buf_release(&b);
                return -ENAMETOOLONG;
        }
        s = bh_buf_detach(&b, &n);
        memcpy(rest, s, n + 1);
        free(s);
        return 0;
}

/* The portable resolver: one component at a time, never following a link
 * with the kernel; links are read and their target resolved again from the
 * root (absolute) or the current directory, ".." stopping at the root. */
static int bh_rootfs_open_portable(const struct bh_rootfs *r, const char *path, int flags)
{
        struct bh_walk w = {.r = r, .cur = -1};
        char rest[BH_LIMIT_HOST_PATH + 1], comp[256];
        unsigned links = 0;
        int ret;

        if (strlen(path) > BH_LIMIT_HOST_PATH)
                return -ENAMETOOLONG;
        memcpy(rest, path, strlen(path) + 1);
        if ((ret = bh_walk_reopen(&w)) < 0)
                return ret;
        for (;;) {
                char *p = rest;
                size_t n;
                bool last;
                int fd;

                while (*p == '/')
                        p++;
                n = strcspn(p, "/");
                if (n == 0) {
                        /* the path named a directory: open it with the flags */
                        fd = openat(w.cur, ".", flags | BH_ROOTFS_OFLAGS);
                        ret = fd < 0 ? -errno : fd;
                        break;
                }
                if (n >= sizeof(comp)) {
                        ret = -ENAMETOOLONG;
                        break;
                }
                memcpy(comp, p, n);
                comp[n] = '\0';
                p += n;
                while (*p == '/')
                        p++;
                last = *p == '\0';
                memmove(rest, p, strlen(p) + 1);
                if (strcmp(comp, ".") == 0)
                        continue;
                if (strcmp(comp, "..") == 0) {
                        if (w.ncomps)
                                free(w.comps[--w.ncomps]);
                        if ((ret = bh_walk_reopen(&w)) < 0)
                                break;
                        continue;
                }
                if (last && !(flags & O_PATH)) {
                        fd = openat(w.cur, comp, flags | O_NOFOLLOW | BH_ROOTFS_OFLAGS);
                        if (fd >= 0) {
                                ret = fd;
                                break;
                        }
                        if (errno != ELOOP && errno != ENXIO) {
                                ret = -errno;
                                break;
                        }
                }
                fd = openat(w.cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0) {
                        ret = -errno;
                        break;
                }
                struct stat st;
                if (fstat(fd, &st) < 0) {
                        ret = -errno;
                        close(fd);
                        break;
                }
                if (S_ISLNK(st.st_mode)) {
                        char target[BH_LIMIT_HOST_PATH + 1];
                        ssize_t tl = readlinkat(fd, "", target, sizeof(target) - 1);
                        close(fd);
                        if (tl < 0) {
                                ret = -errno;
                                break;
                        }
                        if (++links > BH_LIMIT_HOST_SYMLINKS) {
                                ret = -ELOOP;
                                break;
                        }
                        target[tl] = '\0';
                        char after[BH_LIMIT_HOST_PATH + 1];
                        memcpy(after, rest, strlen(rest) + 1);
                        if ((ret = bh_walk_splice(rest, sizeof(rest), target, after)) < 0)
                                break;
                        if (target[0] == '/') {
                                for (size_t i = 0; i < w.ncomps; i++)
                                        free(w.comps[i]);
                                w.ncomps = 0;
                                if ((ret = bh_walk_reopen(&w)) < 0)
                                        break;
                        }
                        if (rest[0] == '\0') {
                                /* a link to the root itself */
                                memcpy(rest, ".", 2);
                        }
                        continue;
                }
                if (last) {
                        /* O_PATH asked for, or a socket/fifo the open above refused */
                        if (flags & O_PATH) {
                                ret = fd;
                        } else {
                                close(fd);
                                ret = -ENXIO;
                        }
                        break;
                }
                if (!S_ISDIR(st.st_mode)) {
                        close(fd);
                        ret = -ENOTDIR;
                        break;
                }
                if (w.ncomps == BH_ELEMENTSOF(w.comps)) {
                        close(fd);
                        ret = -ENAMETOOLONG;
                        break;
                }
                w.comps[w.ncomps++] = bh_xstrdup(comp);
                close(w.cur);
                w.cur = fd;
        }
        bh_walk_release(&w);
        return ret;
}

int bh_rootfs_openat(const struct bh_rootfs *r, const char *path, int flags)
{
        if (strlen(path) > BH_LIMIT_HOST_PATH)
                return -ENAMETOOLONG;
        if (r->use_openat2) {
                /* openat2 refuses O_PATH with other flags than O_CLOEXEC/O_DIRECTORY */
                struct open_how how = {
                        .flags = (uint64_t)(flags & O_PATH ? flags | O_CLOEXEC
                                                           : flags | BH_ROOTFS_OFLAGS),
                        .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
                };
                long fd;
                do
                        fd = syscall(SYS_openat2, r->fd, path, &how, sizeof(how));
                while (fd < 0 && errno == EAGAIN);
                return fd < 0 ? -errno : (int)fd;
        }
        return bh_rootfs_open_portable(r, path, flags);
}

int bh_rootfs_stat(const struct bh_rootfs *r, const char *path, struct stat *ret)
{
        int fd = bh_rootfs_openat(r, path, O_PATH);
        int e = 0;

        if (fd < 0)
                return fd;
        if (fstat(fd, ret) < 0)
                e = -errno;
        close(fd);
        return e;
}

int bh_rootfs_read(const struct bh_rootfs *r, const char *path, size_t max, char **ret_data,
                   size_t *ret_len)
{
        struct stat st;
        struct bh_buf b;
        char chunk[16384];
        int fd = bh_rootfs_openat(r, path, O_RDONLY);

        if (fd < 0)
                return fd;
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
                close(fd);
                return -EINVAL;
        }
        /* refuse early when the size is known (files of /proc report 0) */
        if ((uint64_t)st.st_size > max) {
                close(fd);
                return -EFBIG;
        }
        bh_buf_init(&b, max);
        for (;;) {
                ssize_t n = read(fd, chunk, sizeof(chunk));
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        int e = errno;
                        close(fd);
                        bh_buf_release(&b);
                        return -e;
                }
                if (n == 0)
                        break;
                if (bh_buf_add(&b, chunk, (size_t)n) < 0) {
                        close(fd);
                        bh_buf_release(&b);
                        return -EFBIG;
                }
        }
        close(fd);
        *ret_data = bh_buf_detach(&b, ret_len);
        return 0;
}

static int bh_cmp_name(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

int bh_rootfs_list(const struct bh_rootfs *r, const char *dir, size_t max, char ***ret_names,
                   size_t *ret_n, bool *ret_truncated)
{
        int fd = bh_rootfs_openat(r, dir, O_RDONLY | O_DIRECTORY);
        DIR *d;
        struct dirent *de;
        BH_VEC(char *) names = {0};

        *ret_truncated = false;
        if (fd < 0)
                return fd;
        d = fdopendir(fd);
        if (!d) {
                int e = errno;
                close(fd);
                return -e;
        }
        while ((de = readdir(d))) {
                if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                        continue;
                if (names.n == max) {
                        *ret_truncated = true;
                        break;
                }
                BH_VEC_PUSH(&names, bh_xstrdup(de->d_name));
        }
        closedir(d);
        if (names.n)
                qsort(names.v, names.n, sizeof(char *), bh_cmp_name);
        *ret_names = names.v;
        *ret_n = names.n;
        return 0;
}

void bh_rootfs_names_free(char **names, size_t n)
{
        for (size_t i = 0; i < n; i++)
                free(names[i]);
        free(names);
}
