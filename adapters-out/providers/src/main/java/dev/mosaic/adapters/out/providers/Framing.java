package dev.mosaic.adapters.out.providers;

import java.io.IOException;
import okio.BufferedSource;

/** How a streamed body divides into events, and the media type to ask for. */
enum Framing {

    /**
     * Server-sent events as the WHATWG standard frames them: {@code event:} and {@code data:} lines
     * (several data lines join with a newline), comments starting with {@code :}, a blank line ending
     * each event. A last event whose blank line never came is still passed on: recorded transcripts
     * end that way, and a reply cut short is caught by its missing terminal event anyway.
     */
    SERVER_SENT_EVENTS("text/event-stream") {
        @Override
        void read(BufferedSource body, Sink sink) throws IOException {
            String type = null;
            StringBuilder data = null;
            for (String line = body.readUtf8Line(); line != null; line = body.readUtf8Line()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        sink.event(type, data.toString());
                    }
                    type = null;
                    data = null;
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(line.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
                    switch (field) {
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        case "event" -> type = value;
                        default -> {
                            // id and retry mean nothing to a reply that is never resumed.
                        }
                    }
                }
            }
            if (data != null) {
                sink.event(type, data.toString());
            }
        }
    },

    /** Newline-delimited JSON: each line one event, without a type. */
    NDJSON("application/x-ndjson") {
        @Override
        void read(BufferedSource body, Sink sink) throws IOException {
            for (String line = body.readUtf8Line(); line != null; line = body.readUtf8Line()) {
                sink.event(null, line);
            }
        }
    };

    /** Receives the events of a body in order. */
    @FunctionalInterface
    interface Sink {
        void event(String type, String data);
    }

    final String mediaType;

    Framing(String mediaType) {
        this.mediaType = mediaType;
    }

    /** Reads the body to its end, passing each event on; blank data is the sink's to skip. */
    abstract void read(BufferedSource body, Sink sink) throws IOException;
}
