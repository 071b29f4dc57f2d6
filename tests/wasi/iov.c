/*
 * iov: scatter/gather I/O on a file: 1024 one-byte iovecs, empty iovecs,
 * zero iovecs, more iovecs than IOV_MAX, reads at EOF, large buffers.
 * Run with `--dir EMPTY_DIR::/io`.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

int main(void)
{
	int fd = open("/io/f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0);

	/* 1024 iovecs of one byte each. */
	static char bytes[1024];
	static struct iovec iov[5000];
	for (int i = 0; i < 1024; i++) {
		bytes[i] = (char)('a' + i % 26);
		iov[i].iov_base = &bytes[i];
		iov[i].iov_len = 1;
	}
	CHECK(writev(fd, iov, 1024) == 1024);

	/* Read them back into 3-byte pieces, with empty iovecs between. */
	static char back[1100];
	int k = 0;
	for (int i = 0; i < 366; i++) {
		iov[k].iov_base = back + i * 3;
		iov[k++].iov_len = 3;
		iov[k].iov_base = back;
		iov[k++].iov_len = 0;
	}
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(readv(fd, iov, k) == 1024);
	CHECK(memcmp(back, bytes, 1024) == 0);
	CHECK(readv(fd, iov, k) == 0); /* at EOF */

	/* Zero iovecs. */
	__wasi_size_t n = 99;
	CHECK_WASI(__wasi_fd_read(fd, NULL, 0, &n), 0);
	CHECK(n == 0);
	CHECK_WASI(__wasi_fd_write(fd, NULL, 0, &n), 0);
	CHECK(n == 0);

	/* 5000 iovecs (more than Linux's IOV_MAX): all written, or EINVAL. */
	static __wasi_ciovec_t wv[5000];
	for (int i = 0; i < 5000; i++) {
		wv[i].buf = (const uint8_t *)&bytes[i % 1024];
		wv[i].buf_len = 1;
	}
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	int e = __wasi_fd_write(fd, wv, 5000, &n);
	CHECK((e == 0 && n > 0 && n <= 5000) || e == __WASI_ERRNO_INVAL);

	/* A 4 MiB write and read in one call each. */
	size_t big = 4 << 20;
	char *w = malloc(big), *r = malloc(big);
	for (size_t i = 0; i < big; i++)
		w[i] = (char)(i * 2654435761u >> 24);
	CHECK(pwrite(fd, w, big, 0) == (ssize_t)big);
	memset(r, 0, big);
	CHECK(pread(fd, r, big, 0) == (ssize_t)big);
	CHECK(memcmp(w, r, big) == 0);
	/* pread at an offset near the end returns the short tail. */
	CHECK(pread(fd, r, 100, big - 10) == 10);

	/* preadv/pwritev (fd_pread/fd_pwrite with several iovecs). */
	struct iovec pv[2] = {{(void *)"xyz", 3}, {(void *)"12", 2}};
	CHECK(pwritev(fd, pv, 2, 5) == 5);
	char a[3], b[2];
	struct iovec rv[2] = {{a, 3}, {b, 2}};
	CHECK(preadv(fd, rv, 2, 5) == 5);
	CHECK(memcmp(a, "xyz", 3) == 0 && memcmp(b, "12", 2) == 0);
	CHECK(close(fd) == 0);
	CHECK(unlink("/io/f") == 0);
	return check_report();
}
