#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limits.h"
#include "strutil.h"
#include "walk.h"

#include "bh-banned.h"

struct bh_walker {
        const struct bh_walk_opts *o;
        bh_walk_fn fn;
        void *userdata;
        const char *prefix; /* root as it is prepended to relative paths, "" for "." */
        char *root_real;    /* realpath of root, for the file symlink check */
};

static int bh_walk_name_cmp(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool bh_walk_skipped(const struct bh_walker *w, const char *rel, const char *name,
                            bool is_dir)
{
        const struct bh_walk_opts *o = w->o;

        if (is_dir)
                for (size_t i = 0; i < o->nskip_dirs; i++)
                        if (strcmp(name, o->skip_dirs[i]) == 0)
                                return true;
        for (size_t i = 0; i < o->nexcludes; i++)
                if (bh_glob_match(o->excludes[i], rel) || bh_glob_match(o->excludes[i], name))
                        return true;
        return false;
}

/* A symbolic link to a file counts only when it stays inside the tree. */
static bool bh_walk_link_inside(const struct bh_walker *w, const char *path)
{
        bh_autofree char *real = NULL;
        size_t n;

        if (!w->root_real)
                return false;
        real = realpath(path, NULL);
        if (!real)
                return false;
        n = strlen(w->root_real);
        if (n == 1) /* root is "/" */
                return true;
        return strncmp(real, w->root_real, n) == 0 && real[n] == '/';
}

static int bh_walk_report_error(const struct bh_walker *w, const char *path, int code, int errnum)
{
        if (!w->o->on_error)
                return 0;
        return w->o->on_error(path, code, errnum, w->userdata);
}

/* a + sep + b in a new string (sep '\0': none); cheaper than asprintf per entry. */
static char *bh_walk_join(const char *a, char sep, const char *b)
{
        size_t al = strlen(a), bl = strlen(b), sl = sep ? 1 : 0;
        char *s = bh_xmalloc(al + sl + bl + 1);

        memcpy(s, a, al);
        if (sep)
                s[al] = sep;
        memcpy(s + al + sl, b, bl + 1);
        return s;
}

static int bh_walk_dir(struct bh_walker *w, int dfd, const char *rel, unsigned depth)
{
        BH_VEC(char *) names = {0};
        DIR *d;
        struct dirent *de;
        int r = 0;

        d = fdopendir(dfd);
        if (!d) {
                int e = errno;
                bh_autofree char *path = bh_xasprintf("%s%s", w->prefix, rel);
                close(dfd);
                return bh_walk_report_error(w, *path ? path : ".", BH_EIO, e);
        }
        while ((errno = 0, de = readdir(d))) {
                if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                        continue;
                BH_VEC_PUSH(&names, bh_xstrdup(de->d_name));
        }
        if (names.n > 1)
                qsort(names.v, names.n, sizeof(names.v[0]), bh_walk_name_cmp);

        for (size_t i = 0; i < names.n && r >= 0; i++) {
                const char *name = names.v[i];
                bh_autofree char *crel = *rel ? bh_walk_join(rel, '/', name) : bh_xstrdup(name);
                bh_autofree char *path = bh_walk_join(w->prefix, '\0', crel);
                struct stat st;

                if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        continue; /* vanished meanwhile */
                if (S_ISDIR(st.st_mode)) {
                        if (bh_walk_skipped(w, crel, name, true))
                                continue;
                        if (depth + 1 > BH_LIMIT_WALK_DEPTH) {
                                r = bh_walk_report_error(w, path, BH_ELIMIT, 0);
                                continue;
                        }
                        int cfd = openat(dirfd(d), name,
                                         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                        if (cfd < 0) {
                                r = bh_walk_report_error(w, path, BH_EIO, errno);
                                continue;
                        }
                        r = bh_walk_dir(w, cfd, crel, depth + 1);
                } else if (S_ISREG(st.st_mode)) {
                        if (!bh_walk_skipped(w, crel, name, false))
                                r = w->fn(path, w->userdata);
                } else if (S_ISLNK(st.st_mode)) {
                        struct stat tst;
                        if (bh_walk_skipped(w, crel, name, false))
                                continue;
                        if (stat(path, &tst) == 0 && S_ISREG(tst.st_mode) &&
                            bh_walk_link_inside(w, path))
                                r = w->fn(path, w->userdata);
                }
        }

        for (size_t i = 0; i < names.n; i++)
                free(names.v[i]);
        free(names.v);
        closedir(d);
        return r;
}

int bh_walk(const char *root, const struct bh_walk_opts *o, bh_walk_fn fn, void *userdata,
            struct bh_error **err)
{
        static const struct bh_walk_opts none = {0};
        bh_autofree char *prefix = NULL;
        struct bh_walker w = {.o = o ? o : &none, .fn = fn, .userdata = userdata};
        size_t n = strlen(root);
        int fd, r;

        if (strcmp(root, ".") == 0 || strcmp(root, "./") == 0)
                prefix = bh_xstrdup("");
        else if (n > 0 && root[n - 1] == '/')
                prefix = bh_xstrdup(root);
        else
                prefix = bh_xasprintf("%s/", root);
        w.prefix = prefix;

        /* The root itself was asked for: it may be a symbolic link. */
        fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return bh_error_set_errno(err, errno == ENOENT ? BH_ENOENT : BH_EIO, errno,
                                          "cannot open directory '%s'", root);
        w.root_real = realpath(root, NULL);
        r = bh_walk_dir(&w, fd, "", 0);
        free(w.root_real);
        return r;
}
