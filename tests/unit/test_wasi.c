/*
 * test_wasi.c — unit tests of the WASI host (src/wasi): the sandboxed path
 * resolver called directly (escapes by `..`, absolute paths, absolute and
 * relative symlinks, chained symlinks, loops, dangling links, O_CREAT
 * through links), in both resolver modes (openat2 and the manual walk), and
 * the host functions called directly with a real store memory: args,
 * prestat, open/read/write/seek, read-only preopens, EFAULT on bad guest
 * pointers, readdir cookies over a large directory, EPIPE, poll_oneoff,
 * clocks, proc_exit, renumber, symlink/readlink, rights, sockets, and the
 * write observer seeing every byte the host writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/functions.h"
#include "wasi/wasi.h"
#include "wasi/wasi_internal.h"

/* ------------------------------------------------------------- fixture */

/* tmp/
 *   outside/secret
 *   root/            (the sandbox)
 *     file           "hello"
 *     dir/inner      "inner"
 *     dir/link_parent -> ../file
 *     dir/link_esc   -> ../../outside
 *     link_in        -> dir/inner
 *     link_dotdot_ok -> dir/../file
 *     link_out_abs   -> /etc
 *     link_out_rel   -> ../outside
 *     chain1 -> chain2 -> dir/link_esc
 *     chain_ok1 -> chain_ok2 -> file
 *     loop1 <-> loop2, selfloop -> selfloop
 *     dangling       -> nonexistent
 *     dangling_out   -> ../created_outside
 *     link_dir       -> dir
 */
struct fixture {
	char tmp[256];
	char root[300];
	char outside[300];
	int root_fd;
};

static void xsymlink(const char *target, const char *root, const char *name)
{
	char p[600];
	snprintf(p, sizeof p, "%s/%s", root, name);
	assert_int_equal(symlink(target, p), 0);
}

static void xwrite(const char *dir, const char *name, const char *data)
{
	char p[600];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(data, f);
	fclose(f);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	snprintf(fx->tmp, sizeof fx->tmp, "/tmp/wrr_wasi_test.XXXXXX");
	if (mkdtemp(fx->tmp) == NULL)
		return -1;
	snprintf(fx->root, sizeof fx->root, "%s/root", fx->tmp);
	snprintf(fx->outside, sizeof fx->outside, "%s/outside", fx->tmp);
	mkdir(fx->root, 0755);
	mkdir(fx->outside, 0755);
	char dir[400];
	snprintf(dir, sizeof dir, "%s/dir", fx->root);
	mkdir(dir, 0755);
	xwrite(fx->outside, "secret", "secret");
	xwrite(fx->root, "file", "hello");
	xwrite(dir, "inner", "inner");
	xsymlink("../file", fx->root, "dir/link_parent");
	xsymlink("../../outside", fx->root, "dir/link_esc");
	xsymlink("dir/inner", fx->root, "link_in");
	xsymlink("dir/../file", fx->root, "link_dotdot_ok");
	xsymlink("/etc", fx->root, "link_out_abs");
	xsymlink("../outside", fx->root, "link_out_rel");
	xsymlink("chain2", fx->root, "chain1");
	xsymlink("dir/link_esc", fx->root, "chain2");
	xsymlink("chain_ok2", fx->root, "chain_ok1");
	xsymlink("file", fx->root, "chain_ok2");
	xsymlink("loop2", fx->root, "loop1");
	xsymlink("loop1", fx->root, "loop2");
	xsymlink("selfloop", fx->root, "selfloop");
	xsymlink("nonexistent", fx->root, "dangling");
	xsymlink("../created_outside", fx->root, "dangling_out");
	xsymlink("dir", fx->root, "link_dir");
	fx->root_fd = open(fx->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fx->root_fd < 0)
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[400];
	close(fx->root_fd);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->tmp);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

/* The resolver modes to test: manual walk always, openat2 if present. */
static int modes(bool out[2])
{
	int n = 0;
	out[n++] = false;
	if (wrr_wasi_have_openat2())
		out[n++] = true;
	return n;
}

/* Opens path read-only in the sandbox: the WASI errno. On success reads the
 * file into buf (if given) and closes it. */
static uint16_t sb_open(struct fixture *fx, const char *path, bool follow,
			bool openat2, int flags, char *buf, size_t size)
{
	int fd = -1;
	uint16_t e = wrr_wasi_sandbox_open(fx->root_fd, path, flags, 0644,
					   follow, openat2, &fd);
	if (e)
		return e;
	if (buf) {
		ssize_t n = read(fd, buf, size - 1);
		buf[n > 0 ? n : 0] = '\0';
	}
	close(fd);
	return 0;
}

struct open_case {
	const char *path;
	bool follow;
	uint16_t want;
	const char *content; /* expected file content when want == 0 */
};

static void test_sandbox_open_cases(void **state)
{
	struct fixture *fx = *state;
	static const struct open_case cases[] = {
		{"file", true, 0, "hello"},
		{"./file", true, 0, "hello"},
		{"dir/../file", true, 0, "hello"},
		{"dir//inner", true, 0, "inner"},
		{"dir/./inner", true, 0, "inner"},
		{"link_in", true, 0, "inner"},
		{"link_dotdot_ok", true, 0, "hello"},
		{"dir/link_parent", true, 0, "hello"},
		{"chain_ok1", true, 0, "hello"},
		{"link_dir/inner", false, 0, "inner"},
		{"link_dir/../file", false, 0, "hello"},
		/* escapes */
		{"..", true, WASI_ENOTCAPABLE, NULL},
		{"../outside/secret", true, WASI_ENOTCAPABLE, NULL},
		{"dir/../../outside/secret", true, WASI_ENOTCAPABLE, NULL},
		{"dir/../..", true, WASI_ENOTCAPABLE, NULL},
		{"/etc/passwd", true, WASI_ENOTCAPABLE, NULL},
		{"/", true, WASI_ENOTCAPABLE, NULL},
		{"link_out_abs/passwd", true, WASI_ENOTCAPABLE, NULL},
		{"link_out_abs/passwd", false, WASI_ENOTCAPABLE, NULL},
		{"link_out_abs", true, WASI_ENOTCAPABLE, NULL},
		{"link_out_rel/secret", true, WASI_ENOTCAPABLE, NULL},
		{"link_out_rel", true, WASI_ENOTCAPABLE, NULL},
		{"dir/link_esc/secret", true, WASI_ENOTCAPABLE, NULL},
		{"chain1/secret", true, WASI_ENOTCAPABLE, NULL},
		{"chain1", true, WASI_ENOTCAPABLE, NULL},
		/* a symlink as last component without follow */
		{"link_out_abs", false, WASI_ELOOP, NULL},
		{"link_in", false, WASI_ELOOP, NULL},
		/* loops */
		{"loop1", true, WASI_ELOOP, NULL},
		{"loop1/x", true, WASI_ELOOP, NULL},
		{"selfloop", true, WASI_ELOOP, NULL},
		/* misc */
		{"", true, WASI_ENOENT, NULL},
		{"dangling", true, WASI_ENOENT, NULL},
		{"nonexistent", true, WASI_ENOENT, NULL},
		{"file/x", true, WASI_ENOTDIR, NULL},
	};
	bool m[2];
	int nm = modes(m);
	for (int k = 0; k < nm; k++) {
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			char buf[64];
			uint16_t e = sb_open(fx, cases[i].path, cases[i].follow,
					     m[k], O_RDONLY, buf, sizeof buf);
			if (e != cases[i].want)
				fail_msg("open '%s' follow=%d openat2=%d: errno %u, want %u",
					 cases[i].path, cases[i].follow, m[k],
					 e, cases[i].want);
			if (e == 0 && cases[i].content)
				assert_string_equal(buf, cases[i].content);
		}
	}
}

static void test_sandbox_create_through_links(void **state)
{
	struct fixture *fx = *state;
	bool m[2];
	int nm = modes(m);
	char p[600];
	struct stat st;
	for (int k = 0; k < nm; k++) {
		/* A dangling link pointing outside: O_CREAT must not create. */
		assert_int_equal(sb_open(fx, "dangling_out", true, m[k],
					 O_WRONLY | O_CREAT, NULL, 0),
				 WASI_ENOTCAPABLE);
		snprintf(p, sizeof p, "%s/created_outside", fx->tmp);
		assert_int_not_equal(lstat(p, &st), 0);
		/* A dangling link inside: creates its target. */
		assert_int_equal(sb_open(fx, "dangling", true, m[k],
					 O_WRONLY | O_CREAT, NULL, 0),
				 0);
		snprintf(p, sizeof p, "%s/nonexistent", fx->root);
		assert_int_equal(lstat(p, &st), 0);
		assert_true(S_ISREG(st.st_mode));
		unlink(p);
		/* O_EXCL never follows: the link exists. */
		assert_int_equal(sb_open(fx, "dangling", true, m[k],
					 O_WRONLY | O_CREAT | O_EXCL, NULL, 0),
				 WASI_EEXIST);
		assert_int_not_equal(lstat(p, &st), 0);
		/* Without follow, O_CREAT on a link fails. */
		assert_int_equal(sb_open(fx, "dangling", false, m[k],
					 O_WRONLY | O_CREAT, NULL, 0),
				 WASI_ELOOP);
		assert_int_not_equal(lstat(p, &st), 0);
	}
}

static void test_sandbox_at(void **state)
{
	struct fixture *fx = *state;
	bool m[2];
	int nm = modes(m);
	struct wrr_wasi_at at;
	for (int k = 0; k < nm; k++) {
		/* Last component not followed: the link itself. */
		assert_int_equal(wrr_wasi_sandbox_at(fx->root_fd, "link_out_abs",
						     false, m[k], &at), 0);
		assert_string_equal(at.name, "link_out_abs");
		assert_false(at.trailing_slash);
		wrr_wasi_at_release(&at);
		/* Followed: an escape. */
		assert_int_equal(wrr_wasi_sandbox_at(fx->root_fd, "link_out_abs",
						     true, m[k], &at),
				 WASI_ENOTCAPABLE);
		assert_int_equal(at.dirfd, -1);
		assert_int_equal(wrr_wasi_sandbox_at(fx->root_fd, "chain1",
						     true, m[k], &at),
				 WASI_ENOTCAPABLE);
		assert_int_equal(wrr_wasi_sandbox_at(fx->root_fd, "loop1", true,
						     m[k], &at),
				 WASI_ELOOP);
		/* Followed inside: the final name, in its directory. */
		assert_int_equal(wrr_wasi_sandbox_at(fx->root_fd, "link_in",
						     true, m[k], &at), 0);
		assert_string_equal(at.name, "inner");
		struct stat st;
		assert_int_equal(fstatat(at.dirfd, at.name, &st,
					 AT_SYMLINK_NOFOLLOW), 0);
		assert_true(S_ISREG(st.st_mode));
		wrr_wasi_at_release(&at);
		/* Trailing slash is stripped and reported. */
		assert_int_equal(wrr_wasi_sandbox_at(fx->root_fd, "dir//", false,
						     m[k], &at), 0);
		assert_string_equal(at.name, "dir");
		assert_true(at.trailing_slash);
		wrr_wasi_at_release(&at);
		/* A path naming a directory itself: ".". */
		assert_int_equal(wrr_wasi_sandbox_at(fx->root_fd, "dir/..",
						     false, m[k], &at), 0);
		assert_string_equal(at.name, ".");
		wrr_wasi_at_release(&at);
		assert_int_equal(wrr_wasi_sandbox_at(fx->root_fd, "..", false,
						     m[k], &at),
				 WASI_ENOTCAPABLE);
		assert_int_equal(wrr_wasi_sandbox_at(fx->root_fd, "dir/../..",
						     false, m[k], &at),
				 WASI_ENOTCAPABLE);
		assert_int_equal(wrr_wasi_sandbox_at(fx->root_fd, "/x", false,
						     m[k], &at),
				 WASI_ENOTCAPABLE);
		assert_int_equal(wrr_wasi_sandbox_at(fx->root_fd,
						     "link_out_rel/x", false,
						     m[k], &at),
				 WASI_ENOTCAPABLE);
		/* Too long. */
		char *longp = malloc(5000);
		memset(longp, 'a', 4999);
		longp[4999] = '\0';
		assert_int_equal(wrr_wasi_sandbox_at(fx->root_fd, longp, false,
						     m[k], &at),
				 WASI_ENAMETOOLONG);
		for (int i = 0; i < 4998; i += 2)
			longp[i + 1] = '/';
		assert_int_equal(wrr_wasi_sandbox_at(fx->root_fd, longp, false,
						     m[k], &at),
				 WASI_ENAMETOOLONG);
		free(longp);
	}
}

/* A symlink planted outside while the walk is on the way cannot make it
 * escape: many `..` deep inside stay bounded. */
static void test_sandbox_deep_dotdot(void **state)
{
	struct fixture *fx = *state;
	bool m[2];
	int nm = modes(m);
	char prefix[2048] = "", path[2100];
	for (int i = 0; i < 50; i++)
		strcat(prefix, "dir/../");
	snprintf(path, sizeof path, "%sfile", prefix);
	for (int k = 0; k < nm; k++) {
		char buf[16];
		assert_int_equal(sb_open(fx, path, true, m[k], O_RDONLY, buf,
					 sizeof buf), 0);
		assert_string_equal(buf, "hello");
		char esc[2048];
		snprintf(esc, sizeof esc, "%s../outside/secret", prefix);
		assert_int_equal(sb_open(fx, esc, true, m[k], O_RDONLY, NULL, 0),
				 WASI_ENOTCAPABLE);
	}
}

/* A concurrent host process swapping a directory for a symlink pointing out
 * of the sandbox, while the guest opens a file through it: the open may
 * fail but must never reach the outside file. */
struct swapper {
	const char *root;
	volatile int stop;
};

static void *swap_loop(void *arg)
{
	struct swapper *sw = arg;
	char dir[600], tmp[600], link[600];
	snprintf(dir, sizeof dir, "%s/race", sw->root);
	snprintf(tmp, sizeof tmp, "%s/race_tmp", sw->root);
	snprintf(link, sizeof link, "%s/race", sw->root);
	while (!sw->stop) {
		if (rename(dir, tmp) != 0)
			continue;
		if (symlink("../outside", link) == 0)
			unlink(link);
		rename(tmp, dir);
		usleep(10); /* leave the directory in place for a moment */
	}
	return NULL;
}

static void test_sandbox_race(void **state)
{
	struct fixture *fx = *state;
	char dir[600];
	snprintf(dir, sizeof dir, "%s/race", fx->root);
	mkdir(dir, 0755);
	xwrite(dir, "secret", "inside");
	struct swapper sw = {fx->root, 0};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, swap_loop, &sw), 0);
	bool m[2];
	int nm = modes(m);
	for (int i = 0; i < 4000; i++) {
		char buf[16];
		uint16_t e = sb_open(fx, "race/secret", true, m[i % nm],
				     O_RDONLY, buf, sizeof buf);
		if (e == 0)
			assert_string_equal(buf, "inside");
		struct wrr_wasi_at at;
		if (wrr_wasi_sandbox_at(fx->root_fd, "race/secret", true,
					m[i % nm], &at) == 0) {
			char b[16] = {0};
			int fd = openat(at.dirfd, at.name,
					O_RDONLY | O_NOFOLLOW);
			if (fd >= 0) {
				assert_true(read(fd, b, sizeof b - 1) >= 0);
				assert_string_equal(b, "inside");
				close(fd);
			}
			wrr_wasi_at_release(&at);
		}
	}
	sw.stop = 1;
	pthread_join(t, NULL);
	/* Whether any open won the race depends on scheduling (a loaded
	 * machine may lose them all); once the swapping stops, it opens. */
	char buf[16];
	assert_int_equal(sb_open(fx, "race/secret", true, m[0], O_RDONLY, buf,
				 sizeof buf), 0);
	assert_string_equal(buf, "inside");
}

/* ------------------------------------------------------- host functions */

struct host {
	struct fixture *fx;
	struct wrr_store *store;
	struct wrr_memory *mem;
	struct wrr_wasi *wasi;
	struct wrr_error err;
	uint64_t observed; /* bytes seen by the write observer */
	int stdout_pipe[2];
	int devnull; /* the guest's stderr: never the test's own stdio */
};

static void observe(void *ctx, struct wrr_memory *memory, wrr_gptr at,
		    const void *bytes, uint32_t len)
{
	struct host *h = ctx;
	h->observed += len;
}

static struct host *host_new(struct fixture *fx, bool read_only,
			     const int *listen, uint32_t nlisten)
{
	struct host *h = calloc(1, sizeof *h);
	h->fx = fx;
	assert_int_equal(pipe(h->stdout_pipe), 0);
	h->devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	assert_true(h->devnull >= 0);
	static char *const argv[] = {"prog", "a1", "arg two", NULL};
	static char *const env[] = {"A=1", "LONGER=xyz", NULL};
	struct wrr_wasi_preopen pre[2] = {
		{fx->root, ".", read_only},
		{fx->outside, "/out", true},
	};
	struct wrr_wasi_config cfg = {
		.argc = 3, .argv = argv, .envc = 2, .env = env,
		.preopen_count = 2, .preopens = pre,
		.listen_count = nlisten, .listen_fds = listen,
		.stdin_fd = -1, .stdout_fd = h->stdout_pipe[1],
		.stderr_fd = h->devnull,
	};
	wrr_error_clear(&h->err);
	assert_int_equal(wrr_wasi_new(&cfg, &h->wasi, &h->err), WRR_OK);
	h->store = wrr_store_new(NULL);
	assert_non_null(h->store);
	h->mem = wrr_memory_new(h->store, 1, 1, true);
	assert_non_null(h->mem);
	struct wrr_write_observer obs = {observe, h};
	wrr_store_set_write_observer(h->store, &obs);
	return h;
}

static void host_free(struct host *h)
{
	wrr_wasi_free(h->wasi);
	wrr_store_free(h->store);
	close(h->stdout_pipe[0]);
	close(h->stdout_pipe[1]);
	close(h->devnull);
	free(h);
}

/* Calls WASI function fn with n u64 args; returns its i32 result (errno)
 * and *status the wrr_status (WRR_OK expected unless given). */
static uint32_t callv(struct host *h, wrr_host_fn fn, enum wrr_status *status,
		      int n, ...)
{
	uint64_t args[16] = {0}, results[1] = {0xdead};
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		args[i] = va_arg(ap, uint64_t);
	va_end(ap);
	struct wrr_host_call call = {
		.store = h->store, .memory = h->mem, .env = h->wasi,
		.args = args, .results = results, .err = &h->err,
	};
	enum wrr_status st = fn(&call);
	if (status)
		*status = st;
	else
		assert_int_equal(st, WRR_OK);
	return (uint32_t)results[0];
}

#define CALL(h, name, ...) \
	callv(h, wrr_wasi_##name, NULL, VA_NARGS(__VA_ARGS__), __VA_ARGS__)
#define VA_NARGS(...) VA_NARGS_(__VA_ARGS__, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define VA_NARGS_(a, b, c, d, e, f, g, h, i, n, ...) n
#define U(x) ((uint64_t)(x))

static void put(struct host *h, uint32_t at, const void *p, uint32_t n)
{
	assert_true(wrr_memory_write(h->mem, wrr_gptr_at(at), p, n));
}

static void get(struct host *h, uint32_t at, void *p, uint32_t n)
{
	assert_true(wrr_memory_read(h->mem, wrr_gptr_at(at), p, n));
}

static uint32_t get32(struct host *h, uint32_t at)
{
	uint32_t v;
	assert_true(wrr_memory_read_u32(h->mem, wrr_gptr_at(at), &v));
	return v;
}

static uint64_t get64(struct host *h, uint32_t at)
{
	uint64_t v;
	assert_true(wrr_memory_read_u64(h->mem, wrr_gptr_at(at), &v));
	return v;
}

/* Puts path at 1024 and opens it relative to dirfd; returns errno, *fd. */
static uint32_t open_path(struct host *h, uint32_t dirfd, const char *path,
			  uint32_t oflags, uint64_t rights, uint32_t fdflags,
			  uint32_t *fd)
{
	put(h, 1024, path, (uint32_t)strlen(path));
	uint32_t e = CALL(h, path_open, U(dirfd), U(1), U(1024),
			  U(strlen(path)), U(oflags), rights, rights,
			  U(fdflags), U(2000));
	if (e == 0)
		*fd = get32(h, 2000);
	return e;
}

/* One iovec at 100 → buf at 200 of len bytes. */
static void iov1(struct host *h, uint32_t buf, uint32_t len)
{
	uint8_t iov[8];
	wasi_put_u32(iov, 0, buf);
	wasi_put_u32(iov, 4, len);
	put(h, 100, iov, 8);
}

#define RW_RIGHTS (WASI_RIGHTS_ALL)

static void test_function_table(void **state)
{
	assert_int_equal(wrr_wasi_function_count(), 46);
	assert_string_equal(wrr_wasi_function_name(0), "args_get");
	assert_null(wrr_wasi_function_name(46));
	const struct wrr_wasi_function *f =
		wrr_wasi_function_find("path_open", 9);
	assert_non_null(f);
	assert_string_equal(f->params, "iiiiiIIii");
	assert_ptr_equal(f->fn, wrr_wasi_path_open);
	assert_null(wrr_wasi_function_find("path_opens", 10));
}

static void test_args_environ(void **state)
{
	struct host *h = host_new(*state, false, NULL, 0);
	assert_int_equal(CALL(h, args_sizes_get, U(0), U(4)), 0);
	assert_int_equal(get32(h, 0), 3);
	assert_int_equal(get32(h, 4), strlen("prog") + strlen("a1") +
					      strlen("arg two") + 3);
	assert_int_equal(CALL(h, args_get, U(16), U(64)), 0);
	assert_int_equal(get32(h, 16), 64);
	assert_int_equal(get32(h, 20), 69);
	assert_int_equal(get32(h, 24), 72);
	char buf[32];
	get(h, 72, buf, 8);
	assert_string_equal(buf, "arg two");
	assert_int_equal(CALL(h, environ_sizes_get, U(0), U(4)), 0);
	assert_int_equal(get32(h, 0), 2);
	assert_int_equal(get32(h, 4), 15);
	assert_int_equal(CALL(h, environ_get, U(16), U(64)), 0);
	get(h, get32(h, 20), buf, 11);
	assert_string_equal(buf, "LONGER=xyz");
	/* Out of bounds: EFAULT and nothing written. */
	uint64_t before = h->observed;
	assert_int_equal(CALL(h, args_get, U(16), U(65535)), WASI_EFAULT);
	assert_int_equal(CALL(h, args_get, U(65534), U(64)), WASI_EFAULT);
	assert_int_equal(CALL(h, args_sizes_get, U(0), U(65533)), WASI_EFAULT);
	assert_int_equal(h->observed, before);
	host_free(h);
}

static void test_prestat(void **state)
{
	struct host *h = host_new(*state, false, NULL, 0);
	assert_int_equal(CALL(h, fd_prestat_get, U(3), U(0)), 0);
	assert_int_equal(get32(h, 0) & 0xff, WASI_PREOPENTYPE_DIR);
	assert_int_equal(get32(h, 4), 1);
	assert_int_equal(CALL(h, fd_prestat_get, U(4), U(0)), 0);
	assert_int_equal(get32(h, 4), 4);
	char name[8] = {0};
	assert_int_equal(CALL(h, fd_prestat_dir_name, U(4), U(16), U(4)), 0);
	get(h, 16, name, 4);
	assert_memory_equal(name, "/out", 4);
	assert_int_equal(CALL(h, fd_prestat_dir_name, U(4), U(16), U(3)),
			 WASI_ENAMETOOLONG);
	assert_int_equal(CALL(h, fd_prestat_get, U(5), U(0)), WASI_EBADF);
	assert_int_equal(CALL(h, fd_prestat_get, U(1), U(0)), WASI_EBADF);
	assert_int_equal(CALL(h, fd_prestat_get, U(0), U(0)), WASI_EBADF);
	assert_int_equal(CALL(h, fd_prestat_get, U(3), U(65532)), WASI_EFAULT);
	host_free(h);
}

static void test_open_read_write_seek(void **state)
{
	struct host *h = host_new(*state, false, NULL, 0);
	uint32_t fd;
	assert_int_equal(open_path(h, 3, "new.txt",
				   WASI_OFLAG_CREAT | WASI_OFLAG_EXCL, RW_RIGHTS,
				   0, &fd), 0);
	assert_true(fd >= 5);
	put(h, 200, "0123456789", 10);
	iov1(h, 200, 10);
	assert_int_equal(CALL(h, fd_write, U(fd), U(100), U(1), U(300)), 0);
	assert_int_equal(get32(h, 300), 10);
	assert_int_equal(CALL(h, fd_tell, U(fd), U(300)), 0);
	assert_int_equal(get64(h, 300), 10);
	assert_int_equal(CALL(h, fd_seek, U(fd), U(-4), U(WASI_WHENCE_CUR),
			      U(300)), 0);
	assert_int_equal(get64(h, 300), 6);
	assert_int_equal(CALL(h, fd_seek, U(fd), U(0), U(3), U(300)),
			 WASI_EINVAL);
	/* Read back 4 bytes into two iovecs of 2. */
	uint8_t iov[16];
	wasi_put_u32(iov, 0, 400);
	wasi_put_u32(iov, 4, 2);
	wasi_put_u32(iov, 8, 500);
	wasi_put_u32(iov, 12, 2);
	put(h, 100, iov, 16);
	uint64_t before = h->observed;
	assert_int_equal(CALL(h, fd_read, U(fd), U(100), U(2), U(300)), 0);
	assert_int_equal(get32(h, 300), 4);
	assert_int_equal(h->observed - before, 4 + 4); /* data + count */
	char b[4];
	get(h, 400, b, 2);
	get(h, 500, b + 2, 2);
	assert_memory_equal(b, "6789", 4);
	/* pread / pwrite do not move the offset. */
	iov1(h, 600, 3);
	assert_int_equal(CALL(h, fd_pread, U(fd), U(100), U(1), U(1), U(300)),
			 0);
	assert_int_equal(get32(h, 300), 3);
	get(h, 600, b, 3);
	assert_memory_equal(b, "123", 3);
	put(h, 600, "xy", 2);
	iov1(h, 600, 2);
	assert_int_equal(CALL(h, fd_pwrite, U(fd), U(100), U(1), U(0), U(300)),
			 0);
	assert_int_equal(CALL(h, fd_tell, U(fd), U(300)), 0);
	assert_int_equal(get64(h, 300), 10);
	/* filestat */
	assert_int_equal(CALL(h, fd_filestat_get, U(fd), U(700)), 0);
	assert_int_equal(get64(h, 700 + WASI_FILESTAT_SIZE_), 10);
	assert_int_equal(get32(h, 700 + WASI_FILESTAT_FILETYPE) & 0xff,
			 WASI_FILETYPE_REGULAR_FILE);
	assert_int_equal(CALL(h, fd_filestat_set_size, U(fd), U(3)), 0);
	assert_int_equal(CALL(h, fd_filestat_get, U(fd), U(700)), 0);
	assert_int_equal(get64(h, 700 + WASI_FILESTAT_SIZE_), 3);
	assert_int_equal(CALL(h, fd_filestat_set_times, U(fd), U(5000000000ull),
			      U(7000000000ull),
			      U(WASI_FSTFLAG_ATIM | WASI_FSTFLAG_MTIM)), 0);
	assert_int_equal(CALL(h, fd_filestat_get, U(fd), U(700)), 0);
	assert_int_equal(get64(h, 700 + WASI_FILESTAT_MTIM), 7000000000ull);
	assert_int_equal(get64(h, 700 + WASI_FILESTAT_ATIM), 5000000000ull);
	assert_int_equal(CALL(h, fd_filestat_set_times, U(fd), U(0), U(0),
			      U(WASI_FSTFLAG_ATIM | WASI_FSTFLAG_ATIM_NOW)),
			 WASI_EINVAL);
	assert_int_equal(CALL(h, fd_sync, U(fd)), 0);
	assert_int_equal(CALL(h, fd_datasync, U(fd)), 0);
	assert_int_equal(CALL(h, fd_advise, U(fd), U(0), U(0),
			      U(WASI_ADVICE_SEQUENTIAL)), 0);
	assert_int_equal(CALL(h, fd_advise, U(fd), U(0), U(0), U(6)),
			 WASI_EINVAL);
	assert_int_equal(CALL(h, fd_allocate, U(fd), U(0), U(100)), 0);
	/* EXCL on an existing file. */
	uint32_t fd2;
	assert_int_equal(open_path(h, 3, "new.txt",
				   WASI_OFLAG_CREAT | WASI_OFLAG_EXCL, RW_RIGHTS,
				   0, &fd2), WASI_EEXIST);
	/* Append mode through fdstat flags. */
	assert_int_equal(CALL(h, fd_fdstat_set_flags, U(fd),
			      U(WASI_FDFLAG_APPEND)), 0);
	assert_int_equal(CALL(h, fd_fdstat_get, U(fd), U(800)), 0);
	assert_int_equal(get32(h, 800) >> 16, WASI_FDFLAG_APPEND);
	assert_int_equal(CALL(h, fd_fdstat_set_flags, U(fd),
			      U(WASI_FDFLAG_SYNC)), WASI_ENOTSUP);
	assert_int_equal(CALL(h, fd_close, U(fd)), 0);
	assert_int_equal(CALL(h, fd_close, U(fd)), WASI_EBADF);
	assert_int_equal(CALL(h, fd_tell, U(fd), U(300)), WASI_EBADF);
	host_free(h);
}

static void test_open_escapes_and_errors(void **state)
{
	struct host *h = host_new(*state, false, NULL, 0);
	uint32_t fd;
	assert_int_equal(open_path(h, 3, "../outside/secret", 0, RW_RIGHTS, 0,
				   &fd), WASI_ENOTCAPABLE);
	assert_int_equal(open_path(h, 3, "/etc/passwd", 0, RW_RIGHTS, 0, &fd),
			 WASI_ENOTCAPABLE);
	assert_int_equal(open_path(h, 3, "link_out_abs/passwd", 0, RW_RIGHTS,
				   0, &fd), WASI_ENOTCAPABLE);
	assert_int_equal(open_path(h, 3, "chain1/secret", 0, RW_RIGHTS, 0,
				   &fd), WASI_ENOTCAPABLE);
	assert_int_equal(open_path(h, 3, "loop1", 0, RW_RIGHTS, 0, &fd),
			 WASI_ELOOP);
	/* The manual walk gives the same answers. */
	wrr_wasi_set_openat2(h->wasi, false);
	assert_int_equal(open_path(h, 3, "chain1/secret", 0, RW_RIGHTS, 0,
				   &fd), WASI_ENOTCAPABLE);
	assert_int_equal(open_path(h, 3, "dir/../../outside", 0, RW_RIGHTS, 0,
				   &fd), WASI_ENOTCAPABLE);
	assert_int_equal(open_path(h, 3, "link_in", 0, WASI_RIGHT_FD_READ, 0,
				   &fd), 0);
	assert_int_equal(CALL(h, fd_close, U(fd)), 0);
	wrr_wasi_set_openat2(h->wasi, true);
	/* Not a directory fd / bad fd / bad path bytes. */
	assert_int_equal(open_path(h, 1, "x", 0, RW_RIGHTS, 0, &fd),
			 WASI_ENOTCAPABLE); /* stdout has no PATH_OPEN */
	assert_int_equal(open_path(h, 77, "x", 0, RW_RIGHTS, 0, &fd),
			 WASI_EBADF);
	put(h, 1024, "a\0b", 3);
	assert_int_equal(CALL(h, path_open, U(3), U(1), U(1024), U(3), U(0),
			      U(RW_RIGHTS), U(RW_RIGHTS), U(0), U(2000)),
			 WASI_EINVAL);
	put(h, 1024, "\xff\xfe", 2);
	assert_int_equal(CALL(h, path_open, U(3), U(1), U(1024), U(2), U(0),
			      U(RW_RIGHTS), U(RW_RIGHTS), U(0), U(2000)),
			 WASI_EILSEQ);
	assert_int_equal(CALL(h, path_open, U(3), U(1), U(65530), U(100),
			      U(0), U(RW_RIGHTS), U(RW_RIGHTS), U(0),
			      U(2000)), WASI_EFAULT);
	assert_int_equal(CALL(h, path_open, U(3), U(1), U(1024), U(1), U(0),
			      U(RW_RIGHTS), U(RW_RIGHTS), U(0), U(65534)),
			 WASI_EFAULT);
	assert_int_equal(open_path(h, 3, "dir",
				   WASI_OFLAG_DIRECTORY | WASI_OFLAG_CREAT,
				   RW_RIGHTS, 0, &fd), WASI_EINVAL);
	assert_int_equal(open_path(h, 3, "file", WASI_OFLAG_DIRECTORY,
				   RW_RIGHTS, 0, &fd), WASI_ENOTDIR);
	/* Directories open read-only even when write rights are asked. */
	assert_int_equal(open_path(h, 3, "dir", WASI_OFLAG_DIRECTORY,
				   RW_RIGHTS, 0, &fd), 0);
	assert_int_equal(CALL(h, fd_fdstat_get, U(fd), U(800)), 0);
	assert_int_equal(get32(h, 800) & 0xff, WASI_FILETYPE_DIRECTORY);
	uint64_t base = get64(h, 808);
	assert_true(base & WASI_RIGHT_PATH_OPEN);
	assert_false(base & WASI_RIGHT_FD_WRITE);
	/* ... and path ops work relative to it, still sandboxed. */
	uint32_t fd2;
	assert_int_equal(open_path(h, fd, "inner", 0, WASI_RIGHT_FD_READ, 0,
				   &fd2), 0);
	assert_int_equal(open_path(h, fd, "../file", 0, WASI_RIGHT_FD_READ, 0,
				   &fd2), WASI_ENOTCAPABLE);
	assert_int_equal(open_path(h, fd, "link_parent", 0,
				   WASI_RIGHT_FD_READ, 0, &fd2),
			 WASI_ENOTCAPABLE);
	host_free(h);
}

static void test_read_only_preopen(void **state)
{
	struct host *h = host_new(*state, true, NULL, 0);
	uint32_t fd;
	assert_int_equal(CALL(h, fd_fdstat_get, U(3), U(800)), 0);
	assert_false(get64(h, 808) & WRR_WASI_WRITE_RIGHTS);
	/* inheriting keeps write rights (see WRR_WASI_WRITE_RIGHTS) */
	assert_true(get64(h, 816) & WASI_RIGHT_FD_WRITE);
	assert_int_equal(open_path(h, 3, "file", 0,
				   WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE, 0,
				   &fd), WASI_ENOTCAPABLE);
	assert_int_equal(open_path(h, 3, "newfile", WASI_OFLAG_CREAT,
				   WASI_RIGHT_FD_READ, 0, &fd),
			 WASI_ENOTCAPABLE);
	assert_int_equal(open_path(h, 3, "file", WASI_OFLAG_TRUNC,
				   WASI_RIGHT_FD_READ, 0, &fd),
			 WASI_ENOTCAPABLE);
	put(h, 1024, "file", 4);
	assert_int_equal(CALL(h, path_unlink_file, U(3), U(1024), U(4)),
			 WASI_ENOTCAPABLE);
	assert_int_equal(CALL(h, path_create_directory, U(3), U(1024), U(4)),
			 WASI_ENOTCAPABLE);
	/* Reading works; the fd has no write right. */
	assert_int_equal(open_path(h, 3, "file", 0, RW_RIGHTS, 0, &fd),
			 WASI_ENOTCAPABLE);
	assert_int_equal(open_path(h, 3, "file", 0,
				   WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK, 0,
				   &fd), 0);
	iov1(h, 200, 5);
	assert_int_equal(CALL(h, fd_read, U(fd), U(100), U(1), U(300)), 0);
	assert_int_equal(get32(h, 300), 5);
	assert_int_equal(CALL(h, fd_write, U(fd), U(100), U(1), U(300)),
			 WASI_ENOTCAPABLE);
	assert_int_equal(CALL(h, fd_filestat_set_size, U(fd), U(0)),
			 WASI_ENOTCAPABLE);
	assert_int_equal(CALL(h, fd_fdstat_set_rights, U(fd),
			      U(WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE),
			      U(0)), WASI_ENOTCAPABLE);
	/* wasi-libc's way: rights intersected with inheriting, so an
	 * O_WRONLY open asks no read right and only write ones. */
	assert_int_equal(open_path(h, 3, "file", 0,
				   WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_SEEK, 0,
				   &fd), WASI_ENOTCAPABLE);
	/* A subdirectory inherits the restriction. */
	uint32_t d;
	assert_int_equal(open_path(h, 3, "dir", WASI_OFLAG_DIRECTORY,
				   RW_RIGHTS, 0, &d), 0);
	assert_int_equal(open_path(h, d, "x", WASI_OFLAG_CREAT,
				   WASI_RIGHT_FD_READ, 0, &fd),
			 WASI_ENOTCAPABLE);
	assert_int_equal(open_path(h, d, "inner", 0, RW_RIGHTS, 0, &fd),
			 WASI_ENOTCAPABLE);
	put(h, 1024, "inner", 5);
	assert_int_equal(CALL(h, path_unlink_file, U(d), U(1024), U(5)),
			 WASI_ENOTCAPABLE);
	host_free(h);
}

static void test_efault(void **state)
{
	struct host *h = host_new(*state, false, NULL, 0);
	uint64_t before = h->observed;
	/* iovec array out of bounds, buffer out of bounds, result out
	 * (the test's own puts are observed too: recount after them). */
	assert_int_equal(CALL(h, fd_write, U(1), U(65532), U(1), U(300)),
			 WASI_EFAULT);
	assert_int_equal(CALL(h, fd_write, U(1), U(100), U(0x20000000),
			      U(300)), WASI_EFAULT);
	iov1(h, 65000, 1000);
	assert_int_equal(CALL(h, fd_write, U(1), U(100), U(1), U(300)),
			 WASI_EFAULT);
	iov1(h, 0xffffffffu, 2);
	assert_int_equal(CALL(h, fd_write, U(1), U(100), U(1), U(300)),
			 WASI_EFAULT);
	iov1(h, 200, 1);
	before = h->observed;
	assert_int_equal(CALL(h, fd_write, U(1), U(100), U(1), U(65535)),
			 WASI_EFAULT);
	assert_int_equal(CALL(h, random_get, U(65000), U(1000)), WASI_EFAULT);
	assert_int_equal(CALL(h, random_get, U(0xffffffffu), U(2)),
			 WASI_EFAULT);
	assert_int_equal(CALL(h, clock_time_get, U(0), U(0), U(65530)),
			 WASI_EFAULT);
	assert_int_equal(CALL(h, fd_fdstat_get, U(1), U(65530)), WASI_EFAULT);
	assert_int_equal(CALL(h, fd_filestat_get, U(3), U(65500)),
			 WASI_EFAULT);
	assert_int_equal(CALL(h, poll_oneoff, U(65500), U(0), U(1), U(8)),
			 WASI_EFAULT);
	assert_int_equal(CALL(h, fd_readdir, U(3), U(65000), U(1000), U(0),
			      U(8)), WASI_EFAULT);
	assert_int_equal(h->observed, before);
	/* Memory-less caller: EFAULT, not a crash. */
	struct wrr_memory *m = h->mem;
	h->mem = NULL;
	assert_int_equal(CALL(h, random_get, U(0), U(4)), WASI_EFAULT);
	assert_int_equal(CALL(h, args_sizes_get, U(0), U(4)), WASI_EFAULT);
	h->mem = m;
	/* random_get fills the buffer through the observer. */
	assert_int_equal(CALL(h, random_get, U(0), U(65536)), 0);
	assert_int_equal(h->observed - before, 65536);
	host_free(h);
}

/* Lists directory fd with buffers of buf_len bytes, following cookies:
 * returns the number of entries; names are checked unique via seen[]. */
static int list_dir(struct host *h, uint32_t fd, uint32_t buf_len,
		    bool *seen, int nseen)
{
	uint64_t cookie = 0;
	int count = 0;
	for (;;) {
		assert_int_equal(CALL(h, fd_readdir, U(fd), U(4096),
				      U(buf_len), cookie, U(8)), 0);
		uint32_t used = get32(h, 8);
		uint32_t pos = 0;
		bool progressed = false;
		while (pos + WASI_DIRENT_SIZE <= used) {
			uint8_t d[WASI_DIRENT_SIZE];
			get(h, 4096 + pos, d, sizeof d);
			uint32_t namlen = wasi_get_u32(d, WASI_DIRENT_D_NAMLEN);
			if (pos + WASI_DIRENT_SIZE + namlen > used)
				break; /* cut entry: read again from cookie */
			char name[300];
			get(h, 4096 + pos + WASI_DIRENT_SIZE, name, namlen);
			name[namlen] = '\0';
			int idx;
			if (sscanf(name, "f%d", &idx) == 1) {
				assert_true(idx >= 0 && idx < nseen);
				assert_false(seen[idx]);
				seen[idx] = true;
			}
			count++;
			cookie = wasi_get_u64(d, WASI_DIRENT_D_NEXT);
			pos += WASI_DIRENT_SIZE + namlen;
			progressed = true;
		}
		if (used < buf_len)
			return count;
		assert_true(progressed);
	}
}

static void test_readdir_cookies(void **state)
{
	struct fixture *fx = *state;
	char dir[400];
	snprintf(dir, sizeof dir, "%s/big", fx->root);
	mkdir(dir, 0755);
	enum { N = 600 };
	for (int i = 0; i < N; i++) {
		char name[32];
		snprintf(name, sizeof name, "f%d_%s", i,
			 i % 7 ? "x" : "a_rather_long_name_to_vary_entry_sizes");
		xwrite(dir, name, "");
	}
	struct host *h = host_new(fx, false, NULL, 0);
	uint32_t fd;
	assert_int_equal(open_path(h, 3, "big", WASI_OFLAG_DIRECTORY,
				   WASI_RIGHT_FD_READDIR | WASI_RIGHT_PATH_OPEN,
				   0, &fd), 0);
	uint32_t sizes[] = {80, 128, 1000, 32768};
	for (size_t k = 0; k < 4; k++) {
		bool seen[N] = {false};
		int count = list_dir(h, fd, sizes[k], seen, N);
		assert_int_equal(count, N + 2); /* with . and .. */
		for (int i = 0; i < N; i++)
			assert_true(seen[i]);
	}
	/* A cookie stays valid while other entries come and go. */
	assert_int_equal(CALL(h, fd_readdir, U(fd), U(4096), U(200), U(0),
			      U(8)), 0);
	uint8_t d[WASI_DIRENT_SIZE];
	get(h, 4096, d, sizeof d);
	uint64_t c1 = wasi_get_u64(d, WASI_DIRENT_D_NEXT);
	assert_int_equal(CALL(h, fd_readdir, U(fd), U(4096), U(200), c1,
			      U(8)), 0);
	uint8_t first[64];
	get(h, 4096, first, sizeof first);
	/* remove the entry listed last (so not the one after c1) */
	char last[300] = "";
	for (uint64_t c = 0;;) {
		assert_int_equal(CALL(h, fd_readdir, U(fd), U(4096), U(300),
				      c, U(8)), 0);
		if (get32(h, 8) == 0)
			break;
		get(h, 4096, d, sizeof d);
		uint32_t nl = wasi_get_u32(d, WASI_DIRENT_D_NAMLEN);
		get(h, 4096 + WASI_DIRENT_SIZE, last, nl);
		last[nl] = '\0';
		c = wasi_get_u64(d, WASI_DIRENT_D_NEXT);
	}
	char victim[700];
	snprintf(victim, sizeof victim, "%s/%s", dir, last);
	assert_int_equal(unlink(victim), 0);
	assert_int_equal(CALL(h, fd_readdir, U(fd), U(4096), U(200), c1,
			      U(8)), 0);
	uint8_t again[64];
	get(h, 4096, again, sizeof again);
	assert_memory_equal(first, again, sizeof first);
	/* Cookies are small (wasi-libc keeps them in a 32-bit long); one
	 * past the end reads nothing. */
	assert_true(c1 == 1);
	assert_int_equal(CALL(h, fd_readdir, U(fd), U(4096), U(200),
			      U(1u << 30), U(8)), 0);
	assert_int_equal(get32(h, 8), 0);
	/* Not a directory / no right. */
	uint32_t ffd;
	assert_int_equal(open_path(h, 3, "file", 0, RW_RIGHTS, 0, &ffd), 0);
	assert_int_equal(CALL(h, fd_readdir, U(ffd), U(4096), U(200), U(0),
			      U(8)), WASI_ENOTCAPABLE);
	host_free(h);
}

static void test_epipe(void **state)
{
	struct host *h = host_new(*state, false, NULL, 0);
	signal(SIGPIPE, SIG_IGN);
	close(h->stdout_pipe[0]);
	h->stdout_pipe[0] = -1;
	put(h, 200, "data", 4);
	iov1(h, 200, 4);
	assert_int_equal(CALL(h, fd_write, U(1), U(100), U(1), U(300)),
			 WASI_EPIPE);
	host_free(h);
}

static void test_stdio_fdstat(void **state)
{
	struct host *h = host_new(*state, false, NULL, 0);
	assert_int_equal(CALL(h, fd_fdstat_get, U(0), U(800)), WASI_EBADF);
	assert_int_equal(CALL(h, fd_fdstat_get, U(1), U(800)), 0);
	assert_int_equal(get32(h, 800) & 0xff, WASI_FILETYPE_UNKNOWN); /* pipe */
	uint64_t base = get64(h, 808);
	assert_true(base & WASI_RIGHT_FD_WRITE);
	assert_false(base & WASI_RIGHT_FD_SEEK);
	/* Rights can be dropped, not regained. */
	assert_int_equal(CALL(h, fd_fdstat_set_rights, U(1),
			      U(WASI_RIGHT_FD_WRITE), U(0)), 0);
	assert_int_equal(CALL(h, fd_fdstat_set_rights, U(1),
			      U(WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_READ),
			      U(0)), WASI_ENOTCAPABLE);
	put(h, 200, "hi", 2);
	iov1(h, 200, 2);
	assert_int_equal(CALL(h, fd_write, U(1), U(100), U(1), U(300)), 0);
	char b[2];
	assert_int_equal(read(h->stdout_pipe[0], b, 2), 2);
	assert_memory_equal(b, "hi", 2);
	assert_int_equal(CALL(h, fd_seek, U(1), U(0), U(0), U(300)),
			 WASI_ESPIPE);
	assert_int_equal(CALL(h, fd_tell, U(1), U(300)), WASI_ESPIPE);
	assert_int_equal(CALL(h, fd_pwrite, U(1), U(100), U(1), U(0), U(300)),
			 WASI_ESPIPE);
	host_free(h);
}

static void test_renumber(void **state)
{
	struct host *h = host_new(*state, false, NULL, 0);
	uint32_t a, b;
	assert_int_equal(open_path(h, 3, "file", 0, RW_RIGHTS, 0, &a), 0);
	assert_int_equal(open_path(h, 3, "dir/inner", 0, RW_RIGHTS, 0, &b), 0);
	assert_int_equal(CALL(h, fd_renumber, U(a), U(b)), 0);
	assert_int_equal(CALL(h, fd_tell, U(a), U(300)), WASI_EBADF);
	iov1(h, 200, 5);
	assert_int_equal(CALL(h, fd_read, U(b), U(100), U(1), U(300)), 0);
	char buf[5];
	get(h, 200, buf, 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(CALL(h, fd_renumber, U(b), U(99)), WASI_EBADF);
	assert_int_equal(CALL(h, fd_renumber, U(99), U(b)), WASI_EBADF);
	assert_int_equal(CALL(h, fd_renumber, U(b), U(b)), 0);
	/* The lowest free number is reused. */
	uint32_t c;
	assert_int_equal(open_path(h, 3, "file", 0, RW_RIGHTS, 0, &c), 0);
	assert_int_equal(c, a);
	host_free(h);
}

static void test_path_ops(void **state)
{
	struct host *h = host_new(*state, false, NULL, 0);
	/* mkdir, stat, rmdir */
	put(h, 1024, "newdir", 6);
	assert_int_equal(CALL(h, path_create_directory, U(3), U(1024), U(6)),
			 0);
	assert_int_equal(CALL(h, path_create_directory, U(3), U(1024), U(6)),
			 WASI_EEXIST);
	assert_int_equal(CALL(h, path_filestat_get, U(3), U(0), U(1024), U(6),
			      U(700)), 0);
	assert_int_equal(get32(h, 700 + 16) & 0xff, WASI_FILETYPE_DIRECTORY);
	assert_int_equal(CALL(h, path_remove_directory, U(3), U(1024), U(6)),
			 0);
	assert_int_equal(CALL(h, path_remove_directory, U(3), U(1024), U(6)),
			 WASI_ENOENT);
	put(h, 1024, "dir", 3);
	assert_int_equal(CALL(h, path_remove_directory, U(3), U(1024), U(3)),
			 WASI_ENOTEMPTY);
	assert_int_equal(CALL(h, path_unlink_file, U(3), U(1024), U(3)),
			 WASI_EISDIR);
	put(h, 1024, "file/", 5);
	assert_int_equal(CALL(h, path_unlink_file, U(3), U(1024), U(5)),
			 WASI_ENOTDIR);
	put(h, 1024, "..", 2);
	assert_int_equal(CALL(h, path_create_directory, U(3), U(1024), U(2)),
			 WASI_ENOTCAPABLE);
	put(h, 1024, "../outside/secret", 17);
	assert_int_equal(CALL(h, path_unlink_file, U(3), U(1024), U(17)),
			 WASI_ENOTCAPABLE);
	/* stat follow / nofollow */
	put(h, 1024, "link_in", 7);
	assert_int_equal(CALL(h, path_filestat_get, U(3), U(0), U(1024), U(7),
			      U(700)), 0);
	assert_int_equal(get32(h, 700 + 16) & 0xff,
			 WASI_FILETYPE_SYMBOLIC_LINK);
	assert_int_equal(CALL(h, path_filestat_get, U(3), U(1), U(1024), U(7),
			      U(700)), 0);
	assert_int_equal(get32(h, 700 + 16) & 0xff,
			 WASI_FILETYPE_REGULAR_FILE);
	assert_int_equal(get64(h, 700 + WASI_FILESTAT_SIZE_), 5);
	put(h, 1024, "link_out_abs", 12);
	assert_int_equal(CALL(h, path_filestat_get, U(3), U(1), U(1024), U(12),
			      U(700)), WASI_ENOTCAPABLE);
	assert_int_equal(CALL(h, path_filestat_get, U(3), U(0), U(1024), U(12),
			      U(700)), 0);
	/* readlink, with truncation */
	put(h, 1024, "link_in", 7);
	assert_int_equal(CALL(h, path_readlink, U(3), U(1024), U(7), U(1100),
			      U(64), U(8)), 0);
	assert_int_equal(get32(h, 8), 9);
	char b[16];
	get(h, 1100, b, 9);
	assert_memory_equal(b, "dir/inner", 9);
	assert_int_equal(CALL(h, path_readlink, U(3), U(1024), U(7), U(1100),
			      U(3), U(8)), 0);
	assert_int_equal(get32(h, 8), 3);
	put(h, 1024, "file", 4);
	assert_int_equal(CALL(h, path_readlink, U(3), U(1024), U(4), U(1100),
			      U(64), U(8)), WASI_EINVAL);
	/* symlink: relative ok, absolute EPERM, existing EEXIST */
	put(h, 1024, "file", 4);
	put(h, 1100, "sl", 2);
	assert_int_equal(CALL(h, path_symlink, U(1024), U(4), U(3), U(1100),
			      U(2)), 0);
	assert_int_equal(CALL(h, path_symlink, U(1024), U(4), U(3), U(1100),
			      U(2)), WASI_EEXIST);
	put(h, 1200, "/etc/passwd", 11);
	put(h, 1100, "sl2", 3);
	assert_int_equal(CALL(h, path_symlink, U(1200), U(11), U(3), U(1100),
			      U(3)), WASI_EPERM);
	put(h, 1100, "sl2/", 4);
	assert_int_equal(CALL(h, path_symlink, U(1024), U(4), U(3), U(1100),
			      U(4)), WASI_ENOENT);
	/* link + rename + unlink */
	put(h, 1024, "file", 4);
	put(h, 1100, "hard", 4);
	assert_int_equal(CALL(h, path_link, U(3), U(0), U(1024), U(4), U(3),
			      U(1100), U(4)), 0);
	assert_int_equal(CALL(h, path_filestat_get, U(3), U(0), U(1100), U(4),
			      U(700)), 0);
	assert_int_equal(get64(h, 700 + WASI_FILESTAT_NLINK), 2);
	put(h, 1200, "sl", 2);
	put(h, 1100, "hard2", 5);
	assert_int_equal(CALL(h, path_link, U(3), U(1), U(1200), U(2), U(3),
			      U(1100), U(5)), 0); /* follows sl -> file */
	assert_int_equal(CALL(h, path_filestat_get, U(3), U(0), U(1100), U(5),
			      U(700)), 0);
	assert_int_equal(get64(h, 700 + WASI_FILESTAT_NLINK), 3);
	put(h, 1100, "hard", 4);
	put(h, 1200, "dir/moved", 9);
	assert_int_equal(CALL(h, path_rename, U(3), U(1100), U(4), U(3),
			      U(1200), U(9)), 0);
	put(h, 1100, "file", 4);
	put(h, 1200, "../outside/x", 12);
	assert_int_equal(CALL(h, path_rename, U(3), U(1100), U(4), U(3),
			      U(1200), U(12)), WASI_ENOTCAPABLE);
	put(h, 1200, "newname/", 8);
	assert_int_equal(CALL(h, path_rename, U(3), U(1100), U(4), U(3),
			      U(1200), U(8)), WASI_ENOTDIR);
	put(h, 1200, "dir/moved", 9);
	assert_int_equal(CALL(h, path_unlink_file, U(3), U(1200), U(9)), 0);
	put(h, 1200, "hard2", 5);
	assert_int_equal(CALL(h, path_unlink_file, U(3), U(1200), U(5)), 0);
	put(h, 1200, "sl", 2);
	assert_int_equal(CALL(h, path_unlink_file, U(3), U(1200), U(2)), 0);
	/* unlinking a symlink pointing outside removes the link only */
	put(h, 1200, "link_out_rel", 12);
	assert_int_equal(CALL(h, path_unlink_file, U(3), U(1200), U(12)), 0);
	struct stat st;
	char p[600];
	snprintf(p, sizeof p, "%s/secret", ((struct fixture *)*state)->outside);
	assert_int_equal(stat(p, &st), 0);
	xsymlink("../outside", ((struct fixture *)*state)->root,
		 "link_out_rel");
	/* set_times through a path */
	put(h, 1200, "file", 4);
	assert_int_equal(CALL(h, path_filestat_set_times, U(3), U(1), U(1200),
			      U(4), U(0), U(123000000000ull),
			      U(WASI_FSTFLAG_MTIM)), 0);
	assert_int_equal(CALL(h, path_filestat_get, U(3), U(1), U(1200), U(4),
			      U(700)), 0);
	assert_int_equal(get64(h, 700 + WASI_FILESTAT_MTIM), 123000000000ull);
	host_free(h);
}

static void test_poll_and_clocks(void **state)
{
	struct host *h = host_new(*state, false, NULL, 0);
	/* clocks */
	for (uint32_t id = 0; id < 4; id++) {
		assert_int_equal(CALL(h, clock_res_get, U(id), U(8)), 0);
		assert_true(get64(h, 8) > 0);
		assert_int_equal(CALL(h, clock_time_get, U(id), U(1), U(8)), 0);
	}
	assert_int_equal(CALL(h, clock_time_get, U(4), U(1), U(8)),
			 WASI_EINVAL);
	assert_int_equal(CALL(h, clock_res_get, U(99), U(8)), WASI_EINVAL);
	assert_int_equal(CALL(h, clock_time_get, U(1), U(1), U(8)), 0);
	uint64_t t0 = get64(h, 8);
	/* poll: no subscriptions */
	assert_int_equal(CALL(h, poll_oneoff, U(0), U(1000), U(0), U(8)),
			 WASI_EINVAL);
	/* one relative 2 ms clock */
	uint8_t sub[2 * WASI_SUBSCRIPTION_SIZE];
	memset(sub, 0, sizeof sub);
	wasi_put_u64(sub, WASI_SUBSCRIPTION_USERDATA, 0x1234);
	sub[WASI_SUBSCRIPTION_TAG] = WASI_EVENTTYPE_CLOCK;
	wasi_put_u32(sub, WASI_SUBSCRIPTION_CLOCK_ID, WASI_CLOCK_MONOTONIC);
	wasi_put_u64(sub, WASI_SUBSCRIPTION_CLOCK_TIMEOUT, 2000000);
	put(h, 0x2000, sub, WASI_SUBSCRIPTION_SIZE);
	assert_int_equal(CALL(h, poll_oneoff, U(0x2000), U(0x3000), U(1),
			      U(8)), 0);
	assert_int_equal(get32(h, 8), 1);
	assert_int_equal(get64(h, 0x3000 + WASI_EVENT_USERDATA), 0x1234);
	assert_int_equal(get32(h, 0x3000 + WASI_EVENT_ERROR) & 0xffffff,
			 0 | (WASI_EVENTTYPE_CLOCK << 16));
	assert_int_equal(CALL(h, clock_time_get, U(1), U(1), U(8)), 0);
	assert_true(get64(h, 8) - t0 >= 2000000);
	/* absolute deadline in the past fires at once */
	wasi_put_u64(sub, WASI_SUBSCRIPTION_CLOCK_TIMEOUT, 1);
	wasi_put_u16(sub, WASI_SUBSCRIPTION_CLOCK_FLAGS,
		     WASI_SUBSCRIPTION_CLOCK_ABSTIME);
	put(h, 0x2000, sub, WASI_SUBSCRIPTION_SIZE);
	assert_int_equal(CALL(h, poll_oneoff, U(0x2000), U(0x3000), U(1),
			      U(8)), 0);
	assert_int_equal(get32(h, 8), 1);
	/* fd_write on the stdout pipe + a long clock: the fd wins */
	memset(sub, 0, sizeof sub);
	wasi_put_u64(sub, WASI_SUBSCRIPTION_USERDATA, 1);
	sub[WASI_SUBSCRIPTION_TAG] = WASI_EVENTTYPE_CLOCK;
	wasi_put_u32(sub, WASI_SUBSCRIPTION_CLOCK_ID, WASI_CLOCK_MONOTONIC);
	wasi_put_u64(sub, WASI_SUBSCRIPTION_CLOCK_TIMEOUT, 5000000000ull);
	wasi_put_u64(sub + 48, WASI_SUBSCRIPTION_USERDATA, 2);
	sub[48 + WASI_SUBSCRIPTION_TAG] = WASI_EVENTTYPE_FD_WRITE;
	wasi_put_u32(sub + 48, WASI_SUBSCRIPTION_FD_READWRITE_FD, 1);
	put(h, 0x2000, sub, sizeof sub);
	assert_int_equal(CALL(h, poll_oneoff, U(0x2000), U(0x3000), U(2),
			      U(8)), 0);
	assert_int_equal(get32(h, 8), 1);
	assert_int_equal(get64(h, 0x3000 + WASI_EVENT_USERDATA), 2);
	assert_int_equal(get32(h, 0x3000 + 8) >> 16, WASI_EVENTTYPE_FD_WRITE);
	/* a regular file is always readable; a bad fd is an error event */
	uint32_t fd;
	assert_int_equal(open_path(h, 3, "file", 0, RW_RIGHTS, 0, &fd), 0);
	wasi_put_u32(sub + 48, WASI_SUBSCRIPTION_FD_READWRITE_FD, fd);
	sub[48 + WASI_SUBSCRIPTION_TAG] = WASI_EVENTTYPE_FD_READ;
	put(h, 0x2000, sub, sizeof sub);
	assert_int_equal(CALL(h, poll_oneoff, U(0x2000), U(0x3000), U(2),
			      U(8)), 0);
	assert_int_equal(get32(h, 8), 1);
	assert_int_equal(get64(h, 0x3000 + WASI_EVENT_FD_READWRITE_NBYTES), 5);
	wasi_put_u32(sub + 48, WASI_SUBSCRIPTION_FD_READWRITE_FD, 99);
	put(h, 0x2000, sub, sizeof sub);
	assert_int_equal(CALL(h, poll_oneoff, U(0x2000), U(0x3000), U(2),
			      U(8)), 0);
	assert_int_equal(get32(h, 8), 1);
	assert_int_equal(get32(h, 0x3000 + 8) & 0xffff, WASI_EBADF);
	/* unknown tag: EINVAL */
	sub[48 + WASI_SUBSCRIPTION_TAG] = 7;
	put(h, 0x2000, sub, sizeof sub);
	assert_int_equal(CALL(h, poll_oneoff, U(0x2000), U(0x3000), U(2),
			      U(8)), WASI_EINVAL);
	host_free(h);
}

static void test_proc(void **state)
{
	struct host *h = host_new(*state, false, NULL, 0);
	enum wrr_status st;
	callv(h, wrr_wasi_proc_exit, &st, 1, U(42));
	assert_int_equal(st, WRR_EXIT);
	assert_int_equal(h->err.status, WRR_EXIT);
	assert_int_equal(h->err.exit_code, 42);
	assert_int_equal(callv(h, wrr_wasi_proc_raise, NULL, 1, U(6)),
			 WASI_ENOSYS);
	assert_int_equal(callv(h, wrr_wasi_sched_yield, NULL, 0), 0);
	host_free(h);
}

static void test_sockets(void **state)
{
	int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(ls >= 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(ls, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(ls, 4), 0);
	socklen_t alen = sizeof a;
	getsockname(ls, (struct sockaddr *)&a, &alen);
	struct host *h = host_new(*state, false, &ls, 1);
	uint32_t lfd = 5; /* after stdio and two preopens */
	assert_int_equal(CALL(h, fd_fdstat_get, U(lfd), U(800)), 0);
	assert_int_equal(get32(h, 800) & 0xff, WASI_FILETYPE_SOCKET_STREAM);
	/* nothing pending on a non-blocking listener */
	assert_int_equal(CALL(h, fd_fdstat_set_flags, U(lfd),
			      U(WASI_FDFLAG_NONBLOCK)), 0);
	assert_int_equal(CALL(h, sock_accept, U(lfd), U(0), U(8)),
			 WASI_EAGAIN);
	assert_int_equal(CALL(h, fd_fdstat_set_flags, U(lfd), U(0)), 0);
	assert_int_equal(CALL(h, sock_accept, U(lfd), U(1), U(8)),
			 WASI_EINVAL);
	int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(connect(c, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(CALL(h, sock_accept, U(lfd), U(0), U(8)), 0);
	uint32_t s = get32(h, 8);
	assert_int_equal(write(c, "ping", 4), 4);
	iov1(h, 200, 16);
	assert_int_equal(CALL(h, sock_recv, U(s), U(100), U(1),
			      U(WASI_RECV_PEEK), U(8), U(12)), 0);
	assert_int_equal(get32(h, 8), 4);
	assert_int_equal(CALL(h, sock_recv, U(s), U(100), U(1), U(0), U(8),
			      U(12)), 0);
	assert_int_equal(get32(h, 8), 4);
	char b[8];
	get(h, 200, b, 4);
	assert_memory_equal(b, "ping", 4);
	put(h, 200, "pong", 4);
	iov1(h, 200, 4);
	assert_int_equal(CALL(h, sock_send, U(s), U(100), U(1), U(0), U(8)),
			 0);
	assert_int_equal(get32(h, 8), 4);
	assert_int_equal(read(c, b, 4), 4);
	assert_memory_equal(b, "pong", 4);
	assert_int_equal(CALL(h, sock_shutdown, U(s), U(0)), WASI_EINVAL);
	assert_int_equal(CALL(h, sock_shutdown, U(s), U(WASI_SHUT_WR)), 0);
	assert_int_equal(read(c, b, 4), 0);
	/* peer gone: EPIPE, not SIGPIPE */
	close(c);
	usleep(10000);
	signal(SIGPIPE, SIG_DFL);
	uint32_t e;
	do
		e = CALL(h, sock_send, U(s), U(100), U(1), U(0), U(8));
	while (e == 0);
	assert_true(e == WASI_EPIPE || e == WASI_ECONNRESET);
	assert_int_equal(CALL(h, sock_accept, U(3), U(0), U(8)),
			 WASI_ENOTCAPABLE);
	assert_int_equal(CALL(h, fd_close, U(s)), 0);
	host_free(h);
	close(ls);
}

static void test_link(void **state)
{
	(void)state;
	/* wrr_wasi_link needs a decoded module; covered end to end by
	 * tests/wasi (H6). Here: the table's types are well formed. */
	for (uint32_t i = 0; i < wrr_wasi_function_count(); i++) {
		const struct wrr_wasi_function *f = wrr_wasi_function_at(i);
		assert_true(strspn(f->params, "iI") == strlen(f->params));
		assert_true(strlen(f->results) <= 1);
		assert_non_null(f->fn);
	}
}

/* xorshift64*: a fixed-seed generator, so the random test is repeatable. */
static uint64_t rnd(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * UINT64_C(2685821657736338717);
}

/* An argument for a parameter: fds near the table, addresses near and past
 * the end of memory, lengths small and huge, flags all over. */
static uint64_t rnd_arg(uint64_t *x, int param)
{
	switch (rnd(x) % 9) {
	case 0: return 3 + rnd(x) % 8;             /* an fd */
	case 1: return rnd(x) % 65536;             /* an address */
	case 8: return rnd(x) % 24;                /* into the names */
	case 2: return 65536 - rnd(x) % 64;        /* the edge */
	case 3: return rnd(x) % 12;                /* a length / flags */
	case 4: return (uint32_t)rnd(x);           /* any u32 */
	case 5: return 0;
	case 6: return rnd(x) % 4096;
	default: return param == 'I' ? rnd(x) % 1000000 : (uint32_t)rnd(x);
	}
}

/* Every function (but the blocking or ending ones) with random arguments
 * over random memory, under ASan in the asan tree: no crash, no host
 * fault, an errno in range. */
static void test_random_calls(void **state)
{
	struct host *h = host_new(*state, false, NULL, 0);
	uint64_t x = 0x9e3779b97f4a7c15u;
	uint8_t junk[4096];
	/* the guest's stdout becomes /dev/null: a full pipe would block */
	assert_true(dup2(h->devnull, h->stdout_pipe[1]) >= 0);
	/* some open fds to play with */
	uint32_t fd;
	assert_int_equal(open_path(h, 3, "file", 0, RW_RIGHTS, 0, &fd), 0);
	assert_int_equal(open_path(h, 3, "dir", WASI_OFLAG_DIRECTORY,
				   RW_RIGHTS, 0, &fd), 0);
	assert_int_equal(open_path(h, 3, "dir/inner", 0, RW_RIGHTS, 0, &fd),
			 0);
	for (int round = 0; round < 100000; round++) {
		if (round % 500 == 0) {
			for (size_t i = 0; i < sizeof junk; i++)
				junk[i] = (uint8_t)rnd(&x);
			put(h, 4096 + (uint32_t)(rnd(&x) % 15) * 4096, junk,
			    sizeof junk);
		}
		/* Names of the fixture at 0, so that short (ptr, len) pairs
		 * often name something; iovecs at 64 naming them. */
		put(h, 0, "filedir/innerlink_in/../dirchain1", 33);
		uint8_t iovs[16];
		wasi_put_u32(iovs, 0, 4096);
		wasi_put_u32(iovs, 4, (uint32_t)(rnd(&x) % 100));
		wasi_put_u32(iovs, 8, 8192);
		wasi_put_u32(iovs, 12, (uint32_t)(rnd(&x) % 5000));
		put(h, 64, iovs, sizeof iovs);
		uint32_t i = (uint32_t)(rnd(&x) % wrr_wasi_function_count());
		const struct wrr_wasi_function *f = wrr_wasi_function_at(i);
		if (!strcmp(f->name, "poll_oneoff") ||
		    !strcmp(f->name, "proc_exit") ||
		    !strcmp(f->name, "fd_allocate") ||
		    /* keep the table and its rights for the other calls */
		    !strcmp(f->name, "fd_close") ||
		    !strcmp(f->name, "fd_renumber") ||
		    !strcmp(f->name, "fd_fdstat_set_rights"))
			continue;
		uint64_t args[16] = {0}, results[1] = {0};
		for (size_t k = 0; k < strlen(f->params); k++)
			args[k] = rnd_arg(&x, f->params[k]);

		struct wrr_host_call call = {
			.store = h->store, .memory = h->mem, .env = h->wasi,
			.args = args, .results = results, .err = &h->err,
		};
		assert_int_equal(f->fn(&call), WRR_OK);
		assert_true(results[0] <= WASI_ENOTCAPABLE);
		if (getenv("WASI_FUZZ_STATS") && results[0] == 0)
			fprintf(stderr, "ok %s\n", f->name);
	}
	host_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sandbox_open_cases, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sandbox_create_through_links,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_sandbox_at, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sandbox_deep_dotdot, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sandbox_race, setup,
						teardown),
		cmocka_unit_test(test_function_table),
		cmocka_unit_test(test_link),
		cmocka_unit_test_setup_teardown(test_args_environ, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_prestat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_read_write_seek, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_open_escapes_and_errors,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_preopen, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_efault, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readdir_cookies, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_epipe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stdio_fdstat, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_renumber, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_ops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poll_and_clocks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_proc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sockets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_calls, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
