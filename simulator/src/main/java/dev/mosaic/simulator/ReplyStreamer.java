package dev.mosaic.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Streams a reply through a protocol's {@link ReplyRenderer}: the pause before each chunk, the chunk
 * observer, and the scripted ways to stop short (error, hang, truncation) live here once for every
 * protocol. Every write is flushed on its own so each chunk leaves at once.
 */
final class ReplyStreamer {

    private ReplyStreamer() {}

    /**
     * @param closing counted down when the simulator closes; ends pauses and hangs early
     */
    static void stream(OutputStream out, ReplyRenderer renderer, Reply reply, Duration delay, ChunkObserver observer,
            long sequence, CountDownLatch closing) throws IOException, InterruptedException {
        StringBuilder events = new StringBuilder();
        renderer.open(events);
        write(out, events);
        List<ReplyBlock> blocks = ReplyBlock.of(reply);
        int total = blocks.stream().mapToInt(ReplyBlock::chunks).sum();
        boolean endsEarly = reply.ending() != Reply.Ending.COMPLETE;
        int limit = endsEarly ? Math.min(reply.endAfterChunks(), total) : total;
        int sent = 0;
        int observed = 0;
        ReplyBlock current = null;
        for (ReplyBlock block : blocks) {
            for (int chunk = 0; chunk < block.chunks() && sent < limit; chunk++, sent++) {
                if (!delay.isZero() && closing.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
                if (block != current) {
                    if (current != null) {
                        renderer.blockEnd(current, events);
                    }
                    renderer.blockStart(block, events);
                    current = block;
                }
                int framing = events.length();
                renderer.chunk(block, chunk, events);
                // A chunk the protocol holds back (an Ollama tool call before its last fragment) is
                // not observed: the benchmark would wait for a write that never comes.
                if (observer != null && events.length() > framing) {
                    observer.beforeChunk(sequence, observed++, System.nanoTime());
                }
                write(out, events);
            }
        }
        if (endsEarly) {
            endEarly(out, renderer, reply, closing);
            return;
        }
        if (current != null) {
            renderer.blockEnd(current, events);
        }
        renderer.finish(events);
        write(out, events);
    }

    /** A truncated stream needs nothing more: the response ends without the protocol's end marker. */
    private static void endEarly(OutputStream out, ReplyRenderer renderer, Reply reply, CountDownLatch closing)
            throws IOException, InterruptedException {
        if (reply.ending() == Reply.Ending.MID_STREAM_ERROR) {
            StringBuilder events = new StringBuilder();
            renderer.midStreamError(reply.errorMessage(), events);
            write(out, events);
        } else if (reply.ending() == Reply.Ending.HANG) {
            closing.await(ProviderSimulator.MAX_HANG.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Writes and flushes what was appended, then empties the buffer; nothing at all when it is empty. */
    private static void write(OutputStream out, StringBuilder events) throws IOException {
        if (events.isEmpty()) {
            return;
        }
        out.write(events.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        events.setLength(0);
    }
}
