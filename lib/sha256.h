/*
 * sha256.h - SHA-256 (nettle) as lowercase hex, one-shot or incremental.
 */
#ifndef KP_SHA256_H
#define KP_SHA256_H

#include <stddef.h>
#include <nettle/sha2.h>

typedef struct sha256_ctx kp__sha256;

void kp__sha256_init(kp__sha256 *ctx);
void kp__sha256_update(kp__sha256 *ctx, const void *data, size_t size);
/** Finish and write 64 hex digits plus NUL into hex. */
void kp__sha256_hex(kp__sha256 *ctx, char hex[65]);
void kp__sha256_oneshot(const void *data, size_t size, char hex[65]);

#endif
