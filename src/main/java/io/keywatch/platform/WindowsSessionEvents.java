package io.keywatch.platform;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinDef.HINSTANCE;
import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.platform.win32.WinDef.LPARAM;
import com.sun.jna.platform.win32.WinDef.LRESULT;
import com.sun.jna.platform.win32.WinDef.WPARAM;
import com.sun.jna.platform.win32.WinUser;
import com.sun.jna.platform.win32.Wtsapi32;
import io.keywatch.core.SessionEvents;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resume and unlock on Windows: a hidden window on its own thread (4 MB stack, as native message
 * loops want) receives {@code WM_POWERBROADCAST} and, registered with
 * {@code WTSRegisterSessionNotification(NOTIFY_FOR_THIS_SESSION)}, {@code WM_WTSSESSION_CHANGE};
 * {@link SessionMessages} decides which of them mean "check again".
 *
 * <p>A hidden top-level window, not a message-only one: Windows broadcasts {@code WM_POWERBROADCAST}
 * to top-level windows only. It is never shown and has no taskbar button. Its own window and thread,
 * apart from the USB notification window, so neither can hold up the other.
 *
 * <p>Fail-safe: when the window cannot be made, {@link #start} logs why and returns false; when only
 * the session registration fails (the session service not ready yet at an early login), resume is
 * still reported. Nothing native is touched before {@link #start}.
 */
public final class WindowsSessionEvents implements SessionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(WindowsSessionEvents.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int WS_EX_TOOLWINDOW = 0x00000080;
    static final long STACK_BYTES = 4L * 1024 * 1024;
    static final Duration START_TIMEOUT = Duration.ofSeconds(5);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final String className = "KeyWatchSessionWatcher" + INSTANCES.incrementAndGet();
    private final CompletableFuture<HWND> ready = new CompletableFuture<>();
    // Held in a field: JNA callbacks must stay reachable while Windows may call them.
    private final WinUser.WindowProc windowProc = this::windowProc;

    private volatile Consumer<Change> listener = c -> { };
    // Written under this object's lock; volatile so status() answers without waiting for a start.
    private volatile Thread thread;
    private volatile String failure;
    private volatile boolean closed;
    /** Set by the message thread: what part is missing although the window runs. */
    private volatile String partial;
    // Owned by the message thread:
    private boolean sessionRegistered;

    @Override
    public String name() {
        return "windows-session";
    }

    /**
     * NOT_STARTED before {@link #start} (and while it waits for the window), RUNNING with the window up
     * (its problem names a missing unlock registration), FAILED with the reason the window could not
     * be made, STOPPED once closed or when the message loop ended.
     */
    @Override
    public Status status() {
        Thread t = thread;
        if (t == null) {
            return Status.of(State.NOT_STARTED);
        }
        if (failure != null) {
            return Status.of(State.FAILED, failure);
        }
        if (closed || !t.isAlive()) {
            return Status.of(State.STOPPED, partial);
        }
        return ready.isDone() ? Status.of(State.RUNNING, partial) : Status.of(State.NOT_STARTED);
    }

    @Override
    public synchronized boolean start(Consumer<Change> listener) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        this.listener = listener;
        thread = new Thread(null, this::messageLoop, "keywatch-session-notifications", STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        try {
            ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            failure = String.valueOf(e.getCause());
            LOG.warn("no resume/unlock notifications (the icon is still re-checked on key and connection events): {}",
                    String.valueOf(e.getCause()));
            joinThread();
            return false;
        } catch (TimeoutException e) {
            failure = "the notification window was not ready within " + START_TIMEOUT.toMillis() + " ms";
            LOG.warn("resume/unlock notification window not ready within {}", START_TIMEOUT);
            close();
            return false;
        } catch (InterruptedException e) {
            failure = "interrupted while starting";
            Thread.currentThread().interrupt();
            close();
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        closed = true;
        HWND hwnd = ready.isDone() && !ready.isCompletedExceptionally() ? ready.join() : null;
        if (hwnd != null) {
            // DestroyWindow must run on the window's own thread: ask it to close itself.
            User32.INSTANCE.PostMessage(hwnd, WinUser.WM_CLOSE, new WPARAM(0), new LPARAM(0));
        } else {
            ready.cancel(false);
        }
        joinThread();
    }

    /** The window, once started (the Windows tests post messages to it). */
    Optional<HWND> window() {
        return ready.isDone() && !ready.isCompletedExceptionally() ? Optional.of(ready.join()) : Optional.empty();
    }

    /** True while the message thread runs (for the Windows tests). */
    synchronized boolean threadAlive() {
        return thread != null && thread.isAlive();
    }

    private void joinThread() {
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("session notification thread did not stop within {}", STOP_TIMEOUT);
        }
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
            // WS_EX_TOOLWINDOW: no taskbar button even if something showed it; WS_OVERLAPPED without WS_VISIBLE.
            Win32Results.clearLastError();
            hwnd = user32.CreateWindowEx(WS_EX_TOOLWINDOW, className, "KeyWatch session", WinUser.WS_OVERLAPPED,
                    0, 0, 0, 0, null, null, module, null);
            if (hwnd == null) {
                throw new IllegalStateException(Win32Results.failure("CreateWindowEx"));
            }
            Win32Results.clearLastError();
            sessionRegistered = Wtsapi32.INSTANCE.WTSRegisterSessionNotification(hwnd,
                    Wtsapi32.NOTIFY_FOR_THIS_SESSION);
            if (!sessionRegistered) {
                String failure = Win32Results.failure("WTSRegisterSessionNotification");
                partial = "unlock not noticed: " + failure + "; resume still noticed";
                LOG.warn("no unlock notifications: {}; resume still noticed", failure);
            }
            if (!ready.complete(hwnd)) {
                return; // start gave up waiting: do not run a loop nobody will close
            }
            LOG.debug("resume/unlock notifications running (session registration {})", sessionRegistered);
            WinUser.MSG msg = new WinUser.MSG();
            int got;
            while ((got = user32.GetMessage(msg, null, 0, 0)) > 0) {
                user32.TranslateMessage(msg);
                user32.DispatchMessage(msg);
            }
            if (got < 0) {
                String failure = Win32Results.failure("GetMessage");
                partial = "the message loop ended: " + failure;
                LOG.warn("session notification loop ended: {}", failure);
            }
        } catch (RuntimeException | LinkageError e) {
            ready.completeExceptionally(e);
        } finally {
            unregisterSession(hwnd);
            if (hwnd != null && user32 != null && user32.IsWindow(hwnd)) {
                user32.DestroyWindow(hwnd);
            }
            if (classRegistered && user32 != null) {
                user32.UnregisterClass(className, module);
            }
            LOG.debug("session notification thread ended");
        }
    }

    private void unregisterSession(HWND hwnd) {
        if (sessionRegistered && hwnd != null) {
            Wtsapi32.INSTANCE.WTSUnRegisterSessionNotification(hwnd);
            sessionRegistered = false;
        }
    }

    private LRESULT windowProc(HWND hwnd, int msg, WPARAM wParam, LPARAM lParam) {
        try {
            Optional<Change> change = SessionMessages.interpret(msg, wParam.longValue());
            if (change.isPresent()) {
                LOG.info("Windows says: {}", change.get() == Change.RESUMED ? "resumed from sleep" : "session unlocked");
                listener.accept(change.get());
            }
            switch (msg) {
                case SessionMessages.WM_POWERBROADCAST -> {
                    return new LRESULT(1); // TRUE: never veto a suspend
                }
                case WinUser.WM_CLOSE -> {
                    unregisterSession(hwnd);
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
            LOG.warn("session notification handling failed: {}", e.toString());
            return new LRESULT(0);
        }
    }
}
