/* Test helper for tests/vuln/oracle.py: reads "scheme<TAB>a<TAB>b" lines on
 * stdin and prints "cmp valid_a valid_b accepted_a accepted_b" per line, so
 * the oracle can compare bulkhead with dpkg and rpm without a C binding. */
#include <stdio.h>
#include <string.h>

#include "../../src/vuln/version.h"

#include "../../src/util/bh-banned.h"

/* Rejected versions sort before every accepted one and bytewise among
 * themselves, so comparing with a rejected probe that is bytewise above
 * every generated string tells the classes apart. */
static const char reject_probe[] = "\xff\xff\xff\x01:\x01";

static int (*const cmps[])(const char *, const char *) = {
        [BH_VERSION_SCHEME_DPKG] = bh_version_cmp_dpkg,
        [BH_VERSION_SCHEME_APK] = bh_version_cmp_apk,
        [BH_VERSION_SCHEME_RPM] = bh_version_cmp_rpm,
};

static bool (*const valids[])(const char *) = {
        [BH_VERSION_SCHEME_DPKG] = bh_version_valid_dpkg,
        [BH_VERSION_SCHEME_APK] = bh_version_valid_apk,
        [BH_VERSION_SCHEME_RPM] = bh_version_valid_rpm,
};

int main(void)
{
        static char line[4096];

        while (fgets(line, sizeof(line), stdin)) {
                char *a, *b, *nl;
                int s;

                nl = strchr(line, '\n');
                if (nl)
                        *nl = '\0';
                a = strchr(line, '\t');
                b = a ? strchr(a + 1, '\t') : NULL;
                if (!b) {
                        fprintf(stderr, "version-tool: malformed line\n");
                        return 2;
                }
                *a++ = '\0';
                *b++ = '\0';
                for (s = 0; s < BH_VERSION_SCHEME__COUNT; s++)
                        if (strcmp(line, bh_version_scheme_name((enum bh_version_scheme)s)) == 0)
                                break;
                if (s == BH_VERSION_SCHEME__COUNT) {
                        fprintf(stderr, "version-tool: unknown scheme\n");
                        return 2;
                }
                printf("%d %d %d %d %d\n", cmps[s](a, b), valids[s](a), valids[s](b),
                       cmps[s](a, reject_probe) > 0, cmps[s](b, reject_probe) > 0);
        }
        return fflush(stdout) == 0 ? 0 : 1;
}
