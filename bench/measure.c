/*
 * measure.c — runs a command N times and prints the median wall time (ms)
 * and the largest peak resident memory (MB) of the child, without needing
 * GNU time.
 *
 *   measure N command [args...]
 *       prints "MEDIAN_MS PEAK_MB"
 *   measure N command [args...] --against base [args...]
 *       runs base and command alternately, N times each, and prints
 *       "MEDIAN_MS PEAK_MB BASE_MEDIAN_MS RATIO DIFF_MS", RATIO and DIFF_MS
 *       being the medians of command/base and command-base over the N pairs.
 *       On a shared machine the load drifts during a run: two timings taken
 *       side by side compare better than two series taken one after the
 *       other.
 *
 * One more run (pair) comes first and is not counted (warm caches). The
 * command must exit with status MEASURE_EXPECT (default 0).
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Runs argv once; returns its wall time in ms (-1 on failure). */
static double run(char **argv, int expect, long *max_rss)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
        return -1;
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != expect) {
        fprintf(stderr, "measure: %s failed\n", argv[0]);
        return -1;
    }
    if (max_rss && ru.ru_maxrss > *max_rss)
        *max_rss = ru.ru_maxrss;
    return (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: measure N command [args...] [--against base [args...]]\n");
        return 2;
    }
    int n = atoi(argv[1]);
    int expect = getenv("MEASURE_EXPECT") ? atoi(getenv("MEASURE_EXPECT")) : 0;
    if (n < 1 || n > 1000)
        n = 5;
    char **cmd = argv + 2, **base = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--against") == 0) {
            argv[i] = NULL;
            base = argv + i + 1;
            break;
        }
    }
    if (base && !base[0]) {
        fprintf(stderr, "measure: --against needs a command\n");
        return 2;
    }
    double *t = calloc((size_t)n, sizeof *t), *tb = calloc((size_t)n, sizeof *tb);
    double *ratio = calloc((size_t)n, sizeof *ratio), *diff = calloc((size_t)n, sizeof *diff);
    long max_rss = 0;
    for (int i = -1; i < n; i++) { /* i = -1: warm-up */
        double b = 0;
        if (base && (b = run(base, 0, NULL)) < 0)
            return 1;
        double c = run(cmd, expect, i < 0 ? NULL : &max_rss);
        if (c < 0)
            return 1;
        if (i < 0)
            continue;
        t[i] = c;
        if (base) {
            tb[i] = b;
            ratio[i] = c / b;
            diff[i] = c - b;
        }
    }
    if (base)
        printf("%.1f %.1f %.1f %.2f %.1f\n", median(t, n), max_rss / 1024.0, median(tb, n),
               median(ratio, n), median(diff, n));
    else
        printf("%.1f %.1f\n", median(t, n), max_rss / 1024.0);
    free(t);
    free(tb);
    free(ratio);
    free(diff);
    return 0;
}
