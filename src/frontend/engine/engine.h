/* bulkhead engine, the model side: Engine API answers (Docker and Podman,
 * already fetched) -> the same model every other surface fills.  Pure
 * functions of the JSON given (the /proc reader aside), so they have unit
 * tests and a fuzz target.  The transport is http.h; the audit that calls
 * both is audit.h. */
#pragma once

#include <jansson.h>

#include "../../model/host.h"

/* Parse an answer as JSON: nesting deeper than BH_LIMIT_ENGINE_JSON_DEPTH
 * or invalid JSON give NULL and a message in msg. */
json_t *bh_engine_json_parse(const char *buf, size_t len, char *msg, size_t cap);

/* What mapping a container needs to know of its engine. */
struct bh_engine_ctx {
        enum bh_engine_kind kind;
        bool daemon_nnp; /* /info: the daemon sets no-new-privileges for every container */
};

/* One container: inspect is GET /containers/{id}/json, image GET
 * /images/{id}/json (or NULL), libpod GET /libpod/containers/{id}/json
 * (Podman, or NULL).  doc (surface BH_SURFACE_ENGINE, path
 * "container/<name>") gets one BH_ORIGIN_LIVE container and doc->text, a
 * summary of the fields read, one "Field: value" line each, which every
 * field's location points at (line, column 1).  A running container gets a
 * struct bh_proc_state with the API's claims (the kernel side is
 * bh_engine_proc_read's).  A malformed answer is a BH9010 diagnostic;
 * returns the container or NULL. */
struct bh_container *bh_engine_map_container(struct bh_doc *doc, const struct bh_engine_ctx *x,
                                             json_t *inspect, json_t *image, json_t *libpod);

/* The engine: /info (security options, rootless, logging, authorization
 * plugins, live-restore, registries, TCP warnings) into h->docker or
 * h->podman (kind), the default bridge's enable_icc from networks (GET
 * /networks, or NULL) as Docker's icc, and /version's engine, runc,
 * containerd and crun versions as h->pkgs entries with db "engine API"
 * (name "docker", "podman", "runc", "containerd", "crun"), for the CVE
 * matcher the caller runs (bh_vuln_component_cves).  doc is the
 * engine document (BH_SURFACE_HOST, surface_model h); info/version NULL:
 * not available (their absence is said in the summary).  Sets doc->text. */
void bh_engine_map_engine(struct bh_doc *doc, struct bh_host *h, enum bh_engine_kind kind,
                          json_t *info, json_t *version, json_t *networks);

/* One network of GET /networks into doc->networks (doc path
 * "network/<name>"); sets doc->text. */
void bh_engine_map_network(struct bh_doc *doc, json_t *net);

/* Parse the text of /proc/<pid>/status into p (CapEff, CapBnd,
 * NoNewPrivs, Seccomp); false when CapEff is missing. */
bool bh_engine_proc_parse(const char *text, size_t len, struct bh_proc_state *p);
