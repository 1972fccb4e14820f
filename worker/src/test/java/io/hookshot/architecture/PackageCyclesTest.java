package io.hookshot.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The worker's main packages depend on each other without a cycle (each package a slice), so the architecture reads
 * from the package list. Fails the build when a change closes a cycle. (common and producer come in as jars and are
 * left out; they are small, and {@code pkgcycles.py} checks every module.)
 */
class PackageCyclesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.hookshot");

    @Test
    void mainPackagesHaveNoCycle() {
        assertThat(MAIN.containPackage("io.hookshot.worker.queue"))
                .as("the worker's classes were read")
                .isTrue();
        slices().matching("io.hookshot.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
