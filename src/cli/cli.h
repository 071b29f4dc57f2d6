/*
 * cli.h — the `wrr` command line: subcommands and the shared run options.
 *
 * src/cli/main.c dispatches `wrr <command>` to one wrr_cmd_* function.
 * `wrr run` and `wrr record` take the same options (struct wrr_run_options,
 * parsed by wrr_run_options_parse in options.c); wrr_session_run (session.c)
 * loads, links and runs a module with them, through a caller-chosen
 * import-call gate (NULL: the default gate, i.e. the real host) — the
 * recorder passes its own, and may observe the store through hooks.
 */
#ifndef WRR_CLI_H
#define WRR_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wrr.h"

/* Exit statuses that follow conventions: wasmtime's for traps. */
enum {
	WRR_EXIT_ERROR = 1,      /* load / validation / link / fuel error */
	WRR_EXIT_USAGE = 2,      /* bad command line */
	WRR_EXIT_TRAP = 134,     /* wasm trap (as wasmtime: 128 + SIGABRT) */
	WRR_EXIT_DIVERGENCE = 3, /* replay diverged from the trace */
};

/* One --dir / --dir-ro preopen. Strings point into argv (not owned). */
struct wrr_dir_map {
	const char *host;  /* host directory */
	const char *guest; /* guest (preopen) name */
	bool read_only;
};

/* Everything `wrr run` / `wrr record` take from the command line. Pointers
 * into argv are borrowed (argv must outlive opts); arrays (dirs, env,
 * tcplisten) and the "NAME=VALUE" strings made for inherited --env NAME are
 * owned by opts and freed by wrr_run_options_free. */
struct wrr_run_options {
	const char *module_path;
	int guest_argc;           /* argv[0] is the module path as given */
	char **guest_argv;        /* points into the caller's argv */
	uint32_t dir_count;
	struct wrr_dir_map *dirs;
	uint32_t env_count;
	char **env;               /* "NAME=VALUE", inherited values resolved */
	const char *invoke;       /* --invoke NAME, or NULL for _start */
	uint32_t tcplisten_count;
	const char **tcplisten;   /* --tcplisten HOST:PORT */
	uint64_t fuel;            /* --fuel N; UINT64_MAX = unlimited */
	struct wrr_limits limits; /* --max-memory, --max-stack ... */
	const char *trace_path;   /* record only: -o TRACE (NULL if not given) */
	bool embed_module;        /* record only: false with --no-embed-module */
	bool compress;            /* record only: --compress */
	bool help_shown;          /* parse returned false after -h/--help */
};

/* Parses `wrr CMD [OPTIONS] MODULE [ARGS...]` as handed to wrr_cmd_*:
 * argv[0] is the command name ("run" / "record") and is skipped. Options
 * stop at the module path or at `--`; the rest are guest arguments. Accepts
 * `--opt VALUE` and `--opt=VALUE`. `record` enables -o/--no-embed-module/
 * --compress. On success returns true (free with wrr_run_options_free).
 * Otherwise returns false with nothing left to free, after either printing
 * a one-line "wrr: error: ..." to stderr (bad flag, missing module: exit
 * WRR_EXIT_USAGE) or, for -h/--help, printing the command's help to stdout
 * and setting opts->help_shown (exit 0). */
bool wrr_run_options_parse(int argc, char **argv, bool record,
			   struct wrr_run_options *opts);
void wrr_run_options_free(struct wrr_run_options *opts);

/* Prints the option lines shared by `wrr run --help` and `wrr record
 * --help` (record: also -o/--no-embed-module/--compress) to f. */
void wrr_run_options_usage(FILE *f, bool record);

/* Optional observers of a session (all members may be NULL). */
struct wrr_session_hooks {
	void *ctx;
	/* Called once the store exists (limits, fuel and gate set) and the
	 * module is decoded and validated, before linking and instantiation:
	 * the place to install a write observer or note the module bytes
	 * (alive until the session ends). Returning non-WRR_OK (with err
	 * filled) aborts the session: the error is printed, exit status 1. */
	enum wrr_status (*started)(void *ctx, struct wrr_store *store,
				   const struct wrr_module *module,
				   const uint8_t *bytes, size_t size,
				   struct wrr_error *err);
	/* Called once the WASI context is set up (preopens opened, sockets
	 * listening) and every import is resolved, just before instantiation:
	 * the last moment before guest code can run (the start function, then
	 * the entry point). Not called when the set-up or linking failed.
	 * Returning non-WRR_OK (with err filled) aborts the session as
	 * `started` does. */
	enum wrr_status (*ready)(void *ctx, struct wrr_error *err);
	/* Called when the run ended, after diagnostics were printed and
	 * before the store is freed. status/err are those of the last call
	 * (instantiate, _initialize, _start or --invoke), instance is NULL if
	 * instantiation failed. Returns the exit status the session returns
	 * (exit_status is the one it would return otherwise). */
	int (*finished)(void *ctx, struct wrr_store *store,
			struct wrr_instance *instance, enum wrr_status status,
			const struct wrr_error *err, int exit_status);
};

/* Runs opts' module through gate (NULL = real host). Steps: read the file,
 * decode + validate, create the store with opts->limits and opts->fuel,
 * install gate, create the WASI context (stdio = fds 0-2, preopens from
 * --dir, listening sockets from --tcplisten), link, instantiate, then call
 * _start, or `_initialize` (if exported) and --invoke with the guest
 * arguments parsed as its parameters (results printed one per line).
 *
 * Returns the process exit status: the guest's proc_exit code (1 with a
 * message if it is outside 0..255, which a process status cannot carry);
 * 0 when _start (or the invoked function) returns; 134 on a trap or
 * call-stack exhaustion (after printing "wasm trap: ..." and a backtrace to
 * stderr);
 * 1 on a read / decode / validation / link / host error or when fuel runs
 * out (one "wrr: error: ..." line on stderr). */
int wrr_session_run(const struct wrr_run_options *opts,
		    const struct wrr_gate *gate);

/* wrr_session_run with hooks (may be NULL). */
int wrr_session_run_hooks(const struct wrr_run_options *opts,
			  const struct wrr_gate *gate,
			  const struct wrr_session_hooks *hooks);

/* Prints "wasm trap: <reason>" (or "call stack exhausted") and the Wasm
 * backtrace of store to stderr, one line per frame, innermost first (at
 * most 64, then "... N more frames"): "  #N: NAME (function IDX, code
 * offset 0xOFF)", NAME from the name section (legacy Rust symbols
 * demangled, "panic::main") or "func[IDX]". For replay's use too. */
void wrr_session_print_trap(struct wrr_store *store,
			    const struct wrr_module *module,
			    const struct wrr_error *err);

/* Prints "wasm backtrace:" and frames[0..n) to stderr, innermost first, in
 * wrr_session_print_trap's format, then "  ... N more frames" when total > n
 * (total: the frames there were, n: those kept). A frame's name comes from
 * its instance's module, or from module (may be NULL) when the frame has no
 * instance. Prints nothing when n is 0. frames is borrowed. `wrr replay`
 * prints the backtrace at a divergence with this. */
void wrr_session_print_backtrace(const struct wrr_module *module,
				 const struct wrr_frame_info *frames,
				 uint32_t n, uint32_t total);

/* Parses the --invoke argument s (NUL-terminated) as a value of type t into
 * *v, as `wrr run` and `wrr replay` read guest arguments: i32/i64 in the
 * signed or the unsigned range of the type (strtoull base 0: decimal, 0x
 * hex, 0 octal; optional sign), f32/f64 as strtof/strtod (all of s), "null"
 * for funcref/externref; v128 as SHAPE:LANE,... (the .wast lane form with
 * a colon and commas: i8x16, i16x8, i32x4, i64x2 lanes in the signed or
 * unsigned lane range, f32x4/f64x2 lanes as strtof/strtod; lane 0 first,
 * e.g. "i32x4:1,2,3,-1"), as 0x and 1 to 32 hex digits (the 128-bit value,
 * lane bytes little-endian) or as the unsigned decimal 128-bit value that
 * wrr_session_print_val prints. Returns false (*v then meaningless) when s
 * is not such a value. Clobbers errno. */
bool wrr_session_parse_val(const char *s, enum wrr_valtype t,
			   struct wrr_val *v);

/* Calls the entry point of inst as `wrr run` does: without invoke_name,
 * `_start` (which must take and return nothing); with it, `_initialize` (if
 * exported and not the invoked function itself) and then export
 * invoke_name with argv[1..argc) (argv[0] is the module path) parsed by
 * wrr_session_parse_val as its parameters, its results printed on stdout by
 * wrr_session_print_val. path names the module in messages. All pointers are
 * borrowed; err gets the error of the last call.
 *
 * *st is the status of the last call made (WRR_OK when none was made,
 * WRR_NOMEM when the argument arrays cannot be allocated). Returns -1 when
 * the entry point was called: the caller turns *st into the exit status
 * with wrr_session_outcome. Otherwise returns WRR_EXIT_ERROR after printing
 * one "wrr: error: ..." line (no such export, wrong `_start` type, wrong
 * argument count, an argument that does not parse, out of memory). */
int wrr_session_call_entry(struct wrr_store *store, struct wrr_instance *inst,
			   const char *path, const char *invoke_name,
			   uint32_t argc, const char *const *argv,
			   enum wrr_status *st, struct wrr_error *err);

/* What wrr_session_outcome needs to know about the run (all borrowed). */
struct wrr_session_end {
	struct wrr_store *store;         /* its backtrace, on a trap */
	const struct wrr_module *module; /* frame names, on a trap */
	const char *path;                /* the module path, in messages */
	uint64_t fuel;                   /* --fuel, in the out-of-fuel message */
};

/* Turns st, the status of the last call of a run (instantiate, _start,
 * _initialize or --invoke; err its error), into the process exit status
 * that wrr_session_run documents, printing the diagnostics it prints:
 * nothing for WRR_OK (0) or a proc_exit code in 0..255 (that code); a
 * "wrr: error: PATH: ..." line for an exit code outside 0..255, running out
 * of fuel, or any load, link or host error (1); wrr_session_print_trap for
 * a trap or call-stack exhaustion, after flushing stdout (134). */
int wrr_session_outcome(const struct wrr_session_end *end,
			enum wrr_status st, const struct wrr_error *err);

/* Prints one --invoke result to stdout on its own line, as wasmtime does:
 * i32/i64 signed decimal, floats as Rust's Display (shortest round-trip
 * digits, positional: "0.1", "1", "100000000000000000000", "NaN",
 * "-inf"), v128 as an unsigned 128-bit decimal, references as
 * "<funcref>"/"<null funcref>" (externref alike). `wrr replay` of an
 * --invoke trace prints its results with this too, so that run, record and
 * replay print the same. */
void wrr_session_print_val(const struct wrr_val *v);

/* Subcommands: argv[0] is the command name ("run", "record", ...). Each
 * returns the process exit status. */
int wrr_cmd_run(int argc, char **argv);
int wrr_cmd_record(int argc, char **argv);
int wrr_cmd_replay(int argc, char **argv);
int wrr_cmd_dump(int argc, char **argv);
int wrr_cmd_info(int argc, char **argv);

#endif
