package dev.berth.registry.oci;

/** What names a manifest in a repository: a tag, or the manifest's digest. */
public sealed interface Reference permits Reference.ByTag, Reference.ByDigest {

    /** Anything with a colon is taken as a digest (tags cannot contain one); anything else must be a tag. */
    static Reference parse(String text) {
        if (Digest.looksLikeDigest(text)) {
            return new ByDigest(Digest.parse(text));
        }
        return new ByTag(new Tag(text));
    }

    record ByTag(Tag tag) implements Reference {
        @Override
        public String toString() {
            return tag.toString();
        }
    }

    record ByDigest(Digest digest) implements Reference {
        @Override
        public String toString() {
            return digest.toString();
        }
    }
}
