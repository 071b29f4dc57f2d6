/*
 * wasi_abi.h — the guest-visible ABI of wasi_snapshot_preview1, as written in
 * WASI's witx (phases/snapshot/witx/typenames.witx): errno values, rights
 * bits, flag sets, enums, and the byte layout of every struct the host reads
 * from or writes to guest memory (little-endian, explicit offsets).
 *
 * Host code never overlays C structs on guest bytes: it encodes and decodes
 * field by field with the wasi_put_* / wasi_get_* helpers below at the
 * offsets named here, into a host scratch buffer that then crosses the
 * guest-memory API of wrr.h in one wrr_memory_read/wrr_memory_write.
 */
#ifndef WRR_WASI_ABI_H
#define WRR_WASI_ABI_H

#include <stdint.h>

/* ------------------------------------------------------------ errno (u16) */

enum wasi_errno {
	WASI_ESUCCESS = 0,
	WASI_E2BIG = 1,
	WASI_EACCES = 2,
	WASI_EADDRINUSE = 3,
	WASI_EADDRNOTAVAIL = 4,
	WASI_EAFNOSUPPORT = 5,
	WASI_EAGAIN = 6,
	WASI_EALREADY = 7,
	WASI_EBADF = 8,
	WASI_EBADMSG = 9,
	WASI_EBUSY = 10,
	WASI_ECANCELED = 11,
	WASI_ECHILD = 12,
	WASI_ECONNABORTED = 13,
	WASI_ECONNREFUSED = 14,
	WASI_ECONNRESET = 15,
	WASI_EDEADLK = 16,
	WASI_EDESTADDRREQ = 17,
	WASI_EDOM = 18,
	WASI_EDQUOT = 19,
	WASI_EEXIST = 20,
	WASI_EFAULT = 21,
	WASI_EFBIG = 22,
	WASI_EHOSTUNREACH = 23,
	WASI_EIDRM = 24,
	WASI_EILSEQ = 25,
	WASI_EINPROGRESS = 26,
	WASI_EINTR = 27,
	WASI_EINVAL = 28,
	WASI_EIO = 29,
	WASI_EISCONN = 30,
	WASI_EISDIR = 31,
	WASI_ELOOP = 32,
	WASI_EMFILE = 33,
	WASI_EMLINK = 34,
	WASI_EMSGSIZE = 35,
	WASI_EMULTIHOP = 36,
	WASI_ENAMETOOLONG = 37,
	WASI_ENETDOWN = 38,
	WASI_ENETRESET = 39,
	WASI_ENETUNREACH = 40,
	WASI_ENFILE = 41,
	WASI_ENOBUFS = 42,
	WASI_ENODEV = 43,
	WASI_ENOENT = 44,
	WASI_ENOEXEC = 45,
	WASI_ENOLCK = 46,
	WASI_ENOLINK = 47,
	WASI_ENOMEM = 48,
	WASI_ENOMSG = 49,
	WASI_ENOPROTOOPT = 50,
	WASI_ENOSPC = 51,
	WASI_ENOSYS = 52,
	WASI_ENOTCONN = 53,
	WASI_ENOTDIR = 54,
	WASI_ENOTEMPTY = 55,
	WASI_ENOTRECOVERABLE = 56,
	WASI_ENOTSOCK = 57,
	WASI_ENOTSUP = 58,
	WASI_ENOTTY = 59,
	WASI_ENXIO = 60,
	WASI_EOVERFLOW = 61,
	WASI_EOWNERDEAD = 62,
	WASI_EPERM = 63,
	WASI_EPIPE = 64,
	WASI_EPROTO = 65,
	WASI_EPROTONOSUPPORT = 66,
	WASI_EPROTOTYPE = 67,
	WASI_ERANGE = 68,
	WASI_EROFS = 69,
	WASI_ESPIPE = 70,
	WASI_ESRCH = 71,
	WASI_ESTALE = 72,
	WASI_ETIMEDOUT = 73,
	WASI_ETXTBSY = 74,
	WASI_EXDEV = 75,
	WASI_ENOTCAPABLE = 76,
};

/* ----------------------------------------------------------- rights (u64) */

#define WASI_RIGHT(n) (UINT64_C(1) << (n))
enum {
	WASI_RIGHT_FD_DATASYNC_BIT = 0,
	WASI_RIGHT_FD_READ_BIT = 1,
	WASI_RIGHT_FD_SEEK_BIT = 2,
	WASI_RIGHT_FD_FDSTAT_SET_FLAGS_BIT = 3,
	WASI_RIGHT_FD_SYNC_BIT = 4,
	WASI_RIGHT_FD_TELL_BIT = 5,
	WASI_RIGHT_FD_WRITE_BIT = 6,
	WASI_RIGHT_FD_ADVISE_BIT = 7,
	WASI_RIGHT_FD_ALLOCATE_BIT = 8,
	WASI_RIGHT_PATH_CREATE_DIRECTORY_BIT = 9,
	WASI_RIGHT_PATH_CREATE_FILE_BIT = 10,
	WASI_RIGHT_PATH_LINK_SOURCE_BIT = 11,
	WASI_RIGHT_PATH_LINK_TARGET_BIT = 12,
	WASI_RIGHT_PATH_OPEN_BIT = 13,
	WASI_RIGHT_FD_READDIR_BIT = 14,
	WASI_RIGHT_PATH_READLINK_BIT = 15,
	WASI_RIGHT_PATH_RENAME_SOURCE_BIT = 16,
	WASI_RIGHT_PATH_RENAME_TARGET_BIT = 17,
	WASI_RIGHT_PATH_FILESTAT_GET_BIT = 18,
	WASI_RIGHT_PATH_FILESTAT_SET_SIZE_BIT = 19,
	WASI_RIGHT_PATH_FILESTAT_SET_TIMES_BIT = 20,
	WASI_RIGHT_FD_FILESTAT_GET_BIT = 21,
	WASI_RIGHT_FD_FILESTAT_SET_SIZE_BIT = 22,
	WASI_RIGHT_FD_FILESTAT_SET_TIMES_BIT = 23,
	WASI_RIGHT_PATH_SYMLINK_BIT = 24,
	WASI_RIGHT_PATH_REMOVE_DIRECTORY_BIT = 25,
	WASI_RIGHT_PATH_UNLINK_FILE_BIT = 26,
	WASI_RIGHT_POLL_FD_READWRITE_BIT = 27,
	WASI_RIGHT_SOCK_SHUTDOWN_BIT = 28,
	WASI_RIGHT_SOCK_ACCEPT_BIT = 29,
	WASI_RIGHT_COUNT = 30,
};

#define WASI_RIGHT_FD_DATASYNC WASI_RIGHT(WASI_RIGHT_FD_DATASYNC_BIT)
#define WASI_RIGHT_FD_READ WASI_RIGHT(WASI_RIGHT_FD_READ_BIT)
#define WASI_RIGHT_FD_SEEK WASI_RIGHT(WASI_RIGHT_FD_SEEK_BIT)
#define WASI_RIGHT_FD_FDSTAT_SET_FLAGS WASI_RIGHT(WASI_RIGHT_FD_FDSTAT_SET_FLAGS_BIT)
#define WASI_RIGHT_FD_SYNC WASI_RIGHT(WASI_RIGHT_FD_SYNC_BIT)
#define WASI_RIGHT_FD_TELL WASI_RIGHT(WASI_RIGHT_FD_TELL_BIT)
#define WASI_RIGHT_FD_WRITE WASI_RIGHT(WASI_RIGHT_FD_WRITE_BIT)
#define WASI_RIGHT_FD_ADVISE WASI_RIGHT(WASI_RIGHT_FD_ADVISE_BIT)
#define WASI_RIGHT_FD_ALLOCATE WASI_RIGHT(WASI_RIGHT_FD_ALLOCATE_BIT)
#define WASI_RIGHT_PATH_CREATE_DIRECTORY WASI_RIGHT(WASI_RIGHT_PATH_CREATE_DIRECTORY_BIT)
#define WASI_RIGHT_PATH_CREATE_FILE WASI_RIGHT(WASI_RIGHT_PATH_CREATE_FILE_BIT)
#define WASI_RIGHT_PATH_LINK_SOURCE WASI_RIGHT(WASI_RIGHT_PATH_LINK_SOURCE_BIT)
#define WASI_RIGHT_PATH_LINK_TARGET WASI_RIGHT(WASI_RIGHT_PATH_LINK_TARGET_BIT)
#define WASI_RIGHT_PATH_OPEN WASI_RIGHT(WASI_RIGHT_PATH_OPEN_BIT)
#define WASI_RIGHT_FD_READDIR WASI_RIGHT(WASI_RIGHT_FD_READDIR_BIT)
#define WASI_RIGHT_PATH_READLINK WASI_RIGHT(WASI_RIGHT_PATH_READLINK_BIT)
#define WASI_RIGHT_PATH_RENAME_SOURCE WASI_RIGHT(WASI_RIGHT_PATH_RENAME_SOURCE_BIT)
#define WASI_RIGHT_PATH_RENAME_TARGET WASI_RIGHT(WASI_RIGHT_PATH_RENAME_TARGET_BIT)
#define WASI_RIGHT_PATH_FILESTAT_GET WASI_RIGHT(WASI_RIGHT_PATH_FILESTAT_GET_BIT)
#define WASI_RIGHT_PATH_FILESTAT_SET_SIZE WASI_RIGHT(WASI_RIGHT_PATH_FILESTAT_SET_SIZE_BIT)
#define WASI_RIGHT_PATH_FILESTAT_SET_TIMES WASI_RIGHT(WASI_RIGHT_PATH_FILESTAT_SET_TIMES_BIT)
#define WASI_RIGHT_FD_FILESTAT_GET WASI_RIGHT(WASI_RIGHT_FD_FILESTAT_GET_BIT)
#define WASI_RIGHT_FD_FILESTAT_SET_SIZE WASI_RIGHT(WASI_RIGHT_FD_FILESTAT_SET_SIZE_BIT)
#define WASI_RIGHT_FD_FILESTAT_SET_TIMES WASI_RIGHT(WASI_RIGHT_FD_FILESTAT_SET_TIMES_BIT)
#define WASI_RIGHT_PATH_SYMLINK WASI_RIGHT(WASI_RIGHT_PATH_SYMLINK_BIT)
#define WASI_RIGHT_PATH_REMOVE_DIRECTORY WASI_RIGHT(WASI_RIGHT_PATH_REMOVE_DIRECTORY_BIT)
#define WASI_RIGHT_PATH_UNLINK_FILE WASI_RIGHT(WASI_RIGHT_PATH_UNLINK_FILE_BIT)
#define WASI_RIGHT_POLL_FD_READWRITE WASI_RIGHT(WASI_RIGHT_POLL_FD_READWRITE_BIT)
#define WASI_RIGHT_SOCK_SHUTDOWN WASI_RIGHT(WASI_RIGHT_SOCK_SHUTDOWN_BIT)
#define WASI_RIGHT_SOCK_ACCEPT WASI_RIGHT(WASI_RIGHT_SOCK_ACCEPT_BIT)

/* Every right witx defines. */
#define WASI_RIGHTS_ALL (WASI_RIGHT(WASI_RIGHT_COUNT) - 1)

/* ------------------------------------------------------------ small enums */

enum wasi_filetype { /* u8 */
	WASI_FILETYPE_UNKNOWN = 0,
	WASI_FILETYPE_BLOCK_DEVICE = 1,
	WASI_FILETYPE_CHARACTER_DEVICE = 2,
	WASI_FILETYPE_DIRECTORY = 3,
	WASI_FILETYPE_REGULAR_FILE = 4,
	WASI_FILETYPE_SOCKET_DGRAM = 5,
	WASI_FILETYPE_SOCKET_STREAM = 6,
	WASI_FILETYPE_SYMBOLIC_LINK = 7,
};

enum wasi_whence { /* u8 */
	WASI_WHENCE_SET = 0,
	WASI_WHENCE_CUR = 1,
	WASI_WHENCE_END = 2,
};

enum wasi_clockid { /* u32 */
	WASI_CLOCK_REALTIME = 0,
	WASI_CLOCK_MONOTONIC = 1,
	WASI_CLOCK_PROCESS_CPUTIME_ID = 2,
	WASI_CLOCK_THREAD_CPUTIME_ID = 3,
};

enum wasi_advice { /* u8 */
	WASI_ADVICE_NORMAL = 0,
	WASI_ADVICE_SEQUENTIAL = 1,
	WASI_ADVICE_RANDOM = 2,
	WASI_ADVICE_WILLNEED = 3,
	WASI_ADVICE_DONTNEED = 4,
	WASI_ADVICE_NOREUSE = 5,
};

enum wasi_eventtype { /* u8 */
	WASI_EVENTTYPE_CLOCK = 0,
	WASI_EVENTTYPE_FD_READ = 1,
	WASI_EVENTTYPE_FD_WRITE = 2,
};

enum wasi_preopentype { /* u8 */
	WASI_PREOPENTYPE_DIR = 0,
};

/* ------------------------------------------------------------- flag sets */

enum { /* fdflags, u16 */
	WASI_FDFLAG_APPEND = 1 << 0,
	WASI_FDFLAG_DSYNC = 1 << 1,
	WASI_FDFLAG_NONBLOCK = 1 << 2,
	WASI_FDFLAG_RSYNC = 1 << 3,
	WASI_FDFLAG_SYNC = 1 << 4,
	WASI_FDFLAGS_ALL = (1 << 5) - 1,
};

enum { /* fstflags, u16 */
	WASI_FSTFLAG_ATIM = 1 << 0,
	WASI_FSTFLAG_ATIM_NOW = 1 << 1,
	WASI_FSTFLAG_MTIM = 1 << 2,
	WASI_FSTFLAG_MTIM_NOW = 1 << 3,
	WASI_FSTFLAGS_ALL = (1 << 4) - 1,
};

enum { /* lookupflags, u32 */
	WASI_LOOKUPFLAG_SYMLINK_FOLLOW = 1 << 0,
};

enum { /* oflags, u16 */
	WASI_OFLAG_CREAT = 1 << 0,
	WASI_OFLAG_DIRECTORY = 1 << 1,
	WASI_OFLAG_EXCL = 1 << 2,
	WASI_OFLAG_TRUNC = 1 << 3,
	WASI_OFLAGS_ALL = (1 << 4) - 1,
};

enum { /* eventrwflags, u16 */
	WASI_EVENT_FD_READWRITE_HANGUP = 1 << 0,
};

enum { /* subclockflags, u16 */
	WASI_SUBSCRIPTION_CLOCK_ABSTIME = 1 << 0,
};

enum { /* riflags, u16 */
	WASI_RECV_PEEK = 1 << 0,
	WASI_RECV_WAITALL = 1 << 1,
};

enum { /* roflags, u16 */
	WASI_RECV_DATA_TRUNCATED = 1 << 0,
};

enum { /* sdflags, u8 */
	WASI_SHUT_RD = 1 << 0,
	WASI_SHUT_WR = 1 << 1,
};

/* ------------------------------------------------ struct layouts (bytes) */

enum { /* iovec / ciovec */
	WASI_IOVEC_BUF = 0,     /* u32 pointer */
	WASI_IOVEC_BUF_LEN = 4, /* u32 */
	WASI_IOVEC_SIZE = 8,
};
_Static_assert(WASI_IOVEC_BUF_LEN + 4 == WASI_IOVEC_SIZE, "iovec layout");

enum { /* dirent, followed by d_namlen name bytes */
	WASI_DIRENT_D_NEXT = 0,   /* u64 dircookie */
	WASI_DIRENT_D_INO = 8,    /* u64 inode */
	WASI_DIRENT_D_NAMLEN = 16, /* u32 */
	WASI_DIRENT_D_TYPE = 20,  /* u8 filetype */
	WASI_DIRENT_SIZE = 24,
};
_Static_assert(WASI_DIRENT_D_TYPE + 1 + 3 == WASI_DIRENT_SIZE,
	       "dirent layout (3 bytes of tail padding)");

enum { /* fdstat */
	WASI_FDSTAT_FS_FILETYPE = 0,         /* u8 */
	WASI_FDSTAT_FS_FLAGS = 2,            /* u16 fdflags */
	WASI_FDSTAT_FS_RIGHTS_BASE = 8,      /* u64 */
	WASI_FDSTAT_FS_RIGHTS_INHERITING = 16, /* u64 */
	WASI_FDSTAT_SIZE = 24,
};
_Static_assert(WASI_FDSTAT_FS_RIGHTS_INHERITING + 8 == WASI_FDSTAT_SIZE,
	       "fdstat layout");

enum { /* filestat */
	WASI_FILESTAT_DEV = 0,      /* u64 */
	WASI_FILESTAT_INO = 8,      /* u64 */
	WASI_FILESTAT_FILETYPE = 16, /* u8 */
	WASI_FILESTAT_NLINK = 24,   /* u64 */
	WASI_FILESTAT_SIZE_ = 32,   /* u64 (the field "size") */
	WASI_FILESTAT_ATIM = 40,    /* u64 ns */
	WASI_FILESTAT_MTIM = 48,    /* u64 ns */
	WASI_FILESTAT_CTIM = 56,    /* u64 ns */
	WASI_FILESTAT_SIZE = 64,
};
_Static_assert(WASI_FILESTAT_CTIM + 8 == WASI_FILESTAT_SIZE, "filestat layout");

enum { /* prestat: union tagged by preopentype */
	WASI_PRESTAT_TAG = 0,         /* u8 preopentype */
	WASI_PRESTAT_DIR_NAME_LEN = 4, /* u32 pr_name_len */
	WASI_PRESTAT_SIZE = 8,
};
_Static_assert(WASI_PRESTAT_DIR_NAME_LEN + 4 == WASI_PRESTAT_SIZE,
	       "prestat layout");

enum { /* event */
	WASI_EVENT_USERDATA = 0,  /* u64 */
	WASI_EVENT_ERROR = 8,     /* u16 errno */
	WASI_EVENT_TYPE = 10,     /* u8 eventtype */
	WASI_EVENT_FD_READWRITE_NBYTES = 16, /* u64 */
	WASI_EVENT_FD_READWRITE_FLAGS = 24,  /* u16 eventrwflags */
	WASI_EVENT_SIZE = 32,
};
_Static_assert(WASI_EVENT_FD_READWRITE_FLAGS + 2 + 6 == WASI_EVENT_SIZE,
	       "event layout (6 bytes of tail padding)");

enum { /* subscription: userdata, then subscription_u (tag, 7 pad, body) */
	WASI_SUBSCRIPTION_USERDATA = 0,  /* u64 */
	WASI_SUBSCRIPTION_TAG = 8,       /* u8 eventtype */
	WASI_SUBSCRIPTION_CLOCK_ID = 16, /* u32 clockid */
	WASI_SUBSCRIPTION_CLOCK_TIMEOUT = 24,   /* u64 timestamp */
	WASI_SUBSCRIPTION_CLOCK_PRECISION = 32, /* u64 timestamp */
	WASI_SUBSCRIPTION_CLOCK_FLAGS = 40,     /* u16 subclockflags */
	WASI_SUBSCRIPTION_FD_READWRITE_FD = 16, /* u32 fd */
	WASI_SUBSCRIPTION_SIZE = 48,
};
_Static_assert(WASI_SUBSCRIPTION_CLOCK_FLAGS + 2 + 6 == WASI_SUBSCRIPTION_SIZE,
	       "subscription layout (6 bytes of tail padding)");

/* ------------------------------------------- little-endian field access */

static inline void wasi_put_u8(uint8_t *p, uint32_t off, uint8_t v)
{
	p[off] = v;
}

static inline void wasi_put_u16(uint8_t *p, uint32_t off, uint16_t v)
{
	p[off] = (uint8_t)v;
	p[off + 1] = (uint8_t)(v >> 8);
}

static inline void wasi_put_u32(uint8_t *p, uint32_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[off + i] = (uint8_t)(v >> (8 * i));
}

static inline void wasi_put_u64(uint8_t *p, uint32_t off, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[off + i] = (uint8_t)(v >> (8 * i));
}

static inline uint16_t wasi_get_u16(const uint8_t *p, uint32_t off)
{
	return (uint16_t)(p[off] | (p[off + 1] << 8));
}

static inline uint32_t wasi_get_u32(const uint8_t *p, uint32_t off)
{
	uint32_t v = 0;
	for (int i = 3; i >= 0; i--)
		v = (v << 8) | p[off + i];
	return v;
}

static inline uint64_t wasi_get_u64(const uint8_t *p, uint32_t off)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[off + i];
	return v;
}

#endif
