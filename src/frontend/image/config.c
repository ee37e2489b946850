/* The image configuration: history commands turned back into RUN
 * instructions, and the configuration (Labels, Env, ExposedPorts, User)
 * written as a Dockerfile that the Dockerfile frontend reads, so that the
 * same rules fire for an image as for the Dockerfile that built it.  Every
 * line of that text is mapped to the configuration field it stands for. */
#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>

#include "../../util/buf.h"
#include "../../util/strutil.h"
#include "../frontend.h"
#include "image-int.h"
#include "image.h"

#include "../../util/bh-banned.h"

static const char *bh_skip_ws(const char *s)
{
        while (*s == ' ' || *s == '\t')
                s++;
        return s;
}

/* "|2 A=1 B=2 rest": skip the count and that many words. */
static const char *bh_skip_build_args(const char *s)
{
        uint64_t n = 0;

        if (*s != '|')
                return s;
        s++;
        while (isdigit((unsigned char)*s) && n < 100000)
                n = n * 10 + (uint64_t)(*s++ - '0');
        s = bh_skip_ws(s);
        for (uint64_t i = 0; i < n && *s; i++) {
                while (*s && *s != ' ')
                        s++;
                s = bh_skip_ws(s);
        }
        return s;
}

/* "/bin/sh -c X", "/bin/bash -o pipefail -c X", "sh -ec X": X, else NULL. */
static const char *bh_skip_shell(const char *s)
{
        const char *w = s, *e = s;
        size_t n;

        while (*e && *e != ' ')
                e++;
        n = (size_t)(e - w);
        const char *slash = memrchr(w, '/', n);
        const char *b = slash ? slash + 1 : w;
        size_t bl = (size_t)(e - b);
        static const char *const shells[] = {"sh", "bash", "ash", "dash", "zsh", "ksh"};
        bool ok = false;
        for (size_t i = 0; i < BH_ELEMENTSOF(shells); i++)
                if (bl == strlen(shells[i]) && memcmp(b, shells[i], bl) == 0)
                        ok = true;
        if (!ok)
                return NULL;
        s = bh_skip_ws(e);
        while (*s == '-') {
                const char *f = s;
                while (*s && *s != ' ')
                        s++;
                size_t fl = (size_t)(s - f);
                s = bh_skip_ws(s);
                if (fl >= 2 && f[fl - 1] == 'c' && f[1] != '-')
                        return s;                              /* -c, -ec, -xc ... */
                if (fl == 2 && (f[1] == 'o' || f[1] == 'O')) { /* -o pipefail */
                        while (*s && *s != ' ')
                                s++;
                        s = bh_skip_ws(s);
                }
        }
        return NULL;
}

const char *bh_img_history_script(struct bh_arena *a, const char *created_by)
{
        const char *s = bh_skip_ws(created_by), *r;
        size_t len;

        if (bh_str_startswith(s, "RUN ")) {
                s = bh_skip_build_args(bh_skip_ws(s + 4));
                r = bh_skip_shell(s);
                if (!r)
                        r = s; /* exec form or a plain command */
        } else {
                s = bh_skip_build_args(s);
                r = bh_skip_shell(s);
                if (!r)
                        return NULL; /* COPY, ADD, ENV ... from BuildKit */
                if (bh_str_startswith(r, "#(nop)"))
                        return NULL; /* a metadata instruction of the classic builder */
        }
        len = strlen(r);
        if (len >= 10 && memcmp(r + len - 10, " # buildkit", 10) == 0)
                len -= 10;
        else if (len >= 11 && memcmp(r + len - 11, " # buildkit", 11) == 0)
                len -= 11;
        while (len && (r[len - 1] == ' ' || r[len - 1] == '\n'))
                len--;
        if (!len)
                return NULL;
        return bh_arena_strndup(a, r, len);
}

/* ---- the configuration as a Dockerfile ---- */

struct bh_img_text {
        struct bh_buf b;
        uint32_t line; /* lines written so far */
        struct bh_image *img;
        struct bh_arena *a;
};

static void bh_img_text_line(struct bh_img_text *t, const char *field, const char *fmt, ...)
        BH_PRINTF(3, 4);
static void bh_img_text_line(struct bh_img_text *t, const char *field, const char *fmt, ...)
{
        va_list ap;
        char *s;

        va_start(ap, fmt);
        if (vasprintf(&s, fmt, ap) < 0)
                s = NULL;
        va_end(ap);
        if (!s)
                return;
        /* one physical line per call */
        for (const char *p = s;;) {
                const char *nl = strchr(p, '\n');
                size_t n = nl ? (size_t)(nl - p) : strlen(p);
                bh_buf_add(&t->b, p, n);
                bh_buf_addc(&t->b, '\n');
                t->line++;
                if (field)
                        BH_VEC_PUSH(&t->img->lines,
                                    ((struct bh_image_line){.line = t->line, .field = field}));
                if (!nl)
                        break;
                p = nl + 1;
        }
        free(s);
}

/* A value in single quotes (no expansion in a Dockerfile), control
 * characters as spaces, a quote as '"'"'. */
static const char *bh_img_quote(struct bh_arena *a, const char *s)
{
        struct bh_buf b;
        const char *r;

        bh_buf_init(&b, SIZE_MAX);
        bh_buf_addc(&b, '\'');
        for (; *s; s++) {
                if (*s == '\'')
                        bh_buf_adds(&b, "'\"'\"'");
                else if ((unsigned char)*s < 0x20 || *s == 0x7f)
                        bh_buf_addc(&b, ' ');
                else
                        bh_buf_addc(&b, *s);
        }
        bh_buf_addc(&b, '\'');
        r = bh_arena_strndup(a, b.buf, b.len);
        bh_buf_release(&b);
        return r;
}

static bool bh_img_plain_word(const char *s, const char *extra)
{
        if (!*s)
                return false;
        for (; *s; s++)
                if (!isalnum((unsigned char)*s) && !strchr(extra, *s))
                        return false;
        return true;
}

static void bh_img_text_run(struct bh_img_text *t, const char *field, const char *script)
{
        if (!strchr(script, '\n')) {
                bh_img_text_line(t, field, "RUN %s", script);
                return;
        }
        /* a multi-line command (heredoc, continuation lines): a quoted heredoc
         * keeps it exactly, with a terminator the text does not contain */
        char term[32];
        unsigned k = 0;
        do
                snprintf(term, sizeof(term), "BH_HISTORY_EOF%u", k++);
        while (strstr(script, term) && k < 1000);
        bh_img_text_line(t, field, "RUN <<'%s'", term);
        bh_img_text_line(t, field, "%s", script);
        bh_img_text_line(t, field, "%s", term);
}

const char *bh_img_config_text(struct bh_doc *doc, struct bh_image *img, const char *json,
                               size_t len, struct bh_loc loc, struct json_t **ret_diff_ids)
{
        struct bh_img_text t = {.img = img, .a = &doc->arena};
        json_error_t jerr;
        json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
        json_t *cfg, *v;
        const char *k, *r;
        size_t i;

        *ret_diff_ids = NULL;
        bh_buf_init(&t.b, SIZE_MAX);
        if (!root || !json_is_object(root)) {
                bh_doc_add_diag(doc, 9001, loc, "image configuration is not a JSON object: %s",
                                root ? "wrong type" : jerr.text);
                json_decref(root);
                bh_buf_release(&t.b);
                return NULL;
        }
        if (json_is_string(v = json_object_get(root, "os")))
                img->os = bh_arena_strdup(&doc->arena, json_string_value(v));
        if (json_is_string(v = json_object_get(root, "architecture")))
                img->architecture = bh_arena_strdup(&doc->arena, json_string_value(v));
        if (json_is_string(v = json_object_get(root, "variant")))
                img->variant = bh_arena_strdup(&doc->arena, json_string_value(v));
        v = json_object_get(json_object_get(root, "rootfs"), "diff_ids");
        if (json_is_array(v))
                *ret_diff_ids = json_incref(v);

        bh_img_text_line(&t, NULL,
                         "# bulkhead image %s: its configuration and history as a "
                         "Dockerfile",
                         img->name ? img->name : "");
        bh_img_text_line(&t, NULL, "FROM scratch");
        json_array_foreach(json_object_get(root, "history"), i, v)
        {
                json_t *cb = json_object_get(v, "created_by");
                if (!json_is_string(cb))
                        continue;
                r = bh_img_history_script(&doc->arena, json_string_value(cb));
                if (!r)
                        continue;
                bh_img_text_run(&t, bh_arena_printf(&doc->arena, "history[%zu].created_by", i), r);
        }
        cfg = json_object_get(root, "config");
        if (!json_is_object(cfg))
                cfg = json_object_get(root, "container_config");
        json_object_foreach(json_object_get(cfg, "Labels"), k, v)
        {
                if (!json_is_string(v))
                        continue;
                bh_img_text_line(&t, bh_arena_printf(&doc->arena, "config.Labels[\"%s\"]", k),
                                 "LABEL %s=%s", bh_img_quote(&doc->arena, k),
                                 bh_img_quote(&doc->arena, json_string_value(v)));
        }
        json_array_foreach(json_object_get(cfg, "Env"), i, v)
        {
                const char *s = json_is_string(v) ? json_string_value(v) : NULL;
                const char *eq = s ? strchr(s, '=') : NULL;
                if (!eq || eq == s)
                        continue;
                char *name = bh_arena_strndup(&doc->arena, s, (size_t)(eq - s));
                if (!bh_img_plain_word(name, "_.-"))
                        continue;
                bh_img_text_line(&t, bh_arena_printf(&doc->arena, "config.Env[%zu]", i),
                                 "ENV %s=%s", name, bh_img_quote(&doc->arena, eq + 1));
        }
        json_object_foreach(json_object_get(cfg, "ExposedPorts"), k, v)
        {
                if (!bh_img_plain_word(k, "/-"))
                        continue;
                bh_img_text_line(&t, bh_arena_printf(&doc->arena, "config.ExposedPorts[\"%s\"]", k),
                                 "EXPOSE %s", k);
        }
        v = json_object_get(cfg, "User");
        if (json_is_string(v) && *json_string_value(v)) {
                const char *u = json_string_value(v);
                if (bh_img_plain_word(u, ":_.-$@"))
                        bh_img_text_line(&t, "config.User", "USER %s", u);
                else
                        bh_doc_add_diag(doc, 9002, loc, "config.User %s is not a user name",
                                        bh_img_quote(&doc->arena, u));
        }
        json_decref(root);
        r = bh_arena_strndup(&doc->arena, t.b.buf, t.b.len);
        bh_buf_release(&t.b);
        return r;
}
