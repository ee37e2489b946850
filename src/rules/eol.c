/* The embedded end-of-life table of distribution base images.  EOL is the end
 * of the last *free* security support: Debian LTS, Ubuntu standard support
 * (not Pro/ESM), Alpine branch EOL, Fedora EOL, CentOS / RHEL 7 maintenance.
 * Dates bulkhead was not sure of are listed in docs/rules/BH1003.md. */
#include <ctype.h>

#include "../util/strutil.h"
#include "checks.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

const char *bh_rules_eol_compiled(void)
{
        return "2026-11-28";
}

struct bh_eol_row {
        const char *key; /* the version as tags spell it: "10", "20.04", "3.15", "stream8" */
        const char *alt; /* another spelling ("2018.03"), or NULL */
        struct bh_eol_entry e;
};

#define D(v, c, d) {v, NULL, {"Debian", v, c, d}}
static const struct bh_eol_row bh_eol_debian[] = {
        D("6", "squeeze", "2016-02-29"),  D("7", "wheezy", "2018-05-31"),
        D("8", "jessie", "2020-06-30"),   D("9", "stretch", "2022-06-30"),
        D("10", "buster", "2024-06-30"),  D("11", "bullseye", "2026-08-31"),
        D("12", "bookworm", "2028-06-30"), D("13", "trixie", "2030-06-30"),
};
#undef D

#define U(v, c, d) {v, NULL, {"Ubuntu", v, c, d}}
static const struct bh_eol_row bh_eol_ubuntu[] = {
        U("12.04", "precise", "2017-04-28"), U("12.10", "quantal", "2014-05-16"),
        U("13.04", "raring", "2014-01-27"),  U("13.10", "saucy", "2014-07-17"),
        U("14.04", "trusty", "2019-04-30"),  U("14.10", "utopic", "2015-07-23"),
        U("15.04", "vivid", "2016-02-04"),   U("15.10", "wily", "2016-07-28"),
        U("16.04", "xenial", "2021-04-30"),  U("16.10", "yakkety", "2017-07-20"),
        U("17.04", "zesty", "2018-01-13"),   U("17.10", "artful", "2018-07-19"),
        U("18.04", "bionic", "2023-05-31"),  U("18.10", "cosmic", "2019-07-18"),
        U("19.04", "disco", "2020-01-23"),   U("19.10", "eoan", "2020-07-17"),
        U("20.04", "focal", "2025-05-31"),   U("20.10", "groovy", "2021-07-22"),
        U("21.04", "hirsute", "2022-01-20"), U("21.10", "impish", "2022-07-14"),
        U("22.04", "jammy", "2027-06-01"),   U("22.10", "kinetic", "2023-07-20"),
        U("23.04", "lunar", "2024-01-25"),   U("23.10", "mantic", "2024-07-11"),
        U("24.04", "noble", "2029-05-31"),   U("24.10", "oracular", "2025-07-10"),
        U("25.04", "plucky", "2026-01-15"),  U("25.10", "questing", "2026-07-09"),
        U("26.04", "resolute", "2031-05-31"),
};
#undef U

#define A(v, d) {v, NULL, {"Alpine", v, NULL, d}}
static const struct bh_eol_row bh_eol_alpine[] = {
        A("3.0", "2016-05-01"),  A("3.1", "2016-11-01"),  A("3.2", "2017-05-01"),
        A("3.3", "2017-11-01"),  A("3.4", "2018-05-01"),  A("3.5", "2018-11-01"),
        A("3.6", "2019-05-01"),  A("3.7", "2019-11-01"),  A("3.8", "2020-05-01"),
        A("3.9", "2020-11-01"),  A("3.10", "2021-05-01"), A("3.11", "2021-11-01"),
        A("3.12", "2022-05-01"), A("3.13", "2022-11-01"), A("3.14", "2023-05-01"),
        A("3.15", "2023-11-01"), A("3.16", "2024-05-23"), A("3.17", "2024-11-22"),
        A("3.18", "2025-05-09"), A("3.19", "2025-11-01"), A("3.20", "2026-04-01"),
        A("3.21", "2026-11-01"), A("3.22", "2027-05-01"), A("3.23", "2027-11-01"),
};
#undef A

#define F(v, d) {v, NULL, {"Fedora", v, NULL, d}}
static const struct bh_eol_row bh_eol_fedora[] = {
        F("20", "2015-06-23"), F("21", "2015-12-01"), F("22", "2016-07-19"),
        F("23", "2016-12-20"), F("24", "2017-08-08"), F("25", "2017-12-12"),
        F("26", "2018-05-29"), F("27", "2018-11-30"), F("28", "2019-05-28"),
        F("29", "2019-11-26"), F("30", "2020-05-26"), F("31", "2020-11-24"),
        F("32", "2021-05-25"), F("33", "2021-11-30"), F("34", "2022-06-07"),
        F("35", "2022-12-13"), F("36", "2023-05-16"), F("37", "2023-12-05"),
        F("38", "2024-05-21"), F("39", "2024-11-26"), F("40", "2025-05-13"),
        F("41", "2025-12-15"), F("42", "2026-05-13"), F("43", "2026-12-09"),
};
#undef F

static const struct bh_eol_row bh_eol_centos[] = {
        {"6", NULL, {"CentOS", "6", NULL, "2020-11-30"}},
        {"7", NULL, {"CentOS", "7", NULL, "2024-06-30"}},
        {"8", NULL, {"CentOS", "8", NULL, "2021-12-31"}},
        {"stream8", NULL, {"CentOS Stream", "8", NULL, "2024-05-31"}},
        {"stream9", NULL, {"CentOS Stream", "9", NULL, "2027-05-31"}},
};

static const struct bh_eol_row bh_eol_rhel[] = {
        {"7", NULL, {"Red Hat Enterprise Linux (UBI)", "7", NULL, "2024-06-30"}},
        {"8", NULL, {"Red Hat Enterprise Linux (UBI)", "8", NULL, "2029-05-31"}},
        {"9", NULL, {"Red Hat Enterprise Linux (UBI)", "9", NULL, "2032-05-31"}},
};

static const struct bh_eol_row bh_eol_amazon[] = {
        {"1", "2018.03", {"Amazon Linux", "1 (2018.03)", NULL, "2023-12-31"}},
        {"2", NULL, {"Amazon Linux", "2", NULL, "2026-06-30"}},
        {"2023", NULL, {"Amazon Linux", "2023", NULL, "2029-06-30"}},
};

struct bh_eol_distro {
        const char *repo;   /* official image name, last path component */
        const char *prefix; /* tag token prefix in other images: alpine3.15, debian11 */
        bool codenames;     /* codenames count as tag tokens of other images */
        const struct bh_eol_row *rows;
        size_t nrows;
};

static const struct bh_eol_distro bh_eol_distros[] = {
        {"debian", "debian", true, bh_eol_debian, BH_ELEMENTSOF(bh_eol_debian)},
        {"ubuntu", "ubuntu", true, bh_eol_ubuntu, BH_ELEMENTSOF(bh_eol_ubuntu)},
        {"alpine", "alpine", false, bh_eol_alpine, BH_ELEMENTSOF(bh_eol_alpine)},
        {"fedora", "fedora", false, bh_eol_fedora, BH_ELEMENTSOF(bh_eol_fedora)},
        {"centos", "centos", false, bh_eol_centos, BH_ELEMENTSOF(bh_eol_centos)},
        {"amazonlinux", NULL, false, bh_eol_amazon, BH_ELEMENTSOF(bh_eol_amazon)},
        {NULL, "ubi", false, bh_eol_rhel, BH_ELEMENTSOF(bh_eol_rhel)},
        {NULL, "rhel", false, bh_eol_rhel, BH_ELEMENTSOF(bh_eol_rhel)},
};

/* tok[0..n) is key, or key followed by ".anything" (10.13, 3.15.4, 7.9.2009). */
static bool bh_eol_key_match(const char *key, const char *tok, size_t n)
{
        size_t k;

        if (!key || n == 0 || key[0] != tok[0])
                return false;
        k = strlen(key);
        return n >= k && memcmp(tok, key, k) == 0 && (n == k || tok[k] == '.');
}

static const struct bh_eol_entry *bh_eol_row_find(const struct bh_eol_distro *d, const char *tok,
                                                  size_t n, bool versions, bool codenames)
{
        /* codenames are words: a token starting with a digit can only be a version */
        if (!versions && (unsigned char)(tok[0] - '0') < 10)
                return NULL;
        for (size_t i = 0; i < d->nrows; i++) {
                const struct bh_eol_row *r = &d->rows[i];
                if (versions && (bh_eol_key_match(r->key, tok, n) || bh_eol_key_match(r->alt, tok, n)))
                        return &r->e;
                if (codenames && r->e.codename && r->e.codename[0] == tok[0] &&
                    strlen(r->e.codename) == n &&
                    memcmp(r->e.codename, tok, n) == 0)
                        return &r->e;
        }
        return NULL;
}

/* A token with the distro prefix and a version: alpine3.15, debian11, centos7, ubi8. */
static const struct bh_eol_entry *bh_eol_prefixed(const struct bh_eol_distro *d, const char *tok,
                                                  size_t n)
{
        size_t pl;

        if (!d->prefix)
                return NULL;
        pl = strlen(d->prefix);
        if (n <= pl || memcmp(tok, d->prefix, pl) != 0 || !isdigit((unsigned char)tok[pl]))
                return NULL;
        return bh_eol_row_find(d, tok + pl, n - pl, true, false);
}

/* Call match on each '-'-separated token of s; first hit wins. */
static const struct bh_eol_entry *bh_eol_tokens(const char *s, const struct bh_eol_distro *only)
{
        const char *p = s;

        while (*p) {
                size_t n = strcspn(p, "-");
                if (n) {
                        for (size_t i = 0; i < BH_ELEMENTSOF(bh_eol_distros); i++) {
                                const struct bh_eol_distro *d = &bh_eol_distros[i];
                                const struct bh_eol_entry *e;
                                if (only && d != only)
                                        continue;
                                /* the distro's own image: bare versions count */
                                e = bh_eol_row_find(d, p, n, only != NULL, only != NULL || d->codenames);
                                if (!e)
                                        e = bh_eol_prefixed(d, p, n);
                                if (e)
                                        return e;
                        }
                }
                p += n;
                if (*p == '-')
                        p++;
        }
        return NULL;
}

const struct bh_eol_entry *bh_rules_eol_lookup(const char *ref)
{
        struct bh_ref_parts rp;
        const char *path, *last;
        const struct bh_eol_entry *e;

        if (!bh_ruleutil_parse_ref(ref, &rp))
                return NULL;
        path = bh_ruleutil_ref_short_path(&rp);
        last = bh_path_basename(path);

        /* The distribution's own image (debian:10, quay.io/centos/centos:stream8). */
        for (size_t i = 0; i < BH_ELEMENTSOF(bh_eol_distros); i++) {
                const struct bh_eol_distro *d = &bh_eol_distros[i];
                if (d->repo && strcmp(last, d->repo) == 0)
                        return rp.tag[0] ? bh_eol_tokens(rp.tag, d) : NULL;
        }
        /* Red Hat: ubi7/ubi, redhat/ubi7-minimal, rhel7: the version is in the path. */
        for (const char *c = path; *c;) {
                size_t n = strcspn(c, "/");
                size_t t = strcspn(c, "-/");
                for (size_t i = 0; i < BH_ELEMENTSOF(bh_eol_distros); i++) {
                        const struct bh_eol_distro *d = &bh_eol_distros[i];
                        if (d->rows == bh_eol_rhel && (e = bh_eol_prefixed(d, c, t)))
                                return e;
                }
                c += n;
                if (*c == '/')
                        c++;
        }
        /* Other images: a distro suffix in the tag (python:3.9-buster,
         * node:16-alpine3.15) or in the name (distroless/base-debian11). */
        if (rp.tag[0] && (e = bh_eol_tokens(rp.tag, NULL)))
                return e;
        return bh_eol_tokens(last, NULL);
}

bool bh_rules_eol_expired(const struct bh_eol_entry *e, int64_t today)
{
        int64_t eol;

        return e && bh_parse_date(e->eol, &eol) && today > eol;
}
