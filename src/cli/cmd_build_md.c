/*
 * cmd_build_md.c — `jmap build doc.md -o out.md`: every ```jmap fence of a
 * Markdown document (the journey inline) and every image reference to a
 * journey file (![alt](journey.yaml)) becomes a map file beside out.md
 * (SVG, or PNG with -f png), and out.md is the document with those blocks
 * replaced by links to the maps; a fence's source stays below its map in
 * a collapsed <details> block. Diagnostics of a fence point into the
 * document's own lines. The maps and out.md land together or not at all.
 */
#include "cli_md.h"

#include "markdown.h"

#include <string.h>

/* A markdown source for diagnostics about the document itself. */
typedef struct {
    jmap_doc doc;
    jmap_source *src;
} md_diags;

static void md_diag(md_diags *m, jmap_severity sev, size_t line, size_t col, const char *fmt,
                    const char *arg)
{
    jmap_span sp = {m->src, (int)line, (int)col};
    jmap_diag_add(&m->doc.diags, sev, sp, fmt, arg);
}

static bool is_markdown_name(const char *p)
{
    const char *dot = strrchr(p, '.');
    const char *slash = strrchr(p, '/');
    if (!dot || (slash && dot < slash))
        return false;
    return g_ascii_strcasecmp(dot, ".md") == 0 || g_ascii_strcasecmp(dot, ".markdown") == 0;
}

bool cli_is_markdown(const char *path)
{
    return strcmp(path, "-") != 0 && is_markdown_name(path);
}

/* Alt text of a map: the journey's title, its brackets escaped. */
static void append_alt(GString *g, const char *t)
{
    for (const char *p = t; *p; p++) {
        if (*p == '[' || *p == ']' || *p == '\\')
            g_string_append_c(g, '\\');
        if (*p == '\n' || *p == '\r')
            g_string_append_c(g, ' ');
        else
            g_string_append_c(g, *p);
    }
}

/* The fence that shows `body` as code: longer than any run of backticks in it. */
static char *code_fence(const char *body, size_t len)
{
    size_t longest = 0, run = 0;
    for (size_t i = 0; i < len; i++) {
        run = body[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    size_t n = longest >= 3 ? longest + 1 : 3;
    char *f = g_malloc(n + 1);
    memset(f, '`', n);
    f[n] = '\0';
    return f;
}

/* A map file's link, relative to out.md (they share a folder). */
static void append_links(GString *g, const char *alt, GPtrArray *paths, guint first, guint n)
{
    for (guint k = 0; k < n; k++) {
        char *base = g_path_get_basename(g_ptr_array_index(paths, first + k));
        if (k)
            g_string_append(g, "\n\n");
        g_string_append(g, "![");
        append_alt(g, alt);
        g_string_append(g, "](");
        g_string_append_uri_escaped(g, base, "/", TRUE);
        g_string_append_c(g, ')');
        g_free(base);
    }
}

int cli_build_markdown(const char *input, const char *out_path, const jmap_render_opts *base,
                       const char *ext)
{
    if (!is_markdown_name(out_path)) {
        cli_error("a Markdown document is built into another one: -o OUT.md (the maps are "
                  "written beside it)");
        return EXIT_USAGE;
    }
    char *text = NULL;
    size_t len = 0;
    if (!cli_read_file(input, &text, &len))
        return EXIT_IO;
    md_diags m;
    memset(&m, 0, sizeof m);
    m.doc.arena = jmap_arena_new();
    jmap_diags_init(&m.doc.diags, m.doc.arena);
    m.src = jmap_doc_add_source(&m.doc, input, text, len);

    GArray *blocks = jmap_md_scan(text, len);
    char *in_dir = g_path_get_dirname(input);
    char *out_dir = g_path_get_dirname(out_path);
    char *out_base = g_path_get_basename(out_path);
    char *stem = g_strndup(out_base, (gsize)(strrchr(out_base, '.') - out_base));
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *data = g_ptr_array_new();
    GPtrArray *all_outs = g_ptr_array_new();
    guint *first = g_new0(guint, blocks->len + 1), *count = g_new0(guint, blocks->len + 1);
    char **alts = g_new0(char *, blocks->len + 1);
    bool *fr = g_new0(bool, blocks->len + 1);
    int status = EXIT_OK;

    for (guint i = 0; i < blocks->len; i++) {
        jmap_md_block *b = &g_array_index(blocks, jmap_md_block, i);
        jmap_doc *doc = NULL;
        if (b->kind == JMAP_MD_FENCE) {
            if (!b->closed)
                md_diag(&m, JMAP_SEV_WARNING, b->body_line - 1, 1,
                        "this ```%s fence is not closed; it runs to the end of the document", "jmap");
            size_t flen = 0;
            char *ftext = jmap_md_fence_text(text, b, &flen);
            jmap_load_opts lo = {0};
            lo.base_dir = in_dir;
            doc = jmap_load(input, ftext, flen, &lo);
            g_free(ftext);
            if (doc)
                cli_print_diags(&doc->diags);
        } else {
            char *path = g_path_is_absolute(b->path) ? g_strdup(b->path)
                                                     : g_build_filename(in_dir, b->path, NULL);
            if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
                md_diag(&m, JMAP_SEV_ERROR, b->line, b->col, "no journey file '%s'",
                        b->path);
            } else {
                int st = EXIT_OK;
                doc = cli_load_journey(path, &st);
                if (st == EXIT_IO)
                    status = EXIT_IO;
            }
            g_free(path);
        }
        if (!doc || !doc->journey || doc->diags.errors) {
            if (status == EXIT_OK)
                status = EXIT_INVALID;
            jmap_doc_free(doc);
            continue;
        }
        const jmap_journey *j = doc->journey;
        fr[i] = j->locale == JMAP_LOCALE_FR;
        alts[i] = g_strdup(b->kind == JMAP_MD_IMAGE && *b->alt ? b->alt
                           : j->title                         ? j->title
                                                              : "Journey map");
        GPtrArray *outs = g_ptr_array_new();
        jmap_diags rd;
        jmap_diags_init(&rd, doc->arena);
        bool ok = jmap_render_map_pages(j, base, outs, &rd);
        cli_print_diags(&rd);
        if (!ok || rd.errors) {
            if (status == EXIT_OK)
                status = EXIT_INVALID;
        } else {
            char *name = g_strdup_printf("%s-%u.%s", stem, i + 1, ext);
            char *file = g_build_filename(out_dir, name, NULL);
            first[i] = paths->len;
            cli_add_files(outs, file, paths, data);
            count[i] = paths->len - first[i];
            g_free(file);
            g_free(name);
        }
        g_ptr_array_add(all_outs, outs);
        jmap_diags_free(&rd);
        jmap_doc_free(doc);
    }
    if (blocks->len == 0)
        md_diag(&m, JMAP_SEV_WARNING, 1, 1, "%s holds no ```jmap fence and no image of a journey "
                "file; it is copied as it is", input);
    cli_print_diags(&m.doc.diags);
    if (m.doc.diags.errors && status == EXIT_OK)
        status = EXIT_INVALID;

    GString *md = NULL;
    if (status == EXIT_OK) {
        md = g_string_sized_new(len + 256);
        size_t at = 0;
        for (guint i = 0; i < blocks->len; i++) {
            jmap_md_block *b = &g_array_index(blocks, jmap_md_block, i);
            g_string_append_len(md, text + at, (gssize)(b->start - at));
            append_links(md, alts[i], paths, first[i], count[i]);
            if (b->kind == JMAP_MD_FENCE) {
                /* the source, folded, as YAML: a rebuild of out.md keeps it */
                char *fence = code_fence(text + b->body, b->body_end - b->body);
                g_string_append(md, "\n\n<details>\n<summary>");
                g_string_append(md, fr[i] ? "Source du parcours" : "Journey source");
                g_string_append(md, "</summary>\n\n");
                g_string_append_printf(md, "%syaml\n", fence);
                g_string_append_len(md, text + b->body, (gssize)(b->body_end - b->body));
                if (b->body_end > b->body && text[b->body_end - 1] != '\n')
                    g_string_append_c(md, '\n');
                g_string_append_printf(md, "%s\n\n</details>\n", fence);
                g_free(fence);
            }
            at = b->end;
        }
        g_string_append_len(md, text + at, (gssize)(len - at));
        GByteArray *mdb = g_byte_array_new();
        g_byte_array_append(mdb, (const guint8 *)md->str, (guint)md->len);
        g_ptr_array_add(paths, g_strdup(out_path));
        g_ptr_array_add(data, mdb);
        GPtrArray *one = g_ptr_array_new();
        g_ptr_array_add(one, mdb);
        g_ptr_array_add(all_outs, one);
        status = cli_write_batch(paths, data);
        g_string_free(md, TRUE);
    }

    for (guint i = 0; i < all_outs->len; i++)
        cli_free_outputs(g_ptr_array_index(all_outs, i));
    g_ptr_array_free(all_outs, TRUE);
    g_ptr_array_free(paths, TRUE);
    g_ptr_array_free(data, TRUE);
    for (guint i = 0; i < blocks->len; i++)
        g_free(alts[i]);
    g_free(alts);
    g_free(fr);
    g_free(first);
    g_free(count);
    g_free(stem);
    g_free(out_base);
    g_free(out_dir);
    g_free(in_dir);
    jmap_md_blocks_free(blocks);
    jmap_diags_free(&m.doc.diags);
    jmap_arena_free(m.doc.arena);
    g_free(text);
    return status;
}
