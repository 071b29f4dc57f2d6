/*
 * session.c — load, link and run one WASI module for `wrr run` and
 * `wrr record` (wrr_session_run): file → decode → validate → store → WASI
 * context → link → instantiate → _start (or --invoke), then the exit status
 * and diagnostics wasmtime users expect.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/modfile.h"
#include "exec/lazy.h"
#include "wasi/wasi.h"

/* Frames printed in a backtrace; deeper stacks (exhaustion) are elided. */
enum { BACKTRACE_MAX = 64 };

/* The largest module read (the most a trace can embed, too). */
#define MODULE_MAX_BYTES ((size_t)1 << 30)

/* Reads a whole file into a fresh buffer (sized from fstat, so a 30 MB
 * module is read once, without regrowing; pipes and files that grow while
 * being read still work). Stops early once the first 4 bytes are not the
 * Wasm magic (the decoder then reports it), and fails with EFBIG past
 * MODULE_MAX_BYTES. Returns false with errno set. */
static bool read_file(const char *path, uint8_t **out, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return false;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return false;
	}
	size_t cap = S_ISREG(st.st_mode) && st.st_size > 0 &&
				     (uint64_t)st.st_size < SIZE_MAX / 2
			     ? (size_t)st.st_size + 1
			     : 1 << 16;
	size_t len = 0;
	uint8_t *buf = malloc(cap);
	int err = 0;
	while (buf != NULL) {
		if (len == cap) {
			uint8_t *n = cap > SIZE_MAX / 2 ? NULL
							: realloc(buf, cap * 2);
			if (n == NULL) {
				err = ENOMEM;
				break;
			}
			buf = n;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			break;
		}
		len += (size_t)r;
		/* End of file, or a stream (/dev/zero, a FIFO) that is not a
		 * module: the decoder only needs the header to say so. */
		bool not_wasm = len >= 4 && memcmp(buf, "\0asm", 4) != 0;
		if (r == 0 || not_wasm) {
			close(fd);
			*out = buf;
			*size = len;
			return true;
		}
		if (len > MODULE_MAX_BYTES) {
			err = EFBIG;
			break;
		}
	}
	free(buf);
	close(fd);
	errno = err ? err : ENOMEM;
	return false;
}

/* Opens a listening TCP socket on "HOST:PORT" ("[V6ADDR]:PORT" too).
 * Returns the fd or -1 after printing why. */
static int tcp_listen(const char *addr)
{
	char host[256];
	const char *colon = strrchr(addr, ':');
	if (colon == NULL || colon == addr || colon[1] == '\0' ||
	    (size_t)(colon - addr) >= sizeof host) {
		fprintf(stderr, "wrr: error: --tcplisten: expected HOST:PORT, "
			"got '%s'\n", addr);
		return -1;
	}
	const char *h = addr;
	size_t hl = (size_t)(colon - addr);
	if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']')
		h++, hl -= 2;
	memcpy(host, h, hl);
	host[hl] = '\0';
	struct addrinfo hints = {0}, *res = NULL;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	int rc = getaddrinfo(host, colon + 1, &hints, &res);
	if (rc != 0) {
		fprintf(stderr, "wrr: error: --tcplisten %s: %s\n", addr,
			gai_strerror(rc));
		return -1;
	}
	int fd = -1, saved = 0;
	for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
			    ai->ai_protocol);
		if (fd < 0) {
			saved = errno;
			continue;
		}
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, 128) == 0)
			break;
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		fprintf(stderr, "wrr: error: --tcplisten %s: %s\n", addr,
			strerror(saved));
	return fd;
}

/* Demangles a legacy Rust symbol ("_ZN" {LEN IDENT}+ "E", the last ident
 * being the hash "h" + 16 hex digits, maybe followed by ".llvm.N") into
 * "a::b::c" with the $..$ escapes decoded, as wasmtime shows Rust frames.
 * Returns false (out untouched) for anything else. */
static bool demangle_rust(const char *s, size_t len, char *out, size_t size)
{
	static const struct {
		const char *esc, *text;
	} escapes[] = {
		{"$SP$", "@"}, {"$BP$", "*"}, {"$RF$", "&"}, {"$LT$", "<"},
		{"$GT$", ">"}, {"$LP$", "("}, {"$RP$", ")"}, {"$C$", ","},
	};
	if (len < 4 || memcmp(s, "_ZN", 3) != 0 || size < 2)
		return false;
	size_t i = 3, o = 0;
	bool first = true;
	while (i < len && s[i] != 'E') {
		size_t n = 0;
		if (s[i] < '1' || s[i] > '9')
			return false;
		while (i < len && s[i] >= '0' && s[i] <= '9' && n < len)
			n = n * 10 + (size_t)(s[i++] - '0');
		if (n > len - i)
			return false;
		const char *id = s + i;
		i += n;
		/* The trailing hash component is dropped. */
		if (n == 17 && id[0] == 'h' && i < len && s[i] == 'E') {
			bool hex = true;
			for (size_t k = 1; k < 17; k++)
				hex &= (id[k] >= '0' && id[k] <= '9') ||
				       (id[k] >= 'a' && id[k] <= 'f');
			if (hex)
				break;
		}
		if (!first) {
			if (o + 2 >= size)
				return false;
			out[o++] = ':';
			out[o++] = ':';
		}
		first = false;
		size_t k = 0;
		if (n >= 2 && id[0] == '_' && id[1] == '$')
			k = 1;
		while (k < n) {
			const char *text = NULL;
			size_t skip = 1;
			char one[2] = {id[k], 0};
			if (id[k] == '.' && k + 1 < n && id[k + 1] == '.') {
				text = "::";
				skip = 2;
			} else if (id[k] == '$') {
				for (size_t e = 0; e < sizeof escapes /
				     sizeof escapes[0] && text == NULL; e++) {
					size_t el = strlen(escapes[e].esc);
					if (el <= n - k &&
					    memcmp(id + k, escapes[e].esc,
						   el) == 0)
						text = escapes[e].text,
						skip = el;
				}
				/* $uXX$: a code point in hex (ASCII only). */
				if (text == NULL && k + 4 < n &&
				    id[k + 1] == 'u' && id[k + 4] == '$') {
					unsigned v = 0;
					if (sscanf(id + k + 2, "%2x", &v) ==
					    1 && v >= 0x20 && v < 0x7f) {
						one[0] = (char)v;
						text = one;
						skip = 5;
					}
				}
			}
			if (text == NULL)
				text = one;
			size_t tl = strlen(text);
			if (o + tl >= size)
				return false;
			memcpy(out + o, text, tl);
			o += tl;
			k += skip;
		}
	}
	if (i >= len || first)
		return false;
	out[o] = '\0';
	return true;
}

void wrr_session_print_backtrace(const struct wrr_module *module,
				 const struct wrr_frame_info *frames,
				 uint32_t n, uint32_t total)
{
	if (n > 0)
		fputs("wasm backtrace:\n", stderr);
	for (uint32_t i = 0; i < n; i++) {
		const struct wrr_module *m = module;
		if (frames[i].instance != NULL)
			m = wrr_instance_module(frames[i].instance);
		uint32_t len = 0;
		const char *name = m ? wrr_module_func_name(m,
				frames[i].func_index, &len) : NULL;
		char plain[512];
		fprintf(stderr, "  #%u: ", i);
		if (name != NULL && demangle_rust(name, len, plain,
						  sizeof plain))
			fputs(plain, stderr);
		else if (name != NULL && len > 0)
			fprintf(stderr, "%.*s", (int)len, name);
		else
			fprintf(stderr, "func[%u]", frames[i].func_index);
		fprintf(stderr, " (function %u, code offset 0x%x)\n",
			frames[i].func_index, frames[i].code_offset);
	}
	if (total > n)
		fprintf(stderr, "  ... %u more frames\n", total - n);
}

void wrr_session_print_trap(struct wrr_store *store,
			    const struct wrr_module *module,
			    const struct wrr_error *err)
{
	if (err->status == WRR_EXHAUSTION)
		fputs("wasm trap: call stack exhausted\n", stderr);
	else if (err->trap == WRR_TRAP_HOST || err->trap == WRR_TRAP_NONE)
		fprintf(stderr, "wasm trap: %s\n",
			err->message[0] ? err->message
					: wrr_trap_message(err->trap));
	else
		fprintf(stderr, "wasm trap: %s\n", wrr_trap_message(err->trap));

	struct wrr_frame_info frames[BACKTRACE_MAX];
	uint32_t total = 0;
	uint32_t n = wrr_store_backtrace(store, frames, BACKTRACE_MAX, &total);
	if (n == 0 && err->func_index != UINT32_MAX) {
		/* No stack kept: at least the trapping place from err. */
		frames[0].instance = NULL;
		frames[0].func_index = err->func_index;
		frames[0].code_offset = err->code_offset;
		n = total = 1;
	}
	wrr_session_print_backtrace(module, frames, n, total);
}

/* Parses an integer of `bits` bits (8..64) in its signed or its unsigned
 * range: optional sign, then decimal or 0x hex (strtoull base 0), nothing
 * after. *out gets the two's-complement bits. */
static bool parse_int(const char *s, unsigned bits, uint64_t *out)
{
	char *end;
	bool neg = s[0] == '-';
	const char *d = neg || s[0] == '+' ? s + 1 : s;
	if (*d < '0' || *d > '9')
		return false;
	errno = 0;
	unsigned long long u = strtoull(d, &end, 0);
	if (errno != 0 || *end != '\0')
		return false;
	uint64_t lim = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
	if (neg ? u > lim / 2 + 1 : u > lim)
		return false;
	*out = neg ? 0 - (uint64_t)u : (uint64_t)u;
	return true;
}

/* A v128 --invoke argument (see cli.h): SHAPE:LANE,LANE,... (the .wast
 * form with a colon and commas: i8x16, i16x8, i32x4, i64x2, f32x4, f64x2,
 * lane 0 first), 0x and 1 to 32 hex digits, or the unsigned decimal
 * 128-bit value that wrr_session_print_val prints. Bytes little-endian. */
static bool parse_v128(const char *s, uint8_t out[16])
{
	static const struct {
		const char *name;
		unsigned lane_bits;
		bool is_float;
	} shapes[] = {
		{"i8x16:", 8, false}, {"i16x8:", 16, false},
		{"i32x4:", 32, false}, {"i64x2:", 64, false},
		{"f32x4:", 32, true}, {"f64x2:", 64, true},
	};
	memset(out, 0, 16);
	for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
		size_t n = strlen(shapes[k].name);
		if (strncmp(s, shapes[k].name, n) != 0)
			continue;
		unsigned bytes = shapes[k].lane_bits / 8, lanes = 16 / bytes;
		const char *p = s + n;
		for (unsigned i = 0; i < lanes; i++) {
			char lane[80];
			size_t len = strcspn(p, ",");
			if (len == 0 || len >= sizeof lane ||
			    (p[len] == ',') != (i + 1 < lanes))
				return false;
			memcpy(lane, p, len);
			lane[len] = '\0';
			p += len + (p[len] == ',');
			uint64_t bits;
			char *end;
			if (!shapes[k].is_float) {
				if (!parse_int(lane, shapes[k].lane_bits, &bits))
					return false;
			} else if (bytes == 4) {
				float f = strtof(lane, &end);
				uint32_t b32;
				if (end == lane || *end != '\0')
					return false;
				memcpy(&b32, &f, 4);
				bits = b32;
			} else {
				double f = strtod(lane, &end);
				if (end == lane || *end != '\0')
					return false;
				memcpy(&bits, &f, 8);
			}
			for (unsigned b = 0; b < bytes; b++)
				out[i * bytes + b] = (uint8_t)(bits >> (8 * b));
		}
		return *p == '\0';
	}
	unsigned __int128 u = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		size_t n = strlen(s + 2);
		if (n == 0 || n > 32 || strspn(s + 2, "0123456789abcdefABCDEF") != n)
			return false;
		for (const char *p = s + 2; *p; p++)
			u = u << 4 | (unsigned)(isdigit((unsigned char)*p)
					? *p - '0'
					: (tolower((unsigned char)*p) - 'a' + 10));
	} else {
		size_t n = strlen(s);
		if (n == 0 || strspn(s, "0123456789") != n)
			return false;
		const unsigned __int128 max = ~(unsigned __int128)0;
		for (const char *p = s; *p; p++) {
			unsigned d = (unsigned)(*p - '0');
			if (u > (max - d) / 10)
				return false; /* above 2^128-1 */
			u = u * 10 + d;
		}
	}
	for (int i = 0; i < 16; i++, u >>= 8)
		out[i] = (uint8_t)u;
	return true;
}

bool wrr_session_parse_val(const char *s, enum wrr_valtype t,
			   struct wrr_val *v)
{
	char *end;
	uint64_t bits;
	errno = 0;
	v->type = t;
	switch (t) {
	case WRR_I32:
		if (!parse_int(s, 32, &bits))
			return false;
		v->of.i32 = (int32_t)(uint32_t)bits;
		return true;
	case WRR_I64:
		if (!parse_int(s, 64, &bits))
			return false;
		v->of.i64 = (int64_t)bits;
		return true;
	case WRR_F32:
		v->of.f32 = strtof(s, &end);
		return end != s && *end == '\0';
	case WRR_F64:
		v->of.f64 = strtod(s, &end);
		return end != s && *end == '\0';
	case WRR_FUNCREF:
	case WRR_EXTERNREF:
		if (strcmp(s, "null") != 0)
			return false;
		v->of.ref = 0;
		return true;
	case WRR_V128:
		return parse_v128(s, v->of.v128);
	}
	return false;
}

/* Formats a float like Rust's Display (what wasmtime --invoke prints): the
 * shortest digits that read back to the same value, positional notation,
 * no trailing ".0" ("1", "0.1", "1e20" → "100000000000000000000"). */
static void format_float(double v, bool single, char *buf, size_t size)
{
	if (isnan(v)) {
		snprintf(buf, size, "NaN");
		return;
	}
	if (isinf(v)) {
		snprintf(buf, size, v < 0 ? "-inf" : "inf");
		return;
	}
	char e[64];
	for (int p = 1; p <= 17; p++) {
		snprintf(e, sizeof e, "%.*e", p - 1, v);
		if (single ? strtof(e, NULL) == (float)v : strtod(e, NULL) == v)
			break;
	}
	/* e is "[-]D[.DDD]e±X": collect the digits and the exponent. */
	char digits[32];
	size_t nd = 0;
	const char *p = e;
	bool neg = *p == '-';
	if (neg)
		p++;
	for (; *p != 'e'; p++)
		if (*p != '.')
			digits[nd++] = *p;
	int exp = atoi(p + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	size_t o = 0;
	char out[400];
	if (neg)
		out[o++] = '-';
	if (exp < 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (int i = -1; i > exp; i--)
			out[o++] = '0';
		for (size_t i = 0; i < nd; i++)
			out[o++] = digits[i];
	} else {
		for (int i = 0; i <= exp || (size_t)i < nd; i++) {
			if (i == exp + 1)
				out[o++] = '.';
			out[o++] = (size_t)i < nd ? digits[i] : '0';
		}
	}
	out[o] = '\0';
	snprintf(buf, size, "%s", out);
}

void wrr_session_print_val(const struct wrr_val *v)
{
	char buf[448];
	switch (v->type) {
	case WRR_I32:
		printf("%d\n", v->of.i32);
		return;
	case WRR_I64:
		printf("%lld\n", (long long)v->of.i64);
		return;
	case WRR_F32:
		format_float(v->of.f32, true, buf, sizeof buf);
		printf("%s\n", buf);
		return;
	case WRR_F64:
		format_float(v->of.f64, false, buf, sizeof buf);
		printf("%s\n", buf);
		return;
	case WRR_V128: {
		unsigned __int128 u = 0;
		for (int i = 15; i >= 0; i--)
			u = u << 8 | v->of.v128[i];
		char d[48];
		int n = 0;
		do {
			d[n++] = (char)('0' + (int)(u % 10));
			u /= 10;
		} while (u != 0);
		while (n > 0)
			putchar(d[--n]);
		putchar('\n');
		return;
	}
	case WRR_FUNCREF:
		puts(v->of.ref ? "<funcref>" : "<null funcref>");
		return;
	case WRR_EXTERNREF:
		puts(v->of.ref ? "<externref>" : "<null externref>");
		return;
	}
}

/* The pieces of a session, freed together. */
struct session {
	const struct wrr_run_options *opts;
	const char *path;
	uint8_t *bytes;
	size_t size;
	bool mapped; /* bytes is a file mapping (cli/modfile.h) */
	struct wrr_module *module;
	struct wrr_store *store;
	struct wrr_wasi *wasi;
	struct wrr_extern *imports;
	int *listen_fds;
	uint32_t listen_count;
	struct wrr_instance *instance;
	struct wrr_error err;
};

static void session_free(struct session *s)
{
	wrr_wasi_free(s->wasi);
	wrr_store_free(s->store);
	wrr_module_free(s->module);
	free(s->imports);
	if (s->mapped)
		wrr_modfile_unmap(s->bytes, s->size);
	else
		free(s->bytes);
	for (uint32_t i = 0; i < s->listen_count; i++)
		close(s->listen_fds[i]);
	free(s->listen_fds);
}

/* Prints err as "wrr: error: PATH: <kind>: <message> (places)". */
static int load_error(struct session *s)
{
	char buf[768];
	fprintf(stderr, "wrr: error: %s: %s\n", s->path,
		wrr_error_format(&s->err, buf, sizeof buf));
	return WRR_EXIT_ERROR;
}

int wrr_session_outcome(const struct wrr_session_end *end,
			enum wrr_status st, const struct wrr_error *err)
{
	char buf[768];
	switch (st) {
	case WRR_OK:
		return 0;
	case WRR_EXIT:
		/* proc_exit takes a u32; a process status is 8 bits. Codes
		 * that would be truncated (256 would read as success) are
		 * reported and turned into 1. */
		if (err->exit_code >= 0 && err->exit_code <= 255)
			return err->exit_code;
		fprintf(stderr, "wrr: error: %s: guest exit status %u is "
			"outside 0..255\n", end->path,
			(unsigned)err->exit_code);
		return WRR_EXIT_ERROR;
	case WRR_TRAP:
	case WRR_EXHAUSTION:
		fflush(stdout);
		wrr_session_print_trap(end->store, end->module, err);
		return WRR_EXIT_TRAP;
	case WRR_FUEL:
		fprintf(stderr, "wrr: error: %s: out of fuel (--fuel %llu "
			"instructions executed)\n", end->path,
			(unsigned long long)end->fuel);
		return WRR_EXIT_ERROR;
	case WRR_LINK:
	case WRR_MALFORMED:
	case WRR_INVALID:
	case WRR_NOMEM:
	case WRR_HOST:
		break;
	}
	fprintf(stderr, "wrr: error: %s: %s\n", end->path,
		wrr_error_format(err, buf, sizeof buf));
	return WRR_EXIT_ERROR;
}

/* Turns the status of a call into the exit status, printing diagnostics. */
static int outcome(struct session *s, enum wrr_status st)
{
	struct wrr_session_end end = {
		.store = s->store,
		.module = s->module,
		.path = s->path,
		.fuel = s->opts->fuel,
	};
	return wrr_session_outcome(&end, st, &s->err);
}

/* Finds export `name` of inst as a function. */
static struct wrr_func *export_func(struct wrr_instance *inst,
				    const char *name)
{
	struct wrr_extern ext;
	if (!wrr_instance_export(inst, name, (uint32_t)strlen(name), &ext) ||
	    ext.kind != WRR_EXTERN_FUNC)
		return NULL;
	return ext.of.func;
}

/* --invoke: _initialize if present, then NAME with argv[1..argc) as
 * parameters; prints the results. Returns as wrr_session_call_entry. */
static int invoke(struct wrr_store *store, struct wrr_instance *inst,
		  const char *path, const char *name, uint32_t argc,
		  const char *const *argv, enum wrr_status *st,
		  struct wrr_error *err)
{
	struct wrr_func *f = export_func(inst, name);
	if (f == NULL) {
		fprintf(stderr, "wrr: error: %s: no exported function '%s'\n",
			path, name);
		return WRR_EXIT_ERROR;
	}
	const struct wrr_functype *ft = wrr_func_type(f);
	uint32_t nargs = argc > 0 ? argc - 1 : 0;
	if (nargs != ft->param_count) {
		fprintf(stderr, "wrr: error: --invoke %s: expects %u "
			"argument(s), got %u\n", name, ft->param_count,
			nargs);
		return WRR_EXIT_ERROR;
	}
	struct wrr_val *args = calloc(nargs + 1, sizeof *args);
	struct wrr_val *res = calloc(ft->result_count + 1, sizeof *res);
	int status = WRR_EXIT_ERROR;
	if (args == NULL || res == NULL) {
		fprintf(stderr, "wrr: error: out of memory\n");
		*st = WRR_NOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < nargs; i++) {
		if (!wrr_session_parse_val(argv[i + 1], ft->params[i],
					   &args[i])) {
			fprintf(stderr, "wrr: error: --invoke %s: argument "
				"%u: cannot parse '%s' as the parameter's "
				"type\n", name, i + 1, argv[i + 1]);
			goto out;
		}
	}
	struct wrr_func *init = export_func(inst, "_initialize");
	if (init != NULL && init != f)
		*st = wrr_func_call(store, init, NULL, 0, NULL, 0, err);
	if (*st == WRR_OK)
		*st = wrr_func_call(store, f, args, nargs, res,
				    ft->result_count, err);
	if (*st == WRR_OK) {
		for (uint32_t i = 0; i < ft->result_count; i++)
			wrr_session_print_val(&res[i]);
		fflush(stdout);
	}
	status = -1;
out:
	free(args);
	free(res);
	return status;
}

int wrr_session_call_entry(struct wrr_store *store, struct wrr_instance *inst,
			   const char *path, const char *invoke_name,
			   uint32_t argc, const char *const *argv,
			   enum wrr_status *st, struct wrr_error *err)
{
	*st = WRR_OK;
	if (invoke_name != NULL)
		return invoke(store, inst, path, invoke_name, argc, argv, st,
			      err);
	struct wrr_func *start = export_func(inst, "_start");
	if (start == NULL) {
		fprintf(stderr, "wrr: error: %s: no '_start' export "
			"(use --invoke NAME)\n", path);
		return WRR_EXIT_ERROR;
	}
	const struct wrr_functype *ft = wrr_func_type(start);
	if (ft->param_count != 0 || ft->result_count != 0) {
		fprintf(stderr, "wrr: error: %s: '_start' must take "
			"and return nothing\n", path);
		return WRR_EXIT_ERROR;
	}
	*st = wrr_func_call(store, start, NULL, 0, NULL, 0, err);
	return -1;
}

static int finish(struct session *s, const struct wrr_session_hooks *hooks,
		  enum wrr_status st, int status)
{
	if (hooks != NULL && hooks->finished != NULL && s->store != NULL)
		status = hooks->finished(hooks->ctx, s->store, s->instance, st,
					 &s->err, status);
	session_free(s);
	return status;
}

int wrr_session_run_hooks(const struct wrr_run_options *opts,
			  const struct wrr_gate *gate,
			  const struct wrr_session_hooks *hooks)
{
	struct session s = {.opts = opts, .path = opts->module_path};
	wrr_error_clear(&s.err);
	int mapped = wrr_modfile_map(s.path, MODULE_MAX_BYTES, &s.bytes,
				     &s.size);
	s.mapped = mapped == 1;
	if (mapped < 0 ||
	    (mapped == 0 && !read_file(s.path, &s.bytes, &s.size))) {
		fprintf(stderr, "wrr: error: %s: cannot read module: %s\n",
			s.path, strerror(errno));
		return WRR_EXIT_ERROR;
	}
	enum wrr_status st = wrr_module_decode(s.bytes, s.size, &s.module,
					       &s.err);
	if (st == WRR_OK && s.mapped)
		wrr_module_set_bytes_mapped(s.module);
	if (st == WRR_OK)
		st = wrr_module_validate(s.module, &s.err);
	if (st != WRR_OK) {
		int rc = load_error(&s);
		session_free(&s);
		return rc;
	}

	s.store = wrr_store_new(&opts->limits);
	if (s.store == NULL) {
		fprintf(stderr, "wrr: error: out of memory\n");
		session_free(&s);
		return WRR_EXIT_ERROR;
	}
	wrr_store_set_fuel(s.store, opts->fuel);
	if (gate != NULL)
		wrr_store_set_gate(s.store, gate);
	if (hooks != NULL && hooks->started != NULL) {
		st = hooks->started(hooks->ctx, s.store, s.module, s.bytes,
				    s.size, &s.err);
		if (st != WRR_OK)
			return finish(&s, hooks, st, outcome(&s, st));
	}

	if (opts->tcplisten_count > 0) {
		s.listen_fds = calloc(opts->tcplisten_count, sizeof(int));
		if (s.listen_fds == NULL)
			return finish(&s, hooks, WRR_NOMEM, WRR_EXIT_ERROR);
		for (uint32_t i = 0; i < opts->tcplisten_count; i++) {
			int fd = tcp_listen(opts->tcplisten[i]);
			if (fd < 0)
				return finish(&s, hooks, WRR_HOST,
					      WRR_EXIT_ERROR);
			s.listen_fds[s.listen_count++] = fd;
		}
	}

	struct wrr_wasi_preopen *pre = calloc(opts->dir_count + 1, sizeof *pre);
	if (pre == NULL)
		return finish(&s, hooks, WRR_NOMEM, WRR_EXIT_ERROR);
	for (uint32_t i = 0; i < opts->dir_count; i++) {
		pre[i].host_path = opts->dirs[i].host;
		pre[i].guest_path = opts->dirs[i].guest;
		pre[i].read_only = opts->dirs[i].read_only;
	}
	struct wrr_wasi_config cfg = {
		.argc = opts->guest_argc,
		.argv = opts->guest_argv,
		.envc = (int)opts->env_count,
		.env = opts->env,
		.preopen_count = opts->dir_count,
		.preopens = pre,
		.listen_count = s.listen_count,
		.listen_fds = s.listen_fds,
		.stdin_fd = 0,
		.stdout_fd = 1,
		.stderr_fd = 2,
	};
	st = wrr_wasi_new(&cfg, &s.wasi, &s.err);
	free(pre);
	if (st != WRR_OK) {
		/* e.g. a --dir that cannot be opened: the message says it. */
		fprintf(stderr, "wrr: error: %s\n", s.err.message);
		return finish(&s, hooks, st, WRR_EXIT_ERROR);
	}

	uint32_t nimports = wrr_module_import_count(s.module);
	s.imports = calloc(nimports + 1, sizeof *s.imports);
	if (s.imports == NULL)
		return finish(&s, hooks, WRR_NOMEM, WRR_EXIT_ERROR);
	st = wrr_wasi_link(s.wasi, s.store, s.module, s.imports, &s.err);
	/* Every import resolved: instantiation cannot fail to link, so guest
	 * code is about to run (the start function, then the entry point).
	 * An unresolved one (not a WASI import) fails in wrr_instantiate
	 * before any code runs, without the ready hook. */
	bool resolved = true;
	for (uint32_t i = 0; i < nimports; i++)
		resolved &= s.imports[i].of.func != NULL;
	if (st == WRR_OK && resolved && hooks != NULL && hooks->ready != NULL)
		st = hooks->ready(hooks->ctx, &s.err);
	if (s.mapped) /* decoded, validated, hashed, recorded */
		wrr_modfile_release(s.bytes, s.size);
	if (st == WRR_OK)
		st = wrr_instantiate(s.store, s.module, s.imports, nimports,
				     &s.instance, &s.err);
	if (s.mapped) /* data segments copied */
		wrr_modfile_release(s.bytes, s.size);
	if (st != WRR_OK) {
		s.instance = NULL;
		return finish(&s, hooks, st, outcome(&s, st));
	}

	int status = wrr_session_call_entry(
		s.store, s.instance, s.path, opts->invoke,
		opts->guest_argc > 0 ? (uint32_t)opts->guest_argc : 0,
		(const char *const *)opts->guest_argv, &st, &s.err);
	if (status < 0)
		status = outcome(&s, st);
	fflush(stdout);
	wrr_modfile_run_over(s.module);
	return finish(&s, hooks, st, status);
}

int wrr_session_run(const struct wrr_run_options *opts,
		    const struct wrr_gate *gate)
{
	return wrr_session_run_hooks(opts, gate, NULL);
}
