/*
 * modfile.c — mapping a module file read-only and giving its pages back
 * (see cli/modfile.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/modfile.h"
#include "exec/lazy.h"

int wrr_modfile_map(const char *path, size_t max_size, uint8_t **bytes,
		    size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		close(fd);
		return 0;
	}
	if ((uint64_t)st.st_size > max_size) {
		close(fd);
		errno = EFBIG;
		return -1;
	}
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
			 0);
	close(fd);
	if (map == MAP_FAILED)
		return 0;
	madvise(map, (size_t)st.st_size, MADV_RANDOM);
	*bytes = map;
	*size = (size_t)st.st_size;
	return 1;
}

void wrr_modfile_release(const void *p, size_t n)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t to = ((uintptr_t)p + n) & ~(page - 1);
	if (to > from)
		madvise((void *)from, to - from, MADV_DONTNEED);
}

void wrr_modfile_unmap(uint8_t *bytes, size_t size)
{
	if (bytes != NULL)
		munmap(bytes, size);
}

void wrr_modfile_run_over(struct wrr_module *module)
{
	if (module == NULL)
		return;
	wrr_module_drop_code(module);
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}
