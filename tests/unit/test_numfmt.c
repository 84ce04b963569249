/*
 * test_numfmt.c — jmap_format_fixed writes what the C library's
 * snprintf("%.*f") writes, byte for byte and with the same return value:
 * exact ties (round half to even), negative zero and negative numbers that
 * round to zero, subnormals, every precision from 0 to 18, numbers up to
 * 1e15, truncation into short buffers; and declines what it does not handle.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "numfmt.h"

static unsigned long long rng = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void check(double d, int prec)
{
    char want[512], got[512];
    int wn = snprintf(want, sizeof want, "%.*f", prec, d);
    int gn = jmap_format_fixed(got, sizeof got, d, prec);
    if (wn != gn || strcmp(want, got) != 0)
        fail_msg("%.17g with %d digits: C library '%s' (%d), jmap '%s' (%d)", d, prec, want, wn,
                 got, gn);
}

static void test_simple(void **state)
{
    (void)state;
    static const double v[] = {0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 0.1, 0.2, 0.3,
                               123.456, 1456.0, 8.5, 1e-7, 5e-7, 4.9999995e-7, 999999.9999995,
                               1e14, 999999999999999.0, -0.0, -1e-9, 72.0 / 7.0};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        for (int p = 0; p <= JMAP_FIXED_MAX_PREC; p++)
            check(v[i], p);
}

/* Binary fractions whose decimal expansion ends in 5 at the digit after the
 * last printed one: exact ties, rounded to the even neighbour. */
static void test_ties(void **state)
{
    (void)state;
    for (int k = 1; k <= 30; k++) {
        double unit = ldexp(1.0, -k);
        for (int j = 0; j < 200; j++) {
            double d = (double)(2 * j + 1) * unit;
            for (int p = 0; p <= JMAP_FIXED_MAX_PREC; p++) {
                check(d, p);
                check(-d, p);
                check(d + 37.0, p);
            }
        }
    }
}

static void test_random_coordinates(void **state)
{
    (void)state;
    /* what cairo prints: coordinates, colours, font matrices */
    for (int i = 0; i < 300000; i++) {
        double scale = (double)(next() % 100000) / 7.0;
        double d = ((double)(next() >> 11) / 9007199254740992.0 - 0.5) * scale;
        check(d, 6);
        check(d, (int)(next() % (JMAP_FIXED_MAX_PREC + 1)));
    }
}

static void test_random_bits(void **state)
{
    (void)state;
    int done = 0;
    while (done < 200000) {
        uint64_t bits = next();
        double d;
        memcpy(&d, &bits, sizeof d);
        if (!isfinite(d) || fabs(d) >= 1e15)
            continue;
        check(d, (int)(next() % (JMAP_FIXED_MAX_PREC + 1)));
        done++;
    }
    check(DBL_MIN, 18);
    check(DBL_TRUE_MIN, 18);
    check(-DBL_TRUE_MIN, 0);
    check(nextafter(1e15, 0), 18);
}

static void test_short_buffers(void **state)
{
    (void)state;
    static const double v[] = {-1234.5678, 0.0, 3.25};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        for (size_t size = 0; size < 14; size++) {
            char want[16], got[16];
            memset(want, 'x', sizeof want);
            memset(got, 'x', sizeof got);
            int wn = snprintf(want, size, "%.4f", v[i]);
            int gn = jmap_format_fixed(got, size, v[i], 4);
            assert_int_equal(wn, gn);
            assert_memory_equal(want, got, sizeof want);
        }
    }
}

static void test_declines(void **state)
{
    (void)state;
    char buf[8] = "keep";
    assert_int_equal(jmap_format_fixed(buf, sizeof buf, NAN, 6), -1);
    assert_int_equal(jmap_format_fixed(buf, sizeof buf, INFINITY, 6), -1);
    assert_int_equal(jmap_format_fixed(buf, sizeof buf, -INFINITY, 6), -1);
    assert_int_equal(jmap_format_fixed(buf, sizeof buf, 1e15, 6), -1);
    assert_int_equal(jmap_format_fixed(buf, sizeof buf, -3e20, 0), -1);
    assert_int_equal(jmap_format_fixed(buf, sizeof buf, 1.0, -1), -1);
    assert_int_equal(jmap_format_fixed(buf, sizeof buf, 1.0, JMAP_FIXED_MAX_PREC + 1), -1);
    assert_string_equal(buf, "keep");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple),
        cmocka_unit_test(test_ties),
        cmocka_unit_test(test_random_coordinates),
        cmocka_unit_test(test_random_bits),
        cmocka_unit_test(test_short_buffers),
        cmocka_unit_test(test_declines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
