/*
 * heap.c — how the jmap program asks the C library and the kernel for its
 * memory.
 *
 * A map is a few megabytes of heap: decoded images, Pango's layouts and
 * glyph strings, cairo's recording of the page, the PDF streams and their
 * compressors. Each 4 KiB page of it costs a page fault the first time it is
 * touched, and on virtual machines that shadow the guest's page tables a
 * fault costs about 10 µs, not the 0.2 µs of bare metal: there, the faults of
 * a map's heap were a fifth of its run time, and the faults of the threads
 * of one process do not run in parallel. A transparent huge page maps 2 MiB
 * with one fault. So, when the kernel lets a program choose them
 * (/sys/kernel/mm/transparent_hugepage/enabled at "madvise" or "always"),
 * the program reserves a span of heap aligned on 2 MiB and asks for huge
 * pages there; the span is only backed by memory as it is used.
 *
 * With glibc's allocator:
 *  - every thread allocates from the main heap (M_ARENA_MAX 1), so that
 *    fontconfig's start-up on Pango's thread uses the same huge pages
 *    instead of an arena of its own;
 *  - blocks up to 32 MiB (glibc's largest threshold) come from the heap
 *    rather than from a mapping of their own each, and freed memory is not
 *    returned to the system while the program runs (it is short-lived);
 *  - the span is 512 MiB of address space, not of memory: pages are backed
 *    as blocks use them. It is not reserved where the kernel counts address
 *    space against a fixed limit (vm.overcommit_memory = 2).
 *
 * JMAP_NO_HUGE_PAGES=1 in the environment leaves the allocator as it is
 * (the tests compare the maps written either way).
 *
 * Elsewhere (another C library, or under a sanitizer, whose allocator is
 * not glibc's) this does nothing. Nothing here changes what jmap writes.
 */
#include "cli.h"

#if defined(__linux__)
#include <features.h>
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) ||                    \
    __has_feature(thread_sanitizer)
#define JMAP_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define JMAP_SANITIZED 1
#endif

#if defined(__GLIBC__) && !defined(JMAP_SANITIZED) && !defined(JMAP_NO_HUGE_HEAP)

#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)
/* Address space, not memory: pages are backed as blocks use them. The
 * largest maps the input limits allow stay below it. */
#define RESERVE (512 << 20)
/* glibc's largest threshold for serving a block from a mapping of its own */
#define MMAP_THRESHOLD_MAX (32 << 20)
#define TOP_PAD_DEFAULT (128 << 10)

/* Keeps the heap below the aligned span in use, so that later blocks start
 * on the span (never freed; it is never touched beyond its header either). */
static void *volatile below_span; /* volatile: the block must be allocated though never read */

/* Whether the kernel counts every writable mapping against a fixed limit
 * (vm.overcommit_memory = 2). */
static bool strict_overcommit(void)
{
    int fd = open("/proc/sys/vm/overcommit_memory", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char c = 0;
    bool strict = read(fd, &c, 1) == 1 && c == '2';
    close(fd);
    return strict;
}

void cli_heap_init(void)
{
    if (getenv("JMAP_NO_HUGE_PAGES"))
        return;
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_MAX);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
    if (strict_overcommit())
        return; /* there, address space is memory others may not get */
    /* One block grows the heap by the reserve; it goes back to the top of
     * the heap at once, untouched, and the heap keeps the span. The block is
     * large because the allocator writes a header at its end before the span
     * is advised: the 2 MiB around it get small pages. */
    mallopt(M_TOP_PAD, RESERVE);
    char *probe = malloc(MMAP_THRESHOLD_MAX - HUGE_PAGE);
    mallopt(M_TOP_PAD, TOP_PAD_DEFAULT);
    if (!probe)
        return;
    uintptr_t start = ((uintptr_t)probe + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    size_t gap = (size_t)(start - (uintptr_t)probe);
    free(probe);
    uintptr_t end = (uintptr_t)sbrk(0) & ~(HUGE_PAGE - 1);
    if (end <= start || end - start > 2 * (uintptr_t)RESERVE)
        return; /* the heap is not where the block came from (another allocator) */
    if (madvise((void *)start, end - start, MADV_HUGEPAGE) != 0)
        return; /* no transparent huge pages: the heap is as it was */
    if (gap > 64)
        below_span = malloc(gap - 32);
}

#else

void cli_heap_init(void)
{
}

#endif
