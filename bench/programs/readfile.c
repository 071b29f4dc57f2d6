/*
 * readfile — I/O-bound: reads a generated file (bench/run.sh makes a 100 MiB
 * file and preopens its directory as /data) in 64 KiB fd_read calls and
 * folds a light checksum over it (one byte in 64), so the time goes
 * to the host's read path and the copies into linear memory, not to Wasm.
 *
 * Scale: MiB to read at most (default 100: the whole file).
 * Output: bytes read and the checksum.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "bench_util.h"

#define CHUNK (64u << 10)

int main(int argc, char **argv)
{
	uint64_t limit = (uint64_t)bench_scale(argc, argv, 100) << 20;
	static uint8_t buf[CHUNK];
	uint64_t total = 0, sum = 0xcbf29ce484222325ull;
	uint32_t reads = 0;
	int fd = open("/data/readfile.dat", O_RDONLY);

	if (fd < 0) {
		perror("readfile: open /data/readfile.dat");
		return 1;
	}
	while (total < limit) {
		size_t want = limit - total < CHUNK ? (size_t)(limit - total)
						    : CHUNK;
		ssize_t got = read(fd, buf, want);

		if (got < 0) {
			perror("readfile: read");
			return 1;
		}
		if (got == 0)
			break;
		reads++;
		/* FNV-1a over the bytes at file offsets that are multiples
		 * of 64: independent of how the host splits the reads. */
		for (size_t i = (64 - total % 64) % 64; i < (size_t)got;
		     i += 64)
			sum = (sum ^ buf[i]) * 0x100000001b3ull;
		total += (uint64_t)got;
	}
	close(fd);
	printf("readfile: bytes=%llu checksum=0x%016llx\n",
	       (unsigned long long)total, (unsigned long long)sum);
	(void)reads; /* varies with the host's short reads; not printed */
	return 0;
}
