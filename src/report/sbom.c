/* CycloneDX 1.5 and SPDX 2.3 JSON SBOMs, and package URLs.  Field choices:
 * docs/json-format.md ("SBOM formats").  Unknown values are left out
 * (CycloneDX) or NOASSERTION (SPDX), never invented: a package database
 * license is free text, so it is a CycloneDX license name and an SPDX
 * licenseComments, never a license ID or expression. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../util/buf.h"
#include "bh-config.h"
#include "jsonw.h"
#include "sbom.h"

#include "../util/bh-banned.h"

/* ---- purl ---- */

/* purl-spec: keep ALPHA DIGIT . - _ ~ and ':' (never encoded), encode the
 * rest as %XX (upper-case hex), UTF-8 bytes one by one. */
static void bh_purl_enc(struct bh_buf *b, const char *s, size_t n)
{
        static const char hex[] = "0123456789ABCDEF";

        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)s[i];
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_' || c == '~' || c == ':') {
                        bh_buf_add(b, (const char *)&c, 1);
                } else {
                        char e[3] = {'%', hex[c >> 4], hex[c & 15]};
                        bh_buf_add(b, e, 3);
                }
        }
}

static void bh_purl_lower(struct bh_buf *b, const char *s)
{
        for (; *s; s++) {
                char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
                bh_purl_enc(b, &c, 1);
        }
}

static void bh_purl_qual(struct bh_buf *b, bool *first, const char *key, const char *v1,
                         const char *sep, const char *v2)
{
        bh_buf_add(b, *first ? "?" : "&", 1);
        *first = false;
        bh_buf_add(b, key, strlen(key));
        bh_buf_add(b, "=", 1);
        bh_purl_enc(b, v1, strlen(v1));
        if (v2) {
                bh_buf_add(b, sep, strlen(sep));
                bh_purl_enc(b, v2, strlen(v2));
        }
}

char *bh_sbom_purl(const struct bh_pkg *p, const struct bh_osinfo *os)
{
        static const char *const types[] = {"deb", "apk", "rpm"};
        static const char *const dflt_ns[] = {"debian", "alpine", NULL};
        struct bh_buf b;
        const char *ns, *ver = p->version ? p->version : "";
        const char *osid = os && os->id && *os->id ? os->id : NULL;
        const char *osver = os ? (os->version_id ? os->version_id : os->codename) : NULL;
        size_t epoch_len = 0;
        bool first = true;
        unsigned t = (unsigned)p->format < BH_ELEMENTSOF(types) ? (unsigned)p->format : 0;

        bh_buf_init(&b, 64 * 1024);
        bh_buf_add(&b, "pkg:", 4);
        bh_buf_add(&b, types[t], strlen(types[t]));
        bh_buf_add(&b, "/", 1);
        ns = osid ? osid : dflt_ns[t];
        if (ns) {
                bh_purl_lower(&b, ns);
                bh_buf_add(&b, "/", 1);
        }
        bh_purl_enc(&b, p->name, strlen(p->name));
        /* rpm: the epoch is a qualifier; deb keeps it in the version */
        if (p->format == BH_PKGFMT_RPM) {
                size_t d = strspn(ver, "0123456789");
                if (d && ver[d] == ':')
                        epoch_len = d;
        }
        bh_buf_add(&b, "@", 1);
        const char *v = epoch_len ? ver + epoch_len + 1 : ver;
        bh_purl_enc(&b, v, strlen(v));
        /* qualifiers sorted by key: arch, distro, epoch */
        if (p->arch && *p->arch)
                bh_purl_qual(&b, &first, "arch", p->arch, NULL, NULL);
        if (osver && *osver) {
                if (p->format == BH_PKGFMT_APK)
                        bh_purl_qual(&b, &first, "distro", osver, NULL, NULL);
                else if (osid)
                        bh_purl_qual(&b, &first, "distro", osid, "-", osver);
        }
        if (epoch_len) {
                char e[24];
                snprintf(e, sizeof(e), "%.*s", (int)epoch_len, ver);
                bh_purl_qual(&b, &first, "epoch", e, NULL, NULL);
        }
        return bh_buf_detach(&b, NULL);
}

/* ---- shared ---- */

struct bh_sbom {
        const struct bh_sbom_subject *s;
        size_t n;
        char **purls; /* per package (heap) */
        char **refs;  /* CycloneDX bom-ref per package: the purl, made unique (heap) */
        char created[128];
        char uuid[40];
};

static const char *bh_sbom_version(const struct bh_sbom *x)
{
        return x->s->tool_version ? x->s->tool_version : BH_VERSION;
}

/* RFC 3339 UTC from seconds since the epoch (the civil-from-days algorithm:
 * gmtime is banned and the result must not depend on the TZ). */
static void bh_sbom_time(int64_t t, char out[128])
{
        int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
        int64_t secs = t - days * 86400;
        int64_t z = days + 719468;
        int64_t era = (z >= 0 ? z : z - 146096) / 146097;
        int64_t doe = z - era * 146097;
        int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        int64_t y = yoe + era * 400;
        int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int64_t mp = (5 * doy + 2) / 153;
        int64_t d = doy - (153 * mp + 2) / 5 + 1;
        int64_t m = mp < 10 ? mp + 3 : mp - 9;

        y += m <= 2;
        snprintf(out, 128, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)y, (long long)m,
                 (long long)d, (long long)(secs / 3600), (long long)(secs / 60 % 60),
                 (long long)(secs % 60));
}

/* A version 5 (SHA-1, name-based) UUID of text in the URL namespace. */
static void bh_sbom_uuid5(const char *text, size_t n, char out[40])
{
        static const unsigned char ns_url[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                                 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int mdlen = 0;
        EVP_MD_CTX *c = EVP_MD_CTX_new();

        if (!c)
                abort(); /* out of memory, as bh_xmalloc */
        EVP_DigestInit_ex(c, EVP_sha1(), NULL);
        EVP_DigestUpdate(c, ns_url, sizeof(ns_url));
        EVP_DigestUpdate(c, text, n);
        EVP_DigestFinal_ex(c, md, &mdlen);
        EVP_MD_CTX_free(c);
        md[6] = (unsigned char)((md[6] & 0x0f) | 0x50);
        md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);
        snprintf(out, 40, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                 md[0], md[1], md[2], md[3], md[4], md[5], md[6], md[7], md[8], md[9], md[10],
                 md[11], md[12], md[13], md[14], md[15]);
}

static int bh_sbom_cmp_idx(const void *a, const void *b, void *arg)
{
        char **purls = arg;
        size_t x = *(const size_t *)a, y = *(const size_t *)b;
        int c = strcmp(purls[x], purls[y]);
        return c ? c : (x > y) - (x < y);
}

/* purls, unique bom-refs, the creation time and a UUID of what the document
 * describes (what: "cyclonedx" or "spdx"; with_time: the creation time is
 * part of it). */
static void bh_sbom_prepare(struct bh_sbom *x, const struct bh_sbom_subject *s, const char *what,
                            bool with_time)
{
        struct bh_buf key;
        size_t *idx;

        x->s = s;
        x->n = s->pkgs ? s->pkgs->n : 0;
        x->purls = bh_xcalloc(x->n + 1, sizeof(char *));
        x->refs = bh_xcalloc(x->n + 1, sizeof(char *));
        for (size_t i = 0; i < x->n; i++)
                x->purls[i] = bh_sbom_purl(&s->pkgs->v[i], s->os);
        /* the same purl twice (a package in status and status.d): "#2" ... */
        idx = bh_xcalloc(x->n + 1, sizeof(size_t));
        for (size_t i = 0; i < x->n; i++)
                idx[i] = i;
        qsort_r(idx, x->n, sizeof(size_t), bh_sbom_cmp_idx, x->purls);
        for (size_t i = 0, dup = 1; i < x->n; i++) {
                dup = i && strcmp(x->purls[idx[i]], x->purls[idx[i - 1]]) == 0 ? dup + 1 : 1;
                x->refs[idx[i]] = dup == 1 ? bh_xstrdup(x->purls[idx[i]])
                                           : bh_xasprintf("%s#%zu", x->purls[idx[i]], dup);
        }
        free(idx);
        bh_sbom_time(s->created_set ? s->created : (int64_t)time(NULL), x->created);

        bh_buf_init(&key, SIZE_MAX / 2);
        bh_buf_add(&key, what, strlen(what));
        bh_buf_add(&key, "\n", 1);
        if (s->digest) {
                bh_buf_add(&key, s->digest, strlen(s->digest));
        } else {
                /* no digest (a host root): the name and the package list */
                bh_buf_add(&key, s->name, strlen(s->name));
                for (size_t i = 0; i < x->n; i++) {
                        bh_buf_add(&key, "\n", 1);
                        bh_buf_add(&key, x->refs[i], strlen(x->refs[i]));
                }
        }
        if (with_time) {
                bh_buf_add(&key, "\n", 1);
                bh_buf_add(&key, x->created, strlen(x->created));
        }
        bh_sbom_uuid5(key.buf, key.len, x->uuid);
        bh_buf_release(&key);
}

static void bh_sbom_release(struct bh_sbom *x)
{
        for (size_t i = 0; i < x->n; i++) {
                free(x->purls[i]);
                free(x->refs[i]);
        }
        free(x->purls);
        free(x->refs);
}

static int bh_sbom_finish(struct bh_jsonw *w, struct bh_error *err)
{
        int r = bh_jsonw_finish(w);

        free(w);
        if (r < 0 && err) {
                err->code = BH_EIO;
                err->errnum = 0;
                snprintf(err->msg, sizeof(err->msg), "cannot write the SBOM");
        }
        return r;
}

static bool bh_sbom_check(const struct bh_sbom_subject *s, struct bh_error *err)
{
        if (s && s->name)
                return true;
        if (err) {
                err->code = BH_EINVAL;
                err->errnum = 0;
                snprintf(err->msg, sizeof(err->msg), "an SBOM needs a subject name");
        }
        return false;
}

static bool bh_sbom_has_os(const struct bh_sbom_subject *s)
{
        return s->os && s->os->id && *s->os->id;
}

/* ---- CycloneDX 1.5 ---- */

static void bh_cdx_prop(struct bh_jsonw *w, const char *name, const char *value)
{
        if (!value)
                return;
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "name", name);
        bh_jsonw_kstr(w, "value", value);
        bh_jsonw_obj_end(w);
}

static void bh_cdx_package(struct bh_jsonw *w, const struct bh_sbom *x, size_t i)
{
        const struct bh_pkg *p = &x->s->pkgs->v[i];

        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "bom-ref", x->refs[i]);
        bh_jsonw_kstr(w, "type", "library");
        bh_jsonw_kstr(w, "name", p->name);
        if (p->version)
                bh_jsonw_kstr(w, "version", p->version);
        if (p->license) {
                bh_jsonw_key(w, "licenses");
                bh_jsonw_arr_begin(w);
                bh_jsonw_obj_begin(w);
                bh_jsonw_key(w, "license");
                bh_jsonw_obj_begin(w);
                bh_jsonw_kstr(w, "name", p->license);
                bh_jsonw_obj_end(w);
                bh_jsonw_obj_end(w);
                bh_jsonw_arr_end(w);
        }
        bh_jsonw_kstr(w, "purl", x->purls[i]);
        bh_jsonw_key(w, "properties");
        bh_jsonw_arr_begin(w);
        bh_cdx_prop(w, "bulkhead:package:source", p->source);
        bh_cdx_prop(w, "bulkhead:package:source_version", p->source_version);
        bh_cdx_prop(w, "bulkhead:package:db", p->db);
        bh_cdx_prop(w, "bulkhead:package:file", p->loc.file);
        bh_cdx_prop(w, "bulkhead:package:layer", p->layer);
        bh_jsonw_arr_end(w);
        bh_jsonw_obj_end(w);
}

int bh_report_cyclonedx(FILE *out, const struct bh_sbom_subject *s, struct bh_error *err)
{
        struct bh_jsonw *w;
        struct bh_sbom x = {0};
        bool has_os;

        if (!bh_sbom_check(s, err))
                return BH_EINVAL;
        has_os = bh_sbom_has_os(s);
        bh_sbom_prepare(&x, s, "cyclonedx", true);
        w = bh_xmalloc(sizeof(*w));
        bh_jsonw_init(w, out);
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "$schema", "http://cyclonedx.org/schema/bom-1.5.schema.json");
        bh_jsonw_kstr(w, "bomFormat", "CycloneDX");
        bh_jsonw_kstr(w, "specVersion", "1.5");
        bh_jsonw_key(w, "serialNumber");
        {
                char sn[64];
                snprintf(sn, sizeof(sn), "urn:uuid:%s", x.uuid);
                bh_jsonw_str(w, sn);
        }
        bh_jsonw_kint(w, "version", 1);

        bh_jsonw_key(w, "metadata");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "timestamp", x.created);
        bh_jsonw_key(w, "tools");
        bh_jsonw_obj_begin(w);
        bh_jsonw_key(w, "components");
        bh_jsonw_arr_begin(w);
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "type", "application");
        bh_jsonw_kstr(w, "name", "bulkhead");
        bh_jsonw_kstr(w, "version", bh_sbom_version(&x));
        bh_jsonw_obj_end(w);
        bh_jsonw_arr_end(w);
        bh_jsonw_obj_end(w);
        bh_jsonw_key(w, "component");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "bom-ref", "subject");
        bh_jsonw_kstr(w, "type", s->kind == BH_SBOM_ROOTFS ? "platform" : "container");
        bh_jsonw_kstr(w, "name", s->name);
        if (s->digest)
                bh_jsonw_kstr(w, "version", s->digest);
        bh_jsonw_obj_end(w);
        bh_jsonw_obj_end(w);

        bh_jsonw_key(w, "components");
        bh_jsonw_arr_begin(w);
        if (has_os) {
                bh_jsonw_obj_begin(w);
                bh_jsonw_kstr(w, "bom-ref", "os");
                bh_jsonw_kstr(w, "type", "operating-system");
                bh_jsonw_kstr(w, "name", s->os->id);
                if (s->os->version_id)
                        bh_jsonw_kstr(w, "version", s->os->version_id);
                if (s->os->pretty_name)
                        bh_jsonw_kstr(w, "description", s->os->pretty_name);
                bh_jsonw_obj_end(w);
        }
        for (size_t i = 0; i < x.n; i++)
                bh_cdx_package(w, &x, i);
        bh_jsonw_arr_end(w);

        /* subject -> os -> packages (subject -> packages without an OS) */
        bh_jsonw_key(w, "dependencies");
        bh_jsonw_arr_begin(w);
        for (int k = 0; k < 2; k++) {
                if (k == 1 && !has_os)
                        break;
                bh_jsonw_obj_begin(w);
                bh_jsonw_kstr(w, "ref", k == 0 ? "subject" : "os");
                bh_jsonw_key(w, "dependsOn");
                bh_jsonw_arr_begin(w);
                if (k == 0 && has_os)
                        bh_jsonw_str(w, "os");
                else
                        for (size_t i = 0; i < x.n; i++)
                                bh_jsonw_str(w, x.refs[i]);
                bh_jsonw_arr_end(w);
                bh_jsonw_obj_end(w);
        }
        bh_jsonw_arr_end(w);
        bh_jsonw_obj_end(w);
        bh_sbom_release(&x);
        return bh_sbom_finish(w, err);
}

/* ---- SPDX 2.3 ---- */

/* SPDXRef-<prefix>[-<n>]-<name>, with characters outside [A-Za-z0-9.-] as '-'. */
static void bh_spdx_id(char *out, size_t cap, const char *prefix, size_t n, const char *name)
{
        int k = n ? snprintf(out, cap, "SPDXRef-%s-%zu-", prefix, n)
                  : snprintf(out, cap, "SPDXRef-%s-", prefix);
        size_t o = k > 0 ? (size_t)k : 0;

        for (; name && *name && o + 1 < cap; name++) {
                char c = *name;
                bool okc = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '.' || c == '-';
                out[o++] = okc ? c : '-';
        }
        out[o] = '\0';
}

static void bh_spdx_rel(struct bh_jsonw *w, const char *a, const char *type, const char *b)
{
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "spdxElementId", a);
        bh_jsonw_kstr(w, "relationshipType", type);
        bh_jsonw_kstr(w, "relatedSpdxElement", b);
        bh_jsonw_obj_end(w);
}

/* The namespace's name part: the subject name with URI-unsafe bytes as '-'. */
static void bh_spdx_ns_name(char *out, size_t cap, const char *name)
{
        size_t o = 0;

        for (; *name && o + 1 < cap && o < 128; name++) {
                char c = *name;
                bool okc = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
                if (!okc && (o == 0 || out[o - 1] == '-'))
                        continue;
                out[o++] = okc ? c : '-';
        }
        out[o] = '\0';
}

int bh_report_spdx(FILE *out, const struct bh_sbom_subject *s, struct bh_error *err)
{
        struct bh_jsonw *w;
        struct bh_sbom x = {0};
        char id[320], nsname[160], ns[512], os_id[320] = "";
        const char *subject_id = "SPDXRef-Subject";
        bool has_os;

        if (!bh_sbom_check(s, err))
                return BH_EINVAL;
        has_os = bh_sbom_has_os(s);
        bh_sbom_prepare(&x, s, "spdx", false);
        w = bh_xmalloc(sizeof(*w));
        bh_jsonw_init(w, out);
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "spdxVersion", "SPDX-2.3");
        bh_jsonw_kstr(w, "dataLicense", "CC0-1.0");
        bh_jsonw_kstr(w, "SPDXID", "SPDXRef-DOCUMENT");
        bh_jsonw_kstr(w, "name", s->name);
        bh_spdx_ns_name(nsname, sizeof(nsname), s->name);
        snprintf(ns, sizeof(ns), "https://bulkhead.dev/spdx/%s%s%s", nsname, *nsname ? "-" : "",
                 x.uuid);
        bh_jsonw_kstr(w, "documentNamespace", ns);
        bh_jsonw_key(w, "creationInfo");
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "created", x.created);
        bh_jsonw_key(w, "creators");
        bh_jsonw_arr_begin(w);
        snprintf(id, sizeof(id), "Tool: bulkhead-%s", bh_sbom_version(&x));
        bh_jsonw_str(w, id);
        bh_jsonw_arr_end(w);
        bh_jsonw_obj_end(w);

        bh_jsonw_key(w, "packages");
        bh_jsonw_arr_begin(w);
        bh_jsonw_obj_begin(w);
        bh_jsonw_kstr(w, "SPDXID", subject_id);
        bh_jsonw_kstr(w, "name", s->name);
        if (s->digest)
                bh_jsonw_kstr(w, "versionInfo", s->digest);
        bh_jsonw_kstr(w, "downloadLocation", "NOASSERTION");
        bh_jsonw_key(w, "filesAnalyzed");
        bh_jsonw_bool(w, false);
        bh_jsonw_kstr(w, "primaryPackagePurpose",
                      s->kind == BH_SBOM_ROOTFS ? "OTHER" : "CONTAINER");
        bh_jsonw_obj_end(w);
        if (has_os) {
                bh_spdx_id(os_id, sizeof(os_id), "OperatingSystem", 0, s->os->id);
                bh_jsonw_obj_begin(w);
                bh_jsonw_kstr(w, "SPDXID", os_id);
                bh_jsonw_kstr(w, "name", s->os->id);
                if (s->os->version_id)
                        bh_jsonw_kstr(w, "versionInfo", s->os->version_id);
                bh_jsonw_kstr(w, "downloadLocation", "NOASSERTION");
                bh_jsonw_key(w, "filesAnalyzed");
                bh_jsonw_bool(w, false);
                if (s->os->pretty_name)
                        bh_jsonw_kstr(w, "description", s->os->pretty_name);
                bh_jsonw_kstr(w, "primaryPackagePurpose", "OPERATING_SYSTEM");
                bh_jsonw_obj_end(w);
        }
        for (size_t i = 0; i < x.n; i++) {
                const struct bh_pkg *p = &s->pkgs->v[i];
                bh_spdx_id(id, sizeof(id), "Package", i + 1, p->name);
                bh_jsonw_obj_begin(w);
                bh_jsonw_kstr(w, "SPDXID", id);
                bh_jsonw_kstr(w, "name", p->name);
                if (p->version)
                        bh_jsonw_kstr(w, "versionInfo", p->version);
                bh_jsonw_kstr(w, "downloadLocation", "NOASSERTION");
                bh_jsonw_key(w, "filesAnalyzed");
                bh_jsonw_bool(w, false);
                bh_jsonw_kstr(w, "licenseConcluded", "NOASSERTION");
                bh_jsonw_kstr(w, "licenseDeclared", "NOASSERTION");
                if (p->license) {
                        char lc[512];
                        snprintf(lc, sizeof(lc), "as recorded by %s: %s", p->db ? p->db : "?",
                                 p->license);
                        bh_jsonw_kstr(w, "licenseComments", lc);
                }
                bh_jsonw_kstr(w, "copyrightText", "NOASSERTION");
                if (p->source) {
                        char si[512];
                        snprintf(si, sizeof(si), "built package from: %s %s", p->source,
                                 p->source_version ? p->source_version
                                 : p->version      ? p->version
                                                   : "");
                        bh_jsonw_kstr(w, "sourceInfo", si);
                }
                bh_jsonw_key(w, "externalRefs");
                bh_jsonw_arr_begin(w);
                bh_jsonw_obj_begin(w);
                bh_jsonw_kstr(w, "referenceCategory", "PACKAGE-MANAGER");
                bh_jsonw_kstr(w, "referenceType", "purl");
                bh_jsonw_kstr(w, "referenceLocator", x.purls[i]);
                bh_jsonw_obj_end(w);
                bh_jsonw_arr_end(w);
                bh_jsonw_obj_end(w);
        }
        bh_jsonw_arr_end(w);

        bh_jsonw_key(w, "relationships");
        bh_jsonw_arr_begin(w);
        bh_spdx_rel(w, "SPDXRef-DOCUMENT", "DESCRIBES", subject_id);
        if (has_os)
                bh_spdx_rel(w, subject_id, "CONTAINS", os_id);
        for (size_t i = 0; i < x.n; i++) {
                bh_spdx_id(id, sizeof(id), "Package", i + 1, s->pkgs->v[i].name);
                bh_spdx_rel(w, has_os ? os_id : subject_id, "CONTAINS", id);
        }
        bh_jsonw_arr_end(w);
        bh_jsonw_obj_end(w);
        bh_sbom_release(&x);
        return bh_sbom_finish(w, err);
}
