package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTest {
    // Two ids that share their first 16 hex digits, which real sha256 ids almost never do.
    private static final Digest FIRST = Digest.sha256("0123456789abcdef" + "1".repeat(48));
    private static final Digest SECOND = Digest.sha256("0123456789abcdef" + "2".repeat(48));
    private static final Digest LAYER = Digest.sha256("f".repeat(64));

    private static ImageRecord image(Digest id) {
        OciImageConfig config = OciImageConfig.forImport(Instant.EPOCH, ImageConfig.defaults(null), LAYER);
        return new ImageRecord(id, config, List.of(new LayerRecord(LAYER, LAYER, 10)));
    }

    private final Catalog catalog = Catalog.EMPTY.withImage(image(FIRST)).withImage(image(SECOND))
            .withTag(ImageRef.parse("busybox"), FIRST);

    @Test
    void aPrefixThatMatchesTwoImagesIsAmbiguous() {
        assertThatThrownBy(() -> catalog.resolve("0123456789abcdef"))
                .isInstanceOf(AmbiguousImageReferenceException.class)
                .hasMessageContaining("image id prefix '0123456789abcdef' is ambiguous")
                .hasMessageContaining(FIRST.toString()).hasMessageContaining(SECOND.toString());
        assertThatThrownBy(() -> catalog.resolve("sha256:0123456789ab"))
                .isInstanceOf(AmbiguousImageReferenceException.class);
    }

    @Test
    void aLongerPrefixOrTheFullIdIsUnique() {
        assertThat(catalog.resolve("0123456789abcdef2")).map(match -> match.image().id()).contains(SECOND);
        assertThat(catalog.resolve(SECOND.hex())).map(match -> match.image().id()).contains(SECOND);
        assertThat(catalog.resolve(SECOND.toString())).map(match -> match.image().id()).contains(SECOND);
    }

    @Test
    void aTagMatchSaysWhichTag() {
        Catalog.Match match = catalog.resolve("busybox:latest").orElseThrow();

        assertThat(match.tag()).isEqualTo(ImageRef.parse("busybox"));
        assertThat(catalog.resolve(FIRST.toString()).orElseThrow().tag()).isNull();
    }

    @Test
    void aNameWinsOverAnIdPrefixSpelledTheSame() {
        Catalog named = catalog.withTag(ImageRef.parse("0123456789abcdef"), SECOND);

        assertThat(named.resolve("0123456789abcdef")).map(match -> match.image().id()).contains(SECOND);
    }

    @Test
    void tracksWhichLayersAndBlobsAreInUse() {
        assertThat(catalog.usesLayer(LAYER)).isTrue();
        assertThat(catalog.usesBlob(FIRST)).isTrue();
        assertThat(catalog.usesBlob(LAYER)).isTrue();

        Catalog empty = catalog.withoutImage(FIRST).withoutImage(SECOND);
        assertThat(empty.usesLayer(LAYER)).isFalse();
        assertThat(empty.usesBlob(LAYER)).isFalse();
        assertThat(empty.tags()).isEmpty();
    }

    @Test
    void aTagMustNameAnImageOfTheCatalog() {
        assertThatThrownBy(() -> new Catalog(Map.of(), Map.of(ImageRef.parse("x"), FIRST)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
