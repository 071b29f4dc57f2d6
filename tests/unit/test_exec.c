/*
 * test_exec.c — unit tests of the runtime and interpreter (src/exec):
 * calls, traps with their place, backtraces, call-stack exhaustion, fuel
 * and resume, progress determinism, host calls through the gate (with
 * backtraces and re-entrancy inside them), the guest-memory API and its
 * write observer, memory limits, link errors and NaN canonicalisation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

#include <cmocka.h>

#include "exec/runtime.h"

/* The test module, compiled with wat2wasm from:
 * (module
 *   (import "env" "host" (func $host (param i32) (result i32)))
 *   (import "env" "mem" (memory 1))
 *   (func $fib (export "fib") (param i32) (result i32)
 *     (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
 *       (then (local.get 0))
 *       (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
 *                      (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
 *   (func (export "div") (param i32 i32) (result i32)
 *     (i32.div_s (local.get 0) (local.get 1)))
 *   (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
 *   (func (export "nested_trap") (param i32) (result i32) (call $inner (local.get 0)))
 *   (func $rec (export "rec") (param i32) (result i32) (call $rec (i32.add (local.get 0) (i32.const 1))))
 *   (func (export "loop") (param i32) (result i32) (local i32)
 *     (block (loop
 *       (br_if 1 (i32.eqz (local.get 0)))
 *       (local.set 1 (i32.add (local.get 1) (local.get 0)))
 *       (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
 *       (br 0)))
 *     (local.get 1))
 *   (func (export "call_host") (param i32) (result i32)
 *     (i32.add (call $host (local.get 0)) (i32.const 1)))
 *   (func (export "f32_add") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
 *   (func (export "f32_neg") (param f32) (result f32) (f32.neg (local.get 0)))
 *   (func (export "f64_min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
 *   (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
 *   (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
 * )
 */
static const uint8_t module_bytes[] = {
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x1d, 0x05, 0x60,
  0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x02,
  0x7d, 0x7d, 0x01, 0x7d, 0x60, 0x01, 0x7d, 0x01, 0x7d, 0x60, 0x02, 0x7c,
  0x7c, 0x01, 0x7c, 0x02, 0x17, 0x02, 0x03, 0x65, 0x6e, 0x76, 0x04, 0x68,
  0x6f, 0x73, 0x74, 0x00, 0x00, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x6d, 0x65,
  0x6d, 0x02, 0x00, 0x01, 0x03, 0x0d, 0x0c, 0x00, 0x01, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x02, 0x03, 0x04, 0x00, 0x00, 0x07, 0x60, 0x0b, 0x03, 0x66,
  0x69, 0x62, 0x00, 0x01, 0x03, 0x64, 0x69, 0x76, 0x00, 0x02, 0x0b, 0x6e,
  0x65, 0x73, 0x74, 0x65, 0x64, 0x5f, 0x74, 0x72, 0x61, 0x70, 0x00, 0x04,
  0x03, 0x72, 0x65, 0x63, 0x00, 0x05, 0x04, 0x6c, 0x6f, 0x6f, 0x70, 0x00,
  0x06, 0x09, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x68, 0x6f, 0x73, 0x74, 0x00,
  0x07, 0x07, 0x66, 0x33, 0x32, 0x5f, 0x61, 0x64, 0x64, 0x00, 0x08, 0x07,
  0x66, 0x33, 0x32, 0x5f, 0x6e, 0x65, 0x67, 0x00, 0x09, 0x07, 0x66, 0x36,
  0x34, 0x5f, 0x6d, 0x69, 0x6e, 0x00, 0x0a, 0x04, 0x67, 0x72, 0x6f, 0x77,
  0x00, 0x0b, 0x04, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x0c, 0x0a, 0x90, 0x01,
  0x0c, 0x1c, 0x00, 0x20, 0x00, 0x41, 0x02, 0x49, 0x04, 0x7f, 0x20, 0x00,
  0x05, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x01, 0x20, 0x00, 0x41, 0x02,
  0x6b, 0x10, 0x01, 0x6a, 0x0b, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01,
  0x6d, 0x0b, 0x07, 0x00, 0x41, 0x01, 0x20, 0x00, 0x6e, 0x0b, 0x06, 0x00,
  0x20, 0x00, 0x10, 0x03, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a,
  0x10, 0x05, 0x0b, 0x21, 0x01, 0x01, 0x7f, 0x02, 0x40, 0x03, 0x40, 0x20,
  0x00, 0x45, 0x0d, 0x01, 0x20, 0x01, 0x20, 0x00, 0x6a, 0x21, 0x01, 0x20,
  0x00, 0x41, 0x01, 0x6b, 0x21, 0x00, 0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x01,
  0x0b, 0x09, 0x00, 0x20, 0x00, 0x10, 0x00, 0x41, 0x01, 0x6a, 0x0b, 0x07,
  0x00, 0x20, 0x00, 0x20, 0x01, 0x92, 0x0b, 0x05, 0x00, 0x20, 0x00, 0x8c,
  0x0b, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0xa4, 0x0b, 0x06, 0x00, 0x20,
  0x00, 0x40, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0b
};


/* A loaded module with one store and instance, and the host's state. */
struct fixture {
	struct wrr_module *module;
	struct wrr_store *store;
	struct wrr_memory *memory;
	struct wrr_func *host;
	struct wrr_instance *inst;
	/* host function behaviour */
	int host_calls;
	int gate_calls;
	uint32_t host_depth_seen;   /* backtrace depth during the host call */
	uint32_t host_func_seen;    /* innermost frame's function index */
	uint64_t host_progress;     /* progress seen by the host */
	bool host_traps;
	bool host_reenters;         /* calls "fib"(arg) back */
	uint64_t host_sets_fuel;    /* nonzero: sets this fuel budget */
	/* write observer */
	uint32_t observed_at, observed_len;
};

static enum wrr_status host_fn(struct wrr_host_call *call)
{
	struct fixture *fx = call->env;
	fx->host_calls++;
	struct wrr_frame_info frames[8];
	uint32_t total = 0;
	wrr_store_backtrace(call->store, frames, 8, &total);
	fx->host_depth_seen = total;
	fx->host_func_seen = total ? frames[0].func_index : UINT32_MAX;
	fx->host_progress = wrr_store_progress(call->store);
	assert_ptr_equal(call->memory, call->caller ? fx->memory : NULL);
	if (fx->host_traps) {
		call->err->trap = WRR_TRAP_HOST;
		return wrr_error_set(call->err, WRR_TRAP, "host says no");
	}
	uint32_t arg = (uint32_t)call->args[0];
	if (fx->host_sets_fuel != 0)
		wrr_store_set_fuel(call->store, fx->host_sets_fuel);
	if (fx->host_reenters) {
		struct wrr_extern fib;
		assert_true(wrr_instance_export(fx->inst, "fib", 3, &fib));
		struct wrr_val a = {.type = WRR_I32, .of.i32 = (int32_t)arg};
		struct wrr_val r;
		enum wrr_status st = wrr_func_call(call->store, fib.of.func, &a,
						   1, &r, 1, call->err);
		if (st != WRR_OK)
			return st;
		call->results[0] = (uint32_t)r.of.i32;
		return WRR_OK;
	}
	call->results[0] = arg * 2;
	return WRR_OK;
}

static enum wrr_status counting_gate(void *ctx, struct wrr_host_call *call)
{
	struct fixture *fx = ctx;
	fx->gate_calls++;
	return wrr_host_call_direct(call);
}

static void observe(void *ctx, struct wrr_memory *memory, wrr_gptr at,
		    const void *bytes, uint32_t len)
{
	struct fixture *fx = ctx;
	fx->observed_at = at.addr;
	fx->observed_len = len;
}

static const enum wrr_valtype i32_1[] = {WRR_I32};
static const struct wrr_functype host_type = {1, 1, i32_1, i32_1};

static void fixture_open(struct fixture *fx, const struct wrr_limits *limits)
{
	memset(fx, 0, sizeof *fx);
	struct wrr_error err;
	wrr_error_clear(&err);
	assert_int_equal(wrr_module_decode(module_bytes, sizeof module_bytes,
					   &fx->module, &err), WRR_OK);
	assert_int_equal(wrr_module_validate(fx->module, &err), WRR_OK);
	fx->store = wrr_store_new(limits);
	assert_non_null(fx->store);
	fx->host = wrr_func_new_host(fx->store, &host_type, "env", "host",
				     host_fn, fx);
	fx->memory = wrr_memory_new(fx->store, 1, 4, true);
	assert_non_null(fx->host);
	assert_non_null(fx->memory);
	struct wrr_extern imports[2] = {
		{.kind = WRR_EXTERN_FUNC, .of.func = fx->host},
		{.kind = WRR_EXTERN_MEMORY, .of.memory = fx->memory},
	};
	assert_int_equal(wrr_instantiate(fx->store, fx->module, imports, 2,
					 &fx->inst, &err), WRR_OK);
}

static void fixture_close(struct fixture *fx)
{
	wrr_store_free(fx->store);
	wrr_module_free(fx->module);
}

static struct wrr_func *export_func(struct fixture *fx, const char *name)
{
	struct wrr_extern e;
	assert_true(wrr_instance_export(fx->inst, name, (uint32_t)strlen(name),
					&e));
	assert_int_equal(e.kind, WRR_EXTERN_FUNC);
	return e.of.func;
}

/* Calls an (i32...) -> i32 export. */
static enum wrr_status call_i32(struct fixture *fx, const char *name,
				const int32_t *args, uint32_t n, int32_t *result,
				struct wrr_error *err)
{
	struct wrr_val a[4], r = {0};
	for (uint32_t i = 0; i < n; i++)
		a[i] = (struct wrr_val){.type = WRR_I32, .of.i32 = args[i]};
	wrr_error_clear(err);
	enum wrr_status st = wrr_func_call(fx->store, export_func(fx, name), a,
					   n, &r, 1, err);
	if (st == WRR_OK)
		*result = r.of.i32;
	return st;
}

static void test_fib_and_progress(void **state)
{
	struct fixture a, b;
	fixture_open(&a, NULL);
	fixture_open(&b, NULL);
	struct wrr_error err;
	int32_t arg = 20, r = 0;
	assert_int_equal(call_i32(&a, "fib", &arg, 1, &r, &err), WRR_OK);
	assert_int_equal(r, 6765);
	uint64_t p = wrr_store_progress(a.store);
	assert_true(p > 6765);
	/* Same module, same call, another store: same progress. */
	assert_int_equal(call_i32(&b, "fib", &arg, 1, &r, &err), WRR_OK);
	assert_int_equal(wrr_store_progress(b.store), p);
	assert_int_equal(wrr_store_fuel(a.store), UINT64_MAX);
	assert_int_equal(a.store->depth, 0);
	fixture_close(&a);
	fixture_close(&b);
}

static void test_trap_place_and_backtrace(void **state)
{
	struct fixture fx;
	fixture_open(&fx, NULL);
	struct wrr_error err;
	int32_t args[2] = {INT32_MIN, -1}, r;
	assert_int_equal(call_i32(&fx, "div", args, 2, &r, &err), WRR_TRAP);
	assert_int_equal(err.trap, WRR_TRAP_INT_OVERFLOW);
	assert_string_equal(err.message, "integer overflow");
	assert_int_equal(err.func_index, 2); /* after one imported function */
	args[1] = 0;
	assert_int_equal(call_i32(&fx, "div", args, 2, &r, &err), WRR_TRAP);
	assert_int_equal(err.trap, WRR_TRAP_INT_DIV_ZERO);

	int32_t zero = 0;
	assert_int_equal(call_i32(&fx, "nested_trap", &zero, 1, &r, &err),
			 WRR_TRAP);
	assert_int_equal(err.trap, WRR_TRAP_INT_DIV_ZERO);
	assert_int_equal(err.func_index, 3); /* $inner */
	const struct wrr_func_body *inner = &fx.module->bodies[3 - 1];
	/* the place is the `i32.div_u` (0x6e) */
	assert_int_equal(err.code_offset, (uint32_t)(err.offset - inner->start));
	assert_int_equal(fx.module->bytes[err.offset], 0x6e);

	struct wrr_frame_info frames[4];
	uint32_t total = 0;
	uint32_t n = wrr_store_backtrace(fx.store, frames, 4, &total);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	assert_int_equal(frames[0].func_index, 3);
	assert_int_equal(frames[1].func_index, 4);
	assert_ptr_equal(frames[0].instance, fx.inst);
	/* the caller's frame points at its call instruction (0x10) */
	const struct wrr_func_body *outer = &fx.module->bodies[4 - 1];
	assert_int_equal(fx.module->bytes[outer->start + frames[1].code_offset],
			 0x10);
	fixture_close(&fx);
}

static void test_exhaustion(void **state)
{
	struct wrr_limits limits;
	wrr_limits_default(&limits);
	limits.max_call_depth = 500;
	struct fixture fx;
	fixture_open(&fx, &limits);
	struct wrr_error err;
	int32_t zero = 0, r;
	assert_int_equal(call_i32(&fx, "rec", &zero, 1, &r, &err),
			 WRR_EXHAUSTION);
	assert_string_equal(err.message, "call stack exhausted");
	uint32_t total = 0;
	wrr_store_backtrace(fx.store, NULL, 0, &total);
	assert_int_equal(total, 500);
	/* The store is usable again afterwards. */
	int32_t ten = 10;
	assert_int_equal(call_i32(&fx, "fib", &ten, 1, &r, &err), WRR_OK);
	assert_int_equal(r, 55);
	fixture_close(&fx);

	/* The value stack runs out first with few slots. */
	wrr_limits_default(&limits);
	limits.max_stack_slots = 1000;
	fixture_open(&fx, &limits);
	assert_int_equal(call_i32(&fx, "rec", &zero, 1, &r, &err),
			 WRR_EXHAUSTION);
	wrr_store_backtrace(fx.store, NULL, 0, &total);
	assert_true(total < 1000 && total > 100);
	fixture_close(&fx);
}

static void test_fuel_and_resume(void **state)
{
	struct fixture fx;
	fixture_open(&fx, NULL);
	struct wrr_error err;
	int32_t n = 1000, expect = 0, r = 0;
	assert_int_equal(call_i32(&fx, "loop", &n, 1, &expect, &err), WRR_OK);
	assert_int_equal(expect, 500500);
	uint64_t cost = wrr_store_progress(fx.store);

	/* Run the same call 7 instructions at a time. */
	uint64_t before = wrr_store_progress(fx.store);
	wrr_store_set_fuel(fx.store, 7);
	enum wrr_status st = call_i32(&fx, "loop", &n, 1, &r, &err);
	uint32_t stops = 0;
	while (st == WRR_FUEL) {
		assert_int_equal(wrr_store_fuel(fx.store), 0);
		assert_int_equal(wrr_store_progress(fx.store) - before,
				 7 * (uint64_t)(stops + 1));
		uint32_t total = 0;
		wrr_store_backtrace(fx.store, NULL, 0, &total);
		assert_int_equal(total, 1);
		stops++;
		wrr_store_set_fuel(fx.store, 7);
		struct wrr_val res;
		st = wrr_store_resume(fx.store, &res, 1, &err);
		r = res.of.i32;
	}
	assert_int_equal(st, WRR_OK);
	assert_int_equal(r, 500500);
	assert_int_equal(wrr_store_progress(fx.store) - before, cost);
	assert_int_equal(stops, cost / 7 - (cost % 7 == 0));
	assert_int_equal(wrr_store_fuel(fx.store), 7 - (cost - 7 * stops));
	/* nothing left to resume */
	wrr_error_clear(&err);
	assert_int_equal(wrr_store_resume(fx.store, NULL, 0, &err), WRR_HOST);
	fixture_close(&fx);
}

/* Single-stepping: fuel 1 at a time stops before every instruction,
 * including calls and returns across frames, and the run still computes the
 * same result with the same progress. */
static void test_single_step(void **state)
{
	struct fixture fx;
	fixture_open(&fx, NULL);
	struct wrr_error err;
	int32_t n = 12, expect = 0, r = 0;
	assert_int_equal(call_i32(&fx, "fib", &n, 1, &expect, &err), WRR_OK);
	uint64_t cost = wrr_store_progress(fx.store);
	uint32_t max_depth = 0;

	wrr_store_set_fuel(fx.store, 1);
	enum wrr_status st = call_i32(&fx, "fib", &n, 1, &r, &err);
	uint64_t steps = 1;
	while (st == WRR_FUEL) {
		uint32_t total = 0;
		wrr_store_backtrace(fx.store, NULL, 0, &total);
		if (total > max_depth)
			max_depth = total;
		wrr_store_set_fuel(fx.store, 1);
		struct wrr_val res;
		st = wrr_store_resume(fx.store, &res, 1, &err);
		r = res.of.i32;
		steps++;
	}
	assert_int_equal(st, WRR_OK);
	assert_int_equal(r, expect);
	assert_int_equal(r, 144);
	assert_int_equal(wrr_store_progress(fx.store), 2 * cost);
	assert_int_equal(steps, cost); /* one instruction per call or resume */
	assert_int_equal(max_depth, 12);
	fixture_close(&fx);
}

/* Two stores in two threads at once: no shared mutable state, so each gets
 * the result and progress of a run alone. */
struct thread_run {
	uint64_t fuel_slice;
	int32_t result;
	uint64_t progress;
	enum wrr_status status;
};

static void *run_in_thread(void *arg)
{
	struct thread_run *tr = arg;
	struct fixture fx;
	fixture_open(&fx, NULL);
	struct wrr_error err;
	int32_t n = 18;
	wrr_store_set_fuel(fx.store, tr->fuel_slice);
	tr->status = call_i32(&fx, "fib", &n, 1, &tr->result, &err);
	while (tr->status == WRR_FUEL) {
		struct wrr_val res;
		wrr_store_set_fuel(fx.store, tr->fuel_slice);
		tr->status = wrr_store_resume(fx.store, &res, 1, &err);
		tr->result = res.of.i32;
	}
	tr->progress = wrr_store_progress(fx.store);
	fixture_close(&fx);
	return NULL;
}

static void test_stores_in_threads(void **state)
{
	struct thread_run runs[3] = {{UINT64_MAX, 0, 0, 0}, {97, 0, 0, 0},
				     {UINT64_MAX, 0, 0, 0}};
	pthread_t threads[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&threads[i], NULL,
						run_in_thread, &runs[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(threads[i], NULL);
	run_in_thread(&runs[2]);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(runs[i].status, WRR_OK);
		assert_int_equal(runs[i].result, 2584);
		assert_int_equal(runs[i].progress, runs[2].progress);
	}
}

static void test_host_calls(void **state)
{
	struct fixture fx;
	fixture_open(&fx, NULL);
	struct wrr_gate gate = {counting_gate, &fx};
	wrr_store_set_gate(fx.store, &gate);
	struct wrr_error err;
	int32_t arg = 21, r = 0;
	assert_int_equal(call_i32(&fx, "call_host", &arg, 1, &r, &err), WRR_OK);
	assert_int_equal(r, 43);
	assert_int_equal(fx.gate_calls, 1);
	assert_int_equal(fx.host_calls, 1);
	assert_int_equal(fx.host_depth_seen, 1);
	assert_int_equal(fx.host_func_seen, 7); /* call_host */
	assert_true(fx.host_progress > 0);
	assert_true(fx.host_progress < wrr_store_progress(fx.store));

	/* from C, through the gate too */
	assert_int_equal(call_i32(&fx, "call_host", &arg, 1, &r, &err), WRR_OK);
	struct wrr_val a = {.type = WRR_I32, .of.i32 = 5}, res;
	wrr_error_clear(&err);
	assert_int_equal(wrr_func_call(fx.store, fx.host, &a, 1, &res, 1, &err),
			 WRR_OK);
	assert_int_equal(res.of.i32, 10);
	assert_int_equal(fx.gate_calls, 3);
	assert_int_equal(fx.host_depth_seen, 0);

	/* re-entrancy: host calls fib(arg) back */
	wrr_store_set_gate(fx.store, NULL);
	fx.host_reenters = true;
	arg = 15;
	assert_int_equal(call_i32(&fx, "call_host", &arg, 1, &r, &err), WRR_OK);
	assert_int_equal(r, 611);
	assert_int_equal(fx.gate_calls, 3);

	/* a host trap ends the run with the caller's place */
	fx.host_reenters = false;
	fx.host_traps = true;
	assert_int_equal(call_i32(&fx, "call_host", &arg, 1, &r, &err),
			 WRR_TRAP);
	assert_int_equal(err.trap, WRR_TRAP_HOST);
	assert_string_equal(err.message, "host says no");
	assert_int_equal(err.func_index, 7);
	fixture_close(&fx);
}

/* A host function that sets a fuel budget during a run with unlimited fuel:
 * the run stops after exactly that many more instructions (the interpreter
 * moves to its exact loop), resumes, and counts the same progress. */
static void test_host_sets_fuel(void **state)
{
	struct fixture fx;
	fixture_open(&fx, NULL);
	struct wrr_error err;
	int32_t arg = 21, r = 0;
	assert_int_equal(call_i32(&fx, "call_host", &arg, 1, &r, &err), WRR_OK);
	assert_int_equal(r, 43);
	uint64_t cost = wrr_store_progress(fx.store);

	fx.host_sets_fuel = 1;
	assert_int_equal(call_i32(&fx, "call_host", &arg, 1, &r, &err),
			 WRR_FUEL);
	assert_int_equal(wrr_store_fuel(fx.store), 0);
	uint64_t at_stop = wrr_store_progress(fx.store) - cost;
	assert_true(at_stop < cost);
	fx.host_sets_fuel = 0;
	wrr_store_set_fuel(fx.store, UINT64_MAX);
	struct wrr_val res;
	assert_int_equal(wrr_store_resume(fx.store, &res, 1, &err), WRR_OK);
	assert_int_equal(res.of.i32, 43);
	assert_int_equal(wrr_store_progress(fx.store), 2 * cost);
	fixture_close(&fx);
}

static void test_reentrant_trap_backtrace(void **state)
{
	struct fixture fx;
	fixture_open(&fx, NULL);
	fx.host_reenters = true;
	struct wrr_error err;
	/* fib(-1) recurses until the stack is exhausted inside the nested
	 * call; the backtrace spans both activations. */
	int32_t arg = -1, r;
	assert_int_equal(call_i32(&fx, "call_host", &arg, 1, &r, &err),
			 WRR_EXHAUSTION);
	struct wrr_frame_info frames[2];
	uint32_t total = 0;
	wrr_store_backtrace(fx.store, frames, 2, &total);
	assert_int_equal(total, 10000); /* the default depth limit */
	assert_int_equal(frames[0].func_index, 1); /* fib */
	/* the store works again */
	fx.host_reenters = false;
	arg = 4;
	assert_int_equal(call_i32(&fx, "call_host", &arg, 1, &r, &err), WRR_OK);
	assert_int_equal(r, 9);
	fixture_close(&fx);
}

static void test_memory_api(void **state)
{
	struct wrr_limits limits;
	wrr_limits_default(&limits);
	limits.max_memory_pages = 3;
	struct fixture fx;
	fixture_open(&fx, &limits);
	struct wrr_write_observer obs = {observe, &fx};
	wrr_store_set_write_observer(fx.store, &obs);
	assert_int_equal(wrr_memory_size(fx.memory), 65536);
	assert_true(wrr_memory_write_u32(fx.memory, wrr_gptr_at(100),
					 0xdeadbeef));
	assert_int_equal(fx.observed_at, 100);
	assert_int_equal(fx.observed_len, 4);
	uint32_t v = 0;
	assert_true(wrr_memory_read_u32(fx.memory, wrr_gptr_at(100), &v));
	assert_int_equal(v, 0xdeadbeef);
	assert_false(wrr_memory_write_u32(fx.memory, wrr_gptr_at(65534), 1));
	assert_false(wrr_memory_read_u64(fx.memory, wrr_gptr_at(UINT32_MAX),
					 (uint64_t *)&v));
	assert_int_equal(fx.observed_at, 100);

	struct wrr_error err;
	int32_t at = 100, r = 0;
	assert_int_equal(call_i32(&fx, "load", &at, 1, &r, &err), WRR_OK);
	assert_int_equal((uint32_t)r, 0xdeadbeef);
	at = 65533;
	assert_int_equal(call_i32(&fx, "load", &at, 1, &r, &err), WRR_TRAP);
	assert_int_equal(err.trap, WRR_TRAP_MEMORY_OOB);
	/* grow: the store limit (3 pages) is below the declared max (4) */
	int32_t one = 1;
	assert_int_equal(call_i32(&fx, "grow", &one, 1, &r, &err), WRR_OK);
	assert_int_equal(r, 1);
	assert_int_equal(call_i32(&fx, "grow", &one, 1, &r, &err), WRR_OK);
	assert_int_equal(r, 2);
	assert_int_equal(call_i32(&fx, "grow", &one, 1, &r, &err), WRR_OK);
	assert_int_equal(r, -1);
	assert_int_equal(wrr_memory_size(fx.memory), 3 * 65536);
	at = 65533;
	assert_int_equal(call_i32(&fx, "load", &at, 1, &r, &err), WRR_OK);
	fixture_close(&fx);
}

static void test_link_errors(void **state)
{
	struct wrr_error err;
	wrr_error_clear(&err);
	struct wrr_module *m = NULL;
	assert_int_equal(wrr_module_decode(module_bytes, sizeof module_bytes,
					   &m, &err), WRR_OK);
	assert_int_equal(wrr_module_validate(m, &err), WRR_OK);
	struct wrr_store *store = wrr_store_new(NULL);
	static const struct wrr_functype other = {0, 1, NULL, i32_1};
	struct wrr_func *bad = wrr_func_new_host(store, &other, "env", "host",
						 host_fn, NULL);
	struct wrr_func *good = wrr_func_new_host(store, &host_type, "env",
						  "host", host_fn, NULL);
	struct wrr_memory *small = wrr_memory_new(store, 0, 0, true);
	struct wrr_memory *mem = wrr_memory_new(store, 1, 0, false);
	struct wrr_instance *inst = NULL;

	struct wrr_extern imports[2] = {
		{.kind = WRR_EXTERN_FUNC, .of.func = bad},
		{.kind = WRR_EXTERN_MEMORY, .of.memory = mem},
	};
	assert_int_equal(wrr_instantiate(store, m, imports, 2, &inst, &err),
			 WRR_LINK);
	assert_non_null(strstr(err.message, "incompatible import type"));
	assert_non_null(strstr(err.message, "\"env\".\"host\""));
	assert_null(inst);

	imports[0].of.func = good;
	imports[1].of.memory = small;
	wrr_error_clear(&err);
	assert_int_equal(wrr_instantiate(store, m, imports, 2, &inst, &err),
			 WRR_LINK);
	assert_non_null(strstr(err.message, "\"env\".\"mem\""));

	imports[1] = (struct wrr_extern){.kind = WRR_EXTERN_FUNC,
					 .of.func = good};
	wrr_error_clear(&err);
	assert_int_equal(wrr_instantiate(store, m, imports, 2, &inst, &err),
			 WRR_LINK);

	imports[1] = (struct wrr_extern){.kind = WRR_EXTERN_MEMORY,
					 .of.memory = mem};
	wrr_error_clear(&err);
	assert_int_equal(wrr_instantiate(store, m, imports, 2, &inst, &err),
			 WRR_OK);
	assert_ptr_equal(wrr_instance_memory(inst), mem);
	assert_ptr_equal(wrr_instance_module(inst), m);
	wrr_store_free(store);
	wrr_module_free(m);
}

static uint32_t bits32(float f)
{
	uint32_t u;
	memcpy(&u, &f, 4);
	return u;
}

static float float_of(uint32_t u)
{
	float f;
	memcpy(&f, &u, 4);
	return f;
}

static void test_nan_canonical(void **state)
{
	struct fixture fx;
	fixture_open(&fx, NULL);
	struct wrr_error err;
	wrr_error_clear(&err);
	/* a negative signalling NaN with a payload */
	struct wrr_val a[2] = {{.type = WRR_F32, .of.f32 = float_of(0xff800123)},
			       {.type = WRR_F32, .of.f32 = 1.0f}};
	struct wrr_val r;
	assert_int_equal(wrr_func_call(fx.store, export_func(&fx, "f32_add"), a,
				       2, &r, 1, &err), WRR_OK);
	assert_int_equal(bits32(r.of.f32), 0x7fc00000);
	/* neg keeps the payload */
	assert_int_equal(wrr_func_call(fx.store, export_func(&fx, "f32_neg"), a,
				       1, &r, 1, &err), WRR_OK);
	assert_int_equal(bits32(r.of.f32), 0x7f800123);
	/* min(-0, +0) = -0 */
	struct wrr_val d[2] = {{.type = WRR_F64, .of.f64 = 0.0},
			       {.type = WRR_F64, .of.f64 = -0.0}};
	assert_int_equal(wrr_func_call(fx.store, export_func(&fx, "f64_min"), d,
				       2, &r, 1, &err), WRR_OK);
	assert_true(r.of.f64 == 0.0 && signbit(r.of.f64));
	/* argument type mismatch is refused */
	assert_int_equal(wrr_func_call(fx.store, export_func(&fx, "f64_min"), a,
				       2, &r, 1, &err), WRR_HOST);
	fixture_close(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fib_and_progress),
		cmocka_unit_test(test_trap_place_and_backtrace),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_fuel_and_resume),
		cmocka_unit_test(test_host_sets_fuel),
		cmocka_unit_test(test_single_step),
		cmocka_unit_test(test_stores_in_threads),
		cmocka_unit_test(test_host_calls),
		cmocka_unit_test(test_reentrant_trap_backtrace),
		cmocka_unit_test(test_memory_api),
		cmocka_unit_test(test_link_errors),
		cmocka_unit_test(test_nan_canonical),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
