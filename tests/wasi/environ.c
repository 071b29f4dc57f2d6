/* environ: environ_sizes_get / environ_get, order kept, getenv. */
#include <stdio.h>
#include <stdlib.h>
#include <wasi/api.h>

#include "check.h"

extern char **environ;

int main(void)
{
	size_t count = 0;
	for (char **e = environ; *e != NULL; e++, count++)
		printf("[%s]\n", *e);
	CHECK(getenv("NOT_PASSED_IN") == NULL);
	CHECK(getenv("PATH") == NULL || getenv("WRR_TEST_INHERIT") != NULL);

	__wasi_size_t n = 0, size = 0;
	CHECK_WASI(__wasi_environ_sizes_get(&n, &size), 0);
	CHECK(n == count);
	char **v = calloc(n + 1, sizeof *v);
	char *buf = malloc(size + 1);
	CHECK_WASI(__wasi_environ_get((uint8_t **)v, (uint8_t *)buf), 0);
	for (__wasi_size_t i = 0; i < n; i++)
		CHECK(strcmp(v[i], environ[i]) == 0);
	return check_report();
}
