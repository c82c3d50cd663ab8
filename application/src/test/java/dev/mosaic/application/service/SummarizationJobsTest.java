package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.catalog.ModelInfo;
import dev.mosaic.application.catalog.Prices;
import dev.mosaic.application.catalog.Tier;
import dev.mosaic.application.fakes.InMemoryConversationSummaries;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.fakes.Routers;
import dev.mosaic.application.fakes.ScriptedProvider;
import dev.mosaic.application.job.Job;
import dev.mosaic.application.job.JobHandler;
import dev.mosaic.application.job.JobId;
import dev.mosaic.application.job.JobRequest;
import dev.mosaic.application.job.JobState;
import dev.mosaic.application.job.JobType;
import dev.mosaic.application.port.in.ExtractInsightsUseCase;
import dev.mosaic.application.port.out.ConversationSummaries;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SummarizationJobsTest {
    private static final RouteTarget SUMMARIZER = new RouteTarget("fake", "fake-1");

    private final InMemoryConversations conversations = new InMemoryConversations();
    private final InMemoryConversationSummaries summaries = new InMemoryConversationSummaries();
    private final ScriptedProvider provider = new ScriptedProvider("fake", (request, listener, cancellation) ->
            new ProviderReply(List.of(new ContentBlock.Text("They planned a trip.")), StopReason.END_TURN, Usage.NONE, null,
                    null));
    private final ModelCatalogService catalog = new ModelCatalogService(List.of(new ModelInfo("fake", "fake-1", null,
            Tier.STANDARD, 100_000, null, Set.of(), Prices.perMillion("2", "10", null), ModelInfo.Source.SEED)));
    private final SummarizationJobs jobs = new SummarizationJobs(conversations, summaries,
            Routers.answeringWith(List.of(provider), SUMMARIZER, catalog, ""), Duration.ofMinutes(30), Clock.systemUTC());
    private final UserId alice = UserId.random();

    private Conversation chatted() {
        Conversation conversation = Conversation.start(alice, "a trip", Instant.now());
        conversations.create(alice, conversation);
        conversations.append(alice, Message.fromUser(conversation, "Where should we go in May?", Instant.now()));
        conversations.append(alice, Message.fromUser(conversation, "Somewhere warm, by train.", Instant.now()));
        return conversation;
    }

    private Job job(Conversation conversation) {
        List<JobRequest> enqueued = new ArrayList<>();
        summaries.idle(List.of(new ConversationSummaries.Idle(alice, conversation.id(), Instant.ofEpochMilli(1_000))));
        jobs.sweep(enqueued::add);
        JobRequest request = enqueued.getFirst();
        return new Job(JobId.random(), request.type(), SummarizationJobs.QUEUE, request.payload(), request.priority(),
                JobState.ACTIVE, 1, 3, Instant.now(), Instant.now(), null, request.idempotencyKey(), request.user(), List.of());
    }

    @Test
    void theSweepEnqueuesOneJobPerIdleConversationActingForItsOwner() {
        Conversation conversation = chatted();
        Job job = job(conversation);
        assertEquals("summarize", job.type());
        assertEquals(Optional.of(alice), job.user());
        assertEquals("summarize:" + conversation.id() + ":1000", job.idempotencyKey());
        assertEquals(Optional.empty(), SummarizationJobs.SUMMARIZE.schema().problem(job.payload()));
    }

    @Test
    void anIdleConversationIsSummarizedByTheRoutedModelAndItsInsightsExtractedNext() {
        Conversation conversation = chatted();
        List<JobRequest> next = new ArrayList<>();
        jobs.summarize(job(conversation), next::add);

        assertEquals(1, next.size(), "the extraction of insights follows");
        assertEquals("extract-insights", next.getFirst().type());
        assertEquals(Optional.of(alice), next.getFirst().user());
        assertEquals(Optional.empty(), SummarizationJobs.EXTRACT_INSIGHTS.schema().problem(next.getFirst().payload()));

        ConversationSummaries.Summary summary = summaries.find(alice, conversation.id()).orElseThrow();
        assertEquals("They planned a trip.", summary.text());
        assertEquals(2, summary.messagesCovered());
        assertEquals(Instant.ofEpochMilli(1_000), summary.activity());
        assertEquals("fake-1", summary.model());
        var request = provider.requests().getFirst();
        assertEquals("fake-1", request.model());
        assertEquals(SummarizationJobs.PROMPT, request.systemPrompt());
        assertTrue(request.messages().getFirst().text().contains("user: Somewhere warm, by train."));
    }

    @Test
    void aFailingSummarizerFailsTheAttemptSoItIsRetried() {
        Conversation conversation = chatted();
        provider.script((request, listener, cancellation) -> ProviderReply.failed(List.of(), Usage.NONE, "fake-1",
                ProviderError.of(ProviderError.Kind.UNAVAILABLE, "server_error")));
        Job job = job(conversation);
        assertTrue(assertThrows(IllegalStateException.class, () -> jobs.summarize(job, request -> { }))
                .getMessage().contains("server_error"));
        assertTrue(summaries.find(alice, conversation.id()).isEmpty());
    }

    @Test
    void anExtractionThatCannotSaveFailsTheAttemptSoItIsRetried() {
        Job job = new Job(JobId.random(), "extract-insights", SummarizationJobs.QUEUE, Map.of("user", alice.toString(),
                "conversation", ConversationId.random().toString()), 0, JobState.ACTIVE, 1, 3, Instant.now(), Instant.now(),
                null, null, Optional.of(alice), List.of());
        List<UserId> asked = new ArrayList<>();
        Map<JobType, JobHandler> handlers = jobs.handlers(request -> { }, (actor, id) -> {
            asked.add(actor);
            return new ExtractInsightsUseCase.Extracted(2, List.of(), Optional.of("embedding unavailable"));
        });

        assertThrows(IllegalStateException.class, () -> handlers.get(SummarizationJobs.EXTRACT_INSIGHTS).handle(job));
        assertEquals(List.of(alice), asked, "it acts for the conversation's owner");
    }

    @Test
    void aConversationDeletedSinceTheSweepIsLeftAlone() {
        Conversation conversation = chatted();
        Job job = job(conversation);
        conversations.delete(alice, conversation.id());
        jobs.summarize(job, request -> {
            throw new AssertionError("nothing follows a conversation that is gone");
        });
        assertTrue(summaries.find(alice, conversation.id()).isEmpty());
        assertTrue(provider.requests().isEmpty());
    }
}
