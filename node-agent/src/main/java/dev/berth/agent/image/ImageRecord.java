package dev.berth.agent.image;

import java.util.List;

/**
 * A stored image: its id, the config that id is the digest of, and its layers, bottom first.
 */
record ImageRecord(Digest id, OciImageConfig config, List<LayerRecord> layers) {

    ImageRecord {
        layers = List.copyOf(layers);
        List<Digest> diffIds = layers.stream().map(LayerRecord::diffId).toList();
        if (!diffIds.equals(config.diffIds())) {
            throw new IllegalArgumentException("image " + id + ": its config lists layers " + config.diffIds()
                    + " but " + diffIds + " are recorded");
        }
    }

    List<Digest> diffIds() {
        return config.diffIds();
    }

    long size() {
        return layers.stream().mapToLong(LayerRecord::size).sum();
    }
}
