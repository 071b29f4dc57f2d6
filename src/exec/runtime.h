/*
 * runtime.h — the runtime structures of the store (spec §4.2): functions,
 * tables, memories, globals, module instances and the execution state of the
 * interpreter. Internal to src/exec (and readable by tests); the public API
 * only sees opaque pointers.
 *
 * Ownership: the store owns everything. Tables, memories, globals, host
 * functions and instances sit on singly linked lists of the store and are
 * freed by wrr_store_free. A module instance owns the array of its defined
 * functions (struct wrr_func) and its per-instance segment state.
 */
#ifndef WRR_EXEC_RUNTIME_H
#define WRR_EXEC_RUNTIME_H

#include "exec/lazy.h"
#include "module.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "wrr assumes a little-endian host (guest memory is accessed directly)"
#endif

#define WRR_PAGE_SIZE 65536u
#define WRR_MAX_PAGES 65536u /* 4 GiB, the 32-bit address space */

/* Nested wrr_func_call from host functions (re-entrancy) uses the C stack:
 * this bounds it. Exceeding it is WRR_EXHAUSTION. */
#define WRR_MAX_HOST_NESTING 64

/* A function instance (spec §4.2.6): Wasm code in an instance, or a host
 * function with its names and environment. */
struct wrr_func {
	const struct wrr_functype *type; /* interned in the store */
	uint32_t type_id;                /* interned id: equal ids, equal types */
	uint32_t param_slots;            /* value-stack slots of the params */
	uint32_t result_slots;           /* ... and of the results */
	bool is_host;
	/* Wasm function */
	struct wrr_instance *instance;
	uint32_t func_index;             /* in its module's function space */
	const struct wrr_func_body *body;
	/* host function */
	wrr_host_fn fn;
	void *env;
	char *module_name;
	char *name;
	struct wrr_func *next;           /* store list (host functions only) */
};

/* A table instance (spec §4.2.7): references as 64-bit slots, 0 = null. */
struct wrr_table {
	struct wrr_store *store;
	enum wrr_valtype elem_type;
	uint32_t size;
	uint32_t max;      /* declared max, or UINT32_MAX */
	bool has_max;
	uint32_t capacity; /* allocated elements */
	uint64_t *elems;
	struct wrr_table *next;
};

/* A memory instance (spec §4.2.8). The whole reachable range (max pages,
 * capped by the store limit) is reserved once with PROT_NONE, so `data`
 * never moves; growing makes more of it readable and writable. */
struct wrr_memory {
	struct wrr_store *store;
	uint8_t *data;
	uint64_t size;          /* bytes = pages * 64 KiB */
	uint32_t pages;
	uint32_t max;           /* declared max pages, or UINT32_MAX */
	bool has_max;
	uint32_t reserved_pages; /* pages the reservation can hold */
	size_t reserved_bytes;  /* the mmap length */
	struct wrr_memory *next;
};

/* A global instance (spec §4.2.9). */
struct wrr_global {
	struct wrr_global_type type;
	uint64_t val[2]; /* one slot, or two for v128 */
	struct wrr_global *next;
};

/* A module instance (spec §4.2.5) plus the state of its segments. */
struct wrr_instance {
	struct wrr_store *store;
	const struct wrr_module *module;
	uint32_t *type_ids;          /* module type index → interned id */
	struct wrr_func **funcs;     /* function index space */
	struct wrr_func *defined;    /* this instance's Wasm functions */
	struct wrr_table **tables;
	struct wrr_memory **memories;
	struct wrr_global **globals;
	/* Element segments, evaluated: elem_sizes[i] refs at elem_refs[i]
	 * (elem.drop sets the size to 0). */
	uint32_t *elem_sizes;
	uint64_t **elem_refs;
	/* Data segments: data_sizes[i] is 0 once dropped. */
	uint32_t *data_sizes;
	struct wrr_instance *next;
};

/* A call frame of the interpreter. While the frame is not running, pc is the
 * instruction it stopped at: for a caller, its CALL / CALL_INDIRECT; for the
 * innermost frame after a trap or WRR_FUEL, the instruction that trapped or
 * will run next. */
struct wrr_frame {
	const union wrr_code *pc;
	uint64_t *fp;
	struct wrr_func *func;
};

/* An interned function type with its own copies of the arrays. */
struct wrr_interned_type {
	struct wrr_functype type;
	uint64_t hash;
};

struct wrr_store {
	struct wrr_limits limits;

	/* interned function types: ids index `types` */
	struct wrr_interned_type **types;
	uint32_t type_count;
	uint32_t type_capacity;
	uint32_t *type_slots; /* open-addressing hash: id + 1, 0 = empty */
	uint32_t type_slot_count;

	struct wrr_func *host_funcs;
	struct wrr_table *tables;
	struct wrr_memory *memories;
	struct wrr_global *globals;
	struct wrr_instance *instances;

	struct wrr_gate gate;
	bool has_gate;
	struct wrr_write_observer observer;
	bool has_observer;

	/* execution state */
	uint64_t fuel;
	bool fuel_unlimited;
	uint64_t progress;
	uint64_t *stack;        /* limits.max_stack_slots slots */
	uint64_t *stack_end;
	uint64_t *sp;           /* top of the value stack when not running */
	struct wrr_frame *frames; /* limits.max_call_depth frames */
	uint32_t depth;         /* frames in use (also after a trap/fuel) */
	uint32_t nesting;       /* wrr_func_call activations on the C stack */

	/* A call suspended by WRR_FUEL at the outermost level. */
	bool resumable;
	struct wrr_func *resume_func;
	uint64_t *resume_base;  /* where its results will be */
};

/* ---- store.c */

/* Interns a function type in store; *id receives its id. Types are equal
 * (spec §4.5.3 / §3.2.1, structural) iff their ids are equal. Returns false
 * on out of memory. */
bool wrr_store_intern_type(struct wrr_store *store,
			   const struct wrr_functype *type, uint32_t *id);

/* ---- memory.c, table.c, global.c: internal constructors (store-owned). */

struct wrr_memory *wrr_memory_create(struct wrr_store *store, uint32_t min,
				     uint32_t max, bool has_max);
void wrr_memory_destroy(struct wrr_memory *memory);
/* memory.grow (spec §4.4.7): returns the old size in pages, or -1 when the
 * new size exceeds the declared max, the store limit or 4 GiB. */
int32_t wrr_memory_grow(struct wrr_memory *memory, uint32_t delta);

struct wrr_table *wrr_table_create(struct wrr_store *store,
				   enum wrr_valtype elem_type, uint32_t min,
				   uint32_t max, bool has_max);
void wrr_table_destroy(struct wrr_table *table);
/* table.grow (spec §4.4.6): returns the old size, or -1. */
int32_t wrr_table_grow(struct wrr_table *table, uint32_t delta,
		       uint64_t init);

struct wrr_global *wrr_global_create(struct wrr_store *store,
				     const struct wrr_global_type *type,
				     const uint64_t val[2]);

/* Slots taken by the parameters and results of a type. */
uint32_t wrr_types_slots(const enum wrr_valtype *types, uint32_t count);

/* ---- value.c: a value's slots (1, or 2 for v128) and back. */
void wrr_val_to_slots(const struct wrr_val *v, uint64_t *slots);
void wrr_val_from_slots(enum wrr_valtype type, const uint64_t *slots,
			struct wrr_val *out);

/* ---- host.c */

/* Calls a host function through the store's gate. args/results as in
 * struct wrr_host_call. caller is the calling instance (NULL from C). */
enum wrr_status wrr_host_invoke(struct wrr_store *store, struct wrr_func *func,
				struct wrr_instance *caller,
				const uint64_t *args, uint64_t *results,
				struct wrr_error *err);

/* ---- interp.c */

/* Runs the interpreter from the innermost frame (store->frames[depth - 1],
 * with store->sp) until the frame at index base_depth returns. On WRR_OK
 * the results are at that frame's fp. *fuel_stop is set when the run stopped
 * because fuel ran out (not a status propagated from a host call). */
enum wrr_status wrr_interp_run(struct wrr_store *store, uint32_t base_depth,
			       bool *fuel_stop, struct wrr_error *err);

/* Pushes a frame for Wasm function func whose arguments are the top
 * param_slots of the value stack at sp; zeroes its locals; lowers its code
 * first if it was not yet (wrr_func_ensure_lowered). Returns WRR_EXHAUSTION
 * (sets err) when the frame array or value stack is full, or the error of
 * lowering. */
enum wrr_status wrr_frame_push(struct wrr_store *store, struct wrr_func *func,
			       uint64_t *sp, struct wrr_error *err);

/* ---- lazy.c: a Wasm function's code is lowered on its first call
 * (exec/lazy.h). WRR_OK when func's body->code.code is ready to run; else
 * WRR_NOMEM or WRR_HOST with err set. Cheap when already lowered. */
static inline enum wrr_status
wrr_func_ensure_lowered(const struct wrr_func *func, struct wrr_error *err)
{
	if (wrr_code_ready(&func->body->code))
		return WRR_OK;
	return wrr_func_body_ensure_lowered(func->instance->module,
					    func->func_index, err);
}

/* Fills err's place (function index, code offset, absolute offset) from a
 * frame's pc, if not already set. */
void wrr_error_place(struct wrr_error *err, const struct wrr_frame *frame);

#endif
