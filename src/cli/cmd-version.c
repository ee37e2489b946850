/* bulkhead version */
#include <stdio.h>

#include "bh-config.h"
#include "cli.h"

#include "../util/bh-banned.h"

void bh_cli_help_version(FILE *out)
{
        fputs("Usage: bulkhead version\n"
              "\n"
              "Print the version of bulkhead and the date of its end-of-life table.\n",
              out);
}

int bh_cli_cmd_version(int argc, char **argv)
{
        if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
                bh_cli_help_version(stdout);
                return BH_EXIT_OK;
        }
        if (argc > 1)
                return bh_cli_usage_error("version", "unexpected argument '%s'", argv[1]);
        printf("bulkhead %s\n", BH_VERSION);
        printf("end-of-life data: %s\n", bh_rules_eol_compiled());
        return BH_EXIT_OK;
}
