/*
 * test_trace.c — unit tests of the trace writer and reader (src/rr/trace*.c):
 * round trip of header and events, truncation at every byte, bit flips,
 * wrong magic and future versions, SHA-256 vectors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "rr/engine_version.h"
#include "rr/trace.h"

static const enum wrr_valtype fd_write_params[] = {WRR_I32, WRR_I32, WRR_I32,
						    WRR_I32};
static const enum wrr_valtype clock_params[] = {WRR_I32, WRR_I64, WRR_I32};
static const enum wrr_valtype errno_result[] = {WRR_I32};

/* Writes a small trace (header with 2 functions in its import table +
 * `calls` calls + END) and returns its bytes (malloc'ed) in *size. */
static uint8_t *make_trace(bool compress, int calls, bool end, size_t *size)
{
	int fd = memfd_create("trace", 0);
	assert_true(fd >= 0);
	struct wrr_trace_writer *w = wrr_trace_writer_new(fd, compress);
	assert_non_null(w);
	static const uint8_t module[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
	const char *argv[] = {"prog.wasm", "x y", "\"q\""};
	const char *env[] = {"A=1"};
	const char *pre[] = {"/data"};
	bool ro[] = {true};
	struct wrr_trace_header h = {
		.wrr_version = WRR_VERSION,
		.engine_version = WRR_ENGINE_VERSION,
		.module_name = "prog.wasm",
		.module = module,
		.module_size = sizeof module,
		.fuel = 12345,
		.argc = 3, .argv = argv,
		.envc = 1, .env = env,
		.preopen_count = 1, .preopens = pre, .preopen_read_only = ro,
		.start_time_ns = 42,
		.host = "test",
	};
	h.limits = (struct wrr_limits){10000, 1u << 20, 65536, 10000000};
	wrr_sha256(module, sizeof module, h.module_sha256);
	struct wrr_trace_func funcs[2] = {
		{"wasi_snapshot_preview1", "fd_write", 4, 1,
		 (enum wrr_valtype *)fd_write_params,
		 (enum wrr_valtype *)errno_result, 4, 1},
		{"wasi_snapshot_preview1", "clock_time_get", 3, 1,
		 (enum wrr_valtype *)clock_params,
		 (enum wrr_valtype *)errno_result, 3, 1},
	};
	const struct wrr_trace_func f0 = funcs[0], f1 = funcs[1];
	h.func_count = 2;
	h.funcs = funcs;
	struct wrr_error err;
	wrr_error_clear(&err);
	assert_int_equal(wrr_trace_write_header(w, &h, &err), WRR_OK);
	for (int i = 0; i < calls; i++) {
		uint64_t args[4] = {1, 1024 + (uint64_t)i, 1, 2000};
		uint64_t clk[3] = {1, (uint64_t)-1000, 4096};
		uint64_t res[1] = {0};
		uint8_t bytes[8] = {(uint8_t)i, 2, 3, 4, 5, 6, 7, 8};
		struct wrr_trace_write wr = {2000, 4, bytes};
		struct wrr_trace_event ev = {
			.kind = WRR_EVENT_CALL, .func_id = (uint32_t)(i & 1),
			.func = (i & 1) ? &f1 : &f0,
			.args = (i & 1) ? clk : args, .status = WRR_CALL_OK,
			.results = res, .write_count = 1, .writes = &wr};
		if (i & 1) {
			wr.addr = 4096;
			wr.len = 8;
		}
		if (i == calls - 1 && i > 2) {
			ev.status = WRR_CALL_EXIT;
			ev.exit_code = -7;
		}
		wrr_trace_write_call(w, &ev);
		if (i % 100 == 99)
			wrr_trace_writer_flush(w);
	}
	if (end) {
		struct wrr_trace_end e = {
			.reason = WRR_END_EXIT, .exit_status = 249,
			.has_memory_hash = true, .memory_hash = 0x90abcdef,
			.duration_ns = 99, .call_count = (uint64_t)calls,
			.message = "bye", .message_len = 3};
		wrr_trace_write_end(w, &e);
	} else {
		wrr_trace_writer_flush(w);
	}
	assert_null(wrr_trace_writer_error(w));
	wrr_trace_writer_free(w);
	off_t n = lseek(fd, 0, SEEK_END);
	uint8_t *buf = malloc((size_t)n);
	assert_int_equal(pread(fd, buf, (size_t)n, 0), n);
	close(fd);
	*size = (size_t)n;
	return buf;
}

/* Reads every event; returns the outcome, counts events in *events. */
static enum wrr_trace_next read_all(const uint8_t *buf, size_t size,
				    uint64_t *events, struct wrr_error *err)
{
	struct wrr_trace_reader *r;
	wrr_error_clear(err);
	*events = 0;
	if (wrr_trace_reader_open_memory(buf, size, &r, err) != WRR_OK)
		return WRR_TRACE_BAD;
	struct wrr_trace_event ev;
	enum wrr_trace_next n;
	while ((n = wrr_trace_read_event(r, &ev, err)) == WRR_TRACE_EVENT)
		(*events)++;
	wrr_trace_reader_free(r);
	return n;
}

static void round_trip(bool compress)
{
	size_t size;
	uint8_t *buf = make_trace(compress, 1000, true, &size);
	struct wrr_trace_reader *r;
	struct wrr_error err;
	wrr_error_clear(&err);
	assert_int_equal(wrr_trace_reader_open_memory(buf, size, &r, &err),
			 WRR_OK);
	const struct wrr_trace_header *h = wrr_trace_reader_header(r);
	assert_string_equal(h->wrr_version, WRR_VERSION);
	assert_int_equal(h->engine_version, WRR_ENGINE_VERSION);
	assert_int_equal(h->major, WRR_TRACE_MAJOR);
	assert_int_equal(h->minor, WRR_TRACE_MINOR);
	assert_string_equal(h->module_name, "prog.wasm");
	assert_int_equal(h->module_size, 8);
	assert_int_equal(h->fuel, 12345);
	assert_int_equal(h->argc, 3);
	assert_string_equal(h->argv[2], "\"q\"");
	assert_string_equal(h->env[0], "A=1");
	assert_string_equal(h->preopens[0], "/data");
	assert_true(h->preopen_read_only[0]);
	assert_int_equal(h->func_count, 2);
	assert_string_equal(h->funcs[1].module_name, "wasi_snapshot_preview1");
	assert_string_equal(h->funcs[1].name, "clock_time_get");
	assert_int_equal(h->funcs[1].param_count, 3);
	assert_int_equal(h->funcs[1].params[1], WRR_I64);
	assert_int_equal(wrr_trace_reader_func_count(r), 2);
	struct wrr_trace_event ev;
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(wrr_trace_read_event(r, &ev, &err),
				 WRR_TRACE_EVENT);
		assert_int_equal(ev.number, i + 1);
		assert_int_equal(ev.kind, WRR_EVENT_CALL);
		assert_int_equal(ev.func_id, i & 1);
		if (i & 1) {
			assert_string_equal(ev.func->name, "clock_time_get");
			assert_int_equal((int64_t)ev.args[1], -1000);
			assert_int_equal(ev.writes[0].addr, 4096);
		} else {
			assert_int_equal(ev.args[1], 1024 + i);
		}
		assert_int_equal(ev.write_count, 1);
		assert_int_equal(ev.writes[0].bytes[0], (uint8_t)i);
		if (i == 999) {
			assert_int_equal(ev.status, WRR_CALL_EXIT);
			assert_int_equal(ev.exit_code, -7);
		}
	}
	assert_int_equal(wrr_trace_read_event(r, &ev, &err), WRR_TRACE_EVENT);
	assert_int_equal(ev.kind, WRR_EVENT_END);
	assert_int_equal(ev.end.exit_status, 249);
	assert_int_equal(ev.end.reason, WRR_END_EXIT);
	assert_int_equal(ev.end.memory_hash, 0x90abcdef);
	assert_int_equal(ev.end.call_count, 1000);
	assert_int_equal(ev.end.message_len, 3);
	assert_memory_equal(ev.end.message, "bye", 3);
	assert_int_equal(wrr_trace_read_event(r, &ev, &err), WRR_TRACE_DONE);
	wrr_trace_reader_free(r);
	free(buf);
}

static void test_round_trip(void **state)
{
	round_trip(false);
}

static void test_round_trip_zstd(void **state)
{
	round_trip(true);
}

/* Cutting the trace anywhere gives CUT (or a header error before the first
 * events chunk), never BAD and never a crash; the events read grow with the
 * cut. */
static void truncation(bool compress)
{
	size_t size;
	uint8_t *buf = make_trace(compress, 400, true, &size);
	uint64_t prev = 0;
	for (size_t cut = 0; cut < size; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		memcpy(copy, buf, cut);
		uint64_t events;
		struct wrr_error err;
		enum wrr_trace_next n = read_all(copy, cut, &events, &err);
		free(copy);
		if (n == WRR_TRACE_BAD) {
			assert_int_equal(events, 0); /* header incomplete */
			assert_true(strstr(err.message, "offset") != NULL);
			continue;
		}
		assert_int_equal(n, WRR_TRACE_CUT);
		assert_true(events >= prev);
		prev = events;
	}
	uint64_t events;
	struct wrr_error err;
	assert_int_equal(read_all(buf, size, &events, &err), WRR_TRACE_DONE);
	assert_int_equal(events, 401);
	free(buf);
}

static void test_truncation(void **state)
{
	truncation(false);
}

static void test_truncation_zstd(void **state)
{
	truncation(true);
}

/* Every single-bit flip is detected (checksums) or harmless. */
static void test_bit_flips(void **state)
{
	size_t size;
	uint8_t *buf = make_trace(false, 50, true, &size);
	for (size_t i = 0; i < size; i++) {
		for (int bit = 0; bit < 8; bit += 3) {
			buf[i] ^= (uint8_t)(1 << bit);
			uint64_t events;
			struct wrr_error err;
			enum wrr_trace_next n = read_all(buf, size, &events,
							 &err);
			if (i == 10 || i == 11) /* minor version: ignored */
				assert_int_equal(n, WRR_TRACE_DONE);
			else
				assert_true(n == WRR_TRACE_BAD ||
					    n == WRR_TRACE_CUT);
			if (n == WRR_TRACE_BAD)
				assert_true(strstr(err.message, "offset") !=
					    NULL);
			buf[i] ^= (uint8_t)(1 << bit);
		}
	}
	free(buf);
}

static void test_magic_and_version(void **state)
{
	size_t size;
	uint8_t *buf = make_trace(false, 3, true, &size);
	uint64_t events;
	struct wrr_error err;
	buf[0] = 'X';
	assert_int_equal(read_all(buf, size, &events, &err), WRR_TRACE_BAD);
	assert_non_null(strstr(err.message, "wrong magic"));
	buf[0] = 'w';
	buf[8] = WRR_TRACE_MAJOR + 1; /* a future major */
	assert_int_equal(read_all(buf, size, &events, &err), WRR_TRACE_BAD);
	assert_non_null(strstr(err.message, "newer wrr"));
	buf[8] = WRR_TRACE_MAJOR - 1; /* an old major (1.x: 32-byte chunks) */
	assert_int_equal(read_all(buf, size, &events, &err), WRR_TRACE_BAD);
	assert_non_null(strstr(err.message, "an older wrr wrote it"));
	assert_non_null(strstr(err.message, "offset 8"));
	buf[8] = WRR_TRACE_MAJOR;
	buf[10] = 9; /* minor 9 is fine */
	assert_int_equal(read_all(buf, size, &events, &err), WRR_TRACE_DONE);
	assert_int_equal(read_all(buf, 5, &events, &err), WRR_TRACE_BAD);
	free(buf);
}

static void test_cut_without_end(void **state)
{
	size_t size;
	uint8_t *buf = make_trace(false, 250, false, &size);
	uint64_t events;
	struct wrr_error err;
	assert_int_equal(read_all(buf, size, &events, &err), WRR_TRACE_CUT);
	assert_int_equal(events, 250);
	free(buf);
}

/* A small deterministic generator for the encoding tests. */
static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Picks a value that exercises the delta and address encodings: often
 * the same as before, near it, a pointer argument, or anything. */
static uint64_t pick(uint64_t *x, uint64_t prev)
{
	switch (rnd(x) % 5) {
	case 0: return prev;
	case 1: return prev + rnd(x) % 64 - 32;
	case 2: return 0;
	case 3: return rnd(x) % 70000;
	default: return rnd(x);
	}
}

/* Random calls of functions of every value type, writing 0..5 ranges
 * anywhere (at pointer arguments, after each other, repeated, wrapping),
 * with every outcome: what is read back is exactly what was written. */
static void test_encoding_round_trip(void **state)
{
	static const enum wrr_valtype mixed[] = {
		WRR_I32, WRR_I64, WRR_F32, WRR_F64, WRR_V128, WRR_I32,
		WRR_FUNCREF, WRR_I32};
	static const enum wrr_valtype res2[] = {WRR_I32, WRR_I64};
	const struct wrr_functype types[3] = {
		{8, 2, mixed, res2}, {4, 1, fd_write_params, errno_result},
		{0, 0, NULL, NULL}};
	const char *mods[3] = {"m", "m", "other"};
	enum { N = 3000 };
	int fd = memfd_create("trace", 0);
	struct wrr_trace_writer *w = wrr_trace_writer_new(fd, false);
	struct wrr_trace_func tf[3];
	for (int k = 0; k < 3; k++) {
		tf[k] = (struct wrr_trace_func){
			mods[k], "f", types[k].param_count,
			types[k].result_count,
			(enum wrr_valtype *)types[k].params,
			(enum wrr_valtype *)types[k].results, 0, 0};
		for (uint32_t i = 0; i < tf[k].param_count; i++)
			tf[k].param_slots += tf[k].params[i] == WRR_V128 ? 2 : 1;
		tf[k].result_slots = tf[k].result_count;
	}
	/* function 0 in the header's import table, 1 and 2 as FUNC records */
	struct wrr_trace_header h = {.wrr_version = "t", .argc = 0,
				     .func_count = 1, .funcs = tf};
	struct wrr_error err;
	wrr_error_clear(&err);
	assert_int_equal(wrr_trace_write_header(w, &h, &err), WRR_OK);
	for (int k = 1; k < 3; k++)
		wrr_trace_write_func(w, (uint32_t)k, mods[k], "f", &types[k]);
	static uint64_t args[N][10], res[N][2];
	static struct wrr_trace_write wr[N][5];
	static int fn[N], st[N], nw[N];
	static uint8_t bytes[64];
	for (int i = 0; i < 64; i++)
		bytes[i] = (uint8_t)(i * 7);
	uint64_t x = 88172645463325252ull, prev[10] = {0};
	for (int e = 0; e < N; e++) {
		int k = fn[e] = (int)(rnd(&x) % 3);
		for (int j = 0; j < 10; j++)
			args[e][j] = prev[j] = pick(&x, prev[j]);
		if (k == 1)
			for (int j = 0; j < 4; j++)
				args[e][j] &= 0xffffffff;
		args[e][0] &= 0xffffffff; /* i32 and f32 slots of "mixed" */
		args[e][2] &= 0xffffffff;
		args[e][6] &= 0xffffffff;
		args[e][8] &= 0xffffffff;
		res[e][0] = rnd(&x) % 3 ? 0 : rnd(&x) & 0xffffffff;
		res[e][1] = rnd(&x) % 3 ? 0 : rnd(&x);
		st[e] = rnd(&x) % 10 == 0 ? (int)(rnd(&x) % 4) : 0;
		nw[e] = (int)(rnd(&x) % 6);
		uint32_t end = 0;
		for (int j = 0; j < nw[e]; j++) {
			uint32_t a;
			switch (rnd(&x) % 4) {
			case 0: a = (uint32_t)args[e][k == 1 ? 3 : 0]; break;
			case 1: a = end; break;
			case 2: a = e ? wr[e - 1][j].addr : 0; break;
			default: a = (uint32_t)rnd(&x); break;
			}
			wr[e][j] = (struct wrr_trace_write){
				a, (uint32_t)(rnd(&x) % 65), bytes};
			end = a + wr[e][j].len;
		}
		struct wrr_trace_event ev = {
			.kind = WRR_EVENT_CALL, .func_id = (uint32_t)k,
			.func = &tf[k], .args = args[e], .results = res[e],
			.status = (enum wrr_trace_call_status)st[e],
			.exit_code = -5, .host_status = WRR_HOST,
			.message = "msg", .message_len = 3,
			.write_count = (uint32_t)nw[e], .writes = wr[e]};
		wrr_trace_write_call(w, &ev);
		if (e % 700 == 699)
			wrr_trace_writer_flush(w);
	}
	struct wrr_trace_end end = {.call_count = N};
	wrr_trace_write_end(w, &end);
	assert_null(wrr_trace_writer_error(w));
	wrr_trace_writer_free(w);
	off_t n = lseek(fd, 0, SEEK_END);
	uint8_t *buf = malloc((size_t)n);
	assert_int_equal(pread(fd, buf, (size_t)n, 0), n);
	close(fd);

	struct wrr_trace_reader *r;
	assert_int_equal(wrr_trace_reader_open_memory(buf, (size_t)n, &r,
						      &err), WRR_OK);
	struct wrr_trace_event ev;
	for (int e = 0; e < N; e++) {
		assert_int_equal(wrr_trace_read_event(r, &ev, &err),
				 WRR_TRACE_EVENT);
		int k = fn[e];
		assert_int_equal(ev.func_id, k);
		assert_string_equal(ev.func->module_name, mods[k]);
		for (uint32_t j = 0; j < tf[k].param_slots; j++)
			assert_int_equal(ev.args[j], args[e][j]);
		assert_int_equal(ev.status, st[e]);
		if (st[e] == WRR_CALL_OK)
			for (uint32_t j = 0; j < tf[k].result_slots; j++)
				assert_int_equal(ev.results[j],
						 k == 1 ? res[e][j] & 0xffffffff
							: res[e][j]);
		else if (st[e] == WRR_CALL_EXIT)
			assert_int_equal(ev.exit_code, -5);
		else
			assert_memory_equal(ev.message, "msg", 3);
		assert_int_equal(ev.write_count, nw[e]);
		for (int j = 0; j < nw[e]; j++) {
			assert_int_equal(ev.writes[j].addr, wr[e][j].addr);
			assert_int_equal(ev.writes[j].len, wr[e][j].len);
			assert_memory_equal(ev.writes[j].bytes, bytes,
					    wr[e][j].len);
		}
	}
	assert_int_equal(wrr_trace_read_event(r, &ev, &err), WRR_TRACE_EVENT);
	assert_int_equal(ev.kind, WRR_EVENT_END);
	assert_int_equal(wrr_trace_read_event(r, &ev, &err), WRR_TRACE_DONE);
	wrr_trace_reader_free(r);
	free(buf);
}

/* The size bar (docs/trace-format.md, "Size"): a loop of fd_write to a
 * fixed buffer and clock_time_get costs at most 16 bytes per event beyond
 * the bytes written, chunk headers, function records and END included. */
static void test_size(void **state)
{
	size_t size;
	uint8_t *buf = make_trace(false, 20000, true, &size);
	struct wrr_trace_reader *r;
	struct wrr_error err;
	wrr_error_clear(&err);
	assert_int_equal(wrr_trace_reader_open_memory(buf, size, &r, &err),
			 WRR_OK);
	struct wrr_trace_event ev;
	uint64_t written = 0, events = 0;
	while (wrr_trace_read_event(r, &ev, &err) == WRR_TRACE_EVENT) {
		events++;
		for (uint32_t i = 0; i < ev.write_count; i++)
			written += ev.writes[i].len;
	}
	struct wrr_trace_stats st;
	wrr_trace_reader_stats(r, &st);
	uint64_t header = WRR_TRACE_PREAMBLE_SIZE + st.header_raw_bytes +
			  WRR_TRACE_CHUNK_HEADER_MAX;
	double per = (double)(size - header - written) / (double)events;
	print_message("%.2f bytes per event beyond the bytes written\n", per);
	assert_true(per <= 16.0);
	wrr_trace_reader_free(r);
	free(buf);
}

/* Bytes per event beyond the bytes written, as `wrr info` counts them:
 * everything after the header chunk. */
static double overhead_per_event(const uint8_t *buf, size_t size,
				 uint64_t *events)
{
	struct wrr_trace_reader *r;
	struct wrr_error err;
	wrr_error_clear(&err);
	assert_int_equal(wrr_trace_reader_open_memory(buf, size, &r, &err),
			 WRR_OK);
	struct wrr_trace_event ev;
	uint64_t written = 0;
	enum wrr_trace_next n;
	*events = 0;
	while ((n = wrr_trace_read_event(r, &ev, &err)) == WRR_TRACE_EVENT) {
		(*events)++;
		for (uint32_t i = 0; i < ev.write_count; i++)
			written += ev.writes[i].len;
	}
	assert_int_equal(n, WRR_TRACE_DONE);
	struct wrr_trace_stats st;
	wrr_trace_reader_stats(r, &st);
	wrr_trace_reader_free(r);
	uint64_t after = st.chunk_header_bytes - st.header_chunk_header_bytes +
			 st.raw_bytes - st.header_raw_bytes;
	return (double)(after - written) / (double)*events;
}

/* A hello world as wasi-libc makes it (fd_fdstat_get, fd_write, END; with
 * `calls` 3 also proc_exit(1), which flushes a chunk of its own), and with
 * `calls` 0 a run without host calls (END alone, in a chunk of its own),
 * stay within 16 bytes per event: the import table is in the header, the
 * END is compact. */
static void test_size_short(void **state)
{
	static const enum wrr_valtype p2[] = {WRR_I32, WRR_I32};
	static const enum wrr_valtype p1[] = {WRR_I32};
	struct wrr_trace_func funcs[3] = {
		{"wasi_snapshot_preview1", "fd_fdstat_get", 2, 1,
		 (enum wrr_valtype *)p2, (enum wrr_valtype *)errno_result, 2,
		 1},
		{"wasi_snapshot_preview1", "fd_write", 4, 1,
		 (enum wrr_valtype *)fd_write_params,
		 (enum wrr_valtype *)errno_result, 4, 1},
		{"wasi_snapshot_preview1", "proc_exit", 1, 0,
		 (enum wrr_valtype *)p1, NULL, 1, 0},
	};
	for (int calls = 0; calls <= 3; calls++) {
		int fd = memfd_create("trace", 0);
		assert_true(fd >= 0);
		struct wrr_trace_writer *w = wrr_trace_writer_new(fd, false);
		static const uint8_t module[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
		struct wrr_trace_header h = {
			.wrr_version = WRR_VERSION, .module = module,
			.module_size = sizeof module, .fuel = UINT64_MAX,
			.func_count = 3, .funcs = funcs,
		};
		struct wrr_error err;
		wrr_error_clear(&err);
		assert_int_equal(wrr_trace_write_header(w, &h, &err), WRR_OK);
		uint8_t stat[24] = {4}, four[4] = {13};
		uint64_t a0[2] = {1, 67720}, a1[4] = {1, 67728, 2, 67724};
		uint64_t a2[1] = {1}, res[1] = {0};
		struct wrr_trace_write w0 = {67720, 24, stat};
		struct wrr_trace_write w1 = {67724, 4, four};
		struct wrr_trace_event ev[3] = {
			{.kind = WRR_EVENT_CALL, .func_id = 0, .func = &funcs[0],
			 .args = a0, .results = res, .write_count = 1,
			 .writes = &w0},
			{.kind = WRR_EVENT_CALL, .func_id = 1, .func = &funcs[1],
			 .args = a1, .results = res, .write_count = 1,
			 .writes = &w1},
			{.kind = WRR_EVENT_CALL, .func_id = 2, .func = &funcs[2],
			 .args = a2, .status = WRR_CALL_EXIT, .exit_code = 1},
		};
		for (int i = 0; i < calls; i++) {
			wrr_trace_write_call(w, &ev[i]);
			if (ev[i].status != WRR_CALL_OK) /* as the recorder */
				wrr_trace_writer_flush(w);
		}
		struct wrr_trace_end e = {
			.reason = calls == 3 ? WRR_END_EXIT : WRR_END_RETURNED,
			.exit_status = calls == 3 ? 1 : 0,
			.has_memory_hash = true, .memory_hash = 0x55555555,
			.has_progress = true, .progress = 348,
			.duration_ns = 2204000, .call_count = (uint64_t)calls};
		wrr_trace_write_end(w, &e);
		assert_null(wrr_trace_writer_error(w));
		wrr_trace_writer_free(w);
		off_t n = lseek(fd, 0, SEEK_END);
		uint8_t *buf = malloc((size_t)n);
		assert_int_equal(pread(fd, buf, (size_t)n, 0), n);
		close(fd);
		uint64_t events;
		double per = overhead_per_event(buf, (size_t)n, &events);
		print_message("%d calls + END: %.1f bytes per event beyond the "
			      "bytes written\n", calls, per);
		assert_int_equal(events, (uint64_t)calls + 1);
		assert_true(per <= 16.0);
		free(buf);
	}
}

static void test_sha256(void **state)
{
	uint8_t d[32];
	char hex[65];
	wrr_sha256((const uint8_t *)"abc", 3, d);
	wrr_sha256_hex(d, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
				 "b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnop"
			  "nopq";
	wrr_sha256((const uint8_t *)two, strlen(two), d);
	wrr_sha256_hex(d, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039"
				 "a33ce45964ff2167f6ecedd419db06c1");
	wrr_sha256((const uint8_t *)"", 0, d);
	wrr_sha256_hex(d, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
				 "27ae41e4649b934ca495991b7852b855");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_round_trip_zstd),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_truncation_zstd),
		cmocka_unit_test(test_bit_flips),
		cmocka_unit_test(test_magic_and_version),
		cmocka_unit_test(test_cut_without_end),
		cmocka_unit_test(test_encoding_round_trip),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_size_short),
		cmocka_unit_test(test_sha256),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
