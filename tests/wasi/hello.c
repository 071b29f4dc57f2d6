/* hello: the smallest command; also the start-up-time benchmark. */
#include <stdio.h>

int main(void)
{
	printf("hello, world\n");
	return 0;
}
