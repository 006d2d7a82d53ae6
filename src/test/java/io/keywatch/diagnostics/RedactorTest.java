package io.keywatch.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"pin\":\"1234\"}|{\"pin\":\"***\"}",
        "{\"userPin\" : 1234, \"x\": 1}|{\"userPin\" : \"***\", \"x\": 1}",
        "PIN=123456 next|PIN=*** next",
        "password: hunter2|password: ***",
        "Password:hunter2, ok|Password:***, ok",
        "GET /x?user=a&pin=9911&y=1|GET /x?user=a&pin=***&y=1",
        "用户密码=abc123 完成|用户密码=*** 完成",
        "口令：778899|口令：***",
        "<pin>4321</pin>|<pin>***</pin>",
        "nurse.exe --password s3cret --user a|nurse.exe --password *** --user a",
        "[\"nurse.exe\", \"--pwd\", \"s3cret\"]|[\"nurse.exe\", \"--pwd\", \"***\"]",
        "[\"nurse.exe\", \"--passwd=s3cret\"]|[\"nurse.exe\", \"--passwd=***\"]",
        "db_passwd = 'a b c'|db_passwd = ***",
        "{\"SOPin\": [\"1\",\"2\"]}|{\"SOPin\": \"***\"}",
    })
    void pinLikeValuesAreMaskedAndTheRestKept(String in, String expected) {
        assertThat(Redactor.redact(in)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CheckSoftDeviceEnv returned false", "{\"certId\": \"UserKey/5303201812001784\"}",
        "serial=5303201812001784", "bridge: websocket"})
    void textWithoutPinLikeKeysIsUnchanged(String in) {
        assertThat(Redactor.redact(in)).isEqualTo(in);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"pin\":\"***\"}", "PIN=***"})
    void redactingTwiceChangesNothing(String in) {
        assertThat(Redactor.redact(Redactor.redact(in))).isEqualTo(in);
    }
}
