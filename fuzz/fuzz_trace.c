/*
 * fuzz_trace.c — libFuzzer harness for the trace reader (src/rr/
 * trace_reader.c): opens the input as a trace held in memory, then decodes
 * every event as `wrr dump` and `wrr replay` would, formatting arguments and
 * results and touching every recorded byte. The reader must never crash,
 * leak or read out of bounds, whatever the input: it answers with an event,
 * DONE, CUT or BAD.
 *
 * Build and run: fuzz/run_trace.sh (see fuzz/trace.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rr/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wrr_trace_reader *r;
	struct wrr_error err;
	wrr_error_clear(&err);
	/* A private copy, so that reads past the end are caught by ASan. */
	uint8_t *copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	if (wrr_trace_reader_open_memory(copy, size, &r, &err) != WRR_OK) {
		free(copy);
		return 0;
	}
	const struct wrr_trace_header *h = wrr_trace_reader_header(r);
	volatile unsigned sink = 0;
	for (uint32_t i = 0; i < h->argc; i++)
		sink += (unsigned)strlen(h->argv[i]);
	for (uint32_t i = 0; i < h->envc; i++)
		sink += (unsigned)strlen(h->env[i]);
	for (uint32_t i = 0; i < h->preopen_count; i++)
		sink += (unsigned)strlen(h->preopens[i]) +
			h->preopen_read_only[i];
	for (size_t i = 0; i < h->module_size; i += 4096)
		sink += h->module[i];
	uint8_t digest[32];
	if (h->module)
		wrr_sha256(h->module, h->module_size, digest);
	struct wrr_trace_event ev;
	char buf[512];
	for (int n = 0; n < 1000000; n++) {
		enum wrr_trace_next next = wrr_trace_read_event(r, &ev, &err);
		if (next != WRR_TRACE_EVENT)
			break;
		if (ev.kind == WRR_EVENT_END) {
			for (uint32_t i = 0; i < ev.end.message_len; i++)
				sink += (uint8_t)ev.end.message[i];
			continue;
		}
		const struct wrr_trace_func *f = ev.func;
		sink += (unsigned)strlen(f->module_name) +
			(unsigned)strlen(f->name);
		wrr_trace_format_values(f->params, f->param_count, ev.args,
					buf, sizeof buf);
		if (ev.status == WRR_CALL_OK)
			wrr_trace_format_values(f->results, f->result_count,
						ev.results, buf, sizeof buf);
		for (uint32_t i = 0; i < ev.message_len; i++)
			sink += (uint8_t)ev.message[i];
		for (uint32_t i = 0; i < ev.write_count; i++)
			if (ev.writes[i].len)
				sink += ev.writes[i].bytes[0] +
					ev.writes[i].bytes[ev.writes[i].len - 1];
	}
	(void)sink;
	wrr_trace_reader_free(r);
	free(copy);
	return 0;
}
