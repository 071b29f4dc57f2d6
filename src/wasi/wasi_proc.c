/* wasi_proc.c — proc_exit, proc_raise, sched_yield. */
#include <sched.h>

#include "module.h"
#include "wasi/functions.h"
#include "wasi/wasi_internal.h"

/* proc_exit(rval: exitcode): ends the run. Not an errno: the status
 * WRR_EXIT with call->err->exit_code = rval (the embedder decides what to
 * do with codes >= 126, which wasmtime refuses). */
enum wrr_status wrr_wasi_proc_exit(struct wrr_host_call *call)
{
	uint32_t code = wrr_wasi_arg32(call, 0);
	if (call->err != NULL && call->err->status == WRR_OK) {
		wrr_error_set(call->err, WRR_EXIT, "proc_exit(%u)", code);
		call->err->exit_code = (int32_t)code;
	}
	return WRR_EXIT;
}

/* proc_raise(sig: signal): signals are not supported: ENOSYS (wasi-libc
 * emulates raise() inside the guest). */
enum wrr_status wrr_wasi_proc_raise(struct wrr_host_call *call)
{
	return wrr_wasi_ret(call, WASI_ENOSYS);
}

/* sched_yield() */
enum wrr_status wrr_wasi_sched_yield(struct wrr_host_call *call)
{
	sched_yield();
	return wrr_wasi_ret(call, 0);
}
