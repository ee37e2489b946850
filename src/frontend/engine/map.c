/* Engine API answers -> the model.  Field paths follow moby's swagger
 * (ContainerInspectResponse, HostConfig, MountPoint, SystemInfo) and
 * Podman's compat handlers, which return the same shapes with its own
 * values (CapAdd/CapDrop relative to its default set, "private" namespace
 * modes, MaskedPaths null).  Every value is located at its line of a
 * summary built here (doc->text), so findings show "HostConfig.Privileged:
 * true" as their source line. */
#include <stdarg.h>
#include <stdio.h>

#include "../../util/buf.h"
#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "../frontend.h"
#include "engine-int.h"

#include "../../util/bh-banned.h"

void bh_esum_init(struct bh_esum *s, struct bh_doc *doc)
{
        bh_buf_init(&s->b, BH_LIMIT_ENGINE_RESPONSE);
        s->line = 0;
        s->doc = doc;
}

void bh_esum_finish(struct bh_esum *s)
{
        s->doc->text = bh_arena_strndup(&s->doc->arena, s->b.buf, s->b.len);
        s->doc->text_len = s->b.len;
        bh_buf_release(&s->b);
}

/* Append "key: value" (value printable, bounded) and return its location. */
struct bh_loc bh_esum_add(struct bh_esum *s, const char *key, const char *fmt, ...)
{
        char val[BH_ESUM_VALUE + 4];
        va_list ap;
        size_t n;

        va_start(ap, fmt);
        n = bh_vformat(val, sizeof(val), fmt, ap);
        va_end(ap);
        if (n >= sizeof(val))
                memcpy(val + sizeof(val) - 4, "...", 4);
        for (char *p = val; *p; p++)
                if ((unsigned char)*p < 0x20 || *p == 0x7f)
                        *p = ' ';
        s->line++;
        bh_buf_addf(&s->b, "%s: %s\n", key, val);
        return (struct bh_loc){.line = s->line, .col = 1};
}

/* ---- JSON helpers ---- */

json_t *bh_j(json_t *o, const char *key)
{
        return json_is_object(o) ? json_object_get(o, key) : NULL;
}

const char *bh_js(json_t *o, const char *key)
{
        json_t *v = bh_j(o, key);
        return json_is_string(v) ? json_string_value(v) : NULL;
}

bool bh_jtrue(json_t *o, const char *key)
{
        return json_is_true(bh_j(o, key));
}

json_int_t bh_jint(json_t *o, const char *key)
{
        json_t *v = bh_j(o, key);
        return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* Nesting depth without recursion: brackets outside strings. */
static bool bh_json_depth_ok(const char *p, size_t n)
{
        unsigned depth = 0;
        bool str = false;

        for (size_t i = 0; i < n; i++) {
                char ch = p[i];
                if (str) {
                        if (ch == '\\')
                                i++;
                        else if (ch == '"')
                                str = false;
                } else if (ch == '"') {
                        str = true;
                } else if (ch == '[' || ch == '{') {
                        if (++depth > BH_LIMIT_ENGINE_JSON_DEPTH)
                                return false;
                } else if ((ch == ']' || ch == '}') && depth) {
                        depth--;
                }
        }
        return true;
}

json_t *bh_engine_json_parse(const char *buf, size_t len, char *msg, size_t cap)
{
        json_error_t je;
        json_t *j;

        if (!bh_json_depth_ok(buf, len)) {
                snprintf(msg, cap, "JSON nested deeper than %u levels (BH_LIMIT_ENGINE_JSON_DEPTH)",
                         BH_LIMIT_ENGINE_JSON_DEPTH);
                return NULL;
        }
        j = json_loadb(buf, len, 0, &je);
        if (!j)
                snprintf(msg, cap, "not JSON (line %d, column %d: %s)", je.line, je.column,
                         je.text);
        return j;
}

/* ---- capabilities ---- */

/* Docker's default set (moby daemon/pkg/oci/caps/defaults.go). */
static const char *const bh_docker_default_caps[] = {
        "CHOWN",   "DAC_OVERRIDE", "FSETID",           "FOWNER",
        "MKNOD",   "NET_RAW",      "SETGID",           "SETUID",
        "SETFCAP", "SETPCAP",      "NET_BIND_SERVICE", "SYS_CHROOT",
        "KILL",    "AUDIT_WRITE",
};

static uint64_t bh_cap_mask_all(void)
{
        return (UINT64_C(1) << BH_CAP_COUNT) - 1;
}

static uint64_t bh_cap_set_bit(uint64_t m, const char *name, bool *ret_all)
{
        int b;

        if (strcmp(name, "ALL") == 0) {
                *ret_all = true;
                return m;
        }
        b = bh_cap_bit(name);
        return b >= 0 ? m | (UINT64_C(1) << b) : m;
}

/* Append every entry of a JSON array of capability names to v. */
static void bh_map_caps(struct bh_doc *doc, struct bh_esum *s, json_t *arr, const char *key,
                        bool add, struct bh_container *c)
{
        size_t i;
        json_t *e;

        if (!json_is_array(arr))
                return;
        json_array_foreach(arr, i, e)
        {
                const char *raw = json_string_value(e);
                char k[64];
                struct bh_cap cap;

                if (!raw || i >= 128)
                        continue;
                snprintf(k, sizeof(k), "%s[%zu]", key, i);
                cap.raw = bh_arena_strdup(&doc->arena, raw);
                cap.name = bh_cap_normalize(&doc->arena, raw);
                cap.loc = bh_esum_add(s, k, "%s", raw);
                if (add)
                        BH_VEC_PUSH(&c->cap_add, cap);
                else
                        BH_VEC_PUSH(&c->cap_drop, cap);
        }
}

/* Podman reports CapAdd/CapDrop relative to its containers.conf default
 * set, so "--cap-drop ALL" never appears as ALL.  Its libpod inspect has
 * the effective set: when that set holds no default capability beyond
 * NET_BIND_SERVICE, the container is modelled as what it is equivalent to,
 * drop ALL plus an add of each effective capability. */
static bool bh_podman_effective(struct bh_doc *doc, struct bh_esum *s, json_t *libpod,
                                struct bh_container *c, uint64_t *ret_caps)
{
        json_t *eff = bh_j(libpod, "EffectiveCaps");
        uint64_t m = 0;
        bool all = false, keeps_default = false;
        size_t i;
        json_t *e;
        struct bh_loc loc;
        char list[512] = "";
        size_t ll = 0;

        /* an empty set is null (Go's nil slice); an absent key is an older Podman */
        if (!json_is_array(eff) && !json_is_null(eff))
                return false;
        json_array_foreach(eff, i, e)
        {
                const char *n = json_string_value(e);
                if (!n)
                        continue;
                const char *norm = bh_cap_normalize(&doc->arena, n);
                m = bh_cap_set_bit(m, norm, &all);
                int w = snprintf(list + ll, sizeof(list) - ll, "%s%s", ll ? "," : "", norm);
                if (w > 0 && ll + (size_t)w < sizeof(list))
                        ll += (size_t)w;
                for (size_t d = 0; d < BH_ELEMENTSOF(bh_docker_default_caps); d++)
                        if (strcmp(norm, bh_docker_default_caps[d]) == 0 &&
                            strcmp(norm, "NET_BIND_SERVICE") != 0)
                                keeps_default = true;
        }
        *ret_caps = m;
        loc = bh_esum_add(s, "EffectiveCaps (libpod)", "%s", ll ? list : "(none)");
        if (keeps_default)
                return false;
        c->cap_drop.n = 0;
        c->cap_add.n = 0;
        BH_VEC_PUSH(&c->cap_drop,
                    ((struct bh_cap){.name = "ALL", .raw = "(effective set)", .loc = loc}));
        for (unsigned b = 0; b < BH_CAP_COUNT; b++)
                if (m & (UINT64_C(1) << b))
                        BH_VEC_PUSH(&c->cap_add, ((struct bh_cap){.name = bh_cap_name(b),
                                                                  .raw = bh_cap_name(b),
                                                                  .loc = loc}));
        return true;
}

/* Docker: the default set minus CapDrop plus CapAdd (ALL in either). */
static uint64_t bh_docker_caps(const struct bh_container *c)
{
        uint64_t m = 0;
        bool all = false, drop_all = false;

        for (size_t i = 0; i < BH_ELEMENTSOF(bh_docker_default_caps); i++)
                m = bh_cap_set_bit(m, bh_docker_default_caps[i], &all);
        for (size_t i = 0; i < c->cap_drop.n; i++) {
                bool a = false;
                uint64_t one = bh_cap_set_bit(0, c->cap_drop.v[i].name, &a);
                if (a)
                        drop_all = true;
                m &= ~one;
        }
        if (drop_all)
                m = 0;
        for (size_t i = 0; i < c->cap_add.n; i++)
                m = bh_cap_set_bit(m, c->cap_add.v[i].name, &all);
        return all ? bh_cap_mask_all() : m;
}

/* ---- the container ---- */

static struct bh_value bh_val(struct bh_doc *doc, const char *s, struct bh_loc loc)
{
        return (struct bh_value){
                .s = bh_arena_strdup(&doc->arena, s), .set = true, .known = true, .loc = loc};
}

/* A namespace mode: only non-empty values are settings. */
static void bh_map_ns(struct bh_doc *doc, struct bh_esum *s, json_t *hc, const char *key,
                      struct bh_value *v)
{
        const char *m = bh_js(hc, key);
        char k[80];

        if (!m || !*m)
                return;
        snprintf(k, sizeof(k), "HostConfig.%s", key);
        *v = bh_val(doc, m, bh_esum_add(s, k, "%s", m));
}

static void bh_map_mounts(struct bh_doc *doc, struct bh_esum *s, json_t *mounts,
                          struct bh_container *c)
{
        size_t i;
        json_t *m;

        if (!json_is_array(mounts))
                return;
        json_array_foreach(mounts, i, m)
        {
                const char *type = bh_js(m, "Type"), *src = bh_js(m, "Source");
                const char *dst = bh_js(m, "Destination"), *name = bh_js(m, "Name");
                bool rw = bh_jtrue(m, "RW");
                struct bh_mount *mt;
                char k[80];

                if (!type || !dst)
                        continue;
                snprintf(k, sizeof(k), "Mounts[%zu]", i);
                mt = BH_VEC_NEW(&c->mounts);
                mt->loc = bh_esum_add(s, k, "%s %s -> %s (%s)", type,
                                      src && *src ? src
                                      : name      ? name
                                                  : "",
                                      dst, rw ? "rw" : "ro");
                mt->target = bh_arena_strdup(&doc->arena, dst);
                mt->target_known = true;
                mt->read_only = rw ? BH_FALSE : BH_TRUE;
                if (strcmp(type, "bind") == 0) {
                        mt->kind = BH_MOUNT_BIND;
                        mt->source = src ? bh_arena_strdup(&doc->arena, src) : NULL;
                } else if (strcmp(type, "volume") == 0) {
                        mt->kind = BH_MOUNT_VOLUME;
                        mt->source = name ? bh_arena_strdup(&doc->arena, name) : NULL;
                } else if (strcmp(type, "tmpfs") == 0) {
                        mt->kind = BH_MOUNT_TMPFS;
                } else {
                        mt->kind = BH_MOUNT_UNKNOWN;
                        mt->source = src ? bh_arena_strdup(&doc->arena, src) : NULL;
                }
                mt->source_known = mt->source != NULL;
        }
}

static void bh_map_ports(struct bh_doc *doc, struct bh_esum *s, json_t *pb, struct bh_container *c)
{
        const char *key;
        json_t *arr;

        if (!json_is_object(pb))
                return;
        json_object_foreach(pb, key, arr)
        {
                unsigned long port = 0;
                char proto[8] = "tcp";
                size_t i;
                json_t *b;

                if (sscanf(key, "%lu/%7s", &port, proto) < 1 || port > 65535)
                        continue;
                if (!json_is_array(arr))
                        continue;
                json_array_foreach(arr, i, b)
                {
                        const char *ip = bh_js(b, "HostIp"), *hp = bh_js(b, "HostPort");
                        struct bh_port *p = BH_VEC_NEW(&c->ports);
                        char k[64];

                        snprintf(k, sizeof(k), "HostConfig.PortBindings[%s][%zu]", key, i);
                        p->loc = bh_esum_add(s, k, "%s:%s", ip && *ip ? ip : "(all)", hp ? hp : "");
                        p->container_port = p->container_port_end = (uint32_t)port;
                        p->proto = bh_arena_strdup(&doc->arena, proto);
                        p->known = port != 0;
                        p->published = true;
                        p->host_ip = ip && *ip ? bh_arena_strdup(&doc->arena, ip) : NULL;
                }
        }
}

static void bh_map_devices(struct bh_doc *doc, struct bh_esum *s, json_t *hc,
                           struct bh_container *c)
{
        size_t i;
        json_t *d;

        json_array_foreach(bh_j(hc, "Devices"), i, d)
        {
                const char *h = bh_js(d, "PathOnHost"), *in = bh_js(d, "PathInContainer");
                const char *perm = bh_js(d, "CgroupPermissions");
                struct bh_device *dv;
                char k[80];

                if (!h)
                        continue;
                snprintf(k, sizeof(k), "HostConfig.Devices[%zu]", i);
                dv = BH_VEC_NEW(&c->devices);
                dv->loc = bh_esum_add(s, k, "%s -> %s (%s)", h, in ? in : h, perm ? perm : "");
                dv->host_path = bh_arena_strdup(&doc->arena, h);
                dv->container_path = in ? bh_arena_strdup(&doc->arena, in) : NULL;
                dv->perms = perm ? bh_arena_strdup(&doc->arena, perm) : NULL;
        }
        json_array_foreach(bh_j(hc, "DeviceCgroupRules"), i, d)
        {
                char k[80];
                if (!json_is_string(d))
                        continue;
                snprintf(k, sizeof(k), "HostConfig.DeviceCgroupRules[%zu]", i);
                BH_VEC_PUSH(&c->device_cgroup_rules,
                            bh_val(doc, json_string_value(d),
                                   bh_esum_add(s, k, "%s", json_string_value(d))));
        }
}

static void bh_map_env(struct bh_doc *doc, struct bh_esum *s, json_t *env, struct bh_container *c)
{
        size_t i;
        json_t *e;

        json_array_foreach(env, i, e)
        {
                const char *kv = json_string_value(e), *eq;
                struct bh_env *v;
                char k[80];

                if (!kv || !(eq = strchr(kv, '=')) || eq == kv)
                        continue;
                snprintf(k, sizeof(k), "Config.Env[%zu]", i);
                v = BH_VEC_NEW(&c->env);
                v->name = bh_arena_strndup(&doc->arena, kv, (size_t)(eq - kv));
                v->value = bh_arena_strdup(&doc->arena, eq + 1);
                v->value_known = true;
                /* the value may be a secret: the summary shows the name only */
                v->loc = bh_esum_add(s, k, "%s=(%zu bytes)", v->name, strlen(eq + 1));
        }
}

/* The user: Config.User, else the image's (the engine merged it at create;
 * Podman keeps it empty), else root, which is what the engine runs. */
static void bh_map_user(struct bh_doc *doc, struct bh_esum *s, json_t *cfg, json_t *image,
                        struct bh_container *c)
{
        const char *u = bh_js(cfg, "User");
        const char *iu = bh_js(bh_j(image, "Config"), "User");

        if (u && *u) {
                c->user = bh_val(doc, u, bh_esum_add(s, "Config.User", "%s", u));
        } else if (image && iu && *iu) {
                c->user = bh_val(
                        doc, iu,
                        bh_esum_add(s, "Config.User", "(empty; the image's user is %s)", iu));
        } else if (image) {
                c->user = bh_val(doc, "root",
                                 bh_esum_add(s, "Config.User",
                                             "(empty, and the image sets none: uid 0, root)"));
        } else {
                bh_esum_add(s, "Config.User", "(empty; the image's user could not be read)");
        }
}

static void bh_map_resources(struct bh_doc *doc, struct bh_esum *s, json_t *hc,
                             struct bh_container *c)
{
        json_int_t mem = bh_jint(hc, "Memory"), nano = bh_jint(hc, "NanoCpus");
        json_int_t quota = bh_jint(hc, "CpuQuota"), pids = bh_jint(hc, "PidsLimit");
        char v[32];

        if (mem > 0) {
                snprintf(v, sizeof(v), "%lld", (long long)mem);
                c->mem_limit = bh_val(doc, v, bh_esum_add(s, "HostConfig.Memory", "%s", v));
        }
        if (nano > 0 || quota > 0) {
                snprintf(v, sizeof(v), "%lld", (long long)(nano > 0 ? nano : quota));
                c->cpu_limit = bh_val(
                        doc, v,
                        bh_esum_add(s, nano > 0 ? "HostConfig.NanoCpus" : "HostConfig.CpuQuota",
                                    "%s", v));
        }
        if (pids > 0) {
                snprintf(v, sizeof(v), "%lld", (long long)pids);
                c->pids_limit = bh_val(doc, v, bh_esum_add(s, "HostConfig.PidsLimit", "%s", v));
        }
}

static void bh_map_proc_claims(struct bh_doc *doc, const struct bh_engine_ctx *x, json_t *state,
                               struct bh_esum *s, struct bh_container *c, bool caps_known,
                               uint64_t caps)
{
        json_int_t pid = bh_jint(state, "Pid");
        struct bh_proc_state *p;

        if (!bh_jtrue(state, "Running") || pid <= 0 || pid > 0x7fffffff)
                return;
        p = bh_arena_alloc(&doc->arena, sizeof(*p));
        p->pid = (uint32_t)pid;
        p->loc = bh_esum_add(s, "State.Pid", "%lld", (long long)pid);
        p->api_caps = caps;
        p->api_caps_known = caps_known;
        p->api_no_new_privs = c->no_new_privileges == BH_TRUE ||
                              (x->daemon_nnp && c->no_new_privileges != BH_FALSE);
        p->api_seccomp = !(c->privileged == BH_TRUE ||
                           bh_str_eq_ci(c->seccomp.s ? c->seccomp.s : "", "unconfined"));
        p->no_new_privs = -1;
        p->seccomp = -1;
        c->proc = p;
}

struct bh_container *bh_engine_map_container(struct bh_doc *doc, const struct bh_engine_ctx *x,
                                             json_t *inspect, json_t *image, json_t *libpod)
{
        struct bh_esum s;
        struct bh_container *c;
        json_t *hc = bh_j(inspect, "HostConfig"), *cfg = bh_j(inspect, "Config"), *arr;
        const char *id = bh_js(inspect, "Id"), *name = bh_js(inspect, "Name"), *v;
        uint64_t caps = 0;
        bool caps_known = false;
        size_t i;
        json_t *e;

        if (!json_is_object(inspect) || !id || !json_is_object(hc)) {
                bh_doc_add_diag(doc, 9010, (struct bh_loc){0},
                                "the container inspect answer has no Id or HostConfig: the "
                                "container could not be audited");
                return NULL;
        }
        bh_esum_init(&s, doc);
        c = bh_doc_add_container(doc, BH_ORIGIN_LIVE);
        c->loc = c->owner_loc = bh_esum_add(&s, "Id", "%s", id);
        if (name && name[0] == '/')
                name++;
        c->name = bh_arena_strdup(&doc->arena, name && *name ? name : id);
        bh_esum_add(&s, "Name", "%s", c->name);
        v = bh_js(cfg, "Image");
        if (v && *v)
                c->image = bh_val(doc, v, bh_esum_add(&s, "Config.Image", "%s", v));
        v = bh_js(bh_j(inspect, "State"), "Status");
        bh_esum_add(&s, "State.Status", "%s", v ? v : "?");
        bh_map_user(doc, &s, cfg, image, c);

        if (json_is_boolean(bh_j(hc, "Privileged"))) {
                bool pv = bh_jtrue(hc, "Privileged");
                c->privileged = pv ? BH_TRUE : BH_FALSE;
                c->privileged_loc =
                        bh_esum_add(&s, "HostConfig.Privileged", "%s", pv ? "true" : "false");
        }
        bh_map_caps(doc, &s, bh_j(hc, "CapAdd"), "HostConfig.CapAdd", true, c);
        bh_map_caps(doc, &s, bh_j(hc, "CapDrop"), "HostConfig.CapDrop", false, c);
        if (x->kind == BH_ENGINE_PODMAN && libpod) {
                json_t *eff = bh_j(libpod, "EffectiveCaps");
                bh_podman_effective(doc, &s, libpod, c, &caps);
                caps_known = json_is_array(eff) || json_is_null(eff);
        } else if (x->kind == BH_ENGINE_DOCKER) {
                caps = bh_docker_caps(c);
                caps_known = true;
        }
        if (c->privileged == BH_TRUE)
                caps = bh_cap_mask_all(), caps_known = true;

        json_array_foreach(bh_j(hc, "SecurityOpt"), i, e)
        {
                char k[80];
                const char *o = json_string_value(e);
                if (!o || i >= 256)
                        continue;
                snprintf(k, sizeof(k), "HostConfig.SecurityOpt[%zu]", i);
                bh_secopt_apply(doc, c, o, bh_esum_add(&s, k, "%s", o));
        }
        v = bh_js(inspect, "AppArmorProfile");
        if (v && *v) {
                struct bh_loc l = bh_esum_add(&s, "AppArmorProfile", "%s", v);
                if (!c->apparmor.set)
                        c->apparmor = bh_val(doc, v, l);
        }
        v = bh_js(inspect, "ProcessLabel");
        if (v && *v) {
                struct bh_loc l = bh_esum_add(&s, "ProcessLabel", "%s", v);
                /* user:role:type:level */
                const char *t = strchr(v, ':');
                t = t ? strchr(t + 1, ':') : NULL;
                if (t && !c->selinux_type.set) {
                        const char *end = strchr(t + 1, ':');
                        c->selinux_type = (struct bh_value){
                                .s = bh_arena_strndup(&doc->arena, t + 1,
                                                      end ? (size_t)(end - t - 1) : strlen(t + 1)),
                                .set = true,
                                .known = true,
                                .loc = l};
                }
        }
        bh_map_ns(doc, &s, hc, "NetworkMode", &c->network_mode);
        bh_map_ns(doc, &s, hc, "PidMode", &c->pid_mode);
        bh_map_ns(doc, &s, hc, "IpcMode", &c->ipc_mode);
        bh_map_ns(doc, &s, hc, "UTSMode", &c->uts_mode);
        bh_map_ns(doc, &s, hc, "UsernsMode", &c->userns_mode);
        bh_map_ns(doc, &s, hc, "CgroupnsMode", &c->cgroupns_mode);
        if (json_is_boolean(bh_j(hc, "ReadonlyRootfs"))) {
                bool ro = bh_jtrue(hc, "ReadonlyRootfs");
                c->read_only_rootfs = ro ? BH_TRUE : BH_FALSE;
                c->read_only_rootfs_loc =
                        bh_esum_add(&s, "HostConfig.ReadonlyRootfs", "%s", ro ? "true" : "false");
        }
        /* an empty array (not null) is systempaths=unconfined: nothing masked */
        arr = bh_j(hc, "MaskedPaths");
        if (json_is_array(arr) && json_array_size(arr) == 0 && c->privileged != BH_TRUE) {
                c->systempaths_unconfined = BH_TRUE;
                c->systempaths_loc =
                        bh_esum_add(&s, "HostConfig.MaskedPaths", "[] (nothing masked)");
        }
        bh_map_resources(doc, &s, hc, c);
        bh_map_devices(doc, &s, hc, c);
        bh_map_mounts(doc, &s, bh_j(inspect, "Mounts"), c);
        bh_map_ports(doc, &s, bh_j(hc, "PortBindings"), c);
        bh_map_env(doc, &s, bh_j(cfg, "Env"), c);
        {
                const char *key;
                json_t *val;
                json_object_foreach(bh_j(hc, "Sysctls"), key, val)
                {
                        struct bh_sysctl *sc;
                        char k[300];
                        if (!json_is_string(val))
                                continue;
                        snprintf(k, sizeof(k), "HostConfig.Sysctls[%s]", key);
                        sc = BH_VEC_NEW(&c->sysctls);
                        sc->name = bh_arena_strdup(&doc->arena, key);
                        sc->value = bh_arena_strdup(&doc->arena, json_string_value(val));
                        sc->value_known = true;
                        sc->loc = bh_esum_add(&s, k, "%s", sc->value);
                }
        }
        v = bh_js(hc, "Runtime");
        if (v && *v)
                bh_esum_add(&s, "HostConfig.Runtime", "%s", v);
        bh_map_proc_claims(doc, x, bh_j(inspect, "State"), &s, c, caps_known, caps);
        bh_esum_finish(&s);
        return c;
}
