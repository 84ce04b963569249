/*
 * cmd_build.c — `jmap build FILE`: load, apply the command line's choices
 * (format, personas, lanes, page, theme kit), render in memory, then write
 * the output atomically so a failed build never touches an existing map.
 */
#include "cli_md.h"
#include "diff.h"
#include "cli_watch.h"
#include "cli_options.h"
#include "persona_path.h"
#include "render.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct build_args {
    char *output, *format, *lanes, *page, *theme;
    cli_survey_args survey;
    gboolean each_persona, report_page, safe;
    char **personas, **thresholds;
    double scale, dpi;
    gboolean quiet;
    gboolean embed_fonts, watch;
    char *compare;
    int jobs;
    char *state;
    jmap_state_view state_view; /* from --state */
} build_args;

typedef enum {
    FMT_UNKNOWN = -1,
    FMT_PDF,
    FMT_SVG,
    FMT_PNG,
    FMT_JSON,
    FMT_SCENE,
    FMT_HTML,
    FMT_PPTX
} out_fmt;

static const char *const fmt_names[] = {"PDF", "SVG", "PNG", "JSON", "scene", "HTML", "PPTX"};
static const char *const fmt_exts[] = {"pdf", "svg", "png", "json", "txt", "html", "pptx"};

static out_fmt fmt_parse(const char *s)
{
    if (!s)
        return FMT_UNKNOWN;
    if (g_ascii_strcasecmp(s, "pdf") == 0) return FMT_PDF;
    if (g_ascii_strcasecmp(s, "svg") == 0) return FMT_SVG;
    if (g_ascii_strcasecmp(s, "png") == 0) return FMT_PNG;
    if (g_ascii_strcasecmp(s, "json") == 0) return FMT_JSON;
    if (g_ascii_strcasecmp(s, "scene") == 0) return FMT_SCENE;
    if (g_ascii_strcasecmp(s, "html") == 0 || g_ascii_strcasecmp(s, "htm") == 0) return FMT_HTML;
    if (g_ascii_strcasecmp(s, "pptx") == 0) return FMT_PPTX;
    return FMT_UNKNOWN;
}

static out_fmt fmt_from_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return FMT_UNKNOWN;
    return fmt_parse(dot + 1);
}

/* FILE with its .yaml/.yml extension replaced by .pdf */
static char *default_output(const char *input)
{
    const char *dot = strrchr(input, '.');
    const char *slash = strrchr(input, '/');
    size_t stem = strlen(input);
    if (dot && (!slash || dot > slash) &&
        (g_ascii_strcasecmp(dot, ".yaml") == 0 || g_ascii_strcasecmp(dot, ".yml") == 0))
        stem = (size_t)(dot - input);
    return g_strdup_printf("%.*s.pdf", (int)stem, input);
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return false;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* SOURCE_DATE_EPOCH as an ISO 8601 UTC date for the PDF, or NULL. */
static char *creation_date(void)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (!e || !*e)
        return NULL;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(e, &end, 10);
    if (errno || *end || v < 0) {
        cli_warning("SOURCE_DATE_EPOCH='%s' is not a number of seconds; the PDF gets no date",
                    cli_q(e));
        return NULL;
    }
    GDateTime *dt = g_date_time_new_from_unix_utc(v);
    if (!dt)
        return NULL;
    char *s = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
    g_date_time_unref(dt);
    return s;
}

/*
 * --lanes a,b,c -> lanes: built-in lane names, and the journey's own lane ids
 * once the journey is known (j). Before it is (j NULL), a name that is not
 * built in is let through when `later` says the journey will be checked, and
 * left out of `out`. Prints a usage error and returns false on a bad name.
 */
static bool parse_lanes(const char *spec, const jmap_journey *j, bool later, GArray *out)
{
    char **parts = g_strsplit(spec, ",", -1);
    bool ok = true;
    const char *names[JMAP_LANE_ALL];
    size_t n_names = 0;
    for (int i = 0; i < JMAP_LANE_COUNT; i++)
        names[n_names++] = jmap_lane_name((jmap_lane)i);
    for (size_t k = 0; j && k < j->n_custom_lanes; k++)
        names[n_names++] = j->custom_lanes[k].id;
    g_array_set_size(out, 0);
    for (char **p = parts; *p && ok; p++) {
        char *name = g_strstrip(*p);
        if (!*name)
            continue;
        jmap_lane lane;
        if (!jmap_journey_lane_parse(j, name, &lane)) {
            if (!j && later)
                continue;
            const char *s = jmap_suggest(name, names, n_names);
            GString *list = g_string_new(NULL);
            for (size_t k = 0; k < n_names; k++)
                g_string_append_printf(list, "%s%s", k ? ", " : "", names[k]);
            if (s)
                cli_error("--lanes: unknown lane '%s' (did you mean '%s'?)", cli_q(name), s);
            else
                cli_error("--lanes: unknown lane '%s' (lanes: %s)", cli_q(name), list->str);
            g_string_free(list, TRUE);
            ok = false;
            break;
        }
        for (guint k = 0; k < out->len; k++)
            if (g_array_index(out, jmap_lane, k) == lane) {
                cli_error("--lanes: lane '%s' given twice", cli_q(name));
                ok = false;
            }
        g_array_append_val(out, lane);
    }
    if (ok && out->len == 0 && (j || !later)) {
        cli_error("--lanes: no lane given");
        ok = false;
    }
    g_strfreev(parts);
    return ok;
}

static bool parse_page(const char *s, jmap_page_size *out)
{
    static const struct { const char *name; jmap_page_size v; } pages[] = {
        {"auto", JMAP_PAGE_AUTO}, {"a4", JMAP_PAGE_A4}, {"a3", JMAP_PAGE_A3},
        {"a2", JMAP_PAGE_A2}, {"a1", JMAP_PAGE_A1}, {"a0", JMAP_PAGE_A0},
        {"letter", JMAP_PAGE_LETTER}, {"tabloid", JMAP_PAGE_TABLOID},
        {"slide", JMAP_PAGE_SLIDE},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(pages); i++)
        if (g_ascii_strcasecmp(s, pages[i].name) == 0) {
            *out = pages[i].v;
            return true;
        }
    return false;
}

/* --page as given (NULL: auto); false, after saying why, for an unknown size. */
static bool page_option(const char *s, jmap_page_size *out)
{
    *out = JMAP_PAGE_AUTO;
    if (!s || parse_page(s, out))
        return true;
    cli_error("unknown page size '%s' (sizes: auto, a4, a3, a2, a1, a0, letter, tabloid, "
              "slide)", cli_q(s));
    return false;
}

/* The renderer's format of an output format that draws a map. */
static jmap_out_format out_format(out_fmt f)
{
    switch (f) {
    case FMT_PDF: return JMAP_OUT_PDF;
    case FMT_SVG: return JMAP_OUT_SVG;
    case FMT_PNG: return JMAP_OUT_PNG;
    case FMT_HTML: return JMAP_OUT_HTML;
    case FMT_PPTX: return JMAP_OUT_PPTX;
    default: return JMAP_OUT_SCENE;
    }
}

/* Resolves -p ids to a mask; unknown ids are errors with a suggestion. */
static bool persona_mask(const jmap_journey *j, char **ids, bool *mask)
{
    bool ok = true;
    const char **names = g_new(const char *, j->n_personas);
    for (size_t i = 0; i < j->n_personas; i++)
        names[i] = j->personas[i]->id;
    for (char **p = ids; *p; p++) {
        const jmap_persona *per = jmap_journey_persona(j, *p);
        if (!per || j->personas_implicit) {
            const char *s = j->personas_implicit ? NULL : jmap_suggest(*p, names, j->n_personas);
            if (j->personas_implicit)
                cli_error("--persona: unknown persona '%s' (the journey declares no personas)",
                          cli_q(*p));
            else if (s)
                cli_error("--persona: unknown persona '%s' (did you mean '%s'?)", cli_q(*p), cli_q(s));
            else
                cli_error("--persona: unknown persona '%s'", cli_q(*p));
            ok = false;
            continue;
        }
        mask[per->index] = true;
    }
    g_free(names);
    return ok;
}

/* Loads a side file (a theme kit) into the doc and prints its
 * diagnostics. NULL path: nothing to do. */
static int apply_side_file(jmap_doc *doc, const char *path,
                           bool (*apply)(jmap_doc *, const char *, const char *, size_t))
{
    if (!path)
        return EXIT_OK;
    char *data = NULL;
    size_t len = 0;
    if (!cli_read_file(path, &data, &len))
        return EXIT_IO;
    size_t before = doc->diags.count;
    bool ok = apply(doc, strcmp(path, "-") == 0 ? "<stdin>" : path, data, len);
    g_free(data);
    jmap_diags added = doc->diags;
    added.items += before;
    added.count -= before;
    added.truncated = doc->diags.truncated;
    cli_print_diags(&added);
    return ok ? EXIT_OK : EXIT_INVALID;
}

/* Prints the renderer's diagnostics; the status of a render. */
static int render_status(jmap_diags *rd, bool ok)
{
    cli_print_diags(rd);
    if (ok && rd->errors)
        ok = false;
    else if (!ok && !rd->errors)
        cli_error("could not render the map");
    jmap_diags_free(rd);
    return ok ? EXIT_OK : EXIT_INVALID;
}

static int render_to(jmap_doc *doc, const jmap_render_opts *ro, const char *path)
{
    GPtrArray *outs = g_ptr_array_new();
    jmap_diags rd;
    jmap_diags_init(&rd, doc->arena);
    int status = render_status(&rd, jmap_render_map_pages(doc->journey, ro, outs, &rd));
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *data = g_ptr_array_new();
    if (status == EXIT_OK)
        status = cli_add_files(outs, path, paths, data) ? cli_write_batch(paths, data) : EXIT_USAGE;
    g_ptr_array_free(paths, TRUE);
    g_ptr_array_free(data, TRUE);
    cli_free_outputs(outs);
    return status;
}

/* The file of one persona: -o with {persona} replaced by its id. An id that
 * cannot name a file of -o's folder is an error at the persona (exit 1). */
static char *persona_file(jmap_doc *doc, const jmap_persona *per, const char *pattern)
{
    const char *why = NULL;
    char *path = cli_persona_path(pattern, per->id, &why);
    if (!path) {
        char *shown = cli_escape_controls(per->id);
        jmap_diags d;
        jmap_diags_init(&d, doc->arena);
        jmap_diag_add(&d, JMAP_SEV_ERROR, per->span,
                      "persona id '%s' cannot name a file for --each-persona (-o %s): %s", shown,
                      pattern, why);
        cli_print_diags(&d);
        jmap_diags_free(&d);
        g_free(shown);
    }
    return path;
}

/*
 * One file per persona (numbered files for a map that takes several
 * sheets). Every map is rendered (one Pango context for all: fonts are
 * loaded once) before any is written; then they land as one batch, all or
 * none.
 */
static int render_each(jmap_doc *doc, const jmap_render_opts *base, const bool *only,
                       const char *pattern)
{
    const jmap_journey *j = doc->journey;
    size_t n = 0;
    bool *masks = g_new0(bool, j->n_personas * j->n_personas);
    const bool **mask_of = g_new0(const bool *, j->n_personas);
    GPtrArray **outs = g_new0(GPtrArray *, j->n_personas);
    char **paths = g_new0(char *, j->n_personas + 1);
    int status = EXIT_OK;
    for (size_t i = 0; i < j->n_personas; i++) {
        if (only && !only[i])
            continue;
        bool *m = masks + n * j->n_personas;
        m[i] = true;
        mask_of[n] = m;
        outs[n] = g_ptr_array_new();
        paths[n] = persona_file(doc, j->personas[i], pattern);
        if (!paths[n]) {
            /* the list of paths ends at the first NULL: keep it whole */
            paths[n] = g_strdup("");
            status = EXIT_INVALID;
        }
        n++;
    }
    if (status == EXIT_OK) {
        jmap_diags rd;
        jmap_diags_init(&rd, doc->arena);
        status = render_status(&rd, jmap_render_maps(j, base, mask_of, n, outs, &rd));
    }
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *data = g_ptr_array_new();
    for (size_t k = 0; k < n && status == EXIT_OK; k++)
        if (!cli_add_files(outs[k], paths[k], files, data))
            status = EXIT_USAGE;
    if (status == EXIT_OK)
        status = cli_write_batch(files, data);
    g_ptr_array_free(files, TRUE);
    g_ptr_array_free(data, TRUE);
    for (size_t k = 0; k < n; k++)
        cli_free_outputs(outs[k]);
    g_strfreev(paths);
    g_free(outs);
    g_free(mask_of);
    g_free(masks);
    return status;
}

/* One PDF: an overview page with every persona, then a page per persona,
 * with an outline naming each page. */
static int render_book(jmap_doc *doc, const jmap_render_opts *ro, const bool *only,
                       const char *path)
{
    const jmap_journey *j = doc->journey;
    size_t n = 0;
    jmap_render_page *pages = g_new0(jmap_render_page, j->n_personas + 1);
    bool *masks = g_new0(bool, (j->n_personas + 1) * j->n_personas);
    char **titles = g_new0(char *, j->n_personas + 2);
    bool fr = j->locale == JMAP_LOCALE_FR;
    titles[n] = g_strdup(fr ? "Vue d'ensemble" : "Overview");
    pages[n].persona_mask = only;
    pages[n].title = titles[n];
    pages[n].dest = "overview";
    n++;
    for (size_t i = 0; i < j->n_personas; i++) {
        if (only && !only[i])
            continue;
        bool *m = masks + n * j->n_personas;
        m[i] = true;
        titles[n] = g_strdup(j->personas[i]->name ? j->personas[i]->name : j->personas[i]->id);
        pages[n].persona_mask = m;
        pages[n].title = titles[n];
        pages[n].dest = j->personas[i]->id;
        n++;
    }
    GByteArray *bytes = g_byte_array_new();
    jmap_diags rd;
    jmap_diags_init(&rd, doc->arena);
    bool ok = jmap_render_book(j, ro, pages, n, bytes, &rd);
    cli_print_diags(&rd);
    int status = EXIT_INVALID;
    if (ok && !rd.errors)
        status = cli_write_atomic(path, bytes->data, bytes->len) ? EXIT_OK : EXIT_IO;
    else if (!rd.errors)
        cli_error("could not render the map");
    jmap_diags_free(&rd);
    g_byte_array_free(bytes, TRUE);
    g_strfreev(titles);
    g_free(masks);
    g_free(pages);
    return status;
}

/* What one build of a journey file needs, for a single run or each
 * rebuild of --watch. */
typedef struct build_plan {
    const build_args *a;
    const char *input, *out_path;
    out_fmt fmt;
    jmap_page_size page;
    double scale;
    bool placeholder, from_stdin;
    jmap_render_cache *cache; /* --watch: kept from one build to the next */
    const jmap_thresholds *thresholds; /* --threshold */
} build_plan;


/*
 * Loads, checks and renders the journey of the plan, and writes its output
 * (whole or not at all). `deps` (may be NULL) receives the paths of every
 * file the build read: the journey, the theme kit, the survey, the images
 * (as far as the journey could be read).
 */
static int build_once(const build_plan *p, GPtrArray *deps)
{
    const build_args *a = p->a;
    int status = EXIT_OK;
    GArray *lanes = NULL;
    char *date = NULL, *input_name = NULL;
    bool *mask = NULL;
    if (deps) {
        g_ptr_array_add(deps, g_strdup(p->input));
        if (a->theme)
            g_ptr_array_add(deps, g_strdup(a->theme));
        for (char **d = a->survey.data; d && *d; d++) {
            /* LABEL=PATH names a wave (survey_args.c) */
            const char *eq = strchr(*d, '=');
            bool labelled = eq && eq > *d && !memchr(*d, '/', (size_t)(eq - *d)) &&
                            !g_file_test(*d, G_FILE_TEST_EXISTS);
            g_ptr_array_add(deps, g_strdup(labelled ? eq + 1 : *d));
        }
        if (a->survey.map)
            g_ptr_array_add(deps, g_strdup(a->survey.map));
        if (a->survey.kpis)
            g_ptr_array_add(deps, g_strdup(a->survey.kpis));
    }
    jmap_doc *doc = cli_load_journey(p->input, &status);
    if (!doc || status != EXIT_OK)
        goto out;
    if ((status = apply_side_file(doc, a->theme, jmap_apply_theme_kit)) != EXIT_OK ||
        (status = cli_apply_survey(doc, &a->survey)) != EXIT_OK)
        goto out;
    const jmap_journey *j = doc->journey;
    if (deps)
        cli_add_image_deps(j, deps);
    if (p->thresholds && !cli_check_thresholds(p->thresholds, j)) {
        status = EXIT_INVALID;
        goto out;
    }
    if (a->compare) {
        jmap_doc *old = cli_load_version(a->compare, &status, EXIT_INVALID);
        if (old && status == EXIT_OK) {
            char *label = cli_version_label(a->compare);
            if (!jmap_compare_apply(doc, old->journey, label)) {
                cli_print_diags(&doc->diags);
                status = EXIT_INVALID;
            }
            g_free(label);
        }
        if (deps && !g_str_has_prefix(a->compare, "-") && g_file_test(a->compare, G_FILE_TEST_EXISTS))
            g_ptr_array_add(deps, g_strdup(a->compare));
        jmap_doc_free(old);
        if (status != EXIT_OK)
            goto out;
    }
    if (a->personas) {
        mask = g_new0(bool, j->n_personas);
        if (!persona_mask(j, a->personas, mask)) {
            status = EXIT_INVALID;
            goto out;
        }
    }
    if (a->each_persona && j->personas_implicit) {
        cli_error("--each-persona: the journey declares no personas");
        status = EXIT_INVALID;
        goto out;
    }
    if (a->lanes) {
        lanes = g_array_new(FALSE, FALSE, sizeof(jmap_lane));
        if (!parse_lanes(a->lanes, j, true, lanes)) {
            status = EXIT_USAGE;
            goto out;
        }
    }

    if (p->fmt == FMT_JSON) {
        size_t len = 0;
        char *json = jmap_json_model(j, &len);
        status = cli_write_atomic(p->out_path, json, len) ? EXIT_OK : EXIT_IO;
        free(json);
        goto out;
    }

    date = creation_date();
    input_name = g_path_get_basename(p->from_stdin ? "<stdin>" : p->input);
    out_fmt fmt = p->fmt;
    jmap_render_opts ro = {
        .format = out_format(fmt),
        .page = p->page,
        .scale = p->scale,
        .lanes = lanes && lanes->len ? (const jmap_lane *)lanes->data : NULL,
        .n_lanes = lanes ? lanes->len : 0,
        .persona_mask = mask,
        .state_view = a->state_view,
        .input_name = input_name,
        .creation_date = date,
        .report_page = a->report_page,
        .embed_fonts = a->embed_fonts,
        .cache = p->cache,
        .thresholds = p->thresholds,
    };
    if (!a->each_persona)
        status = render_to(doc, &ro, p->out_path);
    else if (p->placeholder)
        status = render_each(doc, &ro, mask, p->out_path);
    else
        status = render_book(doc, &ro, mask, p->out_path);
out:
    if (lanes)
        g_array_free(lanes, TRUE);
    jmap_doc_free(doc);
    g_free(mask);
    g_free(input_name);
    g_free(date);
    return status;
}

static int build_watched(void *ctx, GPtrArray *deps, bool fresh)
{
    build_plan *p = ctx;
    if (fresh)
        jmap_render_cache_forget(p->cache);
    return build_once(p, deps);
}

/* ------------------------------------------------ several journeys at once */

typedef struct many_job {
    const build_args *a;
    jmap_render_opts base;
    out_fmt fmt;
    char **inputs, **outputs;
    int *status;
    size_t n;
    gint next;
} many_job;

/* FILE's name without its folder and its .yaml/.yml extension. */
static char *journey_name(const char *input)
{
    char *base = g_path_get_basename(input);
    char *dot = strrchr(base, '.');
    if (dot && dot != base &&
        (g_ascii_strcasecmp(dot, ".yaml") == 0 || g_ascii_strcasecmp(dot, ".yml") == 0))
        *dot = '\0';
    return base;
}

static int build_one(many_job *m, size_t i)
{
    int status = EXIT_OK;
    jmap_doc *doc = cli_load_journey(m->inputs[i], &status);
    if (doc && status == EXIT_OK)
        status = apply_side_file(doc, m->a->theme, jmap_apply_theme_kit);
    if (doc && status == EXIT_OK) {
        if (m->fmt == FMT_JSON) {
            size_t len = 0;
            char *json = jmap_json_model(doc->journey, &len);
            status = cli_write_atomic(m->outputs[i], json, len) ? EXIT_OK : EXIT_IO;
            free(json);
        } else {
            jmap_render_opts ro = m->base;
            GArray *lanes = g_array_new(FALSE, FALSE, sizeof(jmap_lane));
            if (m->a->lanes && !parse_lanes(m->a->lanes, doc->journey, true, lanes)) {
                status = EXIT_USAGE;
            } else {
                if (lanes->len) {
                    ro.lanes = (const jmap_lane *)lanes->data;
                    ro.n_lanes = lanes->len;
                }
                char *name = g_path_get_basename(m->inputs[i]);
                ro.input_name = name;
                status = render_to(doc, &ro, m->outputs[i]);
                g_free(name);
            }
            g_array_free(lanes, TRUE);
        }
    }
    jmap_doc_free(doc);
    return status;
}

static gpointer many_worker(gpointer data)
{
    many_job *m = data;
    for (;;) {
        gint i = g_atomic_int_add(&m->next, 1);
        if (i < 0 || (size_t)i >= m->n)
            break;
        m->status[i] = build_one(m, (size_t)i);
    }
    return NULL;
}

/*
 * `jmap build FILE... [-o DIR/ | -o 'out/{name}.pdf'] [-j N]`: every journey
 * built by one process, N at a time (a thread each, each with the fonts
 * loaded once), each with its own diagnostics and its own output written
 * whole or not at all. The exit status is the worst of the files'.
 */
static int build_many(const build_args *a, char **inputs, size_t n, GArray *lanes)
{
    if (a->personas || a->each_persona || a->survey.data || a->survey.kpis || a->compare) {
        cli_error("-p, --each-persona, --data and --kpis apply to one journey; build several journeys "
                  "one by one to use them");
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(inputs[i], "-") == 0 || cli_is_markdown(inputs[i])) {
            cli_error("'%s': several files at once are journey files (standard input and "
                      "Markdown documents are built one at a time)", inputs[i]);
            return EXIT_USAGE;
        }
    const char *o = a->output;
    bool to_dir = o && (g_str_has_suffix(o, "/") || g_file_test(o, G_FILE_TEST_IS_DIR));
    bool pattern = o && !to_dir && strstr(o, "{name}");
    if (o && !to_dir && !pattern) {
        cli_error("several journeys need -o DIR/ (a folder) or a file name with {name} "
                  "(e.g. maps/{name}.pdf), not one file");
        return EXIT_USAGE;
    }
    out_fmt fmt = a->format ? fmt_parse(a->format) : pattern ? fmt_from_path(o) : FMT_PDF;
    if (fmt == FMT_UNKNOWN) {
        cli_error(a->format ? "unknown format '%s' (formats: pdf, svg, png, html, pptx, json)"
                            : "cannot tell the format of '%s' from its extension; use -f FMT",
                  a->format ? cli_q(a->format) : o);
        return EXIT_USAGE;
    }
    if (fmt == FMT_SCENE && !a->format) /* a .txt pattern is not asking for the dump */
        fmt = FMT_PDF;
    jmap_page_size page;
    if (!page_option(a->page, &page))
        return EXIT_USAGE;
    if (a->lanes && !parse_lanes(a->lanes, NULL, true, lanes))
        return EXIT_USAGE;
    if (a->report_page && fmt != FMT_PDF && fmt != FMT_PPTX && fmt != FMT_SCENE) {
        cli_error("--report-page adds a page to a PDF or a slide to a deck, not to %s output",
                  fmt_names[fmt]);
        return EXIT_USAGE;
    }
    if (a->embed_fonts && fmt != FMT_SVG && fmt != FMT_HTML) {
        cli_error("--embed-fonts applies to SVG and HTML output");
        return EXIT_USAGE;
    }
    if (a->jobs < 0 || a->jobs > 256) {
        cli_error("-j takes a number of journeys built at a time, from 1 to 256");
        return EXIT_USAGE;
    }

    many_job m;
    memset(&m, 0, sizeof m);
    m.a = a;
    m.fmt = fmt;
    m.n = n;
    m.inputs = inputs;
    m.outputs = g_new0(char *, n + 1);
    m.status = g_new0(int, n);
    int status = EXIT_OK;
    GHashTable *taken = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < n && status == EXIT_OK; i++) {
        char *name = journey_name(inputs[i]);
        if (to_dir) {
            char *file = g_strdup_printf("%s.%s", name, fmt_exts[fmt]);
            m.outputs[i] = g_build_filename(o, file, NULL);
            g_free(file);
        } else if (pattern) {
            GString *g = g_string_new(o);
            g_string_replace(g, "{name}", name, 0);
            m.outputs[i] = g_string_free(g, FALSE);
        } else {
            char *in = g_strdup(inputs[i]);
            char *pdf = default_output(in);
            pdf[strlen(pdf) - 3] = '\0';
            m.outputs[i] = g_strconcat(pdf, fmt_exts[fmt], NULL);
            g_free(pdf);
            g_free(in);
        }
        g_free(name);
        if (g_hash_table_contains(taken, m.outputs[i])) {
            cli_error("two journeys would be written to '%s'; use -o with {name} in a folder "
                      "of their own", m.outputs[i]);
            status = EXIT_USAGE;
        } else if (strcmp(m.outputs[i], inputs[i]) == 0 || same_file(inputs[i], m.outputs[i])) {
            cli_error("the map of '%s' would overwrite the journey", inputs[i]);
            status = EXIT_USAGE;
        }
        g_hash_table_add(taken, m.outputs[i]);
    }
    g_hash_table_destroy(taken);
    char *date = NULL;
    if (status == EXIT_OK) {
        date = creation_date();
        m.base = (jmap_render_opts){
            .format = out_format(fmt),
            .page = page,
            .scale = a->scale ? a->scale : a->dpi ? a->dpi / 72.0 : 2.0,
            /* --lanes: each journey's, read with it (build_one) */
            .creation_date = date,
            .report_page = a->report_page,
            .embed_fonts = a->embed_fonts,
            .state_view = a->state_view,
        };
        if (fmt != FMT_JSON)
            jmap_render_warm_up();
        size_t jobs = a->jobs > 0 ? (size_t)a->jobs : (size_t)g_get_num_processors();
        if (jobs > n)
            jobs = n;
        GThread **threads = g_new0(GThread *, jobs);
        /* the calling thread is one of the workers */
        for (size_t t = 1; t < jobs; t++)
            threads[t] = g_thread_new("jmap-build", many_worker, &m);
        many_worker(&m);
        for (size_t t = 1; t < jobs; t++)
            g_thread_join(threads[t]);
        g_free(threads);
        size_t failed = 0;
        for (size_t i = 0; i < n; i++) {
            if (m.status[i] != EXIT_OK)
                failed++;
            if (m.status[i] > status)
                status = m.status[i];
        }
        if (failed && failed < n)
            cli_error("%zu of %zu journeys could not be built; the others were written", failed,
                      n);
        else if (failed)
            cli_error("none of the %zu journeys could be built", n);
    }
    g_free(date);
    g_strfreev(m.outputs);
    g_free(m.status);
    return status;
}

/* `jmap build doc.md -o out.md`: the options that make sense for the maps
 * of a document, the others refused (cmd_build_md.c does the work). */
static int build_markdown(build_args *a, const char *input, GArray *lanes)
{
    if (!a->output) {
        cli_error("build: a Markdown document needs -o OUT.md (the maps are written beside it)");
        return EXIT_USAGE;
    }
    out_fmt fmt = a->format ? fmt_parse(a->format) : FMT_SVG;
    if (fmt != FMT_SVG && fmt != FMT_PNG) {
        cli_error("the maps of a Markdown document are images: -f svg (default) or -f png");
        return EXIT_USAGE;
    }
    if (a->personas || a->each_persona || a->report_page || a->survey.data || a->survey.kpis ||
        a->theme || a->compare) {
        cli_error("-p, --each-persona, --report-page, --data, --kpis and --theme apply to one journey; "
                  "a Markdown document's journeys are drawn as they are written");
        return EXIT_USAGE;
    }
    jmap_page_size page;
    if (!page_option(a->page, &page))
        return EXIT_USAGE;
    if (a->lanes && !parse_lanes(a->lanes, NULL, false, lanes))
        return EXIT_USAGE;
    if (strcmp(a->output, input) == 0 || same_file(input, a->output)) {
        cli_error("-o names the input file '%s'; refusing to overwrite the document", input);
        return EXIT_USAGE;
    }
    jmap_render_warm_up();
    char *date = creation_date();
    jmap_render_opts ro = {
        .format = out_format(fmt),
        .page = page,
        .scale = a->scale ? a->scale : a->dpi ? a->dpi / 72.0 : 2.0,
        .lanes = lanes->len ? (const jmap_lane *)lanes->data : NULL,
        .n_lanes = lanes->len,
        .input_name = NULL,
        .creation_date = date,
        .embed_fonts = a->embed_fonts,
        .state_view = a->state_view,
    };
    int status = cli_build_markdown(input, a->output, &ro, fmt == FMT_SVG ? "svg" : "png");
    g_free(date);
    return status;
}

int cmd_build(int argc, char **argv)
{
    build_args a = {0};
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &a.output,
         N_("Output file (- for standard output); default: FILE with .pdf"), N_("OUT")},
        {"format", 'f', 0, G_OPTION_ARG_STRING, &a.format,
         N_("pdf, svg, png, html (interactive page), pptx (PowerPoint deck) or json (the resolved "
         "model); default: from OUT's extension"), N_("FMT")},
        {"persona", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &a.personas,
         N_("Draw only this persona (repeatable)"), N_("ID")},
        {"lanes", 0, 0, G_OPTION_ARG_STRING, &a.lanes,
         N_("Comma-separated lanes to draw, in order (overrides lanes: in the file)"), N_("LIST")},
        {"page", 0, 0, G_OPTION_ARG_STRING, &a.page,
         N_("auto (default: the map's natural size; for PPTX, slide), a4, a3, a2, a1, a0, letter, "
         "tabloid or slide (16:9): the map laid out for that landscape sheet, text at least 6 pt, "
         "continued on further sheets when it cannot fit one"), N_("SIZE")},
        {"scale", 0, 0, G_OPTION_ARG_DOUBLE, &a.scale, N_("PNG pixels per point (default 2)"), N_("N")},
        {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &a.dpi, N_("PNG resolution in dots per inch (default 144)"), N_("N")},
        {"each-persona", 0, 0, G_OPTION_ARG_NONE, &a.each_persona,
         N_("One map per persona: OUT must contain {persona}, except for PDF and PPTX where one "
         "document holds an overview page (slide) then one per persona"), NULL},
        {"report-page", 0, 0, G_OPTION_ARG_NONE, &a.report_page,
         N_("PDF and PPTX: end with an analysis page or slide (key figures, the impact x effort "
         "matrix of the opportunities, the findings)"), NULL},
        {"threshold", 't', 0, G_OPTION_ARG_STRING_ARRAY, &a.thresholds,
         N_("A threshold of the analysis page's findings, as for jmap report (repeatable)"),
         N_("NAME=VALUE")},
        CLI_SURVEY_OPTIONS(&a.survey),
        {"theme", 0, 0, G_OPTION_ARG_FILENAME, &a.theme,
         N_("YAML file with a theme: mapping that overrides the journey's theme"), N_("FILE")},
        {"embed-fonts", 0, 0, G_OPTION_ARG_NONE, &a.embed_fonts,
         N_("SVG and HTML: embed the fonts the map uses (only its glyphs), so it looks the same "
         "where they are not installed"), NULL},
        {"compare", 0, 0, G_OPTION_ARG_FILENAME, &a.compare,
         N_("Draw the map over an older version of the journey (a file, or REV:PATH from git): "
         "its curve faint behind, changed and new touchpoints marked, removed ones listed"),
         N_("OLD")},
        {"watch", 'w', 0, G_OPTION_ARG_NONE, &a.watch,
         N_("Build, then build again on every save of the journey, its theme kit, survey or "
         "images (until interrupted); an invalid save keeps the last good map"), NULL},
        {"state", 0, 0, G_OPTION_ARG_STRING, &a.state,
         N_("current: the as-is journey (no new touchpoints, no state marks); future: the to-be "
            "journey (no retired touchpoints); default: every touchpoint, marked new, changed or "
            "retired"), N_("current|future")},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &a.jobs,
         N_("Several journeys: build N at a time (default: the number of processors)"), N_("N")},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &a.quiet, N_("Errors only, no warnings"), NULL},
        CLI_SAFE_OPTION(&a.safe),
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = g_option_context_new(N_("FILE - render a journey map"));
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, N_("Lanes: storyboard, touchpoints, doing, thinking, emotions, pains, opportunities,\n"
             "channels, kpis, owners, frontstage, backstage, support, systems, and the ids of\n"
             "the journey's own lanes.\n"
             "Exit status: 0 success, 1 invalid journey, 2 usage error, 3 input/output failure.\n"
             "The output is written to a temporary file and renamed into place: a failed build\n"
             "leaves an existing map untouched."));
    bool done;
    int status = cli_parse_options(ctx, "build", &argc, &argv, &done);
    g_option_context_free(ctx);
    char *out_path = NULL;
    GArray *lanes = g_array_new(FALSE, FALSE, sizeof(jmap_lane));
    if (done)
        goto out;
    g_cli.quiet = a.quiet;
    g_cli.safe = g_cli.safe || a.safe;
    status = EXIT_USAGE;
    if (argc < 2) {
        cli_error("build: no journey file given");
        fprintf(stderr, _("Try 'jmap %s --help'.\n"), "build");
        goto out;
    }
    if (a.state) {
        if (!strcmp(a.state, "current")) {
            a.state_view = JMAP_VIEW_CURRENT;
        } else if (!strcmp(a.state, "future")) {
            a.state_view = JMAP_VIEW_FUTURE;
        } else {
            cli_error("--state: unknown state '%s' (current or future)", cli_q(a.state));
            goto out;
        }
    }
    if (argc > 2) {
        status = build_many(&a, argv + 1, (size_t)argc - 1, lanes);
        goto out;
    }
    const char *input = argv[1];
    bool from_stdin = strcmp(input, "-") == 0;
    out_path = a.output ? g_strdup(a.output) : from_stdin ? g_strdup("-") : default_output(input);

    if (cli_is_markdown(input)) {
        status = build_markdown(&a, input, lanes);
        goto out;
    }

    out_fmt fmt = a.format ? fmt_parse(a.format) : fmt_from_path(out_path);
    if (a.format && fmt == FMT_UNKNOWN) {
        cli_error("unknown format '%s' (formats: pdf, svg, png, html, pptx, json)", cli_q(a.format));
        goto out;
    }
    if (fmt == FMT_UNKNOWN) {
        if (strcmp(out_path, "-") == 0) {
            fmt = FMT_PDF;
        } else {
            cli_error("cannot tell the format of '%s' from its extension; use -f "
                      "pdf|svg|png|html|pptx|json",
                      out_path);
            goto out;
        }
    }
    jmap_page_size page;
    if (!page_option(a.page, &page))
        goto out;
    if (a.scale != 0 && a.dpi != 0) {
        cli_error("give --scale or --dpi, not both");
        goto out;
    }
    jmap_thresholds thresholds;
    if (!cli_parse_thresholds(a.thresholds, &thresholds))
        goto out;
    double scale = a.scale ? a.scale : a.dpi ? a.dpi / 72.0 : 2.0;
    if (!(scale > 0.05 && scale <= 20)) {
        cli_error("PNG scale must be between 0.05 and 20 (dpi between 3.6 and 1440)");
        goto out;
    }
    if (a.lanes && !parse_lanes(a.lanes, NULL, true, lanes))
        goto out;
    if (!cli_survey_args_ok(&a.survey))
        goto out;
    if (!from_stdin && strcmp(out_path, "-") != 0 &&
        (same_file(input, out_path) || strcmp(input, out_path) == 0)) {
        cli_error("-o names the input file '%s'; refusing to overwrite the journey", input);
        goto out;
    }

    bool placeholder = strstr(out_path, "{persona}") != NULL;
    if (placeholder && !a.each_persona) {
        cli_error("-o contains {persona} but --each-persona is not given");
        goto out;
    }
    if (placeholder && cli_persona_pattern_unfit(out_path)) {
        cli_error("-o '%s': %s", out_path, cli_persona_pattern_unfit(out_path));
        goto out;
    }
    if (a.each_persona && fmt == FMT_JSON) {
        cli_error("--each-persona draws maps; the JSON model is one per journey");
        goto out;
    }
    if (a.each_persona && !placeholder && fmt != FMT_PDF && fmt != FMT_PPTX) {
        cli_error("--each-persona with %s output needs {persona} in -o (e.g. maps/map-{persona}.%s); "
                  "only a PDF or a PPTX deck can hold every persona in one file",
                  fmt_names[fmt], fmt_exts[fmt]);
        goto out;
    }

    if (a.report_page && fmt != FMT_PDF && fmt != FMT_PPTX && fmt != FMT_SCENE) {
        cli_error("--report-page adds a page to a PDF or a slide to a deck; %s output has no "
                  "second page (%suse jmap report for the analysis as text)",
                  fmt_names[fmt],
                  fmt == FMT_HTML ? "the HTML page always holds the analysis; " : "");
        goto out;
    }
    if (a.embed_fonts && fmt != FMT_SVG && fmt != FMT_HTML) {
        cli_error("--embed-fonts applies to SVG and HTML output (%s embeds its fonts or draws "
                  "pixels)", fmt_names[fmt]);
        goto out;
    }

    build_plan plan = {&a,          input,      out_path, fmt,        page,
                       scale,       placeholder, from_stdin, NULL, &thresholds};
    if (fmt != FMT_JSON)
        jmap_render_warm_up(); /* fontconfig starts while the journey is read */
    if (a.watch) {
        if (from_stdin || strcmp(out_path, "-") == 0) {
            cli_error("--watch rebuilds a journey file into an output file (not standard input "
                      "or output)");
            goto out;
        }
        plan.cache = jmap_render_cache_new();
        status = cli_watch(build_watched, &plan, g_cli.quiet);
        jmap_render_cache_free(plan.cache);
    } else {
        status = build_once(&plan, NULL);
    }

out:
    g_free(a.compare);
    cli_survey_args_free(&a.survey);
    g_free(out_path);
    g_array_free(lanes, TRUE);
    g_free(a.output);
    g_free(a.format);
    g_free(a.lanes);
    g_free(a.page);
    g_free(a.theme);
    g_free(a.state);
    g_strfreev(a.personas);
    g_strfreev(a.thresholds);
    return status;
}
