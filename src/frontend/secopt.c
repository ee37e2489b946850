/* Security options (--security-opt, compose security_opt, Quadlet
 * SecurityOpt-like keys): one parser for every surface, so that
 * "seccomp:unconfined", "seccomp=unconfined" and a Quadlet key mean the same
 * model value.  Spellings follow what the engines accept: Docker's daemon
 * (moby parseSecurityOpt) and Podman's specgen; keys are case-sensitive
 * there, so a key in another case is left unparsed rather than guessed. */
#include <string.h>

#include "../util/strutil.h"
#include "frontend.h"

#include "../util/bh-banned.h"

/* Go's strconv.ParseBool, which both engines use for option values. */
static int bh_secopt_bool(const char *s)
{
        static const char *const t[] = {"1", "t", "T", "true", "TRUE", "True"};
        static const char *const f[] = {"0", "f", "F", "false", "FALSE", "False"};

        for (size_t i = 0; i < BH_ELEMENTSOF(t); i++)
                if (strcmp(s, t[i]) == 0)
                        return 1;
        for (size_t i = 0; i < BH_ELEMENTSOF(f); i++)
                if (strcmp(s, f[i]) == 0)
                        return 0;
        return -1;
}

static struct bh_value bh_secopt_value(struct bh_doc *doc, const char *s, size_t n,
                                       struct bh_loc loc)
{
        struct bh_value v;

        v.s = bh_arena_strndup(&doc->arena, s, n);
        v.set = true;
        v.known = !memchr(s, '$', n);
        v.loc = loc;
        return v;
}

/* label=disable | type:X | user:X | role:X | level:X | filetype:X | nested */
static bool bh_secopt_label(struct bh_doc *doc, struct bh_container *c, const char *v,
                            struct bh_loc loc)
{
        if (strcmp(v, "disable") == 0) {
                c->selinux_disabled = BH_TRUE;
                c->selinux_disabled_loc = loc;
                return true;
        }
        if (bh_str_startswith(v, "type:")) {
                c->selinux_type = bh_secopt_value(doc, v + 5, strlen(v + 5), loc);
                return true;
        }
        return strcmp(v, "nested") == 0 || bh_str_startswith(v, "user:") ||
               bh_str_startswith(v, "role:") || bh_str_startswith(v, "level:") ||
               bh_str_startswith(v, "filetype:");
}

static bool bh_secopt_under(const char *p, size_t n, const char *root)
{
        size_t rl = strlen(root);

        return n >= rl && memcmp(p, root, rl) == 0 && (n == rl || p[rl] == '/');
}

/* Podman unmask=ALL or a ':'-separated list of paths: any /proc or /sys path
 * taken out of the masked set exposes host kernel interfaces. */
static bool bh_secopt_unmask(struct bh_container *c, const char *v, struct bh_loc loc)
{
        bool hit = false;

        for (const char *p = v; *p;) {
                size_t n = strcspn(p, ":");
                if ((n == 3 && bh_str_startswith_ci(p, "all")) || bh_secopt_under(p, n, "/proc") ||
                    bh_secopt_under(p, n, "/sys"))
                        hit = true;
                p += n;
                if (*p == ':')
                        p++;
        }
        if (hit) {
                c->systempaths_unconfined = BH_TRUE;
                c->systempaths_loc = loc;
        }
        return true;
}

bool bh_secopt_apply(struct bh_doc *doc, struct bh_container *c, const char *opt, struct bh_loc loc)
{
        const char *sep, *v;
        size_t kl;
        int b;

        if (!opt)
                return false;
        BH_VEC_PUSH(&c->security_opt, bh_secopt_value(doc, opt, strlen(opt), loc));
        if (strcmp(opt, "no-new-privileges") == 0) {
                c->no_new_privileges = BH_TRUE;
                c->no_new_privileges_loc = loc;
                return true;
        }
        if (strcmp(opt, "disable") == 0) { /* legacy Docker spelling of label=disable */
                c->selinux_disabled = BH_TRUE;
                c->selinux_disabled_loc = loc;
                return true;
        }
        /* '=' first; the deprecated ':' form only when there is no '=' */
        sep = strchr(opt, '=');
        if (!sep)
                sep = strchr(opt, ':');
        if (!sep)
                return false;
        kl = (size_t)(sep - opt);
        v = sep + 1;
        if (memchr(opt, '$', kl) || strchr(v, '$'))
                return false; /* a placeholder: the value is not known here */
        if (kl == 17 && memcmp(opt, "no-new-privileges", kl) == 0) {
                b = bh_secopt_bool(v);
                if (b < 0)
                        return false;
                c->no_new_privileges = b ? BH_TRUE : BH_FALSE;
                c->no_new_privileges_loc = loc;
                return true;
        }
        if (kl == 7 && memcmp(opt, "seccomp", kl) == 0) {
                c->seccomp = bh_secopt_value(doc, v, strlen(v), loc);
                return true;
        }
        if (kl == 8 && memcmp(opt, "apparmor", kl) == 0) {
                c->apparmor = bh_secopt_value(doc, v, strlen(v), loc);
                return true;
        }
        if (kl == 5 && memcmp(opt, "label", kl) == 0)
                return bh_secopt_label(doc, c, v, loc);
        if (kl == 11 && memcmp(opt, "systempaths", kl) == 0) {
                if (strcmp(v, "unconfined") != 0)
                        return false;
                c->systempaths_unconfined = BH_TRUE;
                c->systempaths_loc = loc;
                return true;
        }
        if (kl == 6 && memcmp(opt, "unmask", kl) == 0)
                return bh_secopt_unmask(c, v, loc);
        /* recognised, nothing the rules read: masking more is hardening */
        return (kl == 4 && memcmp(opt, "mask", kl) == 0) ||
               (kl == 9 && memcmp(opt, "proc-opts", kl) == 0) ||
               (kl == 16 && memcmp(opt, "writable-cgroups", kl) == 0);
}
