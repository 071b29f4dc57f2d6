/*
 * zstd_link.h — libzstd (Debian's libzstd-dev) for --compress, referenced
 * weakly: the build links it when the Makefile's LDLIBS has -lzstd; without
 * it, wrr_zstd_linked() is false, `wrr record --compress` refuses with a
 * one-line error and a compressed chunk reads as "cannot decompress". No
 * other library code depends on zstd being present.
 */
#ifndef WRR_RR_ZSTD_LINK_H
#define WRR_RR_ZSTD_LINK_H

#include <stdbool.h>
#include <zstd.h>

#pragma weak ZSTD_createCCtx
#pragma weak ZSTD_freeCCtx
#pragma weak ZSTD_compressBound
#pragma weak ZSTD_compressCCtx
#pragma weak ZSTD_isError
#pragma weak ZSTD_createDCtx
#pragma weak ZSTD_freeDCtx
#pragma weak ZSTD_DCtx_reset
#pragma weak ZSTD_decompressStream

/* True when libzstd was linked in. */
static inline bool wrr_zstd_linked(void)
{
	return ZSTD_createCCtx != NULL && ZSTD_freeCCtx != NULL &&
	       ZSTD_compressBound != NULL && ZSTD_compressCCtx != NULL &&
	       ZSTD_isError != NULL && ZSTD_createDCtx != NULL &&
	       ZSTD_freeDCtx != NULL && ZSTD_DCtx_reset != NULL &&
	       ZSTD_decompressStream != NULL;
}

#endif
