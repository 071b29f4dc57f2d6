/*
 * lazy.c — lazy lowering of function bodies (see exec/lazy.h): lowering a
 * validated body again on its first call, publishing its code, and the
 * on-demand code offsets of traps and backtraces.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "exec/lazy.h"
#include "valid/valid.h"

void wrr_func_body_drop_code(struct wrr_func_body *body)
{
	free(body->code.code);
	free(body->code.code_offsets);
	body->code.code = NULL;
	body->code.code_offsets = NULL;
}

void wrr_module_drop_code(struct wrr_module *m)
{
	for (uint32_t i = 0; i < m->func_count - m->imported_func_count; i++)
		wrr_func_body_drop_code(&m->bodies[i]);
}

void wrr_module_set_bytes_mapped(struct wrr_module *m)
{
	m->bytes_mapped = true;
}

/* The kernel maps up to this much of a file around a faulting page
 * (fault-around, 64 KiB by default): reading one body makes the whole
 * aligned window resident, so the window is what is given back. */
#define FAULT_AROUND_BYTES ((uintptr_t)64 * 1024)

/* Gives back the pages read to lower body (exec/lazy.h,
 * wrr_module_set_bytes_mapped): the fault-around windows that cover it,
 * clipped to the whole pages of the module's bytes. Another thread reading
 * them meanwhile just faults them in again. */
static void release_body_bytes(const struct wrr_module *m,
			       const struct wrr_func_body *body)
{
	if (!m->bytes_mapped)
		return;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t lo = ((uintptr_t)m->bytes + page - 1) & ~(page - 1);
	uintptr_t hi = ((uintptr_t)m->bytes + m->size) & ~(page - 1);
	uintptr_t from = ((uintptr_t)m->bytes + body->offset) &
			 ~(FAULT_AROUND_BYTES - 1);
	uintptr_t to = ((uintptr_t)m->bytes + body->start + body->size +
			FAULT_AROUND_BYTES - 1) &
		       ~(FAULT_AROUND_BYTES - 1);
	if (from < lo)
		from = lo;
	if (to > hi)
		to = hi;
	if (to > from)
		madvise((void *)from, to - from, MADV_DONTNEED);
}

/* Lowers defined function func_index of the validated module m into *out
 * (code and code_offsets owned by the caller), without touching m.
 *
 * wrr_valid_func writes its result into m->bodies[func_index -
 * imported_func_count].code and reads no other body (valid.h says so). It
 * runs here on a shallow copy of the module whose body array is one private
 * body and whose imported_func_count is func_index, so that this one body
 * is the one it finds; everything else (types, function types, globals,
 * bytes, func_declared) is the module's own, read only. */
static enum wrr_status lower_private(const struct wrr_module *m,
				     uint32_t func_index,
				     struct wrr_code_func *out,
				     struct wrr_error *err)
{
	const struct wrr_func_body *body =
		&m->bodies[func_index - m->imported_func_count];
	struct wrr_func_body tmp = *body;
	memset(&tmp.code, 0, sizeof tmp.code);
	struct wrr_module shadow = *m;
	shadow.bodies = &tmp;
	shadow.imported_func_count = func_index;

	struct wrr_error local;
	wrr_error_clear(&local);
	enum wrr_status st = wrr_valid_func(&shadow, func_index, &local);
	release_body_bytes(m, body);
	if (st == WRR_OK &&
	    (tmp.code.code_len != body->code.code_len ||
	     tmp.code.param_slots != body->code.param_slots ||
	     tmp.code.local_slots != body->code.local_slots ||
	     tmp.code.result_slots != body->code.result_slots ||
	     tmp.code.max_height != body->code.max_height)) {
		wrr_func_body_drop_code(&tmp);
		st = WRR_HOST;
	}
	if (st == WRR_OK) {
		*out = tmp.code;
		return WRR_OK;
	}
	if (st == WRR_NOMEM)
		return wrr_error_set(err, WRR_NOMEM,
				     "out of memory while lowering function %u",
				     func_index);
	/* It validated at load: the bytes under it changed since. */
	return wrr_error_set(err, WRR_HOST,
			     "function %u no longer lowers as validated (the "
			     "module's bytes changed while in use)",
			     func_index);
}

enum wrr_status wrr_func_body_ensure_lowered(const struct wrr_module *m,
					     uint32_t func_index,
					     struct wrr_error *err)
{
	/* The module is shared and const to its users; the code pointer is
	 * the one field filled after validation. */
	struct wrr_func_body *body = (struct wrr_func_body *)&m->bodies[
		func_index - m->imported_func_count];
	if (wrr_code_ready(&body->code))
		return WRR_OK;
	struct wrr_code_func mine;
	enum wrr_status st = lower_private(m, func_index, &mine, err);
	if (st != WRR_OK)
		return st;
	free(mine.code_offsets);
	union wrr_code *expected = NULL;
	if (!__atomic_compare_exchange_n(&body->code.code, &expected,
					 mine.code, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		free(mine.code); /* another thread published the same code */
	return WRR_OK;
}

uint32_t wrr_func_body_code_offset(const struct wrr_module *m,
				   uint32_t func_index, uint32_t unit)
{
	struct wrr_code_func c;
	struct wrr_error err;
	wrr_error_clear(&err);
	if (func_index < m->imported_func_count ||
	    func_index >= m->func_count ||
	    lower_private(m, func_index, &c, &err) != WRR_OK)
		return UINT32_MAX;
	uint32_t at = unit < c.code_len && c.code_offsets != NULL ?
			      c.code_offsets[unit] :
			      UINT32_MAX;
	free(c.code);
	free(c.code_offsets);
	return at;
}
