package dev.mosaic.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.architecture.MosaicRules.NamedRule;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rule whose packages match nothing must fail, not pass: this is ArchUnit's
 * {@code archRule.failOnEmptyShould} (on by default). If someone turns it off in an
 * archunit.properties, or a rule is rewritten so that it cannot select classes, this test fails.
 */
class VacuousRulesFailTest {

    /** The production classes, seen through a layout whose root holds nothing. */
    private static final Layout NOWHERE = new Layout("dev.mosaic.nowhere");

    static List<NamedRule> rulesOverNothing() {
        return MosaicRules.all(NOWHERE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rulesOverNothing")
    void failsWhenItChecksNoClass(NamedRule rule) {
        AssertionError error = assertThrows(AssertionError.class,
                () -> rule.rule().evaluate(MosaicClasses.production()),
                () -> rule.id() + " passed although its packages hold no class");
        assertTrue(error.getMessage().contains("failed to check any classes"), error::getMessage);
    }
}
