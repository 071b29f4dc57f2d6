/*
 * trace_writer.c — writes a trace (docs/trace-format.md): preamble, header
 * chunk, then event chunks.
 *
 * Events are encoded into a pending buffer that starts with room for the
 * chunk header (variable length, at most WRR_TRACE_CHUNK_HEADER_MAX bytes);
 * a flush fills the header in just before the payload (optionally
 * zstd-compressing the payload) and writes the whole chunk with one
 * write(2). Flushes happen when the payload reaches 1 MiB, when 100 ms have
 * passed since the last flush (checked at the first and every 16th event of
 * a chunk), and at the END event; the recorder also flushes after a call
 * that ends the run. So a recorder killed with SIGKILL leaves a trace that
 * is valid up to its last complete chunk.
 *
 * Calls are encoded against the previous call of the same function
 * (integer arguments as differences, write addresses relative to that
 * call's writes or to a pointer argument), which is what keeps a trace
 * within 16 bytes per event beyond the bytes the host wrote.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "module.h"
#include "rr/bytebuf.h"
#include "rr/trace.h"
#include <zstd.h>

enum {
	FLUSH_BYTES = 1024 * 1024,
	FLUSH_NS = 100 * 1000 * 1000,
	ZSTD_LEVEL = 3,
	ROOM = WRR_TRACE_CHUNK_HEADER_MAX, /* before a payload: its header */
};

/* Record tags inside an events chunk (docs/trace-format.md, "Events"). */
enum {
	REC_END = 0x00,
	REC_FUNC = 0x01,
	REC_CALL_LONG = 0x02, /* uleb func id follows */
	REC_CALL_SHORT = 0x10, /* 0x10 + id for id < 0xf0 */
};

/* What the next call of a function is encoded against. */
struct wfunc {
	uint64_t *prev_args;   /* the previous call's argument slots */
	uint32_t *prev_addrs;  /* its write addresses */
	uint32_t prev_count, prev_cap;
};

struct wrr_trace_writer {
	int fd;
	bool compress;
	ZSTD_CCtx *zstd;
	struct wrr_bytebuf pending;  /* chunk header room + payload */
	struct wrr_bytebuf packed;   /* compressed chunk */
	uint32_t pending_events;
	uint64_t events;             /* events written (flushed or pending) */
	uint64_t flushed_events;     /* events in flushed chunks */
	uint64_t last_flush_ns;
	struct wfunc *funcs;         /* by id */
	uint32_t func_count;
	char *last_module;           /* module name of the last definition */
	char error[256];
};

static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void fail(struct wrr_trace_writer *w, const char *what, int errnum)
{
	if (w->error[0] == '\0')
		snprintf(w->error, sizeof w->error, "%s: %s", what,
			 strerror(errnum));
}

static void write_all(struct wrr_trace_writer *w, const uint8_t *p, size_t n)
{
	if (w->error[0] != '\0')
		return;
	while (n > 0) {
		ssize_t k = write(w->fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			fail(w, "writing the trace", errno);
			return;
		}
		p += k;
		n -= (size_t)k;
	}
}

struct wrr_trace_writer *wrr_trace_writer_new(int fd, bool compress)
{
	struct wrr_trace_writer *w = calloc(1, sizeof *w);
	if (w == NULL)
		return NULL;
	w->fd = fd;
	w->compress = compress;
	if (compress) {
		w->zstd = ZSTD_createCCtx();
		if (w->zstd == NULL) {
			free(w);
			return NULL;
		}
	}
	w->pending.len = ROOM;
	if (!wrr_bytebuf_reserve(&w->pending, FLUSH_BYTES + 4096)) {
		if (w->zstd)
			ZSTD_freeCCtx(w->zstd);
		free(w);
		return NULL;
	}
	w->last_flush_ns = monotonic_ns();
	return w;
}

void wrr_trace_writer_free(struct wrr_trace_writer *w)
{
	if (w == NULL)
		return;
	if (w->zstd)
		ZSTD_freeCCtx(w->zstd);
	wrr_bytebuf_free(&w->pending);
	wrr_bytebuf_free(&w->packed);
	for (uint32_t i = 0; i < w->func_count; i++) {
		free(w->funcs[i].prev_args);
		free(w->funcs[i].prev_addrs);
	}
	free(w->funcs);
	free(w->last_module);
	free(w);
}

/* Encodes the chunk header (docs/trace-format.md, "Chunk header") for a
 * stored payload into hdr (WRR_TRACE_CHUNK_HEADER_MAX bytes), checksum
 * last; returns its length. first_event seeds the checksum. */
static size_t chunk_header(uint8_t *hdr, uint8_t type, uint8_t flags,
			   const uint8_t *stored, uint32_t stored_len,
			   uint32_t raw_len, uint64_t first_event)
{
	size_t n = 0;
	hdr[n++] = type | flags;
	n += wrr_uleb_encode(hdr + n, stored_len);
	if (flags & WRR_CHUNK_ZSTD)
		n += wrr_uleb_encode(hdr + n, raw_len);
	uint32_t sum = wrr_trace_chunk_sum(hdr, n, stored, stored_len,
					   first_event);
	wrr_put_le(hdr + n, sum, 4);
	return n + 4;
}

/* Writes buf (whose first ROOM bytes are room for the chunk header) as one
 * chunk of `type`. */
static void emit_chunk(struct wrr_trace_writer *w, uint8_t type,
		       struct wrr_bytebuf *buf)
{
	if (buf->failed) {
		fail(w, "encoding the trace", ENOMEM);
		return;
	}
	size_t raw_len = buf->len - ROOM;
	if (raw_len > WRR_TRACE_MAX_RAW_CHUNK) {
		fail(w, "encoding the trace (chunk over 1 GiB)", EFBIG);
		return;
	}
	uint8_t *base = buf->data, flags = 0;
	size_t stored_len = raw_len;
	if (w->compress && raw_len > 0) {
		size_t bound = ZSTD_compressBound(raw_len);
		w->packed.len = 0;
		if (wrr_bytebuf_reserve(&w->packed, ROOM + bound)) {
			size_t n = ZSTD_compressCCtx(w->zstd,
						     w->packed.data + ROOM,
						     bound, buf->data + ROOM,
						     raw_len, ZSTD_LEVEL);
			if (!ZSTD_isError(n) && n < raw_len) {
				base = w->packed.data;
				flags = WRR_CHUNK_ZSTD;
				stored_len = n;
			}
		}
		w->packed.failed = false;
	}
	uint8_t hdr[WRR_TRACE_CHUNK_HEADER_MAX];
	size_t hl = chunk_header(hdr, type, flags, base + ROOM,
				 (uint32_t)stored_len, (uint32_t)raw_len,
				 w->flushed_events);
	memcpy(base + ROOM - hl, hdr, hl);
	write_all(w, base + ROOM - hl, hl + stored_len);
}

/* Writes an uncompressed chunk whose payload is head's bytes after its ROOM,
 * then mid (mid_len bytes, written from where they are, not copied), then
 * tail's bytes: the same bytes emit_chunk writes for one buffer holding the
 * three (the checksum is wrr_trace_chunk_sum's, computed over the parts). For
 * the header chunk with an embedded module, so that `wrr record` does not
 * copy a large module into memory. */
static void emit_chunk_parts(struct wrr_trace_writer *w, uint8_t type,
			     struct wrr_bytebuf *head, const uint8_t *mid,
			     size_t mid_len, const struct wrr_bytebuf *tail)
{
	if (head->failed || tail->failed) {
		fail(w, "encoding the trace", ENOMEM);
		return;
	}
	size_t raw_len = head->len - ROOM + mid_len + tail->len;
	if (mid_len > WRR_TRACE_MAX_RAW_CHUNK ||
	    raw_len > WRR_TRACE_MAX_RAW_CHUNK) {
		fail(w, "encoding the trace (chunk over 1 GiB)", EFBIG);
		return;
	}
	uint8_t hdr[WRR_TRACE_CHUNK_HEADER_MAX];
	size_t n = 0;
	hdr[n++] = type;
	n += wrr_uleb_encode(hdr + n, (uint32_t)raw_len);
	XXH3_state_t st;
	XXH3_64bits_reset_withSeed(&st, w->flushed_events);
	XXH3_64bits_update(&st, hdr, n);
	XXH3_64bits_update(&st, head->data + ROOM, head->len - ROOM);
	XXH3_64bits_update(&st, mid, mid_len);
	XXH3_64bits_update(&st, tail->data, tail->len);
	wrr_put_le(hdr + n, (uint32_t)XXH3_64bits_digest(&st), 4);
	n += 4;
	memcpy(head->data + ROOM - n, hdr, n);
	write_all(w, head->data + ROOM - n, n + head->len - ROOM);
	write_all(w, mid, mid_len);
	write_all(w, tail->data, tail->len);
}

void wrr_trace_writer_flush(struct wrr_trace_writer *w)
{
	w->last_flush_ns = monotonic_ns();
	if (w->pending.len == ROOM)
		return;
	emit_chunk(w, WRR_CHUNK_EVENTS, &w->pending);
	w->flushed_events += w->pending_events;
	w->pending_events = 0;
	w->pending.len = ROOM;
	w->pending.failed = false;
}

static bool add_func(struct wrr_trace_writer *w, const enum wrr_valtype *params,
		     uint32_t param_count);
static void put_func_def(struct wrr_trace_writer *w, struct wrr_bytebuf *b,
			 const char *module_name, const char *name,
			 const struct wrr_functype *type);

static void put_tlv(struct wrr_bytebuf *b, uint32_t tag,
		    const struct wrr_bytebuf *value)
{
	wrr_put_uleb(b, tag);
	wrr_put_uleb(b, value->len);
	wrr_put_bytes(b, value->data, value->len);
	if (value->failed)
		b->failed = true;
}

static void put_string_list(struct wrr_bytebuf *b, uint32_t n,
			    const char *const *list)
{
	wrr_put_uleb(b, n);
	for (uint32_t i = 0; i < n; i++)
		wrr_put_string(b, list[i]);
}

enum wrr_status wrr_trace_write_header(struct wrr_trace_writer *w,
				       const struct wrr_trace_header *h,
				       struct wrr_error *err)
{
	uint8_t pre[WRR_TRACE_PREAMBLE_SIZE];
	memcpy(pre, WRR_TRACE_MAGIC, 8);
	wrr_put_le(pre + 8, WRR_TRACE_MAJOR, 2);
	wrr_put_le(pre + 10, WRR_TRACE_MINOR, 2);
	write_all(w, pre, sizeof pre);

	/* b: header room and the fields up to the module's bytes; t: the
	 * fields after them. Compressed, the three are put together in b;
	 * plain, they are written as they are (emit_chunk_parts). */
	struct wrr_bytebuf b = {0}, v = {0}, t = {0};
	b.len = ROOM;
	wrr_bytebuf_reserve(&b, 256);

	v.len = 0;
	wrr_put_bytes(&v, h->wrr_version, strlen(h->wrr_version));
	put_tlv(&b, WRR_TAG_WRR_VERSION, &v);
	if (h->engine_version != 0) { /* 0: "before the field existed" */
		v.len = 0;
		wrr_put_uleb(&v, h->engine_version);
		put_tlv(&b, WRR_TAG_ENGINE_VERSION, &v);
	}
	v.len = 0;
	wrr_put_bytes(&v, h->module_sha256, 32);
	put_tlv(&b, WRR_TAG_MODULE_SHA256, &v);
	if (h->module_name) {
		v.len = 0;
		wrr_put_bytes(&v, h->module_name, strlen(h->module_name));
		put_tlv(&b, WRR_TAG_MODULE_NAME, &v);
	}
	if (h->module) {
		wrr_put_uleb(&b, WRR_TAG_MODULE_BYTES);
		wrr_put_uleb(&b, h->module_size);
	}
	v.len = 0;
	wrr_put_uleb(&v, h->limits.max_call_depth);
	wrr_put_uleb(&v, h->limits.max_stack_slots);
	wrr_put_uleb(&v, h->limits.max_memory_pages);
	wrr_put_uleb(&v, h->limits.max_table_elements);
	put_tlv(&t, WRR_TAG_LIMITS, &v);
	v.len = 0;
	wrr_put_uleb(&v, h->fuel);
	put_tlv(&t, WRR_TAG_FUEL, &v);
	v.len = 0;
	put_string_list(&v, h->argc, h->argv);
	put_tlv(&t, WRR_TAG_ARGV, &v);
	v.len = 0;
	put_string_list(&v, h->envc, h->env);
	put_tlv(&t, WRR_TAG_ENV, &v);
	v.len = 0;
	wrr_put_uleb(&v, h->preopen_count);
	for (uint32_t i = 0; i < h->preopen_count; i++) {
		wrr_put_string(&v, h->preopens[i]);
		wrr_put_u8(&v, h->preopen_read_only &&
				       h->preopen_read_only[i]);
	}
	put_tlv(&t, WRR_TAG_PREOPENS, &v);
	if (h->invoke) {
		v.len = 0;
		wrr_put_bytes(&v, h->invoke, strlen(h->invoke));
		put_tlv(&t, WRR_TAG_INVOKE, &v);
	}
	if (h->features) {
		v.len = 0;
		wrr_put_bytes(&v, h->features, strlen(h->features));
		put_tlv(&t, WRR_TAG_FEATURES, &v);
	}
	if (h->listen_count) {
		v.len = 0;
		put_string_list(&v, h->listen_count, h->listen);
		put_tlv(&t, WRR_TAG_LISTEN, &v);
	}
	v.len = 0;
	wrr_put_uleb(&v, h->start_time_ns);
	put_tlv(&t, WRR_TAG_START_TIME, &v);
	if (h->host) {
		v.len = 0;
		wrr_put_bytes(&v, h->host, strlen(h->host));
		put_tlv(&t, WRR_TAG_HOST, &v);
	}
	if (h->func_count) {
		v.len = 0;
		wrr_put_uleb(&v, h->func_count);
		for (uint32_t i = 0; i < h->func_count; i++) {
			const struct wrr_trace_func *f = &h->funcs[i];
			struct wrr_functype type = {
				f->param_count, f->result_count, f->params,
				f->results,
			};
			if (!add_func(w, f->params, f->param_count))
				break;
			put_func_def(w, &v, f->module_name, f->name, &type);
		}
		put_tlv(&t, WRR_TAG_IMPORTS, &v);
	}
	if (h->module && !w->compress) {
		emit_chunk_parts(w, WRR_CHUNK_HEADER, &b, h->module,
				 h->module_size, &t);
	} else {
		if (h->module)
			wrr_put_bytes(&b, h->module, h->module_size);
		wrr_put_bytes(&b, t.data, t.len);
		if (t.failed)
			b.failed = true;
		emit_chunk(w, WRR_CHUNK_HEADER, &b);
	}
	wrr_bytebuf_free(&b);
	wrr_bytebuf_free(&v);
	wrr_bytebuf_free(&t);
	w->last_flush_ns = monotonic_ns();
	if (w->error[0] != '\0')
		return wrr_error_set(err, WRR_HOST, "%s", w->error);
	return WRR_OK;
}

/* Gives the next function id its prediction state; false when out of
 * memory (the error is remembered). */
static bool add_func(struct wrr_trace_writer *w, const enum wrr_valtype *params,
		     uint32_t param_count)
{
	uint32_t slots = 0;
	for (uint32_t i = 0; i < param_count; i++)
		slots += params[i] == WRR_V128 ? 2 : 1;
	struct wfunc *f = realloc(w->funcs, (w->func_count + 1) * sizeof *f);
	uint64_t *prev = calloc(slots + 1, sizeof *prev);
	if (f != NULL)
		w->funcs = f;
	if (f == NULL || prev == NULL) {
		free(prev);
		fail(w, "encoding the trace", ENOMEM);
		return false;
	}
	w->funcs[w->func_count++] = (struct wfunc){.prev_args = prev};
	return true;
}

/* Appends a function definition without its id (docs/trace-format.md,
 * "Function definitions"): module, name, parameter and result types. */
static void put_func_def(struct wrr_trace_writer *w, struct wrr_bytebuf *b,
			 const char *module_name, const char *name,
			 const struct wrr_functype *type)
{
	/* the module name: 0 = the previous definition's, else length + 1 */
	const char *last = w->last_module ? w->last_module
					  : WRR_TRACE_DEFAULT_MODULE;
	if (strcmp(last, module_name) == 0) {
		wrr_put_uleb(b, 0);
	} else {
		size_t n = strlen(module_name);
		wrr_put_uleb(b, n + 1);
		wrr_put_bytes(b, module_name, n);
		free(w->last_module);
		w->last_module = strdup(module_name);
	}
	wrr_put_string(b, name);
	wrr_put_uleb(b, type->param_count);
	for (uint32_t i = 0; i < type->param_count; i++)
		wrr_put_u8(b, (uint8_t)type->params[i]);
	wrr_put_uleb(b, type->result_count);
	for (uint32_t i = 0; i < type->result_count; i++)
		wrr_put_u8(b, (uint8_t)type->results[i]);
}

void wrr_trace_write_func(struct wrr_trace_writer *w, uint32_t id,
			  const char *module_name, const char *name,
			  const struct wrr_functype *type)
{
	if (id != w->func_count) {
		fail(w, "encoding the trace (function ids out of order)",
		     EINVAL);
		return;
	}
	if (!add_func(w, type->params, type->param_count))
		return;
	wrr_put_u8(&w->pending, REC_FUNC);
	wrr_put_uleb(&w->pending, id);
	put_func_def(w, &w->pending, module_name, name, type);
}

/* Encodes `count` values of `types` from slots (docs: "Values"). With
 * prev (the same function's previous arguments, same slot layout), i32 and
 * i64 values are differences from prev's (wrapping in their width), and
 * prev is updated to slots. */
static void put_values(struct wrr_bytebuf *b, const enum wrr_valtype *types,
		       uint32_t count, const uint64_t *slots, uint64_t *prev)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < count; i++, n++) {
		uint64_t v = slots[n], p = prev ? prev[n] : 0;
		if (prev)
			prev[n] = v;
		switch (types[i]) {
		case WRR_I32:
			wrr_put_sleb(b, (int32_t)((uint32_t)v - (uint32_t)p));
			break;
		case WRR_I64:
			wrr_put_sleb(b, (int64_t)(v - p));
			break;
		case WRR_F32:
			wrr_put_fixed(b, (uint32_t)v, 4);
			break;
		case WRR_F64:
			wrr_put_fixed(b, v, 8);
			break;
		case WRR_V128:
			wrr_put_fixed(b, v, 8);
			wrr_put_fixed(b, slots[n + 1], 8);
			if (prev)
				prev[n + 1] = slots[n + 1];
			n++;
			break;
		default: /* references */
			wrr_put_uleb(b, v);
			break;
		}
	}
}

/* Counts the event and flushes when the chunk is big or old enough. */
static void event_done(struct wrr_trace_writer *w)
{
	w->pending_events++;
	w->events++;
	/* The clock is read at the first and every 16th event of a chunk
	 * only: even the coarse clock costs a few percent of a fast call. */
	if (w->pending.len - ROOM >= FLUSH_BYTES ||
	    ((w->pending_events & 15) == 1 &&
	     monotonic_ns() - w->last_flush_ns >= FLUSH_NS))
		wrr_trace_writer_flush(w);
}

void wrr_trace_write_call(struct wrr_trace_writer *w,
			  const struct wrr_trace_event *ev)
{
	struct wrr_bytebuf *b = &w->pending;
	const struct wrr_trace_func *f = ev->func;
	if (ev->func_id >= w->func_count) {
		fail(w, "encoding the trace (call of an undefined function)",
		     EINVAL);
		return;
	}
	struct wfunc *wf = &w->funcs[ev->func_id];
	if (ev->func_id < 0xf0) {
		wrr_put_u8(b, (uint8_t)(REC_CALL_SHORT + ev->func_id));
	} else {
		wrr_put_u8(b, REC_CALL_LONG);
		wrr_put_uleb(b, ev->func_id);
	}
	put_values(b, f->params, f->param_count, ev->args, wf->prev_args);
	unsigned status = WRR_REC_EXIT;
	switch (ev->status) {
	case WRR_CALL_OK: {
		status = WRR_REC_ZERO;
		for (uint32_t i = 0; i < f->result_slots; i++)
			if (ev->results[i] != 0)
				status = WRR_REC_RETURNED;
		break;
	}
	case WRR_CALL_EXIT: status = WRR_REC_EXIT; break;
	case WRR_CALL_TRAP: status = WRR_REC_TRAP; break;
	case WRR_CALL_FAILED: status = WRR_REC_FAILED; break;
	}
	wrr_put_uleb(b, (uint64_t)ev->write_count << 3 | status);
	switch (status) {
	case WRR_REC_RETURNED:
		put_values(b, f->results, f->result_count, ev->results, NULL);
		break;
	case WRR_REC_EXIT:
		wrr_put_sleb(b, ev->exit_code);
		break;
	case WRR_REC_FAILED:
		wrr_put_uleb(b, ev->host_status);
		/* fall through */
	case WRR_REC_TRAP:
		wrr_put_uleb(b, ev->message_len);
		wrr_put_bytes(b, ev->message, ev->message_len);
		break;
	}
	if (ev->write_count > wf->prev_cap) {
		uint32_t cap = ev->write_count * 2;
		uint32_t *p = realloc(wf->prev_addrs, cap * sizeof *p);
		if (p == NULL) {
			fail(w, "encoding the trace", ENOMEM);
			return;
		}
		wf->prev_addrs = p;
		wf->prev_cap = cap;
	}
	struct wrr_trace_addr_ctx ac = {
		.func = f, .args = ev->args, .prev = wf->prev_addrs,
		.prev_count = wf->prev_count,
	};
	for (uint32_t i = 0; i < ev->write_count; i++) {
		const struct wrr_trace_write *wr = &ev->writes[i];
		wrr_put_uleb(b, wrr_trace_addr_encode(&ac, i, wr->addr));
		wrr_put_uleb(b, wr->len);
		wrr_put_bytes(b, wr->bytes, wr->len);
		ac.last_end = wr->addr + wr->len;
		/* prev_addrs[i] is read (as write i of the previous call)
		 * before it is replaced here */
		wf->prev_addrs[i] = wr->addr;
	}
	wf->prev_count = ev->write_count;
	event_done(w);
}

void wrr_trace_write_end(struct wrr_trace_writer *w,
			 const struct wrr_trace_end *end)
{
	struct wrr_bytebuf *b = &w->pending;
	/* docs/trace-format.md, "END": the reason and which of the optional
	 * fields follow in one uleb; the call count is not stored */
	bool usual = end->exit_status ==
		     wrr_trace_usual_exit_status(end->reason);
	wrr_put_u8(b, REC_END);
	wrr_put_uleb(b, (uint32_t)end->reason |
			(usual ? 0u : WRR_END_F_EXIT_STATUS) |
			(end->has_memory_hash ? WRR_END_F_MEMORY_HASH : 0u) |
			(end->has_progress ? WRR_END_F_PROGRESS : 0u) |
			(end->message_len ? WRR_END_F_MESSAGE : 0u));
	if (!usual)
		wrr_put_sleb(b, end->exit_status);
	wrr_put_uleb(b, end->duration_ns / 1000000);
	if (end->has_memory_hash)
		wrr_put_fixed(b, (uint32_t)end->memory_hash, 4);
	if (end->has_progress)
		wrr_put_uleb(b, end->progress);
	if (end->message_len) {
		uint32_t code = wrr_end_message_code(end->message,
						     end->message_len);
		if (code != 0) {
			wrr_put_uleb(b, code);
		} else {
			wrr_put_uleb(b, (uint64_t)end->message_len +
					   WRR_END_MESSAGE_LITERAL);
			wrr_put_bytes(b, end->message, end->message_len);
		}
	}
	w->pending_events++;
	w->events++;
	wrr_trace_writer_flush(w);
}

uint64_t wrr_trace_writer_events(const struct wrr_trace_writer *w)
{
	return w->events;
}

const char *wrr_trace_writer_error(const struct wrr_trace_writer *w)
{
	return w->error[0] ? w->error : NULL;
}
