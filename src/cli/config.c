/* .bulkhead.yaml: parsing (libyaml events, so line numbers are exact and
 * aliases are refused before they can expand) and discovery by walking up
 * from a scanned file's directory. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "../util/buf.h"
#include "../util/file.h"
#include "../util/limits.h"
#include "../util/strutil.h"
#include "cli.h"

#include "../util/bh-banned.h"

#define BH_CONFIG_NAME ".bulkhead.yaml"

void bh_cli_strv_release(struct bh_cli_strv *v)
{
        for (size_t i = 0; i < v->n; i++)
                free(v->v[i]);
        free(v->v);
        memset(v, 0, sizeof(*v));
}

void bh_cli_strv_addf(struct bh_cli_strv *v, const char *fmt, ...)
{
        va_list ap;
        char *s;

        va_start(ap, fmt);
        if (vasprintf(&s, fmt, ap) < 0)
                abort();
        va_end(ap);
        BH_VEC_PUSH(v, s);
}

/* ---- paths ---- */

char *bh_cli_abspath(const char *path)
{
        bh_autofree char *cwd = path[0] == '/' ? NULL : getcwd(NULL, 0);
        const char *base = path[0] == '/' ? "" : cwd ? cwd : "/";
        size_t bn = strlen(base), pn = strlen(path), o = 0;
        char *s = bh_xmalloc(bn + pn + 3);

        /* base "/" path: starts with '/', so every name follows a '/' */
        memcpy(s, base, bn);
        s[bn] = '/';
        memcpy(s + bn + 1, path, pn + 1);
        /* Lexical normalisation in place, one pass: fold "", "." and "..";
         * the output ("/name" per kept name) never overtakes the input. */
        for (size_t i = 1, n; s[i - 1]; i += n + 1) {
                const char *p = s + i;
                const char *slash = strchr(p, '/');
                n = slash ? (size_t)(slash - p) : strlen(p);
                if (n == 0 || (n == 1 && p[0] == '.')) {
                        /* nothing */
                } else if (n == 2 && p[0] == '.' && p[1] == '.') {
                        while (o && s[--o] != '/')
                                ;
                } else {
                        s[o] = '/';
                        memmove(s + o + 1, p, n);
                        o += n + 1;
                }
                if (!slash)
                        break;
        }
        if (o == 0)
                s[o++] = '/';
        s[o] = '\0';
        return s;
}

char *bh_cli_dirname(const char *abspath)
{
        const char *slash = strrchr(abspath, '/');

        if (!slash || slash == abspath)
                return bh_xstrdup("/");
        return bh_xstrndup(abspath, (size_t)(slash - abspath));
}

char *bh_cli_relpath(const char *dir, const char *abspath)
{
        size_t n = strlen(dir);

        if (strcmp(dir, "/") == 0)
                return bh_xstrdup(abspath + 1);
        if (strncmp(abspath, dir, n) != 0)
                return NULL;
        if (abspath[n] == '\0')
                return bh_xstrdup("");
        if (abspath[n] != '/')
                return NULL;
        return bh_xstrdup(abspath + n + 1);
}

/* ---- the YAML reader ---- */

struct bh_cfg_parser {
        yaml_parser_t yp;
        yaml_event_t ev;
        bool have_ev;
        const char *path; /* displayed */
        struct bh_cli_config *c;
        size_t entries;
        struct bh_error **err;
};

static unsigned bh_cfg_line(const struct bh_cfg_parser *ps)
{
        return (unsigned)ps->ev.start_mark.line + 1;
}

static int bh_cfg_fail(struct bh_cfg_parser *ps, const char *fmt, ...) BH_PRINTF(2, 3);
static int bh_cfg_fail(struct bh_cfg_parser *ps, const char *fmt, ...)
{
        char msg[400];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        return bh_error_set(ps->err, BH_EPARSE, "%s:%u: %s", ps->path, bh_cfg_line(ps), msg);
}

static int bh_cfg_next(struct bh_cfg_parser *ps)
{
        if (ps->have_ev)
                yaml_event_delete(&ps->ev);
        ps->have_ev = false;
        if (!yaml_parser_parse(&ps->yp, &ps->ev))
                return bh_error_set(ps->err, BH_EPARSE, "%s:%zu: %s", ps->path,
                                    ps->yp.problem_mark.line + 1,
                                    ps->yp.problem ? ps->yp.problem : "invalid YAML");
        ps->have_ev = true;
        if (ps->ev.type == YAML_ALIAS_EVENT)
                return bh_cfg_fail(ps, "aliases are not supported in the config file");
        return 0;
}

static const char *bh_cfg_scalar(const struct bh_cfg_parser *ps)
{
        return (const char *)ps->ev.data.scalar.value;
}

static int bh_cfg_count(struct bh_cfg_parser *ps)
{
        if (++ps->entries > BH_LIMIT_CONFIG_ENTRIES)
                return bh_error_set(ps->err, BH_ELIMIT, "%s:%u: more than %u entries", ps->path,
                                    bh_cfg_line(ps), BH_LIMIT_CONFIG_ENTRIES);
        return 0;
}

/* Mark one or more comma-separated rule IDs of the current scalar in set. */
static int bh_cfg_rules_scalar(struct bh_cfg_parser *ps, bool *set)
{
        size_t ntable;
        const struct bh_rule *table = bh_rules_table(&ntable);
        bh_autofree char *copy = bh_xstrdup(bh_cfg_scalar(ps));

        for (char *p = copy; p;) {
                char *comma = strchr(p, ',');
                if (comma)
                        *comma = '\0';
                while (*p == ' ')
                        p++;
                for (size_t n = strlen(p); n && p[n - 1] == ' '; n--)
                        p[n - 1] = '\0';
                const struct bh_rule *r = bh_rules_find(p);
                if (!r)
                        return bh_cfg_fail(ps, "unknown rule ID '%s'", p);
                set[r - table] = true;
                p = comma ? comma + 1 : NULL;
        }
        return 0;
}

/* A scalar or a sequence of scalars; each calls fn. */
typedef int (*bh_cfg_item_fn)(struct bh_cfg_parser *ps, void *data);

static int bh_cfg_list(struct bh_cfg_parser *ps, const char *key, bh_cfg_item_fn fn, void *data)
{
        int r;

        if ((r = bh_cfg_next(ps)) < 0)
                return r;
        if (ps->ev.type == YAML_SCALAR_EVENT) {
                if ((r = bh_cfg_count(ps)) < 0)
                        return r;
                return fn(ps, data);
        }
        if (ps->ev.type != YAML_SEQUENCE_START_EVENT)
                return bh_cfg_fail(ps, "'%s' must be a list", key);
        for (;;) {
                if ((r = bh_cfg_next(ps)) < 0)
                        return r;
                if (ps->ev.type == YAML_SEQUENCE_END_EVENT)
                        return 0;
                if (ps->ev.type != YAML_SCALAR_EVENT)
                        return bh_cfg_fail(ps, "'%s' must be a list of strings", key);
                if ((r = bh_cfg_count(ps)) < 0 || (r = fn(ps, data)) < 0)
                        return r;
        }
}

static int bh_cfg_rules_item(struct bh_cfg_parser *ps, void *data)
{
        return bh_cfg_rules_scalar(ps, data);
}

static int bh_cfg_str_item(struct bh_cfg_parser *ps, void *data)
{
        struct bh_cli_strv *v = data;

        if (!*bh_cfg_scalar(ps))
                return bh_cfg_fail(ps, "empty pattern");
        BH_VEC_PUSH(v, bh_xstrdup(bh_cfg_scalar(ps)));
        return 0;
}

static int bh_cfg_expect_scalar(struct bh_cfg_parser *ps, const char *key)
{
        int r = bh_cfg_next(ps);

        if (r < 0)
                return r;
        if (ps->ev.type != YAML_SCALAR_EVENT)
                return bh_cfg_fail(ps, "'%s' must be a string", key);
        return 0;
}

void bh_cli_rule_names(const bool *set, char *buf, size_t size)
{
        size_t ntable, len = 0;
        const struct bh_rule *table = bh_rules_table(&ntable);

        buf[0] = '\0';
        for (size_t i = 0; i < ntable && len + 1 < size; i++) {
                if (!set[i])
                        continue;
                int n = snprintf(buf + len, size - len, "%s%s", len ? ", " : "", table[i].id);
                if (n < 0)
                        break;
                len += (size_t)n;
        }
}

static int bh_cfg_suppression(struct bh_cfg_parser *ps, int64_t today)
{
        struct bh_cli_csupp *s;
        bool any = false;
        int r;

        if ((r = bh_cfg_count(ps)) < 0)
                return r;
        if (ps->ev.type != YAML_MAPPING_START_EVENT)
                return bh_cfg_fail(
                        ps, "each suppression must be a mapping (rule, path, reason, expires)");
        s = BH_VEC_NEW(&ps->c->supps);
        s->line = bh_cfg_line(ps);
        for (;;) {
                if ((r = bh_cfg_next(ps)) < 0)
                        return r;
                if (ps->ev.type == YAML_MAPPING_END_EVENT)
                        break;
                if (ps->ev.type != YAML_SCALAR_EVENT)
                        return bh_cfg_fail(ps, "expected a key");
                bh_autofree char *key = bh_xstrdup(bh_cfg_scalar(ps));
                if (strcmp(key, "rule") == 0) {
                        if ((r = bh_cfg_expect_scalar(ps, key)) < 0 ||
                            (r = bh_cfg_rules_scalar(ps, s->rules)) < 0)
                                return r;
                } else if (strcmp(key, "rules") == 0) {
                        if ((r = bh_cfg_list(ps, key, bh_cfg_rules_item, s->rules)) < 0)
                                return r;
                } else if (strcmp(key, "path") == 0) {
                        if ((r = bh_cfg_expect_scalar(ps, key)) < 0)
                                return r;
                        free(s->path_glob);
                        s->path_glob = bh_xstrdup(bh_cfg_scalar(ps));
                } else if (strcmp(key, "reason") == 0) {
                        if ((r = bh_cfg_expect_scalar(ps, key)) < 0)
                                return r;
                        free(s->reason);
                        s->reason = *bh_cfg_scalar(ps) ? bh_xstrdup(bh_cfg_scalar(ps)) : NULL;
                } else if (strcmp(key, "advisory") == 0) {
                        if ((r = bh_cfg_expect_scalar(ps, key)) < 0)
                                return r;
                        if (!*bh_cfg_scalar(ps))
                                return bh_cfg_fail(ps, "empty advisory");
                        free(s->advisory);
                        s->advisory = bh_xstrdup(bh_cfg_scalar(ps));
                } else if (strcmp(key, "expires") == 0) {
                        if ((r = bh_cfg_expect_scalar(ps, key)) < 0)
                                return r;
                        if (!bh_parse_date(bh_cfg_scalar(ps), &s->expires))
                                return bh_cfg_fail(ps, "malformed date '%s' (expected YYYY-MM-DD)",
                                                   bh_cfg_scalar(ps));
                        s->has_expires = true;
                        free(s->expires_str);
                        s->expires_str = bh_xstrdup(bh_cfg_scalar(ps));
                } else {
                        return bh_cfg_fail(ps,
                                           "unknown key '%s' in a suppression "
                                           "(expected rule, rules, advisory, path, reason, "
                                           "expires)",
                                           key);
                }
        }
        for (size_t i = 0; i < BH_RULE__COUNT; i++)
                any |= s->rules[i];
        if (!any && s->advisory) {
                /* an advisory alone: the vulnerable-package rules */
                s->rules[BH_RULE_BH1006] = s->rules[BH_RULE_BH1008] = true;
                any = true;
        }
        if (!any)
                return bh_error_set(ps->err, BH_EPARSE, "%s:%u: suppression names no rule",
                                    ps->path, s->line);

        char names[512];
        bh_cli_rule_names(s->rules, names, sizeof(names));
        if (!s->reason)
                bh_cli_strv_addf(&ps->c->warnings, "%s:%u: suppression of %s has no reason",
                                 ps->path, s->line, names);
        if (s->has_expires && today > s->expires)
                bh_cli_strv_addf(&ps->c->warnings,
                                 "%s:%u: suppression of %s expired on %s and no longer applies",
                                 ps->path, s->line, names, s->expires_str);
        return 0;
}

static int bh_cfg_suppressions(struct bh_cfg_parser *ps, int64_t today)
{
        int r;

        if ((r = bh_cfg_next(ps)) < 0)
                return r;
        if (ps->ev.type == YAML_SCALAR_EVENT && !*bh_cfg_scalar(ps))
                return 0; /* "suppressions:" with nothing */
        if (ps->ev.type != YAML_SEQUENCE_START_EVENT)
                return bh_cfg_fail(ps, "'suppressions' must be a list");
        for (;;) {
                if ((r = bh_cfg_next(ps)) < 0)
                        return r;
                if (ps->ev.type == YAML_SEQUENCE_END_EVENT)
                        return 0;
                if ((r = bh_cfg_suppression(ps, today)) < 0)
                        return r;
        }
}

static int bh_cfg_fail_on(struct bh_cfg_parser *ps)
{
        int r = bh_cfg_expect_scalar(ps, "fail-on");
        const char *v;

        if (r < 0)
                return r;
        v = bh_cfg_scalar(ps);
        if (strcmp(v, "none") == 0) {
                ps->c->fail_on = BH_CLI_FAIL_NONE;
                return 0;
        }
        r = bh_severity_parse(v);
        if (r < 0)
                return bh_cfg_fail(ps,
                                   "'fail-on' must be one of critical, high, medium, low, "
                                   "info, none (not '%s')",
                                   v);
        ps->c->fail_on = r;
        return 0;
}

static int bh_cfg_document(struct bh_cfg_parser *ps, int64_t today)
{
        int r;

        if ((r = bh_cfg_next(ps)) < 0)
                return r;
        if (ps->ev.type == YAML_STREAM_END_EVENT)
                return 0; /* empty file */
        if ((r = bh_cfg_next(ps)) < 0)
                return r;
        if (ps->ev.type == YAML_SCALAR_EVENT && !*bh_cfg_scalar(ps)) {
                /* an empty document */
        } else if (ps->ev.type != YAML_MAPPING_START_EVENT) {
                return bh_cfg_fail(ps, "the config file must be a mapping");
        } else {
                for (;;) {
                        if ((r = bh_cfg_next(ps)) < 0)
                                return r;
                        if (ps->ev.type == YAML_MAPPING_END_EVENT)
                                break;
                        if (ps->ev.type != YAML_SCALAR_EVENT)
                                return bh_cfg_fail(ps, "expected a key");
                        bh_autofree char *key = bh_xstrdup(bh_cfg_scalar(ps));
                        if (strcmp(key, "fail-on") == 0) {
                                r = bh_cfg_fail_on(ps);
                        } else if (strcmp(key, "ignore") == 0) {
                                r = bh_cfg_list(ps, key, bh_cfg_rules_item, ps->c->ignore);
                        } else if (strcmp(key, "only") == 0) {
                                ps->c->has_only = true;
                                r = bh_cfg_list(ps, key, bh_cfg_rules_item, ps->c->only);
                        } else if (strcmp(key, "exclude") == 0) {
                                r = bh_cfg_list(ps, key, bh_cfg_str_item, &ps->c->exclude);
                        } else if (strcmp(key, "suppressions") == 0) {
                                r = bh_cfg_suppressions(ps, today);
                        } else {
                                r = bh_cfg_fail(ps,
                                                "unknown key '%s' (expected fail-on, ignore, "
                                                "only, exclude, suppressions)",
                                                key);
                        }
                        if (r < 0)
                                return r;
                }
        }
        if ((r = bh_cfg_next(ps)) < 0) /* document end */
                return r;
        if ((r = bh_cfg_next(ps)) < 0)
                return r;
        if (ps->ev.type != YAML_STREAM_END_EVENT)
                return bh_cfg_fail(ps, "the config file must hold a single YAML document");
        return 0;
}

struct bh_cli_config *bh_cli_config_free(struct bh_cli_config *c)
{
        if (!c)
                return NULL;
        free(c->path);
        free(c->dir);
        bh_cli_strv_release(&c->exclude);
        bh_cli_strv_release(&c->warnings);
        for (size_t i = 0; i < c->supps.n; i++) {
                free(c->supps.v[i].path_glob);
                free(c->supps.v[i].reason);
                free(c->supps.v[i].expires_str);
                free(c->supps.v[i].advisory);
        }
        free(c->supps.v);
        free(c);
        return NULL;
}

int bh_cli_config_load(const char *path, const char *display_path, int64_t today,
                       struct bh_cli_config **ret, struct bh_error **err)
{
        bh_autofree char *data = NULL;
        bh_autofree char *abs = NULL;
        struct bh_cli_config *c;
        struct bh_cfg_parser ps = {.path = display_path, .err = err};
        size_t len;
        int r;

        r = bh_file_read(path, BH_LIMIT_CONFIG_SIZE, &data, &len, err);
        if (r < 0)
                return bh_error_wrap(err, "%s", display_path);
        c = bh_xcalloc(1, sizeof(*c));
        c->path = bh_xstrdup(display_path);
        abs = bh_cli_abspath(path);
        c->dir = bh_cli_dirname(abs);
        c->fail_on = -1;
        ps.c = c;

        if (!yaml_parser_initialize(&ps.yp))
                abort();
        yaml_parser_set_input_string(&ps.yp, (const unsigned char *)data, len);
        r = bh_cfg_next(&ps); /* stream start */
        if (r >= 0)
                r = bh_cfg_document(&ps, today);
        if (ps.have_ev)
                yaml_event_delete(&ps.ev);
        yaml_parser_delete(&ps.yp);
        if (r < 0) {
                bh_cli_config_free(c);
                return r;
        }
        *ret = c;
        return 0;
}

/* ---- discovery ---- */

struct bh_cc_slot {
        char *dir;
        struct bh_cli_config *config; /* NULL: none at or above dir */
};

struct bh_cli_config_cache {
        struct bh_cc_slot *slots;
        size_t cap, n;
        BH_VEC(struct bh_cli_config *) loaded;
        char *cwd;
        int64_t today;
};

static size_t bh_cc_hash(const char *s)
{
        size_t h = 14695981039346656037u;

        for (; *s; s++)
                h = (h ^ (unsigned char)*s) * 1099511628211u;
        return h;
}

static struct bh_cc_slot *bh_cc_lookup(struct bh_cli_config_cache *cc, const char *dir)
{
        size_t i = bh_cc_hash(dir) & (cc->cap - 1);

        while (cc->slots[i].dir && strcmp(cc->slots[i].dir, dir) != 0)
                i = (i + 1) & (cc->cap - 1);
        return &cc->slots[i];
}

static void bh_cc_insert(struct bh_cli_config_cache *cc, const char *dir, struct bh_cli_config *c)
{
        struct bh_cc_slot *s;

        if ((cc->n + 1) * 2 > cc->cap) {
                struct bh_cc_slot *old = cc->slots;
                size_t oldcap = cc->cap;
                cc->cap *= 2;
                cc->slots = bh_xcalloc(cc->cap, sizeof(*cc->slots));
                for (size_t i = 0; i < oldcap; i++)
                        if (old[i].dir)
                                *bh_cc_lookup(cc, old[i].dir) = old[i];
                free(old);
        }
        s = bh_cc_lookup(cc, dir);
        if (s->dir)
                return;
        s->dir = bh_xstrdup(dir);
        s->config = c;
        cc->n++;
}

struct bh_cli_config_cache *bh_cli_config_cache_new(int64_t today)
{
        struct bh_cli_config_cache *cc = bh_xcalloc(1, sizeof(*cc));

        cc->cap = 64;
        cc->slots = bh_xcalloc(cc->cap, sizeof(*cc->slots));
        cc->cwd = bh_cli_abspath(".");
        cc->today = today;
        return cc;
}

struct bh_cli_config_cache *bh_cli_config_cache_free(struct bh_cli_config_cache *cc)
{
        if (!cc)
                return NULL;
        for (size_t i = 0; i < cc->cap; i++)
                free(cc->slots[i].dir);
        free(cc->slots);
        for (size_t i = 0; i < cc->loaded.n; i++)
                bh_cli_config_free(cc->loaded.v[i]);
        free(cc->loaded.v);
        free(cc->cwd);
        free(cc);
        return NULL;
}

struct bh_cli_config **bh_cli_config_cache_list(struct bh_cli_config_cache *cc, size_t *ret_n)
{
        *ret_n = cc->loaded.n;
        return cc->loaded.v;
}

int bh_cli_config_find(struct bh_cli_config_cache *cc, const char *absdir,
                       struct bh_cli_config **ret, struct bh_error **err)
{
        BH_VEC(char *) pending = {0};
        struct bh_cli_config *found = NULL;
        char *dir = bh_xstrdup(absdir);
        int r = 0;

        for (;;) {
                struct bh_cc_slot *s = bh_cc_lookup(cc, dir);
                if (s->dir) {
                        found = s->config;
                        free(dir);
                        break;
                }
                BH_VEC_PUSH(&pending, dir);
                bh_autofree char *file =
                        bh_xasprintf("%s%s" BH_CONFIG_NAME, dir, strcmp(dir, "/") ? "/" : "");
                struct stat st;
                if (stat(file, &st) == 0 && S_ISREG(st.st_mode)) {
                        bh_autofree char *rel = bh_cli_relpath(cc->cwd, file);
                        r = bh_cli_config_load(file, rel ? rel : file, cc->today, &found, err);
                        if (r < 0)
                                break;
                        BH_VEC_PUSH(&cc->loaded, found);
                        break;
                }
                if (strcmp(dir, "/") == 0)
                        break;
                dir = bh_cli_dirname(dir);
        }
        for (size_t i = 0; i < pending.n; i++) {
                if (r >= 0)
                        bh_cc_insert(cc, pending.v[i], found);
                free(pending.v[i]);
        }
        free(pending.v);
        if (r < 0)
                return r;
        *ret = found;
        return 0;
}
