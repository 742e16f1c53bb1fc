package dev.berth.agent.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHA-256 by OpenSSL's libcrypto, which uses the CPU's SHA extensions. The agent runs with the C1 compiler only
 * (see deploy/lib.sh: it spends its time in kernel calls, and C2 would cost some 30 MiB more per node), and C1 does
 * not turn the JDK's SHA-256 into those instructions: it hashes about 150 MB/s, against 1.7 GB/s here. Every layer
 * that is pulled, committed or imported is hashed once or twice, so that difference is most of a pull's time.
 * Where libcrypto cannot be loaded, the JDK's own digest is used.
 */
public final class Sha256 extends MessageDigest implements Cloneable {
    private static final Logger log = LoggerFactory.getLogger(Sha256.class);
    private static final int LENGTH = 32;
    /** Bytes gathered before each call into libcrypto: one JNA call per 64 KiB, not per write. */
    private static final int BATCH = 64 * 1024;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final @Nullable Pointer SHA256 = load();

    private final Pointer context;
    private final ByteBuffer pending = ByteBuffer.allocateDirect(BATCH);
    private final ByteBuffer result = ByteBuffer.allocateDirect(LENGTH);

    /** A new SHA-256 digest: libcrypto's when it can be loaded, else the JDK's. */
    public static MessageDigest newDigest() {
        if (SHA256 != null) {
            return new Sha256(newContext());
        }
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Whether digests come from libcrypto. */
    public static boolean isNative() {
        return SHA256 != null;
    }

    private Sha256(Pointer context) {
        super("SHA-256");
        this.context = context;
        Pointer owned = context;
        CLEANER.register(this, () -> Crypto.EVP_MD_CTX_free(owned));
    }

    private static Pointer newContext() {
        Pointer context = Crypto.EVP_MD_CTX_new();
        if (context == null || Crypto.EVP_DigestInit_ex(context, SHA256, null) != 1) {
            throw new IllegalStateException("libcrypto could not start a SHA-256 digest");
        }
        return context;
    }

    @Override
    protected int engineGetDigestLength() {
        return LENGTH;
    }

    @Override
    protected void engineUpdate(byte input) {
        if (!pending.hasRemaining()) {
            flush();
        }
        pending.put(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int length) {
        int at = offset;
        int left = length;
        while (left > 0) {
            if (!pending.hasRemaining()) {
                flush();
            }
            int n = Math.min(left, pending.remaining());
            pending.put(input, at, n);
            at += n;
            left -= n;
        }
    }

    private void flush() {
        // JNA passes a buffer's address at its position: flipped, that is the first byte gathered.
        pending.flip();
        try {
            if (pending.hasRemaining() && Crypto.EVP_DigestUpdate(context, pending, pending.remaining()) != 1) {
                throw new IllegalStateException("libcrypto's SHA-256 update failed");
            }
        } finally {
            // The cleaner frees the context once this object is unreachable: not while libcrypto is using it.
            Reference.reachabilityFence(this);
        }
        pending.clear();
    }

    @Override
    protected byte[] engineDigest() {
        flush();
        result.clear();
        try {
            if (Crypto.EVP_DigestFinal_ex(context, result, null) != 1) {
                throw new IllegalStateException("libcrypto's SHA-256 final failed");
            }
        } finally {
            Reference.reachabilityFence(this);
        }
        byte[] digest = new byte[LENGTH];
        result.get(0, digest);
        engineReset();
        return digest;
    }

    @Override
    protected void engineReset() {
        pending.clear();
        try {
            if (Crypto.EVP_DigestInit_ex(context, SHA256, null) != 1) {
                throw new IllegalStateException("libcrypto could not restart a SHA-256 digest");
            }
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** A copy that goes on independently, as the JDK's digests can be copied. */
    @Override
    public Object clone() {
        Pointer copy = Crypto.EVP_MD_CTX_new();
        try {
            if (copy == null || Crypto.EVP_MD_CTX_copy_ex(copy, context) != 1) {
                throw new IllegalStateException("libcrypto could not copy a SHA-256 digest");
            }
        } finally {
            Reference.reachabilityFence(this);
        }
        Sha256 twin = new Sha256(copy);
        ByteBuffer gathered = pending.duplicate().flip();
        twin.pending.put(gathered);
        return twin;
    }

    private static @Nullable Pointer load() {
        try {
            Pointer md = Crypto.EVP_sha256();
            if (md != null) {
                return md;
            }
            log.info("libcrypto has no SHA-256; using the JDK's");
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            log.info("libcrypto is not available ({}); hashing with the JDK's SHA-256", e.getMessage());
        }
        return null;
    }

    /** Direct JNA bindings of the part of OpenSSL 3's libcrypto that hashes. */
    private static final class Crypto {
        static {
            Native.register(Crypto.class, NativeLibrary.getInstance("crypto"));
        }

        private Crypto() {}

        static native Pointer EVP_sha256();

        static native Pointer EVP_MD_CTX_new();

        static native void EVP_MD_CTX_free(Pointer context);

        static native int EVP_MD_CTX_copy_ex(Pointer out, Pointer in);

        static native int EVP_DigestInit_ex(Pointer context, Pointer type, @Nullable Pointer engine);

        static native int EVP_DigestUpdate(Pointer context, ByteBuffer data, long count);

        static native int EVP_DigestFinal_ex(Pointer context, ByteBuffer digest, @Nullable Pointer length);
    }
}
