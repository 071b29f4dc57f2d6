/*
 * sandbox: escapes from the preopened directory must all fail: "..",
 * absolute paths, symlinks out (relative and absolute), symlink loops,
 * creating/renaming/linking/removing outside. run.sh builds the tree (see
 * setup_sandbox there), preopens it as /sb, and checks afterwards that
 * nothing outside changed. Legitimate paths that stay inside must work.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

static const __wasi_rights_t R = __WASI_RIGHTS_FD_READ |
				 __WASI_RIGHTS_FD_SEEK |
				 __WASI_RIGHTS_FD_FILESTAT_GET;
static const __wasi_lookupflags_t FOLLOW = __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;

/* Opening `path` (following symlinks) must fail. */
static void no_open(const char *path, int line)
{
	__wasi_fd_t fd = 12345;
	int e = __wasi_path_open(3, FOLLOW, path, 0, R, 0, 0, &fd);
	if (e == 0) {
		printf("FAIL sandbox.c:%d: opened '%s'\n", line, path);
		check_failures++;
		(void)__wasi_fd_close(fd);
	}
	e = __wasi_path_open(3, 0, path, 0, R, 0, 0, &fd);
	if (e == 0) {
		printf("FAIL sandbox.c:%d: opened '%s' (nofollow)\n", line,
		       path);
		check_failures++;
		(void)__wasi_fd_close(fd);
	}
	__wasi_filestat_t st;
	if (__wasi_path_filestat_get(3, FOLLOW, path, &st) == 0) {
		printf("FAIL sandbox.c:%d: stat '%s'\n", line, path);
		check_failures++;
	}
}
#define NO_OPEN(p) no_open(p, __LINE__)

/* Opening `path` must work and read `want`. */
static void reads(const char *path, const char *want, int line)
{
	__wasi_fd_t fd;
	int e = __wasi_path_open(3, FOLLOW, path, 0, R, 0, 0, &fd);
	char buf[64] = {0};
	__wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
	__wasi_size_t n = 0;
	if (e == 0)
		e = __wasi_fd_read(fd, &iov, 1, &n);
	if (e != 0 || strncmp(buf, want, strlen(want)) != 0) {
		printf("FAIL sandbox.c:%d: reading '%s': errno %d, got '%s'\n",
		       line, path, e, buf);
		check_failures++;
	}
	(void)__wasi_fd_close(fd);
}
#define READS(p, w) reads(p, w, __LINE__)

/* path_open with a raw (pointer, length) path. */
int32_t raw_path_open(int32_t fd, int32_t dirflags, const char *path,
		      int32_t path_len, int32_t oflags, int64_t base,
		      int64_t inheriting, int32_t fdflags, __wasi_fd_t *out)
	__attribute__((import_module("wasi_snapshot_preview1"),
		       import_name("path_open")));

int main(void)
{
	/* An embedded NUL must not cut the path short ("sub/file.txt\0.."
	 * is not "sub/file.txt"). */
	__wasi_fd_t nfd;
	CHECK(raw_path_open(3, FOLLOW, "sub/file.txt\0/../../x", 22, 0, R, 0,
			    0, &nfd) != 0);
	CHECK(raw_path_open(3, FOLLOW, "sub/file.txt", 12, 0, R, 0, 0,
			    &nfd) == 0);
	(void)__wasi_fd_close(nfd);
	/* The length is what counts, not a NUL after it. */
	CHECK(raw_path_open(3, FOLLOW, "sub/file.txtXYZ", 12, 0, R, 0, 0,
			    &nfd) == 0);
	(void)__wasi_fd_close(nfd);

	/* Inside: fine, including ".." that stays inside. */
	READS("sub/file.txt", "inside");
	READS("./sub/./file.txt", "inside");
	READS("sub/../sub/file.txt", "inside");
	READS("inside", "inside");
	READS("sub/back", "inside");

	/* Escapes. */
	NO_OPEN("..");
	NO_OPEN("../outside/secret.txt");
	NO_OPEN("sub/../../outside/secret.txt");
	NO_OPEN("sub/../..");
	NO_OPEN("/etc/passwd");
	NO_OPEN("/");
	NO_OPEN("out");
	NO_OPEN("outdir/secret.txt");
	NO_OPEN("abs/passwd");
	NO_OPEN("up/outside/secret.txt");
	NO_OPEN("sub/esc");
	NO_OPEN("sub/esc/");
	NO_OPEN("loop");

	__wasi_fd_t fd;
	CHECK_WASI(__wasi_path_open(3, FOLLOW, "loop", 0, R, 0, 0, &fd),
		   __WASI_ERRNO_LOOP);
	/* The links themselves are inside: lstat and readlink work. */
	__wasi_filestat_t st;
	CHECK_WASI(__wasi_path_filestat_get(3, 0, "out", &st), 0);
	CHECK(st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK);
	char lb[64] = {0};
	__wasi_size_t ln = 0;
	CHECK_WASI(__wasi_path_readlink(3, "out", (uint8_t *)lb, sizeof lb,
					&ln), 0);
	CHECK(ln == 21 && memcmp(lb, "../outside/secret.txt", 21) == 0);

	/* Directory fds reached through an escape are refused too. */
	CHECK(__wasi_path_open(3, FOLLOW, "outdir", __WASI_OFLAGS_DIRECTORY,
			       __WASI_RIGHTS_PATH_OPEN, R, 0, &fd) != 0);
	/* A sub-directory fd cannot climb above the preopen either. */
	__wasi_fd_t sub;
	CHECK_WASI(__wasi_path_open(3, 0, "sub", __WASI_OFLAGS_DIRECTORY,
				    __WASI_RIGHTS_PATH_OPEN |
				    __WASI_RIGHTS_FD_READDIR, R, 0, &sub), 0);
	CHECK(__wasi_path_open(sub, FOLLOW, "../../outside/secret.txt", 0, R,
			       0, 0, &fd) != 0);
	CHECK(__wasi_path_open(sub, FOLLOW, "esc", 0, R, 0, 0, &fd) != 0);
	(void)__wasi_fd_close(sub);

	/* Changes outside must fail (run.sh checks nothing appeared). */
	CHECK(__wasi_path_create_directory(3, "../newdir") != 0);
	CHECK(__wasi_path_create_directory(3, "outdir/newdir") != 0);
	CHECK(__wasi_path_open(3, FOLLOW, "../created.txt",
			       __WASI_OFLAGS_CREAT, R |
			       __WASI_RIGHTS_FD_WRITE, 0, 0, &fd) != 0);
	CHECK(__wasi_path_open(3, FOLLOW, "outdir/created.txt",
			       __WASI_OFLAGS_CREAT, R |
			       __WASI_RIGHTS_FD_WRITE, 0, 0, &fd) != 0);
	CHECK(__wasi_path_open(3, FOLLOW, "out", __WASI_OFLAGS_TRUNC,
			       R | __WASI_RIGHTS_FD_WRITE, 0, 0, &fd) != 0);
	CHECK(__wasi_path_unlink_file(3, "../outside/secret.txt") != 0);
	CHECK(__wasi_path_unlink_file(3, "outdir/secret.txt") != 0);
	CHECK(__wasi_path_remove_directory(3, "../outside") != 0);
	CHECK(__wasi_path_rename(3, "sub/file.txt", 3, "../stolen.txt") != 0);
	CHECK(__wasi_path_rename(3, "../outside/secret.txt", 3, "got") != 0);
	CHECK(__wasi_path_rename(3, "sub/file.txt", 3, "outdir/s.txt") != 0);
	CHECK(__wasi_path_link(3, 0, "sub/file.txt", 3, "../linked") != 0);
	CHECK(__wasi_path_link(3, FOLLOW, "out", 3, "hardout") != 0);
	CHECK(__wasi_path_link(3, 0, "../outside/secret.txt", 3, "h2") != 0);
	CHECK(__wasi_path_symlink("sub/file.txt", 3, "../symout") != 0);
	CHECK(__wasi_path_filestat_set_times(3, FOLLOW, "out", 1, 1,
			__WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM) != 0);
	CHECK(__wasi_path_filestat_set_times(3, 0, "../outside", 1, 1,
			__WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM) != 0);

	/* New symlinks pointing out may be created (or refused) but never
	 * followed. */
	if (__wasi_path_symlink("/etc/passwd", 3, "newabs") == 0) {
		NO_OPEN("newabs");
		CHECK_WASI(__wasi_path_unlink_file(3, "newabs"), 0);
	}
	if (__wasi_path_symlink("../outside/secret.txt", 3, "newrel") == 0) {
		NO_OPEN("newrel");
		CHECK_WASI(__wasi_path_unlink_file(3, "newrel"), 0);
	}

	/* Through libc: wasi-libc maps "/sb/..." to the preopen. */
	CHECK(open("/sb/../outside/secret.txt", O_RDONLY) == -1);
	CHECK(open("/sb/out", O_RDONLY) == -1);
	CHECK(open("/etc/passwd", O_RDONLY) == -1);
	CHECK(open("/sb/sub/file.txt", O_RDONLY) >= 0);
	struct stat s;
	CHECK(stat("/sb/abs/passwd", &s) == -1);
	return check_report();
}
