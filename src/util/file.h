/* Bounded whole-file reads. */
#pragma once

#include "error.h"

/* Read at most max bytes of path into a NUL-terminated heap buffer.
 * Larger files fail with BH_ELIMIT; a path that is not a regular file fails
 * with BH_EIO. */
int bh_file_read(const char *path, size_t max, char **ret_data, size_t *ret_len,
                 struct bh_error **err);
/* Same for an already open fd (stdin). */
int bh_fd_read(int fd, size_t max, char **ret_data, size_t *ret_len, struct bh_error **err);
