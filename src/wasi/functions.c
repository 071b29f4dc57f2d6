/*
 * functions.c — the table of wasi_snapshot_preview1 functions, generated
 * from the X-list of functions.h, and lookups over it.
 */
#include <string.h>

#include "wasi/functions.h"
#include "wasi/wasi.h"

#define WRR_WASI_ROW(name, params, results) \
	{#name, params, results, wrr_wasi_##name},
static const struct wrr_wasi_function functions[] = {
	WRR_WASI_FUNCTIONS(WRR_WASI_ROW)
};
#undef WRR_WASI_ROW

_Static_assert(sizeof functions / sizeof functions[0] == 46,
	       "wasi_snapshot_preview1 has 46 functions");

uint32_t wrr_wasi_function_count(void)
{
	return sizeof functions / sizeof functions[0];
}

const char *wrr_wasi_function_name(uint32_t i)
{
	return i < wrr_wasi_function_count() ? functions[i].name : NULL;
}

const struct wrr_wasi_function *wrr_wasi_function_at(uint32_t i)
{
	return i < wrr_wasi_function_count() ? &functions[i] : NULL;
}

const struct wrr_wasi_function *wrr_wasi_function_find(const char *name,
						       uint32_t len)
{
	for (uint32_t i = 0; i < wrr_wasi_function_count(); i++) {
		if (strlen(functions[i].name) == len &&
		    memcmp(functions[i].name, name, len) == 0)
			return &functions[i];
	}
	return NULL;
}
