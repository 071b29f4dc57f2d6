/*
 * interp_probe — a stop-gap runner for the compute benchmarks on libwrr,
 * used to calibrate the suite before `wrr run` existed. It links the
 * library's engine only (not its WASI host) and provides the handful of
 * wasi_snapshot_preview1 functions a compute program needs: args_*,
 * environ_* (empty), fd_write to stdout/stderr, fd_fdstat_get, fd_seek and
 * fd_close (EBADF), proc_exit. Anything else traps at call time.
 *
 * usage: interp_probe MODULE.wasm [ARGS...]
 * build: cc -O2 -Iinclude bench/tools/interp_probe.c build/release/libwrr.a -lm
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wrr.h"

struct probe {
	int argc;
	char **argv;
};

static enum wrr_status host_trap(struct wrr_host_call *c, const char *what)
{
	snprintf(c->err->message, sizeof(c->err->message),
		 "interp_probe: %s not provided", what);
	c->err->status = WRR_TRAP;
	c->err->trap = WRR_TRAP_HOST;
	return WRR_TRAP;
}

static enum wrr_status args_sizes_get(struct wrr_host_call *c)
{
	struct probe *p = c->env;
	uint32_t bytes = 0;

	for (int i = 0; i < p->argc; i++)
		bytes += (uint32_t)strlen(p->argv[i]) + 1;
	wrr_memory_write_u32(c->memory, wrr_gptr_at((uint32_t)c->args[0]),
			     (uint32_t)p->argc);
	wrr_memory_write_u32(c->memory, wrr_gptr_at((uint32_t)c->args[1]),
			     bytes);
	c->results[0] = 0;
	return WRR_OK;
}

static enum wrr_status args_get(struct wrr_host_call *c)
{
	struct probe *p = c->env;
	uint32_t ptrs = (uint32_t)c->args[0], buf = (uint32_t)c->args[1];

	for (int i = 0; i < p->argc; i++) {
		uint32_t len = (uint32_t)strlen(p->argv[i]) + 1;

		wrr_memory_write_u32(c->memory, wrr_gptr_at(ptrs + 4 * i), buf);
		wrr_memory_write(c->memory, wrr_gptr_at(buf), p->argv[i], len);
		buf += len;
	}
	c->results[0] = 0;
	return WRR_OK;
}

static enum wrr_status environ_sizes_get(struct wrr_host_call *c)
{
	wrr_memory_write_u32(c->memory, wrr_gptr_at((uint32_t)c->args[0]), 0);
	wrr_memory_write_u32(c->memory, wrr_gptr_at((uint32_t)c->args[1]), 0);
	c->results[0] = 0;
	return WRR_OK;
}

static enum wrr_status environ_get(struct wrr_host_call *c)
{
	c->results[0] = 0;
	return WRR_OK;
}

static enum wrr_status fd_write(struct wrr_host_call *c)
{
	uint32_t fd = (uint32_t)c->args[0], iovs = (uint32_t)c->args[1];
	uint32_t n = (uint32_t)c->args[2], total = 0;
	static char buf[1 << 16];

	if (fd != 1 && fd != 2) {
		c->results[0] = 8; /* EBADF */
		return WRR_OK;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t base, len;

		wrr_memory_read_u32(c->memory, wrr_gptr_at(iovs + 8 * i), &base);
		wrr_memory_read_u32(c->memory, wrr_gptr_at(iovs + 8 * i + 4),
				    &len);
		while (len > 0) {
			uint32_t k = len < sizeof(buf) ? len : sizeof(buf);

			if (!wrr_memory_read(c->memory, wrr_gptr_at(base), buf, k)) {
				c->results[0] = 21; /* EFAULT */
				return WRR_OK;
			}
			if (write((int)fd, buf, k) != (ssize_t)k) {
				c->results[0] = 29; /* EIO */
				return WRR_OK;
			}
			base += k;
			len -= k;
			total += k;
		}
	}
	wrr_memory_write_u32(c->memory, wrr_gptr_at((uint32_t)c->args[3]), total);
	c->results[0] = 0;
	return WRR_OK;
}

static enum wrr_status fd_fdstat_get(struct wrr_host_call *c)
{
	uint8_t st[24] = { 2 }; /* character device, no flags, all rights */

	if (c->args[0] > 2) {
		c->results[0] = 8;
		return WRR_OK;
	}
	memset(st + 8, 0xff, 16);
	wrr_memory_write(c->memory, wrr_gptr_at((uint32_t)c->args[1]), st, 24);
	c->results[0] = 0;
	return WRR_OK;
}

static enum wrr_status ebadf(struct wrr_host_call *c)
{
	c->results[0] = 8;
	return WRR_OK;
}

static enum wrr_status proc_exit(struct wrr_host_call *c)
{
	c->err->status = WRR_EXIT;
	c->err->exit_code = (int32_t)c->args[0];
	return WRR_EXIT;
}

static enum wrr_status unsupported(struct wrr_host_call *c)
{
	const char *module, *name;

	wrr_func_host_names(c->func, &module, &name);
	return host_trap(c, name);
}

static const struct {
	const char *name;
	wrr_host_fn fn;
} provided[] = {
	{ "args_sizes_get", args_sizes_get },
	{ "args_get", args_get },
	{ "environ_sizes_get", environ_sizes_get },
	{ "environ_get", environ_get },
	{ "fd_write", fd_write },
	{ "fd_fdstat_get", fd_fdstat_get },
	{ "fd_seek", ebadf },
	{ "fd_close", ebadf },
	{ "fd_prestat_get", ebadf },
	{ "proc_exit", proc_exit },
};

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

int main(int argc, char **argv)
{
	struct probe probe = { argc - 1, argv + 1 };
	struct wrr_error err;
	struct wrr_module *module;
	struct wrr_store *store;
	struct wrr_instance *inst;
	struct wrr_extern start, *imports;
	uint32_t n;
	size_t size;
	uint8_t *bytes;
	char line[700];

	if (argc < 2) {
		fprintf(stderr, "usage: interp_probe MODULE.wasm [ARGS...]\n");
		return 2;
	}
	bytes = read_file(argv[1], &size);
	if (!bytes) {
		perror(argv[1]);
		return 1;
	}
	wrr_error_clear(&err);
	if (wrr_module_decode(bytes, size, &module, &err) != WRR_OK ||
	    wrr_module_validate(module, &err) != WRR_OK) {
		fprintf(stderr, "%s\n", wrr_error_format(&err, line, sizeof(line)));
		return 1;
	}
	store = wrr_store_new(NULL);
	n = wrr_module_import_count(module);
	imports = calloc(n ? n : 1, sizeof(*imports));
	for (uint32_t i = 0; i < n; i++) {
		struct wrr_import_desc d;
		wrr_host_fn fn = unsupported;
		char name[64];

		wrr_module_import(module, i, &d);
		snprintf(name, sizeof(name), "%.*s", (int)d.name_len, d.name);
		for (size_t k = 0; k < sizeof(provided) / sizeof(provided[0]); k++)
			if (strcmp(provided[k].name, name) == 0)
				fn = provided[k].fn;
		imports[i].kind = WRR_EXTERN_FUNC;
		imports[i].of.func = wrr_func_new_host(store, d.functype,
						       "wasi_snapshot_preview1",
						       name, fn, &probe);
	}
	if (wrr_instantiate(store, module, imports, n, &inst, &err) != WRR_OK ||
	    !wrr_instance_export(inst, "_start", 6, &start)) {
		fprintf(stderr, "%s\n", wrr_error_format(&err, line, sizeof(line)));
		return 1;
	}
	if (wrr_func_call(store, start.of.func, NULL, 0, NULL, 0, &err) != WRR_OK) {
		if (err.status == WRR_EXIT)
			return err.exit_code;
		fprintf(stderr, "%s\n", wrr_error_format(&err, line, sizeof(line)));
		return 134;
	}
	return 0;
}
