/*
 * replayer.h — the replaying gate: answers every host call from the trace
 * instead of the host. At each call it reads the next event, checks that the
 * guest calls the same import with the same arguments (otherwise the replay
 * has diverged: the run stops), writes the recorded bytes into the caller's
 * memory, sets the recorded results and returns the recorded outcome
 * (proc_exit → WRR_EXIT with the recorded code). Guest output to fds 1 and 2
 * (fd_write, fd_pwrite) is reproduced on the given host fds.
 *
 * The replayer never calls a host function; it borrows the trace reader.
 */
#ifndef WRR_RR_REPLAYER_H
#define WRR_RR_REPLAYER_H

#include <stdbool.h>
#include <stdint.h>

#include "rr/trace.h"
#include "wrr.h"

struct wrr_replayer;

/* Why a replay stopped early, if it did. */
enum wrr_replay_stop {
	WRR_REPLAY_RUNNING = 0, /* no early stop */
	WRR_REPLAY_DIVERGED,    /* the guest did not do what the trace says */
	WRR_REPLAY_CUT,         /* the trace ends before the run did */
	WRR_REPLAY_BAD_TRACE,   /* the trace is corrupt */
};

/* Creates a replayer reading events from r (borrowed). out_fd/err_fd get the
 * guest's writes to its fds 1 and 2; -1 suppresses them (--quiet). NULL
 * when out of memory. */
struct wrr_replayer *wrr_replayer_new(struct wrr_trace_reader *r, int out_fd,
				      int err_fd);

/* The gate to install on the store (ctx = the replayer). */
const struct wrr_gate *wrr_replayer_gate(struct wrr_replayer *rp);

/* After the run: checks that the trace's next event is the END event, that
 * nothing follows it (else WRR_REPLAY_BAD_TRACE, the message naming the
 * offset), and that the run ended as recorded (exit status, call count, memory hash of
 * `memory` if not NULL, `progress` if not UINT64_MAX). Returns the stop
 * state (RUNNING = the replay matched the recording to the end). */
enum wrr_replay_stop wrr_replayer_finish(struct wrr_replayer *rp,
					 int exit_status,
					 const struct wrr_memory *memory,
					 uint64_t progress);

/* State and one-line explanation of an early stop ("" when running). */
enum wrr_replay_stop wrr_replayer_stop(const struct wrr_replayer *rp);
const char *wrr_replayer_message(const struct wrr_replayer *rp);

/* The Wasm backtrace captured at a divergence (innermost first). */
uint32_t wrr_replayer_backtrace(const struct wrr_replayer *rp,
				const struct wrr_frame_info **frames);

/* The recorded END event (after wrr_replayer_finish found it), or NULL. */
const struct wrr_trace_end *wrr_replayer_end(const struct wrr_replayer *rp);

/* Events replayed (call events consumed). */
uint64_t wrr_replayer_calls(const struct wrr_replayer *rp);

void wrr_replayer_free(struct wrr_replayer *rp);

#endif
