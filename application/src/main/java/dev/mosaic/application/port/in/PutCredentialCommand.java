package dev.mosaic.application.port.in;

import dev.mosaic.application.Secret;

/**
 * Store (or replace) the acting user's API key for a provider. Checked by the service, not here,
 * so that every problem comes back as a rejection a client can show.
 *
 * @param apiKey null when none was given
 * @param label null or blank for {@code default}
 * @param baseUrl the endpoint the key is for; null or blank for the provider's usual one
 */
public record PutCredentialCommand(String provider, Secret apiKey, String label, String baseUrl) {}
