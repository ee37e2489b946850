/* Discovery: PATH arguments -> the ordered list of files to scan. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>

#include "../util/limits.h"
#include "../util/strutil.h"
#include "../util/walk.h"
#include "cli.h"

#include "../util/bh-banned.h"

static const char *const bh_skip_dirs[] = {".git", "node_modules", "vendor"};

struct bh_discover {
        struct bh_cli_scan *s;
        size_t max_files;
        bool over_limit;
};

static struct bh_cli_item *bh_discover_add(struct bh_cli_scan *s, const char *path)
{
        struct bh_cli_item *it = BH_VEC_NEW(&s->items);

        it->path = bh_xstrdup(path);
        bh_findings_init(&it->findings);
        return it;
}

static void bh_discover_problem(struct bh_cli_scan *s, const char *path, unsigned rule,
                                const char *fmt, ...) BH_PRINTF(4, 5);
static void bh_discover_problem(struct bh_cli_scan *s, const char *path, unsigned rule,
                                const char *fmt, ...)
{
        struct bh_cli_item *it = bh_discover_add(s, path);
        va_list ap;

        it->pre_rule = rule;
        va_start(ap, fmt);
        if (vasprintf(&it->pre_msg, fmt, ap) < 0)
                abort();
        va_end(ap);
}

static int bh_discover_file(const char *path, void *userdata)
{
        struct bh_discover *d = userdata;

        const struct bh_frontend_desc *fe = bh_frontend_for_path(path);

        if (!fe)
                return 0;
        if (d->s->items.n >= d->max_files) {
                d->over_limit = true;
                return BH_ELIMIT;
        }
        bh_discover_add(d->s, path)->fe = fe;
        return 0;
}

static int bh_discover_error(const char *path, int code, int errnum, void *userdata)
{
        struct bh_discover *d = userdata;

        if (code == BH_ELIMIT)
                bh_discover_problem(d->s, path, 9003,
                                    "directory nested deeper than %u levels; not scanned",
                                    BH_LIMIT_WALK_DEPTH);
        else
                bh_discover_problem(d->s, path, 9004, "cannot read directory: %s",
                                    strerror(errnum));
        return 0;
}

void bh_cli_discover_compose(struct bh_cli_scan *s, const char *path)
{
        const struct bh_frontend_desc *fe = bh_frontend_find("compose");

        for (size_t i = 0; i < s->items.n; i++) {
                if (!s->items.v[i].is_stdin && strcmp(s->items.v[i].path, path) == 0) {
                        s->items.v[i].fe = fe;
                        return;
                }
        }
        struct bh_cli_item *it = bh_discover_add(s, path);
        it->explicit_file = true;
        it->fe = fe;
}

/* A walked compose override file whose directory holds a compose file is
 * merged into that file's scan (as compose does), not scanned on its own. */
static void bh_discover_drop_overrides(struct bh_cli_scan *s, size_t first)
{
        size_t n = s->items.n, out = first;
        /* decide every drop before moving anything: the search reads all items */
        bool *drop = bh_xcalloc(n ? n : 1, sizeof(*drop));

        for (size_t i = first; i < n; i++) {
                const struct bh_cli_item *it = &s->items.v[i];
                const char *base = bh_path_basename(it->path);
                if (it->explicit_file || !bh_compose_is_override_name(base))
                        continue;
                size_t dl = (size_t)(base - it->path);
                for (size_t j = first; j < n && !drop[i]; j++) {
                        const char *p = s->items.v[j].path;
                        const char *b = bh_path_basename(p);
                        drop[i] = j != i && (size_t)(b - p) == dl &&
                                  strncmp(p, it->path, dl) == 0 && bh_compose_is_name(b) &&
                                  !bh_compose_is_override_name(b);
                }
        }
        for (size_t i = first; i < n; i++) {
                if (drop[i])
                        free(s->items.v[i].path);
                else
                        s->items.v[out++] = s->items.v[i];
        }
        s->items.n = out;
        free(drop);
}

int bh_cli_discover(const char *const *paths, size_t npaths, const struct bh_cli_discover_opts *o,
                    struct bh_cli_scan *s, struct bh_error **err)
{
        struct bh_walk_opts wo = {
                .skip_dirs = bh_skip_dirs,
                .nskip_dirs = BH_ELEMENTSOF(bh_skip_dirs),
                .excludes = o->excludes,
                .nexcludes = o->nexcludes,
                .on_error = bh_discover_error,
        };
        struct bh_discover d = {
                .s = s,
                .max_files = o->max_files ? o->max_files : BH_LIMIT_SCAN_FILES,
        };

        (void)err;
        for (size_t i = 0; i < npaths; i++) {
                const char *p = paths[i];
                struct stat st;

                if (strcmp(p, "-") == 0) {
                        struct bh_cli_item *it = bh_discover_add(s, o->stdin_name);
                        it->is_stdin = true;
                        it->explicit_file = true;
                        continue;
                }
                if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
                        struct bh_error *werr = NULL;
                        size_t first = s->items.n;
                        int r = bh_walk(p, &wo, bh_discover_file, &d, &werr);
                        bh_discover_drop_overrides(s, first);
                        if (r < 0 && d.over_limit) {
                                bh_discover_problem(s, p, 9003,
                                                    "more than %zu files; the rest were not "
                                                    "scanned",
                                                    d.max_files);
                                bh_error_free(werr);
                                break;
                        }
                        if (r < 0)
                                bh_discover_problem(s, p, 9004, "%s",
                                                    werr ? werr->msg : "cannot read directory");
                        bh_error_free(werr);
                        continue;
                }
                /* A file named on the command line is scanned whatever its name;
                 * one that is missing or unreadable becomes a BH9004 finding. */
                struct bh_cli_item *it = bh_discover_add(s, p);
                it->explicit_file = true;
        }
        return 0;
}

static bool bh_discover_excluded(const struct bh_cli_strv *ex, const char *rel)
{
        for (size_t i = 0; i < ex->n; i++) {
                const char *g = ex->v[i];
                if (bh_glob_match(g, rel) || bh_glob_match(g, bh_path_basename(rel)))
                        return true;
                /* a pattern naming a directory excludes everything below it */
                for (const char *q = strchr(rel, '/'); q; q = strchr(q + 1, '/')) {
                        bh_autofree char *dir = bh_xstrndup(rel, (size_t)(q - rel));
                        if (bh_glob_match(g, dir) || bh_glob_match(g, bh_path_basename(dir)))
                                return true;
                }
        }
        return false;
}

void bh_cli_discover_config_excludes(struct bh_cli_scan *s)
{
        size_t out = 0;

        for (size_t i = 0; i < s->items.n; i++) {
                struct bh_cli_item *it = &s->items.v[i];
                if (!it->explicit_file && !it->pre_rule && it->config && it->config_rel &&
                    bh_discover_excluded(&it->config->exclude, it->config_rel)) {
                        free(it->path);
                        free(it->config_rel);
                        continue;
                }
                s->items.v[out++] = *it;
        }
        s->items.n = out;
}
