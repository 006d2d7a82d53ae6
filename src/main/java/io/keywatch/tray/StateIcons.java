package io.keywatch.tray;

import io.keywatch.core.WatchState;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BaseMultiResolutionImage;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tray icons, drawn with Java2D at every size they are shown at (100–250 % scaling), so they stay
 * crisp. States differ in shape as well as colour, for colour-blind nurses and grey-scale remote sessions:
 * grey key outline (waiting), blue dots (checking, repairing), green check, red octagon with a cross
 * (failed), amber triangle with "!" (unavailable, timeout).
 */
public final class StateIcons {
    /** Sizes in pixels: 16 at 100 %, 20 at 125 %, 24 at 150 %, 32 at 200 %, 40 at 250 %. */
    public static final List<Integer> SIZES = List.of(16, 20, 24, 32, 40);

    /** The icon families; several states share one picture where the nurse needs no difference. */
    public enum Look { KEY, BUSY, CHECK, CROSS, WARNING }

    static final Color GREY = new Color(0x6B, 0x6B, 0x6B);
    static final Color BLUE = new Color(0x1E, 0x6F, 0xD9);
    static final Color GREEN = new Color(0x2E, 0x9D, 0x3A);
    static final Color RED = new Color(0xD3, 0x2F, 0x2F);
    static final Color AMBER = new Color(0xF2, 0xA9, 0x00);
    static final Color INK = new Color(0x33, 0x26, 0x00);

    private StateIcons() {
    }

    public static Look look(WatchState state) {
        return switch (state) {
            case WAITING_FOR_KEY -> Look.KEY;
            case CHECKING, REPAIRING -> Look.BUSY;
            case OK -> Look.CHECK;
            case FAILED -> Look.CROSS;
            case UNAVAILABLE, TIMEOUT -> Look.WARNING;
        };
    }

    /** The main colour of a look (tests find it in screenshots). */
    public static Color colour(Look look) {
        return switch (look) {
            case KEY -> GREY;
            case BUSY -> BLUE;
            case CHECK -> GREEN;
            case CROSS -> RED;
            case WARNING -> AMBER;
        };
    }

    /** Drawn icons by look and size: a state change on the event thread only swaps an image in. */
    private static final Map<Long, BaseMultiResolutionImage> DRAWN = new ConcurrentHashMap<>();

    /**
     * All variants, with the one closest to {@code preferredSize} as the base image (what AWT draws unscaled).
     * Drawn once per look and size; callers must not draw into the images.
     */
    public static BaseMultiResolutionImage icon(WatchState state, int preferredSize) {
        Look look = look(state);
        return DRAWN.computeIfAbsent(((long) look.ordinal() << 32) | (preferredSize & 0xFFFF_FFFFL),
                k -> draw(look, preferredSize));
    }

    private static BaseMultiResolutionImage draw(Look look, int preferredSize) {
        BufferedImage[] variants = SIZES.stream().map(s -> render(look, s)).toArray(BufferedImage[]::new);
        int base = 0;
        for (int i = 0; i < variants.length; i++) {
            if (Math.abs(SIZES.get(i) - preferredSize) < Math.abs(SIZES.get(base) - preferredSize)) {
                base = i;
            }
        }
        if (SIZES.get(base) != preferredSize && preferredSize > 0 && preferredSize <= 256) {
            // An odd tray size (e.g. 22 px panels): draw it exactly rather than let AWT scale a neighbour.
            BufferedImage[] withExact = Arrays.copyOf(variants, variants.length + 1);
            withExact[variants.length] = render(look, preferredSize);
            return new BaseMultiResolutionImage(variants.length, withExact);
        }
        return new BaseMultiResolutionImage(base, variants);
    }

    public static BaseMultiResolutionImage icon(WatchState state) {
        return icon(state, 16);
    }

    /** One variant, transparent background, antialiased. */
    public static BufferedImage render(Look look, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            double s = size;
            double stroke = Math.max(1.5, s / 8.0);
            switch (look) {
                case KEY -> drawKey(g, s, stroke);
                case BUSY -> drawBusy(g, s);
                case CHECK -> drawCheck(g, s, stroke);
                case CROSS -> drawCross(g, s, stroke);
                case WARNING -> drawWarning(g, s, stroke);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Grey outline of a key: ring bow, shaft, two teeth. */
    private static void drawKey(Graphics2D g, double s, double stroke) {
        g.setColor(GREY);
        g.setStroke(new BasicStroke((float) stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double r = s * 0.22;
        double cx = s * 0.30;
        double cy = s * 0.50;
        g.draw(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
        Path2D shaft = new Path2D.Double();
        shaft.moveTo(cx + r, cy);
        shaft.lineTo(s * 0.92, cy);
        shaft.moveTo(s * 0.80, cy);
        shaft.lineTo(s * 0.80, cy + s * 0.20);
        shaft.moveTo(s * 0.66, cy);
        shaft.lineTo(s * 0.66, cy + s * 0.15);
        g.draw(shaft);
    }

    /** Blue disc with three white dots: "working on it". */
    private static void drawBusy(Graphics2D g, double s) {
        g.setColor(BLUE);
        g.fill(new Ellipse2D.Double(s * 0.04, s * 0.04, s * 0.92, s * 0.92));
        g.setColor(Color.WHITE);
        double d = Math.max(2.0, s * 0.16);
        for (int i = -1; i <= 1; i++) {
            double x = s / 2 + i * s * 0.25 - d / 2;
            g.fill(new Ellipse2D.Double(x, s / 2 - d / 2, d, d));
        }
    }

    /** Green disc with a white check mark. */
    private static void drawCheck(Graphics2D g, double s, double stroke) {
        g.setColor(GREEN);
        g.fill(new Ellipse2D.Double(s * 0.04, s * 0.04, s * 0.92, s * 0.92));
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke((float) stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D tick = new Path2D.Double();
        tick.moveTo(s * 0.27, s * 0.52);
        tick.lineTo(s * 0.44, s * 0.69);
        tick.lineTo(s * 0.74, s * 0.34);
        g.draw(tick);
    }

    /** Red octagon (a stop sign) with a white cross. */
    private static void drawCross(Graphics2D g, double s, double stroke) {
        g.setColor(RED);
        Path2D oct = new Path2D.Double();
        double c = s / 2;
        double r = s * 0.49;
        for (int i = 0; i < 8; i++) {
            double a = Math.PI / 8 + i * Math.PI / 4;
            double x = c + r * Math.cos(a);
            double y = c + r * Math.sin(a);
            if (i == 0) {
                oct.moveTo(x, y);
            } else {
                oct.lineTo(x, y);
            }
        }
        oct.closePath();
        g.fill(oct);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke((float) stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D x = new Path2D.Double();
        x.moveTo(s * 0.32, s * 0.32);
        x.lineTo(s * 0.68, s * 0.68);
        x.moveTo(s * 0.68, s * 0.32);
        x.lineTo(s * 0.32, s * 0.68);
        g.draw(x);
    }

    /** Amber triangle with a dark exclamation mark. */
    private static void drawWarning(Graphics2D g, double s, double stroke) {
        g.setColor(AMBER);
        Path2D tri = new Path2D.Double();
        tri.moveTo(s * 0.50, s * 0.04);
        tri.lineTo(s * 0.97, s * 0.93);
        tri.lineTo(s * 0.03, s * 0.93);
        tri.closePath();
        g.setStroke(new BasicStroke((float) Math.max(1.0, s / 16.0), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.fill(tri);
        g.draw(tri);
        g.setColor(INK);
        double w = Math.max(1.6, stroke * 0.9);
        g.fill(new RoundRectangle2D.Double(s * 0.5 - w / 2, s * 0.33, w, s * 0.33, w, w));
        g.fill(new Ellipse2D.Double(s * 0.5 - w * 0.6, s * 0.73, w * 1.2, w * 1.2));
    }
}
