#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>

#include "dockerfile.h"
#include "host.h"
#include "image.h"
#include "model.h"
#include "vuln.h"

#include "../util/bh-banned.h"

static const char *const bh_sev_names[BH_SEV__COUNT] = {
        [BH_SEV_INFO] = "info",     [BH_SEV_LOW] = "low",           [BH_SEV_MEDIUM] = "medium",
        [BH_SEV_HIGH] = "high",     [BH_SEV_CRITICAL] = "critical",
};

const char *bh_severity_name(enum bh_severity s)
{
        return (unsigned)s < BH_SEV__COUNT ? bh_sev_names[s] : "?";
}

int bh_severity_parse(const char *s)
{
        for (int i = 0; i < BH_SEV__COUNT; i++)
                if (strcasecmp(s, bh_sev_names[i]) == 0)
                        return i;
        return -1;
}

static const char *const bh_df_kind_names[BH_DF__COUNT] = {
        [BH_DF_UNKNOWN] = "?",           [BH_DF_ADD] = "ADD",
        [BH_DF_ARG] = "ARG",             [BH_DF_CMD] = "CMD",
        [BH_DF_COPY] = "COPY",           [BH_DF_ENTRYPOINT] = "ENTRYPOINT",
        [BH_DF_ENV] = "ENV",             [BH_DF_EXPOSE] = "EXPOSE",
        [BH_DF_FROM] = "FROM",           [BH_DF_HEALTHCHECK] = "HEALTHCHECK",
        [BH_DF_LABEL] = "LABEL",         [BH_DF_MAINTAINER] = "MAINTAINER",
        [BH_DF_ONBUILD] = "ONBUILD",     [BH_DF_RUN] = "RUN",
        [BH_DF_SHELL] = "SHELL",         [BH_DF_STOPSIGNAL] = "STOPSIGNAL",
        [BH_DF_USER] = "USER",           [BH_DF_VOLUME] = "VOLUME",
        [BH_DF_WORKDIR] = "WORKDIR",
};

const char *bh_df_kind_name(enum bh_df_kind k)
{
        return (unsigned)k < BH_DF__COUNT ? bh_df_kind_names[k] : "?";
}

void bh_doc_init(struct bh_doc *d, const char *path, enum bh_surface surface, const char *text,
                 size_t len)
{
        memset(d, 0, sizeof(*d));
        d->path = bh_arena_strdup(&d->arena, path);
        d->surface = surface;
        d->text = text;
        d->text_len = len;
}

static void bh_container_release(struct bh_container *c)
{
        free(c->cap_add.v);
        free(c->cap_drop.v);
        free(c->mounts.v);
        free(c->ports.v);
        free(c->env.v);
        free(c->security_opt.v);
        free(c->devices.v);
        free(c->device_cgroup_rules.v);
        free(c->sysctls.v);
}

void bh_doc_release(struct bh_doc *d)
{
        for (size_t i = 0; i < d->containers.n; i++)
                bh_container_release(d->containers.v[i]);
        if (d->surface == BH_SURFACE_HOST && d->surface_model)
                bh_host_release(d->surface_model);
        else if (d->surface == BH_SURFACE_ENGINECONF && d->surface_model)
                bh_engine_cfg_release(d->surface_model);
        else if (d->surface == BH_SURFACE_IMAGE && d->surface_model)
                bh_image_release(d->surface_model);
        bh_vuln_report_release(d->vulns);
        free(d->containers.v);
        free(d->images.v);
        free(d->diags.v);
        free(d->networks.v);
        bh_arena_release(&d->arena);
        memset(d, 0, sizeof(*d));
}

struct bh_container *bh_doc_add_container(struct bh_doc *d, enum bh_container_origin origin)
{
        struct bh_container *c = bh_arena_alloc(&d->arena, sizeof(*c));

        c->origin = origin;
        BH_VEC_PUSH(&d->containers, c);
        return c;
}

void bh_doc_add_diag(struct bh_doc *d, unsigned rule, struct bh_loc loc, const char *fmt, ...)
{
        va_list ap;
        char msg[1024];

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        struct bh_diag *g = BH_VEC_NEW(&d->diags);
        g->rule = rule;
        g->loc = loc;
        g->message = bh_arena_strdup(&d->arena, msg);
}

const struct bh_doc_part *bh_doc_part_at(const struct bh_doc *d, uint32_t line)
{
        size_t lo = 0, hi = d->nparts;

        /* binary search: parts are sorted and disjoint */
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                const struct bh_doc_part *p = &d->parts[mid];
                if (line < p->first_line)
                        hi = mid;
                else if (line > p->last_line)
                        lo = mid + 1;
                else
                        return p;
        }
        return NULL;
}

bool bh_doc_line(const struct bh_doc *d, uint32_t n, const char **ret_line, size_t *ret_len)
{
        const char *p = d->text, *end = d->text + d->text_len;

        if (!p || n == 0)
                return false;
        for (uint32_t i = 1; i < n; i++) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                if (!nl)
                        return false;
                p = nl + 1;
        }
        if (p > end || (p == end && n > 1))
                return false;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len && p[len - 1] == '\r')
                len--;
        *ret_line = p;
        *ret_len = len;
        return true;
}

const char *bh_cap_normalize(struct bh_arena *a, const char *raw)
{
        while (isspace((unsigned char)*raw))
                raw++;
        size_t n = strlen(raw);
        while (n && isspace((unsigned char)raw[n - 1]))
                n--;
        if (n >= 4 && strncasecmp(raw, "CAP_", 4) == 0) {
                raw += 4;
                n -= 4;
        }
        char *s = bh_arena_strndup(a, raw, n);
        for (char *p = s; *p; p++)
                *p = (char)toupper((unsigned char)*p);
        return s;
}

const char *bh_path_normalize(struct bh_arena *a, const char *path)
{
        char *out = bh_arena_alloc(a, strlen(path) + 2);

        bh_path_normalize_into(out, path);
        return out;
}

size_t bh_path_normalize_into(char *out, const char *path)
{
        size_t o = 0;
        bool abs = path[0] == '/';
        const char *p = path;

        if (abs)
                out[o++] = '/';
        while (*p) {
                while (*p == '/')
                        p++;
                if (!*p)
                        break;
                const char *s = p;
                while (*p && *p != '/')
                        p++;
                size_t len = (size_t)(p - s);
                if (len == 1 && s[0] == '.')
                        continue;
                if (len == 2 && s[0] == '.' && s[1] == '.') {
                        /* lexical parent: drop the last component (never above the root) */
                        size_t min = abs ? 1 : 0;
                        if (o > min) {
                                while (o > min && out[o - 1] != '/')
                                        o--;
                                if (o > min)
                                        o--;
                                continue;
                        }
                        if (abs)
                                continue;
                }
                if (o > (abs ? 1u : 0u))
                        out[o++] = '/';
                memcpy(out + o, s, len);
                o += len;
        }
        if (o == 0)
                out[o++] = abs ? '/' : '.';
        out[o] = '\0';
        return o;
}
