/** OAuth 2.0 token requests to providers' authorization servers. */
package dev.mosaic.adapters.out.providers.oauth;
