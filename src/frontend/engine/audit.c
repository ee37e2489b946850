/* The engine audit: list, inspect, image config, libpod inspect (Podman),
 * /info, /version, /networks, then /proc ground truth for running
 * containers.  Requests are GET only (http.c); answers are bounded there
 * and parsed with a depth limit here. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "audit.h"
#include "engine.h"

#include "../../util/bh-banned.h"

/* GET path and parse it: the JSON, or NULL with *why (arena string) saying
 * what went wrong (transport, HTTP status with the engine's message, JSON). */
static json_t *bh_audit_get(struct bh_engine_conn *c, struct bh_arena *a, const char *path,
                            const char **why)
{
        bh_autoptr(bh_error) err = NULL;
        bh_autofree char *body = NULL;
        size_t len = 0;
        long status = 0;
        char msg[256];
        json_t *j;

        if (bh_engine_get_buf(c, path, &body, &len, &status, &err) < 0) {
                *why = bh_arena_strdup(a, err->msg);
                return NULL;
        }
        j = bh_engine_json_parse(body, len, msg, sizeof(msg));
        if (status != 200) {
                const char *m =
                        json_is_object(j) ? json_string_value(json_object_get(j, "message")) : NULL;
                *why = bh_arena_printf(a, "GET %s: HTTP %ld%s%s", path, status, m ? ": " : "",
                                       m ? m : "");
                json_decref(j);
                return NULL;
        }
        if (!j)
                *why = bh_arena_printf(a, "GET %s: %s", path, msg);
        return j;
}

static struct bh_doc *bh_audit_doc(struct bh_engine_audit *au, const char *path,
                                   enum bh_surface surface)
{
        struct bh_doc *d = bh_xcalloc(1, sizeof(*d));

        bh_doc_init(d, path, surface, NULL, 0);
        BH_VEC_PUSH(&au->docs, d);
        return d;
}

/* A name usable as a path component: no '/', no control characters. */
static char *bh_audit_name(const char *kind, const char *name)
{
        char *p = bh_xasprintf("%s/%s", kind, name);

        for (char *q = p + strlen(kind) + 1; *q; q++)
                if (*q == '/' || (unsigned char)*q < 0x20 || *q == 0x7f)
                        *q = '_';
        return p;
}

static bool bh_read_small(const char *path, char *buf, size_t cap, size_t *ret_len, int *ret_errno)
{
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        size_t n = 0;
        ssize_t r;

        if (fd < 0) {
                *ret_errno = errno;
                return false;
        }
        while (n + 1 < cap && (r = read(fd, buf + n, cap - 1 - n)) > 0)
                n += (size_t)r;
        *ret_errno = errno;
        close(fd);
        buf[n] = '\0';
        *ret_len = n;
        return n > 0;
}

void bh_engine_proc_read(struct bh_arena *a, struct bh_proc_state *p, bool same_host,
                         const char *why_not)
{
        char path[64], buf[8192];
        size_t len;
        int e;
        uint64_t last;

        if (!same_host) {
                p->why = why_not;
                return;
        }
        snprintf(path, sizeof(path), "/proc/%u/status", (unsigned)p->pid);
        if (!bh_read_small(path, buf, sizeof(buf), &len, &e)) {
                p->why = bh_arena_printf(a, "%s could not be read: %s", path, strerror(e));
                return;
        }
        if (!bh_engine_proc_parse(buf, len, p)) {
                p->why = bh_arena_printf(a, "%s has no CapEff line", path);
                return;
        }
        p->cap_mask = (UINT64_C(1) << BH_CAP_COUNT) - 1;
        if (bh_read_small("/proc/sys/kernel/cap_last_cap", buf, sizeof(buf), &len, &e)) {
                buf[strcspn(buf, "\n")] = '\0';
                if (bh_parse_u64(buf, 0, 62, &last) == 0)
                        p->cap_mask = (UINT64_C(2) << last) - 1;
        }
        p->checked = true;
}

/* Is the engine on this host?  Its socket is local and /info's Name is our
 * host name (a socket forwarded from elsewhere, or bulkhead in a container
 * of its own, shows another name). */
static bool bh_audit_same_host(struct bh_engine_conn *c, struct bh_arena *a, json_t *info,
                               const char **why)
{
        char host[256] = "";
        const char *name = json_string_value(json_object_get(info, "Name"));

        if (!bh_engine_conn_is_unix(c)) {
                *why = "the engine is reached over TCP: its processes are on another host";
                return false;
        }
        if (!name) {
                *why = "the engine's host name is unknown (/info could not be read)";
                return false;
        }
        if (gethostname(host, sizeof(host) - 1) != 0 || strcmp(host, name) != 0) {
                *why = bh_arena_printf(a,
                                       "the engine runs on host \"%s\", bulkhead on \"%s\": its "
                                       "process IDs are not ours to read",
                                       name, host);
                return false;
        }
        return true;
}

static void bh_audit_container(struct bh_engine_conn *c, struct bh_engine_audit *au,
                               const struct bh_engine_ctx *x, const char *id, const char *name,
                               bool same_host, const char *why_not)
{
        bh_autofree char *dpath = bh_audit_name("container", name);
        bh_autofree char *p = NULL;
        struct bh_doc *d = bh_audit_doc(au, dpath, BH_SURFACE_ENGINE);
        const char *why = NULL;
        json_t *ins, *img = NULL, *lp = NULL;
        struct bh_container *ct;

        p = bh_xasprintf("/containers/%s/json", id);
        ins = bh_audit_get(c, &d->arena, p, &why);
        if (!ins) {
                bh_doc_add_diag(d, 9010, (struct bh_loc){0},
                                "container %s could not be inspected: %s", name, why);
                return;
        }
        /* the image's user matters only when the container sets none */
        const char *user =
                json_string_value(json_object_get(json_object_get(ins, "Config"), "User"));
        const char *image = json_string_value(json_object_get(ins, "Image"));
        if ((!user || !*user) && image && !strchr(image, '/')) {
                free(p);
                p = bh_xasprintf("/images/%s/json", image);
                img = bh_audit_get(c, &d->arena, p, &why);
        }
        if (x->kind == BH_ENGINE_PODMAN && bh_engine_conn_libpod(c)) {
                free(p);
                p = bh_xasprintf("/libpod/containers/%s/json", id);
                lp = bh_audit_get(c, &d->arena, p, &why);
        }
        ct = bh_engine_map_container(d, x, ins, img, lp);
        if (ct && ct->proc) {
                au->nrunning++;
                bh_engine_proc_read(&d->arena, ct->proc, same_host, why_not);
                if (ct->proc->checked)
                        au->nverified++;
        }
        json_decref(ins);
        json_decref(img);
        json_decref(lp);
}

int bh_engine_audit_run(struct bh_engine_conn *c, const struct bh_engine_audit_opts *o,
                        struct bh_engine_audit *au, struct bh_error **err)
{
        struct bh_doc *ed = bh_audit_doc(au, "engine", BH_SURFACE_HOST);
        struct bh_host *h = bh_arena_alloc(&ed->arena, sizeof(*h));
        struct bh_engine_ctx x = {.kind = bh_engine_conn_kind(c)};
        const char *why = NULL, *why_not = NULL;
        json_t *list, *info, *ver, *nets, *e;
        bool same_host;
        size_t i;

        ed->surface_model = h;
        h->root = bh_engine_conn_display(c);
        list = bh_audit_get(c, &ed->arena,
                            o->running_only ? "/containers/json" : "/containers/json?all=1", &why);
        if (!list || !json_is_array(list)) {
                json_decref(list);
                return bh_error_set(err, BH_EIO, "%s: %s", bh_engine_conn_display(c),
                                    why ? why : "the container list is not a JSON array");
        }
        info = bh_audit_get(c, &ed->arena, "/info", &why);
        if (!info)
                bh_doc_add_diag(ed, 9010, (struct bh_loc){0}, "engine information: %s", why);
        ver = bh_audit_get(c, &ed->arena, "/version", &why);
        if (!ver)
                bh_doc_add_diag(ed, 9010, (struct bh_loc){0}, "engine version: %s", why);
        nets = bh_audit_get(c, &ed->arena, "/networks", &why);
        if (!nets || !json_is_array(nets))
                bh_doc_add_diag(ed, 9010, (struct bh_loc){0}, "engine networks: %s",
                                nets ? "not a JSON array" : why);
        bh_engine_map_engine(ed, h, x.kind, info, ver, json_is_array(nets) ? nets : NULL);
        x.daemon_nnp = h->docker.no_new_privileges.set && h->docker.no_new_privileges.b;
        same_host = bh_audit_same_host(c, &ed->arena, info, &why_not);

        if (json_array_size(list) > BH_LIMIT_ENGINE_CONTAINERS)
                bh_doc_add_diag(ed, 9003, (struct bh_loc){0},
                                "the engine has %zu containers: only the first %u were audited "
                                "(BH_LIMIT_ENGINE_CONTAINERS)",
                                json_array_size(list), BH_LIMIT_ENGINE_CONTAINERS);
        json_array_foreach(list, i, e)
        {
                const char *id = json_string_value(json_object_get(e, "Id"));
                const char *name =
                        json_string_value(json_array_get(json_object_get(e, "Names"), 0));

                if (i >= BH_LIMIT_ENGINE_CONTAINERS)
                        break;
                if (!id || !*id || strpbrk(id, "/?#% ")) {
                        bh_doc_add_diag(ed, 9010, (struct bh_loc){0},
                                        "container list entry %zu has no usable Id", i);
                        continue;
                }
                if (name && name[0] == '/')
                        name++;
                au->ncontainers++;
                bh_audit_container(c, au, &x, id, name && *name ? name : id, same_host, why_not);
        }
        json_array_foreach(json_is_array(nets) ? nets : NULL, i, e)
        {
                const char *name = json_string_value(json_object_get(e, "Name"));
                bh_autofree char *np = NULL;

                if (!name || i >= BH_LIMIT_ENGINE_CONTAINERS)
                        continue;
                np = bh_audit_name("network", name);
                bh_engine_map_network(bh_audit_doc(au, np, BH_SURFACE_ENGINE), e);
        }
        if (au->nrunning > au->nverified)
                BH_VEC_PUSH(&au->notes,
                            bh_xasprintf("%zu running container%s not checked against /proc: %s",
                                         au->nrunning - au->nverified,
                                         au->nrunning - au->nverified == 1 ? "" : "s",
                                         why_not ? why_not : "see BH4110"));
        json_decref(list);
        json_decref(info);
        json_decref(ver);
        json_decref(nets);
        return 0;
}

void bh_engine_audit_release(struct bh_engine_audit *a)
{
        for (size_t i = 0; i < a->docs.n; i++) {
                bh_doc_release(a->docs.v[i]);
                free(a->docs.v[i]);
        }
        free(a->docs.v);
        for (size_t i = 0; i < a->notes.n; i++)
                free(a->notes.v[i]);
        free(a->notes.v);
        memset(a, 0, sizeof(*a));
}
