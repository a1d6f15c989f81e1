package io.sculptor.store.jdbc;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for the tests: Debian's server binaries
 * ({@code /usr/lib/postgresql/<version>/bin}, or {@code $SCULPTOR_PG_BIN}), a data directory in a
 * temporary folder, listening on 127.0.0.1 at a free port, started once per test run and stopped
 * (and deleted) when the JVM exits. initdb refuses to run as root, so as root the cluster runs as
 * the {@code postgres} user through {@code runuser}. Under {@code CI=true} a missing server fails
 * the tests; elsewhere they are skipped with a message saying how to install it.
 */
final class PostgresServer {
  private static PostgresServer running;
  private static int databases;

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgres;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** {@return the running server, started on the first call} */
  static synchronized PostgresServer get() {
    if (running == null) {
      running = start();
    }
    return running;
  }

  /** {@return a JDBC URL of a new, empty database} */
  synchronized String newDatabase() {
    String name = "sculptor_test_" + ++databases;
    try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return url(name);
  }

  String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private static PostgresServer start() {
    Path bin = binaries();
    if (bin == null) {
      String message = "PostgreSQL server binaries not found (/usr/lib/postgresql/<version>/bin or $SCULPTOR_PG_BIN);"
          + " install them with: apt-get install -y postgresql";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(message + " -- under CI=true the PostgreSQL tests must run");
      }
      abort(message);
    }
    try {
      boolean root = "root".equals(System.getProperty("user.name"));
      Path dir = Files.createTempDirectory("sculptor-pg");
      if (root) {
        UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
      }
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      PostgresServer server = new PostgresServer(bin, dir, port, root);
      server.run("initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8",
          "--locale=C", "--no-sync");
      server.run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w", "-o",
          "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100", "start");
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("could not start PostgreSQL: " + e.getMessage(), e);
    }
  }

  private void stop() {
    try {
      run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // A temporary folder left behind.
      }
    }
  }

  private void run(String program, String... args) {
    List<String> command = new ArrayList<>();
    if (asPostgres) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve(program + ".out").toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed:\n"
            + Files.readString(dir.resolve(program + ".out")));
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Path binaries() {
    String env = System.getenv("SCULPTOR_PG_BIN");
    if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
      return Path.of(env);
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }
}
