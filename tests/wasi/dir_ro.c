/* dir_ro: a read-only preopen (--dir-ro HOST::/ro holding file.txt =
 * "read me"): reading works, every change fails. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

int main(void)
{
	char buf[16] = {0};
	int fd = open("/ro/file.txt", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, sizeof buf) == 7 &&
	      memcmp(buf, "read me", 7) == 0);
	CHECK(fd < 0 || write(fd, "x", 1) == -1);
	CHECK(fd < 0 || close(fd) == 0);
	CHECK(open("/ro/file.txt", O_WRONLY) == -1);
	CHECK(open("/ro/file.txt", O_RDWR) == -1);
	CHECK(open("/ro/file.txt", O_RDONLY | O_TRUNC) == -1);
	CHECK(open("/ro/new.txt", O_CREAT | O_WRONLY, 0644) == -1);
	CHECK(mkdir("/ro/d", 0755) == -1);
	CHECK(unlink("/ro/file.txt") == -1);
	CHECK(rename("/ro/file.txt", "/ro/moved.txt") == -1);
	CHECK(symlink("file.txt", "/ro/link") == -1);
	CHECK(link("/ro/file.txt", "/ro/hard") == -1);
	CHECK(rmdir("/ro/sub") == -1);
	struct timespec ts[2] = {{1, 0}, {1, 0}};
	CHECK(utimensat(AT_FDCWD, "/ro/file.txt", ts, 0) == -1);
	struct stat st;
	CHECK(stat("/ro/file.txt", &st) == 0 && st.st_size == 7);
	return check_report();
}
