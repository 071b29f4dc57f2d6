/*
 * replay.c — `wrr replay [--quiet] [--unsafe-skip-module-check] TRACE
 * [MODULE]`: re-runs a recorded run with the host replaced by the trace.
 *
 * The module is the one embedded in the trace, or MODULE (which must have the
 * SHA-256 the header pins, unless --unsafe-skip-module-check, a test-only
 * flag). The store gets the recorded limits and fuel; every import is linked
 * to a placeholder host function that is never called, because the
 * replaying gate (src/rr/replayer.c) answers each call from the trace. No
 * file other than the trace (and MODULE) is opened, no clock or random
 * source is read.
 *
 * Exit status: the recorded one when the replay matches the recording to
 * the end; WRR_EXIT_DIVERGENCE (3) when the guest does something else than
 * the trace says; WRR_EXIT_ERROR (1) when the trace is unreadable, corrupt,
 * cut short, or the module does not match; WRR_EXIT_USAGE (2) for a bad
 * command line.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "module.h"
#include "rr/replayer.h"
#include "rr/trace.h"

struct replay_opts {
	const char *trace;
	const char *module;
	bool quiet;
	bool skip_module_check;
	bool stats;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: wrr replay [OPTIONS] TRACE [MODULE]\n"
		"Replays a trace made by `wrr record`: the guest runs again with "
		"every\nhost call answered from the trace.\n\n"
		"  -q, --quiet     do not reproduce the guest's stdout/stderr\n"
		"  --stats         at the end, print the events replayed and the "
		"final\n"
		"                  memory hash on stderr\n"
		"  --unsafe-skip-module-check\n"
		"                  run MODULE even if its SHA-256 differs from "
		"the trace's\n"
		"                  (tests only: the replay will likely "
		"diverge)\n"
		"  -h, --help      this help\n\n"
		"Exit status: the recorded one; 3 if the replay diverged; 1 if "
		"the trace\nis unreadable, corrupt or cut short, or MODULE does "
		"not match.\n");
}

/* Returns -1 when parsed, else the exit status to return. */
static int parse(int argc, char **argv, struct replay_opts *o)
{
	memset(o, 0, sizeof *o);
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			o->quiet = true;
		} else if (strcmp(a, "--stats") == 0) {
			o->stats = true;
		} else if (strcmp(a, "--unsafe-skip-module-check") == 0) {
			o->skip_module_check = true;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "wrr: error: replay: unknown option %s\n",
				a);
			return WRR_EXIT_USAGE;
		}
	}
	if (i >= argc || argc - i > 2) {
		fprintf(stderr, "wrr: error: replay: expected TRACE [MODULE]\n");
		return WRR_EXIT_USAGE;
	}
	o->trace = argv[i];
	o->module = i + 1 < argc ? argv[i + 1] : NULL;
	return -1;
}

static uint8_t *read_file(const char *path, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat sb;
	uint8_t *buf = NULL;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		buf = malloc(sb.st_size ? (size_t)sb.st_size : 1);
		size_t got = 0;
		while (buf && got < (size_t)sb.st_size) {
			ssize_t k = read(fd, buf + got, (size_t)sb.st_size - got);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				break;
			got += (size_t)k;
		}
		if (buf && got != (size_t)sb.st_size) {
			free(buf);
			buf = NULL;
		}
		*size = got;
	} else {
		errno = EINVAL;
	}
	int e = errno;
	close(fd);
	errno = e;
	return buf;
}

/* Placeholder for every import: the replaying gate never calls it. */
static enum wrr_status not_replayed(struct wrr_host_call *call)
{
	return wrr_error_set(call->err, WRR_HOST,
			     "import called outside the replay gate");
}

/* Links each import of module to a placeholder host function. */
static enum wrr_status link_placeholders(struct wrr_store *store,
					 const struct wrr_module *module,
					 struct wrr_extern *imports,
					 struct wrr_error *err)
{
	uint32_t n = wrr_module_import_count(module);
	for (uint32_t i = 0; i < n; i++) {
		struct wrr_import_desc d;
		wrr_module_import(module, i, &d);
		if (d.kind != WRR_EXTERN_FUNC)
			return wrr_error_set(
				err, WRR_LINK,
				"import \"%.*s\".\"%.*s\": only function imports "
				"can be replayed",
				(int)d.module_name_len, d.module_name,
				(int)d.name_len, d.name);
		char *m = strndup(d.module_name, d.module_name_len);
		char *nm = strndup(d.name, d.name_len);
		struct wrr_func *f = NULL;
		if (m && nm)
			f = wrr_func_new_host(store, d.functype, m, nm,
					      not_replayed, NULL);
		free(m);
		free(nm);
		if (f == NULL)
			return wrr_error_set(err, WRR_NOMEM, "out of memory");
		imports[i].kind = WRR_EXTERN_FUNC;
		imports[i].of.func = f;
	}
	return WRR_OK;
}

/* The backtrace at a divergence, in wrr_session_print_trap's format. */
static void print_backtrace(const struct wrr_module *module,
			    const struct wrr_frame_info *frames, uint32_t n)
{
	if (n == 0)
		return;
	fprintf(stderr, "wasm backtrace:\n");
	for (uint32_t i = 0; i < n; i++) {
		const struct wrr_module *m = module;
		if (frames[i].instance != NULL)
			m = wrr_instance_module(frames[i].instance);
		uint32_t len = 0;
		const char *name =
			wrr_module_func_name(m, frames[i].func_index, &len);
		fprintf(stderr, "  #%u: ", i);
		if (name != NULL && len > 0)
			fprintf(stderr, "%.*s", (int)len, name);
		else
			fprintf(stderr, "func[%u]", frames[i].func_index);
		fprintf(stderr, " (function %u, code offset 0x%x)\n",
			frames[i].func_index, frames[i].code_offset);
	}
}

/* Parses guest argument s as a value of type t (for --invoke), accepting
 * what `wrr run` accepts: the signed and unsigned range of integers. */
static bool parse_value(const char *s, enum wrr_valtype t, struct wrr_val *v)
{
	char *end;
	errno = 0;
	v->type = t;
	switch (t) {
	case WRR_I32:
	case WRR_I64: {
		bool neg = s[0] == '-';
		const char *d = neg || s[0] == '+' ? s + 1 : s;
		if (*d < '0' || *d > '9')
			return false;
		unsigned long long u = strtoull(d, &end, 0);
		if (errno != 0 || *end != '\0')
			return false;
		uint64_t lim = t == WRR_I32 ? UINT32_MAX : UINT64_MAX;
		if (neg ? u > lim / 2 + 1 : u > lim)
			return false;
		uint64_t bits = neg ? 0 - (uint64_t)u : (uint64_t)u;
		if (t == WRR_I32)
			v->of.i32 = (int32_t)(uint32_t)bits;
		else
			v->of.i64 = (int64_t)bits;
		return true;
	}
	case WRR_F32:
		v->of.f32 = strtof(s, &end);
		return end != s && *end == '\0';
	case WRR_F64:
		v->of.f64 = strtod(s, &end);
		return end != s && *end == '\0';
	case WRR_FUNCREF:
	case WRR_EXTERNREF:
		v->of.ref = 0;
		return strcmp(s, "null") == 0;
	default:
		return false;
	}
}

/* What `wrr run` did at the end of the recorded run, redone: */
struct replay_run {
	struct wrr_store *store;
	struct wrr_module *module;
	struct wrr_instance *inst;
	const struct wrr_trace_header *h;
	const char *path;        /* the module path the recording was given */
	struct wrr_replayer *rp;
	struct wrr_error err;
};

/* The exit status for a call that ended with st, printing what
 * wrr_session_run prints (src/cli/session.c, outcome()). */
static int outcome(struct replay_run *x, enum wrr_status st)
{
	char buf[768];
	/* A stop inside the replaying gate (divergence, cut or corrupt trace)
	 * ends the run with WRR_HOST: wrr_cmd_replay reports it instead. */
	if (wrr_replayer_stop(x->rp) != WRR_REPLAY_RUNNING)
		return WRR_EXIT_ERROR;
	switch (st) {
	case WRR_OK:
		return 0;
	case WRR_EXIT:
		if (x->err.exit_code >= 0 && x->err.exit_code <= 255)
			return x->err.exit_code;
		fprintf(stderr, "wrr: error: %s: guest exit status %u is "
			"outside 0..255\n", x->path,
			(unsigned)x->err.exit_code);
		return WRR_EXIT_ERROR;
	case WRR_TRAP:
	case WRR_EXHAUSTION:
		fflush(stdout);
		wrr_session_print_trap(x->store, x->module, &x->err);
		return WRR_EXIT_TRAP;
	case WRR_FUEL:
		fprintf(stderr, "wrr: error: %s: out of fuel (--fuel %llu "
			"instructions executed)\n", x->path,
			(unsigned long long)x->h->fuel);
		return WRR_EXIT_ERROR;
	default:
		break;
	}
	fprintf(stderr, "wrr: error: %s: %s\n", x->path,
		wrr_error_format(&x->err, buf, sizeof buf));
	return WRR_EXIT_ERROR;
}

static struct wrr_func *export_func(struct replay_run *x, const char *name)
{
	struct wrr_extern ex;
	if (!wrr_instance_export(x->inst, name, (uint32_t)strlen(name), &ex) ||
	    ex.kind != WRR_EXTERN_FUNC)
		return NULL;
	return ex.of.func;
}

/* Calls the entry point as `wrr run` does: _start, or _initialize then the
 * --invoke export with the recorded guest arguments. *st gets the status
 * of the last call. Returns the exit status `wrr run` would return. */
static int run_entry(struct replay_run *x, enum wrr_status *st)
{
	const struct wrr_trace_header *h = x->h;
	*st = WRR_OK;
	if (h->invoke == NULL) {
		struct wrr_func *start = export_func(x, "_start");
		if (start == NULL) {
			fprintf(stderr, "wrr: error: %s: no '_start' export "
				"(use --invoke NAME)\n", x->path);
			return WRR_EXIT_ERROR;
		}
		const struct wrr_functype *ft = wrr_func_type(start);
		if (ft->param_count != 0 || ft->result_count != 0) {
			fprintf(stderr, "wrr: error: %s: '_start' must take "
				"and return nothing\n", x->path);
			return WRR_EXIT_ERROR;
		}
		*st = wrr_func_call(x->store, start, NULL, 0, NULL, 0, &x->err);
		return outcome(x, *st);
	}
	struct wrr_func *f = export_func(x, h->invoke);
	if (f == NULL) {
		fprintf(stderr, "wrr: error: %s: no exported function '%s'\n",
			x->path, h->invoke);
		return WRR_EXIT_ERROR;
	}
	const struct wrr_functype *ft = wrr_func_type(f);
	uint32_t argc = h->argc > 0 ? h->argc - 1 : 0;
	if (argc != ft->param_count) {
		fprintf(stderr, "wrr: error: --invoke %s: expects %u "
			"argument(s), got %u\n", h->invoke, ft->param_count,
			argc);
		return WRR_EXIT_ERROR;
	}
	struct wrr_val *args = calloc(argc + 1, sizeof *args);
	struct wrr_val *res = calloc(ft->result_count + 1, sizeof *res);
	int status = WRR_EXIT_ERROR;
	if (args == NULL || res == NULL) {
		fprintf(stderr, "wrr: error: out of memory\n");
		goto out;
	}
	for (uint32_t i = 0; i < argc; i++) {
		if (!parse_value(h->argv[i + 1], ft->params[i], &args[i])) {
			fprintf(stderr, "wrr: error: --invoke %s: argument "
				"%u: cannot parse '%s' as the parameter's "
				"type\n", h->invoke, i + 1, h->argv[i + 1]);
			goto out;
		}
	}
	struct wrr_func *init = export_func(x, "_initialize");
	if (init != NULL && init != f)
		*st = wrr_func_call(x->store, init, NULL, 0, NULL, 0, &x->err);
	if (*st == WRR_OK)
		*st = wrr_func_call(x->store, f, args, argc, res,
				    ft->result_count, &x->err);
	if (*st == WRR_OK) {
		for (uint32_t i = 0; i < ft->result_count; i++)
			wrr_session_print_val(&res[i]);
		fflush(stdout);
	}
	status = outcome(x, *st);
out:
	free(args);
	free(res);
	return status;
}

int wrr_cmd_replay(int argc, char **argv)
{
	struct replay_opts o;
	int rc = parse(argc, argv, &o);
	if (rc >= 0)
		return rc;
	struct wrr_error err;
	wrr_error_clear(&err);
	struct wrr_trace_reader *reader = NULL;
	struct wrr_module *module = NULL;
	struct wrr_store *store = NULL;
	struct wrr_replayer *rp = NULL;
	struct wrr_extern *imports = NULL;
	uint8_t *module_file = NULL;
	char buf[600];
	rc = WRR_EXIT_ERROR;

	if (wrr_trace_reader_open(o.trace, &reader, &err) != WRR_OK) {
		fprintf(stderr, "wrr: error: %s: %s\n", o.trace, err.message);
		goto out;
	}
	const struct wrr_trace_header *h = wrr_trace_reader_header(reader);
	const uint8_t *bytes = h->module;
	size_t size = h->module_size;
	if (o.module) {
		module_file = read_file(o.module, &size);
		if (module_file == NULL) {
			fprintf(stderr, "wrr: error: cannot read %s: %s\n",
				o.module, strerror(errno));
			goto out;
		}
		bytes = module_file;
	} else if (bytes == NULL) {
		fprintf(stderr, "wrr: error: %s does not embed its module "
				"(recorded with --no-embed-module): give "
				"MODULE\n",
			o.trace);
		goto out;
	}
	uint8_t digest[32];
	wrr_sha256(bytes, size, digest);
	if (memcmp(digest, h->module_sha256, 32) != 0 &&
	    !o.skip_module_check) {
		char a[65], b[65];
		wrr_sha256_hex(digest, a);
		wrr_sha256_hex(h->module_sha256, b);
		fprintf(stderr, "wrr: error: %s is not the recorded module "
				"(sha256 %s, the trace expects %s)\n",
			o.module ? o.module : "the embedded module", a, b);
		goto out;
	}
	if (wrr_module_decode(bytes, size, &module, &err) != WRR_OK ||
	    wrr_module_validate(module, &err) != WRR_OK) {
		fprintf(stderr, "wrr: error: %s\n",
			wrr_error_format(&err, buf, sizeof buf));
		goto out;
	}
	store = wrr_store_new(&h->limits);
	rp = store ? wrr_replayer_new(reader, o.quiet ? -1 : 1,
				      o.quiet ? -1 : 2)
		   : NULL;
	uint32_t nimports = wrr_module_import_count(module);
	imports = calloc(nimports + 1, sizeof *imports);
	if (rp == NULL || imports == NULL) {
		fprintf(stderr, "wrr: error: out of memory\n");
		goto out;
	}
	wrr_store_set_fuel(store, h->fuel);
	wrr_store_set_gate(store, wrr_replayer_gate(rp));
	if (link_placeholders(store, module, imports, &err) != WRR_OK) {
		fprintf(stderr, "wrr: error: %s\n",
			wrr_error_format(&err, buf, sizeof buf));
		goto out;
	}
	struct replay_run x = {
		.store = store,
		.module = module,
		.h = h,
		.path = h->argc > 0 ? h->argv[0] : o.trace,
		.rp = rp,
	};
	wrr_error_clear(&x.err);
	enum wrr_status st = wrr_instantiate(store, module, imports, nimports,
					     &x.inst, &x.err);
	int status;
	if (st != WRR_OK) {
		x.inst = NULL;
		status = outcome(&x, st);
	} else {
		status = run_entry(&x, &st);
	}
	fflush(stdout);
	struct wrr_memory *memory = x.inst ? wrr_instance_memory(x.inst) : NULL;
	enum wrr_replay_stop stop = wrr_replayer_stop(rp);
	if (stop == WRR_REPLAY_RUNNING)
		stop = wrr_replayer_finish(rp, status, memory,
					   wrr_store_progress(store));
	if (o.stats) {
		fprintf(stderr, "wrr: replayed %llu events",
			(unsigned long long)wrr_trace_reader_events(reader));
		if (memory)
			fprintf(stderr, ", final memory hash %016llx",
				(unsigned long long)wrr_memory_hash(memory));
		fprintf(stderr, "\n");
	}
	switch (stop) {
	case WRR_REPLAY_RUNNING:
		rc = status;
		break;
	case WRR_REPLAY_DIVERGED: {
		fprintf(stderr, "wrr: %s\n", wrr_replayer_message(rp));
		const struct wrr_frame_info *frames;
		uint32_t n = wrr_replayer_backtrace(rp, &frames);
		print_backtrace(module, frames, n);
		rc = WRR_EXIT_DIVERGENCE;
		break;
	}
	case WRR_REPLAY_CUT:
		fprintf(stderr, "wrr: %s\n", wrr_replayer_message(rp));
		rc = WRR_EXIT_ERROR;
		break;
	case WRR_REPLAY_BAD_TRACE:
		fprintf(stderr, "wrr: error: %s: %s\n", o.trace,
			wrr_replayer_message(rp));
		rc = WRR_EXIT_ERROR;
		break;
	}
out:
	fflush(stdout);
	wrr_replayer_free(rp);
	wrr_store_free(store);
	free(imports);
	wrr_module_free(module);
	free(module_file);
	wrr_trace_reader_free(reader);
	return rc;
}
