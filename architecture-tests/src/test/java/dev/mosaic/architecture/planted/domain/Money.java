package dev.mosaic.architecture.planted.domain;

/** Clean: a domain value using only the JDK. */
public record Money(long cents) {}
