/* wasi_clock.c — clock_res_get, clock_time_get (witx `clockid`). */
#include <errno.h>
#include <time.h>

#include "wasi/functions.h"
#include "wasi/wasi_internal.h"

bool wrr_wasi_host_clock(uint32_t id, clockid_t *out)
{
	switch (id) {
	case WASI_CLOCK_REALTIME: *out = CLOCK_REALTIME; return true;
	case WASI_CLOCK_MONOTONIC: *out = CLOCK_MONOTONIC; return true;
	case WASI_CLOCK_PROCESS_CPUTIME_ID:
		*out = CLOCK_PROCESS_CPUTIME_ID;
		return true;
	case WASI_CLOCK_THREAD_CPUTIME_ID:
		*out = CLOCK_THREAD_CPUTIME_ID;
		return true;
	}
	return false;
}

uint64_t wrr_wasi_timespec_ns(const struct timespec *ts)
{
	if (ts->tv_sec < 0)
		return 0;
	uint64_t s = (uint64_t)ts->tv_sec;
	if (s > (UINT64_MAX - (uint64_t)ts->tv_nsec) / 1000000000u)
		return UINT64_MAX;
	return s * 1000000000u + (uint64_t)ts->tv_nsec;
}

/* clock_res_get(id: clockid) -> timestamp (ns), written to arg 1.
 * Unknown clock: EINVAL. */
enum wrr_status wrr_wasi_clock_res_get(struct wrr_host_call *call)
{
	clockid_t cid;
	struct timespec ts;
	uint32_t out = wrr_wasi_arg32(call, 1);
	if (!wrr_wasi_host_clock(wrr_wasi_arg32(call, 0), &cid))
		return wrr_wasi_ret(call, WASI_EINVAL);
	if (!wrr_wasi_mem_ok(call->memory, out, 8))
		return wrr_wasi_ret(call, WASI_EFAULT);
	if (clock_getres(cid, &ts) != 0)
		return wrr_wasi_ret(call, wrr_wasi_errno_from_host(errno));
	uint64_t ns = wrr_wasi_timespec_ns(&ts);
	return wrr_wasi_ret(call, wrr_wasi_mem_write_u64(call->memory, out,
							 ns ? ns : 1));
}

/* clock_time_get(id: clockid, precision: timestamp) -> timestamp (ns since
 * the epoch for realtime; an arbitrary origin for the others), written to
 * arg 2. precision is a hint and ignored. Unknown clock: EINVAL. */
enum wrr_status wrr_wasi_clock_time_get(struct wrr_host_call *call)
{
	clockid_t cid;
	struct timespec ts;
	uint32_t out = wrr_wasi_arg32(call, 2);
	if (!wrr_wasi_host_clock(wrr_wasi_arg32(call, 0), &cid))
		return wrr_wasi_ret(call, WASI_EINVAL);
	if (!wrr_wasi_mem_ok(call->memory, out, 8))
		return wrr_wasi_ret(call, WASI_EFAULT);
	if (clock_gettime(cid, &ts) != 0)
		return wrr_wasi_ret(call, wrr_wasi_errno_from_host(errno));
	return wrr_wasi_ret(call, wrr_wasi_mem_write_u64(
					  call->memory, out,
					  wrr_wasi_timespec_ns(&ts)));
}
