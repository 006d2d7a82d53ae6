package io.keywatch.tray;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * A private X server (Xvfb) with a real XEmbed tray host (trayer), started and stopped by the test, and
 * the X tools the test drives it with. Mirrors /work/shared/tools/run-in-tray.sh. Kills only what it started.
 */
final class XSession implements AutoCloseable {
    static final List<String> TOOLS = List.of("Xvfb", "trayer", "xdotool", "import");
    // A deadline, not a delay: generous because a loaded 2-core CI machine paints slowly.
    static final Duration WAIT = Duration.ofSeconds(60);

    private final Process xvfb;
    private final String display;
    private final Path logDir;
    private Process trayer;

    private XSession(Process xvfb, String display, Path logDir) {
        this.xvfb = xvfb;
        this.display = display;
        this.logDir = logDir;
    }

    /** The first missing tool, if any (the UI test is skipped with that reason). */
    static Optional<String> missingTool() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String tool : TOOLS) {
            boolean found = false;
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return Optional.of(tool);
            }
        }
        return Optional.empty();
    }

    static XSession start(Path logDir) throws Exception {
        return start(logDir, true);
    }

    static XSession start(Path logDir, boolean withTrayer) throws Exception {
        Files.createDirectories(logDir);
        // Other test runs on this machine use Xvfb's own choice (from :0 up): pick a random high display
        // instead, and another when that one is taken. -displayfd 1 prints the number once clients can connect.
        java.util.Random random = new java.util.Random();
        String lastError = "";
        for (int attempt = 0; attempt < 10; attempt++) {
            int number = 200 + random.nextInt(700);
            Path log = logDir.resolve("xvfb.log");
            Process x = new ProcessBuilder("Xvfb", ":" + number, "-displayfd", "1", "-screen", "0", "1024x768x24",
                    "-nolisten", "tcp").redirectError(log.toFile()).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(x.getInputStream(), StandardCharsets.US_ASCII));
            String ready = r.readLine(); // null: Xvfb exited (display taken, or cannot start)
            if (ready == null || !ready.strip().equals(String.valueOf(number))) {
                x.destroy();
                x.waitFor(10, TimeUnit.SECONDS);
                lastError = Files.readString(log);
                continue;
            }
            XSession s = new XSession(x, ":" + number, logDir);
            try {
                if (withTrayer) {
                    s.startTrayer();
                }
            } catch (Exception | AssertionError e) {
                s.close(); // never leave an X server behind
                throw e;
            }
            return s;
        }
        throw new IllegalStateException("Xvfb did not start on any of 10 displays: " + lastError);
    }

    String display() {
        return display;
    }

    /**
     * Starts trayer; retried when it exits at once (seen under heavy load: GTK failed to open a display
     * Xvfb had just announced), so a busy machine does not turn into a red UI test.
     */
    void startTrayer() throws Exception {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                startTrayerOnce();
                return;
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private void startTrayerOnce() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel",
                "--width", "200", "--height", "24")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("trayer.log").toFile()));
        pb.environment().put("DISPLAY", display);
        trayer = pb.start();
        Process started = trayer;
        awaitTrue("trayer's panel window", () -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("trayer exited with " + started.exitValue() + ", see "
                        + logDir.resolve("trayer.log"));
            }
            return !xdotool("search", "--onlyvisible", "--classname", "^panel$").isBlank();
        });
    }

    void stopTrayer() throws InterruptedException {
        if (trayer != null) {
            trayer.destroy();
            if (!trayer.waitFor(10, TimeUnit.SECONDS)) {
                trayer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            trayer = null;
        }
    }

    /** Runs an X tool against this display and returns its stdout ("" when it failed). */
    String xdotool(String... args) {
        List<String> cmd = new ArrayList<>(List.of("xdotool"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    String run(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DISPLAY", display);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Geometry of the first window matching the xdotool search arguments, if one exists. */
    Optional<Rectangle> geometry(String... searchArgs) {
        String ids = xdotool(concat(new String[] {"search"}, searchArgs));
        for (String id : ids.split("\\s+")) {
            if (id.isBlank()) {
                continue;
            }
            Optional<Rectangle> g = windowGeometry(id);
            if (g.isPresent()) {
                return g;
            }
        }
        return Optional.empty();
    }

    List<String> windows(String... searchArgs) {
        String ids = xdotool(concat(new String[] {"search"}, searchArgs));
        List<String> out = new ArrayList<>();
        for (String id : ids.split("\\s+")) {
            if (!id.isBlank()) {
                out.add(id);
            }
        }
        return out;
    }

    Optional<Rectangle> windowGeometry(String id) {
        String shell = xdotool("getwindowgeometry", "--shell", id);
        int x = value(shell, "X");
        int y = value(shell, "Y");
        int w = value(shell, "WIDTH");
        int h = value(shell, "HEIGHT");
        return w > 0 && h > 0 ? Optional.of(new Rectangle(x, y, w, h)) : Optional.empty();
    }

    private static int value(String shell, String key) {
        for (String line : shell.split("\\R")) {
            if (line.startsWith(key + "=")) {
                return Integer.parseInt(line.substring(key.length() + 1).strip());
            }
        }
        return -1;
    }

    /** The tray icon's embedded window (AWT names it JavaEmbeddedFrame). */
    Optional<Rectangle> trayIconWindow() {
        return geometry("--onlyvisible", "--name", "^JavaEmbeddedFrame$");
    }

    Path screenshot(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        List<String> cmd = List.of("import", "-window", "root", file.toString());
        run(cmd);
        if (!Files.isRegularFile(file)) {
            throw new IOException("screenshot failed: " + file);
        }
        return file;
    }

    /** Pixels in {@code area} of the screenshot within a small distance of {@code colour}. */
    static int pixelsNear(Path png, Rectangle area, Color colour) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        Rectangle r = area.intersection(new Rectangle(0, 0, img.getWidth(), img.getHeight()));
        int n = 0;
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                Color c = new Color(img.getRGB(x, y));
                int d = Math.abs(c.getRed() - colour.getRed()) + Math.abs(c.getGreen() - colour.getGreen())
                        + Math.abs(c.getBlue() - colour.getBlue());
                if (d < 40) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Light (background) and dark (text, outlines) pixel counts of an area of a screenshot. */
    record Ink(int light, int dark) { }

    static Ink ink(Path png, Rectangle area) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        Rectangle r = area.intersection(new Rectangle(0, 0, img.getWidth(), img.getHeight()));
        int light = 0;
        int dark = 0;
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                int rgb = img.getRGB(x, y);
                int sum = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
                if (sum > 540) {
                    light++;
                } else if (sum < 300) {
                    dark++;
                }
            }
        }
        return new Ink(light, dark);
    }

    /**
     * Takes screenshots until {@code area} shows at least {@code minLight} light pixels and looks the same in
     * two shots in a row: a window is not "painted" when it is merely mapped.
     */
    Path screenshotWhenPainted(Path dir, String name, Supplier<Optional<Rectangle>> area, int minLight)
            throws InterruptedException {
        Path[] shot = {null};
        Ink[] previous = {null};
        awaitTrue(name + " painted", () -> {
            try {
                Optional<Rectangle> a = area.get();
                if (a.isEmpty()) {
                    return false;
                }
                shot[0] = screenshot(dir, name);
                Ink now = ink(shot[0], a.get());
                boolean done = now.light() >= minLight && now.equals(previous[0]);
                previous[0] = now;
                return done;
            } catch (IOException e) {
                return false;
            }
        });
        return shot[0];
    }

    /** Polls an observable condition until it holds or the deadline passes (then fails naming it). */
    static void awaitTrue(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50); // polling interval of an external condition, not a synchronisation guess
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Override
    public void close() {
        try {
            stopTrayer();
            xvfb.destroy();
            if (!xvfb.waitFor(10, TimeUnit.SECONDS)) {
                xvfb.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
