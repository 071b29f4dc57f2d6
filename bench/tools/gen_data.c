/*
 * gen_data — writes the readfile benchmark's input: SIZE MiB of
 * deterministic pseudo-random bytes (xorshift64), so the guest's checksum
 * is reproducible. Native tool, built and run by bench/run.sh.
 *
 * usage: gen_data OUT_FILE SIZE_MIB
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	static uint64_t buf[1 << 17]; /* 1 MiB */
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned long mib;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: gen_data OUT_FILE SIZE_MIB\n");
		return 2;
	}
	mib = strtoul(argv[2], NULL, 10);
	f = fopen(argv[1], "wb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	for (unsigned long m = 0; m < mib; m++) {
		for (size_t i = 0; i < sizeof(buf) / sizeof(buf[0]); i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[i] = x;
		}
		if (fwrite(buf, sizeof(buf), 1, f) != 1) {
			perror(argv[1]);
			return 1;
		}
	}
	if (fclose(f) != 0) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
