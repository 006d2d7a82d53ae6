import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Graphics2D;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;

/**
 * The yardstick of src/bench: the least an AWT tray program can be. One 16 px icon, one menu with one
 * item (Exit), nothing else: no logging, no threads of its own, no timers. Started by the benchmark
 * with the same JVM and the same options as KeyWatch.
 */
public final class MinimalTray {
    private MinimalTray() {
    }

    public static void main(String[] args) throws Exception {
        EventQueue.invokeAndWait(() -> {
            BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(0x2E, 0x9D, 0x3A));
            g.fillOval(1, 1, 14, 14);
            g.dispose();
            PopupMenu menu = new PopupMenu();
            MenuItem exit = new MenuItem("Exit");
            exit.addActionListener(e -> System.exit(0));
            menu.add(exit);
            try {
                SystemTray.getSystemTray().add(new TrayIcon(image, "MinimalTray", menu));
            } catch (Exception e) {
                throw new IllegalStateException("no tray: " + e, e);
            }
        });
    }
}
