/* Capability names and their bit numbers (linux/capability.h), for the
 * comparison of an engine's claims with a process's /proc masks. */
#include <string.h>

#include "model.h"

#include "../util/bh-banned.h"

static const char *const bh_cap_names[BH_CAP_COUNT] = {
        "CHOWN",
        "DAC_OVERRIDE",
        "DAC_READ_SEARCH",
        "FOWNER",
        "FSETID",
        "KILL",
        "SETGID",
        "SETUID",
        "SETPCAP",
        "LINUX_IMMUTABLE",
        "NET_BIND_SERVICE",
        "NET_BROADCAST",
        "NET_ADMIN",
        "NET_RAW",
        "IPC_LOCK",
        "IPC_OWNER",
        "SYS_MODULE",
        "SYS_RAWIO",
        "SYS_CHROOT",
        "SYS_PTRACE",
        "SYS_PACCT",
        "SYS_ADMIN",
        "SYS_BOOT",
        "SYS_NICE",
        "SYS_RESOURCE",
        "SYS_TIME",
        "SYS_TTY_CONFIG",
        "MKNOD",
        "LEASE",
        "AUDIT_WRITE",
        "AUDIT_CONTROL",
        "SETFCAP",
        "MAC_OVERRIDE",
        "MAC_ADMIN",
        "SYSLOG",
        "WAKE_ALARM",
        "BLOCK_SUSPEND",
        "AUDIT_READ",
        "PERFMON",
        "BPF",
        "CHECKPOINT_RESTORE",
};

int bh_cap_bit(const char *name)
{
        for (unsigned i = 0; i < BH_CAP_COUNT; i++)
                if (strcmp(bh_cap_names[i], name) == 0)
                        return (int)i;
        return -1;
}

const char *bh_cap_name(unsigned bit)
{
        return bit < BH_CAP_COUNT ? bh_cap_names[bit] : NULL;
}
