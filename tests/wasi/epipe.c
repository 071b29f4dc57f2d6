/* epipe: writes to stdout until the reader goes away; a closed pipe must be
 * EPIPE (not a signal that kills the host). Exits 0 on EPIPE. */
#include <stdio.h>
#include <wasi/api.h>

int main(void)
{
	static uint8_t line[4096];
	for (size_t i = 0; i < sizeof line; i++)
		line[i] = i % 64 == 63 ? '\n' : 'y';
	for (long i = 0; i < 1000000; i++) {
		__wasi_ciovec_t v = {line, sizeof line};
		__wasi_size_t n;
		__wasi_errno_t e = __wasi_fd_write(1, &v, 1, &n);
		if (e == __WASI_ERRNO_PIPE) {
			fprintf(stderr, "got EPIPE\n");
			return 0;
		}
		if (e != 0) {
			fprintf(stderr, "unexpected errno %d\n", e);
			return 2;
		}
	}
	fprintf(stderr, "never got EPIPE\n");
	return 3;
}
