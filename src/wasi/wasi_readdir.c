/*
 * wasi_readdir.c — fd_readdir.
 *
 * Cookies are the file system's own directory offsets (getdents64 d_off,
 * the value telldir would give): a cookie names the position after an
 * entry, is stable across calls and across other entries being added or
 * removed (ext4 hashes, tmpfs/xfs/btrfs stable offsets), and 0 is the start
 * (WASI dircookie start). Each call seeks the host directory to the cookie
 * and reads entries until the guest buffer is full, so directories of any
 * size are listed in as many calls as the guest's buffer needs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
	if (cookie > INT64_MAX)
		return wrr_wasi_ret(call, WASI_EINVAL);
	if (lseek(f->host_fd, (off_t)cookie, SEEK_SET) < 0)
		return wrr_wasi_ret(call, wrr_wasi_errno_from_host(errno));

	/* Host entries go to the first half of scratch; one encoded entry
	 * (at most 24 + 255 bytes) to the second. */
	uint8_t *dents = w->scratch;
	uint8_t *ent = w->scratch + WRR_WASI_SCRATCH / 2;
	uint32_t used = 0;
	while (used < buf_len) {
		ssize_t n = getdents64(f->host_fd, dents, WRR_WASI_SCRATCH / 2);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return wrr_wasi_ret(call,
					    wrr_wasi_errno_from_host(errno));
		}
		if (n == 0)
			break;
		for (ssize_t pos = 0; pos < n && used < buf_len;) {
			const struct dirent64 *d =
				(const struct dirent64 *)(dents + pos);
			pos += d->d_reclen;
			uint32_t namlen = (uint32_t)strlen(d->d_name);
			memset(ent, 0, WASI_DIRENT_SIZE);
			wasi_put_u64(ent, WASI_DIRENT_D_NEXT, (uint64_t)d->d_off);
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
