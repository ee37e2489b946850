/* Theme 4, privileges and capabilities. */
#include <string.h>

#include "../util/strutil.h"
#include "checks.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

void bh_check_privileged(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                if (c->privileged != BH_TRUE)
                        continue;
                bh_emit(e, c->privileged_loc.line ? c->privileged_loc : c->loc,
                        "privileged container: every capability, every device and no "
                        "seccomp/AppArmor/SELinux confinement, i.e. root on the host");
        }
}

void bh_check_cap_dangerous(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];
                bool host_pid = c->pid_mode.set && c->pid_mode.known && c->pid_mode.s &&
                                strcmp(c->pid_mode.s, "host") == 0;

                for (size_t j = 0; j < c->cap_add.n; j++) {
                        const struct bh_cap *cap = &c->cap_add.v[j];
                        const char *why;
                        bool dflt;
                        enum bh_severity sev;

                        if (!cap->name || !*cap->name)
                                continue;
                        sev = bh_ruleutil_cap_tier(cap->name, &dflt, &why);
                        if (dflt)
                                continue;
                        /* ptrace over the host's processes is code execution on the host */
                        if (host_pid && strcmp(cap->name, "SYS_PTRACE") == 0) {
                                bh_emit_sev(e, BH_SEV_CRITICAL, cap->loc,
                                            "capability SYS_PTRACE added with the host PID "
                                            "namespace: it can inject code into host processes");
                                continue;
                        }
                        bh_emit_sev(e, sev, cap->loc, "capability %s added: %s", cap->name, why);
                }
        }
}

/* Host devices by what they give: the host's disks or memory are the host
 * (critical); kernel log, input, consoles and unknown devices are high; the
 * usual accelerators and bounded helpers are medium. */
static const struct {
        const char *prefix; /* matches the path or a path starting with it */
        enum bh_severity sev;
        const char *why;
} bh_devices[] = {
        {"/dev/sd", BH_SEV_CRITICAL, "a host disk: raw access to the host's filesystems"},
        {"/dev/hd", BH_SEV_CRITICAL, "a host disk: raw access to the host's filesystems"},
        {"/dev/vd", BH_SEV_CRITICAL, "a host disk: raw access to the host's filesystems"},
        {"/dev/xvd", BH_SEV_CRITICAL, "a host disk: raw access to the host's filesystems"},
        {"/dev/nvme", BH_SEV_CRITICAL, "a host disk: raw access to the host's filesystems"},
        {"/dev/mmcblk", BH_SEV_CRITICAL, "a host disk: raw access to the host's filesystems"},
        {"/dev/md", BH_SEV_CRITICAL, "a host RAID device: raw access to the host's filesystems"},
        {"/dev/dm-", BH_SEV_CRITICAL, "a device-mapper volume: raw access to the host's filesystems"},
        {"/dev/mapper/", BH_SEV_CRITICAL, "a device-mapper volume: raw access to the host's filesystems"},
        {"/dev/disk/", BH_SEV_CRITICAL, "a host disk: raw access to the host's filesystems"},
        {"/dev/loop", BH_SEV_CRITICAL, "a loop device: raw access to the files behind it"},
        {"/dev/rbd", BH_SEV_CRITICAL, "a Ceph block device: raw access to its filesystem"},
        {"/dev/zfs", BH_SEV_CRITICAL, "the ZFS control device: every pool of the host"},
        {"/dev/mem", BH_SEV_CRITICAL, "physical memory: read and write the running kernel"},
        {"/dev/kmem", BH_SEV_CRITICAL, "kernel memory: read and write the running kernel"},
        {"/dev/port", BH_SEV_CRITICAL, "I/O ports: direct hardware access"},
        {"/dev/cpu/", BH_SEV_CRITICAL, "CPU MSRs: change the processor's configuration"},
        {"/dev/kmsg", BH_SEV_HIGH, "the kernel log: kernel addresses leak, and it can be spoofed"},
        {"/dev/input/", BH_SEV_HIGH, "input devices: keystrokes of the host's users"},
        {"/dev/uinput", BH_SEV_HIGH, "synthetic input: type into the host's sessions"},
        {"/dev/ttyUSB", BH_SEV_MEDIUM, "a serial adapter"},
        {"/dev/ttyACM", BH_SEV_MEDIUM, "a serial adapter"},
        {"/dev/tty", BH_SEV_HIGH, "a host terminal: inject input into a host session"},
        {"/dev/console", BH_SEV_HIGH, "the host console"},
        {"/dev/kvm", BH_SEV_MEDIUM, "KVM: a large kernel attack surface"},
        {"/dev/fuse", BH_SEV_MEDIUM, "FUSE: a kernel attack surface, needed for FUSE mounts"},
        {"/dev/net/tun", BH_SEV_MEDIUM, "TUN/TAP: raw network interfaces"},
        {"/dev/dri", BH_SEV_MEDIUM, "a GPU"},
        {"/dev/nvidia", BH_SEV_MEDIUM, "a GPU"},
        {"/dev/snd", BH_SEV_MEDIUM, "sound devices"},
        {"/dev/video", BH_SEV_MEDIUM, "a camera or capture device"},
        {"/dev/bus/usb", BH_SEV_MEDIUM, "USB devices"},
};

static void bh_check_device(const struct bh_device *d, struct bh_arena *a, struct bh_emit *e)
{
        const char *path;

        if (!d->host_path || !*d->host_path || strchr(d->host_path, '$'))
                return;
        if (d->host_path[0] != '/') { /* CDI: vendor.com/class=name */
                bh_emit_sev(e, BH_SEV_MEDIUM, d->loc,
                            "CDI device %s is given to the container: check what its "
                            "specification mounts and allows",
                            d->host_path);
                return;
        }
        path = bh_path_normalize(a, d->host_path);
        if (strcmp(path, "/") == 0 || strcmp(path, "/dev") == 0) {
                bh_emit_sev(e, BH_SEV_CRITICAL, d->loc,
                            "host device directory %s is given to the container: every host "
                            "device, disks included",
                            d->host_path);
                return;
        }
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_devices); i++)
                if (bh_str_startswith(path, bh_devices[i].prefix)) {
                        bh_emit_sev(e, bh_devices[i].sev, d->loc,
                                    "host device %s is given to the container: %s", d->host_path,
                                    bh_devices[i].why);
                        return;
                }
        bh_emit(e, d->loc, "host device %s is given to the container: direct access to host hardware",
                d->host_path);
}

/* "a *:* rwm", "b *:* rw", "c *:* r": a type with any major number and read or
 * write access lets the container use every such device it can mknod. */
static void bh_check_cgroup_rule(const struct bh_value *v, struct bh_emit *e)
{
        const char *s = v->s;
        char type;
        size_t n;

        if (!v->set || !v->known || !s)
                return;
        s += strspn(s, " \t");
        type = s[0];
        if ((type != 'a' && type != 'b' && type != 'c') || (s[1] != ' ' && s[1] != '\t' && s[1]))
                return;
        s++;
        s += strspn(s, " \t");
        /* "a" alone is "a *:* rwm" */
        if (*s && s[0] != '*')
                return;
        n = strcspn(s, " \t");
        s += n;
        s += strspn(s, " \t");
        if (*s && !strpbrk(s, "rw"))
                return; /* mknod only: nothing can be opened */
        if (type == 'c')
                bh_emit(e, v->loc,
                        "device cgroup rule \"%s\" allows every character device (with mknod: "
                        "/dev/mem, /dev/kmsg, terminals...)",
                        v->s);
        else
                bh_emit_sev(e, BH_SEV_CRITICAL, v->loc,
                            "device cgroup rule \"%s\" allows every %sdevice, the host's disks "
                            "included (with mknod they can be opened)",
                            v->s, type == 'b' ? "block " : "");
}

void bh_check_host_device(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        struct bh_arena a = {0};

        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                for (size_t j = 0; j < c->devices.n; j++)
                        bh_check_device(&c->devices.v[j], &a, e);
                for (size_t j = 0; j < c->device_cgroup_rules.n; j++)
                        bh_check_cgroup_rule(&c->device_cgroup_rules.v[j], e);
        }
        bh_arena_release(&a);
}
