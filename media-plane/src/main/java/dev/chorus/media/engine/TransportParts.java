package dev.chorus.media.engine;

import dev.chorus.media.dtls.DtlsServerSession;
import dev.chorus.media.ice.IceLiteAgent;

/** Makes the per-transport ICE agent and DTLS session from node-wide settings (credentials, certificate, executor). */
interface TransportParts {
    IceLiteAgent newIceAgent(IceLiteAgent.Listener listener);

    DtlsServerSession newDtlsSession(DtlsServerSession.Sender sender, DtlsServerSession.Listener listener);
}
