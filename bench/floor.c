/*
 * floor.c — the start-up floor jmap is measured against: the smallest
 * pangocairo program that writes a one-paragraph PDF.
 */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

int main(int argc, char **argv)
{
    const char *out = argc > 1 ? argv[1] : "/dev/null";
    cairo_surface_t *s = cairo_pdf_surface_create(out, 595, 842);
    cairo_t *cr = cairo_create(s);
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string("Noto Sans 11");
    pango_layout_set_font_description(l, fd);
    pango_layout_set_width(l, 480 * PANGO_SCALE);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    pango_layout_set_text(l,
                          "Une cartographie du parcours client montre, étape par étape, ce que le client "
                          "fait, pense et ressent à chaque point de contact avec l'entreprise.",
                          -1);
    cairo_move_to(cr, 56, 56);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int st = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return st;
}
