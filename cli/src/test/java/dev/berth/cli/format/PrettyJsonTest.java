package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PrettyJsonTest {

    @Test
    void indentsWithFourSpacesAndKeepsEmptyValuesShortLikeDockerInspect() {
        String json = PrettyJson.format(JsonMapper.shared().readTree(
                "[{\"Id\":\"abc\",\"Args\":[],\"Config\":{},\"State\":{\"Pid\":42,\"Running\":true},"
                        + "\"Env\":[\"A=1\",\"B=2\"],\"Gone\":null}]"));

        assertThat(json).isEqualTo("""
                [
                    {
                        "Id": "abc",
                        "Args": [],
                        "Config": {},
                        "State": {
                            "Pid": 42,
                            "Running": true
                        },
                        "Env": [
                            "A=1",
                            "B=2"
                        ],
                        "Gone": null
                    }
                ]""");
    }

    @Test
    void anEmptyResultIsAnEmptyArray() {
        assertThat(PrettyJson.format(JsonMapper.shared().createArrayNode())).isEqualTo("[]");
    }
}
