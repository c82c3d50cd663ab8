package dev.mosaic.benchmarks;

import dev.mosaic.simulator.ChunkObserver;
import java.util.Arrays;
import java.util.List;

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

    /** Nearest-rank percentile of nanosecond samples. */
    static double percentile(List<Long> samples, double percentile) {
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}
