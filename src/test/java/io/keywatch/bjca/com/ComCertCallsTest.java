package io.keywatch.bjca.com;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The COM bridge's certificate calls (what the doctor's key checks ask) reach BJCA's object with
 * their arguments and bring its answers back; and the dispatch ids the bridge falls back to.
 */
class ComCertCallsTest {
    private ComXtxClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
    }

    private ComXtxClientTest.FakeXtx fake;

    private ComXtxClient client() {
        client = new ComXtxClient(Duration.ofSeconds(2), ApartmentThread.JavaMessageLoop::new, () -> {
            ComXtxClientTest.FakeXtx f = new ComXtxClientTest.FakeXtx();
            f.answers.put(XtxFunction.SOF_GET_VERSION, a -> "3.2.1.0");
            f.answers.put(XtxFunction.SOF_EXPORT_USER_CERT, a -> "MIIB" + a[0]);
            f.answers.put(XtxFunction.SOF_GET_CERT_INFO, a -> "CN=张三;type " + a[1]);
            f.answers.put(XtxFunction.SOF_VALIDATE_CERT, a -> 0L);
            f.answers.put(XtxFunction.SOF_GET_PIN_RETRY_COUNT, a -> 7L);
            fake = f;
            return f;
        }, ComXtxClientTest::parseUsers, ComXtxClientTest::parseSerials);
        return client;
    }

    @Test
    void theCertificateCallsPassTheirArgumentsAndReturnBjcasAnswers() throws Exception {
        ComXtxClient c = client();
        assertThat(c.exportUserCert("UserKey/1")).isEqualTo("MIIBUserKey/1");
        assertThat(c.certInfo("MIIB", 17)).isEqualTo("CN=张三;type 17");
        assertThat(c.validateCert("MIIB")).isZero();
        assertThat(c.pinRetryCount("UserKey/1")).isEqualTo(7);
        assertThat(fake.calls).contains("SOF_ExportUserCert[UserKey/1]", "SOF_GetCertInfo[MIIB, 17]",
                "SOF_ValidateCert[MIIB]", "SOF_GetPinRetryCount[UserKey/1]");
    }

    @Test
    void aValidationCodeOtherThanZeroIsReturnedAsIs() throws Exception {
        ComXtxClient c = client();
        fake = null;
        c.version();
        assertThat(fake).isNotNull();
        fake.answers.put(XtxFunction.SOF_VALIDATE_CERT, a -> -2L);
        assertThat(c.validateCert("MIIB")).isEqualTo(-2);
    }

    @Test
    void functionsWithADispatchIdFromTheTypeLibraryHaveOneAndTheUserListIsByNameOnly() {
        assertThat(XtxFunction.CHECK_SOFT_DEVICE_ENV.hasDispId()).isTrue();
        assertThat(XtxFunction.CHECK_SOFT_DEVICE_ENV.dispId()).isEqualTo(99);
        assertThat(XtxFunction.SOF_EXPORT_USER_CERT.dispId()).isEqualTo(6);
        assertThat(XtxFunction.SOF_GET_USER_LIST.hasDispId()).isFalse();
    }

    private final java.util.List<java.util.concurrent.CountDownLatch> hangs = new java.util.ArrayList<>();

    @AfterEach
    void releaseHangs() {
        hangs.forEach(java.util.concurrent.CountDownLatch::countDown);
    }

    private static long liveApartments() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("keywatch-com-sta-") && t.isAlive()).count();
    }

    @Test
    void anObjectThatCannotBeCreatedLeavesNoApartmentThreadBehind() throws Exception {
        long before = liveApartments();
        client = new ComXtxClient(Duration.ofSeconds(2), ApartmentThread.JavaMessageLoop::new, () -> {
            throw new ComCallException(ComErrors.REGDB_E_CLASSNOTREG, "class not registered");
        }, ComXtxClientTest::parseUsers, ComXtxClientTest::parseSerials);
        org.assertj.core.api.Assertions.assertThatThrownBy(client::version)
                .isInstanceOfSatisfying(io.keywatch.core.XtxException.class,
                        e -> assertThat(e.getMessage()).contains("class not registered"));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (liveApartments() > before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(liveApartments()).as("the apartment is stopped").isEqualTo(before);
    }

    @Test
    void aCreationThatHangsTimesOutAndEnoughOfThemDisableTheBridge() throws Exception {
        java.util.concurrent.CountDownLatch hang = new java.util.concurrent.CountDownLatch(1);
        hangs.add(hang);
        client = new ComXtxClient(Duration.ofMillis(100), ApartmentThread.JavaMessageLoop::new, () -> {
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ComXtxClientTest.FakeXtx();
        }, ComXtxClientTest::parseUsers, ComXtxClientTest::parseSerials);
        for (int i = 0; i < ComXtxClient.MAX_HUNG_APARTMENTS; i++) {
            org.assertj.core.api.Assertions.assertThatThrownBy(client::version)
                    .isInstanceOfSatisfying(io.keywatch.core.XtxException.class, e -> {
                        assertThat(e.kind()).isEqualTo(io.keywatch.core.XtxException.Kind.TIMEOUT);
                        assertThat(e.getMessage()).isEqualTo("creating the BJCA COM object did not finish within 100 ms");
                    });
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(client::version)
                .isInstanceOfSatisfying(io.keywatch.core.XtxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(io.keywatch.core.XtxException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).startsWith("COM bridge disabled: BJCA hung "
                            + ComXtxClient.MAX_HUNG_APARTMENTS + " times (last: creating ");
                });
        long before = liveApartments();
        hang.countDown();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (liveApartments() > 0 && liveApartments() >= before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(liveApartments()).as("once the creations return, their apartments end").isLessThan(before);
    }

    @Test
    void anInterruptedCallIsUnavailableAndKeepsTheInterrupt() throws Exception {
        ComXtxClient c = client();
        assertThat(c.version()).isEqualTo("3.2.1.0"); // the apartment and object exist
        fake.answers.put(XtxFunction.SOF_VALIDATE_CERT, a -> {
            Thread.sleep(300); // still under way when the caller is interrupted
            return 0L;
        });
        Thread.currentThread().interrupt();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.validateCert("MIIB"))
                    .isInstanceOfSatisfying(io.keywatch.core.XtxException.class, e -> {
                        assertThat(e.kind()).isEqualTo(io.keywatch.core.XtxException.Kind.UNAVAILABLE);
                        assertThat(e.getMessage()).isEqualTo("SOF_ValidateCert interrupted");
                    });
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anInterruptWhileTheApartmentStartsIsUnavailableAndKeepsTheInterrupt() {
        ComXtxClient c = client();
        Thread.currentThread().interrupt();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(c::version)
                    .isInstanceOfSatisfying(io.keywatch.core.XtxException.class,
                            e -> assertThat(e.kind()).isEqualTo(io.keywatch.core.XtxException.Kind.UNAVAILABLE))
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
