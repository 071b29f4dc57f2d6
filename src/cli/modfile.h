/*
 * modfile.h — module bytes mapped from their file instead of read into
 * memory, so that the pages can be given back once decoding, validation
 * and instantiation are done (a 30 MB module would otherwise stay resident
 * for the whole run; only the bodies lowered later, exec/lazy.h, are read
 * again).
 *
 * The mapping is read-only and private (MAP_PRIVATE, PROT_READ): pages
 * released with wrr_modfile_release are read again from the page cache on
 * the next access. The file must not change while wrr runs (as for any
 * mapped executable; a truncated file raises SIGBUS, a rewritten body is
 * refused when it is lowered, exec/lazy.c).
 */
#ifndef WRR_CLI_MODFILE_H
#define WRR_CLI_MODFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Maps the regular file at path, of at most max_size bytes. Returns 1 with
 * *bytes / *size set (free with wrr_modfile_unmap), 0 when the file is not
 * a non-empty regular file or mmap is refused (read it instead), -1 with
 * errno set when it cannot be opened, or is over max_size (EFBIG). */
int wrr_modfile_map(const char *path, size_t max_size, uint8_t **bytes,
		    size_t *size);

/* Gives back the resident pages of [p, p + n), which must lie inside a
 * read-only private file mapping (wrr_modfile_map's, or a trace's): only
 * the pages wholly inside the range (madvise MADV_DONTNEED). The bytes stay
 * readable. */
void wrr_modfile_release(const void *p, size_t n);

void wrr_modfile_unmap(uint8_t *bytes, size_t size);

struct wrr_module;

/* After a run is over (its trap and backtrace printed): frees the module's
 * lowered code (wrr_module_drop_code, exec/lazy.h) and gives the freed heap
 * pages back to the system, so that the final memory hash of record and
 * replay, which makes all of linear memory resident, does not add to the
 * run's peak. module may be NULL. */
void wrr_modfile_run_over(struct wrr_module *module);

#endif
