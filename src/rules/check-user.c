#include "checks.h"

#include "../util/bh-banned.h"

void bh_check_user_root(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        (void)doc;
        (void)e;
}

void bh_check_user_missing(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        (void)doc;
        (void)e;
}
