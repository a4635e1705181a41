/* The commands of jisite's command line, one file each in cmd/, over the library (as git's builtin/): a
 * command parses its options, calls the library, prints what it reports and turns the result into an exit
 * status. main.c holds the table of commands and dispatches to them. Only main.c and cmd/ print usage, and
 * nothing calls exit(): a command returns its status. */
#ifndef JISITE_CMD_H
#define JISITE_CMD_H

#include "util/diag.h"

/* The exit statuses besides 0, as `jisite --help` lists them. */
enum { EXIT_CONTENT = 1, EXIT_USAGE = 2 };

/* The commands: argv[0] is the command's name; each returns jisite's exit status. */
int cmd_build(int argc, char **argv);        /* cmd/build.c */
int cmd_check(int argc, char **argv);        /* cmd/build.c: a build that writes nothing */
int cmd_new(int argc, char **argv);          /* cmd/new.c */
int cmd_serve(int argc, char **argv);        /* cmd/serve.c */
int cmd_translations(int argc, char **argv); /* cmd/translations.c */
int cmd_apply_update(int argc, char **argv); /* cmd/apply_update.c */

/* The helpers the commands share, in main.c. */

/* Prints "jisite: " and fmt (with arg) and the command's usage text to stderr; returns EXIT_USAGE. */
int usage_error(const char *usage, const char *fmt, const char *arg);

/* Prints the messages of diags (then released) as "jisite: message" lines, as for a -C folder that is not
 * there: usage errors found before anything was read or written (a revision, the output folder,
 * SOURCE_DATE_EPOCH), whose messages name what is wrong. Returns EXIT_USAGE. */
int usage_diags(struct diag_list *diags);

/* Prints what a command reported, sorted, as path:line:col: severity: message lines on stderr, and
 * releases diags. */
void report_diags(struct diag_list *diags);

/* Changes to dir (-C). Returns 0, or EXIT_USAGE after saying why it cannot. */
int change_dir(const char *dir);

#endif
