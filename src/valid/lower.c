/*
 * lower.c — the code emitter used while validating a function body (see
 * lower.h): growing arrays, patch lists, and the lowering of branches to
 * labels (code.h: JUMP, BR, BR_IF, BR_TABLE entries, RETURN).
 */
#include <stdlib.h>
#include <string.h>

#include "valid/lower.h"

void wrr_emitter_init(struct wrr_emitter *e)
{
	memset(e, 0, sizeof *e);
}

void wrr_emitter_free(struct wrr_emitter *e)
{
	free(e->code);
	free(e->offsets);
	free(e->flags);
	memset(e, 0, sizeof *e);
}

/* Makes room for one more unit; false (with a flag set) if impossible. */
static bool reserve(struct wrr_emitter *e)
{
	if (e->nomem || e->too_big)
		return false;
	if (e->len < e->cap)
		return true;
	if (e->len >= WRR_LOWER_MAX_UNITS) {
		e->too_big = true;
		return false;
	}
	uint64_t cap = e->cap ? (uint64_t)e->cap * 2 : 64;
	if (cap > WRR_LOWER_MAX_UNITS)
		cap = WRR_LOWER_MAX_UNITS;
	union wrr_code *code = realloc(e->code, cap * sizeof *code);
	if (code == NULL) {
		e->nomem = true;
		return false;
	}
	e->code = code;
	uint32_t *offsets = realloc(e->offsets, cap * sizeof *offsets);
	if (offsets == NULL) {
		e->nomem = true;
		return false;
	}
	e->offsets = offsets;
	uint8_t *flags = realloc(e->flags, cap);
	if (flags == NULL) {
		e->nomem = true;
		return false;
	}
	memset(flags + e->cap, 0, cap - e->cap);
	e->flags = flags;
	e->cap = (uint32_t)cap;
	return true;
}

/* Marks unit `at` (at most len) as a branch target. */
static void mark_target(struct wrr_emitter *e, uint32_t at)
{
	if (at > e->barrier)
		e->barrier = at;
	if (reserve(e) && at <= e->len)
		e->flags[at] |= WRR_UNIT_TARGET;
}

void wrr_emit_target_here(struct wrr_emitter *e)
{
	e->barrier = e->len;
	mark_target(e, e->len);
}

/* Appends a first unit; a JUMP resolved to this point becomes a copy of it
 * if it is a RETURN (the values it returns are in the same slots either
 * way): one dispatch less. */
static uint32_t emit_first(struct wrr_emitter *e, union wrr_code unit,
			   uint32_t wasm_offset)
{
	uint32_t at = e->len;
	if (!reserve(e))
		return at;
	e->code[at] = unit;
	e->offsets[at] = wasm_offset;
	e->flags[at] |= WRR_UNIT_START;
	e->len++;
	if (e->njumps != 0 && e->jumps_target == at) {
		if (unit.s.op == WRR_OP_RETURN)
			for (uint32_t i = 0; i < e->njumps; i++)
				e->code[e->jumps[i]] = unit;
		e->njumps = 0;
	}
	return at;
}

uint32_t wrr_emit_s(struct wrr_emitter *e, uint32_t op, uint32_t h,
		    uint32_t a, uint32_t wasm_offset)
{
	union wrr_code unit = {.s = {(uint16_t)op, (uint16_t)h, a}};
	return emit_first(e, unit, wasm_offset);
}

uint32_t wrr_emit_r(struct wrr_emitter *e, uint32_t op, uint32_t d,
		    uint32_t x, uint32_t y, uint32_t wasm_offset)
{
	union wrr_code unit = {
		.r = {(uint16_t)op, (uint16_t)d, (uint16_t)x, (uint16_t)y}};
	return emit_first(e, unit, wasm_offset);
}

void wrr_emit_u64(struct wrr_emitter *e, uint64_t value)
{
	if (!reserve(e))
		return;
	e->code[e->len].u64 = value;
	e->offsets[e->len] = 0;
	e->len++;
}

void wrr_emit_u32x2(struct wrr_emitter *e, uint32_t lo, uint32_t hi)
{
	if (!reserve(e))
		return;
	e->code[e->len].u32[0] = lo;
	e->code[e->len].u32[1] = hi;
	e->offsets[e->len] = 0;
	e->len++;
}

void wrr_patch_add(struct wrr_emitter *e, uint32_t *head, uint32_t ref)
{
	if (e->nomem || e->too_big || ref / 2 >= e->len)
		return;
	e->code[ref / 2].u32[ref % 2] = *head;
	*head = ref;
}

void wrr_patch_resolve(struct wrr_emitter *e, uint32_t head, uint32_t target)
{
	if (e->nomem || e->too_big)
		return;
	mark_target(e, target);
	if (target != e->jumps_target)
		e->njumps = 0;
	e->jumps_target = target;
	while (head != WRR_PATCH_NONE && head / 2 < e->len) {
		uint32_t *field = &e->code[head / 2].u32[head % 2];
		if (head % 2 == 1 && target == e->len &&
		    e->code[head / 2].s.op == WRR_IOP_JUMP &&
		    e->njumps < sizeof e->jumps / sizeof e->jumps[0])
			e->jumps[e->njumps++] = head / 2;
		uint32_t next = *field;
		*field = target - head / 2; /* relative (code.h) */
		head = next;
	}
}

void wrr_lower_point(struct wrr_emitter *e, struct wrr_label *l, uint32_t ref)
{
	if (e->nomem || e->too_big || ref / 2 >= e->len)
		return;
	if (l->target != WRR_PATCH_NONE)
		e->code[ref / 2].u32[ref % 2] = l->target - ref / 2;
	else
		wrr_patch_add(e, &l->patches, ref);
}

/* The extra unit of BR, BR_IF and br_table entries: move the label's
 * values from sp_after to the label's height. */
static void emit_move(struct wrr_emitter *e, const struct wrr_label *l,
		      uint32_t sp_after)
{
	if (!reserve(e))
		return;
	union wrr_code *unit = &e->code[e->len];
	unit->u64 = 0;
	unit->mv.dst = (uint16_t)l->height;
	unit->mv.src = (uint16_t)sp_after;
	unit->mv.n = (uint16_t)l->arity;
	e->offsets[e->len] = 0;
	e->len++;
}

void wrr_lower_br(struct wrr_emitter *e, struct wrr_label *l, uint32_t sp_after,
		  uint32_t wasm_offset)
{
	if (l->is_func) {
		wrr_emit_s(e, WRR_OP_RETURN, sp_after + l->arity, 0,
			   wasm_offset);
		return;
	}
	if (sp_after == l->height) {
		uint32_t at = wrr_emit_s(e, WRR_IOP_JUMP, 0, 0, wasm_offset);
		wrr_lower_point(e, l, wrr_patch_ref_a(at));
		return;
	}
	uint32_t at = wrr_emit_s(e, WRR_OP_BR, 0, 0, wasm_offset);
	emit_move(e, l, sp_after);
	wrr_lower_point(e, l, wrr_patch_ref_a(at));
}

void wrr_lower_br_if(struct wrr_emitter *e, struct wrr_label *l,
		     uint32_t cond, uint32_t sp_after, uint32_t wasm_offset)
{
	uint32_t at;
	if (sp_after == l->height || l->arity == 0) {
		at = wrr_emit_s(e, WRR_IOP_JUMP_IF_NONZERO, cond, 0,
				wasm_offset);
	} else {
		at = wrr_emit_s(e, WRR_OP_BR_IF, cond, 0, wasm_offset);
		emit_move(e, l, sp_after);
	}
	wrr_lower_point(e, l, wrr_patch_ref_a(at));
}

void wrr_lower_br_table_entry(struct wrr_emitter *e, struct wrr_label *l,
			      uint32_t sp_after)
{
	uint32_t at = e->len;
	wrr_emit_u32x2(e, 0, 0);
	emit_move(e, l, sp_after);
	wrr_lower_point(e, l, at * 2);
}

/* The accumulator forms (code.h): an instruction that is not a branch
 * target, and reads the result that the instruction before it produced
 * (the slot that one writes, in the accumulator that one's handler leaves it
 * in), becomes the form that reads the accumulator. The predecessor falls
 * through to it: no instruction that ends a block produces a result. */
static void choose_accumulator_forms(struct wrr_emitter *e)
{
	union wrr_code *code = e->code;
	uint32_t prev = WRR_PATCH_NONE; /* the previous instruction */
	for (uint32_t i = 0; i < e->len; i++) {
		if (!(e->flags[i] & WRR_UNIT_START))
			continue;
		uint32_t producer = prev;
		prev = i;
		if (producer == WRR_PATCH_NONE || (e->flags[i] & WRR_UNIT_TARGET))
			continue;
		enum wrr_acc produced = wrr_iop_acc_result(code[producer].r.op);
		if (produced == WRR_ACC_NONE)
			continue;
		uint32_t op = code[i].s.op;
		for (int second = 0; second <= 1; second++) {
			uint32_t form = wrr_iop_acc_form(op, second);
			bool reads_y;
			if (form != 0 &&
			    wrr_iop_acc_operand(form, &reads_y) == produced &&
			    wrr_iop_acc_slot(&code[i], op, second) ==
				    code[producer].r.d) {
				code[i].s.op = (uint16_t)form;
				break;
			}
		}
	}
}

enum wrr_status wrr_emitter_finish(struct wrr_emitter *e,
				   struct wrr_code_func *out)
{
	if (e->nomem)
		return WRR_NOMEM;
	if (e->too_big)
		return WRR_INVALID;
	wrr_fuse_pairs(e);
	choose_accumulator_forms(e);
	if (e->len < e->cap && e->len > 0) {
		union wrr_code *code = realloc(e->code, e->len * sizeof *code);
		if (code != NULL)
			e->code = code;
		uint32_t *offsets =
			realloc(e->offsets, e->len * sizeof *offsets);
		if (offsets != NULL)
			e->offsets = offsets;
	}
	free(e->flags);
	e->flags = NULL;
	out->code = e->code;
	out->code_offsets = e->offsets;
	out->code_len = e->len;
	e->code = NULL;
	e->offsets = NULL;
	e->len = e->cap = 0;
	return WRR_OK;
}
