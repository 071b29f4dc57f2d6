/*
 * interp.c — the interpreter (spec §4.4): a computed-goto dispatch loop over
 * the internal code of src/exec/code.h.
 *
 * Wasm-to-Wasm calls do not recurse in C: CALL pushes a struct wrr_frame on
 * the store's frame array and continues in the same loop; RETURN pops it.
 * Locals and operands live in the frame's slots on the store's value stack;
 * instructions name their slots (code.h), so there is no stack pointer. The
 * loop keeps pc, fp, the current frame, instance, memory 0 and the fuel
 * counter in locals, and writes them back to the store when it leaves
 * (return to C, trap, fuel) and around host calls (so that a host function
 * sees a correct backtrace, progress and fuel, and may call back into Wasm).
 *
 * Every dispatched instruction consumes one unit of fuel; progress is the
 * fuel consumed (for unlimited fuel, the local counter still counts down from
 * UINT64_MAX, and only the difference is written back). With fuel N, exactly
 * N instructions run; the run then returns WRR_FUEL with the innermost
 * frame's pc at the next instruction, so that wrr_store_resume continues
 * there (fuel 1 single-steps). A trapping instruction counts as executed; a
 * host call counts as its one CALL instruction.
 */
#include <string.h>

#include "exec/numeric.h"
#include "exec/runtime.h"
#include "exec/simd.h"

#define unlikely(x) __builtin_expect(!!(x), 0)

/* Little-endian loads from guest memory (the host is little-endian). */
static inline uint64_t load_u16(const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

static inline uint64_t load_u32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

static inline uint64_t load_u64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

/* The effective address of an access (spec §4.4.7 t.load): the i32 address
 * operand plus the static offset, as a 33-bit value. */
static inline uint64_t effective(uint64_t addr, uint32_t offset)
{
	return (uint64_t)(uint32_t)addr + offset;
}

/* Bounds check of a bulk operation: [at, at+n) within size. */
static inline bool range_ok(uint64_t at, uint64_t n, uint64_t size)
{
	return (uint32_t)at + (uint64_t)(uint32_t)n <= size;
}

static inline struct wrr_memory *memory0(const struct wrr_instance *inst)
{
	return inst->module->memory_count != 0 ? inst->memories[0] : NULL;
}

/* Length in units of a call instruction (to resume after it). */
static inline uint32_t call_length(const union wrr_code *pc)
{
	return pc->s.op == WRR_OP_CALL_INDIRECT ? 2 : 1;
}

/* The first slot above every value of the frame running func: where a
 * nested call from a host function may start. */
static inline uint64_t *frame_top(uint64_t *fp, const struct wrr_func *func)
{
	return fp + func->body->code.max_height;
}

enum wrr_status wrr_frame_push(struct wrr_store *store, struct wrr_func *func,
			       uint64_t *sp, struct wrr_error *err)
{
	enum wrr_status lowered = wrr_func_ensure_lowered(func, err);
	if (lowered != WRR_OK)
		return lowered;
	const struct wrr_code_func *code = &func->body->code;
	uint64_t *fp = sp - code->param_slots;
	if (store->depth >= store->limits.max_call_depth ||
	    code->max_height > (size_t)(store->stack_end - fp))
		return wrr_error_set(err, WRR_EXHAUSTION,
				     "call stack exhausted");
	memset(fp + code->param_slots, 0,
	       (code->local_slots - code->param_slots) * sizeof *fp);
	struct wrr_frame *f = &store->frames[store->depth++];
	f->pc = code->code;
	f->fp = fp;
	f->func = func;
	store->sp = fp + code->max_height;
	return WRR_OK;
}

_Static_assert(WRR_IOP_COUNT <= 512, "internal ops must fit in 9 bits");
#define vmcase(name) op_##name:
/* Advance past an instruction of n units and dispatch the next. */
#define vmnext(n)                                                              \
	do {                                                                   \
		pc += (n);                                                     \
		vmdispatch();                                                  \
	} while (0)
#define vmtrap(t)                                                              \
	do {                                                                   \
		trap = (t);                                                    \
		goto trapped;                                                  \
	} while (0)

/* Shapes of the r-form instructions (code.h): operands a (and b) read from
 * fp[x] (and fp[y]) before the result is written to fp[d]. */
#define X_SLOT fp[pc->r.x]
#define Y_SLOT fp[pc->r.y]
#define D_SLOT fp[pc->r.d]
#define I32_UNOP(expr)                                                         \
	{                                                                      \
		uint32_t a = (uint32_t)X_SLOT;                                 \
		D_SLOT = (uint32_t)(expr);                                     \
		vmnext(1);                                                     \
	}
#define I32_BINOP(expr)                                                        \
	{                                                                      \
		uint32_t a = (uint32_t)X_SLOT, b = (uint32_t)Y_SLOT;           \
		D_SLOT = (uint32_t)(expr);                                     \
		vmnext(1);                                                     \
	}
/* _C form: the right operand is the constant in the second unit. */
#define I32_BINOP_C(expr)                                                      \
	{                                                                      \
		uint32_t a = (uint32_t)X_SLOT, b = pc[1].u32[0];               \
		D_SLOT = (uint32_t)(expr);                                     \
		vmnext(2);                                                     \
	}
#define I64_UNOP(expr)                                                         \
	{                                                                      \
		uint64_t a = X_SLOT;                                           \
		D_SLOT = (uint64_t)(expr);                                     \
		vmnext(1);                                                     \
	}
#define I64_BINOP(expr)                                                        \
	{                                                                      \
		uint64_t a = X_SLOT, b = Y_SLOT;                               \
		D_SLOT = (uint64_t)(expr);                                     \
		vmnext(1);                                                     \
	}
#define I64_BINOP_C(expr)                                                      \
	{                                                                      \
		uint64_t a = X_SLOT, b = pc[1].u64;                            \
		D_SLOT = (uint64_t)(expr);                                     \
		vmnext(2);                                                     \
	}
/* i64 comparison: the result is an i32. */
#define I64_CMP(expr)                                                          \
	{                                                                      \
		uint64_t a = X_SLOT, b = Y_SLOT;                               \
		D_SLOT = (uint32_t)(expr);                                     \
		vmnext(1);                                                     \
	}
#define I64_CMP_C(expr)                                                        \
	{                                                                      \
		uint64_t a = X_SLOT, b = pc[1].u64;                            \
		D_SLOT = (uint32_t)(expr);                                     \
		vmnext(2);                                                     \
	}
/* Trapping integer binary op: fn(a, b, &r) returns a trap or NONE. */
#define INT_DIVOP(type, fn)                                                    \
	{                                                                      \
		type r = 0;                                                    \
		enum wrr_trap t = fn((type)X_SLOT, (type)Y_SLOT, &r);          \
		if (unlikely(t != WRR_TRAP_NONE))                              \
			vmtrap(t);                                             \
		D_SLOT = r;                                                    \
		vmnext(1);                                                     \
	}
#define F32_UNOP(expr)                                                         \
	{                                                                      \
		float a = f32_of(X_SLOT);                                      \
		D_SLOT = f32_result(expr);                                     \
		vmnext(1);                                                     \
	}
#define F32_BINOP(expr)                                                        \
	{                                                                      \
		float a = f32_of(X_SLOT), b = f32_of(Y_SLOT);                  \
		D_SLOT = f32_result(expr);                                     \
		vmnext(1);                                                     \
	}
#define F32_CMP(expr)                                                          \
	{                                                                      \
		float a = f32_of(X_SLOT), b = f32_of(Y_SLOT);                  \
		D_SLOT = (uint32_t)(expr);                                     \
		vmnext(1);                                                     \
	}
#define F64_UNOP(expr)                                                         \
	{                                                                      \
		double a = f64_of(X_SLOT);                                     \
		D_SLOT = f64_result(expr);                                     \
		vmnext(1);                                                     \
	}
#define F64_BINOP(expr)                                                        \
	{                                                                      \
		double a = f64_of(X_SLOT), b = f64_of(Y_SLOT);                 \
		D_SLOT = f64_result(expr);                                     \
		vmnext(1);                                                     \
	}
#define F64_BINOP_C(expr)                                                      \
	{                                                                      \
		double a = f64_of(X_SLOT), b = f64_of(pc[1].u64);              \
		D_SLOT = f64_result(expr);                                     \
		vmnext(2);                                                     \
	}
#define F64_OP(name, expr)                                                     \
	vmcase(F64_##name) F64_BINOP(expr)                                     \
	vmcase(F64_##name##_C) F64_BINOP_C(expr)
#define F64_CMP(expr)                                                          \
	{                                                                      \
		double a = f64_of(X_SLOT), b = f64_of(Y_SLOT);                 \
		D_SLOT = (uint32_t)(expr);                                     \
		vmnext(1);                                                     \
	}
/* A conversion without a trap: fp[d] = expr of a = fp[x]. */
#define CONVERT(expr)                                                          \
	{                                                                      \
		uint64_t a = X_SLOT;                                           \
		D_SLOT = (expr);                                               \
		vmnext(1);                                                     \
	}
/* Trapping float-to-int truncation: fn(double, &r). */
#define TRUNCOP(type, fn, x)                                                   \
	{                                                                      \
		type r = 0;                                                    \
		enum wrr_trap t = fn(x, &r);                                   \
		if (unlikely(t != WRR_TRAP_NONE))                              \
			vmtrap(t);                                             \
		D_SLOT = r;                                                    \
		vmnext(1);                                                     \
	}
/* The plain and _C forms of an i32 / i64 binary op (WRR_IOP_INT_BINOPS). */
#define I32_OP(name, expr)                                                     \
	vmcase(I32_##name) I32_BINOP(expr)                                     \
	vmcase(I32_##name##_C) I32_BINOP_C(expr)
#define I64_OP(name, expr)                                                     \
	vmcase(I64_##name) I64_BINOP(expr)                                     \
	vmcase(I64_##name##_C) I64_BINOP_C(expr)
#define I64_CMP_OP(name, expr)                                                 \
	vmcase(I64_##name) I64_CMP(expr)                                       \
	vmcase(I64_##name##_C) I64_CMP_C(expr)

/* Load of n bytes at fp[x] + the offset in the second unit; expr reads p. */
#define LOAD(n, expr)                                                          \
	{                                                                      \
		uint64_t ea = effective(X_SLOT, pc[1].u32[0]);                 \
		if (unlikely(ea + (n) > mem->size))                            \
			vmtrap(WRR_TRAP_MEMORY_OOB);                           \
		const uint8_t *p = mem->data + ea;                             \
		D_SLOT = (expr);                                               \
		vmnext(2);                                                     \
	}
/* Store of the low n bytes of fp[y] at fp[x] + the offset. */
#define STORE(n)                                                               \
	{                                                                      \
		uint64_t ea = effective(X_SLOT, pc[1].u32[0]);                 \
		if (unlikely(ea + (n) > mem->size))                            \
			vmtrap(WRR_TRAP_MEMORY_OOB);                           \
		memcpy(mem->data + ea, &Y_SLOT, n);                            \
		vmnext(2);                                                     \
	}
/* _A forms: the address is (u32)(fp[x] + c), c in the second unit's
 * u32[0], the memarg offset in its u32[1]. */
#define LOAD_A(n, expr)                                                        \
	{                                                                      \
		uint32_t addr = (uint32_t)X_SLOT + pc[1].u32[0];               \
		uint64_t ea = effective(addr, pc[1].u32[1]);                   \
		if (unlikely(ea + (n) > mem->size))                            \
			vmtrap(WRR_TRAP_MEMORY_OOB);                           \
		const uint8_t *p = mem->data + ea;                             \
		D_SLOT = (expr);                                               \
		vmnext(2);                                                     \
	}
#define STORE_A(n)                                                             \
	{                                                                      \
		uint32_t addr = (uint32_t)X_SLOT + pc[1].u32[0];               \
		uint64_t ea = effective(addr, pc[1].u32[1]);                   \
		if (unlikely(ea + (n) > mem->size))                            \
			vmtrap(WRR_TRAP_MEMORY_OOB);                           \
		memcpy(mem->data + ea, &Y_SLOT, n);                            \
		vmnext(2);                                                     \
	}
/* JUMP_IF_<CMP>: jumps by the second unit's u32[0] (relative to that unit)
 * if fp[x] CMP fp[y] (or, _C, the constant in u32[1]). Written as
 * arithmetic rather than a branch or a conditional: with either, clang 14's
 * register allocator gives up on the dispatch loop (every handler then
 * reloads pc, fp and fuel from the C stack; 2x slower). */
#define JUMP_IF(cond_expr)                                                     \
	{                                                                      \
		uint32_t a = (uint32_t)X_SLOT, b = (uint32_t)Y_SLOT;           \
		pc += 2 + (int64_t)(cond_expr) * ((int32_t)pc[1].u32[0] - 1);               \
		vmdispatch();                                                  \
	}
#define JUMP_IF_C(cond_expr)                                                   \
	{                                                                      \
		uint32_t a = (uint32_t)X_SLOT, b = pc[1].u32[1];               \
		pc += 2 + (int64_t)(cond_expr) * ((int32_t)pc[1].u32[0] - 1);               \
		vmdispatch();                                                  \
	}
#define JUMP_IF_CMP(name, expr)                                                \
	vmcase(JUMP_IF_##name) JUMP_IF(expr)                                   \
	vmcase(JUMP_IF_##name##_C) JUMP_IF_C(expr)

/* An s-form instruction working on the stack below h (code.h). */
#define STACK_AT_H() (sp = fp + pc->s.h)

#define INTERP_LOOP_EXACT 1
#define INTERP_LOOP_NAME interp_exact
#include "exec/interp_loop.h"
#undef INTERP_LOOP_EXACT
#undef INTERP_LOOP_NAME

#define INTERP_LOOP_EXACT 0
#define INTERP_LOOP_NAME interp_counting
#include "exec/interp_loop.h"
#undef INTERP_LOOP_EXACT
#undef INTERP_LOOP_NAME

/* Runs the frames above base_depth (see runtime.h): with a fuel budget in
 * the exact loop, else in the counting one (about a fifth fewer machine
 * instructions per Wasm instruction), switching when a host function sets
 * a budget. */
enum wrr_status wrr_interp_run(struct wrr_store *store, uint32_t base_depth,
			       bool *fuel_stop, struct wrr_error *err)
{
	for (;;) {
		bool switched = false;
		enum wrr_status st =
			store->fuel_unlimited ?
				interp_counting(store, base_depth, fuel_stop,
						&switched, err) :
				interp_exact(store, base_depth, fuel_stop,
					     &switched, err);
		if (!switched)
			return st;
	}
}
