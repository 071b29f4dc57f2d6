/*
 * poll: poll_oneoff with relative and absolute clocks, fd_read/fd_write
 * subscriptions, a bad fd, no subscriptions. Run with stdin a pipe that
 * first carries "data\n" then stays open and empty for a second, stdout a
 * pipe or file, and `--dir EMPTY_DIR::/p`.
 */
#include <fcntl.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

static __wasi_timestamp_t now(void)
{
	__wasi_timestamp_t t = 0;
	(void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
	return t;
}

static __wasi_subscription_t clock_sub(uint64_t ud, __wasi_clockid_t id,
				       uint64_t timeout, int abs)
{
	__wasi_subscription_t s;
	memset(&s, 0, sizeof s);
	s.userdata = ud;
	s.u.tag = __WASI_EVENTTYPE_CLOCK;
	s.u.u.clock.id = id;
	s.u.u.clock.timeout = timeout;
	s.u.u.clock.precision = 1000;
	s.u.u.clock.flags = abs ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME
				: 0;
	return s;
}

static __wasi_subscription_t fd_sub(uint64_t ud, __wasi_eventtype_t type,
				    int fd)
{
	__wasi_subscription_t s;
	memset(&s, 0, sizeof s);
	s.userdata = ud;
	s.u.tag = type;
	s.u.u.fd_read.file_descriptor = (__wasi_fd_t)fd;
	return s;
}

int main(void)
{
	const uint64_t ms = 1000000;
	__wasi_subscription_t in[4];
	__wasi_event_t out[4];
	__wasi_size_t n = 99;

	CHECK_WASI(__wasi_poll_oneoff(in, out, 0, &n), __WASI_ERRNO_INVAL);

	/* Relative monotonic clock. */
	in[0] = clock_sub(7, __WASI_CLOCKID_MONOTONIC, 30 * ms, 0);
	__wasi_timestamp_t t0 = now();
	CHECK_WASI(__wasi_poll_oneoff(in, out, 1, &n), 0);
	__wasi_timestamp_t el = now() - t0;
	CHECK(n == 1 && out[0].userdata == 7 && out[0].error == 0 &&
	      out[0].type == __WASI_EVENTTYPE_CLOCK);
	CHECK(el >= 30 * ms && el < 3000 * ms);

	/* Absolute monotonic clock, in the future and in the past. */
	t0 = now();
	in[0] = clock_sub(8, __WASI_CLOCKID_MONOTONIC, t0 + 30 * ms, 1);
	CHECK_WASI(__wasi_poll_oneoff(in, out, 1, &n), 0);
	CHECK(n == 1 && out[0].userdata == 8);
	CHECK(now() >= t0 + 30 * ms);
	t0 = now();
	in[0] = clock_sub(9, __WASI_CLOCKID_MONOTONIC, 1, 1);
	CHECK_WASI(__wasi_poll_oneoff(in, out, 1, &n), 0);
	CHECK(n == 1 && out[0].userdata == 9 && now() - t0 < 1000 * ms);

	/* Realtime relative; two clocks: only the earlier fires. */
	in[0] = clock_sub(10, __WASI_CLOCKID_REALTIME, 10 * ms, 0);
	CHECK_WASI(__wasi_poll_oneoff(in, out, 1, &n), 0);
	CHECK(n == 1 && out[0].userdata == 10);
	in[0] = clock_sub(11, __WASI_CLOCKID_MONOTONIC, 2000 * ms, 0);
	in[1] = clock_sub(12, __WASI_CLOCKID_MONOTONIC, 10 * ms, 0);
	t0 = now();
	CHECK_WASI(__wasi_poll_oneoff(in, out, 2, &n), 0);
	CHECK(n == 1 && out[0].userdata == 12 && now() - t0 < 1500 * ms);

	/* stdout is writable at once. */
	in[0] = fd_sub(20, __WASI_EVENTTYPE_FD_WRITE, 1);
	in[1] = clock_sub(21, __WASI_CLOCKID_MONOTONIC, 5000 * ms, 0);
	CHECK_WASI(__wasi_poll_oneoff(in, out, 2, &n), 0);
	CHECK(n >= 1 && out[0].userdata == 20 &&
	      out[0].type == __WASI_EVENTTYPE_FD_WRITE && out[0].error == 0);

	/* stdin has "data\n" waiting. */
	in[0] = fd_sub(30, __WASI_EVENTTYPE_FD_READ, 0);
	in[1] = clock_sub(31, __WASI_CLOCKID_MONOTONIC, 5000 * ms, 0);
	t0 = now();
	CHECK_WASI(__wasi_poll_oneoff(in, out, 2, &n), 0);
	CHECK(n >= 1 && out[0].userdata == 30 &&
	      out[0].type == __WASI_EVENTTYPE_FD_READ && out[0].error == 0);
	CHECK(now() - t0 < 4000 * ms);
	char buf[16] = {0};
	CHECK(read(0, buf, sizeof buf) == 5 && memcmp(buf, "data\n", 5) == 0);
	CHECK_ERRNO(lseek(0, 0, SEEK_CUR), ESPIPE);

	/* stdin is now empty but open: the clock fires first. */
	in[0] = fd_sub(40, __WASI_EVENTTYPE_FD_READ, 0);
	in[1] = clock_sub(41, __WASI_CLOCKID_MONOTONIC, 50 * ms, 0);
	t0 = now();
	CHECK_WASI(__wasi_poll_oneoff(in, out, 2, &n), 0);
	CHECK(n == 1 && out[0].userdata == 41 &&
	      out[0].type == __WASI_EVENTTYPE_CLOCK);
	CHECK(now() - t0 >= 50 * ms);

	/* Non-blocking stdin (fd_fdstat_set_flags NONBLOCK): EAGAIN. */
	int fl = fcntl(0, F_GETFL);
	CHECK(fl >= 0 && fcntl(0, F_SETFL, fl | O_NONBLOCK) == 0);
	CHECK((fcntl(0, F_GETFL) & O_NONBLOCK) != 0);
	CHECK_ERRNO(read(0, buf, sizeof buf), EAGAIN);
	CHECK(fcntl(0, F_SETFL, fl) == 0);

	/* A regular file is always readable. */
	int fd = open("/p/file", O_CREAT | O_RDWR, 0644);
	CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10);
	CHECK(lseek(fd, 3, SEEK_SET) == 3);
	in[0] = fd_sub(50, __WASI_EVENTTYPE_FD_READ, fd);
	in[1] = clock_sub(51, __WASI_CLOCKID_MONOTONIC, 5000 * ms, 0);
	CHECK_WASI(__wasi_poll_oneoff(in, out, 2, &n), 0);
	CHECK(n >= 1 && out[0].userdata == 50 && out[0].error == 0);
	close(fd);
	unlink("/p/file");

	/* A bad fd is reported in its event, not as the call's error. */
	in[0] = fd_sub(60, __WASI_EVENTTYPE_FD_READ, 77);
	CHECK_WASI(__wasi_poll_oneoff(in, out, 1, &n), 0);
	CHECK(n == 1 && out[0].userdata == 60 &&
	      out[0].error == __WASI_ERRNO_BADF);
	return check_report();
}
