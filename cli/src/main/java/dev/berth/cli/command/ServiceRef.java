package dev.berth.cli.command;

import dev.berth.cli.args.UsageException;
import org.jspecify.annotations.Nullable;

/**
 * {@code APP} or {@code APP/SERVICE}, as {@code service ps} and {@code service versions} take them.
 *
 * @param service null when only the app was named
 */
record ServiceRef(String app, @Nullable String service) {

    static ServiceRef parse(String text) {
        int slash = text.indexOf('/');
        String app = slash < 0 ? text : text.substring(0, slash);
        String service = slash < 0 ? null : text.substring(slash + 1);
        if (app.isEmpty() || service != null && (service.isEmpty() || service.contains("/"))) {
            throw new UsageException("\"" + text + "\" is not APP or APP/SERVICE");
        }
        return new ServiceRef(app, service);
    }

    /** The service named, or a usage error that asks for one. */
    String requireService() {
        if (service == null) {
            throw new UsageException("\"" + app + "\" names no service: expected APP/SERVICE");
        }
        return service;
    }

    @Override
    public String toString() {
        return service == null ? app : app + "/" + service;
    }
}
