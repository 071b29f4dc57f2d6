/*
 * info.c — `wrr info TRACE`: a summary of a trace: what was recorded, calls
 * by import (with the bytes each import wrote into guest memory), bytes by
 * kind (embedded module, header, event records, memory writes, chunk
 * framing, guest output to stdout/stderr), recorded duration and how the run
 * ended.
 *
 * Exit status: 0 for a complete trace; 1 when cut short (the summary of
 * what could be read is printed, and "wrr: error: TRACE: trace ends after
 * event N (recording was cut short)" on stderr, as `wrr dump` does) or corrupt
 * (the one-line error on stderr).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "rr/trace.h"

struct per_import {
	uint64_t calls;
	uint64_t write_bytes;
	uint64_t writes;
};

/* The nwritten an fd_write to fd 1/2 reported, from the recorded writes. */
static uint64_t output_bytes(const struct wrr_trace_event *ev, uint32_t *fd)
{
	const struct wrr_trace_func *f = ev->func;
	bool pwrite = strcmp(f->name, "fd_pwrite") == 0;
	if (ev->status != WRR_CALL_OK ||
	    (!pwrite && strcmp(f->name, "fd_write") != 0) ||
	    f->param_count != (pwrite ? 5u : 4u) || f->result_count != 1 ||
	    (uint32_t)ev->results[0] != 0)
		return 0;
	*fd = (uint32_t)ev->args[0];
	uint32_t at = (uint32_t)ev->args[pwrite ? 4 : 3];
	for (uint32_t i = ev->write_count; i-- > 0;) {
		const struct wrr_trace_write *w = &ev->writes[i];
		if (at >= w->addr && (uint64_t)at + 4 <= (uint64_t)w->addr + w->len) {
			const uint8_t *p = w->bytes + (at - w->addr);
			return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
			       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		}
	}
	return 0;
}

int wrr_cmd_info(int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 ||
			  strcmp(argv[1], "--help") == 0)) {
		printf("usage: wrr info TRACE\nSummarises a trace: calls by "
		       "import, bytes by kind, duration, exit status.\n\n"
		       "Exit status: 0 for a complete trace; 1 when it is cut "
		       "short or corrupt\n(after the summary of what could "
		       "be read, with the reason on stderr).\n");
		return 0;
	}
	if (argc != 2 || (argv[1][0] == '-' && argv[1][1] != '\0')) {
		fprintf(stderr, "wrr: error: info: expected TRACE\n");
		return WRR_EXIT_USAGE;
	}
	const char *path = argv[1];
	struct wrr_error err;
	wrr_error_clear(&err);
	struct wrr_trace_reader *r;
	if (wrr_trace_reader_open(path, &r, &err) != WRR_OK) {
		fprintf(stderr, "wrr: error: %s: %s\n", path, err.message);
		return WRR_EXIT_ERROR;
	}
	const struct wrr_trace_header *h = wrr_trace_reader_header(r);
	struct per_import *imp = NULL;
	uint32_t imp_count = 0;
	uint64_t calls = 0, write_payload = 0, nwrites = 0;
	uint64_t out_bytes[3] = {0, 0, 0};
	struct wrr_trace_event ev;
	struct wrr_trace_end end;
	char end_message[256] = "";
	bool have_end = false;
	enum wrr_trace_next n;
	while ((n = wrr_trace_read_event(r, &ev, &err)) == WRR_TRACE_EVENT) {
		if (ev.kind == WRR_EVENT_END) {
			end = ev.end;
			snprintf(end_message, sizeof end_message, "%.*s",
				 (int)end.message_len, end.message);
			have_end = true;
			continue;
		}
		calls++;
		if (ev.func_id >= imp_count) {
			uint32_t cnt = ev.func_id + 1;
			struct per_import *p = realloc(imp, cnt * sizeof *p);
			if (p == NULL)
				break;
			memset(p + imp_count, 0,
			       (cnt - imp_count) * sizeof *p);
			imp = p;
			imp_count = cnt;
		}
		struct per_import *pi = &imp[ev.func_id];
		pi->calls++;
		for (uint32_t i = 0; i < ev.write_count; i++) {
			pi->write_bytes += ev.writes[i].len;
			pi->writes++;
			write_payload += ev.writes[i].len;
			nwrites++;
		}
		uint32_t fd = 0;
		uint64_t k = output_bytes(&ev, &fd);
		if (fd == 1 || fd == 2)
			out_bytes[fd] += k;
	}
	struct wrr_trace_stats st;
	wrr_trace_reader_stats(r, &st);
	char sha[65];
	wrr_sha256_hex(h->module_sha256, sha);
	printf("trace: %s, %" PRIu64 " bytes, format %u.%u, recorded by wrr "
	       "%s (engine version %u)\n",
	       path, wrr_trace_reader_size(r), h->major, h->minor,
	       h->wrr_version, h->engine_version);
	printf("module: %s (%s), sha256 %s\n",
	       h->module_name ? h->module_name : "?",
	       h->module ? "embedded" : "not embedded", sha);
	printf("events: %" PRIu64 " (%" PRIu64 " calls%s)\n",
	       wrr_trace_reader_events(r), calls, have_end ? " + end" : "");
	printf("calls by import:\n");
	for (uint32_t i = 0; i < imp_count; i++) {
		const struct wrr_trace_func *f = wrr_trace_reader_func(r, i);
		if (f == NULL || imp[i].calls == 0)
			continue;
		char name[300];
		snprintf(name, sizeof name, "%s.%s", f->module_name, f->name);
		printf("  %-44s %10" PRIu64 " calls %12" PRIu64
		       " bytes written to memory\n",
		       name, imp[i].calls, imp[i].write_bytes);
	}
	uint64_t events_raw = st.raw_bytes - st.header_raw_bytes;
	uint64_t events_chunk_headers =
		st.chunk_header_bytes - st.header_chunk_header_bytes;
	uint64_t records = events_raw - write_payload -
			   st.write_framing_bytes - st.func_bytes -
			   st.end_bytes;
	printf("bytes by kind:\n");
	printf("  %-44s %12zu\n", "embedded module", h->module_size);
	printf("  %-44s %12" PRIu64 "\n", "header (without module)",
	       st.header_raw_bytes - h->module_size);
	printf("  %-44s %12" PRIu64 "\n", "memory writes: bytes", write_payload);
	printf("  %-44s %12" PRIu64 "\n",
	       "memory writes: address + length", st.write_framing_bytes);
	printf("  %-44s %12" PRIu64 "\n",
	       "call records (function, args, results)", records);
	printf("  %-44s %12" PRIu64 " (%u functions, %u of them in the "
	       "header's import table)\n",
	       "function definitions", st.func_bytes,
	       wrr_trace_reader_func_count(r), st.header_funcs);
	printf("  %-44s %12" PRIu64 "\n", "end event", st.end_bytes);
	printf("  %-44s %12" PRIu64 " (%" PRIu64 " chunks)\n",
	       "chunk headers", st.chunk_header_bytes, st.chunks);
	if (st.stored_bytes != st.raw_bytes)
		printf("  %-44s %12" PRIu64 " -> %" PRIu64 " (zstd)\n",
		       "payload, raw -> stored", st.raw_bytes,
		       st.stored_bytes);
	printf("  %-44s %12" PRIu64 "\n", "guest output to stdout",
	       out_bytes[1]);
	printf("  %-44s %12" PRIu64 "\n", "guest output to stderr",
	       out_bytes[2]);
	/* The size bar (docs/trace-format.md, "Size"): everything after the
	 * header chunk, before compression, beyond the bytes written. */
	uint64_t nevents = wrr_trace_reader_events(r);
	if (nevents)
		printf("  overhead per event: %.1f bytes beyond the bytes "
		       "written (records, function definitions, end event "
		       "and chunk headers, before compression)\n",
		       (double)(events_chunk_headers + events_raw -
				write_payload) / (double)nevents);
	if (calls)
		printf("  overhead per call: %.1f bytes beyond the bytes "
		       "written (call records only)\n",
		       (double)(records + st.write_framing_bytes) /
			       (double)calls);
	int rc = 0;
	if (have_end) {
		printf("duration: %.3f s\n", end.duration_ns / 1e9);
		printf("ended: %s, exit status %d",
		       wrr_trace_end_reason_name(end.reason), end.exit_status);
		if (end_message[0])
			printf(" (%s)", end_message);
		printf("\n");
		if (end.has_progress)
			printf("instructions: %" PRIu64 "\n", end.progress);
		if (end.has_memory_hash)
			printf("final memory hash: %08" PRIx64 "\n",
			       end.memory_hash);
	}
	fflush(stdout);
	if (n == WRR_TRACE_CUT) {
		/* In the summary, and on stderr as dump says it, so a script
		 * that looks at stderr or the exit status sees it too. */
		printf("ended: trace ends after event %" PRIu64
		       " (recording was cut short)\n",
		       wrr_trace_reader_events(r));
		fflush(stdout);
		fprintf(stderr, "wrr: error: %s: trace ends after event %" PRIu64
				" (recording was cut short)\n",
			path, wrr_trace_reader_events(r));
		rc = WRR_EXIT_ERROR;
	} else if (n == WRR_TRACE_BAD) {
		fprintf(stderr, "wrr: error: %s: %s\n", path, err.message);
		rc = WRR_EXIT_ERROR;
	}
	free(imp);
	wrr_trace_reader_free(r);
	return rc;
}
