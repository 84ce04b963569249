/*
 * test_heap.c — the jmap program's heap (src/cli/heap.c): after
 * cli_heap_init, blocks come from one span of heap aligned on 2 MiB and
 * advised for transparent huge pages, large enough for the largest maps;
 * with JMAP_NO_HUGE_PAGES set, nothing is advised. Skipped where the kernel
 * offers no transparent huge pages, where it counts address space strictly,
 * and in sanitizer builds (whose allocator is not glibc's).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/cli/heap.c"

#if defined(__GLIBC__) && !defined(JMAP_SANITIZED)
#define HEAP_POLICY 1
#else
#define HEAP_POLICY 0
#endif

static bool file_has(const char *path, const char *needle)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char buf[512];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return strstr(buf, needle) != NULL;
}

static bool thp_available(void)
{
    return HEAP_POLICY && !file_has("/sys/kernel/mm/transparent_hugepage/enabled", "[never]") &&
           file_has("/sys/kernel/mm/transparent_hugepage/enabled", "[") &&
           !file_has("/proc/sys/vm/overcommit_memory", "2");
}

/* The mapping of /proc/self/smaps that holds `p`: its bounds and whether its
 * VmFlags include "hg" (advised for huge pages). */
static bool mapping_of(const void *p, uintptr_t *lo, uintptr_t *hi, bool *huge)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return false;
    char line[512];
    bool in = false, found = false;
    uintptr_t a = (uintptr_t)p;
    while (fgets(line, sizeof line, f)) {
        unsigned long s, e;
        if (sscanf(line, "%lx-%lx ", &s, &e) == 2 && strchr(line, '-') < strchr(line, ' ')) {
            if (found)
                break;
            in = s <= a && a < e;
            if (in) {
                *lo = s;
                *hi = e;
                *huge = false;
            }
        } else if (in && strncmp(line, "VmFlags:", 8) == 0) {
            *huge = strstr(line, " hg") != NULL;
            found = true;
        }
    }
    fclose(f);
    return found;
}

static void blocks_come_from_an_advised_span(void **state)
{
    (void)state;
    if (!thp_available())
        skip();
    cli_heap_init();
    /* blocks that no freed block below the span can serve */
    void *small = malloc(1 << 20), *large = malloc(24 << 20);
    assert_non_null(small);
    assert_non_null(large);
    for (int i = 0; i < 2; i++) {
        uintptr_t lo, hi;
        bool huge;
        /* (the first block may start a few bytes below the span: the
         * allocator's header of it ends there) */
        assert_true(mapping_of((char *)(i ? large : small) + 64, &lo, &hi, &huge));
        assert_true(huge);
        assert_int_equal(lo % (2u << 20), 0);
        assert_true(hi - lo >= (256u << 20));
    }
    free(small);
    free(large);
}

static void the_environment_turns_it_off(void **state)
{
    (void)state;
    if (!thp_available())
        skip();
    /* in a child: cli_heap_init acts once per process */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setenv("JMAP_NO_HUGE_PAGES", "1", 1);
        cli_heap_init();
        void *p = malloc(100);
        uintptr_t lo, hi;
        bool huge = true;
        _exit(p && mapping_of(p, &lo, &hi, &huge) && !huge ? 0 : 1);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_environment_turns_it_off),
        cmocka_unit_test(blocks_come_from_an_advised_span),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
