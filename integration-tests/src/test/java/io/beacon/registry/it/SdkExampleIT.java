package io.beacon.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import example.EchoExample;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SDK example of {@code docs/sdk.md} runs against a cluster (1 meta, 1 data, 1 session), and
 * the documents show exactly the code that ran: docs/sdk.md holds the example file verbatim, and
 * every line of the README's SDK snippet is a line of it.
 */
class SdkExampleIT {

  private static final Path EXAMPLE = Path.of("src/test/java/example/EchoExample.java");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void theDocumentedExampleSeesItsOwnPublication() throws Exception {
    try (InProcessCluster cluster =
        InProcessCluster.builder().metaNodes(1).dataNodes(1).sessionNodes(1).build()) {
      List<String> providers =
          EchoExample.run(InProcessCluster.HOST + ":" + cluster.session(0).httpPort());

      assertThat(providers).containsExactly("10.0.0.1:12200");
    }
  }

  @Test
  void theSdkGuideShowsTheExampleVerbatim() throws Exception {
    String example = Files.readString(EXAMPLE);
    String guide = Files.readString(Path.of("..", "docs", "sdk.md"));

    assertThat(guide).contains(example);
  }

  @Test
  void theReadmeSnippetIsTakenFromTheExample() throws Exception {
    List<String> exampleLines = Files.readString(EXAMPLE).lines().map(String::strip).toList();
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher sdkBlock = JAVA_BLOCK.matcher(readme.substring(readme.indexOf("## The Beacon SDK")));

    assertThat(sdkBlock.find()).as("a java block in the README's SDK section").isTrue();
    List<String> snippet =
        Arrays.stream(sdkBlock.group(1).split("\n"))
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .toList();
    assertThat(snippet).isNotEmpty();
    assertThat(exampleLines).containsAll(snippet);
  }
}
