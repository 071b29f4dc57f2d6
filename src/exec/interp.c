/*
 * interp.c — the interpreter (spec §4.4): a computed-goto dispatch loop over
 * the internal code of src/exec/code.h.
 *
 * Wasm-to-Wasm calls do not recurse in C: CALL pushes a struct wrr_frame on
 * the store's frame array and continues in the same loop; RETURN pops it.
 * Operands live on the store's value stack. The loop keeps pc, sp, fp, the
 * current frame, instance, memory 0 and the fuel counter in locals, and
 * writes them back to the store when it leaves (return to C, trap, fuel)
 * and around host calls (so that a host function sees a correct backtrace,
 * progress and fuel, and may call back into Wasm).
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
	return pc->ins.op == WRR_OP_CALL_INDIRECT ? 2 : 1;
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
	store->sp = fp + code->local_slots;
	return WRR_OK;
}

/* Dispatch: consume a unit of fuel and jump to the case of the instruction
 * at pc, or to out_of_fuel when there was none left. The fuel test is folded
 * into the table index (bit 9 set when fuel was 0; those entries all lead to
 * out_of_fuel) rather than written as a branch: with a branch, clang merges
 * every dispatch into one shared indirect jump, which costs ~25% on tight
 * loops; branch-free, each case keeps its own indirect jump. */
_Static_assert(WRR_IOP_COUNT <= 512, "internal ops must fit in 9 bits");
#define vmdispatch()                                                           \
	do {                                                                   \
		uint32_t op_ = pc->ins.op | (uint32_t)(fuel-- == 0) << 9;      \
		goto *dispatch_table[op_];                                     \
	} while (0)
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

/* Shapes of the numeric instructions: operands a (and b), popped from the
 * stack top, the result replaces them. */
#define I32_UNOP(expr)                                                         \
	{                                                                      \
		uint32_t a = (uint32_t)sp[-1];                                 \
		sp[-1] = (uint32_t)(expr);                                     \
		vmnext(1);                                                     \
	}
#define I32_BINOP(expr)                                                        \
	{                                                                      \
		uint32_t a = (uint32_t)sp[-2], b = (uint32_t)sp[-1];           \
		sp[-2] = (uint32_t)(expr);                                     \
		sp--;                                                          \
		vmnext(1);                                                     \
	}
#define I64_UNOP(expr)                                                         \
	{                                                                      \
		uint64_t a = sp[-1];                                           \
		sp[-1] = (uint64_t)(expr);                                     \
		vmnext(1);                                                     \
	}
#define I64_BINOP(expr)                                                        \
	{                                                                      \
		uint64_t a = sp[-2], b = sp[-1];                               \
		sp[-2] = (uint64_t)(expr);                                     \
		sp--;                                                          \
		vmnext(1);                                                     \
	}
/* i64 comparison: the result is an i32. */
#define I64_CMP(expr)                                                          \
	{                                                                      \
		uint64_t a = sp[-2], b = sp[-1];                               \
		sp[-2] = (uint32_t)(expr);                                     \
		sp--;                                                          \
		vmnext(1);                                                     \
	}
/* Trapping integer binary op: fn(a, b, &r) returns a trap or NONE. */
#define INT_DIVOP(type, fn)                                                    \
	{                                                                      \
		type r = 0;                                                    \
		enum wrr_trap t = fn((type)sp[-2], (type)sp[-1], &r);          \
		if (unlikely(t != WRR_TRAP_NONE))                              \
			vmtrap(t);                                             \
		sp[-2] = r;                                                    \
		sp--;                                                          \
		vmnext(1);                                                     \
	}
#define F32_UNOP(expr)                                                         \
	{                                                                      \
		float a = f32_of(sp[-1]);                                      \
		sp[-1] = f32_result(expr);                                     \
		vmnext(1);                                                     \
	}
#define F32_BINOP(expr)                                                        \
	{                                                                      \
		float a = f32_of(sp[-2]), b = f32_of(sp[-1]);                  \
		sp[-2] = f32_result(expr);                                     \
		sp--;                                                          \
		vmnext(1);                                                     \
	}
#define F32_CMP(expr)                                                          \
	{                                                                      \
		float a = f32_of(sp[-2]), b = f32_of(sp[-1]);                  \
		sp[-2] = (uint32_t)(expr);                                     \
		sp--;                                                          \
		vmnext(1);                                                     \
	}
#define F64_UNOP(expr)                                                         \
	{                                                                      \
		double a = f64_of(sp[-1]);                                     \
		sp[-1] = f64_result(expr);                                     \
		vmnext(1);                                                     \
	}
#define F64_BINOP(expr)                                                        \
	{                                                                      \
		double a = f64_of(sp[-2]), b = f64_of(sp[-1]);                 \
		sp[-2] = f64_result(expr);                                     \
		sp--;                                                          \
		vmnext(1);                                                     \
	}
#define F64_CMP(expr)                                                          \
	{                                                                      \
		double a = f64_of(sp[-2]), b = f64_of(sp[-1]);                 \
		sp[-2] = (uint32_t)(expr);                                     \
		sp--;                                                          \
		vmnext(1);                                                     \
	}
/* Trapping float-to-int truncation: fn(double, &r). */
#define TRUNCOP(type, fn, x)                                                   \
	{                                                                      \
		type r = 0;                                                    \
		enum wrr_trap t = fn(x, &r);                                   \
		if (unlikely(t != WRR_TRAP_NONE))                              \
			vmtrap(t);                                             \
		sp[-1] = r;                                                    \
		vmnext(1);                                                     \
	}
/* Superinstructions (code.h): an i32 binary op whose right operand is a
 * constant (_C) or a local (_L) replaces the top slot; with both operands
 * from a local and a constant (_LC) or two locals (_LL) it pushes. */
#define I32_BINOP_C(expr)                                                      \
	{                                                                      \
		uint32_t a = (uint32_t)sp[-1], b = pc->ins.a;                  \
		sp[-1] = (uint32_t)(expr);                                     \
		vmnext(2);                                                     \
	}
#define I32_BINOP_L(expr)                                                      \
	{                                                                      \
		uint32_t a = (uint32_t)sp[-1], b = (uint32_t)fp[pc->ins.a];    \
		sp[-1] = (uint32_t)(expr);                                     \
		vmnext(2);                                                     \
	}
#define I32_BINOP_LC(expr)                                                     \
	{                                                                      \
		uint32_t a = (uint32_t)fp[pc->ins.a], b = pc[1].ins.a;         \
		*sp++ = (uint32_t)(expr);                                      \
		vmnext(3);                                                     \
	}
#define I32_BINOP_LL(expr)                                                     \
	{                                                                      \
		uint32_t a = (uint32_t)fp[pc->ins.a];                          \
		uint32_t b = (uint32_t)fp[pc[1].ins.a];                        \
		*sp++ = (uint32_t)(expr);                                      \
		vmnext(3);                                                     \
	}
#define F64_BINOP_L(expr)                                                      \
	{                                                                      \
		double a = f64_of(sp[-1]), b = f64_of(fp[pc->ins.a]);          \
		sp[-1] = f64_result(expr);                                     \
		vmnext(2);                                                     \
	}
#define F64_BINOP_LL(expr)                                                     \
	{                                                                      \
		double a = f64_of(fp[pc->ins.a]), b = f64_of(fp[pc[1].ins.a]); \
		*sp++ = f64_result(expr);                                      \
		vmnext(3);                                                     \
	}
/* The four fused forms of one i32 binary op. */
#define I32_FUSED(name, expr)                                                  \
	vmcase(I32_##name##_C) I32_BINOP_C(expr)                               \
	vmcase(I32_##name##_L) I32_BINOP_L(expr)                               \
	vmcase(I32_##name##_LC) I32_BINOP_LC(expr)                             \
	vmcase(I32_##name##_LL) I32_BINOP_LL(expr)

/* Load of n bytes at fp[a] + the offset of the second unit (the load);
 * expr reads p. A trap is placed at the load. */
#define LOAD_L(n, expr)                                                        \
	{                                                                      \
		uint64_t ea = effective(fp[pc->ins.a], pc[1].ins.a);           \
		if (unlikely(ea + (n) > mem->size)) {                          \
			pc++;                                                  \
			vmtrap(WRR_TRAP_MEMORY_OOB);                           \
		}                                                              \
		const uint8_t *p = mem->data + ea;                             \
		*sp++ = (expr);                                                \
		vmnext(2);                                                     \
	}
/* Store of the low n bytes of fp[a] at the popped address. */
#define STORE_L(n)                                                             \
	{                                                                      \
		uint64_t ea = effective(sp[-1], pc[1].ins.a);                  \
		if (unlikely(ea + (n) > mem->size)) {                          \
			pc++;                                                  \
			vmtrap(WRR_TRAP_MEMORY_OOB);                           \
		}                                                              \
		memcpy(mem->data + ea, &fp[pc->ins.a], n);                     \
		sp--;                                                          \
		vmnext(2);                                                     \
	}
/* Load of n bytes at the popped address; expr reads p. */
#define LOAD(n, expr)                                                          \
	{                                                                      \
		uint64_t ea = effective(sp[-1], pc->ins.a);                    \
		if (unlikely(ea + (n) > mem->size))                            \
			vmtrap(WRR_TRAP_MEMORY_OOB);                           \
		const uint8_t *p = mem->data + ea;                             \
		sp[-1] = (expr);                                               \
		vmnext(1);                                                     \
	}
/* Store of the low n bytes of the top slot at the address below it. */
#define STORE(n)                                                               \
	{                                                                      \
		uint64_t ea = effective(sp[-2], pc->ins.a);                    \
		if (unlikely(ea + (n) > mem->size))                            \
			vmtrap(WRR_TRAP_MEMORY_OOB);                           \
		memcpy(mem->data + ea, &sp[-1], n);                            \
		sp -= 2;                                                       \
		vmnext(1);                                                     \
	}

enum wrr_status wrr_interp_run(struct wrr_store *store, uint32_t base_depth,
			       bool *fuel_stop, struct wrr_error *err)
{
#define WRR_X_FUSED_LABELS(name)                                               \
	[WRR_IOP_I32_##name##_C] = &&op_I32_##name##_C,                        \
	[WRR_IOP_I32_##name##_L] = &&op_I32_##name##_L,                        \
	[WRR_IOP_I32_##name##_LC] = &&op_I32_##name##_LC,                      \
	[WRR_IOP_I32_##name##_LL] = &&op_I32_##name##_LL,
	static const void *const dispatch_table[2 * 512] = {
#define WRR_X_LABEL(name, text, code, imm, sig, access) &&op_##name,
		WRR_OPCODES_BASE(WRR_X_LABEL) WRR_OPCODES_FC(WRR_X_LABEL)
#undef WRR_X_LABEL
		[WRR_IOP_JUMP] = &&op_JUMP,
		[WRR_IOP_JUMP_IF_ZERO] = &&op_JUMP_IF_ZERO,
		[WRR_IOP_DROP_V128] = &&op_DROP_V128,
		[WRR_IOP_SELECT_V128] = &&op_SELECT_V128,
		[WRR_IOP_LOCAL_GET_V128] = &&op_LOCAL_GET_V128,
		[WRR_IOP_LOCAL_SET_V128] = &&op_LOCAL_SET_V128,
		[WRR_IOP_LOCAL_TEE_V128] = &&op_LOCAL_TEE_V128,
		[WRR_IOP_GLOBAL_GET_V128] = &&op_GLOBAL_GET_V128,
		[WRR_IOP_GLOBAL_SET_V128] = &&op_GLOBAL_SET_V128,
		[WRR_IOP_SIMD] = &&op_SIMD,
		[WRR_IOP_SIMD_MEM] = &&op_SIMD_MEM,
		WRR_IOP_I32_BINOPS(WRR_X_FUSED_LABELS)
		[WRR_IOP_I32_LOAD_L] = &&op_I32_LOAD_L,
		[WRR_IOP_I64_LOAD_L] = &&op_I64_LOAD_L,
		[WRR_IOP_F32_LOAD_L] = &&op_F32_LOAD_L,
		[WRR_IOP_F64_LOAD_L] = &&op_F64_LOAD_L,
		[WRR_IOP_I32_LOAD8_U_L] = &&op_I32_LOAD8_U_L,
		[WRR_IOP_I32_STORE_L] = &&op_I32_STORE_L,
		[WRR_IOP_I64_STORE_L] = &&op_I64_STORE_L,
		[WRR_IOP_F32_STORE_L] = &&op_F32_STORE_L,
		[WRR_IOP_F64_STORE_L] = &&op_F64_STORE_L,
		[WRR_IOP_I32_STORE8_L] = &&op_I32_STORE8_L,
		[WRR_IOP_LOCAL_COPY] = &&op_LOCAL_COPY,
		[WRR_IOP_I32_ADD_LC_SET] = &&op_I32_ADD_LC_SET,
		[WRR_IOP_I32_ADD_LC_TEE] = &&op_I32_ADD_LC_TEE,
		[WRR_IOP_JUMP_IF_ZERO_L] = &&op_JUMP_IF_ZERO_L,
		[WRR_IOP_BR_IF_L] = &&op_BR_IF_L,
		[WRR_IOP_F64_ADD_L] = &&op_F64_ADD_L,
		[WRR_IOP_F64_SUB_L] = &&op_F64_SUB_L,
		[WRR_IOP_F64_MUL_L] = &&op_F64_MUL_L,
		[WRR_IOP_F64_DIV_L] = &&op_F64_DIV_L,
		[WRR_IOP_F64_ADD_LL] = &&op_F64_ADD_LL,
		[WRR_IOP_F64_SUB_LL] = &&op_F64_SUB_LL,
		[WRR_IOP_F64_MUL_LL] = &&op_F64_MUL_LL,
		[WRR_IOP_F64_DIV_LL] = &&op_F64_DIV_LL,
		[512 ... 1023] = &&out_of_fuel,
	};
#undef WRR_X_FUSED_LABELS

	struct wrr_frame *const frames = store->frames;
	struct wrr_frame *const frames_end = frames + store->limits.max_call_depth;
	struct wrr_frame *const base = frames + base_depth;
	uint64_t *const stack_end = store->stack_end;

	struct wrr_frame *frame = frames + store->depth - 1;
	const union wrr_code *pc = frame->pc;
	const union wrr_code *code = frame->func->body->code.code;
	uint64_t *fp = frame->fp;
	uint64_t *sp = store->sp;
	struct wrr_instance *inst = frame->func->instance;
	struct wrr_memory *mem = memory0(inst);
	/* progress is kept as (progress + fuel) while running: subtracting
	 * the remaining fuel when leaving adds exactly the fuel consumed. */
	uint64_t fuel = store->fuel_unlimited ? UINT64_MAX : store->fuel;
	store->progress += fuel;

	enum wrr_trap trap = WRR_TRAP_NONE;
	enum wrr_status status = WRR_OK;
	struct wrr_func *callee = NULL;

	*fuel_stop = false;
	vmdispatch();

	/* ------------------------------------------------------- control */
	vmcase(UNREACHABLE) vmtrap(WRR_TRAP_UNREACHABLE);
	vmcase(NOP) vmnext(1);
	vmcase(BLOCK) vmcase(LOOP) vmcase(IF) vmcase(ELSE) vmcase(END)
	vmcase(SELECT_T) goto bad_code;

	vmcase(JUMP) {
		pc = code + pc->ins.a;
		vmdispatch();
	}
	vmcase(JUMP_IF_ZERO) {
		if ((uint32_t)*--sp == 0)
			pc = code + pc->ins.a;
		else
			pc++;
		vmdispatch();
	}
	vmcase(JUMP_IF_ZERO_L) {
		if ((uint32_t)fp[pc->ins.a] == 0)
			pc = code + pc[1].ins.a;
		else
			pc += 2;
		vmdispatch();
	}
	vmcase(BR_IF_L) {
		if ((uint32_t)fp[pc->ins.a] == 0)
			vmnext(3);
		pc++; /* the BR_IF unit: taken, as BR */
		goto op_BR;
	}
	vmcase(BR_IF) {
		if ((uint32_t)*--sp == 0)
			vmnext(2);
	}
	/* fall through: taken */
	vmcase(BR) {
		uint32_t height = pc[1].u32[0], arity = pc[1].u32[1];
		uint64_t *dst = fp + height;
#pragma clang loop vectorize(disable) interleave(disable)
		for (uint32_t i = 0; i < arity; i++)
			dst[i] = sp[(int64_t)i - arity];
		sp = dst + arity;
		pc = code + pc->ins.a;
		vmdispatch();
	}
	vmcase(BR_TABLE) {
		uint32_t i = (uint32_t)*--sp;
		if (i > pc->ins.a)
			i = pc->ins.a;
		const union wrr_code *entry = pc + 1 + 2 * (size_t)i;
		uint32_t height = entry[1].u32[0], arity = entry[1].u32[1];
		uint64_t *dst = fp + height;
#pragma clang loop vectorize(disable) interleave(disable)
		for (uint32_t k = 0; k < arity; k++)
			dst[k] = sp[(int64_t)k - arity];
		sp = dst + arity;
		pc = code + entry[0].u32[0];
		vmdispatch();
	}
	vmcase(RETURN) {
		uint32_t n = frame->func->result_slots;
#pragma clang loop vectorize(disable) interleave(disable)
		for (uint32_t i = 0; i < n; i++)
			fp[i] = sp[(int64_t)i - n];
		sp = fp + n;
		if (frame == base) {
			frame--;
			goto finished;
		}
		frame--;
		fp = frame->fp;
		pc = frame->pc + call_length(frame->pc);
		code = frame->func->body->code.code;
		if (frame->func->instance != inst) {
			inst = frame->func->instance;
			mem = memory0(inst);
		}
		vmdispatch();
	}
	vmcase(CALL) {
		callee = inst->funcs[pc->ins.a];
		goto call;
	}
	vmcase(CALL_INDIRECT) {
		const struct wrr_table *t = inst->tables[pc[1].u32[0]];
		uint32_t i = (uint32_t)sp[-1];
		if (unlikely(i >= t->size))
			vmtrap(WRR_TRAP_UNDEFINED_ELEMENT);
		if (unlikely(t->elems[i] == 0))
			vmtrap(WRR_TRAP_UNINITIALIZED_ELEMENT);
		callee = (struct wrr_func *)(uintptr_t)t->elems[i];
		if (unlikely(callee->type_id != inst->type_ids[pc->ins.a]))
			vmtrap(WRR_TRAP_INDIRECT_CALL_TYPE);
		sp--;
		goto call;
	}

	/* ---------------------------------------------------- parametric */
	vmcase(DROP) {
		sp--;
		vmnext(1);
	}
	vmcase(DROP_V128) {
		sp -= 2;
		vmnext(1);
	}
	vmcase(SELECT) {
		uint32_t c = (uint32_t)sp[-1];
		sp -= 2;
		if (c == 0)
			sp[-1] = sp[0];
		vmnext(1);
	}
	vmcase(SELECT_V128) {
		uint32_t c = (uint32_t)sp[-1];
		sp -= 3;
		if (c == 0) {
			sp[-2] = sp[0];
			sp[-1] = sp[1];
		}
		vmnext(1);
	}

	/* ----------------------------------------------------- variables */
	vmcase(LOCAL_GET) {
		*sp++ = fp[pc->ins.a];
		vmnext(1);
	}
	vmcase(LOCAL_SET) {
		fp[pc->ins.a] = *--sp;
		vmnext(1);
	}
	vmcase(LOCAL_TEE) {
		fp[pc->ins.a] = sp[-1];
		vmnext(1);
	}
	vmcase(I32_ADD_LC_SET) {
		fp[pc[3].ins.a] = (uint32_t)((uint32_t)fp[pc->ins.a] + pc[1].ins.a);
		vmnext(4);
	}
	vmcase(I32_ADD_LC_TEE) {
		uint32_t v = (uint32_t)fp[pc->ins.a] + pc[1].ins.a;
		fp[pc[3].ins.a] = v;
		*sp++ = v;
		vmnext(4);
	}
	vmcase(LOCAL_COPY) {
		fp[pc[1].ins.a] = fp[pc->ins.a];
		vmnext(2);
	}
	vmcase(GLOBAL_GET) {
		*sp++ = inst->globals[pc->ins.a]->val[0];
		vmnext(1);
	}
	vmcase(GLOBAL_SET) {
		inst->globals[pc->ins.a]->val[0] = *--sp;
		vmnext(1);
	}
	vmcase(LOCAL_GET_V128) {
		sp[0] = fp[pc->ins.a];
		sp[1] = fp[pc->ins.a + 1];
		sp += 2;
		vmnext(1);
	}
	vmcase(LOCAL_SET_V128) {
		sp -= 2;
		fp[pc->ins.a] = sp[0];
		fp[pc->ins.a + 1] = sp[1];
		vmnext(1);
	}
	vmcase(LOCAL_TEE_V128) {
		fp[pc->ins.a] = sp[-2];
		fp[pc->ins.a + 1] = sp[-1];
		vmnext(1);
	}
	vmcase(GLOBAL_GET_V128) {
		const struct wrr_global *g = inst->globals[pc->ins.a];
		sp[0] = g->val[0];
		sp[1] = g->val[1];
		sp += 2;
		vmnext(1);
	}
	vmcase(GLOBAL_SET_V128) {
		struct wrr_global *g = inst->globals[pc->ins.a];
		sp -= 2;
		g->val[0] = sp[0];
		g->val[1] = sp[1];
		vmnext(1);
	}

	/* ------------------------------------------------------- tables */
	vmcase(TABLE_GET) {
		const struct wrr_table *t = inst->tables[pc->ins.a];
		uint32_t i = (uint32_t)sp[-1];
		if (unlikely(i >= t->size))
			vmtrap(WRR_TRAP_TABLE_OOB);
		sp[-1] = t->elems[i];
		vmnext(1);
	}
	vmcase(TABLE_SET) {
		struct wrr_table *t = inst->tables[pc->ins.a];
		uint32_t i = (uint32_t)sp[-2];
		if (unlikely(i >= t->size))
			vmtrap(WRR_TRAP_TABLE_OOB);
		t->elems[i] = sp[-1];
		sp -= 2;
		vmnext(1);
	}
	vmcase(TABLE_SIZE) {
		*sp++ = inst->tables[pc->ins.a]->size;
		vmnext(1);
	}
	vmcase(TABLE_GROW) {
		int32_t old = wrr_table_grow(inst->tables[pc->ins.a],
					     (uint32_t)sp[-1], sp[-2]);
		sp[-2] = (uint32_t)old;
		sp--;
		vmnext(1);
	}
	vmcase(TABLE_FILL) {
		struct wrr_table *t = inst->tables[pc->ins.a];
		uint64_t i = (uint32_t)sp[-3], val = sp[-2], n = (uint32_t)sp[-1];
		if (unlikely(!range_ok(i, n, t->size)))
			vmtrap(WRR_TRAP_TABLE_OOB);
		for (uint64_t k = 0; k < n; k++)
			t->elems[i + k] = val;
		sp -= 3;
		vmnext(1);
	}
	vmcase(TABLE_COPY) {
		struct wrr_table *dt = inst->tables[pc->ins.a];
		const struct wrr_table *st = inst->tables[pc[1].u32[0]];
		uint64_t d = (uint32_t)sp[-3], s = (uint32_t)sp[-2];
		uint64_t n = (uint32_t)sp[-1];
		if (unlikely(!range_ok(s, n, st->size) || !range_ok(d, n, dt->size)))
			vmtrap(WRR_TRAP_TABLE_OOB);
		memmove(dt->elems + d, st->elems + s, n * sizeof *dt->elems);
		sp -= 3;
		vmnext(2);
	}
	vmcase(TABLE_INIT) {
		struct wrr_table *t = inst->tables[pc->ins.a];
		uint32_t e = pc[1].u32[0];
		uint64_t d = (uint32_t)sp[-3], s = (uint32_t)sp[-2];
		uint64_t n = (uint32_t)sp[-1];
		if (!range_ok(s, n, inst->elem_sizes[e]) ||
		    !range_ok(d, n, t->size))
			vmtrap(WRR_TRAP_TABLE_OOB);
		if (n != 0)
			memcpy(t->elems + d, inst->elem_refs[e] + s,
			       n * sizeof *t->elems);
		sp -= 3;
		vmnext(2);
	}
	vmcase(ELEM_DROP) {
		inst->elem_sizes[pc->ins.a] = 0;
		vmnext(1);
	}

	/* ------------------------------------------------------- memory */
	vmcase(I32_LOAD) LOAD(4, load_u32(p))
	vmcase(I64_LOAD) LOAD(8, load_u64(p))
	vmcase(F32_LOAD) LOAD(4, load_u32(p))
	vmcase(F64_LOAD) LOAD(8, load_u64(p))
	vmcase(I32_LOAD8_S) LOAD(1, (uint32_t)(int32_t)(int8_t)p[0])
	vmcase(I32_LOAD8_U) LOAD(1, p[0])
	vmcase(I32_LOAD16_S) LOAD(2, (uint32_t)(int32_t)(int16_t)load_u16(p))
	vmcase(I32_LOAD16_U) LOAD(2, load_u16(p))
	vmcase(I64_LOAD8_S) LOAD(1, (uint64_t)(int64_t)(int8_t)p[0])
	vmcase(I64_LOAD8_U) LOAD(1, p[0])
	vmcase(I64_LOAD16_S) LOAD(2, (uint64_t)(int64_t)(int16_t)load_u16(p))
	vmcase(I64_LOAD16_U) LOAD(2, load_u16(p))
	vmcase(I64_LOAD32_S) LOAD(4, (uint64_t)(int64_t)(int32_t)load_u32(p))
	vmcase(I64_LOAD32_U) LOAD(4, load_u32(p))
	vmcase(I32_STORE) STORE(4)
	vmcase(I64_STORE) STORE(8)
	vmcase(F32_STORE) STORE(4)
	vmcase(F64_STORE) STORE(8)
	vmcase(I32_STORE8) STORE(1)
	vmcase(I32_STORE16) STORE(2)
	vmcase(I64_STORE8) STORE(1)
	vmcase(I64_STORE16) STORE(2)
	vmcase(I64_STORE32) STORE(4)
	vmcase(I32_LOAD_L) LOAD_L(4, load_u32(p))
	vmcase(I64_LOAD_L) LOAD_L(8, load_u64(p))
	vmcase(F32_LOAD_L) LOAD_L(4, load_u32(p))
	vmcase(F64_LOAD_L) LOAD_L(8, load_u64(p))
	vmcase(I32_LOAD8_U_L) LOAD_L(1, p[0])
	vmcase(I32_STORE_L) STORE_L(4)
	vmcase(I64_STORE_L) STORE_L(8)
	vmcase(F32_STORE_L) STORE_L(4)
	vmcase(F64_STORE_L) STORE_L(8)
	vmcase(I32_STORE8_L) STORE_L(1)
	vmcase(MEMORY_SIZE) {
		*sp++ = mem->pages;
		vmnext(1);
	}
	vmcase(MEMORY_GROW) {
		sp[-1] = (uint32_t)wrr_memory_grow(mem, (uint32_t)sp[-1]);
		vmnext(1);
	}
	vmcase(MEMORY_INIT) {
		uint32_t k = pc->ins.a;
		uint64_t d = (uint32_t)sp[-3], s = (uint32_t)sp[-2];
		uint64_t n = (uint32_t)sp[-1];
		if (!range_ok(s, n, inst->data_sizes[k]) ||
		    !range_ok(d, n, mem->size))
			vmtrap(WRR_TRAP_MEMORY_OOB);
		if (n != 0)
			memcpy(mem->data + d, inst->module->datas[k].bytes + s, n);
		sp -= 3;
		vmnext(1);
	}
	vmcase(DATA_DROP) {
		inst->data_sizes[pc->ins.a] = 0;
		vmnext(1);
	}
	vmcase(MEMORY_COPY) {
		uint64_t d = (uint32_t)sp[-3], s = (uint32_t)sp[-2];
		uint64_t n = (uint32_t)sp[-1];
		if (unlikely(!range_ok(s, n, mem->size) || !range_ok(d, n, mem->size)))
			vmtrap(WRR_TRAP_MEMORY_OOB);
		memmove(mem->data + d, mem->data + s, n);
		sp -= 3;
		vmnext(1);
	}
	vmcase(MEMORY_FILL) {
		uint64_t d = (uint32_t)sp[-3], n = (uint32_t)sp[-1];
		if (unlikely(!range_ok(d, n, mem->size)))
			vmtrap(WRR_TRAP_MEMORY_OOB);
		memset(mem->data + d, (int)(uint8_t)sp[-2], n);
		sp -= 3;
		vmnext(1);
	}

	/* ---------------------------------------------------- constants */
	vmcase(I32_CONST) vmcase(F32_CONST) {
		*sp++ = pc->ins.a;
		vmnext(1);
	}
	vmcase(I64_CONST) vmcase(F64_CONST) {
		*sp++ = pc[1].u64;
		vmnext(2);
	}

	/* ------------------------------------------------------ i32 ops */
	vmcase(I32_EQZ) I32_UNOP(a == 0)
	vmcase(I32_EQ) I32_BINOP(a == b)
	vmcase(I32_NE) I32_BINOP(a != b)
	vmcase(I32_LT_S) I32_BINOP((int32_t)a < (int32_t)b)
	vmcase(I32_LT_U) I32_BINOP(a < b)
	vmcase(I32_GT_S) I32_BINOP((int32_t)a > (int32_t)b)
	vmcase(I32_GT_U) I32_BINOP(a > b)
	vmcase(I32_LE_S) I32_BINOP((int32_t)a <= (int32_t)b)
	vmcase(I32_LE_U) I32_BINOP(a <= b)
	vmcase(I32_GE_S) I32_BINOP((int32_t)a >= (int32_t)b)
	vmcase(I32_GE_U) I32_BINOP(a >= b)
	vmcase(I32_CLZ) I32_UNOP(i32_clz(a))
	vmcase(I32_CTZ) I32_UNOP(i32_ctz(a))
	vmcase(I32_POPCNT) I32_UNOP(i32_popcnt(a))
	vmcase(I32_ADD) I32_BINOP(a + b)
	vmcase(I32_SUB) I32_BINOP(a - b)
	vmcase(I32_MUL) I32_BINOP(a * b)
	vmcase(I32_DIV_S) INT_DIVOP(uint32_t, i32_div_s)
	vmcase(I32_DIV_U) INT_DIVOP(uint32_t, i32_div_u)
	vmcase(I32_REM_S) INT_DIVOP(uint32_t, i32_rem_s)
	vmcase(I32_REM_U) INT_DIVOP(uint32_t, i32_rem_u)
	vmcase(I32_AND) I32_BINOP(a & b)
	vmcase(I32_OR) I32_BINOP(a | b)
	vmcase(I32_XOR) I32_BINOP(a ^ b)
	vmcase(I32_SHL) I32_BINOP(i32_shl(a, b))
	vmcase(I32_SHR_S) I32_BINOP(i32_shr_s(a, b))
	vmcase(I32_SHR_U) I32_BINOP(i32_shr_u(a, b))
	vmcase(I32_ROTL) I32_BINOP(i32_rotl(a, b))
	vmcase(I32_ROTR) I32_BINOP(i32_rotr(a, b))
	vmcase(I32_EXTEND8_S) I32_UNOP((int32_t)(int8_t)a)
	vmcase(I32_EXTEND16_S) I32_UNOP((int32_t)(int16_t)a)

	/* --------------------------------- i32 ops with fused operands */
	I32_FUSED(EQ, a == b)
	I32_FUSED(NE, a != b)
	I32_FUSED(LT_S, (int32_t)a < (int32_t)b)
	I32_FUSED(LT_U, a < b)
	I32_FUSED(GT_S, (int32_t)a > (int32_t)b)
	I32_FUSED(GT_U, a > b)
	I32_FUSED(LE_S, (int32_t)a <= (int32_t)b)
	I32_FUSED(LE_U, a <= b)
	I32_FUSED(GE_S, (int32_t)a >= (int32_t)b)
	I32_FUSED(GE_U, a >= b)
	I32_FUSED(ADD, a + b)
	I32_FUSED(SUB, a - b)
	I32_FUSED(MUL, a * b)
	I32_FUSED(AND, a & b)
	I32_FUSED(OR, a | b)
	I32_FUSED(XOR, a ^ b)
	I32_FUSED(SHL, i32_shl(a, b))
	I32_FUSED(SHR_S, i32_shr_s(a, b))
	I32_FUSED(SHR_U, i32_shr_u(a, b))
	I32_FUSED(ROTL, i32_rotl(a, b))
	I32_FUSED(ROTR, i32_rotr(a, b))

	/* ------------------------------------------------------ i64 ops */
	vmcase(I64_EQZ) {
		sp[-1] = sp[-1] == 0;
		vmnext(1);
	}
	vmcase(I64_EQ) I64_CMP(a == b)
	vmcase(I64_NE) I64_CMP(a != b)
	vmcase(I64_LT_S) I64_CMP((int64_t)a < (int64_t)b)
	vmcase(I64_LT_U) I64_CMP(a < b)
	vmcase(I64_GT_S) I64_CMP((int64_t)a > (int64_t)b)
	vmcase(I64_GT_U) I64_CMP(a > b)
	vmcase(I64_LE_S) I64_CMP((int64_t)a <= (int64_t)b)
	vmcase(I64_LE_U) I64_CMP(a <= b)
	vmcase(I64_GE_S) I64_CMP((int64_t)a >= (int64_t)b)
	vmcase(I64_GE_U) I64_CMP(a >= b)
	vmcase(I64_CLZ) I64_UNOP(i64_clz(a))
	vmcase(I64_CTZ) I64_UNOP(i64_ctz(a))
	vmcase(I64_POPCNT) I64_UNOP(i64_popcnt(a))
	vmcase(I64_ADD) I64_BINOP(a + b)
	vmcase(I64_SUB) I64_BINOP(a - b)
	vmcase(I64_MUL) I64_BINOP(a * b)
	vmcase(I64_DIV_S) INT_DIVOP(uint64_t, i64_div_s)
	vmcase(I64_DIV_U) INT_DIVOP(uint64_t, i64_div_u)
	vmcase(I64_REM_S) INT_DIVOP(uint64_t, i64_rem_s)
	vmcase(I64_REM_U) INT_DIVOP(uint64_t, i64_rem_u)
	vmcase(I64_AND) I64_BINOP(a & b)
	vmcase(I64_OR) I64_BINOP(a | b)
	vmcase(I64_XOR) I64_BINOP(a ^ b)
	vmcase(I64_SHL) I64_BINOP(i64_shl(a, b))
	vmcase(I64_SHR_S) I64_BINOP(i64_shr_s(a, b))
	vmcase(I64_SHR_U) I64_BINOP(i64_shr_u(a, b))
	vmcase(I64_ROTL) I64_BINOP(i64_rotl(a, b))
	vmcase(I64_ROTR) I64_BINOP(i64_rotr(a, b))
	vmcase(I64_EXTEND8_S) I64_UNOP((int64_t)(int8_t)a)
	vmcase(I64_EXTEND16_S) I64_UNOP((int64_t)(int16_t)a)
	vmcase(I64_EXTEND32_S) I64_UNOP((int64_t)(int32_t)a)

	/* ------------------------------------------------------ f32 ops */
	vmcase(F32_EQ) F32_CMP(a == b)
	vmcase(F32_NE) F32_CMP(a != b)
	vmcase(F32_LT) F32_CMP(a < b)
	vmcase(F32_GT) F32_CMP(a > b)
	vmcase(F32_LE) F32_CMP(a <= b)
	vmcase(F32_GE) F32_CMP(a >= b)
	vmcase(F32_ABS) {
		sp[-1] = f32_abs((uint32_t)sp[-1]);
		vmnext(1);
	}
	vmcase(F32_NEG) {
		sp[-1] = f32_neg((uint32_t)sp[-1]);
		vmnext(1);
	}
	vmcase(F32_COPYSIGN) {
		sp[-2] = f32_copysign((uint32_t)sp[-2], (uint32_t)sp[-1]);
		sp--;
		vmnext(1);
	}
	vmcase(F32_CEIL) F32_UNOP(ceilf(a))
	vmcase(F32_FLOOR) F32_UNOP(floorf(a))
	vmcase(F32_TRUNC) F32_UNOP(truncf(a))
	vmcase(F32_NEAREST) F32_UNOP(f32_nearest(a))
	vmcase(F32_SQRT) F32_UNOP(sqrtf(a))
	vmcase(F32_ADD) F32_BINOP(a + b)
	vmcase(F32_SUB) F32_BINOP(a - b)
	vmcase(F32_MUL) F32_BINOP(a * b)
	vmcase(F32_DIV) F32_BINOP(a / b)
	vmcase(F32_MIN) F32_BINOP(f32_min(a, b))
	vmcase(F32_MAX) F32_BINOP(f32_max(a, b))

	/* ------------------------------------------------------ f64 ops */
	vmcase(F64_EQ) F64_CMP(a == b)
	vmcase(F64_NE) F64_CMP(a != b)
	vmcase(F64_LT) F64_CMP(a < b)
	vmcase(F64_GT) F64_CMP(a > b)
	vmcase(F64_LE) F64_CMP(a <= b)
	vmcase(F64_GE) F64_CMP(a >= b)
	vmcase(F64_ABS) {
		sp[-1] = f64_abs(sp[-1]);
		vmnext(1);
	}
	vmcase(F64_NEG) {
		sp[-1] = f64_neg(sp[-1]);
		vmnext(1);
	}
	vmcase(F64_COPYSIGN) {
		sp[-2] = f64_copysign(sp[-2], sp[-1]);
		sp--;
		vmnext(1);
	}
	vmcase(F64_CEIL) F64_UNOP(ceil(a))
	vmcase(F64_FLOOR) F64_UNOP(floor(a))
	vmcase(F64_TRUNC) F64_UNOP(trunc(a))
	vmcase(F64_NEAREST) F64_UNOP(f64_nearest(a))
	vmcase(F64_SQRT) F64_UNOP(sqrt(a))
	vmcase(F64_ADD) F64_BINOP(a + b)
	vmcase(F64_SUB) F64_BINOP(a - b)
	vmcase(F64_MUL) F64_BINOP(a * b)
	vmcase(F64_DIV) F64_BINOP(a / b)
	vmcase(F64_MIN) F64_BINOP(f64_min(a, b))
	vmcase(F64_MAX) F64_BINOP(f64_max(a, b))

	vmcase(F64_ADD_L) F64_BINOP_L(a + b)
	vmcase(F64_SUB_L) F64_BINOP_L(a - b)
	vmcase(F64_MUL_L) F64_BINOP_L(a * b)
	vmcase(F64_DIV_L) F64_BINOP_L(a / b)
	vmcase(F64_ADD_LL) F64_BINOP_LL(a + b)
	vmcase(F64_SUB_LL) F64_BINOP_LL(a - b)
	vmcase(F64_MUL_LL) F64_BINOP_LL(a * b)
	vmcase(F64_DIV_LL) F64_BINOP_LL(a / b)

	/* -------------------------------------------------- conversions */
	vmcase(I32_WRAP_I64) {
		sp[-1] = (uint32_t)sp[-1];
		vmnext(1);
	}
	vmcase(I64_EXTEND_I32_S) {
		sp[-1] = (uint64_t)(int64_t)(int32_t)sp[-1];
		vmnext(1);
	}
	vmcase(I64_EXTEND_I32_U) {
		sp[-1] = (uint32_t)sp[-1];
		vmnext(1);
	}
	vmcase(I32_TRUNC_F32_S) TRUNCOP(uint32_t, i32_trunc_s, f32_of(sp[-1]))
	vmcase(I32_TRUNC_F32_U) TRUNCOP(uint32_t, i32_trunc_u, f32_of(sp[-1]))
	vmcase(I32_TRUNC_F64_S) TRUNCOP(uint32_t, i32_trunc_s, f64_of(sp[-1]))
	vmcase(I32_TRUNC_F64_U) TRUNCOP(uint32_t, i32_trunc_u, f64_of(sp[-1]))
	vmcase(I64_TRUNC_F32_S) TRUNCOP(uint64_t, i64_trunc_s, f32_of(sp[-1]))
	vmcase(I64_TRUNC_F32_U) TRUNCOP(uint64_t, i64_trunc_u, f32_of(sp[-1]))
	vmcase(I64_TRUNC_F64_S) TRUNCOP(uint64_t, i64_trunc_s, f64_of(sp[-1]))
	vmcase(I64_TRUNC_F64_U) TRUNCOP(uint64_t, i64_trunc_u, f64_of(sp[-1]))
	vmcase(I32_TRUNC_SAT_F32_S) {
		sp[-1] = i32_trunc_sat_s(f32_of(sp[-1]));
		vmnext(1);
	}
	vmcase(I32_TRUNC_SAT_F32_U) {
		sp[-1] = i32_trunc_sat_u(f32_of(sp[-1]));
		vmnext(1);
	}
	vmcase(I32_TRUNC_SAT_F64_S) {
		sp[-1] = i32_trunc_sat_s(f64_of(sp[-1]));
		vmnext(1);
	}
	vmcase(I32_TRUNC_SAT_F64_U) {
		sp[-1] = i32_trunc_sat_u(f64_of(sp[-1]));
		vmnext(1);
	}
	vmcase(I64_TRUNC_SAT_F32_S) {
		sp[-1] = i64_trunc_sat_s(f32_of(sp[-1]));
		vmnext(1);
	}
	vmcase(I64_TRUNC_SAT_F32_U) {
		sp[-1] = i64_trunc_sat_u(f32_of(sp[-1]));
		vmnext(1);
	}
	vmcase(I64_TRUNC_SAT_F64_S) {
		sp[-1] = i64_trunc_sat_s(f64_of(sp[-1]));
		vmnext(1);
	}
	vmcase(I64_TRUNC_SAT_F64_U) {
		sp[-1] = i64_trunc_sat_u(f64_of(sp[-1]));
		vmnext(1);
	}
	vmcase(F32_CONVERT_I32_S) {
		sp[-1] = f32_bits((float)(int32_t)sp[-1]);
		vmnext(1);
	}
	vmcase(F32_CONVERT_I32_U) {
		sp[-1] = f32_bits((float)(uint32_t)sp[-1]);
		vmnext(1);
	}
	vmcase(F32_CONVERT_I64_S) {
		sp[-1] = f32_bits((float)(int64_t)sp[-1]);
		vmnext(1);
	}
	vmcase(F32_CONVERT_I64_U) {
		sp[-1] = f32_bits((float)sp[-1]);
		vmnext(1);
	}
	vmcase(F32_DEMOTE_F64) {
		sp[-1] = f32_result((float)f64_of(sp[-1]));
		vmnext(1);
	}
	vmcase(F64_CONVERT_I32_S) {
		sp[-1] = f64_bits((double)(int32_t)sp[-1]);
		vmnext(1);
	}
	vmcase(F64_CONVERT_I32_U) {
		sp[-1] = f64_bits((double)(uint32_t)sp[-1]);
		vmnext(1);
	}
	vmcase(F64_CONVERT_I64_S) {
		sp[-1] = f64_bits((double)(int64_t)sp[-1]);
		vmnext(1);
	}
	vmcase(F64_CONVERT_I64_U) {
		sp[-1] = f64_bits((double)sp[-1]);
		vmnext(1);
	}
	vmcase(F64_PROMOTE_F32) {
		sp[-1] = f64_result((double)f32_of(sp[-1]));
		vmnext(1);
	}
	/* Reinterpretations keep the bits; an f32/i32 slot's upper half is
	 * already zero. */
	vmcase(I32_REINTERPRET_F32) vmcase(I64_REINTERPRET_F64)
	vmcase(F32_REINTERPRET_I32) vmcase(F64_REINTERPRET_I64) vmnext(1);

	/* --------------------------------------------------- references */
	vmcase(REF_NULL) {
		*sp++ = 0;
		vmnext(1);
	}
	vmcase(REF_IS_NULL) {
		sp[-1] = sp[-1] == 0;
		vmnext(1);
	}
	vmcase(REF_FUNC) {
		*sp++ = (uint64_t)(uintptr_t)inst->funcs[pc->ins.a];
		vmnext(1);
	}

	/* ---------------------------------------------------------- SIMD */
	vmcase(SIMD) {
		enum wrr_simd_op op = (enum wrr_simd_op)(pc->ins.a & 0xff);
		sp = wrr_simd_exec(op, pc->ins.a >> 8, (const uint8_t *)(pc + 1),
				   sp);
		vmnext(1 + wrr_simd_extra_units(op));
	}
	vmcase(SIMD_MEM) {
		enum wrr_simd_op op = (enum wrr_simd_op)pc[1].u32[0];
		uint32_t above = wrr_simd_operands_above_address(op);
		uint64_t ea = effective(sp[-1 - (int)above], pc->ins.a);
		if (unlikely(ea + wrr_opcode_infos[WRR_OP_SIMD_FIRST + op].access >
			     mem->size))
			vmtrap(WRR_TRAP_MEMORY_OOB);
		sp = wrr_simd_memory(op, mem->data + ea, pc[1].u32[1], sp);
		vmnext(2);
	}

	/* --------------------------------------------------------- calls */
call:
	frame->pc = pc;
	if (callee->is_host)
		goto host_call;
	{
		const struct wrr_code_func *c = &callee->body->code;
		if (unlikely(!wrr_code_ready(c)) &&
		    (status = wrr_func_ensure_lowered(callee, err)) != WRR_OK)
			goto leave;
		uint64_t *nfp = sp - c->param_slots;
		if (frame + 1 == frames_end ||
		    c->max_height > (size_t)(stack_end - nfp)) {
			status = wrr_error_set(err, WRR_EXHAUSTION,
					       "call stack exhausted");
			goto leave;
		}
		for (uint64_t *l = sp; l < nfp + c->local_slots; l++)
			*l = 0;
		frame++;
		frame->fp = fp = nfp;
		frame->func = callee;
		sp = fp + c->local_slots;
		pc = code = c->code;
		if (callee->instance != inst) {
			inst = callee->instance;
			mem = memory0(inst);
		}
		vmdispatch();
	}

host_call: {
	uint64_t *args = sp - callee->param_slots;
	if (callee->result_slots > (size_t)(stack_end - sp)) {
		status = wrr_error_set(err, WRR_EXHAUSTION,
				       "call stack exhausted");
		goto leave;
	}
	store->sp = sp + callee->result_slots;
	store->depth = (uint32_t)(frame - frames) + 1;
	store->progress -= fuel;
	if (!store->fuel_unlimited)
		store->fuel = fuel;
	status = wrr_host_invoke(store, callee, inst, args, sp, err);
	fuel = store->fuel_unlimited ? UINT64_MAX : store->fuel;
	store->progress += fuel;
	if (status != WRR_OK) {
		store->progress -= fuel;
		/* Keep store->depth: frames of a nested call that trapped
		 * are part of the backtrace. */
		wrr_error_place(err, frame);
		return status;
	}
	for (uint32_t i = 0; i < callee->result_slots; i++)
		args[i] = sp[i];
	sp = args + callee->result_slots;
	vmnext(call_length(pc));
}

	/* ------------------------------------------------------ leaving */
finished:
	store->sp = sp;
	store->depth = (uint32_t)(frame - frames) + 1;
	store->progress -= fuel;
	if (!store->fuel_unlimited)
		store->fuel = fuel;
	return WRR_OK;

out_of_fuel:
	fuel = 0; /* the check wrapped it */
	*fuel_stop = true;
	frame->pc = pc;
	status = wrr_error_set(err, WRR_FUEL, "out of fuel");
	goto leave;

bad_code:
	frame->pc = pc;
	status = wrr_error_set(err, WRR_HOST,
			       "internal error: op %u not expected in lowered code",
			       pc->ins.op);
	goto leave;

trapped:
	frame->pc = pc;
	status = wrr_error_set(err, WRR_TRAP, "%s", wrr_trap_message(trap));
	if (err->status == WRR_TRAP && err->trap == WRR_TRAP_NONE)
		err->trap = trap;
	wrr_error_place(err, frame);
	goto leave;

leave:
	/* frame->pc is set: the frames stay for wrr_store_backtrace. */
	store->sp = sp;
	store->depth = (uint32_t)(frame - frames) + 1;
	store->progress -= fuel;
	if (!store->fuel_unlimited)
		store->fuel = fuel;
	return status;
}
