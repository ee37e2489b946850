/* Internals of the Kubernetes frontend (src/frontend/kube/): the parse
 * context, the typed readers over the YAML tree, and the three steps
 * (objects in kube.c, pod specs in pod.c, cross-surface containers in
 * lower.c). */
#pragma once

#include "../../model/kube.h"
#include "../frontend.h"
#include "../yamltree.h"

struct bh_kctx {
        struct bh_doc *doc;
        struct bh_arena *a;
        const char *what; /* "Deployment/web": names the object in diagnostics */
};

/* Copy a heap vector into the arena (so the model is arena-only) and free it. */
#define BH_KUBE_FREEZE(a, vec, ret_ptr, ret_n)                                                  \
        do {                                                                                    \
                *(ret_n) = (vec)->n;                                                            \
                *(ret_ptr) =                                                                    \
                        (vec)->n ? bh_arena_memdup((a), (vec)->v, (vec)->n * sizeof(*(vec)->v)) \
                                 : NULL;                                                        \
                free((vec)->v);                                                                 \
                memset((vec), 0, sizeof(*(vec)));                                               \
        } while (0)

/* Typed readers: the value of key in map.  Absent or null: left unset and
 * true.  A value of the wrong type: a BH9002 diagnostic naming k->what and
 * path (e.g. "securityContext.privileged"), left unset, false.  Every value
 * gets the location of its key. */
bool bh_kube_get_str(struct bh_kctx *k, const struct bh_ynode *map, const char *key,
                     const char *path, struct bh_kstr *ret);
bool bh_kube_get_bool(struct bh_kctx *k, const struct bh_ynode *map, const char *key,
                      const char *path, struct bh_kbool *ret);
bool bh_kube_get_int(struct bh_kctx *k, const struct bh_ynode *map, const char *key,
                     const char *path, struct bh_kint *ret);
/* A mapping or sequence value (after alias deref); NULL when absent, null or
 * of the wrong type (then with a BH9002). */
const struct bh_ynode *bh_kube_get_map(struct bh_kctx *k, const struct bh_ynode *map,
                                       const char *key, const char *path);
const struct bh_ynode *bh_kube_get_seq(struct bh_kctx *k, const struct bh_ynode *map,
                                       const char *key, const char *path);
/* Location of key in map (of its key node), else fallback. */
struct bh_loc bh_kube_key_loc(const struct bh_ynode *map, const char *key, struct bh_loc fallback);

/* metadata.annotations / metadata.labels of a metadata mapping. */
void bh_kube_annotations(struct bh_kctx *k, const struct bh_ynode *meta,
                         struct bh_kannotation **ret, size_t *ret_n);
void bh_kube_labels(struct bh_kctx *k, const struct bh_ynode *meta, const char *key,
                    const char *const **ret_keys, const char *const **ret_values, size_t *ret_n);

/* A pod spec (and the pod template's metadata, may be NULL) into a struct
 * bh_kpod.  owner is where to point when spec itself is missing. */
struct bh_kpod *bh_kube_pod(struct bh_kctx *k, const struct bh_ynode *meta,
                            const struct bh_ynode *spec);

/* One struct bh_container per container of every workload of set, with the
 * pod and container security contexts merged, and doc->images. */
void bh_kube_lower(struct bh_doc *doc, const struct bh_kube_set *set);
