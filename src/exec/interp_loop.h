/*
 * interp_loop.h — the instruction handlers and dispatch table of one variant
 * of the interpreter loop, included twice by interp.c (never elsewhere),
 * the variants differing only in how they dispatch:
 *   INTERP_LOOP_EXACT 1: every instruction consumes a unit of fuel and the
 *     run stops exactly when it is used up (fuel was set: stepping, budgets);
 *   INTERP_LOOP_EXACT 0: unlimited fuel; every instruction still counts one
 *     unit of progress (a decrement), but there is no test. If a host
 *     function sets a budget, the loop hands over to the exact one after the
 *     call (in->switched).
 * INTERP_LOOP_PREFIX prefixes the handlers' names (vmcase), and
 * INTERP_LOOP_TABLE names the dispatch table. The handler arguments, the
 * instruction shapes (I32_BINOP ...) and the helpers are in interp.c.
 */

static wrr_handler *const INTERP_LOOP_TABLE[2 * WRR_IOP_TABLE_SIZE];

/* Dispatch: consume a unit of fuel and jump to the handler of the
 * instruction at pc, or to out_of_fuel when there was none left (the fuel
 * test is folded into the table index: bit 10 set when fuel was 0). */
#if INTERP_LOOP_EXACT
#define vmdispatch()                                                           \
	do {                                                                   \
		uint32_t op_ = pc->s.op | (uint32_t)(fuel-- == 0) << 10;     \
		MUSTTAIL return in->table[op_](HANDLER_ARGS);                  \
	} while (0)
#else
#define vmdispatch()                                                           \
	do {                                                                   \
		fuel--;                                                        \
		MUSTTAIL return in->table[pc->s.op](HANDLER_ARGS);             \
	} while (0)
#endif

/* The entry: dispatches the instruction at pc, loading the accumulator
 * first if it is an accumulator form (the run may start or resume at any
 * instruction). */
static enum wrr_status HNAME(start)(HANDLER_PARAMS)
{
	bool second;
	enum wrr_acc which = wrr_iop_acc_operand(pc->s.op, &second);
	if (which != WRR_ACC_NONE) {
		uint64_t slot = fp[wrr_iop_acc_slot(pc, pc->s.op, second)];
		if (which == WRR_ACC_INT)
			acc = slot;
		else
			facc = f64_of(slot);
	}
	vmdispatch();
}

vmcase(out_of_fuel)
{
	return interp_out_of_fuel(in, pc);
}

vmcase(bad_code)
{
	return interp_bad_code(in, pc, fuel);
}

/* Structured control and local access are resolved by lowering (code.h). */
#define NOT_EMITTED(name)                                                      \
	vmcase(name)                                                           \
	{                                                                      \
		return interp_bad_code(in, pc, fuel);                          \
	}
NOT_EMITTED(NOP)
NOT_EMITTED(BLOCK)
NOT_EMITTED(LOOP)
NOT_EMITTED(IF)
NOT_EMITTED(ELSE)
NOT_EMITTED(END)
NOT_EMITTED(SELECT_T)
NOT_EMITTED(DROP)
NOT_EMITTED(LOCAL_GET)
NOT_EMITTED(LOCAL_SET)
NOT_EMITTED(LOCAL_TEE)

/* ------------------------------------------------------------ control */
vmcase(UNREACHABLE)
{
	vmtrap(WRR_TRAP_UNREACHABLE);
}

vmcase(JUMP)
{
	pc += (int32_t)pc->s.a;
	vmdispatch();
}
vmcase(JUMP_IF_ZERO)
{
	if ((uint32_t)fp[pc->s.h] == 0)
		pc += (int32_t)pc->s.a;
	else
		pc++;
	vmdispatch();
}
vmcase(JUMP_IF_NONZERO)
{
	if ((uint32_t)fp[pc->s.h] != 0)
		pc += (int32_t)pc->s.a;
	else
		pc++;
	vmdispatch();
}
vmcase(JUMP_IF_ZERO_AX)
{
	if ((uint32_t)acc == 0)
		pc += (int32_t)pc->s.a;
	else
		pc++;
	vmdispatch();
}
vmcase(JUMP_IF_NONZERO_AX)
{
	if ((uint32_t)acc != 0)
		pc += (int32_t)pc->s.a;
	else
		pc++;
	vmdispatch();
}
I32_CMPS_EXPR(JUMP_IF_CMP)
I32_CMPS_EXPR(ADD_C_JUMP_IF_CMP)
vmcase(BR_IF)
{
	if ((uint32_t)fp[pc->s.h] == 0)
		vmnext(2);
	pc = take_branch(pc, fp);
	vmdispatch();
}
vmcase(BR_IF_AX)
{
	if ((uint32_t)acc == 0)
		vmnext(2);
	pc = take_branch(pc, fp);
	vmdispatch();
}
vmcase(BR)
{
	pc = take_branch(pc, fp);
	vmdispatch();
}
vmcase(BR_TABLE)
{
	uint32_t i = (uint32_t)fp[pc->s.h];
	if (i > pc->s.a)
		i = pc->s.a;
	const union wrr_code *entry = pc + 1 + 2 * (size_t)i;
	move_values(fp, &entry[1]);
	pc = entry + (int32_t)entry[0].u32[0];
	vmdispatch();
}
vmcase(RETURN)
{
	struct wrr_frame *frame = in->frame;
	const struct wrr_func *func = frame->func;
	uint32_t n = func->result_slots;
	const uint64_t *src = fp + pc->s.h - n;
#pragma clang loop vectorize(disable) interleave(disable)
	for (uint32_t i = 0; i < n; i++)
		fp[i] = src[i];
	frame--;
	in->frame = frame;
	if (frame + 1 == in->base)
		return interp_finished(in, fp, func, fuel);
	fp = frame->fp;
	pc = frame->pc + call_length(frame->pc);
	if (frame->func->instance != in->inst) {
		in->inst = frame->func->instance;
		in->mem = memory0(in, in->inst);
		data = in->mem->data;
	}
	in->size = in->mem->size; /* the callee may have grown it */
	vmdispatch();
}

/* A call of host function in->callee by the CALL or CALL_INDIRECT at pc,
 * whose h is the first argument's slot: the results are written above
 * every value of this frame, then moved there. A nested call from the host
 * function starts above them. */
static __attribute__((noinline)) enum wrr_status HNAME(host_call)(HANDLER_PARAMS)
{
	struct wrr_store *store = in->store;
	struct wrr_frame *frame = in->frame;
	struct wrr_func *callee = in->callee;
	frame->pc = pc;
	uint64_t *args = fp + pc->s.h;
	uint64_t *results = frame_top(fp, frame->func);
	if (callee->result_slots > (size_t)(in->stack_end - results))
		return interp_leave(in, fuel,
				    wrr_error_set(in->err, WRR_EXHAUSTION,
						  "call stack exhausted"));
	store->sp = results + callee->result_slots;
	store->depth = (uint32_t)(frame - in->frames) + 1;
	store->progress -= fuel;
	if (!store->fuel_unlimited)
		store->fuel = fuel;
	enum wrr_status status = wrr_host_invoke(store, callee, in->inst, args,
						 results, in->err);
	fuel = store->fuel_unlimited ? UINT64_MAX : store->fuel;
	store->progress += fuel;
	if (status != WRR_OK) {
		store->progress -= fuel;
		/* Keep store->depth: frames of a nested call that trapped
		 * are part of the backtrace. */
		wrr_error_place(in->err, frame);
		return status;
	}
	for (uint32_t i = 0; i < callee->result_slots; i++)
		args[i] = results[i];
#if !INTERP_LOOP_EXACT
	if (unlikely(!store->fuel_unlimited)) {
		/* The host function set a fuel budget: the exact loop goes on
		 * after the call. */
		frame->pc = pc + call_length(pc);
		*in->switched = true;
		return interp_leave(in, fuel, WRR_OK);
	}
#endif
	in->size = in->mem->size; /* the host may have grown it */
	vmnext(call_length(pc));
}

/* A call of in->callee by the CALL or CALL_INDIRECT at pc. */
static enum wrr_status HNAME(call)(HANDLER_PARAMS)
{
	struct wrr_func *callee = in->callee;
	if (callee->is_host)
		MUSTTAIL return HNAME(host_call)(HANDLER_ARGS);
	enum wrr_status st = enter(in, callee, &pc, &fp, &data);
	if (unlikely(st != WRR_OK))
		return interp_leave(in, fuel, st);
	vmdispatch();
}

vmcase(CALL)
{
	struct wrr_func *callee = in->inst->funcs[pc->s.a];
	if (callee->is_host) {
		in->callee = callee;
		MUSTTAIL return HNAME(host_call)(HANDLER_ARGS);
	}
	enum wrr_status st = enter(in, callee, &pc, &fp, &data);
	if (unlikely(st != WRR_OK))
		return interp_leave(in, fuel, st);
	vmdispatch();
}
vmcase(CALL_INDIRECT)
{
	const struct wrr_instance *inst = in->inst;
	const struct wrr_table *t = inst->tables[pc[1].u32[0]];
	uint32_t i = (uint32_t)fp[pc[1].u32[1]];
	if (unlikely(i >= t->size))
		vmtrap(WRR_TRAP_UNDEFINED_ELEMENT);
	if (unlikely(t->elems[i] == 0))
		vmtrap(WRR_TRAP_UNINITIALIZED_ELEMENT);
	struct wrr_func *callee = (struct wrr_func *)(uintptr_t)t->elems[i];
	if (unlikely(callee->type_id != inst->type_ids[pc->s.a]))
		vmtrap(WRR_TRAP_INDIRECT_CALL_TYPE);
	in->callee = callee;
	MUSTTAIL return HNAME(call)(HANDLER_ARGS);
}

/* ------------------------------------------------------- parametric */
vmcase(SELECT) {
	STACK_AT_H();
	uint32_t c = (uint32_t)sp[-1];
	if (c == 0)
		sp[-3] = sp[-2];
	vmnext(1);
}
vmcase(SELECT_V128) {
	STACK_AT_H();
	uint32_t c = (uint32_t)sp[-1];
	if (c == 0) {
		sp[-5] = sp[-3];
		sp[-4] = sp[-2];
	}
	vmnext(1);
}

/* ----------------------------------------------------- variables */
vmcase(COPY) {
	D_SLOT = X_SLOT;
	vmnext(1);
}
vmcase(COPY_V128) {
	uint64_t lo = fp[pc->r.x], hi = fp[pc->r.x + 1];
	fp[pc->r.d] = lo;
	fp[pc->r.d + 1] = hi;
	vmnext(1);
}
vmcase(GLOBAL_GET) {
	fp[pc->s.h] = in->inst->globals[pc->s.a]->val[0];
	vmnext(1);
}
vmcase(GLOBAL_SET) {
	in->inst->globals[pc->s.a]->val[0] = fp[pc->s.h];
	vmnext(1);
}
vmcase(GLOBAL_GET_V128) {
	const struct wrr_global *g = in->inst->globals[pc->s.a];
	fp[pc->s.h] = g->val[0];
	fp[pc->s.h + 1] = g->val[1];
	vmnext(1);
}
vmcase(GLOBAL_SET_V128) {
	struct wrr_global *g = in->inst->globals[pc->s.a];
	g->val[0] = fp[pc->s.h];
	g->val[1] = fp[pc->s.h + 1];
	vmnext(1);
}

/* ------------------------------------------------------- tables */
vmcase(TABLE_GET) {
	STACK_AT_H();
	const struct wrr_table *t = in->inst->tables[pc->s.a];
	uint32_t i = (uint32_t)sp[-1];
	if (unlikely(i >= t->size))
		vmtrap(WRR_TRAP_TABLE_OOB);
	sp[-1] = t->elems[i];
	vmnext(1);
}
vmcase(TABLE_SET) {
	STACK_AT_H();
	struct wrr_table *t = in->inst->tables[pc->s.a];
	uint32_t i = (uint32_t)sp[-2];
	if (unlikely(i >= t->size))
		vmtrap(WRR_TRAP_TABLE_OOB);
	t->elems[i] = sp[-1];
	vmnext(1);
}
vmcase(TABLE_SIZE) {
	STACK_AT_H();
	sp[0] = in->inst->tables[pc->s.a]->size;
	vmnext(1);
}
vmcase(TABLE_GROW) {
	STACK_AT_H();
	int32_t old = wrr_table_grow(in->inst->tables[pc->s.a],
				     (uint32_t)sp[-1], sp[-2]);
	sp[-2] = (uint32_t)old;
	vmnext(1);
}
vmcase(TABLE_FILL) {
	STACK_AT_H();
	struct wrr_table *t = in->inst->tables[pc->s.a];
	uint64_t i = (uint32_t)sp[-3], val = sp[-2], n = (uint32_t)sp[-1];
	if (unlikely(!range_ok(i, n, t->size)))
		vmtrap(WRR_TRAP_TABLE_OOB);
	for (uint64_t k = 0; k < n; k++)
		t->elems[i + k] = val;
	vmnext(1);
}
vmcase(TABLE_COPY) {
	STACK_AT_H();
	struct wrr_table *dt = in->inst->tables[pc->s.a];
	const struct wrr_table *st = in->inst->tables[pc[1].u32[0]];
	uint64_t d = (uint32_t)sp[-3], s = (uint32_t)sp[-2];
	uint64_t n = (uint32_t)sp[-1];
	if (unlikely(!range_ok(s, n, st->size) || !range_ok(d, n, dt->size)))
		vmtrap(WRR_TRAP_TABLE_OOB);
	memmove(dt->elems + d, st->elems + s, n * sizeof *dt->elems);
	vmnext(2);
}
vmcase(TABLE_INIT) {
	STACK_AT_H();
	struct wrr_table *t = in->inst->tables[pc->s.a];
	uint32_t e = pc[1].u32[0];
	uint64_t d = (uint32_t)sp[-3], s = (uint32_t)sp[-2];
	uint64_t n = (uint32_t)sp[-1];
	if (!range_ok(s, n, in->inst->elem_sizes[e]) ||
	    !range_ok(d, n, t->size))
		vmtrap(WRR_TRAP_TABLE_OOB);
	if (n != 0)
		memcpy(t->elems + d, in->inst->elem_refs[e] + s,
		       n * sizeof *t->elems);
	vmnext(2);
}
vmcase(ELEM_DROP) {
	in->inst->elem_sizes[pc->s.a] = 0;
	vmnext(1);
}

/* ------------------------------------------------------- memory */
LOAD_OP(I32_LOAD, 4, load_u32(p), INT_RESULT)
LOAD_OP(I64_LOAD, 8, load_u64(p), INT_RESULT)
LOAD_OP(F32_LOAD, 4, load_u32(p), INT_RESULT)
LOAD_OP(F64_LOAD, 8, load_u64(p), F64_BITS_RESULT)
LOAD_OP(I32_LOAD8_S, 1, (uint32_t)(int32_t)(int8_t)p[0], INT_RESULT)
LOAD_OP(I32_LOAD8_U, 1, p[0], INT_RESULT)
LOAD_OP(I32_LOAD16_S, 2, (uint32_t)(int32_t)(int16_t)load_u16(p), INT_RESULT)
LOAD_OP(I32_LOAD16_U, 2, load_u16(p), INT_RESULT)
LOAD_OP(I64_LOAD8_S, 1, (uint64_t)(int64_t)(int8_t)p[0], INT_RESULT)
LOAD_OP(I64_LOAD8_U, 1, p[0], INT_RESULT)
LOAD_OP(I64_LOAD16_S, 2, (uint64_t)(int64_t)(int16_t)load_u16(p), INT_RESULT)
LOAD_OP(I64_LOAD16_U, 2, load_u16(p), INT_RESULT)
LOAD_OP(I64_LOAD32_S, 4, (uint64_t)(int64_t)(int32_t)load_u32(p), INT_RESULT)
LOAD_OP(I64_LOAD32_U, 4, load_u32(p), INT_RESULT)
STORE_OP(I32_STORE, 4, acc)
STORE_OP(I64_STORE, 8, acc)
STORE_OP_X(F32_STORE, 4)
STORE_OP(F64_STORE, 8, f64_bits(facc))
STORE_OP(I32_STORE8, 1, acc)
STORE_OP(I32_STORE16, 2, acc)
STORE_OP(I64_STORE8, 1, acc)
STORE_OP(I64_STORE16, 2, acc)
STORE_OP(I64_STORE32, 4, acc)
vmcase(MEMORY_SIZE) {
	STACK_AT_H();
	sp[0] = in->mem->pages;
	vmnext(1);
}
vmcase(MEMORY_GROW) {
	STACK_AT_H();
	sp[-1] = (uint32_t)wrr_memory_grow(in->mem, (uint32_t)sp[-1]);
	in->size = in->mem->size;
	vmnext(1);
}
vmcase(MEMORY_INIT) {
	STACK_AT_H();
	uint32_t k = pc->s.a;
	uint64_t d = (uint32_t)sp[-3], s = (uint32_t)sp[-2];
	uint64_t n = (uint32_t)sp[-1];
	if (!range_ok(s, n, in->inst->data_sizes[k]) ||
	    !range_ok(d, n, in->size))
		vmtrap(WRR_TRAP_MEMORY_OOB);
	if (n != 0)
		memcpy(data + d, in->inst->module->datas[k].bytes + s, n);
	vmnext(1);
}
vmcase(DATA_DROP) {
	in->inst->data_sizes[pc->s.a] = 0;
	vmnext(1);
}
vmcase(MEMORY_COPY) {
	STACK_AT_H();
	uint64_t d = (uint32_t)sp[-3], s = (uint32_t)sp[-2];
	uint64_t n = (uint32_t)sp[-1];
	if (unlikely(!range_ok(s, n, in->size) || !range_ok(d, n, in->size)))
		vmtrap(WRR_TRAP_MEMORY_OOB);
	memmove(data + d, data + s, n);
	vmnext(1);
}
vmcase(MEMORY_FILL) {
	STACK_AT_H();
	uint64_t d = (uint32_t)sp[-3], n = (uint32_t)sp[-1];
	if (unlikely(!range_ok(d, n, in->size)))
		vmtrap(WRR_TRAP_MEMORY_OOB);
	memset(data + d, (int)(uint8_t)sp[-2], n);
	vmnext(1);
}

/* -------------------------------------------------- fused pairs */
vmcase(COPY2)
{
	fp[pc->r.d] = fp[pc->r.x];
	fp[pc->r.y] = fp[pc[1].u16[0]];
	vmnext(2);
}
vmcase(COPY_JUMP)
{
	fp[pc->r.d] = fp[pc->r.x];
	pc += 1 + (int32_t)pc[1].s.a;
	vmdispatch();
}
vmcase(COPY2_JUMP)
{
	fp[pc->r.d] = fp[pc->r.x];
	fp[pc->r.y] = fp[pc[1].u16[0]];
	pc += 2 + (int32_t)pc[2].s.a;
	vmdispatch();
}
vmcase(COPY3)
{
	fp[pc->r.d] = fp[pc->r.x];
	fp[pc->r.y] = fp[pc[1].u16[0]];
	fp[pc[1].u16[1]] = fp[pc[1].u16[2]];
	vmnext(3);
}
vmcase(COPY4)
{
	fp[pc->r.d] = fp[pc->r.x];
	fp[pc->r.y] = fp[pc[1].u16[0]];
	fp[pc[1].u16[1]] = fp[pc[1].u16[2]];
	fp[pc[1].u16[3]] = fp[pc[2].u16[0]];
	vmnext(4);
}
vmcase(I32_ADD_C2)
{
	fp[pc->r.y] = (uint32_t)((uint32_t)fp[pc[2].u16[0]] + pc[1].u32[0]);
	acc = (uint32_t)((uint32_t)fp[pc->r.x] + pc[1].u32[1]);
	D_SLOT = acc;
	vmnext(4);
}
vmcase(I32_ADD_ADD) BINOP_PAIR(X_SLOT, COMBINE_ADD, COMBINE_ADD)
vmcase(I32_ADD_ADD_AX) BINOP_PAIR(acc, COMBINE_ADD, COMBINE_ADD)
vmcase(I32_ADD3) ADD3(X_SLOT)
vmcase(I32_ADD3_AX) ADD3(acc)
#define WRR_X_BINOP_PAIR(a, b)                                                 \
	vmcase(I32_##a##_##b) BINOP_PAIR(X_SLOT, COMBINE_##a, COMBINE_##b)
WRR_IOP_I32_BINOP_PAIRS(WRR_X_BINOP_PAIR)
#undef WRR_X_BINOP_PAIR
vmcase(F64_STORE_LOAD)
{
	uint64_t ea = effective(X_SLOT, pc[1].u32[0]);
	if (unlikely(ea + 8 > in->size))
		vmtrap(WRR_TRAP_MEMORY_OOB);
	uint64_t v = Y_SLOT;
	memcpy(data + ea, &v, 8);
	/* The load: a trap is placed at its own wasm offset (code.h). */
	ea = effective(fp[pc[2].u16[0]], pc[1].u32[1]);
	if (unlikely(ea + 8 > in->size))
		vmtrap_at(2, WRR_TRAP_MEMORY_OOB);
	v = load_u64(data + ea);
	facc = f64_of(v);
	D_SLOT = v;
	vmnext(4);
}
#define WRR_X_SHIFT_COMBINE(s, c)                                              \
	vmcase(I32_##s##_C_##c) SHIFT_COMBINE(SHIFT_##s, COMBINE_##c)
WRR_IOP_I32_SHIFT_COMBINE(WRR_X_SHIFT_COMBINE)
#undef WRR_X_SHIFT_COMBINE
#define WRR_X_SHIFT2_COMBINE(s1, s2, c)                                        \
	vmcase(I32_##s1##_##s2##_##c)                                          \
		SHIFT2_COMBINE(SHIFT_##s1, SHIFT_##s2, COMBINE_##c)
WRR_IOP_I32_SHIFT2_COMBINE(WRR_X_SHIFT2_COMBINE)
#undef WRR_X_SHIFT2_COMBINE
#define WRR_X_SHIFT3_XOR(s3)                                                   \
	vmcase(I32_ROTL_ROTL_XOR_##s3##_XOR) SHIFT3_XOR(SHIFT_##s3)
WRR_IOP_I32_SHIFT3_XOR(WRR_X_SHIFT3_XOR)
#undef WRR_X_SHIFT3_XOR
F64_BINOPS_EXPR(F64_LOAD_OP)
F64_BINOPS_EXPR(F64_LOAD_OP_STORE)
F64_BINOPS_EXPR(F64_LOAD_LOAD_OP)
F64_MUL_OP(ADD, a + b)
F64_MUL_OP(SUB, a - b)
F64_MUL_UPDATE_OP(ADD, p, v, a + b)
F64_MUL_UPDATE_OP(SUB_X, v, p, a - b)
F64_MUL_UPDATE_OP(SUB_Y, p, v, a - b)
vmcase(I32_ADD_I32_LOAD) ADD_LOAD(4, load_u32(p), INT_RESULT)
vmcase(I32_ADD_I32_LOAD8_S) ADD_LOAD(1, (uint32_t)(int32_t)(int8_t)p[0], INT_RESULT)
vmcase(I32_ADD_I32_LOAD8_U) ADD_LOAD(1, p[0], INT_RESULT)
vmcase(I32_ADD_I32_LOAD16_S) ADD_LOAD(2, (uint32_t)(int32_t)(int16_t)load_u16(p), INT_RESULT)
vmcase(I32_ADD_I32_LOAD16_U) ADD_LOAD(2, load_u16(p), INT_RESULT)
vmcase(I32_ADD_I64_LOAD) ADD_LOAD(8, load_u64(p), INT_RESULT)

/* ---------------------------------------------------- constants */
vmcase(I32_CONST) {
	fp[pc->s.h] = pc->s.a;
	vmnext(1);
}
vmcase(F32_CONST) {
	fp[pc->s.h] = pc->s.a;
	vmnext(1);
}
vmcase(I64_CONST) {
	fp[pc->s.h] = pc[1].u64;
	vmnext(2);
}
vmcase(F64_CONST) {
	fp[pc->s.h] = pc[1].u64;
	vmnext(2);
}

/* ------------------------------------------------------ i32 ops */
vmcase(I32_EQZ) I32_UNOP(a == 0)
I32_CMPS_EXPR(I32_OP)
vmcase(I32_CLZ) I32_UNOP(i32_clz(a))
vmcase(I32_CTZ) I32_UNOP(i32_ctz(a))
vmcase(I32_POPCNT) I32_UNOP(i32_popcnt(a))
I32_OP(ADD, a + b)
I32_OP(SUB, a - b)
I32_OP(MUL, a * b)
vmcase(I32_DIV_S) INT_DIVOP(uint32_t, i32_div_s)
vmcase(I32_DIV_U) INT_DIVOP(uint32_t, i32_div_u)
vmcase(I32_REM_S) INT_DIVOP(uint32_t, i32_rem_s)
vmcase(I32_REM_U) INT_DIVOP(uint32_t, i32_rem_u)
I32_OP(AND, a & b)
I32_OP(OR, a | b)
I32_OP(XOR, a ^ b)
I32_OP(SHL, i32_shl(a, b))
I32_OP(SHR_S, i32_shr_s(a, b))
I32_OP(SHR_U, i32_shr_u(a, b))
I32_OP(ROTL, i32_rotl(a, b))
I32_OP(ROTR, i32_rotr(a, b))
vmcase(I32_EXTEND8_S) I32_UNOP((int32_t)(int8_t)a)
vmcase(I32_EXTEND16_S) I32_UNOP((int32_t)(int16_t)a)

/* ------------------------------------------------------ i64 ops */
vmcase(I64_EQZ) I64_UNOP(a == 0)
I64_CMP_OP(EQ, a == b)
I64_CMP_OP(NE, a != b)
I64_CMP_OP(LT_S, (int64_t)a < (int64_t)b)
I64_CMP_OP(LT_U, a < b)
I64_CMP_OP(GT_S, (int64_t)a > (int64_t)b)
I64_CMP_OP(GT_U, a > b)
I64_CMP_OP(LE_S, (int64_t)a <= (int64_t)b)
I64_CMP_OP(LE_U, a <= b)
I64_CMP_OP(GE_S, (int64_t)a >= (int64_t)b)
I64_CMP_OP(GE_U, a >= b)
vmcase(I64_CLZ) I64_UNOP(i64_clz(a))
vmcase(I64_CTZ) I64_UNOP(i64_ctz(a))
vmcase(I64_POPCNT) I64_UNOP(i64_popcnt(a))
I64_OP(ADD, a + b)
I64_OP(SUB, a - b)
I64_OP(MUL, a * b)
vmcase(I64_DIV_S) INT_DIVOP(uint64_t, i64_div_s)
vmcase(I64_DIV_U) INT_DIVOP(uint64_t, i64_div_u)
vmcase(I64_REM_S) INT_DIVOP(uint64_t, i64_rem_s)
vmcase(I64_REM_U) INT_DIVOP(uint64_t, i64_rem_u)
I64_OP(AND, a & b)
I64_OP(OR, a | b)
I64_OP(XOR, a ^ b)
I64_OP(SHL, i64_shl(a, b))
I64_OP(SHR_S, i64_shr_s(a, b))
I64_OP(SHR_U, i64_shr_u(a, b))
I64_OP(ROTL, i64_rotl(a, b))
I64_OP(ROTR, i64_rotr(a, b))
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
vmcase(F32_ABS) CONVERT(f32_abs((uint32_t)a))
vmcase(F32_NEG) CONVERT(f32_neg((uint32_t)a))
vmcase(F32_COPYSIGN) {
	uint64_t a = X_SLOT, b = Y_SLOT;
	D_SLOT = f32_copysign((uint32_t)a, (uint32_t)b);
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
vmcase(F64_ABS) CONVERT(f64_abs(a))
vmcase(F64_NEG) CONVERT(f64_neg(a))
vmcase(F64_COPYSIGN) {
	uint64_t a = X_SLOT, b = Y_SLOT;
	D_SLOT = f64_copysign(a, b);
	vmnext(1);
}
vmcase(F64_CEIL) F64_UNOP(ceil(a))
vmcase(F64_FLOOR) F64_UNOP(floor(a))
vmcase(F64_TRUNC) F64_UNOP(trunc(a))
vmcase(F64_NEAREST) F64_UNOP(f64_nearest(a))
vmcase(F64_SQRT) F64_UNOP(sqrt(a))
F64_BINOPS_EXPR(F64_OP)
vmcase(F64_MIN) F64_BINOP(f64_of(X_SLOT), f64_of(Y_SLOT), 1, f64_min(a, b))
vmcase(F64_MAX) F64_BINOP(f64_of(X_SLOT), f64_of(Y_SLOT), 1, f64_max(a, b))

/* -------------------------------------------------- conversions */
vmcase(I32_WRAP_I64) CONVERT((uint32_t)a)
vmcase(I64_EXTEND_I32_S) CONVERT((uint64_t)(int64_t)(int32_t)a)
vmcase(I32_TRUNC_F32_S) TRUNCOP(uint32_t, i32_trunc_s, f32_of(X_SLOT))
vmcase(I32_TRUNC_F32_U) TRUNCOP(uint32_t, i32_trunc_u, f32_of(X_SLOT))
vmcase(I32_TRUNC_F64_S) TRUNCOP(uint32_t, i32_trunc_s, f64_of(X_SLOT))
vmcase(I32_TRUNC_F64_U) TRUNCOP(uint32_t, i32_trunc_u, f64_of(X_SLOT))
vmcase(I64_TRUNC_F32_S) TRUNCOP(uint64_t, i64_trunc_s, f32_of(X_SLOT))
vmcase(I64_TRUNC_F32_U) TRUNCOP(uint64_t, i64_trunc_u, f32_of(X_SLOT))
vmcase(I64_TRUNC_F64_S) TRUNCOP(uint64_t, i64_trunc_s, f64_of(X_SLOT))
vmcase(I64_TRUNC_F64_U) TRUNCOP(uint64_t, i64_trunc_u, f64_of(X_SLOT))
vmcase(I32_TRUNC_SAT_F32_S) CONVERT(i32_trunc_sat_s(f32_of(a)))
vmcase(I32_TRUNC_SAT_F32_U) CONVERT(i32_trunc_sat_u(f32_of(a)))
vmcase(I32_TRUNC_SAT_F64_S) CONVERT(i32_trunc_sat_s(f64_of(a)))
vmcase(I32_TRUNC_SAT_F64_U) CONVERT(i32_trunc_sat_u(f64_of(a)))
vmcase(I64_TRUNC_SAT_F32_S) CONVERT(i64_trunc_sat_s(f32_of(a)))
vmcase(I64_TRUNC_SAT_F32_U) CONVERT(i64_trunc_sat_u(f32_of(a)))
vmcase(I64_TRUNC_SAT_F64_S) CONVERT(i64_trunc_sat_s(f64_of(a)))
vmcase(I64_TRUNC_SAT_F64_U) CONVERT(i64_trunc_sat_u(f64_of(a)))
vmcase(F32_CONVERT_I32_S) CONVERT(f32_bits((float)(int32_t)a))
vmcase(F32_CONVERT_I32_U) CONVERT(f32_bits((float)(uint32_t)a))
vmcase(F32_CONVERT_I64_S) CONVERT(f32_bits((float)(int64_t)a))
vmcase(F32_CONVERT_I64_U) CONVERT(f32_bits((float)a))
vmcase(F32_DEMOTE_F64) CONVERT(f32_result((float)f64_of(a)))
vmcase(F64_CONVERT_I32_S) CONVERT(f64_bits((double)(int32_t)a))
vmcase(F64_CONVERT_I32_U) CONVERT(f64_bits((double)(uint32_t)a))
vmcase(F64_CONVERT_I64_S) CONVERT(f64_bits((double)(int64_t)a))
vmcase(F64_CONVERT_I64_U) CONVERT(f64_bits((double)a))
vmcase(F64_PROMOTE_F32) CONVERT(f64_result((double)f32_of(a)))
/* Reinterpretations and i64.extend_i32_u keep the bits (an f32/i32
 * slot's upper half is already zero): not emitted (code.h). */
NOT_EMITTED(I32_REINTERPRET_F32)
NOT_EMITTED(I64_REINTERPRET_F64)
NOT_EMITTED(F32_REINTERPRET_I32)
NOT_EMITTED(F64_REINTERPRET_I64)
NOT_EMITTED(I64_EXTEND_I32_U)

/* --------------------------------------------------- references */
vmcase(REF_NULL) {
	fp[pc->s.h] = 0;
	vmnext(1);
}
vmcase(REF_IS_NULL) {
	STACK_AT_H();
	sp[-1] = sp[-1] == 0;
	vmnext(1);
}
vmcase(REF_FUNC) {
	fp[pc->s.h] = (uint64_t)(uintptr_t)in->inst->funcs[pc->s.a];
	vmnext(1);
}

/* ---------------------------------------------------------- SIMD */
vmcase(SIMD) {
	STACK_AT_H();
	enum wrr_simd_op op = (enum wrr_simd_op)(pc->s.a & 0xff);
	wrr_simd_exec(op, pc->s.a >> 8, (const uint8_t *)(pc + 1), sp);
	vmnext(1 + wrr_simd_extra_units(op));
}
vmcase(SIMD_MEM) {
	STACK_AT_H();
	enum wrr_simd_op op = (enum wrr_simd_op)pc[1].u32[0];
	uint32_t above = wrr_simd_operands_above_address(op);
	uint64_t ea = effective(sp[-1 - (int)above], pc->s.a);
	if (unlikely(ea + wrr_opcode_infos[WRR_OP_SIMD_FIRST + op].access >
		     in->size))
		vmtrap(WRR_TRAP_MEMORY_OOB);
	wrr_simd_memory(op, data + ea, pc[1].u32[1], sp);
	vmnext(2);
}


/* ------------------------------------------------------ dispatch table */
#define WRR_X_HANDLER(name, text, code, imm, sig, access)                     \
	[WRR_OP_##name] = HNAME(name),
#define WRR_X_C_HANDLERS(name)                                                 \
	[WRR_IOP_I32_##name##_C] = HNAME(I32_##name##_C),                      \
	[WRR_IOP_I64_##name##_C] = HNAME(I64_##name##_C),
#define WRR_X_A_HANDLERS(name) [WRR_IOP_##name##_A] = HNAME(name##_A),
#define WRR_X_F64_C_HANDLERS(name)                                             \
	[WRR_IOP_F64_##name##_C] = HNAME(F64_##name##_C),
#define WRR_X_SHIFT_COMBINE_HANDLER(s, c)                                      \
	[WRR_IOP_I32_##s##_C_##c] = HNAME(I32_##s##_C_##c),
#define WRR_X_SHIFT2_COMBINE_HANDLER(s1, s2, c)                                \
	[WRR_IOP_I32_##s1##_##s2##_##c] = HNAME(I32_##s1##_##s2##_##c),
#define WRR_X_SHIFT3_XOR_HANDLER(s3)                                           \
	[WRR_IOP_I32_ROTL_ROTL_XOR_##s3##_XOR] =                               \
		HNAME(I32_ROTL_ROTL_XOR_##s3##_XOR),
#define WRR_X_F64_LOAD_OP_HANDLERS(name)                                       \
	[WRR_IOP_F64_LOAD_##name##_X] = HNAME(F64_LOAD_##name##_X),            \
	[WRR_IOP_F64_LOAD_##name##_Y] = HNAME(F64_LOAD_##name##_Y),            \
	[WRR_IOP_F64_LOAD_A_##name##_X] = HNAME(F64_LOAD_A_##name##_X),        \
	[WRR_IOP_F64_LOAD_A_##name##_Y] = HNAME(F64_LOAD_A_##name##_Y),
#define WRR_X_F64_LOAD_OP_STORE_HANDLERS(name)                                 \
	[WRR_IOP_F64_LOAD_##name##_X_STORE] = HNAME(F64_LOAD_##name##_X_STORE), \
	[WRR_IOP_F64_LOAD_##name##_Y_STORE] = HNAME(F64_LOAD_##name##_Y_STORE),
#define WRR_X_F64_MUL_THEN_HANDLERS(name)                                      \
	[WRR_IOP_F64_MUL_##name##_X] = HNAME(F64_MUL_##name##_X),              \
	[WRR_IOP_F64_MUL_##name##_Y] = HNAME(F64_MUL_##name##_Y),
#define WRR_X_F64_MUL_UPDATE_HANDLERS(u)                                       \
	[WRR_IOP_F64_MUL_LOAD_##u##_STORE] = HNAME(F64_MUL_LOAD_##u##_STORE),  \
	[WRR_IOP_F64_MUL_C_LOAD_##u##_STORE] =                                 \
		HNAME(F64_MUL_C_LOAD_##u##_STORE),
#define WRR_X_ADD_LOAD_HANDLER(load)                                           \
	[WRR_IOP_I32_ADD_##load] = HNAME(I32_ADD_##load),
#define WRR_X_ADD_C_JUMP_HANDLERS(name, neg)                                   \
	[WRR_IOP_I32_ADD_C_JUMP_IF_##name] = HNAME(I32_ADD_C_JUMP_IF_##name),  \
	[WRR_IOP_I32_ADD_C_JUMP_IF_##name##_C] =                               \
		HNAME(I32_ADD_C_JUMP_IF_##name##_C),
#define WRR_X_F64_LOAD_LOAD_HANDLERS(name)                                     \
	[WRR_IOP_F64_LOAD_LOAD_##name##_X] = HNAME(F64_LOAD_LOAD_##name##_X),  \
	[WRR_IOP_F64_LOAD_LOAD_##name##_Y] = HNAME(F64_LOAD_LOAD_##name##_Y),
#define WRR_X_BINOP_PAIR_HANDLER(a, b)                                         \
	[WRR_IOP_I32_##a##_##b] = HNAME(I32_##a##_##b),
#define WRR_X_AX_HANDLER(name) [WRR_IOP_##name##_AX] = HNAME(name##_AX),
#define WRR_X_AY_HANDLER(name) [WRR_IOP_##name##_AY] = HNAME(name##_AY),
#define WRR_X_JUMP_HANDLERS(name, neg)                                         \
	[WRR_IOP_JUMP_IF_##name] = HNAME(JUMP_IF_##name),                      \
	[WRR_IOP_JUMP_IF_##name##_C] = HNAME(JUMP_IF_##name##_C),
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winitializer-overrides"
static wrr_handler *const INTERP_LOOP_TABLE[2 * WRR_IOP_TABLE_SIZE] = {
	/* Ops that lowering never emits (code.h) keep this entry. */
	[0 ... WRR_IOP_TABLE_SIZE - 1] = HNAME(bad_code),
	WRR_OPCODES_BASE(WRR_X_HANDLER) WRR_OPCODES_FC(WRR_X_HANDLER)
	[WRR_IOP_JUMP] = HNAME(JUMP),
	[WRR_IOP_JUMP_IF_ZERO] = HNAME(JUMP_IF_ZERO),
	[WRR_IOP_JUMP_IF_NONZERO] = HNAME(JUMP_IF_NONZERO),
	[WRR_IOP_COPY] = HNAME(COPY),
	[WRR_IOP_COPY_V128] = HNAME(COPY_V128),
	[WRR_IOP_SELECT_V128] = HNAME(SELECT_V128),
	[WRR_IOP_GLOBAL_GET_V128] = HNAME(GLOBAL_GET_V128),
	[WRR_IOP_GLOBAL_SET_V128] = HNAME(GLOBAL_SET_V128),
	[WRR_IOP_SIMD] = HNAME(SIMD),
	[WRR_IOP_SIMD_MEM] = HNAME(SIMD_MEM),
	WRR_IOP_INT_BINOPS(WRR_X_C_HANDLERS)
	WRR_IOP_F64_BINOPS(WRR_X_F64_C_HANDLERS)
	WRR_IOP_LOADS(WRR_X_A_HANDLERS)
	WRR_IOP_STORES(WRR_X_A_HANDLERS)
	WRR_IOP_I32_CMPS(WRR_X_JUMP_HANDLERS)
	WRR_IOP_ACC_XY(WRR_X_AX_HANDLER) WRR_IOP_ACC_XY(WRR_X_AY_HANDLER)
	WRR_IOP_ACC_X(WRR_X_AX_HANDLER)
	[WRR_IOP_COPY2] = HNAME(COPY2),
	[WRR_IOP_COPY3] = HNAME(COPY3),
	[WRR_IOP_COPY4] = HNAME(COPY4),
	[WRR_IOP_I32_ADD_C2] = HNAME(I32_ADD_C2),
	[WRR_IOP_F64_STORE_LOAD] = HNAME(F64_STORE_LOAD),
	[WRR_IOP_I32_ADD_ADD] = HNAME(I32_ADD_ADD),
	[WRR_IOP_I32_ADD3] = HNAME(I32_ADD3),
	WRR_IOP_I32_SHIFT_COMBINE(WRR_X_SHIFT_COMBINE_HANDLER)
	WRR_IOP_I32_SHIFT2_COMBINE(WRR_X_SHIFT2_COMBINE_HANDLER)
	WRR_IOP_I32_SHIFT3_XOR(WRR_X_SHIFT3_XOR_HANDLER)
	WRR_IOP_F64_BINOPS(WRR_X_F64_LOAD_OP_HANDLERS)
	WRR_IOP_F64_BINOPS(WRR_X_F64_LOAD_OP_STORE_HANDLERS)
	WRR_IOP_F64_MUL_THEN(WRR_X_F64_MUL_THEN_HANDLERS)
	WRR_IOP_F64_MUL_UPDATES(WRR_X_F64_MUL_UPDATE_HANDLERS)
	WRR_IOP_ADD_LOADS(WRR_X_ADD_LOAD_HANDLER)
	WRR_IOP_I32_CMPS(WRR_X_ADD_C_JUMP_HANDLERS)
	[WRR_IOP_COPY_JUMP] = HNAME(COPY_JUMP),
	[WRR_IOP_COPY2_JUMP] = HNAME(COPY2_JUMP),
	WRR_IOP_I32_BINOP_PAIRS(WRR_X_BINOP_PAIR_HANDLER)
	WRR_IOP_F64_BINOPS(WRR_X_F64_LOAD_LOAD_HANDLERS)
	[WRR_IOP_TABLE_SIZE ... 2 * WRR_IOP_TABLE_SIZE - 1] = HNAME(out_of_fuel),
};
#pragma clang diagnostic pop
#undef WRR_X_HANDLER
#undef WRR_X_C_HANDLERS
#undef WRR_X_A_HANDLERS
#undef WRR_X_F64_C_HANDLERS
#undef WRR_X_JUMP_HANDLERS
#undef WRR_X_AX_HANDLER
#undef WRR_X_SHIFT_COMBINE_HANDLER
#undef WRR_X_SHIFT2_COMBINE_HANDLER
#undef WRR_X_SHIFT3_XOR_HANDLER
#undef WRR_X_F64_LOAD_OP_STORE_HANDLERS
#undef WRR_X_F64_MUL_THEN_HANDLERS
#undef WRR_X_F64_MUL_UPDATE_HANDLERS
#undef WRR_X_ADD_LOAD_HANDLER
#undef WRR_X_ADD_C_JUMP_HANDLERS
#undef WRR_X_BINOP_PAIR_HANDLER
#undef WRR_X_F64_LOAD_LOAD_HANDLERS
#undef WRR_X_F64_LOAD_OP_HANDLERS
#undef WRR_X_AY_HANDLER
#undef NOT_EMITTED
#undef vmdispatch
