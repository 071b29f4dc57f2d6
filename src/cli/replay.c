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
 * cut short, recorded by another engine version (src/rr/engine_version.h),
 * or the module does not match; WRR_EXIT_USAGE (2) for a bad command line.
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
#include "cli/modfile.h"
#include "exec/lazy.h"
#include "module.h"
#include "rr/engine_version.h"
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
		"the trace\nis unreadable, corrupt or cut short, was recorded "
		"by another engine\nversion, or MODULE does not match.\n");
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
			fprintf(stderr,
				"wrr: error: replay: unknown option '%s' (see "
				"--help)\n",
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
 * wrr_session_run prints (wrr_session_outcome). */
static int outcome(struct replay_run *x, enum wrr_status st)
{
	/* A stop inside the replaying gate (divergence, cut or corrupt trace)
	 * ends the run with WRR_HOST: wrr_cmd_replay reports it instead. */
	if (wrr_replayer_stop(x->rp) != WRR_REPLAY_RUNNING)
		return WRR_EXIT_ERROR;
	struct wrr_session_end end = {
		.store = x->store,
		.module = x->module,
		.path = x->path,
		.fuel = x->h->fuel,
	};
	return wrr_session_outcome(&end, st, &x->err);
}

/* Calls the entry point as `wrr run` does (wrr_session_call_entry), with
 * the recorded --invoke name and guest arguments. *st gets the status of
 * the last call. Returns the exit status `wrr run` would return. */
static int run_entry(struct replay_run *x, enum wrr_status *st)
{
	int status = wrr_session_call_entry(x->store, x->inst, x->path,
					    x->h->invoke, x->h->argc,
					    x->h->argv, st, &x->err);
	return status < 0 ? outcome(x, *st) : status;
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
	if (h->engine_version != WRR_ENGINE_VERSION) {
		/* The instruction count at the end (and fuel) would differ:
		 * refuse before running rather than diverge at the end. */
		fprintf(stderr, "wrr: error: %s: recorded by engine version "
			"%u%s, this wrr has engine version %u: instruction "
			"counts would differ; replay it with the wrr that "
			"recorded it (wrr %s)\n",
			o.trace, h->engine_version,
			h->engine_version == 0 ? " (no engine version in the "
						 "header)" : "",
			WRR_ENGINE_VERSION, h->wrr_version);
		goto out;
	}
	const uint8_t *bytes = h->module;
	size_t size = h->module_size;
	if (o.module) {
		module_file = read_file(o.module, &size);
		if (module_file == NULL) {
			fprintf(stderr, "wrr: error: %s: cannot read module: "
				"%s\n", o.module, strerror(errno));
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
	/* An embedded module in a mapped trace: its pages are given back
	 * after loading; lowering reads them again (exec/lazy.h). */
	bool mapped = bytes == h->module &&
		      wrr_trace_reader_mapped(reader, bytes, size);
	if (wrr_module_decode(bytes, size, &module, &err) != WRR_OK ||
	    wrr_module_validate(module, &err) != WRR_OK) {
		fprintf(stderr, "wrr: error: %s\n",
			wrr_error_format(&err, buf, sizeof buf));
		goto out;
	}
	if (mapped) {
		wrr_module_set_bytes_mapped(module);
		wrr_modfile_release(bytes, size);
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
	if (mapped) /* data segments copied */
		wrr_modfile_release(bytes, size);
	int status;
	if (st != WRR_OK) {
		x.inst = NULL;
		status = outcome(&x, st);
	} else {
		status = run_entry(&x, &st);
	}
	fflush(stdout);
	wrr_modfile_run_over(module);
	struct wrr_memory *memory = x.inst ? wrr_instance_memory(x.inst) : NULL;
	enum wrr_replay_stop stop = wrr_replayer_stop(rp);
	if (stop == WRR_REPLAY_RUNNING)
		stop = wrr_replayer_finish(rp, status, memory,
					   wrr_store_progress(store));
	if (o.stats) {
		fprintf(stderr, "wrr: replayed %llu events",
			(unsigned long long)wrr_trace_reader_events(reader));
		if (memory)
			fprintf(stderr, ", final memory hash %08x",
				wrr_trace_memory_hash(memory));
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
		wrr_session_print_backtrace(module, frames, n, n);
		rc = WRR_EXIT_DIVERGENCE;
		break;
	}
	case WRR_REPLAY_CUT:
		fprintf(stderr, "wrr: error: %s: %s\n", o.trace,
			wrr_replayer_message(rp));
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
