package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.fakes.InMemoryAccounts;
import dev.mosaic.application.job.JobId;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobState;
import dev.mosaic.application.job.JobType;
import dev.mosaic.application.job.PayloadSchema;
import dev.mosaic.application.job.QueueUnavailable;
import dev.mosaic.application.port.in.ManageJobsUseCase.Outcome;
import dev.mosaic.application.port.out.JobQueue;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the job service refuses before anything reaches the queue, and how it answers admins when the queue is away. */
class JobServiceTest {
    private static final JobType TYPED = JobType.of("typed", "q", new PayloadSchema(Map.of(
            "n", PayloadSchema.Field.required(PayloadSchema.Kind.INTEGER))));

    private final List<String> calls = new ArrayList<>();
    /** A queue that records what it was asked and then finds its store away. */
    private final JobQueue unreachable = (JobQueue) Proxy.newProxyInstance(JobQueue.class.getClassLoader(),
            new Class<?>[] {JobQueue.class}, (proxy, method, args) -> {
                calls.add(method.getName());
                throw new QueueUnavailable("Redis cannot be reached", null);
            });
    private final InMemoryAccounts users = new InMemoryAccounts();
    private final JobService jobs = new JobService(unreachable, users, List.of(TYPED), List.of());

    private UserId user(UserRole role) {
        User user = new User(UserId.random(), "u-" + UserId.random(), Instant.now());
        users.create(user, role);
        return user.id();
    }

    @Test
    void anUnknownTypeOrABadPayloadIsRefusedBeforeTheQueueIsAsked() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> jobs.enqueue(JobRequest.of("nobody", Map.of())))
                .getMessage().contains("unknown job type 'nobody'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> jobs.enqueue(JobRequest.of("typed", Map.of("n", "x"))))
                .getMessage().contains("field 'n'"));
        assertEquals(List.of(), calls);
    }

    @Test
    void anUnreachableQueueIsAClearErrorToTheCallerAndToAdmins() {
        assertThrows(QueueUnavailable.class, () -> jobs.enqueue(JobRequest.of("typed", Map.of("n", "1"))));
        Outcome<?> listed = jobs.list(user(UserRole.ADMIN), JobState.FAILED, Optional.empty(), new PageRequest(1, 10));
        assertEquals(ErrorCode.QUEUE_UNAVAILABLE, ((Outcome.Rejected<?>) listed).rejection().code());
    }

    @Test
    void onlyAdminsAreServedAndTheQueueIsNotAskedForOthers() {
        UserId someone = user(UserRole.USER);
        calls.clear();
        for (Outcome<?> outcome : List.of(jobs.job(someone, JobId.random()), jobs.retry(someone, JobId.random()),
                jobs.delete(someone, JobId.random()), jobs.pause(someone, "q"), jobs.queues(someone),
                jobs.runSchedule(someone, "gc"))) {
            assertEquals(ErrorCode.FORBIDDEN, ((Outcome.Rejected<?>) outcome).rejection().code());
        }
        assertEquals(List.of(), calls);
        assertEquals(ErrorCode.NOT_FOUND, ((Outcome.Rejected<?>) jobs.pause(user(UserRole.ADMIN), "no-such-queue"))
                .rejection().code());
    }
}
