/* exit: proc_exit with the code in argv[1]; "return" returns it from main
 * instead, "abort" calls abort() (a trap in wasi-libc). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

int main(int argc, char **argv)
{
	int code = argc > 2 ? atoi(argv[2]) : 0;
	printf("exiting\n");
	fflush(stdout);
	if (argc > 1 && strcmp(argv[1], "return") == 0)
		return code;
	if (argc > 1 && strcmp(argv[1], "abort") == 0)
		abort();
	if (argc > 1 && strcmp(argv[1], "raw") == 0)
		__wasi_proc_exit((__wasi_exitcode_t)code);
	exit(code);
}
