/*
 * cmd_init.c — `jmap init [--template NAME] [--locale en|fr] [FILE]`: writes a
 * commented starter journey. A FILE that exists is never overwritten, even if
 * it appears while we write: the text goes to a temporary file that is then
 * hard-linked to the target, which fails when the target exists.
 */
#include "cli_options.h"
#include "templates.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef JMAP_DATADIR
#define JMAP_DATADIR "/usr/local/share"
#endif

/* A path of `target` relative to the folder `from` (both absolute and
 * canonical), or NULL when they share nothing but the root. */
static char *relative_to(const char *from, const char *target)
{
    char **a = g_strsplit(from, "/", -1), **b = g_strsplit(target, "/", -1);
    size_t i = 0;
    while (a[i] && b[i] && strcmp(a[i], b[i]) == 0)
        i++;
    char *out = NULL;
    if (i > 1) { /* more in common than the empty name before the first '/' */
        GString *g = g_string_new(NULL);
        for (size_t k = i; a[k]; k++)
            if (*a[k])
                g_string_append(g, "../");
        for (size_t k = i; b[k]; k++) {
            g_string_append(g, b[k]);
            if (b[k + 1])
                g_string_append_c(g, '/');
        }
        out = g_string_free(g, FALSE);
    }
    g_strfreev(a);
    g_strfreev(b);
    return out;
}

/* The folder of the git work tree holding `dir` (canonical), or NULL. */
static char *work_tree_of(const char *dir)
{
    char *d = g_strdup(dir);
    while (d && strcmp(d, "/") != 0) {
        char *git = g_build_filename(d, ".git", NULL);
        bool found = g_file_test(git, G_FILE_TEST_EXISTS);
        g_free(git);
        if (found)
            return d;
        char *up = g_path_get_dirname(d);
        g_free(d);
        d = up;
    }
    g_free(d);
    return NULL;
}

/*
 * The schema reference of the modeline, one that works for everyone who
 * opens the file (docs/editor.md):
 * - jmap installed (PREFIX/share/jmap beside the binary): that path, the
 *   same on every machine where jmap is installed the same way;
 * - jmap run from its source tree, the journey written inside that same
 *   work tree: the schema's path relative to the journey's folder;
 * - otherwise the default install location, never a build folder's path.
 * `dest_dir` is the journey's folder (the current one for standard output).
 */
static char *schema_reference(const char *dest_dir)
{
    char *out = NULL;
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *bindir = exe ? g_path_get_dirname(exe) : NULL;
    char *installed = bindir ? g_build_filename(bindir, "../share/jmap/journey.schema.json", NULL)
                             : NULL;
    char *real = installed ? realpath(installed, NULL) : NULL;
    if (real) {
        out = g_strdup(real);
        free(real);
        goto done;
    }
    static const char *const source[] = {"../docs/schema/journey.schema.json",
                                         "../../docs/schema/journey.schema.json"};
    char *dest = dest_dir ? realpath(dest_dir, NULL) : NULL;
    for (size_t i = 0; bindir && dest && !out && i < G_N_ELEMENTS(source); i++) {
        char *cand = g_build_filename(bindir, source[i], NULL);
        char *schema = realpath(cand, NULL);
        g_free(cand);
        if (!schema)
            continue;
        char *sdir = g_path_get_dirname(schema);
        char *tree = work_tree_of(sdir);
        size_t n = tree ? strlen(tree) : 0;
        if (tree && strncmp(dest, tree, n) == 0 && (dest[n] == '/' || dest[n] == '\0'))
            out = relative_to(dest, schema);
        g_free(tree);
        g_free(sdir);
        free(schema);
    }
    free(dest);
    if (!out)
        out = g_strdup(JMAP_DATADIR "/jmap/journey.schema.json");
done:
    g_free(installed);
    g_free(bindir);
    g_free(exe);
    return out;
}

/* Removes a file of ours and forgets it in the registry of hidden files. */
static void drop(const char *path)
{
    sigset_t old;
    cli_signals_block(&old);
    unlink(path);
    cli_temp_forget(path);
    cli_signals_restore(&old);
}

/* Creates path with O_EXCL flags (O_CREAT | O_EXCL, or mkstemp's) and
 * registers it, so that a signal arriving while it is written removes it.
 * Returns the descriptor, or -1 with errno. */
static int create_registered(char *path, bool is_template)
{
    sigset_t old;
    cli_signals_block(&old);
    int fd = is_template ? mkstemp(path) : open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    int e = errno;
    if (fd >= 0 && !cli_temp_add(path)) {
        close(fd);
        unlink(path);
        fd = -1;
        e = EMFILE;
    }
    cli_signals_restore(&old);
    errno = e;
    return fd;
}

/* 0 written, EEXIST when the target exists, another errno on failure. */
static int create_exclusive(const char *path, const char *data, size_t len)
{
    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    char *tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    int err = 0;
    int fd = create_registered(tmp, true);
    if (fd < 0) {
        err = errno;
        goto out;
    }
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || !cli_write_all(fd, data, len) || fsync(fd) != 0) {
        err = errno;
        close(fd);
        drop(tmp);
        goto out;
    }
    if (close(fd) != 0) {
        err = errno;
        drop(tmp);
        goto out;
    }
    sigset_t old;
    cli_signals_block(&old);
    err = link(tmp, path) == 0 ? 0 : errno;
    unlink(tmp);
    cli_temp_forget(tmp);
    cli_signals_restore(&old);
    if (err == EPERM || err == ENOTSUP || err == EOPNOTSUPP || err == EXDEV) {
        /* A file system without hard links: exclusive create, and remove the
         * file again if writing fails or a signal stops jmap meanwhile. */
        char *target = g_strdup(path);
        fd = create_registered(target, false);
        if (fd < 0) {
            err = errno;
            g_free(target);
            goto out;
        }
        err = 0;
        if (!cli_write_all(fd, data, len) || fsync(fd) != 0) {
            err = errno;
            close(fd);
            drop(target);
        } else if (close(fd) != 0) {
            err = errno;
            drop(target);
        } else {
            sigset_t o2;
            cli_signals_block(&o2);
            cli_temp_forget(target);
            cli_signals_restore(&o2);
        }
        g_free(target);
    }
out:
    g_free(tmp);
    g_free(base);
    g_free(dir);
    return err;
}

int cmd_init(int argc, char **argv)
{
    char *tname = NULL, *lname = NULL, *schema_arg = NULL;
    GOptionEntry entries[] = {
        {"template", 't', 0, G_OPTION_ARG_STRING, &tname,
         N_("b2b (default: awareness to loyalty), saas (the eight SaaS stages), cyclic (a "
         "subscription loop) or blueprint (a service blueprint)"), N_("NAME")},
        {"locale", 'l', 0, G_OPTION_ARG_STRING, &lname,
         N_("Language of the starter content and of the map's labels: en (default) or fr"), N_("LANG")},
        {"schema", 0, 0, G_OPTION_ARG_STRING, &schema_arg,
         N_("The JSON Schema reference of the editor modeline (a path or URL), or none for no "
         "modeline; default: the installed schema, or its path relative to FILE inside jmap's "
         "own source tree"), N_("REF")},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = g_option_context_new(N_("[FILE] - write a commented starter journey"));
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, N_("Without FILE (or with -), the journey is written to standard output.\n"
             "An existing FILE is never overwritten (exit status 3).\n"
             "Example:\n  jmap init --template saas --locale fr parcours.yaml\n"
             "  jmap build parcours.yaml"));
    bool done;
    int status = cli_parse_options(ctx, "init", &argc, &argv, &done);
    g_option_context_free(ctx);
    char *schema = NULL;
    GString *text = NULL;
    if (done)
        goto out;
    status = EXIT_USAGE;
    if (argc > 2) {
        cli_error("init: one file at a time");
        fprintf(stderr, _("Try 'jmap %s --help'.\n"), "init");
        goto out;
    }
    const char *name = tname ? tname : cli_template_names[0];
    jmap_locale locale = JMAP_LOCALE_EN;
    if (lname && strcmp(lname, "fr") == 0) {
        locale = JMAP_LOCALE_FR;
    } else if (lname && strcmp(lname, "en") != 0) {
        cli_error("init: unknown locale '%s' (locales: en, fr)", cli_q(lname));
        goto out;
    }
    const char *tpl = cli_template_text(name, locale);
    if (!tpl) {
        const char *s = jmap_suggest(name, cli_template_names, CLI_TEMPLATE_COUNT);
        if (s)
            cli_error("init: unknown template '%s' (did you mean '%s'?)", cli_q(name), s);
        else
            cli_error("init: unknown template '%s' (templates: b2b, saas, cyclic, blueprint)", cli_q(name));
        goto out;
    }
    const char *path = argc == 2 ? argv[1] : "-";
    if (schema_arg && (!*schema_arg || strpbrk(schema_arg, "\n\r") || !g_utf8_validate(schema_arg, -1, NULL))) {
        cli_error("init: --schema takes one line: a path, a URL or none");
        goto out;
    }
    text = g_string_new(tpl);
    if (schema_arg && strcmp(schema_arg, "none") == 0) {
        /* the modeline is the template's first line */
        const char *nl = strchr(text->str, '\n');
        g_string_erase(text, 0, nl ? (gssize)(nl - text->str + 1) : -1);
    } else {
        char *dir = g_path_get_dirname(strcmp(path, "-") == 0 ? "./-" : path);
        schema = schema_arg ? g_strdup(schema_arg) : schema_reference(dir);
        g_free(dir);
        g_string_replace(text, "@SCHEMA@", schema, 1);
    }

    if (strcmp(path, "-") == 0) {
        status = EXIT_OK;
        if (fwrite(text->str, 1, text->len, stdout) != text->len || fflush(stdout) != 0) {
            cli_error("cannot write to standard output: %s", g_strerror(errno));
            status = EXIT_IO;
        }
        goto out;
    }
    int err = create_exclusive(path, text->str, text->len);
    if (err == EEXIST) {
        cli_error("init: '%s' already exists; refusing to overwrite it (choose another name)",
                  path);
        status = EXIT_IO;
    } else if (err) {
        cli_error("cannot write '%s': %s", path, g_strerror(err));
        status = EXIT_IO;
    } else {
        status = EXIT_OK;
        if (!g_cli.quiet) {
            char *shown = jmap_escape_text(path);
            fprintf(stderr, _("jmap: wrote %s; next: jmap check %s && jmap build %s\n"), shown, shown,
                    shown);
            free(shown);
        }
    }

out:
    if (text)
        g_string_free(text, TRUE);
    g_free(schema);
    g_free(schema_arg);
    g_free(tname);
    g_free(lname);
    return status;
}
