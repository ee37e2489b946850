/* Writing an SBOM (CycloneDX or SPDX) instead of the report: the creation
 * time from SOURCE_DATE_EPOCH, the output file, the write errors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "../report/sbom.h"
#include "../util/strutil.h"
#include "bh-config.h"
#include "cli.h"

#include "../util/bh-banned.h"

int bh_cli_write_sbom(const char *cmd, const char *output, bool spdx, struct bh_sbom_subject *s,
                      int code)
{
        struct bh_error err = {0};
        const char *sde = getenv("SOURCE_DATE_EPOCH");
        uint64_t t;
        FILE *out = stdout;
        int r;

        if (sde && *sde) {
                if (bh_parse_u64(sde, 0, INT64_MAX, &t) < 0)
                        return bh_cli_usage_error(cmd,
                                                  "SOURCE_DATE_EPOCH: not a number of "
                                                  "seconds: '%s'",
                                                  sde);
                s->created_set = true;
                s->created = (int64_t)t;
        }
        if (!s->tool_version)
                s->tool_version = BH_VERSION;
        if (output) {
                out = fopen(output, "we");
                if (!out) {
                        fprintf(stderr, "bulkhead: cannot write '%s': %s\n", output,
                                strerror(errno));
                        return BH_EXIT_USAGE;
                }
        }
        r = spdx ? bh_report_spdx(out, s, &err) : bh_report_cyclonedx(out, s, &err);
        if (fflush(out) != 0 || ferror(out))
                r = r < 0 ? r : BH_EIO;
        if (out != stdout && fclose(out) != 0)
                r = r < 0 ? r : BH_EIO;
        if (r < 0) {
                fprintf(stderr, "bulkhead: cannot write the SBOM to %s\n",
                        output ? output : "standard output");
                return BH_EXIT_USAGE;
        }
        return code;
}
