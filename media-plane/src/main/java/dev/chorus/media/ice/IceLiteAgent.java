package dev.chorus.media.ice;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICE-lite, ICE-controlled agent of one transport (RFC 8445 §2.5, like mediasoup): it never sends checks, it
 * answers Binding requests, learns the browser's tuples from them, follows the browser's nominations and keeps
 * consent freshness (RFC 7675).
 *
 * <p>Used from one thread (the transport's worker). The credential queries {@link #credentials()},
 * {@link #acceptsUfrag} and {@link #keyFor} are thread-safe because the endpoints' receive threads use them to
 * admit new tuples; {@link #restart} is safe from any thread.
 */
public final class IceLiteAgent {
    /** Default consent timeout (mediasoup's {@code iceConsentTimeout} of 30 s). */
    public static final long DEFAULT_CONSENT_TIMEOUT_MS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(IceLiteAgent.class);
    private static final int MAX_TRACKED_TUPLES = 16;

    /** Told about selection and state changes, on the agent's thread. */
    public interface Listener {
        /** A different tuple is now the one to send on (never called with null). */
        void onSelectedTuple(IceTuple tuple);

        void onStateChange(IceState state);
    }

    private final Listener listener;
    private final long consentTimeoutMs;
    private final AtomicReference<Credentials> credentials;
    private final StunRequest request = new StunRequest();
    private final List<TupleState> tuples = new ArrayList<>();

    private TupleState selected;
    private IceState state = IceState.NEW;
    private int lastNomination = -1;
    private long lastNowMs;

    public IceLiteAgent(IceCredentials initial, Listener listener) {
        this(initial, listener, DEFAULT_CONSENT_TIMEOUT_MS);
    }

    public IceLiteAgent(IceCredentials initial, Listener listener, long consentTimeoutMs) {
        Objects.requireNonNull(initial, "initial");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (consentTimeoutMs <= 0) {
            throw new IllegalArgumentException("consentTimeoutMs must be > 0");
        }
        this.consentTimeoutMs = consentTimeoutMs;
        this.credentials = new AtomicReference<>(new Credentials(initial, null, false));
    }

    /** The current credentials (the ones to send to the browser). Thread-safe. */
    public IceCredentials credentials() {
        return credentials.get().current;
    }

    /**
     * True for the current ufrag, and for the previous one after a {@link #restart} until a valid request with
     * the new ufrag arrives. Thread-safe.
     */
    public boolean acceptsUfrag(String localUfrag) {
        return keyFor(localUfrag) != null;
    }

    /** Password bytes (MESSAGE-INTEGRITY key) for an accepted ufrag, else null. Do not modify. Thread-safe. */
    public byte[] keyFor(String localUfrag) {
        if (localUfrag == null) {
            return null;
        }
        Credentials c = credentials.get();
        if (localUfrag.equals(c.current.ufrag())) {
            return c.currentKey;
        }
        if (c.previous != null && localUfrag.equals(c.previous.ufrag())) {
            return c.previousKey;
        }
        return null;
    }

    /**
     * ICE restart: {@code next} becomes current; the credentials last in use stay accepted until the first valid
     * request with {@code next}. Re-register the agent with {@link IceDemux#register} afterwards. Returns
     * {@code next}. Thread-safe.
     */
    public IceCredentials restart(IceCredentials next) {
        Objects.requireNonNull(next, "next");
        while (true) {
            Credentials c = credentials.get();
            IceCredentials keep = c.currentUsed || c.previous == null ? c.current : c.previous;
            if (credentials.compareAndSet(c, new Credentials(next, keep, false))) {
                LOG.debug("ICE restart: new ufrag {}", next.ufrag());
                return next;
            }
        }
    }

    /**
     * Handles one STUN message received on {@code from}; the response is written into {@code scratch} (at least
     * {@link Stun#MAX_SUCCESS_SIZE} bytes, 256 recommended for error reasons) and sent via {@code from.send}.
     * Returns true only for a valid (authenticated, role-consistent) Binding request. Never throws on malformed
     * input. Does not take ownership of {@code buf}.
     */
    public boolean handleStun(IceTuple from, byte[] buf, int off, int len, long nowMs, byte[] scratch) {
        if (state == IceState.CLOSED || from == null || from.isClosed()
                || Stun.messageType(buf, off, len) != Stun.BINDING_REQUEST) {
            return false;
        }
        lastNowMs = nowMs;
        boolean parsed = Stun.parseBindingRequest(buf, off, len, request);
        if (request.hasFingerprint && !Stun.verifyFingerprint(buf, off, len)) {
            return false;
        }
        if (!parsed || request.username == null || !request.hasIntegrity) {
            respondError(from, 400, "Bad Request", null, scratch);
            return false;
        }
        String ufrag = request.localUfrag();
        byte[] key = keyFor(ufrag);
        if (key == null) {
            return false;
        }
        if (!Stun.verifyIntegrity(buf, off, len, key)) {
            respondError(from, 401, "Unauthorized", null, scratch);
            return false;
        }
        if (request.iceControlled) {
            respondError(from, 487, "Role Conflict", key, scratch);
            return false;
        }
        int n = Stun.writeBindingSuccess(scratch, 0, request.transactionId, from.remote(), key);
        if (n > 0) {
            from.send(scratch, 0, n);
        }
        confirm(ufrag);
        TupleState ts = track(from);
        ts.lastValidMs = nowMs;
        applyNomination(ts);
        return true;
    }

    /** The tuple media should be sent on, or null. */
    public IceTuple selectedTuple() {
        return selected == null ? null : selected.tuple;
    }

    public IceState state() {
        return state;
    }

    public long consentTimeoutMs() {
        return consentTimeoutMs;
    }

    /**
     * Consent freshness: if the selected tuple had no valid request for {@code consentTimeoutMs}, the state
     * becomes DISCONNECTED (listener told once). A later valid request restores it.
     */
    public void checkConsent(long nowMs) {
        lastNowMs = nowMs;
        if (selected != null && (state == IceState.CONNECTED || state == IceState.COMPLETED)
                && nowMs - selected.lastValidMs >= consentTimeoutMs) {
            LOG.debug("consent expired on {}", selected.tuple);
            setState(IceState.DISCONNECTED);
        }
    }

    /**
     * Forgets {@code t}. If it was selected, selects the most recently valid other tuple that still has consent
     * (as of the last time this agent saw), else goes DISCONNECTED.
     */
    public void onTupleClosed(IceTuple t) {
        int i = indexOf(t);
        if (i < 0) {
            return;
        }
        TupleState gone = tuples.remove(i);
        if (gone != selected || state == IceState.CLOSED) {
            return;
        }
        TupleState best = null;
        for (TupleState ts : tuples) {
            if (!ts.tuple.isClosed() && lastNowMs - ts.lastValidMs < consentTimeoutMs
                    && (best == null || ts.lastValidMs - best.lastValidMs > 0)) {
                best = ts;
            }
        }
        if (best != null) {
            select(best, best.nominated ? IceState.COMPLETED : IceState.CONNECTED);
        } else {
            selected = null;
            setState(IceState.DISCONNECTED);
        }
    }

    /** Final state; later requests are ignored. */
    public void close() {
        tuples.clear();
        selected = null;
        setState(IceState.CLOSED);
    }

    private void applyNomination(TupleState ts) {
        boolean nominate;
        if (request.nomination >= 0) {
            nominate = request.nomination > lastNomination;
            if (nominate) {
                lastNomination = request.nomination;
            }
        } else {
            nominate = request.useCandidate;
        }
        if (nominate) {
            ts.nominated = true;
            select(ts, IceState.COMPLETED);
        } else if (ts == selected) {
            setState(ts.nominated ? IceState.COMPLETED : IceState.CONNECTED);
        } else if (selected == null || state == IceState.DISCONNECTED) {
            select(ts, ts.nominated ? IceState.COMPLETED : IceState.CONNECTED);
        }
    }

    private void select(TupleState ts, IceState newState) {
        if (selected != ts) {
            selected = ts;
            LOG.debug("selected tuple {}", ts.tuple);
            listener.onSelectedTuple(ts.tuple);
        }
        setState(newState);
    }

    private void setState(IceState s) {
        if (state != s) {
            state = s;
            listener.onStateChange(s);
        }
    }

    /** A valid request with the current ufrag ends a restart: the previous credentials stop working. */
    private void confirm(String ufrag) {
        Credentials c = credentials.get();
        if (!ufrag.equals(c.current.ufrag()) || (c.currentUsed && c.previous == null)) {
            return;
        }
        if (credentials.compareAndSet(c, new Credentials(c.current, null, true)) && c.previous != null) {
            lastNomination = -1;
        }
    }

    private TupleState track(IceTuple t) {
        int i = indexOf(t);
        if (i >= 0) {
            return tuples.get(i);
        }
        if (tuples.size() >= MAX_TRACKED_TUPLES) {
            int victim = -1;
            for (int k = 0; k < tuples.size(); k++) {
                TupleState ts = tuples.get(k);
                if (ts != selected && (victim < 0 || ts.tuple.isClosed()
                        || ts.lastValidMs - tuples.get(victim).lastValidMs < 0)) {
                    victim = k;
                }
            }
            tuples.remove(victim);
        }
        TupleState ts = new TupleState(t);
        tuples.add(ts);
        return ts;
    }

    private int indexOf(IceTuple t) {
        for (int i = 0; i < tuples.size(); i++) {
            if (tuples.get(i).tuple == t) {
                return i;
            }
        }
        return -1;
    }

    private void respondError(IceTuple to, int code, String reason, byte[] key, byte[] scratch) {
        int n = Stun.writeBindingError(scratch, 0, request.transactionId, code, reason, key);
        if (n > 0) {
            to.send(scratch, 0, n);
        }
    }

    /** Per-tuple consent and nomination state. */
    private static final class TupleState {
        final IceTuple tuple;
        long lastValidMs;
        boolean nominated;

        TupleState(IceTuple tuple) {
            this.tuple = tuple;
        }
    }

    /** Immutable credential snapshot: current, the still-accepted previous one, and whether current was used. */
    private static final class Credentials {
        final IceCredentials current;
        final byte[] currentKey;
        final IceCredentials previous;
        final byte[] previousKey;
        final boolean currentUsed;

        Credentials(IceCredentials current, IceCredentials previous, boolean currentUsed) {
            this.current = current;
            this.currentKey = current.key();
            this.previous = previous;
            this.previousKey = previous == null ? null : previous.key();
            this.currentUsed = currentUsed;
        }
    }
}
