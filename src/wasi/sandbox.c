/*
 * sandbox.c — path resolution that never leaves a preopened directory.
 *
 * Guest paths are relative to a directory fd (a preopen, or a directory
 * opened through one). Two resolvers, same semantics:
 *   - openat2(2) with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS when the kernel
 *     has it: the kernel refuses `..` above the root, absolute paths and
 *     absolute symlinks (EXDEV) atomically;
 *   - otherwise a component-by-component walk: each directory is opened with
 *     openat(O_PATH|O_DIRECTORY|O_NOFOLLOW) relative to the previous one,
 *     symlinks are read and spliced into the remaining path by us (at most
 *     WRR_WASI_SYMLOOP_MAX, then ELOOP), and `..` pops our own stack of
 *     directory fds, refusing to pop the root.
 * Either way the result is a directory *fd* plus one component, and callers
 * use the *at() system calls on it with AT_SYMLINK_NOFOLLOW / O_NOFOLLOW: no
 * string path is ever re-resolved by the host kernel from the root, so a
 * concurrent rename or symlink swap cannot make an operation escape.
 *
 * Escapes are WASI ENOTCAPABLE (wasmtime reports EPERM or ENOTCAPABLE
 * depending on the version; wasi-testsuite accepts both).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wasi/wasi_internal.h"

/* Working buffer for a path with one symlink spliced in. */
#define WALK_BUF (2 * (WRR_WASI_PATH_MAX + 1))
/* openat2 may fail with EAGAIN when a rename races with `..`; retry. */
#define OPENAT2_RETRIES 32

static int sys_openat2(int dirfd, const char *path, uint64_t flags,
		       uint64_t mode)
{
	struct open_how how;
	memset(&how, 0, sizeof how);
	how.flags = flags;
	how.mode = mode;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	for (int i = 0;; i++) {
		long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
		if (fd >= 0 || errno != EAGAIN || i == OPENAT2_RETRIES)
			return (int)fd;
	}
}

bool wrr_wasi_have_openat2(void)
{
	int fd = sys_openat2(AT_FDCWD, ".", O_PATH | O_DIRECTORY | O_CLOEXEC,
			     0);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* WASI errno for a failed openat2: EXDEV is its word for "escapes". */
static uint16_t openat2_errno(int e)
{
	return e == EXDEV ? WASI_ENOTCAPABLE : wrr_wasi_errno_from_host(e);
}

/* The manual walk: opens relpath (all components directories, every
 * symlink followed) beneath root. See the file comment. */
static uint16_t walk_dirs(int root, const char *relpath, int *fd_out)
{
	char path[WALK_BUF], tmp[WALK_BUF];
	int *stack = NULL;
	uint32_t depth = 0, cap = 0;
	unsigned links = 0;
	uint16_t err = 0;
	size_t p = 0;

	size_t len = strlen(relpath);
	if (len >= WALK_BUF)
		return WASI_ENAMETOOLONG;
	memcpy(path, relpath, len + 1);
	if (path[0] == '/')
		return WASI_ENOTCAPABLE;

	for (;;) {
		while (path[p] == '/')
			p++;
		if (path[p] == '\0')
			break;
		size_t start = p;
		while (path[p] != '\0' && path[p] != '/')
			p++;
		size_t n = p - start;
		if (n > WRR_WASI_NAME_MAX) {
			err = WASI_ENAMETOOLONG;
			break;
		}
		char comp[WRR_WASI_NAME_MAX + 1];
		memcpy(comp, path + start, n);
		comp[n] = '\0';
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			if (depth == 0) {
				err = WASI_ENOTCAPABLE;
				break;
			}
			close(stack[--depth]);
			continue;
		}
		int top = depth > 0 ? stack[depth - 1] : root;
		int fd = openat(top, comp,
				O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0) {
			if (depth == cap) {
				uint32_t ncap = cap ? 2 * cap : 16;
				int *ns = realloc(stack, ncap * sizeof *ns);
				if (ns == NULL) {
					close(fd);
					err = WASI_ENOMEM;
					break;
				}
				stack = ns;
				cap = ncap;
			}
			stack[depth++] = fd;
			continue;
		}
		int e = errno;
		if (e == ENOTDIR || e == ELOOP) {
			ssize_t t = readlinkat(top, comp, tmp, sizeof tmp - 1);
			if (t >= 0) {
				/* A symlink: splice its target in front of
				 * the rest, resolved from the same place. */
				size_t rest = strlen(path + p);
				if (++links > WRR_WASI_SYMLOOP_MAX)
					err = WASI_ELOOP;
				else if (t == 0)
					err = WASI_ENOENT;
				else if (tmp[0] == '/')
					err = WASI_ENOTCAPABLE;
				else if ((size_t)t + 1 + rest + 1 > sizeof tmp)
					err = WASI_ENAMETOOLONG;
				if (err)
					break;
				tmp[t] = '/';
				memcpy(tmp + t + 1, path + p, rest + 1);
				memcpy(path, tmp, (size_t)t + 1 + rest + 1);
				p = 0;
				continue;
			}
		}
		err = wrr_wasi_errno_from_host(e);
		break;
	}

	if (err == 0) {
		if (depth > 0) {
			*fd_out = stack[--depth];
		} else {
			*fd_out = openat(root, ".",
					 O_PATH | O_DIRECTORY | O_CLOEXEC);
			if (*fd_out < 0)
				err = wrr_wasi_errno_from_host(errno);
		}
	}
	while (depth > 0)
		close(stack[--depth]);
	free(stack);
	return err;
}

/* Opens the directory relpath ("" = root itself) beneath root as O_PATH. */
static uint16_t open_dir_beneath(int root, const char *relpath, bool openat2,
				 int *fd_out)
{
	if (relpath[0] == '/')
		return WASI_ENOTCAPABLE;
	if (!openat2)
		return walk_dirs(root, relpath, fd_out);
	int fd = sys_openat2(root, relpath[0] ? relpath : ".",
			     O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (fd < 0)
		return openat2_errno(errno);
	*fd_out = fd;
	return 0;
}

uint16_t wrr_wasi_sandbox_at(int root_fd, const char *path, bool follow,
			     bool openat2, struct wrr_wasi_at *out)
{
	char buf[WALK_BUF];
	unsigned links = 0;

	out->dirfd = -1;
	out->trailing_slash = false;
	out->name[0] = '\0';
	size_t len = strlen(path);
	if (len > WRR_WASI_PATH_MAX)
		return WASI_ENAMETOOLONG;
	memcpy(buf, path, len + 1);

	for (;;) {
		len = strlen(buf);
		if (len == 0)
			return WASI_ENOENT;
		if (buf[0] == '/')
			return WASI_ENOTCAPABLE;
		bool trailing = false;
		while (buf[len - 1] == '/') {
			trailing = true;
			buf[--len] = '\0';
		}
		char *slash = strrchr(buf, '/');
		const char *last = slash ? slash + 1 : buf;
		size_t last_len = strlen(last);
		if (last_len > WRR_WASI_NAME_MAX)
			return WASI_ENAMETOOLONG;
		int fd;
		uint16_t err;
		if (strcmp(last, ".") == 0 || strcmp(last, "..") == 0) {
			/* The path names a directory itself. */
			err = open_dir_beneath(root_fd, buf, openat2, &fd);
			if (err)
				return err;
			out->dirfd = fd;
			out->trailing_slash = trailing;
			strcpy(out->name, ".");
			return 0;
		}
		char name[WRR_WASI_NAME_MAX + 1];
		memcpy(name, last, last_len + 1);
		if (slash)
			slash[1] = '\0'; /* keep "dir/" (root if "x" alone) */
		else
			buf[0] = '\0';
		err = open_dir_beneath(root_fd, buf, openat2, &fd);
		if (err)
			return err;
		if (follow) {
			char target[WRR_WASI_PATH_MAX + 1];
			ssize_t t = readlinkat(fd, name, target,
					       sizeof target - 1);
			if (t >= 0) {
				close(fd);
				if (++links > WRR_WASI_SYMLOOP_MAX)
					return WASI_ELOOP;
				if (t == 0)
					return WASI_ENOENT;
				if (target[0] == '/')
					return WASI_ENOTCAPABLE;
				size_t dlen = strlen(buf);
				if (dlen + (size_t)t + 2 > sizeof buf)
					return WASI_ENAMETOOLONG;
				/* dir part + target (+ the trailing slash),
				 * resolved again from the root: `..` in the
				 * target stays bounded by the root. */
				memcpy(buf + dlen, target, (size_t)t);
				buf[dlen + t] = '\0';
				if (trailing)
					strcat(buf, "/");
				continue;
			}
		}
		out->dirfd = fd;
		out->trailing_slash = trailing;
		memcpy(out->name, name, last_len + 1);
		return 0;
	}
}

void wrr_wasi_at_release(struct wrr_wasi_at *at)
{
	if (at->dirfd >= 0)
		close(at->dirfd);
	at->dirfd = -1;
}

uint16_t wrr_wasi_sandbox_open(int root_fd, const char *path, int flags,
			       mode_t mode, bool follow, bool openat2,
			       int *fd_out)
{
	if (path[0] == '\0')
		return WASI_ENOENT;
	if (path[0] == '/')
		return WASI_ENOTCAPABLE;
	if (strlen(path) > WRR_WASI_PATH_MAX)
		return WASI_ENAMETOOLONG;
	flags |= O_CLOEXEC;
	if (!(flags & O_CREAT) && (flags & O_TMPFILE) != O_TMPFILE)
		mode = 0; /* openat2 rejects a mode it would not use */
	if (openat2) {
		int fd = sys_openat2(root_fd, path,
				     (uint64_t)(flags | (follow ? 0 : O_NOFOLLOW)),
				     mode);
		if (fd < 0)
			return openat2_errno(errno);
		*fd_out = fd;
		return 0;
	}
	/* O_CREAT|O_EXCL never follows a last symlink (EEXIST), as open(2). */
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		follow = false;
	struct wrr_wasi_at at;
	uint16_t err = wrr_wasi_sandbox_at(root_fd, path, follow, false, &at);
	if (err)
		return err;
	if (at.trailing_slash)
		flags |= O_DIRECTORY;
	int fd = openat(at.dirfd, at.name, flags | O_NOFOLLOW, mode);
	int e = errno;
	wrr_wasi_at_release(&at);
	if (fd < 0)
		return wrr_wasi_errno_from_host(e);
	*fd_out = fd;
	return 0;
}
