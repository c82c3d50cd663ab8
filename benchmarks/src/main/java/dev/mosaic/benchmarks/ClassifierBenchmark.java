package dev.mosaic.benchmarks;

import dev.mosaic.domain.routing.Classification;
import dev.mosaic.domain.routing.TaskClassifier;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link TaskClassifier#classify} costs per message of 50 bytes, 2 KB and 32 KB, sampled one
 * call at a time so that JMH reports percentiles. Run with {@code ./mosaic bench-classifier [JMH
 * options]}, for example {@code -f 1 -i 3} for a shorter run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClassifierBenchmark {

    private static final String SHORT_QUESTION = "How do I reverse a list in Python without a copy?";
    private static final String ASK = "Here is what we know about the checkout failures. Can you summarize the likely "
            + "causes and suggest what to change first?\n\n";

    /** What people paste below an ask: prose, a stack trace, code, a data table. */
    private static final List<String> MATERIAL = List.of(
            "The order service accepts a cart, reserves stock in the warehouse service and charges the card through "
                    + "the payment provider. Reservations expire after fifteen minutes, and a nightly job releases the "
                    + "ones that were never confirmed.",
            "Since the last release, checkout fails for about one in fifty customers. The failures cluster around the "
                    + "hour when the nightly job runs, and the support team has opened 120 tickets this week.",
            "java.lang.IllegalStateException: reservation 7f3c already released\n"
                    + "    at com.shop.orders.ReservationService.confirm(ReservationService.java:88)\n"
                    + "    at com.shop.orders.CheckoutController.place(CheckoutController.java:41)\n"
                    + "    at java.base/java.lang.Thread.run(Thread.java:1583)",
            "```java\nOrder place(Cart cart) {\n    Reservation reservation = warehouse.reserve(cart.items());\n"
                    + "    payments.charge(cart.total());\n    return orders.save(Order.of(cart, reservation));\n}\n```",
            "We considered moving the release job to the warehouse service, or making the reservation's expiry part of "
                    + "the confirmation itself, so that a late confirmation renews it instead of failing.",
            "day,orders,failed\n2024-05-01,4210,61\n2024-05-02,4388,93\n2024-05-03,3975,88\n2024-05-04,4502,97",
            "Our constraints: the team is four engineers, the payment provider allows two retries per charge, and "
                    + "the warehouse service is owned by another team that releases every second Tuesday.");

    @Param({"50", "2048", "32768"})
    int bytes;

    private final TaskClassifier classifier = new TaskClassifier();
    private String message;

    @Setup
    public void prepare() {
        message = message(bytes);
    }

    @Benchmark
    public Classification classify() {
        return classifier.classify(message);
    }

    /**
     * A message of about {@code bytes} ASCII characters: a short question, or an ask followed by
     * material picked with a fixed seed.
     */
    static String message(int bytes) {
        if (bytes < ASK.length()) {
            return SHORT_QUESTION;
        }
        StringBuilder text = new StringBuilder(ASK);
        Random random = new Random(bytes);
        while (text.length() < bytes) {
            text.append(MATERIAL.get(random.nextInt(MATERIAL.size()))).append("\n\n");
        }
        return text.substring(0, text.lastIndexOf(" ", bytes));
    }

    public static void main(String[] args) throws Exception {
        String[] withBenchmark = Arrays.copyOf(args, args.length + 1);
        withBenchmark[args.length] = ClassifierBenchmark.class.getName();
        Main.main(withBenchmark);
    }
}
