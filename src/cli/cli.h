/*
 * cli.h — what the command implementations share. Only the CLI prints and
 * chooses exit statuses; the library returns diagnostics.
 */
#ifndef JMAP_CLI_H
#define JMAP_CLI_H

#include "jmap.h"
#include "i18n.h"
#include <glib.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

/* Exit statuses (docs/cli.md). */
enum {
    EXIT_OK = 0,
    EXIT_INVALID = 1, /* the journey or CSV is invalid */
    EXIT_USAGE = 2,   /* unknown option, missing argument */
    EXIT_IO = 3       /* cannot read input or write output */
};

typedef struct cli_ctx {
    bool quiet;   /* -q: errors only */
    bool color;   /* stderr is a terminal and NO_COLOR is unset */
    bool safe;    /* --safe or JMAP_SAFE: inputs must stay inside the working folder */
    const char *prog;
} cli_ctx;

extern cli_ctx g_cli;

/*
 * Reads an input (a journey, a theme kit, a survey CSV; "-" = stdin). Only a
 * regular file is opened, without blocking and without following it to a
 * device, pipe or socket; at most JMAP_MAX_INPUT_BYTES + 1 bytes are read
 * (a larger regular file is not read at all: *len gives its size and *data
 * is empty, for the loader to refuse it). With g_cli.safe, a file or folder
 * that leads outside the working folder is refused. On failure prints a
 * message (never the file's content) and returns false.
 */
bool cli_read_file(const char *path, char **data, size_t *len);

/* JMAP_SAFE in the environment: set, non-empty and not "0". */
bool cli_safe_from_env(void);

/* Sets up the program's heap (heap.c); first thing in main. */
void cli_heap_init(void);

/* Loads and checks a journey; prints its diagnostics (warnings unless -q).
 * Returns the doc (caller frees) and sets *status to EXIT_OK, EXIT_INVALID or EXIT_IO. */
jmap_doc *cli_load_journey(const char *path, int *status);

/* --threshold NAME=VALUE (repeatable, NULL: none) into *out. A bad name or
 * number is a usage error: prints why and returns false. */
bool cli_parse_thresholds(char **specs, jmap_thresholds *out);
/* The values against the journey's scale; prints why and returns false
 * (exit 1) when one does not fit. */
bool cli_check_thresholds(const jmap_thresholds *t, const jmap_journey *j);

/* Prints every diagnostic of the list, sorted, GCC style, honouring -q. */
void cli_print_diags(jmap_diags *d);

/* A value from the command line or a file, for a message: escaped and cut
 * (jmap_quote). The result lives in a small ring of buffers: enough for the
 * values of one message. File names are not cut; the message printer
 * escapes them with the rest of the message. */
const char *cli_q(const char *s);

/* "jmap: error: ..." for problems with no place in a file. The message is
 * printed with its control characters escaped (jmap_escape_text). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Writes data to path atomically: a temporary file beside it, then rename.
 * "-" writes to stdout. Prints a message and returns false on failure
 * (the target is then untouched and no temporary is left).
 */
bool cli_write_atomic(const char *path, const void *data, size_t len);

/* write(2) until all of data is written (retrying on EINTR). */
bool cli_write_all(int fd, const void *data, size_t len);

/* Two steps of the same, for batches that must land whole or not at all:
 * cli_stage_file writes a complete temporary beside path and returns its
 * name (NULL after printing why); cli_commit_file renames it into place
 * (frees tmp); cli_discard_file removes it (frees tmp, accepts NULL). */
char *cli_stage_file(const char *path, const void *data, size_t len);
bool cli_commit_file(char *tmp, const char *path);
void cli_discard_file(char *tmp);

/* Renames every staged temporary tmps[k] onto paths[k], all or nothing:
 * when one rename fails, the targets already renamed get their previous
 * file back (kept under a second, hidden name meanwhile) or are removed
 * when they had none, and the remaining temporaries are removed. Frees
 * and clears every tmps[k]; prints why on failure. */
bool cli_commit_files(char **tmps, char *const *paths, size_t n);

/* batch.c: the outputs of a build (GByteArray*s) land all or none. Adds a
 * map's outputs to the batch (paths, data): `path` for one, numbered files
 * (map-1.png...) for a map on several sheets; false (said why) when several
 * would go to standard output. */
bool cli_add_files(GPtrArray *outs, const char *path, GPtrArray *paths, GPtrArray *data);
/* Writes the batch: each file staged beside its target, then all renamed
 * into place; "-" is standard output. Returns an exit status. */
int cli_write_batch(GPtrArray *paths, GPtrArray *data);
/* Frees a map's outputs and the array. */
void cli_free_outputs(GPtrArray *outs);

/*
 * Hidden files being written (tempfiles.c): registered while they exist so
 * that SIGHUP, SIGINT, SIGQUIT and SIGTERM remove them before the program
 * dies of the signal; SIGXFSZ is ignored (writes then fail with EFBIG).
 * Change the registry, and create, rename or remove its files, only between
 * cli_signals_block and cli_signals_restore. cli_temp_add returns false when
 * the registry is full (CLI_MAX_TEMPS files; a batch needs two per persona).
 */
#define CLI_MAX_TEMPS 512
void cli_signals_init(void);
void cli_signals_block(sigset_t *old);
void cli_signals_restore(const sigset_t *old);
bool cli_temp_add(const char *path);
void cli_temp_forget(const char *path);

/* Commands: argc/argv start at the command name. Return an exit status. */
int cmd_check(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_serve(int argc, char **argv);
/* main.c: runs `jmap serve` (argv[0] "serve") in jmap-serve beside jmap;
 * returns only if it cannot. */
int cli_run_live(int argc, char **argv);

/* Adds (g_strdup'd) the image files a journey reads: what a build of it
 * depends on besides the journey file and its side files. */
void cli_add_image_deps(const jmap_journey *j, GPtrArray *deps);

/* version.c: loads one version of a journey — a file, "-", or REV:PATH
 * through git — printing its diagnostics under the name given; *status is
 * EXIT_OK, EXIT_IO or `invalid`. Images are not looked at. */
jmap_doc *cli_load_version(const char *arg, int *status, int invalid);
/* A short name for a version: REV of REV:PATH, else the file's name
 * without folder and extension (g_malloc'd). */
char *cli_version_label(const char *arg);

#endif
