/*
 * options.c — the options shared by `wrr run` and `wrr record`
 * (wrr_run_options_parse). Option names follow wasmtime's where it has one.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

void wrr_run_options_usage(FILE *f, bool record)
{
	fputs("Options:\n"
	      "  --dir HOST[::GUEST]   preopen host directory HOST as GUEST\n"
	      "                        (default: GUEST = HOST), read-write\n"
	      "  --dir-ro HOST[::GUEST]\n"
	      "                        the same, read-only (no write rights)\n"
	      "  --env NAME[=VALUE]    set a guest environment variable; a bare\n"
	      "                        NAME inherits the host's value (skipped\n"
	      "                        if unset on the host)\n"
	      "  --invoke NAME         call export NAME instead of _start (after\n"
	      "                        _initialize if exported); ARGS are its\n"
	      "                        parameters (i32/i64: decimal or 0x hex,\n"
	      "                        f32/f64: decimal, nan, inf; v128:\n"
	      "                        i32x4:1,2,3,4 (also i8x16, i16x8, i64x2,\n"
	      "                        f32x4, f64x2), 0x + up to 32 hex digits,\n"
	      "                        or a 128-bit decimal); results are\n"
	      "                        printed one per line (v128 as a 128-bit\n"
	      "                        unsigned decimal, as wasmtime does)\n"
	      "  --tcplisten HOST:PORT bind and listen on a TCP socket, given to\n"
	      "                        the guest as the fd after the preopens\n"
	      "                        (PORT 1..65535; [V6ADDR]:PORT for IPv6)\n"
	      "  --fuel N              stop after N internal instructions; a run\n"
	      "                        out of fuel prints an error and exits 1\n"
	      "  --max-memory BYTES    cap each linear memory (rounded down to\n"
	      "                        64 KiB pages; K/M/G suffixes accepted);\n"
	      "                        memory.grow beyond fails\n"
	      "  --max-stack FRAMES    maximum Wasm call depth in frames\n"
	      "                        (default 10000); deeper is a trap\n"
	      "                        \"call stack exhausted\"\n"
	      "  --max-stack-slots N   value-stack size in 64-bit slots\n"
	      "                        (default 1048576 = 8 MiB)\n", f);
	if (record)
		fputs("  -o, --output TRACE    write the trace to TRACE (default: a\n"
		      "                        new MODULE-N.wrr in the current\n"
		      "                        directory)\n"
		      "  --no-embed-module     do not copy the module into the trace\n"
		      "  --compress            compress the trace (zstd)\n", f);
	fputs("  -h, --help            print this help\n"
	      "  --                    end of options\n", f);
}

static void print_help(bool record)
{
	printf("Usage: wrr %s [OPTIONS] MODULE [ARGS...]\n\n",
	       record ? "record" : "run");
	if (record)
		fputs("Runs MODULE exactly as `wrr run` does and records a trace "
		      "of every\nimport call, for `wrr replay`.\n\n", stdout);
	fputs("MODULE is a WASI (preview1) command; ARGS are its arguments, "
	      "after argv[0],\nwhich is MODULE as given. Exit status: the "
	      "guest's proc_exit code (0..255;\nothers exit 1), 0 when _start "
	      "returns, 134 on a trap (message and Wasm\nbacktrace on stderr), "
	      "1 on errors, 2 on a bad command line.\n\n", stdout);
	wrr_run_options_usage(stdout, record);
}

static bool fail(const char *fmt, const char *a, const char *b)
{
	fputs("wrr: error: ", stderr);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	return false;
}

/* Parses a decimal or 0x-hex unsigned 64-bit number with an optional K/M/G
 * (binary) suffix when suffixes is true. Refuses a sign, white space, a
 * leading 0 before more digits (no octal surprise), anything after the
 * number, and values that do not fit in 64 bits (also after the suffix). */
static bool parse_u64(const char *s, bool suffixes, uint64_t *out)
{
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	const char *digits = hex ? s + 2 : s;
	if (hex ? !isxdigit((unsigned char)*digits)
		: !isdigit((unsigned char)*digits))
		return false;
	if (!hex && digits[0] == '0' && isdigit((unsigned char)digits[1]))
		return false;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(digits, &end, hex ? 16 : 10);
	if (errno != 0 || end == digits)
		return false;
	unsigned shift = 0;
	if (suffixes && *end != '\0' && end[1] == '\0') {
		switch (*end) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		default: return false;
		}
		end++;
		if (v > (UINT64_MAX >> shift))
			return false;
	}
	if (*end != '\0')
		return false;
	*out = (uint64_t)v << shift;
	return true;
}

/* Checks the syntax of a --tcplisten value: HOST:PORT or [V6ADDR]:PORT,
 * HOST non-empty (at most 255 bytes), PORT decimal digits in 1..65535.
 * Whether HOST resolves and the port can be bound is found out when the
 * socket is opened (session.c). */
static bool check_listen(const char *addr)
{
	const char *colon = strrchr(addr, ':');
	if (colon == NULL || colon == addr || (size_t)(colon - addr) > 255)
		return fail("--tcplisten: expected HOST:PORT, got '%s'%s",
			    addr, "");
	if (addr[0] == '[' && colon[-1] != ']')
		return fail("--tcplisten: expected [ADDRESS]:PORT, got '%s'%s",
			    addr, "");
	unsigned long port = 0;
	const char *p = colon + 1;
	for (; *p >= '0' && *p <= '9' && port <= 65535; p++)
		port = port * 10 + (unsigned long)(*p - '0');
	if (p == colon + 1 || *p != '\0' || port < 1 || port > 65535)
		return fail("--tcplisten: bad port in '%s' (expected a number "
			    "from 1 to 65535)%s", addr, "");
	return true;
}

static bool push(void **arr, uint32_t *count, size_t elem, const void *item)
{
	void *n = realloc(*arr, (size_t)(*count + 1) * elem);
	if (n == NULL)
		return false;
	memcpy((char *)n + (size_t)*count * elem, item, elem);
	*arr = n;
	(*count)++;
	return true;
}

static bool add_dir(struct wrr_run_options *opts, char *arg, bool ro)
{
	struct wrr_dir_map d = {arg, arg, ro};
	/* HOST::GUEST (wasmtime). The host part is taken up to the first
	 * "::" so a guest name may itself contain colons. The separator is
	 * overwritten with NUL: both halves then point into argv. */
	char *sep = strstr(arg, "::");
	if (arg[0] == '\0' || sep == arg || (sep != NULL && sep[2] == '\0'))
		return fail("--dir: empty host or guest directory in '%s'%s",
			    arg, "");
	if (sep != NULL) {
		*sep = '\0';
		d.guest = sep + 2;
	}
	if (!push((void **)&opts->dirs, &opts->dir_count, sizeof d, &d))
		return fail("out of memory%s%s", "", "");
	return true;
}

static bool add_env(struct wrr_run_options *opts, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
	if (name_len == 0)
		return fail("--env: empty variable name in '%s'%s", arg, "");
	char *s;
	if (eq != NULL) {
		s = strdup(arg);
	} else {
		const char *v = getenv(arg);
		if (v == NULL)
			return true; /* unset on the host: nothing inherited */
		size_t vl = strlen(v);
		s = malloc(name_len + vl + 2);
		if (s != NULL) {
			memcpy(s, arg, name_len);
			s[name_len] = '=';
			memcpy(s + name_len + 1, v, vl + 1);
		}
	}
	if (s == NULL)
		return fail("out of memory%s%s", "", "");
	/* A later --env for the same name replaces the earlier one. */
	for (uint32_t i = 0; i < opts->env_count; i++) {
		if (strncmp(opts->env[i], s, name_len + 1) == 0) {
			free(opts->env[i]);
			opts->env[i] = s;
			return true;
		}
	}
	if (!push((void **)&opts->env, &opts->env_count, sizeof s, &s)) {
		free(s);
		return fail("out of memory%s%s", "", "");
	}
	return true;
}

void wrr_run_options_free(struct wrr_run_options *opts)
{
	for (uint32_t i = 0; i < opts->env_count; i++)
		free(opts->env[i]);
	free(opts->env);
	free(opts->dirs);
	free(opts->tcplisten);
	bool help = opts->help_shown;
	memset(opts, 0, sizeof *opts);
	opts->help_shown = help;
}

/* Which options take a value. */
enum opt_id {
	OPT_DIR, OPT_DIR_RO, OPT_ENV, OPT_INVOKE, OPT_TCPLISTEN, OPT_FUEL,
	OPT_MAX_MEMORY, OPT_MAX_STACK, OPT_MAX_STACK_SLOTS, OPT_OUTPUT,
	OPT_NO_EMBED, OPT_COMPRESS, OPT_HELP,
};

struct opt_def {
	const char *name;
	enum opt_id id;
	bool has_value;
	bool record_only;
};

static const struct opt_def opt_defs[] = {
	{"--dir", OPT_DIR, true, false},
	{"--dir-ro", OPT_DIR_RO, true, false},
	{"--env", OPT_ENV, true, false},
	{"--invoke", OPT_INVOKE, true, false},
	{"--tcplisten", OPT_TCPLISTEN, true, false},
	{"--fuel", OPT_FUEL, true, false},
	{"--max-memory", OPT_MAX_MEMORY, true, false},
	{"--max-stack", OPT_MAX_STACK, true, false},
	{"--max-stack-slots", OPT_MAX_STACK_SLOTS, true, false},
	{"-o", OPT_OUTPUT, true, true},
	{"--output", OPT_OUTPUT, true, true},
	{"--no-embed-module", OPT_NO_EMBED, false, true},
	{"--compress", OPT_COMPRESS, false, true},
	{"-h", OPT_HELP, false, false},
	{"--help", OPT_HELP, false, false},
};

static bool apply(struct wrr_run_options *opts, enum opt_id id, char *val,
		  bool record)
{
	uint64_t n;
	switch (id) {
	case OPT_DIR:
		return add_dir(opts, val, false);
	case OPT_DIR_RO:
		return add_dir(opts, val, true);
	case OPT_ENV:
		return add_env(opts, val);
	case OPT_INVOKE:
		if (val[0] == '\0')
			return fail("--invoke: empty export name%s%s", "", "");
		opts->invoke = val;
		return true;
	case OPT_TCPLISTEN:
		if (!check_listen(val))
			return false;
		if (!push((void **)&opts->tcplisten, &opts->tcplisten_count,
			  sizeof(const char *), &val))
			return fail("out of memory%s%s", "", "");
		return true;
	case OPT_FUEL:
		if (!parse_u64(val, false, &opts->fuel))
			return fail("--fuel: bad number '%s' (expected 0 to "
				    "2^64-1, decimal or 0x hex)%s", val, "");
		return true;
	case OPT_MAX_MEMORY:
		if (!parse_u64(val, true, &n))
			return fail("--max-memory: bad size '%s' (expected bytes,"
				    " decimal or 0x hex, K/M/G suffix)%s", val,
				    "");
		n /= 65536;
		opts->limits.max_memory_pages = n > 65536 ? 65536 : (uint32_t)n;
		return true;
	case OPT_MAX_STACK:
		if (!parse_u64(val, false, &n) || n == 0 || n > UINT32_MAX)
			return fail("--max-stack: bad frame count '%s' "
				    "(expected 1 to 4294967295)%s", val, "");
		opts->limits.max_call_depth = (uint32_t)n;
		return true;
	case OPT_MAX_STACK_SLOTS:
		if (!parse_u64(val, false, &n) || n == 0 || n > UINT32_MAX)
			return fail("--max-stack-slots: bad slot count '%s' "
				    "(expected 1 to 4294967295)%s", val, "");
		opts->limits.max_stack_slots = (uint32_t)n;
		return true;
	case OPT_OUTPUT:
		if (val[0] == '\0')
			return fail("-o: empty trace path%s%s", "", "");
		opts->trace_path = val;
		return true;
	case OPT_NO_EMBED:
		opts->embed_module = false;
		return true;
	case OPT_COMPRESS:
		opts->compress = true;
		return true;
	case OPT_HELP:
		print_help(record);
		opts->help_shown = true;
		return false;
	}
	return false;
}

bool wrr_run_options_parse(int argc, char **argv, bool record,
			   struct wrr_run_options *opts)
{
	memset(opts, 0, sizeof *opts);
	opts->fuel = UINT64_MAX;
	opts->embed_module = true;
	wrr_limits_default(&opts->limits);
	const char *cmd = argc > 0 ? argv[0] : (record ? "record" : "run");

	int i = 1;
	for (; i < argc; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break; /* the module path ("-" is a path too) */
		const struct opt_def *def = NULL;
		char *val = NULL;
		size_t n = sizeof opt_defs / sizeof opt_defs[0];
		for (size_t k = 0; k < n && def == NULL; k++) {
			size_t len = strlen(opt_defs[k].name);
			if (strncmp(a, opt_defs[k].name, len) != 0)
				continue;
			if (a[len] == '\0')
				def = &opt_defs[k];
			else if (a[len] == '=' && opt_defs[k].has_value)
				def = &opt_defs[k], val = a + len + 1;
		}
		if (def == NULL || (def->record_only && !record)) {
			fail("%s: unknown option '%s' (see --help)", cmd, a);
			goto bad;
		}
		if (def->has_value && val == NULL) {
			if (i + 1 >= argc) {
				fail("%s: option '%s' needs a value", cmd, a);
				goto bad;
			}
			val = argv[++i];
		}
		if (!apply(opts, def->id, val, record))
			goto bad;
	}
	if (i >= argc) {
		fail("%s: missing MODULE (see 'wrr %s --help')", cmd, cmd);
		goto bad;
	}
	opts->module_path = argv[i];
	opts->guest_argc = argc - i;
	opts->guest_argv = argv + i;
	return true;
bad:
	wrr_run_options_free(opts);
	return false;
}
