package dev.berth.agent.container;

import java.util.Locale;

/**
 * A container's lifecycle state.
 * <pre>
 *   create ──▶ CREATED ──start──▶ RUNNING ──exit / stop / kill──▶ EXITED ──start──▶ RUNNING
 *                 │                                                  │
 *                 └──────────────────────── rm ──────────────────────┴──▶ (removed)
 * </pre>
 * A failed start (an entrypoint that cannot be executed) goes from CREATED or EXITED straight to EXITED.
 */
public enum ContainerStatus {
    CREATED, RUNNING, EXITED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
