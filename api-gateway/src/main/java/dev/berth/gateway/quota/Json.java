package dev.berth.gateway.quota;

import tools.jackson.databind.json.JsonMapper;

/** The one JSON reader of the quota code: for request bodies and for what the services answer. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}
}
