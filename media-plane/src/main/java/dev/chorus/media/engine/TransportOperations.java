package dev.chorus.media.engine;

import static dev.chorus.media.engine.WorkerCalls.failed;
import static dev.chorus.media.engine.WorkerCalls.on;

import dev.chorus.media.api.IceParameters;
import dev.chorus.media.api.MediaException;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.dtls.DtlsCertificate;
import dev.chorus.media.dtls.DtlsFingerprint;
import dev.chorus.media.dtls.DtlsServerSession;
import dev.chorus.media.ice.IceCredentials;
import dev.chorus.media.ice.IceDemux;
import dev.chorus.media.ice.IceLiteAgent;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;

/**
 * WebRTC transport operations of the media plane: create one in a router (with its ICE-lite agent, DTLS server
 * session and host candidates), take the browser's DTLS fingerprint, restart ICE, close. Checked on the caller's
 * thread, applied on the router's worker.
 */
final class TransportOperations {
    private final MediaPlaneImpl plane;
    private final MediaPlaneConfig config;
    private final Map<String, Router> routers;
    private final Map<String, WebRtcTransport> transports;
    private final IceDemux demux;
    private final DtlsCertificate certificate;
    private final SecureRandom random;
    private final ExecutorService dtlsExecutor;
    /** The ports put into ICE candidates (the announced ones, or the bound ones; tcp -1: none). */
    private final int udpPort;
    private final int tcpPort;

    TransportOperations(MediaPlaneImpl plane, MediaPlaneConfig config, Map<String, Router> routers,
                        Map<String, WebRtcTransport> transports, IceDemux demux, DtlsCertificate certificate,
                        SecureRandom random, ExecutorService dtlsExecutor, int udpPort, int tcpPort) {
        this.plane = plane;
        this.config = config;
        this.routers = routers;
        this.transports = transports;
        this.demux = demux;
        this.certificate = certificate;
        this.random = random;
        this.dtlsExecutor = dtlsExecutor;
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
    }

    CompletionStage<TransportInfo> create(String routerId, String transportId, TransportOptions options) {
        Router r = routers.get(routerId);
        if (r == null) {
            return failed(404, "router " + routerId + " not found");
        }
        if (transports.containsKey(transportId)) {
            return failed(409, "transport " + transportId + " already exists");
        }
        return on(r.worker, () -> {
            if (r.closed) {
                throw new MediaException(404, "router " + routerId + " closed");
            }
            WebRtcTransport t = new WebRtcTransport(transportId, options.ownerTag(), r, plane, parts());
            transports.put(transportId, t);
            r.transports.add(t);
            demux.register(t.ice, t);
            IceCredentials cred = t.ice.credentials();
            return new TransportInfo(transportId, new IceParameters(cred.ufrag(), cred.password(), true),
                    HostCandidates.of(config.announcedIp(), udpPort, tcpPort,
                            options.forceTcp()), certificate.fingerprints());
        });
    }

    private TransportParts parts() {
        return new TransportParts() {
            @Override
            public IceLiteAgent newIceAgent(IceLiteAgent.Listener l) {
                return new IceLiteAgent(IceCredentials.random(random), l, config.consentTimeoutMs());
            }

            @Override
            public DtlsServerSession newDtlsSession(DtlsServerSession.Sender s, DtlsServerSession.Listener l) {
                return new DtlsServerSession(certificate, dtlsExecutor, s, l, 30_000);
            }
        };
    }

    /** Stores the browser's DTLS fingerprint; the handshake is checked against it. */
    CompletionStage<Void> connect(String transportId, DtlsFingerprint remoteFingerprint) {
        WebRtcTransport t = transports.get(transportId);
        if (t == null) {
            return failed(404, "transport " + transportId + " not found");
        }
        if (remoteFingerprint == null || remoteFingerprint.algorithm() == null || remoteFingerprint.value() == null) {
            return failed(400, "missing DTLS fingerprint");
        }
        return on(t.worker, () -> {
            if (t.connectCalled) {
                throw new MediaException(409, "connect() already called");
            }
            t.connectCalled = true;
            t.dtls.setRemoteFingerprint(remoteFingerprint);
            return null;
        });
    }

    CompletionStage<IceParameters> restartIce(String transportId) {
        WebRtcTransport t = transports.get(transportId);
        if (t == null) {
            return failed(404, "transport " + transportId + " not found");
        }
        return on(t.worker, () -> {
            IceCredentials next = t.ice.restart(IceCredentials.random(random));
            demux.register(t.ice, t);
            return new IceParameters(next.ufrag(), next.password(), true);
        });
    }

    CompletionStage<Void> close(String transportId) {
        WebRtcTransport t = transports.get(transportId);
        if (t == null) {
            return CompletableFuture.completedFuture(null);
        }
        return on(t.worker, () -> {
            t.close("closed by control plane", false);
            return null;
        });
    }
}
