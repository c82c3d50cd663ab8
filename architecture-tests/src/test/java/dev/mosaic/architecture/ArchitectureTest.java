package dev.mosaic.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.architecture.MosaicRules.NamedRule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of {@link MosaicRules}, checked against the production classes of all modules. */
class ArchitectureTest {

    static List<NamedRule> rules() {
        return MosaicRules.all(Layout.MOSAIC);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void productionCodeFollows(NamedRule rule) {
        rule.rule().check(MosaicClasses.production());
    }

    @Test
    void everyPackageNamedByARuleHasClasses() {
        assertEquals(List.of(), MosaicRules.emptyNamedPackages(MosaicClasses.production(), Layout.MOSAIC),
                "packages named by the architecture rules but holding no class: a rename or a missing"
                        + " module would switch those rules off");
    }

    @Test
    void everyPortPackageHasAPackageInfo() {
        assertEquals(List.of(), MosaicRules.portPackagesWithoutPackageInfo(MosaicClasses.production(), Layout.MOSAIC),
                "port packages without a package-info.java stating their role (guide 3.10)");
    }

    @Test
    void productionImportHoldsNoTestClasses() {
        assertEquals(List.of(), MosaicClasses.production().stream()
                        .filter(c -> c.getSource().map(s -> s.getUri().toString())
                                .filter(uri -> uri.contains("test-classes") || uri.contains("-tests.jar"))
                                .isPresent())
                        .map(c -> c.getName())
                        .toList(),
                "test classes (fakes, planted violations) must not count as production code");
    }
}
