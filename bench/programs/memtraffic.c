/*
 * memtraffic — memory traffic through memcpy, memmove and memset with
 * variable sizes (8 B .. 64 KiB) over 8 MiB buffers. Built twice by
 * bench/run.sh: as memtraffic (plain Wasm 1.0: wasi-libc's memcpy is a Wasm
 * loop) and memtraffic_bulk (-mbulk-memory: clang emits memory.copy and
 * memory.fill instead), so the pair shows what bulk-memory instructions buy.
 *
 * Scale: rounds of 4096 operations each.
 * Output: bytes moved and an FNV-1a checksum of sampled destination bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bench_util.h"

#define BUF_BYTES (8u << 20)

static const uint32_t sizes[8] = { 8, 24, 100, 256, 1024, 4096, 16384, 65536 };

int main(int argc, char **argv)
{
	uint32_t rounds = bench_scale(argc, argv, 100);
	static uint8_t src[BUF_BYTES], dst[BUF_BYTES];
	uint32_t s = 0x1234567;
	uint64_t moved = 0;
	uint32_t fnv = 2166136261u;

	for (uint32_t i = 0; i < BUF_BYTES; i += 4) {
		uint32_t r = bench_rand32(&s);

		memcpy(src + i, &r, 4);
	}
	for (uint32_t round = 0; round < rounds; round++) {
		for (uint32_t op = 0; op < 4096; op++) {
			uint32_t r = bench_rand32(&s);
			uint32_t len = sizes[r & 7] + ((r >> 3) & 7);
			uint32_t from = (r >> 6) % (BUF_BYTES - len);
			uint32_t to = bench_rand32(&s) % (BUF_BYTES - len);

			switch ((r >> 28) & 3) {
			case 0:
			case 1:
				memcpy(dst + to, src + from, len);
				break;
			case 2:
				memmove(dst + to, dst + from, len);
				break;
			default:
				memset(dst + to, (int)(r >> 20) & 0xff, len);
				break;
			}
			moved += len;
		}
		/* Feed some destination bytes back into the source. */
		memcpy(src + (round * 4099u) % (BUF_BYTES - 4096),
		       dst + (round * 65537u) % (BUF_BYTES - 4096), 4096);
	}
	for (uint32_t i = 0; i < BUF_BYTES; i += 61) {
		fnv ^= dst[i];
		fnv *= 16777619u;
	}
	printf("memtraffic: rounds=%u moved=%llu fnv=0x%08x\n", rounds,
	       (unsigned long long)moved, fnv);
	return 0;
}
