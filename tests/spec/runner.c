/*
 * runner.c — runs WebAssembly spec test scripts converted by wabt's
 * wast2json (one JSON file per .wast plus the .wasm files it names) against
 * libwrr's public API, as the spec interpreter's script runner does
 * (WebAssembly/spec interpreter/script/run.ml).
 *
 * Usage: spec_runner [-v] SCRIPT.json...
 *   Prints one line per script ("name.wast: P passed, F failed, S skipped"),
 *   each failure with its script, line, command, expected and actual, and a
 *   last line "N passed, N failed, N skipped". Exits 1 if anything failed.
 *   -v also lists the skipped commands and error-message differences.
 *
 * Each script gets one store (the spec's store is shared across a script)
 * holding the "spectest" host module and every instance the script makes.
 * Imports are resolved by (module, name) against the instances registered
 * with `register` and against spectest; a missing one is a link error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

/* Largest module file the runner reads (the spec's largest is < 1 MiB). */
#define MAX_MODULE_BYTES (64u << 20)

/* A decoded module and the bytes it points into; both live until the
 * script's store is freed. */
struct loaded {
	struct wrr_module *module;
	uint8_t *bytes;
};

/* A name bound to an instance: "$M" of `(module $M ...)` or the name given
 * to `register`. instance is NULL if that module failed to instantiate. */
struct binding {
	char *name;
	size_t len;
	struct wrr_instance *instance;
};

struct bindings {
	struct binding *items;
	size_t count;
	size_t cap;
};

struct script {
	char name[256];  /* "i32.wast" */
	char dir[4096];  /* directory of the JSON file, for module files */
	bool verbose;
	/* --fuel-slices: nonzero state of the generator of slice sizes. */
	uint64_t slices;
	struct wrr_store *store;
	struct spectest spectest;
	bool spectest_ok;
	struct loaded *modules;
	size_t module_count;
	size_t module_cap;
	struct bindings named;      /* (module $M ...) */
	struct bindings registered; /* (register "M" ...) */
	struct wrr_instance *current;
	/* The command being run, for reports. */
	unsigned line;
	const char *command;
	unsigned passed, failed, skipped;
};

/* ------------------------------------------------------------ reporting */

static void fail(struct script *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reports the current command as failed, with a reason. */
static void fail(struct script *s, const char *fmt, ...)
{
	va_list ap;

	s->failed++;
	printf("  FAIL %s:%u %s: ", s->name, s->line, s->command);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void note(struct script *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A verbose-only remark about the current command. */
static void note(struct script *s, const char *fmt, ...)
{
	va_list ap;

	if (!s->verbose)
		return;
	printf("  note %s:%u %s: ", s->name, s->line, s->command);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Formats an error as "kind: message" (with places) into buf. */
static const char *errstr(const struct wrr_error *err, enum wrr_status st,
			  char *buf, size_t size)
{
	struct wrr_error copy = *err;

	if (copy.status == WRR_OK)
		copy.status = st;
	if (st == WRR_TRAP && copy.trap != WRR_TRAP_NONE &&
	    copy.message[0] == '\0')
		snprintf(copy.message, sizeof copy.message, "%s",
			 wrr_trap_message(copy.trap));
	return wrr_error_format(&copy, buf, size);
}

/* Sets err to a runner-detected error (e.g. an unknown import). */
static enum wrr_status set_error(struct wrr_error *err, enum wrr_status st,
				 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum wrr_status set_error(struct wrr_error *err, enum wrr_status st,
				 const char *fmt, ...)
{
	va_list ap;

	wrr_error_clear(err);
	err->status = st;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return st;
}

/* Copies a name that may hold any byte, escaping the unprintable ones. */
static void quote_name(const char *name, size_t len, char *buf, size_t size)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 5 < size; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			buf[n++] = (char)c;
		else
			n += (size_t)snprintf(buf + n, size - n, "\\%02x", c);
	}
	buf[n < size ? n : size - 1] = '\0';
}

/* ------------------------------------------------------------- bindings */

static bool bind(struct bindings *b, const char *name, size_t len,
		 struct wrr_instance *instance)
{
	for (size_t i = 0; i < b->count; i++) {
		if (b->items[i].len == len &&
		    memcmp(b->items[i].name, name, len) == 0) {
			b->items[i].instance = instance;
			return true;
		}
	}
	if (b->count == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 8;
		struct binding *items = realloc(b->items, cap * sizeof *items);

		if (items == NULL)
			return false;
		b->items = items;
		b->cap = cap;
	}
	char *copy = malloc(len + 1);
	if (copy == NULL)
		return false;
	memcpy(copy, name, len);
	copy[len] = '\0';
	b->items[b->count++] =
		(struct binding){.name = copy, .len = len, .instance = instance};
	return true;
}

/* Finds a binding; *found tells whether the name is bound at all (the
 * instance may be NULL if that module failed). */
static struct wrr_instance *lookup(const struct bindings *b, const char *name,
				   size_t len, bool *found)
{
	for (size_t i = 0; i < b->count; i++) {
		if (b->items[i].len == len &&
		    memcmp(b->items[i].name, name, len) == 0) {
			*found = true;
			return b->items[i].instance;
		}
	}
	*found = false;
	return NULL;
}

static void bindings_free(struct bindings *b)
{
	for (size_t i = 0; i < b->count; i++)
		free(b->items[i].name);
	free(b->items);
	memset(b, 0, sizeof *b);
}

/* ---------------------------------------------------------- JSON helpers */

static const char *jstr(json_object *obj, const char *key, size_t *len)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	if (len != NULL)
		*len = (size_t)json_object_get_string_len(v);
	return json_object_get_string(v);
}

static json_object *jarray(json_object *obj, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_array))
		return NULL;
	return v;
}

/* ------------------------------------------------------------- modules */

/* Reads a whole file into a new buffer. Returns false with errno set. */
static bool read_file(const char *path, uint8_t **out, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;

	if (f == NULL)
		return false;
	for (;;) {
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 4096;
			uint8_t *nbuf;

			if (ncap > MAX_MODULE_BYTES) {
				errno = EFBIG;
				goto fail;
			}
			nbuf = realloc(buf, ncap);
			if (nbuf == NULL)
				goto fail;
			buf = nbuf;
			cap = ncap;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f))
				goto fail;
			break;
		}
	}
	fclose(f);
	*out = buf;
	*size = n;
	return true;
fail:
	free(buf);
	fclose(f);
	return false;
}

/* Keeps a module (and its bytes) until the script ends. */
static bool keep_module(struct script *s, struct wrr_module *module,
			uint8_t *bytes)
{
	if (s->module_count == s->module_cap) {
		size_t cap = s->module_cap ? 2 * s->module_cap : 16;
		struct loaded *m = realloc(s->modules, cap * sizeof *m);

		if (m == NULL)
			return false;
		s->modules = m;
		s->module_cap = cap;
	}
	s->modules[s->module_count++] =
		(struct loaded){.module = module, .bytes = bytes};
	return true;
}

/* Reads, decodes and validates the module file `filename` (relative to the
 * script's directory). On WRR_OK, *module and *bytes are the caller's. */
static enum wrr_status load_module(struct script *s, const char *filename,
				   struct wrr_module **module, uint8_t **bytes,
				   struct wrr_error *err)
{
	char path[sizeof s->dir + 512];
	size_t size;
	enum wrr_status st;

	*module = NULL;
	*bytes = NULL;
	snprintf(path, sizeof path, "%s/%s", s->dir, filename);
	if (!read_file(path, bytes, &size))
		return set_error(err, WRR_HOST, "cannot read %s: %s", path,
				 strerror(errno));
	wrr_error_clear(err);
	st = wrr_module_decode(*bytes, size, module, err);
	if (st == WRR_OK) {
		st = wrr_module_validate(*module, err);
		if (st != WRR_OK) {
			wrr_module_free(*module);
			*module = NULL;
		}
	}
	if (st != WRR_OK) {
		free(*bytes);
		*bytes = NULL;
	}
	return st;
}

/* Resolves the imports of module (spec §4.5.4 step 3: by module and field
 * name) and instantiates it. A name found nowhere is a link error found
 * here; kind and type mismatches are left to wrr_instantiate. */
static enum wrr_status link_and_instantiate(struct script *s,
					    struct wrr_module *module,
					    struct wrr_instance **out,
					    struct wrr_error *err)
{
	uint32_t count = wrr_module_import_count(module);
	struct wrr_extern *imports = NULL;
	enum wrr_status st;

	*out = NULL;
	if (count > 0) {
		imports = calloc(count, sizeof *imports);
		if (imports == NULL)
			return set_error(err, WRR_NOMEM, "out of memory");
	}
	for (uint32_t i = 0; i < count; i++) {
		struct wrr_import_desc d;
		struct wrr_instance *from;
		bool found, ok = false;
		char mname[256], fname[256];

		wrr_module_import(module, i, &d);
		from = lookup(&s->registered, d.module_name, d.module_name_len,
			      &found);
		if (from != NULL)
			ok = wrr_instance_export(from, d.name, d.name_len,
						 &imports[i]);
		else if (!found && d.module_name_len == 8 &&
			 memcmp(d.module_name, "spectest", 8) == 0 &&
			 s->spectest_ok)
			ok = spectest_lookup(&s->spectest, d.name, d.name_len,
					     &imports[i]);
		if (!ok) {
			quote_name(d.module_name, d.module_name_len, mname,
				   sizeof mname);
			quote_name(d.name, d.name_len, fname, sizeof fname);
			free(imports);
			return set_error(err, WRR_LINK,
					 "unknown import \"%s\".\"%s\"", mname,
					 fname);
		}
	}
	wrr_error_clear(err);
	st = wrr_instantiate(s->store, module, imports, count, out, err);
	free(imports);
	return st;
}

/* Loads and instantiates a command's module. On WRR_OK *inst is set. The
 * module is kept until the script ends whenever instantiation was tried. */
static enum wrr_status make_instance(struct script *s, json_object *cmd,
				     struct wrr_instance **inst,
				     struct wrr_error *err)
{
	const char *filename = jstr(cmd, "filename", NULL);
	struct wrr_module *module;
	uint8_t *bytes;
	enum wrr_status st;

	*inst = NULL;
	if (filename == NULL)
		return set_error(err, WRR_HOST, "command without a filename");
	st = load_module(s, filename, &module, &bytes, err);
	if (st != WRR_OK)
		return st;
	if (!keep_module(s, module, bytes)) {
		wrr_module_free(module);
		free(bytes);
		return set_error(err, WRR_NOMEM, "out of memory");
	}
	return link_and_instantiate(s, module, inst, err);
}

/* ------------------------------------------------------------- actions */

/* The outcome of an action: its status, error and results. */
struct outcome {
	enum wrr_status status;
	struct wrr_error err;
	struct wrr_val *results;
	uint32_t result_count;
	char what[1024]; /* `invoke "f"(i32:1)` or `get "g"`, for reports */
};

/* Runs an action ({"type": "invoke"|"get", "module"?, "field", "args"}).
 * A problem of the script itself (unknown export, bad argument) is
 * reported as WRR_HOST so that no assertion accepts it. */
/* A slice size of 1..13 instructions (xorshift64). */
static uint64_t next_slice(struct script *s)
{
	s->slices ^= s->slices << 13;
	s->slices ^= s->slices >> 7;
	s->slices ^= s->slices << 17;
	return 1 + s->slices % 13;
}

/* wrr_func_call; with --fuel-slices the call runs in slices of 1..13
 * instructions, resumed after each stop for fuel, which must not change
 * any result, trap or exhaustion (fuel stops are exact and resumable). */
static enum wrr_status call_function(struct script *s, struct wrr_func *func,
				     const struct wrr_val *args, uint32_t argc,
				     struct wrr_val *results, uint32_t count,
				     struct wrr_error *err)
{
	if (s->slices == 0)
		return wrr_func_call(s->store, func, args, argc, results,
				     count, err);
	wrr_store_set_fuel(s->store, next_slice(s));
	enum wrr_status st = wrr_func_call(s->store, func, args, argc,
					   results, count, err);
	while (st == WRR_FUEL) {
		wrr_store_set_fuel(s->store, next_slice(s));
		st = wrr_store_resume(s->store, results, count, err);
	}
	wrr_store_set_fuel(s->store, UINT64_MAX);
	return st;
}

static void run_action(struct script *s, json_object *action,
		       struct outcome *o)
{
	const char *type = jstr(action, "type", NULL);
	size_t field_len, mod_len;
	const char *field = jstr(action, "field", &field_len);
	const char *mod = jstr(action, "module", &mod_len);
	struct wrr_instance *inst = s->current;
	struct wrr_extern ext;
	char qfield[256];
	size_t n;

	memset(o, 0, sizeof *o);
	wrr_error_clear(&o->err);
	if (type == NULL || field == NULL) {
		o->status = set_error(&o->err, WRR_HOST, "malformed action");
		return;
	}
	quote_name(field, field_len, qfield, sizeof qfield);
	n = (size_t)snprintf(o->what, sizeof o->what, "%s %s%s\"%s\"", type,
			     mod ? mod : "", mod ? "." : "", qfield);
	if (mod != NULL) {
		bool found;

		inst = lookup(&s->named, mod, mod_len, &found);
		if (!found) {
			o->status = set_error(&o->err, WRR_HOST,
					      "no module named %s", mod);
			return;
		}
	}
	if (inst == NULL) {
		o->status = set_error(&o->err, WRR_HOST,
				      "no instance (its module failed)");
		return;
	}
	if (!wrr_instance_export(inst, field, (uint32_t)field_len, &ext)) {
		o->status = set_error(&o->err, WRR_HOST, "no export \"%s\"",
				      qfield);
		return;
	}
	if (strcmp(type, "get") == 0) {
		if (ext.kind != WRR_EXTERN_GLOBAL) {
			o->status = set_error(&o->err, WRR_HOST,
					      "export is not a global");
			return;
		}
		o->results = calloc(1, sizeof *o->results);
		if (o->results == NULL) {
			o->status = set_error(&o->err, WRR_NOMEM, "no memory");
			return;
		}
		o->result_count = 1;
		wrr_global_get(ext.of.global, &o->results[0]);
		o->status = WRR_OK;
		return;
	}
	if (strcmp(type, "invoke") != 0 || ext.kind != WRR_EXTERN_FUNC) {
		o->status = set_error(&o->err, WRR_HOST,
				      "cannot %s this export", type);
		return;
	}

	json_object *jargs = jarray(action, "args");
	size_t argc = jargs ? json_object_array_length(jargs) : 0;
	const struct wrr_functype *ft = wrr_func_type(ext.of.func);
	struct wrr_val *args = calloc(argc + 1, sizeof *args);

	o->results = calloc((ft ? ft->result_count : 0) + 1,
			    sizeof *o->results);
	if (args == NULL || o->results == NULL || ft == NULL) {
		free(args);
		o->status = set_error(&o->err, WRR_NOMEM,
				      "no memory or no function type");
		return;
	}
	o->result_count = ft->result_count;
	n += (size_t)snprintf(o->what + n, sizeof o->what - n, "(");
	for (size_t i = 0; i < argc; i++) {
		char why[128], buf[160];

		if (!spec_parse_value(json_object_array_get_idx(jargs, i),
				      &args[i], why, sizeof why)) {
			free(args);
			o->status = set_error(&o->err, WRR_HOST,
					      "argument %zu: %s", i, why);
			return;
		}
		if (n < sizeof o->what)
			n += (size_t)snprintf(o->what + n, sizeof o->what - n,
					      "%s%s", i ? ", " : "",
					      spec_format_value(&args[i], buf,
								sizeof buf));
	}
	if (n < sizeof o->what)
		snprintf(o->what + n, sizeof o->what - n, ")");
	o->status = call_function(s, ext.of.func, args, (uint32_t)argc,
				  o->results, o->result_count, &o->err);
	free(args);
}

static void outcome_free(struct outcome *o)
{
	free(o->results);
	o->results = NULL;
}

/* ------------------------------------------------------------ commands */

/* (module ...): instantiate and make it current; bind its $name. */
static void cmd_module(struct script *s, json_object *cmd)
{
	const char *filename = jstr(cmd, "filename", NULL);
	size_t name_len;
	const char *name = jstr(cmd, "name", &name_len);
	struct wrr_instance *inst;
	struct wrr_error err;
	char buf[1024];
	size_t flen = filename ? strlen(filename) : 0;

	if (flen > 4 && strcmp(filename + flen - 4, ".wat") == 0) {
		/* A text module wast2json did not encode: out of scope. */
		s->skipped++;
		s->current = NULL;
		note(s, "skipped text module %s", filename);
		return;
	}
	enum wrr_status st = make_instance(s, cmd, &inst, &err);
	s->current = inst;
	if (name != NULL)
		bind(&s->named, name, name_len, inst);
	if (st != WRR_OK) {
		fail(s, "%s: %s", filename ? filename : "?",
		     errstr(&err, st, buf, sizeof buf));
		return;
	}
	s->passed++;
}

/* (register "as" $name?): make an instance's exports importable. */
static void cmd_register(struct script *s, json_object *cmd)
{
	size_t as_len, name_len;
	const char *as = jstr(cmd, "as", &as_len);
	const char *name = jstr(cmd, "name", &name_len);
	struct wrr_instance *inst = s->current;
	bool found = true;

	if (name != NULL)
		inst = lookup(&s->named, name, name_len, &found);
	if (as == NULL || !found || inst == NULL) {
		fail(s, "nothing to register as \"%s\"", as ? as : "?");
		if (as != NULL)
			bind(&s->registered, as, as_len, NULL);
		return;
	}
	if (!bind(&s->registered, as, as_len, inst)) {
		fail(s, "out of memory");
		return;
	}
	s->passed++;
}

/* Formats an actual result the way its expectation is written. */
static const char *format_actual(const struct spec_expect *e,
				 const struct wrr_val *v, char *buf,
				 size_t size)
{
	if (e->val.type == WRR_V128 && v->type == WRR_V128) {
		struct spec_expect shape = *e;

		shape.val = *v;
		memset(shape.lanes, 0, sizeof shape.lanes);
		return spec_format_expect(&shape, buf, size);
	}
	return spec_format_value(v, buf, size);
}

/* (action ...) and (assert_return (action ...) results...). */
static void cmd_return(struct script *s, json_object *cmd, bool check)
{
	json_object *action, *expected = jarray(cmd, "expected");
	struct outcome o;
	char buf[1024], want[512], got[512];

	if (!json_object_object_get_ex(cmd, "action", &action)) {
		fail(s, "no action");
		return;
	}
	run_action(s, action, &o);
	if (o.status != WRR_OK) {
		fail(s, "%s: %s", o.what,
		     errstr(&o.err, o.status, buf, sizeof buf));
		goto out;
	}
	if (!check)
		goto pass;
	size_t count = expected ? json_object_array_length(expected) : 0;
	if (count != o.result_count) {
		fail(s, "%s: expected %zu results, got %u", o.what, count,
		     o.result_count);
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		struct spec_expect e;

		if (!spec_parse_expect(json_object_array_get_idx(expected, i),
				       &e, buf, sizeof buf)) {
			fail(s, "%s: result %zu: %s", o.what, i, buf);
			goto out;
		}
		if (!spec_value_matches(&e, &o.results[i])) {
			fail(s, "%s: result %zu: expected %s, got %s", o.what,
			     i, spec_format_expect(&e, want, sizeof want),
			     format_actual(&e, &o.results[i], got,
					   sizeof got));
			goto out;
		}
	}
pass:
	s->passed++;
out:
	outcome_free(&o);
}

/* True if a trap's message agrees with the script's text: one is a prefix
 * of the other (the spec interpreter adds details such as an index, e.g.
 * "uninitialized element 2"). */
static bool trap_text_matches(const char *actual, const char *text)
{
	size_t a = strlen(actual), t = strlen(text);

	if (a == 0)
		return false;
	return strncmp(actual, text, a < t ? a : t) == 0;
}

static bool trap_matches(const struct wrr_error *err, const char *text)
{
	if (text == NULL)
		return true;
	if (err->trap != WRR_TRAP_NONE && err->trap != WRR_TRAP_HOST &&
	    trap_text_matches(wrr_trap_message(err->trap), text))
		return true;
	return trap_text_matches(err->message, text);
}

/* (assert_trap (action ...) "text") and (assert_exhaustion ...). A module
 * form of assert_trap is handled like assert_uninstantiable. */
static void cmd_trap(struct script *s, json_object *cmd, enum wrr_status want)
{
	const char *text = jstr(cmd, "text", NULL);
	json_object *action;
	struct outcome o;
	char buf[1024];

	if (!json_object_object_get_ex(cmd, "action", &action)) {
		fail(s, "no action");
		return;
	}
	run_action(s, action, &o);
	if (o.status != want) {
		if (o.status == WRR_OK)
			fail(s, "%s: expected %s \"%s\", returned normally",
			     o.what, wrr_status_name(want), text ? text : "");
		else
			fail(s, "%s: expected %s \"%s\", got %s", o.what,
			     wrr_status_name(want), text ? text : "",
			     errstr(&o.err, o.status, buf, sizeof buf));
	} else if (want == WRR_TRAP && !trap_matches(&o.err, text)) {
		fail(s, "%s: expected trap \"%s\", got %s", o.what,
		     text ? text : "", errstr(&o.err, o.status, buf,
					      sizeof buf));
	} else {
		s->passed++;
	}
	outcome_free(&o);
}

/* assert_invalid / assert_malformed (binary) / assert_unlinkable /
 * assert_uninstantiable: the module must fail with status kind `want`.
 * A trap must also have the script's trap message (as assert_trap); other
 * wording differences are only noted (verbose). */
static void cmd_module_fails(struct script *s, json_object *cmd,
			     enum wrr_status want)
{
	const char *text = jstr(cmd, "text", NULL);
	const char *filename = jstr(cmd, "filename", NULL);
	const char *module_type = jstr(cmd, "module_type", NULL);
	struct wrr_error err;
	enum wrr_status st;
	char buf[1024];

	if (module_type != NULL && strcmp(module_type, "binary") != 0) {
		s->skipped++;
		note(s, "skipped text module %s (\"%s\")",
		     filename ? filename : "?", text ? text : "");
		return;
	}
	if (want == WRR_MALFORMED || want == WRR_INVALID) {
		struct wrr_module *module;
		uint8_t *bytes;

		st = load_module(s, filename ? filename : "", &module, &bytes,
				 &err);
		if (st == WRR_OK) {
			wrr_module_free(module);
			free(bytes);
		}
	} else {
		struct wrr_instance *inst;

		st = make_instance(s, cmd, &inst, &err);
	}
	if (st == WRR_OK) {
		fail(s, "%s: expected %s \"%s\", but it succeeded",
		     filename ? filename : "?", wrr_status_name(want),
		     text ? text : "");
		return;
	}
	if (st != want) {
		fail(s, "%s: expected %s \"%s\", got %s",
		     filename ? filename : "?", wrr_status_name(want),
		     text ? text : "", errstr(&err, st, buf, sizeof buf));
		return;
	}
	if (want == WRR_TRAP && !trap_matches(&err, text)) {
		fail(s, "%s: expected trap \"%s\", got %s",
		     filename ? filename : "?", text,
		     errstr(&err, st, buf, sizeof buf));
		return;
	}
	if (want != WRR_TRAP && text != NULL &&
		 strstr(err.message, text) == NULL)
		note(s, "message differs: expected \"%s\", got \"%s\"", text,
		     err.message);
	s->passed++;
}

static void run_command(struct script *s, json_object *cmd)
{
	const char *type = jstr(cmd, "type", NULL);
	json_object *line;

	s->line = json_object_object_get_ex(cmd, "line", &line) ?
			  (unsigned)json_object_get_int(line) : 0;
	s->command = type ? type : "?";
	if (type == NULL)
		fail(s, "command without a type");
	else if (strcmp(type, "module") == 0)
		cmd_module(s, cmd);
	else if (strcmp(type, "register") == 0)
		cmd_register(s, cmd);
	else if (strcmp(type, "action") == 0)
		cmd_return(s, cmd, false);
	else if (strcmp(type, "assert_return") == 0)
		cmd_return(s, cmd, true);
	else if (strcmp(type, "assert_trap") == 0 &&
		 jstr(cmd, "filename", NULL) != NULL)
		cmd_module_fails(s, cmd, WRR_TRAP);
	else if (strcmp(type, "assert_trap") == 0)
		cmd_trap(s, cmd, WRR_TRAP);
	else if (strcmp(type, "assert_exhaustion") == 0)
		cmd_trap(s, cmd, WRR_EXHAUSTION);
	else if (strcmp(type, "assert_invalid") == 0)
		cmd_module_fails(s, cmd, WRR_INVALID);
	else if (strcmp(type, "assert_malformed") == 0)
		cmd_module_fails(s, cmd, WRR_MALFORMED);
	else if (strcmp(type, "assert_unlinkable") == 0)
		cmd_module_fails(s, cmd, WRR_LINK);
	else if (strcmp(type, "assert_uninstantiable") == 0)
		cmd_module_fails(s, cmd, WRR_TRAP);
	else
		fail(s, "unknown command type");
}

/* -------------------------------------------------------------- scripts */

/* Sets the script's display name ("x.wast" for ".../x.json") and the
 * directory its module files are in. */
static void script_names(struct script *s, const char *json_path)
{
	const char *slash = strrchr(json_path, '/');
	const char *base = slash ? slash + 1 : json_path;
	size_t len = strlen(base);

	if (len > 5 && strcmp(base + len - 5, ".json") == 0)
		len -= 5;
	snprintf(s->name, sizeof s->name, "%.*s.wast", (int)len, base);
	if (slash == NULL)
		snprintf(s->dir, sizeof s->dir, ".");
	else
		snprintf(s->dir, sizeof s->dir, "%.*s",
			 (int)(slash - json_path), json_path);
}

/* Runs one JSON script; adds its counts to the totals and prints its line. */
static void run_script(const char *json_path, bool verbose, uint64_t slices,
		       unsigned *passed, unsigned *failed, unsigned *skipped)
{
	struct script s;
	json_object *root, *commands;

	memset(&s, 0, sizeof s);
	s.verbose = verbose;
	s.slices = slices;
	s.command = "load";
	script_names(&s, json_path);
	root = json_object_from_file(json_path);
	commands = root ? jarray(root, "commands") : NULL;
	if (commands == NULL) {
		fail(&s, "cannot read %s: %s", json_path,
		     json_util_get_last_err());
		goto done;
	}
	s.store = wrr_store_new(NULL);
	if (s.store == NULL) {
		fail(&s, "wrr_store_new failed");
		goto done;
	}
	s.spectest_ok = spectest_init(&s.spectest, s.store, verbose);
	if (!s.spectest_ok)
		note(&s, "could not create every spectest object");
	for (size_t i = 0; i < json_object_array_length(commands); i++)
		run_command(&s, json_object_array_get_idx(commands, i));
done:
	wrr_store_free(s.store);
	for (size_t i = 0; i < s.module_count; i++) {
		wrr_module_free(s.modules[i].module);
		free(s.modules[i].bytes);
	}
	free(s.modules);
	bindings_free(&s.named);
	bindings_free(&s.registered);
	json_object_put(root);
	printf("%s: %u passed, %u failed, %u skipped\n", s.name, s.passed,
	       s.failed, s.skipped);
	fflush(stdout);
	*passed += s.passed;
	*failed += s.failed;
	*skipped += s.skipped;
}

static void usage(void)
{
	fprintf(stderr, "usage: spec_runner [-v] [--fuel-slices SEED] "
			"SCRIPT.json...\n"
			"  runs spec scripts converted by wast2json; -v lists "
			"skipped commands and message differences;\n"
			"  --fuel-slices runs every call in random slices of "
			"1-13 instructions (seed > 0)\n");
}

int main(int argc, char **argv)
{
	bool verbose = false;
	uint64_t slices = 0;
	unsigned passed = 0, failed = 0, skipped = 0;
	int first = 1;

	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "-v") == 0) {
			verbose = true;
		} else if (strcmp(argv[first], "--fuel-slices") == 0 &&
			   first + 1 < argc) {
			char *end;
			slices = strtoull(argv[++first], &end, 10);
			if (*end != '\0' || slices == 0) {
				usage();
				return 2;
			}
		} else if (strcmp(argv[first], "--") == 0) {
			first++;
			break;
		} else {
			usage();
			return 2;
		}
	}
	if (first >= argc) {
		usage();
		return 2;
	}
	for (int i = first; i < argc; i++)
		run_script(argv[i], verbose, slices, &passed, &failed,
			   &skipped);
	printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
