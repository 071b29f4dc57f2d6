/*
 * hostcalls — host-call-heavy: a million small writes to /dev/null (one
 * fd_write each; bench/run.sh preopens /dev) and a million monotonic clock
 * reads (clock_time_get). Measures the cost of crossing into the host — and,
 * under `wrr record`, of logging each call.
 *
 * Scale: thousands of iterations (each does one write and one clock read).
 * Output: calls made, bytes written and whether the clock never went back.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

int main(int argc, char **argv)
{
	uint32_t n = bench_scale(argc, argv, 1000) * 1000u;
	static const char msg[16] = "hostcalls-bench\n";
	uint64_t written = 0, prev = 0;
	uint32_t backwards = 0;
	int fd = open("/dev/null", O_WRONLY);

	if (fd < 0) {
		perror("hostcalls: open /dev/null");
		return 1;
	}
	for (uint32_t i = 0; i < n; i++) {
		struct timespec ts;
		ssize_t w = write(fd, msg, 1 + (i & 15));
		uint64_t now;

		if (w < 0) {
			perror("hostcalls: write");
			return 1;
		}
		written += (uint64_t)w;
		if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
			perror("hostcalls: clock_gettime");
			return 1;
		}
		now = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
		backwards += now < prev;
		prev = now;
	}
	close(fd);
	printf("hostcalls: writes=%u clock_reads=%u bytes=%llu monotonic=%s\n",
	       n, n, (unsigned long long)written, backwards ? "no" : "yes");
	return 0;
}
