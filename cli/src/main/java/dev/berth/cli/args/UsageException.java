package dev.berth.cli.args;

import dev.berth.cli.CliException;

/**
 * The command line does not fit the verb: an unknown flag, a missing value, the wrong number of arguments. The user
 * is pointed at the verb's help; {@link #showsUsage()} says whether its usage line is worth printing too.
 */
public class UsageException extends CliException {

    private final boolean showsUsage;

    public UsageException(String message) {
        this(message, false);
    }

    public UsageException(String message, boolean showsUsage) {
        super(message);
        this.showsUsage = showsUsage;
    }

    public boolean showsUsage() {
        return showsUsage;
    }
}
