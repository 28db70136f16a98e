package dev.integratedauth.workarounds.quarkus;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AnswerLimit} on a channel of its own, fed what Netty's HTTP codec decodes. Covers what the local Azure's
 * WireMock cannot send (it always sends Content-Length): a chunked body that does not end.
 */
class AnswerLimitTest {

    private static final int LIMIT = 64 * 1024;

    /** What the handler after the limit (Vert.x's, in the service) receives. */
    private final List<Object> passedOn = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new AnswerLimit(LIMIT, 0),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    passedOn.add(msg);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    failures.add(cause);
                }
            });

    @Test
    void anEndlessChunkedBodyIsCutOnceItPassesTheLimitAndTheConnectionIsClosed() {
        channel.writeInbound(chunkedHead());
        List<ByteBuf> sent = new ArrayList<>();
        for (int i = 0; i < 1_000 && channel.isOpen(); i++) { // "endless": far more than the limit
            ByteBuf chunk = Unpooled.buffer(8 * 1024).writeZero(8 * 1024);
            sent.add(chunk);
            channel.writeInbound(new DefaultHttpContent(chunk));
        }

        assertFalse(channel.isOpen(), "closed");
        assertEquals(1, failures.size());
        assertInstanceOf(UnreadableAnswerException.class, failures.get(0));
        assertTrue(failures.get(0).getMessage().contains("over the limit of " + LIMIT + " bytes"));
        // The head and the 8 chunks up to the limit; the ninth (over it) was dropped, and nothing after.
        assertEquals(1 + LIMIT / (8 * 1024), passedOn.size());
        assertEquals(LIMIT / (8 * 1024) + 1, sent.size(), "no chunk was read after the close");
        assertEquals(0, sent.get(sent.size() - 1).refCnt(), "the chunk over the limit was released");
    }

    @Test
    void aDeclaredLengthOverTheLimitFailsAtTheHead() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, 30L * 1024 * 1024);

        channel.writeInbound(head);

        assertFalse(channel.isOpen());
        assertTrue(passedOn.isEmpty(), "not even the head was passed on");
        assertTrue(failures.get(0).getMessage().contains("31457280 bytes (Content-Length)"));
    }

    @Test
    void answersWithinTheLimitPassOneAfterAnotherOnOneConnection() {
        for (int answer = 0; answer < 3; answer++) { // the count starts again with each answer
            channel.writeInbound(chunkedHead());
            channel.writeInbound(new DefaultHttpContent(Unpooled.buffer(LIMIT).writeZero(LIMIT)));
            channel.writeInbound(new DefaultLastHttpContent());
        }

        assertTrue(channel.isOpen());
        assertTrue(failures.isEmpty());
        assertEquals(9, passedOn.size());
        channel.finishAndReleaseAll();
    }

    private static HttpResponse chunkedHead() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        return head;
    }
}
