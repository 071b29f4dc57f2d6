/*
 * interp.c — the interpreter (spec §4.4): threaded handlers, one per
 * instruction of the internal code of src/exec/code.h, each tail-calling the
 * next (below, "the threaded loop").
 *
 * Wasm-to-Wasm calls do not recurse in C: CALL pushes a struct wrr_frame on
 * the store's frame array and continues with the callee's first handler;
 * RETURN pops it. Locals and operands live in the frame's slots on the
 * store's value stack; instructions name their slots (code.h), so there is
 * no stack pointer. The handlers pass pc, fp, the fuel counter, memory 0's
 * base and two accumulators in registers, and keep the current frame,
 * instance and memory in struct interp; the run's state is written back to
 * the store when it leaves (return to C, trap, fuel) and around host calls
 * (so that a host function sees a correct backtrace, progress and fuel, and
 * may call back into Wasm).
 *
 * Accumulators: the value an instruction produces is also left in a register
 * (acc for integers, facc for f64), and lowering gives the next instruction,
 * when it reads that value, an accumulator form that takes it from there
 * (code.h): a dependency between neighbouring instructions then does not go
 * through memory (a store and a load of the same slot cost about as much as
 * the arithmetic; n-body ran 1.7x faster with them). A run that starts or
 * resumes at an accumulator form loads the accumulator from the slot first
 * (the start handler).
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

/* Dispatch tables have this many entries per fuel state (interp_loop.h). */
#define WRR_IOP_TABLE_SIZE 1024
_Static_assert(WRR_IOP_COUNT <= WRR_IOP_TABLE_SIZE,
	       "internal ops must fit in 10 bits");

/* ------------------------------------------------------ the threaded loop
 *
 * Every instruction has a handler: a small function that executes it and
 * then tail-calls the handler of the next instruction through the dispatch
 * table (clang's musttail: a jump, the C stack does not grow). The state
 * that every handler needs travels in argument registers: pc, fp, the fuel
 * counter, memory 0's base (a memory never moves) and the accumulators acc
 * and facc (below). The rest of the run's state is in struct interp.
 *
 * (One function with computed goto, the form this loop had before, ran about
 * 40% more machine instructions per Wasm instruction with clang 14: its
 * register allocator gave every variable two homes in a 300-case function
 * and shuffled them at every dispatch. It had no spare registers for the
 * accumulators either.)
 */
#define HANDLER_PARAMS                                                         \
	const union wrr_code *pc, uint64_t *fp, uint64_t fuel, uint8_t *data,  \
		uint64_t acc, struct interp *in, double facc
#define HANDLER_ARGS pc, fp, fuel, data, acc, in, facc
#define MUSTTAIL __attribute__((musttail))

struct interp;
typedef enum wrr_status wrr_handler(HANDLER_PARAMS);

/* The state of one run of the loop (wrr_interp_run) besides the handler
 * arguments. */
struct interp {
	struct wrr_store *store;
	struct wrr_frame *frames;     /* store->frames */
	struct wrr_frame *frames_end; /* frames + the call depth limit */
	struct wrr_frame *base;       /* the frame whose return ends the run */
	uint64_t *stack_end;          /* store->stack_end */
	struct wrr_frame *frame;      /* the running function's frame */
	struct wrr_instance *inst;    /* its instance */
	struct wrr_memory *mem;       /* its memory 0, or &no_memory */
	uint64_t size;                /* mem->size, reloaded after anything
				       * that may grow it */
	struct wrr_func *callee;      /* CALL_INDIRECT -> the call handler */
	bool *fuel_stop;
	bool *switched;
	struct wrr_error *err;
	struct wrr_memory no_memory;  /* size 0: for instances without one */
	/* The dispatch table of the variant running (exact_table or
	 * counting_table), copied here so that a dispatch is one indirect
	 * jump through in (no table address to form: the loop is built as
	 * position-independent code). */
	wrr_handler *table[2 * WRR_IOP_TABLE_SIZE];
};

static inline struct wrr_memory *memory0(struct interp *in,
					 const struct wrr_instance *inst)
{
	return inst->module->memory_count != 0 ? inst->memories[0]
					       : &in->no_memory;
}

/* Leaves the loop with status: writes the stack top, depth, progress and
 * fuel back to the store; in->frame->pc must be set (the frames stay for
 * wrr_store_backtrace). */
static enum wrr_status interp_leave(struct interp *in, uint64_t fuel,
				    enum wrr_status status)
{
	struct wrr_store *store = in->store;
	const struct wrr_frame *frame = in->frame;
	store->sp = frame_top(frame->fp, frame->func);
	store->depth = (uint32_t)(frame - in->frames) + 1;
	store->progress -= fuel;
	if (!store->fuel_unlimited)
		store->fuel = fuel;
	return status;
}

/* The instruction at pc trapped. */
static __attribute__((noinline, cold)) enum wrr_status
interp_trap(struct interp *in, const union wrr_code *pc, uint64_t fuel,
	    enum wrr_trap trap)
{
	struct wrr_error *err = in->err;
	in->frame->pc = pc;
	enum wrr_status status =
		wrr_error_set(err, WRR_TRAP, "%s", wrr_trap_message(trap));
	if (err->status == WRR_TRAP && err->trap == WRR_TRAP_NONE)
		err->trap = trap;
	wrr_error_place(err, in->frame);
	return interp_leave(in, fuel, status);
}

/* The fuel ran out before the instruction at pc. */
static __attribute__((noinline, cold)) enum wrr_status
interp_out_of_fuel(struct interp *in, const union wrr_code *pc)
{
	*in->fuel_stop = true;
	in->frame->pc = pc;
	return interp_leave(in, 0,
			    wrr_error_set(in->err, WRR_FUEL, "out of fuel"));
}

/* An op that lowering never emits (a bug). */
static __attribute__((noinline, cold)) enum wrr_status
interp_bad_code(struct interp *in, const union wrr_code *pc, uint64_t fuel)
{
	in->frame->pc = pc;
	return interp_leave(
		in, fuel,
		wrr_error_set(in->err, WRR_HOST,
			      "internal error: op %u not expected in lowered code",
			      pc->s.op));
}

/* The base frame returned: its results are at its fp. */
static enum wrr_status interp_finished(struct interp *in, uint64_t *fp,
				       const struct wrr_func *func,
				       uint64_t fuel)
{
	struct wrr_store *store = in->store;
	store->sp = frame_top(fp, func);
	store->depth = (uint32_t)(in->frame - in->frames) + 1;
	store->progress -= fuel;
	if (!store->fuel_unlimited)
		store->fuel = fuel;
	return WRR_OK;
}

/* The value move of a branch (the mv unit of BR, BR_IF and br_table
 * entries, code.h): the label's values to the label's height. */
static inline void move_values(uint64_t *fp, const union wrr_code *mv)
{
	uint64_t *dst = fp + mv->mv.dst;
	const uint64_t *src = fp + mv->mv.src;
	uint32_t n = mv->mv.n;
#pragma clang loop vectorize(disable) interleave(disable)
	for (uint32_t i = 0; i < n; i++)
		dst[i] = src[i];
}

/* The branch of BR (and of a taken BR_IF) at pc: moves the label's values
 * and returns the target. */
static inline const union wrr_code *take_branch(const union wrr_code *pc,
						uint64_t *fp)
{
	move_values(fp, &pc[1]);
	return pc + (int32_t)pc->s.a;
}

/* Pushes the frame of Wasm function callee, called by the CALL or
 * CALL_INDIRECT at *pc (its h is the callee's fp): updates the loop's state
 * to the callee's first instruction. WRR_OK, or the error of lowering or of
 * exhaustion (the caller's frame->pc is set either way). */
static inline enum wrr_status enter(struct interp *in,
				    struct wrr_func *callee,
				    const union wrr_code **pc, uint64_t **fp,
				    uint8_t **data)
{
	struct wrr_frame *frame = in->frame;
	frame->pc = *pc;
	const struct wrr_code_func *c = &callee->body->code;
	if (unlikely(!wrr_code_ready(c))) {
		enum wrr_status st = wrr_func_ensure_lowered(callee, in->err);
		if (st != WRR_OK)
			return st;
	}
	uint64_t *nfp = *fp + (*pc)->s.h;
	if (unlikely(frame + 1 == in->frames_end ||
		     c->max_height > (size_t)(in->stack_end - nfp)))
		return wrr_error_set(in->err, WRR_EXHAUSTION,
				     "call stack exhausted");
	for (uint32_t l = c->param_slots; l < c->local_slots; l++)
		nfp[l] = 0;
	frame++;
	in->frame = frame;
	frame->fp = *fp = nfp;
	frame->func = callee;
	*pc = c->code;
	if (callee->instance != in->inst) {
		in->inst = callee->instance;
		in->mem = memory0(in, in->inst);
		*data = in->mem->data;
	}
	in->size = in->mem->size;
	return WRR_OK;
}

/* A handler: vmcase(I32_ADD) { ... } defines the loop variant's handler of
 * WRR_IOP_I32_ADD (interp_loop.h names the variants). */
#define HNAME(name) HNAME_(INTERP_LOOP_PREFIX, name)
#define HNAME_(prefix, name) HNAME__(prefix, name)
#define HNAME__(prefix, name) prefix##name
#define vmcase(name) static enum wrr_status HNAME(name)(HANDLER_PARAMS)
/* Advance past an instruction of n units and dispatch the next. */
#define vmnext(n)                                                              \
	do {                                                                   \
		pc += (n);                                                     \
		vmdispatch();                                                  \
	} while (0)
#define vmtrap(t) vmtrap_at(0, t)
/* A trap of the part of a fused instruction whose wasm instruction began k
 * units after pc (that unit keeps its wasm offset, code.h). */
#define vmtrap_at(k, t) return interp_trap(in, pc + (k), fuel, (t))

/* Shapes of the r-form instructions (code.h): operands a (and b) are read
 * before the result is written to fp[d]. An operand is its slot (X_SLOT,
 * Y_SLOT), a constant in the second unit (C_U32, C_U64), or for an
 * accumulator form the accumulator (acc, facc). Every shape below that
 * produces a value also leaves it in an accumulator (src/exec/acc.c lists
 * them): integer results and loads in acc (the slot's 64 bits), f64 results
 * in facc. */
#define X_SLOT fp[pc->r.x]
#define Y_SLOT fp[pc->r.y]
#define D_SLOT fp[pc->r.d]
#define C_U32 pc[1].u32[0]
#define C_U64 pc[1].u64
#define I32_UNOP(expr)                                                         \
	{                                                                      \
		uint32_t a = (uint32_t)X_SLOT;                                 \
		acc = (uint32_t)(expr);                                        \
		D_SLOT = acc;                                                  \
		vmnext(1);                                                     \
	}
/* units: the instruction's length */
#define I32_BINOP(xa, yb, units, expr)                                         \
	{                                                                      \
		uint32_t a = (uint32_t)(xa), b = (uint32_t)(yb);               \
		acc = (uint32_t)(expr);                                        \
		D_SLOT = acc;                                                  \
		vmnext(units);                                                 \
	}
#define I64_UNOP(expr)                                                         \
	{                                                                      \
		uint64_t a = X_SLOT;                                           \
		acc = (uint64_t)(expr);                                        \
		D_SLOT = acc;                                                  \
		vmnext(1);                                                     \
	}
#define I64_BINOP(xa, yb, units, expr)                                         \
	{                                                                      \
		uint64_t a = (xa), b = (yb);                                   \
		acc = (uint64_t)(expr);                                        \
		D_SLOT = acc;                                                  \
		vmnext(units);                                                 \
	}
/* i64 comparison: the result is an i32. */
#define I64_CMP(xa, yb, units, expr)                                           \
	{                                                                      \
		uint64_t a = (xa), b = (yb);                                   \
		acc = (uint32_t)(expr);                                        \
		D_SLOT = acc;                                                  \
		vmnext(units);                                                 \
	}
/* Trapping integer binary op: fn(a, b, &r) returns a trap or NONE. */
#define INT_DIVOP(type, fn)                                                    \
	{                                                                      \
		type r = 0;                                                    \
		enum wrr_trap t = fn((type)X_SLOT, (type)Y_SLOT, &r);          \
		if (unlikely(t != WRR_TRAP_NONE))                              \
			vmtrap(t);                                             \
		acc = r;                                                       \
		D_SLOT = acc;                                                  \
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
		acc = (uint32_t)(expr);                                        \
		D_SLOT = acc;                                                  \
		vmnext(1);                                                     \
	}
/* An f64 result: canonical if NaN (numeric.h), in facc and fp[d]. */
#define F64_RESULT(expr)                                                       \
	do {                                                                   \
		facc = f64_canonical(expr);                                    \
		D_SLOT = f64_bits(facc);                                       \
	} while (0)
#define F64_UNOP(expr)                                                         \
	{                                                                      \
		double a = f64_of(X_SLOT);                                     \
		F64_RESULT(expr);                                              \
		vmnext(1);                                                     \
	}
#define F64_BINOP(xa, yb, units, expr)                                         \
	{                                                                      \
		double a = (xa), b = (yb);                                     \
		F64_RESULT(expr);                                              \
		vmnext(units);                                                 \
	}
#define F64_CMP(expr)                                                          \
	{                                                                      \
		double a = f64_of(X_SLOT), b = f64_of(Y_SLOT);                 \
		acc = (uint32_t)(expr);                                        \
		D_SLOT = acc;                                                  \
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
/* The forms of a binary op named op (I32_ADD ...): the plain form, the _C
 * form (constant right operand c) and their accumulator forms; shape is
 * the op's shape above. */
#define BINOP_FORMS(op, shape, c, expr)                                        \
	vmcase(op) shape(X_SLOT, Y_SLOT, 1, expr)                              \
	vmcase(op##_AX) shape(acc, Y_SLOT, 1, expr)                            \
	vmcase(op##_AY) shape(X_SLOT, acc, 1, expr)                            \
	vmcase(op##_C) shape(X_SLOT, c, 2, expr)                               \
	vmcase(op##_C_AX) shape(acc, c, 2, expr)
/* An i32 / i64 binary op of WRR_IOP_INT_BINOPS. */
#define I32_OP(name, expr) BINOP_FORMS(I32_##name, I32_BINOP, C_U32, expr)
#define I64_OP(name, expr) BINOP_FORMS(I64_##name, I64_BINOP, C_U64, expr)
#define I64_CMP_OP(name, expr) BINOP_FORMS(I64_##name, I64_CMP, C_U64, expr)
/* An f64 op of WRR_IOP_F64_BINOPS, likewise. */
#define F64_OP(name, expr)                                                     \
	vmcase(F64_##name)                                                     \
		F64_BINOP(f64_of(X_SLOT), f64_of(Y_SLOT), 1, expr)             \
	vmcase(F64_##name##_AX) F64_BINOP(facc, f64_of(Y_SLOT), 1, expr)       \
	vmcase(F64_##name##_AY) F64_BINOP(f64_of(X_SLOT), facc, 1, expr)       \
	vmcase(F64_##name##_C) F64_BINOP(f64_of(X_SLOT), f64_of(C_U64), 2, expr) \
	vmcase(F64_##name##_C_AX) F64_BINOP(facc, f64_of(C_U64), 2, expr)

/* Memory access of n bytes at the i32 address addr plus offset (code.h);
 * the plain forms take the offset from the second unit's u32[0], the _A
 * forms compute the address as (u32)(addr + the second unit's u32[0]) and
 * take the offset from its u32[1]. A load's expr reads p. */
#define A_ADDR(addr) ((uint32_t)(addr) + pc[1].u32[0])
#define LOAD_AT(addr, offset, n, expr, result)                                 \
	{                                                                      \
		uint64_t ea = effective(addr, offset);                         \
		if (unlikely(ea + (n) > in->size))                             \
			vmtrap(WRR_TRAP_MEMORY_OOB);                           \
		const uint8_t *p = data + ea;                                  \
		uint64_t v = (expr);                                           \
		result;                                                        \
		D_SLOT = v;                                                    \
		vmnext(2);                                                     \
	}
#define INT_RESULT (acc = v)
#define F64_BITS_RESULT (facc = f64_of(v))
#define LOAD_OP(name, n, expr, result)                                         \
	vmcase(name) LOAD_AT(X_SLOT, pc[1].u32[0], n, expr, result)            \
	vmcase(name##_AX) LOAD_AT(acc, pc[1].u32[0], n, expr, result)          \
	vmcase(name##_A)                                                       \
		LOAD_AT(A_ADDR(X_SLOT), pc[1].u32[1], n, expr, result)         \
	vmcase(name##_A_AX) LOAD_AT(A_ADDR(acc), pc[1].u32[1], n, expr, result)
/* Store of the low n bytes of value. */
#define STORE_AT(addr, offset, n, value)                                       \
	{                                                                      \
		uint64_t ea = effective(addr, offset);                         \
		if (unlikely(ea + (n) > in->size))                             \
			vmtrap(WRR_TRAP_MEMORY_OOB);                           \
		uint64_t v = (value);                                          \
		memcpy(data + ea, &v, n);                                      \
		vmnext(2);                                                     \
	}
/* The forms with the address from acc; acc_value: the value as read from
 * its accumulator by the _AY forms. */
#define STORE_OP_X(name, n)                                                    \
	vmcase(name) STORE_AT(X_SLOT, pc[1].u32[0], n, Y_SLOT)                 \
	vmcase(name##_AX) STORE_AT(acc, pc[1].u32[0], n, Y_SLOT)               \
	vmcase(name##_A) STORE_AT(A_ADDR(X_SLOT), pc[1].u32[1], n, Y_SLOT)     \
	vmcase(name##_A_AX) STORE_AT(A_ADDR(acc), pc[1].u32[1], n, Y_SLOT)
#define STORE_OP(name, n, acc_value)                                           \
	STORE_OP_X(name, n)                                                    \
	vmcase(name##_AY) STORE_AT(X_SLOT, pc[1].u32[0], n, acc_value)         \
	vmcase(name##_A_AY)                                                    \
		STORE_AT(A_ADDR(X_SLOT), pc[1].u32[1], n, acc_value)

/* JUMP_IF_<CMP>: jumps by the second unit's u32[0] (relative to that unit)
 * if a CMP b; the _C forms' constant b is in its u32[1]. */
#define JUMP_IF(xa, yb, cond_expr)                                             \
	{                                                                      \
		uint32_t a = (uint32_t)(xa), b = (uint32_t)(yb);               \
		pc += (cond_expr) ? 1 + (int32_t)pc[1].u32[0] : 2;             \
		vmdispatch();                                                  \
	}
#define JUMP_IF_CMP(name, expr)                                                \
	vmcase(JUMP_IF_##name) JUMP_IF(X_SLOT, Y_SLOT, expr)                   \
	vmcase(JUMP_IF_##name##_AX) JUMP_IF(acc, Y_SLOT, expr)                 \
	vmcase(JUMP_IF_##name##_AY) JUMP_IF(X_SLOT, acc, expr)                 \
	vmcase(JUMP_IF_##name##_C) JUMP_IF(X_SLOT, pc[1].u32[1], expr)         \
	vmcase(JUMP_IF_##name##_C_AX) JUMP_IF(acc, pc[1].u32[1], expr)

/* An i32.add of a constant into fp[d1], then a JUMP_IF_<CMP> of it against
 * yb (code.h: I32_ADD_C_JUMP_IF_<CMP>); the target is relative to the
 * fourth unit. */
#define ADD_C_JUMP_IF(yb, cond_expr)                                           \
	{                                                                      \
		uint32_t a = (uint32_t)X_SLOT + pc[1].u32[0];                  \
		acc = a;                                                       \
		D_SLOT = a;                                                    \
		uint32_t b = (uint32_t)(yb);                                   \
		pc += (cond_expr) ? 3 + (int32_t)pc[3].u32[0] : 4;             \
		vmdispatch();                                                  \
	}
/* The f64 ops of WRR_IOP_F64_BINOPS (a, b: double), for the ops and the
 * fused loads and updates. */
#define F64_BINOPS_EXPR(X)                                                     \
	X(ADD, a + b) X(SUB, a - b) X(MUL, a * b) X(DIV, a / b)
/* The i32 comparisons (a, b: uint32_t), for the ops, the jumps and the
 * fused jumps. */
#define I32_CMPS_EXPR(X)                                                       \
	X(EQ, a == b) X(NE, a != b) X(LT_S, (int32_t)a < (int32_t)b)          \
	X(LT_U, a < b) X(GT_S, (int32_t)a > (int32_t)b) X(GT_U, a > b)        \
	X(LE_S, (int32_t)a <= (int32_t)b) X(LE_U, a <= b)                     \
	X(GE_S, (int32_t)a >= (int32_t)b) X(GE_U, a >= b)
#define ADD_C_JUMP_IF_CMP(name, expr)                                          \
	vmcase(I32_ADD_C_JUMP_IF_##name) ADD_C_JUMP_IF(Y_SLOT, expr)           \
	vmcase(I32_ADD_C_JUMP_IF_##name##_C) ADD_C_JUMP_IF(pc[1].u32[1], expr)

/* Fused pairs (code.h). A shift or rotate of fp[x1] (the y field) by the
 * constant c, into fp[d1]; then fp[d2] = fp[other] (the x field) combined
 * with it. */
#define SHIFT_COMBINE(shift, combine)                                          \
	{                                                                      \
		uint32_t r = shift((uint32_t)fp[pc->r.y], pc[1].u32[0]);       \
		fp[pc[1].u32[1]] = r;                                          \
		acc = combine((uint32_t)fp[pc->r.x], r);                       \
		D_SLOT = acc;                                                  \
		vmnext(3);                                                     \
	}
/* Two shifts by constants, combined: see code.h. Fusing made sure that
 * the second shift reads no result of the first and d2 != d1, so the
 * results are computed in registers and stored in order. */
#define SHIFT2_COMBINE(shift1, shift2, combine)                                \
	{                                                                      \
		uint32_t r1 = shift1((uint32_t)fp[pc->r.x], pc[1].u32[0]);     \
		uint32_t r2 = shift2((uint32_t)fp[pc->r.y], pc[1].u32[1]);     \
		acc = combine(r1, r2);                                         \
		fp[pc[2].u16[0]] = r1;                                         \
		fp[pc[2].u16[1]] = r2;                                         \
		D_SLOT = acc;                                                  \
		vmnext(5);                                                     \
	}
/* Two i32 binary ops (code.h: I32_ADD_ADD, I32_<A>_<B>), the first's x1
 * operand read as xa; op1, op2: COMBINE_<OP> below. */
#define BINOP_PAIR(xa, op1, op2)                                               \
	{                                                                      \
		uint32_t r = op1((uint32_t)(xa), (uint32_t)Y_SLOT);            \
		fp[pc[1].u16[1]] = r;                                          \
		acc = (uint32_t)op2((uint32_t)fp[pc[1].u16[0]], r);            \
		D_SLOT = acc;                                                  \
		vmnext(2);                                                     \
	}
/* Three i32.add (code.h: I32_ADD3), the first's x1 operand read as xa. */
#define ADD3(xa)                                                               \
	{                                                                      \
		uint32_t r = (uint32_t)(xa) + (uint32_t)Y_SLOT;                \
		fp[pc[1].u16[1]] = r;                                          \
		r = (uint32_t)fp[pc[1].u16[0]] + r;                            \
		fp[pc[1].u16[3]] = r;                                          \
		acc = (uint32_t)((uint32_t)fp[pc[1].u16[2]] + r);              \
		D_SLOT = acc;                                                  \
		vmnext(3);                                                     \
	}
/* The xor of three rotates / shifts by constants: see code.h. Fusing made
 * sure that no operand is read after an earlier part wrote its slot and
 * that d1 != d2, d3 != d4, so the results are computed in registers and
 * stored in order. */
#define SHIFT3_XOR(shift3)                                                     \
	{                                                                      \
		uint32_t r1 = i32_rotl((uint32_t)fp[pc->r.x], pc[1].u32[0]);   \
		uint32_t r2 = i32_rotl((uint32_t)fp[pc->r.y], pc[1].u32[1]);   \
		uint32_t r4 = shift3((uint32_t)fp[pc[2].u16[3]], pc[3].u32[0]); \
		acc = r1 ^ r2 ^ r4;                                            \
		fp[pc[2].u16[0]] = r1;                                         \
		fp[pc[2].u16[1]] = r2;                                         \
		fp[pc[2].u16[2]] = r1 ^ r2;                                    \
		fp[pc[3].u32[1]] = r4;                                         \
		D_SLOT = acc;                                                  \
		vmnext(8);                                                     \
	}
#define SHIFT_ROTL i32_rotl
#define SHIFT_ROTR i32_rotr
#define SHIFT_SHL i32_shl
#define SHIFT_SHR_U i32_shr_u
#define SHIFT_SHR_S i32_shr_s
#define SHIFT_XOR(a, c) ((a) ^ (c))
#define COMBINE_XOR(a, b) ((a) ^ (b))
#define COMBINE_OR(a, b) ((a) | (b))
#define COMBINE_ADD(a, b) ((a) + (b))
#define COMBINE_AND(a, b) ((a) & (b))
/* An f64.load at fp[address] (the y field; in the _A forms plus the
 * constant) + offset into fp[d1], then the f64 op with the loaded value v as
 * its first (_X) or second (_Y) operand and fp[other] (the x field) as the
 * other. */
#define F64_LOAD_THEN(addr, offset, d1, xa, yb, expr)                          \
	{                                                                      \
		uint64_t ea = effective(addr, offset);                         \
		if (unlikely(ea + 8 > in->size))                               \
			vmtrap(WRR_TRAP_MEMORY_OOB);                           \
		uint64_t bits = load_u64(data + ea);                           \
		fp[d1] = bits;                                                 \
		double v = f64_of(bits);                                       \
		double a = (xa), b = (yb);                                     \
		F64_RESULT(expr);                                              \
		vmnext(3);                                                     \
	}
/* An update of the f64 at fp[address] + offset, the load's trap placed at
 * pc + at: v = load into fp[dv], fp[d] = expr of a and b, stored back to the
 * same bytes (the load's check covers the store); n units in all. */
#define F64_UPDATE(at, address, offset, dv, xa, yb, expr, n)                   \
	{                                                                      \
		uint64_t ea = effective(fp[address], offset);                  \
		if (unlikely(ea + 8 > in->size))                               \
			vmtrap_at(at, WRR_TRAP_MEMORY_OOB);                    \
		uint64_t bits = load_u64(data + ea);                           \
		fp[dv] = bits;                                                 \
		double v = f64_of(bits);                                       \
		double a = (xa), b = (yb);                                     \
		F64_RESULT(expr);                                              \
		bits = f64_bits(facc);                                         \
		memcpy(data + ea, &bits, 8);                                   \
		vmnext(n);                                                     \
	}
/* A load-op pair and the f64.store of its result back to the same address
 * (code.h: WRR_IOP_F64_LOAD_<OP>_<X|Y>_STORE). */
#define F64_LOAD_OP_STORE(name, expr)                                          \
	vmcase(F64_LOAD_##name##_X_STORE)                                      \
		F64_UPDATE(0, pc->r.y, pc[1].u32[0], pc[1].u32[1], v,          \
			   f64_of(fp[pc->r.x]), expr, 5)                       \
	vmcase(F64_LOAD_##name##_Y_STORE)                                      \
		F64_UPDATE(0, pc->r.y, pc[1].u32[0], pc[1].u32[1],             \
			   f64_of(fp[pc->r.x]), v, expr, 5)
/* An f64.mul into fp[d1], then the op with the product p as its first (X)
 * or second (Y) operand and fp[o] as the other (code.h). */
#define F64_MUL_THEN(xa, yb, expr)                                             \
	{                                                                      \
		double p = f64_canonical(f64_of(X_SLOT) * f64_of(Y_SLOT));     \
		fp[pc[1].u16[1]] = f64_bits(p);                                \
		double o = f64_of(fp[pc[1].u16[0]]);                           \
		double a = (xa), b = (yb);                                     \
		F64_RESULT(expr);                                              \
		vmnext(2);                                                     \
	}
#define F64_MUL_OP(name, expr)                                                 \
	vmcase(F64_MUL_##name##_X) F64_MUL_THEN(p, o, expr)                    \
	vmcase(F64_MUL_##name##_Y) F64_MUL_THEN(o, p, expr)
/* An f64 product p into fp[d1], then F64_UPDATE with p as the other
 * operand, its load the unit at pc + at (code.h). */
#define F64_MUL_UPDATE(at, address, d1, offset, dv, product, xa, yb, expr)     \
	{                                                                      \
		double p = f64_canonical(product);                             \
		fp[d1] = f64_bits(p);                                          \
		F64_UPDATE(at, address, offset, dv, xa, yb, expr, (at) + 5)    \
	}
#define F64_MUL_UPDATE_OP(u, xa, yb, expr)                                     \
	vmcase(F64_MUL_LOAD_##u##_STORE)                                       \
		F64_MUL_UPDATE(1, pc[1].u16[0], pc[1].u16[1], pc[2].u32[0],    \
			       pc[2].u32[1], f64_of(X_SLOT) * f64_of(Y_SLOT),  \
			       xa, yb, expr)                                   \
	vmcase(F64_MUL_C_LOAD_##u##_STORE)                                     \
		F64_MUL_UPDATE(2, pc->r.y, pc[2].u16[0], pc[3].u32[0],         \
			       pc[3].u32[1], f64_of(X_SLOT) * f64_of(C_U64),   \
			       xa, yb, expr)
/* An i32.add into fp[d1], then a load at that address (code.h): the _A
 * form's constant is 0 for a plain load; a trap is placed at pc + 1. */
#define ADD_LOAD(n, expr, result)                                              \
	{                                                                      \
		uint32_t sum = (uint32_t)X_SLOT + (uint32_t)Y_SLOT;            \
		fp[pc[2].u16[0]] = sum;                                        \
		uint64_t ea = effective(sum + pc[1].u32[0], pc[1].u32[1]);     \
		if (unlikely(ea + (n) > in->size))                             \
			vmtrap_at(1, WRR_TRAP_MEMORY_OOB);                     \
		const uint8_t *p = data + ea;                                  \
		uint64_t v = (expr);                                           \
		result;                                                        \
		D_SLOT = v;                                                    \
		vmnext(3);                                                     \
	}
/* Two f64 loads, then the op on v2 (a) and v1 (b) for X, the other way
 * round for Y (code.h: F64_LOAD_LOAD_<OP>_<X|Y>); a trap of the second
 * load is placed at pc + 2. */
#define F64_LOAD_LOAD(xa, yb, expr)                                            \
	{                                                                      \
		uint64_t ea = effective(X_SLOT, pc[1].u32[0]);                 \
		if (unlikely(ea + 8 > in->size))                               \
			vmtrap(WRR_TRAP_MEMORY_OOB);                           \
		uint64_t bits1 = load_u64(data + ea);                          \
		fp[pc[2].u16[0]] = bits1;                                      \
		ea = effective((uint32_t)Y_SLOT + pc[2].u32[1], pc[1].u32[1]); \
		if (unlikely(ea + 8 > in->size))                               \
			vmtrap_at(2, WRR_TRAP_MEMORY_OOB);                     \
		uint64_t bits2 = load_u64(data + ea);                          \
		fp[pc[2].u16[1]] = bits2;                                      \
		double v1 = f64_of(bits1), v2 = f64_of(bits2);                 \
		double a = (xa), b = (yb);                                     \
		F64_RESULT(expr);                                              \
		vmnext(5);                                                     \
	}
#define F64_LOAD_LOAD_OP(name, expr)                                           \
	vmcase(F64_LOAD_LOAD_##name##_X) F64_LOAD_LOAD(v2, v1, expr)           \
	vmcase(F64_LOAD_LOAD_##name##_Y) F64_LOAD_LOAD(v1, v2, expr)
#define F64_LOAD_OP(name, expr)                                                \
	vmcase(F64_LOAD_##name##_X)                                            \
		F64_LOAD_THEN(fp[pc->r.y], pc[1].u32[0], pc[1].u32[1], v,      \
			      f64_of(fp[pc->r.x]), expr)                       \
	vmcase(F64_LOAD_##name##_Y)                                            \
		F64_LOAD_THEN(fp[pc->r.y], pc[1].u32[0], pc[1].u32[1],         \
			      f64_of(fp[pc->r.x]), v, expr)                    \
	vmcase(F64_LOAD_A_##name##_X)                                          \
		F64_LOAD_THEN(A_ADDR(fp[pc->r.y]), pc[1].u32[1], pc[2].u32[0], \
			      v, f64_of(fp[pc->r.x]), expr)                    \
	vmcase(F64_LOAD_A_##name##_Y)                                          \
		F64_LOAD_THEN(A_ADDR(fp[pc->r.y]), pc[1].u32[1], pc[2].u32[0], \
			      f64_of(fp[pc->r.x]), v, expr)

/* An s-form instruction working on the stack below h (code.h). */
#define STACK_AT_H() uint64_t *const sp = fp + pc->s.h

#define INTERP_LOOP_EXACT 1
#define INTERP_LOOP_PREFIX exact_
#define INTERP_LOOP_TABLE exact_table
#include "exec/interp_loop.h"
#undef INTERP_LOOP_EXACT
#undef INTERP_LOOP_PREFIX
#undef INTERP_LOOP_TABLE

#define INTERP_LOOP_EXACT 0
#define INTERP_LOOP_PREFIX counting_
#define INTERP_LOOP_TABLE counting_table
#include "exec/interp_loop.h"
#undef INTERP_LOOP_EXACT
#undef INTERP_LOOP_PREFIX
#undef INTERP_LOOP_TABLE

/* Runs the frames above base_depth (see runtime.h): with a fuel budget in
 * the exact variant, else in the counting one (about a fifth fewer machine
 * instructions per Wasm instruction), switching when a host function sets
 * a budget. */
enum wrr_status wrr_interp_run(struct wrr_store *store, uint32_t base_depth,
			       bool *fuel_stop, struct wrr_error *err)
{
	*fuel_stop = false;
	for (;;) {
		bool switched = false;
		struct interp in;
		in.store = store;
		in.frames = store->frames;
		in.frames_end = store->frames + store->limits.max_call_depth;
		in.base = store->frames + base_depth;
		in.stack_end = store->stack_end;
		in.frame = store->frames + store->depth - 1;
		in.callee = NULL;
		in.fuel_stop = fuel_stop;
		in.switched = &switched;
		in.err = err;
		in.no_memory = (struct wrr_memory){0};
		memcpy(in.table,
		       store->fuel_unlimited ? counting_table : exact_table,
		       sizeof in.table);
		in.inst = in.frame->func->instance;
		in.mem = memory0(&in, in.inst);
		in.size = in.mem->size;
		/* progress is kept as (progress + fuel) while running:
		 * subtracting the remaining fuel when leaving adds exactly
		 * the fuel consumed. */
		uint64_t fuel = store->fuel_unlimited ? UINT64_MAX : store->fuel;
		store->progress += fuel;
		const union wrr_code *pc = in.frame->pc;
		uint64_t *fp = in.frame->fp;
		enum wrr_status st =
			store->fuel_unlimited ?
				counting_start(pc, fp, fuel, in.mem->data, 0,
					       &in, 0) :
				exact_start(pc, fp, fuel, in.mem->data, 0, &in,
					    0);
		if (!switched)
			return st;
	}
}
