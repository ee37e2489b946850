#include "frontend.h"

#include "../util/bh-banned.h"

bool bh_runcmd_parse(struct bh_doc *doc, const char *const *words, size_t nwords,
                     struct bh_loc loc, struct bh_container *c)
{
        (void)doc;(void)words;(void)nwords;(void)loc;(void)c;
        return false;
}
