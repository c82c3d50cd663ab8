package dev.mosaic.benchmarks;

import dev.mosaic.simulator.ChunkObserver;
import dev.mosaic.simulator.Reply;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * When the simulator wrote each chunk of the reply in flight, by chunk index: the benchmarks compare
 * these with the times the chunks arrive, in the same JVM and on the same clock.
 */
final class ChunkSendTimes implements ChunkObserver {
    private volatile long[] times = new long[0];

    void expect(int chunks) {
        long[] fresh = new long[chunks];
        Arrays.fill(fresh, -1);
        times = fresh;
    }

    @Override
    public void beforeChunk(long requestSequence, int chunkIndex, long nanoTime) {
        long[] current = times;
        if (chunkIndex < current.length) {
            current[chunkIndex] = nanoTime;
        }
    }

    long at(int index) {
        return times[index];
    }

    /** A text reply of {@code chunks} chunks "w0 ", "w1 ", …, so that a reader can tell which chunk a line carries. */
    static Reply reply(int chunks) {
        return Reply.text(Stream.iterate(0, i -> i + 1).limit(chunks).map(i -> "w" + i + " ").toArray(String[]::new));
    }

    /** Whether a line of a {@link #reply}'s stream, in any of the simulator's protocols, carries chunk {@code index}. */
    static boolean carries(String line, int index) {
        return line.contains("\"w" + index + " \"");
    }

    /** Nearest-rank percentile of nanosecond samples. */
    static double percentile(List<Long> samples, double percentile) {
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}
