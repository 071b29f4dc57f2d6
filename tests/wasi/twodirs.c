/* twodirs: two preopens (--dir A::/a --dir-ro B::/b --dir C::/a/inner):
 * fd numbers and names, path_rename/path_link between preopens, a
 * read-only one next to a writable one, the longest-prefix preopen. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

int main(void)
{
	const char *want[] = {"/a", "/b", "/a/inner"};
	for (int i = 0; i < 3; i++) {
		__wasi_prestat_t ps;
		char name[32] = {0};
		CHECK_WASI(__wasi_fd_prestat_get(3 + i, &ps), 0);
		CHECK(ps.u.dir.pr_name_len == strlen(want[i]));
		CHECK_WASI(__wasi_fd_prestat_dir_name(3 + i, (uint8_t *)name,
						      ps.u.dir.pr_name_len), 0);
		CHECK(strcmp(name, want[i]) == 0);
	}
	int fd = open("/a/x", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0 && write(fd, "xx", 2) == 2 && close(fd) == 0);
	/* Between two writable preopens (/a and /a/inner are distinct
	 * host directories). */
	CHECK_WASI(__wasi_path_rename(3, "x", 5, "moved"), 0);
	struct stat st;
	CHECK(stat("/a/inner/moved", &st) == 0 && st.st_size == 2);
	CHECK_WASI(__wasi_path_link(5, 0, "moved", 3, "linked"), 0);
	CHECK(stat("/a/linked", &st) == 0 && st.st_nlink == 2);
	/* Into or out of the read-only preopen: refused. */
	CHECK(__wasi_path_rename(3, "linked", 4, "stolen") != 0);
	CHECK(__wasi_path_rename(4, "ro.txt", 3, "taken") != 0);
	CHECK(__wasi_path_link(4, 0, "ro.txt", 3, "l2") == 0 ||
	      stat("/a/l2", &st) == -1);
	CHECK(stat("/b/ro.txt", &st) == 0);
	CHECK(stat("/b/stolen", &st) == -1);
	unlink("/a/l2");
	CHECK(unlink("/a/linked") == 0 && unlink("/a/inner/moved") == 0);
	return check_report();
}
