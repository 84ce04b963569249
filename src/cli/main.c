/*
 * main.c — the jmap command line: dispatches to the commands, sets up how
 * diagnostics look (colour only on a terminal, NO_COLOR honoured) and in
 * which language they are written (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).
 */
#include "cli.h"

#include <errno.h>
#include <glib.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef JMAP_LOCALEDIR
#define JMAP_LOCALEDIR "/usr/local/share/locale"
#endif

static const char usage_text[] = N_(
    "Usage: jmap COMMAND [OPTIONS] ...\n"
    "\n"
    "Compile a customer-journey file (YAML) into a journey map.\n"
    "\n"
    "Commands:\n"
    "  build FILE... [-o OUT] [options]\n"
    "                                  render maps (PDF, SVG, PNG, HTML, PPTX) or the JSON\n"
    "                                  model; --watch rebuilds on every save; doc.md -o out.md\n"
    "                                  draws the journeys of a Markdown document\n"
    "  check FILE...                   validate journeys; print diagnostics\n"
    "  report FILE... [-f text|md|json]\n"
    "                                  analyse journeys (drops, pains, gaps, quick wins)\n"
    "  diff OLD NEW [-f text|md|json]  what changed between two versions (OLD may be REV:PATH)\n"
    "  list personas|stages|touchpoints|channels FILE\n"
    "                                  one id per line, for scripts\n"
    "  init [--template NAME] [FILE]   write a starter journey (b2b, saas, cyclic, blueprint)\n"
    "  serve FILE [--port N]           preview the map in a browser, reloaded on every save\n"
    "\n"
    "Options:\n"
    "  -h, --help       show this help (jmap COMMAND --help for a command)\n"
    "  -V, --version    show the version\n"
    "\n"
    "Exit status: 0 success, 1 invalid journey, 2 usage error, 3 input/output failure\n"
    "(diff: 0 same, 1 different, 2 usage error, 3 input/output failure, 4 invalid).\n"
    "FILE may be - for standard input. See docs/cli.md.\n"
    "With --safe (check, build, report, list, diff) or JMAP_SAFE=1, inputs must stay inside\n"
    "the current folder: for files from untrusted pull requests.\n");

/* Commands written in their own files; a command whose file is absent from
 * the build is reported as unavailable instead of failing the link. */
int cmd_report(int argc, char **argv) __attribute__((weak));
int cmd_init(int argc, char **argv) __attribute__((weak));
int cmd_diff(int argc, char **argv) __attribute__((weak));
int cmd_serve(int argc, char **argv) __attribute__((weak));

/*
 * Where the message catalogs are: beside an installed jmap
 * (BINDIR/../share/locale), else the build tree's (build/locale, for
 * build/jmap and for the ./jmap copy), else where `make install` puts them.
 * Only a folder holding jmap's catalog counts: /usr/share/locale exists
 * everywhere.
 */
static char *locale_dir(void)
{
    static const char *const rel[] = {"../share/locale", "locale", "build/locale"};
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *bindir = exe ? g_path_get_dirname(exe) : NULL;
    char *out = NULL;
    for (size_t i = 0; bindir && !out && i < G_N_ELEMENTS(rel); i++) {
        char *dir = g_build_filename(bindir, rel[i], NULL);
        char *mo = g_build_filename(dir, "fr", "LC_MESSAGES", "jmap.mo", NULL);
        if (g_file_test(mo, G_FILE_TEST_IS_REGULAR))
            out = dir;
        else
            g_free(dir);
        g_free(mo);
    }
    g_free(bindir);
    g_free(exe);
    return out ? out : g_strdup(JMAP_LOCALEDIR);
}

/*
 * `jmap serve` is in a program of its own, jmap-serve beside jmap: only it
 * links the HTTP server (libsoup and what it brings), so the other commands
 * start without loading them. It is jmap with serve built in. argv[0] is
 * the command ("serve").
 */
int cli_run_live(int argc, char **argv)
{
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *dir = exe ? g_path_get_dirname(exe) : g_strdup(".");
    char *live = g_build_filename(dir, "jmap-serve", NULL);
    char **args = g_new0(char *, (size_t)argc + 2);
    args[0] = live;
    for (int i = 0; i < argc; i++)
        args[i + 1] = argv[i];
    fflush(NULL);
    execv(live, args);
    cli_error("%s: cannot run %s: %s (make builds it beside jmap, make install installs it)",
              argv[0], live, g_strerror(errno));
    g_free(args);
    g_free(live);
    g_free(dir);
    g_free(exe);
    return EXIT_IO;
}

typedef struct command {
    const char *name;
    int (*run)(int, char **);
} command;

int main(int argc, char **argv)
{
    cli_heap_init(); /* before anything allocates much */
    cli_signals_init(); /* hidden files are removed when a signal stops jmap */
    /* Messages and number formats must not depend on the machine's locale:
     * output is reproducible. Only character classification is set. */
    setlocale(LC_CTYPE, "C.UTF-8");
    /* Messages follow the user's language (LANGUAGE, LC_ALL, LC_MESSAGES,
     * LANG); numbers stay in C formatting (LC_NUMERIC is never set). */
    setlocale(LC_MESSAGES, "");
    char *localedir = locale_dir();
    bindtextdomain(JMAP_TEXTDOMAIN, localedir);
    bind_textdomain_codeset(JMAP_TEXTDOMAIN, "UTF-8");
    g_free(localedir);
    g_cli.color = isatty(STDERR_FILENO) && !getenv("NO_COLOR") &&
                  !(getenv("TERM") && strcmp(getenv("TERM"), "dumb") == 0);
    g_cli.safe = cli_safe_from_env();

    if (argc < 2) {
        fputs(_(usage_text), stderr);
        return EXIT_USAGE;
    }
    const char *c = argv[1];
    if (strcmp(c, "-h") == 0 || strcmp(c, "--help") == 0 || strcmp(c, "help") == 0) {
        fputs(_(usage_text), stdout);
        return EXIT_OK;
    }
    if (strcmp(c, "-V") == 0 || strcmp(c, "--version") == 0) {
        printf("jmap %s (journey format %d)\n", JMAP_VERSION, JMAP_FORMAT_VERSION);
        return EXIT_OK;
    }
    const command commands[] = {
        {"build", cmd_build}, {"check", cmd_check}, {"report", cmd_report},
        {"list", cmd_list},   {"init", cmd_init},     {"diff", cmd_diff},
        {"serve", cmd_serve},
    };
    const char *names[G_N_ELEMENTS(commands)];
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
        names[i] = commands[i].name;
        if (strcmp(c, commands[i].name) == 0) {
            if (!commands[i].run && strcmp(c, "serve") == 0)
                return cli_run_live(argc - 1, argv + 1);
            if (!commands[i].run) {
                cli_error("'%s' is not available in this build", cli_q(c));
                return EXIT_USAGE;
            }
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    const char *s = jmap_suggest(c, names, G_N_ELEMENTS(names));
    if (c[0] == '-')
        cli_error("unknown option '%s'", cli_q(c));
    else if (s)
        cli_error("unknown command '%s' (did you mean '%s'?)", cli_q(c), s);
    else
        cli_error("unknown command '%s'", cli_q(c));
    fputs(_("Try 'jmap --help'.\n"), stderr);
    return EXIT_USAGE;
}
