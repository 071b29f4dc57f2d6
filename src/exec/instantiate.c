/*
 * instantiate.c — module instantiation (spec §4.5.4) with import matching
 * (§4.5.3 "external typing" / "import matching"), and export lookup.
 *
 * Order, as in Wasm 2.0: match imports; allocate functions, tables,
 * memories and globals (global initialisers may read imported globals);
 * evaluate element segments; run active element segments (table.init then
 * elem.drop) and drop declarative ones; run active data segments
 * (memory.init then data.drop); call the start function. An out-of-bounds
 * segment traps and aborts instantiation, leaving earlier writes in place
 * (imported tables and memories keep them). The instance stays owned by the
 * store even when instantiation fails, since imported tables may already
 * reference its functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/runtime.h"

static const char *kind_name(enum wrr_extern_kind kind)
{
	switch (kind) {
	case WRR_EXTERN_FUNC: return "function";
	case WRR_EXTERN_TABLE: return "table";
	case WRR_EXTERN_MEMORY: return "memory";
	case WRR_EXTERN_GLOBAL: return "global";
	}
	return "unknown";
}

static enum wrr_status link_error(struct wrr_error *err,
				  const struct wrr_import *imp,
				  const char *what)
{
	return wrr_error_set(err, WRR_LINK,
			     "incompatible import type for \"%.*s\".\"%.*s\": %s",
			     (int)imp->module_name.len, imp->module_name.bytes,
			     (int)imp->name.len, imp->name.bytes, what);
}

/* Limits subtyping (spec §4.5.3 "limits"): actual ≤ expected. */
static bool limits_match(uint32_t min, uint32_t max, bool has_max,
			 const struct wrr_limits_type *expected)
{
	if (min < expected->min)
		return false;
	if (!expected->has_max)
		return true;
	return has_max && max <= expected->max;
}

static enum wrr_status match_import(struct wrr_store *store,
				    const struct wrr_module *m,
				    const struct wrr_import *imp,
				    const struct wrr_extern *ext,
				    struct wrr_error *err)
{
	char what[160];
	if (ext->of.func == NULL)
		return wrr_error_set(err, WRR_LINK,
				     "unknown import \"%.*s\".\"%.*s\": no %s "
				     "provided", (int)imp->module_name.len,
				     imp->module_name.bytes, (int)imp->name.len,
				     imp->name.bytes, kind_name(imp->kind));
	if (ext->kind != imp->kind) {
		snprintf(what, sizeof what, "expected a %s, got a %s",
			 kind_name(imp->kind), kind_name(ext->kind));
		return link_error(err, imp, what);
	}
	switch (imp->kind) {
	case WRR_EXTERN_FUNC: {
		uint32_t id;
		if (!wrr_store_intern_type(store,
					   &m->types[imp->desc.type_index], &id))
			return wrr_error_set(err, WRR_NOMEM, "out of memory");
		if (ext->of.func->type_id != id)
			return link_error(err, imp, "function types differ");
		break;
	}
	case WRR_EXTERN_TABLE: {
		const struct wrr_table *t = ext->of.table;
		if (t->elem_type != imp->desc.table.elem_type)
			return link_error(err, imp, "element types differ");
		if (!limits_match(t->size, t->max, t->has_max,
				  &imp->desc.table.limits))
			return link_error(err, imp, "table limits do not match");
		break;
	}
	case WRR_EXTERN_MEMORY: {
		const struct wrr_memory *mem = ext->of.memory;
		if (!limits_match(mem->pages, mem->max, mem->has_max,
				  &imp->desc.memory))
			return link_error(err, imp,
					  "memory limits do not match");
		break;
	}
	case WRR_EXTERN_GLOBAL: {
		const struct wrr_global *g = ext->of.global;
		if (g->type.type != imp->desc.global.type)
			return link_error(err, imp, "value types differ");
		if (g->type.mutable_ != imp->desc.global.mutable_)
			return link_error(err, imp, "mutability differs");
		break;
	}
	}
	return WRR_OK;
}

/* Constant expression (spec §4.4.10 / §3.3.10), already checked by the
 * validator: its value in 1 or 2 slots. */
static void eval_const(const struct wrr_instance *inst,
		       const struct wrr_const_expr *e, uint64_t out[2])
{
	out[0] = out[1] = 0;
	switch (e->kind) {
	case WRR_CONST_VALUE:
		if (e->type == WRR_V128)
			memcpy(out, e->value.v128, 16);
		else if (e->type == WRR_I32 || e->type == WRR_F32)
			out[0] = (uint32_t)e->value.bits;
		else
			out[0] = e->value.bits;
		break;
	case WRR_CONST_REF_NULL:
		break;
	case WRR_CONST_REF_FUNC:
		out[0] = (uint64_t)(uintptr_t)inst->funcs[e->value.index];
		break;
	case WRR_CONST_GLOBAL_GET: {
		const struct wrr_global *g = inst->globals[e->value.index];
		out[0] = g->val[0];
		out[1] = g->val[1];
		break;
	}
	}
}

static enum wrr_status oom(struct wrr_error *err)
{
	return wrr_error_set(err, WRR_NOMEM, "out of memory");
}

/* Allocation (spec §4.5.3 "allocmodule"): everything but the segment
 * writes and the start function. */
static enum wrr_status allocate(struct wrr_store *store,
				struct wrr_instance *inst,
				const struct wrr_extern *imports,
				struct wrr_error *err)
{
	const struct wrr_module *m = inst->module;
	inst->type_ids = calloc(m->type_count ? m->type_count : 1,
				sizeof *inst->type_ids);
	inst->funcs = calloc(m->func_count ? m->func_count : 1,
			     sizeof *inst->funcs);
	uint32_t defined = m->func_count - m->imported_func_count;
	inst->defined = calloc(defined ? defined : 1, sizeof *inst->defined);
	inst->tables = calloc(m->table_count ? m->table_count : 1,
			      sizeof *inst->tables);
	inst->memories = calloc(m->memory_count ? m->memory_count : 1,
				sizeof *inst->memories);
	inst->globals = calloc(m->global_count ? m->global_count : 1,
			       sizeof *inst->globals);
	inst->elem_sizes = calloc(m->elem_count ? m->elem_count : 1,
				  sizeof *inst->elem_sizes);
	inst->elem_refs = calloc(m->elem_count ? m->elem_count : 1,
				 sizeof *inst->elem_refs);
	inst->data_sizes = calloc(m->data_segment_count ?
					  m->data_segment_count : 1,
				  sizeof *inst->data_sizes);
	if (!inst->type_ids || !inst->funcs || !inst->defined ||
	    !inst->tables || !inst->memories || !inst->globals ||
	    !inst->elem_sizes || !inst->elem_refs || !inst->data_sizes)
		return oom(err);

	for (uint32_t i = 0; i < m->type_count; i++)
		if (!wrr_store_intern_type(store, &m->types[i],
					   &inst->type_ids[i]))
			return oom(err);

	/* imports, in module order, into their index spaces */
	uint32_t nf = 0, nt = 0, nm = 0, ng = 0;
	for (uint32_t i = 0; i < m->import_count; i++) {
		const struct wrr_extern *e = &imports[i];
		switch (m->imports[i].kind) {
		case WRR_EXTERN_FUNC: inst->funcs[nf++] = e->of.func; break;
		case WRR_EXTERN_TABLE: inst->tables[nt++] = e->of.table; break;
		case WRR_EXTERN_MEMORY:
			inst->memories[nm++] = e->of.memory;
			break;
		case WRR_EXTERN_GLOBAL:
			inst->globals[ng++] = e->of.global;
			break;
		}
	}

	for (uint32_t i = 0; i < defined; i++) {
		struct wrr_func *f = &inst->defined[i];
		uint32_t index = m->imported_func_count + i;
		uint32_t type_index = m->func_types[index];
		f->type_id = inst->type_ids[type_index];
		f->type = &store->types[f->type_id]->type;
		f->param_slots = wrr_types_slots(f->type->params,
						 f->type->param_count);
		f->result_slots = wrr_types_slots(f->type->results,
						  f->type->result_count);
		f->instance = inst;
		f->func_index = index;
		f->body = &m->bodies[i];
		inst->funcs[index] = f;
	}

	for (uint32_t i = m->imported_table_count; i < m->table_count; i++) {
		const struct wrr_table_type *tt = &m->tables[i];
		if (tt->limits.min > store->limits.max_table_elements)
			return wrr_error_set(err, WRR_NOMEM,
					     "table %u needs %u elements, above "
					     "the limit of %u", i, tt->limits.min,
					     store->limits.max_table_elements);
		inst->tables[i] = wrr_table_create(store, tt->elem_type,
						   tt->limits.min,
						   tt->limits.max,
						   tt->limits.has_max);
		if (inst->tables[i] == NULL)
			return wrr_error_set(err, WRR_NOMEM,
					     "cannot allocate table %u of %u "
					     "elements", i, tt->limits.min);
	}
	for (uint32_t i = m->imported_memory_count; i < m->memory_count; i++) {
		const struct wrr_limits_type *lt = &m->memories[i];
		if (lt->min > store->limits.max_memory_pages)
			return wrr_error_set(err, WRR_NOMEM,
					     "memory %u needs %u pages, above the "
					     "limit of %u pages", i, lt->min,
					     store->limits.max_memory_pages);
		inst->memories[i] = wrr_memory_create(store, lt->min, lt->max,
						      lt->has_max);
		if (inst->memories[i] == NULL)
			return wrr_error_set(err, WRR_NOMEM,
					     "cannot allocate memory %u of %u "
					     "pages", i, lt->min);
	}
	for (uint32_t i = m->imported_global_count; i < m->global_count; i++) {
		uint64_t val[2];
		eval_const(inst,
			   &m->global_inits[i - m->imported_global_count], val);
		inst->globals[i] = wrr_global_create(store, &m->globals[i], val);
		if (inst->globals[i] == NULL)
			return oom(err);
	}

	for (uint32_t i = 0; i < m->elem_count; i++) {
		const struct wrr_elem *el = &m->elems[i];
		inst->elem_refs[i] = calloc(el->init_count ? el->init_count : 1,
					    sizeof(uint64_t));
		if (inst->elem_refs[i] == NULL)
			return oom(err);
		for (uint32_t k = 0; k < el->init_count; k++) {
			uint64_t val[2];
			eval_const(inst, &el->inits[k], val);
			inst->elem_refs[i][k] = val[0];
		}
		inst->elem_sizes[i] = el->init_count;
	}
	for (uint32_t i = 0; i < m->data_segment_count; i++)
		inst->data_sizes[i] = m->datas[i].size;
	return WRR_OK;
}

/* A trap while writing a segment; the place is the segment's offset. */
static enum wrr_status segment_trap(struct wrr_error *err, enum wrr_trap trap,
				    uint32_t segment_offset)
{
	bool fresh = err != NULL && err->status == WRR_OK;
	enum wrr_status st = wrr_error_set(err, WRR_TRAP, "%s",
					   wrr_trap_message(trap));
	if (fresh) {
		err->trap = trap;
		err->offset = segment_offset;
	}
	return st;
}

/* Active and declarative element segments, then active data segments
 * (spec §4.5.4 steps 13-14). */
static enum wrr_status initialize(struct wrr_instance *inst,
				  struct wrr_error *err)
{
	const struct wrr_module *m = inst->module;
	for (uint32_t i = 0; i < m->elem_count; i++) {
		const struct wrr_elem *el = &m->elems[i];
		if (el->mode == WRR_SEGMENT_ACTIVE) {
			uint64_t off[2];
			eval_const(inst, &el->offset_expr, off);
			struct wrr_table *t = inst->tables[el->table_index];
			uint64_t d = (uint32_t)off[0], n = inst->elem_sizes[i];
			if (d + n > t->size)
				return segment_trap(err, WRR_TRAP_TABLE_OOB,
						    el->offset);
			if (n != 0)
				memcpy(t->elems + d, inst->elem_refs[i],
				       n * sizeof *t->elems);
		}
		if (el->mode != WRR_SEGMENT_PASSIVE)
			inst->elem_sizes[i] = 0;
	}
	for (uint32_t i = 0; i < m->data_segment_count; i++) {
		const struct wrr_data *dt = &m->datas[i];
		if (dt->mode != WRR_SEGMENT_ACTIVE)
			continue;
		uint64_t off[2];
		eval_const(inst, &dt->offset_expr, off);
		struct wrr_memory *mem = inst->memories[dt->memory_index];
		uint64_t d = (uint32_t)off[0], n = dt->size;
		if (d + n > mem->size)
			return segment_trap(err, WRR_TRAP_MEMORY_OOB,
					    dt->offset);
		if (n != 0)
			memcpy(mem->data + d, dt->bytes, n);
		inst->data_sizes[i] = 0;
	}
	return WRR_OK;
}

enum wrr_status wrr_instantiate(struct wrr_store *store,
				struct wrr_module *module,
				const struct wrr_extern *imports, uint32_t count,
				struct wrr_instance **out,
				struct wrr_error *err)
{
	*out = NULL;
	if (!module->validated)
		return wrr_error_set(err, WRR_INVALID,
				     "module must be validated before "
				     "instantiation");
	if (count != module->import_count)
		return wrr_error_set(err, WRR_LINK,
				     "module needs %u imports, %u given",
				     module->import_count, count);
	for (uint32_t i = 0; i < count; i++) {
		enum wrr_status st = match_import(store, module,
						  &module->imports[i],
						  &imports[i], err);
		if (st != WRR_OK)
			return st;
	}

	struct wrr_instance *inst = calloc(1, sizeof *inst);
	if (inst == NULL)
		return oom(err);
	inst->store = store;
	inst->module = module;
	inst->next = store->instances;
	store->instances = inst;

	enum wrr_status st = allocate(store, inst, imports, err);
	if (st == WRR_OK)
		st = initialize(inst, err);
	if (st != WRR_OK)
		return st;
	if (module->has_start) {
		st = wrr_func_call(store, inst->funcs[module->start], NULL, 0,
				   NULL, 0, err);
		if (st == WRR_FUEL)
			*out = inst; /* resumable: the caller may continue */
		if (st != WRR_OK)
			return st;
	}
	*out = inst;
	return WRR_OK;
}

bool wrr_instance_export(const struct wrr_instance *instance, const char *name,
			 uint32_t len, struct wrr_extern *out)
{
	const struct wrr_module *m = instance->module;
	for (uint32_t i = 0; i < m->export_count; i++) {
		const struct wrr_export *e = &m->exports[i];
		if (e->name.len != len || memcmp(e->name.bytes, name, len) != 0)
			continue;
		out->kind = e->kind;
		switch (e->kind) {
		case WRR_EXTERN_FUNC:
			out->of.func = instance->funcs[e->index];
			break;
		case WRR_EXTERN_TABLE:
			out->of.table = instance->tables[e->index];
			break;
		case WRR_EXTERN_MEMORY:
			out->of.memory = instance->memories[e->index];
			break;
		case WRR_EXTERN_GLOBAL:
			out->of.global = instance->globals[e->index];
			break;
		}
		return true;
	}
	return false;
}

struct wrr_memory *wrr_instance_memory(const struct wrr_instance *instance)
{
	return instance->module->memory_count != 0 ? instance->memories[0] :
						     NULL;
}

const struct wrr_module *wrr_instance_module(const struct wrr_instance *inst)
{
	return inst->module;
}
