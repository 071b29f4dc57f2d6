/*
 * sha256.c — SHA-256 of a module binary, for the trace header's module
 * identity, computed by libmd (Debian's libmd-dev, <sha2.h>);
 * tests/unit/test_trace.c checks it against the FIPS 180-4 example vectors.
 */
#include <sha2.h>

#include "rr/trace.h"

void wrr_sha256(const uint8_t *bytes, size_t size, uint8_t out[32])
{
	SHA2_CTX ctx;
	SHA256Init(&ctx);
	SHA256Update(&ctx, bytes, size);
	SHA256Final(out, &ctx);
}

void wrr_sha256_hex(const uint8_t digest[32], char out[65])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = '\0';
}
