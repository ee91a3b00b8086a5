package dev.chorus.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kubernetes manifests ({@code ops/deploy/kubernetes}) against the Kubernetes facts that decide whether they
 * work, and against the node's own configuration: kinds and names, ports and probes, environment variables,
 * seed nodes, selectors, and the security context. The JSON-schema check of every object is {@link DeployLintTest}.
 */
class DeployKubernetesTest {
    private static final Set<String> KINDS = Set.of("v1/Namespace", "v1/ConfigMap", "v1/Secret", "v1/Service",
            "apps/v1/StatefulSet", "policy/v1/PodDisruptionBudget", "networking.k8s.io/v1/Ingress");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    /** Pod fields the manifests pass in through the downward API, and the names they are passed under. */
    private static final Map<String, String> POD_FIELDS = Map.of("POD_NAME", "metadata.name",
            "POD_IP", "status.podIP", "NODE_IP", "status.hostIP");

    private static JsonNode statefulSet() {
        return DeployFiles.only("StatefulSet");
    }

    private static JsonNode podSpec() {
        return statefulSet().path("spec").path("template").path("spec");
    }

    private static JsonNode container() {
        JsonNode containers = podSpec().path("containers");
        assertEquals(1, containers.size(), "one container per pod");
        return containers.get(0);
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static void assertSelects(JsonNode matchLabels, String what) {
        Map<String, String> selector = labels(matchLabels);
        Map<String, String> pod = labels(statefulSet().path("spec").path("template").path("metadata").path("labels"));
        assertFalse(selector.isEmpty(), what + ": empty selector");
        selector.forEach((k, v) -> assertEquals(v, pod.get(k), what + ": selector " + k + "=" + v
                + " does not match the pod labels " + pod));
    }

    @Test
    void everyObjectIsAKnownKindWithAValidNameAndNoFixedNamespace() {
        List<JsonNode> objects = DeployFiles.objects();
        assertTrue(objects.size() >= 6, "expected the manifest set, found " + objects.size() + " objects");
        for (JsonNode o : objects) {
            String key = o.path("apiVersion").asText() + "/" + o.path("kind").asText();
            String name = o.path("metadata").path("name").asText();
            assertTrue(KINDS.contains(key), "unexpected apiVersion/kind " + key);
            assertTrue(DNS_LABEL.matcher(name).matches(), key + ": name '" + name + "' is not a DNS-1123 label");
            assertTrue(o.path("metadata").path("namespace").isMissingNode(),
                    key + " " + name + ": the namespace comes from kustomization.yaml, not from the object");
        }
    }

    @Test
    void kustomizationListsEveryManifestButTheExamples() {
        JsonNode k = DeployFiles.yamlDocuments(DeployFiles.KUBERNETES.resolve("kustomization.yaml")).get(0);
        assertEquals("kustomize.config.k8s.io/v1beta1", k.path("apiVersion").asText());
        assertEquals("Kustomization", k.path("kind").asText());
        Set<String> listed = new TreeSet<>();
        k.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> expected = new TreeSet<>();
        for (Path p : DeployFiles.manifests()) {
            String file = p.getFileName().toString();
            if (!file.endsWith(".example.yaml")) {
                expected.add(file);
            }
        }
        assertEquals(expected, listed);
        assertEquals(DeployFiles.only("Namespace").path("metadata").path("name").asText(),
                k.path("namespace").asText(), "kustomization namespace = the Namespace object");
    }

    @Test
    void containerPortsAreTheNodesDefaultPorts() {
        Map<String, DeployFiles.Port> declared = new LinkedHashMap<>();
        for (JsonNode p : container().path("ports")) {
            declared.put(p.path("name").asText(),
                    new DeployFiles.Port(p.path("containerPort").asInt(), p.path("protocol").asText("TCP")));
        }
        assertEquals(DeployFiles.defaultPorts(), declared);
    }

    /** Every Service port targets a named container port with the same protocol, on the same number. */
    @Test
    void servicePortsTargetNamedContainerPorts() {
        Map<String, DeployFiles.Port> ports = DeployFiles.defaultPorts();
        for (JsonNode svc : DeployFiles.objects()) {
            if (!"Service".equals(svc.path("kind").asText())) {
                continue;
            }
            String name = svc.path("metadata").path("name").asText();
            assertSelects(svc.path("spec").path("selector"), "Service " + name);
            for (JsonNode p : svc.path("spec").path("ports")) {
                DeployFiles.Port target = ports.get(p.path("targetPort").asText());
                assertTrue(target != null, name + ": targetPort " + p.path("targetPort") + " is not a container port");
                assertEquals(target.protocol(), p.path("protocol").asText("TCP"), name + " protocol");
                assertEquals(target.port(), p.path("port").asInt(), name + " port");
            }
        }
    }

    static Stream<Arguments> probes() {
        return Stream.of(Arguments.of("startupProbe", "startup"), Arguments.of("livenessProbe", "liveness"),
                Arguments.of("readinessProbe", "readiness"));
    }

    @ParameterizedTest
    @MethodSource("probes")
    void probesAskPekkoManagementOnItsPaths(String probe, String check) {
        JsonNode get = container().path(probe).path("httpGet");
        assertEquals("management", get.path("port").asText(), probe + " port");
        assertEquals(DeployFiles.healthPath(check), get.path("path").asText(), probe + " path");
    }

    /**
     * Every variable is one the node reads, a JVM option, or a pod field passed in for the others; a
     * {@code $(VAR)} reference names a variable defined before it (Kubernetes expands only those).
     */
    @Test
    void environmentUsesOnlySettingsTheNodeReads() {
        Set<String> known = DeployFiles.knownEnvNames();
        Set<String> defined = new HashSet<>();
        for (JsonNode e : container().path("env")) {
            String name = e.path("name").asText();
            assertTrue(defined.add(name), name + " is set twice");
            if (POD_FIELDS.containsKey(name)) {
                assertEquals(POD_FIELDS.get(name), e.path("valueFrom").path("fieldRef").path("fieldPath").asText(),
                        name);
            } else {
                assertTrue(known.contains(name) || DeployFiles.JVM_ENV.contains(name),
                        name + " is not read by the node (application.conf, reference.conf, logback.xml)");
            }
            Matcher ref = VAR_REF.matcher(e.path("value").asText());
            while (ref.find()) {
                assertTrue(defined.contains(ref.group(1)) && !ref.group(1).equals(name),
                        name + " refers to $(" + ref.group(1) + "), which is not defined before it");
            }
        }
        JsonNode config = DeployFiles.object("ConfigMap",
                container().path("envFrom").get(0).path("configMapRef").path("name").asText());
        config.path("data").fieldNames().forEachRemaining(key ->
                assertTrue(known.contains(key), "ConfigMap key " + key + " is not a setting of the node"));
        for (String file : List.of("statefulset.yaml", "configmap.yaml")) {
            for (String token : DeployFiles.chorusTokens(DeployFiles.read(DeployFiles.KUBERNETES.resolve(file)))) {
                assertTrue(known.contains(token), file + " mentions " + token + ", which the node does not read");
            }
        }
    }

    @Test
    void databaseSecretKeysExistInTheExampleSecret() {
        List<String> refs = new ArrayList<>();
        for (JsonNode e : container().path("env")) {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                JsonNode secret = DeployFiles.object("Secret", ref.path("name").asText());
                assertTrue(secret.path("stringData").has(ref.path("key").asText()),
                        e.path("name").asText() + ": key " + ref.path("key") + " not in the example Secret");
                assertFalse(ref.path("optional").asBoolean(false), "the database settings are not optional");
                refs.add(e.path("name").asText());
            }
        }
        assertEquals(List.of("CHORUS_DB_URL", "CHORUS_DB_USER", "CHORUS_DB_PASSWORD"), refs);
    }

    private static String env(String name) {
        for (JsonNode e : container().path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e.path("value").asText();
            }
        }
        return fail(name + " not set");
    }

    /**
     * The seed list names the StatefulSet's first pods in exactly the form each pod uses as its own cluster address
     * (Artery compares the strings), on the cluster port, through the headless Service that publishes not-ready
     * pods (a pod is ready only once it joined).
     */
    @Test
    void seedNodesAreStatefulSetPodsInTheirClusterAddressForm() {
        JsonNode sts = statefulSet();
        String stsName = sts.path("metadata").path("name").asText();
        JsonNode headless = DeployFiles.object("Service", sts.path("spec").path("serviceName").asText());
        assertEquals("None", headless.path("spec").path("clusterIP").asText());
        assertTrue(headless.path("spec").path("publishNotReadyAddresses").asBoolean());
        String hostForm = env("CHORUS_CLUSTER_HOST");
        assertTrue(hostForm.contains("$(POD_NAME)." + headless.path("metadata").path("name").asText()), hostForm);
        int clusterPort = DeployFiles.defaultPorts().get("cluster").port();
        String[] seeds = env("CHORUS_SEED_NODES").split(",");
        int replicas = sts.path("spec").path("replicas").asInt();
        assertTrue(seeds.length >= 1 && seeds.length <= replicas, "1.." + replicas + " seeds");
        for (int i = 0; i < seeds.length; i++) {
            String expected = hostForm.replace("$(POD_NAME)", stsName + "-" + i) + ":" + clusterPort;
            assertEquals(expected, seeds[i].trim(), "seed " + i);
        }
    }

    @Test
    void disruptionBudgetKeepsAMajorityOfTheStatefulSet() {
        JsonNode pdb = DeployFiles.only("PodDisruptionBudget");
        assertSelects(pdb.path("spec").path("selector").path("matchLabels"), "PodDisruptionBudget");
        assertSelects(statefulSet().path("spec").path("selector").path("matchLabels"), "StatefulSet selector");
        int replicas = statefulSet().path("spec").path("replicas").asInt();
        int maxUnavailable = pdb.path("spec").path("maxUnavailable").asInt(-1);
        assertTrue(maxUnavailable >= 1 && replicas - maxUnavailable > replicas / 2,
                "maxUnavailable " + maxUnavailable + " of " + replicas + " would let the majority go");
    }

    @Test
    void podRunsAsTheImagesUnprivilegedUser() {
        JsonNode pod = podSpec().path("securityContext");
        assertTrue(pod.path("runAsNonRoot").asBoolean(), "runAsNonRoot");
        int uid = pod.path("runAsUser").asInt(0);
        assertNotEquals(0, uid);
        assertEquals(DeployDockerfileTest.runtimeUid(), uid, "runAsUser = the image's USER");
        JsonNode c = container().path("securityContext");
        assertFalse(c.path("allowPrivilegeEscalation").asBoolean(true), "allowPrivilegeEscalation");
        assertEquals("ALL", c.path("capabilities").path("drop").path(0).asText());
        assertTrue(c.path("readOnlyRootFilesystem").asBoolean());
        // Writable despite the read-only root: JNA's native library unpacking and the Aeron driver's buffers.
        Set<String> volumes = new HashSet<>();
        podSpec().path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
        Set<String> mounted = new HashSet<>();
        for (JsonNode m : container().path("volumeMounts")) {
            assertTrue(volumes.contains(m.path("name").asText()), "mount of an undefined volume " + m);
            mounted.add(m.path("mountPath").asText());
        }
        assertTrue(mounted.containsAll(Set.of("/tmp", "/dev/shm")), "mounted: " + mounted);
    }

    @Test
    void hostNetworkPodsResolveClusterNamesAndNeverShareANode() {
        JsonNode spec = podSpec();
        assertFalse(spec.path("enableServiceLinks").asBoolean(true),
                "service links would set <SERVICE>_PORT variables that collide with CHORUS_*_PORT settings");
        if (spec.path("hostNetwork").asBoolean(false)) {
            assertEquals("ClusterFirstWithHostNet", spec.path("dnsPolicy").asText());
            JsonNode term = spec.path("affinity").path("podAntiAffinity")
                    .path("requiredDuringSchedulingIgnoredDuringExecution").path(0);
            assertEquals("kubernetes.io/hostname", term.path("topologyKey").asText());
            assertSelects(term.path("labelSelector").path("matchLabels"), "anti-affinity");
        }
    }

    @Test
    void resourcesAreSetAndMediaWorkersMatchTheCpuRequest() {
        JsonNode res = container().path("resources");
        for (String path : List.of("requests/cpu", "requests/memory", "limits/memory")) {
            String[] p = path.split("/");
            assertFalse(res.path(p[0]).path(p[1]).asText().isEmpty(), path + " not set");
        }
        JsonNode config = DeployFiles.only("ConfigMap");
        assertEquals(res.path("requests").path("cpu").asText(),
                config.path("data").path("CHORUS_MEDIA_WORKERS").asText(), "media workers = requested cores");
    }

    @Test
    void ingressExampleRoutesToTheSignalingServiceHttpPort() {
        JsonNode backend = DeployFiles.only("Ingress").path("spec").path("rules").path(0).path("http").path("paths")
                .path(0).path("backend").path("service");
        JsonNode svc = DeployFiles.object("Service", backend.path("name").asText());
        List<String> names = new ArrayList<>();
        svc.path("spec").path("ports").forEach(p -> names.add(p.path("name").asText()));
        assertTrue(names.contains(backend.path("port").path("name").asText()), "port " + backend.path("port"));
        assertEquals("http", backend.path("port").path("name").asText());
    }
}
