/*
 * sha256.c - thin wrapper over nettle's SHA-256.
 */
#include "sha256.h"

void kp__sha256_init(kp__sha256 *ctx) { sha256_init(ctx); }

void kp__sha256_update(kp__sha256 *ctx, const void *data, size_t size)
{
    sha256_update(ctx, size, data);
}

void kp__sha256_hex(kp__sha256 *ctx, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(ctx, sizeof d, d);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = '\0';
}

void kp__sha256_oneshot(const void *data, size_t size, char hex[65])
{
    kp__sha256 ctx;
    kp__sha256_init(&ctx);
    kp__sha256_update(&ctx, data, size);
    kp__sha256_hex(&ctx, hex);
}
