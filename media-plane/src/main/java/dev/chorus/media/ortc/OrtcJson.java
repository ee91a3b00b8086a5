package dev.chorus.media.ortc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Collection;
import java.util.Map;

/**
 * Holds the Jackson mapper configured for ORTC objects: unknown fields ignored, nulls omitted, and no lenient
 * coercion (a string {@code "96"} is not a payload type, {@code 96.5} is not an integer), so wrong types
 * become readable {@link OrtcException}s instead of silently accepted values.
 */
public final class OrtcJson {
    private static final ObjectMapper MAPPER = build();

    private OrtcJson() {
    }

    /** The shared, fully configured mapper. Thread-safe; callers must not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads and validates RTP capabilities (e.g. a device's {@code rtpCapabilities} from {@code join}); see
     * {@link CapabilitiesValidator} for the normalization applied.
     */
    public static RtpCapabilities readCapabilities(JsonNode node) throws OrtcException {
        return CapabilitiesValidator.validate(read(node, RtpCapabilities.class, "rtpCapabilities"));
    }

    /**
     * Reads RTP parameters (e.g. {@code produce}'s {@code rtpParameters}). Only types are checked here; run
     * {@link Ortc#validateRtpParameters} on the result.
     */
    public static RtpParameters readRtpParameters(JsonNode node) throws OrtcException {
        return read(node, RtpParameters.class, "rtpParameters");
    }

    /** The JSON tree of a record (null fields omitted), ready to embed in a protoo message. */
    public static JsonNode toJson(Object record) {
        return MAPPER.valueToTree(record);
    }

    private static <T> T read(JsonNode node, Class<T> type, String what) throws OrtcException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new OrtcException("missing " + what);
        }
        if (!node.isObject()) {
            throw new OrtcException("invalid " + what + ": expected an object");
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new OrtcException(describe(e, what), e);
        }
    }

    private static String describe(Exception e, String what) {
        if (!(e instanceof JsonMappingException jme)) {
            return "invalid " + what;
        }
        StringBuilder path = new StringBuilder(what);
        for (JsonMappingException.Reference r : jme.getPath()) {
            if (r.getFieldName() != null) {
                path.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        if (jme instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            return "invalid " + path + ": expected " + typeName(mie.getTargetType());
        }
        return "invalid " + path + ": malformed or out-of-range value";
    }

    private static String typeName(Class<?> t) {
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(t) || t == double.class) {
            return "a number";
        }
        if (t == String.class) {
            return "a string";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "a boolean";
        }
        if (Collection.class.isAssignableFrom(t) || t.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(t) || t.isRecord()) {
            return "an object";
        }
        return t.getSimpleName();
    }

    private static ObjectMapper build() {
        JsonMapper m = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                        JsonInclude.Include.NON_NULL))
                .build();
        m.coercionConfigDefaults()
                .setAcceptBlankAsEmpty(false)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Float)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }
}
