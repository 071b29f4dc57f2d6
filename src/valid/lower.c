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
	e->last[0] = e->last[1] = WRR_PATCH_NONE;
}

void wrr_emitter_free(struct wrr_emitter *e)
{
	free(e->code);
	free(e->offsets);
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
	e->cap = (uint32_t)cap;
	return true;
}

uint32_t wrr_emit_op(struct wrr_emitter *e, uint32_t op, uint32_t a,
		     uint32_t wasm_offset)
{
	uint32_t at = e->len;
	if (!reserve(e))
		return at;
	e->code[at].ins.op = op;
	e->code[at].ins.a = a;
	e->offsets[at] = wasm_offset;
	e->len++;
	wrr_fuse(e, at);
	return at;
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
	if (target > e->barrier)
		e->barrier = target;
	if (target != e->jumps_target)
		e->njumps = 0;
	e->jumps_target = target;
	while (head != WRR_PATCH_NONE && head / 2 < e->len) {
		uint32_t *field = &e->code[head / 2].u32[head % 2];
		if (head % 2 == 1 && target == e->len &&
		    e->code[head / 2].ins.op == WRR_IOP_JUMP &&
		    e->njumps < sizeof e->jumps / sizeof e->jumps[0])
			e->jumps[e->njumps++] = head / 2;
		head = *field;
		*field = target;
	}
}

/* Points the 32-bit field `ref` at label l: now if its target is known,
 * later (patch list) otherwise. */
static void point_at(struct wrr_emitter *e, struct wrr_label *l, uint32_t ref)
{
	if (e->nomem || e->too_big || ref / 2 >= e->len)
		return;
	if (l->target != WRR_PATCH_NONE)
		e->code[ref / 2].u32[ref % 2] = l->target;
	else
		wrr_patch_add(e, &l->patches, ref);
}

void wrr_lower_br(struct wrr_emitter *e, struct wrr_label *l, uint32_t sp_after,
		  uint32_t wasm_offset)
{
	if (l->is_func) {
		wrr_emit_op(e, WRR_OP_RETURN, 0, wasm_offset);
		return;
	}
	if (sp_after == l->height) {
		uint32_t at = wrr_emit_op(e, WRR_IOP_JUMP, 0, wasm_offset);
		point_at(e, l, wrr_patch_ref_a(at));
		return;
	}
	uint32_t at = wrr_emit_op(e, WRR_OP_BR, 0, wasm_offset);
	wrr_emit_u32x2(e, l->height, l->arity);
	point_at(e, l, wrr_patch_ref_a(at));
}

void wrr_lower_br_if(struct wrr_emitter *e, struct wrr_label *l,
		     uint32_t wasm_offset)
{
	uint32_t at = wrr_emit_op(e, WRR_OP_BR_IF, 0, wasm_offset);
	wrr_emit_u32x2(e, l->height, l->arity);
	point_at(e, l, wrr_patch_ref_a(at));
}

void wrr_lower_br_table_entry(struct wrr_emitter *e, struct wrr_label *l)
{
	uint32_t at = e->len;
	wrr_emit_u32x2(e, 0, 0);
	wrr_emit_u32x2(e, l->height, l->arity);
	point_at(e, l, at * 2);
}

enum wrr_status wrr_emitter_finish(struct wrr_emitter *e,
				   struct wrr_code_func *out)
{
	if (e->nomem)
		return WRR_NOMEM;
	if (e->too_big)
		return WRR_INVALID;
	if (e->len < e->cap && e->len > 0) {
		union wrr_code *code = realloc(e->code, e->len * sizeof *code);
		if (code != NULL)
			e->code = code;
		uint32_t *offsets =
			realloc(e->offsets, e->len * sizeof *offsets);
		if (offsets != NULL)
			e->offsets = offsets;
	}
	out->code = e->code;
	out->code_offsets = e->offsets;
	out->code_len = e->len;
	e->code = NULL;
	e->offsets = NULL;
	e->len = e->cap = 0;
	return WRR_OK;
}
