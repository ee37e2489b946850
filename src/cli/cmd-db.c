/* bulkhead db import|update|status: the vulnerability database (src/vuln/db.h). */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/strutil.h"
#include "../vuln/db.h"
#include "../vuln/fetch.h"
#include "cli.h"

#include "../util/bh-banned.h"

#define BH_DB_DEFAULT_SOURCE "https://osv-vulnerabilities.storage.googleapis.com"

void bh_cli_help_db(FILE *out)
{
        fputs("Usage: bulkhead db import [OPTIONS] PATH...\n"
              "       bulkhead db update [OPTIONS]\n"
              "       bulkhead db status [OPTIONS]\n"
              "\n"
              "Manage the vulnerability database that bulkhead host (and bulkhead image) match\n"
              "installed OS packages against: OSV advisories in an SQLite file.\n"
              "\n"
              "  import PATH...     import OSV JSON records, directories of them and the\n"
              "                     per-ecosystem all.zip archives of the OSV bucket, in one\n"
              "                     transaction (a failed import changes nothing); malformed\n"
              "                     records are reported and skipped\n"
              "  update             download <source>/<Ecosystem>/all.zip for the ecosystems\n"
              "                     already in the database (or given with --ecosystem), with\n"
              "                     conditional requests: an unchanged feed is not downloaded\n"
              "  status             ecosystems, record counts, sources and the last update\n"
              "\n"
              "Options:\n"
              "  --db PATH          the database (default: $BULKHEAD_DB, else\n"
              "                     $XDG_CACHE_HOME/bulkhead/vuln.db, else\n"
              "                     ~/.cache/bulkhead/vuln.db)\n"
              "  --source URL       update: the feed (default " BH_DB_DEFAULT_SOURCE ")\n"
              "  --ecosystem NAME   update: an OSV ecosystem directory (Debian, Alpine,\n"
              "                     Ubuntu ...; repeatable)\n"
              "  --format FORMAT    status: text (default) or json\n"
              "  -q, --quiet        import/update: no summary, problems only\n"
              "  -h, --help         show this help\n"
              "\n"
              "Exit status: 0 done; 1 imported, but some records were malformed and skipped;\n"
              "2 usage error, or a failed import or download (the database is unchanged).\n",
              out);
}

struct bh_db_args {
        const char *sub;
        const char *db;
        const char *source;
        BH_VEC(const char *) ecosystems;
        bool json;
        bool quiet;
        char **paths;
        size_t npaths;
};

enum {
        OPT_DB = 256,
        OPT_SOURCE,
        OPT_ECOSYSTEM,
        OPT_FORMAT,
};

static const struct option bh_db_options[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"source", required_argument, NULL, OPT_SOURCE},
        {"ecosystem", required_argument, NULL, OPT_ECOSYSTEM},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
};

/* 0 parsed, 1 help printed, BH_EXIT_USAGE error printed. */
static int bh_db_parse(int argc, char **argv, struct bh_db_args *a)
{
        int c;

        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":qh", bh_db_options, NULL)) != -1) {
                switch (c) {
                case OPT_DB:
                        if (!*optarg)
                                return bh_cli_usage_error("db", "--db: empty path");
                        a->db = optarg;
                        break;
                case OPT_SOURCE:
                        a->source = optarg;
                        break;
                case OPT_ECOSYSTEM:
                        if (!*optarg || strchr(optarg, '/') || strstr(optarg, ".."))
                                return bh_cli_usage_error("db", "--ecosystem: bad name '%s'",
                                                          optarg);
                        BH_VEC_PUSH(&a->ecosystems, optarg);
                        break;
                case OPT_FORMAT:
                        if (strcmp(optarg, "json") == 0)
                                a->json = true;
                        else if (strcmp(optarg, "text") != 0)
                                return bh_cli_usage_error("db", "--format: expected text or json");
                        break;
                case 'q':
                        a->quiet = true;
                        break;
                case 'h':
                        bh_cli_help_db(stdout);
                        return 1;
                case ':':
                        return bh_cli_usage_error("db", "option '%s' needs a value",
                                                  argv[optind - 1]);
                case '?':
                default:
                        if (optopt && optopt < 256)
                                return bh_cli_usage_error("db", "unknown option '-%c'", optopt);
                        return bh_cli_usage_error("db", "unknown option '%s'", argv[optind - 1]);
                }
        }
        if (optind >= argc)
                return bh_cli_usage_error("db", "missing subcommand (import, update or status)");
        a->sub = argv[optind++];
        a->paths = argv + optind;
        a->npaths = (size_t)(argc - optind);
        if (strcmp(a->sub, "import") == 0) {
                if (!a->npaths)
                        return bh_cli_usage_error("db", "import: no PATH given");
        } else if (strcmp(a->sub, "update") == 0 || strcmp(a->sub, "status") == 0) {
                if (a->npaths)
                        return bh_cli_usage_error("db", "%s: unexpected argument '%s'", a->sub,
                                                  a->paths[0]);
        } else {
                return bh_cli_usage_error("db", "unknown subcommand '%s' (import, update, status)",
                                          a->sub);
        }
        if (a->source && strcmp(a->sub, "update") != 0)
                return bh_cli_usage_error("db", "--source applies to update only");
        return 0;
}

static uint64_t bh_db_crash_after;

/* BULKHEAD_TEST_IMPORT_CRASH_AFTER: die like a killed process (no cleanup,
 * no rollback) in the middle of the import transaction. */
static int bh_db_crash_hook(void *ctx, uint64_t records)
{
        (void)ctx;
        if (records >= bh_db_crash_after) {
                fflush(stdout);
                _exit(99);
        }
        return 0;
}

/* Test hooks (documented in docs/bulkhead.1 ENVIRONMENT): lower limits so that
 * tests can cross them, and fail or crash in the middle of an import. */
static void bh_db_test_hooks(struct bh_vuln_import_opts *o, uint64_t *download)
{
        const char *fail = getenv("BULKHEAD_TEST_IMPORT_FAIL_AFTER");
        const char *crash = getenv("BULKHEAD_TEST_IMPORT_CRASH_AFTER");
        const char *lim = getenv("BULKHEAD_TEST_DB_LIMITS");
        uint64_t v;

        if (fail && bh_parse_u64(fail, 1, UINT64_MAX, &v) == 0)
                o->fail_after = v;
        if (crash && bh_parse_u64(crash, 1, UINT64_MAX, &v) == 0) {
                bh_db_crash_after = v;
                o->on_record = bh_db_crash_hook;
        }
        if (!lim)
                return;
        bh_autofree char *copy = bh_xstrdup(lim);
        for (char *p = copy; p && *p;) {
                char *comma = strchr(p, ',');
                if (comma)
                        *comma = '\0';
                char *eq = strchr(p, '=');
                if (eq && bh_parse_u64(eq + 1, 1, UINT64_MAX, &v) == 0) {
                        *eq = '\0';
                        if (strcmp(p, "record") == 0)
                                o->max_record = v;
                        else if (strcmp(p, "entries") == 0)
                                o->max_entries = v;
                        else if (strcmp(p, "zip") == 0)
                                o->max_zip_bytes = v;
                        else if (strcmp(p, "files") == 0)
                                o->max_files = v;
                        else if (strcmp(p, "download") == 0)
                                *download = v;
                }
                p = comma ? comma + 1 : NULL;
        }
}

static int bh_db_open(const struct bh_db_args *a, bool writable, struct bh_vuln_db **ret)
{
        bh_autofree char *path = a->db ? bh_xstrdup(a->db) : bh_vuln_db_default_path();
        bh_autoptr(bh_error) err = NULL;

        if (!path) {
                fputs("bulkhead: no database path: give --db PATH or set BULKHEAD_DB or HOME\n",
                      stderr);
                return BH_EXIT_USAGE;
        }
        if (bh_vuln_db_open(path, writable, ret, &err) < 0) {
                fprintf(stderr, "bulkhead: %s\n", err->msg);
                return BH_EXIT_USAGE;
        }
        return 0;
}

static void bh_db_print_stats(const char *what, const struct bh_vuln_import_stats *s, bool quiet)
{
        for (size_t i = 0; i < s->problems.n; i++)
                fprintf(stderr, "bulkhead: malformed record skipped: %s\n", s->problems.v[i]);
        if (s->problems_dropped)
                fprintf(stderr, "bulkhead: ... and %llu more malformed records\n",
                        (unsigned long long)s->problems_dropped);
        if (quiet)
                return;
        printf("%s: %llu records read: %llu added, %llu replaced, %llu kept (stored copy is "
               "newer), %llu withdrawn, %llu malformed; %llu affected entries stored\n",
               what, (unsigned long long)s->files, (unsigned long long)s->added,
               (unsigned long long)s->replaced, (unsigned long long)s->kept,
               (unsigned long long)s->withdrawn, (unsigned long long)s->malformed,
               (unsigned long long)s->affected);
}

static int bh_db_import(const struct bh_db_args *a)
{
        bh_autoptr(bh_vuln_db) db = NULL;
        bh_autoptr(bh_error) err = NULL;
        struct bh_vuln_import_opts o = {0};
        struct bh_vuln_import_stats st = {0};
        uint64_t dl = 0;
        int r;

        if ((r = bh_db_open(a, true, &db)) != 0)
                return r;
        bh_db_test_hooks(&o, &dl);
        r = bh_vuln_db_import(db, (const char *const *)a->paths, a->npaths, &o, &st, &err);
        if (r < 0) {
                fprintf(stderr, "bulkhead: import failed, the database is unchanged: %s\n",
                        err->msg);
                bh_vuln_import_stats_release(&st);
                return BH_EXIT_USAGE;
        }
        bh_db_print_stats("imported", &st, a->quiet);
        r = st.malformed ? BH_EXIT_FINDINGS : BH_EXIT_OK;
        bh_vuln_import_stats_release(&st);
        return r;
}

/* "Rocky Linux" -> "Rocky%20Linux" */
static char *bh_db_url(const char *source, const char *eco)
{
        char enc[256];
        size_t n = 0;
        size_t sl = strlen(source);

        while (sl && source[sl - 1] == '/')
                sl--;
        for (const char *p = eco; *p && n + 4 < sizeof(enc); p++) {
                unsigned char ch = (unsigned char)*p;
                if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' || ch == ':')
                        enc[n++] = (char)ch;
                else
                        n += (size_t)snprintf(enc + n, sizeof(enc) - n, "%%%02X", ch);
        }
        enc[n] = '\0';
        return bh_xasprintf("%.*s/%s/all.zip", (int)sl, source, enc);
}

static int bh_db_update_one(const struct bh_db_args *a, struct bh_vuln_db *db, const char *eco,
                            const char *source, const struct bh_vuln_import_opts *base,
                            uint64_t dl_max)
{
        bh_autofree char *url = bh_db_url(source, eco);
        bh_autofree char *etag = NULL, *lastmod = NULL, *tmp = NULL;
        bh_autoptr(bh_error) err = NULL;
        struct bh_vuln_fetch_result res = {0};
        struct bh_vuln_import_stats st = {0};
        int fd, r, code = BH_EXIT_OK;

        if (bh_vuln_db_source_get(db, url, &etag, &lastmod, &err) < 0) {
                fprintf(stderr, "bulkhead: %s\n", err->msg);
                return BH_EXIT_USAGE;
        }
        /* beside the database: same filesystem, never a shared /tmp name */
        tmp = bh_xasprintf("%s.download-XXXXXX", bh_vuln_db_path(db));
        fd = mkstemp(tmp);
        if (fd < 0) {
                fprintf(stderr, "bulkhead: cannot create %s: %s\n", tmp, strerror(errno));
                return BH_EXIT_USAGE;
        }
        r = bh_vuln_fetch(url, etag, lastmod, fd, dl_max, &res, &err);
        close(fd);
        if (r < 0) {
                fprintf(stderr, "bulkhead: %s: download failed, the database is unchanged: %s\n",
                        eco, err->msg);
                code = BH_EXIT_USAGE;
                goto out;
        }
        if (res.status == 304) {
                if (!a->quiet)
                        printf("%s: not modified since the last update (HTTP 304), nothing "
                               "downloaded\n",
                               eco);
                if (bh_vuln_db_source_touch(db, url, &err) < 0) {
                        fprintf(stderr, "bulkhead: %s\n", err->msg);
                        code = BH_EXIT_USAGE;
                }
                goto out;
        }
        if (!a->quiet)
                printf("%s: downloaded %llu bytes from %s\n", eco, (unsigned long long)res.bytes,
                       url);
        struct bh_vuln_source_info si = {
                .url = url, .ecosystem = eco, .etag = res.etag, .last_modified = res.last_modified};
        struct bh_vuln_import_opts o = *base;
        o.source = &si;
        const char *paths[] = {tmp};
        r = bh_vuln_db_import(db, paths, 1, &o, &st, &err);
        if (r < 0) {
                fprintf(stderr, "bulkhead: %s: import failed, the database is unchanged: %s\n", eco,
                        err->msg);
                code = BH_EXIT_USAGE;
                goto out;
        }
        bh_db_print_stats(eco, &st, a->quiet);
        if (st.malformed)
                code = BH_EXIT_FINDINGS;
out:
        unlink(tmp);
        bh_vuln_fetch_result_release(&res);
        bh_vuln_import_stats_release(&st);
        return code;
}

static int bh_db_update(const struct bh_db_args *a)
{
        bh_autoptr(bh_vuln_db) db = NULL;
        bh_autoptr(bh_error) err = NULL;
        struct bh_vuln_import_opts o = {0};
        const char *source = a->source ? a->source : BH_DB_DEFAULT_SOURCE;
        char **ecos = NULL;
        size_t neco = 0;
        uint64_t dl = 0;
        int r, code = BH_EXIT_OK;

        if ((r = bh_db_open(a, true, &db)) != 0)
                return r;
        bh_db_test_hooks(&o, &dl);
        if (a->ecosystems.n) {
                ecos = bh_xcalloc(a->ecosystems.n, sizeof(*ecos));
                for (size_t i = 0; i < a->ecosystems.n; i++)
                        ecos[neco++] = bh_xstrdup(a->ecosystems.v[i]);
        } else if (bh_vuln_db_base_ecosystems(db, &ecos, &neco, &err) < 0) {
                fprintf(stderr, "bulkhead: %s\n", err->msg);
                return BH_EXIT_USAGE;
        }
        if (!neco) {
                fprintf(stderr, "bulkhead: the database holds no ecosystem yet: name the ones "
                                "to download with --ecosystem (e.g. --ecosystem Debian "
                                "--ecosystem Alpine)\n");
                code = BH_EXIT_USAGE;
        }
        for (size_t i = 0; i < neco; i++) {
                r = bh_db_update_one(a, db, ecos[i], source, &o, dl);
                if (r > code)
                        code = r;
        }
        for (size_t i = 0; i < neco; i++)
                free(ecos[i]);
        free(ecos);
        return code;
}

static int bh_db_status_json(const struct bh_vuln_db_status *s)
{
        json_t *o = json_object(), *ecos = json_array(), *srcs = json_array();

        json_object_set_new(o, "path", json_string(s->path));
        json_object_set_new(o, "schema_version", json_integer(s->schema));
        json_object_set_new(o, "last_update",
                            s->last_update ? json_string(s->last_update) : json_null());
        json_object_set_new(o, "last_update_date",
                            s->last_update_date ? json_string(s->last_update_date) : json_null());
        json_object_set_new(o, "advisories", json_integer(s->advisories));
        json_object_set_new(o, "affected", json_integer(s->affected));
        for (size_t i = 0; i < s->ecosystems.n; i++) {
                const struct bh_vuln_db_eco *e = &s->ecosystems.v[i];
                json_t *x = json_object();
                json_object_set_new(x, "name", json_string(e->name));
                json_object_set_new(x, "advisories", json_integer(e->advisories));
                json_object_set_new(x, "affected", json_integer(e->affected));
                json_object_set_new(x, "unfixed", json_integer(e->unfixed));
                json_array_append_new(ecos, x);
        }
        for (size_t i = 0; i < s->sources.n; i++) {
                const struct bh_vuln_db_source *e = &s->sources.v[i];
                json_t *x = json_object();
                json_object_set_new(x, "url", json_string(e->url));
                json_object_set_new(x, "ecosystem",
                                    e->ecosystem ? json_string(e->ecosystem) : json_null());
                json_object_set_new(x, "etag", e->etag ? json_string(e->etag) : json_null());
                json_object_set_new(x, "last_modified",
                                    e->last_modified ? json_string(e->last_modified) : json_null());
                json_object_set_new(x, "fetched_at", json_string(e->fetched_at));
                json_object_set_new(x, "records", json_integer(e->records));
                json_array_append_new(srcs, x);
        }
        json_object_set_new(o, "ecosystems", ecos);
        json_object_set_new(o, "sources", srcs);
        int r = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(o);
        return r == 0 ? BH_EXIT_OK : BH_EXIT_USAGE;
}

static int bh_db_status(const struct bh_db_args *a)
{
        bh_autoptr(bh_vuln_db) db = NULL;
        bh_autoptr(bh_error) err = NULL;
        struct bh_vuln_db_status s;
        int r;

        if ((r = bh_db_open(a, false, &db)) != 0)
                return r;
        if (bh_vuln_db_status(db, &s, &err) < 0) {
                fprintf(stderr, "bulkhead: %s\n", err->msg);
                bh_vuln_db_status_release(&s);
                return BH_EXIT_USAGE;
        }
        if (a->json) {
                r = bh_db_status_json(&s);
                bh_vuln_db_status_release(&s);
                return r;
        }
        int64_t day, age = -1;
        if (s.last_update_date && bh_parse_date(s.last_update_date, &day))
                age = bh_today() - day;
        printf("database:    %s\n", s.path);
        printf("schema:      %d\n", s.schema);
        if (age >= 0)
                printf("last update: %s (%lld days ago)\n", s.last_update ? s.last_update : "?",
                       (long long)age);
        else
                printf("last update: never\n");
        printf("advisories:  %lld (%lld affected entries)\n", (long long)s.advisories,
               (long long)s.affected);
        printf("ecosystems:  %zu\n", s.ecosystems.n);
        for (size_t i = 0; i < s.ecosystems.n; i++) {
                const struct bh_vuln_db_eco *e = &s.ecosystems.v[i];
                printf("  %-20s %7lld advisories %7lld affected entries %6lld without a fix\n",
                       e->name, (long long)e->advisories, (long long)e->affected,
                       (long long)e->unfixed);
        }
        printf("sources:     %zu\n", s.sources.n);
        for (size_t i = 0; i < s.sources.n; i++) {
                const struct bh_vuln_db_source *e = &s.sources.v[i];
                printf("  %s\n    fetched %s, %lld records", e->url, e->fetched_at,
                       (long long)e->records);
                if (e->etag)
                        printf(", ETag %s", e->etag);
                if (e->last_modified)
                        printf(", Last-Modified %s", e->last_modified);
                putchar('\n');
        }
        bh_vuln_db_status_release(&s);
        return BH_EXIT_OK;
}

int bh_cli_cmd_db(int argc, char **argv)
{
        struct bh_db_args a = {0};
        int r;

        r = bh_db_parse(argc, argv, &a);
        if (r != 0) {
                free(a.ecosystems.v);
                return r == 1 ? BH_EXIT_OK : r;
        }
        if (strcmp(a.sub, "import") == 0)
                r = bh_db_import(&a);
        else if (strcmp(a.sub, "update") == 0)
                r = bh_db_update(&a);
        else
                r = bh_db_status(&a);
        free(a.ecosystems.v);
        return r;
}
