/* Theme 1, up to date: image references (every surface fills doc->images). */
#include <strings.h>

#include "../util/strutil.h"
#include "checks.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

static struct bh_loc bh_img_loc(const struct bh_imgref *im)
{
        return im->loc.line ? im->loc : im->ref.loc;
}

/* A reference to check: known, not scratch, not a build stage.  Unknown
 * references are reported by the frontend (BH9005). */
static bool bh_img_parse(const struct bh_doc *doc, const struct bh_imgref *im,
                         struct bh_ref_parts *ret)
{
        const char *s = im->ref.s;

        if (!im->ref.set || !im->ref.known || !s || !*s)
                return false;
        /* an image's own OS release is for the end-of-life rule only */
        if (im->role == BH_IMGREF_OS)
                return false;
        if (strcasecmp(s, "scratch") == 0)
                return false;
        if (doc->dockerfile) {
                const struct bh_dockerfile *df = doc->dockerfile;
                for (size_t i = 0; i < df->nstages; i++)
                        if (df->stages[i].name && strcasecmp(df->stages[i].name, s) == 0)
                                return false;
        }
        return bh_ruleutil_parse_ref(s, ret);
}

static bool bh_digest_pinned(const struct bh_ref_parts *p)
{
        return bh_str_startswith(p->digest, "sha256:") || bh_str_startswith(p->digest, "sha512:");
}

void bh_check_image_latest(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->images.n; i++) {
                const struct bh_imgref *im = &doc->images.v[i];
                struct bh_ref_parts p;

                if (!bh_img_parse(doc, im, &p) || p.digest[0])
                        continue;
                if (!p.tag[0])
                        bh_emit(e, bh_img_loc(im),
                                "image %s has no tag, so it means :latest: the build changes "
                                "whenever a new image is pushed",
                                im->ref.s);
                else if (strcmp(p.tag, "latest") == 0)
                        bh_emit(e, bh_img_loc(im),
                                "image %s uses the latest tag: the build changes whenever a new "
                                "image is pushed",
                                im->ref.s);
        }
}

void bh_check_image_not_pinned(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->images.n; i++) {
                const struct bh_imgref *im = &doc->images.v[i];
                struct bh_ref_parts p;

                if (!bh_img_parse(doc, im, &p) || bh_digest_pinned(&p))
                        continue;
                bh_emit(e, bh_img_loc(im),
                        "image %s is not pinned by digest: the tag can be moved to other content",
                        im->ref.s);
        }
}

void bh_check_image_eol(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        int64_t today = bh_today();

        (void)r;
        for (size_t i = 0; i < doc->images.n; i++) {
                const struct bh_imgref *im = &doc->images.v[i];
                const struct bh_eol_entry *x;

                if (!im->ref.set || !im->ref.known || !im->ref.s)
                        continue;
                x = bh_rules_eol_lookup(im->ref.s);
                if (!bh_rules_eol_expired(x, today))
                        continue;
                bh_emit(e, im->loc.line ? im->loc : im->ref.loc,
                        "%s (%s %s%s%s) reached end of life on %s and gets no security fixes "
                        "(end-of-life table of %s)",
                        im->ref.s, x->distro, x->version, x->codename ? " " : "",
                        x->codename ? x->codename : "", x->eol, bh_rules_eol_compiled());
        }
}
