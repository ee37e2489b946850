#include "checks.h"

#include "../util/bh-banned.h"

void bh_check_download_exec(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        (void)doc;
        (void)e;
}

void bh_check_add_url_checksum(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        (void)doc;
        (void)e;
}

void bh_check_secret_build(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        (void)doc;
        (void)e;
}

void bh_check_run_insecure(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        (void)doc;
        (void)e;
}

void bh_check_run_network_host(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        (void)doc;
        (void)e;
}

void bh_check_setuid(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        (void)doc;
        (void)e;
}

void bh_check_setcap(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        (void)doc;
        (void)e;
}

void bh_check_world_writable(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        (void)doc;
        (void)e;
}

void bh_check_sudo(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        (void)doc;
        (void)e;
}
