/*
 * wasi_path.c — path operations, each resolved beneath a directory fd by
 * the sandbox (sandbox.c) and done with an *at() call on the resulting
 * directory fd: path_create_directory, path_filestat_get,
 * path_filestat_set_times, path_link, path_open, path_readlink,
 * path_remove_directory, path_rename, path_symlink, path_unlink_file.
 *
 * Errors of note: a path leaving the preopen is ENOTCAPABLE; a missing right
 * on the directory fd is ENOTCAPABLE; a non-directory fd is ENOTDIR; an
 * absolute symlink target in path_symlink is EPERM (as wasmtime).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/functions.h"
#include "wasi/wasi_internal.h"

/* Looks up directory fd `fd` with `rights`, reads the guest path
 * [ptr, ptr+len) and resolves it (follow: the last symlink too). */
static uint16_t path_at(struct wrr_host_call *call, uint32_t fd,
			uint64_t rights, uint32_t ptr, uint32_t len,
			bool follow, struct wrr_wasi_at *at)
{
	struct wrr_wasi *w = call->env;
	struct wrr_wasi_fd *f;
	char path[WRR_WASI_PATH_MAX + 1];
	at->dirfd = -1;
	uint16_t e = wrr_wasi_fd_get(w, fd, rights, &f);
	if (e)
		return e;
	if (f->filetype != WASI_FILETYPE_DIRECTORY)
		return WASI_ENOTDIR;
	e = wrr_wasi_read_path(call->memory, ptr, len, path);
	if (e)
		return e;
	return wrr_wasi_sandbox_at(f->host_fd, path, follow, w->use_openat2,
				   at);
}

/* lstat of a resolved place: 0, or a WASI errno. */
static uint16_t at_lstat(const struct wrr_wasi_at *at, struct stat *st)
{
	if (fstatat(at->dirfd, at->name, st, AT_SYMLINK_NOFOLLOW) != 0)
		return wrr_wasi_errno_from_host(errno);
	return 0;
}

/* With a trailing slash, the place must be a directory: 0 or ENOTDIR (or
 * the lstat error, e.g. ENOENT). */
static uint16_t at_check_dir(const struct wrr_wasi_at *at)
{
	struct stat st;
	if (!at->trailing_slash)
		return 0;
	uint16_t e = at_lstat(at, &st);
	if (!e && !S_ISDIR(st.st_mode))
		e = WASI_ENOTDIR;
	return e;
}

/* A new name with a trailing slash ("x/" for symlink/link): EEXIST when
 * something is there, else ENOENT (as Linux). */
static uint16_t at_check_new(const struct wrr_wasi_at *at)
{
	struct stat st;
	if (!at->trailing_slash)
		return 0;
	return at_lstat(at, &st) == 0 ? WASI_EEXIST : WASI_ENOENT;
}

static uint16_t host_result(int rc)
{
	return rc == 0 ? 0 : wrr_wasi_errno_from_host(errno);
}

/* path_create_directory(fd, path: string) */
enum wrr_status wrr_wasi_path_create_directory(struct wrr_host_call *call)
{
	struct wrr_wasi_at at;
	uint16_t e = path_at(call, wrr_wasi_arg32(call, 0),
			     WASI_RIGHT_PATH_CREATE_DIRECTORY,
			     wrr_wasi_arg32(call, 1), wrr_wasi_arg32(call, 2),
			     false, &at);
	if (!e)
		e = host_result(mkdirat(at.dirfd, at.name, 0777));
	wrr_wasi_at_release(&at);
	return wrr_wasi_ret(call, e);
}

/* path_filestat_get(fd, flags: lookupflags, path: string) -> filestat
 * (64 bytes) at arg 4 */
enum wrr_status wrr_wasi_path_filestat_get(struct wrr_host_call *call)
{
	struct wrr_wasi_at at;
	struct stat st;
	uint32_t out = wrr_wasi_arg32(call, 4);
	if (!wrr_wasi_mem_ok(call->memory, out, WASI_FILESTAT_SIZE))
		return wrr_wasi_ret(call, WASI_EFAULT);
	uint16_t e = path_at(call, wrr_wasi_arg32(call, 0),
			     WASI_RIGHT_PATH_FILESTAT_GET,
			     wrr_wasi_arg32(call, 2), wrr_wasi_arg32(call, 3),
			     wrr_wasi_arg32(call, 1) & WASI_LOOKUPFLAG_SYMLINK_FOLLOW,
			     &at);
	if (!e)
		e = at_lstat(&at, &st);
	if (!e && at.trailing_slash && !S_ISDIR(st.st_mode))
		e = WASI_ENOTDIR;
	wrr_wasi_at_release(&at);
	if (e)
		return wrr_wasi_ret(call, e);
	uint8_t b[WASI_FILESTAT_SIZE];
	wrr_wasi_encode_filestat(&st, wrr_wasi_filetype_of_mode(st.st_mode, -1),
				 b);
	return wrr_wasi_ret(call, wrr_wasi_mem_write(call->memory, out, b,
						     sizeof b));
}

/* path_filestat_set_times(fd, flags: lookupflags, path: string,
 * atim, mtim: timestamp, fst_flags: fstflags) */
enum wrr_status wrr_wasi_path_filestat_set_times(struct wrr_host_call *call)
{
	struct wrr_wasi_at at;
	struct timespec ts[2];
	uint32_t fst = wrr_wasi_arg32(call, 6);
	uint16_t e = fst > 0xffff ? WASI_EINVAL :
		     wrr_wasi_times_from(wrr_wasi_arg64(call, 4),
					 wrr_wasi_arg64(call, 5), (uint16_t)fst,
					 ts);
	if (e)
		return wrr_wasi_ret(call, e);
	e = path_at(call, wrr_wasi_arg32(call, 0),
		    WASI_RIGHT_PATH_FILESTAT_SET_TIMES, wrr_wasi_arg32(call, 2),
		    wrr_wasi_arg32(call, 3),
		    wrr_wasi_arg32(call, 1) & WASI_LOOKUPFLAG_SYMLINK_FOLLOW, &at);
	if (!e)
		e = at_check_dir(&at);
	if (!e)
		e = host_result(utimensat(at.dirfd, at.name, ts,
					  AT_SYMLINK_NOFOLLOW));
	wrr_wasi_at_release(&at);
	return wrr_wasi_ret(call, e);
}

/* path_link(old_fd, old_flags: lookupflags, old_path: string, new_fd,
 * new_path: string): a hard link; with SYMLINK_FOLLOW, to the file an old
 * symlink points to. */
enum wrr_status wrr_wasi_path_link(struct wrr_host_call *call)
{
	struct wrr_wasi_at from, to;
	to.dirfd = -1;
	uint16_t e = path_at(call, wrr_wasi_arg32(call, 0),
			     WASI_RIGHT_PATH_LINK_SOURCE, wrr_wasi_arg32(call, 2),
			     wrr_wasi_arg32(call, 3),
			     wrr_wasi_arg32(call, 1) & WASI_LOOKUPFLAG_SYMLINK_FOLLOW,
			     &from);
	if (!e)
		e = path_at(call, wrr_wasi_arg32(call, 4),
			    WASI_RIGHT_PATH_LINK_TARGET, wrr_wasi_arg32(call, 5),
			    wrr_wasi_arg32(call, 6), false, &to);
	if (!e)
		e = at_check_dir(&from);
	if (!e)
		e = at_check_new(&to);
	if (!e)
		e = host_result(linkat(from.dirfd, from.name, to.dirfd, to.name,
				       0));
	wrr_wasi_at_release(&from);
	wrr_wasi_at_release(&to);
	return wrr_wasi_ret(call, e);
}

/* Rights that make path_open ask the host for write access. */
#define RIGHTS_WRITE_ACCESS                                           \
	(WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_WRITE |               \
	 WASI_RIGHT_FD_ALLOCATE | WASI_RIGHT_FD_FILESTAT_SET_SIZE)

/* path_open(fd, dirflags: lookupflags, path: string, oflags,
 * fs_rights_base, fs_rights_inheriting: rights, fdflags) -> fd at arg 8.
 *
 * The new fd's rights are the requested ones limited by the directory's
 * inheriting rights and by what its file type supports (asking for more is
 * not an error: wasi-libc asks for everything it might use). Asking for
 * write access through a read-only preopen (or rights the directory cannot
 * pass on) is ENOTCAPABLE, as are CREAT without PATH_CREATE_FILE and TRUNC without
 * PATH_FILESTAT_SET_SIZE on the directory. CREAT|DIRECTORY is EINVAL. */
enum wrr_status wrr_wasi_path_open(struct wrr_host_call *call)
{
	struct wrr_wasi *w = call->env;
	struct wrr_wasi_fd *dir;
	uint32_t dirflags = wrr_wasi_arg32(call, 1);
	uint32_t oflags = wrr_wasi_arg32(call, 4);
	uint64_t base = wrr_wasi_arg64(call, 5), inh = wrr_wasi_arg64(call, 6);
	uint32_t fdflags = wrr_wasi_arg32(call, 7), out = wrr_wasi_arg32(call, 8);
	char path[WRR_WASI_PATH_MAX + 1];

	uint64_t need = WASI_RIGHT_PATH_OPEN;
	if (oflags & WASI_OFLAG_CREAT)
		need |= WASI_RIGHT_PATH_CREATE_FILE;
	if (oflags & WASI_OFLAG_TRUNC)
		need |= WASI_RIGHT_PATH_FILESTAT_SET_SIZE;
	uint16_t e = wrr_wasi_fd_get(w, wrr_wasi_arg32(call, 0), need, &dir);
	if (e)
		return wrr_wasi_ret(call, e);
	if (dir->filetype != WASI_FILETYPE_DIRECTORY)
		return wrr_wasi_ret(call, WASI_ENOTDIR);
	if ((oflags & ~(uint32_t)WASI_OFLAGS_ALL) ||
	    (fdflags & ~(uint32_t)WASI_FDFLAGS_ALL) ||
	    ((oflags & WASI_OFLAG_DIRECTORY) && (oflags & WASI_OFLAG_CREAT)))
		return wrr_wasi_ret(call, WASI_EINVAL);
	if (!wrr_wasi_mem_ok(call->memory, out, 4))
		return wrr_wasi_ret(call, WASI_EFAULT);
	e = wrr_wasi_read_path(call->memory, wrr_wasi_arg32(call, 2),
			       wrr_wasi_arg32(call, 3), path);
	if (e)
		return wrr_wasi_ret(call, e);

	if ((base & RIGHTS_WRITE_ACCESS) && !(oflags & WASI_OFLAG_DIRECTORY) &&
	    (dir->read_only || (base & RIGHTS_WRITE_ACCESS &
				~dir->rights_inheriting)))
		return wrr_wasi_ret(call, WASI_ENOTCAPABLE);
	base &= dir->rights_inheriting;
	inh &= dir->rights_inheriting;
	bool rd = base & (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR);
	bool wr = (base & RIGHTS_WRITE_ACCESS) &&
		  !(oflags & WASI_OFLAG_DIRECTORY);
	int flags = wr ? (rd ? O_RDWR : O_WRONLY) : O_RDONLY;
	flags |= O_NOCTTY;
	if (oflags & WASI_OFLAG_CREAT)
		flags |= O_CREAT;
	if (oflags & WASI_OFLAG_DIRECTORY)
		flags |= O_DIRECTORY;
	if (oflags & WASI_OFLAG_EXCL)
		flags |= O_EXCL;
	if (oflags & WASI_OFLAG_TRUNC)
		flags |= O_TRUNC;
	if (fdflags & WASI_FDFLAG_APPEND)
		flags |= O_APPEND;
	if (fdflags & WASI_FDFLAG_DSYNC)
		flags |= O_DSYNC;
	if (fdflags & WASI_FDFLAG_NONBLOCK)
		flags |= O_NONBLOCK;
	if (fdflags & WASI_FDFLAG_RSYNC)
		flags |= O_RSYNC;
	if (fdflags & WASI_FDFLAG_SYNC)
		flags |= O_SYNC;

	int fd;
	e = wrr_wasi_sandbox_open(dir->host_fd, path, flags, 0666,
				  dirflags & WASI_LOOKUPFLAG_SYMLINK_FOLLOW,
				  w->use_openat2, &fd);
	if (e)
		return wrr_wasi_ret(call, e);
	struct stat st;
	if (fstat(fd, &st) != 0) {
		e = wrr_wasi_errno_from_host(errno);
		close(fd);
		return wrr_wasi_ret(call, e);
	}
	struct wrr_wasi_fd entry;
	memset(&entry, 0, sizeof entry);
	entry.host_fd = fd;
	entry.owned = true;
	entry.read_only = dir->read_only;
	entry.filetype = wrr_wasi_filetype_of_mode(st.st_mode, fd);
	entry.sync_flags = (uint16_t)(fdflags & (WASI_FDFLAG_DSYNC |
						 WASI_FDFLAG_RSYNC |
						 WASI_FDFLAG_SYNC));
	uint64_t type_base, type_inh;
	wrr_wasi_rights_for(entry.filetype, isatty(fd), &type_base, &type_inh);
	entry.rights_base = base & type_base;
	entry.rights_inheriting = inh & type_inh;
	if (!wr) /* opened read-only: no write rights whatever was asked */
		entry.rights_base &= ~RIGHTS_WRITE_ACCESS;
	if (entry.read_only)
		entry.rights_base &= ~WRR_WASI_WRITE_RIGHTS;
	if (!rd && entry.filetype != WASI_FILETYPE_DIRECTORY)
		entry.rights_base &= ~WASI_RIGHT_FD_READ;
	return wrr_wasi_ret(call, wrr_wasi_fd_insert_out(w, &entry, call->memory,
							 out));
}

/* path_readlink(fd, path: string, buf: Pointer<u8>, buf_len: size)
 * -> size at arg 5. The target is cut at buf_len (POSIX readlink). */
enum wrr_status wrr_wasi_path_readlink(struct wrr_host_call *call)
{
	struct wrr_wasi *w = call->env;
	struct wrr_wasi_at at;
	uint32_t buf = wrr_wasi_arg32(call, 3), buf_len = wrr_wasi_arg32(call, 4);
	uint32_t out = wrr_wasi_arg32(call, 5);
	if (!wrr_wasi_mem_ok(call->memory, buf, buf_len) ||
	    !wrr_wasi_mem_ok(call->memory, out, 4))
		return wrr_wasi_ret(call, WASI_EFAULT);
	uint16_t e = path_at(call, wrr_wasi_arg32(call, 0),
			     WASI_RIGHT_PATH_READLINK, wrr_wasi_arg32(call, 1),
			     wrr_wasi_arg32(call, 2), false, &at);
	if (!e)
		e = at_check_dir(&at);
	ssize_t n = 0;
	if (!e) {
		n = readlinkat(at.dirfd, at.name, (char *)w->scratch,
			       WRR_WASI_SCRATCH);
		if (n < 0)
			e = wrr_wasi_errno_from_host(errno);
	}
	wrr_wasi_at_release(&at);
	if (e)
		return wrr_wasi_ret(call, e);
	uint32_t len = (uint64_t)n < buf_len ? (uint32_t)n : buf_len;
	e = wrr_wasi_mem_write(call->memory, buf, w->scratch, len);
	if (!e)
		e = wrr_wasi_mem_write_u32(call->memory, out, len);
	return wrr_wasi_ret(call, e);
}

/* path_remove_directory(fd, path: string): the directory must be empty
 * (ENOTEMPTY). */
enum wrr_status wrr_wasi_path_remove_directory(struct wrr_host_call *call)
{
	struct wrr_wasi_at at;
	uint16_t e = path_at(call, wrr_wasi_arg32(call, 0),
			     WASI_RIGHT_PATH_REMOVE_DIRECTORY,
			     wrr_wasi_arg32(call, 1), wrr_wasi_arg32(call, 2),
			     false, &at);
	if (!e)
		e = host_result(unlinkat(at.dirfd, at.name, AT_REMOVEDIR));
	wrr_wasi_at_release(&at);
	return wrr_wasi_ret(call, e);
}

/* path_rename(fd, old_path: string, new_fd, new_path: string) */
enum wrr_status wrr_wasi_path_rename(struct wrr_host_call *call)
{
	struct wrr_wasi_at from, to;
	to.dirfd = -1;
	uint16_t e = path_at(call, wrr_wasi_arg32(call, 0),
			     WASI_RIGHT_PATH_RENAME_SOURCE,
			     wrr_wasi_arg32(call, 1), wrr_wasi_arg32(call, 2),
			     false, &from);
	if (!e)
		e = path_at(call, wrr_wasi_arg32(call, 3),
			    WASI_RIGHT_PATH_RENAME_TARGET,
			    wrr_wasi_arg32(call, 4), wrr_wasi_arg32(call, 5),
			    false, &to);
	if (!e && (from.trailing_slash || to.trailing_slash)) {
		/* "x/" on either side: the source must be a directory. */
		struct stat st;
		e = at_lstat(&from, &st);
		if (!e && !S_ISDIR(st.st_mode))
			e = WASI_ENOTDIR;
	}
	if (!e)
		e = host_result(renameat(from.dirfd, from.name, to.dirfd,
					 to.name));
	wrr_wasi_at_release(&from);
	wrr_wasi_at_release(&to);
	return wrr_wasi_ret(call, e);
}

/* path_symlink(old_path: string, fd, new_path: string): new_path becomes a
 * symlink containing old_path. Absolute targets are EPERM (as wasmtime):
 * they could never be followed inside the sandbox. */
enum wrr_status wrr_wasi_path_symlink(struct wrr_host_call *call)
{
	struct wrr_wasi_at at;
	char target[WRR_WASI_PATH_MAX + 1];
	uint16_t e = wrr_wasi_read_path(call->memory, wrr_wasi_arg32(call, 0),
					wrr_wasi_arg32(call, 1), target);
	if (e)
		return wrr_wasi_ret(call, e);
	e = path_at(call, wrr_wasi_arg32(call, 2), WASI_RIGHT_PATH_SYMLINK,
		    wrr_wasi_arg32(call, 3), wrr_wasi_arg32(call, 4), false,
		    &at);
	if (!e && target[0] == '/')
		e = WASI_EPERM;
	if (!e)
		e = at_check_new(&at);
	if (!e)
		e = host_result(symlinkat(target, at.dirfd, at.name));
	wrr_wasi_at_release(&at);
	return wrr_wasi_ret(call, e);
}

/* path_unlink_file(fd, path: string): a directory is EISDIR. */
enum wrr_status wrr_wasi_path_unlink_file(struct wrr_host_call *call)
{
	struct wrr_wasi_at at;
	uint16_t e = path_at(call, wrr_wasi_arg32(call, 0),
			     WASI_RIGHT_PATH_UNLINK_FILE,
			     wrr_wasi_arg32(call, 1), wrr_wasi_arg32(call, 2),
			     false, &at);
	if (!e && at.trailing_slash) {
		struct stat st;
		e = at_lstat(&at, &st);
		if (!e)
			e = S_ISDIR(st.st_mode) ? WASI_EISDIR : WASI_ENOTDIR;
	}
	if (!e)
		e = host_result(unlinkat(at.dirfd, at.name, 0));
	wrr_wasi_at_release(&at);
	return wrr_wasi_ret(call, e);
}
