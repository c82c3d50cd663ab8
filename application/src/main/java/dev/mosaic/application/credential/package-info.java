/**
 * Users' own provider credentials as the core sees them: what may be shown about a stored one
 * (provider, kind, label, masked hint, times). The secret itself lives only in memory, as a
 * {@link dev.mosaic.application.Secret}, and only encrypted anywhere else (docs/adr/0006).
 */
package dev.mosaic.application.credential;
