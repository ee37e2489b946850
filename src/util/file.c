#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"

#include "bh-banned.h"

int bh_fd_read(int fd, size_t max, char **ret_data, size_t *ret_len, struct bh_error **err)
{
        struct bh_buf b;
        char chunk[65536];

        bh_buf_init(&b, max);
        for (;;) {
                ssize_t n = read(fd, chunk, sizeof(chunk));
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        int e = errno;
                        bh_buf_release(&b);
                        return bh_error_set_errno(err, BH_EIO, e, "read failed");
                }
                if (n == 0)
                        break;
                if (bh_buf_add(&b, chunk, (size_t)n) < 0) {
                        bh_buf_release(&b);
                        return bh_error_set(err, BH_ELIMIT, "larger than the %zu-byte limit", max);
                }
        }
        *ret_data = bh_buf_detach(&b, ret_len);
        return 0;
}

int bh_file_read(const char *path, size_t max, char **ret_data, size_t *ret_len,
                 struct bh_error **err)
{
        struct stat st;
        int fd, r;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return bh_error_set_errno(err, errno == ENOENT ? BH_ENOENT : BH_EIO, errno,
                                          "cannot open");
        if (fstat(fd, &st) < 0) {
                int e = errno;
                close(fd);
                return bh_error_set_errno(err, BH_EIO, e, "cannot stat");
        }
        if (!S_ISREG(st.st_mode)) {
                close(fd);
                return bh_error_set(err, BH_EIO, "not a regular file");
        }
        if ((uint64_t)st.st_size > max) {
                close(fd);
                return bh_error_set(err, BH_ELIMIT, "file is %lld bytes, over the %zu-byte limit",
                                    (long long)st.st_size, max);
        }
        r = bh_fd_read(fd, max, ret_data, ret_len, err);
        close(fd);
        return r;
}
