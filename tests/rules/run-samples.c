/* Rule sample runner: for each tests/rules/BHnnnn/ folder, scan every
 * positive-* and negative-* sample with only that rule enabled, through the
 * frontend its file name selects (bh_sample_type).  Positives must produce
 * exactly the lines that name them ("<file>:<line>:<col> <severity>") in the
 * folder's expected*.txt files (one per surface, so each surface's owner has
 * their own file), negatives nothing.  A sample whose frontend is not
 * registered yet is skipped.  An optional file `profile` ("pss-restricted
 * v1.35") sets the profile and its version.  Prints TAP. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../../src/frontend/frontend.h"
#include "../../src/model/finding.h"
#include "../../src/rules/pss.h"
#include "../../src/rules/rules.h"
#include "../../src/util/buf.h"
#include "../../src/util/file.h"
#include "../../src/util/limits.h"
#include "../../src/util/strutil.h"

#include "../../src/util/bh-banned.h"

struct bh_lines {
        BH_VEC(char *) v;
};

static void bh_lines_release(struct bh_lines *l)
{
        for (size_t i = 0; i < l->v.n; i++)
                free(l->v.v[i]);
        free(l->v.v);
        memset(l, 0, sizeof(*l));
}

static int bh_cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static void bh_lines_sort(struct bh_lines *l)
{
        if (l->v.n)
                qsort(l->v.v, l->v.n, sizeof(char *), bh_cmp_str);
}

/* Sorted names in dir that pass keep(). */
static bool bh_list_dir(const char *dir, bool (*keep)(const char *dir, const char *name),
                        struct bh_lines *out)
{
        DIR *d = opendir(dir);
        struct dirent *de;

        if (!d)
                return false;
        while ((de = readdir(d)))
                if (de->d_name[0] != '.' && keep(dir, de->d_name))
                        BH_VEC_PUSH(&out->v, bh_xstrdup(de->d_name));
        closedir(d);
        bh_lines_sort(out);
        return true;
}

static bool bh_is_rule_dir(const char *dir, const char *name)
{
        char *path = bh_xasprintf("%s/%s", dir, name);
        struct stat st;
        bool ok = strlen(name) == 6 && bh_str_startswith(name, "BH") && stat(path, &st) == 0 &&
                  S_ISDIR(st.st_mode);

        free(path);
        return ok;
}

static bool bh_is_sample(const char *dir, const char *name)
{
        (void)dir;
        return bh_str_startswith(name, "positive-") || bh_str_startswith(name, "negative-");
}

static bool bh_is_any(const char *dir, const char *name)
{
        (void)dir;
        (void)name;
        return true;
}

static bool bh_is_expected_file(const char *dir, const char *name)
{
        (void)dir;
        return bh_str_startswith(name, "expected") && bh_str_endswith(name, ".txt");
}

static bool bh_ends_with_any(const char *name, const char *const *suffixes, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (bh_str_endswith(name, suffixes[i]))
                        return true;
        return false;
}

/* The frontend type a sample's file name selects; NULL when none.  Suffixes
 * first: "x.Dockerfile.sh" is a shell script. */
static const char *bh_sample_type(const char *name)
{
        static const char *const compose[] = {".compose.yaml", ".compose.yml"};
        static const char *const kube[] = {".k8s.yaml", ".k8s.yml", ".k8s.json"};
        static const char *const quadlet[] = {".container", ".pod", ".kube", ".network", ".volume"};
        static const char *const runline[] = {".sh",     ".mk",           "Makefile",     ".service",
                                              ".md",     ".gitlab-ci.yml", ".workflow.yml"};

        if (bh_str_endswith(name, ".daemon.json"))
                return "daemon";
        if (bh_str_endswith(name, ".containers.conf") || bh_str_endswith(name, ".registries.conf"))
                return "containers-conf";
        if (bh_str_endswith(name, ".containerd.toml"))
                return "containerd-conf";
        if (bh_ends_with_any(name, compose, BH_ELEMENTSOF(compose)))
                return "compose";
        if (bh_ends_with_any(name, kube, BH_ELEMENTSOF(kube)))
                return "kubernetes";
        if (bh_ends_with_any(name, quadlet, BH_ELEMENTSOF(quadlet)))
                return "quadlet";
        if (bh_ends_with_any(name, runline, BH_ELEMENTSOF(runline)))
                return "runline";
        if (strstr(name, "Dockerfile") || strstr(name, "Containerfile"))
                return "dockerfile";
        return NULL;
}

/* All expected*.txt of dir, concatenated (each ends with a newline). */
static char *bh_read_expected(const char *dir)
{
        struct bh_lines files = {0};
        struct bh_buf all;

        bh_buf_init(&all, 16 * BH_LIMIT_FILE_SIZE);
        bh_list_dir(dir, bh_is_expected_file, &files);
        for (size_t i = 0; i < files.v.n; i++) {
                char *path = bh_xasprintf("%s/%s", dir, files.v.v[i]);
                char *data = NULL;
                size_t len = 0;
                struct bh_error *err = NULL;

                if (bh_file_read(path, BH_LIMIT_FILE_SIZE, &data, &len, &err) == 0) {
                        bh_buf_add(&all, data, len);
                        bh_buf_addc(&all, '\n');
                }
                bh_error_free(err);
                free(data);
                free(path);
        }
        bh_lines_release(&files);
        return bh_buf_detach(&all, NULL);
}

struct bh_profile {
        char name[64];
        char version[32];
};

/* The folder's `profile` file ("pss-restricted v1.35"); "default latest" without one. */
static void bh_read_profile(const char *dir, struct bh_profile *p)
{
        char *path = bh_xasprintf("%s/profile", dir);
        char *data = NULL;
        size_t len = 0;
        struct bh_error *err = NULL;

        snprintf(p->name, sizeof(p->name), "default");
        snprintf(p->version, sizeof(p->version), "latest");
        if (bh_file_read(path, BH_LIMIT_FILE_SIZE, &data, &len, &err) == 0) {
                const char *q = data + strspn(data, " \t\r\n");
                size_t n = strcspn(q, " \t\r\n");
                if (n && n < sizeof(p->name))
                        snprintf(p->name, sizeof(p->name), "%.*s", (int)n, q);
                q += n;
                q += strspn(q, " \t\r\n");
                n = strcspn(q, " \t\r\n");
                if (n && n < sizeof(p->version))
                        snprintf(p->version, sizeof(p->version), "%.*s", (int)n, q);
        }
        bh_error_free(err);
        free(data);
        free(path);
}

/* expected.txt lines naming file, sorted. */
static void bh_expected_for(const char *expected, const char *file, struct bh_lines *out)
{
        size_t flen = strlen(file);

        for (const char *p = expected; p && *p;) {
                const char *nl = strchr(p, '\n');
                size_t n = nl ? (size_t)(nl - p) : strlen(p);
                while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
                        n--;
                if (n > flen && memcmp(p, file, flen) == 0 && p[flen] == ':')
                        BH_VEC_PUSH(&out->v, bh_xstrndup(p, n));
                p = nl ? nl + 1 : p + strlen(p);
        }
        bh_lines_sort(out);
}

/* Every file named in expected.txt must be a positive sample of the folder. */
static bool bh_expected_files_exist(const char *expected, const struct bh_lines *samples,
                                    char *bad, size_t badlen)
{
        for (const char *p = expected; p && *p;) {
                const char *nl = strchr(p, '\n');
                size_t n = nl ? (size_t)(nl - p) : strlen(p);
                size_t f = strcspn(p, ":\n");
                bool found = false;
                if (n && p[0] != '#' && f < n) {
                        for (size_t i = 0; i < samples->v.n; i++)
                                if (strlen(samples->v.v[i]) == f && memcmp(samples->v.v[i], p, f) == 0 &&
                                    bh_str_startswith(samples->v.v[i], "positive-"))
                                        found = true;
                        if (!found) {
                                snprintf(bad, badlen, "%.*s", (int)BH_MIN(n, 200), p);
                                return false;
                        }
                }
                p = nl ? nl + 1 : p + strlen(p);
        }
        return true;
}

static int bh_run_sample(const char *dir, const char *rule_id, const char *file,
                         const struct bh_frontend_desc *fe, const struct bh_profile *prof,
                         struct bh_lines *got, struct bh_lines *msgs)
{
        char *path;
        char *data = NULL;
        size_t len = 0;
        struct bh_error *err = NULL;
        struct bh_doc doc;
        struct bh_findings f;
        struct bh_frontend_opts opt = {.profile = prof->name, .pss_version = prof->version};
        size_t count;
        const struct bh_rule *tab = bh_rules_table(&count);
        bool *enabled;

        path = bh_xasprintf("%s/%s", dir, file);
        if (bh_file_read(path, BH_LIMIT_FILE_SIZE, &data, &len, &err) < 0) {
                fprintf(stdout, "# %s: %s\n", path, err ? err->msg : "read error");
                bh_error_free(err);
                free(path);
                return -1;
        }
        enabled = bh_xcalloc(count, sizeof(bool));
        for (size_t i = 0; i < count; i++)
                enabled[i] = strcmp(tab[i].id, rule_id) == 0;
        bh_doc_init(&doc, file, fe->surface, data, len);
        bh_findings_init(&f);
        if (fe->parse(&doc, &opt, &err) < 0) {
                fprintf(stdout, "# %s: frontend failed: %s\n", path, err ? err->msg : "?");
                bh_error_free(err);
                err = NULL;
        }
        free(path);
        /* the profile reaches the rules too (an unknown one fails the sample) */
        struct bh_rules_opts ropts = {0};
        if (bh_pss_parse_profile(prof->name, &ropts.pss_level) < 0 ||
            bh_pss_parse_version(prof->version, &ropts.pss_minor) < 0) {
                fprintf(stdout, "# %s/profile: unknown profile or version '%s %s'\n", dir,
                        prof->name, prof->version);
                bh_findings_release(&f);
                bh_doc_release(&doc);
                free(enabled);
                free(data);
                return -1;
        }
        bh_rules_run_opts(&doc, enabled, &ropts, &f);
        for (size_t i = 0; i < f.items.n; i++) {
                const struct bh_finding *x = &f.items.v[i];
                if (strcmp(x->rule_id, rule_id) != 0)
                        continue;
                BH_VEC_PUSH(&got->v, bh_xasprintf("%s:%u:%u %s", file, x->loc.line, x->loc.col,
                                                  bh_severity_name(x->severity)));
                BH_VEC_PUSH(&msgs->v, bh_xasprintf("%s:%u:%u %s %s", file, x->loc.line, x->loc.col,
                                                   bh_severity_name(x->severity), x->message));
        }
        bh_lines_sort(got);
        bh_lines_sort(msgs);
        bh_findings_release(&f);
        bh_doc_release(&doc);
        free(enabled);
        free(data);
        return 0;
}

static bool bh_lines_equal(const struct bh_lines *a, const struct bh_lines *b)
{
        if (a->v.n != b->v.n)
                return false;
        for (size_t i = 0; i < a->v.n; i++)
                if (strcmp(a->v.v[i], b->v.v[i]) != 0)
                        return false;
        return true;
}

int main(int argc, char **argv)
{
        struct bh_lines rules = {0};
        unsigned n = 0, failed = 0;

        if (argc != 2) {
                fprintf(stderr, "usage: run-samples TESTS_RULES_DIR\n");
                return 2;
        }
        if (!bh_list_dir(argv[1], bh_is_rule_dir, &rules)) {
                fprintf(stderr, "run-samples: cannot read %s\n", argv[1]);
                return 2;
        }
        for (size_t r = 0; r < rules.v.n; r++) {
                const char *id = rules.v.v[r];
                char *dir, bad[256];
                struct bh_lines samples = {0}, all = {0};
                char *expected = NULL;
                struct bh_profile prof;
                bool has_readme = false;

                dir = bh_xasprintf("%s/%s", argv[1], id);
                bh_list_dir(dir, bh_is_sample, &samples);
                bh_list_dir(dir, bh_is_any, &all);
                for (size_t i = 0; i < all.v.n; i++)
                        if (bh_str_startswith(all.v.v[i], "README"))
                                has_readme = true;
                if (!bh_rules_find(id)) {
                        printf("not ok %u - %s: no such rule in rules.def\n", ++n, id);
                        failed++;
                        goto next;
                }
                if (samples.v.n == 0) {
                        if (has_readme) {
                                printf("ok %u - %s # SKIP covered outside the samples (README)\n", ++n, id);
                        } else {
                                printf("not ok %u - %s: no samples and no README\n", ++n, id);
                                failed++;
                        }
                        goto next;
                }
                expected = bh_read_expected(dir);
                bh_read_profile(dir, &prof);
                if (strcmp(prof.name, "default") != 0)
                        printf("# %s: profile %s %s\n", id, prof.name, prof.version);
                if (!bh_expected_files_exist(expected, &samples, bad, sizeof(bad))) {
                        printf("not ok %u - %s expected*.txt names no positive sample: %s\n", ++n, id, bad);
                        failed++;
                }
                for (size_t i = 0; i < samples.v.n; i++) {
                        const char *file = samples.v.v[i];
                        bool positive = bh_str_startswith(file, "positive-");
                        struct bh_lines want = {0}, got = {0}, msgs = {0};
                        const char *type = bh_sample_type(file);
                        const struct bh_frontend_desc *fe = type ? bh_frontend_find(type) : NULL;

                        if (!type) {
                                printf("not ok %u - %s %s: file name selects no surface\n", ++n, id, file);
                                failed++;
                                continue;
                        }
                        if (!fe) {
                                printf("ok %u - %s %s # SKIP frontend %s not available\n", ++n, id, file,
                                       type);
                                continue;
                        }
                        if (positive)
                                bh_expected_for(expected, file, &want);
                        if (bh_run_sample(dir, id, file, fe, &prof, &got, &msgs) < 0) {
                                printf("not ok %u - %s %s: cannot scan\n", ++n, id, file);
                                failed++;
                        } else if (positive && want.v.n == 0) {
                                printf("not ok %u - %s %s: positive sample without expected.txt lines\n",
                                       ++n, id, file);
                                failed++;
                        } else if (bh_lines_equal(&want, &got)) {
                                printf("ok %u - %s %s\n", ++n, id, file);
                        } else {
                                printf("not ok %u - %s %s\n", ++n, id, file);
                                failed++;
                                for (size_t k = 0; k < want.v.n; k++)
                                        printf("#   expected: %s\n", want.v.v[k]);
                                for (size_t k = 0; k < msgs.v.n; k++)
                                        printf("#   got:      %s\n", msgs.v.v[k]);
                        }
                        bh_lines_release(&want);
                        bh_lines_release(&got);
                        bh_lines_release(&msgs);
                }
        next:
                free(dir);
                free(expected);
                bh_lines_release(&samples);
                bh_lines_release(&all);
        }
        printf("1..%u\n", n);
        bh_lines_release(&rules);
        return failed ? 1 : 0;
}
