package dev.mosaic.architecture.planted.simulator;

/** Clean: a standalone program's entry point may read its environment. */
public final class SimulatorMain {
    private SimulatorMain() {}

    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("SIMULATOR_PORT", "0");
        new SimulatorHelper().serve(Integer.parseInt(port));
    }
}
