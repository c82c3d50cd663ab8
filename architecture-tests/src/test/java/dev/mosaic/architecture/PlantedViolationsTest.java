package dev.mosaic.architecture;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.lang.EvaluationResult;
import dev.mosaic.architecture.MosaicRules.NamedRule;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the rules can fail: the same definitions that {@link ArchitectureTest} runs against the
 * production classes run here against {@code dev.mosaic.architecture.planted}, a copy of the
 * package tree full of deliberate violations. Each rule must report each of its planted
 * offenders, and must not report the planted classes that follow it (so its exceptions stay narrow).
 */
class PlantedViolationsTest {

    private static final Layout PLANTED = Layout.PLANTED;

    /** Rule id → planted classes (relative to the planted root) the rule must report. */
    private static final Map<String, List<String>> OFFENDERS = Map.ofEntries(
            Map.entry("domain-depends-on-no-other-mosaic-package", List.of("domain.DomainUsingApplication")),
            Map.entry("application-depends-only-on-domain", List.of("application.service.ServiceUsingAdapter")),
            Map.entry("adapters-do-not-depend-on-each-other", List.of("adapters.in.web.WebUsingRedis")),
            Map.entry("only-bootstrap-depends-on-adapters", List.of("application.service.ServiceUsingAdapter")),
            Map.entry("nothing-depends-on-bootstrap", List.of("adapters.in.web.WebUsingBootstrap")),
            Map.entry("simulator-is-standalone", List.of("simulator.SimulatorUsingDomain")),
            Map.entry("terminal-client-is-standalone", List.of("tui.TuiUsingApplication")),
            Map.entry("only-bootstrap-embeds-standalone-programs", List.of("adapters.in.web.WebEmbeddingSimulator")),
            Map.entry("adapters-do-not-use-services", List.of("adapters.in.web.WebUsingService")),
            Map.entry("inbound-adapters-do-not-use-outbound-ports", List.of("adapters.in.web.WebUsingOutboundPort")),
            Map.entry("outbound-adapters-do-not-use-inbound-ports", List.of("adapters.out.redis.RedisUsingUseCase")),
            Map.entry("core-depends-only-on-the-jdk", List.of(
                    "domain.JsonDomain", "application.service.SqlService",
                    "application.service.ConfigService", "application.service.HttpService")),
            Map.entry("inbound-port-interfaces-are-use-cases-queries-outcomes-or-listeners",
                    List.of("application.port.in.ThingHelper")),
            Map.entry("inbound-port-classes-are-values", List.of("application.port.in.ThingDto")),
            Map.entry("use-cases-are-implemented-by-services",
                    List.of("application.service.DoThingImpl", "adapters.in.web.WebDoThingService")),
            Map.entry("outbound-ports-are-implemented-in-outbound-adapters",
                    List.of("application.service.InMemoryThings")),
            Map.entry("outbound-port-implementations-are-named-technology-and-port",
                    List.of("adapters.out.redis.ThingStore", "adapters.out.providers.ChatProviderImpl")),
            Map.entry("channels-are-inbound-adapters-named-channel",
                    List.of("adapters.in.web.ChatGateway", "adapters.out.redis.RedisChannel")),
            Map.entry("no-environment-or-global-config-below-bootstrap", List.of(
                    "adapters.out.redis.RedisEnvReader", "adapters.out.redis.RedisEnvByReference",
                    "simulator.SimulatorHelper", "application.service.ConfigService")));

    /** Rule id → planted classes in the rule's scope that follow it and must not be reported. */
    private static final Map<String, List<String>> COMPLIANT = Map.ofEntries(
            Map.entry("domain-depends-on-no-other-mosaic-package", List.of("domain.Money", "domain.JsonDomain")),
            Map.entry("application-depends-only-on-domain", List.of("application.service.DoThingService")),
            Map.entry("only-bootstrap-depends-on-adapters", List.of("bootstrap.Wiring")),
            Map.entry("simulator-is-standalone", List.of("simulator.SimulatorMain")),
            Map.entry("terminal-client-is-standalone", List.of("tui.TuiMain")),
            Map.entry("only-bootstrap-embeds-standalone-programs", List.of("bootstrap.Wiring")),
            Map.entry("inbound-adapters-do-not-use-outbound-ports", List.of("adapters.in.web.WebController")),
            Map.entry("outbound-adapters-do-not-use-inbound-ports", List.of("adapters.out.redis.RedisThings")),
            Map.entry("core-depends-only-on-the-jdk", List.of("domain.Money", "application.service.DoThingService")),
            Map.entry("inbound-port-interfaces-are-use-cases-queries-outcomes-or-listeners", List.of(
                    "application.port.in.DoThingUseCase", "application.port.in.ThingListener",
                    "application.port.in.ThingOutcome")),
            Map.entry("inbound-port-classes-are-values", List.of("application.port.in.ThingResult")),
            Map.entry("use-cases-are-implemented-by-services", List.of("application.service.DoThingService")),
            Map.entry("outbound-ports-are-implemented-in-outbound-adapters", List.of(
                    "adapters.out.redis.RedisThings", "adapters.out.providers.EchoChatAdapter",
                    "application.service.RecordingListener")),
            Map.entry("outbound-port-implementations-are-named-technology-and-port", List.of(
                    "adapters.out.redis.RedisThings", "adapters.out.providers.EchoChatAdapter")),
            Map.entry("channels-are-inbound-adapters-named-channel", List.of("adapters.in.web.ChatChannel")),
            Map.entry("no-environment-or-global-config-below-bootstrap",
                    List.of("simulator.SimulatorMain", "bootstrap.Wiring")));

    static Stream<Arguments> plantedRules() {
        return MosaicRules.all(PLANTED).stream().map(rule -> Arguments.of(rule,
                OFFENDERS.getOrDefault(rule.id(), List.of()), COMPLIANT.getOrDefault(rule.id(), List.of())));
    }

    @Test
    void everyRuleHasAPlantedViolation() {
        assertEquals(new TreeSet<>(MosaicRules.ids(PLANTED)), new TreeSet<>(OFFENDERS.keySet()),
                "each rule needs a planted violation in dev.mosaic.architecture.planted");
        assertTrue(MosaicRules.ids(PLANTED).containsAll(COMPLIANT.keySet()), "COMPLIANT names an unknown rule");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plantedRules")
    void catchesItsPlantedViolation(NamedRule rule, List<String> offenders, List<String> compliant) {
        EvaluationResult result = rule.rule().evaluate(MosaicClasses.planted());
        String report = String.join("\n", result.getFailureReport().getDetails());

        assertTrue(result.hasViolation(), () -> rule.id() + " reported nothing on the planted violations");
        assertAll(Stream.concat(
                offenders.stream().map(offender -> () -> assertTrue(mentions(report, offender),
                        () -> rule.id() + " did not report " + offender + ":\n" + report)),
                compliant.stream().map(clean -> () -> assertTrue(!mentions(report, clean),
                        () -> rule.id() + " reported the compliant " + clean + ":\n" + report))));
    }

    @Test
    void emptyPackagesAreReported() {
        assertEquals(List.of(PLANTED.tree("adapters.out.postgres")),
                MosaicRules.emptyNamedPackages(MosaicClasses.planted(), PLANTED));
    }

    @Test
    void missingPackageInfoIsReported() {
        assertEquals(List.of(PLANTED.pkg("application.port.out")),
                MosaicRules.portPackagesWithoutPackageInfo(MosaicClasses.planted(), PLANTED));
    }

    /**
     * Whether a line of the report has the class as its origin: ArchUnit starts each line with the
     * offending element, e.g. {@code Method <a.b.C.m()> calls ...} or {@code Class <a.b.C> is not ...}.
     * A class only named as a target (a parameter type, a called method) does not count, nor does
     * a nested class of it ({@code C$Inner}).
     */
    private static boolean mentions(String report, String relativeClassName) {
        String name = PLANTED.pkg(relativeClassName);
        return Pattern.compile("(?m)^[A-Za-z ]+ <" + Pattern.quote(name) + "[.>]").matcher(report).find();
    }
}
