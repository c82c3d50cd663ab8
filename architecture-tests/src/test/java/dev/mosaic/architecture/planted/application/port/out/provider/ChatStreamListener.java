package dev.mosaic.architecture.planted.application.port.out.provider;

/** Clean: a callback the core implements; not an outbound port. */
@FunctionalInterface
public interface ChatStreamListener {
    void onText(String text);
}
