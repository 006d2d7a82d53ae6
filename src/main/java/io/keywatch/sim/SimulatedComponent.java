package io.keywatch.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated BJCA component itself, without any transport: the keys that are plugged in, the
 * softkey db, the last error, and one handler per BJCA function. {@link BjcaSimulator} feeds it the
 * requests of both transports; what the component answers is a plain Java value (string, number,
 * boolean), and how that value is spelled on the wire is the service's business ({@link SimulatedService}).
 *
 * <p>To add a function, {@link #register} a handler (or replace one): handlers run under the
 * component's lock, one at a time, so they may read and change its state freely. Thread-safe.
 */
public final class SimulatedComponent {
    /** What {@code SOF_GetVersion} answers by default. */
    public static final String VERSION = "3.4.1.0-sim";
    /** {@code SOF_GetLastError} after a failed {@code CheckSoftDeviceEnv} (the real code is not public). */
    public static final int ERR_SOFTKEY_DB = 0x0A00_0001;
    /** {@code SOF_GetLastError} after {@code GetDeviceInfo} for an unknown serial or type. */
    public static final int ERR_NO_DEVICE = 0x0A00_0002;
    /** The container part of every simulated certID ({@code UserKey/<serial>}). */
    public static final String CONTAINER = "UserKey";

    /** One BJCA function. Runs under the component's lock. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param params the request's parameters in order (strings, numbers or booleans as sent)
         * @return the value: a String, Number or Boolean
         * @throws IllegalArgumentException the service answers with an {@code error} field
         */
        Object call(List<Object> params);
    }

    /** A key that is plugged in: one certificate {@code user||UserKey/serial}. */
    public record Key(String user, String serial) {
        public Key {
            if (user.contains("||") || user.contains("&&&") || serial.contains(";") || serial.contains("&&&")
                    || serial.contains("/")) {
                throw new IllegalArgumentException("key user and serial must not contain BJCA separators (||, &&&, ;, /)");
            }
        }

        /** The certID BJCA lists for this key: {@code container/serial}. */
        public String certId() {
            return CONTAINER + "/" + serial;
        }
    }

    private final Path bjcaFolder;
    private final String machineId;
    private final AtomicInteger checkCalls = new AtomicInteger();
    private final Map<String, AtomicInteger> callsByFunction = new ConcurrentHashMap<>();
    private final SimulatedCertificates certificates;

    // Guarded by this:
    private final Map<String, Handler> handlers = new LinkedHashMap<>();
    private final List<Key> keys = new ArrayList<>();
    private String version = VERSION;
    private int lastError;
    private String lastErrMsg = "";
    private DbRebuild rebuild = DbRebuild.COMPONENT;

    /**
     * @param bjcaFolder the sandbox {@code LocalLow\BJCA} folder holding the db
     * @param machineId  the identity of "this PC": a db written by another id is rejected
     */
    public SimulatedComponent(Path bjcaFolder, String machineId) {
        this.bjcaFolder = Objects.requireNonNull(bjcaFolder, "bjcaFolder");
        this.machineId = SimulatedSoftkeyDb.requireMachineId(machineId);
        register("CheckSoftDeviceEnv", this::checkSoftDeviceEnv);
        register("SOF_GetVersion", p -> version);
        register("SOF_GetUserList", this::userList);
        register("GetDeviceCount", p -> keys.size());
        register("GetAllDeviceSN", this::allDeviceSerials);
        register("GetDeviceInfo", this::deviceInfo);
        register("EnableSoftDevice", p -> {
            setError(0, "");
            return true;
        });
        register("SOF_GetLastError", p -> lastError);
        register("SOF_GetLastErrMsg", p -> lastErrMsg);
        certificates = new SimulatedCertificates(this);
    }

    /** The keys' certificates and PIN state, and the USB view (the doctor's causes). */
    public SimulatedCertificates certificates() {
        return certificates;
    }

    /** Every function name a client has called so far (the read-only guard compares it with the allowed list). */
    public java.util.Set<String> calledFunctions() {
        return java.util.Set.copyOf(callsByFunction.keySet());
    }

    /** Adds or replaces the handler of {@code function}. */
    public synchronized void register(String function, Handler handler) {
        handlers.put(Objects.requireNonNull(function), Objects.requireNonNull(handler));
    }

    /**
     * Calls one function, as the service does for a request.
     *
     * @throws IllegalArgumentException for an unknown function or a handler's refusal (the service replies with {@code error})
     */
    public synchronized Object call(String function, List<Object> params) {
        callsByFunction.computeIfAbsent(function, f -> new AtomicInteger()).incrementAndGet();
        Handler handler = handlers.get(function);
        if (handler == null) {
            throw new IllegalArgumentException("unknown function: " + function);
        }
        return handler.call(List.copyOf(params.stream().map(p -> p == null ? "" : p).toList()));
    }

    public String machineId() {
        return machineId;
    }

    public Path bjcaFolder() {
        return bjcaFolder;
    }

    /** Where the db lives: {@code <bjcaFolder>/bjca_softkey.db}. */
    public Path dbFile() {
        return bjcaFolder.resolve(BjcaSimulator.DB_FILE_NAME);
    }

    /** How many times {@code CheckSoftDeviceEnv} was called. */
    public int checkCalls() {
        return checkCalls.get();
    }

    /** How many times {@code function} was called. */
    public int calls(String function) {
        AtomicInteger n = callsByFunction.get(function);
        return n == null ? 0 : n.get();
    }

    /** What {@code SOF_GetVersion} answers, e.g. {@code 2.14.0.0} for a service that wants the older request form. */
    public synchronized void version(String version) {
        this.version = Objects.requireNonNull(version);
    }

    public synchronized String version() {
        return version;
    }

    // --- keys ------------------------------------------------------------------------------------

    /** Exactly this key is plugged in (any other is pulled out). */
    public synchronized void insertKey(String user, String serial) {
        Key key = new Key(user, serial);
        keys.clear();
        keys.add(key);
    }

    /** One more key is plugged in (a second key, or a second certificate). */
    public synchronized void addKey(String user, String serial) {
        keys.add(new Key(user, serial));
    }

    /** Every key is pulled out. */
    public synchronized void removeKey() {
        keys.clear();
    }

    public synchronized List<Key> keys() {
        return List.copyOf(keys);
    }

    /** The key whose serial or certID is {@code serialOrCertId}, as {@code GetDeviceInfo} accepts either. */
    public synchronized Optional<Key> key(String serialOrCertId) {
        return keys.stream().filter(k -> k.serial().equals(serialOrCertId) || k.certId().equals(serialOrCertId))
                .findFirst();
    }

    /** Who recreates a missing db: this component on the next check (default), or only the assistant. */
    public synchronized void rebuild(DbRebuild who) {
        rebuild = Objects.requireNonNull(who);
    }

    /** Sets what {@code SOF_GetLastError} / {@code SOF_GetLastErrMsg} report next. Caller holds the lock or not. */
    public synchronized void setError(int code, String message) {
        lastError = code;
        lastErrMsg = message;
    }

    // --- the functions ---------------------------------------------------------------------------

    private Object checkSoftDeviceEnv(List<Object> params) {
        checkCalls.incrementAndGet();
        SimulatedSoftkeyDb.Outcome outcome = SimulatedSoftkeyDb.check(dbFile(), machineId, rebuild);
        setError(outcome.ok() ? 0 : ERR_SOFTKEY_DB, outcome.problem());
        return outcome.ok();
    }

    private Object userList(List<Object> params) {
        StringBuilder list = new StringBuilder();
        for (Key k : keys) {
            list.append(k.user()).append("||").append(k.certId()).append("&&&");
        }
        return list.toString();
    }

    private Object allDeviceSerials(List<Object> params) {
        StringBuilder list = new StringBuilder();
        for (Key k : keys) {
            list.append(k.serial()).append(';');
        }
        return list.toString();
    }

    /** {@code GetDeviceInfo(serial or certID, type)}, as the scripts call it with either. */
    private Object deviceInfo(List<Object> params) {
        String id = param(params, 0);
        String type = param(params, 1).trim();
        Optional<Key> key = key(id);
        if (key.isEmpty()) {
            setError(ERR_NO_DEVICE, "no device with serial or certID " + id);
            return "";
        }
        String info = switch (type) {
            case "1" -> "BJCA SIM KEY";
            case "3" -> key.get().serial();
            case "4" -> "SM2";
            case "7" -> "HARD";
            case "8" -> "SimGM3000.dll";
            default -> null;
        };
        if (info == null) {
            setError(ERR_NO_DEVICE, "unknown device info type " + type);
            return "";
        }
        setError(0, "");
        return info;
    }

    /** Parameter {@code index} as text, empty when missing. */
    public static String param(List<Object> params, int index) {
        return index < params.size() && params.get(index) != null ? String.valueOf(params.get(index)) : "";
    }
}
