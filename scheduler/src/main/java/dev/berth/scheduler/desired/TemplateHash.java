package dev.berth.scheduler.desired;

import dev.berth.scheduler.spec.ServiceSpec;
import dev.berth.scheduler.spec.StrictJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The digest of what a spec's containers run: two versions with the same digest need no container replaced. */
public final class TemplateHash {
    private TemplateHash() {}

    public static String of(ServiceSpec validated) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(StrictJson.write(validated.template()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
