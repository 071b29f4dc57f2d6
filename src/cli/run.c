/* run.c — `wrr run [OPTIONS] MODULE [ARGS...]`: run a WASI command. */
#include "cli/cli.h"

/* `wrr run`: argv[0] is "run". Returns the exit status of
 * wrr_session_run, or 2 on a bad command line (0 after --help). */
int wrr_cmd_run(int argc, char **argv)
{
	struct wrr_run_options opts;
	if (!wrr_run_options_parse(argc, argv, false, &opts))
		return opts.help_shown ? 0 : WRR_EXIT_USAGE;
	int status = wrr_session_run(&opts, NULL);
	wrr_run_options_free(&opts);
	return status;
}
