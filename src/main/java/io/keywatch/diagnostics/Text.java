package io.keywatch.diagnostics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Cutting text to a byte budget at character and line boundaries, and reading file tails. */
final class Text {
    private static final Charset GB18030 = Charset.forName("GB18030");

    private Text() {
    }

    /** The longest prefix whose UTF-8 form fits {@code max} bytes. */
    static byte[] head(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= max) {
            return b;
        }
        int end = max;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--; // do not split a character
        }
        return java.util.Arrays.copyOf(b, end);
    }

    /** The longest suffix that fits, starting at a line (a cut line could lose a key and keep its value). */
    static byte[] tail(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= max) {
            return b;
        }
        int start = b.length - max;
        while (start < b.length && b[start - 1] != '\n') {
            start++;
        }
        return java.util.Arrays.copyOfRange(b, start, b.length);
    }

    /** The last {@code max} bytes of a file as text, from the first whole line; UTF-8, else GB18030. */
    static String tailOf(Path file, int max) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long start = Math.max(0, size - max);
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(max, size));
            while (buf.hasRemaining() && ch.read(buf, start + buf.position()) > 0) {
                // read until full or end of file
            }
            byte[] b = java.util.Arrays.copyOf(buf.array(), buf.position());
            int from = 0;
            if (start > 0) {
                while (from < b.length && b[from] != '\n') {
                    from++;
                }
                from = Math.min(from + 1, b.length);
            }
            return decode(java.util.Arrays.copyOfRange(b, from, b.length));
        }
    }

    /**
     * BJCA on a Chinese Windows writes its logs in GBK, some Windows tools in UTF-16; KeyWatch writes UTF-8.
     * UTF-16 is recognised by its byte order mark or by NUL bytes in every other position (ASCII text).
     */
    static String decode(byte[] b) {
        if (b.length >= 2 && (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE || b[0] == (byte) 0xFE && b[1] == (byte) 0xFF)) {
            return new String(b, StandardCharsets.UTF_16); // the BOM says which order
        }
        int oddNuls = 0;
        int evenNuls = 0;
        for (int i = 0; i + 1 < b.length && i < 4096; i += 2) {
            evenNuls += b[i] == 0 ? 1 : 0;
            oddNuls += b[i + 1] == 0 ? 1 : 0;
        }
        int pairs = Math.min(b.length, 4096) / 2;
        if (pairs > 0 && oddNuls * 3 > pairs && evenNuls * 10 < pairs) {
            return new String(b, StandardCharsets.UTF_16LE);
        }
        if (pairs > 0 && evenNuls * 3 > pairs && oddNuls * 10 < pairs) {
            return new String(b, StandardCharsets.UTF_16BE);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return new String(b, GB18030);
        }
    }
}
