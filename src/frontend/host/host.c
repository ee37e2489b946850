/* The host frontend: reads a root filesystem (bulkhead host --root DIR) into
 * struct bh_host.  Read-only, nothing executed, every path resolved inside
 * the root (rootfs.c), every read bounded (src/util/limits.h).  A file that
 * cannot be read is a fact with its reason, never a failure. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "../../util/limits.h"
#include "../../util/strutil.h"
#include "../pkgdb/pkgdb.h"
#include "host-int.h"
#include "rootfs.h"

#include "../../util/bh-banned.h"

/* The path as shown in the report: where the file is on this machine. */
const char *bh_hostrd_display(struct bh_hctx *x, const char *path)
{
        if (strcmp(x->root, "/") == 0)
                return bh_arena_strdup(&x->doc->arena, path);
        size_t rl = strlen(x->root);
        while (rl > 1 && x->root[rl - 1] == '/')
                rl--;
        return bh_arena_printf(&x->doc->arena, "%.*s%s", (int)rl, x->root, path);
}

void bh_hostrd_note(struct bh_hctx *x, const char *fmt, ...)
{
        char buf[512];
        va_list ap;

        va_start(ap, fmt);
        bh_vformat(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        BH_VEC_PUSH(&x->h->notes, bh_arena_strdup(&x->doc->arena, buf));
}

const char *bh_hostrd_errstr(int e)
{
        switch (-e) {
        case ENOENT:
                return "no such file";
        case EACCES:
        case EPERM:
                return "permission denied";
        case EFBIG:
                return "larger than the read limit";
        case ELOOP:
                return "too many symbolic links";
        case EINVAL:
                return "not a regular file";
        case ENOTDIR:
                return "a path component is not a directory";
        default:
                return strerror(-e);
        }
}

/* Read a file; 0 or -errno.  *ret is heap (caller frees). */
int bh_hostrd_read(struct bh_hctx *x, const char *path, size_t max, char **ret, size_t *ret_len)
{
        return bh_rootfs_read(&x->fs, path, max, ret, ret_len);
}

/* A one-line fact: the first line of the file, trimmed. */
static void bh_h_fact(struct bh_hctx *x, const char *path, struct bh_fact *f)
{
        bh_autofree char *data = NULL;
        size_t len = 0, n;
        int r = bh_hostrd_read(x, path, BH_LIMIT_HOST_FILE, &data, &len);

        f->loc = (struct bh_loc){.line = 1,
                                 .col = 1,
                                 .end_line = 1,
                                 .end_col = 1,
                                 .file = bh_hostrd_display(x, path)};
        if (r < 0) {
                f->set = false;
                f->why = bh_hostrd_errstr(r);
                return;
        }
        n = strcspn(data, "\n");
        while (n && (data[n - 1] == ' ' || data[n - 1] == '\r' || data[n - 1] == '\t'))
                n--;
        f->set = true;
        f->s = bh_arena_strndup(&x->doc->arena, data, n);
}

/* List a directory of up to BH_LIMIT_HOST_DIR_ENTRIES names; more is a 9003
 * diagnostic (the rest are not read, so the audit is incomplete). */
int bh_hostrd_list(struct bh_hctx *x, const char *dir, char ***ret_names, size_t *ret_n)
{
        bool trunc;
        int r = bh_rootfs_list(&x->fs, dir, BH_LIMIT_HOST_DIR_ENTRIES, ret_names, ret_n, &trunc);

        if (r == 0 && trunc)
                bh_doc_add_diag(x->doc, 9003, (struct bh_loc){.file = bh_hostrd_display(x, dir)},
                                "%s has more than %u entries; only the first %u were read", dir,
                                BH_LIMIT_HOST_DIR_ENTRIES, BH_LIMIT_HOST_DIR_ENTRIES);
        return r;
}

bool bh_hostrd_exists(struct bh_hctx *x, const char *path)
{
        struct stat st;
        return bh_rootfs_stat(&x->fs, path, &st) == 0;
}

static void bh_h_kernel(struct bh_hctx *x)
{
        struct bh_host *h = x->h;
        bh_autofree char *status = NULL;
        size_t len;
        char **names = NULL;
        size_t n = 0;
        bool trunc;

        bh_h_fact(x, "/proc/sys/kernel/osrelease", &h->kernel_release);
        bh_h_fact(x, "/proc/version", &h->kernel_version);
        bh_h_fact(x, "/proc/version_signature", &h->kernel_signature);
        h->livepatch.loc.file = bh_hostrd_display(x, "/sys/kernel/livepatch");
        if (bh_rootfs_list(&x->fs, "/sys/kernel/livepatch", 64, &names, &n, &trunc) == 0 && n) {
                h->livepatch.set = true;
                h->livepatch.s = bh_arena_strdup(&x->doc->arena, names[0]);
        }
        bh_rootfs_names_free(names, n);

        /* seccomp support: the Seccomp: line of a process status */
        h->seccomp.loc.file = bh_hostrd_display(x, "/proc/self/status");
        if (bh_hostrd_read(x, "/proc/self/status", BH_LIMIT_HOST_FILE, &status, &len) == 0) {
                const char *s = strstr(status, "\nSeccomp:");
                h->seccomp.set = true;
                if (s) {
                        s += 9;
                        s += strspn(s, " \t");
                        h->seccomp.s = bh_arena_strndup(&x->doc->arena, s, strcspn(s, "\n"));
                        uint32_t line = 1;
                        for (const char *q = status; q <= s - 1 && q < status + len; q++)
                                line += *q == '\n';
                        h->seccomp.loc.line = line;
                        h->seccomp.loc.col = 1;
                } else {
                        h->seccomp.s = "absent";
                }
        } else {
                h->seccomp.why = "cannot read /proc/self/status";
        }
}

static void bh_h_features(struct bh_hctx *x)
{
        struct bh_host *h = x->h;
        struct bh_fact f = {0};

        bh_h_fact(x, "/sys/kernel/security/lsm", &h->lsm);
        bh_h_fact(x, "/sys/module/apparmor/parameters/enabled", &h->apparmor_enabled);
        bh_h_fact(x, "/sys/fs/selinux/enforce", &h->selinux_enforce);
        bh_h_fact(x, "/proc/sys/user/max_user_namespaces", &h->userns_max);
        bh_h_fact(x, "/proc/sys/kernel/unprivileged_userns_clone", &h->userns_clone);
        bh_h_fact(x, "/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
                  &h->userns_aa_restrict);

        /* cgroup v2: the unified hierarchy's cgroup.controllers at the top */
        if (bh_hostrd_exists(x, "/sys/fs/cgroup/cgroup.controllers")) {
                h->cgroup = (struct bh_fact){.set = true, .s = "v2"};
                h->cgroup.loc.file = bh_hostrd_display(x, "/sys/fs/cgroup/cgroup.controllers");
        } else if (bh_hostrd_exists(x, "/sys/fs/cgroup/unified/cgroup.controllers")) {
                h->cgroup = (struct bh_fact){.set = true, .s = "hybrid (v1 controllers)"};
                h->cgroup.loc.file = bh_hostrd_display(x, "/sys/fs/cgroup/unified");
        } else if (bh_hostrd_exists(x, "/sys/fs/cgroup/memory") ||
                   bh_hostrd_exists(x, "/sys/fs/cgroup/cpu")) {
                h->cgroup = (struct bh_fact){.set = true, .s = "v1"};
                h->cgroup.loc.file = bh_hostrd_display(x, "/sys/fs/cgroup");
        } else {
                h->cgroup = (struct bh_fact){.why = "/sys/fs/cgroup holds no cgroup hierarchy"};
                h->cgroup.loc.file = bh_hostrd_display(x, "/sys/fs/cgroup");
        }

        /* VM: /sys/hypervisor/type, then the DMI vendor strings (systemd's order) */
        bh_h_fact(x, "/sys/hypervisor/type", &f);
        if (f.set && *f.s) {
                h->vm = f;
                return;
        }
        static const char *const dmi[] = {
                "/sys/class/dmi/id/sys_vendor", "/sys/class/dmi/id/product_name",
                "/sys/class/dmi/id/board_vendor", "/sys/class/dmi/id/bios_vendor"};
        static const char *const vendors[] = {"KVM",        "QEMU",      "Amazon EC2",
                                              "Google",     "VMware",    "VirtualBox",
                                              "innotek",    "Xen",       "Microsoft Corporation",
                                              "BHYVE",      "Parallels", "OpenStack",
                                              "Firecracker"};
        bool any = false;
        for (size_t i = 0; i < BH_ELEMENTSOF(dmi); i++) {
                f = (struct bh_fact){0};
                bh_h_fact(x, dmi[i], &f);
                if (!f.set)
                        continue;
                any = true;
                for (size_t k = 0; k < BH_ELEMENTSOF(vendors); k++)
                        if (strstr(f.s, vendors[k]) &&
                            !(strstr(f.s, ".metal") || strstr(f.s, "metal"))) {
                                h->vm = f;
                                return;
                        }
        }
        h->vm = (struct bh_fact){.set = any,
                                 .s = any ? "none" : NULL,
                                 .why = any ? NULL : "no hypervisor or DMI information"};
        h->vm.loc.file = bh_hostrd_display(x, "/sys/class/dmi/id");
        if (bh_hostrd_exists(x, "/.dockerenv"))
                h->in_container = (struct bh_fact){.set = true, .s = "/.dockerenv"};
        else if (bh_hostrd_exists(x, "/run/.containerenv"))
                h->in_container = (struct bh_fact){.set = true, .s = "/run/.containerenv"};
}

static void bh_h_os(struct bh_hctx *x)
{
        bh_autofree char *data = NULL;
        size_t len;
        const char *path = "/etc/os-release";
        int r = bh_hostrd_read(x, path, BH_LIMIT_HOST_FILE, &data, &len);

        if (r < 0) {
                path = "/usr/lib/os-release";
                r = bh_hostrd_read(x, path, BH_LIMIT_HOST_FILE, &data, &len);
        }
        if (r < 0) {
                x->h->os_id.why = bh_hostrd_errstr(r);
                x->h->os_id.loc.file = bh_hostrd_display(x, "/etc/os-release");
                return;
        }
        bh_hostinfo_os_release(&x->doc->arena, bh_hostrd_display(x, path), data, len, x->h);
}

/* The package databases and OS release files below the root, read through
 * the package-database readers (src/frontend/pkgdb): dpkg status and
 * status.d/, apk (v2 and v3 paths), rpm (SQLite; Berkeley DB and NDB are
 * named as unsupported).  Every installed package is kept: the kernel and
 * engine lookups pick theirs, the vulnerability matcher needs them all. */
static void bh_h_pkgdb(struct bh_hctx *x)
{
        static const struct {
                const char *path;
                size_t max;
                bool db; /* a package database (not a release file) */
        } fixed[] = {
                {"/etc/os-release", BH_LIMIT_HOST_FILE, false},
                {"/usr/lib/os-release", BH_LIMIT_HOST_FILE, false},
                {"/etc/alpine-release", BH_LIMIT_HOST_FILE, false},
                {"/etc/debian_version", BH_LIMIT_HOST_FILE, false},
                {"/etc/redhat-release", BH_LIMIT_HOST_FILE, false},
                {"/var/lib/dpkg/status", BH_LIMIT_HOST_PKGDB, true},
                {"/lib/apk/db/installed", BH_LIMIT_HOST_PKGDB, true},
                {"/usr/lib/apk/db/installed", BH_LIMIT_HOST_PKGDB, true},
                {"/var/lib/rpm/rpmdb.sqlite", BH_LIMIT_RPMDB_SIZE, true},
                {"/var/lib/rpm/Packages", BH_LIMIT_RPMDB_SIZE, true},
                {"/var/lib/rpm/Packages.db", BH_LIMIT_RPMDB_SIZE, true},
                {"/usr/lib/sysimage/rpm/rpmdb.sqlite", BH_LIMIT_RPMDB_SIZE, true},
                {"/usr/lib/sysimage/rpm/Packages", BH_LIMIT_RPMDB_SIZE, true},
                {"/usr/lib/sysimage/rpm/Packages.db", BH_LIMIT_RPMDB_SIZE, true},
                {"/usr/share/rpm/rpmdb.sqlite", BH_LIMIT_RPMDB_SIZE, true},
        };
        BH_VEC(struct bh_pkgdb_file) files = {0};
        BH_VEC(char *) paths = {0};
        struct bh_fact *f = &x->h->pkgdb;
        const char *why = NULL;
        char **names = NULL;
        size_t nnames = 0;
        bool dpkg = false, apk = false, rpm = false, other_rpm = false;

        for (size_t i = 0; i < BH_ELEMENTSOF(fixed); i++)
                BH_VEC_PUSH(&paths, bh_xstrdup(fixed[i].path));
        if (bh_hostrd_list(x, "/var/lib/dpkg/status.d", &names, &nnames) == 0) {
                for (size_t i = 0; i < nnames; i++)
                        if (!bh_str_endswith(names[i], ".md5sums"))
                                BH_VEC_PUSH(&paths,
                                            bh_xasprintf("/var/lib/dpkg/status.d/%s", names[i]));
                bh_rootfs_names_free(names, nnames);
        }
        for (size_t i = 0; i < paths.n; i++) {
                const char *path = paths.v[i];
                bool db = i >= BH_ELEMENTSOF(fixed) || fixed[i].db;
                size_t max = i < BH_ELEMENTSOF(fixed) ? fixed[i].max : BH_LIMIT_HOST_PKGDB;
                char *data = NULL;
                size_t len = 0;
                int r = bh_hostrd_read(x, path, max, &data, &len);

                if (r < 0) {
                        if (!db || r == -ENOENT || r == -ENOTDIR)
                                continue;
                        const char *disp = bh_hostrd_display(x, path);
                        if (r == -EFBIG)
                                bh_doc_add_diag(x->doc, 9003, (struct bh_loc){.file = disp},
                                                "%s is larger than the %zu-byte package "
                                                "database limit; not read",
                                                path, max);
                        else
                                bh_hostrd_note(x, "%s: %s", path, bh_hostrd_errstr(r));
                        why = bh_arena_printf(&x->doc->arena, "%s: %s", path,
                                              r == -EFBIG ? "larger than the package "
                                                            "database limit"
                                                          : bh_hostrd_errstr(r));
                        continue;
                }
                struct bh_pkgdb_file *pf = BH_VEC_NEW(&files);
                pf->path = path + 1;
                pf->data = data;
                pf->len = len;
                pf->display = bh_hostrd_display(x, path);
                if (strstr(path, "/dpkg/"))
                        dpkg = true;
                else if (strstr(path, "/apk/"))
                        apk = true;
                else if (strstr(path, "rpm/") && len >= 16 &&
                         memcmp(data, "SQLite format 3", 16) == 0)
                        rpm = true;
                else if (strstr(path, "rpm/"))
                        other_rpm = true;
                if (!f->loc.file && db)
                        f->loc.file = pf->display;
        }
        int n = bh_pkgdb_read(&x->doc->arena, x->doc, files.v, files.n, &x->h->os, &x->h->pkgs);
        for (size_t i = 0; i < files.n; i++)
                free((char *)files.v[i].data);
        free(files.v);
        for (size_t i = 0; i < paths.n; i++)
                free(paths.v[i]);
        free(paths.v);

        if (!f->loc.file)
                f->loc.file = bh_hostrd_display(x, "/var/lib/dpkg/status");
        if (dpkg || apk || rpm) {
                f->set = true;
                f->s = bh_arena_printf(&x->doc->arena, "%s%s%s%s%s (%d packages)",
                                       dpkg ? "dpkg" : "", dpkg && (apk || rpm) ? ", " : "",
                                       apk ? "apk" : "", apk && rpm ? ", " : "", rpm ? "rpm" : "",
                                       n);
                return;
        }
        if (other_rpm)
                f->why = "the RPM database is in a format bulkhead does not read (BH9020)";
        else
                f->why = why ? why
                             : "no package database (/var/lib/dpkg/status, apk installed, "
                               "rpmdb.sqlite)";
}

/* ---- Docker ---- */

static int bh_h_cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The command of docker.service: the unit (first of /etc, /run, /lib, /usr/lib)
 * and then its drop-ins (*.conf, in name order). */
static size_t bh_h_docker_unit(struct bh_hctx *x, const char ***ret_words, struct bh_loc **ret_locs,
                               struct bh_loc *ret_line)
{
        static const char *const units[] = {
                "/etc/systemd/system/docker.service", "/run/systemd/system/docker.service",
                "/lib/systemd/system/docker.service", "/usr/lib/systemd/system/docker.service"};
        static const char *const dropdirs[] = {
                "/usr/lib/systemd/system/docker.service.d", "/lib/systemd/system/docker.service.d",
                "/run/systemd/system/docker.service.d", "/etc/systemd/system/docker.service.d"};
        BH_VEC(char *) files = {0};
        size_t nwords = 0;

        for (size_t i = 0; i < BH_ELEMENTSOF(units); i++)
                if (bh_hostrd_exists(x, units[i])) {
                        BH_VEC_PUSH(&files, bh_xstrdup(units[i]));
                        break;
                }
        if (!files.n)
                return 0;
        for (size_t i = 0; i < BH_ELEMENTSOF(dropdirs); i++) {
                char **names = NULL;
                size_t n = 0;
                if (bh_hostrd_list(x, dropdirs[i], &names, &n) < 0)
                        continue;
                for (size_t k = 0; k < n; k++)
                        if (bh_str_endswith(names[k], ".conf"))
                                BH_VEC_PUSH(&files, bh_xasprintf("%s/%s", dropdirs[i], names[k]));
                bh_rootfs_names_free(names, n);
        }
        if (files.n > 2)
                qsort(files.v + 1, files.n - 1, sizeof(char *), bh_h_cmp_str);
        for (size_t i = 0; i < files.n; i++) {
                bh_autofree char *data = NULL;
                size_t len;
                int r = bh_hostrd_read(x, files.v[i], BH_LIMIT_HOST_FILE, &data, &len);
                if (r < 0) {
                        bh_hostrd_note(x, "%s: %s", files.v[i], bh_hostrd_errstr(r));
                        continue;
                }
                const char **w = NULL;
                struct bh_loc *l = NULL, line;
                size_t nw = bh_enginecfg_unit_execstart(x->doc, bh_hostrd_display(x, files.v[i]),
                                                        data, len, &w, &l, &line);
                /* a drop-in without ExecStart= keeps the unit's */
                bool has = nw || (data && strstr(data, "ExecStart="));
                if (has) {
                        nwords = nw;
                        *ret_words = w;
                        *ret_locs = l;
                        *ret_line = line;
                }
                BH_VEC_PUSH(&x->h->docker.files, bh_hostrd_display(x, files.v[i]));
        }
        for (size_t i = 0; i < files.n; i++)
                free(files.v[i]);
        free(files.v);
        return nwords;
}

/* The running dockerd: /proc/<pid>/comm == "dockerd".  Its argv, located by
 * byte offset on line 1 of /proc/<pid>/cmdline. */
static size_t bh_h_docker_proc(struct bh_hctx *x, const char ***ret_words, struct bh_loc **ret_locs,
                               const char **ret_path)
{
        char **names = NULL;
        size_t n = 0, nwords = 0;

        if (bh_hostrd_list(x, "/proc", &names, &n) < 0)
                return 0;
        for (size_t i = 0; i < n && !nwords; i++) {
                char path[64];
                bh_autofree char *comm = NULL;
                bh_autofree char *cmd = NULL;
                size_t len;

                if (strspn(names[i], "0123456789") != strlen(names[i]))
                        continue;
                snprintf(path, sizeof(path), "/proc/%s/comm", names[i]);
                if (bh_hostrd_read(x, path, 256, &comm, &len) < 0 ||
                    strncmp(comm, "dockerd", 7) != 0 || (comm[7] != '\n' && comm[7] != '\0'))
                        continue;
                snprintf(path, sizeof(path), "/proc/%s/cmdline", names[i]);
                if (bh_hostrd_read(x, path, BH_LIMIT_HOST_FILE, &cmd, &len) < 0 || len == 0) {
                        bh_hostrd_note(x, "%s: cannot read the running dockerd's command line",
                                       path);
                        continue;
                }
                size_t cnt = 0;
                for (size_t k = 0; k < len; k++)
                        cnt += cmd[k] == '\0';
                if (cmd[len - 1] != '\0')
                        cnt++;
                const char **w = bh_arena_alloc(&x->doc->arena, cnt * sizeof(*w));
                struct bh_loc *l = bh_arena_alloc(&x->doc->arena, cnt * sizeof(*l));
                const char *file = bh_hostrd_display(x, path);
                for (size_t off = 0; off < len && nwords < cnt;) {
                        size_t wl = strnlen(cmd + off, len - off);
                        w[nwords] = bh_arena_strndup(&x->doc->arena, cmd + off, wl);
                        l[nwords] = (struct bh_loc){
                                1, (uint32_t)off + 1, 1, (uint32_t)(off + wl) + 1, NULL, file};
                        nwords++;
                        off += wl + 1;
                }
                *ret_words = w;
                *ret_locs = l;
                *ret_path = file;
        }
        bh_rootfs_names_free(names, n);
        return nwords;
}

/* --config-file in a command line (looked for before daemon.json is read). */
static const char *bh_h_config_file(const char **w, size_t n)
{
        for (size_t i = 1; i < n; i++) {
                if (bh_str_startswith(w[i], "--config-file="))
                        return w[i] + 14;
                if (strcmp(w[i], "--config-file") == 0 && i + 1 < n)
                        return w[i + 1];
        }
        return NULL;
}

static void bh_h_docker(struct bh_hctx *x)
{
        struct bh_engine_cfg *cfg = &x->h->docker;
        const char **uw = NULL, **pw = NULL;
        struct bh_loc *ul = NULL, *pl = NULL, uline = {0};
        const char *ppath = NULL;
        size_t nu = bh_h_docker_unit(x, &uw, &ul, &uline);
        size_t np = bh_h_docker_proc(x, &pw, &pl, &ppath);
        const char *json = NULL;
        bh_autofree char *data = NULL;
        size_t len;
        int r;

        cfg->kind = BH_ENGINE_DOCKER;
        json = np ? bh_h_config_file(pw, np) : NULL;
        if (!json && nu)
                json = bh_h_config_file(uw, nu);
        if (!json)
                json = "/etc/docker/daemon.json";
        r = bh_hostrd_read(x, json, BH_LIMIT_HOST_FILE, &data, &len);
        if (r == 0) {
                bh_enginecfg_daemon_json(x->doc, bh_hostrd_display(x, json), data, len, cfg);
        } else if (r != -ENOENT) {
                bh_hostrd_note(x, "%s: %s", json, bh_hostrd_errstr(r));
                cfg->present = true;
                cfg->path = bh_hostrd_display(x, json);
                cfg->loc = (struct bh_loc){.file = cfg->path};
                cfg->unreadable = bh_arena_printf(&x->doc->arena, "cannot read %s: %s", cfg->path,
                                                  bh_hostrd_errstr(r));
                cfg->unreadable_loc = cfg->loc;
                if (r == -EFBIG)
                        bh_doc_add_diag(x->doc, 9003,
                                        (struct bh_loc){.file = bh_hostrd_display(x, json)},
                                        "%s is larger than the %u-byte limit; not read", json,
                                        BH_LIMIT_HOST_FILE);
                else
                        bh_doc_add_diag(x->doc, 9004,
                                        (struct bh_loc){.file = bh_hostrd_display(x, json)},
                                        "cannot read %s: %s", json, bh_hostrd_errstr(r));
        }
        /* the running daemon's flags are what is in force; the unit's are read
         * only when no dockerd is running (or its /proc entry is hidden) */
        if (np) {
                if (!cfg->path) {
                        cfg->path = ppath;
                        cfg->loc = pl[0];
                }
                bh_enginecfg_dockerd_flags(x->doc, pw, pl, np, BH_CFG_PROC, cfg);
        } else if (nu) {
                if (!cfg->path || cfg->loc.line == 0) {
                        cfg->path = uline.file;
                        cfg->loc = uline;
                }
                bh_enginecfg_dockerd_flags(x->doc, uw, ul, nu, BH_CFG_UNIT, cfg);
        }
        if (cfg->present)
                BH_VEC_PUSH(&x->h->files,
                            ((struct bh_hostfile){
                                    .kind = BH_HF_CONFIG, .path = json, .engine = "Docker"}));
        if (cfg->tlskey.set)
                BH_VEC_PUSH(&x->h->files, ((struct bh_hostfile){.kind = BH_HF_TLSKEY,
                                                                .path = cfg->tlskey.s,
                                                                .engine = "Docker",
                                                                .loc = cfg->tlskey.loc}));
}

/* ---- Podman ---- */

/* Read files in order, then dropdir's *.conf in lexical order, into cfg
 * (later files override earlier ones key by key, as Podman merges).  Returns
 * how many of them exist. */
size_t bh_hostrd_toml_stack(struct bh_hctx *x, const char *const *files, size_t nfiles,
                            const char *dropdir, bool registries, struct bh_engine_cfg *cfg)
{
        size_t found = 0;
        BH_VEC(char *) all = {0};
        char **names = NULL;
        size_t n = 0;

        for (size_t i = 0; i < nfiles; i++)
                BH_VEC_PUSH(&all, bh_xstrdup(files[i]));
        if (dropdir && bh_hostrd_list(x, dropdir, &names, &n) == 0)
                for (size_t k = 0; k < n; k++)
                        if (bh_str_endswith(names[k], ".conf"))
                                BH_VEC_PUSH(&all, bh_xasprintf("%s/%s", dropdir, names[k]));
        bh_rootfs_names_free(names, n);
        for (size_t i = 0; i < all.n; i++) {
                bh_autofree char *data = NULL;
                size_t len;
                int r = bh_hostrd_read(x, all.v[i], BH_LIMIT_HOST_FILE, &data, &len);
                if (r == 0) {
                        const char *disp = bh_hostrd_display(x, all.v[i]);
                        found++;
                        if (registries)
                                bh_enginecfg_registries_conf(x->doc, disp, data, len, cfg);
                        else
                                bh_enginecfg_containers_conf(x->doc, disp, data, len, cfg);
                } else if (r != -ENOENT && r != -ENOTDIR) {
                        found++;
                        bh_hostrd_note(x, "%s: %s", all.v[i], bh_hostrd_errstr(r));
                        if (!cfg->unreadable) {
                                cfg->kind = BH_ENGINE_PODMAN;
                                cfg->present = true;
                                cfg->unreadable_loc =
                                        (struct bh_loc){.file = bh_hostrd_display(x, all.v[i])};
                                cfg->unreadable = bh_arena_printf(
                                        &x->doc->arena, "cannot read %s: %s%s%s%s",
                                        cfg->unreadable_loc.file, bh_hostrd_errstr(r),
                                        cfg->user ? " (" : "", cfg->user ? cfg->user : "",
                                        cfg->user ? "'s engine)" : "");
                                if (!cfg->path) {
                                        cfg->path = cfg->unreadable_loc.file;
                                        cfg->loc = cfg->unreadable_loc;
                                }
                        }
                        bh_doc_add_diag(x->doc, r == -EFBIG ? 9003 : 9004,
                                        (struct bh_loc){.file = bh_hostrd_display(x, all.v[i])},
                                        "cannot read %s: %s", all.v[i], bh_hostrd_errstr(r));
                }
                free(all.v[i]);
        }
        free(all.v);
        return found;
}

const char *const bh_hostrd_podman_system[2] = {"/usr/share/containers/containers.conf",
                                                "/etc/containers/containers.conf"};

static void bh_h_podman(struct bh_hctx *x)
{
        static const char *const reg[] = {"/etc/containers/registries.conf"};

        x->h->podman.kind = BH_ENGINE_PODMAN;
        bh_hostrd_toml_stack(x, bh_hostrd_podman_system, BH_ELEMENTSOF(bh_hostrd_podman_system),
                             "/etc/containers/containers.conf.d", false, &x->h->podman);
        bh_hostrd_toml_stack(x, reg, BH_ELEMENTSOF(reg), "/etc/containers/registries.conf.d", true,
                             &x->h->podman);
        if (x->h->podman.present)
                BH_VEC_PUSH(&x->h->files,
                            ((struct bh_hostfile){.kind = BH_HF_CONFIG,
                                                  .path = "/etc/containers/containers.conf",
                                                  .engine = "Podman"}));
}

/* ---- containerd ---- */

static void bh_h_containerd(struct bh_hctx *x)
{
        const char *path = "/etc/containerd/config.toml";
        struct bh_engine_cfg *cfg = &x->h->containerd;
        bh_autofree char *data = NULL;
        size_t len;
        int r = bh_hostrd_read(x, path, BH_LIMIT_HOST_FILE, &data, &len);

        cfg->kind = BH_ENGINE_CONTAINERD;
        if (r < 0) {
                if (r == -ENOENT || r == -ENOTDIR)
                        return;
                bh_hostrd_note(x, "%s: %s", path, bh_hostrd_errstr(r));
                bh_doc_add_diag(x->doc, r == -EFBIG ? 9003 : 9004,
                                (struct bh_loc){.file = bh_hostrd_display(x, path)},
                                "cannot read %s: %s", path, bh_hostrd_errstr(r));
                /* present, but nothing known: its checks are unknown, not n/a */
                cfg->present = true;
                cfg->path = bh_hostrd_display(x, path);
                cfg->loc = (struct bh_loc){.file = cfg->path};
                cfg->unreadable = bh_arena_printf(&x->doc->arena, "cannot read %s: %s", cfg->path,
                                                  bh_hostrd_errstr(r));
                cfg->unreadable_loc = cfg->loc;
                BH_VEC_PUSH(&x->h->files,
                            ((struct bh_hostfile){
                                    .kind = BH_HF_CONFIG, .path = path, .engine = "containerd"}));
                return;
        }
        bh_enginecfg_containerd_toml(x->doc, bh_hostrd_display(x, path), data, len, cfg);
        bh_hostrd_containerd_hosts(x, cfg, "/etc/containerd/certs.d");
        BH_VEC_PUSH(
                &x->h->files,
                ((struct bh_hostfile){.kind = BH_HF_CONFIG, .path = path, .engine = "containerd"}));
        if (cfg->tlskey.set && cfg->tlskey.s[0] == '/')
                BH_VEC_PUSH(&x->h->files, ((struct bh_hostfile){.kind = BH_HF_TLSKEY,
                                                                .path = cfg->tlskey.s,
                                                                .engine = "containerd",
                                                                .loc = cfg->tlskey.loc}));
}

/* ---- sockets and file modes ---- */

static void bh_h_owner_names(struct bh_hctx *x, struct bh_hostfile *f);

static void bh_h_stat_file(struct bh_hctx *x, struct bh_hostfile *f)
{
        struct stat st;
        int r = bh_rootfs_stat(&x->fs, f->path, &st);

        if (!f->loc.line)
                f->loc = (struct bh_loc){.file = bh_hostrd_display(x, f->path)};
        if (r < 0) {
                f->exists = r != -ENOENT;
                f->why = bh_hostrd_errstr(r);
                return;
        }
        f->exists = true;
        f->stat_ok = true;
        f->is_socket = S_ISSOCK(st.st_mode);
        f->is_regular = S_ISREG(st.st_mode);
        f->mode = (uint32_t)(st.st_mode & 07777);
        f->uid = (uint32_t)st.st_uid;
        f->gid = (uint32_t)st.st_gid;
        bh_h_owner_names(x, f);
}

/* Owner and group names, the group's members, from /etc/passwd and /etc/group. */
static void bh_h_owner_names(struct bh_hctx *x, struct bh_hostfile *f)
{
        if (x->passwd) {
                f->owner = bh_hostinfo_user(&x->doc->arena, x->passwd, x->passwd_len, f->uid);
                f->primary_members = bh_hostinfo_primary_members(&x->doc->arena, x->passwd,
                                                                 x->passwd_len, f->gid);
        }
        if (x->group) {
                uint32_t line;
                const char *name, *members;
                if (bh_hostinfo_group(&x->doc->arena, x->group, x->group_len, f->gid, &name,
                                      &members, &line)) {
                        f->group = name;
                        f->members = members;
                        f->group_loc = (struct bh_loc){
                                line, 1, line, 1, NULL, bh_hostrd_display(x, "/etc/group")};
                }
        }
}

/* The containerd socket as configured: stat'ed where it is; when it is not
 * on disk (containerd not running, an offline root), judged as containerd
 * will create it: mode 0660, owner [grpc] uid, group [grpc] gid. */
struct bh_h_seen {
        struct stat *v;
        size_t n;
        size_t cap;
};

static void bh_h_containerd_socket(struct bh_hctx *x, struct bh_h_seen *seen)
{
        const struct bh_engine_cfg *cfg = &x->h->containerd;
        const char *addr = cfg->grpc_address.set && cfg->grpc_address.s[0] == '/'
                                   ? cfg->grpc_address.s
                                   : "/run/containerd/containerd.sock";
        struct bh_hostfile f = {.kind = BH_HF_SOCKET, .path = addr, .engine = "containerd"};
        struct stat st;
        uint64_t v;

        if (!cfg->present)
                return;
        if (bh_rootfs_stat(&x->fs, addr, &st) == 0) {
                for (size_t k = 0; k < seen->n; k++)
                        if (seen->v[k].st_dev == st.st_dev && seen->v[k].st_ino == st.st_ino)
                                return;
                BH_VEC_PUSH(seen, st);
                bh_h_stat_file(x, &f);
                BH_VEC_PUSH(&x->h->files, f);
                return;
        }
        if (!cfg->grpc_uid.set && !cfg->grpc_gid.set)
                return;
        f.configured = true;
        f.exists = true;
        f.stat_ok = true;
        f.is_socket = true;
        f.mode = 0660;
        f.loc = cfg->grpc_gid.set ? cfg->grpc_gid.loc : cfg->grpc_uid.loc;
        if (cfg->grpc_uid.set && bh_parse_u64(cfg->grpc_uid.s, 0, UINT32_MAX, &v) == 0)
                f.uid = (uint32_t)v;
        if (cfg->grpc_gid.set && bh_parse_u64(cfg->grpc_gid.s, 0, UINT32_MAX, &v) == 0)
                f.gid = (uint32_t)v;
        bh_h_owner_names(x, &f);
        BH_VEC_PUSH(&x->h->files, f);
}

static void bh_h_sockets(struct bh_hctx *x)
{
        static const struct {
                const char *path, *engine;
        } socks[] = {
                {"/run/docker.sock", "Docker"},
                {"/var/run/docker.sock", "Docker"},
                {"/run/containerd/containerd.sock", "containerd"},
                {"/run/podman/podman.sock", "Podman"},
                {"/run/crio/crio.sock", "CRI-O"},
        };
        struct bh_h_seen seen = {0};
        char **users = NULL;
        size_t nusers = 0;
        bool trunc;

        for (size_t i = 0; i < BH_ELEMENTSOF(socks); i++) {
                struct bh_hostfile f = {
                        .kind = BH_HF_SOCKET, .path = socks[i].path, .engine = socks[i].engine};
                struct stat st;
                bool dup = false;
                if (bh_rootfs_stat(&x->fs, f.path, &st) < 0)
                        continue;
                /* /var/run is normally a link to /run: one socket, reported once */
                for (size_t k = 0; k < seen.n; k++)
                        dup |= seen.v[k].st_dev == st.st_dev && seen.v[k].st_ino == st.st_ino;
                if (dup)
                        continue;
                BH_VEC_PUSH(&seen, st);
                bh_h_stat_file(x, &f);
                BH_VEC_PUSH(&x->h->files, f);
        }
        /* rootless engines: /run/user/<uid>/docker.sock, .../podman/podman.sock */
        if (bh_rootfs_list(&x->fs, "/run/user", 4096, &users, &nusers, &trunc) == 0) {
                for (size_t i = 0; i < nusers; i++) {
                        const char *rel[] = {"docker.sock", "podman/podman.sock"};
                        for (size_t k = 0; k < 2; k++) {
                                struct bh_hostfile f = {
                                        .kind = BH_HF_SOCKET,
                                        .path = bh_arena_printf(&x->doc->arena, "/run/user/%s/%s",
                                                                users[i], rel[k]),
                                        .engine = k ? "Podman (rootless)" : "Docker (rootless)"};
                                uint64_t uid;
                                if (!bh_hostrd_exists(x, f.path))
                                        continue;
                                /* /run/user/<uid>: the socket is that user's */
                                if (bh_parse_u64(users[i], 0, UINT32_MAX, &uid) == 0) {
                                        f.per_user = true;
                                        f.owner_uid = (uint32_t)uid;
                                }
                                bh_h_stat_file(x, &f);
                                BH_VEC_PUSH(&x->h->files, f);
                        }
                }
        }
        bh_rootfs_names_free(users, nusers);
        bh_h_containerd_socket(x, &seen);
        free(seen.v);
        for (size_t i = 0; i < x->h->files.n; i++)
                if (x->h->files.v[i].kind != BH_HF_SOCKET)
                        bh_h_stat_file(x, &x->h->files.v[i]);
}

/* An engine that is installed (its package or socket) but has no
 * configuration runs with its defaults: those are judged too, located at the
 * socket or the package entry. */
static void bh_h_engine_defaults(struct bh_hctx *x, struct bh_engine_cfg *cfg, const char *which)
{
        if (cfg->present)
                return;
        for (size_t i = 0; i < x->h->files.n; i++) {
                const struct bh_hostfile *f = &x->h->files.v[i];
                if (f->kind == BH_HF_SOCKET && f->exists &&
                    bh_str_startswith_ci(f->engine, which) && !strstr(f->engine, "rootless")) {
                        cfg->present = true;
                        cfg->path = f->loc.file;
                        cfg->loc = f->loc;
                        return;
                }
        }
        for (size_t i = 0; i < x->h->pkgs.n; i++) {
                const struct bh_pkg *p = &x->h->pkgs.v[i];
                /* every package is listed now: only an engine's own counts */
                bool match = !bh_hostinfo_pkg_wanted(p->name) ? false
                             : strcmp(which, "docker") == 0
                                     ? bh_str_startswith(p->name, "docker") ||
                                               strcmp(p->name, "moby-engine") == 0
                                     : strcmp(p->name, "podman") == 0;
                if (match) {
                        cfg->present = true;
                        cfg->path = p->loc.file;
                        cfg->loc = p->loc;
                        return;
                }
        }
}

/* Mode of each configured runtime executable given by absolute path (a
 * world-writable one lets any local user replace what runs every container). */
static void bh_h_runtimes(struct bh_hctx *x, struct bh_engine_cfg *cfg)
{
        for (size_t i = 0; i < cfg->runtimes.n; i++) {
                struct bh_cfg_item *it = &cfg->runtimes.v[i];
                struct stat st;
                if (!it->path || it->path[0] != '/' || bh_rootfs_stat(&x->fs, it->path, &st) < 0)
                        continue;
                it->path_stat_ok = true;
                it->path_mode = (uint32_t)(st.st_mode & 07777);
        }
}

int bh_frontend_host(struct bh_doc *doc, const struct bh_host_opts *o, struct bh_error **err)
{
        struct bh_hctx x = {.doc = doc, .root = o->root ? o->root : "/"};
        struct bh_host *h;
        int r;

        r = bh_rootfs_open(&x.fs, x.root, o->force_portable, err);
        if (r < 0)
                return r;
        h = bh_arena_alloc(&doc->arena, sizeof(*h));
        h->root = bh_arena_strdup(&doc->arena, x.root);
        x.h = h;
        doc->surface_model = h;
        bh_hostrd_read(&x, "/etc/passwd", BH_LIMIT_HOST_FILE, &x.passwd, &x.passwd_len);
        bh_hostrd_read(&x, "/etc/group", BH_LIMIT_HOST_FILE, &x.group, &x.group_len);

        bh_h_os(&x);
        bh_h_pkgdb(&x);
        bh_h_kernel(&x);
        bh_hostinfo_kernel(&doc->arena, h);
        bh_h_features(&x);
        bh_h_docker(&x);
        bh_h_podman(&x);
        bh_h_containerd(&x);
        bh_hostrd_users(&x);
        bh_hostrd_podman_service(&x);
        bh_h_sockets(&x);
        bh_h_runtimes(&x, &h->docker);
        bh_h_runtimes(&x, &h->podman);
        bh_h_runtimes(&x, &h->containerd);
        for (size_t i = 0; i < h->user_cfgs.n; i++)
                bh_h_runtimes(&x, h->user_cfgs.v[i]);
        bh_h_engine_defaults(&x, &h->docker, "docker");
        bh_h_engine_defaults(&x, &h->podman, "podman");

        free(x.passwd);
        free(x.group);
        bh_rootfs_close(&x.fs);
        return 0;
}
