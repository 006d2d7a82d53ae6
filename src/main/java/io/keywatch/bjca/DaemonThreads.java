package io.keywatch.bjca;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads, so a client's threads can be recognised (and never keep the JVM alive). */
final class DaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    DaemonThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    String prefix() {
        return prefix;
    }

    boolean owns(Thread thread) {
        return thread.getName().startsWith(prefix + "-");
    }
}
