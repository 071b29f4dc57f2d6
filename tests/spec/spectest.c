/*
 * spectest.c — the "spectest" host module every spec script may import
 * (WebAssembly/spec interpreter/host/spectest.ml): print functions that
 * print nothing (or their arguments on stderr when verbose), immutable
 * globals global_i32/i64 = 666 and global_f32/f64 = 666.6, a funcref table
 * of 10 elements (max 20) and a memory of 1 page (max 2).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "spec.h"

static const enum wrr_valtype t_i32[] = {WRR_I32};
static const enum wrr_valtype t_i64[] = {WRR_I64};
static const enum wrr_valtype t_f32[] = {WRR_F32};
static const enum wrr_valtype t_f64[] = {WRR_F64};
static const enum wrr_valtype t_i32_f32[] = {WRR_I32, WRR_F32};
static const enum wrr_valtype t_f64_f64[] = {WRR_F64, WRR_F64};

/* Host implementation of every print*: arguments are slots as described in
 * struct wrr_host_call; nothing is returned. */
static enum wrr_status spectest_print(struct wrr_host_call *call)
{
	const struct spectest *st = call->env;

	if (!st->verbose)
		return WRR_OK;
	fprintf(stderr, "spectest.print:");
	for (uint32_t i = 0; i < call->type->param_count; i++) {
		uint64_t slot = call->args[i];
		uint32_t b32 = (uint32_t)slot;
		float f;
		double d;

		switch (call->type->params[i]) {
		case WRR_I32:
			fprintf(stderr, " %" PRId32 " : i32", (int32_t)b32);
			break;
		case WRR_I64:
			fprintf(stderr, " %" PRId64 " : i64", (int64_t)slot);
			break;
		case WRR_F32:
			memcpy(&f, &b32, sizeof f);
			fprintf(stderr, " %.9g : f32", (double)f);
			break;
		case WRR_F64:
			memcpy(&d, &slot, sizeof d);
			fprintf(stderr, " %.17g : f64", d);
			break;
		default:
			fprintf(stderr, " ?");
			break;
		}
	}
	fprintf(stderr, "\n");
	return WRR_OK;
}

static struct wrr_func *new_print(struct wrr_store *store,
				  struct spectest *st, const char *name,
				  const enum wrr_valtype *params,
				  uint32_t count)
{
	struct wrr_functype type = {
		.param_count = count,
		.result_count = 0,
		.params = params,
		.results = NULL,
	};
	return wrr_func_new_host(store, &type, "spectest", name,
				 spectest_print, st);
}

static struct wrr_global *new_global(struct wrr_store *store,
				     enum wrr_valtype type, double value)
{
	struct wrr_val init = {.type = type};

	switch (type) {
	case WRR_I32: init.of.i32 = (int32_t)value; break;
	case WRR_I64: init.of.i64 = (int64_t)value; break;
	case WRR_F32: init.of.f32 = (float)value; break;
	default: init.of.f64 = value; break;
	}
	return wrr_global_new(store, &init, false);
}

bool spectest_init(struct spectest *st, struct wrr_store *store, bool verbose)
{
	memset(st, 0, sizeof *st);
	st->verbose = verbose;
	st->print = new_print(store, st, "print", NULL, 0);
	st->print_i32 = new_print(store, st, "print_i32", t_i32, 1);
	st->print_i64 = new_print(store, st, "print_i64", t_i64, 1);
	st->print_f32 = new_print(store, st, "print_f32", t_f32, 1);
	st->print_f64 = new_print(store, st, "print_f64", t_f64, 1);
	st->print_i32_f32 = new_print(store, st, "print_i32_f32", t_i32_f32, 2);
	st->print_f64_f64 = new_print(store, st, "print_f64_f64", t_f64_f64, 2);
	st->global_i32 = new_global(store, WRR_I32, 666);
	st->global_i64 = new_global(store, WRR_I64, 666);
	st->global_f32 = new_global(store, WRR_F32, 666.6);
	st->global_f64 = new_global(store, WRR_F64, 666.6);
	st->table = wrr_table_new(store, WRR_FUNCREF, 10, 20, true);
	st->memory = wrr_memory_new(store, 1, 2, true);
	return st->print && st->print_i32 && st->print_i64 && st->print_f32 &&
	       st->print_f64 && st->print_i32_f32 && st->print_f64_f64 &&
	       st->global_i32 && st->global_i64 && st->global_f32 &&
	       st->global_f64 && st->table && st->memory;
}

bool spectest_lookup(const struct spectest *st, const char *name, size_t len,
		     struct wrr_extern *out)
{
	const struct {
		const char *name;
		enum wrr_extern_kind kind;
		void *object;
	} exports[] = {
		{"print", WRR_EXTERN_FUNC, st->print},
		{"print_i32", WRR_EXTERN_FUNC, st->print_i32},
		{"print_i64", WRR_EXTERN_FUNC, st->print_i64},
		{"print_f32", WRR_EXTERN_FUNC, st->print_f32},
		{"print_f64", WRR_EXTERN_FUNC, st->print_f64},
		{"print_i32_f32", WRR_EXTERN_FUNC, st->print_i32_f32},
		{"print_f64_f64", WRR_EXTERN_FUNC, st->print_f64_f64},
		{"global_i32", WRR_EXTERN_GLOBAL, st->global_i32},
		{"global_i64", WRR_EXTERN_GLOBAL, st->global_i64},
		{"global_f32", WRR_EXTERN_GLOBAL, st->global_f32},
		{"global_f64", WRR_EXTERN_GLOBAL, st->global_f64},
		{"table", WRR_EXTERN_TABLE, st->table},
		{"memory", WRR_EXTERN_MEMORY, st->memory},
	};

	for (size_t i = 0; i < sizeof exports / sizeof exports[0]; i++) {
		if (strlen(exports[i].name) != len ||
		    memcmp(exports[i].name, name, len) != 0)
			continue;
		out->kind = exports[i].kind;
		switch (exports[i].kind) {
		case WRR_EXTERN_FUNC: out->of.func = exports[i].object; break;
		case WRR_EXTERN_TABLE: out->of.table = exports[i].object; break;
		case WRR_EXTERN_MEMORY: out->of.memory = exports[i].object; break;
		case WRR_EXTERN_GLOBAL: out->of.global = exports[i].object; break;
		}
		return true;
	}
	return false;
}
