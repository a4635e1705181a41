/* Fault injection (see faults.h). */
#include "util/faults.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/str.h"

static const char *const op_names[FAULT_NOPS + 1] = { "write", "mkdir", "link", "rename", "unlink", "any" };

static struct {
	int enabled;
	int kill;           /* kill the build at the step, rather than fail it */
	int exit;           /* end the process at the step with status 3, as a crash that is no signal would */
	int counting;       /* print the counts at exit */
	int op;             /* the kind of step; FAULT_NOPS for any */
	unsigned long at;   /* the step's number, from 1 */
	atomic_ulong count[FAULT_NOPS + 1]; /* a build writes from two threads at once (the sitemap's) */
	pid_t main_pid;
} faults;

static void print_counts(void)
{
	if (getpid() != faults.main_pid)
		return;
	fprintf(stderr, "jisite-faults:");
	for (int i = 0; i <= FAULT_NOPS; i++)
		fprintf(stderr, " %s=%lu", op_names[i], atomic_load(&faults.count[i]));
	fprintf(stderr, "\n");
}

void fault_init(void)
{
	const char *spec = getenv("JISITE_FAULT");
	char *end;

	if (!spec || !*spec || faults.enabled)
		return;
	faults.enabled = 1;
	faults.main_pid = getpid();
	if (!strcmp(spec, "count")) {
		faults.counting = 1;
		atexit(print_counts);
		return;
	}
	if (skip_prefix(spec, "kill:", &spec))
		faults.kill = 1;
	else if (skip_prefix(spec, "exit:", &spec))
		faults.exit = 1;
	faults.op = -1;
	for (int i = 0; i <= FAULT_NOPS; i++) {
		size_t n = strlen(op_names[i]);
		if (!strncmp(spec, op_names[i], n) && spec[n] == ':') {
			faults.op = i;
			spec += n + 1;
		}
	}
	faults.at = strtoul(spec, &end, 10);
	if (faults.op < 0 || *end || !faults.at) {
		fprintf(stderr, "jisite: JISITE_FAULT='%s' is not OP:N, kill:OP:N, exit:OP:N or count\n",
			getenv("JISITE_FAULT"));
		faults.enabled = 0;
	}
}

int fault_hit(enum fault_op op)
{
	unsigned long n, of_op;

	if (!faults.enabled)
		return 0;
	of_op = atomic_fetch_add(&faults.count[op], 1) + 1;
	n = atomic_fetch_add(&faults.count[FAULT_NOPS], 1) + 1;
	if (faults.counting || (faults.op != FAULT_NOPS && faults.op != (int)op))
		return 0;
	if ((faults.op == FAULT_NOPS ? n : of_op) != faults.at)
		return 0;
	if (faults.kill) {
		/* the whole build: its process group when it leads one (the tests start it with setsid), so
		 * no worker goes on writing after it; otherwise the main process, then this one */
		if (getpgrp() != faults.main_pid || kill(-faults.main_pid, SIGKILL))
			kill(faults.main_pid, SIGKILL);
		raise(SIGKILL);
	}
	if (faults.exit)
		_exit(3);
	errno = EIO;
	return -1;
}
