package dev.mosaic.architecture;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each role of the hexagon lives, relative to one root package.
 *
 * <p>The rules in {@link MosaicRules} take a layout instead of hard-coded package names, so the
 * very same rule code runs against the production classes ({@link #MOSAIC}) and against the
 * planted violations in the test sources ({@link #PLANTED}), which mirror the production
 * package tree under another root.
 */
public record Layout(String root) {

    /** The production code of every Mosaic module. */
    public static final Layout MOSAIC = new Layout("dev.mosaic");

    /** Deliberately broken classes in {@code src/test/java/dev/mosaic/architecture/planted}. */
    public static final Layout PLANTED = new Layout("dev.mosaic.architecture.planted");

    /** The adapter modules, each of which must contribute classes to the import. */
    static final List<String> ADAPTER_MODULES = List.of(
            "adapters.in.web", "adapters.out.postgres", "adapters.out.redis", "adapters.out.providers",
            "adapters.out.tokenizer", "adapters.out.embeddings", "adapters.out.resilience",
            "adapters.out.crypto");

    public Layout {
        if (root == null || root.isBlank() || root.endsWith(".")) {
            throw new IllegalArgumentException("root package expected, got '" + root + "'");
        }
    }

    /** A package below the root, e.g. {@code pkg("application.port.in")}; no sub-packages. */
    public String pkg(String relative) {
        return root + "." + relative;
    }

    /** A package below the root with all its sub-packages, in ArchUnit's {@code ..} syntax. */
    public String tree(String relative) {
        return pkg(relative) + "..";
    }

    /** The port every channel implements. */
    public String channelPort() {
        return pkg("application.channel.ChannelAdapter");
    }

    public String everything() {
        return root + "..";
    }

    public String domain() {
        return tree("domain");
    }

    public String application() {
        return tree("application");
    }

    public String portIn() {
        return tree("application.port.in");
    }

    public String portOut() {
        return tree("application.port.out");
    }

    public String services() {
        return tree("application.service");
    }

    public String adapters() {
        return tree("adapters");
    }

    public String inboundAdapters() {
        return tree("adapters.in");
    }

    public String outboundAdapters() {
        return tree("adapters.out");
    }

    /** One slice per adapter module: {@code adapters.<in|out>.<name>..}. */
    public String adapterSlices() {
        return root + ".adapters.(*).(*)..";
    }

    public String bootstrap() {
        return tree("bootstrap");
    }

    public String simulator() {
        return tree("simulator");
    }

    public String tui() {
        return tree("tui");
    }

    /** The port packages that must carry a {@code package-info.java} stating their role. */
    public List<String> portPackages() {
        return List.of(pkg("application.port.in"), pkg("application.port.out"), pkg("application.port.out.provider"));
    }

    /**
     * Every package some rule names. Each must contain classes, or a rename (or a module dropped
     * from the classpath) would silently switch the rules on it off.
     */
    public List<String> namedPackages() {
        var named = new ArrayList<>(List.of(
                domain(), application(), portIn(), portOut(), tree("application.port.out.provider"), services(),
                adapters(), inboundAdapters(), outboundAdapters(), bootstrap(), simulator(), tui()));
        ADAPTER_MODULES.forEach(module -> named.add(tree(module)));
        return List.copyOf(named);
    }
}
