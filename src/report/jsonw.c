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

static void bh_jsonw_put(struct bh_jsonw *w, const char *s, size_t n)
{
        if (n > sizeof(w->buf) - w->len) {
                bh_jsonw_flush(w);
                if (n > sizeof(w->buf)) {
                        if (fwrite(s, 1, n, w->out) != n)
                                w->err = true;
                        return;
                }
        }
        memcpy(w->buf + w->len, s, n);
        w->len += n;
}

static void bh_jsonw_putc(struct bh_jsonw *w, char c)
{
        if (w->len == sizeof(w->buf))
                bh_jsonw_flush(w);
        w->buf[w->len++] = c;
}

static void bh_jsonw_newline(struct bh_jsonw *w, unsigned depth)
{
        static const char spaces[] = "                                ";

        bh_jsonw_putc(w, '\n');
        for (unsigned n = depth * 2; n;) {
                unsigned k = BH_MIN(n, (unsigned)sizeof(spaces) - 1);
                bh_jsonw_put(w, spaces, k);
                n -= k;
        }
}

/* Separator and indentation before a value or a key. */
static void bh_jsonw_item(struct bh_jsonw *w)
{
        if (w->after_key) {
                w->after_key = false;
                return;
        }
        if (w->depth == 0)
                return;
        if (w->items[w->depth])
                bh_jsonw_putc(w, ',');
        w->items[w->depth] = true;
        bh_jsonw_newline(w, w->depth);
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

/* End of the run of plain bytes from i.  Eight bytes at a time: a word holds
 * a byte that is not plain when one is < 0x20, is '"' or '\\' (a zero byte
 * after xor), or has its high bit set (the usual "has less than" bit trick). */
static size_t bh_jsonw_plain_run(const char *s, size_t i, size_t n)
{
        const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;

        while (n - i >= 8) {
                uint64_t x, q, b;
                memcpy(&x, s + i, 8);
                q = x ^ (ones * '"');
                b = x ^ (ones * '\\');
                if ((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b) | x) & highs)
                        break;
                i += 8;
        }
        while (i < n && bh_jsonw_plain((unsigned char)s[i]))
                i++;
        return i;
}

static void bh_jsonw_quoted(struct bh_jsonw *w, const char *s)
{
        static const char hex[] = "0123456789ABCDEF";
        size_t n = strlen(s);

        bh_jsonw_putc(w, '"');
        for (size_t i = 0; i < n;) {
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

void bh_jsonw_key(struct bh_jsonw *w, const char *key)
{
        bh_jsonw_item(w);
        bh_jsonw_quoted(w, key);
        bh_jsonw_put(w, ": ", 2);
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

void bh_jsonw_kstr(struct bh_jsonw *w, const char *key, const char *s)
{
        bh_jsonw_key(w, key);
        bh_jsonw_str(w, s);
}

void bh_jsonw_kint(struct bh_jsonw *w, const char *key, long long v)
{
        bh_jsonw_key(w, key);
        bh_jsonw_int(w, v);
}

int bh_jsonw_finish(struct bh_jsonw *w)
{
        bh_jsonw_putc(w, '\n');
        bh_jsonw_flush(w);
        if (w->err || fflush(w->out) != 0 || ferror(w->out))
                return BH_EIO;
        return 0;
}
