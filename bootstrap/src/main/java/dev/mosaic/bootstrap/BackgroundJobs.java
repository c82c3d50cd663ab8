package dev.mosaic.bootstrap;

import dev.mosaic.adapters.out.redis.RedisJobQueue;
import dev.mosaic.adapters.out.redis.RedisNamespace;
import dev.mosaic.application.job.JobHandler;
import dev.mosaic.application.job.JobType;
import dev.mosaic.application.job.Schedule;
import dev.mosaic.application.port.in.ManageMemoryUseCase;
import dev.mosaic.application.service.ChatService;
import dev.mosaic.application.service.InsightExtractionService;
import dev.mosaic.application.service.JobScheduler;
import dev.mosaic.application.service.JobService;
import dev.mosaic.application.service.JobWorkers;
import dev.mosaic.application.service.MaintenanceJobs;
import dev.mosaic.application.service.InsightIndexJobs;
import dev.mosaic.application.service.MemoryJobs;
import dev.mosaic.application.service.RoutingService;
import dev.mosaic.application.service.SummarizationJobs;
import dev.mosaic.application.service.TierService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;

/**
 * The background jobs of one process: every job type with its handler, the schedules, the admin
 * service, and (when this process runs workers) the workers and the scheduler.
 */
final class BackgroundJobs {
    private static final Logger LOG = Logger.getLogger(BackgroundJobs.class.getName());
    private static final Duration SCHEDULER_CHECK = Duration.ofSeconds(1);
    /** A schedule set to this is not fired by this instance. */
    static final String OFF = "off";

    private final JobService service;
    private final AutoCloseable stop;

    private BackgroundJobs(JobService service, AutoCloseable stop) {
        this.service = service;
        this.stop = stop;
    }

    static BackgroundJobs start(GatewaySettings.Jobs settings, boolean runWorkers, UnifiedJedis redis,
            RedisNamespace namespace, Storage storage, ChatService chat, RoutingService router, ManageMemoryUseCase memory,
            MemoryJobs memoryJobs, InsightIndexJobs insightIndexJobs, Clock clock) {
        RedisJobQueue queue = new RedisJobQueue(redis, namespace, RedisJobQueue.Retention.DEFAULT);
        List<Schedule> schedules = new ArrayList<>();
        if (!settings.gcSchedule().equals(OFF)) {
            schedules.add(MaintenanceJobs.gcSchedule(settings.gcSchedule()));
        }
        if (!settings.summarizeSchedule().equals(OFF)) {
            schedules.add(SummarizationJobs.sweepSchedule(settings.summarizeSchedule()));
        }
        if (!settings.tierSchedule().equals(OFF)) {
            schedules.add(MaintenanceJobs.tierSchedule(settings.tierSchedule()));
        }
        if (!settings.reembedSchedule().equals(OFF)) {
            schedules.add(MemoryJobs.reembedSchedule(settings.reembedSchedule()));
        }
        if (!settings.decaySchedule().equals(OFF)) {
            schedules.add(MemoryJobs.decaySchedule(settings.decaySchedule()));
        }
        if (!settings.insightIndexSchedule().equals(OFF)) {
            schedules.add(InsightIndexJobs.schedule(settings.insightIndexSchedule()));
        }
        JobService service = new JobService(queue, storage.users(), List.of(MaintenanceJobs.GC, MaintenanceJobs.TIER,
                SummarizationJobs.FIND_IDLE, SummarizationJobs.SUMMARIZE, SummarizationJobs.EXTRACT_INSIGHTS,
                MemoryJobs.REEMBED_SWEEP, MemoryJobs.REEMBED, MemoryJobs.DECAY, InsightIndexJobs.SWEEP), schedules);
        TierService tier = new TierService(storage.archive(), new TierService.Settings(settings.archiveAfter(),
                settings.logRetention(), settings.messageRetention(), settings.tierBatch()), clock);
        Map<JobType, JobHandler> handlers = new HashMap<>(MaintenanceJobs.handlers(chat, tier));
        SummarizationJobs summarization = new SummarizationJobs(storage.conversations(), storage.conversationSummaries(),
                router, settings.summarizeIdleAfter(), clock);
        handlers.putAll(summarization.handlers(service::enqueue, new InsightExtractionService(storage.conversations(),
                memory, (actor, instructions, transcript) -> summarization.ask(actor, instructions, transcript).text())));
        handlers.putAll(memoryJobs.handlers(service::enqueue));
        handlers.putAll(insightIndexJobs.handlers());
        if (!runWorkers) {
            return new BackgroundJobs(service, () -> { });
        }
        if (!settings.reembedSchedule().equals(OFF)) {
            // A change of model shows at start, so its sweep runs then, even when another instance fired
            // the schedule's latest tick before the change.
            try {
                service.enqueue(MemoryJobs.sweepNow());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the re-embedding sweep was not enqueued at start; the schedule runs it", e);
            }
        }
        JobWorkers workers = new JobWorkers(queue, storage.jobLog(), handlers, new JobWorkers.Settings(settings.visibilityTimeout(),
                JobWorkers.Settings.DEFAULT.idlePoll(), JobWorkers.Settings.DEFAULT.maxBackoff(),
                JobWorkers.Settings.DEFAULT.shutdownGrace()), clock);
        handlers.keySet().stream().map(JobType::queue).distinct().forEach(name -> workers.serve(name,
                name.equals(MemoryJobs.QUEUE) ? MemoryJobs.CONCURRENCY : settings.concurrency()));
        JobScheduler scheduler = new JobScheduler(queue, service, schedules, clock, SCHEDULER_CHECK).start();
        return new BackgroundJobs(service, () -> {
            scheduler.close();
            workers.close();
        });
    }

    JobService service() {
        return service;
    }

    /** Stops the scheduler, then the workers: running jobs finish or go back to their queue. */
    AutoCloseable stopper() {
        return stop;
    }
}
