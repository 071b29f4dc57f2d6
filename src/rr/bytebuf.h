/*
 * bytebuf.h — a growable byte buffer with the trace format's encodings
 * (unsigned/signed LEB128, little-endian fixed-width integers). Used by the
 * trace writer; the reader decodes with src/binary/reader.h.
 *
 * Growth failures are sticky: after one, `failed` is set and further appends
 * are dropped, so encoders can append without checking each call.
 */
#ifndef WRR_RR_BYTEBUF_H
#define WRR_RR_BYTEBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct wrr_bytebuf {
	uint8_t *data;
	size_t len;
	size_t cap;
	bool failed; /* an allocation failed; contents are incomplete */
};

/* Makes room for `more` bytes; false (and `failed`) when out of memory. */
static inline bool wrr_bytebuf_reserve(struct wrr_bytebuf *b, size_t more)
{
	if (b->failed)
		return false;
	if (b->len <= b->cap && b->cap - b->len >= more)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len || cap - b->len < more) {
		if (cap > SIZE_MAX / 2) {
			b->failed = true;
			return false;
		}
		cap *= 2;
	}
	uint8_t *data = realloc(b->data, cap);
	if (data == NULL) {
		b->failed = true;
		return false;
	}
	b->data = data;
	b->cap = cap;
	return true;
}

static inline void wrr_bytebuf_free(struct wrr_bytebuf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

static inline void wrr_put_u8(struct wrr_bytebuf *b, uint8_t v)
{
	if (wrr_bytebuf_reserve(b, 1))
		b->data[b->len++] = v;
}

static inline void wrr_put_bytes(struct wrr_bytebuf *b, const void *p,
				 size_t n)
{
	if (n && wrr_bytebuf_reserve(b, n)) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
	}
}

static inline void wrr_put_uleb(struct wrr_bytebuf *b, uint64_t v)
{
	if (!wrr_bytebuf_reserve(b, 10))
		return;
	uint8_t *p = b->data + b->len;
	do {
		uint8_t byte = v & 0x7f;
		v >>= 7;
		*p++ = byte | (v ? 0x80 : 0);
	} while (v);
	b->len = (size_t)(p - b->data);
}

static inline void wrr_put_sleb(struct wrr_bytebuf *b, int64_t v)
{
	if (!wrr_bytebuf_reserve(b, 10))
		return;
	uint8_t *p = b->data + b->len;
	for (;;) {
		uint8_t byte = v & 0x7f;
		v >>= 7; /* arithmetic shift: gnu11 on every target we build */
		bool done = (v == 0 && !(byte & 0x40)) ||
			    (v == -1 && (byte & 0x40));
		*p++ = byte | (done ? 0 : 0x80);
		if (done)
			break;
	}
	b->len = (size_t)(p - b->data);
}

static inline void wrr_put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t wrr_get_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static inline void wrr_put_fixed(struct wrr_bytebuf *b, uint64_t v,
				 unsigned n)
{
	if (wrr_bytebuf_reserve(b, n)) {
		wrr_put_le(b->data + b->len, v, n);
		b->len += n;
	}
}

/* uleb length + bytes. */
static inline void wrr_put_string(struct wrr_bytebuf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	wrr_put_uleb(b, n);
	wrr_put_bytes(b, s, n);
}

#endif
