/*
 * engine_version.h — the version of the engine's lowering, as pinned in a
 * trace header (docs/trace-format.md, header field 19).
 *
 * The progress counter (wrr_store_progress: internal instructions retired)
 * depends on how function bodies are lowered: which instructions become
 * internal instructions and which are fused into one (src/valid/func.c,
 * src/valid/fuse.c, src/exec/code.h). (Accumulator forms change no count.) A trace stores the count at its end
 * and replay compares it, so a trace is only replayable by an engine that
 * lowers exactly as the recording one did.
 *
 * Bump WRR_ENGINE_VERSION whenever lowering, fusion or the progress /
 * instruction-count definition changes; traces from another engine version
 * are refused (`wrr replay` names both versions and the wrr version that
 * recorded the trace).
 */
#ifndef WRR_RR_ENGINE_VERSION_H
#define WRR_RR_ENGINE_VERSION_H

/* 1: stack machine with superinstructions; 2: register-style lowering
 * (code.h r/s forms, fused address adds and compare-and-branch); 3: fused
 * pairs (src/valid/fuse.c). */
#define WRR_ENGINE_VERSION 4

#endif
