/* Compose interpolation (${VAR} and its operators) and the .env reader, as
 * compose-go does them: values only, the process environment wins over env
 * files, a default is evaluated only when it is used.  An unset variable
 * without a default is unknown, never guessed. */
#include <ctype.h>

#include "../../util/limits.h"
#include "compose-int.h"

#include "../../util/bh-banned.h"

const char *bh_cenv_get(const struct bh_compose *cx, const struct bh_cenv *env, const char *name)
{
        size_t nl = strlen(name);

        if (cx->o && cx->o->process_env)
                for (const char *const *e = cx->o->process_env; *e; e++)
                        if (strncmp(*e, name, nl) == 0 && (*e)[nl] == '=')
                                return *e + nl + 1;
        for (size_t i = env ? env->names.n : 0; i-- > 0;)
                if (strcmp(env->names.v[i], name) == 0)
                        return env->values.v[i];
        return NULL;
}

void bh_cenv_set(struct bh_arena *a, struct bh_cenv *env, const char *name, const char *value)
{
        BH_VEC_PUSH(&env->names, bh_arena_strdup(a, name));
        BH_VEC_PUSH(&env->values, bh_arena_strdup(a, value));
}

void bh_cenv_release(struct bh_cenv *env)
{
        free(env->names.v);
        free(env->values.v);
        memset(env, 0, sizeof(*env));
}

struct bh_interp {
        struct bh_compose *cx;
        const struct bh_cenv *env;
        bool known;
        const char *unres;
        const char *error;
};

static bool bh_name_start(char c)
{
        return isalpha((unsigned char)c) || c == '_';
}

static bool bh_name_char(char c)
{
        return isalnum((unsigned char)c) || c == '_';
}

static void bh_interp_fail(struct bh_interp *x, const char *msg)
{
        if (!x->error)
                x->error = bh_arena_strdup(x->cx->a, msg);
        x->known = false;
}

static int bh_interp_add(struct bh_interp *x, struct bh_buf *out, const char *s, size_t n)
{
        if (bh_buf_add(out, s, n) < 0) {
                if (!x->error)
                        x->error = bh_arena_printf(x->cx->a,
                                                   "interpolated value is longer than %u bytes",
                                                   BH_LIMIT_EXPANSION_SIZE);
                return -1;
        }
        return 0;
}

static int bh_interp_run(struct bh_interp *x, const char *s, size_t len, unsigned depth,
                         struct bh_buf *out);

/* ${name<op>word}: op is "", "-", ":-", "?", ":?", "+", ":+". */
static int bh_interp_braced(struct bh_interp *x, const char *name, bool colon, char op,
                            const char *word, size_t wlen, unsigned depth, struct bh_buf *out)
{
        const char *v = bh_cenv_get(x->cx, x->env, name);
        bool set = v != NULL, nonempty = v && *v;
        bool use_value;

        switch (op) {
        case '\0':
                if (!set) {
                        x->known = false;
                        if (!x->unres)
                                x->unres = bh_arena_strdup(x->cx->a, name);
                        return 0;
                }
                return bh_interp_add(x, out, v, strlen(v));
        case '-':
                use_value = colon ? nonempty : set;
                if (use_value)
                        return bh_interp_add(x, out, v, strlen(v));
                return bh_interp_run(x, word, wlen, depth + 1, out);
        case '?':
                use_value = colon ? nonempty : set;
                if (use_value)
                        return bh_interp_add(x, out, v, strlen(v));
                if (!x->error)
                        x->error = bh_arena_printf(x->cx->a,
                                                   "required variable %s is missing a value%s%.*s",
                                                   name, wlen ? ": " : "", (int)wlen, word);
                x->known = false;
                return 0;
        case '+':
                use_value = colon ? nonempty : set;
                if (use_value)
                        return bh_interp_run(x, word, wlen, depth + 1, out);
                return 0;
        default:
                return 0;
        }
}

static int bh_interp_run(struct bh_interp *x, const char *s, size_t len, unsigned depth,
                         struct bh_buf *out)
{
        char name[256];

        if (depth > BH_LIMIT_COMPOSE_INTERP_NESTING) {
                if (!x->error)
                        x->error = bh_arena_printf(x->cx->a,
                                                   "interpolation nested deeper than %u levels",
                                                   BH_LIMIT_COMPOSE_INTERP_NESTING);
                x->known = false;
                return -1;
        }
        for (size_t i = 0; i < len;) {
                const char *dollar = memchr(s + i, '$', len - i);
                size_t j;

                if (!dollar)
                        return bh_interp_add(x, out, s + i, len - i);
                if (bh_interp_add(x, out, s + i, (size_t)(dollar - (s + i))) < 0)
                        return -1;
                i = (size_t)(dollar - s);
                if (i + 1 < len && s[i + 1] == '$') {
                        if (bh_interp_add(x, out, "$", 1) < 0)
                                return -1;
                        i += 2;
                        continue;
                }
                if (i + 1 < len && bh_name_start(s[i + 1])) {
                        for (j = i + 1; j < len && bh_name_char(s[j]); j++)
                                ;
                        if (j - i - 1 >= sizeof(name)) {
                                bh_interp_fail(x, "variable name too long");
                                return -1;
                        }
                        memcpy(name, s + i + 1, j - i - 1);
                        name[j - i - 1] = '\0';
                        if (bh_interp_braced(x, name, false, '\0', "", 0, depth, out) < 0)
                                return -1;
                        i = j;
                        continue;
                }
                if (i + 1 >= len || s[i + 1] != '{' || i + 2 >= len || !bh_name_start(s[i + 2])) {
                        bh_interp_fail(x, "invalid interpolation format: a $ must be followed "
                                          "by a variable name, { or $ (write $$ for a literal $)");
                        return -1;
                }
                size_t ns = i + 2;
                for (j = ns; j < len && bh_name_char(s[j]); j++)
                        ;
                if (j - ns >= sizeof(name)) {
                        bh_interp_fail(x, "variable name too long");
                        return -1;
                }
                memcpy(name, s + ns, j - ns);
                name[j - ns] = '\0';
                /* the matching brace, skipping nested ${...} and $$ */
                size_t k = j;
                unsigned nest = 0;
                for (; k < len; k++) {
                        if (s[k] == '$' && k + 1 < len && (s[k + 1] == '$' || s[k + 1] == '{')) {
                                nest += s[k + 1] == '{';
                                k++;
                                continue;
                        }
                        if (s[k] == '}') {
                                if (!nest)
                                        break;
                                nest--;
                        }
                }
                if (k >= len) {
                        bh_interp_fail(x, "invalid interpolation format: unterminated ${");
                        return -1;
                }
                bool colon = false;
                char op = '\0';
                size_t w = j;
                if (w < k && s[w] == ':') {
                        colon = true;
                        w++;
                }
                if (w < k) {
                        op = s[w++];
                        if (op != '-' && op != '?' && op != '+') {
                                bh_interp_fail(x, "invalid interpolation format: unknown "
                                                  "operator in ${...}");
                                return -1;
                        }
                } else if (colon) {
                        bh_interp_fail(x, "invalid interpolation format: ${VAR:} needs an "
                                          "operator");
                        return -1;
                }
                if (bh_interp_braced(x, name, colon, op, s + w, k - w, depth, out) < 0)
                        return -1;
                i = k + 1;
        }
        return 0;
}

const char *bh_compose_interpolate(struct bh_compose *cx, const struct bh_cenv *env, const char *s,
                                   bool *ret_known, const char **ret_unres, const char **ret_error)
{
        struct bh_interp x = {.cx = cx, .env = env, .known = true};
        struct bh_buf out;
        const char *res = NULL;

        if (!strchr(s, '$')) {
                *ret_known = true;
                *ret_unres = NULL;
                *ret_error = NULL;
                return s;
        }
        bh_buf_init(&out, BH_LIMIT_EXPANSION_SIZE);
        if (bh_interp_run(&x, s, strlen(s), 0, &out) == 0)
                res = bh_arena_strndup(cx->a, out.buf, out.len);
        else
                x.known = false;
        bh_buf_release(&out);
        *ret_known = x.known;
        *ret_unres = x.unres;
        *ret_error = x.error;
        return res;
}

/* One value of a .env line starting at p; returns the value (arena) and
 * moves *pp past it.  Single quotes are literal, double quotes take \n \t \\
 * \" escapes and are interpolated, unquoted values end at a " #" comment. */
static const char *bh_dotenv_value(struct bh_compose *cx, const struct bh_cenv *env,
                                   const char **pp, const char *end, bool *ret_ok)
{
        const char *p = *pp;
        struct bh_buf b;
        const char *res;
        bool interp = true;

        *ret_ok = true;
        bh_buf_init(&b, BH_LIMIT_EXPANSION_SIZE);
        while (p < end && (*p == ' ' || *p == '\t'))
                p++;
        if (p < end && (*p == '\'' || *p == '"')) {
                char q = *p++;
                interp = q == '"';
                while (p < end && *p != q) {
                        char c = *p++;
                        if (q == '"' && c == '\\' && p < end) {
                                c = *p++;
                                c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
                        }
                        bh_buf_addc(&b, c);
                }
                if (p < end)
                        p++;
                while (p < end && *p != '\n')
                        p++;
        } else {
                const char *s = p;
                while (p < end && *p != '\n') {
                        if (*p == '#' && p > s && (p[-1] == ' ' || p[-1] == '\t'))
                                break;
                        p++;
                }
                const char *e = p;
                while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
                        e--;
                bh_buf_add(&b, s, (size_t)(e - s));
                while (p < end && *p != '\n')
                        p++;
        }
        *pp = p;
        res = bh_arena_strndup(cx->a, b.buf, b.len);
        bh_buf_release(&b);
        if (interp) {
                bool known;
                const char *unres, *error;
                const char *v = bh_compose_interpolate(cx, env, res, &known, &unres, &error);
                if (!v || !known) {
                        *ret_ok = false;
                        return res;
                }
                res = v;
        }
        return res;
}

void bh_compose_dotenv(struct bh_compose *cx, struct bh_cenv *env, const char *text, size_t len)
{
        const char *p = text, *end = text + len;

        while (p < end) {
                while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
                        p++;
                if (p >= end)
                        break;
                if (*p == '#') {
                        while (p < end && *p != '\n')
                                p++;
                        continue;
                }
                if ((size_t)(end - p) > 7 && strncmp(p, "export ", 7) == 0)
                        p += 7;
                while (p < end && (*p == ' ' || *p == '\t'))
                        p++;
                const char *k = p;
                while (p < end && *p != '=' && *p != '\n' && *p != ' ' && *p != '\t')
                        p++;
                const char *ke = p;
                while (p < end && (*p == ' ' || *p == '\t'))
                        p++;
                if (p >= end || *p != '=' || ke == k) {
                        /* "KEY" alone or garbage: no value */
                        while (p < end && *p != '\n')
                                p++;
                        continue;
                }
                p++;
                bool ok;
                const char *v = bh_dotenv_value(cx, env, &p, end, &ok);
                char *name = bh_arena_strndup(cx->a, k, (size_t)(ke - k));
                /* a value that depends on an unknown variable stays unset: unknown */
                if (ok)
                        bh_cenv_set(cx->a, env, name, v);
        }
}
