package dev.mosaic.adapters.in.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.credential.CredentialKind;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.view.ConversationSummary;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** REST answers as docs/api.md shows them: paging first; a credential's baseUrl null and expiresAt left out when absent. */
class RestBodiesTest {
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    private final ServerFrames frames = new ServerFrames(WebJson.mapper());

    @Test
    void pagedListStartsWithItsPaging() {
        ConversationSummary summary = new ConversationSummary(
                new ConversationId(UUID.fromString("00000000-0000-0000-0000-00000000000c")), "t", AT, AT, 2, false);
        Page<ConversationSummary> page = new Page<>(List.of(summary), new PageRequest(1, 20), 1);
        assertEquals("{\"page\":1,\"pageSize\":20,\"total\":1,\"pages\":1,\"conversations\":[{\"conversationId\":"
                + "\"00000000-0000-0000-0000-00000000000c\",\"title\":\"t\",\"createdAt\":\"2026-01-02T03:04:05Z\","
                + "\"lastActivity\":\"2026-01-02T03:04:05Z\",\"messages\":2,\"archived\":false}]}",
                frames.write(new RestBodies.ConversationList(RestBodies.Paging.of(page),
                        page.items().stream().map(RestBodies.ConversationItem::of).toList())));
    }

    @Test
    void credentialWithoutBaseUrlOrExpiry() {
        ProviderCredential key = new ProviderCredential(UserId.random(), "openai", CredentialKind.API_KEY, "work",
                "sk-…abcd", null, AT, AT, null);
        assertEquals("{\"provider\":\"openai\",\"kind\":\"" + CredentialKind.API_KEY.wireName() + "\",\"label\":\"work\","
                + "\"hint\":\"sk-…abcd\",\"baseUrl\":null,\"createdAt\":\"2026-01-02T03:04:05Z\","
                + "\"updatedAt\":\"2026-01-02T03:04:05Z\"}", frames.write(RestBodies.Credential.of(key)));
    }
}
