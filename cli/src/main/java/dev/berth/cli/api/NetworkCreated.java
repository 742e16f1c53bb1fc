package dev.berth.cli.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The answer to a network create: the new network's full id, its name, and anything the agent warns about. */
public record NetworkCreated(String id, @Nullable String name, @Nullable List<String> warnings) {

    public List<String> warningsOrEmpty() {
        return warnings == null ? List.of() : warnings;
    }
}
