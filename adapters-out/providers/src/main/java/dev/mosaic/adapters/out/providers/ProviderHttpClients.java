package dev.mosaic.adapters.out.providers;

import java.time.Duration;
import java.util.concurrent.Executors;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** Builds the HTTP client that provider adapters share (one connection pool for the whole gateway). */
public final class ProviderHttpClients {

    /**
     * OkHttp queues asynchronous calls beyond 5 per host by default; a gateway streams many replies
     * from the same provider at once, and a queued call would look like a slow provider.
     */
    static final int MAX_CONCURRENT_CALLS = 4096;

    private ProviderHttpClients() {}

    /**
     * A client whose streaming callbacks run on virtual threads, with no practical limit on
     * concurrent calls. Adapters derive their own timeouts from it with {@link OkHttpClient#newBuilder()},
     * which keeps the shared pool.
     */
    public static OkHttpClient create() {
        Dispatcher dispatcher = new Dispatcher(Executors.newVirtualThreadPerTaskExecutor());
        dispatcher.setMaxRequests(MAX_CONCURRENT_CALLS);
        dispatcher.setMaxRequestsPerHost(MAX_CONCURRENT_CALLS);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }
}
