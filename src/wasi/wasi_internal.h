/*
 * wasi_internal.h — what the files of src/wasi share: the WASI context
 * (struct wrr_wasi), its descriptor table, the sandboxed path resolver,
 * host-errno translation and the guest-memory helpers built on wrr.h's
 * guest-memory API. Not part of the public API.
 *
 * Every host function returns its WASI errno as data in call->results[0]
 * (wrr_wasi_ret) and WRR_OK; only proc_exit returns another status
 * (WRR_EXIT). All state lives in struct wrr_wasi, the env of each function.
 */
#ifndef WRR_WASI_INTERNAL_H
#define WRR_WASI_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include "wrr.h"
#include "wasi/wasi.h"
#include "wasi/wasi_abi.h"

/* Longest guest path accepted (bytes, without NUL); longer is ENAMETOOLONG
 * as on Linux (PATH_MAX counts the NUL). */
#define WRR_WASI_PATH_MAX 4095
/* Longest single path component (NAME_MAX). */
#define WRR_WASI_NAME_MAX 255
/* Symlinks followed during one resolution before ELOOP (Linux: 40). */
#define WRR_WASI_SYMLOOP_MAX 40
/* Highest number of guest descriptors (table slots). */
#define WRR_WASI_FD_MAX 65536
/* Most directory entries whose readdir cookie the host remembers. */
#define WRR_WASI_DIR_ENTRIES_MAX (1u << 22)
/* Host-side bounce buffer for guest I/O, bytes. */
#define WRR_WASI_SCRATCH 65536

/* One guest descriptor. */
struct wrr_wasi_fd {
	int host_fd;            /* -1: the slot is free */
	bool owned;             /* the context closes host_fd */
	bool read_only;         /* reached through a read-only preopen */
	uint8_t filetype;       /* enum wasi_filetype */
	uint16_t sync_flags;    /* DSYNC/RSYNC/SYNC fdflags asked at open */
	uint64_t rights_base;
	uint64_t rights_inheriting;
	char *preopen_name;     /* guest name of a preopened dir, else NULL */
	uint32_t preopen_name_len;
	/* fd_readdir cookies (wasi_readdir.c): dir_pos[i] is the host
	 * directory position (getdents64 d_off) after entry i+1 of the
	 * enumeration; WASI cookie c = "after c entries". */
	uint64_t *dir_pos;
	uint32_t dir_count, dir_cap;
};

struct wrr_wasi {
	uint32_t argc;
	uint32_t args_size;     /* bytes of args_buf (NUL-terminated strings) */
	char *args_buf;
	uint32_t envc;
	uint32_t env_size;
	char *env_buf;
	struct wrr_wasi_fd *fds;
	uint32_t fd_cap;        /* slots in fds */
	bool use_openat2;       /* the kernel has openat2 (probed at creation) */
	uint8_t *scratch;       /* WRR_WASI_SCRATCH bytes */
};

/* ------------------------------------------------------------ host calls */

/* Argument i of a host call as u32 / u64 (i32 args live in the low half). */
static inline uint32_t wrr_wasi_arg32(const struct wrr_host_call *call, int i)
{
	return (uint32_t)call->args[i];
}

static inline uint64_t wrr_wasi_arg64(const struct wrr_host_call *call, int i)
{
	return call->args[i];
}

/* Stores WASI errno e as the function's i32 result; returns WRR_OK. */
static inline enum wrr_status wrr_wasi_ret(struct wrr_host_call *call,
					   uint16_t e)
{
	call->results[0] = e;
	return WRR_OK;
}

/* --------------------------------------------------------- errno (errno.c) */

/* WASI errno for a host errno value (positive). Unknown values map to EIO. */
uint16_t wrr_wasi_errno_from_host(int host_errno);

/* ---------------------------------------------------- guest memory (guest.c) */

/* True when [addr, addr+len) lies inside memory (NULL memory: nothing does). */
bool wrr_wasi_mem_ok(const struct wrr_memory *memory, uint32_t addr,
		     uint64_t len);

/* Writes len bytes to the guest at addr: 0 or WASI_EFAULT. */
uint16_t wrr_wasi_mem_write(struct wrr_memory *memory, uint32_t addr,
			    const void *src, uint32_t len);
uint16_t wrr_wasi_mem_write_u32(struct wrr_memory *memory, uint32_t addr,
				uint32_t value);
uint16_t wrr_wasi_mem_write_u64(struct wrr_memory *memory, uint32_t addr,
				uint64_t value);

/* Copies the guest string [ptr, ptr+len) into out (size >= WRR_WASI_PATH_MAX
 * + 1) as a NUL-terminated path. Errors: EFAULT out of bounds, ENAMETOOLONG
 * longer than WRR_WASI_PATH_MAX, EINVAL a NUL byte inside, EILSEQ not UTF-8
 * (WASI paths are strings). */
uint16_t wrr_wasi_read_path(const struct wrr_memory *memory, uint32_t ptr,
			    uint32_t len, char *out);

/* A walk over a guest iovec array (iovec/ciovec, 8 bytes each). */
struct wrr_wasi_iovs {
	struct wrr_memory *memory;
	uint32_t ptr;    /* guest address of the array */
	uint32_t count;  /* entries */
	uint32_t index;  /* current entry */
	uint32_t offset; /* bytes of the current entry already consumed */
};

/* Checks that the array and every buffer it names are in bounds and starts
 * a walk at the first byte. *total gets the sum of the lengths, capped at
 * UINT32_MAX (the sum may exceed 2^32, as buffers can overlap, but the size
 * a transfer reports is a u32: callers transfer at most that). Errors:
 * EFAULT. */
uint16_t wrr_wasi_iovs_begin(struct wrr_wasi_iovs *it,
			     struct wrr_memory *memory, uint32_t ptr,
			     uint32_t count, uint32_t *total);

/* Copies up to max next bytes of the guest buffers into dst (gather) and
 * advances; returns the byte count (< max only at the end of the buffers). */
uint32_t wrr_wasi_iovs_gather(struct wrr_wasi_iovs *it, uint8_t *dst,
			      uint32_t max);

/* Copies n bytes of src into the next bytes of the guest buffers (scatter)
 * and advances; returns the count written (< n only at the end). */
uint32_t wrr_wasi_iovs_scatter(struct wrr_wasi_iovs *it, const uint8_t *src,
			       uint32_t n);

/* ------------------------------------------------ descriptors (fdtable.c) */

/* Looks up guest fd with all of `rights` in its base rights. Errors: EBADF
 * (no such fd), ENOTCAPABLE (a right is missing). */
uint16_t wrr_wasi_fd_get(struct wrr_wasi *wasi, uint32_t fd, uint64_t rights,
			 struct wrr_wasi_fd **out);

/* wrr_wasi_fd_get for the positioned functions (fd_seek, fd_tell,
 * fd_pread, fd_pwrite): a stream (pipe, terminal, socket) lacking the seek
 * rights is ESPIPE, as POSIX and wasmtime say, rather than ENOTCAPABLE. */
uint16_t wrr_wasi_fd_get_seek(struct wrr_wasi *wasi, uint32_t fd,
			      uint64_t rights, struct wrr_wasi_fd **out);

/* Adds entry (copied; takes ownership of its host fd and preopen_name) at
 * the lowest free guest fd number >= 3 (a closed stdio number is reused
 * only through fd_renumber). Errors: EMFILE (table full), ENOMEM; on
 * error the entry's resources are released. */
uint16_t wrr_wasi_fd_insert(struct wrr_wasi *wasi,
			    const struct wrr_wasi_fd *entry, uint32_t *fd_out);

/* wrr_wasi_fd_insert, then the new guest fd number written as a u32 to
 * guest address out in mem (the result of path_open and sock_accept). If
 * that write faults, the fd is released again (EFAULT). Errors: those of
 * wrr_wasi_fd_insert, EFAULT. */
uint16_t wrr_wasi_fd_insert_out(struct wrr_wasi *wasi,
				const struct wrr_wasi_fd *entry,
				struct wrr_memory *mem, uint32_t out);

/* Frees guest fd's slot, closing its host fd if owned. */
void wrr_wasi_fd_release(struct wrr_wasi *wasi, uint32_t fd);

/* enum wasi_filetype of a host file mode; sockets need the fd (SO_TYPE),
 * give -1 when there is none (reported as a stream socket). */
uint8_t wrr_wasi_filetype_of_mode(mode_t mode, int host_fd);

/* The fullest rights an fd of this type can have (base, inheriting). tty:
 * a character device that is a terminal (no seek/tell: wasi-libc's isatty
 * tests exactly that). */
void wrr_wasi_rights_for(uint8_t filetype, bool tty, uint64_t *base,
			 uint64_t *inheriting);

/* Rights that modify the file system or file contents: never in the base
 * rights of a read-only preopen or of anything opened through it. (They stay
 * in the inheriting rights, as wasmtime reports them: wasi-libc intersects
 * its request with them, and would otherwise turn open(O_WRONLY) into a
 * successful read-only open; path_open refuses write access instead.) */
#define WRR_WASI_WRITE_RIGHTS                                               \
	(WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_WRITE |                     \
	 WASI_RIGHT_FD_ALLOCATE | WASI_RIGHT_PATH_CREATE_DIRECTORY |        \
	 WASI_RIGHT_PATH_CREATE_FILE | WASI_RIGHT_PATH_LINK_SOURCE |        \
	 WASI_RIGHT_PATH_LINK_TARGET | WASI_RIGHT_PATH_RENAME_SOURCE |      \
	 WASI_RIGHT_PATH_RENAME_TARGET | WASI_RIGHT_PATH_FILESTAT_SET_SIZE | \
	 WASI_RIGHT_PATH_FILESTAT_SET_TIMES |                               \
	 WASI_RIGHT_FD_FILESTAT_SET_SIZE | WASI_RIGHT_FD_FILESTAT_SET_TIMES | \
	 WASI_RIGHT_PATH_SYMLINK | WASI_RIGHT_PATH_REMOVE_DIRECTORY |       \
	 WASI_RIGHT_PATH_UNLINK_FILE)

/* ------------------------------------------------ path sandbox (sandbox.c) */

/* The place a path names, for *at() system calls: an O_PATH directory fd
 * beneath the preopen (owned: wrr_wasi_at_release) and one component in it.
 * name is "." when the path names a directory itself ("a/..", "."). */
struct wrr_wasi_at {
	int dirfd;
	bool trailing_slash; /* the path ended with '/': must be a directory */
	char name[WRR_WASI_NAME_MAX + 1];
};

/* True if the running kernel implements openat2(2) (Linux >= 5.6). */
bool wrr_wasi_have_openat2(void);

/* Resolves the relative path `path` beneath the directory root_fd up to its
 * last component. Intermediate symlinks are always followed; the last one
 * only with follow, and then out->name is no symlink (at the time of the
 * check; callers pass AT_SYMLINK_NOFOLLOW, so a swap cannot escape). A
 * trailing slash is stripped from name and reported in out->trailing_slash
 * (it does not force following: callers check the target is a directory,
 * as Linux does for unlink/rmdir/rename of "link/"). openat2: use openat2(RESOLVE_BENEATH|RESOLVE_NO_MAGICLINKS)
 * for directories, else a component-by-component walk with O_NOFOLLOW.
 * Returns 0 or a WASI errno: ENOTCAPABLE for an absolute path or one that
 * leaves root (`..` above it, absolute symlink, relative symlink pointing
 * out), ELOOP after WRR_WASI_SYMLOOP_MAX symlinks, ENOENT for "", ENOTDIR,
 * ENAMETOOLONG, or the host error translated. */
uint16_t wrr_wasi_sandbox_at(int root_fd, const char *path, bool follow,
			     bool openat2, struct wrr_wasi_at *out);

void wrr_wasi_at_release(struct wrr_wasi_at *at);

/* Opens path beneath root_fd like openat(root_fd, path, flags, mode) but
 * never outside root (flags get O_CLOEXEC; with !follow the last component
 * must not be a symlink: ELOOP). Errors as wrr_wasi_sandbox_at, plus the
 * open(2) errors translated. */
uint16_t wrr_wasi_sandbox_open(int root_fd, const char *path, int flags,
			       mode_t mode, bool follow, bool openat2,
			       int *fd_out);

/* ------------------------------------------------------- shared helpers */

/* Host clock of a WASI clockid (wasi_clock.c); false if unknown. */
bool wrr_wasi_host_clock(uint32_t id, clockid_t *out);

/* Encodes a host stat as a WASI filestat (64 bytes) into out. */
void wrr_wasi_encode_filestat(const struct stat *st, uint8_t filetype,
			      uint8_t out[WASI_FILESTAT_SIZE]);

/* timestamp (ns) of a timespec, saturating at 0 for times before 1970. */
uint64_t wrr_wasi_timespec_ns(const struct timespec *ts);

/* Builds the two timespecs of utimensat/futimens from WASI set_times args.
 * Errors: EINVAL (both X and X_NOW, or unknown flag bits). */
uint16_t wrr_wasi_times_from(uint64_t atim, uint64_t mtim, uint16_t fstflags,
			     struct timespec ts[2]);

#endif
