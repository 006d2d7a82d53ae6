package io.keywatch.tray;

import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorReport;
import io.keywatch.doctor.Repair;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.EventQueue;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.Point;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.WindowConstants;

/**
 * "环境检测 / Check the environment": every doctor check with its state, one block each in plain
 * words — what was found, what the nurse can do, what IT should do — and a repair button where
 * KeyWatch repairs without administrator rights (the softkey reset). The checks run off the event
 * thread; "check again" runs them anew. EDT only.
 */
final class DoctorWindow {
    static final Color OK = new Color(0x1B7F3B);
    static final Color WARN = new Color(0xA86400);
    static final Color FAIL = new Color(0xC62828);
    static final Color SKIPPED = new Color(0x6B6B6B);
    private static final Font TEXT = new Font(Font.DIALOG, Font.PLAIN, 13);
    private static final int WIDTH = 620;

    private final TrayTexts texts;
    private final Callable<DoctorReport> doctor;
    private final Function<Repair, CompletionStage<?>> repair;
    private final JDialog dialog;
    private final JLabel heading = new JLabel();
    private final JPanel rows = new JPanel();
    private final JButton again;
    private JButton repairButton;
    private DoctorReport shown;
    private boolean running;

    DoctorWindow(TrayTexts texts, Callable<DoctorReport> doctor, Function<Repair, CompletionStage<?>> repair) {
        this.texts = texts;
        this.doctor = doctor;
        this.repair = repair;
        var m = texts.messages();
        dialog = new JDialog((java.awt.Frame) null, m.get("tray.doctor.title"), false);
        dialog.setName("keywatch-doctor");
        dialog.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        heading.setFont(new Font(Font.DIALOG, Font.BOLD, 14));
        heading.setBorder(BorderFactory.createEmptyBorder(0, 0, 8, 0));
        rows.setLayout(new BoxLayout(rows, BoxLayout.Y_AXIS));
        JScrollPane scroll = new JScrollPane(rows, JScrollPane.VERTICAL_SCROLLBAR_AS_NEEDED,
                JScrollPane.HORIZONTAL_SCROLLBAR_NEVER);
        scroll.setBorder(BorderFactory.createEmptyBorder());
        scroll.getVerticalScrollBar().setUnitIncrement(16);
        scroll.setPreferredSize(new Dimension(WIDTH + 40, 560));
        again = button(m.get("tray.doctor.again"), "again");
        again.addActionListener(e -> run());
        JButton close = button(m.get("tray.doctor.close"), "close");
        close.addActionListener(e -> dialog.dispose());
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
        buttons.add(again);
        buttons.add(close);
        JPanel root = new JPanel(new BorderLayout());
        root.setBorder(BorderFactory.createEmptyBorder(12, 14, 8, 14));
        root.add(heading, BorderLayout.NORTH);
        root.add(scroll, BorderLayout.CENTER);
        root.add(buttons, BorderLayout.SOUTH);
        dialog.setContentPane(root);
        dialog.pack();
        dialog.setLocationRelativeTo(null);
    }

    void show() {
        dialog.setVisible(true);
        dialog.toFront();
        if (shown == null && !running) {
            run();
        }
    }

    boolean isShowing() {
        return dialog.isShowing();
    }

    void dispose() {
        dialog.dispose();
    }

    /** The report on screen, once the checks finished. */
    Optional<DoctorReport> report() {
        return Optional.ofNullable(running ? null : shown);
    }

    /** The repair button's centre inside the window (UI tests click it from outside). */
    Optional<Point> repairButtonInDialog() {
        if (repairButton == null || !repairButton.isShowing()) {
            return Optional.empty();
        }
        return Optional.of(javax.swing.SwingUtilities.convertPoint(repairButton, repairButton.getWidth() / 2,
                repairButton.getHeight() / 2, dialog));
    }

    private void run() {
        running = true;
        again.setEnabled(false);
        heading.setText(texts.messages().get("tray.doctor.running"));
        CompletableFuture.supplyAsync(() -> {
            try {
                return doctor.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }).whenComplete((report, err) -> EventQueue.invokeLater(() -> {
            running = false;
            again.setEnabled(true);
            if (err != null) {
                Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                heading.setText(texts.messages().get("tray.doctor.error", String.valueOf(c.getMessage())));
                return;
            }
            showReport(report);
        }));
    }

    private void showReport(DoctorReport report) {
        shown = report;
        heading.setText(texts.doctorVerdict(report));
        rows.removeAll();
        repairButton = null;
        for (CheckOutcome o : report.checks()) {
            rows.add(row(o));
        }
        rows.revalidate();
        rows.repaint();
    }

    private JPanel row(CheckOutcome o) {
        JLabel state = new JLabel(texts.messages().get("doctor.state." + o.status().name()));
        state.setFont(new Font(Font.DIALOG, Font.BOLD, 13));
        state.setForeground(colour(o.status()));
        state.setPreferredSize(new Dimension(72, 20));
        state.setVerticalAlignment(JLabel.TOP);
        JTextArea body = new JTextArea(texts.doctorRow(o));
        body.setName(o.id());
        body.setEditable(false);
        body.setLineWrap(true);
        body.setWrapStyleWord(true);
        body.setOpaque(false);
        body.setFont(TEXT);
        int bodyWidth = WIDTH - 72 - (o.repair().isPresent() ? 110 : 0);
        body.setSize(new Dimension(bodyWidth, Short.MAX_VALUE));
        body.setPreferredSize(new Dimension(bodyWidth, body.getPreferredSize().height));
        JPanel p = new JPanel(new BorderLayout(8, 0));
        p.setBorder(BorderFactory.createCompoundBorder(BorderFactory.createMatteBorder(0, 0, 1, 0, new Color(0xDDDDDD)),
                BorderFactory.createEmptyBorder(6, 0, 6, 0)));
        p.add(state, BorderLayout.WEST);
        p.add(body, BorderLayout.CENTER);
        if (o.repair().isPresent() && o.status() == CheckState.FAIL) {
            JButton fix = button(texts.messages().get("tray.doctor.repair." + o.repair().get().name()), "repair");
            fix.addActionListener(e -> {
                fix.setEnabled(false);
                again.setEnabled(false);
                heading.setText(texts.messages().get("tray.doctor.repairing"));
                repair.apply(o.repair().get()).whenComplete((v, err) -> EventQueue.invokeLater(this::run));
            });
            JPanel east = new JPanel(new FlowLayout(FlowLayout.RIGHT, 0, 0));
            east.add(fix);
            p.add(east, BorderLayout.EAST);
            repairButton = fix;
        }
        p.setAlignmentX(0f);
        p.setMaximumSize(new Dimension(Integer.MAX_VALUE, p.getPreferredSize().height));
        return p;
    }

    private static JButton button(String label, String name) {
        JButton b = new JButton(label);
        b.setName(name);
        b.setFont(TEXT);
        return b;
    }

    static Color colour(CheckState s) {
        return switch (s) {
            case OK -> OK;
            case WARN -> WARN;
            case FAIL -> FAIL;
            case SKIPPED -> SKIPPED;
        };
    }
}
