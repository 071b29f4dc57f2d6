/*
 * wasi_fd_io.c — data transfer: fd_read, fd_write, fd_pread, fd_pwrite.
 *
 * Guest buffers are copied through the context's scratch buffer
 * (WRR_WASI_SCRATCH bytes at a time), never handed to the kernel as raw
 * pointers: reads land in guest memory through wrr_memory_write, which the
 * recorder observes. A transfer larger than the scratch buffer is done in
 * chunks; after a short count, or after the first chunk read from a stream
 * (where one more read could block), it stops and reports what was done, as
 * readv/writev would. An error after some bytes moved reports the bytes.
 */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wasi/functions.h"
#include "wasi/wasi_internal.h"

/* One host transfer: read/write or pread/pwrite when positioned. */
static ssize_t xfer(const struct wrr_wasi_fd *f, bool writing, uint8_t *buf,
		    size_t n, bool positioned, uint64_t offset)
{
	for (;;) {
		ssize_t r;
		if (positioned)
			r = writing ? pwrite(f->host_fd, buf, n, (off_t)offset) :
				      pread(f->host_fd, buf, n, (off_t)offset);
		else if (writing && (f->filetype == WASI_FILETYPE_SOCKET_STREAM ||
				     f->filetype == WASI_FILETYPE_SOCKET_DGRAM))
			r = send(f->host_fd, buf, n, MSG_NOSIGNAL);
		else
			r = writing ? write(f->host_fd, buf, n) :
				      read(f->host_fd, buf, n);
		if (r >= 0 || errno != EINTR)
			return r;
	}
}

/* The four functions in one: fd, iovs, iovs_len, [offset], result ptr. */
static enum wrr_status transfer(struct wrr_host_call *call, bool writing,
				bool positioned)
{
	struct wrr_wasi *w = call->env;
	struct wrr_wasi_fd *f;
	struct wrr_wasi_iovs it;
	uint32_t total;
	uint64_t offset = 0;
	uint32_t iovs = wrr_wasi_arg32(call, 1), count = wrr_wasi_arg32(call, 2);
	uint32_t out;
	uint64_t rights = writing ? WASI_RIGHT_FD_WRITE : WASI_RIGHT_FD_READ;
	if (positioned) {
		rights |= WASI_RIGHT_FD_SEEK;
		offset = wrr_wasi_arg64(call, 3);
		out = wrr_wasi_arg32(call, 4);
	} else {
		out = wrr_wasi_arg32(call, 3);
	}
	uint16_t e = positioned ?
		wrr_wasi_fd_get_seek(w, wrr_wasi_arg32(call, 0), rights, &f) :
		wrr_wasi_fd_get(w, wrr_wasi_arg32(call, 0), rights, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	if (positioned && offset > INT64_MAX)
		return wrr_wasi_ret(call, WASI_EINVAL);
	if (!wrr_wasi_mem_ok(call->memory, out, 4))
		return wrr_wasi_ret(call, WASI_EFAULT);
	e = wrr_wasi_iovs_begin(&it, call->memory, iovs, count, &total);
	if (e)
		return wrr_wasi_ret(call, e);
	bool stream = f->filetype != WASI_FILETYPE_REGULAR_FILE &&
		      f->filetype != WASI_FILETYPE_BLOCK_DEVICE;

	uint32_t done = 0;
	while (done < total) {
		uint32_t want = WRR_WASI_SCRATCH;
		if (want > total - done)
			want = (uint32_t)(total - done);
		if (writing) {
			want = wrr_wasi_iovs_gather(&it, w->scratch, want);
			if (want == 0)
				break;
		}
		ssize_t r = xfer(f, writing, w->scratch, want, positioned,
				 offset + done);
		if (r < 0) {
			if (done == 0)
				e = wrr_wasi_errno_from_host(errno);
			break;
		}
		uint32_t got = (uint32_t)r;
		if (!writing)
			got = wrr_wasi_iovs_scatter(&it, w->scratch, got);
		done += got;
		if (got < want || (stream && !writing && !positioned))
			break;
	}
	if (e)
		return wrr_wasi_ret(call, e);
	return wrr_wasi_ret(call, wrr_wasi_mem_write_u32(call->memory, out,
							 done));
}

/* fd_read(fd, iovs: iovec_array) -> size (bytes read, 0 at end of file) */
enum wrr_status wrr_wasi_fd_read(struct wrr_host_call *call)
{
	return transfer(call, false, false);
}

/* fd_write(fd, iovs: ciovec_array) -> size. A closed pipe is EPIPE (the
 * embedder ignores SIGPIPE; sockets use MSG_NOSIGNAL). */
enum wrr_status wrr_wasi_fd_write(struct wrr_host_call *call)
{
	return transfer(call, true, false);
}

/* fd_pread(fd, iovs, offset: filesize) -> size; the file offset is kept. */
enum wrr_status wrr_wasi_fd_pread(struct wrr_host_call *call)
{
	return transfer(call, false, true);
}

/* fd_pwrite(fd, iovs, offset: filesize) -> size; the file offset is kept. */
enum wrr_status wrr_wasi_fd_pwrite(struct wrr_host_call *call)
{
	return transfer(call, true, true);
}
