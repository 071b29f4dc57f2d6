/*
 * wasi.c — the WASI context (struct wrr_wasi): creation from a
 * struct wrr_wasi_config (arguments, environment, stdio, preopened
 * directories, listening sockets), freeing, and linking a module's
 * wasi_snapshot_preview1 imports to host functions.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "module.h"
#include "wasi/functions.h"
#include "wasi/wasi_internal.h"

#define WASI_MODULE_NAME "wasi_snapshot_preview1"

/* Packs n NUL-terminated strings into one buffer (args or environ). */
static enum wrr_status pack_strings(int n, char *const *strs, uint32_t *count,
				    uint32_t *size, char **buf,
				    struct wrr_error *err)
{
	uint64_t total = 0;
	if (n < 0 || (n > 0 && strs == NULL))
		return wrr_error_set(err, WRR_HOST, "wasi: bad argument list");
	for (int i = 0; i < n; i++)
		total += strlen(strs[i]) + 1;
	if (total > UINT32_MAX / 2)
		return wrr_error_set(err, WRR_HOST,
				     "wasi: arguments or environment too large");
	*buf = malloc(total ? total : 1);
	if (*buf == NULL)
		return wrr_error_set(err, WRR_NOMEM, "wasi: out of memory");
	char *p = *buf;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(strs[i]) + 1;
		memcpy(p, strs[i], len);
		p += len;
	}
	*count = (uint32_t)n;
	*size = (uint32_t)total;
	return WRR_OK;
}

/* Fills slot fd of the table with a host fd given by the embedder. */
static void adopt_fd(struct wrr_wasi *wasi, uint32_t fd, int host_fd)
{
	struct wrr_wasi_fd *e = &wasi->fds[fd];
	struct stat st;
	if (host_fd < 0 || fstat(host_fd, &st) != 0)
		return; /* absent: the guest sees EBADF */
	e->host_fd = host_fd;
	e->owned = false;
	e->filetype = wrr_wasi_filetype_of_mode(st.st_mode, host_fd);
	wrr_wasi_rights_for(e->filetype, isatty(host_fd), &e->rights_base,
			    &e->rights_inheriting);
}

static enum wrr_status open_preopen(struct wrr_wasi *wasi, uint32_t fd,
				    const struct wrr_wasi_preopen *pre,
				    struct wrr_error *err)
{
	if (pre->host_path == NULL || pre->guest_path == NULL)
		return wrr_error_set(err, WRR_HOST, "wasi: preopen without path");
	int host_fd = open(pre->host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (host_fd < 0)
		return wrr_error_set(err, WRR_HOST,
				     "cannot open directory '%s': %s",
				     pre->host_path, strerror(errno));
	struct wrr_wasi_fd *e = &wasi->fds[fd];
	e->host_fd = host_fd;
	e->owned = true;
	e->filetype = WASI_FILETYPE_DIRECTORY;
	wrr_wasi_rights_for(e->filetype, false, &e->rights_base,
			    &e->rights_inheriting);
	if (pre->read_only) {
		e->read_only = true;
		e->rights_base &= ~WRR_WASI_WRITE_RIGHTS;
	}
	size_t len = strlen(pre->guest_path);
	e->preopen_name = malloc(len + 1);
	if (e->preopen_name == NULL || len > UINT32_MAX)
		return wrr_error_set(err, WRR_NOMEM, "wasi: out of memory");
	memcpy(e->preopen_name, pre->guest_path, len + 1);
	e->preopen_name_len = (uint32_t)len;
	return WRR_OK;
}

enum wrr_status wrr_wasi_new(const struct wrr_wasi_config *cfg,
			     struct wrr_wasi **out, struct wrr_error *err)
{
	*out = NULL;
	struct wrr_wasi *wasi = calloc(1, sizeof *wasi);
	if (wasi == NULL)
		return wrr_error_set(err, WRR_NOMEM, "wasi: out of memory");
	enum wrr_status st = pack_strings(cfg->argc, cfg->argv, &wasi->argc,
					  &wasi->args_size, &wasi->args_buf,
					  err);
	if (st == WRR_OK)
		st = pack_strings(cfg->envc, cfg->env, &wasi->envc,
				  &wasi->env_size, &wasi->env_buf, err);
	if (st != WRR_OK)
		goto fail;

	uint64_t slots = 3 + (uint64_t)cfg->preopen_count + cfg->listen_count;
	if (slots > WRR_WASI_FD_MAX ||
	    (cfg->preopen_count && cfg->preopens == NULL) ||
	    (cfg->listen_count && cfg->listen_fds == NULL)) {
		st = wrr_error_set(err, WRR_HOST, "wasi: bad descriptor list");
		goto fail;
	}
	wasi->scratch = malloc(WRR_WASI_SCRATCH);
	wasi->fds = calloc(slots, sizeof *wasi->fds);
	if (wasi->scratch == NULL || wasi->fds == NULL) {
		st = wrr_error_set(err, WRR_NOMEM, "wasi: out of memory");
		goto fail;
	}
	wasi->fd_cap = (uint32_t)slots;
	for (uint32_t i = 0; i < wasi->fd_cap; i++)
		wasi->fds[i].host_fd = -1;
	adopt_fd(wasi, 0, cfg->stdin_fd);
	adopt_fd(wasi, 1, cfg->stdout_fd);
	adopt_fd(wasi, 2, cfg->stderr_fd);
	for (uint32_t i = 0; i < cfg->preopen_count; i++) {
		st = open_preopen(wasi, 3 + i, &cfg->preopens[i], err);
		if (st != WRR_OK)
			goto fail;
	}
	for (uint32_t i = 0; i < cfg->listen_count; i++)
		adopt_fd(wasi, 3 + cfg->preopen_count + i, cfg->listen_fds[i]);
	wasi->use_openat2 = wrr_wasi_have_openat2();
	*out = wasi;
	return WRR_OK;
fail:
	wrr_wasi_free(wasi);
	return st;
}

void wrr_wasi_free(struct wrr_wasi *wasi)
{
	if (wasi == NULL)
		return;
	for (uint32_t i = 0; i < wasi->fd_cap; i++)
		wrr_wasi_fd_release(wasi, i);
	free(wasi->fds);
	free(wasi->scratch);
	free(wasi->args_buf);
	free(wasi->env_buf);
	free(wasi);
}

void wrr_wasi_set_openat2(struct wrr_wasi *wasi, bool use)
{
	wasi->use_openat2 = use && wrr_wasi_have_openat2();
}

static enum wrr_valtype valtype_of(char c)
{
	return c == 'I' ? WRR_I64 : WRR_I32;
}

/* True if the import's type equals the table row's signature. */
static bool type_matches(const struct wrr_functype *t,
			 const struct wrr_wasi_function *f)
{
	size_t np = strlen(f->params), nr = strlen(f->results);
	if (t == NULL || t->param_count != np || t->result_count != nr)
		return false;
	for (size_t i = 0; i < np; i++)
		if (t->params[i] != valtype_of(f->params[i]))
			return false;
	for (size_t i = 0; i < nr; i++)
		if (t->results[i] != valtype_of(f->results[i]))
			return false;
	return true;
}

static bool name_is(const char *s, uint32_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

enum wrr_status wrr_wasi_link(struct wrr_wasi *wasi, struct wrr_store *store,
			      const struct wrr_module *module,
			      struct wrr_extern *imports,
			      struct wrr_error *err)
{
	uint32_t n = wrr_module_import_count(module);
	for (uint32_t i = 0; i < n; i++) {
		struct wrr_import_desc d;
		wrr_module_import(module, i, &d);
		if (name_is(d.module_name, d.module_name_len, "wasi_unstable"))
			return wrr_error_set(
				err, WRR_LINK,
				"import \"wasi_unstable\".\"%.*s\": WASI snapshot 0 is not supported (only %s)",
				(int)d.name_len, d.name, WASI_MODULE_NAME);
		if (!name_is(d.module_name, d.module_name_len,
			     WASI_MODULE_NAME))
			continue;
		const struct wrr_wasi_function *f =
			wrr_wasi_function_find(d.name, d.name_len);
		if (f == NULL || d.kind != WRR_EXTERN_FUNC)
			return wrr_error_set(
				err, WRR_LINK,
				"import \"%s\".\"%.*s\": unknown WASI %s",
				WASI_MODULE_NAME, (int)d.name_len, d.name,
				f == NULL ? "function" : "import kind");
		if (!type_matches(d.functype, f))
			return wrr_error_set(
				err, WRR_LINK,
				"import \"%s\".\"%s\": incompatible import type (WASI expects (%s) -> (%s), i=i32 I=i64)",
				WASI_MODULE_NAME, f->name, f->params,
				f->results);
		enum wrr_valtype params[16], results[1];
		size_t np = strlen(f->params), nr = strlen(f->results);
		for (size_t k = 0; k < np; k++)
			params[k] = valtype_of(f->params[k]);
		for (size_t k = 0; k < nr; k++)
			results[k] = valtype_of(f->results[k]);
		struct wrr_functype type = {
			.param_count = (uint32_t)np,
			.result_count = (uint32_t)nr,
			.params = params,
			.results = results,
		};
		struct wrr_func *fn = wrr_func_new_host(
			store, &type, WASI_MODULE_NAME, f->name, f->fn, wasi);
		if (fn == NULL)
			return wrr_error_set(err, WRR_NOMEM,
					     "wasi: out of memory");
		imports[i].kind = WRR_EXTERN_FUNC;
		imports[i].of.func = fn;
	}
	return WRR_OK;
}
