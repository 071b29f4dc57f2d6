/* memgrow: malloc 1 MiB blocks (memory.grow under wasi-libc's allocator)
 * until it fails or argv[1] MiB are reached; touch every block; prints the
 * number of blocks. With --max-memory the count is bounded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	int cap = argc > 1 ? atoi(argv[1]) : 64;
	static char *blocks[4096];
	int n = 0;
	while (n < cap && n < 4096) {
		char *p = malloc(1 << 20);
		if (p == NULL)
			break;
		memset(p, n & 0xff, 1 << 20);
		blocks[n++] = p;
	}
	int bad = 0;
	for (int i = 0; i < n; i++)
		bad += blocks[i][(1 << 20) - 1] != (char)(i & 0xff) ||
		       blocks[i][0] != (char)(i & 0xff);
	printf("%d blocks, %d bad\n", n, bad);
	return bad != 0;
}
