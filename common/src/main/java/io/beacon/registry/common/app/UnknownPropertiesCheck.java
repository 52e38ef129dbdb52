package io.beacon.registry.common.app;

import io.beacon.registry.common.config.PropertyCatalog;
import io.beacon.registry.common.config.UnknownPropertyException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Stops the start when any property source gives a {@code beacon.*} key that no settings record of
 * this process binds, naming the nearest known key ({@link PropertyCatalog}).
 *
 * <p>Each server's Spring configuration imports this class (importing it from several, as the
 * standalone server does, registers it once). As a {@link BeanFactoryPostProcessor} it runs after
 * every configuration class is registered and the environment is complete (command-line arguments,
 * system properties, environment variables, {@code application.properties} and {@code .yaml},
 * {@code spring.config.additional-location}, {@code SPRING_APPLICATION_JSON}), and before any bean
 * is created: before the settings are bound and before any port is bound. The roles this process
 * runs are the {@code beacon.*} prefixes of the {@link ConfigurationProperties} records registered
 * as beans, so the standalone server accepts the keys of all three and a meta server only {@code
 * beacon.meta.*}.
 *
 * <p>Why not Spring Boot's {@code ignoreUnknownFields = false}: it checks only beneath the prefix
 * it binds, so {@code beacon.metaa.x} or a data key given to a meta server passes; it reports the
 * key without a suggestion; and it runs after the record's constructor, so a typo that leaves a
 * required value unset is reported as that value's error instead of as the typo.
 */
public final class UnknownPropertiesCheck
    implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

  private static final String ROOT = "beacon.";

  private ConfigurableEnvironment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = (ConfigurableEnvironment) environment;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    List<String> problems = problems(environment, settingsOf(beanFactory));
    if (!problems.isEmpty()) {
      throw new UnknownPropertyException(problems);
    }
  }

  /**
   * What is wrong with the {@code beacon.*} keys of {@code environment} for a process binding
   * {@code settings} (record by prefix); empty when every key binds.
   */
  public static List<String> problems(
      ConfigurableEnvironment environment, Map<String, Class<?>> settings) {
    PropertyCatalog catalog = PropertyCatalog.of(settings);
    Set<String> problems = new LinkedHashSet<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
          || !(source instanceof EnumerablePropertySource<?> enumerable)) {
        continue;
      }
      boolean variables = source instanceof SystemEnvironmentPropertySource;
      for (String name : enumerable.getPropertyNames()) {
        String problem =
            variables ? catalog.checkEnvironment(name) : catalog.check(name, describe(source));
        if (problem != null) {
          problems.add(problem);
        }
      }
    }
    return List.copyOf(problems);
  }

  /** The {@code beacon.*} settings records registered as beans, by prefix. */
  static Map<String, Class<?>> settingsOf(ConfigurableListableBeanFactory beanFactory) {
    Map<String, Class<?>> settings = new TreeMap<>();
    for (String name : beanFactory.getBeanDefinitionNames()) {
      Class<?> type = beanFactory.getType(name, false);
      if (type == null || !type.isRecord()) {
        continue;
      }
      MergedAnnotation<ConfigurationProperties> properties =
          MergedAnnotations.from(type).get(ConfigurationProperties.class);
      if (properties.isPresent()) {
        String prefix = properties.getString("prefix");
        if (prefix.startsWith(ROOT)) {
          settings.put(prefix, type);
        }
      }
    }
    return settings;
  }

  private static String describe(PropertySource<?> source) {
    return switch (source.getName()) {
      case "commandLineArgs" -> "command-line arguments";
      case "systemProperties" -> "system properties";
      case "spring.application.json" -> "SPRING_APPLICATION_JSON";
      default -> source.getName();
    };
  }
}
