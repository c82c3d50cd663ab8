package dev.mosaic.adapters.in.web;

import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's own metrics (names in docs/configuration.md), which Helidon's metrics observer
 * serves at {@code /metrics}. Replies are counted here, in the adapter that relays them, so the
 * application core knows nothing of metrics.
 *
 * <p>Helidon keeps one registry per process (each new one wraps the same Micrometer registry), so
 * counts are the process's: one gateway in production, several one after another in tests.
 */
final class GatewayMetrics {
    /** From a quick first token to a long reasoning answer. */
    private static final Duration[] REPLY_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
            Duration.ofSeconds(300)};

    /** Of the process, as the registry is. */
    private static final AtomicInteger OPEN_SOCKETS = new AtomicInteger();

    private final MeterRegistry registry = Metrics.globalRegistry();
    private final List<Meter> gauges = new ArrayList<>();
    private final Map<List<String>, Meter> meters = new ConcurrentHashMap<>();

    GatewayMetrics(List<MetricGauge> sources) {
        registry.getOrCreate(Gauge.builder("mosaic.websockets.open", OPEN_SOCKETS::get)
                .description("chat WebSocket connections open now"));
        for (MetricGauge source : sources) {
            gauges.add(registry.getOrCreate(Gauge.builder(source.name(), source.value()::getAsDouble)
                    .description(source.description())
                    .tags(source.tags().entrySet().stream().map(tag -> Tag.create(tag.getKey(), tag.getValue())).toList())));
        }
    }

    MeterRegistry registry() {
        return registry;
    }

    /** Stops serving this server's gauges when it stops: what they read closes with it. */
    HttpFeature closedWithServer() {
        return new HttpFeature() {
            @Override
            public void setup(HttpRouting.Builder routing) {
                // nothing to route
            }

            @Override
            public void afterStop() {
                gauges.forEach(registry::remove);
            }
        };
    }

    void socketOpened() {
        OPEN_SOCKETS.incrementAndGet();
    }

    void socketClosed() {
        OPEN_SOCKETS.decrementAndGet();
    }

    /** A reply that was stored, complete or partial, whether or not its client was still there. */
    void replied(Message reply) {
        Generation generation = reply.generation();
        String provider = generation.provider();
        String model = generation.model();
        String status = reply.status().name().toLowerCase(Locale.ROOT);
        this.<Counter>meter(List.of("replies", provider, model, status), () -> Counter.builder("mosaic.replies")
                .description("replies stored, by how they ended").tags(tags(provider, model))
                .addTag(Tag.create("status", status))).increment();
        tokens(provider, model, "input", generation.usage().inputTokens());
        tokens(provider, model, "output", generation.usage().outputTokens());
        tokens(provider, model, "cached_input", generation.usage().cachedInputTokens());
        if (generation.timeToFirstToken() != null) {
            this.<Timer>meter(List.of("ttft", provider, model), () -> Timer.builder("mosaic.reply.time.to.first.token")
                    .buckets(REPLY_BUCKETS).description("from the request to the provider to the first token of its reply")
                    .tags(tags(provider, model))).record(generation.timeToFirstToken());
        }
        if (generation.duration() != null) {
            this.<Timer>meter(List.of("duration", provider, model), () -> Timer.builder("mosaic.reply.duration")
                    .buckets(REPLY_BUCKETS).description("from the request to the provider to the end of its reply")
                    .tags(tags(provider, model))).record(generation.duration());
        }
        if (generation.costUsd() != null) {
            this.<DistributionSummary>meter(List.of("cost", provider, model), () -> DistributionSummary
                    .builder("mosaic.reply.cost").baseUnit("usd").description("what replies cost at the models' list prices")
                    .tags(tags(provider, model))).record(generation.costUsd().doubleValue());
        }
        generation.errorIfAny().ifPresent(error -> error(error.code()));
    }

    /** An error a client was sent: an HTTP answer, an error frame, or the error of a partial reply. */
    void error(String code) {
        this.<Counter>meter(List.of("errors", code), () -> Counter.builder("mosaic.errors")
                .description("errors sent to clients, by code").tags(List.of(Tag.create("code", code)))).increment();
    }

    private void tokens(String provider, String model, String kind, long count) {
        this.<Counter>meter(List.of("tokens", provider, model, kind), () -> Counter.builder("mosaic.tokens")
                .description("tokens of stored replies, as the provider counted them").tags(tags(provider, model))
                .addTag(Tag.create("kind", kind))).increment(count);
    }

    private static List<Tag> tags(String provider, String model) {
        return List.of(Tag.create("provider", provider), Tag.create("model", model));
    }

    /**
     * The meter of that key, made once: building one and looking it up in the registry costs more
     * than the rest of a reply's metrics together.
     */
    @SuppressWarnings("unchecked")
    private <M extends Meter> M meter(List<String> key, Supplier<Meter.Builder<?, ?>> builder) {
        return (M) meters.computeIfAbsent(key, k -> registry.getOrCreate((Meter.Builder) builder.get()));
    }
}
