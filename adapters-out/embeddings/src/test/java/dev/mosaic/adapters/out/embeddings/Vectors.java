package dev.mosaic.adapters.out.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;

/** Vector arithmetic and made-up vectors for the tests. */
final class Vectors {

    private Vectors() {}

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    static double cosine(float[] a, float[] b) {
        return dot(a, b) / (norm(a) * norm(b));
    }

    /** A seeded Gaussian vector scaled to unit length, the shape real embedding APIs return. */
    static float[] unit(long seed, int dimensions) {
        Random random = new Random(seed);
        float[] v = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            v[i] = (float) random.nextGaussian();
        }
        double n = norm(v);
        for (int i = 0; i < dimensions; i++) {
            v[i] /= (float) n;
        }
        return v;
    }

    static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).floatValue();
        }
        return v;
    }
}
