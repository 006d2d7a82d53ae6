package io.keywatch.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** {@code $XDG_CONFIG_HOME/autostart/keywatch.desktop} (freedesktop autostart spec). */
public final class XdgAutostart implements Autostart {
    private final Path entry;

    public XdgAutostart(Path configHome) {
        this.entry = configHome.resolve("autostart").resolve("keywatch.desktop");
    }

    @Override
    public boolean isEnabled() {
        return Files.isRegularFile(entry);
    }

    @Override
    public void enable(List<String> command) throws IOException {
        Files.createDirectories(entry.getParent());
        String exec = command.stream().map(XdgAutostart::quote).collect(Collectors.joining(" "));
        String text = "[Desktop Entry]\n"
                + "Type=Application\n"
                + "Name=KeyWatch\n"
                + "Comment=BJCA USB key watchdog\n"
                + "Exec=" + exec + "\n"
                + "Terminal=false\n"
                + "X-GNOME-Autostart-enabled=true\n";
        Path tmp = entry.resolveSibling(entry.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, entry, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void disable() throws IOException {
        Files.deleteIfExists(entry);
    }

    @Override
    public String location() {
        return entry.toString();
    }

    /** Exec-key quoting from the desktop entry spec: quote arguments with reserved characters. */
    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> " \t\n\"'\\><~|&;$*?#()`".indexOf(c) >= 0)) {
            return arg;
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : arg.toCharArray()) {
            if (c == '"' || c == '`' || c == '$' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }
}
