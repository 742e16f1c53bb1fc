package dev.berth.registry.repository;

import java.util.List;

/** One page of a lexically ordered list, and whether more follow (so that a Link to the next page is due). */
public record Page<T>(List<T> items, boolean more) {
    public Page {
        items = List.copyOf(items);
    }
}
