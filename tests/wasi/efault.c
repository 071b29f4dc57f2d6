/* efault: guest pointers out of bounds of linear memory must give EFAULT
 * (or at least an error), never crash the host or write anything. */
#include <stdint.h>
#include <wasi/api.h>

#include "check.h"

#define BAD ((void *)(uintptr_t)0xfffffff0u)

/* path_open with raw addresses (wasi/api.h would strlen the path). */
int32_t raw_path_open(int32_t fd, int32_t dirflags, int32_t path,
		      int32_t path_len, int32_t oflags, int64_t base,
		      int64_t inheriting, int32_t fdflags, int32_t out)
	__attribute__((import_module("wasi_snapshot_preview1"),
		       import_name("path_open")));

int main(void)
{
	CHECK(__wasi_random_get(BAD, 100) != 0);
	CHECK(__wasi_args_sizes_get(BAD, BAD) != 0);
	CHECK(__wasi_clock_time_get(0, 1, BAD) != 0);
	__wasi_ciovec_t v = {BAD, 100};
	__wasi_size_t n;
	CHECK(__wasi_fd_write(1, &v, 1, &n) != 0);
	CHECK(__wasi_fd_write(1, BAD, 1, &n) != 0);
	CHECK(__wasi_fd_write(1, &v, 0x10000000, &n) != 0);
	__wasi_iovec_t r = {BAD, 100};
	CHECK(__wasi_fd_read(0, &r, 1, &n) != 0);
	CHECK(__wasi_fd_prestat_dir_name(3, BAD, 100) != 0);
	CHECK(__wasi_poll_oneoff(BAD, BAD, 1, &n) != 0);
	CHECK(__wasi_poll_oneoff(BAD, BAD, 0x10000000, &n) != 0);
	CHECK(raw_path_open(3, 0, 0xfffffff0, 100, 0, 0, 0, 0, 0xfffffff0) != 0);
	CHECK(raw_path_open(3, 0, 0x100, 0x7fffffff, 0, 0, 0, 0, 0x100) != 0);
	/* The counts/sizes that straddle the end of memory. */
	uint8_t *edge = (uint8_t *)(uintptr_t)(__builtin_wasm_memory_size(0) *
					       65536 - 4);
	CHECK(__wasi_random_get(edge, 8) != 0);
	CHECK_WASI(__wasi_random_get(edge, 4), 0);
	return check_report();
}
