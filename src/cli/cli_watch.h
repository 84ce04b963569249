/* cli_watch.h — rebuild on every save (jmap build --watch, watch.c). */
#ifndef JMAP_CLI_WATCH_H
#define JMAP_CLI_WATCH_H

#include "cli.h"

/* One build: fills deps (g_strdup'd paths, the main file first) with every
 * file it read, returns an exit status. `fresh`: the first build, or a file
 * besides the main one changed (what a build keeps for the next is stale). */
typedef int (*cli_build_fn)(void *ctx, GPtrArray *deps, bool fresh);

/* Builds, then watches the files the build read and builds again when one
 * of them is saved, replaced or appears, until interrupted. A build that
 * fails leaves the previous output as it was. Returns only when nothing can
 * be watched (an exit status). JMAP_WATCH_MAX_BUILDS (tests) stops after
 * that many builds. */
int cli_watch(cli_build_fn build, void *ctx, bool quiet);

/* The same in parts, for a caller with more to do in the main loop (jmap
 * serve): new builds once and starts watching; `built` (may be NULL) is
 * called after every build; run runs the default main loop. */
typedef struct cli_watcher cli_watcher;
cli_watcher *cli_watcher_new(cli_build_fn build, void *ctx, bool quiet,
                             void (*built)(void *ud, int status), void *ud);
int cli_watcher_run(cli_watcher *w);
void cli_watcher_free(cli_watcher *w); /* accepts NULL */

/* Adds (g_strdup'd) the image files a journey reads: what a build of it
 * depends on besides the journey file and its side files. */
void cli_add_image_deps(const jmap_journey *j, GPtrArray *deps);

#endif
