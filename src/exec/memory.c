/*
 * memory.c — linear memory instances (spec §4.2.8, memory.grow §4.4.7) and
 * the guest-memory API through which host code reads and writes them.
 *
 * The reachable range (declared max pages, capped by the store's
 * max_memory_pages) is reserved once with PROT_NONE, so the base address
 * never moves; growing mprotects more of it read/write. Bounds are always
 * checked explicitly against `size`; the reservation is not a guard.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/runtime.h"

static uint32_t reachable_pages(const struct wrr_store *store, uint32_t max,
				bool has_max)
{
	uint32_t cap = store->limits.max_memory_pages;
	if (has_max && max < cap)
		cap = max;
	return cap;
}

struct wrr_memory *wrr_memory_create(struct wrr_store *store, uint32_t min,
				     uint32_t max, bool has_max)
{
	uint32_t reach = reachable_pages(store, max, has_max);
	if (min > reach)
		return NULL;
	struct wrr_memory *m = calloc(1, sizeof *m);
	if (m == NULL)
		return NULL;
	m->store = store;
	m->max = has_max ? max : UINT32_MAX;
	m->has_max = has_max;
	m->reserved_pages = reach;
	/* Reserve at least one page so that data is a valid mapping. */
	m->reserved_bytes = (size_t)(reach ? reach : 1) * WRR_PAGE_SIZE;
	void *p = mmap(NULL, m->reserved_bytes, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		free(m);
		return NULL;
	}
	m->data = p;
	if (min != 0 &&
	    mprotect(p, (size_t)min * WRR_PAGE_SIZE, PROT_READ | PROT_WRITE)) {
		munmap(p, m->reserved_bytes);
		free(m);
		return NULL;
	}
	m->pages = min;
	m->size = (uint64_t)min * WRR_PAGE_SIZE;
	m->next = store->memories;
	store->memories = m;
	return m;
}

void wrr_memory_destroy(struct wrr_memory *memory)
{
	munmap(memory->data, memory->reserved_bytes);
	free(memory);
}

struct wrr_memory *wrr_memory_new(struct wrr_store *store, uint32_t min_pages,
				  uint32_t max_pages, bool has_max)
{
	return wrr_memory_create(store, min_pages, max_pages, has_max);
}

int32_t wrr_memory_grow(struct wrr_memory *m, uint32_t delta)
{
	uint32_t old = m->pages;
	if (delta == 0)
		return (int32_t)old;
	uint64_t want = (uint64_t)old + delta;
	if (want > m->reserved_pages)
		return -1;
	if (mprotect(m->data + m->size, (size_t)delta * WRR_PAGE_SIZE,
		     PROT_READ | PROT_WRITE) != 0)
		return -1;
	m->pages = (uint32_t)want;
	m->size = want * WRR_PAGE_SIZE;
	return (int32_t)old;
}

/* ------------------------------------------------------ guest memory API */

uint64_t wrr_memory_size(const struct wrr_memory *memory)
{
	return memory->size;
}

static bool in_bounds(const struct wrr_memory *m, wrr_gptr at, uint32_t len)
{
	return (uint64_t)at.addr + len <= m->size;
}

bool wrr_memory_read(const struct wrr_memory *memory, wrr_gptr at, void *dst,
		     uint32_t len)
{
	if (!in_bounds(memory, at, len))
		return false;
	if (len != 0)
		memcpy(dst, memory->data + at.addr, len);
	return true;
}

bool wrr_memory_write(struct wrr_memory *memory, wrr_gptr at,
		      const void *src, uint32_t len)
{
	if (!in_bounds(memory, at, len))
		return false;
	if (len != 0)
		memcpy(memory->data + at.addr, src, len);
	struct wrr_store *store = memory->store;
	if (store->has_observer && store->observer.wrote != NULL)
		store->observer.wrote(store->observer.ctx, memory, at,
				      memory->data + at.addr, len);
	return true;
}

bool wrr_memory_read_u32(const struct wrr_memory *memory, wrr_gptr at,
			 uint32_t *out)
{
	return wrr_memory_read(memory, at, out, sizeof *out);
}

bool wrr_memory_read_u64(const struct wrr_memory *memory, wrr_gptr at,
			 uint64_t *out)
{
	return wrr_memory_read(memory, at, out, sizeof *out);
}

bool wrr_memory_write_u32(struct wrr_memory *memory, wrr_gptr at,
			  uint32_t value)
{
	return wrr_memory_write(memory, at, &value, sizeof value);
}

bool wrr_memory_write_u64(struct wrr_memory *memory, wrr_gptr at,
			  uint64_t value)
{
	return wrr_memory_write(memory, at, &value, sizeof value);
}

uint64_t wrr_memory_hash(const struct wrr_memory *memory)
{
	uint64_t h = 0xcbf29ce484222325ull;
	const uint8_t *p = memory->data;
	for (uint64_t i = 0; i < memory->size; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}
