#include "checks.h"

#include "../util/bh-banned.h"

const char *bh_rules_eol_compiled(void)
{
        return "2026-11-28";
}
