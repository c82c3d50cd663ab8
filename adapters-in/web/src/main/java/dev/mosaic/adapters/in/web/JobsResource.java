package dev.mosaic.adapters.in.web;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.job.JobId;
import dev.mosaic.application.job.JobState;
import dev.mosaic.application.port.in.ManageJobsUseCase;
import dev.mosaic.application.port.in.ManageJobsUseCase.Outcome;
import dev.mosaic.domain.user.UserId;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** {@code /api/admin}: the background jobs, their queues and schedules, for admins (docs/api.md). */
final class JobsResource implements HttpService {
    private final ManageJobsUseCase jobs;
    private final HttpJson http;

    JobsResource(ManageJobsUseCase jobs, HttpJson http) {
        this.jobs = jobs;
        this.http = http;
    }

    @Override
    public void routing(HttpRules routes) {
        routes.get("/jobs", this::list)
                .get("/jobs/{id}", (req, res) -> withJob(req, res, (actor, id) -> answer(res, jobs.job(actor, id),
                        Status.OK_200, job -> RestBodies.JobItem.of(job, true))))
                .post("/jobs/{id}/retry", (req, res) -> withJob(req, res, (actor, id) -> answer(res, jobs.retry(actor, id),
                        Status.OK_200, job -> RestBodies.JobItem.of(job, true))))
                .delete("/jobs/{id}", (req, res) -> withJob(req, res, (actor, id) -> answer(res, jobs.delete(actor, id),
                        Status.NO_CONTENT_204, null)))
                .get("/queues", (req, res) -> http.authenticated(req, res).ifPresent(actor -> answer(res,
                        jobs.queues(actor), Status.OK_200,
                        list -> new RestBodies.QueueList(list.stream().map(RestBodies.QueueItem::of).toList()))))
                .post("/queues/{name}/pause", (req, res) -> pause(req, res, true))
                .post("/queues/{name}/resume", (req, res) -> pause(req, res, false))
                .post("/schedules/{name}/run", (req, res) -> http.authenticated(req, res).ifPresent(actor -> {
                    String name = req.path().pathParameters().get("name");
                    answer(res, jobs.runSchedule(actor, name), Status.ACCEPTED_202,
                            id -> new RestBodies.ScheduleRun(name, id.toString()));
                }));
    }

    /** {@code ?state=} (default {@code failed}), {@code ?queue=}, {@code ?page=}, {@code ?pageSize=}. */
    private void list(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        if (actor.isEmpty()) {
            return;
        }
        String stateText = req.query().first("state").orElse(JobState.FAILED.wireName());
        Optional<JobState> state = JobState.fromWireName(stateText);
        if (state.isEmpty()) {
            http.error(res, Status.BAD_REQUEST_400, Rejection.invalid("state", "is one of " + Arrays.stream(JobState.values())
                    .map(JobState::wireName).toList() + ", not '" + stateText + "'"));
            return;
        }
        Optional<String> queue = req.query().first("queue").asOptional();
        http.page(req, res).ifPresent(page -> answer(res, jobs.list(actor.get(), state.get(), queue, page), Status.OK_200,
                list -> new RestBodies.JobList(RestBodies.Paging.of(list),
                        list.items().stream().map(job -> RestBodies.JobItem.of(job, false)).toList())));
    }

    private void pause(ServerRequest req, ServerResponse res, boolean pause) {
        http.authenticated(req, res).ifPresent(actor -> {
            String name = req.path().pathParameters().get("name");
            answer(res, pause ? jobs.pause(actor, name) : jobs.resume(actor, name), Status.OK_200,
                    done -> new RestBodies.QueuePaused(name, pause));
        });
    }

    private void withJob(ServerRequest req, ServerResponse res, BiFunction<UserId, JobId, Void> handler) {
        http.authenticated(req, res).ifPresent(actor -> {
            Optional<JobId> id = JobId.parse(req.path().pathParameters().get("id"));
            if (id.isEmpty()) {
                http.error(res, Status.NOT_FOUND_404, new Rejection(ErrorCode.NOT_FOUND, "job not found"));
                return;
            }
            handler.apply(actor, id.get());
        });
    }

    /** The value as the body ({@code body} null: no body), or the rejection with its status. */
    private <T> Void answer(ServerResponse res, Outcome<T> outcome, Status ok, Function<T, ?> body) {
        switch (outcome) {
            case Outcome.Done<T>(T value) -> {
                if (body == null) {
                    res.status(ok).send();
                } else {
                    http.send(res, ok, body.apply(value));
                }
            }
            case Outcome.Rejected<T>(Rejection why) -> http.error(res, HttpJson.statusOf(why), why);
        }
        return null;
    }
}
