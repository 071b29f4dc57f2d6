/*
 * wasi_sock.c — sock_accept, sock_recv, sock_send, sock_shutdown, on the
 * listening sockets handed in by the embedder (struct wrr_wasi_config
 * listen_fds, like wasmtime --tcplisten) and the connections accepted from
 * them. Data crosses guest memory through the scratch buffer, like fd_read
 * and fd_write.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wasi/functions.h"
#include "wasi/wasi_internal.h"

/* sock_accept(fd, flags: fdflags) -> fd at arg 2. Only NONBLOCK may be
 * given (EINVAL otherwise). Without a pending connection on a non-blocking
 * listener: EAGAIN. */
enum wrr_status wrr_wasi_sock_accept(struct wrr_host_call *call)
{
	struct wrr_wasi *w = call->env;
	struct wrr_wasi_fd *f;
	uint32_t flags = wrr_wasi_arg32(call, 1), out = wrr_wasi_arg32(call, 2);
	uint16_t e = wrr_wasi_fd_get(w, wrr_wasi_arg32(call, 0),
				     WASI_RIGHT_SOCK_ACCEPT, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	if (flags & ~(uint32_t)WASI_FDFLAG_NONBLOCK)
		return wrr_wasi_ret(call, WASI_EINVAL);
	if (!wrr_wasi_mem_ok(call->memory, out, 4))
		return wrr_wasi_ret(call, WASI_EFAULT);
	int sflags = SOCK_CLOEXEC;
	if (flags & WASI_FDFLAG_NONBLOCK)
		sflags |= SOCK_NONBLOCK;
	int fd;
	do
		fd = accept4(f->host_fd, NULL, NULL, sflags);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return wrr_wasi_ret(call, wrr_wasi_errno_from_host(errno));
	struct wrr_wasi_fd entry;
	memset(&entry, 0, sizeof entry);
	entry.host_fd = fd;
	entry.owned = true;
	entry.filetype = WASI_FILETYPE_SOCKET_STREAM;
	wrr_wasi_rights_for(entry.filetype, false, &entry.rights_base,
			    &entry.rights_inheriting);
	entry.rights_base &= ~WASI_RIGHT_SOCK_ACCEPT;
	return wrr_wasi_ret(call, wrr_wasi_fd_insert_out(w, &entry, call->memory,
							 out));
}

/* sock_recv(fd, ri_data: iovec_array, ri_flags: riflags)
 * -> (size at arg 4, roflags at arg 5). RECV_PEEK and RECV_WAITALL map to
 * MSG_PEEK / MSG_WAITALL. roflags is 0 (stream sockets never truncate). */
enum wrr_status wrr_wasi_sock_recv(struct wrr_host_call *call)
{
	struct wrr_wasi *w = call->env;
	struct wrr_wasi_fd *f;
	struct wrr_wasi_iovs it;
	uint32_t total;
	uint32_t riflags = wrr_wasi_arg32(call, 3);
	uint32_t out_len = wrr_wasi_arg32(call, 4);
	uint32_t out_flags = wrr_wasi_arg32(call, 5);
	uint16_t e = wrr_wasi_fd_get(w, wrr_wasi_arg32(call, 0),
				     WASI_RIGHT_FD_READ, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	if (riflags & ~(uint32_t)(WASI_RECV_PEEK | WASI_RECV_WAITALL))
		return wrr_wasi_ret(call, WASI_EINVAL);
	if (!wrr_wasi_mem_ok(call->memory, out_len, 4) ||
	    !wrr_wasi_mem_ok(call->memory, out_flags, 2))
		return wrr_wasi_ret(call, WASI_EFAULT);
	e = wrr_wasi_iovs_begin(&it, call->memory, wrr_wasi_arg32(call, 1),
				wrr_wasi_arg32(call, 2), &total);
	if (e)
		return wrr_wasi_ret(call, e);
	int mflags = 0;
	if (riflags & WASI_RECV_PEEK)
		mflags |= MSG_PEEK;
	if (riflags & WASI_RECV_WAITALL)
		mflags |= MSG_WAITALL;
	uint32_t done = 0;
	do {
		uint32_t want = WRR_WASI_SCRATCH;
		if (want > total - done)
			want = (uint32_t)(total - done);
		ssize_t r = recv(f->host_fd, w->scratch, want, mflags);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (done == 0)
				return wrr_wasi_ret(
					call, wrr_wasi_errno_from_host(errno));
			break;
		}
		done += wrr_wasi_iovs_scatter(&it, w->scratch, (uint32_t)r);
		/* More only when asked to wait for all of it (PEEK would see
		 * the same bytes again). */
		if ((uint32_t)r < want || !(riflags & WASI_RECV_WAITALL) ||
		    (riflags & WASI_RECV_PEEK))
			break;
	} while (done < total);
	uint8_t fl[2] = {0, 0};
	e = wrr_wasi_mem_write_u32(call->memory, out_len, done);
	if (!e)
		e = wrr_wasi_mem_write(call->memory, out_flags, fl, sizeof fl);
	return wrr_wasi_ret(call, e);
}

/* sock_send(fd, si_data: ciovec_array, si_flags: siflags) -> size at arg 4.
 * siflags defines no flag and is ignored. MSG_NOSIGNAL: a closed peer is
 * EPIPE, never SIGPIPE. */
enum wrr_status wrr_wasi_sock_send(struct wrr_host_call *call)
{
	struct wrr_wasi *w = call->env;
	struct wrr_wasi_fd *f;
	struct wrr_wasi_iovs it;
	uint32_t total;
	uint32_t out = wrr_wasi_arg32(call, 4);
	uint16_t e = wrr_wasi_fd_get(w, wrr_wasi_arg32(call, 0),
				     WASI_RIGHT_FD_WRITE, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	if (!wrr_wasi_mem_ok(call->memory, out, 4))
		return wrr_wasi_ret(call, WASI_EFAULT);
	e = wrr_wasi_iovs_begin(&it, call->memory, wrr_wasi_arg32(call, 1),
				wrr_wasi_arg32(call, 2), &total);
	if (e)
		return wrr_wasi_ret(call, e);
	uint32_t done = 0;
	while (done < total) {
		uint32_t want = WRR_WASI_SCRATCH;
		if (want > total - done)
			want = (uint32_t)(total - done);
		want = wrr_wasi_iovs_gather(&it, w->scratch, want);
		if (want == 0)
			break;
		ssize_t r;
		do
			r = send(f->host_fd, w->scratch, want, MSG_NOSIGNAL);
		while (r < 0 && errno == EINTR);
		if (r < 0) {
			if (done == 0)
				return wrr_wasi_ret(
					call, wrr_wasi_errno_from_host(errno));
			break;
		}
		done += (uint32_t)r;
		if ((uint32_t)r < want)
			break;
	}
	return wrr_wasi_ret(call, wrr_wasi_mem_write_u32(call->memory, out,
							 done));
}

/* sock_shutdown(fd, how: sdflags): RD, WR or both; nothing else (EINVAL). */
enum wrr_status wrr_wasi_sock_shutdown(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	uint32_t how = wrr_wasi_arg32(call, 1);
	uint16_t e = wrr_wasi_fd_get(call->env, wrr_wasi_arg32(call, 0),
				     WASI_RIGHT_SOCK_SHUTDOWN, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	int h;
	switch (how) {
	case WASI_SHUT_RD: h = SHUT_RD; break;
	case WASI_SHUT_WR: h = SHUT_WR; break;
	case WASI_SHUT_RD | WASI_SHUT_WR: h = SHUT_RDWR; break;
	default: return wrr_wasi_ret(call, WASI_EINVAL);
	}
	if (shutdown(f->host_fd, h) != 0)
		return wrr_wasi_ret(call, wrr_wasi_errno_from_host(errno));
	return wrr_wasi_ret(call, 0);
}
