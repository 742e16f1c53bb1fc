package dev.berth.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiPathTest {

    @Test
    void segmentsAreEncodedSoAnImageReferenceStaysOneSegment() {
        assertThat(ApiPath.of("v1", "images", "registry:5000/app:1").target())
                .isEqualTo("/v1/images/registry%3A5000%2Fapp%3A1");
        assertThat(ApiPath.of("v1", "containers", "web_1.a-b~c", "start").target())
                .isEqualTo("/v1/containers/web_1.a-b~c/start");
    }

    @Test
    void nullParametersAreLeftOutAndOthersAreEncoded() {
        ApiPath path = ApiPath.of("v1", "images", "import")
                .query("name", "busybox:latest")
                .query("skipped", null)
                .query("changes", "CMD [\"sh\", \"-c\"]")
                .query("changes", "ENV A=1 B=é");

        assertThat(path.target()).isEqualTo("/v1/images/import?name=busybox%3Alatest"
                + "&changes=CMD%20%5B%22sh%22%2C%20%22-c%22%5D&changes=ENV%20A%3D1%20B%3D%C3%A9");
    }
}
