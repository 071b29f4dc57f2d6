/*
 * main.c — `wrr`: dispatch to the subcommands (run, record, replay, dump,
 * info), --help and --version.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"run", wrr_cmd_run, "run a WASI command module"},
	{"record", wrr_cmd_record, "run a module and record a trace"},
	{"replay", wrr_cmd_replay, "replay a trace deterministically"},
	{"dump", wrr_cmd_dump, "print the events of a trace"},
	{"info", wrr_cmd_info, "print a trace's header and statistics"},
};

static void usage(FILE *f)
{
	fputs("Usage: wrr COMMAND [OPTIONS] ...\n\n"
	      "Deterministic record and replay for WebAssembly (WASI preview1)."
	      "\n\nCommands:\n", f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name,
			commands[i].summary);
	fputs("\nOptions:\n"
	      "  -h, --help     print this help\n"
	      "  -V, --version  print the version\n\n"
	      "'wrr COMMAND --help' describes a command.\n", f);
}

int main(int argc, char **argv)
{
	/* A guest writing to a closed pipe gets EPIPE, not our death. */
	signal(SIGPIPE, SIG_IGN);
	/* fds 0-2 become the guest's stdio: if one is closed, park /dev/null
	 * there so that no file we open (module, preopen) lands on it. */
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) == -1 &&
		    open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			return WRR_EXIT_ERROR;
	}

	if (argc < 2) {
		usage(stderr);
		return WRR_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("wrr %s\n", WRR_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "wrr: error: unknown command '%s' (see 'wrr --help')"
		"\n", cmd);
	return WRR_EXIT_USAGE;
}
