/*
 * berth-supervisor: the node's one long-lived process above the node agent.
 *
 *   berth-supervisor --exit-records DIR -- /absolute/path/to/agent [arguments]
 *
 * It makes itself child subreaper and starts the agent as its child, so that when the agent dies every container it
 * started becomes this process's child, not init's. It then learns how each of them ends, which only a parent can:
 * it writes the exit to DIR/<pid>-<start time> ("<pid> <start time> <wait status>\n", read by the agent's
 * ExitRecords) and flushes it BEFORE it reaps the process, so a process gone from /proc always has its record.
 * Containers the agent started while alive stay the agent's children; their exits are never taken from it.
 *
 * It restarts the agent when it dies (after 0.2 s, doubling up to 5 s while the agent keeps dying young), passes
 * SIGTERM and SIGINT on to the agent and exits after it, leaving the containers running, and restarts the agent at
 * once on SIGHUP. The agent finds DIR in its environment, BERTH_SUPERVISOR_EXIT_RECORDS.
 *
 * Why C: its memory is what every running container shares in lieu of a shim of its own, and a JVM cannot go below
 * about 25 MiB (PSS) even idle; this program takes well under 1 MiB. It holds no container logic.
 *
 * Signals are blocked and taken synchronously with sigtimedwait(2), so that no signal can arrive between a check of
 * the state and a wait: there are no handlers and no races with waitid(2).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define EXIT_RECORDS_ENV "BERTH_SUPERVISOR_EXIT_RECORDS"
#define FIRST_BACKOFF_MS 200
#define MAX_BACKOFF_MS 5000
/* An agent that ran this long before dying was not crash-looping: the next restart comes quickly again. */
#define STEADY_MS 10000
/* How soon an exit that could not be recorded is tried again; the process stays a zombie meanwhile. */
#define RECORD_RETRY_MS 1000

extern char **environ;

static const char *records_dir;
static char **agent_argv;
static pid_t agent_pid;          /* the agent's pid while it runs, else 0 */
static long long agent_started;  /* when it was started, monotonic ms */
static long long restart_at;     /* when to start it again, monotonic ms; 0: not scheduled */
static long long retry_at;       /* when to try again to record a stuck exit; 0: none */
static pid_t failed_pid;         /* the last orphan whose exit could not be recorded, to log it once */
static long backoff_ms = FIRST_BACKOFF_MS;
static int stopping;
static int restart_now;

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

/* "2026-11-28T12:00:00.123Z supervisor: ...", like the agent's log lines. */
static void say(const char *format, ...) {
    struct timespec t;
    struct tm utc;
    char stamp[32];
    clock_gettime(CLOCK_REALTIME, &t);
    gmtime_r(&t.tv_sec, &utc);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    fprintf(stderr, "%s.%03ldZ supervisor: ", stamp, t.tv_nsec / 1000000);
    va_list args;
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
}

/* /proc/PID/stat field 22, in clock ticks since boot; 0 if unreadable. The command name (field 2) may hold spaces
 * and parentheses, so the fields are counted from the last ')'. A zombie's stat is still there: this is read while
 * the process is unreaped, so the pid cannot have been reused by another process yet. */
static unsigned long long start_time(pid_t pid) {
    char path[64], text[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return 0;
    text[n] = '\0';
    char *p = strrchr(text, ')');
    if (p == NULL) return 0;
    /* ") " precedes field 3 (the state); the 20th space from there precedes field 22. */
    for (int field = 3; field <= 22; field++) {
        p = strchr(p + 1, ' ');
        if (p == NULL) return 0;
    }
    return strtoull(p + 1, NULL, 10);
}

/* Writes one record durably: a temporary file, flushed, renamed into place, then the directory flushed. The record
 * is visible whole or not at all, and survives a crash of this process (not a reboot, which /run does not). */
static int write_record(pid_t pid, unsigned long long start, int status) {
    char name[64], temp[PATH_MAX], target[PATH_MAX], line[96];
    snprintf(name, sizeof name, "%d-%llu", (int) pid, start);
    snprintf(temp, sizeof temp, "%s/.%s.tmp", records_dir, name);
    snprintf(target, sizeof target, "%s/%s", records_dir, name);
    int length = snprintf(line, sizeof line, "%d %llu %d\n", (int) pid, start, status);
    if (mkdir(records_dir, 0755) < 0 && errno != EEXIST) return -1;
    int fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return -1;
    int ok = write(fd, line, (size_t) length) == length && fsync(fd) == 0;
    if (close(fd) < 0 || !ok || rename(temp, target) < 0) {
        int saved = errno;
        unlink(temp);
        errno = saved;
        return -1;
    }
    int dir = open(records_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return -1;
    ok = fsync(dir) == 0;
    close(dir);
    return ok ? 0 : -1;
}

/* The status as wait(2) encodes it, which is what the records hold: exit code << 8, or the signal (no core bit). */
static int wait_status(const siginfo_t *info) {
    return info->si_code == CLD_EXITED ? (info->si_status & 0xff) << 8 : info->si_status & 0x7f;
}

static void describe(const siginfo_t *info, char *text, size_t size) {
    if (info->si_code == CLD_EXITED) snprintf(text, size, "exit code %d", info->si_status);
    else snprintf(text, size, "signal %d", info->si_status);
}

static void start_agent(void) {
    posix_spawnattr_t attributes;
    sigset_t set;
    posix_spawnattr_init(&attributes);
    /* The agent starts with every signal unblocked and at its default, whatever this process inherited: nohup
     * leaves SIGHUP ignored, a shell without job control SIGINT, and here the handled ones are blocked. */
    sigemptyset(&set);
    posix_spawnattr_setsigmask(&attributes, &set);
    sigfillset(&set);
    sigdelset(&set, SIGKILL);
    sigdelset(&set, SIGSTOP);
    posix_spawnattr_setsigdefault(&attributes, &set);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid;
    int error = posix_spawn(&pid, agent_argv[0], NULL, &attributes, agent_argv, environ);
    posix_spawnattr_destroy(&attributes);
    restart_at = 0;
    if (error != 0) {
        say("cannot start the node agent: %s: %s", agent_argv[0], strerror(error));
        restart_at = now_ms() + MAX_BACKOFF_MS;
        return;
    }
    agent_pid = pid;
    agent_started = now_ms();
    say("started the node agent, pid %d", (int) pid);
}

/* The agent has exited and been reaped: stop after it, or schedule its next start. */
static void agent_exited(const siginfo_t *info) {
    char how[32];
    describe(info, how, sizeof how);
    agent_pid = 0;
    if (stopping) {
        say("the node agent exited (%s); stopping, containers left running", how);
        /* The shell's convention, which Docker follows: 128 + signal for a process killed by a signal. */
        exit(info->si_code == CLD_EXITED ? info->si_status : 128 + info->si_status);
    }
    long long now = now_ms();
    int steady = now - agent_started > STEADY_MS;
    long delay;
    if (restart_now) {
        delay = 0;
        restart_now = 0;
        backoff_ms = FIRST_BACKOFF_MS;
    } else {
        delay = steady ? FIRST_BACKOFF_MS : backoff_ms;
        backoff_ms = delay * 2 > MAX_BACKOFF_MS ? MAX_BACKOFF_MS : delay * 2;
    }
    say("the node agent exited (%s); starting it again in %ld ms", how, delay);
    restart_at = now + delay;
}

/* Takes every child that has exited: the agent is reaped at once; an orphan is recorded, then reaped. waitid with
 * WNOWAIT leaves the orphan a zombie while its record is written, so its pid and /proc entry stay its own. */
static void drain_children(void) {
    siginfo_t info;
    /* The agent first, by pid: an orphan whose record cannot be written must not hide the agent's exit. */
    if (agent_pid != 0) {
        memset(&info, 0, sizeof info);
        if (waitid(P_PID, (id_t) agent_pid, &info, WEXITED | WNOHANG) == 0 && info.si_pid == agent_pid) {
            agent_exited(&info);
        }
    }
    for (;;) {
        memset(&info, 0, sizeof info);
        if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT | __WALL) < 0) {
            if (errno == EINTR) continue;
            if (errno != ECHILD) say("waitid: %s", strerror(errno));
            return;
        }
        pid_t pid = info.si_pid;
        if (pid == 0) return; /* children, none of them exited */
        if (pid != agent_pid) {
            unsigned long long start = start_time(pid);
            if (start == 0 || write_record(pid, start, wait_status(&info)) < 0) {
                /* Not reaped without its record: it stays a zombie, and is tried again shortly. */
                if (pid != failed_pid) {
                    say("cannot record the exit of pid %d in %s: %s; trying again every %d ms", (int) pid,
                        records_dir, start == 0 ? "no start time in /proc" : strerror(errno), RECORD_RETRY_MS);
                }
                failed_pid = pid;
                retry_at = now_ms() + RECORD_RETRY_MS;
                return;
            }
            if (pid == failed_pid) {
                say("recorded the exit of pid %d", (int) pid);
                failed_pid = 0;
            }
        }
        memset(&info, 0, sizeof info);
        while (waitid(P_PID, (id_t) pid, &info, WEXITED | __WALL) < 0 && errno == EINTR) {
        }
        if (pid == agent_pid) agent_exited(&info);
    }
}

static void on_signal(int signal) {
    if (signal == SIGHUP) {
        restart_now = 1;
        if (agent_pid == 0) {
            /* Between two runs of the agent: start it now rather than after the backoff. */
            restart_at = now_ms();
            restart_now = 0;
            backoff_ms = FIRST_BACKOFF_MS;
            return;
        }
    } else if (signal == SIGTERM || signal == SIGINT) {
        stopping = 1;
        if (agent_pid == 0) {
            say("SIG%s: stopping; containers left running", sigabbrev_np(signal));
            exit(0);
        }
    } else {
        return; /* SIGCHLD: the children are drained after every wake-up */
    }
    say("SIG%s: stopping the node agent, pid %d", sigabbrev_np(signal), (int) agent_pid);
    if (kill(agent_pid, SIGTERM) < 0) say("kill(SIGTERM) of pid %d: %s", (int) agent_pid, strerror(errno));
}

int main(int argc, char **argv) {
    if (argc < 5 || strcmp(argv[1], "--exit-records") != 0 || strcmp(argv[3], "--") != 0 || argv[4][0] != '/') {
        fprintf(stderr, "usage: berth-supervisor --exit-records DIR -- /absolute/path/to/agent [arguments]\n");
        return 2;
    }
    records_dir = argv[2];
    agent_argv = argv + 4;
    /* stderr is unbuffered by default, which writes a log line in pieces; line-buffered, it goes out whole. */
    setvbuf(stderr, NULL, _IOLBF, 0);
    if (setenv(EXIT_RECORDS_ENV, records_dir, 1) < 0) {
        say("setenv: %s", strerror(errno));
        return 1;
    }
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
        say("prctl(PR_SET_CHILD_SUBREAPER): %s", strerror(errno));
        return 1;
    }
    /* Blocked, then taken with sigtimedwait. A signal that is ignored is discarded even while blocked, and an
     * ignored SIGCHLD would even reap children unrecorded, so each is reset to its default first (nohup ignores
     * SIGHUP; a shell without job control ignores SIGINT of what it starts in the background). */
    static const int handled[] = {SIGCHLD, SIGTERM, SIGINT, SIGHUP};
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof handled / sizeof handled[0]; i++) {
        struct sigaction previous, action = {.sa_handler = SIG_DFL};
        sigaddset(&set, handled[i]);
        sigaction(handled[i], &action, &previous);
        if (previous.sa_handler == SIG_IGN && handled[i] != SIGINT) {
            say("SIG%s was ignored when this process started; it is handled all the same", sigabbrev_np(handled[i]));
        }
    }
    sigprocmask(SIG_BLOCK, &set, NULL);

    say("supervising the node agent; exit records in %s", records_dir);
    start_agent();
    for (;;) {
        long long now = now_ms(), wake = 0;
        if (restart_at != 0) wake = restart_at;
        if (retry_at != 0 && (wake == 0 || retry_at < wake)) wake = retry_at;
        siginfo_t info;
        int signal;
        if (wake == 0) {
            signal = sigwaitinfo(&set, &info);
        } else {
            long long wait = wake > now ? wake - now : 0;
            struct timespec timeout = {.tv_sec = wait / 1000, .tv_nsec = (wait % 1000) * 1000000};
            signal = sigtimedwait(&set, &info, &timeout);
        }
        if (signal > 0) on_signal(signal);
        else if (errno != EAGAIN && errno != EINTR) say("sigtimedwait: %s", strerror(errno));
        now = now_ms();
        if (retry_at != 0 && now >= retry_at) retry_at = 0;
        drain_children();
        if (stopping && agent_pid == 0) {
            say("stopping; containers left running");
            return 0;
        }
        if (restart_at != 0 && now_ms() >= restart_at && agent_pid == 0) start_agent();
    }
}
