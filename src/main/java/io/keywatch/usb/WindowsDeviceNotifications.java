package io.keywatch.usb;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.DBT;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinDef.HINSTANCE;
import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.platform.win32.WinDef.LPARAM;
import com.sun.jna.platform.win32.WinDef.LRESULT;
import com.sun.jna.platform.win32.WinDef.WPARAM;
import com.sun.jna.platform.win32.WinUser;
import io.keywatch.core.KeyPresence;
import io.keywatch.platform.Win32Results;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * USB arrival and removal on Windows: a hidden message-only window on its own thread, registered
 * with {@code RegisterDeviceNotification} for {@code GUID_DEVINTERFACE_USB_DEVICE}; each
 * {@code WM_DEVICECHANGE} ({@code DBT_DEVICEARRIVAL} / {@code DBT_DEVICEREMOVECOMPLETE}) carries the
 * device path, whose VID/PID decide whether it is a catalog key.
 *
 * <p>Compiles everywhere; nothing native is touched before {@link #start}, which only
 * {@link UsbSources} calls, and only on Windows. Keys attached before start are listed through
 * SetupAPI so their removal is judged right (the startup scan reports them); the decision logic
 * {@link #interpret} is pure and tested on Linux.
 */
public final class WindowsDeviceNotifications implements KeySource {
    private static final Logger LOG = LoggerFactory.getLogger(WindowsDeviceNotifications.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    static final Duration START_TIMEOUT = Duration.ofSeconds(5);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** Device-change broadcasts pass through USB filter drivers' hooks on this thread: Windows' 1 MB and more, not -Xss512k. */
    static final long STACK_SIZE = 4L * 1024 * 1024;

    private final KeyCatalog catalog;
    private final String className = "KeyWatchUsbWatcher" + INSTANCES.incrementAndGet();
    private final PresentKeys keys = new PresentKeys();
    private final CompletableFuture<HWND> ready = new CompletableFuture<>();
    // Held in a field: JNA callbacks must stay reachable while Windows may call them.
    private final WinUser.WindowProc windowProc = this::windowProc;

    private volatile KeySink sink = (p, s) -> { };
    private Thread thread;
    // Owned by the message thread:
    private WinUser.HDEVNOTIFY notification;

    public WindowsDeviceNotifications(KeyCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return "windows-usb";
    }

    @Override
    public synchronized void start(KeySink sink) throws Exception {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        this.sink = sink;
        thread = messageThread(this::messageLoop);
        thread.start();
        try {
            ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            joinThread();
            throw new IllegalStateException("device notifications unavailable: "
                    + KeyEvents.describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException("device notification window not ready within " + START_TIMEOUT);
        }
    }

    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        HWND hwnd = ready.isDone() && !ready.isCompletedExceptionally() ? ready.join() : null;
        if (hwnd != null) {
            // DestroyWindow must run on the window's own thread: ask it to close itself.
            User32.INSTANCE.PostMessage(hwnd, WinUser.WM_CLOSE, new WPARAM(0), new LPARAM(0));
        } else {
            ready.cancel(false); // a window made after this must close itself at once
        }
        joinThread();
    }

    /** The message thread, with its own stack size (tested on any OS). */
    static Thread messageThread(Runnable loop) {
        Thread t = new Thread(null, loop, "keywatch-usb-notifications", STACK_SIZE);
        t.setDaemon(true);
        return t;
    }

    private void joinThread() {
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("device notification thread did not stop within {}", STOP_TIMEOUT);
        }
    }

    /** True while the message thread runs (for the Windows tests). */
    synchronized boolean threadAlive() {
        return thread != null && thread.isAlive();
    }

    private void messageLoop() {
        User32 user32 = null;
        HINSTANCE module = null;
        boolean classRegistered = false;
        HWND hwnd = null;
        try {
            user32 = User32.INSTANCE;
            module = Kernel32.INSTANCE.GetModuleHandle(null);
            WinUser.WNDCLASSEX wc = new WinUser.WNDCLASSEX();
            wc.hInstance = module;
            wc.lpfnWndProc = windowProc;
            wc.lpszClassName = className;
            Win32Results.clearLastError();
            if (!Win32Results.registered(user32.RegisterClassEx(wc))) {
                throw new IllegalStateException(Win32Results.failure("RegisterClassEx"));
            }
            classRegistered = true;
            Win32Results.clearLastError();
            hwnd = user32.CreateWindowEx(0, className, "KeyWatch USB", 0, 0, 0, 0, 0, WinUser.HWND_MESSAGE,
                    null, module, null);
            if (hwnd == null) {
                throw new IllegalStateException(Win32Results.failure("CreateWindowEx"));
            }
            Win32Results.clearLastError();
            notification = user32.RegisterDeviceNotification(hwnd,
                    DeviceInterfaceFilter.forClass(DBT.GUID_DEVINTERFACE_USB_DEVICE), User32.DEVICE_NOTIFY_WINDOW_HANDLE);
            if (notification == null) {
                throw new IllegalStateException(Win32Results.failure("RegisterDeviceNotification"));
            }
            if (!ready.complete(hwnd)) {
                return; // start gave up waiting: do not run a loop nobody will close
            }
            // After start returns (SetupAPI can be slow at a busy login), before any message is handled.
            seedAttachedKeys();
            WinUser.MSG msg = new WinUser.MSG();
            int got;
            while ((got = user32.GetMessage(msg, null, 0, 0)) > 0) {
                user32.TranslateMessage(msg);
                user32.DispatchMessage(msg);
            }
            if (got < 0) {
                LOG.warn("device notification loop ended: {}", Win32Results.failure("GetMessage"));
            }
        } catch (RuntimeException | LinkageError e) {
            ready.completeExceptionally(e);
        } finally {
            unregisterNotification();
            if (hwnd != null && user32 != null && user32.IsWindow(hwnd)) {
                user32.DestroyWindow(hwnd);
            }
            if (classRegistered && user32 != null) {
                user32.UnregisterClass(className, module);
            }
            LOG.debug("device notification thread ended");
        }
    }

    /**
     * Registered first, listed second: a key plugged in between is both seeded and announced
     * (harmless). Runs on the message thread before its loop, so no message is judged without it.
     */
    private void seedAttachedKeys() {
        try {
            int before = keys.size();
            for (String path : AttachedInterfaces.list(DBT.GUID_DEVINTERFACE_USB_DEVICE)) {
                if (catalogLabel(path).isPresent()) {
                    keys.seed(path.toUpperCase(Locale.ROOT));
                }
            }
            LOG.debug("{} catalog key(s) attached before start", keys.size() - before);
        } catch (RuntimeException | LinkageError e) {
            // Only costs precision on removal (see interpret); arrivals are still reported.
            LOG.info("cannot list attached USB devices: {}", KeyEvents.describe(e));
        }
    }

    private Optional<String> catalogLabel(String path) {
        return DevicePaths.parse(path).flatMap(id -> catalog.match(id.vendorId(), id.productId(), null));
    }

    private void unregisterNotification() {
        if (notification != null) {
            User32.INSTANCE.UnregisterDeviceNotification(notification);
            notification = null;
        }
    }

    private LRESULT windowProc(HWND hwnd, int msg, WPARAM wParam, LPARAM lParam) {
        try {
            switch (msg) {
                case WinUser.WM_DEVICECHANGE -> {
                    onDeviceChange(wParam.longValue(), lParam.longValue());
                    return new LRESULT(1); // TRUE: never veto a query-remove
                }
                case WinUser.WM_CLOSE -> {
                    unregisterNotification();
                    User32.INSTANCE.DestroyWindow(hwnd);
                    return new LRESULT(0);
                }
                case WinUser.WM_DESTROY -> {
                    User32.INSTANCE.PostQuitMessage(0);
                    return new LRESULT(0);
                }
                default -> {
                    return User32.INSTANCE.DefWindowProc(hwnd, msg, wParam, lParam);
                }
            }
        } catch (RuntimeException e) {
            // An exception must not unwind through the native message dispatcher.
            LOG.warn("device notification handling failed: {}", KeyEvents.describe(e));
            return new LRESULT(0);
        }
    }

    private void onDeviceChange(long wParam, long lParam) {
        if (DeviceBroadcast.kindOf(wParam).isEmpty() || lParam == 0) {
            return;
        }
        Pointer p = new Pointer(lParam);
        byte[] bytes = p.getByteArray(0, DeviceBroadcast.bytesToRead(p.getInt(DeviceBroadcast.OFFSET_SIZE)));
        interpret(wParam, bytes).ifPresent(presence -> sink.keyEvent(presence, name()));
    }

    /**
     * What a {@code WM_DEVICECHANGE} means for keys; updates the set of keys present. Pure apart from
     * that set (message thread only), so it is unit-tested with hand-built broadcasts.
     */
    Optional<KeyPresence> interpret(long wParam, byte[] broadcast) {
        Optional<DeviceBroadcast.DeviceChange> change = DeviceBroadcast.decode(wParam, broadcast);
        if (change.isEmpty()) {
            return Optional.empty();
        }
        String path = change.get().devicePath();
        String deviceId = path.toUpperCase(Locale.ROOT);
        Optional<String> label = catalogLabel(path);
        if (change.get().kind() == DeviceBroadcast.Kind.ARRIVAL) {
            if (label.isEmpty()) {
                LOG.debug("USB device arrived, not in the key catalog: {}", path);
                return Optional.empty();
            }
            LOG.info("USB key arrived: {} ({})", label.get(), DevicePaths.parse(path).orElseThrow());
            return Optional.of(keys.arrived(deviceId));
        }
        Optional<KeyPresence> p = keys.left(deviceId, label.isPresent());
        p.ifPresent(x -> LOG.info("USB key removed: {}", path));
        return p;
    }
}
