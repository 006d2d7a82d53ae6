package io.keywatch.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
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
        // the word and its value
        "verify PIN 555555 ok|verify PIN *** ok",
        "the password is hunter2|the password is ***",
        "用户密码是汉字密码9，登录|用户密码是***，登录",
        "口令为 778899|口令为 ***",
        "PIN 码和密码均已删除|PIN 码和密码均已删除",
        "PIN retry count 5|PIN retry count 5",
        "密码错误，还剩 5 次|密码错误，还剩 5 次",
        // BJCA functions that take a PIN
        "call SOF_Login(UserKey/5303201812001784, 111111) = true|call SOF_Login(***) = true",
        "VerifyPIN(\"123456\")|VerifyPIN(***)",
        "SOF_ChangePassWd old 111111 new 222222|SOF_ChangePassWd ***",
        "UnlockUserPass(admin9, 654321)|UnlockUserPass(***)",
        "SOF_VerifyPin(UserKey/1, 8888|SOF_VerifyPin(***",
        "SOF_GetPinRetryCount(UserKey/1) = 3|SOF_GetPinRetryCount(UserKey/1) = 3",
        "{\"xtx_func_name\":\"SOF_Login\",\"param_1\":\"UserKey/1\",\"param_2\":\"123456\"}|{\"xtx_func_name\":\"SOF_Login\",\"param_1\":\"***\",\"param_2\":\"***\"}",
        "{\"func\":\"SOF_ChangePassWd\",\"param\":[\"UserKey/1\",\"111\",\"222\"]}|{\"func\":\"SOF_ChangePassWd\",\"param\":\"***\"}",
        "{\"func\":\"GetDeviceInfo\",\"param\":[\"SN1\",7]}|{\"func\":\"GetDeviceInfo\",\"param\":[\"SN1\",7]}",
        "{func=SOF_Login, param=[UserKey/1, 999]}|{func=SOF_Login, param=***}",
        // tokens, cookies, sessions
        "url ws://127.0.0.1/x?token=abcdef&a=1|url ws://127.0.0.1/x?token=***&a=1",
        "{\"token\":\"eyJhbGciOi\"}|{\"token\":\"***\"}",
        "Authorization: Bearer eyJhbGciOi.x.y|Authorization: ***",
        "sent Bearer eyJhbGciOi.x.y to|sent Bearer *** to",
        "Cookie: JSESSIONID=ABC123; lang=zh|Cookie: ***",
        "Set-Cookie: sid=1; Path=/|Set-Cookie: ***",
        "session JSESSIONID=ABC123DEF|session JSESSIONID=***",
        "{\"set-cookie\":\"JSESSIONID=1\"}|{\"set-cookie\":\"***\"}",
        // commands
        "[C:\\HIS\\nurse.exe, --token, abc123]|[C:\\HIS\\nurse.exe, --token, ***]",
        "nurse.exe --token=abc123 -p s3cret /p:geheim -pwd x9|nurse.exe --token=*** -p *** /p:*** -pwd ***",
        "[\"nurse.exe\", \"-p\", \"s3cret\", \"/p:x\"]|[\"nurse.exe\", \"-p\", \"***\", \"/p:***\"]",
        // JSON inside a JSON string
        "\"msg\": \"{\\\"pin\\\":\\\"9876\\\"}\"|\"msg\": \"{\\\"pin\\\":\\\"***\\\"}\"",
    })
    void secretsAreMaskedAndTheRestKept(String in, String expected) {
        assertThat(Redactor.redact(in)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CheckSoftDeviceEnv returned false", "{\"certId\": \"UserKey/5303201812001784\"}",
        "serial=5303201812001784", "bridge: websocket", "C:\\Users\\zhang\\AppData\\LocalLow\\BJCA\\bjca_softkey.db",
        "/home/nurse/.local/share/BJCA/bjca_softkey.db", "user 张三 key UserKey/5303201812001784",
        "PIN and password values are removed from every part; certificate ids and key serials may be present.",
        "所有部分中的 PIN 码和密码均已删除；可能包含证书编号和 Key 序列号。", "\"SOF_GetUserList\": {\"ok\": true}"})
    void harmlessTextIsUnchanged(String in) {
        assertThat(Redactor.redact(in)).isEqualTo(in);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"pin\":\"***\"}", "PIN=***", "SOF_Login(***)", "Cookie: ***", "--token ***",
        "PIN ***", "用户密码是***"})
    void redactingTwiceChangesNothing(String in) {
        assertThat(Redactor.redact(Redactor.redact(in))).isEqualTo(in);
    }
}
