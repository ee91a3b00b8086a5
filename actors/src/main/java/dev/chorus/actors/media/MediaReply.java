package dev.chorus.actors.media;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.CborSerializable;
import dev.chorus.media.api.ConsumerInfo;
import dev.chorus.media.api.IceParameters;
import dev.chorus.media.api.PipeSpec;
import dev.chorus.media.api.ProducerInfo;
import dev.chorus.media.api.TransportInfo;

/**
 * The value of a {@link MediaOp}, as data that can cross nodes (Jackson CBOR): the MediaNode that ran the op may
 * live on another node than the entity that asked.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "reply")
@JsonSubTypes({
    @JsonSubTypes.Type(value = MediaReply.Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = MediaReply.Json.class, name = "json"),
    @JsonSubTypes.Type(value = MediaReply.Transport.class, name = "transport"),
    @JsonSubTypes.Type(value = MediaReply.Ice.class, name = "ice"),
    @JsonSubTypes.Type(value = MediaReply.Producer.class, name = "producer"),
    @JsonSubTypes.Type(value = MediaReply.Consumer.class, name = "consumer"),
    @JsonSubTypes.Type(value = MediaReply.Pipe.class, name = "pipe")
})
public sealed interface MediaReply extends CborSerializable {

    /** Done, nothing to return. */
    record Ack() implements MediaReply {
    }

    /** Router capabilities or stats, as JSON. */
    record Json(JsonNode value) implements MediaReply {
    }

    record Transport(TransportInfo info) implements MediaReply {
    }

    record Ice(IceParameters parameters) implements MediaReply {
    }

    record Producer(ProducerInfo info) implements MediaReply {
    }

    record Consumer(ConsumerInfo info) implements MediaReply {
    }

    record Pipe(PipeSpec spec) implements MediaReply {
    }

    MediaReply ACK = new Ack();
}
