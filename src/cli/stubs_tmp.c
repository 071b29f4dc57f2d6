/* stubs_tmp.c — TEMPORARY weak stand-ins for the subcommands that are not
 * written yet; the real definitions override them. Delete when they land. */
#include "cli/cli.h"

static int not_yet(const char *name)
{
	fprintf(stderr, "wrr: error: '%s' is not implemented yet\n", name);
	return WRR_EXIT_ERROR;
}

__attribute__((weak)) int wrr_cmd_record(int argc, char **argv)
{
	return not_yet("record");
}

__attribute__((weak)) int wrr_cmd_replay(int argc, char **argv)
{
	return not_yet("replay");
}

__attribute__((weak)) int wrr_cmd_dump(int argc, char **argv)
{
	return not_yet("dump");
}

__attribute__((weak)) int wrr_cmd_info(int argc, char **argv)
{
	return not_yet("info");
}
