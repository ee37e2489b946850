/* libFuzzer target: the OSV record parser (src/vuln/osv.c), then the range
 * evaluation of every affected entry it accepts against a few versions of
 * each scheme, as the matcher would run it. */
#include <stdint.h>

#include "../../src/vuln/match.h"
#include "../../src/vuln/osv.h"

#include "../../src/util/bh-banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char *const probe[][2] = {{"1.2-1", "1:0.9~rc1-3+b2"},
                                               {"1.2.3-r0", "1.0_pre2-r5"},
                                               {"1:2.0-1.el9", "2.0~rc1"}};
        struct bh_arena a = {0};
        struct bh_osv_record r;
        struct bh_error *err = NULL;

        if (bh_osv_parse((const char *)data, size, &a, &r, &err) == 0) {
                for (size_t i = 0; i < r.naffected; i++) {
                        for (int s = 0; s < BH_VERSION_SCHEME__COUNT; s++) {
                                for (int k = 0; k < 2; k++) {
                                        bool aff;
                                        const char *fixed;
                                        struct bh_error *e2 = NULL;
                                        bh_vuln_affected((enum bh_version_scheme)s,
                                                         r.affected[i].events,
                                                         r.affected[i].versions, probe[s][k], &a,
                                                         &aff, &fixed, &e2);
                                        bh_error_free(e2);
                                }
                        }
                }
        }
        bh_error_free(err);
        bh_arena_release(&a);
        return 0;
}
