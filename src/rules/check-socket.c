/* Theme 2, daemon socket: engine sockets and directories holding them
 * mounted into containers, the engine API port, DOCKER_HOST over TCP. */
#include <ctype.h>
#include <stdio.h>

#include "../util/strutil.h"
#include "checks.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

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
static bool bh_sock_norm(const char *path, char *buf, size_t cap)
{
        struct bh_arena a = {0};
        const char *n = bh_path_normalize(&a, path);
        int len;

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
static int bh_sock_cmp(const char *pat, const char *path)
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
static const char *bh_sock_file(const char *norm)
{
        const char *base = bh_path_basename(norm);

        for (size_t i = 0; i < BH_ELEMENTSOF(bh_sockets); i++)
                if (bh_sock_cmp(bh_sockets[i].path, norm) == 2)
                        return bh_sockets[i].what;
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_socket_names); i++)
                if (strcmp(base, bh_socket_names[i].name) == 0)
                        return bh_socket_names[i].what;
        return NULL;
}

/* Is path a directory holding engine sockets?  Returns an example socket. */
static const char *bh_sock_dir(const char *norm)
{
        if (strcmp(norm, "/run/docker") == 0)
                return "/run/docker/containerd/containerd.sock";
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_sockets); i++)
                if (bh_sock_cmp(bh_sockets[i].path, norm) == 1)
                        return bh_sockets[i].path;
        return NULL;
}

static const char *bh_ro_note(const struct bh_mount *m)
{
        return m->read_only == BH_TRUE ? " (read-only does not help: the API still accepts requests)"
                                       : "";
}

static void bh_check_mount(const struct bh_mount *m, struct bh_emit *e)
{
        char norm[4096];
        const char *what, *dir;

        switch (m->kind) {
        case BH_MOUNT_BIND:
                if (!m->source)
                        break;
                if (!m->source_known) {
                        /* $XDG_RUNTIME_DIR/docker.sock: the file name is enough */
                        what = bh_sock_file(m->source);
                        if (what)
                                bh_emit(e, m->loc,
                                        "host %s (%s API socket) is mounted into the container: "
                                        "control of the engine is root on the host%s",
                                        m->source, what, bh_ro_note(m));
                        break;
                }
                if (!bh_sock_norm(m->source, norm, sizeof(norm)))
                        break;
                if ((what = bh_sock_file(norm)))
                        bh_emit(e, m->loc,
                                "host %s (%s API socket) is mounted into the container: control "
                                "of the engine is root on the host%s",
                                m->source, what, bh_ro_note(m));
                else if ((dir = bh_sock_dir(norm)))
                        bh_emit(e, m->loc,
                                "host directory %s is mounted into the container and holds engine "
                                "API sockets (such as %s): control of the engine is root on the "
                                "host%s",
                                m->source, dir, bh_ro_note(m));
                break;
        case BH_MOUNT_ANONYMOUS:
                if (!m->target || !m->target_known || !bh_sock_norm(m->target, norm, sizeof(norm)))
                        break;
                if ((what = bh_sock_file(norm)))
                        bh_emit_sev(e, BH_SEV_HIGH, m->loc,
                                    "the image declares the engine socket path %s as a volume: "
                                    "it expects the host's %s API socket to be mounted there",
                                    m->target, what);
                break;
        case BH_MOUNT_UNKNOWN:
        case BH_MOUNT_VOLUME:
        case BH_MOUNT_TMPFS:
        default:
                break;
        }
}

void bh_check_engine_socket(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];
                for (size_t j = 0; j < c->mounts.n; j++)
                        bh_check_mount(&c->mounts.v[j], e);
        }
}

void bh_check_engine_api_port(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];
                for (size_t j = 0; j < c->ports.n; j++) {
                        const struct bh_port *p = &c->ports.v[j];
                        uint32_t lo = p->container_port;
                        uint32_t hi = p->container_port_end > lo ? p->container_port_end : lo;
                        bool plain = lo <= 2375 && hi >= 2375;
                        bool tls = lo <= 2376 && hi >= 2376;

                        if (!p->known || !lo || (p->proto && strcmp(p->proto, "tcp") != 0))
                                continue;
                        if (!plain && !tls)
                                continue;
                        bh_emit(e, p->loc,
                                "%s port %s, the engine API port (%s): a container serving or "
                                "forwarding the engine API gives root on its host to whoever "
                                "reaches it",
                                p->published ? "publishes" : "exposes",
                                plain && tls ? "2375-2376" : plain ? "2375" : "2376",
                                plain ? "2375 is plaintext and unauthenticated" : "2376 is TLS");
                }
        }
}

/* tcp://host[:port], http://, https://: the port of the URL, 0 when none. */
static unsigned bh_url_port(const char *url)
{
        const char *h = strstr(url, "://");
        uint64_t v;

        if (!h)
                return 0;
        h += 3;
        size_t n = strcspn(h, "/?#");
        const char *colon = NULL;
        for (size_t i = 0; i < n; i++)
                if (h[i] == ':')
                        colon = h + i;
        if (h[0] == '[') { /* [v6]:port */
                const char *rb = memchr(h, ']', n);
                colon = rb && (size_t)(rb - h) + 1 < n && rb[1] == ':' ? rb + 1 : NULL;
        }
        if (!colon || bh_parse_u64n(colon + 1, (size_t)(h + n - colon - 1), 1, 65535, &v) < 0)
                return 0;
        return (unsigned)v;
}

void bh_check_engine_host_tcp(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];
                bool tls_verify = false;

                for (size_t j = 0; j < c->env.n; j++) {
                        const struct bh_env *v = &c->env.v[j];
                        if (v->name && strcmp(v->name, "DOCKER_TLS_VERIFY") == 0 && v->value &&
                            v->value[0] && strcmp(v->value, "0") != 0)
                                tls_verify = true;
                }
                for (size_t j = 0; j < c->env.n; j++) {
                        const struct bh_env *v = &c->env.v[j];
                        const char *val = v->value;
                        const char *kind = v->is_build_arg ? "build argument" : "environment variable";
                        unsigned port;

                        if (!v->name || !val || !v->value_known)
                                continue;
                        if (strcmp(v->name, "DOCKER_HOST") != 0 && strcmp(v->name, "CONTAINER_HOST") != 0)
                                continue;
                        if (!bh_str_startswith_ci(val, "tcp://") && !bh_str_startswith_ci(val, "http://") &&
                            !bh_str_startswith_ci(val, "https://"))
                                continue;
                        port = bh_url_port(val);
                        if (bh_str_startswith_ci(val, "http://") || port == 2375 ||
                            (port == 0 && bh_str_startswith_ci(val, "tcp://") && !tls_verify))
                                bh_emit_sev(e, BH_SEV_HIGH, v->loc,
                                            "%s %s=%s points to an engine API over plaintext TCP "
                                            "(port %u, no TLS, no authentication)",
                                            kind, v->name, val, port ? port : 2375);
                        else
                                bh_emit(e, v->loc,
                                        "%s %s=%s points to an engine API over TCP: whoever holds "
                                        "the client certificate controls the engine",
                                        kind, v->name, val);
                }
        }
}
