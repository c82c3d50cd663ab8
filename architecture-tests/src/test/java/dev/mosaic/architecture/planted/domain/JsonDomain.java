package dev.mosaic.architecture.planted.domain;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Violation: a framework (Jackson) inside the domain. */
public final class JsonDomain {
    private final ObjectMapper mapper = new ObjectMapper();

    public String write(Money money) throws Exception {
        return mapper.writeValueAsString(money);
    }
}
