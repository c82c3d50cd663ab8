package dev.mosaic.adapters.out.postgres;

import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.port.out.MessageSearch;
import dev.mosaic.application.view.SearchHit;
import dev.mosaic.application.view.SearchQuery;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Locale;
import org.apache.ibatis.session.SqlSessionFactory;

/** PostgreSQL full-text search (GIN index on the owner and a generated tsvector), ranked by cover density. */
final class MyBatisMessageSearch implements MessageSearch {
    private final SqlSessionFactory sessions;

    MyBatisMessageSearch(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public Page<SearchHit> search(UserId actor, SearchQuery query, PageRequest page) {
        String text = query.text().isEmpty() ? null : query.text();
        // SearchQuery keeps only letters and digits in a prefix, so this is safe tsquery syntax.
        String prefixes = query.prefixes().isEmpty() ? null
                : String.join(" & ", query.prefixes().stream().map(p -> p + ":*").toList());
        return UserScope.inTransaction(sessions, actor, session -> {
            SearchMapper mapper = session.getMapper(SearchMapper.class);
            mapper.planForTheseParameters();
            List<SearchHit> hits = mapper.search(text, prefixes, page.size(), page.offset()).stream()
                    .map(r -> new SearchHit(new ConversationId(r.conversationId()), r.conversationTitle(),
                            new MessageId(r.messageId()), Role.valueOf(r.role().toUpperCase(Locale.ROOT)), r.createdAt(),
                            r.snippet() == null ? "" : r.snippet(), r.rank()))
                    .toList();
            return new Page<>(hits, page, mapper.count(text, prefixes));
        });
    }
}
