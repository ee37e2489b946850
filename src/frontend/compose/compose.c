/* The compose frontend's entry point: which files make the project (the
 * scanned one, then its override file or the -f files, in compose's order),
 * which environment interpolates them (the process, then --env-file or the
 * .env beside the first file), and the file names it claims. */
#include <ctype.h>

#include "../../util/strutil.h"
#include "compose-int.h"

#include "../../util/bh-banned.h"

static const char *const bh_compose_names[] = {
        "compose.yaml",       "compose.yml",         "docker-compose.yaml",
        "docker-compose.yml", "podman-compose.yaml", "podman-compose.yml",
};

/* compose-go's DefaultOverrideFileNames, in its order: the first that exists wins. */
static const char *const bh_compose_overrides[] = {
        "compose.override.yml",
        "compose.override.yaml",
        "docker-compose.override.yml",
        "docker-compose.override.yaml",
};

bool bh_compose_is_override_name(const char *base)
{
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_compose_overrides); i++)
                if (strcmp(base, bh_compose_overrides[i]) == 0)
                        return true;
        return false;
}

bool bh_compose_is_name(const char *base)
{
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_compose_names); i++)
                if (strcmp(base, bh_compose_names[i]) == 0)
                        return true;
        return bh_compose_is_override_name(base);
}

bool bh_compose_sniff(const char *text, size_t len)
{
        const char *p = text, *end = text + len;

        /* a line "services:" at column 1, followed by nothing but a comment */
        while (p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
                if (n >= 9 && memcmp(p, "services:", 9) == 0) {
                        size_t i = 9;
                        while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
                                i++;
                        if (i == n || p[i] == '#')
                                return true;
                }
                p = nl ? nl + 1 : end;
        }
        return false;
}

static void bh_compose_env(struct bh_compose *cx, struct bh_cenv *env, bool read_siblings)
{
        const struct bh_frontend_opts *o = cx->o;

        if (o && o->nenv_files) {
                for (size_t i = 0; i < o->nenv_files; i++) {
                        bh_autofree char *data = NULL;
                        size_t len = 0;
                        int r = bh_compose_read(cx, o->env_files[i], &data, &len);
                        if (r < 0)
                                bh_doc_add_diag(cx->doc, r == BH_ELIMIT ? 9003 : 9004,
                                                (struct bh_loc){0}, "cannot read --env-file %s%s",
                                                o->env_files[i],
                                                r == BH_ENOENT ? ": no such file" : "");
                        else
                                bh_compose_dotenv(cx, env, data, len);
                }
                return;
        }
        if (!read_siblings)
                return;
        bh_autofree char *data = NULL;
        size_t len = 0;
        if (bh_compose_read(cx, bh_compose_join(cx->a, cx->dir, ".env"), &data, &len) == 0)
                bh_compose_dotenv(cx, env, data, len);
}

/* Merge another file of the project (override, -f) over cx->project. */
static void bh_compose_merge_file(struct bh_compose *cx, const char *path, const char *label)
{
        struct bh_cnode *f = bh_compose_load_file(cx, path, label, cx->services_loc);

        if (!f)
                return;
        /* its include and extends paths are relative to its own directory */
        const char *dir = bh_compose_dirname(cx->a, path);
        bh_compose_include(cx, f, dir);
        bh_compose_extends(cx, f, dir, path);
        cx->project = bh_compose_merge(cx, cx->project, f, "", cx->services_loc);
}

int bh_frontend_compose(struct bh_doc *doc, const struct bh_frontend_opts *o, struct bh_error **err)
{
        struct bh_compose cx = {.doc = doc, .o = o, .a = &doc->arena};
        struct bh_cenv env = {0};
        const char *base = bh_path_basename(doc->path);
        bool is_stdin = strcmp(doc->path, "-") == 0;
        bool is_first = o && o->ncompose_files && strcmp(doc->path, o->compose_files[0]) == 0;

        (void)err;
        cx.dir = is_stdin ? "" : bh_compose_dirname(cx.a, doc->path);
        cx.env = &env;
        bh_compose_env(&cx, &env, !is_stdin);

        cx.project = bh_compose_load_text(&cx, doc->text, doc->text_len, NULL, (struct bh_loc){0});
        if (!cx.project)
                goto out;
        const struct bh_cpair *sp = bh_cn_pair(cx.project, "services");
        cx.services_loc = sp ? sp->key->loc : (struct bh_loc){.line = 1, .col = 1};
        bh_compose_include(&cx, cx.project, cx.dir);
        bh_compose_extends(&cx, cx.project, cx.dir, "");

        if (is_first) {
                for (size_t i = 1; i < o->ncompose_files; i++)
                        bh_compose_merge_file(&cx, o->compose_files[i], o->compose_files[i]);
        } else if (!is_stdin && bh_compose_is_name(base) && !bh_compose_is_override_name(base)) {
                /* the first override file that exists, as docker compose picks it (only
                 * beside a file of a default name: docker compose -f FILE adds none) */
                for (size_t i = 0; i < BH_ELEMENTSOF(bh_compose_overrides); i++) {
                        const char *p = bh_compose_join(cx.a, cx.dir, bh_compose_overrides[i]);
                        bh_autofree char *data = NULL;
                        size_t len = 0;
                        int r = bh_compose_read(&cx, p, &data, &len);
                        if (r == BH_ENOENT)
                                continue;
                        if (r < 0) {
                                bh_doc_add_diag(doc, r == BH_ELIMIT ? 9003 : 9004, cx.services_loc,
                                                "cannot read %s", bh_compose_overrides[i]);
                                break;
                        }
                        struct bh_cnode *f = bh_compose_load_text(
                                &cx, data, len, bh_compose_overrides[i], cx.services_loc);
                        if (f) {
                                bh_compose_include(&cx, f, cx.dir);
                                bh_compose_extends(&cx, f, cx.dir, p);
                                cx.project =
                                        bh_compose_merge(&cx, cx.project, f, "", cx.services_loc);
                        }
                        break;
                }
        }
        if (cx.project)
                bh_compose_model(&cx);
out:
        free(cx.files.v);
        bh_cenv_release(&env);
        return 0;
}
