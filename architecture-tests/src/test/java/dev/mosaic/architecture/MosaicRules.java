package dev.mosaic.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.implement;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.conditions.ArchConditions.be;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The architecture rules of Mosaic (guide sections 1-3, ADR 0001), written once and
 * parameterised by a {@link Layout}.
 *
 * <p>{@link ArchitectureTest} checks them against the production classes; {@link
 * PlantedViolationsTest} runs the very same definitions against deliberately broken classes and
 * asserts that each one reports its planted offender, so no rule can pass vacuously.
 */
public final class MosaicRules {

    /** A rule with a stable id, used to pair it with its planted violation. */
    public record NamedRule(String id, ArchRule rule) {
        @Override
        public String toString() {
            return id;
        }
    }

    /** Packages of the JDK that are technology, not language: they belong in adapters. */
    static final List<String> JDK_TECHNOLOGY = List.of("java.sql..", "java.net.http..");

    /** The only outbound port whose implementations are named after a wire protocol. */
    static final String PROVIDER_PORT = "ChatProvider";

    private MosaicRules() {}

    /** Every rule, in a stable order. Each must have a planted violation. */
    public static List<NamedRule> all(Layout layout) {
        return List.of(
                // 1. Direction of dependencies
                new NamedRule("domain-depends-on-no-other-mosaic-package", domainDependsOnNoOtherMosaicPackage(layout)),
                new NamedRule("application-depends-only-on-domain", applicationDependsOnlyOnDomain(layout)),
                new NamedRule("adapters-do-not-depend-on-each-other", adaptersDoNotDependOnEachOther(layout)),
                new NamedRule("only-bootstrap-depends-on-adapters", onlyBootstrapDependsOnAdapters(layout)),
                new NamedRule("nothing-depends-on-bootstrap", nothingDependsOnBootstrap(layout)),
                new NamedRule("simulator-is-standalone", standalone(layout, layout.simulator())),
                new NamedRule("terminal-client-is-standalone", standalone(layout, layout.tui())),
                new NamedRule("only-bootstrap-embeds-standalone-programs", onlyBootstrapEmbedsStandalonePrograms(layout)),
                new NamedRule("adapters-do-not-use-services", adaptersDoNotUseServices(layout)),
                new NamedRule("inbound-adapters-do-not-use-outbound-ports", inboundAdaptersDoNotUseOutboundPorts(layout)),
                new NamedRule("outbound-adapters-do-not-use-inbound-ports", outboundAdaptersDoNotUseInboundPorts(layout)),
                // 2. Framework-free core
                new NamedRule("core-depends-only-on-the-jdk", coreDependsOnlyOnTheJdk(layout)),
                // 3. Names and roles
                new NamedRule("inbound-port-interfaces-are-use-cases-queries-outcomes-or-listeners",
                        inboundPortInterfacesAreUseCasesQueriesOutcomesOrListeners(layout)),
                new NamedRule("inbound-port-classes-are-values", inboundPortClassesAreValues(layout)),
                new NamedRule("use-cases-are-implemented-by-services", useCasesAreImplementedByServices(layout)),
                new NamedRule("outbound-ports-are-implemented-in-outbound-adapters",
                        outboundPortsAreImplementedInOutboundAdapters(layout)),
                new NamedRule("outbound-port-implementations-are-named-technology-and-port",
                        outboundPortImplementationsAreNamedTechnologyAndPort(layout)),
                new NamedRule("channels-are-inbound-adapters-named-channel", channelsAreInboundAdaptersNamedChannel(layout)),
                // 4. Configuration is read only by the composition root
                new NamedRule("no-environment-or-global-config-below-bootstrap",
                        noEnvironmentOrGlobalConfigBelowBootstrap(layout)));
    }

    // ---------------------------------------------------------------- 1. direction

    public static ArchRule domainDependsOnNoOtherMosaicPackage(Layout layout) {
        return classes().that().resideInAPackage(layout.domain())
                .should().onlyDependOnClassesThat(
                        resideOutsideOfPackage(layout.everything()).or(resideInAPackage(layout.domain())))
                .because("the domain is the centre of the hexagon and knows nothing around it (ADR 0001)");
    }

    public static ArchRule applicationDependsOnlyOnDomain(Layout layout) {
        return classes().that().resideInAPackage(layout.application())
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(layout.everything())
                        .or(resideInAnyPackage(layout.domain(), layout.application())))
                .because("use cases and ports see the domain only, never adapters or wiring (ADR 0001)");
    }

    public static ArchRule adaptersDoNotDependOnEachOther(Layout layout) {
        return slices().matching(layout.adapterSlices()).namingSlices("adapters.$1.$2")
                .should().notDependOnEachOther()
                .because("an adapter never depends on another adapter; only bootstrap connects them (ADR 0001)");
    }

    public static ArchRule onlyBootstrapDependsOnAdapters(Layout layout) {
        return noClasses().that().resideInAPackage(layout.everything())
                .and().resideOutsideOfPackages(layout.adapters(), layout.bootstrap())
                .should().dependOnClassesThat().resideInAPackage(layout.adapters())
                .because("bootstrap is the one composition root, the only place that sees adapters (ADR 0001)");
    }

    public static ArchRule nothingDependsOnBootstrap(Layout layout) {
        return noClasses().that().resideInAPackage(layout.everything())
                .and().resideOutsideOfPackage(layout.bootstrap())
                .should().dependOnClassesThat().resideInAPackage(layout.bootstrap())
                .because("the composition root sits on top: adapters, core and tools never reach back into it");
    }

    /** The simulator and the terminal client speak wire protocols only (ADR 0001). */
    public static ArchRule standalone(Layout layout, String program) {
        return noClasses().that().resideInAPackage(program)
                .should().dependOnClassesThat(
                        resideInAPackage(layout.everything()).and(resideOutsideOfPackage(program))
                                .as("reside in another Mosaic package than " + program))
                .because("a standalone program speaks only wire protocols and can run without the gateway (ADR 0001)");
    }

    public static ArchRule onlyBootstrapEmbedsStandalonePrograms(Layout layout) {
        return noClasses().that().resideInAPackage(layout.everything())
                .and().resideOutsideOfPackages(layout.simulator(), layout.tui(), layout.bootstrap())
                .should().dependOnClassesThat().resideInAnyPackage(layout.simulator(), layout.tui())
                .because("only the composition root may start the simulator in-process");
    }

    public static ArchRule adaptersDoNotUseServices(Layout layout) {
        return noClasses().that().resideInAPackage(layout.adapters())
                .should().dependOnClassesThat().resideInAPackage(layout.services())
                .because("adapters talk to the core through ports; services are built and wired by bootstrap");
    }

    public static ArchRule inboundAdaptersDoNotUseOutboundPorts(Layout layout) {
        return noClasses().that().resideInAPackage(layout.inboundAdapters())
                .should().dependOnClassesThat().resideInAPackage(layout.portOut())
                .because("a driving adapter goes through a use case, never around it to a driven port");
    }

    public static ArchRule outboundAdaptersDoNotUseInboundPorts(Layout layout) {
        return noClasses().that().resideInAPackage(layout.outboundAdapters())
                .should().dependOnClassesThat().resideInAPackage(layout.portIn())
                .because("a driven adapter serves the core; it does not drive use cases");
    }

    // ---------------------------------------------------------------- 2. framework-free core

    public static ArchRule coreDependsOnlyOnTheJdk(Layout layout) {
        DescribedPredicate<JavaClass> allowed = resideInAnyPackage("java..", layout.domain(), layout.application())
                .and(not(resideInAnyPackage(JDK_TECHNOLOGY.toArray(String[]::new))))
                .as("reside in java.. (but not in %s), %s or %s",
                        String.join(", ", JDK_TECHNOLOGY), layout.domain(), layout.application());
        return classes().that().resideInAnyPackage(layout.domain(), layout.application())
                .should().onlyDependOnClassesThat(allowed)
                .because("the core is plain Java: no Helidon, MyBatis, jedis, okhttp, Jackson, SLF4J or JDBC"
                        + " (guide 3.1); java.util.logging is part of the JDK and allowed");
    }

    // ---------------------------------------------------------------- 3. names and roles

    /** The driving ports proper: top-level interfaces in port.in named *UseCase or *Query. */
    static DescribedPredicate<JavaClass> useCase(Layout layout) {
        DescribedPredicate<JavaClass> inPortIn = resideInAPackage(layout.portIn());
        return describe("a *UseCase or *Query interface in " + layout.portIn(), c -> c.isInterface()
                && c.isTopLevelClass()
                && inPortIn.test(c)
                && (c.getSimpleName().endsWith("UseCase") || c.getSimpleName().endsWith("Query")));
    }

    /**
     * The driven ports proper: top-level interfaces in port.out.. that are neither sealed (event
     * and outcome types) nor callbacks (*Listener, implemented by the core itself).
     */
    static DescribedPredicate<JavaClass> outboundPort(Layout layout) {
        DescribedPredicate<JavaClass> inPortOut = resideInAPackage(layout.portOut());
        return describe("an outbound port (a top-level, non-sealed, non-*Listener interface in "
                + layout.portOut() + ")", c -> c.isInterface()
                && c.isTopLevelClass()
                && inPortOut.test(c)
                && !c.isSealed()
                && !isPackageInfo(c)
                && !c.getSimpleName().endsWith("Listener"));
    }

    /**
     * port.in holds use cases and queries, their sealed outcome types, and the callbacks an
     * inbound adapter implements to receive events (*Listener) — nothing else.
     */
    public static ArchRule inboundPortInterfacesAreUseCasesQueriesOutcomesOrListeners(Layout layout) {
        DescribedPredicate<JavaClass> shape = simpleNameEndingWith("UseCase")
                .or(simpleNameEndingWith("Query"))
                .or(simpleNameEndingWith("Listener"))
                .or(describe("sealed", JavaClass::isSealed))
                .as("named *UseCase, *Query or *Listener, or sealed (an outcome type)");
        return classes().that().resideInAPackage(layout.portIn())
                .and().areTopLevelClasses().and().areInterfaces().and().doNotHaveSimpleName("package-info")
                .should(be(shape))
                .because("names say the role (guide 3.2)");
    }

    public static ArchRule inboundPortClassesAreValues(Layout layout) {
        return classes().that().resideInAPackage(layout.portIn())
                .and().areTopLevelClasses().and().areNotInterfaces().and().doNotHaveSimpleName("package-info")
                .should(be(describe("a record or an enum", c -> c.isRecord() || c.isEnum())))
                .because("commands, views and results crossing the inbound port are immutable values (guide 3.2)");
    }

    public static ArchRule useCasesAreImplementedByServices(Layout layout) {
        return classes().that(implement(useCase(layout)))
                .should().resideInAPackage(layout.services())
                .andShould().haveSimpleNameEndingWith("Service")
                .because("services are plain XxxService implements XxxUseCase (guide 2, 3.2)");
    }

    public static ArchRule outboundPortsAreImplementedInOutboundAdapters(Layout layout) {
        return classes().that(implement(outboundPort(layout)))
                .should().resideInAPackage(layout.outboundAdapters())
                .because("what the core needs is provided by driven adapters (fakes live in test sources only)");
    }

    public static ArchRule outboundPortImplementationsAreNamedTechnologyAndPort(Layout layout) {
        return classes().that(implement(outboundPort(layout))).and().areTopLevelClasses()
                .should(beNamedTechnologyAndPort(outboundPort(layout)))
                .because("implementations are <Technology><Port>, e.g. MyBatisConversations, RedisReplyLeases;"
                        + " chat providers are per wire protocol, e.g. OpenAiChatCompletionsAdapter (guide 3.2, 3.6)");
    }

    public static ArchRule channelsAreInboundAdaptersNamedChannel(Layout layout) {
        return classes().that(implement(layout.channelPort()))
                .should().resideInAPackage(layout.inboundAdapters())
                .andShould().haveSimpleNameEndingWith("Channel")
                .because("a channel drives the gateway, so it is an inbound adapter, named after what it speaks,"
                        + " e.g. WebSocketChannel (docs/architecture/channel-protocol.md)");
    }

    private static ArchCondition<JavaClass> beNamedTechnologyAndPort(DescribedPredicate<JavaClass> port) {
        return new ArchCondition<>("be named <Technology><Port> after an outbound port they implement"
                + " (<Protocol>Adapter or <Technology>" + PROVIDER_PORT + " for " + PROVIDER_PORT + ")") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                List<String> ports = item.getAllRawInterfaces().stream()
                        .filter(port)
                        .map(JavaClass::getSimpleName)
                        .sorted()
                        .toList();
                String name = item.getSimpleName();
                boolean satisfied = ports.stream().anyMatch(p -> prefixed(name, p)
                        || (p.equals(PROVIDER_PORT) && prefixed(name, "Adapter")));
                events.add(new SimpleConditionEvent(item, satisfied, String.format(
                        "Class <%s> implements %s and is %snamed <Technology><Port> in %s",
                        item.getFullName(), ports, satisfied ? "" : "not ", item.getSourceCodeLocation())));
            }
        };
    }

    /** {@code name} is a non-empty capitalised prefix followed by {@code suffix}. */
    private static boolean prefixed(String name, String suffix) {
        return name.matches("[A-Z][A-Za-z0-9]*" + Pattern.quote(suffix));
    }

    // ---------------------------------------------------------------- 4. configuration

    /** System.getenv and Helidon's process-wide configuration (Config.global, GlobalConfig). */
    static final DescribedPredicate<JavaAccess<?>> READS_ENVIRONMENT_OR_GLOBAL_CONFIG = describe(
            "System.getenv, io.helidon.config.Config.global or io.helidon.common.config.GlobalConfig.config",
            access -> {
                String owner = access.getTarget().getOwner().getFullName();
                String name = access.getTarget().getName();
                return owner.equals("java.lang.System") && name.equals("getenv")
                        || owner.equals("io.helidon.config.Config") && name.equals("global")
                        || owner.equals("io.helidon.common.config.GlobalConfig") && name.equals("config");
            });

    /** The class holding the entry point of a standalone program: it stands where bootstrap stands. */
    static DescribedPredicate<JavaClass> standaloneMainClass(Layout layout) {
        DescribedPredicate<JavaClass> standalone = resideInAnyPackage(layout.simulator(), layout.tui());
        return describe("the main class of the simulator or the terminal client",
                c -> standalone.test(c) && c.getMethods().stream().anyMatch(MosaicRules::isMain));
    }

    private static boolean isMain(JavaMethod method) {
        List<String> parameters = method.getRawParameterTypes().stream().map(JavaClass::getName).toList();
        return method.getName().equals("main")
                && (parameters.isEmpty() || parameters.equals(List.of(String[].class.getName())));
    }

    /**
     * Guide 3.4: bootstrap reads configuration into typed records and hands them down. The
     * simulator and the terminal client are programs of their own, so their main class may read
     * the environment too; nothing else may. Method references (System::getenv) count as well.
     */
    public static ArchRule noEnvironmentOrGlobalConfigBelowBootstrap(Layout layout) {
        return noClasses().that().resideInAPackage(layout.everything())
                .and().resideOutsideOfPackage(layout.bootstrap())
                .and(not(standaloneMainClass(layout)))
                .should().accessTargetWhere(READS_ENVIRONMENT_OR_GLOBAL_CONFIG)
                .because("no Config.global(), no static registries, no environment reads below bootstrap (guide 3.4)");
    }

    // ---------------------------------------------------------------- 5./6. rules cannot go blind

    /** The packages named by a rule that hold no class (package-info aside). Must be empty. */
    public static List<String> emptyNamedPackages(JavaClasses classes, Layout layout) {
        return layout.namedPackages().stream()
                .filter(name -> {
                    DescribedPredicate<JavaClass> inPackage = resideInAPackage(name);
                    return classes.stream().noneMatch(c -> inPackage.test(c) && !isPackageInfo(c));
                })
                .toList();
    }

    /** The port packages without a package-info stating their role (guide 3.10). Must be empty. */
    public static List<String> portPackagesWithoutPackageInfo(JavaClasses classes, Layout layout) {
        return layout.portPackages().stream()
                .filter(name -> !classes.containPackage(name)
                        || classes.getPackage(name).tryGetPackageInfo().isEmpty())
                .toList();
    }

    static boolean isPackageInfo(JavaClass c) {
        return c.getSimpleName().equals("package-info");
    }

    /** For tests: the ids of {@link #all(Layout)}. */
    static Set<String> ids(Layout layout) {
        return all(layout).stream().map(NamedRule::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
