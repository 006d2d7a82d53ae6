package io.keywatch.tray;

import io.keywatch.core.RepairChoice;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.Point;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JTextArea;
import javax.swing.WindowConstants;

/**
 * "The check failed — what now?": the diagnosis in plain words and three buttons. The choice is handed
 * to {@code onChoice}, which starts the repair elsewhere; the dialog shows progress until that finishes.
 * EDT only.
 */
final class RepairDialog {
    private final JDialog dialog;
    private final Map<RepairChoice, JButton> buttons = new EnumMap<>(RepairChoice.class);
    private final JProgressBar progress = new JProgressBar();
    private final JLabel progressLabel;
    private final Function<RepairChoice, CompletionStage<?>> onChoice;
    private boolean repairing;
    private boolean answered;

    RepairDialog(TrayTexts texts, String heading, String explanation, Function<RepairChoice, CompletionStage<?>> onChoice) {
        this.onChoice = onChoice;
        var m = texts.messages();
        dialog = new JDialog((java.awt.Frame) null, m.get("tray.dialog.title"), false);
        dialog.setName("keywatch-repair");
        dialog.setAlwaysOnTop(true);
        dialog.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        dialog.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                if (!repairing) {
                    choose(RepairChoice.CANCEL);
                }
            }
        });

        JLabel headingLabel = new JLabel(heading);
        headingLabel.setFont(new Font(Font.DIALOG, Font.BOLD, 14));
        JTextArea body = new JTextArea(explanation);
        body.setName("explanation");
        body.setEditable(false);
        body.setLineWrap(true);
        body.setWrapStyleWord(true);
        body.setOpaque(false);
        body.setFont(new Font(Font.DIALOG, Font.PLAIN, 13));
        body.setBorder(BorderFactory.createEmptyBorder(8, 0, 8, 0));
        // A wrapping text area reports its wrapped height only once it knows its width.
        body.setSize(new Dimension(480, Short.MAX_VALUE));
        body.setPreferredSize(new Dimension(480, body.getPreferredSize().height));

        progress.setIndeterminate(true);
        progress.setVisible(false);
        progressLabel = new JLabel(m.get("tray.dialog.progress"));
        progressLabel.setFont(new Font(Font.DIALOG, Font.PLAIN, 13));
        progressLabel.setVisible(false);

        JPanel text = new JPanel();
        text.setLayout(new BoxLayout(text, BoxLayout.Y_AXIS));
        headingLabel.setAlignmentX(0f);
        body.setAlignmentX(0f);
        progressLabel.setAlignmentX(0f);
        progress.setAlignmentX(0f);
        text.add(headingLabel);
        text.add(body);
        text.add(progressLabel);
        text.add(progress);

        JPanel row = new JPanel(new FlowLayout(FlowLayout.RIGHT));
        addButton(row, RepairChoice.REPAIR_AND_LAUNCH, m.get("tray.dialog.repairAndLaunch"));
        addButton(row, RepairChoice.REPAIR, m.get("tray.dialog.repairOnly"));
        addButton(row, RepairChoice.CANCEL, m.get("tray.dialog.cancel"));

        JPanel root = new JPanel(new BorderLayout());
        root.setBorder(BorderFactory.createEmptyBorder(12, 14, 8, 14));
        root.add(text, BorderLayout.CENTER);
        root.add(row, BorderLayout.SOUTH);
        dialog.setContentPane(root);
        dialog.getRootPane().setDefaultButton(buttons.get(RepairChoice.REPAIR_AND_LAUNCH));
        dialog.pack();
        dialog.setMinimumSize(new Dimension(420, dialog.getHeight()));
        dialog.setLocationRelativeTo(null);
    }

    private void addButton(JPanel row, RepairChoice choice, String label) {
        JButton b = new JButton(label);
        b.setName(choice.name());
        b.setFont(new Font(Font.DIALOG, Font.PLAIN, 13));
        b.addActionListener(e -> choose(choice));
        buttons.put(choice, b);
        row.add(b);
    }

    void show() {
        dialog.setVisible(true);
        dialog.toFront();
        dialog.requestFocus();
    }

    boolean isShowing() {
        return dialog.isShowing();
    }

    boolean isRepairing() {
        return repairing;
    }

    /** Centre of a button on the screen, for UI tests that click it from outside. */
    Optional<Point> buttonCentre(RepairChoice choice) {
        JButton b = buttons.get(choice);
        if (!b.isShowing()) {
            return Optional.empty();
        }
        Point p = b.getLocationOnScreen();
        return Optional.of(new Point(p.x + b.getWidth() / 2, p.y + b.getHeight() / 2));
    }

    /**
     * The button's centre relative to the dialog's top-left corner. Layout coordinates are settled once
     * the dialog is shown, unlike its screen position, which AWT learns from the X server later.
     */
    Optional<Point> buttonCentreInDialog(RepairChoice choice) {
        JButton b = buttons.get(choice);
        if (b == null || !b.isShowing()) {
            return Optional.empty();
        }
        return Optional.of(javax.swing.SwingUtilities.convertPoint(b, b.getWidth() / 2, b.getHeight() / 2, dialog));
    }

    void dispose() {
        dialog.dispose();
    }

    /** Cancels (when still unanswered) and closes; the tray closing, or a newer question replacing this one. */
    void cancel() {
        if (!answered) {
            choose(RepairChoice.CANCEL);
        } else if (!repairing) {
            dialog.dispose();
        }
    }

    private void choose(RepairChoice choice) {
        if (answered) {
            return;
        }
        answered = true;
        buttons.values().forEach(b -> b.setEnabled(false));
        if (choice == RepairChoice.CANCEL) {
            onChoice.apply(choice);
            dialog.dispose();
            return;
        }
        repairing = true;
        progressLabel.setVisible(true);
        progress.setVisible(true);
        dialog.pack();
        onChoice.apply(choice).whenComplete((v, err) -> java.awt.EventQueue.invokeLater(() -> {
            repairing = false;
            dialog.dispose();
        }));
    }
}
