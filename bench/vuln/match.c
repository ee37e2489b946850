/* Vulnerability matching benchmark: bh_vuln_match of a package list against
 * a database, RUNS times; prints the minimum and the median wall time.
 * usage: match DB PKGLIST [RUNS] (PKGLIST: "name version source" lines). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../src/vuln/match.h"

#include "../../src/util/bh-banned.h"

static double now_ms(clockid_t c)
{
        struct timespec ts;
        clock_gettime(c, &ts);
        return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;
        return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
        struct bh_arena names = {0};
        struct bh_pkg_list pl = {0};
        struct bh_vuln_db *db = NULL;
        struct bh_error *err = NULL;
        struct bh_osinfo os = {.id = "debian", .version_id = "12"};
        char line[512], n[128], v[128], s[128];
        int runs = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 20;
        double t[1000], cpu[1000];
        size_t matches = 0;

        if (argc < 3 || runs < 1 || runs > 1000) {
                fputs("usage: match DB PKGLIST [RUNS]\n", stderr);
                return 2;
        }
        FILE *f = fopen(argv[2], "r");
        if (!f)
                return 2;
        while (fgets(line, sizeof(line), f))
                if (sscanf(line, "%127s %127s %127s", n, v, s) == 3) {
                        struct bh_pkg *p = BH_VEC_NEW(&pl);
                        p->name = bh_arena_strdup(&names, n);
                        p->version = bh_arena_strdup(&names, v);
                        p->source = bh_arena_strdup(&names, s);
                        p->format = BH_PKGFMT_DPKG;
                }
        fclose(f);
        if (bh_vuln_db_open(argv[1], false, &db, &err) < 0) {
                fprintf(stderr, "%s\n", err->msg);
                return 2;
        }
        for (int i = 0; i < runs; i++) {
                struct bh_arena a = {0};
                struct bh_vuln_report rep = {0};
                double t0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
                if (bh_vuln_match(db, &os, &pl, &a, &rep, &err) < 0) {
                        fprintf(stderr, "%s\n", err->msg);
                        return 2;
                }
                t[i] = now_ms(CLOCK_MONOTONIC) - t0;
                cpu[i] = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
                matches = rep.matches.n;
                bh_vuln_report_release(&rep);
                bh_arena_release(&a);
        }
        qsort(t, (size_t)runs, sizeof(t[0]), cmp_d);
        qsort(cpu, (size_t)runs, sizeof(cpu[0]), cmp_d);
        printf("match: %zu packages, %zu findings: wall min %.1f ms, median %.1f ms; "
               "CPU min %.1f ms, median %.1f ms (%d runs)\n",
               pl.n, matches, t[0], t[runs / 2], cpu[0], cpu[runs / 2], runs);
        bh_vuln_db_close(db);
        free(pl.v);
        bh_arena_release(&names);
        return 0;
}
