/*
 * wasi.h — the WASI preview1 host (`wasi_snapshot_preview1`, all 46
 * functions of the witx), over POSIX (Linux), sandboxed to preopened
 * directories.
 *
 * Two channels: a WASI errno is data returned to the guest (the i32
 * result); only proc_exit ends the run, with WRR_EXIT and err->exit_code.
 * Host functions touch guest memory only through the guest-memory API of
 * wrr.h (wrr_memory_read/wrr_memory_write), so the recorder sees every byte
 * they write; a guest pointer or length out of bounds is EFAULT, never a
 * host crash. All nondeterminism (time, randomness, files, sockets) enters
 * through these functions, so recording at the import-call gate captures it.
 *
 * Descriptors: guest fds 0-2 are the stdio fds of the config, 3.. the
 * preopened directories, then the listening sockets; new fds take the lowest
 * free number >= 3. Each carries WASI rights (base and inheriting); a
 * missing right is ENOTCAPABLE. A read-only preopen gives no right that
 * modifies anything, to it or to what is opened through it.
 *
 * Sandbox: every path is resolved beneath the directory fd it is relative
 * to (openat2 RESOLVE_BENEATH, or an equivalent component-by-component walk
 * on kernels without it) and the operation is done with an *at() call on
 * the resulting directory fd. `..` above the preopen, absolute paths and
 * symlinks leading out (absolute, or relative and chained) are ENOTCAPABLE
 * (wasmtime says EPERM or ENOTCAPABLE); symlink loops are ELOOP. Creating an
 * absolute symlink is EPERM (as wasmtime).
 *
 * The embedder should ignore SIGPIPE: fd_write to a closed pipe then
 * returns EPIPE to the guest (sockets use MSG_NOSIGNAL anyway).
 */
#ifndef WRR_WASI_H
#define WRR_WASI_H

#include <stdbool.h>
#include <stdint.h>

#include "wrr.h"

struct wrr_wasi_preopen {
	const char *host_path;  /* host directory to open */
	const char *guest_path; /* the name the guest sees (fd_prestat_dir_name) */
	bool read_only;         /* no write rights through this preopen */
};

struct wrr_wasi_config {
	int argc;             /* guest arguments, argv[0] first */
	char *const *argv;
	int envc;             /* "NAME=VALUE" strings */
	char *const *env;
	uint32_t preopen_count; /* given fds 3, 4, ... in this order */
	const struct wrr_wasi_preopen *preopens;
	uint32_t listen_count;  /* listening sockets after the preopens */
	const int *listen_fds;  /* host fds, already bound and listening
				 * (wasmtime --tcplisten); borrowed */
	int stdin_fd, stdout_fd, stderr_fd; /* host fds for guest fds 0-2;
					     * -1: absent (guest gets EBADF).
					     * Borrowed: never closed. */
};

struct wrr_wasi;

/* Creates a WASI context: copies cfg's strings (cfg may go away after the
 * call), opens the preopened directories (a missing one is an error naming
 * it) and adopts the stdio and listening fds (borrowed). Returns WRR_OK and
 * *out, or WRR_HOST with a one-line message (bad config, a directory that
 * cannot be opened), or WRR_NOMEM. Free with wrr_wasi_free. One context
 * serves one run; it holds no global state. */
enum wrr_status wrr_wasi_new(const struct wrr_wasi_config *cfg,
			     struct wrr_wasi **out, struct wrr_error *err);

/* Closes every fd the context opened (not the stdio/listen fds it was given)
 * and frees it. NULL is a no-op. */
void wrr_wasi_free(struct wrr_wasi *wasi);

/* Resolves module's imports for instantiation: for each import from
 * "wasi_snapshot_preview1", creates the host function in store (env = wasi)
 * and stores it in imports[i]. imports has wrr_module_import_count(module)
 * entries; entries of imports from other modules are left untouched (the
 * caller resolves or rejects them). An import that is not a known WASI
 * function, or whose type differs, is WRR_LINK naming it. Imports from
 * "wasi_unstable" (snapshot 0: a different ABI — filestat, whence, event
 * layouts differ) are WRR_LINK "not supported". wasi must outlive store's
 * use of the functions. */
enum wrr_status wrr_wasi_link(struct wrr_wasi *wasi, struct wrr_store *store,
			      const struct wrr_module *module,
			      struct wrr_extern *imports,
			      struct wrr_error *err);

/* Number of WASI functions (46) and the name of the i-th, e.g. "fd_write"
 * (static string; NULL when i is out of range), for traces and docs. */
uint32_t wrr_wasi_function_count(void);
const char *wrr_wasi_function_name(uint32_t i);

/* Added by H5 (tests, diagnostics): whether path resolution uses
 * openat2(RESOLVE_BENEATH) (default: when the kernel has it) or the portable
 * component-by-component walk. use=true without kernel support keeps the
 * walk. Both resolvers have the same semantics. */
void wrr_wasi_set_openat2(struct wrr_wasi *wasi, bool use);

#endif
