/*
 * test_lazy.c — unit tests of lazy lowering (src/exec/lazy.c): validation
 * keeps no code; a function is lowered on its first call to the very code
 * eager lowering makes; code offsets are made on demand for traps and
 * backtraces; one module shared by stores in several threads, all lowering
 * the same functions at once; module bytes in a file mapping whose pages are
 * given back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "exec/runtime.h"
#include "valid/valid.h"

/* ---------------------------------------------------------- the module */

/* Functions in the call chain (defined functions 0 .. CHAIN-1). */
enum { CHAIN = 300 };

struct buf {
	uint8_t b[16384];
	size_t n;
};

static void put(struct buf *b, uint8_t v)
{
	assert_true(b->n < sizeof b->b);
	b->b[b->n++] = v;
}

static void put_leb(struct buf *b, uint32_t v)
{
	do {
		uint8_t c = v & 0x7f;
		v >>= 7;
		put(b, c | (v ? 0x80 : 0));
	} while (v);
}

static void put_section(struct buf *out, uint8_t id, const struct buf *s)
{
	put(out, id);
	put_leb(out, (uint32_t)s->n);
	for (size_t i = 0; i < s->n; i++)
		put(out, s->b[i]);
}

/* (module
 *   (import "env" "f" (func (param i32) (result i32)))
 *   (func $c0 (export "f0") (param i32) (result i32)
 *     (call $c1 (i32.add (local.get 0) (i32.const 1))))
 *   ... $c1 .. $c298 the same, each calling the next ...
 *   (func $c299 (param i32) (result i32) (local.get 0))
 *   (func (export "trap") (param i32) (result i32) (unreachable)))
 * f0(x) = x + 299. The import (function 0) shifts every index by one. */
static void build_module(struct buf *out)
{
	static const uint8_t header[] = {0x00, 0x61, 0x73, 0x6d,
					 0x01, 0x00, 0x00, 0x00};
	struct buf s;
	out->n = 0;
	for (size_t i = 0; i < sizeof header; i++)
		put(out, header[i]);

	s.n = 0; /* type 0: (i32) -> i32 */
	put(&s, 1), put(&s, 0x60), put(&s, 1), put(&s, 0x7f), put(&s, 1),
		put(&s, 0x7f);
	put_section(out, 1, &s);

	s.n = 0;
	put(&s, 1), put(&s, 3), put(&s, 'e'), put(&s, 'n'), put(&s, 'v'),
		put(&s, 1), put(&s, 'f'), put(&s, 0x00), put(&s, 0);
	put_section(out, 2, &s);

	s.n = 0;
	put_leb(&s, CHAIN + 1);
	for (int i = 0; i < CHAIN + 1; i++)
		put(&s, 0);
	put_section(out, 3, &s);

	s.n = 0;
	put(&s, 2);
	put(&s, 2), put(&s, 'f'), put(&s, '0'), put(&s, 0x00), put(&s, 1);
	put(&s, 4), put(&s, 't'), put(&s, 'r'), put(&s, 'a'), put(&s, 'p'),
		put(&s, 0x00), put_leb(&s, CHAIN + 1);
	put_section(out, 7, &s);

	s.n = 0;
	put_leb(&s, CHAIN + 1);
	for (uint32_t i = 0; i < CHAIN + 1; i++) {
		struct buf f;
		f.n = 0;
		put(&f, 0); /* no locals */
		if (i + 1 < CHAIN) {
			put(&f, 0x20), put(&f, 0); /* local.get 0 */
			put(&f, 0x41), put(&f, 1); /* i32.const 1 */
			put(&f, 0x6a);             /* i32.add */
			put(&f, 0x10), put_leb(&f, i + 2); /* call $c(i+1) */
		} else if (i + 1 == CHAIN) {
			put(&f, 0x20), put(&f, 0);
		} else {
			put(&f, 0x00); /* unreachable */
		}
		put(&f, 0x0b);
		put_leb(&s, (uint32_t)f.n);
		for (size_t k = 0; k < f.n; k++)
			put(&s, f.b[k]);
	}
	put_section(out, 10, &s);
}

static struct wrr_module *load(const uint8_t *bytes, size_t size)
{
	struct wrr_module *m = NULL;
	struct wrr_error err;
	wrr_error_clear(&err);
	assert_int_equal(wrr_module_decode(bytes, size, &m, &err), WRR_OK);
	assert_int_equal(wrr_module_validate(m, &err), WRR_OK);
	return m;
}

static enum wrr_status host_fn(struct wrr_host_call *call)
{
	call->results[0] = call->args[0];
	return WRR_OK;
}

static const enum wrr_valtype i32 = WRR_I32;
static const struct wrr_functype host_type = {
	.param_count = 1, .params = &i32, .result_count = 1, .results = &i32};

/* Instantiates m in a new store and calls export `name` with x. */
static enum wrr_status call_export(struct wrr_module *m, const char *name,
				   int32_t x, int32_t *result,
				   struct wrr_error *err)
{
	struct wrr_store *store = wrr_store_new(NULL);
	assert_non_null(store);
	struct wrr_extern imp = {
		.kind = WRR_EXTERN_FUNC,
		.of.func = wrr_func_new_host(store, &host_type, "env", "f",
					     host_fn, NULL)};
	struct wrr_instance *inst;
	wrr_error_clear(err);
	assert_int_equal(wrr_instantiate(store, m, &imp, 1, &inst, err),
			 WRR_OK);
	struct wrr_extern e;
	assert_true(wrr_instance_export(inst, name, (uint32_t)strlen(name),
					&e));
	struct wrr_val arg = {.type = WRR_I32, .of.i32 = x}, res;
	enum wrr_status st = wrr_func_call(store, e.of.func, &arg, 1, &res, 1,
					   err);
	if (st == WRR_OK)
		*result = res.of.i32;
	wrr_store_free(store);
	return st;
}

/* ------------------------------------------------------------- tests */

/* Validation keeps each body's frame shape but no code; the first call
 * lowers it to exactly what eager lowering (wrr_valid_func) makes, and
 * wrr_func_body_code_offset gives the eager code_offsets. */
static void test_lazy_same_code(void **state)
{
	struct buf mod;
	build_module(&mod);
	struct wrr_module *m = load(mod.b, mod.n);
	struct wrr_module *eager = load(mod.b, mod.n);
	struct wrr_error err;
	wrr_error_clear(&err);
	for (uint32_t f = m->imported_func_count; f < m->func_count; f++) {
		const struct wrr_code_func *c =
			&m->bodies[f - m->imported_func_count].code;
		const struct wrr_code_func *e =
			&eager->bodies[f - eager->imported_func_count].code;
		assert_null(c->code);
		assert_null(c->code_offsets);
		assert_true(c->code_len > 0);
		assert_int_equal(wrr_valid_func(eager, f, &err), WRR_OK);
		assert_int_equal(wrr_func_body_ensure_lowered(m, f, &err),
				 WRR_OK);
		assert_non_null(c->code);
		const union wrr_code *first = c->code;
		assert_int_equal(wrr_func_body_ensure_lowered(m, f, &err),
				 WRR_OK);
		assert_ptr_equal(c->code, first); /* kept */
		assert_int_equal(c->code_len, e->code_len);
		assert_int_equal(c->param_slots, e->param_slots);
		assert_int_equal(c->local_slots, e->local_slots);
		assert_int_equal(c->result_slots, e->result_slots);
		assert_int_equal(c->max_height, e->max_height);
		assert_memory_equal(c->code, e->code,
				    c->code_len * sizeof *c->code);
		for (uint32_t i = 0; i < c->code_len; i++)
			assert_int_equal(wrr_func_body_code_offset(m, f, i),
					 e->code_offsets[i]);
		assert_int_equal(wrr_func_body_code_offset(m, f, c->code_len),
				 UINT32_MAX);
	}
	assert_int_equal(err.status, WRR_OK);
	wrr_module_free(m);
	wrr_module_free(eager);
}

/* Calls lower the chain on the way; a trap's place and the backtrace's
 * code offsets come from an on-demand lowering. */
static void test_lazy_call_and_trap(void **state)
{
	struct buf mod;
	build_module(&mod);
	struct wrr_module *m = load(mod.b, mod.n);
	struct wrr_error err;
	int32_t r = 0;
	assert_int_equal(call_export(m, "f0", 5, &r, &err), WRR_OK);
	assert_int_equal(r, 5 + CHAIN - 1);
	for (uint32_t i = 0; i < CHAIN; i++)
		assert_non_null(m->bodies[i].code.code);
	assert_null(m->bodies[CHAIN].code.code); /* never called */
	assert_int_equal(call_export(m, "trap", 0, &r, &err), WRR_TRAP);
	assert_int_equal(err.trap, WRR_TRAP_UNREACHABLE);
	assert_int_equal(err.func_index, CHAIN + 1);
	const struct wrr_func_body *b = &m->bodies[CHAIN];
	assert_int_equal(err.code_offset, (uint32_t)(err.offset - b->start));
	assert_int_equal(m->bytes[err.offset], 0x00); /* unreachable */
	wrr_module_free(m);
}

/* One module, stores in four threads, started together: they lower the
 * same functions at the same moment; every run gets the right result. */
struct shared_run {
	struct wrr_module *m;
	pthread_barrier_t *start;
	int32_t result;
	enum wrr_status status;
};

static void *shared_thread(void *arg)
{
	struct shared_run *sr = arg;
	struct wrr_error err;
	pthread_barrier_wait(sr->start);
	sr->status = call_export(sr->m, "f0", 1, &sr->result, &err);
	return NULL;
}

static void test_lazy_shared_module_threads(void **state)
{
	enum { THREADS = 4, ROUNDS = 20 };
	struct buf mod;
	build_module(&mod);
	for (int round = 0; round < ROUNDS; round++) {
		struct wrr_module *m = load(mod.b, mod.n);
		pthread_barrier_t start;
		pthread_barrier_init(&start, NULL, THREADS);
		struct shared_run runs[THREADS];
		pthread_t t[THREADS];
		for (int i = 0; i < THREADS; i++) {
			runs[i] = (struct shared_run){m, &start, 0, WRR_HOST};
			assert_int_equal(pthread_create(&t[i], NULL,
							shared_thread,
							&runs[i]), 0);
		}
		for (int i = 0; i < THREADS; i++)
			pthread_join(t[i], NULL);
		for (int i = 0; i < THREADS; i++) {
			assert_int_equal(runs[i].status, WRR_OK);
			assert_int_equal(runs[i].result, CHAIN);
		}
		pthread_barrier_destroy(&start);
		wrr_module_free(m);
	}
}

/* Module bytes in a read-only private file mapping, its pages given back
 * after validation and after every lowering (wrr_module_set_bytes_mapped):
 * calls and trap places still work. */
static void test_lazy_mapped_bytes(void **state)
{
	struct buf mod;
	build_module(&mod);
	char path[] = "/tmp/wrr-test-lazy-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, mod.b, mod.n), (ssize_t)mod.n);
	uint8_t *map = mmap(NULL, mod.n, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	unlink(path);
	assert_true(map != MAP_FAILED);
	struct wrr_module *m = load(map, mod.n);
	wrr_module_set_bytes_mapped(m);
	madvise(map, mod.n, MADV_DONTNEED);
	struct wrr_error err;
	int32_t r = 0;
	assert_int_equal(call_export(m, "f0", 7, &r, &err), WRR_OK);
	assert_int_equal(r, 7 + CHAIN - 1);
	assert_int_equal(call_export(m, "trap", 0, &r, &err), WRR_TRAP);
	assert_int_equal(m->bytes[err.offset], 0x00);
	wrr_module_free(m);
	munmap(map, mod.n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lazy_same_code),
		cmocka_unit_test(test_lazy_call_and_trap),
		cmocka_unit_test(test_lazy_shared_module_threads),
		cmocka_unit_test(test_lazy_mapped_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
