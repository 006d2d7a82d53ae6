package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.framing.CloseFrame;
import org.junit.jupiter.api.Test;

/** Why a connection says it ended, for each way it can end, and its set-up; mostly without a network. */
class XtxConnectionEdgesTest {
    private static final URI URL = URI.create("ws://127.0.0.1:1/xtxapp/");

    /** Records what the connection reports. */
    static final class Recorder implements XtxConnection.Events {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public void opened(XtxConnection c) {
            seen.add("opened");
        }

        @Override
        public void received(XtxConnection c, String text) {
            seen.add("received " + text);
        }

        @Override
        public void ended(XtxConnection c, String why, boolean tooBig) {
            seen.add("ended " + why + (tooBig ? " [too big]" : ""));
            ended.countDown();
        }
    }

    private static XtxConnection connection(URI url, Recorder events) {
        return new XtxConnection(url, url, 5000, BjcaSettings.defaults(), events);
    }

    private static String endedWith(int code, String reason, boolean remote) {
        Recorder r = new Recorder();
        connection(URL, r).onClose(code, reason, remote);
        return r.seen.get(0);
    }

    @Test
    void theReasonNamesWhoClosedTheCodeAndAnyReasonGiven() {
        assertThat(endedWith(CloseFrame.NORMAL, "bye", true)).isEqualTo("ended closed by the service (code 1000, bye)");
        assertThat(endedWith(CloseFrame.GOING_AWAY, " ", false)).isEqualTo("ended closed (code 1001)");
        assertThat(endedWith(CloseFrame.GOING_AWAY, null, true)).isEqualTo("ended closed by the service (code 1001)");
        assertThat(endedWith(CloseFrame.NEVER_CONNECTED, null, false))
                .isEqualTo("ended closed before the WebSocket handshake completed");
        assertThat(endedWith(CloseFrame.NEVER_CONNECTED, "", false))
                .isEqualTo("ended closed before the WebSocket handshake completed");
        assertThat(endedWith(CloseFrame.NEVER_CONNECTED, "refused", false)).isEqualTo("ended closed (code -1, refused)");
    }

    @Test
    void aFrameOverTheCapIsTooBigOnlyWhenTheLibraryRefusedIt() {
        assertThat(endedWith(CloseFrame.TOOBIG, "too big", false))
                .isEqualTo("ended the service sent a frame over " + XtxProtocol.MAX_MESSAGE_BYTES + " bytes [too big]");
        assertThat(endedWith(CloseFrame.TOOBIG, "too big", true)).isEqualTo("ended closed by the service (code 1009, too big)");
    }

    @Test
    void theFirstErrorAndTheClientsOwnCutSpeakFirst() {
        Recorder r = new Recorder();
        XtxConnection c = connection(URL, r);
        c.onError(new IOException("Connection refused"));
        c.onError(new IOException("Broken pipe"));
        c.onClose(CloseFrame.ABNORMAL_CLOSE, "", false);
        assertThat(r.seen).containsExactly("ended IOException (Connection refused)");

        Recorder cut = new Recorder();
        XtxConnection d = connection(URL, cut);
        d.onError(new IOException("Connection reset"));
        d.abort("no answer to a ping within 5000 ms");
        d.onClose(CloseFrame.TOOBIG, "", false);
        assertThat(cut.seen).containsExactly("ended no answer to a ping within 5000 ms [too big]");
    }

    @Test
    void openAndReadyAreTwoSteps() {
        Recorder r = new Recorder();
        XtxConnection c = connection(URL, r);
        assertThat(c.wasOpen()).isFalse();
        assertThat(c.isReady()).isFalse();
        c.onOpen(null);
        c.onMessage("{}");
        assertThat(c.wasOpen()).isTrue();
        assertThat(c.isReady()).as("open, but SOF_GetVersion has not answered").isFalse();
        c.ready.complete(null);
        assertThat(c.isReady()).isTrue();
        assertThat(r.seen).containsExactly("opened", "received {}");

        XtxConnection failed = connection(URL, new Recorder());
        failed.ready.completeExceptionally(new IOException("x"));
        assertThat(failed.isReady()).isFalse();
    }

    @Test
    void theLibrarysOwnPingsAndNagleAreOffAndItsThreadsAreDaemons() {
        XtxConnection c = connection(URL, new Recorder());
        assertThat(c.getConnectionLostTimeout()).isZero();
        assertThat(c.isTcpNoDelay()).isTrue();
        assertThat(c.isDaemon()).isTrue();
    }

    @Test
    void aCleanCloseBeforeTheHandshakeCutsTheSocketAndTheReaderReportsTheEnd() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI url = URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/xtxapp/");
            Recorder r = new Recorder();
            XtxConnection c = connection(url, r);
            DaemonThreads threads = new DaemonThreads("kw-conn-test");
            c.start(threads);
            try (Socket accepted = silent.accept()) {
                // Connected, handshake unanswered: not open, so a clean close must fall back to cutting the socket.
                c.closeCleanly();
                assertThat(r.ended.await(20, TimeUnit.SECONDS)).as("the reader reported the end").isTrue();
                assertThat(threads.awaitEnd(t -> true, java.time.Duration.ofSeconds(20))).isTrue();
            }
            assertThat(r.seen).isNotEmpty().last().isEqualTo("ended the connection ended");
            assertThat(r.seen).doesNotContain("opened");
        }
    }
}
