/* Prints a numbered line, then burns time, forever: killed by the test. */
#include <stdio.h>
#include <time.h>

int main(void)
{
	for (unsigned i = 0;; i++) {
		printf("line %u\n", i);
		fflush(stdout);
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}
