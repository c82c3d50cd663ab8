/**
 * Outbound adapter to PostgreSQL: stores users, API tokens, conversations and messages through
 * MyBatis, with the schema migrated by Flyway.
 *
 * <p>Isolation between users is enforced by the database, not only by the queries: every
 * user-owned table has forced row-level security, the application connects as a role that is
 * neither owner nor superuser, and every port method runs in one transaction that names its acting
 * user first ({@code UserScope}). The queries still filter by user too, so either safeguard
 * alone keeps one user's data from another.
 */
package dev.mosaic.adapters.out.postgres;
