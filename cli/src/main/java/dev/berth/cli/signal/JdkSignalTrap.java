package dev.berth.cli.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Traps signals with {@code sun.misc.Signal} (module jdk.unsupported), the only way a Java program can receive
 * SIGINT and SIGTERM without exiting. The handler runs on the JVM's signal dispatch thread.
 */
public final class JdkSignalTrap implements SignalTrap {

    @Override
    public Handle trap(List<String> signals, Consumer<String> handler) {
        List<Runnable> restore = new ArrayList<>();
        for (String name : signals) {
            Signal signal = new Signal(name);
            try {
                SignalHandler previous = Signal.handle(signal, caught -> handler.accept(caught.getName()));
                restore.add(() -> Signal.handle(signal, previous));
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal for itself (-Xrs, say): it keeps its usual effect, nothing is forwarded.
            }
        }
        return () -> restore.forEach(Runnable::run);
    }
}
