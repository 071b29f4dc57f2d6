/*
 * guest.c — guest-memory helpers of the WASI host, all built on the
 * guest-memory API of wrr.h (wrr_memory_read/wrr_memory_write): bounds
 * checks that become WASI EFAULT, guest paths, and iovec walks that copy
 * through host buffers so that the recorder sees every byte written.
 */
#include <string.h>

#include "wasi/wasi_internal.h"

bool wrr_wasi_mem_ok(const struct wrr_memory *memory, uint32_t addr,
		     uint64_t len)
{
	if (memory == NULL)
		return false;
	return (uint64_t)addr + len <= wrr_memory_size(memory);
}

uint16_t wrr_wasi_mem_write(struct wrr_memory *memory, uint32_t addr,
			    const void *src, uint32_t len)
{
	if (!wrr_wasi_mem_ok(memory, addr, len))
		return WASI_EFAULT;
	if (len == 0)
		return 0;
	return wrr_memory_write(memory, wrr_gptr_at(addr), src, len) ?
		       0 : WASI_EFAULT;
}

uint16_t wrr_wasi_mem_write_u32(struct wrr_memory *memory, uint32_t addr,
				uint32_t value)
{
	uint8_t b[4];
	wasi_put_u32(b, 0, value);
	return wrr_wasi_mem_write(memory, addr, b, sizeof b);
}

uint16_t wrr_wasi_mem_write_u64(struct wrr_memory *memory, uint32_t addr,
				uint64_t value)
{
	uint8_t b[8];
	wasi_put_u64(b, 0, value);
	return wrr_wasi_mem_write(memory, addr, b, sizeof b);
}

/* Length of the UTF-8 sequence starting at s[0] (well-formed per Unicode
 * Table 3-7: no overlongs, no surrogates, <= U+10FFFF), or 0 if invalid. */
static uint32_t utf8_seq_len(const unsigned char *s, uint32_t left)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	uint32_t n;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (n > left)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (uint32_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

uint16_t wrr_wasi_read_path(const struct wrr_memory *memory, uint32_t ptr,
			    uint32_t len, char *out)
{
	if (!wrr_wasi_mem_ok(memory, ptr, len))
		return WASI_EFAULT;
	if (len > WRR_WASI_PATH_MAX)
		return WASI_ENAMETOOLONG;
	if (len > 0 && !wrr_memory_read(memory, wrr_gptr_at(ptr), out, len))
		return WASI_EFAULT;
	out[len] = '\0';
	if (memchr(out, '\0', len) != NULL)
		return WASI_EINVAL;
	const unsigned char *s = (const unsigned char *)out;
	for (uint32_t i = 0; i < len;) {
		uint32_t n = utf8_seq_len(s + i, len - i);
		if (n == 0)
			return WASI_EILSEQ;
		i += n;
	}
	return 0;
}

/* Reads iovec `index` of the walk: false if it is (no longer) in bounds. */
static bool iov_entry(const struct wrr_wasi_iovs *it, uint32_t index,
		      uint32_t *buf, uint32_t *len)
{
	uint8_t raw[WASI_IOVEC_SIZE];
	uint64_t at = (uint64_t)it->ptr + (uint64_t)index * WASI_IOVEC_SIZE;
	if (at > UINT32_MAX ||
	    !wrr_memory_read(it->memory, wrr_gptr_at((uint32_t)at), raw,
			     sizeof raw))
		return false;
	*buf = wasi_get_u32(raw, WASI_IOVEC_BUF);
	*len = wasi_get_u32(raw, WASI_IOVEC_BUF_LEN);
	return wrr_wasi_mem_ok(it->memory, *buf, *len);
}

uint16_t wrr_wasi_iovs_begin(struct wrr_wasi_iovs *it,
			     struct wrr_memory *memory, uint32_t ptr,
			     uint32_t count, uint32_t *total)
{
	it->memory = memory;
	it->ptr = ptr;
	it->count = count;
	it->index = 0;
	it->offset = 0;
	*total = 0;
	if (!wrr_wasi_mem_ok(memory, ptr, (uint64_t)count * WASI_IOVEC_SIZE))
		return WASI_EFAULT;
	uint64_t sum = 0;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t buf, len;
		if (!iov_entry(it, i, &buf, &len))
			return WASI_EFAULT;
		sum += len;
	}
	*total = sum > UINT32_MAX ? UINT32_MAX : (uint32_t)sum;
	return 0;
}

/* Moves the walk to the next byte to transfer; returns the guest address and
 * the bytes left in the current buffer, or false at the end. */
static bool iov_next(struct wrr_wasi_iovs *it, uint32_t *addr, uint32_t *left)
{
	while (it->index < it->count) {
		uint32_t buf, len;
		if (!iov_entry(it, it->index, &buf, &len))
			return false; /* the guest overwrote its own iovecs */
		if (it->offset < len) {
			*addr = buf + it->offset;
			*left = len - it->offset;
			return true;
		}
		it->index++;
		it->offset = 0;
	}
	return false;
}

uint32_t wrr_wasi_iovs_gather(struct wrr_wasi_iovs *it, uint8_t *dst,
			      uint32_t max)
{
	uint32_t done = 0, addr, left;
	while (done < max && iov_next(it, &addr, &left)) {
		uint32_t n = left < max - done ? left : max - done;
		if (!wrr_memory_read(it->memory, wrr_gptr_at(addr), dst + done,
				     n))
			break;
		done += n;
		it->offset += n;
	}
	return done;
}

uint32_t wrr_wasi_iovs_scatter(struct wrr_wasi_iovs *it, const uint8_t *src,
			       uint32_t n)
{
	uint32_t done = 0, addr, left;
	while (done < n && iov_next(it, &addr, &left)) {
		uint32_t k = left < n - done ? left : n - done;
		if (!wrr_memory_write(it->memory, wrr_gptr_at(addr), src + done,
				      k))
			break;
		done += k;
		it->offset += k;
	}
	return done;
}
