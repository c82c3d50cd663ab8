package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON mapper of the web adapter, for WebSocket frames and REST bodies alike. */
final class WebJson {
    private WebJson() {}

    /**
     * Reads one JSON value and nothing after it, and a key given twice is an error rather than "the
     * last one wins": a client's input means one thing or is refused.
     */
    static ObjectMapper mapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }
}
