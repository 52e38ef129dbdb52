package io.beacon.registry.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of STYLE.md, checked on the production classes of every module; the testing
 * fixtures ({@code io.beacon.registry.testing..}) are not production classes.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // testing/'s fixtures are test support, though they sit in their modules' main/.
            .withImportOption(location -> !location.contains("/io/beacon/registry/testing/"))
            .importPackages("io.beacon.registry");
  }

  @Test
  void springLivesOnlyInAppPackages() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework..")
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
    noClasses()
        .that()
        .resideInAPackage("io.beacon.registry.session..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.beacon.registry.data..", "io.beacon.registry.meta..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.beacon.registry.data..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.beacon.registry.session..", "io.beacon.registry.meta..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.beacon.registry.meta..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.beacon.registry.session..", "io.beacon.registry.data..")
        .check(classes);
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
}
