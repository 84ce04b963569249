/*
 * png.c — the PNG encoder of image maps: a cairo RGB24 image surface as an
 * 8-bit truecolour PNG (no alpha), written with libpng.
 *
 * Chosen for speed (docs/decisions.md, docs/performance.md): no row filter
 * and zlib's fastest level. A map is mostly flat colour; unfiltered rows
 * let deflate find a run of one colour as a match three bytes back, which
 * its fastest level codes as quickly as any, and libpng no longer tries
 * five filters on every row. The file is a fifth to a third larger than
 * with libpng's defaults, and the encoding several times faster.
 *
 * The bytes depend on the pixels and the resolution only: no time stamp,
 * no text chunk; a pHYs chunk gives the resolution, so that a PNG map
 * printed or placed in a document has the size of the map in points.
 */
#include "render/backend.h"

#include <math.h>
#include <png.h>
#include <stdint.h>
#include <string.h>

/* Where the bytes go, and the message of a libpng error. */
typedef struct png_sink {
    GByteArray *out;
    char msg[160];
} png_sink;

static void on_error(png_structp p, png_const_charp msg)
{
    png_sink *s = png_get_error_ptr(p);
    g_strlcpy(s->msg, msg && *msg ? msg : "unknown error", sizeof s->msg);
    png_longjmp(p, 1);
}

/* libpng's warnings concern what a caller set wrongly; none reach a user. */
static void on_warning(png_structp p, png_const_charp msg)
{
    (void)p;
    (void)msg;
}

static void on_write(png_structp p, png_bytep data, size_t len)
{
    png_sink *s = png_get_io_ptr(p);
    if (len > G_MAXUINT - s->out->len)
        png_error(p, "the PNG would exceed 4 GB");
    g_byte_array_append(s->out, data, (guint)len);
}

static void on_flush(png_structp p)
{
    (void)p;
}

/* Row y of an RGB24 surface (native-endian 32-bit words, 0xXXRRGGBB) as
 * RGB bytes. */
static void rgb_row(const unsigned char *src, int w, unsigned char *dst)
{
    const uint32_t *px = (const uint32_t *)(const void *)src;
    for (int x = 0; x < w; x++) {
        uint32_t v = px[x];
        dst[0] = (unsigned char)(v >> 16);
        dst[1] = (unsigned char)(v >> 8);
        dst[2] = (unsigned char)v;
        dst += 3;
    }
}

bool jmap_png_write(cairo_surface_t *surf, double ppi, GByteArray *out, jmap_diags *diags)
{
    if (cairo_surface_get_type(surf) != CAIRO_SURFACE_TYPE_IMAGE ||
        cairo_image_surface_get_format(surf) != CAIRO_FORMAT_RGB24) {
        jmap_diag_add(diags, JMAP_SEV_ERROR, jmap_render_no_span(),
                      "cannot encode the PNG: not an RGB image");
        return false;
    }
    cairo_surface_flush(surf);
    const unsigned char *data = cairo_image_surface_get_data(surf);
    int w = cairo_image_surface_get_width(surf), h = cairo_image_surface_get_height(surf);
    size_t stride = (size_t)cairo_image_surface_get_stride(surf);
    if (!data || w <= 0 || h <= 0 || w > PNG_USER_WIDTH_MAX || h > PNG_USER_HEIGHT_MAX) {
        jmap_diag_add(diags, JMAP_SEV_ERROR, jmap_render_no_span(),
                      "cannot encode the PNG: an image of %dx%d pixels", w, h);
        return false;
    }
    /* on the heap: what libpng changes after setjmp is no local variable, so
     * every local keeps its value on the error path */
    png_sink *sink = g_new0(png_sink, 1);
    sink->out = out;
    guint start = out->len;
    unsigned char *row = g_malloc((size_t)w * 3);
    png_structp p = png_create_write_struct(PNG_LIBPNG_VER_STRING, sink, on_error, on_warning);
    png_infop info = p ? png_create_info_struct(p) : NULL;
    if (!info) {
        png_destroy_write_struct(&p, NULL);
        g_free(row);
        g_free(sink);
        jmap_diag_add(diags, JMAP_SEV_ERROR, jmap_render_no_span(),
                      "cannot encode the PNG: out of memory");
        return false;
    }
    if (setjmp(png_jmpbuf(p))) {
        png_destroy_write_struct(&p, &info);
        g_free(row);
        g_byte_array_set_size(out, start);
        jmap_diag_add(diags, JMAP_SEV_ERROR, jmap_render_no_span(), "cannot encode the PNG: %s",
                      sink->msg);
        g_free(sink);
        return false;
    }
    png_set_write_fn(p, sink, on_write, on_flush);
    png_set_IHDR(p, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (ppi > 0 && isfinite(ppi)) {
        double ppm = round(ppi / 0.0254); /* pixels per metre */
        if (ppm >= 1 && ppm <= 2147483647.0)
            png_set_pHYs(p, info, (png_uint_32)ppm, (png_uint_32)ppm, PNG_RESOLUTION_METER);
    }
    png_set_filter(p, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_level(p, 1);
    png_set_compression_buffer_size(p, 1 << 16); /* IDAT chunks of 64 KiB */
    png_write_info(p, info);
    for (int y = 0; y < h; y++) {
        rgb_row(data + (size_t)y * stride, w, row);
        png_write_row(p, row);
    }
    png_write_end(p, NULL);
    png_destroy_write_struct(&p, &info);
    g_free(row);
    g_free(sink);
    return true;
}
