package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.catalog.Capability;
import dev.mosaic.application.catalog.ModelInfo;
import dev.mosaic.application.catalog.Prices;
import dev.mosaic.application.catalog.Tier;
import dev.mosaic.application.fakes.InMemoryAgents;
import dev.mosaic.application.fakes.Routers;
import dev.mosaic.application.fakes.ScriptedProvider;
import dev.mosaic.application.port.in.RequestedModelQuery.Requested;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the model name of an API request means: routing, a pin for the message, or a refusal. */
class RequestedModelTest {

    private static final RouteTarget CHEAP = new RouteTarget("fake", "fake-small");
    private final UserId alice = UserId.random();
    private final RoutingService router = Routers.answeringWith(List.of(new ScriptedProvider("fake", (r, l, c) -> {
        throw new AssertionError("reading a model name calls no model");
    })), CHEAP, new ModelCatalogService(List.of(
            new ModelInfo("fake", "fake-small", null, Tier.CHEAP, 1000, null, Set.of(Capability.TOOLS),
                    Prices.UNKNOWN, ModelInfo.Source.SEED),
            new ModelInfo("absent", "other-1", null, Tier.STANDARD, 8000, null, Set.of(), Prices.UNKNOWN,
                    ModelInfo.Source.SEED))), Routers.settings(List.of(CHEAP), ""), new InMemoryAgents());

    @Test
    void autoAndNothingLetRoutingDecideWithNothingToSay() {
        for (String name : new String[] {"mosaic/auto", "auto", "AUTO", " ", null}) {
            assertEquals(new Requested.Routed(null), router.requested(alice, name), String.valueOf(name));
        }
    }

    @Test
    void aCatalogModelIsPinnedByItsIdOrProviderAndId() {
        assertEquals(new Requested.Pinned(CHEAP), router.requested(alice, "fake-small"));
        assertEquals(new Requested.Pinned(CHEAP), router.requested(alice, "fake/fake-small"));
    }

    @Test
    void aNameTheCatalogDoesNotKnowLetsRoutingDecideAndSaysSo() {
        Requested.Routed routed = assertInstanceOf(Requested.Routed.class, router.requested(alice, "gpt-4o"));

        assertEquals("model gpt-4o is not in the catalog, so routing decides", routed.note());
    }

    @Test
    void aCatalogModelThatCannotAnswerIsRefusedNamingTheField() {
        Requested.Refused refused = assertInstanceOf(Requested.Refused.class, router.requested(alice, "absent/other-1"));

        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, refused.rejection().code());
        assertEquals("model", refused.rejection().field());
        assertTrue(refused.rejection().message().contains("absent/other-1"), refused.rejection().message());
    }
}
