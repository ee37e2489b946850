/* Host and daemon-configuration rules (BH1004, BH1005, BH2004-BH2007,
 * BH2008-BH2010, BH5011, BH5012, BH6006-BH6011, BH7011).  Each rule is one evaluator that
 * decides a verdict with its evidence and, when given an emitter, reports
 * the fails (and the unknowns at info).  Pure functions of the model. */
#include <stdio.h>

#include "../util/strutil.h"
#include "checks.h"
#include "hostcheck.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

struct bh_hc {
        struct bh_emit *e; /* NULL: verdict only */
        enum bh_verdict verdict;
        char ev[768];
        size_t evlen;
        struct bh_loc loc; /* of the first evidence */
        bool has_loc;
};

static void bh_hc_ev(struct bh_hc *x, struct bh_loc loc, const char *fmt, ...) BH_PRINTF(3, 4);
static void bh_hc_ev(struct bh_hc *x, struct bh_loc loc, const char *fmt, ...)
{
        va_list ap;
        char buf[512];

        va_start(ap, fmt);
        bh_vformat(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        if (x->evlen + 3 < sizeof(x->ev)) {
                int n = snprintf(x->ev + x->evlen, sizeof(x->ev) - x->evlen, "%s%s",
                                 x->evlen ? "; " : "", buf);
                if (n > 0)
                        x->evlen = BH_MIN(x->evlen + (size_t)n, sizeof(x->ev) - 1);
        }
        if (!x->has_loc && (loc.line || loc.file)) {
                x->loc = loc;
                x->has_loc = true;
        }
}

/* Combine: fail > unknown > pass > n/a. */
static void bh_hc_verdict(struct bh_hc *x, enum bh_verdict v)
{
        static const int rank[BH_VERDICT__COUNT] = {[BH_VERDICT_NA] = 0,
                                                    [BH_VERDICT_PASS] = 1,
                                                    [BH_VERDICT_UNKNOWN] = 2,
                                                    [BH_VERDICT_FAIL] = 3};

        if (rank[v] > rank[x->verdict] || x->verdict == BH_VERDICT_NA)
                x->verdict = v;
}

/* Report with a severity / with the rule's default severity (no-ops when
 * only the verdict is wanted). */
#define BH_HC_EMIT(x, ...)                                \
        do {                                              \
                if ((x)->e)                               \
                        bh_emit_sev((x)->e, __VA_ARGS__); \
        } while (0)
#define BH_HC_EMIT_DEF(x, ...)                        \
        do {                                          \
                if ((x)->e)                           \
                        bh_emit((x)->e, __VA_ARGS__); \
        } while (0)

static const struct bh_host *bh_hc_host(const struct bh_doc *doc)
{
        return doc->surface == BH_SURFACE_HOST ? doc->surface_model : NULL;
}

/* The k-th engine configuration of a document: a scanned file's, or the
 * host's (Docker, Podman, then the rootless users' files); NULL past the end. */
static const struct bh_engine_cfg *bh_hc_cfg(const struct bh_doc *doc, size_t k)
{
        if (doc->surface == BH_SURFACE_ENGINECONF && doc->surface_model)
                return k == 0 ? doc->surface_model : NULL;
        if (doc->surface != BH_SURFACE_HOST || !doc->surface_model)
                return NULL;
        const struct bh_host *h = doc->surface_model;
        if (h->docker.present && k-- == 0)
                return &h->docker;
        if (h->podman.present && k-- == 0)
                return &h->podman;
        if (h->containerd.present && k-- == 0)
                return &h->containerd;
        return k < h->user_cfgs.n ? h->user_cfgs.v[k] : NULL;
}

static const char *bh_hc_engine(const struct bh_engine_cfg *c)
{
        return c->kind == BH_ENGINE_DOCKER ? "Docker"
               : c->kind == BH_ENGINE_PODMAN ? "Podman"
                                             : "containerd";
}

/* A configuration that could not be read is unknown, never judged on the
 * engine's defaults. */
static bool bh_hc_unreadable(struct bh_hc *x, const struct bh_engine_cfg *c)
{
        if (!c->unreadable)
                return false;
        bh_hc_verdict(x, BH_VERDICT_UNKNOWN);
        bh_hc_ev(x, c->unreadable_loc, "%s", c->unreadable);
        return true;
}

static const char *bh_hc_file(const struct bh_doc *doc, struct bh_loc loc)
{
        return loc.file ? loc.file : doc->path;
}

static const char *bh_hc_origin(enum bh_cfg_origin o)
{
        return o == BH_CFG_FILE   ? ""
               : o == BH_CFG_UNIT ? " (dockerd flag in the unit)"
                                  : " (flag of the running dockerd)";
}

static void bh_hc_mode_str(uint32_t mode, char *buf, size_t cap)
{
        snprintf(buf, cap, "%04o", (unsigned)(mode & 07777u));
}

/* ---- BH1004 / BH1005: CVEs ---- */

static void bh_hc_cves(const struct bh_doc *doc, struct bh_hc *x, bool kernel)
{
        const struct bh_host *h = bh_hc_host(doc);
        size_t nunknown = 0, nvuln = 0, nchecked = 0;
        const struct bh_cve_verdict *first_unknown = NULL;
        char list[400] = "";
        size_t ll = 0;

        if (!h)
                return;
        if (!h->cves_done) {
                bh_hc_verdict(x, BH_VERDICT_UNKNOWN);
                bh_hc_ev(x, (struct bh_loc){0}, "the CVE tables were not evaluated");
                return;
        }
        if (kernel && !h->kernel_release.set) {
                bh_hc_verdict(x, BH_VERDICT_UNKNOWN);
                bh_hc_ev(x, h->kernel_release.loc, "kernel release unreadable: %s",
                         h->kernel_release.why ? h->kernel_release.why : "?");
                BH_HC_EMIT(x, BH_SEV_INFO, h->kernel_release.loc,
                           "unknown: the running kernel's release could not be read (%s)",
                           h->kernel_release.why ? h->kernel_release.why : "?");
                return;
        }
        for (size_t i = 0; i < h->cves.n; i++) {
                const struct bh_cve_verdict *v = &h->cves.v[i];
                if ((strcmp(v->component, "kernel") == 0) != kernel)
                        continue;
                nchecked++;
                if (v->state == BH_CVE_VULNERABLE) {
                        nvuln++;
                        bh_hc_ev(x, v->loc, "%s %s: vulnerable to %s", v->package, v->version,
                                 v->cve);
                        BH_HC_EMIT(x, v->severity, v->loc,
                                   "%s %s is vulnerable to %s (%s): %s (table of %s)", v->package,
                                   v->version, v->cve, v->name, v->why, h->cve_data_date);
                } else if (v->state == BH_CVE_UNKNOWN) {
                        if (!first_unknown)
                                first_unknown = v;
                        nunknown++;
                        int n = snprintf(list + ll, sizeof(list) - ll, "%s%s", ll ? ", " : "",
                                         v->cve);
                        if (n > 0 && ll + (size_t)n < sizeof(list))
                                ll += (size_t)n;
                }
        }
        if (nvuln)
                bh_hc_verdict(x, BH_VERDICT_FAIL);
        if (nunknown) {
                bh_hc_verdict(x, BH_VERDICT_UNKNOWN);
                bh_hc_ev(x, first_unknown->loc, "%zu undecided (%s): %s", nunknown, list,
                         first_unknown->why);
                BH_HC_EMIT(x, BH_SEV_INFO, first_unknown->loc,
                           "unknown: %zu CVE%s of %s %s could not be decided (%s): %s", nunknown,
                           nunknown == 1 ? "" : "s", first_unknown->package, first_unknown->version,
                           list, first_unknown->why);
        }
        if (nchecked == 0) {
                if (kernel) {
                        bh_hc_verdict(x, BH_VERDICT_UNKNOWN);
                        return;
                }
                if (!h->pkgdb.set) {
                        bh_hc_verdict(x, BH_VERDICT_UNKNOWN);
                        bh_hc_ev(x, h->pkgdb.loc, "no package database read: %s",
                                 h->pkgdb.why ? h->pkgdb.why : "?");
                        BH_HC_EMIT(x, BH_SEV_INFO, h->pkgdb.loc,
                                   "unknown: engine and runtime versions could not be read (%s)",
                                   h->pkgdb.why ? h->pkgdb.why : "?");
                } else {
                        bh_hc_verdict(x, BH_VERDICT_NA);
                        bh_hc_ev(x, h->pkgdb.loc,
                                 "no engine or runtime package in the package database");
                }
                return;
        }
        if (!nvuln && !nunknown) {
                bh_hc_verdict(x, BH_VERDICT_PASS);
                bh_hc_ev(x, kernel ? h->kernel_release.loc : h->pkgdb.loc,
                         "%zu CVE%s checked, none applies (table of %s)", nchecked,
                         nchecked == 1 ? "" : "s", h->cve_data_date);
        }
}

static void bh_hc_kernel_cve(const struct bh_doc *doc, struct bh_hc *x)
{
        bh_hc_cves(doc, x, true);
}

static void bh_hc_engine_cve(const struct bh_doc *doc, struct bh_hc *x)
{
        bh_hc_cves(doc, x, false);
}

/* ---- BH2004: TCP without TLS ---- */

static bool bh_hc_loopback(const char *addr)
{
        const char *h = addr + 6; /* after tcp:// */
        return bh_str_startswith(h, "127.") || bh_str_startswith(h, "localhost") ||
               bh_str_startswith(h, "[::1]");
}

static void bh_hc_tcp_tls(const struct bh_doc *doc, struct bh_hc *x)
{
        const struct bh_engine_cfg *c;

        for (size_t k = 0; (c = bh_hc_cfg(doc, k)); k++) {
                if (bh_hc_unreadable(x, c))
                        continue;
                bool any = false;

                if (c->kind == BH_ENGINE_PODMAN) {
                        bh_hc_verdict(x, BH_VERDICT_NA);
                        continue;
                }
                for (size_t i = 0; i < c->hosts.n; i++) {
                        const struct bh_cfg_item *it = &c->hosts.v[i];
                        if (!bh_str_startswith(it->s, "tcp://"))
                                continue;
                        any = true;
                        if (c->tlsverify.set && c->tlsverify.bool_ok && c->tlsverify.b) {
                                bh_hc_verdict(x, BH_VERDICT_PASS);
                                bh_hc_ev(x, it->loc, "%s with tlsverify", it->s);
                                continue;
                        }
                        bool tls = c->tls.set && c->tls.bool_ok && c->tls.b;
                        enum bh_severity sev = bh_hc_loopback(it->s) ? BH_SEV_MEDIUM : BH_SEV_HIGH;
                        bh_hc_verdict(x, BH_VERDICT_FAIL);
                        bh_hc_ev(x, it->loc, "%s %s at %s:%u", it->s,
                                 tls ? "with TLS but no client verification" : "without TLS",
                                 bh_hc_file(doc, it->loc), (unsigned)it->loc.line);
                        BH_HC_EMIT(x, sev, it->loc,
                                   "the engine API listens on %s%s %s: whoever reaches the port "
                                   "controls the daemon, which is root on the host",
                                   it->s, bh_hc_origin(it->origin),
                                   tls ? (c->kind == BH_ENGINE_CONTAINERD
                                                  ? "with TLS but without client certificate "
                                                    "verification (no tcp_tls_ca)"
                                                  : "with TLS but without client certificate "
                                                    "verification (tlsverify)")
                                       : c->kind == BH_ENGINE_CONTAINERD
                                               ? "without TLS (no tcp_tls_cert)"
                                               : "without TLS");
                }
                if (!any) {
                        bh_hc_verdict(x, BH_VERDICT_PASS);
                        bh_hc_ev(x, c->loc, "%s API on the unix socket only in %s",
                                 bh_hc_engine(c), bh_hc_file(doc, c->loc));
                }
        }
}

/* ---- daemon booleans (BH5011, BH5012, BH6007) ---- */

/* A Docker boolean whose secure value is want (the engine default is !want).
 * what says what the insecure value does, for the message. */
static void bh_hc_docker_bool(const struct bh_doc *doc, struct bh_hc *x, size_t off,
                              const char *key, bool want, const char *what)
{
        const struct bh_engine_cfg *c;

        for (size_t k = 0; (c = bh_hc_cfg(doc, k)); k++) {
                if (bh_hc_unreadable(x, c))
                        continue;
                const struct bh_cfg_val *v = (const struct bh_cfg_val *)((const char *)c + off);

                if (c->kind != BH_ENGINE_DOCKER) {
                        bh_hc_verdict(x, BH_VERDICT_NA);
                        bh_hc_ev(x, c->loc, "%s has no %s setting", bh_hc_engine(c), key);
                        continue;
                }
                if (v->set && v->bool_ok && v->b == want) {
                        bh_hc_verdict(x, BH_VERDICT_PASS);
                        bh_hc_ev(x, v->loc, "%s = %s at %s:%u", key, v->s, bh_hc_file(doc, v->loc),
                                 (unsigned)v->loc.line);
                        continue;
                }
                bh_hc_verdict(x, BH_VERDICT_FAIL);
                if (v->set) {
                        bh_hc_ev(x, v->loc, "%s = %s at %s:%u", key, v->s, bh_hc_file(doc, v->loc),
                                 (unsigned)v->loc.line);
                        BH_HC_EMIT_DEF(x, v->loc, "%s is %s%s: %s", key, v->s,
                                       bh_hc_origin(v->origin), what);
                } else {
                        bh_hc_ev(x, c->loc, "%s not set in %s (default %s)", key,
                                 bh_hc_file(doc, c->loc), want ? "false" : "true");
                        BH_HC_EMIT_DEF(x, c->loc,
                                       "%s is not set, so it defaults to %s: %s; set \"%s\": %s",
                                       key, want ? "false" : "true", what, key,
                                       want ? "true" : "false");
                }
        }
}

static void bh_hc_icc(const struct bh_doc *doc, struct bh_hc *x)
{
        bh_hc_docker_bool(doc, x, offsetof(struct bh_engine_cfg, icc), "icc", false,
                          "every container on the default bridge can reach every other on "
                          "every port");
}

static void bh_hc_userland_proxy(const struct bh_doc *doc, struct bh_hc *x)
{
        bh_hc_docker_bool(doc, x, offsetof(struct bh_engine_cfg, userland_proxy), "userland-proxy",
                          false,
                          "published ports go through a docker-proxy process per port, and "
                          "traffic reaches containers with the proxy's source address");
}

static void bh_hc_nnp(const struct bh_doc *doc, struct bh_hc *x)
{
        bh_hc_docker_bool(doc, x, offsetof(struct bh_engine_cfg, no_new_privileges),
                          "no-new-privileges", true,
                          "containers that do not ask for it can gain privileges through "
                          "setuid binaries and file capabilities");
}

/* ---- BH2009: live-restore ---- */

static void bh_hc_live_restore(const struct bh_doc *doc, struct bh_hc *x)
{
        bh_hc_docker_bool(doc, x, offsetof(struct bh_engine_cfg, live_restore), "live-restore",
                          true,
                          "stopping or upgrading dockerd stops every container, so patching "
                          "the engine means downtime and tends to be put off");
}

/* ---- BH2008: authorization plugins ---- */

static void bh_hc_authz(const struct bh_doc *doc, struct bh_hc *x)
{
        const struct bh_engine_cfg *c;

        for (size_t k = 0; (c = bh_hc_cfg(doc, k)); k++) {
                if (bh_hc_unreadable(x, c))
                        continue;
                if (c->kind != BH_ENGINE_DOCKER) {
                        bh_hc_verdict(x, BH_VERDICT_NA);
                        bh_hc_ev(x, c->loc, "%s has no authorization plugins", bh_hc_engine(c));
                        continue;
                }
                if (c->authz_plugins.n) {
                        const struct bh_cfg_item *it = &c->authz_plugins.v[0];
                        bh_hc_verdict(x, BH_VERDICT_PASS);
                        bh_hc_ev(x, it->loc, "authorization plugin %s at %s:%u", it->s,
                                 bh_hc_file(doc, it->loc), (unsigned)it->loc.line);
                        continue;
                }
                bh_hc_verdict(x, BH_VERDICT_FAIL);
                bh_hc_ev(x, c->loc, "no authorization-plugins in %s", bh_hc_file(doc, c->loc));
                BH_HC_EMIT_DEF(x, c->loc,
                               "no authorization plugin: every client that reaches the engine "
                               "API may do everything it offers (run privileged containers, "
                               "mount /); access rests on the socket alone");
        }
}

/* ---- BH2010: remote logging ---- */

static bool bh_hc_remote_log(const char *d)
{
        static const char *const remote[] = {"syslog",  "journald",   "gelf",
                                             "fluentd", "awslogs",    "splunk",
                                             "gcplogs", "logentries", "etwlogs"};

        for (size_t i = 0; i < BH_ELEMENTSOF(remote); i++)
                if (strcmp(d, remote[i]) == 0)
                        return true;
        /* a plugin driver ("vendor/driver:tag") ships logs elsewhere */
        return strchr(d, '/') != NULL;
}

static void bh_hc_logging(const struct bh_doc *doc, struct bh_hc *x)
{
        const struct bh_engine_cfg *c;

        for (size_t k = 0; (c = bh_hc_cfg(doc, k)); k++) {
                if (bh_hc_unreadable(x, c))
                        continue;
                bool podman = c->kind == BH_ENGINE_PODMAN;
                const struct bh_cfg_val *v = podman ? &c->podman_log_driver : &c->log_driver;
                /* Podman's compiled-in default is journald where systemd runs
                 * (k8s-file elsewhere); Docker's is json-file */
                const char *d = v->set && v->s ? v->s : podman ? "journald" : "json-file";
                const char *key = podman ? "log_driver" : "log-driver";
                struct bh_loc loc = v->set ? v->loc : c->loc;

                if (c->kind == BH_ENGINE_CONTAINERD) {
                        bh_hc_verdict(x, BH_VERDICT_NA);
                        bh_hc_ev(x, c->loc,
                                 "containerd has no log driver (the kubelet or the client "
                                 "collects container output)");
                        continue;
                }
                if (bh_hc_remote_log(d)) {
                        bh_hc_verdict(x, BH_VERDICT_PASS);
                        bh_hc_ev(x, loc, "%s = %s%s at %s", key, d,
                                 v->set ? "" : " (default on systemd hosts)", bh_hc_file(doc, loc));
                        continue;
                }
                bh_hc_verdict(x, BH_VERDICT_FAIL);
                bh_hc_ev(x, loc, "%s = %s%s at %s:%u", key, d, v->set ? "" : " (default)",
                         bh_hc_file(doc, loc), (unsigned)loc.line);
                if (strcmp(d, "none") == 0 || strcmp(d, "passthrough") == 0)
                        BH_HC_EMIT(x, BH_SEV_LOW, loc,
                                   "%s is %s%s: container output is %s, so there is nothing to "
                                   "investigate after an incident",
                                   key, d, bh_hc_origin(v->origin),
                                   d[0] == 'n' ? "discarded"
                                               : "handed to the caller and not kept");
                else
                        BH_HC_EMIT_DEF(x, loc,
                                       "%s is %s%s: container logs stay on this host, "
                                       "where whoever compromises it can erase them; ship them "
                                       "to a central log service",
                                       key, d, v->set ? bh_hc_origin(v->origin) : " (the default)");
        }
}

/* ---- BH6011: container runtimes ---- */

static void bh_hc_runtime(const struct bh_doc *doc, struct bh_hc *x)
{
        const struct bh_engine_cfg *c;

        for (size_t k = 0; (c = bh_hc_cfg(doc, k)); k++) {
                if (bh_hc_unreadable(x, c))
                        continue;
                const char *def = c->default_runtime.set ? c->default_runtime.s : NULL;

                if (def && bh_engine_runtime_is_sandbox(def, NULL))
                        bh_hc_ev(x, c->default_runtime.loc, "default runtime %s (micro-VM/sandbox)",
                                 def);
                for (size_t i = 0; i < c->runtimes.n; i++) {
                        const struct bh_cfg_item *it = &c->runtimes.v[i];
                        char m[8];

                        if (bh_engine_runtime_is_sandbox(it->s, it->extra)) {
                                bh_hc_verdict(x, BH_VERDICT_PASS);
                                bh_hc_ev(x, it->loc, "%s (%s) is a micro-VM/sandbox runtime", it->s,
                                         it->extra ? it->extra : "no path");
                        }
                        if (!it->path)
                                continue;
                        if (it->path[0] != '/') {
                                bh_hc_verdict(x, BH_VERDICT_FAIL);
                                bh_hc_ev(x, it->loc, "runtime %s path %s is not absolute", it->s,
                                         it->path);
                                BH_HC_EMIT_DEF(x, it->loc,
                                               "runtime %s is \"%s\", not an absolute path%s: "
                                               "it is looked up in the engine's PATH, so a "
                                               "file placed earlier in that PATH runs every "
                                               "container that uses it",
                                               it->s, it->path, bh_hc_origin(it->origin));
                                continue;
                        }
                        if (it->path_stat_ok && (it->path_mode & 0002u)) {
                                bh_hc_mode_str(it->path_mode, m, sizeof(m));
                                bh_hc_verdict(x, BH_VERDICT_FAIL);
                                bh_hc_ev(x, it->loc, "runtime %s %s mode %s", it->s, it->path, m);
                                BH_HC_EMIT(x, BH_SEV_HIGH, it->loc,
                                           "runtime %s executable %s is world-writable (mode "
                                           "%s): any local user can replace what the engine "
                                           "runs, as root, for every container using it",
                                           it->s, it->path, m);
                                continue;
                        }
                        bh_hc_verdict(x, BH_VERDICT_PASS);
                        if (!bh_engine_runtime_is_sandbox(it->s, it->extra))
                                bh_hc_ev(x, it->loc, "runtime %s at %s", it->s, it->path);
                }
                if (!c->runtimes.n) {
                        bh_hc_verdict(x, BH_VERDICT_NA);
                        bh_hc_ev(x, c->loc, "no runtime configured besides the default (%s)",
                                 def                           ? def
                                 : c->kind == BH_ENGINE_DOCKER ? "runc"
                                                               : "crun/runc");
                }
        }
}

/* ---- BH6008: userns-remap ---- */

static void bh_hc_userns(const struct bh_doc *doc, struct bh_hc *x)
{
        const struct bh_engine_cfg *c;

        for (size_t k = 0; (c = bh_hc_cfg(doc, k)); k++) {
                if (bh_hc_unreadable(x, c))
                        continue;
                const struct bh_cfg_val *v = &c->userns_remap;

                if (c->kind == BH_ENGINE_CONTAINERD) {
                        bh_hc_verdict(x, BH_VERDICT_NA);
                        bh_hc_ev(x, c->loc,
                                 "containerd: user namespaces are per pod (hostUsers: false)");
                        continue;
                }
                if (c->kind != BH_ENGINE_DOCKER) {
                        /* [containers] userns = "host" is BH5005 on the shared defaults */
                        bh_hc_verdict(x, BH_VERDICT_NA);
                        bh_hc_ev(x, c->loc, "Podman: see BH5005 for [containers] userns");
                        continue;
                }
                if (c->rootless || (v->set && *v->s)) {
                        bh_hc_verdict(x, BH_VERDICT_PASS);
                        bh_hc_ev(x, v->set ? v->loc : c->loc, "userns-remap = %s",
                                 v->set ? v->s : "(rootless engine)");
                        continue;
                }
                bh_hc_verdict(x, BH_VERDICT_FAIL);
                bh_hc_ev(x, v->set ? v->loc : c->loc, "userns-remap not set in %s",
                         bh_hc_file(doc, c->loc));
                BH_HC_EMIT_DEF(x, v->set ? v->loc : c->loc,
                               "userns-remap is not set: root in a container is root on the host "
                               "(uid 0), so any escape lands as host root; set \"userns-remap\": "
                               "\"default\" or run the engine rootless");
        }
}

/* ---- BH6009: SELinux enforcing, Docker not labelling ---- */

static void bh_hc_selinux(const struct bh_doc *doc, struct bh_hc *x)
{
        const struct bh_host *h = bh_hc_host(doc);
        const struct bh_engine_cfg *c;

        for (size_t k = 0; (c = bh_hc_cfg(doc, k)); k++) {
                if (bh_hc_unreadable(x, c))
                        continue;
                const struct bh_cfg_val *v = &c->selinux_enabled;
                bool cd = c->kind == BH_ENGINE_CONTAINERD;
                const char *key = cd ? "enable_selinux" : "selinux-enabled";

                if (c->kind == BH_ENGINE_PODMAN) {
                        bh_hc_verdict(x, BH_VERDICT_NA);
                        bh_hc_ev(x, c->loc, "Podman labels by default (label = false is BH6003)");
                        continue;
                }
                if (cd && c->cri_disabled) {
                        bh_hc_verdict(x, BH_VERDICT_NA);
                        bh_hc_ev(x, c->cri_disabled_loc, "containerd's CRI plugin is disabled");
                        continue;
                }
                if (!h || !h->selinux_enforce.set || strcmp(h->selinux_enforce.s, "1") != 0) {
                        bh_hc_verdict(x, BH_VERDICT_NA);
                        bh_hc_ev(x, h ? h->selinux_enforce.loc : c->loc,
                                 h ? "SELinux is not enforcing on this host"
                                   : "depends on the host's SELinux mode (bulkhead host)");
                        continue;
                }
                if (v->set && v->bool_ok && v->b) {
                        bh_hc_verdict(x, BH_VERDICT_PASS);
                        bh_hc_ev(x, v->loc, "%s = true at %s", key, bh_hc_file(doc, v->loc));
                        continue;
                }
                bh_hc_verdict(x, BH_VERDICT_FAIL);
                bh_hc_ev(x, v->set ? v->loc : c->loc, "SELinux enforcing, %s %s in %s", key,
                         v->set ? v->s : "not set", bh_hc_file(doc, v->set ? v->loc : c->loc));
                BH_HC_EMIT_DEF(x, v->set ? v->loc : c->loc,
                               "SELinux is enforcing on the host (%s = 1) but %s does not "
                               "label containers (%s %s): they run as an unconfined "
                               "type; set %s",
                               h->selinux_enforce.loc.file ? h->selinux_enforce.loc.file : "?",
                               cd ? "containerd's CRI plugin" : "dockerd", key,
                               v->set ? v->s : "not set",
                               cd ? "enable_selinux = true" : "\"selinux-enabled\": true");
        }
}

/* ---- BH7011: insecure registries ---- */

static bool bh_hc_loopback_registry(const char *r)
{
        return bh_str_startswith(r, "127.") || bh_str_startswith(r, "localhost") ||
               bh_str_startswith(r, "[::1]") || bh_str_startswith(r, "::1");
}

static void bh_hc_insecure_registry(const struct bh_doc *doc, struct bh_hc *x)
{
        const struct bh_engine_cfg *c;

        for (size_t k = 0; (c = bh_hc_cfg(doc, k)); k++) {
                if (bh_hc_unreadable(x, c))
                        continue;
                bool bad = false;

                for (size_t i = 0; i < c->insecure_registries.n; i++) {
                        const struct bh_cfg_item *it = &c->insecure_registries.v[i];
                        /* Docker always treats 127.0.0.0/8 as insecure: not a finding */
                        if (bh_hc_loopback_registry(it->s))
                                continue;
                        bad = true;
                        bh_hc_ev(x, it->loc, "%s at %s:%u", it->s, bh_hc_file(doc, it->loc),
                                 (unsigned)it->loc.line);
                        BH_HC_EMIT_DEF(x, it->loc,
                                       "registry %s is used without TLS verification%s: anyone on "
                                       "the path can serve the images the engine pulls",
                                       it->s, bh_hc_origin(it->origin));
                }
                bh_hc_verdict(x, bad ? BH_VERDICT_FAIL : BH_VERDICT_PASS);
                if (!bad)
                        bh_hc_ev(x, c->loc, "no insecure registry");
        }
}

/* ---- BH2005, BH2006, BH2007: file and socket permissions ---- */

static bool bh_hc_rootless(const struct bh_hostfile *f)
{
        return strstr(f->engine, "rootless") != NULL;
}

static void bh_hc_socket_perms(const struct bh_doc *doc, struct bh_hc *x)
{
        const struct bh_host *h = bh_hc_host(doc);
        bool any = false;

        if (!h)
                return;
        for (size_t i = 0; i < h->files.n; i++) {
                const struct bh_hostfile *f = &h->files.v[i];
                char m[8];

                if (f->kind != BH_HF_SOCKET)
                        continue;
                any = true;
                if (!f->stat_ok) {
                        bh_hc_verdict(x, BH_VERDICT_UNKNOWN);
                        bh_hc_ev(x, f->loc, "%s: %s", f->path, f->why ? f->why : "?");
                        BH_HC_EMIT(x, BH_SEV_INFO, f->loc, "unknown: cannot stat %s (%s)", f->path,
                                   f->why ? f->why : "?");
                        continue;
                }
                bh_hc_mode_str(f->mode, m, sizeof(m));
                /* bits, never decimal: 0606 is not "at most 0660" */
                /* a rootless socket may be shared with the user's own
                 * private group (podman.socket's SocketMode=0660), no other */
                bool own_group = f->group && f->owner && strcmp(f->group, f->owner) == 0;
                uint32_t allowed = bh_hc_rootless(f) ? (own_group ? 0660u : 0700u)
                                                     : 0770u & ~0110u;
                bool other = (f->mode & 0007u) != 0;
                bool extra = (f->mode & ~allowed & 07777u) != 0;
                bool owner_bad = bh_hc_rootless(f) ? f->per_user && f->uid != f->owner_uid
                                                   : f->uid != 0;
                bh_hc_ev(x, f->loc, "%s mode %s owner %s group %s%s", f->path, m,
                         f->owner ? f->owner : "?", f->group ? f->group : "?",
                         f->configured ? " (as configured; not on disk)" : "");
                if (!extra && !owner_bad) {
                        bh_hc_verdict(x, BH_VERDICT_PASS);
                        continue;
                }
                bh_hc_verdict(x, BH_VERDICT_FAIL);
                if (other && (f->mode & 0002u))
                        BH_HC_EMIT(x, BH_SEV_CRITICAL, f->loc,
                                   "%s socket %s is world-writable (mode %s): every local user "
                                   "controls the engine, which is root on the host",
                                   f->engine, f->path, m);
                else if (extra)
                        BH_HC_EMIT_DEF(x, f->loc,
                                       "%s socket %s has mode %s: access beyond %s (allowed bits "
                                       "%04o) gives control of the engine",
                                       f->engine, f->path, m,
                                       bh_hc_rootless(f) ? "its owner" : "root and its group",
                                       (unsigned)allowed);
                if (owner_bad && bh_hc_rootless(f))
                        BH_HC_EMIT_DEF(x, f->loc,
                                       "%s socket %s is owned by uid %u (%s), not by uid %u whose "
                                       "runtime directory holds it: that user controls the "
                                       "engine and every container it runs",
                                       f->engine, f->path, (unsigned)f->uid,
                                       f->owner ? f->owner : "unknown user",
                                       (unsigned)f->owner_uid);
                else if (owner_bad)
                        BH_HC_EMIT_DEF(x, f->loc,
                                       "%s socket %s %s owned by uid %u (%s), not root: that user "
                                       "controls the engine",
                                       f->engine, f->path, f->configured ? "will be" : "is",
                                       (unsigned)f->uid, f->owner ? f->owner : "unknown user");
        }
        if (!any) {
                bh_hc_verdict(x, BH_VERDICT_NA);
                bh_hc_ev(x, (struct bh_loc){0}, "no engine socket found");
        }
}

static void bh_hc_socket_group(const struct bh_doc *doc, struct bh_hc *x)
{
        const struct bh_host *h = bh_hc_host(doc);
        bool any = false;

        if (!h)
                return;
        for (size_t i = 0; i < h->files.n; i++) {
                const struct bh_hostfile *f = &h->files.v[i];

                if (f->kind != BH_HF_SOCKET || !f->stat_ok || bh_hc_rootless(f))
                        continue;
                any = true;
                if (f->gid == 0 || !(f->mode & 0060u)) {
                        bh_hc_verdict(x, BH_VERDICT_PASS);
                        bh_hc_ev(x, f->loc, "%s: no group access", f->path);
                        continue;
                }
                if (!f->group) {
                        bh_hc_verdict(x, BH_VERDICT_UNKNOWN);
                        bh_hc_ev(x, f->loc, "%s: group %u not in /etc/group", f->path,
                                 (unsigned)f->gid);
                        continue;
                }
                bool listed = f->members && *f->members;
                bool primary = f->primary_members && *f->primary_members;
                if (!listed && !primary) {
                        bh_hc_verdict(x, BH_VERDICT_PASS);
                        bh_hc_ev(x, f->group_loc, "group %s of %s has no members", f->group,
                                 f->path);
                        continue;
                }
                /* a user whose primary group it is has access without being
                 * listed in /etc/group */
                char who[512];
                snprintf(who, sizeof(who), "%s%s%s%s%s", listed ? f->members : "",
                         listed && primary ? "; " : "", primary ? "primary group of " : "",
                         primary ? f->primary_members : "", primary ? " in /etc/passwd" : "");
                bh_hc_verdict(x, BH_VERDICT_FAIL);
                bh_hc_ev(x, f->group_loc, "group %s: %s", f->group, who);
                BH_HC_EMIT_DEF(x, f->group_loc,
                               "members of group %s (%s) can use the %s socket %s: that is root "
                               "on the host without a password; keep the group for administrators",
                               f->group, who, f->engine, f->path);
        }
        if (!any) {
                bh_hc_verdict(x, BH_VERDICT_NA);
                bh_hc_ev(x, (struct bh_loc){0}, "no rootful engine socket found");
        }
}

static void bh_hc_config_perms(const struct bh_doc *doc, struct bh_hc *x)
{
        const struct bh_host *h = bh_hc_host(doc);
        bool any = false;

        if (!h)
                return;
        for (size_t i = 0; i < h->files.n; i++) {
                const struct bh_hostfile *f = &h->files.v[i];
                char m[8];
                uint32_t forbidden = f->kind == BH_HF_TLSKEY ? 0077u : 0022u;

                if (f->kind == BH_HF_SOCKET || !f->exists)
                        continue;
                any = true;
                if (!f->stat_ok) {
                        bh_hc_verdict(x, BH_VERDICT_UNKNOWN);
                        bh_hc_ev(x, f->loc, "%s: %s", f->path, f->why ? f->why : "?");
                        continue;
                }
                bh_hc_mode_str(f->mode, m, sizeof(m));
                bh_hc_ev(x, f->loc, "%s mode %s owner %s", f->path, m, f->owner ? f->owner : "?");
                /* a per-user file is that user's: owner-writable only, and a
                 * key readable by its owner only */
                uint32_t want_uid = f->per_user ? f->owner_uid : 0;
                if (!(f->mode & forbidden) && f->uid == want_uid) {
                        bh_hc_verdict(x, BH_VERDICT_PASS);
                        continue;
                }
                bh_hc_verdict(x, BH_VERDICT_FAIL);
                if (f->per_user)
                        BH_HC_EMIT_DEF(x, f->loc,
                                       "%s %s of uid %u has mode %s%s: %s; chmod %s, owned by "
                                       "that user",
                                       f->engine,
                                       f->kind == BH_HF_TLSKEY ? "TLS key" : "configuration",
                                       (unsigned)want_uid, m,
                                       f->uid != want_uid ? " and belongs to another user" : "",
                                       f->kind == BH_HF_TLSKEY
                                               ? "whoever reads it can act as that user's client "
                                                 "of the engine"
                                               : "whoever can write it decides how that user's "
                                                 "containers run",
                                       f->kind == BH_HF_TLSKEY ? "600" : "644");
                else if (f->kind == BH_HF_TLSKEY)
                        BH_HC_EMIT_DEF(x, f->loc,
                                       "the daemon's TLS key %s has mode %s%s: whoever reads it "
                                       "can impersonate the daemon; chmod 400, owned by root",
                                       f->path, m, f->uid ? " and is not owned by root" : "");
                else
                        BH_HC_EMIT_DEF(x, f->loc,
                                       "%s configuration %s has mode %s%s: whoever can write it "
                                       "decides how every container runs (privileged defaults, "
                                       "insecure registries); chmod 644, owned by root",
                                       f->engine, f->path, m,
                                       f->uid ? " and is not owned by root" : "");
        }
        if (!any) {
                bh_hc_verdict(x, BH_VERDICT_NA);
                bh_hc_ev(x, (struct bh_loc){0}, "no engine configuration file found");
        }
}

/* ---- BH6006, BH6010: LSMs and seccomp on the host ---- */

static void bh_hc_lsm(const struct bh_doc *doc, struct bh_hc *x)
{
        const struct bh_host *h = bh_hc_host(doc);

        if (!h)
                return;
        bool aa = h->apparmor_enabled.set && h->apparmor_enabled.s[0] == 'Y';
        bool se = h->selinux_enforce.set && strcmp(h->selinux_enforce.s, "1") == 0;
        bool se_permissive = h->selinux_enforce.set && strcmp(h->selinux_enforce.s, "0") == 0;

        if (h->lsm.set)
                bh_hc_ev(x, h->lsm.loc, "active LSMs: %s", h->lsm.s);
        if (aa || se) {
                bh_hc_verdict(x, BH_VERDICT_PASS);
                bh_hc_ev(x, aa ? h->apparmor_enabled.loc : h->selinux_enforce.loc, "%s",
                         aa ? "AppArmor enabled" : "SELinux enforcing");
                return;
        }
        if (se_permissive) {
                bh_hc_verdict(x, BH_VERDICT_FAIL);
                bh_hc_ev(x, h->selinux_enforce.loc, "SELinux permissive");
                BH_HC_EMIT_DEF(x, h->selinux_enforce.loc,
                               "SELinux is permissive: its policy only logs, so container_t "
                               "processes are not confined; set enforcing");
                return;
        }
        if (!h->lsm.set && !h->apparmor_enabled.set && !h->selinux_enforce.set) {
                bh_hc_verdict(x, BH_VERDICT_UNKNOWN);
                bh_hc_ev(x, h->lsm.loc, "%s", h->lsm.why ? h->lsm.why : "unreadable");
                BH_HC_EMIT(x, BH_SEV_INFO, h->lsm.loc,
                           "unknown: the active Linux Security Modules could not be read (%s: "
                           "%s; is securityfs mounted?)",
                           h->lsm.loc.file ? h->lsm.loc.file : "?", h->lsm.why ? h->lsm.why : "?");
                return;
        }
        bh_hc_verdict(x, BH_VERDICT_FAIL);
        BH_HC_EMIT_DEF(x, h->lsm.set ? h->lsm.loc : h->apparmor_enabled.loc,
                       "neither AppArmor nor SELinux is enforcing on this host (active LSMs: "
                       "%s): the engines' default container profiles are not applied",
                       h->lsm.set ? h->lsm.s : "unknown");
}

static void bh_hc_seccomp(const struct bh_doc *doc, struct bh_hc *x)
{
        const struct bh_host *h = bh_hc_host(doc);

        if (!h)
                return;
        if (!h->seccomp.set) {
                bh_hc_verdict(x, BH_VERDICT_UNKNOWN);
                bh_hc_ev(x, h->seccomp.loc, "%s", h->seccomp.why ? h->seccomp.why : "unreadable");
                BH_HC_EMIT(x, BH_SEV_INFO, h->seccomp.loc,
                           "unknown: seccomp support could not be read (%s)",
                           h->seccomp.why ? h->seccomp.why : "?");
                return;
        }
        if (strcmp(h->seccomp.s, "absent") == 0) {
                bh_hc_verdict(x, BH_VERDICT_FAIL);
                bh_hc_ev(x, h->seccomp.loc, "no Seccomp: line in %s",
                         h->seccomp.loc.file ? h->seccomp.loc.file : "?");
                BH_HC_EMIT_DEF(x, h->seccomp.loc,
                               "the kernel has no seccomp support (no Seccomp: line in the process "
                               "status): every container reaches every system call");
                return;
        }
        bh_hc_verdict(x, BH_VERDICT_PASS);
        bh_hc_ev(x, h->seccomp.loc, "Seccomp: %s", h->seccomp.s);
}

/* ---- registry glue ---- */

typedef void (*bh_hc_fn)(const struct bh_doc *doc, struct bh_hc *x);

static const struct {
        unsigned num;
        bh_hc_fn fn;
        bool host_only;
} bh_hc_table[] = {
        {1004, bh_hc_kernel_cve, true},   {1005, bh_hc_engine_cve, true},
        {2004, bh_hc_tcp_tls, false},     {2005, bh_hc_socket_perms, true},
        {2006, bh_hc_socket_group, true}, {2007, bh_hc_config_perms, true},
        {5011, bh_hc_icc, false},         {5012, bh_hc_userland_proxy, false},
        {6006, bh_hc_lsm, true},          {6007, bh_hc_nnp, false},
        {6008, bh_hc_userns, false},      {6009, bh_hc_selinux, false},
        {6010, bh_hc_seccomp, true},      {7011, bh_hc_insecure_registry, false},
        {2008, bh_hc_authz, false},       {2009, bh_hc_live_restore, false},
        {2010, bh_hc_logging, false},     {6011, bh_hc_runtime, false},
};

static void bh_hc_run(unsigned num, const struct bh_doc *doc, struct bh_emit *e)
{
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_hc_table); i++) {
                if (bh_hc_table[i].num != num)
                        continue;
                if (bh_hc_table[i].host_only ? doc->surface != BH_SURFACE_HOST
                                             : doc->surface != BH_SURFACE_HOST &&
                                                       doc->surface != BH_SURFACE_ENGINECONF)
                        return;
                struct bh_hc x = {.e = e, .verdict = BH_VERDICT_NA};
                bh_hc_table[i].fn(doc, &x);
                return;
        }
}

#define BH_HC_CHECK(name, num)                                                          \
        void name(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e) \
        {                                                                               \
                (void)r;                                                                \
                bh_hc_run(num, doc, e);                                                 \
        }

BH_HC_CHECK(bh_check_kernel_cve, 1004)
BH_HC_CHECK(bh_check_engine_cve, 1005)
BH_HC_CHECK(bh_check_daemon_tcp_tls, 2004)
BH_HC_CHECK(bh_check_socket_perms, 2005)
BH_HC_CHECK(bh_check_socket_group, 2006)
BH_HC_CHECK(bh_check_config_perms, 2007)
BH_HC_CHECK(bh_check_daemon_icc, 5011)
BH_HC_CHECK(bh_check_daemon_userland_proxy, 5012)
BH_HC_CHECK(bh_check_host_lsm, 6006)
BH_HC_CHECK(bh_check_daemon_nnp, 6007)
BH_HC_CHECK(bh_check_daemon_userns, 6008)
BH_HC_CHECK(bh_check_daemon_selinux, 6009)
BH_HC_CHECK(bh_check_host_seccomp, 6010)
BH_HC_CHECK(bh_check_insecure_registry, 7011)
BH_HC_CHECK(bh_check_daemon_authz, 2008)
BH_HC_CHECK(bh_check_daemon_live_restore, 2009)
BH_HC_CHECK(bh_check_daemon_remote_log, 2010)
BH_HC_CHECK(bh_check_daemon_runtime, 6011)

void bh_rules_host_verdicts(const struct bh_doc *doc, const bool *enabled,
                            struct bh_host_verdicts *out)
{
        size_t n;
        const struct bh_rule *tab = bh_rules_table(&n);

        for (size_t i = 0; i < n; i++) {
                if (tab[i].subject != BH_SUBJ_HOST && tab[i].subject != BH_SUBJ_DAEMON)
                        continue;
                if (enabled && !enabled[i])
                        continue;
                for (size_t k = 0; k < BH_ELEMENTSOF(bh_hc_table); k++) {
                        if (bh_hc_table[k].num != tab[i].num)
                                continue;
                        struct bh_hc x = {.e = NULL, .verdict = BH_VERDICT_NA};
                        bh_hc_table[k].fn(doc, &x);
                        if (x.verdict == BH_VERDICT_NA && x.evlen == 0)
                                snprintf(x.ev, sizeof(x.ev), "no engine configuration found");
                        struct bh_host_verdict *v = BH_VEC_NEW(&out->v);
                        v->rule = &tab[i];
                        v->verdict = x.verdict;
                        v->evidence = bh_xstrdup(x.ev);
                        v->loc = x.loc;
                        v->path = x.has_loc && x.loc.file ? bh_xstrdup(x.loc.file)
                                  : x.has_loc             ? bh_xstrdup(doc->path)
                                                          : NULL;
                }
        }
}

void bh_host_verdicts_release(struct bh_host_verdicts *v)
{
        for (size_t i = 0; i < v->v.n; i++) {
                free(v->v.v[i].evidence);
                free(v->v.v[i].path);
        }
        free(v->v.v);
        memset(v, 0, sizeof(*v));
}
