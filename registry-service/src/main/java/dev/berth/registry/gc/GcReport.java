package dev.berth.registry.gc;

import java.time.Duration;
import java.time.Instant;

/**
 * What one collection removed.
 *
 * @param blobs unreferenced blobs, past the grace period
 * @param blobBytes their bytes
 * @param uploads uploads nobody wrote to for the upload expiry
 * @param uploadBytes their bytes
 * @param orphans files in the store that the database does not know (left by a crash between a rename and its row)
 * @param orphanBytes their bytes
 */
public record GcReport(int blobs, long blobBytes, int uploads, long uploadBytes, int orphans, long orphanBytes,
                       Instant finishedAt, Duration took) {

    public long bytes() {
        return blobBytes + uploadBytes + orphanBytes;
    }
}
