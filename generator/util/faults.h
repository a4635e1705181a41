/* Fault injection for the tests (tests/faults/): every filesystem step that publishes the output or the
 * cache asks fault_hit() first, so a test can make the Nth step of a kind fail, or kill the build there,
 * and check that nothing is lost. Without $JISITE_FAULT it costs one branch. */
#ifndef JISITE_FAULTS_H
#define JISITE_FAULTS_H

/* The kinds of step counted: a file written, a folder made, a hard link, a rename or exchange, a removal. */
enum fault_op { FAULT_WRITE, FAULT_MKDIR, FAULT_LINK, FAULT_RENAME, FAULT_UNLINK, FAULT_NOPS };

/*
 * Reads $JISITE_FAULT once, in the main process, before any worker is forked:
 *   "OP:N"       the Nth step of kind OP (write, mkdir, link, rename, unlink; "any" for every kind) fails
 *                with EIO;
 *   "kill:OP:N"  the build (the main process and its workers) is killed by SIGKILL at that step;
 *   "exit:OP:N"  the process that takes that step ends there with status 3 and says nothing (as a crash
 *                that is no signal would: a sanitizer's halt_on_error), in each worker that gets there;
 *   "count"      nothing fails; at exit, "jisite-faults: write=N mkdir=N link=N rename=N unlink=N any=N"
 *                is printed on stderr.
 * Counts are per process: the tests that need exact counts build with --jobs 1.
 */
void fault_init(void);

/* Counts a step of kind op; returns -1 with errno EIO when it is the one to fail (or does not return when
 * it is the one to kill at), otherwise 0. */
int fault_hit(enum fault_op op);

#endif
