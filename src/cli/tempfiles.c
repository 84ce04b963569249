/*
 * tempfiles.c — the hidden files jmap creates beside its outputs (the
 * staging temporaries, the kept copies of a batch) are removed when a
 * signal stops the program: SIGHUP, SIGINT, SIGQUIT or SIGTERM. The handler
 * unlinks every file of a fixed registry, then dies of the same signal
 * with its default action, so the exit status still says what happened.
 *
 * The registry is a fixed array of pointers; the main thread changes it
 * only while those signals are blocked (cli_signals_block), and only the
 * main thread acts on them: a signal the kernel hands to another thread
 * (Pango and fontconfig start some) is passed on to the main thread, where
 * it waits while the signals are blocked. So the handler never sees the
 * registry half updated, nor a batch half renamed. It calls only unlink,
 * sigaction, pthread_sigmask, pthread_kill and raise, which are
 * async-signal-safe.
 *
 * SIGXFSZ (a file larger than `ulimit -f`) is ignored instead: write()
 * then fails with EFBIG, which the writers report and clean up like any
 * other write error.
 */
#include "cli.h"

#include <errno.h>
#include <glib.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static const int handled[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM};

static char *volatile registry[CLI_MAX_TEMPS];
static pthread_t main_thread;
/* the registry is written by the threads of a build of several files (the
 * signal handler only reads it) */
static GMutex registry_lock;

static void on_signal(int sig)
{
    if (!pthread_equal(pthread_self(), main_thread)) {
        int e = errno;
        pthread_kill(main_thread, sig);
        errno = e;
        return;
    }
    for (size_t i = 0; i < CLI_MAX_TEMPS; i++) {
        char *p = registry[i];
        if (p)
            unlink(p);
    }
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    raise(sig);
}

void cli_signals_init(void)
{
    main_thread = pthread_self();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < G_N_ELEMENTS(handled); i++)
        sigaddset(&sa.sa_mask, handled[i]);
    for (size_t i = 0; i < G_N_ELEMENTS(handled); i++) {
        struct sigaction old;
        /* A signal ignored when jmap started (nohup, a background job of a
         * script) stays ignored. */
        if (sigaction(handled[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(handled[i], &sa, NULL);
    }
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGXFSZ, &ign, NULL);
}

void cli_signals_block(sigset_t *old)
{
    sigset_t s;
    sigemptyset(&s);
    for (size_t i = 0; i < G_N_ELEMENTS(handled); i++)
        sigaddset(&s, handled[i]);
    pthread_sigmask(SIG_BLOCK, &s, old);
}

void cli_signals_restore(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

bool cli_temp_add(const char *path)
{
    bool added = false;
    g_mutex_lock(&registry_lock);
    for (size_t i = 0; i < CLI_MAX_TEMPS && !added; i++)
        if (!registry[i]) {
            registry[i] = g_strdup(path);
            added = true;
        }
    g_mutex_unlock(&registry_lock);
    return added;
}

void cli_temp_forget(const char *path)
{
    if (!path)
        return;
    g_mutex_lock(&registry_lock);
    for (size_t i = 0; i < CLI_MAX_TEMPS; i++) {
        char *p = registry[i];
        if (p && strcmp(p, path) == 0) {
            registry[i] = NULL;
            g_free(p);
            break;
        }
    }
    g_mutex_unlock(&registry_lock);
}
