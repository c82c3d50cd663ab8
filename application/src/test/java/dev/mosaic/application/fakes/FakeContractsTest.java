package dev.mosaic.application.fakes;

import dev.mosaic.application.contract.AbortSignalsContract;
import dev.mosaic.application.contract.AccountsContract;
import dev.mosaic.application.contract.AgentsContract;
import dev.mosaic.application.contract.ConversationMetricsContract;
import dev.mosaic.application.contract.CheckpointsContract;
import dev.mosaic.application.contract.ConversationsContract;
import dev.mosaic.application.contract.ReplyLeasesContract;
import dev.mosaic.application.contract.RoutingRulesContract;
import dev.mosaic.application.port.out.AbortSignals;
import dev.mosaic.application.port.out.ApiTokens;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.port.out.ReplyLeases;
import dev.mosaic.application.port.out.Users;
import dev.mosaic.domain.user.UserId;
import org.junit.jupiter.api.Nested;

/** The fakes pass the same contracts as the real adapters, so tests of the core can trust them. */
class FakeContractsTest {

    @Nested
    class Conversations_ extends ConversationsContract {
        private final InMemoryConversations store = new InMemoryConversations();

        @Override
        protected Conversations conversations() {
            return store;
        }

        @Override
        protected UserId newUser() {
            return UserId.random();
        }
    }

    @Nested
    class RoutingRules_ extends RoutingRulesContract {
        private final InMemoryRoutingRules rules = new InMemoryRoutingRules();

        @Override
        protected dev.mosaic.application.port.out.RoutingRules rules() {
            return rules;
        }

        @Override
        protected UserId newUser(boolean admin) {
            return UserId.random();
        }
    }

    @Nested
    class Agents_ extends AgentsContract {
        private final InMemoryAgents agents = new InMemoryAgents();

        @Override
        protected dev.mosaic.application.port.out.Agents agents() {
            return agents;
        }

        @Override
        protected UserId newUser(boolean admin) {
            return UserId.random();
        }
    }

    @Nested
    class ConversationMetrics_ extends ConversationMetricsContract {
        private final InMemoryConversations conversations = new InMemoryConversations();
        private final InMemoryConversationMetrics metrics = new InMemoryConversationMetrics(conversations);

        @Override
        protected dev.mosaic.application.port.out.ConversationMetrics metrics() {
            return metrics;
        }

        @Override
        protected Conversations conversations() {
            return conversations;
        }

        @Override
        protected UserId newUser() {
            return UserId.random();
        }
    }

    @Nested
    class Accounts extends AccountsContract {
        private final InMemoryAccounts accounts = new InMemoryAccounts();

        @Override
        protected Users users() {
            return accounts;
        }

        @Override
        protected ApiTokens tokens() {
            return accounts;
        }
    }

    @Nested
    class Checkpoints_ extends CheckpointsContract {
        private final InMemoryConversations conversations = new InMemoryConversations();
        private final InMemoryCheckpoints checkpoints = new InMemoryCheckpoints(conversations);

        @Override
        protected dev.mosaic.application.port.out.Checkpoints checkpoints() {
            return checkpoints;
        }

        @Override
        protected Conversations conversations() {
            return conversations;
        }

        @Override
        protected UserId newUser() {
            return UserId.random();
        }
    }

    @Nested
    class Leases extends ReplyLeasesContract {
        private final InMemoryReplyLeases leases = new InMemoryReplyLeases();

        @Override
        protected ReplyLeases leases() {
            return leases;
        }
    }

    @Nested
    class AbortSignals_ extends AbortSignalsContract {
        private final InMemoryAbortSignals signals = new InMemoryAbortSignals();

        @Override
        protected AbortSignals instance() {
            return signals;
        }
    }
}
