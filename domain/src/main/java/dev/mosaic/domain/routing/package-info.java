/**
 * Task-aware routing: what a message is ({@link dev.mosaic.domain.routing.Classification}), the rules
 * that say which model answers it ({@link dev.mosaic.domain.routing.RoutingRule}), and the record of
 * each decision ({@link dev.mosaic.domain.routing.RoutingDecision}).
 */
package dev.mosaic.domain.routing;
