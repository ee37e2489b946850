/* Per-check verdicts for bulkhead host: every host and daemon rule decides
 * pass, fail, not applicable or unknown, with the evidence it read.  The
 * same evaluation produces the rule's findings (fails, and unknowns at info
 * with the reason), so the verdict list and the findings never disagree. */
#pragma once

#include "../model/host.h"
#include "rules.h"

struct bh_host_verdict {
        const struct bh_rule *rule;
        enum bh_verdict verdict;
        char *evidence; /* heap: what was read ("icc = true at /etc/docker/daemon.json:2:3") */
        char *path;     /* heap: the file the evidence is in, or NULL */
        struct bh_loc loc;
};

struct bh_host_verdicts {
        BH_VEC(struct bh_host_verdict) v;
};

/* One verdict per enabled HOST or DAEMON rule (enabled NULL: all), in
 * registry order, for a host document (surface BH_SURFACE_HOST). */
void bh_rules_host_verdicts(const struct bh_doc *doc, const bool *enabled,
                            struct bh_host_verdicts *out);
void bh_host_verdicts_release(struct bh_host_verdicts *v);
