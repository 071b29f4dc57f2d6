/*
 * functions.h — the single list of wasi_snapshot_preview1 functions: name,
 * core-Wasm signature and C implementation. wrr_wasi_link looks imports up
 * in it, wrr_wasi_function_count/name read it, and the prototypes of the
 * implementations are generated from it. Order: as in the witx document
 * (wasi_snapshot_preview1.witx).
 *
 * X(name, params, results): params/results are strings with one letter per
 * core value: 'i' = i32, 'I' = i64. The implementation of `name` is
 * wrr_wasi_<name> (a wrr_host_fn, env = struct wrr_wasi *).
 */
#ifndef WRR_WASI_FUNCTIONS_H
#define WRR_WASI_FUNCTIONS_H

#include "wrr.h"

#define WRR_WASI_FUNCTIONS(X)                        \
	X(args_get, "ii", "i")                       \
	X(args_sizes_get, "ii", "i")                 \
	X(environ_get, "ii", "i")                    \
	X(environ_sizes_get, "ii", "i")              \
	X(clock_res_get, "ii", "i")                  \
	X(clock_time_get, "iIi", "i")                \
	X(fd_advise, "iIIi", "i")                    \
	X(fd_allocate, "iII", "i")                   \
	X(fd_close, "i", "i")                        \
	X(fd_datasync, "i", "i")                     \
	X(fd_fdstat_get, "ii", "i")                  \
	X(fd_fdstat_set_flags, "ii", "i")            \
	X(fd_fdstat_set_rights, "iII", "i")          \
	X(fd_filestat_get, "ii", "i")                \
	X(fd_filestat_set_size, "iI", "i")           \
	X(fd_filestat_set_times, "iIIi", "i")        \
	X(fd_pread, "iiiIi", "i")                    \
	X(fd_prestat_get, "ii", "i")                 \
	X(fd_prestat_dir_name, "iii", "i")           \
	X(fd_pwrite, "iiiIi", "i")                   \
	X(fd_read, "iiii", "i")                      \
	X(fd_readdir, "iiiIi", "i")                  \
	X(fd_renumber, "ii", "i")                    \
	X(fd_seek, "iIii", "i")                      \
	X(fd_sync, "i", "i")                         \
	X(fd_tell, "ii", "i")                        \
	X(fd_write, "iiii", "i")                     \
	X(path_create_directory, "iii", "i")         \
	X(path_filestat_get, "iiiii", "i")           \
	X(path_filestat_set_times, "iiiiIIi", "i")   \
	X(path_link, "iiiiiii", "i")                 \
	X(path_open, "iiiiiIIii", "i")               \
	X(path_readlink, "iiiiii", "i")              \
	X(path_remove_directory, "iii", "i")         \
	X(path_rename, "iiiiii", "i")                \
	X(path_symlink, "iiiii", "i")                \
	X(path_unlink_file, "iii", "i")              \
	X(poll_oneoff, "iiii", "i")                  \
	X(proc_exit, "i", "")                        \
	X(proc_raise, "i", "i")                      \
	X(sched_yield, "", "i")                      \
	X(random_get, "ii", "i")                     \
	X(sock_accept, "iii", "i")                   \
	X(sock_recv, "iiiiii", "i")                  \
	X(sock_send, "iiiii", "i")                   \
	X(sock_shutdown, "ii", "i")

#define WRR_WASI_DECLARE(name, params, results) \
	enum wrr_status wrr_wasi_##name(struct wrr_host_call *call);
WRR_WASI_FUNCTIONS(WRR_WASI_DECLARE)
#undef WRR_WASI_DECLARE

/* One row of the table, for lookups. */
struct wrr_wasi_function {
	const char *name;
	const char *params;  /* 'i' i32, 'I' i64 per parameter */
	const char *results;
	wrr_host_fn fn;
};

/* The table (functions.c): wrr_wasi_function_count() rows. */
const struct wrr_wasi_function *wrr_wasi_function_at(uint32_t i);

/* Finds a function by name (len bytes, not NUL-terminated), or NULL. */
const struct wrr_wasi_function *wrr_wasi_function_find(const char *name,
						       uint32_t len);

#endif
