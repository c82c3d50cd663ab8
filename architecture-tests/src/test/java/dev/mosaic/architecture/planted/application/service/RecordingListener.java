package dev.mosaic.architecture.planted.application.service;

import dev.mosaic.architecture.planted.application.port.out.provider.ChatStreamListener;

/** Clean: the core implements a callback of the provider port. */
final class RecordingListener implements ChatStreamListener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public void onText(String delta) {
        text.append(delta);
    }
}
