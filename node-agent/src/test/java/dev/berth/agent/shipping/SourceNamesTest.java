package dev.berth.agent.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.logs.client.Source;
import org.junit.jupiter.api.Test;

class SourceNamesTest {

    @Test
    void namesLogServiceWouldRefuseAreMadeAcceptable() {
        assertThat(SourceNames.sanitize("shop-1.eu_west")).isEqualTo("shop-1.eu_west");
        assertThat(SourceNames.sanitize("my app/ü")).isEqualTo("my_app__");
        assertThat(SourceNames.sanitize("-lead")).isEqualTo("xlead");
        assertThat(SourceNames.sanitize("")).isEqualTo("x");
        assertThat(SourceNames.sanitize("a".repeat(300))).hasSize(128);
        for (String odd : new String[] {"my app/ü", "-lead", "", "a".repeat(300), ".x", "é"}) {
            Source.checkName("test", SourceNames.sanitize(odd));
        }
    }
}
