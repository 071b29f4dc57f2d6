/*
 * func.c — validation of function bodies (spec §3.3 instructions, §3.4.1
 * functions), following the appendix "Validation Algorithm": an operand
 * stack of value types (Unknown below a polymorphic base), and a control
 * stack of frames. The same pass lowers the body to internal code
 * (src/exec/code.h) through the emitter of lower.c.
 *
 * Lowering tracks the operand stack height in slots (a v128 takes two),
 * where each operand is (its stack slot, a local's slot, or a constant not
 * yet copied anywhere: code.h) and whether the current point can be reached
 * at all ("live"). Code that cannot
 * be reached (after br, br_table, return, unreachable, up to the end of the
 * enclosing block) is validated but not emitted; a point after `end` is live
 * again if the block fell through, was a branch target, or was an if without
 * else entered live. In live code every operand type is known.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binary/reader.h"
#include "valid/lower.h"
#include "valid/valid.h"

/* An operand type: an enum wrr_valtype byte, or UNKNOWN (the algorithm's
 * Unknown, popped from the polymorphic stack of unreachable code). */
typedef uint8_t optype;
#define UNKNOWN 0

/* Storage for one-valtype block types (the frame points at an element). */
static const enum wrr_valtype one_type[] = {
	WRR_I32, WRR_I64, WRR_F32, WRR_F64, WRR_V128, WRR_FUNCREF,
	WRR_EXTERNREF,
};

/* Frame kinds: the opcode that opened the frame, or FRAME_FUNC. */
enum frame_kind { FRAME_FUNC, FRAME_BLOCK, FRAME_LOOP, FRAME_IF, FRAME_ELSE };

struct ctrl {
	enum frame_kind kind;
	const enum wrr_valtype *params;
	const enum wrr_valtype *results;
	uint32_t param_count;
	uint32_t result_count;
	uint32_t height;      /* operand values below the frame's own */
	uint32_t base_slots;  /* stack height in slots at that point */
	uint32_t param_slots;
	uint32_t result_slots;
	bool unreachable;     /* the algorithm's flag */
	bool entry_live;      /* the frame was entered by live code */
	uint32_t else_patch;  /* the if's JUMP_IF_ZERO `a` field, or NONE */
	struct wrr_label label;
};

struct local {
	enum wrr_valtype type;
	uint32_t slot;
};

/* Where an operand's value is, in live code (code.h: pending local.get and
 * constants). Every operand has its stack slot `pos`; IN_LOCAL, IN_CONST
 * and IN_OP operands have not been written there (yet). An IN_OP operand
 * is an i32 instruction not emitted yet because its user may absorb it (an
 * added constant into a load's or store's address, a comparison into a
 * branch): `op` (a wasm dense opcode) of fp[local] and fp[y], or of
 * fp[local] and the constant `bits` (with_c). Its operand slots are locals
 * or its own pos, so nothing overwrites them while it is pending but a
 * local.set/tee, which materializes it first. v128 and reference operands
 * other than local.get ones are always IN_SLOT. */
enum where { IN_SLOT, IN_LOCAL, IN_CONST, IN_OP };

struct operand {
	uint8_t where;
	uint8_t with_c; /* IN_OP: the right operand is `bits` */
	uint16_t op;    /* IN_OP: the instruction */
	uint32_t pos;   /* stack slot */
	uint32_t local; /* IN_LOCAL: the local's slot; IN_OP: x's slot */
	uint32_t y;     /* IN_OP without with_c: y's slot */
	uint64_t bits;  /* IN_CONST: the value (an i32/f32 zero-extended) */
};

struct fv {
	struct wrr_module *m;
	struct wrr_error *err;
	uint32_t func_index;
	size_t body_start; /* absolute offset after the body's size field */
	struct wrr_reader r;
	size_t at; /* absolute offset of the current instruction */

	struct local *locals;
	uint32_t local_count; /* params + declared */
	uint32_t local_slots;

	optype *vals;
	struct operand *opnds; /* parallel to vals */
	uint32_t nvals, capvals;
	uint32_t pending; /* operands not IN_SLOT */
	struct ctrl *ctrls;
	uint32_t nctrls, capctrls;
	optype *scratch; /* pop_vals results */
	uint32_t capscratch;

	uint32_t slots; /* operand stack height in slots from fp */
	uint32_t max_height;
	bool live;
	struct wrr_emitter e;
	/* The last instruction emitted that writes one result to a slot
	 * (code.h r form d, or s form h), and the code length right after
	 * it; local.set/tee may redirect its result (WRR_PATCH_NONE: none). */
	uint32_t fresh, fresh_end;
	enum wrr_status status; /* first failure */
};

/* ------------------------------------------------------------ failures */

static bool fail_status(struct fv *v, enum wrr_status status, const char *fmt,
			...) __attribute__((format(printf, 3, 4)));

static bool fail_status(struct fv *v, enum wrr_status status, const char *fmt,
			...)
{
	if (v->status == WRR_OK)
		v->status = status;
	struct wrr_error *err = v->err;
	if (err == NULL || err->status != WRR_OK)
		return false;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	wrr_error_set(err, status, "%s", msg);
	err->offset = v->at;
	err->section_id = WRR_SEC_CODE;
	err->func_index = v->func_index;
	err->code_offset = v->at >= v->body_start ?
				   (uint32_t)(v->at - v->body_start) : 0;
	return false;
}

#define fail(v, ...) fail_status((v), WRR_INVALID, __VA_ARGS__)

static bool nomem(struct fv *v)
{
	return fail_status(v, WRR_NOMEM, "out of memory while validating");
}

/* The reader failed on bytes the decoder accepted. */
static bool reread_failed(struct fv *v)
{
	v->at = v->r.error_offset;
	return fail_status(v, WRR_MALFORMED, "%s",
			   v->r.error ? v->r.error : "unexpected end");
}

/* ------------------------------------------------ operand stack (typing) */

static bool is_num(optype t)
{
	return t == WRR_I32 || t == WRR_I64 || t == WRR_F32 || t == WRR_F64 ||
	       t == UNKNOWN;
}

static bool is_vec(optype t)
{
	return t == WRR_V128 || t == UNKNOWN;
}

static bool is_ref(optype t)
{
	return t == WRR_FUNCREF || t == WRR_EXTERNREF || t == UNKNOWN;
}

static bool is_valtype(uint8_t byte)
{
	for (size_t i = 0; i < sizeof one_type / sizeof one_type[0]; i++)
		if (one_type[i] == byte)
			return true;
	return false;
}

static uint32_t slots_of(optype t)
{
	return t == UNKNOWN ? 0 : wrr_valtype_slots((enum wrr_valtype)t);
}

static bool push(struct fv *v, optype t)
{
	if (v->nvals == v->capvals) {
		if (v->nvals >= WRR_VALID_MAX_OPERANDS)
			return fail(v, "operand stack deeper than %u values",
				    WRR_VALID_MAX_OPERANDS);
		uint32_t cap = v->capvals ? v->capvals * 2 : 64;
		optype *vals = realloc(v->vals, cap);
		if (vals == NULL)
			return nomem(v);
		v->vals = vals;
		struct operand *opnds =
			realloc(v->opnds, cap * sizeof *opnds);
		if (opnds == NULL)
			return nomem(v);
		v->opnds = opnds;
		v->capvals = cap;
	}
	v->opnds[v->nvals] = (struct operand){.where = IN_SLOT,
					      .pos = v->slots};
	v->vals[v->nvals++] = t;
	v->slots += slots_of(t);
	if (v->live && v->slots > v->max_height)
		v->max_height = v->slots;
	return true;
}

/* Name of an expected operand type in messages. */
static const char *expect_name(optype t)
{
	return t == UNKNOWN ? "a value" : wrr_valid_type_name(t);
}

/* Pops one operand; `expect` (or UNKNOWN) only words the error. */
static bool pop(struct fv *v, optype expect, optype *out)
{
	struct ctrl *c = &v->ctrls[v->nctrls - 1];
	if (v->nvals == c->height) {
		if (c->unreachable) {
			*out = UNKNOWN;
			return true;
		}
		return fail(v, "type mismatch: expected %s but the stack is "
			       "empty", expect_name(expect));
	}
	optype t = v->vals[--v->nvals];
	if (v->opnds[v->nvals].where != IN_SLOT)
		v->pending--;
	v->slots -= slots_of(t);
	*out = t;
	return true;
}

static bool pop_expect(struct fv *v, optype expect, optype *out)
{
	optype t;
	if (!pop(v, expect, &t))
		return false;
	if (t != expect && t != UNKNOWN && expect != UNKNOWN)
		return fail(v, "type mismatch: expected %s, found %s",
			    wrr_valid_type_name(expect),
			    wrr_valid_type_name(t));
	if (out != NULL)
		*out = t;
	return true;
}

/* Pops types[n-1] .. types[0]; the actual types land in v->scratch[0..n). */
static bool pop_vals(struct fv *v, const enum wrr_valtype *types, uint32_t n)
{
	if (n > v->capscratch) {
		optype *s = realloc(v->scratch, n);
		if (s == NULL)
			return nomem(v);
		v->scratch = s;
		v->capscratch = n;
	}
	for (uint32_t i = n; i-- > 0;)
		if (!pop_expect(v, (optype)types[i], &v->scratch[i]))
			return false;
	return true;
}

static bool push_types(struct fv *v, const enum wrr_valtype *types,
		       uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (!push(v, (optype)types[i]))
			return false;
	return true;
}

/* The algorithm's unreachable(): drop the frame's operands, go polymorphic.
 * Nothing after this point is live until the frame ends. */
/* Drops the operands above n (no code: their values are not needed). */
static void truncate_vals(struct fv *v, uint32_t n)
{
	while (v->nvals > n)
		if (v->opnds[--v->nvals].where != IN_SLOT)
			v->pending--;
}

static void set_unreachable(struct fv *v)
{
	struct ctrl *c = &v->ctrls[v->nctrls - 1];
	truncate_vals(v, c->height);
	v->slots = c->base_slots;
	c->unreachable = true;
	v->live = false;
}

static uint32_t types_slots(const enum wrr_valtype *types, uint32_t n)
{
	uint32_t s = 0;
	for (uint32_t i = 0; i < n; i++)
		s += wrr_valtype_slots(types[i]);
	return s;
}

/* ------------------------------------------------------- control stack */

/* push_ctrl: operands of the params must already be popped. */
static bool push_ctrl(struct fv *v, enum frame_kind kind,
		      const enum wrr_valtype *params, uint32_t param_count,
		      const enum wrr_valtype *results, uint32_t result_count)
{
	if (v->nctrls == v->capctrls) {
		if (v->nctrls >= WRR_VALID_MAX_DEPTH)
			return fail(v, "blocks nested deeper than %u",
				    WRR_VALID_MAX_DEPTH);
		uint32_t cap = v->capctrls ? v->capctrls * 2 : 16;
		struct ctrl *ctrls = realloc(v->ctrls, cap * sizeof *ctrls);
		if (ctrls == NULL)
			return nomem(v);
		v->ctrls = ctrls;
		v->capctrls = cap;
	}
	struct ctrl *c = &v->ctrls[v->nctrls++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->params = params;
	c->param_count = param_count;
	c->results = results;
	c->result_count = result_count;
	c->height = v->nvals;
	c->base_slots = v->slots;
	c->param_slots = types_slots(params, param_count);
	c->result_slots = types_slots(results, result_count);
	c->unreachable = false;
	c->entry_live = v->live;
	c->else_patch = WRR_PATCH_NONE;
	c->label.target = kind == FRAME_LOOP ? v->e.len : WRR_PATCH_NONE;
	if (kind == FRAME_LOOP)
		wrr_emit_target_here(&v->e);
	c->label.patches = WRR_PATCH_NONE;
	c->label.height = c->base_slots;
	c->label.arity = kind == FRAME_LOOP ? c->param_slots : c->result_slots;
	c->label.is_func = kind == FRAME_FUNC;
	return push_types(v, params, param_count);
}

/* The checks of pop_ctrl: the frame's results are exactly what is left. */
static bool check_frame_end(struct fv *v)
{
	struct ctrl *c = &v->ctrls[v->nctrls - 1];
	if (!pop_vals(v, c->results, c->result_count))
		return false;
	if (v->nvals != c->height)
		return fail(v, "type mismatch: %u value(s) left on the stack "
			       "at the end of the block",
			    v->nvals - c->height);
	return true;
}

/* Restarts the top frame's operands with its params (else branch). */
static bool restart_frame(struct fv *v)
{
	struct ctrl *c = &v->ctrls[v->nctrls - 1];
	truncate_vals(v, c->height);
	v->slots = c->base_slots;
	c->unreachable = false;
	return push_types(v, c->params, c->param_count);
}

static const enum wrr_valtype *label_types(const struct ctrl *c, uint32_t *n)
{
	if (c->kind == FRAME_LOOP) {
		*n = c->param_count;
		return c->params;
	}
	*n = c->result_count;
	return c->results;
}

/* The frame `depth` labels out, or NULL after failing "unknown label". */
static struct ctrl *label_at(struct fv *v, uint32_t depth)
{
	if (depth >= v->nctrls) {
		fail(v, "unknown label %u", depth);
		return NULL;
	}
	return &v->ctrls[v->nctrls - 1 - depth];
}

/* --------------------------------------------------------- immediates */

static bool read_u32(struct fv *v, uint32_t *out)
{
	return wrr_read_u32(&v->r, out) || reread_failed(v);
}

static bool read_byte(struct fv *v, uint8_t *out)
{
	return wrr_read_u8(&v->r, out) || reread_failed(v);
}

/* blocktype (spec §5.4.1, §3.2.2 "Block Types"). */
static bool read_blocktype(struct fv *v, const enum wrr_valtype **params,
			   uint32_t *param_count,
			   const enum wrr_valtype **results,
			   uint32_t *result_count)
{
	int64_t bt;
	if (!wrr_read_s33(&v->r, &bt))
		return reread_failed(v);
	*params = NULL;
	*param_count = 0;
	*results = NULL;
	*result_count = 0;
	if (bt >= 0) {
		if (bt >= v->m->type_count)
			return fail(v, "unknown type %llu",
				    (unsigned long long)bt);
		const struct wrr_functype *ft = &v->m->types[bt];
		*params = ft->params;
		*param_count = ft->param_count;
		*results = ft->results;
		*result_count = ft->result_count;
		return true;
	}
	if (bt == -64) /* 0x40: empty */
		return true;
	uint8_t byte = (uint8_t)(bt & 0x7f);
	for (size_t i = 0; i < sizeof one_type / sizeof one_type[0]; i++) {
		if (one_type[i] == byte) {
			*results = &one_type[i];
			*result_count = 1;
			return true;
		}
	}
	return fail_status(v, WRR_MALFORMED, "malformed value type");
}

static bool check_memory(struct fv *v)
{
	if (v->m->memory_count == 0)
		return fail(v, "unknown memory 0");
	return true;
}

/* memarg (spec §5.4.7) of a load or store of info->access bytes: memory 0
 * must exist and the alignment must not exceed the natural one (§3.3.7).
 * *offset gets the static offset. */
static bool read_memarg(struct fv *v, const struct wrr_opcode_info *info,
			uint32_t *offset)
{
	uint32_t align;
	if (!check_memory(v) || !read_u32(v, &align) || !read_u32(v, offset))
		return false;
	unsigned natural = 0;
	while ((1u << natural) < info->access)
		natural++;
	if (align > natural)
		return fail(v, "alignment must not be larger than natural");
	return true;
}

static bool check_table(struct fv *v, uint32_t x)
{
	if (x >= v->m->table_count)
		return fail(v, "unknown table %u", x);
	return true;
}

static bool check_data(struct fv *v, uint32_t x)
{
	if (x >= v->m->data_segment_count &&
	    !(v->m->has_data_count && x < v->m->data_count))
		return fail(v, "unknown data segment %u", x);
	return true;
}

static bool check_elem(struct fv *v, uint32_t x)
{
	if (x >= v->m->elem_count)
		return fail(v, "unknown elem segment %u", x);
	return true;
}

/* ------------------------------------------------ instruction typing */

static optype sig_type(char c)
{
	switch (c) {
	case 'i': return WRR_I32;
	case 'I': return WRR_I64;
	case 'f': return WRR_F32;
	case 'F': return WRR_F64;
	case 'v': return WRR_V128;
	}
	return UNKNOWN;
}

/* Applies a fixed signature "params:results" from opcodes.h. */
static bool apply_sig(struct fv *v, const char *sig)
{
	const char *colon = strchr(sig, ':');
	if (colon == NULL)
		return fail_status(v, WRR_MALFORMED, "bad signature");
	for (const char *p = colon; p-- > sig;)
		if (!pop_expect(v, sig_type(*p), NULL))
			return false;
	for (const char *p = colon + 1; *p; p++)
		if (!push(v, sig_type(*p)))
			return false;
	return true;
}

/* ------------------------------------------------ lowering (code.h) */

/* Emits an s-form instruction {op, h, a} in live code. */
static void emit_s(struct fv *v, uint32_t op, uint32_t h, uint32_t a)
{
	if (v->live)
		wrr_emit_s(&v->e, op, h, a, (uint32_t)v->at);
}

/* Emits an r-form instruction {op, d, x, y}; returns its unit. */
static uint32_t emit_r(struct fv *v, uint32_t op, uint32_t d, uint32_t x,
		       uint32_t y)
{
	return wrr_emit_r(&v->e, op, d, x, y, (uint32_t)v->at);
}

/* Records that the instruction at unit `at`, just emitted, wrote one
 * result that local.set/tee may redirect (the fresh instruction). */
static void set_fresh(struct fv *v, uint32_t at)
{
	v->fresh = at;
	v->fresh_end = v->e.len;
}

/* Copies the constant `bits` of type t into slot dst. */
static void emit_const(struct fv *v, optype t, uint32_t dst, uint64_t bits)
{
	if (t == WRR_I64 || t == WRR_F64) {
		wrr_emit_s(&v->e, WRR_OP_I64_CONST, dst, 0, (uint32_t)v->at);
		wrr_emit_u64(&v->e, bits);
	} else {
		wrr_emit_s(&v->e, WRR_OP_I32_CONST, dst, (uint32_t)bits,
			   (uint32_t)v->at);
	}
}

static uint32_t const_form(int op);
static bool is_i32_cmp(int op);

/* Emits the code that writes operand o (of type t) to slot dst; returns
 * the unit of the instruction. */
static uint32_t emit_operand(struct fv *v, optype t, const struct operand *o,
			     uint32_t dst)
{
	uint32_t at = v->e.len;
	switch (o->where) {
	case IN_LOCAL:
		if (o->local != dst)
			emit_r(v, WRR_IOP_COPY, dst, o->local, 0);
		break;
	case IN_CONST:
		emit_const(v, t, dst, o->bits);
		break;
	case IN_OP:
		if (o->with_c) {
			emit_r(v, const_form(o->op), dst, o->local, 0);
			wrr_emit_u64(&v->e, o->bits);
		} else {
			emit_r(v, o->op, dst, o->local, o->y);
		}
		break;
	default: /* IN_SLOT */
		if (o->pos != dst)
			emit_r(v, WRR_IOP_COPY, dst, o->pos, 0);
		break;
	}
	return at;
}

/* Writes operand i into its stack slot if it is not there. */
static void materialize(struct fv *v, uint32_t i)
{
	struct operand *o = &v->opnds[i];
	if (o->where == IN_SLOT)
		return;
	emit_operand(v, v->vals[i], o, o->pos);
	o->where = IN_SLOT;
	v->pending--;
}

/* Whether pending operand o reads local `slot`. */
static bool reads_local(const struct operand *o, uint32_t slot)
{
	if (o->where == IN_LOCAL)
		return o->local == slot;
	return o->where == IN_OP &&
	       (o->local == slot || (!o->with_c && o->y == slot));
}

/* Every operand into its slot: before control flow and instructions that
 * work on the stack (s form with h = the height). */
static void materialize_all(struct fv *v)
{
	for (uint32_t i = 0; v->pending != 0 && i < v->nvals; i++)
		materialize(v, i);
}

/* Before local `slot` is written: operands that still read it get their
 * value copied first. */
static void materialize_local(struct fv *v, uint32_t slot)
{
	for (uint32_t i = 0; v->pending != 0 && i < v->nvals; i++)
		if (reads_local(&v->opnds[i], slot))
			materialize(v, i);
}

static bool local_pending(const struct fv *v, uint32_t slot)
{
	for (uint32_t i = 0; v->pending != 0 && i < v->nvals; i++)
		if (reads_local(&v->opnds[i], slot))
			return true;
	return false;
}

/* The slot an instruction reads operand i from: the local's own slot for
 * a pending local.get; a constant is copied into its stack slot first. */
static uint32_t operand_slot(struct fv *v, uint32_t i)
{
	struct operand *o = &v->opnds[i];
	if (o->where == IN_LOCAL)
		return o->local;
	materialize(v, i);
	return o->pos;
}

/* Stores operand o (just popped) into the scalar local at slot x: by
 * redirecting the fresh instruction's result when o is that result (true),
 * else by a copy (false). */
static bool store_local(struct fv *v, optype t, const struct operand *o,
			uint32_t x)
{
	if (o->where == IN_SLOT && v->fresh != WRR_PATCH_NONE &&
	    v->fresh_end == v->e.len && v->fresh < v->e.len &&
	    v->e.barrier <= v->fresh && v->e.code[v->fresh].r.d == o->pos &&
	    !local_pending(v, x)) {
		v->e.code[v->fresh].r.d = (uint16_t)x;
		v->fresh = WRR_PATCH_NONE;
		return true;
	}
	materialize_local(v, x);
	emit_operand(v, t, o, x);
	return false;
}

/* The top operand of the current frame, taken before it is popped (for
 * popped_slot); outside live code, or if there is none (the pop that
 * follows fails), an operand in slot 0. */
static struct operand top_operand(const struct fv *v)
{
	if (!v->live || v->nvals <= v->ctrls[v->nctrls - 1].height)
		return (struct operand){.where = IN_SLOT, .pos = 0};
	return v->opnds[v->nvals - 1];
}

/* The slot an instruction reads operand o (of type t, just popped) from:
 * a local's own slot, else its stack slot (free now), where it is written
 * first unless it is already there. */
static uint32_t popped_slot(struct fv *v, optype t, const struct operand *o)
{
	if (o->where == IN_LOCAL)
		return o->local;
	if (o->where != IN_SLOT)
		emit_operand(v, t, o, o->pos);
	return o->pos;
}

/* The JUMP_IF_<CMP> op (code.h) for i32 comparison op, or its negation. */
static uint32_t jump_form(int op, bool negate)
{
	switch (op) {
#define WRR_X_CASE(name, neg)                                                  \
	case WRR_OP_I32_##name:                                                \
		return negate ? WRR_IOP_JUMP_IF_##neg : WRR_IOP_JUMP_IF_##name;
		WRR_IOP_I32_CMPS(WRR_X_CASE)
#undef WRR_X_CASE
	}
	return 0;
}

/* Emits a conditional jump on condition o (popped): taken when o is
 * nonzero (when_true) or zero. A pending comparison or i32.eqz becomes
 * part of the jump. Returns the patch reference of the target field, which
 * holds WRR_PATCH_NONE. */
static uint32_t emit_cond_jump(struct fv *v, const struct operand *o,
			       bool when_true)
{
	if (o->where == IN_OP && o->op == WRR_OP_I32_EQZ) {
		uint32_t at = wrr_emit_s(&v->e, when_true ? WRR_IOP_JUMP_IF_ZERO :
						     WRR_IOP_JUMP_IF_NONZERO,
					 o->local, WRR_PATCH_NONE,
					 (uint32_t)v->at);
		return wrr_patch_ref_a(at);
	}
	if (o->where == IN_OP && is_i32_cmp(o->op)) {
		uint32_t jop = jump_form(o->op, !when_true);
		if (o->with_c) /* the _C form follows the plain one */
			emit_r(v, jop + 1, 0, o->local, 0);
		else
			emit_r(v, jop, 0, o->local, o->y);
		uint32_t ref = v->e.len * 2;
		wrr_emit_u32x2(&v->e, WRR_PATCH_NONE,
			       o->with_c ? (uint32_t)o->bits : 0);
		return ref;
	}
	uint32_t cond = popped_slot(v, WRR_I32, o);
	uint32_t at = wrr_emit_s(&v->e, when_true ? WRR_IOP_JUMP_IF_NONZERO :
						 WRR_IOP_JUMP_IF_ZERO,
				 cond, WRR_PATCH_NONE, (uint32_t)v->at);
	return wrr_patch_ref_a(at);
}

static bool op_block(struct fv *v, int op)
{
	const enum wrr_valtype *params, *results;
	uint32_t np, nr;
	if (!read_blocktype(v, &params, &np, &results, &nr))
		return false;
	struct operand cond = top_operand(v);
	if (op == WRR_OP_IF && !pop_expect(v, WRR_I32, NULL))
		return false;
	/* A block starts with every operand in its slot: branches to its
	 * label and the code after it find the values there. */
	if (v->live)
		materialize_all(v);
	if (!pop_vals(v, params, np))
		return false;
	uint32_t jz = WRR_PATCH_NONE;
	if (op == WRR_OP_IF && v->live)
		jz = emit_cond_jump(v, &cond, false);
	enum frame_kind kind = op == WRR_OP_BLOCK  ? FRAME_BLOCK :
			       op == WRR_OP_LOOP ? FRAME_LOOP :
						   FRAME_IF;
	if (!push_ctrl(v, kind, params, np, results, nr))
		return false;
	v->ctrls[v->nctrls - 1].else_patch = jz;
	return true;
}

static bool op_else(struct fv *v)
{
	struct ctrl *c = &v->ctrls[v->nctrls - 1];
	if (c->kind != FRAME_IF)
		return fail_status(v, WRR_MALFORMED, "else without if");
	if (v->live)
		materialize_all(v);
	if (!check_frame_end(v))
		return false;
	if (v->live) {
		uint32_t at = wrr_emit_s(&v->e, WRR_IOP_JUMP, 0, WRR_PATCH_NONE,
					 (uint32_t)v->at);
		wrr_patch_add(&v->e, &c->label.patches, wrr_patch_ref_a(at));
	}
	wrr_patch_resolve(&v->e, c->else_patch, v->e.len);
	c->else_patch = WRR_PATCH_NONE;
	c->kind = FRAME_ELSE;
	v->live = c->entry_live;
	return restart_frame(v);
}

/* `end` of a block, loop, if or else; the function's own end returns true
 * with *done set. */
static bool op_end(struct fv *v, bool *done)
{
	struct ctrl *c = &v->ctrls[v->nctrls - 1];
	if (v->live)
		materialize_all(v);
	if (!check_frame_end(v))
		return false;
	bool live_end = v->live;
	if (c->kind == FRAME_IF) {
		/* No else: an empty else branch must turn params into
		 * results (spec §3.3.8.6 with instr2* empty). */
		if (!restart_frame(v) || !check_frame_end(v))
			return false;
		live_end = live_end || c->entry_live;
		wrr_patch_resolve(&v->e, c->else_patch, v->e.len);
	}
	if (c->kind != FRAME_LOOP && c->label.patches != WRR_PATCH_NONE)
		live_end = true;
	if (c->kind == FRAME_FUNC) {
		/* The final RETURN: every function's code ends with one, the
		 * target of branches to the function's label. */
		uint32_t ret = wrr_emit_s(&v->e, WRR_OP_RETURN,
					  v->local_slots + c->result_slots, 0,
					  (uint32_t)v->at);
		wrr_patch_resolve(&v->e, c->label.patches, ret);
		v->nctrls--;
		*done = true;
		return true;
	}
	wrr_patch_resolve(&v->e, c->label.patches, v->e.len);
	v->nctrls--;
	truncate_vals(v, c->height);
	v->slots = c->base_slots;
	v->live = live_end;
	return push_types(v, c->results, c->result_count);
}

static bool op_br(struct fv *v, bool conditional)
{
	uint32_t depth, n;
	if (!read_u32(v, &depth))
		return false;
	struct ctrl *c = label_at(v, depth);
	if (c == NULL)
		return false;
	struct operand cond = top_operand(v);
	if (conditional && !pop_expect(v, WRR_I32, NULL))
		return false;
	if (v->live)
		materialize_all(v);
	const enum wrr_valtype *types = label_types(c, &n);
	if (!pop_vals(v, types, n))
		return false;
	if (v->live) {
		if (conditional && (v->slots == c->label.height ||
				    c->label.arity == 0))
			wrr_lower_point(&v->e, &c->label,
					emit_cond_jump(v, &cond, true));
		else if (conditional)
			wrr_lower_br_if(&v->e, &c->label,
					popped_slot(v, WRR_I32, &cond), v->slots,
					(uint32_t)v->at);
		else
			wrr_lower_br(&v->e, &c->label, v->slots,
				     (uint32_t)v->at);
	}
	if (conditional)
		return push_types(v, types, n);
	set_unreachable(v);
	return true;
}

static bool op_br_table(struct fv *v)
{
	uint32_t count, depth;
	if (!read_u32(v, &count))
		return false;
	/* First pass: skip to the default label (immediates come first). */
	size_t labels_at = v->r.pos;
	for (uint32_t i = 0; i < count; i++)
		if (!read_u32(v, &depth))
			return false;
	uint32_t default_depth;
	if (!read_u32(v, &default_depth))
		return false;
	size_t after = v->r.pos;

	struct operand index = top_operand(v);
	if (!pop_expect(v, WRR_I32, NULL))
		return false;
	if (v->live)
		materialize_all(v);
	struct ctrl *dc = label_at(v, default_depth);
	if (dc == NULL)
		return false;
	uint32_t arity;
	label_types(dc, &arity);
	bool live = v->live;
	if (live)
		wrr_emit_s(&v->e, WRR_OP_BR_TABLE,
			   popped_slot(v, WRR_I32, &index), count,
			   (uint32_t)v->at);
	v->r.pos = labels_at;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t n;
		if (!read_u32(v, &depth))
			return false;
		struct ctrl *c = label_at(v, depth);
		if (c == NULL)
			return false;
		const enum wrr_valtype *types = label_types(c, &n);
		if (n != arity)
			return fail(v, "type mismatch: br_table labels have "
				       "different arities (%u and %u)",
				    n, arity);
		if (!pop_vals(v, types, n))
			return false;
		if (live)
			wrr_lower_br_table_entry(&v->e, &c->label, v->slots);
		for (uint32_t k = 0; k < n; k++)
			if (!push(v, v->scratch[k]))
				return false;
	}
	v->r.pos = after;
	uint32_t n;
	const enum wrr_valtype *types = label_types(dc, &n);
	if (!pop_vals(v, types, n))
		return false;
	if (live)
		wrr_lower_br_table_entry(&v->e, &dc->label, v->slots);
	set_unreachable(v);
	return true;
}

static bool op_select(struct fv *v, int op)
{
	optype t1, t2, t;
	if (v->live)
		materialize_all(v);
	uint32_t h = v->slots;
	if (op == WRR_OP_SELECT_T) {
		uint32_t n;
		uint8_t byte;
		if (!read_u32(v, &n))
			return false;
		if (n != 1)
			return fail(v, "invalid result arity");
		if (!read_byte(v, &byte))
			return false;
		if (!is_valtype(byte))
			return fail_status(v, WRR_MALFORMED,
					   "malformed value type");
		t = byte;
		if (!pop_expect(v, WRR_I32, NULL) || !pop_expect(v, t, NULL) ||
		    !pop_expect(v, t, NULL))
			return false;
	} else {
		if (!pop_expect(v, WRR_I32, NULL) || !pop(v, UNKNOWN, &t1) ||
		    !pop(v, UNKNOWN, &t2))
			return false;
		if (!((is_num(t1) && is_num(t2)) || (is_vec(t1) && is_vec(t2))))
			return fail(v, "type mismatch: select without a type "
				       "needs numeric or vector operands");
		if (t1 != t2 && t1 != UNKNOWN && t2 != UNKNOWN)
			return fail(v, "type mismatch: select operands %s and "
				       "%s differ",
				    wrr_valid_type_name(t2),
				    wrr_valid_type_name(t1));
		t = t1 == UNKNOWN ? t2 : t1;
	}
	emit_s(v, t == WRR_V128 ? WRR_IOP_SELECT_V128 : WRR_OP_SELECT, h, 0);
	return push(v, t);
}

/* Pops the top operand, keeping where it was (meaningful in live code). */
static bool pop_operand(struct fv *v, optype expect, struct operand *o)
{
	bool present = v->nvals > v->ctrls[v->nctrls - 1].height;
	if (present)
		*o = v->opnds[v->nvals - 1];
	else
		*o = (struct operand){.where = IN_SLOT, .pos = v->slots};
	return pop_expect(v, expect, NULL);
}

/* local.get/set/tee (spec §3.3.5): no code for local.get (the operand
 * stays pending, code.h); local.set/tee store by redirecting the result
 * of the instruction before or by a copy. v128 locals are copied at once. */
static bool op_local(struct fv *v, int op)
{
	uint32_t x;
	if (!read_u32(v, &x))
		return false;
	if (x >= v->local_count)
		return fail(v, "unknown local %u", x);
	const struct local *l = &v->locals[x];
	bool wide = l->type == WRR_V128;
	uint32_t top = v->slots;
	struct operand o;
	switch (op) {
	case WRR_OP_LOCAL_GET:
		if (!push(v, l->type))
			return false;
		if (!v->live)
			return true;
		if (wide) {
			emit_r(v, WRR_IOP_COPY_V128, top, l->slot, 0);
			return true;
		}
		v->opnds[v->nvals - 1].where = IN_LOCAL;
		v->opnds[v->nvals - 1].local = l->slot;
		v->pending++;
		return true;
	case WRR_OP_LOCAL_SET:
		if (!pop_operand(v, l->type, &o))
			return false;
		if (!v->live)
			return true;
		if (wide)
			emit_r(v, WRR_IOP_COPY_V128, l->slot, o.pos, 0);
		else
			store_local(v, l->type, &o, l->slot);
		return true;
	default: /* tee */
		if (!pop_operand(v, l->type, &o))
			return false;
		bool redirected = false;
		if (v->live) {
			if (wide)
				emit_r(v, WRR_IOP_COPY_V128, l->slot, o.pos, 0);
			else
				redirected = store_local(v, l->type, &o,
							 l->slot);
		}
		if (!push(v, l->type))
			return false;
		if (v->live && !wide && (redirected || o.where != IN_SLOT)) {
			struct operand *n = &v->opnds[v->nvals - 1];
			if (redirected || o.where == IN_OP) {
				n->where = IN_LOCAL;
				n->local = l->slot;
			} else {
				n->where = o.where;
				n->local = o.local;
				n->bits = o.bits;
			}
			v->pending++;
		}
		return true;
	}
}

static bool op_global(struct fv *v, int op)
{
	uint32_t x;
	if (!read_u32(v, &x))
		return false;
	if (x >= v->m->global_count)
		return fail(v, "unknown global %u", x);
	const struct wrr_global_type *g = &v->m->globals[x];
	bool wide = g->type == WRR_V128;
	if (op == WRR_OP_GLOBAL_GET) {
		uint32_t dst = v->slots;
		if (!push(v, g->type))
			return false;
		if (v->live) {
			uint32_t at = wrr_emit_s(&v->e, wide ?
							WRR_IOP_GLOBAL_GET_V128 :
							WRR_OP_GLOBAL_GET,
						 dst, x, (uint32_t)v->at);
			if (!wide)
				set_fresh(v, at);
		}
		return true;
	}
	if (!g->mutable_)
		return fail(v, "global is immutable");
	struct operand src = top_operand(v);
	if (!pop_expect(v, g->type, NULL))
		return false;
	emit_s(v, wide ? WRR_IOP_GLOBAL_SET_V128 : WRR_OP_GLOBAL_SET,
	       popped_slot(v, g->type, &src), x);
	return true;
}

static bool op_call(struct fv *v, int op)
{
	const struct wrr_module *m = v->m;
	if (op == WRR_OP_CALL) {
		uint32_t f;
		if (!read_u32(v, &f))
			return false;
		if (f >= m->func_count)
			return fail(v, "unknown function %u", f);
		if (v->live)
			materialize_all(v);
		const struct wrr_functype *ft = wrr_module_func_type(m, f);
		if (!pop_vals(v, ft->params, ft->param_count))
			return false;
		emit_s(v, WRR_OP_CALL, v->slots, f);
		return push_types(v, ft->results, ft->result_count);
	}
	uint32_t type, table;
	if (!read_u32(v, &type) || !read_u32(v, &table))
		return false;
	if (!check_table(v, table))
		return false;
	if (type >= m->type_count)
		return fail(v, "unknown type %u", type);
	if (m->tables[table].elem_type != WRR_FUNCREF)
		return fail(v, "type mismatch: call_indirect needs a funcref "
			       "table");
	if (v->live)
		materialize_all(v);
	uint32_t index = v->slots - 1;
	const struct wrr_functype *ft = &m->types[type];
	if (!pop_expect(v, WRR_I32, NULL) ||
	    !pop_vals(v, ft->params, ft->param_count))
		return false;
	if (v->live) {
		emit_s(v, WRR_OP_CALL_INDIRECT, v->slots, type);
		wrr_emit_u32x2(&v->e, table, index);
	}
	return push_types(v, ft->results, ft->result_count);
}

/* table.get/set/size/grow/fill x, table.copy x y, table.init x y,
 * elem.drop y (spec §3.3.6 "Table Instructions"). */
static bool op_table(struct fv *v, int op)
{
	const struct wrr_module *m = v->m;
	uint32_t x, y = 0;
	if (op == WRR_OP_TABLE_INIT) { /* binary: elemidx tableidx */
		if (!read_u32(v, &y) || !read_u32(v, &x))
			return false;
	} else if (!read_u32(v, &x)) {
		return false;
	}
	if (op == WRR_OP_TABLE_COPY && !read_u32(v, &y))
		return false;
	if (op == WRR_OP_ELEM_DROP) {
		if (!check_elem(v, x))
			return false;
		emit_s(v, op, 0, x);
		return true;
	}
	if (v->live)
		materialize_all(v);
	uint32_t h = v->slots;
	if (!check_table(v, x))
		return false;
	optype t = m->tables[x].elem_type;
	bool ok;
	switch (op) {
	case WRR_OP_TABLE_GET:
		ok = pop_expect(v, WRR_I32, NULL) && push(v, t);
		break;
	case WRR_OP_TABLE_SET:
		ok = pop_expect(v, t, NULL) && pop_expect(v, WRR_I32, NULL);
		break;
	case WRR_OP_TABLE_SIZE:
		ok = push(v, WRR_I32);
		break;
	case WRR_OP_TABLE_GROW:
		ok = pop_expect(v, WRR_I32, NULL) && pop_expect(v, t, NULL) &&
		     push(v, WRR_I32);
		break;
	case WRR_OP_TABLE_FILL:
		ok = pop_expect(v, WRR_I32, NULL) && pop_expect(v, t, NULL) &&
		     pop_expect(v, WRR_I32, NULL);
		break;
	case WRR_OP_TABLE_COPY:
		if (!check_table(v, y))
			return false;
		if (m->tables[y].elem_type != t)
			return fail(v, "type mismatch: table.copy between %s "
				       "and %s tables",
				    wrr_valid_type_name(t),
				    wrr_valid_type_name(m->tables[y].elem_type));
		ok = apply_sig(v, "iii:");
		break;
	default: /* TABLE_INIT */
		if (!check_elem(v, y))
			return false;
		if (m->elems[y].type != t)
			return fail(v, "type mismatch: table.init of %s "
				       "table from %s segment",
				    wrr_valid_type_name(t),
				    wrr_valid_type_name(m->elems[y].type));
		ok = apply_sig(v, "iii:");
		break;
	}
	if (!ok)
		return false;
	emit_s(v, op, h, x);
	if (v->live && (op == WRR_OP_TABLE_COPY || op == WRR_OP_TABLE_INIT))
		wrr_emit_u32x2(&v->e, y, 0);
	return true;
}

/* Whether a fixed-signature instruction is lowered to the r form (code.h):
 * scalar operands (one or two) and at most one scalar result, with no
 * immediate but a memarg. */
static bool register_form(const struct wrr_opcode_info *info)
{
	if (info->imm != WRR_IMM_NONE && info->imm != WRR_IMM_MEMARG)
		return false;
	const char *colon = strchr(info->sig, ':');
	size_t params = (size_t)(colon - info->sig);
	size_t results = strlen(colon + 1);
	if (params < 1 || params > 2 || results > 1 ||
	    (results == 0 && info->access == 0))
		return false;
	return strspn(info->sig, "iIfF:") == strlen(info->sig);
}

/* The integer binary ops with a _C form: their WRR_IOP_*_C op, else 0. */
static uint32_t const_form(int op)
{
	switch (op) {
#define WRR_X_CASE(name)                                                       \
	case WRR_OP_I32_##name:                                                \
		return WRR_IOP_I32_##name##_C;                                 \
	case WRR_OP_I64_##name:                                                \
		return WRR_IOP_I64_##name##_C;
		WRR_IOP_INT_BINOPS(WRR_X_CASE)
#undef WRR_X_CASE
#define WRR_X_CASE(name)                                                       \
	case WRR_OP_F64_##name:                                                \
		return WRR_IOP_F64_##name##_C;
		WRR_IOP_F64_BINOPS(WRR_X_CASE)
#undef WRR_X_CASE
	}
	return 0;
}

static bool commutative(int op)
{
	switch (op) {
	case WRR_OP_I32_ADD: case WRR_OP_I32_MUL: case WRR_OP_I32_AND:
	case WRR_OP_I32_OR: case WRR_OP_I32_XOR: case WRR_OP_I32_EQ:
	case WRR_OP_I32_NE: case WRR_OP_I64_ADD: case WRR_OP_I64_MUL:
	case WRR_OP_I64_AND: case WRR_OP_I64_OR: case WRR_OP_I64_XOR:
	case WRR_OP_I64_EQ: case WRR_OP_I64_NE:
	case WRR_OP_F64_ADD: case WRR_OP_F64_MUL:
		return true;
	}
	return false;
}

/* Ops that change no bits of the slot (code.h): not emitted. */
static bool identity(int op)
{
	return op == WRR_OP_I32_REINTERPRET_F32 ||
	       op == WRR_OP_I64_REINTERPRET_F64 ||
	       op == WRR_OP_F32_REINTERPRET_I32 ||
	       op == WRR_OP_F64_REINTERPRET_I64 ||
	       op == WRR_OP_I64_EXTEND_I32_U;
}

static bool is_i32_cmp(int op)
{
	switch (op) {
#define WRR_X_CASE(name, neg) case WRR_OP_I32_##name:
		WRR_IOP_I32_CMPS(WRR_X_CASE)
#undef WRR_X_CASE
		return true;
	}
	return false;
}

/* The comparison that is true exactly when i32 comparison op is false. */
static int negated_cmp(int op)
{
	switch (op) {
#define WRR_X_CASE(name, neg)                                                  \
	case WRR_OP_I32_##name:                                                \
		return WRR_OP_I32_##neg;
		WRR_IOP_I32_CMPS(WRR_X_CASE)
#undef WRR_X_CASE
	}
	return op;
}

/* Whether an operand can be read where it is by a pending IN_OP: a local
 * (x or y), or its own stack slot (x only). */
static bool deferrable_x(const struct operand *o)
{
	return o->where == IN_LOCAL || o->where == IN_SLOT;
}

/* Decides whether i32 instruction op on operands a (and b) stays pending
 * as an IN_OP operand (see struct operand): i32.add/sub of a constant
 * (folded into an earlier pending add), an i32 comparison with a local or
 * constant right operand, i32.eqz (of a pending comparison: the negated
 * comparison). On true, *out is the operand. */
static bool defer(struct fv *v, int op, uint32_t n, const struct operand *a,
		  const struct operand *b, struct operand *out)
{
	*out = (struct operand){.where = IN_OP, .pos = a->pos, .op = (uint16_t)op};
	if (n == 1 && op == WRR_OP_I32_EQZ && a->where == IN_OP &&
	    is_i32_cmp(a->op)) {
		/* i32.eqz of a pending comparison: the negated comparison */
		*out = *a;
		out->op = (uint16_t)negated_cmp(a->op);
		return true;
	}
	if (n == 1) {
		if (op != WRR_OP_I32_EQZ || !deferrable_x(a))
			return false;
		out->local = a->where == IN_LOCAL ? a->local : a->pos;
		return true;
	}
	if (op == WRR_OP_I32_ADD || op == WRR_OP_I32_SUB) {
		const struct operand *x = a, *c = b;
		if (op == WRR_OP_I32_ADD && a->where == IN_CONST)
			x = b, c = a;
		if (c->where != IN_CONST)
			return false;
		uint32_t k = (uint32_t)c->bits;
		if (op == WRR_OP_I32_SUB)
			k = 0u - k;
		out->op = WRR_OP_I32_ADD;
		out->with_c = 1;
		if (x->where == IN_OP && x->op == WRR_OP_I32_ADD && x->with_c) {
			out->local = x->local;
			out->bits = (uint32_t)(x->bits + k);
		} else if (deferrable_x(x)) {
			out->local = x->where == IN_LOCAL ? x->local : x->pos;
			out->bits = k;
		} else {
			return false;
		}
		/* The pending add may read a local or its own slot, never the
		 * slot above it (x's, when the constant was the left operand):
		 * the next value pushed is written there. */
		return out->local < v->local_slots || out->local == out->pos;
	}
	if (!is_i32_cmp(op) || !deferrable_x(a) ||
	    (b->where != IN_LOCAL && b->where != IN_CONST))
		return false;
	out->local = a->where == IN_LOCAL ? a->local : a->pos;
	if (b->where == IN_CONST) {
		out->with_c = 1;
		out->bits = (uint32_t)b->bits;
	} else {
		out->y = b->local;
	}
	return true;
}

/* The _A form of a load or store (code.h). */
static uint32_t access_a_form(int op)
{
	switch (op) {
#define WRR_X_CASE(name)                                                       \
	case WRR_OP_##name:                                                    \
		return WRR_IOP_##name##_A;
		WRR_IOP_LOADS(WRR_X_CASE)
		WRR_IOP_STORES(WRR_X_CASE)
#undef WRR_X_CASE
	}
	return 0;
}

/* A load or store whose address operand is a pending i32.add of a
 * constant: one _A instruction (code.h). */
static bool lower_access_a(struct fv *v, int op, uint32_t n, uint32_t offset)
{
	const struct wrr_opcode_info *info = &wrr_opcode_infos[op];
	uint32_t i = v->nvals - n;
	struct operand a = v->opnds[i];
	uint32_t y = n == 2 ? operand_slot(v, i + 1) : 0;
	uint32_t at = emit_r(v, access_a_form(op), a.pos, a.local, y);
	wrr_emit_u32x2(&v->e, (uint32_t)a.bits, offset);
	if (!apply_sig(v, info->sig))
		return false;
	if (n == 1)
		set_fresh(v, at);
	return true;
}

/* Lowers a register_form instruction in live code: operands read where
 * they are (a pending local from its own slot, a constant right operand of
 * an integer op as an immediate), the result written to the slot of the
 * lowest operand. `offset` is a load's or store's memarg offset. */
static bool lower_register_op(struct fv *v, int op, uint32_t offset)
{
	const struct wrr_opcode_info *info = &wrr_opcode_infos[op];
	uint32_t n = info->sig[1] == ':' ? 1 : 2;
	if (v->nvals < v->ctrls[v->nctrls - 1].height + n)
		return apply_sig(v, info->sig); /* fails: too few operands */
	uint32_t i = v->nvals - n;
	struct operand a = v->opnds[i];
	struct operand deferred;
	if (defer(v, op, n, &a, &v->opnds[i + 1], &deferred)) {
		if (!apply_sig(v, info->sig))
			return false;
		v->opnds[v->nvals - 1] = deferred;
		v->pending++;
		return true;
	}
	if (info->access != 0 && a.where == IN_OP &&
	    a.op == WRR_OP_I32_ADD && a.with_c)
		return lower_access_a(v, op, n, offset);
	if (identity(op)) {
		if (!apply_sig(v, info->sig))
			return false;
		v->opnds[v->nvals - 1] = a;
		if (a.where != IN_SLOT)
			v->pending++;
		return true;
	}
	uint32_t d = a.pos, at, c_op = const_form(op);
	uint64_t c = 0;
	if (n == 2 && c_op != 0 && v->opnds[i + 1].where == IN_CONST) {
		c = v->opnds[i + 1].bits;
		at = emit_r(v, c_op, d, operand_slot(v, i), 0);
	} else if (n == 2 && c_op != 0 && a.where == IN_CONST &&
		   commutative(op)) {
		c = a.bits;
		at = emit_r(v, c_op, d, operand_slot(v, i + 1), 0);
	} else {
		uint32_t x = operand_slot(v, i);
		uint32_t y = n == 2 ? operand_slot(v, i + 1) : 0;
		at = emit_r(v, (uint32_t)op, d, x, y);
		c_op = 0;
	}
	if (c_op != 0)
		wrr_emit_u64(&v->e, c);
	else if (info->access != 0)
		wrr_emit_u32x2(&v->e, offset, 0);
	if (!apply_sig(v, info->sig))
		return false;
	if (info->sig[strlen(info->sig) - 1] != ':')
		set_fresh(v, at);
	return true;
}

/* Instructions with a fixed signature in opcodes.h, and memory ones. */
static bool op_fixed(struct fv *v, int op)
{
	const struct wrr_opcode_info *info = &wrr_opcode_infos[op];
	uint32_t a = 0;
	uint64_t wide = 0;
	bool has_wide = false;
	switch (info->imm) {
	case WRR_IMM_NONE:
		break;
	case WRR_IMM_MEMARG:
		if (!read_memarg(v, info, &a))
			return false;
		break;
	case WRR_IMM_MEMORY: {
		uint8_t zero;
		if (!read_byte(v, &zero) || !check_memory(v))
			return false;
		break;
	}
	case WRR_IMM_MEMORY_COPY: {
		uint8_t zero;
		if (!read_byte(v, &zero) || !read_byte(v, &zero) ||
		    !check_memory(v))
			return false;
		break;
	}
	case WRR_IMM_MEMORY_INIT: {
		uint8_t zero;
		if (!read_u32(v, &a) || !read_byte(v, &zero) ||
		    !check_memory(v) || !check_data(v, a))
			return false;
		break;
	}
	case WRR_IMM_I32: {
		int32_t x;
		if (!wrr_read_s32(&v->r, &x))
			return reread_failed(v);
		a = (uint32_t)x;
		break;
	}
	case WRR_IMM_I64: {
		int64_t x;
		if (!wrr_read_s64(&v->r, &x))
			return reread_failed(v);
		wide = (uint64_t)x;
		has_wide = true;
		break;
	}
	case WRR_IMM_F32:
		if (!wrr_read_fixed32(&v->r, &a))
			return reread_failed(v);
		break;
	case WRR_IMM_F64:
		if (!wrr_read_fixed64(&v->r, &wide))
			return reread_failed(v);
		has_wide = true;
		break;
	default:
		return fail_status(v, WRR_MALFORMED, "unexpected immediate");
	}
	if (!v->live)
		return apply_sig(v, info->sig);
	if (info->imm == WRR_IMM_I32 || info->imm == WRR_IMM_I64 ||
	    info->imm == WRR_IMM_F32 || info->imm == WRR_IMM_F64) {
		/* A constant stays pending (code.h). */
		if (!apply_sig(v, info->sig))
			return false;
		struct operand *o = &v->opnds[v->nvals - 1];
		o->where = IN_CONST;
		o->bits = has_wide ? wide : a;
		v->pending++;
		return true;
	}
	if (register_form(info))
		return lower_register_op(v, op, a);
	materialize_all(v);
	uint32_t h = v->slots;
	if (!apply_sig(v, info->sig))
		return false;
	emit_s(v, (uint32_t)op, h, a);
	return true;
}

/* A SIMD lane index immediate: must be < the lane count (spec §3.3.3). */
static bool read_lane(struct fv *v, unsigned lanes, uint32_t *out)
{
	uint8_t lane;
	if (!read_byte(v, &lane))
		return false;
	if (lane >= lanes)
		return fail(v, "invalid lane index");
	*out = lane;
	return true;
}

/* SIMD instructions (0xFD prefix; spec §3.3.3 vector instructions): typed
 * by their fixed signature, lowered to WRR_IOP_SIMD or WRR_IOP_SIMD_MEM
 * (code.h). */
static bool op_simd(struct fv *v, int op)
{
	const struct wrr_opcode_info *info = &wrr_opcode_infos[op];
	uint32_t simd_op = (uint32_t)(op - WRR_OP_SIMD_FIRST);
	uint32_t lane = 0, offset = 0;
	uint8_t bytes[16];
	switch (info->imm) {
	case WRR_IMM_NONE:
		break;
	case WRR_IMM_MEMARG:
	case WRR_IMM_MEMARG_LANE: {
		if (!read_memarg(v, info, &offset))
			return false;
		if (info->imm == WRR_IMM_MEMARG_LANE &&
		    !read_lane(v, wrr_simd_lane_count(info->text, info->access),
			       &lane))
			return false;
		break;
	}
	case WRR_IMM_LANE:
		if (!read_lane(v, wrr_simd_lane_count(info->text, 0), &lane))
			return false;
		break;
	case WRR_IMM_V128:
	case WRR_IMM_SHUFFLE:
		for (unsigned i = 0; i < 16; i++)
			if (!read_byte(v, &bytes[i]))
				return false;
		if (info->imm == WRR_IMM_SHUFFLE)
			for (unsigned i = 0; i < 16; i++)
				if (bytes[i] >= 32)
					return fail(v, "invalid lane index");
		break;
	default:
		return fail_status(v, WRR_MALFORMED, "unexpected immediate");
	}
	if (v->live)
		materialize_all(v);
	uint32_t h = v->slots;
	if (!apply_sig(v, info->sig))
		return false;
	if (!v->live)
		return true;
	if (info->access != 0) {
		emit_s(v, WRR_IOP_SIMD_MEM, h, offset);
		wrr_emit_u64(&v->e, simd_op | (uint64_t)lane << 32);
	} else {
		emit_s(v, WRR_IOP_SIMD, h, simd_op | lane << 8);
		if (info->imm == WRR_IMM_V128 || info->imm == WRR_IMM_SHUFFLE) {
			uint64_t lo, hi;
			memcpy(&lo, bytes, 8);
			memcpy(&hi, bytes + 8, 8);
			wrr_emit_u64(&v->e, lo);
			wrr_emit_u64(&v->e, hi);
		}
	}
	return true;
}

/* One instruction at v->at. *done is set by the function's final end. */
static bool instruction(struct fv *v, bool *done)
{
	uint8_t byte;
	int op;
	if (!read_byte(v, &byte))
		return false;
	if (byte == 0xfc) {
		uint32_t sub;
		if (!read_u32(v, &sub))
			return false;
		op = wrr_opcode_from_fc(sub);
	} else if (byte == 0xfd) {
		uint32_t sub;
		if (!read_u32(v, &sub))
			return false;
		op = wrr_opcode_from_fd(sub);
		if (op >= WRR_OP_RELAXED_FIRST)
			return fail(v, "relaxed SIMD instruction %s is not "
				       "supported", wrr_opcode_infos[op].text);
		if (op >= 0)
			return op_simd(v, op);
	} else {
		op = wrr_opcode_from_byte(byte);
	}
	if (op < 0)
		return fail_status(v, WRR_MALFORMED, "illegal opcode");

	switch (op) {
	case WRR_OP_UNREACHABLE:
		emit_s(v, WRR_OP_UNREACHABLE, 0, 0);
		set_unreachable(v);
		return true;
	case WRR_OP_NOP: /* not emitted (code.h) */
		return true;
	case WRR_OP_BLOCK:
	case WRR_OP_LOOP:
	case WRR_OP_IF:
		return op_block(v, op);
	case WRR_OP_ELSE:
		return op_else(v);
	case WRR_OP_END:
		return op_end(v, done);
	case WRR_OP_BR:
		return op_br(v, false);
	case WRR_OP_BR_IF:
		return op_br(v, true);
	case WRR_OP_BR_TABLE:
		return op_br_table(v);
	case WRR_OP_RETURN: {
		const struct wrr_functype *ft =
			wrr_module_func_type(v->m, v->func_index);
		if (v->live)
			materialize_all(v);
		uint32_t h = v->slots;
		if (!pop_vals(v, ft->results, ft->result_count))
			return false;
		emit_s(v, WRR_OP_RETURN, h, 0);
		set_unreachable(v);
		return true;
	}
	case WRR_OP_CALL:
	case WRR_OP_CALL_INDIRECT:
		return op_call(v, op);
	case WRR_OP_DROP: {
		optype t; /* no code: the value is left where it is */
		return pop(v, UNKNOWN, &t);
	}
	case WRR_OP_SELECT:
	case WRR_OP_SELECT_T:
		return op_select(v, op);
	case WRR_OP_LOCAL_GET:
	case WRR_OP_LOCAL_SET:
	case WRR_OP_LOCAL_TEE:
		return op_local(v, op);
	case WRR_OP_GLOBAL_GET:
	case WRR_OP_GLOBAL_SET:
		return op_global(v, op);
	case WRR_OP_TABLE_GET:
	case WRR_OP_TABLE_SET:
	case WRR_OP_TABLE_SIZE:
	case WRR_OP_TABLE_GROW:
	case WRR_OP_TABLE_FILL:
	case WRR_OP_TABLE_COPY:
	case WRR_OP_TABLE_INIT:
	case WRR_OP_ELEM_DROP:
		return op_table(v, op);
	case WRR_OP_DATA_DROP: {
		uint32_t x;
		if (!read_u32(v, &x) || !check_data(v, x))
			return false;
		emit_s(v, WRR_OP_DATA_DROP, 0, x);
		return true;
	}
	case WRR_OP_REF_NULL: {
		uint8_t t;
		if (!read_byte(v, &t))
			return false;
		if (t != WRR_FUNCREF && t != WRR_EXTERNREF)
			return fail_status(v, WRR_MALFORMED,
					   "malformed reference type");
		emit_s(v, WRR_OP_REF_NULL, v->slots, 0);
		return push(v, t);
	}
	case WRR_OP_REF_IS_NULL: {
		optype t;
		if (v->live)
			materialize_all(v);
		uint32_t h = v->slots;
		if (!pop(v, UNKNOWN, &t))
			return false;
		if (!is_ref(t))
			return fail(v, "type mismatch: expected a reference, "
				       "found %s", wrr_valid_type_name(t));
		emit_s(v, WRR_OP_REF_IS_NULL, h, 0);
		return push(v, WRR_I32);
	}
	case WRR_OP_REF_FUNC: {
		uint32_t f;
		if (!read_u32(v, &f))
			return false;
		if (f >= v->m->func_count)
			return fail(v, "unknown function %u", f);
		if (v->m->func_declared == NULL || !v->m->func_declared[f])
			return fail(v, "undeclared function reference");
		emit_s(v, WRR_OP_REF_FUNC, v->slots, f);
		return push(v, WRR_FUNCREF);
	}
	default:
		if (wrr_opcode_infos[op].sig[0] == '\0')
			return fail_status(v, WRR_MALFORMED,
					   "unhandled opcode %s",
					   wrr_opcode_infos[op].text);
		return op_fixed(v, op);
	}
}

/* Lays out params and declared locals in slots (code.h frame layout). */
static bool layout_locals(struct fv *v, const struct wrr_functype *ft,
			  const struct wrr_func_body *body)
{
	uint64_t slots = types_slots(ft->params, ft->param_count);
	uint64_t count = ft->param_count;
	for (uint32_t i = 0; i < body->run_count; i++) {
		slots += (uint64_t)body->runs[i].count *
			 wrr_valtype_slots(body->runs[i].type);
		count += body->runs[i].count;
		if (slots > WRR_VALID_MAX_LOCAL_SLOTS)
			break;
	}
	if (slots > WRR_VALID_MAX_LOCAL_SLOTS) {
		v->at = body->expr_offset;
		return fail(v, "too many locals: more than %u slots",
			    WRR_VALID_MAX_LOCAL_SLOTS);
	}
	v->locals = calloc(count ? count : 1, sizeof *v->locals);
	if (v->locals == NULL)
		return nomem(v);
	uint32_t n = 0, slot = 0;
	for (uint32_t i = 0; i < ft->param_count; i++) {
		v->locals[n++] = (struct local){ft->params[i], slot};
		slot += wrr_valtype_slots(ft->params[i]);
	}
	for (uint32_t i = 0; i < body->run_count; i++) {
		for (uint32_t k = 0; k < body->runs[i].count; k++) {
			v->locals[n++] = (struct local){body->runs[i].type, slot};
			slot += wrr_valtype_slots(body->runs[i].type);
		}
	}
	v->local_count = n;
	v->local_slots = slot;
	return true;
}

enum wrr_status wrr_valid_func(struct wrr_module *m, uint32_t func_index,
			       struct wrr_error *err)
{
	struct wrr_func_body *body =
		&m->bodies[func_index - m->imported_func_count];
	const struct wrr_functype *ft = wrr_module_func_type(m, func_index);
	struct fv v;
	memset(&v, 0, sizeof v);
	v.m = m;
	v.err = err;
	v.func_index = func_index;
	v.at = body->offset;
	v.status = WRR_OK;
	v.fresh = WRR_PATCH_NONE;
	wrr_emitter_init(&v.e);

	/* The body runs from after its size field for body->size bytes. */
	struct wrr_reader sr;
	uint32_t size;
	wrr_reader_init(&sr, m->bytes, body->offset, m->size);
	if (!wrr_read_u32(&sr, &size) || size != body->size ||
	    body->expr_offset < sr.pos || body->expr_offset > sr.pos + size) {
		fail_status(&v, WRR_MALFORMED, "bad function body range");
		goto out;
	}
	v.body_start = sr.pos;
	wrr_reader_init(&v.r, m->bytes, body->expr_offset, sr.pos + size);
	v.live = true;

	if (!layout_locals(&v, ft, body))
		goto out;
	v.slots = v.local_slots;
	v.max_height = v.local_slots;
	if (!push_ctrl(&v, FRAME_FUNC, NULL, 0, ft->results, ft->result_count))
		goto out;
	bool done = false;
	while (!done) {
		v.at = v.r.pos;
		if (!instruction(&v, &done))
			goto out;
	}
	if (v.r.pos != v.r.end) {
		fail_status(&v, WRR_MALFORMED, "section size mismatch");
		goto out;
	}
	if (v.max_height > WRR_MAX_FRAME_SLOTS) {
		v.at = body->expr_offset;
		fail(&v, "function needs more than %u value slots (locals and "
			 "operand stack)", WRR_MAX_FRAME_SLOTS);
		goto out;
	}
	struct wrr_code_func *out = &body->code;
	enum wrr_status st = wrr_emitter_finish(&v.e, out);
	if (st == WRR_NOMEM) {
		nomem(&v);
		goto out;
	}
	if (st != WRR_OK) {
		fail(&v, "function code larger than %u units",
		     WRR_LOWER_MAX_UNITS);
		goto out;
	}
	out->param_slots = types_slots(ft->params, ft->param_count);
	out->local_slots = v.local_slots;
	out->result_slots = types_slots(ft->results, ft->result_count);
	out->max_height = v.max_height;
out:
	wrr_emitter_free(&v.e);
	free(v.locals);
	free(v.vals);
	free(v.opnds);
	free(v.ctrls);
	free(v.scratch);
	return v.status;
}
