#include <ctype.h>
#include <stdio.h>
#include <strings.h>

#include "../util/strutil.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

/* Copy s[0..n) into a fixed buffer; false when it does not fit. */
static bool bh_copy_part(char *dst, size_t cap, const char *s, size_t n)
{
        if (n >= cap)
                return false;
        memcpy(dst, s, n);
        dst[n] = '\0';
        return true;
}

bool bh_ruleutil_parse_ref(const char *ref, struct bh_ref_parts *ret)
{
        struct bh_ref_parts p;
        const char *at = strchr(ref, '@');
        size_t nlen = at ? (size_t)(at - ref) : strlen(ref);
        size_t plen = nlen, start = 0;

        /* empty strings; the parts are copied out one by one at the end
         * rather than clearing and copying the whole (large) struct */
        p.registry[0] = p.path[0] = p.tag[0] = p.digest[0] = '\0';
        if (nlen == 0)
                return false;
        if (at && !bh_copy_part(p.digest, sizeof(p.digest), at + 1, strlen(at + 1)))
                return false;

        /* A tag is a ':' after the last '/' (before that it is a port). */
        size_t last_slash = nlen;
        for (size_t i = 0; i < nlen; i++)
                if (ref[i] == '/')
                        last_slash = i;
        for (size_t i = last_slash == nlen ? 0 : last_slash + 1; i < nlen; i++) {
                if (ref[i] == ':') {
                        if (!bh_copy_part(p.tag, sizeof(p.tag), ref + i + 1, nlen - i - 1))
                                return false;
                        plen = i;
                        break;
                }
        }

        const char *slash = memchr(ref, '/', plen);
        if (slash) {
                size_t clen = (size_t)(slash - ref);
                bool reg = memchr(ref, '.', clen) || memchr(ref, ':', clen) ||
                           (clen == 9 && memcmp(ref, "localhost", 9) == 0);
                if (reg) {
                        if (!bh_copy_part(p.registry, sizeof(p.registry), ref, clen))
                                return false;
                        start = clen + 1;
                }
        }
        if (start >= plen || !bh_copy_part(p.path, sizeof(p.path), ref + start, plen - start))
                return false;
        memcpy(ret->registry, p.registry, strlen(p.registry) + 1);
        memcpy(ret->path, p.path, strlen(p.path) + 1);
        memcpy(ret->tag, p.tag, strlen(p.tag) + 1);
        memcpy(ret->digest, p.digest, strlen(p.digest) + 1);
        return true;
}

const char *bh_ruleutil_ref_short_path(const struct bh_ref_parts *p)
{
        const char *r = p->registry;

        if (!*r || strcmp(r, "docker.io") == 0 || strcmp(r, "index.docker.io") == 0 ||
            strcmp(r, "registry-1.docker.io") == 0) {
                if (bh_str_startswith(p->path, "library/"))
                        return p->path + 8;
        }
        return p->path;
}

bool bh_ruleutil_user_is_root(const char *user)
{
        size_t n, i = 0;

        while (*user == ' ' || *user == '\t')
                user++;
        n = strcspn(user, ":");
        while (n && (user[n - 1] == ' ' || user[n - 1] == '\t'))
                n--;
        if (n == 4 && memcmp(user, "root", 4) == 0)
                return true;
        /* The runtimes parse a numeric user as an integer: 00, +0, -0 are uid 0. */
        if (n && (user[0] == '+' || user[0] == '-'))
                i = 1;
        if (i == n)
                return false;
        for (; i < n; i++)
                if (user[i] != '0')
                        return false;
        return true;
}

static bool bh_parse_mode_numeric(const char *mode, struct bh_mode_bits *ret)
{
        size_t n = strlen(mode);
        unsigned v = 0;

        if (n == 0 || n > 8)
                return false;
        for (size_t i = 0; i < n; i++) {
                if (mode[i] < '0' || mode[i] > '7')
                        return false;
                v = v * 8 + (unsigned)(mode[i] - '0');
        }
        if (v > 07777)
                return false;
        memset(ret, 0, sizeof(*ret));
        ret->numeric = true;
        ret->setuid = v & 04000;
        ret->setgid = v & 02000;
        ret->sticky = v & 01000;
        ret->other_write = v & 02;
        return true;
}

/* GNU chmod symbolic modes: [ugoa]*([-+=]([rwxXst]*|[ugo]))+ joined by ','. */
static bool bh_parse_mode_symbolic(const char *mode, struct bh_mode_bits *ret)
{
        struct bh_mode_bits b = {0};
        const char *p = mode;

        if (!*p)
                return false;
        while (*p) {
                bool u = false, g = false, o = false, any = false;
                while (*p && strchr("ugoa", *p)) {
                        u |= *p == 'u' || *p == 'a';
                        g |= *p == 'g' || *p == 'a';
                        o |= *p == 'o' || *p == 'a';
                        any = true;
                        p++;
                }
                if (!*p || !strchr("+-=", *p))
                        return false;
                while (*p && strchr("+-=", *p)) {
                        char op = *p++;
                        bool adds = op != '-';
                        if (*p && strchr("ugo", *p)) {
                                p++; /* copy of another class: no new bits */
                                continue;
                        }
                        while (*p && strchr("rwxXst", *p)) {
                                if (adds && *p == 's') {
                                        /* no class: chmod applies s to user and group */
                                        b.setuid |= u || !any;
                                        b.setgid |= g || !any;
                                }
                                if (adds && *p == 't')
                                        b.sticky = true;
                                /* no class: the umask (normally 022) filters o+w */
                                if (adds && *p == 'w' && o)
                                        b.other_write = true;
                                p++;
                        }
                }
                if (*p == ',')
                        p++;
                else if (*p)
                        return false;
        }
        *ret = b;
        return true;
}

bool bh_ruleutil_parse_mode(const char *mode, struct bh_mode_bits *ret)
{
        if (!mode)
                return false;
        if (isdigit((unsigned char)mode[0]))
                return bh_parse_mode_numeric(mode, ret);
        return bh_parse_mode_symbolic(mode, ret);
}

/* ---- secret names ---- */

#define BH_NAME_MAX_WORDS 32
#define BH_NAME_WORD_LEN 40

/* Is w in the sorted list? */
static bool bh_in_list(const char *w, const char *const *list, size_t n)
{
        size_t lo = 0, hi = n;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                /* first characters decide most steps without a call */
                int c = (unsigned char)w[0] - (unsigned char)list[mid][0];
                if (c == 0)
                        c = strcmp(w, list[mid]);
                if (c == 0)
                        return true;
                if (c < 0)
                        hi = mid;
                else
                        lo = mid + 1;
        }
        return false;
}

/* Split a variable name into lower-case words on '_', '-', '.' and camelCase
 * boundaries ("dbPassword", "APIKey" -> api key).  Returns the word count. */
static size_t bh_name_words(const char *name, char words[][BH_NAME_WORD_LEN], size_t max)
{
        size_t nw = 0, len = 0;

        for (size_t i = 0;; i++) {
                char c = name[i];
                bool sep = c == '\0' || c == '_' || c == '-' || c == '.' || c == ' ';
                bool boundary = false;
                if (!sep && len && isupper((unsigned char)c)) {
                        char prev = name[i - 1];
                        char next = name[i + 1];
                        boundary = islower((unsigned char)prev) || isdigit((unsigned char)prev) ||
                                   (isupper((unsigned char)prev) && islower((unsigned char)next));
                }
                if ((sep || boundary) && len) {
                        words[nw][len] = '\0';
                        if (++nw == max)
                                return nw;
                        len = 0;
                }
                if (c == '\0')
                        break;
                if (sep)
                        continue;
                if (len < BH_NAME_WORD_LEN - 1)
                        words[nw][len++] = (char)tolower((unsigned char)c);
        }
        return nw;
}

/* Could a word of name be a deny word or "key"?  Each of those contains one
 * of these marks, and a word is a run of the name's characters (lower-cased),
 * so a name without any mark is not a secret name: most names stop here. */
static bool bh_name_has_mark(const char *name)
{
        static const char *const marks[] = { "auth", "cred", "key", "pass", "pwd", "pword",
                                             "secret", "token" };

        for (const char *p = name; *p; p++) {
                char c = (char)(*p | 0x20);
                if (c != 'a' && c != 'c' && c != 'k' && c != 'p' && c != 's' && c != 't')
                        continue;
                for (size_t i = 0; i < BH_ELEMENTSOF(marks); i++) {
                        const char *m = marks[i];
                        size_t j = 0;
                        if (m[0] != c)
                                continue;
                        while (m[j] && p[j] && (char)(p[j] | 0x20) == m[j])
                                j++;
                        if (!m[j])
                                return true;
                }
        }
        return false;
}

bool bh_ruleutil_secret_name(const char *name)
{
        if (!bh_name_has_mark(name))
                return false;

        /* the three lists are sorted: bh_in_list searches them by halves */
        static const char *const deny[] = {
                "accesskey", "apikey", "apikeys", "auth", "credential", "credentials",
                "creds", "passphrase", "passwd", "password", "passwords", "privatekey",
                "pwd", "pword", "secret", "secretkey", "secrets", "token",
                "tokens",
        };
        /* A word that says the variable holds something about a secret,
         * not the secret itself (PASSWORD_FILE, TOKEN_URL, GPG_KEY_ID). */
        static const char *const allow[] = {
                "algorithm", "audience", "dir", "directory", "disable", "disabled",
                "domain", "enable", "enabled", "endpoint", "expiration", "expires",
                "expiry", "file", "files", "fingerprint", "format", "header",
                "host", "hostname", "id", "issuer", "len", "length",
                "location", "max", "method", "min", "mode", "name",
                "path", "plugin", "policy", "port", "prefix", "provider",
                "pub", "public", "realm", "required", "scope", "server",
                "size", "suffix", "timeout", "ttl", "type", "uri",
                "url", "user", "version",
        };
        /* "key" alone is too common (GPG_KEY in official images): only these
         * qualifiers make it a secret key. */
        static const char *const key_qual[] = {
                "access", "account", "admin", "aes", "api", "app",
                "application", "auth", "cipher", "client", "consumer", "crypto",
                "deploy", "enc", "encryption", "hmac", "jwt", "licence",
                "license", "master", "private", "root", "secret", "service",
                "session", "shared", "sign", "signing", "ssh", "storage",
                "subscription", "webhook",
        };
        char words[BH_NAME_MAX_WORDS][BH_NAME_WORD_LEN];
        size_t nw = bh_name_words(name, words, BH_NAME_MAX_WORDS);
        bool hit = false;

        /* PWD alone is the shell's working directory */
        if (nw == 1 && strcmp(words[0], "pwd") == 0)
                return false;
        for (size_t i = 0; i < nw; i++) {
                const char *w = words[i];
                if (bh_in_list(w, allow, BH_ELEMENTSOF(allow)))
                        return false;
                if (bh_in_list(w, deny, BH_ELEMENTSOF(deny)))
                        hit = true;
                if ((strcmp(w, "key") == 0 || strcmp(w, "keys") == 0) && i > 0 &&
                    bh_in_list(words[i - 1], key_qual, BH_ELEMENTSOF(key_qual)))
                        hit = true;
        }
        return hit;
}

/* ---- secret values ---- */

static bool bh_is_alnum(char c)
{
        /* isalnum() of the C locale without the library call */
        return (unsigned char)((c | 0x20) - 'a') < 26 || (unsigned char)(c - '0') < 10;
}

static bool bh_is_b64url(char c)
{
        return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* Length of the run at s whose chars satisfy ok (bounded by max). */
static size_t bh_run(const char *s, bool (*ok)(char), size_t max)
{
        size_t n = 0;

        while (n < max && s[n] && ok(s[n]))
                n++;
        return n;
}

static bool bh_is_upper_digit(char c)
{
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool bh_is_alnum_us(char c)
{
        return isalnum((unsigned char)c) || c == '_';
}

/* scheme://user:password@ with a literal password */
static bool bh_url_with_password(const char *v)
{
        for (const char *p = strstr(v, "://"); p; p = strstr(p + 1, "://")) {
                const char *u = p + 3;
                size_t n = strcspn(u, "/@ \t\n");
                if (u[n] != '@')
                        continue;
                const char *colon = memchr(u, ':', n);
                if (!colon || colon == u || colon + 1 == u + n)
                        continue;
                if (memchr(u, '$', n))
                        continue;
                return true;
        }
        return false;
}

const char *bh_ruleutil_secret_value(const char *v)
{
        static const struct {
                const char *prefix;
                size_t min;
                bool (*ok)(char);
                const char *what;
        } tokens[] = {
                {"AKIA", 16, bh_is_upper_digit, "an AWS access key id"},
                {"ASIA", 16, bh_is_upper_digit, "an AWS temporary access key id"},
                {"ghp_", 36, bh_is_alnum, "a GitHub token"},
                {"gho_", 36, bh_is_alnum, "a GitHub OAuth token"},
                {"ghu_", 36, bh_is_alnum, "a GitHub token"},
                {"ghs_", 36, bh_is_alnum, "a GitHub token"},
                {"ghr_", 36, bh_is_alnum, "a GitHub refresh token"},
                {"github_pat_", 22, bh_is_alnum_us, "a GitHub personal access token"},
                {"glpat-", 20, bh_is_b64url, "a GitLab personal access token"},
                {"xoxa-", 10, bh_is_b64url, "a Slack token"},
                {"xoxb-", 10, bh_is_b64url, "a Slack token"},
                {"xoxp-", 10, bh_is_b64url, "a Slack token"},
                {"xoxr-", 10, bh_is_b64url, "a Slack token"},
                {"xoxs-", 10, bh_is_b64url, "a Slack token"},
                {"sk_live_", 16, bh_is_alnum, "a Stripe secret key"},
                {"rk_live_", 16, bh_is_alnum, "a Stripe restricted key"},
                {"AIza", 35, bh_is_b64url, "a Google API key"},
                {"npm_", 36, bh_is_alnum, "an npm token"},
                {"sk-proj-", 20, bh_is_b64url, "an OpenAI API key"},
        };

        if (!v)
                return NULL;
        for (const char *p = v; *p; p++) {
                /* every prefix above (and "eyJ") starts with one of these */
                switch (*p) {
                case 'A': case 'g': case 'x': case 's': case 'r': case 'n': case 'e':
                        break;
                default:
                        continue;
                }
                /* a token starts at a word boundary */
                if (p > v && bh_is_alnum(p[-1]))
                        continue;
                for (size_t i = 0; i < BH_ELEMENTSOF(tokens); i++) {
                        if (tokens[i].prefix[0] != *p)
                                continue;
                        size_t pl = strlen(tokens[i].prefix);
                        if (strncmp(p, tokens[i].prefix, pl) != 0)
                                continue;
                        if (bh_run(p + pl, tokens[i].ok, tokens[i].min) >= tokens[i].min)
                                return tokens[i].what;
                }
                /* JWT: base64url header "eyJ..." "." payload "eyJ..." */
                if (strncmp(p, "eyJ", 3) == 0) {
                        size_t h = bh_run(p, bh_is_b64url, 4096);
                        if (h >= 10 && p[h] == '.' && strncmp(p + h + 1, "eyJ", 3) == 0 &&
                            bh_run(p + h + 1, bh_is_b64url, 4096) >= 10)
                                return "a JSON Web Token";
                }
        }
        const char *b = strstr(v, "-----BEGIN ");
        if (b && strstr(b, "PRIVATE KEY"))
                return "a private key";
        if (bh_url_with_password(v))
                return "a URL with an embedded password";
        return NULL;
}

/* ---- capabilities ---- */

enum bh_severity bh_ruleutil_cap_tier(const char *name, bool *ret_default, const char **ret_why)
{
        static const char *const defaults[] = {
                "CHOWN",  "DAC_OVERRIDE", "FOWNER",           "FSETID",     "KILL",
                "SETGID", "SETUID",       "SETPCAP",          "NET_BIND_SERVICE", "NET_RAW",
                "SYS_CHROOT", "MKNOD",    "AUDIT_WRITE",      "SETFCAP",
        };
        static const struct {
                const char *name;
                enum bh_severity sev;
                const char *why;
        } tiers[] = {
                {"ALL", BH_SEV_CRITICAL, "every capability: close to --privileged"},
                {"SYS_ADMIN", BH_SEV_CRITICAL,
                 "mount, namespaces and cgroup tricks that lead to known container escapes"},
                {"SYS_MODULE", BH_SEV_CRITICAL, "loads kernel modules: code execution in the host kernel"},
                {"SYS_RAWIO", BH_SEV_CRITICAL, "raw I/O ports and device memory of the host"},
                {"NET_ADMIN", BH_SEV_HIGH, "reconfigures interfaces, routes and firewall rules"},
                {"BPF", BH_SEV_HIGH, "loads BPF programs into the host kernel"},
                {"SYS_BOOT", BH_SEV_HIGH, "reboots the host and loads new kernels (kexec)"},
                {"PERFMON", BH_SEV_HIGH, "kernel performance monitoring that observes the host"},
                {"SYS_TIME", BH_SEV_HIGH, "sets the host clock, which is not namespaced"},
                {"MAC_ADMIN", BH_SEV_HIGH, "changes the LSM (AppArmor/SELinux/Smack) policy"},
                {"MAC_OVERRIDE", BH_SEV_HIGH, "overrides mandatory access control"},
                {"SYS_NICE", BH_SEV_HIGH, "real-time scheduling that can starve the host"},
                {"IPC_LOCK", BH_SEV_HIGH, "locks memory and can exhaust host RAM"},
                {"LEASE", BH_SEV_HIGH, "takes leases on shared files and blocks host processes"},
                {"SYSLOG", BH_SEV_HIGH, "reads the kernel log and kernel addresses"},
                {"DAC_READ_SEARCH", BH_SEV_HIGH,
                 "open_by_handle_at reads any file of a host filesystem mounted in the container"},
                {"SYS_PTRACE", BH_SEV_MEDIUM, "traces and injects code into other processes"},
        };

        *ret_default = false;
        for (size_t i = 0; i < BH_ELEMENTSOF(defaults); i++) {
                if (strcmp(name, defaults[i]) == 0) {
                        *ret_default = true;
                        *ret_why = "in the default set";
                        return BH_SEV_INFO;
                }
        }
        for (size_t i = 0; i < BH_ELEMENTSOF(tiers); i++) {
                if (strcmp(name, tiers[i].name) == 0) {
                        *ret_why = tiers[i].why;
                        return tiers[i].sev;
                }
        }
        *ret_why = "outside the engine's default set";
        return BH_SEV_MEDIUM;
}

/* ---- walking a Dockerfile ---- */

void bh_ruleutil_each_instr_of(const struct bh_dockerfile *df, unsigned kinds, bh_instr_fn fn,
                               void *ctx)
{
        _Static_assert(BH_DF__COUNT <= 32, "instruction kinds must fit the mask");

        if (!df)
                return;
        for (size_t i = 0; i < df->ninstrs; i++) {
                const struct bh_df_instr *in = &df->instrs[i];
                if (kinds & BH_RULEUTIL_KIND(in->kind))
                        fn(in, "", ctx);
                if (in->kind == BH_DF_ONBUILD && in->onbuild &&
                    (kinds & BH_RULEUTIL_KIND(in->onbuild->kind)))
                        fn(in->onbuild, "ONBUILD ", ctx);
        }
}

void bh_ruleutil_each_instr(const struct bh_dockerfile *df, bh_instr_fn fn, void *ctx)
{
        bh_ruleutil_each_instr_of(df, ~0u, fn, ctx);
}

struct bh_script_walk {
        bh_script_fn fn;
        void *ctx;
};

static void bh_script_walk_instr(const struct bh_df_instr *in, const char *prefix, void *ctx)
{
        struct bh_script_walk *w = ctx;

        if (in->kind != BH_DF_RUN)
                return;
        if (in->script)
                w->fn(in, prefix, in->script, w->ctx);
        for (size_t i = 0; i < in->nheredocs; i++)
                if (in->heredocs[i].script)
                        w->fn(in, prefix, in->heredocs[i].script, w->ctx);
}

void bh_ruleutil_each_script(const struct bh_dockerfile *df, bh_script_fn fn, void *ctx)
{
        struct bh_script_walk w = {.fn = fn, .ctx = ctx};

        bh_ruleutil_each_instr_of(df, BH_RULEUTIL_KIND(BH_DF_RUN), bh_script_walk_instr, &w);
}

const char *bh_ruleutil_cmd_prog(const struct bh_sh_cmd *c, size_t *ret_arg)
{
        size_t arg = c->argv0 + 1;
        const char *name = c->name;

        if (c->argv0 >= c->nwords || !name)
                return NULL;
        if (name[0] == 'b' && strcmp(name, "busybox") == 0 && arg < c->nwords) {
                name = bh_path_basename(c->words[arg].text);
                arg++;
        }
        *ret_arg = arg;
        return name;
}

struct bh_loc bh_ruleutil_loc_or(struct bh_loc loc, const struct bh_df_instr *in)
{
        return loc.line ? loc : in->loc;
}

struct bh_loc bh_ruleutil_cmd_loc(const struct bh_sh_cmd *c, const struct bh_df_instr *in)
{
        return bh_ruleutil_loc_or(c->loc, in);
}

const struct bh_df_flag *bh_ruleutil_flag(const struct bh_df_instr *in, const char *name)
{
        for (size_t i = 0; i < in->nflags; i++)
                if (in->flags[i].name && strcmp(in->flags[i].name, name) == 0)
                        return &in->flags[i];
        return NULL;
}

/* ---- engine sockets (BH2001, and BH5006 to leave them to BH2001) ---- */

/* Known engine API sockets, /var/run written as /run ('*' is a numeric uid). */
static const struct {
        const char *path;
        const char *what;
} bh_sockets[] = {
        {"/run/docker.sock", "Docker"},
        {"/run/podman/podman.sock", "Podman"},
        {"/run/user/*/docker.sock", "rootless Docker"},
        {"/run/user/*/podman/podman.sock", "rootless Podman"},
        {"/run/containerd/containerd.sock", "containerd"},
        {"/run/crio/crio.sock", "CRI-O"},
        {"/run/systemd/private", "systemd manager"},
        {"/run/k3s/containerd/containerd.sock", "k3s containerd"},
        {"/var/snap/microk8s/common/run/containerd.sock", "MicroK8s containerd"},
        {"/run/cri-dockerd.sock", "cri-dockerd"},
        {"/run/buildkit/buildkitd.sock", "BuildKit"},
        {"/run/docker/containerd/containerd.sock", "Docker's containerd"},
};

/* Socket file names recognised anywhere ($XDG_RUNTIME_DIR/docker.sock...). */
static const struct {
        const char *name;
        const char *what;
} bh_socket_names[] = {
        {"docker.sock", "Docker"},           {"docker.sock.raw", "Docker Desktop"},
        {"podman.sock", "Podman"},           {"containerd.sock", "containerd"},
        {"crio.sock", "CRI-O"},              {"buildkitd.sock", "BuildKit"},
        {"cri-dockerd.sock", "cri-dockerd"}, {"dockershim.sock", "dockershim"},
};

/* Normalise into buf: lexical cleanup, then /var/run -> /run (a symlink on
 * every current distribution).  False when it does not fit. */
bool bh_ruleutil_socket_norm(const char *path, char *buf, size_t cap)
{
        struct bh_arena a = {0};
        const char *n;
        int len;
        size_t pn = strlen(path);

        /* the usual short path: normalised in place in buf, /var/run folded
         * to /run by a move, no arena and no printf */
        if (pn + 2 <= cap) {
                size_t o = bh_path_normalize_into(buf, path);
                if (strncmp(buf, "/var/run", 8) == 0 && (buf[8] == '\0' || buf[8] == '/')) {
                        memmove(buf + 4, buf + 8, o - 8 + 1);
                        memcpy(buf, "/run", 4);
                }
                return true;
        }
        n = bh_path_normalize(&a, path);

        if (strcmp(n, "/var/run") == 0)
                len = snprintf(buf, cap, "/run");
        else if (bh_str_startswith(n, "/var/run/"))
                len = snprintf(buf, cap, "/run/%s", n + 9);
        else
                len = snprintf(buf, cap, "%s", n);
        bh_arena_release(&a);
        return len >= 0 && (size_t)len < cap;
}

/* Compare pattern component by component with path.  Returns 2 when path is
 * the pattern, 1 when path is a proper ancestor directory of it, 0 else. */
static int bh_ruleutil_sock_cmp(const char *pat, const char *path)
{
        const char *p = pat, *s = path;

        if (strcmp(path, "/") == 0)
                return 1;
        while (*s) {
                size_t pn, sn;
                if (*p != '/' || *s != '/')
                        return 0;
                p++;
                s++;
                pn = strcspn(p, "/");
                sn = strcspn(s, "/");
                if (pn == 1 && *p == '*') {
                        if (sn == 0)
                                return 0;
                        for (size_t i = 0; i < sn; i++)
                                if (!isdigit((unsigned char)s[i]))
                                        return 0;
                } else if (pn != sn || memcmp(p, s, pn) != 0) {
                        return 0;
                }
                p += pn;
                s += sn;
        }
        return *p ? 1 : 2;
}

/* Is path an engine socket?  Returns what it is, or NULL. */
const char *bh_ruleutil_socket_file(const char *norm)
{
        const char *base = bh_path_basename(norm);

        for (size_t i = 0; i < BH_ELEMENTSOF(bh_sockets); i++)
                if (bh_ruleutil_sock_cmp(bh_sockets[i].path, norm) == 2)
                        return bh_sockets[i].what;
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_socket_names); i++)
                if (strcmp(base, bh_socket_names[i].name) == 0)
                        return bh_socket_names[i].what;
        return NULL;
}

/* Is path a directory holding engine sockets?  Returns an example socket. */
const char *bh_ruleutil_socket_dir(const char *norm)
{
        if (strcmp(norm, "/run/docker") == 0)
                return "/run/docker/containerd/containerd.sock";
        /* /var/run is a real directory on older hosts */
        if (strcmp(norm, "/var") == 0)
                return "/var/run/docker.sock";
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_sockets); i++)
                if (bh_ruleutil_sock_cmp(bh_sockets[i].path, norm) == 1)
                        return bh_sockets[i].path;
        return NULL;
}


/* ---- run-time containers ---- */

bool bh_ruleutil_is_runtime(const struct bh_container *c)
{
        return c->origin == BH_ORIGIN_RUNLABEL || c->origin == BH_ORIGIN_SERVICE ||
               c->origin == BH_ORIGIN_LIVE || c->origin == BH_ORIGIN_RUNLINE;
}

struct bh_loc bh_ruleutil_owner_loc(const struct bh_container *c)
{
        return c->owner_loc.line ? c->owner_loc : c->loc;
}

struct bh_loc bh_ruleutil_loc_or_owner(struct bh_loc loc, const struct bh_container *c)
{
        return loc.line ? loc : bh_ruleutil_owner_loc(c);
}

const char *bh_ruleutil_ctr_name(const struct bh_container *c)
{
        return c->name && *c->name ? c->name : "(unnamed)";
}

bool bh_ruleutil_value_is(const struct bh_value *v, const char *s)
{
        return v->set && v->known && v->s && bh_str_eq_ci(v->s, s);
}
