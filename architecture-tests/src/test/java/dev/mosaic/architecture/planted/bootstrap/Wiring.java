package dev.mosaic.architecture.planted.bootstrap;

import dev.mosaic.architecture.planted.adapters.in.web.WebController;
import dev.mosaic.architecture.planted.adapters.out.redis.RedisThings;
import dev.mosaic.architecture.planted.application.service.DoThingService;
import dev.mosaic.architecture.planted.simulator.SimulatorMain;

/** Clean: the composition root reads the environment, sees every adapter and may start the simulator. */
public final class Wiring {
    private Wiring() {}

    public static WebController start() {
        if (System.getenv("MOSAIC_SIMULATOR") != null) {
            SimulatorMain.main(new String[0]);
        }
        return new WebController(new DoThingService(new RedisThings()));
    }
}
