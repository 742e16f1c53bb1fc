package dev.berth.registry.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.http.server.HttpServer;

/**
 * Answers a TLS handshake on the plain-HTTP port at once. Clients told a registry may be insecure (skopeo and docker
 * with {@code --tls-verify=false}, or a loopback address) try HTTPS first and fall back to HTTP when the answer is
 * not TLS. Left to the HTTP decoder, the handshake's bytes are read as a malformed request line, logged as one, and
 * answered only once the decoder gives up; Go's servers, distribution among them, answer at the first byte, as this
 * does: a TLS record starts with 0x16, which no HTTP method does.
 */
@Component
final class PlainHttpOnly implements NettyServerCustomizer {
    private static final int TLS_HANDSHAKE = 0x16;
    private static final byte[] ANSWER = ("HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n"
            + "\r\nClient sent an HTTPS request to an HTTP server.\n").getBytes(StandardCharsets.US_ASCII);

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remote) ->
                channel.pipeline().addFirst("berth-plain-http-only", new FirstByte()));
    }

    /** Looks at the first byte of a connection, then steps out of the way. */
    private static final class FirstByte extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof ByteBuf bytes && bytes.isReadable()
                    && bytes.getUnsignedByte(bytes.readerIndex()) == TLS_HANDSHAKE) {
                bytes.release();
                context.writeAndFlush(Unpooled.wrappedBuffer(ANSWER)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            context.pipeline().remove(this);
            context.fireChannelRead(message);
        }
    }
}
