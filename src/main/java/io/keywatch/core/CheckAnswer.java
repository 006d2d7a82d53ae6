package io.keywatch.core;

import java.util.Optional;

/**
 * {@code CheckSoftDeviceEnv()}'s answer as BJCA's pages read it, with a remark when the reply was
 * not a plain true/false (e.g. it carried no value, which the pages read as false).
 *
 * @param ok     true only for {@code "true"} / {@code true}
 * @param remark why a false is false when the reply itself did not say so (system text, not translated)
 */
public record CheckAnswer(boolean ok, Optional<String> remark) {
}
