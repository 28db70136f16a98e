package dev.integratedauth.localazure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

/**
 * One of Azurite's services (queue or table) as a child process: HTTPS with the local certificate, Entra bearer tokens
 * accepted ({@code --oauth basic}), nothing on disk. Installed from npm on first use, at the version pinned in
 * {@code src/local-azure/azurite/package-lock.json}.
 */
final class Azurite implements AutoCloseable {

    /** Azurite's services, each its own executable. */
    enum Service {
        QUEUE("azurite-queue", "--queueHost", "--queuePort"),
        TABLE("azurite-table", "--tableHost", "--tablePort");

        private final String executable;
        private final String hostOption;
        private final String portOption;

        Service(String executable, String hostOption, String portOption) {
            this.executable = executable;
            this.hostOption = hostOption;
            this.portOption = portOption;
        }
    }

    private static final Logger LOG = Logger.getLogger(Azurite.class);
    /** What the queue service ("successfully listens on") and the table service ("successfully started on") print. */
    private static final java.util.regex.Pattern LISTENING = java.util.regex.Pattern.compile(
            "successfully (listens|started) on");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private final Process process;
    private final Thread shutdownHook;

    private Azurite(Process process) {
        this.process = process;
        this.shutdownHook = new Thread(process::destroyForcibly, "azurite-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts one of Azurite's services on 127.0.0.1:{@code port}; returns once it listens. */
    static Azurite start(Service service, Path installDir, Path packageDir, int port, LocalTls tls) {
        Path executable = ensureInstalled(installDir, packageDir).resolveSibling(service.executable);
        List<String> command = List.of(executable.toString(),
                service.hostOption, "127.0.0.1", service.portOption, Integer.toString(port),
                "--oauth", "basic",
                "--cert", tls.keyStore().toAbsolutePath().toString(), "--pwd", tls.password(),
                // The SDKs speak a newer x-ms-version than Azurite 3.35 knows.
                "--skipApiVersionCheck",
                "--inMemoryPersistence", "--disableTelemetry");
        try {
            Path scratch = Files.createDirectories(installDir.resolve("run").resolve(service.name().toLowerCase(java.util.Locale.ROOT)));
            Process process = new ProcessBuilder(command).directory(scratch.toFile()).redirectErrorStream(true)
                    .start();
            Azurite azurite = new Azurite(process);
            azurite.awaitListening(port);
            return azurite;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start Azurite (" + executable + ")", e);
        }
    }

    private void awaitListening(int port) {
        CompletableFuture<Void> listening = new CompletableFuture<>();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!listening.isDone()) {
                        synchronized (output) {
                            output.add(line);
                        }
                        if (LISTENING.matcher(line).find()) {
                            listening.complete(null);
                        }
                    }
                }
            } catch (IOException e) {
                // The process ended; whoever waits is told below.
            }
            listening.completeExceptionally(new IllegalStateException("Azurite exited"));
        }, "azurite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            close();
            String seen;
            synchronized (output) {
                seen = String.join("\n", output);
            }
            throw new IllegalStateException("Azurite did not start listening on 127.0.0.1:" + port
                    + " (is the port taken?). Its output:\n" + seen, e);
        }
    }

    /** npm ci of the pinned package-lock into {@code installDir}, unless an install of the same lock is there. */
    private static Path ensureInstalled(Path installDir, Path packageDir) {
        Path executable = installDir.resolve("node_modules/.bin/azurite-queue").toAbsolutePath();
        try {
            Path lock = packageDir.resolve("package-lock.json");
            Path installedLock = installDir.resolve("package-lock.json");
            if (Files.isExecutable(executable) && Files.exists(installedLock)
                    && Files.mismatch(lock, installedLock) == -1) {
                return executable;
            }
            LOG.infof("Installing Azurite from npm into %s (once; about a minute)", installDir);
            Files.createDirectories(installDir);
            Files.copy(packageDir.resolve("package.json"), installDir.resolve("package.json"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(lock, installedLock, StandardCopyOption.REPLACE_EXISTING);
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(installDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(installDir.resolve("npm-install.log").toFile())
                    .start();
            if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci of Azurite failed; see " + installDir.resolve("npm-install.log"));
            }
            return executable;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot install Azurite into " + installDir + " (is npm on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing Azurite", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs anyway.
        }
    }
}
