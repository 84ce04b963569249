/* cli_options.h — GOptionContext glue shared by the commands. */
#ifndef JMAP_CLI_OPTIONS_H
#define JMAP_CLI_OPTIONS_H

#include "cli.h"
#include <glib.h>

/* Parses; on error prints it and sets *done with the status to return. */
int cli_parse_options(GOptionContext *ctx, const char *cmd, int *argc, char ***argv, bool *done);

/* --safe, for the commands that read inputs (check, build, report, list). */
#define CLI_SAFE_OPTION(flag)                                                                  \
    {"safe", 0, 0, G_OPTION_ARG_NONE, (flag),                                                  \
     "Refuse inputs that lead outside the current folder (through a symbolic link, '..' or "   \
     "an absolute path); JMAP_SAFE=1 does the same", NULL}

#endif
