/* Host-call-heavy: N small fd_writes (to stdout: point it at /dev/null) and
 * N clock_time_get. */
#include <stdlib.h>
#include <wasi/api.h>

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 1000000;
	char c = 'x';
	__wasi_ciovec_t iov = {(const uint8_t *)&c, 1};
	__wasi_size_t nw;
	volatile unsigned long long sum = 0;
	for (unsigned i = 0; i < n; i++)
		(void)__wasi_fd_write(1, &iov, 1, &nw);
	for (unsigned i = 0; i < n; i++) {
		__wasi_timestamp_t t;
		(void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
		sum += t & 1;
	}
	return 0;
}
