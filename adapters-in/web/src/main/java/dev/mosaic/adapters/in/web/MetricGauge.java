package dev.mosaic.adapters.in.web;

import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * A value another part of the gateway knows (say, the database pool's connections in use), served
 * with the gateway's own metrics; it is read at every scrape.
 *
 * @param name dotted, as Micrometer names meters ({@code mosaic.db.pool.connections})
 * @param tags labels that tell this series from others of the same name
 */
public record MetricGauge(String name, String description, Map<String, String> tags, DoubleSupplier value) {
    public MetricGauge {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        tags = Map.copyOf(tags);
        Objects.requireNonNull(value, "value");
    }
}
