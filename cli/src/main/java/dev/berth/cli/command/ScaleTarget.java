package dev.berth.cli.command;

import dev.berth.cli.args.UsageException;

/** {@code APP/SERVICE=REPLICAS}, Docker's {@code service scale} form: {@code shop/web=5}. */
record ScaleTarget(String app, String service, int replicas) {

    static ScaleTarget parse(String text) {
        int equals = text.lastIndexOf('=');
        if (equals < 0) {
            throw invalid(text, "expected APP/SERVICE=REPLICAS");
        }
        ServiceRef ref;
        try {
            ref = ServiceRef.parse(text.substring(0, equals));
        } catch (UsageException e) {
            throw invalid(text, "expected APP/SERVICE=REPLICAS");
        }
        if (ref.service() == null) {
            throw invalid(text, "expected APP/SERVICE=REPLICAS (a service must be named)");
        }
        String count = text.substring(equals + 1);
        int replicas;
        try {
            replicas = Integer.parseInt(count);
        } catch (NumberFormatException e) {
            throw invalid(text, "\"" + count + "\" is not a number of replicas");
        }
        if (replicas < 0) {
            throw invalid(text, "the number of replicas is 0 or more");
        }
        return new ScaleTarget(ref.app(), ref.service(), replicas);
    }

    private static UsageException invalid(String text, String why) {
        return new UsageException("invalid scale specifier \"" + text + "\": " + why);
    }
}
