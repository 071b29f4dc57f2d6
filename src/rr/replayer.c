/*
 * replayer.c — the replaying gate (see replayer.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "module.h"
#include "rr/replayer.h"

enum { MAX_FRAMES = 64 };

struct wrr_replayer {
	struct wrr_trace_reader *r;
	struct wrr_gate gate;
	int out_fd, err_fd;
	const struct wrr_func **resolved; /* trace func id → store func */
	uint32_t resolved_cap;
	uint64_t calls;
	enum wrr_replay_stop stop;
	char message[768];
	struct wrr_frame_info frames[MAX_FRAMES];
	uint32_t frame_count;
	struct wrr_trace_end end;
	bool have_end;
	uint8_t *iobuf;
	size_t iobuf_cap;
	uint8_t *out_kind;     /* trace func id → enum out_kind, 0 = not yet */
	uint32_t out_kind_cap;
};

/* Which functions reproduce guest output (worked out once per id). */
enum out_kind { OUT_UNKNOWN = 0, OUT_NONE, OUT_FD_WRITE, OUT_FD_PWRITE };

static enum wrr_status replay_call(void *ctx, struct wrr_host_call *call);

struct wrr_replayer *wrr_replayer_new(struct wrr_trace_reader *r, int out_fd,
				      int err_fd)
{
	struct wrr_replayer *rp = calloc(1, sizeof *rp);
	if (rp == NULL)
		return NULL;
	rp->r = r;
	rp->gate = (struct wrr_gate){replay_call, rp};
	rp->out_fd = out_fd;
	rp->err_fd = err_fd;
	return rp;
}

const struct wrr_gate *wrr_replayer_gate(struct wrr_replayer *rp)
{
	return &rp->gate;
}

void wrr_replayer_free(struct wrr_replayer *rp)
{
	if (rp == NULL)
		return;
	free(rp->resolved);
	free(rp->iobuf);
	free(rp->out_kind);
	free(rp);
}

static void stop(struct wrr_replayer *rp, enum wrr_replay_stop why,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void stop(struct wrr_replayer *rp, enum wrr_replay_stop why,
		 const char *fmt, ...)
{
	if (rp->stop != WRR_REPLAY_RUNNING)
		return;
	rp->stop = why;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rp->message, sizeof rp->message, fmt, ap);
	va_end(ap);
}

/* Ends the current host call because the replay stopped. */
static enum wrr_status stopped(struct wrr_replayer *rp,
			       struct wrr_host_call *call)
{
	uint32_t total;
	rp->frame_count = wrr_store_backtrace(call->store, rp->frames,
					      MAX_FRAMES, &total);
	return wrr_error_set(call->err, WRR_HOST, "%s", rp->message);
}

/* Stops the replay when the trace has no next event to give (next is what
 * wrr_trace_read_event returned, err its error): cut short, or corrupt.
 * Returns true when the replay stopped there. */
static bool trace_ended(struct wrr_replayer *rp, enum wrr_trace_next next,
			const struct wrr_error *err)
{
	switch (next) {
	case WRR_TRACE_EVENT:
		break;
	case WRR_TRACE_CUT:
	case WRR_TRACE_DONE:
		stop(rp, WRR_REPLAY_CUT,
		     "trace ends after event %llu (recording was cut short)",
		     (unsigned long long)wrr_trace_reader_events(rp->r));
		return true;
	case WRR_TRACE_BAD:
		stop(rp, WRR_REPLAY_BAD_TRACE, "%s", err->message);
		return true;
	}
	return false;
}

static void call_name(const struct wrr_func *func, char *buf, size_t size)
{
	const char *m, *n;
	wrr_func_host_names(func, &m, &n);
	snprintf(buf, size, "%s.%s", m ? m : "?", n ? n : "?");
}

/* Does the store function func stand for the trace's function id? */
static bool matches(struct wrr_replayer *rp, const struct wrr_func *func,
		    uint32_t id, const struct wrr_trace_func *tf)
{
	if (id >= rp->resolved_cap) {
		uint32_t cap = id + 16;
		const struct wrr_func **p =
			realloc(rp->resolved, cap * sizeof *p);
		if (p == NULL)
			return false;
		for (uint32_t i = rp->resolved_cap; i < cap; i++)
			p[i] = NULL;
		rp->resolved = p;
		rp->resolved_cap = cap;
	}
	if (rp->resolved[id] != NULL)
		return rp->resolved[id] == func;
	const char *m, *n;
	wrr_func_host_names(func, &m, &n);
	if (!wrr_trace_func_is(tf, m, n, wrr_func_type(func)))
		return false;
	rp->resolved[id] = func;
	return true;
}

/* Compares argument slots by type (i32/f32 only in their low 32 bits). */
static bool same_args(const struct wrr_trace_func *tf, const uint64_t *a,
		      const uint64_t *b)
{
	const uint64_t *pa = a, *pb = b;
	for (uint32_t i = 0; i < tf->param_count; i++) {
		switch (tf->params[i]) {
		case WRR_I32:
		case WRR_F32:
			if ((uint32_t)*pa++ != (uint32_t)*pb++)
				return false;
			break;
		case WRR_V128:
			if (*pa++ != *pb++)
				return false;
			/* fall through */
		default:
			if (*pa++ != *pb++)
				return false;
			break;
		}
	}
	return true;
}

/* fd_write / fd_pwrite to fds 1 and 2: writes the bytes the recorded call
 * wrote (nwritten of them, gathered from the guest's iovecs) to the host. */
static void reproduce_output(struct wrr_replayer *rp,
			     const struct wrr_host_call *call,
			     const struct wrr_trace_event *ev)
{
	const struct wrr_trace_func *tf = ev->func;
	if (ev->func_id >= rp->out_kind_cap) {
		uint32_t cap = ev->func_id + 16;
		uint8_t *k = realloc(rp->out_kind, cap);
		if (k == NULL)
			return;
		memset(k + rp->out_kind_cap, OUT_UNKNOWN,
		       cap - rp->out_kind_cap);
		rp->out_kind = k;
		rp->out_kind_cap = cap;
	}
	uint8_t *kind = &rp->out_kind[ev->func_id];
	if (*kind == OUT_UNKNOWN) {
		bool pw = strcmp(tf->name, "fd_pwrite") == 0;
		*kind = strcmp(tf->module_name, "wasi_snapshot_preview1") == 0 &&
				(pw || strcmp(tf->name, "fd_write") == 0) &&
				tf->param_count == (pw ? 5u : 4u) &&
				tf->result_count == 1
			? (pw ? OUT_FD_PWRITE : OUT_FD_WRITE)
			: OUT_NONE;
	}
	bool pwrite = *kind == OUT_FD_PWRITE;
	if (*kind == OUT_NONE || ev->status != WRR_CALL_OK ||
	    call->memory == NULL || (uint32_t)ev->results[0] != 0)
		return;
	uint32_t fd = (uint32_t)call->args[0];
	int host_fd = fd == 1 ? rp->out_fd : fd == 2 ? rp->err_fd : -1;
	if (host_fd < 0)
		return;
	uint32_t iovs = (uint32_t)call->args[1];
	uint32_t iovs_len = (uint32_t)call->args[2];
	uint32_t nwritten;
	if (!wrr_memory_read_u32(call->memory,
				 wrr_gptr_at((uint32_t)call->args[pwrite ? 4 : 3]),
				 &nwritten))
		return;
	for (uint32_t i = 0; i < iovs_len && nwritten > 0; i++) {
		uint32_t buf, len;
		uint64_t at = (uint64_t)iovs + 8ull * i;
		if (at + 8 > UINT32_MAX ||
		    !wrr_memory_read_u32(call->memory,
					 wrr_gptr_at((uint32_t)at), &buf) ||
		    !wrr_memory_read_u32(call->memory,
					 wrr_gptr_at((uint32_t)at + 4), &len))
			return;
		if (len > nwritten)
			len = nwritten;
		if (len > rp->iobuf_cap) {
			uint8_t *p = realloc(rp->iobuf, len);
			if (p == NULL)
				return;
			rp->iobuf = p;
			rp->iobuf_cap = len;
		}
		if (!wrr_memory_read(call->memory, wrr_gptr_at(buf), rp->iobuf,
				     len))
			return;
		for (uint32_t done = 0; done < len;) {
			ssize_t k = write(host_fd, rp->iobuf + done, len - done);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				break;
			done += (uint32_t)k;
		}
		nwritten -= len;
	}
}

static enum wrr_status apply(struct wrr_replayer *rp,
			     struct wrr_host_call *call,
			     const struct wrr_trace_event *e);

/* The gate: one host call answered from the next event of the trace. */
static enum wrr_status replay_call(void *ctx, struct wrr_host_call *call)
{
	struct wrr_replayer *rp = ctx;
	char name[160], got[256], want[256];
	if (rp->stop != WRR_REPLAY_RUNNING)
		return stopped(rp, call);
	struct wrr_trace_event ev;
	struct wrr_error err;
	err.status = WRR_OK;
	enum wrr_trace_next next = wrr_trace_read_event(rp->r, &ev, &err);
	if (next == WRR_TRACE_EVENT && ev.kind == WRR_EVENT_CALL &&
	    ev.func_id < rp->resolved_cap &&
	    rp->resolved[ev.func_id] == call->func &&
	    same_args(ev.func, call->args, ev.args))
		return apply(rp, call, &ev); /* the common case */
	const struct wrr_functype *type = call->type;
	call_name(call->func, name, sizeof name);
	wrr_trace_format_values(type->params, type->param_count, call->args,
				got, sizeof got);
	if (trace_ended(rp, next, &err))
		return stopped(rp, call);
	if (ev.kind == WRR_EVENT_END) {
		rp->end = ev.end;
		rp->end.message = "";
		rp->end.message_len = 0;
		rp->have_end = true;
		stop(rp, WRR_REPLAY_DIVERGED,
		     "divergence at event %llu: the recorded run ended here "
		     "(%s), but the guest calls %s(%s)",
		     (unsigned long long)ev.number,
		     wrr_trace_end_reason_name(ev.end.reason), name, got);
		return stopped(rp, call);
	}
	const struct wrr_trace_func *tf = ev.func;
	wrr_trace_format_values(tf->params, tf->param_count, ev.args, want,
				sizeof want);
	if (!matches(rp, call->func, ev.func_id, tf)) {
		stop(rp, WRR_REPLAY_DIVERGED,
		     "divergence at event %llu: the guest calls %s(%s), the "
		     "trace has %s.%s(%s)",
		     (unsigned long long)ev.number, name, got,
		     tf->module_name, tf->name, want);
		return stopped(rp, call);
	}
	if (!same_args(tf, call->args, ev.args)) {
		stop(rp, WRR_REPLAY_DIVERGED,
		     "divergence at event %llu: %s called with (%s), the "
		     "trace has (%s)",
		     (unsigned long long)ev.number, name, got, want);
		return stopped(rp, call);
	}
	return apply(rp, call, &ev);
}

/* Applies a call event that matched: memory writes, results, outcome. */
static enum wrr_status apply(struct wrr_replayer *rp,
			     struct wrr_host_call *call,
			     const struct wrr_trace_event *e)
{
	const struct wrr_trace_event ev = *e;
	const struct wrr_trace_func *tf = ev.func;
	for (uint32_t i = 0; i < ev.write_count; i++) {
		const struct wrr_trace_write *w = &ev.writes[i];
		if (call->memory == NULL ||
		    !wrr_memory_write(call->memory, wrr_gptr_at(w->addr),
				      w->bytes, w->len)) {
			stop(rp, WRR_REPLAY_DIVERGED,
			     "divergence at event %llu: %s.%s: the recorded "
			     "write of %u bytes at 0x%x is outside the guest's "
			     "memory",
			     (unsigned long long)ev.number, tf->module_name,
			     tf->name, w->len, w->addr);
			return stopped(rp, call);
		}
	}
	rp->calls++;
	switch (ev.status) {
	case WRR_CALL_OK:
		memcpy(call->results, ev.results,
		       tf->result_slots * sizeof *call->results);
		if (rp->out_fd >= 0 || rp->err_fd >= 0)
			reproduce_output(rp, call, &ev);
		return WRR_OK;
	case WRR_CALL_EXIT:
		if (call->err->status == WRR_OK)
			call->err->exit_code = ev.exit_code;
		return wrr_error_set(call->err, WRR_EXIT, "exit with code %d",
				     ev.exit_code);
	case WRR_CALL_TRAP:
		if (call->err->status == WRR_OK)
			call->err->trap = WRR_TRAP_HOST;
		return wrr_error_set(call->err, WRR_TRAP, "%.*s",
				     (int)ev.message_len, ev.message);
	case WRR_CALL_FAILED:
		return wrr_error_set(call->err, ev.host_status, "%.*s",
				     (int)ev.message_len, ev.message);
	}
	return WRR_OK;
}

enum wrr_replay_stop wrr_replayer_finish(struct wrr_replayer *rp,
					 int exit_status,
					 const struct wrr_memory *memory,
					 uint64_t progress)
{
	if (rp->stop != WRR_REPLAY_RUNNING)
		return rp->stop;
	struct wrr_trace_event ev;
	struct wrr_error err;
	wrr_error_clear(&err);
	if (trace_ended(rp, wrr_trace_read_event(rp->r, &ev, &err), &err))
		return rp->stop;
	if (ev.kind != WRR_EVENT_END) {
		char want[256];
		wrr_trace_format_values(ev.func->params, ev.func->param_count,
					ev.args, want, sizeof want);
		stop(rp, WRR_REPLAY_DIVERGED,
		     "divergence at event %llu: the run ended (exit status "
		     "%d), but the trace has a call to %s.%s(%s)",
		     (unsigned long long)ev.number, exit_status,
		     ev.func->module_name, ev.func->name, want);
		return rp->stop;
	}
	rp->end = ev.end;
	rp->end.message = "";
	rp->end.message_len = 0;
	rp->have_end = true;
	/* Nothing may follow END (docs/trace-format.md): bytes after it are a
	 * corrupt trace, reported with their offset as dump and info do. */
	struct wrr_trace_event after;
	if (wrr_trace_read_event(rp->r, &after, &err) != WRR_TRACE_DONE) {
		stop(rp, WRR_REPLAY_BAD_TRACE, "%s",
		     err.status != WRR_OK ? err.message
					  : "data after the end of the trace");
		return rp->stop;
	}
	const struct wrr_trace_end *e = &rp->end;
	if (e->exit_status != exit_status)
		stop(rp, WRR_REPLAY_DIVERGED,
		     "divergence at the end (event %llu): exit status %d, "
		     "recorded %d",
		     (unsigned long long)ev.number, exit_status,
		     e->exit_status);
	else if (e->has_progress && progress != UINT64_MAX &&
		 e->progress != progress)
		stop(rp, WRR_REPLAY_DIVERGED,
		     "divergence at the end (event %llu): %llu instructions "
		     "executed, recorded %llu",
		     (unsigned long long)ev.number,
		     (unsigned long long)progress,
		     (unsigned long long)e->progress);
	else if (e->has_memory_hash && memory != NULL &&
		 wrr_trace_memory_hash(memory) != e->memory_hash)
		stop(rp, WRR_REPLAY_DIVERGED,
		     "divergence at the end (event %llu): final memory hash "
		     "%08x, recorded %08llx",
		     (unsigned long long)ev.number,
		     wrr_trace_memory_hash(memory),
		     (unsigned long long)e->memory_hash);
	return rp->stop;
}

enum wrr_replay_stop wrr_replayer_stop(const struct wrr_replayer *rp)
{
	return rp->stop;
}

const char *wrr_replayer_message(const struct wrr_replayer *rp)
{
	return rp->message;
}

uint32_t wrr_replayer_backtrace(const struct wrr_replayer *rp,
				const struct wrr_frame_info **frames)
{
	*frames = rp->frames;
	return rp->frame_count;
}

const struct wrr_trace_end *wrr_replayer_end(const struct wrr_replayer *rp)
{
	return rp->have_end ? &rp->end : NULL;
}

uint64_t wrr_replayer_calls(const struct wrr_replayer *rp)
{
	return rp->calls;
}
