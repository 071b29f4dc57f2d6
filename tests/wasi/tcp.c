/* tcp: sock_accept on the --tcplisten socket (fd 3: no preopens), then
 * sock_recv a line, sock_send it back upper-cased, sock_shutdown. */
#include <stdio.h>
#include <wasi/api.h>

#include "check.h"

int main(void)
{
	__wasi_fdstat_t fs;
	CHECK_WASI(__wasi_fd_fdstat_get(3, &fs), 0);
	CHECK(fs.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM);
	__wasi_fd_t c = 0;
	__wasi_errno_t e;
	int tries = 0;
	while ((e = __wasi_sock_accept(3, 0, &c)) == __WASI_ERRNO_AGAIN &&
	       tries++ < 1000) {
		__wasi_subscription_t s;
		memset(&s, 0, sizeof s);
		s.u.tag = __WASI_EVENTTYPE_FD_READ;
		s.u.u.fd_read.file_descriptor = 3;
		__wasi_event_t ev;
		__wasi_size_t n;
		(void)__wasi_poll_oneoff(&s, &ev, 1, &n);
	}
	CHECK_WASI(e, 0);
	if (e != 0)
		return check_report();
	char buf[64] = {0};
	size_t got = 0;
	while (got < sizeof buf - 1 && memchr(buf, '\n', got) == NULL) {
		__wasi_iovec_t iov = {(uint8_t *)buf + got,
				      sizeof buf - 1 - got};
		__wasi_size_t n = 0;
		__wasi_roflags_t fl;
		e = __wasi_sock_recv(c, &iov, 1, 0, &n, &fl);
		if (e == __WASI_ERRNO_AGAIN) {
			__wasi_subscription_t s;
			memset(&s, 0, sizeof s);
			s.u.tag = __WASI_EVENTTYPE_FD_READ;
			s.u.u.fd_read.file_descriptor = c;
			__wasi_event_t ev;
			(void)__wasi_poll_oneoff(&s, &ev, 1, &n);
			continue;
		}
		CHECK_WASI(e, 0);
		if (e != 0 || n == 0)
			break;
		got += n;
	}
	CHECK(got == 6 && memcmp(buf, "hello\n", 6) == 0);
	for (size_t i = 0; i < got; i++)
		if (buf[i] >= 'a' && buf[i] <= 'z')
			buf[i] -= 32;
	__wasi_ciovec_t out = {(const uint8_t *)buf, got};
	__wasi_size_t sent = 0;
	CHECK_WASI(__wasi_sock_send(c, &out, 1, 0, &sent), 0);
	CHECK(sent == got);
	CHECK_WASI(__wasi_sock_shutdown(c, __WASI_SDFLAGS_WR), 0);
	CHECK_WASI(__wasi_fd_close(c), 0);
	/* Socket calls on a non-socket. */
	CHECK(__wasi_sock_shutdown(1, __WASI_SDFLAGS_WR) != 0);
	return check_report();
}
