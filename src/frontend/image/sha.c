/* SHA-256 of blobs as they stream (OpenSSL libcrypto EVP). */
#include <openssl/evp.h>
#include <stdio.h>

#include "image-int.h"

#include "../../util/bh-banned.h"

int bh_img_sha_init(struct bh_img_sha *s)
{
        EVP_MD_CTX *c = EVP_MD_CTX_new();

        s->ctx = NULL;
        if (!c)
                return BH_ENOMEM;
        if (EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1) {
                EVP_MD_CTX_free(c);
                return BH_EINVAL;
        }
        s->ctx = c;
        return 0;
}

void bh_img_sha_update(struct bh_img_sha *s, const void *p, size_t n)
{
        if (s->ctx && n)
                EVP_DigestUpdate(s->ctx, p, n);
}

void bh_img_sha_final(struct bh_img_sha *s, char *out)
{
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int n = 0;
        static const char hex[] = "0123456789abcdef";
        char *o = out;

        out[0] = '\0';
        if (!s->ctx || EVP_DigestFinal_ex(s->ctx, md, &n) != 1 || n != 32) {
                bh_img_sha_free(s);
                return;
        }
        memcpy(o, "sha256:", 7);
        o += 7;
        for (unsigned i = 0; i < n; i++) {
                *o++ = hex[md[i] >> 4];
                *o++ = hex[md[i] & 15];
        }
        *o = '\0';
        bh_img_sha_free(s);
}

void bh_img_sha_free(struct bh_img_sha *s)
{
        EVP_MD_CTX_free(s->ctx);
        s->ctx = NULL;
}
