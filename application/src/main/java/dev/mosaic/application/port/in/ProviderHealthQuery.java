package dev.mosaic.application.port.in;

import dev.mosaic.application.view.ProviderHealth;
import java.util.List;

/** The one health view of every configured provider, which routing and the admin API read. */
public interface ProviderHealthQuery {
    List<ProviderHealth> health();
}
