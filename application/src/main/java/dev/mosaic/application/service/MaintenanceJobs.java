package dev.mosaic.application.service;

import dev.mosaic.application.job.Cadence;
import dev.mosaic.application.job.JobHandler;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobType;
import dev.mosaic.application.job.PayloadSchema;
import dev.mosaic.application.job.Schedule;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The gateway's own upkeep, as scheduled jobs on the {@code maintenance} queue.
 *
 * <p>Garbage collection settles replies whose writer died (they would stay "streaming" forever).
 * Reply leases and abandoned OAuth logins are Redis keys that expire by themselves, and expired
 * tokens are refused when used and kept for the owner's token list, so none of them needs a sweep.
 * Tier management ({@link TierService}) moves old messages and log rows to the archive.
 */
public final class MaintenanceJobs {
    private static final Logger LOG = Logger.getLogger(MaintenanceJobs.class.getName());

    public static final String QUEUE = "maintenance";
    public static final JobType GC = JobType.of("gc", QUEUE, PayloadSchema.EMPTY).withTimeout(Duration.ofMinutes(5));
    /** A run is bounded by its batch; the timeout only stops one stuck on the database. */
    public static final JobType TIER = JobType.of("tier", QUEUE, PayloadSchema.EMPTY).withTimeout(Duration.ofMinutes(30));

    private MaintenanceJobs() {}

    public static Map<JobType, JobHandler> handlers(ChatService chat, TierService tier) {
        return Map.of(GC, job -> {
            int settled = chat.settleAbandoned();
            LOG.fine(() -> "gc: settled the abandoned replies of " + settled + " conversation(s)");
        }, TIER, job -> tier.run());
    }

    /** @param gc when garbage collection runs, as {@link Cadence#parse} reads it */
    public static Schedule gcSchedule(String gc) {
        return new Schedule("gc", Cadence.parse(gc), JobRequest.of(GC.name(), Map.of()));
    }

    /** @param tier when tier management runs, as {@link Cadence#parse} reads it */
    public static Schedule tierSchedule(String tier) {
        return new Schedule("tier", Cadence.parse(tier), JobRequest.of(TIER.name(), Map.of()));
    }
}
