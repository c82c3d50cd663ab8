package dev.mosaic.application.port.in;

import dev.mosaic.application.catalog.ModelInfo;
import java.util.List;

/** The model catalog as clients see it: every known model of every provider, with limits and prices. */
public interface ListModelsQuery {
    /** Sorted by provider, then model id. */
    List<ModelInfo> list();
}
