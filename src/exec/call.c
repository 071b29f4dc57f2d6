/*
 * call.c — invoking functions from C (spec §4.5.5 "invocation"), resuming
 * a run suspended by fuel exhaustion.
 *
 * Re-entrancy: a host function may call wrr_func_call on the same store. The
 * nested call pushes its arguments and frames above those of the running
 * call and runs a nested interpreter loop on the C stack; nesting is bounded
 * by WRR_MAX_HOST_NESTING. Only a call made at the outermost level can be
 * resumed after WRR_FUEL; a nested one returns WRR_FUEL to its host caller,
 * which should propagate it (the run then ends).
 */
#include <string.h>

#include "exec/runtime.h"

static bool args_match(const struct wrr_functype *t, const struct wrr_val *args,
		       uint32_t count)
{
	if (count != t->param_count)
		return false;
	for (uint32_t i = 0; i < count; i++)
		if (args[i].type != t->params[i])
			return false;
	return true;
}

static void read_results(const struct wrr_functype *t, const uint64_t *slots,
			 struct wrr_val *results, uint32_t count)
{
	for (uint32_t i = 0; i < t->result_count; i++) {
		if (i < count && results != NULL)
			wrr_val_from_slots(t->results[i], slots, &results[i]);
		slots += wrr_valtype_slots(t->results[i]);
	}
}

/* Runs the interpreter for a frame pushed at base_depth and finishes the
 * call: results, resumability, stack reset. */
static enum wrr_status run(struct wrr_store *store, struct wrr_func *func,
			   uint64_t *base, uint32_t base_depth,
			   struct wrr_val *results, uint32_t result_count,
			   struct wrr_error *err)
{
	bool fuel_stop = false;
	bool outermost = store->nesting == 0;
	store->nesting++;
	enum wrr_status st = wrr_interp_run(store, base_depth, &fuel_stop, err);
	store->nesting--;
	if (st == WRR_OK) {
		read_results(func->type, base, results, result_count);
		store->sp = base;
		store->depth = base_depth;
	} else if (st == WRR_FUEL && fuel_stop && outermost) {
		store->resumable = true;
		store->resume_func = func;
		store->resume_base = base;
	} else if (!outermost) {
		/* Leave the frames for a backtrace; the stack top returns to
		 * the nested call's base. */
		store->sp = base;
	}
	return st;
}

enum wrr_status wrr_func_call(struct wrr_store *store, struct wrr_func *func,
			      const struct wrr_val *args, uint32_t arg_count,
			      struct wrr_val *results, uint32_t result_count,
			      struct wrr_error *err)
{
	struct wrr_error local;
	if (err == NULL) {
		wrr_error_clear(&local);
		err = &local;
	}
	if (!args_match(func->type, args, arg_count))
		return wrr_error_set(err, WRR_HOST,
				     "argument count or types do not match "
				     "the function type");
	if (store->nesting == 0) {
		store->depth = 0;
		store->sp = store->stack;
		store->resumable = false;
	} else if (store->nesting >= WRR_MAX_HOST_NESTING) {
		return wrr_error_set(err, WRR_EXHAUSTION,
				     "call stack exhausted");
	}
	uint64_t *base = store->sp;
	uint32_t base_depth = store->depth;
	uint32_t need = func->param_slots + func->result_slots;
	if (need > (size_t)(store->stack_end - base))
		return wrr_error_set(err, WRR_EXHAUSTION,
				     "call stack exhausted");
	uint64_t *slot = base;
	for (uint32_t i = 0; i < arg_count; i++) {
		wrr_val_to_slots(&args[i], slot);
		slot += wrr_valtype_slots(args[i].type);
	}

	if (func->is_host) {
		uint64_t *res = base + func->param_slots;
		store->sp = res + func->result_slots;
		store->nesting++;
		enum wrr_status st = wrr_host_invoke(store, func, NULL, base,
						     res, err);
		store->nesting--;
		if (st == WRR_OK) {
			read_results(func->type, res, results, result_count);
			store->depth = base_depth;
		}
		store->sp = base;
		return st;
	}

	enum wrr_status st = wrr_frame_push(store, func, slot, err);
	if (st != WRR_OK)
		return st;
	return run(store, func, base, base_depth, results, result_count, err);
}

enum wrr_status wrr_store_resume(struct wrr_store *store,
				 struct wrr_val *results, uint32_t result_count,
				 struct wrr_error *err)
{
	struct wrr_error local;
	if (err == NULL) {
		wrr_error_clear(&local);
		err = &local;
	}
	if (err->status == WRR_FUEL)
		wrr_error_clear(err); /* the stop being resumed */
	if (!store->resumable || store->nesting != 0)
		return wrr_error_set(err, WRR_HOST,
				     "no call suspended by fuel to resume");
	store->resumable = false;
	return run(store, store->resume_func, store->resume_base, 0, results,
		   result_count, err);
}
