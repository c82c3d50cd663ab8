package dev.mosaic.application.job;

import java.time.Instant;
import java.util.Map;

/**
 * @param counts jobs per state
 * @param completedLastMinute throughput: jobs completed in the last full minute and the current one
 * @param oldestWaiting when the job waiting longest became ready; null when none waits
 */
public record QueueStats(String name, boolean paused, Map<JobState, Long> counts, long completedLastMinute,
        Instant oldestWaiting) {
    public QueueStats {
        counts = Map.copyOf(counts);
    }
}
