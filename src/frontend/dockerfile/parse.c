#include "../frontend.h"

#include "../../util/bh-banned.h"

int bh_frontend_dockerfile(struct bh_doc *doc, const struct bh_df_options *opt,
                           struct bh_error **err)
{
        (void)doc;
        (void)opt;
        (void)err;
        return 0;
}

bool bh_frontend_is_dockerfile_name(const char *basename)
{
        return strcmp(basename, "Dockerfile") == 0;
}
