package io.keywatch.platform;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.Shell32;
import com.sun.jna.platform.win32.ShellAPI;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinUser;
import com.sun.jna.ptr.IntByReference;
import io.keywatch.core.AssistantStarter;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts BJCA's assistant through the Windows shell with verb {@code runas}: Windows asks the person at
 * the PC to consent to administrator rights for that one program; KeyWatch keeps its own rights
 * ({@code asInvoker}). Thin on purpose: the parameters come from {@link ShellExecuteRequest}, the error
 * mapping from {@link #failure}; every native failure becomes an exception, never a crash. The
 * assistant's end is awaited on one daemon thread blocked in {@code WaitForSingleObject} (no polling).
 * Windows only; selected by {@link AssistantStarters}.
 */
public final class WindowsShellElevation implements AssistantStarter {
    private static final Logger LOG = LoggerFactory.getLogger(WindowsShellElevation.class);
    static final int ERROR_FILE_NOT_FOUND = 2;
    static final int ERROR_PATH_NOT_FOUND = 3;
    static final int ERROR_CANCELLED = 1223;
    static final int SEE_MASK_NOCLOSEPROCESS = 0x0000_0040;
    static final int SEE_MASK_NOASYNC = 0x0000_0100;
    static final int SEE_MASK_FLAG_NO_UI = 0x0000_0400;
    static final int COINIT_APARTMENTTHREADED = 0x2;
    static final int COINIT_DISABLE_OLE1DDE = 0x4;

    /** Windows' default is 1 MB; the COM and notification threads have 4 MB for the same third-party code. */
    static final long SHELL_STACK_BYTES = 4L * 1024 * 1024;

    private final String verb;

    public WindowsShellElevation() {
        this(ShellExecuteRequest.RUN_AS);
    }

    /** Another verb ({@code open}) only for the Windows test, which cannot answer a consent prompt. */
    WindowsShellElevation(String verb) {
        this.verb = verb;
    }

    @Override
    public Started start(List<String> command) throws Cancelled, IOException {
        ShellExecuteRequest req = ShellExecuteRequest.of(verb, command);
        // The shell may load third-party shell extensions into this call: they expect Windows' 1 MB stack
        // or more, and a fresh STA of their own, so the call runs on its own thread (as the COM and
        // notification threads do) and this one waits for it: the consent prompt is the person's to answer.
        CompletableFuture<WinNT.HANDLE> launched = new CompletableFuture<>();
        Thread shell = new Thread(null, () -> {
            try {
                launched.complete(execute(req));
            } catch (Throwable t) {
                launched.completeExceptionally(t);
            }
        }, "keywatch-shell-execute", SHELL_STACK_BYTES);
        shell.setDaemon(true);
        shell.start();
        WinNT.HANDLE process;
        try {
            process = launched.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the Windows shell started '" + req.file() + "'", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Cancelled c) {
                throw c;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("the Windows shell could not start '" + req.file() + "': " + e.getCause(),
                    e.getCause());
        }
        return awaitable(req, process);
    }

    /** ShellExecuteEx in an STA of its own; the process handle, or null when a running instance took over. */
    private WinNT.HANDLE execute(ShellExecuteRequest req) throws Cancelled, IOException {
        WinNT.HANDLE process;
        boolean comHere = false;
        try {
            // ShellExecuteEx may hand over to shell extensions: Microsoft asks for COM (STA, no OLE1 DDE) first.
            WinNT.HRESULT hr = com.sun.jna.platform.win32.Ole32.INSTANCE.CoInitializeEx(null,
                    COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
            comHere = hr.intValue() == 0 || hr.intValue() == 1; // S_OK, S_FALSE: this call must be undone
            ShellAPI.SHELLEXECUTEINFO info = new ShellAPI.SHELLEXECUTEINFO();
            info.cbSize = info.size();
            info.fMask = SEE_MASK_NOCLOSEPROCESS | SEE_MASK_NOASYNC | SEE_MASK_FLAG_NO_UI;
            info.lpVerb = req.verb();
            info.lpFile = req.file();
            info.lpParameters = req.parameters().isEmpty() ? null : req.parameters();
            info.lpDirectory = req.directory().isEmpty() ? null : req.directory();
            info.nShow = WinUser.SW_SHOWNORMAL;
            if (!Shell32.INSTANCE.ShellExecuteEx(info)) {
                int code = Native.getLastError();
                Exception e = failure(code, req.file(), describe(code));
                if (e instanceof Cancelled c) {
                    throw c;
                }
                throw (IOException) e;
            }
            process = info.hProcess;
        } catch (LinkageError | RuntimeException e) {
            throw new IOException("the Windows shell could not start '" + req.file() + "': " + e, e);
        } finally {
            if (comHere) {
                try {
                    com.sun.jna.platform.win32.Ole32.INSTANCE.CoUninitialize();
                } catch (LinkageError | RuntimeException e) {
                    LOG.debug("CoUninitialize: {}", e.toString());
                }
            }
        }
        return process;
    }

    private static Started awaitable(ShellExecuteRequest req, WinNT.HANDLE process) {
        LOG.info("BJCA's assistant started through the shell ({}): {}", req.verb(), req.file());
        CompletableFuture<OptionalInt> exit = new CompletableFuture<>();
        if (process == null) {
            LOG.info("the shell gave no process handle (a running instance took over): its end cannot be seen");
            return () -> exit;
        }
        Thread waiter = new Thread(() -> exit.complete(awaitEnd(process)), "bjca-assistant-exit");
        waiter.setDaemon(true);
        waiter.start();
        return () -> exit;
    }

    private static OptionalInt awaitEnd(WinNT.HANDLE process) {
        try {
            Kernel32.INSTANCE.WaitForSingleObject(process, WinBase.INFINITE);
            IntByReference code = new IntByReference();
            return Kernel32.INSTANCE.GetExitCodeProcess(process, code) ? OptionalInt.of(code.getValue())
                    : OptionalInt.empty();
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("cannot wait for BJCA's assistant: {}", e.toString());
            return OptionalInt.empty();
        } finally {
            try {
                Kernel32.INSTANCE.CloseHandle(process);
            } catch (LinkageError | RuntimeException e) {
                LOG.debug("cannot close the assistant's handle: {}", e.toString());
            }
        }
    }

    private static String describe(int code) {
        try {
            return Kernel32Util.formatMessage(code).trim();
        } catch (LinkageError | RuntimeException e) {
            return "";
        }
    }

    /** What a failed {@code ShellExecuteEx} means: the consent declined, the program missing, or else. */
    static Exception failure(int code, String program, String systemText) {
        String text = systemText == null || systemText.isBlank() ? "" : " (" + systemText + ")";
        return switch (code) {
            case ERROR_CANCELLED -> new Cancelled("the administrator prompt for '" + program + "' was declined");
            case ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND ->
                    new IOException("'" + program + "' was not found (error " + code + ")" + text);
            default -> new IOException("the Windows shell could not start '" + program + "': error " + code + text);
        };
    }
}
