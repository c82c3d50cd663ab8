package dev.mosaic.application.port.in;

import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.view.SearchHit;
import dev.mosaic.domain.user.UserId;

public interface SearchMessagesQuery {

    sealed interface Outcome {
        record Found(Page<SearchHit> hits) implements Outcome {}

        record Rejected(Rejection rejection) implements Outcome {}
    }

    /** Searches the actor's messages; a query that cannot be run is rejected with a reason. */
    Outcome search(UserId actor, String query, PageRequest page);
}
