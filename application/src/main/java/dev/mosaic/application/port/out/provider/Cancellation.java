package dev.mosaic.application.port.out.provider;

import java.util.ArrayList;
import java.util.List;

/** Lets a caller stop a running provider call; the adapter registers how to stop its request. */
public final class Cancellation {
    private final List<Runnable> onCancel = new ArrayList<>();
    private boolean cancelled;

    public void cancel() {
        List<Runnable> actions;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            actions = List.copyOf(onCancel);
            onCancel.clear();
        }
        actions.forEach(Runnable::run);
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code action} once on cancel, or at once when already cancelled. */
    public void onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                onCancel.add(action);
                return;
            }
        }
        action.run();
    }
}
