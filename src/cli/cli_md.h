/* cli_md.h — building the journeys of a Markdown document (cmd_build_md.c). */
#ifndef JMAP_CLI_MD_H
#define JMAP_CLI_MD_H

#include "cli.h"
#include "render.h"

/* The input is a Markdown document (.md, .markdown). */
bool cli_is_markdown(const char *path);

/* Builds every journey of the document `input` into maps beside out_path
 * (format base->format, file extension `ext`) and writes the document with
 * links to them to out_path. Returns an exit status. */
int cli_build_markdown(const char *input, const char *out_path, const jmap_render_opts *base,
                       const char *ext);

#endif
