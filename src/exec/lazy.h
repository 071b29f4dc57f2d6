/*
 * lazy.h — lazy lowering: a function body's internal code
 * (struct wrr_code_func, src/exec/code.h) is made on the function's first
 * call, not at load.
 *
 * wrr_module_validate validates every body (an invalid module is still
 * rejected at load, spec §3.4) and keeps only the frame shape of each one:
 * code_len, param_slots, local_slots, result_slots and max_height. It frees
 * the code and its code_offsets at once, so validation holds one function's
 * code at a time. The code is lowered again when the function is first
 * entered (wrr_frame_push, the interpreter's CALL) and then kept until the
 * module is freed; code_offsets are never kept: a trap or backtrace lowers
 * its function once more to read the one offset it needs
 * (wrr_func_body_code_offset). Lowering is deterministic, so every lowering
 * of a body is the same code unit for unit.
 *
 * Threads: a module may be shared by stores running in different threads.
 * The code pointer of a body is published with a compare-and-swap (release)
 * and read with an acquire load; two threads lowering the same function at
 * once both succeed, the loser frees its copy. No lock is taken. (The field
 * is a plain pointer in code.h, so the GNU __atomic builtins are used on it
 * rather than C11 _Atomic.) Once published, a body's code never changes
 * until wrr_module_free.
 */
#ifndef WRR_EXEC_LAZY_H
#define WRR_EXEC_LAZY_H

#include "module.h"

/* True when the body's code is lowered (and readable by this thread). */
static inline bool wrr_code_ready(const struct wrr_code_func *code)
{
	return __atomic_load_n(&code->code, __ATOMIC_ACQUIRE) != NULL;
}

/* Makes sure defined function func_index of module m (validated) has its
 * code lowered in m->bodies[...].code.code; lowers it if not. The module is
 * const for its users but its bodies' code is a cache filled here. Errors:
 * WRR_NOMEM ("out of memory while lowering function N"); WRR_HOST when the
 * body no longer lowers to the shape validation saw (the module's bytes
 * changed under a mapped file). Thread-safe (see above). */
enum wrr_status wrr_func_body_ensure_lowered(const struct wrr_module *m,
					     uint32_t func_index,
					     struct wrr_error *err);

/* The absolute byte offset in the module binary of the wasm instruction
 * that the code unit `unit` of function func_index comes from
 * (code_offsets[unit] of a fresh lowering, which is then freed), or
 * UINT32_MAX if unit is out of range or the lowering fails. Costs one
 * lowering of the function: for traps and backtraces only. */
uint32_t wrr_func_body_code_offset(const struct wrr_module *m,
				   uint32_t func_index, uint32_t unit);

/* Says that m->bytes is a read-only private file mapping (MAP_PRIVATE,
 * PROT_READ) that outlives m: lazy lowering then gives back the pages it
 * read a body from (madvise MADV_DONTNEED; they are read again from the
 * page cache when needed), so that a run keeps only the code, not the bytes,
 * of the functions it called. Never call it for bytes in ordinary memory:
 * giving back anonymous pages would zero them. */
void wrr_module_set_bytes_mapped(struct wrr_module *m);

/* Frees the lowered code of every function of m; a function called later
 * is lowered again. For a run that is over, before work that needs memory
 * (the CLI, before the final memory hash of record and replay, which makes
 * all of linear memory resident). The caller guarantees that no store is
 * running m's code and that no backtrace of a finished run will be taken
 * (frames hold pointers into the code; their code offsets are lost). */
void wrr_module_drop_code(struct wrr_module *m);

/* Frees the code and code_offsets that validation produced for a body,
 * keeping its frame shape (wrr_module_validate, after each function). */
void wrr_func_body_drop_code(struct wrr_func_body *body);

#endif
