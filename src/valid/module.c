/*
 * module.c — wrr_module_validate: the module-level rules (spec §3.4
 * "Modules": imports, tables, memories, globals, element and data segments,
 * start function, exports), then every function body (func.c), which is
 * lowered to internal code as it is validated; the code is then dropped and
 * made again on the function's first call (exec/lazy.h), so that a module
 * holds code only for the functions that run.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/lazy.h"
#include "valid/valid.h"

/* Records a module-level error at absolute offset `at` (UINT64_MAX if
 * none) in section `section_id`. */
static enum wrr_status fail(struct wrr_error *err, uint32_t section_id,
			    uint64_t at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum wrr_status fail(struct wrr_error *err, uint32_t section_id,
			    uint64_t at, const char *fmt, ...)
{
	if (err == NULL || err->status != WRR_OK)
		return WRR_INVALID;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	wrr_error_set(err, WRR_INVALID, "%s", msg);
	err->offset = at;
	err->section_id = section_id;
	return WRR_INVALID;
}

/* Limits (spec §3.2.4 "Limits"): each bound within `range`, min <= max. */
static enum wrr_status check_limits(const struct wrr_limits_type *l,
				    uint64_t range, const char *range_msg,
				    uint32_t section_id, uint64_t at,
				    struct wrr_error *err)
{
	if (l->min > range || (l->has_max && l->max > range))
		return fail(err, section_id, at, "%s", range_msg);
	if (l->has_max && l->min > l->max)
		return fail(err, section_id, at,
			    "size minimum must not be greater than maximum");
	return WRR_OK;
}

/* Memory types (spec §3.2.6): at most 65536 pages. */
static enum wrr_status check_memtype(const struct wrr_limits_type *l,
				     uint32_t section_id, uint64_t at,
				     struct wrr_error *err)
{
	return check_limits(l, 65536,
			    "memory size must be at most 65536 pages (4GiB)",
			    section_id, at, err);
}

/* Table types (spec §3.2.5): limits within 2^32-1 (always true for u32). */
static enum wrr_status check_tabletype(const struct wrr_table_type *t,
				       uint32_t section_id, uint64_t at,
				       struct wrr_error *err)
{
	return check_limits(&t->limits, UINT32_MAX,
			    "table size must be at most 2^32-1", section_id,
			    at, err);
}

/* Imports (spec §3.4.7) and the type index of every function. */
static enum wrr_status check_imports(struct wrr_module *m,
				     struct wrr_error *err)
{
	enum wrr_status st;
	for (uint32_t i = 0; i < m->import_count; i++) {
		const struct wrr_import *im = &m->imports[i];
		switch (im->kind) {
		case WRR_EXTERN_FUNC:
			if (im->desc.type_index >= m->type_count)
				return fail(err, WRR_SEC_IMPORT, im->offset,
					    "unknown type %u",
					    im->desc.type_index);
			break;
		case WRR_EXTERN_TABLE:
			st = check_tabletype(&im->desc.table, WRR_SEC_IMPORT,
					     im->offset, err);
			if (st != WRR_OK)
				return st;
			break;
		case WRR_EXTERN_MEMORY:
			st = check_memtype(&im->desc.memory, WRR_SEC_IMPORT,
					   im->offset, err);
			if (st != WRR_OK)
				return st;
			break;
		case WRR_EXTERN_GLOBAL:
			break;
		}
	}
	for (uint32_t f = 0; f < m->func_count; f++)
		if (m->func_types[f] >= m->type_count)
			return fail(err,
				    f < m->imported_func_count ?
					    WRR_SEC_IMPORT :
					    WRR_SEC_FUNCTION,
				    UINT64_MAX, "unknown type %u",
				    m->func_types[f]);
	return WRR_OK;
}

static enum wrr_status check_tables_memories(struct wrr_module *m,
					     struct wrr_error *err)
{
	enum wrr_status st;
	for (uint32_t i = m->imported_table_count; i < m->table_count; i++) {
		st = check_tabletype(&m->tables[i], WRR_SEC_TABLE, UINT64_MAX,
				     err);
		if (st != WRR_OK)
			return st;
	}
	for (uint32_t i = m->imported_memory_count; i < m->memory_count; i++) {
		st = check_memtype(&m->memories[i], WRR_SEC_MEMORY, UINT64_MAX,
				   err);
		if (st != WRR_OK)
			return st;
	}
	if (m->memory_count > 1)
		return fail(err, WRR_SEC_MEMORY, UINT64_MAX,
			    "multiple memories");
	return WRR_OK;
}

/* Globals (spec §3.4.4): init is a constant expression of the type. */
static enum wrr_status check_globals(struct wrr_module *m,
				     struct wrr_error *err)
{
	for (uint32_t i = m->imported_global_count; i < m->global_count; i++) {
		struct wrr_const_expr *init =
			&m->global_inits[i - m->imported_global_count];
		enum wrr_status st =
			wrr_valid_const_expr(m, init, m->globals[i].type, false,
					     WRR_SEC_GLOBAL, err);
		if (st != WRR_OK)
			return st;
	}
	return WRR_OK;
}

/* Element segments (spec §3.4.5). */
static enum wrr_status check_elems(struct wrr_module *m, struct wrr_error *err)
{
	for (uint32_t i = 0; i < m->elem_count; i++) {
		struct wrr_elem *e = &m->elems[i];
		enum wrr_status st;
		for (uint32_t k = 0; k < e->init_count; k++) {
			struct wrr_const_expr *init = &e->inits[k];
			st = wrr_valid_const_expr(
				m, init, e->type,
				init->kind == WRR_CONST_REF_FUNC,
				WRR_SEC_ELEMENT, err);
			if (st != WRR_OK)
				return st;
		}
		if (e->mode != WRR_SEGMENT_ACTIVE)
			continue;
		if (e->table_index >= m->table_count)
			return fail(err, WRR_SEC_ELEMENT, e->offset,
				    "unknown table %u", e->table_index);
		if (m->tables[e->table_index].elem_type != e->type)
			return fail(err, WRR_SEC_ELEMENT, e->offset,
				    "type mismatch: %s segment for %s table",
				    wrr_valid_type_name(e->type),
				    wrr_valid_type_name(
					    m->tables[e->table_index].elem_type));
		st = wrr_valid_const_expr(m, &e->offset_expr, WRR_I32, false,
					  WRR_SEC_ELEMENT, err);
		if (st != WRR_OK)
			return st;
	}
	return WRR_OK;
}

/* Data segments (spec §3.4.6). */
static enum wrr_status check_datas(struct wrr_module *m, struct wrr_error *err)
{
	for (uint32_t i = 0; i < m->data_segment_count; i++) {
		struct wrr_data *d = &m->datas[i];
		if (d->mode != WRR_SEGMENT_ACTIVE)
			continue;
		if (d->memory_index >= m->memory_count)
			return fail(err, WRR_SEC_DATA, d->offset,
				    "unknown memory %u", d->memory_index);
		enum wrr_status st = wrr_valid_const_expr(
			m, &d->offset_expr, WRR_I32, false, WRR_SEC_DATA, err);
		if (st != WRR_OK)
			return st;
	}
	return WRR_OK;
}

/* Start function (spec §3.4.8): type [] -> []. */
static enum wrr_status check_start(struct wrr_module *m, struct wrr_error *err)
{
	if (!m->has_start)
		return WRR_OK;
	if (m->start >= m->func_count)
		return fail(err, WRR_SEC_START, UINT64_MAX,
			    "unknown function %u", m->start);
	const struct wrr_functype *ft = wrr_module_func_type(m, m->start);
	if (ft->param_count != 0 || ft->result_count != 0)
		return fail(err, WRR_SEC_START, UINT64_MAX,
			    "start function must have type [] -> []");
	return WRR_OK;
}

static int compare_names(const void *pa, const void *pb, void *ctx)
{
	const struct wrr_export *exports = ctx;
	const struct wrr_name *a = &exports[*(const uint32_t *)pa].name;
	const struct wrr_name *b = &exports[*(const uint32_t *)pb].name;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	int c = memcmp(a->bytes, b->bytes, a->len);
	if (c != 0)
		return c;
	/* Equal names: keep module order so the second one is reported. */
	uint32_t ia = *(const uint32_t *)pa, ib = *(const uint32_t *)pb;
	return ia < ib ? -1 : ia > ib;
}

/* Exports (spec §3.4.9): indices exist; names are distinct. */
static enum wrr_status check_exports(struct wrr_module *m,
				     struct wrr_error *err)
{
	for (uint32_t i = 0; i < m->export_count; i++) {
		const struct wrr_export *x = &m->exports[i];
		uint32_t count = 0;
		const char *what = "";
		switch (x->kind) {
		case WRR_EXTERN_FUNC:
			count = m->func_count;
			what = "function";
			break;
		case WRR_EXTERN_TABLE:
			count = m->table_count;
			what = "table";
			break;
		case WRR_EXTERN_MEMORY:
			count = m->memory_count;
			what = "memory";
			break;
		case WRR_EXTERN_GLOBAL:
			count = m->global_count;
			what = "global";
			break;
		}
		if (x->index >= count)
			return fail(err, WRR_SEC_EXPORT, x->offset,
				    "unknown %s %u", what, x->index);
	}
	if (m->export_count < 2)
		return WRR_OK;
	uint32_t *order = malloc((size_t)m->export_count * sizeof *order);
	if (order == NULL)
		return wrr_error_set(err, WRR_NOMEM,
				     "out of memory while validating");
	for (uint32_t i = 0; i < m->export_count; i++)
		order[i] = i;
	qsort_r(order, m->export_count, sizeof *order, compare_names,
		m->exports);
	enum wrr_status st = WRR_OK;
	for (uint32_t i = 1; i < m->export_count; i++) {
		const struct wrr_export *a = &m->exports[order[i - 1]];
		const struct wrr_export *b = &m->exports[order[i]];
		if (a->name.len == b->name.len &&
		    memcmp(a->name.bytes, b->name.bytes, a->name.len) == 0) {
			st = fail(err, WRR_SEC_EXPORT, b->offset,
				  "duplicate export name");
			break;
		}
	}
	free(order);
	return st;
}

/* Frees what an earlier, failed validation left behind. */
static void release_lowered(struct wrr_module *m)
{
	for (uint32_t i = 0; i < m->func_count - m->imported_func_count; i++) {
		struct wrr_code_func *c = &m->bodies[i].code;
		free(c->code);
		free(c->code_offsets);
		memset(c, 0, sizeof *c);
	}
	free(m->func_declared);
	m->func_declared = NULL;
}

enum wrr_status wrr_module_validate(struct wrr_module *m,
				    struct wrr_error *err)
{
	if (m->validated)
		return WRR_OK;
	release_lowered(m);
	m->func_declared = calloc(m->func_count ? m->func_count : 1, 1);
	if (m->func_declared == NULL)
		return wrr_error_set(err, WRR_NOMEM,
				     "out of memory while validating");
	/* C.refs (spec §3.4.10): functions referenced outside function
	 * bodies; const.c adds those named in constant expressions. */
	for (uint32_t i = 0; i < m->export_count; i++)
		if (m->exports[i].kind == WRR_EXTERN_FUNC &&
		    m->exports[i].index < m->func_count)
			m->func_declared[m->exports[i].index] = 1;

	enum wrr_status st = check_imports(m, err);
	if (st == WRR_OK)
		st = check_tables_memories(m, err);
	if (st == WRR_OK)
		st = check_globals(m, err);
	if (st == WRR_OK)
		st = check_elems(m, err);
	if (st == WRR_OK)
		st = check_datas(m, err);
	if (st == WRR_OK)
		st = check_start(m, err);
	if (st == WRR_OK)
		st = check_exports(m, err);
	/* Each body is validated and lowered, and its code dropped at once:
	 * it is lowered again on its first call (exec/lazy.h). */
	for (uint32_t f = m->imported_func_count;
	     st == WRR_OK && f < m->func_count; f++) {
		st = wrr_valid_func(m, f, err);
		wrr_func_body_drop_code(&m->bodies[f - m->imported_func_count]);
	}
	if (st != WRR_OK) {
		release_lowered(m);
		return st;
	}
	m->validated = true;
	return WRR_OK;
}
