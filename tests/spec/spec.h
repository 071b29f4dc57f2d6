/*
 * spec.h — shared declarations of the spec testsuite runner (tests/spec).
 *
 * The runner reads the JSON scripts that wabt's wast2json writes (one per
 * .wast, plus the .wasm modules they name) and drives libwrr through its
 * public API only (include/wrr.h). values.c parses and compares the values
 * of those scripts; spectest.c builds the "spectest" host module.
 */
#ifndef WRR_TESTS_SPEC_H
#define WRR_TESTS_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "wrr.h"

/* How one expected scalar (or one v128 lane) is matched. */
enum spec_match {
	SPEC_MATCH_EXACT = 0,     /* same bits */
	SPEC_MATCH_NAN_CANONICAL, /* any canonical NaN, either sign */
	SPEC_MATCH_NAN_ARITHMETIC, /* any NaN with the quiet bit set */
	SPEC_MATCH_REF_NONNULL,   /* a funcref that is not null */
};

/* An expected result of assert_return. For v128, lane_bits is the lane
 * width the script used (8, 16, 32 or 64), lane_float says f32/f64 lanes,
 * and lanes[] gives the match rule of each lane; val holds the exact
 * bytes (NaN lanes zero). */
struct spec_expect {
	struct wrr_val val;
	enum spec_match match;
	unsigned lane_bits;
	bool lane_float;
	enum spec_match lanes[16];
};

/* Parses an argument value ({"type": "i32", "value": "..."}) into *out.
 * Integers and float bit patterns are unsigned decimal strings; externref N
 * becomes ref N+1 (0 is null). Returns false with a reason in why. */
bool spec_parse_value(json_object *obj, struct wrr_val *out, char *why,
		      size_t why_size);

/* Parses an expected result, including "nan:canonical", "nan:arithmetic"
 * and per-lane NaN patterns of v128. Returns false with a reason in why. */
bool spec_parse_expect(json_object *obj, struct spec_expect *out, char *why,
		       size_t why_size);

/* True if the actual value v satisfies the expectation e (type included). */
bool spec_value_matches(const struct spec_expect *e, const struct wrr_val *v);

/* Formats a value as "i32:42", "f64:0x7ff8000000000000 (nan)", "externref:3",
 * "v128:i32x4 1 2 3 4"... into buf. Returns buf. */
char *spec_format_value(const struct wrr_val *v, char *buf, size_t size);

/* Formats an expectation in the same style. Returns buf. */
char *spec_format_expect(const struct spec_expect *e, char *buf, size_t size);

/* Name of a value type ("i32", "funcref"...). Static string. */
const char *spec_type_name(enum wrr_valtype type);

/* The "spectest" host module of the spec interpreter (interpreter/host/
 * spectest.ml): print functions, four immutable globals (666 / 666.6),
 * a funcref table of 10..20 elements and a memory of 1..2 pages. All objects
 * belong to the store given to spectest_init. */
struct spectest {
	struct wrr_func *print;
	struct wrr_func *print_i32;
	struct wrr_func *print_i64;
	struct wrr_func *print_f32;
	struct wrr_func *print_f64;
	struct wrr_func *print_i32_f32;
	struct wrr_func *print_f64_f64;
	struct wrr_global *global_i32;
	struct wrr_global *global_i64;
	struct wrr_global *global_f32;
	struct wrr_global *global_f64;
	struct wrr_table *table;
	struct wrr_memory *memory;
	bool verbose; /* print the arguments of print* calls on stderr */
};

/* Creates the spectest objects in store. Returns false if any creation
 * failed (out of memory, or the engine does not provide it yet). */
bool spectest_init(struct spectest *st, struct wrr_store *store, bool verbose);

/* Looks up export `name` (len bytes) of spectest. False if absent. */
bool spectest_lookup(const struct spectest *st, const char *name, size_t len,
		     struct wrr_extern *out);

#endif
