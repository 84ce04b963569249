/*
 * measure.c — runs a command N times and prints the median wall time (ms)
 * and the largest peak resident memory (MB) of the child, without needing
 * GNU time. Usage: measure N command [args...]
 * One more run comes first and is not counted (warm caches).
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: measure N command [args...]\n");
        return 2;
    }
    int n = atoi(argv[1]);
    int expect = getenv("MEASURE_EXPECT") ? atoi(getenv("MEASURE_EXPECT")) : 0;
    if (n < 1 || n > 1000)
        n = 5;
    double *t = calloc((size_t)n, sizeof *t);
    long max_rss = 0;
    /* run -1 is a warm-up (page cache, dynamic loader), not counted */
    for (int i = -1; i < n; i++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        pid_t pid = fork();
        if (pid == 0) {
            int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, 1);
            execvp(argv[2], argv + 2);
            _exit(127);
        }
        int status;
        struct rusage ru;
        wait4(pid, &status, 0, &ru);
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != expect) {
            fprintf(stderr, "measure: command failed\n");
            return 1;
        }
        if (i < 0)
            continue;
        t[i] = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
        if (ru.ru_maxrss > max_rss)
            max_rss = ru.ru_maxrss;
    }
    qsort(t, (size_t)n, sizeof *t, cmp);
    printf("%.1f %.1f\n", t[n / 2], max_rss / 1024.0);
    free(t);
    return 0;
}
