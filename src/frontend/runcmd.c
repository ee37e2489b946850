/* `docker run` / `podman run` / `podman create` command lines (runlabels,
 * scripts) into a container.  The flag table gives each option's arity so
 * that the image, the first word that is not an option, is found reliably. */
#include <ctype.h>
#include <strings.h>

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

/* Go's strconv.ParseBool, which docker and podman use for flag values. */
static int bh_runcmd_bool(const char *s, size_t n)
{
        static const char *const t[] = {"1", "t", "T", "true", "TRUE", "True"};
        static const char *const f[] = {"0", "f", "F", "false", "FALSE", "False"};

        for (size_t i = 0; i < BH_ELEMENTSOF(t); i++)
                if (strlen(t[i]) == n && memcmp(s, t[i], n) == 0)
                        return 1;
        for (size_t i = 0; i < BH_ELEMENTSOF(f); i++)
                if (strlen(f[i]) == n && memcmp(s, f[i], n) == 0)
                        return 0;
        return -1;
}

static bool bh_runcmd_key_is(const char *k, size_t kl, const char *name)
{
        return strlen(name) == kl && strncasecmp(k, name, kl) == 0;
}

/* One CSV field of --mount (docker reads the value with encoding/csv): a
 * field may be quoted, with "" for a quote and commas inside.  Returns the
 * unquoted field in the arena and advances *sp past its comma. */
static char *bh_runcmd_csv_field(struct bh_arena *a, const char **sp)
{
        const char *s = *sp;
        size_t n = strlen(s);
        char *out = bh_arena_alloc(a, n + 1);
        size_t o = 0;

        if (*s == '"') {
                s++;
                while (*s) {
                        if (*s == '"' && s[1] == '"') {
                                out[o++] = '"';
                                s += 2;
                        } else if (*s == '"') {
                                s++;
                                break;
                        } else {
                                out[o++] = *s++;
                        }
                }
                while (*s && *s != ',') /* text after the closing quote */
                        out[o++] = *s++;
        } else {
                while (*s && *s != ',')
                        out[o++] = *s++;
        }
        out[o] = '\0';
        *sp = *s == ',' ? s + 1 : s;
        return out;
}

/* --mount type=bind,source=/x,target=/y,readonly (keys case-insensitive) */
static void bh_runcmd_mount(struct bh_doc *doc, const char *s, struct bh_loc loc,
                            struct bh_container *c)
{
        struct bh_arena *a = &doc->arena;
        struct bh_mount *m = BH_VEC_NEW(&c->mounts);
        const char *type = "volume";

        m->loc = loc;
        while (*s) {
                char *f = bh_runcmd_csv_field(a, &s);
                char *eq = strchr(f, '=');
                size_t kl = eq ? (size_t)(eq - f) : strlen(f);
                const char *v = eq ? eq + 1 : "";
                if (bh_runcmd_key_is(f, kl, "type")) {
                        type = v;
                } else if (bh_runcmd_key_is(f, kl, "source") || bh_runcmd_key_is(f, kl, "src")) {
                        m->source = v;
                        m->source_known = !strchr(v, '$');
                } else if (bh_runcmd_key_is(f, kl, "target") ||
                           bh_runcmd_key_is(f, kl, "destination") ||
                           bh_runcmd_key_is(f, kl, "dst")) {
                        m->target = v;
                        m->target_known = !strchr(v, '$');
                } else if (bh_runcmd_key_is(f, kl, "readonly") || bh_runcmd_key_is(f, kl, "ro")) {
                        /* a bare key is true; docker rejects an unparsable value */
                        m->read_only = eq && bh_runcmd_bool(v, strlen(v)) == 0 ? BH_FALSE : BH_TRUE;
                }
        }
        if (strcmp(type, "bind") == 0)
                m->kind = BH_MOUNT_BIND;
        else if (strcmp(type, "tmpfs") == 0)
                m->kind = BH_MOUNT_TMPFS;
        else if (strcmp(type, "volume") == 0)
                m->kind = m->source && *m->source ? BH_MOUNT_VOLUME : BH_MOUNT_ANONYMOUS;
        else
                m->kind = BH_MOUNT_UNKNOWN;
}

/* --tmpfs /path[:opts] */
static void bh_runcmd_tmpfs(struct bh_doc *doc, const char *s, struct bh_loc loc,
                            struct bh_container *c)
{
        struct bh_mount *m = BH_VEC_NEW(&c->mounts);

        m->kind = BH_MOUNT_TMPFS;
        m->target = bh_arena_strndup(&doc->arena, s, strcspn(s, ":"));
        m->target_known = !strchr(m->target, '$');
        m->loc = loc;
}

/* --device host[:container[:perms]]; a CDI name (vendor.com/class=name) has no path */
static void bh_runcmd_device(struct bh_doc *doc, const char *s, struct bh_loc loc,
                             struct bh_container *c)
{
        struct bh_arena *a = &doc->arena;
        struct bh_device *d = BH_VEC_NEW(&c->devices);
        const char *c1 = s[0] == '/' ? strchr(s, ':') : NULL;
        const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

        d->loc = loc;
        if (!c1) {
                d->host_path = bh_arena_strdup(a, s);
                d->container_path = s[0] == '/' ? d->host_path : NULL;
                return;
        }
        d->host_path = bh_arena_strndup(a, s, (size_t)(c1 - s));
        if (!c2) {
                /* host:perms when the second part is not a path */
                if (c1[1] == '/')
                        d->container_path = bh_arena_strdup(a, c1 + 1);
                else
                        d->perms = bh_arena_strdup(a, c1 + 1);
                return;
        }
        d->container_path = bh_arena_strndup(a, c1 + 1, (size_t)(c2 - c1 - 1));
        d->perms = bh_arena_strdup(a, c2 + 1);
}

/* --sysctl name=value */
static void bh_runcmd_sysctl(struct bh_doc *doc, const char *s, struct bh_loc loc,
                             struct bh_container *c)
{
        struct bh_sysctl *y = BH_VEC_NEW(&c->sysctls);
        const char *eq = strchr(s, '=');

        y->loc = loc;
        y->name = bh_arena_strndup(&doc->arena, s, eq ? (size_t)(eq - s) : strlen(s));
        y->value = eq ? bh_arena_strdup(&doc->arena, eq + 1) : "";
        y->value_known = eq && !strchr(eq + 1, '$');
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

/* --env-file: its variables are unknown here (name NULL, value = the file). */
static void bh_runcmd_env_file(struct bh_doc *doc, const char *s, struct bh_loc loc,
                               struct bh_container *c)
{
        struct bh_env *e = BH_VEC_NEW(&c->env);

        e->loc = loc;
        e->name = NULL;
        e->value = bh_arena_strdup(&doc->arena, s);
        e->value_known = false;
}

/* -P: every EXPOSEd port on every interface; which ports is unknown here. */
static void bh_runcmd_publish_all(struct bh_loc loc, struct bh_container *c)
{
        struct bh_port *p = BH_VEC_NEW(&c->ports);

        p->loc = loc;
        p->published = true;
        p->known = false;
        p->proto = "tcp";
}

/* A boolean flag: bare (true) or --flag=value.  -1 when the value is not a bool. */
static int bh_runcmd_flag_bool(const char *v)
{
        return v ? bh_runcmd_bool(v, strlen(v)) : 1;
}

static void bh_runcmd_apply(struct bh_doc *doc, const char *name, const char *v,
                            struct bh_loc loc, struct bh_container *c)
{
        int b;

        /* booleans: v is only set for --flag=value */
        if (strcmp(name, "privileged") == 0) {
                if ((b = bh_runcmd_flag_bool(v)) < 0)
                        return;
                c->privileged = b ? BH_TRUE : BH_FALSE;
                c->privileged_loc = loc;
                return;
        }
        if (strcmp(name, "read-only") == 0) {
                if ((b = bh_runcmd_flag_bool(v)) < 0)
                        return;
                c->read_only_rootfs = b ? BH_TRUE : BH_FALSE;
                c->read_only_rootfs_loc = loc;
                return;
        }
        if (strcmp(name, "publish-all") == 0) {
                if (bh_runcmd_flag_bool(v) == 1)
                        bh_runcmd_publish_all(loc, c);
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
        else if (strcmp(name, "tmpfs") == 0)
                bh_runcmd_tmpfs(doc, v, loc, c);
        else if (strcmp(name, "publish") == 0)
                bh_runcmd_publish(doc, v, loc, c);
        else if (strcmp(name, "env") == 0)
                bh_runcmd_env(doc, v, loc, c);
        else if (strcmp(name, "env-file") == 0)
                bh_runcmd_env_file(doc, v, loc, c);
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
        else if (strcmp(name, "cgroupns") == 0)
                c->cgroupns_mode = bh_runcmd_value(doc, v, loc);
        else if (strcmp(name, "security-opt") == 0)
                bh_secopt_apply(doc, c, v, loc);
        else if (strcmp(name, "device") == 0)
                bh_runcmd_device(doc, v, loc, c);
        else if (strcmp(name, "device-cgroup-rule") == 0)
                BH_VEC_PUSH(&c->device_cgroup_rules, bh_runcmd_value(doc, v, loc));
        else if (strcmp(name, "sysctl") == 0)
                bh_runcmd_sysctl(doc, v, loc, c);
        else if (strcmp(name, "memory") == 0)
                c->mem_limit = bh_runcmd_value(doc, v, loc);
        else if (strcmp(name, "cpus") == 0)
                c->cpu_limit = bh_runcmd_value(doc, v, loc);
        else if (strcmp(name, "pids-limit") == 0)
                c->pids_limit = bh_runcmd_value(doc, v, loc);
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
        /* absent keys are reported at the command line */
        c->owner_loc = loc;
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
