/* Prints the clock, random bytes and what it reads from stdin: two runs
 * differ, each replay must reproduce its own recording. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

int main(void)
{
	__wasi_timestamp_t t = 0;
	(void)__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t);
	printf("realtime %llu\n", (unsigned long long)t);
	(void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
	printf("monotonic %llu\n", (unsigned long long)t);
	unsigned char r[16];
	(void)__wasi_random_get(r, sizeof r);
	printf("random ");
	for (int i = 0; i < 16; i++)
		printf("%02x", r[i]);
	printf("\n");
	char buf[256];
	ssize_t n = read(0, buf, sizeof buf - 1);
	if (n < 0)
		n = 0;
	buf[n] = 0;
	printf("stdin %zd: %s\n", n, buf);
	fprintf(stderr, "to stderr %llu\n", (unsigned long long)t % 1000);
	return (int)(r[0] % 7);
}
