package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.Page;
import dev.mosaic.application.catalog.ModelInfo;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.job.AttemptError;
import dev.mosaic.application.job.Job;
import dev.mosaic.application.job.JobState;
import dev.mosaic.application.job.QueueStats;
import dev.mosaic.application.port.in.LoginWithOAuthUseCase;
import dev.mosaic.application.view.ConversationSummary;
import dev.mosaic.application.view.ConversationTotals;
import dev.mosaic.application.view.ForgottenMemory;
import dev.mosaic.application.view.InsightHit;
import dev.mosaic.application.view.ProviderHealth;
import dev.mosaic.application.view.SearchHit;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.Preference;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The REST API's answers as docs/api.md shows them; errors are {@link WireFrames.Error}. Components are
 * written in the order declared, a null as {@code null} unless marked to be left out.
 */
final class RestBodies {
    private RestBodies() {}

    /** What every paged answer starts with. */
    record Paging(int page, int pageSize, long total, long pages) {
        static Paging of(Page<?> page) {
            return new Paging(page.request().page(), page.request().size(), page.total(), page.pages());
        }
    }

    record ConversationList(@JsonUnwrapped Paging paging, List<ConversationItem> conversations) {}

    record ConversationItem(String conversationId, String title, String createdAt, String lastActivity, long messages,
            boolean archived) {
        static ConversationItem of(ConversationSummary s) {
            return new ConversationItem(s.id().toString(), s.title(), s.createdAt().toString(),
                    s.lastActivity().toString(), s.messageCount(), s.archived());
        }
    }

    record SearchResults(@JsonUnwrapped Paging paging, List<SearchResult> results, String query) {}

    record SearchResult(String conversationId, String conversationTitle, String messageId, String role,
            String createdAt, String snippet, double rank) {
        static SearchResult of(SearchHit h) {
            return new SearchResult(h.conversationId().toString(), h.conversationTitle(), h.messageId().toString(),
                    WireFrames.lowerCase(h.role()), h.createdAt().toString(), h.snippet(), h.rank());
        }
    }

    record ConversationMessages(@JsonUnwrapped Paging paging, List<WireFrames.MessageBody> messages,
            String conversationId, String title, boolean replyInProgress) {}

    record ConversationRouting(String conversationId, List<RoutedReply> replies) {}

    record RoutedReply(String messageId, String createdAt, String provider, String model, JsonNode routing) {}

    record ConversationUpdated(String conversationId, boolean updated) {}

    record Rules(List<JsonNode> rules) {}

    record Agents(List<JsonNode> agents) {}

    record AgentVersions(String agentId, List<JsonNode> versions) {}

    record ConversationMetrics(String conversationId, long turns, Tokens tokens, BigDecimal costUsd, boolean costComplete,
            int modelSwitches, int agentSwitches, long toolCalls, long activeDurationMs) {
        static ConversationMetrics of(ConversationTotals t) {
            return new ConversationMetrics(t.conversation().toString(), t.turns(),
                    new Tokens(t.inputTokens(), t.outputTokens(), t.cachedInputTokens()), t.costUsd(), t.costComplete(),
                    t.modelSwitches(), t.agentSwitches(), t.toolCalls(), t.activeDuration().toMillis());
        }
    }

    record Tokens(long input, long output, long cached) {}

    record Providers(List<String> available, List<String> oauth, List<Credential> credentials) {}

    /** A stored credential: its masked hint, never the key; {@code expiresAt} only for an OAuth login. */
    record Credential(String provider, String kind, String label, String hint, String baseUrl, String createdAt,
            String updatedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String expiresAt) {
        static Credential of(ProviderCredential c) {
            return new Credential(c.provider(), c.kind().wireName(), c.label(), c.hint(),
                    c.baseUrl() == null ? null : c.baseUrl().toString(), c.createdAt().toString(),
                    c.updatedAt().toString(), c.expiresAt() == null ? null : c.expiresAt().toString());
        }
    }

    record OAuthStarted(String provider, String authorizationUrl, String redirectUri, String state, String expiresAt) {
        static OAuthStarted of(LoginWithOAuthUseCase.Started login) {
            return new OAuthStarted(login.provider(), login.authorizationUrl().toString(),
                    login.redirectUri().toString(), login.state(), login.expiresAt().toString());
        }
    }

    record ProvidersHealth(List<ProviderStatus> providers) {}

    record ProviderStatus(String provider, String status, long latencyMs, String circuit, String lastError,
            String checkedAt) {
        static ProviderStatus of(ProviderHealth health) {
            return new ProviderStatus(health.provider(), health.status().name(), health.latencyMillis(),
                    health.circuit(), health.lastError(),
                    health.checkedAt() == null ? null : health.checkedAt().toString());
        }
    }

    record Models(List<Model> models) {}

    record Tools(List<Tool> gateway, List<String> client) {}

    record Tool(String name, String description, JsonNode parameters) {}

    record Model(String provider, String id, String displayName, String tier, Integer contextWindow,
            Integer maxOutput, String source, List<String> capabilities, Prices pricePerMillionTokens) {
        static Model of(ModelInfo model) {
            return new Model(model.provider(), model.id(), model.displayName(), WireFrames.lowerCase(model.tier()),
                    model.contextWindow(), model.maxOutput(), WireFrames.lowerCase(model.source()),
                    model.capabilities().stream().map(WireFrames::lowerCase).toList(),
                    new Prices(model.prices().input(), model.prices().output(), model.prices().cachedInput()));
        }
    }

    record Prices(BigDecimal input, BigDecimal output, BigDecimal cachedInput) {}

    record JobList(@JsonUnwrapped Paging paging, List<JobItem> jobs) {}

    /** A job as the admin API shows it; {@code errors} only in the answer about one job. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JobItem(String id, String type, String queue, String state, int priority, int attempt, int maxAttempts,
            Map<String, String> payload, String userId, String idempotencyKey, String createdAt, String runAt,
            String finishedAt, List<JobError> errors) {
        static JobItem of(Job job, boolean withErrors) {
            return new JobItem(job.id().toString(), job.type(), job.queue(), job.state().wireName(), job.priority(),
                    job.attempt(), job.maxAttempts(), new TreeMap<>(job.payload()),
                    job.user().map(Object::toString).orElse(null), job.idempotencyKey(), text(job.createdAt()),
                    text(job.runAt()), text(job.finishedAt()),
                    withErrors ? job.errors().stream().map(JobError::of).toList() : null);
        }

        private static String text(Instant instant) {
            return instant == null ? null : instant.toString();
        }
    }

    record JobError(int attempt, String at, String message, String stack) {
        static JobError of(AttemptError e) {
            return new JobError(e.attempt(), e.at().toString(), e.message(), e.stack());
        }
    }

    record QueueList(List<QueueItem> queues) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record QueueItem(String name, boolean paused, Map<String, Long> counts, long completedLastMinute,
            String oldestWaiting) {
        static QueueItem of(QueueStats stats) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (JobState state : JobState.values()) {
                counts.put(state.wireName(), stats.counts().getOrDefault(state, 0L));
            }
            return new QueueItem(stats.name(), stats.paused(), counts, stats.completedLastMinute(),
                    stats.oldestWaiting() == null ? null : stats.oldestWaiting().toString());
        }
    }

    record QueuePaused(String queue, boolean paused) {}

    record ScheduleRun(String schedule, String jobId) {}
    record Preferences(List<PreferenceItem> preferences) {}

    record PreferenceItem(String key, String value, String updatedAt) {
        static PreferenceItem of(Preference p) {
            return new PreferenceItem(p.key(), p.value(), p.updatedAt().toString());
        }
    }

    record Insights(@JsonUnwrapped Paging paging, List<InsightItem> insights) {}

    /** An insight; where it came from is null for one told directly. */
    record InsightItem(String insightId, String text, String conversationId, String messageId, String createdAt,
            String lastUsedAt) {
        static InsightItem of(Insight i) {
            return new InsightItem(i.id().toString(), i.text(),
                    i.conversation() == null ? null : i.conversation().toString(),
                    i.message() == null ? null : i.message().toString(), i.createdAt().toString(),
                    i.lastUsedAt().toString());
        }
    }

    /**
     * @param model the embedding model whose vectors were searched
     * @param partial why some insights could not be searched; left out when all could
     */
    record MemorySearch(String query, String model, List<MemoryHit> results,
            @JsonInclude(JsonInclude.Include.NON_NULL) String partial) {}

    record MemoryHit(@JsonUnwrapped InsightItem insight, double similarity, double relevance) {
        static MemoryHit of(InsightHit hit) {
            return new MemoryHit(InsightItem.of(hit.insight()), hit.similarity(), hit.relevance());
        }
    }

    record Forgotten(int insights, int preferences) {
        static Forgotten of(ForgottenMemory forgotten) {
            return new Forgotten(forgotten.insights(), forgotten.preferences());
        }
    }
}

