/* `docker run` / `podman run` / `podman create` command lines (runlabels,
 * scripts) into a container.  The flag table gives each option's arity so
 * that the image, the first word that is not an option, is found reliably. */
#include <ctype.h>

#include "../util/strutil.h"
#include "frontend.h"

#include "../util/bh-banned.h"

/* Options of docker/podman run and create that take a value.  Everything
 * else that starts with a dash is a boolean. */
static const char *const bh_runcmd_valued[] = {
        "add-host", "annotation", "arch", "attach", "authfile", "blkio-weight",
        "blkio-weight-device", "cap-add", "cap-drop", "cgroup-conf", "cgroup-parent", "cgroupns",
        "cgroups", "chrootdirs", "cidfile", "conmon-pidfile", "cpu-count", "cpu-percent",
        "cpu-period", "cpu-quota", "cpu-rt-period", "cpu-rt-runtime", "cpu-shares", "cpus",
        "cpuset-cpus", "cpuset-mems", "decryption-key", "detach-keys", "device",
        "device-cgroup-rule", "device-read-bps", "device-read-iops", "device-write-bps",
        "device-write-iops", "dns", "dns-opt", "dns-option", "dns-search", "domainname",
        "entrypoint", "env", "env-file", "env-merge", "expose", "gidmap", "gpus", "group-add",
        "group-entry", "health-cmd", "health-interval", "health-log-destination",
        "health-max-log-count", "health-max-log-size", "health-on-failure", "health-retries",
        "health-start-interval", "health-start-period", "health-startup-cmd",
        "health-startup-interval", "health-startup-retries", "health-startup-success",
        "health-startup-timeout", "health-timeout", "hostname", "hostuser", "init-path", "io-maxbandwidth",
        "io-maxiops", "ip", "ip6", "ipc", "isolation", "kernel-memory", "label", "label-file",
        "link", "link-local-ip", "log-driver", "log-opt", "mac-address", "memory",
        "memory-reservation", "memory-swap", "memory-swappiness", "mount", "name", "net",
        "net-alias", "network", "network-alias", "oom-score-adj", "os", "passwd-entry",
        "personality", "pid", "pidfile", "pids-limit", "platform", "pod", "pod-id-file",
        "preserve-fd", "preserve-fds", "publish", "pull", "rdt-class", "requires", "restart",
        "retry", "retry-delay", "runtime", "sdnotify", "seccomp-policy", "secret",
        "security-opt", "shm-size", "shm-size-systemd", "stop-signal", "stop-timeout",
        "storage-opt", "subgidname", "subuidname", "sysctl", "systemd", "timeout", "tmpfs", "tz",
        "uidmap", "ulimit", "umask", "unsetenv", "user", "userns", "uts", "variant", "volume",
        "volume-driver", "volumes-from", "workdir",
};

/* Short options with a value (docker and podman agree on these). */
static const char bh_runcmd_short_valued[] = "acehlmpuvw";

/* Global options that come before the subcommand and take a value. */
static const char *const bh_runcmd_global_valued[] = {
        "-H", "--host", "--config", "--context", "-c", "--log-level", "-l", "--url",
        "--connection", "--root", "--runroot", "--storage-driver", "--storage-opt",
        "--cgroup-manager", "--identity", "--module", "--tlscacert", "--tlscert", "--tlskey",
        "--events-backend", "--hooks-dir", "--network-cmd-path", "--runtime", "--tmpdir",
        "--volumepath",
};

static bool bh_runcmd_is_valued(const char *name)
{
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_runcmd_valued); i++)
                if (strcmp(bh_runcmd_valued[i], name) == 0)
                        return true;
        return false;
}

static const char *bh_runcmd_long_of_short(char c)
{
        switch (c) {
        case 'a': return "attach";
        case 'c': return "cpu-shares";
        case 'e': return "env";
        case 'h': return "hostname";
        case 'l': return "label";
        case 'm': return "memory";
        case 'p': return "publish";
        case 'u': return "user";
        case 'v': return "volume";
        case 'w': return "workdir";
        case 'd': return "detach";
        case 'i': return "interactive";
        case 't': return "tty";
        case 'P': return "publish-all";
        case 'q': return "quiet";
        default: return "";
        }
}

static struct bh_value bh_runcmd_value(struct bh_doc *doc, const char *s, struct bh_loc loc)
{
        struct bh_value v;

        v.s = bh_arena_strdup(&doc->arena, s);
        v.set = true;
        /* ${OPT1}, $NAME: placeholders filled in when the label runs */
        v.known = !strchr(s, '$');
        v.loc = loc;
        return v;
}

static void bh_runcmd_caps(struct bh_doc *doc, const char *s, struct bh_loc loc, bool add,
                           struct bh_container *c)
{
        while (*s) {
                while (*s == ',' || isspace((unsigned char)*s))
                        s++;
                const char *e = s;
                while (*e && *e != ',' && !isspace((unsigned char)*e))
                        e++;
                if (e > s) {
                        struct bh_cap *cap = add ? BH_VEC_NEW(&c->cap_add) : BH_VEC_NEW(&c->cap_drop);
                        cap->raw = bh_arena_strndup(&doc->arena, s, (size_t)(e - s));
                        cap->name = bh_cap_normalize(&doc->arena, cap->raw);
                        cap->loc = loc;
                }
                s = e;
        }
}

static bool bh_runcmd_is_host_path(const char *s)
{
        return s[0] == '/' || s[0] == '.' || s[0] == '~' || s[0] == '$';
}

/* -v [src:]dst[:opts] */
static void bh_runcmd_volume(struct bh_doc *doc, const char *s, struct bh_loc loc,
                             struct bh_container *c)
{
        struct bh_arena *a = &doc->arena;
        struct bh_mount *m = BH_VEC_NEW(&c->mounts);
        const char *parts[3] = { NULL, NULL, NULL };
        size_t lens[3] = { 0, 0, 0 }, np = 0;
        const char *p = s;

        m->loc = loc;
        while (np < 3) {
                const char *col = np < 2 ? strchr(p, ':') : NULL;
                parts[np] = p;
                lens[np] = col ? (size_t)(col - p) : strlen(p);
                np++;
                if (!col)
                        break;
                p = col + 1;
        }
        if (np == 1) {
                m->kind = BH_MOUNT_ANONYMOUS;
                m->target = bh_arena_strndup(a, parts[0], lens[0]);
                m->target_known = !strchr(m->target, '$');
                return;
        }
        m->source = bh_arena_strndup(a, parts[0], lens[0]);
        m->target = bh_arena_strndup(a, parts[1], lens[1]);
        m->source_known = !strchr(m->source, '$');
        m->target_known = !strchr(m->target, '$');
        m->kind = bh_runcmd_is_host_path(m->source) ? BH_MOUNT_BIND : BH_MOUNT_VOLUME;
        if (np == 3) {
                const char *o = parts[2];
                while (*o) {
                        const char *e = strchr(o, ',');
                        size_t l = e ? (size_t)(e - o) : strlen(o);
                        if (l == 2 && strncmp(o, "ro", 2) == 0)
                                m->read_only = BH_TRUE;
                        else if (l == 2 && strncmp(o, "rw", 2) == 0)
                                m->read_only = BH_FALSE;
                        o += l + (e ? 1 : 0);
                }
        }
}

/* --mount type=bind,source=/x,target=/y,readonly */
static void bh_runcmd_mount(struct bh_doc *doc, const char *s, struct bh_loc loc,
                            struct bh_container *c)
{
        struct bh_arena *a = &doc->arena;
        struct bh_mount *m = BH_VEC_NEW(&c->mounts);
        const char *type = "volume";
        size_t tl = 6;

        m->loc = loc;
        while (*s) {
                const char *e = strchr(s, ',');
                size_t l = e ? (size_t)(e - s) : strlen(s);
                const char *eq = memchr(s, '=', l);
                size_t kl = eq ? (size_t)(eq - s) : l;
                const char *v = eq ? eq + 1 : "";
                size_t vl = eq ? l - kl - 1 : 0;
                if (kl == 4 && strncmp(s, "type", 4) == 0) {
                        type = v;
                        tl = vl;
                } else if ((kl == 6 && strncmp(s, "source", 6) == 0) ||
                           (kl == 3 && strncmp(s, "src", 3) == 0)) {
                        m->source = bh_arena_strndup(a, v, vl);
                        m->source_known = !strchr(m->source, '$');
                } else if ((kl == 6 && strncmp(s, "target", 6) == 0) ||
                           (kl == 11 && strncmp(s, "destination", 11) == 0) ||
                           (kl == 3 && strncmp(s, "dst", 3) == 0)) {
                        m->target = bh_arena_strndup(a, v, vl);
                        m->target_known = !strchr(m->target, '$');
                } else if ((kl == 8 && strncmp(s, "readonly", 8) == 0) ||
                           (kl == 2 && strncmp(s, "ro", 2) == 0)) {
                        bool f = eq && (strncmp(v, "false", vl) == 0 && vl == 5);
                        f = f || (eq && vl == 1 && v[0] == '0');
                        m->read_only = f ? BH_FALSE : BH_TRUE;
                }
                s += l + (e ? 1 : 0);
        }
        if (tl == 4 && strncmp(type, "bind", 4) == 0)
                m->kind = BH_MOUNT_BIND;
        else if (tl == 5 && strncmp(type, "tmpfs", 5) == 0)
                m->kind = BH_MOUNT_TMPFS;
        else if (tl == 6 && strncmp(type, "volume", 6) == 0)
                m->kind = m->source ? BH_MOUNT_VOLUME : BH_MOUNT_ANONYMOUS;
        else
                m->kind = BH_MOUNT_UNKNOWN;
}

/* -p [ip:][hostPort:]containerPort[/proto]; ip may be [v6]. */
static void bh_runcmd_publish(struct bh_doc *doc, const char *s, struct bh_loc loc,
                              struct bh_container *c)
{
        struct bh_arena *a = &doc->arena;
        struct bh_port *p = BH_VEC_NEW(&c->ports);
        const char *ip = NULL;
        size_t ipl = 0;

        p->loc = loc;
        p->published = true;
        p->proto = "tcp";
        if (s[0] == '[') {
                const char *rb = strchr(s, ']');
                if (rb && rb[1] == ':') {
                        ip = s + 1;
                        ipl = (size_t)(rb - s - 1);
                        s = rb + 2;
                }
        }
        const char *slash = strchr(s, '/');
        size_t end = slash ? (size_t)(slash - s) : strlen(s);
        if (slash)
                p->proto = bh_arena_strdup(a, slash + 1);
        /* split the part before /proto on ':' from the right */
        const char *cp = s;
        int colons = 0;
        for (size_t i = 0; i < end; i++)
                if (s[i] == ':')
                        colons++;
        if (colons >= 1) {
                const char *last = NULL;
                for (size_t i = 0; i < end; i++)
                        if (s[i] == ':')
                                last = s + i;
                cp = last + 1;
                if (colons == 2 && !ip) {
                        const char *first = memchr(s, ':', end);
                        ip = s;
                        ipl = (size_t)(first - s);
                }
        }
        if (ip && ipl)
                p->host_ip = bh_arena_strndup(a, ip, ipl);
        size_t cl = (size_t)(s + end - cp);
        const char *dash = memchr(cp, '-', cl);
        uint64_t lo, hi;
        if (dash) {
                if (bh_parse_u64n(cp, (size_t)(dash - cp), 0, 65535, &lo) < 0 ||
                    bh_parse_u64n(dash + 1, cl - (size_t)(dash - cp) - 1, 0, 65535, &hi) < 0)
                        return;
        } else {
                if (bh_parse_u64n(cp, cl, 0, 65535, &lo) < 0)
                        return;
                hi = lo;
        }
        p->container_port = (uint32_t)lo;
        p->container_port_end = (uint32_t)hi;
        p->known = true;
}

static void bh_runcmd_env(struct bh_doc *doc, const char *s, struct bh_loc loc,
                          struct bh_container *c)
{
        struct bh_env *e = BH_VEC_NEW(&c->env);
        const char *eq = strchr(s, '=');

        e->loc = loc;
        if (eq) {
                e->name = bh_arena_strndup(&doc->arena, s, (size_t)(eq - s));
                e->value = bh_arena_strdup(&doc->arena, eq + 1);
                e->value_known = !strchr(eq + 1, '$');
        } else {
                /* -e NAME: copied from the caller's environment */
                e->name = bh_arena_strdup(&doc->arena, s);
                e->value = "";
                e->value_known = false;
        }
}

static void bh_runcmd_apply(struct bh_doc *doc, const char *name, const char *v,
                            struct bh_loc loc, struct bh_container *c)
{
        if (strcmp(name, "privileged") == 0) {
                bool f = v && (strcmp(v, "false") == 0 || strcmp(v, "0") == 0);
                c->privileged = f ? BH_FALSE : BH_TRUE;
                c->privileged_loc = loc;
                return;
        }
        if (!v)
                return;
        if (strcmp(name, "cap-add") == 0)
                bh_runcmd_caps(doc, v, loc, true, c);
        else if (strcmp(name, "cap-drop") == 0)
                bh_runcmd_caps(doc, v, loc, false, c);
        else if (strcmp(name, "volume") == 0)
                bh_runcmd_volume(doc, v, loc, c);
        else if (strcmp(name, "mount") == 0)
                bh_runcmd_mount(doc, v, loc, c);
        else if (strcmp(name, "publish") == 0)
                bh_runcmd_publish(doc, v, loc, c);
        else if (strcmp(name, "env") == 0)
                bh_runcmd_env(doc, v, loc, c);
        else if (strcmp(name, "user") == 0)
                c->user = bh_runcmd_value(doc, v, loc);
        else if (strcmp(name, "network") == 0 || strcmp(name, "net") == 0)
                c->network_mode = bh_runcmd_value(doc, v, loc);
        else if (strcmp(name, "pid") == 0)
                c->pid_mode = bh_runcmd_value(doc, v, loc);
        else if (strcmp(name, "ipc") == 0)
                c->ipc_mode = bh_runcmd_value(doc, v, loc);
        else if (strcmp(name, "uts") == 0)
                c->uts_mode = bh_runcmd_value(doc, v, loc);
        else if (strcmp(name, "userns") == 0)
                c->userns_mode = bh_runcmd_value(doc, v, loc);
        else if (strcmp(name, "security-opt") == 0)
                BH_VEC_PUSH(&c->security_opt, bh_runcmd_value(doc, v, loc));
        else if (strcmp(name, "name") == 0)
                c->name = bh_arena_strdup(&doc->arena, v);
}

static bool bh_runcmd_is_global_valued(const char *w)
{
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_runcmd_global_valued); i++)
                if (strcmp(bh_runcmd_global_valued[i], w) == 0)
                        return true;
        return false;
}

bool bh_runcmd_parse(struct bh_doc *doc, const char *const *words, size_t nwords,
                     struct bh_loc loc, struct bh_container *c)
{
        size_t i = 1;

        if (!words || nwords < 2 || !words[0])
                return false;
        const char *prog = bh_path_basename(words[0]);
        if (strcmp(prog, "docker") != 0 && strcmp(prog, "podman") != 0)
                return false;
        /* global options before the subcommand */
        while (i < nwords && words[i][0] == '-') {
                i += (!strchr(words[i], '=') && bh_runcmd_is_global_valued(words[i])) ? 2 : 1;
        }
        if (i < nwords && strcmp(words[i], "container") == 0)
                i++;
        if (i >= nwords || (strcmp(words[i], "run") != 0 && strcmp(words[i], "create") != 0))
                return false;
        i++;
        while (i < nwords) {
                const char *w = words[i];
                if (strcmp(w, "--") == 0) {
                        i++;
                        break;
                }
                if (w[0] != '-' || w[1] == '\0')
                        break; /* the image */
                if (w[1] == '-') {
                        const char *eq = strchr(w, '=');
                        char name[64];
                        size_t nl = eq ? (size_t)(eq - w - 2) : strlen(w + 2);
                        if (nl >= sizeof(name)) {
                                i++;
                                continue;
                        }
                        memcpy(name, w + 2, nl);
                        name[nl] = '\0';
                        const char *v = eq ? eq + 1 : NULL;
                        if (!eq && bh_runcmd_is_valued(name)) {
                                v = i + 1 < nwords ? words[i + 1] : NULL;
                                i++;
                        }
                        bh_runcmd_apply(doc, name, v, loc, c);
                        i++;
                        continue;
                }
                /* a cluster of short options: -it, -p80:80, -v /a:/b, -eFOO=1 */
                size_t k = 1;
                bool consumed_next = false;
                while (w[k]) {
                        char ch = w[k];
                        const char *name = bh_runcmd_long_of_short(ch);
                        if (strchr(bh_runcmd_short_valued, ch)) {
                                const char *v;
                                if (w[k + 1]) {
                                        v = w + k + 1 + (w[k + 1] == '=' ? 1 : 0);
                                } else {
                                        v = i + 1 < nwords ? words[i + 1] : NULL;
                                        consumed_next = true;
                                }
                                bh_runcmd_apply(doc, name, v, loc, c);
                                break;
                        }
                        bh_runcmd_apply(doc, name, NULL, loc, c);
                        k++;
                }
                i += consumed_next ? 2 : 1;
        }
        if (i < nwords) {
                c->image = bh_runcmd_value(doc, words[i], loc);
                if (strcmp(words[i], "IMAGE") == 0)
                        c->image.known = false; /* runlabel placeholder */
        }
        return true;
}
