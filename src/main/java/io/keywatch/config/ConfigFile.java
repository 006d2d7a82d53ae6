package io.keywatch.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one configuration file into its JSON object, refusing what would mislead or hurt: a file
 * over {@link #MAX_BYTES} (never read whole, so a 100 MB file costs 1 MiB, not an OutOfMemoryError),
 * a folder, text that is not UTF-8, anything but one JSON object. A UTF-8 byte order mark (Windows
 * Notepad writes one) is skipped. Text after the object is reported; the object's settings are used.
 */
public final class ConfigFile {
    /** The largest configuration file read: real ones are a few hundred bytes. */
    public static final int MAX_BYTES = 1024 * 1024;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /**
     * What reading gave: the object (possibly with a warning, e.g. text after it), nothing because the
     * file is not there, or nothing because it is unusable ({@code rejected}: the problem says why).
     */
    public record Read(Optional<Map<?, ?>> object, Optional<String> problem, boolean absent) {
        static Read absentFile() {
            return new Read(Optional.empty(), Optional.empty(), true);
        }

        static Read rejected(String problem) {
            return new Read(Optional.empty(), Optional.of(problem), false);
        }

        /** There, but none of its settings can be used. */
        public boolean rejected() {
            return object.isEmpty() && !absent;
        }
    }

    private final Messages messages;
    private final int maxBytes;

    public ConfigFile(Messages messages) {
        this(messages, MAX_BYTES);
    }

    ConfigFile(Messages messages, int maxBytes) {
        this.messages = messages;
        this.maxBytes = maxBytes;
    }

    public Read read(Path file) {
        byte[] bytes;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (a.isDirectory()) {
                return Read.rejected(messages.get("config.isFolder", file));
            }
            if (a.size() > maxBytes) {
                return Read.rejected(messages.get("config.tooLarge", file, maxBytes));
            }
            try (InputStream in = Files.newInputStream(file)) {
                // The size can change between the look and the read (or lie, for a device): read one past the cap.
                bytes = in.readNBytes(maxBytes + 1);
            }
            if (bytes.length > maxBytes) {
                return Read.rejected(messages.get("config.tooLarge", file, maxBytes));
            }
        } catch (NoSuchFileException e) {
            return Read.absentFile();
        } catch (IOException | SecurityException e) {
            return Read.rejected(messages.get("config.unreadable", file, String.valueOf(e.getMessage())));
        }
        String text;
        try {
            int skip = startsWithBom(bytes) ? BOM.length : 0;
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip)).toString();
        } catch (CharacterCodingException e) {
            return Read.rejected(messages.get("config.notUtf8", file));
        }
        return parse(file, text);
    }

    private Read parse(Path file, String text) {
        try (JsonParser p = JSON.std.getStreamingFactory().createParser(text)) {
            Object parsed = JSON.std.anyFrom(p);
            if (!(parsed instanceof Map<?, ?> map)) {
                return Read.rejected(messages.get("config.notObject", file));
            }
            return new Read(Optional.of(map), trailing(file, p), false);
        } catch (IOException e) {
            return Read.rejected(messages.get("config.notJson", file, firstLine(e.getMessage())));
        } catch (RuntimeException | StackOverflowError e) {
            return Read.rejected(messages.get("config.notJson", file, e.getClass().getSimpleName()));
        }
    }

    /** Anything but white space after the object: a second object, a stray brace, a note. */
    private Optional<String> trailing(Path file, JsonParser p) {
        JsonLocation at;
        try {
            if (p.nextToken() == null) {
                return Optional.empty();
            }
            at = p.currentTokenLocation();
        } catch (JsonProcessingException e) {
            at = e.getLocation();
        } catch (IOException e) {
            at = p.currentLocation();
        }
        long line = at == null ? -1 : at.getLineNr();
        long column = at == null ? -1 : at.getColumnNr();
        return Optional.of(messages.get("config.trailingText", file, line, column));
    }

    private static boolean startsWithBom(byte[] b) {
        return b.length >= 3 && b[0] == BOM[0] && b[1] == BOM[1] && b[2] == BOM[2];
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
