/*
 * test_pages.c — maps laid out for sheets (jmap_layout_pages), with both
 * measurers: every page fits its sheet with text at 6 pt or more; a map
 * split into pages starts with an overview, breaks between stages (inside a
 * stage only when it alone is wider than a sheet), shows every touchpoint
 * once, and repeats on every page the title, the page number and stages, the
 * lane labels, the persona key and the legend; nothing overlaps. The
 * examples fit one A3 sheet, one A2 sheet and one slide, filling them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "measure_pango.h"
#include "scene.h"

#define EPS 0.01
#define MIN_PT 6.0

typedef struct sheet {
    const char *name;
    double w, h, margin;
} sheet;

static const sheet A3 = {"A3", 1190.55, 841.89, 20};
static const sheet A2 = {"A2", 1683.78, 1190.55, 20};
static const sheet SLIDE = {"slide", 960, 540, 14};

static bool overlap(const jmap_scene_item *a, const jmap_scene_item *b)
{
    return a->x + EPS < b->x + b->w && b->x + EPS < a->x + a->w && a->y + EPS < b->y + b->h &&
           b->y + EPS < a->y + a->h;
}

static size_t count_role(const jmap_scene *s, const char *role)
{
    size_t n = 0;
    for (size_t i = 0; i < jmap_scene_count(s); i++)
        n += strcmp(jmap_scene_item_at(s, i)->role, role) == 0;
    return n;
}

static const jmap_scene_item *first_role(const jmap_scene *s, const char *role)
{
    for (size_t i = 0; i < jmap_scene_count(s); i++)
        if (strcmp(jmap_scene_item_at(s, i)->role, role) == 0)
            return jmap_scene_item_at(s, i);
    return NULL;
}

/* The page on its sheet: at 6 pt or more, inside the sheet's margins;
 * every item on the page; no overlap inside a tested layer. */
static void check_page(const jmap_scene *s, const sheet *sh)
{
    assert_true(s->page_scale > 0);
    if (JMAP_BODY_SIZE * s->page_scale < MIN_PT - 1e-9)
        print_message("%s: text at %.2f pt\n", sh->name, JMAP_BODY_SIZE * s->page_scale);
    assert_true(JMAP_BODY_SIZE * s->page_scale >= MIN_PT - 1e-9);
    assert_true(s->width * s->page_scale <= sh->w - 2 * sh->margin + 0.5);
    if (s->height * s->page_scale > sh->h - 2 * sh->margin + 0.5)
        print_message("%s: page %.0f pt tall at scale %.3f\n", sh->name, s->height,
                      s->page_scale);
    assert_true(s->height * s->page_scale <= sh->h - 2 * sh->margin + 0.5);
    size_t n = jmap_scene_count(s);
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *a = jmap_scene_item_at(s, i);
        if (a->kind != JMAP_SI_LINE) {
            if (!(a->x >= -EPS && a->y >= -EPS && a->x + a->w <= s->width + EPS &&
                  a->y + a->h <= s->height + EPS))
                print_message("off page: %s [%s] %.1f %.1f %.1f %.1f in %.1f x %.1f\n", a->role,
                              a->text ? a->text : "", a->x, a->y, a->w, a->h, s->width,
                              s->height);
            assert_true(a->x >= -EPS && a->y >= -EPS);
            assert_true(a->x + a->w <= s->width + EPS && a->y + a->h <= s->height + EPS);
        }
        if (a->layer == JMAP_LAYER_NONE)
            continue;
        for (size_t k = i + 1; k < n; k++) {
            const jmap_scene_item *b = jmap_scene_item_at(s, k);
            if (b->layer == a->layer && overlap(a, b))
                print_message("overlap: %s [%s] %.1f %.1f %.1f %.1f and %s [%s] %.1f %.1f %.1f "
                              "%.1f\n",
                              a->role, a->text ? a->text : "", a->x, a->y, a->w, a->h, b->role,
                              b->text ? b->text : "", b->x, b->y, b->w, b->h);
            assert_false(b->layer == a->layer && overlap(a, b));
        }
    }
}

/* The visible touchpoints: met by a persona of the mask. */
static bool shown(const jmap_journey *j, const bool *mask, const jmap_touchpoint *tp)
{
    if (!mask)
        return true;
    for (size_t p = 0; p < j->n_personas; p++)
        if (mask[p] && tp->meets[p])
            return true;
    return false;
}

/* A split map: the overview first; then every page labelled, with the
 * title, lane labels, persona key and legend; stages in order, each on
 * consecutive pages, split only when it alone does not fit; every
 * touchpoint on exactly one page. */
static void check_split(const jmap_journey *j, jmap_scene **pages, size_t n)
{
    assert_true(n >= 2);
    const jmap_scene_item *ov = first_role(pages[0], "page-label");
    assert_non_null(ov);
    assert_true(strstr(ov->text, "overview") || strstr(ov->text, "ensemble"));
    assert_int_equal(count_role(pages[0], "tp-name"), 0);
    size_t tp_pages = 0;
    for (size_t p = 0; p < n; p++) {
        const jmap_scene *s = pages[p];
        const jmap_scene_item *lab = first_role(s, "page-label");
        assert_non_null(lab);
        char *want = g_strdup_printf("page %zu/%zu", p + 1, n);
        assert_non_null(strstr(lab->text, want));
        g_free(want);
        assert_int_equal(count_role(s, "title"), 1);
        assert_true(count_role(s, "legend-title") == 1);
        assert_true(count_role(s, "lane-label") >= 1);
        if (p > 0 && !j->personas_implicit)
            assert_true(count_role(s, "persona-key") >= 1);
        tp_pages += count_role(s, "tp-name");
    }
    /* each touchpoint's name once, pages after the overview */
    size_t want_tp = 0;
    for (size_t t = 0; t < j->n_touchpoints; t++)
        want_tp += shown(j, NULL, j->touchpoints[t]);
    assert_int_equal(tp_pages, want_tp);
    /* stage headers in map order on each page; a page starts at or after
     * the previous page's first stage (at it: the same stages continued,
     * their other lanes or their later touchpoints) */
    size_t prev_first = 0;
    for (size_t p = 1; p < n; p++) {
        size_t first = 0, last = 0;
        for (size_t i = 0; i < jmap_scene_count(pages[p]); i++) {
            const jmap_scene_item *it = jmap_scene_item_at(pages[p], i);
            if (strcmp(it->role, "stage-number") != 0)
                continue;
            size_t num = (size_t)g_ascii_strtoull(it->text, NULL, 10);
            assert_true(num >= 1 && num <= j->n_stages);
            assert_true(num > last);
            if (!first)
                first = num;
            last = num;
        }
        assert_true(first >= prev_first);
        if (first == prev_first) {
            const jmap_scene_item *lab = first_role(pages[p], "page-label");
            const jmap_scene_item *name = first_role(pages[p], "stage-name");
            assert_true(strstr(lab->text, "continued") || strstr(lab->text, "suite") ||
                        strstr(name->text, "continued") || strstr(name->text, "suite"));
        }
        prev_first = first;
    }
}

/* NULL for a journey with errors, unless `must` */
static jmap_doc *load_file(const char *path, bool must)
{
    char *text = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents(path, &text, &len, NULL));
    jmap_load_opts o = {0};
    jmap_doc *d = jmap_load(path, text, len, &o);
    g_free(text);
    if (must)
        assert_non_null(d->journey);
    if (!d->journey) {
        jmap_doc_free(d);
        return NULL;
    }
    return d;
}

/* Lays `j` out on `sh`; checks every page, and a split map as a whole.
 * Returns the number of pages; *fill_w / *fill_h the first page's share of
 * the sheet's printable area. */
static size_t lay_on(const jmap_journey *j, const jmap_measurer *m, const sheet *sh,
                     double *fill_w, double *fill_h)
{
    size_t n = 0;
    jmap_scene **pages = jmap_layout_pages(j, NULL, m, NULL, sh->w, sh->h, sh->margin, &n);
    assert_true(n >= 1);
    for (size_t p = 0; p < n; p++)
        check_page(pages[p], sh);
    if (n > 1)
        check_split(j, pages, n);
    if (fill_w) {
        *fill_w = pages[0]->width * pages[0]->page_scale / (sh->w - 2 * sh->margin);
        *fill_h = pages[0]->height * pages[0]->page_scale / (sh->h - 2 * sh->margin);
    }
    for (size_t p = 0; p < n; p++)
        jmap_scene_free(pages[p]);
    g_free(pages);
    return n;
}

/* The fake measurer gives every character the same advance: its maps are
 * laid out by the same rules, but how many sheets they take says nothing
 * about real text. The page-count and fill targets hold with the fonts. */
static bool g_real_fonts;

/* One sheet, filled: ≥ 85 % of its width and ≥ 75 % of its height. */
static void one_filled_sheet(const jmap_journey *j, const jmap_measurer *m, const sheet *sh,
                             const char *name)
{
    double fw = 0, fh = 0;
    size_t n = lay_on(j, m, sh, &fw, &fh);
    if (!g_real_fonts)
        return;
    if (n != 1 || fw < 0.85 || fh < 0.75)
        print_message("%s on %s: %zu pages, fills %.0f %% x %.0f %%\n", name, sh->name, n,
                      fw * 100, fh * 100);
    assert_int_equal(n, 1);
    assert_true(fw >= 0.85);
    assert_true(fh >= 0.75);
}

static void each_in(const char *folder,
                    void (*fn)(const jmap_journey *, const jmap_measurer *, const char *))
{
    GDir *dir = g_dir_open(folder, 0, NULL);
    assert_non_null(dir);
    const char *name;
    int n = 0;
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    while ((name = g_dir_read_name(dir))) {
        if (!g_str_has_suffix(name, ".yaml"))
            continue;
        char *path = g_build_filename(folder, name, NULL);
        jmap_doc *d = load_file(path, false);
        if (!d) {
            g_free(path);
            continue; /* a journey written to be refused (tests/golden/err-*) */
        }
        const jmap_journey *j = d->journey;
        jmap_pango *pg = jmap_pango_new(j->theme.font, j->locale == JMAP_LOCALE_FR ? "fr" : "en");
        jmap_measurer m;
        jmap_pango_measurer(pg, &m);
        print_message("example %s\n", name);
        g_real_fonts = false;
        fn(j, &fake, name);
        g_real_fonts = true;
        fn(j, &m, name);
        jmap_pango_free(pg);
        jmap_doc_free(d);
        g_free(path);
        n++;
    }
    g_dir_close(dir);
    assert_true(n > 0);
}

/* A service blueprint (steps under the customer's lanes) doubles a map's
 * lanes: it is printed on A2, and on A3 or a slide it continues on further
 * sheets (docs/decisions.md). */
static bool is_blueprint(const jmap_journey *j)
{
    for (size_t t = 0; t < j->n_touchpoints; t++)
        for (int b = 0; b < JMAP_BP_COUNT; b++)
            if (j->touchpoints[t]->steps[b].n)
                return true;
    return false;
}

static void on_a3(const jmap_journey *j, const jmap_measurer *m, const char *name)
{
    if (is_blueprint(j) && j->n_touchpoints > 4) {
        size_t n = lay_on(j, m, &A3, NULL, NULL);
        if (g_real_fonts)
            print_message("%s (a blueprint) on A3: %zu pages\n", name, n);
        return;
    }
    one_filled_sheet(j, m, &A3, name);
}

static void on_a2(const jmap_journey *j, const jmap_measurer *m, const char *name)
{
    one_filled_sheet(j, m, &A2, name);
}

static void on_slide(const jmap_journey *j, const jmap_measurer *m, const char *name)
{
    /* a slide shows the story lanes (the renderer's choice for slides) */
    static const jmap_lane lanes[] = {JMAP_LANE_TOUCHPOINTS, JMAP_LANE_EMOTIONS,
                                      JMAP_LANE_PAINS, JMAP_LANE_OPPORTUNITIES};
    jmap_layout_opts o = {.lanes = lanes, .n_lanes = 4, .summary = true};
    size_t n = 0;
    jmap_scene **pages = jmap_layout_pages(j, &o, m, NULL, SLIDE.w, SLIDE.h, SLIDE.margin, &n);
    for (size_t p = 0; p < n; p++)
        check_page(pages[p], &SLIDE);
    if (n > 1)
        check_split(j, pages, n);
    if (g_real_fonts && j->n_touchpoints <= 12 && n != 1)
        print_message("%s on a slide: %zu pages\n", name, n);
    if (g_real_fonts && j->n_touchpoints <= 12 && !is_blueprint(j))
        assert_int_equal(n, 1);
    for (size_t p = 0; p < n; p++)
        jmap_scene_free(pages[p]);
    g_free(pages);
}

static void each_example(void (*fn)(const jmap_journey *, const jmap_measurer *, const char *))
{
    each_in("examples", fn);
}

static void test_examples_a3(void **state)
{
    (void)state;
    each_example(on_a3);
    each_in("tests/golden", on_a3);
}

static void test_examples_a2(void **state)
{
    (void)state;
    each_example(on_a2);
}

static void test_examples_slide(void **state)
{
    (void)state;
    each_example(on_slide);
}

/* ------------------------------------------------------- big journeys */

/* Stages of `per_stage` touchpoints with texts of a real map's length. */
static char *generated(int touchpoints, int personas, int per_stage)
{
    GString *y = g_string_new("jmap: 1\ntitle: Generated journey\npersonas:\n");
    for (int p = 1; p <= personas; p++)
        g_string_append_printf(y, "  - {id: p%d, name: Persona %d, role: Role %d}\n", p, p, p);
    g_string_append(y, "stages:\n");
    unsigned seed = 11;
    for (int t = 0; t < touchpoints; t++) {
        if (t % per_stage == 0)
            g_string_append_printf(y, "  - name: Stage %d\n    touchpoints:\n", t / per_stage + 1);
        g_string_append_printf(y, "      - name: Touchpoint %d\n        channel: web\n"
                                  "        doing: Compares the offers\n        emotion: {",
                               t + 1);
        for (int p = 1; p <= personas; p++) {
            seed = seed * 1103515245u + 12345u;
            g_string_append_printf(y, "%sp%d: %u", p > 1 ? ", " : "", p, 1 + (seed >> 16) % 5);
        }
        g_string_append(y, "}\n");
        if (t % 6 == 0)
            g_string_append(y, "        pains: [{text: Too many forms, severity: high}]\n");
    }
    return g_string_free(y, FALSE);
}

static jmap_doc *load_text(const char *text)
{
    jmap_load_opts o = {0};
    o.no_image_check = true;
    jmap_doc *d = jmap_load("generated.yaml", text, strlen(text), &o);
    assert_non_null(d->journey);
    return d;
}

static void both_measurers(const jmap_journey *j, const sheet *sh, size_t *n_fake,
                           size_t *n_pango)
{
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    *n_fake = lay_on(j, &fake, sh, NULL, NULL);
    jmap_pango *pg = jmap_pango_new(NULL, "en");
    jmap_measurer m;
    jmap_pango_measurer(pg, &m);
    *n_pango = lay_on(j, &m, sh, NULL, NULL);
    jmap_pango_free(pg);
}

/* A generated journey split on A3 with both measurers: more than two pages
 * (an overview and at least two of the map), every one checked. */
static void split_on_a3(int touchpoints, int personas, int per_stage)
{
    char *y = generated(touchpoints, personas, per_stage);
    jmap_doc *d = load_text(y);
    size_t a, b;
    both_measurers(d->journey, &A3, &a, &b);
    assert_true(a > 2 && b > 2);
    jmap_doc_free(d);
    g_free(y);
}

/* 240 touchpoints, 4 personas on A3: an overview, then pages between
 * stages, every one at 6 pt with its title, labels, key and legend. */
static void test_big_map_a3(void **state)
{
    (void)state;
    split_on_a3(240, 4, 8);
}

/* One stage of 60 touchpoints is wider than a sheet: it breaks between
 * touchpoints, its later parts marked as continued. */
static void test_wide_stage(void **state)
{
    (void)state;
    split_on_a3(60, 1, 60);
}

/* Up to 24 touchpoints on one A3 sheet, up to 40 on one A2 sheet. */
static void test_generated_fit(void **state)
{
    (void)state;
    struct { int tp, personas; const sheet *sh; } cases[] = {
        {9, 2, &A3}, {20, 2, &A3}, {24, 4, &A3}, {40, 2, &A2},
    };
    for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
        char *y = generated(cases[c].tp, cases[c].personas, 4);
        jmap_doc *d = load_text(y);
        jmap_measurer fake;
        jmap_measure_fake_init(&fake);
        char *name = g_strdup_printf("%d touchpoints", cases[c].tp);
        g_real_fonts = false;
        one_filled_sheet(d->journey, &fake, cases[c].sh, name);
        g_real_fonts = true;
        jmap_pango *pg = jmap_pango_new(NULL, "en");
        jmap_measurer m;
        jmap_pango_measurer(pg, &m);
        one_filled_sheet(d->journey, &m, cases[c].sh, name);
        jmap_pango_free(pg);
        g_free(name);
        jmap_doc_free(d);
        g_free(y);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_big_map_a3),
        cmocka_unit_test(test_wide_stage),
        cmocka_unit_test(test_examples_a2),
        cmocka_unit_test(test_examples_a3),
        cmocka_unit_test(test_generated_fit),
        cmocka_unit_test(test_examples_slide),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
