package dev.mosaic.adapters.out.embeddings;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingModel;
import java.util.List;

/**
 * bge-small-en-v1.5 (384 dimensions) run in process by ONNX Runtime: the default embedding model,
 * needing no server and no network. The weights and tokeniser come inside langchain4j's jar.
 *
 * <p>The model is loaded when first asked to embed, once per JVM (langchain4j keeps it in a static
 * field, so further instances are cheap): it reads about 130 MB of weights and starts ONNX Runtime,
 * about 1.5–2 s on 2 cores, after which a sentence takes a few milliseconds. Loading it only then
 * spares a gateway whose users keep no insights its memory (about 400 MB resident) and start time. Loading unpacks native
 * libraries: ONNX Runtime's into {@code java.io.tmpdir}, DJL's tokeniser into {@code DJL_CACHE_DIR}
 * (default {@code ~/.djl.ai}) and JNA's, for DJL's GPU probe, into {@code jna.tmpdir} (default
 * {@code ~/.cache/JNA}); whoever starts the JVM points these where files may go.
 *
 * <p>Thread-safe: ONNX Runtime sessions and the tokeniser may be used from many threads. A single
 * text is embedded on the caller's thread; several are spread over a pool of one thread per core.
 * Vectors come back L2-normalised, so a dot product is their cosine similarity. A text longer than
 * the model's 512-token window is embedded in parts whose vectors are averaged.
 */
public final class OnnxEmbeddingModel implements EmbeddingModel {

    public static final String MODEL = "bge-small-en-v1.5";
    public static final int DIMENSIONS = 384;

    private volatile BgeSmallEnV15EmbeddingModel model;

    /** @throws EmbeddingException when the model or ONNX Runtime's native library cannot be loaded */
    private BgeSmallEnV15EmbeddingModel loaded() {
        BgeSmallEnV15EmbeddingModel ready = model;
        if (ready != null) {
            return ready;
        }
        synchronized (this) {
            if (model == null) {
                try {
                    model = new BgeSmallEnV15EmbeddingModel();
                } catch (RuntimeException | LinkageError e) {
                    // LinkageError: a failed static initialiser or a native library that does not load here.
                    throw new EmbeddingException("cannot load the in-process embedding model " + MODEL + ": " + e, e);
                }
            }
            return model;
        }
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public List<Embedding> embed(List<String> texts) {
        List<String> inputs = EmbeddingInputs.checked(texts);
        if (inputs.isEmpty()) {
            return List.of(); // langchain4j refuses an empty list
        }
        List<dev.langchain4j.data.embedding.Embedding> vectors;
        try {
            vectors = loaded().embedAll(inputs.stream().map(TextSegment::from).toList()).content();
        } catch (RuntimeException e) {
            throw new EmbeddingException("the in-process model " + MODEL + " failed to embed " + inputs.size()
                    + " text(s): " + e.getMessage(), e);
        }
        return vectors.stream().map(v -> new Embedding(MODEL, v.vector())).toList();
    }
}
