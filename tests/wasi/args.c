/* args: args_sizes_get / args_get through argv, and directly. */
#include <stdio.h>
#include <stdlib.h>
#include <wasi/api.h>

#include "check.h"

int main(int argc, char **argv)
{
	printf("argc=%d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d]=[%s]\n", i, argv[i]);

	__wasi_size_t n = 0, size = 0;
	CHECK_WASI(__wasi_args_sizes_get(&n, &size), 0);
	CHECK(n == (__wasi_size_t)argc);
	char **v = calloc(n + 1, sizeof *v);
	char *buf = malloc(size);
	CHECK_WASI(__wasi_args_get((uint8_t **)v, (uint8_t *)buf), 0);
	size_t total = 0;
	for (__wasi_size_t i = 0; i < n; i++) {
		CHECK(strcmp(v[i], argv[i]) == 0);
		total += strlen(v[i]) + 1;
	}
	CHECK(total == size);
	return check_report();
}
