package dev.mosaic.adapters.out.providers;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Builds the gateway's HTTP client, and from it one client per provider with its own dispatcher
 * and connection pool, so that a provider that fails or hangs holds only its own connections and
 * call slots.
 */
public final class ProviderHttpClients {

    /**
     * OkHttp queues asynchronous calls beyond 5 per host by default; a gateway streams many replies
     * from the same provider at once, and a queued call would look like a slow provider.
     */
    static final int MAX_CONCURRENT_CALLS = 4096;

    /**
     * Idle connections a provider's pool keeps (OkHttp's default is 5). Streams end all the time, and
     * each stream needs a connection of its own: with fewer kept, replies that start together open
     * new ones again and again.
     */
    static final int MAX_IDLE_CONNECTIONS = 64;

    private ProviderHttpClients() {}

    /**
     * A client whose streaming callbacks run on virtual threads, with no practical limit on
     * concurrent calls. Adapters derive their own timeouts from it with {@link OkHttpClient#newBuilder()},
     * which keeps its pool and dispatcher; {@link #isolated} gives a provider pools of its own.
     */
    public static OkHttpClient create() {
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher(MAX_CONCURRENT_CALLS))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * The {@code shared} client's settings with a dispatcher and connection pool of its own: one
     * provider's calls neither take another's call slots nor push its idle connections out of a
     * shared pool.
     *
     * @param maxCalls the most calls at once; more wait in this client's queue only
     */
    static OkHttpClient isolated(OkHttpClient shared, int maxCalls) {
        return shared.newBuilder()
                .dispatcher(dispatcher(maxCalls))
                .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                .build();
    }

    private static Dispatcher dispatcher(int maxCalls) {
        Dispatcher dispatcher = new Dispatcher(Executors.newVirtualThreadPerTaskExecutor());
        dispatcher.setMaxRequests(maxCalls);
        dispatcher.setMaxRequestsPerHost(maxCalls);
        return dispatcher;
    }
}
