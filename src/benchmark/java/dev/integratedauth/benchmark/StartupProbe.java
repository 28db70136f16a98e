package dev.integratedauth.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the service {@code runs} times and measures, each time, the wall time from process start to the first
 * {@code 200} from {@code GET /api/v1/getcode}, and the CPU time the process used until then (from /proc, so it
 * means something on a noisy machine). Polls every 5 ms with a raw HTTP/1.1 request, so the probe itself costs
 * next to nothing. Each run is bounded: a service without a code after {@code timeoutSeconds} counts as failed.
 * <p>
 * Usage: {@code StartupProbe <runs> <port> <timeout seconds> <log file> -- <command...>}. Prints one line per run and
 * {@code MEDIAN wall_ms=... cpu_ms=... failed=...}.
 */
public final class StartupProbe {

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        int port = Integer.parseInt(args[1]);
        long timeoutNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        Path log = Path.of(args[3]);
        List<String> command = Arrays.asList(args).subList(Arrays.asList(args).indexOf("--") + 1, args.length);
        long ticksPerSecond = 100; // USER_HZ: 100 on Linux for /proc/<pid>/stat
        List<Double> walls = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        int failed = 0;
        for (int run = 1; run <= runs; run++) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            boolean ok = false;
            while (System.nanoTime() - start < timeoutNanos && process.isAlive()) {
                if (getCode(port)) {
                    ok = true;
                    break;
                }
                Thread.sleep(5);
            }
            double wall = (System.nanoTime() - start) / 1e6;
            double cpu = cpuMillis(process.pid(), ticksPerSecond);
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            if (ok) {
                walls.add(wall);
                cpus.add(cpu);
                System.out.printf("run %d: first code after %.0f ms wall, %.0f ms CPU%n", run, wall, cpu);
            } else {
                failed++;
                System.out.printf("run %d: no code within the time limit%n", run);
            }
        }
        System.out.printf("MEDIAN wall_ms=%.0f cpu_ms=%.0f failed=%d%n", median(walls), median(cpus), failed);
    }

    /** One HTTP/1.1 request on a fresh connection; true on a 200. Connection refused while starting is false. */
    static boolean getCode(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(15000);
            OutputStream out = socket.getOutputStream();
            // The caller's token (from the stubs' local Entra, run.sh's CALLER_TOKEN), as every caller sends one.
            String token = System.getenv("CALLER_TOKEN");
            String authorization = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
            out.write(("GET /api/v1/getcode HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authorization
                    + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    static double cpuMillis(long pid, long ticksPerSecond) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000.0 / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
