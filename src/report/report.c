#include <stdio.h>
#include <string.h>

#include "../util/error.h"
#include "jsonw.h"
#include "report-int.h"

#include "../util/bh-banned.h"

static const char *const bh_format_names[BH_FORMAT__COUNT] = {
        [BH_FORMAT_TEXT] = "text",
        [BH_FORMAT_JSON] = "json",
        [BH_FORMAT_SARIF] = "sarif",
};

int bh_report_format_parse(const char *s)
{
        if (!s)
                return -1;
        for (int i = 0; i < BH_FORMAT__COUNT; i++)
                if (strcmp(s, bh_format_names[i]) == 0)
                        return i;
        return -1;
}

const char *bh_report_format_name(enum bh_format fmt)
{
        return (unsigned)fmt < BH_FORMAT__COUNT ? bh_format_names[fmt] : "?";
}

int bh_report_write(FILE *out, enum bh_format fmt, const struct bh_report *r)
{
        switch (fmt) {
        case BH_FORMAT_TEXT:
                return bh_report_text(out, r);
        case BH_FORMAT_JSON:
                return bh_report_json(out, r);
        case BH_FORMAT_SARIF:
                return bh_report_sarif(out, r);
        case BH_FORMAT__COUNT:
        default:
                return BH_EINVAL;
        }
}

void bh_report_count(const struct bh_report *r, struct bh_report_counts *ret)
{
        memset(ret, 0, sizeof(*ret));
        for (size_t i = 0; i < r->nfindings; i++) {
                const struct bh_finding *f = &r->findings[i];

                if (f->suppressed != BH_SUPP_NONE) {
                        ret->suppressed++;
                        continue;
                }
                ret->total++;
                if ((unsigned)f->severity < BH_SEV__COUNT)
                        ret->by_sev[f->severity]++;
        }
        for (size_t i = 0; i < r->nfiles; i++)
                if (r->files[i].failed)
                        ret->files_failed++;
}

const struct bh_rule *bh_report_rule(const struct bh_finding *f)
{
        return f->rule_id ? bh_rules_find(f->rule_id) : NULL;
}

const char *bh_report_supp_kind_name(enum bh_supp_kind k)
{
        switch (k) {
        case BH_SUPP_INLINE:
                return "inline";
        case BH_SUPP_STAGE:
                return "stage";
        case BH_SUPP_FILE:
                return "file";
        case BH_SUPP_CONFIG:
                return "config";
        case BH_SUPP_ANNOTATION:
                return "annotation";
        case BH_SUPP_NONE:
        default:
                return NULL;
        }
}

size_t bh_report_utf8_decode(const char *s, size_t len, uint32_t *ret_cp)
{
        const unsigned char *u = (const unsigned char *)s;
        uint32_t cp, min;
        size_t n;

        if (len == 0)
                return 0;
        if (u[0] < 0x80) {
                *ret_cp = u[0];
                return 1;
        } else if ((u[0] & 0xe0) == 0xc0) {
                n = 2;
                cp = u[0] & 0x1f;
                min = 0x80;
        } else if ((u[0] & 0xf0) == 0xe0) {
                n = 3;
                cp = u[0] & 0x0f;
                min = 0x800;
        } else if ((u[0] & 0xf8) == 0xf0) {
                n = 4;
                cp = u[0] & 0x07;
                min = 0x10000;
        } else {
                return 0;
        }
        if (len < n)
                return 0;
        for (size_t i = 1; i < n; i++) {
                if ((u[i] & 0xc0) != 0x80)
                        return 0;
                cp = (cp << 6) | (u[i] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
                return 0;
        *ret_cp = cp;
        return n;
}

/* Code points that must not reach a terminal raw: C1 controls (0x9b is CSI on
 * some terminals), bidi embeddings/overrides/isolates ("Trojan Source"),
 * zero-width and other invisible format characters, line/paragraph
 * separators. */
static bool bh_cp_unsafe(uint32_t cp)
{
        return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || cp == 0x61c ||
               (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
               (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb);
}

size_t bh_report_term_write(FILE *out, const char *s, size_t len, bool expand_tabs, size_t cell)
{
        size_t i = 0;

        while (i < len) {
                unsigned char c = (unsigned char)s[i];
                uint32_t cp;
                size_t n;

                if (c == '\t' && expand_tabs) {
                        size_t next = (cell / 8 + 1) * 8;
                        fprintf(out, "%*s", (int)(next - cell), "");
                        cell = next;
                        i++;
                        continue;
                }
                if (c < 0x20 || c == 0x7f) {
                        const char *name = c == '\t'   ? "\\t"
                                           : c == '\n' ? "\\n"
                                           : c == '\r' ? "\\r"
                                                       : NULL;

                        if (name) {
                                fputs(name, out);
                                cell += 2;
                        } else {
                                fprintf(out, "\\x%02x", c);
                                cell += 4;
                        }
                        i++;
                        continue;
                }
                if (c < 0x80) {
                        fputc(c, out);
                        cell++;
                        i++;
                        continue;
                }
                n = bh_report_utf8_decode(s + i, len - i, &cp);
                if (n == 0) {
                        fprintf(out, "\\x%02x", c);
                        cell += 4;
                        i++;
                        continue;
                }
                if (bh_cp_unsafe(cp)) {
                        fprintf(out, "\\u%04x", (unsigned)cp);
                        cell += 6;
                } else {
                        fwrite(s + i, 1, n, out);
                        cell++;
                }
                i += n;
        }
        return cell;
}

char *bh_report_utf8_clean(const char *s)
{
        size_t len = strlen(s), o = 0;
        /* Worst case: every byte becomes the 3-byte U+FFFD. */
        char *ret = bh_xreallocarray(NULL, len + 1, 3);

        for (size_t i = 0; i < len;) {
                uint32_t cp;
                size_t n = bh_report_utf8_decode(s + i, len - i, &cp);

                if (n == 0) {
                        memcpy(ret + o, "\xef\xbf\xbd", 3);
                        o += 3;
                        i++;
                } else {
                        memcpy(ret + o, s + i, n);
                        o += n;
                        i += n;
                }
        }
        ret[o] = '\0';
        return ret;
}

static bool bh_uri_keep(unsigned char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

char *bh_report_path_uri(const char *path, bool *ret_relative)
{
        static const char hex[] = "0123456789ABCDEF";
        bool absolute = path[0] == '/';
        size_t len = strlen(path);
        /* "file://" + 3 bytes per input byte + NUL */
        char *ret = bh_xreallocarray(NULL, len + 3, 3);
        size_t o = 0;

        if (absolute) {
                memcpy(ret, "file://", 7);
                o = 7;
        }
        for (size_t i = 0; i < len; i++) {
                unsigned char c = (unsigned char)path[i];

                if (bh_uri_keep(c)) {
                        ret[o++] = (char)c;
                } else {
                        ret[o++] = '%';
                        ret[o++] = hex[c >> 4];
                        ret[o++] = hex[c & 15];
                }
        }
        ret[o] = '\0';
        if (ret_relative)
                *ret_relative = !absolute;
        return ret;
}

uint64_t bh_report_fnv1a(uint64_t h, const void *p, size_t n)
{
        const unsigned char *u = p;

        for (size_t i = 0; i < n; i++) {
                h ^= u[i];
                h *= 0x100000001b3ull;
        }
        return h;
}

uint32_t bh_report_utf16_col(const char *line, uint32_t col)
{
        size_t len = strlen(line), stop = col ? col - 1 : 0, i = 0;
        uint32_t units = 0;

        if (col == 0)
                return 0;
        while (i < len && i < stop) {
                uint32_t cp;
                size_t n = bh_report_utf8_decode(line + i, len - i, &cp);

                if (n == 0)
                        n = 1;           /* an invalid byte becomes one U+FFFD */
                units += n == 4 ? 2 : 1; /* 4-byte sequences are the surrogate pairs */
                i += n;
        }
        if (stop > i)
                units += (uint32_t)(stop - i);
        return units + 1;
}

const char *bh_report_fail_on_name(enum bh_severity s)
{
        return (unsigned)s < BH_SEV__COUNT ? bh_severity_name(s) : "none";
}

void bh_report_pss_verdict_json(struct bh_jsonw *w, const struct bh_pss_verdict *v)
{
        bh_jsonw_key(w, "admitted");
        bh_jsonw_bool(w, v->nfails == 0);
        bh_jsonw_key(w, "failures");
        bh_jsonw_arr_begin(w);
        for (size_t j = 0; j < v->nfails; j++) {
                bh_jsonw_obj_begin(w);
                bh_jsonw_kstr(w, "check", v->fails[j].check);
                bh_jsonw_kstr(w, "rule", v->fails[j].rule_id);
                bh_jsonw_kstr(w, "field", v->fails[j].field);
                bh_jsonw_obj_end(w);
        }
        bh_jsonw_arr_end(w);
}
