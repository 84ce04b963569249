/*
 * fastprintf.c — the jmap program's own __snprintf_chk, the entry point that
 * fortified builds of libraries (cairo among them, on Debian) call for
 * snprintf. A program's definition of a symbol takes precedence over the
 * shared libraries' for the whole process, so cairo's calls come here.
 *
 * Only the calls cairo makes for each number it writes into a PDF or SVG,
 * snprintf(buf, size, "%f" | "%.Nf" | "%.*f", double), take the fast path
 * (numfmt.c), which writes the very bytes the C library would; every other
 * call, and any case the fast path does not handle, goes to the C library's
 * own implementation with the arguments untouched. Output is the same byte
 * for byte; a map spends several times less on printing numbers.
 *
 * JMAP_PLAIN_PRINTF=1 in the environment turns the fast path off, so that
 * the tests can compare a map's bytes with and without it.
 */
#if defined(__GLIBC__) || defined(__linux__)
#include <features.h>
#endif

#if defined(__GLIBC__) && !defined(JMAP_NO_FAST_PRINTF)

#include <fenv.h>
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include "numfmt.h"

int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, ...);
int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format,
                    va_list ap);
void __chk_fail(void) __attribute__((noreturn));

/* The precision of "%f", "%.Nf" or "%.*f" (taken from `ap`), or -1 for any
 * other format. */
static int fixed_precision(const char *f, va_list *ap)
{
    if (f[0] != '%')
        return -1;
    f++;
    if (f[0] == 'f' && f[1] == '\0')
        return 6;
    if (f[0] != '.')
        return -1;
    f++;
    if (f[0] == '*' && f[1] == 'f' && f[2] == '\0')
        return va_arg(*ap, int);
    int p = 0;
    while (*f >= '0' && *f <= '9' && p <= JMAP_FIXED_MAX_PREC)
        p = p * 10 + (*f++ - '0');
    return f[0] == 'f' && f[1] == '\0' ? p : -1;
}

/* The C library honours the locale's decimal point and the rounding mode;
 * the fast path only knows "." and round-to-nearest. */
static int plain_environment(void)
{
    static int off = -1; /* JMAP_PLAIN_PRINTF, read once */
    if (off < 0)
        off = getenv("JMAP_PLAIN_PRINTF") != NULL;
    if (off)
        return 0;
    const char *dp = localeconv()->decimal_point;
    return dp[0] == '.' && dp[1] == '\0' && fegetround() == FE_TONEAREST;
}

int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, ...)
{
    if (maxlen > slen)
        __chk_fail();
    va_list ap;
    va_start(ap, format);
    int prec = fixed_precision(format, &ap);
    if (prec >= 0 && prec <= JMAP_FIXED_MAX_PREC) {
        double d = va_arg(ap, double);
        if (plain_environment()) {
            int n = jmap_format_fixed(s, maxlen, d, prec);
            if (n >= 0) {
                va_end(ap);
                return n;
            }
        }
    }
    va_end(ap);
    va_start(ap, format);
    int n = __vsnprintf_chk(s, maxlen, flag, slen, format, ap);
    va_end(ap);
    return n;
}

#else
/* Other C libraries: nothing to replace. */
typedef int jmap_no_fast_printf;
#endif
