package io.vertedge.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * An integration test that runs vertedge from the fat jar in a directory of its own; every
 * process it started is killed after each test, whatever the test left running.
 */
abstract class LauncherTestBase {

  @TempDir
  Path tmp;

  Launcher launcher;

  @BeforeEach
  final void startLauncher() {
    launcher = new Launcher(tmp);
  }

  @AfterEach
  final void killChildren() {
    launcher.close();
  }
}
