package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.job.Job;
import dev.mosaic.application.job.JobId;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobState;
import dev.mosaic.application.job.JobType;
import dev.mosaic.application.job.QueueStats;
import dev.mosaic.application.job.QueueUnavailable;
import dev.mosaic.application.job.Schedule;
import dev.mosaic.application.port.in.ManageJobsUseCase;
import dev.mosaic.application.port.out.JobQueue;
import dev.mosaic.application.port.out.Users;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Enqueues jobs of the known types (checking each payload against its type's schema first) and
 * gives admins the queues to watch and steer.
 */
public final class JobService implements ManageJobsUseCase {

    private final JobQueue queue;
    private final Users users;
    private final Map<String, JobType> types;
    private final Map<String, Schedule> schedules;

    public JobService(JobQueue queue, Users users, Collection<JobType> types, Collection<Schedule> schedules) {
        this.queue = Objects.requireNonNull(queue);
        this.users = Objects.requireNonNull(users);
        this.types = types.stream().collect(Collectors.toUnmodifiableMap(JobType::name, Function.identity()));
        this.schedules = schedules.stream().collect(Collectors.toUnmodifiableMap(Schedule::name, Function.identity()));
        schedules.forEach(s -> typeOf(s.job()));
    }

    /**
     * Enqueues a job; an unknown type or a payload that fails its schema is refused here, before
     * anything reaches the queue.
     *
     * @throws IllegalArgumentException for an unknown type or a payload that does not fit
     * @throws QueueUnavailable when the queue cannot be reached
     */
    public JobQueue.Enqueued enqueue(JobRequest request) {
        JobType type = typeOf(request);
        return queue.enqueue(type.queue(), request, type.maxAttempts());
    }

    /** The type of the request, its payload checked. */
    JobType typeOf(JobRequest request) {
        JobType type = types.get(request.type());
        if (type == null) {
            throw new IllegalArgumentException("unknown job type '" + request.type() + "'; known: " + types.keySet());
        }
        type.schema().problem(request.payload()).ifPresent(problem -> {
            throw new IllegalArgumentException("the payload of a " + type.name() + " job: " + problem);
        });
        return type;
    }

    @Override
    public Outcome<Page<Job>> list(UserId actor, JobState state, Optional<String> queueName, PageRequest page) {
        return asAdmin(actor, () -> new Outcome.Done<>(queue.list(state, queueName, page)));
    }

    @Override
    public Outcome<Job> job(UserId actor, JobId id) {
        return asAdmin(actor, () -> found(id));
    }

    @Override
    public Outcome<Job> retry(UserId actor, JobId id) {
        return asAdmin(actor, () -> switch (queue.retry(id)) {
            case DONE -> found(id);
            case NOT_FOUND -> new Outcome.Rejected<>(Rejection.notFound("job"));
            case NOT_ALLOWED -> new Outcome.Rejected<>(new Rejection(ErrorCode.JOB_STATE_CONFLICT, "job " + id + " is "
                    + queue.job(id).map(j -> j.state().wireName()).orElse("gone") + "; only failed or dead jobs are retried"));
        });
    }

    @Override
    public Outcome<Void> delete(UserId actor, JobId id) {
        return asAdmin(actor, () -> switch (queue.delete(id)) {
            case DONE -> new Outcome.Done<>(null);
            case NOT_FOUND -> new Outcome.Rejected<>(Rejection.notFound("job"));
            case NOT_ALLOWED -> new Outcome.Rejected<>(new Rejection(ErrorCode.JOB_STATE_CONFLICT, "job " + id
                    + " is running; delete it once it has finished"));
        });
    }

    @Override
    public Outcome<Void> pause(UserId actor, String queueName) {
        return asAdmin(actor, () -> {
            if (!isKnown(queueName)) {
                return new Outcome.Rejected<>(Rejection.notFound("queue"));
            }
            queue.pause(queueName);
            return new Outcome.Done<>(null);
        });
    }

    @Override
    public Outcome<Void> resume(UserId actor, String queueName) {
        return asAdmin(actor, () -> {
            if (!isKnown(queueName)) {
                return new Outcome.Rejected<>(Rejection.notFound("queue"));
            }
            queue.resume(queueName);
            return new Outcome.Done<>(null);
        });
    }

    @Override
    public Outcome<List<QueueStats>> queues(UserId actor) {
        return asAdmin(actor, () -> new Outcome.Done<>(queue.queues()));
    }

    @Override
    public Outcome<JobId> runSchedule(UserId actor, String name) {
        return asAdmin(actor, () -> {
            Schedule schedule = schedules.get(name);
            if (schedule == null) {
                return new Outcome.Rejected<>(Rejection.notFound("schedule"));
            }
            // A key of its own, so a manual run is never taken for a tick's job.
            return new Outcome.Done<>(enqueue(schedule.job().withIdempotencyKey("manual:" + name + ":" + UUID.randomUUID()))
                    .id());
        });
    }

    private Outcome<Job> found(JobId id) {
        return queue.job(id).<Outcome<Job>>map(Outcome.Done::new)
                .orElseGet(() -> new Outcome.Rejected<>(Rejection.notFound("job")));
    }

    /** Queues are named by the job types; an unknown name is refused rather than paused for nothing. */
    private boolean isKnown(String queueName) {
        return types.values().stream().anyMatch(t -> t.queue().equals(queueName));
    }

    private <T> Outcome<T> asAdmin(UserId actor, Supplier<Outcome<T>> action) {
        if (users.role(actor) != UserRole.ADMIN) {
            return new Outcome.Rejected<>(new Rejection(ErrorCode.FORBIDDEN, "only an admin can see and steer the jobs"));
        }
        try {
            return action.get();
        } catch (QueueUnavailable e) {
            return new Outcome.Rejected<>(new Rejection(ErrorCode.QUEUE_UNAVAILABLE, "the job queue cannot be reached; "
                    + "try again shortly"));
        }
    }
}
