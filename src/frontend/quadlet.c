/* Podman Quadlet units (.container, .pod, .kube, .network, .volume) into the
 * model.  Quadlet turns a [Container] section into `podman run` flags; so do
 * we, and hand them to the run-flag parser (runcmd.c) so that a key means
 * exactly what its flag means on every other surface.  Every field gets the
 * location of its key. */
#include "../util/buf.h"
#include "../util/limits.h"
#include "../util/strutil.h"
#include "frontend.h"
#include "runline.h"
#include "unitfile.h"

#include "../util/bh-banned.h"

enum bh_ql_kind {
        BH_QL_LAST,        /* single value, the last assignment wins: --flag value */
        BH_QL_ALL,         /* one value per assignment: --flag value each */
        BH_QL_STRV,        /* space-separated words (quotes): --flag word each */
        BH_QL_BOOL,        /* --flag when true, --flag=false when false */
        BH_QL_SECOPT_LAST, /* --security-opt <prefix><value> */
        BH_QL_SECOPT_STRV, /* --security-opt <prefix><word> for each word */
        BH_QL_SECOPT_BOOL, /* --security-opt <prefix> when true */
        BH_QL_NNP,         /* no-new-privileges: true and false are both recorded */
        BH_QL_DEVICE,      /* --device, a leading '-' (optional device) dropped */
        BH_QL_ARGS,        /* PodmanArgs: the words are run flags */
};

struct bh_ql_key {
        const char *key;
        const char *flag; /* run flag, or security option prefix */
        enum bh_ql_kind kind;
};

/* [Container] keys that matter for security, in the order Quadlet emits their
 * flags; PodmanArgs last, as Quadlet appends it after the generated flags. */
static const struct bh_ql_key bh_ql_container_keys[] = {
        {"AddCapability", "--cap-add", BH_QL_STRV},
        {"DropCapability", "--cap-drop", BH_QL_STRV},
        {"NoNewPrivileges", "no-new-privileges", BH_QL_NNP},
        {"SeccompProfile", "seccomp=", BH_QL_SECOPT_LAST},
        {"SecurityLabelDisable", "label=disable", BH_QL_SECOPT_BOOL},
        {"SecurityLabelNested", "label=nested", BH_QL_SECOPT_BOOL},
        {"SecurityLabelType", "label=type:", BH_QL_SECOPT_LAST},
        {"SecurityLabelLevel", "label=level:", BH_QL_SECOPT_LAST},
        {"SecurityLabelFileType", "label=filetype:", BH_QL_SECOPT_LAST},
        {"Mask", "mask=", BH_QL_SECOPT_STRV},
        {"Unmask", "unmask=", BH_QL_SECOPT_STRV},
        {"ReadOnly", "--read-only", BH_QL_BOOL},
        {"UserNS", "--userns", BH_QL_LAST},
        {"Network", "--network", BH_QL_ALL},
        {"PublishPort", "--publish", BH_QL_ALL},
        {"ExposeHostPort", "--expose", BH_QL_ALL},
        {"Volume", "--volume", BH_QL_ALL},
        {"Mount", "--mount", BH_QL_ALL},
        {"Tmpfs", "--tmpfs", BH_QL_ALL},
        {"AddDevice", "--device", BH_QL_DEVICE},
        {"Environment", "--env", BH_QL_STRV},
        {"EnvironmentFile", "--env-file", BH_QL_ALL},
        {"Sysctl", "--sysctl", BH_QL_STRV},
        {"Memory", "--memory", BH_QL_LAST},
        {"PidsLimit", "--pids-limit", BH_QL_LAST},
        {"GroupAdd", "--group-add", BH_QL_ALL},
        {"PodmanArgs", NULL, BH_QL_ARGS},
};

/* [Pod] and [Kube]: what the pod gives all of its containers. */
static const struct bh_ql_key bh_ql_pod_keys[] = {
        {"UserNS", "--userns", BH_QL_LAST},      {"Network", "--network", BH_QL_ALL},
        {"PublishPort", "--publish", BH_QL_ALL}, {"Volume", "--volume", BH_QL_ALL},
        {"PodmanArgs", NULL, BH_QL_ARGS},
};

static const struct bh_ql_key bh_ql_kube_keys[] = {
        {"UserNS", "--userns", BH_QL_LAST},
        {"Network", "--network", BH_QL_ALL},
        {"PublishPort", "--publish", BH_QL_ALL},
};

struct bh_ql {
        struct bh_doc *doc;
        struct bh_unit u;
        const char *section; /* "Container", "Pod" ... */
        const char *unit;    /* the unit file's name */
};

static bool bh_ql_in(const struct bh_ql *q, const struct bh_unit_entry *e, const char *key)
{
        return strcmp(e->section, q->section) == 0 && strcmp(e->key, key) == 0;
}

/* The first entry of key that counts: an empty assignment resets a list. */
static size_t bh_ql_first(const struct bh_ql *q, const char *key)
{
        size_t first = 0;

        for (size_t i = 0; i < q->u.n; i++)
                if (bh_ql_in(q, &q->u.entries[i], key) && q->u.entries[i].vlen == 0)
                        first = i + 1;
        return first;
}

static const struct bh_unit_entry *bh_ql_last(const struct bh_ql *q, const char *key)
{
        const struct bh_unit_entry *last = NULL;

        for (size_t i = 0; i < q->u.n; i++)
                if (bh_ql_in(q, &q->u.entries[i], key))
                        last = &q->u.entries[i];
        return last && last->vlen ? last : NULL;
}

/* systemd specifiers (systemd.unit(5)) that name host paths.  The runtime,
 * home, state ... directories differ between system and user units, so
 * they become variables: the value is then unknown, but a socket file name
 * under %t is still recognised, and a source starting with one is a host
 * path.  Others (%n, %i ...) are left as written. */
static const char *bh_ql_specifiers(struct bh_arena *a, const char *v)
{
        static const struct {
                char spec;
                const char *to;
        } map[] = {
                {'t', "$XDG_RUNTIME_DIR"},
                {'h', "$HOME"},
                {'S', "$STATE_DIRECTORY"},
                {'C', "$CACHE_DIRECTORY"},
                {'L', "$LOGS_DIRECTORY"},
                {'E', "$CONFIGURATION_DIRECTORY"},
                {'T', "/tmp"},
                {'V', "/var/tmp"},
                {'%', "%"},
        };
        struct bh_buf b;

        if (!v || !strchr(v, '%'))
                return v;
        bh_buf_init(&b, BH_LIMIT_LINE_LENGTH * 2);
        for (const char *p = v; *p; p++) {
                const char *to = NULL;
                if (*p == '%' && p[1])
                        for (size_t i = 0; i < BH_ELEMENTSOF(map); i++)
                                if (map[i].spec == p[1])
                                        to = map[i].to;
                if (to) {
                        bh_buf_adds(&b, to);
                        p++;
                } else {
                        bh_buf_addc(&b, *p);
                }
        }
        const char *r = bh_arena_strndup(a, b.buf, b.len);
        bh_buf_release(&b);
        return r;
}

/* One flag with its value, at the key. */
static void bh_ql_flag(struct bh_ql *q, struct bh_container *c, const char *flag, const char *v,
                       struct bh_loc loc)
{
        const char *w[2] = {flag, bh_ql_specifiers(&q->doc->arena, v)};
        struct bh_loc l[2] = {loc, loc};

        bh_runline_apply_flags(q->doc, "podman", w, l, v ? 2 : 1, c);
}

static bool bh_ql_bool(struct bh_ql *q, const struct bh_unit_entry *e, bool *ret)
{
        if (bh_unit_bool(e->value, ret))
                return true;
        bh_doc_add_diag(q->doc, 9002, e->loc, "%s=%s is not a boolean (Quadlet rejects the unit)",
                        e->key, e->value);
        return false;
}

static void bh_ql_words(struct bh_ql *q, const struct bh_unit_entry *e,
                        void (*fn)(struct bh_ql *, struct bh_container *, const struct bh_ql_key *,
                                   const char *, struct bh_loc),
                        struct bh_container *c, const struct bh_ql_key *k)
{
        struct bh_unit_word *w;
        bool bad;
        size_t n = bh_unit_split(&q->doc->arena, e->value, e->vlen, &w, &bad);

        if (bad)
                bh_doc_add_diag(q->doc, 9002, e->loc, "%s: unterminated quote", e->key);
        for (size_t i = 0; i < n; i++)
                fn(q, c, k, w[i].s, e->loc);
}

static void bh_ql_word_flag(struct bh_ql *q, struct bh_container *c, const struct bh_ql_key *k,
                            const char *v, struct bh_loc loc)
{
        bh_ql_flag(q, c, k->flag, v, loc);
}

static void bh_ql_word_secopt(struct bh_ql *q, struct bh_container *c, const struct bh_ql_key *k,
                              const char *v, struct bh_loc loc)
{
        bh_ql_flag(q, c, "--security-opt", bh_arena_printf(&q->doc->arena, "%s%s", k->flag, v),
                   loc);
}

/* PodmanArgs: the words are run flags, each at its own column. */
static void bh_ql_args(struct bh_ql *q, const struct bh_unit_entry *e, struct bh_container *c)
{
        struct bh_unit_word *w;
        bool bad;
        size_t n = bh_unit_split(&q->doc->arena, e->value, e->vlen, &w, &bad);

        if (bad)
                bh_doc_add_diag(q->doc, 9002, e->loc, "%s: unterminated quote", e->key);
        if (!n)
                return;
        const char **words = bh_xcalloc(n, sizeof(*words));
        struct bh_loc *locs = bh_xcalloc(n, sizeof(*locs));
        for (size_t i = 0; i < n; i++) {
                words[i] = bh_ql_specifiers(&q->doc->arena, w[i].s);
                locs[i] = bh_unit_value_loc(e, w[i].off);
        }
        size_t img = bh_runline_apply_flags(q->doc, "podman", words, locs, n, c);
        if (img < n)
                bh_doc_add_diag(q->doc, 9002, locs[img],
                                "PodmanArgs: \"%s\" is not an option (Quadlet passes PodmanArgs "
                                "before the image); the rest was not read",
                                words[img]);
        free(words);
        free(locs);
}

static void bh_ql_apply(struct bh_ql *q, struct bh_container *c, const struct bh_ql_key *keys,
                        size_t nkeys)
{
        for (size_t k = 0; k < nkeys; k++) {
                const struct bh_ql_key *key = &keys[k];
                const struct bh_unit_entry *e;
                bool b;

                switch (key->kind) {
                case BH_QL_LAST:
                        if ((e = bh_ql_last(q, key->key)))
                                bh_ql_flag(q, c, key->flag, e->value, e->loc);
                        break;
                case BH_QL_SECOPT_LAST:
                        if ((e = bh_ql_last(q, key->key)))
                                bh_ql_word_secopt(q, c, key, e->value, e->loc);
                        break;
                case BH_QL_BOOL:
                        if ((e = bh_ql_last(q, key->key)) && bh_ql_bool(q, e, &b))
                                bh_ql_flag(
                                        q, c,
                                        b ? key->flag
                                          : bh_arena_printf(&q->doc->arena, "%s=false", key->flag),
                                        NULL, e->loc);
                        break;
                case BH_QL_SECOPT_BOOL:
                        if ((e = bh_ql_last(q, key->key)) && bh_ql_bool(q, e, &b) && b)
                                bh_ql_flag(q, c, "--security-opt", key->flag, e->loc);
                        break;
                case BH_QL_NNP:
                        if ((e = bh_ql_last(q, key->key)) && bh_ql_bool(q, e, &b))
                                bh_ql_flag(q, c, "--security-opt",
                                           b ? "no-new-privileges" : "no-new-privileges=false",
                                           e->loc);
                        break;
                case BH_QL_ALL:
                case BH_QL_DEVICE:
                case BH_QL_STRV:
                case BH_QL_SECOPT_STRV:
                case BH_QL_ARGS:
                default:
                        for (size_t i = bh_ql_first(q, key->key); i < q->u.n; i++) {
                                e = &q->u.entries[i];
                                if (!bh_ql_in(q, e, key->key))
                                        continue;
                                if (key->kind == BH_QL_ALL)
                                        bh_ql_flag(q, c, key->flag, e->value, e->loc);
                                else if (key->kind == BH_QL_DEVICE)
                                        bh_ql_flag(q, c, key->flag, e->value + (e->value[0] == '-'),
                                                   e->loc);
                                else if (key->kind == BH_QL_STRV)
                                        bh_ql_words(q, e, bh_ql_word_flag, c, key);
                                else if (key->kind == BH_QL_SECOPT_STRV)
                                        bh_ql_words(q, e, bh_ql_word_secopt, c, key);
                                else
                                        bh_ql_args(q, e, c);
                        }
                        break;
                }
        }
}

static const struct bh_unit_section *bh_ql_find_section(const struct bh_ql *q)
{
        for (size_t i = 0; i < q->u.nsections; i++)
                if (strcmp(q->u.sections[i].name, q->section) == 0)
                        return &q->u.sections[i];
        return NULL;
}

static struct bh_container *bh_ql_new(struct bh_ql *q, enum bh_container_origin origin,
                                      const struct bh_unit_section *sec)
{
        struct bh_container *c = bh_doc_add_container(q->doc, origin);

        c->name = q->unit;
        c->loc = sec->loc;
        c->owner_loc = sec->loc;
        return c;
}

/* Image=: a reference, or a .image/.build unit that names one elsewhere. */
static void bh_ql_image(struct bh_ql *q, struct bh_container *c)
{
        const struct bh_unit_entry *e = bh_ql_last(q, "Image");
        struct bh_imgref *r;

        if (!e)
                return;
        c->image.s = e->value;
        c->image.set = true;
        c->image.loc = e->loc;
        c->image.known = !strchr(e->value, '%') && !bh_str_endswith(e->value, ".image") &&
                         !bh_str_endswith(e->value, ".build");
        if (!c->image.known) {
                bh_doc_add_diag(q->doc, 9005, e->loc,
                                "Image=%s is defined by another unit or a systemd specifier; "
                                "its tag is not checked here",
                                e->value);
                return;
        }
        r = BH_VEC_NEW(&q->doc->images);
        r->role = BH_IMGREF_RUN;
        r->ref = c->image;
        r->raw = e->value;
        r->loc = e->loc;
}

/* User= and Group=: --user USER[:GROUP], as Quadlet writes it. */
static void bh_ql_user(struct bh_ql *q, struct bh_container *c)
{
        const struct bh_unit_entry *u = bh_ql_last(q, "User");
        const struct bh_unit_entry *g = bh_ql_last(q, "Group");

        if (!u && g) {
                bh_doc_add_diag(q->doc, 9002, g->loc,
                                "Group= without User= (Quadlet rejects the unit)");
                return;
        }
        if (!u)
                return;
        bh_ql_flag(q, c, "--user",
                   g ? bh_arena_printf(&q->doc->arena, "%s:%s", u->value, g->value) : u->value,
                   u->loc);
}

static void bh_ql_container(struct bh_ql *q, const struct bh_unit_section *sec)
{
        struct bh_container *c = bh_ql_new(q, BH_ORIGIN_SERVICE, sec);

        if (!bh_ql_last(q, "Image") && !bh_ql_last(q, "Rootfs"))
                bh_doc_add_diag(q->doc, 9002, sec->loc,
                                "[Container] without Image= (Quadlet rejects the unit)");
        bh_ql_image(q, c);
        bh_ql_user(q, c);
        bh_ql_apply(q, c, bh_ql_container_keys, BH_ELEMENTSOF(bh_ql_container_keys));
}

/* .network: a network of its own (doc->networks).  Podman's bridge has no
 * per-network icc switch (Options=isolate only separates networks from each
 * other); the Docker option is honoured if written, like on Docker. */
static void bh_ql_network(struct bh_ql *q, const struct bh_unit_section *sec)
{
        struct bh_network *n = BH_VEC_NEW(&q->doc->networks);
        const struct bh_unit_entry *e;
        bool b;

        n->name = q->unit;
        n->loc = sec->loc;
        n->driver = (e = bh_ql_last(q, "Driver")) ? e->value : "bridge";
        if ((e = bh_ql_last(q, "Internal")) && bh_ql_bool(q, e, &b))
                n->internal = b ? BH_TRUE : BH_FALSE;
        for (size_t i = bh_ql_first(q, "Options"); i < q->u.n; i++) {
                e = &q->u.entries[i];
                if (!bh_ql_in(q, e, "Options"))
                        continue;
                static const char icc[] = "com.docker.network.bridge.enable_icc=";
                /* one option per line, or several separated by commas */
                for (const char *p = e->value; *p;) {
                        size_t l = strcspn(p, ",");
                        if (l > sizeof(icc) - 1 && strncmp(p, icc, sizeof(icc) - 1) == 0) {
                                bh_autofree char *v =
                                        bh_xstrndup(p + sizeof(icc) - 1, l - (sizeof(icc) - 1));
                                if (bh_unit_bool(v, &b)) {
                                        n->enable_icc = b ? BH_TRUE : BH_FALSE;
                                        n->enable_icc_loc = e->loc;
                                }
                        }
                        p += l + (p[l] == ',');
                }
        }
}

/* .volume: a named volume whose Device= is bound from the host (Type=bind,
 * or Options=bind/rbind) is a bind mount for every container using it. */
static void bh_ql_volume(struct bh_ql *q, const struct bh_unit_section *sec)
{
        const struct bh_unit_entry *dev = bh_ql_last(q, "Device");
        const struct bh_unit_entry *type = bh_ql_last(q, "Type");
        const struct bh_unit_entry *opts = bh_ql_last(q, "Options");
        bool bind = type && strcmp(type->value, "bind") == 0;
        enum bh_tristate ro = BH_UNSET;

        for (const char *p = opts ? opts->value : ""; *p;) {
                size_t l = strcspn(p, ",");
                if ((l == 4 && strncmp(p, "bind", 4) == 0) ||
                    (l == 5 && strncmp(p, "rbind", 5) == 0))
                        bind = true;
                else if (l == 2 && strncmp(p, "ro", 2) == 0)
                        ro = BH_TRUE;
                p += l + (p[l] == ',');
        }
        if (!dev || !bind)
                return;
        struct bh_container *c = bh_ql_new(q, BH_ORIGIN_SHARED, sec);
        struct bh_mount *m = BH_VEC_NEW(&c->mounts);
        m->kind = BH_MOUNT_BIND;
        m->source = bh_ql_specifiers(&q->doc->arena, dev->value);
        m->source_known = !strchr(m->source, '$');
        m->target = q->unit; /* wherever the containers mount the volume */
        m->target_known = false;
        m->read_only = ro;
        m->loc = dev->loc;
}

int bh_frontend_quadlet(struct bh_doc *doc, struct bh_error **err)
{
        static const struct {
                const char *ext;
                const char *section;
        } kinds[] = {
                {".container", "Container"}, {".pod", "Pod"},       {".kube", "Kube"},
                {".network", "Network"},     {".volume", "Volume"},
        };
        struct bh_ql q = {.doc = doc, .unit = bh_path_basename(doc->path)};
        const struct bh_unit_section *sec;

        (void)err;
        for (size_t i = 0; i < BH_ELEMENTSOF(kinds); i++)
                if (bh_str_endswith(doc->path, kinds[i].ext))
                        q.section = kinds[i].section;
        bh_unit_parse(doc, &q.u);
        if (!q.section) {
                /* named explicitly: the first Quadlet section decides */
                for (size_t i = 0; i < q.u.nsections && !q.section; i++)
                        for (size_t k = 0; k < BH_ELEMENTSOF(kinds); k++)
                                if (strcmp(q.u.sections[i].name, kinds[k].section) == 0)
                                        q.section = kinds[k].section;
                if (!q.section) {
                        doc->diags.n = 0; /* not a Quadlet unit: not ours to judge */
                        return 0;
                }
        }
        sec = bh_ql_find_section(&q);
        /* Not a Quadlet unit after all: a Perl .pod, a systemd-networkd
         * .network ([Match] + [Network]).  Not ours, so no findings either. */
        for (size_t i = 0; sec && i < q.u.nsections; i++)
                if (strcmp(q.u.sections[i].name, "Match") == 0)
                        sec = NULL;
        if (!sec) {
                doc->diags.n = 0;
                return 0;
        }
        if (strcmp(q.section, "Container") == 0) {
                bh_ql_container(&q, sec);
        } else if (strcmp(q.section, "Pod") == 0) {
                bh_ql_apply(&q, bh_ql_new(&q, BH_ORIGIN_SHARED, sec), bh_ql_pod_keys,
                            BH_ELEMENTSOF(bh_ql_pod_keys));
        } else if (strcmp(q.section, "Kube") == 0) {
                /* Yaml= names the Kubernetes file: the Kubernetes frontend
                 * scans it when it is part of the scan. */
                bh_ql_apply(&q, bh_ql_new(&q, BH_ORIGIN_SHARED, sec), bh_ql_kube_keys,
                            BH_ELEMENTSOF(bh_ql_kube_keys));
        } else if (strcmp(q.section, "Network") == 0) {
                bh_ql_network(&q, sec);
        } else {
                bh_ql_volume(&q, sec);
        }
        return 0;
}

bool bh_quadlet_match_name(const char *base)
{
        return bh_str_endswith(base, ".container") || bh_str_endswith(base, ".pod") ||
               bh_str_endswith(base, ".kube") || bh_str_endswith(base, ".network") ||
               bh_str_endswith(base, ".volume");
}
