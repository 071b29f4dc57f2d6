/* Compute-bound: a few host calls around a long loop. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 3000000;
	unsigned long long h = 1469598103934665603ull;
	for (unsigned i = 0; i < n; i++) {
		h ^= i;
		h *= 1099511628211ull;
		h = (h << 7) | (h >> 57);
	}
	printf("hash %llu\n", h);
	return 0;
}
