package dev.mosaic.bootstrap;

import dev.mosaic.channelconformance.ChannelConformance;
import dev.mosaic.channelconformance.ChannelDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The channel conformance kit, run for the Anthropic-compatible channel through Anthropic's Java SDK, with whole answers. */
class AnthropicChannelWholeConformanceTest extends ChannelConformance {

    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Override
    protected ChannelDriver driver() {
        return new AnthropicSdkDriver(harness, false);
    }
}
