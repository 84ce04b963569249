/*
 * numfmt.h — fixed-point formatting of doubles, byte for byte what the C
 * library's printf("%.*f") writes in the "C" locale and the default rounding
 * mode, for the numbers a map is made of.
 *
 * cairo writes every coordinate, colour and glyph position of a PDF or SVG
 * with snprintf("%f"); the C library computes each one with multi-precision
 * arithmetic, a few thousand instructions a number, and a map has thousands
 * of them. The jmap program routes those calls here (src/cli/fastprintf.c).
 */
#ifndef JMAP_NUMFMT_H
#define JMAP_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>

#define JMAP_FIXED_MAX_PREC 18

/* Writes d with `prec` digits after the point into buf (at most size - 1
 * characters and a NUL, like snprintf) and returns the full length; returns
 * -1, writing nothing, when it does not handle the case (prec outside
 * 0..JMAP_FIXED_MAX_PREC, |d| >= 1e15, infinities, NaN), so that the caller
 * asks the C library instead. */
int jmap_format_fixed(char *buf, size_t size, double d, int prec);

#endif
