/*
 * interp_loop.h — the body of the interpreter's dispatch loop, included
 * twice by interp.c (never elsewhere) to make two functions that differ only
 * in how they dispatch:
 *   INTERP_LOOP_EXACT 1: every instruction consumes a unit of fuel and the
 *     run stops exactly when it is used up (fuel was set: stepping, budgets);
 *   INTERP_LOOP_EXACT 0: unlimited fuel; every instruction still counts one
 *     unit of progress (a decrement), but there is no test. If a host
 *     function sets a budget, the loop hands over to the exact one after the
 *     call (*switched).
 * INTERP_LOOP_NAME is the function's name. The instruction semantics, the
 * shapes (I32_BINOP ...) and the helpers are in interp.c.
 */

/* Dispatch: consume a unit of fuel and jump to the case of the instruction
 * at pc, or to out_of_fuel when there was none left. The fuel test is folded
 * into the table index (bit 9 set when fuel was 0; those entries all lead to
 * out_of_fuel) rather than written as a branch: with a branch, clang merges
 * every dispatch into one shared indirect jump, which costs ~25% on tight
 * loops; branch-free, each case keeps its own indirect jump. */
#if INTERP_LOOP_EXACT
#define vmdispatch()                                                           \
	do {                                                                   \
		uint32_t op_ = pc->s.op | (uint32_t)(fuel-- == 0) << 9;      \
		goto *dispatch_table[op_];                                     \
	} while (0)
#else
#define vmdispatch()                                                           \
	do {                                                                   \
		fuel--;                                                        \
		goto *dispatch_table[pc->s.op];                                \
	} while (0)
#endif

static enum wrr_status INTERP_LOOP_NAME(struct wrr_store *store,
				       uint32_t base_depth, bool *fuel_stop,
				       bool *switched, struct wrr_error *err)
{
#define WRR_X_C_LABELS(name)                                                   \
	[WRR_IOP_I32_##name##_C] = &&op_I32_##name##_C,                        \
	[WRR_IOP_I64_##name##_C] = &&op_I64_##name##_C,
#define WRR_X_A_LABELS(name) [WRR_IOP_##name##_A] = &&op_##name##_A,
#define WRR_X_F64_C_LABELS(name) [WRR_IOP_F64_##name##_C] = &&op_F64_##name##_C,
#define WRR_X_JUMP_LABELS(name, neg)                                           \
	[WRR_IOP_JUMP_IF_##name] = &&op_JUMP_IF_##name,                        \
	[WRR_IOP_JUMP_IF_##name##_C] = &&op_JUMP_IF_##name##_C,
	static const void *const dispatch_table[2 * 512] = {
#define WRR_X_LABEL(name, text, code, imm, sig, access) &&op_##name,
		WRR_OPCODES_BASE(WRR_X_LABEL) WRR_OPCODES_FC(WRR_X_LABEL)
#undef WRR_X_LABEL
		[WRR_IOP_JUMP] = &&op_JUMP,
		[WRR_IOP_JUMP_IF_ZERO] = &&op_JUMP_IF_ZERO,
		[WRR_IOP_JUMP_IF_NONZERO] = &&op_JUMP_IF_NONZERO,
		[WRR_IOP_COPY] = &&op_COPY,
		[WRR_IOP_COPY_V128] = &&op_COPY_V128,
		[WRR_IOP_SELECT_V128] = &&op_SELECT_V128,
		[WRR_IOP_GLOBAL_GET_V128] = &&op_GLOBAL_GET_V128,
		[WRR_IOP_GLOBAL_SET_V128] = &&op_GLOBAL_SET_V128,
		[WRR_IOP_SIMD] = &&op_SIMD,
		[WRR_IOP_SIMD_MEM] = &&op_SIMD_MEM,
		WRR_IOP_INT_BINOPS(WRR_X_C_LABELS)
		WRR_IOP_F64_BINOPS(WRR_X_F64_C_LABELS)
		WRR_IOP_LOADS(WRR_X_A_LABELS)
		WRR_IOP_STORES(WRR_X_A_LABELS)
		WRR_IOP_I32_CMPS(WRR_X_JUMP_LABELS)
		[512 ... 1023] = &&out_of_fuel,
	};
#undef WRR_X_C_LABELS
#undef WRR_X_A_LABELS
#undef WRR_X_F64_C_LABELS
#undef WRR_X_JUMP_LABELS

	struct wrr_frame *const frames = store->frames;
	struct wrr_frame *const frames_end = frames + store->limits.max_call_depth;
	struct wrr_frame *const base = frames + base_depth;
	uint64_t *const stack_end = store->stack_end;

	struct wrr_frame *frame = frames + store->depth - 1;
	const union wrr_code *pc = frame->pc;
	uint64_t *fp = frame->fp;
	uint64_t *sp = NULL; /* s-form instructions: fp + h (STACK_AT_H) */
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
	(void)switched; /* set by the counting loop only */
	vmdispatch();

	/* ------------------------------------------------------- control */
	vmcase(UNREACHABLE) vmtrap(WRR_TRAP_UNREACHABLE);
	vmcase(NOP) vmcase(BLOCK) vmcase(LOOP) vmcase(IF) vmcase(ELSE)
	vmcase(END) vmcase(SELECT_T) vmcase(DROP) vmcase(LOCAL_GET)
	vmcase(LOCAL_SET) vmcase(LOCAL_TEE) goto bad_code;

	vmcase(JUMP) {
		pc += (int32_t)pc->s.a;
		vmdispatch();
	}
	vmcase(JUMP_IF_ZERO) {
		if ((uint32_t)fp[pc->s.h] == 0)
			pc += (int32_t)pc->s.a;
		else
			pc++;
		vmdispatch();
	}
	vmcase(JUMP_IF_NONZERO) {
		if ((uint32_t)fp[pc->s.h] != 0)
			pc += (int32_t)pc->s.a;
		else
			pc++;
		vmdispatch();
	}
	JUMP_IF_CMP(EQ, a == b)
	JUMP_IF_CMP(NE, a != b)
	JUMP_IF_CMP(LT_S, (int32_t)a < (int32_t)b)
	JUMP_IF_CMP(LT_U, a < b)
	JUMP_IF_CMP(GT_S, (int32_t)a > (int32_t)b)
	JUMP_IF_CMP(GT_U, a > b)
	JUMP_IF_CMP(LE_S, (int32_t)a <= (int32_t)b)
	JUMP_IF_CMP(LE_U, a <= b)
	JUMP_IF_CMP(GE_S, (int32_t)a >= (int32_t)b)
	JUMP_IF_CMP(GE_U, a >= b)
	vmcase(BR_IF) {
		if ((uint32_t)fp[pc->s.h] == 0)
			vmnext(2);
	}
	/* fall through: taken */
	vmcase(BR) {
		uint64_t *dst = fp + pc[1].mv.dst;
		const uint64_t *src = fp + pc[1].mv.src;
		uint32_t n = pc[1].mv.n;
#pragma clang loop vectorize(disable) interleave(disable)
		for (uint32_t i = 0; i < n; i++)
			dst[i] = src[i];
		pc += (int32_t)pc->s.a;
		vmdispatch();
	}
	vmcase(BR_TABLE) {
		uint32_t i = (uint32_t)fp[pc->s.h];
		if (i > pc->s.a)
			i = pc->s.a;
		const union wrr_code *entry = pc + 1 + 2 * (size_t)i;
		uint64_t *dst = fp + entry[1].mv.dst;
		const uint64_t *src = fp + entry[1].mv.src;
		uint32_t n = entry[1].mv.n;
#pragma clang loop vectorize(disable) interleave(disable)
		for (uint32_t k = 0; k < n; k++)
			dst[k] = src[k];
		pc = entry + (int32_t)entry[0].u32[0];
		vmdispatch();
	}
	vmcase(RETURN) {
		uint32_t n = frame->func->result_slots;
		const uint64_t *src = fp + pc->s.h - n;
#pragma clang loop vectorize(disable) interleave(disable)
		for (uint32_t i = 0; i < n; i++)
			fp[i] = src[i];
		if (frame == base) {
			frame--;
			goto finished;
		}
		frame--;
		fp = frame->fp;
		pc = frame->pc + call_length(frame->pc);
		if (frame->func->instance != inst) {
			inst = frame->func->instance;
			mem = memory0(inst);
		}
		vmdispatch();
	}
	vmcase(CALL) {
		callee = inst->funcs[pc->s.a];
		goto call;
	}
	vmcase(CALL_INDIRECT) {
		const struct wrr_table *t = inst->tables[pc[1].u32[0]];
		uint32_t i = (uint32_t)fp[pc[1].u32[1]];
		if (unlikely(i >= t->size))
			vmtrap(WRR_TRAP_UNDEFINED_ELEMENT);
		if (unlikely(t->elems[i] == 0))
			vmtrap(WRR_TRAP_UNINITIALIZED_ELEMENT);
		callee = (struct wrr_func *)(uintptr_t)t->elems[i];
		if (unlikely(callee->type_id != inst->type_ids[pc->s.a]))
			vmtrap(WRR_TRAP_INDIRECT_CALL_TYPE);
		goto call;
	}

	/* ---------------------------------------------------- parametric */
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
		fp[pc->s.h] = inst->globals[pc->s.a]->val[0];
		vmnext(1);
	}
	vmcase(GLOBAL_SET) {
		inst->globals[pc->s.a]->val[0] = fp[pc->s.h];
		vmnext(1);
	}
	vmcase(GLOBAL_GET_V128) {
		const struct wrr_global *g = inst->globals[pc->s.a];
		fp[pc->s.h] = g->val[0];
		fp[pc->s.h + 1] = g->val[1];
		vmnext(1);
	}
	vmcase(GLOBAL_SET_V128) {
		struct wrr_global *g = inst->globals[pc->s.a];
		g->val[0] = fp[pc->s.h];
		g->val[1] = fp[pc->s.h + 1];
		vmnext(1);
	}

	/* ------------------------------------------------------- tables */
	vmcase(TABLE_GET) {
		STACK_AT_H();
		const struct wrr_table *t = inst->tables[pc->s.a];
		uint32_t i = (uint32_t)sp[-1];
		if (unlikely(i >= t->size))
			vmtrap(WRR_TRAP_TABLE_OOB);
		sp[-1] = t->elems[i];
		vmnext(1);
	}
	vmcase(TABLE_SET) {
		STACK_AT_H();
		struct wrr_table *t = inst->tables[pc->s.a];
		uint32_t i = (uint32_t)sp[-2];
		if (unlikely(i >= t->size))
			vmtrap(WRR_TRAP_TABLE_OOB);
		t->elems[i] = sp[-1];
		vmnext(1);
	}
	vmcase(TABLE_SIZE) {
		STACK_AT_H();
		sp[0] = inst->tables[pc->s.a]->size;
		vmnext(1);
	}
	vmcase(TABLE_GROW) {
		STACK_AT_H();
		int32_t old = wrr_table_grow(inst->tables[pc->s.a],
					     (uint32_t)sp[-1], sp[-2]);
		sp[-2] = (uint32_t)old;
		vmnext(1);
	}
	vmcase(TABLE_FILL) {
		STACK_AT_H();
		struct wrr_table *t = inst->tables[pc->s.a];
		uint64_t i = (uint32_t)sp[-3], val = sp[-2], n = (uint32_t)sp[-1];
		if (unlikely(!range_ok(i, n, t->size)))
			vmtrap(WRR_TRAP_TABLE_OOB);
		for (uint64_t k = 0; k < n; k++)
			t->elems[i + k] = val;
		vmnext(1);
	}
	vmcase(TABLE_COPY) {
		STACK_AT_H();
		struct wrr_table *dt = inst->tables[pc->s.a];
		const struct wrr_table *st = inst->tables[pc[1].u32[0]];
		uint64_t d = (uint32_t)sp[-3], s = (uint32_t)sp[-2];
		uint64_t n = (uint32_t)sp[-1];
		if (unlikely(!range_ok(s, n, st->size) || !range_ok(d, n, dt->size)))
			vmtrap(WRR_TRAP_TABLE_OOB);
		memmove(dt->elems + d, st->elems + s, n * sizeof *dt->elems);
		vmnext(2);
	}
	vmcase(TABLE_INIT) {
		STACK_AT_H();
		struct wrr_table *t = inst->tables[pc->s.a];
		uint32_t e = pc[1].u32[0];
		uint64_t d = (uint32_t)sp[-3], s = (uint32_t)sp[-2];
		uint64_t n = (uint32_t)sp[-1];
		if (!range_ok(s, n, inst->elem_sizes[e]) ||
		    !range_ok(d, n, t->size))
			vmtrap(WRR_TRAP_TABLE_OOB);
		if (n != 0)
			memcpy(t->elems + d, inst->elem_refs[e] + s,
			       n * sizeof *t->elems);
		vmnext(2);
	}
	vmcase(ELEM_DROP) {
		inst->elem_sizes[pc->s.a] = 0;
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
	vmcase(I32_LOAD_A) LOAD_A(4, load_u32(p))
	vmcase(I64_LOAD_A) LOAD_A(8, load_u64(p))
	vmcase(F32_LOAD_A) LOAD_A(4, load_u32(p))
	vmcase(F64_LOAD_A) LOAD_A(8, load_u64(p))
	vmcase(I32_LOAD8_S_A) LOAD_A(1, (uint32_t)(int32_t)(int8_t)p[0])
	vmcase(I32_LOAD8_U_A) LOAD_A(1, p[0])
	vmcase(I32_LOAD16_S_A)
		LOAD_A(2, (uint32_t)(int32_t)(int16_t)load_u16(p))
	vmcase(I32_LOAD16_U_A) LOAD_A(2, load_u16(p))
	vmcase(I64_LOAD8_S_A) LOAD_A(1, (uint64_t)(int64_t)(int8_t)p[0])
	vmcase(I64_LOAD8_U_A) LOAD_A(1, p[0])
	vmcase(I64_LOAD16_S_A)
		LOAD_A(2, (uint64_t)(int64_t)(int16_t)load_u16(p))
	vmcase(I64_LOAD16_U_A) LOAD_A(2, load_u16(p))
	vmcase(I64_LOAD32_S_A)
		LOAD_A(4, (uint64_t)(int64_t)(int32_t)load_u32(p))
	vmcase(I64_LOAD32_U_A) LOAD_A(4, load_u32(p))
	vmcase(I32_STORE_A) STORE_A(4)
	vmcase(I64_STORE_A) STORE_A(8)
	vmcase(F32_STORE_A) STORE_A(4)
	vmcase(F64_STORE_A) STORE_A(8)
	vmcase(I32_STORE8_A) STORE_A(1)
	vmcase(I32_STORE16_A) STORE_A(2)
	vmcase(I64_STORE8_A) STORE_A(1)
	vmcase(I64_STORE16_A) STORE_A(2)
	vmcase(I64_STORE32_A) STORE_A(4)
	vmcase(MEMORY_SIZE) {
		STACK_AT_H();
		sp[0] = mem->pages;
		vmnext(1);
	}
	vmcase(MEMORY_GROW) {
		STACK_AT_H();
		sp[-1] = (uint32_t)wrr_memory_grow(mem, (uint32_t)sp[-1]);
		vmnext(1);
	}
	vmcase(MEMORY_INIT) {
		STACK_AT_H();
		uint32_t k = pc->s.a;
		uint64_t d = (uint32_t)sp[-3], s = (uint32_t)sp[-2];
		uint64_t n = (uint32_t)sp[-1];
		if (!range_ok(s, n, inst->data_sizes[k]) ||
		    !range_ok(d, n, mem->size))
			vmtrap(WRR_TRAP_MEMORY_OOB);
		if (n != 0)
			memcpy(mem->data + d, inst->module->datas[k].bytes + s, n);
		vmnext(1);
	}
	vmcase(DATA_DROP) {
		inst->data_sizes[pc->s.a] = 0;
		vmnext(1);
	}
	vmcase(MEMORY_COPY) {
		STACK_AT_H();
		uint64_t d = (uint32_t)sp[-3], s = (uint32_t)sp[-2];
		uint64_t n = (uint32_t)sp[-1];
		if (unlikely(!range_ok(s, n, mem->size) || !range_ok(d, n, mem->size)))
			vmtrap(WRR_TRAP_MEMORY_OOB);
		memmove(mem->data + d, mem->data + s, n);
		vmnext(1);
	}
	vmcase(MEMORY_FILL) {
		STACK_AT_H();
		uint64_t d = (uint32_t)sp[-3], n = (uint32_t)sp[-1];
		if (unlikely(!range_ok(d, n, mem->size)))
			vmtrap(WRR_TRAP_MEMORY_OOB);
		memset(mem->data + d, (int)(uint8_t)sp[-2], n);
		vmnext(1);
	}

	/* ---------------------------------------------------- constants */
	vmcase(I32_CONST) vmcase(F32_CONST) {
		fp[pc->s.h] = pc->s.a;
		vmnext(1);
	}
	vmcase(I64_CONST) vmcase(F64_CONST) {
		fp[pc->s.h] = pc[1].u64;
		vmnext(2);
	}

	/* ------------------------------------------------------ i32 ops */
	vmcase(I32_EQZ) I32_UNOP(a == 0)
	I32_OP(EQ, a == b)
	I32_OP(NE, a != b)
	I32_OP(LT_S, (int32_t)a < (int32_t)b)
	I32_OP(LT_U, a < b)
	I32_OP(GT_S, (int32_t)a > (int32_t)b)
	I32_OP(GT_U, a > b)
	I32_OP(LE_S, (int32_t)a <= (int32_t)b)
	I32_OP(LE_U, a <= b)
	I32_OP(GE_S, (int32_t)a >= (int32_t)b)
	I32_OP(GE_U, a >= b)
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
	F64_OP(ADD, a + b)
	F64_OP(SUB, a - b)
	F64_OP(MUL, a * b)
	F64_OP(DIV, a / b)
	vmcase(F64_MIN) F64_BINOP(f64_min(a, b))
	vmcase(F64_MAX) F64_BINOP(f64_max(a, b))

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
	vmcase(I32_REINTERPRET_F32) vmcase(I64_REINTERPRET_F64)
	vmcase(F32_REINTERPRET_I32) vmcase(F64_REINTERPRET_I64)
	vmcase(I64_EXTEND_I32_U) goto bad_code;

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
		fp[pc->s.h] = (uint64_t)(uintptr_t)inst->funcs[pc->s.a];
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
			     mem->size))
			vmtrap(WRR_TRAP_MEMORY_OOB);
		wrr_simd_memory(op, mem->data + ea, pc[1].u32[1], sp);
		vmnext(2);
	}

	/* --------------------------------------------------------- calls */
call:
	/* pc is the CALL or CALL_INDIRECT: its h is the callee's fp. */
	frame->pc = pc;
	if (callee->is_host)
		goto host_call;
	{
		const struct wrr_code_func *c = &callee->body->code;
		if (unlikely(!wrr_code_ready(c)) &&
		    (status = wrr_func_ensure_lowered(callee, err)) != WRR_OK)
			goto leave;
		uint64_t *nfp = fp + pc->s.h;
		if (frame + 1 == frames_end ||
		    c->max_height > (size_t)(stack_end - nfp)) {
			status = wrr_error_set(err, WRR_EXHAUSTION,
					       "call stack exhausted");
			goto leave;
		}
		for (uint32_t l = c->param_slots; l < c->local_slots; l++)
			nfp[l] = 0;
		frame++;
		frame->fp = fp = nfp;
		frame->func = callee;
		pc = c->code;
		if (callee->instance != inst) {
			inst = callee->instance;
			mem = memory0(inst);
		}
		vmdispatch();
	}

host_call: {
	/* Arguments at fp[h ..]; the results are written above every value
	 * of this frame, then moved there. A nested call from the host
	 * function starts above them. */
	uint64_t *args = fp + pc->s.h;
	uint64_t *results = frame_top(fp, frame->func);
	if (callee->result_slots > (size_t)(stack_end - results)) {
		status = wrr_error_set(err, WRR_EXHAUSTION,
				       "call stack exhausted");
		goto leave;
	}
	store->sp = results + callee->result_slots;
	store->depth = (uint32_t)(frame - frames) + 1;
	store->progress -= fuel;
	if (!store->fuel_unlimited)
		store->fuel = fuel;
	status = wrr_host_invoke(store, callee, inst, args, results, err);
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
		args[i] = results[i];
#if !INTERP_LOOP_EXACT
	if (unlikely(!store->fuel_unlimited)) {
		/* The host function set a fuel budget: the exact loop goes on
		 * after the call. */
		frame->pc = pc + call_length(pc);
		*switched = true;
		goto leave;
	}
#endif
	vmnext(call_length(pc));
}

	/* ------------------------------------------------------ leaving */
finished:
	store->sp = frame_top(fp, (frame + 1)->func);
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
			       pc->s.op);
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
	store->sp = frame_top(frame->fp, frame->func);
	store->depth = (uint32_t)(frame - frames) + 1;
	store->progress -= fuel;
	if (!store->fuel_unlimited)
		store->fuel = fuel;
	return status;
}

#undef vmdispatch
