/*
 * watch.c — jmap build --watch: the build runs again whenever one of the
 * files it read (the journey, its theme kit and survey, its images) is
 * saved. GIO's file monitors (inotify on Linux) watch each file's folder,
 * so an editor that saves by writing a new file and renaming it over the old
 * one is seen too. Events come in bursts (truncate, write, close): a build
 * starts once the files have been quiet for QUIET_MS. Each build reads the
 * files afresh and writes its output whole or not at all, so a save with an
 * error shows its diagnostics and leaves the last good map in place. The
 * process keeps its fonts loaded from one build to the next.
 */
#include "cli_watch.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#define QUIET_MS 25

struct cli_watcher {
    cli_build_fn build;
    void *ctx;
    bool quiet;
    GMainLoop *loop;
    GPtrArray *monitors; /* GFileMonitor* */
    GPtrArray *deps;     /* char*: the files of the last build */
    guint pending;       /* the timeout of the next build, 0: none */
    bool fresh;          /* the next build must not reuse what the last one kept */
    long builds, max_builds;
    int status;
    void (*built)(void *ud, int status); /* after each build, may be NULL */
    void *built_ud;
};
typedef struct cli_watcher watcher;

static void watch_files(watcher *w);

static void run_build(watcher *w)
{
    GPtrArray *deps = g_ptr_array_new_with_free_func(g_free);
    gint64 t0 = g_get_monotonic_time();
    int status = w->build(w->ctx, deps, w->fresh);
    w->fresh = false;
    double ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
    w->builds++;
    w->status = status;
    if (!w->quiet) {
        if (status == 0)
            fprintf(stderr,
                    P_("jmap: built in %.1f ms; watching %u file (Ctrl-C to stop)\n",
                       "jmap: built in %.1f ms; watching %u files (Ctrl-C to stop)\n", deps->len),
                    ms, deps->len);
        else
            fprintf(stderr,
                    P_("jmap: not built (the previous output is kept); watching %u file\n",
                       "jmap: not built (the previous output is kept); watching %u files\n",
                       deps->len),
                    deps->len);
        fflush(stderr);
    }
    /* watch what this build read; a journey that could not be read keeps
     * the files of the last build that could */
    bool same = w->deps && w->deps->len == deps->len;
    for (guint i = 0; same && i < deps->len; i++)
        same = strcmp(g_ptr_array_index(w->deps, i), g_ptr_array_index(deps, i)) == 0;
    if (!same && (deps->len > 1 || !w->deps)) {
        if (w->deps)
            g_ptr_array_free(w->deps, TRUE);
        w->deps = deps;
        watch_files(w);
    } else {
        g_ptr_array_free(deps, TRUE);
    }
    if (w->built)
        w->built(w->built_ud, status);
    if (w->max_builds && w->builds >= w->max_builds)
        g_main_loop_quit(w->loop);
}

static gboolean on_quiet(gpointer data)
{
    watcher *w = data;
    w->pending = 0;
    run_build(w);
    return G_SOURCE_REMOVE;
}

static void on_changed(GFileMonitor *m, GFile *file, GFile *other, GFileMonitorEvent ev,
                       gpointer data)
{
    watcher *w = data;
    /* a change of an image or a side file: the cached images are stale */
    char *path = g_file_get_path(file);
    char *main_file = w->deps && w->deps->len ? g_canonicalize_filename(g_ptr_array_index(w->deps, 0), NULL) : NULL;
    if (!path || !main_file || strcmp(path, main_file) != 0)
        w->fresh = true;
    g_free(path);
    g_free(main_file);
    switch (ev) {
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
        break;
    default:
        return;
    }
    if (w->pending)
        g_source_remove(w->pending);
    w->pending = g_timeout_add(QUIET_MS, on_quiet, w);
}

static void drop_monitors(watcher *w)
{
    for (guint i = 0; i < w->monitors->len; i++) {
        GFileMonitor *m = g_ptr_array_index(w->monitors, i);
        g_signal_handlers_disconnect_by_data(m, w);
        g_file_monitor_cancel(m);
        g_object_unref(m);
    }
    g_ptr_array_set_size(w->monitors, 0);
}

static void watch_files(watcher *w)
{
    drop_monitors(w);
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < w->deps->len; i++) {
        GFile *f = g_file_new_for_path(g_ptr_array_index(w->deps, i));
        char *key = g_file_get_path(f);
        if (key && !g_hash_table_contains(seen, key)) {
            g_hash_table_add(seen, key);
            key = NULL;
            GError *err = NULL;
            GFileMonitor *m = g_file_monitor_file(f, G_FILE_MONITOR_WATCH_MOVES, NULL, &err);
            if (m) {
                g_file_monitor_set_rate_limit(m, QUIET_MS);
                g_signal_connect(m, "changed", G_CALLBACK(on_changed), w);
                g_ptr_array_add(w->monitors, m);
            } else {
                cli_warning("cannot watch '%s': %s", (const char *)g_ptr_array_index(w->deps, i),
                            err ? err->message : "unknown error");
                g_clear_error(&err);
            }
        }
        g_free(key);
        g_object_unref(f);
    }
    g_hash_table_destroy(seen);
}

cli_watcher *cli_watcher_new(cli_build_fn build, void *ctx, bool quiet,
                             void (*built)(void *ud, int status), void *ud)
{
    watcher *w = g_new0(watcher, 1);
    w->build = build;
    w->ctx = ctx;
    w->quiet = quiet;
    w->built = built;
    w->built_ud = ud;
    w->monitors = g_ptr_array_new();
    const char *max = getenv("JMAP_WATCH_MAX_BUILDS");
    w->max_builds = max ? strtol(max, NULL, 10) : 0;
    w->loop = g_main_loop_new(NULL, FALSE);
    w->fresh = true;
    run_build(w);
    return w;
}

int cli_watcher_run(cli_watcher *w)
{
    if (!w->monitors->len) {
        cli_error("--watch: none of the files of the build can be watched");
        return EXIT_IO;
    }
    if (!w->max_builds || w->builds < w->max_builds)
        g_main_loop_run(w->loop);
    return w->status;
}

void cli_watcher_free(cli_watcher *w)
{
    if (!w)
        return;
    drop_monitors(w);
    g_ptr_array_free(w->monitors, TRUE);
    if (w->deps)
        g_ptr_array_free(w->deps, TRUE);
    if (w->pending)
        g_source_remove(w->pending);
    g_main_loop_unref(w->loop);
    g_free(w);
}

int cli_watch(cli_build_fn build, void *ctx, bool quiet)
{
    cli_watcher *w = cli_watcher_new(build, ctx, quiet, NULL, NULL);
    int status = cli_watcher_run(w);
    cli_watcher_free(w);
    return status;
}

/* Adds the files a journey reads besides itself: its images. */
void cli_add_image_deps(const jmap_journey *j, GPtrArray *deps)
{
    if (j->theme.logo.path)
        g_ptr_array_add(deps, g_strdup(jmap_image_file(&j->theme.logo)));
    for (size_t i = 0; i < j->n_personas; i++)
        if (j->personas[i]->photo.path)
            g_ptr_array_add(deps, g_strdup(jmap_image_file(&j->personas[i]->photo)));
    for (size_t i = 0; i < j->n_touchpoints; i++)
        if (j->touchpoints[i]->image.path)
            g_ptr_array_add(deps, g_strdup(jmap_image_file(&j->touchpoints[i]->image)));
}
