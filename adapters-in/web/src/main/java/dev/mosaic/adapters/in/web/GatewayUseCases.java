package dev.mosaic.adapters.in.web;

import dev.mosaic.application.port.in.AbortReplyUseCase;
import dev.mosaic.application.port.in.AuthenticateUseCase;
import dev.mosaic.application.port.in.ContinueConversationUseCase;
import dev.mosaic.application.port.in.ConversationMetricsQuery;
import dev.mosaic.application.port.in.ConversationRoutingQuery;
import dev.mosaic.application.port.in.ExecuteCommandUseCase;
import dev.mosaic.application.port.in.ExplainRoutingQuery;
import dev.mosaic.application.port.in.GetConversationQuery;
import dev.mosaic.application.port.in.ListConversationsQuery;
import dev.mosaic.application.port.in.ListModelsQuery;
import dev.mosaic.application.port.in.ListToolsQuery;
import dev.mosaic.application.port.in.LoginWithOAuthUseCase;
import dev.mosaic.application.port.in.ManageAgentsUseCase;
import dev.mosaic.application.port.in.ManageConversationUseCase;
import dev.mosaic.application.port.in.ManageCredentialsUseCase;
import dev.mosaic.application.port.in.ManageJobsUseCase;
import dev.mosaic.application.port.in.ManageMemoryUseCase;
import dev.mosaic.application.port.in.ManageRoutingRulesUseCase;
import dev.mosaic.application.port.in.ProviderHealthQuery;
import dev.mosaic.application.port.in.RepeatedRequestsUseCase;
import dev.mosaic.application.port.in.RequestedModelQuery;
import dev.mosaic.application.port.in.SearchMessagesQuery;
import dev.mosaic.application.port.in.SendMessageUseCase;
import dev.mosaic.application.port.in.WatchConversationUseCase;
import java.util.Objects;

/** The inbound ports this adapter drives. */
public record GatewayUseCases(
        AuthenticateUseCase authenticate,
        SendMessageUseCase sendMessage,
        AbortReplyUseCase abortReply,
        GetConversationQuery getConversation,
        ExecuteCommandUseCase executeCommand,
        ListConversationsQuery listConversations,
        SearchMessagesQuery searchMessages,
        ManageConversationUseCase manageConversation,
        ProviderHealthQuery providerHealth,
        ManageCredentialsUseCase manageCredentials,
        LoginWithOAuthUseCase loginWithOAuth,
        ListModelsQuery listModels,
        ManageRoutingRulesUseCase manageRoutingRules,
        ExplainRoutingQuery explainRouting,
        ConversationRoutingQuery conversationRouting,
        ConversationMetricsQuery conversationMetrics,
        ManageAgentsUseCase manageAgents,
        ListToolsQuery listTools,
        ManageJobsUseCase manageJobs,
        ManageMemoryUseCase manageMemory,
        WatchConversationUseCase watchConversation,
        RequestedModelQuery requestedModel,
        ContinueConversationUseCase continueConversation,
        RepeatedRequestsUseCase repeatedRequests) {

    public GatewayUseCases {
        Objects.requireNonNull(authenticate);
        Objects.requireNonNull(sendMessage);
        Objects.requireNonNull(abortReply);
        Objects.requireNonNull(getConversation);
        Objects.requireNonNull(executeCommand);
        Objects.requireNonNull(listConversations);
        Objects.requireNonNull(searchMessages);
        Objects.requireNonNull(manageConversation);
        Objects.requireNonNull(providerHealth);
        Objects.requireNonNull(manageCredentials);
        Objects.requireNonNull(loginWithOAuth);
        Objects.requireNonNull(listModels);
        Objects.requireNonNull(manageRoutingRules);
        Objects.requireNonNull(explainRouting);
        Objects.requireNonNull(conversationRouting);
        Objects.requireNonNull(conversationMetrics);
        Objects.requireNonNull(manageAgents);
        Objects.requireNonNull(listTools);
        Objects.requireNonNull(manageJobs);
        Objects.requireNonNull(manageMemory);
        Objects.requireNonNull(watchConversation);
        Objects.requireNonNull(requestedModel);
        Objects.requireNonNull(continueConversation);
        Objects.requireNonNull(repeatedRequests);
    }
}
