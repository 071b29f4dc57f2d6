/*
 * fdtable.c — the guest descriptor table: guest fd numbers → host fds with
 * WASI rights (witx `rights`), file types, and the rights each file type can
 * carry.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wasi/wasi_internal.h"

/* Rights of a regular file (and of block and non-tty character devices). */
#define RIGHTS_FILE                                                         \
	(WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK |  \
	 WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_SYNC |               \
	 WASI_RIGHT_FD_TELL | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ADVISE |   \
	 WASI_RIGHT_FD_ALLOCATE | WASI_RIGHT_FD_FILESTAT_GET |               \
	 WASI_RIGHT_FD_FILESTAT_SET_SIZE | WASI_RIGHT_FD_FILESTAT_SET_TIMES | \
	 WASI_RIGHT_POLL_FD_READWRITE)

/* Rights of a directory. */
#define RIGHTS_DIR                                                          \
	(WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_SYNC |               \
	 WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_PATH_CREATE_DIRECTORY |         \
	 WASI_RIGHT_PATH_CREATE_FILE | WASI_RIGHT_PATH_LINK_SOURCE |         \
	 WASI_RIGHT_PATH_LINK_TARGET | WASI_RIGHT_PATH_OPEN |                \
	 WASI_RIGHT_FD_READDIR | WASI_RIGHT_PATH_READLINK |                  \
	 WASI_RIGHT_PATH_RENAME_SOURCE | WASI_RIGHT_PATH_RENAME_TARGET |     \
	 WASI_RIGHT_PATH_FILESTAT_GET | WASI_RIGHT_PATH_FILESTAT_SET_SIZE |  \
	 WASI_RIGHT_PATH_FILESTAT_SET_TIMES | WASI_RIGHT_FD_FILESTAT_GET |   \
	 WASI_RIGHT_FD_FILESTAT_SET_TIMES | WASI_RIGHT_PATH_SYMLINK |        \
	 WASI_RIGHT_PATH_REMOVE_DIRECTORY | WASI_RIGHT_PATH_UNLINK_FILE |    \
	 WASI_RIGHT_POLL_FD_READWRITE)

/* Rights of a stream that cannot seek (terminal, pipe). */
#define RIGHTS_STREAM                                                       \
	(WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE |                          \
	 WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_FILESTAT_GET |       \
	 WASI_RIGHT_FD_SYNC | WASI_RIGHT_FD_DATASYNC |                       \
	 WASI_RIGHT_POLL_FD_READWRITE)

/* Rights of a socket. */
#define RIGHTS_SOCKET                                                       \
	(WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE |                          \
	 WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_FILESTAT_GET |       \
	 WASI_RIGHT_POLL_FD_READWRITE | WASI_RIGHT_SOCK_SHUTDOWN |           \
	 WASI_RIGHT_SOCK_ACCEPT)

uint16_t wrr_wasi_fd_get(struct wrr_wasi *wasi, uint32_t fd, uint64_t rights,
			 struct wrr_wasi_fd **out)
{
	if (fd >= wasi->fd_cap || wasi->fds[fd].host_fd < 0)
		return WASI_EBADF;
	struct wrr_wasi_fd *e = &wasi->fds[fd];
	if ((e->rights_base & rights) != rights)
		return WASI_ENOTCAPABLE;
	*out = e;
	return 0;
}

uint16_t wrr_wasi_fd_get_seek(struct wrr_wasi *wasi, uint32_t fd,
			      uint64_t rights, struct wrr_wasi_fd **out)
{
	uint16_t e = wrr_wasi_fd_get(wasi, fd, rights, out);
	if (e != WASI_ENOTCAPABLE)
		return e;
	switch (wasi->fds[fd].filetype) {
	case WASI_FILETYPE_UNKNOWN:
	case WASI_FILETYPE_CHARACTER_DEVICE:
	case WASI_FILETYPE_SOCKET_STREAM:
	case WASI_FILETYPE_SOCKET_DGRAM:
		return WASI_ESPIPE;
	}
	return e;
}

static void entry_free(struct wrr_wasi_fd *e)
{
	if (e->owned && e->host_fd >= 0)
		close(e->host_fd);
	free(e->preopen_name);
	free(e->dir_pos);
	memset(e, 0, sizeof *e);
	e->host_fd = -1;
}

uint16_t wrr_wasi_fd_insert(struct wrr_wasi *wasi,
			    const struct wrr_wasi_fd *entry, uint32_t *fd_out)
{
	uint32_t fd = 3; /* stdio numbers are only reached by renumber */
	while (fd < wasi->fd_cap && wasi->fds[fd].host_fd >= 0)
		fd++;
	if (fd == wasi->fd_cap) {
		struct wrr_wasi_fd copy = *entry;
		if (wasi->fd_cap >= WRR_WASI_FD_MAX) {
			entry_free(&copy);
			return WASI_EMFILE;
		}
		uint32_t ncap = wasi->fd_cap ? 2 * wasi->fd_cap : 16;
		if (ncap > WRR_WASI_FD_MAX)
			ncap = WRR_WASI_FD_MAX;
		struct wrr_wasi_fd *n = realloc(wasi->fds, ncap * sizeof *n);
		if (n == NULL) {
			entry_free(&copy);
			return WASI_ENOMEM;
		}
		for (uint32_t i = wasi->fd_cap; i < ncap; i++) {
			memset(&n[i], 0, sizeof n[i]);
			n[i].host_fd = -1;
		}
		wasi->fds = n;
		wasi->fd_cap = ncap;
	}
	wasi->fds[fd] = *entry;
	*fd_out = fd;
	return 0;
}

uint16_t wrr_wasi_fd_insert_out(struct wrr_wasi *wasi,
				const struct wrr_wasi_fd *entry,
				struct wrr_memory *mem, uint32_t out)
{
	uint32_t fd;
	uint16_t e = wrr_wasi_fd_insert(wasi, entry, &fd);
	if (e)
		return e;
	e = wrr_wasi_mem_write_u32(mem, out, fd);
	if (e)
		wrr_wasi_fd_release(wasi, fd);
	return e;
}

void wrr_wasi_fd_release(struct wrr_wasi *wasi, uint32_t fd)
{
	if (fd < wasi->fd_cap)
		entry_free(&wasi->fds[fd]);
}

uint8_t wrr_wasi_filetype_of_mode(mode_t mode, int host_fd)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return WASI_FILETYPE_REGULAR_FILE;
	case S_IFDIR: return WASI_FILETYPE_DIRECTORY;
	case S_IFCHR: return WASI_FILETYPE_CHARACTER_DEVICE;
	case S_IFBLK: return WASI_FILETYPE_BLOCK_DEVICE;
	case S_IFLNK: return WASI_FILETYPE_SYMBOLIC_LINK;
	case S_IFSOCK: {
		int type = SOCK_STREAM;
		socklen_t len = sizeof type;
		if (host_fd >= 0)
			getsockopt(host_fd, SOL_SOCKET, SO_TYPE, &type, &len);
		return type == SOCK_DGRAM ? WASI_FILETYPE_SOCKET_DGRAM :
					    WASI_FILETYPE_SOCKET_STREAM;
	}
	}
	return WASI_FILETYPE_UNKNOWN; /* FIFOs, as wasmtime reports them */
}

void wrr_wasi_rights_for(uint8_t filetype, bool tty, uint64_t *base,
			 uint64_t *inheriting)
{
	*inheriting = 0;
	switch (filetype) {
	case WASI_FILETYPE_DIRECTORY:
		*base = RIGHTS_DIR;
		*inheriting = RIGHTS_DIR | RIGHTS_FILE;
		break;
	case WASI_FILETYPE_REGULAR_FILE:
	case WASI_FILETYPE_BLOCK_DEVICE:
		*base = RIGHTS_FILE;
		break;
	case WASI_FILETYPE_CHARACTER_DEVICE:
		*base = tty ? RIGHTS_STREAM : RIGHTS_FILE;
		break;
	case WASI_FILETYPE_SOCKET_DGRAM:
	case WASI_FILETYPE_SOCKET_STREAM:
		*base = RIGHTS_SOCKET;
		break;
	default:
		*base = RIGHTS_STREAM;
		break;
	}
}
