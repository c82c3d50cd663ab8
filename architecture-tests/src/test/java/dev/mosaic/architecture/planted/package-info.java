/**
 * Deliberate architecture violations, one or more per rule of {@link dev.mosaic.architecture.MosaicRules}.
 *
 * <p>The tree below mirrors the production packages ({@code domain}, {@code application.port.in},
 * {@code adapters.out.redis}, ...) under this root, so {@code PlantedViolationsTest} can run the very
 * same rule definitions against it and assert that each rule reports its offender. These classes
 * are test classes: the production import ({@code DoNotIncludeTests}) never sees them. The
 * {@code adapters.out.postgres} package and the package-info of {@code application.port.out} are
 * missing on purpose.
 */
package dev.mosaic.architecture.planted;
