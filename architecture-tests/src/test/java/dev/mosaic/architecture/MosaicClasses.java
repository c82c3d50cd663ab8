package dev.mosaic.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The classes the rules run against, imported once per test JVM. */
final class MosaicClasses {

    /** Test jars (e.g. application's port contracts and fakes) are not production code either. */
    static final ImportOption DO_NOT_INCLUDE_TEST_JARS = location -> !location.contains("-tests.jar");

    private static JavaClasses production;
    private static JavaClasses planted;

    private MosaicClasses() {}

    /** The production classes of every module: main classes only, from dev.mosaic. */
    static synchronized JavaClasses production() {
        if (production == null) {
            production = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .withImportOption(DO_NOT_INCLUDE_TEST_JARS)
                    .importPackages(Layout.MOSAIC.root());
        }
        return production;
    }

    /** The deliberately broken classes in this module's test sources. */
    static synchronized JavaClasses planted() {
        if (planted == null) {
            planted = new ClassFileImporter().importPackages(Layout.PLANTED.root());
        }
        return planted;
    }
}
