package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The administrator's command line against the test database. */
class MainTest {
    private static final Map<String, String> ENV = GatewayHarness.testStores();
    private static final Pattern ISSUED = Pattern.compile("token ([0-9a-f-]{36}) \\(");
    private static final String MINUTE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d";

    private final String name = "cli-" + UUID.randomUUID().toString().substring(0, 13);

    private static String run(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertEquals(0, Main.run(List.of(args), ENV, new PrintStream(printed, true, StandardCharsets.UTF_8)));
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static String issuedId(String printed) {
        Matcher issued = ISSUED.matcher(printed);
        assertTrue(issued.find(), printed);
        return issued.group(1);
    }

    @Test
    void listsTheUsersWithTheirActiveTokensAndAUsersTokens() {
        String first = issuedId(run("user", "create", name));
        String laptop = issuedId(run("token", "create", name, "--name", "laptop", "--expires", "30d"));
        run("token", "revoke", name, first);

        assertTrue(Pattern.compile("(?m)^name +role +created \\(UTC\\) +active tokens$").matcher(run("user", "list")).find());
        assertTrue(Pattern.compile("(?m)^" + name + " +user +" + MINUTE + " +1$").matcher(run("user", "list")).find(),
                "the revoked token does not count");
        String admin = name + "-admin";
        run("user", "create", "--admin", admin);
        assertTrue(Pattern.compile("(?m)^" + admin + " +admin +").matcher(run("user", "list")).find(),
                "--admin is a flag: the name after it is still the name");

        String tokens = run("token", "list", name);
        List<String> lines = tokens.lines().toList();
        assertEquals(3, lines.size(), tokens);
        assertTrue(lines.get(0).matches("id +name +created \\(UTC\\) +expires +last used +revoked"), tokens);
        assertTrue(lines.get(1).matches(first + " +default +" + MINUTE + " +never +never +" + MINUTE), tokens);
        assertTrue(lines.get(2).matches(laptop + " +laptop +" + MINUTE + " +" + MINUTE + " +never +-"), tokens);
    }

    @Test
    void tokensOfAnUnknownUserAreRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> run("token", "list", name));
        assertEquals("there is no user named '" + name + "'", refused.getMessage());
    }

    @Test
    void anIllFormedTokenIdIsNamedAsSuch() {
        run("user", "create", name);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> run("token", "revoke", name, "not-an-id"));
        assertEquals("'not-an-id' is not a token id; ./mosaic token list " + name + " shows the ids", refused.getMessage());
    }

    @Test
    void aRevocationTheRunningGatewaysCannotBeToldOfIsStoredAndSaidSo() throws Exception {
        Map<String, String> noRedis = new HashMap<>(ENV);
        try (ServerSocket closed = new ServerSocket(0)) {
            noRedis.put("MOSAIC_REDIS_URL", "redis://127.0.0.1:" + closed.getLocalPort());
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(List.of("user", "create", name), noRedis, out), "only an announcement needs Redis");
        String token = issuedId(printed.toString(StandardCharsets.UTF_8));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Main.run(List.of("token", "revoke", name, token), noRedis, out));
        assertTrue(refused.getMessage().startsWith("token " + token + " is revoked, but the running gateways could not be told"),
                refused.getMessage());
        assertTrue(run("token", "list", name).lines().skip(1).findFirst().orElseThrow().matches(".* " + MINUTE + "$"),
                "the revocation itself is stored");
    }
}
