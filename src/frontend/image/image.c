/* bulkhead image: find the image in its layout (docker save manifest.json,
 * OCI index.json with nested indexes), verify every blob's digest, read the
 * configuration into the shared model through the Dockerfile frontend, apply
 * the layers, and take the facts the image-content rules read. */
#include <jansson.h>
#include <stdio.h>
#include <sys/stat.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "../frontend.h"
#include "../pkgdb/pkgdb.h"
#include "image.h"
#include "layer.h"

#include "../../util/bh-banned.h"

const char *bh_image_host_platform(void)
{
#if defined(__x86_64__)
        return "linux/amd64";
#elif defined(__aarch64__)
        return "linux/arm64";
#elif defined(__arm__)
        return "linux/arm/v7";
#elif defined(__i386__)
        return "linux/386";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        return "linux/ppc64le";
#elif defined(__s390x__)
        return "linux/s390x";
#elif defined(__riscv) && __riscv_xlen == 64
        return "linux/riscv64";
#else
        return "linux/unknown";
#endif
}

struct bh_img_ctx {
        struct bh_doc *doc;
        struct bh_image *img;
        struct bh_blobsrc *src;
        const char *platform; /* requested, or NULL */
        struct bh_loc loc;
};

/* "sha256:<64 hex>" -> "blobs/sha256/<hex>" (NULL when malformed). */
static const char *bh_img_blob_name(struct bh_img_ctx *c, const char *digest)
{
        if (!digest || !bh_str_startswith(digest, "sha256:") || strlen(digest) != 71)
                return NULL;
        for (const char *p = digest + 7; *p; p++)
                if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
                        return NULL;
        return bh_arena_printf(&c->doc->arena, "blobs/sha256/%s", digest + 7);
}

/* Read a JSON blob (at most BH_LIMIT_IMAGE_JSON), verifying its digest when
 * expect is given; NULL after a diagnostic. */
static json_t *bh_img_read_json(struct bh_img_ctx *c, const char *name, const char *what,
                                const char *expect, char **ret_text, size_t *ret_len)
{
        struct bh_blob b;
        bh_autoptr(bh_error) err = NULL;
        bh_autofree char *data = NULL;
        size_t len;
        char digest[80];
        json_error_t jerr;
        json_t *j;

        if (c->src->open(c->src, name, &b, &err) < 0) {
                bh_doc_add_diag(c->doc, 9004, c->loc, "%s %s cannot be read: %s", what, name,
                                err->msg);
                return NULL;
        }
        bh_error_free(BH_STEAL(&err));
        if (bh_blob_read_all(&b, BH_LIMIT_IMAGE_JSON, &data, &len, digest, &err) < 0) {
                bh_doc_add_diag(c->doc, err->code == BH_ELIMIT ? 9003 : 9001, c->loc, "%s %s: %s",
                                what, name, err->msg);
                return NULL;
        }
        if (expect && strcmp(expect, digest) != 0) {
                bh_doc_add_diag(c->doc, 9016, c->loc,
                                "%s %s has digest %s, not %s: corrupt or tampered with", what, name,
                                digest, expect);
                return NULL;
        }
        j = json_loadb(data, len, 0, &jerr);
        if (!j) {
                bh_doc_add_diag(c->doc, 9001, c->loc, "%s %s is not JSON: %s (line %d)", what, name,
                                jerr.text, jerr.line);
                return NULL;
        }
        if (ret_text) {
                *ret_text = BH_STEAL(&data);
                *ret_len = len;
        }
        return j;
}

static const char *bh_img_jstr(json_t *o, const char *key)
{
        json_t *v = json_object_get(o, key);

        return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ---- OCI: index.json -> nested indexes -> one manifest ---- */

struct bh_img_cand {
        json_t *desc; /* borrowed from a kept index */
        char platform[128];
};

static bool bh_img_is_index(const char *mt)
{
        return mt && (strcmp(mt, "application/vnd.oci.image.index.v1+json") == 0 ||
                      strcmp(mt, "application/vnd.docker.distribution.manifest.list.v2+json") == 0);
}

static bool bh_img_is_manifest(const char *mt)
{
        return !mt || strcmp(mt, "application/vnd.oci.image.manifest.v1+json") == 0 ||
               strcmp(mt, "application/vnd.docker.distribution.manifest.v2+json") == 0;
}

struct bh_img_walk {
        BH_VEC(struct bh_img_cand) cands;
        BH_VEC(json_t *) keep; /* indexes read, released at the end */
};

static void bh_img_collect(struct bh_img_ctx *c, struct bh_img_walk *w, json_t *index,
                           unsigned depth)
{
        size_t i;
        json_t *d;

        json_array_foreach(json_object_get(index, "manifests"), i, d)
        {
                const char *mt = bh_img_jstr(d, "mediaType");
                const char *ref =
                        bh_img_jstr(json_object_get(d, "annotations"), "vnd.docker.reference.type");
                if (ref && strcmp(ref, "attestation-manifest") == 0)
                        continue;
                if (bh_img_is_index(mt)) {
                        if (depth + 1 >= BH_LIMIT_IMAGE_INDEX_DEPTH) {
                                bh_doc_add_diag(c->doc, 9003, c->loc,
                                                "image indexes nested more than %u deep",
                                                BH_LIMIT_IMAGE_INDEX_DEPTH);
                                continue;
                        }
                        const char *dg = bh_img_jstr(d, "digest");
                        const char *name = bh_img_blob_name(c, dg);
                        if (!name) {
                                bh_doc_add_diag(c->doc, 9002, c->loc,
                                                "index entry with a malformed digest %s",
                                                dg ? dg : "(none)");
                                continue;
                        }
                        json_t *sub = bh_img_read_json(c, name, "index", dg, NULL, NULL);
                        if (!sub)
                                continue;
                        BH_VEC_PUSH(&w->keep, sub);
                        bh_img_collect(c, w, sub, depth + 1);
                } else if (bh_img_is_manifest(mt)) {
                        struct bh_img_cand *x = BH_VEC_NEW(&w->cands);
                        json_t *p = json_object_get(d, "platform");
                        x->desc = d;
                        if (json_is_object(p)) {
                                const char *os = bh_img_jstr(p, "os"),
                                           *ar = bh_img_jstr(p, "architecture"),
                                           *va = bh_img_jstr(p, "variant");
                                snprintf(x->platform, sizeof(x->platform), "%s/%s%s%s",
                                         os ? os : "?", ar ? ar : "?", va ? "/" : "", va ? va : "");
                        }
                } else {
                        bh_doc_add_diag(c->doc, 9017, c->loc,
                                        "index entry of media type %s is not an image: skipped",
                                        mt);
                }
        }
}

/* "linux/arm64" matches "linux/arm64/v8"; a variant asked for must match. */
static bool bh_img_platform_match(const char *want, const char *have)
{
        size_t wl = strlen(want);

        if (!*have)
                return false;
        if (strcmp(want, have) == 0)
                return true;
        return strncmp(want, have, wl) == 0 && have[wl] == '/' && strchr(want, '/') &&
               strchr(strchr(want, '/') + 1, '/') == NULL;
}

static json_t *bh_img_pick(struct bh_img_ctx *c, struct bh_img_walk *w)
{
        const char *want = c->platform ? c->platform : bh_image_host_platform();
        size_t n = w->cands.n;
        char avail[512] = "";
        size_t al = 0;

        for (size_t i = 0; i < n; i++)
                if (bh_img_platform_match(want, w->cands.v[i].platform))
                        return w->cands.v[i].desc;
        if (!c->platform) {
                /* no platform asked for: the only image there is, or the
                 * first of those that name no platform (tags of one layout) */
                if (n == 1)
                        return w->cands.v[0].desc;
                for (size_t i = 0; i < n; i++)
                        if (!w->cands.v[i].platform[0]) {
                                bh_doc_add_diag(c->doc, 9019, c->loc,
                                                "the layout holds %zu images: only the first was "
                                                "scanned",
                                                n);
                                return w->cands.v[i].desc;
                        }
        }
        for (size_t i = 0; i < n; i++) {
                int m = snprintf(avail + al, sizeof(avail) - al, "%s%s", al ? ", " : "",
                                 w->cands.v[i].platform[0] ? w->cands.v[i].platform : "(none)");
                if (m > 0 && al + (size_t)m < sizeof(avail))
                        al += (size_t)m;
        }
        bh_doc_add_diag(c->doc, 9017, c->loc,
                        "no image for platform %s in the index (it has: %s); choose one with "
                        "--platform",
                        want, n ? avail : "no image");
        return NULL;
}

/* ---- layers, configuration, facts ---- */

struct bh_img_layer_ref {
        const char *name;   /* member / blob name */
        const char *expect; /* digest to verify, or NULL */
        bool expect_if_plain;
        const char *media_type;
};

static void bh_img_read_layers(struct bh_img_ctx *c, struct bh_img_merge *m,
                               const struct bh_img_layer_ref *refs, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                struct bh_image_layer *l = BH_VEC_NEW(&c->img->layers);
                struct bh_img_layer_ctx lc = {.doc = c->doc,
                                              .img = c->img,
                                              .merge = m,
                                              .layer = l,
                                              .index = (uint32_t)i,
                                              .loc = c->loc};
                struct bh_blob b;
                bh_autoptr(bh_error) err = NULL;

                l->digest = bh_arena_strdup(&c->doc->arena,
                                            refs[i].expect ? refs[i].expect : refs[i].name);
                l->media_type = refs[i].media_type
                                        ? bh_arena_strdup(&c->doc->arena, refs[i].media_type)
                                        : NULL;
                l->compression = "none";
                if (refs[i].media_type && !strstr(refs[i].media_type, "tar") &&
                    !strstr(refs[i].media_type, "rootfs.diff")) {
                        bh_doc_add_diag(c->doc, 9017, c->loc,
                                        "layer %zu has media type %s, not a filesystem tar: not "
                                        "read",
                                        i + 1, refs[i].media_type);
                        continue;
                }
                if (c->src->recorded) { /* a stream: the layer was read already */
                        const struct bh_img_rec *rec = c->src->recorded(c->src, refs[i].name, &err);
                        if (!rec) {
                                bh_doc_add_diag(c->doc, 9004, c->loc,
                                                "layer %zu (%s) cannot be read: %s", i + 1,
                                                l->digest, err->msg);
                                continue;
                        }
                        bh_img_rec_replay(&lc, rec, refs[i].expect, refs[i].expect_if_plain);
                        continue;
                }
                if (c->src->open(c->src, refs[i].name, &b, &err) < 0) {
                        bh_doc_add_diag(c->doc, 9004, c->loc, "layer %zu (%s) cannot be read: %s",
                                        i + 1, l->digest, err->msg);
                        continue;
                }
                bh_img_layer_read(&lc, &b, refs[i].expect, refs[i].expect_if_plain);
                if (lc.stop)
                        break;
        }
}

static struct bh_loc bh_img_file_loc(struct bh_img_ctx *c, const struct bh_image_file *f)
{
        struct bh_loc loc = {0};
        const struct bh_image_layer *l =
                f->layer < c->img->layers.n ? &c->img->layers.v[f->layer] : NULL;

        loc.file = bh_arena_printf(&c->doc->arena, "%s:/%s", c->doc->path, f->path);
        loc.note = bh_arena_printf(&c->doc->arena, "layer %u %.19s", f->layer + 1,
                                   l && l->digest ? l->digest : "?");
        return loc;
}

/* The OS release and the installed packages: bh_pkgdb_read() over the final
 * version of every file it wants (a whited-out database is gone, so are its
 * packages).  Each package names the layer that last wrote its database
 * file, in pkg->layer (the digest) and in loc.note, as other findings about
 * a file of the image do. */
static void bh_img_packages(struct bh_img_ctx *c, struct bh_img_entry *const *v, size_t n)
{
        struct bh_image *img = c->img;
        BH_VEC(struct bh_pkgdb_file) files = {0};
        BH_VEC(const char *) notes = {0};
        size_t before = img->pkgs.n;

        for (size_t i = 0; i < n; i++) {
                const struct bh_img_entry *x = v[i];
                if (!x->data || !bh_pkgdb_wanted(x->f.path))
                        continue;
                struct bh_loc loc = bh_img_file_loc(c, &x->f);
                const struct bh_image_layer *l =
                        x->f.layer < img->layers.n ? &img->layers.v[x->f.layer] : NULL;
                BH_VEC_PUSH(&files, ((struct bh_pkgdb_file){.path = x->f.path,
                                                            .data = x->data,
                                                            .len = x->len,
                                                            .layer = l ? l->digest : NULL,
                                                            .display = loc.file}));
                BH_VEC_PUSH(&notes, loc.note);
        }
        memset(&img->osinfo, 0, sizeof(img->osinfo));
        bh_pkgdb_read(&c->doc->arena, c->doc, files.v, files.n, &img->osinfo, &img->pkgs);
        img->has_os = img->osinfo.id != NULL;
        /* display strings are unique per file: find each one's layer note */
        for (size_t k = 0; k < files.n; k++) {
                if (img->osinfo.from_file == files.v[k].display)
                        img->osinfo.loc.note = notes.v[k];
                for (size_t i = before; i < img->pkgs.n; i++)
                        if (img->pkgs.v[i].loc.file == files.v[k].display)
                                img->pkgs.v[i].loc.note = notes.v[k];
        }
        free(files.v);
        free(notes.v);
}

static void bh_img_finish(struct bh_img_ctx *c, struct bh_img_merge *m)
{
        size_t n;
        struct bh_img_entry **v = bh_img_merge_sorted(m, &n);
        static const char *const checked[] = {"etc/passwd", "etc/shadow", "etc/sudoers"};

        c->img->files.v = bh_xreallocarray(NULL, n ? n : 1, sizeof(*c->img->files.v));
        c->img->files.cap = n ? n : 1;
        for (size_t i = 0; i < n; i++) {
                const struct bh_img_entry *x = v[i];
                c->img->files.v[c->img->files.n++] = x->f;
                if (S_ISLNK(x->f.mode)) {
                        for (size_t k = 0; k < BH_ELEMENTSOF(checked); k++)
                                if (strcmp(x->f.path, checked[k]) == 0)
                                        bh_doc_add_diag(c->doc, 9018, bh_img_file_loc(c, &x->f),
                                                        "/%s is a link to %s: never followed, so "
                                                        "it is not checked",
                                                        x->f.path, x->f.link);
                }
                if (!x->data)
                        continue;
                struct bh_loc loc = bh_img_file_loc(c, &x->f);
                if (x->truncated)
                        bh_doc_add_diag(c->doc, 9003, loc,
                                        "/%s is %llu bytes: only the first %zu were checked",
                                        x->f.path, (unsigned long long)x->f.size, x->len);
                bh_img_content_parse(c->doc, c->img, x->f.path, x->data, x->len, loc);
        }
        bh_img_packages(c, v, n);
        free(v);
}

/* The image's OS as a reference the end-of-life rule knows ("debian:12"). */
static void bh_img_os_ref(struct bh_img_ctx *c)
{
        const struct bh_osinfo *o = &c->img->osinfo;
        const char *ver = o->version_id ? o->version_id : o->codename;

        if (!c->img->has_os || !o->id || !ver)
                return;
        struct bh_imgref *r = BH_VEC_NEW(&c->doc->images);
        r->role = BH_IMGREF_OS;
        r->ref.s = bh_arena_printf(&c->doc->arena, "%s:%s", o->id, ver);
        r->ref.set = r->ref.known = true;
        r->raw = r->ref.s;
        r->loc = o->loc;
        r->ref.loc = o->loc;
}

static int bh_img_config(struct bh_img_ctx *c, const char *name, const char *expect,
                         json_t **ret_diff_ids, struct bh_error **err)
{
        bh_autofree char *text = NULL;
        size_t len = 0;
        json_t *j = bh_img_read_json(c, name, "configuration", expect, &text, &len);
        struct bh_df_options dfo = {0};
        const char *df;

        *ret_diff_ids = NULL;
        if (!j)
                return 0;
        json_decref(j);
        c->img->config_digest = bh_arena_strdup(&c->doc->arena, expect ? expect : name);
        df = bh_img_config_text(c->doc, c->img, text, len, c->loc, ret_diff_ids);
        if (!df)
                return 0;
        c->doc->text = df;
        c->doc->text_len = strlen(df);
        int r = bh_frontend_dockerfile(c->doc, &dfo, err);
        if (r < 0)
                return r;
        for (size_t i = 0; i < c->doc->containers.n; i++) {
                struct bh_container *k = c->doc->containers.v[i];
                if (k->origin != BH_ORIGIN_IMAGE_BUILD)
                        continue;
                k->name = c->img->name ? c->img->name : c->doc->path;
                k->image = (struct bh_value){.s = k->name, .set = true, .known = true};
        }
        return 0;
}

static int bh_img_docker(struct bh_img_ctx *c, struct bh_img_merge *m, struct bh_error **err)
{
        json_t *man = bh_img_read_json(c, "manifest.json", "manifest", NULL, NULL, NULL);
        json_t *e, *diff = NULL, *v;
        const char *cfg;
        size_t i;
        int r = 0;

        if (!man)
                return 0;
        if (!json_is_array(man) || !json_is_object(e = json_array_get(man, 0)) ||
            !(cfg = bh_img_jstr(e, "Config"))) {
                bh_doc_add_diag(c->doc, 9002, c->loc,
                                "manifest.json is not a list of images with a Config");
                json_decref(man);
                return 0;
        }
        if (json_array_size(man) > 1)
                bh_doc_add_diag(c->doc, 9019, c->loc,
                                "the archive holds %zu images: only the first was scanned",
                                json_array_size(man));
        if (json_is_string(v = json_array_get(json_object_get(e, "RepoTags"), 0)))
                c->img->name = bh_arena_strdup(&c->doc->arena, json_string_value(v));
        /* the config's name is its digest: "<hex>.json" or "blobs/sha256/<hex>" */
        const char *cb = bh_path_basename(cfg);
        const char *cexp = bh_str_startswith(cfg, "blobs/sha256/")
                                   ? bh_arena_printf(&c->doc->arena, "sha256:%s", cb)
                           : strlen(cb) == 69 && bh_str_endswith(cb, ".json")
                                   ? bh_arena_printf(&c->doc->arena, "sha256:%.64s", cb)
                                   : NULL;
        r = bh_img_config(c, cfg, cexp, &diff, err);
        if (r < 0)
                goto out;
        json_t *layers = json_object_get(e, "Layers");
        size_t n = json_array_size(layers);
        if (n > BH_LIMIT_IMAGE_LAYERS) {
                bh_doc_add_diag(c->doc, 9003, c->loc, "%zu layers, over the limit of %u", n,
                                BH_LIMIT_IMAGE_LAYERS);
                goto out;
        }
        struct bh_img_layer_ref *refs = bh_xcalloc(n + 1, sizeof(*refs));
        json_array_foreach(layers, i, v)
        {
                const char *ln = json_is_string(v) ? json_string_value(v) : "";
                json_t *d = json_array_get(diff, i);
                refs[i].name = ln;
                if (bh_str_startswith(ln, "blobs/sha256/")) {
                        refs[i].expect =
                                bh_arena_printf(&c->doc->arena, "sha256:%s", bh_path_basename(ln));
                } else if (json_is_string(d)) {
                        refs[i].expect = bh_arena_strdup(&c->doc->arena, json_string_value(d));
                        refs[i].expect_if_plain = true;
                }
        }
        bh_img_read_layers(c, m, refs, n);
        free(refs);
out:
        json_decref(diff);
        json_decref(man);
        return r;
}

static int bh_img_oci(struct bh_img_ctx *c, struct bh_img_merge *m, struct bh_error **err)
{
        struct bh_img_walk w = {0};
        json_t *index = bh_img_read_json(c, "index.json", "index", NULL, NULL, NULL);
        json_t *man = NULL, *diff = NULL, *d, *v;
        size_t i;
        int r = 0;

        if (!index)
                return 0;
        bh_img_collect(c, &w, index, 0);
        d = bh_img_pick(c, &w);
        if (!d)
                goto out;
        const char *dg = bh_img_jstr(d, "digest"), *name = bh_img_blob_name(c, dg);
        json_t *ann = json_object_get(d, "annotations");
        const char *ref = bh_img_jstr(ann, "io.containerd.image.name");
        if (!ref)
                ref = bh_img_jstr(ann, "org.opencontainers.image.ref.name");
        if (ref)
                c->img->name = bh_arena_strdup(&c->doc->arena, ref);
        if (!name) {
                bh_doc_add_diag(c->doc, 9002, c->loc, "manifest with a malformed digest %s",
                                dg ? dg : "(none)");
                goto out;
        }
        c->img->manifest_digest = bh_arena_strdup(&c->doc->arena, dg);
        man = bh_img_read_json(c, name, "manifest", dg, NULL, NULL);
        if (!man)
                goto out;
        json_t *cd = json_object_get(man, "config");
        const char *cmt = bh_img_jstr(cd, "mediaType"), *cdg = bh_img_jstr(cd, "digest");
        if (cmt && strcmp(cmt, "application/vnd.oci.image.config.v1+json") != 0 &&
            strcmp(cmt, "application/vnd.docker.container.image.v1+json") != 0) {
                bh_doc_add_diag(c->doc, 9017, c->loc,
                                "the manifest's configuration has media type %s: not a "
                                "container image",
                                cmt);
                goto out;
        }
        const char *cname = bh_img_blob_name(c, cdg);
        if (!cname) {
                bh_doc_add_diag(c->doc, 9002, c->loc, "configuration with a malformed digest");
                goto out;
        }
        r = bh_img_config(c, cname, cdg, &diff, err);
        if (r < 0)
                goto out;
        json_t *layers = json_object_get(man, "layers");
        size_t n = json_array_size(layers);
        if (n > BH_LIMIT_IMAGE_LAYERS) {
                bh_doc_add_diag(c->doc, 9003, c->loc, "%zu layers, over the limit of %u", n,
                                BH_LIMIT_IMAGE_LAYERS);
                goto out;
        }
        struct bh_img_layer_ref *refs = bh_xcalloc(n + 1, sizeof(*refs));
        json_array_foreach(layers, i, v)
        {
                const char *ldg = bh_img_jstr(v, "digest");
                refs[i].name = bh_img_blob_name(c, ldg);
                if (!refs[i].name)
                        refs[i].name = "(malformed digest)";
                refs[i].expect = ldg;
                refs[i].media_type = bh_img_jstr(v, "mediaType");
        }
        bh_img_read_layers(c, m, refs, n);
        free(refs);
out:
        json_decref(diff);
        json_decref(man);
        for (size_t k = 0; k < w.keep.n; k++)
                json_decref(w.keep.v[k]);
        free(w.keep.v);
        free(w.cands.v);
        json_decref(index);
        return r;
}

static struct bh_image *bh_img_new(struct bh_doc *doc)
{
        struct bh_image *img = bh_arena_alloc(&doc->arena, sizeof(*img));

        img->input = doc->path;
        doc->surface = BH_SURFACE_IMAGE;
        doc->surface_model = img;
        return img;
}

static int bh_img_run(struct bh_img_ctx c, struct bh_error **err)
{
        struct bh_doc *doc = c.doc;
        struct bh_img_merge m;
        int r = 0;

        bh_img_merge_init(&m, &doc->arena);
        if (c.src->exists(c.src, "manifest.json")) {
                if (!c.img->format)
                        c.img->format = c.src->exists(c.src, "index.json") ? "docker-archive (OCI)"
                                                                           : "docker-archive";
                r = bh_img_docker(&c, &m, err);
        } else if (c.src->exists(c.src, "index.json")) {
                c.img->format =
                        strcmp(c.src->kind, "directory") == 0 ? "oci-layout" : "oci-archive";
                r = bh_img_oci(&c, &m, err);
        } else {
                bh_doc_add_diag(doc, 9017, c.loc,
                                "not an image: neither manifest.json (docker/podman save) nor "
                                "index.json (OCI) in it");
        }
        if (r >= 0) {
                bh_img_finish(&c, &m);
                bh_img_os_ref(&c);
        }
        bh_img_merge_release(&m);
        c.src->free(c.src);
        return r;
}

int bh_frontend_image(struct bh_doc *doc, const struct bh_image_opts *o, struct bh_error **err)
{
        struct bh_img_ctx c = {.doc = doc, .platform = o ? o->platform : NULL};
        int r;

        c.img = bh_img_new(doc);
        r = bh_blobsrc_open(doc, doc->path, &c.src, err);
        if (r < 0 || !c.src)
                return r;
        return bh_img_run(c, err);
}

int bh_frontend_image_stream(struct bh_doc *doc, const struct bh_image_opts *o, struct bh_blob *in,
                             struct bh_error **err)
{
        struct bh_img_ctx c = {.doc = doc, .platform = o ? o->platform : NULL};

        c.img = bh_img_new(doc);
        bh_blobsrc_stream(doc, c.img, in, &c.src);
        if (!c.src)
                return 0;
        c.img->format = "docker-archive (engine)";
        return bh_img_run(c, err);
}
