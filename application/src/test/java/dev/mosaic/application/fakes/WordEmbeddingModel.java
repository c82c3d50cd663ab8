package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingModel;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * A fake embedding model: each word of four letters or more adds to one of 64 dimensions, so texts
 * that share words point the same way. It can be made to fail, or to hang until released.
 */
public final class WordEmbeddingModel implements EmbeddingModel {
    public static final String MODEL = "fake-words";
    public static final int DIMENSIONS = 64;

    private final String model;
    private volatile boolean down;
    private volatile CountDownLatch hang;

    public WordEmbeddingModel() {
        this(MODEL);
    }

    /** The same vectors under another name: what a change of embedding model looks like. */
    public WordEmbeddingModel(String model) {
        this.model = model;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    public void down(boolean down) {
        this.down = down;
    }

    /** Every call waits until {@link #release} is called. */
    public void hang() {
        hang = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch latch = hang;
        hang = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    public List<Embedding> embed(List<String> texts) {
        CountDownLatch latch = hang;
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddingException("interrupted", e);
            }
        }
        if (down) {
            throw new EmbeddingException("the fake embedding model is down", null);
        }
        return texts.stream().map(WordEmbeddingModel::vector).map(v -> new Embedding(model, v)).toList();
    }

    private static float[] vector(String text) {
        float[] vector = new float[DIMENSIONS];
        vector[0] = 0.01f; // never all zeros, even for a text of short words only
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (word.length() >= 4) {
                vector[Math.floorMod(word.hashCode(), DIMENSIONS)] += 1;
            }
        }
        return vector;
    }
}
