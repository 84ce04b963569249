/*
 * test_svg.c — jmap's SVG writer: the file is well-formed XML whatever the
 * journey holds; every text of the scene is in it, line by line as Pango
 * set it (a hyphen where Pango broke a word); every id starts with the
 * prefix and every reference finds its id; data attributes are escaped;
 * links only for the schemes url.h accepts; the same scene gives the same
 * bytes; fonts are embedded only when asked for, and then named first.
 */
#include "load_util.h"

#include "render/backend.h"

/* Texts of every kind of trouble: markup, quotes, CDATA's end, entities,
 * right-to-left scripts, bidi controls, emoji, control characters (YAML
 * escapes), a word too long for its card, soft hyphens. */
static const char HOSTILE[] =
    "jmap: 1\n"
    "locale: fr\n"
    "title: \"Achat <b>&amp;</b> \\\"quoted\\\" 'single' ]]> \\x01\\x7f\\u0085 end\"\n"
    "description: \"<desc> & ]]>\"\n"
    "personas:\n"
    "  - name: \"Renée <O'Hara> & \\\"co\\\"\"\n"
    "    role: \"مرحبا بالعالم، هذا نص طويل جدا لاختبار التفاف الأسطر 123\"\n"
    "stages:\n"
    "  - name: \"Achat 🛒 <script>alert(1)</script>\"\n"
    "    touchpoints:\n"
    "      - name: \"Anticonstitutionnellementissimementextraordinairementlongmotquinetientpas\"\n"
    "        emotion: 3\n"
    "        doing: \"\\u202Eoverride\\u202C and \\u200Frlm\\u200E ]]> &amp; <![CDATA[x]]>\"\n"
    "        thinking: \"עברית עם מספרים 1234 ו-English באמצע, שורה ארוכה שתעטוף בתוך הכרטיס\"\n"
    "        url: \"https://e.com/a?b=1&c=<2>\"\n"
    "      - name: \"emoji 😀👍🏽 tab\\there\"\n"
    "        emotion: 4\n"
    "        doing: \"soft\\u00ADhyphen\\u00ADated\\u00ADwords\\u00ADthat\\u00ADare\\u00ADlong\\u00ADenough\\u00ADto\\u00ADwrap\"\n"
    "  - name: \"Empty, hatched in the emotion lane\"\n"
    "  - name: Last\n"
    "    touchpoints:\n"
    "      - {name: Z, emotion: 5}\n";

typedef struct fixture {
    jmap_doc *doc;
    jmap_pango *pg;
    jmap_scene *s;
} fixture;

static void fixture_open(fixture *f, const char *yaml)
{
    f->doc = load_str(yaml);
    if (!f->doc->journey)
        dump_diags(f->doc);
    assert_non_null(f->doc->journey);
    f->pg = jmap_pango_new(NULL, "fr");
    jmap_measurer m;
    jmap_pango_measurer(f->pg, &m);
    jmap_render_opts ro = {0};
    ro.format = JMAP_OUT_SVG;
    jmap_layout_opts lo = jmap_render_layout_opts(&ro, NULL);
    jmap_diags diags;
    jmap_arena *arena = jmap_arena_new();
    jmap_diags_init(&diags, arena);
    f->s = jmap_layout_build(f->doc->journey, &lo, &m, &diags);
    jmap_diags_free(&diags);
    jmap_arena_free(arena);
    assert_non_null(f->s);
}

static void fixture_close(fixture *f)
{
    jmap_scene_free(f->s);
    jmap_pango_free(f->pg);
    jmap_doc_free(f->doc);
}

static char *write_svg(fixture *f, const char *prefix, bool embed, bool inline_html)
{
    jmap_render_opts ro = {0};
    ro.format = JMAP_OUT_SVG;
    jmap_svg_opts so = {prefix, embed, inline_html};
    jmap_diags diags;
    jmap_arena *arena = jmap_arena_new();
    jmap_diags_init(&diags, arena);
    GString *out = g_string_new(NULL);
    bool ok = jmap_svg_write(f->doc->journey, f->pg, f->s, &ro, &so, out, &diags);
    jmap_diags_free(&diags);
    jmap_arena_free(arena);
    assert_true(ok);
    return g_string_free(out, FALSE);
}

/* What a parse of the SVG gathered. */
typedef struct parsed {
    GPtrArray *texts;   /* the character data of each <text>, in order */
    GString *cur;       /* of the <text> being read, or NULL */
    GHashTable *ids;    /* id -> itself */
    GPtrArray *refs;    /* ids referenced by href="#..." and url(#...) */
    GPtrArray *data;    /* "name=value" of every data-* attribute */
    GPtrArray *links;   /* href of every <a> */
    int n_font_face;
} parsed;

static void on_start(GMarkupParseContext *ctx, const gchar *name, const gchar **an,
                     const gchar **av, gpointer ud, GError **err)
{
    parsed *p = ud;
    if (strcmp(name, "text") == 0) {
        assert_null(p->cur);
        p->cur = g_string_new(NULL);
    }
    for (size_t i = 0; an[i]; i++) {
        if (strcmp(an[i], "id") == 0) {
            assert_false(g_hash_table_contains(p->ids, av[i])); /* unique */
            g_hash_table_add(p->ids, g_strdup(av[i]));
        }
        if (strcmp(an[i], "href") == 0 && av[i][0] == '#')
            g_ptr_array_add(p->refs, g_strdup(av[i] + 1));
        if (strcmp(an[i], "href") == 0 && strcmp(name, "a") == 0)
            g_ptr_array_add(p->links, g_strdup(av[i]));
        const char *u = strstr(av[i], "url(#");
        if (u) {
            const char *e = strchr(u, ')');
            assert_non_null(e);
            g_ptr_array_add(p->refs, g_strndup(u + 5, (gsize)(e - u - 5)));
        }
        if (g_str_has_prefix(an[i], "data-"))
            g_ptr_array_add(p->data, g_strdup_printf("%s=%s", an[i], av[i]));
    }
}

static void on_end(GMarkupParseContext *ctx, const gchar *name, gpointer ud, GError **err)
{
    parsed *p = ud;
    if (strcmp(name, "text") == 0) {
        g_ptr_array_add(p->texts, g_string_free(p->cur, FALSE));
        p->cur = NULL;
    }
}

static void on_text(GMarkupParseContext *ctx, const gchar *text, gsize len, gpointer ud,
                    GError **err)
{
    parsed *p = ud;
    if (p->cur)
        g_string_append_len(p->cur, text, (gssize)len);
    const char *el = g_markup_parse_context_get_element(ctx);
    if (el && strcmp(el, "style") == 0)
        for (const char *q = text; (q = strstr(q, "@font-face")); q++)
            p->n_font_face++;
}

/* Parses svg (asserting it is well-formed) into p. */
static void parse(const char *svg, parsed *p)
{
    memset(p, 0, sizeof *p);
    p->texts = g_ptr_array_new_with_free_func(g_free);
    p->ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p->refs = g_ptr_array_new_with_free_func(g_free);
    p->data = g_ptr_array_new_with_free_func(g_free);
    p->links = g_ptr_array_new_with_free_func(g_free);
    GMarkupParser parser = {on_start, on_end, on_text, NULL, NULL};
    GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, p, NULL);
    GError *err = NULL;
    bool ok = g_markup_parse_context_parse(ctx, svg, -1, &err) &&
              g_markup_parse_context_end_parse(ctx, &err);
    if (!ok)
        fail_msg("not well-formed: %s", err ? err->message : "?");
    g_markup_parse_context_free(ctx);
}

static void parsed_free(parsed *p)
{
    g_ptr_array_free(p->texts, TRUE);
    g_hash_table_destroy(p->ids);
    g_ptr_array_free(p->refs, TRUE);
    g_ptr_array_free(p->data, TRUE);
    g_ptr_array_free(p->links, TRUE);
}

/* len bytes of t without ASCII white space and without the characters the
 * writer leaves out (controls, U+FFFE, U+FFFF). */
static void append_visible(GString *g, const char *t, size_t len)
{
    const char *end = t + len;
    for (const char *q = t; q < end; q = g_utf8_next_char(q)) {
        gunichar c = g_utf8_get_char(q);
        if (c <= ' ' || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF)
            continue;
        g_string_append_len(g, q, g_utf8_next_char(q) - q);
    }
}

/* Every TEXT item of the scene is a <text> of the SVG, in drawing order,
 * holding its lines as Pango set them: the same characters but for white
 * space at the breaks and the hyphens Pango added; and the lines cover the
 * whole text. */
static void test_every_text(void **state)
{
    fixture f;
    fixture_open(&f, HOSTILE);
    char *svg = write_svg(&f, NULL, false, false);
    parsed p;
    parse(svg, &p);
    size_t k = 0, hyphens = 0;
    bool achat = false;
    for (size_t i = 0; i < jmap_scene_count(f.s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(f.s, i);
        if (it->kind != JMAP_SI_TEXT)
            continue;
        size_t n = 0;
        jmap_text_line *lines = jmap_pango_item_lines(f.pg, it, &n);
        GString *want = g_string_new(NULL), *joined = g_string_new(NULL),
                *whole = g_string_new(NULL);
        for (size_t l = 0; l < n; l++) {
            append_visible(want, it->text + lines[l].start, lines[l].len);
            append_visible(joined, it->text + lines[l].start, lines[l].len);
            if (lines[l].hyphen) {
                g_string_append_c(want, '-');
                hyphens++;
            }
        }
        append_visible(whole, it->text, strlen(it->text));
        assert_string_equal(joined->str, whole->str);
        if (want->len) {
            assert_true(k < p.texts->len);
            GString *got = g_string_new(NULL);
            const char *t = g_ptr_array_index(p.texts, k);
            append_visible(got, t, strlen(t));
            assert_string_equal(got->str, want->str);
            achat = achat || strstr(t, "Achat") != NULL;
            g_string_free(got, TRUE);
            k++;
        }
        g_string_free(want, TRUE);
        g_string_free(joined, TRUE);
        g_string_free(whole, TRUE);
        g_free(lines);
    }
    assert_int_equal(k, p.texts->len);
    assert_true(hyphens > 0); /* the long word was broken */
    assert_true(achat);
    /* the markup of the journey stays text */
    assert_null(strstr(svg, "<script"));
    assert_null(strstr(svg, "<b>"));
    assert_null(strstr(svg, "]]>"));
    for (const char *q = svg; *q; q++)
        assert_true((unsigned char)*q >= 0x20 || *q == '\n');
    parsed_free(&p);
    g_free(svg);
    fixture_close(&f);
}

/* Every id starts with the prefix, every reference finds an id. */
static void check_ids(const char *svg, const char *prefix)
{
    parsed p;
    parse(svg, &p);
    GHashTableIter hi;
    gpointer key;
    g_hash_table_iter_init(&hi, p.ids);
    while (g_hash_table_iter_next(&hi, &key, NULL))
        assert_true(g_str_has_prefix(key, prefix));
    for (guint i = 0; i < p.refs->len; i++)
        assert_true(g_hash_table_contains(p.ids, g_ptr_array_index(p.refs, i)));
    assert_true(g_hash_table_size(p.ids) > 2);
    parsed_free(&p);
}

static void test_ids_prefixed(void **state)
{
    fixture f;
    fixture_open(&f, HOSTILE);
    char *a = write_svg(&f, NULL, false, false);
    check_ids(a, "jmap-");
    assert_non_null(strstr(a, "<clipPath id=\"jmap-c0\">")); /* the hatched empty stage */
    assert_non_null(strstr(a, "<symbol id=\"jmap-i0\""));     /* icons */
    char *b = write_svg(&f, "map2-", false, false);
    check_ids(b, "map2-");
    assert_null(strstr(b, "jmap-"));
    /* a prefix that is no name is made one */
    char *c = write_svg(&f, "9 \"x\"<&)'", false, false);
    check_ids(c, "_9__x____");
    g_free(a);
    g_free(b);
    g_free(c);
    fixture_close(&f);
}

/* Data attributes name the touchpoint, persona, stage and lane; values
 * are escaped. */
static void test_data_attributes(void **state)
{
    fixture f;
    fixture_open(&f, HOSTILE);
    const jmap_journey *j = f.doc->journey;
    jmap_scene_item *text = NULL;
    for (size_t i = 0; i < jmap_scene_count(f.s) && !text; i++) {
        jmap_scene_item *it = jmap_scene_item_at(f.s, i);
        if (it->kind == JMAP_SI_TEXT && it->lane >= 0)
            text = it;
    }
    assert_non_null(text);
    text->tp = 1;
    text->persona = 0;
    text->stage = 0;
    text->role = jmap_scene_strdup(f.s, "x\" onload=\"alert(1)\" <&>'");
    char *svg = write_svg(&f, NULL, false, false);
    parsed p;
    parse(svg, &p);
    char *tp = g_strdup_printf("data-tp=%s", j->touchpoints[1]->id);
    char *persona = g_strdup_printf("data-persona=%s", j->personas[0]->id);
    char *stage = g_strdup_printf("data-stage=%s", j->stages[0]->id);
    char *lane = g_strdup_printf("data-lane=%s", jmap_lane_name((jmap_lane)text->lane));
    bool has[5] = {false};
    for (guint i = 0; i < p.data->len; i++) {
        const char *d = g_ptr_array_index(p.data, i);
        has[0] |= strcmp(d, tp) == 0;
        has[1] |= strcmp(d, persona) == 0;
        has[2] |= strcmp(d, stage) == 0;
        has[3] |= strcmp(d, lane) == 0;
        has[4] |= strcmp(d, "data-role=x\" onload=\"alert(1)\" <&>'") == 0;
    }
    for (int i = 0; i < 5; i++)
        assert_true(has[i]);
    assert_null(strstr(svg, "\" onload="));
    g_free(tp);
    g_free(persona);
    g_free(stage);
    g_free(lane);
    parsed_free(&p);
    g_free(svg);
    fixture_close(&f);
}

/* Links only for http, https and mailto, percent-encoded. */
static void test_links(void **state)
{
    fixture f;
    fixture_open(&f, HOSTILE);
    jmap_scene_item *it = jmap_scene_add(f.s, JMAP_SI_LINK, JMAP_LAYER_NONE, -1, "link");
    it->x = it->y = 1;
    it->w = it->h = 10;
    it->path = jmap_scene_strdup(f.s, "javascript:alert(1)");
    char *svg = write_svg(&f, NULL, false, false);
    parsed p;
    parse(svg, &p);
    assert_int_equal(p.links->len, 1);
    assert_string_equal(g_ptr_array_index(p.links, 0), "https://e.com/a?b=1&c=%3C2%3E");
    assert_null(strstr(svg, "javascript"));
    assert_non_null(strstr(svg, "rel=\"noopener\""));
    parsed_free(&p);
    g_free(svg);
    fixture_close(&f);
}

/* The same scene gives the same bytes, from a fresh context too. */
static void test_same_bytes(void **state)
{
    fixture a, b;
    fixture_open(&a, HOSTILE);
    fixture_open(&b, HOSTILE);
    char *x = write_svg(&a, NULL, true, false), *y = write_svg(&a, NULL, true, false);
    char *z = write_svg(&b, NULL, true, false);
    assert_string_equal(x, y);
    assert_string_equal(x, z);
    g_free(x);
    g_free(y);
    g_free(z);
    fixture_close(&a);
    fixture_close(&b);
}

/* A file has its XML declaration; an SVG for an HTML page has none. */
static void test_standalone_and_inline(void **state)
{
    fixture f;
    fixture_open(&f, HOSTILE);
    char *a = write_svg(&f, NULL, false, false);
    char *b = write_svg(&f, "m1-", false, true);
    assert_true(g_str_has_prefix(a, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
    assert_true(g_str_has_prefix(b, "<svg "));
    assert_non_null(strstr(a, "xml:lang=\"fr\""));
    assert_non_null(strstr(a, "role=\"img\" aria-labelledby=\"jmap-title jmap-desc\""));
    assert_non_null(strstr(a, "<desc id=\"jmap-desc\">&lt;desc&gt; &amp; ]]&gt;</desc>"));
    parsed p;
    parse(b, &p);
    parsed_free(&p);
    g_free(a);
    g_free(b);
    fixture_close(&f);
}

/* Fonts only with embed_fonts: subsets as data URIs, their families first. */
static void test_embed_fonts(void **state)
{
    fixture f;
    fixture_open(&f, HOSTILE);
    char *plain = write_svg(&f, NULL, false, false);
    char *emb = write_svg(&f, "m3-", true, false);
    parsed p;
    parse(plain, &p);
    assert_int_equal(p.n_font_face, 0);
    assert_null(strstr(plain, "data:font/"));
    parsed_free(&p);
    parse(emb, &p);
    assert_true(p.n_font_face >= 2); /* regular and bold at least */
    assert_non_null(strstr(emb, ".m3-t{font-family:'m3-f0',"));
    assert_non_null(strstr(emb, "src:url(data:font/"));
    parsed_free(&p);
    /* the measurer names the files and the characters each one shows */
    size_t n = 0;
    jmap_font_use *u = jmap_pango_scene_fonts(f.pg, f.s, &n);
    assert_true(n >= 2);
    bool latin = false;
    for (size_t i = 0; i < n; i++) {
        assert_true(g_file_test(u[i].file, G_FILE_TEST_IS_REGULAR));
        for (size_t k = 1; k < u[i].n_cps; k++)
            assert_true(u[i].cps[k - 1] < u[i].cps[k]);
        for (size_t k = 0; k < u[i].n_cps; k++) {
            assert_true(u[i].cps[k] >= 0x20);
            latin |= u[i].cps[k] == 'A';
        }
    }
    assert_true(latin);
    jmap_pango_font_uses_free(u, n);
    g_free(plain);
    g_free(emb);
    fixture_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_text),
        cmocka_unit_test(test_ids_prefixed),
        cmocka_unit_test(test_data_attributes),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_same_bytes),
        cmocka_unit_test(test_standalone_and_inline),
        cmocka_unit_test(test_embed_fonts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
