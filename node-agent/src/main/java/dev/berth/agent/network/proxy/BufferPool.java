package dev.berth.agent.network.proxy;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Reuses direct buffers. A direct buffer is what lets a socket read and write go straight to the kernel without a copy
 * through a temporary one, but it is expensive to allocate (it is zeroed) and only freed by the garbage collector, so a
 * burst of short connections would otherwise churn through direct memory. Buffers beyond the idle limit are dropped.
 */
final class BufferPool {
    private final int bufferSize;
    private final ArrayBlockingQueue<ByteBuffer> idle;

    BufferPool(int bufferSize, int maxIdle) {
        this.bufferSize = bufferSize;
        this.idle = new ArrayBlockingQueue<>(maxIdle);
    }

    ByteBuffer take() {
        ByteBuffer buffer = idle.poll();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(bufferSize);
    }

    /** Returns a buffer; the caller must not touch it afterwards. */
    void give(ByteBuffer buffer) {
        buffer.clear();
        idle.offer(buffer);
    }
}
