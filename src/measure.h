/*
 * measure.h — how layout learns the size of a text or an image without
 * knowing about fonts or files. Two implementations: the Pango one
 * (measure_pango.c, used for real maps) and a fake one (measure.c) that gives
 * every character the same advance, so layout tests and golden scene dumps
 * do not depend on the fonts installed on the machine.
 */
#ifndef JMAP_MEASURE_H
#define JMAP_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

/* The size of a map's body text, points. The Pango measurer shapes every
 * text at this size and scales it (measure_pango.c). */
#define JMAP_BODY_SIZE 8.5
/* The smallest size text may print at on a sheet, points. */
#define JMAP_MIN_PRINT_SIZE 6.0

/* The three type sizes and two weights of a map (visual.md: one family). */
typedef struct jmap_font {
    double size; /* points */
    bool bold;
    bool italic;
} jmap_font;

typedef struct jmap_text_size {
    double w, h; /* logical extents, points */
    int lines;
    /* characters on the last line (to avoid a lone word on it) */
    int last_line_chars;
} jmap_text_size;

typedef struct jmap_measurer {
    void *ctx;
    /* Size of `text` (UTF-8) wrapped at `wrap` points (<= 0: no wrapping).
     * Wrapping breaks between words, and inside a word only when it is
     * longer than a line (Pango's WORD_CHAR): text is never cut. */
    void (*text)(void *ctx, const char *text, const jmap_font *font, double wrap,
                 jmap_text_size *out);
    /* Pixel size of an image; false when it cannot be read. */
    bool (*image)(void *ctx, const char *path, int *w, int *h);
} jmap_measurer;

/* The fake measurer: every character advances 0.55 * size, lines are
 * 1.25 * size high, images are 160x120. Needs no fonts. */
void jmap_measure_fake_init(jmap_measurer *m);

#endif
