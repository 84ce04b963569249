/* cli_options.h — GOptionContext glue shared by the commands. */
#ifndef JMAP_CLI_OPTIONS_H
#define JMAP_CLI_OPTIONS_H

#include "cli.h"
#include <glib.h>

/* Parses; on error prints it and sets *done with the status to return. */
int cli_parse_options(GOptionContext *ctx, const char *cmd, int *argc, char ***argv, bool *done);

#endif
