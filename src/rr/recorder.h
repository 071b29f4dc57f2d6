/*
 * recorder.h — the recording gate: wraps the import-call gate so that every
 * host call is executed for real and written to a trace as one event (the
 * function, its arguments, its results or how it ended, and each byte range
 * the host wrote into the caller's memory during the call).
 *
 * Use: wrr_recorder_new(writer); wrr_recorder_set_module once the module
 * is loaded, and its wrr_recorder_funcs into the trace header; pass
 * wrr_recorder_gate() as the store's gate (wrr_session_run does it); when the run is over, wrr_recorder_finish
 * writes the END event. The recorder never owns the writer or the store.
 */
#ifndef WRR_RR_RECORDER_H
#define WRR_RR_RECORDER_H

#include <stdbool.h>
#include <stdint.h>

#include "rr/trace.h"
#include "wrr.h"

struct wrr_recorder;

/* Creates a recorder writing to w (borrowed). NULL when out of memory. */
struct wrr_recorder *wrr_recorder_new(struct wrr_trace_writer *w);

/* Takes the function imports of module (in import order) as the trace's
 * function table: wrr_recorder_funcs gives it for the header
 * (wrr_trace_header.funcs), and a call of one of them is recorded with its
 * index there. Call once, before the header is written and any call is
 * made. False when out of memory. */
bool wrr_recorder_set_module(struct wrr_recorder *rec,
			     const struct wrr_module *module);

/* The function table set by wrr_recorder_set_module (*count entries, owned
 * by the recorder), or NULL with *count 0. */
const struct wrr_trace_func *wrr_recorder_funcs(const struct wrr_recorder *rec,
						uint32_t *count);

/* The gate to install (ctx = the recorder); valid while the recorder is. */
const struct wrr_gate *wrr_recorder_gate(struct wrr_recorder *rec);

/* Writes the END event for a run that ended with `status` (WRR_OK when the
 * entry function returned) and process exit status `exit_status`. memory
 * (may be NULL) is hashed with wrr_memory_hash; progress is
 * wrr_store_progress of the store (UINT64_MAX: unknown). message (may be
 * NULL) says why the run ended. Flushes the trace. */
void wrr_recorder_finish(struct wrr_recorder *rec, enum wrr_status status,
			 int exit_status, const struct wrr_memory *memory,
			 uint64_t progress, const char *message);

/* Call events recorded so far. */
uint64_t wrr_recorder_calls(const struct wrr_recorder *rec);

/* The last memory a host call was made with (NULL before any call). */
struct wrr_memory *wrr_recorder_memory(const struct wrr_recorder *rec);

/* A problem that makes the trace unreplayable although the run went on
 * (e.g. a host write into a memory other than the caller's), or NULL. */
const char *wrr_recorder_problem(const struct wrr_recorder *rec);

void wrr_recorder_free(struct wrr_recorder *rec);

#endif
