package io.beacon.registry.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short commands (tar, bin/beacon without a role) to their end, echoing them. Stateless. */
final class Commands {

  /** What a command printed (standard output and error together) and its exit status. */
  record Result(int exit, String output) {}

  private Commands() {}

  static Result run(List<String> command) throws IOException, InterruptedException {
    System.out.println("distribution-it: $ " + String.join(" ", command));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("still running after 30 s: " + command);
    }
    output.lines().forEach(line -> System.out.println("distribution-it:   " + line));
    System.out.println("distribution-it:   (exit " + process.exitValue() + ")");
    return new Result(process.exitValue(), output);
  }
}
