/* bulkhead: the entry point.  The exit code is returned from here only. */
#include "cli.h"

#include "../util/bh-banned.h"

int main(int argc, char **argv)
{
        return bh_cli_main(argc, argv);
}
