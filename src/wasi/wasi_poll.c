/*
 * wasi_poll.c — poll_oneoff: wait for clock and fd readiness events.
 *
 * Clock subscriptions (relative or SUBSCRIPTION_CLOCK_ABSTIME, any of the
 * four clocks) become deadlines on CLOCK_MONOTONIC measured at entry; fd
 * subscriptions become pollfds (regular files are always ready, as the witx
 * says). One ppoll(2) waits for the earliest deadline or any fd; every event
 * ready at wake-up is reported, in subscription order. A subscription that
 * is invalid by itself (bad fd, missing right, unknown clock) is reported at
 * once as an event with its error, without waiting.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "wasi/functions.h"
#include "wasi/wasi_internal.h"

struct sub {
	uint64_t userdata;
	uint8_t type;      /* enum wasi_eventtype */
	uint16_t error;    /* nonzero: report at once with this errno */
	uint64_t deadline; /* clock: CLOCK_MONOTONIC ns */
	uint32_t pfd;      /* fd: index in the pollfd array */
};

static uint64_t now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return wrr_wasi_timespec_ns(&ts);
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* Decodes one subscription (48 bytes in b) into s, adding its pollfd. */
static uint16_t decode_sub(struct wrr_wasi *w, const uint8_t *b,
			   uint64_t mono_start, struct sub *s,
			   struct pollfd *pfds, uint32_t *npfd)
{
	memset(s, 0, sizeof *s);
	s->userdata = wasi_get_u64(b, WASI_SUBSCRIPTION_USERDATA);
	s->type = b[WASI_SUBSCRIPTION_TAG];
	switch (s->type) {
	case WASI_EVENTTYPE_CLOCK: {
		uint32_t id = wasi_get_u32(b, WASI_SUBSCRIPTION_CLOCK_ID);
		uint64_t timeout = wasi_get_u64(b, WASI_SUBSCRIPTION_CLOCK_TIMEOUT);
		uint16_t flags = wasi_get_u16(b, WASI_SUBSCRIPTION_CLOCK_FLAGS);
		clockid_t cid;
		if (!wrr_wasi_host_clock(id, &cid) ||
		    (flags & ~WASI_SUBSCRIPTION_CLOCK_ABSTIME)) {
			s->error = WASI_EINVAL;
			return 0;
		}
		uint64_t rel = timeout;
		if (flags & WASI_SUBSCRIPTION_CLOCK_ABSTIME) {
			uint64_t now = now_ns(cid);
			rel = timeout > now ? timeout - now : 0;
		}
		s->deadline = sat_add(mono_start, rel);
		return 0;
	}
	case WASI_EVENTTYPE_FD_READ:
	case WASI_EVENTTYPE_FD_WRITE: {
		struct wrr_wasi_fd *f;
		uint32_t fd = wasi_get_u32(b, WASI_SUBSCRIPTION_FD_READWRITE_FD);
		s->error = wrr_wasi_fd_get(w, fd, WASI_RIGHT_POLL_FD_READWRITE,
					   &f);
		if (s->error)
			return 0;
		s->pfd = (*npfd)++;
		pfds[s->pfd].fd = f->host_fd;
		pfds[s->pfd].events =
			s->type == WASI_EVENTTYPE_FD_READ ? POLLIN : POLLOUT;
		pfds[s->pfd].revents = 0;
		return 0;
	}
	}
	return WASI_EINVAL; /* unknown event type: the whole call fails */
}

/* Encodes the event of s into b (32 bytes) if it fired; returns whether. */
static bool event_of(const struct sub *s, const struct pollfd *pfds,
		     uint64_t mono_now, uint8_t *b)
{
	uint16_t error = s->error, flags = 0;
	uint64_t nbytes = 0;
	if (!error) {
		if (s->type == WASI_EVENTTYPE_CLOCK) {
			if (mono_now < s->deadline)
				return false;
		} else {
			const struct pollfd *p = &pfds[s->pfd];
			if (p->revents == 0)
				return false;
			if (p->revents & POLLNVAL)
				error = WASI_EBADF;
			if (p->revents & POLLHUP)
				flags |= WASI_EVENT_FD_READWRITE_HANGUP;
			int avail = 0;
			if (!error && s->type == WASI_EVENTTYPE_FD_READ &&
			    ioctl(p->fd, FIONREAD, &avail) == 0 && avail > 0)
				nbytes = (uint64_t)avail;
		}
	}
	memset(b, 0, WASI_EVENT_SIZE);
	wasi_put_u64(b, WASI_EVENT_USERDATA, s->userdata);
	wasi_put_u16(b, WASI_EVENT_ERROR, error);
	wasi_put_u8(b, WASI_EVENT_TYPE, s->type);
	if (s->type != WASI_EVENTTYPE_CLOCK) {
		wasi_put_u64(b, WASI_EVENT_FD_READWRITE_NBYTES, nbytes);
		wasi_put_u16(b, WASI_EVENT_FD_READWRITE_FLAGS, flags);
	}
	return true;
}

/* poll_oneoff(in: ConstPointer<subscription>, out: Pointer<event>,
 * nsubscriptions: size) -> size (events written) at arg 3. No
 * subscriptions: EINVAL. Blocks until at least one event. */
enum wrr_status wrr_wasi_poll_oneoff(struct wrr_host_call *call)
{
	struct wrr_wasi *w = call->env;
	uint32_t in = wrr_wasi_arg32(call, 0), out = wrr_wasi_arg32(call, 1);
	uint32_t n = wrr_wasi_arg32(call, 2), nout = wrr_wasi_arg32(call, 3);
	if (n == 0)
		return wrr_wasi_ret(call, WASI_EINVAL);
	if (!wrr_wasi_mem_ok(call->memory, in, (uint64_t)n * WASI_SUBSCRIPTION_SIZE) ||
	    !wrr_wasi_mem_ok(call->memory, out, (uint64_t)n * WASI_EVENT_SIZE) ||
	    !wrr_wasi_mem_ok(call->memory, nout, 4))
		return wrr_wasi_ret(call, WASI_EFAULT);
	/* n is bounded by guest memory size / 48 (checked above). */
	struct sub *subs = malloc((size_t)n * sizeof *subs);
	struct pollfd *pfds = malloc((size_t)n * sizeof *pfds);
	if (subs == NULL || pfds == NULL) {
		free(subs);
		free(pfds);
		return wrr_wasi_ret(call, WASI_ENOMEM);
	}

	uint16_t e = 0;
	uint32_t npfd = 0;
	bool immediate = false, have_clock = false;
	uint64_t earliest = UINT64_MAX;
	uint64_t mono_start = now_ns(CLOCK_MONOTONIC);
	for (uint32_t i = 0; i < n && !e; i++) {
		uint8_t b[WASI_SUBSCRIPTION_SIZE];
		if (!wrr_memory_read(call->memory,
				     wrr_gptr_at(in + i * WASI_SUBSCRIPTION_SIZE),
				     b, sizeof b)) {
			e = WASI_EFAULT;
			break;
		}
		e = decode_sub(w, b, mono_start, &subs[i], pfds, &npfd);
		if (subs[i].error)
			immediate = true;
		else if (subs[i].type == WASI_EVENTTYPE_CLOCK) {
			have_clock = true;
			if (subs[i].deadline < earliest)
				earliest = subs[i].deadline;
		}
	}

	uint32_t count = 0;
	while (!e && count == 0) {
		uint64_t now = now_ns(CLOCK_MONOTONIC);
		struct timespec ts, *tsp = NULL;
		if (immediate || (have_clock && earliest <= now)) {
			ts.tv_sec = 0;
			ts.tv_nsec = 0;
			tsp = &ts;
		} else if (have_clock) {
			uint64_t rel = earliest - now;
			ts.tv_sec = (time_t)(rel / 1000000000u);
			ts.tv_nsec = (long)(rel % 1000000000u);
			tsp = &ts;
		}
		if (ppoll(pfds, npfd, tsp, NULL) < 0) {
			if (errno == EINTR)
				continue;
			e = wrr_wasi_errno_from_host(errno);
			break;
		}
		now = now_ns(CLOCK_MONOTONIC);
		for (uint32_t i = 0; i < n && !e; i++) {
			uint8_t b[WASI_EVENT_SIZE];
			if (!event_of(&subs[i], pfds, now, b))
				continue;
			e = wrr_wasi_mem_write(call->memory,
					       out + count * WASI_EVENT_SIZE, b,
					       sizeof b);
			count++;
		}
	}
	free(subs);
	free(pfds);
	if (!e)
		e = wrr_wasi_mem_write_u32(call->memory, nout, count);
	return wrr_wasi_ret(call, e);
}
