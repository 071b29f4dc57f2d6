/*
 * hashmap — an open-addressing hash map (linear probing, backward-shift
 * deletion) with 64-bit keys on a large heap: a 64 MiB table plus
 * malloc'd value records, so loads miss the cache and memory grows to
 * around 100 MiB. Measures random memory access, 64-bit arithmetic and the
 * memory.grow path through malloc.
 *
 * Scale: hundreds of thousands of keys inserted (lookups are 4x that).
 * Output: hit counts and checksums of the looked-up values.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

#define EMPTY 0ull  /* key 0 is never inserted */

struct slot {
	uint64_t key;
	uint32_t value;    /* index into the record pool */
	uint32_t probe;    /* unused padding, kept for a 16-byte slot */
};

struct record {
	uint32_t id;
	uint32_t len;
	uint8_t bytes[];   /* len bytes */
};

struct map {
	struct slot *slots;
	uint32_t mask;     /* capacity - 1, capacity a power of two */
	uint32_t count;
};

static uint32_t slot_of(const struct map *m, uint64_t key)
{
	return (uint32_t)(key ^ (key >> 29)) & m->mask;
}

/* Returns the slot index holding key, or the empty slot where it would go. */
static uint32_t map_find(const struct map *m, uint64_t key)
{
	uint32_t i = slot_of(m, key);

	while (m->slots[i].key != EMPTY && m->slots[i].key != key)
		i = (i + 1) & m->mask;
	return i;
}

static void map_put(struct map *m, uint64_t key, uint32_t value)
{
	uint32_t i = map_find(m, key);

	if (m->slots[i].key == EMPTY)
		m->count++;
	m->slots[i].key = key;
	m->slots[i].value = value;
}

/* Backward-shift deletion: moves later members of the probe run back so
 * lookups never need tombstones. */
static int map_delete(struct map *m, uint64_t key)
{
	uint32_t i = map_find(m, key), j = i;

	if (m->slots[i].key == EMPTY)
		return 0;
	for (;;) {
		uint32_t home;

		j = (j + 1) & m->mask;
		if (m->slots[j].key == EMPTY)
			break;
		home = slot_of(m, m->slots[j].key);
		/* Move slot j into the hole i unless its home lies in (i, j]. */
		if (((j - home) & m->mask) >= ((j - i) & m->mask)) {
			m->slots[i] = m->slots[j];
			i = j;
		}
	}
	m->slots[i].key = EMPTY;
	m->count--;
	return 1;
}

int main(int argc, char **argv)
{
	uint32_t n = bench_scale(argc, argv, 20) * 100000u;
	struct map m = { 0 };
	struct record **pool;
	uint32_t capacity = 1u << 22, hits = 0, deleted = 0;
	uint64_t sum = 0;

	while (capacity < n + n / 2)
		capacity *= 2;
	m.slots = calloc(capacity, sizeof(*m.slots));
	m.mask = capacity - 1;
	pool = malloc(n * sizeof(*pool));
	if (!m.slots || !pool) {
		fprintf(stderr, "hashmap: out of memory\n");
		return 1;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint64_t key = bench_mix64(i) | 1;
		uint32_t len = (uint32_t)(key >> 59) + 4;

		pool[i] = malloc(sizeof(struct record) + len);
		if (!pool[i]) {
			fprintf(stderr, "hashmap: out of memory\n");
			return 1;
		}
		pool[i]->id = i;
		pool[i]->len = len;
		memset(pool[i]->bytes, (int)(key & 0xff), len);
		map_put(&m, key, i);
	}
	/* Lookups: even probes hit, odd ones (keys never inserted) miss. */
	for (uint32_t i = 0; i < 4 * n; i++) {
		uint64_t key = i & 1 ? bench_mix64(n + i) | 1
				     : bench_mix64((i >> 1) % n) | 1;
		uint32_t at = map_find(&m, key);

		if (m.slots[at].key == key) {
			const struct record *r = pool[m.slots[at].value];

			hits++;
			sum += r->id + r->bytes[r->len - 1];
		}
	}
	/* Delete every third key, then look all of them up again. */
	for (uint32_t i = 0; i < n; i += 3)
		deleted += map_delete(&m, bench_mix64(i) | 1);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t at = map_find(&m, bench_mix64(i) | 1);

		if (m.slots[at].key != EMPTY)
			sum += m.slots[at].value * 3u;
	}
	printf("hashmap: keys=%u capacity=%u\n", n, capacity);
	printf("hashmap: hits=%u deleted=%u left=%u sum=%llu\n", hits, deleted,
	       m.count, (unsigned long long)sum);
	return 0;
}
