/*
 * util.c — reading inputs, printing diagnostics and writing outputs
 * atomically: what every command shares.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

cli_ctx g_cli = {.prog = "jmap"};

const char *cli_q(const char *s)
{
    static char ring[4][JMAP_QUOTE_SIZE];
    static unsigned next;
    return jmap_quote_into(ring[next++ % G_N_ELEMENTS(ring)], s);
}

static void vmessage(const char *label, const char *colour, const char *fmt, va_list ap)
{
    char *raw = g_strdup_vprintf(fmt, ap);
    /* Values and file names in the message come from the command line and
     * from files: nothing in them may reach the terminal raw. */
    char *msg = jmap_escape_text(raw);
    if (g_cli.color)
        fprintf(stderr, "\033[1mjmap:\033[0m %s%s:\033[0m %s\n", colour, label, msg);
    else
        fprintf(stderr, "jmap: %s: %s\n", label, msg);
    free(msg);
    g_free(raw);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage("error", "\033[1;31m", fmt, ap);
    va_end(ap);
}

void cli_warning(const char *fmt, ...)
{
    if (g_cli.quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmessage("warning", "\033[1;35m", fmt, ap);
    va_end(ap);
}

bool cli_read_file(const char *path, char **data, size_t *len)
{
    GError *err = NULL;
    if (strcmp(path, "-") == 0) {
        /* Read stdin in blocks, stopping one byte past the size cap so an
         * endless stream cannot exhaust memory. */
        GByteArray *buf = g_byte_array_new();
        guint8 block[65536];
        size_t n;
        while ((n = fread(block, 1, sizeof block, stdin)) > 0) {
            g_byte_array_append(buf, block, (guint)n);
            if (buf->len > JMAP_MAX_INPUT_BYTES)
                break;
        }
        if (ferror(stdin)) {
            cli_error("cannot read standard input: %s", g_strerror(errno));
            g_byte_array_free(buf, TRUE);
            return false;
        }
        *len = buf->len;
        g_byte_array_append(buf, (const guint8 *)"", 1);
        *data = (char *)g_byte_array_free(buf, FALSE);
        return true;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_error("cannot read '%s': it is a directory", path);
        return false;
    }
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > JMAP_MAX_INPUT_BYTES) {
        /* Let the loader say it is too large, without reading it all. */
        *data = g_strdup("");
        *len = (size_t)st.st_size;
        return true;
    }
    gsize glen = 0;
    if (!g_file_get_contents(path, data, &glen, &err)) {
        cli_error("cannot read '%s': %s", path,
                  err->code == G_FILE_ERROR_NOENT ? "no such file" : err->message);
        g_error_free(err);
        return false;
    }
    *len = glen;
    return true;
}

void cli_print_diags(jmap_diags *d)
{
    jmap_diags_sort(d);
    for (size_t i = 0; i < d->count; i++) {
        const jmap_diag *x = &d->items[i];
        /* -q drops warnings; notes stay, they explain errors (a note may sort
         * before its error, e.g. the first place of a duplicate) */
        if (g_cli.quiet && x->severity == JMAP_SEV_WARNING)
            continue;
        char *s = jmap_diag_format(x, g_cli.color);
        fputs(s, stderr);
        free(s);
    }
    if (d->truncated)
        fprintf(stderr, "jmap: too many errors (%zu); only the first %zu are shown\n", d->errors,
                d->max_errors ? d->max_errors : (size_t)JMAP_DEFAULT_MAX_ERRORS);
}

jmap_doc *cli_load_journey(const char *path, int *status)
{
    char *data = NULL;
    size_t len = 0;
    if (!cli_read_file(path, &data, &len)) {
        *status = EXIT_IO;
        return NULL;
    }
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    jmap_load_opts opts = {0};
    if (strcmp(path, "-") == 0)
        opts.base_dir = ".";
    jmap_doc *doc = jmap_load(name, data, len, &opts);
    g_free(data);
    if (!doc) {
        cli_error("out of memory");
        *status = EXIT_IO;
        return NULL;
    }
    cli_print_diags(&doc->diags);
    *status = (doc->diags.errors || !doc->journey) ? EXIT_INVALID : EXIT_OK;
    return doc;
}

bool cli_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += w;
        len -= (size_t)w;
    }
    return true;
}

char *cli_stage_file(const char *path, const void *data, size_t len)
{
    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    g_free(dir);
    g_free(base);
    int fd = g_mkstemp_full(tmpl, O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        cli_error("cannot write '%s': %s", path, g_strerror(errno));
        g_free(tmpl);
        return NULL;
    }
    /* mkstemp creates 0600; give the file the usual permissions (umask). */
    mode_t um = umask(0);
    umask(um);
    int e = 0;
    /* No fsync: like a compiler's output, a map is rebuilt from its journey.
     * The rename is what keeps a failed or interrupted run from leaving a
     * partial map (docs/decisions.md). */
    if (fchmod(fd, 0666 & ~um) != 0 || !cli_write_all(fd, data, len))
        e = errno;
    if (close(fd) != 0 && !e)
        e = errno;
    if (e) {
        unlink(tmpl);
        cli_error("cannot write '%s': %s", path, g_strerror(e));
        g_free(tmpl);
        return NULL;
    }
    return tmpl;
}

bool cli_commit_file(char *tmp, const char *path)
{
    bool ok = rename(tmp, path) == 0;
    if (!ok) {
        int e = errno;
        unlink(tmp);
        cli_error("cannot write '%s': %s", path, g_strerror(e));
    }
    g_free(tmp);
    return ok;
}

void cli_discard_file(char *tmp)
{
    if (tmp)
        unlink(tmp);
    g_free(tmp);
}

/* A second name for the file now at path, beside it, so that a batch that
 * fails halfway can put it back: NULL when there is nothing to keep (no
 * file, or a directory, which the rename refuses anyway) or when the file
 * system has no hard links. *existed tells whether path was there. */
static char *keep_previous(const char *path, bool *existed)
{
    struct stat st;
    *existed = lstat(path, &st) == 0;
    if (!*existed || S_ISDIR(st.st_mode))
        return NULL;
    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    char *keep = NULL;
    for (int attempt = 0; attempt < 64 && !keep; attempt++) {
        char *name = g_strdup_printf("%s/.%s.old.%08x", dir, base, g_random_int());
        if (link(path, name) == 0)
            keep = name;
        else {
            g_free(name);
            if (errno != EEXIST)
                break;
        }
    }
    g_free(dir);
    g_free(base);
    return keep;
}

bool cli_commit_files(char **tmps, char *const *paths, size_t n)
{
    char **kept = g_new0(char *, n ? n : 1);
    bool *existed = g_new0(bool, n ? n : 1);
    for (size_t k = 0; k < n; k++)
        kept[k] = keep_previous(paths[k], &existed[k]);
    size_t done = 0;
    int e = 0;
    for (; done < n; done++) {
        if (rename(tmps[done], paths[done]) != 0) {
            e = errno;
            break;
        }
        g_free(tmps[done]);
        tmps[done] = NULL;
    }
    if (done < n) {
        cli_error("cannot write '%s': %s", paths[done], g_strerror(e));
        for (size_t k = done; k < n; k++) {
            cli_discard_file(tmps[k]);
            tmps[k] = NULL;
        }
        /* Undo the renames already made: each target gets its previous
         * file back, or is removed when it had none. */
        size_t lost = 0;
        for (size_t k = 0; k < done; k++) {
            if (kept[k]) {
                if (rename(kept[k], paths[k]) == 0) {
                    g_free(kept[k]);
                    kept[k] = NULL;
                } else
                    lost++;
            } else if (!existed[k])
                unlink(paths[k]);
            else
                lost++;
        }
        if (lost)
            cli_error("%zu file%s of the batch could not be put back as %s", lost,
                      lost == 1 ? "" : "s", lost == 1 ? "it was" : "they were");
    }
    for (size_t k = 0; k < n; k++) {
        if (kept[k])
            unlink(kept[k]);
        g_free(kept[k]);
    }
    g_free(kept);
    g_free(existed);
    return done == n;
}

bool cli_write_atomic(const char *path, const void *data, size_t len)
{
    if (strcmp(path, "-") == 0) {
        if (!cli_write_all(STDOUT_FILENO, data, len)) {
            cli_error("cannot write to standard output: %s", g_strerror(errno));
            return false;
        }
        return true;
    }
    char *tmp = cli_stage_file(path, data, len);
    return tmp && cli_commit_file(tmp, path);
}
