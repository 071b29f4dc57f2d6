/*
 * fuzz_module.c — libFuzzer harness for the whole engine pipeline: decode
 * (spec §5), validate and lower (spec §3), instantiate (spec §4.5.4) with
 * every import satisfied by a dummy, then call every exported function with
 * zero arguments under a fuel budget. Everything is freed each run, so
 * LeakSanitizer checks ownership too.
 *
 * Build and run: fuzz/run.sh (see fuzz/README.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "module.h"
#include "wrr.h"

/* Budgets that keep one input fast and small. */
enum {
	FUZZ_FUEL = 100000,            /* internal instructions per call */
	FUZZ_MAX_PAGES = 256,          /* 16 MiB of linear memory */
	FUZZ_MAX_TABLE = 100000,       /* table elements */
	FUZZ_MAX_DEPTH = 1000,         /* call frames */
	FUZZ_MAX_SLOTS = 1 << 16,      /* value-stack slots */
	FUZZ_MAX_EXPORT_CALLS = 64,
};

/* Host function for every imported function: returns zeros. */
static enum wrr_status dummy_host(struct wrr_host_call *call)
{
	uint32_t slots = 0;
	for (uint32_t i = 0; i < call->type->result_count; i++)
		slots += wrr_valtype_slots(call->type->results[i]);
	memset(call->results, 0, slots * sizeof *call->results);
	return WRR_OK;
}

/* A zero value of type t (null for references). */
static struct wrr_val zero_val(enum wrr_valtype t)
{
	struct wrr_val v;
	memset(&v, 0, sizeof v);
	v.type = t;
	return v;
}

/* Builds a dummy extern for import i; false if it cannot (the module is
 * then simply not instantiated). */
static bool make_import(struct wrr_store *store, const struct wrr_module *m,
			uint32_t i, struct wrr_extern *out)
{
	const struct wrr_import *imp = &m->imports[i];
	out->kind = imp->kind;
	switch (imp->kind) {
	case WRR_EXTERN_FUNC:
		if (imp->desc.type_index >= m->type_count)
			return false;
		out->of.func = wrr_func_new_host(store,
						 &m->types[imp->desc.type_index],
						 "fuzz", "dummy", dummy_host,
						 NULL);
		return out->of.func != NULL;
	case WRR_EXTERN_TABLE: {
		const struct wrr_table_type *t = &imp->desc.table;
		if (t->limits.min > FUZZ_MAX_TABLE)
			return false;
		out->of.table = wrr_table_new(store, t->elem_type,
					      t->limits.min, t->limits.max,
					      t->limits.has_max);
		return out->of.table != NULL;
	}
	case WRR_EXTERN_MEMORY: {
		const struct wrr_limits_type *l = &imp->desc.memory;
		if (l->min > FUZZ_MAX_PAGES)
			return false;
		out->of.memory = wrr_memory_new(store, l->min, l->max,
						l->has_max);
		return out->of.memory != NULL;
	}
	case WRR_EXTERN_GLOBAL: {
		struct wrr_val v = zero_val(imp->desc.global.type);
		out->of.global =
			wrr_global_new(store, &v, imp->desc.global.mutable_);
		return out->of.global != NULL;
	}
	}
	return false;
}

/* Calls every exported function with zero arguments. */
static void call_exports(struct wrr_store *store, const struct wrr_module *m,
			 struct wrr_instance *inst)
{
	uint32_t calls = 0;
	for (uint32_t i = 0; i < m->export_count; i++) {
		const struct wrr_export *exp = &m->exports[i];
		if (exp->kind != WRR_EXTERN_FUNC)
			continue;
		if (calls++ == FUZZ_MAX_EXPORT_CALLS)
			break;
		struct wrr_extern ext;
		if (!wrr_instance_export(inst, exp->name.bytes, exp->name.len,
					 &ext) ||
		    ext.kind != WRR_EXTERN_FUNC)
			abort(); /* an export of the module must be found */
		const struct wrr_functype *type = wrr_func_type(ext.of.func);
		struct wrr_val *args =
			calloc(type->param_count + 1, sizeof *args);
		struct wrr_val *results =
			calloc(type->result_count + 1, sizeof *results);
		if (args == NULL || results == NULL)
			abort();
		for (uint32_t k = 0; k < type->param_count; k++)
			args[k] = zero_val(type->params[k]);
		struct wrr_error err;
		wrr_error_clear(&err);
		wrr_store_set_fuel(store, FUZZ_FUEL);
		wrr_func_call(store, ext.of.func, args, type->param_count,
			      results, type->result_count, &err);
		free(args);
		free(results);
	}
}

static bool memories_fit(const struct wrr_module *m)
{
	for (uint32_t i = 0; i < m->memory_count; i++)
		if (m->memories[i].min > FUZZ_MAX_PAGES)
			return false;
	for (uint32_t i = 0; i < m->table_count; i++)
		if (m->tables[i].limits.min > FUZZ_MAX_TABLE)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wrr_error err;
	wrr_error_clear(&err);
	struct wrr_module *m = NULL;
	if (wrr_module_decode(data, size, &m, &err) != WRR_OK)
		return 0;
	wrr_error_clear(&err);
	if (wrr_module_validate(m, &err) != WRR_OK || !memories_fit(m)) {
		wrr_module_free(m);
		return 0;
	}

	struct wrr_limits limits;
	wrr_limits_default(&limits);
	limits.max_call_depth = FUZZ_MAX_DEPTH;
	limits.max_stack_slots = FUZZ_MAX_SLOTS;
	limits.max_memory_pages = FUZZ_MAX_PAGES;
	limits.max_table_elements = FUZZ_MAX_TABLE;
	struct wrr_store *store = wrr_store_new(&limits);
	if (store == NULL)
		abort();
	struct wrr_extern *imports =
		calloc(m->import_count + 1, sizeof *imports);
	if (imports == NULL)
		abort();
	bool linked = true;
	for (uint32_t i = 0; i < m->import_count && linked; i++)
		linked = make_import(store, m, i, &imports[i]);
	if (linked) {
		struct wrr_instance *inst = NULL;
		wrr_error_clear(&err);
		wrr_store_set_fuel(store, FUZZ_FUEL); /* start function */
		if (wrr_instantiate(store, m, imports, m->import_count, &inst,
				    &err) == WRR_OK)
			call_exports(store, m, inst);
	}
	free(imports);
	wrr_store_free(store);
	wrr_module_free(m);
	return 0;
}
