/*
 * module.h — the decoded form of a module (spec §2.5), shared by the
 * decoder (src/binary), the validator and lowering (src/valid) and
 * instantiation (src/exec). Internal: not part of the public API.
 *
 * Index spaces (functions, tables, memories, globals) are stored whole,
 * imports first, as the spec numbers them. Names point into the module's
 * bytes (not NUL-terminated). All arrays are owned by the module and freed by
 * wrr_module_free.
 */
#ifndef WRR_MODULE_H
#define WRR_MODULE_H

#include "wrr.h"
#include "exec/code.h"

/* Binary section ids (spec §5.5.2). */
enum wrr_section_id {
	WRR_SEC_CUSTOM = 0,
	WRR_SEC_TYPE = 1,
	WRR_SEC_IMPORT = 2,
	WRR_SEC_FUNCTION = 3,
	WRR_SEC_TABLE = 4,
	WRR_SEC_MEMORY = 5,
	WRR_SEC_GLOBAL = 6,
	WRR_SEC_EXPORT = 7,
	WRR_SEC_START = 8,
	WRR_SEC_ELEMENT = 9,
	WRR_SEC_CODE = 10,
	WRR_SEC_DATA = 11,
	WRR_SEC_DATA_COUNT = 12,
};

/* A name: UTF-8 bytes inside the module binary (validated UTF-8). */
struct wrr_name {
	const char *bytes;
	uint32_t len;
};

/* Limits (spec §2.3.4). */
struct wrr_limits_type {
	uint32_t min;
	uint32_t max;
	bool has_max;
};

struct wrr_table_type {
	enum wrr_valtype elem_type; /* WRR_FUNCREF or WRR_EXTERNREF */
	struct wrr_limits_type limits;
};

struct wrr_global_type {
	enum wrr_valtype type;
	bool mutable_;
};

/* A constant expression (spec §3.3.10): the byte range of the instruction
 * sequence, including its final `end`. The decoder fills offset and size; the
 * validator checks the expression and fills kind, type and value. */
enum wrr_const_kind {
	WRR_CONST_VALUE,      /* t.const: value.bits / value.v128 */
	WRR_CONST_REF_NULL,   /* ref.null t */
	WRR_CONST_REF_FUNC,   /* ref.func value.index */
	WRR_CONST_GLOBAL_GET, /* global.get value.index (an imported global) */
};

struct wrr_const_expr {
	uint32_t offset; /* byte offset in the module binary */
	uint32_t size;   /* bytes, including the final end (0x0b) */
	enum wrr_const_kind kind;
	enum wrr_valtype type;
	union {
		uint64_t bits;  /* i32/f32 in the low 32 bits */
		uint32_t index; /* function or global index */
		uint8_t v128[16];
	} value;
};

struct wrr_import {
	struct wrr_name module_name;
	struct wrr_name name;
	enum wrr_extern_kind kind;
	union {
		uint32_t type_index; /* WRR_EXTERN_FUNC */
		struct wrr_table_type table;
		struct wrr_limits_type memory;
		struct wrr_global_type global;
	} desc;
	uint32_t offset; /* byte offset of the import entry */
};

struct wrr_export {
	struct wrr_name name;
	enum wrr_extern_kind kind;
	uint32_t index;
	uint32_t offset;
};

/* A run of local declarations: `count` locals of `type` (spec §5.5.13). */
struct wrr_local_run {
	uint32_t count;
	enum wrr_valtype type;
};

/* A function defined in this module (code section entry). */
struct wrr_func_body {
	uint32_t offset;      /* byte offset of the body (its size field) */
	uint32_t start;       /* byte offset just after the size field: code
				 offsets (struct wrr_error, backtraces) count
				 from here */
	uint32_t size;        /* bytes after the size field */
	uint32_t expr_offset; /* byte offset of the first instruction */
	uint32_t run_count;
	struct wrr_local_run *runs;
	uint64_t local_count; /* declared locals, excluding params */
	struct wrr_code_func code; /* filled by lowering (src/valid) */
};

enum wrr_segment_mode {
	WRR_SEGMENT_ACTIVE,
	WRR_SEGMENT_PASSIVE,
	WRR_SEGMENT_DECLARATIVE,
};

/* Element segment (spec §2.5.7). Forms with a vector of function indices
 * are decoded into init expressions of kind WRR_CONST_REF_FUNC (the decoder
 * sets kind, type and value.index for them; validation checks the index). */
struct wrr_elem {
	enum wrr_segment_mode mode;
	enum wrr_valtype type;  /* WRR_FUNCREF or WRR_EXTERNREF */
	uint32_t table_index;   /* active only */
	struct wrr_const_expr offset_expr; /* active only */
	uint32_t init_count;
	struct wrr_const_expr *inits;
	uint32_t offset; /* byte offset of the segment */
};

/* Data segment (spec §2.5.8). */
struct wrr_data {
	enum wrr_segment_mode mode; /* ACTIVE or PASSIVE */
	uint32_t memory_index;
	struct wrr_const_expr offset_expr; /* active only */
	const uint8_t *bytes; /* into the module binary */
	uint32_t size;
	uint32_t offset; /* byte offset of the segment */
};

struct wrr_custom_section {
	struct wrr_name name;
	uint32_t offset; /* payload offset (after the name) */
	uint32_t size;   /* payload bytes */
};

struct wrr_module {
	const uint8_t *bytes; /* borrowed: the binary it was decoded from */
	size_t size;

	uint32_t type_count;
	struct wrr_functype *types; /* params/results arrays owned */

	uint32_t import_count;
	struct wrr_import *imports;

	/* Function index space: func_types[i] is the type index of function i;
	 * the first imported_func_count are imports. */
	uint32_t func_count;
	uint32_t imported_func_count;
	uint32_t *func_types;
	struct wrr_func_body *bodies; /* func_count - imported_func_count */

	uint32_t table_count;
	uint32_t imported_table_count;
	struct wrr_table_type *tables;

	uint32_t memory_count;
	uint32_t imported_memory_count;
	struct wrr_limits_type *memories;

	uint32_t global_count;
	uint32_t imported_global_count;
	struct wrr_global_type *globals;
	struct wrr_const_expr *global_inits; /* global_count - imported */

	uint32_t export_count;
	struct wrr_export *exports;

	bool has_start;
	uint32_t start;

	uint32_t elem_count;
	struct wrr_elem *elems;

	bool has_data_count;
	uint32_t data_count; /* from the data count section */
	uint32_t data_segment_count;
	struct wrr_data *datas;

	uint32_t custom_count;
	struct wrr_custom_section *customs;

	/* From the `name` custom section (spec §7.4.1); empty names when
	 * absent. func_names has func_count entries. A malformed name section
	 * is ignored, as the spec allows. */
	struct wrr_name module_display_name;
	struct wrr_name *func_names;

	/* Set by wrr_module_validate: every function declared by ref.func
	 * outside function bodies (spec C.refs), func_count flags. */
	uint8_t *func_declared;
	bool validated;

	/* Set by wrr_module_set_bytes_mapped (exec/lazy.h): bytes is a
	 * read-only private file mapping whose pages may be given back. */
	bool bytes_mapped;
};

/* Type of function index i (imported or defined). */
static inline const struct wrr_functype *
wrr_module_func_type(const struct wrr_module *module, uint32_t func_index)
{
	return &module->types[module->func_types[func_index]];
}

/* Number of 64-bit slots a value of type t takes (v128: 2). */
static inline uint32_t wrr_valtype_slots(enum wrr_valtype t)
{
	return t == WRR_V128 ? 2 : 1;
}

static inline bool wrr_valtype_is_ref(enum wrr_valtype t)
{
	return t == WRR_FUNCREF || t == WRR_EXTERNREF;
}

/* Sets err (if not already set) and returns status. Defined in error.c. */
enum wrr_status wrr_error_set(struct wrr_error *err, enum wrr_status status,
			      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
