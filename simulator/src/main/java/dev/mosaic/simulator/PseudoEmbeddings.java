package dev.mosaic.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Embeddings without a model: a unit vector drawn from a Gaussian seeded by the text's SHA-256, so
 * the same text always gets the same vector and different texts get unrelated ones. SplitMix64 and
 * Box–Muller are spelled out here (not {@code nextGaussian}, whose algorithm a JDK may change) so
 * vectors stored by one test run still match the next.
 */
final class PseudoEmbeddings {

    private PseudoEmbeddings() {}

    /**
     * @param dimensions at most {@link ProviderSimulator#EMBEDDING_DIMENSIONS}; a shorter vector is
     *     the full one cut and normalised again, as Matryoshka models shorten theirs
     */
    static float[] of(String text, int dimensions) {
        SplittableRandom random = new SplittableRandom(seed(text));
        double[] values = new double[dimensions];
        for (int i = 0; i < dimensions; i += 2) {
            double radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
            double angle = 2 * Math.PI * random.nextDouble();
            values[i] = radius * Math.cos(angle);
            if (i + 1 < dimensions) {
                values[i + 1] = radius * Math.sin(angle);
            }
        }
        double norm = 0;
        for (double value : values) {
            norm += value * value;
        }
        norm = Math.sqrt(norm);
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (values[i] / norm);
        }
        return vector;
    }

    private static long seed(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
