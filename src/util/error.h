/* Program failures (I/O, limits, internal): negative codes plus an error object.
 * Input problems are not errors: they are diagnostics in the model (bh_diag). */
#pragma once

#include "bh-macro.h"

enum bh_errcode {
        BH_OK = 0,
        BH_ENOMEM = -1,
        BH_EIO = -2,
        BH_ELIMIT = -3,
        BH_EINVAL = -4,
        BH_EPARSE = -5,
        BH_ENOENT = -6,
        BH_EUSAGE = -7,
};

struct bh_error {
        int code;   /* enum bh_errcode */
        int errnum; /* errno at the failure, or 0 */
        char msg[512];
};

/* Fill *err (allocating it when *err is NULL) and return code (always negative). */
int bh_error_set(struct bh_error **err, int code, const char *fmt, ...) BH_PRINTF(3, 4);
/* Same, with errno appended as ": strerror(errnum)". */
int bh_error_set_errno(struct bh_error **err, int code, int errnum, const char *fmt, ...)
        BH_PRINTF(4, 5);
/* Prefix context: "ctx: old message".  Returns (*err)->code. */
int bh_error_wrap(struct bh_error **err, const char *fmt, ...) BH_PRINTF(2, 3);
void bh_error_free(struct bh_error *err);
BH_DEFINE_AUTOPTR(bh_error, bh_error_free)
