/*
 * measure.c — the fake text measurer: a fixed advance per character, greedy
 * word wrapping with character breaks for over-long words, the same rule as
 * Pango's WORD_CHAR mode. Used by layout unit tests and the scene dump so
 * their geometry is the same on every machine.
 */
#include "measure.h"

#include <glib.h>
#include <string.h>

#define FAKE_ADVANCE 0.55
#define FAKE_LINE 1.25

static bool is_break_space(gunichar c)
{
    /* no-break spaces (U+00A0, U+202F) bind, like in Pango */
    return c == ' ' || c == '\t';
}

static void fake_text(void *ctx, const char *text, const jmap_font *font, double wrap,
                      jmap_text_size *out)
{
    (void)ctx;
    double adv = FAKE_ADVANCE * font->size;
    long max_chars = wrap > 0 ? (long)(wrap / adv + 1e-9) : -1;
    if (max_chars == 0)
        max_chars = 1;
    long widest = 0;
    int lines = 0;
    long cur = 0; /* characters on the current line */
    const char *p = text ? text : "";
    bool any = false;
    while (*p) {
        /* paragraph by paragraph */
        const char *nl = strchr(p, '\n');
        size_t plen = nl ? (size_t)(nl - p) : strlen(p);
        cur = 0;
        lines++;
        const char *q = p, *end = p + plen;
        while (q < end) {
            long spaces = 0;
            while (q < end && is_break_space(g_utf8_get_char(q))) {
                spaces++;
                q = g_utf8_next_char(q);
            }
            long wl = 0;
            while (q < end && !is_break_space(g_utf8_get_char(q))) {
                wl++;
                q = g_utf8_next_char(q);
            }
            if (wl == 0)
                break;
            if (cur == 0)
                spaces = 0;
            if (max_chars > 0 && cur > 0 && cur + spaces + wl > max_chars) {
                if (cur > widest)
                    widest = cur;
                lines++;
                cur = 0;
                spaces = 0;
            }
            cur += spaces;
            while (max_chars > 0 && cur + wl > max_chars) {
                long room = max_chars - cur;
                wl -= room;
                cur += room;
                if (cur > widest)
                    widest = cur;
                lines++;
                cur = 0;
            }
            cur += wl;
            any = true;
        }
        /* strip a trailing space count: spaces are only counted before words */
        if (cur > widest)
            widest = cur;
        p = nl ? nl + 1 : end;
        if (nl && !*p)
            lines++;
    }
    if (lines == 0)
        lines = 1;
    (void)any;
    out->w = widest * adv;
    out->h = lines * FAKE_LINE * font->size;
    out->lines = lines;
    out->last_line_chars = (int)cur;
}

static bool fake_image(void *ctx, const char *path, int *w, int *h)
{
    (void)ctx;
    (void)path;
    *w = 160;
    *h = 120;
    return true;
}

void jmap_measure_fake_init(jmap_measurer *m)
{
    m->ctx = NULL;
    m->text = fake_text;
    m->image = fake_image;
}
