/*
 * body.c — the code section (spec §5.5.13) and the syntax of expressions
 * (spec §5.4.9): function bodies and constant expressions are decoded
 * instruction by instruction, checking block structure but not types.
 */
#include <stdlib.h>

#include "binary/decode.h"

/* What an open block on the control stack is. */
enum ctl_kind {
	CTL_BLOCK, /* block or loop */
	CTL_IF,    /* if, before its else */
	CTL_ELSE,  /* if, after its else */
};

static bool push_ctl(struct wrr_decoder *d, size_t depth, enum ctl_kind kind)
{
	if (depth == d->ctl_cap) {
		size_t cap = d->ctl_cap == 0 ? 64 : d->ctl_cap * 2;
		uint8_t *p = realloc(d->ctl, cap);
		if (p == NULL)
			return wrr_decode_nomem(d);
		d->ctl = p;
		d->ctl_cap = cap;
	}
	d->ctl[depth] = (uint8_t)kind;
	return true;
}

/* Decodes instructions from r until the `end` that closes the expression,
 * leaving r just past it. in_body enables the code-section-only rule that
 * memory.init and data.drop need a data count section (spec §5.5.16): the
 * first use without one is recorded, and decode.c reports it once it knows
 * whether there is a data section. */
static bool decode_expr(struct wrr_decoder *d, struct wrr_reader *r,
			bool in_body)
{
	size_t depth = 0; /* open blocks inside the expression */
	for (;;) {
		struct wrr_instr in;
		if (!wrr_read_instr(r, &in))
			return wrr_decode_reader_fail(d, r);
		switch (in.op) {
		case WRR_OP_BLOCK:
		case WRR_OP_LOOP:
			if (!push_ctl(d, depth, CTL_BLOCK))
				return false;
			depth++;
			break;
		case WRR_OP_IF:
			if (!push_ctl(d, depth, CTL_IF))
				return false;
			depth++;
			break;
		case WRR_OP_ELSE:
			if (depth == 0 || d->ctl[depth - 1] != CTL_IF)
				return wrr_decode_fail(d, in.offset,
						       "END opcode expected");
			d->ctl[depth - 1] = CTL_ELSE;
			break;
		case WRR_OP_END:
			if (depth == 0)
				return true;
			depth--;
			break;
		case WRR_OP_MEMORY_INIT:
		case WRR_OP_DATA_DROP:
			/* Judged once the data section is known. */
			if (in_body && !d->module->has_data_count &&
			    !d->needs_data_count) {
				d->needs_data_count = true;
				d->needs_data_count_at = in.offset;
				d->needs_data_count_func = d->func_index;
				d->needs_data_count_body = d->body_start;
			}
			break;
		default:
			break;
		}
	}
}

bool wrr_decode_const_expr(struct wrr_decoder *d, struct wrr_reader *r,
			   struct wrr_const_expr *out)
{
	size_t start = r->pos;
	if (!decode_expr(d, r, false))
		return false;
	out->offset = (uint32_t)start;
	out->size = (uint32_t)(r->pos - start);
	return true;
}

/* Local declarations (spec §5.5.13): vec(u32 valtype), at most 2^32-1
 * locals in total. */
static bool decode_locals(struct wrr_decoder *d, struct wrr_reader *r,
			  struct wrr_func_body *body)
{
	uint32_t n;
	if (!wrr_decode_count(d, r, 2, &n))
		return false;
	if (n == 0)
		return true;
	body->runs = calloc(n, sizeof *body->runs);
	if (body->runs == NULL)
		return wrr_decode_nomem(d);
	uint64_t total = 0;
	for (uint32_t i = 0; i < n; i++) {
		struct wrr_local_run *run = &body->runs[i];
		size_t at = r->pos;
		if (!wrr_read_u32(r, &run->count) ||
		    !wrr_read_valtype(r, &run->type))
			return wrr_decode_reader_fail(d, r);
		body->run_count = i + 1;
		total += run->count;
		if (total > UINT32_MAX)
			return wrr_decode_fail(d, at, "too many locals");
	}
	body->local_count = total;
	return true;
}

/* One code entry: size, then locals and the body expression filling
 * exactly `size` bytes. */
static bool decode_body(struct wrr_decoder *d, struct wrr_reader *r,
			struct wrr_func_body *body)
{
	body->offset = (uint32_t)r->pos;
	d->body_start = r->pos;
	uint32_t size;
	if (!wrr_read_u32(r, &size))
		return wrr_decode_reader_fail(d, r);
	if (size > wrr_reader_left(r))
		return wrr_decode_fail(d, body->offset, "length out of bounds");
	body->size = size;
	body->start = (uint32_t)r->pos;
	d->body_start = r->pos;
	struct wrr_reader br;
	wrr_reader_init(&br, r->base, r->pos, r->pos + size);
	if (!decode_locals(d, &br, body))
		return false;
	body->expr_offset = (uint32_t)br.pos;
	if (!decode_expr(d, &br, true))
		return false;
	if (br.pos != br.end)
		return wrr_decode_fail(d, br.pos, "section size mismatch");
	r->pos = br.end;
	return true;
}

/* Code section (spec §5.5.13): vec(code), one per function section entry. */
bool wrr_decode_code_section(struct wrr_decoder *d, struct wrr_reader *r)
{
	struct wrr_module *m = d->module;
	uint32_t n;
	size_t at = r->pos;
	if (!wrr_decode_count(d, r, 3, &n))
		return false;
	if (n != d->defined_func_count)
		return wrr_decode_fail(
			d, at,
			"function and code section have inconsistent lengths");
	d->code_count = n;
	for (uint32_t i = 0; i < n; i++) {
		d->func_index = m->imported_func_count + i;
		if (!decode_body(d, r, &m->bodies[i]))
			return false;
	}
	d->func_index = UINT32_MAX;
	return true;
}
