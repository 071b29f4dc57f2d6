/*
 * readdir: a directory of 1000 files read through readdir(3), and through
 * fd_readdir directly with small buffers resumed from cookies (every name
 * exactly once, also while files are added), rewinddir/seekdir, fd_readdir
 * on a file. Run with `--dir EMPTY_DIR::/big` [modify].
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

enum { N = 1000 };

static int name_index(const char *name, size_t len)
{
	if (len < 2 || name[0] != 'f')
		return -1;
	int v = 0;
	for (size_t i = 1; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return v < N ? v : -1;
}

static void make_extra(int count)
{
	char path[64];
	for (int i = 0; i < count; i++) {
		snprintf(path, sizeof path, "/big/extra%d", i);
		int fd = open(path, O_CREAT | O_WRONLY, 0644);
		CHECK(fd >= 0);
		if (fd >= 0)
			close(fd);
	}
}

/* Reads the whole directory with fd_readdir and a buf_size buffer. With
 * modify, creates 200 more files after the first batch: the original
 * entries must still come exactly once (new ones may or may not). */
static void raw_scan(int fd, size_t buf_size, int modify)
{
	static unsigned char seen[N];
	memset(seen, 0, sizeof seen);
	uint8_t *buf = malloc(buf_size);
	__wasi_dircookie_t cookie = __WASI_DIRCOOKIE_START;
	int dots = 0, others = 0, calls = 0;
	for (;;) {
		__wasi_size_t used = 0;
		int e = __wasi_fd_readdir(fd, buf, buf_size, cookie, &used);
		CHECK(e == 0);
		if (e != 0 || ++calls > 100000)
			break;
		size_t off = 0, progress = 0;
		while (off + sizeof(__wasi_dirent_t) <= used) {
			__wasi_dirent_t de;
			memcpy(&de, buf + off, sizeof de);
			size_t name_off = off + sizeof de;
			if (name_off + de.d_namlen > used)
				break; /* truncated entry: ask again */
			const char *name = (const char *)buf + name_off;
			int i = name_index(name, de.d_namlen);
			if (i >= 0) {
				seen[i]++;
				CHECK(de.d_type == __WASI_FILETYPE_REGULAR_FILE);
			} else if ((de.d_namlen == 1 && name[0] == '.') ||
				   (de.d_namlen == 2 && name[0] == '.' &&
				    name[1] == '.')) {
				dots++;
				CHECK(de.d_type == __WASI_FILETYPE_DIRECTORY);
			} else if (!modify) {
				others++;
			}
			cookie = de.d_next;
			off = name_off + de.d_namlen;
			progress++;
		}
		if (modify && calls == 1)
			make_extra(200);
		if (used < buf_size)
			break; /* end of directory */
		CHECK(progress > 0 || buf_size < sizeof(__wasi_dirent_t) + 5);
		if (progress == 0)
			break;
	}
	int missing = 0, dup = 0;
	for (int i = 0; i < N; i++)
		missing += seen[i] == 0, dup += seen[i] > 1;
	CHECK(missing == 0);
	CHECK(dup == 0);
	CHECK(others == 0);
	CHECK(dots == 0 || dots == 2);
	free(buf);
}

int main(int argc, char **argv)
{
	/* argv[1] "modify": also scan while adding files (node:wasi fails
	 * that one: it repeats entries). */
	int modify_too = argc > 1 && strcmp(argv[1], "modify") == 0;
	char path[64];
	for (int i = 0; i < N; i++) {
		snprintf(path, sizeof path, "/big/f%d", i);
		int fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0644);
		CHECK(fd >= 0);
		if (fd >= 0)
			close(fd);
	}
	DIR *d = opendir("/big");
	CHECK(d != NULL);
	if (d == NULL)
		return check_report();
	int count = 0;
	long mid = -1;
	char mid_name[32] = "";
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (name_index(de->d_name, strlen(de->d_name)) >= 0) {
			count++;
			CHECK(de->d_type == DT_REG);
		}
		if (count == 500 && mid < 0) {
			mid = telldir(d);
			de = readdir(d);
			if (de != NULL)
				snprintf(mid_name, sizeof mid_name, "%s",
					 de->d_name);
			count += de != NULL &&
				 name_index(de->d_name,
					    strlen(de->d_name)) >= 0;
		}
	}
	CHECK(count == N);
	seekdir(d, mid);
	de = readdir(d);
	CHECK(de != NULL && strcmp(de->d_name, mid_name) == 0);
	rewinddir(d);
	count = 0;
	while ((de = readdir(d)) != NULL)
		count += name_index(de->d_name, strlen(de->d_name)) >= 0;
	CHECK(count == N);
	int fd = dirfd(d);
	raw_scan(fd, 4096, 0);
	raw_scan(fd, 100, 0);
	raw_scan(fd, 37, 0); /* smaller than some entries */
	raw_scan(fd, 1 << 20, 0);
	if (modify_too)
		raw_scan(fd, 2000, 1);
	/* A cookie past the end gives an empty read. */
	__wasi_size_t used = 1;
	uint8_t buf[256];
	CHECK_WASI(__wasi_fd_readdir(fd, buf, sizeof buf, 1u << 30, &used),
		   0);
	CHECK(used == 0);
	closedir(d);

	int f = open("/big/f1", O_RDONLY);
	int e = __wasi_fd_readdir(f, buf, sizeof buf, 0, &used);
	CHECK(e == __WASI_ERRNO_NOTDIR || e == __WASI_ERRNO_BADF ||
	      e == __WASI_ERRNO_NOTCAPABLE);
	close(f);
	CHECK_WASI(__wasi_fd_readdir(99, buf, sizeof buf, 0, &used),
		   __WASI_ERRNO_BADF);
	for (int i = 0; i < N; i++) {
		snprintf(path, sizeof path, "/big/f%d", i);
		CHECK(unlink(path) == 0);
	}
	for (int i = 0; modify_too && i < 200; i++) {
		snprintf(path, sizeof path, "/big/extra%d", i);
		CHECK(unlink(path) == 0);
	}
	return check_report();
}
