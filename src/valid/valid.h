/*
 * valid.h — internal interface between the parts of the validator
 * (src/valid): module-level rules (module.c), constant expressions
 * (const.c) and function bodies with their lowering (func.c, lower.c).
 */
#ifndef WRR_VALID_H
#define WRR_VALID_H

#include "module.h"

/* Resource limits of validation (not in the spec; a module over them is
 * rejected as WRR_INVALID with a message saying which limit). */
#define WRR_VALID_MAX_LOCAL_SLOTS 50000u   /* params + locals, in slots */
#define WRR_VALID_MAX_OPERANDS (1u << 20)  /* operand stack, in values */
#define WRR_VALID_MAX_DEPTH (1u << 20)     /* nested blocks */

/* Text-format name of a value type, for messages; "unknown" otherwise. */
static inline const char *wrr_valid_type_name(unsigned type)
{
	switch (type) {
	case WRR_I32: return "i32";
	case WRR_I64: return "i64";
	case WRR_F32: return "f32";
	case WRR_F64: return "f64";
	case WRR_V128: return "v128";
	case WRR_FUNCREF: return "funcref";
	case WRR_EXTERNREF: return "externref";
	}
	return "unknown";
}

/* Validates a constant expression (spec §3.3.10 "Constant Expressions",
 * 2.0 rules: t.const, ref.null, ref.func, global.get of an imported immutable
 * global) that must produce one value of type `expected`, and fills expr's
 * kind, type and value. Function indices named by ref.func are flagged in
 * module->func_declared. Init expressions the decoder already turned into
 * ref.func (kind WRR_CONST_REF_FUNC with `is_funcidx`) only get their index
 * checked. Errors: WRR_INVALID ("constant expression required", "type
 * mismatch", "unknown global N", "unknown function N") with the offset of the
 * instruction and section_id; WRR_MALFORMED if the bytes do not decode. */
enum wrr_status wrr_valid_const_expr(struct wrr_module *module,
				     struct wrr_const_expr *expr,
				     enum wrr_valtype expected, bool is_funcidx,
				     uint32_t section_id,
				     struct wrr_error *err);

/* Validates the body of defined function func_index (spec §3.3, §3.4.1,
 * algorithm of the appendix "Validation Algorithm") and lowers it into
 * body->code (src/exec/code.h). Requires every func_types entry, table,
 * memory, global and data/elem count of the module to be checked already and
 * func_declared to be filled. Errors: WRR_INVALID with func_index,
 * code_offset (from the start of the body, after its size field), offset
 * (absolute) and section_id WRR_SEC_CODE; WRR_NOMEM; WRR_MALFORMED if bytes
 * the decoder accepted do not decode again.
 * Lazy lowering (src/exec/lazy.c) relies on this: of module->bodies it reads
 * and writes only bodies[func_index - imported_func_count], and it uses
 * imported_func_count for nothing else; it writes nothing else in module.
 * (lazy.c lowers on a shallow copy of the module with one private body.) */
enum wrr_status wrr_valid_func(struct wrr_module *module, uint32_t func_index,
			       struct wrr_error *err);

#endif
