package dev.mosaic.application.service;

import dev.mosaic.application.job.Cadence;
import dev.mosaic.application.job.Job;
import dev.mosaic.application.job.JobHandler;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobType;
import dev.mosaic.application.job.PayloadSchema.Field;
import dev.mosaic.application.job.PayloadSchema.Kind;
import dev.mosaic.application.job.PayloadSchema;
import dev.mosaic.application.job.Schedule;
import dev.mosaic.application.port.in.ExtractInsightsUseCase;
import dev.mosaic.application.port.out.ConversationSummaries;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Summarizes conversations that went idle, one job per conversation, into the per-conversation
 * summary that memory reads. A scheduled sweep ({@code summarize-idle}) finds them; each
 * {@code summarize} job acts for the conversation's owner and asks the model that the owner's
 * routing picks for a summarization task (the seed rules: GLM-5), with the owner's own credentials
 * where they have them.
 */
public final class SummarizationJobs {
    private static final Logger LOG = Logger.getLogger(SummarizationJobs.class.getName());

    public static final String QUEUE = "summaries";
    public static final JobType SUMMARIZE = JobType.of("summarize", QUEUE, new PayloadSchema(Map.of(
            "user", Field.required(Kind.UUID),
            "conversation", Field.required(Kind.UUID),
            "activity", Field.required(Kind.INTEGER))))
            .withBackoff(Duration.ofSeconds(30)).withTimeout(Duration.ofMinutes(3));
    public static final JobType FIND_IDLE = JobType.of("summarize-idle", MaintenanceJobs.QUEUE, PayloadSchema.EMPTY);
    /** After a summary: what the conversation taught about its owner goes into their memory. */
    public static final JobType EXTRACT_INSIGHTS = JobType.of("extract-insights", QUEUE, new PayloadSchema(Map.of(
            "user", Field.required(Kind.UUID),
            "conversation", Field.required(Kind.UUID))))
            .withBackoff(Duration.ofSeconds(30)).withTimeout(Duration.ofMinutes(3));

    /** What routing classifies: the transcript itself would cost the classifier and could be taken for anything. */
    static final String ROUTING_TEXT = "Summarize this conversation.";
    static final String PROMPT = """
            You summarize a finished conversation between a user and an assistant so that it can be \
            remembered later. Write a few short paragraphs: what the user wanted, what was decided or \
            found, facts about the user and their work worth keeping, and anything left open. Write \
            only the summary.""";
    /** The newest part of a very long conversation is what a summary is about; older text is left out. */
    private static final int MAX_TRANSCRIPT_CHARS = 200_000;
    private static final int SWEEP_BATCH = 100;

    private final Conversations conversations;
    private final ConversationSummaries summaries;
    private final RoutingService router;
    private final Duration idleAfter;
    private final Clock clock;

    /** @param idleAfter how long a conversation must have been quiet to be summarized */
    public SummarizationJobs(Conversations conversations, ConversationSummaries summaries, RoutingService router,
            Duration idleAfter, Clock clock) {
        this.conversations = Objects.requireNonNull(conversations);
        this.summaries = Objects.requireNonNull(summaries);
        this.router = Objects.requireNonNull(router);
        this.idleAfter = Objects.requireNonNull(idleAfter);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * @param enqueue how the sweep enqueues the jobs it finds, and a summary the extraction that follows it
     * @param insights what extracts a conversation's insights into its owner's memory
     */
    public Map<JobType, JobHandler> handlers(Consumer<JobRequest> enqueue, ExtractInsightsUseCase insights) {
        return Map.of(FIND_IDLE, job -> sweep(enqueue), SUMMARIZE, job -> summarize(job, enqueue),
                EXTRACT_INSIGHTS, job -> extract(job, insights));
    }

    /** What the model routing picks for summaries answered, and which model that was. */
    public record Answer(String text, String provider, String model) {}

    /**
     * Asks the model routing picks for summaries, acting for {@code owner}: {@code instructions} as its
     * system prompt, {@code text} as the one message.
     *
     * @throws IllegalStateException when it fails or answers nothing, so that a job retries
     */
    public Answer ask(UserId owner, String instructions, String text) {
        RoutingService.Route route = router.decideAndConnect(owner, null, ROUTING_TEXT, text.length() / 4);
        Message request = new Message(MessageId.random(), ConversationId.random(), owner, Role.USER,
                List.of(new ContentBlock.Text(text)), MessageStatus.COMPLETE, null, clock.instant());
        ProviderReply reply = route.provider().stream(new ChatRequest(route.settings().model(), instructions,
                List.of(request), 0), event -> { }, new Cancellation());
        String answer = reply.content().stream().filter(b -> b instanceof ContentBlock.Text)
                .map(b -> ((ContentBlock.Text) b).text()).reduce("", String::concat).strip();
        if (reply.errorIfAny().isPresent() || answer.isEmpty()) {
            throw new IllegalStateException("the summarizer " + route.settings().provider() + "/" + route.settings().model()
                    + " failed: " + reply.errorIfAny().map(e -> e.message()).orElse("empty answer"));
        }
        return new Answer(answer, route.settings().provider(), route.settings().model());
    }

    public static Schedule sweepSchedule(String cadence) {
        return new Schedule("summarize-idle", Cadence.parse(cadence), JobRequest.of(FIND_IDLE.name(), Map.of()));
    }

    /** Enqueues one job per idle conversation; the key makes a second sweep before it ran a no-op. */
    void sweep(Consumer<JobRequest> enqueue) {
        for (ConversationSummaries.Idle idle : summaries.toSummarize(clock.instant().minus(idleAfter), SWEEP_BATCH)) {
            long activity = idle.activity().toEpochMilli();
            enqueue.accept(JobRequest.of(SUMMARIZE.name(), Map.of("user", idle.owner().toString(),
                            "conversation", idle.conversation().toString(), "activity", Long.toString(activity)))
                    .actingFor(idle.owner()).withIdempotencyKey("summarize:" + idle.conversation() + ":" + activity));
        }
    }

    void summarize(Job job, Consumer<JobRequest> enqueue) {
        UserId owner = new UserId(UUID.fromString(job.payload().get("user")));
        ConversationId id = new ConversationId(UUID.fromString(job.payload().get("conversation")));
        Optional<Conversation> conversation = conversations.find(owner, id);
        if (conversation.isEmpty()) {
            return; // deleted since the sweep found it
        }
        List<Message> messages = conversations.messages(owner, id).stream()
                .filter(m -> m.status() != MessageStatus.STREAMING && !m.text().isBlank()).toList();
        if (messages.isEmpty()) {
            return;
        }
        StringBuilder transcript = new StringBuilder();
        for (Message m : messages) {
            transcript.append(m.role().name().toLowerCase(Locale.ROOT)).append(": ").append(m.text()).append("\n\n");
        }
        String text = transcript.length() > MAX_TRANSCRIPT_CHARS
                ? transcript.substring(transcript.length() - MAX_TRANSCRIPT_CHARS) : transcript.toString();
        // Thrown when the model fails, so the job is retried with backoff and, in the end, dead with the error for admins.
        Answer summary = ask(owner, PROMPT, text);
        summaries.save(owner, new ConversationSummaries.Summary(id, summary.text(), messages.size(),
                Instant.ofEpochMilli(Long.parseLong(job.payload().get("activity"))), summary.provider(), summary.model(),
                clock.instant()));
        enqueue.accept(JobRequest.of(EXTRACT_INSIGHTS.name(), Map.of("user", owner.toString(), "conversation",
                id.toString())).actingFor(owner).withIdempotencyKey("extract-insights:" + id + ":"
                        + job.payload().get("activity")));
        LOG.fine(() -> "summarized conversation " + id + " (" + messages.size() + " messages)");
    }

    void extract(Job job, ExtractInsightsUseCase insights) {
        UserId owner = new UserId(UUID.fromString(job.payload().get("user")));
        ConversationId id = new ConversationId(UUID.fromString(job.payload().get("conversation")));
        ExtractInsightsUseCase.Extracted extracted = insights.extractInsights(owner, id);
        extracted.problem().ifPresent(problem -> {
            throw new IllegalStateException("insights of conversation " + id + " not extracted: " + problem);
        });
        LOG.fine(() -> "conversation " + id + ": " + extracted.saved().size() + " of " + extracted.proposed()
                + " facts remembered");
    }
}
