package dev.mosaic.architecture.planted.tui;

/** Clean: a standalone client. */
public final class TuiMain {
    private TuiMain() {}

    public static void main(String[] args) {
        System.out.println("tui");
    }
}
