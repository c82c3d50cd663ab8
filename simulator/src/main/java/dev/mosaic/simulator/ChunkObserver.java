package dev.mosaic.simulator;

/**
 * Told about every streamed content chunk just before it is written, so a benchmark in the same JVM
 * can measure how long the gateway takes to relay each chunk. Runs on the request's thread: keep it
 * cheap.
 */
@FunctionalInterface
public interface ChunkObserver {

    /**
     * @param requestSequence the {@link RecordedRequest#sequence()} of the request being answered
     * @param chunkIndex 0 for the first content chunk of the reply (thinking, text or tool call), counting
     *     the chunks as they are written: an Ollama tool call, sent whole, is one
     * @param nanoTime {@link System#nanoTime()} taken just before the chunk is written and flushed
     */
    void beforeChunk(long requestSequence, int chunkIndex, long nanoTime);
}
