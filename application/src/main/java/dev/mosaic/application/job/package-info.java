/**
 * Background jobs: what a job is, its type (payload schema, attempts, backoff, timeout), the
 * schedules that enqueue jobs repeatedly, and the events written about each attempt.
 */
package dev.mosaic.application.job;
