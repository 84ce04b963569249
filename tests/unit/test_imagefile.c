/*
 * test_imagefile.c — images are opened without trusting them: the PNG
 * header is checked against the limits before decoding; only regular files
 * are opened, and a FIFO never blocks. The measurer checks again before it
 * decodes, so an image that became a FIFO or a gigapixel PNG after the
 * journey was loaded is refused by the renderer too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "imagefile.h"
#include "jmap.h"
#include "measure_pango.h"
#include "render.h"

/* The first 33 bytes of a PNG of w x h pixels (the CRC is not checked). */
static void png_head(unsigned char *b, uint32_t w, uint32_t h)
{
    static const unsigned char start[16] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
                                            0,    0,   0,   13,  'I',  'H',  'D',  'R'};
    memset(b, 0, JMAP_PNG_HEAD_BYTES);
    memcpy(b, start, sizeof start);
    for (int i = 0; i < 4; i++) {
        b[16 + i] = (unsigned char)(w >> (24 - 8 * i));
        b[20 + i] = (unsigned char)(h >> (24 - 8 * i));
    }
    b[24] = 8; /* bit depth */
    b[25] = 2; /* RGB */
}

static void write_head(const char *path, uint32_t w, uint32_t h)
{
    unsigned char b[JMAP_PNG_HEAD_BYTES];
    png_head(b, w, h);
    assert_true(g_file_set_contents(path, (const char *)b, sizeof b, NULL));
}

static void write_png(const char *path, int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    assert_int_equal(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

static jmap_img_status check_head(uint32_t w, uint32_t h)
{
    unsigned char b[JMAP_PNG_HEAD_BYTES];
    png_head(b, w, h);
    jmap_png_info info;
    return jmap_png_check_head(b, sizeof b, &info);
}

static void test_check_head(void **state)
{
    (void)state;
    assert_int_equal(check_head(1, 1), JMAP_IMG_OK);
    assert_int_equal(check_head(8192, 4096), JMAP_IMG_OK);
    assert_int_equal(check_head(4096, 8192), JMAP_IMG_OK);
    assert_int_equal(check_head(8193, 1), JMAP_IMG_TOO_LARGE);
    assert_int_equal(check_head(1, 8193), JMAP_IMG_TOO_LARGE);
    assert_int_equal(check_head(8192, 4097), JMAP_IMG_TOO_LARGE);
    assert_int_equal(check_head(20000, 20000), JMAP_IMG_TOO_LARGE);
    assert_int_equal(check_head(0xFFFFFFFFu, 0xFFFFFFFFu), JMAP_IMG_TOO_LARGE);
    assert_int_equal(check_head(0, 10), JMAP_IMG_NOT_PNG);
    assert_int_equal(check_head(10, 0), JMAP_IMG_NOT_PNG);

    unsigned char b[JMAP_PNG_HEAD_BYTES];
    jmap_png_info info;
    png_head(b, 300, 200);
    assert_int_equal(jmap_png_check_head(b, sizeof b, &info), JMAP_IMG_OK);
    assert_int_equal(info.width, 300);
    assert_int_equal(info.height, 200);
    assert_int_equal(jmap_png_check_head(b, sizeof b - 1, &info), JMAP_IMG_NOT_PNG);
    assert_int_equal(jmap_png_check_head(b, 8, &info), JMAP_IMG_NOT_PNG);
    b[12] = 'i'; /* another chunk first */
    assert_int_equal(jmap_png_check_head(b, sizeof b, &info), JMAP_IMG_NOT_PNG);
    png_head(b, 300, 200);
    b[11] = 14; /* IHDR of the wrong length */
    assert_int_equal(jmap_png_check_head(b, sizeof b, &info), JMAP_IMG_NOT_PNG);
    png_head(b, 300, 200);
    b[0] = 'G';
    assert_int_equal(jmap_png_check_head(b, sizeof b, &info), JMAP_IMG_NOT_PNG);
}

typedef struct dir {
    char *path;
} dir;

static char *in(const dir *d, const char *name)
{
    return g_build_filename(d->path, name, NULL);
}

static int setup_dir(void **state)
{
    dir *d = g_new0(dir, 1);
    d->path = g_dir_make_tmp("jmap-imagefile-XXXXXX", NULL);
    assert_non_null(d->path);
    *state = d;
    return 0;
}

static int teardown_dir(void **state)
{
    dir *d = *state;
    GDir *gd = g_dir_open(d->path, 0, NULL);
    const char *name;
    while (gd && (name = g_dir_read_name(gd))) {
        char *p = in(d, name);
        if (g_rmdir(p) != 0)
            g_unlink(p);
        g_free(p);
    }
    if (gd)
        g_dir_close(gd);
    g_rmdir(d->path);
    g_free(d->path);
    g_free(d);
    return 0;
}

static void expect_open(const char *path, jmap_img_status want, const char *text)
{
    jmap_png_info info;
    int fd = jmap_png_open(path, &info);
    assert_int_equal(info.status, want);
    char *msg = jmap_png_problem(&info, "x.png");
    if (want == JMAP_IMG_OK) {
        assert_true(fd >= 0);
        assert_null(msg);
        close(fd);
    } else {
        assert_int_equal(fd, -1);
        if (!strstr(msg, text))
            fail_msg("expected '%s' in '%s'", text, msg);
    }
    g_free(msg);
}

static void test_open(void **state)
{
    dir *d = *state;
    char *ok = in(d, "ok.png"), *fifo = in(d, "fifo.png"), *sub = in(d, "sub.png"),
         *big = in(d, "big.png"), *huge = in(d, "huge.png"), *gif = in(d, "a.gif"),
         *none = in(d, "none.png");
    write_png(ok, 3, 2);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(g_mkdir(sub, 0700), 0);
    write_head(huge, 20000, 20000);
    assert_true(g_file_set_contents(gif, "GIF89a", 6, NULL));
    /* a PNG head then zeros: over the size limit */
    FILE *f = fopen(big, "wb");
    unsigned char b[JMAP_PNG_HEAD_BYTES];
    png_head(b, 10, 10);
    fwrite(b, 1, sizeof b, f);
    fseek(f, JMAP_MAX_IMAGE_BYTES, SEEK_SET);
    fputc(0, f);
    fclose(f);

    expect_open(ok, JMAP_IMG_OK, NULL);
    expect_open(fifo, JMAP_IMG_NOT_FILE, "image 'x.png' is not a regular file but a FIFO (named pipe)");
    expect_open(sub, JMAP_IMG_NOT_FILE, "image 'x.png' is not a regular file but a directory");
    expect_open("/dev/null", JMAP_IMG_NOT_FILE, "image 'x.png' is not a regular file but a device");
    expect_open(big, JMAP_IMG_FILE_TOO_BIG, "image 'x.png' is too large (8388609 bytes; the limit is 8388608 bytes)");
    expect_open(huge, JMAP_IMG_TOO_LARGE,
                "image 'x.png' is too large (20000 x 20000 pixels; the limit is 8192 pixels a "
                "side and 33554432 pixels in all)");
    expect_open(gif, JMAP_IMG_NOT_PNG, "'x.png' is not a PNG image");
    expect_open(none, JMAP_IMG_MISSING, "image not found: 'x.png'");

    /* the descriptor is left just after the header */
    jmap_png_info info;
    int fd = jmap_png_open(ok, &info);
    assert_true(fd >= 0);
    assert_int_equal(info.width, 3);
    assert_int_equal(info.height, 2);
    assert_int_equal(lseek(fd, 0, SEEK_CUR), JMAP_PNG_HEAD_BYTES);
    close(fd);
    g_free(ok), g_free(fifo), g_free(sub), g_free(big), g_free(huge), g_free(gif), g_free(none);
}

/* The measurer decodes only what passes the same checks, and a file once. */
static void test_measurer(void **state)
{
    dir *d = *state;
    char *ok = in(d, "ok.png"), *ok2 = g_strdup_printf("%s/./ok.png", d->path),
         *fifo = in(d, "fifo.png"), *huge = in(d, "huge.png"), *head = in(d, "head.png");
    write_png(ok, 5, 4);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    write_head(huge, 20000, 20000);
    write_head(head, 8192, 4096); /* a header and nothing to decode */

    jmap_pango *pg = jmap_pango_new(NULL, "en");
    cairo_surface_t *s = jmap_pango_image(pg, ok);
    assert_non_null(s);
    assert_int_equal(cairo_image_surface_get_width(s), 5);
    assert_ptr_equal(jmap_pango_image(pg, ok2), s); /* the same file, decoded once */
    assert_null(jmap_pango_image_problem(pg, ok));

    assert_null(jmap_pango_image(pg, fifo));
    assert_non_null(strstr(jmap_pango_image_problem(pg, fifo), "is not a regular file but a FIFO"));
    assert_null(jmap_pango_image(pg, huge));
    assert_non_null(strstr(jmap_pango_image_problem(pg, huge), "(20000 x 20000 pixels;"));
    assert_null(jmap_pango_image(pg, head));
    assert_null(jmap_pango_image_problem(pg, head)); /* refused by the decoder itself */

    jmap_measurer m;
    jmap_pango_measurer(pg, &m);
    int w = 0, h = 0;
    assert_false(m.image(m.ctx, fifo, &w, &h));
    assert_true(m.image(m.ctx, ok, &w, &h));
    assert_int_equal(w, 5);
    assert_int_equal(h, 4);
    jmap_pango_free(pg);
    g_free(ok), g_free(ok2), g_free(fifo), g_free(huge), g_free(head);
}

static bool has_diag(const jmap_diags *dg, const char *text)
{
    for (size_t i = 0; i < dg->count; i++)
        if (strstr(dg->items[i].message, text))
            return true;
    return false;
}

/* An image swapped after the journey was loaded: the renderer refuses it. */
static void test_swapped_after_load(void **state)
{
    dir *d = *state;
    char *frame = in(d, "frame.png");
    write_png(frame, 8, 6);
    const char *yaml = "jmap: 1\ntitle: T\nstages:\n"
                       "  - name: S\n    touchpoints: [{name: A, image: frame.png}]\n";
    jmap_load_opts o = {0};
    o.base_dir = d->path;
    jmap_doc *doc = jmap_load("j.yaml", yaml, strlen(yaml), &o);
    assert_non_null(doc->journey);

    static const char *const why[] = {"is not a regular file but a FIFO",
                                      "(20000 x 20000 pixels;"};
    for (int k = 0; k < 2; k++) {
        g_unlink(frame);
        if (k == 0)
            assert_int_equal(mkfifo(frame, 0600), 0);
        else
            write_head(frame, 20000, 20000);
        jmap_render_opts ro = {0};
        ro.format = k == 0 ? JMAP_OUT_PDF : JMAP_OUT_PNG;
        GByteArray *out = g_byte_array_new();
        jmap_arena *a = jmap_arena_new();
        jmap_diags dg;
        jmap_diags_init(&dg, a);
        assert_false(jmap_render_map(doc->journey, &ro, out, &dg));
        if (!has_diag(&dg, why[k]))
            fail_msg("no diagnostic with '%s'", why[k]);
        jmap_diags_free(&dg);
        jmap_arena_free(a);
        g_byte_array_unref(out);
    }
    jmap_doc_free(doc);
    g_free(frame);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_head),
        cmocka_unit_test_setup_teardown(test_open, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_measurer, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_swapped_after_load, setup_dir, teardown_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
