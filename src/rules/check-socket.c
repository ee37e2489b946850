/* Theme 2, daemon socket: engine sockets and directories holding them
 * mounted into containers, the engine API port, DOCKER_HOST over TCP. */
#include <ctype.h>
#include <stdio.h>

#include "../util/strutil.h"
#include "checks.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

/* $XDG_RUNTIME_DIR[/rest] or ${XDG_RUNTIME_DIR}[/rest] as /run/user/1000[/rest]
 * (normalised into buf); false for any other variable. */
static bool bh_xdg_path(const char *src, char *buf, size_t cap)
{
        static const char *const forms[] = {"${XDG_RUNTIME_DIR}", "$XDG_RUNTIME_DIR"};

        for (size_t i = 0; i < BH_ELEMENTSOF(forms); i++) {
                size_t n = strlen(forms[i]);
                char tmp[4096];
                int len;
                if (strncmp(src, forms[i], n) != 0 || (src[n] && src[n] != '/'))
                        continue;
                if (strchr(src + n, '$'))
                        return false;
                len = snprintf(tmp, sizeof(tmp), "/run/user/1000%s", src + n);
                return len >= 0 && (size_t)len < sizeof(tmp) &&
                       bh_ruleutil_socket_norm(tmp, buf, cap);
        }
        return false;
}

static const char *bh_ro_note(const struct bh_mount *m)
{
        return m->read_only == BH_TRUE ? " (read-only does not help: the API still accepts requests)"
                                       : "";
}

static void bh_check_mount(const struct bh_container *c, const struct bh_mount *m,
                           struct bh_emit *e)
{
        char norm[4096];
        const char *what, *dir;

        switch (m->kind) {
        case BH_MOUNT_BIND:
                if (!m->source)
                        break;
                if (!m->source_known) {
                        /* $XDG_RUNTIME_DIR/docker.sock: the file name is enough */
                        what = bh_ruleutil_socket_file(m->source);
                        if (what) {
                                bh_emit(e, m->loc,
                                        "host %s (%s API socket) is mounted into the container: "
                                        "control of the engine is root on the host%s",
                                        m->source, what, bh_ro_note(m));
                                break;
                        }
                        /* the rootless runtime directory is /run/user/<uid> */
                        if (!bh_xdg_path(m->source, norm, sizeof(norm)) ||
                            !(dir = bh_ruleutil_socket_dir(norm)))
                                break;
                        bh_emit(e, m->loc,
                                "host directory %s is mounted into the container and holds the "
                                "rootless engine's API socket (such as %s): control of the "
                                "engine is control of the user's containers and files%s",
                                m->source, dir, bh_ro_note(m));
                        break;
                }
                if (!bh_ruleutil_socket_norm(m->source, norm, sizeof(norm)))
                        break;
                if ((what = bh_ruleutil_socket_file(norm)))
                        bh_emit(e, m->loc,
                                "host %s (%s API socket) is mounted into the container: control "
                                "of the engine is root on the host%s",
                                m->source, what, bh_ro_note(m));
                else if ((dir = bh_ruleutil_socket_dir(norm)))
                        bh_emit(e, m->loc,
                                "host directory %s is mounted into the container and holds engine "
                                "API sockets (such as %s): control of the engine is root on the "
                                "host%s",
                                m->source, dir, bh_ro_note(m));
                break;
        case BH_MOUNT_ANONYMOUS:
                /* a run-time anonymous volume (compose "- /var/run/docker.sock")
                 * is an empty volume, not the host's socket */
                if (c->origin != BH_ORIGIN_IMAGE_BUILD)
                        break;
                if (!m->target || !m->target_known || !bh_ruleutil_socket_norm(m->target, norm, sizeof(norm)))
                        break;
                if ((what = bh_ruleutil_socket_file(norm)))
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
                        bh_check_mount(c, &c->mounts.v[j], e);
                if (c->use_api_socket == BH_TRUE)
                        bh_emit(e, bh_ruleutil_loc_or_owner(c->use_api_socket_loc, c),
                                "use_api_socket: true gives container %s the engine API socket "
                                "and the user's registry credentials: control of the engine is "
                                "root on the host",
                                bh_ruleutil_ctr_name(c));
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
