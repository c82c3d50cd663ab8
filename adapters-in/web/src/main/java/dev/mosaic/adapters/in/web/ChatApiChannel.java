package dev.mosaic.adapters.in.web;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.channel.ChannelAdapter;
import dev.mosaic.application.channel.ChannelHealth;
import dev.mosaic.application.channel.Delivery;
import dev.mosaic.application.channel.Identity;
import dev.mosaic.application.port.in.AuthenticateUseCase;
import io.helidon.webserver.http.HttpService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A channel that speaks a provider's chat API over HTTP (see {@link ChatApis}): it takes requests
 * while started, and its health counts the answers under way.
 */
abstract class ChatApiChannel implements ChannelAdapter, HttpService {

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean started;

    /** Streams when the request asks ({@code "stream": true}); whole answers otherwise. */
    @Override
    public final Delivery delivery() {
        return Delivery.STREAMED;
    }

    @Override
    public final void start() {
        started = true;
    }

    @Override
    public final void stop() {
        started = false;
    }

    @Override
    public final ChannelHealth health() {
        return started
                ? new ChannelHealth(ChannelHealth.State.UP, inFlight.get(), inFlight.get() + " request(s) answering")
                : new ChannelHealth(ChannelHealth.State.DOWN, 0, "not accepting requests");
    }

    /** Who sends a request, by its token: nobody gets in while the channel is stopped. */
    final Identity sender(AuthenticateUseCase authenticate, String token) {
        if (!started) {
            return new Identity.Refused(new Rejection(ErrorCode.CHANNEL_UNAVAILABLE, "the gateway is not accepting requests now"));
        }
        return Identity.of(authenticate.authenticate(token));
    }

    /** Runs one answer, counted in the health while it runs. */
    final void answering(Runnable answer) {
        inFlight.incrementAndGet();
        try {
            answer.run();
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
