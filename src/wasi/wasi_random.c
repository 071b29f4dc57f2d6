/* wasi_random.c — random_get. */
#include <errno.h>
#include <sys/random.h>

#include "wasi/functions.h"
#include "wasi/wasi_internal.h"

/* random_get(buf: Pointer<u8>, buf_len: size): fills the buffer from the
 * kernel CSPRNG (getrandom), through the scratch buffer in chunks. The
 * whole range is checked first: EFAULT writes nothing. */
enum wrr_status wrr_wasi_random_get(struct wrr_host_call *call)
{
	struct wrr_wasi *w = call->env;
	uint32_t buf = wrr_wasi_arg32(call, 0), len = wrr_wasi_arg32(call, 1);
	if (!wrr_wasi_mem_ok(call->memory, buf, len))
		return wrr_wasi_ret(call, WASI_EFAULT);
	uint32_t done = 0;
	while (done < len) {
		uint32_t want = len - done;
		if (want > WRR_WASI_SCRATCH)
			want = WRR_WASI_SCRATCH;
		ssize_t r = getrandom(w->scratch, want, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return wrr_wasi_ret(call,
					    wrr_wasi_errno_from_host(errno));
		}
		uint16_t e = wrr_wasi_mem_write(call->memory, buf + done,
						w->scratch, (uint32_t)r);
		if (e)
			return wrr_wasi_ret(call, e);
		done += (uint32_t)r;
	}
	return wrr_wasi_ret(call, 0);
}
