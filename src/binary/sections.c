/*
 * sections.c — decoders of the module sections other than code and custom
 * (spec §5.5.4-§5.5.12, §5.5.14-§5.5.15), and of the types they contain
 * (spec §5.3). Purely syntactic: indices and limits are left to validation.
 */
#include <stdlib.h>

#include "binary/decode.h"

/* Reads a single byte into *out, recording "unexpected end" on failure. */
static bool read_byte(struct wrr_decoder *d, struct wrr_reader *r,
		      uint8_t *out)
{
	if (!wrr_read_u8(r, out))
		return wrr_decode_reader_fail(d, r);
	return true;
}

static bool read_u32(struct wrr_decoder *d, struct wrr_reader *r,
		     uint32_t *out)
{
	if (!wrr_read_u32(r, out))
		return wrr_decode_reader_fail(d, r);
	return true;
}

static bool read_valtype(struct wrr_decoder *d, struct wrr_reader *r,
			 enum wrr_valtype *out)
{
	if (!wrr_read_valtype(r, out))
		return wrr_decode_reader_fail(d, r);
	return true;
}

static bool read_reftype(struct wrr_decoder *d, struct wrr_reader *r,
			 enum wrr_valtype *out)
{
	if (!wrr_read_reftype(r, out))
		return wrr_decode_reader_fail(d, r);
	return true;
}

/* Limits (spec §5.3.7): a flag (0: min, 1: min max) read as a 1-bit LEB128,
 * as the reference interpreter does ("integer too large" for 2, "integer
 * representation too long" for 0x81 0x00). */
static bool read_limits(struct wrr_decoder *d, struct wrr_reader *r,
			struct wrr_limits_type *out)
{
	uint64_t flag;
	if (!wrr_read_uleb(r, 1, &flag))
		return wrr_decode_reader_fail(d, r);
	out->has_max = flag == 1;
	out->max = 0;
	if (!read_u32(d, r, &out->min))
		return false;
	if (out->has_max && !read_u32(d, r, &out->max))
		return false;
	return true;
}

/* Table type (spec §5.3.9): reftype limits. */
static bool read_table_type(struct wrr_decoder *d, struct wrr_reader *r,
			    struct wrr_table_type *out)
{
	return read_reftype(d, r, &out->elem_type) &&
	       read_limits(d, r, &out->limits);
}

/* Global type (spec §5.3.10): valtype mut, mut 0x00 const / 0x01 var. */
static bool read_global_type(struct wrr_decoder *d, struct wrr_reader *r,
			     struct wrr_global_type *out)
{
	if (!read_valtype(d, r, &out->type))
		return false;
	size_t at = r->pos;
	uint8_t mut;
	if (!read_byte(d, r, &mut))
		return false;
	if (mut > 1)
		return wrr_decode_fail(d, at, "malformed mutability");
	out->mutable_ = mut == 1;
	return true;
}

/* Grows an index-space array from `old` to `total` entries of `size` bytes
 * (the decoder has bounded total by the input size). */
static bool grow(struct wrr_decoder *d, void **array, uint64_t total,
		 size_t size)
{
	if (total == 0)
		return true;
	void *p = realloc(*array, (size_t)total * size);
	if (p == NULL)
		return wrr_decode_nomem(d);
	*array = p;
	return true;
}

/* A value type vector of a function type. */
static bool read_result_type(struct wrr_decoder *d, struct wrr_reader *r,
			     uint32_t *count, const enum wrr_valtype **out)
{
	if (!wrr_decode_count(d, r, 1, count))
		return false;
	if (*count == 0)
		return true;
	enum wrr_valtype *types = calloc(*count, sizeof *types);
	if (types == NULL)
		return wrr_decode_nomem(d);
	*out = types;
	for (uint32_t i = 0; i < *count; i++)
		if (!read_valtype(d, r, &types[i]))
			return false;
	return true;
}

/* Type section (spec §5.5.4): vec(functype), functype = 0x60 rt rt. */
bool wrr_decode_type_section(struct wrr_decoder *d, struct wrr_reader *r)
{
	struct wrr_module *m = d->module;
	uint32_t n;
	if (!wrr_decode_count(d, r, 3, &n))
		return false;
	if (n == 0)
		return true;
	m->types = calloc(n, sizeof *m->types);
	if (m->types == NULL)
		return wrr_decode_nomem(d);
	m->type_count = n;
	for (uint32_t i = 0; i < n; i++) {
		struct wrr_functype *t = &m->types[i];
		size_t at = r->pos;
		uint8_t form;
		if (!read_byte(d, r, &form))
			return false;
		if (form != 0x60)
			return wrr_decode_fail(
				d, at,
				form & 0x80 ? "integer representation too long"
					    : "malformed function type");
		if (!read_result_type(d, r, &t->param_count, &t->params) ||
		    !read_result_type(d, r, &t->result_count, &t->results))
			return false;
	}
	return true;
}

/* Import section (spec §5.5.5). Builds the imported part of the function,
 * table, memory and global index spaces. */
bool wrr_decode_import_section(struct wrr_decoder *d, struct wrr_reader *r)
{
	struct wrr_module *m = d->module;
	uint32_t n;
	if (!wrr_decode_count(d, r, 1, &n))
		return false;
	if (n == 0)
		return true;
	m->imports = calloc(n, sizeof *m->imports);
	if (m->imports == NULL)
		return wrr_decode_nomem(d);
	m->import_count = n;
	uint32_t counts[4] = {0, 0, 0, 0};
	for (uint32_t i = 0; i < n; i++) {
		struct wrr_import *imp = &m->imports[i];
		imp->offset = (uint32_t)r->pos;
		if (!wrr_decode_name(d, r, &imp->module_name) ||
		    !wrr_decode_name(d, r, &imp->name))
			return false;
		size_t at = r->pos;
		uint8_t kind;
		if (!read_byte(d, r, &kind))
			return false;
		bool ok;
		switch (kind) {
		case WRR_EXTERN_FUNC:
			ok = read_u32(d, r, &imp->desc.type_index);
			break;
		case WRR_EXTERN_TABLE:
			ok = read_table_type(d, r, &imp->desc.table);
			break;
		case WRR_EXTERN_MEMORY:
			ok = read_limits(d, r, &imp->desc.memory);
			break;
		case WRR_EXTERN_GLOBAL:
			ok = read_global_type(d, r, &imp->desc.global);
			break;
		default:
			return wrr_decode_fail(d, at, "malformed import kind");
		}
		if (!ok)
			return false;
		imp->kind = (enum wrr_extern_kind)kind;
		counts[kind]++;
	}
	if (!grow(d, (void **)&m->func_types, counts[0], sizeof(uint32_t)) ||
	    !grow(d, (void **)&m->tables, counts[1], sizeof *m->tables) ||
	    !grow(d, (void **)&m->memories, counts[2], sizeof *m->memories) ||
	    !grow(d, (void **)&m->globals, counts[3], sizeof *m->globals))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		const struct wrr_import *imp = &m->imports[i];
		switch (imp->kind) {
		case WRR_EXTERN_FUNC:
			m->func_types[m->func_count++] = imp->desc.type_index;
			break;
		case WRR_EXTERN_TABLE:
			m->tables[m->table_count++] = imp->desc.table;
			break;
		case WRR_EXTERN_MEMORY:
			m->memories[m->memory_count++] = imp->desc.memory;
			break;
		case WRR_EXTERN_GLOBAL:
			m->globals[m->global_count++] = imp->desc.global;
			break;
		}
	}
	m->imported_func_count = m->func_count;
	m->imported_table_count = m->table_count;
	m->imported_memory_count = m->memory_count;
	m->imported_global_count = m->global_count;
	return true;
}

/* Function section (spec §5.5.6): vec(typeidx) of the defined functions. */
bool wrr_decode_function_section(struct wrr_decoder *d, struct wrr_reader *r)
{
	struct wrr_module *m = d->module;
	uint32_t n;
	size_t at = r->pos;
	if (!wrr_decode_count(d, r, 1, &n))
		return false;
	d->has_function_section = true;
	if (n == 0)
		return true;
	uint64_t total = (uint64_t)m->func_count + n;
	if (total > UINT32_MAX)
		return wrr_decode_fail(d, at, "too many functions");
	m->bodies = calloc(n, sizeof *m->bodies);
	if (m->bodies == NULL)
		return wrr_decode_nomem(d);
	if (!grow(d, (void **)&m->func_types, total, sizeof(uint32_t)))
		return false;
	d->defined_func_count = n;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t type_index;
		if (!read_u32(d, r, &type_index))
			return false;
		m->func_types[m->func_count++] = type_index;
	}
	return true;
}

/* Table section (spec §5.5.7): vec(tabletype). */
bool wrr_decode_table_section(struct wrr_decoder *d, struct wrr_reader *r)
{
	struct wrr_module *m = d->module;
	uint32_t n;
	if (!wrr_decode_count(d, r, 1, &n))
		return false;
	uint64_t total = (uint64_t)m->table_count + n;
	if (!grow(d, (void **)&m->tables, total, sizeof *m->tables))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		if (!read_table_type(d, r, &m->tables[m->table_count]))
			return false;
		m->table_count++;
	}
	return true;
}

/* Memory section (spec §5.5.8): vec(memtype). */
bool wrr_decode_memory_section(struct wrr_decoder *d, struct wrr_reader *r)
{
	struct wrr_module *m = d->module;
	uint32_t n;
	if (!wrr_decode_count(d, r, 1, &n))
		return false;
	uint64_t total = (uint64_t)m->memory_count + n;
	if (!grow(d, (void **)&m->memories, total, sizeof *m->memories))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		if (!read_limits(d, r, &m->memories[m->memory_count]))
			return false;
		m->memory_count++;
	}
	return true;
}

/* Global section (spec §5.5.9): vec(globaltype expr). */
bool wrr_decode_global_section(struct wrr_decoder *d, struct wrr_reader *r)
{
	struct wrr_module *m = d->module;
	uint32_t n;
	if (!wrr_decode_count(d, r, 3, &n))
		return false;
	if (n == 0)
		return true;
	uint64_t total = (uint64_t)m->global_count + n;
	m->global_inits = calloc(n, sizeof *m->global_inits);
	if (m->global_inits == NULL)
		return wrr_decode_nomem(d);
	if (!grow(d, (void **)&m->globals, total, sizeof *m->globals))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		if (!read_global_type(d, r, &m->globals[m->global_count]))
			return false;
		m->global_count++;
		if (!wrr_decode_const_expr(d, r, &m->global_inits[i]))
			return false;
	}
	return true;
}

/* Export section (spec §5.5.10): vec(name exportdesc). */
bool wrr_decode_export_section(struct wrr_decoder *d, struct wrr_reader *r)
{
	struct wrr_module *m = d->module;
	uint32_t n;
	if (!wrr_decode_count(d, r, 3, &n))
		return false;
	if (n == 0)
		return true;
	m->exports = calloc(n, sizeof *m->exports);
	if (m->exports == NULL)
		return wrr_decode_nomem(d);
	for (uint32_t i = 0; i < n; i++) {
		struct wrr_export *exp = &m->exports[i];
		exp->offset = (uint32_t)r->pos;
		if (!wrr_decode_name(d, r, &exp->name))
			return false;
		size_t at = r->pos;
		uint8_t kind;
		if (!read_byte(d, r, &kind))
			return false;
		if (kind > WRR_EXTERN_GLOBAL)
			return wrr_decode_fail(d, at, "malformed export kind");
		exp->kind = (enum wrr_extern_kind)kind;
		if (!read_u32(d, r, &exp->index))
			return false;
		m->export_count++;
	}
	return true;
}

/* Start section (spec §5.5.11): funcidx. */
bool wrr_decode_start_section(struct wrr_decoder *d, struct wrr_reader *r)
{
	struct wrr_module *m = d->module;
	if (!read_u32(d, r, &m->start))
		return false;
	m->has_start = true;
	return true;
}

/* An element segment's init vector: constant expressions (exprs), or
 * function indices turned into ref.func init expressions whose byte range
 * is the index's LEB128. */
static bool read_inits(struct wrr_decoder *d, struct wrr_reader *r,
		       struct wrr_elem *e, bool exprs)
{
	uint32_t n;
	if (!wrr_decode_count(d, r, 1, &n))
		return false;
	if (n == 0)
		return true;
	e->inits = calloc(n, sizeof *e->inits);
	if (e->inits == NULL)
		return wrr_decode_nomem(d);
	e->init_count = n;
	for (uint32_t i = 0; i < n; i++) {
		struct wrr_const_expr *c = &e->inits[i];
		if (exprs) {
			if (!wrr_decode_const_expr(d, r, c))
				return false;
			continue;
		}
		size_t at = r->pos;
		if (!read_u32(d, r, &c->value.index))
			return false;
		c->offset = (uint32_t)at;
		c->size = (uint32_t)(r->pos - at);
		c->kind = WRR_CONST_REF_FUNC;
		c->type = WRR_FUNCREF;
	}
	return true;
}

/* One element segment (spec §5.5.12). The flags' bit 0 marks a passive or
 * declarative segment, bit 1 an explicit table index (active) or
 * declarative, bit 2 init expressions instead of function indices. */
static bool read_elem(struct wrr_decoder *d, struct wrr_reader *r,
		      struct wrr_elem *e)
{
	e->offset = (uint32_t)r->pos;
	size_t at = r->pos;
	uint32_t flags;
	if (!read_u32(d, r, &flags))
		return false;
	if (flags > 7)
		return wrr_decode_fail(d, at,
				       "malformed elements segment kind");
	bool passive_or_declarative = flags & 1;
	bool explicit = flags & 2;
	bool exprs = flags & 4;
	e->type = WRR_FUNCREF;
	if (!passive_or_declarative) {
		e->mode = WRR_SEGMENT_ACTIVE;
		if (explicit && !read_u32(d, r, &e->table_index))
			return false;
		if (!wrr_decode_const_expr(d, r, &e->offset_expr))
			return false;
	} else {
		e->mode = explicit ? WRR_SEGMENT_DECLARATIVE
				   : WRR_SEGMENT_PASSIVE;
	}
	if (passive_or_declarative || explicit) {
		if (exprs) {
			if (!read_reftype(d, r, &e->type))
				return false;
		} else {
			at = r->pos;
			uint8_t kind;
			if (!read_byte(d, r, &kind))
				return false;
			if (kind != 0x00)
				return wrr_decode_fail(
					d, at, "malformed element kind");
		}
	}
	return read_inits(d, r, e, exprs);
}

/* Element section (spec §5.5.12): vec(elem). */
bool wrr_decode_element_section(struct wrr_decoder *d, struct wrr_reader *r)
{
	struct wrr_module *m = d->module;
	uint32_t n;
	if (!wrr_decode_count(d, r, 1, &n))
		return false;
	if (n == 0)
		return true;
	m->elems = calloc(n, sizeof *m->elems);
	if (m->elems == NULL)
		return wrr_decode_nomem(d);
	m->elem_count = n;
	for (uint32_t i = 0; i < n; i++)
		if (!read_elem(d, r, &m->elems[i]))
			return false;
	return true;
}

/* Data count section (spec §5.5.15): u32. */
bool wrr_decode_data_count_section(struct wrr_decoder *d,
				   struct wrr_reader *r)
{
	struct wrr_module *m = d->module;
	if (!read_u32(d, r, &m->data_count))
		return false;
	m->has_data_count = true;
	return true;
}

/* One data segment (spec §5.5.14): 0 expr bytes | 1 bytes |
 * 2 memidx expr bytes. */
static bool read_data(struct wrr_decoder *d, struct wrr_reader *r,
		      struct wrr_data *data)
{
	data->offset = (uint32_t)r->pos;
	size_t at = r->pos;
	uint32_t flags;
	if (!read_u32(d, r, &flags))
		return false;
	if (flags > 2)
		return wrr_decode_fail(d, at, "malformed data segment kind");
	data->mode = flags == 1 ? WRR_SEGMENT_PASSIVE : WRR_SEGMENT_ACTIVE;
	if (flags == 2 && !read_u32(d, r, &data->memory_index))
		return false;
	if (flags != 1 && !wrr_decode_const_expr(d, r, &data->offset_expr))
		return false;
	uint32_t len;
	if (!read_u32(d, r, &len))
		return false;
	if (!wrr_read_bytes(r, len, &data->bytes))
		return wrr_decode_reader_fail(d, r);
	data->size = len;
	return true;
}

/* Data section (spec §5.5.14): vec(data). */
bool wrr_decode_data_section(struct wrr_decoder *d, struct wrr_reader *r)
{
	struct wrr_module *m = d->module;
	uint32_t n;
	if (!wrr_decode_count(d, r, 1, &n))
		return false;
	if (n == 0)
		return true;
	m->datas = calloc(n, sizeof *m->datas);
	if (m->datas == NULL)
		return wrr_decode_nomem(d);
	m->data_segment_count = n;
	for (uint32_t i = 0; i < n; i++)
		if (!read_data(d, r, &m->datas[i]))
			return false;
	return true;
}
