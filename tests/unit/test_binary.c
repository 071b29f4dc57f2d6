/*
 * test_binary.c — unit tests of the binary decoder (src/binary, spec §5)
 * on hand-made modules: every section decoded into struct wrr_module, and
 * malformed inputs rejected with WRR_MALFORMED at the right place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "binary/instr.h"
#include "module.h"

#define HEADER 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00

/* Decodes bytes; on success returns the module, else NULL with err set. */
static struct wrr_module *decode(const uint8_t *bytes, size_t size,
				 struct wrr_error *err)
{
	struct wrr_module *m = NULL;
	wrr_error_clear(err);
	enum wrr_status st = wrr_module_decode(bytes, size, &m, err);
	assert_int_equal(st, err->status);
	if (st != WRR_OK)
		assert_null(m);
	return m;
}

/* Asserts that bytes are malformed, with the given message and offset. */
static void expect_malformed(const uint8_t *bytes, size_t size,
			     const char *message, uint64_t offset)
{
	struct wrr_error err;
	struct wrr_module *m = decode(bytes, size, &err);
	assert_null(m);
	assert_int_equal(err.status, WRR_MALFORMED);
	assert_string_equal(err.message, message);
	if (offset != UINT64_MAX)
		assert_int_equal(err.offset, offset);
}

#define MALFORMED(msg, off, ...)                                               \
	do {                                                                   \
		static const uint8_t b_[] = {__VA_ARGS__};                     \
		expect_malformed(b_, sizeof b_, msg, off);                     \
	} while (0)

static void test_empty_module(void **state)
{
	static const uint8_t bytes[] = {HEADER};
	struct wrr_error err;
	struct wrr_module *m = decode(bytes, sizeof bytes, &err);
	assert_non_null(m);
	assert_int_equal(m->type_count, 0);
	assert_int_equal(m->func_count, 0);
	assert_int_equal(m->custom_count, 0);
	assert_false(m->has_start);
	assert_false(m->has_data_count);
	assert_null(m->func_names);
	assert_int_equal(wrr_module_import_count(m), 0);
	assert_int_equal(wrr_module_export_count(m), 0);
	wrr_module_free(m);
	wrr_module_free(NULL);
}

/* A module with every section. */
static const uint8_t full[] = {
	HEADER,
	/* 0x08 type: (i32 i64) -> (f32), () -> () */
	0x01, 0x0a, 0x02, 0x60, 0x02, 0x7f, 0x7e, 0x01, 0x7d, 0x60, 0x00, 0x00,
	/* 0x14 import: 4 imports */
	0x02, 0x25, 0x05,
	0x01, 'm', 0x01, 'f', 0x00, 0x00,             /* func type 0 */
	0x01, 'm', 0x01, 't', 0x01, 0x6f, 0x01, 0x01, 0x05, /* table */
	0x01, 'm', 0x02, 'm', 'e', 0x02, 0x00, 0x01,  /* memory min 1 */
	0x01, 'm', 0x01, 'g', 0x03, 0x7c, 0x01,       /* global mut f64 */
	0x01, 'm', 0x01, 'h', 0x00, 0x01,             /* func type 1 */
	/* function: 2 functions */
	0x03, 0x03, 0x02, 0x01, 0x00,
	/* table: funcref min 2 */
	0x04, 0x04, 0x01, 0x70, 0x00, 0x02,
	/* memory: min 0 max 3 */
	0x05, 0x04, 0x01, 0x01, 0x00, 0x03,
	/* global: i32 const = i32.const -1 */
	0x06, 0x06, 0x01, 0x7f, 0x00, 0x41, 0x7f, 0x0b,
	/* export "f" func 2, "mem" memory 0 */
	0x07, 0x0b, 0x02, 0x01, 'f', 0x00, 0x02, 0x03, 'm', 'e', 'm', 0x02,
	0x00,
	/* start 3 */
	0x08, 0x01, 0x03,
	/* element: 3 segments */
	0x09, 0x15, 0x03,
	0x00, 0x41, 0x00, 0x0b, 0x02, 0x02, 0x03,     /* active, funcidx 2 3 */
	0x03, 0x00, 0x01, 0x02,                       /* declarative funcidx */
	0x05, 0x70, 0x02, 0xd2, 0x03, 0x0b, 0xd0, 0x70, 0x0b, /* passive exprs */
	/* data count 3 */
	0x0c, 0x01, 0x03,
	/* code: 2 bodies */
	0x0a, 0x34, 0x02,
	/* body 0 (type 1): locals 2 i32 + 1 v128; block/if/else/br_table... */
	0x2d, 0x02, 0x02, 0x7f, 0x01, 0x7b,
	0x02, 0x40,                         /* block */
	0x41, 0x01, 0x04, 0x7f,             /* i32.const 1; if (result i32) */
	0x41, 0x02, 0x05, 0x41, 0x03, 0x0b, /* i32.const 2 else i32.const 3 end */
	0x0e, 0x01, 0x00, 0x00,             /* br_table 0 0 */
	0x0b,                               /* end block */
	0x41, 0x00, 0x28, 0x02, 0x04, 0x1a, /* i32.load align 2 offset 4; drop */
	0x3f, 0x00, 0x1a,                   /* memory.size; drop */
	0xfc, 0x09, 0x01,                   /* data.drop 1 */
	0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1c, 0x01, 0x7f, 0x1a, /* select */
	0x0b,
	/* body 1 (type 0) */
	0x04, 0x00, 0x20, 0x00, 0x0b,
	/* data: 3 segments */
	0x0b, 0x11, 0x03,
	0x00, 0x41, 0x00, 0x0b, 0x01, 'a',            /* active mem 0 */
	0x01, 0x02, 'b', 'c',                         /* passive */
	0x02, 0x00, 0x23, 0x00, 0x0b, 0x00,           /* active explicit */
	/* custom "name": module "mod", function 2 "main" */
	0x00, 0x14, 0x04, 'n', 'a', 'm', 'e',
	0x00, 0x04, 0x03, 'm', 'o', 'd',
	0x01, 0x07, 0x01, 0x02, 0x04, 'm', 'a', 'i', 'n',
};

static void test_full_module(void **state)
{
	struct wrr_error err;
	struct wrr_module *m = decode(full, sizeof full, &err);
	if (m == NULL) {
		char buf[600];
		fail_msg("%s", wrr_error_format(&err, buf, sizeof buf));
	}
	assert_int_equal(m->type_count, 2);
	assert_int_equal(m->types[0].param_count, 2);
	assert_int_equal(m->types[0].params[1], WRR_I64);
	assert_int_equal(m->types[0].result_count, 1);
	assert_int_equal(m->types[0].results[0], WRR_F32);
	assert_int_equal(m->types[1].param_count, 0);

	assert_int_equal(m->import_count, 5);
	assert_int_equal(m->imports[0].kind, WRR_EXTERN_FUNC);
	assert_int_equal(m->imports[0].offset, 0x17);
	assert_int_equal(m->imports[1].desc.table.elem_type, WRR_EXTERNREF);
	assert_true(m->imports[1].desc.table.limits.has_max);
	assert_int_equal(m->imports[1].desc.table.limits.max, 5);
	assert_int_equal(m->imports[2].desc.memory.min, 1);
	assert_true(m->imports[3].desc.global.mutable_);
	struct wrr_import_desc desc;
	wrr_module_import(m, 2, &desc);
	assert_int_equal(desc.module_name_len, 1);
	assert_memory_equal(desc.name, "me", 2);
	assert_int_equal(desc.kind, WRR_EXTERN_MEMORY);
	wrr_module_import(m, 4, &desc);
	assert_ptr_equal(desc.functype, &m->types[1]);

	assert_int_equal(m->imported_func_count, 2);
	assert_int_equal(m->func_count, 4);
	assert_int_equal(m->func_types[0], 0);
	assert_int_equal(m->func_types[1], 1);
	assert_int_equal(m->func_types[2], 1);
	assert_int_equal(m->func_types[3], 0);
	assert_int_equal(m->imported_table_count, 1);
	assert_int_equal(m->table_count, 2);
	assert_int_equal(m->tables[1].elem_type, WRR_FUNCREF);
	assert_int_equal(m->tables[1].limits.min, 2);
	assert_false(m->tables[1].limits.has_max);
	assert_int_equal(m->memory_count, 2);
	assert_int_equal(m->memories[1].max, 3);
	assert_int_equal(m->global_count, 2);
	assert_int_equal(m->imported_global_count, 1);
	assert_int_equal(m->globals[0].type, WRR_F64);
	assert_int_equal(m->globals[1].type, WRR_I32);
	assert_false(m->globals[1].mutable_);
	assert_int_equal(m->global_inits[0].size, 3);
	assert_int_equal(m->bytes[m->global_inits[0].offset], 0x41);

	assert_int_equal(m->export_count, 2);
	uint32_t len;
	const char *name = wrr_module_export_name(m, 1, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(name, "mem", 3);
	assert_int_equal(m->exports[0].index, 2);
	assert_true(m->has_start);
	assert_int_equal(m->start, 3);

	assert_int_equal(m->elem_count, 3);
	assert_int_equal(m->elems[0].mode, WRR_SEGMENT_ACTIVE);
	assert_int_equal(m->elems[0].table_index, 0);
	assert_int_equal(m->elems[0].offset_expr.size, 3);
	assert_int_equal(m->elems[0].init_count, 2);
	assert_int_equal(m->elems[0].inits[1].kind, WRR_CONST_REF_FUNC);
	assert_int_equal(m->elems[0].inits[1].type, WRR_FUNCREF);
	assert_int_equal(m->elems[0].inits[1].value.index, 3);
	assert_int_equal(m->elems[1].mode, WRR_SEGMENT_DECLARATIVE);
	assert_int_equal(m->elems[1].inits[0].value.index, 2);
	assert_int_equal(m->elems[2].mode, WRR_SEGMENT_PASSIVE);
	assert_int_equal(m->elems[2].init_count, 2);
	assert_int_equal(m->elems[2].inits[1].size, 3);
	assert_int_equal(m->bytes[m->elems[2].inits[1].offset], 0xd0);

	assert_true(m->has_data_count);
	assert_int_equal(m->data_count, 3);
	assert_int_equal(m->data_segment_count, 3);
	assert_int_equal(m->datas[0].mode, WRR_SEGMENT_ACTIVE);
	assert_int_equal(m->datas[0].size, 1);
	assert_int_equal(m->datas[0].bytes[0], 'a');
	assert_int_equal(m->datas[1].mode, WRR_SEGMENT_PASSIVE);
	assert_memory_equal(m->datas[1].bytes, "bc", 2);
	assert_int_equal(m->datas[2].mode, WRR_SEGMENT_ACTIVE);
	assert_int_equal(m->datas[2].size, 0);
	assert_int_equal(m->bytes[m->datas[2].offset_expr.offset], 0x23);

	const struct wrr_func_body *b = &m->bodies[0];
	assert_int_equal(b->size, 0x2d);
	assert_int_equal(b->run_count, 2);
	assert_int_equal(b->runs[0].count, 2);
	assert_int_equal(b->runs[1].type, WRR_V128);
	assert_int_equal(b->local_count, 3);
	assert_int_equal(b->expr_offset, b->offset + 1 + 5);
	assert_int_equal(m->bodies[1].local_count, 0);
	assert_int_equal(m->bytes[m->bodies[1].expr_offset], 0x20);

	assert_int_equal(m->custom_count, 1);
	assert_int_equal(m->customs[0].name.len, 4);
	assert_int_equal(m->module_display_name.len, 3);
	assert_memory_equal(m->module_display_name.bytes, "mod", 3);
	name = wrr_module_func_name(m, 2, &len);
	assert_non_null(name);
	assert_memory_equal(name, "main", 4);
	assert_null(wrr_module_func_name(m, 1, &len));
	assert_null(wrr_module_func_name(m, 99, &len));
	wrr_module_free(m);
}

/* Truncations of the full module are rejected cleanly, never a crash. */
static void test_truncations(void **state)
{
	for (size_t n = 0; n < sizeof full; n++) {
		struct wrr_error err;
		struct wrr_module *m = decode(full, n, &err);
		/* cut at a section boundary: may still be well-formed */
		if (m == NULL)
			assert_int_equal(err.status, WRR_MALFORMED);
		wrr_module_free(m);
	}
}

/* Flipping any single byte of the full module never crashes. */
static void test_byte_flips(void **state)
{
	uint8_t copy[sizeof full];
	for (size_t i = 0; i < sizeof full; i++) {
		for (unsigned v = 0; v < 256; v += 17) {
			memcpy(copy, full, sizeof full);
			copy[i] ^= (uint8_t)(v | 1);
			struct wrr_error err;
			struct wrr_module *m = decode(copy, sizeof copy, &err);
			if (m == NULL)
				assert_true(err.status == WRR_MALFORMED);
			wrr_module_free(m);
		}
	}
}

static void test_preamble(void **state)
{
	MALFORMED("unexpected end", 0);
	MALFORMED("unexpected end", UINT64_MAX, 0x00, 0x61, 0x73);
	MALFORMED("magic header not detected", 0, 0x00, 0x61, 0x73, 0x6e, 1,
		  0, 0, 0);
	MALFORMED("unexpected end", UINT64_MAX, 0x00, 0x61, 0x73, 0x6d, 1);
	MALFORMED("unknown binary version", 4, 0x00, 0x61, 0x73, 0x6d, 2, 0,
		  0, 0);
}

static void test_section_structure(void **state)
{
	MALFORMED("malformed section id", 8, HEADER, 0x0d, 0x00);
	MALFORMED("malformed section id", 8, HEADER, 0x80, 0x00);
	/* a repeated section */
	MALFORMED("unexpected content after last section", 11, HEADER, 0x01,
		  0x01, 0x00, 0x01, 0x01, 0x00);
	/* out of order: function after code */
	MALFORMED("unexpected content after last section", 11, HEADER, 0x0a,
		  0x01, 0x00, 0x03, 0x01, 0x00);
	/* data count after code */
	MALFORMED("unexpected content after last section", 11, HEADER, 0x0a,
		  0x01, 0x00, 0x0c, 0x01, 0x00);
	/* content left over in a section */
	MALFORMED("section size mismatch", 11, HEADER, 0x01, 0x02, 0x00, 0x00);
	/* a section longer than the module */
	MALFORMED("length out of bounds", 10, HEADER, 0x01, 0x05, 0x00);
	/* a count that cannot fit */
	MALFORMED("length out of bounds", 10, HEADER, 0x01, 0x02, 0x05, 0x60);
	/* custom section with invalid UTF-8 name */
	MALFORMED("malformed UTF-8 encoding", 11, HEADER, 0x00, 0x03, 0x02,
		  0xc0, 0x80);
	/* custom sections anywhere */
	static const uint8_t ok[] = {HEADER, 0x00, 0x02, 0x01, 'a', 0x01, 0x01,
				     0x00, 0x00, 0x03, 0x01, 'b', 0x7f};
	struct wrr_error err;
	struct wrr_module *m = decode(ok, sizeof ok, &err);
	assert_non_null(m);
	assert_int_equal(m->custom_count, 2);
	assert_int_equal(m->customs[1].size, 1);
	assert_int_equal(m->customs[1].offset, 0x13);
	wrr_module_free(m);
}

static void test_types_and_imports(void **state)
{
	MALFORMED("malformed value type", 13, HEADER, 0x01, 0x04, 0x01, 0x60,
		  0x01, 0x7a, 0x00);
	MALFORMED("malformed function type", 11, HEADER, 0x01, 0x04, 0x01,
		  0x61, 0x00, 0x00);
	MALFORMED("malformed import kind", 13, HEADER, 0x02, 0x04, 0x01, 0x00,
		  0x00, 0x04);
	MALFORMED("malformed reference type", 14, HEADER, 0x02, 0x07, 0x01,
		  0x00, 0x00, 0x01, 0x7f, 0x00, 0x00);
	MALFORMED("malformed mutability", 15, HEADER, 0x02, 0x06, 0x01, 0x00,
		  0x00, 0x03, 0x7f, 0x02);
	MALFORMED("integer too large", 11, HEADER, 0x05, 0x02, 0x01, 0x02);
	MALFORMED("integer representation too long", 11, HEADER, 0x05, 0x05,
		  0x01, 0x81, 0x00, 0x00, 0x00);
	MALFORMED("malformed UTF-8 encoding", 12, HEADER, 0x02, 0x06, 0x01,
		  0x01, 0xff, 0x00, 0x00, 0x00);
	/* surrogate and overlong forms */
	MALFORMED("malformed UTF-8 encoding", UINT64_MAX, HEADER, 0x07, 0x06,
		  0x01, 0x03, 0xed, 0xa0, 0x80, 0x00);
	MALFORMED("malformed UTF-8 encoding", UINT64_MAX, HEADER, 0x07, 0x05,
		  0x01, 0x02, 0xc1, 0xbf, 0x00);
	MALFORMED("malformed export kind", 12, HEADER, 0x07, 0x04, 0x01, 0x00,
		  0x04, 0x00);
}

static void test_counts(void **state)
{
	MALFORMED("function and code section have inconsistent lengths",
		  UINT64_MAX, HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03,
		  0x02, 0x01, 0x00);
	MALFORMED("function and code section have inconsistent lengths", 10,
		  HEADER, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b);
	MALFORMED("data count and data section have inconsistent lengths",
		  UINT64_MAX, HEADER, 0x0c, 0x01, 0x01);
	MALFORMED("data count and data section have inconsistent lengths",
		  UINT64_MAX, HEADER, 0x0c, 0x01, 0x00, 0x0b, 0x03, 0x01, 0x01,
		  0x00);
	/* function names subsection ignored when malformed */
	static const uint8_t bad_names[] = {HEADER, 0x00, 0x08, 0x04, 'n', 'a',
					    'm', 'e', 0x00, 0x05, 0x03};
	struct wrr_error err;
	struct wrr_module *m = decode(bad_names, sizeof bad_names, &err);
	assert_non_null(m);
	assert_int_equal(m->module_display_name.len, 0);
	wrr_module_free(m);
}

/* One function of type () -> () with the given body bytes (after size). */
static void expect_body(const uint8_t *body, size_t n, bool with_data_count,
			const char *message, uint32_t code_offset)
{
	uint8_t buf[256];
	size_t len = 0;
	static const uint8_t head[] = {HEADER, 0x01, 0x04, 0x01, 0x60, 0x00,
				       0x00, 0x03, 0x02, 0x01, 0x00};
	memcpy(buf, head, sizeof head);
	len = sizeof head;
	if (with_data_count) {
		buf[len++] = 0x0c;
		buf[len++] = 0x01;
		buf[len++] = 0x01;
	}
	buf[len++] = 0x0a;
	buf[len++] = (uint8_t)(n + 2);
	buf[len++] = 0x01;
	buf[len++] = (uint8_t)n;
	memcpy(buf + len, body, n);
	len += n;
	if (with_data_count || message == NULL ||
	    strcmp(message, "data count section required") == 0) {
		static const uint8_t data[] = {0x0b, 0x03, 0x01, 0x01, 0x00};
		memcpy(buf + len, data, sizeof data);
		len += sizeof data;
	}
	struct wrr_error err;
	struct wrr_module *m = decode(buf, len, &err);
	if (message == NULL) {
		if (m == NULL) {
			char msg[600];
			fail_msg("%s", wrr_error_format(&err, msg, sizeof msg));
		}
		wrr_module_free(m);
		return;
	}
	assert_null(m);
	assert_int_equal(err.status, WRR_MALFORMED);
	assert_string_equal(err.message, message);
	assert_int_equal(err.section_id, WRR_SEC_CODE);
	assert_int_equal(err.func_index, 0);
	if (code_offset != UINT32_MAX && err.code_offset != code_offset)
		fail_msg("%s: code offset %u, expected %u", message,
			 err.code_offset, code_offset);
}

#define BODY(dc, msg, off, ...)                                                \
	do {                                                                   \
		static const uint8_t b_[] = {__VA_ARGS__};                     \
		expect_body(b_, sizeof b_, dc, msg, off);                      \
	} while (0)

static void test_bodies(void **state)
{
	BODY(false, NULL, 0, 0x00, 0x0b);
	BODY(false, NULL, 0, 0x00, 0x02, 0x40, 0x03, 0x7f, 0x0b, 0x0b, 0x0b);
	/* a type-index block type */
	BODY(false, NULL, 0, 0x00, 0x02, 0x80, 0x01, 0x0b, 0x0b);
	/* negative s33 block type */
	BODY(false, "malformed value type", 2, 0x00, 0x02, 0x7a, 0x0b, 0x0b);
	BODY(false, "illegal opcode", 1, 0x00, 0xfd, 0x9a, 0x01, 0x0b);
	BODY(false, "illegal opcode", 1, 0x00, 0x06, 0x0b);
	BODY(false, "illegal opcode", 1, 0x00, 0xfc, 0x12, 0x0b);
	BODY(false, "zero byte expected", 2, 0x00, 0x3f, 0x01, 0x1a, 0x0b);
	BODY(false, "zero byte expected", 4, 0x00, 0x41, 0x00, 0x40, 0x80,
	     0x00, 0x1a, 0x0b);
	BODY(false, "END opcode expected", 1, 0x00, 0x05, 0x0b);
	BODY(false, "END opcode expected", 4, 0x00, 0x02, 0x40, 0x01, 0x05,
	     0x0b, 0x0b);
	/* a second else */
	BODY(false, "END opcode expected", 6, 0x00, 0x41, 0x00, 0x04, 0x40,
	     0x05, 0x05, 0x0b, 0x0b);
	/* bytes after the final end */
	BODY(false, "section size mismatch", 2, 0x00, 0x0b, 0x01);
	/* missing end */
	BODY(false, "unexpected end", UINT32_MAX, 0x00, 0x01);
	BODY(false, "unexpected end", UINT32_MAX, 0x00, 0x02, 0x40, 0x0b);
	BODY(false, "too many locals", 7, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f,
	     0x7f, 0x02, 0x7e, 0x0b);
	BODY(false, "malformed value type", 2, 0x01, 0x01, 0x40, 0x0b);
	BODY(false, "malformed reference type", 2, 0x00, 0xd0, 0x7f, 0x1a,
	     0x0b);
	BODY(false, "malformed value type", 3, 0x00, 0x1c, 0x01, 0x01, 0x0b);
	BODY(false, "data count section required", 7, 0x00, 0x41, 0x00, 0x41,
	     0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x00, 0x0b);
	BODY(false, "data count section required", 1, 0x00, 0xfc, 0x09, 0x00,
	     0x0b);
	BODY(true, NULL, 0, 0x00, 0xfc, 0x09, 0x00, 0x0b);
	BODY(false, "length out of bounds", 4, 0x00, 0x41, 0x00, 0x0e, 0x20,
	     0x00, 0x0b);
	/* every FC opcode with its immediates */
	BODY(true, NULL, 0, 0x00, 0xfc, 0x00, 0xfc, 0x07, 0xfc, 0x0a, 0x00,
	     0x00, 0xfc, 0x0b, 0x00, 0xfc, 0x0c, 0x01, 0x02, 0xfc, 0x0d, 0x01,
	     0xfc, 0x0e, 0x00, 0x01, 0xfc, 0x0f, 0x00, 0xfc, 0x10, 0x00, 0xfc,
	     0x11, 0x00, 0x0b);
	/* constants */
	BODY(false, NULL, 0, 0x00, 0x42, 0x80, 0x7f, 0x43, 0, 0, 0, 0, 0x44, 0,
	     0, 0, 0, 0, 0, 0, 0, 0x0b);
	BODY(false, "unexpected end", UINT32_MAX, 0x00, 0x44, 0, 0, 0, 0x0b);
}

static void test_elements_and_data(void **state)
{
	/* all eight element segment forms */
	static const uint8_t elems[] = {
		HEADER, 0x09, 0x2f, 0x08,
		0x00, 0x41, 0x00, 0x0b, 0x01, 0x00,
		0x01, 0x00, 0x01, 0x00,
		0x02, 0x01, 0x41, 0x00, 0x0b, 0x00, 0x01, 0x00,
		0x03, 0x00, 0x01, 0x00,
		0x04, 0x41, 0x00, 0x0b, 0x01, 0xd2, 0x00, 0x0b,
		0x05, 0x6f, 0x01, 0xd0, 0x6f, 0x0b,
		0x06, 0x02, 0x41, 0x00, 0x0b, 0x70, 0x00,
		0x07, 0x70, 0x00,
	};
	struct wrr_error err;
	struct wrr_module *m = decode(elems, sizeof elems, &err);
	if (m == NULL) {
		char msg[600];
		fail_msg("%s", wrr_error_format(&err, msg, sizeof msg));
	}
	static const enum wrr_segment_mode modes[8] = {
		WRR_SEGMENT_ACTIVE,  WRR_SEGMENT_PASSIVE,
		WRR_SEGMENT_ACTIVE,  WRR_SEGMENT_DECLARATIVE,
		WRR_SEGMENT_ACTIVE,  WRR_SEGMENT_PASSIVE,
		WRR_SEGMENT_ACTIVE,  WRR_SEGMENT_DECLARATIVE,
	};
	assert_int_equal(m->elem_count, 8);
	for (int i = 0; i < 8; i++)
		assert_int_equal(m->elems[i].mode, modes[i]);
	assert_int_equal(m->elems[2].table_index, 1);
	assert_int_equal(m->elems[6].table_index, 2);
	assert_int_equal(m->elems[5].type, WRR_EXTERNREF);
	assert_int_equal(m->elems[4].type, WRR_FUNCREF);
	assert_int_equal(m->elems[4].inits[0].size, 3);
	assert_int_equal(m->elems[6].init_count, 0);
	assert_int_equal(m->elems[1].inits[0].kind, WRR_CONST_REF_FUNC);
	wrr_module_free(m);

	MALFORMED("malformed elements segment kind", 11, HEADER, 0x09, 0x02,
		  0x01, 0x08);
	MALFORMED("malformed element kind", 12, HEADER, 0x09, 0x04, 0x01, 0x01,
		  0x01, 0x00);
	MALFORMED("malformed reference type", 12, HEADER, 0x09, 0x04, 0x01,
		  0x05, 0x7f, 0x00);
	MALFORMED("illegal opcode", 14, HEADER, 0x09, 0x07, 0x01, 0x05, 0x70,
		  0x01, 0xf3, 0x00, 0x0b);
	MALFORMED("malformed data segment kind", 11, HEADER, 0x0b, 0x02, 0x01,
		  0x03);
	MALFORMED("unexpected end", UINT64_MAX, HEADER, 0x0b, 0x04, 0x01, 0x01,
		  0x05, 0x00);
	/* a constant expression may hold any instructions (validation
	 * rejects them), but must be well nested */
	static const uint8_t global[] = {HEADER, 0x06, 0x09, 0x01, 0x7f, 0x00,
					 0x02, 0x40, 0x0b, 0x01, 0x0b, 0x00};
	m = decode(global, sizeof global, &err);
	assert_null(m);
	assert_int_equal(err.status, WRR_MALFORMED);
	static const uint8_t global2[] = {HEADER, 0x06, 0x08, 0x01, 0x7f,
					  0x00, 0x02, 0x40, 0x0b, 0x01, 0x0b};
	m = decode(global2, sizeof global2, &err);
	assert_non_null(m);
	assert_int_equal(m->global_inits[0].size, 5);
	wrr_module_free(m);
}

static void test_instr_reader(void **state)
{
	static const uint8_t code[] = {0x0e, 0x02, 0x05, 0x06, 0x07,
				       0x28, 0x03, 0x80, 0x01, 0x41, 0x7f};
	struct wrr_reader r;
	wrr_reader_init(&r, code, 0, sizeof code);
	struct wrr_instr in;
	assert_true(wrr_read_instr(&r, &in));
	assert_int_equal(in.op, WRR_OP_BR_TABLE);
	assert_int_equal(in.a, 2);
	assert_int_equal(in.b, 7);
	assert_int_equal(in.vec_offset, 2);
	assert_true(wrr_read_instr(&r, &in));
	assert_int_equal(in.op, WRR_OP_I32_LOAD);
	assert_int_equal(in.a, 3);
	assert_int_equal(in.b, 128);
	assert_true(wrr_read_instr(&r, &in));
	assert_int_equal(in.op, WRR_OP_I32_CONST);
	assert_int_equal((int64_t)in.bits, -1);
	assert_int_equal(r.pos, sizeof code);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_module),
		cmocka_unit_test(test_full_module),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_byte_flips),
		cmocka_unit_test(test_preamble),
		cmocka_unit_test(test_section_structure),
		cmocka_unit_test(test_types_and_imports),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_elements_and_data),
		cmocka_unit_test(test_instr_reader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
