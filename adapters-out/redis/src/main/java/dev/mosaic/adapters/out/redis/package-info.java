/**
 * Outbound adapter to Redis (jedis): state shared by every gateway instance that must expire by
 * itself when its holder dies, such as reply leases.
 */
package dev.mosaic.adapters.out.redis;
