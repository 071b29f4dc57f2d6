/*
 * cat: copies stdin to stdout with raw fd_read/fd_write over odd-sized
 * iovecs, coping with partial reads (pipes) and partial writes; prints the
 * byte count to stderr. argv[1], if given, is the chunk size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <wasi/api.h>

int main(int argc, char **argv)
{
	size_t chunk = argc > 1 ? (size_t)atol(argv[1]) : 7000;
	uint8_t *buf = malloc(chunk + 3);
	unsigned long long total = 0;
	for (;;) {
		__wasi_iovec_t in[3] = {{buf, 1}, {buf + 1, 2},
					{buf + 3, chunk}};
		__wasi_size_t got = 0;
		__wasi_errno_t e = __wasi_fd_read(0, in, 3, &got);
		if (e != 0) {
			fprintf(stderr, "read error %d\n", e);
			return 1;
		}
		if (got == 0)
			break;
		total += got;
		size_t off = 0;
		while (off < got) {
			__wasi_ciovec_t out = {buf + off, got - off};
			__wasi_size_t put = 0;
			e = __wasi_fd_write(1, &out, 1, &put);
			if (e != 0) {
				fprintf(stderr, "write error %d\n", e);
				return 1;
			}
			off += put;
		}
	}
	fprintf(stderr, "%llu bytes\n", total);
	return 0;
}
