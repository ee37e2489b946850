/* Shared helpers of the frontend tests: parse a string, look up diagnostics,
 * instructions and commands. */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "../../src/frontend/frontend.h"
#include "../../src/util/buf.h"
#include "../../src/util/limits.h"

static struct bh_doc fe_doc;
static bool fe_live;
static char *fe_text;

static inline void fe_reset(void)
{
        if (fe_live)
                bh_doc_release(&fe_doc);
        free(fe_text);
        fe_text = NULL;
        fe_live = false;
}

/* Parse text (copied, so tests can pass literals) with options opt. */
static inline struct bh_doc *fe_parse_opt(const char *text, size_t len,
                                          const struct bh_df_options *opt)
{
        struct bh_error *err = NULL;

        fe_reset();
        fe_text = malloc(len + 1);
        memcpy(fe_text, text, len);
        fe_text[len] = '\0';
        bh_doc_init(&fe_doc, "Dockerfile", BH_SURFACE_DOCKERFILE, fe_text, len);
        fe_live = true;
        assert_int_equal(bh_frontend_dockerfile(&fe_doc, opt, &err), 0);
        assert_null(err);
        assert_non_null(fe_doc.dockerfile);
        return &fe_doc;
}

/* Parse text (copied) as the file path with a frontend that takes (doc, err). */
static inline struct bh_doc *fe_parse_with(const char *path, const char *text,
                                           enum bh_surface surface,
                                           int (*parse)(struct bh_doc *, struct bh_error **))
{
        struct bh_error *err = NULL;

        fe_reset();
        fe_text = bh_xstrdup(text);
        bh_doc_init(&fe_doc, path, surface, fe_text, strlen(fe_text));
        fe_live = true;
        assert_int_equal(parse(&fe_doc, &err), 0);
        assert_null(err);
        return &fe_doc;
}

static inline struct bh_doc *fe_parse(const char *text)
{
        return fe_parse_opt(text, strlen(text), NULL);
}

static inline int fe_teardown(void **state)
{
        (void)state;
        fe_reset();
        return 0;
}

/* Number of diagnostics with this rule (and line, when line != 0). */
static inline size_t fe_ndiag(const struct bh_doc *d, unsigned rule, uint32_t line)
{
        size_t n = 0;

        for (size_t i = 0; i < d->diags.n; i++)
                if (d->diags.v[i].rule == rule && (!line || d->diags.v[i].loc.line == line))
                        n++;
        return n;
}

static inline const struct bh_diag *fe_diag(const struct bh_doc *d, unsigned rule)
{
        for (size_t i = 0; i < d->diags.n; i++)
                if (d->diags.v[i].rule == rule)
                        return &d->diags.v[i];
        return NULL;
}

static inline void fe_print_diags(const struct bh_doc *d)
{
        for (size_t i = 0; i < d->diags.n; i++)
                print_message("# diag BH%u %u:%u %s\n", d->diags.v[i].rule,
                              d->diags.v[i].loc.line, d->diags.v[i].loc.col,
                              d->diags.v[i].message);
}

static inline const struct bh_df_instr *fe_instr(const struct bh_doc *d, size_t i)
{
        assert_true(i < d->dockerfile->ninstrs);
        return &d->dockerfile->instrs[i];
}

/* The first command called name in a script, or NULL. */
static inline const struct bh_sh_cmd *fe_cmd(const struct bh_sh_script *s, const char *name)
{
        for (size_t i = 0; s && i < s->ncmds; i++)
                if (s->cmds[i].name && strcmp(s->cmds[i].name, name) == 0)
                        return &s->cmds[i];
        return NULL;
}

static inline const struct bh_container *fe_container(const struct bh_doc *d,
                                                      enum bh_container_origin o, size_t nth)
{
        for (size_t i = 0; i < d->containers.n; i++)
                if (d->containers.v[i]->origin == o && nth-- == 0)
                        return d->containers.v[i];
        return NULL;
}
