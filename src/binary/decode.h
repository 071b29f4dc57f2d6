/*
 * decode.h — internals shared by the files of the binary decoder
 * (decode.c: header and section loop; sections.c: the module sections;
 * body.c: code section and expressions; names.c: UTF-8 and the name
 * section). Not used outside src/binary.
 */
#ifndef WRR_BINARY_DECODE_H
#define WRR_BINARY_DECODE_H

#include "binary/instr.h"
#include "binary/reader.h"
#include "module.h"

/* State of one wrr_module_decode call. */
struct wrr_decoder {
	struct wrr_module *module;
	struct wrr_error *err;      /* may be NULL */
	enum wrr_status status;     /* first failure, or WRR_OK */
	uint32_t section_id;        /* section being decoded, or UINT32_MAX */
	uint32_t func_index;        /* body being decoded, or UINT32_MAX */
	size_t body_start;          /* offset its code offsets count from */
	bool has_function_section;
	uint32_t defined_func_count; /* from the function section */
	uint32_t code_count;         /* from the code section */
	uint32_t custom_cap;         /* allocated entries of module->customs */
	/* Control stack of the expression being decoded: one byte per open
	 * block (enum in body.c). Reused between expressions. */
	uint8_t *ctl;
	size_t ctl_cap;
	/* First memory.init/data.drop in a body without a data count
	 * section: its offset, function index and body start. */
	bool needs_data_count;
	size_t needs_data_count_at;
	uint32_t needs_data_count_func;
	size_t needs_data_count_body;
	bool has_data_section;
	/* First `name` custom section, decoded after all sections. */
	bool has_name_section;
	size_t name_offset, name_size;
};

/* Records a malformed-module error at absolute offset `at` with the current
 * section / function places. Returns false. */
bool wrr_decode_fail(struct wrr_decoder *d, size_t at, const char *message);

/* The same with the reader's first error (message and offset). */
bool wrr_decode_reader_fail(struct wrr_decoder *d,
			    const struct wrr_reader *r);

/* Records WRR_NOMEM. Returns false. */
bool wrr_decode_nomem(struct wrr_decoder *d);

/* Reads a vector length whose entries take at least min_entry bytes each,
 * failing with "length out of bounds" if they cannot fit in the rest of r. */
bool wrr_decode_count(struct wrr_decoder *d, struct wrr_reader *r,
		      size_t min_entry, uint32_t *out);

/* Reads a name (spec §5.2.4): a byte vector holding valid UTF-8.
 * Fails with "malformed UTF-8 encoding". */
bool wrr_decode_name(struct wrr_decoder *d, struct wrr_reader *r,
		     struct wrr_name *out);

/* Reads a constant expression's instructions up to its final `end`
 * (spec §5.4.9) and records their byte range in out->offset/size; kind,
 * type and value are left to the validator. */
bool wrr_decode_const_expr(struct wrr_decoder *d, struct wrr_reader *r,
			   struct wrr_const_expr *out);

/* Section decoders (spec §5.5.4-§5.5.13). r covers exactly the section
 * contents; each reads what it can and the caller checks that nothing is
 * left. Each returns false after recording an error. */
bool wrr_decode_type_section(struct wrr_decoder *d, struct wrr_reader *r);
bool wrr_decode_import_section(struct wrr_decoder *d, struct wrr_reader *r);
bool wrr_decode_function_section(struct wrr_decoder *d, struct wrr_reader *r);
bool wrr_decode_table_section(struct wrr_decoder *d, struct wrr_reader *r);
bool wrr_decode_memory_section(struct wrr_decoder *d, struct wrr_reader *r);
bool wrr_decode_global_section(struct wrr_decoder *d, struct wrr_reader *r);
bool wrr_decode_export_section(struct wrr_decoder *d, struct wrr_reader *r);
bool wrr_decode_start_section(struct wrr_decoder *d, struct wrr_reader *r);
bool wrr_decode_element_section(struct wrr_decoder *d, struct wrr_reader *r);
bool wrr_decode_data_count_section(struct wrr_decoder *d,
				   struct wrr_reader *r);
bool wrr_decode_code_section(struct wrr_decoder *d, struct wrr_reader *r);
bool wrr_decode_data_section(struct wrr_decoder *d, struct wrr_reader *r);

/* Is bytes[0..len) valid UTF-8 (Unicode scalar values, shortest forms)? */
bool wrr_utf8_valid(const uint8_t *bytes, size_t len);

/* Decodes the `name` custom section payload at [offset, offset+size) of the
 * module binary (spec §7.4.1): module name and function names. A malformed
 * section is ignored (names stay empty). Returns false only on allocation
 * failure. */
bool wrr_decode_name_section(struct wrr_module *module, size_t offset,
			     size_t size);

#endif
