/*
 * lower.h — the emitter of internal code (src/exec/code.h) that the function
 * validator (func.c) drives while it types a body: instruction units, extra
 * immediate units, and branch targets resolved through patch lists.
 *
 * Patch lists: a forward branch (to the end of a block or if, or to the
 * function's final RETURN) does not know its target yet. Its 32-bit target
 * field is threaded into a singly linked list whose head lives in the label;
 * each field holds the reference of the next one until the list is resolved.
 * A reference names one 32-bit field: unit index * 2 + half (half 1 is the
 * instruction's `a`, half 0 the u32[0] of a br_table entry). So that this fits
 * in 32 bits, a function's code is limited to WRR_LOWER_MAX_UNITS units.
 */
#ifndef WRR_VALID_LOWER_H
#define WRR_VALID_LOWER_H

#include <stdbool.h>
#include <stdint.h>

#include "wrr.h"
#include "exec/code.h"

#define WRR_LOWER_MAX_UNITS 0x7fffffffu
#define WRR_PATCH_NONE UINT32_MAX

enum { WRR_UNIT_START = 1, WRR_UNIT_TARGET = 2 };

/* A growing code array with its parallel code_offsets. A failed allocation
 * or the size limit sets a flag; later emits are ignored, and the owner checks
 * the flags once at the end (wrr_emitter_finish). */
struct wrr_emitter {
	union wrr_code *code;
	uint32_t *offsets;
	/* Per unit: WRR_UNIT_START if it starts an instruction,
	 * WRR_UNIT_TARGET if it is a branch target (for the accumulator
	 * forms, chosen by wrr_emitter_finish). */
	uint8_t *flags;
	uint32_t len;
	uint32_t cap;
	bool nomem;
	bool too_big;
	/* The highest unit that is, or may become, a branch target: an
	 * instruction emitted below it must not be changed to write its
	 * result elsewhere (func.c). */
	uint32_t barrier;
	/* JUMPs just resolved to unit jumps_target (= len): if the instruction
	 * emitted there is a RETURN, they become that RETURN. */
	uint32_t jumps[8];
	uint32_t njumps;
	uint32_t jumps_target;
};

/* Where a branch to a label goes and what it keeps: the values are moved to
 * fp[height ..] and `arity` slots survive (code.h, BR). A loop label knows its
 * target (the loop's first unit); other labels collect a patch list. The
 * function's own label (is_func) is the final RETURN. */
struct wrr_label {
	uint32_t target;  /* unit index, or WRR_PATCH_NONE while unknown */
	uint32_t patches; /* head of the patch list, WRR_PATCH_NONE if empty */
	uint32_t height;  /* slots from fp */
	uint32_t arity;   /* slots */
	bool is_func;
};

void wrr_emitter_init(struct wrr_emitter *e);

/* Frees the arrays (after a failure; wrr_emitter_finish hands them over). */
void wrr_emitter_free(struct wrr_emitter *e);

/* Appends the first unit of an s-form instruction {op, h, a} (code.h);
 * wasm_offset is the absolute byte offset of the wasm instruction it comes
 * from (code_offsets). Returns the unit's index (meaningless after a
 * failure). */
uint32_t wrr_emit_s(struct wrr_emitter *e, uint32_t op, uint32_t h,
		    uint32_t a, uint32_t wasm_offset);

/* Appends the first unit of an r-form instruction {op, d, x, y} (code.h).
 * Returns the unit's index. */
uint32_t wrr_emit_r(struct wrr_emitter *e, uint32_t op, uint32_t d,
		    uint32_t x, uint32_t y, uint32_t wasm_offset);

/* Appends an extra immediate unit holding a 64-bit value. */
void wrr_emit_u64(struct wrr_emitter *e, uint64_t value);

/* Appends an extra immediate unit holding u32[0] = lo, u32[1] = hi. */
void wrr_emit_u32x2(struct wrr_emitter *e, uint32_t lo, uint32_t hi);

/* Reference of the `a` field of instruction unit `unit`. */
static inline uint32_t wrr_patch_ref_a(uint32_t unit)
{
	return unit * 2 + 1;
}

/* Threads the field `ref` into the list *head. */
void wrr_patch_add(struct wrr_emitter *e, uint32_t *head, uint32_t ref);

/* Writes target into every field of list head. */
void wrr_patch_resolve(struct wrr_emitter *e, uint32_t head, uint32_t target);

/* Unconditional branch to label l, taken when the label's values sit at
 * slots [sp_after, sp_after + arity). Emits RETURN for the function label,
 * a plain JUMP when the values are already in place, else BR. */
void wrr_lower_br(struct wrr_emitter *e, struct wrr_label *l, uint32_t sp_after,
		  uint32_t wasm_offset);

/* br_if to label l on the i32 in slot cond, values as for wrr_lower_br:
 * JUMP_IF_NONZERO when they are in place, else BR_IF. */
void wrr_lower_br_if(struct wrr_emitter *e, struct wrr_label *l,
		     uint32_t cond, uint32_t sp_after, uint32_t wasm_offset);

/* Points the 32-bit field `ref` (a patch reference) at label l: now if its
 * target is known, else through the label's patch list. */
void wrr_lower_point(struct wrr_emitter *e, struct wrr_label *l, uint32_t ref);

/* One 2-unit entry of a BR_TABLE (after its {BR_TABLE, index, n} unit),
 * values as for wrr_lower_br. */
void wrr_lower_br_table_entry(struct wrr_emitter *e, struct wrr_label *l,
			      uint32_t sp_after);

/* Marks the next unit as a branch target (a loop's start). */
void wrr_emit_target_here(struct wrr_emitter *e);

/* Fuses the pairs of adjacent instructions listed in code.h ("fused
 * pairs") in the code emitted so far (fuse.c). */
void wrr_fuse_pairs(struct wrr_emitter *e);

/* Fuses pairs (wrr_fuse_pairs), chooses the accumulator forms (code.h), trims the arrays and moves them
 * into out->code / out->code_offsets / out->code_len. Returns WRR_OK, WRR_NOMEM, or WRR_INVALID when the code
 * exceeds WRR_LOWER_MAX_UNITS (the caller words the error). */
enum wrr_status wrr_emitter_finish(struct wrr_emitter *e, struct wrr_code_func *out);

#endif
