#include "../util/error.h"
#include "jsonw.h"
#include "report-int.h"

#include "../util/bh-banned.h"

void bh_jsonw_init(struct bh_jsonw *w, FILE *out)
{
        w->out = out;
        w->len = 0;
        w->depth = 0;
        w->after_key = false;
        w->err = false;
        memset(w->items, 0, sizeof(w->items));
}

static void bh_jsonw_flush(struct bh_jsonw *w)
{
        if (w->len && fwrite(w->buf, 1, w->len, w->out) != w->len)
                w->err = true;
        w->len = 0;
}

/* A chunk that does not fit the buffer: flush, then buffer it or write it
 * through. */
static void bh_jsonw_put_slow(struct bh_jsonw *w, const char *s, size_t n)
{
        bh_jsonw_flush(w);
        if (n > sizeof(w->buf)) {
                if (fwrite(s, 1, n, w->out) != n)
                        w->err = true;
                return;
        }
        memcpy(w->buf, s, n);
        w->len = n;
}

static inline void bh_jsonw_put(struct bh_jsonw *w, const char *s, size_t n)
{
        if (n > sizeof(w->buf) - w->len) {
                bh_jsonw_put_slow(w, s, n);
                return;
        }
        memcpy(w->buf + w->len, s, n);
        w->len += n;
}

static inline void bh_jsonw_putc(struct bh_jsonw *w, char c)
{
        if (w->len == sizeof(w->buf))
                bh_jsonw_flush(w);
        w->buf[w->len++] = c;
}

/* ",\n" and the deepest indentation: a separator and a line break with its
 * indentation are one put of a prefix of this. */
static const char bh_jsonw_indent[] = ",\n"
                                      "                                "
                                      "                                ";
_Static_assert(sizeof(bh_jsonw_indent) - 3 >= 2 * BH_JSONW_MAX_DEPTH, "indent covers every depth");

static void bh_jsonw_newline(struct bh_jsonw *w, unsigned depth)
{
        bh_jsonw_put(w, bh_jsonw_indent + 1, 1 + 2 * (size_t)depth);
}

/* Separator and indentation before a value or a key. */
static void bh_jsonw_item(struct bh_jsonw *w)
{
        size_t comma;

        if (w->after_key) {
                w->after_key = false;
                return;
        }
        if (w->depth == 0)
                return;
        comma = w->items[w->depth];
        w->items[w->depth] = true;
        bh_jsonw_put(w, bh_jsonw_indent + 1 - comma, comma + 1 + 2 * (size_t)w->depth);
}

static void bh_jsonw_open(struct bh_jsonw *w, char c)
{
        bh_jsonw_item(w);
        bh_jsonw_putc(w, c);
        if (w->depth + 1 < BH_JSONW_MAX_DEPTH)
                w->depth++;
        else
                w->err = true;
        w->items[w->depth] = false;
}

static void bh_jsonw_close(struct bh_jsonw *w, char c)
{
        bool had = w->items[w->depth];

        if (w->depth)
                w->depth--;
        if (had)
                bh_jsonw_newline(w, w->depth);
        bh_jsonw_putc(w, c);
}

void bh_jsonw_obj_begin(struct bh_jsonw *w)
{
        bh_jsonw_open(w, '{');
}

void bh_jsonw_obj_end(struct bh_jsonw *w)
{
        bh_jsonw_close(w, '}');
}

void bh_jsonw_arr_begin(struct bh_jsonw *w)
{
        bh_jsonw_open(w, '[');
}

void bh_jsonw_arr_end(struct bh_jsonw *w)
{
        bh_jsonw_close(w, ']');
}

/* Bytes that a JSON string can carry as they are. */
static bool bh_jsonw_plain(unsigned char c)
{
        return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* Whether the eight bytes at s are all plain: a word holds a byte that is
 * not plain when one is < 0x20, is '"' or '\\' (a zero byte after xor), or
 * has its high bit set (the usual "has less than" bit trick). */
static bool bh_jsonw_word_plain(const char *s)
{
        const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        uint64_t x, q, b;

        memcpy(&x, s, 8);
        q = x ^ (ones * '"');
        b = x ^ (ones * '\\');
        return !((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b) | x) & highs);
}

/* End of the run of plain bytes from i, eight bytes at a time. */
static size_t bh_jsonw_plain_run(const char *s, size_t i, size_t n)
{
        while (n - i >= 8 && bh_jsonw_word_plain(s + i))
                i += 8;
        /* a short tail: one overlapping word ending at n decides it */
        if (n - i < 8 && n >= 8 && bh_jsonw_word_plain(s + n - 8))
                return n;
        while (i < n && bh_jsonw_plain((unsigned char)s[i]))
                i++;
        return i;
}

static void bh_jsonw_quoted(struct bh_jsonw *w, const char *s)
{
        static const char hex[] = "0123456789ABCDEF";
        size_t n = strlen(s);
        size_t run = bh_jsonw_plain_run(s, 0, n);

        /* the common case, all plain and fits: one copy between the quotes */
        if (run == n && n + 2 <= sizeof(w->buf) - w->len) {
                w->buf[w->len] = '"';
                memcpy(w->buf + w->len + 1, s, n);
                w->buf[w->len + 1 + n] = '"';
                w->len += n + 2;
                return;
        }
        bh_jsonw_putc(w, '"');
        bh_jsonw_put(w, s, run);
        for (size_t i = run; i < n;) {
                unsigned char c = (unsigned char)s[i];
                if (bh_jsonw_plain(c)) {
                        /* copy the run of plain ASCII at once */
                        size_t j = bh_jsonw_plain_run(s, i + 1, n);
                        bh_jsonw_put(w, s + i, j - i);
                        i = j;
                        continue;
                }
                if (c >= 0x80) {
                        uint32_t cp;
                        size_t k = bh_report_utf8_decode(s + i, n - i, &cp);
                        if (k) {
                                bh_jsonw_put(w, s + i, k);
                                i += k;
                        } else {
                                bh_jsonw_put(w, "\xEF\xBF\xBD", 3);
                                i++;
                        }
                        continue;
                }
                switch (c) {
                case '"':
                        bh_jsonw_put(w, "\\\"", 2);
                        break;
                case '\\':
                        bh_jsonw_put(w, "\\\\", 2);
                        break;
                case '\b':
                        bh_jsonw_put(w, "\\b", 2);
                        break;
                case '\f':
                        bh_jsonw_put(w, "\\f", 2);
                        break;
                case '\n':
                        bh_jsonw_put(w, "\\n", 2);
                        break;
                case '\r':
                        bh_jsonw_put(w, "\\r", 2);
                        break;
                case '\t':
                        bh_jsonw_put(w, "\\t", 2);
                        break;
                default: {
                        char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                        bh_jsonw_put(w, u, sizeof(u));
                        break;
                }
                }
                i++;
        }
        bh_jsonw_putc(w, '"');
}

void bh_jsonw_key_n(struct bh_jsonw *w, const char *key, size_t n)
{
        bh_jsonw_item(w);
        bh_jsonw_putc(w, '"');
        bh_jsonw_put(w, key, n);
        bh_jsonw_put(w, "\": ", 3);
        w->after_key = true;
}

void bh_jsonw_str(struct bh_jsonw *w, const char *s)
{
        if (!s) {
                bh_jsonw_null(w);
                return;
        }
        bh_jsonw_item(w);
        bh_jsonw_quoted(w, s);
}

void bh_jsonw_raw(struct bh_jsonw *w, const char *v, size_t n)
{
        bh_jsonw_item(w);
        bh_jsonw_put(w, v, n);
}

char *bh_jsonw_render(struct bh_jsonw *scratch, const char *s, size_t *ret_len)
{
        /* at most six bytes per input byte plus the quotes: never flushed */
        if (strlen(s) > (sizeof(scratch->buf) - 2) / 6)
                return NULL;
        bh_jsonw_init(scratch, NULL);
        bh_jsonw_quoted(scratch, s);
        *ret_len = scratch->len;
        return bh_xstrndup(scratch->buf, scratch->len);
}

void bh_jsonw_int(struct bh_jsonw *w, long long v)
{
        char num[24];
        size_t i = sizeof(num);
        unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

        /* hand-rolled: snprintf was a tenth of the time of a large report */
        do {
                num[--i] = (char)('0' + u % 10);
                u /= 10;
        } while (u);
        if (v < 0)
                num[--i] = '-';
        bh_jsonw_item(w);
        bh_jsonw_put(w, num + i, sizeof(num) - i);
}

void bh_jsonw_bool(struct bh_jsonw *w, bool v)
{
        bh_jsonw_item(w);
        if (v)
                bh_jsonw_put(w, "true", 4);
        else
                bh_jsonw_put(w, "false", 5);
}

void bh_jsonw_null(struct bh_jsonw *w)
{
        bh_jsonw_item(w);
        bh_jsonw_put(w, "null", 4);
}

int bh_jsonw_finish(struct bh_jsonw *w)
{
        bh_jsonw_putc(w, '\n');
        bh_jsonw_flush(w);
        if (w->err || fflush(w->out) != 0 || ferror(w->out))
                return BH_EIO;
        return 0;
}
