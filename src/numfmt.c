/*
 * numfmt.c — printf's "%.Nf" for a double, exactly as the C library prints
 * it (round half to even on the exact binary value), without the C
 * library's multi-precision arithmetic. See numfmt.h.
 */
#include "numfmt.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define MAX_ABS 1e15 /* |d| below this: d * 10^18 fits in 128 bits */

int jmap_format_fixed(char *buf, size_t size, double d, int prec)
{
    if (prec < 0 || prec > JMAP_FIXED_MAX_PREC || !isfinite(d) || fabs(d) >= MAX_ABS)
        return -1;
    static const uint64_t pow10[JMAP_FIXED_MAX_PREC + 1] = {
        1u,
        10u,
        100u,
        1000u,
        10000u,
        100000u,
        1000000u,
        10000000u,
        100000000u,
        1000000000u,
        10000000000u,
        100000000000u,
        1000000000000u,
        10000000000000u,
        100000000000000u,
        1000000000000000u,
        10000000000000000u,
        100000000000000000u,
        1000000000000000000u,
    };
    bool neg = signbit(d) != 0;
    double a = fabs(d);
    unsigned __int128 q = 0;
    if (a != 0) {
        /* a = m * 2^e exactly, m a 53-bit integer; a < 2^50 so e < 0 */
        int e;
        double fr = frexp(a, &e);
        uint64_t m = (uint64_t)ldexp(fr, 53);
        int shift = 53 - e;
        unsigned __int128 n = (unsigned __int128)m * pow10[prec]; /* < 2^113 */
        if (shift < 127) {
            q = n >> shift;
            unsigned __int128 rest = n - (q << shift);
            unsigned __int128 half = (unsigned __int128)1 << (shift - 1);
            if (rest > half || (rest == half && (q & 1)))
                q++;
        } /* else a * 10^prec < 2^-13: rounds to 0 */
    }
    uint64_t ip = (uint64_t)(q / pow10[prec]);
    uint64_t fp = (uint64_t)(q % pow10[prec]);

    char tmp[48];
    char *p = tmp + sizeof tmp;
    for (int i = 0; i < prec; i++) {
        *--p = (char)('0' + fp % 10);
        fp /= 10;
    }
    if (prec > 0)
        *--p = '.';
    do {
        *--p = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (neg)
        *--p = '-';
    size_t len = (size_t)(tmp + sizeof tmp - p);
    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(buf, p, n);
        buf[n] = '\0';
    }
    return (int)len;
}
