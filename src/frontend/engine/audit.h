/* bulkhead engine: read everything the audit needs from a connected engine
 * (GET only, through http.h) into documents of the model (engine.h). */
#pragma once

#include "../../model/host.h"
#include "http.h"

struct bh_engine_audit_opts {
        bool running_only; /* --running: GET /containers/json without all=1 */
};

struct bh_engine_audit {
        /* Heap documents, each released with bh_doc_release and free: the
         * engine ("engine", BH_SURFACE_HOST with a struct bh_host holding
         * the engine configuration and the component versions), then one
         * per container ("container/<name>", BH_SURFACE_ENGINE) in the
         * engine's order, then one per network ("network/<name>"). */
        BH_VEC(struct bh_doc *) docs;
        size_t ncontainers;
        size_t nrunning;
        size_t nverified;     /* running containers whose /proc status was read */
        BH_VEC(char *) notes; /* heap: what could not be read, for the report's warnings */
};

/* Audit the engine.  Only a failure to list the containers is an error
 * (BH_EIO / BH_ELIMIT with the reason); every later answer that cannot be
 * read is a BH9010 diagnostic in its document.  More containers than
 * BH_LIMIT_ENGINE_CONTAINERS: the first ones are audited and the engine
 * document gets a BH9003. */
int bh_engine_audit_run(struct bh_engine_conn *c, const struct bh_engine_audit_opts *o,
                        struct bh_engine_audit *ret, struct bh_error **err);
void bh_engine_audit_release(struct bh_engine_audit *a);

/* Fill p's kernel side from /proc/<p->pid>/status when bulkhead shares the
 * engine's host (same_host), else p->why says why it cannot. */
void bh_engine_proc_read(struct bh_arena *a, struct bh_proc_state *p, bool same_host,
                         const char *why_not);
