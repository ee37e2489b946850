/* bulkhead image: read a built image (docker/podman save archive, legacy or
 * Docker 25+ OCI-dual layout; OCI archive; OCI layout directory) into the
 * model without extracting anything. */
#pragma once

#include "../../model/image.h"
#include "../../util/error.h"

struct bh_image_opts {
        /* "os/arch[/variant]" to choose from a multi-platform index; NULL:
         * the host's, or the only image there is. */
        const char *platform;
};

/* Read the image at doc->path into doc: surface BH_SURFACE_IMAGE,
 * surface_model a struct bh_image, doc->text the configuration and history
 * as a Dockerfile (parsed by the Dockerfile frontend: doc->dockerfile, the
 * image container with USER, EXPOSE, ENV, capability labels, and runlabel
 * containers), doc->images a BH_IMGREF_OS reference ("debian:12") for the
 * end-of-life rule.  Every layer is streamed once and its digest verified.
 * Input problems are diagnostics: 9001 corrupt or truncated archive/layer,
 * 9003 a limit of limits.h, 9004 a blob that cannot be read, 9015 an
 * entry path with "..", a hardlink or symlink leading out of the root,
 * 9016 a digest that does not match, 9017 an unsupported layout, media type
 * or platform, 9018 (info) a file a check reads that is a link (never
 * followed).  Negative only when the path cannot be opened at all. */
int bh_frontend_image(struct bh_doc *doc, const struct bh_image_opts *o, struct bh_error **err);

struct bh_engine_conn;
/* The same for an image in the engine: GET /images/{name}/get (read-only),
 * streamed and read in one pass, never written to disk.  doc->path is how
 * findings name it.  Negative when the export fails (BH_ENOENT: no such
 * image). */
int bh_frontend_image_engine(struct bh_doc *doc, struct bh_engine_conn *conn, const char *name,
                             const struct bh_image_opts *o, struct bh_error **err);

/* The host's platform ("linux/amd64", "linux/arm64/v8" ...), static. */
const char *bh_image_host_platform(void);
