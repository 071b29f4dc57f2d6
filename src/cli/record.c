/*
 * record.c — `wrr record [-o TRACE] [--no-embed-module] [--compress]
 * [run options] MODULE [ARGS...]`: runs exactly like `wrr run` (same output,
 * same exit status) through the recording gate, and writes a trace
 * (docs/trace-format.md).
 *
 * Without -o the trace is a fresh file in the current directory,
 * <module-basename>-<N>.wrr, N the smallest free number (as rr names its
 * trace directories); its name is printed on stderr when recording starts
 * (with -o nothing is added to the run's output). With -o TRACE the trace
 * is written to a temporary file beside TRACE (.TRACE.XXXXXX) and renamed
 * over TRACE right after its header is written, just before guest code
 * runs; so a run that never started (the module did not load, link or get
 * its preopens) leaves no trace and an existing TRACE untouched, while a
 * recorder killed during the run leaves a replayable TRACE.
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
	const char *path;   /* the trace's name, as the user will look for it */
	struct wrr_trace_writer *writer;
	struct wrr_recorder *rec;
	int fd;
	/* How the file is written (see open_trace):
	 * - tmp[0] != 0: into the temporary tmp, renamed to `target` once the
	 *   header is written, just before guest code runs (ready());
	 * - created: into a new file this run made (default name): removed if
	 *   nothing ran;
	 * - otherwise into an existing file directly: a device or FIFO
	 *   (never truncated, never removed), or a regular file whose
	 *   directory refused the temporary (truncated in ready()). */
	char tmp[PATH_MAX];
	char target[PATH_MAX];
	mode_t mode;        /* permissions for the renamed temporary */
	bool created;
	bool published;     /* ready() ran: the trace is under its name */
	bool header_written;
	/* from started(): the module and the header's other fields */
	const uint8_t *module_bytes;
	size_t module_size;
};

/* Does fd refer to the same file as the module? */
static bool is_module(int fd, const struct wrr_run_options *opts)
{
	struct stat out, mod;
	return fstat(fd, &out) == 0 && stat(opts->module_path, &mod) == 0 &&
	       out.st_dev == mod.st_dev && out.st_ino == mod.st_ino;
}

/* -o TRACE: the trace is written to a temporary file beside TRACE (through
 * a symbolic link: beside its target) and renamed over it only when the
 * run starts, so a run that never starts (a mistyped module, a failed
 * link or preopen) leaves an existing TRACE untouched. A device or FIFO
 * is written directly and never removed. A directory that refuses the
 * temporary: an existing TRACE is written directly, truncated only when
 * the run starts. Refuses (EINVAL) when TRACE is the module itself. */
static int open_output(struct record *r)
{
	const struct wrr_run_options *opts = r->opts;
	const char *path = opts->trace_path;
	struct stat sb;
	bool exists = stat(path, &sb) == 0;
	if (exists && !S_ISREG(sb.st_mode)) {
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd >= 0 && is_module(fd, opts)) {
			close(fd);
			errno = EINVAL;
			return -1;
		}
		return fd;
	}
	if (exists) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		bool same = fd >= 0 && is_module(fd, opts);
		if (fd >= 0)
			close(fd);
		if (same) {
			errno = EINVAL;
			return -1;
		}
	}
	/* Rename over the final file, not over a symbolic link to it. */
	char *real = exists ? realpath(path, NULL) : NULL;
	snprintf(r->target, sizeof r->target, "%s", real ? real : path);
	free(real);
	const char *slash = strrchr(r->target, '/');
	int dir_len = slash ? (int)(slash - r->target + 1) : 0;
	if (snprintf(r->tmp, sizeof r->tmp, "%.*s.%s.XXXXXX", dir_len,
		     r->target, slash ? slash + 1 : r->target) <
	    (int)sizeof r->tmp) {
		int fd = mkostemp(r->tmp, O_CLOEXEC);
		if (fd >= 0) {
			mode_t mask = umask(0);
			umask(mask);
			r->mode = exists ? sb.st_mode & 07777 : 0666 & ~mask;
			return fd;
		}
	}
	int e = errno;
	r->tmp[0] = '\0';
	if (!exists) {
		errno = e;
		return -1;
	}
	return open(path, O_WRONLY | O_CLOEXEC); /* truncated in ready() */
}

/* Opens the trace file; r->path gets its name (buf holds a made-up one). */
static int open_trace(struct record *r, char *buf, size_t size)
{
	const struct wrr_run_options *opts = r->opts;
	if (opts->trace_path) {
		r->path = opts->trace_path;
		return open_output(r);
	}
	r->created = true;
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
			r->path = buf;
			return fd;
		}
	}
	errno = EEXIST;
	r->path = buf;
	return -1;
}

static uint64_t wall_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Session hook: the module is loaded; the header is written in ready(). */
static enum wrr_status started(void *ctx, struct wrr_store *store,
			       const struct wrr_module *module,
			       const uint8_t *bytes, size_t size,
			       struct wrr_error *err)
{
	struct record *r = ctx;
	r->module_bytes = bytes;
	r->module_size = size;
	/* the module's function imports go into the header: calls name
	 * them by index */
	if (!wrr_recorder_set_module(r->rec, module))
		return wrr_error_set(err, WRR_NOMEM, "out of memory");
	return WRR_OK;
}

/* Session hook: guest code is about to run. Writes the trace header, then
 * puts the trace under its name: renames the temporary over -o TRACE (an
 * existing regular file written directly is truncated first). From here
 * on a recorder killed with SIGKILL leaves a trace, under the name the
 * user gave, that replays up to its last complete chunk. */
static enum wrr_status ready(void *ctx, struct wrr_error *err)
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
		.module = o->embed_module ? r->module_bytes : NULL,
		.module_size = o->embed_module ? r->module_size : 0,
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
	h.funcs = wrr_recorder_funcs(r->rec, &h.func_count);
	wrr_sha256(r->module_bytes, r->module_size, h.module_sha256);
	struct stat sb;
	enum wrr_status st = WRR_OK;
	if (r->tmp[0] == '\0' && !r->created && fstat(r->fd, &sb) == 0 &&
	    S_ISREG(sb.st_mode) && ftruncate(r->fd, 0) != 0)
		st = wrr_error_set(err, WRR_HOST,
				   "cannot truncate trace %s: %s", r->path,
				   strerror(errno));
	if (st == WRR_OK)
		st = wrr_trace_write_header(r->writer, &h, err);
	free(pre);
	free(ro);
	if (st != WRR_OK)
		return st;
	r->header_written = true;
	if (r->tmp[0] != '\0') {
		if (fchmod(r->fd, r->mode) != 0 ||
		    rename(r->tmp, r->target) != 0)
			return wrr_error_set(err, WRR_HOST,
					     "cannot create trace %s: %s",
					     r->path, strerror(errno));
		r->tmp[0] = '\0';
	}
	r->published = true;
	if (o->trace_path == NULL) /* a made-up name: say which */
		fprintf(stderr, "wrr: recording to %s\n", r->path);
	return WRR_OK;
}

/* Session hook: the run is over; write the END event. */
static int finished(void *ctx, struct wrr_store *store,
		    struct wrr_instance *instance, enum wrr_status status,
		    const struct wrr_error *err, int exit_status)
{
	struct record *r = ctx;
	if (!r->published) /* the module did not load, link or get its
			    * preopens: nothing ran, nothing to replay */
		return exit_status;
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
	int fd = open_trace(&r, buf, sizeof buf);
	if (fd < 0 && errno == EINVAL) {
		fprintf(stderr, "wrr: error: -o %s: that is the module itself "
			"(refusing to overwrite it)\n", r.path);
		wrr_run_options_free(&opts);
		return WRR_EXIT_ERROR;
	}
	if (fd < 0) {
		fprintf(stderr, "wrr: error: %s: cannot create trace: %s\n",
			r.path, strerror(errno));
		wrr_run_options_free(&opts);
		return WRR_EXIT_ERROR;
	}
	r.fd = fd;
	r.writer = wrr_trace_writer_new(fd, opts.compress);
	r.rec = r.writer ? wrr_recorder_new(r.writer) : NULL;
	int status;
	if (r.rec == NULL) {
		fprintf(stderr, "wrr: error: out of memory\n");
		status = WRR_EXIT_ERROR;
	} else {
		struct wrr_session_hooks hooks = {
			.ctx = &r,
			.started = started,
			.ready = ready,
			.finished = finished,
		};
		status = wrr_session_run_hooks(&opts, wrr_recorder_gate(r.rec),
					       &hooks);
	}
	if (!r.published) {
		/* nothing ran: leave no trace behind. Only the temporary or a
		 * file this run created is removed: never an existing trace,
		 * nor a device or FIFO such as /dev/null. */
		if (r.tmp[0] != '\0')
			unlink(r.tmp);
		else if (r.created)
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
