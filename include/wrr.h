/*
 * wrr.h — the public API of libwrr, a WebAssembly 2.0 engine built for
 * deterministic record and replay.
 *
 * Pipeline: wrr_module_decode (binary format, spec §5) → wrr_module_validate
 * (validation, spec §3; also lowers every function body to internal code) →
 * wrr_instantiate (spec §4.5.4) → wrr_func_call (execution, spec §4.4).
 *
 * Ownership: a module is owned by its creator and must outlive every instance
 * made from it. A store owns every runtime object created in it (instances,
 * functions, tables, memories, globals); they live until wrr_store_free. No
 * function of this library keeps global mutable state: two stores in one
 * process never interfere.
 */
#ifndef WRR_H
#define WRR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WRR_VERSION "0.1.0"

/* ---------------------------------------------------------------- errors */

/* Status of every fallible call. Kinds follow the spec interpreter's
 * (Decode → MALFORMED, Valid → INVALID, Link, Trap, Exhaustion). */
enum wrr_status {
	WRR_OK = 0,
	WRR_MALFORMED,  /* binary format violation (spec §5) */
	WRR_INVALID,    /* validation failure (spec §3) */
	WRR_LINK,       /* import does not match (spec §4.5.4 step 3-4) */
	WRR_TRAP,       /* runtime trap (spec §4.4), see enum wrr_trap */
	WRR_EXHAUSTION, /* call stack exhausted (configured depth or value stack) */
	WRR_EXIT,       /* host asked to end the run (WASI proc_exit) */
	WRR_FUEL,       /* fuel/step budget ran out; the run can be resumed */
	WRR_NOMEM,      /* the host could not allocate */
	WRR_HOST,       /* host-side failure (I/O, divergence...), see message */
};

/* Trap reasons, spec §4.4 ("trap" in each instruction's semantics). */
enum wrr_trap {
	WRR_TRAP_NONE = 0,
	WRR_TRAP_UNREACHABLE,
	WRR_TRAP_INT_DIV_ZERO,
	WRR_TRAP_INT_OVERFLOW,
	WRR_TRAP_INVALID_CONVERSION,
	WRR_TRAP_MEMORY_OOB,
	WRR_TRAP_TABLE_OOB,
	WRR_TRAP_UNDEFINED_ELEMENT,
	WRR_TRAP_UNINITIALIZED_ELEMENT,
	WRR_TRAP_INDIRECT_CALL_TYPE,
	WRR_TRAP_HOST, /* a host function trapped; message says why */
};

/* A diagnostic with a place. Caller-owned; the first error wins (a filled
 * error is not overwritten). Fields that do not apply are UINT32_MAX /
 * UINT64_MAX / empty. */
struct wrr_error {
	enum wrr_status status;
	enum wrr_trap trap;
	uint64_t offset;      /* byte offset in the module binary */
	uint32_t section_id;  /* binary section id (0-12), UINT32_MAX if none */
	uint32_t func_index;  /* function index in the module's function space */
	uint32_t code_offset; /* byte offset within that function's body */
	int32_t exit_code;    /* with WRR_EXIT: the guest's exit code */
	char message[512];    /* one line, no trailing newline */
};

/* Empties an error so it can receive a new one. */
void wrr_error_clear(struct wrr_error *err);

/* "malformed", "invalid", "link", "trap", ... for a status. Static string. */
const char *wrr_status_name(enum wrr_status status);

/* Spec wording of a trap, e.g. "integer divide by zero". Static string. */
const char *wrr_trap_message(enum wrr_trap trap);

/* Formats err as one line: "<kind>: <message> (section S, offset 0xN,
 * function F, code offset 0xC)", only the places that apply. Returns buf. */
char *wrr_error_format(const struct wrr_error *err, char *buf, size_t size);

/* ----------------------------------------------------------------- types */

/* Value types, with their binary encodings (spec §5.3.1). */
enum wrr_valtype {
	WRR_I32 = 0x7f,
	WRR_I64 = 0x7e,
	WRR_F32 = 0x7d,
	WRR_F64 = 0x7c,
	WRR_V128 = 0x7b,
	WRR_FUNCREF = 0x70,
	WRR_EXTERNREF = 0x6f,
};

/* A value crossing the C API. References: 0 is null; a funcref is a
 * struct wrr_func pointer cast to uintptr_t; an externref is an opaque host
 * value (the host chooses; the spec runner uses N+1 for "ref.extern N"). */
struct wrr_val {
	enum wrr_valtype type;
	union {
		int32_t i32;
		int64_t i64;
		float f32;
		double f64;
		uint64_t ref;
		uint8_t v128[16];
	} of;
};

/* A function type (spec §2.3.5). Arrays are owned by whoever owns the type
 * (the module, or the host that built it and keeps it alive). */
struct wrr_functype {
	uint32_t param_count;
	uint32_t result_count;
	const enum wrr_valtype *params;
	const enum wrr_valtype *results;
};

enum wrr_extern_kind {
	WRR_EXTERN_FUNC = 0,
	WRR_EXTERN_TABLE = 1,
	WRR_EXTERN_MEMORY = 2,
	WRR_EXTERN_GLOBAL = 3,
};

struct wrr_func;
struct wrr_table;
struct wrr_memory;
struct wrr_global;
struct wrr_module;
struct wrr_instance;
struct wrr_store;

/* An external value (spec §4.2.11). Does not own its object. */
struct wrr_extern {
	enum wrr_extern_kind kind;
	union {
		struct wrr_func *func;
		struct wrr_table *table;
		struct wrr_memory *memory;
		struct wrr_global *global;
	} of;
};

/* --------------------------------------------------------------- modules */

/* Decodes a module from the binary format (spec §5). bytes must stay alive
 * and unchanged as long as the module lives (the module points into them).
 * On success *out is a new module owned by the caller (wrr_module_free).
 * Errors: WRR_MALFORMED with section and byte offset; WRR_NOMEM. */
enum wrr_status wrr_module_decode(const uint8_t *bytes, size_t size,
				  struct wrr_module **out,
				  struct wrr_error *err);

/* Validates a decoded module (spec §3.4) and lowers each function body to
 * internal code. Must succeed before instantiation. Errors: WRR_INVALID with
 * function index and code offset where they apply. Idempotent. */
enum wrr_status wrr_module_validate(struct wrr_module *module,
				    struct wrr_error *err);

/* Frees a module. The caller must first free every store that instantiated
 * it. NULL is a no-op. */
void wrr_module_free(struct wrr_module *module);

/* Import and export descriptions of a module, for linkers. Strings are owned
 * by the module and are not NUL-terminated: use the lengths. */
struct wrr_import_desc {
	const char *module_name;
	uint32_t module_name_len;
	const char *name;
	uint32_t name_len;
	enum wrr_extern_kind kind;
	const struct wrr_functype *functype; /* with WRR_EXTERN_FUNC */
};

uint32_t wrr_module_import_count(const struct wrr_module *module);
void wrr_module_import(const struct wrr_module *module, uint32_t index,
		       struct wrr_import_desc *out);
uint32_t wrr_module_export_count(const struct wrr_module *module);
/* Name of export `index`; *len gets its length. */
const char *wrr_module_export_name(const struct wrr_module *module,
				   uint32_t index, uint32_t *len);
/* The function name from the `name` custom section, or NULL. */
const char *wrr_module_func_name(const struct wrr_module *module,
				 uint32_t func_index, uint32_t *len);

/* ---------------------------------------------------------------- stores */

/* Limits that shape behaviour; fixed for a run (and pinned in a trace). */
struct wrr_limits {
	uint32_t max_call_depth;     /* frames; exceeding it is WRR_EXHAUSTION */
	uint32_t max_stack_slots;    /* 64-bit value-stack slots */
	uint32_t max_memory_pages;   /* memory.grow beyond fails (-1) */
	uint32_t max_table_elements; /* table.grow beyond fails (-1) */
};

/* Defaults: depth 10000, 1M slots (8 MiB), 65536 pages, 10M elements. */
void wrr_limits_default(struct wrr_limits *limits);

/* Creates an empty store. limits may be NULL for the defaults. Returns NULL
 * when out of memory. Free with wrr_store_free. */
struct wrr_store *wrr_store_new(const struct wrr_limits *limits);

/* Frees a store and every runtime object in it. NULL is a no-op. */
void wrr_store_free(struct wrr_store *store);

/* ----------------------------------------------------------- host calls */

/* Everything a host function sees. Arguments and results are 64-bit slots
 * in the order of the function type (a v128 takes two slots, low half
 * first); i32/f32 occupy the low 32 bits of their slot; references are as
 * in struct wrr_val. */
struct wrr_host_call {
	struct wrr_store *store;
	struct wrr_func *func;            /* the host function being called */
	const struct wrr_functype *type;  /* its type */
	struct wrr_instance *caller;      /* calling instance, NULL from C */
	struct wrr_memory *memory;        /* caller's memory 0, or NULL */
	void *env;                        /* from wrr_func_new_host */
	const uint64_t *args;
	uint64_t *results;
	struct wrr_error *err;            /* set it when not returning WRR_OK */
};

/* A host function. Return WRR_OK after filling call->results, or a status
 * (WRR_TRAP with err->trap = WRR_TRAP_HOST, WRR_EXIT with err->exit_code,
 * WRR_HOST) that ends the run. */
typedef enum wrr_status (*wrr_host_fn)(struct wrr_host_call *call);

/* The import-call gate: every call from Wasm (or C) to a host function goes
 * through store's gate. The default gate calls func's wrr_host_fn. Record
 * and replay install their own: they see the function, its names, the
 * arguments and the results, and may not call the host at all (replay). */
struct wrr_gate {
	enum wrr_status (*call)(void *ctx, struct wrr_host_call *call);
	void *ctx;
};

/* Installs a gate (NULL restores the default). The gate's ctx is borrowed. */
void wrr_store_set_gate(struct wrr_store *store, const struct wrr_gate *gate);

/* Calls func's own host implementation (what the default gate does). */
enum wrr_status wrr_host_call_direct(struct wrr_host_call *call);

/* Creates a host function in store. type is copied. module_name/name are
 * copied and identify the function in traces and diagnostics. env is
 * borrowed and passed to fn. Returns NULL when out of memory. */
struct wrr_func *wrr_func_new_host(struct wrr_store *store,
				   const struct wrr_functype *type,
				   const char *module_name, const char *name,
				   wrr_host_fn fn, void *env);

/* Names given to wrr_func_new_host (NULL, NULL for a Wasm function). */
void wrr_func_host_names(const struct wrr_func *func, const char **module_name,
			 const char **name);

const struct wrr_functype *wrr_func_type(const struct wrr_func *func);

/* ------------------------------------------------------ guest memory API */

/* A guest (linear-memory) address: a distinct type from host pointers. */
typedef struct {
	uint32_t addr;
} wrr_gptr;

static inline wrr_gptr wrr_gptr_at(uint32_t addr)
{
	return (wrr_gptr){addr};
}

/* Observer of host writes into guest memory (the recorder's hook). Called
 * after each successful wrr_memory_write with the bytes written. */
struct wrr_write_observer {
	void (*wrote)(void *ctx, struct wrr_memory *memory, wrr_gptr at,
		      const void *bytes, uint32_t len);
	void *ctx;
};

/* Current size of memory in bytes. */
uint64_t wrr_memory_size(const struct wrr_memory *memory);

/* Copies len bytes at guest address `at` into dst. Returns false (and copies
 * nothing) if [at, at+len) is out of bounds. */
bool wrr_memory_read(const struct wrr_memory *memory, wrr_gptr at, void *dst,
		     uint32_t len);

/* Copies len bytes from src to guest address `at`; notifies the observer.
 * Returns false (writes nothing) if [at, at+len) is out of bounds. */
bool wrr_memory_write(struct wrr_memory *memory, wrr_gptr at,
		      const void *src, uint32_t len);

/* Little-endian scalar helpers over wrr_memory_read/write. */
bool wrr_memory_read_u32(const struct wrr_memory *memory, wrr_gptr at,
			 uint32_t *out);
bool wrr_memory_read_u64(const struct wrr_memory *memory, wrr_gptr at,
			 uint64_t *out);
bool wrr_memory_write_u32(struct wrr_memory *memory, wrr_gptr at,
			  uint32_t value);
bool wrr_memory_write_u64(struct wrr_memory *memory, wrr_gptr at,
			  uint64_t value);

/* Installs (or with NULL removes) the write observer of a store's memories. */
void wrr_store_set_write_observer(struct wrr_store *store,
				  const struct wrr_write_observer *observer);

/* SHA-256-free hash of the whole memory contents (FNV-1a 64), for tests
 * comparing final memory between record and replay. */
uint64_t wrr_memory_hash(const struct wrr_memory *memory);

/* ------------------------------------------------------- instantiation */

/* Instantiates module in store (spec §4.5.4): imports[i] provides the i-th
 * import in module order; count must equal the import count. Runs the start
 * function. On success *out is the instance (owned by store). Errors:
 * WRR_LINK naming the import ("module"."name") and the mismatch; WRR_TRAP
 * from element/data initialisation or the start function; WRR_EXHAUSTION. The
 * module must have been validated. */
enum wrr_status wrr_instantiate(struct wrr_store *store,
				struct wrr_module *module,
				const struct wrr_extern *imports, uint32_t count,
				struct wrr_instance **out,
				struct wrr_error *err);

/* Looks up an export by name (len bytes). Returns false if absent. */
bool wrr_instance_export(const struct wrr_instance *instance, const char *name,
			 uint32_t len, struct wrr_extern *out);

/* The instance's memory 0, or NULL. */
struct wrr_memory *wrr_instance_memory(const struct wrr_instance *instance);

const struct wrr_module *wrr_instance_module(const struct wrr_instance *inst);

/* Creates standalone objects (for host modules such as "spectest"). */
struct wrr_global *wrr_global_new(struct wrr_store *store,
				  const struct wrr_val *init, bool mutable_);
struct wrr_table *wrr_table_new(struct wrr_store *store,
				enum wrr_valtype elem_type, uint32_t min,
				uint32_t max, bool has_max);
struct wrr_memory *wrr_memory_new(struct wrr_store *store, uint32_t min_pages,
				  uint32_t max_pages, bool has_max);

/* Reads a global's value. */
void wrr_global_get(const struct wrr_global *global, struct wrr_val *out);

/* ------------------------------------------------------------- execution */

/* Calls func with args (types must match its type; checked) and writes
 * result_count results. Runs until the function returns, traps, the host
 * ends the run, or fuel runs out (WRR_FUEL; see wrr_store_resume). On a
 * trap, err names the trap, the function index and code offset. */
enum wrr_status wrr_func_call(struct wrr_store *store, struct wrr_func *func,
			      const struct wrr_val *args, uint32_t arg_count,
			      struct wrr_val *results, uint32_t result_count,
			      struct wrr_error *err);

/* Fuel: the number of internal instructions the store may still execute
 * (UINT64_MAX, the default, is unlimited). When it reaches zero the running
 * call returns WRR_FUEL and keeps its state. */
void wrr_store_set_fuel(struct wrr_store *store, uint64_t fuel);
uint64_t wrr_store_fuel(const struct wrr_store *store);

/* Resumes a call that returned WRR_FUEL; same results contract. */
enum wrr_status wrr_store_resume(struct wrr_store *store,
				 struct wrr_val *results, uint32_t result_count,
				 struct wrr_error *err);

/* The progress counter: internal instructions retired in this store since
 * creation (each lowered instruction counts one; lowering is deterministic,
 * so the count is a deterministic time axis for a given module and wrr
 * version). */
uint64_t wrr_store_progress(const struct wrr_store *store);

/* One frame of a Wasm backtrace, innermost first. */
struct wrr_frame_info {
	const struct wrr_instance *instance;
	uint32_t func_index;
	uint32_t code_offset; /* byte offset within the function body */
};

/* The Wasm call stack, innermost first: while a host function runs, the
 * frames that led to it; after a call returned WRR_TRAP/WRR_EXIT/
 * WRR_EXHAUSTION/WRR_FUEL, the frames at that moment. Returns the number of
 * frames written to out (at most max); *total gets the full depth. */
uint32_t wrr_store_backtrace(const struct wrr_store *store,
			     struct wrr_frame_info *out, uint32_t max,
			     uint32_t *total);

#endif
