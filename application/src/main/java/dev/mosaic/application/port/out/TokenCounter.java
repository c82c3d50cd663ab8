package dev.mosaic.application.port.out;

/** Counts the tokens a text costs with a given model. */
@FunctionalInterface
public interface TokenCounter {

    /**
     * @param model the model the text is for; a counter that has no exact tokenizer for it estimates
     */
    long count(String model, String text);
}
