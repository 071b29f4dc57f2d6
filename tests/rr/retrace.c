/*
 * retrace.c — a test tool for tests/rr/run.sh: copies a trace event by event
 * through the trace writer, changing one header field, to make traces that
 * `wrr record` never writes.
 *
 *   retrace IN OUT engine-version N   header field 19 set to N (0: omitted,
 *                                     as in traces made before it existed)
 *
 * Exit status 0, or 1 with a message when IN cannot be read or is not a
 * complete trace.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rr/trace.h"

int main(int argc, char **argv)
{
	if (argc != 5 || strcmp(argv[3], "engine-version") != 0) {
		fprintf(stderr, "usage: retrace IN OUT engine-version N\n");
		return 2;
	}
	struct wrr_error err;
	wrr_error_clear(&err);
	struct wrr_trace_reader *r;
	if (wrr_trace_reader_open(argv[1], &r, &err) != WRR_OK) {
		fprintf(stderr, "retrace: %s: %s\n", argv[1], err.message);
		return 1;
	}
	struct wrr_trace_header h = *wrr_trace_reader_header(r);
	h.engine_version = (uint32_t)strtoul(argv[4], NULL, 0);
	int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	struct wrr_trace_writer *w = fd >= 0 ? wrr_trace_writer_new(fd, false)
					     : NULL;
	if (w == NULL || wrr_trace_write_header(w, &h, &err) != WRR_OK) {
		fprintf(stderr, "retrace: cannot write %s\n", argv[2]);
		return 1;
	}
	uint32_t funcs = h.func_count; /* the header's import table */
	struct wrr_trace_event ev;
	enum wrr_trace_next n;
	while ((n = wrr_trace_read_event(r, &ev, &err)) == WRR_TRACE_EVENT) {
		if (ev.kind == WRR_EVENT_END) {
			wrr_trace_write_end(w, &ev.end);
			continue;
		}
		for (; funcs < wrr_trace_reader_func_count(r); funcs++) {
			const struct wrr_trace_func *f =
				wrr_trace_reader_func(r, funcs);
			struct wrr_functype t = {
				f->param_count, f->result_count, f->params,
				f->results};
			wrr_trace_write_func(w, funcs, f->module_name,
					     f->name, &t);
		}
		wrr_trace_write_call(w, &ev);
	}
	if (n != WRR_TRACE_DONE || wrr_trace_writer_error(w)) {
		fprintf(stderr, "retrace: %s: not a complete trace\n", argv[1]);
		return 1;
	}
	wrr_trace_writer_free(w);
	wrr_trace_reader_free(r);
	close(fd);
	return 0;
}
