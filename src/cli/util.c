/*
 * util.c — reading inputs, printing diagnostics and writing outputs
 * atomically: what every command shares.
 */
#include "cli.h"
#include "imagefile.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <glib.h>
#include <stdarg.h>
#include <stdint.h>
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
    char *raw = g_strdup_vprintf(_(fmt), ap);
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

bool cli_safe_from_env(void)
{
    const char *e = getenv("JMAP_SAFE");
    return e && *e && strcmp(e, "0") != 0;
}

/* What a file that is not a regular one is, for messages; NULL if unknown. */
static const char *file_kind(mode_t m)
{
    if (S_ISDIR(m))
        return _("a directory");
    if (S_ISFIFO(m))
        return _("a named pipe (FIFO)");
    if (S_ISCHR(m))
        return _("a character device");
    if (S_ISBLK(m))
        return _("a block device");
    if (S_ISSOCK(m))
        return _("a socket");
    if (S_ISLNK(m))
        return _("a symbolic link");
    return NULL;
}

static void not_regular(const char *path, mode_t m)
{
    const char *k = file_kind(m);
    const char *hint = S_ISDIR(m) ? "" : _(" (give - to read standard input)");
    if (k)
        cli_error("cannot read '%s': it is %s, not a regular file%s", path, k, hint);
    else
        cli_error("cannot read '%s': it is not a regular file%s", path, hint);
}

/*
 * Reads fd to its end, or to JMAP_MAX_INPUT_BYTES + 1 bytes if it has more:
 * enough for the loader to say it is too large, never more whatever fd is.
 * hint: the size expected. The result is NUL-terminated; false with errno.
 */
static bool read_bounded(int fd, size_t hint, char **data, size_t *len)
{
    const size_t cap = (size_t)JMAP_MAX_INPUT_BYTES + 1;
    size_t size = MIN(hint + 1, cap) + 1; /* room to see the end without growing */
    char *buf = g_malloc(size);
    size_t n = 0;
    while (n < cap) {
        if (n + 1 == size) {
            size = MIN(size * 2, cap + 1);
            buf = g_realloc(buf, size);
        }
        ssize_t r = read(fd, buf + n, size - 1 - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            g_free(buf);
            errno = e;
            return false;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return true;
}

/* realpath(".") once: the folder --safe keeps inputs in. */
static const char *working_folder(void)
{
    static char *root;
    if (!root) {
        char *r = realpath(".", NULL);
        if (r) {
            root = g_strdup(r);
            free(r);
        }
    }
    return root;
}

static bool is_inside(const char *root, const char *p)
{
    size_t n = strlen(root);
    if (strcmp(root, "/") == 0)
        return p[0] == '/';
    return strncmp(p, root, n) == 0 && (p[n] == '/' || p[n] == '\0');
}

/*
 * --safe: path, and the folder it names (where its images are looked up),
 * must resolve to places inside the working folder. Returns the resolved
 * path to open (g_free it), or NULL after printing why.
 */
static char *safe_resolve(const char *path)
{
    const char *root = working_folder();
    if (!root) {
        cli_error("cannot read '%s': --safe cannot resolve the working folder: %s", path,
                  g_strerror(errno));
        return NULL;
    }
    char *real = realpath(path, NULL);
    if (!real) {
        cli_error("cannot read '%s': %s", path, errno == ENOENT ? "no such file" : g_strerror(errno));
        return NULL;
    }
    char *dir = g_path_get_dirname(path);
    char *real_dir = realpath(dir, NULL);
    bool ok = is_inside(root, real) && real_dir && is_inside(root, real_dir);
    char *out = ok ? g_strdup(real) : NULL;
    if (!ok)
        cli_error("cannot read '%s': it leads outside the working folder, which --safe forbids "
                  "(through '..', an absolute path or a symbolic link)", path);
    free(real);
    free(real_dir);
    g_free(dir);
    return out;
}

bool cli_read_file(const char *path, char **data, size_t *len)
{
    if (strcmp(path, "-") == 0) {
        if (!read_bounded(STDIN_FILENO, 65536, data, len)) {
            cli_error("cannot read standard input: %s", g_strerror(errno));
            return false;
        }
        return true;
    }
    char *resolved = NULL;
    if (g_cli.safe && !(resolved = safe_resolve(path)))
        return false;
    const char *open_path = resolved ? resolved : path;
    /* Look before opening: a pipe or a device is refused without being
     * opened (opening a FIFO would wait for a writer). */
    struct stat st;
    bool ok = false;
    int fd = jmap_open_regular(open_path, resolved ? O_NOFOLLOW : 0, &st);
    if (fd < 0) {
        if (errno == 0)
            not_regular(path, st.st_mode);
        else
            cli_error("cannot read '%s': %s", path,
                      errno == ENOENT ? "no such file" : g_strerror(errno));
        goto out;
    }
    if ((uintmax_t)st.st_size > JMAP_MAX_INPUT_BYTES) {
        /* Let the loader say it is too large, without reading it. */
        *data = g_strdup("");
        *len = (size_t)st.st_size;
        ok = true;
        goto out;
    }
    ok = read_bounded(fd, (size_t)st.st_size, data, len);
    if (!ok)
        cli_error("cannot read '%s': %s", path, g_strerror(errno));
out:
    if (fd >= 0)
        close(fd);
    g_free(resolved);
    return ok;
}

void cli_print_diags(jmap_diags *d)
{
    jmap_diags_sort(d);
    /* one file's diagnostics in one piece when several files are built at once */
    flockfile(stderr);
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
        fprintf(stderr, _("jmap: too many errors (%zu); only the first %zu are shown\n"), d->errors,
                d->max_errors ? d->max_errors : (size_t)JMAP_DEFAULT_MAX_ERRORS);
    funlockfile(stderr);
}

bool cli_parse_thresholds(char **specs, jmap_thresholds *out)
{
    memset(out, 0, sizeof *out);
    const char *names[JMAP_TH_COUNT];
    for (int i = 0; i < JMAP_TH_COUNT; i++)
        names[i] = jmap_threshold_name((jmap_threshold)i);
    for (char **p = specs; p && *p; p++) {
        const char *eq = strchr(*p, '=');
        char *name = g_strndup(*p, eq ? (size_t)(eq - *p) : strlen(*p));
        g_strstrip(name);
        jmap_threshold t;
        bool ok = false;
        if (!jmap_threshold_parse(name, &t)) {
            const char *s = jmap_suggest(name, names, JMAP_TH_COUNT);
            if (s)
                cli_error("--threshold: unknown threshold '%s' (did you mean '%s'?)", cli_q(name), s);
            else
                cli_error("--threshold: unknown threshold '%s' (sharp_drop, inconsistency, "
                          "gap_min_touchpoints)", cli_q(name));
        } else if (!eq || !eq[1]) {
            cli_error("--threshold: give a value: %s=NUMBER", name);
        } else {
            char *end = NULL;
            double v = g_ascii_strtod(eq + 1, &end);
            if (*end == ',' && g_ascii_isdigit(end[1]))
                cli_error("--threshold: '%s' is not a number (did you mean %.*s.%s?)", cli_q(eq + 1),
                          (int)(end - (eq + 1)), eq + 1, cli_q(end + 1));
            else if (end == eq + 1 || *end || !isfinite(v))
                cli_error("--threshold: '%s' is not a number", cli_q(eq + 1));
            else {
                out->value[t] = v;
                out->set[t] = true;
                ok = true;
            }
        }
        g_free(name);
        if (!ok)
            return false;
    }
    return true;
}

bool cli_check_thresholds(const jmap_thresholds *t, const jmap_journey *j)
{
    for (int i = 0; i < JMAP_TH_COUNT; i++) {
        if (!t->set[i])
            continue;
        const char *why = jmap_threshold_problem((jmap_threshold)i, t->value[i], j->scale_min,
                                                 j->scale_max);
        if (why) {
            char buf[32];
            g_ascii_formatd(buf, sizeof buf, "%g", t->value[i]);
            if (i == JMAP_TH_GAP_TOUCHPOINTS)
                cli_error("--threshold %s=%s: %s", jmap_threshold_name((jmap_threshold)i), buf, why);
            else
                cli_error("--threshold %s=%s: %s (the scale is %d to %d)",
                          jmap_threshold_name((jmap_threshold)i), buf, why, j->scale_min,
                          j->scale_max);
            return false;
        }
    }
    return true;
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

/* How an output path is written. */
typedef enum {
    OUT_REPLACE,  /* absent, a regular file, a symbolic link to one or to nothing, a
                   * directory (the rename says it cannot): a temporary renamed over it */
    OUT_IN_PLACE, /* a character device (/dev/null) or a named pipe: opened and written */
    OUT_REFUSED   /* a block device, a socket, a link to a device, a pipe or a socket */
} out_kind;

/* Never replaces a device, a pipe or a socket by a regular file, and never
 * writes through a symbolic link: a link is replaced by the new file, as
 * rename does, unless it leads to one of those, which is refused. */
static out_kind output_kind(const char *path)
{
    struct stat st, target;
    if (lstat(path, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
        return OUT_REPLACE;
    if (S_ISLNK(st.st_mode)) {
        if (stat(path, &target) != 0 || S_ISREG(target.st_mode) || S_ISDIR(target.st_mode))
            return OUT_REPLACE;
        cli_error("cannot write '%s': it is a symbolic link to %s; jmap replaces a link by the "
                  "new file but does not write through one to a device, a pipe or a socket "
                  "(-o - writes to standard output)",
                  path, file_kind(target.st_mode) ? file_kind(target.st_mode) : _("a special file"));
        return OUT_REFUSED;
    }
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
        return OUT_IN_PLACE;
    cli_error("cannot write '%s': it is %s; jmap writes regular files, character devices and "
              "named pipes only", path, file_kind(st.st_mode) ? file_kind(st.st_mode) : _("a special file"));
    return OUT_REFUSED;
}

/* Writes data into the character device or named pipe at path, without
 * creating or truncating anything; a pipe no program reads is an error
 * rather than a wait. */
static bool write_in_place(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENXIO)
            cli_error("cannot write '%s': it is a named pipe (FIFO) that no program is reading", path);
        else
            cli_error("cannot write '%s': %s", path, g_strerror(errno));
        return false;
    }
    struct stat st;
    int e = 0;
    if (fstat(fd, &st) != 0)
        e = errno;
    else if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode)) {
        close(fd);
        cli_error("cannot write '%s': it changed while jmap was opening it", path);
        return false;
    }
    int fl = e ? 0 : fcntl(fd, F_GETFL);
    if (!e && (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0))
        e = errno;
    if (!e && !cli_write_all(fd, data, len))
        e = errno;
    if (close(fd) != 0 && !e && errno != EINTR)
        e = errno;
    if (e) {
        cli_error("cannot write '%s': %s", path, g_strerror(e));
        return false;
    }
    return true;
}

/* Forgets tmp in the registry and removes it; signals must be blocked. */
static void remove_temp(const char *tmp)
{
    unlink(tmp);
    cli_temp_forget(tmp);
}

char *cli_stage_file(const char *path, const void *data, size_t len)
{
    out_kind kind = output_kind(path);
    if (kind == OUT_IN_PLACE) {
        cli_error("cannot write '%s': it is not a regular file; the maps of a batch are written to "
                  "regular files only", path);
        return NULL;
    }
    if (kind == OUT_REFUSED)
        return NULL;
    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    g_free(dir);
    g_free(base);
    sigset_t old;
    cli_signals_block(&old);
    int fd = g_mkstemp_full(tmpl, O_WRONLY | O_CLOEXEC, 0600);
    int e = fd < 0 ? errno : 0;
    if (fd >= 0 && !cli_temp_add(tmpl)) {
        close(fd);
        unlink(tmpl);
        fd = -1;
        e = EMFILE;
    }
    cli_signals_restore(&old);
    if (fd < 0) {
        cli_error("cannot write '%s': %s", path, g_strerror(e));
        g_free(tmpl);
        return NULL;
    }
    /* mkstemp creates 0600; give the file the usual permissions (umask). */
    mode_t um = umask(0);
    umask(um);
    /* No fsync: like a compiler's output, a map is rebuilt from its journey.
     * The rename is what keeps a failed or interrupted run from leaving a
     * partial map (docs/decisions.md). A write past `ulimit -f` fails with
     * EFBIG here (SIGXFSZ is ignored). */
    if (fchmod(fd, 0666 & ~um) != 0 || !cli_write_all(fd, data, len))
        e = errno;
    if (close(fd) != 0 && !e)
        e = errno;
    if (e) {
        cli_signals_block(&old);
        remove_temp(tmpl);
        cli_signals_restore(&old);
        cli_error("cannot write '%s': %s", path, g_strerror(e));
        g_free(tmpl);
        return NULL;
    }
    return tmpl;
}

bool cli_commit_file(char *tmp, const char *path)
{
    sigset_t old;
    cli_signals_block(&old);
    bool ok = rename(tmp, path) == 0;
    int e = errno;
    if (ok)
        cli_temp_forget(tmp);
    else
        remove_temp(tmp);
    cli_signals_restore(&old);
    if (!ok)
        cli_error("cannot write '%s': %s", path, g_strerror(e));
    g_free(tmp);
    return ok;
}

void cli_discard_file(char *tmp)
{
    if (tmp) {
        sigset_t old;
        cli_signals_block(&old);
        remove_temp(tmp);
        cli_signals_restore(&old);
    }
    g_free(tmp);
}

/* A second name for the file now at path, beside it, so that a batch that
 * fails halfway can put it back: NULL when there is nothing to keep (no
 * file, or a directory, which the rename refuses anyway) or when the file
 * system has no hard links. *existed tells whether path was there.
 * Signals are blocked: the name is registered as a temporary. */
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
        if (link(path, name) == 0) {
            if (cli_temp_add(name))
                keep = name;
            else {
                unlink(name);
                g_free(name);
                break;
            }
        } else {
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
    /* The whole commit runs with the signals blocked: a signal arriving
     * meanwhile takes effect once the batch has landed or been undone, and
     * every hidden file is gone. */
    sigset_t old;
    cli_signals_block(&old);
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
        cli_temp_forget(tmps[done]);
        g_free(tmps[done]);
        tmps[done] = NULL;
    }
    if (done < n) {
        cli_error("cannot write '%s': %s", paths[done], g_strerror(e));
        for (size_t k = done; k < n; k++) {
            if (tmps[k])
                remove_temp(tmps[k]);
            g_free(tmps[k]);
            tmps[k] = NULL;
        }
        /* Undo the renames already made: each target gets its previous
         * file back, or is removed when it had none. */
        size_t lost = 0;
        for (size_t k = 0; k < done; k++) {
            if (kept[k]) {
                if (rename(kept[k], paths[k]) == 0) {
                    cli_temp_forget(kept[k]);
                    g_free(kept[k]);
                    kept[k] = NULL;
                } else
                    lost++;
            } else if (!existed[k])
                unlink(paths[k]);
            else
                lost++;
        }
        if (lost == 1)
            cli_error("%zu file of the batch could not be put back as it was", lost);
        else if (lost)
            cli_error("%zu files of the batch could not be put back as they were", lost);
    }
    for (size_t k = 0; k < n; k++) {
        if (kept[k])
            remove_temp(kept[k]);
        g_free(kept[k]);
    }
    g_free(kept);
    g_free(existed);
    cli_signals_restore(&old);
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
    switch (output_kind(path)) {
    case OUT_REFUSED:
        return false;
    case OUT_IN_PLACE:
        return write_in_place(path, data, len);
    case OUT_REPLACE:
        break;
    }
    char *tmp = cli_stage_file(path, data, len);
    return tmp && cli_commit_file(tmp, path);
}
