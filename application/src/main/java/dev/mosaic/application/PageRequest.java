package dev.mosaic.application;

/** Which page of a long list to return; pages count from 1. */
public record PageRequest(int page, int size) {
    public static final int MAX_SIZE = 100;

    public PageRequest {
        if (page < 1) {
            throw new IllegalArgumentException("page counts from 1");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("page size must be between 1 and " + MAX_SIZE);
        }
    }

    public long offset() {
        return (long) (page - 1) * size;
    }
}
