package io.keywatch.bjca;

import io.keywatch.core.XtxClient;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Run in a child JVM by {@link ConnectionAndTlsTest}: a plain ws:// check through the auto probe. */
public final class PlainClientMain {
    private PlainClientMain() {
    }

    public static void main(String[] args) throws Exception {
        URI ws = URI.create(args[0]);
        try (XtxClient client = XtxClients.open("auto", ws, BjcaEndpoint.synctlFor(ws), Duration.ofSeconds(5), false,
                BjcaSettings.defaults(), Optional.of(URI.create(args[1])), Optional.empty())) {
            System.out.println("bridge=" + client.bridge() + " ok=" + client.checkSoftDeviceEnv());
        }
    }
}
