/* The scan pipeline for one file (read, parse, rules, suppressions) and the
 * worker pool that runs it over every file.  Each file's results are stored
 * at its index, so the output order never depends on thread timing. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "../util/file.h"
#include "../util/limits.h"
#include "cli.h"

#include "../util/bh-banned.h"

static void bh_scan_add(struct bh_cli_item *it, const bool *enabled, unsigned rule, const char *msg)
{
        size_t ntable;
        const struct bh_rule *table = bh_rules_table(&ntable);
        const struct bh_rule *r = bh_rules_find_num(rule);

        if (!r || (enabled && !enabled[r - table]))
                return;
        bh_findings_add(&it->findings, r->id, r->num, r->severity, it->path, (struct bh_loc){0},
                        msg);
}

static void bh_scan_set_failed(struct bh_cli_item *it)
{
        for (size_t i = 0; i < it->findings.items.n; i++) {
                const struct bh_finding *f = &it->findings.items.v[i];
                const struct bh_rule *r = bh_rules_find_num(f->rule_num);
                if (!f->suppressed && r && (r->flags & BH_RF_INPUT_ERROR))
                        it->failed = true;
        }
}

void bh_cli_scan_item(const struct bh_cli_scan *s, struct bh_cli_item *it)
{
        const bool *enabled = it->config ? it->config->enabled : s->enabled;
        bh_autoptr(bh_error) err = NULL;
        bh_autofree char *data = NULL;
        struct bh_doc doc;
        size_t len = 0;
        int r;

        if (it->pre_rule) {
                bh_scan_add(it, enabled, it->pre_rule, it->pre_msg);
                bh_scan_set_failed(it);
                return;
        }
        if (it->is_stdin) {
                data = BH_STEAL(&it->data);
                len = it->len;
        } else {
                r = bh_file_read(it->path, BH_LIMIT_FILE_SIZE, &data, &len, &err);
                if (r == BH_ELIMIT) {
                        char msg[128];
                        snprintf(msg, sizeof(msg),
                                 "file is larger than the %u-byte limit; not scanned",
                                 BH_LIMIT_FILE_SIZE);
                        bh_scan_add(it, enabled, 9003, msg);
                } else if (r < 0) {
                        bh_scan_add(it, enabled, 9004, err->msg);
                }
                if (r < 0) {
                        bh_scan_set_failed(it);
                        return;
                }
        }

        if (s->forced_fe)
                it->fe = s->forced_fe;
        else if (!it->fe)
                it->fe = bh_frontend_for_file(it->path, data, len);
        bh_doc_init(&doc, it->path, it->fe->surface, data, len);
        r = it->fe->parse(&doc, &s->fo, &err);
        if (r < 0)
                bh_doc_add_diag(&doc, 9001, (struct bh_loc){0}, "%s", err->msg);
        bh_rules_run_opts(&doc, enabled, &s->ropts, &it->findings);
        if (s->ropts.pss_level != BH_PSS_NONE)
                bh_pss_objects_collect(&doc, &it->pss_objects);
        bh_cli_kube_collect(&doc, enabled, it);
        bh_cli_suppress_inline(&doc, enabled, s->today, &it->findings, &it->warnings);
        bh_cli_suppress_config(it->config, it->config_rel, s->today, &it->findings);
        bh_cli_kube_detach(it);
        bh_findings_sort(&it->findings);
        if (it->findings.dropped)
                bh_cli_strv_addf(&it->warnings,
                                 "%s: %zu more findings were not kept (limit %u per file)",
                                 it->path, it->findings.dropped, BH_LIMIT_FINDINGS_PER_FILE);
        bh_scan_set_failed(it);
        bh_doc_release(&doc);
}

int bh_cli_read_file(void *ctx, const char *path, char **ret_data, size_t *ret_len)
{
        bh_autoptr(bh_error) err = NULL;

        (void)ctx;
        return bh_file_read(path, BH_LIMIT_FILE_SIZE, ret_data, ret_len, &err);
}

struct bh_scan_pool {
        struct bh_cli_scan *s;
        atomic_size_t next;
};

static void *bh_scan_worker(void *arg)
{
        struct bh_scan_pool *pool = arg;

        for (;;) {
                size_t i = atomic_fetch_add(&pool->next, 1);
                if (i >= pool->s->items.n)
                        return NULL;
                bh_cli_scan_item(pool->s, &pool->s->items.v[i]);
        }
}

void bh_cli_scan_run(struct bh_cli_scan *s)
{
        struct bh_scan_pool pool = {.s = s};
        bh_autofree pthread_t *threads = NULL;
        size_t nthreads = BH_MIN((size_t)s->jobs, s->items.n), started = 0;

        atomic_init(&pool.next, 0);
        if (nthreads <= 1) {
                for (size_t i = 0; i < s->items.n; i++)
                        bh_cli_scan_item(s, &s->items.v[i]);
                return;
        }
        /* nthreads - 1 helpers: this thread is the last worker. */
        threads = bh_xcalloc(nthreads, sizeof(*threads));
        for (size_t i = 0; i + 1 < nthreads; i++) {
                if (pthread_create(&threads[i], NULL, bh_scan_worker, &pool) != 0)
                        break;
                started++;
        }
        bh_scan_worker(&pool);
        for (size_t i = 0; i < started; i++)
                pthread_join(threads[i], NULL);
}

void bh_cli_scan_release(struct bh_cli_scan *s)
{
        for (size_t i = 0; i < s->items.n; i++) {
                struct bh_cli_item *it = &s->items.v[i];
                free(it->path);
                free(it->pre_msg);
                free(it->data);
                free(it->config_rel);
                bh_findings_release(&it->findings);
                bh_cli_strv_release(&it->warnings);
                bh_pss_objects_release(&it->pss_objects);
                bh_cli_kube_free(it->kube);
        }
        free(s->items.v);
        memset(s, 0, sizeof(*s));
}
