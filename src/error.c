/* error.c — diagnostics with a place (struct wrr_error). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "module.h"

void wrr_error_clear(struct wrr_error *err)
{
	memset(err, 0, sizeof *err);
	err->status = WRR_OK;
	err->offset = UINT64_MAX;
	err->section_id = UINT32_MAX;
	err->func_index = UINT32_MAX;
	err->code_offset = UINT32_MAX;
}

enum wrr_status wrr_error_set(struct wrr_error *err, enum wrr_status status,
			      const char *fmt, ...)
{
	if (err == NULL || err->status != WRR_OK)
		return status;
	err->status = status;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return status;
}

const char *wrr_status_name(enum wrr_status status)
{
	switch (status) {
	case WRR_OK: return "ok";
	case WRR_MALFORMED: return "malformed";
	case WRR_INVALID: return "invalid";
	case WRR_LINK: return "link";
	case WRR_TRAP: return "trap";
	case WRR_EXHAUSTION: return "exhaustion";
	case WRR_EXIT: return "exit";
	case WRR_FUEL: return "fuel";
	case WRR_NOMEM: return "out of memory";
	case WRR_HOST: return "host";
	}
	return "unknown";
}

const char *wrr_trap_message(enum wrr_trap trap)
{
	switch (trap) {
	case WRR_TRAP_NONE: return "no trap";
	case WRR_TRAP_UNREACHABLE: return "unreachable";
	case WRR_TRAP_INT_DIV_ZERO: return "integer divide by zero";
	case WRR_TRAP_INT_OVERFLOW: return "integer overflow";
	case WRR_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
	case WRR_TRAP_MEMORY_OOB: return "out of bounds memory access";
	case WRR_TRAP_TABLE_OOB: return "out of bounds table access";
	case WRR_TRAP_UNDEFINED_ELEMENT: return "undefined element";
	case WRR_TRAP_UNINITIALIZED_ELEMENT: return "uninitialized element";
	case WRR_TRAP_INDIRECT_CALL_TYPE: return "indirect call type mismatch";
	case WRR_TRAP_HOST: return "host trap";
	}
	return "unknown trap";
}

char *wrr_error_format(const struct wrr_error *err, char *buf, size_t size)
{
	static const char *const sections[] = {
		"custom", "type", "import", "function", "table", "memory",
		"global", "export", "start", "element", "code", "data",
		"data count",
	};
	size_t n = (size_t)snprintf(buf, size, "%s: %s",
				    wrr_status_name(err->status), err->message);
	const char *sep = " (";
	if (n < size && err->section_id < sizeof sections / sizeof sections[0]) {
		n += (size_t)snprintf(buf + n, size - n, "%s%s section", sep,
				      sections[err->section_id]);
		sep = ", ";
	}
	if (n < size && err->offset != UINT64_MAX) {
		n += (size_t)snprintf(buf + n, size - n, "%sat offset 0x%llx",
				      sep, (unsigned long long)err->offset);
		sep = ", ";
	}
	if (n < size && err->func_index != UINT32_MAX) {
		n += (size_t)snprintf(buf + n, size - n, "%sfunction %u", sep,
				      err->func_index);
		sep = ", ";
	}
	if (n < size && err->code_offset != UINT32_MAX) {
		n += (size_t)snprintf(buf + n, size - n, "%scode offset 0x%x",
				      sep, err->code_offset);
		sep = ", ";
	}
	if (n < size && sep[0] == ',')
		snprintf(buf + n, size - n, ")");
	return buf;
}
