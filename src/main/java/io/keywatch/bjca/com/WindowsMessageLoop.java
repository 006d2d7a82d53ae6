package io.keywatch.bjca.com;

import com.sun.jna.platform.win32.COM.COMUtils;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Ole32;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinUser;

/**
 * A single-threaded COM apartment with a Win32 message loop. Work is announced by posting
 * {@code WM_APP} to the thread; everything else (COM's own window messages, connection-point
 * callbacks from BJCA) is translated and dispatched, which is what makes events arrive.
 */
final class WindowsMessageLoop implements ApartmentThread.MessageLoop {
    private static final int WM_APP_WAKE = 0x8000; // WM_APP: private to this thread, never sent by COM
    private static final int PM_NOREMOVE = 0;

    private volatile int threadId;
    private boolean comInitialised;

    @Override
    public void enter() throws ComCallException {
        WinNT.HRESULT hr = Ole32.INSTANCE.CoInitializeEx(null, Ole32.COINIT_APARTMENTTHREADED);
        if (COMUtils.FAILED(hr)) {
            throw new ComCallException(hr.intValue(), "CoInitializeEx(COINIT_APARTMENTTHREADED)");
        }
        comInitialised = true;
        // Calling PeekMessage once creates this thread's message queue, so PostThreadMessage cannot be lost.
        User32.INSTANCE.PeekMessage(new WinUser.MSG(), null, WinUser.WM_USER, WinUser.WM_USER, PM_NOREMOVE);
        threadId = Kernel32.INSTANCE.GetCurrentThreadId();
    }

    @Override
    public boolean pump() {
        WinUser.MSG msg = new WinUser.MSG();
        int got = User32.INSTANCE.GetMessage(msg, null, 0, 0);
        if (got == 0 || got == -1) {
            return false; // WM_QUIT, or the queue is unusable: end the apartment
        }
        if (msg.hWnd == null && msg.message == WM_APP_WAKE) {
            return true;
        }
        User32.INSTANCE.TranslateMessage(msg);
        User32.INSTANCE.DispatchMessage(msg);
        return true;
    }

    @Override
    public void wake() {
        int id = threadId;
        if (id != 0) {
            User32.INSTANCE.PostThreadMessage(id, WM_APP_WAKE, new WinDef.WPARAM(0), new WinDef.LPARAM(0));
        }
    }

    @Override
    public void leave() {
        if (comInitialised) {
            Ole32.INSTANCE.CoUninitialize();
        }
    }
}
