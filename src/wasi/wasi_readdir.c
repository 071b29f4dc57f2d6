/*
 * wasi_readdir.c — fd_readdir.
 *
 * Cookies are small integers: cookie c means "after the first c entries of
 * the enumeration" (0 = the start, WASI dircookie start), as wasmtime's. The
 * guest stores them in a 32-bit `long` (wasi-libc telldir/seekdir), so the
 * file system's own 63-bit positions (getdents64 d_off, ext4 hashes) cannot
 * be handed out. Instead each directory fd remembers, per entry index, the
 * host position after it (struct wrr_wasi_fd dir_pos): a call seeks straight
 * to its cookie's host position, so listing a large directory with small
 * buffers is linear, and since those positions are stable on Linux file
 * systems a cookie keeps naming the same place while other entries come and
 * go. Reading from cookie c re-enumerates from there: entries after c get
 * their indices from the current contents. A cookie beyond the known
 * entries enumerates forward to it (past the end: an empty read).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/functions.h"
#include "wasi/wasi_internal.h"

static uint8_t filetype_of_dtype(int dirfd, const struct dirent64 *d)
{
	switch (d->d_type) {
	case DT_REG: return WASI_FILETYPE_REGULAR_FILE;
	case DT_DIR: return WASI_FILETYPE_DIRECTORY;
	case DT_LNK: return WASI_FILETYPE_SYMBOLIC_LINK;
	case DT_CHR: return WASI_FILETYPE_CHARACTER_DEVICE;
	case DT_BLK: return WASI_FILETYPE_BLOCK_DEVICE;
	case DT_SOCK: return WASI_FILETYPE_SOCKET_STREAM;
	case DT_FIFO: return WASI_FILETYPE_UNKNOWN;
	}
	struct stat st; /* DT_UNKNOWN: some file systems do not say */
	if (fstatat(dirfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return WASI_FILETYPE_UNKNOWN;
	return wrr_wasi_filetype_of_mode(st.st_mode, -1);
}

/* Remembers host position pos as the one after entry dir_count + 1. */
static uint16_t remember(struct wrr_wasi_fd *f, uint64_t pos)
{
	if (f->dir_count == f->dir_cap) {
		if (f->dir_cap >= WRR_WASI_DIR_ENTRIES_MAX)
			return WASI_EOVERFLOW;
		uint32_t ncap = f->dir_cap ? 2 * f->dir_cap : 64;
		uint64_t *n = realloc(f->dir_pos, ncap * sizeof *n);
		if (n == NULL)
			return WASI_ENOMEM;
		f->dir_pos = n;
		f->dir_cap = ncap;
	}
	f->dir_pos[f->dir_count++] = pos;
	return 0;
}

/* Reads a batch of host entries into buf: bytes read (0 at the end), or -1
 * with errno. */
static ssize_t read_dents(int fd, uint8_t *buf, size_t size)
{
	ssize_t n;
	do
		n = getdents64(fd, buf, size);
	while (n < 0 && errno == EINTR);
	return n;
}

/* Positions the host directory at cookie c, enumerating forward from the
 * last known entry when c is beyond it; forgets the indices after c. *eof:
 * the directory has fewer than c entries. */
static uint16_t seek_cookie(struct wrr_wasi_fd *f, uint8_t *buf, size_t size,
			    uint64_t c, bool *eof)
{
	*eof = false;
	while (c > f->dir_count) {
		uint64_t at = f->dir_count ? f->dir_pos[f->dir_count - 1] : 0;
		if (lseek(f->host_fd, (off_t)at, SEEK_SET) < 0)
			return wrr_wasi_errno_from_host(errno);
		ssize_t n = read_dents(f->host_fd, buf, size);
		if (n < 0)
			return wrr_wasi_errno_from_host(errno);
		if (n == 0) {
			*eof = true;
			return 0;
		}
		for (ssize_t pos = 0; pos < n && c > f->dir_count;) {
			const struct dirent64 *d =
				(const struct dirent64 *)(buf + pos);
			pos += d->d_reclen;
			uint16_t e = remember(f, (uint64_t)d->d_off);
			if (e)
				return e;
		}
	}
	uint64_t at = c ? f->dir_pos[c - 1] : 0;
	if (lseek(f->host_fd, (off_t)at, SEEK_SET) < 0)
		return wrr_wasi_errno_from_host(errno);
	f->dir_count = (uint32_t)c;
	return 0;
}

/* fd_readdir(fd, buf: Pointer<u8>, buf_len: size, cookie: dircookie)
 * -> size (bytes used) at arg 4. Entries are a dirent (24 bytes) followed by
 * the name (no NUL); the last entry may be cut at buf_len, in which case the
 * buffer is full (bufused == buf_len) and the guest reads again from the
 * cookie of the last whole entry, with a bigger buffer if needed. */
enum wrr_status wrr_wasi_fd_readdir(struct wrr_host_call *call)
{
	struct wrr_wasi *w = call->env;
	struct wrr_wasi_fd *f;
	uint32_t buf = wrr_wasi_arg32(call, 1), buf_len = wrr_wasi_arg32(call, 2);
	uint64_t cookie = wrr_wasi_arg64(call, 3);
	uint32_t out = wrr_wasi_arg32(call, 4);
	uint16_t e = wrr_wasi_fd_get(w, wrr_wasi_arg32(call, 0),
				     WASI_RIGHT_FD_READDIR, &f);
	if (e)
		return wrr_wasi_ret(call, e);
	if (f->filetype != WASI_FILETYPE_DIRECTORY)
		return wrr_wasi_ret(call, WASI_ENOTDIR);
	if (!wrr_wasi_mem_ok(call->memory, buf, buf_len) ||
	    !wrr_wasi_mem_ok(call->memory, out, 4))
		return wrr_wasi_ret(call, WASI_EFAULT);
	/* Host entries go to the first half of scratch; one encoded entry
	 * (at most 24 + 255 bytes) to the second. */
	uint8_t *dents = w->scratch;
	uint8_t *ent = w->scratch + WRR_WASI_SCRATCH / 2;
	bool eof;
	e = seek_cookie(f, dents, WRR_WASI_SCRATCH / 2, cookie, &eof);
	if (e)
		return wrr_wasi_ret(call, e);
	uint32_t used = 0;
	while (used < buf_len && !eof) {
		ssize_t n = read_dents(f->host_fd, dents, WRR_WASI_SCRATCH / 2);
		if (n < 0)
			return wrr_wasi_ret(call,
					    wrr_wasi_errno_from_host(errno));
		if (n == 0)
			break;
		for (ssize_t pos = 0; pos < n && used < buf_len;) {
			const struct dirent64 *d =
				(const struct dirent64 *)(dents + pos);
			pos += d->d_reclen;
			e = remember(f, (uint64_t)d->d_off);
			if (e)
				return wrr_wasi_ret(call, e);
			uint32_t namlen = (uint32_t)strlen(d->d_name);
			memset(ent, 0, WASI_DIRENT_SIZE);
			wasi_put_u64(ent, WASI_DIRENT_D_NEXT, f->dir_count);
			wasi_put_u64(ent, WASI_DIRENT_D_INO, d->d_ino);
			wasi_put_u32(ent, WASI_DIRENT_D_NAMLEN, namlen);
			wasi_put_u8(ent, WASI_DIRENT_D_TYPE,
				    filetype_of_dtype(f->host_fd, d));
			memcpy(ent + WASI_DIRENT_SIZE, d->d_name, namlen);
			uint32_t size = WASI_DIRENT_SIZE + namlen;
			if (size > buf_len - used)
				size = buf_len - used; /* cut: buffer full */
			e = wrr_wasi_mem_write(call->memory, buf + used, ent,
					       size);
			if (e)
				return wrr_wasi_ret(call, e);
			used += size;
		}
	}
	return wrr_wasi_ret(call, wrr_wasi_mem_write_u32(call->memory, out,
							 used));
}
