/*
 * record.c — `wrr record [-o TRACE] [--no-embed-module] [--compress]
 * [run options] MODULE [ARGS...]`: runs exactly like `wrr run` (same output,
 * same exit status) through the recording gate, and writes a trace
 * (docs/trace-format.md).
 *
 * Without -o the trace is a fresh file in the current directory,
 * <module-basename>-<N>.wrr, N the smallest free number (as rr names its
 * trace directories); its name is printed on stderr when recording starts
 * (with -o nothing is added to the run's output). A run that never started
 * (the module did not load, link or get its preopens) leaves no trace.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "module.h"
#include "rr/engine_version.h"
#include "rr/recorder.h"
#include "rr/trace.h"

struct record {
	const struct wrr_run_options *opts;
	const char *path;
	struct wrr_trace_writer *writer;
	struct wrr_recorder *rec;
	bool header_written;
	bool discard;  /* the module never started: keep no trace */
	int fd;
	bool created;  /* this run created the file (it may remove it) */
	bool truncated; /* an existing regular file was emptied for it */
};

/* Opens -o TRACE without emptying it: an existing file is only truncated
 * once the module has loaded (started()), so a run that never starts (a
 * mistyped module name) leaves an existing trace intact, and only a file
 * this run created is ever removed (never /dev/null or a FIFO). Refuses
 * (EINVAL) when TRACE is the module itself. Sets *created. */
static int open_output(const struct wrr_run_options *opts, bool *created)
{
	int fd = open(opts->trace_path,
		      O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	*created = fd >= 0;
	if (fd < 0 && errno == EEXIST)
		fd = open(opts->trace_path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || *created)
		return fd;
	struct stat out, mod;
	if (fstat(fd, &out) == 0 && stat(opts->module_path, &mod) == 0 &&
	    out.st_dev == mod.st_dev && out.st_ino == mod.st_ino) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

/* Opens the trace file; *path gets its name (buf holds a made-up one). */
static int open_trace(const struct wrr_run_options *opts, char *buf,
		      size_t size, const char **path, bool *created)
{
	if (opts->trace_path) {
		*path = opts->trace_path;
		return open_output(opts, created);
	}
	*created = true;
	const char *base = strrchr(opts->module_path, '/');
	base = base ? base + 1 : opts->module_path;
	size_t n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".wasm") == 0)
		n -= 5;
	if (n == 0 || n > 200) {
		base = "trace";
		n = 5;
	}
	for (unsigned i = 0; i < 100000; i++) {
		snprintf(buf, size, "%.*s-%u.wrr", (int)n, base, i);
		int fd = open(buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			      0644);
		if (fd >= 0 || errno != EEXIST) {
			*path = buf;
			return fd;
		}
	}
	errno = EEXIST;
	*path = buf;
	return -1;
}

static uint64_t wall_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Session hook: the module is loaded; write the trace header. */
static enum wrr_status started(void *ctx, struct wrr_store *store,
			       const struct wrr_module *module,
			       const uint8_t *bytes, size_t size,
			       struct wrr_error *err)
{
	struct record *r = ctx;
	const struct wrr_run_options *o = r->opts;
	const char *base = strrchr(o->module_path, '/');
	char host[300];
	struct utsname u;
	if (uname(&u) == 0)
		snprintf(host, sizeof host, "%s %s %s", u.sysname, u.release,
			 u.machine);
	else
		snprintf(host, sizeof host, "unknown");
	const char **pre = calloc(o->dir_count + 1, sizeof *pre);
	bool *ro = calloc(o->dir_count + 1, sizeof *ro);
	if (pre == NULL || ro == NULL) {
		free(pre);
		free(ro);
		return wrr_error_set(err, WRR_NOMEM, "out of memory");
	}
	for (uint32_t i = 0; i < o->dir_count; i++) {
		pre[i] = o->dirs[i].guest;
		ro[i] = o->dirs[i].read_only;
	}
	struct wrr_trace_header h = {
		.wrr_version = WRR_VERSION,
		.engine_version = WRR_ENGINE_VERSION,
		.module_name = base ? base + 1 : o->module_path,
		.module = o->embed_module ? bytes : NULL,
		.module_size = o->embed_module ? size : 0,
		.limits = o->limits,
		.fuel = o->fuel,
		.argc = (uint32_t)o->guest_argc,
		.argv = (const char *const *)o->guest_argv,
		.envc = o->env_count,
		.env = (const char *const *)o->env,
		.preopen_count = o->dir_count,
		.preopens = pre,
		.preopen_read_only = ro,
		.invoke = o->invoke,
		.features = "wasm-2.0",
		.listen_count = o->tcplisten_count,
		.listen = o->tcplisten,
		.start_time_ns = wall_ns(),
		.host = host,
	};
	wrr_sha256(bytes, size, h.module_sha256);
	struct stat sb;
	if (!r->created && fstat(r->fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		if (ftruncate(r->fd, 0) != 0) {
			free(pre);
			free(ro);
			return wrr_error_set(err, WRR_HOST,
					     "cannot truncate trace %s: %s",
					     r->path, strerror(errno));
		}
		r->truncated = true;
	}
	if (o->trace_path == NULL) /* a made-up name: say which */
		fprintf(stderr, "wrr: recording to %s\n", r->path);
	enum wrr_status st = wrr_trace_write_header(r->writer, &h, err);
	free(pre);
	free(ro);
	if (st == WRR_OK)
		r->header_written = true;
	return st;
}

/* Session hook: the run is over; write the END event. */
static int finished(void *ctx, struct wrr_store *store,
		    struct wrr_instance *instance, enum wrr_status status,
		    const struct wrr_error *err, int exit_status)
{
	struct record *r = ctx;
	if (!r->header_written)
		return exit_status;
	if (instance == NULL && wrr_recorder_calls(r->rec) == 0 &&
	    status != WRR_TRAP && status != WRR_EXHAUSTION &&
	    status != WRR_EXIT && status != WRR_FUEL) {
		/* Linking or the WASI set-up failed (a missing --dir...):
		 * nothing ran, there is nothing to replay. */
		r->discard = true;
		return exit_status;
	}
	struct wrr_memory *memory = instance ? wrr_instance_memory(instance)
					     : wrr_recorder_memory(r->rec);
	const char *message = NULL;
	if (status != WRR_OK && status != WRR_EXIT && err)
		message = err->message;
	wrr_recorder_finish(r->rec, status, exit_status, memory,
			    wrr_store_progress(store), message);
	return exit_status;
}

int wrr_cmd_record(int argc, char **argv)
{
	struct wrr_run_options opts;
	if (!wrr_run_options_parse(argc, argv, true, &opts))
		return opts.help_shown ? 0 : WRR_EXIT_USAGE;
	char buf[PATH_MAX];
	struct record r = {.opts = &opts};
	int fd = open_trace(&opts, buf, sizeof buf, &r.path, &r.created);
	if (fd < 0 && errno == EINVAL) {
		fprintf(stderr, "wrr: error: -o %s: that is the module itself "
			"(refusing to overwrite it)\n", r.path);
		wrr_run_options_free(&opts);
		return WRR_EXIT_ERROR;
	}
	if (fd < 0) {
		fprintf(stderr, "wrr: error: cannot create trace %s: %s\n",
			r.path, strerror(errno));
		wrr_run_options_free(&opts);
		return WRR_EXIT_ERROR;
	}
	r.fd = fd;
	r.writer = wrr_trace_writer_new(fd, opts.compress);
	r.rec = r.writer ? wrr_recorder_new(r.writer) : NULL;
	if (r.rec == NULL) {
		fprintf(stderr, "wrr: error: out of memory\n");
		wrr_trace_writer_free(r.writer);
		close(fd);
		if (r.created)
			unlink(r.path);
		wrr_run_options_free(&opts);
		return WRR_EXIT_ERROR;
	}
	struct wrr_session_hooks hooks = {
		.ctx = &r,
		.started = started,
		.finished = finished,
	};
	int status = wrr_session_run_hooks(&opts, wrr_recorder_gate(r.rec),
					   &hooks);
	if (!r.header_written || r.discard) {
		/* nothing ran: leave no trace behind (but never remove a file
		 * this run neither created nor emptied, e.g. /dev/null) */
		if (r.created || r.truncated)
			unlink(r.path);
	} else {
		const char *problem = wrr_recorder_problem(r.rec);
		const char *werr = wrr_trace_writer_error(r.writer);
		if (problem)
			fprintf(stderr, "wrr: warning: trace %s: %s\n", r.path,
				problem);
		if (werr)
			fprintf(stderr,
				"wrr: error: trace %s is incomplete: %s\n",
				r.path, werr);
	}
	wrr_recorder_free(r.rec);
	wrr_trace_writer_free(r.writer);
	close(fd);
	wrr_run_options_free(&opts);
	return status;
}
