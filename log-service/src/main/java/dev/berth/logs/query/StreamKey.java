package dev.berth.logs.query;

import dev.berth.logs.client.Stream;

/** One stream of one container. */
public record StreamKey(String container, Stream stream) implements Comparable<StreamKey> {
    @Override
    public int compareTo(StreamKey other) {
        int byContainer = container.compareTo(other.container);
        return byContainer != 0 ? byContainer : Integer.compare(stream.code(), other.stream.code());
    }
}
