/*
 * names.c — UTF-8 validation of names (spec §5.2.4) and the `name` custom
 * section (spec §7.4.1).
 */
#include <stdlib.h>

#include "binary/decode.h"

bool wrr_utf8_valid(const uint8_t *bytes, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint8_t b = bytes[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		size_t n;
		uint32_t cp, min;
		if ((b & 0xe0) == 0xc0) {
			n = 2;
			cp = b & 0x1f;
			min = 0x80;
		} else if ((b & 0xf0) == 0xe0) {
			n = 3;
			cp = b & 0x0f;
			min = 0x800;
		} else if ((b & 0xf8) == 0xf0) {
			n = 4;
			cp = b & 0x07;
			min = 0x10000;
		} else {
			return false;
		}
		if (n > len - i)
			return false;
		for (size_t k = 1; k < n; k++) {
			uint8_t c = bytes[i + k];
			if ((c & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (c & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n;
	}
	return true;
}

/* A name inside the name section; false if malformed. */
static bool read_name(struct wrr_reader *r, struct wrr_name *out)
{
	uint32_t len;
	const uint8_t *bytes;
	if (!wrr_read_u32(r, &len) || !wrr_read_bytes(r, len, &bytes) ||
	    !wrr_utf8_valid(bytes, len))
		return false;
	out->bytes = (const char *)bytes;
	out->len = len;
	return true;
}

/* Function names subsection: vec(funcidx name), indices increasing. */
static bool read_func_names(struct wrr_module *m, struct wrr_reader *r)
{
	uint32_t n;
	if (!wrr_read_u32(r, &n))
		return false;
	bool first = true;
	uint32_t last = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t index;
		struct wrr_name name;
		if (!wrr_read_u32(r, &index) || !read_name(r, &name))
			return false;
		if (!first && index <= last)
			return false;
		first = false;
		last = index;
		if (index < m->func_count)
			m->func_names[index] = name;
	}
	return true;
}

static bool read_name_section(struct wrr_module *m, struct wrr_reader *r)
{
	int last_id = -1;
	while (wrr_reader_left(r) > 0) {
		uint8_t id;
		uint32_t size;
		if (!wrr_read_u8(r, &id) || !wrr_read_u32(r, &size) ||
		    size > wrr_reader_left(r))
			return false;
		if ((int)id <= last_id)
			return false;
		last_id = id;
		struct wrr_reader sub;
		wrr_reader_init(&sub, r->base, r->pos, r->pos + size);
		r->pos += size;
		if (id == 0) {
			if (!read_name(&sub, &m->module_display_name))
				return false;
		} else if (id == 1) {
			if (!read_func_names(m, &sub))
				return false;
		} else {
			continue; /* local names and others: not used */
		}
		if (sub.pos != sub.end)
			return false;
	}
	return true;
}

bool wrr_decode_name_section(struct wrr_module *module, size_t offset,
			     size_t size)
{
	struct wrr_reader r;
	wrr_reader_init(&r, module->bytes, offset, offset + size);
	if (!read_name_section(module, &r)) {
		module->module_display_name = (struct wrr_name){NULL, 0};
		if (module->func_names != NULL)
			memset(module->func_names, 0,
			       module->func_count * sizeof *module->func_names);
	}
	return true;
}
