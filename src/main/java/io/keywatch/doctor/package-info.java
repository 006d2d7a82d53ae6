/**
 * The doctor: one small class per cause of "未检测到Key" ({@code reference/no-key-causes.md}), each
 * behind {@link io.keywatch.doctor.DoctorCheck}, run all together by {@code keywatch doctor} and the
 * tray's "check the environment" window, and the key-related ones on every key insertion
 * ({@link io.keywatch.doctor.KeyCauses}). The first FAIL, else the first WARN, is the <em>cause</em>.
 * Words come from the {@code i18n/messages} bundles ({@code doctor.*}); BJCA is asked only read-only
 * questions, each bounded.
 */
package io.keywatch.doctor;
