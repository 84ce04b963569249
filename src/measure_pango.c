/*
 * measure_pango.c — text measurement with Pango (on the thread's default
 * font map, see font_map), with font options fixed on our context (grey
 * antialiasing, no hinting, unhinted metrics) so sizes do not depend on the
 * machine's fontconfig settings, plus an image cache and the record of
 * scripts no installed font can show.
 *
 * Shaping is most of the cost of a map, so a text is laid out once: layouts
 * are kept by (text, font, wrap, alignment) for the life of the context, and
 * the renderer draws the very layout that layout.c measured. Layout measures
 * some texts several times (and a PDF book once per page): the sizes are
 * kept with the layouts.
 *
 * Loading a font costs more than shaping the texts of a whole map: for each
 * font pattern, fontconfig matches and sorts every installed font. Pango
 * also computes each font's metrics through a context of its own, which
 * describes the font by its resolved family at the font map's resolution;
 * unless our patterns are the same as those, every font is matched and
 * sorted twice. So Pango is given the one family that the theme's font list
 * resolves to (see resolve_family), and the resolution is left at the font
 * map's default: sizes are absolute (points, as device units), so it changes
 * nothing in the result. The fonts layout uses are requested up front
 * (jmap_pango_prefetch) so that fontconfig works on all of them at once on
 * Pango's threads.
 *
 * For the same reason a map has one font per style, not one per size and
 * style: every text is shaped at the body size (JMAP_BODY_SIZE) and scaled
 * to its own size, when measured (sizes and wrap width) and when drawn
 * (jmap_pango_scale). Without hinting and with unrounded glyph positions,
 * shaping scales linearly: a title shaped at 8.5 pt and drawn at 20 pt has
 * its glyphs within a thousandth of a point of a title shaped at 20 pt.
 */
#include "measure_pango.h"

#include "imagefile.h"

#include <pango/pangofc-font.h>
#include <pango/pangofc-fontmap.h>

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_FAMILIES "Noto Sans, DejaVu Sans"

struct jmap_pango {
    PangoFontMap *fontmap;
    PangoContext *ctx;
    char *families;
    GHashTable *fonts;   /* font key -> PangoFontDescription* */
    GHashTable *layouts; /* layout key -> cached */
    GHashTable *images;  /* path -> cairo_surface_t* (NULL value: unreadable) */
    GHashTable *image_files;    /* "dev:ino" -> cairo_surface_t*: one decoding a file */
    GHashTable *image_problems; /* path -> why it was refused (imagefile.h) */
    uint64_t image_pixels;      /* decoded, for JMAP_MAX_IMAGES_PIXELS */
    GHashTable *scripts; /* script name -> seen */
    GPtrArray *missing;
    GPtrArray *fontsets; /* prefetched, kept loaded for the context's life */
    PangoLanguage *lang;
    bool resolved; /* families is the one resolved family (or the list, failing that) */
    char *theme_font;    /* the theme's font as asked for, or NULL */
    bool theme_missing;  /* fontconfig has no font of that family */
};

/* One text at one wrap width in one font: its layouts per alignment (made
 * on demand) and, once measured, its size. */
typedef struct cached {
    PangoLayout *lay[3]; /* by jmap_align */
    jmap_text_size size;
    int logical_w;        /* Pango units */
    bool measured;
    struct cached *plain; /* this text unwrapped, when it fits on one line */
} cached;

static void cached_free(gpointer data)
{
    cached *c = data;
    for (int i = 0; i < 3; i++)
        if (c->lay[i])
            g_object_unref(c->lay[i]);
    g_free(c);
}

/* Every context of a thread uses the thread's default font map: fonts,
 * fontsets and fontconfig's answers are kept from one map to the next (a
 * book, a test suite, a fuzzer render many), and Pango does not start and
 * stop its fontconfig threads for each map (GLib leaks a little memory each
 * time such a thread exits). */
static PangoFontMap *font_map(void)
{
    return pango_cairo_font_map_get_default();
}

void jmap_pango_warm_up(void)
{
    /* Creating the font map has Pango start fontconfig's initialisation on
     * a thread of its own; the first font waits for it. */
    (void)font_map();
}

/* Family names compared as fontconfig compares them: ignoring case and
 * blanks. */
static bool same_family(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (g_ascii_tolower(*a) != g_ascii_tolower(*b))
            return false;
        if (!*a)
            return true;
        a++;
        b++;
    }
}

/* The family name of an installed font that is `name`, or NULL. */
static const char *installed_family(FcConfig *cfg, const char *name)
{
    FcFontSet *sets[2] = {FcConfigGetFonts(cfg, FcSetSystem),
                          FcConfigGetFonts(cfg, FcSetApplication)};
    for (int s = 0; s < 2; s++)
        for (int i = 0; sets[s] && i < sets[s]->nfont; i++) {
            FcChar8 *fam;
            for (int k = 0;
                 FcPatternGetString(sets[s]->fonts[i], FC_FAMILY, k, &fam) == FcResultMatch; k++)
                if (same_family((const char *)fam, name))
                    return (const char *)fam;
        }
    return NULL;
}

/* The family fontconfig chooses for a comma-separated list of families (its
 * aliases, such as "sans-serif" or a metric-compatible substitute, applied),
 * or NULL. It is the family Pango would use for the list's first font;
 * glyphs that family lacks come, as with the list, from fontconfig's order
 * of fallback fonts. When the first family is installed, it is the answer
 * (as its fonts name it) without a match over all fonts. Waits for
 * fontconfig's initialisation, which the first text would wait for anyway. */
static char *resolve_family(PangoFontMap *fm, const char *list, bool *first_missing)
{
    FcConfig *cfg = pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(fm));
    gchar **names = g_strsplit(list, ",", -1);
    for (gchar **n = names; *n; n++)
        g_strstrip(*n);
    gchar **first = names;
    while (*first && !**first)
        first++;
    const char *installed = *first ? installed_family(cfg, *first) : NULL;
    char *family = installed ? g_strdup(installed) : NULL;
    *first_missing = *first && !installed;
    if (!family) {
        FcPattern *pat = FcPatternCreate();
        for (gchar **n = first; *n; n++)
            if (**n)
                FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)*n);
        if (FcConfigSubstitute(cfg, pat, FcMatchPattern)) {
            FcDefaultSubstitute(pat);
            FcResult res;
            FcPattern *match = FcFontMatch(cfg, pat, &res);
            FcChar8 *name;
            if (match && FcPatternGetString(match, FC_FAMILY, 0, &name) == FcResultMatch && *name)
                family = g_strdup((const char *)name);
            if (match)
                FcPatternDestroy(match);
        }
        FcPatternDestroy(pat);
    }
    g_strfreev(names);
    return family;
}

jmap_pango *jmap_pango_new(const char *family, const char *lang)
{
    jmap_pango *p = g_new0(jmap_pango, 1);
    p->fontmap = g_object_ref(font_map());
    p->ctx = pango_font_map_create_context(p->fontmap);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(p->ctx, fo);
    cairo_font_options_destroy(fo);
#if PANGO_VERSION_CHECK(1, 44, 0)
    pango_context_set_round_glyph_positions(p->ctx, FALSE);
#endif
    p->lang = pango_language_from_string(lang ? lang : "en");
    pango_context_set_language(p->ctx, p->lang);
    /* resolved on first use (font_desc): creating the font map started
     * fontconfig's initialisation on Pango's thread, and until it is done
     * the caller may do other work (images, see jmap_pango_image) */
    p->families = family && *family ? g_strdup_printf("%s, " DEFAULT_FAMILIES, family)
                                    : g_strdup(DEFAULT_FAMILIES);
    p->theme_font = family && *family ? g_strdup(family) : NULL;
    p->fonts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)pango_font_description_free);
    p->layouts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, cached_free);
    p->images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p->image_files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)cairo_surface_destroy);
    p->image_problems = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    p->scripts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p->missing = g_ptr_array_new_with_free_func(g_free);
    p->fontsets = g_ptr_array_new_with_free_func(g_object_unref);
    return p;
}

static void free_image(gpointer key, gpointer value, gpointer data)
{
    (void)key;
    (void)data;
    if (value)
        cairo_surface_destroy(value);
}

void jmap_pango_free(jmap_pango *p)
{
    if (!p)
        return;
    g_hash_table_foreach(p->images, free_image, NULL);
    g_hash_table_destroy(p->images);
    g_hash_table_destroy(p->image_files);
    g_hash_table_destroy(p->image_problems);
    g_hash_table_destroy(p->layouts);
    g_hash_table_destroy(p->fonts);
    g_hash_table_destroy(p->scripts);
    g_ptr_array_free(p->missing, TRUE);
    g_ptr_array_free(p->fontsets, TRUE);
    g_object_unref(p->ctx);
    g_object_unref(p->fontmap);
    g_free(p->families);
    g_free(p->theme_font);
    g_free(p);
}

double jmap_pango_scale(const jmap_font *font)
{
    return font->size / JMAP_BODY_SIZE;
}

/* The font description of a jmap_font's style, at the body size; made once. */
static const PangoFontDescription *font_desc(jmap_pango *p, const jmap_font *font)
{
    char key[8];
    snprintf(key, sizeof key, "%d %d", font->bold, font->italic);
    PangoFontDescription *fd = g_hash_table_lookup(p->fonts, key);
    if (fd)
        return fd;
    if (!p->resolved) {
        bool missing = false;
        char *one = resolve_family(p->fontmap, p->families, &missing);
        p->theme_missing = p->theme_font && missing;
        if (one) {
            g_free(p->families);
            p->families = one;
        }
        p->resolved = true;
    }
    fd = pango_font_description_new();
    pango_font_description_set_family(fd, p->families);
    pango_font_description_set_absolute_size(fd, JMAP_BODY_SIZE * PANGO_SCALE);
    pango_font_description_set_weight(fd, font->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, font->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    g_hash_table_insert(p->fonts, g_strdup(key), fd);
    return fd;
}

void jmap_pango_prefetch(jmap_pango *p, const jmap_font *const *fonts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        /* fonts of one style share their description (and fontset) */
        const PangoFontDescription *fd = font_desc(p, fonts[i]);
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = font_desc(p, fonts[k]) == fd;
        if (seen)
            continue;
        PangoFontset *fs = pango_font_map_load_fontset(p->fontmap, p->ctx, fd, p->lang);
        if (fs)
            g_ptr_array_add(p->fontsets, fs);
    }
}

/* Pango's width for a wrap in points of a text in `font` (shaped at the
 * body size); -1: no wrapping. */
static int pango_width(double wrap, const jmap_font *font)
{
    return wrap > 0 ? (int)lround(wrap / jmap_pango_scale(font) * PANGO_SCALE) : -1;
}

static PangoLayout *new_layout(jmap_pango *p, const char *text, const jmap_font *font,
                               int width, jmap_align align)
{
    PangoLayout *lay = pango_layout_new(p->ctx);
    pango_layout_set_font_description(lay, font_desc(p, font));
    if (width > 0) {
        pango_layout_set_width(lay, width);
        pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(lay, align == JMAP_ALIGN_CENTER  ? PANGO_ALIGN_CENTER
                                    : align == JMAP_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                                                : PANGO_ALIGN_LEFT);
    pango_layout_set_text(lay, text, -1);
    return lay;
}

/* "<size bits><flags><width>|text", the fixed part in hex: built without
 * printf, as a large map looks up thousands of texts. */
static char *layout_key(const char *text, const jmap_font *font, int width)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = strlen(text);
    char *k = g_malloc(16 + 1 + 8 + 1 + n + 1), *q = k;
    uint64_t bits;
    memcpy(&bits, &font->size, sizeof bits);
    for (int i = 60; i >= 0; i -= 4)
        *q++ = hex[(bits >> i) & 15];
    *q++ = (char)('0' + (font->bold ? 1 : 0) + (font->italic ? 2 : 0));
    for (int i = 28; i >= 0; i -= 4)
        *q++ = hex[((uint32_t)width >> i) & 15];
    *q++ = '|';
    memcpy(q, text, n + 1);
    return k;
}

/* The cache entry of (text, font, wrap), created empty when new. Every
 * parameter that changes Pango's result is in the key, exactly. */
static cached *lookup(jmap_pango *p, const char *text, const jmap_font *font, int width)
{
    char *key = layout_key(text, font, width);
    cached *c = g_hash_table_lookup(p->layouts, key);
    if (c) {
        g_free(key);
        return c;
    }
    c = g_new0(cached, 1);
    g_hash_table_insert(p->layouts, key, c);
    return c;
}

PangoLayout *jmap_pango_layout(jmap_pango *p, const char *text, const jmap_font *font,
                               double wrap, jmap_align align)
{
    if (!text)
        text = "";
    if (align < JMAP_ALIGN_LEFT || align > JMAP_ALIGN_RIGHT)
        align = JMAP_ALIGN_LEFT;
    int width = pango_width(wrap, font);
    cached *c = lookup(p, text, font, width);
    /* one left-to-right line, left-aligned: the unwrapped layout draws the
     * same glyphs at the same places (see fits_unwrapped); a right-to-left
     * line would be aligned to the right of the wrap width */
    if (align == JMAP_ALIGN_LEFT && c->plain && c->plain->lay[JMAP_ALIGN_LEFT]) {
        PangoLayout *plain = c->plain->lay[JMAP_ALIGN_LEFT];
        PangoLayoutLine *line = pango_layout_get_line_readonly(plain, 0);
        if (line && line->resolved_dir == PANGO_DIRECTION_LTR)
            return g_object_ref(plain);
    }
    if (!c->lay[align])
        c->lay[align] = new_layout(p, text, font, width, align);
    return g_object_ref(c->lay[align]);
}

/* The layout a scene text is drawn with: a right-to-left text set flush
 * right asks Pango for "left" (see render/cairo.c, draw_text). */
static PangoLayout *item_layout(jmap_pango *p, const jmap_scene_item *it)
{
    jmap_align al = it->rtl && it->align != JMAP_ALIGN_CENTER ? JMAP_ALIGN_LEFT : it->align;
    return jmap_pango_layout(p, it->text, &it->font, it->wrap, al);
}

/* Whether Pango ends `line` with a hyphen it inserted: the paragraph goes on
 * on `next` (no line break character between them) and the break falls
 * where Pango's break rules insert one (inside a word, after a soft hyphen). */
static bool line_hyphen(PangoLayout *lay, const PangoLayoutLine *line, const PangoLayoutLine *next)
{
    if (!next || next->start_index != line->start_index + line->length)
        return false;
    const char *text = pango_layout_get_text(lay);
    int n_attrs = 0;
    const PangoLogAttr *attrs = pango_layout_get_log_attrs_readonly(lay, &n_attrs);
    glong off = g_utf8_pointer_to_offset(text, text + next->start_index);
    return off > 0 && off < n_attrs &&
           (attrs[off].break_inserts_hyphen || attrs[off].break_removes_preceding);
}

jmap_text_line *jmap_pango_item_lines(jmap_pango *p, const jmap_scene_item *it, size_t *n)
{
    *n = 0;
    PangoLayout *lay = item_layout(p, it);
    double k = jmap_pango_scale(&it->font);
    PangoRectangle logical;
    pango_layout_get_extents(lay, NULL, &logical);
    double ox = -(double)logical.x / PANGO_SCALE * k;
    int count = pango_layout_get_line_count(lay);
    jmap_text_line *lines = count > 0 ? g_new0(jmap_text_line, (size_t)count) : NULL;
    PangoLayoutIter *iter = pango_layout_get_iter(lay);
    size_t len = it->text ? strlen(it->text) : 0;
    do {
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(iter);
        if (!line || *n >= (size_t)count)
            continue;
        PangoRectangle ext;
        pango_layout_iter_get_line_extents(iter, NULL, &ext);
        jmap_text_line *l = &lines[*n];
        l->start = (size_t)line->start_index;
        l->len = (size_t)line->length;
        if (l->start > len)
            l->start = len;
        if (l->len > len - l->start)
            l->len = len - l->start;
        l->x = ox + (double)ext.x / PANGO_SCALE * k;
        l->baseline = (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE * k;
        l->width = (double)ext.width / PANGO_SCALE * k;
        l->rtl = line->resolved_dir == PANGO_DIRECTION_RTL;
        l->hyphen = line_hyphen(lay, line, pango_layout_get_line_readonly(lay, (int)*n + 1));
        (*n)++;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    g_object_unref(lay);
    return lines;
}

/* One font file of a scene while its characters are gathered. */
typedef struct font_acc {
    jmap_font_use use;
    GHashTable *cps; /* gunichar -> itself */
} font_acc;

static int cmp_cp(const void *a, const void *b)
{
    gunichar x = *(const gunichar *)a, y = *(const gunichar *)b;
    return x < y ? -1 : x > y;
}

/* The entry of the font a run is drawn with, made on first use; NULL for a
 * font that is not a fontconfig one or names no file. */
static font_acc *font_entry(GHashTable *by_key, GPtrArray *order, PangoFont *font)
{
    if (!font || !PANGO_IS_FC_FONT(font))
        return NULL;
    FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
    FcChar8 *file = NULL;
    if (!pat || FcPatternGetString(pat, FC_FILE, 0, &file) != FcResultMatch || !file || !*file)
        return NULL;
    int index = 0;
    if (FcPatternGetInteger(pat, FC_INDEX, 0, &index) != FcResultMatch)
        index = 0;
    char *key = g_strdup_printf("%d:%s", index, (const char *)file);
    font_acc *a = g_hash_table_lookup(by_key, key);
    if (a) {
        g_free(key);
        return a;
    }
    a = g_new0(font_acc, 1);
    a->use.file = g_strdup((const char *)file);
    a->use.index = index;
    FcChar8 *fam = NULL;
    a->use.family = g_strdup(FcPatternGetString(pat, FC_FAMILY, 0, &fam) == FcResultMatch && fam
                                 ? (const char *)fam
                                 : "");
    double w = FC_WEIGHT_REGULAR;
    int wi;
    if (FcPatternGetInteger(pat, FC_WEIGHT, 0, &wi) == FcResultMatch)
        w = wi;
    else
        (void)FcPatternGetDouble(pat, FC_WEIGHT, 0, &w);
    double css = FcWeightToOpenTypeDouble(w);
    a->use.weight = css >= 1 && css <= 1000 ? (int)lround(css) : 400;
    int slant = FC_SLANT_ROMAN;
    (void)FcPatternGetInteger(pat, FC_SLANT, 0, &slant);
    a->use.italic = slant != FC_SLANT_ROMAN;
    a->cps = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_hash_table_insert(by_key, key, a);
    g_ptr_array_add(order, a);
    return a;
}

/* A character that leaves ink or space: not a control character. */
static bool shows(gunichar c)
{
    return c >= 0x20 && !(c >= 0x7F && c <= 0x9F);
}

jmap_font_use *jmap_pango_scene_fonts(jmap_pango *p, const jmap_scene *s, size_t *n)
{
    GHashTable *by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GPtrArray *order = g_ptr_array_new();
    for (size_t i = 0; i < jmap_scene_count(s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (it->kind != JMAP_SI_TEXT || !it->text || !*it->text)
            continue;
        PangoLayout *lay = item_layout(p, it);
        const char *text = pango_layout_get_text(lay);
        int nl = pango_layout_get_line_count(lay);
        for (int li = 0; li < nl; li++) {
            PangoLayoutLine *line = pango_layout_get_line_readonly(lay, li);
            font_acc *last = NULL;
            for (GSList *r = line ? line->runs : NULL; r; r = r->next) {
                PangoLayoutRun *run = r->data;
                font_acc *a = font_entry(by_key, order, run->item->analysis.font);
                if (!a)
                    continue;
                last = a;
                const char *q = text + run->item->offset, *end = q + run->item->length;
                for (; q < end; q = g_utf8_next_char(q)) {
                    gunichar c = g_utf8_get_char(q);
                    if (shows(c))
                        g_hash_table_add(a->cps, GUINT_TO_POINTER(c));
                }
            }
            if (last && line_hyphen(lay, line, pango_layout_get_line_readonly(lay, li + 1)))
                g_hash_table_add(last->cps, GUINT_TO_POINTER('-'));
        }
        g_object_unref(lay);
    }
    *n = order->len;
    jmap_font_use *uses = order->len ? g_new0(jmap_font_use, order->len) : NULL;
    for (guint i = 0; i < order->len; i++) {
        font_acc *a = g_ptr_array_index(order, i);
        uses[i] = a->use;
        uses[i].n_cps = g_hash_table_size(a->cps);
        uses[i].cps = g_new(gunichar, uses[i].n_cps + 1);
        GHashTableIter hi;
        gpointer k;
        size_t m = 0;
        g_hash_table_iter_init(&hi, a->cps);
        while (g_hash_table_iter_next(&hi, &k, NULL))
            uses[i].cps[m++] = GPOINTER_TO_UINT(k);
        qsort(uses[i].cps, m, sizeof *uses[i].cps, cmp_cp);
        g_hash_table_destroy(a->cps);
        g_free(a);
    }
    g_ptr_array_free(order, TRUE);
    g_hash_table_destroy(by_key);
    return uses;
}

void jmap_pango_font_uses_free(jmap_font_use *u, size_t n)
{
    for (size_t i = 0; u && i < n; i++) {
        g_free(u[i].file);
        g_free(u[i].family);
        g_free(u[i].cps);
    }
    g_free(u);
}

const char *jmap_pango_families(jmap_pango *p)
{
    /* resolving happens with the first font description */
    jmap_font body = {JMAP_BODY_SIZE, false, false};
    font_desc(p, &body);
    return p->families;
}

static const char *package_for(gunichar c, GUnicodeScript sc)
{
    if ((c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || c == 0xFE0F)
        return "fonts-noto-color-emoji";
    switch (sc) {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
    case G_UNICODE_SCRIPT_BOPOMOFO:
        return "fonts-noto-cjk";
    default:
        return "fonts-noto-core";
    }
}

static const char *script_name(GUnicodeScript sc, gunichar c, char code[8])
{
    if (strcmp(package_for(c, sc), "fonts-noto-color-emoji") == 0)
        return "emoji";
    switch (sc) {
    case G_UNICODE_SCRIPT_HAN: return "Han";
    case G_UNICODE_SCRIPT_HIRAGANA: return "Hiragana";
    case G_UNICODE_SCRIPT_KATAKANA: return "Katakana";
    case G_UNICODE_SCRIPT_HANGUL: return "Hangul";
    case G_UNICODE_SCRIPT_ARABIC: return "Arabic";
    case G_UNICODE_SCRIPT_HEBREW: return "Hebrew";
    case G_UNICODE_SCRIPT_THAI: return "Thai";
    case G_UNICODE_SCRIPT_DEVANAGARI: return "Devanagari";
    case G_UNICODE_SCRIPT_CYRILLIC: return "Cyrillic";
    case G_UNICODE_SCRIPT_GREEK: return "Greek";
    default: {
        guint32 iso = g_unicode_script_to_iso15924(sc);
        code[0] = (char)(iso >> 24);
        code[1] = (char)(iso >> 16);
        code[2] = (char)(iso >> 8);
        code[3] = (char)iso;
        code[4] = 0;
        return code;
    }
    }
}

static void note_missing(jmap_pango *p, PangoLayout *lay, const char *text)
{
    if (pango_layout_get_unknown_glyphs_count(lay) == 0)
        return;
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (!run)
            continue;
        for (int i = 0; i < run->glyphs->num_glyphs; i++) {
            if (!(run->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
                continue;
            const char *cp = text + run->item->offset + run->glyphs->log_clusters[i];
            gunichar c = g_utf8_get_char(cp);
            if (c == '\n' || c == 0x200B || g_unichar_iszerowidth(c))
                continue;
            GUnicodeScript sc = g_unichar_get_script(c);
            GUnicodeType type = g_unichar_type(c);
            char *key;
            if (type == G_UNICODE_PRIVATE_USE || type == G_UNICODE_UNASSIGNED) {
                /* no font package can help: name the character instead */
                key = g_strdup_printf("U+%04X\t", (unsigned)c);
            } else {
                char code[8];
                key = g_strdup_printf("%s\t%s", script_name(sc, c, code), package_for(c, sc));
            }
            if (!g_hash_table_contains(p->scripts, key)) {
                g_hash_table_add(p->scripts, g_strdup(key));
                g_ptr_array_add(p->missing, key);
            } else {
                g_free(key);
            }
        }
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
}

/* The unwrapped entry of a text already measured on one line no wider than
 * `width` (Pango units), else NULL. Pango breaks a line only when it does
 * not fit, so such a text lays out at `width` exactly as unwrapped: layout
 * asks for a text's natural width, then for the text at its column's width,
 * and the second shaping is saved. */
static cached *fits_unwrapped(jmap_pango *p, const char *text, const jmap_font *font, int width)
{
    if (width <= 0)
        return NULL;
    char *key = layout_key(text, font, -1);
    cached *u = g_hash_table_lookup(p->layouts, key);
    g_free(key);
    return u && u->measured && u->size.lines == 1 && u->logical_w <= width ? u : NULL;
}

static void pango_text(void *ctx, const char *text, const jmap_font *font, double wrap,
                       jmap_text_size *out)
{
    jmap_pango *p = ctx;
    if (!text)
        text = "";
    int width = pango_width(wrap, font);
    cached *c = lookup(p, text, font, width);
    if (!c->measured && !c->lay[JMAP_ALIGN_LEFT] && (c->plain = fits_unwrapped(p, text, font, width))) {
        c->size = c->plain->size;
        c->logical_w = c->plain->logical_w;
        c->measured = true;
    }
    if (!c->measured) {
        if (!c->lay[JMAP_ALIGN_LEFT])
            c->lay[JMAP_ALIGN_LEFT] = new_layout(p, text, font, width, JMAP_ALIGN_LEFT);
        PangoLayout *lay = c->lay[JMAP_ALIGN_LEFT];
        PangoRectangle logical;
        pango_layout_get_extents(lay, NULL, &logical);
        double k = jmap_pango_scale(font);
        c->logical_w = logical.width;
        c->size.w = (double)logical.width / PANGO_SCALE * k;
        c->size.h = (double)logical.height / PANGO_SCALE * k;
        c->size.lines = pango_layout_get_line_count(lay);
        PangoLayoutLine *last = pango_layout_get_line_readonly(lay, c->size.lines - 1);
        c->size.last_line_chars =
            last ? (int)g_utf8_strlen(text + last->start_index, last->length) : 0;
        note_missing(p, lay, text);
        c->measured = true;
    }
    *out = c->size;
}

/* What libpng reads, through cairo: first the header bytes that
 * jmap_png_open checked, then the rest of the file, never more than an
 * image file may hold. */
typedef struct png_reader {
    int fd;
    const unsigned char *head;
    size_t head_len, head_pos;
    uint64_t total; /* bytes handed over */
} png_reader;

static cairo_status_t read_png(void *closure, unsigned char *data, unsigned int length)
{
    png_reader *r = closure;
    if (r->total + length > JMAP_MAX_IMAGE_BYTES)
        return CAIRO_STATUS_READ_ERROR;
    r->total += length;
    while (length > 0) {
        if (r->head_pos < r->head_len) {
            size_t n = MIN(length, r->head_len - r->head_pos);
            memcpy(data, r->head + r->head_pos, n);
            r->head_pos += n;
            data += n;
            length -= (unsigned)n;
            continue;
        }
        ssize_t k = read(r->fd, data, length);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return CAIRO_STATUS_READ_ERROR;
        data += k;
        length -= (unsigned)k;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* Decodes the PNG at path, checked again here whatever the loader said:
 * a regular file within the limits of imagefile.h, and within what is left
 * of the context's budget for all images; each file decoded once. NULL
 * when it cannot be read (with the reason in image_problems when it was
 * refused). */
static cairo_surface_t *load_png(jmap_pango *p, const char *path)
{
    jmap_png_info info;
    int fd = jmap_png_open(path, &info);
    if (fd < 0) {
        char qp[JMAP_QUOTE_SIZE];
        g_hash_table_insert(p->image_problems, g_strdup(path),
                            jmap_png_problem(&info, jmap_quote_into(qp, path)));
        return NULL;
    }
    char *id = g_strdup_printf("%llu:%llu", (unsigned long long)info.dev,
                               (unsigned long long)info.ino);
    cairo_surface_t *s = g_hash_table_lookup(p->image_files, id);
    if (s) {
        close(fd);
        g_free(id);
        return cairo_surface_reference(s);
    }
    uint64_t px = (uint64_t)info.width * info.height;
    if (p->image_pixels + px > JMAP_MAX_IMAGES_PIXELS) {
        close(fd);
        g_free(id);
        char qp[JMAP_QUOTE_SIZE];
        g_hash_table_insert(p->image_problems, g_strdup(path),
                            jmap_png_total_problem(jmap_quote_into(qp, path),
                                                   p->image_pixels + px));
        return NULL;
    }
    png_reader r = {fd, info.head, sizeof info.head, 0, 0};
    s = cairo_image_surface_create_from_png_stream(read_png, &r);
    close(fd);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
        cairo_image_surface_get_width(s) != (int)info.width ||
        cairo_image_surface_get_height(s) != (int)info.height) {
        cairo_surface_destroy(s);
        g_free(id);
        return NULL;
    }
    p->image_pixels += px;
    g_hash_table_insert(p->image_files, id, cairo_surface_reference(s));
    return s;
}

cairo_surface_t *jmap_pango_image(jmap_pango *p, const char *path)
{
    gpointer value = NULL;
    if (g_hash_table_lookup_extended(p->images, path, NULL, &value))
        return value;
    cairo_surface_t *s = load_png(p, path);
    g_hash_table_insert(p->images, g_strdup(path), s);
    return s;
}

const char *jmap_pango_image_problem(jmap_pango *p, const char *path)
{
    return g_hash_table_lookup(p->image_problems, path);
}

static bool pango_image(void *ctx, const char *path, int *w, int *h)
{
    cairo_surface_t *s = jmap_pango_image(ctx, path);
    if (!s)
        return false;
    *w = cairo_image_surface_get_width(s);
    *h = cairo_image_surface_get_height(s);
    return true;
}

void jmap_pango_measurer(jmap_pango *p, jmap_measurer *m)
{
    m->ctx = p;
    m->text = pango_text;
    m->image = pango_image;
}

const char *jmap_pango_theme_font_missing(const jmap_pango *p)
{
    return p->resolved && p->theme_missing ? p->theme_font : NULL;
}

const GPtrArray *jmap_pango_missing(const jmap_pango *p)
{
    return p->missing;
}
