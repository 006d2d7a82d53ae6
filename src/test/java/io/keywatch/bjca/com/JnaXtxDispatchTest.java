package io.keywatch.bjca.com;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.COM.COMUtils;
import com.sun.jna.platform.win32.COM.Dispatch;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.platform.win32.Ole32;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The connection-point proxy and the object's own calls never share one {@code Dispatch} wrapper:
 * jna-platform's {@code ProxyObject.dispose()} (from {@code disposeAll} or its finalizer) sets the
 * wrapper it holds to NULL after releasing it.
 */
class JnaXtxDispatchTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void theProxyGetsItsOwnWrapperOfTheSamePointer() {
        Pointer object = new Memory(16);
        Dispatch appWrapper = new Dispatch(object);
        Dispatch proxyWrapper = JnaXtxDispatch.proxyDispatch(object);

        assertThat(proxyWrapper).isNotSameAs(appWrapper);
        assertThat(proxyWrapper.getPointer()).isEqualTo(object);
        proxyWrapper.setPointer(Pointer.NULL); // what ProxyObject.dispose() does after its Release
        assertThat(appWrapper.getPointer()).as("the object's calls keep their pointer").isEqualTo(object);
    }

    /**
     * A stock COM class without connection points (as a BJCA build without _IXTXAppEvents): the failed
     * advise and later collections leave the object callable (an unknown name is a COM answer, not a
     * NullPointerException) and its release clean.
     */
    @Test
    @Tag("windows")
    @EnabledOnOs(OS.WINDOWS)
    void aFailedAdviseAndCollectionsLeaveTheObjectCallableAndReleasable() throws Exception {
        ApartmentThread a = ApartmentThread.start(new WindowsMessageLoop(), T);
        try {
            a.call(() -> {
                Guid.CLSID.ByReference clsid = new Guid.CLSID.ByReference();
                assertThat(COMUtils.SUCCEEDED(Ole32.INSTANCE.CLSIDFromProgID("Scripting.Dictionary", clsid))).isTrue();
                JnaXtxDispatch d = JnaXtxDispatch.create(clsid, "Scripting.Dictionary");
                assertThatThrownBy(() -> d.subscribe(() -> { })).isInstanceOf(ComCallException.class);
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    System.runFinalization();
                }
                assertThatThrownBy(() -> d.call(XtxFunction.SOF_GET_VERSION)).isInstanceOf(ComCallException.class);
                d.release();
                return null;
            }, T);
        } finally {
            a.stop();
            assertThat(a.awaitEnd(T)).isTrue();
        }
    }
}
