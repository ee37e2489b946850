/* Replays fuzz inputs without libFuzzer (systemd fuzz-main.c, libgit2
 * standalone_driver.c): each argument is a file or a directory of files;
 * every input is run through LLVMFuzzerTestOneInput.  Prints TAP so that
 * meson test runs the seed corpus as an ordinary test under gcc. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#include "../../src/util/file.h"
#include "../../src/util/limits.h"

#include "../../src/util/bh-banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned ntests;
static unsigned nfail;

static void run_file(const char *path)
{
        struct bh_error *err = NULL;
        char *data = NULL;
        size_t len = 0;

        ntests++;
        if (bh_file_read(path, 16u * BH_LIMIT_FILE_SIZE, &data, &len, &err) < 0) {
                printf("not ok %u - %s # %s\n", ntests, path, err->msg);
                bh_error_free(err);
                nfail++;
                return;
        }
        LLVMFuzzerTestOneInput((const uint8_t *)data, len);
        free(data);
        printf("ok %u - %s\n", ntests, path);
}

static int cmp_names(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path)
{
        struct stat st;

        if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
                run_file(path);
                return;
        }
        DIR *d = opendir(path);
        if (!d) {
                printf("not ok %u - %s # cannot open\n", ++ntests, path);
                nfail++;
                return;
        }
        BH_VEC(char *) names = { 0 };
        const struct dirent *e;
        while ((e = readdir(d)))
                if (e->d_name[0] != '.')
                        BH_VEC_PUSH(&names, bh_xasprintf("%s/%s", path, e->d_name));
        closedir(d);
        /* sorted, so the TAP numbering is stable */
        if (names.n)
                qsort(names.v, names.n, sizeof(*names.v), cmp_names);
        for (size_t i = 0; i < names.n; i++) {
                run_file(names.v[i]);
                free(names.v[i]);
        }
        free(names.v);
}

int main(int argc, char **argv)
{
        for (int i = 1; i < argc; i++)
                run_path(argv[i]);
        printf("1..%u\n", ntests);
        return nfail ? 1 : 0;
}
