package io.beacon.registry.it;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.core.importer.Locations;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of STYLE.md, checked on the production classes of every module, the standalone
 * launcher's included; the testing fixtures ({@code io.beacon.registry.testing..}) are not
 * production classes. Each rule is shown to fail on a deliberate violation when it is written (see
 * the closing note of issue 15).
 */
class ArchitectureTest {

  /** Spring's property-binding annotations, which the settings records may carry. */
  private static final String BINDING_ANNOTATIONS = "org.springframework.boot.context.properties..";

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    Path standalone = Path.of(System.getProperty("beacon.standalone.classes", "missing"));
    assertThat(standalone.resolve("io/beacon/registry/standalone/app"))
        .as("the standalone module's classes (build it first: mvn -pl standalone -am package)")
        .satisfies(path -> assertThat(Files.isDirectory(path)).isTrue());
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // testing/'s fixtures are test support, though they sit in their modules' main/.
            .withImportOption(location -> !location.contains("/io/beacon/registry/testing/"))
            .importLocations(locations(standalone));
    assertThat(classes.contain("io.beacon.registry.standalone.app.StandaloneApplication")).isTrue();
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().matching("io.beacon.registry.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void springLivesOnlyInAppPackagesAndTheSettingsRecordsCarryOnlyItsBindingAnnotations() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..app..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("org.springframework..")
                .and(not(resideInAPackage(BINDING_ANNOTATIONS))))
        .check(classes);
    noClasses()
        .that()
        .resideOutsideOfPackages("..app..", "..settings..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BINDING_ANNOTATIONS)
        .check(classes);
  }

  @Test
  void boltAndHessianLiveOnlyInCommonRpc() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.beacon.registry.common.rpc..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.alipay.remoting..", "com.caucho..", "com.alipay.hessian..")
        .check(classes);
  }

  @Test
  void serversNeverImportEachOther() {
    serverImportsNone("session", "data", "meta", "standalone").check(classes);
    serverImportsNone("data", "session", "meta", "standalone").check(classes);
    serverImportsNone("meta", "session", "data", "standalone").check(classes);
  }

  @Test
  void commonAndTheSdkDependOnNoServer() {
    noClasses()
        .that()
        .resideInAnyPackage("io.beacon.registry.common..", "io.beacon.registry.client..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.beacon.registry.session..",
            "io.beacon.registry.data..",
            "io.beacon.registry.meta..",
            "io.beacon.registry.standalone..")
        .check(classes);
  }

  /**
   * Server logic reads time only through an injected clock, so tests drive it with a fake one; only
   * the Spring wiring in {@code app} hands the servers the system clock.
   */
  @Test
  void serverLogicReadsTimeOnlyThroughAnInjectedClock() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.beacon.registry.common..",
            "io.beacon.registry.session..",
            "io.beacon.registry.data..",
            "io.beacon.registry.meta..")
        .and()
        .resideOutsideOfPackage("..app..")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(InstantSource.class, "system")
        .check(classes);
  }

  private static ArchRule serverImportsNone(String server, String... others) {
    String[] packages = new String[others.length];
    for (int i = 0; i < others.length; i++) {
      packages[i] = "io.beacon.registry." + others[i] + "..";
    }
    return noClasses()
        .that()
        .resideInAPackage("io.beacon.registry." + server + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages);
  }

  /** Beacon's packages on this test's class path, and the standalone's classes. */
  private static Set<Location> locations(Path standalone) {
    Set<Location> locations = new HashSet<>(Locations.ofPackage("io.beacon.registry"));
    locations.add(Location.of(standalone));
    return locations;
  }
}
