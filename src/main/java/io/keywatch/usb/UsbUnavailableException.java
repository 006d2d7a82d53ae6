package io.keywatch.usb;

/** libusb cannot be used on this machine: the message says why, in one line for the log. */
public final class UsbUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsbUnavailableException(String message) {
        super(message);
    }

    public UsbUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
