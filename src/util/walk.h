/* Recursive directory walk: deterministic (entries sorted bytewise), bounded
 * (BH_LIMIT_WALK_DEPTH), and never leaving the tree it was asked to read. */
#pragma once

#include "error.h"

/* Called for each regular file found, with root joined to the relative path
 * ("root/a/Dockerfile"; just "a/Dockerfile" when root is ".").  Return <0 to
 * stop the walk with that code. */
typedef int (*bh_walk_fn)(const char *path, void *userdata);
/* Called for a directory that could not be read (code BH_EIO, errnum set) or
 * that lies deeper than BH_LIMIT_WALK_DEPTH (code BH_ELIMIT, errnum 0).  The
 * walk goes on without it unless the callback returns <0. */
typedef int (*bh_walk_error_fn)(const char *path, int code, int errnum, void *userdata);

struct bh_walk_opts {
        /* Directory basenames never entered (".git", "node_modules", ...). */
        const char *const *skip_dirs;
        size_t nskip_dirs;
        /* Globs (bh_glob_match) matched against the path relative to root and
         * against the basename; a match skips the file or the whole directory. */
        const char *const *excludes;
        size_t nexcludes;
        bh_walk_error_fn on_error; /* NULL: unreadable directories are skipped silently */
};

/* Walk root recursively and call fn for every regular file, in sorted order
 * (bytewise strcmp of names, files and directories interleaved as sorted).
 * Symbolic links to directories are never followed; a symbolic link to a file
 * is reported only when its target resolves inside root.  root itself may be
 * a symbolic link.  Returns 0, the first negative value fn or on_error
 * returned, or a negative error code (with *err) when root cannot be opened. */
int bh_walk(const char *root, const struct bh_walk_opts *o, bh_walk_fn fn, void *userdata,
            struct bh_error **err);
