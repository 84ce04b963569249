/*
 * icons.h — jmap's own vector icons: channel icons, lane icons, emotion faces
 * and the moment-of-truth star, drawn as cairo paths in one thin line style
 * so they stay sharp in PDF, SVG and PNG without any icon font.
 *
 * Every function draws inside the box it is given, leaves the caller's cairo
 * state (source, line style, transform, current path) as it found it, and
 * uses no text.
 */
#ifndef JMAP_ICONS_H
#define JMAP_ICONS_H

#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>

#include "jmap.h"

/* x, y: top-left of a size x size box; rgb 0xRRGGBB; stroke width scales with size (≈ size/12). */
void jmap_icon_draw(cairo_t *cr, jmap_icon icon, double x, double y, double size, uint32_t rgb);

/* Lane icons for the left gutter: touchpoints, doing, thinking, emotions, pains (warning triangle),
 * opportunities (light bulb), channels, kpis (bar chart), owners (person/badge), storyboard (picture). */
void jmap_lane_icon_draw(cairo_t *cr, jmap_lane lane, double x, double y, double size, uint32_t rgb);

/* Emotion faces: mood -1 sad, 0 neutral, +1 happy; a circle with eyes and mouth, in rgb. */
void jmap_face_draw(cairo_t *cr, int mood, double x, double y, double size, uint32_t rgb);

/* A five-pointed star (moment of truth), filled with rgb, centred on (cx, cy), outer radius r. */
void jmap_star_draw(cairo_t *cr, double cx, double cy, double r, uint32_t rgb);

/* Where a writer that is not cairo gets an icon's ink: set on a context,
 * every icon drawn on it hands each of its paths (device coordinates) to
 * ink() instead of painting it: filled, or stroked `width` wide with round
 * caps and joins, in the colour the icon was asked for. */
typedef struct jmap_icon_sink {
    void (*ink)(void *ud, const cairo_path_t *path, bool fill, double width);
    void *ud;
} jmap_icon_sink;
/* sink NULL: the context paints again. The sink must outlive its use. */
void jmap_icon_set_sink(cairo_t *cr, const jmap_icon_sink *sink);

#endif /* JMAP_ICONS_H */
