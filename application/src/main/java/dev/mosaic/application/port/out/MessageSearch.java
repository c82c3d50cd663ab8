package dev.mosaic.application.port.out;

import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.view.SearchHit;
import dev.mosaic.application.view.SearchQuery;
import dev.mosaic.domain.user.UserId;

/** Full-text search over the actor's own messages, best matches first. */
public interface MessageSearch {
    Page<SearchHit> search(UserId actor, SearchQuery query, PageRequest page);
}
