/*
 * dump.c — `wrr dump [--json] TRACE`: prints a trace's header and every
 * event, one per line. Plain text for people; with --json one JSON object
 * per line (json-c, Debian's libjson-c-dev, does the escaping): a "header"
 * object, then "call" objects and an "end" object, in trace order. Memory
 * writes carry their bytes as hex ("hex") and, in text mode, a short
 * printable preview.
 *
 * Exit status: 0 for a complete trace; 1 when it is cut short (after
 * printing what it has) or corrupt (after the one-line error).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "cli/cli.h"
#include "rr/trace.h"

static void hex(char *out, const uint8_t *p, uint32_t n)
{
	static const char digits[] = "0123456789abcdef";
	for (uint32_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* A C-escaped preview of at most `max` bytes. */
static void preview(FILE *f, const uint8_t *p, uint32_t n, uint32_t max)
{
	fputc('"', f);
	for (uint32_t i = 0; i < n && i < max; i++) {
		uint8_t c = p[i];
		if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
	fputc('"', f);
	if (n > max)
		fputs("...", f);
}

static void text_strings(const char *label, uint32_t n,
			 const char *const *list)
{
	printf("%s:", label);
	for (uint32_t i = 0; i < n; i++) {
		printf(" ");
		preview(stdout, (const uint8_t *)list[i],
			(uint32_t)strlen(list[i]), 4096);
	}
	printf("\n");
}

static void format_time(uint64_t ns, char *buf, size_t size)
{
	time_t t = (time_t)(ns / 1000000000u);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void text_header(const char *path, const struct wrr_trace_header *h)
{
	char sha[65], when[64];
	wrr_sha256_hex(h->module_sha256, sha);
	format_time(h->start_time_ns, when, sizeof when);
	printf("trace: %s (format %u.%u, recorded by wrr %s)\n", path,
	       h->major, h->minor, h->wrr_version);
	printf("module: %s, sha256 %s, %s", h->module_name ? h->module_name
							  : "?",
	       sha, h->module ? "embedded" : "not embedded");
	if (h->module)
		printf(" (%zu bytes)", h->module_size);
	printf("\n");
	printf("limits: call depth %u, stack slots %u, memory pages %u, "
	       "table elements %u\n",
	       h->limits.max_call_depth, h->limits.max_stack_slots,
	       h->limits.max_memory_pages, h->limits.max_table_elements);
	if (h->fuel == UINT64_MAX)
		printf("fuel: unlimited\n");
	else
		printf("fuel: %" PRIu64 "\n", h->fuel);
	text_strings("argv", h->argc, h->argv);
	text_strings("env", h->envc, h->env);
	printf("preopens:");
	for (uint32_t i = 0; i < h->preopen_count; i++)
		printf(" %s%s", h->preopens[i],
		       h->preopen_read_only[i] ? " (read-only)" : "");
	printf("\n");
	if (h->listen_count)
		text_strings("tcplisten", h->listen_count, h->listen);
	if (h->invoke)
		printf("invoke: %s\n", h->invoke);
	printf("features: %s\n", h->features ? h->features : "");
	printf("engine version: %u\n", h->engine_version);
	printf("recorded: %s on %s\n", when, h->host ? h->host : "?");
}

static void text_event(const struct wrr_trace_event *ev)
{
	char vals[1024];
	if (ev->kind == WRR_EVENT_END) {
		const struct wrr_trace_end *e = &ev->end;
		printf("#%" PRIu64 " end: %s, exit status %d, %" PRIu64
		       " calls, %.3f ms",
		       ev->number, wrr_trace_end_reason_name(e->reason),
		       e->exit_status, e->call_count, e->duration_ns / 1e6);
		if (e->has_progress)
			printf(", %" PRIu64 " instructions", e->progress);
		if (e->has_memory_hash)
			printf(", memory hash %08" PRIx64, e->memory_hash);
		if (e->message_len)
			printf(": %.*s", (int)e->message_len, e->message);
		printf("\n");
		return;
	}
	const struct wrr_trace_func *f = ev->func;
	wrr_trace_format_values(f->params, f->param_count, ev->args, vals,
				sizeof vals);
	printf("#%" PRIu64 " %s.%s(%s)", ev->number, f->module_name, f->name,
	       vals);
	switch (ev->status) {
	case WRR_CALL_OK:
		wrr_trace_format_values(f->results, f->result_count,
					ev->results, vals, sizeof vals);
		printf(" -> %s", f->result_count ? vals : "()");
		break;
	case WRR_CALL_EXIT:
		printf(" -> exit %d", ev->exit_code);
		break;
	case WRR_CALL_TRAP:
		printf(" -> trap: %.*s", (int)ev->message_len, ev->message);
		break;
	case WRR_CALL_FAILED:
		printf(" -> %s: %.*s", wrr_status_name(ev->host_status),
		       (int)ev->message_len, ev->message);
		break;
	}
	printf("\n");
	for (uint32_t i = 0; i < ev->write_count; i++) {
		const struct wrr_trace_write *w = &ev->writes[i];
		printf("    wrote %u bytes at 0x%x: ", w->len, w->addr);
		preview(stdout, w->bytes, w->len, 64);
		printf("\n");
	}
}

static json_object *json_strings(uint32_t n, const char *const *list)
{
	json_object *a = json_object_new_array();
	for (uint32_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(list[i]));
	return a;
}

static void json_print(json_object *o)
{
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
						       JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

static void json_header(const char *path, const struct wrr_trace_header *h)
{
	char sha[65];
	wrr_sha256_hex(h->module_sha256, sha);
	json_object *o = json_object_new_object();
	json_object_object_add(o, "type", json_object_new_string("header"));
	json_object_object_add(o, "format_major",
			       json_object_new_int64(h->major));
	json_object_object_add(o, "format_minor",
			       json_object_new_int64(h->minor));
	json_object_object_add(o, "wrr_version",
			       json_object_new_string(h->wrr_version));
	json_object_object_add(o, "engine_version",
			       json_object_new_int64(h->engine_version));
	json_object_object_add(o, "module_name",
			       json_object_new_string(h->module_name ?
							      h->module_name :
							      ""));
	json_object_object_add(o, "module_sha256",
			       json_object_new_string(sha));
	json_object_object_add(o, "module_embedded",
			       json_object_new_boolean(h->module != NULL));
	json_object_object_add(o, "module_size",
			       json_object_new_uint64(h->module_size));
	json_object *l = json_object_new_object();
	json_object_object_add(l, "max_call_depth",
			       json_object_new_int64(h->limits.max_call_depth));
	json_object_object_add(l, "max_stack_slots",
			       json_object_new_int64(h->limits.max_stack_slots));
	json_object_object_add(l, "max_memory_pages",
			       json_object_new_int64(
				       h->limits.max_memory_pages));
	json_object_object_add(l, "max_table_elements",
			       json_object_new_int64(
				       h->limits.max_table_elements));
	json_object_object_add(o, "limits", l);
	json_object_object_add(o, "fuel", json_object_new_uint64(h->fuel));
	json_object_object_add(o, "argv", json_strings(h->argc, h->argv));
	json_object_object_add(o, "env", json_strings(h->envc, h->env));
	json_object *p = json_object_new_array();
	for (uint32_t i = 0; i < h->preopen_count; i++) {
		json_object *d = json_object_new_object();
		json_object_object_add(d, "guest",
				       json_object_new_string(h->preopens[i]));
		json_object_object_add(d, "read_only",
				       json_object_new_boolean(
					       h->preopen_read_only[i]));
		json_object_array_add(p, d);
	}
	json_object_object_add(o, "preopens", p);
	json_object_object_add(o, "tcplisten",
			       json_strings(h->listen_count, h->listen));
	if (h->invoke)
		json_object_object_add(o, "invoke",
				       json_object_new_string(h->invoke));
	json_object_object_add(o, "features",
			       json_object_new_string(h->features ? h->features
								  : ""));
	json_object_object_add(o, "start_time_ns",
			       json_object_new_uint64(h->start_time_ns));
	json_object_object_add(o, "host",
			       json_object_new_string(h->host ? h->host : ""));
	json_print(o);
}

static json_object *json_values(const enum wrr_valtype *types,
				uint32_t count, const uint64_t *slots)
{
	json_object *a = json_object_new_array();
	for (uint32_t i = 0; i < count; i++) {
		switch (types[i]) {
		case WRR_I32:
			json_object_array_add(
				a, json_object_new_int64((int32_t)*slots++));
			break;
		case WRR_I64:
			json_object_array_add(
				a, json_object_new_int64((int64_t)*slots++));
			break;
		default: {
			char buf[80];
			enum wrr_valtype t[1] = {types[i]};
			wrr_trace_format_values(t, 1, slots, buf, sizeof buf);
			slots += types[i] == WRR_V128 ? 2 : 1;
			json_object_array_add(a, json_object_new_string(buf));
			break;
		}
		}
	}
	return a;
}

static const char *call_status_name(enum wrr_trace_call_status s)
{
	switch (s) {
	case WRR_CALL_OK: return "ok";
	case WRR_CALL_EXIT: return "exit";
	case WRR_CALL_TRAP: return "trap";
	case WRR_CALL_FAILED: return "failed";
	}
	return "?";
}

static void json_event(const struct wrr_trace_event *ev)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "event", json_object_new_uint64(ev->number));
	if (ev->kind == WRR_EVENT_END) {
		const struct wrr_trace_end *e = &ev->end;
		json_object_object_add(o, "type", json_object_new_string("end"));
		json_object_object_add(o, "reason",
				       json_object_new_string(
					       wrr_trace_end_reason_name(
						       e->reason)));
		json_object_object_add(o, "exit_status",
				       json_object_new_int64(e->exit_status));
		json_object_object_add(o, "calls",
				       json_object_new_uint64(e->call_count));
		json_object_object_add(o, "duration_ns",
				       json_object_new_uint64(e->duration_ns));
		if (e->has_progress)
			json_object_object_add(
				o, "instructions",
				json_object_new_uint64(e->progress));
		if (e->has_memory_hash) {
			char buf[20];
			snprintf(buf, sizeof buf, "%08" PRIx64,
				 e->memory_hash);
			json_object_object_add(o, "memory_hash",
					       json_object_new_string(buf));
		}
		json_object_object_add(o, "message",
				       json_object_new_string_len(
					       e->message, (int)e->message_len));
		json_print(o);
		return;
	}
	const struct wrr_trace_func *f = ev->func;
	char name[512];
	snprintf(name, sizeof name, "%s.%s", f->module_name, f->name);
	json_object_object_add(o, "type", json_object_new_string("call"));
	json_object_object_add(o, "import", json_object_new_string(name));
	json_object_object_add(o, "args",
			       json_values(f->params, f->param_count,
					   ev->args));
	json_object_object_add(o, "status",
			       json_object_new_string(
				       call_status_name(ev->status)));
	if (ev->status == WRR_CALL_OK)
		json_object_object_add(o, "results",
				       json_values(f->results, f->result_count,
						   ev->results));
	else if (ev->status == WRR_CALL_EXIT)
		json_object_object_add(o, "exit_code",
				       json_object_new_int64(ev->exit_code));
	else
		json_object_object_add(o, "message",
				       json_object_new_string_len(
					       ev->message,
					       (int)ev->message_len));
	json_object *ws = json_object_new_array();
	for (uint32_t i = 0; i < ev->write_count; i++) {
		const struct wrr_trace_write *w = &ev->writes[i];
		json_object *wo = json_object_new_object();
		json_object_object_add(wo, "addr",
				       json_object_new_int64(w->addr));
		json_object_object_add(wo, "len", json_object_new_int64(w->len));
		char *h = malloc(2 * (size_t)w->len + 1);
		if (h) {
			hex(h, w->bytes, w->len);
			json_object_object_add(wo, "hex",
					       json_object_new_string(h));
			free(h);
		}
		json_object_array_add(ws, wo);
	}
	json_object_object_add(o, "writes", ws);
	json_print(o);
}

int wrr_cmd_dump(int argc, char **argv)
{
	bool json = false, chunks = false;
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--chunks") == 0) {
			chunks = true;
		} else if (strcmp(argv[i], "-h") == 0 ||
			   strcmp(argv[i], "--help") == 0) {
			printf("usage: wrr dump [--json] [--chunks] TRACE\n"
			       "Prints the trace's header and each event; "
			       "--json: one JSON object per line;\n"
			       "--chunks: only the byte offset where each "
			       "chunk starts, and the file size.\n");
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr,
				"wrr: error: dump: unknown option '%s' (see "
				"--help)\n",
				argv[i]);
			return WRR_EXIT_USAGE;
		} else if (path == NULL) {
			path = argv[i];
		} else {
			fprintf(stderr, "wrr: error: dump: one TRACE only\n");
			return WRR_EXIT_USAGE;
		}
	}
	if (path == NULL) {
		fprintf(stderr, "wrr: error: dump: expected TRACE\n");
		return WRR_EXIT_USAGE;
	}
	struct wrr_error err;
	wrr_error_clear(&err);
	struct wrr_trace_reader *r;
	if (wrr_trace_reader_open(path, &r, &err) != WRR_OK) {
		fprintf(stderr, "wrr: error: %s: %s\n", path, err.message);
		return WRR_EXIT_ERROR;
	}
	if (chunks)
		printf("chunk %u\n", WRR_TRACE_PREAMBLE_SIZE);
	else if (json)
		json_header(path, wrr_trace_reader_header(r));
	else
		text_header(path, wrr_trace_reader_header(r));
	struct wrr_trace_event ev;
	enum wrr_trace_next n;
	uint64_t last_chunk = 0;
	while ((n = wrr_trace_read_event(r, &ev, &err)) == WRR_TRACE_EVENT) {
		if (chunks) {
			if (ev.chunk_offset != last_chunk)
				printf("chunk %" PRIu64 "\n", ev.chunk_offset);
			last_chunk = ev.chunk_offset;
		} else if (json)
			json_event(&ev);
		else
			text_event(&ev);
	}
	if (chunks)
		printf("end %" PRIu64 "\n", wrr_trace_reader_size(r));
	fflush(stdout);
	int rc = 0;
	if (n == WRR_TRACE_CUT) {
		fprintf(stderr, "wrr: error: %s: trace ends after event %" PRIu64
				" (recording was cut short)\n",
			path, wrr_trace_reader_events(r));
		rc = WRR_EXIT_ERROR;
	} else if (n == WRR_TRACE_BAD) {
		fprintf(stderr, "wrr: error: %s: %s\n", path, err.message);
		rc = WRR_EXIT_ERROR;
	}
	wrr_trace_reader_free(r);
	return rc;
}
