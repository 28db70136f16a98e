package dev.integratedauth.workarounds.quarkus;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Bounds each answer on one connection to the RandomNumber API while it arrives: at most {@code maxBytes} of body (a
 * larger {@code Content-Length} fails at the head, before any of the body is read), and the whole body within
 * {@code bodyMillis} of its head. Past either limit the call fails with {@link UnreadableAnswerException} and the
 * connection is closed, so nothing more is read.
 * <p>
 * Why at the connection: the REST client buffers every body whole before the service sees it, error bodies included,
 * and Vert.x's read timeout is an idle timeout that each dripped byte restarts. Sits between Netty's HTTP codec and
 * Vert.x's handler, so it sees the decoded head and body chunks; one instance per connection (HTTP/1.1: one answer at a
 * time), always on the connection's event loop.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of Quarkus 3.33.2's REST client, which buffers every answer whole; upstream:
 * by design. No canary: keep while the client has no size limit.
 */
final class AnswerLimit extends ChannelInboundHandlerAdapter {

    static final String NAME = "integrated-auth-answer-limit";

    private final long maxBytes;
    private final long bodyMillis;
    private long received;
    private ScheduledFuture<?> bodyDeadline;
    private boolean failed;

    AnswerLimit(long maxBytes, long bodyMillis) {
        this.maxBytes = maxBytes;
        this.bodyMillis = bodyMillis;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse head) {
            received = 0;
            long declared = HttpUtil.getContentLength(head, -1L);
            if (declared > maxBytes) {
                ReferenceCountUtil.release(msg);
                fail(ctx, "a body of " + declared + " bytes (Content-Length), over the limit of " + maxBytes);
                return;
            }
            if (bodyMillis > 0 && !(msg instanceof LastHttpContent)) {
                bodyDeadline = ctx.executor().schedule(
                        () -> fail(ctx, "a body that was not whole within " + bodyMillis + " ms of its head"),
                        bodyMillis, TimeUnit.MILLISECONDS);
            }
        }
        if (msg instanceof HttpContent chunk) {
            received += chunk.content().readableBytes();
            if (received > maxBytes) {
                ReferenceCountUtil.release(msg);
                fail(ctx, "a body over the limit of " + maxBytes + " bytes");
                return;
            }
            if (msg instanceof LastHttpContent) {
                cancelDeadline();
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelDeadline();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelDeadline();
        ctx.fireChannelInactive();
    }

    private void fail(ChannelHandlerContext ctx, String what) {
        if (failed) {
            return;
        }
        failed = true;
        cancelDeadline();
        // Vert.x fails the answer under way with this, then the close ends the connection.
        ctx.fireExceptionCaught(new UnreadableAnswerException(what));
        ctx.close();
    }

    private void cancelDeadline() {
        if (bodyDeadline != null) {
            bodyDeadline.cancel(false);
            bodyDeadline = null;
        }
    }
}
