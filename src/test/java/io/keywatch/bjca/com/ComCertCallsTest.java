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
}
