package dev.chorus.media.ice;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node-wide registry that tells the shared UDP and TCP endpoints which transport a packet belongs to.
 *
 * <p>Known tuples carry their registration, so the receive path needs no lookup here. A packet from an unknown
 * remote is admitted only if it is a Binding request whose USERNAME local part is a ufrag of a registered agent
 * and whose MESSAGE-INTEGRITY verifies with that agent's password; the endpoint then binds a new tuple to the
 * agent's handler. Tuples are also listed per agent (at most {@code maxTuplesPerAgent}; the one with the oldest
 * STUN activity is evicted), so {@link #unregister} is cheap. Thread-safe.
 */
public final class IceDemux {
    /** Default cap of tuples bound to one agent. */
    public static final int DEFAULT_MAX_TUPLES_PER_AGENT = 8;

    private static final Logger LOG = LoggerFactory.getLogger(IceDemux.class);

    private final int maxTuplesPerAgent;
    private final ConcurrentHashMap<String, IceRegistration> byUfrag = new ConcurrentHashMap<>();
    /** Guarded by this. */
    private final Map<IceLiteAgent, IceRegistration> byAgent = new IdentityHashMap<>();
    private final AtomicLong stunClock = new AtomicLong();

    public IceDemux() {
        this(DEFAULT_MAX_TUPLES_PER_AGENT);
    }

    public IceDemux(int maxTuplesPerAgent) {
        if (maxTuplesPerAgent < 1) {
            throw new IllegalArgumentException("maxTuplesPerAgent must be >= 1");
        }
        this.maxTuplesPerAgent = maxTuplesPerAgent;
    }

    /**
     * Indexes {@code agent} by its current ufrag. Call again after {@link IceLiteAgent#restart} to add the new
     * ufrag (the old one keeps working while the agent still accepts it).
     *
     * @throws IllegalStateException if the agent is registered with another handler, or its ufrag belongs to
     *                               another agent
     */
    public synchronized void register(IceLiteAgent agent, IcePacketHandler handler) {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(handler, "handler");
        IceRegistration reg = byAgent.get(agent);
        if (reg == null) {
            reg = new IceRegistration(agent, handler);
        } else if (reg.handler != handler) {
            throw new IllegalStateException("agent already registered with another handler");
        }
        String ufrag = agent.credentials().ufrag();
        IceRegistration owner = byUfrag.get(ufrag);
        if (owner != null && owner != reg) {
            throw new IllegalStateException("ufrag already registered by another agent: " + ufrag);
        }
        byAgent.put(agent, reg);
        // forget ufrags the agent no longer accepts (an earlier restart has completed)
        for (int i = reg.ufrags.size() - 1; i >= 0; i--) {
            String old = reg.ufrags.get(i);
            if (!old.equals(ufrag) && !agent.acceptsUfrag(old)) {
                byUfrag.remove(old, reg);
                reg.ufrags.remove(i);
            }
        }
        if (!reg.ufrags.contains(ufrag)) {
            reg.ufrags.add(ufrag);
        }
        byUfrag.put(ufrag, reg);
    }

    /** Drops all of the agent's ufrags and closes every tuple bound to it (without calling its handler). */
    public void unregister(IceLiteAgent agent) {
        IceRegistration reg;
        synchronized (this) {
            reg = byAgent.remove(agent);
            if (reg == null) {
                return;
            }
            reg.dead = true;
            for (String ufrag : reg.ufrags) {
                byUfrag.remove(ufrag, reg);
            }
            reg.ufrags.clear();
        }
        List<IceTuple> tuples;
        synchronized (reg) {
            tuples = new ArrayList<>(reg.tuples);
            reg.tuples.clear();
        }
        for (IceTuple t : tuples) {
            if (t.markClosed()) {
                t.release();
            }
        }
    }

    /** Number of tuples bound to {@code agent} (0 if unknown). */
    public int tupleCount(IceLiteAgent agent) {
        IceRegistration reg;
        synchronized (this) {
            reg = byAgent.get(agent);
        }
        if (reg == null) {
            return 0;
        }
        synchronized (reg) {
            return reg.tuples.size();
        }
    }

    /**
     * Decides about a packet from an unknown remote; fills {@code a.request} and, on {@link StunAdmission#ACCEPT},
     * {@code a.registration}. Never throws on malformed input.
     */
    int admit(byte[] b, int off, int len, StunAdmission a) {
        a.registration = null;
        StunRequest r = a.request;
        if (!Stun.parseBindingRequest(b, off, len, r) || !r.hasIntegrity) {
            return StunAdmission.DROP;
        }
        String ufrag = r.localUfrag();
        IceRegistration reg = ufrag == null ? null : byUfrag.get(ufrag);
        if (reg == null || reg.dead || !reg.agent.acceptsUfrag(ufrag)) {
            return StunAdmission.DROP;
        }
        if (r.hasFingerprint && !Stun.verifyFingerprint(b, off, len)) {
            return StunAdmission.DROP;
        }
        byte[] key = reg.agent.keyFor(ufrag);
        if (key == null) {
            return StunAdmission.DROP;
        }
        if (!Stun.verifyIntegrity(b, off, len, key)) {
            return StunAdmission.UNAUTHORIZED;
        }
        a.registration = reg;
        return StunAdmission.ACCEPT;
    }

    /**
     * Binds a new tuple to {@code reg}. Returns false (tuple untouched) if the agent was unregistered meanwhile.
     * If the agent is at its cap, the tuple with the oldest STUN activity is closed and its handler told.
     */
    boolean bind(IceRegistration reg, IceTuple tuple) {
        IceTuple victim = null;
        synchronized (reg) {
            if (reg.dead) {
                return false;
            }
            if (reg.tuples.size() >= maxTuplesPerAgent) {
                int oldest = 0;
                for (int i = 1; i < reg.tuples.size(); i++) {
                    if (reg.tuples.get(i).lastStunStamp < reg.tuples.get(oldest).lastStunStamp) {
                        oldest = i;
                    }
                }
                victim = reg.tuples.remove(oldest);
            }
            tuple.lastStunStamp = stunClock.incrementAndGet();
            tuple.registration = reg;
            reg.tuples.add(tuple);
        }
        if (victim != null && victim.markClosed()) {
            LOG.debug("evicting {} (cap {} tuples per agent)", victim, maxTuplesPerAgent);
            victim.release();
            notifyClosed(reg, victim);
        }
        return true;
    }

    /** An endpoint saw {@code tuple} die: unbinds it and tells its handler (once). */
    void tupleClosed(IceTuple tuple) {
        if (!tuple.markClosed()) {
            return;
        }
        tuple.release();
        IceRegistration reg = tuple.registration;
        if (reg == null) {
            return;
        }
        synchronized (reg) {
            reg.tuples.remove(tuple);
        }
        if (!reg.dead) {
            notifyClosed(reg, tuple);
        }
    }

    /** Records STUN activity on a bound tuple (called by endpoints for STUN packets only). */
    void touch(IceTuple tuple) {
        tuple.lastStunStamp = stunClock.incrementAndGet();
    }

    private static void notifyClosed(IceRegistration reg, IceTuple tuple) {
        try {
            reg.handler.onTupleClosed(tuple);
        } catch (RuntimeException e) {
            LOG.warn("onTupleClosed failed for {}", tuple, e);
        }
    }
}
