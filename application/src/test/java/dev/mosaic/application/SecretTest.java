package dev.mosaic.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class SecretTest {
    private static final Secret KEY = Secret.ofNullable("sk-proj-0123456789abcdefWXYZ");

    @Test
    void aKeyIsMaskedWhereverItStandsAsAWholeToken() {
        assertEquals("key …WXYZ was refused", KEY.maskIn("key sk-proj-0123456789abcdefWXYZ was refused"));
        assertEquals("…WXYZ.", KEY.maskIn("sk-proj-0123456789abcdefWXYZ."));
        assertEquals("\"…WXYZ\" and (…WXYZ)", KEY.maskIn("\"sk-proj-0123456789abcdefWXYZ\" and (sk-proj-0123456789abcdefWXYZ)"));
        assertEquals("Bearer …WXYZ", KEY.maskIn("Bearer sk-proj-0123456789abcdefWXYZ"));
    }

    @Test
    void aKeyInsideALongerTokenIsAnotherValueAndIsLeftAlone() {
        String longer = "sk-proj-0123456789abcdefWXYZ0 and xsk-proj-0123456789abcdefWXYZ and sk-proj-0123456789abcdefWXYZ-2";
        assertEquals(longer, KEY.maskIn(longer));
    }

    @Test
    void aValueShorterThanARealKeyMasksNothing() {
        Secret simulator = Secret.ofNullable("simulator");
        assertEquals("simulator answered HTTP 500", simulator.maskIn("simulator answered HTTP 500"));
        Secret common = Secret.ofNullable("k");
        assertEquals("the key could not be checked", common.maskIn("the key could not be checked"));
        assertEquals("****", simulator.masked());
    }

    @Test
    void aKeyThatCannotGoInAHeaderIsToldWhyWithoutBeingQuoted() {
        assertEquals(Optional.empty(), KEY.headerValueProblem());
        assertEquals(Optional.of("it contains a line break (character 8 of 15)"),
                Secret.ofNullable("sk-abcd\nefghijk").headerValueProblem());
        assertEquals(Optional.of("it contains a character that is not plain ASCII (character 4 of 10)"),
                Secret.ofNullable("sk-\u00e9abcdef").headerValueProblem());
        assertEquals(Optional.of("it contains a character that is not plain ASCII (character 10 of 10)"),
                Secret.ofNullable("sk-abcdef\u2026").headerValueProblem());
        assertEquals(Optional.of("it contains a control character (character 3 of 5)"),
                Secret.ofNullable("sk\u0007ab").headerValueProblem());
        assertEquals(Optional.of("it contains a space (character 3 of 5)"), Secret.ofNullable("sk ab").headerValueProblem());
    }
}
