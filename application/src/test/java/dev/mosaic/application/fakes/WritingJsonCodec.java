package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.JsonCodec;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes maps, lists, strings, numbers, booleans and null as JSON, for tests of tools' results; reads nothing. */
public final class WritingJsonCodec implements JsonCodec {

    @Override
    public Optional<Map<String, Object>> readObject(String text) {
        throw new UnsupportedOperationException("this fake only writes");
    }

    @Override
    public String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(s, out);
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            case Map<?, ?> map -> {
                out.append('{');
                Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
                while (entries.hasNext()) {
                    Map.Entry<?, ?> entry = entries.next();
                    string(String.valueOf(entry.getKey()), out);
                    out.append(':');
                    write(entry.getValue(), out);
                    out.append(entries.hasNext() ? "," : "");
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    write(list.get(i), out.append(i == 0 ? "" : ","));
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("cannot write " + value.getClass());
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
