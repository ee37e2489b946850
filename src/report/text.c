#include <stdio.h>
#include <string.h>

#include "../util/error.h"
#include "report-int.h"

#include "../util/bh-banned.h"

#define BH_ANSI_RESET "\033[0m"
#define BH_ANSI_BOLD  "\033[1m"
#define BH_ANSI_WARN  "\033[1;33m"

/* Source lines longer than this many bytes are shown as a window around the
 * column, so a minified one-line file does not flood the terminal. */
#define BH_TEXT_SRC_WINDOW 240u
/* Bytes of context kept left of the column in such a window. */
#define BH_TEXT_SRC_LEFT   80u

static const char *bh_text_sev_color(enum bh_severity s)
{
        switch (s) {
        case BH_SEV_CRITICAL:
                return "\033[1;31m";
        case BH_SEV_HIGH:
                return "\033[31m";
        case BH_SEV_MEDIUM:
                return "\033[33m";
        case BH_SEV_LOW:
                return "\033[36m";
        case BH_SEV_INFO:
        case BH_SEV__COUNT:
        default:
                return "\033[2m";
        }
}

static void bh_text_on(FILE *out, const struct bh_report *r, const char *sgr)
{
        if (r->color)
                fputs(sgr, out);
}

static void bh_text_off(FILE *out, const struct bh_report *r)
{
        if (r->color)
                fputs(BH_ANSI_RESET, out);
}

static void bh_text_str(FILE *out, const char *s)
{
        if (s)
                bh_report_term_write(out, s, strlen(s), false, 0);
}

/* "path:line:col: severity BHnnnn message[ [suppressed]]" */
static void bh_text_header(FILE *out, const struct bh_report *r, const struct bh_finding *f)
{
        bh_text_on(out, r, BH_ANSI_BOLD);
        bh_text_str(out, f->path);
        if (f->loc.line) {
                fprintf(out, ":%u", (unsigned)f->loc.line);
                if (f->loc.col)
                        fprintf(out, ":%u", (unsigned)f->loc.col);
        }
        fputc(':', out);
        bh_text_off(out, r);
        fputc(' ', out);
        bh_text_on(out, r, bh_text_sev_color(f->severity));
        fputs(bh_severity_name(f->severity), out);
        bh_text_off(out, r);
        fprintf(out, " %s ", f->rule_id ? f->rule_id : "?");
        bh_text_str(out, f->message);
        if (f->suppressed != BH_SUPP_NONE)
                fputs(" [suppressed]", out);
        fputc('\n', out);
}

static unsigned bh_text_digits(uint32_t n)
{
        unsigned d = 1;

        while (n >= 10) {
                n /= 10;
                d++;
        }
        return d;
}

/* Move a byte offset back to the start of the UTF-8 sequence it is in. */
static size_t bh_text_boundary(const char *s, size_t i)
{
        while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
                i--;
        return i;
}

/* The offending line under a line-number gutter, and a caret under the
 * column ('^' then '~' to the end of the range).  Both lines go through the
 * same renderer, so tabs and escapes shift the caret exactly as the text. */
static void bh_text_source(FILE *out, const struct bh_report *r, const struct bh_finding *f)
{
        const char *s = f->source_line;
        size_t len = strlen(s), start = 0, stop = len, cb, eb, a, b;
        size_t cell = 0, cell_a, cell_b;
        unsigned w = bh_text_digits(f->loc.line);
        bool has_col = f->loc.col > 0;

        cb = has_col ? f->loc.col - 1 : 0;
        if (f->loc.end_col > f->loc.col && (f->loc.end_line == 0 || f->loc.end_line == f->loc.line))
                eb = f->loc.end_col - 1;
        else if (f->loc.end_line > f->loc.line)
                eb = len > cb ? len : cb + 1;
        else
                eb = cb + 1;

        if (len > BH_TEXT_SRC_WINDOW) {
                if (cb > BH_TEXT_SRC_LEFT)
                        start = cb - BH_TEXT_SRC_LEFT < len ? cb - BH_TEXT_SRC_LEFT : len;
                while (start < len && ((unsigned char)s[start] & 0xc0) == 0x80)
                        start++;
                stop = len - start > BH_TEXT_SRC_WINDOW ? start + BH_TEXT_SRC_WINDOW : len;
                stop = stop < len ? bh_text_boundary(s, stop) : len;
        }
        a = cb < start ? start : cb > stop ? stop : cb;
        a = a < stop ? bh_text_boundary(s, a) : a;
        b = eb < a ? a : eb > stop ? stop : eb;
        b = b < stop ? bh_text_boundary(s, b) : b;
        if (b == a && a < stop) {
                uint32_t cp;
                size_t n = bh_report_utf8_decode(s + a, stop - a, &cp);
                b = a + (n ? n : 1);
        }

        fprintf(out, "  %*u | ", (int)w, (unsigned)f->loc.line);
        if (start > 0) {
                fputs("...", out);
                cell = 3;
        }
        cell_a = bh_report_term_write(out, s + start, a - start, true, cell);
        cell_b = bh_report_term_write(out, s + a, b - a, true, cell_a);
        cell = bh_report_term_write(out, s + b, stop - b, true, cell_b);
        if (stop < len)
                fputs("...", out);
        fputc('\n', out);
        if (!has_col)
                return;

        /* A column past the end of the line (a missing token) points just
         * after it. */
        if (cb >= len && stop == len) {
                cell_a = cell + (cb - len);
                cell_b = cell_a + 1;
        } else if (cb >= stop) {
                return;
        }
        fprintf(out, "  %*s | %*s", (int)w, "", (int)cell_a, "");
        bh_text_on(out, r, bh_text_sev_color(f->severity));
        fputc('^', out);
        for (size_t i = cell_a + 1; i < cell_b; i++)
                fputc('~', out);
        bh_text_off(out, r);
        fputc('\n', out);
}

static void bh_text_finding(FILE *out, const struct bh_report *r, const struct bh_finding *f)
{
        const struct bh_rule *rule = bh_report_rule(f);

        bh_text_header(out, r, f);
        if (r->quiet)
                return;
        if (f->loc.line && f->source_line)
                bh_text_source(out, r, f);
        if (f->suppressed != BH_SUPP_NONE) {
                fprintf(out, "  = suppressed (%s)", bh_report_supp_kind_name(f->suppressed));
                if (f->supp_source) {
                        fputs(" at ", out);
                        bh_text_str(out, f->supp_source);
                }
                if (f->supp_reason) {
                        fputs(": ", out);
                        bh_text_str(out, f->supp_reason);
                }
                fputc('\n', out);
        }
        if (rule && rule->hint)
                fprintf(out, "  = hint: %s\n", rule->hint);
        fputc('\n', out);
}

/* "PSS restricted v1.35: Deployment/web (deploy.yaml:1): FAIL: runAsNonRoot
 * (field, field), seccompProfile_restricted (field)", or "...: PASS": the
 * failing checks in the order of their first finding, each with its fields. */
static void bh_text_pss(FILE *out, const struct bh_report *r, const struct bh_pss_verdict *v)
{
        fprintf(out, "PSS %s %s: ", r->pss_level, r->pss_version ? r->pss_version : "");
        bh_text_str(out, v->kind);
        fputc('/', out);
        bh_text_str(out, v->name);
        fputs(" (", out);
        bh_text_str(out, v->path);
        if (v->loc.line)
                fprintf(out, ":%u", (unsigned)v->loc.line);
        fputs("): ", out);
        if (v->nfails == 0) {
                fputs("PASS\n", out);
                return;
        }
        bh_text_on(out, r, bh_text_sev_color(BH_SEV_HIGH));
        fputs("FAIL", out);
        bh_text_off(out, r);
        fputc(':', out);
        for (size_t i = 0; i < v->nfails; i++) {
                const char *sep = " (";
                bool seen = false;

                for (size_t j = 0; j < i && !seen; j++)
                        seen = strcmp(v->fails[j].check, v->fails[i].check) == 0;
                if (seen)
                        continue;
                fprintf(out, "%s %s", i ? "," : "", v->fails[i].check);
                for (size_t j = i; j < v->nfails; j++) {
                        if (strcmp(v->fails[j].check, v->fails[i].check) != 0 || !v->fails[j].field)
                                continue;
                        fputs(sep, out);
                        bh_text_str(out, v->fails[j].field);
                        sep = ", ";
                }
                if (sep[0] == ',')
                        fputc(')', out);
        }
        fputc('\n', out);
}

static const char *bh_text_plural(size_t n)
{
        return n == 1 ? "" : "s";
}

static void bh_text_summary(FILE *out, const struct bh_report *r)
{
        struct bh_report_counts c;
        const char *sep = " (";

        bh_report_count(r, &c);
        if (c.total == 0) {
                fputs("no findings", out);
        } else {
                fprintf(out, "%zu finding%s", c.total, bh_text_plural(c.total));
                for (int s = BH_SEV__COUNT - 1; s >= 0; s--) {
                        if (!c.by_sev[s])
                                continue;
                        fprintf(out, "%s%zu ", sep, c.by_sev[s]);
                        bh_text_on(out, r, bh_text_sev_color((enum bh_severity)s));
                        fputs(bh_severity_name((enum bh_severity)s), out);
                        bh_text_off(out, r);
                        sep = ", ";
                }
                fputc(')', out);
        }
        fprintf(out, " in %zu file%s", r->nfiles, bh_text_plural(r->nfiles));
        if (c.suppressed)
                fprintf(out, "; %zu suppressed", c.suppressed);
        if (c.files_failed)
                fprintf(out, "; %zu file%s could not be fully scanned", c.files_failed,
                        bh_text_plural(c.files_failed));
        fputc('\n', out);
}

int bh_report_text(FILE *out, const struct bh_report *r)
{
        for (size_t i = 0; i < r->nfindings; i++) {
                const struct bh_finding *f = &r->findings[i];

                if (f->suppressed != BH_SUPP_NONE && !r->show_suppressed)
                        continue;
                bh_text_finding(out, r, f);
        }
        /* the verdicts answer the question a PSS profile asks: shown even with -q */
        for (size_t i = 0; r->pss_level && i < r->npss; i++)
                bh_text_pss(out, r, &r->pss[i]);
        if (r->host_root)
                bh_report_host_text(out, r);
        if (!r->quiet) {
                /* what was read (an image's OS and packages): context, not findings */
                bh_report_file_facts_text(out, r);
                for (size_t i = 0; i < r->nwarnings; i++) {
                        bh_text_on(out, r, BH_ANSI_WARN);
                        fputs("warning:", out);
                        bh_text_off(out, r);
                        fputc(' ', out);
                        bh_text_str(out, r->warnings[i]);
                        fputc('\n', out);
                }
                bh_text_summary(out, r);
        }
        if (fflush(out) != 0 || ferror(out))
                return BH_EIO;
        return 0;
}
