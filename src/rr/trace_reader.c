/*
 * trace_reader.c — reads a trace (docs/trace-format.md) from memory or a
 * file, one event at a time. A regular file is read one chunk at a time
 * with pread(2) into a reused buffer (no mapping: replay touches each byte
 * of a large trace about three times, and page faults on a mapping cost
 * more than the copy); other files are read into memory whole.
 *
 * Untrusted input: every length and count is checked against the bytes that
 * remain before anything is allocated; a chunk is used only after its
 * checksum matched. A file that stops inside a chunk, or before the END
 * event, is "cut" (WRR_TRACE_CUT), not corrupt: that is what a killed
 * recorder leaves. Anything else that does not follow the format is
 * WRR_TRACE_BAD with a one-line message naming the byte offset.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "binary/reader.h"
#include "module.h"
#include "rr/bytebuf.h"
#include "rr/trace.h"
#include <zstd.h>

enum {
	REC_END = 0x00,
	REC_FUNC = 0x01,
	REC_CALL_LONG = 0x02,
	REC_CALL_SHORT = 0x10,
};

/* What the next call of a function is decoded against (the writer keeps
 * the same, trace_writer.c). */
struct rfunc {
	uint64_t *prev_args;
	uint32_t *prev_addrs;
	uint32_t prev_count, prev_cap;
};

/* A decoded chunk payload. */
struct chunk {
	const uint8_t *payload;
	size_t len;
	uint8_t *owned;  /* decompressed payload (freed with the chunk) */
	size_t owned_cap;
};

struct wrr_trace_reader {
	const uint8_t *data;     /* the trace in memory, or NULL: read from fd */
	size_t size;
	int fd;                  /* regular file read chunk by chunk, or -1 */
	uint8_t *copy;           /* non-regular file read into memory, or NULL */
	uint8_t *header_raw;     /* fd: the header chunk's stored payload */
	uint8_t *header_map;     /* fd: ... or its pages, mapped (see
				    fetch_header), or NULL */
	size_t header_map_len;
	const uint8_t *header_mapped; /* the payload inside header_map */
	size_t header_mapped_len;
	uint8_t *iobuf;          /* fd: the current events chunk's */
	size_t iobuf_cap;

	struct wrr_trace_header header;
	struct chunk header_chunk;
	void **allocs;           /* header strings and arrays */
	size_t alloc_count, alloc_cap;

	ZSTD_DCtx *dctx;
	size_t next_chunk;       /* offset of the next chunk header */
	struct chunk chunk;      /* current events chunk */
	struct wrr_reader cur;   /* cursor over chunk.payload */
	uint64_t chunk_offset;
	bool in_chunk;
	bool ended;              /* the END event was read */
	bool broken;             /* a BAD result was returned: sticky */

	uint64_t events;         /* events decoded */
	struct wrr_trace_func *funcs;
	uint32_t func_count, func_cap;
	uint64_t *slots;
	size_t slots_cap;
	struct wrr_trace_write *writes;
	size_t writes_cap;
	struct rfunc *rfuncs;    /* by function id, as funcs */
	char *last_module;       /* module name of the last FUNC record */
	size_t payload_offset;   /* file offset of the last chunk's payload */
	struct wrr_trace_stats stats;
};

static enum wrr_status bad(struct wrr_error *err, uint64_t offset,
			   const char *fmt, const char *detail)
{
	char what[200];
	snprintf(what, sizeof what, fmt, detail);
	if (err && err->status == WRR_OK)
		err->offset = offset;
	return wrr_error_set(err, WRR_MALFORMED,
			     "bad trace at byte offset %llu: %s",
			     (unsigned long long)offset, what);
}

static void *arena_alloc(struct wrr_trace_reader *r, size_t size)
{
	if (r->alloc_count == r->alloc_cap) {
		size_t cap = r->alloc_cap ? r->alloc_cap * 2 : 32;
		void **a = realloc(r->allocs, cap * sizeof *a);
		if (a == NULL)
			return NULL;
		r->allocs = a;
		r->alloc_cap = cap;
	}
	void *p = calloc(1, size ? size : 1);
	if (p)
		r->allocs[r->alloc_count++] = p;
	return p;
}

static char *arena_strndup(struct wrr_trace_reader *r, const uint8_t *s,
			   size_t n)
{
	char *p = arena_alloc(r, n + 1);
	if (p)
		memcpy(p, s, n);
	return p;
}

/* --------------------------------------------------------------- chunks */

enum chunk_result { CHUNK_OK, CHUNK_END_OF_FILE, CHUNK_CUT, CHUNK_BAD };

/* Decompresses a zstd payload into c->owned, growing the buffer with the
 * output actually produced (never trusting raw_len for the allocation). */
static bool inflate(struct wrr_trace_reader *r, struct chunk *c,
		    const uint8_t *src, size_t src_len, size_t raw_len)
{
	if (r->dctx == NULL && (r->dctx = ZSTD_createDCtx()) == NULL)
		return false;
	ZSTD_DCtx_reset(r->dctx, ZSTD_reset_session_only);
	ZSTD_inBuffer in = {src, src_len, 0};
	size_t produced = 0;
	for (;;) {
		size_t want = src_len * 4 + 65536;
		if (want > raw_len + 1)
			want = raw_len + 1; /* one spare byte detects overrun */
		if (produced == c->owned_cap || c->owned_cap < want) {
			size_t cap = c->owned_cap * 2;
			if (cap < want)
				cap = want;
			if (cap > raw_len + 1)
				cap = raw_len + 1;
			if (cap <= produced)
				return false;
			uint8_t *p = realloc(c->owned, cap);
			if (p == NULL)
				return false;
			c->owned = p;
			c->owned_cap = cap;
		}
		ZSTD_outBuffer out = {c->owned, c->owned_cap, produced};
		size_t ret = ZSTD_decompressStream(r->dctx, &out, &in);
		if (ZSTD_isError(ret))
			return false;
		produced = out.pos;
		if (produced > raw_len)
			return false;
		if (ret == 0) /* frame complete */
			break;
		if (in.pos == in.size && out.pos < out.size)
			return false; /* input ended inside the frame */
	}
	if (produced != raw_len || in.pos != in.size)
		return false;
	c->payload = c->owned;
	c->len = produced;
	return true;
}

/* Reads n bytes at offset off of a file into buf (pread, retried); false
 * when the file ends first or cannot be read. */
static bool read_at(int fd, uint8_t *buf, size_t n, size_t off)
{
	while (n > 0) {
		ssize_t k = pread(fd, buf, n, (off_t)off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		buf += k;
		n -= (size_t)k;
		off += (size_t)k;
	}
	return true;
}

/* The bytes [off, off + n) of the trace (off + n <= r->size): in memory,
 * a pointer into it; from a file, read into *buf (grown to *cap; with cap
 * NULL, *buf is a fresh allocation the caller owns). NULL when the file
 * ends early (it shrank) or out of memory. */
static const uint8_t *fetch(struct wrr_trace_reader *r, size_t off, size_t n,
			    uint8_t **buf, size_t *cap)
{
	if (r->data != NULL)
		return r->data + off;
	if (cap == NULL || *cap < n) {
		uint8_t *p = cap ? realloc(*buf, n ? n : 1) : malloc(n ? n : 1);
		if (p == NULL)
			return NULL;
		*buf = p;
		if (cap)
			*cap = n;
	}
	return read_at(r->fd, *buf, n, off) ? *buf : NULL;
}

/* The header chunk's stored payload [off, off + n): from a file, mapped
 * read-only (MAP_PRIVATE) rather than read, so that the embedded module it
 * holds (most of a trace's bytes: 30 MB for Yosys) is file pages that
 * replay can give back once the module is loaded (wrr_trace_reader_mapped,
 * exec/lazy.h) instead of anonymous memory kept for the whole run. Read
 * with fetch when it cannot be mapped. */
static const uint8_t *fetch_header(struct wrr_trace_reader *r, size_t off,
				   size_t n)
{
	if (r->data == NULL && n > 0) {
		size_t page = (size_t)sysconf(_SC_PAGESIZE);
		size_t skip = off % page;
		void *map = mmap(NULL, skip + n, PROT_READ, MAP_PRIVATE, r->fd,
				 (off_t)(off - skip));
		if (map != MAP_FAILED) {
			r->header_map = map;
			r->header_map_len = skip + n;
			r->header_mapped = (const uint8_t *)map + skip;
			r->header_mapped_len = n;
			return r->header_mapped;
		}
	}
	return fetch(r, off, n, &r->header_raw, NULL);
}

/* Reads and verifies the chunk at r->next_chunk: its header (u8 type with
 * the zstd bit, uleb stored length, uleb raw length if compressed, uleb event count, u32
 * checksum), then its payload. A file that ends inside either is CUT. */
static enum chunk_result read_chunk(struct wrr_trace_reader *r,
				    uint8_t want_type, struct chunk *c,
				    struct wrr_error *err)
{
	size_t off = r->next_chunk;
	size_t left = r->size - off;
	if (left == 0)
		return CHUNK_END_OF_FILE;
	uint8_t hbuf[WRR_TRACE_CHUNK_HEADER_MAX];
	size_t hn = left < sizeof hbuf ? left : sizeof hbuf;
	const uint8_t *h = r->data ? r->data + off : hbuf;
	if (r->data == NULL && !read_at(r->fd, hbuf, hn, off))
		return CHUNK_CUT;
	struct wrr_reader in;
	wrr_reader_init(&in, h, 0, hn);
	uint8_t type, flags;
	uint64_t stored, raw;
	if (!wrr_read_u8(&in, &type))
		return CHUNK_CUT;
	flags = type & WRR_CHUNK_ZSTD;
	type &= (uint8_t)~WRR_CHUNK_ZSTD;
	bool ok = wrr_read_uleb(&in, 32, &stored);
	raw = stored;
	if (ok && (flags & WRR_CHUNK_ZSTD))
		ok = wrr_read_uleb(&in, 32, &raw);
	if (!ok) {
		if (in.error_offset >= hn) /* the file ends inside the header */
			return CHUNK_CUT;
		bad(err, off, "bad chunk header%s", "");
		return CHUNK_BAD;
	}
	size_t hl = in.pos;
	if (left - hl < 4)
		return CHUNK_CUT;
	if (stored > WRR_TRACE_MAX_RAW_CHUNK) { /* never written */
		bad(err, off, "bad chunk length%s", "");
		return CHUNK_BAD;
	}
	if (left - hl - 4 < stored)
		return CHUNK_CUT;
	uint32_t sum = (uint32_t)wrr_get_le(h + hl, 4);
	/* From a file: the header chunk's payload is kept (the header's
	 * module points into it); events chunks reuse one buffer, read once
	 * and used in place (checksum, decoding, writes into guest memory). */
	const uint8_t *payload =
		want_type == WRR_CHUNK_HEADER
			? fetch_header(r, off + hl + 4, stored)
			: fetch(r, off + hl + 4, stored, &r->iobuf,
				&r->iobuf_cap);
	if (payload == NULL) /* the file shrank, or out of memory */
		return CHUNK_CUT;
	bool sum_ok = wrr_trace_chunk_sum(h, hl, payload, stored,
					  r->events) == sum;
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	sum_ok = true; /* let the fuzzer reach the decoders behind the sum */
#endif
	if (!sum_ok) {
		bad(err, off, "chunk checksum mismatch (a damaged, missing or "
			      "misplaced chunk)%s", "");
		return CHUNK_BAD;
	}
	hl += 4;
	if (type != want_type) {
		char t[8];
		snprintf(t, sizeof t, "0x%02x", type);
		bad(err, off, "unexpected chunk type %s", t);
		return CHUNK_BAD;
	}
	if (raw > WRR_TRACE_MAX_RAW_CHUNK) {
		bad(err, off, "bad chunk length%s", "");
		return CHUNK_BAD;
	}
	if (flags & WRR_CHUNK_ZSTD) {
		if (!inflate(r, c, payload, stored, raw)) {
			bad(err, off, "chunk does not decompress%s", "");
			return CHUNK_BAD;
		}
	} else {
		c->payload = payload;
		c->len = stored;
	}
	r->next_chunk = off + hl + stored;
	r->payload_offset = off + hl;
	r->stats.chunks++;
	r->stats.chunk_header_bytes += hl;
	r->stats.stored_bytes += stored;
	r->stats.raw_bytes += raw;
	return CHUNK_OK;
}

/* --------------------------------------------------------------- header */

static bool read_string(struct wrr_trace_reader *r, struct wrr_reader *in,
			const char **out)
{
	uint64_t n;
	const uint8_t *p;
	if (!wrr_read_uleb(in, 32, &n) || !wrr_read_bytes(in, n, &p))
		return false;
	*out = arena_strndup(r, p, n);
	return *out != NULL || wrr_reader_fail_at(in, in->pos, "out of memory");
}

static bool read_string_list(struct wrr_trace_reader *r,
			     struct wrr_reader *in, uint32_t *count,
			     const char *const **out)
{
	uint64_t n;
	if (!wrr_read_uleb(in, 32, &n))
		return false;
	if (n > wrr_reader_left(in)) /* each string takes >= 1 byte */
		return wrr_reader_fail_at(in, in->pos, "count too large");
	const char **list = arena_alloc(r, (n + 1) * sizeof *list);
	if (list == NULL)
		return wrr_reader_fail_at(in, in->pos, "out of memory");
	for (uint64_t i = 0; i < n; i++)
		if (!read_string(r, in, &list[i]))
			return false;
	*count = (uint32_t)n;
	*out = list;
	return true;
}

/* Parses the value of one known header field; trailing bytes inside a field
 * are allowed (a later minor version may extend it). */
static bool read_func_def(struct wrr_trace_reader *r, struct wrr_reader *in);

/* The header's import table (field 21): uleb count, function definitions
 * (ids 0 .. count-1). */
static bool read_imports(struct wrr_trace_reader *r, struct wrr_reader *in)
{
	uint64_t n;
	if (r->func_count != 0)
		return wrr_reader_fail_at(in, 0, "import table given twice");
	if (!wrr_read_uleb(in, 32, &n))
		return false;
	if (n > wrr_reader_left(in) / 4) /* each takes >= 4 bytes */
		return wrr_reader_fail_at(in, in->pos, "count too large");
	for (uint64_t i = 0; i < n; i++)
		if (!read_func_def(r, in))
			return false;
	r->header.func_count = r->func_count;
	r->stats.header_funcs = r->func_count;
	return true;
}

static bool read_field(struct wrr_trace_reader *r, uint64_t tag,
		       struct wrr_reader *in, bool *known)
{
	struct wrr_trace_header *h = &r->header;
	const uint8_t *p;
	uint64_t v[4];
	*known = true;
	switch (tag) {
	case WRR_TAG_WRR_VERSION:
		h->wrr_version = arena_strndup(r, in->base + in->pos,
					       wrr_reader_left(in));
		return h->wrr_version != NULL;
	case WRR_TAG_ENGINE_VERSION:
		if (!wrr_read_uleb(in, 32, &v[0]))
			return false;
		h->engine_version = (uint32_t)v[0];
		return true;
	case WRR_TAG_MODULE_NAME:
		h->module_name = arena_strndup(r, in->base + in->pos,
					       wrr_reader_left(in));
		return h->module_name != NULL;
	case WRR_TAG_MODULE_SHA256:
		if (!wrr_read_bytes(in, 32, &p))
			return false;
		memcpy(h->module_sha256, p, 32);
		return true;
	case WRR_TAG_MODULE_BYTES:
		h->module = in->base + in->pos;
		h->module_size = wrr_reader_left(in);
		return true;
	case WRR_TAG_LIMITS:
		for (int i = 0; i < 4; i++)
			if (!wrr_read_uleb(in, 32, &v[i]))
				return false;
		h->limits.max_call_depth = (uint32_t)v[0];
		h->limits.max_stack_slots = (uint32_t)v[1];
		h->limits.max_memory_pages = (uint32_t)v[2];
		h->limits.max_table_elements = (uint32_t)v[3];
		return true;
	case WRR_TAG_FUEL:
		return wrr_read_uleb(in, 64, &h->fuel);
	case WRR_TAG_ARGV:
		return read_string_list(r, in, &h->argc, &h->argv);
	case WRR_TAG_ENV:
		return read_string_list(r, in, &h->envc, &h->env);
	case WRR_TAG_LISTEN:
		return read_string_list(r, in, &h->listen_count, &h->listen);
	case WRR_TAG_PREOPENS: {
		if (!wrr_read_uleb(in, 32, &v[0]))
			return false;
		if (v[0] > wrr_reader_left(in) / 2)
			return wrr_reader_fail_at(in, in->pos,
						  "count too large");
		const char **names = arena_alloc(r, (v[0] + 1) * sizeof *names);
		bool *ro = arena_alloc(r, (v[0] + 1) * sizeof *ro);
		if (names == NULL || ro == NULL)
			return false;
		for (uint64_t i = 0; i < v[0]; i++) {
			uint8_t b;
			if (!read_string(r, in, &names[i]) ||
			    !wrr_read_u8(in, &b))
				return false;
			ro[i] = b != 0;
		}
		h->preopen_count = (uint32_t)v[0];
		h->preopens = names;
		h->preopen_read_only = ro;
		return true;
	}
	case WRR_TAG_INVOKE:
		h->invoke = arena_strndup(r, in->base + in->pos,
					  wrr_reader_left(in));
		return h->invoke != NULL;
	case WRR_TAG_FEATURES:
		h->features = arena_strndup(r, in->base + in->pos,
					    wrr_reader_left(in));
		return h->features != NULL;
	case WRR_TAG_START_TIME:
		return wrr_read_uleb(in, 64, &h->start_time_ns);
	case WRR_TAG_HOST:
		h->host = arena_strndup(r, in->base + in->pos,
					wrr_reader_left(in));
		return h->host != NULL;
	case WRR_TAG_IMPORTS:
		return read_imports(r, in);
	}
	*known = false;
	return true;
}

static enum wrr_status read_header(struct wrr_trace_reader *r,
				   struct wrr_error *err)
{
	uint8_t pre[WRR_TRACE_PREAMBLE_SIZE];
	const uint8_t *magic = r->size < sizeof pre ? NULL
			     : r->data ? r->data
			     : read_at(r->fd, pre, sizeof pre, 0) ? pre
								  : NULL;
	if (magic == NULL || memcmp(magic, WRR_TRACE_MAGIC, 8) != 0)
		return bad(err, 0, "not a wrr trace (wrong magic)%s", "");
	r->header.major = (uint16_t)wrr_get_le(magic + 8, 2);
	r->header.minor = (uint16_t)wrr_get_le(magic + 10, 2);
	if (r->header.major != WRR_TRACE_MAJOR) {
		char t[96];
		snprintf(t, sizeof t, "%u.%u, this wrr reads %u.x",
			 r->header.major, r->header.minor, WRR_TRACE_MAJOR);
		return bad(err, 8,
			   r->header.major > WRR_TRACE_MAJOR
				   ? "trace format version %s (newer wrr needed)"
				   : "trace format version %s (an older wrr "
				     "wrote it: read it with that wrr)",
			   t);
	}
	r->next_chunk = WRR_TRACE_PREAMBLE_SIZE;
	switch (read_chunk(r, WRR_CHUNK_HEADER, &r->header_chunk, err)) {
	case CHUNK_OK:
		break;
	case CHUNK_BAD:
		return WRR_MALFORMED;
	default:
		return bad(err, WRR_TRACE_PREAMBLE_SIZE,
			   "trace ends inside its header%s", "");
	}
	r->stats.header_raw_bytes = r->header_chunk.len;
	r->stats.header_chunk_header_bytes = r->stats.chunk_header_bytes;
	struct wrr_reader in;
	wrr_reader_init(&in, r->header_chunk.payload, 0, r->header_chunk.len);
	bool have_sha = false, have_limits = false;
	r->header.fuel = UINT64_MAX;
	while (wrr_reader_left(&in) > 0) {
		uint64_t tag, len;
		const uint8_t *p;
		size_t at = in.pos;
		if (!wrr_read_uleb(&in, 32, &tag) ||
		    !wrr_read_uleb(&in, 64, &len) ||
		    !wrr_read_bytes(&in, len, &p))
			return bad(err, r->payload_offset + at,
				   "bad header field%s", "");
		struct wrr_reader field;
		wrr_reader_init(&field, p, 0, len);
		bool known;
		if (!read_field(r, tag, &field, &known)) {
			char t[32];
			snprintf(t, sizeof t, "%llu", (unsigned long long)tag);
			return bad(err, r->payload_offset + at,
				   "bad header field %s", t);
		}
		if (!known && (tag & 1)) {
			char t[32];
			snprintf(t, sizeof t, "%llu", (unsigned long long)tag);
			return bad(err, r->payload_offset + at,
				   "unknown critical header field %s "
				   "(newer wrr needed)", t);
		}
		have_sha |= tag == WRR_TAG_MODULE_SHA256;
		have_limits |= tag == WRR_TAG_LIMITS;
	}
	if (!have_sha || !have_limits)
		return bad(err, WRR_TRACE_PREAMBLE_SIZE,
			   "header lacks the module hash or the limits%s", "");
	if (r->header.wrr_version == NULL)
		r->header.wrr_version = "?";
	return WRR_OK;
}

/* --------------------------------------------------------------- open */

/* Reads the header of r (data or fd set); frees r on failure. */
static enum wrr_status open_reader(struct wrr_trace_reader *r,
				   struct wrr_trace_reader **out,
				   struct wrr_error *err)
{
	enum wrr_status st = read_header(r, err);
	if (st != WRR_OK) {
		wrr_trace_reader_free(r);
		return st;
	}
	*out = r;
	return WRR_OK;
}

enum wrr_status wrr_trace_reader_open_memory(const uint8_t *bytes, size_t size,
					     struct wrr_trace_reader **out,
					     struct wrr_error *err)
{
	*out = NULL;
	struct wrr_trace_reader *r = calloc(1, sizeof *r);
	if (r == NULL)
		return wrr_error_set(err, WRR_NOMEM, "out of memory");
	r->data = bytes;
	r->size = size;
	r->fd = -1;
	return open_reader(r, out, err);
}

enum wrr_status wrr_trace_reader_open(const char *path,
				      struct wrr_trace_reader **out,
				      struct wrr_error *err)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return wrr_error_set(err, WRR_HOST, "cannot open trace: %s",
				     strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		int e = errno;
		close(fd);
		return wrr_error_set(err, WRR_HOST, "cannot stat trace: %s",
				     strerror(e));
	}
	if (S_ISDIR(sb.st_mode)) {
		close(fd);
		return wrr_error_set(err, WRR_HOST, "cannot open trace: %s",
				     strerror(EISDIR));
	}
	struct wrr_trace_reader *r = calloc(1, sizeof *r);
	if (r == NULL) {
		close(fd);
		return wrr_error_set(err, WRR_NOMEM, "out of memory");
	}
	r->fd = -1;
	if (S_ISREG(sb.st_mode) && sb.st_size > 0) {
		/* read chunk by chunk with pread: no page faults on a mapping,
		 * one buffer that stays in cache */
		r->fd = fd;
		r->size = (size_t)sb.st_size;
		return open_reader(r, out, err);
	}
	/* pipes, devices, empty files: read it all */
	struct wrr_bytebuf b = {0};
	for (;;) {
		if (!wrr_bytebuf_reserve(&b, 65536))
			break;
		ssize_t k = read(fd, b.data + b.len, 65536);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		b.len += (size_t)k;
		/* Not a trace (/dev/zero, a stream of garbage): stop reading;
		 * read_header reports the wrong magic. */
		if (b.len >= 8 && memcmp(b.data, WRR_TRACE_MAGIC, 8))
			break;
	}
	close(fd);
	if (b.failed) {
		free(b.data);
		free(r);
		return wrr_error_set(err, WRR_NOMEM,
				     "out of memory reading trace");
	}
	r->copy = b.data;
	r->data = b.data ? b.data : (const uint8_t *)"";
	r->size = b.len;
	return open_reader(r, out, err);
}

void wrr_trace_reader_free(struct wrr_trace_reader *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->alloc_count; i++)
		free(r->allocs[i]);
	free(r->allocs);
	for (uint32_t i = 0; i < r->func_count; i++) {
		free((char *)r->funcs[i].module_name);
		free((char *)r->funcs[i].name);
		free(r->funcs[i].params);
		free(r->funcs[i].results);
	}
	free(r->funcs);
	for (uint32_t i = 0; i < r->func_count; i++) {
		free(r->rfuncs[i].prev_args);
		free(r->rfuncs[i].prev_addrs);
	}
	free(r->rfuncs);
	free(r->last_module);
	free(r->slots);
	free(r->writes);
	free(r->header_chunk.owned);
	free(r->chunk.owned);
	if (r->dctx)
		ZSTD_freeDCtx(r->dctx);
	if (r->fd >= 0)
		close(r->fd);
	free(r->header_raw);
	if (r->header_map)
		munmap(r->header_map, r->header_map_len);
	free(r->iobuf);
	free(r->copy);
	free(r);
}

bool wrr_trace_reader_mapped(const struct wrr_trace_reader *r, const void *p,
			     size_t n)
{
	uintptr_t base = (uintptr_t)r->header_mapped, at = (uintptr_t)p;
	return r->header_mapped != NULL && at >= base &&
	       at - base <= r->header_mapped_len &&
	       n <= r->header_mapped_len - (at - base);
}

const struct wrr_trace_header *
wrr_trace_reader_header(const struct wrr_trace_reader *r)
{
	return &r->header;
}

/* --------------------------------------------------------------- events */

static bool valid_type(uint8_t t)
{
	switch (t) {
	case WRR_I32: case WRR_I64: case WRR_F32: case WRR_F64:
	case WRR_V128: case WRR_FUNCREF: case WRR_EXTERNREF:
		return true;
	}
	return false;
}

static bool read_types(struct wrr_reader *in, uint32_t *count,
		       enum wrr_valtype **types, uint32_t *slots)
{
	uint64_t n;
	if (!wrr_read_uleb(in, 32, &n))
		return false;
	if (n > wrr_reader_left(in))
		return wrr_reader_fail_at(in, in->pos, "type count too large");
	*types = malloc((n ? n : 1) * sizeof **types);
	if (*types == NULL)
		return wrr_reader_fail_at(in, in->pos, "out of memory");
	*slots = 0;
	for (uint64_t i = 0; i < n; i++) {
		uint8_t t;
		if (!wrr_read_u8(in, &t))
			return false;
		if (!valid_type(t))
			return wrr_reader_fail_at(in, in->pos - 1,
						  "bad value type");
		(*types)[i] = (enum wrr_valtype)t;
		*slots += t == WRR_V128 ? 2 : 1;
	}
	*count = (uint32_t)n;
	return true;
}

/* Reads a function definition (module, name, types) as the next function
 * id (docs/trace-format.md, "Function definitions"). */
static bool read_func_def(struct wrr_trace_reader *r, struct wrr_reader *in)
{
	uint64_t n1, n2;
	const uint8_t *p1 = NULL, *p2;
	/* module name: 0 = the previous definition's, else length + 1 */
	if (!wrr_read_uleb(in, 32, &n1))
		return false;
	if (n1 > 0 && !wrr_read_bytes(in, --n1, &p1))
		return false;
	if (!wrr_read_uleb(in, 32, &n2) || !wrr_read_bytes(in, n2, &p2))
		return false;
	if (r->func_count == r->func_cap) {
		uint32_t cap = r->func_cap ? r->func_cap * 2 : 16;
		struct wrr_trace_func *f =
			realloc(r->funcs, cap * sizeof *f);
		if (f == NULL)
			return wrr_reader_fail_at(in, in->pos, "out of memory");
		r->funcs = f;
		struct rfunc *rf = realloc(r->rfuncs, cap * sizeof *rf);
		if (rf == NULL)
			return wrr_reader_fail_at(in, in->pos, "out of memory");
		r->rfuncs = rf;
		r->func_cap = cap;
		r->header.funcs = r->funcs;
	}
	struct wrr_trace_func *f = &r->funcs[r->func_count];
	struct rfunc *rf = &r->rfuncs[r->func_count];
	memset(f, 0, sizeof *f);
	memset(rf, 0, sizeof *rf);
	r->func_count++; /* freed with the reader even when incomplete */
	if (p1 != NULL) {
		char *m = strndup((const char *)p1, n1);
		if (m == NULL)
			return wrr_reader_fail_at(in, in->pos, "out of memory");
		free(r->last_module);
		r->last_module = m;
	}
	char *m = strdup(r->last_module ? r->last_module
					: WRR_TRACE_DEFAULT_MODULE);
	char *n = strndup((const char *)p2, n2);
	f->module_name = m;
	f->name = n;
	bool ok = m != NULL && n != NULL;
	if (ok) {
		ok = read_types(in, &f->param_count, &f->params,
				&f->param_slots) &&
		     read_types(in, &f->result_count, &f->results,
				&f->result_slots);
		if (ok) {
			rf->prev_args = calloc(f->param_slots + 1,
					       sizeof *rf->prev_args);
			if (rf->prev_args == NULL)
				ok = wrr_reader_fail_at(in, in->pos,
							"out of memory");
		}
	} else {
		wrr_reader_fail_at(in, in->pos, "out of memory");
	}
	return ok;
}

/* A FUNC record: uleb id (the next one), then a function definition. */
static bool read_func(struct wrr_trace_reader *r, struct wrr_reader *in)
{
	uint64_t id;
	if (!wrr_read_uleb(in, 32, &id))
		return false;
	if (id != r->func_count)
		return wrr_reader_fail_at(in, in->pos,
					  "function ids out of order");
	return read_func_def(r, in);
}

/* Decodes `count` values of `types` into slots; with prev (the function's
 * previous arguments), i32/i64 are differences from prev's, and prev is
 * updated (trace_writer.c, put_values). */
static bool read_values(struct wrr_reader *in, const enum wrr_valtype *types,
			uint32_t count, uint64_t *slots, uint64_t *prev)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < count; i++, n++) {
		int64_t d;
		uint64_t p = prev ? prev[n] : 0;
		switch (types[i]) {
		case WRR_I32:
			if (!wrr_read_sleb(in, 32, &d))
				return false;
			slots[n] = (uint32_t)((uint32_t)p + (uint32_t)d);
			break;
		case WRR_I64:
			if (!wrr_read_sleb(in, 64, &d))
				return false;
			slots[n] = p + (uint64_t)d;
			break;
		case WRR_F32: {
			uint32_t v;
			if (!wrr_read_fixed32(in, &v))
				return false;
			slots[n] = v;
			break;
		}
		case WRR_F64:
			if (!wrr_read_fixed64(in, &slots[n]))
				return false;
			break;
		case WRR_V128:
			if (!wrr_read_fixed64(in, &slots[n]) ||
			    !wrr_read_fixed64(in, &slots[n + 1]))
				return false;
			if (prev)
				prev[n + 1] = slots[n + 1];
			break;
		default:
			if (!wrr_read_uleb(in, 64, &slots[n]))
				return false;
			break;
		}
		if (prev)
			prev[n] = slots[n];
		if (types[i] == WRR_V128)
			n++;
	}
	return true;
}

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * elem);
	if (q == NULL)
		return false;
	*p = q;
	*cap = n;
	return true;
}

static bool read_call(struct wrr_trace_reader *r, struct wrr_reader *in,
		      uint8_t tag, struct wrr_trace_event *ev)
{
	uint64_t id = (uint64_t)tag - REC_CALL_SHORT;
	if (tag == REC_CALL_LONG && !wrr_read_uleb(in, 32, &id))
		return false;
	if (id >= r->func_count)
		return wrr_reader_fail_at(in, in->pos,
					  "call of an undefined function");
	const struct wrr_trace_func *f = &r->funcs[id];
	struct rfunc *rf = &r->rfuncs[id];
	if (!grow((void **)&r->slots, &r->slots_cap,
		  (size_t)f->param_slots + f->result_slots + 1,
		  sizeof *r->slots))
		return wrr_reader_fail_at(in, in->pos, "out of memory");
	ev->kind = WRR_EVENT_CALL;
	ev->func_id = (uint32_t)id;
	ev->func = f;
	ev->args = r->slots;
	ev->results = r->slots + f->param_slots;
	if (!read_values(in, f->params, f->param_count, r->slots,
			 rf->prev_args))
		return false;
	uint64_t v;
	if (!wrr_read_uleb(in, 64, &v))
		return false;
	uint64_t nwrites = v >> 3;
	switch (v & 7) {
	case WRR_REC_ZERO:
		ev->status = WRR_CALL_OK;
		memset(r->slots + f->param_slots, 0,
		       f->result_slots * sizeof *r->slots);
		break;
	case WRR_REC_RETURNED:
		ev->status = WRR_CALL_OK;
		if (!read_values(in, f->results, f->result_count,
				 r->slots + f->param_slots, NULL))
			return false;
		break;
	case WRR_REC_EXIT:
		ev->status = WRR_CALL_EXIT;
		if (!wrr_read_s32(in, &ev->exit_code))
			return false;
		break;
	case WRR_REC_FAILED:
		ev->status = WRR_CALL_FAILED;
		if (!wrr_read_uleb(in, 32, &v))
			return false;
		if (v == WRR_OK || v > WRR_HOST)
			return wrr_reader_fail_at(in, in->pos, "bad status");
		ev->host_status = (enum wrr_status)v;
		/* fall through */
	case WRR_REC_TRAP: {
		if ((v & 7) == WRR_REC_TRAP)
			ev->status = WRR_CALL_TRAP;
		const uint8_t *p;
		if (!wrr_read_uleb(in, 32, &v) || !wrr_read_bytes(in, v, &p))
			return false;
		ev->message = (const char *)p;
		ev->message_len = (uint32_t)v;
		break;
	}
	default:
		return wrr_reader_fail_at(in, in->pos - 1, "bad call status");
	}
	if (nwrites > wrr_reader_left(in) / 2)
		return wrr_reader_fail_at(in, in->pos, "write count too large");
	if (!grow((void **)&r->writes, &r->writes_cap, nwrites + 1,
		  sizeof *r->writes))
		return wrr_reader_fail_at(in, in->pos, "out of memory");
	if (nwrites > rf->prev_cap) {
		uint32_t *p = realloc(rf->prev_addrs, nwrites * 2 * sizeof *p);
		if (p == NULL)
			return wrr_reader_fail_at(in, in->pos, "out of memory");
		rf->prev_addrs = p;
		rf->prev_cap = (uint32_t)nwrites * 2;
	}
	struct wrr_trace_addr_ctx ac = {
		.func = f, .args = ev->args, .prev = rf->prev_addrs,
		.prev_count = rf->prev_count,
	};
	for (uint64_t i = 0; i < nwrites; i++) {
		uint64_t code;
		uint32_t addr, len;
		const uint8_t *p;
		size_t at = in->pos;
		if (!wrr_read_uleb(in, 64, &code))
			return false;
		if (!wrr_trace_addr_decode(&ac, (uint32_t)i, code, &addr))
			return wrr_reader_fail_at(in, at, "bad write address");
		if (!wrr_read_u32(in, &len))
			return false;
		r->stats.write_framing_bytes += in->pos - at;
		if (!wrr_read_bytes(in, len, &p))
			return false;
		r->writes[i] = (struct wrr_trace_write){addr, len, p};
		ac.last_end = addr + len;
		rf->prev_addrs[i] = addr;
	}
	rf->prev_count = (uint32_t)nwrites;
	ev->write_count = (uint32_t)nwrites;
	ev->writes = r->writes;
	return true;
}

/* END (docs/trace-format.md, "END"): uleb reason and flags, then the
 * optional exit status, uleb duration in milliseconds, the optional u32
 * memory hash, instructions and message. Flag bits above the known ones announce
 * data after them (a later minor version); it is left unread. */
static bool read_end(struct wrr_reader *in, struct wrr_trace_event *ev)
{
	uint64_t flags, dur, len = 0;
	int32_t status = 0;
	const uint8_t *p = (const uint8_t *)"";
	struct wrr_trace_end *e = &ev->end;
	if (!wrr_read_uleb(in, 64, &flags))
		return false;
	if ((flags & WRR_END_REASON_MASK) > WRR_END_ERROR)
		return wrr_reader_fail_at(in, in->pos - 1, "bad end reason");
	status = wrr_trace_usual_exit_status(
		(enum wrr_trace_end_reason)(flags & WRR_END_REASON_MASK));
	if ((flags & WRR_END_F_EXIT_STATUS) && !wrr_read_s32(in, &status))
		return false;
	if (!wrr_read_uleb(in, 64, &dur))
		return false;
	if (dur > UINT64_MAX / 1000000)
		dur = UINT64_MAX / 1000000;
	e->has_memory_hash = (flags & WRR_END_F_MEMORY_HASH) != 0;
	uint32_t hash = 0;
	if (e->has_memory_hash && !wrr_read_fixed32(in, &hash))
		return false;
	e->memory_hash = hash;
	e->has_progress = (flags & WRR_END_F_PROGRESS) != 0;
	if (e->has_progress && !wrr_read_uleb(in, 64, &e->progress))
		return false;
	if (flags & WRR_END_F_MESSAGE) {
		uint64_t code;
		if (!wrr_read_uleb(in, 32, &code))
			return false;
		if (code >= WRR_END_MESSAGE_LITERAL) {
			len = code - WRR_END_MESSAGE_LITERAL;
			if (!wrr_read_bytes(in, len, &p))
				return false;
		} else if (code >= 1 && code < WRR_END_MESSAGE_COUNT) {
			p = (const uint8_t *)wrr_end_messages[code];
			len = strlen(wrr_end_messages[code]);
		} else {
			return wrr_reader_fail_at(in, in->pos - 1,
						  "bad end message code");
		}
	}
	if (flags > 127) /* a later minor's additions: skip them */
		in->pos = in->end;
	ev->kind = WRR_EVENT_END;
	e->reason = (enum wrr_trace_end_reason)(flags & WRR_END_REASON_MASK);
	e->exit_status = status;
	e->duration_ns = dur * 1000000;
	e->message = (const char *)p;
	e->message_len = (uint32_t)len;
	return true;
}

static enum wrr_trace_next chunk_bad(struct wrr_trace_reader *r,
				     const char *what, struct wrr_error *err)
{
	char t[200];
	if (what == NULL)
		what = "bad record";
	r->broken = true;
	snprintf(t, sizeof t, "%s at byte %llu of its payload (event %llu)",
		 what, (unsigned long long)r->cur.error_offset,
		 (unsigned long long)r->events + 1);
	bad(err, r->chunk_offset, "corrupt chunk: %s", t);
	return WRR_TRACE_BAD;
}

enum wrr_trace_next wrr_trace_read_event(struct wrr_trace_reader *r,
					 struct wrr_trace_event *ev,
					 struct wrr_error *err)
{
	memset(ev, 0, sizeof *ev);
	if (r->broken)
		return chunk_bad(r, "unreadable after an earlier error", err);
	for (;;) {
		if (r->in_chunk && wrr_reader_left(&r->cur) == 0)
			r->in_chunk = false;
		if (!r->in_chunk && r->ended) {
			if (r->next_chunk == r->size)
				return WRR_TRACE_DONE;
			bad(err, r->next_chunk,
			    "data after the end of the trace%s", "");
			r->broken = true;
			return WRR_TRACE_BAD;
		}
		if (!r->in_chunk) {
			size_t off = r->next_chunk;
			enum chunk_result cr =
				read_chunk(r, WRR_CHUNK_EVENTS, &r->chunk, err);
			if (cr == CHUNK_BAD) {
				r->broken = true;
				return WRR_TRACE_BAD;
			}
			if (cr == CHUNK_END_OF_FILE || cr == CHUNK_CUT)
				return WRR_TRACE_CUT;
			r->chunk_offset = off;
			r->in_chunk = true;
			wrr_reader_init(&r->cur, r->chunk.payload, 0,
					r->chunk.len);
			continue;
		}
		if (r->ended)
			return chunk_bad(r, "events after the end event", err);
		uint8_t tag;
		size_t at = r->cur.pos;
		wrr_read_u8(&r->cur, &tag);
		if (tag == REC_FUNC) {
			if (!read_func(r, &r->cur))
				return chunk_bad(r, r->cur.error, err);
			r->stats.func_bytes += r->cur.pos - at;
			continue;
		}
		bool ok;
		if (tag == REC_END)
			ok = read_end(&r->cur, ev);
		else if (tag == REC_CALL_LONG || tag >= REC_CALL_SHORT)
			ok = read_call(r, &r->cur, tag, ev);
		else
			ok = wrr_reader_fail_at(&r->cur, r->cur.pos - 1,
						"unknown record tag");
		if (!ok)
			return chunk_bad(r, r->cur.error, err);
		if (tag == REC_END)
			r->stats.end_bytes += r->cur.pos - at;
		r->events++;
		ev->number = r->events;
		ev->chunk_offset = r->chunk_offset;
		if (ev->kind == WRR_EVENT_END) {
			r->ended = true;
			ev->end.call_count = r->events - 1;
		}
		return WRR_TRACE_EVENT;
	}
}

const struct wrr_trace_func *
wrr_trace_reader_func(const struct wrr_trace_reader *r, uint32_t id)
{
	return id < r->func_count ? &r->funcs[id] : NULL;
}

uint32_t wrr_trace_reader_func_count(const struct wrr_trace_reader *r)
{
	return r->func_count;
}

uint64_t wrr_trace_reader_events(const struct wrr_trace_reader *r)
{
	return r->events;
}

uint64_t wrr_trace_reader_size(const struct wrr_trace_reader *r)
{
	return r->size;
}

uint64_t wrr_trace_reader_offset(const struct wrr_trace_reader *r)
{
	return r->next_chunk;
}

void wrr_trace_reader_stats(const struct wrr_trace_reader *r,
			    struct wrr_trace_stats *out)
{
	*out = r->stats;
}
