/*
 * decode.c — wrr_module_decode: the module preamble and the section loop
 * (spec §5.5.2, §5.5.16), plus the error helpers the section decoders share.
 */
#include <stdlib.h>

#include "binary/decode.h"

bool wrr_decode_fail(struct wrr_decoder *d, size_t at, const char *message)
{
	struct wrr_error *err = d->err;
	if (d->status == WRR_OK)
		d->status = WRR_MALFORMED;
	if (err == NULL || err->status != WRR_OK)
		return false;
	wrr_error_set(err, WRR_MALFORMED, "%s", message);
	err->offset = at;
	err->section_id = d->section_id;
	if (d->func_index != UINT32_MAX) {
		err->func_index = d->func_index;
		err->code_offset = at >= d->body_start ?
					   (uint32_t)(at - d->body_start) :
					   0;
	}
	return false;
}

bool wrr_decode_reader_fail(struct wrr_decoder *d, const struct wrr_reader *r)
{
	return wrr_decode_fail(d, r->error_offset,
			       r->error ? r->error : "unexpected end");
}

bool wrr_decode_nomem(struct wrr_decoder *d)
{
	if (d->status == WRR_OK)
		d->status = WRR_NOMEM;
	if (d->err != NULL && d->err->status == WRR_OK)
		wrr_error_set(d->err, WRR_NOMEM,
			      "out of memory while decoding the module");
	return false;
}

bool wrr_decode_count(struct wrr_decoder *d, struct wrr_reader *r,
		      size_t min_entry, uint32_t *out)
{
	size_t at = r->pos;
	if (!wrr_read_u32(r, out))
		return wrr_decode_reader_fail(d, r);
	if ((uint64_t)*out * min_entry > wrr_reader_left(r))
		return wrr_decode_fail(d, at, "length out of bounds");
	return true;
}

bool wrr_decode_name(struct wrr_decoder *d, struct wrr_reader *r,
		     struct wrr_name *out)
{
	uint32_t len;
	if (!wrr_decode_count(d, r, 1, &len))
		return false;
	const uint8_t *bytes;
	size_t at = r->pos;
	if (!wrr_read_bytes(r, len, &bytes))
		return wrr_decode_reader_fail(d, r);
	if (!wrr_utf8_valid(bytes, len))
		return wrr_decode_fail(d, at, "malformed UTF-8 encoding");
	out->bytes = (const char *)bytes;
	out->len = len;
	return true;
}

/* Position of each non-custom section id in the required order (spec
 * §5.5.16): the data count section sits between element and code. */
static int section_rank(uint8_t id)
{
	static const int8_t rank[13] = {
		[WRR_SEC_TYPE] = 1,     [WRR_SEC_IMPORT] = 2,
		[WRR_SEC_FUNCTION] = 3, [WRR_SEC_TABLE] = 4,
		[WRR_SEC_MEMORY] = 5,   [WRR_SEC_GLOBAL] = 6,
		[WRR_SEC_EXPORT] = 7,   [WRR_SEC_START] = 8,
		[WRR_SEC_ELEMENT] = 9,  [WRR_SEC_DATA_COUNT] = 10,
		[WRR_SEC_CODE] = 11,    [WRR_SEC_DATA] = 12,
	};
	return rank[id];
}

/* Custom section (spec §5.5.3): a name, then an uninterpreted payload. */
static bool decode_custom_section(struct wrr_decoder *d, struct wrr_reader *r)
{
	struct wrr_module *m = d->module;
	struct wrr_custom_section sec;
	if (!wrr_decode_name(d, r, &sec.name))
		return false;
	sec.offset = (uint32_t)r->pos;
	sec.size = (uint32_t)wrr_reader_left(r);
	r->pos = r->end;
	if (m->custom_count == d->custom_cap) {
		size_t cap = d->custom_cap == 0 ? 4 : (size_t)d->custom_cap * 2;
		void *p = realloc(m->customs, cap * sizeof *m->customs);
		if (p == NULL)
			return wrr_decode_nomem(d);
		m->customs = p;
		d->custom_cap = (uint32_t)cap;
	}
	m->customs[m->custom_count++] = sec;
	if (!d->has_name_section && sec.name.len == 4 &&
	    memcmp(sec.name.bytes, "name", 4) == 0) {
		d->has_name_section = true;
		d->name_offset = sec.offset;
		d->name_size = sec.size;
	}
	return true;
}

static bool decode_section(struct wrr_decoder *d, uint8_t id,
			   struct wrr_reader *r)
{
	switch (id) {
	case WRR_SEC_CUSTOM: return decode_custom_section(d, r);
	case WRR_SEC_TYPE: return wrr_decode_type_section(d, r);
	case WRR_SEC_IMPORT: return wrr_decode_import_section(d, r);
	case WRR_SEC_FUNCTION: return wrr_decode_function_section(d, r);
	case WRR_SEC_TABLE: return wrr_decode_table_section(d, r);
	case WRR_SEC_MEMORY: return wrr_decode_memory_section(d, r);
	case WRR_SEC_GLOBAL: return wrr_decode_global_section(d, r);
	case WRR_SEC_EXPORT: return wrr_decode_export_section(d, r);
	case WRR_SEC_START: return wrr_decode_start_section(d, r);
	case WRR_SEC_ELEMENT: return wrr_decode_element_section(d, r);
	case WRR_SEC_CODE: return wrr_decode_code_section(d, r);
	case WRR_SEC_DATA:
		d->has_data_section = true;
		return wrr_decode_data_section(d, r);
	case WRR_SEC_DATA_COUNT: return wrr_decode_data_count_section(d, r);
	}
	return wrr_decode_fail(d, r->pos, "malformed section id");
}

/* Magic, version and the sequence of sections (spec §5.5.16). */
static bool decode_module(struct wrr_decoder *d)
{
	struct wrr_module *m = d->module;
	static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6d};
	static const uint8_t version[4] = {0x01, 0x00, 0x00, 0x00};
	if (m->size < 4)
		return wrr_decode_fail(d, m->size, "unexpected end");
	if (memcmp(m->bytes, magic, 4) != 0)
		return wrr_decode_fail(d, 0, "magic header not detected");
	if (m->size < 8)
		return wrr_decode_fail(d, m->size, "unexpected end");
	if (memcmp(m->bytes + 4, version, 4) != 0)
		return wrr_decode_fail(d, 4, "unknown binary version");
	/* Offsets are stored in 32 bits. */
	if (m->size > UINT32_MAX)
		return wrr_decode_fail(d, UINT32_MAX, "module too large");

	struct wrr_reader r;
	wrr_reader_init(&r, m->bytes, 8, m->size);
	int last_rank = 0;
	while (r.pos < r.end) {
		size_t start = r.pos;
		uint8_t id;
		uint32_t size;
		d->section_id = UINT32_MAX;
		if (!wrr_read_u8(&r, &id))
			return wrr_decode_reader_fail(d, &r);
		if (id > WRR_SEC_DATA_COUNT)
			return wrr_decode_fail(d, start, "malformed section id");
		d->section_id = id;
		if (!wrr_read_u32(&r, &size))
			return wrr_decode_reader_fail(d, &r);
		if (size > wrr_reader_left(&r))
			return wrr_decode_fail(d, r.pos, "length out of bounds");
		if (id != WRR_SEC_CUSTOM) {
			int rank = section_rank(id);
			if (rank <= last_rank)
				return wrr_decode_fail(
					d, start,
					"unexpected content after last section");
			last_rank = rank;
		}
		struct wrr_reader sec;
		wrr_reader_init(&sec, m->bytes, r.pos, r.pos + size);
		if (!decode_section(d, id, &sec))
			return false;
		if (sec.pos != sec.end)
			return wrr_decode_fail(d, sec.pos,
					       "section size mismatch");
		r.pos += size;
	}
	d->section_id = UINT32_MAX;

	if (d->defined_func_count != d->code_count)
		return wrr_decode_fail(
			d, m->size,
			"function and code section have inconsistent lengths");
	/* memory.init and data.drop need a data count section (spec
	 * §5.5.16). Without a data section either, any data index they use is
	 * out of range, so we leave the module to validation ("unknown data
	 * segment"), as the spec tests converted by wast2json expect. */
	if (d->needs_data_count && d->has_data_section) {
		d->section_id = WRR_SEC_CODE;
		d->func_index = d->needs_data_count_func;
		d->body_start = d->needs_data_count_body;
		return wrr_decode_fail(d, d->needs_data_count_at,
				       "data count section required");
	}
	if (m->has_data_count && m->data_count != m->data_segment_count)
		return wrr_decode_fail(
			d, m->size,
			"data count and data section have inconsistent lengths");

	if (m->func_count > 0) {
		m->func_names = calloc(m->func_count, sizeof *m->func_names);
		if (m->func_names == NULL)
			return wrr_decode_nomem(d);
	}
	if (d->has_name_section &&
	    !wrr_decode_name_section(m, d->name_offset, d->name_size))
		return wrr_decode_nomem(d);
	return true;
}

enum wrr_status wrr_module_decode(const uint8_t *bytes, size_t size,
				  struct wrr_module **out,
				  struct wrr_error *err)
{
	*out = NULL;
	struct wrr_module *m = calloc(1, sizeof *m);
	if (m == NULL) {
		wrr_error_set(err, WRR_NOMEM, "out of memory");
		return WRR_NOMEM;
	}
	m->bytes = bytes;
	m->size = size;
	struct wrr_decoder d = {
		.module = m,
		.err = err,
		.section_id = UINT32_MAX,
		.func_index = UINT32_MAX,
	};
	bool ok = decode_module(&d);
	free(d.ctl);
	if (!ok) {
		wrr_module_free(m);
		return d.status != WRR_OK ? d.status : WRR_MALFORMED;
	}
	*out = m;
	return WRR_OK;
}
