package io.beacon.registry.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;

/**
 * {@link OrphanGuard} for a server whose main class is not ours to wrap: one started by a
 * distribution's {@code bin/beacon}, which runs the server's own main. Beside the server runs a
 * {@code sh} whose standard input is a pipe from this JVM; it waits for end of file there (the
 * built-in {@code read}, so no further process) and then sends the server {@code kill -9}. End of
 * file comes when this JVM exits for any reason, even {@code kill -9} (which skips {@link
 * ProcessReaper}'s hook). Once the server has exited, {@link #close()} ends the watch, so that it
 * never signals a process id the system has handed to somebody else. Immutable.
 */
final class OrphanWatch implements AutoCloseable {

  private final Process watcher;

  private OrphanWatch(Process watcher) {
    this.watcher = watcher;
  }

  /** Starts watching {@code server}: it is killed when this JVM's end of the pipe closes. */
  static OrphanWatch of(Process server) {
    String script = "read -r _; kill -9 " + server.pid() + " 2>/dev/null";
    try {
      return new OrphanWatch(
          new ProcessBuilder("sh", "-c", script)
              .redirectOutput(Redirect.DISCARD)
              .redirectError(Redirect.DISCARD)
              .start());
    } catch (IOException e) {
      server.destroyForcibly();
      throw new UncheckedIOException("cannot start the orphan watch of pid " + server.pid(), e);
    }
  }

  /** What happens when this JVM exits: the watch's input ends. For tests of the watch. */
  void endInput() throws IOException {
    watcher.getOutputStream().close();
  }

  /** Whether the watch still waits (its {@code sh} lives). */
  boolean isWatching() {
    return watcher.isAlive();
  }

  /** Ends the watch without signalling the server (SIGTERM to the waiting {@code sh}). */
  @Override
  public void close() {
    watcher.destroy();
  }
}
