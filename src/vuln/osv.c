/* OSV record parser (jansson) and CVSS v3 base scores. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <strings.h>

#include "../util/buf.h"
#include "../util/limits.h"
#include "../util/strutil.h"
#include "osv.h"

#include "../util/bh-banned.h"

/* ---- CVSS v3 ---- */

/* CVSS v3.1 Roundup (specification appendix A): the smallest number with one
 * decimal equal to or above x, computed on integers so that 4.000000001 does
 * not become 4.1. */
static double bh_cvss_roundup(double x)
{
        long long i = llround(x * 100000.0);
        if (i % 10000 == 0)
                return (double)i / 100000.0;
        return (double)(i / 10000 + 1) / 10.0;
}

int bh_cvss_v3_score(const char *vector, double *ret_score)
{
        /* metric letter -> value; 0 = not seen */
        char av = 0, ac = 0, pr = 0, ui = 0, s = 0, c = 0, in = 0, a = 0;
        const char *p;

        if (!bh_str_startswith(vector, "CVSS:3.0/") && !bh_str_startswith(vector, "CVSS:3.1/"))
                return BH_EINVAL;
        p = vector + 9;
        while (*p) {
                const char *colon = strchr(p, ':');
                const char *slash = strchr(p, '/');
                size_t kl;
                char v, *slot = NULL;

                if (!colon || (slash && slash < colon))
                        return BH_EINVAL;
                kl = (size_t)(colon - p);
                if (colon[1] == '\0' || (colon[2] != '/' && colon[2] != '\0'))
                        return BH_EINVAL;
                v = colon[1];
                if (kl == 2 && memcmp(p, "AV", 2) == 0)
                        slot = &av;
                else if (kl == 2 && memcmp(p, "AC", 2) == 0)
                        slot = &ac;
                else if (kl == 2 && memcmp(p, "PR", 2) == 0)
                        slot = &pr;
                else if (kl == 2 && memcmp(p, "UI", 2) == 0)
                        slot = &ui;
                else if (kl == 1 && p[0] == 'S')
                        slot = &s;
                else if (kl == 1 && p[0] == 'C')
                        slot = &c;
                else if (kl == 1 && p[0] == 'I')
                        slot = &in;
                else if (kl == 1 && p[0] == 'A')
                        slot = &a;
                /* temporal / environmental metrics do not change the base score */
                if (slot) {
                        if (*slot)
                                return BH_EINVAL;
                        *slot = v;
                }
                p = colon[2] ? colon + 3 : colon + 2;
        }

        double wav, wac, wpr, wui, wc, wi, wa;
        bool changed;
        switch (av) {
        case 'N':
                wav = 0.85;
                break;
        case 'A':
                wav = 0.62;
                break;
        case 'L':
                wav = 0.55;
                break;
        case 'P':
                wav = 0.2;
                break;
        default:
                return BH_EINVAL;
        }
        switch (ac) {
        case 'L':
                wac = 0.77;
                break;
        case 'H':
                wac = 0.44;
                break;
        default:
                return BH_EINVAL;
        }
        if (s != 'U' && s != 'C')
                return BH_EINVAL;
        changed = s == 'C';
        switch (pr) {
        case 'N':
                wpr = 0.85;
                break;
        case 'L':
                wpr = changed ? 0.68 : 0.62;
                break;
        case 'H':
                wpr = changed ? 0.5 : 0.27;
                break;
        default:
                return BH_EINVAL;
        }
        switch (ui) {
        case 'N':
                wui = 0.85;
                break;
        case 'R':
                wui = 0.62;
                break;
        default:
                return BH_EINVAL;
        }
        const char cia[3] = {c, in, a};
        double *w[3] = {&wc, &wi, &wa};
        for (int k = 0; k < 3; k++) {
                switch (cia[k]) {
                case 'H':
                        *w[k] = 0.56;
                        break;
                case 'L':
                        *w[k] = 0.22;
                        break;
                case 'N':
                        *w[k] = 0;
                        break;
                default:
                        return BH_EINVAL;
                }
        }
        double iss = 1 - (1 - wc) * (1 - wi) * (1 - wa);
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss;
        double expl = 8.22 * wav * wac * wpr * wui;
        double score;
        if (impact <= 0)
                score = 0;
        else if (changed)
                score = bh_cvss_roundup(fmin(1.08 * (impact + expl), 10));
        else
                score = bh_cvss_roundup(fmin(impact + expl, 10));
        *ret_score = score;
        return 0;
}

enum bh_severity bh_cvss_severity(double score)
{
        if (score >= 9.0)
                return BH_SEV_CRITICAL;
        if (score >= 7.0)
                return BH_SEV_HIGH;
        if (score >= 4.0)
                return BH_SEV_MEDIUM;
        if (score >= 0.1)
                return BH_SEV_LOW;
        return BH_SEV_INFO;
}

int bh_osv_severity_word(const char *s)
{
        static const struct {
                const char *w;
                enum bh_severity sev;
        } words[] = {
                {"critical", BH_SEV_CRITICAL}, {"high", BH_SEV_HIGH},
                {"important", BH_SEV_HIGH},    {"medium", BH_SEV_MEDIUM},
                {"moderate", BH_SEV_MEDIUM},   {"low", BH_SEV_LOW},
                {"negligible", BH_SEV_INFO},   {"unimportant", BH_SEV_INFO},
                {"info", BH_SEV_INFO},
        };

        for (size_t i = 0; s && i < BH_ELEMENTSOF(words); i++)
                if (strcasecmp(s, words[i].w) == 0)
                        return (int)words[i].sev;
        return -1;
}

/* ---- the record ---- */

struct bh_osv_ctx {
        struct bh_arena *a;
        struct bh_error **err;
};

#define bh_osv_fail(x, code, ...) bh_error_set((x)->err, (code), __VA_ARGS__)

static bool bh_osv_clean(const char *s, bool allow_space)
{
        for (; *s; s++) {
                unsigned char ch = (unsigned char)*s;
                if (ch < 0x20 || ch == 0x7f || (!allow_space && ch == ' '))
                        return false;
        }
        return true;
}

/* Severity of a severity[] array: the highest CVSS v3 score, else an
 * "Ubuntu"-style word.  -1 none. */
static int bh_osv_sev_array(struct bh_osv_ctx *x, json_t *arr, const char **ret_src)
{
        size_t i;
        json_t *it;
        double best = -1;
        int word = -1;

        if (!json_is_array(arr))
                return -1;
        json_array_foreach(arr, i, it)
        {
                const char *type = json_string_value(json_object_get(it, "type"));
                const char *score = json_string_value(json_object_get(it, "score"));
                double sc;
                if (!type || !score)
                        continue;
                if ((strcmp(type, "CVSS_V3") == 0 || strcmp(type, "CVSS_V31") == 0) &&
                    bh_cvss_v3_score(score, &sc) == 0) {
                        if (sc > best)
                                best = sc;
                } else if (word < 0) {
                        word = bh_osv_severity_word(score);
                }
        }
        if (best >= 0) {
                *ret_src = bh_arena_printf(x->a, "cvss:%.1f", best);
                return (int)bh_cvss_severity(best);
        }
        if (word >= 0)
                *ret_src = "database";
        return word;
}

/* "severity" / "urgency" string in an ecosystem_specific or
 * database_specific object; -1 none. */
static int bh_osv_sev_specific(json_t *obj)
{
        int s;

        if (!json_is_object(obj))
                return -1;
        s = bh_osv_severity_word(json_string_value(json_object_get(obj, "severity")));
        if (s < 0)
                s = bh_osv_severity_word(json_string_value(json_object_get(obj, "urgency")));
        return s;
}

/* ", "-joined strings of arr that start with prefix (NULL: all). */
static const char *bh_osv_join(struct bh_osv_ctx *x, json_t *arr, const char *prefix)
{
        size_t i;
        json_t *it;
        char buf[1024];
        size_t n = 0;

        if (!json_is_array(arr))
                return NULL;
        buf[0] = '\0';
        json_array_foreach(arr, i, it)
        {
                const char *s = json_string_value(it);
                if (!s || !*s || !bh_osv_clean(s, false))
                        continue;
                if (prefix && !bh_str_startswith(s, prefix))
                        continue;
                int m = snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? ", " : "", s);
                if (m < 0 || n + (size_t)m >= sizeof(buf))
                        break; /* keep what fits */
                n += (size_t)m;
        }
        return n ? bh_arena_strndup(x->a, buf, n) : NULL;
}

static int bh_osv_range(struct bh_osv_ctx *x, json_t *range, struct bh_buf *ev)
{
        json_t *events = json_object_get(range, "events"), *e;
        const char *type = json_string_value(json_object_get(range, "type"));
        size_t i;
        bool any_intro = false;

        if (!type)
                return bh_osv_fail(x, BH_EPARSE, "a range has no type%s", "");
        if (strcmp(type, "GIT") == 0)
                return 0;
        if (!json_is_array(events) || json_array_size(events) == 0)
                return bh_osv_fail(x, BH_EPARSE, "a %s range has no events", type);
        if (json_array_size(events) > BH_LIMIT_OSV_EVENTS)
                return bh_error_set(x->err, BH_ELIMIT, "a range has more than %u events",
                                    BH_LIMIT_OSV_EVENTS);
        if (ev->len && bh_buf_addc(ev, '\n') < 0)
                return bh_osv_fail(x, BH_ELIMIT, "ranges too long%s", "");
        json_array_foreach(events, i, e)
        {
                static const struct {
                        const char *key;
                        char kind;
                } kinds[] = {{"introduced", BH_OSV_INTRODUCED},
                             {"fixed", BH_OSV_FIXED},
                             {"last_affected", BH_OSV_LAST_AFFECTED},
                             {"limit", BH_OSV_LIMIT}};
                const char *v = NULL;
                char kind = 0;
                for (size_t k = 0; k < BH_ELEMENTSOF(kinds) && !v; k++) {
                        v = json_string_value(json_object_get(e, kinds[k].key));
                        kind = kinds[k].kind;
                }
                if (!v)
                        return bh_osv_fail(x, BH_EPARSE, "an event has no version%s", "");
                if (!*v || strlen(v) > BH_LIMIT_VERSION_LENGTH || !bh_osv_clean(v, false))
                        return bh_osv_fail(x, BH_EPARSE,
                                           "an event version is empty, too long or has "
                                           "whitespace: '%.60s'",
                                           v);
                any_intro |= kind == BH_OSV_INTRODUCED;
                if ((i && bh_buf_addc(ev, ' ') < 0) || bh_buf_addc(ev, kind) < 0 ||
                    bh_buf_adds(ev, v) < 0)
                        return bh_osv_fail(x, BH_ELIMIT, "ranges too long%s", "");
        }
        if (!any_intro)
                return bh_osv_fail(x, BH_EPARSE, "a range has no introduced event%s", "");
        return 0;
}

static int bh_osv_affected(struct bh_osv_ctx *x, json_t *aff, struct bh_osv_affected *out)
{
        json_t *pkg = json_object_get(aff, "package");
        json_t *ranges = json_object_get(aff, "ranges"),
               *versions = json_object_get(aff, "versions");
        json_t *it;
        size_t i;
        int r;
        struct bh_buf ev, vs;

        out->ecosystem = json_string_value(json_object_get(pkg, "ecosystem"));
        out->name = json_string_value(json_object_get(pkg, "name"));
        if (!out->ecosystem || !out->name || !*out->ecosystem || !*out->name)
                return bh_osv_fail(x, BH_EPARSE, "an affected entry has no package%s", "");
        if (!bh_osv_clean(out->ecosystem, true) || !bh_osv_clean(out->name, false))
                return bh_osv_fail(x, BH_EPARSE, "a package name has control characters%s", "");
        out->ecosystem = bh_arena_strdup(x->a, out->ecosystem);
        out->name = bh_arena_strdup(x->a, out->name);
        bh_buf_init(&ev, 1024u * 1024u);
        bh_buf_init(&vs, 1024u * 1024u);
        r = 0;
        if (json_is_array(ranges)) {
                json_array_foreach(ranges, i, it)
                {
                        if ((r = bh_osv_range(x, it, &ev)) < 0)
                                goto out;
                }
        }
        if (json_is_array(versions)) {
                json_array_foreach(versions, i, it)
                {
                        const char *v = json_string_value(it);
                        if (!v || !*v || !bh_osv_clean(v, false) ||
                            strlen(v) > BH_LIMIT_VERSION_LENGTH) {
                                r = bh_osv_fail(x, BH_EPARSE,
                                                "a versions[] entry is not a "
                                                "version without whitespace%s",
                                                "");
                                goto out;
                        }
                        if ((vs.len && bh_buf_addc(&vs, ' ') < 0) || bh_buf_adds(&vs, v) < 0) {
                                r = bh_osv_fail(x, BH_ELIMIT, "versions[] too long%s", "");
                                goto out;
                        }
                }
        }
        out->events = bh_arena_strndup(x->a, ev.buf, ev.len);
        out->versions = bh_arena_strndup(x->a, vs.buf, vs.len);
        out->severity =
                bh_osv_sev_array(x, json_object_get(aff, "severity"), &out->severity_source);
        if (out->severity < 0) {
                out->severity = bh_osv_sev_specific(json_object_get(aff, "ecosystem_specific"));
                if (out->severity < 0)
                        out->severity =
                                bh_osv_sev_specific(json_object_get(aff, "database_specific"));
                if (out->severity >= 0)
                        out->severity_source = "database";
        }
out:
        bh_buf_release(&ev);
        bh_buf_release(&vs);
        return r;
}

int bh_osv_parse(const char *data, size_t len, struct bh_arena *a, struct bh_osv_record *out,
                 struct bh_error **err)
{
        struct bh_osv_ctx x = {.a = a, .err = err};
        json_error_t jerr;
        json_t *root, *aff, *it;
        const char *s;
        size_t i;
        int r = 0;

        memset(out, 0, sizeof(*out));
        out->severity = -1;
        if (len > BH_LIMIT_OSV_RECORD)
                return bh_error_set(err, BH_ELIMIT, "record larger than %u bytes",
                                    BH_LIMIT_OSV_RECORD);
        root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
        if (!root)
                return bh_error_set(err, BH_EPARSE, "invalid JSON at line %d: %s", jerr.line,
                                    jerr.text);
        if (!json_is_object(root)) {
                r = bh_error_set(err, BH_EPARSE, "not a JSON object");
                goto out;
        }
        s = json_string_value(json_object_get(root, "id"));
        if (!s || !*s || strlen(s) > 200 || !bh_osv_clean(s, false)) {
                r = bh_error_set(err, BH_EPARSE, "no usable \"id\"");
                goto out;
        }
        out->id = bh_arena_strdup(a, s);
        s = json_string_value(json_object_get(root, "modified"));
        if (!s || !*s || strlen(s) > 64) {
                r = bh_error_set(err, BH_EPARSE, "%s: no \"modified\" date", out->id);
                goto out;
        }
        out->modified = bh_arena_strdup(a, s);
        out->withdrawn = json_is_string(json_object_get(root, "withdrawn"));
        s = json_string_value(json_object_get(root, "summary"));
        if (!s || !*s)
                s = json_string_value(json_object_get(root, "details"));
        if (s && *s) {
                size_t n = strlen(s);
                if (n > BH_LIMIT_OSV_SUMMARY) {
                        /* cut on a UTF-8 character boundary */
                        n = BH_LIMIT_OSV_SUMMARY;
                        while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
                                n--;
                }
                out->summary = bh_arena_strndup(a, s, n);
        }
        out->cves = bh_osv_join(&x, json_object_get(root, "upstream"), "CVE-");
        if (!out->cves)
                out->cves = bh_osv_join(&x, json_object_get(root, "aliases"), "CVE-");
        out->related = bh_osv_join(&x, json_object_get(root, "related"), NULL);
        out->severity =
                bh_osv_sev_array(&x, json_object_get(root, "severity"), &out->severity_source);
        if (out->severity < 0) {
                out->severity = bh_osv_sev_specific(json_object_get(root, "database_specific"));
                if (out->severity >= 0)
                        out->severity_source = "database";
        }
        aff = json_object_get(root, "affected");
        if (aff && !json_is_array(aff)) {
                r = bh_error_set(err, BH_EPARSE, "%s: \"affected\" is not an array", out->id);
                goto out;
        }
        if (json_array_size(aff) > BH_LIMIT_OSV_AFFECTED) {
                r = bh_error_set(err, BH_ELIMIT, "%s: more than %u affected entries", out->id,
                                 BH_LIMIT_OSV_AFFECTED);
                goto out;
        }
        out->affected = bh_arena_alloc(a, (json_array_size(aff) + 1) * sizeof(*out->affected));
        json_array_foreach(aff, i, it)
        {
                struct bh_osv_affected *o = &out->affected[out->naffected];
                if ((r = bh_osv_affected(&x, it, o)) < 0) {
                        bh_error_wrap(err, "%s: affected[%zu]", out->id, i);
                        goto out;
                }
                if (!*o->events && !*o->versions)
                        continue; /* only GIT ranges: nothing an OS package matches */
                out->naffected++;
        }
out:
        json_decref(root);
        return r;
}
