/*
 * trace.h — the wrr trace format: what `wrr record` writes and `wrr replay`,
 * `wrr dump` and `wrr info` read. docs/trace-format.md is the byte-level
 * description; this header is the C view of it.
 *
 * A trace is a preamble (magic, format version) followed by checksummed
 * chunks. The first chunk is the header (everything that pins the run: wrr
 * version, module hash and bytes, limits, fuel, argv, environment, preopen
 * names); the others carry events: one per call through the import-call
 * gate, and a last one for the end of the run. Chunks are written whole with
 * one write(2) each, so a trace cut at any byte is still readable up to its
 * last complete chunk.
 *
 * The writer (trace_writer.c) and the reader (trace_reader.c) share the
 * event structure below, so a decoded event can be written back unchanged.
 */
#ifndef WRR_RR_TRACE_H
#define WRR_RR_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wrr.h"

#define WRR_TRACE_MAGIC "wrrtrace"     /* 8 bytes, no NUL in the file */
#define WRR_TRACE_MAJOR 3              /* incompatible changes bump it */
#define WRR_TRACE_MINOR 0              /* compatible additions bump it */
#define WRR_TRACE_PREAMBLE_SIZE 12     /* magic, u16 major, u16 minor */
#define WRR_TRACE_CHUNK_HEADER_MAX 24  /* a chunk header takes 7 to 20 */
#define WRR_TRACE_MAX_RAW_CHUNK (1u << 30) /* largest chunk payload, bytes */

/* Chunk types (byte 0 of a chunk header). */
enum wrr_trace_chunk_type {
	WRR_CHUNK_HEADER = 'H',
	WRR_CHUNK_EVENTS = 'E',
};

/* The module name a function definition's "same module as before" (0)
 * stands for before any definition named one (the header's import table,
 * then FUNC records, share the "previous" name). */
#define WRR_TRACE_DEFAULT_MODULE "wasi_snapshot_preview1"

/* Byte 0 of a chunk header is the type, with this bit set when the payload
 * is one zstd frame. */
enum { WRR_CHUNK_ZSTD = 0x80 };

/* How a CALL record says the call ended (low 3 bits of its status word;
 * docs/trace-format.md, "Events chunk payload"). */
enum wrr_trace_rec_status {
	WRR_REC_ZERO = 0,     /* returned; every result is zero (not stored) */
	WRR_REC_RETURNED = 1, /* returned; the results follow */
	WRR_REC_EXIT = 2,     /* proc_exit: the exit code follows */
	WRR_REC_TRAP = 3,     /* trapped: the message follows */
	WRR_REC_FAILED = 4,   /* another failure: status and message follow */
};

/* Header field tags (TLV inside the header chunk). An unknown tag with bit 0
 * set is critical (the reader refuses the trace); with bit 0 clear it is
 * skipped. */
enum wrr_trace_tag {
	WRR_TAG_WRR_VERSION = 2,  /* string */
	WRR_TAG_MODULE_NAME = 4,  /* string: basename of the recorded module */
	WRR_TAG_MODULE_SHA256 = 1, /* 32 bytes */
	WRR_TAG_MODULE_BYTES = 3, /* the module itself (optional) */
	WRR_TAG_LIMITS = 5,       /* 4 x uleb: depth, slots, pages, elements */
	WRR_TAG_FUEL = 7,         /* uleb; UINT64_MAX = unlimited */
	WRR_TAG_ARGV = 9,         /* uleb count, strings */
	WRR_TAG_ENV = 11,         /* uleb count, strings */
	WRR_TAG_PREOPENS = 13,    /* uleb count, (string, u8 read_only) */
	WRR_TAG_INVOKE = 15,      /* string: export run instead of _start */
	WRR_TAG_FEATURES = 17,    /* string: enabled proposals */
	WRR_TAG_ENGINE_VERSION = 19, /* uleb: WRR_ENGINE_VERSION (1.1) */
	WRR_TAG_IMPORTS = 21,     /* the function table (3.0): uleb count,
				   * function definitions, ids 0.. */
	WRR_TAG_LISTEN = 6,       /* uleb count, strings (informative) */
	WRR_TAG_START_TIME = 8,   /* uleb: wall clock at start, ns since 1970 */
	WRR_TAG_HOST = 10,        /* string: host description (informative) */
};

/* Everything the header pins. Writer: the caller owns every pointer.
 * Reader: the reader owns them (valid until wrr_trace_reader_free). Strings
 * are NUL-terminated. */
struct wrr_trace_header {
	uint16_t major, minor;
	const char *wrr_version;
	uint32_t engine_version; /* WRR_ENGINE_VERSION of the recorder; 0 in
				  * traces made before the field existed */
	const char *module_name;
	uint8_t module_sha256[32];
	const uint8_t *module;  /* embedded module bytes, or NULL */
	size_t module_size;
	struct wrr_limits limits;
	uint64_t fuel;          /* UINT64_MAX: unlimited */
	uint32_t argc;
	const char *const *argv;
	uint32_t envc;
	const char *const *env;
	uint32_t preopen_count;
	const char *const *preopens; /* guest names */
	const bool *preopen_read_only;
	const char *invoke;     /* NULL: _start */
	const char *features;
	uint32_t listen_count;
	const char *const *listen;
	uint64_t start_time_ns;
	const char *host;
	/* The module's imported functions in import order: trace function
	 * ids 0 .. func_count-1 (FUNC records define further ids). */
	uint32_t func_count;
	const struct wrr_trace_func *funcs;
};

/* An imported function as the trace names it: in the header's import
 * table (ids 0.., the module's function imports in order) or defined by a
 * FUNC record before the first event that calls it; events refer to it by
 * id. */
struct wrr_trace_func {
	const char *module_name;
	const char *name;
	uint32_t param_count, result_count;
	enum wrr_valtype *params, *results;
	uint32_t param_slots, result_slots; /* 64-bit slots (v128 takes 2) */
};

/* How a recorded host call ended. */
enum wrr_trace_call_status {
	WRR_CALL_OK = 0,      /* returned results */
	WRR_CALL_EXIT = 1,    /* ended the run with an exit code (proc_exit) */
	WRR_CALL_TRAP = 2,    /* trapped (WRR_TRAP), with a message */
	WRR_CALL_FAILED = 3,  /* another status (WRR_HOST...), with a message */
};

/* The END event's first uleb: the reason (low 3 bits) and which optional
 * fields follow (docs/trace-format.md, "END"). */
enum {
	WRR_END_REASON_MASK = 7,
	WRR_END_F_EXIT_STATUS = 8,   /* sleb exit status (absent: the
				      * reason's usual one) */
	WRR_END_F_MEMORY_HASH = 16,  /* u32 memory hash */
	WRR_END_F_PROGRESS = 32,     /* uleb instructions */
	WRR_END_F_MESSAGE = 64,      /* message (absent: "") */
};

/* The END message is stored as uleb code: 1 .. WRR_END_MESSAGE_COUNT - 1
 * stand for the standard messages below (the engine's trap messages, in
 * enum wrr_trap order, then exhaustion and fuel), code >=
 * WRR_END_MESSAGE_LITERAL for the (code - WRR_END_MESSAGE_LITERAL) bytes
 * that follow; others are invalid. */
enum { WRR_END_MESSAGE_COUNT = 13, WRR_END_MESSAGE_LITERAL = 16 };
extern const char *const wrr_end_messages[WRR_END_MESSAGE_COUNT];

/* How the run ended (the END event). */
enum wrr_trace_end_reason {
	WRR_END_RETURNED = 0,  /* the entry function returned */
	WRR_END_EXIT = 1,      /* proc_exit */
	WRR_END_TRAP = 2,      /* a trap (Wasm or host) */
	WRR_END_EXHAUSTION = 3,
	WRR_END_FUEL = 4,
	WRR_END_ERROR = 5,     /* load, link or host error */
};

/* One byte range the host wrote into the caller's memory during a call. */
struct wrr_trace_write {
	uint32_t addr;
	uint32_t len;
	const uint8_t *bytes;
};

enum wrr_trace_event_kind {
	WRR_EVENT_CALL = 1,
	WRR_EVENT_END = 2,
};

/* The end of the run. */
struct wrr_trace_end {
	enum wrr_trace_end_reason reason;
	int32_t exit_status;    /* wrr's process exit status */
	bool has_memory_hash;
	uint64_t memory_hash;   /* wrr_trace_memory_hash of memory 0 at the
				 * end (32 bits) */
	bool has_progress;
	uint64_t progress;      /* wrr_store_progress at the end */
	uint64_t duration_ns;   /* wall-clock duration of the recorded run
				 * (stored in milliseconds) */
	uint64_t call_count;    /* call events before this one (not stored:
				 * the reader counts them) */
	const char *message;    /* e.g. the trap message; may be "" */
	uint32_t message_len;
};

/* A decoded event. Pointers are owned by the reader (valid until the next
 * wrr_trace_read_event) or, for the writer, by the caller. */
struct wrr_trace_event {
	enum wrr_trace_event_kind kind;
	uint64_t number;        /* 1 for the first event of the trace */
	uint64_t chunk_offset;  /* file offset of the chunk holding it */
	/* WRR_EVENT_CALL */
	uint32_t func_id;
	const struct wrr_trace_func *func;
	const uint64_t *args;   /* func->param_slots slots */
	enum wrr_trace_call_status status;
	const uint64_t *results; /* func->result_slots slots (status OK) */
	int32_t exit_code;      /* status EXIT */
	enum wrr_status host_status; /* status FAILED: the wrr_status */
	const char *message;    /* status TRAP/FAILED; not NUL-terminated */
	uint32_t message_len;
	uint32_t write_count;
	const struct wrr_trace_write *writes;
	/* WRR_EVENT_END */
	struct wrr_trace_end end;
};

/* -------------------------------------------------------------- writer */

struct wrr_trace_writer;

/* Creates a writer on an open file descriptor (borrowed; the caller closes
 * it). compress: zstd-compress each chunk. Returns NULL when out of
 * memory. */
struct wrr_trace_writer *wrr_trace_writer_new(int fd, bool compress);

/* Writes the preamble and the header chunk; h->funcs become function ids
 * 0 .. h->func_count-1. Errors: WRR_HOST (I/O), WRR_NOMEM. */
enum wrr_status wrr_trace_write_header(struct wrr_trace_writer *w,
				       const struct wrr_trace_header *h,
				       struct wrr_error *err);

/* Defines function `id` with a FUNC record (ids are dense: the header's
 * imports first, then FUNC records in order of first call). */
void wrr_trace_write_func(struct wrr_trace_writer *w, uint32_t id,
			  const char *module_name, const char *name,
			  const struct wrr_functype *type);

/* Appends a call event (ev->kind CALL; ev->func gives the slot counts). May
 * flush a chunk. I/O errors are remembered (wrr_trace_writer_error). */
void wrr_trace_write_call(struct wrr_trace_writer *w,
			  const struct wrr_trace_event *ev);

/* Appends the END event and flushes. */
void wrr_trace_write_end(struct wrr_trace_writer *w,
			 const struct wrr_trace_end *end);

/* Writes the pending events as one chunk (no-op when none). */
void wrr_trace_writer_flush(struct wrr_trace_writer *w);

/* Number of events written so far (calls and END). */
uint64_t wrr_trace_writer_events(const struct wrr_trace_writer *w);

/* The first I/O error, or NULL. */
const char *wrr_trace_writer_error(const struct wrr_trace_writer *w);

/* Frees the writer (does not flush, does not close the fd). */
void wrr_trace_writer_free(struct wrr_trace_writer *w);

/* -------------------------------------------------------------- reader */

struct wrr_trace_reader;

/* Outcome of wrr_trace_read_event. */
enum wrr_trace_next {
	WRR_TRACE_EVENT = 0, /* *ev holds the next event */
	WRR_TRACE_DONE,      /* after the END event: the trace is complete */
	WRR_TRACE_CUT,       /* the file stops before an END event (killed
			      * recorder, truncated copy): no more events */
	WRR_TRACE_BAD,       /* corrupt: err says what and at which offset */
};

/* Opens a trace held in memory (bytes borrowed, must outlive the reader):
 * checks the preamble and reads the header chunk. Errors (WRR_MALFORMED,
 * one line with the byte offset): wrong magic, newer major version, bad
 * header; WRR_NOMEM. */
enum wrr_status wrr_trace_reader_open_memory(const uint8_t *bytes, size_t size,
					     struct wrr_trace_reader **out,
					     struct wrr_error *err);

/* Opens a trace file (a regular file is read chunk by chunk with pread, up
 * to the size it had when opened; others are read whole). Errors as above plus WRR_HOST for
 * I/O ("cannot open trace: <strerror>"). The message does not name the path:
 * the caller prefixes it ("PATH: message"). */
enum wrr_status wrr_trace_reader_open(const char *path,
				      struct wrr_trace_reader **out,
				      struct wrr_error *err);

const struct wrr_trace_header *
wrr_trace_reader_header(const struct wrr_trace_reader *r);

/* Decodes the next event. */
enum wrr_trace_next wrr_trace_read_event(struct wrr_trace_reader *r,
					 struct wrr_trace_event *ev,
					 struct wrr_error *err);

/* Function `id` as defined so far in the trace (the header's import table,
 * then FUNC records), or NULL. */
const struct wrr_trace_func *
wrr_trace_reader_func(const struct wrr_trace_reader *r, uint32_t id);
uint32_t wrr_trace_reader_func_count(const struct wrr_trace_reader *r);

/* Events decoded so far; file size; offset of the next unread chunk. */
uint64_t wrr_trace_reader_events(const struct wrr_trace_reader *r);
uint64_t wrr_trace_reader_size(const struct wrr_trace_reader *r);
uint64_t wrr_trace_reader_offset(const struct wrr_trace_reader *r);

/* Byte accounting for `wrr info`: bytes of chunk headers, of stored (maybe
 * compressed) payloads and of raw payloads read so far; within the raw
 * event payloads, the bytes of FUNC records, of the END record, and of the
 * address and length encodings of memory writes. */
struct wrr_trace_stats {
	uint64_t chunks;
	uint64_t chunk_header_bytes;
	uint64_t stored_bytes;
	uint64_t raw_bytes;
	uint64_t header_raw_bytes;
	uint64_t header_chunk_header_bytes; /* the header chunk's own header */
	uint32_t header_funcs;   /* functions in the header's import table */
	uint64_t func_bytes;
	uint64_t end_bytes;
	uint64_t write_framing_bytes;
};
void wrr_trace_reader_stats(const struct wrr_trace_reader *r,
			    struct wrr_trace_stats *out);

/* True when [p, p + n) lies inside the read-only private file mapping of
 * the header chunk (a trace opened from a regular file, its header chunk
 * not compressed): the embedded module then points into it, and its pages
 * may be given back with madvise(MADV_DONTNEED) (read again on access). */
bool wrr_trace_reader_mapped(const struct wrr_trace_reader *r, const void *p,
			     size_t n);

void wrr_trace_reader_free(struct wrr_trace_reader *r);

/* ------------------------------------------------------------- helpers */

/* Whether the trace function f is the import module_name.name of type
 * type (the recorder's and the replayer's identity of an import). False if
 * a name is NULL. */
bool wrr_trace_func_is(const struct wrr_trace_func *f, const char *module_name,
		       const char *name, const struct wrr_functype *type);

/* Encodes v as unsigned LEB128 at p (room for 10 bytes); returns the
 * number of bytes. */
size_t wrr_uleb_encode(uint8_t *p, uint64_t v);

/* The checksum of a chunk (docs/trace-format.md, "Chunk header"): the low
 * 32 bits of XXH3-64 seeded with first_event (the events in all previous
 * chunks) over the header bytes before the checksum, then the stored
 * payload. */
uint32_t wrr_trace_chunk_sum(const uint8_t *hdr, size_t hdr_len,
			     const uint8_t *stored, size_t stored_len,
			     uint64_t first_event);

/* Where a write's address is predicted from (docs/trace-format.md,
 * "Writes"): the call's function and arguments, the previous call's write
 * addresses (of the same function), and the end of the call's previous
 * write. */
struct wrr_trace_addr_ctx {
	const struct wrr_trace_func *func;
	const uint64_t *args;
	const uint32_t *prev;
	uint32_t prev_count;
	uint32_t last_end;
};

/* The code stored for write i at addr: the smallest zigzag(addr - base) *
 * (K + 1) + sel over the bases, base 0 the prediction from the previous
 * call, base k the k-th i32 argument (K of them). */
uint64_t wrr_trace_addr_encode(const struct wrr_trace_addr_ctx *c, uint32_t i,
			       uint32_t addr);

/* The inverse: false when code does not stand for a 32-bit address. */
bool wrr_trace_addr_decode(const struct wrr_trace_addr_ctx *c, uint32_t i,
			   uint64_t code, uint32_t *addr);

/* SHA-256 of bytes (FIPS 180-4), via libmd. */
void wrr_sha256(const uint8_t *bytes, size_t size, uint8_t out[32]);

/* Formats a 32-byte digest as 64 lowercase hex digits + NUL. */
void wrr_sha256_hex(const uint8_t digest[32], char out[65]);

/* Formats slot values of `types` as "1, 0x10, -3" into buf. */
void wrr_trace_format_values(const enum wrr_valtype *types, uint32_t count,
			     const uint64_t *slots, char *buf, size_t size);

const char *wrr_trace_end_reason_name(enum wrr_trace_end_reason reason);

/* The final memory hash an END event holds: wrr_memory_hash (FNV-1a 64) of
 * memory folded to 32 bits (high half XOR low half). */
uint32_t wrr_trace_memory_hash(const struct wrr_memory *memory);

/* The exit status an END event leaves out for its reason: 0 (returned,
 * exit), 134 (trap, exhaustion), 1 (out of fuel, error): wrr's usual exit
 * statuses (cli.h). */
int32_t wrr_trace_usual_exit_status(enum wrr_trace_end_reason reason);

/* The standard message code of an END message (0: none, store the text). */
uint32_t wrr_end_message_code(const char *message, uint32_t len);

#endif
