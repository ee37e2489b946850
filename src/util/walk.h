/* Recursive directory walk (no symlink following out of the tree, bounded depth). */
#pragma once

#include "error.h"

/* Called for each regular file found; return <0 to stop the walk with that code. */
typedef int (*bh_walk_fn)(const char *path, void *userdata);
/* Skip directories whose basename matches one of skip_dirs or whose path matches
 * one of exclude globs. */
struct bh_walk_opts {
        const char *const *skip_dirs;
        size_t nskip_dirs;
        const char *const *excludes;
        size_t nexcludes;
};
int bh_walk(const char *root, const struct bh_walk_opts *o, bh_walk_fn fn, void *userdata,
            struct bh_error **err);
