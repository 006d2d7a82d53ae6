/**
 * Key sources: noticing that a nurse's BJCA USB key arrived or left, and telling the watchdog.
 *
 * <h2>Wiring (one constructor call, start, close)</h2>
 * <pre>{@code
 * KeyCatalog catalog = KeyCatalog.defaults()
 *         .withConfigured(config.extraKeys(), messages, problem -> LOG.warn(problem)); // bad entries skipped
 * Watchdog watchdog = new Watchdog(env, scheduler, prompt, launcher,
 *         new Watchdog.Settings(policy, launchCommand, config.keySettle()));   // the settle window
 * KeyEvents keys = new KeyEvents(watchdog, UsbSources.forThisMachine(catalog, xtxClient));
 * keys.start();   // at start-up, after the watchdog exists
 * ...
 * keys.close();   // at shutdown, before the XtxClient and the scheduler are closed
 * }</pre>
 *
 * <h2>Shape</h2>
 * Each {@link io.keywatch.usb.KeySource} reports {@code PRESENT} / {@code ABSENT} / {@code UNKNOWN}
 * to a {@link io.keywatch.usb.KeySink}; {@link io.keywatch.usb.KeyEvents} forwards everything to
 * {@code Watchdog.keyChanged}, which debounces (leading edge, one trailing action per settle window,
 * final presence wins). There is deliberately no second debounce here.
 * <ul>
 *   <li>{@link io.keywatch.usb.WindowsDeviceNotifications}: Windows, {@code RegisterDeviceNotification}
 *       on a message-only window; VID/PID from the device path ({@link io.keywatch.usb.DevicePaths}).</li>
 *   <li>{@link io.keywatch.usb.LibUsbHotplug}: Linux/macOS, libusb hotplug via usb4java.</li>
 *   <li>{@link io.keywatch.usb.BjcaKeyEvents}: BJCA's {@code onUsbkeyChange} push, as {@code UNKNOWN}
 *       (the watchdog asks {@code GetDeviceCount} / {@code SOF_GetUserList}); counts for keys outside the catalog.</li>
 *   <li>{@link io.keywatch.usb.StartupScan}: one event at start: {@code PRESENT} when libusb lists a catalog
 *       key, otherwise {@code UNKNOWN} so the watchdog asks BJCA once.</li>
 * </ul>
 * USB sources report only devices in the {@link io.keywatch.usb.KeyCatalog}; a removal is {@code ABSENT}
 * once no catalog key the source knows of remains (keys attached before start are listed at start).
 * Known limit: Hengbao keys (matched by product string) are seen by libusb where the device can be
 * opened, not by the Windows device path; on Windows they are found through the BJCA push and the
 * startup scan's {@code UNKNOWN}.
 */
package io.keywatch.usb;
