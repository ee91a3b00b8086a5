package dev.chorus.media.srtp;

import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes jitsi-srtp's logging interface to SLF4J, so the library logs like the rest of Chorus. Levels are
 * controlled by the SLF4J backend; the JUL-style setters are ignored.
 */
final class Slf4jJitsiLogger implements org.jitsi.utils.logging2.Logger {
    private final Logger log;

    Slf4jJitsiLogger(String name) {
        this.log = LoggerFactory.getLogger(name);
    }

    @Override
    public org.jitsi.utils.logging2.Logger createChildLogger(String name, Map<String, String> context) {
        return new Slf4jJitsiLogger(name);
    }

    @Override
    public org.jitsi.utils.logging2.Logger createChildLogger(String name) {
        return new Slf4jJitsiLogger(name);
    }

    @Override
    public void setUseParentHandlers(boolean useParentHandlers) {
        // not applicable to SLF4J
    }

    @Override
    public void addHandler(Handler handler) {
        // not applicable to SLF4J
    }

    @Override
    public void removeHandler(Handler handler) {
        // not applicable to SLF4J
    }

    @Override
    public boolean isTraceEnabled() {
        return log.isTraceEnabled();
    }

    @Override
    public void trace(Object msg) {
        if (log.isTraceEnabled()) {
            log.trace(String.valueOf(msg));
        }
    }

    @Override
    public void trace(Supplier<String> msg) {
        if (log.isTraceEnabled()) {
            log.trace(msg.get());
        }
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public void debug(Object msg) {
        if (log.isDebugEnabled()) {
            log.debug(String.valueOf(msg));
        }
    }

    @Override
    public void debug(Supplier<String> msg) {
        if (log.isDebugEnabled()) {
            log.debug(msg.get());
        }
    }

    @Override
    public boolean isInfoEnabled() {
        return log.isInfoEnabled();
    }

    @Override
    public void info(Object msg) {
        if (log.isInfoEnabled()) {
            log.info(String.valueOf(msg));
        }
    }

    @Override
    public void info(Supplier<String> msg) {
        if (log.isInfoEnabled()) {
            log.info(msg.get());
        }
    }

    @Override
    public boolean isWarnEnabled() {
        return log.isWarnEnabled();
    }

    @Override
    public void warn(Object msg) {
        if (log.isWarnEnabled()) {
            log.warn(String.valueOf(msg));
        }
    }

    @Override
    public void warn(Supplier<String> msg) {
        if (log.isWarnEnabled()) {
            log.warn(msg.get());
        }
    }

    @Override
    public void warn(Object msg, Throwable t) {
        log.warn(String.valueOf(msg), t);
    }

    @Override
    public void error(Object msg) {
        log.error(String.valueOf(msg));
    }

    @Override
    public void error(Supplier<String> msg) {
        if (log.isErrorEnabled()) {
            log.error(msg.get());
        }
    }

    @Override
    public void error(Object msg, Throwable t) {
        log.error(String.valueOf(msg), t);
    }

    @Override
    public void setLevelError() {
        // levels belong to the SLF4J backend
    }

    @Override
    public void setLevelWarn() {
        // levels belong to the SLF4J backend
    }

    @Override
    public void setLevelInfo() {
        // levels belong to the SLF4J backend
    }

    @Override
    public void setLevelDebug() {
        // levels belong to the SLF4J backend
    }

    @Override
    public void setLevelTrace() {
        // levels belong to the SLF4J backend
    }

    @Override
    public void setLevelAll() {
        // levels belong to the SLF4J backend
    }

    @Override
    public void setLevelOff() {
        // levels belong to the SLF4J backend
    }

    @Override
    public void setLevel(Level level) {
        // levels belong to the SLF4J backend
    }

    @Override
    public Level getLevel() {
        if (log.isTraceEnabled()) {
            return Level.FINEST;
        }
        if (log.isDebugEnabled()) {
            return Level.FINE;
        }
        if (log.isInfoEnabled()) {
            return Level.INFO;
        }
        if (log.isWarnEnabled()) {
            return Level.WARNING;
        }
        return Level.SEVERE;
    }

    @Override
    public void addContext(Map<String, String> addedContext) {
        // no per-logger context in this adapter
    }

    @Override
    public void addContext(String key, String value) {
        // no per-logger context in this adapter
    }
}
