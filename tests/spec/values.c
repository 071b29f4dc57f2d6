/*
 * values.c — values of the spec scripts as wast2json writes them: parsing
 * arguments and expected results, matching results (spec interpreter
 * script/run.ml: assert_return with nan:canonical / nan:arithmetic, spec
 * §4.3.3 for the NaN classes), and formatting both for failure reports.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

#define F32_CANONICAL 0x7fc00000u
#define F64_CANONICAL 0x7ff8000000000000ull

const char *spec_type_name(enum wrr_valtype type)
{
	switch (type) {
	case WRR_I32: return "i32";
	case WRR_I64: return "i64";
	case WRR_F32: return "f32";
	case WRR_F64: return "f64";
	case WRR_V128: return "v128";
	case WRR_FUNCREF: return "funcref";
	case WRR_EXTERNREF: return "externref";
	}
	return "?";
}

static bool type_from_name(const char *name, enum wrr_valtype *out)
{
	static const struct {
		const char *name;
		enum wrr_valtype type;
	} types[] = {
		{"i32", WRR_I32},         {"i64", WRR_I64},
		{"f32", WRR_F32},         {"f64", WRR_F64},
		{"v128", WRR_V128},       {"funcref", WRR_FUNCREF},
		{"externref", WRR_EXTERNREF},
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		if (strcmp(name, types[i].name) == 0) {
			*out = types[i].type;
			return true;
		}
	}
	return false;
}

/* Parses a decimal integer string of wast2json (unsigned, or with a minus
 * sign in some versions) as its low 64 bits. */
static bool parse_bits(const char *s, uint64_t *out)
{
	char *end;

	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	if (*s == '-')
		*out = (uint64_t)strtoll(s, &end, 10);
	else
		*out = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0';
}

static const char *field_string(json_object *obj, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* Lane width in bits and float-ness of a v128 "lane_type". */
static bool lane_shape(const char *lane_type, unsigned *bits, bool *is_float)
{
	*is_float = lane_type[0] == 'f';
	if (strcmp(lane_type, "i8") == 0)
		*bits = 8;
	else if (strcmp(lane_type, "i16") == 0)
		*bits = 16;
	else if (strcmp(lane_type, "i32") == 0 || strcmp(lane_type, "f32") == 0)
		*bits = 32;
	else if (strcmp(lane_type, "i64") == 0 || strcmp(lane_type, "f64") == 0)
		*bits = 64;
	else
		return false;
	return true;
}

static void put_lane(uint8_t *bytes, unsigned bits, unsigned lane,
		     uint64_t value)
{
	unsigned width = bits / 8;

	for (unsigned i = 0; i < width; i++)
		bytes[lane * width + i] = (uint8_t)(value >> (8 * i));
}

static uint64_t get_lane(const uint8_t *bytes, unsigned bits, unsigned lane)
{
	unsigned width = bits / 8;
	uint64_t value = 0;

	for (unsigned i = 0; i < width; i++)
		value |= (uint64_t)bytes[lane * width + i] << (8 * i);
	return value;
}

static enum spec_match nan_pattern(const char *s)
{
	if (strcmp(s, "nan:canonical") == 0)
		return SPEC_MATCH_NAN_CANONICAL;
	if (strcmp(s, "nan:arithmetic") == 0)
		return SPEC_MATCH_NAN_ARITHMETIC;
	return SPEC_MATCH_EXACT;
}

/* Parses a v128 value: {"type": "v128", "lane_type": "i32", "value":
 * ["1", "2", "3", "4"]}. With `expect`, lanes may be NaN patterns. */
static bool parse_v128(json_object *obj, struct spec_expect *e, bool expect,
		       char *why, size_t why_size)
{
	const char *lane_type = field_string(obj, "lane_type");
	json_object *lanes;

	if (lane_type == NULL ||
	    !lane_shape(lane_type, &e->lane_bits, &e->lane_float)) {
		snprintf(why, why_size, "v128 without a known lane_type");
		return false;
	}
	unsigned count = 128 / e->lane_bits;
	if (!json_object_object_get_ex(obj, "value", &lanes) ||
	    !json_object_is_type(lanes, json_type_array) ||
	    json_object_array_length(lanes) != count) {
		snprintf(why, why_size, "v128 needs %u %s lanes", count,
			 lane_type);
		return false;
	}
	for (unsigned i = 0; i < count; i++) {
		const char *s =
			json_object_get_string(json_object_array_get_idx(lanes, i));
		uint64_t bits;

		e->lanes[i] = s != NULL ? nan_pattern(s) : SPEC_MATCH_EXACT;
		if (e->lanes[i] != SPEC_MATCH_EXACT) {
			if (!expect || !e->lane_float) {
				snprintf(why, why_size, "NaN pattern in lane %u",
					 i);
				return false;
			}
			continue;
		}
		if (!parse_bits(s, &bits)) {
			snprintf(why, why_size, "bad v128 lane %u: %s", i,
				 s != NULL ? s : "(none)");
			return false;
		}
		put_lane(e->val.of.v128, e->lane_bits, i, bits);
	}
	return true;
}

/* The common part of spec_parse_value and spec_parse_expect. */
static bool parse_any(json_object *obj, struct spec_expect *e, bool expect,
		      char *why, size_t why_size)
{
	const char *type_name = field_string(obj, "type");
	const char *value;
	uint64_t bits;

	memset(e, 0, sizeof *e);
	if (type_name == NULL || !type_from_name(type_name, &e->val.type)) {
		snprintf(why, why_size, "unknown value type %s",
			 type_name != NULL ? type_name : "(none)");
		return false;
	}
	if (e->val.type == WRR_V128)
		return parse_v128(obj, e, expect, why, why_size);
	value = field_string(obj, "value");
	if (value == NULL) {
		snprintf(why, why_size, "%s without a value", type_name);
		return false;
	}
	if (e->val.type == WRR_FUNCREF || e->val.type == WRR_EXTERNREF) {
		if (strcmp(value, "null") == 0) {
			e->val.of.ref = 0;
			return true;
		}
		if (e->val.type == WRR_FUNCREF) {
			/* Only "ref.func" results, which compare as non-null. */
			if (!expect) {
				snprintf(why, why_size,
					 "non-null funcref argument");
				return false;
			}
			e->match = SPEC_MATCH_REF_NONNULL;
			return true;
		}
		if (!parse_bits(value, &bits) || bits == UINT64_MAX) {
			snprintf(why, why_size, "bad externref %s", value);
			return false;
		}
		e->val.of.ref = bits + 1;
		return true;
	}
	e->match = nan_pattern(value);
	if (e->match != SPEC_MATCH_EXACT) {
		if (!expect ||
		    (e->val.type != WRR_F32 && e->val.type != WRR_F64)) {
			snprintf(why, why_size, "misplaced %s", value);
			return false;
		}
		return true;
	}
	if (!parse_bits(value, &bits)) {
		snprintf(why, why_size, "bad %s value %s", type_name, value);
		return false;
	}
	switch (e->val.type) {
	case WRR_I32:
		e->val.of.i32 = (int32_t)(uint32_t)bits;
		break;
	case WRR_I64:
		e->val.of.i64 = (int64_t)bits;
		break;
	case WRR_F32: {
		uint32_t b = (uint32_t)bits;
		memcpy(&e->val.of.f32, &b, sizeof b);
		break;
	}
	case WRR_F64:
		memcpy(&e->val.of.f64, &bits, sizeof bits);
		break;
	default:
		break;
	}
	return true;
}

bool spec_parse_value(json_object *obj, struct wrr_val *out, char *why,
		      size_t why_size)
{
	struct spec_expect e;

	if (!parse_any(obj, &e, false, why, why_size))
		return false;
	*out = e.val;
	return true;
}

bool spec_parse_expect(json_object *obj, struct spec_expect *out, char *why,
		       size_t why_size)
{
	return parse_any(obj, out, true, why, why_size);
}

static bool f32_matches(enum spec_match m, uint32_t want, uint32_t got)
{
	switch (m) {
	case SPEC_MATCH_NAN_CANONICAL:
		return (got & 0x7fffffffu) == F32_CANONICAL;
	case SPEC_MATCH_NAN_ARITHMETIC:
		return (got & F32_CANONICAL) == F32_CANONICAL;
	default:
		return want == got;
	}
}

static bool f64_matches(enum spec_match m, uint64_t want, uint64_t got)
{
	switch (m) {
	case SPEC_MATCH_NAN_CANONICAL:
		return (got & 0x7fffffffffffffffull) == F64_CANONICAL;
	case SPEC_MATCH_NAN_ARITHMETIC:
		return (got & F64_CANONICAL) == F64_CANONICAL;
	default:
		return want == got;
	}
}

static bool v128_matches(const struct spec_expect *e, const struct wrr_val *v)
{
	unsigned count = 128 / e->lane_bits;

	for (unsigned i = 0; i < count; i++) {
		uint64_t want = get_lane(e->val.of.v128, e->lane_bits, i);
		uint64_t got = get_lane(v->of.v128, e->lane_bits, i);
		bool ok;

		if (e->lane_bits == 32 && e->lane_float)
			ok = f32_matches(e->lanes[i], (uint32_t)want,
					 (uint32_t)got);
		else if (e->lane_bits == 64 && e->lane_float)
			ok = f64_matches(e->lanes[i], want, got);
		else
			ok = want == got;
		if (!ok)
			return false;
	}
	return true;
}

bool spec_value_matches(const struct spec_expect *e, const struct wrr_val *v)
{
	uint32_t w32, g32;
	uint64_t w64, g64;

	if (e->val.type != v->type)
		return false;
	switch (e->val.type) {
	case WRR_I32:
		return e->val.of.i32 == v->of.i32;
	case WRR_I64:
		return e->val.of.i64 == v->of.i64;
	case WRR_F32:
		memcpy(&w32, &e->val.of.f32, sizeof w32);
		memcpy(&g32, &v->of.f32, sizeof g32);
		return f32_matches(e->match, w32, g32);
	case WRR_F64:
		memcpy(&w64, &e->val.of.f64, sizeof w64);
		memcpy(&g64, &v->of.f64, sizeof g64);
		return f64_matches(e->match, w64, g64);
	case WRR_V128:
		return v128_matches(e, v);
	case WRR_FUNCREF:
		if (e->match == SPEC_MATCH_REF_NONNULL)
			return v->of.ref != 0;
		return (e->val.of.ref == 0) == (v->of.ref == 0);
	case WRR_EXTERNREF:
		return e->val.of.ref == v->of.ref;
	}
	return false;
}

static const char *match_name(enum spec_match m)
{
	switch (m) {
	case SPEC_MATCH_NAN_CANONICAL: return "nan:canonical";
	case SPEC_MATCH_NAN_ARITHMETIC: return "nan:arithmetic";
	case SPEC_MATCH_REF_NONNULL: return "non-null";
	default: return NULL;
	}
}

/* Formats v128 lanes; lanes[] may be NULL (all exact). */
static void format_v128(const uint8_t *bytes, unsigned bits, bool is_float,
			const enum spec_match *lanes, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, "v128:%c%ux%u", is_float ? 'f' : 'i',
				    bits, 128 / bits);
	for (unsigned i = 0; i < 128 / bits && n < size; i++) {
		const char *pattern = lanes != NULL ? match_name(lanes[i]) : NULL;

		if (pattern != NULL)
			n += (size_t)snprintf(buf + n, size - n, " %s", pattern);
		else
			n += (size_t)snprintf(buf + n, size - n, " 0x%" PRIx64,
					      get_lane(bytes, bits, i));
	}
}

char *spec_format_value(const struct wrr_val *v, char *buf, size_t size)
{
	uint32_t b32;
	uint64_t b64;

	switch (v->type) {
	case WRR_I32:
		snprintf(buf, size, "i32:%" PRIu32 " (%" PRId32 ")",
			 (uint32_t)v->of.i32, v->of.i32);
		break;
	case WRR_I64:
		snprintf(buf, size, "i64:%" PRIu64 " (%" PRId64 ")",
			 (uint64_t)v->of.i64, v->of.i64);
		break;
	case WRR_F32:
		memcpy(&b32, &v->of.f32, sizeof b32);
		snprintf(buf, size, "f32:0x%08" PRIx32 " (%.9g)", b32,
			 (double)v->of.f32);
		break;
	case WRR_F64:
		memcpy(&b64, &v->of.f64, sizeof b64);
		snprintf(buf, size, "f64:0x%016" PRIx64 " (%.17g)", b64,
			 v->of.f64);
		break;
	case WRR_V128:
		format_v128(v->of.v128, 32, false, NULL, buf, size);
		break;
	case WRR_FUNCREF:
		snprintf(buf, size, "funcref:%s",
			 v->of.ref == 0 ? "null" : "non-null");
		break;
	case WRR_EXTERNREF:
		if (v->of.ref == 0)
			snprintf(buf, size, "externref:null");
		else
			snprintf(buf, size, "externref:%" PRIu64,
				 v->of.ref - 1);
		break;
	default:
		snprintf(buf, size, "type 0x%x?", (unsigned)v->type);
		break;
	}
	return buf;
}

char *spec_format_expect(const struct spec_expect *e, char *buf, size_t size)
{
	const char *pattern = match_name(e->match);

	if (e->val.type == WRR_V128)
		format_v128(e->val.of.v128, e->lane_bits, e->lane_float,
			    e->lanes, buf, size);
	else if (pattern != NULL)
		snprintf(buf, size, "%s:%s", spec_type_name(e->val.type),
			 pattern);
	else
		spec_format_value(&e->val, buf, size);
	return buf;
}
