/*
 * host.c — host functions (spec §4.2.6 "host function instance") and the
 * import-call gate: the single place through which every call to a host
 * function passes, from Wasm (the interpreter's CALL / CALL_INDIRECT) or
 * from C (wrr_func_call).
 */
#include <stdlib.h>
#include <string.h>

#include "exec/runtime.h"

static char *copy_name(const char *s)
{
	if (s == NULL)
		s = "";
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

struct wrr_func *wrr_func_new_host(struct wrr_store *store,
				   const struct wrr_functype *type,
				   const char *module_name, const char *name,
				   wrr_host_fn fn, void *env)
{
	struct wrr_func *f = calloc(1, sizeof *f);
	if (f == NULL)
		return NULL;
	f->is_host = true;
	f->fn = fn;
	f->env = env;
	f->func_index = UINT32_MAX;
	f->module_name = copy_name(module_name);
	f->name = copy_name(name);
	if (f->module_name == NULL || f->name == NULL ||
	    !wrr_store_intern_type(store, type, &f->type_id)) {
		free(f->module_name);
		free(f->name);
		free(f);
		return NULL;
	}
	f->type = &store->types[f->type_id]->type;
	f->param_slots = wrr_types_slots(type->params, type->param_count);
	f->result_slots = wrr_types_slots(type->results, type->result_count);
	f->next = store->host_funcs;
	store->host_funcs = f;
	return f;
}

void wrr_func_host_names(const struct wrr_func *func, const char **module_name,
			 const char **name)
{
	*module_name = func->is_host ? func->module_name : NULL;
	*name = func->is_host ? func->name : NULL;
}

const struct wrr_functype *wrr_func_type(const struct wrr_func *func)
{
	return func->type;
}

enum wrr_status wrr_host_call_direct(struct wrr_host_call *call)
{
	if (call->func->fn == NULL)
		return wrr_error_set(call->err, WRR_HOST,
				     "host function %s.%s has no implementation",
				     call->func->module_name, call->func->name);
	return call->func->fn(call);
}

enum wrr_status wrr_host_invoke(struct wrr_store *store, struct wrr_func *func,
				struct wrr_instance *caller,
				const uint64_t *args, uint64_t *results,
				struct wrr_error *err)
{
	struct wrr_host_call call = {
		.store = store,
		.func = func,
		.type = func->type,
		.caller = caller,
		.memory = caller != NULL && caller->module->memory_count != 0 ?
				  caller->memories[0] : NULL,
		.env = func->env,
		.args = args,
		.results = results,
		.err = err,
	};
	enum wrr_status st;
	if (store->has_gate && store->gate.call != NULL)
		st = store->gate.call(store->gate.ctx, &call);
	else
		st = wrr_host_call_direct(&call);
	if (st != WRR_OK && err->status == WRR_OK)
		wrr_error_set(err, st, "host function %s.%s failed",
			      func->module_name, func->name);
	if (st == WRR_TRAP && err->trap == WRR_TRAP_NONE)
		err->trap = WRR_TRAP_HOST;
	if (st == WRR_OK) {
		/* An i32 or f32 slot's upper half is zero (exec/code.h), which
		 * the interpreter relies on (i64.extend_i32_u is no
		 * instruction): clear it whatever the host wrote. */
		uint64_t *slot = results;
		for (uint32_t i = 0; i < func->type->result_count; i++) {
			enum wrr_valtype t = func->type->results[i];
			if (t == WRR_I32 || t == WRR_F32)
				*slot = (uint32_t)*slot;
			slot += wrr_valtype_slots(t);
		}
	}
	return st;
}
