/* The image model's helpers (src/model/image.h). */
#include "image.h"

#include "../util/bh-banned.h"

const char *bh_image_line_field(const struct bh_image *img, uint32_t line)
{
        size_t lo = 0, hi = img->lines.n;

        /* lines are added in text order */
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (img->lines.v[mid].line < line)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo < img->lines.n && img->lines.v[lo].line == line ? img->lines.v[lo].field : NULL;
}

void bh_image_release(struct bh_image *img)
{
        free(img->layers.v);
        free(img->files.v);
        free(img->accounts.v);
        free(img->shadow.v);
        free(img->sudo.v);
        free(img->secrets.v);
        free(img->lines.v);
        free(img->pkgs.v);
        memset(img, 0, sizeof(*img));
}
