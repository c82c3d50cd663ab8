package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.ProviderCircuits;
import dev.mosaic.application.port.out.provider.ProviderError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link ProviderCircuits} that records what it was told; a test sets the state it reports. */
public final class RecordingCircuits implements ProviderCircuits {
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final Map<String, State> states = new ConcurrentHashMap<>();

    @Override
    public void recordSuccess(String provider, Duration latency) {
        outcomes.add(provider + ":ok");
    }

    @Override
    public void recordFailure(String provider, Duration latency, ProviderError.Kind kind) {
        outcomes.add(provider + ":" + kind);
    }

    @Override
    public State state(String provider) {
        return states.getOrDefault(provider, State.CLOSED);
    }

    public void set(String provider, State state) {
        states.put(provider, state);
    }

    public List<String> outcomes() {
        return List.copyOf(outcomes);
    }
}
