package dev.mosaic.application;

import java.util.List;

/** One page of a list, and how long the whole list is. */
public record Page<T>(List<T> items, PageRequest request, long total) {
    public Page {
        items = List.copyOf(items);
    }

    public long pages() {
        return (total + request.size() - 1) / request.size();
    }

    /** A page past the end of a non-empty list, which a client asked for by mistake. */
    public boolean isPastTheEnd() {
        return items.isEmpty() && request.page() > 1;
    }
}
