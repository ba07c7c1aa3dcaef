package org.chondroj.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and package graph of ChondroJ's main code (docs/DESIGN.md, "Modules"): each module uses only those below
 * it, no package depends on itself through others, and the two heavy third-party worlds stay where they belong
 * (ImageJ in the plugins, SQLite in the batch). Maven already refuses a module that imports a module it does not
 * depend on; these rules also catch package cycles inside a module and a dependency declared where it should not be.
 */
class ArchitectureTest {

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		// every module's main classes: this module depends on the top ones (plugins, cli, benchmarks), which bring the rest
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.chondroj");
		for (final String p : new String[] { "core", "dicom", "phantom", "knee", "testbed", "segment", "onnx", "report", "analysis", "batch", "spark", "plugins", "cli", "bench" })
			assertTrue(classes.containPackage("org.chondroj." + p), "the classes of org.chondroj." + p + " were found");
	}

	@Test
	void modulesUseOnlyThoseBelowThem() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
				.layer("core").definedBy("org.chondroj.core..")
				.layer("dicom").definedBy("org.chondroj.dicom..")
				.layer("phantom").definedBy("org.chondroj.phantom..")
				.layer("knee").definedBy("org.chondroj.knee..")
				.layer("testbed").definedBy("org.chondroj.testbed..")
				.layer("segment").definedBy("org.chondroj.segment..")
				.layer("onnx").definedBy("org.chondroj.onnx..")
				.layer("report").definedBy("org.chondroj.report..")
				.layer("analysis").definedBy("org.chondroj.analysis..")
				.layer("batch").definedBy("org.chondroj.batch..")
				.layer("spark").definedBy("org.chondroj.spark..")
				.layer("plugins").definedBy("org.chondroj.plugins..")
				.layer("cli").definedBy("org.chondroj.cli..")
				.layer("benchmarks").definedBy("org.chondroj.bench..")
				.whereLayer("benchmarks").mayNotBeAccessedByAnyLayer()
				.whereLayer("cli").mayNotBeAccessedByAnyLayer()
				.whereLayer("plugins").mayNotBeAccessedByAnyLayer()
				// the batch on Apache Spark: a second engine over the batch's own work, used by the command line's --engine spark
				.whereLayer("spark").mayOnlyBeAccessedByLayers("cli")
				.whereLayer("batch").mayOnlyBeAccessedByLayers("spark", "cli", "benchmarks")
				.whereLayer("analysis").mayOnlyBeAccessedByLayers("batch", "spark", "plugins", "cli", "benchmarks")
				.whereLayer("report").mayOnlyBeAccessedByLayers("analysis", "batch", "plugins", "cli", "benchmarks")
				.whereLayer("segment").mayOnlyBeAccessedByLayers("analysis", "batch", "plugins", "cli", "benchmarks")
				// learned models (ONNX Runtime) beside the classical segmenter, sharing no code with it
				.whereLayer("onnx").mayOnlyBeAccessedByLayers("analysis", "batch", "plugins", "cli", "benchmarks")
				// the test bed renders images from label maps: it shares no code with the segmenter
				.whereLayer("testbed").mayOnlyBeAccessedByLayers("cli", "benchmarks")
				.whereLayer("knee").mayOnlyBeAccessedByLayers("testbed", "segment", "onnx", "report", "analysis", "batch", "spark", "plugins", "cli", "benchmarks")
				// the phantom computes its truth from its own model, independently of the measurement
				.whereLayer("phantom").mayOnlyBeAccessedByLayers("testbed", "cli", "benchmarks")
				.whereLayer("dicom").mayOnlyBeAccessedByLayers("phantom", "knee", "testbed", "segment", "report", "analysis", "batch", "spark", "plugins", "cli",
						"benchmarks")
				.check(classes);
	}

	@Test
	void noPackageCycles() {
		slices().matching("org.chondroj.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void imageJOnlyInThePlugins() {
		noClasses().that().resideOutsideOfPackage("org.chondroj.plugins..").should().dependOnClassesThat().resideInAPackage("ij..").check(classes);
	}

	@Test
	void onnxRuntimeOnlyInTheOnnxModule() {
		noClasses().that().resideOutsideOfPackage("org.chondroj.onnx..").should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..").check(classes);
	}

	@Test
	void sparkOnlyInTheSparkEngine() {
		noClasses().that().resideOutsideOfPackage("org.chondroj.spark..").and().doNotHaveFullyQualifiedName("org.chondroj.cli.SparkEngine").should()
				.dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..").check(classes);
	}

	@Test
	void sqliteOnlyInTheBatch() {
		noClasses().that().resideOutsideOfPackage("org.chondroj.batch..").should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..")
				.check(classes);
	}
}
