/*
 * recorder.c — the recording gate (see recorder.h).
 *
 * The trace's function table starts with the module's function imports
 * (wrr_recorder_set_module; they are in the trace header, so a call names
 * its import by index and nothing more). Per call: find the function's
 * trace id (the first call of a function looks it up in that table by
 * module name, name and type, or defines it with a FUNC record), install the write
 * observer, run the real host function with wrr_host_call_direct, remove the
 * observer, then write one event with the arguments, the outcome and the
 * byte ranges written (adjacent writes are merged). A call that ends the run
 * (proc_exit, a host trap or failure) is flushed at once, so a recorder
 * killed afterwards still leaves it in the trace.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "module.h"
#include "rr/bytebuf.h"
#include "rr/recorder.h"

struct func_slot {
	const struct wrr_func *func; /* NULL: empty */
	uint32_t id;
};

struct range {
	uint32_t addr;
	uint32_t len;
	size_t at; /* offset of its bytes in rec->bytes */
};

struct wrr_recorder {
	struct wrr_trace_writer *w;
	struct wrr_gate gate;
	struct wrr_write_observer observer;

	/* func → id: open addressing, power-of-two size */
	struct func_slot *table;
	uint32_t table_size;
	uint32_t func_count;
	struct wrr_trace_func *funcs; /* by id: the slot counts and types */
	uint32_t header_funcs; /* funcs[0 .. header_funcs) are the module's
				* imports (names owned) */

	/* writes of the current call */
	struct wrr_memory *memory;
	bool in_call;
	struct range *ranges;
	uint32_t range_count, range_cap;
	struct wrr_bytebuf bytes;
	struct wrr_trace_write *writes;
	uint32_t writes_cap;

	uint64_t calls;
	uint64_t start_ns;
	char problem[160];
};

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void note_problem(struct wrr_recorder *rec, const char *msg)
{
	if (rec->problem[0] == '\0')
		snprintf(rec->problem, sizeof rec->problem, "%s", msg);
}

/* Observer: called by wrr_memory_write after each successful host write. */
static void wrote(void *ctx, struct wrr_memory *memory, wrr_gptr at,
		  const void *bytes, uint32_t len)
{
	struct wrr_recorder *rec = ctx;
	if (!rec->in_call || len == 0)
		return;
	if (memory != rec->memory) {
		note_problem(rec, "a host function wrote into a memory other "
				  "than the caller's memory 0; replay cannot "
				  "reproduce it");
		return;
	}
	struct range *last = rec->range_count ?
				     &rec->ranges[rec->range_count - 1] : NULL;
	if (last && (uint64_t)last->addr + last->len == at.addr &&
	    last->at + last->len == rec->bytes.len &&
	    (uint64_t)last->len + len <= UINT32_MAX) {
		last->len += len;
	} else {
		if (rec->range_count == rec->range_cap) {
			uint32_t cap = rec->range_cap ? rec->range_cap * 2 : 16;
			struct range *r = realloc(rec->ranges, cap * sizeof *r);
			if (r == NULL) {
				note_problem(rec, "out of memory recording "
						  "a host write");
				return;
			}
			rec->ranges = r;
			rec->range_cap = cap;
		}
		rec->ranges[rec->range_count++] =
			(struct range){at.addr, len, rec->bytes.len};
	}
	wrr_put_bytes(&rec->bytes, bytes, len);
}

static enum wrr_status record_call(void *ctx, struct wrr_host_call *call);

struct wrr_recorder *wrr_recorder_new(struct wrr_trace_writer *w)
{
	struct wrr_recorder *rec = calloc(1, sizeof *rec);
	if (rec == NULL)
		return NULL;
	rec->w = w;
	rec->gate = (struct wrr_gate){record_call, rec};
	rec->observer = (struct wrr_write_observer){wrote, rec};
	rec->table_size = 64;
	rec->table = calloc(rec->table_size, sizeof *rec->table);
	if (rec->table == NULL) {
		free(rec);
		return NULL;
	}
	rec->start_ns = now_ns();
	return rec;
}

const struct wrr_gate *wrr_recorder_gate(struct wrr_recorder *rec)
{
	return &rec->gate;
}

static uint32_t hash_ptr(const void *p, uint32_t size)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 17;
	x *= 0x9e3779b97f4a7c15ull;
	return (uint32_t)(x >> 32) & (size - 1);
}

static bool table_insert(struct func_slot *table, uint32_t size,
			 const struct wrr_func *func, uint32_t id)
{
	for (uint32_t i = hash_ptr(func, size), n = 0; n < size;
	     i = (i + 1) & (size - 1), n++) {
		if (table[i].func == NULL) {
			table[i] = (struct func_slot){func, id};
			return true;
		}
	}
	return false;
}

/* Copies a type's arrays for the recorder's own wrr_trace_func. */
static bool copy_types(const enum wrr_valtype *src, uint32_t n,
		       enum wrr_valtype **out, uint32_t *slots)
{
	*out = malloc((n ? n : 1) * sizeof **out);
	if (*out == NULL)
		return false;
	*slots = 0;
	for (uint32_t i = 0; i < n; i++) {
		(*out)[i] = src[i];
		*slots += src[i] == WRR_V128 ? 2 : 1;
	}
	return true;
}

/* Makes room in the func → id table for one more entry. */
static bool table_grow(struct wrr_recorder *rec)
{
	if ((rec->func_count + 1) * 2 > rec->table_size) {
		uint32_t size = rec->table_size * 2;
		struct func_slot *t = calloc(size, sizeof *t);
		if (t == NULL)
			return false;
		for (uint32_t i = 0; i < rec->table_size; i++)
			if (rec->table[i].func)
				table_insert(t, size, rec->table[i].func,
					     rec->table[i].id);
		free(rec->table);
		rec->table = t;
		rec->table_size = size;
	}
	return true;
}

/* Finds func in the module's import table (by module name, name and type)
 * and remembers its id. */
static bool find_import(struct wrr_recorder *rec, const struct wrr_func *func,
			const struct wrr_functype *type, uint32_t *id)
{
	const char *module_name, *name;
	wrr_func_host_names(func, &module_name, &name);
	if (module_name == NULL || name == NULL)
		return false;
	for (uint32_t i = 0; i < rec->header_funcs; i++) {
		if (wrr_trace_func_is(&rec->funcs[i], module_name, name,
				      type)) {
			if (!table_grow(rec))
				return false;
			table_insert(rec->table, rec->table_size, func, i);
			*id = i;
			return true;
		}
	}
	return false;
}

/* Assigns the next id to func and writes its FUNC record. */
static bool define_func(struct wrr_recorder *rec, const struct wrr_func *func,
			const struct wrr_functype *type, uint32_t *id)
{
	if (!table_grow(rec))
		return false;
	struct wrr_trace_func *funcs =
		realloc(rec->funcs, (rec->func_count + 1) * sizeof *funcs);
	if (funcs == NULL)
		return false;
	rec->funcs = funcs;
	struct wrr_trace_func *f = &funcs[rec->func_count];
	memset(f, 0, sizeof *f);
	const char *module_name, *name;
	wrr_func_host_names(func, &module_name, &name);
	f->module_name = module_name ? module_name : "";
	f->name = name ? name : "";
	f->param_count = type->param_count;
	f->result_count = type->result_count;
	if (!copy_types(type->params, type->param_count, &f->params,
			&f->param_slots) ||
	    !copy_types(type->results, type->result_count, &f->results,
			&f->result_slots)) {
		free(f->params);
		free(f->results);
		return false;
	}
	*id = rec->func_count++;
	table_insert(rec->table, rec->table_size, func, *id);
	wrr_trace_write_func(rec->w, *id, f->module_name, f->name, type);
	return true;
}

bool wrr_recorder_set_module(struct wrr_recorder *rec,
			     const struct wrr_module *module)
{
	if (rec->func_count != 0)
		return true; /* too late: calls define their functions */
	uint32_t n = wrr_module_import_count(module), k = 0;
	struct wrr_trace_func *funcs = calloc(n ? n : 1, sizeof *funcs);
	if (funcs == NULL)
		return false;
	rec->funcs = funcs;
	for (uint32_t i = 0; i < n; i++) {
		struct wrr_import_desc d;
		wrr_module_import(module, i, &d);
		if (d.kind != WRR_EXTERN_FUNC || d.functype == NULL)
			continue;
		struct wrr_trace_func *f = &funcs[k];
		f->module_name = strndup(d.module_name, d.module_name_len);
		f->name = strndup(d.name, d.name_len);
		f->param_count = d.functype->param_count;
		f->result_count = d.functype->result_count;
		rec->func_count = rec->header_funcs = ++k; /* freed with rec */
		if (f->module_name == NULL || f->name == NULL ||
		    !copy_types(d.functype->params, f->param_count, &f->params,
				&f->param_slots) ||
		    !copy_types(d.functype->results, f->result_count,
				&f->results, &f->result_slots))
			return false;
	}
	return true;
}

const struct wrr_trace_func *wrr_recorder_funcs(const struct wrr_recorder *rec,
						uint32_t *count)
{
	*count = rec->header_funcs;
	return rec->header_funcs ? rec->funcs : NULL;
}

static bool lookup(struct wrr_recorder *rec, const struct wrr_func *func,
		   uint32_t *id)
{
	for (uint32_t i = hash_ptr(func, rec->table_size);;
	     i = (i + 1) & (rec->table_size - 1)) {
		if (rec->table[i].func == func) {
			*id = rec->table[i].id;
			return true;
		}
		if (rec->table[i].func == NULL)
			return false;
	}
}

/* The gate: runs the host function for real and records the call. */
static enum wrr_status record_call(void *ctx, struct wrr_host_call *call)
{
	struct wrr_recorder *rec = ctx;
	uint32_t id;
	if (!lookup(rec, call->func, &id) &&
	    !find_import(rec, call->func, call->type, &id) &&
	    !define_func(rec, call->func, call->type, &id))
		return wrr_error_set(call->err, WRR_NOMEM,
				     "out of memory recording a host call");

	rec->memory = call->memory;
	rec->range_count = 0;
	rec->bytes.len = 0;
	rec->in_call = true;
	wrr_store_set_write_observer(call->store, &rec->observer);
	enum wrr_status st = wrr_host_call_direct(call);
	wrr_store_set_write_observer(call->store, NULL);
	rec->in_call = false;

	if (rec->bytes.failed) {
		note_problem(rec, "out of memory recording a host write");
		rec->bytes.failed = false;
		rec->range_count = 0;
	}
	if (rec->range_count > rec->writes_cap) {
		uint32_t cap = rec->range_count * 2;
		struct wrr_trace_write *w =
			realloc(rec->writes, cap * sizeof *w);
		if (w == NULL)
			return wrr_error_set(call->err, WRR_NOMEM,
					     "out of memory recording a "
					     "host call");
		rec->writes = w;
		rec->writes_cap = cap;
	}
	for (uint32_t i = 0; i < rec->range_count; i++)
		rec->writes[i] = (struct wrr_trace_write){
			rec->ranges[i].addr, rec->ranges[i].len,
			rec->bytes.data + rec->ranges[i].at};

	struct wrr_trace_event ev = {
		.kind = WRR_EVENT_CALL,
		.func_id = id,
		.func = &rec->funcs[id],
		.args = call->args,
		.results = call->results,
		.write_count = rec->range_count,
		.writes = rec->writes,
	};
	switch (st) {
	case WRR_OK:
		ev.status = WRR_CALL_OK;
		break;
	case WRR_EXIT:
		ev.status = WRR_CALL_EXIT;
		ev.exit_code = call->err->exit_code;
		break;
	case WRR_TRAP:
		ev.status = WRR_CALL_TRAP;
		break;
	default:
		ev.status = WRR_CALL_FAILED;
		ev.host_status = st;
		break;
	}
	if (st != WRR_OK && st != WRR_EXIT) {
		ev.message = call->err->message;
		ev.message_len = (uint32_t)strlen(call->err->message);
	}
	wrr_trace_write_call(rec->w, &ev);
	rec->calls++;
	if (st != WRR_OK)
		wrr_trace_writer_flush(rec->w);
	return st;
}

void wrr_recorder_finish(struct wrr_recorder *rec, enum wrr_status status,
			 int exit_status, const struct wrr_memory *memory,
			 uint64_t progress, const char *message)
{
	struct wrr_trace_end end = {
		.exit_status = exit_status,
		.duration_ns = now_ns() - rec->start_ns,
		.call_count = rec->calls,
		.message = message ? message : "",
	};
	switch (status) {
	case WRR_OK: end.reason = WRR_END_RETURNED; break;
	case WRR_EXIT: end.reason = WRR_END_EXIT; break;
	case WRR_TRAP: end.reason = WRR_END_TRAP; break;
	case WRR_EXHAUSTION: end.reason = WRR_END_EXHAUSTION; break;
	case WRR_FUEL: end.reason = WRR_END_FUEL; break;
	default: end.reason = WRR_END_ERROR; break;
	}
	end.message_len = (uint32_t)strlen(end.message);
	if (memory) {
		end.has_memory_hash = true;
		end.memory_hash = wrr_trace_memory_hash(memory);
	}
	if (progress != UINT64_MAX) {
		end.has_progress = true;
		end.progress = progress;
	}
	wrr_trace_write_end(rec->w, &end);
}

uint64_t wrr_recorder_calls(const struct wrr_recorder *rec)
{
	return rec->calls;
}

struct wrr_memory *wrr_recorder_memory(const struct wrr_recorder *rec)
{
	return rec->memory;
}

const char *wrr_recorder_problem(const struct wrr_recorder *rec)
{
	return rec->problem[0] ? rec->problem : NULL;
}

void wrr_recorder_free(struct wrr_recorder *rec)
{
	if (rec == NULL)
		return;
	for (uint32_t i = 0; i < rec->func_count; i++) {
		if (i < rec->header_funcs) {
			free((char *)rec->funcs[i].module_name);
			free((char *)rec->funcs[i].name);
		}
		free(rec->funcs[i].params);
		free(rec->funcs[i].results);
	}
	free(rec->funcs);
	free(rec->table);
	free(rec->ranges);
	free(rec->writes);
	wrr_bytebuf_free(&rec->bytes);
	free(rec);
}
