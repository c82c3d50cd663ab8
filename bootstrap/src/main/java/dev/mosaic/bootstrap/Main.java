package dev.mosaic.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.adapters.out.postgres.PostgresDatabase;
import dev.mosaic.adapters.out.redis.RedisConfig;
import dev.mosaic.adapters.out.redis.RedisNamespace;
import dev.mosaic.adapters.out.redis.RedisOwnerChanges;
import dev.mosaic.application.port.in.AuthenticateUseCase;
import dev.mosaic.application.port.in.ManageAccountsUseCase;
import dev.mosaic.application.service.AccountService;
import dev.mosaic.application.service.ModelCatalogService;
import dev.mosaic.application.service.RoutingReplay;
import dev.mosaic.domain.routing.TaskClassifier;
import dev.mosaic.domain.user.ApiToken;
import dev.mosaic.domain.user.TokenId;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The gateway's command line.
 *
 * <pre>
 *   serve                                         run the gateway until stopped
 *   worker                                        run background job workers only, until stopped
 *   user create NAME [--admin] [--expires 30d]    create a user (an admin edits system settings such as the
 *                                                 routing rules); prints its first token, once
 *   user list                                     every user, with its number of active tokens
 *   token create NAME [--name LABEL] [--expires 30d]
 *   token list NAME                               the user's tokens: id, name, created, expires, last used, revoked
 *   token revoke NAME TOKEN_ID
 *   local-user TOKEN_FILE                         make sure TOKEN_FILE holds a valid token of the user 'local'
 *   routing replay --rules FILE [--since 7d] [--user NAME]
 *                                                 how stored traffic would be routed by the system rules in FILE
 * </pre>
 */
public final class Main {

    static final String LOCAL_USER = "local";

    private Main() {}

    public static void main(String[] args) {
        Logging.configure();
        try {
            System.exit(run(List.of(args), System.getenv(), System.out));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("mosaic: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out) {
        String command = args.isEmpty() ? "serve" : String.join(" ", args.subList(0, Math.min(2, args.size())));
        GatewaySettings settings = GatewaySettings.load(env);
        if (command.equals("serve") || command.equals("worker")) {
            serve(command.equals("serve") ? Gateway.start(settings) : Gateway.startWorker(settings));
            return 0;
        }
        // Connects only when used: a revocation is announced to the running gateways, which cache tokens;
        // the other commands work without Redis.
        try (PostgresDatabase database = Storage.openPostgres(settings.database());
                RedisClient redis = RedisConfig.client(settings.redis().url(), 2)) {
            AccountService accounts = new AccountService(database.users(), database.apiTokens(),
                    new RedisOwnerChanges(redis, new RedisNamespace(settings.redis().prefix())), Clock.systemUTC());
            List<String> rest = args.size() > 2 ? args.subList(2, args.size()) : List.of();
            switch (command) {
                case "user create" -> {
                    UserRole role = rest.contains("--admin") ? UserRole.ADMIN : UserRole.USER;
                    ManageAccountsUseCase.NewUser user = accounts.createUser(positional(rest, 0, "NAME"), expiry(rest), role);
                    out.println("created " + (role == UserRole.ADMIN ? "admin " : "user ") + user.user().username() + " ("
                            + user.user().id() + ")");
                    printToken(out, user.token());
                }
                case "user list" -> printUsers(out, accounts.listUsers());
                case "token create" -> printToken(out, accounts.issueToken(positional(rest, 0, "NAME"),
                        option(rest, "--name", "cli"), expiry(rest)));
                case "token list" -> {
                    String username = positional(rest, 0, "NAME");
                    printTokens(out, username, accounts.listTokens(username));
                }
                case "token revoke" -> {
                    UserId owner = database.users().idOf(positional(rest, 0, "NAME"))
                            .orElseThrow(() -> new IllegalArgumentException("there is no user named '" + rest.getFirst() + "'"));
                    TokenId token = tokenId(rest.getFirst(), positional(rest, 1, "TOKEN_ID"));
                    boolean revoked;
                    try {
                        revoked = accounts.revokeToken(owner, token);
                    } catch (JedisException notAnnounced) {
                        // Stored before it is announced: say which half failed, and what running gateways may do.
                        throw new IllegalStateException("token " + token + " is revoked, but the running gateways could"
                                + " not be told through Redis at " + new RedisConfig(settings.redis().url(),
                                        settings.redis().leaseTtl()).safeUrl() + " (" + notAnnounced.getMessage()
                                + "); restart them, or they may go on accepting it", notAnnounced);
                    }
                    if (!revoked) {
                        throw new IllegalArgumentException("user '" + rest.getFirst() + "' has no token " + token);
                    }
                    out.println("revoked token " + token);
                }
                case "routing replay" -> replay(database, settings, rest, out);
                default -> {
                    if (args.getFirst().equals("local-user") && args.size() == 2) {
                        ensureLocalUser(accounts, database, Path.of(args.get(1)), out);
                    } else {
                        throw new IllegalArgumentException("unknown command '" + String.join(" ", args)
                                + "'; commands: serve, worker, user create, user list, token create, token list, token revoke,"
                                + " local-user, routing replay");
                    }
                }
            }
        }
        return 0;
    }

    /**
     * Replays stored questions through candidate system rules (a JSON file: a list of rules, or
     * {@code {"rules": [...]}}, as the API takes them) and prints where the answers would go and what
     * they would cost. Reads only; no model is called.
     */
    private static void replay(PostgresDatabase database, GatewaySettings settings, List<String> rest, PrintStream out) {
        Path file = Path.of(option(rest, "--rules", null) == null ? missing("--rules FILE") : option(rest, "--rules", null));
        Object tree;
        try {
            tree = new ObjectMapper().readValue(Files.readString(file), Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the rules in " + file + ": " + e.getMessage());
        }
        if (tree instanceof Map<?, ?> map && map.get("rules") instanceof List<?> inside) {
            tree = inside;
        }
        if (!(tree instanceof List<?> list)) {
            throw new IllegalArgumentException(file + " must hold a list of rules, or {\"rules\": [...]}");
        }
        List<dev.mosaic.domain.routing.RoutingRule> candidates = RoutingReplay.candidates(list);
        Duration window = expiry(List.of("--expires", option(rest, "--since", "7d")));
        Optional<UserId> user = Optional.ofNullable(option(rest, "--user", null)).map(name -> database.users().idOf(name)
                .orElseThrow(() -> new IllegalArgumentException("there is no user named '" + name + "'")));
        ModelCatalogService catalog = new ModelCatalogService();
        RoutingReplay.Report report = new RoutingReplay(new TaskClassifier()::classify, database.routingHistory(),
                database.routingRules(), catalog, settings.routing().defaultChain())
                .replay(user, Instant.now().minus(window), candidates);
        out.printf(Locale.ROOT, "%d questions in the last %s (%s), %d answered%n", report.questions(),
                option(rest, "--since", "7d"), user.isPresent() ? "one user" : "every user", report.answered());
        for (RoutingReplay.Move move : report.moves()) {
            out.printf(Locale.ROOT, "  %6d  %s%s%n", move.count(), move.from(),
                    move.from().equals(move.to()) ? "  (stays)" : "  →  " + move.to());
        }
        BigDecimal change = report.costAfter().subtract(report.costBefore());
        out.printf(Locale.ROOT, "cost at list prices: $%s as routed, $%s with these rules (%s$%s)%s%n",
                report.costBefore().setScale(4, RoundingMode.HALF_UP).toPlainString(),
                report.costAfter().setScale(4, RoundingMode.HALF_UP).toPlainString(), change.signum() < 0 ? "-" : "+",
                change.abs().setScale(4, RoundingMode.HALF_UP).toPlainString(),
                report.unpriced() == 0 ? "" : "; " + report.unpriced() + " answers left out: a price is unknown");
    }

    private static String missing(String what) {
        throw new IllegalArgumentException(what + " is missing");
    }

    /** Runs until the process is told to stop; then closes, letting running jobs finish or go back to their queue. */
    private static void serve(Gateway gateway) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The quick start's user: created on first run, its token kept in a file only its owner can read. */
    private static void ensureLocalUser(AccountService accounts, PostgresDatabase database, Path tokenFile, PrintStream out) {
        try {
            if (Files.isReadable(tokenFile)
                    && accounts.authenticate(Files.readString(tokenFile).strip()) instanceof AuthenticateUseCase.Outcome.Authenticated) {
                return;
            }
            ManageAccountsUseCase.IssuedToken token = database.users().idOf(LOCAL_USER).isPresent()
                    ? accounts.issueToken(LOCAL_USER, "quick start", null)
                    : accounts.createUser(LOCAL_USER, null, UserRole.ADMIN).token();
            Files.createDirectories(tokenFile.toAbsolutePath().getParent());
            Files.deleteIfExists(tokenFile);
            Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tokenFile, token.secret() + "\n");
            out.println("created a token for the user '" + LOCAL_USER + "' in " + tokenFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the token file " + tokenFile, e);
        }
    }

    private static TokenId tokenId(String username, String text) {
        try {
            return new TokenId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a token id; ./mosaic token list " + username
                    + " shows the ids");
        }
    }

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static void printUsers(PrintStream out, List<ManageAccountsUseCase.UserOverview> users) {
        if (users.isEmpty()) {
            out.println("there are no users yet; ./mosaic user create NAME makes one");
            return;
        }
        printTable(out, List.of("name", "role", "created (UTC)", "active tokens"), users.stream().map(u -> List.of(
                u.user().username(), u.role().wireName(), MINUTES.format(u.user().createdAt()),
                String.valueOf(u.activeTokens()))).toList());
    }

    private static void printTokens(PrintStream out, String username, List<ApiToken> tokens) {
        if (tokens.isEmpty()) {
            out.println("user '" + username + "' has no tokens; ./mosaic token create " + username + " makes one");
            return;
        }
        Instant now = Instant.now();
        printTable(out, List.of("id", "name", "created (UTC)", "expires", "last used", "revoked"), tokens.stream()
                .map(t -> List.of(t.id().toString(), t.name(), MINUTES.format(t.createdAt()),
                        t.expiresAt() == null ? "never"
                                : MINUTES.format(t.expiresAt()) + (t.isExpiredAt(now) ? " (expired)" : ""),
                        t.lastUsedAt() == null ? "never" : MINUTES.format(t.lastUsedAt()),
                        t.revokedAt() == null ? "-" : MINUTES.format(t.revokedAt())))
                .toList());
    }

    /** Columns as wide as their widest cell, two spaces apart. */
    private static void printTable(PrintStream out, List<String> header, List<List<String>> rows) {
        List<List<String>> lines = Stream.concat(Stream.of(header), rows.stream()).toList();
        int[] widths = new int[header.size()];
        lines.forEach(line -> {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        });
        for (List<String> line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.size() - 1; i++) {
                text.append(line.get(i)).append(" ".repeat(widths[i] - line.get(i).length() + 2));
            }
            out.println(text.append(line.getLast()));
        }
    }

    private static void printToken(PrintStream out, ManageAccountsUseCase.IssuedToken token) {
        out.println("token " + token.token().id() + " (" + token.token().name() + ")"
                + (token.token().expiresAt() == null ? "" : ", expires " + token.token().expiresAt()));
        out.println();
        out.println("    " + token.secret());
        out.println();
        out.println("This is the only time the token is shown; keep it somewhere safe.");
    }

    private static final java.util.Set<String> FLAGS = java.util.Set.of("--admin");

    private static String positional(List<String> rest, int index, String name) {
        // Options take a value, which must not count as a positional argument; flags take none.
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            if (FLAGS.contains(rest.get(i))) {
                continue;
            }
            if (rest.get(i).startsWith("--")) {
                i++;
            } else {
                values.add(rest.get(i));
            }
        }
        if (values.size() <= index) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return values.get(index);
    }

    private static String option(List<String> rest, String name, String fallback) {
        int at = rest.indexOf(name);
        if (at < 0) {
            return fallback;
        }
        if (at + 1 >= rest.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return rest.get(at + 1);
    }

    private static final Pattern VALIDITY = Pattern.compile("(\\d+)([mhd])");

    /** {@code --expires 30d} (also {@code 12h}, {@code 45m}); no option means the token does not expire. */
    static Duration expiry(List<String> rest) {
        String value = option(rest, "--expires", null);
        if (value == null) {
            return null;
        }
        Matcher m = VALIDITY.matcher(value.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("--expires takes a positive number with m, h or d, e.g. 30d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
