package dev.berth.agent.linux;

import java.util.Locale;
import java.util.Optional;

/** Signals by name and number, as {@code docker kill -s} accepts them (TERM, SIGTERM or 15). */
public enum Signal {
    SIGHUP(1), SIGINT(2), SIGQUIT(3), SIGILL(4), SIGTRAP(5), SIGABRT(6), SIGBUS(7), SIGFPE(8), SIGKILL(9),
    SIGUSR1(10), SIGSEGV(11), SIGUSR2(12), SIGPIPE(13), SIGALRM(14), SIGTERM(15), SIGSTKFLT(16), SIGCHLD(17),
    SIGCONT(18), SIGSTOP(19), SIGTSTP(20), SIGTTIN(21), SIGTTOU(22), SIGURG(23), SIGXCPU(24), SIGXFSZ(25),
    SIGVTALRM(26), SIGPROF(27), SIGWINCH(28), SIGIO(29), SIGPWR(30), SIGSYS(31);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Parses {@code TERM}, {@code SIGTERM}, {@code sigterm} or {@code 15}. */
    public static Optional<Signal> parse(String text) {
        String trimmed = text.trim().toUpperCase(Locale.ROOT);
        if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return ofNumber(Integer.parseInt(trimmed));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        String name = trimmed.startsWith("SIG") ? trimmed : "SIG" + trimmed;
        for (Signal signal : values()) {
            if (signal.name().equals(name)) {
                return Optional.of(signal);
            }
        }
        return Optional.empty();
    }

    public static Optional<Signal> ofNumber(int number) {
        for (Signal signal : values()) {
            if (signal.number == number) {
                return Optional.of(signal);
            }
        }
        return Optional.empty();
    }
}
