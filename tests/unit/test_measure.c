/*
 * test_measure.c — the Pango measurer: a theme font list resolves to the
 * family fontconfig picks (an unknown family falls through to the default
 * list), prefetching fonts changes no size, sizes are cached exactly, and a
 * layout drawn is the layout measured.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "layout.h"
#include "measure_pango.h"

static const jmap_font BODY = {8.5, false, false};
static const jmap_font TITLE = {20.0, true, false};

static const char *const TEXTS[] = {
    "Souscription d'une mutuelle",
    "Le contrat collectif arrive à échéance : la DRH doit choisir",
    "Paiement\nsur deux lignes",
};

static jmap_text_size measure(jmap_pango *p, const char *text, const jmap_font *f, double wrap)
{
    jmap_measurer m;
    jmap_pango_measurer(p, &m);
    jmap_text_size sz;
    m.text(m.ctx, text, f, wrap, &sz);
    return sz;
}

static void assert_same_sizes(jmap_pango *a, jmap_pango *b)
{
    for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0]; i++) {
        for (int wrap = 0; wrap <= 120; wrap += 60) {
            jmap_text_size x = measure(a, TEXTS[i], &BODY, wrap);
            jmap_text_size y = measure(b, TEXTS[i], &BODY, wrap);
            assert_true(x.w == y.w && x.h == y.h);
            assert_int_equal(x.lines, y.lines);
            assert_int_equal(x.last_line_chars, y.last_line_chars);
        }
    }
}

/* A theme font that measures as no theme font at all. */
static void assert_same_as_default(const char *family, const char *lang)
{
    jmap_pango *a = jmap_pango_new(NULL, lang);
    jmap_pango *b = jmap_pango_new(family, lang);
    assert_same_sizes(a, b);
    jmap_pango_free(a);
    jmap_pango_free(b);
}

/* A theme font no machine has falls through to the default list. */
static void test_unknown_family_falls_through(void **state)
{
    (void)state;
    assert_same_as_default("No Such Family 4711", "fr");
}

/* A theme naming the default family explicitly (in any case and spacing). */
static void test_explicit_default_family(void **state)
{
    (void)state;
    assert_same_as_default("Noto Sans", "en");
    assert_same_as_default("noto  SANS", "fr");
}

/* Loading the fonts up front is an optimisation only. */
static void test_prefetch_changes_nothing(void **state)
{
    (void)state;
    jmap_pango *a = jmap_pango_new("DejaVu Sans", "fr");
    jmap_pango *b = jmap_pango_new("DejaVu Sans", "fr");
    const jmap_font *const *fonts;
    size_t n = jmap_layout_fonts(&fonts);
    assert_true(n >= 1);
    jmap_pango_prefetch(b, fonts, n);
    jmap_pango_prefetch(b, fonts, n); /* twice: harmless */
    assert_same_sizes(a, b);
    jmap_pango_free(a);
    jmap_pango_free(b);
}

static void test_sizes_and_cache(void **state)
{
    (void)state;
    jmap_pango *p = jmap_pango_new(NULL, "fr");
    jmap_text_size one = measure(p, TEXTS[1], &BODY, 0);
    assert_int_equal(one.lines, 1);
    assert_true(one.w > 100 && one.h > 8);
    jmap_text_size wrapped = measure(p, TEXTS[1], &BODY, 80);
    assert_true(wrapped.lines > 1);
    assert_true(wrapped.w <= 80);
    assert_true(wrapped.h > one.h);
    jmap_text_size again = measure(p, TEXTS[1], &BODY, 80);
    assert_true(again.w == wrapped.w && again.h == wrapped.h);
    jmap_text_size big = measure(p, TEXTS[0], &TITLE, 0);
    jmap_text_size small = measure(p, TEXTS[0], &BODY, 0);
    assert_true(big.w > 2 * small.w && big.h > 2 * small.h);
    assert_int_equal(measure(p, TEXTS[2], &BODY, 0).lines, 2);
    jmap_pango_free(p);
}

/* Layout skips trying wraps that cannot change a text's lines (text_at):
 * a wrap between the widest line of a measurement and the wrap measured at
 * breaks the same lines. Checked on both measurers. */
static void check_same_lines(const jmap_measurer *m)
{
    static const char *const texts[] = {
        "Réserver en moins de 10 minutes  ·  Être remboursée sous une semaine",
        "Photographie le reçu du taxi.",
        "Contrôle automatique des plafonds de dépenses, ligne par ligne",
        "Un_mot_tres_long_sans_espace_qui_deborde la ligne",
        "Le contrat collectif arrive à échéance : la DRH doit choisir un nouvel organisme",
    };
    static const jmap_font fonts[] = {{8.5, false, false}, {8.5, true, false}, {11, true, false}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        for (size_t f = 0; f < sizeof fonts / sizeof fonts[0]; f++)
            for (double wrap = 40; wrap <= 260; wrap += 12) {
                jmap_text_size a;
                m->text(m->ctx, texts[i], &fonts[f], wrap, &a);
                for (double w2 = wrap; w2 >= a.w; w2 -= 0.5) {
                    jmap_text_size b;
                    m->text(m->ctx, texts[i], &fonts[f], w2, &b);
                    if (b.lines != a.lines || b.last_line_chars != a.last_line_chars ||
                        b.w != a.w || b.h != a.h)
                        fail_msg("'%s' at %g: %d lines (%d last), at %g: %d lines (%d last)",
                                 texts[i], wrap, a.lines, a.last_line_chars, w2, b.lines,
                                 b.last_line_chars);
                }
            }
}

static void test_narrower_wrap_same_lines(void **state)
{
    (void)state;
    jmap_pango *p = jmap_pango_new(NULL, "fr");
    jmap_measurer m;
    jmap_pango_measurer(p, &m);
    check_same_lines(&m);
    jmap_pango_free(p);
    jmap_measure_fake_init(&m);
    check_same_lines(&m);
}

/* The renderer draws the very layout that was measured. */
static void test_layout_is_measured_layout(void **state)
{
    (void)state;
    jmap_pango *p = jmap_pango_new(NULL, "en");
    jmap_text_size sz = measure(p, TEXTS[1], &BODY, 90);
    PangoLayout *lay = jmap_pango_layout(p, TEXTS[1], &BODY, 90, JMAP_ALIGN_LEFT);
    PangoRectangle logical;
    pango_layout_get_extents(lay, NULL, &logical);
    assert_true((double)logical.width / PANGO_SCALE == sz.w);
    assert_true((double)logical.height / PANGO_SCALE == sz.h);
    assert_int_equal(pango_layout_get_line_count(lay), sz.lines);
    g_object_unref(lay);
    jmap_pango_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_family_falls_through),
        cmocka_unit_test(test_explicit_default_family),
        cmocka_unit_test(test_prefetch_changes_nothing),
        cmocka_unit_test(test_sizes_and_cache),
        cmocka_unit_test(test_narrower_wrap_same_lines),
        cmocka_unit_test(test_layout_is_measured_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
