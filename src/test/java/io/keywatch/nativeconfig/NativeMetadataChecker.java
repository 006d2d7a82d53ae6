package io.keywatch.nativeconfig;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks GraalVM reachability metadata (reflect-, jni-, proxy- and resource-config.json) against the
 * class path: every class, method, field, proxy interface, resource and bundle it names must exist.
 * Stale metadata fails silently in a native image (the entry is ignored and the app breaks at run
 * time on a customer PC), so it has to fail loudly here instead.
 */
final class NativeMetadataChecker {
    private final ClassLoader loader;
    private final List<String> problems = new ArrayList<>();
    private int checkedEntries;

    NativeMetadataChecker(ClassLoader loader) {
        this.loader = loader;
    }

    /** Checks every known metadata file in {@code dir}; absent files are skipped. */
    List<String> checkDirectory(Path dir) {
        for (String f : List.of("reflect-config.json", "jni-config.json")) {
            if (Files.isRegularFile(dir.resolve(f))) {
                checkTypes(dir.resolve(f));
            }
        }
        if (Files.isRegularFile(dir.resolve("proxy-config.json"))) {
            checkProxies(dir.resolve("proxy-config.json"));
        }
        if (Files.isRegularFile(dir.resolve("resource-config.json"))) {
            checkResources(dir.resolve("resource-config.json"));
        }
        return List.copyOf(problems);
    }

    int checkedEntries() {
        return checkedEntries;
    }

    private Object read(Path file) {
        try {
            return JSON.std.anyFrom(Files.readString(file));
        } catch (IOException e) {
            problems.add(file.getFileName() + ": not valid JSON: " + e.getMessage());
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private void checkTypes(Path file) {
        Object json = read(file);
        if (json == null) {
            return;
        }
        if (!(json instanceof List<?> entries)) {
            problems.add(file.getFileName() + ": expected a JSON array of type entries");
            return;
        }
        String where = file.getFileName().toString();
        for (Object o : entries) {
            checkedEntries++;
            if (!(o instanceof Map<?, ?> entry) || !(entry.get("name") instanceof String name)) {
                problems.add(where + ": entry without a \"name\": " + o);
                continue;
            }
            Optional<Class<?>> type = load(name);
            if (type.isEmpty()) {
                problems.add(where + ": class " + name + " does not exist");
                continue;
            }
            Class<?> c = type.get();
            for (Object m : list(entry, "methods")) {
                Map<String, Object> method = (Map<String, Object>) m;
                String methodName = (String) method.get("name");
                List<String> params = (List<String>) method.get("parameterTypes");
                if (!hasMethod(c, methodName, params)) {
                    problems.add(where + ": " + name + " has no method " + methodName
                            + (params == null ? "" : "(" + String.join(", ", params) + ")"));
                }
            }
            for (Object f : list(entry, "fields")) {
                String fieldName = (String) ((Map<String, Object>) f).get("name");
                if (!hasField(c, fieldName)) {
                    problems.add(where + ": " + name + " has no field " + fieldName);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void checkProxies(Path file) {
        Object json = read(file);
        if (!(json instanceof List<?> entries)) {
            if (json != null) {
                problems.add(file.getFileName() + ": expected a JSON array of proxy entries");
            }
            return;
        }
        for (Object o : entries) {
            checkedEntries++;
            List<Object> interfaces = o instanceof Map<?, ?> m ? (List<Object>) m.get("interfaces")
                    : o instanceof List<?> l ? (List<Object>) l : null;
            if (interfaces == null || interfaces.isEmpty()) {
                problems.add("proxy-config.json: entry without interfaces: " + o);
                continue;
            }
            for (Object i : interfaces) {
                Optional<Class<?>> c = load(String.valueOf(i));
                if (c.isEmpty()) {
                    problems.add("proxy-config.json: interface " + i + " does not exist");
                } else if (!c.get().isInterface()) {
                    problems.add("proxy-config.json: " + i + " is not an interface");
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void checkResources(Path file) {
        Object json = read(file);
        if (!(json instanceof Map<?, ?> root)) {
            if (json != null) {
                problems.add(file.getFileName() + ": expected a JSON object with \"resources\" and \"bundles\"");
            }
            return;
        }
        Object resources = root.get("resources");
        List<Object> includes = resources instanceof Map<?, ?> r ? list(r, "includes")
                : resources instanceof List<?> l ? (List<Object>) l : List.of();
        for (Object o : includes) {
            checkedEntries++;
            Map<String, Object> inc = (Map<String, Object>) o;
            if (inc.get("pattern") instanceof String p) {
                checkResourcePattern(p);
            } else if (inc.get("glob") instanceof String g) {
                checkResourcePattern(globToRegex(g));
            } else {
                problems.add("resource-config.json: include without \"pattern\" or \"glob\": " + o);
            }
        }
        for (Object o : list(root, "bundles")) {
            checkedEntries++;
            String name = String.valueOf(((Map<String, Object>) o).get("name"));
            String base = name.replace('.', '/');
            if (loader.getResource(base + ".properties") == null && load(name).isEmpty()) {
                problems.add("resource-config.json: bundle " + name + " does not exist (no " + base + ".properties)");
            }
        }
    }

    private void checkResourcePattern(String pattern) {
        String literal = literalOf(pattern);
        if (literal != null) {
            if (loader.getResource(literal) == null) {
                problems.add("resource-config.json: resource " + literal + " does not exist");
            }
            return;
        }
        Pattern p;
        try {
            p = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            problems.add("resource-config.json: pattern " + pattern + " is not a valid regex: " + e.getDescription());
            return;
        }
        if (classPathEntries().noneMatch(name -> p.matcher(name).matches())) {
            problems.add("resource-config.json: no resource on the class path matches " + pattern);
        }
    }

    /** {@code \Qa/b.txt\E} (how the tracing agent writes names) or a pattern without regex syntax. */
    static String literalOf(String pattern) {
        if (pattern.startsWith("\\Q") && pattern.endsWith("\\E") && pattern.indexOf("\\E") == pattern.length() - 2) {
            return pattern.substring(2, pattern.length() - 2);
        }
        return pattern.chars().anyMatch(ch -> "\\[](){}*+?^$|".indexOf(ch) >= 0) ? null : pattern;
    }

    static String globToRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char ch = glob.charAt(i);
            if (ch == '*') {
                boolean twice = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
                b.append(twice ? ".*" : "[^/]*");
                i += twice ? 1 : 0;
            } else {
                b.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return b.toString();
    }

    private static Stream<String> classPathEntries() {
        List<String> names = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            try {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> files = Files.walk(p)) {
                        files.filter(Files::isRegularFile)
                                .forEach(f -> names.add(p.relativize(f).toString().replace('\\', '/')));
                    }
                } else if (Files.isRegularFile(p)) {
                    try (ZipFile zip = new ZipFile(p.toFile())) {
                        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                            names.add(e.nextElement().getName());
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names.stream();
    }

    private Optional<Class<?>> load(String name) {
        String n = name;
        int dims = 0;
        while (n.endsWith("[]")) {
            n = n.substring(0, n.length() - 2);
            dims++;
        }
        try {
            Class<?> c = switch (n) {
                case "boolean" -> boolean.class;
                case "byte" -> byte.class;
                case "char" -> char.class;
                case "short" -> short.class;
                case "int" -> int.class;
                case "long" -> long.class;
                case "float" -> float.class;
                case "double" -> double.class;
                case "void" -> void.class;
                default -> Class.forName(n, false, loader);
            };
            for (int i = 0; i < dims; i++) {
                c = c.arrayType();
            }
            return Optional.of(c);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private boolean hasMethod(Class<?> c, String name, List<String> params) {
        if ("<init>".equals(name)) {
            return Arrays.stream(c.getDeclaredConstructors()).anyMatch(k -> matches(k.getParameterTypes(), params));
        }
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (Arrays.stream(k.getDeclaredMethods()).anyMatch(m -> m.getName().equals(name)
                    && matches(m.getParameterTypes(), params))) {
                return true;
            }
        }
        return Arrays.stream(c.getMethods()).anyMatch(m -> m.getName().equals(name) && matches(m.getParameterTypes(), params));
    }

    private boolean matches(Class<?>[] actual, List<String> wanted) {
        if (wanted == null) {
            return true; // name only
        }
        if (actual.length != wanted.size()) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            Optional<Class<?>> w = load(wanted.get(i));
            if (w.isEmpty() || !w.get().equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<?, ?> m, String key) {
        return m.get(key) instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static boolean hasField(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (Arrays.stream(k.getDeclaredFields()).map(Field::getName).anyMatch(name::equals)) {
                return true;
            }
        }
        return false;
    }

}
