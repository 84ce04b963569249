/*
 * png.c — the PNG encoder of image maps: a cairo RGB24 image surface as an
 * 8-bit truecolour PNG (no alpha).
 *
 * Chosen for speed (docs/decisions.md, docs/performance.md): no row filter
 * and zlib's fast path. A map is mostly flat colour; unfiltered rows let
 * deflate find a run of one colour as a match three bytes back, which its
 * fast levels code as quickly as any, and no time goes into trying five
 * filters on every row as libpng's default does. The file is about a
 * fifth larger than with libpng's defaults, the encoding five times faster.
 *
 * The rows are compressed in strips of about STRIP_BYTES, on as many
 * threads as there are processors: each strip is a piece of one deflate
 * stream that starts with an empty history and ends on a byte boundary
 * (a sync flush), so the pieces laid end to end are the stream, and the
 * bytes do not depend on how many threads made them. libpng writes the
 * rest: the signature, the header, the resolution, the chunks' framing and
 * checksums.
 *
 * The bytes depend on the pixels and the resolution only: no time stamp,
 * no text chunk. The pHYs chunk gives the resolution, so that a map printed
 * or placed in a document has its size in points.
 */
#include "render/backend.h"

#include <math.h>
#include <png.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

/* Levels 1 to 3 are deflate's fast path; at 3 it looks a little further
 * for a match: on maps 0.1 to 1.3 % more instructions than at 1, a file 5
 * to 7 % smaller. */
#define ZLEVEL 3
/* zlib's memory level: 6 rather than its default 8, a smaller hash table
 * and shorter blocks: 17 % fewer instructions, a file as small. */
#define ZMEMLEVEL 6
/* Raw bytes (filter byte and RGB) of one strip: large enough that its
 * first 32 KiB without history cost little, small enough to share a map's
 * rows among a few threads evenly. */
#define STRIP_BYTES (1 << 20)
#define MAX_THREADS 8

/* The compressed strips of one image, shared by the threads. */
typedef struct strips {
    const unsigned char *data; /* the surface's pixels */
    size_t stride;
    int w, h, rows; /* rows: rows of a strip */
    int n;          /* strips */
    GByteArray **out;
    uLong *adler;  /* of each strip's raw bytes */
    gint next;     /* the next strip to take */
    gint failed;   /* zlib failed (out of memory) */
} strips;

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

/* Compresses strip s with z (reset first), row being a buffer of one
 * filtered row. False if zlib failed. */
static bool deflate_strip(strips *st, int s, z_stream *z, unsigned char *row)
{
    size_t row_len = (size_t)st->w * 3 + 1;
    int y0 = s * st->rows, y1 = y0 + st->rows < st->h ? y0 + st->rows : st->h;
    GByteArray *o = g_byte_array_sized_new(1 << 14); /* grows as it needs */
    uLong adler = adler32(0, NULL, 0);
    unsigned char buf[1 << 14];
    if (deflateReset(z) != Z_OK) {
        g_byte_array_free(o, TRUE);
        return false;
    }
    row[0] = 0; /* filter: none */
    for (int y = y0; y < y1; y++) {
        rgb_row(st->data + (size_t)y * st->stride, st->w, row + 1);
        adler = adler32(adler, row, (uInt)row_len);
        int flush = y + 1 < y1 ? Z_NO_FLUSH : s + 1 < st->n ? Z_SYNC_FLUSH : Z_FINISH;
        z->next_in = row;
        z->avail_in = (uInt)row_len;
        do {
            z->next_out = buf;
            z->avail_out = sizeof buf;
            int r = deflate(z, flush);
            if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR) {
                g_byte_array_free(o, TRUE);
                return false;
            }
            g_byte_array_append(o, buf, (guint)(sizeof buf - z->avail_out));
        } while (z->avail_out == 0);
    }
    st->out[s] = o;
    st->adler[s] = adler;
    return true;
}

/* A worker: takes strips until none is left. */
static gpointer deflate_strips(gpointer data)
{
    strips *st = data;
    z_stream z;
    memset(&z, 0, sizeof z);
    /* raw deflate: the zlib header and checksum go around all the strips */
    if (deflateInit2(&z, ZLEVEL, Z_DEFLATED, -15, ZMEMLEVEL, Z_DEFAULT_STRATEGY) != Z_OK) {
        g_atomic_int_set(&st->failed, 1);
        return NULL;
    }
    unsigned char *row = g_malloc((size_t)st->w * 3 + 1);
    for (;;) {
        int s = g_atomic_int_add(&st->next, 1);
        if (s >= st->n || g_atomic_int_get(&st->failed))
            break;
        if (!deflate_strip(st, s, &z, row)) {
            g_atomic_int_set(&st->failed, 1);
            break;
        }
    }
    g_free(row);
    deflateEnd(&z);
    return NULL;
}

/* Where the bytes go, and the message of a libpng error. */
typedef struct png_sink {
    jmap_png_write_fn write;
    void *closure;
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
    const char *err = s->write(s->closure, data, len);
    if (err)
        png_error(p, err);
}

static void on_flush(png_structp p)
{
    (void)p;
}

/* Writes the PNG around the compressed strips through libpng. */
static bool write_png(const strips *st, double ppi, png_sink *sink, jmap_diags *diags)
{
    png_structp p = png_create_write_struct(PNG_LIBPNG_VER_STRING, sink, on_error, on_warning);
    png_infop info = p ? png_create_info_struct(p) : NULL;
    if (!info) {
        png_destroy_write_struct(&p, NULL);
        jmap_diag_add(diags, JMAP_SEV_ERROR, jmap_render_no_span(),
                      "cannot encode the PNG: out of memory");
        return false;
    }
    /* no local variable changes after setjmp: all keep their values when
     * libpng jumps back (the message is in *sink) */
    if (setjmp(png_jmpbuf(p))) {
        png_destroy_write_struct(&p, &info);
        jmap_diag_add(diags, JMAP_SEV_ERROR, jmap_render_no_span(), "cannot encode the PNG: %s",
                      sink->msg);
        return false;
    }
    png_set_write_fn(p, sink, on_write, on_flush);
    png_set_IHDR(p, info, (png_uint_32)st->w, (png_uint_32)st->h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (ppi > 0 && isfinite(ppi)) {
        double ppm = round(ppi / 0.0254); /* pixels per metre */
        if (ppm >= 1 && ppm <= 2147483647.0)
            png_set_pHYs(p, info, (png_uint_32)ppm, (png_uint_32)ppm, PNG_RESOLUTION_METER);
    }
    png_write_info(p, info);
    /* the zlib stream: a header (deflate, 32 KiB window, fast level),
     * the strips, the Adler-32 of all raw bytes; one IDAT chunk a strip */
    unsigned flevel = ZLEVEL < 2 ? 0 : ZLEVEL < 6 ? 1 : ZLEVEL == 6 ? 2 : 3; /* as zlib says it */
    unsigned head = 0x7800u | flevel << 6;
    head += (31 - head % 31) % 31; /* the check bits: a multiple of 31 */
    const unsigned char zhead[2] = {(unsigned char)(head >> 8), (unsigned char)head};
    size_t strip_len = (size_t)st->rows * ((size_t)st->w * 3 + 1);
    uLong adler = adler32(0, NULL, 0);
    for (int s = 0; s < st->n; s++) {
        GByteArray *o = st->out[s];
        size_t len_s = s + 1 < st->n ? strip_len : (size_t)(st->h - s * st->rows) * ((size_t)st->w * 3 + 1);
        adler = adler32_combine(adler, st->adler[s], (z_off_t)len_s);
        if (s == 0)
            g_byte_array_prepend(o, zhead, sizeof zhead);
        if (s + 1 == st->n) {
            unsigned char tail[4] = {(unsigned char)(adler >> 24), (unsigned char)(adler >> 16),
                                     (unsigned char)(adler >> 8), (unsigned char)adler};
            g_byte_array_append(o, tail, sizeof tail);
        }
        png_write_chunk(p, (png_const_bytep) "IDAT", o->data, o->len);
    }
    png_write_chunk(p, (png_const_bytep) "IEND", NULL, 0);
    png_destroy_write_struct(&p, &info);
    return true;
}

bool jmap_png_encode(cairo_surface_t *surf, double ppi, int threads, jmap_png_write_fn write,
                     void *closure, jmap_diags *diags)
{
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS ||
        cairo_surface_get_type(surf) != CAIRO_SURFACE_TYPE_IMAGE ||
        cairo_image_surface_get_format(surf) != CAIRO_FORMAT_RGB24) {
        jmap_diag_add(diags, JMAP_SEV_ERROR, jmap_render_no_span(),
                      "cannot encode the PNG: not an RGB image");
        return false;
    }
    cairo_surface_flush(surf);
    strips st = {0};
    st.data = cairo_image_surface_get_data(surf);
    st.w = cairo_image_surface_get_width(surf);
    st.h = cairo_image_surface_get_height(surf);
    st.stride = (size_t)cairo_image_surface_get_stride(surf);
    /* cairo's image surfaces stop at 32,767 pixels a side */
    if (!st.data || st.w <= 0 || st.h <= 0 || st.w > 32767 || st.h > 32767) {
        jmap_diag_add(diags, JMAP_SEV_ERROR, jmap_render_no_span(),
                      "cannot encode the PNG: an image of %dx%d pixels", st.w, st.h);
        return false;
    }
    size_t row_len = (size_t)st.w * 3 + 1;
    st.rows = row_len >= STRIP_BYTES ? 1 : (int)(STRIP_BYTES / row_len);
    st.n = (st.h + st.rows - 1) / st.rows;
    st.out = g_new0(GByteArray *, (size_t)st.n);
    st.adler = g_new0(uLong, (size_t)st.n);

    if (threads <= 0)
        threads = (int)g_get_num_processors();
    threads = CLAMP(threads, 1, MIN(MAX_THREADS, st.n));
    GThread *workers[MAX_THREADS];
    int started = 0;
    for (int i = 1; i < threads; i++) {
        workers[started] = g_thread_try_new("jmap-png", deflate_strips, &st, NULL);
        if (workers[started])
            started++;
    }
    deflate_strips(&st); /* this thread works too */
    for (int i = 0; i < started; i++)
        g_thread_join(workers[i]);

    bool ok = !st.failed;
    if (!ok)
        jmap_diag_add(diags, JMAP_SEV_ERROR, jmap_render_no_span(),
                      "cannot encode the PNG: out of memory");
    png_sink *sink = g_new0(png_sink, 1);
    sink->write = write;
    sink->closure = closure;
    if (ok)
        ok = write_png(&st, ppi, sink, diags);
    g_free(sink);
    for (int s = 0; s < st.n; s++)
        if (st.out[s])
            g_byte_array_free(st.out[s], TRUE);
    g_free(st.out);
    g_free(st.adler);
    return ok;
}

/* Appends to a GByteArray, which holds at most 4 GB. */
static const char *append_bytes(void *closure, const unsigned char *data, size_t len)
{
    GByteArray *out = closure;
    if (len > G_MAXUINT - out->len)
        return "the PNG would exceed 4 GB";
    g_byte_array_append(out, data, (guint)len);
    return NULL;
}

bool jmap_png_write(cairo_surface_t *surf, double ppi, GByteArray *out, jmap_diags *diags)
{
    guint start = out->len;
    if (jmap_png_encode(surf, ppi, 0, append_bytes, out, diags))
        return true;
    g_byte_array_set_size(out, start);
    return false;
}
