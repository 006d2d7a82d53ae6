package io.keywatch.diagnostics;

import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.Messages;
import io.keywatch.core.SoftkeyException;
import io.keywatch.platform.HostIdentity;
import io.keywatch.platform.RegistryReader;
import io.keywatch.usb.UsbDevices;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts read from this PC rather than from BJCA: KeyWatch and its configuration, the softkey db and
 * its diagnosis, the quarantine journal, KeyWatch's and BJCA's logs, BJCA's install path, the USB devices.
 * Reads the settings of the {@link Diagnostics} it belongs to.
 */
final class LocalParts {
    private final Diagnostics owner;

    LocalParts(Diagnostics owner) {
        this.owner = owner;
    }

    Map<String, Object> keywatch(Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generatedAt", at.toString());
        m.put("version", owner.version);
        m.put("machine", HostIdentity.machine());
        m.put("user", HostIdentity.user());
        m.put("platform", owner.platformName);
        if (owner.dataDir != null) {
            m.put("dataDir", owner.dataDir.toString());
        }
        if (owner.logDir != null) {
            m.put("logDir", owner.logDir.toString());
        }
        Map<String, Object> cfg = new LinkedHashMap<>();
        owner.config.values().forEach((key, value) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("value", value);
            v.put("source", owner.config.sourceOf(key));
            cfg.put(key, v);
        });
        m.put("config", cfg);
        m.put("configProblems", owner.configProblems);
        Map<String, Object> os = new LinkedHashMap<>();
        os.put("name", System.getProperty("os.name"));
        os.put("version", System.getProperty("os.version"));
        os.put("arch", System.getProperty("os.arch"));
        m.put("os", os);
        m.put("locale", Locale.getDefault().toLanguageTag());
        m.put("timeZone", owner.zone.getId());
        m.put("charset", Charset.defaultCharset().name());
        Map<String, Object> java = new LinkedHashMap<>();
        java.put("version", System.getProperty("java.version"));
        java.put("vendor", System.getProperty("java.vendor"));
        java.put("vm", System.getProperty("java.vm.name"));
        java.put("home", System.getProperty("java.home"));
        m.put("java", java);
        return m;
    }

    Content softkeyDb(Diagnosis[] out, int[] journalEntries) throws SoftkeyException {
        if (owner.store == null) {
            return Content.absent("no softkey db configured");
        }
        Diagnosis d = owner.store.diagnose();
        out[0] = d;
        Map<String, Object> m = new LinkedHashMap<>();
        DbFacts f = d.facts();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("path", f.path().toString());
        facts.put("exists", f.exists());
        if (f.exists()) {
            facts.put("size", f.size());
        }
        f.created().ifPresent(t -> facts.put("created", t.toString()));
        f.modified().ifPresent(t -> facts.put("modified", t.toString()));
        m.put("facts", facts);
        Map<String, Object> diag = new LinkedHashMap<>();
        diag.put("verdict", d.verdict().name());
        diag.put("explanation_en", Messages.of(Locale.ENGLISH, owner.zone).explain(d));
        diag.put("explanation_zh", Messages.of(Locale.SIMPLIFIED_CHINESE, owner.zone).explain(d));
        d.osInstalled().ifPresent(t -> diag.put("osInstalled", t.toString()));
        d.profileCreated().ifPresent(t -> diag.put("profileCreated", t.toString()));
        d.comparedWith().ifPresent(r -> diag.put("comparedWith", r.name()));
        d.problem().ifPresent(p -> diag.put("problem", p));
        m.put("diagnosis", diag);
        try {
            List<JournalEntry> journal = owner.store.journal();
            journalEntries[0] = journal.size();
            m.put("quarantinedNow", journal.stream().filter(JournalEntry::restorable).map(JournalEntry::id).toList());
        } catch (SoftkeyException e) {
            m.put("journalError", e.getMessage());
        }
        return Content.of(Content.json(m));
    }

    Content journal() throws IOException {
        if (owner.journalFile == null) {
            return Content.absent("no data folder given");
        }
        return Content.of(Text.tailOf(owner.journalFile, owner.partCap));
    }

    Content keywatchLog() throws IOException {
        if (owner.logDir == null) {
            return Content.absent("no log folder given");
        }
        return logs(owner.logDir);
    }

    /** A file's tail, or the newest files of a folder (and its sub-folders) up to the tail budget, oldest first. */
    Content logs(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isRegularFile()) {
            return Content.of(header(path, a) + Text.tailOf(path, owner.logTail));
        }
        if (!a.isDirectory()) {
            return Content.failed(path + " is neither a file nor a folder");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(path, 2)) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted(Comparator.comparing(LocalParts::modified).reversed()).toList();
        }
        if (files.isEmpty()) {
            return Content.absent(path + " holds no files");
        }
        List<String> sections = new ArrayList<>();
        long budget = owner.logTail;
        List<String> unreadable = new ArrayList<>();
        for (Path f : files) {
            if (budget <= 0) {
                break;
            }
            try {
                BasicFileAttributes fa = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String tail = Text.tailOf(f, (int) budget);
                sections.add(0, header(f, fa) + tail + (tail.endsWith("\n") ? "" : "\n"));
                budget -= tail.getBytes(StandardCharsets.UTF_8).length;
            } catch (IOException e) {
                unreadable.add(f.getFileName() + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        if (sections.isEmpty()) {
            return Content.failed("no file in " + path + " could be read: " + String.join(", ", unreadable));
        }
        // Oldest first, so the end of the part is the newest line (a cut keeps the end).
        return new Content(String.join("", sections), Diagnostics.State.OK, unreadable.isEmpty() ? ""
                : "not readable: " + String.join(", ", unreadable));
    }

    private static String header(Path f, BasicFileAttributes a) {
        return "===== " + f + " (" + a.size() + " bytes, modified " + a.lastModifiedTime() + ") =====\n";
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    Content bjcaInstall() throws RegistryReader.RegistryException {
        if (owner.registry.isEmpty()) {
            return Content.absent("no Windows registry on this OS: BJCA is not installed here");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        Object path = owner.registry.get().values(Diagnostics.BJCA_REGISTRY_KEY).get("InstallPath");
        m.put("registryKey", "HKLM\\" + Diagnostics.BJCA_REGISTRY_KEY);
        if (path instanceof String p && !p.isBlank()) {
            m.put("installPath", p);
            try {
                m.put("installPathExists", Files.isDirectory(Path.of(owner.registry.get().expand(p))));
            } catch (RuntimeException e) {
                m.put("installPathExists", false);
            }
        } else {
            m.put("installPath", null);
        }
        Map<String, Object> product = owner.registry.get().values(Diagnostics.BJCA_PRODUCT_KEY);
        Object pv = product.get("pv");
        if (pv != null) {
            m.put("productVersion", String.valueOf(pv));
        }
        Object name = product.get("name");
        if (name != null) {
            m.put("productName", String.valueOf(name));
        }
        return Content.of(Content.json(m));
    }

    Content usb() throws Exception {
        if (owner.usbDevices == null) {
            return Content.absent("no USB listing on this machine");
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (UsbDevices.Seen s : owner.usbDevices.call()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("vid", io.keywatch.usb.UsbId.hex4(s.ids().vendorId()));
            d.put("pid", io.keywatch.usb.UsbId.hex4(s.ids().productId()));
            d.put("bjcaKey", s.label().isPresent());
            s.label().ifPresent(l -> d.put("catalogLabel", l));
            d.put("where", s.where());
            list.add(d);
        }
        return Content.of(Content.json(Map.of("devices", list)));
    }
}
