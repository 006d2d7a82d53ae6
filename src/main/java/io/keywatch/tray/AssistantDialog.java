package io.keywatch.tray;

import io.keywatch.core.Messages;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
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
 * "Not repaired yet — next step": the situation, the offer of BJCA's certificate assistant with
 * [start the certificate assistant] [not now], then a progress line while KeyWatch waits for the
 * rebuild, then one sentence saying how it ended and [close]. EDT only.
 */
final class AssistantDialog implements TrayAssistant.View {
    private final Messages m;
    private final JDialog dialog;
    private final JLabel heading = new JLabel();
    private final JTextArea body = new JTextArea();
    private final JProgressBar progress = new JProgressBar();
    private final JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));

    AssistantDialog(Messages m) {
        this.m = m;
        dialog = new JDialog((java.awt.Frame) null, m.get("tray.assistant.title"), false);
        dialog.setName("keywatch-assistant");
        dialog.setAlwaysOnTop(true);
        dialog.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        heading.setFont(new Font(Font.DIALOG, Font.BOLD, 14));
        body.setName("assistant-text");
        body.setEditable(false);
        body.setFocusable(false); // no caret in a message
        body.setLineWrap(true);
        body.setWrapStyleWord(true);
        body.setOpaque(false);
        body.setFont(new Font(Font.DIALOG, Font.PLAIN, 13));
        body.setBorder(BorderFactory.createEmptyBorder(8, 0, 8, 0));
        progress.setIndeterminate(true);
        progress.setVisible(false);
        JPanel text = new JPanel();
        text.setLayout(new BoxLayout(text, BoxLayout.Y_AXIS));
        heading.setAlignmentX(0f);
        body.setAlignmentX(0f);
        progress.setAlignmentX(0f);
        text.add(heading);
        text.add(body);
        text.add(progress);
        JPanel root = new JPanel(new BorderLayout());
        root.setBorder(BorderFactory.createEmptyBorder(12, 14, 8, 14));
        root.add(text, BorderLayout.CENTER);
        root.add(buttons, BorderLayout.SOUTH);
        dialog.setContentPane(root);
    }

    @Override
    public void offer(String situation, String offer, Runnable start) {
        heading.setText(m.get("tray.assistant.heading"));
        setText(situation + "\n\n" + offer);
        buttons.removeAll();
        if (start != null) {
            JButton go = button("start", m.get("tray.assistant.start"), start);
            dialog.getRootPane().setDefaultButton(go);
            button("notNow", m.get("tray.assistant.notNow"), dialog::dispose);
        } else {
            button("close", m.get("tray.assistant.close"), dialog::dispose);
        }
        show();
    }

    @Override
    public void waiting(String text) {
        buttons.removeAll();
        setText(text);
        progress.setVisible(true);
        show();
    }

    @Override
    public void outcome(String text, boolean ok) {
        heading.setText(m.get(ok ? "tray.assistant.headingDone" : "tray.assistant.heading"));
        progress.setVisible(false);
        setText(text);
        buttons.removeAll();
        button("close", m.get("tray.assistant.close"), dialog::dispose);
        show();
    }

    private JButton button(String name, String label, Runnable action) {
        JButton b = new JButton(label);
        b.setName(name);
        b.setFont(new Font(Font.DIALOG, Font.PLAIN, 13));
        b.addActionListener(e -> action.run());
        buttons.add(b);
        return b;
    }

    private void setText(String text) {
        body.setText(text);
        body.setSize(new Dimension(480, Short.MAX_VALUE));
        body.setPreferredSize(new Dimension(480, body.getPreferredSize().height));
    }

    private void show() {
        buttons.revalidate();
        dialog.setMinimumSize(new Dimension(420, 0)); // each step packs to its own height
        dialog.pack();
        if (!dialog.isVisible()) {
            dialog.setLocationRelativeTo(null);
            dialog.setVisible(true);
        }
        dialog.toFront();
    }
}
