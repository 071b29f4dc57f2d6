/*
 * test_valid.c — unit tests of validation and lowering (src/valid): the
 * spec's validation rules on small modules (spec §3; messages as in the
 * testsuite's assert_invalid), and the internal code that bodies are lowered
 * to (src/exec/code.h): slots, branch targets, heights, code offsets.
 *
 * The module bytes were made with `wat2wasm --no-check` from the text shown
 * above each one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "module.h"
#include "valid/valid.h"

#define HEADER 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00

/* Decodes (must succeed) and validates; returns the validation status. */
static enum wrr_status load_named(const char *name, const uint8_t *bytes,
				  size_t size, struct wrr_module **out,
				  struct wrr_error *err)
{
	wrr_error_clear(err);
	struct wrr_module *m = NULL;
	enum wrr_status st = wrr_module_decode(bytes, size, &m, err);
	if (st != WRR_OK) {
		char buf[600];
		fail_msg("%s: decode: %s", name,
			 wrr_error_format(err, buf, sizeof buf));
	}
	*out = m;
	return wrr_module_validate(m, err);
}

static enum wrr_status load(const uint8_t *bytes, size_t size,
			    struct wrr_module **out, struct wrr_error *err)
{
	return load_named("module", bytes, size, out, err);
}

/* Loads a module that must validate. */
static struct wrr_module *load_valid(const uint8_t *bytes, size_t size)
{
	struct wrr_module *m;
	struct wrr_error err;
	if (load(bytes, size, &m, &err) != WRR_OK) {
		char buf[600];
		fail_msg("%s", wrr_error_format(&err, buf, sizeof buf));
	}
	assert_true(m->validated);
	/* Validation keeps no code (src/exec/lazy.h): lower every body again,
	 * with its code_offsets, to inspect it. */
	for (uint32_t f = m->imported_func_count; f < m->func_count; f++)
		assert_int_equal(wrr_valid_func(m, f, &err), WRR_OK);
	return m;
}

/* ------------------------------------------------------ rule checks */

struct rule_case {
	const char *name;
	const char *message; /* expected prefix, NULL: must validate */
	const uint8_t *bytes;
	size_t size;
};

static const struct rule_case rule_cases[] = {
	/* (module (func (result i32) (i64.const 0))) */
	{"result type mismatch", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
		0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x00, 0x0b},
	 27},
	/* (module (func (result i32))) */
	{"empty stack", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
		0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b},
	 25},
	/* (module (func (i32.const 0))) */
	{"extra value at end", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x06, 0x01, 0x04, 0x00, 0x41, 0x00, 0x0b},
	 26},
	/* (module (func (local i32) (drop (local.get 1)))) */
	{"unknown local", "unknown local 1",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x09, 0x01, 0x07, 0x01, 0x01, 0x7f, 0x20, 0x01, 0x1a, 0x0b},
	 29},
	/* (module (func (drop (global.get 0)))) */
	{"unknown global", "unknown global 0",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x07, 0x01, 0x05, 0x00, 0x23, 0x00, 0x1a, 0x0b},
	 27},
	/* (module (global i32 (i32.const 0)) (func (global.set 0 (i32.const 1)))) */
	{"global is immutable", "global is immutable",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x06,
		0x06, 0x01, 0x7f, 0x00, 0x41, 0x00, 0x0b, 0x0a, 0x08, 0x01, 0x06,
		0x00, 0x41, 0x01, 0x24, 0x00, 0x0b},
	 36},
	/* (module (func (call 3))) */
	{"unknown function", "unknown function 3",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x06, 0x01, 0x04, 0x00, 0x10, 0x03, 0x0b},
	 26},
	/* (module (func (block (br 2)))) */
	{"unknown label", "unknown label 2",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x09, 0x01, 0x07, 0x00, 0x02, 0x40, 0x0c, 0x02, 0x0b, 0x0b},
	 29},
	/* (module (table 1 funcref) (func (call_indirect (type 5) (i32.const 0)))) */
	{"unknown type (call_indirect)", "unknown type 5",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x04,
		0x04, 0x01, 0x70, 0x00, 0x01, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x41,
		0x00, 0x11, 0x05, 0x00, 0x0b},
	 35},
	/* (module (type (func)) (table 1 externref) (func (call_indirect (type 0) (i32.const 0)))) */
	{"call_indirect needs funcref table", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x04,
		0x04, 0x01, 0x6f, 0x00, 0x01, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x41,
		0x00, 0x11, 0x00, 0x00, 0x0b},
	 35},
	/* (module (func (drop (table.size 0)))) */
	{"unknown table", "unknown table 0",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x08, 0x01, 0x06, 0x00, 0xfc, 0x10, 0x00, 0x1a, 0x0b},
	 28},
	/* (module (func (drop (i32.load (i32.const 0))))) */
	{"unknown memory", "unknown memory 0",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x0a, 0x01, 0x08, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x1a, 0x0b},
	 30},
	/* (module (memory 1) (func (drop (i32.load align=8 (i32.const 0))))) */
	{"alignment", "alignment must not be larger than natural",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05,
		0x03, 0x01, 0x00, 0x01, 0x0a, 0x0a, 0x01, 0x08, 0x00, 0x41, 0x00,
		0x28, 0x03, 0x00, 0x1a, 0x0b},
	 35},
	/* (module (func $f (drop (ref.func $f)))) */
	{"undeclared function reference", "undeclared function reference",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x07, 0x01, 0x05, 0x00, 0xd2, 0x00, 0x1a, 0x0b},
	 27},
	/* (module (func (drop (select (ref.null func) (ref.null func) (i32.const 1))))) */
	{"select on references", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x0c, 0x01, 0x0a, 0x00, 0xd0, 0x70, 0xd0, 0x70, 0x41, 0x01, 0x1b,
		0x1a, 0x0b},
	 32},
	/* (module (func (drop (select (i32.const 0) (i64.const 0) (i32.const 1))))) */
	{"select operands differ", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x0c, 0x01, 0x0a, 0x00, 0x41, 0x00, 0x42, 0x00, 0x41, 0x01, 0x1b,
		0x1a, 0x0b},
	 32},
	/* (module (func (result i32) (if (result i32) (i32.const 1) (then (i32.const 0))) )) */
	{"if without else, params != results", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
		0x0a, 0x0b, 0x01, 0x09, 0x00, 0x41, 0x01, 0x04, 0x7f, 0x41, 0x00,
		0x0b, 0x0b},
	 32},
	/* (module (func (result i32) (block (result i32) (block (br_table 0 1 (i32.const 0) (i32.const 0)))) )) */
	{"br_table arity", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
		0x0a, 0x12, 0x01, 0x10, 0x00, 0x02, 0x7f, 0x02, 0x40, 0x41, 0x00,
		0x41, 0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b, 0x0b, 0x0b},
	 39},
	/* (module (func (block (br_table 0 3 (i32.const 0))))) */
	{"br_table unknown label", "unknown label 3",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x0d, 0x01, 0x0b, 0x00, 0x02, 0x40, 0x41, 0x00, 0x0e, 0x01, 0x00,
		0x03, 0x0b, 0x0b},
	 33},
	/* (module (func (result i32) (unreachable) (i64.const 0))) */
	{"unreachable then wrong type", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
		0x0a, 0x07, 0x01, 0x05, 0x00, 0x00, 0x42, 0x00, 0x0b},
	 28},
	/* (module (type $t (func (param i32) (result i32))) (func (result i32) (block (type $t) (i32.const 1) (i32.add)))) */
	{"block param underflow", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x0a, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01,
		0x7f, 0x03, 0x02, 0x01, 0x01, 0x0a, 0x0a, 0x01, 0x08, 0x00, 0x02,
		0x00, 0x41, 0x01, 0x6a, 0x0b, 0x0b},
	 36},
	/* (module (func (block (type 7)))), the block type index patched to 7 */
	{"unknown block type", "unknown type 7",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x07, 0x01, 0x05, 0x00, 0x02, 0x07, 0x0b, 0x0b},
	 27},
	/* (module (memory 1) (func (data.drop 0))) */
	{"unknown data segment", "unknown data segment 0",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05,
		0x03, 0x01, 0x00, 0x01, 0x0a, 0x07, 0x01, 0x05, 0x00, 0xfc, 0x09,
		0x00, 0x0b},
	 32},
	/* (module (func (elem.drop 0))) */
	{"unknown elem segment", "unknown elem segment 0",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x07, 0x01, 0x05, 0x00, 0xfc, 0x0d, 0x00, 0x0b},
	 27},
	/* (module (table 1 externref) (elem funcref) (func (table.init 0 0 (i32.const 0) (i32.const 0) (i32.const 0)))) */
	{"table.init type", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x04,
		0x04, 0x01, 0x6f, 0x00, 0x01, 0x09, 0x04, 0x01, 0x01, 0x00, 0x00,
		0x0a, 0x0e, 0x01, 0x0c, 0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00,
		0xfc, 0x0c, 0x00, 0x00, 0x0b},
	 46},
	/* (module (table 1 externref) (table 1 funcref) (func (table.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 0)))) */
	{"table.copy type", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x04,
		0x07, 0x02, 0x6f, 0x00, 0x01, 0x70, 0x00, 0x01, 0x0a, 0x0e, 0x01,
		0x0c, 0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0e, 0x00,
		0x01, 0x0b},
	 43},
	/* (module (func (drop (ref.is_null (i32.const 0))))) */
	{"ref.is_null on i32", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xd1, 0x1a, 0x0b},
	 28},
	/* (module (global i32 (i32.add (i32.const 0) (i32.const 1)))) */
	{"const expr required", "constant expression required",
	 (const uint8_t[]){HEADER,
		0x06, 0x09, 0x01, 0x7f, 0x00, 0x41, 0x00, 0x41, 0x01, 0x6a, 0x0b},
	 19},
	/* (module (import "m" "g" (global (mut i32))) (global i32 (global.get 0))) */
	{"const expr mutable import", "constant expression required",
	 (const uint8_t[]){HEADER,
		0x02, 0x08, 0x01, 0x01, 0x6d, 0x01, 0x67, 0x03, 0x7f, 0x01, 0x06,
		0x06, 0x01, 0x7f, 0x00, 0x23, 0x00, 0x0b},
	 26},
	/* (module (global i32 (i32.const 0)) (global i32 (global.get 0))) */
	{"const expr defined global", "unknown global 0",
	 (const uint8_t[]){HEADER,
		0x06, 0x0b, 0x02, 0x7f, 0x00, 0x41, 0x00, 0x0b, 0x7f, 0x00, 0x23,
		0x00, 0x0b},
	 21},
	/* (module (global i64 (i32.const 0))) */
	{"const expr type", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x06, 0x06, 0x01, 0x7e, 0x00, 0x41, 0x00, 0x0b},
	 16},
	/* (module (global i32 (i32.const 0) (i32.const 0))) */
	{"const expr two values", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x06, 0x08, 0x01, 0x7f, 0x00, 0x41, 0x00, 0x41, 0x00, 0x0b},
	 18},
	/* (module (table 1 funcref) (func $f) (elem (i64.const 0) $f)) */
	{"elem offset type", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x04,
		0x04, 0x01, 0x70, 0x00, 0x01, 0x09, 0x07, 0x01, 0x00, 0x42, 0x00,
		0x0b, 0x01, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b},
	 39},
	/* (module (table 1 externref) (func $f) (elem (i32.const 0) func $f)) */
	{"elem vs table type", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x04,
		0x04, 0x01, 0x6f, 0x00, 0x01, 0x09, 0x07, 0x01, 0x00, 0x41, 0x00,
		0x0b, 0x01, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b},
	 39},
	/* (module (table 1 funcref) (elem (i32.const 0) func 4)) */
	{"elem unknown function", "unknown function 4",
	 (const uint8_t[]){HEADER,
		0x04, 0x04, 0x01, 0x70, 0x00, 0x01, 0x09, 0x07, 0x01, 0x00, 0x41,
		0x00, 0x0b, 0x01, 0x04},
	 23},
	/* (module (data (i32.const 0) "a")) */
	{"data without memory", "unknown memory 0",
	 (const uint8_t[]){HEADER,
		0x0b, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x61},
	 17},
	/* (module (import "m" "m" (memory 1)) (memory 1)) */
	{"multiple memories", "multiple memories",
	 (const uint8_t[]){HEADER,
		0x02, 0x08, 0x01, 0x01, 0x6d, 0x01, 0x6d, 0x02, 0x00, 0x01, 0x05,
		0x03, 0x01, 0x00, 0x01},
	 23},
	/* (module (memory 65537)) */
	{"memory too large", "memory size must be at most 65536 pages (4GiB)",
	 (const uint8_t[]){HEADER,
		0x05, 0x05, 0x01, 0x00, 0x81, 0x80, 0x04},
	 15},
	/* (module (memory 2 1)) */
	{"memory min > max", "size minimum must not be greater than maximum",
	 (const uint8_t[]){HEADER,
		0x05, 0x04, 0x01, 0x01, 0x02, 0x01},
	 14},
	/* (module (table 2 1 funcref)) */
	{"table min > max", "size minimum must not be greater than maximum",
	 (const uint8_t[]){HEADER,
		0x04, 0x05, 0x01, 0x70, 0x01, 0x02, 0x01},
	 15},
	/* (module (func) (export "a" (func 0)) (export "b" (func 0)) (export "a" (func 0))) */
	{"duplicate export", "duplicate export name",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07,
		0x0d, 0x03, 0x01, 0x61, 0x00, 0x00, 0x01, 0x62, 0x00, 0x00, 0x01,
		0x61, 0x00, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b},
	 39},
	/* (module (export "g" (global 2))) */
	{"export unknown global", "unknown global 2",
	 (const uint8_t[]){HEADER,
		0x07, 0x05, 0x01, 0x01, 0x67, 0x03, 0x02},
	 15},
	/* (module (func (param i32)) (start 0)) */
	{"start function type", "start function",
	 (const uint8_t[]){HEADER,
		0x01, 0x05, 0x01, 0x60, 0x01, 0x7f, 0x00, 0x03, 0x02, 0x01, 0x00,
		0x08, 0x01, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b},
	 28},
	/* (module (start 1)) */
	{"start unknown", "unknown function 1",
	 (const uint8_t[]){HEADER,
		0x08, 0x01, 0x01},
	 11},
	/* (module (func (drop (memory.size)))) */
	{"memory.size without memory", "unknown memory 0",
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
		0x07, 0x01, 0x05, 0x00, 0x3f, 0x00, 0x1a, 0x0b},
	 27},
	/* (module (table 1 funcref) (func (result externref) (table.get 0 (i32.const 0)))) */
	{"table.get type", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x6f, 0x03, 0x02, 0x01, 0x00,
		0x04, 0x04, 0x01, 0x70, 0x00, 0x01, 0x0a, 0x08, 0x01, 0x06, 0x00,
		0x41, 0x00, 0x25, 0x00, 0x0b},
	 35},
	/* (module (func (result i32) (unreachable) (i32.add) (select) (drop) (i64.const 0) (br_table 0 0) )) */
	{"valid: polymorphic stack", "type mismatch",
	 (const uint8_t[]){HEADER,
		0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
		0x0a, 0x0e, 0x01, 0x0c, 0x00, 0x00, 0x6a, 0x1b, 0x1a, 0x42, 0x00,
		0x0e, 0x01, 0x00, 0x00, 0x0b},
	 35},
	/* (module (func (result i32) (unreachable) (select))) */
	{"valid: unreachable select", NULL,
	 (const uint8_t[]){HEADER,
		0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
		0x0a, 0x06, 0x01, 0x04, 0x00, 0x00, 0x1b, 0x0b},
	 27},
	/* (module (func (result i32) (block (result i32) (block (result f32) (unreachable) (br_table 0 0 (i32.const 1))) (drop) (i32.const 0)))) */
	{"valid: unreachable br_table", NULL,
	 (const uint8_t[]){HEADER,
		0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
		0x0a, 0x14, 0x01, 0x12, 0x00, 0x02, 0x7f, 0x02, 0x7d, 0x00, 0x41,
		0x01, 0x0e, 0x01, 0x00, 0x00, 0x0b, 0x1a, 0x41, 0x00, 0x0b, 0x0b},
	 41},
	/* (module (table 1 funcref) (func $f (drop (ref.func $f))) (elem declare func $f)) */
	{"valid: declared via elem", NULL,
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x04,
		0x04, 0x01, 0x70, 0x00, 0x01, 0x09, 0x05, 0x01, 0x03, 0x00, 0x01,
		0x00, 0x0a, 0x07, 0x01, 0x05, 0x00, 0xd2, 0x00, 0x1a, 0x0b},
	 40},
	/* (module (func $f (drop (ref.func $f))) (export "f" (func $f))) */
	{"valid: declared via export", NULL,
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07,
		0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x07, 0x01, 0x05, 0x00,
		0xd2, 0x00, 0x1a, 0x0b},
	 34},
	/* (module (func $f (drop (ref.func $f))) (global funcref (ref.func $f))) */
	{"valid: declared via global", NULL,
	 (const uint8_t[]){HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x06,
		0x06, 0x01, 0x70, 0x00, 0xd2, 0x00, 0x0b, 0x0a, 0x07, 0x01, 0x05,
		0x00, 0xd2, 0x00, 0x1a, 0x0b},
	 35},
	/* (module (type $t (func (param i32 i64) (result i64 i32))) (func (result i32) (i32.const 1) (i64.const 2) (block (type $t) (drop) (drop) (i64.const 3) (i32.const 4)) (drop) (drop) (i32.const 0))) */
	{"valid: multi-value block", NULL,
	 (const uint8_t[]){HEADER,
		0x01, 0x0c, 0x02, 0x60, 0x02, 0x7f, 0x7e, 0x02, 0x7e, 0x7f, 0x60,
		0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x01, 0x0a, 0x15, 0x01, 0x13,
		0x00, 0x41, 0x01, 0x42, 0x02, 0x02, 0x00, 0x1a, 0x1a, 0x42, 0x03,
		0x41, 0x04, 0x0b, 0x1a, 0x1a, 0x41, 0x00, 0x0b},
	 49},
	/* (module (type $t (func (param i32) (result i32))) (func (result i32) (i32.const 5) (if (type $t) (i32.const 1) (then (drop) (i32.const 2))))) */
	{"valid: if without else, params = results", NULL,
	 (const uint8_t[]){HEADER,
		0x01, 0x0a, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01,
		0x7f, 0x03, 0x02, 0x01, 0x01, 0x0a, 0x0e, 0x01, 0x0c, 0x00, 0x41,
		0x05, 0x41, 0x01, 0x04, 0x00, 0x1a, 0x41, 0x02, 0x0b, 0x0b},
	 40},
	/* (module (import "m" "g" (global i32)) (global i32 (global.get 0)) (memory 1) (data (global.get 0) "x")) */
	{"valid: imported const global", NULL,
	 (const uint8_t[]){HEADER,
		0x02, 0x08, 0x01, 0x01, 0x6d, 0x01, 0x67, 0x03, 0x7f, 0x00, 0x05,
		0x03, 0x01, 0x00, 0x01, 0x06, 0x06, 0x01, 0x7f, 0x00, 0x23, 0x00,
		0x0b, 0x0b, 0x07, 0x01, 0x00, 0x23, 0x00, 0x0b, 0x01, 0x78},
	 40},
};

static void test_rules(void **state)
{
	for (size_t i = 0; i < sizeof rule_cases / sizeof rule_cases[0]; i++) {
		const struct rule_case *c = &rule_cases[i];
		struct wrr_module *m;
		struct wrr_error err;
		enum wrr_status st =
			load_named(c->name, c->bytes, c->size, &m, &err);
		if (c->message == NULL) {
			if (st != WRR_OK)
				fail_msg("%s: %s", c->name, err.message);
		} else {
			if (st != WRR_INVALID)
				fail_msg("%s: status %s, expected invalid",
					 c->name, wrr_status_name(st));
			if (strncmp(err.message, c->message,
				    strlen(c->message)) != 0)
				fail_msg("%s: message \"%s\", expected \"%s\"",
					 c->name, err.message, c->message);
			assert_false(m->validated);
		}
		wrr_module_free(m);
	}
}

/* The place of a body error: function, code offset, byte offset. */
static void test_error_place(void **state)
{
	struct wrr_module *m;
	struct wrr_error err;
	const struct rule_case *c = &rule_cases[0]; /* (result i32) i64.const */
	assert_int_equal(load(c->bytes, c->size, &m, &err), WRR_INVALID);
	assert_int_equal(err.section_id, WRR_SEC_CODE);
	assert_int_equal(err.func_index, 0);
	assert_int_equal(err.offset, 0x1a);   /* the final end */
	assert_int_equal(err.code_offset, 3); /* after the size field */
	/* A failed module stays unvalidated; validating again repeats it. */
	wrr_error_clear(&err);
	assert_int_equal(wrr_module_validate(m, &err), WRR_INVALID);
	assert_non_null(strstr(err.message, "type mismatch"));
	wrr_module_free(m);
}

/* More than WRR_VALID_MAX_LOCAL_SLOTS (50000) slots of locals. */
static void test_too_many_locals(void **state)
{
	static const uint8_t i32s[] = {
		HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00,       /* type () -> () */
		0x03, 0x02, 0x01, 0x00,                   /* func 0: type 0 */
		0x0a, 0x08, 0x01, 0x06,                   /* code, body size */
		0x01, 0xd1, 0x86, 0x03, 0x7f,             /* 50001 x i32 */
		0x0b,
	};
	static const uint8_t v128s[] = {
		HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
		0x03, 0x02, 0x01, 0x00,
		0x0a, 0x08, 0x01, 0x06,
		0x01, 0xa9, 0xc3, 0x01, 0x7b,             /* 25001 x v128 */
		0x0b,
	};
	static const uint8_t ok[] = {
		HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
		0x03, 0x02, 0x01, 0x00,
		0x0a, 0x08, 0x01, 0x06,
		0x01, 0xd0, 0x86, 0x03, 0x7f,             /* 50000 x i32 */
		0x0b,
	};
	struct wrr_module *m;
	struct wrr_error err;
	assert_int_equal(load(i32s, sizeof i32s, &m, &err), WRR_INVALID);
	assert_non_null(strstr(err.message, "too many locals"));
	wrr_module_free(m);
	assert_int_equal(load(v128s, sizeof v128s, &m, &err), WRR_INVALID);
	wrr_module_free(m);
	m = load_valid(ok, sizeof ok);
	assert_int_equal(m->bodies[0].code.local_slots, 50000);
	wrr_module_free(m);
}

/* `select` with a type vector whose length is not 1 (0x1c 0x00). */
static void test_select_arity(void **state)
{
	static const uint8_t bytes[] = {
		HEADER,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
		0x03, 0x02, 0x01, 0x00,
		0x0a, 0x0c, 0x01, 0x0a, 0x00,
		0x41, 0x00, 0x41, 0x00, 0x41, 0x01, 0x1c, 0x00, 0x0b,
	};
	struct wrr_module *m;
	struct wrr_error err;
	assert_int_equal(load(bytes, sizeof bytes, &m, &err), WRR_INVALID);
	assert_string_equal(err.message, "invalid result arity");
	wrr_module_free(m);
}

/* ---------------------------------------------------------- lowering */

/* (module (func (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))) */
static const uint8_t m_add[] = {
	HEADER,
	0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02,
	0x01, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01,
	0x6a, 0x0b
};

/* (module (func (param v128 i32) (local v128 i64) (drop (local.get 1)) (drop (local.get 2)) (local.set 3 (i64.const 7)) (nop))) */
static const uint8_t m_v128[] = {
	HEADER,
	0x01, 0x06, 0x01, 0x60, 0x02, 0x7b, 0x7f, 0x00, 0x03, 0x02, 0x01,
	0x00, 0x0a, 0x13, 0x01, 0x11, 0x02, 0x01, 0x7b, 0x01, 0x7e, 0x20,
	0x01, 0x1a, 0x20, 0x02, 0x1a, 0x42, 0x07, 0x21, 0x03, 0x01, 0x0b
};

/* (module (func (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))) */
static const uint8_t m_if[] = {
	HEADER,
	0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01,
	0x00, 0x0a, 0x0e, 0x01, 0x0c, 0x00, 0x20, 0x00, 0x04, 0x7f, 0x41,
	0x01, 0x05, 0x41, 0x02, 0x0b, 0x0b
};

/* (module (func (param i32) (result i32) (loop (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))) (local.get 0))) */
static const uint8_t m_loop[] = {
	HEADER,
	0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01,
	0x00, 0x0a, 0x12, 0x01, 0x10, 0x00, 0x03, 0x40, 0x20, 0x00, 0x41,
	0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x20, 0x00, 0x0b
};

/* (module (func (result i32) (block (result i32) (i32.const 9) (i32.const 1) (br 0) (i32.const 5) (drop)) (drop) (block (result i32) (i32.const 2) (br 0)) )) */
static const uint8_t m_br[] = {
	HEADER,
	0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
	0x0a, 0x18, 0x01, 0x16, 0x00, 0x02, 0x7f, 0x41, 0x09, 0x41, 0x01,
	0x0c, 0x00, 0x41, 0x05, 0x1a, 0x0b, 0x1a, 0x02, 0x7f, 0x41, 0x02,
	0x0c, 0x00, 0x0b, 0x0b
};

/* (module
 *   (func (param i32 i32 i32) (result i32) (local i32 i32)
 *     (local.set 3 (local.get 1)) (local.set 4 (local.get 2))
 *     (i32.xor (local.get 3) (i32.rotl (local.get 0) (i32.const 7))))
 *   (func (param i32 i32 i32) (result i32) (local i32 i32)
 *     (local.set 3 (local.get 1)) (loop (local.set 4 (local.get 2)))
 *     (i32.add (local.get 3) (local.get 4)))) */
static const uint8_t m_pairs[] = {
	HEADER,
	0x01, 0x08, 0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x03,
	0x03, 0x02, 0x00, 0x00, 0x0a, 0x2b, 0x02, 0x14, 0x01, 0x02, 0x7f,
	0x20, 0x01, 0x21, 0x03, 0x20, 0x02, 0x21, 0x04, 0x20, 0x03, 0x20,
	0x00, 0x41, 0x07, 0x77, 0x73, 0x0b, 0x14, 0x01, 0x02, 0x7f, 0x20,
	0x01, 0x21, 0x03, 0x03, 0x40, 0x20, 0x02, 0x21, 0x04, 0x0b, 0x20,
	0x03, 0x20, 0x04, 0x6a, 0x0b
};

/* (module (memory 1)
 *   (func (param i32 f64 f64)
 *     (f64.store (local.get 0)
 *       (f64.sub (f64.load (local.get 0)) (f64.mul (local.get 1) (local.get 2))))
 *     (f64.store offset=8 (local.get 0)
 *       (f64.add (f64.mul (local.get 1) (local.get 2))
 *                (f64.load offset=8 (local.get 0)))))) */
static const uint8_t m_f64_pairs[] = {
	HEADER,
	0x01, 0x07, 0x01, 0x60, 0x03, 0x7f, 0x7c, 0x7c, 0x00, 0x03, 0x02,
	0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0a, 0x24, 0x01, 0x22,
	0x00, 0x20, 0x00, 0x20, 0x00, 0x2b, 0x03, 0x00, 0x20, 0x01, 0x20,
	0x02, 0xa2, 0xa1, 0x39, 0x03, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20,
	0x02, 0xa2, 0x20, 0x00, 0x2b, 0x03, 0x08, 0xa0, 0x39, 0x03, 0x08,
	0x0b
};

/* (module (memory 1)
 *   (func (param i32 f64 f64) (result i32)
 *     (f64.store (local.get 0)
 *       (f64.add (f64.mul (local.get 1) (local.get 2)) (f64.load (local.get 0))))
 *     (f64.store offset=8 (local.get 0)
 *       (f64.sub (f64.mul (local.get 1) (f64.const 0.5))
 *                (f64.load offset=8 (local.get 0))))
 *     (i32.load16_u offset=6
 *       (i32.add (i32.add (local.get 0) (local.get 0)) (i32.const 4))))) */
static const uint8_t m_update_pairs[] = {
	HEADER,
	0x01, 0x08, 0x01, 0x60, 0x03, 0x7f, 0x7c, 0x7c, 0x01, 0x7f, 0x03,
	0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0a, 0x36, 0x01,
	0x34, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xa2, 0x20, 0x00,
	0x2b, 0x03, 0x00, 0xa0, 0x39, 0x03, 0x00, 0x20, 0x00, 0x20, 0x01,
	0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe0, 0x3f, 0xa2, 0x20,
	0x00, 0x2b, 0x03, 0x08, 0xa1, 0x39, 0x03, 0x08, 0x20, 0x00, 0x20,
	0x00, 0x6a, 0x41, 0x04, 0x6a, 0x2f, 0x01, 0x06, 0x0b
};

/* (module
 *   (func (param i32 i32) (result i32) (local i32)
 *     (block $done
 *       (loop $l
 *         (local.set 2 (local.get 1))
 *         (local.set 1 (i32.and (i32.xor (local.get 0) (i32.const -1))
 *                               (local.get 2)))
 *         (br_if $done (i32.ge_u (local.tee 0 (i32.add (local.get 0)
 *                                                      (i32.const 1)))
 *                                (local.get 1)))
 *         (local.set 2 (local.get 0))
 *         (br $l)))
 *     (local.get 2))) */
static const uint8_t m_loop_pairs[] = {
	HEADER,
	0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02,
	0x01, 0x00, 0x0a, 0x2e, 0x01, 0x2c, 0x01, 0x01, 0x7f, 0x02, 0x40,
	0x03, 0x40, 0x20, 0x01, 0x21, 0x02, 0x20, 0x00, 0x41, 0x7f, 0x73,
	0x20, 0x02, 0x71, 0x21, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x22,
	0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01, 0x20, 0x00, 0x21, 0x02, 0x0c,
	0x00, 0x0b, 0x0b, 0x20, 0x02, 0x0b
};

/* (module (func (param i32 i32 i32) (result i32)
 *   (i32.xor (i32.and (local.get 0) (local.get 1)) (local.get 2)))) */
static const uint8_t m_binop_pair[] = {
	HEADER,
	0x01, 0x08, 0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x03,
	0x02, 0x01, 0x00, 0x0a, 0x0c, 0x01, 0x0a, 0x00, 0x20, 0x00, 0x20,
	0x01, 0x71, 0x20, 0x02, 0x73, 0x0b
};

/* (module (memory 1) (func (param i32 i32) (result f64)
 *   (f64.sub (f64.load (local.get 0))
 *            (f64.load offset=8 (i32.add (local.get 1) (i32.const 16)))))) */
static const uint8_t m_load_load[] = {
	HEADER,
	0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7c, 0x03, 0x02,
	0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0a, 0x12, 0x01, 0x10,
	0x00, 0x20, 0x00, 0x2b, 0x03, 0x00, 0x20, 0x01, 0x41, 0x10, 0x6a,
	0x2b, 0x03, 0x08, 0xa1, 0x0b
};

/* (module (func (param i32 i32 i32 i32) (result i32)
 *   (i32.add (i32.add (i32.add (i32.mul (local.get 0) (i32.const 3))
 *                              (local.get 1))
 *                     (local.get 2))
 *            (local.get 3)))) */
static const uint8_t m_add3[] = {
	HEADER,
	0x01, 0x09, 0x01, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f,
	0x03, 0x02, 0x01, 0x00, 0x0a, 0x12, 0x01, 0x10, 0x00, 0x20, 0x00,
	0x41, 0x03, 0x6c, 0x20, 0x01, 0x6a, 0x20, 0x02, 0x6a, 0x20, 0x03,
	0x6a, 0x0b
};

/* (module (func (param i32) (block (block (br_table 0 1 2 (local.get 0)))) )) */
static const uint8_t m_br_table[] = {
	HEADER,
	0x01, 0x05, 0x01, 0x60, 0x01, 0x7f, 0x00, 0x03, 0x02, 0x01, 0x00,
	0x0a, 0x11, 0x01, 0x0f, 0x00, 0x02, 0x40, 0x02, 0x40, 0x20, 0x00,
	0x0e, 0x02, 0x00, 0x01, 0x02, 0x0b, 0x0b, 0x0b
};

/* (module (func (result i32) (i32.const 1) (br 0))) */
static const uint8_t m_ret[] = {
	HEADER,
	0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
	0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x01, 0x0c, 0x00, 0x0b
};

/* (module (import "m" "g" (global f64)) (global i64 (i64.const -2)) (global f32 (f32.const 1.5)) (global funcref (ref.func 0)) (global f64 (global.get 0)) (func (result i64) (i64.const 0x1122334455667788))) */
static const uint8_t m_consts[] = {
	HEADER,
	0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7e, 0x02, 0x08, 0x01, 0x01,
	0x6d, 0x01, 0x67, 0x03, 0x7c, 0x00, 0x03, 0x02, 0x01, 0x00, 0x06,
	0x18, 0x04, 0x7e, 0x00, 0x42, 0x7e, 0x0b, 0x7d, 0x00, 0x43, 0x00,
	0x00, 0xc0, 0x3f, 0x0b, 0x70, 0x00, 0xd2, 0x00, 0x0b, 0x7c, 0x00,
	0x23, 0x00, 0x0b, 0x0a, 0x0e, 0x01, 0x0c, 0x00, 0x42, 0x88, 0xef,
	0x99, 0xab, 0xc5, 0xe8, 0x8c, 0x91, 0x11, 0x0b
};

/* Expected s-form unit {op, h, a} from wasm offset `at` (code.h). */
static void expect_s(const struct wrr_code_func *f, uint32_t i, uint32_t op,
		     uint32_t h, uint32_t a, uint32_t at)
{
	if (i >= f->code_len)
		fail_msg("unit %u past the end (%u units)", i, f->code_len);
	const union wrr_code *u = &f->code[i];
	if (u->s.op != op || u->s.h != h || u->s.a != a ||
	    f->code_offsets[i] != at)
		fail_msg("unit %u: {op %u, h %u, a %u} at 0x%x, expected "
			 "{op %u, h %u, a %u} at 0x%x",
			 i, u->s.op, u->s.h, u->s.a, f->code_offsets[i], op, h,
			 a, at);
}

/* Expected r-form unit {op, d, x, y} from wasm offset `at`. */
static void expect_r(const struct wrr_code_func *f, uint32_t i, uint32_t op,
		     uint32_t d, uint32_t x, uint32_t y, uint32_t at)
{
	if (i >= f->code_len)
		fail_msg("unit %u past the end (%u units)", i, f->code_len);
	const union wrr_code *u = &f->code[i];
	if (u->r.op != op || u->r.d != d || u->r.x != x || u->r.y != y ||
	    f->code_offsets[i] != at)
		fail_msg("unit %u: {op %u, d %u, x %u, y %u} at 0x%x, expected "
			 "{op %u, d %u, x %u, y %u} at 0x%x",
			 i, u->r.op, u->r.d, u->r.x, u->r.y, f->code_offsets[i],
			 op, d, x, y, at);
}

/* Expected value-move unit of BR/BR_IF/br_table entries. */
static void expect_move(const struct wrr_code_func *f, uint32_t i,
			uint32_t dst, uint32_t src, uint32_t n)
{
	assert_true(i < f->code_len);
	assert_int_equal(f->code[i].mv.dst, dst);
	assert_int_equal(f->code[i].mv.src, src);
	assert_int_equal(f->code[i].mv.n, n);
	assert_int_equal(f->code_offsets[i], 0);
}

/* The operands of i32.add are read from the locals' own slots; the result
 * goes to the slot where the stack machine would have it (slot 2). */
static void test_lower_add(void **state)
{
	struct wrr_module *m = load_valid(m_add, sizeof m_add);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 2);
	expect_r(f, 0, WRR_OP_I32_ADD, 2, 0, 1, 0x1e);
	expect_s(f, 1, WRR_OP_RETURN, 3, 0, 0x1f);
	assert_int_equal(f->param_slots, 2);
	assert_int_equal(f->local_slots, 2);
	assert_int_equal(f->result_slots, 1);
	assert_int_equal(f->max_height, 4);
	/* Idempotent: a second call keeps the same code. */
	struct wrr_error err;
	wrr_error_clear(&err);
	assert_int_equal(wrr_module_validate(m, &err), WRR_OK);
	assert_ptr_equal(f, &m->bodies[0].code);
	assert_int_equal(f->code_len, 2);
	wrr_module_free(m);
}

/* v128 params and locals take two slots and are copied at once; a dropped
 * local.get and nop cost nothing; a constant stored to a local is one
 * instruction. */
static void test_lower_v128_slots(void **state)
{
	struct wrr_module *m = load_valid(m_v128, sizeof m_v128);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->param_slots, 3);
	assert_int_equal(f->local_slots, 6);
	assert_int_equal(f->result_slots, 0);
	assert_int_equal(f->code_len, 4);
	expect_r(f, 0, WRR_IOP_COPY_V128, 6, 3, 0, 0x20);
	expect_s(f, 1, WRR_OP_I64_CONST, 5, 0, 0x25);
	assert_int_equal(f->code[2].u64, 7);
	expect_s(f, 3, WRR_OP_RETURN, 6, 0, 0x28);
	assert_int_equal(f->max_height, 8);
	wrr_module_free(m);
}

/* `if` tests the local in place; each branch's constant is copied to the
 * result slot where the branch ends; a JUMP to the RETURN is that RETURN. */
static void test_lower_if_else(void **state)
{
	struct wrr_module *m = load_valid(m_if, sizeof m_if);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 5);
	expect_s(f, 0, WRR_IOP_JUMP_IF_ZERO, 0, 3, 0x1b);
	expect_s(f, 1, WRR_OP_I32_CONST, 1, 1, 0x1f);
	expect_s(f, 2, WRR_OP_RETURN, 2, 0, 0x1f);
	expect_s(f, 3, WRR_OP_I32_CONST, 1, 2, 0x22);
	expect_s(f, 4, WRR_OP_RETURN, 2, 0, 0x23);
	assert_int_equal(f->max_height, 2);
	wrr_module_free(m);
}

/* A loop label is the loop's first unit; i32.sub of a constant stays
 * pending until local.tee writes it (as i32.add of -1) to the local itself;
 * br_if with nothing to move is JUMP_IF_NONZERO, its target relative, in
 * the accumulator form (_AX: it reads the add's result from the
 * accumulator, code.h). */
static void test_lower_loop(void **state)
{
	struct wrr_module *m = load_valid(m_loop, sizeof m_loop);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 5);
	expect_r(f, 0, WRR_IOP_I32_ADD_C, 0, 0, 0, 0x20);
	assert_int_equal(f->code[1].u32[0], 0xffffffffu);
	expect_s(f, 2, WRR_IOP_JUMP_IF_NONZERO_AX, 0, (uint32_t)-2, 0x22);
	expect_r(f, 3, WRR_IOP_COPY, 1, 0, 0, 0x27);
	expect_s(f, 4, WRR_OP_RETURN, 2, 0, 0x27);
	assert_int_equal(f->max_height, 3);
	wrr_module_free(m);
}

/* Fused pairs (src/valid/fuse.c): two copies become COPY2; a rotate by a
 * constant whose result xor reads becomes I32_ROTL_C_XOR, keeping both
 * results' slots; the fused pair takes the units the pair took. An
 * instruction at a branch target (the loop's first) is fused with nothing,
 * and an add after a COPY (which leaves no accumulator) stays plain. */
static void test_lower_fused_pairs(void **state)
{
	struct wrr_module *m = load_valid(m_pairs, sizeof m_pairs);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 6);
	expect_r(f, 0, WRR_IOP_COPY2, 3, 1, 4, 0x20);
	assert_int_equal(f->code[1].u16[0], 2);
	assert_int_equal(f->code_offsets[1], 0);
	/* xor: d 5, other operand local 3; rotl: x1 local 0, c 7, d1 6 */
	expect_r(f, 2, WRR_IOP_I32_ROTL_C_XOR, 5, 3, 0, 0x2c);
	assert_int_equal(f->code[3].u32[0], 7);
	assert_int_equal(f->code[3].u32[1], 6);
	assert_int_equal(f->code_offsets[4], 0);
	expect_s(f, 5, WRR_OP_RETURN, 6, 0, 0x2e);

	f = &m->bodies[1].code;
	assert_int_equal(f->code_len, 4);
	expect_r(f, 0, WRR_IOP_COPY, 3, 1, 0, 0x35);
	expect_r(f, 1, WRR_IOP_COPY, 4, 2, 0, 0x3b);
	expect_r(f, 2, WRR_OP_I32_ADD, 5, 3, 4, 0x42);
	expect_s(f, 3, WRR_OP_RETURN, 6, 0, 0x43);
	wrr_module_free(m);
}

/* f64 pairs: a product subtracted (F64_MUL_SUB_Y), and a product added
 * to memory (F64_LOAD_ADD_Y_STORE, then fused with the mul before it). */
static void test_lower_f64_pairs(void **state)
{
	struct wrr_module *m = load_valid(m_f64_pairs, sizeof m_f64_pairs);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 13);
	/* params in slots 0-2; the stack from 3, the address pending */
	expect_r(f, 0, WRR_OP_F64_LOAD, 4, 0, 0, 0x23);
	/* p = fp[1] * fp[2] into 5, then fp[4] = fp[4] - p */
	expect_r(f, 2, WRR_IOP_F64_MUL_SUB_Y, 4, 1, 2, 0x2a);
	assert_int_equal(f->code[3].u16[0], 4);
	assert_int_equal(f->code[3].u16[1], 5);
	assert_int_equal(f->code_offsets[3], 0);
	/* the store reads the difference from the accumulator */
	assert_int_equal(f->code[4].r.op, WRR_IOP_F64_STORE_AY);
	/* p = fp[1] * fp[2] into 4; v = load offset 8 into 5; fp[4] = p +
	 * v, stored back (the load-op-store fused with the mul before it) */
	expect_r(f, 6, WRR_IOP_F64_MUL_LOAD_ADD_STORE, 4, 1, 2, 0x35);
	assert_int_equal(f->code[7].u16[0], 0);
	assert_int_equal(f->code[7].u16[1], 4);
	assert_int_equal(f->code_offsets[7], 0x38);
	assert_int_equal(f->code[8].u32[0], 8);
	assert_int_equal(f->code[8].u32[1], 5);
	for (uint32_t i = 9; i < 12; i++) {
		assert_int_equal(f->code[i].u64, 0);
		assert_int_equal(f->code_offsets[i], 0);
	}
	expect_s(f, 12, WRR_OP_RETURN, 3, 0, 0x3f);
	wrr_module_free(m);
}

/* Three and four instructions as one: a product added to memory (MUL and
 * a load-op-store; MUL_C and one), and an i32.add computing a load's
 * address. A trap of the load is placed at the load's own unit. */
static void test_lower_update_pairs(void **state)
{
	struct wrr_module *m = load_valid(m_update_pairs,
					  sizeof m_update_pairs);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 17);
	/* p = fp[1] * fp[2] into 4; v = load fp[0] + 0 into 5; p + v into
	 * 4 and stored */
	expect_r(f, 0, WRR_IOP_F64_MUL_LOAD_ADD_STORE, 4, 1, 2, 0x26);
	assert_int_equal(f->code[1].u16[0], 0);
	assert_int_equal(f->code[1].u16[1], 4);
	assert_int_equal(f->code_offsets[1], 0x29);
	assert_int_equal(f->code[2].u32[0], 0);
	assert_int_equal(f->code[2].u32[1], 5);
	/* p = fp[1] * 0.5 into 4; v = load fp[0] + 8 into 5; p - v */
	expect_r(f, 6, WRR_IOP_F64_MUL_C_LOAD_SUB_Y_STORE, 4, 1, 0, 0x3d);
	assert_int_equal(f->code[7].u64, 0x3fe0000000000000);
	assert_int_equal(f->code[8].u16[0], 4);
	assert_int_equal(f->code_offsets[8], 0x40);
	assert_int_equal(f->code[9].u32[0], 8);
	assert_int_equal(f->code[9].u32[1], 5);
	for (uint32_t i = 10; i < 13; i++)
		assert_int_equal(f->code[i].u64, 0);
	/* fp[0] + fp[0] into 3, then load16_u at (that + 4) + 6 */
	expect_r(f, 13, WRR_IOP_I32_ADD_I32_LOAD16_U, 3, 0, 0, 0x4b);
	assert_int_equal(f->code[14].u32[0], 4);
	assert_int_equal(f->code[14].u32[1], 6);
	assert_int_equal(f->code_offsets[14], 0x4f);
	assert_int_equal(f->code[15].u16[0], 3);
	assert_int_equal(f->code_offsets[15], 0);
	expect_s(f, 16, WRR_OP_RETURN, 4, 0, 0x52);
	wrr_module_free(m);
}

/* A loop's pairs: ~x & y (I32_XOR_C_AND), the induction variable and its
 * exit test (I32_ADD_C_JUMP_IF_GE_U), a copy and the back edge
 * (COPY_JUMP); the jumps' targets stay relative to their own units. */
static void test_lower_loop_pairs(void **state)
{
	struct wrr_module *m = load_valid(m_loop_pairs, sizeof m_loop_pairs);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 12);
	expect_r(f, 0, WRR_IOP_COPY, 2, 1, 0, 0x22);
	/* fp[3] = fp[0] ^ -1, then fp[1] = fp[2] & fp[3] */
	expect_r(f, 1, WRR_IOP_I32_XOR_C_AND, 1, 2, 0, 0x28);
	assert_int_equal(f->code[2].u32[0], 0xffffffff);
	assert_int_equal(f->code[2].u32[1], 3);
	/* fp[0] += 1, then to unit 10 if fp[0] >= fp[1] */
	expect_r(f, 4, WRR_IOP_I32_ADD_C_JUMP_IF_GE_U, 0, 0, 1, 0x33);
	assert_int_equal(f->code[5].u32[0], 1);
	assert_int_equal(f->code[5].u32[1], 0);
	assert_int_equal(f->code[6].u64, 0);
	assert_int_equal(f->code[7].u32[0], 3);
	/* fp[2] = fp[0], then back to unit 0 (from unit 9) */
	expect_r(f, 8, WRR_IOP_COPY_JUMP, 2, 0, 0, 0x3c);
	assert_int_equal(f->code[9].s.op, WRR_IOP_JUMP);
	assert_int_equal((int32_t)f->code[9].s.a, -9);
	wrr_module_free(m);
}

/* An and whose result an xor consumes: I32_AND_XOR. */
static void test_lower_binop_pair(void **state)
{
	struct wrr_module *m = load_valid(m_binop_pair, sizeof m_binop_pair);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 3);
	/* fp[3] = fp[0] & fp[1], then fp[3] = fp[2] ^ fp[3] */
	expect_r(f, 0, WRR_IOP_I32_AND_XOR, 3, 0, 1, 0x1f);
	assert_int_equal(f->code[1].u16[0], 2);
	assert_int_equal(f->code[1].u16[1], 3);
	assert_int_equal(f->code_offsets[1], 0);
	expect_s(f, 2, WRR_OP_RETURN, 4, 0, 0x23);
	wrr_module_free(m);
}

/* Two f64 loads and a sub of their values: F64_LOAD_LOAD_SUB_Y, the
 * second load's trap placed at its own unit. */
static void test_lower_load_load(void **state)
{
	struct wrr_module *m = load_valid(m_load_load, sizeof m_load_load);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 6);
	/* v1 = load fp[0] + 0 into 2; v2 = load (fp[1] + 16) + 8 into 3;
	 * fp[2] = v1 - v2 */
	expect_r(f, 0, WRR_IOP_F64_LOAD_LOAD_SUB_Y, 2, 0, 1, 0x21);
	assert_int_equal(f->code[1].u32[0], 0);
	assert_int_equal(f->code[1].u32[1], 8);
	assert_int_equal(f->code[2].u16[0], 2);
	assert_int_equal(f->code[2].u16[1], 3);
	assert_int_equal(f->code[2].u32[1], 16);
	assert_int_equal(f->code_offsets[2], 0x29);
	assert_int_equal(f->code[3].u64, 0);
	assert_int_equal(f->code[4].u64, 0);
	assert_int_equal(f->code_offsets[4], 0);
	expect_s(f, 5, WRR_OP_RETURN, 3, 0, 0x2d);
	wrr_module_free(m);
}

/* Three additions after a multiplication: I32_ADD3 in its accumulator
 * form (x1 is the product). */
static void test_lower_add3(void **state)
{
	struct wrr_module *m = load_valid(m_add3, sizeof m_add3);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 6);
	expect_r(f, 0, WRR_IOP_I32_MUL_C, 4, 0, 0, 0x20);
	/* fp[4] = acc + fp[1]; fp[4] = fp[2] + fp[4]; fp[4] = fp[3] + fp[4] */
	expect_r(f, 2, WRR_IOP_I32_ADD3_AX, 4, 4, 1, 0x23);
	assert_int_equal(f->code[3].u16[0], 2);
	assert_int_equal(f->code[3].u16[1], 4);
	assert_int_equal(f->code[3].u16[2], 3);
	assert_int_equal(f->code[3].u16[3], 4);
	assert_int_equal(f->code[4].u64, 0);
	assert_int_equal(f->code_offsets[4], 0);
	expect_s(f, 5, WRR_OP_RETURN, 5, 0, 0x2a);
	wrr_module_free(m);
}

/* br moves values with BR, or is a JUMP when they are in place; code after
 * it is not emitted. */
static void test_lower_br(void **state)
{
	struct wrr_module *m = load_valid(m_br, sizeof m_br);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 7);
	expect_s(f, 0, WRR_OP_I32_CONST, 0, 9, 0x1e);
	expect_s(f, 1, WRR_OP_I32_CONST, 1, 1, 0x1e);
	expect_s(f, 2, WRR_OP_BR, 0, 2, 0x1e); /* to unit 4 */
	expect_move(f, 3, 0, 1, 1);
	expect_s(f, 4, WRR_OP_I32_CONST, 0, 2, 0x29);
	expect_s(f, 5, WRR_OP_RETURN, 1, 0, 0x29); /* a JUMP to the RETURN */
	expect_s(f, 6, WRR_OP_RETURN, 1, 0, 0x2c);
	assert_int_equal(f->max_height, 2);
	wrr_module_free(m);
}

static void test_lower_br_table(void **state)
{
	struct wrr_module *m = load_valid(m_br_table, sizeof m_br_table);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 8);
	expect_s(f, 0, WRR_OP_BR_TABLE, 0, 2, 0x1e); /* index: local 0 */
	for (uint32_t i = 0; i < 3; i++) {
		/* target: the final RETURN (unit 7); nothing to move */
		assert_int_equal(f->code[1 + 2 * i].u32[0], 7 - (1 + 2 * i));
		assert_int_equal(f->code[1 + 2 * i].u32[1], 0);
		expect_move(f, 2 + 2 * i, 1, 1, 0);
	}
	expect_s(f, 7, WRR_OP_RETURN, 1, 0, 0x25);
	wrr_module_free(m);
}

/* (module (memory 1) (func (param i32 i32) (result i32)
 *   (if (result i32) (i32.lt_s (local.get 0) (local.get 1))
 *     (then (i32.load offset=4 (i32.add (local.get 0) (i32.const 8))))
 *     (else (i32.const 0))))) */
static const uint8_t m_fused[] = {
	HEADER,
	0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02,
	0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0a, 0x17, 0x01, 0x15,
	0x00, 0x20, 0x00, 0x20, 0x01, 0x48, 0x04, 0x7f, 0x20, 0x00, 0x41,
	0x08, 0x6a, 0x28, 0x02, 0x04, 0x05, 0x41, 0x00, 0x0b, 0x0b
};

/* A comparison used only by `if` becomes the jump (negated); an added
 * constant used only as an address becomes part of the load. */
static void test_lower_fused(void **state)
{
	struct wrr_module *m = load_valid(m_fused, sizeof m_fused);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 7);
	expect_r(f, 0, WRR_IOP_JUMP_IF_GE_S, 0, 0, 1, 0x24);
	assert_int_equal(f->code[1].u32[0], 4); /* to unit 5, from unit 1 */
	expect_r(f, 2, WRR_IOP_I32_LOAD_A, 2, 0, 0, 0x2b);
	assert_int_equal(f->code[3].u32[0], 8);  /* the added constant */
	assert_int_equal(f->code[3].u32[1], 4);  /* the memarg offset */
	expect_s(f, 4, WRR_OP_RETURN, 3, 0, 0x2e); /* else: JUMP to RETURN */
	expect_s(f, 5, WRR_OP_I32_CONST, 2, 0, 0x31);
	expect_s(f, 6, WRR_OP_RETURN, 3, 0, 0x32);
	wrr_module_free(m);
}

/* (module (func (param i32) (result i32)
 *   (if (result i32) (i32.eqz (i32.eq (local.get 0) (i32.const 252)))
 *     (then (i32.const 1)) (else (i32.const 2))))) */
static const uint8_t m_eqz_cmp[] = {
	HEADER,
	0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01,
	0x00, 0x0a, 0x13, 0x01, 0x11, 0x00, 0x20, 0x00, 0x41, 0xfc, 0x01,
	0x46, 0x45, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b, 0x0b
};

/* i32.eqz of a comparison is the negated comparison; `if` then jumps on
 * the negation of that: the original comparison, with its constant. */
static void test_lower_eqz_cmp(void **state)
{
	struct wrr_module *m = load_valid(m_eqz_cmp, sizeof m_eqz_cmp);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 6);
	expect_r(f, 0, WRR_IOP_JUMP_IF_EQ_C, 0, 0, 0, 0x20);
	assert_int_equal(f->code[1].u32[0], 3);   /* to unit 4 */
	assert_int_equal(f->code[1].u32[1], 252); /* the constant */
	expect_s(f, 2, WRR_OP_I32_CONST, 1, 1, 0x24);
	expect_s(f, 3, WRR_OP_RETURN, 2, 0, 0x24);
	expect_s(f, 4, WRR_OP_I32_CONST, 1, 2, 0x27);
	expect_s(f, 5, WRR_OP_RETURN, 2, 0, 0x28);
	wrr_module_free(m);
}

/* br to the function's label is a RETURN; the code still ends with one. */
static void test_lower_br_function(void **state)
{
	struct wrr_module *m = load_valid(m_ret, sizeof m_ret);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 3);
	expect_s(f, 0, WRR_OP_I32_CONST, 0, 1, 0x1a);
	expect_s(f, 1, WRR_OP_RETURN, 1, 0, 0x1a);
	expect_s(f, 2, WRR_OP_RETURN, 1, 0, 0x1c);
	wrr_module_free(m);
}

/* Constant expressions get kind, type and value. */
static void test_const_values(void **state)
{
	struct wrr_module *m = load_valid(m_consts, sizeof m_consts);
	assert_int_equal(m->global_count, 5);
	const struct wrr_const_expr *g = m->global_inits;
	assert_int_equal(g[0].kind, WRR_CONST_VALUE);
	assert_int_equal(g[0].type, WRR_I64);
	assert_true(g[0].value.bits == (uint64_t)-2);
	assert_int_equal(g[1].kind, WRR_CONST_VALUE);
	assert_int_equal(g[1].type, WRR_F32);
	assert_int_equal(g[1].value.bits, 0x3fc00000);
	assert_int_equal(g[2].kind, WRR_CONST_REF_FUNC);
	assert_int_equal(g[2].type, WRR_FUNCREF);
	assert_int_equal(g[2].value.index, 0);
	assert_int_equal(g[3].kind, WRR_CONST_GLOBAL_GET);
	assert_int_equal(g[3].type, WRR_F64);
	assert_int_equal(g[3].value.index, 0);
	assert_non_null(m->func_declared);
	assert_int_equal(m->func_declared[0], 1);
	const struct wrr_code_func *f = &m->bodies[0].code;
	assert_int_equal(f->code_len, 3);
	assert_int_equal(f->code[0].s.op, WRR_OP_I64_CONST);
	assert_true(f->code[1].u64 == 0x1122334455667788ull);
	assert_int_equal(f->code[2].s.op, WRR_OP_RETURN);
	wrr_module_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_error_place),
		cmocka_unit_test(test_too_many_locals),
		cmocka_unit_test(test_select_arity),
		cmocka_unit_test(test_lower_add),
		cmocka_unit_test(test_lower_fused),
		cmocka_unit_test(test_lower_eqz_cmp),
		cmocka_unit_test(test_lower_v128_slots),
		cmocka_unit_test(test_lower_if_else),
		cmocka_unit_test(test_lower_loop),
		cmocka_unit_test(test_lower_fused_pairs),
		cmocka_unit_test(test_lower_f64_pairs),
		cmocka_unit_test(test_lower_update_pairs),
		cmocka_unit_test(test_lower_loop_pairs),
		cmocka_unit_test(test_lower_binop_pair),
		cmocka_unit_test(test_lower_load_load),
		cmocka_unit_test(test_lower_add3),
		cmocka_unit_test(test_lower_br),
		cmocka_unit_test(test_lower_br_table),
		cmocka_unit_test(test_lower_br_function),
		cmocka_unit_test(test_const_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
