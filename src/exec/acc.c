/*
 * acc.c — which internal ops use the interpreter's accumulators (code.h,
 * "accumulator forms"): the result each op's handler leaves in acc or facc
 * (interp.c), and the accumulator forms that read an operand from one.
 * Lowering uses these to choose forms (src/valid/lower.c); the interpreter
 * to load the accumulator when a run starts at an accumulator form.
 */
#include "exec/code.h"

/* Later entries override earlier ones (the f64 special cases). */
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winitializer-overrides"

/* Results: every handler listed writes its result to acc (WRR_ACC_INT, the
 * slot's 64 bits) or facc (WRR_ACC_F64) as well as to its slot. */
#define INT_BINOP_RESULT(b)                                                    \
	[WRR_IOP_I32_##b] = WRR_ACC_INT, [WRR_IOP_I32_##b##_C] = WRR_ACC_INT,  \
	[WRR_IOP_I32_##b##_AX] = WRR_ACC_INT,                                  \
	[WRR_IOP_I32_##b##_AY] = WRR_ACC_INT,                                  \
	[WRR_IOP_I32_##b##_C_AX] = WRR_ACC_INT,                                \
	[WRR_IOP_I64_##b] = WRR_ACC_INT, [WRR_IOP_I64_##b##_C] = WRR_ACC_INT,  \
	[WRR_IOP_I64_##b##_AX] = WRR_ACC_INT,                                  \
	[WRR_IOP_I64_##b##_AY] = WRR_ACC_INT,                                  \
	[WRR_IOP_I64_##b##_C_AX] = WRR_ACC_INT,
#define F64_BINOP_RESULT(b)                                                    \
	[WRR_IOP_F64_##b] = WRR_ACC_F64, [WRR_IOP_F64_##b##_C] = WRR_ACC_F64,  \
	[WRR_IOP_F64_##b##_AX] = WRR_ACC_F64,                                  \
	[WRR_IOP_F64_##b##_AY] = WRR_ACC_F64,                                  \
	[WRR_IOP_F64_##b##_C_AX] = WRR_ACC_F64,
#define LOAD_RESULT(name)                                                      \
	[WRR_IOP_##name] = WRR_ACC_INT, [WRR_IOP_##name##_A] = WRR_ACC_INT,    \
	[WRR_IOP_##name##_AX] = WRR_ACC_INT,                                   \
	[WRR_IOP_##name##_A_AX] = WRR_ACC_INT,

#define SHIFT_COMBINE_RESULT(s, c) [WRR_IOP_I32_##s##_C_##c] = WRR_ACC_INT,
#define SHIFT3_XOR_RESULT(s3)                                                  \
	[WRR_IOP_I32_ROTL_ROTL_XOR_##s3##_XOR] = WRR_ACC_INT,
#define SHIFT2_COMBINE_RESULT(s1, s2, c)                                       \
	[WRR_IOP_I32_##s1##_##s2##_##c] = WRR_ACC_INT,
#define F64_LOAD_OP_RESULT(b)                                                  \
	[WRR_IOP_F64_LOAD_##b##_X] = WRR_ACC_F64,                              \
	[WRR_IOP_F64_LOAD_##b##_Y] = WRR_ACC_F64,                              \
	[WRR_IOP_F64_LOAD_A_##b##_X] = WRR_ACC_F64,                            \
	[WRR_IOP_F64_LOAD_A_##b##_Y] = WRR_ACC_F64,
#define F64_LOAD_OP_STORE_RESULT(b)                                            \
	[WRR_IOP_F64_LOAD_##b##_X_STORE] = WRR_ACC_F64,                        \
	[WRR_IOP_F64_LOAD_##b##_Y_STORE] = WRR_ACC_F64,
#define F64_MUL_THEN_RESULT(b)                                                 \
	[WRR_IOP_F64_MUL_##b##_X] = WRR_ACC_F64,                               \
	[WRR_IOP_F64_MUL_##b##_Y] = WRR_ACC_F64,
#define F64_MUL_UPDATE_RESULT(u)                                               \
	[WRR_IOP_F64_MUL_LOAD_##u##_STORE] = WRR_ACC_F64,                      \
	[WRR_IOP_F64_MUL_C_LOAD_##u##_STORE] = WRR_ACC_F64,
#define ADD_LOAD_RESULT(load) [WRR_IOP_I32_ADD_##load] = WRR_ACC_INT,
#define BINOP_PAIR_RESULT(a, b) [WRR_IOP_I32_##a##_##b] = WRR_ACC_INT,
#define F64_LOAD_LOAD_RESULT(b)                                                \
	[WRR_IOP_F64_LOAD_LOAD_##b##_X] = WRR_ACC_F64,                         \
	[WRR_IOP_F64_LOAD_LOAD_##b##_Y] = WRR_ACC_F64,
#define ADD_C_JUMP_RESULT(name, neg)                                           \
	[WRR_IOP_I32_ADD_C_JUMP_IF_##name] = WRR_ACC_INT,                      \
	[WRR_IOP_I32_ADD_C_JUMP_IF_##name##_C] = WRR_ACC_INT,

static const uint8_t results[WRR_IOP_COUNT] = {
	WRR_IOP_I32_SHIFT_COMBINE(SHIFT_COMBINE_RESULT)
	WRR_IOP_I32_SHIFT2_COMBINE(SHIFT2_COMBINE_RESULT)
	WRR_IOP_I32_SHIFT3_XOR(SHIFT3_XOR_RESULT)
	WRR_IOP_F64_BINOPS(F64_LOAD_OP_RESULT)
	WRR_IOP_F64_BINOPS(F64_LOAD_OP_STORE_RESULT)
	WRR_IOP_F64_MUL_THEN(F64_MUL_THEN_RESULT)
	WRR_IOP_F64_MUL_UPDATES(F64_MUL_UPDATE_RESULT)
	WRR_IOP_ADD_LOADS(ADD_LOAD_RESULT)
	WRR_IOP_I32_CMPS(ADD_C_JUMP_RESULT)
	WRR_IOP_I32_BINOP_PAIRS(BINOP_PAIR_RESULT)
	WRR_IOP_F64_BINOPS(F64_LOAD_LOAD_RESULT)
	[WRR_IOP_I32_ADD_C2] = WRR_ACC_INT,
	[WRR_IOP_F64_STORE_LOAD] = WRR_ACC_F64,
	[WRR_IOP_I32_ADD_ADD] = WRR_ACC_INT,
	[WRR_IOP_I32_ADD_ADD_AX] = WRR_ACC_INT,
	[WRR_IOP_I32_ADD3] = WRR_ACC_INT,
	[WRR_IOP_I32_ADD3_AX] = WRR_ACC_INT,
	WRR_IOP_INT_BINOPS(INT_BINOP_RESULT)
	WRR_IOP_F64_BINOPS(F64_BINOP_RESULT)
	WRR_IOP_LOADS(LOAD_RESULT)
	/* f64.load's forms: facc (overriding LOAD_RESULT) */
	[WRR_IOP_F64_LOAD] = WRR_ACC_F64,
	[WRR_IOP_F64_LOAD_A] = WRR_ACC_F64,
	[WRR_IOP_F64_LOAD_AX] = WRR_ACC_F64,
	[WRR_IOP_F64_LOAD_A_AX] = WRR_ACC_F64,
	[WRR_IOP_I32_DIV_S] = WRR_ACC_INT,
	[WRR_IOP_I32_DIV_U] = WRR_ACC_INT,
	[WRR_IOP_I32_REM_S] = WRR_ACC_INT,
	[WRR_IOP_I32_REM_U] = WRR_ACC_INT,
	[WRR_IOP_I64_DIV_S] = WRR_ACC_INT,
	[WRR_IOP_I64_DIV_U] = WRR_ACC_INT,
	[WRR_IOP_I64_REM_S] = WRR_ACC_INT,
	[WRR_IOP_I64_REM_U] = WRR_ACC_INT,
	[WRR_IOP_I32_EQZ] = WRR_ACC_INT,
	[WRR_IOP_I32_CLZ] = WRR_ACC_INT,
	[WRR_IOP_I32_CTZ] = WRR_ACC_INT,
	[WRR_IOP_I32_POPCNT] = WRR_ACC_INT,
	[WRR_IOP_I32_EXTEND8_S] = WRR_ACC_INT,
	[WRR_IOP_I32_EXTEND16_S] = WRR_ACC_INT,
	[WRR_IOP_I64_EQZ] = WRR_ACC_INT,
	[WRR_IOP_I64_CLZ] = WRR_ACC_INT,
	[WRR_IOP_I64_CTZ] = WRR_ACC_INT,
	[WRR_IOP_I64_POPCNT] = WRR_ACC_INT,
	[WRR_IOP_I64_EXTEND8_S] = WRR_ACC_INT,
	[WRR_IOP_I64_EXTEND16_S] = WRR_ACC_INT,
	[WRR_IOP_I64_EXTEND32_S] = WRR_ACC_INT,
	[WRR_IOP_F32_EQ] = WRR_ACC_INT,
	[WRR_IOP_F32_NE] = WRR_ACC_INT,
	[WRR_IOP_F32_LT] = WRR_ACC_INT,
	[WRR_IOP_F32_GT] = WRR_ACC_INT,
	[WRR_IOP_F32_LE] = WRR_ACC_INT,
	[WRR_IOP_F32_GE] = WRR_ACC_INT,
	[WRR_IOP_F64_EQ] = WRR_ACC_INT,
	[WRR_IOP_F64_NE] = WRR_ACC_INT,
	[WRR_IOP_F64_LT] = WRR_ACC_INT,
	[WRR_IOP_F64_GT] = WRR_ACC_INT,
	[WRR_IOP_F64_LE] = WRR_ACC_INT,
	[WRR_IOP_F64_GE] = WRR_ACC_INT,
	[WRR_IOP_F64_MIN] = WRR_ACC_F64,
	[WRR_IOP_F64_MAX] = WRR_ACC_F64,
	[WRR_IOP_F64_CEIL] = WRR_ACC_F64,
	[WRR_IOP_F64_FLOOR] = WRR_ACC_F64,
	[WRR_IOP_F64_TRUNC] = WRR_ACC_F64,
	[WRR_IOP_F64_NEAREST] = WRR_ACC_F64,
	[WRR_IOP_F64_SQRT] = WRR_ACC_F64,
};

/* Forms: form_x[op] / form_y[op] is op's _AX / _AY form. */
#define FORM_X(op) [WRR_IOP_##op] = WRR_IOP_##op##_AX,
#define FORM_Y(op) [WRR_IOP_##op] = WRR_IOP_##op##_AY,
static const uint16_t form_x[WRR_IOP_COUNT] = {
	WRR_IOP_ACC_XY(FORM_X) WRR_IOP_ACC_X(FORM_X)
};
static const uint16_t form_y[WRR_IOP_COUNT] = {WRR_IOP_ACC_XY(FORM_Y)};

/* Operands of the forms: the accumulator read, | SECOND for y. Integer
 * unless listed as f64. */
enum { SECOND = 4 };
#define OPERAND_X(op) [WRR_IOP_##op##_AX] = WRR_ACC_INT,
#define OPERAND_Y(op) [WRR_IOP_##op##_AY] = WRR_ACC_INT | SECOND,
#define F64_OPERANDS(b)                                                        \
	[WRR_IOP_F64_##b##_AX] = WRR_ACC_F64,                                  \
	[WRR_IOP_F64_##b##_AY] = WRR_ACC_F64 | SECOND,                         \
	[WRR_IOP_F64_##b##_C_AX] = WRR_ACC_F64,
static const uint8_t operands[WRR_IOP_COUNT] = {
	WRR_IOP_ACC_XY(OPERAND_X) WRR_IOP_ACC_XY(OPERAND_Y)
	WRR_IOP_ACC_X(OPERAND_X)
	WRR_IOP_F64_BINOPS(F64_OPERANDS)
	[WRR_IOP_F64_STORE_AY] = WRR_ACC_F64 | SECOND,
	[WRR_IOP_F64_STORE_A_AY] = WRR_ACC_F64 | SECOND,
};

#pragma clang diagnostic pop

enum wrr_acc wrr_iop_acc_result(uint32_t op)
{
	return op < WRR_IOP_COUNT ? (enum wrr_acc)results[op] : WRR_ACC_NONE;
}

uint32_t wrr_iop_acc_form(uint32_t op, bool second)
{
	if (op >= WRR_IOP_COUNT)
		return 0;
	return second ? form_y[op] : form_x[op];
}

enum wrr_acc wrr_iop_acc_operand(uint32_t op, bool *second)
{
	uint8_t o = op < WRR_IOP_COUNT ? operands[op] : 0;
	*second = (o & SECOND) != 0;
	return (enum wrr_acc)(o & ~SECOND);
}

uint32_t wrr_iop_acc_slot(const union wrr_code *pc, uint32_t op, bool second)
{
	switch (op) {
	case WRR_IOP_JUMP_IF_ZERO:
	case WRR_IOP_JUMP_IF_NONZERO:
	case WRR_IOP_BR_IF:
	case WRR_IOP_JUMP_IF_ZERO_AX:
	case WRR_IOP_JUMP_IF_NONZERO_AX:
	case WRR_IOP_BR_IF_AX:
		return pc->s.h;
	default:
		return second ? pc->r.y : pc->r.x;
	}
}
