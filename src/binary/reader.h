/*
 * reader.h — a bounds-checked cursor over a module binary, with the
 * spec's integer encodings (spec §5.2.2: unsigned and signed LEB128 with the
 * "integer representation too long" and "integer too large" rules).
 *
 * Every read returns false on failure and leaves a malformed-input message in
 * r->error (static string) and the failing byte offset in r->error_offset;
 * the cursor then stays where it was. Callers turn that into a struct
 * wrr_error with wrr_reader_fail.
 */
#ifndef WRR_BINARY_READER_H
#define WRR_BINARY_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct wrr_reader {
	const uint8_t *base; /* start of the whole module binary */
	size_t pos;          /* current offset from base */
	size_t end;          /* offset one past the last readable byte */
	const char *error;   /* message of the first failed read, or NULL */
	size_t error_offset;
};

static inline void wrr_reader_init(struct wrr_reader *r, const uint8_t *base,
				   size_t pos, size_t end)
{
	r->base = base;
	r->pos = pos;
	r->end = end;
	r->error = NULL;
	r->error_offset = 0;
}

static inline bool wrr_reader_fail_at(struct wrr_reader *r, size_t offset,
				      const char *message)
{
	if (r->error == NULL) {
		r->error = message;
		r->error_offset = offset;
	}
	return false;
}

static inline size_t wrr_reader_left(const struct wrr_reader *r)
{
	return r->end - r->pos;
}

static inline bool wrr_read_u8(struct wrr_reader *r, uint8_t *out)
{
	if (r->pos >= r->end)
		return wrr_reader_fail_at(r, r->pos, "unexpected end");
	*out = r->base[r->pos++];
	return true;
}

/* Reads n raw bytes; *out points into the binary. */
static inline bool wrr_read_bytes(struct wrr_reader *r, size_t n,
				  const uint8_t **out)
{
	if (n > wrr_reader_left(r))
		return wrr_reader_fail_at(r, r->pos, "unexpected end");
	*out = r->base + r->pos;
	r->pos += n;
	return true;
}

/* Unsigned LEB128 of at most `bits` bits (32 or 64). */
static inline bool wrr_read_uleb(struct wrr_reader *r, unsigned bits,
				 uint64_t *out)
{
	size_t start = r->pos;
	uint64_t result = 0;
	unsigned shift = 0;
	unsigned max_bytes = (bits + 6) / 7;
	for (unsigned i = 0;; i++) {
		if (r->pos >= r->end) {
			r->pos = start;
			return wrr_reader_fail_at(r, r->end, "unexpected end");
		}
		uint8_t byte = r->base[r->pos++];
		if (i == max_bytes - 1) {
			/* Last permitted byte: no continuation, and the unused
			 * high bits must be zero. */
			if (byte & 0x80) {
				r->pos = start;
				return wrr_reader_fail_at(
					r, start,
					"integer representation too long");
			}
			unsigned used = bits - shift;
			if (used < 7 && (byte >> used) != 0) {
				r->pos = start;
				return wrr_reader_fail_at(r, start,
							  "integer too large");
			}
		}
		result |= (uint64_t)(byte & 0x7f) << shift;
		shift += 7;
		if (!(byte & 0x80))
			break;
	}
	*out = result;
	return true;
}

/* Signed LEB128 of at most `bits` bits (32, 33 or 64), sign-extended. */
static inline bool wrr_read_sleb(struct wrr_reader *r, unsigned bits,
				 int64_t *out)
{
	size_t start = r->pos;
	uint64_t result = 0;
	unsigned shift = 0;
	unsigned max_bytes = (bits + 6) / 7;
	uint8_t byte;
	for (unsigned i = 0;; i++) {
		if (r->pos >= r->end) {
			r->pos = start;
			return wrr_reader_fail_at(r, r->end, "unexpected end");
		}
		byte = r->base[r->pos++];
		if (i == max_bytes - 1) {
			if (byte & 0x80) {
				r->pos = start;
				return wrr_reader_fail_at(
					r, start,
					"integer representation too long");
			}
			/* The unused high bits must all equal the sign bit. */
			unsigned used = bits - shift; /* 1..7 */
			if (used < 7) {
				/* payload bits [used-1 .. 6], sign-extended */
				int sign_and_rest = (int8_t)((byte & 0x7f) << 1) >>
						    (int)used;
				if (sign_and_rest != 0 && sign_and_rest != -1) {
					r->pos = start;
					return wrr_reader_fail_at(
						r, start, "integer too large");
				}
			}
		}
		result |= (uint64_t)(byte & 0x7f) << shift;
		shift += 7;
		if (!(byte & 0x80))
			break;
	}
	if (shift < 64 && (byte & 0x40))
		result |= ~(uint64_t)0 << shift;
	*out = (int64_t)result;
	return true;
}

static inline bool wrr_read_u32(struct wrr_reader *r, uint32_t *out)
{
	uint64_t v;
	if (!wrr_read_uleb(r, 32, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}

static inline bool wrr_read_s32(struct wrr_reader *r, int32_t *out)
{
	int64_t v;
	if (!wrr_read_sleb(r, 32, &v))
		return false;
	*out = (int32_t)v;
	return true;
}

static inline bool wrr_read_s33(struct wrr_reader *r, int64_t *out)
{
	return wrr_read_sleb(r, 33, out);
}

static inline bool wrr_read_s64(struct wrr_reader *r, int64_t *out)
{
	return wrr_read_sleb(r, 64, out);
}

/* Little-endian fixed-width reads (float immediates: raw bit patterns). */
static inline bool wrr_read_fixed32(struct wrr_reader *r, uint32_t *out)
{
	const uint8_t *p;
	if (!wrr_read_bytes(r, 4, &p))
		return false;
	*out = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
	return true;
}

static inline bool wrr_read_fixed64(struct wrr_reader *r, uint64_t *out)
{
	uint32_t lo, hi;
	if (!wrr_read_fixed32(r, &lo) || !wrr_read_fixed32(r, &hi))
		return false;
	*out = (uint64_t)hi << 32 | lo;
	return true;
}

#endif
