package dev.chorus.http.signaling;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.Logging;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.FrameEvent$;
import org.apache.pekko.http.impl.engine.ws.FrameStart;
import org.apache.pekko.http.impl.engine.ws.UpgradeToWebSocketLowLevel;
import org.apache.pekko.http.impl.engine.ws.WebSocket$;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;
import org.apache.pekko.stream.javadsl.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Closes signaling sockets with the protoo close code the session chose. Pekko HTTP's message API always closes a
 * WebSocket with 1000, but protoo-client reads the code: 4000 means "closed by the server, do not reconnect", any
 * other code makes it reconnect. So the socket is run on Pekko's own WebSocket stack (the same one
 * {@code handleMessagesWith} uses), and the close frame the stack sends when the session completes is rewritten to
 * carry the session's code and reason. Close frames echoing the client's own close are left alone.
 *
 * <p>This uses Pekko HTTP's internal frame API (public in bytecode, not covered by its compatibility promise); if
 * the upgrade is not the expected kind, the socket falls back to the message API and a 1000 close.
 */
final class CloseCodes {
    private static final Logger LOG = LoggerFactory.getLogger(CloseCodes.class);
    private static final byte CLOSE_OPCODE = 0x8;

    private CloseCodes() {
    }

    static HttpResponse handle(ActorSystem<?> system, WebSocketUpgrade upgrade, Flow<Message, Message, NotUsed> flow,
                               String subprotocol, AtomicReference<SignalingSession.Complete> closeWith) {
        if (!(upgrade instanceof UpgradeToWebSocketLowLevel low)) {
            LOG.warn("WebSocket upgrade of an unexpected kind ({}): close codes are not sent",
                    upgrade.getClass().getName());
            return upgrade.handleMessagesWith(flow, subprotocol);
        }
        var settings = ((ServerSettings) ServerSettings.apply(system.classicSystem())).websocketSettings();
        var stack = WebSocket$.MODULE$.stack(true, settings, WebSocket$.MODULE$.stack$default$3(),
                Logging.getLogger(system.classicSystem(), CloseCodes.class));
        // The Java message types are the Scala ones underneath.
        org.apache.pekko.stream.scaladsl.Flow<org.apache.pekko.http.scaladsl.model.ws.Message,
                org.apache.pekko.http.scaladsl.model.ws.Message, NotUsed> messages =
                Flow.<org.apache.pekko.http.scaladsl.model.ws.Message>create()
                        .map(m -> (Message) m)
                        .via(flow)
                        .map(m -> (org.apache.pekko.http.scaladsl.model.ws.Message) m.asScala())
                        .asScala();
        Flow<FrameEvent, FrameEvent, NotUsed> frames = Flow.fromGraph(stack.join(messages))
                .map(e -> rewrite(e, closeWith));
        @SuppressWarnings({"unchecked", "rawtypes"})
        org.apache.pekko.stream.Graph<org.apache.pekko.stream.FlowShape<FrameEvent, FrameEvent>, Object> graph =
                (org.apache.pekko.stream.Graph) frames;
        return (HttpResponse) low.handleFrames(graph, Option.apply(subprotocol));
    }

    private static FrameEvent rewrite(FrameEvent e, AtomicReference<SignalingSession.Complete> closeWith) {
        SignalingSession.Complete c = closeWith.get();
        if (c == null || !(e instanceof FrameStart f) || f.header().opcode().code() != CLOSE_OPCODE) {
            return e;
        }
        String reason = c.reason() == null ? "" : c.reason();
        if (reason.length() > 120) {
            reason = reason.substring(0, 120); // a close frame's payload is at most 125 bytes
        }
        return FrameEvent$.MODULE$.closeFrame(c.code(), reason, Option.empty());
    }
}
