/* Internal to src/frontend: run flags with a location per word, shared by the
 * run-line frontend (runline.c) and the Quadlet frontend (quadlet.c). */
#pragma once

#include "../model/model.h"

/* Apply docker/podman run/create options words[0..n) (the words after the
 * subcommand) to c through bh_runcmd_parse, so that every surface decides
 * flags the same way, but giving each field the location of the option word
 * that set it (locs[i] for words[i]).  prog is "docker" or "podman".
 * Returns the index of the image (the first word that is not an option or
 * an option's value; after "--"), n when there is none.  c->image, c->loc,
 * c->owner_loc and doc->images are left as they were. */
size_t bh_runline_apply_flags(struct bh_doc *doc, const char *prog, const char *const *words,
                              const struct bh_loc *locs, size_t n, struct bh_container *c);

/* Discovery and content sniffing for the registry (frontends.c). */
bool bh_quadlet_match_name(const char *base);
bool bh_runline_match_path(const char *path, const char *base);
bool bh_runline_sniff(const char *text, size_t len);
