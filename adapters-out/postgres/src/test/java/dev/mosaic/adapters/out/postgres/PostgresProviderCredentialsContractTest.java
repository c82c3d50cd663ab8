package dev.mosaic.adapters.out.postgres;

import static dev.mosaic.adapters.out.postgres.TestDatabase.column;
import static dev.mosaic.adapters.out.postgres.TestDatabase.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.contract.ProviderCredentialsContract;
import dev.mosaic.application.credential.CredentialKind;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.port.out.ProviderCredentials;
import dev.mosaic.application.port.out.ProviderCredentials.Encrypted;
import dev.mosaic.domain.user.UserId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contract against PostgreSQL, and what the database itself adds to it. */
class PostgresProviderCredentialsContractTest extends ProviderCredentialsContract {
    private static final PostgresDatabase database = TestDatabase.shared();

    @Override
    protected ProviderCredentials credentials() {
        return database.providerCredentials();
    }

    @Override
    protected UserId newUser() {
        return TestDatabase.newUser(database);
    }

    @Test
    void theRowHoldsTheCiphertextAsGivenAndNoOtherBytes() throws SQLException {
        UserId alice = newUser();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        byte[] ciphertext = {1, 2, 3, (byte) 0xff, 0};
        credentials().put(alice, new Encrypted(new ProviderCredential(alice, "anthropic", CredentialKind.API_KEY, "mine",
                "…abcd", null, now, now), ciphertext));

        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            column(app, "select set_config('mosaic.user_id', ?, true)", alice.toString());
            assertEquals(List.of("anthropic|api_key|mine|…abcd||\\x" + HexFormat.of().formatHex(ciphertext)), column(app,
                    "select concat_ws('|', provider, kind, label, hint, coalesce(base_url, ''), ciphertext::text)"
                            + " from provider_credentials"));
            app.rollback();
        }
    }

    @Test
    void theDatabaseRefusesACredentialRowForAnotherUser() throws SQLException {
        UserId alice = newUser();
        UserId bob = newUser();
        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            column(app, "select set_config('mosaic.user_id', ?, true)", alice.toString());
            SQLException refused = assertThrows(SQLException.class, () -> update(app, """
                    insert into provider_credentials (user_id, provider, kind, label, hint, ciphertext, created_at, updated_at)
                    values (?, 'openai', 'api_key', 'forged', '****', '\\x00', now(), now())""", bob.value()));
            assertEquals(SqlErrors.INSUFFICIENT_PRIVILEGE, refused.getSQLState(), refused.getMessage());
            app.rollback();
        }
        assertEquals(List.of(), credentials().list(bob));
    }

    @Test
    void theOwnersLookUpIsASecurityDefinerFunctionOnlyTheApplicationMayCall() throws SQLException {
        try (Connection app = TestDatabase.connectAsApp()) {
            assertEquals(List.of("t|" + TestDatabase.OWNER + "|{\"search_path=public, pg_temp\"}|t|f"), column(app, """
                    select concat_ws('|', p.prosecdef, pg_get_userbyid(p.proowner), p.proconfig,
                        has_function_privilege(?, p.oid, 'EXECUTE'),
                        exists (select from aclexplode(p.proacl) acl where acl.grantee = 0))
                    from pg_proc p where p.oid = 'provider_credential_owners()'::regprocedure""", TestDatabase.APP));
            assertEquals(List.of("0"), column(app, "select count(*) from provider_credentials"),
                    "with no user set, the application reads no row itself");
        }
    }

    /** Deletes only the user it made itself, so no other test sharing the database is affected. */
    @Test
    void aUsersCredentialsGoWithTheUser() throws SQLException {
        UserId carol = newUser();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        credentials().put(carol, new Encrypted(new ProviderCredential(carol, "zai", CredentialKind.API_KEY, "z", "****",
                null, now, now), new byte[] {9}));
        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            column(app, "select set_config('mosaic.user_id', ?, true)", carol.toString());
            assertEquals(1, update(app, "delete from users where id = ?", carol.value()));
            app.commit();
        }
        assertEquals(List.of(), credentials().list(carol));
        assertTrue(credentials().owners().stream().noneMatch(carol::equals));
        assertEquals(List.of(), credentials().list(new UserId(UUID.randomUUID())));
    }
}
