/* Prints, then traps. */
#include <stdio.h>

int main(void)
{
	printf("before the trap\n");
	fflush(stdout);
	__builtin_trap();
}
