/* Theme 3, unprivileged user: root by explicit setting, root by omission. */
#include "checks.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

void bh_check_user_root(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                /* unknown values are the frontend's BH9005 */
                if (!c->user.set || !c->user.known || !c->user.s)
                        continue;
                if (!bh_ruleutil_user_is_root(c->user.s))
                        continue;
                bh_emit(e, c->user.loc.line ? c->user.loc : c->loc,
                        "the container runs as user \"%s\", which is root (uid 0)", c->user.s);
        }
}

void bh_check_user_missing(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                if (c->origin != BH_ORIGIN_IMAGE_BUILD || c->user.set)
                        continue;
                if (c->image.set && c->image.known && c->image.s)
                        bh_emit(e, c->loc,
                                "no USER in the final stage: the container runs as root unless "
                                "the base image %s sets a non-root user",
                                c->image.s);
                else
                        bh_emit(e, c->loc,
                                "no USER in the final stage: the container runs as root unless "
                                "the base image sets a non-root user");
        }
}

void bh_check_user_unset(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                /* the image build is BH3002's; runAsNonRoot makes the kubelet refuse root */
                if (!bh_ruleutil_is_runtime(c) || c->user.set || c->run_as_non_root == BH_TRUE)
                        continue;
                bh_emit(e, bh_ruleutil_owner_loc(c),
                        "container %s sets no user: it runs as the image's user (root unless "
                        "the image sets one)",
                        bh_ruleutil_ctr_name(c));
        }
}
