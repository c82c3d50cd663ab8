package dev.mosaic.application.view;

/** What forgetting everything deleted; each insight's vectors went with it. */
public record ForgottenMemory(int insights, int preferences) {}
