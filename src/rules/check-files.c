/* Theme 8, image contents: rules over the merged filesystem of a built image
 * and the facts read from its files (src/model/image.h).  Findings are
 * located at the file inside the image, with the layer that wrote it. */
#include <stdio.h>
#include <sys/stat.h>

#include "../model/image.h"
#include "../util/strutil.h"
#include "checks.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

static const struct bh_image *bh_img(const struct bh_doc *doc)
{
        return doc->surface == BH_SURFACE_IMAGE ? doc->surface_model : NULL;
}

/* Where a finding about a path of the image goes: "<image>:/path" plus the
 * layer that last wrote it. */
static struct bh_loc bh_img_path_loc(const struct bh_doc *doc, const struct bh_image *img,
                                     const struct bh_image_file *f, char *file, size_t fcap,
                                     char *note, size_t ncap)
{
        struct bh_loc loc = {0};
        const char *dg = f->layer < img->layers.n ? img->layers.v[f->layer].digest : NULL;

        snprintf(file, fcap, "%s:/%s", doc->path, f->path);
        snprintf(note, ncap, "layer %u %.19s", f->layer + 1, dg ? dg : "?");
        loc.file = file;
        loc.note = note;
        return loc;
}

/* setuid/setgid programs every distribution ships: expected, still listed. */
static bool bh_img_usual_setuid(const char *path)
{
        static const char *const dirs[] = {"bin/",     "sbin/",        "usr/bin/", "usr/sbin/",
                                           "usr/lib/", "usr/libexec/", "lib/"};
        static const char *const names[] = {"passwd",
                                            "su",
                                            "mount",
                                            "umount",
                                            "newgrp",
                                            "chsh",
                                            "chfn",
                                            "gpasswd",
                                            "sudo",
                                            "expiry",
                                            "chage",
                                            "unix_chkpwd",
                                            "ping",
                                            "ping6",
                                            "wall",
                                            "write",
                                            "bsd-write",
                                            "crontab",
                                            "ssh-agent",
                                            "ssh-keysign",
                                            "fusermount",
                                            "fusermount3",
                                            "dbus-daemon-launch-helper",
                                            "pam_extrausers_chkpwd",
                                            "busybox"};
        const char *base = bh_path_basename(path);
        bool in_dir = false;

        for (size_t i = 0; i < BH_ELEMENTSOF(dirs); i++)
                if (bh_str_startswith(path, dirs[i]))
                        in_dir = true;
        if (!in_dir)
                return false;
        for (size_t i = 0; i < BH_ELEMENTSOF(names); i++)
                if (strcmp(base, names[i]) == 0)
                        return true;
        return false;
}

void bh_check_img_setuid(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        const struct bh_image *img = bh_img(doc);
        char file[4200], note[64];

        (void)r;
        for (size_t i = 0; img && i < img->files.n; i++) {
                const struct bh_image_file *f = &img->files.v[i];
                bool su = f->mode & S_ISUID, sg = f->mode & S_ISGID;
                if (!S_ISREG(f->mode) || (!su && !sg))
                        continue;
                bool usual = bh_img_usual_setuid(f->path);
                bh_emit_sev(e, usual ? BH_SEV_LOW : BH_SEV_HIGH,
                            bh_img_path_loc(doc, img, f, file, sizeof(file), note, sizeof(note)),
                            "%s file /%s (mode %04o, owner %u:%u)%s",
                            su && sg ? "setuid and setgid"
                            : su     ? "setuid"
                                     : "setgid",
                            f->path, f->mode & 07777u, f->uid, f->gid,
                            usual ? ": a usual system program, listed for review"
                                  : ": it runs with its owner's privileges whoever starts it");
        }
}

void bh_check_img_world_writable(const struct bh_rule *r, const struct bh_doc *doc,
                                 struct bh_emit *e)
{
        const struct bh_image *img = bh_img(doc);
        char file[4200], note[64];

        (void)r;
        for (size_t i = 0; img && i < img->files.n; i++) {
                const struct bh_image_file *f = &img->files.v[i];
                if (!(f->mode & S_IWOTH))
                        continue;
                if (S_ISDIR(f->mode) && !(f->mode & S_ISVTX))
                        bh_emit(e,
                                bh_img_path_loc(doc, img, f, file, sizeof(file), note,
                                                sizeof(note)),
                                "directory /%s is world-writable without the sticky bit (mode "
                                "%04o): any user can replace the files in it",
                                f->path, f->mode & 07777u);
                else if (S_ISREG(f->mode))
                        bh_emit(e,
                                bh_img_path_loc(doc, img, f, file, sizeof(file), note,
                                                sizeof(note)),
                                "file /%s is world-writable (mode %04o): any user in the "
                                "container can change it",
                                f->path, f->mode & 07777u);
        }
}

void bh_check_img_secret(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        const struct bh_image *img = bh_img(doc);

        (void)r;
        for (size_t i = 0; img && i < img->secrets.n; i++) {
                const struct bh_image_secret *s = &img->secrets.v[i];
                switch (s->kind) {
                case BH_IMG_SECRET_PRIVATE_KEY:
                        bh_emit_sev(e, s->encrypted ? BH_SEV_LOW : BH_SEV_HIGH, s->loc,
                                    "private key in /%s%s", s->path,
                                    s->encrypted ? " (encrypted with a passphrase)"
                                                 : ": anyone who pulls the image has it");
                        break;
                case BH_IMG_SECRET_AWS:
                        bh_emit(e, s->loc, "AWS secret access key in /%s", s->path);
                        break;
                case BH_IMG_SECRET_DOCKER_AUTH:
                        bh_emit(e, s->loc, "registry credentials for %s in /%s",
                                s->detail ? s->detail : "?", s->path);
                        break;
                case BH_IMG_SECRET_NPM_TOKEN:
                        bh_emit(e, s->loc, "npm registry token in /%s", s->path);
                        break;
                case BH_IMG_SECRET_GIT_CREDS:
                        bh_emit(e, s->loc, "git credentials (a URL with a password) in /%s",
                                s->path);
                        break;
                case BH_IMG_SECRET_PGPASS:
                        bh_emit(e, s->loc, "PostgreSQL password file /%s", s->path);
                        break;
                case BH_IMG_SECRET_NETRC:
                        bh_emit(e, s->loc, "password in /%s", s->path);
                        break;
                case BH_IMG_SECRET_ENV_FILE:
                        if (s->detail && bh_ruleutil_secret_name(s->detail))
                                bh_emit_sev(e, BH_SEV_MEDIUM, s->loc, "secret-looking %s in /%s",
                                            s->detail, s->path);
                        break;
                default:
                        break;
                }
        }
}

void bh_check_img_uid0(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        const struct bh_image *img = bh_img(doc);
        uint64_t uid;

        (void)r;
        for (size_t i = 0; img && i < img->accounts.n; i++) {
                const struct bh_image_account *a = &img->accounts.v[i];
                if (strcmp(a->name, "root") == 0 || bh_parse_u64(a->uid, 0, UINT32_MAX, &uid) < 0 ||
                    uid != 0)
                        continue;
                bh_emit(e, a->loc, "account %s has UID 0: it is root under another name", a->name);
        }
}

void bh_check_img_empty_password(const struct bh_rule *r, const struct bh_doc *doc,
                                 struct bh_emit *e)
{
        const struct bh_image *img = bh_img(doc);

        (void)r;
        for (size_t i = 0; img && i < img->shadow.n; i++) {
                const struct bh_image_shadow *s = &img->shadow.v[i];
                if (s->hash[0])
                        continue;
                bh_emit(e, s->loc,
                        "account %s has an empty password hash: it logs in (su, "
                        "login) without a password",
                        s->name);
        }
}

/* "NOPASSWD:" then "ALL" as the command (not ALL=(...) of the host part). */
static bool bh_img_nopasswd_all(const char *s)
{
        for (const char *p = s; (p = strstr(p, "NOPASSWD:")) != NULL;) {
                p += 9;
                while (*p == ' ' || *p == '\t')
                        p++;
                if (strncmp(p, "ALL", 3) == 0 &&
                    (p[3] == '\0' || p[3] == ' ' || p[3] == '\t' || p[3] == ',' || p[3] == '\n'))
                        return true;
        }
        return false;
}

void bh_check_img_sudo_nopasswd(const struct bh_rule *r, const struct bh_doc *doc,
                                struct bh_emit *e)
{
        const struct bh_image *img = bh_img(doc);

        (void)r;
        for (size_t i = 0; img && i < img->sudo.n; i++) {
                const struct bh_image_sudo *s = &img->sudo.v[i];
                if (!bh_img_nopasswd_all(s->text))
                        continue;
                char who[64];
                size_t n = strcspn(s->text, " \t");
                snprintf(who, sizeof(who), "%.*s", (int)BH_MIN(n, sizeof(who) - 1), s->text);
                bh_emit(e, s->loc, "sudoers: %s may run every command as root without a password",
                        who);
        }
}

/* Every surface's ports (EXPOSE, config ExposedPorts, -p, ports:, containerPort). */
void bh_check_ssh_port(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];
                for (size_t j = 0; j < c->ports.n; j++) {
                        const struct bh_port *p = &c->ports.v[j];
                        uint32_t lo = p->container_port;
                        uint32_t hi = p->container_port_end > lo ? p->container_port_end : lo;
                        if (!p->known || lo > 22 || hi < 22 ||
                            (p->proto && strcmp(p->proto, "tcp") != 0))
                                continue;
                        bh_emit(e, p->loc,
                                "%s port 22 (SSH): an SSH server in a container is one more "
                                "daemon with credentials to manage and attack",
                                p->published ? "publishes" : "exposes");
                }
        }
}
