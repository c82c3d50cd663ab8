package dev.mosaic.simulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** Runs the simulator on its own: {@code SimulatorMain [--port N] [--token-delay-ms N] [--no-auth]}. */
public final class SimulatorMain {
    static final int DEFAULT_PORT = 9090;

    private SimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        SimulatorOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("simulator: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(usage());
            return;
        }
        ProviderSimulator simulator = ProviderSimulator.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        System.out.println("Mosaic provider simulator listening: OpenAI Chat Completions and Responses at "
                + simulator.baseUrl() + ", Anthropic Messages and Ollama at " + simulator.rootUrl());
        System.out.println("model " + ProviderSimulator.MODEL + ", " + options.tokenDelay().toMillis()
                + " ms per chunk; directives such as #sim:error-429 or #sim:hang are described in simulator/README.md");
        stopped.await();
    }

    /** Null when help was asked for. */
    static SimulatorOptions parse(String[] args) {
        SimulatorOptions options = SimulatorOptions.defaults().withPort(DEFAULT_PORT);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> options = options.withPort(number(args, ++i, "--port"));
                case "--token-delay-ms" -> options = options.withTokenDelay(Duration.ofMillis(number(args, ++i, "--token-delay-ms")));
                case "--no-auth" -> options = options.withoutAuth();
                case "-h", "--help" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        return options;
    }

    private static int number(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a number");
        }
        try {
            return Integer.parseInt(args[index]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + args[index] + "'");
        }
    }

    private static String usage() {
        return "usage: SimulatorMain [--port N (default " + DEFAULT_PORT + ", 0 for any)] [--token-delay-ms N (default "
                + SimulatorOptions.DEFAULT_TOKEN_DELAY.toMillis() + ")] [--no-auth]";
    }
}
