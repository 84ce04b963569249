/*
 * pngdiff.c — how far two PNG pictures of the same size differ, for the
 * tests that check that a writer's output looks like cairo's PNG.
 *
 * Usage: pngdiff A.png B.png [THRESHOLD [DIFF.png]]
 * Prints "W H N PERMILLE": the size, the number of pixels where some
 * channel (red, green or blue, over white where a picture is transparent)
 * differs by more than THRESHOLD (default 64), and that number per
 * thousand pixels. DIFF.png, when given, shows those pixels in red over a
 * faded copy of A. Exit 0; 2 when a picture cannot be read or the sizes
 * differ.
 */
#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* A channel of a pixel over white (cairo's ARGB32 is premultiplied). */
static int channel(uint32_t px, int shift, cairo_format_t fmt)
{
    int c = (int)((px >> shift) & 255);
    if (fmt == CAIRO_FORMAT_ARGB32)
        c += 255 - (int)(px >> 24);
    return c;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: pngdiff A.png B.png [THRESHOLD [DIFF.png]]\n");
        return 2;
    }
    int threshold = argc > 3 ? atoi(argv[3]) : 64;
    cairo_surface_t *a = cairo_image_surface_create_from_png(argv[1]);
    cairo_surface_t *b = cairo_image_surface_create_from_png(argv[2]);
    if (cairo_surface_status(a) || cairo_surface_status(b)) {
        fprintf(stderr, "pngdiff: cannot read %s\n", cairo_surface_status(a) ? argv[1] : argv[2]);
        return 2;
    }
    int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
    if (w != cairo_image_surface_get_width(b) || h != cairo_image_surface_get_height(b)) {
        fprintf(stderr, "pngdiff: %dx%d and %dx%d\n", w, h, cairo_image_surface_get_width(b),
                cairo_image_surface_get_height(b));
        return 2;
    }
    cairo_surface_flush(a);
    cairo_surface_flush(b);
    cairo_format_t fa = cairo_image_surface_get_format(a), fb = cairo_image_surface_get_format(b);
    const unsigned char *da = cairo_image_surface_get_data(a);
    const unsigned char *db = cairo_image_surface_get_data(b);
    int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
    cairo_surface_t *d = NULL;
    unsigned char *dd = NULL;
    int sd = 0;
    if (argc > 4) {
        d = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        dd = cairo_image_surface_get_data(d);
        sd = cairo_image_surface_get_stride(d);
    }
    long n = 0;
    for (int y = 0; y < h; y++) {
        const uint32_t *ra = (const uint32_t *)(da + (size_t)y * sa);
        const uint32_t *rb = (const uint32_t *)(db + (size_t)y * sb);
        for (int x = 0; x < w; x++) {
            int worst = 0;
            for (int shift = 0; shift <= 16; shift += 8) {
                int k = abs(channel(ra[x], shift, fa) - channel(rb[x], shift, fb));
                if (k > worst)
                    worst = k;
            }
            bool bad = worst > threshold;
            n += bad;
            if (dd) {
                uint32_t *o = (uint32_t *)(dd + (size_t)y * sd) + x;
                int grey = 255 - (255 - channel(ra[x], 8, fa)) / 4;
                *o = bad ? 0xFF0000u : (uint32_t)(grey * 0x010101);
            }
        }
    }
    printf("%d %d %ld %ld\n", w, h, n, (long)((n * 1000 + (long)w * h / 2) / ((long)w * h)));
    if (d) {
        cairo_surface_mark_dirty(d);
        cairo_surface_write_to_png(d, argv[4]);
        cairo_surface_destroy(d);
    }
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
    return 0;
}
