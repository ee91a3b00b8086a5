package dev.chorus.media.ice;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One remote path of a transport: a remote address on the shared UDP port, or one accepted ICE-TCP connection.
 * Tuples are created by the endpoints when a Binding request authenticates and are owned by {@link IceDemux}.
 *
 * <p>{@link #send} may be called by one sending thread plus occasional STUN responses from another; it never
 * blocks and never throws, returning false when the packet could not be queued.
 */
public abstract class IceTuple {
    private final InetSocketAddress remote;
    private final String protocol;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Set by {@link IceDemux#bind} once the tuple belongs to an agent; null before. */
    volatile IceRegistration registration;
    /** Recency stamp of the last STUN message, used to evict the stalest tuple. */
    volatile long lastStunStamp;

    protected IceTuple(InetSocketAddress remote, String protocol) {
        this.remote = Objects.requireNonNull(remote, "remote");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    /** The browser's address as seen by this node (the peer-reflexive address). */
    public final InetSocketAddress remote() {
        return remote;
    }

    /** {@code "udp"} or {@code "tcp"}. */
    public final String protocol() {
        return protocol;
    }

    /**
     * Sends one packet (for TCP: one RFC 4571 frame). Copies the bytes before returning, so the caller keeps
     * ownership of {@code buf}. Returns false if the tuple is closed, the input is out of range, or the packet
     * was dropped (socket buffer or pending-write cap full).
     */
    public abstract boolean send(byte[] buf, int off, int len);

    /** True once the tuple was closed (peer gone, evicted, unregistered, endpoint closed). */
    public final boolean isClosed() {
        return closed.get();
    }

    /** Marks the tuple closed; true only for the call that closed it. */
    protected final boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    /** Releases socket resources after {@link #markClosed()}; endpoints override it. Called once. */
    void release() {
    }

    @Override
    public String toString() {
        return protocol + ":" + remote;
    }
}
