package dev.berth.cli.http;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the CLI. It is built on first use, so verbs that never talk to the agent ({@code --help})
 * do not pay for Jackson's start-up.
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            // The agent may add members; an older CLI must still read its answers.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }
}
