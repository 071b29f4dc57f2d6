/*
 * check.h — assertions for the WASI test programs (tests/wasi/NAME.c, built for
 * wasm32-wasi by run.sh). A failed CHECK prints file:line, the expression
 * and errno to stdout and the program goes on; check_report() prints "ok"
 * when nothing failed and returns the exit status (0 ok, 1 failed).
 */
#ifndef CHECK_H
#define CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int check_failures;

static void check_at(int ok, const char *what, const char *file, int line)
{
	if (ok)
		return;
	check_failures++;
	printf("FAIL %s:%d: %s (errno %d: %s)\n", file, line, what, errno,
	       strerror(errno));
}

/* CHECK(cond): cond must hold. */
#define CHECK(cond) check_at((cond) != 0, #cond, __FILE__, __LINE__)

/* CHECK_ERRNO(call, e): an int-returning libc call must fail (-1) with
 * errno e. */
#define CHECK_ERRNO(call, e)                                                  \
	do {                                                                  \
		errno = 0;                                                    \
		long check_r_ = (long)(call);                                 \
		int check_e_ = check_r_ == -1 ? errno : 0;                    \
		check_at(check_r_ == -1 && check_e_ == (e),                   \
			 #call " fails with " #e, __FILE__, __LINE__);        \
		if (check_e_ != (e))                                          \
			printf("     got %ld errno %d, want errno %d\n",         \
			       check_r_, check_e_, (e));                      \
	} while (0)

/* CHECK_WASI(call, e): a __wasi_* call must return errno e (0 = success). */
#define CHECK_WASI(call, e)                                                   \
	do {                                                                  \
		int check_w_ = (int)(call);                                   \
		check_at(check_w_ == (e), #call " == " #e, __FILE__,          \
			 __LINE__);                                           \
		if (check_w_ != (e))                                          \
			printf("     got %d, want %d\n", check_w_, (int)(e));     \
	} while (0)

/* CHECK_WASI2(call, e1, e2): a __wasi_* call must return e1 or e2 (hosts
 * differ where the WASI spec does not pin the error down). */
#define CHECK_WASI2(call, e1, e2)                                             \
	do {                                                                  \
		int check_w_ = (int)(call);                                   \
		check_at(check_w_ == (e1) || check_w_ == (e2),                \
			 #call " == " #e1 " or " #e2, __FILE__, __LINE__);    \
		if (check_w_ != (e1) && check_w_ != (e2))                     \
			printf("     got %d\n", check_w_);                    \
	} while (0)

static int check_report(void)
{
	if (check_failures == 0) {
		printf("ok\n");
		return 0;
	}
	printf("%d check(s) failed\n", check_failures);
	return 1;
}

#endif
