/*
 * cli.h — the `wrr` command line: subcommands and the shared run options.
 *
 * src/cli/main.c dispatches `wrr <command>` to one wrr_cmd_* function.
 * `wrr run` and `wrr record` take the same options (struct wrr_run_options,
 * parsed by wrr_run_options_parse); wrr_session_run loads, links and runs a
 * module with them, through a caller-chosen import-call gate (NULL: the
 * default gate, i.e. the real host) — the recorder passes its own.
 */
#ifndef WRR_CLI_H
#define WRR_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "wrr.h"

/* Exit statuses that follow conventions: wasmtime's for traps. */
enum {
	WRR_EXIT_ERROR = 1,      /* load / validation / link / usage error */
	WRR_EXIT_USAGE = 2,      /* bad command line */
	WRR_EXIT_TRAP = 134,     /* wasm trap (as wasmtime: 128 + SIGABRT) */
	WRR_EXIT_DIVERGENCE = 3, /* replay diverged from the trace */
};

struct wrr_dir_map {
	const char *host;  /* host directory */
	const char *guest; /* guest (preopen) name */
	bool read_only;
};

struct wrr_run_options {
	const char *module_path;
	int guest_argc;           /* argv[0] is the module path as given */
	char **guest_argv;
	uint32_t dir_count;
	struct wrr_dir_map *dirs;
	uint32_t env_count;
	char **env;               /* "NAME=VALUE", inherited values resolved */
	const char *invoke;       /* --invoke NAME, or NULL for _start */
	uint32_t tcplisten_count;
	const char **tcplisten;   /* --tcplisten ADDR */
	uint64_t fuel;            /* --fuel N; UINT64_MAX = unlimited */
	struct wrr_limits limits; /* --max-memory, --max-stack ... */
	const char *trace_path;   /* record only: -o TRACE */
	bool embed_module;        /* record only: false with --no-embed-module */
	bool compress;            /* record only: --compress */
};

/* Parses `[OPTIONS] MODULE [ARGS...]` into opts (heap parts freed by
 * wrr_run_options_free). `record` enables -o/--no-embed-module/--compress.
 * On a bad flag, prints a one-line error and returns false. */
bool wrr_run_options_parse(int argc, char **argv, bool record,
			   struct wrr_run_options *opts);
void wrr_run_options_free(struct wrr_run_options *opts);

/* Runs opts' module through gate (NULL = real host). Returns the process
 * exit status: the guest's proc_exit code, 0 when _start returns, 134 on a
 * trap (after printing "wasm trap: ..." and a backtrace), 1 on a load error.
 * *store_out, if not NULL, receives the store (caller frees) so that the
 * recorder can hash memory after the run. */
int wrr_session_run(const struct wrr_run_options *opts,
		    const struct wrr_gate *gate);

int wrr_cmd_run(int argc, char **argv);
int wrr_cmd_record(int argc, char **argv);
int wrr_cmd_replay(int argc, char **argv);
int wrr_cmd_dump(int argc, char **argv);
int wrr_cmd_info(int argc, char **argv);

#endif
