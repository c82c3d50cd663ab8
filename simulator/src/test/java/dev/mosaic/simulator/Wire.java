package dev.mosaic.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Readers for the framings the simulator (and the reference transcripts) use: typed SSE and NDJSON. */
final class Wire {

    /** One server-sent event with an {@code event:} line. */
    record Event(String name, JsonNode data) {
        String type() {
            return data.path("type").asText();
        }
    }

    private Wire() {}

    /**
     * The events of a typed SSE body, after checking each is exactly an {@code event:} line naming
     * its data's {@code type} and one {@code data:} line. Tolerates the padding and missing final
     * newline of the reference files.
     */
    static List<Event> events(String body) {
        List<Event> events = new ArrayList<>();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String[] lines = block.strip().split("\n");
            assertEquals(2, lines.length, () -> "not an event: and a data: line:\n" + block);
            assertTrue(lines[0].startsWith("event: "), block);
            assertTrue(lines[1].startsWith("data: "), block);
            Event event = new Event(lines[0].substring("event: ".length()).strip(),
                    SimulatorClient.json(lines[1].substring("data: ".length())));
            assertEquals(event.name(), event.type(), "the event line names the data's type");
            events.add(event);
        }
        return events;
    }

    /** The objects of an NDJSON body, one a line, each line ended by a newline. */
    static List<JsonNode> lines(String body) {
        assertTrue(body.isEmpty() || body.endsWith("\n"), "every line ends with a newline");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(SimulatorClient.json(line));
            }
        }
        return lines;
    }

    static List<String> types(List<Event> events) {
        return events.stream().map(Event::type).toList();
    }

    /** The field names of an object, sorted. */
    static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        Iterator<String> names = node.fieldNames();
        names.forEachRemaining(keys::add);
        return keys;
    }

    /** The text of the named field across events or lines, in order, joined. */
    static String joined(List<JsonNode> nodes, String pointer) {
        StringBuilder out = new StringBuilder();
        for (JsonNode node : nodes) {
            JsonNode value = node.at(pointer);
            if (value.isTextual()) {
                out.append(value.asText());
            }
        }
        return out.toString();
    }

    static List<JsonNode> data(List<Event> events) {
        return events.stream().map(Event::data).toList();
    }

    /** The events of one type. */
    static List<JsonNode> ofType(List<Event> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).map(Event::data).toList();
    }
}
