/*
 * wasi_fd.c — descriptor operations other than data transfer and readdir:
 * fd_advise, fd_allocate, fd_close, fd_datasync, fd_fdstat_get,
 * fd_fdstat_set_flags, fd_fdstat_set_rights, fd_filestat_get,
 * fd_filestat_set_size, fd_filestat_set_times, fd_prestat_get,
 * fd_prestat_dir_name, fd_renumber, fd_seek, fd_sync, fd_tell.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/functions.h"
#include "wasi/wasi_internal.h"

void wrr_wasi_encode_filestat(const struct stat *st, uint8_t filetype,
			      uint8_t out[WASI_FILESTAT_SIZE])
{
	memset(out, 0, WASI_FILESTAT_SIZE);
	wasi_put_u64(out, WASI_FILESTAT_DEV, (uint64_t)st->st_dev);
	wasi_put_u64(out, WASI_FILESTAT_INO, (uint64_t)st->st_ino);
	wasi_put_u8(out, WASI_FILESTAT_FILETYPE, filetype);
	wasi_put_u64(out, WASI_FILESTAT_NLINK, (uint64_t)st->st_nlink);
	wasi_put_u64(out, WASI_FILESTAT_SIZE_, (uint64_t)st->st_size);
	wasi_put_u64(out, WASI_FILESTAT_ATIM, wrr_wasi_timespec_ns(&st->st_atim));
	wasi_put_u64(out, WASI_FILESTAT_MTIM, wrr_wasi_timespec_ns(&st->st_mtim));
	wasi_put_u64(out, WASI_FILESTAT_CTIM, wrr_wasi_timespec_ns(&st->st_ctim));
}

static struct timespec ns_to_timespec(uint64_t ns)
{
	struct timespec ts;
	ts.tv_sec = (time_t)(ns / 1000000000u);
	ts.tv_nsec = (long)(ns % 1000000000u);
	return ts;
}

uint16_t wrr_wasi_times_from(uint64_t atim, uint64_t mtim, uint16_t fstflags,
			     struct timespec ts[2])
{
	if (fstflags & ~WASI_FSTFLAGS_ALL)
		return WASI_EINVAL;
	if ((fstflags & WASI_FSTFLAG_ATIM) && (fstflags & WASI_FSTFLAG_ATIM_NOW))
		return WASI_EINVAL;
	if ((fstflags & WASI_FSTFLAG_MTIM) && (fstflags & WASI_FSTFLAG_MTIM_NOW))
		return WASI_EINVAL;
	ts[0].tv_sec = ts[1].tv_sec = 0;
	ts[0].tv_nsec = ts[1].tv_nsec = UTIME_OMIT;
	if (fstflags & WASI_FSTFLAG_ATIM_NOW)
		ts[0].tv_nsec = UTIME_NOW;
	else if (fstflags & WASI_FSTFLAG_ATIM)
		ts[0] = ns_to_timespec(atim);
	if (fstflags & WASI_FSTFLAG_MTIM_NOW)
		ts[1].tv_nsec = UTIME_NOW;
	else if (fstflags & WASI_FSTFLAG_MTIM)
		ts[1] = ns_to_timespec(mtim);
	return 0;
}

/* Result of a host call returning 0 / -1 with errno. */
static uint16_t host_result(int rc)
{
	return rc == 0 ? 0 : wrr_wasi_errno_from_host(errno);
}

/* fd_advise(fd, offset: filesize, len: filesize, advice) */
enum wrr_status wrr_wasi_fd_advise(struct wrr_host_call *call)
{
	static const int advice[] = {
		[WASI_ADVICE_NORMAL] = POSIX_FADV_NORMAL,
		[WASI_ADVICE_SEQUENTIAL] = POSIX_FADV_SEQUENTIAL,
		[WASI_ADVICE_RANDOM] = POSIX_FADV_RANDOM,
		[WASI_ADVICE_WILLNEED] = POSIX_FADV_WILLNEED,
		[WASI_ADVICE_DONTNEED] = POSIX_FADV_DONTNEED,
		[WASI_ADVICE_NOREUSE] = POSIX_FADV_NOREUSE,
	};
	struct wrr_wasi_fd *f;
	uint64_t off = wrr_wasi_arg64(call, 1), len = wrr_wasi_arg64(call, 2);
	uint32_t adv = wrr_wasi_arg32(call, 3);
	uint16_t e = wrr_wasi_fd_get(call->env, wrr_wasi_arg32(call, 0),
				     WASI_RIGHT_FD_ADVISE, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	if (adv > WASI_ADVICE_NOREUSE || off > INT64_MAX || len > INT64_MAX)
		return wrr_wasi_ret(call, WASI_EINVAL);
	int rc = posix_fadvise(f->host_fd, (off_t)off, (off_t)len, advice[adv]);
	return wrr_wasi_ret(call, wrr_wasi_errno_from_host(rc));
}

/* fd_allocate(fd, offset: filesize, len: filesize) */
enum wrr_status wrr_wasi_fd_allocate(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	uint64_t off = wrr_wasi_arg64(call, 1), len = wrr_wasi_arg64(call, 2);
	uint16_t e = wrr_wasi_fd_get(call->env, wrr_wasi_arg32(call, 0),
				     WASI_RIGHT_FD_ALLOCATE, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	if (off > INT64_MAX || len > INT64_MAX)
		return wrr_wasi_ret(call, WASI_EINVAL);
	if (off + len > INT64_MAX)
		return wrr_wasi_ret(call, WASI_EFBIG);
	int rc = posix_fallocate(f->host_fd, (off_t)off, (off_t)len);
	return wrr_wasi_ret(call, wrr_wasi_errno_from_host(rc));
}

/* fd_close(fd). Preopens and stdio may be closed too (the host fds of
 * stdio are borrowed and stay open on the host side). */
enum wrr_status wrr_wasi_fd_close(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	uint32_t fd = wrr_wasi_arg32(call, 0);
	uint16_t e = wrr_wasi_fd_get(call->env, fd, 0, &f);
	if (!e)
		wrr_wasi_fd_release(call->env, fd);
	return wrr_wasi_ret(call, e);
}

/* fd_datasync(fd) */
enum wrr_status wrr_wasi_fd_datasync(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	uint16_t e = wrr_wasi_fd_get(call->env, wrr_wasi_arg32(call, 0),
				     WASI_RIGHT_FD_DATASYNC, &f);
	if (!e)
		e = host_result(fdatasync(f->host_fd));
	return wrr_wasi_ret(call, e);
}

/* fd_sync(fd) */
enum wrr_status wrr_wasi_fd_sync(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	uint16_t e = wrr_wasi_fd_get(call->env, wrr_wasi_arg32(call, 0),
				     WASI_RIGHT_FD_SYNC, &f);
	if (!e)
		e = host_result(fsync(f->host_fd));
	return wrr_wasi_ret(call, e);
}

/* Current fdflags of an fd: append/nonblock from the host, sync flags as
 * asked at open. */
static uint16_t fdflags_of(const struct wrr_wasi_fd *f)
{
	uint16_t flags = f->sync_flags;
	int fl = fcntl(f->host_fd, F_GETFL);
	if (fl >= 0) {
		if (fl & O_APPEND)
			flags |= WASI_FDFLAG_APPEND;
		if (fl & O_NONBLOCK)
			flags |= WASI_FDFLAG_NONBLOCK;
	}
	return flags;
}

/* fd_fdstat_get(fd) -> fdstat (24 bytes) at arg 1 */
enum wrr_status wrr_wasi_fd_fdstat_get(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	uint32_t out = wrr_wasi_arg32(call, 1);
	uint16_t e = wrr_wasi_fd_get(call->env, wrr_wasi_arg32(call, 0), 0, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	uint8_t b[WASI_FDSTAT_SIZE];
	memset(b, 0, sizeof b);
	wasi_put_u8(b, WASI_FDSTAT_FS_FILETYPE, f->filetype);
	wasi_put_u16(b, WASI_FDSTAT_FS_FLAGS, fdflags_of(f));
	wasi_put_u64(b, WASI_FDSTAT_FS_RIGHTS_BASE, f->rights_base);
	wasi_put_u64(b, WASI_FDSTAT_FS_RIGHTS_INHERITING, f->rights_inheriting);
	return wrr_wasi_ret(call, wrr_wasi_mem_write(call->memory, out, b,
						     sizeof b));
}

/* fd_fdstat_set_flags(fd, flags: fdflags). APPEND and NONBLOCK can change;
 * Linux cannot change the sync flags of an open file: ENOTSUP. */
enum wrr_status wrr_wasi_fd_fdstat_set_flags(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	uint32_t flags = wrr_wasi_arg32(call, 1);
	uint16_t e = wrr_wasi_fd_get(call->env, wrr_wasi_arg32(call, 0),
				     WASI_RIGHT_FD_FDSTAT_SET_FLAGS, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	if (flags & ~(uint32_t)WASI_FDFLAGS_ALL)
		return wrr_wasi_ret(call, WASI_EINVAL);
	uint16_t sync = WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC;
	if ((flags & sync) != f->sync_flags)
		return wrr_wasi_ret(call, WASI_ENOTSUP);
	int fl = fcntl(f->host_fd, F_GETFL);
	if (fl < 0)
		return wrr_wasi_ret(call, wrr_wasi_errno_from_host(errno));
	fl &= ~(O_APPEND | O_NONBLOCK);
	if (flags & WASI_FDFLAG_APPEND)
		fl |= O_APPEND;
	if (flags & WASI_FDFLAG_NONBLOCK)
		fl |= O_NONBLOCK;
	return wrr_wasi_ret(call, host_result(fcntl(f->host_fd, F_SETFL, fl)));
}

/* fd_fdstat_set_rights(fd, base: rights, inheriting: rights): rights can
 * only be dropped (gaining one is ENOTCAPABLE). */
enum wrr_status wrr_wasi_fd_fdstat_set_rights(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	uint64_t base = wrr_wasi_arg64(call, 1), inh = wrr_wasi_arg64(call, 2);
	uint16_t e = wrr_wasi_fd_get(call->env, wrr_wasi_arg32(call, 0), 0, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	if ((base & ~f->rights_base) || (inh & ~f->rights_inheriting))
		return wrr_wasi_ret(call, WASI_ENOTCAPABLE);
	f->rights_base = base;
	f->rights_inheriting = inh;
	return wrr_wasi_ret(call, 0);
}

/* fd_filestat_get(fd) -> filestat (64 bytes) at arg 1 */
enum wrr_status wrr_wasi_fd_filestat_get(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	struct stat st;
	uint32_t out = wrr_wasi_arg32(call, 1);
	uint16_t e = wrr_wasi_fd_get(call->env, wrr_wasi_arg32(call, 0),
				     WASI_RIGHT_FD_FILESTAT_GET, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	if (!wrr_wasi_mem_ok(call->memory, out, WASI_FILESTAT_SIZE))
		return wrr_wasi_ret(call, WASI_EFAULT);
	if (fstat(f->host_fd, &st) != 0)
		return wrr_wasi_ret(call, wrr_wasi_errno_from_host(errno));
	uint8_t b[WASI_FILESTAT_SIZE];
	uint8_t type = wrr_wasi_filetype_of_mode(st.st_mode, f->host_fd);
	wrr_wasi_encode_filestat(&st, type, b);
	return wrr_wasi_ret(call, wrr_wasi_mem_write(call->memory, out, b,
						     sizeof b));
}

/* fd_filestat_set_size(fd, size: filesize) */
enum wrr_status wrr_wasi_fd_filestat_set_size(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	uint64_t size = wrr_wasi_arg64(call, 1);
	uint16_t e = wrr_wasi_fd_get(call->env, wrr_wasi_arg32(call, 0),
				     WASI_RIGHT_FD_FILESTAT_SET_SIZE, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	if (size > INT64_MAX)
		return wrr_wasi_ret(call, WASI_EINVAL);
	return wrr_wasi_ret(call, host_result(ftruncate(f->host_fd,
							(off_t)size)));
}

/* fd_filestat_set_times(fd, atim, mtim: timestamp, fst_flags: fstflags) */
enum wrr_status wrr_wasi_fd_filestat_set_times(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	struct timespec ts[2];
	uint32_t fst = wrr_wasi_arg32(call, 3);
	uint16_t e = wrr_wasi_fd_get(call->env, wrr_wasi_arg32(call, 0),
				     WASI_RIGHT_FD_FILESTAT_SET_TIMES, &f);
	if (!e && fst > 0xffff)
		e = WASI_EINVAL;
	if (!e)
		e = wrr_wasi_times_from(wrr_wasi_arg64(call, 1),
					wrr_wasi_arg64(call, 2), (uint16_t)fst,
					ts);
	if (!e)
		e = host_result(futimens(f->host_fd, ts));
	return wrr_wasi_ret(call, e);
}

/* Looks up a preopened directory: EBADF for any other fd. */
static uint16_t preopen_get(struct wrr_wasi *w, uint32_t fd,
			    struct wrr_wasi_fd **out)
{
	uint16_t e = wrr_wasi_fd_get(w, fd, 0, out);
	if (!e && (*out)->preopen_name == NULL)
		e = WASI_EBADF;
	return e;
}

/* fd_prestat_get(fd) -> prestat (8 bytes: tag dir, name length) at arg 1 */
enum wrr_status wrr_wasi_fd_prestat_get(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	uint16_t e = preopen_get(call->env, wrr_wasi_arg32(call, 0), &f);
	if (e)
		return wrr_wasi_ret(call, e);
	uint8_t b[WASI_PRESTAT_SIZE];
	memset(b, 0, sizeof b);
	wasi_put_u8(b, WASI_PRESTAT_TAG, WASI_PREOPENTYPE_DIR);
	wasi_put_u32(b, WASI_PRESTAT_DIR_NAME_LEN, f->preopen_name_len);
	return wrr_wasi_ret(call, wrr_wasi_mem_write(call->memory,
						     wrr_wasi_arg32(call, 1), b,
						     sizeof b));
}

/* fd_prestat_dir_name(fd, path: Pointer<u8>, path_len: size): the name
 * without NUL; a buffer shorter than the name is ENAMETOOLONG (wasmtime). */
enum wrr_status wrr_wasi_fd_prestat_dir_name(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	uint32_t ptr = wrr_wasi_arg32(call, 1), len = wrr_wasi_arg32(call, 2);
	uint16_t e = preopen_get(call->env, wrr_wasi_arg32(call, 0), &f);
	if (e)
		return wrr_wasi_ret(call, e);
	if (!wrr_wasi_mem_ok(call->memory, ptr, len))
		return wrr_wasi_ret(call, WASI_EFAULT);
	if (len < f->preopen_name_len)
		return wrr_wasi_ret(call, WASI_ENAMETOOLONG);
	return wrr_wasi_ret(call, wrr_wasi_mem_write(call->memory, ptr,
						     f->preopen_name,
						     f->preopen_name_len));
}

/* fd_renumber(fd, to): atomically replaces `to` (which must be open) by
 * `fd`, closing what `to` was; `fd` becomes free. */
enum wrr_status wrr_wasi_fd_renumber(struct wrr_host_call *call)
{
	struct wrr_wasi *w = call->env;
	struct wrr_wasi_fd *from, *to;
	uint32_t a = wrr_wasi_arg32(call, 0), b = wrr_wasi_arg32(call, 1);
	uint16_t e = wrr_wasi_fd_get(w, a, 0, &from);
	if (!e)
		e = wrr_wasi_fd_get(w, b, 0, &to);
	if (e || a == b)
		return wrr_wasi_ret(call, e);
	wrr_wasi_fd_release(w, b);
	w->fds[b] = w->fds[a];
	memset(&w->fds[a], 0, sizeof w->fds[a]);
	w->fds[a].host_fd = -1;
	return wrr_wasi_ret(call, 0);
}

/* fd_seek(fd, offset: filedelta, whence) -> filesize at arg 3. Needs
 * FD_SEEK, or only FD_TELL for (0, cur). */
enum wrr_status wrr_wasi_fd_seek(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	int64_t off = (int64_t)wrr_wasi_arg64(call, 1);
	uint32_t whence = wrr_wasi_arg32(call, 2), out = wrr_wasi_arg32(call, 3);
	uint64_t right = (off == 0 && whence == WASI_WHENCE_CUR) ?
				 WASI_RIGHT_FD_TELL : WASI_RIGHT_FD_SEEK;
	uint16_t e = wrr_wasi_fd_get_seek(call->env, wrr_wasi_arg32(call, 0),
					  right, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	int hw;
	switch (whence) {
	case WASI_WHENCE_SET: hw = SEEK_SET; break;
	case WASI_WHENCE_CUR: hw = SEEK_CUR; break;
	case WASI_WHENCE_END: hw = SEEK_END; break;
	default: return wrr_wasi_ret(call, WASI_EINVAL);
	}
	if (!wrr_wasi_mem_ok(call->memory, out, 8))
		return wrr_wasi_ret(call, WASI_EFAULT);
	off_t pos = lseek(f->host_fd, (off_t)off, hw);
	if (pos < 0)
		return wrr_wasi_ret(call, wrr_wasi_errno_from_host(errno));
	return wrr_wasi_ret(call, wrr_wasi_mem_write_u64(call->memory, out,
							 (uint64_t)pos));
}

/* fd_tell(fd) -> filesize at arg 1 */
enum wrr_status wrr_wasi_fd_tell(struct wrr_host_call *call)
{
	struct wrr_wasi_fd *f;
	uint32_t out = wrr_wasi_arg32(call, 1);
	uint16_t e = wrr_wasi_fd_get_seek(call->env, wrr_wasi_arg32(call, 0),
					  WASI_RIGHT_FD_TELL, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	if (!wrr_wasi_mem_ok(call->memory, out, 8))
		return wrr_wasi_ret(call, WASI_EFAULT);
	off_t pos = lseek(f->host_fd, 0, SEEK_CUR);
	if (pos < 0)
		return wrr_wasi_ret(call, wrr_wasi_errno_from_host(errno));
	return wrr_wasi_ret(call, wrr_wasi_mem_write_u64(call->memory, out,
							 (uint64_t)pos));
}
