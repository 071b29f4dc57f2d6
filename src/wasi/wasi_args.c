/* wasi_args.c — args_get, args_sizes_get, environ_get, environ_sizes_get. */
#include <string.h>

#include "wasi/functions.h"
#include "wasi/wasi_internal.h"

/* Writes the pointer array and the packed strings of args or environ:
 * ptrs[i] = buf + offset of string i. Both ranges are checked first, so a
 * bad pointer writes nothing (EFAULT). */
static uint16_t put_strings(struct wrr_wasi *wasi, struct wrr_memory *mem,
			    uint32_t ptrs, uint32_t buf, uint32_t count,
			    const char *strs, uint32_t size)
{
	if (!wrr_wasi_mem_ok(mem, ptrs, (uint64_t)count * 4) ||
	    !wrr_wasi_mem_ok(mem, buf, size))
		return WASI_EFAULT;
	uint32_t off = 0, done = 0;
	while (done < count) {
		uint32_t n = count - done;
		if (n > WRR_WASI_SCRATCH / 4)
			n = WRR_WASI_SCRATCH / 4;
		for (uint32_t i = 0; i < n; i++) {
			wasi_put_u32(wasi->scratch, i * 4, buf + off);
			off += (uint32_t)strlen(strs + off) + 1;
		}
		uint16_t e = wrr_wasi_mem_write(mem, ptrs + done * 4,
						wasi->scratch, n * 4);
		if (e)
			return e;
		done += n;
	}
	return wrr_wasi_mem_write(mem, buf, strs, size);
}

/* args_get(argv: Pointer<Pointer<u8>>, argv_buf: Pointer<u8>) -> errno */
enum wrr_status wrr_wasi_args_get(struct wrr_host_call *call)
{
	struct wrr_wasi *w = call->env;
	return wrr_wasi_ret(call, put_strings(w, call->memory,
					      wrr_wasi_arg32(call, 0),
					      wrr_wasi_arg32(call, 1), w->argc,
					      w->args_buf, w->args_size));
}

/* Writes the count and the buffer size of args or environ to the u32s the
 * call's arguments 0 and 1 point to. Both are checked first, so a bad
 * pointer writes nothing (EFAULT). */
static enum wrr_status put_sizes(struct wrr_host_call *call, uint32_t count,
				 uint32_t size)
{
	uint32_t p0 = wrr_wasi_arg32(call, 0), p1 = wrr_wasi_arg32(call, 1);
	if (!wrr_wasi_mem_ok(call->memory, p0, 4) ||
	    !wrr_wasi_mem_ok(call->memory, p1, 4))
		return wrr_wasi_ret(call, WASI_EFAULT);
	uint16_t e = wrr_wasi_mem_write_u32(call->memory, p0, count);
	if (!e)
		e = wrr_wasi_mem_write_u32(call->memory, p1, size);
	return wrr_wasi_ret(call, e);
}

/* args_sizes_get() -> (argc: size, argv_buf_size: size), via two pointers */
enum wrr_status wrr_wasi_args_sizes_get(struct wrr_host_call *call)
{
	struct wrr_wasi *w = call->env;
	return put_sizes(call, w->argc, w->args_size);
}

/* environ_get(environ: Pointer<Pointer<u8>>, environ_buf: Pointer<u8>) */
enum wrr_status wrr_wasi_environ_get(struct wrr_host_call *call)
{
	struct wrr_wasi *w = call->env;
	return wrr_wasi_ret(call, put_strings(w, call->memory,
					      wrr_wasi_arg32(call, 0),
					      wrr_wasi_arg32(call, 1), w->envc,
					      w->env_buf, w->env_size));
}

/* environ_sizes_get() -> (environc: size, environ_buf_size: size) */
enum wrr_status wrr_wasi_environ_sizes_get(struct wrr_host_call *call)
{
	struct wrr_wasi *w = call->env;
	return put_sizes(call, w->envc, w->env_size);
}
