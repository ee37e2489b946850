/* The benchmark floor: walk the same tree, pick the same files as bulkhead
 * (the frontend registry's discovery), read every one and either split it
 * into logical lines and whitespace-separated tokens (Dockerfiles, units,
 * scripts) or parse it with libyaml's event parser alone (compose and
 * Kubernetes YAML), on the same number of threads as bulkhead.  bulkhead's
 * end-to-end time is compared with this. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include <yaml.h>

#include "../src/frontend/frontend.h"
#include "../src/util/file.h"
#include "../src/util/limits.h"
#include "../src/util/strutil.h"
#include "../src/util/walk.h"

struct floor_file {
        char *path;
        bool yaml;
};

static BH_VEC(struct floor_file) files;
static size_t next_file;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static size_t total_bytes, total_tokens;

static int collect(const char *path, void *userdata)
{
        const struct bh_frontend_desc *fe = bh_frontend_for_path(path);

        (void)userdata;
        if (fe) {
                struct floor_file f = {
                        .path = bh_xstrdup(path),
                        .yaml = fe->surface == BH_SURFACE_COMPOSE ||
                                fe->surface == BH_SURFACE_KUBERNETES,
                };
                BH_VEC_PUSH(&files, f);
        }
        return 0;
}

static size_t tokenize(const char *s, size_t n)
{
        size_t tokens = 0;
        bool in_tok = false;

        for (size_t i = 0; i < n; i++) {
                char c = s[i];
                if (c == '\\' && i + 1 < n && s[i + 1] == '\n') {
                        i++;
                        in_tok = false;
                        continue;
                }
                bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
                if (!space && !in_tok)
                        tokens++;
                in_tok = !space;
        }
        return tokens;
}

/* Count the events of a YAML stream: the cost of merely parsing it. */
static size_t yaml_events(const char *s, size_t n)
{
        yaml_parser_t p;
        yaml_event_t ev;
        size_t events = 0;
        bool done = false;

        if (!yaml_parser_initialize(&p))
                return 0;
        yaml_parser_set_input_string(&p, (const unsigned char *)s, n);
        while (!done && yaml_parser_parse(&p, &ev)) {
                done = ev.type == YAML_STREAM_END_EVENT;
                yaml_event_delete(&ev);
                events++;
        }
        yaml_parser_delete(&p);
        return events;
}

static void *worker(void *arg)
{
        size_t bytes = 0, tokens = 0;

        (void)arg;
        for (;;) {
                pthread_mutex_lock(&lock);
                size_t i = next_file++;
                pthread_mutex_unlock(&lock);
                if (i >= files.n)
                        break;
                char *data = NULL;
                size_t len = 0;
                if (bh_file_read(files.v[i].path, BH_LIMIT_FILE_SIZE, &data, &len, NULL) == 0) {
                        bytes += len;
                        tokens += files.v[i].yaml ? yaml_events(data, len) : tokenize(data, len);
                        free(data);
                }
        }
        pthread_mutex_lock(&lock);
        total_bytes += bytes;
        total_tokens += tokens;
        pthread_mutex_unlock(&lock);
        return NULL;
}

int main(int argc, char **argv)
{
        static const char *const skip[] = {".git", "node_modules", "vendor"};
        struct bh_walk_opts o = {.skip_dirs = skip, .nskip_dirs = BH_ELEMENTSOF(skip)};
        long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        size_t nthreads = ncpu > 0 ? (size_t)ncpu : 1;
        pthread_t th[256];

        if (argc < 2) {
                fputs("usage: floor DIR [THREADS]\n", stderr);
                return 2;
        }
        if (argc > 2) {
                uint64_t v;
                if (bh_parse_u64(argv[2], 1, 256, &v) == 0)
                        nthreads = (size_t)v;
        }
        if (nthreads > BH_ELEMENTSOF(th))
                nthreads = BH_ELEMENTSOF(th);
        if (bh_walk(argv[1], &o, collect, NULL, NULL) < 0) {
                fputs("floor: walk failed\n", stderr);
                return 2;
        }
        for (size_t i = 0; i < nthreads; i++)
                pthread_create(&th[i], NULL, worker, NULL);
        for (size_t i = 0; i < nthreads; i++)
                pthread_join(th[i], NULL);
        printf("%zu files %zu bytes %zu tokens/events\n", files.n, total_bytes, total_tokens);
        for (size_t i = 0; i < files.n; i++)
                free(files.v[i].path);
        free(files.v);
        return 0;
}
