package dev.chorus.media.ice;

import java.util.ArrayList;
import java.util.List;

/** What {@link IceDemux} knows about one registered agent: its handler, ufrags and bound tuples. */
final class IceRegistration {
    final IceLiteAgent agent;
    final IcePacketHandler handler;
    /** Guarded by this. */
    final List<IceTuple> tuples = new ArrayList<>();
    /** Guarded by the demux. */
    final List<String> ufrags = new ArrayList<>(2);
    volatile boolean dead;

    IceRegistration(IceLiteAgent agent, IcePacketHandler handler) {
        this.agent = agent;
        this.handler = handler;
    }
}
