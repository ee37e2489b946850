/* The few files bulkhead image reads, and the facts it takes from them:
 * accounts (/etc/passwd, /etc/shadow), sudoers rules, secret files (the OS
 * release and the package databases go to src/frontend/pkgdb).  Only the final version of each file (after every layer) gets
 * here; the rules decide what is a finding. */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "../pkgdb/pkgdb.h"
#include "image-int.h"

#include "../../util/bh-banned.h"

static bool bh_img_is_secret_name(const char *path, const char *base)
{
        static const char *const names[] = {".npmrc", ".git-credentials", ".pgpass", ".netrc",
                                            ".env"};

        for (size_t i = 0; i < BH_ELEMENTSOF(names); i++)
                if (strcmp(base, names[i]) == 0)
                        return true;
        return bh_str_startswith(base, ".env.") || bh_str_endswith(path, ".aws/credentials") ||
               bh_str_endswith(path, ".docker/config.json") || bh_str_endswith(base, ".pem") ||
               bh_str_endswith(base, ".key") || strcmp(base, "id_rsa") == 0 ||
               strcmp(base, "id_dsa") == 0 || strcmp(base, "id_ecdsa") == 0 ||
               strcmp(base, "id_ed25519") == 0;
}

static bool bh_img_is_system_file(const char *path)
{
        return strcmp(path, "etc/passwd") == 0 || strcmp(path, "etc/shadow") == 0 ||
               strcmp(path, "etc/sudoers") == 0 || bh_str_startswith(path, "etc/sudoers.d/");
}

enum bh_img_want bh_img_wanted(const char *path, uint64_t size)
{
        const char *base = bh_path_basename(path);

        if (bh_img_is_system_file(path) || bh_img_is_secret_name(path, base))
                return BH_IMG_WANT_CONTENT;
        /* package databases and OS release files: src/frontend/pkgdb reads them */
        if (bh_pkgdb_wanted(path))
                return BH_IMG_WANT_PKGDB;
        /* private keys by content, whatever their name: keys are small */
        if (size >= 32 && size <= 64u * 1024u)
                return BH_IMG_WANT_SNIFF;
        return BH_IMG_WANT_NONE;
}

/* An unencrypted OpenSSH key starts "openssh-key-v1\0", cipher "none". */
#define BH_OPENSSH_NONE "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU"

bool bh_img_key_header(const char *data, size_t len, bool *ret_encrypted)
{
        const char *end = data + len, *p = data;

        *ret_encrypted = false;
        while (p < end && isspace((unsigned char)*p))
                p++;
        if ((size_t)(end - p) < 11 || memcmp(p, "-----BEGIN ", 11) != 0)
                return false;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (!memmem(p, ll, "PRIVATE KEY-----", 16))
                return false;
        if (memmem(p, ll, "ENCRYPTED", 9) ||
            memmem(p, (size_t)(end - p), "Proc-Type: 4,ENCRYPTED", 22))
                *ret_encrypted = true;
        else if (memmem(p, ll, "OPENSSH", 7) && nl) {
                const char *b = nl + 1;
                size_t bl = (size_t)(end - b);
                *ret_encrypted = bl >= sizeof(BH_OPENSSH_NONE) - 1 &&
                                 memcmp(b, BH_OPENSSH_NONE, sizeof(BH_OPENSSH_NONE) - 1) != 0;
        }
        return true;
}

/* Iterate lines: *line/len without the newline, *no 1-based. */
struct bh_img_lines {
        const char *p, *end;
        uint32_t no;
};

static bool bh_img_next_line(struct bh_img_lines *it, const char **line, size_t *len)
{
        if (it->p >= it->end)
                return false;
        const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
        const char *e = nl ? nl : it->end;
        *line = it->p;
        *len = (size_t)(e - it->p);
        if (*len && (*line)[*len - 1] == '\r')
                (*len)--;
        it->p = nl ? nl + 1 : it->end;
        it->no++;
        return true;
}

static struct bh_loc bh_img_at(struct bh_loc loc, uint32_t line)
{
        loc.line = line;
        loc.col = line ? 1 : 0;
        return loc;
}

/* name:field2:field3... into at most n fields (pointers into an arena copy). */
static size_t bh_img_split(struct bh_arena *a, const char *line, size_t len, char sep, char **f,
                           size_t n)
{
        char *s = bh_arena_strndup(a, line, len);
        size_t k = 0;

        while (k < n) {
                f[k++] = s;
                char *c = strchr(s, sep);
                if (!c)
                        break;
                *c = '\0';
                s = c + 1;
        }
        return k;
}

static void bh_img_passwd(struct bh_doc *doc, struct bh_image *img, const char *data, size_t len,
                          struct bh_loc loc)
{
        struct bh_img_lines it = {data, data + len, 0};
        const char *l;
        size_t n;
        char *f[4];

        while (bh_img_next_line(&it, &l, &n)) {
                if (!n || l[0] == '#' || l[0] == '+' || l[0] == '-')
                        continue;
                if (bh_img_split(&doc->arena, l, n, ':', f, 4) < 4)
                        continue;
                struct bh_image_account *x = BH_VEC_NEW(&img->accounts);
                x->name = f[0];
                x->uid = f[2];
                x->loc = bh_img_at(loc, it.no);
        }
}

static void bh_img_shadow(struct bh_doc *doc, struct bh_image *img, const char *data, size_t len,
                          struct bh_loc loc)
{
        struct bh_img_lines it = {data, data + len, 0};
        const char *l;
        size_t n;
        char *f[3];

        while (bh_img_next_line(&it, &l, &n)) {
                if (!n || l[0] == '#')
                        continue;
                if (bh_img_split(&doc->arena, l, n, ':', f, 3) < 2)
                        continue;
                struct bh_image_shadow *x = BH_VEC_NEW(&img->shadow);
                x->name = f[0];
                x->hash = f[1];
                x->loc = bh_img_at(loc, it.no);
        }
}

static void bh_img_sudoers(struct bh_doc *doc, struct bh_image *img, const char *data, size_t len,
                           struct bh_loc loc)
{
        struct bh_img_lines it = {data, data + len, 0};
        const char *l;
        size_t n;
        char *joined = NULL;
        size_t jl = 0;
        uint32_t first = 0;

        while (bh_img_next_line(&it, &l, &n)) {
                bool cont = n && l[n - 1] == '\\';
                if (!joined)
                        first = it.no;
                joined = bh_xrealloc(joined, jl + n + 2);
                memcpy(joined + jl, l, cont ? n - 1 : n);
                jl += cont ? n - 1 : n;
                joined[jl] = '\0';
                if (cont)
                        continue;
                const char *s = joined;
                while (isspace((unsigned char)*s))
                        s++;
                /* comments; #include/#includedir lines too (sudoers.d is read anyway) */
                if (*s && *s != '#' && !bh_str_startswith(s, "Defaults")) {
                        char *hash = strchr(s, '#');
                        if (hash)
                                *hash = '\0';
                        struct bh_image_sudo *x = BH_VEC_NEW(&img->sudo);
                        x->text = bh_arena_strdup(&doc->arena, s);
                        x->loc = bh_img_at(loc, first);
                }
                free(joined);
                joined = NULL;
                jl = 0;
        }
        free(joined);
}

static void bh_img_secret(struct bh_doc *doc, struct bh_image *img, enum bh_image_secret_kind k,
                          const char *path, const char *detail, struct bh_loc loc)
{
        struct bh_image_secret *x = BH_VEC_NEW(&img->secrets);

        x->kind = k;
        x->path = path;
        x->detail = detail ? bh_arena_strdup(&doc->arena, detail) : NULL;
        x->loc = loc;
}

/* key = value lines (.aws/credentials, .npmrc): the first line whose key is
 * one of keys and whose value is not empty. */
static uint32_t bh_img_find_key(const char *data, size_t len, const char *const *keys, size_t nkeys,
                                bool suffix)
{
        struct bh_img_lines it = {data, data + len, 0};
        const char *l;
        size_t n;

        while (bh_img_next_line(&it, &l, &n)) {
                const char *eq = memchr(l, '=', n);
                if (!eq)
                        continue;
                size_t kl = (size_t)(eq - l);
                while (kl && isspace((unsigned char)l[kl - 1]))
                        kl--;
                const char *v = eq + 1, *e = l + n;
                while (v < e && isspace((unsigned char)*v))
                        v++;
                if (v == e)
                        continue;
                for (size_t i = 0; i < nkeys; i++) {
                        size_t ql = strlen(keys[i]);
                        if (suffix ? kl >= ql && memcmp(l + kl - ql, keys[i], ql) == 0
                                   : kl == ql && memcmp(l, keys[i], ql) == 0)
                                return it.no;
                }
        }
        return 0;
}

static void bh_img_docker_config(struct bh_doc *doc, struct bh_image *img, const char *path,
                                 const char *data, size_t len, struct bh_loc loc)
{
        json_t *root = json_loadb(data, len, 0, NULL), *v;
        const char *reg;

        json_object_foreach(json_object_get(root, "auths"), reg, v)
        {
                json_t *a = json_object_get(v, "auth"), *t = json_object_get(v, "identitytoken");
                if ((json_is_string(a) && *json_string_value(a)) ||
                    (json_is_string(t) && *json_string_value(t)))
                        bh_img_secret(doc, img, BH_IMG_SECRET_DOCKER_AUTH, path, reg, loc);
        }
        json_decref(root);
}

static void bh_img_env_file(struct bh_doc *doc, struct bh_image *img, const char *path,
                            const char *data, size_t len, struct bh_loc loc)
{
        struct bh_img_lines it = {data, data + len, 0};
        const char *l;
        size_t n;

        while (bh_img_next_line(&it, &l, &n)) {
                while (n && isspace((unsigned char)*l)) {
                        l++;
                        n--;
                }
                if (n > 7 && memcmp(l, "export ", 7) == 0) {
                        l += 7;
                        n -= 7;
                }
                const char *eq = memchr(l, '=', n);
                if (!n || l[0] == '#' || !eq || eq == l || (size_t)(eq - l) + 1 == n)
                        continue;
                char *name = bh_arena_strndup(&doc->arena, l, (size_t)(eq - l));
                bh_img_secret(doc, img, BH_IMG_SECRET_ENV_FILE, path, name, bh_img_at(loc, it.no));
        }
}

void bh_img_content_parse(struct bh_doc *doc, struct bh_image *img, const char *path,
                          const char *data, size_t len, struct bh_loc loc)
{
        const char *base = bh_path_basename(path);
        bool enc;

        if (strcmp(path, "etc/passwd") == 0)
                bh_img_passwd(doc, img, data, len, loc);
        else if (strcmp(path, "etc/shadow") == 0)
                bh_img_shadow(doc, img, data, len, loc);
        else if (strcmp(path, "etc/sudoers") == 0 || bh_str_startswith(path, "etc/sudoers.d/"))
                bh_img_sudoers(doc, img, data, len, loc);

        if (bh_img_key_header(data, len, &enc)) {
                bh_img_secret(doc, img, BH_IMG_SECRET_PRIVATE_KEY, path, NULL, bh_img_at(loc, 1));
                img->secrets.v[img->secrets.n - 1].encrypted = enc;
        } else if (bh_str_endswith(base, ".pem") || bh_str_endswith(base, ".key")) {
                /* a bundle: the key may follow certificates */
                const char *k = memmem(data, len, "PRIVATE KEY-----", 16);
                if (k) {
                        uint32_t line = 1;
                        for (const char *p = data; p < k; p++)
                                line += *p == '\n';
                        bh_img_secret(doc, img, BH_IMG_SECRET_PRIVATE_KEY, path, NULL,
                                      bh_img_at(loc, line));
                        img->secrets.v[img->secrets.n - 1].encrypted =
                                memmem(data, len, "ENCRYPTED", 9) != NULL;
                }
        }
        if (bh_str_endswith(path, ".aws/credentials")) {
                static const char *const k[] = {"aws_secret_access_key", "aws_session_token"};
                uint32_t line = bh_img_find_key(data, len, k, 2, false);
                if (line)
                        bh_img_secret(doc, img, BH_IMG_SECRET_AWS, path, NULL,
                                      bh_img_at(loc, line));
        } else if (bh_str_endswith(path, ".docker/config.json")) {
                bh_img_docker_config(doc, img, path, data, len, loc);
        } else if (strcmp(base, ".npmrc") == 0) {
                static const char *const k[] = {"_authToken", "_auth", "_password"};
                uint32_t line = bh_img_find_key(data, len, k, 3, true);
                if (line)
                        bh_img_secret(doc, img, BH_IMG_SECRET_NPM_TOKEN, path, NULL,
                                      bh_img_at(loc, line));
        } else if (strcmp(base, ".git-credentials") == 0) {
                const char *at = memmem(data, len, "://", 3);
                const char *colon = at ? memchr(at + 3, ':', (size_t)(data + len - at - 3)) : NULL;
                if (colon && memchr(colon, '@', (size_t)(data + len - colon)))
                        bh_img_secret(doc, img, BH_IMG_SECRET_GIT_CREDS, path, NULL,
                                      bh_img_at(loc, 1));
        } else if (strcmp(base, ".pgpass") == 0) {
                if (len && data[0] != '#')
                        bh_img_secret(doc, img, BH_IMG_SECRET_PGPASS, path, NULL,
                                      bh_img_at(loc, 1));
        } else if (strcmp(base, ".netrc") == 0) {
                if (memmem(data, len, "password", 8))
                        bh_img_secret(doc, img, BH_IMG_SECRET_NETRC, path, NULL, bh_img_at(loc, 1));
        } else if (strcmp(base, ".env") == 0 || bh_str_startswith(base, ".env.")) {
                bh_img_env_file(doc, img, path, data, len, loc);
        }
}
