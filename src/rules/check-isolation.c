/* Theme 5, isolation: host namespaces (also through service:X / container:X),
 * sensitive host paths, inter-container communication, ports published on
 * every interface, resource limits. */
#include <stdio.h>

#include "../util/strutil.h"
#include "checks.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

enum bh_ns {
        BH_NS_NET = 0,
        BH_NS_PID,
        BH_NS_IPC,
        BH_NS_UTS,
        BH_NS_USER,
};

static const struct bh_value *bh_ns_value(const struct bh_container *c, enum bh_ns ns)
{
        switch (ns) {
        case BH_NS_NET:
                return &c->network_mode;
        case BH_NS_PID:
                return &c->pid_mode;
        case BH_NS_IPC:
                return &c->ipc_mode;
        case BH_NS_UTS:
                return &c->uts_mode;
        case BH_NS_USER:
        default:
                return &c->userns_mode;
        }
}

/* "service:X" / "container:X": X, else NULL. */
static const char *bh_ns_ref(const char *mode)
{
        if (bh_str_startswith(mode, "service:"))
                return mode + 8;
        if (bh_str_startswith(mode, "container:"))
                return mode + 10;
        return NULL;
}

static const struct bh_container *bh_find_ctr(const struct bh_doc *doc, const char *name)
{
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];
                if (c->name && strcmp(c->name, name) == 0)
                        return c;
        }
        return NULL;
}

/* Does c end up in the host's namespace?  Follows service:X / container:X
 * through the document (at most one hop per container: no cycles).  Sets
 * *ret_via to the container whose setting says "host" when it is not c. */
static bool bh_ns_is_host(const struct bh_doc *doc, const struct bh_container *c, enum bh_ns ns,
                          const struct bh_container **ret_via)
{
        const struct bh_container *cur = c;

        *ret_via = NULL;
        for (size_t hop = 0; hop <= doc->containers.n; hop++) {
                const struct bh_value *v = bh_ns_value(cur, ns);
                const char *ref;
                if (!v->set || !v->known || !v->s)
                        return false;
                if (bh_str_eq_ci(v->s, "host")) {
                        *ret_via = cur == c ? NULL : cur;
                        return true;
                }
                ref = bh_ns_ref(v->s);
                if (!ref || !(cur = bh_find_ctr(doc, ref)) || cur == c)
                        return false;
        }
        return false;
}

static void bh_check_ns(const struct bh_doc *doc, struct bh_emit *e, enum bh_ns ns, const char *what,
                        const char *why)
{
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];
                const struct bh_container *via;
                const struct bh_value *v = bh_ns_value(c, ns);

                if (!bh_ns_is_host(doc, c, ns, &via))
                        continue;
                if (via)
                        bh_emit(e, bh_ruleutil_loc_or_owner(v->loc, c),
                                "container %s joins the %s namespace of %s, which uses the host's: "
                                "%s",
                                bh_ruleutil_ctr_name(c), what, bh_ruleutil_ctr_name(via), why);
                else
                        bh_emit(e, bh_ruleutil_loc_or_owner(v->loc, c),
                                "container %s shares the host's %s namespace: %s",
                                bh_ruleutil_ctr_name(c), what, why);
        }
}

void bh_check_host_network(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        bh_check_ns(doc, e, BH_NS_NET, "network",
                    "it can bind any host port, reach services listening on the host's "
                    "localhost, and with NET_RAW sniff host traffic");
}

void bh_check_host_pid(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        bh_check_ns(doc, e, BH_NS_PID, "PID",
                    "it sees every host process, their command lines and environments, and can "
                    "signal them");
}

void bh_check_host_ipc(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        bh_check_ns(doc, e, BH_NS_IPC, "IPC",
                    "it can read and write the shared memory and semaphores of host processes");
}

void bh_check_host_uts(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        bh_check_ns(doc, e, BH_NS_UTS, "UTS",
                    "with CAP_SYS_ADMIN it can change the host's hostname and domain name");
}

void bh_check_host_userns(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        bh_check_ns(doc, e, BH_NS_USER, "user",
                    "it opts out of user-namespace remapping (rootless Podman, --userns-remap), "
                    "so root in the container is root on the host");
}

/* ---- BH5006 sensitive host paths ---- */

/* Paths whose write access is root on the host (and their ancestors). */
static const char *const bh_critical_paths[] = {
        "/etc", "/root", "/boot", "/proc", "/sys", "/dev", "/lib", "/lib32", "/lib64",
        "/usr", "/bin", "/sbin", "/var/lib/docker", "/var/lib/containers",
        "/var/lib/containerd", "/var/lib/kubelet", "/etc/kubernetes",
};

/* Sensitive, but not root on the host by themselves (exact or ancestors:
 * a project under /home/me is an ordinary bind mount). */
static const char *const bh_high_paths[] = {
        "/home", "/var/log",
};

/* /home/<user>: a whole home directory. */
static bool bh_is_home_dir(const char *norm)
{
        return bh_str_startswith(norm, "/home/") && norm[6] && !strchr(norm + 6, '/');
}

/* /home/<user>/<credentials dir>...: the part after /home/<user>/, else NULL. */
static const char *bh_home_abs_rel(const char *norm)
{
        const char *slash;

        if (!bh_str_startswith(norm, "/home/") || !(slash = strchr(norm + 6, '/')))
                return NULL;
        return slash + 1;
}

/* Read-only they are harmless; writable, a nuisance. */
static const char *const bh_benign_paths[] = {
        "/etc/localtime", "/etc/timezone", "/usr/share/zoneinfo", "/dev/log",
};

/* Credentials under a home directory (~/.ssh ...). */
static const char *const bh_home_secrets[] = {
        ".ssh", ".docker", ".kube", ".aws", ".gnupg", ".config/gcloud", ".azure",
};

/* Is path root or under it? */
static bool bh_under(const char *path, const char *root)
{
        size_t n = strlen(root);

        if (strcmp(root, "/") == 0)
                return path[0] == '/';
        return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Is path one of list, under one (descendants), or an ancestor of one? */
static bool bh_in_paths(const char *path, const char *const *list, size_t n, bool descendants,
                        bool ancestors)
{
        for (size_t i = 0; i < n; i++)
                if ((descendants ? bh_under(path, list[i]) : strcmp(path, list[i]) == 0) ||
                    (ancestors && bh_under(list[i], path)))
                        return true;
        return false;
}

/* A credentials directory under a home: which one, else NULL. */
static const char *bh_home_secret(const char *rel)
{
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_home_secrets); i++)
                if (!*rel || bh_under(rel, bh_home_secrets[i]) || bh_under(bh_home_secrets[i], rel))
                        return bh_home_secrets[i];
        return NULL;
}

/* ~/x, $HOME/x, ${HOME}/x: x, else NULL. */
static const char *bh_home_rel(const char *src)
{
        static const char *const forms[] = {"~", "$HOME", "${HOME}"};

        for (size_t i = 0; i < BH_ELEMENTSOF(forms); i++) {
                size_t n = strlen(forms[i]);
                if (strncmp(src, forms[i], n) == 0 && (src[n] == '\0' || src[n] == '/'))
                        return src[n] ? src + n + 1 : "";
        }
        return NULL;
}

static void bh_check_sensitive(const struct bh_container *c, const struct bh_mount *m,
                               struct bh_emit *e)
{
        bool ro = m->read_only == BH_TRUE;
        const char *mode = ro ? "read-only" : "writable";
        const char *rel, *secret;
        char norm[4096] = "";

        if (m->kind != BH_MOUNT_BIND || !m->source)
                return;
        rel = bh_home_rel(m->source);
        if (!rel && m->source_known && bh_ruleutil_socket_norm(m->source, norm, sizeof(norm)))
                rel = bh_home_abs_rel(norm);
        else if (!rel)
                return;
        /* "~" alone, a home's credentials: its owner's keys and tokens */
        if (rel && (secret = bh_home_secret(rel))) {
                bh_emit_sev(e, ro ? BH_SEV_MEDIUM : BH_SEV_HIGH, m->loc,
                            "container %s mounts %s from the host (%s): a home directory's "
                            "credentials (~/%s)",
                            bh_ruleutil_ctr_name(c), m->source, mode, secret);
                return;
        }
        if (!m->source_known || norm[0] != '/')
                return;
        if (bh_in_paths(norm, bh_benign_paths, BH_ELEMENTSOF(bh_benign_paths), true, false)) {
                if (!ro)
                        bh_emit_sev(e, BH_SEV_LOW, m->loc,
                                    "container %s mounts host %s writable: mount it read-only "
                                    "(:ro), the container only needs to read it",
                                    bh_ruleutil_ctr_name(c), m->source);
                return;
        }
        if (bh_in_paths(norm, bh_critical_paths, BH_ELEMENTSOF(bh_critical_paths), true, true)) {
                if (ro)
                        bh_emit_sev(e, BH_SEV_MEDIUM, m->loc,
                                    "container %s mounts host %s read-only: it can read host "
                                    "secrets and configuration (keys, password hashes, tokens)",
                                    bh_ruleutil_ctr_name(c), m->source);
                else
                        bh_emit_sev(e, BH_SEV_CRITICAL, m->loc,
                                    "container %s mounts host %s writable: writing there is root "
                                    "on the host (binaries, configuration, kernel interfaces, "
                                    "other containers' data)",
                                    bh_ruleutil_ctr_name(c), m->source);
                return;
        }
        /* sockets and directories of sockets are BH2001's */
        if (bh_ruleutil_socket_file(norm) || bh_ruleutil_socket_dir(norm))
                return;
        if (bh_in_paths(norm, bh_high_paths, BH_ELEMENTSOF(bh_high_paths), false, true) ||
            bh_is_home_dir(norm))
                bh_emit_sev(e, ro ? BH_SEV_MEDIUM : BH_SEV_HIGH, m->loc,
                            "container %s mounts host %s (%s): users' files and credentials, or "
                            "the host's logs",
                            bh_ruleutil_ctr_name(c), m->source, mode);
}

void bh_check_sensitive_mount(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];
                for (size_t j = 0; j < c->mounts.n; j++)
                        bh_check_sensitive(c, &c->mounts.v[j], e);
        }
}

/* ---- BH5007 inter-container communication ---- */

void bh_check_icc_enabled(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->networks.n; i++) {
                const struct bh_network *n = &doc->networks.v[i];

                /* an external network's options are defined elsewhere */
                if (n->external || n->internal == BH_TRUE || n->enable_icc == BH_FALSE)
                        continue;
                if (n->driver && *n->driver && !bh_str_eq_ci(n->driver, "bridge"))
                        continue;
                bh_emit(e, n->enable_icc_loc.line ? n->enable_icc_loc : n->loc,
                        "bridge network %s lets every container on it reach every other: set "
                        "com.docker.network.bridge.enable_icc=false (or internal: true); that "
                        "does not stop layer-2 frames, so also drop NET_RAW",
                        n->name ? n->name : "(default)");
        }
}

/* ---- BH5008 ports on every interface ---- */

void bh_check_port_all_interfaces(const struct bh_rule *r, const struct bh_doc *doc,
                                  struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                for (size_t j = 0; j < c->ports.n; j++) {
                        const struct bh_port *p = &c->ports.v[j];
                        const char *ip = p->host_ip;

                        if (!p->published)
                                continue; /* EXPOSE documents, it binds nothing */
                        if (ip && *ip && strcmp(ip, "0.0.0.0") != 0 && strcmp(ip, "::") != 0 &&
                            strcmp(ip, "[::]") != 0)
                                continue;
                        if (!p->known)
                                bh_emit(e, p->loc,
                                        "container %s publishes its exposed ports on every host "
                                        "interface: bind them to an address (-p 127.0.0.1:8080:80)",
                                        bh_ruleutil_ctr_name(c));
                        else if (p->container_port_end > p->container_port)
                                bh_emit(e, p->loc,
                                        "container %s publishes ports %u-%u/%s on every host "
                                        "interface: bind them to the address that needs them",
                                        bh_ruleutil_ctr_name(c), p->container_port,
                                        p->container_port_end, p->proto ? p->proto : "tcp");
                        else
                                bh_emit(e, p->loc,
                                        "container %s publishes port %u/%s on every host "
                                        "interface: bind it to the address that needs it "
                                        "(127.0.0.1:...)",
                                        bh_ruleutil_ctr_name(c), p->container_port,
                                        p->proto ? p->proto : "tcp");
                }
        }
}
