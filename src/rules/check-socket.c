#include "checks.h"

#include "../util/bh-banned.h"

void bh_check_engine_socket(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        (void)doc;
        (void)e;
}

void bh_check_engine_api_port(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        (void)doc;
        (void)e;
}

void bh_check_engine_host_tcp(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        (void)doc;
        (void)e;
}
