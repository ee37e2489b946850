/* A POSIX shell tokenizer (the bash-compatible subset that RUN lines use).
 *
 * It turns a script into the flat list of simple commands the script would
 * run, with enough structure for rules: the words of each command, its
 * redirections, the program it really runs (after assignments and wrappers
 * such as sudo or env), pipelines, and commands nested in $(...), `...`,
 * <(...) and the strings of sh -c.  It never executes anything.
 *
 * It is a hand-written recursive descent over the bytes: regular expressions
 * over raw lines are exactly what makes other linters miss `; sudo` or
 * `bash -c "curl | sh"`.  Recursion is bounded by BH_LIMIT_SHELL_NESTING and
 * the output by BH_LIMIT_SHELL_WORDS; crossing either sets truncated. */
#include <ctype.h>

#include "../../util/buf.h"
#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "../frontend.h"
#include "df-internal.h"

#include "../../util/bh-banned.h"

/* A command's words and redirections while it is read (BH_VEC layout). */
struct sh_words {
        struct bh_sh_word *v;
        size_t n;
        size_t cap;
};

struct sh_redirs {
        struct bh_sh_redir *v;
        size_t n;
        size_t cap;
};

#define SH_DEPTHS (BH_LIMIT_SHELL_NESTING + 2)

struct sh_state {
        struct bh_arena *a;
        BH_VEC(struct bh_sh_cmd) cmds; /* v starts as cmds_inline */
        struct bh_sh_script *out;
        int next_pipeline;
        size_t nwords;
        bool stop;
        /* Word scratch buffers, one per nesting depth (a substitution inside a
         * word parses its commands one level deeper), kept for the whole parse
         * so that reading a word does not allocate. */
        struct bh_buf bufs[SH_DEPTHS];
        unsigned ndepths; /* bufs, words and redirs in use: [0, ndepths) */
        size_t buf_max;   /* the top-level text's length + 1: no word is longer */
        /* Likewise the words and redirections of the command being read at
         * each depth: copied once into the arena when the command ends. */
        struct sh_words words[SH_DEPTHS];
        struct sh_redirs redirs[SH_DEPTHS];
        /* last: not cleared when a parse starts (sh_reserve clears each command) */
        struct bh_sh_cmd cmds_inline[16];
        /* the top level's first words and redirections (words[0], redirs[0]) */
        struct bh_sh_word words_inline[32];
        struct bh_sh_redir redirs_inline[8];
};

#define SH_MAX_HEREDOCS 16

struct sh_p {
        struct sh_state *st;
        const char *s;
        size_t len;
        size_t pos;
        uint32_t base;  /* offset of s[0] in the top-level text */
        bool fixed;     /* an sh -c string whose text is not its raw word: every offset is base */
        /* The outermost sh -c string word s is read from, when offsets map
         * exactly (str_len 0: none); copied into each command. */
        uint32_t str_off, str_len;
        struct {
                const char *delim;
                size_t dlen;
                bool strip;
        } hd[SH_MAX_HEREDOCS];
        unsigned nhd;
};

static void sh_parse_list(struct sh_p *p, enum bh_sh_ctx ctx, int parent, int parent_word,
                          unsigned depth, char term);

static uint32_t sh_off(const struct sh_p *p, size_t i)
{
        return p->fixed ? p->base : p->base + (uint32_t)i;
}

static void sh_error(struct sh_p *p, const char *msg, size_t at)
{
        struct bh_sh_script *o = p->st->out;

        if (o->error)
                return;
        o->error = true;
        o->error_msg = msg;
        o->error_off = sh_off(p, at);
}

static void sh_truncate(struct sh_p *p)
{
        p->st->out->truncated = true;
}

static bool sh_is_blank(char c)
{
        return c == ' ' || c == '\t' || c == '\r';
}

enum {
        SH_CL_META = 1,    /* ends an unquoted word */
        SH_CL_SPECIAL = 2, /* needs the word reader's attention: quotes, $, escapes, globs */
};

static const unsigned char sh_class[256] = {
        [' '] = SH_CL_META,     ['\t'] = SH_CL_META,    ['\r'] = SH_CL_META,
        ['\n'] = SH_CL_META,    [';'] = SH_CL_META,     ['&'] = SH_CL_META,
        ['|'] = SH_CL_META,     ['<'] = SH_CL_META,     ['>'] = SH_CL_META,
        ['('] = SH_CL_META,     [')'] = SH_CL_META,     ['\\'] = SH_CL_SPECIAL,
        ['\''] = SH_CL_SPECIAL, ['"'] = SH_CL_SPECIAL,  ['$'] = SH_CL_SPECIAL,
        ['`'] = SH_CL_SPECIAL,  ['*'] = SH_CL_SPECIAL,  ['?'] = SH_CL_SPECIAL,
        ['['] = SH_CL_SPECIAL,  ['\0'] = SH_CL_SPECIAL,
};

/* Characters that end an unquoted word. */
static bool sh_is_meta(char c)
{
        return sh_class[(unsigned char)c] & SH_CL_META;
}

static bool sh_is_digit(char c)
{
        return (unsigned char)(c - '0') < 10;
}

static bool sh_is_alpha(char c)
{
        return (unsigned char)((c | 0x20) - 'a') < 26;
}

static bool sh_is_name_char(char c)
{
        return sh_is_alpha(c) || sh_is_digit(c) || c == '_';
}

static inline void sh_skip_blanks(struct sh_p *p)
{
        const char *s = p->s;
        size_t i = p->pos, n = p->len;

        while (i < n) {
                char c = s[i];
                if (sh_is_blank(c))
                        i++;
                else if (c == '\\' && i + 1 < n && s[i + 1] == '\n')
                        i += 2;
                else
                        break;
        }
        p->pos = i;
}

/* Skip a quoted run starting at s[i] (a quote char); returns the index after it. */
static size_t sh_skip_quote(const char *s, size_t len, size_t i)
{
        char q = s[i++];

        while (i < len && s[i] != q) {
                if (q != '\'' && s[i] == '\\')
                        i++;
                i++;
        }
        return i < len ? i + 1 : len;
}

/* From s[i] == open, return the index just after the matching close, honouring
 * quotes and escapes; len when unbalanced.  Iterative, so it is the fallback
 * once the nesting limit is reached. */
static size_t sh_skip_balanced(const char *s, size_t len, size_t i, char open, char close)
{
        size_t depth = 0;

        while (i < len) {
                char c = s[i];
                if (c == '\\') {
                        i += 2;
                        continue;
                }
                if (c == '\'' || c == '"' || c == '`') {
                        i = sh_skip_quote(s, len, i);
                        continue;
                }
                if (c == open) {
                        depth++;
                } else if (c == close) {
                        if (--depth == 0)
                                return i + 1;
                }
                i++;
        }
        return len;
}

static int sh_addc(struct bh_buf *b, char c)
{
        return bh_buf_addc(b, c);
}

static void sh_add_raw(struct bh_buf *b, const char *s, size_t from, size_t to)
{
        if (to > from)
                bh_buf_add(b, s + from, to - from);
}

/* Parse a nested text (backtick body, sh -c string) with its own cursor. */
static void sh_parse_nested(struct sh_p *p, const char *text, size_t len, uint32_t base,
                            bool fixed, enum bh_sh_ctx ctx, int parent, int parent_word,
                            unsigned depth)
{
        struct sh_p np;

        memset(&np, 0, sizeof(np));
        np.st = p->st;
        np.s = text;
        np.len = len;
        np.base = base;
        np.fixed = fixed;
        np.str_off = p->str_off;
        np.str_len = p->str_len;
        sh_parse_list(&np, ctx, parent, parent_word, depth, 0);
}

/* `...`: the body with \\ \` \$ unescaped is parsed as a command substitution. */
static void sh_backtick(struct sh_p *p, struct bh_buf *out, int cmd, int word, unsigned depth)
{
        size_t start = p->pos, i = p->pos + 1;
        struct bh_buf inner;

        bh_buf_init(&inner, p->len + 1);
        while (i < p->len && p->s[i] != '`') {
                if (p->s[i] == '\\' && i + 1 < p->len &&
                    (p->s[i + 1] == '\\' || p->s[i + 1] == '`' || p->s[i + 1] == '$')) {
                        i++;
                }
                sh_addc(&inner, p->s[i]);
                i++;
        }
        if (i >= p->len) {
                sh_error(p, "unterminated backquote", start);
                p->pos = p->len;
        } else {
                p->pos = i + 1;
        }
        if (depth + 1 > BH_LIMIT_SHELL_NESTING)
                sh_truncate(p);
        else
                sh_parse_nested(p, inner.buf, inner.len, sh_off(p, start + 1), p->fixed,
                                BH_SH_CMDSUBST, cmd, word, depth + 1);
        bh_buf_release(&inner);
        sh_add_raw(out, p->s, start, p->pos);
}

/* $( ... ) or <( ... ) / >( ... ): p->pos is at the opening '('. */
static void sh_subst(struct sh_p *p, struct bh_buf *out, size_t raw_start, enum bh_sh_ctx ctx,
                     int cmd, int word, unsigned depth)
{
        size_t open = p->pos;

        if (depth + 1 > BH_LIMIT_SHELL_NESTING) {
                sh_truncate(p);
                p->pos = sh_skip_balanced(p->s, p->len, open, '(', ')');
        } else {
                p->pos = open + 1;
                sh_parse_list(p, ctx, cmd, word, depth + 1, ')');
                if (p->pos < p->len && p->s[p->pos] == ')')
                        p->pos++;
                else
                        sh_error(p, "unterminated command substitution: expected ')'", raw_start);
        }
        sh_add_raw(out, p->s, raw_start, p->pos);
}

/* ANSI-C quoting $'...': p->pos at '$'.  The decoded text is literal. */
static void sh_ansi_c(struct sh_p *p, struct bh_buf *out)
{
        size_t i = p->pos + 2;

        while (i < p->len && p->s[i] != '\'') {
                char c = p->s[i];
                if (c == '\\' && i + 1 < p->len) {
                        char e = p->s[++i];
                        switch (e) {
                        case 'n': c = '\n'; break;
                        case 't': c = '\t'; break;
                        case 'r': c = '\r'; break;
                        case 'a': c = '\a'; break;
                        case 'b': c = '\b'; break;
                        case 'e': case 'E': c = 27; break;
                        case 'f': c = '\f'; break;
                        case 'v': c = '\v'; break;
                        case 'x': {
                                unsigned v = 0, k = 0;
                                while (k < 2 && i + 1 < p->len &&
                                       isxdigit((unsigned char)p->s[i + 1])) {
                                        char h = p->s[++i];
                                        v = v * 16 + (unsigned)(isdigit((unsigned char)h)
                                                                        ? h - '0'
                                                                        : (tolower((unsigned char)h) - 'a' + 10));
                                        k++;
                                }
                                c = (char)v;
                                break;
                        }
                        default:
                                if (e >= '0' && e <= '7') {
                                        unsigned v = (unsigned)(e - '0'), k = 1;
                                        while (k < 3 && i + 1 < p->len && p->s[i + 1] >= '0' &&
                                               p->s[i + 1] <= '7') {
                                                v = v * 8 + (unsigned)(p->s[++i] - '0');
                                                k++;
                                        }
                                        c = (char)v;
                                } else {
                                        c = e; /* \\ \' \" and unknown escapes */
                                }
                        }
                }
                if (c)
                        sh_addc(out, c);
                i++;
        }
        if (i >= p->len) {
                sh_error(p, "unterminated $'...' quote", p->pos);
                p->pos = p->len;
        } else {
                p->pos = i + 1;
        }
}

static void sh_dquote(struct sh_p *p, struct bh_buf *out, bool *literal, int cmd, int word,
                      unsigned depth);

/* A '$' at p->pos: parameter, arithmetic, command substitution or a plain '$'. */
static void sh_dollar(struct sh_p *p, struct bh_buf *out, bool *literal, bool in_dq, int cmd,
                      int word, unsigned depth)
{
        size_t start = p->pos;
        char n = p->pos + 1 < p->len ? p->s[p->pos + 1] : '\0';

        if (n == '(' && p->pos + 2 < p->len && p->s[p->pos + 2] == '(') {
                /* $(( arithmetic )): no command in it */
                *literal = false;
                p->pos = sh_skip_balanced(p->s, p->len, p->pos + 1, '(', ')');
                sh_add_raw(out, p->s, start, p->pos);
        } else if (n == '(') {
                *literal = false;
                p->pos++;
                sh_subst(p, out, start, BH_SH_CMDSUBST, cmd, word, depth);
        } else if (n == '{') {
                *literal = false;
                p->pos = sh_skip_balanced(p->s, p->len, p->pos + 1, '{', '}');
                sh_add_raw(out, p->s, start, p->pos);
        } else if (n == '\'' && !in_dq) {
                sh_ansi_c(p, out);
        } else if (n == '"' && !in_dq) {
                p->pos++;
                sh_dquote(p, out, literal, cmd, word, depth);
        } else if (sh_is_name_char(n)) {
                *literal = false;
                p->pos++;
                if (sh_is_digit(n)) {
                        p->pos++;
                } else {
                        while (p->pos < p->len && sh_is_name_char(p->s[p->pos]))
                                p->pos++;
                }
                sh_add_raw(out, p->s, start, p->pos);
        } else if (n && strchr("@*#?$!-", n)) {
                *literal = false;
                p->pos += 2;
                sh_add_raw(out, p->s, start, p->pos);
        } else {
                sh_addc(out, '$');
                p->pos++;
        }
}

/* "...": p->pos at the opening quote. */
static void sh_dquote(struct sh_p *p, struct bh_buf *out, bool *literal, int cmd, int word,
                      unsigned depth)
{
        size_t start = p->pos;

        p->pos++;
        while (p->pos < p->len) {
                char c = p->s[p->pos];
                if (c == '"') {
                        p->pos++;
                        return;
                }
                if (c == '\\' && p->pos + 1 < p->len) {
                        char e = p->s[p->pos + 1];
                        if (e == '\n') {
                                p->pos += 2;
                                continue;
                        }
                        if (e == '$' || e == '`' || e == '"' || e == '\\') {
                                sh_addc(out, e);
                                p->pos += 2;
                                continue;
                        }
                        sh_addc(out, c);
                        p->pos++;
                        continue;
                }
                if (c == '$') {
                        sh_dollar(p, out, literal, true, cmd, word, depth);
                        continue;
                }
                if (c == '`') {
                        *literal = false;
                        sh_backtick(p, out, cmd, word, depth);
                        continue;
                }
                sh_addc(out, c);
                p->pos++;
        }
        sh_error(p, "unterminated double quote", start);
}

/* Read one word at p->pos into out.  cmd/word say which command word holds
 * any substitution found (for parent links). */
static void sh_read_word(struct sh_p *p, struct bh_buf *out, bool *literal, int cmd, int word,
                         unsigned depth)
{
        *literal = true;
        if (p->pos + 1 < p->len && (p->s[p->pos] == '<' || p->s[p->pos] == '>') &&
            p->s[p->pos + 1] == '(') {
                size_t start = p->pos;
                *literal = false;
                p->pos++;
                sh_subst(p, out, start, BH_SH_PROCSUBST, cmd, word, depth);
        }
        while (p->pos < p->len) {
                char c = p->s[p->pos];
                if (c == '(' && out->len > 0 && strchr("=@!+*?", out->buf[out->len - 1])) {
                        /* arr=(a b) and extglob @(a|b): part of the word */
                        size_t start = p->pos;
                        *literal = false;
                        p->pos = sh_skip_balanced(p->s, p->len, p->pos, '(', ')');
                        sh_add_raw(out, p->s, start, p->pos);
                        continue;
                }
                if (sh_is_meta(c))
                        break;
                switch (c) {
                case '\\':
                        if (p->pos + 1 >= p->len) {
                                sh_addc(out, '\\');
                                p->pos++;
                        } else if (p->s[p->pos + 1] == '\n') {
                                p->pos += 2;
                        } else {
                                sh_addc(out, p->s[p->pos + 1]);
                                p->pos += 2;
                        }
                        break;
                case '\'': {
                        size_t start = p->pos++;
                        const char *q = memchr(p->s + p->pos, '\'', p->len - p->pos);
                        if (!q) {
                                sh_error(p, "unterminated single quote", start);
                                sh_add_raw(out, p->s, p->pos, p->len);
                                p->pos = p->len;
                        } else {
                                size_t e = (size_t)(q - p->s);
                                sh_add_raw(out, p->s, p->pos, e);
                                p->pos = e + 1;
                        }
                        break;
                }
                case '"':
                        sh_dquote(p, out, literal, cmd, word, depth);
                        break;
                case '$':
                        sh_dollar(p, out, literal, false, cmd, word, depth);
                        break;
                case '`':
                        *literal = false;
                        sh_backtick(p, out, cmd, word, depth);
                        break;
                case '*':
                case '?':
                case '[':
                        *literal = false;
                        sh_addc(out, c);
                        p->pos++;
                        break;
                default: {
                        /* copy the run of ordinary characters at once */
                        size_t e = p->pos + 1;
                        while (e < p->len && !sh_class[(unsigned char)p->s[e]])
                                e++;
                        sh_add_raw(out, p->s, p->pos, e);
                        p->pos = e;
                }
                }
        }
}

/* After a newline: skip the bodies of the heredocs opened on that line. */
static void sh_skip_heredocs(struct sh_p *p)
{
        for (unsigned h = 0; h < p->nhd; h++) {
                bool found = false;
                while (p->pos < p->len && !found) {
                        const char *ls = p->s + p->pos;
                        const char *nl = memchr(ls, '\n', p->len - p->pos);
                        size_t ll = nl ? (size_t)(nl - ls) : p->len - p->pos;
                        size_t k = 0;
                        if (p->hd[h].strip)
                                while (k < ll && ls[k] == '\t')
                                        k++;
                        size_t e = ll;
                        if (e > k && ls[e - 1] == '\r')
                                e--;
                        found = e - k == p->hd[h].dlen &&
                                memcmp(ls + k, p->hd[h].delim, p->hd[h].dlen) == 0;
                        p->pos = nl ? (size_t)(nl - p->s) + 1 : p->len;
                }
        }
        p->nhd = 0;
}

static const char *sh_arena_copy(struct sh_p *p, const char *s, size_t n)
{
        return bh_arena_strndup(p->st->a, s, n);
}

/* Is w one quoted string ('...' or "...") whose text is its raw bytes between
 * the quotes (no escape resolved)?  Then an offset in the text maps to the
 * source one to one. */
static bool sh_quoted_verbatim(const struct bh_sh_word *w, size_t tl)
{
        char q = w->raw[0];

        return (q == '\'' || q == '"') && strlen(w->raw) == tl + 2 && w->raw[tl + 1] == q &&
               memcmp(w->raw + 1, w->text, tl) == 0;
}

/* Grow a full scratch vector whose first buffer may be inline storage inl
 * (moved to the heap when outgrown, never freed). */
static void *sh_vec_grow(void *v, size_t n, size_t *cap, size_t elem, const void *inl)
{
        size_t ncap = *cap ? *cap * 2 : 8;
        void *nv;
        if (v && v == inl) {
                nv = bh_xreallocarray(NULL, ncap, elem);
                memcpy(nv, v, n * elem);
        } else {
                nv = bh_xreallocarray(v, ncap, elem);
        }
        *cap = ncap;
        return nv;
}

#define SH_ROOM(vec, inl)                                                                  \
        do {                                                                               \
                if ((vec)->n == (vec)->cap)                                                \
                        (vec)->v = sh_vec_grow((vec)->v, (vec)->n, &(vec)->cap,            \
                                               sizeof(*(vec)->v), (inl));                  \
        } while (0)

static int sh_reserve(struct sh_p *p)
{
        struct sh_state *st = p->st;
        SH_ROOM(&st->cmds, st->cmds_inline);
        struct bh_sh_cmd *c = &st->cmds.v[st->cmds.n++];
        memset(c, 0, sizeof(*c));

        c->parent = -1;
        c->parent_word = -1;
        c->pipeline = -1;
        return (int)(st->cmds.n - 1);
}

/* Is there a redirection operator at p->pos?  Returns its length (0: none). */
static size_t sh_redir_len(const struct sh_p *p)
{
        const char *s = p->s + p->pos;
        size_t n = p->len - p->pos, i = 0;

        while (i < n && sh_is_digit(s[i]))
                i++;
        if (i >= n)
                return 0;
        if (i == 0 && s[0] == '&') {
                if (n >= 3 && s[1] == '>' && s[2] == '>')
                        return 3;
                return n >= 2 && s[1] == '>' ? 2 : 0;
        }
        if (s[i] != '<' && s[i] != '>')
                return 0;
        if (i + 1 < n && s[i + 1] == '(')
                return 0; /* process substitution */
        const char *ops[] = { "<<<", "<<-", "<<", "<>", "<&", ">>", ">&", ">|", "<", ">" };
        for (size_t k = 0; k < BH_ELEMENTSOF(ops); k++) {
                size_t l = strlen(ops[k]);
                if (n - i >= l && memcmp(s + i, ops[k], l) == 0)
                        return i + l;
        }
        return 0;
}

static bool sh_count_word(struct sh_p *p)
{
        if (++p->st->nwords > BH_LIMIT_SHELL_WORDS) {
                sh_truncate(p);
                p->st->stop = true;
                return false;
        }
        return true;
}

/* The end of the word at p->pos when it is only ordinary characters (what
 * sh_read_word would copy unchanged), else p->pos. */
static size_t sh_plain_word_end(const struct sh_p *p)
{
        const unsigned char *s = (const unsigned char *)p->s;
        size_t e = p->pos, n = p->len;

        while (e < n && !sh_class[s[e]])
                e++;
        if (e == p->pos || e == n)
                return e;
        char t = p->s[e];
        if (!sh_is_meta(t))
                return p->pos; /* a quote, '$', escape or glob follows */
        if (t == '(' && strchr("=@!+*?", p->s[e - 1]))
                return p->pos; /* arr=(...) and extglob are part of the word */
        return e;
}

/* One simple command; returns its index or -1 when there was none. */
static int sh_simple(struct sh_p *p, enum bh_sh_ctx ctx, int parent, int parent_word,
                     unsigned depth)
{
        struct sh_state *st = p->st;
        unsigned dl = BH_MIN(depth, (unsigned)SH_DEPTHS - 1);
        struct sh_words *words = &st->words[dl];
        struct sh_redirs *redirs = &st->redirs[dl];
        struct bh_buf *b = &st->bufs[dl];
        int idx = -1;
        bool funcdef = false;
        size_t first = p->pos;

        words->n = 0;
        redirs->n = 0;
        while (st->ndepths <= dl)
                bh_buf_init(&st->bufs[st->ndepths++], st->buf_max);
        while (!st->stop) {
                sh_skip_blanks(p);
                if (p->pos >= p->len)
                        break;
                char c = p->s[p->pos];
                /* a redirection starts with a digit, '<', '>' or '&' */
                size_t rl = sh_is_digit(c) || c == '<' || c == '>' || c == '&' ? sh_redir_len(p) : 0;
                if (rl == 0 && (c == '\n' || c == ';' || c == '|' || c == '&' || c == ')'))
                        break;
                if (c == '(') {
                        if (words->n == 1 && redirs->n == 0) {
                                /* name () compound: a function definition */
                                size_t k = p->pos + 1;
                                while (k < p->len && sh_is_blank(p->s[k]))
                                        k++;
                                if (k < p->len && p->s[k] == ')') {
                                        p->pos = k + 1;
                                        funcdef = true;
                                }
                        }
                        break;
                }
                if (c == '#')
                        break; /* a comment starts at any word boundary */
                if (idx < 0)
                        idx = sh_reserve(p);
                if (!sh_count_word(p))
                        break;
                if (rl) {
                        SH_ROOM(redirs, st->redirs_inline);
                        struct bh_sh_redir *r = &redirs->v[redirs->n++];
                        memset(r, 0, sizeof(*r));
                        bool lit;
                        size_t op = p->pos, d = 0;
                        r->op = sh_arena_copy(p, p->s + op, rl);
                        while (d < rl && sh_is_digit(p->s[op + d]))
                                d++;
                        bool heredoc = (rl - d == 2 && memcmp(p->s + op + d, "<<", 2) == 0) ||
                                       (rl - d == 3 && memcmp(p->s + op + d, "<<-", 3) == 0);
                        p->pos += rl;
                        sh_skip_blanks(p);
                        bh_buf_reset(b);
                        sh_read_word(p, b, &lit, idx, -1, depth);
                        r->target = sh_arena_copy(p, b->buf, b->len);
                        if (heredoc && p->nhd < SH_MAX_HEREDOCS) {
                                p->hd[p->nhd].delim = r->target;
                                p->hd[p->nhd].dlen = b->len;
                                p->hd[p->nhd].strip = rl - d == 3;
                                p->nhd++;
                        }
                        continue;
                }
                struct bh_sh_word w = { 0 };
                size_t ws = p->pos;
                int wi = (int)words->n;
                size_t e = sh_plain_word_end(p);
                if (e > ws) {
                        /* no quote, escape or expansion: text and raw are the bytes */
                        SH_ROOM(words, st->words_inline);
                        struct bh_sh_word *pw = &words->v[words->n++];
                        pw->text = pw->raw = sh_arena_copy(p, p->s + ws, e - ws);
                        pw->literal = true;
                        pw->off = sh_off(p, ws);
                        p->pos = e;
                        continue;
                }
                bh_buf_reset(b);
                sh_read_word(p, b, &w.literal, idx, wi, depth);
                if (p->pos == ws) {
                        /* a stray metacharacter the word reader refused: skip it */
                        p->pos++;
                        continue;
                }
                w.text = sh_arena_copy(p, b->buf, b->len);
                /* a plain word is its own raw form: share the copy */
                if (b->len == p->pos - ws && memcmp(b->buf, p->s + ws, b->len) == 0)
                        w.raw = w.text;
                else
                        w.raw = sh_arena_copy(p, p->s + ws, p->pos - ws);
                w.off = sh_off(p, ws);
                SH_ROOM(words, st->words_inline);
                words->v[words->n++] = w;
        }
        if (idx < 0 || funcdef || (words->n == 0 && redirs->n == 0)) {
                if (idx >= 0 && (size_t)idx == st->cmds.n - 1)
                        st->cmds.n--;
                return -1;
        }
        struct bh_sh_cmd *cmd = &st->cmds.v[idx];
        cmd->nwords = words->n;
        if (words->n)
                cmd->words = bh_arena_memdup(st->a, words->v, words->n * sizeof(*words->v));
        cmd->nredirs = redirs->n;
        if (redirs->n)
                cmd->redirs = bh_arena_memdup(st->a, redirs->v, redirs->n * sizeof(*redirs->v));
        cmd->ctx = ctx;
        cmd->parent = parent;
        cmd->parent_word = parent_word;
        cmd->depth = depth;
        cmd->off = cmd->nwords ? cmd->words[0].off : sh_off(p, first);
        cmd->str_off = p->str_off;
        cmd->str_len = p->str_len;
        bh_shcmd_resolve(cmd);

        long j = bh_shcmd_c_string(cmd);
        if (j >= 0) {
                const struct bh_sh_word *sw = &cmd->words[j];
                size_t tl = strlen(sw->text);
                if (depth + 1 > BH_LIMIT_SHELL_NESTING) {
                        sh_truncate(p);
                } else if (!p->fixed && sh_quoted_verbatim(sw, tl)) {
                        /* offsets inside the string are offsets in the source */
                        uint32_t so = p->str_off, sl = p->str_len;
                        if (!sl) {
                                p->str_off = sw->off;
                                p->str_len = (uint32_t)tl + 2;
                        }
                        sh_parse_nested(p, sw->text, tl, sw->off + 1, false, BH_SH_STRING, idx,
                                        (int)j, depth + 1);
                        p->str_off = so;
                        p->str_len = sl;
                } else {
                        sh_parse_nested(p, sw->text, tl, sw->off, true, BH_SH_STRING, idx,
                                        (int)j, depth + 1);
                }
        }
        return idx;
}

/* Peek an unquoted reserved word at p->pos; returns its length or 0. */
static size_t sh_peek_keyword(const struct sh_p *p, const char **ret)
{
        /* by length, so a word is compared with a handful of keywords at most */
        static const char *const kw1[] = { "{", "}", "!" };
        static const char *const kw2[] = { "if", "fi", "do", "in" };
        static const char *const kw3[] = { "for" };
        static const char *const kw4[] = { "then", "else", "elif", "done", "case", "esac" };
        static const char *const kw5[] = { "while", "until" };
        static const char *const kw6[] = { "select" };
        static const char *const kw8[] = { "function" };
        static const struct {
                const char *const *v;
                size_t n;
        } bylen[] = { { NULL, 0 }, { kw1, 3 }, { kw2, 4 }, { kw3, 1 }, { kw4, 6 },
                      { kw5, 2 },  { kw6, 1 }, { NULL, 0 }, { kw8, 1 } };
        size_t i = p->pos;

        /* nested texts ($(...), sh -c strings) are not NUL-terminated */
        if (p->pos >= p->len)
                return 0;
        char c = p->s[p->pos];

        /* the first characters of the keywords above: most words stop here */
        switch (c) {
        case 'i': case 't': case 'e': case 'f': case 'd': case 'w': case 'u': case 'c':
        case 's': case '{': case '}': case '!':
                break;
        default:
                return 0;
        }
        while (i < p->len && !sh_is_meta(p->s[i]))
                i++;
        size_t n = i - p->pos;
        if (n == 0 || n >= BH_ELEMENTSOF(bylen))
                return 0;
        for (size_t k = 0; k < bylen[n].n; k++) {
                const char *kw = bylen[n].v[k];
                if (kw[0] == c && memcmp(p->s + p->pos, kw, n) == 0) {
                        *ret = kw;
                        return n;
                }
        }
        return 0;
}

/* Skip words up to the end of a for/select/case header, parsing substitutions. */
static void sh_skip_words(struct sh_p *p, unsigned depth, size_t max)
{
        struct bh_buf b;
        bool lit;

        bh_buf_init(&b, p->len + 1);
        for (size_t k = 0; k < max && !p->st->stop; k++) {
                sh_skip_blanks(p);
                if (p->pos >= p->len || sh_is_meta(p->s[p->pos]))
                        break;
                bh_buf_reset(&b);
                size_t ws = p->pos;
                sh_read_word(p, &b, &lit, -1, -1, depth);
                if (p->pos == ws)
                        break;
        }
        bh_buf_release(&b);
}

static void sh_set_sep(struct sh_p *p, int last, enum bh_sh_sep sep)
{
        if (last >= 0)
                p->st->cmds.v[last].sep = sep;
}

static void sh_parse_list(struct sh_p *p, enum bh_sh_ctx ctx, int parent, int parent_word,
                          unsigned depth, char term)
{
        struct sh_state *st = p->st;
        int last = -1, pipe_id = -1;
        unsigned pipe_pos = 0, case_depth = 0;
        bool after_pipe = false, case_pat = false;

        while (!st->stop) {
                sh_skip_blanks(p);
                if (p->pos >= p->len)
                        return;
                size_t at = p->pos;
                char c = p->s[p->pos];
                char n = p->pos + 1 < p->len ? p->s[p->pos + 1] : '\0';

                if (c == '#') {
                        const char *nl = memchr(p->s + p->pos, '\n', p->len - p->pos);
                        p->pos = nl ? (size_t)(nl - p->s) : p->len;
                        continue;
                }
                if (c == '\n') {
                        p->pos++;
                        sh_skip_heredocs(p);
                        if (!after_pipe && last >= 0 && st->cmds.v[last].sep == BH_SH_SEP_END)
                                sh_set_sep(p, last, BH_SH_SEP_SEMI);
                        continue;
                }
                if (c == ')') {
                        if (term)
                                return; /* the frame that opened it consumes it */
                        sh_error(p, "unexpected ')'", p->pos);
                        p->pos++;
                        continue;
                }
                if (c == ';') {
                        p->pos++;
                        if (n == ';' || n == '&') {
                                p->pos++;
                                if (n == ';' && p->pos < p->len && p->s[p->pos] == '&')
                                        p->pos++;
                                case_pat = case_depth > 0;
                        }
                        sh_set_sep(p, last, BH_SH_SEP_SEMI);
                        after_pipe = false;
                        continue;
                }
                if (c == '&' && n != '>') {
                        p->pos += n == '&' ? 2 : 1;
                        sh_set_sep(p, last, n == '&' ? BH_SH_SEP_AND : BH_SH_SEP_BG);
                        after_pipe = false;
                        continue;
                }
                if (c == '|') {
                        p->pos += (n == '|' || n == '&') ? 2 : 1;
                        sh_set_sep(p, last, n == '|' ? BH_SH_SEP_OR : BH_SH_SEP_PIPE);
                        after_pipe = n != '|';
                        continue;
                }
                if (case_pat) {
                        const char *kw = NULL;
                        size_t kl = sh_peek_keyword(p, &kw);
                        case_pat = false;
                        if (kl && strcmp(kw, "esac") == 0) {
                                p->pos += kl;
                                case_depth--;
                                continue;
                        }
                        if (c == '(')
                                p->pos++;
                        /* the pattern runs to the first unquoted ')' */
                        while (p->pos < p->len && p->s[p->pos] != ')') {
                                char q = p->s[p->pos];
                                if (q == '\'' || q == '"')
                                        p->pos = sh_skip_quote(p->s, p->len, p->pos);
                                else
                                        p->pos += q == '\\' ? 2 : 1;
                        }
                        if (p->pos < p->len)
                                p->pos++;
                        continue;
                }
                if (c == '(') {
                        if (n == '(') {
                                /* (( arithmetic )) */
                                p->pos = sh_skip_balanced(p->s, p->len, p->pos, '(', ')');
                        } else if (depth + 1 > BH_LIMIT_SHELL_NESTING) {
                                sh_truncate(p);
                                p->pos = sh_skip_balanced(p->s, p->len, p->pos, '(', ')');
                        } else {
                                p->pos++;
                                sh_parse_list(p, BH_SH_SUBSHELL, -1, -1, depth + 1, ')');
                                if (p->pos < p->len && p->s[p->pos] == ')')
                                        p->pos++;
                                else
                                        sh_error(p, "unterminated subshell: expected ')'", at);
                        }
                        last = -1;
                        pipe_id = after_pipe ? pipe_id : -1;
                        continue;
                }
                const char *kw = NULL;
                size_t kl = sh_peek_keyword(p, &kw);
                if (kl) {
                        p->pos += kl;
                        if (strcmp(kw, "}") == 0) {
                                if (term == '}')
                                        return;
                        } else if (strcmp(kw, "{") == 0) {
                                if (depth + 1 > BH_LIMIT_SHELL_NESTING) {
                                        sh_truncate(p);
                                        continue;
                                }
                                sh_parse_list(p, BH_SH_SUBSHELL, -1, -1, depth + 1, '}');
                                last = -1;
                        } else if (strcmp(kw, "esac") == 0) {
                                if (case_depth)
                                        case_depth--;
                        } else if (strcmp(kw, "case") == 0) {
                                sh_skip_words(p, depth, 1);
                                sh_skip_blanks(p);
                                const char *in = NULL;
                                size_t il = sh_peek_keyword(p, &in);
                                if (il && strcmp(in, "in") == 0)
                                        p->pos += il;
                                case_depth++;
                                case_pat = true;
                        } else if (strcmp(kw, "for") == 0 || strcmp(kw, "select") == 0) {
                                sh_skip_blanks(p);
                                if (p->pos + 1 < p->len && p->s[p->pos] == '(' &&
                                    p->s[p->pos + 1] == '(')
                                        p->pos = sh_skip_balanced(p->s, p->len, p->pos, '(', ')');
                                else
                                        sh_skip_words(p, depth, SIZE_MAX);
                        } else if (strcmp(kw, "function") == 0) {
                                sh_skip_words(p, depth, 1);
                                sh_skip_blanks(p);
                                if (p->pos + 1 < p->len && p->s[p->pos] == '(') {
                                        size_t k = p->pos + 1;
                                        while (k < p->len && sh_is_blank(p->s[k]))
                                                k++;
                                        if (k < p->len && p->s[k] == ')')
                                                p->pos = k + 1;
                                }
                        }
                        /* if then else elif fi do done while until in !: the
                         * commands around them are what matters */
                        continue;
                }
                int idx = sh_simple(p, ctx, parent, parent_word, depth);
                if (idx >= 0) {
                        struct bh_sh_cmd *cmd = &st->cmds.v[idx];
                        if (after_pipe && pipe_id >= 0) {
                                pipe_pos++;
                        } else {
                                pipe_pos = after_pipe ? 1 : 0;
                                pipe_id = st->next_pipeline++;
                        }
                        cmd->pipeline = pipe_id;
                        cmd->pipe_pos = pipe_pos;
                        last = idx;
                        after_pipe = false;
                }
                if (p->pos == at)
                        p->pos++; /* always make progress on input we do not understand */
        }
}

struct bh_sh_script *bh_sh_parse(struct bh_arena *a, const char *text, size_t len)
{
        struct bh_sh_script *out = bh_arena_alloc(a, sizeof(*out));
        struct sh_state st;
        struct sh_p p;

        memset(&st, 0, offsetof(struct sh_state, cmds_inline));
        memset(&p, 0, sizeof(p));
        st.a = a;
        st.out = out;
        st.buf_max = len + 1;
        st.cmds.v = st.cmds_inline;
        st.cmds.cap = BH_ELEMENTSOF(st.cmds_inline);
        st.words[0].v = st.words_inline;
        st.words[0].cap = BH_ELEMENTSOF(st.words_inline);
        st.redirs[0].v = st.redirs_inline;
        st.redirs[0].cap = BH_ELEMENTSOF(st.redirs_inline);
        p.st = &st;
        p.s = text ? text : "";
        p.len = text ? len : 0;
        sh_parse_list(&p, BH_SH_TOP, -1, -1, 0, 0);
        if (st.cmds.n) {
                out->cmds = bh_arena_memdup(a, st.cmds.v, st.cmds.n * sizeof(*st.cmds.v));
                out->ncmds = st.cmds.n;
        }
        if (st.cmds.v != st.cmds_inline)
                free(st.cmds.v);
        for (size_t i = 0; i < st.ndepths; i++) {
                bh_buf_release(&st.bufs[i]);
                if (st.words[i].v != st.words_inline)
                        free(st.words[i].v);
                if (st.redirs[i].v != st.redirs_inline)
                        free(st.redirs[i].v);
        }
        return out;
}
